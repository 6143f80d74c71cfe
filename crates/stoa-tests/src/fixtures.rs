//! Builders for the data most tests need: an admin, users, teams, channels.

use serde_json::{Value, json};
use stoa_model::channel::Channel;
use stoa_model::team::Team;
use stoa_model::user::User;

use crate::client::ApiClient;
use crate::server::TestServer;

/// A user and a client logged in as them.
#[derive(Clone)]
pub struct TestUser {
    pub user: User,
    pub password: String,
    pub client: ApiClient,
}

impl TestUser {
    pub fn id(&self) -> &str {
        &self.user.id
    }
}

/// Fixture builders on a test server.
#[async_trait::async_trait]
pub trait Fixture {
    /// Signs up the first account (which becomes system admin) and logs in.
    async fn admin(&self) -> TestUser;
    /// Has `admin` create a user named `<prefix><random>` and logs in as them.
    async fn user(&self, admin: &TestUser, prefix: &str) -> TestUser;
    /// Logs in and returns a client with the session token.
    async fn login(&self, login_id: &str, password: &str) -> ApiClient;
    /// Creates an open team as `owner`.
    async fn team(&self, owner: &TestUser) -> Team;
    /// Creates a channel (`O` or `P`) in a team as `owner`.
    async fn channel(&self, owner: &TestUser, team: &Team, kind: &str) -> Channel;
}

fn unique(prefix: &str) -> String {
    format!("{prefix}{}", &stoa_model::new_id()[..8])
}

#[async_trait::async_trait]
impl Fixture for TestServer {
    async fn admin(&self) -> TestUser {
        let password = "admin-pass-1".to_owned();
        let username = unique("admin");
        let resp = self
            .anon()
            .post("/users", json!({"username": username, "email": format!("{username}@example.com"), "password": password}))
            .await
            .expect(201);
        let user: User = resp.parse();
        let client = self.login(&username, &password).await;
        TestUser {
            user,
            password,
            client,
        }
    }

    async fn user(&self, admin: &TestUser, prefix: &str) -> TestUser {
        let password = "user-pass-1".to_owned();
        let username = unique(prefix);
        let body = json!({
            "username": username, "email": format!("{username}@example.com"), "password": password,
            "first_name": prefix, "last_name": "Tester",
        });
        let user: User = admin.client.post("/users", body).await.expect(201).parse();
        let client = self.login(&username, &password).await;
        TestUser {
            user,
            password,
            client,
        }
    }

    async fn login(&self, login_id: &str, password: &str) -> ApiClient {
        let resp = self
            .anon()
            .post(
                "/users/login",
                json!({"login_id": login_id, "password": password}),
            )
            .await
            .expect(200);
        let token = resp.header("token").expect("Token header").to_owned();
        self.anon().with_token(&token)
    }

    async fn team(&self, owner: &TestUser) -> Team {
        let name = unique("team");
        owner
            .client
            .post(
                "/teams",
                json!({"name": name, "display_name": format!("Team {name}"), "type": "O"}),
            )
            .await
            .expect(201)
            .parse()
    }

    async fn channel(&self, owner: &TestUser, team: &Team, kind: &str) -> Channel {
        let name = unique("chan");
        let body: Value = json!({"team_id": team.id, "name": name, "display_name": format!("Channel {name}"), "type": kind});
        owner
            .client
            .post("/channels", body)
            .await
            .expect(201)
            .parse()
    }
}
