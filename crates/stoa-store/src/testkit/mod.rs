#![expect(
    clippy::expect_used,
    reason = "a test suite: a failed expectation is a failed test"
)]

//! The store contract suite: every backend runs these cases on a real, empty database.
//!
//! A backend's `tests/contract.rs` calls [`CASES`] one by one, each on a fresh database, so
//! the cases may count rows and need no clean-up. One file per area; the builders shared by the
//! areas live here.

mod bots;
mod channels;
mod drafts;
mod email;
mod emoji;
mod files;
mod posts;
mod preferences;
mod reactions;
mod reports;
mod sessions;
mod status;
mod system;
mod teams;
mod threads;
mod tokens;
mod users;
mod webpush;

use std::future::Future;
use std::pin::Pin;
use std::task::Poll;
use stoa_model::channel::{Channel, ChannelMember, default_member_notify_props};
use stoa_model::post::Post;
use stoa_model::team::Team;
use stoa_model::user::{User, default_notify_props, default_timezone};
use stoa_model::{new_id, now_ms};

use crate::Store;

pub type CaseFuture<'a> = Pin<Box<dyn Future<Output = ()> + Send + 'a>>;
pub type Case = for<'a> fn(&'a dyn Store) -> CaseFuture<'a>;

/// Every case, by name.
pub const CASES: &[(&str, Case)] = &[
    ("users_round_trip", |s| Box::pin(users::users_round_trip(s))),
    ("users_unique_username_and_email", |s| {
        Box::pin(users::users_unique_username_and_email(s))
    }),
    ("users_lists_and_filters", |s| {
        Box::pin(users::users_lists_and_filters(s))
    }),
    ("sessions_lifecycle", |s| {
        Box::pin(sessions::sessions_lifecycle(s))
    }),
    ("web_push_subscriptions", |s| {
        Box::pin(webpush::web_push_subscriptions(s))
    }),
    ("teams_and_members", |s| {
        Box::pin(teams::teams_and_members(s))
    }),
    ("channels_and_members", |s| {
        Box::pin(channels::channels_and_members(s))
    }),
    ("channel_lists", |s| Box::pin(channels::channel_lists(s))),
    ("channel_post_counters", |s| {
        Box::pin(channels::channel_post_counters(s))
    }),
    ("channel_counters_concurrent", |s| {
        Box::pin(channels::channel_counters_concurrent(s))
    }),
    ("channel_mention_candidates", |s| {
        Box::pin(channels::channel_mention_candidates(s))
    }),
    ("sidebar_categories", |s| {
        Box::pin(channels::sidebar_categories(s))
    }),
    ("sidebar_category_many_channels", |s| {
        Box::pin(channels::sidebar_category_many_channels(s))
    }),
    ("transactions_commit_or_roll_back", |s| {
        Box::pin(system::transactions_commit_or_roll_back(s))
    }),
    ("system_values", |s| Box::pin(system::system_values(s))),
    ("posts_round_trip", |s| Box::pin(posts::posts_round_trip(s))),
    ("posts_channel_windows", |s| {
        Box::pin(posts::posts_channel_windows(s))
    }),
    ("posts_pinned_history_and_counts", |s| {
        Box::pin(posts::posts_pinned_history_and_counts(s))
    }),
    ("posts_thread_pages", |s| {
        Box::pin(posts::posts_thread_pages(s))
    }),
    ("posts_delete", |s| Box::pin(posts::posts_delete(s))),
    ("threads_record_and_forget", |s| {
        Box::pin(threads::threads_record_and_forget(s))
    }),
    ("thread_replies_concurrent", |s| {
        Box::pin(threads::thread_replies_concurrent(s))
    }),
    ("thread_memberships", |s| {
        Box::pin(threads::thread_memberships(s))
    }),
    ("thread_unread_replies", |s| {
        Box::pin(threads::thread_unread_replies(s))
    }),
    ("user_threads_lists_and_totals", |s| {
        Box::pin(threads::user_threads_lists_and_totals(s))
    }),
    ("reactions_lifecycle", |s| {
        Box::pin(reactions::reactions_lifecycle(s))
    }),
    ("drafts_upsert_list_and_delete", |s| {
        Box::pin(drafts::drafts_upsert_list_and_delete(s))
    }),
    ("emoji_names", |s| Box::pin(emoji::emoji_names(s))),
    ("emoji_list_and_search", |s| {
        Box::pin(emoji::emoji_list_and_search(s))
    }),
    ("preferences_upsert_and_delete", |s| {
        Box::pin(preferences::preferences_upsert_and_delete(s))
    }),
    ("statuses", |s| Box::pin(status::statuses(s))),
    ("files_round_trip_and_attach", |s| {
        Box::pin(files::files_round_trip_and_attach(s))
    }),
    ("reports_user_pages_and_stats", |s| {
        Box::pin(reports::reports_user_pages_and_stats(s))
    }),
    ("reports_filters_and_counts", |s| {
        Box::pin(reports::reports_filters_and_counts(s))
    }),
    ("reports_filtered_user_counts", |s| {
        Box::pin(reports::reports_filtered_user_counts(s))
    }),
    ("reports_analytics", |s| {
        Box::pin(reports::reports_analytics(s))
    }),
    ("bots_lifecycle", |s| Box::pin(bots::bots_lifecycle(s))),
    ("access_tokens_lifecycle", |s| {
        Box::pin(tokens::access_tokens_lifecycle(s))
    }),
    ("email_queue_claims", |s| {
        Box::pin(email::email_queue_claims(s))
    }),
    ("email_batches", |s| Box::pin(email::email_batches(s))),
];

