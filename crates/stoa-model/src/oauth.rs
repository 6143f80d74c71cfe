//! Stoa as an OAuth 2.0 provider (Mattermost's `OAuth` API tag): the registered apps, the
//! request a user approves, and what the token endpoint answers.

use serde::{Deserialize, Serialize};

/// `response_type` of the authorization-code grant, the only one Stoa issues.
pub const AUTH_CODE_RESPONSE_TYPE: &str = "code";
/// `grant_type` exchanging a code for tokens.
pub const AUTHORIZATION_CODE_GRANT: &str = "authorization_code";
/// `grant_type` trading a refresh token for new tokens.
pub const REFRESH_TOKEN_GRANT: &str = "refresh_token";
/// `token_type` of every access token.
pub const ACCESS_TOKEN_TYPE: &str = "bearer";
/// The scope an authorization gets when the request names none.
pub const DEFAULT_SCOPE: &str = "user";
/// The only PKCE method accepted (`plain` is refused).
pub const PKCE_METHOD_S256: &str = "S256";
/// The preference category recording that a user authorized an app (name: the app id,
/// value: the scope), as Mattermost keeps it.
pub const AUTHORIZED_APP_CATEGORY: &str = "oauth_app";
/// Session props of an OAuth session.
pub const SESSION_PROP_OAUTH_APP_ID: &str = "oauth_app_id";
pub const SESSION_PROP_MATTERMOST_APP_ID: &str = "mattermost_app_id";

/// A registered OAuth 2.0 client. `client_secret` is blank in every view but its manager's.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct OAuthApp {
    pub id: String,
    pub creator_id: String,
    pub create_at: i64,
    pub update_at: i64,
    pub client_secret: String,
    pub name: String,
    pub description: String,
    pub icon_url: String,
    pub callback_urls: Vec<String>,
    pub homepage: String,
    pub is_trusted: bool,
    pub mattermost_app_id: String,
}

impl OAuthApp {
    /// The public view (`/oauth/apps/{id}/info`, authorized apps): the secret blanked.
    pub fn sanitized(mut self) -> OAuthApp {
        self.client_secret.clear();
        self
    }

    /// Whether `url` is one of the registered callbacks, compared exactly.
    pub fn is_valid_redirect_url(&self, url: &str) -> bool {
        self.callback_urls.iter().any(|u| u == url)
    }
}

/// What a user approves at `POST /oauth/authorize` (and what `GET /oauth/authorize` carries in
/// its query). `code_challenge`/`code_challenge_method` are PKCE (RFC 7636).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct AuthorizeRequest {
    pub response_type: String,
    pub client_id: String,
    pub redirect_uri: String,
    pub scope: String,
    pub state: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub code_challenge: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub code_challenge_method: String,
}

/// The token endpoint's answer.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct AccessResponse {
    pub access_token: String,
    pub token_type: String,
    pub expires_in: i64,
    pub scope: String,
    pub refresh_token: String,
    pub id_token: String,
}
