//! The authorization-code grant, as Mattermost's `web/oauth.go` and `app/oauth.go` run it:
//! a signed-in user approves an app (`POST /oauth/authorize`, or at once for a trusted or
//! already authorized app), the app trades the code for an access token — an OAuth session —
//! and a refresh token (`POST /oauth/access_token`), and later trades the refresh token for new
//! ones. Codes live 10 minutes, are used once and are bound to the app and the redirect URI.
//! Codes and refresh tokens are stored as SHA-256 digests only.

use sha2::{Digest, Sha256};
use stoa_model::oauth::{
    ACCESS_TOKEN_TYPE, AUTH_CODE_RESPONSE_TYPE, AUTHORIZATION_CODE_GRANT, AUTHORIZED_APP_CATEGORY,
    AccessResponse, AuthorizeRequest, DEFAULT_SCOPE, OAuthApp, REFRESH_TOKEN_GRANT,
    SESSION_PROP_MATTERMOST_APP_ID, SESSION_PROP_OAUTH_APP_ID,
};
use stoa_model::preference::Preference;
use stoa_model::session::Session;
use stoa_model::user::User;
use stoa_model::{is_valid_id, new_id, now_ms};
use stoa_store::{OAuthAccess, OAuthCode, OptionalExt, StoreError};

use super::{OFF, is_http_url, pkce, turned_off};
use crate::{Actor, Core, Error, ErrorKind, Result, perm};

/// Seconds an authorization code lives (Mattermost's `AuthCodeExpireTime`).
const CODE_LIFETIME_S: i64 = 600;
const HOUR_MS: i64 = 3_600_000;

/// What `GET /oauth/authorize` does for a valid request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthorizePage {
    /// No session: sign in first, then come back.
    Login,
    /// Ask the user (the web app's consent page).
    Consent,
    /// A trusted or already authorized app: straight back to it with a code.
    Redirect(String),
}

/// The form of `POST /oauth/access_token`.
#[derive(Debug, Clone, Default)]
pub struct TokenRequest {
    pub grant_type: String,
    pub code: String,
    pub refresh_token: String,
    pub client_id: String,
    pub client_secret: String,
    pub redirect_uri: String,
    pub code_verifier: String,
}

