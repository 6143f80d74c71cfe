//! Search: posts with Mattermost's modifiers, files by name, permissions, edits and deletes,
//! CJK, hashtags, paging — the same answers on SQLite and PostgreSQL.

use serde_json::{Value, json};
use stoa_model::post::PostSearchResults;
use stoa_tests::messaging::{Room, add_to_channel, add_to_team, reply, say};
use stoa_tests::{ApiClient, Fixture, TestServer, TestUser, api_test};

async fn search(client: &ApiClient, team_id: &str, terms: &str) -> PostSearchResults {
    search_with(client, team_id, json!({"terms": terms})).await
}

async fn search_with(client: &ApiClient, team_id: &str, mut body: Value) -> PostSearchResults {
    if body.get("is_or_search").is_none() {
        body["is_or_search"] = json!(false);
    }
    let resp = client
        .post(&format!("/teams/{team_id}/posts/search"), body)
        .await
        .expect(200);
    assert_eq!(resp.header("content-type"), Some("application/json"));
    resp.parse()
}

/// The messages found, newest first.
fn found(r: &PostSearchResults) -> Vec<String> {
    r.list
        .order
        .iter()
        .map(|id| r.list.posts[id].message.clone())
        .collect()
}

async fn words_phrases_exclusions_prefixes_and_or(t: TestServer) {
    let r = Room::new(&t).await;
    let ch = &r.channel.id;
    say(&r.alice.client, ch, "We deployed the new build to staging").await;
    say(&r.alice.client, ch, "Deploying to production tonight").await;
    say(&r.bob.client, ch, "The release notes are ready").await;
    say(&r.bob.client, ch, "notes about the release").await;
    say(&r.bob.client, ch, "Lunch at noon?").await;
    let c = &r.alice.client;
    let team = &r.team.id;

    // A word finds its other forms (stemming), newest first; highlights are as written.
    let res = search(c, team, "deploy").await;
    assert_eq!(
        found(&res),
        [
            "Deploying to production tonight",
            "We deployed the new build to staging"
        ]
    );
    let first = &res.list.order[0];
    assert_eq!(res.matches[first], ["Deploying"]);
    // Words are AND-ed.
    assert_eq!(
        found(&search(c, team, "deploy staging").await),
        ["We deployed the new build to staging"]
    );
    // Excluded words.
    assert_eq!(
        found(&search(c, team, "deploy -staging").await),
        ["Deploying to production tonight"]
    );
    // An exact phrase finds the words in a row only.
    assert_eq!(
        found(&search(c, team, "\"release notes\"").await),
        ["The release notes are ready"]
    );
    assert_eq!(found(&search(c, team, "release notes").await).len(), 2);
    // A prefix.
    assert_eq!(
        found(&search(c, team, "produc*").await),
        ["Deploying to production tonight"]
    );
    assert_eq!(found(&search(c, team, "lun*").await), ["Lunch at noon?"]);
    // OR search.
    let res = search_with(
        c,
        team,
        json!({"terms": "lunch staging", "is_or_search": true}),
    )
    .await;
    assert_eq!(
        found(&res),
        ["Lunch at noon?", "We deployed the new build to staging"]
    );
    // Nothing, and punctuation only: empty results, not errors.
    assert!(found(&search(c, team, "kubernetes").await).is_empty());
    assert!(found(&search(c, team, "?!").await).is_empty());
    assert!(found(&search(c, team, "").await).is_empty());
    // The all-teams search finds the same.
    let all: PostSearchResults = c
        .post(
            "/posts/search",
            json!({"terms": "deploy", "is_or_search": false}),
        )
        .await
        .expect(200)
        .parse();
    assert_eq!(found(&all).len(), 2);
}

