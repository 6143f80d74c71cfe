//! Stoa's rules: who may do what, and what happens when they do.
//!
//! Every operation is a method on [`Core`] taking the acting [`Actor`] first, checking its
//! permissions here (never in HTTP handlers), writing through the storage traits (in a
//! transaction when it writes more than one row) and publishing the resulting [`events::Event`]s.
//! Core knows no HTTP and no SQL.

pub mod actions;
pub mod actor;
pub mod avatar;
pub mod bots;
pub mod channels;
pub mod commands;
pub mod drafts;
pub mod emoji;
pub mod emoji_names;
mod error;
pub mod events;
pub mod files;
mod form;
pub mod images;
mod mail;
pub mod notifications;
pub mod oauth;
mod outbound;
pub mod paging;
pub mod password;
pub mod perm;
pub mod ports;
pub mod posts;
pub mod preferences;
pub mod presence;
pub mod reactions;
pub mod reports;
pub mod roles;
pub mod search;
pub mod sessions;
pub mod settings;
mod signing;
pub mod status;
pub mod system;
pub mod team_icon;
pub mod teams;
pub mod threads;
pub mod unreads;
pub mod users;
pub mod webhooks;

pub use actor::Actor;
pub use error::{Error, ErrorKind, Result, StoreResultExt};
pub use paging::Page;

use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use stoa_store::Store;

use events::{Bus, Event};
use ports::FileStore;
use settings::Settings;

/// The Mattermost version Stoa answers with: clients gate features on it, and the mobile app
/// refuses servers older than its minimum. 10.11 is the extended-support release whose API
/// Stoa implements.
pub const MATTERMOST_VERSION: &str = "10.11.0";

/// What core is built from; `crates/stoa` fills it in.
pub struct CoreParts {
    pub store: Arc<dyn Store>,
    pub bus: Arc<dyn Bus>,
    pub files: Arc<dyn FileStore>,
    /// The one way out to integrations' URLs.
    pub outbound: Arc<dyn ports::Outbound>,
    /// The way out for email (SMTP).
    pub mailer: Arc<dyn ports::Mailer>,
    /// `STOA_SITE_URL`: overrides `ServiceSettings.SiteURL` when set.
    pub site_url: Option<String>,
    /// Stoa's own version, reported as the build number.
    pub build_number: String,
    /// A local directory for uploads on their way in (under the data dir).
    pub staging_dir: PathBuf,
}

pub struct Core {
    store: Arc<dyn Store>,
    bus: Arc<dyn Bus>,
    files: Arc<dyn FileStore>,
    outbound: Arc<dyn ports::Outbound>,
    mailer: Arc<dyn ports::Mailer>,
    settings: RwLock<Arc<Settings>>,
    site_url_override: Option<String>,
    build_number: String,
    /// `DiagnosticId` of `/config/client`: random, made on first start, never changed.
    diagnostic_id: String,
    sessions: sessions::SessionCache,
    /// Guards the "first user becomes admin" decision against two sign-ups at once.
    first_user: tokio::sync::Mutex<()>,
    /// Channel members for mention parsing (the post path's only per-channel data).
    mention_cache: posts::MentionCache,
    /// Recent `pending_post_id`s, so a retried send returns the same post.
    pending: posts::PendingPosts,
    /// Statuses, so presence reads and routine activity cost no database round trip.
    status_cache: presence::StatusCache,
    staging_dir: PathBuf,
    /// Bounds image decoding by count and by memory.
    decoders: files::DecoderPool,
    passwords: password::Hasher,
    /// Signs trigger ids and action cookies (`signing.rs`).
    signing_key: String,
    /// Incoming hooks' post budgets.
    hook_rates: webhooks::HookRates,
    /// New posts on their way to outgoing hooks, and the hooks by team.
    outgoing: webhooks::OutgoingQueue,
    /// Wakes the worker that sends queued mail.
    mail_queue: mail::MailQueue,
    /// Signs pushes (`notifications/push.rs`).
    push_key: notifications::push::PushKey,
    /// Wakes this node's notification worker.
    notifications: notifications::NotificationWorker,
    /// Core itself, for background tasks started from a `&self` method.
    me: std::sync::Weak<Core>,
    /// Web push: the VAPID key and the pushes on their way to browsers.
    web_push: notifications::webpush::WebPush,
}

