//! Checks of the codebase itself: the dependency direction ARCHITECTURE.md promises, the
//! compatibility baseline (which Mattermost endpoints Stoa routes), and that the web app's wire
//! types name only fields the server's model writes.

#![expect(
    clippy::expect_used,
    reason = "a test suite: a failed expectation is a failed test"
)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("workspace root")
}

/// The `[dependencies]` names of a crate's Cargo.toml.
fn dependencies(krate: &str) -> BTreeSet<String> {
    let text = std::fs::read_to_string(root().join("crates").join(krate).join("Cargo.toml"))
        .expect("Cargo.toml");
    let mut deps = BTreeSet::new();
    let mut in_deps = false;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_deps = line == "[dependencies]";
            continue;
        }
        if in_deps && !line.is_empty() && !line.starts_with('#') {
            let name = line.split(['=', '.']).next().expect("name").trim();
            deps.insert(name.to_owned());
        }
    }
    deps
}

#[test]
fn dependencies_point_inward() {
    let forbidden: &[(&str, &[&str])] = &[
        (
            "stoa-model",
            &[
                "stoa-store",
                "stoa-core",
                "stoa-api",
                "sqlx",
                "axum",
                "tokio",
            ],
        ),
        ("stoa-store", &["stoa-core", "stoa-api", "sqlx", "axum"]),
        ("stoa-store-sql", &["stoa-core", "stoa-api", "axum"]),
        (
            "stoa-core",
            &[
                "stoa-api",
                "stoa-store-sql",
                "stoa-files",
                "stoa-mail",
                "object_store",
                "lettre",
                "sqlx",
                "axum",
                "stoa",
            ],
        ),
        (
            "stoa-files",
            &["stoa-api", "stoa-store", "stoa-store-sql", "sqlx", "axum"],
        ),
        (
            "stoa-api",
            &[
                "stoa-store",
                "stoa-store-sql",
                "stoa-files",
                "stoa-mail",
                "sqlx",
                "stoa",
            ],
        ),
        (
            "stoa-mail",
            &["stoa-api", "stoa-store", "stoa-store-sql", "sqlx", "axum"],
        ),
        ("stoa-webapp", &["stoa-core", "stoa-store", "sqlx"]),
    ];
    for (krate, banned) in forbidden {
        let deps = dependencies(krate);
        for b in *banned {
            assert!(
                !deps.contains(*b),
                "{krate} must not depend on {b} (see ARCHITECTURE.md)"
            );
        }
    }
}

