//! Built-in slash commands: `POST /commands/execute`, and the command lists. Custom commands
//! against a real integration are in `custom.rs`.

mod custom;

use serde_json::{Value, json};
use stoa_model::channel::Channel;
use stoa_model::post::{Post, PostList};
use stoa_tests::messaging::{Room, channel_posts, messages, say};
use stoa_tests::{ApiClient, Fixture, Resp, TestServer, api_test};

const SHRUG: &str = r"¯\\\_(ツ)\_/¯";

/// Runs `command` in `channel_id` as the client.
async fn run(client: &ApiClient, channel_id: &str, command: &str) -> Resp {
    client
        .post(
            "/commands/execute",
            json!({"channel_id": channel_id, "command": command}),
        )
        .await
}

/// Runs a command that must succeed; returns the `CommandResponse` as JSON.
async fn ok(client: &ApiClient, channel_id: &str, command: &str) -> Value {
    let resp = run(client, channel_id, command).await.expect(200);
    assert_eq!(resp.header("content-type"), Some("application/json"));
    resp.json()
}

/// The newest post of a channel (system messages included).
async fn newest(client: &ApiClient, channel_id: &str) -> Post {
    let list = channel_posts(client, channel_id, "").await;
    let id = list.order.first().expect("a post").clone();
    list.posts.get(&id).expect("listed").clone()
}

/// The types of a channel's posts, newest first.
fn types(list: &PostList) -> Vec<String> {
    list.order
        .iter()
        .filter_map(|id| list.posts.get(id))
        .map(|p| p.post_type.clone())
        .collect()
}

async fn town_square(client: &ApiClient, team_id: &str) -> Channel {
    client
        .get(&format!("/teams/{team_id}/channels/name/town-square"))
        .await
        .expect(200)
        .parse()
}

async fn me_posts_an_action_in_the_channel_and_threads(t: TestServer) {
    let r = Room::new(&t).await;
    let resp = ok(&r.alice.client, &r.channel.id, "/me waves").await;
    assert_eq!(resp["response_type"], "in_channel");
    assert_eq!(resp["type"], "me");
    assert_eq!(resp["text"], "*waves*");
    let p = newest(&r.bob.client, &r.channel.id).await;
    assert_eq!(
        (p.user_id.as_str(), p.post_type.as_str(), p.message.as_str()),
        (r.alice.id(), "me", "*waves*")
    );
    assert!(p.root_id.is_empty());
    // The trigger is case-insensitive; `root_id` makes the post a reply.
    let root = say(&r.bob.client, &r.channel.id, "who is here?").await;
    let body =
        json!({"channel_id": r.channel.id, "command": "/ME raises a hand", "root_id": root.id});
    r.alice
        .client
        .post("/commands/execute", body)
        .await
        .expect(200);
    let reply = newest(&r.bob.client, &r.channel.id).await;
    assert_eq!(reply.root_id, root.id);
    assert_eq!(reply.message, "*raises a hand*");
    let root_now: Post = r
        .bob
        .client
        .get(&format!("/posts/{}", root.id))
        .await
        .expect(200)
        .parse();
    assert_eq!(root_now.reply_count, 1);
    // A root from elsewhere is refused as when posting.
    let body =
        json!({"channel_id": r.channel.id, "command": "/me nope", "root_id": stoa_model::new_id()});
    r.alice
        .client
        .post("/commands/execute", body)
        .await
        .expect_error(400, "api.post.create_post.root_id.app_error");
}

async fn shrug_appends_a_shrug(t: TestServer) {
    let r = Room::new(&t).await;
    let resp = ok(&r.alice.client, &r.channel.id, "/shrug oh well").await;
    assert_eq!(resp["response_type"], "in_channel");
    ok(&r.alice.client, &r.channel.id, "/shrug").await;
    let list = channel_posts(&r.bob.client, &r.channel.id, "").await;
    assert_eq!(
        messages(&list),
        vec![SHRUG.to_owned(), format!("oh well {SHRUG}")]
    );
    let p = newest(&r.bob.client, &r.channel.id).await;
    assert_eq!(p.post_type, "");
    assert_eq!(p.user_id, r.alice.id());
}

