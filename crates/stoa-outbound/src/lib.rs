//! Outbound HTTP for integrations (outgoing webhooks, slash commands, message actions): core's
//! `Outbound` port over one `reqwest` client.
//!
//! Every address the client connects to passes the SSRF guard (`guard.rs`): host names through
//! the client's resolver, which drops forbidden addresses before a connection is tried (so DNS
//! rebinding between check and connect is impossible), and addresses written in a URL — the
//! request's or a redirect's — before the request is made. No proxy from the environment is used
//! (a proxy would connect for us, past the guard). The response body is read up to a cap.

mod guard;

pub use guard::AllowList;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use stoa_core::ports::{
    Outbound, OutboundError, OutboundMethod, OutboundRequest, OutboundResponse,
};

/// Largest integration answer read (Mattermost's `MaxIntegrationResponseSize`).
pub const MAX_RESPONSE_BYTES: usize = 1 << 20;
/// Redirects followed before giving up.
const MAX_REDIRECTS: usize = 10;
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The client, rebuilt when the admin's allow list changes (it lives in the resolver and the
/// redirect policy, which a `reqwest::Client` fixes at build time).
#[derive(Default)]
pub struct HttpOutbound {
    client: Mutex<Option<(String, reqwest::Client)>>,
}

impl HttpOutbound {
    pub fn new() -> HttpOutbound {
        HttpOutbound::default()
    }

    fn client(&self, allowed: &str) -> Result<reqwest::Client, OutboundError> {
        let mut slot = match self.client.lock() {
            Ok(s) => s,
            Err(poisoned) => poisoned.into_inner(),
        };
        if let Some((key, client)) = slot.as_ref()
            && key == allowed
        {
            return Ok(client.clone());
        }
        let client = build(Arc::new(AllowList::parse(allowed)))?;
        *slot = Some((allowed.to_string(), client.clone()));
        Ok(client)
    }
}

/// Why a connection was refused: found again in reqwest's error chain.
#[derive(Debug)]
struct Forbidden;

impl std::fmt::Display for Forbidden {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("address forbidden")
    }
}

impl std::error::Error for Forbidden {}

/// Resolves host names and keeps only the addresses the guard allows.
struct GuardedResolver {
    allow: Arc<AllowList>,
}

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let allow = self.allow.clone();
        Box::pin(async move {
            let host = name.as_str().to_string();
            let addrs: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let host_listed = allow.allows_host(&host);
            let kept: Vec<SocketAddr> = addrs
                .into_iter()
                .filter(|a| host_listed || allow.allows_ip(a.ip()))
                .collect();
            if kept.is_empty() {
                return Err(Box::new(Forbidden) as Box<dyn std::error::Error + Send + Sync>);
            }
            Ok(Box::new(kept.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// An address literal in a URL never reaches the resolver: it is judged here.
fn literal_allowed(url: &reqwest::Url, allow: &AllowList) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    match host.trim_start_matches('[').trim_end_matches(']').parse() {
        Ok(ip) => allow.allows_ip(ip),
        Err(_) => true,
    }
}

fn build(allow: Arc<AllowList>) -> Result<reqwest::Client, OutboundError> {
    let for_redirects = allow.clone();
    let policy = reqwest::redirect::Policy::custom(move |attempt| {
        if attempt.previous().len() >= MAX_REDIRECTS {
            attempt.error("too many redirects")
        } else if !matches!(attempt.url().scheme(), "http" | "https") {
            attempt.error("redirect to a scheme other than http(s)")
        } else if !literal_allowed(attempt.url(), &for_redirects) {
            attempt.error(Forbidden)
        } else {
            attempt.follow()
        }
    });
    reqwest::Client::builder()
        .no_proxy()
        .dns_resolver(Arc::new(GuardedResolver { allow }))
        .redirect(policy)
        .connect_timeout(CONNECT_TIMEOUT)
        .user_agent(concat!("Stoa/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| OutboundError::Failed(e.to_string()))
}

fn classify(e: reqwest::Error) -> OutboundError {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(&e);
    while let Some(err) = source {
        if err.is::<Forbidden>() {
            return OutboundError::Forbidden;
        }
        source = err.source();
    }
    if e.is_timeout() {
        OutboundError::Timeout
    } else {
        OutboundError::Failed(e.without_url().to_string())
    }
}

#[async_trait::async_trait]
impl Outbound for HttpOutbound {
    async fn send(&self, req: OutboundRequest) -> Result<OutboundResponse, OutboundError> {
        let url =
            reqwest::Url::parse(&req.url).map_err(|e| OutboundError::InvalidUrl(e.to_string()))?;
        if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
            return Err(OutboundError::InvalidUrl(
                "only http and https URLs with a host are allowed".into(),
            ));
        }
        let allow = AllowList::parse(&req.allowed_internal);
        if !literal_allowed(&url, &allow) {
            return Err(OutboundError::Forbidden);
        }
        let client = self.client(&req.allowed_internal)?;
        let mut builder = match req.method {
            OutboundMethod::Get => client.get(url),
            OutboundMethod::Post => client.post(url).body(req.body),
        }
        .timeout(req.timeout);
        for (name, value) in &req.headers {
            builder = builder.header(name, value);
        }
        // The timeout covers the body too: a receiver that trickles bytes is cut off with it.
        let deadline = tokio::time::Instant::now() + req.timeout;
        let mut resp = builder.send().await.map_err(classify)?;
        let status = resp.status().as_u16();
        let content_type = resp
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        if resp
            .content_length()
            .is_some_and(|n| n > MAX_RESPONSE_BYTES as u64)
        {
            return Err(OutboundError::TooLarge);
        }
        let mut body = Vec::new();
        loop {
            let chunk = tokio::time::timeout_at(deadline, resp.chunk())
                .await
                .map_err(|_| OutboundError::Timeout)?
                .map_err(classify)?;
            let Some(chunk) = chunk else { break };
            if body.len() + chunk.len() > MAX_RESPONSE_BYTES {
                return Err(OutboundError::TooLarge);
            }
            body.extend_from_slice(&chunk);
        }
        Ok(OutboundResponse {
            status,
            content_type,
            body,
        })
    }
}
