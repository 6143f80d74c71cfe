//! The test harness: a real `stoa` server on a free port, over a fresh SQLite file or a fresh
//! PostgreSQL database per test, and a small HTTP client that speaks to it as Mattermost clients
//! do.
//!
//! Every API test is an async function taking a [`TestServer`]; `api_test!(name)` runs it once on
//! SQLite (`sqlite::name`) and once on PostgreSQL (`postgres::name`). Without PostgreSQL the
//! second prints a notice and passes, unless `CI=true`, where it fails.

#![expect(
    clippy::expect_used,
    reason = "a test harness: failing loudly is its job"
)]

mod client;
mod fixtures;
pub mod memory;
pub mod messaging;
pub mod multipart;
pub mod pg;
pub mod receiver;
pub mod s3;
mod server;
pub mod ws;

pub use client::{ApiClient, Resp};
pub use fixtures::{Fixture, TestUser};
pub use server::{Backend, Node, TestServer};

/// Runs an API test on both databases.
///
/// ```ignore
/// async fn creates_team(t: TestServer) { … }
/// api_test!(creates_team);
/// ```
#[macro_export]
macro_rules! api_test {
    ($($name:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    $crate::TestServer::run($crate::Backend::Sqlite, super::$name).await;
                }
            )+
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    $crate::TestServer::run($crate::Backend::Postgres, super::$name).await;
                }
            )+
        }
    };
}
