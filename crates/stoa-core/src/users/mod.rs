//! Users: sign-up, profiles, roles, activation, listing and search; `tokens`: personal access
//! tokens.

pub mod tokens;

use stoa_model::role::{SYSTEM_ADMIN, SYSTEM_USER};
use stoa_model::user::{
    User, UserAutocomplete, UserPatch, UserView, UsersStats, default_notify_props, default_timezone,
};
use stoa_model::validate::{self, rune_len};
use stoa_model::{new_id, now_ms};
pub use stoa_store::UserSort;
use stoa_store::{OptionalExt, StoreError, UserListQuery};

use crate::events::{Event, MembershipChange};
use crate::{Actor, Core, Error, ErrorKind, Page, Result, StoreResultExt, password, perm};

/// How a sign-up is authorised when the server is not open.
#[derive(Debug, Clone, Default)]
pub struct SignupInvite {
    /// A team's `invite_id` (`?iid=` on `POST /users`): joins that team too.
    pub invite_id: Option<String>,
}

/// Filters of `GET /users`.
#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    pub in_team: Option<String>,
    pub not_in_team: Option<String>,
    pub in_channel: Option<String>,
    pub not_in_channel: Option<String>,
    pub without_team: bool,
    pub active: Option<bool>,
    pub role: Option<String>,
    pub sort: UserSort,
}

/// Body of `POST /users/search`.
#[derive(Debug, Clone, Default)]
pub struct UserSearch {
    pub term: String,
    pub team_id: Option<String>,
    pub not_in_team_id: Option<String>,
    pub in_channel_id: Option<String>,
    pub not_in_channel_id: Option<String>,
    pub allow_inactive: bool,
    pub without_team: bool,
    pub limit: i64,
}

/// Most users a search returns (Mattermost's `UserSearchMaxLimit`).
const SEARCH_MAX: i64 = 1000;
const SEARCH_DEFAULT: i64 = 100;
/// Most ids accepted by the batch lookups.
pub const MAX_BATCH_IDS: usize = 1000;

impl Core {
    /// The view `actor` gets of `user`.
    pub(crate) fn view_of(&self, actor: &Actor, user: &User) -> UserView {
        if actor.is(&user.id) {
            UserView::Own
        } else if actor.can(perm::EDIT_OTHER_USERS) || actor.can(perm::SYSCONSOLE_READ_USERS) {
            UserView::Admin
        } else {
            let privacy = &self.settings().privacy_settings;
            UserView::Other {
                show_email: privacy.show_email_address,
                show_full_name: privacy.show_full_name,
            }
        }
    }

    pub(crate) fn sanitize_for(&self, actor: &Actor, user: User) -> User {
        let view = self.view_of(actor, &user);
        user.sanitized(view)
    }

    fn sanitize_all(&self, actor: &Actor, users: Vec<User>) -> Vec<User> {
        users
            .into_iter()
            .map(|u| self.sanitize_for(actor, u))
            .collect()
    }

