use std::collections::HashSet;

use super::*;

fn role(name: &str) -> Role {
    built_in_role(name).unwrap_or_else(|| panic!("{name} is built in"))
}

fn lists(name: &str, id: &str) -> bool {
    role(name).permissions.iter().any(|p| p == id)
}

fn sysconsole(name: &str) -> Vec<String> {
    role(name)
        .permissions
        .into_iter()
        .filter(|p| p.starts_with("sysconsole_"))
        .collect()
}

#[test]
fn system_admin_holds_everything() {
    for p in ALL.iter().chain(DEPRECATED) {
        assert!(roles_grant("system_user system_admin", *p), "{}", p.0);
    }
}

#[test]
fn plain_users_cannot_manage_the_system_or_teams() {
    assert!(!roles_grant("system_user", MANAGE_SYSTEM));
    assert!(!roles_grant("system_user", EDIT_OTHER_USERS));
    assert!(!roles_grant("team_user", MANAGE_TEAM));
    assert!(!roles_grant("team_user", REMOVE_USER_FROM_TEAM));
    assert!(!roles_grant("channel_user", MANAGE_CHANNEL_ROLES));
    for p in SYSCONSOLE_READ.iter().chain(SYSCONSOLE_WRITE) {
        assert!(
            !roles_grant("system_user team_user channel_user", *p),
            "{}",
            p.0
        );
    }
}

#[test]
fn scopes_grant_what_mattermost_grants() {
    assert!(roles_grant("system_user", CREATE_TEAM));
    assert!(roles_grant("system_user", CREATE_DIRECT_CHANNEL));
    assert!(roles_grant("team_user", CREATE_PUBLIC_CHANNEL));
    assert!(roles_grant("team_user team_admin", MANAGE_TEAM));
    assert!(roles_grant("channel_user", CREATE_POST));
    assert!(roles_grant(
        "channel_user channel_admin",
        MANAGE_CHANNEL_ROLES
    ));
    assert!(!roles_grant("system_guest", CREATE_TEAM));
    assert!(!roles_grant("channel_guest", MANAGE_PUBLIC_CHANNEL_MEMBERS));
}

/// What the checks of this server ask of the everyday roles, unchanged by taking Mattermost's
/// lists whole.
#[test]
fn everyday_roles_keep_what_the_checks_rely_on() {
    for p in [
        LIST_PUBLIC_TEAMS,
        JOIN_PUBLIC_TEAMS,
        CREATE_DIRECT_CHANNEL,
        CREATE_GROUP_CHANNEL,
        VIEW_MEMBERS,
        CREATE_TEAM,
        CREATE_EMOJIS,
        DELETE_EMOJIS,
    ] {
        assert!(roles_grant("system_user", p), "system_user {}", p.0);
    }
    for p in [
        LIST_TEAM_CHANNELS,
        JOIN_PUBLIC_CHANNELS,
        READ_PUBLIC_CHANNEL,
        VIEW_TEAM,
        CREATE_PUBLIC_CHANNEL,
        CREATE_PRIVATE_CHANNEL,
        INVITE_USER,
        ADD_USER_TO_TEAM,
    ] {
        assert!(roles_grant("team_user", p), "team_user {}", p.0);
    }
    for p in [
        READ_CHANNEL,
        READ_CHANNEL_CONTENT,
        ADD_REACTION,
        REMOVE_REACTION,
        MANAGE_PUBLIC_CHANNEL_MEMBERS,
        MANAGE_PRIVATE_CHANNEL_MEMBERS,
        UPLOAD_FILE,
        GET_PUBLIC_LINK,
        CREATE_POST,
        USE_CHANNEL_MENTIONS,
        USE_GROUP_MENTIONS,
        DELETE_POST,
        EDIT_POST,
        MANAGE_PUBLIC_CHANNEL_PROPERTIES,
        MANAGE_PRIVATE_CHANNEL_PROPERTIES,
        DELETE_PUBLIC_CHANNEL,
        DELETE_PRIVATE_CHANNEL,
    ] {
        assert!(roles_grant("channel_user", p), "channel_user {}", p.0);
    }
    assert!(roles_grant("team_admin", MANAGE_OWN_SLASH_COMMANDS));
    assert!(!roles_grant("team_user", MANAGE_OWN_SLASH_COMMANDS));
    // Deprecated in Mattermost (no longer checked): no role grants it any more.
    assert!(!roles_grant(
        "channel_user channel_guest",
        USE_SLASH_COMMANDS
    ));
    assert!(!roles_grant("team_admin", MANAGE_SLASH_COMMANDS));
}

#[test]
fn unknown_roles_grant_nothing() {
    assert!(!roles_grant("", READ_CHANNEL));
    assert!(!roles_grant("nobody", READ_CHANNEL));
    assert!(!roles_grant("system_administrator", MANAGE_SYSTEM));
}

