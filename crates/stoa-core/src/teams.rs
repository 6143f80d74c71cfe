//! Teams and team membership.

use stoa_model::channel::{CHANNEL_OPEN, OFF_TOPIC, TOWN_SQUARE};
use stoa_model::team::{TEAM_INVITE, TEAM_OPEN, Team, TeamMember, TeamPatch, TeamStats};
use stoa_model::validate::{self, rune_len};
use stoa_model::{new_id, now_ms};
use stoa_store::{OptionalExt, StoreError, TeamListQuery};

use crate::events::{Event, MembershipChange};
use crate::posts::SystemMessage;
use crate::{Actor, Core, Error, ErrorKind, Page, Result, StoreResultExt, perm};

/// Body of `PUT /teams/{team_id}/members/{user_id}/schemeRoles`.
#[derive(Debug, Clone, Copy, Default)]
pub struct SchemeRoles {
    pub scheme_admin: bool,
    pub scheme_user: bool,
    pub scheme_guest: bool,
}

impl Core {
    /// The actor's active membership of a team, if any.
    pub(crate) async fn team_member_of(
        &self,
        team_id: &str,
        user_id: &str,
    ) -> Result<Option<TeamMember>> {
        if user_id.is_empty() {
            return Ok(None);
        }
        Ok(self
            .store
            .get_team_member(team_id, user_id)
            .await
            .optional()?
            .filter(|m| m.delete_at == 0))
    }

    /// Whether the actor holds `p` in the team (system roles or team membership roles).
    pub(crate) async fn has_team_permission(
        &self,
        actor: &Actor,
        team_id: &str,
        p: perm::Permission,
    ) -> Result<bool> {
        if actor.can(p) {
            return Ok(true);
        }
        Ok(self
            .team_member_of(team_id, actor.user_id())
            .await?
            .is_some_and(|m| perm::roles_grant(&m.roles, p)))
    }

    pub(crate) async fn require_team(
        &self,
        actor: &Actor,
        team_id: &str,
        p: perm::Permission,
    ) -> Result<()> {
        if self.has_team_permission(actor, team_id, p).await? {
            Ok(())
        } else {
            Err(Error::forbidden(p.0))
        }
    }

    /// Email and invite id only for those who may manage the team.
    async fn team_view(&self, actor: &Actor, team: Team) -> Result<Team> {
        if self
            .has_team_permission(actor, &team.id, perm::MANAGE_TEAM)
            .await?
        {
            Ok(team)
        } else {
            Ok(team.sanitized())
        }
    }

    pub(crate) async fn team_views(&self, actor: &Actor, teams: Vec<Team>) -> Result<Vec<Team>> {
        let mut out = Vec::with_capacity(teams.len());
        for t in teams {
            out.push(self.team_view(actor, t).await?);
        }
        Ok(out)
    }

    /// `POST /teams`: the creator becomes team admin; `town-square` and `off-topic` are made.
    pub async fn create_team(&self, actor: &Actor, mut team: Team) -> Result<Team> {
        if !actor.can(perm::CREATE_TEAM) {
            return Err(Error::forbidden(perm::CREATE_TEAM.0));
        }
        let now = now_ms();
        team.id = new_id();
        team.create_at = now;
        team.update_at = now;
        team.delete_at = 0;
        team.name = team.name.trim().to_owned();
        team.invite_id = new_id();
        team.email = team.email.trim().to_lowercase();
        team.scheme_id = None;
        team.policy_id = None;
        if team.team_type.is_empty() {
            team.team_type = TEAM_OPEN.to_owned();
        }
        team.allow_open_invite = team.team_type == TEAM_OPEN;
        validate_team(&team)?;

        let tx = self.store.begin().await?;
        tx.insert_team(&team).await.map_err(team_conflict)?;
        for (name, display) in [(TOWN_SQUARE, "Town Square"), (OFF_TOPIC, "Off-Topic")] {
            let channel = crate::channels::new_channel(&team.id, CHANNEL_OPEN, name, display, "");
            tx.insert_channel(&channel).await?;
        }
        tx.commit().await?;
        if !actor.user_id().is_empty() {
            self.join_team_unchecked(&team, actor.user_id(), true, None)
                .await?;
        }
        Ok(team)
    }