    /// `POST /users`. The first account on a server becomes its system admin. Later sign-ups
    /// need user creation enabled and either an open server, a team invite, or an admin actor.
    pub async fn create_user(
        &self,
        actor: Option<&Actor>,
        mut user: User,
        invite: SignupInvite,
    ) -> Result<User> {
        let settings = self.settings();
        let is_admin = actor.is_some_and(|a| a.can(perm::SYSCONSOLE_WRITE_USERS));
        let invite_team = match invite.invite_id.as_deref().filter(|i| !i.is_empty()) {
            Some(iid) => Some(
                self.store
                    .get_team_by_invite_id(iid)
                    .await
                    .optional()?
                    .filter(|t| t.delete_at == 0)
                    .ok_or_else(|| {
                        Error::new(
                            ErrorKind::BadRequest,
                            "api.user.create_user.signup_link_invalid.app_error",
                            "The signup link does not appear to be valid.",
                        )
                    })?,
            ),
            None => None,
        };
        // Serialise sign-ups so exactly one can be the first.
        let _first = self.first_user.lock().await;
        let is_first = self.store.count_users(true, true).await? == 0;
        if !is_first && !is_admin {
            if !settings.team_settings.enable_user_creation
                || !settings.email_settings.enable_sign_up_with_email
            {
                return Err(Error::new(
                    ErrorKind::NotImplemented,
                    "api.user.create_user.signup_email_disabled.app_error",
                    "User sign-up with email is disabled.",
                ));
            }
            if invite_team.is_none() && !settings.team_settings.enable_open_server {
                return Err(Error::new(
                    ErrorKind::Forbidden,
                    "api.user.create_user.no_open_server",
                    "This server does not allow open signups.  Please speak with your Administrator to receive an invitation.",
                ));
            }
            check_allowed_domain(
                &user.email,
                &settings.team_settings.restrict_creation_to_domains,
            )?;
        }

        let now = now_ms();
        user.id = new_id();
        user.create_at = now;
        user.update_at = now;
        user.delete_at = 0;
        user.username = user.username.trim().to_lowercase();
        user.email = user.email.trim().to_lowercase();
        user.auth_service.clear();
        user.auth_data = None;
        user.roles = if is_first {
            format!("{SYSTEM_USER} {SYSTEM_ADMIN}")
        } else {
            SYSTEM_USER.to_owned()
        };
        user.email_verified =
            is_admin || is_first || !settings.email_settings.require_email_verification;
        user.failed_attempts = 0;
        user.last_password_update = now;
        user.last_picture_update = 0;
        user.last_activity_at = 0;
        user.mfa_active = false;
        user.is_bot = false;
        if user.locale.is_empty() {
            user.locale = settings.localization_settings.default_client_locale.clone();
        }
        if user.timezone.is_empty() {
            user.timezone = default_timezone();
        }
        let mut notify = default_notify_props();
        notify.extend(std::mem::take(&mut user.notify_props));
        user.notify_props = notify;
        validate_user(&user)?;
        password::check_rules(&user.password, &settings.password_settings)?;
        let hash = self
            .passwords
            .hash(std::mem::take(&mut user.password))
            .await?;

        let tx = self.store.begin().await?;
        tx.insert_user(&user, &hash).await.map_err(user_conflict)?;
        tx.commit().await?;
        drop(_first);

        if let Some(team) = invite_team {
            self.join_team_unchecked(&team, &user.id, false, None)
                .await?;
        }
        self.publish(Event::new("new_user").with("user_id", user.id.clone()));
        Ok(user.sanitized(UserView::Own))
    }

    /// `GET /users/{id}`.
    pub async fn get_user(&self, actor: &Actor, id: &str) -> Result<User> {
        let user = self.store.get_user(id).await.or_not_found("user")?;
        Ok(self.sanitize_for(actor, user))
    }

    /// `GET /users/username/{username}`.
    pub async fn get_user_by_username(&self, actor: &Actor, username: &str) -> Result<User> {
        let user = self
            .store
            .get_user_by_username(&username.to_lowercase())
            .await
            .or_not_found("user")?;
        Ok(self.sanitize_for(actor, user))
    }

    /// `GET /users/email/{email}`: only where emails are visible to the actor.
    pub async fn get_user_by_email(&self, actor: &Actor, email: &str) -> Result<User> {
        if !self.settings().privacy_settings.show_email_address
            && !actor.can(perm::SYSCONSOLE_READ_USERS)
        {
            return Err(Error::forbidden(perm::SYSCONSOLE_READ_USERS.0));
        }
        let user = self
            .store
            .get_user_by_email(email)
            .await
            .or_not_found("user")?;
        Ok(self.sanitize_for(actor, user))
    }

    /// `POST /users/ids` (optionally only those updated after `since`).
    pub async fn get_users_by_ids(
        &self,
        actor: &Actor,
        ids: &[String],
        since: Option<i64>,
    ) -> Result<Vec<User>> {
        check_batch(ids, "user_ids")?;
        let users = match since {
            Some(since) => self.store.get_users_updated_since(ids, since).await?,
            None => self.store.get_users_by_ids(ids).await?,
        };
        Ok(self.sanitize_all(actor, users))
    }

