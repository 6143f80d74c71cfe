//! Crash safety: clients write continuously (posts, replies, reactions, channels, memberships,
//! files), the server is killed with SIGKILL at random moments — once also while it starts —
//! and started again on the same data; every write it acknowledged must still be there, the
//! counters must agree with what is stored, and it must answer again quickly.

use std::time::Duration;

use crate::process::Site;
use crate::verify::verify;
use crate::workload::{Cast, Ledger, Load, Rng};

const WORKERS: usize = 4;
const CYCLES: usize = 8;
/// A restart on existing data (no migration to run) answers in tens of milliseconds; this
/// bound only leaves room for a loaded CI machine.
const RESTART_BOUND: Duration = Duration::from_secs(5);

async fn kill_cycles(database_url: &str, label: &str) {
    let seed = Rng::seed();
    eprintln!("{label}: seed {seed} (STOA_DURABILITY_SEED={seed} repeats the run)");
    let mut rng = Rng::new(seed);
    let site = Site::new(database_url);
    let (mut stoa, _) = site.start().await;
    let cast = Cast::create(&site.base(), WORKERS).await;
    let ledger = Ledger::shared();
    let mut restarts = Vec::new();
    for cycle in 0..CYCLES {
        let load = Load::start(&cast, &ledger, &mut rng);
        tokio::time::sleep(rng.millis(200, 1500)).await;
        stoa.kill();
        load.stop().await;
        if cycle == 1 {
            // Killed again while starting up, before it answers.
            let mut starting = site.spawn();
            tokio::time::sleep(rng.millis(0, 60)).await;
            starting.kill();
        }
        let (restarted, took) = site.start().await;
        stoa = restarted;
        assert!(
            took < RESTART_BOUND,
            "{label}: the restart took {took:?}; log:\n{}",
            site.log_tail()
        );
        restarts.push(took);
        verify(&cast, &ledger).await;
    }
    let checked = verify(&cast, &ledger).await;
    let answers = ledger.lock().expect("ledger").outcomes.len();
    eprintln!(
        "{label}: {CYCLES} kill -9 cycles, {answers} requests; all acknowledged writes kept: {} posts, {} reactions, {} memberships, {} files; restarts answered in {:?} (slowest)",
        checked.posts,
        checked.reactions,
        checked.memberships,
        checked.files,
        restarts.iter().max().copied().unwrap_or_default(),
    );
    assert!(
        checked.posts > 0,
        "{label}: no post was acknowledged at all"
    );
    stoa.kill();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_keeps_every_acknowledged_write_across_kill_9() {
    kill_cycles("", "sqlite").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_keeps_every_acknowledged_write_across_kill_9() {
    // A database of its own on the shared server: only Stoa is killed here, never PostgreSQL.
    let Some((name, url)) = stoa_tests::pg::create_test_db().await else {
        return;
    };
    kill_cycles(&url, "postgres").await;
    stoa_tests::pg::drop_test_db(&name).await;
}
