//! The check after a crash or an outage: everything the ledger holds is on the server, and the
//! stored counters agree with what is stored.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex};
use stoa_model::post::{Post, PostList};
use stoa_tests::ApiClient;

use crate::workload::{Cast, Ledger};

/// What the check found, for the test's report line.
pub struct Checked {
    pub posts: usize,
    pub reactions: usize,
    pub memberships: usize,
    pub files: usize,
}

/// Every post of a channel, newest first, by pages.
async fn all_posts(admin: &ApiClient, channel_id: &str) -> Vec<Post> {
    let mut out = Vec::new();
    for page in 0.. {
        let list: PostList = admin
            .get(&format!(
                "/channels/{channel_id}/posts?page={page}&per_page=200"
            ))
            .await
            .expect(200)
            .parse();
        if list.order.is_empty() {
            break;
        }
        for id in &list.order {
            out.push(list.posts.get(id).expect("listed post in the map").clone());
        }
    }
    out
}

/// Checks that everything in the ledger is on the server and that the stored counters agree
/// with what is stored. Panics with what is missing.
pub async fn verify(cast: &Cast, ledger: &Arc<Mutex<Ledger>>) -> Checked {
    let admin = &cast.admin.client;
    let (posts, reactions, memberships, channels, files) = {
        let l = ledger.lock().expect("ledger lock");
        (
            l.posts.clone(),
            l.reactions.clone(),
            l.memberships.clone(),
            l.channels.clone(),
            l.files.clone(),
        )
    };

    // Every acknowledged post, as it was sent.
    let stored = all_posts(admin, &cast.channel_id).await;
    let by_id: HashMap<&str, &Post> = stored.iter().map(|p| (p.id.as_str(), p)).collect();
    let missing: Vec<&String> = posts
        .keys()
        .filter(|id| !by_id.contains_key(id.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "{} of {} acknowledged posts are missing, e.g. {:?}",
        missing.len(),
        posts.len(),
        &missing[..missing.len().min(5)]
    );
    for (id, acked) in &posts {
        let p = by_id[id.as_str()];
        assert_eq!(p.message, acked.message, "post {id}");
        assert_eq!(p.root_id, acked.root_id, "post {id}");
        for f in &acked.file_ids {
            assert!(p.file_ids.contains(f), "post {id} lost its file {f}");
        }
    }

    // The channel's counters count what is stored.
    let channel = admin
        .get(&format!("/channels/{}", cast.channel_id))
        .await
        .expect(200)
        .json();
    let roots = stored.iter().filter(|p| p.root_id.is_empty()).count();
    assert_eq!(
        channel["total_msg_count"].as_u64(),
        Some(stored.len() as u64),
        "total_msg_count against the posts stored"
    );
    assert_eq!(
        channel["total_msg_count_root"].as_u64(),
        Some(roots as u64),
        "total_msg_count_root against the root posts stored"
    );

    // Each thread's reply count counts its stored replies.
    let mut replies: HashMap<&str, i64> = HashMap::new();
    for p in stored.iter().filter(|p| !p.root_id.is_empty()) {
        *replies.entry(p.root_id.as_str()).or_default() += 1;
    }
    for p in stored.iter().filter(|p| p.root_id.is_empty()) {
        let n = replies.get(p.id.as_str()).copied().unwrap_or(0);
        assert_eq!(p.reply_count, n, "reply_count of thread {}", p.id);
    }

    // Reactions, by post.
    let mut wanted: BTreeMap<&str, BTreeSet<(&str, &str)>> = BTreeMap::new();
    for (post, user, emoji) in &reactions {
        wanted
            .entry(post.as_str())
            .or_default()
            .insert((user.as_str(), emoji.as_str()));
    }
    for (post, want) in &wanted {
        let got: Vec<Value> = admin
            .get(&format!("/posts/{post}/reactions"))
            .await
            .expect(200)
            .parse();
        let got: BTreeSet<(&str, &str)> = got
            .iter()
            .filter_map(|r| Some((r["user_id"].as_str()?, r["emoji_name"].as_str()?)))
            .collect();
        assert!(
            want.is_subset(&got),
            "reactions of post {post}: acknowledged {want:?}, stored {got:?}"
        );
        if let Some(p) = by_id.get(post) {
            assert!(
                p.has_reactions,
                "post {post} has reactions but says it has none"
            );
        }
    }

    // Memberships, and each made channel's member count against its members.
    for (channel, user) in &memberships {
        admin
            .get(&format!("/channels/{channel}/members/{user}"))
            .await
            .expect(200);
    }
    for channel in &channels {
        let listed: Vec<Value> = admin
            .get(&format!("/channels/{channel}/members?per_page=200"))
            .await
            .expect(200)
            .parse();
        let stats = admin
            .get(&format!("/channels/{channel}/stats"))
            .await
            .expect(200)
            .json();
        assert_eq!(
            stats["member_count"].as_u64(),
            Some(listed.len() as u64),
            "member_count of channel {channel}"
        );
    }

    // Uploaded files, byte for byte. Read by their uploader: a file whose post was not
    // acknowledged may be unattached, and then only its uploader may read it.
    for (id, (uploader, bytes)) in &files {
        let resp = cast.workers[*uploader]
            .client
            .get(&format!("/files/{id}"))
            .await
            .expect(200);
        assert!(
            resp.body == *bytes,
            "file {id} differs from what was uploaded"
        );
    }

    Checked {
        posts: posts.len(),
        reactions: reactions.len(),
        memberships: memberships.len(),
        files: files.len(),
    }
}
