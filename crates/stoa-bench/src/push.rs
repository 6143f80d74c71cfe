//! `stoa-bench push`: a channel of `--members` users of whom `--pushed` have a phone and want a
//! push for every message; a push proxy in this process answers OK and notes when each push
//! arrives. Figures: the time from `POST /posts` to the last push handed to the proxy, and
//! `POST /posts` latency with pushes off and on.

use clap::Args;
use futures_util::StreamExt;
use serde_json::json;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};

use crate::api::{Error, Session};
use crate::stats::{ms, summarize};

#[derive(Args)]
pub struct PushArgs {
    /// Channel members.
    #[arg(long, default_value_t = 5000)]
    members: usize,
    /// Members with a push device and `push: all`.
    #[arg(long, default_value_t = 1000)]
    pushed: usize,
    /// Posts whose fan-out is timed.
    #[arg(long, default_value_t = 5)]
    rounds: usize,
    /// Sequential posts per latency run.
    #[arg(long, default_value_t = 100)]
    posts: usize,
    #[arg(long, default_value = "")]
    label: String,
}

/// Pushes received per post id, with the time of the last one.
type Seen = Arc<Mutex<HashMap<String, (usize, Instant)>>>;

/// A keep-alive HTTP/1.1 server answering every request `{"status":"OK"}`.
async fn proxy(seen: Seen) -> Result<String, Error> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}", listener.local_addr()?);
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let seen = seen.clone();
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut reader = BufReader::new(read);
                loop {
                    let mut length = 0usize;
                    let mut line = String::new();
                    loop {
                        line.clear();
                        match reader.read_line(&mut line).await {
                            Ok(0) | Err(_) => return,
                            Ok(_) => {}
                        }
                        if line == "\r\n" {
                            break;
                        }
                        if let Some((k, v)) = line.split_once(':')
                            && k.eq_ignore_ascii_case("content-length")
                        {
                            length = v.trim().parse().unwrap_or(0);
                        }
                    }
                    let mut body = vec![0u8; length];
                    if reader.read_exact(&mut body).await.is_err() {
                        return;
                    }
                    if let Ok(v) = serde_json::from_slice::<serde_json::Value>(&body)
                        && let Some(post) = v["post_id"].as_str()
                        && v["type"] == "message"
                        && let Ok(mut s) = seen.lock()
                    {
                        let e = s.entry(post.to_owned()).or_insert((0, Instant::now()));
                        e.0 += 1;
                        e.1 = Instant::now();
                    }
                    let answer = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 15\r\n\r\n{\"status\":\"OK\"}";
                    if write.write_all(answer).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    Ok(url)
}

/// Sequential posts by `poster`: their latencies.
async fn post_latencies(
    poster: &Session,
    channel_id: &str,
    n: usize,
) -> Result<Vec<Duration>, Error> {
    let mut lat = Vec::with_capacity(n);
    for i in 0..n {
        let t0 = Instant::now();
        poster
            .post(
                "/posts",
                json!({"channel_id": channel_id, "message": format!("latency {i}")}),
            )
            .await?;
        lat.push(t0.elapsed());
    }
    Ok(lat)
}

fn report_latency(label: &str, what: &str, lat: Vec<Duration>) {
    let s = summarize(lat);
    println!(
        "push {label}: POST /posts {what}: {n} posts, p50 {p50:.1} ms, p99 {p99:.1} ms, max {max:.1} ms",
        n = s.count,
        p50 = ms(s.p50),
        p99 = ms(s.p99),
        max = ms(s.max),
    );
}

pub async fn run(admin: &Session, a: PushArgs) -> Result<(), Error> {
    let tag = stoa_model::new_id()[..8].to_owned();
    let tag = tag.as_str();
    let started = Instant::now();
    // Users over the API, a few at a time (each sign-up is one argon2 hash on the server).
    let ids: Vec<(usize, String)> = futures_util::stream::iter(0..a.members)
        .map(|i| async move {
            let name = format!("p{tag}{i}");
            let u = admin
                .post(
                    "/users",
                    json!({"username": name, "email": format!("{name}@example.com"), "password": "bench-pass-1"}),
                )
                .await?;
            Ok::<_, Error>((i, u["id"].as_str().unwrap_or("").to_owned()))
        })
        .buffer_unordered(4)
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .collect::<Result<_, _>>()?;
    let mut ids = ids;
    ids.sort_by_key(|(i, _)| *i);
    let user_ids: Vec<String> = ids.into_iter().map(|(_, id)| id).collect();
    let (_team, channel_id) = admin.team_with_channel_batched(tag, &user_ids).await?;

    // The pushed members log in from a phone and ask for every message.
    let mut props: serde_json::Value =
        admin.call(reqwest::Method::GET, "/users/me", None).await?["notify_props"].clone();
    props["push"] = "all".into();
    let pushed: Vec<usize> = (0..a.pushed.min(a.members)).collect();
    futures_util::stream::iter(pushed)
        .map(|i| {
            let (props, id) = (props.clone(), user_ids[i].clone());
            async move {
                let name = format!("p{tag}{i}");
                let r = admin
                    .http
                    .post(format!("{}/api/v4/users/login", admin.base))
                    .json(&json!({"login_id": name, "password": "bench-pass-1", "device_id": format!("android_rn-v2:device{i}")}))
                    .send()
                    .await?;
                if !r.status().is_success() {
                    return Err::<(), Error>(format!("login: {}", r.status()).into());
                }
                admin
                    .call(
                        reqwest::Method::PUT,
                        &format!("/users/{id}/patch"),
                        Some(json!({"notify_props": props})),
                    )
                    .await?;
                Ok(())
            }
        })
        .buffer_unordered(4)
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .collect::<Result<Vec<()>, _>>()?;
    println!(
        "push {}: setup: {} members, {} with a phone and push for every message, in {:.0} s",
        a.label,
        a.members,
        a.pushed,
        started.elapsed().as_secs_f64()
    );

    let off = post_latencies(admin, &channel_id, a.posts).await?;
    report_latency(&a.label, "with pushes off", off);

    let seen: Seen = Arc::default();
    let url = proxy(seen.clone()).await?;
    admin
        .call(
            reqwest::Method::PUT,
            "/config/patch",
            Some(json!({"EmailSettings": {"SendPushNotifications": true, "PushNotificationServer": url}})),
        )
        .await?;

    let mut fanout = Vec::new();
    for round in 0..a.rounds {
        let t0 = Instant::now();
        let post = admin
            .post(
                "/posts",
                json!({"channel_id": channel_id, "message": format!("fan-out {round}")}),
            )
            .await?;
        let posted = t0.elapsed();
        let id = post["id"].as_str().unwrap_or("").to_owned();
        let deadline = Instant::now() + Duration::from_secs(120);
        let last = loop {
            let got = seen.lock().ok().and_then(|s| s.get(&id).copied());
            if let Some((n, at)) = got
                && n >= a.pushed
            {
                break at;
            }
            if Instant::now() > deadline {
                return Err(
                    format!("only {:?} pushes for {id} after 120 s", got.map(|g| g.0)).into(),
                );
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        };
        let all = last.duration_since(t0);
        println!(
            "push {}: round {round}: POST answered in {:.1} ms; {} pushes handed to the proxy, the last {:.0} ms after the POST ({:.0} pushes/s)",
            a.label,
            ms(posted),
            a.pushed,
            ms(all),
            a.pushed as f64 / all.as_secs_f64()
        );
        fanout.push(all);
    }
    let s = summarize(fanout);
    println!(
        "push {}: post → last of {} pushes: p50 {:.0} ms, max {:.0} ms",
        a.label,
        a.pushed,
        ms(s.p50),
        ms(s.max)
    );

    let on = post_latencies(admin, &channel_id, a.posts).await?;
    report_latency(
        &a.label,
        "with pushes on (each post pushes to every phone)",
        on,
    );
    Ok(())
}
