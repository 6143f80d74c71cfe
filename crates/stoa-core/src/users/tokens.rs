//! Personal access tokens (Mattermost's `UserAccessToken`s): a secret a user (or a bot's
//! manager) makes once and presents like a session token.
//!
//! The secret is shown once, in the answer to its creation. Stoa keeps only its SHA-256; a
//! presented token that matches no session is hashed and looked up among the tokens, and a
//! session is opened for it (props `type: UserAccessToken`, `user_access_token_id`), whose row
//! also stores the hash. Later requests find that session through the session cache as any
//! other. Disabling or revoking the token ends the session (and so closes its sockets);
//! deactivating the user ends every session, and a token of an inactive user opens none.

use sha2::{Digest, Sha256};
use stoa_model::session::Session;
use stoa_model::token::{TOKEN_DESCRIPTION_MAX_RUNES, UserAccessToken};
use stoa_model::validate::rune_len;
use stoa_model::{new_id, now_ms};
use stoa_store::StoreError;

use crate::{Actor, Core, Error, ErrorKind, Page, Result, StoreResultExt, perm};

/// `Session.props["type"]` of a session opened by a token.
pub const SESSION_TYPE: &str = "UserAccessToken";
/// Mattermost gives a token's session a hundred years (`SessionUserAccessTokenExpiryHours`).
const SESSION_HOURS: i64 = 100 * 365 * 24;
/// Most tokens one search returns.
const SEARCH_MAX: i64 = 1000;

/// What the store keeps of a token: SHA-256, hex.
pub(crate) fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether a token opened this session.
pub(crate) fn is_token_session(s: &Session) -> bool {
    s.props.get("type").is_some_and(|t| t == SESSION_TYPE)
}

fn token_not_found() -> Error {
    Error::new(
        ErrorKind::NotFound,
        "app.user_access_token.get_by_user.app_error",
        "Unable to get user access tokens by user.",
    )
}

impl Core {
    /// Whether personal access tokens of this (non-bot) user may be made and used. Bots' tokens
    /// work whatever `EnableUserAccessTokens` says, as in Mattermost.
    fn tokens_allowed(&self, is_bot: bool) -> bool {
        is_bot || self.settings().service_settings.enable_user_access_tokens
    }

    async fn require_act_for(&self, actor: &Actor, user_id: &str) -> Result<()> {
        if self.may_act_for(actor, user_id).await? {
            Ok(())
        } else {
            Err(Error::forbidden(perm::EDIT_OTHER_USERS.0))
        }
    }

    /// `POST /users/{id}/tokens`: the only answer that carries the secret.
    pub async fn create_user_access_token(
        &self,
        actor: &Actor,
        user_id: &str,
        description: &str,
    ) -> Result<UserAccessToken> {
        if actor.session.is_oauth || !actor.can(perm::CREATE_USER_ACCESS_TOKEN) {
            return Err(Error::forbidden(perm::CREATE_USER_ACCESS_TOKEN.0));
        }
        if description.is_empty() {
            return Err(Error::invalid_param("description"));
        }
        self.require_act_for(actor, user_id).await?;
        let user = self.store.get_user(user_id).await.or_not_found("user")?;
        if !self.tokens_allowed(user.is_bot) {
            return Err(Error::new(
                ErrorKind::NotImplemented,
                "app.user_access_token.disabled",
                "Personal access tokens are disabled on this server. Please contact your system administrator for details.",
            ));
        }
        if rune_len(description) > TOKEN_DESCRIPTION_MAX_RUNES {
            return Err(Error::invalid(
                "user_access_token",
                "description",
                "Invalid description, must be 255 or less characters",
            ));
        }
        let mut token = UserAccessToken {
            id: new_id(),
            token: String::new(),
            user_id: user.id,
            description: description.to_owned(),
            is_active: true,
        };
        let secret = new_id();
        self.store
            .insert_access_token(&token, &token_hash(&secret))
            .await?;
        token.token = secret;
        Ok(token)
    }

    /// `GET /users/{id}/tokens`.
    pub async fn user_access_tokens_for_user(
        &self,
        actor: &Actor,
        user_id: &str,
        page: Page,
    ) -> Result<Vec<UserAccessToken>> {
        if !actor.can(perm::READ_USER_ACCESS_TOKEN) {
            return Err(Error::forbidden(perm::READ_USER_ACCESS_TOKEN.0));
        }
        self.require_act_for(actor, user_id).await?;
        Ok(self
            .store
            .list_access_tokens_for_user(user_id, page.offset(), page.limit())
            .await?)
    }

    /// `GET /users/tokens` (system admins): every token.
    pub async fn user_access_tokens(
        &self,
        actor: &Actor,
        page: Page,
    ) -> Result<Vec<UserAccessToken>> {
        if !actor.can(perm::MANAGE_SYSTEM) {
            return Err(Error::forbidden(perm::MANAGE_SYSTEM.0));
        }
        Ok(self
            .store
            .list_access_tokens(page.offset(), page.limit())
            .await?)
    }

