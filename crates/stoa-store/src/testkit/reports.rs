use stoa_model::new_id;
use stoa_model::report::{UserReport, UserReportSort};
use stoa_model::session::Session;
use stoa_model::status::{ONLINE, Status};
use stoa_model::team::TeamMember;
use stoa_model::user::User;

use super::{add_post, add_user, channel, member, post, team, user};
use crate::{
    CursorValue, DAY_MS, PostCountQuery, PostsByDayQuery, ReportCursor, Store, UserCountQuery,
    UserReportFilter, UserReportQuery,
};

/// A day well after the epoch, at midnight UTC.
const DAY0: i64 = 19_800 * DAY_MS;

fn names(rows: &[UserReport]) -> Vec<String> {
    rows.iter().map(|r| r.user.username.clone()).collect()
}

fn cursor_of(row: &UserReport, sort: UserReportSort) -> ReportCursor {
    let u = &row.user;
    let value = match sort {
        UserReportSort::CreateAt => CursorValue::Int(u.create_at),
        UserReportSort::Username => CursorValue::Text(u.username.clone()),
        UserReportSort::FirstName => CursorValue::Text(u.first_name.clone()),
        UserReportSort::LastName => CursorValue::Text(u.last_name.clone()),
        UserReportSort::Nickname => CursorValue::Text(u.nickname.clone()),
        UserReportSort::Email => CursorValue::Text(u.email.clone()),
        UserReportSort::Roles => CursorValue::Text(u.roles.clone()),
    };
    ReportCursor {
        value,
        id: u.id.clone(),
    }
}

/// Every row, read a page of `limit` at a time forward, then backward from the last page.
async fn walk(s: &dyn Store, sort: UserReportSort, descending: bool, limit: i64) -> Vec<String> {
    let base = UserReportQuery {
        sort,
        descending,
        limit,
        ..Default::default()
    };
    let mut forward: Vec<UserReport> = Vec::new();
    let mut pages: Vec<Vec<UserReport>> = Vec::new();
    loop {
        let q = UserReportQuery {
            cursor: forward.last().map(|r| cursor_of(r, sort)),
            ..base.clone()
        };
        let page = s.get_user_report(&q).await.expect("page");
        assert!(page.len() as i64 <= limit);
        if page.is_empty() {
            break;
        }
        forward.extend(page.iter().cloned());
        pages.push(page);
    }
    // Back again: each previous page, read from the first row of the page after it, is the
    // page read on the way forward.
    for i in (0..pages.len().saturating_sub(1)).rev() {
        let q = UserReportQuery {
            previous: true,
            cursor: Some(cursor_of(&pages[i + 1][0], sort)),
            ..base.clone()
        };
        let back = s.get_user_report(&q).await.expect("previous page");
        assert_eq!(names(&back), names(&pages[i]), "page {i} read backward");
    }
    names(&forward)
}

