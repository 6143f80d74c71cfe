//! Every routed endpoint × every actor, with the expected status of each cell in `matrix.tsv`.
//!
//! The routes come from the route table as the tidy test keeps it (`docs/ENDPOINTS.md`, generated
//! from `crates/stoa-api/src/api4`, plus the refusals of `api4/unlicensed.rs`): a route without a
//! row fails, and so does a row for a route that is gone. Each cell sends one request (see
//! `requests.rs`) and compares the status with the table. Cells run concurrently; the few that
//! end every session run last.

use futures_util::StreamExt;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use stoa_tests::{ApiClient, TestServer};

use super::requests::{Body, RUN_LAST, prepare};
use super::world::{ACTORS, Actor, World};

fn repo_file(rel: &str) -> String {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    std::fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

type Route = (String, String);

/// `(METHOD, /api/v4/path)` of every routed endpoint.
fn routes() -> BTreeSet<Route> {
    let mut out: BTreeSet<Route> = repo_file("docs/ENDPOINTS.md")
        .lines()
        .filter_map(|l| l.strip_prefix("- `")?.strip_suffix('`'))
        .filter_map(|l| l.split_once(' '))
        .map(|(m, p)| (m.to_owned(), p.to_owned()))
        .collect();
    // Rows of the refusal table: `    GET "/path" => …`.
    for line in repo_file("crates/stoa-api/src/api4/unlicensed.rs").lines() {
        let line = line.trim_start();
        if let Some((method, rest)) = line.split_once(" \"/")
            && method.chars().all(|c| c.is_ascii_uppercase())
            && let Some((path, _)) = rest.split_once("\" =>")
        {
            out.insert((method.to_owned(), format!("/api/v4/{path}")));
        }
    }
    out
}

/// What a cell expects: a status, or `-` for a column not run yet (guests).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Status(u16),
    NotRun,
}

fn table() -> BTreeMap<Route, Vec<Expect>> {
    let mut out = BTreeMap::new();
    let text = repo_file("crates/stoa-tests/tests/api/authz/matrix.tsv");
    let mut header_seen = false;
    for (n, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if !header_seen {
            let names: Vec<&str> = ACTORS.iter().map(|a| a.column()).collect();
            assert_eq!(
                cols.get(2..2 + ACTORS.len()),
                Some(&names[..]),
                "matrix.tsv: the header names the actor columns in order"
            );
            header_seen = true;
            continue;
        }
        assert!(
            cols.len() >= 2 + ACTORS.len(),
            "matrix.tsv line {}: method, path and {} columns",
            n + 1,
            ACTORS.len()
        );
        let expect: Vec<Expect> = cols[2..2 + ACTORS.len()]
            .iter()
            .map(|c| match *c {
                "-" => Expect::NotRun,
                s => Expect::Status(s.parse().unwrap_or_else(|_| {
                    panic!("matrix.tsv line {}: `{s}` is not a status", n + 1)
                })),
            })
            .collect();
        let key = (cols[0].to_owned(), cols[1].to_owned());
        assert!(
            out.insert(key.clone(), expect).is_none(),
            "matrix.tsv: {key:?} twice"
        );
    }
    out
}

async fn send(client: &ApiClient, method: &str, path: &str, body: Body) -> stoa_tests::Resp {
    let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
    let rb = client
        .request(method, path)
        .header("X-Requested-With", "XMLHttpRequest");
    let rb = match body {
        Body::None => rb,
        Body::Json(v) => rb.json(&v),
        Body::Raw {
            content_type,
            bytes,
        } => rb.header("content-type", content_type).body(bytes),
    };
    ApiClient::send(rb).await
}

struct Outcome {
    route: Route,
    actor: Actor,
    status: u16,
    /// What a successful answer showed that the actor may not see (see `World::secrets`).
    shown: Vec<String>,
    body: String,
}

async fn run_cell(w: &World, route: &Route, actor: Actor) -> Outcome {
    let req = prepare(w, actor, &route.0, &route.1).await;
    let resp = send(&req.client, &route.0, &req.path, req.body).await;
    let body = resp.text();
    // A successful answer must not show what the actor may not see.
    let shown: Vec<&str> = w
        .secrets(actor)
        .into_iter()
        .filter(|s| (200..300).contains(&resp.status) && body.contains(s))
        .collect();
    Outcome {
        route: route.clone(),
        actor,
        status: resp.status,
        shown: shown.iter().map(|s| s.to_string()).collect(),
        body: body.chars().take(200).collect(),
    }
}

