//! The cryptography of web push: the payload encrypted to one browser (RFC 8291, in the
//! `aes128gcm` content coding of RFC 8188) and the server's VAPID identity (RFC 8292).
//!
//! Written on RustCrypto's primitives (p256's ECDH and ECDSA, hkdf, aes-gcm), which the server
//! already carries: the web push crates on crates.io either need OpenSSL (`ece`) or bring a
//! second, older generation of the same primitives and a JWT library (`web-push-native`).

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes128Gcm, Nonce};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hkdf::Hkdf;
use p256::ecdsa::signature::Signer;
use p256::ecdsa::{Signature, SigningKey};
use p256::elliptic_curve::sec1::ToSec1Point;
use p256::{PublicKey, SecretKey};
use sha2::Sha256;

/// Bytes of an uncompressed P-256 point (the browser's `p256dh`, our keys on the wire).
pub(crate) const POINT_LEN: usize = 65;
/// Bytes of the browser's authentication secret.
pub(crate) const AUTH_LEN: usize = 16;
/// The one record's size: RFC 8291 wants a push message in a single record, and push services
/// must accept 4096 bytes of body.
const RECORD_SIZE: u32 = 4096;
/// The aes128gcm header: salt (16), record size (4), key id length (1), our public key (65).
const HEADER_LEN: usize = 16 + 4 + 1 + POINT_LEN;
/// The longest plaintext one 4096-byte record holds: the header, the padding delimiter and the
/// AEAD tag come off (RFC 8291 section 4 gives the same 3993).
pub(crate) const MAX_PLAINTEXT: usize = RECORD_SIZE as usize - HEADER_LEN - 1 - 16;
/// A VAPID token's lifetime; RFC 8292 allows at most 24 hours.
const VAPID_TTL_SECS: i64 = 12 * 3600;

/// Why a payload could not be encrypted: the subscription's keys are unusable, or the text is
/// too long for one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CryptoError;

/// Base64url as browsers write it (padding tolerated).
pub(crate) fn b64_decode(s: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(s.trim_end_matches('=')).ok()
}

pub(crate) fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

fn random<const N: usize>() -> Result<[u8; N], CryptoError> {
    let mut bytes = [0u8; N];
    // Unlike ids, keys and salts never fall back to a weaker source.
    getrandom::fill(&mut bytes).map_err(|_| CryptoError)?;
    Ok(bytes)
}

/// A new random P-256 secret key.
fn new_secret() -> Result<SecretKey, CryptoError> {
    // A random 32-byte string is a valid scalar but with negligible probability; try again then.
    for _ in 0..8 {
        if let Ok(key) = SecretKey::from_slice(&random::<32>()?) {
            return Ok(key);
        }
    }
    Err(CryptoError)
}

/// Whether `bytes` is an uncompressed P-256 point, as a browser's `p256dh` is.
pub(crate) fn is_valid_point(bytes: &[u8]) -> bool {
    bytes.len() == POINT_LEN && bytes[0] == 4 && PublicKey::from_sec1_bytes(bytes).is_ok()
}

fn point(key: &PublicKey) -> Vec<u8> {
    key.to_sec1_point(false).as_bytes().to_vec()
}

/// Encrypts `plaintext` to the browser whose subscription holds `ua_public` (`p256dh`) and
/// `auth`: the whole request body, header included.
pub(crate) fn encrypt(
    ua_public: &[u8],
    auth: &[u8],
    plaintext: &[u8],
) -> Result<Vec<u8>, CryptoError> {
    encrypt_with(&new_secret()?, random::<16>()?, ua_public, auth, plaintext)
}

