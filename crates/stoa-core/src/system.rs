//! Server-wide endpoints: health, the client configuration, the license, and the runtime
//! settings admins edit.

use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

use crate::events::Event;
use crate::settings::Settings;
use crate::{Actor, Core, Error, MATTERMOST_VERSION, Result, perm};

/// `systems` row holding the runtime settings as JSON.
pub const CONFIG_KEY: &str = "config";
/// `systems` row holding the first start time.
pub const INSTALL_DATE_KEY: &str = "InstallationDate";
/// `systems` row holding the server's random id (Mattermost's row of the same name).
pub const DIAGNOSTIC_ID_KEY: &str = "DiagnosticId";

/// Health of the parts `GET /system/ping?get_server_status=true` reports.
#[derive(Debug, Clone)]
pub struct ServerStatus {
    pub database_ok: bool,
}

impl Core {
    /// Checks the database answers.
    pub async fn server_status(&self) -> ServerStatus {
        ServerStatus {
            database_ok: self.store.ping().await.is_ok(),
        }
    }

    /// `GET /config/client?format=old`: a flat map of strings. Before login only the limited set
    /// a login page needs; after login the full set clients branch on.
    pub async fn client_config(&self, actor: Option<&Actor>) -> Result<BTreeMap<String, String>> {
        let s = self.settings();
        let mut m = limited_client_config(&s, &self.build_number, &self.diagnostic_id);
        let no_accounts = self.store.count_users(true, true).await? == 0;
        m.insert("NoAccounts".into(), no_accounts.to_string());
        // The apps check every push's signature against it (`notifications/push.rs`).
        m.insert(
            "AsymmetricSigningPublicKey".into(),
            self.push_public_key().to_owned(),
        );
        if actor.is_some() {
            full_client_config(&s, &mut m, self.store.backend());
            let installed = self
                .store
                .get_system(INSTALL_DATE_KEY)
                .await?
                .unwrap_or_default();
            m.insert("InstallationDate".into(), installed);
            m.insert(
                "SchemaVersion".into(),
                self.store.schema_version().await?.to_string(),
            );
        }
        Ok(m)
    }

    /// `X-Version-Id`: `<version>.<build>.<hash of the client config>.<licensed>`. Clients watch
    /// the hash to notice configuration changes.
    pub fn version_id(&self) -> String {
        let s = self.settings();
        let limited = limited_client_config(&s, &self.build_number, &self.diagnostic_id);
        let json = serde_json::to_string(&limited).unwrap_or_default();
        let hash = Sha256::digest(json.as_bytes());
        let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
        format!("{MATTERMOST_VERSION}.{}.{hex}.false", self.build_number)
    }

    /// `GET /license/client?format=old`: Stoa is unlicensed, with nothing held back.
    pub fn client_license(&self) -> BTreeMap<String, String> {
        BTreeMap::from([("IsLicensed".to_owned(), "false".to_owned())])
    }

    fn require_manage_system(&self, actor: &Actor) -> Result<()> {
        if actor.can(perm::MANAGE_SYSTEM) {
            Ok(())
        } else {
            Err(Error::forbidden(perm::MANAGE_SYSTEM.0))
        }
    }

    /// `GET /config` (admins).
    pub fn get_config(&self, actor: &Actor) -> Result<Settings> {
        self.require_manage_system(actor)?;
        Ok(self.settings().sanitized())
    }

    /// `PUT /config/patch` and `PUT /config` (admins): validated, stored, applied at once.
    pub async fn patch_config(&self, actor: &Actor, patch: &serde_json::Value) -> Result<Settings> {
        self.require_manage_system(actor)?;
        if !patch.is_object() {
            return Err(Error::invalid_body_param("config"));
        }
        let mut next = self.settings().patched(patch)?;
        if let Some(url) = &self.site_url_override {
            next.service_settings.site_url = url.clone();
        }
        let json = serde_json::to_string(&next).map_err(Error::internal)?;
        self.store.set_system(CONFIG_KEY, &json).await?;
        self.set_settings(next.clone());
        self.publish(Event::new("config_changed").with(
            "config",
            serde_json::to_value(self.client_config(Some(actor)).await?).unwrap_or_default(),
        ));
        Ok(next.sanitized())
    }
}

