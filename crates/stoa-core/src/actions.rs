//! Interactive messages and dialogs (Mattermost's `integration_actions` tag).
//!
//! A post's attachments may carry `actions` (buttons, menus), each naming the integration URL
//! and context to call. Clicking one (`POST /posts/{id}/actions/{action_id}`) sends only the
//! action's id: the server reads the URL and context from the stored post, so a client cannot
//! point an action elsewhere. An ephemeral post is not stored, so its actions carry a `cookie`
//! the server signed, and a click on it is trusted only with a valid signature. The
//! integration's answer may update the post and show the clicker an ephemeral message.
//!
//! An integration opens a dialog with the `trigger_id` it got with a command or an action
//! (`POST /actions/dialogs/open`, no session: the signed trigger id names the user); the user's
//! submission is sent to the dialog's URL and its errors come back to the client.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use stoa_model::post::Post;
use stoa_model::{new_id, now_ms};

use crate::ports::OutboundMethod;
use crate::signing::{hex, unhex};
use crate::{Actor, Core, Error, ErrorKind, Result, StoreResultExt, perm};

/// Gives every action of a post's attachments an id (Mattermost's `GenerateActionIds`).
pub(crate) fn assign_action_ids(props: &mut Map<String, Value>) {
    let Some(Value::Array(attachments)) = props.get_mut("attachments") else {
        return;
    };
    for a in attachments.iter_mut() {
        let Some(Value::Array(actions)) = a.get_mut("actions") else {
            continue;
        };
        for action in actions.iter_mut().filter_map(Value::as_object_mut) {
            let missing = action
                .get("id")
                .and_then(Value::as_str)
                .is_none_or(str::is_empty);
            if missing {
                action.insert("id".into(), new_id().into());
            }
        }
    }
}

/// The action with `id` among a post's attachments.
fn find_action(props: &Map<String, Value>, id: &str) -> Option<Value> {
    props
        .get("attachments")?
        .as_array()?
        .iter()
        .filter_map(|a| a.get("actions")?.as_array())
        .flatten()
        .find(|action| action.get("id").and_then(Value::as_str) == Some(id))
        .cloned()
}

/// Body of `POST /posts/{id}/actions/{action_id}`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DoActionRequest {
    pub selected_option: String,
    pub cookie: String,
}

/// What the click answers.
#[derive(Debug, Serialize)]
pub struct DoActionResponse {
    pub status: String,
    pub trigger_id: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub goto_location: String,
}

/// What an integration may answer to a click.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ActionAnswer {
    update: Option<Post>,
    ephemeral_text: String,
    skip_slack_parsing: bool,
    goto_location: String,
}

/// What an ephemeral post's action cookie holds, signed.
#[derive(Debug, Serialize, Deserialize)]
struct Cookie {
    action: Value,
    post_id: String,
    channel_id: String,
    root_id: String,
    /// The post's webhook marks, which the integration's ephemeral answer keeps.
    #[serde(default)]
    retain: Map<String, Value>,
}

/// The marks of a webhook's post that the integration's answers keep (Mattermost's `retain`):
/// an answer to a user's own post does not turn into a webhook's.
const RETAINED_PROPS: [&str; 3] = ["from_webhook", "override_username", "override_icon_url"];

fn retained_props(props: &Map<String, Value>) -> Map<String, Value> {
    RETAINED_PROPS
        .iter()
        .filter_map(|k| props.get(*k).map(|v| ((*k).to_string(), v.clone())))
        .collect()
}

fn action_not_found() -> Error {
    Error::new(
        ErrorKind::NotFound,
        "api.post.do_action.action_id.app_error",
        "Invalid action id.",
    )
}

fn integration_failed(detail: impl Into<String>) -> Error {
    Error::new(
        ErrorKind::BadRequest,
        "api.post.do_action.action_integration.app_error",
        "Action integration error.",
    )
    .with_detail(detail.into())
}

fn is_http_url(url: &str) -> bool {
    url.starts_with("http://") || url.starts_with("https://")
}

/// Body of `POST /actions/dialogs/open`.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct OpenDialogRequest {
    pub trigger_id: String,
    pub url: String,
    pub dialog: Value,
}

/// Body of `POST /actions/dialogs/submit`.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SubmitDialogRequest {
    #[serde(rename = "type")]
    pub kind: String,
    pub url: String,
    pub callback_id: String,
    pub state: String,
    pub user_id: String,
    pub channel_id: String,
    pub team_id: String,
    pub submission: Map<String, Value>,
    pub cancelled: bool,
}