/// RFC 8291 with the sender's key pair and salt given (fresh ones per message; fixed ones only
/// for the RFC's test vector).
fn encrypt_with(
    as_secret: &SecretKey,
    salt: [u8; 16],
    ua_public: &[u8],
    auth: &[u8],
    plaintext: &[u8],
) -> Result<Vec<u8>, CryptoError> {
    if plaintext.len() > MAX_PLAINTEXT || auth.len() != AUTH_LEN || ua_public.len() != POINT_LEN {
        return Err(CryptoError);
    }
    let ua_key = PublicKey::from_sec1_bytes(ua_public).map_err(|_| CryptoError)?;
    let as_public = point(&as_secret.public_key());
    let shared = as_secret.diffie_hellman(&ua_key);

    // Section 3.3: the input keying material mixes the shared secret with the auth secret and
    // both public keys.
    let mut key_info = b"WebPush: info\0".to_vec();
    key_info.extend_from_slice(ua_public);
    key_info.extend_from_slice(&as_public);
    let mut ikm = [0u8; 32];
    Hkdf::<Sha256>::new(Some(auth), shared.raw_secret_bytes())
        .expand(&key_info, &mut ikm)
        .map_err(|_| CryptoError)?;

    // RFC 8188 section 2.2: the content encryption key and the nonce, from the salt.
    let prk = Hkdf::<Sha256>::new(Some(&salt), &ikm);
    let mut cek = [0u8; 16];
    let mut nonce = [0u8; 12];
    prk.expand(b"Content-Encoding: aes128gcm\0", &mut cek)
        .map_err(|_| CryptoError)?;
    prk.expand(b"Content-Encoding: nonce\0", &mut nonce)
        .map_err(|_| CryptoError)?;

    // One record, so the sequence number is 0 and the nonce is used as derived; the delimiter
    // 0x02 marks the last record, and no padding follows.
    let mut record = plaintext.to_vec();
    record.push(2);
    let cipher = Aes128Gcm::new_from_slice(&cek).map_err(|_| CryptoError)?;
    let sealed = cipher
        .encrypt(&Nonce::from(nonce), record.as_slice())
        .map_err(|_| CryptoError)?;

    let mut body = Vec::with_capacity(HEADER_LEN + sealed.len());
    body.extend_from_slice(&salt);
    body.extend_from_slice(&RECORD_SIZE.to_be_bytes());
    body.push(POINT_LEN as u8);
    body.extend_from_slice(&as_public);
    body.extend_from_slice(&sealed);
    Ok(body)
}

/// The server's VAPID key pair, which push services use to tell our pushes from others'.
pub(crate) struct Vapid {
    key: SigningKey,
    /// The public key as browsers take it (`applicationServerKey`) and as `k=` carries it.
    public: String,
}

impl Vapid {
    /// A new secret, as stored: base64url of the 32-byte scalar.
    pub(crate) fn new_stored() -> Result<String, CryptoError> {
        Ok(b64(&new_secret()?.to_bytes()))
    }

    pub(crate) fn from_stored(stored: &str) -> Option<Vapid> {
        let secret = SecretKey::from_slice(&b64_decode(stored)?).ok()?;
        let public = b64(&point(&secret.public_key()));
        Some(Vapid {
            key: SigningKey::from(secret),
            public,
        })
    }

    pub(crate) fn public_key(&self) -> &str {
        &self.public
    }

    /// The `Authorization` header for a push to `endpoint` (RFC 8292 section 3): an ES256 JWT
    /// for the endpoint's origin, valid 12 hours from `now_secs`, with `subject` (a `mailto:` or
    /// `https:` URI where the push service can reach the operator) when there is one.
    pub(crate) fn authorization(
        &self,
        endpoint: &str,
        subject: &str,
        now_secs: i64,
    ) -> Option<String> {
        let mut claims = serde_json::json!({
            "aud": origin(endpoint)?,
            "exp": now_secs + VAPID_TTL_SECS,
        });
        if !subject.is_empty() {
            claims["sub"] = subject.into();
        }
        let signed = format!(
            "{}.{}",
            b64(br#"{"typ":"JWT","alg":"ES256"}"#),
            b64(claims.to_string().as_bytes())
        );
        let signature: Signature = self.key.sign(signed.as_bytes());
        Some(format!(
            "vapid t={signed}.{}, k={}",
            b64(&signature.to_bytes()),
            self.public
        ))
    }
}

/// `scheme://host[:port]` of an http(s) URL.
pub(crate) fn origin(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let host_len = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    if host_len == 0 {
        return None;
    }
    url.get(..url.len() - rest.len() + host_len)
}

#[cfg(test)]
mod tests {
    use super::*;
    use p256::ecdsa::VerifyingKey;
    use p256::ecdsa::signature::Verifier;

