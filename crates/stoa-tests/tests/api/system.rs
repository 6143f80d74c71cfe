//! Start-up endpoints and the wire conventions every response follows.

use serde_json::{Value, json};
use stoa_tests::{Fixture, TestServer, api_test};

async fn ping_answers_without_a_session(t: TestServer) {
    let r = t
        .anon()
        .get("/system/ping?get_server_status=true")
        .await
        .expect(200);
    assert_eq!(r.header("content-type"), Some("application/json"));
    let body = r.json();
    assert_eq!(body["status"], "OK");
    assert_eq!(body["database_status"], "OK");
    assert_eq!(body["ActiveSearchBackend"], "database");
    let rid = r.header("x-request-id").expect("request id");
    assert_eq!(rid.len(), 26);
    let version = r.header("x-version-id").expect("version header");
    let parts: Vec<&str> = version.split('.').collect();
    assert_eq!(parts.len(), 6, "{version}");
    let (major, minor): (u32, u32) = (
        parts[0].parse().expect("major"),
        parts[1].parse().expect("minor"),
    );
    assert!((major, minor) >= (10, 11), "{version}");
    assert_eq!(parts[5], "false");
}

/// Load balancer probes outside `/api/v4`: liveness, and readiness that asks the database.
/// (Readiness failing while the database is down is tested in `crates/stoa/tests/durability`,
/// which stops a PostgreSQL of its own.)
async fn liveness_and_readiness_answer_while_the_database_does(t: TestServer) {
    let http = reqwest::Client::new();
    for (path, body) in [
        ("/healthz", json!({"status": "OK"})),
        ("/readyz", json!({"status": "OK", "database_status": "OK"})),
    ] {
        let r = stoa_tests::ApiClient::send(http.get(format!("{}{path}", t.base_url()))).await;
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.json(), body, "{path}");
        assert_eq!(r.header("cache-control"), Some("no-store"), "{path}");
    }
}

async fn client_config_is_a_string_map_and_grows_after_login(t: TestServer) {
    let before = t
        .anon()
        .get("/config/client?format=old")
        .await
        .expect(200)
        .json();
    let map = before.as_object().expect("object");
    assert!(
        map.values().all(|v| v.is_string()),
        "every value is a string"
    );
    assert_eq!(before["NoAccounts"], "true");
    assert_eq!(before["EnableOpenServer"], "false");
    assert!(
        before["Version"]
            .as_str()
            .is_some_and(|v| v.starts_with("10."))
    );
    assert!(
        before.get("CollapsedThreads").is_none(),
        "full keys only after login"
    );

    let admin = t.admin().await;
    let after = admin
        .client
        .get("/config/client?format=old")
        .await
        .expect(200)
        .json();
    assert_eq!(after["NoAccounts"], "false");
    assert_eq!(after["CollapsedThreads"], "default_on");
    assert_eq!(
        after["SQLDriverName"],
        if t.backend() == stoa_tests::Backend::Sqlite {
            "sqlite"
        } else {
            "postgres"
        }
    );
    assert!(
        after
            .as_object()
            .expect("object")
            .values()
            .all(|v| v.is_string())
    );
}

async fn license_is_unlicensed_and_needs_format_old(t: TestServer) {
    let r = t.anon().get("/license/client?format=old").await.expect(200);
    assert_eq!(r.json(), json!({"IsLicensed": "false"}));
    t.anon().get("/license/client").await.expect(501);
    t.anon()
        .get("/license/client?format=new")
        .await
        .expect_error(400, "api.context.invalid_param.app_error");
}

async fn unknown_routes_and_methods_answer_with_the_error_body(t: TestServer) {
    t.anon()
        .get("/no/such/route")
        .await
        .expect_error(404, "api.context.404.app_error");
    let r = t.anon().request(reqwest::Method::PATCH, "/system/ping");
    stoa_tests::ApiClient::send(r)
        .await
        .expect_error(405, "api.context.405.app_error");
    // Anything else under /api is an API call too: the same JSON 404, not the web app.
    for path in ["/api/v4/", "/api", "/api/v3/users/me", "/api/v4x/ping"] {
        let r = stoa_tests::ApiClient::send(
            reqwest::Client::new().post(format!("{}{path}", t.base_url())),
        )
        .await;
        assert_eq!(r.header("content-type"), Some("application/json"), "{path}");
        r.expect_error(404, "api.context.404.app_error");
    }
}