    /// `POST /users/tokens/search` (system admins): by token id, user id or username prefix.
    pub async fn search_user_access_tokens(
        &self,
        actor: &Actor,
        term: &str,
    ) -> Result<Vec<UserAccessToken>> {
        if !actor.can(perm::MANAGE_SYSTEM) {
            return Err(Error::forbidden(perm::MANAGE_SYSTEM.0));
        }
        if term.is_empty() {
            return Err(Error::invalid_param("term"));
        }
        Ok(self.store.search_access_tokens(term, SEARCH_MAX).await?)
    }

    /// The token `id`, when the actor holds `permission` and may act for its user.
    async fn token_for(
        &self,
        actor: &Actor,
        id: &str,
        permission: perm::Permission,
    ) -> Result<UserAccessToken> {
        if !actor.can(permission) {
            return Err(Error::forbidden(permission.0));
        }
        let token = self.store.get_access_token(id).await.map_err(|e| match e {
            StoreError::NotFound => token_not_found(),
            e => e.into(),
        })?;
        self.require_act_for(actor, &token.user_id).await?;
        Ok(token)
    }

    /// `GET /users/tokens/{token_id}`.
    pub async fn get_user_access_token(&self, actor: &Actor, id: &str) -> Result<UserAccessToken> {
        self.token_for(actor, id, perm::READ_USER_ACCESS_TOKEN)
            .await
    }

    /// `POST /users/tokens/revoke`: the token is deleted and its session ends.
    pub async fn revoke_user_access_token(&self, actor: &Actor, id: &str) -> Result<()> {
        let token = self
            .token_for(actor, id, perm::REVOKE_USER_ACCESS_TOKEN)
            .await?;
        self.store.delete_access_token(&token.id).await?;
        self.end_token_sessions(&token).await
    }

    /// `POST /users/tokens/disable`: the token stays, unusable, and its session ends.
    pub async fn disable_user_access_token(&self, actor: &Actor, id: &str) -> Result<()> {
        let token = self
            .token_for(actor, id, perm::REVOKE_USER_ACCESS_TOKEN)
            .await?;
        self.store
            .update_access_token_active(&token.id, false)
            .await?;
        self.end_token_sessions(&token).await
    }

    /// `POST /users/tokens/enable` (Mattermost checks `create_user_access_token` here).
    pub async fn enable_user_access_token(&self, actor: &Actor, id: &str) -> Result<()> {
        let token = self
            .token_for(actor, id, perm::CREATE_USER_ACCESS_TOKEN)
            .await?;
        Ok(self
            .store
            .update_access_token_active(&token.id, true)
            .await?)
    }

    async fn end_token_sessions(&self, token: &UserAccessToken) -> Result<()> {
        let sessions = self.store.get_sessions_for_user(&token.user_id).await?;
        for s in sessions {
            if s.props.get("user_access_token_id") == Some(&token.id) {
                self.revoke_session_by_id(&token.user_id, &s.id).await?;
            }
        }
        Ok(())
    }

    /// The session of a presented personal access token: the one it opened before, or a new
    /// one. Anything wrong (unknown, disabled, user deactivated, tokens switched off) is the
    /// same 401 as an unknown session, as Mattermost answers.
    pub(crate) async fn session_for_access_token(&self, token: &str) -> Result<Session> {
        let hash = token_hash(token);
        let mut session = match self.store.get_session_by_token(&hash).await {
            Ok(s) => s,
            Err(StoreError::NotFound) => self.open_token_session(&hash).await?,
            Err(e) => return Err(e.into()),
        };
        // In memory the session carries the presented secret: the cache is keyed by it and the
        // WebSocket re-checks its session with it.
        session.token = token.to_owned();
        Ok(session)
    }

    async fn open_token_session(&self, hash: &str) -> Result<Session> {
        let expired = |e: StoreError| match e {
            StoreError::NotFound => Error::session_expired(),
            e => e.into(),
        };
        let token = self
            .store
            .get_access_token_by_hash(hash)
            .await
            .map_err(expired)?;
        let user = self.store.get_user(&token.user_id).await.map_err(expired)?;
        if !token.is_active || user.delete_at != 0 || !self.tokens_allowed(user.is_bot) {
            return Err(Error::session_expired());
        }
        let now = now_ms();
        let mut session = Session {
            id: new_id(),
            token: hash.to_owned(),
            create_at: now,
            expires_at: now + SESSION_HOURS * 3_600_000,
            last_activity_at: now,
            user_id: user.id.clone(),
            roles: user.roles.clone(),
            is_oauth: false,
            ..Default::default()
        };
        let props = &mut session.props;
        props.insert("user_access_token_id".into(), token.id);
        props.insert("type".into(), SESSION_TYPE.into());
        if user.is_bot {
            props.insert("is_bot".into(), "true".into());
        }
        props.insert(
            "is_guest".into(),
            user.has_role(stoa_model::role::SYSTEM_GUEST).to_string(),
        );
        match self.store.insert_session(&session).await {
            Ok(()) => Ok(session),
            // Two first requests at once: the other one opened it.
            Err(StoreError::Conflict { .. }) => Ok(self.store.get_session_by_token(hash).await?),
            Err(e) => Err(e.into()),
        }
    }

    /// Whether a token session may still be used (tokens may have been switched off since).
    pub(crate) fn token_session_allowed(&self, s: &Session) -> bool {
        self.tokens_allowed(s.props.get("is_bot").is_some_and(|b| b == "true"))
    }
}
