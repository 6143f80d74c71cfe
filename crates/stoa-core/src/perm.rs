//! Roles and permissions: Mattermost's built-in roles, and the checks every core operation makes.
//!
//! A user's effective permissions in a channel are the union of what their system roles, their
//! team membership roles and their channel membership roles grant — as Mattermost's
//! `SessionHasPermissionToChannel`. `system_admin` holds every permission.

use stoa_model::role::{self, Role};

/// A permission id, as clients see them in `Role.permissions`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Permission(pub &'static str);

macro_rules! permissions {
    ($($name:ident = $id:literal),* $(,)?) => {
        $(pub const $name: Permission = Permission($id);)*
        /// Every permission this server knows (what `system_admin` holds).
        pub const ALL: &[Permission] = &[$($name),*];
    };
}

permissions! {
    // system scope
    MANAGE_SYSTEM = "manage_system",
    MANAGE_ROLES = "manage_roles",
    EDIT_OTHER_USERS = "edit_other_users",
    CREATE_TEAM = "create_team",
    LIST_PUBLIC_TEAMS = "list_public_teams",
    JOIN_PUBLIC_TEAMS = "join_public_teams",
    LIST_PRIVATE_TEAMS = "list_private_teams",
    JOIN_PRIVATE_TEAMS = "join_private_teams",
    VIEW_MEMBERS = "view_members",
    CREATE_DIRECT_CHANNEL = "create_direct_channel",
    CREATE_GROUP_CHANNEL = "create_group_channel",
    CREATE_EMOJIS = "create_emojis",
    DELETE_EMOJIS = "delete_emojis",
    DELETE_OTHERS_EMOJIS = "delete_others_emojis",
    CREATE_USER_ACCESS_TOKEN = "create_user_access_token",
    READ_USER_ACCESS_TOKEN = "read_user_access_token",
    REVOKE_USER_ACCESS_TOKEN = "revoke_user_access_token",
    CREATE_BOT = "create_bot",
    MANAGE_BOTS = "manage_bots",
    MANAGE_OTHERS_BOTS = "manage_others_bots",
    CREATE_POST_PUBLIC = "create_post_public",
    SYSCONSOLE_READ_USERS = "sysconsole_read_user_management_users",
    SYSCONSOLE_WRITE_USERS = "sysconsole_write_user_management_users",
    SYSCONSOLE_READ_TEAMS = "sysconsole_read_user_management_teams",
    SYSCONSOLE_READ_CHANNELS = "sysconsole_read_user_management_channels",
    MANAGE_OAUTH = "manage_oauth",
    SYSCONSOLE_READ_PLUGINS = "sysconsole_read_plugins",
    GET_ANALYTICS = "get_analytics",
    // team scope
    VIEW_TEAM = "view_team",
    MANAGE_TEAM = "manage_team",
    MANAGE_TEAM_ROLES = "manage_team_roles",
    IMPORT_TEAM = "import_team",
    ADD_USER_TO_TEAM = "add_user_to_team",
    REMOVE_USER_FROM_TEAM = "remove_user_from_team",
    INVITE_USER = "invite_user",
    INVITE_GUEST = "invite_guest",
    LIST_TEAM_CHANNELS = "list_team_channels",
    JOIN_PUBLIC_CHANNELS = "join_public_channels",
    READ_PUBLIC_CHANNEL = "read_public_channel",
    CREATE_PUBLIC_CHANNEL = "create_public_channel",
    CREATE_PRIVATE_CHANNEL = "create_private_channel",
    CONVERT_PUBLIC_CHANNEL_TO_PRIVATE = "convert_public_channel_to_private",
    CONVERT_PRIVATE_CHANNEL_TO_PUBLIC = "convert_private_channel_to_public",
    MANAGE_SLASH_COMMANDS = "manage_slash_commands",
    MANAGE_OTHERS_SLASH_COMMANDS = "manage_others_slash_commands",
    MANAGE_INCOMING_WEBHOOKS = "manage_incoming_webhooks",
    MANAGE_OTHERS_INCOMING_WEBHOOKS = "manage_others_incoming_webhooks",
    MANAGE_OUTGOING_WEBHOOKS = "manage_outgoing_webhooks",
    MANAGE_OTHERS_OUTGOING_WEBHOOKS = "manage_others_outgoing_webhooks",
    DELETE_OTHERS_POSTS = "delete_others_posts",
    EDIT_OTHERS_POSTS = "edit_others_posts",
    // channel scope
    READ_CHANNEL = "read_channel",
    READ_CHANNEL_CONTENT = "read_channel_content",
    CREATE_POST = "create_post",
    EDIT_POST = "edit_post",
    DELETE_POST = "delete_post",
    ADD_REACTION = "add_reaction",
    REMOVE_REACTION = "remove_reaction",
    REMOVE_OTHERS_REACTIONS = "remove_others_reactions",
    UPLOAD_FILE = "upload_file",
    GET_PUBLIC_LINK = "get_public_link",
    USE_CHANNEL_MENTIONS = "use_channel_mentions",
    USE_GROUP_MENTIONS = "use_group_mentions",
    USE_SLASH_COMMANDS = "use_slash_commands",
    MANAGE_PUBLIC_CHANNEL_MEMBERS = "manage_public_channel_members",
    MANAGE_PRIVATE_CHANNEL_MEMBERS = "manage_private_channel_members",
    MANAGE_PUBLIC_CHANNEL_PROPERTIES = "manage_public_channel_properties",
    MANAGE_PRIVATE_CHANNEL_PROPERTIES = "manage_private_channel_properties",
    DELETE_PUBLIC_CHANNEL = "delete_public_channel",
    DELETE_PRIVATE_CHANNEL = "delete_private_channel",
    MANAGE_CHANNEL_ROLES = "manage_channel_roles",
}

