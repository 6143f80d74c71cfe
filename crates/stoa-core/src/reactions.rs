//! Reactions: one user's emoji on one post (Mattermost's `reactions` API tag).
//!
//! A reaction may use a system emoji or a live custom emoji. Adding and removing publish
//! `reaction_added` / `reaction_removed` to the channel with the reaction as a JSON string, as
//! Mattermost does (not `post_edited`); the store keeps the post's `has_reactions` and
//! `update_at` in step, and post metadata carries the reactions to clients.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use stoa_model::emoji::EMOJI_NAME_MAX_LEN;
use stoa_model::reaction::Reaction;
use stoa_model::{is_valid_id, now_ms};
use stoa_store::OptionalExt;

use crate::emoji_names::is_system_emoji;
use crate::events::Event;
use crate::{Actor, Core, Error, ErrorKind, Result, perm};

/// Most distinct emoji on one post (Mattermost's `UniqueEmojiReactionLimitPerPost` default).
pub const UNIQUE_EMOJI_REACTION_LIMIT_PER_POST: usize = 50;

impl Core {
    /// `POST /reactions`: the caller reacts to a post. Reacting again with the same emoji
    /// returns the existing reaction and changes nothing.
    pub async fn save_reaction(&self, actor: &Actor, reaction: Reaction) -> Result<Reaction> {
        if !is_valid_id(&reaction.user_id)
            || !is_valid_id(&reaction.post_id)
            || reaction.emoji_name.is_empty()
            || reaction.emoji_name.len() > EMOJI_NAME_MAX_LEN
        {
            return Err(Error::new(
                ErrorKind::BadRequest,
                "api.reaction.save_reaction.invalid.app_error",
                "Reaction is not valid.",
            ));
        }
        if !actor.is(&reaction.user_id) {
            return Err(Error::new(
                ErrorKind::Forbidden,
                "api.reaction.save_reaction.user_id.app_error",
                "You cannot save reaction for the other user.",
            ));
        }
        let (post, channel) = self.readable_post(actor, &reaction.post_id, false).await?;
        self.require_channel(actor, &channel, perm::ADD_REACTION)
            .await?;
        self.require_emoji_exists(&reaction.emoji_name).await?;
        if channel.delete_at > 0 {
            return Err(Error::new(
                ErrorKind::Forbidden,
                "api.reaction.save.archived_channel.app_error",
                "You cannot react to posts in an archived channel.",
            ));
        }

        let existing = self.store.get_reactions(&post.id).await?;
        if let Some(same) = existing
            .iter()
            .find(|r| r.user_id == reaction.user_id && r.emoji_name == reaction.emoji_name)
        {
            return Ok(same.clone());
        }
        if !existing.iter().any(|r| r.emoji_name == reaction.emoji_name) {
            let distinct: BTreeSet<&str> = existing.iter().map(|r| r.emoji_name.as_str()).collect();
            if distinct.len() >= UNIQUE_EMOJI_REACTION_LIMIT_PER_POST {
                return Err(Error::new(
                    ErrorKind::BadRequest,
                    "app.reaction.save.save.too_many_reactions",
                    "Reaction limit has been reached for this post.",
                ));
            }
        }

        let now = now_ms();
        let saved = Reaction {
            user_id: reaction.user_id,
            post_id: post.id.clone(),
            emoji_name: reaction.emoji_name,
            create_at: now,
            update_at: now,
            delete_at: 0,
            // Set only by shared-channel sync, never by a client.
            remote_id: None,
            channel_id: channel.id.clone(),
        };
        self.store.save_reaction(&saved).await?;
        self.publish(
            Event::new("reaction_added")
                .with_json_string("reaction", &saved)
                .to_channel(&channel.id),
        );
        Ok(saved)
    }