#[test]
fn built_in_roles_have_stable_ids_and_lists() {
    let admin = role("system_admin");
    assert_eq!(admin.permissions.len(), ALL.len());
    assert_eq!(admin.id.len(), 26);
    assert_eq!(
        built_in_role_by_id(&admin.id).map(|r| r.name),
        Some("system_admin".to_owned())
    );
    assert!(built_in_role("made_up").is_none());
    let ids: HashSet<String> = BUILT_IN_ROLES.iter().map(|n| role(n).id).collect();
    assert_eq!(ids.len(), BUILT_IN_ROLES.len());
}

#[test]
fn the_permission_list_is_mattermosts() {
    assert_eq!(SYSCONSOLE_READ.len(), 56);
    assert_eq!(SYSCONSOLE_WRITE.len(), 56);
    assert_eq!(ALL.len(), 290);
    assert_eq!(DEPRECATED.len(), 29);
    let all: HashSet<&str> = ALL.iter().map(|p| p.0).collect();
    assert_eq!(all.len(), ALL.len(), "no id twice");
    for p in DEPRECATED {
        assert!(!all.contains(p.0), "{} is both current and deprecated", p.0);
    }
    for p in SYSCONSOLE_READ {
        assert!(p.0.starts_with("sysconsole_read_"), "{}", p.0);
        let write = p.0.replacen("_read_", "_write_", 1);
        assert!(SYSCONSOLE_WRITE.iter().any(|w| w.0 == write), "{write}");
    }
    assert_eq!(scope(CREATE_POST), Some(Scope::Channel));
    assert_eq!(scope(READ_PUBLIC_CHANNEL), Some(Scope::Team));
    assert_eq!(scope(VIEW_MEMBERS), Some(Scope::Team));
    assert_eq!(scope(GET_PUBLIC_LINK), Some(Scope::System));
    assert_eq!(scope(SYSCONSOLE_WRITE_SITE_IP_FILTERS), Some(Scope::System));
    assert_eq!(scope(EDIT_CUSTOM_GROUP), Some(Scope::Group));
    assert_eq!(scope(CREATE_CUSTOM_GROUP), Some(Scope::System));
    assert_eq!(scope(RUN_CREATE), Some(Scope::Playbook));
    assert_eq!(scope(RUN_VIEW), Some(Scope::Run));
    assert_eq!(scope(MANAGE_SLASH_COMMANDS), Some(Scope::Team));
    assert_eq!(scope(Permission("made_up")), None);
    assert_eq!(permission("manage_emojis"), Some(MANAGE_EMOJIS));
    assert_eq!(permission("made_up"), None);
    assert_eq!(
        SYSCONSOLE_READ_USERS.0,
        "sysconsole_read_user_management_users"
    );
}

/// What the System Console of Mattermost's web app reads: `system_admin` may see and change
/// every page.
#[test]
fn system_admin_lists_every_sysconsole_permission() {
    let admin = sysconsole("system_admin");
    assert_eq!(admin.len(), 112);
    for p in SYSCONSOLE_READ.iter().chain(SYSCONSOLE_WRITE) {
        assert!(admin.iter().any(|a| a == p.0), "{}", p.0);
    }
    for id in [
        "sysconsole_read_reporting_site_statistics",
        "sysconsole_write_user_management_users",
        "sysconsole_write_user_management_system_roles",
        "sysconsole_read_billing",
        "sysconsole_write_site_ip_filters",
        "sysconsole_write_environment_mobile_security",
    ] {
        assert!(lists("system_admin", id), "{id}");
    }
    // The replaced page permissions are not listed.
    assert!(!lists("system_admin", "sysconsole_read_site"));
}

#[test]
fn system_manager_manages_the_console_but_not_users() {
    let reads = sysconsole("system_manager")
        .iter()
        .filter(|p| p.starts_with("sysconsole_read_"))
        .count();
    let writes = sysconsole("system_manager").len() - reads;
    assert_eq!((reads, writes), (45, 32));
    for id in [
        "sysconsole_read_about_edition_and_license",
        "sysconsole_read_reporting_site_statistics",
        "sysconsole_read_user_management_teams",
        "sysconsole_write_user_management_channels",
        "sysconsole_write_user_management_permissions",
        "sysconsole_write_environment_smtp",
        "sysconsole_write_site_customization",
        "sysconsole_write_integrations_cors",
        "sysconsole_write_products_boards",
        // Ancillary permissions of those pages, and the outgoing OAuth connections.
        "test_email",
        "edit_brand",
        "manage_team",
        "read_license_information",
        "get_analytics",
        "manage_outgoing_oauth_connections",
    ] {
        assert!(lists("system_manager", id), "{id}");
    }
    for id in [
        "sysconsole_read_user_management_users",
        "sysconsole_write_user_management_users",
        "sysconsole_write_authentication_ldap",
        "sysconsole_read_billing",
        "sysconsole_read_environment_mobile_security",
        "sysconsole_read_compliance_compliance_export",
        "manage_system",
        "edit_other_users",
    ] {
        assert!(!lists("system_manager", id), "{id}");
    }
}

