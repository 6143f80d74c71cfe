//! `stoa-bench search`: fills a team with a realistic corpus, then times post search through the
//! REST API as a member who is in most channels.
//!
//! The team, its channels, users and memberships are made over the API; the posts are written
//! straight into the server's database through the project's own store (one transaction per
//! `--batch` posts), so indexing is part of the generation time. Everything is deterministic
//! for a given `--seed` and sizes: run again with `--skip-generate` and the same flags to time
//! the searches alone on a filled database.
//!
//! The corpus: words drawn from a Zipf distribution over a vocabulary of pseudo-English words,
//! 3–40 per message (mostly short), posts spread over two years ending when the team was made,
//! channels and users with Zipf-like activity and membership (a handful of users in more than
//! half the channels, most in 5–20). Marker words the queries rely on: the top word (in most
//! posts), [`RARE`] words (about 30 posts each, whatever the corpus size), [`PHRASES`] (each in
//! about 0.1% of posts, their words also alone and in reverse order, so only a phrase query
//! matches the phrase), and [`HASHTAGS`] in about 4% of posts.

use clap::Args;
use futures_util::StreamExt;
use serde_json::{Value, json};
use sqlx::Row;
use std::collections::HashSet;
use std::time::{Duration, Instant};
use stoa_model::post::Post;
use stoa_store::Store;

use crate::api::{Error, Session};
use crate::stats::{ms, summarize};

#[derive(Args)]
pub struct SearchArgs {
    /// Posts to generate.
    #[arg(long, default_value_t = 1_000_000)]
    posts: usize,
    /// Public channels in the team.
    #[arg(long, default_value_t = 200)]
    channels: usize,
    /// Users in the team.
    #[arg(long, default_value_t = 300)]
    users: usize,
    /// Words in the vocabulary.
    #[arg(long, default_value_t = 20_000)]
    vocabulary: usize,
    /// Seed of the generator: the same seed and sizes make the same corpus and queries.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The server's database (`sqlite://<data_dir>/stoa.db` or `postgres://…`). Needed to
    /// generate; with `--skip-generate` only used to report sizes.
    #[arg(long)]
    database_url: Option<String>,
    /// Posts per transaction.
    #[arg(long, default_value_t = 2000)]
    batch: usize,
    /// Names: team `bench-<name>`, users `<name><i>`, channels `<name>-<j>`.
    #[arg(long, default_value = "search")]
    name: String,
    /// Search an already generated team (same `--name`, `--seed` and sizes).
    #[arg(long)]
    skip_generate: bool,
    /// Timed searches per query kind.
    #[arg(long, default_value_t = 200)]
    repeat: usize,
    /// Untimed searches per query kind first.
    #[arg(long, default_value_t = 3)]
    warmup: usize,
    /// Label printed with the results.
    #[arg(long, default_value = "")]
    label: String,
}

const PASSWORD: &str = "bench-pass-1";
const SPAN_MS: i64 = 730 * 86_400_000;
/// Each rare word is in about this many posts.
const RARE_POSTS: f64 = 30.0;
const RARE: &[&str] = &[
    "quorbix",
    "zendralt",
    "vexolith",
    "jurnakle",
    "plixomar",
    "drovengal",
    "skwiztor",
    "flumbrix",
    "tzarvelo",
    "gromphix",
    "yzmirald",
    "kwondrel",
    "blixtova",
    "ferzquin",
    "marphlox",
    "zintrabe",
];
/// Each phrase is in about 0.1% of posts.
const PHRASE_SHARE: f64 = 0.001;
const PHRASES: &[(&str, &str)] = &[
    ("crimson", "lighthouse"),
    ("velvet", "thunder"),
    ("quiet", "harbor"),
    ("paper", "satellite"),
];
const HASHTAG_SHARE: f64 = 0.04;
const HASHTAGS: &[&str] = &[
    "release", "incident", "standup", "design", "oncall", "roadmap", "hiring", "security", "perf",
    "retro", "launch", "backend", "frontend", "mobile", "docs", "infra", "billing", "support",
    "quality", "metrics",
];
/// Stop words of four letters or more (the generator makes no shorter words).
const STOP_WORDS: &str = "\
    about above after again against below between both because been before being does doing \
    down during each from further have having here hers herself himself into itself just more \
    most myself once only other ours ourselves over same should some such than that their \
    theirs them themselves then there these they this those through under until very were what \
    when where which while whom with your yours yourself yourselves";

