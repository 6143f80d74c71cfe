//! The built-in roles, as Mattermost's web app fetches them: its System Console shows nothing
//! until `POST /roles/names` answers every role it asks for, then shows each page by the
//! `sysconsole_read_*` / `sysconsole_write_*` permissions of the viewer's roles.

use serde_json::{Value, json};
use stoa_tests::{Fixture, TestServer, api_test};

/// Every role a fresh Mattermost server has.
const BUILT_IN: [&str; 24] = [
    "system_admin",
    "system_user",
    "system_guest",
    "system_user_access_token",
    "system_post_all",
    "system_post_all_public",
    "system_user_manager",
    "system_read_only_admin",
    "system_manager",
    "system_custom_group_admin",
    "system_shared_channel_manager",
    "team_admin",
    "team_user",
    "team_guest",
    "team_post_all",
    "team_post_all_public",
    "channel_admin",
    "channel_user",
    "channel_guest",
    "custom_group_user",
    "playbook_admin",
    "playbook_member",
    "run_admin",
    "run_member",
];

fn find<'a>(roles: &'a Value, name: &str) -> &'a Value {
    roles
        .as_array()
        .expect("array")
        .iter()
        .find(|r| r["name"] == name)
        .unwrap_or_else(|| panic!("{name} is answered"))
}

fn permissions(role: &Value) -> Vec<&str> {
    role["permissions"]
        .as_array()
        .expect("permissions")
        .iter()
        .filter_map(|p| p.as_str())
        .collect()
}

async fn a_plain_user_gets_every_built_in_role_by_name(t: TestServer) {
    let admin = t.admin().await;
    let user = t.user(&admin, "plain").await;
    let roles = user
        .client
        .post("/roles/names", json!(BUILT_IN))
        .await
        .expect(200)
        .json();
    assert_eq!(roles.as_array().expect("array").len(), BUILT_IN.len());
    for name in BUILT_IN {
        let role = find(&roles, name);
        assert_eq!(role["id"].as_str().expect("id").len(), 26, "{name}");
        assert_eq!(role["delete_at"], 0, "{name}");
        assert_eq!(role["built_in"], name != "custom_group_user", "{name}");
    }
    assert_eq!(
        find(&roles, "system_admin")["display_name"],
        "authentication.roles.global_admin.name"
    );
    assert_eq!(find(&roles, "system_manager")["scheme_managed"], false);
    assert_eq!(find(&roles, "team_user")["scheme_managed"], true);

    let admin_perms = permissions(find(&roles, "system_admin"));
    for p in [
        "sysconsole_read_reporting_site_statistics",
        "sysconsole_write_user_management_users",
        "sysconsole_read_about_edition_and_license",
        "sysconsole_write_user_management_system_roles",
        "sysconsole_write_site_ip_filters",
        "manage_system",
    ] {
        assert!(admin_perms.contains(&p), "system_admin lists {p}");
    }
    assert_eq!(
        admin_perms
            .iter()
            .filter(|p| p.starts_with("sysconsole_"))
            .count(),
        112
    );

    let manager = permissions(find(&roles, "system_manager"));
    assert!(manager.contains(&"sysconsole_write_environment_smtp"));
    assert!(!manager.contains(&"sysconsole_read_user_management_users"));
    let read_only = permissions(find(&roles, "system_read_only_admin"));
    assert!(read_only.contains(&"sysconsole_read_user_management_users"));
    assert!(!read_only.iter().any(|p| p.starts_with("sysconsole_write_")));
    let group_admin = permissions(find(&roles, "system_custom_group_admin"));
    assert!(group_admin.contains(&"create_custom_group"));

    // One by name and by id, as the web app does for a single role.
    let manager = user
        .client
        .get("/roles/name/system_manager")
        .await
        .expect(200)
        .json();
    let by_id = user
        .client
        .get(&format!("/roles/{}", manager["id"].as_str().expect("id")))
        .await
        .expect(200)
        .json();
    assert_eq!(by_id["name"], "system_manager");
}

async fn only_system_admins_list_all_roles(t: TestServer) {
    let admin = t.admin().await;
    let roles = admin.client.get("/roles").await.expect(200).json();
    let names: Vec<&str> = roles
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|r| r["name"].as_str())
        .collect();
    assert_eq!(names.len(), BUILT_IN.len());
    for name in BUILT_IN {
        assert!(names.contains(&name), "{name}");
    }

    // Mattermost asks for manage_system: plain users and console roles alike are refused.
    let user = t.user(&admin, "plain").await;
    user.client
        .get("/roles")
        .await
        .expect_error(403, "api.context.permissions.app_error");
    let manager = t.user(&admin, "manager").await;
    admin
        .client
        .put(
            &format!("/users/{}/roles", manager.id()),
            json!({"roles": "system_user system_manager"}),
        )
        .await
        .expect(200);
    let manager_client = t.login(&manager.user.username, &manager.password).await;
    manager_client
        .get("/roles")
        .await
        .expect_error(403, "api.context.permissions.app_error");
}

api_test!(
    a_plain_user_gets_every_built_in_role_by_name,
    only_system_admins_list_all_roles,
);
