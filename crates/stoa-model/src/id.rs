//! Mattermost ids: 16 random bytes in base32 with Mattermost's own alphabet, no padding.

/// The alphabet of `model.NewId()`: lower-case, without the easily confused letters.
const ALPHABET: &[u8; 32] = b"ybndrfg8ejkmcpqxot1uwisza345h769";

/// Length of every id and token.
pub const ID_LEN: usize = 26;

/// Encodes 16 bytes as 26 base32 characters (the last character carries 3 padding bits).
pub fn encode(bytes: &[u8; 16]) -> String {
    let mut out = String::with_capacity(ID_LEN);
    let mut buffer: u32 = 0;
    let mut bits = 0;
    for &b in bytes {
        buffer = (buffer << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(ALPHABET[((buffer >> bits) & 31) as usize]));
        }
    }
    if bits > 0 {
        out.push(char::from(ALPHABET[((buffer << (5 - bits)) & 31) as usize]));
    }
    out
}

/// Decodes an id produced by [`encode`]; `None` when it is not one.
pub fn decode(id: &str) -> Option<[u8; 16]> {
    if id.len() != ID_LEN {
        return None;
    }
    let mut out = [0u8; 16];
    let mut buffer: u32 = 0;
    let mut bits = 0;
    let mut n = 0;
    for c in id.bytes() {
        let v = ALPHABET.iter().position(|&a| a == c)? as u32;
        buffer = (buffer << 5) | v;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            if n < 16 {
                out[n] = (buffer >> bits) as u8;
                n += 1;
            }
        }
    }
    (n == 16).then_some(out)
}

/// A new random id (a version-4 UUID's 16 bytes, as Mattermost's `NewId`).
pub fn new_id() -> String {
    let mut bytes = [0u8; 16];
    // The OS random source failing is not something a chat server can recover from.
    if getrandom::fill(&mut bytes).is_err() {
        fallback_random(&mut bytes);
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    encode(&bytes)
}

/// Random bytes without the OS source: hashes the time and a counter. Only ever used if
/// `getrandom` fails, which on Linux it does not after boot.
fn fallback_random(bytes: &mut [u8; 16]) {
    use std::hash::{BuildHasher, Hasher};
    for chunk in bytes.chunks_mut(8) {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or_default(),
        );
        let v = h.finish().to_le_bytes();
        chunk.copy_from_slice(&v[..chunk.len()]);
    }
}

/// Mattermost's `IsValidId`: 26 ASCII letters or digits. (It does not check the alphabet, so
/// neither do we: ids made by other tools stay usable.)
pub fn is_valid_id(id: &str) -> bool {
    id.len() == ID_LEN && id.bytes().all(|b| b.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_ids_are_26_chars_of_the_alphabet_and_distinct() {
        let a = new_id();
        let b = new_id();
        assert_eq!(a.len(), 26);
        assert!(a.bytes().all(|c| ALPHABET.contains(&c)));
        assert_ne!(a, b);
        assert!(is_valid_id(&a));
    }

    #[test]
    fn encode_matches_mattermost_for_known_bytes() {
        // All-zero bytes encode to the first letter of the alphabet.
        assert_eq!(encode(&[0; 16]), "y".repeat(26));
        // 0xff.. encodes to the last letter, except the final char which carries 3 padding bits:
        // 0b11100 = 28 -> 'h'.
        assert_eq!(encode(&[0xff; 16]), format!("{}h", "9".repeat(25)));
    }

    #[test]
    fn decode_round_trips() {
        for _ in 0..100 {
            let id = new_id();
            let bytes = decode(&id).expect("decodes");
            assert_eq!(encode(&bytes), id);
        }
        assert_eq!(decode("short"), None);
        assert_eq!(decode(&"!".repeat(26)), None);
    }

    #[test]
    fn validity_is_length_and_alphanumerics() {
        assert!(is_valid_id("abcdefghijklmnopqrstuvwxyz"));
        assert!(is_valid_id("ABCDEFGHIJKLMNOPQRSTUVWXY0"));
        assert!(!is_valid_id("abcdefghijklmnopqrstuvwxy"));
        assert!(!is_valid_id("abcdefghijklmnopqrstuvwxy-"));
        assert!(!is_valid_id("me"));
    }
}
