//! Login, cookies, CSRF, sessions and their expiry.

use reqwest::Method;
use serde_json::json;
use stoa_tests::{ApiClient, Fixture, TestServer, api_test};

async fn login_by_username_or_email_returns_user_and_token(t: TestServer) {
    let admin = t.admin().await;
    let user = t.user(&admin, "bob").await;
    for login_id in [
        user.user.username.clone(),
        user.user.email.clone(),
        user.user.email.to_uppercase(),
    ] {
        let r = t
            .anon()
            .post(
                "/users/login",
                json!({"login_id": login_id, "password": user.password}),
            )
            .await
            .expect(200);
        assert_eq!(r.header("content-type"), Some("application/json"));
        let token = r.header("token").expect("Token header");
        assert_eq!(token.len(), 26);
        let body = r.json();
        assert_eq!(body["id"], user.id());
        assert!(body.get("password").is_none());
        assert!(
            r.header("set-cookie").is_none(),
            "no cookies without X-Requested-With"
        );
        let me = t
            .anon()
            .with_token(token)
            .get("/users/me")
            .await
            .expect(200)
            .json();
        assert_eq!(me["username"], user.user.username);
        assert_eq!(me["email"], user.user.email, "own view shows the email");
    }
}

async fn wrong_credentials_are_401_with_mattermost_ids(t: TestServer) {
    let admin = t.admin().await;
    let ids = [
        json!({"login_id": admin.user.username, "password": "wrong"}),
        json!({"login_id": "nobody", "password": "whatever1"}),
    ];
    for body in ids {
        t.anon()
            .post("/users/login", body)
            .await
            .expect_error(401, "api.user.login.invalid_credentials_email_username");
    }
    t.anon()
        .post(
            "/users/login",
            json!({"login_id": admin.user.username, "password": ""}),
        )
        .await
        .expect(400);
}

async fn repeated_failures_lock_the_account(t: TestServer) {
    let admin = t.admin().await;
    admin
        .client
        .put(
            "/config/patch",
            json!({"ServiceSettings": {"MaximumLoginAttempts": 3}}),
        )
        .await
        .expect(200);
    let user = t.user(&admin, "carol").await;
    for _ in 0..3 {
        t.anon()
            .post(
                "/users/login",
                json!({"login_id": user.user.username, "password": "nope"}),
            )
            .await
            .expect(401);
    }
    t.anon()
        .post(
            "/users/login",
            json!({"login_id": user.user.username, "password": user.password}),
        )
        .await
        .expect_error(401, "api.user.check_user_login_attempts.too_many.app_error");
}

