//! The few API calls the benchmarks need, over one shared HTTP client.

use futures_util::StreamExt;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

pub type Error = Box<dyn std::error::Error + Send + Sync>;

#[derive(Clone)]
pub struct Session {
    pub base: String,
    pub http: reqwest::Client,
    pub token: String,
    pub user_id: String,
    pub username: String,
}

impl Session {
    /// Logs in as the admin, signing up first when the server has no account yet.
    pub async fn admin(base: &str, username: &str, password: &str) -> Result<Session, Error> {
        let http = reqwest::Client::builder()
            .pool_max_idle_per_host(1024)
            .build()?;
        let signup = json!({"username": username, "email": format!("{username}@example.com"), "password": password});
        let _ = http
            .post(format!("{base}/api/v4/users"))
            .json(&signup)
            .send()
            .await?;
        Self::login(base, &http, username, password).await
    }

    pub async fn login(
        base: &str,
        http: &reqwest::Client,
        username: &str,
        password: &str,
    ) -> Result<Session, Error> {
        let r = http
            .post(format!("{base}/api/v4/users/login"))
            .json(&json!({"login_id": username, "password": password}))
            .send()
            .await?;
        if !r.status().is_success() {
            return Err(format!("login as {username} failed: {}", r.status()).into());
        }
        let token = r
            .headers()
            .get("token")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let user: Value = r.json().await?;
        Ok(Session {
            base: base.to_owned(),
            http: http.clone(),
            token,
            user_id: user["id"].as_str().unwrap_or("").to_owned(),
            username: user["username"].as_str().unwrap_or("").to_owned(),
        })
    }

    /// A JSON request; fails unless the status is 2xx.
    pub async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<Value, Error> {
        let mut rb = self
            .http
            .request(method, format!("{}/api/v4{path}", self.base))
            .bearer_auth(&self.token);
        if let Some(b) = body {
            rb = rb.json(&b);
        }
        let r = rb.send().await?;
        let status = r.status();
        let text = r.text().await?;
        if !status.is_success() {
            return Err(format!("{path}: {status}: {text}").into());
        }
        Ok(serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    pub async fn post(&self, path: &str, body: Value) -> Result<Value, Error> {
        self.call(reqwest::Method::POST, path, Some(body)).await
    }

    /// Creates a user (as admin) and logs in as them.
    pub async fn new_user(&self, username: &str, password: &str) -> Result<Session, Error> {
        self.post("/users", json!({"username": username, "email": format!("{username}@example.com"), "password": password})).await?;
        Self::login(&self.base, &self.http, username, password).await
    }

    /// A team and a public channel with the given members.
    pub async fn team_with_channel(
        &self,
        tag: &str,
        members: &[&Session],
    ) -> Result<(String, String), Error> {
        let team = self.post("/teams", json!({"name": format!("bench-{tag}"), "display_name": format!("Bench {tag}"), "type": "O"})).await?;
        let team_id = team["id"].as_str().unwrap_or("").to_owned();
        let channel = self
            .post("/channels", json!({"team_id": team_id, "name": format!("load-{tag}"), "display_name": "Load", "type": "O"}))
            .await?;
        let channel_id = channel["id"].as_str().unwrap_or("").to_owned();
        for m in members {
            self.post(
                &format!("/teams/{team_id}/members"),
                json!({"team_id": team_id, "user_id": m.user_id}),
            )
            .await?;
            self.post(
                &format!("/channels/{channel_id}/members"),
                json!({"user_id": m.user_id}),
            )
            .await?;
        }
        Ok((team_id, channel_id))
    }

    /// Creates `n` users named `<prefix><i>` and logs in as each, `concurrency` at a time (each
    /// costs the server two argon2 hashes: sign-up and login). Also how long that took.
    pub async fn new_users(
        &self,
        prefix: &str,
        n: usize,
        concurrency: usize,
    ) -> Result<(Vec<Session>, Duration), Error> {
        let started = Instant::now();
        let mut users: Vec<(usize, Session)> = futures_util::stream::iter(0..n)
            .map(|i| async move {
                let s = self
                    .new_user(&format!("{prefix}{i}"), "bench-pass-1")
                    .await?;
                Ok::<_, Error>((i, s))
            })
            .buffer_unordered(concurrency.max(1))
            .collect::<Vec<_>>()
            .await
            .into_iter()
            .collect::<Result<_, _>>()?;
        users.sort_by_key(|(i, _)| *i);
        Ok((
            users.into_iter().map(|(_, s)| s).collect(),
            started.elapsed(),
        ))
    }

    /// A team and a public channel with the given members, added in batches.
    pub async fn team_with_channel_batched(
        &self,
        tag: &str,
        user_ids: &[String],
    ) -> Result<(String, String), Error> {
        let (team_id, channel_id) = self.team_with_channel(tag, &[]).await?;
        for chunk in user_ids.chunks(200) {
            let members: Vec<Value> = chunk
                .iter()
                .map(|u| json!({"team_id": team_id, "user_id": u}))
                .collect();
            self.post(&format!("/teams/{team_id}/members/batch"), json!(members))
                .await?;
            self.post(
                &format!("/channels/{channel_id}/members"),
                json!({"user_ids": chunk}),
            )
            .await?;
        }
        Ok((team_id, channel_id))
    }
}
