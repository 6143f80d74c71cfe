//! Stoa as an OAuth 2.0 provider (Mattermost's `OAuth` API tag). This file: the registered apps
//! (`/oauth/apps`), as Mattermost's api4 handlers check them — `manage_oauth` to touch one's own
//! apps, `manage_system_wide_oauth` for everyone else's, `manage_system` to mark an app trusted.
//! `flow.rs` is the authorization-code grant (`/oauth/authorize`, `/oauth/access_token`,
//! `/oauth/deauthorize`), `pkce.rs` its PKCE (S256) checks.
//!
//! Everything answers 501 while `ServiceSettings.EnableOAuthServiceProvider` is off, after the
//! permission check as in Mattermost.

mod flow;
mod pkce;

pub use flow::{AuthorizePage, TokenRequest};

use stoa_model::oauth::OAuthApp;
use stoa_model::{new_id, now_ms};
use stoa_store::StoreError;

use crate::{Actor, Core, Error, ErrorKind, Page, Result, perm};

fn turned_off(id: &'static str) -> Error {
    Error::new(
        ErrorKind::NotImplemented,
        id,
        "The system admin has turned off OAuth service providing.",
    )
}

/// The id most operations answer with while the provider is off.
const OFF: &str = "api.oauth.allow_oauth.turn_off.app_error";

fn app_not_found() -> Error {
    Error::new(
        ErrorKind::NotFound,
        "app.oauth.get_app.find.app_error",
        "Unable to find the OAuth app.",
    )
}

fn invalid(field: &str) -> Error {
    Error::invalid(
        "oauth",
        field,
        format!("Invalid {}.", field.replace('_', " ")),
    )
}

/// `http://` or `https://` followed by a host: Mattermost's `IsValidHTTPURL`.
pub(crate) fn is_http_url(url: &str) -> bool {
    let rest = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"));
    rest.is_some_and(|r| {
        !r.is_empty()
            && !r.starts_with('/')
            && !r.chars().any(|c| c.is_whitespace() || c.is_control())
    })
}

/// Mattermost's `OAuthApp.IsValid`, for what a client may set.
fn validate(a: &OAuthApp) -> Result<()> {
    if a.client_secret.is_empty() || a.client_secret.len() > 128 {
        return Err(invalid("client_secret"));
    }
    if a.name.is_empty() || a.name.len() > 64 {
        return Err(invalid("name"));
    }
    let urls_len: usize = a.callback_urls.iter().map(|u| u.len() + 1).sum();
    if a.callback_urls.is_empty()
        || urls_len > 1024
        || a.callback_urls.iter().any(|u| !is_http_url(u))
    {
        return Err(invalid("callback"));
    }
    if a.homepage.is_empty() || a.homepage.len() > 256 || !is_http_url(&a.homepage) {
        return Err(invalid("homepage"));
    }
    if a.description.chars().count() > 512 {
        return Err(invalid("description"));
    }
    if !a.icon_url.is_empty() && (a.icon_url.len() > 512 || !is_http_url(&a.icon_url)) {
        return Err(invalid("icon_url"));
    }
    if a.mattermost_app_id.len() > 32 {
        return Err(invalid("mattermost_app_id"));
    }
    Ok(())
}

impl Core {
    fn oauth_enabled(&self) -> bool {
        self.settings()
            .service_settings
            .enable_oauth_service_provider
    }

    fn require_oauth_enabled(&self, id: &'static str) -> Result<()> {
        if self.oauth_enabled() {
            Ok(())
        } else {
            Err(turned_off(id))
        }
    }

    async fn load_oauth_app(&self, id: &str) -> Result<OAuthApp> {
        match self.store.get_oauth_app(id).await {
            Err(StoreError::NotFound) => Err(app_not_found()),
            other => Ok(other?),
        }
    }

    /// An app the actor may manage: `manage_oauth`, and `manage_system_wide_oauth` when
    /// another user made it.
    async fn managed_oauth_app(&self, actor: &Actor, id: &str) -> Result<OAuthApp> {
        if !actor.can(perm::MANAGE_OAUTH) {
            return Err(Error::forbidden(perm::MANAGE_OAUTH.0));
        }
        self.require_oauth_enabled(OFF)?;
        let app = self.load_oauth_app(id).await?;
        if !actor.is(&app.creator_id) && !actor.can(perm::MANAGE_SYSTEM_WIDE_OAUTH) {
            return Err(Error::forbidden(perm::MANAGE_SYSTEM_WIDE_OAUTH.0));
        }
        Ok(app)
    }

