//! The route table as Mattermost's router resolves it: a literal segment wins over a parameter,
//! so an endpoint Stoa does not route yet answers 404, never a 405 from a `{id}` route that
//! happened to match its literal segment (`POST /channels/search` is not `/channels/{id}`).

use std::collections::BTreeSet;
use std::path::PathBuf;

use reqwest::Method;
use stoa_tests::{TestServer, api_test};

fn repo_file(rel: &str) -> String {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    std::fs::read_to_string(root.join(rel)).expect("file in the repository")
}

/// A path template with its parameters blanked (`/channels/{}/members/{}`).
fn shape(path: &str) -> String {
    path.split('/')
        .map(|seg| if seg.starts_with('{') { "{}" } else { seg })
        .collect::<Vec<_>>()
        .join("/")
}

/// Path shapes Stoa routes for some method: the generated `docs/ENDPOINTS.md`, and the
/// features it refuses as an unlicensed Mattermost does (`api4/unlicensed.rs`).
fn routed_shapes() -> BTreeSet<String> {
    let mut shapes: BTreeSet<String> = repo_file("docs/ENDPOINTS.md")
        .lines()
        .filter_map(|l| l.strip_prefix("- `")?.strip_suffix('`'))
        .filter_map(|l| l.split_once(' ').map(|(_, path)| shape(path)))
        .collect();
    let refusals = repo_file("crates/stoa-api/src/api4/unlicensed.rs");
    for line in refusals.lines() {
        if let Some((_, rest)) = line.split_once(" \"/")
            && let Some((path, _)) = rest.split_once("\" =>")
        {
            shapes.insert(shape(&format!("/api/v4/{path}")));
        }
    }
    shapes
}

async fn literal_segments_win_over_parameters(t: TestServer) {
    let routed = routed_shapes();
    assert!(
        routed.len() > 100,
        "the baseline lists the routed endpoints"
    );
    let reference = repo_file("docs/reference/mattermost-endpoints.tsv");
    let client = reqwest::Client::new();
    let mut shadowed = Vec::new();
    let mut checked = 0;
    for line in reference.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let [method, path, _tag, _op, _summary, status, ..] = cols[..] else {
            continue;
        };
        if status.starts_with("doc-old") || !path.starts_with("/api/v4/") {
            continue;
        }
        let Ok(method) = Method::from_bytes(method.as_bytes()) else {
            continue;
        };
        // Parameters get a well-formed id: the router, not the handler, is under test.
        let concrete: String = path
            .split('/')
            .map(|seg| {
                if seg.starts_with('{') {
                    "qd3xw1ykgtfj7mbsgzc6qqpk4e"
                } else {
                    seg
                }
            })
            .collect::<Vec<_>>()
            .join("/");
        let resp = client
            .request(method.clone(), format!("{}{concrete}", t.base_url()))
            .header("X-Requested-With", "XMLHttpRequest")
            .send()
            .await
            .expect("request");
        checked += 1;
        // 405 is right only where this very path is routed for another method.
        if resp.status() == 405 && !routed.contains(&shape(path)) {
            shadowed.push(format!("{method} {path}"));
        }
    }
    assert!(checked > 500, "walked the reference list ({checked})");
    assert!(
        shadowed.is_empty(),
        "answered 405 because a parameter route matched a literal segment: {shadowed:#?}"
    );
}

api_test!(literal_segments_win_over_parameters);