pub async fn run(admin: &Session, a: SearchArgs) -> Result<(), Error> {
    if a.users == 0 || a.channels == 0 || a.vocabulary < 100 {
        return Err("--users and --channels must be at least 1, --vocabulary at least 100".into());
    }
    let corpus = Corpus::new(&a);
    let team = if a.skip_generate {
        let team = admin
            .call(
                reqwest::Method::GET,
                &format!("/teams/name/{}", corpus.team_name()),
                None,
            )
            .await
            .map_err(|e| {
                format!("no generated team to search (run without --skip-generate): {e}")
            })?;
        Team::from_json(&team)
    } else {
        let url = a
            .database_url
            .as_deref()
            .ok_or("--database-url is needed to generate posts (or pass --skip-generate)")?;
        generate(admin, &a, &corpus, url).await?
    };
    if let Some(url) = a.database_url.as_deref() {
        report_sizes(url, &a.label).await?;
    }
    bench_queries(admin, &a, &corpus, &team).await
}

struct Team {
    id: String,
    /// The generated posts end here (when the team was made) and start two years earlier.
    create_at: i64,
}

impl Team {
    fn from_json(v: &Value) -> Team {
        Team {
            id: v["id"].as_str().unwrap_or("").to_owned(),
            create_at: v["create_at"].as_i64().unwrap_or(0),
        }
    }
}

