//! Runtime settings: the Mattermost-shaped configuration the admin console reads and writes via
//! `/api/v4/config`. Stored in the database (`systems` row `config`), held in memory, and
//! swapped whole on change. Only the sections and keys Stoa acts on are kept; unknown keys sent
//! by a client are ignored.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, rename_all = "PascalCase")]
#[derive(Default)]
pub struct Settings {
    pub service_settings: ServiceSettings,
    pub team_settings: TeamSettings,
    pub password_settings: PasswordSettings,
    pub privacy_settings: PrivacySettings,
    pub email_settings: EmailSettings,
    pub file_settings: FileSettings,
    pub localization_settings: LocalizationSettings,
}

/// What `GET /config` shows in place of a secret (Mattermost's `FakeSetting`).
pub const SECRET_MASK: &str = "********************************";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, rename_all = "PascalCase")]
pub struct ServiceSettings {
    #[serde(rename = "SiteURL")]
    pub site_url: String,
    pub session_length_web_in_hours: i64,
    pub session_length_mobile_in_hours: i64,
    pub session_length_sso_in_hours: i64,
    pub extend_session_length_with_activity: bool,
    pub session_idle_timeout_in_minutes: i64,
    pub maximum_login_attempts: i64,
    pub enable_user_access_tokens: bool,
    pub enable_developer: bool,
    #[serde(rename = "EnableAPITeamDeletion")]
    pub enable_api_team_deletion: bool,
    #[serde(rename = "EnableAPIUserDeletion")]
    pub enable_api_user_deletion: bool,
    #[serde(rename = "EnableAPIChannelDeletion")]
    pub enable_api_channel_deletion: bool,
    pub enable_custom_emoji: bool,
    pub enable_emoji_picker: bool,
    pub enable_user_typing_messages: bool,
    pub time_between_user_typing_updates_milliseconds: i64,
    pub enable_channel_viewed_messages: bool,
    pub post_edit_time_limit: i64,
    pub collapsed_threads: String,
    pub enable_link_previews: bool,
    pub enable_post_username_override: bool,
    pub enable_post_icon_override: bool,
    pub enable_commands: bool,
    pub enable_incoming_webhooks: bool,
    pub enable_outgoing_webhooks: bool,
    /// Stoa as an OAuth 2.0 provider (`/oauth/apps`, `/oauth/authorize`, …); off by default.
    #[serde(rename = "EnableOAuthServiceProvider")]
    pub enable_oauth_service_provider: bool,
    pub enable_bot_account_creation: bool,
    #[serde(rename = "ExperimentalStrictCSRFEnforcement")]
    pub experimental_strict_csrf_enforcement: bool,
    /// Bytes of a JSON request body (`MaximumPayloadSizeBytes`).
    pub maximum_payload_size_bytes: i64,
    /// Drafts are kept on the server and shared by the user's devices.
    pub allow_synced_drafts: bool,
    /// Internal hosts, addresses and CIDR ranges integrations may reach despite the SSRF guard.
    pub allowed_untrusted_internal_connections: String,
    /// Seconds an integration has to answer.
    pub outgoing_integration_requests_timeout: i64,
}