/// What each built-in role grants (Mattermost's default permission scheme). `system_admin` is
/// handled by [`role_grants`]: it holds everything.
fn role_permissions(role: &str) -> &'static [Permission] {
    match role {
        role::SYSTEM_USER => &[
            LIST_PUBLIC_TEAMS,
            JOIN_PUBLIC_TEAMS,
            CREATE_DIRECT_CHANNEL,
            CREATE_GROUP_CHANNEL,
            VIEW_MEMBERS,
            CREATE_TEAM,
            CREATE_EMOJIS,
            DELETE_EMOJIS,
        ],
        role::SYSTEM_GUEST => &[CREATE_DIRECT_CHANNEL, CREATE_GROUP_CHANNEL],
        "system_user_access_token" => &[
            CREATE_USER_ACCESS_TOKEN,
            READ_USER_ACCESS_TOKEN,
            REVOKE_USER_ACCESS_TOKEN,
        ],
        "system_post_all" => &[CREATE_POST],
        "system_post_all_public" => &[CREATE_POST_PUBLIC],
        "system_user_manager" => &[
            SYSCONSOLE_READ_USERS,
            SYSCONSOLE_READ_TEAMS,
            SYSCONSOLE_READ_CHANNELS,
            VIEW_TEAM,
            LIST_PRIVATE_TEAMS,
            LIST_PUBLIC_TEAMS,
        ],
        "system_read_only_admin" => &[
            SYSCONSOLE_READ_USERS,
            SYSCONSOLE_READ_TEAMS,
            SYSCONSOLE_READ_CHANNELS,
            LIST_PRIVATE_TEAMS,
            LIST_PUBLIC_TEAMS,
            VIEW_TEAM,
            READ_PUBLIC_CHANNEL,
            READ_CHANNEL,
        ],
        role::TEAM_USER => &[
            LIST_TEAM_CHANNELS,
            JOIN_PUBLIC_CHANNELS,
            READ_PUBLIC_CHANNEL,
            VIEW_TEAM,
            CREATE_PUBLIC_CHANNEL,
            CREATE_PRIVATE_CHANNEL,
            INVITE_USER,
            ADD_USER_TO_TEAM,
        ],
        role::TEAM_GUEST => &[VIEW_TEAM],
        role::TEAM_ADMIN => &[
            REMOVE_USER_FROM_TEAM,
            MANAGE_TEAM,
            IMPORT_TEAM,
            MANAGE_TEAM_ROLES,
            MANAGE_CHANNEL_ROLES,
            MANAGE_OTHERS_INCOMING_WEBHOOKS,
            MANAGE_OTHERS_OUTGOING_WEBHOOKS,
            MANAGE_SLASH_COMMANDS,
            MANAGE_OTHERS_SLASH_COMMANDS,
            MANAGE_INCOMING_WEBHOOKS,
            MANAGE_OUTGOING_WEBHOOKS,
            CONVERT_PUBLIC_CHANNEL_TO_PRIVATE,
            CONVERT_PRIVATE_CHANNEL_TO_PUBLIC,
            DELETE_POST,
            DELETE_OTHERS_POSTS,
            MANAGE_PUBLIC_CHANNEL_MEMBERS,
            MANAGE_PRIVATE_CHANNEL_MEMBERS,
            MANAGE_PUBLIC_CHANNEL_PROPERTIES,
            MANAGE_PRIVATE_CHANNEL_PROPERTIES,
            DELETE_PUBLIC_CHANNEL,
            DELETE_PRIVATE_CHANNEL,
            INVITE_GUEST,
        ],
        "team_post_all" => &[CREATE_POST],
        "team_post_all_public" => &[CREATE_POST_PUBLIC],
        role::CHANNEL_USER => &[
            READ_CHANNEL,
            READ_CHANNEL_CONTENT,
            ADD_REACTION,
            REMOVE_REACTION,
            MANAGE_PUBLIC_CHANNEL_MEMBERS,
            UPLOAD_FILE,
            GET_PUBLIC_LINK,
            CREATE_POST,
            USE_CHANNEL_MENTIONS,
            USE_SLASH_COMMANDS,
            MANAGE_PRIVATE_CHANNEL_MEMBERS,
            DELETE_POST,
            EDIT_POST,
            MANAGE_PUBLIC_CHANNEL_PROPERTIES,
            MANAGE_PRIVATE_CHANNEL_PROPERTIES,
            DELETE_PUBLIC_CHANNEL,
            DELETE_PRIVATE_CHANNEL,
            USE_GROUP_MENTIONS,
        ],
        role::CHANNEL_GUEST => &[
            READ_CHANNEL,
            READ_CHANNEL_CONTENT,
            ADD_REACTION,
            REMOVE_REACTION,
            UPLOAD_FILE,
            EDIT_POST,
            CREATE_POST,
            USE_CHANNEL_MENTIONS,
            USE_SLASH_COMMANDS,
        ],
        role::CHANNEL_ADMIN => &[MANAGE_CHANNEL_ROLES, USE_GROUP_MENTIONS],
        _ => &[],
    }
}

