//! `stoa-bench posts`: closed-loop clients creating posts in one channel.

use clap::Args;
use serde_json::json;
use std::time::{Duration, Instant};

use crate::api::{Error, Session};
use crate::stats::{ms, summarize};

#[derive(Args)]
pub struct PostsArgs {
    /// Concurrent posting clients (each a user in the channel).
    #[arg(long, default_value_t = 16)]
    clients: usize,
    /// Posts in all.
    #[arg(long, default_value_t = 4000)]
    posts: usize,
    /// Extra idle members of the channel (mention parsing reads the member list).
    #[arg(long, default_value_t = 0)]
    members: usize,
    /// Every n-th post mentions another member.
    #[arg(long, default_value_t = 5)]
    mention_every: usize,
    /// Label printed with the results.
    #[arg(long, default_value = "")]
    label: String,
}

pub async fn run(admin: &Session, a: PostsArgs) -> Result<(), Error> {
    let tag = stoa_model::new_id()[..8].to_owned();
    let mut clients = Vec::with_capacity(a.clients);
    for i in 0..a.clients {
        clients.push(
            admin
                .new_user(&format!("poster{i}{tag}"), "bench-pass-1")
                .await?,
        );
    }
    let mut idle = Vec::with_capacity(a.members);
    for i in 0..a.members {
        let u = admin
            .new_user(&format!("idle{i}{tag}"), "bench-pass-1")
            .await?;
        idle.push(u);
    }
    let mut members: Vec<&Session> = clients.iter().collect();
    members.extend(idle.iter());
    let (_, channel_id) = admin.team_with_channel(&tag, &members).await?;

    let per_client = a.posts / a.clients.max(1);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for (i, c) in clients.iter().cloned().enumerate() {
        let channel_id = channel_id.clone();
        let mention = clients[(i + 1) % clients.len()].username.clone();
        let every = a.mention_every.max(1);
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::with_capacity(per_client);
            for n in 0..per_client {
                let message = if n % every == 0 {
                    format!("load {n} for @{mention}")
                } else {
                    format!("load message {n} from {i}")
                };
                let t0 = Instant::now();
                c.post(
                    "/posts",
                    json!({"channel_id": channel_id, "message": message}),
                )
                .await?;
                lat.push(t0.elapsed());
            }
            Ok::<Vec<Duration>, Error>(lat)
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.map_err(|e| Error::from(e.to_string()))??);
    }
    let elapsed = started.elapsed();
    let s = summarize(all);
    let rate = s.count as f64 / elapsed.as_secs_f64();
    println!(
        "posts {label}: {n} posts by {c} clients ({m} members) in {secs:.2}s = {rate:.0} posts/s; latency p50 {p50:.1} ms, p95 {p95:.1} ms, p99 {p99:.1} ms, max {max:.1} ms",
        label = a.label,
        n = s.count,
        c = a.clients,
        m = members.len(),
        secs = elapsed.as_secs_f64(),
        p50 = ms(s.p50),
        p95 = ms(s.p95),
        p99 = ms(s.p99),
        max = ms(s.max),
    );
    Ok(())
}
