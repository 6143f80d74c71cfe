#![expect(
    clippy::expect_used,
    reason = "a test suite: a failed expectation is a failed test"
)]

//! The API suite: every test runs on SQLite and on PostgreSQL against a real server over HTTP.

mod auth;
mod categories;
mod channels;
mod commands;
mod direct;
mod drafts;
mod emoji;
mod files;
mod permissions;
mod posts;
mod preferences;
mod reactions;
mod search;
mod status;
mod system;
mod teams;
mod threads;
mod unreads;
mod users;
mod websocket;