/// Generation: the team, users, channels and memberships over the API, then the posts into the
/// database.
async fn generate(
    admin: &Session,
    a: &SearchArgs,
    corpus: &Corpus,
    database_url: &str,
) -> Result<Team, Error> {
    let setup_started = Instant::now();
    let team = admin
        .post(
            "/teams",
            json!({"name": corpus.team_name(), "display_name": format!("Bench {}", a.name), "type": "O"}),
        )
        .await
        .map_err(|e| {
            format!("creating the team (already generated? pass --skip-generate or another --name): {e}")
        })?;
    let team = Team::from_json(&team);

    let mut user_ids: Vec<(usize, String)> = futures_util::stream::iter(0..a.users)
        .map(|i| async move {
            let username = corpus.username(i);
            let u = admin
                .post(
                    "/users",
                    json!({"username": username, "email": format!("{username}@example.com"), "password": PASSWORD}),
                )
                .await?;
            Ok::<_, Error>((i, u["id"].as_str().unwrap_or("").to_owned()))
        })
        .buffer_unordered(4)
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .collect::<Result<_, _>>()?;
    user_ids.sort_by_key(|(i, _)| *i);
    let user_ids: Vec<String> = user_ids.into_iter().map(|(_, id)| id).collect();
    for chunk in user_ids.chunks(200) {
        let members: Vec<Value> = chunk
            .iter()
            .map(|u| json!({"team_id": team.id, "user_id": u}))
            .collect();
        admin
            .post(&format!("/teams/{}/members/batch", team.id), json!(members))
            .await?;
    }

    let mut channel_ids = Vec::with_capacity(a.channels);
    for j in 0..a.channels {
        let c = admin
            .post(
                "/channels",
                json!({"team_id": team.id, "name": corpus.channel_name(j), "display_name": format!("{} {j}", a.name), "type": "O"}),
            )
            .await?;
        let id = c["id"].as_str().unwrap_or("").to_owned();
        let members: Vec<&String> = corpus.channel_members[j]
            .iter()
            .map(|&u| &user_ids[u])
            .collect();
        for chunk in members.chunks(500) {
            admin
                .post(
                    &format!("/channels/{id}/members"),
                    json!({ "user_ids": chunk }),
                )
                .await?;
        }
        channel_ids.push(id);
    }
    let setup = setup_started.elapsed();
    let mut counts: Vec<usize> = corpus.user_channels.iter().map(Vec::len).collect();
    counts.sort_unstable();
    println!(
        "search {label}: set up over the API in {secs:.1}s: team {team}, {u} users, {c} channels; channels per user: median {median}, max {max}, {over} users in more than 100, {typical} in 5-20",
        label = a.label,
        secs = setup.as_secs_f64(),
        team = corpus.team_name(),
        u = a.users,
        c = a.channels,
        median = counts[counts.len() / 2],
        max = counts.last().copied().unwrap_or(0),
        over = counts.iter().filter(|&&n| n > 100).count(),
        typical = counts.iter().filter(|&&n| (5..=20).contains(&n)).count(),
    );

    let store = stoa_store_sql::connect(&stoa_store_sql::ConnectOptions {
        url: database_url.to_owned(),
        max_connections: 2,
    })
    .await?;
    let start = team.create_at - SPAN_MS;
    let step = (SPAN_MS / a.posts.max(1) as i64).max(1);
    let mut rng = Rng::new(a.seed ^ 0x706f_7374);
    let mut tally = Tally::default();
    let mut per_channel = vec![0i64; a.channels];
    let mut batch = Vec::with_capacity(a.batch.max(1));
    let started = Instant::now();
    let mut last_report = Instant::now();
    for i in 0..a.posts {
        let channel = corpus.channel_zipf.sample(&mut rng);
        let members = &corpus.channel_members[channel];
        let user = members[rng.below(members.len())];
        let (message, hashtags) = corpus.message(&mut rng, &mut tally);
        let at = start + i as i64 * step + rng.below(step as usize) as i64;
        per_channel[channel] += 1;
        batch.push(Post {
            id: stoa_model::new_id(),
            create_at: at,
            update_at: at,
            user_id: user_ids[user].clone(),
            channel_id: channel_ids[channel].clone(),
            message,
            hashtags,
            ..Default::default()
        });
        if batch.len() >= a.batch.max(1) || i + 1 == a.posts {
            let tx = store.begin().await?;
            for p in &batch {
                tx.insert_post(p).await?;
            }
            tx.commit().await?;
            batch.clear();
            if last_report.elapsed() >= Duration::from_secs(10) {
                last_report = Instant::now();
                eprintln!(
                    "  {} posts, {:.0} posts/s",
                    i + 1,
                    (i + 1) as f64 / started.elapsed().as_secs_f64()
                );
            }
        }
    }
    let elapsed = started.elapsed();
    store.close().await;
    record_counts(database_url, &channel_ids, &per_channel).await?;
    println!(
        "search {label}: generated {n} posts in {secs:.1}s = {rate:.0} posts/s (transactions of {batch}, indexing included); {words:.1} words per post, the top word \"{top}\" in {top_share:.0}% of posts, {rare} posts with one of {nrare} rare words, {phrase} with one of {nphrase} phrases, {tags} with hashtags",
        label = a.label,
        n = a.posts,
        secs = elapsed.as_secs_f64(),
        rate = a.posts as f64 / elapsed.as_secs_f64(),
        batch = a.batch,
        words = tally.words as f64 / a.posts.max(1) as f64,
        top = corpus.vocab[0],
        top_share = 100.0 * tally.top as f64 / a.posts.max(1) as f64,
        rare = tally.rare,
        nrare = RARE.len(),
        phrase = tally.phrase,
        nphrase = PHRASES.len(),
        tags = tally.hashtags,
    );
    if !database_url.starts_with("sqlite:") {
        // What autovacuum would do soon anyway, done now so that it does not run during the
        // searches (and the GIN index's pending list is merged, as it would be by then).
        let t0 = Instant::now();
        let pool = raw_pool(database_url).await?;
        sqlx::raw_sql("VACUUM ANALYZE posts").execute(&pool).await?;
        pool.close().await;
        println!(
            "search {}: VACUUM ANALYZE posts took {:.1}s (not counted above)",
            a.label,
            t0.elapsed().as_secs_f64()
        );
    }
    Ok(team)
}

