//! The matrix's world: two teams, channels, a direct message, a thread, a file, an emoji, a
//! category, and one user per actor column. Path parameters name these real objects, so a cell
//! says what an actor may do to a resource of someone else's team, channel or account.

use serde_json::{Value, json};
use std::collections::HashMap;
use stoa_model::channel::Channel;
use stoa_model::team::Team;
use stoa_tests::messaging::{add_to_channel, add_to_team, reply, say};
use stoa_tests::multipart::{self, Part};
use stoa_tests::{ApiClient, Fixture, TestServer, TestUser};

/// The actor columns of `matrix.tsv`, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    /// No session.
    Anonymous,
    /// A member of the other team only.
    Outsider,
    /// A member of the team, not of the private channel.
    TeamMember,
    /// A member of the team and of the private channel (a plain member: not its admin).
    ChannelMember,
    /// A team admin of the team, not a member of the private channel.
    TeamAdmin,
    /// A system admin, member of nothing it did not create.
    SystemAdmin,
    /// A guest invited to the private channel: not run until Stoa has guest accounts (the
    /// column holds `-`). To add it: create the guest in `World::build`, map it in `client`.
    Guest,
}

pub const ACTORS: [Actor; 7] = [
    Actor::Anonymous,
    Actor::Outsider,
    Actor::TeamMember,
    Actor::ChannelMember,
    Actor::TeamAdmin,
    Actor::SystemAdmin,
    Actor::Guest,
];

impl Actor {
    pub fn column(self) -> &'static str {
        match self {
            Actor::Anonymous => "anon",
            Actor::Outsider => "outsider",
            Actor::TeamMember => "member",
            Actor::ChannelMember => "chan",
            Actor::TeamAdmin => "tadmin",
            Actor::SystemAdmin => "sysadmin",
            Actor::Guest => "guest",
        }
    }
}

pub struct World {
    pub t: TestServer,
    /// The system admin column; also creates the fixture.
    pub admin: TestUser,
    /// Owns the private channel, the thread's root, the file and the emoji; acts in no column.
    pub owner: TestUser,
    pub outsider: TestUser,
    pub member: TestUser,
    /// The channel member: the `{user_id}` of every path, so "self" is this column.
    pub chan: TestUser,
    pub tadmin: TestUser,
    /// A member of the team nobody acts as: the one added to channels and teams.
    pub spare: TestUser,
    /// The invite-only team every `{team_id}` names.
    pub team: Team,
    /// The private channel every `{channel_id}` names.
    pub private: Channel,
    pub params: HashMap<&'static str, String>,
    /// Request bodies read from the world (the category, the config).
    pub bodies: HashMap<&'static str, Value>,
}

fn ok(resp: stoa_tests::Resp) -> Value {
    assert!(
        (200..300).contains(&resp.status),
        "fixture step failed: {} {}",
        resp.status,
        resp.text()
    );
    resp.json()
}

fn id_of(v: &Value) -> String {
    v["id"].as_str().expect("an id").to_owned()
}

/// An emoji upload body (multipart content type, bytes).
pub fn emoji_form(name: &str, creator: &str) -> (String, Vec<u8>) {
    let meta = json!({"name": name, "creator_id": creator}).to_string();
    let png = multipart::tiny_png();
    let body = multipart::form(&[
        Part::file("image", "e.png", &png),
        Part::text("emoji", &meta),
    ]);
    (multipart::content_type(), body)
}

/// A short unique suffix for names.
pub fn unique() -> String {
    stoa_model::new_id()[..10].to_owned()
}

