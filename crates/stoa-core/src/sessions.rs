//! Sessions: login, logout, token resolution with activity extension, listing and revoking.
//!
//! Resolved sessions are cached in memory so that an authenticated request costs no database
//! round trip; the cache entry is dropped when the session is revoked on this node, and
//! re-checked against the database after `CACHE_TTL` so a revocation elsewhere takes effect.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use stoa_model::session::Session;
use stoa_model::user::{User, UserView};
use stoa_model::{new_id, now_ms};
use stoa_store::{OptionalExt, StoreError};

use crate::events::{Event, MembershipChange};
use crate::users::tokens::is_token_session;
use crate::{Actor, Core, Error, ErrorKind, Result, StoreResultExt, perm};

const CACHE_TTL: Duration = Duration::from_secs(60);
const CACHE_MAX: usize = 50_000;
const MINUTE_MS: i64 = 60_000;
const HOUR_MS: i64 = 60 * MINUTE_MS;

#[derive(Default)]
pub(crate) struct SessionCache {
    entries: Mutex<HashMap<String, (Session, Instant)>>,
}

impl SessionCache {
    fn get(&self, token: &str) -> Option<Session> {
        let entries = self.entries.lock().ok()?;
        entries
            .get(token)
            .filter(|(_, at)| at.elapsed() < CACHE_TTL)
            .map(|(s, _)| s.clone())
    }

    fn put(&self, session: Session) {
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= CACHE_MAX {
                entries.retain(|_, (_, at)| at.elapsed() < CACHE_TTL);
                if entries.len() >= CACHE_MAX {
                    entries.clear();
                }
            }
            entries.insert(session.token.clone(), (session, Instant::now()));
        }
    }

    pub(crate) fn remove_where(&self, pred: impl Fn(&Session) -> bool) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.retain(|_, (s, _)| !pred(s));
        }
    }
}

/// Session props the mobile apps set through `PUT /users/sessions/device`.
pub const PROP_NOTIFICATIONS_DISABLED: &str = "deviceNotificationDisabled";
pub const PROP_MOBILE_VERSION: &str = "mobileVersion";
pub const PROP_VOIP_DEVICE_ID: &str = "voipDeviceId";

/// `PUT /users/sessions/device`: the push token of the app's phone, and how the phone is set.
#[derive(Debug, Clone, Default)]
pub struct DeviceRegistration {
    /// `platform:token` (`android_rn-v2:…`), or empty.
    pub device_id: String,
    pub voip_device_id: String,
    /// The user turned notifications off for the app in the phone's settings.
    pub notifications_disabled: Option<bool>,
    pub mobile_version: String,
}

/// The body of `POST /users/login` that Stoa reads.
#[derive(Debug, Clone, Default)]
pub struct LoginRequest {
    pub login_id: String,
    pub password: String,
    pub device_id: String,
    /// User id, an alternative to `login_id`.
    pub id: String,
}

/// What the client told us about itself, recorded on the session.
#[derive(Debug, Clone, Default)]
pub struct ClientInfo {
    pub user_agent: String,
}

impl ClientInfo {
    /// Mattermost's mobile apps identify themselves by a leading `Mattermost`/`rnbeta` token.
    fn is_mobile(&self) -> bool {
        let first = self.user_agent.split_whitespace().next().unwrap_or("");
        first.starts_with("Mattermost") || first.starts_with("rnbeta")
    }

    fn props(&self) -> Vec<(&'static str, String)> {
        let ua = self.user_agent.as_str();
        let os = ["Windows", "Mac OS", "Android", "iPhone", "iPad", "Linux"]
            .into_iter()
            .find(|o| ua.contains(o))
            .unwrap_or("");
        let browser = [
            "Edg",
            "Firefox",
            "Chrome",
            "Safari",
            "python-requests",
            "node",
        ]
        .into_iter()
        .find(|b| ua.contains(b))
        .unwrap_or("");
        let desktop = ua
            .split_whitespace()
            .last()
            .is_some_and(|t| t.starts_with("Mattermost"));
        vec![
            (
                "platform",
                if self.is_mobile() {
                    "Mobile"
                } else if desktop {
                    "Desktop"
                } else {
                    os
                }
                .to_owned(),
            ),
            ("os", os.to_owned()),
            ("browser", browser.to_owned()),
            ("isMobile", self.is_mobile().to_string()),
        ]
    }
}