    /// Adds a user to a team (no permission check: callers have made it) and to its default
    /// channels, announcing it there. `added_by` is whoever added someone else. Re-joining
    /// revives the old membership.
    pub(crate) async fn join_team_unchecked(
        &self,
        team: &Team,
        user_id: &str,
        as_admin: bool,
        added_by: Option<&str>,
    ) -> Result<TeamMember> {
        let settings = self.settings();
        let user = self.store.get_user(user_id).await.or_not_found("user")?;
        if user.delete_at > 0 {
            return Err(Error::new(
                ErrorKind::BadRequest,
                "app.team.join_user_to_team.deactivated",
                "Deactivated users cannot join teams.",
            ));
        }
        if let Some(existing) = self.team_member_of(&team.id, user_id).await? {
            return Ok(existing);
        }
        let (members, _) = self.store.count_team_members(&team.id).await?;
        if members >= settings.team_settings.max_users_per_team {
            return Err(Error::new(
                ErrorKind::BadRequest,
                "app.team.join_user_to_team.max_accounts.app_error",
                "This team has reached the maximum number of allowed accounts. Contact your System Administrator to set a higher limit.",
            ));
        }
        let is_guest = user.has_role(stoa_model::role::SYSTEM_GUEST);
        let member = TeamMember {
            team_id: team.id.clone(),
            user_id: user_id.to_owned(),
            delete_at: 0,
            scheme_guest: is_guest,
            scheme_user: !is_guest,
            scheme_admin: as_admin,
            ..Default::default()
        }
        .with_computed_roles();
        let tx = self.store.begin().await?;
        tx.save_team_member(&member).await?;
        tx.create_initial_sidebar_categories(user_id, &team.id)
            .await?;
        let mut joined = Vec::new();
        let mut names = vec![TOWN_SQUARE.to_owned(), OFF_TOPIC.to_owned()];
        names.extend(
            settings
                .team_settings
                .experimental_default_channels
                .iter()
                .cloned(),
        );
        for name in names {
            if let Some(ch) = tx.get_channel_by_name(&team.id, &name).await.optional()?
                && ch.delete_at == 0
                && crate::channels::add_member_row(tx.as_ref(), &ch, user_id, false).await?
            {
                joined.push(ch);
            }
        }
        tx.commit().await?;
        self.publish(
            Event::new("added_to_team")
                .with("team_id", team.id.clone())
                .with("user_id", user_id)
                .to_user(user_id)
                .with_membership(MembershipChange::TeamJoined {
                    team_id: team.id.clone(),
                    user_id: user_id.to_owned(),
                }),
        );
        let adder = match added_by {
            Some(id) if id != user_id => self.store.get_user(id).await.optional()?,
            _ => None,
        };
        for ch in joined {
            self.mention_cache.forget_channel(&ch.id);
            self.publish_user_added(&ch, user_id);
            let msg = match (&adder, ch.name == TOWN_SQUARE) {
                (Some(by), true) => SystemMessage::added_to_team(by, &user),
                (None, true) => SystemMessage::joined_team(&user),
                (Some(by), false) => SystemMessage::added_to_channel(by, &user),
                (None, false) => SystemMessage::joined_channel(&user),
            };
            let author = adder.as_ref().map(|a| a.id.as_str()).unwrap_or(user_id);
            self.post_system_message(&ch, author, msg).await?;
        }
        Ok(member)
    }

    /// `GET /teams/{id}`: members, and anyone for open teams.
    pub async fn get_team(&self, actor: &Actor, id: &str) -> Result<Team> {
        let team = self.store.get_team(id).await.or_not_found("team")?;
        self.require_team_visible(actor, &team).await?;
        self.team_view(actor, team).await
    }

    async fn require_team_visible(&self, actor: &Actor, team: &Team) -> Result<()> {
        let open = team.allow_open_invite && team.team_type == TEAM_OPEN;
        if open && actor.can(perm::LIST_PUBLIC_TEAMS) {
            return Ok(());
        }
        self.require_team(actor, &team.id, perm::VIEW_TEAM).await
    }

