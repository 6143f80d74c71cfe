//! Stoa as an OAuth 2.0 provider, over real HTTP: apps managed at `/api/v4/oauth/apps`, the
//! authorization-code grant at `/oauth/authorize` and `/oauth/access_token` (with PKCE), the
//! access token used as a session on REST and the WebSocket, refresh and deauthorization.

use std::time::Duration;

use serde_json::{Value, json};
use stoa_tests::ws::WsClient;
use stoa_tests::{ApiClient, Fixture, Resp, TestServer, TestUser, api_test};

const CALLBACK: &str = "https://app.example.com/callback";
const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

async fn enable(admin: &TestUser) {
    admin
        .client
        .put(
            "/config/patch",
            json!({"ServiceSettings": {"EnableOAuthServiceProvider": true}}),
        )
        .await
        .expect(200);
}

async fn create_app(admin: &TestUser, extra: Value) -> Value {
    let mut body = json!({
        "name": "Planner", "description": "plans things", "homepage": "https://app.example.com",
        "callback_urls": [CALLBACK, "https://app.example.com/other"],
    });
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        b.extend(e.clone());
    }
    admin
        .client
        .post("/oauth/apps", body)
        .await
        .expect(201)
        .json()
}

fn id(v: &Value) -> String {
    v["id"].as_str().expect("id").to_owned()
}

fn text(v: &Value, key: &str) -> String {
    v[key].as_str().unwrap_or_default().to_owned()
}

/// A client that does not follow redirects, for the browser-facing endpoints.
fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

/// A request to a web-root path (outside `/api/v4`) with the client's session.
fn web(client: &ApiClient, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
    let rb = browser().request(method, format!("{}{path}", client.base()));
    match &client.token {
        Some(t) => rb.bearer_auth(t),
        None => rb,
    }
}

fn form(fields: &[(&str, &str)]) -> String {
    let esc = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    char::from(b).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", esc(k), esc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The user approves the app; returns the `redirect` answer.
async fn approve(user: &ApiClient, app: &Value, extra: Value) -> Resp {
    let mut body = json!({
        "response_type": "code", "client_id": id(app), "redirect_uri": CALLBACK,
        "state": "st4te", "scope": "",
    });
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        b.extend(e.clone());
    }
    ApiClient::send(
        web(user, reqwest::Method::POST, "/oauth/authorize")
            .header("X-Requested-With", "XMLHttpRequest")
            .json(&body),
    )
    .await
}

/// The code in an approval's redirect.
async fn code_for(user: &ApiClient, app: &Value, extra: Value) -> String {
    let resp = approve(user, app, extra).await.expect(200);
    let redirect = text(&resp.json(), "redirect");
    let query = redirect
        .strip_prefix(&format!("{CALLBACK}?"))
        .unwrap_or_else(|| panic!("redirect to the callback: {redirect}"));
    assert!(query.ends_with("&state=st4te"), "{redirect}");
    query
        .split('&')
        .find_map(|p| p.strip_prefix("code="))
        .expect("a code")
        .to_owned()
}

async fn token_request(t: &TestServer, fields: &[(&str, &str)]) -> Resp {
    ApiClient::send(
        browser()
            .post(format!("{}/oauth/access_token", t.base_url()))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form(fields)),
    )
    .await
}

async fn exchange(t: &TestServer, app: &Value, code: &str, extra: &[(&str, &str)]) -> Resp {
    let (client_id, secret) = (id(app), text(app, "client_secret"));
    let mut fields = vec![
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", CALLBACK),
        ("client_id", client_id.as_str()),
        ("client_secret", secret.as_str()),
    ];
    fields.extend_from_slice(extra);
    token_request(t, &fields).await
}

async fn refresh(t: &TestServer, app: &Value, refresh_token: &str) -> Resp {
    let (client_id, secret) = (id(app), text(app, "client_secret"));
    token_request(
        t,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token),
            ("client_id", &client_id),
            ("client_secret", &secret),
        ],
    )
    .await
}