pub(super) async fn reports_user_pages_and_stats(s: &dyn Store) {
    let mut people: Vec<User> = Vec::new();
    for (i, name) in ["eli", "ann", "dee", "bea", "cid", "fay", "gus"]
        .iter()
        .enumerate()
    {
        let mut u = user(name);
        // Three users share a creation time, so paging by it crosses a run of ties.
        u.create_at = 1_000 + (i as i64 % 3);
        s.insert_user(&u, "").await.expect("user");
        people.push(u);
    }
    let mut bot = user("robot");
    bot.is_bot = true;
    s.insert_user(&bot, "").await.expect("bot");
    let by_name = |n: &str| people.iter().find(|u| u.username == n).cloned();
    let ann = by_name("ann").expect("ann");
    let bea = by_name("bea").expect("bea");

    let mut all: Vec<String> = people.iter().map(|u| u.username.clone()).collect();
    all.sort();
    for limit in [1, 2, 3, 100] {
        assert_eq!(
            walk(s, UserReportSort::Username, false, limit).await,
            all,
            "ascending by {limit}"
        );
        let mut desc = all.clone();
        desc.reverse();
        assert_eq!(
            walk(s, UserReportSort::Username, true, limit).await,
            desc,
            "descending by {limit}"
        );
    }
    let mut by_create: Vec<&User> = people.iter().collect();
    by_create.sort_by(|a, b| (a.create_at, &a.id).cmp(&(b.create_at, &b.id)));
    let want: Vec<String> = by_create.iter().map(|u| u.username.clone()).collect();
    assert_eq!(walk(s, UserReportSort::CreateAt, false, 2).await, want);
    let mut want_desc = want.clone();
    want_desc.reverse();
    assert_eq!(walk(s, UserReportSort::CreateAt, true, 2).await, want_desc);
    // No cursor and `previous`: the last page, still in display order.
    let last = s
        .get_user_report(&UserReportQuery {
            previous: true,
            limit: 2,
            ..Default::default()
        })
        .await
        .expect("last page");
    assert_eq!(names(&last), ["fay", "gus"]);

    // Statistics: logins are sessions, activity is the status, posts counted per UTC day.
    for (at, token) in [(5_000, "t1"), (7_000, "t2")] {
        s.insert_session(&Session {
            id: new_id(),
            token: format!("{token}-{}", new_id()),
            create_at: at,
            expires_at: at + 1_000_000,
            last_activity_at: at,
            user_id: ann.id.clone(),
            ..Default::default()
        })
        .await
        .expect("session");
    }
    s.save_status(&Status {
        user_id: bea.id.clone(),
        status: ONLINE.into(),
        last_activity_at: 555,
        ..Default::default()
    })
    .await
    .expect("status");
    let t = team("stats");
    s.insert_team(&t).await.expect("team");
    let ch = channel(&t.id, "town", "O");
    s.insert_channel(&ch).await.expect("channel");
    for at in [DAY0 + 10, DAY0 + 20, DAY0 + DAY_MS - 1, DAY0 + DAY_MS + 5] {
        add_post(s, &post(&ch.id, &ann.id, "hi", at)).await;
    }
    let page = |from: i64, until: i64| UserReportQuery {
        limit: 2,
        posts_from: from,
        posts_until: until,
        ..Default::default()
    };
    let rows = s.get_user_report(&page(0, 0)).await.expect("stats");
    assert_eq!(names(&rows), ["ann", "bea"]);
    let (a, b) = (&rows[0], &rows[1]);
    assert_eq!(a.user, ann, "the whole user comes back");
    assert_eq!(
        (a.last_login, a.last_status_at, a.last_post_date),
        (7_000, None, Some(DAY0 + DAY_MS + 5))
    );
    assert_eq!((a.days_active, a.total_posts), (Some(2), Some(4)));
    assert_eq!((b.last_login, b.last_status_at), (0, Some(555)));
    assert_eq!(
        (b.last_post_date, b.days_active, b.total_posts),
        (None, Some(0), None),
        "no posts: no date, no total, zero days"
    );
    let first_day = s
        .get_user_report(&page(DAY0, DAY0 + DAY_MS))
        .await
        .expect("one day");
    assert_eq!(
        (
            first_day[0].total_posts,
            first_day[0].days_active,
            first_day[0].last_post_date
        ),
        (Some(3), Some(1), Some(DAY0 + DAY_MS - 1))
    );
    let later = s
        .get_user_report(&page(DAY0 + DAY_MS, 0))
        .await
        .expect("from the second day");
    assert_eq!(
        (later[0].total_posts, later[0].days_active),
        (Some(1), Some(1))
    );
}

