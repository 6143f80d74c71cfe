//! The request fuzzer: every routed endpoint (the baseline `docs/ENDPOINTS.md`, plus the
//! features refused as unlicensed) gets generated bad input — path ids of the wrong length or
//! alphabet, bad query values, odd headers, and bodies of the wrong type, huge, nested past any
//! parser's depth, cut short, not UTF-8 or holding NUL — as a system admin, as a plain user and
//! now and then without a session. Any 5xx other than a deliberate 501 (Mattermost's answer for
//! unlicensed features) or the 500 with which `POST /email/test` reports that the SMTP server
//! failed (Mattermost's answer too), or a dropped connection, fails the test; the server must
//! still answer afterwards.
//!
//! Seeded and reproducible: the seed is printed. `STOA_FUZZ_SEED=<n>` replays a run,
//! `STOA_FUZZ_CASE=<i>` only its case `i`, `STOA_FUZZ_ITERATIONS=<n>` sets the number of cases
//! (`scripts/fuzz.sh` runs a long one). A case that found a bug becomes an explicit test in
//! `regressions.rs`.

mod input;
mod regressions;

use reqwest::Method;
use serde_json::{Value, json};
use std::path::PathBuf;
use std::time::Duration;
use stoa_tests::messaging::Room;
use stoa_tests::{ApiClient, Fixture, TestServer, api_test};

use input::Rng;

/// Cases per route in a default run (CI): about 10 s on SQLite, 25 s on PostgreSQL.
const DEFAULT_PASSES: usize = 10;
/// Every this many cases, the fixtures are put back (sessions, roles, memberships, config),
/// since a fuzzed request may have changed them.
const RESTORE_EVERY: usize = 60;
/// Longest URL sent: past 50,000 bytes (SQLite's longest LIKE pattern), within `http::Uri`'s.
const MAX_URL: usize = 65_000;

fn repo_file(rel: &str) -> String {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    std::fs::read_to_string(root.join(rel)).expect("file in the repository")
}

/// `(method, /api/v4 path template)` of every routed endpoint.
fn routes() -> Vec<(Method, String)> {
    let mut out: Vec<(Method, String)> = repo_file("docs/ENDPOINTS.md")
        .lines()
        .filter_map(|l| l.strip_prefix("- `")?.strip_suffix('`'))
        .filter_map(|l| l.split_once(' '))
        .filter_map(|(m, p)| Some((Method::from_bytes(m.as_bytes()).ok()?, p.to_owned())))
        .collect();
    for line in repo_file("crates/stoa-api/src/api4/unlicensed.rs").lines() {
        let Some((method, rest)) = line.trim().split_once(" \"/") else {
            continue;
        };
        if let (Ok(m), Some((path, _))) = (
            Method::from_bytes(method.as_bytes()),
            rest.split_once("\" =>"),
        ) {
            out.push((m, format!("/api/v4/{path}")));
        }
    }
    out
}

/// Who sends a case.
#[derive(Clone, Copy, Debug)]
enum Who {
    Admin,
    User,
    Anonymous,
}

/// Ids of real objects, so that some cases get past the lookups to the code behind them.
struct Known {
    team: String,
    channel: String,
    post: String,
    file: String,
    admin: String,
    user: String,
}

