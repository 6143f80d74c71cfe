//! Calls to integrations' URLs, with the admin's current timeout and SSRF exceptions. Every
//! outbound request of core goes through `Core::call_integration`.

use std::time::Duration;

use crate::Core;
use crate::ports::{OutboundError, OutboundMethod, OutboundRequest, OutboundResponse};

impl Core {
    pub(crate) async fn call_integration(
        &self,
        method: OutboundMethod,
        url: &str,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    ) -> Result<OutboundResponse, OutboundError> {
        let settings = self.settings();
        let service = &settings.service_settings;
        let secs = service.outgoing_integration_requests_timeout.clamp(1, 300);
        self.outbound
            .send(OutboundRequest {
                method,
                url: url.to_string(),
                headers,
                body,
                timeout: Duration::from_secs(secs.unsigned_abs()),
                allowed_internal: service.allowed_untrusted_internal_connections.clone(),
            })
            .await
    }
}

/// A URL an integration may be called at as far as its shape goes: `http://` or `https://` and a
/// host (the outbound guard judges the address when it is called).
pub(crate) fn is_http_url(url: &str) -> bool {
    url.strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))
        .is_some_and(|r| !r.is_empty() && !r.starts_with('/'))
}
