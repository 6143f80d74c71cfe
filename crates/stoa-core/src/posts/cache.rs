//! In-memory caches of the post path: channel members for mention parsing, and the
//! `pending_post_id`s seen recently (a client retrying a send gets the same post back).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use stoa_store::MentionCandidate;

/// How long a channel's member list is trusted without changes seen by this node.
const MEMBERS_TTL: Duration = Duration::from_secs(30);
const MEMBERS_MAX_CHANNELS: usize = 10_000;
/// Mattermost's window for repeated `pending_post_id`s.
const PENDING_TTL: Duration = Duration::from_secs(30);
const PENDING_MAX: usize = 100_000;

/// A channel's members and when they were read.
type Members = (Arc<Vec<MentionCandidate>>, Instant);

#[derive(Default)]
pub struct MentionCache {
    entries: Mutex<HashMap<String, Members>>,
}

impl MentionCache {
    pub fn get(&self, channel_id: &str) -> Option<Arc<Vec<MentionCandidate>>> {
        let entries = self.entries.lock().ok()?;
        entries
            .get(channel_id)
            .filter(|(_, at)| at.elapsed() < MEMBERS_TTL)
            .map(|(m, _)| m.clone())
    }

    pub fn put(&self, channel_id: &str, members: Arc<Vec<MentionCandidate>>) {
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= MEMBERS_MAX_CHANNELS {
                entries.retain(|_, (_, at)| at.elapsed() < MEMBERS_TTL);
                if entries.len() >= MEMBERS_MAX_CHANNELS {
                    entries.clear();
                }
            }
            entries.insert(channel_id.to_owned(), (members, Instant::now()));
        }
    }

    /// A channel's membership changed.
    pub fn forget_channel(&self, channel_id: &str) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.remove(channel_id);
        }
    }

    /// A user changed (name, notify props, activation): every channel may be affected.
    pub fn forget_all(&self) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.clear();
        }
    }
}

#[derive(Default)]
pub struct PendingPosts {
    entries: Mutex<HashMap<String, (String, Instant)>>,
}

impl PendingPosts {
    /// The post created for this pending id within the window.
    pub fn get(&self, pending_post_id: &str) -> Option<String> {
        if pending_post_id.is_empty() {
            return None;
        }
        let entries = self.entries.lock().ok()?;
        entries
            .get(pending_post_id)
            .filter(|(_, at)| at.elapsed() < PENDING_TTL)
            .map(|(id, _)| id.clone())
    }

    pub fn put(&self, pending_post_id: String, post_id: String) {
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= PENDING_MAX {
                entries.retain(|_, (_, at)| at.elapsed() < PENDING_TTL);
            }
            entries.insert(pending_post_id, (post_id, Instant::now()));
        }
    }
}