pub(super) async fn reports_filters_and_counts(s: &dyn Store) {
    let t = team("crew");
    s.insert_team(&t).await.expect("team");
    let mut admin = user("ada");
    admin.roles = "system_user system_admin".into();
    admin.nickname = "Boss".into();
    s.insert_user(&admin, "").await.expect("admin");
    let mut gone = user("gil");
    gone.delete_at = 99;
    s.insert_user(&gone, "").await.expect("deactivated");
    let mut guest = user("gwen");
    guest.roles = "system_guest".into();
    guest.email = "g.w%n@example.com".into();
    s.insert_user(&guest, "").await.expect("guest");
    let plain = add_user(s, "pat").await;
    let mut bot = user("bolt");
    bot.is_bot = true;
    s.insert_user(&bot, "").await.expect("bot");
    for (u, left) in [(&admin, 0), (&plain, 0), (&guest, 5)] {
        s.save_team_member(&TeamMember {
            team_id: t.id.clone(),
            user_id: u.id.clone(),
            scheme_user: true,
            delete_at: left,
            ..Default::default()
        })
        .await
        .expect("member");
    }
    let check = |f: UserReportFilter, want: &'static [&'static str]| {
        let f2 = f.clone();
        async move {
            let q = UserReportQuery {
                filter: f,
                limit: 100,
                ..Default::default()
            };
            let rows = s.get_user_report(&q).await.expect("report");
            assert_eq!(names(&rows), want, "{f2:?}");
            assert_eq!(
                s.count_user_report(&f2).await.expect("count"),
                want.len() as i64,
                "count of {f2:?}"
            );
        }
    };
    check(UserReportFilter::default(), &["ada", "gil", "gwen", "pat"]).await;
    check(
        UserReportFilter {
            role: Some("system_admin".into()),
            ..Default::default()
        },
        &["ada"],
    )
    .await;
    // A substring of the roles, as Mattermost matches it.
    check(
        UserReportFilter {
            role: Some("system_user".into()),
            ..Default::default()
        },
        &["ada", "gil", "pat"],
    )
    .await;
    check(
        UserReportFilter {
            team: Some(t.id.clone()),
            ..Default::default()
        },
        &["ada", "pat"],
    )
    .await;
    check(
        UserReportFilter {
            team: Some(t.id.clone()),
            has_no_team: true,
            ..Default::default()
        },
        &["gil", "gwen"],
    )
    .await;
    check(
        UserReportFilter {
            active: Some(true),
            ..Default::default()
        },
        &["ada", "gwen", "pat"],
    )
    .await;
    check(
        UserReportFilter {
            active: Some(false),
            ..Default::default()
        },
        &["gil"],
    )
    .await;
    for (term, want) in [
        ("boss", &["ada"][..]),
        ("@PA", &["pat"][..]),
        ("gil-first", &["gil"][..]),
        ("g.w%", &["gwen"][..]),
        ("g.w%n@ ex", &[][..]),
        ("%", &[][..]),
        ("a", &["ada"][..]),
    ] {
        let f = UserReportFilter {
            search_term: Some(term.into()),
            ..Default::default()
        };
        let q = UserReportQuery {
            filter: f.clone(),
            limit: 100,
            ..Default::default()
        };
        let rows = s.get_user_report(&q).await.expect("search");
        assert_eq!(names(&rows), want, "search {term:?}");
        assert_eq!(
            s.count_user_report(&f).await.expect("count"),
            want.len() as i64
        );
    }
}

