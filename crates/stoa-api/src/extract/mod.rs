//! Extractors: the session, JSON bodies, query parameters and ids, each failing with a
//! Mattermost error body instead of axum's plain-text rejections.

mod auth;
mod body;
mod params;

pub use auth::{Auth, ClientMeta, MaybeAuth};
pub use body::Json;
pub(crate) use body::{drain, has_nul_escape, next_chunk, read_limited};
pub use params::{Params, search_term, team_id, user_param, valid_id};
