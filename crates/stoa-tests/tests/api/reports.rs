//! The System Console's user list and statistics: `/reports/users` (+ `/count`),
//! `/users/stats/filtered`, `/analytics/old` and `/config/environment`.

use serde_json::{Value, json};
use stoa_model::post::Post;
use stoa_tests::messaging::{add_to_channel, add_to_team, say};
use stoa_tests::{ApiClient, Fixture, TestServer, TestUser, api_test};

const DAY_MS: i64 = 86_400_000;

fn rows(v: &Value) -> &Vec<Value> {
    v.as_array().expect("an array")
}

fn names(v: &Value) -> Vec<String> {
    rows(v)
        .iter()
        .map(|u| u["username"].as_str().expect("username").to_owned())
        .collect()
}

async fn report(client: &ApiClient, query: &str) -> Value {
    client
        .get(&format!("/reports/users?{query}"))
        .await
        .expect(200)
        .json()
}

async fn count(client: &ApiClient, query: &str) -> i64 {
    let resp = client
        .get(&format!("/reports/users/count?{query}"))
        .await
        .expect(200);
    assert_eq!(resp.text().trim(), resp.json().to_string(), "a bare number");
    resp.json().as_i64().expect("a number")
}

/// The named values of an analytics answer.
async fn analytics(client: &ApiClient, query: &str) -> Vec<(String, i64)> {
    let v = client
        .get(&format!("/analytics/old?{query}"))
        .await
        .expect(200)
        .json();
    rows(&v)
        .iter()
        .map(|r| {
            (
                r["name"].as_str().expect("name").to_owned(),
                r["value"].as_i64().expect("a whole number"),
            )
        })
        .collect()
}

fn value(rows: &[(String, i64)], name: &str) -> i64 {
    rows.iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| *v)
        .unwrap_or_else(|| panic!("no {name} in {rows:?}"))
}

async fn deactivate(admin: &TestUser, user: &TestUser) {
    admin
        .client
        .put(
            &format!("/users/{}/active", user.id()),
            json!({"active": false}),
        )
        .await
        .expect(200);
}

/// A direct channel between two users: posting there makes no system messages.
async fn direct(a: &TestUser, b: &TestUser) -> String {
    let ch = a
        .client
        .post("/channels/direct", json!([a.id(), b.id()]))
        .await
        .expect(201)
        .json();
    ch["id"].as_str().expect("id").to_owned()
}

async fn admin_sees_every_user_with_statistics(t: TestServer) {
    let admin = t.admin().await;
    let alice = t.user(&admin, "alice").await;
    let poster = t.user(&admin, "poster").await;
    let dm = direct(&poster, &admin).await;
    let mut posts: Vec<Post> = Vec::new();
    for text in ["one", "two", "three"] {
        posts.push(say(&poster.client, &dm, text).await);
    }
    let all = report(&admin.client, "page_size=100").await;
    let mut want = vec![
        admin.user.username.clone(),
        alice.user.username.clone(),
        poster.user.username.clone(),
    ];
    want.sort();
    assert_eq!(names(&all), want);
    let row = |id: &str| {
        rows(&all)
            .iter()
            .find(|r| r["id"] == id)
            .cloned()
            .expect("row")
    };
    let p = row(poster.id());
    assert_eq!(p["total_posts"], 3);
    assert_eq!(p["days_active"], 1);
    assert_eq!(p["last_post_date"], posts[2].create_at);
    assert!(
        p["last_login"].as_i64().is_some_and(|t| t > 0),
        "logged in: {p}"
    );
    // The user object itself, as an admin sees it, without what only the account needs.
    assert_eq!(p["email"], poster.user.email);
    assert_eq!(p["first_name"], "poster");
    assert_eq!(p["roles"], "system_user");
    assert_eq!(p["auth_data"], "");
    assert!(p.get("password").is_none() && p.get("notify_props").is_none());
    let a = row(alice.id());
    assert_eq!(a["days_active"], 0, "counted days are there even when none");
    assert!(a.get("total_posts").is_none() && a.get("last_post_date").is_none());

    // A date range before the posts leaves them out.
    t.sql(&format!(
        "UPDATE posts SET create_at = create_at - {} WHERE user_id = '{}'",
        40 * DAY_MS,
        poster.id()
    ))
    .await;
    let recent = report(&admin.client, "page_size=100&date_range=last_30_days").await;
    let p = rows(&recent)
        .iter()
        .find(|r| r["id"] == poster.id())
        .cloned()
        .expect("row");
    assert!(p.get("total_posts").is_none(), "{p}");
    assert_eq!(p["days_active"], 0);
    let ever = report(&admin.client, "page_size=100&date_range=all_time").await;
    assert!(rows(&ever).iter().any(|r| r["total_posts"] == 3));
    assert_eq!(count(&admin.client, "").await, 3);
}