async fn slack_markup_in_command_text_is_rewritten(t: TestServer) {
    let r = Room::new(&t).await;
    let cmd = format!(
        "/me shares <https://example.com|the site> with <@{}>",
        r.bob.id()
    );
    let resp = ok(&r.alice.client, &r.channel.id, &cmd).await;
    // The answer carries the announcement/user rewriting; the post also the Markdown link.
    assert_eq!(
        resp["text"],
        format!(
            "*shares <https://example.com|the site> with @{}*",
            r.bob.user.username
        )
    );
    let p = newest(&r.bob.client, &r.channel.id).await;
    assert_eq!(
        p.message,
        format!(
            "*shares [the site](https://example.com) with @{}*",
            r.bob.user.username
        )
    );
}

async fn echo_posts_now_or_after_a_delay(t: TestServer) {
    let r = Room::new(&t).await;
    let resp = ok(&r.alice.client, &r.channel.id, "/echo \"hello 5 there\"").await;
    assert_eq!(resp["response_type"], "");
    assert_eq!(resp["text"], "");
    let p = newest(&r.bob.client, &r.channel.id).await;
    assert_eq!(
        (p.user_id.as_str(), p.message.as_str()),
        (r.alice.id(), "hello 5 there")
    );
    assert_eq!(p.post_type, "");
    // Without text: only the caller is told.
    let resp = ok(&r.alice.client, &r.channel.id, "/echo").await;
    assert_eq!(resp["response_type"], "ephemeral");
    assert_eq!(
        resp["text"],
        "A message must be provided with the /echo command."
    );
    // Long delays are refused.
    let resp = ok(&r.alice.client, &r.channel.id, "/echo later 3600").await;
    assert_eq!(resp["response_type"], "ephemeral");
    assert_eq!(resp["text"], "Delays must be under 60 seconds.");
    // A short delay: nothing yet, then the post.
    ok(&r.alice.client, &r.channel.id, "/echo in a second 1").await;
    assert_eq!(
        messages(&channel_posts(&r.bob.client, &r.channel.id, "").await),
        vec!["hello 5 there"]
    );
    let mut found = false;
    for _ in 0..50 {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        let list = channel_posts(&r.bob.client, &r.channel.id, "").await;
        if messages(&list).first().map(String::as_str) == Some("in a second") {
            found = true;
            break;
        }
    }
    assert!(found, "the delayed echo arrives");
}

async fn join_joins_a_channel_of_the_team_and_moves_there(t: TestServer) {
    let r = Room::new(&t).await;
    let open = t.channel(&r.admin, &r.team, "O").await;
    let resp = ok(
        &r.alice.client,
        &r.channel.id,
        &format!("/join ~{}", open.name),
    )
    .await;
    assert_eq!(
        resp["goto_location"],
        format!("/{}/channels/{}", r.team.name, open.name)
    );
    assert_eq!(resp["response_type"], "");
    r.alice
        .client
        .get(&format!("/channels/{}/members/{}", open.id, r.alice.id()))
        .await
        .expect(200);
    let joined = newest(&r.alice.client, &open.id).await;
    assert_eq!(joined.post_type, "system_join_channel");
    assert_eq!(joined.user_id, r.alice.id());
    // Without the tilde and in capitals; with a site URL the location is absolute.
    r.admin
        .client
        .put(
            "/config/patch",
            json!({"ServiceSettings": {"SiteURL": "https://chat.example.com/"}}),
        )
        .await
        .expect(200);
    let other = t.channel(&r.admin, &r.team, "O").await;
    let resp = ok(
        &r.bob.client,
        &r.channel.id,
        &format!("/join {}", other.name.to_uppercase()),
    )
    .await;
    assert_eq!(
        resp["goto_location"],
        format!(
            "https://chat.example.com/{}/channels/{}",
            r.team.name, other.name
        )
    );
    // Already a member: still fine.
    ok(
        &r.bob.client,
        &r.channel.id,
        &format!("/join ~{}", other.name),
    )
    .await;
    // A private channel one is not in, and a channel that does not exist: only told.
    let private = t.channel(&r.admin, &r.team, "P").await;
    let resp = ok(
        &r.alice.client,
        &r.channel.id,
        &format!("/join ~{}", private.name),
    )
    .await;
    assert_eq!(resp["response_type"], "ephemeral");
    assert_eq!(resp["text"], "An error occurred while joining the channel.");
    r.alice
        .client
        .get(&format!(
            "/channels/{}/members/{}",
            private.id,
            r.alice.id()
        ))
        .await
        .expect(403);
    let resp = ok(&r.alice.client, &r.channel.id, "/join ~no-such-channel").await;
    assert_eq!(resp["text"], "An error occurred while listing channels.");
    // An archived channel is not joined either.
    let archived = t.channel(&r.admin, &r.team, "O").await;
    r.admin
        .client
        .delete(&format!("/channels/{}", archived.id))
        .await
        .expect(200);
    let resp = ok(
        &r.alice.client,
        &r.channel.id,
        &format!("/join ~{}", archived.name),
    )
    .await;
    assert_eq!(resp["text"], "An error occurred while listing channels.");
}