impl World {
    pub async fn build(t: &TestServer) -> World {
        let admin = t.admin().await;
        let (owner, outsider, member, chan, tadmin, spare) = tokio::join!(
            t.user(&admin, "owner"),
            t.user(&admin, "outsider"),
            t.user(&admin, "member"),
            t.user(&admin, "chan"),
            t.user(&admin, "tadmin"),
            t.user(&admin, "spare"),
        );
        let a = &admin.client;
        let team: Team = a
            .post(
                "/teams",
                json!({"name": format!("home{}", unique()), "display_name": "Home", "type": "I"}),
            )
            .await
            .expect(201)
            .parse();
        let other = t.team(&admin).await;
        for u in [&owner, &member, &chan, &tadmin, &spare] {
            add_to_team(a, &team.id, u.id()).await;
        }
        add_to_team(a, &other.id, outsider.id()).await;
        ok(a.put(
            &format!("/teams/{}/members/{}/roles", team.id, tadmin.id()),
            json!({"roles": "team_user team_admin"}),
        )
        .await);
        // The admin created the team, so it is a member; it must be a member of nothing.
        ok(
            a.delete(&format!("/teams/{}/members/{}", team.id, admin.id()))
                .await,
        );

        let private = t.channel(&owner, &team, "P").await;
        add_to_channel(&owner.client, &private.id, chan.id()).await;
        let public = t.channel(&owner, &team, "O").await;
        let dm = ok(owner
            .client
            .post("/channels/direct", json!([owner.id(), spare.id()]))
            .await);

        let root = say(&owner.client, &private.id, "the thread's root").await;
        reply(&chan.client, &root, "chan follows the thread").await;
        let png = multipart::tiny_png();
        let upload = ok(owner
            .client
            .raw(
                reqwest::Method::POST,
                "/files",
                &multipart::content_type(),
                multipart::form(&[
                    Part::text("channel_id", &private.id),
                    Part::file("files", "a.png", &png),
                ]),
            )
            .await);
        let file_id = upload["file_infos"][0]["id"]
            .as_str()
            .expect("file id")
            .to_owned();
        ok(owner
            .client
            .post(
                "/posts",
                json!({"channel_id": private.id, "message": "a file", "file_ids": [file_id]}),
            )
            .await);
        let emoji_name = format!("matrix{}", unique());
        let (ct, body) = emoji_form(&emoji_name, owner.id());
        let emoji = ok(owner
            .client
            .raw(reqwest::Method::POST, "/emoji", &ct, body)
            .await);
        let cats = format!("/users/{}/teams/{}/channels/categories", chan.id(), team.id);
        let category = ok(chan
            .client
            .post(
                &cats,
                json!({"user_id": chan.id(), "team_id": team.id, "display_name": "Mine", "channel_ids": []}),
            )
            .await);
        let pref = json!([{"user_id": chan.id(), "category": "display_settings", "name": "use_military_time", "value": "true"}]);
        ok(chan
            .client
            .put(&format!("/users/{}/preferences", chan.id()), pref)
            .await);
        let config = ok(a.get("/config").await);
        let role = ok(a.get("/roles/name/system_user").await);

        let params = HashMap::from([
            ("team_id", team.id.clone()),
            ("teamId", team.id.clone()),
            ("team_name", team.name.clone()),
            ("name", team.name.clone()),
            ("invite_id", team.invite_id.clone()),
            ("channel_id", private.id.clone()),
            ("channel_name", private.name.clone()),
            ("user_id", chan.id().to_owned()),
            ("username", chan.user.username.clone()),
            ("email", chan.user.email.clone()),
            ("post_id", root.id.clone()),
            ("thread_id", root.id.clone()),
            ("timestamp", stoa_model::now_ms().to_string()),
            ("file_id", file_id),
            ("emoji_id", id_of(&emoji)),
            ("emoji_name", emoji_name),
            ("category_id", id_of(&category)),
            ("category", "display_settings".to_owned()),
            ("preference_name", "use_military_time".to_owned()),
            ("role_id", id_of(&role)),
            ("role_name", "system_user".to_owned()),
            ("public_channel_id", public.id.clone()),
            ("dm_id", id_of(&dm)),
            // Objects of features Stoa refuses: any well-formed id.
            ("scheduled_post_id", stoa_model::new_id()),
            ("bookmark_id", stoa_model::new_id()),
            ("remote_id", stoa_model::new_id()),
        ]);
        let bodies = HashMap::from([("category", category), ("config", config)]);
        World {
            t: t.clone(),
            admin,
            owner,
            outsider,
            member,
            chan,
            tadmin,
            spare,
            team,
            private,
            params,
            bodies,
        }
    }

    /// What the actor may not see: of the private channel (unless a member or system admin) its
    /// id and name, the thread's root message and the attached file's id; of the invite-only
    /// team (unless in it) its id and name.
    pub fn secrets(&self, actor: Actor) -> Vec<&str> {
        let mut out = Vec::new();
        if !matches!(actor, Actor::ChannelMember | Actor::SystemAdmin) {
            out.extend([
                self.private.id.as_str(),
                self.private.name.as_str(),
                "the thread's root",
                self.param("file_id"),
            ]);
        }
        if matches!(actor, Actor::Anonymous | Actor::Outsider) {
            out.extend([self.team.id.as_str(), self.team.name.as_str()]);
        }
        out
    }

