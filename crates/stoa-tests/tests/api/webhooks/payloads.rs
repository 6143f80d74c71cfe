//! What real services send to a Mattermost/Slack incoming webhook, written from their public
//! documentation (GitLab's pipeline notification, Alertmanager's Slack receiver, a GitHub
//! Actions Slack step), checked as the posts everyone then reads.

use serde_json::{Value, json};
use stoa_tests::messaging::Room;
use stoa_tests::{TestServer, api_test};

use super::{incoming_hook, newest, patch_config, send_json};

fn fixture(name: &str) -> Value {
    let text = match name {
        "gitlab" => include_str!("payloads/gitlab_pipeline.json"),
        "alertmanager" => include_str!("payloads/alertmanager_firing.json"),
        _ => include_str!("payloads/github_actions.json"),
    };
    serde_json::from_str(text).expect("fixture is JSON")
}

async fn gitlab_alertmanager_and_github_payloads_render_as_cards(t: TestServer) {
    let r = Room::new(&t).await;
    patch_config(
        &r.admin,
        json!({"ServiceSettings": {"EnablePostUsernameOverride": true, "EnablePostIconOverride": true}}),
    )
    .await;
    let hook = incoming_hook(&r.admin.client, &r.channel.id, json!({})).await;
    let id = hook["id"].as_str().expect("id");

    // GitLab: Slack links in the text become Markdown; field values become strings.
    send_json(&t, id, fixture("gitlab")).await.expect(200);
    let post = newest(&r.bob.client, &r.channel.id).await;
    assert!(post.message.starts_with(
        "[acme/api](https://gitlab.example.com/acme/api): Pipeline [#4211](https://gitlab.example.com/acme/api/-/pipelines/4211)"
    ), "{}", post.message);
    assert_eq!(post.post_type, "slack_attachment");
    assert_eq!(post.props["override_username"], "GitLab");
    let card = &post.props["attachments"][0];
    assert_eq!(card["color"], "#36a64f");
    assert_eq!(card["fallback"], "Pipeline #4211 passed");
    assert_eq!(
        card["fields"][0]["value"],
        "[9f3c2a1](https://gitlab.example.com/acme/api/-/commit/9f3c2a1): Fix the retry budget"
    );
    assert_eq!(card["fields"][1]["value"], "161");
    assert_eq!(card["fields"][1]["short"], true);
    assert_eq!(card["fields"][2]["short"], true, "\"true\" reads as true");

    // Alertmanager: no text, one card; announcements in the pretext become @here.
    send_json(&t, id, fixture("alertmanager")).await.expect(200);
    let post = newest(&r.bob.client, &r.channel.id).await;
    assert_eq!(post.message, "");
    let card = &post.props["attachments"][0];
    assert_eq!(
        card["title"],
        "[FIRING:2] HighRequestLatency (api production)"
    );
    assert_eq!(card["pretext"], "@here latency is over budget");
    assert!(
        card["text"]
            .as_str()
            .expect("text")
            .ends_with("[latency runbook](https://runbooks.example.com/latency)")
    );
    assert_eq!(card["color"], "danger");
    assert_eq!(card["ts"], 1764950400);
    assert_eq!(post.props["override_icon_emoji"], ":rotating_light:");

    // GitHub Actions: author, title link, four short fields, string timestamp.
    send_json(&t, id, fixture("github")).await.expect(200);
    let post = newest(&r.bob.client, &r.channel.id).await;
    assert_eq!(post.message, "Workflow *CI* finished: success");
    let card = &post.props["attachments"][0];
    assert_eq!(card["author_name"], "octo-org/octo-repo");
    assert_eq!(
        card["title_link"],
        "https://github.com/octo-org/octo-repo/actions/runs/1287"
    );
    assert_eq!(card["fields"].as_array().map(Vec::len), Some(4));
    assert_eq!(
        card["fields"][0]["value"],
        "[octo-org/octo-repo](https://github.com/octo-org/octo-repo)"
    );
    assert_eq!(card["ts"], "1764950460");
    assert_eq!(card["footer"], "GitHub Actions");
}

api_test!(gitlab_alertmanager_and_github_payloads_render_as_cards);
