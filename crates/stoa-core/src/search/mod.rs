//! Searching posts and files: Mattermost's query syntax (`terms.rs`) resolved against what the
//! user may read, then answered by the store's full-text index.
//!
//! Only channels the user is a member of are searched (as in Mattermost), in the team asked
//! for plus direct and group messages; archived ones only with `include_deleted_channels` and
//! `TeamSettings.ExperimentalViewArchivedChannels`. Names that resolve to nothing
//! (`from:nobody`, `in:no-such-channel`) give no results rather than an error.

mod terms;

use std::collections::BTreeMap;
use stoa_model::channel::Channel;
use stoa_model::file::FileInfoList;
use stoa_model::post::{PostList, PostSearchResults};
use stoa_store::search::{TextClause, TextQuery, matched_words, query_clause};
use stoa_store::{FileSearchQuery, PostSearchQuery};

use crate::channels::direct::direct_channel_name;
use crate::{Actor, Core, Error, Result, perm};
pub use terms::{Terms, parse};

/// Posts per page when the client does not say, and at most.
const DEFAULT_PER_PAGE: i64 = 60;
const MAX_PER_PAGE: i64 = 200;
/// Longest query accepted (Mattermost's search box has no limit; this bounds the work).
const MAX_TERMS_LEN: usize = 1024;

/// The body of `POST /teams/{team_id}/posts/search` and its relatives.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct SearchRequest {
    pub terms: String,
    pub is_or_search: bool,
    /// Seconds east of UTC of the user's time zone, for `on:`/`before:`/`after:`.
    pub time_zone_offset: i64,
    pub include_deleted_channels: bool,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// What a query asks, resolved to ids and times.
struct Scope {
    text: TextQuery,
    channel_ids: Vec<String>,
    excluded_channel_ids: Vec<String>,
    user_ids: Vec<String>,
    excluded_user_ids: Vec<String>,
    from_ms: i64,
    to_ms: i64,
    excluded_range: Option<(i64, i64)>,
    offset: i64,
    limit: i64,
}

impl Core {
    /// `POST /teams/{team_id}/posts/search` (and `/posts/search` for every team: `team_id`
    /// `None`).
    pub async fn search_posts(
        &self,
        actor: &Actor,
        team_id: Option<&str>,
        req: SearchRequest,
    ) -> Result<PostSearchResults> {
        let terms = checked_terms(&req)?;
        let Some(scope) = self.resolve(actor, team_id, &req, &terms, false).await? else {
            return Ok(PostSearchResults::default());
        };
        let posts = self
            .store
            .search_posts(&PostSearchQuery {
                text: scope.text.clone(),
                channel_ids: scope.channel_ids,
                excluded_channel_ids: scope.excluded_channel_ids,
                user_ids: scope.user_ids,
                excluded_user_ids: scope.excluded_user_ids,
                from_ms: scope.from_ms,
                to_ms: scope.to_ms,
                excluded_range: scope.excluded_range,
                offset: scope.offset,
                limit: scope.limit,
            })
            .await?;
        let mut matches = BTreeMap::new();
        let mut list = PostList::default();
        for post in self.prepare_posts(actor, posts).await? {
            let words = matched_words(&post.message, &scope.text);
            if !words.is_empty() {
                matches.insert(post.id.clone(), words);
            }
            list.push_ordered(post);
        }
        Ok(PostSearchResults { list, matches })
    }

    /// `POST /teams/{team_id}/files/search` (and `/files/search`): files of posts in the
    /// channels the user is in, by name (every word a prefix, as Mattermost), extension,
    /// uploader, channel and date.
    pub async fn search_files(
        &self,
        actor: &Actor,
        team_id: Option<&str>,
        req: SearchRequest,
    ) -> Result<FileInfoList> {
        let terms = checked_terms(&req)?;
        let Some(scope) = self.resolve(actor, team_id, &req, &terms, true).await? else {
            return Ok(FileInfoList::default());
        };
        let lower = |v: &[String]| -> Vec<String> {
            v.iter()
                .map(|e| e.trim_start_matches('.').to_lowercase())
                .collect()
        };
        let files = self
            .store
            .search_files(&FileSearchQuery {
                text: scope.text,
                channel_ids: scope.channel_ids,
                excluded_channel_ids: scope.excluded_channel_ids,
                user_ids: scope.user_ids,
                excluded_user_ids: scope.excluded_user_ids,
                extensions: lower(&terms.extensions),
                excluded_extensions: lower(&terms.excluded_extensions),
                from_ms: scope.from_ms,
                to_ms: scope.to_ms,
                excluded_range: scope.excluded_range,
                offset: scope.offset,
                limit: scope.limit,
            })
            .await?;
        let mut out = FileInfoList::default();
        for f in files {
            out.order.push(f.id.clone());
            out.file_infos.insert(f.id.clone(), f);
        }
        Ok(out)
    }

