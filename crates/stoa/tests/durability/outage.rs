//! A database outage: PostgreSQL (a throwaway cluster of this test's own) is stopped under load
//! and started again. While it is down, clients get 503 with Mattermost's error body at once,
//! readiness fails and the deep ping reports the database; once it is back, writes succeed
//! again without restarting Stoa, and every write acknowledged before, during or after is there.

use reqwest::Method;
use serde_json::Value;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::cluster::{Cluster, Unavailable};
use crate::process::{Site, try_send};
use crate::verify::verify;
use crate::workload::{Cast, Ledger, Load, Outcome, Rng};

/// How fast a request must be answered while the database is known down: no waiting on it.
const FAST: Duration = Duration::from_secs(1);
/// The longest any request may take once the database is gone (the pool's acquire timeout is
/// 3 s; it used to be 30 s).
const BOUNDED: Duration = Duration::from_secs(5);

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

async fn on_cluster<T: Send + 'static>(
    cluster: &Arc<Cluster>,
    f: impl FnOnce(&Cluster) -> T + Send + 'static,
) -> T {
    let c = cluster.clone();
    tokio::task::spawn_blocking(move || f(&c))
        .await
        .expect("cluster command")
}

async fn get(url: &str) -> (u16, Value, Duration) {
    let started = Instant::now();
    let resp = try_send(reqwest::Client::new().get(url))
        .await
        .unwrap_or_else(|e| panic!("GET {url} answered nothing: {e}"));
    (resp.status, resp.json(), started.elapsed())
}

/// Outcomes of requests started in `[from, to)`.
fn started_between(ledger: &Arc<Mutex<Ledger>>, from: Instant, to: Instant) -> Vec<Outcome> {
    ledger
        .lock()
        .expect("ledger")
        .outcomes
        .iter()
        .filter(|o| o.started >= from && o.started < to)
        .cloned()
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_outage_is_a_fast_503_and_recovers_without_restart() {
    let cluster = match tokio::task::spawn_blocking(Cluster::create)
        .await
        .expect("cluster setup")
    {
        Ok(c) => Arc::new(c),
        Err(Unavailable(why)) if !in_ci() => {
            eprintln!("NOTICE: database outage test skipped: {why} (CI=true makes this a failure)");
            return;
        }
        Err(Unavailable(why)) => panic!("the database outage test needs its own PostgreSQL: {why}"),
    };
    let site = Site::new(&cluster.url());
    let (stoa, _) = site.start().await;
    let base = site.base();
    let cast = Cast::create(&base, 3).await;
    let ledger = Ledger::shared();
    let mut rng = Rng::new(Rng::seed());

    let (status, _, _) = get(&format!("{base}/readyz")).await;
    assert_eq!(status, 200, "ready while the database answers");

    // Load, then the database goes away under it.
    let load = Load::start(&cast, &ledger, &mut rng);
    tokio::time::sleep(Duration::from_millis(800)).await;
    let stopped = Instant::now();
    on_cluster(&cluster, Cluster::stop_immediately).await;
    tokio::time::sleep(Duration::from_millis(2500)).await;

    // Every request made while it is down is refused quickly, with Mattermost's error body.
    let during = started_between(&ledger, stopped, Instant::now());
    assert!(
        !during.is_empty(),
        "no request made during the outage was answered within 2.5 s"
    );
    for o in &during {
        assert!(
            o.took < BOUNDED,
            "a request took {:?} while the database was down",
            o.took
        );
    }
    // Requests still in flight when it went down may fail otherwise (their connection was
    // cut); those that start once it is known down are 503s, answered without waiting.
    let settled = started_between(
        &ledger,
        stopped + Duration::from_millis(500),
        Instant::now(),
    );
    assert!(
        !settled.is_empty(),
        "no request started once the outage settled was answered within 2 s: requests hang"
    );
    for o in &settled {
        assert_eq!(o.status, Some(503), "during the outage: {}", o.body);
        assert!(
            o.took < FAST,
            "a request took {:?} with the database known down",
            o.took
        );
        assert_eq!(
            o.body["id"], "api.context.database_unavailable.app_error",
            "{}",
            o.body
        );
        assert_eq!(o.body["status_code"], 503, "{}", o.body);
        assert!(
            o.body["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{}",
            o.body
        );
        assert!(o.body["detailed_error"].is_string(), "{}", o.body);
        assert!(
            o.body["request_id"].as_str().is_some_and(|m| !m.is_empty()),
            "{}",
            o.body
        );
    }

    // A load balancer sees it: readiness fails, liveness holds, the deep ping says why.
    let (status, body, took) = get(&format!("{base}/readyz")).await;
    assert_eq!(
        (status, &body["database_status"]),
        (503, &"UNHEALTHY".into()),
        "{body}"
    );
    assert!(took < FAST, "readiness took {took:?}");
    let (status, _, _) = get(&format!("{base}/healthz")).await;
    assert_eq!(status, 200, "the process is alive");
    let (status, body, _) = get(&format!("{base}/api/v4/system/ping?get_server_status=true")).await;
    assert_eq!(
        status, 500,
        "Mattermost's deep ping status when unhealthy: {body}"
    );
    assert_eq!(body["database_status"], "UNHEALTHY", "{body}");
    assert_eq!(body["status"], "UNHEALTHY", "{body}");
    let (status, _, _) = get(&format!("{base}/api/v4/system/ping")).await;
    assert_eq!(
        status, 200,
        "the plain ping does not look at the database, as Mattermost's"
    );
    let read = try_send(
        cast.admin
            .client
            .request(Method::GET, &format!("/channels/{}", cast.channel_id)),
    )
    .await
    .expect("an answer");
    read.expect_error(503, "api.context.database_unavailable.app_error");

    // Back up: writes succeed again on the same Stoa process.
    on_cluster(&cluster, Cluster::start).await;
    let restarted = Instant::now();
    let recovered = loop {
        let ok = started_between(&ledger, restarted, Instant::now())
            .iter()
            .any(|o| o.status == Some(201));
        if ok {
            break restarted.elapsed();
        }
        assert!(
            restarted.elapsed() < Duration::from_secs(15),
            "no write succeeded within 15 s of PostgreSQL answering again; log:\n{}",
            site.log_tail()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let (status, _, _) = get(&format!("{base}/readyz")).await;
    assert_eq!(status, 200, "ready again");
    tokio::time::sleep(Duration::from_millis(700)).await;
    load.stop().await;

    let checked = verify(&cast, &ledger).await;
    let slowest = during.iter().map(|o| o.took).max().unwrap_or_default();
    eprintln!(
        "outage: {} requests while down, slowest {slowest:?}; writes again {recovered:?} after PostgreSQL started; all {} acknowledged posts, {} reactions, {} memberships, {} files kept",
        during.len(),
        checked.posts,
        checked.reactions,
        checked.memberships,
        checked.files,
    );
    for line in site.log_lines("database") {
        eprintln!("  stoa: {line}");
    }
    drop(stoa);
}
