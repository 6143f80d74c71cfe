//! The few API calls the benchmarks need, over one shared HTTP client.

use serde_json::{Value, json};

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
}
