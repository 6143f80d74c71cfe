#![expect(
    clippy::expect_used,
    reason = "a test suite: a failed expectation is a failed test"
)]

//! The API suite: every test runs on SQLite and on PostgreSQL against a real server over HTTP.

mod auth;
mod channels;
mod direct;
mod permissions;
mod system;
mod teams;
mod users;
