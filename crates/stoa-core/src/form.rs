//! `application/x-www-form-urlencoded` bodies, for integrations that take forms.

/// Encodes name/value pairs as a form body (spaces as `+`, everything but unreserved bytes
/// percent-encoded).
pub(crate) fn encode(fields: &[(&str, String)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", escape(k), escape(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => {
                out.push(char::from(b))
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn encodes_like_a_browser_form() {
        assert_eq!(
            super::encode(&[("text", "deploy a&b=c ü".into()), ("x", String::new())]),
            "text=deploy+a%26b%3Dc+%C3%BC&x="
        );
    }
}