impl Default for ServiceSettings {
    fn default() -> Self {
        ServiceSettings {
            site_url: String::new(),
            session_length_web_in_hours: 720,
            session_length_mobile_in_hours: 720,
            session_length_sso_in_hours: 720,
            extend_session_length_with_activity: true,
            session_idle_timeout_in_minutes: 43200,
            maximum_login_attempts: 10,
            enable_user_access_tokens: false,
            enable_developer: false,
            enable_api_team_deletion: false,
            enable_api_user_deletion: false,
            enable_api_channel_deletion: false,
            enable_custom_emoji: true,
            enable_emoji_picker: true,
            enable_user_typing_messages: true,
            time_between_user_typing_updates_milliseconds: 5000,
            enable_channel_viewed_messages: true,
            post_edit_time_limit: -1,
            collapsed_threads: "default_on".into(),
            enable_link_previews: false,
            enable_post_username_override: false,
            enable_post_icon_override: false,
            enable_commands: true,
            enable_incoming_webhooks: true,
            enable_outgoing_webhooks: true,
            enable_oauth_service_provider: false,
            enable_bot_account_creation: false,
            experimental_strict_csrf_enforcement: false,
            maximum_payload_size_bytes: 300_000,
            allow_synced_drafts: true,
            allowed_untrusted_internal_connections: String::new(),
            outgoing_integration_requests_timeout: 30,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, rename_all = "PascalCase")]
pub struct TeamSettings {
    pub site_name: String,
    pub max_users_per_team: i64,
    pub enable_user_creation: bool,
    pub enable_open_server: bool,
    pub restrict_creation_to_domains: String,
    pub enable_custom_user_statuses: bool,
    pub enable_last_active_time: bool,
    /// `any` or `team`: whether direct messages need a shared team.
    pub restrict_direct_message: String,
    pub teammate_name_display: String,
    pub lock_teammate_name_display: bool,
    pub experimental_view_archived_channels: bool,
    pub max_channels_per_team: i64,
    pub max_notifications_per_channel: i64,
    pub enable_confirm_notifications_to_channel: bool,
    pub experimental_default_channels: Vec<String>,
    pub experimental_primary_team: String,
    pub enable_join_leave_message_by_default: bool,
    pub enable_user_deactivation: bool,
    pub custom_description_text: String,
    /// Seconds without activity after which an online user becomes away.
    pub user_status_away_timeout: i64,
}

impl Default for TeamSettings {
    fn default() -> Self {
        TeamSettings {
            site_name: "Stoa".into(),
            // Mattermost ships 50, a limit meant for trials; a self-hosted server should not need
            // a settings change before the 51st colleague joins (see docs/COMPATIBILITY.md).
            max_users_per_team: 100_000,
            enable_user_creation: true,
            enable_open_server: false,
            restrict_creation_to_domains: String::new(),
            enable_custom_user_statuses: true,
            enable_last_active_time: true,
            restrict_direct_message: "any".into(),
            teammate_name_display: "username".into(),
            lock_teammate_name_display: false,
            experimental_view_archived_channels: true,
            max_channels_per_team: 2000,
            max_notifications_per_channel: 1000,
            enable_confirm_notifications_to_channel: true,
            experimental_default_channels: Vec::new(),
            experimental_primary_team: String::new(),
            enable_join_leave_message_by_default: true,
            enable_user_deactivation: false,
            custom_description_text: String::new(),
            user_status_away_timeout: 300,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, rename_all = "PascalCase")]
pub struct PasswordSettings {
    pub minimum_length: i64,
    pub lowercase: bool,
    pub number: bool,
    pub uppercase: bool,
    pub symbol: bool,
    pub enable_forgot_link: bool,
}

impl Default for PasswordSettings {
    fn default() -> Self {
        PasswordSettings {
            minimum_length: 8,
            lowercase: false,
            number: false,
            uppercase: false,
            symbol: false,
            enable_forgot_link: true,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, rename_all = "PascalCase")]
pub struct PrivacySettings {
    pub show_email_address: bool,
    pub show_full_name: bool,
}

impl Default for PrivacySettings {
    fn default() -> Self {
        PrivacySettings {
            show_email_address: true,
            show_full_name: true,
        }
    }
}

/// Sign-up and sign-in by email, and every way Stoa reaches people away from the screen: the
/// SMTP server, email notifications and their batching, and the push proxy.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, rename_all = "PascalCase")]
pub struct EmailSettings {
    pub enable_sign_up_with_email: bool,
    pub enable_sign_in_with_email: bool,
    pub enable_sign_in_with_username: bool,
    pub require_email_verification: bool,
    pub send_email_notifications: bool,
    /// Notification emails collected and sent together, at the interval each user chose.
    pub enable_email_batching: bool,
    /// How often, in seconds, batches are looked at.
    pub email_batching_interval: i64,
    pub email_batching_buffer_size: i64,
    /// `full` (the message) or `generic` (only who wrote where).
    pub email_notification_contents_type: String,
    pub use_channel_in_email_notifications: bool,
    pub feedback_name: String,
    pub feedback_email: String,
    pub reply_to_address: String,
    pub feedback_organization: String,
    #[serde(rename = "SMTPServer")]
    pub smtp_server: String,
    /// A string, as in Mattermost's config.
    #[serde(rename = "SMTPPort")]
    pub smtp_port: String,
    #[serde(rename = "EnableSMTPAuth")]
    pub enable_smtp_auth: bool,
    #[serde(rename = "SMTPUsername")]
    pub smtp_username: String,
    /// Secret: masked in `GET /config`.
    #[serde(rename = "SMTPPassword")]
    pub smtp_password: String,
    /// `""` (plain), `TLS` (implicit TLS) or `STARTTLS`.
    pub connection_security: String,
    pub skip_server_certificate_verification: bool,
    /// Seconds for one SMTP exchange.
    #[serde(rename = "SMTPServerTimeout")]
    pub smtp_server_timeout: i64,
    pub send_push_notifications: bool,
    /// The push proxy's base URL (Mattermost's hosted proxies or a `mattermost-push-proxy`).
    pub push_notification_server: String,
    /// `generic_no_channel`, `generic`, `full` or `id_loaded`: what a push may reveal.
    pub push_notification_contents: String,
    /// Pushes waiting to be sent, at most.
    pub push_notification_buffer: i64,
}

impl Default for EmailSettings {
    fn default() -> Self {
        EmailSettings {
            enable_sign_up_with_email: true,
            enable_sign_in_with_email: true,
            enable_sign_in_with_username: true,
            require_email_verification: false,
            send_email_notifications: false,
            enable_email_batching: false,
            email_batching_interval: 30,
            email_batching_buffer_size: 256,
            email_notification_contents_type: "full".to_owned(),
            use_channel_in_email_notifications: false,
            feedback_name: String::new(),
            feedback_email: "test@example.com".to_owned(),
            reply_to_address: "test@example.com".to_owned(),
            feedback_organization: String::new(),
            smtp_server: "localhost".to_owned(),
            smtp_port: "10025".to_owned(),
            enable_smtp_auth: false,
            smtp_username: String::new(),
            smtp_password: String::new(),
            connection_security: String::new(),
            skip_server_certificate_verification: false,
            smtp_server_timeout: 10,
            send_push_notifications: false,
            push_notification_server: String::new(),
            push_notification_contents: "full".to_owned(),
            push_notification_buffer: 1000,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, rename_all = "PascalCase")]
pub struct FileSettings {
    pub enable_file_attachments: bool,
    pub enable_mobile_upload: bool,
    pub enable_mobile_download: bool,
    pub max_file_size: i64,
    pub enable_public_link: bool,
    /// Signs public links; changing it breaks every link given out. Generated on first start.
    pub public_link_salt: String,
    pub max_image_resolution: i64,
}

impl Default for FileSettings {
    fn default() -> Self {
        FileSettings {
            enable_file_attachments: true,
            enable_mobile_upload: true,
            enable_mobile_download: true,
            max_file_size: 100 * 1024 * 1024,
            enable_public_link: false,
            public_link_salt: String::new(),
            max_image_resolution: 7680 * 4320,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, rename_all = "PascalCase")]
pub struct LocalizationSettings {
    pub default_server_locale: String,
    pub default_client_locale: String,
    pub available_locales: String,
}

impl Default for LocalizationSettings {
    fn default() -> Self {
        LocalizationSettings {
            default_server_locale: "en".into(),
            default_client_locale: "en".into(),
            available_locales: String::new(),
        }
    }
}

impl Settings {
    /// Rejects values the server cannot run with, naming the key.
    pub fn validate(&self) -> crate::Result<()> {
        let bad = |key: &str| {
            crate::Error::new(
                crate::ErrorKind::BadRequest,
                "model.config.is_valid.app_error",
                format!("Invalid value for {key}."),
            )
        };
        let s = &self.service_settings;
        if s.session_length_web_in_hours < 1 {
            return Err(bad("ServiceSettings.SessionLengthWebInHours"));
        }
        if s.session_length_mobile_in_hours < 1 {
            return Err(bad("ServiceSettings.SessionLengthMobileInHours"));
        }
        if s.maximum_payload_size_bytes < 1024 {
            return Err(bad("ServiceSettings.MaximumPayloadSizeBytes"));
        }
        if !matches!(
            s.collapsed_threads.as_str(),
            "disabled" | "default_off" | "default_on" | "always_on"
        ) {
            return Err(bad("ServiceSettings.CollapsedThreads"));
        }
        if self.file_settings.public_link_salt.len() < 32 {
            return Err(bad("FileSettings.PublicLinkSalt"));
        }
        let p = &self.password_settings;
        if !(5..=72).contains(&p.minimum_length) {
            return Err(bad("PasswordSettings.MinimumLength"));
        }
        let t = &self.team_settings;
        if t.max_users_per_team < 1 {
            return Err(bad("TeamSettings.MaxUsersPerTeam"));
        }
        if !matches!(t.restrict_direct_message.as_str(), "any" | "team") {
            return Err(bad("TeamSettings.RestrictDirectMessage"));
        }
        if !matches!(
            t.teammate_name_display.as_str(),
            "username" | "nickname_full_name" | "full_name"
        ) {
            return Err(bad("TeamSettings.TeammateNameDisplay"));
        }
        if self.file_settings.max_file_size < 1 {
            return Err(bad("FileSettings.MaxFileSize"));
        }
        let e = &self.email_settings;
        if !matches!(
            e.push_notification_contents.as_str(),
            "generic_no_channel" | "generic" | "full" | "id_loaded"
        ) {
            return Err(bad("EmailSettings.PushNotificationContents"));
        }
        if !matches!(
            e.email_notification_contents_type.as_str(),
            "full" | "generic"
        ) {
            return Err(bad("EmailSettings.EmailNotificationContentsType"));
        }
        if !matches!(e.connection_security.as_str(), "" | "TLS" | "STARTTLS") {
            return Err(bad("EmailSettings.ConnectionSecurity"));
        }
        if e.email_batching_interval < 1 {
            return Err(bad("EmailSettings.EmailBatchingInterval"));
        }
        if e.email_batching_buffer_size < 1 {
            return Err(bad("EmailSettings.EmailBatchingBufferSize"));
        }
        if e.push_notification_buffer < 1 {
            return Err(bad("EmailSettings.PushNotificationBuffer"));
        }
        if e.smtp_server_timeout < 1 {
            return Err(bad("EmailSettings.SMTPServerTimeout"));
        }
        if !e.smtp_port.is_empty() && e.smtp_port.parse::<u16>().is_err() {
            return Err(bad("EmailSettings.SMTPPort"));
        }
        if !e.push_notification_server.is_empty()
            && !crate::outbound::is_http_url(&e.push_notification_server)
        {
            return Err(bad("EmailSettings.PushNotificationServer"));
        }
        Ok(())
    }