    /// `POST /users/usernames`.
    pub async fn get_users_by_usernames(
        &self,
        actor: &Actor,
        usernames: &[String],
    ) -> Result<Vec<User>> {
        check_batch(usernames, "usernames")?;
        let lower: Vec<String> = usernames.iter().map(|u| u.to_lowercase()).collect();
        let users = self.store.get_users_by_usernames(&lower).await?;
        Ok(self.sanitize_all(actor, users))
    }

    /// Checks the actor may see the users of a team/channel filter.
    async fn check_user_filter(&self, actor: &Actor, f: &UserFilter) -> Result<()> {
        if f.without_team && !actor.can(perm::SYSCONSOLE_READ_USERS) {
            return Err(Error::forbidden(perm::SYSCONSOLE_READ_USERS.0));
        }
        for team in [&f.in_team, &f.not_in_team].into_iter().flatten() {
            self.require_team(actor, team, perm::VIEW_TEAM).await?;
        }
        for channel in [&f.in_channel, &f.not_in_channel].into_iter().flatten() {
            let channel = self
                .store
                .get_channel(channel)
                .await
                .or_not_found("channel")?;
            self.require_channel_read(actor, &channel).await?;
        }
        if f.in_team.is_none() && f.in_channel.is_none() && !actor.can(perm::VIEW_MEMBERS) {
            return Err(Error::forbidden(perm::VIEW_MEMBERS.0));
        }
        Ok(())
    }

    /// `GET /users` with its filters.
    pub async fn list_users(&self, actor: &Actor, f: UserFilter, page: Page) -> Result<Vec<User>> {
        self.check_user_filter(actor, &f).await?;
        let q = UserListQuery {
            in_team: f.in_team,
            not_in_team: f.not_in_team,
            in_channel: f.in_channel,
            not_in_channel: f.not_in_channel,
            without_team: f.without_team,
            active: f.active,
            role: f.role,
            include_bots: true,
            sort: f.sort,
            offset: page.offset(),
            limit: page.limit(),
            ..Default::default()
        };
        let users = self.store.list_users(&q).await?;
        Ok(self.sanitize_all(actor, users))
    }

    /// `POST /users/search`.
    pub async fn search_users(&self, actor: &Actor, s: UserSearch) -> Result<Vec<User>> {
        if s.term.trim().is_empty() {
            return Err(Error::invalid_param("term"));
        }
        let f = UserFilter {
            in_team: s.team_id.filter(|t| !t.is_empty()),
            not_in_team: s.not_in_team_id.filter(|t| !t.is_empty()),
            in_channel: s.in_channel_id.filter(|t| !t.is_empty()),
            not_in_channel: s.not_in_channel_id.filter(|t| !t.is_empty()),
            without_team: s.without_team,
            active: (!s.allow_inactive).then_some(true),
            ..Default::default()
        };
        self.check_user_filter(actor, &f).await?;
        let limit = if s.limit <= 0 {
            SEARCH_DEFAULT
        } else {
            s.limit.min(SEARCH_MAX)
        };
        let users = self.search(actor, &f, &s.term, limit).await?;
        Ok(self.sanitize_all(actor, users))
    }

    async fn search(
        &self,
        actor: &Actor,
        f: &UserFilter,
        term: &str,
        limit: i64,
    ) -> Result<Vec<User>> {
        let q = UserListQuery {
            in_team: f.in_team.clone(),
            not_in_team: f.not_in_team.clone(),
            in_channel: f.in_channel.clone(),
            not_in_channel: f.not_in_channel.clone(),
            without_team: f.without_team,
            active: f.active,
            include_bots: true,
            term: Some(term.to_owned()),
            search_email: self.settings().privacy_settings.show_email_address
                || actor.can(perm::SYSCONSOLE_READ_USERS),
            limit,
            ..Default::default()
        };
        let mut users = self.store.list_users(&q).await?;
        rank_matches(&mut users, term);
        Ok(users)
    }