/// A token endpoint error: Mattermost's body and RFC 6749's `error`.
#[track_caller]
fn token_error(resp: Resp, status: u16, id: &str, error: &str) {
    assert_eq!(resp.header("cache-control"), Some("no-store"));
    let body = resp.expect_error(status, id).json();
    assert_eq!(body["error"], error, "{body}");
    assert!(
        body["error_description"]
            .as_str()
            .is_some_and(|d| !d.is_empty())
    );
}

async fn me_with(t: &TestServer, token: &str) -> Resp {
    t.anon().with_token(token).get("/users/me").await
}

async fn the_authorization_code_flow_end_to_end(t: TestServer) {
    let admin = t.admin().await;
    let user = t.user(&admin, "alice").await;
    enable(&admin).await;
    let app = create_app(&admin, json!({})).await;
    assert_eq!(text(&app, "client_secret").len(), 26);
    assert_eq!(app["creator_id"], admin.id());
    assert_eq!(app["is_trusted"], false);

    let code = code_for(&user.client, &app, json!({})).await;
    let resp = exchange(&t, &app, &code, &[]).await.expect(200);
    assert_eq!(resp.header("cache-control"), Some("no-store"));
    let tokens = resp.json();
    assert_eq!(tokens["token_type"], "bearer");
    assert_eq!(tokens["scope"], "user");
    assert_eq!(tokens["expires_in"], 720 * 3600);
    let access = text(&tokens, "access_token");
    let refresh_token = text(&tokens, "refresh_token");
    assert_eq!(access.len(), 26);
    assert_ne!(access, refresh_token);

    // The access token is a session of the user: REST (header and, for OAuth tokens only,
    // the query string) and the WebSocket accept it.
    let me = me_with(&t, &access).await.expect(200).json();
    assert_eq!(me["id"], user.id());
    t.anon()
        .get(&format!("/users/me?access_token={access}"))
        .await
        .expect(200);
    let mut ws = WsClient::connect(&t, &access).await;
    let sessions = user
        .client
        .get(&format!("/users/{}/sessions", user.id()))
        .await
        .expect(200)
        .json();
    let oauth: Vec<&Value> = sessions
        .as_array()
        .expect("list")
        .iter()
        .filter(|s| s["is_oauth"] == true)
        .collect();
    assert_eq!(oauth.len(), 1);
    assert_eq!(oauth[0]["props"]["oauth_app_id"], id(&app));

    // The user sees the app among the apps they authorized, without its secret.
    let authorized = user
        .client
        .get("/users/me/oauth/apps/authorized")
        .await
        .expect(200)
        .json();
    assert_eq!(authorized[0]["id"], id(&app));
    assert_eq!(authorized[0]["client_secret"], "");

    // Refresh: new tokens; the old access token and the old refresh token die.
    let renewed = refresh(&t, &app, &refresh_token).await.expect(200).json();
    let access2 = text(&renewed, "access_token");
    let refresh2 = text(&renewed, "refresh_token");
    assert_ne!(access2, access);
    assert_ne!(refresh2, refresh_token);
    me_with(&t, &access)
        .await
        .expect_error(401, "api.context.session_expired.app_error");
    ws.expect_closed(Duration::from_secs(5)).await;
    me_with(&t, &access2).await.expect(200);
    token_error(
        refresh(&t, &app, &refresh_token).await,
        404,
        "api.oauth.get_access_token.refresh_token.app_error",
        "invalid_grant",
    );

    // Deauthorize (from the user's own session): the app's token and refresh token die.
    let mut ws2 = WsClient::connect(&t, &access2).await;
    let resp = ApiClient::send(
        web(&user.client, reqwest::Method::POST, "/oauth/deauthorize")
            .json(&json!({"client_id": id(&app)})),
    )
    .await
    .expect(200);
    assert_eq!(resp.json()["status"], "OK");
    me_with(&t, &access2).await.expect(401);
    ws2.expect_closed(Duration::from_secs(5)).await;
    refresh(&t, &app, &refresh2).await.expect(404);
    let authorized = user
        .client
        .get("/users/me/oauth/apps/authorized")
        .await
        .expect(200)
        .json();
    assert_eq!(authorized, json!([]));
}

