//! What the server signs so that clients cannot forge it: the `trigger_id` an integration gets
//! with a command or an action (and must show to open a dialog), and the cookie of an action on
//! a post that is not stored (an ephemeral one). The key is made on first start and kept in the
//! database, so every node of a cluster shares it and restarts keep signatures valid.

use hmac::{KeyInit, Mac};

use crate::{Core, Error, ErrorKind, Result};

/// The `systems` row holding the key.
pub(crate) const SIGNING_KEY: &str = "IntegrationSigningKey";
/// How long a trigger id may be used (Mattermost's: 3 minutes).
const TRIGGER_ID_VALID_MS: i64 = 3 * 60 * 1000;

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

fn invalid_trigger() -> Error {
    Error::new(
        ErrorKind::BadRequest,
        "interactive_message.decode_trigger_id.signature_decode_failed",
        "Invalid trigger ID.",
    )
}

impl Core {
    fn mac(&self) -> Option<hmac::Hmac<sha2::Sha256>> {
        hmac::Hmac::<sha2::Sha256>::new_from_slice(self.signing_key.as_bytes()).ok()
    }

    /// The signature of `data`, hex.
    pub(crate) fn sign(&self, data: &str) -> String {
        match self.mac() {
            Some(mut m) => {
                m.update(data.as_bytes());
                hex(&m.finalize().into_bytes())
            }
            None => String::new(),
        }
    }

    /// Whether `signature` (hex) is `data`'s, compared in constant time.
    pub(crate) fn signed(&self, data: &str, signature: &str) -> bool {
        let (Some(mut m), Some(sig)) = (self.mac(), unhex(signature)) else {
            return false;
        };
        m.update(data.as_bytes());
        m.verify_slice(&sig).is_ok()
    }

    /// A new trigger id for `user_id`: `<random>:<user>:<millis>:<signature>`.
    pub(crate) fn new_trigger_id(&self, user_id: &str) -> String {
        let body = format!(
            "{}:{user_id}:{}",
            stoa_model::new_id(),
            stoa_model::now_ms()
        );
        let sig = self.sign(&body);
        format!("{body}:{sig}")
    }

    /// The user a trigger id was made for, if it was made here less than three minutes ago.
    pub(crate) fn trigger_id_user(&self, trigger_id: &str) -> Result<String> {
        let Some((body, sig)) = trigger_id.rsplit_once(':') else {
            return Err(invalid_trigger());
        };
        if !self.signed(body, sig) {
            return Err(invalid_trigger());
        }
        let mut parts = body.split(':');
        let (_, user, at) = (parts.next(), parts.next(), parts.next());
        let at: i64 = at
            .and_then(|a| a.parse().ok())
            .ok_or_else(invalid_trigger)?;
        if stoa_model::now_ms() - at > TRIGGER_ID_VALID_MS {
            return Err(Error::new(
                ErrorKind::BadRequest,
                "interactive_message.decode_trigger_id.expired",
                "The trigger ID has expired; try the action again.",
            ));
        }
        user.map(str::to_string).ok_or_else(invalid_trigger)
    }
}