pub(super) async fn reports_filtered_user_counts(s: &dyn Store) {
    let t = team("org");
    s.insert_team(&t).await.expect("team");
    let ch = channel(&t.id, "hall", "O");
    s.insert_channel(&ch).await.expect("channel");
    let mut admin = user("adm");
    admin.roles = "system_user system_admin".into();
    s.insert_user(&admin, "").await.expect("admin");
    let plain = add_user(s, "usr").await;
    let mut guest = user("gst");
    guest.roles = "system_guest".into();
    s.insert_user(&guest, "").await.expect("guest");
    let mut gone = user("old");
    gone.delete_at = 7;
    s.insert_user(&gone, "").await.expect("deactivated");
    let mut bot = user("bot");
    bot.is_bot = true;
    s.insert_user(&bot, "").await.expect("bot");
    let membership = |u: &User, admin: bool, guest: bool| TeamMember {
        team_id: t.id.clone(),
        user_id: u.id.clone(),
        scheme_user: !guest,
        scheme_admin: admin,
        scheme_guest: guest,
        ..Default::default()
    };
    for m in [
        membership(&admin, false, false),
        membership(&plain, true, false),
        membership(&guest, false, true),
        membership(&gone, false, false),
    ] {
        s.save_team_member(&m).await.expect("team member");
    }
    for u in [&plain, &bot] {
        s.insert_channel_member(&member(&ch.id, &u.id))
            .await
            .expect("channel member");
    }
    let count = |q: UserCountQuery| async move { s.count_users_filtered(&q).await.expect("count") };
    assert_eq!(count(UserCountQuery::default()).await, 3);
    assert_eq!(
        count(UserCountQuery {
            include_deleted: true,
            include_bots: true,
            ..Default::default()
        })
        .await,
        5
    );
    let in_team = || UserCountQuery {
        team: Some(t.id.clone()),
        ..Default::default()
    };
    assert_eq!(count(in_team()).await, 3);
    assert_eq!(
        count(UserCountQuery {
            channel: Some(ch.id.clone()),
            include_bots: true,
            ..Default::default()
        })
        .await,
        2
    );
    let roles = |r: &[&str]| r.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        count(UserCountQuery {
            roles: roles(&["system_user"]),
            ..Default::default()
        })
        .await,
        1,
        "system_user means a plain user"
    );
    assert_eq!(
        count(UserCountQuery {
            roles: roles(&["system_admin", "system_guest"]),
            ..Default::default()
        })
        .await,
        2
    );
    assert_eq!(
        count(UserCountQuery {
            team_roles: roles(&["team_admin"]),
            ..in_team()
        })
        .await,
        1
    );
    assert_eq!(
        count(UserCountQuery {
            team_roles: roles(&["team_user"]),
            ..in_team()
        })
        .await,
        0,
        "the system admin is not counted as a team user, the team admin is an admin"
    );
    assert_eq!(
        count(UserCountQuery {
            team_roles: roles(&["team_guest", "team_admin"]),
            ..in_team()
        })
        .await,
        2
    );
    assert_eq!(
        count(UserCountQuery {
            channel: Some(ch.id.clone()),
            channel_roles: roles(&["channel_user"]),
            ..Default::default()
        })
        .await,
        1
    );
}