async fn from_in_and_dates(t: TestServer) {
    let r = Room::new(&t).await;
    let admin = &r.admin;
    let other = t.channel(admin, &r.team, "O").await;
    for u in [&r.alice, &r.bob] {
        add_to_channel(&admin.client, &other.id, u.id()).await;
    }
    say(&r.alice.client, &r.channel.id, "alice says hello here").await;
    say(&r.bob.client, &r.channel.id, "bob says hello here").await;
    say(&r.alice.client, &other.id, "alice says hello there").await;
    let dm: Value = r
        .alice
        .client
        .post("/channels/direct", json!([r.alice.id(), r.bob.id()]))
        .await
        .expect(201)
        .json();
    let dm_id = dm["id"].as_str().expect("id").to_owned();
    say(&r.bob.client, &dm_id, "bob says hello in private").await;
    let c = &r.alice.client;
    let team = &r.team.id;
    let alice = r.alice.user.username.clone();
    let bob = r.bob.user.username.clone();

    let mut res = found(&search(c, team, &format!("hello from:{alice}")).await);
    res.sort();
    assert_eq!(res, ["alice says hello here", "alice says hello there"]);
    // Several `from:` are OR-ed; `-from:` excludes.
    assert_eq!(
        found(&search(c, team, &format!("hello from:{alice} from:{bob}")).await).len(),
        4
    );
    assert_eq!(
        found(&search(c, team, &format!("hello -from:{alice}")).await).len(),
        2
    );
    // `in:` by channel name, and a direct message as `in:@username`.
    assert_eq!(
        found(&search(c, team, &format!("hello in:{}", other.name)).await),
        ["alice says hello there"]
    );
    assert_eq!(
        found(&search(c, team, &format!("hello in:@{bob}")).await),
        ["bob says hello in private"]
    );
    assert_eq!(
        found(&search(c, team, &format!("hello -in:{} -in:@{bob}", other.name)).await).len(),
        2
    );
    // Flags alone list everything in their scope.
    assert_eq!(
        found(&search(c, team, &format!("in:{}", other.name)).await),
        ["alice says hello there"]
    );
    // Unknown users and channels: no results, no error.
    assert!(found(&search(c, team, "hello from:nobody").await).is_empty());
    assert!(found(&search(c, team, "hello in:no-such-channel").await).is_empty());

    // Dates, in the user's time zone.
    let now = stoa_model::now_ms();
    let day = |offset_days: i64, tz: i64| -> String {
        let secs = (now / 1000) + tz + offset_days * 86_400;
        let days = secs.div_euclid(86_400);
        civil(days)
    };
    let today = day(0, 0);
    assert_eq!(
        found(&search(c, team, &format!("hello on:{today}")).await).len(),
        4
    );
    assert_eq!(
        found(&search(c, team, &format!("hello after:{}", day(-1, 0))).await).len(),
        4
    );
    assert!(found(&search(c, team, &format!("hello after:{today}")).await).is_empty());
    assert!(found(&search(c, team, &format!("hello before:{today}")).await).is_empty());
    assert_eq!(
        found(&search(c, team, &format!("hello before:{}", day(1, 0))).await).len(),
        4
    );
    assert!(found(&search(c, team, &format!("hello -on:{today}")).await).is_empty());
    // Fourteen hours east, "today" may be tomorrow: the zone decides the day's bounds.
    let tz = 14 * 3600;
    let res = search_with(
        c,
        team,
        json!({"terms": format!("hello on:{}", day(0, tz)), "time_zone_offset": tz}),
    )
    .await;
    assert_eq!(found(&res).len(), 4);
}

