//! A small HTTP client for the API, returning status, headers and JSON as a Mattermost client
//! sees them.

use reqwest::Method;
use serde::de::DeserializeOwned;
use serde_json::Value;

#[derive(Clone)]
pub struct ApiClient {
    base: String,
    http: reqwest::Client,
    pub token: Option<String>,
}

/// One response.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: Vec<u8>,
}

impl Resp {
    /// The body as JSON (`Null` when empty or not JSON).
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }

    /// The body as a model type; panics with the body when it does not parse.
    #[track_caller]
    pub fn parse<T: DeserializeOwned>(&self) -> T {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "cannot parse {} body as {}: {e}\n{}",
                self.status,
                std::any::type_name::<T>(),
                self.text()
            )
        })
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Asserts the status, showing the body when it differs; returns self for chaining.
    #[track_caller]
    pub fn expect(self, status: u16) -> Self {
        assert_eq!(
            self.status,
            status,
            "unexpected status; body: {}",
            self.text()
        );
        self
    }

    /// Asserts a Mattermost error: status, `id`, and the complete error body shape.
    #[track_caller]
    pub fn expect_error(self, status: u16, id: &str) -> Self {
        assert_eq!(
            self.status,
            status,
            "unexpected status; body: {}",
            self.text()
        );
        assert_eq!(self.header("content-type"), Some("application/json"));
        let body = self.json();
        assert_eq!(body["id"], id, "error id; body: {body}");
        assert_eq!(body["status_code"], status, "status_code; body: {body}");
        assert!(
            body["message"].as_str().is_some_and(|m| !m.is_empty()),
            "message; body: {body}"
        );
        assert!(
            body["detailed_error"].is_string(),
            "detailed_error; body: {body}"
        );
        assert_eq!(
            body["request_id"].as_str(),
            self.header("x-request-id"),
            "request_id; body: {body}"
        );
        self
    }
}

impl ApiClient {
    pub fn new(base: &str) -> Self {
        ApiClient {
            base: base.to_owned(),
            http: reqwest::Client::new(),
            token: None,
        }
    }

    pub fn with_token(&self, token: &str) -> Self {
        ApiClient {
            token: Some(token.to_owned()),
            ..self.clone()
        }
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    /// A request builder for `/api/v4{path}` carrying the session token.
    pub fn request(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        let mut rb = self
            .http
            .request(method, format!("{}/api/v4{path}", self.base));
        if let Some(t) = &self.token {
            rb = rb.bearer_auth(t);
        }
        rb
    }

    pub async fn send(rb: reqwest::RequestBuilder) -> Resp {
        let r = rb.send().await.expect("request reaches the server");
        let status = r.status().as_u16();
        let headers = r.headers().clone();
        let body = r.bytes().await.expect("body").to_vec();
        Resp {
            status,
            headers,
            body,
        }
    }

    pub async fn get(&self, path: &str) -> Resp {
        Self::send(self.request(Method::GET, path)).await
    }

    pub async fn delete(&self, path: &str) -> Resp {
        Self::send(self.request(Method::DELETE, path)).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Resp {
        Self::send(self.request(Method::POST, path).json(&body)).await
    }

    pub async fn put(&self, path: &str, body: Value) -> Resp {
        Self::send(self.request(Method::PUT, path).json(&body)).await
    }

    /// A request with a raw body and content type.
    pub async fn raw(&self, method: Method, path: &str, content_type: &str, body: Vec<u8>) -> Resp {
        Self::send(
            self.request(method, path)
                .header("content-type", content_type)
                .body(body),
        )
        .await
    }
}
