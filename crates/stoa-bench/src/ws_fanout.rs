//! `stoa-bench ws-fanout`: listeners on WebSockets in one channel, posters posting at a fixed
//! open-loop rate; deliveries/s, POST→event latency and lost events.

use clap::Args;
use futures_util::StreamExt;
use serde_json::json;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};
use tokio::task::JoinHandle;
use tokio_tungstenite::tungstenite::Message;

use crate::api::{Error, Session};
use crate::stats::{ms, summarize};
use crate::sys;
use crate::ws::{self, now_us};

#[derive(Args)]
pub struct WsFanoutArgs {
    /// Listening sockets, all in the channel.
    #[arg(long, default_value_t = 1000)]
    listeners: usize,
    /// Users the listeners belong to (default: one per listener).
    #[arg(long)]
    listener_users: Option<usize>,
    /// Posting users (not listening).
    #[arg(long, default_value_t = 4)]
    posters: usize,
    /// Posts per second, all posters together; a comma-separated list runs one phase per rate.
    #[arg(long, value_delimiter = ',', default_value = "150")]
    rate: Vec<f64>,
    /// Length of each phase.
    #[arg(long, default_value_t = 10.0)]
    seconds: f64,
    /// How long to wait for outstanding deliveries after a phase's last post.
    #[arg(long, default_value_t = 15.0)]
    drain_seconds: f64,
    /// Upgrades in flight at once while the listeners connect.
    #[arg(long, default_value_t = 200)]
    concurrency: usize,
    /// Label printed with the results.
    #[arg(long, default_value = "")]
    label: String,
}

/// What one listener saw.
#[derive(Default)]
struct Log {
    /// (phase, POST→event latency in µs).
    samples: Vec<(u32, u32)>,
    /// Per phase, a bit per post index.
    seen: Vec<Vec<u64>>,
    duplicates: u64,
    /// Events whose `seq` was not the previous one plus one.
    seq_gaps: u64,
    next_seq: Option<u64>,
    /// Why the socket ended, if it did.
    closed: Option<String>,
}

impl Log {
    /// Records post `k` of phase `run`; false if it was already seen.
    fn see(&mut self, run: usize, k: usize) -> bool {
        if self.seen.len() <= run {
            self.seen.resize_with(run + 1, Vec::new);
        }
        let bits = &mut self.seen[run];
        if bits.len() <= k / 64 {
            bits.resize(k / 64 + 1, 0);
        }
        let mask = 1u64 << (k % 64);
        if bits[k / 64] & mask != 0 {
            return false;
        }
        bits[k / 64] |= mask;
        true
    }
}

struct Shared {
    /// Unique deliveries per phase (all listeners).
    delivered: Vec<AtomicU64>,
    /// Time of the last delivery per phase (µs).
    last_at: Vec<AtomicU64>,
}

fn lock(log: &Mutex<Log>) -> std::sync::MutexGuard<'_, Log> {
    log.lock().unwrap_or_else(PoisonError::into_inner)
}

async fn listen(mut s: ws::Ws, log: Arc<Mutex<Log>>, shared: Arc<Shared>) {
    let why = loop {
        match s.next().await {
            Some(Ok(Message::Text(t))) => {
                let at = now_us();
                let seq = ws::seq_of(&t);
                let posted = ws::event_name(&t) == Some("posted");
                let mark = if posted { ws::find_marker(&t) } else { None };
                let mut l = lock(&log);
                if let Some(seq) = seq {
                    if l.next_seq.is_some_and(|n| n != seq) {
                        l.seq_gaps += 1;
                    }
                    l.next_seq = Some(seq + 1);
                }
                if let Some((run, k, sent)) = mark {
                    if l.see(run, k) {
                        l.samples.push((
                            run as u32,
                            at.saturating_sub(sent).min(u32::MAX as u64) as u32,
                        ));
                        drop(l);
                        if let (Some(d), Some(last)) =
                            (shared.delivered.get(run), shared.last_at.get(run))
                        {
                            d.fetch_add(1, Ordering::Relaxed);
                            last.fetch_max(at, Ordering::Relaxed);
                        }
                    } else {
                        l.duplicates += 1;
                    }
                }
            }
            Some(Ok(Message::Close(c))) => break format!("closed by server: {c:?}"),
            Some(Ok(_)) => {}
            Some(Err(e)) => break format!("error: {e}"),
            None => break "ended".to_owned(),
        }
    };
    lock(&log).closed = Some(why);
}