/// `(METHOD, /api/v4/path)` pairs registered in `crates/stoa-api/src/api4`, read from the
/// `.route("…", get(…).post(…))` calls.
fn routed() -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    let mut stack = vec![root().join("crates/stoa-api/src/api4")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("source");
            for chunk in text.split(".route(").skip(1) {
                let Some(chunk) = chunk.trim_start().strip_prefix('"') else {
                    continue;
                };
                let (route, rest) = chunk.split_once('"').expect("closing quote");
                // The methods are the calls before the route(...) closes.
                let mut depth = 1;
                let mut end = rest.len();
                for (i, c) in rest.char_indices() {
                    match c {
                        '(' => depth += 1,
                        ')' => {
                            depth -= 1;
                            if depth == 0 {
                                end = i;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                let call = &rest[..end];
                for method in ["get", "post", "put", "delete", "patch", "head"] {
                    let starts = call.match_indices(&format!("{method}(")).any(|(i, _)| {
                        i == 0
                            || !call.as_bytes()[i - 1].is_ascii_alphanumeric()
                                && call.as_bytes()[i - 1] != b'_'
                    });
                    if starts {
                        out.insert((method.to_uppercase(), format!("/api/v4{route}")));
                    }
                }
            }
        }
    }
    out
}

/// Path templates compared without parameter names (`{team_id}` and `{id}` match).
fn shape(path: &str) -> String {
    path.split('/')
        .map(|seg| if seg.starts_with('{') { "{}" } else { seg })
        .collect::<Vec<_>>()
        .join("/")
}

#[test]
fn endpoint_coverage_matches_the_committed_baseline() {
    let mut reference =
        std::fs::read_to_string(root().join("docs/reference/mattermost-endpoints.tsv"))
            .expect("reference list");
    // Stoa's own routes (documented in docs/COMPATIBILITY.md), in the same columns.
    let own = std::fs::read_to_string(root().join("docs/reference/stoa-endpoints.tsv"))
        .expect("Stoa's own route list");
    reference.extend(own.lines().skip(1).map(|l| format!("\n{l}")));
    let ours: BTreeSet<(String, String)> =
        routed().into_iter().map(|(m, p)| (m, shape(&p))).collect();
    let mut by_tag: BTreeMap<String, (Vec<String>, usize)> = BTreeMap::new();
    let mut known = BTreeSet::new();
    for line in reference.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let [method, path, tag, _op, _summary, status, ..] = cols[..] else {
            continue;
        };
        if status.starts_with("doc-old") {
            continue;
        }
        let key = (method.to_owned(), shape(path));
        known.insert(key.clone());
        let entry = by_tag.entry(tag.to_owned()).or_default();
        entry.1 += 1;
        if ours.contains(&key) {
            entry.0.push(format!("{method} {path}"));
        }
    }
    let extra: Vec<String> = ours
        .iter()
        .filter(|k| !known.contains(*k))
        .map(|(m, p)| format!("{m} {p}"))
        .collect();
    assert!(
        extra.is_empty(),
        "routes that neither Mattermost nor docs/reference/stoa-endpoints.tsv has: {extra:?}"
    );

    let mut doc = String::from(
        "# Mattermost endpoints Stoa routes\n\n\
         Generated by `cargo test -p stoa-tests --test tidy` from `docs/reference/mattermost-endpoints.tsv`\n\
         (Mattermost's current routes; removed ones excluded), `docs/reference/stoa-endpoints.tsv`\n\
         (Stoa's own) and the routes registered in `crates/stoa-api/src/api4`. Regenerate with\n\
         `UPDATE_BASELINE=1`.\n\n\
         | tag | routed | of |\n|---|---:|---:|\n",
    );
    let (mut total_ours, mut total) = (0, 0);
    for (tag, (done, of)) in &by_tag {
        if !done.is_empty() {
            doc.push_str(&format!("| {tag} | {} | {of} |\n", done.len()));
        }
        total_ours += done.len();
        total += of;
    }
    doc.push_str(&format!(
        "| **all** | **{total_ours}** | **{total}** |\n\n## Routed\n\n"
    ));
    for (tag, (done, _)) in &by_tag {
        if done.is_empty() {
            continue;
        }
        doc.push_str(&format!("### {tag}\n\n"));
        for e in done {
            doc.push_str(&format!("- `{e}`\n"));
        }
        doc.push('\n');
    }
    let file = root().join("docs/ENDPOINTS.md");
    if std::env::var("UPDATE_BASELINE").is_ok() {
        std::fs::write(&file, &doc).expect("write baseline");
    }
    let committed = std::fs::read_to_string(&file).unwrap_or_default();
    assert_eq!(
        committed, doc,
        "the routed endpoints changed: rerun with UPDATE_BASELINE=1 and commit docs/ENDPOINTS.md"
    );
}

/// The JSON field names of each `pub struct` in the model crate's sources (a field's name, or
/// its `#[serde(rename = "…")]`; `#[serde(flatten)]` fields are left out).
fn model_fields() -> BTreeMap<String, BTreeSet<String>> {
    let dir = root().join("crates/stoa-model/src");
    let mut structs = BTreeMap::new();
    for entry in std::fs::read_dir(dir).expect("model sources") {
        let text = std::fs::read_to_string(entry.expect("entry").path()).expect("source");
        let mut current: Option<(String, BTreeSet<String>)> = None;
        let mut rename: Option<String> = None;
        let mut flatten = false;
        for line in text.lines() {
            let line = line.trim();
            if let Some(rest) = line.strip_prefix("pub struct ") {
                let name = rest.split([' ', '{', '<', '(']).next().expect("name");
                if line.ends_with('{') {
                    current = Some((name.to_owned(), BTreeSet::new()));
                }
                continue;
            }
            let Some((_, fields)) = current.as_mut() else {
                continue;
            };
            if line == "}" {
                let (name, fields) = current.take().expect("a struct");
                structs.insert(name, fields);
                continue;
            }
            if line.starts_with("#[serde(") {
                if let Some(r) = line.split("rename = \"").nth(1) {
                    rename = r.split('"').next().map(str::to_owned);
                }
                flatten |= line.contains("flatten");
                continue;
            }
            if let Some(rest) = line.strip_prefix("pub ") {
                let field = rest.split(':').next().expect("field").trim();
                if !flatten {
                    fields.insert(rename.take().unwrap_or_else(|| field.to_owned()));
                }
                rename = None;
                flatten = false;
            }
        }
    }
    structs
}

/// The fields of each `export interface` in the web app's wire types (declarations of one name
/// merge, as TypeScript merges them).
fn webapp_fields() -> BTreeMap<String, BTreeSet<String>> {
    let text = std::fs::read_to_string(root().join("webapp/src/api/types.ts")).expect("types.ts");
    let mut interfaces: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("export interface ") {
            let name = rest.split([' ', '{', '<']).next().expect("name").to_owned();
            interfaces.entry(name.clone()).or_default();
            current = Some(name);
            continue;
        }
        if line.starts_with('}') {
            current = None;
            continue;
        }
        let Some(name) = current.as_ref() else {
            continue;
        };
        // Members are indented two spaces: `  name?: type;`
        let Some(member) = line.strip_prefix("  ") else {
            continue;
        };
        if member.starts_with(' ') || member.starts_with('/') || member.starts_with('*') {
            continue;
        }
        if let Some((field, _)) = member.split_once(':') {
            let field = field.trim_end_matches('?');
            if field.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                interfaces
                    .entry(name.clone())
                    .or_default()
                    .insert(field.to_owned());
            }
        }
    }
    interfaces
}

