//! Durability of the `stoa` binary as operators run it: killed with SIGKILL under load
//! (`crash`), and with its PostgreSQL stopped and started again under load (`outage`). The
//! server runs as a child process (`CARGO_BIN_EXE_stoa`), so it can really die.

#![expect(
    clippy::expect_used,
    reason = "a test suite: a failed expectation is a failed test"
)]

mod cluster;
mod crash;
mod outage;
mod process;
mod verify;
mod workload;