impl Core {
    /// Builds core: loads the runtime settings from the database (storing the defaults on first
    /// start).
    pub async fn new(parts: CoreParts) -> Result<Arc<Core>> {
        let stored = parts.store.get_system(system::CONFIG_KEY).await?;
        let mut settings = match stored {
            Some(json) => serde_json::from_str::<Settings>(&json)
                .map_err(|e| Error::internal(format!("stored config is not valid: {e}")))?,
            None => {
                let mut defaults = Settings::default();
                defaults.file_settings.public_link_salt = new_salt();
                let json = serde_json::to_string(&defaults).map_err(Error::internal)?;
                parts.store.init_system(system::CONFIG_KEY, &json).await?;
                defaults
            }
        };
        if settings.file_settings.public_link_salt.is_empty() {
            // A config stored before the salt existed: give it one, once.
            settings.file_settings.public_link_salt = new_salt();
            let json = serde_json::to_string(&settings).map_err(Error::internal)?;
            parts.store.set_system(system::CONFIG_KEY, &json).await?;
        }
        if let Some(url) = &parts.site_url {
            settings.service_settings.site_url = url.clone();
        }
        parts
            .store
            .init_system(system::INSTALL_DATE_KEY, &stoa_model::now_ms().to_string())
            .await?;
        // The server's identity for clients: the mobile app keys its local database and its
        // pushes by it, so it is made once and kept for the life of the database.
        let diagnostic_id = parts
            .store
            .init_system(system::DIAGNOSTIC_ID_KEY, &stoa_model::id::new_id())
            .await?;
        let signing_key = parts
            .store
            .init_system(
                signing::SIGNING_KEY,
                &format!("{}{}", new_salt(), new_salt()),
            )
            .await?;
        let web_push = notifications::webpush::WebPush::load(parts.store.as_ref()).await?;
        let push_key = parts
            .store
            .init_system(
                notifications::push::SIGNING_KEY,
                &notifications::push::PushKey::generate()?,
            )
            .await?;
        let push_key = notifications::push::PushKey::decode(&push_key)?;
        Ok(Arc::new_cyclic(|me| Core {
            store: parts.store,
            bus: parts.bus,
            files: parts.files,
            outbound: parts.outbound,
            mailer: parts.mailer,
            settings: RwLock::new(Arc::new(settings)),
            site_url_override: parts.site_url,
            build_number: parts.build_number,
            diagnostic_id,
            sessions: sessions::SessionCache::default(),
            first_user: tokio::sync::Mutex::new(()),
            mention_cache: posts::MentionCache::default(),
            pending: posts::PendingPosts::default(),
            status_cache: presence::StatusCache::default(),
            staging_dir: parts.staging_dir,
            decoders: files::DecoderPool::new(),
            passwords: password::Hasher::new(),
            signing_key,
            hook_rates: webhooks::HookRates::default(),
            outgoing: webhooks::OutgoingQueue::default(),
            mail_queue: mail::MailQueue::default(),
            push_key,
            notifications: notifications::NotificationWorker::default(),
            me: me.clone(),
            web_push,
        }))
    }

    /// The current runtime settings (a cheap shared snapshot).
    pub fn settings(&self) -> Arc<Settings> {
        match self.settings.read() {
            Ok(s) => s.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    fn set_settings(&self, next: Settings) {
        let next = Arc::new(next);
        match self.settings.write() {
            Ok(mut s) => *s = next,
            Err(poisoned) => *poisoned.into_inner() = next,
        }
    }

    /// Core, for a task that must not keep it alive.
    pub(crate) fn self_ref(&self) -> std::sync::Weak<Core> {
        self.me.clone()
    }

    /// Subscribes to every event core publishes (the WebSocket hub does).
    pub fn subscribe(&self) -> tokio::sync::broadcast::Receiver<Arc<Event>> {
        self.bus.subscribe()
    }

    fn publish(&self, event: Event) {
        self.bus.publish(event);
    }

    pub fn backend(&self) -> &'static str {
        self.store.backend()
    }

    /// Closes the database cleanly (graceful shutdown).
    pub async fn shutdown(&self) {
        self.store.close().await;
    }
}

/// 32 random characters for signing public links.
fn new_salt() -> String {
    let mut salt = stoa_model::new_id();
    salt.push_str(&stoa_model::new_id());
    salt.truncate(32);
    salt
}
