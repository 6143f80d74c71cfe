//! Bots: user accounts for programs, each with an owner (Mattermost's `app/bot.go`).
//!
//! Who may see and manage a bot follows Mattermost: a bot's owner needs `read_bots` /
//! `manage_bots`, anyone else `read_others_bots` / `manage_others_bots`. Someone who may not even
//! read a bot is told it does not exist (404), so user ids do not leak which accounts are bots.

use stoa_model::bot::{BOT_DESCRIPTION_MAX_RUNES, Bot, BotPatch};
use stoa_model::role::SYSTEM_USER;
use stoa_model::user::{User, UserPatch, UserView, default_notify_props, default_timezone};
use stoa_model::validate::{self, rune_len};
use stoa_model::{new_id, now_ms};
use stoa_store::{BotListQuery, StoreError};

use crate::users::{user_conflict, validate_user};
use crate::{Actor, Core, Error, ErrorKind, Page, Result, password, perm};

/// 404 for a bot that does not exist or that the actor may not see: the same answer for both.
pub(crate) fn bot_not_found() -> Error {
    Error::new(
        ErrorKind::NotFound,
        "store.sql_bot.get.missing.app_error",
        "Bot does not exist.",
    )
}

/// Mattermost's `Bot.IsValidCreate` (its display-name error carries the `user_id` id, as there).
fn validate_bot(b: &Bot) -> Result<()> {
    if !validate::is_valid_username(&b.username) {
        return Err(Error::invalid("bot", "username", "Invalid username."));
    }
    if rune_len(&b.display_name) > validate::USER_NAME_PART_MAX_RUNES {
        return Err(Error::invalid("bot", "user_id", "Invalid user id."));
    }
    if rune_len(&b.description) > BOT_DESCRIPTION_MAX_RUNES {
        return Err(Error::invalid("bot", "description", "Invalid description."));
    }
    if b.owner_id.is_empty() || b.owner_id.len() > 190 {
        return Err(Error::invalid("bot", "creator_id", "Invalid creator id."));
    }
    Ok(())
}

/// A bot's email derives from its username, so any clash of its user is its username's (which
/// of the two the database reports first differs between backends).
fn bot_conflict(e: StoreError) -> Error {
    match e {
        StoreError::Conflict { .. } => Error::new(
            ErrorKind::BadRequest,
            "app.user.save.username_exists.app_error",
            "An account with that username already exists.",
        ),
        e => user_conflict(e),
    }
}

/// A bot's user account: its email is `<username>@localhost`, as Mattermost makes it.
fn bot_email(username: &str) -> String {
    format!("{username}@localhost")
}

impl Core {
    /// The bot, if `actor` may manage it (Mattermost's `SessionHasPermissionToManageBot`).
    pub(crate) async fn managed_bot(&self, actor: &Actor, bot_id: &str) -> Result<Bot> {
        let bot = self
            .store
            .get_bot(bot_id, true)
            .await
            .map_err(|e| match e {
                StoreError::NotFound => bot_not_found(),
                e => e.into(),
            })?;
        let (manage, read) = if actor.is(&bot.owner_id) {
            (perm::MANAGE_BOTS, perm::READ_BOTS)
        } else {
            (perm::MANAGE_OTHERS_BOTS, perm::READ_OTHERS_BOTS)
        };
        if actor.can(manage) {
            Ok(bot)
        } else if actor.can(read) {
            Err(Error::forbidden(manage.0))
        } else {
            Err(bot_not_found())
        }
    }

    /// Whether `actor` may act for `user_id`: themself, a bot they may manage, or anyone with
    /// `edit_other_users` (Mattermost's `SessionHasPermissionToUserOrBot`).
    pub(crate) async fn may_act_for(&self, actor: &Actor, user_id: &str) -> Result<bool> {
        if actor.session.local {
            return Ok(true);
        }
        match self.managed_bot(actor, user_id).await {
            Ok(_) => Ok(true),
            Err(e) if e.is_server_failure() => Err(e),
            Err(_) if self.store.get_bot(user_id, true).await.is_ok() => Ok(false),
            Err(_) => Ok(actor.is(user_id) || actor.can(perm::EDIT_OTHER_USERS)),
        }
    }

    async fn actor_is_bot(&self, actor: &Actor) -> Result<bool> {
        Ok(self
            .store
            .get_user(actor.user_id())
            .await
            .map(|u| u.is_bot)
            .unwrap_or(false))
    }