impl Core {
    /// Signs an ephemeral post's actions into cookies (the post is not stored, so a later click
    /// can only trust what the server signed).
    pub(crate) fn add_action_cookies(&self, post: &mut Post) {
        let (post_id, channel_id, root_id) = (
            post.id.clone(),
            post.channel_id.clone(),
            post.root_id.clone(),
        );
        let retain = retained_props(&post.props);
        let Some(Value::Array(attachments)) = post.props.get_mut("attachments") else {
            return;
        };
        for a in attachments.iter_mut() {
            let Some(Value::Array(actions)) = a.get_mut("actions") else {
                continue;
            };
            for action in actions.iter_mut() {
                let cookie = Cookie {
                    action: action.clone(),
                    post_id: post_id.clone(),
                    channel_id: channel_id.clone(),
                    root_id: root_id.clone(),
                    retain: retain.clone(),
                };
                let Ok(body) = serde_json::to_vec(&cookie) else {
                    continue;
                };
                let body = hex(&body);
                let sig = self.sign(&body);
                if let Some(obj) = action.as_object_mut() {
                    obj.insert("cookie".into(), format!("{body}.{sig}").into());
                    // The integration's URL and context stay in the signed cookie only.
                    obj.remove("integration");
                }
            }
        }
    }

    fn open_cookie(&self, cookie: &str) -> Result<Cookie> {
        let bad = || {
            Error::new(
                ErrorKind::BadRequest,
                "api.post.do_action.action_integration.app_error",
                "Invalid action cookie.",
            )
        };
        let (body, sig) = cookie.rsplit_once('.').ok_or_else(bad)?;
        if !self.signed(body, sig) {
            return Err(bad());
        }
        let bytes = unhex(body).ok_or_else(bad)?;
        serde_json::from_slice(&bytes).map_err(|_| bad())
    }

    /// `POST /posts/{post_id}/actions/{action_id}`.
    pub async fn do_post_action(
        &self,
        actor: &Actor,
        post_id: &str,
        action_id: &str,
        req: DoActionRequest,
    ) -> Result<DoActionResponse> {
        let (action, channel_id, root_id, retain, stored) = if req.cookie.is_empty() {
            let (post, channel) = self.readable_post(actor, post_id, false).await?;
            let action = find_action(&post.props, action_id).ok_or_else(action_not_found)?;
            let retain = retained_props(&post.props);
            (action, channel.id, post.root_id.clone(), retain, Some(post))
        } else {
            let c = self.open_cookie(&req.cookie)?;
            if c.post_id != post_id || c.action.get("id").and_then(Value::as_str) != Some(action_id)
            {
                return Err(action_not_found());
            }
            (c.action, c.channel_id, c.root_id, c.retain, None)
        };
        let channel = self.load_channel(&channel_id).await?;
        self.require_channel_read(actor, &channel).await?;
        let integration = action.get("integration").cloned().unwrap_or(Value::Null);
        let url = integration
            .get("url")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        if !is_http_url(&url) {
            return Err(integration_failed("the action has no integration URL"));
        }
        let mut context = integration
            .get("context")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        let kind = action
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or("button")
            .to_string();
        let data_source = action
            .get("data_source")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        if kind == "select" {
            context.insert("selected_option".into(), req.selected_option.clone().into());
        }
        let user = self
            .store
            .get_user(actor.user_id())
            .await
            .or_not_found("user")?;
        let team_name = if channel.team_id.is_empty() {
            String::new()
        } else {
            self.store
                .get_team(&channel.team_id)
                .await
                .map(|t| t.name)
                .unwrap_or_default()
        };
        let trigger_id = self.new_trigger_id(actor.user_id());
        let payload = json!({
            "user_id": user.id, "user_name": user.username,
            "channel_id": channel.id, "channel_name": channel.name,
            "team_id": channel.team_id, "team_domain": team_name,
            "post_id": post_id, "trigger_id": trigger_id,
            "type": kind, "data_source": data_source, "context": context,
        });
        let resp = self
            .call_integration(
                OutboundMethod::Post,
                &url,
                vec![("Content-Type".into(), "application/json".into())],
                payload.to_string().into_bytes(),
            )
            .await
            .map_err(|e| integration_failed(e.to_string()))?;
        if resp.status != 200 {
            return Err(integration_failed(format!("status={}", resp.status)));
        }
        let answer: ActionAnswer = if resp.body.iter().all(u8::is_ascii_whitespace) {
            ActionAnswer::default()
        } else {
            serde_json::from_slice(&resp.body)
                .map_err(|e| integration_failed(format!("the answer is not JSON: {e}")))?
        };
        if let (Some(update), Some(original)) = (answer.update, stored) {
            self.apply_action_update(original, update).await?;
        }
        if !answer.ephemeral_text.is_empty() {
            let text = if answer.skip_slack_parsing {
                answer.ephemeral_text
            } else {
                self.process_slack_text(&answer.ephemeral_text).await?
            };
            self.send_ephemeral(actor, &channel.id, &root_id, text, retain)
                .await?;
        }
        Ok(DoActionResponse {
            status: "OK".into(),
            trigger_id,
            goto_location: answer.goto_location,
        })
    }

