//! Clients writing to a server as people do, a ledger of every write the server acknowledged,
//! and the check that all of it is stored and the counters agree.

use reqwest::Method;
use serde_json::{Value, json};
use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use stoa_tests::ApiClient;

use crate::process::try_send;

/// A small random source (xorshift64*): the tests need varied timing and choices, printed
/// seeds make a failure reproducible, and no dependency is needed for it.
#[derive(Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    /// `STOA_DURABILITY_SEED`, or the clock.
    pub fn seed() -> u64 {
        std::env::var("STOA_DURABILITY_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_nanos() as u64)
                    .unwrap_or(1)
            })
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// In `0..n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    pub fn millis(&mut self, from: u64, to: u64) -> Duration {
        Duration::from_millis(from + self.below(to - from + 1))
    }
}

/// A signed-in user of the workload.
#[derive(Clone)]
pub struct Member {
    pub client: ApiClient,
    pub user_id: String,
}

/// An admin, a team, one busy channel, and users in both.
pub struct Cast {
    pub admin: Member,
    pub team_id: String,
    pub channel_id: String,
    pub workers: Vec<Member>,
}

fn unique(prefix: &str) -> String {
    format!("{prefix}{}", &stoa_model::new_id()[..10])
}

async fn login(base: &str, login_id: &str, password: &str) -> ApiClient {
    let resp = ApiClient::new(base)
        .post(
            "/users/login",
            json!({"login_id": login_id, "password": password}),
        )
        .await
        .expect(200);
    let token = resp.header("token").expect("a session token").to_owned();
    ApiClient::new(base).with_token(&token)
}

impl Cast {
    /// Signs up the first account (system admin), makes the team, the channel and `workers`
    /// users in both.
    pub async fn create(base: &str, workers: usize) -> Cast {
        let password = "durable-pass-1";
        let name = unique("admin");
        let admin_user = ApiClient::new(base)
            .post(
                "/users",
                json!({"username": name, "email": format!("{name}@example.com"), "password": password}),
            )
            .await
            .expect(201)
            .json();
        let admin = Member {
            client: login(base, &name, password).await,
            user_id: admin_user["id"].as_str().expect("id").to_owned(),
        };
        let team = unique("team");
        let team_id = admin
            .client
            .post(
                "/teams",
                json!({"name": team, "display_name": team, "type": "O"}),
            )
            .await
            .expect(201)
            .json()["id"]
            .as_str()
            .expect("team id")
            .to_owned();
        let channel_id = create_channel(&admin.client, &team_id).await;
        let mut members = Vec::new();
        for i in 0..workers {
            let name = unique(&format!("w{i}u"));
            let user = admin
                .client
                .post(
                    "/users",
                    json!({"username": name, "email": format!("{name}@example.com"), "password": password}),
                )
                .await
                .expect(201)
                .json();
            let user_id = user["id"].as_str().expect("id").to_owned();
            admin
                .client
                .post(
                    &format!("/teams/{team_id}/members"),
                    json!({"team_id": team_id, "user_id": user_id}),
                )
                .await
                .expect(201);
            admin
                .client
                .post(
                    &format!("/channels/{channel_id}/members"),
                    json!({"user_id": user_id}),
                )
                .await
                .expect(201);
            members.push(Member {
                client: login(base, &name, password).await,
                user_id,
            });
        }
        Cast {
            admin,
            team_id,
            channel_id,
            workers: members,
        }
    }
}

async fn create_channel(client: &ApiClient, team_id: &str) -> String {
    let name = unique("ch");
    client
        .post(
            "/channels",
            json!({"team_id": team_id, "name": name, "display_name": name, "type": "O"}),
        )
        .await
        .expect(201)
        .json()["id"]
        .as_str()
        .expect("channel id")
        .to_owned()
}

/// A post the server answered 201 for.
#[derive(Debug, Clone)]
pub struct AckedPost {
    pub message: String,
    pub root_id: String,
    pub file_ids: Vec<String>,
}