    /// `GET /teams/name/{name}`.
    pub async fn get_team_by_name(&self, actor: &Actor, name: &str) -> Result<Team> {
        let team = self
            .store
            .get_team_by_name(name)
            .await
            .or_not_found("team")?;
        self.require_team_visible(actor, &team).await?;
        self.team_view(actor, team).await
    }

    /// `GET /teams/name/{name}/exists`: true only for a team the caller could see (a member, or
    /// allowed to list teams of its kind), as Mattermost's `teamExists`; otherwise anyone could
    /// confirm the names of invite-only teams.
    pub async fn team_name_exists(&self, actor: &Actor, name: &str) -> Result<bool> {
        let Some(team) = self.store.get_team_by_name(name).await.optional()? else {
            return Ok(false);
        };
        let listable = if team.allow_open_invite {
            actor.can(perm::LIST_PUBLIC_TEAMS)
        } else {
            actor.can(perm::LIST_PRIVATE_TEAMS)
        };
        Ok(listable
            || self
                .has_team_permission(actor, &team.id, perm::VIEW_TEAM)
                .await?)
    }

    /// `GET /teams/invite/{invite_id}` (no session needed): what a sign-up page shows.
    pub async fn get_team_invite_info(&self, invite_id: &str) -> Result<serde_json::Value> {
        let team = self
            .store
            .get_team_by_invite_id(invite_id)
            .await
            .optional()?
            .filter(|t| t.delete_at == 0)
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::BadRequest,
                    "api.team.get_invite_info.not_open_team",
                    "Invite is invalid because this is not an open team.",
                )
            })?;
        Ok(serde_json::json!({
            "id": team.id, "name": team.name, "display_name": team.display_name,
            "description": team.description,
        }))
    }

    /// `GET /teams`: system admins see every team; others the open ones and their own.
    pub async fn list_teams(
        &self,
        actor: &Actor,
        page: Page,
        include_deleted: bool,
    ) -> Result<(Vec<Team>, i64)> {
        let all = actor.can(perm::LIST_PRIVATE_TEAMS) && actor.can(perm::LIST_PUBLIC_TEAMS);
        let mut q = TeamListQuery {
            open_only: !all,
            include_deleted: include_deleted && actor.can(perm::MANAGE_SYSTEM),
            offset: page.offset(),
            limit: page.limit(),
            ..Default::default()
        };
        if all {
            let total = self
                .store
                .count_teams(&TeamListQuery {
                    offset: 0,
                    limit: 0,
                    ..q.clone()
                })
                .await?;
            let teams = self.store.list_teams(&q).await?;
            return Ok((self.team_views(actor, teams).await?, total));
        }
        if !actor.can(perm::LIST_PUBLIC_TEAMS) {
            q.open_only = true;
            let mine = self.store.get_teams_for_user(actor.user_id()).await?;
            return Ok((
                self.team_views(actor, mine.clone()).await?,
                mine.len() as i64,
            ));
        }
        // Open teams and the actor's own, merged and paged together.
        let mut teams = self
            .store
            .list_teams(&TeamListQuery {
                offset: 0,
                limit: 10_000,
                ..q
            })
            .await?;
        for t in self.store.get_teams_for_user(actor.user_id()).await? {
            if !teams.iter().any(|x| x.id == t.id) {
                teams.push(t);
            }
        }
        teams.sort_by(|a, b| {
            a.display_name
                .cmp(&b.display_name)
                .then_with(|| a.id.cmp(&b.id))
        });
        let total = teams.len() as i64;
        let start = usize::try_from(page.offset())
            .unwrap_or(usize::MAX)
            .min(teams.len());
        let end = start
            .saturating_add(usize::try_from(page.limit()).unwrap_or(0))
            .min(teams.len());
        let slice = teams[start..end].to_vec();
        Ok((self.team_views(actor, slice).await?, total))
    }

    /// `POST /teams/search`.
    pub async fn search_teams(
        &self,
        actor: &Actor,
        term: &str,
        page: Option<Page>,
    ) -> Result<Vec<Team>> {
        let all = actor.can(perm::LIST_PRIVATE_TEAMS);
        let page = page.unwrap_or(Page::new(0, 100));
        let q = TeamListQuery {
            open_only: !all,
            term: Some(term.to_owned()),
            offset: page.offset(),
            limit: page.limit(),
            ..Default::default()
        };
        let teams = self.store.list_teams(&q).await?;
        self.team_views(actor, teams).await
    }

    /// `GET /users/{id}/teams`.
    pub async fn get_teams_for_user(&self, actor: &Actor, user_id: &str) -> Result<Vec<Team>> {
        if !actor.is(user_id) && !actor.can(perm::SYSCONSOLE_READ_USERS) {
            return Err(Error::forbidden(perm::SYSCONSOLE_READ_USERS.0));
        }
        let teams = self.store.get_teams_for_user(user_id).await?;
        self.team_views(actor, teams).await
    }

    /// `PUT /teams/{id}/patch`.
    pub async fn patch_team(&self, actor: &Actor, id: &str, patch: TeamPatch) -> Result<Team> {
        self.require_team(actor, id, perm::MANAGE_TEAM).await?;
        let mut team = self.store.get_team(id).await.or_not_found("team")?;
        if let Some(v) = patch.display_name {
            team.display_name = v;
        }
        if let Some(v) = patch.description {
            team.description = v;
        }
        if let Some(v) = patch.company_name {
            team.company_name = v;
        }
        if let Some(v) = patch.allowed_domains {
            team.allowed_domains = v;
        }
        if let Some(v) = patch.allow_open_invite {
            team.allow_open_invite = v;
            team.team_type = if v { TEAM_OPEN } else { TEAM_INVITE }.to_owned();
        }
        if let Some(v) = patch.group_constrained {
            team.group_constrained = Some(v);
        }
        self.save_team(team).await
    }

    /// `PUT /teams/{id}`: the whole team; only editable fields are taken.
    pub async fn update_team(&self, actor: &Actor, id: &str, body: Team) -> Result<Team> {
        if body.id != id {
            return Err(Error::invalid_param("team_id"));
        }
        self.require_team(actor, id, perm::MANAGE_TEAM).await?;
        let mut team = self.store.get_team(id).await.or_not_found("team")?;
        team.display_name = body.display_name;
        team.description = body.description;
        team.company_name = body.company_name;
        team.allowed_domains = body.allowed_domains;
        team.allow_open_invite = body.allow_open_invite;
        team.group_constrained = body.group_constrained;
        if !body.email.is_empty() {
            team.email = body.email.to_lowercase();
        }
        self.save_team(team).await
    }

    /// `PUT /teams/{id}/privacy` with `O` or `I`.
    pub async fn set_team_privacy(&self, actor: &Actor, id: &str, privacy: &str) -> Result<Team> {
        if privacy != TEAM_OPEN && privacy != TEAM_INVITE {
            return Err(Error::invalid_param("privacy"));
        }
        self.require_team(actor, id, perm::MANAGE_TEAM).await?;
        let mut team = self.store.get_team(id).await.or_not_found("team")?;
        team.team_type = privacy.to_owned();
        team.allow_open_invite = privacy == TEAM_OPEN;
        self.save_team(team).await
    }

    /// `POST /teams/{id}/regenerate_invite_id`.
    pub async fn regenerate_invite_id(&self, actor: &Actor, id: &str) -> Result<Team> {
        self.require_team(actor, id, perm::MANAGE_TEAM).await?;
        let mut team = self.store.get_team(id).await.or_not_found("team")?;
        team.invite_id = new_id();
        self.save_team(team).await
    }

    async fn save_team(&self, mut team: Team) -> Result<Team> {
        team.update_at = now_ms();
        validate_team(&team)?;
        self.store.update_team(&team).await.map_err(team_conflict)?;
        self.publish_team_event("update_team", &team);
        Ok(team)
    }

    /// `DELETE /teams/{id}`: archives (soft delete); `permanent` removes it and everything in it
    /// when the server allows API deletion.
    pub async fn delete_team(&self, actor: &Actor, id: &str, permanent: bool) -> Result<()> {
        self.require_team(actor, id, perm::MANAGE_TEAM).await?;
        let mut team = self.store.get_team(id).await.or_not_found("team")?;
        if permanent {
            if !self.settings().service_settings.enable_api_team_deletion
                || !actor.can(perm::MANAGE_SYSTEM)
            {
                return Err(Error::new(
                    ErrorKind::Unauthorized,
                    "api.team.delete_team.permanent.app_error",
                    "Permanent team deletion through the API is disabled.",
                ));
            }
            self.store.delete_team_permanently(id).await?;
        } else {
            team.delete_at = now_ms();
            team.update_at = team.delete_at;
            self.store.update_team(&team).await?;
        }
        self.publish_team_event("delete_team", &team);
        Ok(())
    }

    /// `POST /teams/{id}/restore`.
    pub async fn restore_team(&self, actor: &Actor, id: &str) -> Result<Team> {
        self.require_team(actor, id, perm::MANAGE_TEAM).await?;
        let mut team = self.store.get_team(id).await.or_not_found("team")?;
        team.delete_at = 0;
        team.update_at = now_ms();
        validate_team(&team)?;
        self.store.update_team(&team).await.map_err(team_conflict)?;
        self.publish_team_event("restore_team", &team);
        Ok(team)
    }

    /// `GET /teams/{id}/stats`.
    pub async fn team_stats(&self, actor: &Actor, id: &str) -> Result<TeamStats> {
        self.require_team(actor, id, perm::VIEW_TEAM).await?;
        self.store.get_team(id).await.or_not_found("team")?;
        let (total, active) = self.store.count_team_members(id).await?;
        Ok(TeamStats {
            team_id: id.to_owned(),
            total_member_count: total,
            active_member_count: active,
        })
    }

    /// `POST /teams/{id}/members`: joining an open team oneself, or adding someone with
    /// `add_user_to_team`.
    pub async fn add_team_member(
        &self,
        actor: &Actor,
        team_id: &str,
        user_id: &str,
    ) -> Result<TeamMember> {
        let team = self.store.get_team(team_id).await.or_not_found("team")?;
        if team.delete_at > 0 {
            return Err(Error::new(
                ErrorKind::BadRequest,
                "app.team.join_user_to_team.deleted",
                "The team is archived.",
            ));
        }
        let self_join_open =
            actor.is(user_id) && team.allow_open_invite && actor.can(perm::JOIN_PUBLIC_TEAMS);
        if !self_join_open {
            self.require_team(actor, team_id, perm::ADD_USER_TO_TEAM)
                .await?;
        }
        if !actor.is(user_id) {
            let user = self.store.get_user(user_id).await.or_not_found("user")?;
            check_team_domain(&team, &user.email)?;
        }
        self.join_team_unchecked(&team, user_id, false, Some(actor.user_id()))
            .await
    }

    /// `POST /teams/members/invite?invite_id=`: joins the actor to the invite's team.
    pub async fn join_team_by_invite(&self, actor: &Actor, invite_id: &str) -> Result<TeamMember> {
        let team = self
            .store
            .get_team_by_invite_id(invite_id)
            .await
            .optional()?
            .filter(|t| t.delete_at == 0)
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::BadRequest,
                    "app.team.invite_id.group_constrained.error",
                    "The invite link is not valid.",
                )
            })?;
        let user = self
            .store
            .get_user(actor.user_id())
            .await
            .or_not_found("user")?;
        check_team_domain(&team, &user.email)?;
        self.join_team_unchecked(&team, actor.user_id(), false, None)
            .await
    }

    /// `POST /teams/{id}/members/batch`.
    pub async fn add_team_members(
        &self,
        actor: &Actor,
        team_id: &str,
        user_ids: &[String],
    ) -> Result<Vec<TeamMember>> {
        crate::users::check_batch(user_ids, "members")?;
        self.require_team(actor, team_id, perm::ADD_USER_TO_TEAM)
            .await?;
        let mut out = Vec::with_capacity(user_ids.len());
        for id in user_ids {
            out.push(self.add_team_member(actor, team_id, id).await?);
        }
        Ok(out)
    }

    /// `DELETE /teams/{id}/members/{user_id}`: leaving, or removing someone with
    /// `remove_user_from_team`. The user leaves every channel of the team too.
    pub async fn remove_team_member(
        &self,
        actor: &Actor,
        team_id: &str,
        user_id: &str,
    ) -> Result<()> {
        if !actor.is(user_id) {
            self.require_team(actor, team_id, perm::REMOVE_USER_FROM_TEAM)
                .await?;
        }
        let mut member = self
            .team_member_of(team_id, user_id)
            .await?
            .ok_or_else(|| Error::not_found("team_member"))?;
        member.delete_at = now_ms();
        let tx = self.store.begin().await?;
        tx.save_team_member(&member).await?;
        tx.delete_channel_members_for_user_in_team(user_id, team_id)
            .await?;
        tx.delete_sidebar_categories_for_user_in_team(user_id, team_id)
            .await?;
        tx.commit().await?;
        self.forget_cached_sessions(user_id);
        self.mention_cache.forget_all();
        let town = self
            .store
            .get_channel_by_name(team_id, TOWN_SQUARE)
            .await
            .optional()?;
        if let (Some(town), Some(user)) = (town, self.store.get_user(user_id).await.optional()?) {
            let msg = if actor.is(user_id) {
                SystemMessage::left_team(&user)
            } else {
                SystemMessage::removed_from_team(&user)
            };
            self.post_system_message(&town, user_id, msg).await?;
        }
        self.publish(
            Event::new("leave_team")
                .with("team_id", team_id)
                .with("user_id", user_id)
                .to_team(team_id)
                .omitting(user_id)
                .with_membership(MembershipChange::TeamLeft {
                    team_id: team_id.to_owned(),
                    user_id: user_id.to_owned(),
                }),
        );
        self.publish(
            Event::new("leave_team")
                .with("team_id", team_id)
                .with("user_id", user_id)
                .to_user(user_id),
        );
        Ok(())
    }

    /// `GET /teams/{id}/members/{user_id}`.
    pub async fn get_team_member(
        &self,
        actor: &Actor,
        team_id: &str,
        user_id: &str,
    ) -> Result<TeamMember> {
        self.require_team(actor, team_id, perm::VIEW_TEAM).await?;
        self.store
            .get_team_member(team_id, user_id)
            .await
            .or_not_found("team_member")
    }

    /// `GET /teams/{id}/members`.
    pub async fn get_team_members(
        &self,
        actor: &Actor,
        team_id: &str,
        page: Page,
    ) -> Result<Vec<TeamMember>> {
        self.require_team(actor, team_id, perm::VIEW_TEAM).await?;
        Ok(self
            .store
            .get_team_members(team_id, page.offset(), page.limit())
            .await?)
    }

    /// `POST /teams/{id}/members/ids`.
    pub async fn get_team_members_by_ids(
        &self,
        actor: &Actor,
        team_id: &str,
        ids: &[String],
    ) -> Result<Vec<TeamMember>> {
        crate::users::check_batch(ids, "user_ids")?;
        self.require_team(actor, team_id, perm::VIEW_TEAM).await?;
        Ok(self.store.get_team_members_by_ids(team_id, ids).await?)
    }

    /// `GET /users/{id}/teams/members`.
    pub async fn get_team_members_for_user(
        &self,
        actor: &Actor,
        user_id: &str,
    ) -> Result<Vec<TeamMember>> {
        if !actor.is(user_id) && !actor.can(perm::SYSCONSOLE_READ_USERS) {
            return Err(Error::forbidden(perm::SYSCONSOLE_READ_USERS.0));
        }
        Ok(self.store.get_team_members_for_user(user_id).await?)
    }

    /// `PUT /teams/{id}/members/{user_id}/roles` with a roles string.
    pub async fn update_team_member_roles(
        &self,
        actor: &Actor,
        team_id: &str,
        user_id: &str,
        roles: &str,
    ) -> Result<()> {
        self.require_team(actor, team_id, perm::MANAGE_TEAM_ROLES)
            .await?;
        let mut m = self
            .team_member_of(team_id, user_id)
            .await?
            .ok_or_else(|| Error::not_found("team_member"))?;
        let mut explicit = Vec::new();
        m.scheme_user = false;
        m.scheme_admin = false;
        for r in roles.split_whitespace() {
            match r {
                "team_user" => m.scheme_user = true,
                "team_admin" => m.scheme_admin = true,
                "team_guest" => m.scheme_guest = true,
                other if perm::BUILT_IN_ROLES.contains(&other) && other.starts_with("team_") => {
                    explicit.push(other)
                }
                _ => {
                    return Err(Error::new(
                        ErrorKind::BadRequest,
                        "api.team.update_team_member_roles.invalid_roles",
                        "Invalid team roles.",
                    ));
                }
            }
        }
        if m.scheme_guest && (m.scheme_user || m.scheme_admin) {
            return Err(Error::invalid_param("roles"));
        }
        m.explicit_roles = explicit.join(" ");
        self.save_team_member_roles(m).await
    }

    /// `PUT /teams/{id}/members/{user_id}/schemeRoles`.
    pub async fn update_team_member_scheme_roles(
        &self,
        actor: &Actor,
        team_id: &str,
        user_id: &str,
        r: SchemeRoles,
    ) -> Result<()> {
        self.require_team(actor, team_id, perm::MANAGE_TEAM_ROLES)
            .await?;
        if r.scheme_guest && (r.scheme_user || r.scheme_admin) {
            return Err(Error::invalid_param("scheme_roles"));
        }
        let mut m = self
            .team_member_of(team_id, user_id)
            .await?
            .ok_or_else(|| Error::not_found("team_member"))?;
        m.scheme_admin = r.scheme_admin;
        m.scheme_user = r.scheme_user;
        m.scheme_guest = r.scheme_guest;
        self.save_team_member_roles(m).await
    }

    async fn save_team_member_roles(&self, m: TeamMember) -> Result<()> {
        let m = m.with_computed_roles();
        self.store.save_team_member(&m).await?;
        self.publish(
            Event::new("memberrole_updated")
                .with_json_string("member", &m)
                .to_user(&m.user_id),
        );
        Ok(())
    }
}