/// `YYYY-MM-DD` of a day number since 1970-01-01 (Howard Hinnant's algorithm).
fn civil(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

async fn only_channels_the_user_may_read(t: TestServer) {
    let r = Room::new(&t).await;
    let admin = &r.admin;
    // A private channel alice is in and bob is not.
    let private = t.channel(admin, &r.team, "P").await;
    add_to_channel(&admin.client, &private.id, r.alice.id()).await;
    say(&r.alice.client, &private.id, "the secret merger plan").await;
    // A public channel bob is not in: Mattermost searches member channels only.
    let public = t.channel(admin, &r.team, "O").await;
    say(&admin.client, &public.id, "public merger rumours").await;
    // Another team's channel.
    let team2 = t.team(admin).await;
    let ch2 = t.channel(admin, &team2, "O").await;
    say(&admin.client, &ch2.id, "merger in the other team").await;

    let team = &r.team.id;
    assert_eq!(
        found(&search(&r.alice.client, team, "merger").await),
        ["the secret merger plan"]
    );
    for terms in ["merger", "\"secret merger plan\"", "secret", "merg*"] {
        assert!(
            found(&search(&r.bob.client, team, terms).await).is_empty(),
            "{terms}"
        );
        let all: PostSearchResults = r
            .bob
            .client
            .post("/posts/search", json!({"terms": terms}))
            .await
            .expect(200)
            .parse();
        assert!(found(&all).is_empty(), "{terms}");
    }
    // Naming the channel does not open it.
    assert!(
        found(&search(&r.bob.client, team, &format!("merger in:{}", private.name)).await)
            .is_empty()
    );
    // Searching a team one is not in is refused.
    r.bob
        .client
        .post(
            &format!("/teams/{}/posts/search", team2.id),
            json!({"terms": "merger"}),
        )
        .await
        .expect(403);
    // Without a session: 401.
    t.anon()
        .post(
            &format!("/teams/{team}/posts/search"),
            json!({"terms": "merger"}),
        )
        .await
        .expect(401);
    // Bad input: a body that is not JSON, a bad team id, an over-long query.
    r.alice
        .client
        .raw(
            reqwest::Method::POST,
            &format!("/teams/{team}/posts/search"),
            "application/json",
            b"{not json".to_vec(),
        )
        .await
        .expect(400);
    r.alice
        .client
        .post("/teams/nope/posts/search", json!({"terms": "x"}))
        .await
        .expect(400);
    r.alice
        .client
        .post(
            &format!("/teams/{team}/posts/search"),
            json!({"terms": "x".repeat(5000)}),
        )
        .await
        .expect(400);
    // Archived channels only when asked.
    admin
        .client
        .delete(&format!("/channels/{}", private.id))
        .await
        .expect(200);
    assert!(found(&search(&r.alice.client, team, "merger").await).is_empty());
    let res = search_with(
        &r.alice.client,
        team,
        json!({"terms": "merger", "include_deleted_channels": true}),
    )
    .await;
    assert_eq!(found(&res), ["the secret merger plan"]);
}

async fn edits_deletes_replies_and_system_messages(t: TestServer) {
    let r = Room::new(&t).await;
    let ch = &r.channel.id;
    let c = &r.alice.client;
    let team = &r.team.id;
    let root = say(c, ch, "original wording about giraffes").await;
    let answer = reply(&r.bob.client, &root, "a reply about giraffes").await;
    assert_eq!(found(&search(c, team, "giraffes").await).len(), 2);
    // Replies carry their root id.
    let res = search(c, team, "reply giraffes").await;
    assert_eq!(res.list.posts[&answer.id].root_id, root.id);

    // An edit changes what is found; the old version is not found.
    c.put(
        &format!("/posts/{}/patch", root.id),
        json!({"message": "edited wording about zebras"}),
    )
    .await
    .expect(200);
    assert_eq!(
        found(&search(c, team, "zebras").await),
        ["edited wording about zebras"]
    );
    assert_eq!(
        found(&search(c, team, "original").await),
        Vec::<String>::new()
    );
    assert_eq!(
        found(&search(c, team, "giraffes").await),
        ["a reply about giraffes"]
    );

    // A deleted root takes its replies out of search.
    c.delete(&format!("/posts/{}", root.id)).await.expect(200);
    assert!(found(&search(c, team, "zebras").await).is_empty());
    assert!(found(&search(c, team, "giraffes").await).is_empty());

    // System messages (joins, header changes) are never found.
    r.admin
        .client
        .put(
            &format!("/channels/{ch}/patch"),
            json!({"header": "giraffes welcome"}),
        )
        .await
        .expect(200);
    assert!(found(&search(c, team, "welcome").await).is_empty());
    assert!(found(&search(c, team, "joined").await).is_empty());
}

async fn cjk_hashtags_and_paging(t: TestServer) {
    let r = Room::new(&t).await;
    let ch = &r.channel.id;
    let c = &r.alice.client;
    let team = &r.team.id;
    say(c, ch, "明日は東京都で会議があります").await;
    say(c, ch, "我们明天在北京开会").await;
    say(c, ch, "회의는 서울에서 합니다").await;
    say(c, ch, "Outage in eu-west #incident #db").await;
    say(c, ch, "incident review tomorrow").await;

    // A word inside a sentence without spaces is found.
    assert_eq!(
        found(&search(c, team, "東京都").await),
        ["明日は東京都で会議があります"]
    );
    assert_eq!(found(&search(c, team, "会議").await).len(), 1);
    assert_eq!(
        found(&search(c, team, "北京").await),
        ["我们明天在北京开会"]
    );
    assert_eq!(
        found(&search(c, team, "서울").await),
        ["회의는 서울에서 합니다"]
    );
    let res = search(c, team, "北京").await;
    assert_eq!(res.matches[&res.list.order[0]], ["我们明天在北京开会"]);
    assert!(found(&search(c, team, "大阪").await).is_empty());

    // A hashtag finds only posts tagged with it; the word finds both.
    assert_eq!(
        found(&search(c, team, "#incident").await),
        ["Outage in eu-west #incident #db"]
    );
    assert_eq!(found(&search(c, team, "incident").await).len(), 2);
    assert_eq!(
        found(&search(c, team, "#incident outage").await),
        ["Outage in eu-west #incident #db"]
    );
    let res = search(c, team, "#incident").await;
    assert_eq!(res.matches[&res.list.order[0]], ["#incident"]);

    // Paging: newest first, pages do not overlap.
    for i in 0..7 {
        say(c, ch, &format!("paging marker {i}")).await;
    }
    let page = |n: i64| {
        let body = json!({"terms": "marker", "page": n, "per_page": 3});
        search_with(c, team, body)
    };
    assert_eq!(
        found(&page(0).await),
        ["paging marker 6", "paging marker 5", "paging marker 4"]
    );
    assert_eq!(
        found(&page(1).await),
        ["paging marker 3", "paging marker 2", "paging marker 1"]
    );
    assert_eq!(found(&page(2).await), ["paging marker 0"]);
    assert!(found(&page(3).await).is_empty());
}

/// Uploads a file and attaches it to a new post; returns the file id.
async fn attached_file(who: &TestUser, channel_id: &str, name: &str) -> String {
    let resp = who
        .client
        .raw(
            reqwest::Method::POST,
            &format!("/files?channel_id={channel_id}&filename={name}"),
            "application/octet-stream",
            b"some bytes".to_vec(),
        )
        .await
        .expect(201)
        .json();
    let id = resp["file_infos"][0]["id"].as_str().expect("id").to_owned();
    who.client
        .post(
            "/posts",
            json!({"channel_id": channel_id, "message": "", "file_ids": [id]}),
        )
        .await
        .expect(201);
    id
}

/// The ids a file search finds, newest first (checking each is in `file_infos`).
async fn files(client: &ApiClient, path: &str, terms: &str) -> Vec<String> {
    let v: Value = client
        .post(path, json!({"terms": terms, "is_or_search": false}))
        .await
        .expect(200)
        .json();
    let order: Vec<String> = v["order"]
        .as_array()
        .expect("order is a list")
        .iter()
        .map(|x| x.as_str().expect("id").to_owned())
        .collect();
    for id in &order {
        assert_eq!(v["file_infos"][id]["id"], json!(id));
    }
    order
}

async fn files_by_name_extension_and_modifiers(t: TestServer) {
    let r = Room::new(&t).await;
    let ch = &r.channel.id;
    let notes = attached_file(&r.alice, ch, "Release-Notes_v2.pdf").await;
    let budget = attached_file(&r.bob, ch, "budget-2026.xlsx").await;
    let diagram = attached_file(&r.alice, ch, "network%20diagram.png").await;
    let c = &r.alice.client;
    let path = format!("/teams/{}/files/search", r.team.id);
    assert_eq!(files(c, &path, "release").await, [notes.as_str()]);
    assert_eq!(files(c, &path, "notes").await, [notes.as_str()]);
    // Every word of a file search is a prefix.
    assert_eq!(files(c, &path, "budg").await, [budget.as_str()]);
    assert_eq!(files(c, &path, "ext:pdf").await, [notes.as_str()]);
    assert_eq!(files(c, &path, "ext:png diagram").await, [diagram.as_str()]);
    assert_eq!(
        files(c, &path, "-ext:png -ext:pdf").await,
        [budget.as_str()]
    );
    let bob = &r.bob.user.username;
    assert_eq!(
        files(c, &path, &format!("from:{bob}")).await,
        [budget.as_str()]
    );
    assert_eq!(files(c, &path, "").await, Vec::<String>::new());
    assert!(files(c, &path, "kubernetes").await.is_empty());
    // Newest first.
    assert_eq!(
        files(c, &path, &format!("in:{}", r.channel.name)).await,
        [diagram.as_str(), budget.as_str(), notes.as_str()]
    );
    // Someone in the team but not in the channel finds nothing.
    let stranger = t.user(&r.admin, "stranger").await;
    add_to_team(&r.admin.client, &r.team.id, stranger.id()).await;
    assert!(files(&stranger.client, &path, "release").await.is_empty());
    assert_eq!(files(c, "/files/search", "diagram").await, [diagram]);
}

async fn a_lost_index_is_rebuilt(t: TestServer) {
    let r = Room::new(&t).await;
    say(&r.alice.client, &r.channel.id, "penguins on the ice").await;
    say(&r.alice.client, &r.channel.id, "more penguins").await;
    let c = &r.alice.client;
    assert_eq!(found(&search(c, &r.team.id, "penguins").await).len(), 2);
    // Lose the index the way a damaged database might.
    match t.backend() {
        stoa_tests::Backend::Sqlite => {
            t.sql("INSERT INTO posts_fts (posts_fts) VALUES ('delete-all')")
                .await
        }
        stoa_tests::Backend::Postgres => t.sql("UPDATE posts SET search_vector = NULL").await,
    }
    assert!(found(&search(c, &r.team.id, "penguins").await).is_empty());
    // What `stoa reindex-search` runs.
    let store = stoa_store_sql::connect(&stoa_store_sql::ConnectOptions::new(t.database_url()))
        .await
        .expect("opens");
    let done = stoa_store::search::reindex_all(&store)
        .await
        .expect("reindexes");
    assert!(done >= 2, "every post is reindexed: {done}");
    stoa_store::Store::close(&store).await;
    assert_eq!(found(&search(c, &r.team.id, "penguins").await).len(), 2);
}

api_test!(
    a_lost_index_is_rebuilt,
    words_phrases_exclusions_prefixes_and_or,
    from_in_and_dates,
    only_channels_the_user_may_read,
    edits_deletes_replies_and_system_messages,
    cjk_hashtags_and_paging,
    files_by_name_extension_and_modifiers,
);