    /// `POST /oauth/apps`: the secret is generated; only system admins may mark it trusted.
    pub async fn create_oauth_app(&self, actor: &Actor, mut app: OAuthApp) -> Result<OAuthApp> {
        if !actor.can(perm::MANAGE_OAUTH) {
            return Err(Error::forbidden(perm::MANAGE_OAUTH.0));
        }
        if !actor.can(perm::MANAGE_SYSTEM) {
            app.is_trusted = false;
        }
        self.require_oauth_enabled("api.oauth.register_oauth_app.turn_off.app_error")?;
        if !app.id.is_empty() {
            return Err(Error::new(
                ErrorKind::BadRequest,
                "app.oauth.save_app.existing.app_error",
                "Must call update for existing app.",
            ));
        }
        let now = now_ms();
        app.id = new_id();
        app.creator_id = actor.user_id().to_owned();
        app.client_secret = new_id();
        app.create_at = now;
        app.update_at = now;
        validate(&app)?;
        self.store.insert_oauth_app(&app).await?;
        Ok(app)
    }

    /// `GET /oauth/apps`: every app for `manage_system_wide_oauth`, else the actor's own.
    pub async fn list_oauth_apps(&self, actor: &Actor, page: Page) -> Result<Vec<OAuthApp>> {
        if !actor.can(perm::MANAGE_OAUTH) {
            return Err(Error::new(
                ErrorKind::Forbidden,
                "api.command.admin_only.app_error",
                "Integrations have been limited to admins only.",
            ));
        }
        self.require_oauth_enabled(OFF)?;
        let creator = if actor.can(perm::MANAGE_SYSTEM_WIDE_OAUTH) {
            ""
        } else {
            actor.user_id()
        };
        Ok(self
            .store
            .list_oauth_apps(creator, page.offset(), page.limit())
            .await?)
    }

    /// `GET /oauth/apps/{id}`: the whole app, secret included, to those who manage it.
    pub async fn get_oauth_app(&self, actor: &Actor, id: &str) -> Result<OAuthApp> {
        self.managed_oauth_app(actor, id).await
    }

    /// `GET /oauth/apps/{id}/info`: what the consent page shows, to any signed-in user.
    pub async fn get_oauth_app_info(&self, _actor: &Actor, id: &str) -> Result<OAuthApp> {
        self.require_oauth_enabled(OFF)?;
        Ok(self.load_oauth_app(id).await?.sanitized())
    }

    /// `PUT /oauth/apps/{id}`: everything but id, creator, creation time and secret; the
    /// trusted flag only by system admins.
    pub async fn update_oauth_app(
        &self,
        actor: &Actor,
        id: &str,
        mut next: OAuthApp,
    ) -> Result<OAuthApp> {
        if !actor.can(perm::MANAGE_OAUTH) {
            return Err(Error::forbidden(perm::MANAGE_OAUTH.0));
        }
        if next.id != id {
            return Err(Error::invalid_param("app_id"));
        }
        let old = self.managed_oauth_app(actor, id).await?;
        if !actor.can(perm::MANAGE_SYSTEM) {
            next.is_trusted = old.is_trusted;
        }
        next.creator_id = old.creator_id;
        next.create_at = old.create_at;
        next.client_secret = old.client_secret;
        next.update_at = now_ms();
        validate(&next)?;
        self.store.update_oauth_app(&next).await?;
        Ok(next)
    }

    /// `POST /oauth/apps/{id}/regen_secret`: a new secret; the old one stops working at once.
    pub async fn regen_oauth_app_secret(&self, actor: &Actor, id: &str) -> Result<OAuthApp> {
        let mut app = self.managed_oauth_app(actor, id).await?;
        app.client_secret = new_id();
        app.update_at = now_ms();
        self.store.update_oauth_app(&app).await?;
        Ok(app)
    }

    /// `DELETE /oauth/apps/{id}`: the app, its pending codes, every grant and the sessions
    /// they opened, and the users' authorizations of it.
    pub async fn delete_oauth_app(&self, actor: &Actor, id: &str) -> Result<()> {
        let app = self.managed_oauth_app(actor, id).await?;
        let tx = self.store.begin().await?;
        let sessions = tx.delete_oauth_app(&app.id).await?;
        for (_, session) in &sessions {
            tx.delete_session(session).await?;
        }
        tx.commit().await?;
        self.end_oauth_sessions(&sessions);
        Ok(())
    }

    /// `GET /users/{id}/oauth/apps/authorized`: the apps the user has authorized, without
    /// their secrets.
    pub async fn authorized_oauth_apps(
        &self,
        actor: &Actor,
        user_id: &str,
        page: Page,
    ) -> Result<Vec<OAuthApp>> {
        if !actor.is(user_id) && !actor.can(perm::EDIT_OTHER_USERS) {
            return Err(Error::forbidden(perm::EDIT_OTHER_USERS.0));
        }
        self.require_oauth_enabled(OFF)?;
        let apps = self
            .store
            .list_authorized_oauth_apps(user_id, page.offset(), page.limit())
            .await?;
        Ok(apps.into_iter().map(OAuthApp::sanitized).collect())
    }
}