/// One request's fate, for the outage test.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub started: Instant,
    pub took: Duration,
    /// `None` when no answer came (connection refused or cut).
    pub status: Option<u16>,
    pub body: Value,
}

/// Everything the server acknowledged, and every answer it gave.
#[derive(Default)]
pub struct Ledger {
    pub posts: HashMap<String, AckedPost>,
    roots: Vec<String>,
    /// `(post, user, emoji)`.
    pub reactions: BTreeSet<(String, String, String)>,
    /// `(channel, user)`.
    pub memberships: BTreeSet<(String, String)>,
    /// Channels the workers made.
    pub channels: Vec<String>,
    /// Uploads answered 201: the uploader (an index into the workers) and the bytes.
    pub files: HashMap<String, (usize, Vec<u8>)>,
    pub outcomes: Vec<Outcome>,
}

impl Ledger {
    pub fn shared() -> Arc<Mutex<Ledger>> {
        Arc::new(Mutex::new(Ledger::default()))
    }
}

const EMOJI: [&str; 6] = ["+1", "smile", "heart", "tada", "eyes", "rocket"];

/// Workers writing until `stop` is set.
pub struct Load {
    stop: Arc<AtomicBool>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl Load {
    pub fn start(cast: &Cast, ledger: &Arc<Mutex<Ledger>>, rng: &mut Rng) -> Load {
        let stop = Arc::new(AtomicBool::new(false));
        let tasks = cast
            .workers
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let worker = Worker {
                    me: w.clone(),
                    index: i,
                    team_id: cast.team_id.clone(),
                    channel_id: cast.channel_id.clone(),
                    ledger: ledger.clone(),
                    rng: Rng::new(rng.next()),
                };
                tokio::spawn(worker.run(stop.clone()))
            })
            .collect();
        Load { stop, tasks }
    }

    pub async fn stop(self) {
        self.stop.store(true, Ordering::SeqCst);
        for t in self.tasks {
            t.await.expect("a worker ended cleanly");
        }
    }
}

struct Worker {
    me: Member,
    index: usize,
    team_id: String,
    channel_id: String,
    ledger: Arc<Mutex<Ledger>>,
    rng: Rng,
}

