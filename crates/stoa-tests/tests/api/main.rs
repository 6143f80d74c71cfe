#![expect(
    clippy::expect_used,
    reason = "a test suite: a failed expectation is a failed test"
)]

//! The API suite: every test runs on SQLite and on PostgreSQL against a real server over HTTP.

mod actions;
mod auth;
mod authz;
mod bots;
mod categories;
mod channel_search;
mod channels;
mod commands;
mod direct;
mod drafts;
mod email;
mod emoji;
mod event_payloads;
mod files;
mod fuzz;
mod notifications;
mod oauth;
mod permissions;
mod posts;
mod preferences;
mod reactions;
mod reports;
mod roles;
mod routing;
mod search;
mod status;
mod system;
mod team_icons;
mod teams;
mod threads;
mod tokens;
mod unreads;
mod users;
mod webhooks;
mod webpush;
mod websocket;