    /// The integration's new version of its post: message and props (the integration's own
    /// marks kept from the original), as an edit everyone sees.
    async fn apply_action_update(&self, original: Post, update: Post) -> Result<()> {
        let mut post = original.clone();
        post.message = update.message;
        let mut props = if update.props.is_empty() {
            original.props.clone()
        } else {
            update.props
        };
        for key in RETAINED_PROPS {
            match original.props.get(key) {
                Some(v) => props.insert(key.into(), v.clone()),
                None => props.remove(key),
            };
        }
        assign_action_ids(&mut props);
        post.props = props;
        post.update_at = now_ms();
        crate::posts::validate_post(&post)?;
        self.store.update_post(&post).await?;
        self.publish_post_edited(&post).await
    }

    /// The user a trigger id was made for, if it is ours and fresh.
    async fn trigger_user(&self, trigger_id: &str) -> Result<stoa_model::user::User> {
        let user_id = self.trigger_id_user(trigger_id)?;
        self.store.get_user(&user_id).await.or_not_found("user")
    }

    /// `POST /actions/dialogs/open` (no session: the trigger id names the user).
    pub async fn open_dialog(&self, req: OpenDialogRequest) -> Result<()> {
        if !is_http_url(&req.url) {
            return Err(Error::invalid_param("url"));
        }
        let title = req
            .dialog
            .get("title")
            .and_then(Value::as_str)
            .unwrap_or("");
        if title.is_empty() {
            return Err(Error::invalid_param("dialog.title"));
        }
        if req
            .dialog
            .get("elements")
            .and_then(Value::as_array)
            .is_some_and(|e| e.len() > 100)
        {
            return Err(Error::invalid_param("dialog.elements"));
        }
        let user = self.trigger_user(&req.trigger_id).await?;
        let body = serde_json::to_string(&req).map_err(Error::internal)?;
        self.publish(
            crate::events::Event::new("open_dialog")
                .with("dialog", body)
                .to_user(&user.id),
        );
        Ok(())
    }

    /// `POST /actions/dialogs/submit`: the submission goes to the dialog's URL as the caller;
    /// the integration's `{errors, error}` comes back (empty when it accepted).
    pub async fn submit_dialog(
        &self,
        actor: &Actor,
        mut req: SubmitDialogRequest,
    ) -> Result<Value> {
        if !is_http_url(&req.url) {
            return Err(Error::invalid_param("url"));
        }
        let channel = self.load_channel(&req.channel_id).await?;
        self.require_channel_read(actor, &channel).await?;
        if !channel.team_id.is_empty() && channel.team_id != req.team_id {
            return Err(Error::invalid_param("team_id"));
        }
        if channel.team_id.is_empty() && !req.team_id.is_empty() {
            self.require_team(actor, &req.team_id, perm::VIEW_TEAM)
                .await?;
        }
        req.user_id = actor.user_id().to_string();
        req.kind = "dialog_submission".into();
        let resp = self
            .call_integration(
                OutboundMethod::Post,
                &req.url,
                vec![("Content-Type".into(), "application/json".into())],
                serde_json::to_vec(&req).map_err(Error::internal)?,
            )
            .await
            .map_err(|e| {
                Error::new(
                    ErrorKind::BadRequest,
                    "api.dialog.submit.app_error",
                    "The dialog's integration could not be reached.",
                )
                .with_detail(e.to_string())
            })?;
        if resp.status != 200 {
            return Err(Error::new(
                ErrorKind::BadRequest,
                "api.dialog.submit.app_error",
                format!("The dialog's integration answered {}.", resp.status),
            ));
        }
        if resp.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(Value::Object(Map::new()));
        }
        let answer: Value = serde_json::from_slice(&resp.body).map_err(|_| {
            Error::new(
                ErrorKind::BadRequest,
                "api.dialog.submit.app_error",
                "The dialog's integration answered something other than JSON.",
            )
        })?;
        // Only what a client is meant to read: the errors.
        let mut out = Map::new();
        for key in ["error", "errors"] {
            if let Some(v) = answer.get(key) {
                out.insert(key.into(), v.clone());
            }
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_get_ids_and_are_found_by_them() {
        let mut props = json!({"attachments": [
            {"text": "x", "actions": [{"name": "Approve"}, {"id": "keep", "name": "Deny"}]},
            {"text": "no actions"}
        ]})
        .as_object()
        .cloned()
        .unwrap_or_default();
        assign_action_ids(&mut props);
        let id = props["attachments"][0]["actions"][0]["id"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert_eq!(id.len(), 26);
        assert_eq!(props["attachments"][0]["actions"][1]["id"], "keep");
        assert_eq!(
            find_action(&props, &id).map(|a| a["name"].clone()),
            Some(json!("Approve"))
        );
        assert!(find_action(&props, "nope").is_none());
    }
}