pub fn user(username: &str) -> User {
    let now = now_ms();
    User {
        id: new_id(),
        create_at: now,
        update_at: now,
        username: username.to_owned(),
        email: format!("{username}@example.com"),
        first_name: format!("{username}-first"),
        roles: "system_user".into(),
        locale: "en".into(),
        notify_props: default_notify_props(),
        timezone: default_timezone(),
        ..Default::default()
    }
}

pub fn team(name: &str) -> Team {
    let now = now_ms();
    Team {
        id: new_id(),
        create_at: now,
        update_at: now,
        display_name: name.to_uppercase(),
        name: name.to_owned(),
        team_type: "O".into(),
        invite_id: new_id(),
        allow_open_invite: true,
        ..Default::default()
    }
}

pub fn channel(team_id: &str, name: &str, kind: &str) -> Channel {
    let now = now_ms();
    Channel {
        id: new_id(),
        create_at: now,
        update_at: now,
        team_id: team_id.to_owned(),
        channel_type: kind.to_owned(),
        name: name.to_owned(),
        display_name: name.to_owned(),
        ..Default::default()
    }
}

fn member(channel_id: &str, user_id: &str) -> ChannelMember {
    ChannelMember {
        channel_id: channel_id.to_owned(),
        user_id: user_id.to_owned(),
        notify_props: default_member_notify_props(),
        scheme_user: true,
        ..Default::default()
    }
}

/// A root post created (and last updated) at `at`.
fn post(channel_id: &str, user_id: &str, message: &str, at: i64) -> Post {
    Post {
        id: new_id(),
        create_at: at,
        update_at: at,
        user_id: user_id.to_owned(),
        channel_id: channel_id.to_owned(),
        message: message.to_owned(),
        ..Default::default()
    }
}

/// A reply to `root` created at `at`.
fn reply(root: &Post, user_id: &str, message: &str, at: i64) -> Post {
    Post {
        root_id: root.id.clone(),
        ..post(&root.channel_id, user_id, message, at)
    }
}

/// An earlier version of `post` as an edit saves it: a new id pointing at the post through
/// `original_id`, same creation time.
fn history(post: &Post, message: &str, edit_at: i64, update_at: i64) -> Post {
    Post {
        id: new_id(),
        original_id: post.id.clone(),
        message: message.to_owned(),
        edit_at,
        update_at,
        ..post.clone()
    }
}

/// Inserts a user and returns it.
async fn add_user(s: &dyn Store, username: &str) -> User {
    let u = user(username);
    s.insert_user(&u, "").await.expect("insert user");
    u
}

/// Inserts a post.
async fn add_post(s: &dyn Store, p: &Post) {
    s.insert_post(p).await.expect("insert post");
}

/// Inserts a reply and records it in its thread, as creating a reply does.
async fn add_reply(s: &dyn Store, root: &Post, team_id: &str, user_id: &str, at: i64) -> Post {
    let r = reply(root, user_id, "re", at);
    add_post(s, &r).await;
    s.record_reply(&root.id, &root.channel_id, team_id, user_id, at)
        .await
        .expect("record reply");
    r
}

fn ids<T>(items: &[T], id: impl Fn(&T) -> &str) -> Vec<String> {
    items.iter().map(|x| id(x).to_owned()).collect()
}

fn post_ids(posts: &[Post]) -> Vec<String> {
    ids(posts, |p| &p.id)
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

/// Runs the futures concurrently (on this task) and returns their outputs in order.
async fn join_all<F: Future>(futures: Vec<F>) -> Vec<F::Output> {
    let mut futures: Vec<Pin<Box<F>>> = futures.into_iter().map(Box::pin).collect();
    let mut outputs: Vec<Option<F::Output>> = futures.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (f, out) in futures.iter_mut().zip(outputs.iter_mut()) {
            if out.is_none() {
                match f.as_mut().poll(cx) {
                    Poll::Ready(v) => *out = Some(v),
                    Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            Poll::Pending
        } else {
            Poll::Ready(())
        }
    })
    .await;
    outputs.into_iter().flatten().collect()
}
