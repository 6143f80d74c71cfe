//! `stoa-bench ws-reconnect`: every socket drops at once (TCP closed, no close handshake), a
//! few posts happen meanwhile, and every client reconnects with `connection_id` and
//! `sequence_number`; the time until all have resumed and caught up.

use clap::Args;
use futures_util::StreamExt;
use serde_json::json;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::{Semaphore, watch};
use tokio_tungstenite::tungstenite::Message;

use crate::api::{Error, Session};
use crate::stats::{ms, summarize};
use crate::sys;
use crate::ws::{self, now_us};

#[derive(Args)]
pub struct WsReconnectArgs {
    /// Connected clients (sockets).
    #[arg(long, default_value_t = 1000)]
    clients: usize,
    /// Users the clients belong to (round robin); each costs the server two argon2 hashes.
    #[arg(long, default_value_t = 100)]
    users: usize,
    /// Posts made while the clients are down.
    #[arg(long, default_value_t = 5)]
    missed_posts: usize,
    /// How long the clients stay down (at least as long as the missed posts take).
    #[arg(long, default_value_t = 1000)]
    down_ms: u64,
    /// Upgrades in flight at once (first connects and reconnects).
    #[arg(long, default_value_t = 200)]
    concurrency: usize,
    /// How long a client may take to resume and catch up.
    #[arg(long, default_value_t = 60.0)]
    timeout_seconds: f64,
    /// Label printed with the results.
    #[arg(long, default_value = "")]
    label: String,
}

const CONNECTED: u8 = 0;
const DROP: u8 = 1;
const RECONNECT: u8 = 2;

#[derive(Default)]
struct Outcome {
    /// When the reconnect's upgrade completed (µs, this process's clock).
    reconnected_at: Option<u64>,
    /// When the last expected post arrived.
    caught_up_at: Option<u64>,
    fresh_hello: bool,
    seq_gaps: u64,
    /// Events received after the reconnect, until caught up.
    events: u64,
    missing: usize,
    error: Option<String>,
    /// Kept open until every client is done.
    socket: Option<ws::Ws>,
}

struct Plan {
    host: String,
    token: String,
    connection_id: String,
    /// Posts (marker indexes `0..expect`) every client must end up with.
    expect: usize,
    deadline: Duration,
}

async fn client(
    plan: Plan,
    mut s: ws::Ws,
    mut stage: watch::Receiver<u8>,
    dropped: Arc<AtomicUsize>,
    gate: Arc<Semaphore>,
) -> Outcome {
    let mut out = Outcome::default();
    // Connected: follow the sequence until told to drop.
    let mut last_seq = 0u64;
    loop {
        tokio::select! {
            msg = s.next() => match msg {
                Some(Ok(Message::Text(t))) => {
                    if let Some(seq) = ws::seq_of(&t) {
                        last_seq = seq;
                    }
                }
                Some(Ok(_)) => {}
                _ => {
                    out.error = Some("socket ended before the drop".into());
                    return out;
                }
            },
            _ = stage.changed() => if *stage.borrow() >= DROP { break },
        }
    }
    // Close the TCP connection: no close frame.
    drop(s);
    dropped.fetch_add(1, Ordering::Relaxed);
    while *stage.borrow_and_update() < RECONNECT {
        if stage.changed().await.is_err() {
            return out;
        }
    }
    let resumed = {
        let _permit = gate.acquire().await;
        ws::connect(
            &plan.host,
            &plan.token,
            Some((&plan.connection_id, last_seq + 1)),
            ws::SMALL_READS,
        )
        .await
    };
    let mut s = match resumed {
        Ok(s) => s,
        Err(e) => {
            out.error = Some(format!("reconnect: {e}"));
            return out;
        }
    };
    out.reconnected_at = Some(now_us());
    let mut seen = vec![false; plan.expect];
    let mut missing = plan.expect;
    let mut next = last_seq + 1;
    let read = async {
        while let Some(msg) = s.next().await {
            let Ok(Message::Text(t)) = msg else {
                if msg.is_err() {
                    return Err(Error::from("socket failed after the reconnect"));
                }
                continue;
            };
            let Some(name) = ws::event_name(&t) else {
                continue;
            };
            out.events += 1;
            if name == "hello" {
                out.fresh_hello = true;
                return Ok(());
            }
            if let Some(seq) = ws::seq_of(&t) {
                if seq != next {
                    out.seq_gaps += 1;
                }
                next = seq + 1;
            }
            if name == "posted"
                && let Some((0, k, _)) = ws::find_marker(&t)
                && k < seen.len()
                && !seen[k]
            {
                seen[k] = true;
                missing -= 1;
                if missing == 0 {
                    out.caught_up_at = Some(now_us());
                    return Ok(());
                }
            }
        }
        Err(Error::from("socket closed after the reconnect"))
    };
    match tokio::time::timeout(plan.deadline, read).await {
        Ok(Ok(())) => {}
        Ok(Err(e)) => out.error = Some(e.to_string()),
        Err(_) => out.error = Some("timed out catching up".into()),
    }
    out.missing = missing;
    out.socket = Some(s);
    out
}

