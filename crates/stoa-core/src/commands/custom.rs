//! Custom slash commands: their CRUD (`/commands`), as Mattermost's api4 `command.go` checks
//! it — `manage_own_slash_commands` in the team for one's own, `manage_others_slash_commands`
//! for anyone else's — and the validation of Mattermost's `Command.IsValid`.

use stoa_model::command::{Command, METHOD_GET, METHOD_POST};
use stoa_model::{is_valid_id, new_id, now_ms};
use stoa_store::StoreError;

use super::{builtin, commands_disabled};
use crate::outbound::is_http_url;
use crate::{Actor, Core, Error, ErrorKind, Result, perm};

fn invalid(field: &str, message: &str) -> Error {
    Error::new(
        ErrorKind::BadRequest,
        format!("model.command.is_valid.{field}.app_error"),
        message.to_string(),
    )
}

/// Mattermost's `Command.IsValid`, for what a client may set.
fn validate(c: &Command) -> Result<()> {
    if !is_valid_id(&c.team_id) {
        return Err(invalid("team_id", "Invalid team ID."));
    }
    let t = &c.trigger;
    if t.is_empty()
        || t.chars().count() > 128
        || t.starts_with('/')
        || t.contains(char::is_whitespace)
    {
        return Err(invalid("trigger", "Invalid trigger."));
    }
    if c.url.is_empty() || c.url.chars().count() > 1024 || !is_http_url(&c.url) {
        return Err(invalid("url", "Invalid URL."));
    }
    if c.method != METHOD_POST && c.method != METHOD_GET {
        return Err(invalid("method", "Invalid Method."));
    }
    let lengths = [
        (c.display_name.chars().count() > 64, "display_name"),
        (c.description.chars().count() > 128, "description"),
        (
            c.auto_complete_desc.chars().count() > 1024,
            "auto_complete_desc",
        ),
        (
            c.auto_complete_hint.chars().count() > 1024,
            "auto_complete_hint",
        ),
        (c.username.chars().count() > 64, "username"),
        (c.icon_url.chars().count() > 1024, "icon_url"),
    ];
    if let Some((_, field)) = lengths.iter().find(|(bad, _)| *bad) {
        return Err(invalid(field, "Invalid value."));
    }
    Ok(())
}

fn duplicate_trigger() -> Error {
    Error::new(
        ErrorKind::BadRequest,
        "api.command.duplicate_trigger.app_error",
        "This trigger word is already in use. Please choose another word.",
    )
}

fn not_found() -> Error {
    Error::new(
        ErrorKind::NotFound,
        "store.sql_command.get.missing.app_error",
        "Command does not exist.",
    )
}

impl Core {
    pub(super) fn require_commands_enabled(&self) -> Result<()> {
        if self.settings().service_settings.enable_commands {
            Ok(())
        } else {
            Err(commands_disabled())
        }
    }

    /// No built-in and no other command of the team answers to the trigger already.
    async fn check_trigger_free(&self, team_id: &str, trigger: &str, except: &str) -> Result<()> {
        if builtin::commands().iter().any(|b| b.trigger == trigger) {
            return Err(duplicate_trigger());
        }
        let taken = self
            .store
            .list_team_commands(team_id)
            .await?
            .iter()
            .any(|c| c.id != except && c.trigger == trigger);
        if taken {
            return Err(duplicate_trigger());
        }
        Ok(())
    }

    /// A stored command the actor may manage.
    async fn managed_command(&self, actor: &Actor, id: &str) -> Result<Command> {
        self.require_commands_enabled()?;
        let cmd = match self.store.get_command(id).await {
            Err(StoreError::NotFound) => return Err(not_found()),
            other => other?,
        };
        // Those who cannot see the team learn nothing of its commands.
        if !self
            .has_team_permission(actor, &cmd.team_id, perm::VIEW_TEAM)
            .await?
        {
            return Err(not_found());
        }
        self.require_team(actor, &cmd.team_id, perm::MANAGE_OWN_SLASH_COMMANDS)
            .await?;
        if !actor.is(&cmd.creator_id) {
            self.require_team(actor, &cmd.team_id, perm::MANAGE_OTHERS_SLASH_COMMANDS)
                .await?;
        }
        Ok(cmd)
    }