    /// `POST /bots`: a bot owned by the actor.
    pub async fn create_bot(&self, actor: &Actor, patch: BotPatch) -> Result<Bot> {
        if !actor.can(perm::CREATE_BOT) || self.actor_is_bot(actor).await? {
            return Err(Error::forbidden(perm::CREATE_BOT.0));
        }
        if !self.settings().service_settings.enable_bot_account_creation {
            return Err(Error::new(
                ErrorKind::Forbidden,
                "api.bot.create_disabled",
                "Bot creation has been disabled.",
            ));
        }
        let now = now_ms();
        let mut bot = Bot {
            user_id: new_id(),
            owner_id: actor.user_id().to_owned(),
            create_at: now,
            update_at: now,
            ..Default::default()
        };
        bot.patch(patch);
        validate_bot(&bot)?;
        let settings = self.settings();
        let user = User {
            id: bot.user_id.clone(),
            create_at: now,
            update_at: now,
            username: bot.username.clone(),
            email: bot_email(&bot.username),
            first_name: bot.display_name.clone(),
            roles: SYSTEM_USER.to_owned(),
            is_bot: true,
            bot_description: bot.description.clone(),
            locale: settings.localization_settings.default_client_locale.clone(),
            timezone: default_timezone(),
            notify_props: default_notify_props(),
            ..Default::default()
        };
        validate_user(&user)?;
        let tx = self.store.begin().await?;
        tx.insert_bot(&user, &bot).await.map_err(bot_conflict)?;
        tx.commit().await?;
        Ok(bot)
    }

    /// `PUT /bots/{id}`: username, display name and description; the bot's user follows.
    pub async fn patch_bot(&self, actor: &Actor, bot_id: &str, patch: BotPatch) -> Result<Bot> {
        let mut bot = self.managed_bot(actor, bot_id).await?;
        if !bot.patch(patch) {
            return Ok(bot);
        }
        validate_bot(&bot)?;
        let mut user = self.store.get_user(bot_id).await?;
        user.username = bot.username.clone();
        user.email = bot_email(&bot.username);
        user.first_name = bot.display_name.clone();
        user.bot_description = bot.description.clone();
        user.update_at = now_ms();
        bot.update_at = user.update_at;
        validate_user(&user)?;
        let tx = self.store.begin().await?;
        tx.update_user(&user).await.map_err(bot_conflict)?;
        tx.update_bot(&bot).await?;
        tx.commit().await?;
        self.publish_user_updated(&user);
        Ok(bot)
    }

    /// `GET /bots/{id}`: bots the actor may not read are "not found".
    pub async fn get_bot(&self, actor: &Actor, bot_id: &str, include_deleted: bool) -> Result<Bot> {
        let bot = self
            .store
            .get_bot(bot_id, include_deleted)
            .await
            .map_err(|e| match e {
                StoreError::NotFound => bot_not_found(),
                e => e.into(),
            })?;
        let readable = actor.can(perm::READ_OTHERS_BOTS)
            || (actor.is(&bot.owner_id) && actor.can(perm::READ_BOTS));
        if readable {
            Ok(bot)
        } else {
            Err(bot_not_found())
        }
    }

    /// `GET /bots`: every bot with `read_others_bots`, the actor's own with `read_bots`.
    pub async fn list_bots(
        &self,
        actor: &Actor,
        include_deleted: bool,
        only_orphaned: bool,
        page: Page,
    ) -> Result<Vec<Bot>> {
        let owner_id = if actor.can(perm::READ_OTHERS_BOTS) {
            None
        } else if actor.can(perm::READ_BOTS) {
            Some(actor.user_id().to_owned())
        } else {
            return Err(Error::forbidden(perm::READ_BOTS.0));
        };
        Ok(self
            .store
            .list_bots(&BotListQuery {
                owner_id,
                include_deleted,
                only_orphaned,
                offset: page.offset(),
                limit: page.limit(),
            })
            .await?)
    }