    /// `GET /users/autocomplete`: users of a team (or channel, with those outside it apart).
    pub async fn autocomplete_users(
        &self,
        actor: &Actor,
        name: &str,
        team_id: Option<String>,
        channel_id: Option<String>,
        limit: i64,
    ) -> Result<UserAutocomplete> {
        let limit = if limit <= 0 {
            SEARCH_DEFAULT
        } else {
            limit.min(SEARCH_MAX)
        };
        let term = if name.is_empty() { "" } else { name };
        let run = |f: UserFilter| async move {
            self.check_user_filter(actor, &f).await?;
            if term.is_empty() {
                let q = UserListQuery {
                    in_team: f.in_team.clone(),
                    in_channel: f.in_channel.clone(),
                    not_in_channel: f.not_in_channel.clone(),
                    active: Some(true),
                    include_bots: true,
                    limit,
                    ..Default::default()
                };
                Ok::<_, Error>(self.store.list_users(&q).await?)
            } else {
                self.search(actor, &f, term, limit).await
            }
        };
        match channel_id.filter(|c| !c.is_empty()) {
            Some(channel) => {
                let users = run(UserFilter {
                    in_channel: Some(channel.clone()),
                    active: Some(true),
                    ..Default::default()
                })
                .await?;
                let out = run(UserFilter {
                    in_team: team_id.filter(|t| !t.is_empty()),
                    not_in_channel: Some(channel),
                    active: Some(true),
                    ..Default::default()
                })
                .await?;
                Ok(UserAutocomplete {
                    users: self.sanitize_all(actor, users),
                    out_of_channel: Some(self.sanitize_all(actor, out)),
                })
            }
            None => {
                let users = run(UserFilter {
                    in_team: team_id.filter(|t| !t.is_empty()),
                    active: Some(true),
                    ..Default::default()
                })
                .await?;
                Ok(UserAutocomplete {
                    users: self.sanitize_all(actor, users),
                    out_of_channel: None,
                })
            }
        }
    }

    /// `GET /users/stats`.
    pub async fn user_stats(&self, actor: &Actor) -> Result<UsersStats> {
        if !actor.can(perm::VIEW_MEMBERS) {
            return Err(Error::forbidden(perm::VIEW_MEMBERS.0));
        }
        Ok(UsersStats {
            total_users_count: self.store.count_users(false, true).await?,
        })
    }

    fn require_edit_user(&self, actor: &Actor, user_id: &str) -> Result<()> {
        if actor.is(user_id) || actor.can(perm::EDIT_OTHER_USERS) {
            Ok(())
        } else {
            Err(Error::forbidden(perm::EDIT_OTHER_USERS.0))
        }
    }

    /// `PUT /users/{id}/patch`.
    pub async fn patch_user(&self, actor: &Actor, id: &str, patch: UserPatch) -> Result<User> {
        self.require_edit_user(actor, id)?;
        let mut user = self.store.get_user(id).await.or_not_found("user")?;
        if patch.password.is_some() {
            return Err(Error::invalid_body_param("password"));
        }
        apply_patch(&mut user, patch);
        self.save_user(actor, user).await
    }

    /// `PUT /users/{id}`: the body is the whole user; only profile fields are taken from it.
    pub async fn update_user(&self, actor: &Actor, id: &str, body: User) -> Result<User> {
        if body.id != id {
            return Err(Error::invalid_param("user_id"));
        }
        self.require_edit_user(actor, id)?;
        let mut user = self.store.get_user(id).await.or_not_found("user")?;
        apply_patch(
            &mut user,
            UserPatch {
                username: Some(body.username),
                nickname: Some(body.nickname),
                first_name: Some(body.first_name),
                last_name: Some(body.last_name),
                position: Some(body.position),
                email: Some(body.email),
                props: Some(body.props),
                notify_props: (!body.notify_props.is_empty()).then_some(body.notify_props),
                locale: Some(body.locale).filter(|l| !l.is_empty()),
                timezone: (!body.timezone.is_empty()).then_some(body.timezone),
                ..Default::default()
            },
        );
        self.save_user(actor, user).await
    }