/// The web app keeps its wire types by hand in `webapp/src/api/types.ts` (only the fields it
/// reads): every field it names must be one the server's model writes, so a renamed or
/// misspelt field fails here instead of reading `undefined` in the browser.
#[test]
fn webapp_wire_types_name_only_model_fields() {
    // TypeScript interface → the model struct it mirrors.
    let pairs = [
        ("AppErrorBody", "AppError"),
        ("User", "User"),
        ("UserPatch", "UserPatch"),
        ("Team", "Team"),
        ("TeamUnread", "TeamUnread"),
        ("Channel", "Channel"),
        ("ChannelMember", "ChannelMember"),
        ("ChannelStats", "ChannelStats"),
        ("ChannelViewResponse", "ChannelViewResponse"),
        ("FileInfo", "FileInfo"),
        ("FileUploadResponse", "FileUploadResponse"),
        ("Reaction", "Reaction"),
        ("PostMetadata", "PostMetadata"),
        ("Post", "Post"),
        ("PostList", "PostList"),
        ("PostSearchResults", "PostSearchResults"),
        ("Preference", "Preference"),
        ("UserThread", "ThreadResponse"),
        ("UserThreadList", "Threads"),
        ("UserStatus", "Status"),
        ("CustomStatus", "CustomStatus"),
        ("SidebarCategory", "SidebarCategory"),
        ("SidebarCategories", "OrderedSidebarCategories"),
        ("CustomEmoji", "Emoji"),
        ("Draft", "Draft"),
        ("ChannelWithTeamData", "ChannelWithTeamData"),
    ];
    let model = model_fields();
    let webapp = webapp_fields();
    let mut wrong = Vec::new();
    for (ts, rust) in pairs {
        let ts_fields = webapp
            .get(ts)
            .unwrap_or_else(|| panic!("types.ts has no interface {ts}"));
        let rust_fields = model
            .get(rust)
            .unwrap_or_else(|| panic!("stoa-model has no struct {rust}"));
        for f in ts_fields.difference(rust_fields) {
            wrong.push(format!("{ts}.{f} (not a field of {rust})"));
        }
    }
    assert!(
        wrong.is_empty(),
        "webapp/src/api/types.ts names fields the server does not send: {wrong:#?}"
    );
}

/// `docs/COMPATIBILITY.md` lists every call of the official apps' lists with the state that
/// `tests/clients/js/test/official_apps.expect.json` (which the replay test enforces) gives it.
#[test]
fn compatibility_lists_every_official_app_call_as_the_replay_expects() {
    let expect: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/clients/js/test/official_apps.expect.json"))
            .expect("expectations"),
    )
    .expect("JSON");
    let doc = std::fs::read_to_string(root().join("docs/COMPATIBILITY.md")).expect("doc");
    let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().replace('|', "/");
    let mut missing = Vec::new();
    for row in expect["rows"].as_array().expect("rows") {
        let want = if let Some(skip) = row.get("skip").and_then(|v| v.as_str()) {
            format!("not replayed: {}", skip.replace('|', "/"))
        } else if let Some(gap) = row.get("gap").and_then(|v| v.as_str()) {
            format!(
                "differs: {} (Mattermost {})",
                gap.replace('|', "/"),
                text(&row["expect"])
            )
        } else if row["expect"] == "2xx" {
            "as Mattermost: 2xx".to_owned()
        } else {
            let status = row["expect"].to_string();
            match row
                .get("why")
                .and_then(|v| v.as_str())
                .filter(|w| !w.is_empty())
            {
                Some(why) => format!("as Mattermost: {status} ({})", why.replace('|', "/")),
                None => format!("as Mattermost: {status}"),
            }
        };
        let line = format!(
            "| {} | `{}` | {want} |",
            text(&row["method"]),
            text(&row["path"])
        );
        if !doc.contains(&line) {
            missing.push(line);
        }
    }
    assert!(
        missing.is_empty(),
        "docs/COMPATIBILITY.md does not list these calls as the replay expects them: {missing:#?}"
    );
}