    /// `POST /bots/{id}/disable` and `/enable`: the bot's user is deactivated (its sessions and so
    /// its tokens' sessions end) or reactivated with it.
    pub async fn set_bot_active(&self, actor: &Actor, bot_id: &str, active: bool) -> Result<Bot> {
        let mut bot = self.managed_bot(actor, bot_id).await?;
        let user = self.store.get_user(bot_id).await?;
        if (user.delete_at == 0) != active {
            self.set_active_unchecked(user, active).await?;
        }
        if (bot.delete_at == 0) != active {
            let now = now_ms();
            bot.delete_at = if active { 0 } else { now };
            bot.update_at = now;
            self.store.update_bot(&bot).await?;
        }
        Ok(bot)
    }

    /// `POST /bots/{id}/assign/{user_id}`: a new owner, who must not be a bot.
    pub async fn assign_bot(&self, actor: &Actor, bot_id: &str, owner_id: &str) -> Result<Bot> {
        let mut bot = self.managed_bot(actor, bot_id).await?;
        let owner = self.store.get_user(owner_id).await.map_err(|e| match e {
            StoreError::NotFound => Error::not_found("user"),
            e => e.into(),
        })?;
        if owner.is_bot {
            return Err(Error::forbidden(perm::ASSIGN_BOT.0));
        }
        bot.owner_id = owner.id;
        bot.update_at = now_ms();
        self.store.update_bot(&bot).await?;
        Ok(bot)
    }

    /// `POST /users/{id}/convert_to_bot` (system admins): the user becomes a bot it owns itself.
    pub async fn convert_user_to_bot(&self, actor: &Actor, user_id: &str) -> Result<Bot> {
        let user = self.store.get_user(user_id).await.map_err(|e| match e {
            StoreError::NotFound => Error::not_found("user"),
            e => e.into(),
        })?;
        if !actor.can(perm::MANAGE_SYSTEM) {
            return Err(Error::forbidden(perm::MANAGE_SYSTEM.0));
        }
        if user.is_bot {
            return Err(Error::new(
                ErrorKind::BadRequest,
                "app.bot.createbot.internal_error",
                "The user is already a bot.",
            ));
        }
        let now = now_ms();
        let bot = Bot {
            user_id: user.id.clone(),
            username: user.username.clone(),
            display_name: user.first_name.clone(),
            owner_id: user.id.clone(),
            create_at: now,
            update_at: now,
            ..Default::default()
        };
        let tx = self.store.begin().await?;
        tx.insert_bot_for_user(&bot).await?;
        tx.commit().await?;
        let user = self.store.get_user(user_id).await?;
        self.publish_user_updated(&user);
        Ok(bot)
    }

    /// `POST /bots/{id}/convert_to_user` (system admins): the bot becomes an ordinary user with
    /// the password (and optional profile fields) given; `set_system_admin` makes it an admin.
    pub async fn convert_bot_to_user(
        &self,
        actor: &Actor,
        bot_id: &str,
        patch: UserPatch,
        set_system_admin: bool,
    ) -> Result<User> {
        let bot = self
            .store
            .get_bot(bot_id, false)
            .await
            .map_err(|e| match e {
                StoreError::NotFound => bot_not_found(),
                e => e.into(),
            })?;
        let Some(new_password) = patch.password.clone().filter(|p| !p.is_empty()) else {
            return Err(Error::invalid_param("userPatch"));
        };
        if !actor.can(perm::MANAGE_SYSTEM) {
            return Err(Error::forbidden(perm::MANAGE_SYSTEM.0));
        }
        password::check_rules(&new_password, &self.settings().password_settings)?;
        let mut user = self.store.get_user(&bot.user_id).await?;
        crate::users::apply_patch(
            &mut user,
            UserPatch {
                password: None,
                ..patch
            },
        );
        if set_system_admin && !user.is_system_admin() {
            user.roles = format!("{} {}", user.roles, stoa_model::role::SYSTEM_ADMIN);
        }
        user.username = user.username.trim().to_lowercase();
        user.email = user.email.trim().to_lowercase();
        user.is_bot = false;
        user.bot_description.clear();
        user.update_at = now_ms();
        validate_user(&user)?;
        let hash = self.passwords.hash(new_password).await?;
        let tx = self.store.begin().await?;
        tx.update_user(&user).await.map_err(user_conflict)?;
        tx.delete_bot(&user.id).await?;
        tx.update_password(&user.id, &hash, user.update_at).await?;
        tx.commit().await?;
        self.store
            .update_sessions_roles(&user.id, &user.roles)
            .await?;
        self.forget_cached_sessions(&user.id);
        self.publish_user_updated(&user);
        Ok(user.sanitized(UserView::Admin))
    }
}