    async fn save_user(&self, actor: &Actor, mut user: User) -> Result<User> {
        user.username = user.username.trim().to_lowercase();
        user.email = user.email.trim().to_lowercase();
        user.update_at = now_ms();
        validate_user(&user)?;
        self.store.update_user(&user).await.map_err(user_conflict)?;
        self.publish_user_updated(&user);
        Ok(self.sanitize_for(actor, user))
    }

    /// `user_updated` in three views, as Mattermost's `sendUpdatedUserEvent`: the user's own (to
    /// them), the admin view (to system admins) and the public one (to everyone else), so no
    /// email the privacy settings hide, and no notify props, travel to other users.
    pub(crate) fn publish_user_updated(&self, user: &User) {
        let privacy = &self.settings().privacy_settings;
        let public = user.clone().sanitized(UserView::Other {
            show_email: privacy.show_email_address,
            show_full_name: privacy.show_full_name,
        });
        let admin = user.clone().sanitized(UserView::Admin);
        let own = user.clone().sanitized(UserView::Own);
        self.mention_cache.forget_all();
        self.publish(
            Event::new("user_updated")
                .with("user", to_json(&public))
                .omitting(&user.id)
                .sanitized(),
        );
        self.publish(
            Event::new("user_updated")
                .with("user", to_json(&admin))
                .omitting(&user.id)
                .sensitive(),
        );
        self.publish(
            Event::new("user_updated")
                .with("user", to_json(&own))
                .to_user(&user.id),
        );
    }

    /// `PUT /users/{id}/password`: users give their current password; admins resetting someone
    /// else's do not. Every other session of the user ends.
    pub async fn update_password(
        &self,
        actor: &Actor,
        id: &str,
        current: &str,
        new: &str,
    ) -> Result<()> {
        let is_self = actor.is(id);
        if !is_self && !actor.can(perm::SYSCONSOLE_WRITE_USERS) {
            return Err(Error::forbidden(perm::SYSCONSOLE_WRITE_USERS.0));
        }
        let user = self.store.get_user(id).await.or_not_found("user")?;
        if is_self {
            if current.is_empty() {
                return Err(Error::invalid_body_param("current_password"));
            }
            let hash = self.store.get_password_hash(id).await?;
            if !self.passwords.verify(current.to_owned(), hash).await {
                return Err(Error::new(
                    ErrorKind::BadRequest,
                    "api.user.check_user_password.invalid.app_error",
                    "Login failed because of invalid password",
                ));
            }
        }
        password::check_rules(new, &self.settings().password_settings)?;
        let hash = self.passwords.hash(new.to_owned()).await?;
        self.store
            .update_password(&user.id, &hash, now_ms())
            .await?;
        // Keep the session that made the change; end the others.
        let sessions = self.store.get_sessions_for_user(id).await?;
        let mut ended = Vec::new();
        for s in sessions.iter().filter(|s| s.id != actor.session.id) {
            self.store.delete_session(&s.id).await?;
            ended.push(s.id.clone());
        }
        self.forget_cached_sessions(id);
        if !ended.is_empty() {
            self.publish_sessions_ended(id, ended);
        }
        Ok(())
    }

    /// `PUT /users/{id}/roles` (system admins): `system_user` plus optional `system_admin` etc.
    pub async fn update_user_roles(&self, actor: &Actor, id: &str, roles: &str) -> Result<()> {
        if !actor.can(perm::MANAGE_ROLES) {
            return Err(Error::forbidden(perm::MANAGE_ROLES.0));
        }
        let roles: Vec<&str> = roles.split_whitespace().collect();
        if roles.is_empty()
            || roles
                .iter()
                .any(|r| !perm::BUILT_IN_ROLES.contains(r) || !r.starts_with("system_"))
        {
            return Err(Error::new(
                ErrorKind::BadRequest,
                "api.user.update_user_roles.invalid_roles",
                "Invalid roles.",
            )
            .with_detail(roles.join(" ")));
        }
        let mut user = self.store.get_user(id).await.or_not_found("user")?;
        user.roles = roles.join(" ");
        user.update_at = now_ms();
        self.store.update_user(&user).await?;
        self.store.update_sessions_roles(id, &user.roles).await?;
        self.forget_cached_sessions(id);
        self.publish(
            Event::new("user_role_updated")
                .with("user_id", id)
                .with("roles", user.roles.clone())
                .to_user(id)
                .with_membership(MembershipChange::SystemAdminChanged {
                    user_id: id.to_owned(),
                    system_admin: perm::roles_grant(&user.roles, perm::MANAGE_SYSTEM),
                }),
        );
        self.publish_user_updated(&user);
        Ok(())
    }