/// IANA time zone names offered by the timezone pickers (`GET /system/timezones`): the
/// geographic zones of the tz database, plus UTC.
const TIMEZONES: &str = include_str!("timezones.txt");

/// `GET /limits/server`. Stoa has no user limits: both are 0, as Mattermost answers where no
/// limit applies; admins see the active user count.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServerLimits {
    pub max_users_limit: i64,
    pub max_users_hard_limit: i64,
    pub active_user_count: i64,
    pub last_accessible_post_time: i64,
    pub post_history_limit: i64,
}

impl Core {
    /// `GET /system/timezones`.
    pub fn supported_timezones(&self) -> Vec<&'static str> {
        TIMEZONES.lines().filter(|l| !l.is_empty()).collect()
    }

    /// `GET /limits/server`.
    pub async fn server_limits(&self, actor: &Actor) -> Result<ServerLimits> {
        let active_user_count =
            if actor.can(perm::MANAGE_SYSTEM) && actor.can(perm::SYSCONSOLE_READ_USERS) {
                self.store.count_users(false, false).await?
            } else {
                0
            };
        Ok(ServerLimits {
            max_users_limit: 0,
            max_users_hard_limit: 0,
            active_user_count,
            last_accessible_post_time: 0,
            post_history_limit: 0,
        })
    }
}

fn b(v: bool) -> String {
    v.to_string()
}

/// The keys every visitor may read (login and sign-up pages need them).
fn limited_client_config(
    s: &Settings,
    build_number: &str,
    diagnostic_id: &str,
) -> BTreeMap<String, String> {
    let svc = &s.service_settings;
    let team = &s.team_settings;
    let pw = &s.password_settings;
    let email = &s.email_settings;
    let pairs: Vec<(&str, String)> = vec![
        ("Version", MATTERMOST_VERSION.into()),
        ("BuildNumber", build_number.into()),
        ("BuildDate", String::new()),
        ("BuildHash", format!("stoa-{build_number}")),
        ("BuildHashEnterprise", "none".into()),
        ("BuildEnterpriseReady", "false".into()),
        ("ServiceEnvironment", "production".into()),
        ("IsFipsEnabled", "false".into()),
        ("SiteURL", svc.site_url.clone()),
        ("SiteName", team.site_name.clone()),
        ("WebsocketURL", String::new()),
        ("WebsocketPort", "80".into()),
        ("WebsocketSecurePort", "443".into()),
        ("EnableUserCreation", b(team.enable_user_creation)),
        ("EnableOpenServer", b(team.enable_open_server)),
        ("EnableSignUpWithEmail", b(email.enable_sign_up_with_email)),
        ("EnableSignInWithEmail", b(email.enable_sign_in_with_email)),
        (
            "EnableSignInWithUsername",
            b(email.enable_sign_in_with_username),
        ),
        ("EnableLdap", "false".into()),
        ("LdapLoginFieldName", String::new()),
        ("EnableSaml", "false".into()),
        ("SamlLoginButtonText", String::new()),
        ("EnableSignUpWithGitLab", "false".into()),
        ("EnableSignUpWithGoogle", "false".into()),
        ("EnableSignUpWithOffice365", "false".into()),
        ("EnableSignUpWithOpenId", "false".into()),
        ("OpenIdButtonText", String::new()),
        ("GitLabButtonText", String::new()),
        ("EnableMultifactorAuthentication", "false".into()),
        ("EnforceMultifactorAuthentication", "false".into()),
        ("EnableGuestAccounts", "false".into()),
        ("EnableGuestMagicLink", "false".into()),
        ("EnableCustomBrand", "false".into()),
        ("CustomBrandText", String::new()),
        (
            "CustomDescriptionText",
            team.custom_description_text.clone(),
        ),
        ("EnableCustomEmoji", b(svc.enable_custom_emoji)),
        ("EnableUserStatuses", "true".into()),
        (
            "DefaultClientLocale",
            s.localization_settings.default_client_locale.clone(),
        ),
        (
            "AvailableLocales",
            s.localization_settings.available_locales.clone(),
        ),
        ("PasswordMinimumLength", pw.minimum_length.to_string()),
        ("PasswordRequireLowercase", b(pw.lowercase)),
        ("PasswordRequireUppercase", b(pw.uppercase)),
        ("PasswordRequireNumber", b(pw.number)),
        ("PasswordRequireSymbol", b(pw.symbol)),
        // No password reset by email yet: a link would lead to a 404.
        ("PasswordEnableForgotLink", "false".into()),
        ("TermsOfServiceLink", String::new()),
        ("PrivacyPolicyLink", String::new()),
        ("AboutLink", String::new()),
        ("HelpLink", String::new()),
        ("ReportAProblemLink", String::new()),
        ("SupportEmail", String::new()),
        ("AppDownloadLink", String::new()),
        ("AndroidAppDownloadLink", String::new()),
        ("IosAppDownloadLink", String::new()),
        ("AndroidLatestVersion", String::new()),
        ("AndroidMinVersion", String::new()),
        ("IosLatestVersion", String::new()),
        ("IosMinVersion", String::new()),
        ("MobileExternalBrowser", "false".into()),
        ("DiagnosticId", diagnostic_id.into()),
        ("TelemetryId", diagnostic_id.into()),
        ("DiagnosticsEnabled", "false".into()),
        ("PluginsEnabled", "false".into()),
        ("HasImageProxy", "false".into()),
        ("EnableDesktopLandingPage", "true".into()),
        (
            "EnableBotAccountCreation",
            b(svc.enable_bot_account_creation),
        ),
        ("EnableCustomTermsOfService", "false".into()),
        ("MobileEnableBiometrics", "false".into()),
        ("MobilePreventScreenCapture", "false".into()),
        ("MobileJailbreakProtection", "false".into()),
    ];
    pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
}