async fn leave_leaves_the_current_channel(t: TestServer) {
    let r = Room::new(&t).await;
    let resp = ok(&r.alice.client, &r.channel.id, "/leave").await;
    assert_eq!(
        resp["goto_location"],
        format!("/{}/channels/town-square", r.team.name)
    );
    r.bob
        .client
        .get(&format!(
            "/channels/{}/members/{}",
            r.channel.id,
            r.alice.id()
        ))
        .await
        .expect(404);
    let left = newest(&r.bob.client, &r.channel.id).await;
    assert_eq!(left.post_type, "system_leave_channel");
    // No longer a member of a public channel: no more commands there.
    run(&r.alice.client, &r.channel.id, "/leave")
        .await
        .expect_error(403, "api.context.permissions.app_error");
    // Nobody leaves town-square.
    let town = town_square(&r.bob.client, &r.team.id).await;
    let resp = ok(&r.bob.client, &town.id, "/leave").await;
    assert_eq!(resp["response_type"], "ephemeral");
    assert_eq!(
        resp["text"],
        "Unable to leave the default channel town-square."
    );
    r.bob
        .client
        .get(&format!("/channels/{}/members/{}", town.id, r.bob.id()))
        .await
        .expect(200);
}

async fn msg_opens_a_direct_message_and_posts_there(t: TestServer) {
    let r = Room::new(&t).await;
    let cmd = format!("/msg @{} hello bob, how are you?", r.bob.user.username);
    let resp = ok(&r.alice.client, &r.channel.id, &cmd).await;
    let (a, b) = if r.alice.id() < r.bob.id() {
        (r.alice.id(), r.bob.id())
    } else {
        (r.bob.id(), r.alice.id())
    };
    assert_eq!(resp["response_type"], "ephemeral");
    assert_eq!(resp["text"], "");
    assert_eq!(
        resp["goto_location"],
        format!("/{}/channels/{a}__{b}", r.team.name)
    );
    let dm: Channel = r
        .bob
        .client
        .post("/channels/direct", json!([r.bob.id(), r.alice.id()]))
        .await
        .expect(201)
        .parse();
    assert_eq!(dm.name, format!("{a}__{b}"));
    let p = newest(&r.bob.client, &dm.id).await;
    assert_eq!(
        (p.user_id.as_str(), p.message.as_str()),
        (r.alice.id(), "hello bob, how are you?")
    );
    // Nothing was posted where the command ran.
    assert!(messages(&channel_posts(&r.bob.client, &r.channel.id, "").await).is_empty());
    // Again, without text: the same direct message, nothing posted.
    let resp = ok(
        &r.alice.client,
        &r.channel.id,
        &format!("/msg {}", r.bob.user.username),
    )
    .await;
    assert_eq!(
        resp["goto_location"],
        format!("/{}/channels/{a}__{b}", r.team.name)
    );
    assert_eq!(
        messages(&channel_posts(&r.bob.client, &dm.id, "").await).len(),
        1
    );
    // Unknown users and oneself are not found.
    for cmd in [
        "/msg @nobody-here hi".to_owned(),
        format!("/msg @{} hi", r.alice.user.username),
    ] {
        let resp = ok(&r.alice.client, &r.channel.id, &cmd).await;
        assert_eq!(resp["response_type"], "ephemeral");
        assert_eq!(resp["text"], "Unable to find the user.");
    }
}

