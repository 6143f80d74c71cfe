//! PKCE (RFC 7636), S256 only: the authorization request carries
//! `BASE64URL(SHA256(verifier))`, the token request the verifier. Beyond Mattermost 10.11,
//! whose provider has no PKCE; the error ids are those later Mattermost versions use.

use sha2::{Digest, Sha256};
use stoa_model::oauth::PKCE_METHOD_S256;

use crate::{Error, ErrorKind, Result};

const MIN_LEN: usize = 43;
const MAX_LEN: usize = 128;

fn bad(id: &'static str, message: &'static str) -> Error {
    Error::new(ErrorKind::BadRequest, id, message)
}

/// Checks the challenge of an authorization request that carries one (or only a method).
pub(super) fn validate_challenge(challenge: &str, method: &str) -> Result<()> {
    if challenge.is_empty() {
        return Err(bad(
            "model.authorize.is_valid.code_challenge.app_error",
            "Invalid code challenge.",
        ));
    }
    if method.is_empty() {
        return Err(bad(
            "model.authorize.is_valid.code_challenge_method.app_error",
            "Invalid code challenge method.",
        ));
    }
    // `plain` would send the verifier itself through the browser: refused.
    if method != PKCE_METHOD_S256 {
        return Err(bad(
            "model.authorize.is_valid.code_challenge_method.unsupported.app_error",
            "Only the S256 code challenge method is supported.",
        ));
    }
    if !(MIN_LEN..=MAX_LEN).contains(&challenge.len()) {
        return Err(bad(
            "model.authorize.is_valid.code_challenge.length.app_error",
            "The code challenge must be 43 to 128 characters.",
        ));
    }
    if !challenge
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(bad(
            "model.authorize.is_valid.code_challenge.format.app_error",
            "The code challenge must be base64url without padding.",
        ));
    }
    Ok(())
}

/// What the token request must prove for a code: nothing when the authorization used no PKCE
/// (but a verifier then is refused, so PKCE cannot be stripped from a flow), else a verifier
/// whose S256 is the challenge.
pub(super) fn check(challenge: &str, verifier: &str) -> Result<()> {
    if challenge.is_empty() {
        if verifier.is_empty() {
            return Ok(());
        }
        return Err(bad(
            "model.authorize.validate_pkce.not_used_in_auth.app_error",
            "A code verifier was sent, but the authorization request had no code challenge.",
        ));
    }
    if verifier.is_empty() {
        return Err(bad(
            "model.authorize.validate_pkce.verifier_required.app_error",
            "The code verifier is required.",
        ));
    }
    let well_formed = (MIN_LEN..=MAX_LEN).contains(&verifier.len())
        && verifier
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b));
    if !well_formed || !constant_time_eq(&s256(verifier), challenge) {
        return Err(bad(
            "model.authorize.validate_pkce.verification_failed.app_error",
            "The code verifier does not match the code challenge.",
        ));
    }
    Ok(())
}

/// `BASE64URL(SHA256(verifier))`, unpadded.
pub(crate) fn s256(verifier: &str) -> String {
    base64url(&Sha256::digest(verifier.as_bytes()))
}

fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for i in 0..=chunk.len() {
            let index = (n >> (18 - 6 * i)) & 63;
            out.push(char::from(ALPHABET[index as usize]));
        }
    }
    out
}

/// Compares secrets without stopping at the first difference.
pub(crate) fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s256_matches_rfc_7636_appendix_b() {
        assert_eq!(
            s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        assert_eq!(base64url(b"f"), "Zg");
        assert_eq!(base64url(b"fo"), "Zm8");
        assert_eq!(base64url(b"foo"), "Zm9v");
    }

    #[test]
    fn a_flow_without_pkce_takes_no_verifier() {
        assert!(check("", "").is_ok());
        assert!(check("", "x".repeat(43).as_str()).is_err());
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        assert!(check(&s256(verifier), verifier).is_ok());
        assert!(check(&s256(verifier), "").is_err());
        assert!(check(&s256(verifier), &"a".repeat(43)).is_err());
        assert!(validate_challenge(&s256(verifier), "plain").is_err());
        assert!(validate_challenge("short", "S256").is_err());
        assert!(validate_challenge(&s256(verifier), "S256").is_ok());
    }
}