/// The keys clients read once logged in.
fn full_client_config(s: &Settings, m: &mut BTreeMap<String, String>, backend: &str) {
    let svc = &s.service_settings;
    let team = &s.team_settings;
    let files = &s.file_settings;
    let privacy = &s.privacy_settings;
    let pairs: Vec<(&str, String)> = vec![
        ("CollapsedThreads", svc.collapsed_threads.clone()),
        ("TeammateNameDisplay", team.teammate_name_display.clone()),
        (
            "LockTeammateNameDisplay",
            b(team.lock_teammate_name_display),
        ),
        ("ShowEmailAddress", b(privacy.show_email_address)),
        ("ShowFullName", b(privacy.show_full_name)),
        (
            "RestrictDirectMessage",
            team.restrict_direct_message.clone(),
        ),
        (
            "EnableCustomUserStatuses",
            b(team.enable_custom_user_statuses),
        ),
        ("EnableLastActiveTime", b(team.enable_last_active_time)),
        ("MaxFileSize", files.max_file_size.to_string()),
        ("MaxPostSize", "16383".into()),
        ("EnableFileAttachments", b(files.enable_file_attachments)),
        ("EnableMobileFileUpload", b(files.enable_mobile_upload)),
        ("EnableMobileFileDownload", b(files.enable_mobile_download)),
        ("EnablePublicLink", b(files.enable_public_link)),
        // Features Stoa does not serve yet are advertised off whatever the setting says, so
        // that clients do not offer them (a test checks every "true" against the routes).
        ("EnableLinkPreviews", "false".into()),
        ("EnablePermalinkPreviews", "true".into()),
        ("ExperimentalEnablePostMetadata", "true".into()),
        ("ExperimentalTimezone", "true".into()),
        (
            "TimeBetweenUserTypingUpdatesMilliseconds",
            svc.time_between_user_typing_updates_milliseconds
                .to_string(),
        ),
        (
            "EnableUserTypingMessages",
            b(svc.enable_user_typing_messages),
        ),
        (
            "EnableChannelViewedMessages",
            b(svc.enable_channel_viewed_messages),
        ),
        ("PostEditTimeLimit", svc.post_edit_time_limit.to_string()),
        (
            "ExtendSessionLengthWithActivity",
            b(svc.extend_session_length_with_activity),
        ),
        ("EnableEmojiPicker", b(svc.enable_emoji_picker)),
        ("EnableGifPicker", "false".into()),
        ("GiphySdkKey", String::new()),
        ("EnableCommands", b(svc.enable_commands)),
        ("EnableIncomingWebhooks", b(svc.enable_incoming_webhooks)),
        ("EnableOutgoingWebhooks", b(svc.enable_outgoing_webhooks)),
        (
            "EnablePostUsernameOverride",
            b(svc.enable_post_username_override),
        ),
        ("EnablePostIconOverride", b(svc.enable_post_icon_override)),
        ("EnableUserAccessTokens", b(svc.enable_user_access_tokens)),
        (
            "EnableOAuthServiceProvider",
            b(svc.enable_oauth_service_provider),
        ),
        ("EnableTutorial", "false".into()),
        ("EnableOnboardingFlow", "false".into()),
        ("ExperimentalGroupUnreadChannels", "disabled".into()),
        (
            "ExperimentalPrimaryTeam",
            team.experimental_primary_team.clone(),
        ),
        (
            "ExperimentalViewArchivedChannels",
            b(team.experimental_view_archived_channels),
        ),
        (
            "SendPushNotifications",
            b(s.email_settings.send_push_notifications),
        ),
        (
            "SendEmailNotifications",
            b(s.email_settings.send_email_notifications),
        ),
        (
            "EnableEmailBatching",
            b(s.email_settings.enable_email_batching),
        ),
        (
            "EmailNotificationContentsType",
            s.email_settings.email_notification_contents_type.clone(),
        ),
        ("PostPriority", "true".into()),
        ("PostAcknowledgements", "false".into()),
        ("AllowPersistentNotifications", "false".into()),
        ("AllowSyncedDrafts", b(svc.allow_synced_drafts)),
        ("ScheduledPosts", "false".into()),
        ("EnableCustomGroups", "false".into()),
        ("EnableSVGs", "false".into()),
        ("EnableLatex", "false".into()),
        ("EnableInlineLatex", "false".into()),
        ("UniqueEmojiReactionLimitPerPost", "50".into()),
        (
            "UsersStatusAndProfileFetchingPollIntervalMilliseconds",
            "3000".into(),
        ),
        ("SQLDriverName", backend.into()),
        ("EnableCluster", "false".into()),
        ("EnableMetrics", "false".into()),
        // The apps post performance reports to `/client_perf` unless this is "false".
        ("EnableClientMetrics", "false".into()),
        ("EnableBanner", "false".into()),
        ("BannerText", String::new()),
        ("BannerColor", String::new()),
        ("BannerTextColor", String::new()),
        ("AllowBannerDismissal", "true".into()),
        ("EnableThemeSelection", "true".into()),
        ("DefaultTheme", "default".into()),
        ("AllowCustomThemes", "true".into()),
        (
            "EnableConfirmNotificationsToChannel",
            b(team.enable_confirm_notifications_to_channel),
        ),
        (
            "MaxNotificationsPerChannel",
            team.max_notifications_per_channel.to_string(),
        ),
        ("EnableUserDeactivation", b(team.enable_user_deactivation)),
        ("UpgradedFromTE", "false".into()),
        ("FeatureFlagCollapsedThreads", "true".into()),
    ];
    for (k, v) in pairs {
        m.insert(k.to_owned(), v);
    }
}
