//! The System Console's reports and statistics: rows of `GET /reports/users` and of
//! `GET /analytics/old`.

use serde::{Deserialize, Serialize};

use crate::is_zero;
use crate::user::User;

/// One row of `GET /reports/users`: the user (profile fields only) and what they did. As
/// Mattermost's `UserReport`, the user's fields sit at the top level beside the statistics.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct UserReport {
    #[serde(flatten)]
    pub user: User,
    /// When the user last signed in (Mattermost's `User.LastLogin`, omitted when never).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub last_login: i64,
    /// The user's last activity as their status records it; omitted when they have no status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_status_at: Option<i64>,
    /// Their newest post in the report's date range; omitted when they posted none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_post_date: Option<i64>,
    /// Distinct days (UTC) with posts in the range. Mattermost counts the days, so this is 0
    /// rather than absent for a user who posted nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days_active: Option<i64>,
    /// Posts in the range; omitted when none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_posts: Option<i64>,
}

/// Which column `GET /reports/users` sorts and pages by (`sort_column`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum UserReportSort {
    CreateAt,
    #[default]
    Username,
    FirstName,
    LastName,
    Nickname,
    Email,
    Roles,
}

impl UserReportSort {
    /// Mattermost's `UserReportSortColumns`: the only names `sort_column` accepts.
    pub fn parse(name: &str) -> Option<UserReportSort> {
        Some(match name {
            "CreateAt" => UserReportSort::CreateAt,
            "Username" => UserReportSort::Username,
            "FirstName" => UserReportSort::FirstName,
            "LastName" => UserReportSort::LastName,
            "Nickname" => UserReportSort::Nickname,
            "Email" => UserReportSort::Email,
            "Roles" => UserReportSort::Roles,
            _ => return None,
        })
    }
}

/// One `{name, value}` of `GET /analytics/old`. Mattermost's value is a float64, but every value
/// it sends is a whole count (or -1 for "not computed"), which Go writes without a fraction —
/// as an integer does.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct AnalyticsRow {
    pub name: String,
    pub value: i64,
}

impl AnalyticsRow {
    pub fn new(name: impl Into<String>, value: i64) -> Self {
        AnalyticsRow {
            name: name.into(),
            value,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_row_is_the_user_plus_its_statistics() {
        let row = UserReport {
            user: User {
                id: "u".into(),
                username: "alice".into(),
                ..Default::default()
            },
            last_login: 5,
            last_status_at: None,
            last_post_date: Some(7),
            days_active: Some(0),
            total_posts: None,
        };
        let v = serde_json::to_value(&row).expect("serialises");
        assert_eq!(v["username"], "alice");
        assert_eq!(v["last_login"], 5);
        assert_eq!(v["last_post_date"], 7);
        assert_eq!(v["days_active"], 0);
        assert!(v.get("last_status_at").is_none());
        assert!(v.get("total_posts").is_none());
        let back: UserReport = serde_json::from_value(v).expect("parses");
        assert_eq!(back, row);
    }

    #[test]
    fn analytics_values_are_whole_numbers_on_the_wire() {
        let text = serde_json::to_string(&AnalyticsRow::new("post_count", 3)).expect("json");
        assert_eq!(text, r#"{"name":"post_count","value":3}"#);
    }

    #[test]
    fn only_mattermosts_sort_columns_parse() {
        assert_eq!(
            UserReportSort::parse("CreateAt"),
            Some(UserReportSort::CreateAt)
        );
        assert_eq!(UserReportSort::parse("username"), None);
        assert_eq!(UserReportSort::parse("Id"), None);
    }
}
