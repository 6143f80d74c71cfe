//! What the request fuzzer sends: a small seeded generator and the bad values it draws from.
//! Values are meant to be wrong in the ways clients and attackers are wrong: ids of the wrong
//! length or alphabet, strings past every column's and pattern's limit, numbers past `i64`,
//! JSON of the wrong shape, nested past any parser's depth, cut short, or not UTF-8 at all.

/// SplitMix64: tiny, and the same sequence for the same seed on every machine.
pub struct Rng(u64);

impl Rng {
    /// The generator of case `index` of a run: each case draws from its own stream, so a case
    /// can be replayed alone (`STOA_FUZZ_CASE`).
    pub fn for_case(seed: u64, index: u64) -> Rng {
        let mut r = Rng(seed ^ index.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        r.next();
        r
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Field and parameter names the API reads, so that wrong values reach the code behind them.
#[rustfmt::skip]
pub const NAMES: &[&str] = &[
    "id", "user_id", "user_ids", "team_id", "channel_id", "post_id", "root_id", "file_ids", "name",
    "display_name", "username", "email", "password", "new_password", "current_password",
    "login_id", "token", "term", "terms", "message", "type", "props", "roles", "page", "per_page",
    "limit", "since", "before", "after", "include_deleted", "is_or_search", "time_zone_offset",
    "emoji_name", "create_at", "update_at", "purpose", "header", "nickname", "first_name",
    "last_name", "position", "locale", "notify_props", "category", "value", "channel_ids",
    "sort_order", "sorting", "state", "status", "dnd_end_time", "text", "duration", "expires_at",
    "team_ids", "public", "private", "prefix_only", "allow_inactive", "in_channel_id",
    "not_in_channel_id", "scheme_admin", "scheme_user", "command", "active", "search_term",
    "system_console", "in_team", "in_channel", "filename", "client_id", "client_ids", "sort",
    "direction", "from_post", "include_total_count", "q", "group_constrained", "role",
    "role_filter", "team_filter", "roles", "user_input", "sort_column", "from_column_value",
];

/// A string that is wrong somewhere: too long for any column or LIKE pattern, odd characters,
/// text that looks like another type.
pub fn text(r: &mut Rng) -> String {
    match r.below(16) {
        0 => String::new(),
        1 => " \t ".into(),
        2 => "a".repeat(*r.pick(&[65, 256, 1_025, 70_000])),
        3 => "é".repeat(*r.pick(&[33, 128, 40_000])),
        4 => "%_\\*".repeat(*r.pick(&[1, 20_000])),
        5 => "'; DROP TABLE users; --".into(),
        6 => "../../../etc/passwd".into(),
        7 => "\u{202e}\u{feff}\u{200b}👩‍👩‍👧‍👦 \u{1F600}".into(),
        8 => "a\u{0}b".into(),
        9 => "\r\n\x1b[31m\x07".into(),
        10 => number_text(r),
        11 => (*r.pick(&[
            "true",
            "null",
            "me",
            "system_admin system_user",
            "-",
            "*",
            "\"\"",
        ]))
        .into(),
        12 => bad_id(r),
        13 => "<script>alert(1)</script>@channel @all ~town-square".into(),
        14 => format!(
            "{} {}",
            "word ".repeat(*r.pick(&[3, 5_000])),
            "from: in: on:2026-13-45"
        ),
        _ => (0..r.below(40))
            .map(|_| char::from(b' ' + r.below(95) as u8))
            .collect(),
    }
}

/// A number as text, often past what an `i64` or an `f64` holds.
pub fn number_text(r: &mut Rng) -> String {
    (*r.pick(&[
        "0",
        "-1",
        "1",
        "9223372036854775807",
        "9223372036854775808",
        "-9223372036854775808",
        "-9223372036854775809",
        "99999999999999999999999999",
        "1e309",
        "-1e309",
        "1.5",
        "-0",
        "0x10",
        "NaN",
        "1_000",
        "+5",
        "2147483648",
    ]))
    .into()
}

/// A 26-character id's wrong relatives, and now and then a well-formed id nobody has.
pub fn bad_id(r: &mut Rng) -> String {
    match r.below(9) {
        0 => String::new(),
        1 => "x".into(),
        2 => "a".repeat(25),
        3 => "a".repeat(27),
        4 => "ABCDEFGHIJKLMNOPQRSTUVWXYZ".into(),
        5 => "abcdefghijklmnopqrstuvwx-_".into(),
        6 => "a".repeat(*r.pick(&[300, 5_000])),
        7 => "ééééééééééééé".into(),
        _ => stoa_model::new_id(),
    }
}

/// Percent-encodes every byte outside the unreserved set, for a path segment or query value.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A raw URL piece that no encoder would produce: bad escapes, escaped bytes that are not UTF-8.
pub fn raw_url_piece(r: &mut Rng) -> String {
    (*r.pick(&[
        "%ff%fe", "%", "%zz", "%c0%af", "%2e%2e", "..", "%2F", ";", "%e2%82",
    ]))
    .into()
}

/// A JSON value as text, so that numbers may be past any binary type.
pub fn json(r: &mut Rng, depth: usize) -> String {
    let leaf = depth == 0 || r.chance(40);
    if leaf {
        return match r.below(6) {
            0 => number_text(r),
            1 => (*r.pick(&["true", "false", "null"])).into(),
            _ => serde_json::Value::String(text(r)).to_string(),
        };
    }
    let n = r.below(5);
    if r.chance(70) {
        let fields: Vec<String> = (0..n)
            .map(|_| format!("\"{}\":{}", r.pick(NAMES), json(r, depth - 1)))
            .collect();
        format!("{{{}}}", fields.join(","))
    } else {
        let items: Vec<String> = (0..n).map(|_| json(r, depth - 1)).collect();
        format!("[{}]", items.join(","))
    }
}

/// A request body and its content type: JSON of any shape and its broken variants, or bytes.
pub fn body(r: &mut Rng) -> (String, Vec<u8>) {
    const JSON: &str = "application/json";
    let doc = json(r, 3);
    let body = match r.below(10) {
        0 => Vec::new(),
        1 => {
            // Cut short, anywhere (on a byte, so possibly inside a character).
            let cut = r.below(doc.len().max(1));
            doc.as_bytes()[..cut].to_vec()
        }
        2 => {
            let depth = *r.pick(&[129, 5_000, 100_000]);
            format!("{}{}", "[".repeat(depth), "]".repeat(depth)).into_bytes()
        }
        3 => {
            let mut b = doc.into_bytes();
            let at = r.below(b.len() + 1);
            b.splice(at..at, [0xff, 0xfe, 0xc0, 0x80]);
            b
        }
        4 => b"{\"name\":\"a\x00b\",\"term\":\"\\u0000\"}".to_vec(),
        5 => format!("\u{feff}{doc}").into_bytes(),
        6 => {
            return (
                (*r.pick(&[
                    "text/plain",
                    "application/x-www-form-urlencoded",
                    "",
                    "application/json; charset=utf-16",
                ]))
                .into(),
                doc.into_bytes(),
            );
        }
        _ => doc.into_bytes(),
    };
    (JSON.into(), body)
}

/// A multipart body for the upload routes: the field names they read, a file whose name and
/// bytes are hostile, and now and then a broken boundary.
pub fn multipart(r: &mut Rng, channel_id: &str) -> (String, Vec<u8>) {
    const B: &str = "XFUZZBOUNDARYX";
    let mut out = Vec::new();
    let part = |out: &mut Vec<u8>, headers: &str, bytes: &[u8]| {
        out.extend_from_slice(format!("--{B}\r\n{headers}\r\n\r\n").as_bytes());
        out.extend_from_slice(bytes);
        out.extend_from_slice(b"\r\n");
    };
    if r.chance(70) {
        let id = if r.chance(70) {
            channel_id.to_owned()
        } else {
            bad_id(r)
        };
        part(
            &mut out,
            "Content-Disposition: form-data; name=\"channel_id\"",
            id.as_bytes(),
        );
    }
    if r.chance(30) {
        let value = json(r, 2);
        part(
            &mut out,
            "Content-Disposition: form-data; name=\"emoji\"",
            value.as_bytes(),
        );
    }
    let field = *r.pick(&["files", "image", "emoji", "client_ids", "x"]);
    let filename = match r.below(4) {
        0 => "a".repeat(*r.pick(&[255, 256, 300, 1_000])) + ".png",
        1 => "é".repeat(200) + ".txt",
        _ => text(r).replace(['"', '\r', '\n'], "_"),
    };
    let bytes: Vec<u8> = match r.below(3) {
        0 => stoa_tests::multipart::png_claiming(*r.pick(&[1, 50_000]), 50_000),
        1 => stoa_tests::multipart::tiny_png(),
        _ => text(r).into_bytes(),
    };
    part(
        &mut out,
        &format!(
            "Content-Disposition: form-data; name=\"{field}\"; filename=\"{filename}\"\r\nContent-Type: image/png"
        ),
        &bytes,
    );
    if r.chance(90) {
        out.extend_from_slice(format!("--{B}--\r\n").as_bytes());
    }
    let ctype = if r.chance(90) {
        format!("multipart/form-data; boundary={B}")
    } else {
        "multipart/form-data".into()
    };
    (ctype, out)
}

/// A header a client should not send, or sends wrong.
pub fn header(r: &mut Rng) -> (&'static str, Vec<u8>) {
    let long = "x".repeat(8_000);
    match r.below(12) {
        0 => (
            "if-none-match",
            text(r).replace(['\r', '\n', '\0'], "").into_bytes(),
        ),
        1 => (
            "range",
            (*r.pick(&[
                "bytes=99999999999999999999-",
                "bytes=5-1",
                "bytes=-0",
                "bytes=0-0,1-1,2-2",
                "pages=1",
            ]))
            .as_bytes()
            .to_vec(),
        ),
        2 => ("accept-language", long.into_bytes()),
        3 => ("user-agent", b"\xff\xfe fuzz \x80".to_vec()),
        4 => ("x-forwarded-for", b"not-an-ip, ::::, 999.1.1.1".to_vec()),
        5 => (
            "cookie",
            b"MMAUTHTOKEN=aaaaaaaaaaaaaaaaaaaaaaaaaa; MMCSRF=\xff".to_vec(),
        ),
        6 => ("x-requested-with", b"XMLHttpRequest".to_vec()),
        7 => ("x-csrf-token", b"\x80\x81".to_vec()),
        8 => ("accept-encoding", b"gzip;q=nan, br;q=-1".to_vec()),
        9 => ("content-encoding", b"gzip".to_vec()),
        10 => ("if-modified-since", b"yesterday".to_vec()),
        _ => ("accept", b"*/*;q=\xff".to_vec()),
    }
}