async fn bad_json_and_bad_ids_are_400(t: TestServer) {
    let admin = t.admin().await;
    let r = admin
        .client
        .raw(
            reqwest::Method::POST,
            "/teams",
            "application/json",
            b"{not json".to_vec(),
        )
        .await;
    r.expect_error(400, "api.context.invalid_body_param.app_error");
    admin
        .client
        .get("/teams/not-an-id")
        .await
        .expect_error(400, "api.context.invalid_url_param.app_error");
    admin
        .client
        .get("/channels/abc")
        .await
        .expect_error(400, "api.context.invalid_url_param.app_error");
}

async fn oversized_bodies_are_413_and_change_nothing(t: TestServer) {
    let admin = t.admin().await;
    let huge = "x".repeat(400_000);
    let r = admin
        .client
        .post(
            "/teams",
            json!({"name": "bigteam", "display_name": huge, "type": "O"}),
        )
        .await;
    r.expect_error(413, "api.context.request_body_too_large.app_error");
    admin.client.get("/teams/name/bigteam").await.expect(404);
}

async fn errors_hide_details_unless_developer_mode(t: TestServer) {
    let admin = t.admin().await;
    let r = admin
        .client
        .raw(
            reqwest::Method::POST,
            "/teams",
            "application/json",
            b"[1,2".to_vec(),
        )
        .await
        .expect(400);
    assert_eq!(r.json()["detailed_error"], "");
    admin
        .client
        .put(
            "/config/patch",
            json!({"ServiceSettings": {"EnableDeveloper": true}}),
        )
        .await
        .expect(200);
    let r = admin
        .client
        .raw(
            reqwest::Method::POST,
            "/teams",
            "application/json",
            b"[1,2".to_vec(),
        )
        .await
        .expect(400);
    assert_ne!(r.json()["detailed_error"], "");
}

async fn admins_read_and_patch_the_config(t: TestServer) {
    let admin = t.admin().await;
    let cfg = admin.client.get("/config").await.expect(200).json();
    assert_eq!(cfg["TeamSettings"]["EnableOpenServer"], false);
    let patched = admin
        .client
        .put(
            "/config/patch",
            json!({"TeamSettings": {"EnableOpenServer": true, "SiteName": "Agora"}}),
        )
        .await
        .expect(200)
        .json();
    assert_eq!(patched["TeamSettings"]["EnableOpenServer"], true);
    assert_eq!(
        patched["PasswordSettings"]["MinimumLength"], 8,
        "untouched keys keep their values"
    );
    let client = t.anon().get("/config/client?format=old").await.json();
    assert_eq!(client["SiteName"], "Agora");
    assert_eq!(client["EnableOpenServer"], "true");

    admin
        .client
        .put(
            "/config/patch",
            json!({"PasswordSettings": {"MinimumLength": 1}}),
        )
        .await
        .expect_error(400, "model.config.is_valid.app_error");
    admin
        .client
        .put(
            "/config/patch",
            json!({"TeamSettings": {"EnableOpenServer": "yes"}}),
        )
        .await
        .expect(400);
    let cfg = admin.client.get("/config").await.json();
    assert_eq!(
        cfg["PasswordSettings"]["MinimumLength"], 8,
        "a refused patch changes nothing"
    );

    let user = t.user(&admin, "plain").await;
    user.client
        .get("/config")
        .await
        .expect_error(403, "api.context.permissions.app_error");
    user.client
        .put("/config/patch", json!({"TeamSettings": {"SiteName": "x"}}))
        .await
        .expect(403);
}

async fn roles_are_served_with_their_permissions(t: TestServer) {
    let admin = t.admin().await;
    let roles = admin
        .client
        .post(
            "/roles/names",
            json!(["system_user", "team_user", "channel_user", "made_up"]),
        )
        .await
        .expect(200)
        .json();
    let roles = roles.as_array().expect("array");
    assert_eq!(roles.len(), 3, "unknown names are skipped");
    let team_user = roles
        .iter()
        .find(|r| r["name"] == "team_user")
        .expect("team_user");
    let perms: Vec<&str> = team_user["permissions"]
        .as_array()
        .expect("perms")
        .iter()
        .filter_map(|p| p.as_str())
        .collect();
    assert!(perms.contains(&"create_public_channel"));
    let by_name = admin
        .client
        .get("/roles/name/system_admin")
        .await
        .expect(200)
        .json();
    let by_id = admin
        .client
        .get(&format!("/roles/{}", by_name["id"].as_str().expect("id")))
        .await
        .expect(200)
        .json();
    assert_eq!(by_id["name"], "system_admin");
    admin.client.get("/roles/name/nope").await.expect(404);
}