    fn d(s: &str) -> Vec<u8> {
        b64_decode(s).expect("base64url")
    }

    /// RFC 8291, appendix A: the same keys and salt give the same message, byte for byte.
    #[test]
    fn encrypts_the_rfc_8291_example() {
        let as_secret =
            SecretKey::from_slice(&d("yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw")).expect("key");
        assert_eq!(
            b64(&point(&as_secret.public_key())),
            "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8"
        );
        let salt: [u8; 16] = d("DGv6ra1nlYgDCS1FRnbzlw").try_into().expect("16 bytes");
        let body = encrypt_with(
            &as_secret,
            salt,
            &d("BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4"),
            &d("BTBZMqHH6r4Tts7J_aSIgg"),
            b"When I grow up, I want to be a watermelon",
        )
        .expect("encrypts");
        assert_eq!(
            b64(&body),
            "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN"
        );
    }

    #[test]
    fn refuses_what_cannot_be_sent() {
        let ua = point(&new_secret().expect("key").public_key());
        let auth = [7u8; AUTH_LEN];
        assert!(encrypt(&ua, &auth, &vec![b'x'; MAX_PLAINTEXT]).is_ok());
        assert_eq!(
            encrypt(&ua, &auth, &vec![b'x'; MAX_PLAINTEXT + 1]),
            Err(CryptoError)
        );
        assert_eq!(encrypt(&ua, &auth[..15], b"hi"), Err(CryptoError));
        assert_eq!(encrypt(&[4u8; POINT_LEN], &auth, b"hi"), Err(CryptoError));
        // Fresh key and salt every time.
        assert_ne!(encrypt(&ua, &auth, b"hi"), encrypt(&ua, &auth, b"hi"));
    }

    #[test]
    fn vapid_token_is_signed_for_the_endpoints_origin() {
        let vapid = Vapid::from_stored(&Vapid::new_stored().expect("new")).expect("stored");
        let header = vapid
            .authorization(
                "https://push.example.net:8443/wp/abc?x=1",
                "mailto:ops@example.org",
                1000,
            )
            .expect("header");
        let rest = header.strip_prefix("vapid t=").expect("scheme");
        let (token, k) = rest.split_once(", k=").expect("k");
        assert_eq!(k, vapid.public_key());
        let (signed, sig) = token.rsplit_once('.').expect("signature");
        let (_, claims) = signed.split_once('.').expect("claims");
        let claims: serde_json::Value =
            serde_json::from_slice(&d(claims)).expect("claims are JSON");
        assert_eq!(claims["aud"], "https://push.example.net:8443");
        assert_eq!(claims["exp"], 1000 + 12 * 3600);
        assert_eq!(claims["sub"], "mailto:ops@example.org");
        let key = VerifyingKey::from_sec1_bytes(&d(k)).expect("public key");
        let sig = Signature::from_slice(&d(sig)).expect("64 bytes");
        assert!(key.verify(signed.as_bytes(), &sig).is_ok());
    }

    #[test]
    fn origins() {
        assert_eq!(origin("https://a.b/c"), Some("https://a.b"));
        assert_eq!(origin("http://127.0.0.1:9/x"), Some("http://127.0.0.1:9"));
        assert_eq!(origin("https://a.b"), Some("https://a.b"));
        assert_eq!(origin("https:///x"), None);
        assert_eq!(origin("ftp://a.b/c"), None);
    }
}