/// The channels' message counters, once per channel (the posts went around core): the members'
/// read counts move with them, as if everyone had read everything.
async fn record_counts(url: &str, channel_ids: &[String], counts: &[i64]) -> Result<(), Error> {
    let pool = raw_pool(url).await?;
    for (id, n) in channel_ids.iter().zip(counts) {
        sqlx::query(
            "UPDATE channels SET total_msg_count = total_msg_count + $1, \
             total_msg_count_root = total_msg_count_root + $1 WHERE id = $2",
        )
        .bind(*n)
        .bind(id)
        .execute(&pool)
        .await?;
        sqlx::query(
            "UPDATE channel_members SET msg_count = msg_count + $1, \
             msg_count_root = msg_count_root + $1 WHERE channel_id = $2",
        )
        .bind(*n)
        .bind(id)
        .execute(&pool)
        .await?;
    }
    pool.close().await;
    Ok(())
}

async fn raw_pool(url: &str) -> Result<sqlx::AnyPool, Error> {
    sqlx::any::install_default_drivers();
    Ok(sqlx::any::AnyPoolOptions::new()
        .max_connections(1)
        .connect(url)
        .await?)
}

/// The database's size on disk and the share of posts and their search index.
async fn report_sizes(url: &str, label: &str) -> Result<(), Error> {
    let pool = raw_pool(url).await?;
    if url.starts_with("sqlite:") {
        let path = url
            .trim_start_matches("sqlite:")
            .trim_start_matches("//")
            .split('?')
            .next()
            .unwrap_or("");
        let size = |p: &str| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
        let (db, wal) = (size(path), size(&format!("{path}-wal")));
        let posts: Result<Option<i64>, _> = sqlx::query_scalar(
            "SELECT SUM(d.pgsize) FROM dbstat d JOIN sqlite_master m ON m.name = d.name \
             WHERE m.tbl_name = 'posts'",
        )
        .fetch_one(&pool)
        .await;
        let fts: Result<Option<i64>, _> =
            sqlx::query_scalar("SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'posts_fts%'")
                .fetch_one(&pool)
                .await;
        let detail = match (posts, fts) {
            (Ok(posts), Ok(fts)) => format!(
                "; posts table and its indexes {}, search index (posts_fts*) {}",
                mb(posts.unwrap_or(0)),
                fts.map(mb).unwrap_or_else(|| "absent".to_owned()),
            ),
            (Err(e), _) | (_, Err(e)) => format!(" (no per-table sizes: {e})"),
        };
        println!(
            "search {label}: database size {total} (stoa.db {db}, -wal {wal}){detail}",
            total = mb((db + wal) as i64),
            db = mb(db as i64),
            wal = mb(wal as i64),
        );
    } else {
        let row = sqlx::query(
            "SELECT pg_database_size(current_database()), pg_relation_size('posts'), \
             pg_total_relation_size('posts')",
        )
        .fetch_one(&pool)
        .await?;
        let (db, table, total): (i64, i64, i64) =
            (row.try_get(0)?, row.try_get(1)?, row.try_get(2)?);
        let indexes = sqlx::query(
            "SELECT c.relname::text, pg_relation_size(c.oid) FROM pg_class c \
             LEFT JOIN pg_index i ON i.indexrelid = c.oid \
             WHERE c.relkind = 'i' AND (i.indrelid = 'posts'::regclass OR c.relname LIKE '%search%') \
             ORDER BY 2 DESC",
        )
        .fetch_all(&pool)
        .await?;
        let mut list = Vec::new();
        for r in &indexes {
            let (name, size): (String, i64) = (r.try_get(0)?, r.try_get(1)?);
            list.push(format!("{name} {}", mb(size)));
        }
        println!(
            "search {label}: database size {db}; posts table {table} ({total} with indexes and TOAST); indexes of posts and search: {list}",
            db = mb(db),
            table = mb(table),
            total = mb(total),
            list = list.join(", "),
        );
    }
    pool.close().await;
    Ok(())
}

fn mb(bytes: i64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_048_576.0)
}

/// The query kinds, timed one after the other.
#[derive(Clone, Copy)]
enum Kind {
    Common,
    Rare,
    Phrase,
    From,
    InDates,
    Prefix,
    Hashtag,
}

impl Kind {
    const ALL: [Kind; 7] = [
        Kind::Common,
        Kind::Rare,
        Kind::Phrase,
        Kind::From,
        Kind::InDates,
        Kind::Prefix,
        Kind::Hashtag,
    ];