    /// Applies a partial config (JSON object with the same shape) over these settings.
    pub fn patched(&self, patch: &serde_json::Value) -> crate::Result<Settings> {
        let mut current = serde_json::to_value(self).map_err(crate::Error::internal)?;
        merge(&mut current, patch);
        let mut next: Settings = serde_json::from_value(current)
            .map_err(|e| crate::Error::invalid_body_param("config").with_detail(e.to_string()))?;
        // A config read back from `GET /config` carries the mask, which means "unchanged".
        if next.file_settings.public_link_salt == SECRET_MASK {
            next.file_settings.public_link_salt = self.file_settings.public_link_salt.clone();
        }
        if next.email_settings.smtp_password == SECRET_MASK {
            next.email_settings.smtp_password = self.email_settings.smtp_password.clone();
        }
        next.validate()?;
        Ok(next)
    }

    /// The settings as admins read them: secrets masked, as Mattermost does.
    pub fn sanitized(&self) -> Settings {
        let mut s = self.clone();
        if !s.file_settings.public_link_salt.is_empty() {
            s.file_settings.public_link_salt = SECRET_MASK.to_owned();
        }
        if !s.email_settings.smtp_password.is_empty() {
            s.email_settings.smtp_password = SECRET_MASK.to_owned();
        }
        s
    }
}

/// Deep-merges `patch` into `target`: objects merge key by key, anything else replaces.
fn merge(target: &mut serde_json::Value, patch: &serde_json::Value) {
    match (target, patch) {
        (serde_json::Value::Object(t), serde_json::Value::Object(p)) => {
            for (k, v) in p {
                match t.get_mut(k) {
                    Some(existing) => merge(existing, v),
                    None => {
                        t.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        (t, p) => *t = p.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The defaults plus the salt core generates on first start.
    fn started() -> Settings {
        let mut s = Settings::default();
        s.file_settings.public_link_salt = "s".repeat(32);
        s
    }

    #[test]
    fn defaults_are_valid_and_use_mattermost_key_names() {
        let s = started();
        s.validate().expect("valid");
        assert!(Settings::default().validate().is_err(), "no salt yet");
        let json = serde_json::to_value(&s).expect("serialises");
        assert_eq!(json["TeamSettings"]["EnableOpenServer"], false);
        assert_eq!(json["ServiceSettings"]["SiteURL"], "");
        assert_eq!(json["PasswordSettings"]["MinimumLength"], 8);
    }

    #[test]
    fn the_salt_is_masked_and_the_mask_keeps_it() {
        let s = started();
        let shown = s.sanitized();
        assert_eq!(shown.file_settings.public_link_salt, SECRET_MASK);
        let back = s
            .patched(&serde_json::to_value(&shown).expect("json"))
            .expect("patches");
        assert_eq!(
            back.file_settings.public_link_salt,
            s.file_settings.public_link_salt
        );
        assert!(
            s.patched(&serde_json::json!({"FileSettings": {"PublicLinkSalt": "short"}}))
                .is_err()
        );
    }

    #[test]
    fn patch_changes_only_given_keys_and_validates() {
        let s = started();
        let next = s
            .patched(&serde_json::json!({"TeamSettings": {"EnableOpenServer": true}}))
            .expect("patches");
        assert!(next.team_settings.enable_open_server);
        assert_eq!(next.team_settings.site_name, "Stoa");
        assert!(
            s.patched(&serde_json::json!({"PasswordSettings": {"MinimumLength": 2}}))
                .is_err()
        );
        assert!(
            s.patched(&serde_json::json!({"TeamSettings": {"EnableOpenServer": "yes"}}))
                .is_err()
        );
    }
}