async fn pkce_is_enforced_when_the_authorization_used_it(t: TestServer) {
    let admin = t.admin().await;
    let user = t.user(&admin, "pkce").await;
    enable(&admin).await;
    let app = create_app(&admin, json!({})).await;
    let s256 = json!({"code_challenge": CHALLENGE, "code_challenge_method": "S256"});

    // `plain` sends the secret through the browser: refused, as is a challenge without method.
    approve(
        &user.client,
        &app,
        json!({"code_challenge": VERIFIER, "code_challenge_method": "plain"}),
    )
    .await
    .expect_error(
        400,
        "model.authorize.is_valid.code_challenge_method.unsupported.app_error",
    );
    approve(&user.client, &app, json!({"code_challenge": CHALLENGE}))
        .await
        .expect_error(
            400,
            "model.authorize.is_valid.code_challenge_method.app_error",
        );

    // The right verifier.
    let code = code_for(&user.client, &app, s256.clone()).await;
    let tokens = exchange(&t, &app, &code, &[("code_verifier", VERIFIER)])
        .await
        .expect(200)
        .json();
    me_with(&t, &text(&tokens, "access_token"))
        .await
        .expect(200);

    // A wrong verifier, then no verifier: refused, and the code is gone after a failed try.
    let code = code_for(&user.client, &app, s256.clone()).await;
    let wrong = "x".repeat(43);
    token_error(
        exchange(&t, &app, &code, &[("code_verifier", &wrong)]).await,
        400,
        "model.authorize.validate_pkce.verification_failed.app_error",
        "invalid_grant",
    );
    exchange(&t, &app, &code, &[("code_verifier", VERIFIER)])
        .await
        .expect_error(400, "api.oauth.get_access_token.expired_code.app_error");
    let code = code_for(&user.client, &app, s256).await;
    token_error(
        exchange(&t, &app, &code, &[]).await,
        400,
        "model.authorize.validate_pkce.verifier_required.app_error",
        "invalid_grant",
    );

    // A flow without PKCE works as in Mattermost, but cannot be given a verifier afterwards.
    let code = code_for(&user.client, &app, json!({})).await;
    exchange(&t, &app, &code, &[("code_verifier", VERIFIER)])
        .await
        .expect_error(
            400,
            "model.authorize.validate_pkce.not_used_in_auth.app_error",
        );
    let code = code_for(&user.client, &app, json!({})).await;
    exchange(&t, &app, &code, &[]).await.expect(200);
}