    /// `POST /commands`.
    pub async fn create_command(&self, actor: &Actor, mut cmd: Command) -> Result<Command> {
        self.require_team(actor, &cmd.team_id, perm::MANAGE_OWN_SLASH_COMMANDS)
            .await?;
        self.require_commands_enabled()?;
        let now = now_ms();
        cmd.id = new_id();
        cmd.token = new_id();
        cmd.creator_id = actor.user_id().to_string();
        cmd.create_at = now;
        cmd.update_at = now;
        cmd.delete_at = 0;
        cmd.plugin_id.clear();
        cmd.trigger = cmd.trigger.to_lowercase();
        validate(&cmd)?;
        self.check_trigger_free(&cmd.team_id, &cmd.trigger, "")
            .await?;
        self.store.insert_command(&cmd).await?;
        Ok(cmd)
    }

    /// `GET /commands/{id}`.
    pub async fn get_command(&self, actor: &Actor, id: &str) -> Result<Command> {
        self.managed_command(actor, id).await
    }

    /// `PUT /commands/{id}`: everything but the token, the creator and the team.
    pub async fn update_command(
        &self,
        actor: &Actor,
        id: &str,
        mut next: Command,
    ) -> Result<Command> {
        if next.id != id {
            return Err(Error::invalid_param("command_id"));
        }
        let old = self.managed_command(actor, id).await?;
        if !next.team_id.is_empty() && next.team_id != old.team_id {
            return Err(Error::new(
                ErrorKind::BadRequest,
                "api.command.team_mismatch.app_error",
                "Unable to update commands across teams.",
            ));
        }
        next.team_id = old.team_id.clone();
        next.token = old.token;
        next.creator_id = old.creator_id;
        next.create_at = old.create_at;
        next.delete_at = 0;
        next.update_at = now_ms();
        next.plugin_id.clear();
        next.trigger = next.trigger.to_lowercase();
        validate(&next)?;
        self.check_trigger_free(&next.team_id, &next.trigger, &next.id)
            .await?;
        self.store.update_command(&next).await?;
        Ok(next)
    }

    /// `PUT /commands/{id}/move`: to another team the actor manages commands in.
    pub async fn move_command(&self, actor: &Actor, id: &str, team_id: &str) -> Result<()> {
        let mut cmd = self.managed_command(actor, id).await?;
        self.store.get_team(team_id).await.map_err(|e| match e {
            StoreError::NotFound => Error::not_found("team"),
            other => other.into(),
        })?;
        self.require_team(actor, team_id, perm::MANAGE_OWN_SLASH_COMMANDS)
            .await?;
        self.check_trigger_free(team_id, &cmd.trigger, &cmd.id)
            .await?;
        cmd.team_id = team_id.to_string();
        cmd.update_at = now_ms();
        self.store.update_command(&cmd).await?;
        Ok(())
    }

    /// `PUT /commands/{id}/regen_token`: the new token.
    pub async fn regen_command_token(&self, actor: &Actor, id: &str) -> Result<String> {
        let mut cmd = self.managed_command(actor, id).await?;
        cmd.token = new_id();
        cmd.update_at = now_ms();
        self.store.update_command(&cmd).await?;
        Ok(cmd.token)
    }

    /// `DELETE /commands/{id}`.
    pub async fn delete_command(&self, actor: &Actor, id: &str) -> Result<()> {
        let cmd = self.managed_command(actor, id).await?;
        self.store.delete_command(&cmd.id, now_ms()).await?;
        Ok(())
    }

    /// The team's custom commands as a member sees them in lists: without the token unless
    /// they may manage it.
    pub(super) async fn team_custom_commands(
        &self,
        actor: &Actor,
        team_id: &str,
    ) -> Result<Vec<Command>> {
        if !self.settings().service_settings.enable_commands {
            return Ok(Vec::new());
        }
        let mut cmds = self.store.list_team_commands(team_id).await?;
        let manage_own = self
            .has_team_permission(actor, team_id, perm::MANAGE_OWN_SLASH_COMMANDS)
            .await?;
        let manage_others = self
            .has_team_permission(actor, team_id, perm::MANAGE_OTHERS_SLASH_COMMANDS)
            .await?;
        for c in &mut cmds {
            if !(manage_others || (manage_own && actor.is(&c.creator_id))) {
                c.token.clear();
            }
        }
        Ok(cmds)
    }
}