    /// `PUT /users/{id}/active` and `DELETE /users/{id}`: deactivating ends every session.
    pub async fn set_user_active(&self, actor: &Actor, id: &str, active: bool) -> Result<()> {
        let settings = self.settings();
        let self_deactivation =
            actor.is(id) && !active && settings.team_settings.enable_user_deactivation;
        if !self_deactivation && !actor.can(perm::SYSCONSOLE_WRITE_USERS) {
            return Err(Error::forbidden(perm::SYSCONSOLE_WRITE_USERS.0));
        }
        let user = self.store.get_user(id).await.or_not_found("user")?;
        let owner_leaves = !active && user.delete_at == 0 && !user.is_bot;
        self.set_active_unchecked(user, active).await?;
        if owner_leaves {
            self.disable_owned_bots(id).await?;
        }
        Ok(())
    }

    /// Activates or deactivates a user; deactivating ends every session (and so every session a
    /// personal access token opened, and the token's use: see `tokens`).
    pub(crate) async fn set_active_unchecked(&self, mut user: User, active: bool) -> Result<()> {
        let now = now_ms();
        user.delete_at = if active { 0 } else { now };
        user.update_at = now;
        self.store.update_user(&user).await?;
        if !active {
            self.revoke_all_sessions(&user.id).await?;
        }
        self.publish_user_updated(&user);
        Ok(())
    }

    /// A deactivated owner's bots are disabled with them (Mattermost's default
    /// `DisableBotsWhenOwnerIsDeactivated`).
    async fn disable_owned_bots(&self, owner_id: &str) -> Result<()> {
        let bots = self
            .store
            .list_bots(&stoa_store::BotListQuery {
                owner_id: Some(owner_id.to_owned()),
                limit: 1000,
                ..Default::default()
            })
            .await?;
        for bot in bots {
            self.set_bot_active(&Actor::system(), &bot.user_id, false)
                .await?;
        }
        Ok(())
    }
}

fn to_json(v: &impl serde::Serialize) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or_default()
}

/// Mattermost lists exact and prefix matches of the username first, then names and nickname.
fn rank_matches(users: &mut [User], term: &str) {
    let t = term.trim().trim_start_matches('@').to_lowercase();
    let rank = |u: &User| -> u8 {
        if u.username == t {
            0
        } else if u.username.starts_with(&t) {
            1
        } else if u.first_name.to_lowercase().starts_with(&t)
            || u.last_name.to_lowercase().starts_with(&t)
        {
            2
        } else if u.nickname.to_lowercase().starts_with(&t) {
            3
        } else {
            4
        }
    };
    users.sort_by(|a, b| {
        rank(a)
            .cmp(&rank(b))
            .then_with(|| a.username.cmp(&b.username))
    });
}

pub(crate) fn apply_patch(user: &mut User, p: UserPatch) {
    if let Some(v) = p.username {
        user.username = v;
    }
    if let Some(v) = p.nickname {
        user.nickname = v;
    }
    if let Some(v) = p.first_name {
        user.first_name = v;
    }
    if let Some(v) = p.last_name {
        user.last_name = v;
    }
    if let Some(v) = p.position {
        user.position = v;
    }
    if let Some(v) = p.email {
        user.email = v;
    }
    if let Some(v) = p.props {
        user.props = v;
    }
    if let Some(v) = p.notify_props {
        user.notify_props = v;
    }
    if let Some(v) = p.locale {
        user.locale = v;
    }
    if let Some(v) = p.timezone {
        user.timezone = v;
    }
    if let Some(v) = p.disable_welcome_email {
        user.disable_welcome_email = v;
    }
}