    fn name(self) -> &'static str {
        match self {
            Kind::Common => "common word",
            Kind::Rare => "rare word",
            Kind::Phrase => "phrase",
            Kind::From => "from: + word",
            Kind::InDates => "in: + after:/before:",
            Kind::Prefix => "prefix*",
            Kind::Hashtag => "#hashtag",
        }
    }
}

async fn bench_queries(
    admin: &Session,
    a: &SearchArgs,
    corpus: &Corpus,
    team: &Team,
) -> Result<(), Error> {
    let searcher = Session::login(&admin.base, &admin.http, &corpus.username(0), PASSWORD).await?;
    let path = format!("/teams/{}/posts/search", team.id);
    let start = team.create_at - SPAN_MS;
    for (k, kind) in Kind::ALL.into_iter().enumerate() {
        let mut rng = Rng::new(a.seed ^ (0x7175_6572 + k as u64));
        let mut lat = Vec::with_capacity(a.repeat);
        let (mut fewest, mut most) = (usize::MAX, 0);
        let mut example = String::new();
        for n in 0..a.warmup + a.repeat {
            let terms = corpus.query(kind, n, &mut rng, start);
            let body = json!({"terms": terms, "is_or_search": false, "time_zone_offset": 0, "page": 0, "per_page": 20, "include_deleted_channels": false});
            let t0 = Instant::now();
            let r = searcher
                .post(&path, body)
                .await
                .map_err(|e| format!("search {} ({terms}) failed: {e}", kind.name()))?;
            let took = t0.elapsed();
            let results = r["order"].as_array().map_or(0, Vec::len);
            if n >= a.warmup {
                if example.is_empty() {
                    example = terms;
                }
                lat.push(took);
                fewest = fewest.min(results);
                most = most.max(results);
            }
        }
        let s = summarize(lat);
        let results = if fewest == most {
            format!("{most}")
        } else {
            format!("{}-{most}", fewest.min(most))
        };
        println!(
            "search {label}: {kind:<20} e.g. {example:<48} {n} queries, latency p50 {p50:.1} ms, p99 {p99:.1} ms, max {max:.1} ms; first page {results} results",
            label = a.label,
            kind = kind.name(),
            example = example,
            n = s.count,
            p50 = ms(s.p50),
            p99 = ms(s.p99),
            max = ms(s.max),
        );
    }
    Ok(())
}

#[derive(Default)]
struct Tally {
    words: usize,
    top: usize,
    rare: usize,
    phrase: usize,
    hashtags: usize,
}

/// What the generator and the queries share: the vocabulary, names and memberships.
struct Corpus {
    name: String,
    vocab: Vec<String>,
    word_zipf: Zipf,
    channel_zipf: Zipf,
    hashtag_zipf: Zipf,
    /// For each user, the channels they are in.
    user_channels: Vec<Vec<usize>>,
    /// For each channel, its members (never empty).
    channel_members: Vec<Vec<usize>>,
    /// Words of the top ranks long enough to take a four-letter prefix of.
    prefix_words: Vec<usize>,
    rare_share: f64,
}

impl Corpus {
    fn new(a: &SearchArgs) -> Corpus {
        let mut rng = Rng::new(a.seed);
        let vocab = vocabulary(a.vocabulary, &mut rng);
        let user_channels = memberships(a.users, a.channels, &mut rng);
        let mut channel_members = vec![Vec::new(); a.channels];
        for (u, chans) in user_channels.iter().enumerate() {
            for &c in chans {
                channel_members[c].push(u);
            }
        }
        let prefix_words = (0..vocab.len())
            .filter(|&i| vocab[i].len() >= 6)
            .take(30)
            .collect();
        Corpus {
            name: a.name.clone(),
            word_zipf: Zipf::new(vocab.len(), 1.0),
            vocab,
            channel_zipf: Zipf::new(a.channels, 0.9),
            hashtag_zipf: Zipf::new(HASHTAGS.len(), 1.0),
            user_channels,
            channel_members,
            prefix_words,
            rare_share: (RARE.len() as f64 * RARE_POSTS / a.posts.max(1) as f64).min(1.0),
        }
    }

    fn team_name(&self) -> String {
        format!("bench-{}", self.name)
    }

    fn username(&self, i: usize) -> String {
        format!("{}{i}", self.name)
    }