async fn the_token_endpoint_refuses_what_it_must(t: TestServer) {
    let admin = t.admin().await;
    let user = t.user(&admin, "bob").await;
    enable(&admin).await;
    let app = create_app(&admin, json!({})).await;
    let other = create_app(&admin, json!({"name": "Other"})).await;
    let client_id = id(&app);

    // Wrong secret: 403, and the code is still good afterwards.
    let code = code_for(&user.client, &app, json!({})).await;
    token_error(
        token_request(
            &t,
            &[
                ("grant_type", "authorization_code"),
                ("code", &code),
                ("redirect_uri", CALLBACK),
                ("client_id", &client_id),
                ("client_secret", "not-the-secret"),
            ],
        )
        .await,
        403,
        "api.oauth.get_access_token.credentials.app_error",
        "invalid_client",
    );
    // Another app presenting the code: as unknown as a made-up code.
    exchange(&t, &other, &code, &[])
        .await
        .expect_error(400, "api.oauth.get_access_token.expired_code.app_error");

    // Wrong redirect URI (another registered one).
    let code = code_for(&user.client, &app, json!({})).await;
    let resp = token_request(
        &t,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", "https://app.example.com/other"),
            ("client_id", &client_id),
            ("client_secret", &text(&app, "client_secret")),
        ],
    )
    .await;
    token_error(
        resp,
        400,
        "api.oauth.get_access_token.redirect_uri.app_error",
        "invalid_grant",
    );

    // A code works once.
    let code = code_for(&user.client, &app, json!({})).await;
    exchange(&t, &app, &code, &[]).await.expect(200);
    token_error(
        exchange(&t, &app, &code, &[]).await,
        400,
        "api.oauth.get_access_token.expired_code.app_error",
        "invalid_grant",
    );

    // A code older than ten minutes has expired.
    let code = code_for(&user.client, &app, json!({})).await;
    t.sql("UPDATE oauth_codes SET create_at = create_at - 601000")
        .await;
    token_error(
        exchange(&t, &app, &code, &[]).await,
        403,
        "api.oauth.get_access_token.expired_code.app_error",
        "invalid_grant",
    );

    // Malformed requests.
    for (fields, id, error) in [
        (
            vec![
                ("grant_type", "password"),
                ("client_id", client_id.as_str()),
            ],
            "api.oauth.get_access_token.bad_grant.app_error",
            "unsupported_grant_type",
        ),
        (
            vec![("grant_type", "authorization_code")],
            "api.oauth.get_access_token.missing_code.app_error",
            "invalid_request",
        ),
        (
            vec![("grant_type", "refresh_token")],
            "api.oauth.get_access_token.missing_refresh_token.app_error",
            "invalid_request",
        ),
        (
            vec![("grant_type", "refresh_token"), ("refresh_token", "x")],
            "api.oauth.get_access_token.bad_client_id.app_error",
            "invalid_request",
        ),
    ] {
        token_error(token_request(&t, &fields).await, 400, id, error);
    }
    let unknown = stoa_model::new_id();
    token_error(
        token_request(
            &t,
            &[
                ("grant_type", "refresh_token"),
                ("refresh_token", "x"),
                ("client_id", &unknown),
                ("client_secret", "x"),
            ],
        )
        .await,
        404,
        "api.oauth.get_access_token.credentials.app_error",
        "invalid_client",
    );

    // An access token may not approve apps for its user.
    let code = code_for(&user.client, &app, json!({})).await;
    let access = text(&exchange(&t, &app, &code, &[]).await.json(), "access_token");
    approve(&t.anon().with_token(&access), &app, json!({}))
        .await
        .expect_error(403, "api.context.permissions.app_error");
}