pub async fn run(admin: &Session, server_pid: Option<u32>, a: WsFanoutArgs) -> Result<(), Error> {
    sys::check_open_files(a.listeners)?;
    let tag = stoa_model::new_id()[..8].to_owned();
    let listeners_n = a.listeners.max(1);
    let users_n = a
        .listener_users
        .unwrap_or(listeners_n)
        .clamp(1, listeners_n);
    let (posters, _) = admin
        .new_users(&format!("poster{tag}p"), a.posters.max(1), 4)
        .await?;
    let (users, took) = admin
        .new_users(&format!("listen{tag}u"), users_n, 4)
        .await?;
    let mut ids: Vec<String> = users.iter().map(|u| u.user_id.clone()).collect();
    ids.extend(posters.iter().map(|p| p.user_id.clone()));
    let (_, channel_id) = admin.team_with_channel_batched(&tag, &ids).await?;
    println!(
        "ws-fanout {}: created {} listener users in {:.1}s ({:.0} ms each: argon2 at sign-up and login); {} socket(s) per user; {} posters",
        a.label,
        users_n,
        took.as_secs_f64(),
        ms(took) / users_n as f64,
        listeners_n.div_ceil(users_n),
        posters.len()
    );

    let phases = a.rate.len();
    let shared = Arc::new(Shared {
        delivered: (0..phases).map(|_| AtomicU64::new(0)).collect(),
        last_at: (0..phases).map(|_| AtomicU64::new(0)).collect(),
    });
    let host = ws::host_port(&admin.base);
    let t = Instant::now();
    let opened: Vec<Result<ws::Ws, Error>> = futures_util::stream::iter(0..listeners_n)
        .map(|i| {
            let token = users[i % users_n].token.clone();
            let host = host.clone();
            async move {
                let mut s = ws::connect(&host, &token, None, ws::LARGE_READS).await?;
                ws::wait_hello(&mut s, Duration::from_secs(60)).await?;
                Ok(s)
            }
        })
        .buffer_unordered(a.concurrency.max(1))
        .collect()
        .await;
    let mut logs = Vec::with_capacity(listeners_n);
    let mut tasks: Vec<JoinHandle<()>> = Vec::with_capacity(listeners_n);
    for s in opened {
        let s = s.map_err(|e| format!("opening listener: {e}"))?;
        let log = Arc::new(Mutex::new(Log {
            next_seq: Some(1),
            ..Log::default()
        }));
        logs.push(log.clone());
        tasks.push(tokio::spawn(listen(s, log, shared.clone())));
    }
    println!(
        "ws-fanout {}: {} listeners connected in {:.1}s",
        a.label,
        listeners_n,
        t.elapsed().as_secs_f64()
    );
    tokio::time::sleep(Duration::from_secs(1)).await;

    for (run, &rate) in a.rate.iter().enumerate() {
        phase(
            run,
            rate,
            &a,
            &posters,
            &channel_id,
            &logs,
            &shared,
            server_pid,
        )
        .await?;
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
    for t in tasks {
        t.abort();
    }
    Ok(())
}

#[expect(clippy::too_many_arguments, reason = "one phase of one run")]
async fn phase(
    run: usize,
    rate: f64,
    a: &WsFanoutArgs,
    posters: &[Session],
    channel_id: &str,
    logs: &[Arc<Mutex<Log>>],
    shared: &Arc<Shared>,
    server_pid: Option<u32>,
) -> Result<(), Error> {
    let total = (rate * a.seconds).round().max(1.0) as usize;
    let interval = Duration::from_secs_f64(1.0 / rate.max(0.001));
    let failed = Arc::new(AtomicUsize::new(0));
    let in_flight = Arc::new(AtomicUsize::new(0));
    let max_in_flight = Arc::new(AtomicUsize::new(0));
    let max_lag_us = Arc::new(AtomicU64::new(0));
    let last_reply = Arc::new(AtomicU64::new(0));
    let http_lat = Arc::new(Mutex::new(Vec::with_capacity(total)));
    let cpu = sys::CpuMeter::start(server_pid);
    let first_send = now_us();
    let start = tokio::time::Instant::now();
    let mut senders = Vec::new();
    // Open loop: post k is due at start + k / rate, whatever happened to the earlier ones.
    for (p, poster) in posters.iter().enumerate() {
        let poster = poster.clone();
        let channel_id = channel_id.to_owned();
        let (failed, in_flight, max_in_flight, max_lag_us, http_lat, last_reply) = (
            failed.clone(),
            in_flight.clone(),
            max_in_flight.clone(),
            max_lag_us.clone(),
            http_lat.clone(),
            last_reply.clone(),
        );
        let step = posters.len();
        senders.push(tokio::spawn(async move {
            let mut requests = Vec::new();
            for k in (p..total).step_by(step) {
                let due = start + interval * k as u32;
                tokio::time::sleep_until(due).await;
                let lag = tokio::time::Instant::now().saturating_duration_since(due);
                max_lag_us.fetch_max(lag.as_micros() as u64, Ordering::Relaxed);
                let (poster, channel_id, failed, in_flight, max_in_flight, http_lat, last_reply) = (
                    poster.clone(),
                    channel_id.clone(),
                    failed.clone(),
                    in_flight.clone(),
                    max_in_flight.clone(),
                    http_lat.clone(),
                    last_reply.clone(),
                );
                requests.push(tokio::spawn(async move {
                    let n = in_flight.fetch_add(1, Ordering::Relaxed) + 1;
                    max_in_flight.fetch_max(n, Ordering::Relaxed);
                    let sent = now_us();
                    let message = format!("{}fan-out load", ws::marker(run, k, sent));
                    let t0 = Instant::now();
                    let r = poster
                        .post(
                            "/posts",
                            json!({"channel_id": channel_id, "message": message}),
                        )
                        .await;
                    in_flight.fetch_sub(1, Ordering::Relaxed);
                    last_reply.fetch_max(now_us(), Ordering::Relaxed);
                    match r {
                        Ok(_) => http_lat
                            .lock()
                            .unwrap_or_else(PoisonError::into_inner)
                            .push(t0.elapsed()),
                        Err(e) => {
                            if failed.fetch_add(1, Ordering::Relaxed) < 3 {
                                eprintln!("ws-fanout: post failed: {e}");
                            }
                        }
                    }
                }));
            }
            for r in requests {
                let _ = r.await;
            }
        }));
    }
    for s in senders {
        s.await.map_err(|e| Error::from(e.to_string()))?;
    }
    let posted_at = Instant::now();
    let failed = failed.load(Ordering::Relaxed);
    let ok_posts = total - failed;
    let expected = (ok_posts * logs.len()) as u64;
    let delivered = &shared.delivered[run];
    let drain_until = posted_at + Duration::from_secs_f64(a.drain_seconds);
    while delivered.load(Ordering::Relaxed) < expected && Instant::now() < drain_until {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let cpu = cpu.stop();
    let got = delivered.load(Ordering::Relaxed);
    let last_at = shared.last_at[run].load(Ordering::Relaxed);
    let span =
        Duration::from_micros(last_at.saturating_sub(first_send)).max(Duration::from_millis(1));

    let mut lat = Vec::with_capacity(got as usize);
    let (mut dups, mut gaps, mut closed, mut short) = (0, 0, 0, 0usize);
    let mut why_closed = None;
    for log in logs {
        let mut l = lock(log);
        let mut mine = 0usize;
        l.samples.retain(|&(r, us)| {
            if r as usize == run {
                lat.push(Duration::from_micros(us as u64));
                mine += 1;
                false
            } else {
                true
            }
        });
        if mine < ok_posts {
            short += 1;
        }
        dups += l.duplicates;
        gaps += l.seq_gaps;
        if let Some(w) = &l.closed {
            closed += 1;
            why_closed.get_or_insert_with(|| w.clone());
        }
    }
    let s = summarize(lat);
    let h = summarize(
        http_lat
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone(),
    );
    println!(
        "ws-fanout {label}: {rate:.0} posts/s x {l} listeners for {secs:.0}s: {ok} posts ({failed} failed), {got}/{expected} deliveries in {span:.2}s = {dps:.0} deliveries/s; POST->event p50 {p50:.1} ms, p99 {p99:.1} ms, max {max:.1} ms; lost {lost}",
        label = a.label,
        l = logs.len(),
        secs = a.seconds,
        ok = ok_posts,
        span = span.as_secs_f64(),
        dps = got as f64 / span.as_secs_f64(),
        p50 = ms(s.p50),
        p99 = ms(s.p99),
        max = ms(s.max),
        lost = expected.saturating_sub(got),
    );
    let post_span = last_reply
        .load(Ordering::Relaxed)
        .saturating_sub(first_send)
        .max(1);
    println!(
        "ws-fanout {label}:   server took {pps:.0} posts/s (POST p50 {hp50:.1} ms, p99 {hp99:.1} ms); max in flight {mif}, max send lag {lag:.1} ms; {cpu}; load {load}; listeners short {short}, duplicates {dups}, seq gaps {gaps}, sockets closed {closed}{why}",
        label = a.label,
        pps = ok_posts as f64 / (post_span as f64 / 1e6),
        hp50 = ms(h.p50),
        hp99 = ms(h.p99),
        mif = max_in_flight.load(Ordering::Relaxed),
        lag = max_lag_us.load(Ordering::Relaxed) as f64 / 1000.0,
        load = sys::loadavg(),
        why = why_closed
            .map(|w| format!(" (first: {w})"))
            .unwrap_or_default(),
    );
    Ok(())
}