/// Renders observed statuses as rows of `matrix.tsv`, for drafting a new row (to be reviewed
/// against Mattermost's handler before it is committed, never pasted blindly).
fn as_rows(outcomes: &[Outcome]) -> String {
    let mut rows: BTreeMap<&Route, Vec<String>> = BTreeMap::new();
    for o in outcomes {
        let cols = rows
            .entry(&o.route)
            .or_insert_with(|| vec!["-".to_owned(); ACTORS.len()]);
        let i = ACTORS.iter().position(|a| *a == o.actor).expect("actor");
        cols[i] = o.status.to_string();
    }
    rows.iter()
        .map(|((m, p), cols)| format!("{m}\t{p}\t{}\n", cols.join("\t")))
        .collect()
}

async fn authorisation_matrix(t: TestServer) {
    let routes = routes();
    assert!(routes.len() > 200, "the route table is read");
    let table = table();
    let missing: Vec<&Route> = routes.iter().filter(|r| !table.contains_key(*r)).collect();
    let stale: Vec<&Route> = table.keys().filter(|r| !routes.contains(*r)).collect();

    let w = std::sync::Arc::new(World::build(&t).await);
    let runnable: Vec<Actor> = ACTORS
        .iter()
        .copied()
        .filter(|a| w.user(*a).is_some() || *a == Actor::Anonymous)
        .collect();
    let is_last = |r: &Route| RUN_LAST.iter().any(|(m, p)| r.0 == *m && r.1 == *p);
    let cells: Vec<(Route, Actor)> = routes
        .iter()
        .filter(|r| !is_last(r))
        .flat_map(|r| runnable.iter().map(move |a| (r.clone(), *a)))
        .collect();
    let mut outcomes: Vec<Outcome> = futures_util::stream::iter(cells)
        .map(|(r, a)| {
            let w = w.clone();
            tokio::spawn(async move { run_cell(&w, &r, a).await })
        })
        .buffer_unordered(12)
        .map(|joined| joined.expect("cell task"))
        .collect()
        .await;
    for r in routes.iter().filter(|r| is_last(r)) {
        for a in &runnable {
            outcomes.push(run_cell(&w, r, *a).await);
        }
    }

    if let Ok(dir) = std::env::var("AUTHZ_OBSERVED") {
        let file = PathBuf::from(dir).join(format!("matrix-{:?}.tsv", t.backend()));
        std::fs::write(&file, as_rows(&outcomes)).expect("write observed rows");
    }

    let mut wrong = Vec::new();
    for o in &outcomes {
        let Some(expect) = table.get(&o.route) else {
            continue;
        };
        let i = ACTORS.iter().position(|a| *a == o.actor).expect("actor");
        match expect[i] {
            Expect::Status(s) if s == o.status => {}
            Expect::Status(s) => wrong.push(format!(
                "{} {} as {}: expected {s}, got {} {}",
                o.route.0,
                o.route.1,
                o.actor.column(),
                o.status,
                o.body
            )),
            Expect::NotRun => wrong.push(format!(
                "{} {} as {}: the table says `-` for a column that runs",
                o.route.0,
                o.route.1,
                o.actor.column()
            )),
        }
    }
    for o in outcomes.iter().filter(|o| !o.shown.is_empty()) {
        if !super::requests::MAY_SHOW
            .iter()
            .any(|(m, p, a)| o.route.0 == *m && o.route.1 == *p && o.actor == *a)
        {
            wrong.push(format!(
                "{} {} as {}: {} shows {:?}, which it may not see: {}",
                o.route.0,
                o.route.1,
                o.actor.column(),
                o.status,
                o.shown,
                o.body
            ));
        }
    }
    let new_rows: Vec<&Outcome> = outcomes
        .iter()
        .filter(|o| missing.contains(&&o.route))
        .collect();
    assert!(
        missing.is_empty() && stale.is_empty() && wrong.is_empty(),
        "authorisation matrix ({:?}):\n\
         routes without a row in matrix.tsv (what Stoa answers now, to review against \
         Mattermost's handler before adding):\n{}\n\
         rows for routes that are not routed: {stale:?}\n\
         cells that differ ({}):\n{}",
        t.backend(),
        as_rows(&new_rows.into_iter().map(clone_outcome).collect::<Vec<_>>()),
        wrong.len(),
        wrong.join("\n")
    );
}

fn clone_outcome(o: &Outcome) -> Outcome {
    Outcome {
        route: o.route.clone(),
        actor: o.actor,
        status: o.status,
        shown: Vec::new(),
        body: String::new(),
    }
}

stoa_tests::api_test!(authorisation_matrix);