async fn apps_are_managed_by_those_allowed_to(t: TestServer) {
    let admin = t.admin().await;
    let user = t.user(&admin, "carol").await;
    let second = t.user(&admin, "second").await;
    admin
        .client
        .put(
            &format!("/users/{}/roles", second.id()),
            json!({"roles": "system_user system_admin"}),
        )
        .await
        .expect(200);
    let second_admin = t.login(&second.user.username, &second.password).await;
    let body = json!({
        "name": "A", "homepage": "https://a.example.com", "callback_urls": [CALLBACK],
        "is_trusted": true,
    });

    // Off (Mattermost's default): 501 after the permission check.
    admin
        .client
        .post("/oauth/apps", body.clone())
        .await
        .expect_error(501, "api.oauth.register_oauth_app.turn_off.app_error");
    admin
        .client
        .get("/oauth/apps")
        .await
        .expect_error(501, "api.oauth.allow_oauth.turn_off.app_error");
    user.client
        .post("/oauth/apps", body.clone())
        .await
        .expect_error(403, "api.context.permissions.app_error");
    enable(&admin).await;
    let config = user
        .client
        .get("/config/client?format=old")
        .await
        .expect(200);
    assert_eq!(config.json()["EnableOAuthServiceProvider"], "true");

    // Ordinary users have no `manage_oauth` (as in Mattermost's default roles).
    user.client
        .post("/oauth/apps", body.clone())
        .await
        .expect_error(403, "api.context.permissions.app_error");
    user.client
        .get("/oauth/apps")
        .await
        .expect_error(403, "api.command.admin_only.app_error");

    // A system admin may mark an app trusted; validation as Mattermost's.
    let app = admin
        .client
        .post("/oauth/apps", body.clone())
        .await
        .expect(201)
        .json();
    assert_eq!(app["is_trusted"], true);
    let app_id = id(&app);
    admin
        .client
        .post(
            "/oauth/apps",
            json!({"name": "B", "homepage": "https://b.example.com", "callback_urls": []}),
        )
        .await
        .expect_error(400, "model.oauth.is_valid.callback.app_error");
    admin
        .client
        .post(
            "/oauth/apps",
            json!({"name": "B", "homepage": "ftp://b", "callback_urls": [CALLBACK]}),
        )
        .await
        .expect_error(400, "model.oauth.is_valid.homepage.app_error");

    // Any signed-in user reads the public fields; the secret only its managers.
    let info = user
        .client
        .get(&format!("/oauth/apps/{app_id}/info"))
        .await
        .expect(200)
        .json();
    assert_eq!(info["name"], "A");
    assert_eq!(info["client_secret"], "");
    t.anon()
        .get(&format!("/oauth/apps/{app_id}/info"))
        .await
        .expect(401);
    user.client
        .get(&format!("/oauth/apps/{app_id}"))
        .await
        .expect_error(403, "api.context.permissions.app_error");
    let seen = second_admin
        .get(&format!("/oauth/apps/{app_id}"))
        .await
        .expect(200)
        .json();
    assert_eq!(seen["client_secret"], app["client_secret"]);
    let all = second_admin
        .get("/oauth/apps?per_page=10")
        .await
        .expect(200)
        .json();
    assert!(
        all.as_array()
            .expect("list")
            .iter()
            .any(|a| a["id"] == app_id.as_str())
    );

    // Update: id must match the path; creator, creation and secret are kept.
    let mut next = app.clone();
    next["name"] = json!("Renamed");
    next["client_secret"] = json!("chosen");
    next["creator_id"] = json!(user.id());
    let updated = admin
        .client
        .put(&format!("/oauth/apps/{app_id}"), next.clone())
        .await
        .expect(200)
        .json();
    assert_eq!(updated["name"], "Renamed");
    assert_eq!(updated["client_secret"], app["client_secret"]);
    assert_eq!(updated["creator_id"], admin.id());
    next["id"] = json!(stoa_model::new_id());
    admin
        .client
        .put(&format!("/oauth/apps/{app_id}"), next)
        .await
        .expect_error(400, "api.context.invalid_param.app_error");
    user.client
        .put(&format!("/oauth/apps/{app_id}"), updated.clone())
        .await
        .expect(403);

    // A new secret: the old one stops working at the token endpoint.
    let code = code_for(&user.client, &app, json!({})).await;
    let regen = admin
        .client
        .post(&format!("/oauth/apps/{app_id}/regen_secret"), json!({}))
        .await
        .expect(200)
        .json();
    assert_ne!(regen["client_secret"], app["client_secret"]);
    exchange(&t, &app, &code, &[])
        .await
        .expect_error(403, "api.oauth.get_access_token.credentials.app_error");
    let tokens = exchange(&t, &regen, &code, &[]).await.expect(200).json();
    let access = text(&tokens, "access_token");
    me_with(&t, &access).await.expect(200);

    // Deleting the app ends its sessions and forgets the authorizations.
    user.client
        .delete(&format!("/oauth/apps/{app_id}"))
        .await
        .expect(403);
    admin
        .client
        .delete(&format!("/oauth/apps/{app_id}"))
        .await
        .expect(200);
    me_with(&t, &access).await.expect(401);
    refresh(&t, &regen, &text(&tokens, "refresh_token"))
        .await
        .expect(404);
    user.client
        .get(&format!("/oauth/apps/{app_id}/info"))
        .await
        .expect_error(404, "app.oauth.get_app.find.app_error");
    let authorized = user
        .client
        .get(&format!("/users/{}/oauth/apps/authorized", user.id()))
        .await
        .expect(200)
        .json();
    assert_eq!(authorized, json!([]));
    user.client
        .get(&format!("/users/{}/oauth/apps/authorized", admin.id()))
        .await
        .expect(403);
}

