//! Managing an organization's users: create, change roles, deactivate, list;
//! and program staff, created from the command line.

use super::errors::Checks;
use super::secrets::temporary_password;
use super::{App, AppError, AppResult, Viewer};
use crate::domain::identity::{changes_global_admin, check_roles, clean_name, normalize_email, OrganizationKind};
use crate::domain::{Action, ErrorCode, Role, RoleSet};
use crate::store::{AccessChange, NewAuditEvent, NewUser, Page, PageRequest, StoreError, UserRow};

/// A created user and the temporary password to hand over, shown once.
#[derive(Debug, Clone)]
pub struct CreatedUser {
    pub user: UserRow,
    pub temporary_password: String,
}

impl App {
    /// A page of the viewer's organization's users.
    pub async fn list_users(
        &self,
        viewer: &Viewer,
        organization_id: i64,
        role: Option<Role>,
        page: PageRequest,
    ) -> AppResult<Page<UserRow>> {
        self.require_own(viewer, organization_id, Action::ViewUsers)?;
        Ok(self.store.users_page(organization_id, role.map(RoleSet::bit_of), page).await?)
    }

    /// Adds a user with a temporary password that must be changed at first sign-in.
    pub async fn create_user(&self, viewer: &Viewer, email: &str, display_name: &str, roles: &[Role]) -> AppResult<CreatedUser> {
        viewer.require(Action::ManageUsers)?;
        let roles = RoleSet::from_roles(roles.iter().copied());
        if roles.contains(Role::GlobalAdmin) {
            viewer.require(Action::GrantGlobalAdmin)?;
        }
        let kind = viewer.organization_kind();
        let mut checks = Checks::default();
        let email = checks.check("email", normalize_email(email));
        let display_name = checks.check("displayName", clean_name(display_name, 1, 100));
        checks.check("roles", check_roles(kind, roles));
        checks.finish()?;
        let (Some(email), Some(display_name)) = (email, display_name) else {
            return Err(AppError::internal("create_user: checks passed without values"));
        };
        self.insert_user(viewer.organization_id(), email, display_name, roles, viewer.audit("user.create")).await
    }

    /// Replaces a user's roles. Granting or removing global admin takes a
    /// global admin; the last active global admin keeps the role.
    pub async fn set_user_roles(&self, viewer: &Viewer, user_id: i64, roles: &[Role]) -> AppResult<UserRow> {
        viewer.require(Action::ManageUsers)?;
        let target = self.managed_user(viewer, user_id).await?;
        let before = stored_roles(&target)?;
        let after = RoleSet::from_roles(roles.iter().copied());
        if changes_global_admin(before, after) {
            viewer.require(Action::GrantGlobalAdmin)?;
        }
        let kind = viewer.organization_kind();
        check_roles(kind, after).map_err(|e| AppError::rule(Some("roles"), e))?;
        self.change_access(viewer, user_id, AccessChange::SetRoles(after.bits()), "user.roles.set").await
    }

    /// Deactivates a user: they can no longer sign in and their tokens stop
    /// working. Deactivating a global admin takes a global admin.
    pub async fn deactivate_user(&self, viewer: &Viewer, user_id: i64) -> AppResult<UserRow> {
        viewer.require(Action::ManageUsers)?;
        let target = self.managed_user(viewer, user_id).await?;
        if stored_roles(&target)?.contains(Role::GlobalAdmin) {
            viewer.require(Action::GrantGlobalAdmin)?;
        }
        if !target.active {
            return Ok(target);
        }
        self.change_access(viewer, user_id, AccessChange::Deactivate, "user.deactivate").await
    }

    /// Creates program staff in the operator organization (from the command line).
    pub async fn add_staff(&self, email: &str, display_name: &str, role: Role) -> AppResult<CreatedUser> {
        let operator = self.store.operator_organization().await?;
        let roles = RoleSet::from_roles([role]);
        let mut checks = Checks::default();
        let email = checks.check("email", normalize_email(email));
        let display_name = checks.check("name", clean_name(display_name, 1, 100));
        checks.check("role", check_roles(OrganizationKind::Operator, roles));
        checks.finish()?;
        let (Some(email), Some(display_name)) = (email, display_name) else {
            return Err(AppError::internal("add_staff: checks passed without values"));
        };
        let audit = NewAuditEvent { actor_user_id: None, action: "user.create", target: None };
        self.insert_user(operator.id, email, display_name, roles, audit).await
    }

    async fn insert_user(
        &self,
        organization_id: i64,
        email: String,
        display_name: String,
        roles: RoleSet,
        audit: NewAuditEvent,
    ) -> AppResult<CreatedUser> {
        if self.store.user_by_email(&email).await?.is_some() {
            return Err(AppError::rule(Some("email"), ErrorCode::EmailTaken));
        }
        let temporary_password = temporary_password();
        let user = NewUser {
            email,
            display_name,
            password_hash: self.hash_password(&temporary_password).await?,
            roles: roles.bits(),
            must_change_password: true,
            language: crate::domain::Lang::En,
        };
        match self.store.create_user(organization_id, user, audit, self.clock.now()).await {
            Err(e) if e.is_conflict_on("email") => Err(AppError::rule(Some("email"), ErrorCode::EmailTaken)),
            other => Ok(CreatedUser { user: other?, temporary_password }),
        }
    }

    /// A user of the viewer's organization, or `NOT_FOUND` on `userId`.
    async fn managed_user(&self, viewer: &Viewer, user_id: i64) -> AppResult<UserRow> {
        match self.store.user(user_id).await? {
            Some(user) if user.organization_id == viewer.organization_id() => Ok(user),
            _ => Err(AppError::not_found("userId")),
        }
    }

    async fn change_access(&self, viewer: &Viewer, user_id: i64, change: AccessChange, action: &'static str) -> AppResult<UserRow> {
        let mut audit = viewer.audit(action);
        audit.target = Some(crate::domain::GlobalId::new(crate::domain::NodeKind::User, user_id));
        match self.store.update_user_access(viewer.organization_id(), user_id, change, audit, self.clock.now()).await {
            Err(StoreError::NotFound) => Err(AppError::not_found("userId")),
            Err(StoreError::Rule(rule)) => Err(AppError::rule(Some("userId"), rule)),
            other => Ok(other?),
        }
    }
}

/// A user's stored roles; bits no role has are corrupt data, never an empty set.
pub(super) fn stored_roles(user: &UserRow) -> AppResult<RoleSet> {
    RoleSet::from_bits(user.roles).ok_or_else(|| AppError::internal(format!("user {} has unknown role bits", user.id)))
}