/// Reads every page forward, then walks back with `direction=prev`, checking each page.
async fn walk(client: &ApiClient, order: &str) -> Vec<String> {
    let mut pages: Vec<Value> = Vec::new();
    let mut cursor = String::new();
    loop {
        let page = report(client, &format!("page_size=2&{order}{cursor}")).await;
        if rows(&page).is_empty() {
            break;
        }
        let last = rows(&page).last().cloned().expect("a row");
        cursor = format!(
            "&direction=next&from_column_value={}&from_id={}",
            last["username"].as_str().expect("username"),
            last["id"].as_str().expect("id")
        );
        pages.push(page);
    }
    for i in (0..pages.len().saturating_sub(1)).rev() {
        let first = &rows(&pages[i + 1])[0];
        let back = report(
            client,
            &format!(
                "page_size=2&{order}&direction=prev&from_column_value={}&from_id={}",
                first["username"].as_str().expect("username"),
                first["id"].as_str().expect("id")
            ),
        )
        .await;
        assert_eq!(names(&back), names(&pages[i]), "page {i} read backward");
    }
    pages.iter().flat_map(names).collect()
}

async fn paging_with_the_cursor_lists_everyone_once_both_ways(t: TestServer) {
    let admin = t.admin().await;
    for prefix in ["kim", "lee", "max", "ned", "oda", "pia"] {
        t.user(&admin, prefix).await;
    }
    let everyone = names(&report(&admin.client, "page_size=100").await);
    assert_eq!(everyone.len(), 7);
    let mut sorted = everyone.clone();
    sorted.sort();
    assert_eq!(everyone, sorted, "by username by default");
    assert_eq!(walk(&admin.client, "sort_column=Username").await, everyone);
    let mut reversed = everyone.clone();
    reversed.reverse();
    assert_eq!(
        walk(&admin.client, "sort_column=Username&sort_direction=desc").await,
        reversed
    );
    let by_created = report(&admin.client, "page_size=100&sort_column=CreateAt").await;
    let times: Vec<i64> = rows(&by_created)
        .iter()
        .map(|r| r["create_at"].as_i64().expect("create_at"))
        .collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "{times:?}");
}

async fn filters_narrow_the_list_and_the_count(t: TestServer) {
    let admin = t.admin().await;
    let member = t.user(&admin, "member").await;
    let loner = t.user(&admin, "loner").await;
    let leaver = t.user(&admin, "leaver").await;
    let team = t.team(&admin).await;
    add_to_team(&admin.client, &team.id, member.id()).await;
    deactivate(&admin, &leaver).await;
    let in_team = format!("team_filter={}", team.id);
    let cases = [
        ("", vec![&admin, &member, &loner, &leaver]),
        ("role_filter=system_admin", vec![&admin]),
        (in_team.as_str(), vec![&admin, &member]),
        ("has_no_team=true", vec![&loner, &leaver]),
        ("hide_active=true", vec![&leaver]),
        ("hide_inactive=true", vec![&admin, &member, &loner]),
        ("search_term=lon", vec![&loner]),
        ("search_term=%40mem", vec![&member]),
        ("hide_inactive=true&has_no_team=true", vec![&loner]),
        // Flags are only `true` spelled out.
        ("hide_active=1", vec![&admin, &member, &loner, &leaver]),
    ];
    for (query, users) in cases {
        let mut want: Vec<String> = users.iter().map(|u| u.user.username.clone()).collect();
        want.sort();
        let got = report(&admin.client, &format!("page_size=100&{query}")).await;
        assert_eq!(names(&got), want, "{query}");
        assert_eq!(
            count(&admin.client, query).await,
            want.len() as i64,
            "count of {query}"
        );
    }

    // The statistics page's count of users.
    let stats = |query: &'static str| {
        let client = admin.client.clone();
        async move {
            client
                .get(&format!("/users/stats/filtered?{query}"))
                .await
                .expect(200)
                .json()["total_users_count"]
                .as_i64()
                .expect("count")
        }
    };
    assert_eq!(stats("").await, 3, "active users");
    assert_eq!(stats("include_deleted=true").await, 4);
    assert_eq!(stats("include_deleted=t&roles=system_admin").await, 1);
    assert_eq!(stats("roles=system_user").await, 2, "plain users only");
    let team_admins = admin
        .client
        .get(&format!(
            "/users/stats/filtered?in_team={}&team_roles=team_admin",
            team.id
        ))
        .await
        .expect(200)
        .json();
    assert_eq!(
        team_admins["total_users_count"], 0,
        "the team's creator is a system admin"
    );
}