    fn channel_name(&self, j: usize) -> String {
        format!("{}-{j}", self.name)
    }

    /// A message and its hashtags (space-separated, `#` included, as Mattermost stores them).
    fn message(&self, rng: &mut Rng, tally: &mut Tally) -> (String, String) {
        let u = rng.unit();
        let n = 3 + (37.0 * u * u) as usize;
        let mut words: Vec<String> = Vec::with_capacity(n + 4);
        let mut top = false;
        for _ in 0..n {
            let w = self.word_zipf.sample(rng);
            top |= w == 0;
            let mut word = self.vocab[w].clone();
            if rng.chance(0.04) {
                word.push(',');
            }
            words.push(word);
        }
        tally.words += n;
        tally.top += usize::from(top);
        if rng.chance(self.rare_share) {
            let at = rng.below(words.len() + 1);
            words.insert(at, RARE[rng.below(RARE.len())].to_owned());
            tally.rare += 1;
        }
        let phrases = PHRASES.len() as f64 * PHRASE_SHARE;
        if rng.chance(phrases) {
            let (first, second) = PHRASES[rng.below(PHRASES.len())];
            let at = rng.below(words.len() + 1);
            words.insert(at, second.to_owned());
            words.insert(at, first.to_owned());
            tally.phrase += 1;
        }
        // The phrases' words alone, and in reverse order, as often as the phrases.
        if rng.chance(phrases) {
            let (first, second) = PHRASES[rng.below(PHRASES.len())];
            let word = if rng.chance(0.5) { first } else { second };
            let at = rng.below(words.len() + 1);
            words.insert(at, word.to_owned());
        }
        if rng.chance(phrases) {
            let (first, second) = PHRASES[rng.below(PHRASES.len())];
            let at = rng.below(words.len() + 1);
            words.insert(at, first.to_owned());
            words.insert(at, second.to_owned());
        }
        let mut message = words.join(" ");
        if rng.chance(0.5)
            && let Some(c) = message.chars().next()
        {
            message.replace_range(..c.len_utf8(), &c.to_uppercase().to_string());
        }
        match rng.below(4) {
            0 => message.push('.'),
            1 => message.push('?'),
            _ => {}
        }
        let mut hashtags = String::new();
        if rng.chance(HASHTAG_SHARE) {
            let first = HASHTAGS[self.hashtag_zipf.sample(rng)];
            hashtags = format!("#{first}");
            if rng.chance(0.2) {
                let second = HASHTAGS[self.hashtag_zipf.sample(rng)];
                if second != first {
                    hashtags.push_str(&format!(" #{second}"));
                }
            }
            message.push(' ');
            message.push_str(&hashtags);
            tally.hashtags += 1;
        }
        (message, hashtags)
    }

    /// The `n`-th query of a kind; words vary with `n` within their frequency class.
    fn query(&self, kind: Kind, n: usize, rng: &mut Rng, start: i64) -> String {
        match kind {
            Kind::Common => self.vocab[rng.below(8)].clone(),
            Kind::Rare => RARE[n % RARE.len()].to_owned(),
            Kind::Phrase => {
                let (first, second) = PHRASES[n % PHRASES.len()];
                format!("\"{first} {second}\"")
            }
            Kind::From => {
                // The most active posters (they are in the most channels), and words of ranks
                // 20-59 (each in a few percent of posts).
                let users = self.user_channels.len();
                let user = if users > 1 {
                    1 + rng.below((users - 1).min(8))
                } else {
                    0
                };
                let word = &self.vocab[20 + rng.below(40)];
                format!("from:{} {word}", self.username(user))
            }
            Kind::InDates => {
                let channel = rng.below(self.channel_members.len().min(8));
                let first_day = start.div_euclid(86_400_000);
                let span_days = SPAN_MS / 86_400_000;
                let after = first_day + rng.below((span_days - 62) as usize) as i64;
                format!(
                    "in:{} after:{} before:{}",
                    self.channel_name(channel),
                    date(after),
                    date(after + 62)
                )
            }
            Kind::Prefix => {
                let w = &self.vocab[self.prefix_words[rng.below(self.prefix_words.len())]];
                format!("{}*", w.chars().take(4).collect::<String>())
            }
            Kind::Hashtag => format!("#{}", HASHTAGS[rng.below(5)]),
        }
    }
}

