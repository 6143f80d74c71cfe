//! `User` and the shapes around it.

use crate::{StringMap, is_false, is_zero};
use serde::{Deserialize, Serialize};

/// A user as Mattermost serialises it. Secrets (password hash, MFA secret) are never part of this
/// type: they live only in the store.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct User {
    pub id: String,
    #[serde(skip_serializing_if = "is_zero")]
    pub create_at: i64,
    #[serde(skip_serializing_if = "is_zero")]
    pub update_at: i64,
    pub delete_at: i64,
    pub username: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth_data: Option<String>,
    pub auth_service: String,
    pub email: String,
    #[serde(skip_serializing_if = "is_false")]
    pub email_verified: bool,
    pub nickname: String,
    pub first_name: String,
    pub last_name: String,
    pub position: String,
    pub roles: String,
    #[serde(skip_serializing_if = "is_false")]
    pub allow_marketing: bool,
    #[serde(skip_serializing_if = "StringMap::is_empty")]
    pub props: StringMap,
    #[serde(skip_serializing_if = "StringMap::is_empty")]
    pub notify_props: StringMap,
    #[serde(skip_serializing_if = "is_zero")]
    pub last_password_update: i64,
    #[serde(skip_serializing_if = "is_zero")]
    pub last_picture_update: i64,
    #[serde(skip_serializing_if = "is_zero")]
    pub failed_attempts: i64,
    pub locale: String,
    pub timezone: StringMap,
    #[serde(skip_serializing_if = "is_false")]
    pub mfa_active: bool,
    #[serde(skip_serializing_if = "is_zero")]
    pub last_activity_at: i64,
    #[serde(skip_serializing_if = "is_false")]
    pub is_bot: bool,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub bot_description: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub terms_of_service_id: String,
    #[serde(skip_serializing_if = "is_zero")]
    pub terms_of_service_create_at: i64,
    pub disable_welcome_email: bool,
    /// Only read from requests (sign-up, admin create); never serialised.
    #[serde(skip_serializing)]
    pub password: String,
}

impl User {
    /// True when `roles` contains `role` as a whole word.
    pub fn has_role(&self, role: &str) -> bool {
        self.roles.split_whitespace().any(|r| r == role)
    }

    pub fn is_system_admin(&self) -> bool {
        self.has_role(crate::role::SYSTEM_ADMIN)
    }

    /// Mattermost's `User.GetDisplayName` for `username` display: used in system messages and
    /// group-message names.
    pub fn full_name(&self) -> String {
        match (self.first_name.is_empty(), self.last_name.is_empty()) {
            (false, false) => format!("{} {}", self.first_name, self.last_name),
            (false, true) => self.first_name.clone(),
            (true, false) => self.last_name.clone(),
            (true, true) => String::new(),
        }
    }
}

/// Notify props of a new user, as Mattermost's `SetDefaultNotifications`.
pub fn default_notify_props() -> StringMap {
    let mut p = StringMap::new();
    for (k, v) in [
        ("email", "true"),
        ("push", "mention"),
        ("desktop", "mention"),
        ("desktop_sound", "true"),
        ("channel", "true"),
        ("push_status", "away"),
        ("comments", "never"),
        ("desktop_threads", "all"),
        ("email_threads", "all"),
        ("push_threads", "all"),
        ("auto_responder_active", "false"),
        (
            "auto_responder_message",
            "Hello, I am out of office and unable to respond to messages.",
        ),
    ] {
        p.insert(k.to_owned(), v.to_owned());
    }
    p.insert("first_name".to_owned(), "false".to_owned());
    p.insert("mention_keys".to_owned(), String::new());
    p
}

/// The timezone of a new user: automatic, not yet known.
pub fn default_timezone() -> StringMap {
    let mut tz = StringMap::new();
    tz.insert("useAutomaticTimezone".into(), "true".into());
    tz.insert("automaticTimezone".into(), String::new());
    tz.insert("manualTimezone".into(), String::new());
    tz
}

/// Body of `PUT /users/{id}/patch`: only the fields present change.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct UserPatch {
    pub username: Option<String>,
    pub password: Option<String>,
    pub nickname: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub position: Option<String>,
    pub email: Option<String>,
    pub props: Option<StringMap>,
    pub notify_props: Option<StringMap>,
    pub locale: Option<String>,
    pub timezone: Option<StringMap>,
    pub remote_id: Option<String>,
    pub disable_welcome_email: Option<bool>,
}

/// `GET /users/autocomplete` reply.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct UserAutocomplete {
    pub users: Vec<User>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub out_of_channel: Option<Vec<User>>,
}

/// `GET /users/stats` reply.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UsersStats {
    pub total_users_count: i64,
}

/// Which view of a user the receiver gets (see `models.md`, "Sanitisation").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserView {
    /// The user themself: everything but secrets.
    Own,
    /// A system admin (or user manager) looking at someone else.
    Admin,
    /// Anyone else.
    Other {
        show_email: bool,
        show_full_name: bool,
    },
}

impl User {
    /// Returns the user as `view` may see it.
    pub fn sanitized(mut self, view: UserView) -> User {
        self.password.clear();
        if let UserView::Other {
            show_email,
            show_full_name,
        } = view
        {
            self.notify_props.clear();
            self.auth_data = Some(String::new());
            self.email_verified = false;
            self.allow_marketing = false;
            self.last_password_update = 0;
            self.failed_attempts = 0;
            self.auth_service.clear();
            self.terms_of_service_id.clear();
            self.terms_of_service_create_at = 0;
            if !show_email {
                self.email.clear();
                self.props.remove("RemoteEmail");
            }
            if !show_full_name {
                self.first_name.clear();
                self.last_name.clear();
            }
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alice() -> User {
        User {
            id: crate::new_id(),
            username: "alice".into(),
            email: "alice@example.com".into(),
            first_name: "Alice".into(),
            last_name: "Liddell".into(),
            notify_props: default_notify_props(),
            password: "secret".into(),
            auth_service: String::new(),
            email_verified: true,
            ..Default::default()
        }
    }

    #[test]
    fn password_is_never_serialised() {
        let json = serde_json::to_value(alice()).expect("serialises");
        assert!(json.get("password").is_none());
    }

    #[test]
    fn others_see_no_email_or_notify_props_unless_allowed() {
        let u = alice().sanitized(UserView::Other {
            show_email: false,
            show_full_name: true,
        });
        assert_eq!(u.email, "");
        assert!(u.notify_props.is_empty());
        assert_eq!(u.first_name, "Alice");
        let json = serde_json::to_value(&u).expect("serialises");
        assert!(json.get("notify_props").is_none());
        assert_eq!(json["email"], "");
        assert!(json.get("email_verified").is_none());

        let u = alice().sanitized(UserView::Other {
            show_email: true,
            show_full_name: false,
        });
        assert_eq!(u.email, "alice@example.com");
        assert_eq!(u.first_name, "");
    }

    #[test]
    fn own_and_admin_views_keep_email_and_notify_props() {
        for view in [UserView::Own, UserView::Admin] {
            let u = alice().sanitized(view);
            assert_eq!(u.email, "alice@example.com");
            assert!(!u.notify_props.is_empty());
            assert_eq!(u.password, "");
        }
    }
}