async fn plain_users_and_bad_parameters_are_refused(t: TestServer) {
    let admin = t.admin().await;
    let user = t.user(&admin, "plain").await;
    for path in [
        "/reports/users",
        "/reports/users/count",
        "/users/stats/filtered",
        "/analytics/old",
        "/analytics/old?name=post_counts_day",
    ] {
        user.client
            .get(path)
            .await
            .expect_error(403, "api.context.permissions.app_error");
        t.anon()
            .get(path)
            .await
            .expect_error(401, "api.context.session_expired.app_error");
    }
    // Role lists are checked before the permission, as Mattermost does.
    user.client
        .get("/users/stats/filtered?roles=Not-A-Role")
        .await
        .expect_error(400, "api.context.invalid_body_param.app_error");

    let refused = [
        (
            "/reports/users?sort_column=Id",
            "model.user_report_options.is_valid.invalid_sort_column",
        ),
        (
            "/reports/users?page_size=0",
            "api.getUsersForReporting.invalid_page_size",
        ),
        (
            "/reports/users?page_size=101",
            "api.getUsersForReporting.invalid_page_size",
        ),
        (
            "/reports/users?hide_active=true&hide_inactive=true",
            "api.getUsersForReporting.invalid_active_filter",
        ),
        (
            "/reports/users/count?hide_active=true&hide_inactive=true",
            "api.getUsersForReporting.invalid_active_filter",
        ),
        (
            "/reports/users?team_filter=nope",
            "api.getUsersForReporting.invalid_team_filter",
        ),
        (
            "/reports/users/count?team_filter=nope",
            "api.getUsersForReporting.invalid_team_filter",
        ),
        (
            "/analytics/old?name=everything",
            "api.context.invalid_body_param.app_error",
        ),
        (
            "/users/stats/filtered?roles=system_admin,%20system_user",
            "api.context.invalid_body_param.app_error",
        ),
    ];
    for (path, id) in refused {
        admin.client.get(path).await.expect_error(400, id);
    }
    // The count has no sort or page to refuse; a page size that is not a number is the default.
    admin
        .client
        .get("/reports/users/count?sort_column=Id&page_size=0")
        .await
        .expect(200);
    admin
        .client
        .get("/reports/users?page_size=many")
        .await
        .expect(200);

    // Any session may ask which settings the environment overrides: none.
    for client in [&admin.client, &user.client] {
        let resp = client.get("/config/environment").await.expect(200);
        assert_eq!(resp.json(), json!({}));
        assert_eq!(
            resp.header("cache-control"),
            Some("no-cache, no-store, must-revalidate")
        );
    }
    t.anon()
        .get("/config/environment")
        .await
        .expect_error(401, "api.context.session_expired.app_error");
}