/// `YYYY-MM-DD` of a day since the epoch.
fn date(day: i64) -> String {
    let (y, m, d) = stoa_model::time::civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Distinct pseudo-English words of four letters or more, shorter ones first (they take the
/// top Zipf ranks, as in English), none of them a stop word or a marker word.
fn vocabulary(n: usize, rng: &mut Rng) -> Vec<String> {
    const ONSETS: &[&str] = &[
        "b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "br",
        "cr", "dr", "fl", "gr", "pl", "pr", "st", "tr", "sh", "ch", "th", "sl", "sp", "bl", "cl",
        "gl",
    ];
    const VOWELS: &[&str] = &["a", "e", "i", "o", "u", "ai", "ea", "ou", "oo", "ie"];
    const CODAS: &[&str] = &["", "", "", "n", "r", "l", "m", "t", "nd", "st", "rk", "ng"];
    let mut taken: HashSet<String> = STOP_WORDS
        .split_whitespace()
        .chain(RARE.iter().copied())
        .chain(HASHTAGS.iter().copied())
        .map(str::to_owned)
        .collect();
    for (a, b) in PHRASES {
        taken.insert((*a).to_owned());
        taken.insert((*b).to_owned());
    }
    let mut words = Vec::with_capacity(n);
    while words.len() < n {
        let syllables = match words.len() {
            0..100 => 1 + rng.below(2),
            100..2000 => 2 + rng.below(2),
            _ => 2 + rng.below(3),
        };
        let mut w = String::new();
        for _ in 0..syllables {
            w.push_str(ONSETS[rng.below(ONSETS.len())]);
            w.push_str(VOWELS[rng.below(VOWELS.len())]);
        }
        w.push_str(CODAS[rng.below(CODAS.len())]);
        if w.len() < 4 || w.len() > 14 || taken.contains(&w) {
            continue;
        }
        taken.insert(w.clone());
        words.push(w);
    }
    words
}

/// The channels of each user: user `r` (0-based) is in about `5 + 2·channels/(r+1)` of them,
/// so the first few are in most channels and most users in 5–20; popular channels (low
/// indexes) are picked more often. User 0, the searcher, is in every channel. Every channel
/// has a member.
fn memberships(users: usize, channels: usize, rng: &mut Rng) -> Vec<Vec<usize>> {
    let mut out = Vec::with_capacity(users);
    for r in 0..users {
        let base = 5.0 + 2.0 * channels as f64 / (r + 1) as f64;
        let jitter = if r == 0 { 1.0 } else { 0.8 + 0.4 * rng.unit() };
        let k = ((base * jitter).round() as usize).clamp(1, channels);
        // Weighted sampling without replacement (Efraimidis–Spirakis): the k largest keys.
        let mut keys: Vec<(f64, usize)> = (0..channels)
            .map(|j| {
                let weight = 1.0 / ((j + 1) as f64).powf(0.6);
                (rng.unit().max(f64::MIN_POSITIVE).powf(1.0 / weight), j)
            })
            .collect();
        keys.sort_by(|x, y| y.0.total_cmp(&x.0));
        let mut chosen: Vec<usize> = keys[..k].iter().map(|&(_, j)| j).collect();
        chosen.sort_unstable();
        out.push(chosen);
    }
    out
}

/// xorshift64*, seeded through splitmix64.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        Rng(if z == 0 { 1 } else { z })
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next()) * n as u128) >> 64) as usize
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

/// Ranks `0..n` with probability proportional to `1/(rank+1)^s`.
struct Zipf {
    cdf: Vec<f64>,
}

impl Zipf {
    fn new(n: usize, s: f64) -> Zipf {
        let mut acc = 0.0;
        let mut cdf: Vec<f64> = (1..=n.max(1))
            .map(|r| {
                acc += 1.0 / (r as f64).powf(s);
                acc
            })
            .collect();
        for c in &mut cdf {
            *c /= acc;
        }
        Zipf { cdf }
    }

    fn sample(&self, rng: &mut Rng) -> usize {
        let u = rng.unit();
        self.cdf.partition_point(|&c| c < u).min(self.cdf.len() - 1)
    }
}