pub async fn run(admin: &Session, a: WsReconnectArgs) -> Result<(), Error> {
    sys::check_open_files(a.clients)?;
    let tag = stoa_model::new_id()[..8].to_owned();
    let clients_n = a.clients.max(1);
    let users_n = a.users.clamp(1, clients_n);
    let (users, took) = admin.new_users(&format!("recon{tag}u"), users_n, 4).await?;
    let poster = admin
        .new_user(&format!("recon{tag}p"), "bench-pass-1")
        .await?;
    let mut ids: Vec<String> = users.iter().map(|u| u.user_id.clone()).collect();
    ids.push(poster.user_id.clone());
    let (_, channel_id) = admin.team_with_channel_batched(&tag, &ids).await?;
    println!(
        "ws-reconnect {}: created {} users in {:.1}s; {} socket(s) per user",
        a.label,
        users_n,
        took.as_secs_f64(),
        clients_n.div_ceil(users_n)
    );

    let host = ws::host_port(&admin.base);
    let opened: Vec<Result<(usize, ws::Ws, String), Error>> =
        futures_util::stream::iter(0..clients_n)
            .map(|i| {
                let token = users[i % users_n].token.clone();
                let host = host.clone();
                async move {
                    let mut s = ws::connect(&host, &token, None, ws::SMALL_READS).await?;
                    let cid = ws::wait_hello(&mut s, Duration::from_secs(60)).await?;
                    Ok((i, s, cid))
                }
            })
            .buffer_unordered(a.concurrency.max(1))
            .collect()
            .await;
    let (stage_tx, stage_rx) = watch::channel(CONNECTED);
    let dropped = Arc::new(AtomicUsize::new(0));
    let gate = Arc::new(Semaphore::new(a.concurrency.max(1)));
    let mut tasks = Vec::with_capacity(clients_n);
    for r in opened {
        let (i, s, connection_id) = r.map_err(|e| format!("opening socket: {e}"))?;
        let plan = Plan {
            host: host.clone(),
            token: users[i % users_n].token.clone(),
            connection_id,
            expect: a.missed_posts + 1,
            deadline: Duration::from_secs_f64(a.timeout_seconds),
        };
        tasks.push(tokio::spawn(client(
            plan,
            s,
            stage_rx.clone(),
            dropped.clone(),
            gate.clone(),
        )));
    }
    // Let everything settle (presence, queued events), then drop every socket at once.
    tokio::time::sleep(Duration::from_secs(1)).await;
    stage_tx.send(DROP)?;
    let down = Instant::now();
    while dropped.load(Ordering::Relaxed) < clients_n {
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    let drop_took = down.elapsed();
    let post = |k: usize| {
        let poster = poster.clone();
        let channel_id = channel_id.clone();
        async move {
            let message = format!("{}while reconnecting", ws::marker(0, k, now_us()));
            poster
                .post(
                    "/posts",
                    json!({"channel_id": channel_id, "message": message}),
                )
                .await
        }
    };
    for k in 0..a.missed_posts {
        post(k).await?;
    }
    let missed_took = down.elapsed();
    tokio::time::sleep(Duration::from_millis(a.down_ms).saturating_sub(missed_took)).await;
    let down_for = down.elapsed();

    let overflows = sys::listen_overflows();
    let t0 = now_us();
    stage_tx.send(RECONNECT)?;
    let after = tokio::spawn(post(a.missed_posts));
    let mut outcomes = Vec::with_capacity(clients_n);
    for t in tasks {
        outcomes.push(t.await.map_err(|e| Error::from(e.to_string()))?);
    }
    after.await.map_err(|e| Error::from(e.to_string()))??;
    let overflowed = sys::listen_overflows()
        .zip(overflows)
        .map_or("?".to_owned(), |(b, a)| b.saturating_sub(a).to_string());

    let rel = |at: Option<u64>| at.map(|at| Duration::from_micros(at.saturating_sub(t0)));
    let reconnected: Vec<Duration> = outcomes
        .iter()
        .filter_map(|o| rel(o.reconnected_at))
        .collect();
    let caught_up: Vec<Duration> = outcomes
        .iter()
        .filter_map(|o| rel(o.caught_up_at))
        .collect();
    let fresh = outcomes.iter().filter(|o| o.fresh_hello).count();
    let gaps: u64 = outcomes.iter().map(|o| o.seq_gaps).sum();
    let events: u64 = outcomes.iter().map(|o| o.events).sum();
    let incomplete = outcomes
        .iter()
        .filter(|o| o.missing > 0 && !o.fresh_hello)
        .count();
    let errors: Vec<&String> = outcomes.iter().filter_map(|o| o.error.as_ref()).collect();
    let all_ok = caught_up.len() == clients_n;
    let r = summarize(reconnected);
    let c = summarize(caught_up);
    println!(
        "ws-reconnect {label}: {n} clients ({u} users) dropped at once, down {down:.0} ms with {m} posts, reconnected with connection_id+sequence_number: {verdict} in {all:.0} ms (reconnected p50 {rp50:.0} ms, max {rmax:.0} ms; caught up p50 {cp50:.0} ms, p99 {cp99:.0} ms) of {m} missed + 1 new post; fresh hello {fresh}, seq gaps {gaps}, incomplete {incomplete}, errors {errs}; {ev:.1} events per client after reconnecting",
        label = a.label,
        n = clients_n,
        u = users_n,
        down = ms(down_for),
        m = a.missed_posts,
        verdict = if all_ok {
            "all resumed and caught up".to_owned()
        } else {
            format!("{} of {} caught up", c.count, clients_n)
        },
        all = ms(c.max),
        rp50 = ms(r.p50),
        rmax = ms(r.max),
        cp50 = ms(c.p50),
        cp99 = ms(c.p99),
        errs = errors.len(),
        ev = events as f64 / clients_n as f64,
    );
    println!(
        "ws-reconnect {}:   all sockets closed within {:.1} ms; missed posts took {:.0} ms; listen queue overflows while reconnecting {} (a dropped SYN is retried after 1 s); load {}{}",
        a.label,
        ms(drop_took),
        ms(missed_took),
        overflowed,
        sys::loadavg(),
        errors
            .first()
            .map(|e| format!("; first error: {e}"))
            .unwrap_or_default()
    );
    drop(outcomes);
    Ok(())
}
