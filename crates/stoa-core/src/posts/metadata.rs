//! Preparing posts for clients: `metadata.reactions`, `metadata.emojis` (custom emoji used in
//! the message or in reactions) and `metadata.files`, loaded in batches for a whole list.

use std::collections::{BTreeSet, HashMap};
use stoa_model::post::{Post, PostMetadata};

use crate::{Actor, Core, Result};

/// `:name:` patterns of a message (candidate emoji names).
fn emoji_names_in(message: &str) -> impl Iterator<Item = &str> {
    message
        .split(':')
        .skip(1)
        .step_by(2)
        .filter(|n| stoa_model::emoji::is_valid_emoji_name(n))
}

impl Core {
    /// One post prepared for a client.
    pub(crate) async fn prepare_post(&self, actor: &Actor, post: Post) -> Result<Post> {
        let mut v = self.prepare_posts(actor, vec![post]).await?;
        Ok(v.pop().unwrap_or_default())
    }

    /// Posts prepared for a client, in the given order.
    pub(crate) async fn prepare_posts(
        &self,
        _actor: &Actor,
        posts: Vec<Post>,
    ) -> Result<Vec<Post>> {
        self.with_metadata(posts).await
    }

    /// A post prepared for an event (no viewer-specific fields).
    pub(crate) async fn prepare_post_for_event(&self, post: Post) -> Result<Post> {
        let mut v = self.with_metadata(vec![post]).await?;
        Ok(v.pop().unwrap_or_default())
    }

    async fn with_metadata(&self, mut posts: Vec<Post>) -> Result<Vec<Post>> {
        let with_reactions: Vec<String> = posts
            .iter()
            .filter(|p| p.has_reactions)
            .map(|p| p.id.clone())
            .collect();
        let reactions = self.store.get_reactions_for_posts(&with_reactions).await?;
        let mut by_post: HashMap<String, Vec<stoa_model::reaction::Reaction>> = HashMap::new();
        for r in reactions {
            by_post.entry(r.post_id.clone()).or_default().push(r);
        }
        let with_files: Vec<String> = posts
            .iter()
            .filter(|p| !p.file_ids.is_empty() && p.delete_at == 0)
            .map(|p| p.id.clone())
            .collect();
        let mut files_by_post: HashMap<String, Vec<stoa_model::file::FileInfo>> = HashMap::new();
        if !with_files.is_empty() {
            for f in self.store.get_file_infos_for_posts(&with_files).await? {
                files_by_post.entry(f.post_id.clone()).or_default().push(f);
            }
        }
        let mut names: BTreeSet<String> = BTreeSet::new();
        for p in &posts {
            names.extend(emoji_names_in(&p.message).map(str::to_owned));
        }
        for rs in by_post.values() {
            names.extend(rs.iter().map(|r| r.emoji_name.clone()));
        }
        let names: Vec<String> = names
            .into_iter()
            .filter(|n| !crate::emoji_names::is_system_emoji(n))
            .collect();
        let custom = if names.is_empty() || !self.settings().service_settings.enable_custom_emoji {
            Vec::new()
        } else {
            self.store.get_emojis_by_names(&names).await?
        };
        for p in &mut posts {
            let reactions = by_post.remove(&p.id).unwrap_or_default();
            let used: BTreeSet<&str> = emoji_names_in(&p.message)
                .chain(reactions.iter().map(|r| r.emoji_name.as_str()))
                .collect();
            let emojis = custom
                .iter()
                .filter(|e| used.contains(e.name.as_str()))
                .cloned()
                .collect();
            let mut meta = PostMetadata {
                reactions,
                emojis,
                files: files_by_post.remove(&p.id).unwrap_or_default(),
                ..Default::default()
            };
            if let Some(priority) = p.props.get("priority").filter(|v| v.is_object()) {
                meta.priority = Some(priority.clone());
            }
            p.metadata = Some(meta);
        }
        Ok(posts)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn emoji_names_are_read_between_colons() {
        let names: Vec<&str> =
            super::emoji_names_in("hi :smile: and :party_parrot: not: this:").collect();
        assert_eq!(names, ["smile", "party_parrot"]);
    }
}
