//! `stoa-bench hooks`: posts through incoming webhooks beside the same load through
//! `POST /posts`, and `POST /posts` latency while an outgoing webhook's receiver takes
//! `--slow-seconds` to answer each call.

use clap::Args;
use serde_json::json;
use std::time::{Duration, Instant};
use tokio::io::AsyncReadExt;

use crate::api::{Error, Session};
use crate::stats::{ms, summarize};

#[derive(Args)]
pub struct HooksArgs {
    /// Concurrent senders.
    #[arg(long, default_value_t = 16)]
    clients: usize,
    /// Posts per run.
    #[arg(long, default_value_t = 4000)]
    posts: usize,
    /// Incoming hooks the senders spread over (each hook is rate limited on its own).
    #[arg(long, default_value_t = 400)]
    hooks: usize,
    /// How long the outgoing hook's receiver waits before answering.
    #[arg(long, default_value_t = 10)]
    slow_seconds: u64,
    #[arg(long, default_value = "")]
    label: String,
}

/// A receiver that reads each request and answers after `delay` (or never, when the bench ends).
async fn slow_receiver(delay: Duration) -> Result<String, Error> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/", listener.local_addr()?);
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let _ = stream.read(&mut buf).await;
                tokio::time::sleep(delay).await;
                let _ = tokio::io::AsyncWriteExt::write_all(
                    &mut stream,
                    b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                )
                .await;
            });
        }
    });
    Ok(url)
}

/// `clients` tasks sending `per_client` posts each through `send`; posts/s and latencies.
async fn drive<F, Fut>(
    clients: usize,
    per_client: usize,
    send: F,
) -> Result<(f64, Vec<Duration>), Error>
where
    F: Fn(usize, usize) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = Result<(), Error>> + Send,
{
    let started = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..clients {
        let send = send.clone();
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::with_capacity(per_client);
            for n in 0..per_client {
                let t0 = Instant::now();
                send(c, n).await?;
                lat.push(t0.elapsed());
            }
            Ok::<_, Error>(lat)
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.map_err(|e| Error::from(e.to_string()))??);
    }
    let rate = all.len() as f64 / started.elapsed().as_secs_f64();
    Ok((rate, all))
}

fn report(what: &str, label: &str, rate: f64, lat: Vec<Duration>) {
    let s = summarize(lat);
    println!(
        "hooks {label}: {what}: {n} posts = {rate:.0} posts/s; latency p50 {p50:.1} ms, p95 {p95:.1} ms, p99 {p99:.1} ms, max {max:.1} ms",
        n = s.count,
        p50 = ms(s.p50),
        p95 = ms(s.p95),
        p99 = ms(s.p99),
        max = ms(s.max),
    );
}

pub async fn run(admin: &Session, a: HooksArgs) -> Result<(), Error> {
    let tag = stoa_model::new_id()[..8].to_owned();
    let mut clients = Vec::with_capacity(a.clients);
    for i in 0..a.clients {
        clients.push(
            admin
                .new_user(&format!("hooker{i}{tag}"), "bench-pass-1")
                .await?,
        );
    }
    let members: Vec<&Session> = clients.iter().collect();
    let (team_id, channel_id) = admin.team_with_channel(&tag, &members).await?;
    let per_client = a.posts / a.clients.max(1);

    // REST posts, the baseline.
    let (rate, lat) = {
        let (clients, channel_id) = (clients.clone(), channel_id.clone());
        drive(a.clients, per_client, move |c, n| {
            let (s, channel_id) = (clients[c].clone(), channel_id.clone());
            async move {
                s.post(
                    "/posts",
                    json!({"channel_id": channel_id, "message": format!("rest {n}")}),
                )
                .await
                .map(|_| ())
            }
        })
        .await?
    };
    report("REST POST /posts", &a.label, rate, lat);

    // The same load through incoming hooks, spread over `hooks` of them.
    let mut hook_ids = Vec::with_capacity(a.hooks);
    for _ in 0..a.hooks.max(1) {
        let h = admin
            .post("/hooks/incoming", json!({"channel_id": channel_id}))
            .await?;
        hook_ids.push(h["id"].as_str().unwrap_or("").to_owned());
    }
    let (rate, lat) = {
        let (http, base, hooks) = (admin.http.clone(), admin.base.clone(), hook_ids.clone());
        let per = per_client;
        drive(a.clients, per_client, move |c, n| {
            let url = format!("{base}/hooks/{}", hooks[(c * per + n) % hooks.len()]);
            let http = http.clone();
            async move {
                let r = http
                    .post(url)
                    .json(&json!({"text": format!("build {n} passed"), "attachments": [{"color": "good", "title": "CI", "fields": [{"title": "took", "value": "3 min", "short": true}]}]}))
                    .send()
                    .await?;
                if !r.status().is_success() {
                    return Err(format!("hook: {}", r.status()).into());
                }
                Ok(())
            }
        })
        .await?
    };
    report("incoming webhooks", &a.label, rate, lat);

    // REST posts again while every post fires an outgoing hook whose receiver is slow.
    let url = slow_receiver(Duration::from_secs(a.slow_seconds)).await?;
    admin
        .call(
            reqwest::Method::PUT,
            "/config/patch",
            Some(json!({"ServiceSettings": {"AllowedUntrustedInternalConnections": "127.0.0.1"}})),
        )
        .await?;
    admin
        .post(
            "/hooks/outgoing",
            json!({"team_id": team_id, "channel_id": channel_id, "callback_urls": [url]}),
        )
        .await?;
    let (rate, lat) = {
        let (clients, channel_id) = (clients.clone(), channel_id.clone());
        drive(a.clients, per_client, move |c, n| {
            let (s, channel_id) = (clients[c].clone(), channel_id.clone());
            async move {
                s.post(
                    "/posts",
                    json!({"channel_id": channel_id, "message": format!("hooked {n}")}),
                )
                .await
                .map(|_| ())
            }
        })
        .await?
    };
    report(
        &format!(
            "REST POST /posts with an outgoing hook answering in {} s",
            a.slow_seconds
        ),
        &a.label,
        rate,
        lat,
    );
    Ok(())
}
