//! One request per cell: the route's path filled from the world, and a body that gets past input
//! checks, so the answer is about permission. A route that would change what other cells see
//! (archive the channel, remove a member, end a session) acts on a throwaway object made for the
//! cell; every other write is harmless and idempotent, so cells can run in any order and at once.

use serde_json::{Value, json};
use stoa_tests::ApiClient;
use stoa_tests::multipart::{self, Part};

use super::world::{Actor, World, emoji_form, oauth_app_body, unique};

pub enum Body {
    None,
    Json(Value),
    Raw {
        content_type: String,
        bytes: Vec<u8>,
    },
}

pub struct Request {
    pub path: String,
    pub body: Body,
    /// The client to send with (a fresh session for routes that end theirs).
    pub client: ApiClient,
}

/// Routes whose cells end every session of the server: run after all other cells, one actor at
/// a time, the system admin last.
pub const RUN_LAST: &[(&str, &str)] = &[("POST", "/api/v4/users/sessions/revoke/all")];

/// Successful answers that may show what the actor cannot otherwise read (`World::secrets`):
/// the team admin writes into the private channel (Mattermost's team admin role grants
/// `create_post` and `upload_file` in the team's channels, checked by `SessionHasPermissionToChannel`
/// falling back to team roles) and sees where a post is (`getPostInfo` allows
/// `manage_private_channel_members`); anyone holding the team's invite id may read its name.
pub const MAY_SHOW: &[(&str, &str, Actor)] = &[
    ("GET", "/api/v4/posts/{post_id}/info", Actor::TeamAdmin),
    ("POST", "/api/v4/drafts", Actor::TeamAdmin),
    ("POST", "/api/v4/files", Actor::TeamAdmin),
    ("POST", "/api/v4/posts", Actor::TeamAdmin),
    ("GET", "/api/v4/teams/invite/{invite_id}", Actor::Anonymous),
    ("GET", "/api/v4/teams/invite/{invite_id}", Actor::Outsider),
];

/// `path` with each `{name}` replaced by `value(name)`.
fn fill(path: &str, value: impl Fn(&str) -> String) -> String {
    path.split('/')
        .map(
            |seg| match seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(name) => value(name),
                None => seg.to_owned(),
            },
        )
        .collect::<Vec<_>>()
        .join("/")
}

/// A read with a query string (`{name}` in it filled as in paths).
fn with_query(w: &World, actor: Actor, path: &str, query: &str) -> Request {
    let path = fill(path, |name| w.param(name).to_owned());
    let query = w.params.iter().fold(query.to_owned(), |q, (k, v)| {
        q.replace(&format!("{{{k}}}"), v)
    });
    Request {
        path: format!("{}?{query}", path.strip_prefix("/api/v4").unwrap_or(&path)),
        body: Body::None,
        client: w.client(actor),
    }
}