impl Core {
    /// `POST /users/login`: checks credentials and opens a session.
    pub async fn login(&self, req: LoginRequest, client: ClientInfo) -> Result<(User, Session)> {
        let settings = self.settings();
        let user = self.find_login_user(&req).await?;
        let hash = match &user {
            Some(u) => self.store.get_password_hash(&u.id).await?,
            None => String::new(),
        };
        let Some(user) = user else {
            // Spend the time a real check would, so response time does not reveal accounts.
            let _ = self
                .passwords
                .verify(req.password.clone(), DUMMY_HASH.to_owned())
                .await;
            return Err(invalid_credentials());
        };
        if req.password.is_empty() {
            return Err(Error::new(
                ErrorKind::BadRequest,
                "api.user.login.blank_pwd.app_error",
                "Password field must not be blank",
            ));
        }
        if user.is_bot {
            return Err(Error::new(
                ErrorKind::Unauthorized,
                "api.user.login.bot_login_forbidden.app_error",
                "Bot login is forbidden.",
            ));
        }
        let max_attempts = settings.service_settings.maximum_login_attempts;
        if max_attempts > 0 && user.failed_attempts >= max_attempts {
            return Err(Error::new(
                ErrorKind::Unauthorized,
                "api.user.check_user_login_attempts.too_many.app_error",
                "Your account is locked because of too many failed password attempts. Please reset your password.",
            ));
        }
        if !self.passwords.verify(req.password.clone(), hash).await {
            self.store
                .update_failed_attempts(&user.id, user.failed_attempts + 1)
                .await?;
            return Err(invalid_credentials());
        }
        if user.delete_at > 0 {
            return Err(Error::new(
                ErrorKind::Unauthorized,
                "api.user.login.inactive.app_error",
                "Login failed because your account has been deactivated. Please contact an administrator.",
            ));
        }
        if user.failed_attempts > 0 {
            self.store.update_failed_attempts(&user.id, 0).await?;
        }
        let session = self.open_session(&user, &req.device_id, &client).await?;
        let user = User {
            failed_attempts: 0,
            ..user
        }
        .sanitized(UserView::Own);
        Ok((user, session))
    }

    async fn find_login_user(&self, req: &LoginRequest) -> Result<Option<User>> {
        let settings = self.settings();
        let by_email = settings.email_settings.enable_sign_in_with_email;
        let by_username = settings.email_settings.enable_sign_in_with_username;
        if !req.id.is_empty() {
            return Ok(self.store.get_user(&req.id).await.optional()?);
        }
        let login = req.login_id.trim().to_lowercase();
        if login.is_empty() {
            return Ok(None);
        }
        if by_email
            && login.contains('@')
            && let Some(u) = self.store.get_user_by_email(&login).await.optional()?
        {
            return Ok(Some(u));
        }
        if by_username {
            return Ok(self.store.get_user_by_username(&login).await.optional()?);
        }
        Ok(None)
    }

    async fn open_session(
        &self,
        user: &User,
        device_id: &str,
        client: &ClientInfo,
    ) -> Result<Session> {
        let settings = self.settings();
        let now = now_ms();
        let hours = if client.is_mobile() || !device_id.is_empty() {
            settings.service_settings.session_length_mobile_in_hours
        } else {
            settings.service_settings.session_length_web_in_hours
        };
        let mut session = Session {
            id: new_id(),
            token: new_id(),
            create_at: now,
            expires_at: now + hours * HOUR_MS,
            last_activity_at: now,
            user_id: user.id.clone(),
            device_id: device_id.to_owned(),
            roles: user.roles.clone(),
            ..Default::default()
        };
        for (k, v) in client.props() {
            session.props.insert(k.to_owned(), v);
        }
        session.props.insert("csrf".into(), new_id());
        session.props.insert(
            "is_guest".into(),
            user.has_role(stoa_model::role::SYSTEM_GUEST).to_string(),
        );
        self.store.insert_session(&session).await?;
        if !device_id.is_empty() {
            // One session per push device: a new login on the device replaces the old one.
            self.store
                .delete_sessions_for_device(&user.id, device_id, &session.id)
                .await?;
            self.sessions.remove_where(|s| {
                s.user_id == user.id && s.device_id == device_id && s.id != session.id
            });
        }
        Ok(session)
    }