#[test]
fn system_read_only_admin_reads_and_writes_nothing() {
    let console = sysconsole("system_read_only_admin");
    assert_eq!(console.len(), 53);
    assert!(console.iter().all(|p| p.starts_with("sysconsole_read_")));
    for id in [
        "sysconsole_read_user_management_users",
        "sysconsole_read_reporting_server_logs",
        "sysconsole_read_compliance_custom_terms_of_service",
        "sysconsole_read_environment_mobile_security",
        "sysconsole_read_experimental_feature_flags",
        "get_logs",
        "get_analytics",
        "read_audits",
        "read_other_users_teams",
    ] {
        assert!(lists("system_read_only_admin", id), "{id}");
    }
    for id in [
        "sysconsole_read_billing",
        "sysconsole_read_user_management_system_roles",
        "sysconsole_read_site_ip_filters",
        "manage_team",
        // Mattermost's read-channel-content migration leaves the console roles out.
        "read_channel_content",
    ] {
        assert!(!lists("system_read_only_admin", id), "{id}");
    }
}

#[test]
fn system_user_manager_manages_teams_channels_and_groups() {
    let console = sysconsole("system_user_manager");
    assert_eq!(console.len(), 15);
    for id in [
        "sysconsole_read_user_management_groups",
        "sysconsole_read_user_management_teams",
        "sysconsole_read_user_management_permissions",
        "sysconsole_write_user_management_channels",
        "sysconsole_write_user_management_teams",
        "sysconsole_read_authentication_ldap",
        "sysconsole_read_authentication_guest_access",
        "test_ldap",
        "manage_team",
        "delete_private_channel",
        "convert_private_channel_to_public",
    ] {
        assert!(lists("system_user_manager", id), "{id}");
    }
    for id in [
        "sysconsole_read_user_management_users",
        "sysconsole_write_user_management_users",
        "sysconsole_write_authentication_ldap",
        "edit_other_users",
    ] {
        assert!(!lists("system_user_manager", id), "{id}");
    }
}

#[test]
fn every_role_mattermost_creates_is_answered() {
    let names = [
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
    assert_eq!(BUILT_IN_ROLES.len(), names.len());
    for name in names {
        assert_eq!(role(name).name, name);
    }
}

#[test]
fn roles_list_known_permissions_once() {
    for name in BUILT_IN_ROLES {
        let r = role(name);
        let unique: HashSet<&String> = r.permissions.iter().collect();
        assert_eq!(unique.len(), r.permissions.len(), "{name} lists one twice");
        for p in &r.permissions {
            assert!(ALL.iter().any(|a| a.0 == p), "{name}: unknown {p}");
        }
    }
}

#[test]
fn flags_and_names_are_mattermosts() {
    let admin = role("system_admin");
    assert_eq!(admin.display_name, "authentication.roles.global_admin.name");
    assert_eq!(
        admin.description,
        "authentication.roles.global_admin.description"
    );
    assert_eq!(
        role("system_user").display_name,
        "authentication.roles.global_user.name"
    );
    assert_eq!(
        role("system_guest").display_name,
        "authentication.roles.global_guest.name"
    );
    assert_eq!(
        role("system_manager").display_name,
        "authentication.roles.system_manager.name"
    );
    for name in [
        "system_admin",
        "system_user",
        "system_guest",
        "team_admin",
        "team_user",
        "team_guest",
        "channel_admin",
        "channel_user",
        "channel_guest",
        "playbook_admin",
        "playbook_member",
        "run_admin",
        "run_member",
    ] {
        assert!(role(name).scheme_managed, "{name}");
    }
    for name in [
        "system_post_all",
        "team_post_all_public",
        "system_user_access_token",
        "system_manager",
        "system_custom_group_admin",
        "system_shared_channel_manager",
        "custom_group_user",
    ] {
        assert!(!role(name).scheme_managed, "{name}");
    }
    assert!(
        BUILT_IN_ROLES
            .iter()
            .all(|n| role(n).built_in == (*n != "custom_group_user"))
    );
    assert!(role("custom_group_user").permissions.is_empty());
    assert_eq!(
        role("system_custom_group_admin").permissions,
        [
            "create_custom_group",
            "manage_custom_group_members",
            "edit_custom_group",
            "delete_custom_group",
            "restore_custom_group",
        ]
    );
}