    pub fn param(&self, name: &str) -> &str {
        self.params
            .get(name)
            .unwrap_or_else(|| panic!("no fixture object for path parameter {{{name}}}"))
    }

    pub fn user(&self, actor: Actor) -> Option<&TestUser> {
        match actor {
            Actor::Anonymous | Actor::Guest => None,
            Actor::Outsider => Some(&self.outsider),
            Actor::TeamMember => Some(&self.member),
            Actor::ChannelMember => Some(&self.chan),
            Actor::TeamAdmin => Some(&self.tadmin),
            Actor::SystemAdmin => Some(&self.admin),
        }
    }

    pub fn client(&self, actor: Actor) -> ApiClient {
        self.user(actor)
            .map(|u| u.client.clone())
            .unwrap_or_else(|| self.t.anon())
    }

    /// The actor's user id ("" when anonymous).
    pub fn me(&self, actor: Actor) -> String {
        self.user(actor)
            .map(|u| u.id().to_owned())
            .unwrap_or_default()
    }

    /// A new private channel of the team shaped as the fixture's: made by the owner, with the
    /// channel member in it.
    pub async fn fresh_channel(&self) -> Channel {
        let ch = self.t.channel(&self.owner, &self.team, "P").await;
        add_to_channel(&self.owner.client, &ch.id, self.chan.id()).await;
        ch
    }

    /// A new invite-only team shaped as the fixture's: the member, the channel member and the
    /// team admin in it, the system admin not.
    pub async fn fresh_team(&self) -> Team {
        let a = &self.admin.client;
        let team: Team = a
            .post(
                "/teams",
                json!({"name": format!("fresh{}", unique()), "display_name": "Fresh", "type": "I"}),
            )
            .await
            .expect(201)
            .parse();
        for u in [&self.member, &self.chan, &self.tadmin] {
            add_to_team(a, &team.id, u.id()).await;
        }
        ok(a.put(
            &format!("/teams/{}/members/{}/roles", team.id, self.tadmin.id()),
            json!({"roles": "team_user team_admin"}),
        )
        .await);
        ok(
            a.delete(&format!("/teams/{}/members/{}", team.id, self.admin.id()))
                .await,
        );
        team
    }

    /// A new user (in no team), logged in.
    pub async fn fresh_user(&self) -> TestUser {
        self.t.user(&self.admin, "fresh").await
    }

    /// A new root post of the owner in the private channel.
    pub async fn fresh_post(&self) -> String {
        say(&self.owner.client, &self.private.id, "throwaway")
            .await
            .id
    }

    /// A new emoji of the owner.
    pub async fn fresh_emoji(&self) -> String {
        let (ct, body) = emoji_form(&format!("fresh{}", unique()), self.owner.id());
        id_of(&ok(self
            .owner
            .client
            .raw(reqwest::Method::POST, "/emoji", &ct, body)
            .await))
    }

    /// A new incoming hook of the system admin's, to the private channel.
    pub async fn fresh_incoming_hook(&self) -> String {
        id_of(&ok(self
            .admin
            .client
            .post("/hooks/incoming", json!({"channel_id": self.private.id}))
            .await))
    }

    /// A new team-wide outgoing hook of the system admin's.
    pub async fn fresh_outgoing_hook(&self) -> String {
        id_of(&ok(self
            .admin
            .client
            .post(
                "/hooks/outgoing",
                json!({
                    "team_id": self.team.id, "trigger_words": [format!("w{}", unique())],
                    "callback_urls": ["https://hooks.example.com/matrix"],
                }),
            )
            .await))
    }

    /// A new sidebar category of the channel member in the team.
    pub async fn fresh_category(&self) -> String {
        let cats = format!(
            "/users/{}/teams/{}/channels/categories",
            self.chan.id(),
            self.team.id
        );
        id_of(&ok(self
            .chan
            .client
            .post(
                &cats,
                json!({"user_id": self.chan.id(), "team_id": self.team.id, "display_name": "Gone", "channel_ids": []}),
            )
            .await))
    }

    /// A second session of the actor, for requests that end the session they are made with.
    pub async fn fresh_session(&self, actor: Actor) -> Option<ApiClient> {
        let u = self.user(actor)?;
        Some(self.t.login(&u.user.username, &u.password).await)
    }
}