/// Mattermost's `User.IsValid`, with its error ids.
pub(crate) fn validate_user(u: &User) -> Result<()> {
    if !validate::is_valid_username(&u.username) {
        return Err(Error::invalid(
            "user",
            "username",
            "Username must begin with a letter, and contain between 1 to 64 lowercase characters made up of numbers, letters, and the symbols '.', '-', and '_'.",
        ));
    }
    if !validate::is_valid_email(&u.email) {
        return Err(Error::invalid("user", "email", "Invalid email."));
    }
    if rune_len(&u.nickname) > validate::USER_NAME_PART_MAX_RUNES {
        return Err(Error::invalid("user", "nickname", "Invalid nickname."));
    }
    if rune_len(&u.first_name) > validate::USER_NAME_PART_MAX_RUNES {
        return Err(Error::invalid("user", "first_name", "Invalid first name."));
    }
    if rune_len(&u.last_name) > validate::USER_NAME_PART_MAX_RUNES {
        return Err(Error::invalid("user", "last_name", "Invalid last name."));
    }
    if rune_len(&u.position) > validate::USER_POSITION_MAX_RUNES {
        return Err(Error::invalid(
            "user",
            "position",
            "Invalid position: must not be longer than 128 characters.",
        ));
    }
    if u.locale.len() > validate::USER_LOCALE_MAX_LEN {
        return Err(Error::invalid("user", "locale", "Invalid locale."));
    }
    let props_len: usize = u
        .props
        .iter()
        .chain(u.notify_props.iter())
        .chain(u.timezone.iter())
        .map(|(k, v)| k.len() + v.len())
        .sum();
    if props_len > 64 * 1024 {
        return Err(Error::invalid("user", "props", "Too much data in props."));
    }
    Ok(())
}

fn check_allowed_domain(email: &str, domains: &str) -> Result<()> {
    let domains: Vec<&str> = domains
        .split([',', ' '])
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .collect();
    if domains.is_empty() {
        return Ok(());
    }
    let domain = email
        .rsplit_once('@')
        .map(|(_, d)| d.to_lowercase())
        .unwrap_or_default();
    if domains
        .iter()
        .any(|d| d.trim_start_matches('@').eq_ignore_ascii_case(&domain))
    {
        Ok(())
    } else {
        Err(Error::new(
            ErrorKind::BadRequest,
            "api.user.create_user.accepted_domain.app_error",
            "The email you provided does not belong to an accepted domain. Please contact your administrator or sign up with a different email.",
        ))
    }
}

pub(crate) fn check_batch(ids: &[String], name: &str) -> Result<()> {
    if ids.is_empty() || ids.len() > MAX_BATCH_IDS {
        return Err(Error::invalid_body_param(name));
    }
    Ok(())
}

/// Unique violations on users become Mattermost's "exists" errors (400, as Mattermost sends).
pub(crate) fn user_conflict(e: StoreError) -> Error {
    match &e {
        StoreError::Conflict { constraint } if constraint.contains("username") => Error::new(
            ErrorKind::BadRequest,
            "app.user.save.username_exists.app_error",
            "An account with that username already exists.",
        ),
        StoreError::Conflict { constraint } if constraint.contains("email") => Error::new(
            ErrorKind::BadRequest,
            "app.user.save.email_exists.app_error",
            "An account with that email already exists.",
        ),
        _ => e.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranking_puts_exact_then_prefix_username_first() {
        let mk = |username: &str, first: &str| User {
            username: username.into(),
            first_name: first.into(),
            ..Default::default()
        };
        let mut users = vec![
            mk("zed", "Al"),
            mk("alfred", ""),
            mk("al", ""),
            mk("bob", ""),
        ];
        rank_matches(&mut users, "al");
        let names: Vec<&str> = users.iter().map(|u| u.username.as_str()).collect();
        assert_eq!(names, ["al", "alfred", "zed", "bob"]);
    }

    #[test]
    fn allowed_domains() {
        assert!(check_allowed_domain("a@x.org", "").is_ok());
        assert!(check_allowed_domain("a@x.org", "y.org, x.org").is_ok());
        assert!(check_allowed_domain("a@z.org", "y.org, x.org").is_err());
    }
}