/// One generated request.
struct Case {
    who: Who,
    method: Method,
    url: String,
    headers: Vec<(&'static str, Vec<u8>)>,
    body: Option<(String, Vec<u8>)>,
}

impl Case {
    /// The case as a reader can take it to a regression test (long values shortened).
    fn describe(&self) -> String {
        let short = |s: &str| {
            if s.len() > 300 {
                let mut end = 300;
                while !s.is_char_boundary(end) {
                    end -= 1;
                }
                format!("{}…({} bytes)", &s[..end], s.len())
            } else {
                s.to_owned()
            }
        };
        let mut d = format!("{:?} {} {}", self.who, self.method, short(&self.url));
        for (name, value) in &self.headers {
            d.push_str(&format!(
                "\n    {name}: {}",
                short(&String::from_utf8_lossy(value))
            ));
        }
        if let Some((ctype, body)) = &self.body {
            d.push_str(&format!(
                "\n    body ({ctype}): {}",
                short(&String::from_utf8_lossy(body))
            ));
        }
        d
    }
}

fn path_param(r: &mut Rng, name: &str, k: &Known, who: Who) -> String {
    if r.chance(50) {
        return if r.chance(70) {
            input::encode(&input::bad_id(r))
        } else if r.chance(50) {
            input::encode(&input::text(r))
        } else {
            input::raw_url_piece(r)
        };
    }
    let me = match who {
        Who::Admin => &k.admin,
        _ => &k.user,
    };
    if name.contains("team") {
        k.team.clone()
    } else if name.contains("channel") {
        k.channel.clone()
    } else if name.contains("user") {
        (*r.pick(&["me", me.as_str(), k.admin.as_str(), k.user.as_str()])).to_owned()
    } else if name.contains("post") || name.contains("thread") {
        k.post.clone()
    } else if name.contains("file") {
        k.file.clone()
    } else {
        input::encode(&input::text(r))
    }
}

fn generate(r: &mut Rng, method: &Method, template: &str, k: &Known) -> Case {
    let who = match r.below(10) {
        0 => Who::Anonymous,
        1..=5 => Who::Admin,
        _ => Who::User,
    };
    let path: Vec<String> = template
        .split('/')
        .map(|seg| match seg.strip_prefix('{') {
            Some(name) => path_param(r, name, k, who),
            None => seg.to_owned(),
        })
        .collect();
    let mut url = path.join("/");
    let params = r.below(4);
    for i in 0..params {
        url.push(if i == 0 { '?' } else { '&' });
        let value = match r.below(4) {
            0 => input::number_text(r),
            1 => input::raw_url_piece(r),
            _ => input::encode(&input::text(r)),
        };
        url.push_str(&format!("{}={value}", r.pick(input::NAMES)));
    }
    // `http::Uri` holds at most 64 KiB: a longer URL could not be sent at all.
    if url.len() > MAX_URL {
        url.truncate(MAX_URL);
    }
    let headers = (0..r.below(3)).map(|_| input::header(r)).collect();
    let upload = *method == Method::POST
        && (template.ends_with("/files")
            || template.ends_with("/image")
            || template.ends_with("/emoji"));
    let body = if upload && r.chance(70) {
        Some(input::multipart(r, &k.channel))
    } else if *method != Method::GET || r.chance(10) {
        Some(input::body(r))
    } else {
        None
    };
    Case {
        who,
        method: method.clone(),
        url,
        headers,
        body,
    }
}

/// The fuzzing identities and the untouched admin that restores them.
struct Actors {
    root: ApiClient,
    admin: ApiClient,
    user: ApiClient,
    http: reqwest::Client,
    base: String,
}

impl Actors {
    fn client(&self, who: Who) -> Option<&ApiClient> {
        match who {
            Who::Admin => Some(&self.admin),
            Who::User => Some(&self.user),
            Who::Anonymous => None,
        }
    }
}

async fn send(a: &Actors, case: &Case) -> Result<(u16, String), String> {
    let mut rb = a
        .http
        .request(case.method.clone(), format!("{}{}", a.base, case.url))
        .timeout(Duration::from_secs(30));
    if let Some(token) = a.client(case.who).and_then(|c| c.token.as_deref()) {
        rb = rb.bearer_auth(token);
    }
    for (name, value) in &case.headers {
        if let Ok(v) = reqwest::header::HeaderValue::from_bytes(value) {
            rb = rb.header(*name, v);
        }
    }
    if let Some((ctype, body)) = &case.body {
        if !ctype.is_empty() {
            rb = rb.header("content-type", ctype);
        }
        rb = rb.body(body.clone());
    }
    let resp = rb
        .send()
        .await
        .map_err(|e| format!("no answer: {}", e.without_url()))?;
    let status = resp.status().as_u16();
    let body = resp
        .text()
        .await
        .map_err(|e| format!("answer cut: {}", e.without_url()))?;
    Ok((status, body.chars().take(400).collect()))
}

/// Puts the fixtures back as they were: config, both users active with their roles and a live
/// session (under their own name and password), members of the team and the channel, the team
/// and channel not archived.
async fn restore(t: &TestServer, a: &mut Actors, room: &Room, config: &Value) {
    if a.root.get("/users/me").await.status != 200 {
        a.root = t
            .login(&room.admin.user.username, &room.admin.password)
            .await;
    }
    let root = &a.root;
    root.put("/config", config.clone()).await;
    root.post(&format!("/teams/{}/restore", room.team.id), json!({}))
        .await;
    root.post(&format!("/channels/{}/restore", room.channel.id), json!({}))
        .await;
    for (u, roles) in [
        (&room.alice, "system_user system_admin"),
        (&room.bob, "system_user"),
    ] {
        root.put(
            &format!("/users/{}/active", u.id()),
            json!({"active": true}),
        )
        .await;
        // `convert_to_bot` may have made them a bot, which cannot log in (404 when not).
        root.post(&format!("/bots/{}/enable", u.id()), json!({}))
            .await;
        root.post(
            &format!("/bots/{}/convert_to_user", u.id()),
            json!({"password": u.password}),
        )
        .await;
        root.put(&format!("/users/{}/roles", u.id()), json!({"roles": roles}))
            .await;
        root.post(
            &format!("/teams/{}/members", room.team.id),
            json!({"team_id": room.team.id, "user_id": u.id()}),
        )
        .await;
        root.post(
            &format!("/channels/{}/members", room.channel.id),
            json!({"user_id": u.id()}),
        )
        .await;
    }
    for (client, u) in [(&mut a.admin, &room.alice), (&mut a.user, &room.bob)] {
        if client.get("/users/me").await.status != 200 {
            // A fuzzed patch may have renamed them, an admin's may have set another password.
            root.put(
                &format!("/users/{}/patch", u.id()),
                json!({"username": u.user.username}),
            )
            .await;
            root.put(
                &format!("/users/{}/password", u.id()),
                json!({"new_password": u.password}),
            )
            .await;
            *client = t.login(&u.user.username, &u.password).await;
        }
    }
}

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

async fn bad_requests_never_fail_the_server(t: TestServer) {
    let room = Room::new(&t).await;
    let admin = room.alice.client.clone();
    room.admin
        .client
        .put(
            &format!("/users/{}/roles", room.alice.id()),
            json!({"roles": "system_user system_admin"}),
        )
        .await
        .expect(200);
    let post: Value = room
        .bob
        .client
        .post(
            "/posts",
            json!({"channel_id": room.channel.id, "message": "fuzz target"}),
        )
        .await
        .expect(201)
        .json();
    let file = super::files::upload(&room.bob.client, &room.channel.id, "f.txt", b"fuzz").await;
    let config = room.admin.client.get("/config").await.expect(200).json();
    let known = Known {
        team: room.team.id.clone(),
        channel: room.channel.id.clone(),
        post: post["id"].as_str().unwrap_or_default().to_owned(),
        file: file.id,
        admin: room.alice.id().to_owned(),
        user: room.bob.id().to_owned(),
    };
    let mut actors = Actors {
        root: room.admin.client.clone(),
        admin,
        user: room.bob.client.clone(),
        // A fresh connection per request: a dropped one then means this request broke it.
        http: reqwest::Client::builder()
            .pool_max_idle_per_host(0)
            .build()
            .expect("http client"),
        base: t.base_url().to_owned(),
    };

    let routes = routes();
    assert!(
        routes.len() > 200,
        "the route table was read ({})",
        routes.len()
    );
    let seed = env_number("STOA_FUZZ_SEED").unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(1)
    });
    let iterations = env_number("STOA_FUZZ_ITERATIONS")
        .map(|n| n as usize)
        .unwrap_or(routes.len() * DEFAULT_PASSES);
    let only = env_number("STOA_FUZZ_CASE").map(|n| n as usize);
    println!(
        "request fuzzer ({:?}): STOA_FUZZ_SEED={seed} STOA_FUZZ_ITERATIONS={iterations}, {} routes",
        t.backend(),
        routes.len()
    );

    let mut failures = Vec::new();
    let started = std::time::Instant::now();
    for i in 0..iterations {
        if only.is_some_and(|c| c != i) {
            continue;
        }
        if i % RESTORE_EVERY == 0 {
            restore(&t, &mut actors, &room, &config).await;
        }
        let (method, template) = &routes[i % routes.len()];
        let case = generate(&mut Rng::for_case(seed, i as u64), method, template, &known);
        match send(&actors, &case).await {
            Ok((status, _)) if status < 500 || status == 501 => {}
            Ok((500, body)) if body.contains("\"app.admin.test_email.failure\"") => {}
            Ok((status, body)) => {
                failures.push(format!("case {i}: {status} {body}\n  {}", case.describe()));
            }
            Err(e) => failures.push(format!("case {i}: {e}\n  {}", case.describe())),
        }
    }
    println!(
        "request fuzzer ({:?}): {iterations} cases in {:.1}s",
        t.backend(),
        started.elapsed().as_secs_f64()
    );
    t.anon().get("/system/ping").await.expect(200);
    assert!(
        failures.is_empty(),
        "{} of {iterations} fuzzed requests failed the server; replay with STOA_FUZZ_SEED={seed} \
         (and STOA_FUZZ_CASE=<i> for one case):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

api_test!(bad_requests_never_fail_the_server);