    /// Turns the query into ids and times; `None` when it cannot match anything (no readable
    /// channel, an unknown `from:` or `in:`).
    async fn resolve(
        &self,
        actor: &Actor,
        team_id: Option<&str>,
        req: &SearchRequest,
        terms: &Terms,
        files: bool,
    ) -> Result<Option<Scope>> {
        if let Some(team_id) = team_id {
            self.require_team(actor, team_id, perm::VIEW_TEAM).await?;
        }
        if terms.is_empty() {
            return Ok(None);
        }
        let archived = req.include_deleted_channels
            && self
                .settings()
                .team_settings
                .experimental_view_archived_channels;
        let mine: Vec<Channel> = self
            .store
            .get_channels_for_user(actor.user_id(), team_id, archived, 0)
            .await?;
        let mut channel_ids: Vec<String> = mine.iter().map(|c| c.id.clone()).collect();
        if !terms.in_channels.is_empty() {
            let wanted = self
                .channels_named(actor, &mine, &terms.in_channels)
                .await?;
            channel_ids.retain(|id| wanted.contains(id));
        }
        let excluded_channel_ids = self
            .channels_named(actor, &mine, &terms.excluded_channels)
            .await?;
        if channel_ids.is_empty() {
            return Ok(None);
        }
        let user_ids = self.user_ids(&terms.from).await?;
        if !terms.from.is_empty() && user_ids.is_empty() {
            return Ok(None);
        }
        let excluded_user_ids = self.user_ids(&terms.excluded_from).await?;

        let text = text_query(terms, req.is_or_search, files);
        // Words that were only punctuation match nothing (flags alone list their scope).
        if text.is_empty() && !terms.words.is_empty() {
            return Ok(None);
        }
        let tz = req.time_zone_offset;
        let day = |d: &Option<String>| d.as_deref().and_then(|d| terms::start_of_day_ms(d, tz));
        let (mut from_ms, mut to_ms) = (0, 0);
        if let Some(start) = day(&terms.on) {
            from_ms = start;
            to_ms = start + terms::DAY_MS - 1;
        }
        if let Some(start) = day(&terms.after) {
            from_ms = from_ms.max(start + terms::DAY_MS);
        }
        if let Some(start) = day(&terms.before) {
            to_ms = if to_ms > 0 {
                to_ms.min(start - 1)
            } else {
                start - 1
            };
        }
        // `-after:X`: nothing after X; `-before:X`: nothing before X.
        if let Some(start) = day(&terms.excluded_after) {
            let end = start + terms::DAY_MS - 1;
            to_ms = if to_ms > 0 { to_ms.min(end) } else { end };
        }
        if let Some(start) = day(&terms.excluded_before) {
            from_ms = from_ms.max(start);
        }
        if to_ms < 0 || (to_ms > 0 && from_ms > to_ms) {
            return Ok(None);
        }
        let excluded_range = day(&terms.excluded_on).map(|s| (s, s + terms::DAY_MS - 1));

        let per_page = req
            .per_page
            .filter(|n| *n > 0)
            .unwrap_or(DEFAULT_PER_PAGE)
            .min(MAX_PER_PAGE);
        let page = req.page.unwrap_or(0).max(0);
        Ok(Some(Scope {
            text,
            channel_ids,
            excluded_channel_ids,
            user_ids,
            excluded_user_ids,
            from_ms,
            to_ms,
            excluded_range,
            offset: page.saturating_mul(per_page),
            limit: per_page,
        }))
    }

    /// Ids of the user's channels that `names` name: a channel name, `@username` for a direct
    /// message with that user (or `@me`), or a group message's name.
    async fn channels_named(
        &self,
        actor: &Actor,
        mine: &[Channel],
        names: &[String],
    ) -> Result<Vec<String>> {
        let mut ids = Vec::new();
        for name in names {
            let name = name.trim_start_matches('~');
            let wanted = match name.strip_prefix('@') {
                Some(username) => {
                    let Some(other) = self.user_ids(&[username.to_owned()]).await?.pop() else {
                        continue;
                    };
                    direct_channel_name(actor.user_id(), &other)
                }
                None => name.to_lowercase(),
            };
            ids.extend(
                mine.iter()
                    .filter(|c| c.name == wanted)
                    .map(|c| c.id.clone()),
            );
        }
        Ok(ids)
    }

    async fn user_ids(&self, usernames: &[String]) -> Result<Vec<String>> {
        if usernames.is_empty() {
            return Ok(Vec::new());
        }
        let names: Vec<String> = usernames
            .iter()
            .map(|u| u.trim_start_matches('@').to_lowercase())
            .collect();
        Ok(self
            .store
            .get_users_by_usernames(&names)
            .await?
            .into_iter()
            .map(|u| u.id)
            .collect())
    }
}

fn checked_terms(req: &SearchRequest) -> Result<Terms> {
    if req.terms.len() > MAX_TERMS_LEN {
        return Err(Error::invalid_param("terms"));
    }
    Ok(parse(&req.terms))
}

/// The words of the query as index clauses. For files every plain word is a prefix, as in
/// Mattermost's file search.
fn text_query(terms: &Terms, any: bool, files: bool) -> TextQuery {
    let mut q = TextQuery {
        any,
        ..Default::default()
    };
    for w in &terms.words {
        let Some(mut clause) = query_clause(&w.text, w.phrase) else {
            continue;
        };
        if files && let TextClause::Term(t) = &clause {
            clause = TextClause::Prefix(t.clone());
        }
        if w.exclude {
            q.excluded.push(clause);
        } else {
            q.clauses.push(clause);
        }
    }
    q
}
