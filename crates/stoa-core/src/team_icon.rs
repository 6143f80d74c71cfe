//! Team icons: uploaded by team admins, stored as a 128×128 PNG, served to those who may see
//! the team. `Team.last_team_icon_update` is 0 while a team has none.

use stoa_model::team::{TEAM_OPEN, Team};

use crate::events::Event;
use crate::files::SquareError;
use crate::{Actor, Core, Error, ErrorKind, Result, StoreResultExt, perm};

/// The icon's side, in pixels (Mattermost's).
const ICON_SIDE: u32 = 128;

fn icon_path(team_id: &str) -> String {
    format!("teams/{team_id}/teamIcon.png")
}

impl Core {
    /// `GET /teams/{id}/image`: the PNG, for members and for anyone when the team is open.
    pub async fn get_team_icon(&self, actor: &Actor, team_id: &str) -> Result<(Vec<u8>, i64)> {
        let team = self.store.get_team(team_id).await.or_not_found("team")?;
        let open = team.team_type == TEAM_OPEN && team.allow_open_invite;
        if !open {
            self.require_team(actor, team_id, perm::VIEW_TEAM).await?;
        }
        let missing = || {
            Error::new(
                ErrorKind::NotFound,
                "api.team.get_team_icon.read_file.app_error",
                "Could not read the team icon file.",
            )
        };
        if team.last_team_icon_update == 0 {
            return Err(missing());
        }
        let bytes = self
            .files
            .read(&icon_path(team_id))
            .await
            .map_err(Error::internal)?
            .ok_or_else(missing)?;
        Ok((bytes, team.last_team_icon_update))
    }

    /// `POST /teams/{id}/image`.
    pub async fn set_team_icon(&self, actor: &Actor, team_id: &str, bytes: Vec<u8>) -> Result<()> {
        self.require_team(actor, team_id, perm::MANAGE_TEAM).await?;
        let team = self.store.get_team(team_id).await.map_err(|_| {
            Error::new(
                ErrorKind::BadRequest,
                "api.team.set_team_icon.get_team.app_error",
                "An error occurred getting the team.",
            )
        })?;
        let png = self.square_picture(bytes, ICON_SIDE).await?;
        let png = png.map_err(|e| match e {
            SquareError::Limits => Error::new(
                ErrorKind::BadRequest,
                "api.team.set_team_icon.check_image_limits.app_error",
                "Image limits check failed. Resolution is too high.",
            ),
            SquareError::Decode => Error::new(
                ErrorKind::BadRequest,
                "api.team.set_team_icon.decode.app_error",
                "Could not decode team icon.",
            ),
        })?;
        self.files
            .write(&icon_path(team_id), png)
            .await
            .map_err(Error::internal)?;
        self.set_team_icon_time(team, stoa_model::now_ms()).await
    }

    /// `DELETE /teams/{id}/image`.
    pub async fn remove_team_icon(&self, actor: &Actor, team_id: &str) -> Result<()> {
        self.require_team(actor, team_id, perm::MANAGE_TEAM).await?;
        let team = self.store.get_team(team_id).await.map_err(|_| {
            Error::new(
                ErrorKind::BadRequest,
                "api.team.remove_team_icon.get_team.app_error",
                "An error occurred getting the team.",
            )
        })?;
        self.files
            .remove(&icon_path(team_id))
            .await
            .map_err(Error::internal)?;
        self.set_team_icon_time(team, 0).await
    }

    async fn set_team_icon_time(&self, mut team: Team, at: i64) -> Result<()> {
        team.last_team_icon_update = at;
        team.update_at = stoa_model::now_ms();
        self.store.update_team(&team).await?;
        self.publish_team_event("update_team", &team);
        Ok(())
    }

    /// `update_team`, `delete_team` and `restore_team` go to the team's members, the team
    /// without its email and invite id.
    pub(crate) fn publish_team_event(&self, name: &'static str, team: &Team) {
        // A renamed team's outgoing hooks send its new name.
        self.forget_team_hooks(&team.id);
        self.publish(
            Event::new(name)
                .with_json_string("team", &team.clone().sanitized())
                .to_team(&team.id),
        );
    }
}