async fn browsers_get_cookies_and_must_pass_csrf(t: TestServer) {
    let admin = t.admin().await;
    let http = reqwest::Client::new();
    let r = http
        .post(format!("{}/api/v4/users/login", t.base_url()))
        .header("X-Requested-With", "XMLHttpRequest")
        .json(&json!({"login_id": admin.user.username, "password": admin.password}))
        .send()
        .await
        .expect("login");
    assert_eq!(r.status(), 200);
    let cookies: Vec<String> = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().expect("ascii").to_owned())
        .collect();
    let find = |name: &str| {
        cookies
            .iter()
            .find(|c| c.starts_with(&format!("{name}=")))
            .cloned()
            .expect(name)
    };
    let auth = find("MMAUTHTOKEN");
    assert!(auth.contains("HttpOnly"));
    assert!(
        !find("MMCSRF").contains("HttpOnly"),
        "the page must read the CSRF cookie"
    );
    assert!(find("MMUSERID").starts_with(&format!("MMUSERID={}", admin.id())));
    let value = |c: &str| c.split(';').next().expect("pair").to_owned();
    let cookie_header = format!("{}; {}", value(&auth), value(&find("MMUSERID")));
    let csrf = value(&find("MMCSRF"))
        .trim_start_matches("MMCSRF=")
        .to_owned();

    // GET with the cookie alone works.
    let me = http
        .get(format!("{}/api/v4/users/me", t.base_url()))
        .header("cookie", &cookie_header)
        .send()
        .await
        .expect("me");
    assert_eq!(me.status(), 200);

    let team = |n: &str| json!({"name": n, "display_name": n, "type": "O"});
    let post = |extra: Option<(&'static str, String)>, body: serde_json::Value| {
        let mut rb = http
            .post(format!("{}/api/v4/teams", t.base_url()))
            .header("cookie", &cookie_header)
            .json(&body);
        if let Some((k, v)) = extra {
            rb = rb.header(k, v);
        }
        rb
    };
    // A cookie-authenticated POST without a CSRF proof is refused and changes nothing.
    let r = ApiClient::send(post(None, team("csrf-none"))).await;
    r.expect_error(401, "api.context.session_expired.app_error");
    admin.client.get("/teams/name/csrf-none").await.expect(404);
    // The CSRF header passes, and so does X-Requested-With (Mattermost's lenient rule).
    let csrf_for_logout = csrf.clone();
    ApiClient::send(post(Some(("X-CSRF-Token", csrf)), team("csrf-token")))
        .await
        .expect(201);
    ApiClient::send(post(
        Some(("X-Requested-With", "XMLHttpRequest".into())),
        team("csrf-xhr"),
    ))
    .await
    .expect(201);
    // A wrong CSRF token without X-Requested-With fails.
    ApiClient::send(post(
        Some(("X-CSRF-Token", "wrong".into())),
        team("csrf-wrong"),
    ))
    .await
    .expect(401);

    // Logout too: another site cannot end the session with a bare cookie POST.
    let logout = |extra: Option<(&'static str, String)>| {
        let mut rb = http
            .post(format!("{}/api/v4/users/logout", t.base_url()))
            .header("cookie", &cookie_header);
        if let Some((k, v)) = extra {
            rb = rb.header(k, v);
        }
        rb
    };
    ApiClient::send(logout(None))
        .await
        .expect_error(401, "api.context.session_expired.app_error");
    let still = http
        .get(format!("{}/api/v4/users/me", t.base_url()))
        .header("cookie", &cookie_header)
        .send()
        .await
        .expect("me");
    assert_eq!(
        still.status(),
        200,
        "the session survived the forged logout"
    );
    ApiClient::send(logout(Some(("X-CSRF-Token", csrf_for_logout))))
        .await
        .expect(200);
    let gone = http
        .get(format!("{}/api/v4/users/me", t.base_url()))
        .header("cookie", &cookie_header)
        .send()
        .await
        .expect("me");
    assert_eq!(gone.status(), 401);
}

async fn token_schemes_and_query_tokens(t: TestServer) {
    let admin = t.admin().await;
    let token = admin.client.token.clone().expect("token");
    let with = |auth: String| {
        t.anon()
            .request(Method::GET, "/users/me")
            .header("authorization", auth)
    };
    ApiClient::send(with(format!("Bearer {token}")))
        .await
        .expect(200);
    ApiClient::send(with(format!("BEARER {token}")))
        .await
        .expect(200);
    ApiClient::send(with(format!("Token {token}")))
        .await
        .expect(200);
    ApiClient::send(with("Bearer nonsense".into()))
        .await
        .expect_error(401, "api.context.session_expired.app_error");
    t.anon()
        .get(&format!("/users/me?access_token={token}"))
        .await
        .expect_error(401, "api.context.token_provided.app_error");
    t.anon()
        .get("/users/me")
        .await
        .expect_error(401, "api.context.session_expired.app_error");
}

async fn logout_ends_the_session(t: TestServer) {
    let admin = t.admin().await;
    let r = admin
        .client
        .post("/users/logout", json!({}))
        .await
        .expect(200);
    assert_eq!(r.json(), json!({"status": "OK"}));
    assert!(
        r.headers
            .get_all("set-cookie")
            .iter()
            .any(|c| c.to_str().unwrap_or("").starts_with("MMAUTHTOKEN=;"))
    );
    admin
        .client
        .get("/users/me")
        .await
        .expect_error(401, "api.context.session_expired.app_error");
    // Logging out without a session is still OK.
    t.anon().post("/users/logout", json!({})).await.expect(200);
}

