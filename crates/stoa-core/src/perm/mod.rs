//! Roles and permissions: Mattermost's built-in roles, and the checks every core operation makes.
//!
//! A user's effective permissions in a channel are the union of what their system roles, their
//! team membership roles and their channel membership roles grant — as Mattermost's
//! `SessionHasPermissionToChannel`. `system_admin` holds every permission.
//!
//! - [`permissions`]: every permission id Mattermost defines, with its scope.
//! - [`roles`]: the built-in roles and what each grants on a fresh server.

use stoa_model::role::{self, Role};

/// A permission id, as clients see them in `Role.permissions`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Permission(pub &'static str);

/// What a permission applies to, as Mattermost's `Permission.scope` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    System,
    Team,
    Channel,
    Group,
    Playbook,
    Run,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::System => "system_scope",
            Scope::Team => "team_scope",
            Scope::Channel => "channel_scope",
            Scope::Group => "group_scope",
            Scope::Playbook => "playbook_scope",
            Scope::Run => "run_scope",
        }
    }
}

/// Declares the current permissions: one constant each, one slice per group, `ALL` (every
/// group, in order: what `system_admin` holds) and the scope of each id.
macro_rules! permissions {
    ($($(#[doc = $doc:literal])* $group:ident: $scope:ident {
        $($name:ident = $id:literal,)+
    })+) => {
        $($(pub const $name: Permission = Permission($id);)+)+
        $($(#[doc = $doc])* pub const $group: &[Permission] = &[$($name),+];)+
        /// Every permission Mattermost grants today (its `AllPermissions`): what `system_admin`
        /// holds.
        pub const ALL: &[Permission] = &[$($($name,)+)+];

        /// The scope of a current permission.
        pub(super) fn current_scope(id: &str) -> Option<Scope> {
            match id {
                $($($id)|+ => Some(Scope::$scope),)+
                _ => None,
            }
        }
    };
}

/// Declares the deprecated permissions: still valid in a role's list (Mattermost's
/// `DeprecatedPermissions`), granted by no built-in role, checked by nothing.
macro_rules! deprecated {
    ($($name:ident = $id:literal: $scope:ident,)+) => {
        $(pub const $name: Permission = Permission($id);)+
        /// Permissions Mattermost replaced; a role may still list them.
        pub const DEPRECATED: &[Permission] = &[$($name),+];

        pub(super) fn deprecated_scope(id: &str) -> Option<Scope> {
            match id {
                $($id => Some(Scope::$scope),)+
                _ => None,
            }
        }
    };
}

pub mod permissions;
pub mod roles;

pub use permissions::*;
pub use roles::{BUILT_IN_ROLES, BuiltInRole};

/// Names this server used before it carried Mattermost's whole list; the checks use them.
pub const SYSCONSOLE_READ_USERS: Permission = SYSCONSOLE_READ_USER_MANAGEMENT_USERS;
pub const SYSCONSOLE_WRITE_USERS: Permission = SYSCONSOLE_WRITE_USER_MANAGEMENT_USERS;
pub const SYSCONSOLE_READ_TEAMS: Permission = SYSCONSOLE_READ_USER_MANAGEMENT_TEAMS;
pub const SYSCONSOLE_READ_CHANNELS: Permission = SYSCONSOLE_READ_USER_MANAGEMENT_CHANNELS;

/// The known permission with this id (current or deprecated).
pub fn permission(id: &str) -> Option<Permission> {
    ALL.iter().chain(DEPRECATED).find(|p| p.0 == id).copied()
}

/// The scope of a known permission (current or deprecated).
pub fn scope(p: Permission) -> Option<Scope> {
    permissions::current_scope(p.0).or_else(|| permissions::deprecated_scope(p.0))
}

/// True when one role of the space-separated `roles` grants `p`.
pub fn roles_grant(roles: &str, p: Permission) -> bool {
    roles.split_whitespace().any(|r| role_grants(r, p))
}

fn role_grants(role: &str, p: Permission) -> bool {
    // Mattermost lists every current permission on `system_admin`; granting it everything here
    // also covers the deprecated ones, which no check uses.
    role == role::SYSTEM_ADMIN || roles::find(role).is_some_and(|r| r.permissions.contains(&p))
}

/// The `Role` object of a built-in role, or `None` for an unknown name.
pub fn built_in_role(name: &str) -> Option<Role> {
    roles::find(name).map(BuiltInRole::to_role)
}

/// Finds a built-in role by its id.
pub fn built_in_role_by_id(id: &str) -> Option<Role> {
    roles::ROLES
        .iter()
        .find(|r| roles::role_id(r.name) == id)
        .map(BuiltInRole::to_role)
}

#[cfg(test)]
mod tests;
