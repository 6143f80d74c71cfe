//! Roles as clients fetch them to decide which actions to show.

use stoa_model::role::Role;

use crate::{Actor, Core, Error, Result, perm};

impl Core {
    /// `GET /roles/name/{name}`.
    pub fn get_role_by_name(&self, _actor: &Actor, name: &str) -> Result<Role> {
        perm::built_in_role(name).ok_or_else(|| Error::not_found("role"))
    }

    /// `GET /roles/{id}`.
    pub fn get_role(&self, _actor: &Actor, id: &str) -> Result<Role> {
        perm::built_in_role_by_id(id).ok_or_else(|| Error::not_found("role"))
    }

    /// `POST /roles/names`: the known roles among `names` (unknown names are skipped, as
    /// Mattermost does).
    pub fn get_roles_by_names(&self, _actor: &Actor, names: &[String]) -> Result<Vec<Role>> {
        if names.is_empty() || names.len() > 100 {
            return Err(Error::invalid_body_param("rolenames"));
        }
        Ok(names
            .iter()
            .filter_map(|n| perm::built_in_role(n))
            .collect())
    }

    /// `GET /roles`: every role. Mattermost asks for `manage_system` here, so only system
    /// admins may list them; everyone else fetches the roles they need by name.
    pub fn get_all_roles(&self, actor: &Actor) -> Result<Vec<Role>> {
        if !actor.can(perm::MANAGE_SYSTEM) {
            return Err(Error::forbidden(perm::MANAGE_SYSTEM.0));
        }
        Ok(perm::roles::ROLES.iter().map(|r| r.to_role()).collect())
    }
}