async fn the_authorize_page_redirects_or_shows_the_consent_page(t: TestServer) {
    let admin = t.admin().await;
    let user = t.user(&admin, "dave").await;
    let get =
        |client: &ApiClient, path: &str| ApiClient::send(web(client, reqwest::Method::GET, path));
    let page_for = |client_id: &str| {
        let query = form(&[
            ("response_type", "code"),
            ("client_id", client_id),
            ("redirect_uri", CALLBACK),
            ("state", "st4te"),
        ]);
        format!("/oauth/authorize?{query}")
    };

    // Off: refused.
    let resp = get(&user.client, &page_for(&stoa_model::new_id())).await;
    assert_eq!(resp.status, 501);
    enable(&admin).await;
    let app = create_app(&admin, json!({})).await;
    let page = page_for(&id(&app));

    // No session: to the login page, which comes back here.
    let resp = get(&t.anon(), &page).await.expect(302);
    let location = resp.header("location").expect("location");
    assert!(
        location.starts_with("/login?redirect_to=%2Foauth%2Fauthorize%3F"),
        "{location}"
    );

    // Signed in, an app not yet authorized: the web app's consent page.
    let resp = get(&user.client, &page).await.expect(200);
    assert!(
        resp.header("content-type")
            .is_some_and(|c| c.starts_with("text/html"))
    );

    // A callback the app did not register: refused.
    let bad = page.replace("callback", "elsewhere");
    assert_eq!(get(&user.client, &bad).await.status, 400);

    // Once authorized, straight back to the app with a code.
    code_for(&user.client, &app, json!({})).await;
    let resp = get(&user.client, &page).await.expect(302);
    let location = resp.header("location").expect("location").to_owned();
    assert!(
        location.starts_with(&format!("{CALLBACK}?code=")),
        "{location}"
    );
    let code = location
        .split(['?', '&'])
        .find_map(|p| p.strip_prefix("code="))
        .expect("code");
    exchange(&t, &app, code, &[]).await.expect(200);

    // A trusted app skips the consent page for everyone.
    let trusted = create_app(&admin, json!({"is_trusted": true})).await;
    let other = t.user(&admin, "erin").await;
    let page = page.replace(&id(&app), &id(&trusted));
    let resp = get(&other.client, &page).await.expect(302);
    assert!(
        resp.header("location")
            .is_some_and(|l| l.starts_with(CALLBACK))
    );
}

async fn revoking_an_oauth_session_kills_its_refresh_token(t: TestServer) {
    let admin = t.admin().await;
    let user = t.user(&admin, "frank").await;
    enable(&admin).await;
    let app = create_app(&admin, json!({})).await;
    let code = code_for(&user.client, &app, json!({})).await;
    let tokens = exchange(&t, &app, &code, &[]).await.expect(200).json();

    // An expired access token can still be refreshed.
    t.sql("UPDATE sessions SET expires_at = 1000 WHERE is_oauth = TRUE")
        .await;
    me_with(&t, &text(&tokens, "access_token"))
        .await
        .expect(401);
    let renewed = refresh(&t, &app, &text(&tokens, "refresh_token"))
        .await
        .expect(200)
        .json();
    me_with(&t, &text(&renewed, "access_token"))
        .await
        .expect(200);

    // "Log out everywhere" ends the app's session and its refresh token with it.
    user.client
        .post(
            &format!("/users/{}/sessions/revoke/all", user.id()),
            json!({}),
        )
        .await
        .expect(200);
    me_with(&t, &text(&renewed, "access_token"))
        .await
        .expect(401);
    refresh(&t, &app, &text(&renewed, "refresh_token"))
        .await
        .expect_error(404, "api.oauth.get_access_token.refresh_token.app_error");
}

api_test!(
    revoking_an_oauth_session_kills_its_refresh_token,
    the_authorization_code_flow_end_to_end,
    pkce_is_enforced_when_the_authorization_used_it,
    the_token_endpoint_refuses_what_it_must,
    apps_are_managed_by_those_allowed_to,
    the_authorize_page_redirects_or_shows_the_consent_page,
);