impl Worker {
    fn ledger(&self) -> std::sync::MutexGuard<'_, Ledger> {
        self.ledger.lock().expect("ledger lock")
    }

    async fn run(mut self, stop: Arc<AtomicBool>) {
        let mut n = 0u64;
        while !stop.load(Ordering::SeqCst) {
            n += 1;
            let answered = match self.rng.below(100) {
                0..=59 => self.post(n, None).await,
                60..=74 => {
                    let root = self.pick_root();
                    self.post(n, root).await
                }
                75..=84 => self.react().await,
                85..=89 => self.join().await,
                90..=94 => self.create_channel().await,
                _ => self.upload(n).await,
            };
            if !answered {
                // The server is down: do not spin while it restarts.
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
    }

    /// Sends and records the outcome; `None` when no answer came.
    async fn send(&self, rb: reqwest::RequestBuilder) -> Option<(u16, Value)> {
        let started = Instant::now();
        let resp = try_send(rb).await.ok();
        let outcome = Outcome {
            started,
            took: started.elapsed(),
            status: resp.as_ref().map(|r| r.status),
            body: resp.as_ref().map(|r| r.json()).unwrap_or(Value::Null),
        };
        self.ledger().outcomes.push(outcome);
        resp.map(|r| (r.status, r.json()))
    }

    fn pick_root(&mut self) -> Option<String> {
        let pick = self.rng.next();
        let l = self.ledger();
        (!l.roots.is_empty()).then(|| l.roots[(pick % l.roots.len() as u64) as usize].clone())
    }

    async fn post(&mut self, n: u64, root: Option<String>) -> bool {
        self.post_with_files(n, root, Vec::new()).await
    }

    async fn post_with_files(&mut self, n: u64, root: Option<String>, files: Vec<String>) -> bool {
        let message = format!("worker {} message {n} {}", self.index, stoa_model::new_id());
        let root_id = root.unwrap_or_default();
        let body = json!({"channel_id": self.channel_id, "message": message, "root_id": root_id, "file_ids": files});
        let Some((status, json)) = self
            .send(self.me.client.request(Method::POST, "/posts").json(&body))
            .await
        else {
            return false;
        };
        if status == 201 {
            let id = json["id"].as_str().expect("post id").to_owned();
            let mut l = self.ledger();
            if root_id.is_empty() {
                l.roots.push(id.clone());
            }
            l.posts.insert(
                id,
                AckedPost {
                    message,
                    root_id,
                    file_ids: files,
                },
            );
        }
        true
    }

    async fn react(&mut self) -> bool {
        let pick = self.rng.next();
        let post = {
            let l = self.ledger();
            if l.posts.is_empty() {
                return true;
            }
            l.posts
                .keys()
                .nth((pick % l.posts.len() as u64) as usize)
                .cloned()
        };
        let Some(post_id) = post else { return true };
        let emoji = EMOJI[self.rng.below(EMOJI.len() as u64) as usize];
        let body = json!({"user_id": self.me.user_id, "post_id": post_id, "emoji_name": emoji});
        let Some((status, _)) = self
            .send(
                self.me
                    .client
                    .request(Method::POST, "/reactions")
                    .json(&body),
            )
            .await
        else {
            return false;
        };
        if status == 200 {
            self.ledger()
                .reactions
                .insert((post_id, self.me.user_id.clone(), emoji.to_owned()));
        }
        true
    }

    async fn join(&mut self) -> bool {
        let pick = self.rng.next();
        let channel = {
            let l = self.ledger();
            let open: Vec<&String> = l
                .channels
                .iter()
                .filter(|c| {
                    !l.memberships
                        .contains(&((*c).clone(), self.me.user_id.clone()))
                })
                .collect();
            if open.is_empty() {
                return true;
            }
            open[(pick % open.len() as u64) as usize].clone()
        };
        let body = json!({"user_id": self.me.user_id});
        let Some((status, _)) = self
            .send(
                self.me
                    .client
                    .request(Method::POST, &format!("/channels/{channel}/members"))
                    .json(&body),
            )
            .await
        else {
            return false;
        };
        if status == 201 {
            self.ledger()
                .memberships
                .insert((channel, self.me.user_id.clone()));
        }
        true
    }

    async fn create_channel(&mut self) -> bool {
        let name = unique("ch");
        let body =
            json!({"team_id": self.team_id, "name": name, "display_name": name, "type": "O"});
        let Some((status, json)) = self
            .send(
                self.me
                    .client
                    .request(Method::POST, "/channels")
                    .json(&body),
            )
            .await
        else {
            return false;
        };
        if status == 201 {
            let id = json["id"].as_str().expect("channel id").to_owned();
            let mut l = self.ledger();
            l.channels.push(id.clone());
            l.memberships.insert((id, self.me.user_id.clone()));
        }
        true
    }

    async fn upload(&mut self, n: u64) -> bool {
        let bytes = format!(
            "file {n} of worker {} {}\n",
            self.index,
            stoa_model::new_id()
        )
        .repeat(1 + self.rng.below(200) as usize)
        .into_bytes();
        let path = format!("/files?channel_id={}&filename=f{n}.txt", self.channel_id);
        let rb = self
            .me
            .client
            .request(Method::POST, &path)
            .header("content-type", "text/plain")
            .body(bytes.clone());
        let Some((status, json)) = self.send(rb).await else {
            return false;
        };
        if status != 201 {
            return true;
        }
        let id = json["file_infos"][0]["id"]
            .as_str()
            .expect("file id")
            .to_owned();
        self.ledger().files.insert(id.clone(), (self.index, bytes));
        self.post_with_files(n, None, vec![id]).await
    }
}