    /// Resolves a token to its session, extending it on activity as Mattermost does. Fails with
    /// 401 `session_expired` for unknown, expired or revoked tokens.
    pub async fn authenticate(&self, token: &str) -> Result<Actor> {
        // Mattermost considers at most 50 characters of a token.
        let token: String = token.chars().take(50).collect();
        if token.is_empty() {
            return Err(Error::session_expired());
        }
        let now = now_ms();
        let mut session = match self.sessions.get(&token) {
            Some(s) => s,
            None => match self.store.get_session_by_token(&token).await {
                // A token session's row holds the token's hash: presenting the hash is refused.
                Ok(s) if is_token_session(&s) => return Err(Error::session_expired()),
                Ok(s) => s,
                Err(StoreError::NotFound) => self.session_for_access_token(&token).await?,
                Err(e) => return Err(e.into()),
            },
        };
        let by_token = is_token_session(&session);
        if by_token && !self.token_session_allowed(&session) {
            return Err(Error::session_expired());
        }
        if session.is_expired(now) {
            self.sessions.remove_where(|s| s.token == token);
            self.store.delete_session(&session.id).await?;
            return Err(Error::session_expired());
        }
        let settings = self.settings();
        let svc = &settings.service_settings;
        let length_ms = svc.session_length_web_in_hours * HOUR_MS;
        if by_token {
            // A token's session neither extends nor idles out (as Mattermost's).
        } else if svc.extend_session_length_with_activity && session.expires_at > 0 {
            // Extend at most every 1% of the session length (capped at a day, at least 5 min).
            let threshold = (length_ms / 100).clamp(5 * MINUTE_MS, 24 * HOUR_MS);
            if now - session.last_activity_at >= threshold {
                session.last_activity_at = now;
                session.expires_at = now + length_ms;
                self.store
                    .update_session_activity(&session.id, now, session.expires_at)
                    .await?;
            }
        } else if !svc.extend_session_length_with_activity
            && svc.session_idle_timeout_in_minutes > 0
            && session.device_id.is_empty()
            && now - session.last_activity_at > svc.session_idle_timeout_in_minutes * MINUTE_MS
        {
            self.store.delete_session(&session.id).await?;
            return Err(Error::session_expired());
        }
        self.sessions.put(session.clone());
        Ok(Actor::new(session))
    }

    /// `POST /users/logout`: ends the actor's session.
    pub async fn logout(&self, actor: &Actor) -> Result<()> {
        self.revoke_session_by_id(actor.user_id(), &actor.session.id)
            .await
    }

    pub(crate) async fn revoke_session_by_id(&self, user_id: &str, id: &str) -> Result<()> {
        let ended = self.store.get_session_by_id(id).await.optional()?;
        // A revoked OAuth session takes its refresh token with it, as in Mattermost.
        self.store.delete_oauth_access_by_session(id).await?;
        self.store.delete_session(id).await?;
        self.sessions.remove_where(|s| s.id == id);
        self.publish_sessions_ended(user_id, vec![id.to_owned()]);
        self.clear_ended_devices(ended.into_iter().collect());
        Ok(())
    }

    /// Ends every session of a user (password change, deactivation, "log out everywhere").
    pub(crate) async fn revoke_all_sessions(&self, user_id: &str) -> Result<()> {
        let ended = self.store.get_sessions_for_user(user_id).await?;
        self.store.delete_oauth_access_for_user(user_id).await?;
        self.store.delete_sessions_for_user(user_id).await?;
        self.sessions.remove_where(|s| s.user_id == user_id);
        self.publish_sessions_ended(user_id, Vec::new());
        self.clear_ended_devices(ended);
        Ok(())
    }

    /// Ended sessions' phones drop what they show; in the background, as the push proxy may
    /// be slow.
    fn clear_ended_devices(&self, sessions: Vec<Session>) {
        let sessions: Vec<Session> = sessions
            .into_iter()
            .filter(|s| !s.device_id.is_empty())
            .collect();
        if sessions.is_empty() || !self.push_enabled() {
            return;
        }
        let core = self.self_ref();
        tokio::spawn(async move {
            let Some(core) = core.upgrade() else { return };
            for s in &sessions {
                core.clear_push_for_session(s).await;
            }
        });
    }

    /// Tells the hubs to close the sockets of ended sessions (all of the user's when `ids` is
    /// empty).
    pub(crate) fn publish_sessions_ended(&self, user_id: &str, ids: Vec<String>) {
        self.publish(Event::internal(vec![MembershipChange::SessionsEnded {
            user_id: user_id.to_owned(),
            session_ids: ids,
        }]));
    }

    /// Forgets cached sessions of a user so that changed roles apply at the next request.
    pub(crate) fn forget_cached_sessions(&self, user_id: &str) {
        self.sessions.remove_where(|s| s.user_id == user_id);
    }

