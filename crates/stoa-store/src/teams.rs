use crate::StoreResult;
use stoa_model::team::{Team, TeamMember};

#[derive(Debug, Clone, Default)]
pub struct TeamListQuery {
    /// Only teams with `allow_open_invite` (what non-admins may browse).
    pub open_only: bool,
    pub include_deleted: bool,
    /// Case-insensitive prefix/substring match on name or display name.
    pub term: Option<String>,
    pub offset: i64,
    pub limit: i64,
}

#[async_trait::async_trait]
pub trait TeamStore {
    /// Conflict on `teams_name`.
    async fn insert_team(&self, team: &Team) -> StoreResult<()>;

    async fn get_team(&self, id: &str) -> StoreResult<Team>;
    /// The teams among `ids` that exist (deleted ones too), in no particular order.
    async fn get_teams_by_ids(&self, ids: &[String]) -> StoreResult<Vec<Team>>;
    async fn get_team_by_name(&self, name: &str) -> StoreResult<Team>;
    async fn get_team_by_invite_id(&self, invite_id: &str) -> StoreResult<Team>;
    async fn list_teams(&self, query: &TeamListQuery) -> StoreResult<Vec<Team>>;
    async fn count_teams(&self, query: &TeamListQuery) -> StoreResult<i64>;
    /// Teams the user is an active member of (not deleted teams).
    async fn get_teams_for_user(&self, user_id: &str) -> StoreResult<Vec<Team>>;

    /// Writes every mutable field. Conflict on `teams_name`.
    async fn update_team(&self, team: &Team) -> StoreResult<()>;
    /// Removes the team and everything in it.
    async fn delete_team_permanently(&self, id: &str) -> StoreResult<()>;

    /// Inserts the membership or revives/updates an existing row.
    async fn save_team_member(&self, member: &TeamMember) -> StoreResult<()>;
    /// The membership row, also when `delete_at > 0` (left).
    async fn get_team_member(&self, team_id: &str, user_id: &str) -> StoreResult<TeamMember>;
    /// Active members, ordered by user id (stable paging).
    async fn get_team_members(
        &self,
        team_id: &str,
        offset: i64,
        limit: i64,
    ) -> StoreResult<Vec<TeamMember>>;
    async fn get_team_members_by_ids(
        &self,
        team_id: &str,
        user_ids: &[String],
    ) -> StoreResult<Vec<TeamMember>>;
    /// The user's active memberships in live teams.
    async fn get_team_members_for_user(&self, user_id: &str) -> StoreResult<Vec<TeamMember>>;
    /// (all active members, of them active users).
    async fn count_team_members(&self, team_id: &str) -> StoreResult<(i64, i64)>;
}