async fn analytics_count_what_was_made(t: TestServer) {
    let admin = t.admin().await;
    let alice = t.user(&admin, "alice").await;
    let bob = t.user(&admin, "bob").await;
    let gone = t.user(&admin, "gone").await;
    deactivate(&admin, &gone).await;
    let team = t.team(&admin).await;
    add_to_team(&admin.client, &team.id, alice.id()).await;
    let team_query = format!("team_id={}", team.id);
    let before = analytics(&admin.client, &team_query).await;
    let open = t.channel(&admin, &team, "O").await;
    t.channel(&admin, &team, "O").await;
    t.channel(&admin, &team, "P").await;
    add_to_channel(&admin.client, &open.id, alice.id()).await;
    let posts_before = value(&analytics(&admin.client, &team_query).await, "post_count");
    say(&alice.client, &open.id, "hello #news").await;
    say(&admin.client, &open.id, "hi").await;
    say(&alice.client, &open.id, "bye").await;
    let dm = direct(&bob, &admin).await;
    say(&bob.client, &dm, "psst").await;

    let names_in_order = [
        "channel_open_count",
        "channel_private_count",
        "post_count",
        "unique_user_count",
        "team_count",
        "total_websocket_connections",
        "total_master_db_connections",
        "total_read_db_connections",
        "daily_active_users",
        "monthly_active_users",
        "inactive_user_count",
    ];
    let site = analytics(&admin.client, "name=standard").await;
    assert_eq!(
        site.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
        names_in_order
    );
    assert_eq!(
        analytics(&admin.client, "").await.len(),
        11,
        "standard by default"
    );
    assert_eq!(value(&site, "unique_user_count"), 3, "active users");
    assert_eq!(value(&site, "inactive_user_count"), 1);
    assert_eq!(value(&site, "team_count"), 1);
    assert!(value(&site, "total_master_db_connections") >= 1);
    let in_team = analytics(&admin.client, &team_query).await;
    assert_eq!(
        value(&in_team, "channel_open_count") - value(&before, "channel_open_count"),
        2
    );
    assert_eq!(
        value(&in_team, "channel_private_count") - value(&before, "channel_private_count"),
        1
    );
    assert_eq!(
        value(&in_team, "post_count") - posts_before,
        3,
        "the DM is not in the team"
    );
    assert_eq!(
        value(&site, "post_count") - value(&in_team, "post_count"),
        1,
        "every post of the site is in the team but the DM"
    );
    assert_eq!(
        value(&in_team, "unique_user_count"),
        2,
        "the team's members"
    );
    assert_eq!(value(&in_team, "inactive_user_count"), -1);

    let extra = analytics(&admin.client, "name=extra_counts").await;
    assert_eq!(
        extra.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
        [
            "file_post_count",
            "hashtag_post_count",
            "incoming_webhook_count",
            "outgoing_webhook_count",
            "command_count",
            "session_count",
        ]
    );
    assert_eq!(value(&extra, "hashtag_post_count"), 1);
    assert_eq!(value(&extra, "file_post_count"), 0);
    assert!(value(&extra, "session_count") >= 3, "three users signed in");

    // Per day: today is not over, so (as in Mattermost) it is not listed yet.
    let today = analytics(&admin.client, "name=post_counts_day").await;
    assert!(today.is_empty(), "{today:?}");
    t.sql(&format!(
        "UPDATE posts SET create_at = create_at - {DAY_MS}"
    ))
    .await;
    say(&alice.client, &open.id, "today again").await;
    let yesterday = stoa_model::time::civil_from_days(stoa_model::now_ms() / DAY_MS - 1);
    let yesterday = format!("{:04}-{:02}-{:02}", yesterday.0, yesterday.1, yesterday.2);
    let days = analytics(&admin.client, "name=post_counts_day").await;
    assert_eq!(days, [(yesterday.clone(), value(&site, "post_count"))]);
    let team_days = analytics(&admin.client, &format!("name=post_counts_day&{team_query}")).await;
    assert_eq!(
        team_days,
        [(yesterday.clone(), value(&in_team, "post_count"))]
    );
    let posters = analytics(&admin.client, "name=user_counts_with_posts_day").await;
    assert_eq!(posters.len(), 1);
    assert_eq!(posters[0].0, yesterday);
    assert!(posters[0].1 >= 3, "alice, the admin and bob posted");
    assert!(
        analytics(&admin.client, "name=bot_post_counts_day")
            .await
            .is_empty(),
        "no bots"
    );
}

api_test!(
    admin_sees_every_user_with_statistics,
    paging_with_the_cursor_lists_everyone_once_both_ways,
    filters_narrow_the_list_and_the_count,
    plain_users_and_bad_parameters_are_refused,
    analytics_count_what_was_made,
);