async fn header_and_purpose_edit_the_channel(t: TestServer) {
    let r = Room::new(&t).await;
    let resp = ok(&r.alice.client, &r.channel.id, "/header **Release** day").await;
    assert_eq!(resp["response_type"], "");
    assert_eq!(resp["text"], "");
    ok(&r.alice.client, &r.channel.id, "/purpose Ship it").await;
    let ch: Channel = r
        .bob
        .client
        .get(&format!("/channels/{}", r.channel.id))
        .await
        .expect(200)
        .parse();
    assert_eq!(ch.header, "**Release** day");
    assert_eq!(ch.purpose, "Ship it");
    let list = channel_posts(&r.bob.client, &r.channel.id, "").await;
    assert_eq!(
        types(&list)[..2],
        ["system_purpose_change", "system_header_change"]
    );
    let header_post = list
        .posts
        .values()
        .find(|p| p.post_type == "system_header_change")
        .expect("header message");
    assert_eq!(header_post.user_id, r.alice.id());
    assert_eq!(header_post.props["new_header"], "**Release** day");
    // Without text, or too long: only the caller is told, nothing changes.
    for (cmd, text) in [
        ("/header".to_owned(), "Text must be provided with the /header command.".to_owned()),
        ("/purpose".to_owned(), "A message must be provided with the /purpose command.".to_owned()),
        (
            format!("/header {}", "h".repeat(1025)),
            "The text entered exceeds the character limit. The channel header is limited to 1024 characters.".to_owned(),
        ),
        (
            format!("/purpose {}", "p".repeat(251)),
            "The text entered exceeds the character limit. The channel purpose is limited to 250 characters.".to_owned(),
        ),
    ] {
        let resp = ok(&r.alice.client, &r.channel.id, &cmd).await;
        assert_eq!(resp["response_type"], "ephemeral", "{cmd}");
        assert_eq!(resp["text"], text);
    }
    let ch: Channel = r
        .bob
        .client
        .get(&format!("/channels/{}", r.channel.id))
        .await
        .parse();
    assert_eq!(
        (ch.header.as_str(), ch.purpose.as_str()),
        ("**Release** day", "Ship it")
    );
}

async fn direct_messages_take_commands_for_the_callers_team(t: TestServer) {
    let r = Room::new(&t).await;
    let dm: Channel = r
        .alice
        .client
        .post("/channels/direct", json!([r.alice.id(), r.bob.id()]))
        .await
        .expect(201)
        .parse();
    let exec = |command: &str, team_id: &str| json!({"channel_id": dm.id, "team_id": team_id, "command": command});
    r.alice
        .client
        .post("/commands/execute", exec("/me is here", &r.team.id))
        .await
        .expect(200);
    let p = newest(&r.bob.client, &dm.id).await;
    assert_eq!(
        (p.post_type.as_str(), p.message.as_str()),
        ("me", "*is here*")
    );
    // A team the caller is not in (or none): refused.
    let other = t.team(&r.admin).await;
    for team in [other.id.as_str(), ""] {
        r.alice
            .client
            .post("/commands/execute", exec("/me sneaks", team))
            .await
            .expect_error(403, "api.context.permissions.app_error");
    }
    // The header of a direct message can be set by its members; the purpose cannot.
    r.alice
        .client
        .post("/commands/execute", exec("/header Our DM", &r.team.id))
        .await
        .expect(200);
    let ch: Channel = r
        .bob
        .client
        .get(&format!("/channels/{}", dm.id))
        .await
        .parse();
    assert_eq!(ch.header, "Our DM");
    let resp = r
        .alice
        .client
        .post("/commands/execute", exec("/purpose Why", &r.team.id))
        .await
        .expect(200)
        .json();
    assert_eq!(
        resp["text"],
        "Unable to set purpose for direct message channels. Use /header to set the header instead."
    );
    // A direct message cannot be left.
    let resp = r
        .alice
        .client
        .post("/commands/execute", exec("/leave", &r.team.id))
        .await
        .expect(200)
        .json();
    assert_eq!(resp["text"], "An error occurred while leaving the channel.");
}

