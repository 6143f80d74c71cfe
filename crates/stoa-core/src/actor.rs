//! The actor: who is asking. Every core operation takes one first.

use std::sync::Arc;
use stoa_model::session::Session;

use crate::perm::{self, Permission};

#[derive(Debug, Clone)]
pub struct Actor {
    pub session: Arc<Session>,
}

impl Actor {
    pub fn new(session: Session) -> Self {
        Actor {
            session: Arc::new(session),
        }
    }

    /// The server itself (command line, background jobs): every permission, no user.
    pub fn system() -> Self {
        Actor::new(Session {
            roles: stoa_model::role::SYSTEM_ADMIN.to_owned(),
            local: true,
            ..Default::default()
        })
    }

    /// A user acting without a session of their own: what an integration they made does in
    /// their name (an incoming webhook's post, an outgoing webhook's reply).
    pub fn for_user(user: &stoa_model::user::User) -> Self {
        Actor::new(Session {
            user_id: user.id.clone(),
            roles: user.roles.clone(),
            ..Default::default()
        })
    }

    pub fn user_id(&self) -> &str {
        &self.session.user_id
    }

    /// The actor's system roles.
    pub fn roles(&self) -> &str {
        &self.session.roles
    }

    pub fn is(&self, user_id: &str) -> bool {
        !self.session.user_id.is_empty() && self.session.user_id == user_id
    }

    /// Whether the actor's system roles grant `p`.
    pub fn can(&self, p: Permission) -> bool {
        perm::roles_grant(&self.session.roles, p)
    }

    pub fn is_system_admin(&self) -> bool {
        self.can(perm::MANAGE_SYSTEM)
    }

    /// A guest account (`system_guest`): sees only the channels it was invited to.
    pub fn is_guest(&self) -> bool {
        self.session
            .roles
            .split_whitespace()
            .any(|r| r == stoa_model::role::SYSTEM_GUEST)
    }
}