fn digest(secret: &str) -> String {
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn bad(id: &'static str, message: &'static str) -> Error {
    Error::new(ErrorKind::BadRequest, id, message)
}

fn token_error(kind: ErrorKind, field: &str, message: &'static str) -> Error {
    Error::new(
        kind,
        format!("api.oauth.get_access_token.{field}.app_error"),
        message,
    )
}

fn bad_credentials(kind: ErrorKind) -> Error {
    token_error(kind, "credentials", "Invalid client credentials.")
}

fn expired_code(kind: ErrorKind) -> Error {
    token_error(
        kind,
        "expired_code",
        "Invalid or expired authorization code.",
    )
}

fn bad_refresh_token() -> Error {
    token_error(
        ErrorKind::NotFound,
        "refresh_token",
        "Invalid refresh token.",
    )
}

/// Mattermost's `AuthorizeRequest.IsValid`, plus PKCE's parameters when present.
fn validate(req: &AuthorizeRequest) -> Result<()> {
    if !is_valid_id(&req.client_id) {
        return Err(bad(
            "model.authorize.is_valid.client_id.app_error",
            "Invalid client id.",
        ));
    }
    if req.response_type.is_empty() {
        return Err(bad(
            "model.authorize.is_valid.response_type.app_error",
            "Invalid response type.",
        ));
    }
    if req.redirect_uri.len() > 256 || !is_http_url(&req.redirect_uri) {
        return Err(bad(
            "model.authorize.is_valid.redirect_uri.app_error",
            "Invalid redirect uri.",
        ));
    }
    if req.state.len() > 1024 {
        return Err(bad(
            "model.authorize.is_valid.state.app_error",
            "Invalid state.",
        ));
    }
    if req.scope.len() > 128 {
        return Err(bad(
            "model.authorize.is_valid.scope.app_error",
            "Invalid scope.",
        ));
    }
    if !req.code_challenge.is_empty() || !req.code_challenge_method.is_empty() {
        pkce::validate_challenge(&req.code_challenge, &req.code_challenge_method)?;
    }
    Ok(())
}

/// `uri` with `fields` added to its query (before any fragment).
fn with_query(uri: &str, fields: &[(&str, String)]) -> String {
    let (base, fragment) = match uri.split_once('#') {
        Some((b, f)) => (b, format!("#{f}")),
        None => (uri, String::new()),
    };
    let sep = if base.contains('?') { '&' } else { '?' };
    format!("{base}{sep}{}{fragment}", crate::form::encode(fields))
}

impl Core {
    /// `GET /oauth/authorize`: sign in, ask, or (trusted or already authorized app) go back
    /// to the app with a code.
    pub async fn oauth_authorize_page(
        &self,
        actor: Option<&Actor>,
        req: AuthorizeRequest,
    ) -> Result<AuthorizePage> {
        self.require_oauth_enabled("api.oauth.authorize_oauth.disabled.app_error")?;
        validate(&req)?;
        let app = self.load_oauth_app(&req.client_id).await?;
        let Some(actor) = actor else {
            return Ok(AuthorizePage::Login);
        };
        if !app.is_valid_redirect_url(&req.redirect_uri) {
            return Err(redirect_mismatch());
        }
        let authorized = self
            .store
            .get_preference(actor.user_id(), AUTHORIZED_APP_CATEGORY, &app.id)
            .await
            .optional()?
            .is_some();
        if app.is_trusted || authorized {
            return Ok(AuthorizePage::Redirect(
                self.allow_oauth_app(actor, req).await?,
            ));
        }
        Ok(AuthorizePage::Consent)
    }

    /// `POST /oauth/authorize`: the user approves the app; answers where to send the browser
    /// (the redirect URI with `code` and `state`). Records the authorization.
    pub async fn allow_oauth_app(
        &self,
        actor: &Actor,
        mut req: AuthorizeRequest,
    ) -> Result<String> {
        validate(&req)?;
        if actor.session.is_oauth {
            // An app must not approve apps for its user.
            return Err(Error::forbidden(perm::EDIT_OTHER_USERS.0)
                .with_detail("attempted access by oauth app"));
        }
        self.require_oauth_enabled(OFF)?;
        if req.scope.is_empty() {
            req.scope = DEFAULT_SCOPE.to_owned();
        }
        let app = self.load_oauth_app(&req.client_id).await?;
        if !app.is_valid_redirect_url(&req.redirect_uri) {
            return Err(redirect_mismatch());
        }
        if req.response_type != AUTH_CODE_RESPONSE_TYPE {
            // The implicit grant (`token`) is not offered: the app learns it from its callback.
            return Ok(with_query(
                &req.redirect_uri,
                &[
                    ("error", "unsupported_response_type".to_owned()),
                    ("state", req.state.clone()),
                ],
            ));
        }
        let code = format!("{}{}", new_id(), new_id());
        self.store
            .insert_oauth_code(&OAuthCode {
                code_hash: digest(&code),
                client_id: app.id.clone(),
                user_id: actor.user_id().to_owned(),
                create_at: now_ms(),
                expires_in: CODE_LIFETIME_S,
                redirect_uri: req.redirect_uri.clone(),
                state: req.state.clone(),
                scope: req.scope.clone(),
                code_challenge: req.code_challenge.clone(),
                code_challenge_method: req.code_challenge_method.clone(),
            })
            .await?;
        self.store
            .save_preferences(&[Preference {
                user_id: actor.user_id().to_owned(),
                category: AUTHORIZED_APP_CATEGORY.to_owned(),
                name: app.id.clone(),
                value: req.scope.clone(),
            }])
            .await?;
        Ok(with_query(
            &req.redirect_uri,
            &[("code", code), ("state", req.state)],
        ))
    }

    /// `POST /oauth/deauthorize`: the user withdraws the app's access: its sessions end, its
    /// pending codes and refresh token die, and the authorization is forgotten.
    pub async fn deauthorize_oauth_app(&self, actor: &Actor, client_id: &str) -> Result<()> {
        if !is_valid_id(client_id) {
            return Err(Error::invalid_param("client_id"));
        }
        self.require_oauth_enabled(OFF)?;
        let user = actor.user_id();
        let tx = self.store.begin().await?;
        let ended = tx.delete_oauth_access(user, client_id).await?;
        for (_, session) in &ended {
            tx.delete_session(session).await?;
        }
        tx.delete_oauth_codes(client_id, user).await?;
        tx.delete_preferences(&[Preference {
            user_id: user.to_owned(),
            category: AUTHORIZED_APP_CATEGORY.to_owned(),
            name: client_id.to_owned(),
            value: String::new(),
        }])
        .await?;
        tx.commit().await?;
        self.end_oauth_sessions(&ended);
        Ok(())
    }

    /// `POST /oauth/access_token`: a code or a refresh token, with the app's credentials, for
    /// a new access token and refresh token.
    pub async fn oauth_access_token(&self, req: TokenRequest) -> Result<AccessResponse> {
        match req.grant_type.as_str() {
            AUTHORIZATION_CODE_GRANT if req.code.is_empty() => {
                return Err(token_error(
                    ErrorKind::BadRequest,
                    "missing_code",
                    "Missing code.",
                ));
            }
            REFRESH_TOKEN_GRANT if req.refresh_token.is_empty() => {
                return Err(token_error(
                    ErrorKind::BadRequest,
                    "missing_refresh_token",
                    "Missing refresh token.",
                ));
            }
            AUTHORIZATION_CODE_GRANT | REFRESH_TOKEN_GRANT => {}
            _ => {
                return Err(token_error(
                    ErrorKind::BadRequest,
                    "bad_grant",
                    "Invalid grant type.",
                ));
            }
        }
        if !is_valid_id(&req.client_id) {
            return Err(token_error(
                ErrorKind::BadRequest,
                "bad_client_id",
                "Invalid client id.",
            ));
        }
        if !self.oauth_enabled() {
            return Err(turned_off("api.oauth.get_access_token.disabled.app_error"));
        }
        let app = match self.store.get_oauth_app(&req.client_id).await {
            Err(StoreError::NotFound) => return Err(bad_credentials(ErrorKind::NotFound)),
            other => other?,
        };
        if !pkce::constant_time_eq(&app.client_secret, &req.client_secret) {
            return Err(bad_credentials(ErrorKind::Forbidden));
        }
        if req.grant_type == AUTHORIZATION_CODE_GRANT {
            self.exchange_code(&app, &req).await
        } else {
            self.refresh_access(&app, &req).await
        }
    }

    async fn exchange_code(&self, app: &OAuthApp, req: &TokenRequest) -> Result<AccessResponse> {
        let code = match self.store.take_oauth_code(&digest(&req.code)).await {
            Err(StoreError::NotFound) => return Err(expired_code(ErrorKind::BadRequest)),
            other => other?,
        };
        // A code issued to another app is as unknown to this one as a made-up code.
        if code.client_id != app.id {
            return Err(expired_code(ErrorKind::BadRequest));
        }
        if now_ms() > code.create_at + code.expires_in * 1000 {
            return Err(expired_code(ErrorKind::Forbidden));
        }
        if code.redirect_uri != req.redirect_uri {
            return Err(token_error(
                ErrorKind::BadRequest,
                "redirect_uri",
                "The redirect URI does not match the authorization request.",
            ));
        }
        pkce::check(&code.code_challenge, &req.code_verifier)?;
        let user = self.oauth_user(&code.user_id).await?;
        if user.delete_at != 0 {
            return Err(expired_code(ErrorKind::Forbidden));
        }
        let session = self.oauth_session(app, &user);
        let refresh = new_id();
        let access = OAuthAccess {
            id: new_id(),
            client_id: app.id.clone(),
            user_id: user.id.clone(),
            session_id: session.id.clone(),
            refresh_hash: digest(&refresh),
            redirect_uri: code.redirect_uri.clone(),
            expires_at: session.expires_at,
            scope: code.scope.clone(),
        };
        // One grant per user and app: a new code replaces the previous grant's tokens.
        let tx = self.store.begin().await?;
        let ended = tx.delete_oauth_access(&user.id, &app.id).await?;
        for (_, old) in &ended {
            tx.delete_session(old).await?;
        }
        tx.insert_session(&session).await?;
        tx.insert_oauth_access(&access).await?;
        tx.commit().await?;
        self.end_oauth_sessions(&ended);
        Ok(self.access_response(session, refresh, code.scope))
    }

    async fn refresh_access(&self, app: &OAuthApp, req: &TokenRequest) -> Result<AccessResponse> {
        let old_hash = digest(&req.refresh_token);
        let grant = match self.store.get_oauth_access_by_refresh(&old_hash).await {
            Err(StoreError::NotFound) => return Err(bad_refresh_token()),
            other => other?,
        };
        if grant.client_id != app.id {
            return Err(bad_refresh_token());
        }
        let user = self.oauth_user(&grant.user_id).await?;
        if user.delete_at != 0 {
            return Err(bad_refresh_token());
        }
        let session = self.oauth_session(app, &user);
        let refresh = new_id();
        let next = OAuthAccess {
            session_id: session.id.clone(),
            refresh_hash: digest(&refresh),
            expires_at: session.expires_at,
            ..grant.clone()
        };
        let tx = self.store.begin().await?;
        tx.insert_session(&session).await?;
        match tx.rotate_oauth_access(&old_hash, &next).await {
            // Another refresh with the same token won: this one is a replay.
            Err(StoreError::NotFound) => return Err(bad_refresh_token()),
            other => other?,
        }
        tx.delete_session(&grant.session_id).await?;
        tx.commit().await?;
        self.end_oauth_sessions(&[(grant.user_id, grant.session_id)]);
        Ok(self.access_response(session, refresh, grant.scope))
    }

    async fn oauth_user(&self, id: &str) -> Result<User> {
        match self.store.get_user(id).await {
            Err(StoreError::NotFound) => Err(token_error(
                ErrorKind::NotFound,
                "internal_user",
                "The user of this authorization no longer exists.",
            )),
            other => Ok(other?),
        }
    }

    /// The session an access token is: `is_oauth`, as long as an SSO login, named after the app.
    fn oauth_session(&self, app: &OAuthApp, user: &User) -> Session {
        let now = now_ms();
        let hours = self.settings().service_settings.session_length_sso_in_hours;
        let mut session = Session {
            id: new_id(),
            token: new_id(),
            create_at: now,
            expires_at: now + hours * HOUR_MS,
            last_activity_at: now,
            user_id: user.id.clone(),
            roles: user.roles.clone(),
            is_oauth: true,
            ..Default::default()
        };
        let props = [
            ("platform", app.name.clone()),
            (SESSION_PROP_OAUTH_APP_ID, app.id.clone()),
            (
                SESSION_PROP_MATTERMOST_APP_ID,
                app.mattermost_app_id.clone(),
            ),
            ("os", "OAuth2".to_owned()),
            ("browser", "OAuth2".to_owned()),
            ("csrf", new_id()),
            (
                "is_guest",
                user.has_role(stoa_model::role::SYSTEM_GUEST).to_string(),
            ),
        ];
        for (k, v) in props {
            session.props.insert(k.to_owned(), v);
        }
        session
    }

    fn access_response(&self, session: Session, refresh: String, scope: String) -> AccessResponse {
        let hours = self.settings().service_settings.session_length_sso_in_hours;
        AccessResponse {
            access_token: session.token,
            token_type: ACCESS_TOKEN_TYPE.to_owned(),
            expires_in: hours * 3600,
            scope,
            refresh_token: refresh,
            id_token: String::new(),
        }
    }

    /// Forgets ended OAuth sessions on this node and closes their sockets everywhere.
    pub(crate) fn end_oauth_sessions(&self, ended: &[(String, String)]) {
        if ended.is_empty() {
            return;
        }
        self.sessions
            .remove_where(|s| ended.iter().any(|(_, id)| *id == s.id));
        for (user, id) in ended {
            self.publish_sessions_ended(user, vec![id.clone()]);
        }
    }
}

fn redirect_mismatch() -> Error {
    bad(
        "api.oauth.allow_oauth.redirect_callback.app_error",
        "The redirect URI does not match a registered callback URL.",
    )
}

#[cfg(test)]
mod tests {
    use super::with_query;

    #[test]
    fn codes_are_added_to_the_callbacks_query() {
        let f = [("code", "c".to_owned()), ("state", "a b&c".to_owned())];
        assert_eq!(
            with_query("https://app.example/cb", &f),
            "https://app.example/cb?code=c&state=a+b%26c"
        );
        assert_eq!(
            with_query("https://app.example/cb?x=1#top", &f),
            "https://app.example/cb?x=1&code=c&state=a+b%26c#top"
        );
    }
}