async fn status_commands_set_a_manual_status(t: TestServer) {
    let r = Room::new(&t).await;
    for (cmd, status, manual, text) in [
        ("/away", "away", true, "You are now away"),
        (
            "/dnd",
            "dnd",
            true,
            "Do Not Disturb is enabled. You will not receive desktop or mobile push notifications until Do Not Disturb is turned off.",
        ),
        ("/offline", "offline", true, "You are now offline"),
        ("/online", "online", false, "You are now online"),
    ] {
        let resp = ok(&r.alice.client, &r.channel.id, cmd).await;
        assert_eq!(resp["response_type"], "ephemeral", "{cmd}");
        assert_eq!(resp["text"], text);
        let s = r
            .alice
            .client
            .get("/users/me/status")
            .await
            .expect(200)
            .json();
        assert_eq!(s["status"], status, "{cmd}");
        assert_eq!(s["manual"], manual, "{cmd}");
        assert_eq!(s["dnd_end_time"], 0);
        let seen = r
            .bob
            .client
            .get(&format!("/users/{}/status", r.alice.id()))
            .await
            .expect(200)
            .json();
        assert_eq!(seen["status"], status);
    }
    // Status commands post nothing.
    assert!(messages(&channel_posts(&r.bob.client, &r.channel.id, "").await).is_empty());
}

async fn commands_need_a_channel_the_caller_can_post_in(t: TestServer) {
    let r = Room::new(&t).await;
    let private = t.channel(&r.admin, &r.team, "P").await;
    let open = t.channel(&r.admin, &r.team, "O").await;
    let other_team = t.team(&r.admin).await;
    let elsewhere = t.channel(&r.admin, &other_team, "O").await;
    for ch in [&private.id, &open.id, &elsewhere.id] {
        run(&r.alice.client, ch, "/me knocks")
            .await
            .expect_error(403, "api.context.permissions.app_error");
    }
    // A channel that does not exist: forbidden, except to those who could use any channel.
    let missing = stoa_model::new_id();
    run(&r.alice.client, &missing, "/me knocks")
        .await
        .expect_error(403, "api.context.permissions.app_error");
    run(&r.admin.client, &missing, "/me knocks")
        .await
        .expect_error(404, "app.channel.get.existing.app_error");
    // No command, no slash, a bad channel id.
    for (ch, cmd) in [
        (r.channel.id.as_str(), ""),
        (r.channel.id.as_str(), "/"),
        (r.channel.id.as_str(), "me waves"),
        ("not-an-id", "/me waves"),
    ] {
        run(&r.alice.client, ch, cmd)
            .await
            .expect_error(400, "api.command.execute_command.start.app_error");
    }
    // Longer than a post may be.
    let long = format!("/echo {}", "x".repeat(16_384));
    run(&r.alice.client, &r.channel.id, &long)
        .await
        .expect_error(400, "api.context.invalid_param.app_error");
    // Not signed in.
    t.anon()
        .post(
            "/commands/execute",
            json!({"channel_id": r.channel.id, "command": "/me"}),
        )
        .await
        .expect(401);
    // An archived channel.
    r.admin
        .client
        .delete(&format!("/channels/{}", r.channel.id))
        .await
        .expect(200);
    run(&r.alice.client, &r.channel.id, "/me waves")
        .await
        .expect_error(400, "api.command.execute_command.deleted.error");
    assert!(messages(&channel_posts(&r.admin.client, &r.channel.id, "").await).is_empty());
}

