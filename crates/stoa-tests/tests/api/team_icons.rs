//! Team icons (a team admin uploads one; members see it, re-encoded to a 128×128 PNG), and a
//! team archived then restored, each announced to the team's members only.

use std::time::Duration;
use stoa_tests::messaging::Room;
use stoa_tests::multipart::{self, Part};
use stoa_tests::ws::{WAIT, WsClient, json_field};
use stoa_tests::{ApiClient, Fixture, Resp, TestServer, api_test};

async fn upload(client: &ApiClient, team_id: &str, image: &[u8]) -> Resp {
    client
        .raw(
            reqwest::Method::POST,
            &format!("/teams/{team_id}/image"),
            &multipart::content_type(),
            multipart::form(&[Part::file("image", "icon.png", image)]),
        )
        .await
}

async fn a_team_admin_sets_and_removes_the_icon(t: TestServer) {
    let r = Room::new(&t).await;
    let outsider = t.user(&r.admin, "outsider").await;
    let mut bob_ws = WsClient::connect(&t, r.bob.client.token.as_deref().expect("token")).await;
    let mut outsider_ws =
        WsClient::connect(&t, outsider.client.token.as_deref().expect("token")).await;
    let path = format!("/teams/{}/image", r.team.id);

    // No icon yet.
    r.bob
        .client
        .get(&path)
        .await
        .expect_error(404, "api.team.get_team_icon.read_file.app_error");
    // Members who may not manage the team cannot set one.
    upload(&r.bob.client, &r.team.id, &multipart::tiny_png())
        .await
        .expect_error(403, "api.context.permissions.app_error");
    // An image bomb is refused before decoding, and nothing changes.
    upload(
        &r.admin.client,
        &r.team.id,
        &multipart::png_claiming(50_000, 50_000),
    )
    .await
    .expect_error(400, "api.team.set_team_icon.check_image_limits.app_error");
    upload(&r.admin.client, &r.team.id, b"not an image at all")
        .await
        .expect_error(400, "api.team.set_team_icon.check_image_limits.app_error");

    upload(&r.admin.client, &r.team.id, &multipart::tiny_png())
        .await
        .expect(200);
    let ev = bob_ws.next_event("update_team", WAIT).await;
    let team = json_field(&ev, "team");
    let stamp = team["last_team_icon_update"].as_i64().expect("icon time");
    assert!(stamp > 0);
    assert!(team.get("invite_id").is_none_or(|v| v == ""), "sanitised");
    outsider_ws
        .expect_no_event("update_team", Duration::from_millis(300))
        .await;

    let icon = r
        .bob
        .client
        .get(&format!("{path}?_={stamp}"))
        .await
        .expect(200);
    assert_eq!(icon.header("content-type"), Some("image/png"));
    assert_eq!(icon.header("etag"), Some(stamp.to_string().as_str()));
    let img =
        image::load_from_memory_with_format(&icon.body, image::ImageFormat::Png).expect("a PNG");
    assert_eq!((img.width(), img.height()), (128, 128));
    let team: serde_json::Value = r
        .bob
        .client
        .get(&format!("/teams/{}", r.team.id))
        .await
        .expect(200)
        .json();
    assert_eq!(team["last_team_icon_update"].as_i64(), Some(stamp));

    r.bob
        .client
        .delete(&path)
        .await
        .expect_error(403, "api.context.permissions.app_error");
    r.admin.client.delete(&path).await.expect(200);
    let ev = bob_ws.next_event("update_team", WAIT).await;
    assert!(
        json_field(&ev, "team")
            .get("last_team_icon_update")
            .is_none()
    );
    r.bob.client.get(&path).await.expect(404);
}

async fn archiving_and_restoring_reach_members_only(t: TestServer) {
    let r = Room::new(&t).await;
    let outsider = t.user(&r.admin, "outsider").await;
    let mut alice_ws = WsClient::connect(&t, r.alice.client.token.as_deref().expect("token")).await;
    let mut outsider_ws =
        WsClient::connect(&t, outsider.client.token.as_deref().expect("token")).await;
    r.admin
        .client
        .delete(&format!("/teams/{}", r.team.id))
        .await
        .expect(200);
    let ev = alice_ws.next_event("delete_team", WAIT).await;
    assert_eq!(json_field(&ev, "team")["id"], r.team.id);
    let restored: serde_json::Value = r
        .admin
        .client
        .post(
            &format!("/teams/{}/restore", r.team.id),
            serde_json::json!({}),
        )
        .await
        .expect(200)
        .json();
    assert_eq!(restored["delete_at"], 0);
    let ev = alice_ws.next_event("restore_team", WAIT).await;
    assert_eq!(json_field(&ev, "team")["delete_at"], 0);
    assert_eq!(ev["broadcast"]["team_id"], r.team.id);
    for name in ["delete_team", "restore_team", "update_team"] {
        outsider_ws
            .expect_no_event(name, Duration::from_millis(200))
            .await;
    }
}

api_test!(
    a_team_admin_sets_and_removes_the_icon,
    archiving_and_restoring_reach_members_only
);