async fn sessions_are_listed_without_tokens_and_revocable(t: TestServer) {
    let admin = t.admin().await;
    let second = t.login(&admin.user.username, &admin.password).await;
    let sessions = admin
        .client
        .get("/users/me/sessions")
        .await
        .expect(200)
        .json();
    let sessions = sessions.as_array().expect("array");
    assert_eq!(sessions.len(), 2);
    assert!(
        sessions.iter().all(|s| s["token"] == ""),
        "tokens are blanked"
    );
    assert!(sessions.iter().all(|s| s["user_id"] == admin.id()));
    let id = sessions[0]["id"].as_str().expect("id");
    admin
        .client
        .post("/users/me/sessions/revoke", json!({"session_id": id}))
        .await
        .expect(200);
    let alive = [
        admin.client.get("/users/me").await.status,
        second.get("/users/me").await.status,
    ];
    assert!(
        alive.contains(&401) && alive.contains(&200),
        "exactly one session ended: {alive:?}"
    );

    let admin_client = t.login(&admin.user.username, &admin.password).await;
    let user = stoa_tests::TestUser {
        client: admin_client.clone(),
        ..admin.clone()
    };
    let user = t.user(&user, "dave").await;
    user.client.get("/users/me/sessions").await.expect(200);
    user.client
        .get(&format!("/users/{}/sessions", admin.id()))
        .await
        .expect_error(403, "api.context.permissions.app_error");
    admin_client
        .post(
            &format!("/users/{}/sessions/revoke/all", user.id()),
            json!({}),
        )
        .await
        .expect(200);
    user.client.get("/users/me").await.expect(401);
}

async fn expired_sessions_are_refused(t: TestServer) {
    let admin = t.admin().await;
    t.sql("UPDATE sessions SET expires_at = 1000").await;
    admin
        .client
        .get("/users/me")
        .await
        .expect_error(401, "api.context.session_expired.app_error");
    let sessions_left = t
        .login(&admin.user.username, &admin.password)
        .await
        .get("/users/me/sessions")
        .await
        .json();
    assert_eq!(
        sessions_left.as_array().map(Vec::len),
        Some(1),
        "the expired session was removed"
    );
}

async fn active_sessions_are_extended(t: TestServer) {
    let admin = t.admin().await;
    // The session was last used a day ago and expires in an hour.
    let soon = stoa_model::now_ms() + 3_600_000;
    let day_ago = stoa_model::now_ms() - 86_400_000;
    t.sql(&format!(
        "UPDATE sessions SET expires_at = {soon}, last_activity_at = {day_ago}"
    ))
    .await;
    let sessions = admin
        .client
        .get("/users/me/sessions")
        .await
        .expect(200)
        .json();
    let expiry = sessions[0]["expires_at"].as_i64().expect("ms");
    assert!(
        expiry > soon + 86_400_000,
        "activity pushed the expiry out by the session length: {expiry}"
    );
    assert!(sessions[0]["last_activity_at"].as_i64().expect("ms") > day_ago);
}

async fn password_change_needs_the_current_one_and_ends_other_sessions(t: TestServer) {
    let admin = t.admin().await;
    let user = t.user(&admin, "erin").await;
    let other = t.login(&user.user.username, &user.password).await;
    user.client
        .put(
            "/users/me/password",
            json!({"current_password": "wrong", "new_password": "new-pass-22"}),
        )
        .await
        .expect_error(400, "api.user.check_user_password.invalid.app_error");
    user.client
        .put(
            "/users/me/password",
            json!({"current_password": user.password, "new_password": "short"}),
        )
        .await
        .expect_error(400, "model.user.is_valid.pwd.app_error");
    user.client
        .put(
            "/users/me/password",
            json!({"current_password": user.password, "new_password": "new-pass-22"}),
        )
        .await
        .expect(200);
    user.client.get("/users/me").await.expect(200);
    other.get("/users/me").await.expect(401);
    t.anon()
        .post(
            "/users/login",
            json!({"login_id": user.user.username, "password": user.password}),
        )
        .await
        .expect(401);
    t.login(&user.user.username, "new-pass-22").await;
    // Admins reset other users' passwords without the current one.
    admin
        .client
        .put(
            &format!("/users/{}/password", user.id()),
            json!({"new_password": "reset-pass-33"}),
        )
        .await
        .expect(200);
    t.login(&user.user.username, "reset-pass-33").await;
}

api_test!(
    login_by_username_or_email_returns_user_and_token,
    wrong_credentials_are_401_with_mattermost_ids,
    repeated_failures_lock_the_account,
    browsers_get_cookies_and_must_pass_csrf,
    token_schemes_and_query_tokens,
    logout_ends_the_session,
    sessions_are_listed_without_tokens_and_revocable,
    expired_sessions_are_refused,
    active_sessions_are_extended,
    password_change_needs_the_current_one_and_ends_other_sessions,
);