async fn unknown_commands_are_not_found(t: TestServer) {
    let r = Room::new(&t).await;
    let resp = run(&r.alice.client, &r.channel.id, "/JunK with args")
        .await
        .expect_error(404, "api.command.execute_command.not_found.app_error");
    let message = resp.json()["message"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(message.contains("'junk'"), "{message}");
    let long = format!("/{}", "z".repeat(600));
    let resp = run(&r.alice.client, &r.channel.id, &long)
        .await
        .expect_error(404, "api.command.execute_command.not_found.app_error");
    let message = resp.json()["message"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        message.contains(&format!("'{}...'", "z".repeat(512))),
        "{message}"
    );
    assert!(messages(&channel_posts(&r.bob.client, &r.channel.id, "").await).is_empty());
}

async fn disabled_commands_are_refused(t: TestServer) {
    let r = Room::new(&t).await;
    r.admin
        .client
        .put(
            "/config/patch",
            json!({"ServiceSettings": {"EnableCommands": false}}),
        )
        .await
        .expect(200);
    for cmd in ["/me waves", "/junk"] {
        run(&r.alice.client, &r.channel.id, cmd)
            .await
            .expect_error(501, "api.command.disabled.app_error");
    }
    r.admin
        .client
        .get(&format!("/commands?team_id={}&custom_only=true", r.team.id))
        .await
        .expect_error(501, "api.command.disabled.app_error");
    // The built-ins are still listed.
    let list = r
        .alice
        .client
        .get(&format!("/teams/{}/commands/autocomplete", r.team.id))
        .await
        .expect(200)
        .json();
    assert_eq!(list.as_array().map(Vec::len), Some(12));
}

async fn the_command_lists_hold_the_built_ins(t: TestServer) {
    let r = Room::new(&t).await;
    let outsider = t.user(&r.admin, "outsider").await;
    let resp = r
        .alice
        .client
        .get(&format!("/teams/{}/commands/autocomplete", r.team.id))
        .await
        .expect(200);
    assert_eq!(resp.header("content-type"), Some("application/json"));
    let list = resp.json();
    let triggers: Vec<&str> = list
        .as_array()
        .expect("an array")
        .iter()
        .filter_map(|c| c["trigger"].as_str())
        .collect();
    assert_eq!(
        triggers,
        [
            "away", "dnd", "echo", "header", "join", "leave", "me", "msg", "offline", "online",
            "purpose", "shrug"
        ]
    );
    let me = list
        .as_array()
        .and_then(|l| l.iter().find(|c| c["trigger"] == "me"))
        .expect("me");
    assert_eq!(me["auto_complete"], true);
    assert_eq!(me["auto_complete_desc"], "Do an action");
    assert_eq!(me["auto_complete_hint"], "[message]");
    assert_eq!(me["display_name"], "me");
    assert_eq!(me["token"], "");
    assert_eq!(me["url"], "");
    let msg = list
        .as_array()
        .and_then(|l| l.iter().find(|c| c["trigger"] == "msg"))
        .expect("msg");
    assert_eq!(msg["display_name"], "message");
    assert_eq!(msg["auto_complete_hint"], "@[username] 'message'");
    // Team members only.
    outsider
        .client
        .get(&format!("/teams/{}/commands/autocomplete", r.team.id))
        .await
        .expect_error(403, "api.context.permissions.app_error");
    r.alice
        .client
        .get("/teams/bad/commands/autocomplete")
        .await
        .expect(400);
    // `GET /commands`: the same built-ins; custom commands only for those who manage them.
    let all = r
        .alice
        .client
        .get(&format!("/commands?team_id={}", r.team.id))
        .await
        .expect(200)
        .json();
    assert_eq!(all, list);
    r.alice
        .client
        .get(&format!("/commands?team_id={}&custom_only=true", r.team.id))
        .await
        .expect_error(403, "api.context.permissions.app_error");
    let custom = r
        .admin
        .client
        .get(&format!("/commands?team_id={}&custom_only=true", r.team.id))
        .await
        .expect(200)
        .json();
    assert_eq!(custom, json!([]));
    outsider
        .client
        .get(&format!("/commands?team_id={}", r.team.id))
        .await
        .expect_error(403, "api.context.permissions.app_error");
    r.alice
        .client
        .get("/commands")
        .await
        .expect_error(400, "api.context.invalid_param.app_error");
}

api_test!(
    me_posts_an_action_in_the_channel_and_threads,
    shrug_appends_a_shrug,
    slack_markup_in_command_text_is_rewritten,
    echo_posts_now_or_after_a_delay,
    join_joins_a_channel_of_the_team_and_moves_there,
    leave_leaves_the_current_channel,
    msg_opens_a_direct_message_and_posts_there,
    header_and_purpose_edit_the_channel,
    direct_messages_take_commands_for_the_callers_team,
    status_commands_set_a_manual_status,
    commands_need_a_channel_the_caller_can_post_in,
    unknown_commands_are_not_found,
    disabled_commands_are_refused,
    the_command_lists_hold_the_built_ins,
);