pub async fn prepare(w: &World, actor: Actor, method: &str, path: &str) -> Request {
    let me = w.me(actor);
    let chan = w.chan.id().to_owned();
    let team = w.team.id.clone();
    let ch = w.private.id.clone();
    let post = w.param("post_id").to_owned();
    // Throwaway objects replace the fixture's for this cell only.
    let mut own: Vec<(&str, String)> = Vec::new();
    let mut client = w.client(actor);
    let body = match (method, path) {
        // Channels.
        ("POST", "/api/v4/channels") => Body::Json(
            json!({"team_id": team, "name": format!("c{}", unique()), "display_name": "New", "type": "O"}),
        ),
        ("POST", "/api/v4/channels/direct") => Body::Json(json!([me, w.owner.id()])),
        ("POST", "/api/v4/channels/group") => Body::Json(json!([me, w.owner.id(), w.spare.id()])),
        ("POST", "/api/v4/channels/group/search")
        | ("POST", "/api/v4/channels/search")
        | ("POST", "/api/v4/teams/{team_id}/channels/search") => {
            Body::Json(json!({"term": w.private.name}))
        }
        ("POST", "/api/v4/channels/members/{user_id}/view") => {
            Body::Json(json!({"channel_id": ch}))
        }
        ("PUT", "/api/v4/channels/{channel_id}") => Body::Json(json!({
            "id": ch, "team_id": team, "name": w.private.name, "display_name": w.private.display_name,
            "type": "P", "purpose": "the matrix's channel",
        })),
        ("PUT", "/api/v4/channels/{channel_id}/patch") => {
            Body::Json(json!({"purpose": "the matrix's channel"}))
        }
        ("DELETE", "/api/v4/channels/{channel_id}") => {
            own.push(("channel_id", w.fresh_channel().await.id));
            Body::None
        }
        ("PUT", "/api/v4/channels/{channel_id}/privacy") => {
            own.push(("channel_id", w.fresh_channel().await.id));
            Body::Json(json!({"privacy": "O"}))
        }
        ("POST", "/api/v4/channels/{channel_id}/restore") => {
            let fresh = w.fresh_channel().await.id;
            w.owner
                .client
                .delete(&format!("/channels/{fresh}"))
                .await
                .expect(200);
            own.push(("channel_id", fresh));
            Body::Json(json!({}))
        }
        ("POST", "/api/v4/channels/{channel_id}/members") => {
            own.push(("channel_id", w.fresh_channel().await.id));
            Body::Json(json!({"user_id": w.spare.id()}))
        }
        ("DELETE", "/api/v4/channels/{channel_id}/members/{user_id}") => {
            own.push(("channel_id", w.fresh_channel().await.id));
            Body::None
        }
        ("PUT", "/api/v4/channels/{channel_id}/members/{user_id}/roles") => {
            own.push(("channel_id", w.fresh_channel().await.id));
            Body::Json(json!({"roles": "channel_user channel_admin"}))
        }
        ("PUT", "/api/v4/channels/{channel_id}/members/{user_id}/schemeRoles") => {
            own.push(("channel_id", w.fresh_channel().await.id));
            Body::Json(json!({"scheme_admin": true, "scheme_user": true}))
        }
        ("PUT", "/api/v4/channels/{channel_id}/members/{user_id}/notify_props") => {
            Body::Json(json!({"desktop": "all"}))
        }
        ("POST", "/api/v4/channels/{channel_id}/members/ids") => Body::Json(json!([chan])),
        ("POST", "/api/v4/teams/{team_id}/channels/ids") => Body::Json(json!([ch])),
        ("POST", "/api/v4/channels/{channel_id}/convert_to_channel") => Body::Json(json!({
            "channel_id": ch, "team_id": team, "name": format!("c{}", unique()), "display_name": "GM",
        })),

        // Sidebar categories of the channel member.
        ("POST", "/api/v4/users/{user_id}/teams/{team_id}/channels/categories") => Body::Json(
            json!({"user_id": chan, "team_id": team, "display_name": "New", "channel_ids": []}),
        ),
        ("PUT", "/api/v4/users/{user_id}/teams/{team_id}/channels/categories") => {
            Body::Json(json!([w.bodies["category"]]))
        }
        ("PUT", "/api/v4/users/{user_id}/teams/{team_id}/channels/categories/order") => {
            // In a team of its own: categories other cells create would change the order.
            let fresh = w.fresh_team().await.id;
            let order = w
                .chan
                .client
                .get(&format!(
                    "/users/{chan}/teams/{fresh}/channels/categories/order"
                ))
                .await
                .json();
            own.push(("team_id", fresh));
            Body::Json(order)
        }
        ("PUT", "/api/v4/users/{user_id}/teams/{team_id}/channels/categories/{category_id}") => {
            Body::Json(w.bodies["category"].clone())
        }
        ("DELETE", "/api/v4/users/{user_id}/teams/{team_id}/channels/categories/{category_id}") => {
            own.push(("category_id", w.fresh_category().await));
            Body::None
        }

        // Posts, reactions, drafts, commands.
        ("POST", "/api/v4/posts") => Body::Json(json!({"channel_id": ch, "message": "matrix"})),
        ("POST", "/api/v4/posts/ids") | ("POST", "/api/v4/posts/ids/reactions") => {
            Body::Json(json!([post]))
        }
        ("PUT", "/api/v4/posts/{post_id}") => {
            Body::Json(json!({"id": post, "message": "the thread's root"}))
        }
        ("PUT", "/api/v4/posts/{post_id}/patch") => {
            Body::Json(json!({"message": "the thread's root"}))
        }
        ("DELETE", "/api/v4/posts/{post_id}") => {
            own.push(("post_id", w.fresh_post().await));
            Body::None
        }
        ("POST", "/api/v4/reactions") => {
            Body::Json(json!({"user_id": me, "post_id": post, "emoji_name": "smile"}))
        }
        ("POST", "/api/v4/drafts") => Body::Json(
            json!({"user_id": me, "channel_id": ch, "root_id": "", "message": "a draft"}),
        ),
        ("POST", "/api/v4/commands/execute") => {
            Body::Json(json!({"channel_id": ch, "command": "/shrug"}))
        }
        ("POST", "/api/v4/posts/search")
        | ("POST", "/api/v4/teams/{team_id}/posts/search")
        | ("POST", "/api/v4/files/search")
        | ("POST", "/api/v4/teams/{team_id}/files/search") => {
            Body::Json(json!({"terms": "root", "is_or_search": false}))
        }

        // Webhooks: each cell acts on a hook of its own, made by the system admin (so only
        // those who manage others' hooks may touch it), the incoming one in the private channel.
        ("POST", "/api/v4/hooks/incoming") => Body::Json(json!({"channel_id": ch})),
        ("GET", "/api/v4/hooks/incoming/{hook_id}")
        | ("DELETE", "/api/v4/hooks/incoming/{hook_id}") => {
            own.push(("hook_id", w.fresh_incoming_hook().await));
            Body::None
        }
        ("PUT", "/api/v4/hooks/incoming/{hook_id}") => {
            let id = w.fresh_incoming_hook().await;
            own.push(("hook_id", id.clone()));
            Body::Json(json!({"id": id, "channel_id": ch, "display_name": "renamed"}))
        }
        ("POST", "/api/v4/hooks/outgoing") => Body::Json(json!({
            "team_id": team, "trigger_words": [format!("w{}", unique())],
            "callback_urls": ["https://hooks.example.com/matrix"],
        })),
        ("GET", "/api/v4/hooks/outgoing/{hook_id}")
        | ("DELETE", "/api/v4/hooks/outgoing/{hook_id}")
        | ("POST", "/api/v4/hooks/outgoing/{hook_id}/regen_token") => {
            own.push(("hook_id", w.fresh_outgoing_hook().await));
            Body::None
        }
        ("PUT", "/api/v4/hooks/outgoing/{hook_id}") => {
            let id = w.fresh_outgoing_hook().await;
            own.push(("hook_id", id.clone()));
            Body::Json(json!({
                "id": id, "team_id": team, "trigger_words": [format!("w{}", unique())],
                "callback_urls": ["https://hooks.example.com/matrix"],
            }))
        }

        // Custom commands: each cell acts on a command of the system admin's.
        ("POST", "/api/v4/commands") => Body::Json(json!({
            "team_id": team, "trigger": format!("c{}", unique()),
            "url": "https://commands.example.com/run", "method": "P",
        })),
        ("GET", "/api/v4/commands/{command_id}")
        | ("DELETE", "/api/v4/commands/{command_id}")
        | ("PUT", "/api/v4/commands/{command_id}/regen_token") => {
            own.push(("command_id", w.fresh_command().await));
            Body::Json(json!({}))
        }
        ("PUT", "/api/v4/commands/{command_id}") => {
            let id = w.fresh_command().await;
            own.push(("command_id", id.clone()));
            Body::Json(json!({
                "id": id, "team_id": team, "trigger": format!("c{}", unique()),
                "url": "https://commands.example.com/run", "method": "P",
            }))
        }
        ("PUT", "/api/v4/commands/{command_id}/move") => {
            own.push(("command_id", w.fresh_command().await));
            Body::Json(json!({"team_id": team}))
        }

        // Interactive messages: a card in the private channel whose integration is on loopback,
        // which the guard refuses, so an allowed click answers 400 and calls nothing.
        ("POST", "/api/v4/posts/{post_id}/actions/{action_id}") => {
            let (post, action) = w.fresh_action().await;
            own.push(("post_id", post));
            own.push(("action_id", action));
            Body::Json(json!({}))
        }
        ("POST", "/api/v4/actions/dialogs/open") => Body::Json(json!({
            "trigger_id": "not-a-trigger", "url": "http://127.0.0.1:9/", "dialog": {"title": "t"},
        })),
        ("POST", "/api/v4/actions/dialogs/submit") => Body::Json(json!({
            "url": "http://127.0.0.1:9/", "callback_id": "c", "channel_id": ch, "team_id": team,
            "submission": {},
        })),

        // OAuth apps: each write acts on an app of its own, made by the system admin.
        ("POST", "/api/v4/oauth/apps") => Body::Json(oauth_app_body()),
        ("DELETE", "/api/v4/oauth/apps/{app_id}")
        | ("POST", "/api/v4/oauth/apps/{app_id}/regen_secret") => {
            own.push(("app_id", w.fresh_oauth_app().await));
            Body::None
        }
        ("PUT", "/api/v4/oauth/apps/{app_id}") => {
            let id = w.fresh_oauth_app().await;
            own.push(("app_id", id.clone()));
            let mut body = oauth_app_body();
            body["id"] = json!(id);
            Body::Json(body)
        }

        // Files and emoji.
        ("POST", "/api/v4/files") => {
            let png = multipart::tiny_png();
            Body::Raw {
                content_type: multipart::content_type(),
                bytes: multipart::form(&[
                    Part::text("channel_id", &ch),
                    Part::file("files", "a.png", &png),
                ]),
            }
        }
        ("POST", "/api/v4/emoji") => {
            let (content_type, bytes) = emoji_form(&format!("e{}", unique()), &me);
            Body::Raw {
                content_type,
                bytes,
            }
        }
        ("DELETE", "/api/v4/emoji/{emoji_id}") => {
            own.push(("emoji_id", w.fresh_emoji().await));
            Body::None
        }
        ("POST", "/api/v4/emoji/names") => Body::Json(json!([w.param("emoji_name")])),
        ("POST", "/api/v4/emoji/search") => Body::Json(json!({"term": "matrix"})),
        ("POST", "/api/v4/users/{user_id}/image") | ("POST", "/api/v4/teams/{team_id}/image") => {
            let png = multipart::tiny_png();
            Body::Raw {
                content_type: multipart::content_type(),
                bytes: multipart::form(&[Part::file("image", "a.png", &png)]),
            }
        }

        // Teams.
        ("POST", "/api/v4/teams") => Body::Json(
            json!({"name": format!("t{}", unique()), "display_name": "New", "type": "O"}),
        ),
        ("POST", "/api/v4/teams/search") => Body::Json(json!({"term": w.team.name})),
        ("PUT", "/api/v4/teams/{team_id}") => Body::Json(json!({
            "id": team, "name": w.team.name, "display_name": w.team.display_name, "type": "I",
            "description": "the matrix's team",
        })),
        ("PUT", "/api/v4/teams/{team_id}/patch") => {
            Body::Json(json!({"description": "the matrix's team"}))
        }
        ("POST", "/api/v4/teams/members/invite") => {
            let fresh = w.fresh_team().await;
            return Request {
                path: format!("/teams/members/invite?invite_id={}", fresh.invite_id),
                body: Body::Json(json!({})),
                client,
            };
        }
        ("DELETE", "/api/v4/teams/{team_id}")
        | ("POST", "/api/v4/teams/{team_id}/regenerate_invite_id")
        | ("DELETE", "/api/v4/teams/{team_id}/members/{user_id}") => {
            own.push(("team_id", w.fresh_team().await.id));
            Body::None
        }
        ("PUT", "/api/v4/teams/{team_id}/privacy") => {
            own.push(("team_id", w.fresh_team().await.id));
            Body::Json(json!({"privacy": "O"}))
        }
        ("POST", "/api/v4/teams/{team_id}/restore") => {
            let fresh = w.fresh_team().await.id;
            w.admin
                .client
                .delete(&format!("/teams/{fresh}"))
                .await
                .expect(200);
            own.push(("team_id", fresh));
            Body::Json(json!({}))
        }
        ("POST", "/api/v4/teams/{team_id}/members") => {
            let fresh = w.fresh_team().await.id;
            own.push(("team_id", fresh.clone()));
            Body::Json(json!({"team_id": fresh, "user_id": w.spare.id()}))
        }
        ("POST", "/api/v4/teams/{team_id}/members/batch") => {
            let fresh = w.fresh_team().await.id;
            own.push(("team_id", fresh.clone()));
            Body::Json(json!([{"team_id": fresh, "user_id": w.spare.id()}]))
        }
        ("PUT", "/api/v4/teams/{team_id}/members/{user_id}/roles") => {
            own.push(("team_id", w.fresh_team().await.id));
            Body::Json(json!({"roles": "team_user team_admin"}))
        }
        ("PUT", "/api/v4/teams/{team_id}/members/{user_id}/schemeRoles") => {
            own.push(("team_id", w.fresh_team().await.id));
            Body::Json(json!({"scheme_admin": true, "scheme_user": true}))
        }
        ("POST", "/api/v4/teams/{team_id}/members/ids") => Body::Json(json!([chan])),

        // Threads.
        ("PUT", "/api/v4/users/{user_id}/teams/{team_id}/threads/{thread_id}/read/{timestamp}") => {
            Body::Json(json!({}))
        }

        // Users: the channel member's own data, or a throwaway user where the write would end
        // the member's sessions or account.
        ("POST", "/api/v4/users") => Body::Json(json!({
            "username": format!("u{}", unique()), "email": format!("u{}@example.com", unique()),
            "password": "matrix-pass-1",
        })),
        ("POST", "/api/v4/users/login") => {
            Body::Json(json!({"login_id": w.spare.user.username, "password": w.spare.password}))
        }
        ("POST", "/api/v4/users/login/sso/code-exchange") => {
            Body::Json(json!({"login_code": "x", "code_verifier": "y", "state": "z"}))
        }
        ("POST", "/api/v4/users/logout") => {
            if let Some(fresh) = w.fresh_session(actor).await {
                client = fresh;
            }
            Body::Json(json!({}))
        }
        ("POST", "/api/v4/users/ids")
        | ("POST", "/api/v4/users/status/ids")
        | ("POST", "/api/v4/users/group_channels") => Body::Json(json!([chan])),
        ("POST", "/api/v4/users/usernames") => Body::Json(json!([w.chan.user.username])),
        ("POST", "/api/v4/users/search") => Body::Json(json!({"term": w.chan.user.username})),
        // Web push: a browser's subscription (RFC 8291's example keys), to a push service the
        // guard will not reach.
        ("POST", "/api/v4/notifications/webpush/subscription") => Body::Json(json!({
            "endpoint": format!("https://127.0.0.1:9/push/{}", unique()),
            "keys": {
                "p256dh": "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4",
                "auth": "BTBZMqHH6r4Tts7J_aSIgg",
            },
        })),
        ("PUT", "/api/v4/users/sessions/device") => {
            Body::Json(json!({"device_id": "android:matrix"}))
        }
        ("PUT", "/api/v4/users/{user_id}") => {
            let mut me_now = w.chan.client.get("/users/me").await.json();
            me_now["position"] = json!("tester");
            Body::Json(me_now)
        }
        ("PUT", "/api/v4/users/{user_id}/patch") => Body::Json(json!({"position": "tester"})),
        ("DELETE", "/api/v4/users/{user_id}") => {
            own.push(("user_id", w.fresh_user().await.id().to_owned()));
            Body::None
        }
        ("PUT", "/api/v4/users/{user_id}/active") => {
            own.push(("user_id", w.fresh_user().await.id().to_owned()));
            Body::Json(json!({"active": false}))
        }
        ("PUT", "/api/v4/users/{user_id}/password") => {
            let fresh = w.fresh_user().await;
            own.push(("user_id", fresh.id().to_owned()));
            Body::Json(json!({"current_password": fresh.password, "new_password": "matrix-pass-2"}))
        }
        ("PUT", "/api/v4/users/{user_id}/roles") => {
            own.push(("user_id", w.fresh_user().await.id().to_owned()));
            Body::Json(json!({"roles": "system_user"}))
        }
        ("POST", "/api/v4/users/{user_id}/sessions/revoke") => {
            let fresh = w.fresh_user().await;
            let sessions = w
                .admin
                .client
                .get(&format!("/users/{}/sessions", fresh.id()))
                .await
                .json();
            own.push(("user_id", fresh.id().to_owned()));
            Body::Json(json!({"session_id": sessions[0]["id"]}))
        }
        ("POST", "/api/v4/users/{user_id}/sessions/revoke/all") => {
            own.push(("user_id", w.fresh_user().await.id().to_owned()));
            Body::Json(json!({}))
        }
        ("POST", "/api/v4/users/{user_id}/typing") => {
            Body::Json(json!({"channel_id": ch, "parent_id": ""}))
        }
        ("POST", "/api/v4/users/{user_id}/posts/{post_id}/set_unread") => Body::Json(json!({})),

        // Bots: the fixture bot belongs to the system admin; changes act on throwaway ones.
        ("POST", "/api/v4/bots") => Body::Json(json!({"username": format!("newbot{}", unique())})),
        ("PUT", "/api/v4/bots/{bot_user_id}") => Body::Json(json!({"description": "matrix"})),
        ("POST", "/api/v4/bots/{bot_user_id}/disable")
        | ("POST", "/api/v4/bots/{bot_user_id}/assign/{user_id}") => {
            own.push(("bot_user_id", w.fresh_bot().await));
            Body::Json(json!({}))
        }
        ("POST", "/api/v4/bots/{bot_user_id}/enable") => {
            let bot = w.fresh_bot().await;
            w.admin
                .client
                .post(&format!("/bots/{bot}/disable"), json!({}))
                .await
                .expect(200);
            own.push(("bot_user_id", bot));
            Body::Json(json!({}))
        }
        ("POST", "/api/v4/bots/{bot_user_id}/convert_to_user") => {
            own.push(("bot_user_id", w.fresh_bot().await));
            Body::Json(json!({"password": "matrix-pass-3"}))
        }
        ("POST", "/api/v4/users/{user_id}/convert_to_bot") => {
            own.push(("user_id", w.fresh_user().await.id().to_owned()));
            Body::Json(json!({}))
        }

        // Personal access tokens: the fixture token is the channel member's.
        ("POST", "/api/v4/users/{user_id}/tokens") => Body::Json(json!({"description": "matrix"})),
        ("POST", "/api/v4/users/tokens/revoke")
        | ("POST", "/api/v4/users/tokens/disable")
        | ("POST", "/api/v4/users/tokens/enable") => {
            Body::Json(json!({"token_id": w.fresh_token().await}))
        }
        ("POST", "/api/v4/users/tokens/search") => {
            Body::Json(json!({"term": w.chan.user.username}))
        }

        // Preferences and status of the channel member.
        ("PUT", "/api/v4/users/{user_id}/preferences") => Body::Json(json!([
            {"user_id": chan, "category": "display_settings", "name": "use_military_time", "value": "true"}
        ])),
        ("POST", "/api/v4/users/{user_id}/preferences/delete") => Body::Json(json!([
            {"user_id": chan, "category": "display_settings", "name": "matrix_gone", "value": "x"}
        ])),
        ("PUT", "/api/v4/users/{user_id}/status") => {
            Body::Json(json!({"user_id": chan, "status": "online"}))
        }
        ("PUT", "/api/v4/users/{user_id}/status/custom")
        | ("POST", "/api/v4/users/{user_id}/status/custom/recent/delete") => {
            Body::Json(json!({"emoji": "smile", "text": "testing", "duration": ""}))
        }

        // System.
        ("PUT", "/api/v4/config") => Body::Json(w.bodies["config"].clone()),
        ("PUT", "/api/v4/config/patch") => {
            Body::Json(json!({"TeamSettings": {"SiteName": "Stoa"}}))
        }
        // No SMTP server: an allowed caller stops at that check, and no mail is sent.
        ("POST", "/api/v4/email/test") => Body::Json(json!({"EmailSettings": {"SMTPServer": ""}})),
        ("PUT", "/api/v4/system/notices/view") => Body::Json(json!([])),
        ("POST", "/api/v4/client_perf") => {
            Body::Json(json!({"version": "0.1.0", "counters": [], "histograms": []}))
        }
        ("POST", "/api/v4/roles/names") => Body::Json(json!(["system_user"])),

        // Reads that need a query to get past input checks.
        ("GET", "/api/v4/commands") => return with_query(w, actor, path, "team_id={team_id}"),
        ("GET", "/api/v4/emoji/autocomplete") => {
            return with_query(w, actor, path, "name=matrix");
        }
        ("GET", "/api/v4/system/notices/{teamId}") => {
            return with_query(w, actor, path, "clientVersion=1.0.0&client=web");
        }
        ("GET", "/api/v4/teams/{team_id}/commands/autocomplete_suggestions") => {
            return with_query(w, actor, path, "user_input=%2Fec");
        }

        // Everything else: reads, and writes Stoa refuses whatever the body.
        ("GET", _) | ("DELETE", _) => Body::None,
        _ => Body::Json(json!({})),
    };
    let path = fill(path, |name| {
        own.iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| w.param(name).to_owned())
    });
    Request {
        path: path.strip_prefix("/api/v4").unwrap_or(&path).to_owned(),
        body,
        client,
    }
}