/// The built-in role names, in the order `GET /roles` lists them.
pub const BUILT_IN_ROLES: &[&str] = &[
    role::SYSTEM_ADMIN,
    role::SYSTEM_USER,
    role::SYSTEM_GUEST,
    "system_user_access_token",
    "system_post_all",
    "system_post_all_public",
    "system_user_manager",
    "system_read_only_admin",
    role::TEAM_ADMIN,
    role::TEAM_USER,
    role::TEAM_GUEST,
    "team_post_all",
    "team_post_all_public",
    role::CHANNEL_ADMIN,
    role::CHANNEL_USER,
    role::CHANNEL_GUEST,
];

/// True when one role of the space-separated `roles` grants `p`.
pub fn roles_grant(roles: &str, p: Permission) -> bool {
    roles.split_whitespace().any(|r| role_grants(r, p))
}

fn role_grants(role: &str, p: Permission) -> bool {
    role == role::SYSTEM_ADMIN || role_permissions(role).contains(&p)
}

/// The `Role` object of a built-in role, or `None` for an unknown name.
pub fn built_in_role(name: &str) -> Option<Role> {
    if !BUILT_IN_ROLES.contains(&name) {
        return None;
    }
    let permissions = if name == role::SYSTEM_ADMIN {
        ALL
    } else {
        role_permissions(name)
    };
    Some(Role {
        id: role_id(name),
        name: name.to_owned(),
        display_name: format!("authentication.roles.{name}.name"),
        description: format!("authentication.roles.{name}.description"),
        create_at: 0,
        update_at: 0,
        delete_at: 0,
        permissions: permissions.iter().map(|p| p.0.to_owned()).collect(),
        scheme_managed: !name.starts_with("system_")
            || matches!(
                name,
                role::SYSTEM_USER | role::SYSTEM_ADMIN | role::SYSTEM_GUEST
            ),
        built_in: true,
    })
}

/// Built-in roles have fixed ids, derived from their names, so every node agrees on them.
fn role_id(name: &str) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(name.as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    stoa_model::id::encode(&bytes)
}

/// Finds a built-in role by its id.
pub fn built_in_role_by_id(id: &str) -> Option<Role> {
    BUILT_IN_ROLES
        .iter()
        .find(|n| role_id(n) == id)
        .and_then(|n| built_in_role(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_admin_holds_everything() {
        for p in ALL {
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

    #[test]
    fn unknown_roles_grant_nothing() {
        assert!(!roles_grant("", READ_CHANNEL));
        assert!(!roles_grant("nobody", READ_CHANNEL));
        assert!(!roles_grant("system_administrator", MANAGE_SYSTEM));
    }

    #[test]
    fn built_in_roles_have_stable_ids_and_lists() {
        let admin = built_in_role("system_admin").expect("exists");
        assert_eq!(admin.permissions.len(), ALL.len());
        assert_eq!(admin.id.len(), 26);
        assert_eq!(
            built_in_role_by_id(&admin.id).map(|r| r.name),
            Some("system_admin".to_owned())
        );
        assert!(built_in_role("made_up").is_none());
    }
}