    fn require_self_or_editor(&self, actor: &Actor, user_id: &str) -> Result<()> {
        if actor.is(user_id) || actor.can(perm::EDIT_OTHER_USERS) {
            Ok(())
        } else {
            Err(Error::forbidden(perm::EDIT_OTHER_USERS.0))
        }
    }

    /// `GET /users/{id}/sessions`: the user's sessions, tokens blanked.
    pub async fn get_sessions(&self, actor: &Actor, user_id: &str) -> Result<Vec<Session>> {
        self.require_self_or_editor(actor, user_id)?;
        let sessions = self.store.get_sessions_for_user(user_id).await?;
        Ok(sessions.into_iter().map(Session::sanitized).collect())
    }

    /// `POST /users/{id}/sessions/revoke`.
    pub async fn revoke_session(
        &self,
        actor: &Actor,
        user_id: &str,
        session_id: &str,
    ) -> Result<()> {
        self.require_self_or_editor(actor, user_id)?;
        let session = self
            .store
            .get_session_by_id(session_id)
            .await
            .or_not_found("session")?;
        if session.user_id != user_id {
            return Err(Error::new(
                ErrorKind::BadRequest,
                "api.user.revoke_session.user_mismatch",
                "The session does not belong to this user.",
            ));
        }
        self.revoke_session_by_id(user_id, session_id).await
    }

    /// `POST /users/{id}/sessions/revoke/all`.
    pub async fn revoke_user_sessions(&self, actor: &Actor, user_id: &str) -> Result<()> {
        self.require_self_or_editor(actor, user_id)?;
        self.revoke_all_sessions(user_id).await
    }

    /// `POST /users/sessions/revoke/all`: every session of every user (admins).
    pub async fn revoke_every_session(&self, actor: &Actor) -> Result<()> {
        if !actor.can(perm::MANAGE_SYSTEM) {
            return Err(Error::forbidden(perm::MANAGE_SYSTEM.0));
        }
        let mut page = 0;
        loop {
            let users = self
                .store
                .list_users(&stoa_store::UserListQuery {
                    include_bots: true,
                    offset: page * 500,
                    limit: 500,
                    ..Default::default()
                })
                .await?;
            for u in &users {
                self.store.delete_oauth_access_for_user(&u.id).await?;
                self.store.delete_sessions_for_user(&u.id).await?;
                self.publish_sessions_ended(&u.id, Vec::new());
            }
            if users.len() < 500 {
                break;
            }
            page += 1;
        }
        self.sessions.remove_where(|_| true);
        Ok(())
    }

    /// `PUT /users/sessions/device`: records the push device of the current session.
    pub async fn attach_device(&self, actor: &Actor, device: DeviceRegistration) -> Result<()> {
        let valid = |v: &str| v.len() <= 512 && !v.chars().any(char::is_control);
        if !valid(&device.device_id)
            || !valid(&device.voip_device_id)
            || device.mobile_version.len() > 64
        {
            return Err(Error::invalid_body_param("device_id"));
        }
        let hours = self
            .settings()
            .service_settings
            .session_length_mobile_in_hours;
        let expires = now_ms() + hours * HOUR_MS;
        // The apps send an empty id until the phone hands them a push token: the session keeps
        // whatever device it had.
        if !device.device_id.is_empty() {
            self.store
                .delete_sessions_for_device(actor.user_id(), &device.device_id, &actor.session.id)
                .await?;
            self.store
                .update_session_device(&actor.session.id, &device.device_id, expires)
                .await?;
        }
        let mut props = actor.session.props.clone();
        if let Some(off) = device.notifications_disabled {
            props.insert(PROP_NOTIFICATIONS_DISABLED.into(), off.to_string());
        }
        if !device.mobile_version.is_empty() {
            props.insert(PROP_MOBILE_VERSION.into(), device.mobile_version);
        }
        if !device.voip_device_id.is_empty() {
            props.insert(PROP_VOIP_DEVICE_ID.into(), device.voip_device_id);
        }
        if props != actor.session.props {
            self.store
                .update_session_props(&actor.session.id, &props)
                .await?;
        }
        self.sessions.remove_where(|s| s.user_id == actor.user_id());
        Ok(())
    }
}

fn invalid_credentials() -> Error {
    Error::new(
        ErrorKind::Unauthorized,
        "api.user.login.invalid_credentials_email_username",
        "Enter a valid email or username and/or password.",
    )
}

/// An argon2id hash of a random string: verifying against it costs what a real check costs.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c3RvYWR1bW15c2FsdA$0m9e6eRdC9kKf0x5c7a3C3mIqvAn9Bv3l5rQ0s1Xk4c";
