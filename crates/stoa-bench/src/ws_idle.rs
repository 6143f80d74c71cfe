//! `stoa-bench ws-idle`: many authenticated, idle WebSockets; the server's memory per socket.

use clap::Args;
use futures_util::StreamExt;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tokio::task::JoinHandle;

use crate::api::{Error, Session};
use crate::stats::{ms, summarize};
use crate::sys::{self, mib};
use crate::ws;

#[derive(Args)]
pub struct WsIdleArgs {
    /// Sockets to open.
    #[arg(long, default_value_t = 19_000)]
    sockets: usize,
    /// Users the sockets belong to (round robin). Each user costs the server two argon2 hashes
    /// to create, so many sockets share a few users.
    #[arg(long, default_value_t = 100)]
    users: usize,
    /// Upgrades in flight at once.
    #[arg(long, default_value_t = 200)]
    concurrency: usize,
    /// Sockets are opened in this many equal steps, with the server's RSS read after each.
    #[arg(long, default_value_t = 4)]
    steps: usize,
    /// Label printed with the results.
    #[arg(long, default_value = "")]
    label: String,
}

/// Settles, then reads the server's RSS (the last of a few reads a second apart).
async fn settled_rss(pid: u32) -> Result<u64, Error> {
    let mut last = 0;
    for _ in 0..3 {
        tokio::time::sleep(Duration::from_secs(1)).await;
        last = sys::rss_kib(pid).ok_or("cannot read the server's /proc/<pid>/status")?;
    }
    Ok(last)
}

pub async fn run(admin: &Session, server_pid: Option<u32>, a: WsIdleArgs) -> Result<(), Error> {
    let pid = server_pid.ok_or("ws-idle needs --server-pid (to read the server's RSS)")?;
    sys::check_open_files(a.sockets)?;
    let tag = stoa_model::new_id()[..8].to_owned();
    let at_start = sys::rss_kib(pid).ok_or("cannot read the server's /proc/<pid>/status")?;
    let users_n = a.users.clamp(1, a.sockets.max(1));
    let (users, took) = admin.new_users(&format!("idle{tag}u"), users_n, 4).await?;
    let ids: Vec<String> = users.iter().map(|u| u.user_id.clone()).collect();
    admin.team_with_channel_batched(&tag, &ids).await?;
    println!(
        "ws-idle {}: created {} users in {:.1}s ({:.0} ms each: argon2 at sign-up and login); {} sockets per user",
        a.label,
        users_n,
        took.as_secs_f64(),
        ms(took) / users_n as f64,
        a.sockets.div_ceil(users_n)
    );

    let host = ws::host_port(&admin.base);
    let before = settled_rss(pid).await?;
    println!(
        "ws-idle {}: server RSS {:.1} MiB before creating the users, {:.1} MiB after (idle, no sockets)",
        a.label,
        mib(at_start),
        mib(before)
    );
    let overflows = sys::listen_overflows();
    let closed_early = Arc::new(AtomicUsize::new(0));
    let mut readers: Vec<JoinHandle<()>> = Vec::with_capacity(a.sockets);
    let mut connect_lat = Vec::with_capacity(a.sockets);
    let mut checkpoints = vec![(0usize, before)];
    let started = Instant::now();
    let mut open_time = Duration::ZERO;
    let steps = a.steps.clamp(1, a.sockets.max(1));
    for step in 0..steps {
        let from = a.sockets * step / steps;
        let to = a.sockets * (step + 1) / steps;
        let t = Instant::now();
        let opened: Vec<Result<(ws::Ws, Duration), Error>> = futures_util::stream::iter(from..to)
            .map(|i| {
                let token = users[i % users_n].token.clone();
                let host = host.clone();
                async move {
                    let t0 = Instant::now();
                    let mut s = ws::connect(&host, &token, None, ws::SMALL_READS).await?;
                    ws::wait_hello(&mut s, Duration::from_secs(60)).await?;
                    Ok((s, t0.elapsed()))
                }
            })
            .buffer_unordered(a.concurrency.max(1))
            .collect()
            .await;
        open_time += t.elapsed();
        for r in opened {
            let (mut s, lat) = r.map_err(|e| format!("opening socket: {e}"))?;
            connect_lat.push(lat);
            let closed_early = closed_early.clone();
            // Reading keeps the socket alive (pongs go out as pings are read).
            readers.push(tokio::spawn(async move {
                while let Some(Ok(_)) = s.next().await {}
                closed_early.fetch_add(1, Ordering::Relaxed);
            }));
        }
        let rss = settled_rss(pid).await?;
        println!(
            "ws-idle {}:   {:>6} sockets: server RSS {:.1} MiB",
            a.label,
            to,
            mib(rss)
        );
        checkpoints.push((to, rss));
    }
    let overflowed = sys::listen_overflows()
        .zip(overflows)
        .map(|(b, a)| b.saturating_sub(a));
    let after = checkpoints.last().map(|c| c.1).unwrap_or(before);
    let held_for = started.elapsed();
    let closed = closed_early.load(Ordering::Relaxed);

    // Marginal cost over the last step (less affected by memory the allocator kept from setup).
    let (n1, r1) = checkpoints[checkpoints.len().saturating_sub(2)];
    let per_k = |kib: u64, n: usize| mib(kib) / (n.max(1) as f64 / 1000.0);
    let marginal = per_k(after.saturating_sub(r1), a.sockets - n1);
    let s = summarize(connect_lat);

    for r in &readers {
        r.abort();
    }
    drop(readers);
    let after_close = settled_rss(pid).await?;

    println!(
        "ws-idle {label}: {n} sockets ({u} users) open in {secs:.1}s ({rate:.0}/s, {c} at a time; upgrade+hello p50 {p50:.1} ms, p99 {p99:.1} ms); server RSS {b:.1} MiB idle -> {af:.1} MiB with sockets = +{d:.1} MiB = {per:.2} MiB per 1,000 sockets (last step {marg:.2}; target <= 4); closed by server {closed}; listen queue overflows {ovf}",
        label = a.label,
        n = a.sockets,
        u = users_n,
        secs = open_time.as_secs_f64(),
        rate = a.sockets as f64 / open_time.as_secs_f64(),
        c = a.concurrency,
        p50 = ms(s.p50),
        p99 = ms(s.p99),
        b = mib(before),
        af = mib(after),
        d = mib(after.saturating_sub(before)),
        per = per_k(after.saturating_sub(before), a.sockets),
        marg = marginal,
        ovf = overflowed.map_or("?".to_owned(), |n| n.to_string()),
    );
    println!(
        "ws-idle {}:   held {:.0}s; after closing all (connections stay resumable for the resume window): server RSS {:.1} MiB; load {}",
        a.label,
        held_for.as_secs_f64(),
        mib(after_close),
        sys::loadavg()
    );
    Ok(())
}