fn check_team_domain(team: &Team, email: &str) -> Result<()> {
    let domains: Vec<&str> = team
        .allowed_domains
        .split([',', ' '])
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .collect();
    if domains.is_empty() {
        return Ok(());
    }
    let domain = email.rsplit_once('@').map(|(_, d)| d).unwrap_or("");
    if domains
        .iter()
        .any(|d| d.trim_start_matches('@').eq_ignore_ascii_case(domain))
    {
        Ok(())
    } else {
        Err(Error::new(
            ErrorKind::BadRequest,
            "api.team.join_user_to_team.allowed_domains.app_error",
            "The user cannot be added as the domain associated with the account is not permitted.",
        ))
    }
}

/// Mattermost's `Team.IsValid`, with its error ids.
fn validate_team(t: &Team) -> Result<()> {
    let dn = rune_len(&t.display_name);
    if t.display_name.trim().is_empty() || dn > validate::TEAM_DISPLAY_NAME_MAX_RUNES {
        return Err(Error::invalid(
            "team",
            "name",
            "Name must be 1 to 64 characters.",
        ));
    }
    if !validate::is_valid_team_name(&t.name) {
        let id = if validate::is_reserved_team_name(&t.name) {
            "reserved"
        } else {
            "url"
        };
        return Err(Error::invalid(
            "team",
            id,
            "The team URL must be 2 to 64 lowercase letters, numbers or dashes, starting and ending with a letter or number, and not a reserved word.",
        ));
    }
    if t.team_type != TEAM_OPEN && t.team_type != TEAM_INVITE {
        return Err(Error::invalid("team", "type", "Invalid type."));
    }
    if !t.email.is_empty() && !validate::is_valid_email(&t.email) {
        return Err(Error::invalid("team", "email", "Invalid email."));
    }
    if rune_len(&t.description) > validate::TEAM_DESCRIPTION_MAX_RUNES {
        return Err(Error::invalid(
            "team",
            "description",
            "Invalid description.",
        ));
    }
    if rune_len(&t.company_name) > validate::TEAM_COMPANY_NAME_MAX_RUNES {
        return Err(Error::invalid(
            "team",
            "company_name",
            "Invalid company name.",
        ));
    }
    if t.allowed_domains.len() > 1000 {
        return Err(Error::invalid(
            "team",
            "domains",
            "Invalid allowed domains.",
        ));
    }
    Ok(())
}

/// A taken team name becomes Mattermost's "existing" error.
fn team_conflict(e: StoreError) -> Error {
    match e {
        StoreError::Conflict { .. } => Error::new(
            ErrorKind::BadRequest,
            "app.team.save.existing.app_error",
            "A team with that name already exists.",
        ),
        other => other.into(),
    }
}