/// The Content-Security-Policy of a page.
async fn page_csp(t: &TestServer, path: &str) -> String {
    let r = reqwest::get(format!("{}{path}", t.base_url()))
        .await
        .expect("get");
    r.headers()
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned()
}

async fn the_web_app_path_is_served(t: TestServer) {
    let get = |path: &str| reqwest::get(format!("{}{path}", t.base_url()));
    let root = get("/").await.expect("get /");
    assert_eq!(root.status(), 200);
    assert_eq!(root.headers()["content-type"], "text/html; charset=utf-8");
    assert_eq!(root.headers()["cache-control"], "no-cache");
    let index = root.text().await.expect("text");
    assert!(index.contains("Stoa"));
    // App routes are the same page (the single-page app routes in the browser).
    let route = get("/myteam/channels/town-square")
        .await
        .expect("get a route");
    assert_eq!(route.status(), 200);
    assert_eq!(route.text().await.expect("text"), index);
    // Never the app under /api, nor for a hashed asset that does not exist.
    assert_eq!(get("/api/v3/users").await.expect("get").status(), 404);
    let posted = reqwest::Client::new()
        .post(format!("{}/myteam", t.base_url()))
        .send()
        .await
        .expect("post");
    assert_eq!(posted.status(), 405);
    if stoa_webapp::is_built() {
        for missing in ["/assets/missing-0000.js", "/old-icon.png"] {
            assert_eq!(get(missing).await.expect("get").status(), 404, "{missing}");
        }
        let csp = page_csp(&t, "/").await;
        assert!(csp.starts_with("default-src 'self'"), "{csp}");
        // The page's own script is served, cached for good.
        let script = index
            .split("src=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .expect("index.html loads a script");
        let js = get(script).await.expect("get the script");
        assert_eq!(js.status(), 200);
        assert_eq!(
            js.headers()["cache-control"],
            "public, max-age=31536000, immutable"
        );
        assert_eq!(
            js.headers()["content-type"],
            "text/javascript; charset=utf-8"
        );
    } else {
        assert!(index.contains("npm run build"), "says how to build it");
    }
}

api_test!(
    ping_answers_without_a_session,
    liveness_and_readiness_answer_while_the_database_does,
    client_config_is_a_string_map_and_grows_after_login,
    license_is_unlicensed_and_needs_format_old,
    unknown_routes_and_methods_answer_with_the_error_body,
    bad_json_and_bad_ids_are_400,
    oversized_bodies_are_413_and_change_nothing,
    errors_hide_details_unless_developer_mode,
    admins_read_and_patch_the_config,
    roles_are_served_with_their_permissions,
    the_web_app_path_is_served,
    what_the_apps_read_at_start,
    the_client_config_advertises_only_what_is_served,
    nul_characters_are_refused_at_the_edge,
);

/// No database stores a NUL character in text (PostgreSQL refuses it, which was a 500): a body,
/// path or query carrying one is a 400 with Mattermost's error body, and nothing is written.
async fn nul_characters_are_refused_at_the_edge(t: TestServer) {
    let admin = t.admin().await;
    let c = &admin.client;
    t.anon()
        .post(
            "/users/login",
            json!({"login_id": "ad\u{0}min", "password": "x"}),
        )
        .await
        .expect_error(400, "api.context.invalid_body_param.app_error");
    let team = t.team(&admin).await;
    c.post(
        "/channels",
        json!({"team_id": team.id, "name": "nul-chan", "display_name": "a\u{0}b", "type": "O"}),
    )
    .await
    .expect_error(400, "api.context.invalid_body_param.app_error");
    c.get(&format!("/teams/{}/channels/name/nul-chan", team.id))
        .await
        .expect(404);
    c.get("/users/autocomplete?name=a%00b")
        .await
        .expect_error(400, "api.context.invalid_url_param.app_error");
    c.get("/users/username/a%00b")
        .await
        .expect_error(400, "api.context.invalid_url_param.app_error");
    // A backslash followed by "u0000" is ordinary text.
    let ch: Value = c
        .post(
            "/channels",
            json!({"team_id": team.id, "name": "slash-chan", "display_name": "a\\u0000b", "type": "O"}),
        )
        .await
        .expect(201)
        .json();
    assert_eq!(ch["display_name"], "a\\u0000b");
}

/// Each feature flag of `config/client` and an endpoint the apps call when it is "true".
const FEATURES: &[(&str, &[&str])] = &[
    (
        "AllowSyncedDrafts",
        &[
            "POST /api/v4/drafts",
            "GET /api/v4/users/{}/teams/{}/drafts",
        ],
    ),
    (
        "EnableCustomEmoji",
        &["POST /api/v4/emoji", "GET /api/v4/emoji"],
    ),
    ("EnableFileAttachments", &["POST /api/v4/files"]),
    ("EnablePublicLink", &["GET /api/v4/files/{}/link"]),
    (
        "EnableCustomUserStatuses",
        &["PUT /api/v4/users/{}/status/custom"],
    ),
    ("EnableUserAccessTokens", &["POST /api/v4/users/{}/tokens"]),
    ("EnableIncomingWebhooks", &["POST /api/v4/hooks/incoming"]),
    ("EnableOutgoingWebhooks", &["POST /api/v4/hooks/outgoing"]),
    ("EnableCommands", &["POST /api/v4/commands"]),
    ("EnableBotAccountCreation", &["POST /api/v4/bots"]),
    ("EnableOAuthServiceProvider", &["POST /api/v4/oauth/apps"]),
    ("EnableLinkPreviews", &["GET /api/v4/opengraph"]),
    (
        "PasswordEnableForgotLink",
        &["POST /api/v4/users/password/reset/send"],
    ),
    ("EnableClientMetrics", &["POST /api/v4/client_perf"]),
    (
        "EnableMultifactorAuthentication",
        &["POST /api/v4/users/{}/mfa/generate"],
    ),
    ("EnableGuestAccounts", &["POST /api/v4/users/{}/demote"]),
    ("EnableLdap", &["POST /api/v4/ldap/sync"]),
    ("EnableSaml", &["GET /api/v4/saml/metadata"]),
    (
        "EnableCustomTermsOfService",
        &["POST /api/v4/terms_of_service"],
    ),
    (
        "PostAcknowledgements",
        &["POST /api/v4/users/{}/posts/{}/ack"],
    ),
    ("ScheduledPosts", &["POST /api/v4/posts/schedule"]),
    ("EnableCustomGroups", &["POST /api/v4/groups"]),
    ("PluginsEnabled", &["GET /api/v4/plugins"]),
    ("SendPushNotifications", &["POST /api/v4/notifications/ack"]),
    ("EnableGifPicker", &["GET /api/v4/gifs"]),
];

/// Config honesty: with every setting Stoa stores switched on, each feature flag the client
/// config says "true" has its endpoints routed (`docs/ENDPOINTS.md`, generated from the router).
async fn the_client_config_advertises_only_what_is_served(t: TestServer) {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let routed: Vec<String> = std::fs::read_to_string(root.join("docs/ENDPOINTS.md"))
        .expect("baseline")
        .lines()
        .filter_map(|l| l.strip_prefix("- `")?.strip_suffix('`'))
        .map(|l| {
            l.split('/')
                .map(|seg| if seg.starts_with('{') { "{}" } else { seg })
                .collect::<Vec<_>>()
                .join("/")
        })
        .collect();
    let admin = t.admin().await;
    admin
        .client
        .put(
            "/config/patch",
            json!({
                "ServiceSettings": {
                    "EnableIncomingWebhooks": true, "EnableOutgoingWebhooks": true,
                    "EnableCommands": true, "EnableUserAccessTokens": true,
                    "EnableBotAccountCreation": true, "EnableLinkPreviews": true,
                    "EnableCustomEmoji": true,
                },
                "FileSettings": {"EnablePublicLink": true, "EnableFileAttachments": true},
                "PasswordSettings": {"EnableForgotLink": true},
                "TeamSettings": {"EnableCustomUserStatuses": true},
                "EmailSettings": {"SendPushNotifications": true, "SendEmailNotifications": true},
            }),
        )
        .await
        .expect(200);
    let config = admin
        .client
        .get("/config/client?format=old")
        .await
        .expect(200)
        .json();
    let mut missing = Vec::new();
    for (flag, endpoints) in FEATURES {
        let value = config[*flag].as_str().unwrap_or("false");
        if value != "true" {
            continue;
        }
        for e in *endpoints {
            if !routed.iter().any(|r| r == e) {
                missing.push(format!("{flag}=true but {e} is not routed"));
            }
        }
    }
    assert!(missing.is_empty(), "{missing:#?}");
    // The table is not empty of truths: drafts and emoji are served and advertised.
    assert_eq!(config["EnableCustomEmoji"], "true");
    assert_eq!(config["EnableFileAttachments"], "true");
}

/// The calls the official apps make at start and on their settings screens that need no data
/// of their own: the server's id, time zones, limits, notices, plugins and agents, and the
/// features an unlicensed server refuses.
async fn what_the_apps_read_at_start(t: TestServer) {
    let anon = t
        .anon()
        .get("/config/client?format=old")
        .await
        .expect(200)
        .json();
    let id = anon["DiagnosticId"].as_str().expect("an id").to_owned();
    assert_eq!(id.len(), 26, "the mobile app needs an id: {anon}");
    assert_eq!(anon["TelemetryId"], id);
    assert_eq!(anon["PasswordEnableForgotLink"], "false");
    let admin = t.admin().await;
    let c = &admin.client;
    let full = c.get("/config/client?format=old").await.expect(200).json();
    assert_eq!(
        full["DiagnosticId"], id,
        "the same id for the life of the database"
    );
    assert_eq!(full["EnableClientMetrics"], "false");

    let zones = c.get("/system/timezones").await.expect(200).json();
    let zones: Vec<&str> = zones
        .as_array()
        .expect("array")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(zones.len() > 300, "{}", zones.len());
    for z in ["UTC", "Europe/Paris", "America/New_York", "Asia/Tokyo"] {
        assert!(zones.contains(&z), "{z}");
    }
    t.anon().get("/system/timezones").await.expect(401);

    let limits = c.get("/limits/server").await.expect(200).json();
    assert_eq!(limits["maxUsersLimit"], 0);
    assert_eq!(limits["activeUserCount"], 1);
    let team = t.team(&admin).await;
    let notices = format!(
        "/system/notices/{}?client=web&clientVersion=11.3.0",
        team.id
    );
    assert_eq!(c.get(&notices).await.expect(200).json(), json!([]));
    c.get(&format!("/system/notices/{}?client=fridge", team.id))
        .await
        .expect_error(400, "api.context.invalid_param.app_error");
    assert_eq!(
        c.get("/redirect_location?url=https%3A%2F%2Fexample.com")
            .await
            .expect(200)
            .json(),
        json!({"location": ""})
    );
    assert_eq!(
        c.get("/trial-license/prev").await.expect(200).json()["IsLicensed"],
        "false"
    );
    let perf = c
        .post("/client_perf", json!({"version": "0.1.0"}))
        .await
        .expect(200);
    assert!(perf.body.is_empty());

    assert_eq!(
        t.anon().get("/plugins/webapp").await.expect(200).json(),
        json!([])
    );
    assert_eq!(
        c.get("/plugins/statuses").await.expect(200).json(),
        json!([])
    );
    assert_eq!(c.get("/agents").await.expect(200).json(), json!([]));
    assert_eq!(
        c.get("/agents/status").await.expect(200).json()["available"],
        false
    );
    // A plugin's own routes: a JSON 404, never the web app's page.
    let r = reqwest::Client::new()
        .get(format!(
            "{}/plugins/com.mattermost.calls/version",
            t.base_url()
        ))
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), 404);
    let body: Value = r.json().await.expect("a JSON error");
    assert_eq!(body["id"], "api.context.404.app_error");

    // Licensed features answer as an unlicensed Mattermost does.
    c.get(&format!("/channels/{}/bookmarks", stoa_model::new_id()))
        .await
        .expect_error(501, "api.channel.bookmark.channel_bookmark.license.error");
    c.get("/data_retention/policy")
        .await
        .expect_error(501, "ent.data_retention.generic.license.error");
    c.get(&format!("/posts/scheduled/team/{}", team.id))
        .await
        .expect_error(400, "api.scheduled_posts.license_error");
    t.anon().get("/groups").await.expect(401);

    let suggestions = c
        .get(&format!(
            "/teams/{}/commands/autocomplete_suggestions?user_input=%2Fe",
            team.id
        ))
        .await
        .expect(200)
        .json();
    let first = &suggestions[0];
    assert_eq!(first["Suggestion"], "echo", "{suggestions}");
    assert!(first.get("Complete").is_some() && first.get("IconData").is_some());
    c.get(&format!(
        "/teams/{}/commands/autocomplete_suggestions?user_input=",
        team.id
    ))
    .await
    .expect_error(400, "api.context.invalid_param.app_error");
}

mod paths {
    use stoa_tests::{Fixture, TestServer, api_test};

    /// Some clients build URLs with doubled slashes; Mattermost's router cleans them.
    async fn doubled_slashes_reach_the_route(t: TestServer) {
        let admin = t.admin().await;
        let r = reqwest::Client::new()
            .get(format!("{}/api/v4//users//me", t.base_url()))
            .bearer_auth(admin.client.token.clone().expect("token"))
            .send()
            .await
            .expect("request");
        assert_eq!(r.status(), 200);
    }

    api_test!(doubled_slashes_reach_the_route);
}