pub(super) async fn reports_analytics(s: &dyn Store) {
    let t = team("one");
    let mut archived_team = team("two");
    archived_team.delete_at = 3;
    for tm in [&t, &archived_team] {
        s.insert_team(tm).await.expect("team");
    }
    let open = channel(&t.id, "open", "O");
    let private = channel(&t.id, "private", "P");
    let mut archived = channel(&t.id, "archived", "O");
    archived.delete_at = 9;
    let elsewhere = channel(&archived_team.id, "else", "P");
    let dm = channel("", "dm", "D");
    for c in [&open, &private, &archived, &elsewhere, &dm] {
        s.insert_channel(c).await.expect("channel");
    }
    let counts = s.analytics_channel_counts(None).await.expect("channels");
    assert_eq!((counts.open, counts.private), (2, 2), "archived ones count");
    let counts = s
        .analytics_channel_counts(Some(&t.id))
        .await
        .expect("team channels");
    assert_eq!((counts.open, counts.private), (2, 1));
    assert_eq!(s.analytics_team_count().await.expect("teams"), 1);

    let u = add_user(s, "poster").await;
    let mut gone = user("gone");
    gone.delete_at = 4;
    s.insert_user(&gone, "").await.expect("gone");
    let mut bot = user("bleep");
    bot.is_bot = true;
    s.insert_user(&bot, "").await.expect("bot");
    assert_eq!(
        s.analytics_inactive_user_count().await.expect("inactive"),
        1
    );
    for (who, at) in [(&u, 500), (&gone, 900), (&bot, 900)] {
        s.save_status(&Status {
            user_id: who.id.clone(),
            status: ONLINE.into(),
            last_activity_at: at,
            ..Default::default()
        })
        .await
        .expect("status");
    }
    assert_eq!(s.analytics_active_user_count(400).await.expect("active"), 1);
    assert_eq!(s.analytics_active_user_count(500).await.expect("active"), 0);

    let mut with_file = post(&open.id, &u.id, "file", DAY0 + 1);
    with_file.file_ids = vec![new_id()];
    let mut tagged = post(&private.id, &u.id, "#tag", DAY0 + 2);
    tagged.hashtags = "#tag".into();
    let mut deleted = post(&open.id, &u.id, "gone", DAY0 + DAY_MS);
    deleted.delete_at = DAY0 + DAY_MS + 1;
    for p in [
        with_file,
        tagged,
        deleted,
        post(&elsewhere.id, &u.id, "other team", DAY0 + DAY_MS + 2),
        post(&dm.id, &bot.id, "beep", DAY0 + DAY_MS + 3),
        post(&dm.id, &gone.id, "old", DAY0 + 3 * DAY_MS),
        post(&open.id, &u.id, "too old", DAY0 - 1),
    ] {
        add_post(s, &p).await;
    }
    let posts = |q: PostCountQuery| async move { s.analytics_post_count(&q).await.expect("posts") };
    assert_eq!(posts(PostCountQuery::default()).await, 7);
    assert_eq!(
        posts(PostCountQuery {
            team: Some(t.id.clone()),
            ..Default::default()
        })
        .await,
        4
    );
    assert_eq!(
        posts(PostCountQuery {
            with_files: true,
            ..Default::default()
        })
        .await,
        1
    );
    assert_eq!(
        posts(PostCountQuery {
            team: Some(t.id.clone()),
            with_hashtags: true,
            ..Default::default()
        })
        .await,
        1
    );

    let by_day = |q: PostsByDayQuery| async move {
        s.analytics_posts_by_day(&q)
            .await
            .expect("by day")
            .into_iter()
            .map(|d| (d.day - DAY0 / DAY_MS, d.count))
            .collect::<Vec<_>>()
    };
    let window = PostsByDayQuery {
        from: DAY0,
        until: DAY0 + 3 * DAY_MS - 1,
        limit: 30,
        ..Default::default()
    };
    assert_eq!(
        by_day(window.clone()).await,
        [(1, 3), (0, 2)],
        "newest day first, inside the window"
    );
    assert_eq!(
        by_day(PostsByDayQuery {
            limit: 1,
            ..window.clone()
        })
        .await,
        [(1, 3)]
    );
    assert_eq!(
        by_day(PostsByDayQuery {
            distinct_users: true,
            ..window.clone()
        })
        .await,
        [(1, 2), (0, 1)]
    );
    assert_eq!(
        by_day(PostsByDayQuery {
            bots_only: true,
            ..window.clone()
        })
        .await,
        [(1, 1)]
    );
    assert_eq!(
        by_day(PostsByDayQuery {
            team: Some(t.id.clone()),
            ..window.clone()
        })
        .await,
        [(1, 1), (0, 2)]
    );

    for (at, expires) in [(1, i64::MAX / 2), (2, 10)] {
        s.insert_session(&Session {
            id: new_id(),
            token: new_id(),
            create_at: at,
            expires_at: expires,
            last_activity_at: at,
            user_id: u.id.clone(),
            ..Default::default()
        })
        .await
        .expect("session");
    }
    assert_eq!(s.analytics_session_count(100).await.expect("sessions"), 1);

    let (writer, reader) = s.connection_counts();
    assert!(writer >= 1, "the writer pool has a connection open");
    if s.backend() == "postgres" {
        assert_eq!(reader, 0, "one pool: no separate readers");
    } else {
        assert!(reader >= 1, "the reader pool has a connection open");
    }
    let tx = s.begin().await.expect("begin");
    assert_eq!(tx.connection_counts(), (0, 0), "a transaction has no pools");
}