    /// `DELETE /users/{user_id}/posts/{post_id}/reactions/{emoji_name}`: one's own reaction with
    /// `remove_reaction`, someone else's also with `remove_others_reactions`. Removing a reaction
    /// that is not there succeeds.
    pub async fn delete_reaction(
        &self,
        actor: &Actor,
        user_id: &str,
        post_id: &str,
        emoji_name: &str,
    ) -> Result<()> {
        let (post, channel) = self.readable_post(actor, post_id, false).await?;
        self.require_channel(actor, &channel, perm::REMOVE_REACTION)
            .await?;
        if !actor.is(user_id) {
            self.require_channel(actor, &channel, perm::REMOVE_OTHERS_REACTIONS)
                .await?;
        }
        if channel.delete_at > 0 {
            return Err(Error::new(
                ErrorKind::Forbidden,
                "api.reaction.delete.archived_channel.app_error",
                "You cannot remove a reaction in an archived channel.",
            ));
        }
        let now = now_ms();
        let removed = self
            .store
            .delete_reaction(&post.id, user_id, emoji_name, now)
            .await?;
        if removed {
            let gone = Reaction {
                user_id: user_id.to_owned(),
                post_id: post.id.clone(),
                emoji_name: emoji_name.to_owned(),
                create_at: 0,
                update_at: now,
                delete_at: now,
                remote_id: None,
                channel_id: channel.id.clone(),
            };
            self.publish(
                Event::new("reaction_removed")
                    .with_json_string("reaction", &gone)
                    .to_channel(&channel.id),
            );
        }
        Ok(())
    }

    /// `GET /posts/{post_id}/reactions`: oldest first.
    pub async fn get_reactions(&self, actor: &Actor, post_id: &str) -> Result<Vec<Reaction>> {
        let (post, _) = self.readable_post(actor, post_id, false).await?;
        Ok(self.store.get_reactions(&post.id).await?)
    }

    /// `POST /posts/ids/reactions`: the reactions of each post the actor may read, keyed by post
    /// id (an empty list for a readable post without reactions). Posts that do not exist, are
    /// deleted or are not readable are left out.
    pub async fn get_bulk_reactions(
        &self,
        actor: &Actor,
        post_ids: &[String],
    ) -> Result<BTreeMap<String, Vec<Reaction>>> {
        if post_ids.len() > crate::users::MAX_BATCH_IDS {
            return Err(Error::invalid_body_param("post_ids"));
        }
        let ids: Vec<String> = post_ids
            .iter()
            .filter(|id| is_valid_id(id))
            .cloned()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        if ids.is_empty() {
            return Ok(BTreeMap::new());
        }
        let posts = self.store.get_posts_by_ids(&ids).await?;
        let mut readable_channels: HashMap<String, bool> = HashMap::new();
        let mut out: BTreeMap<String, Vec<Reaction>> = BTreeMap::new();
        for p in posts.into_iter().filter(|p| p.delete_at == 0) {
            let ok = match readable_channels.get(&p.channel_id) {
                Some(ok) => *ok,
                None => {
                    let ok = match self.store.get_channel(&p.channel_id).await.optional()? {
                        Some(ch) => self.require_channel_read(actor, &ch).await.is_ok(),
                        None => false,
                    };
                    readable_channels.insert(p.channel_id.clone(), ok);
                    ok
                }
            };
            if ok {
                out.insert(p.id, Vec::new());
            }
        }
        let readable: Vec<String> = out.keys().cloned().collect();
        for r in self.store.get_reactions_for_posts(&readable).await? {
            if let Some(list) = out.get_mut(&r.post_id) {
                list.push(r);
            }
        }
        Ok(out)
    }

    /// A reaction's emoji: a system emoji, or a live custom emoji while custom emoji are on.
    async fn require_emoji_exists(&self, name: &str) -> Result<()> {
        if is_system_emoji(name) {
            return Ok(());
        }
        if !self.settings().service_settings.enable_custom_emoji {
            // Mattermost's app layer answers 403 here (the emoji endpoints themselves say 501).
            return Err(Error::new(
                ErrorKind::Forbidden,
                "api.emoji.disabled.app_error",
                "Custom emoji have been disabled by the system admin.",
            ));
        }
        self.store
            .get_emoji_by_name(name)
            .await
            .optional()?
            .map(|_| ())
            .ok_or_else(crate::emoji::emoji_name_not_found)
    }
}
