//! Organizations, users, membership and audit events, and the `Node` interface.

use async_graphql::{Context, Interface, Object, SimpleObject, ID};
use chrono::{DateTime, Utc};

use super::types::{bad_request, connection, global_id, page_request, MembershipLevel, Paged, Role};
use crate::api::context::ContextExt;
use crate::domain::{NodeKind, RoleSet};
use crate::store::{AuditEventRow, OrganizationRow, UserRow};

/// An object with a global ID.
#[derive(Interface)]
#[graphql(field(name = "id", ty = "ID"))]
pub enum Node {
    Organization(Organization),
    User(User),
    AuditEvent(AuditEvent),
}

/// A partner organization (or the program operator, for staff).
pub struct Organization(pub OrganizationRow);

#[Object]
impl Organization {
    async fn id(&self) -> ID {
        global_id(NodeKind::Organization, self.0.id)
    }

    /// Public partner number, e.g. "4801234"
    async fn partner_id(&self) -> &str {
        &self.0.partner_id
    }

    async fn legal_name(&self) -> &str {
        &self.0.legal_name
    }

    /// ISO 3166-1 alpha-2
    async fn country(&self) -> &str {
        &self.0.country
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    /// The organization's standing in the partner program.
    async fn membership(&self) -> async_graphql::Result<Membership> {
        let since = self.0.network_member_since.ok_or_else(|| bad_request("The program operator has no partner membership."))?;
        Ok(Membership { level: MembershipLevel::Network, network_member_since: since })
    }

    /// The organization's users, in the order they were added.
    #[graphql(complexity = "first.unwrap_or(1).clamp(1, 100) as usize * child_complexity")]
    async fn users(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        role: Option<Role>,
    ) -> async_graphql::Result<Paged<User>> {
        let viewer = ctx.viewer().await?;
        let request = page_request(ctx, first, after)?;
        let page = ctx.app().list_users(&viewer, role.map(Into::into), request).await.map_err(|e| ctx.error(e))?;
        Ok(connection(page, request, |u| u.id, User))
    }

    /// Global admins only: who did what, newest first.
    #[graphql(complexity = "first.unwrap_or(1).clamp(1, 100) as usize * child_complexity")]
    async fn audit_log(&self, ctx: &Context<'_>, first: Option<i32>, after: Option<String>) -> async_graphql::Result<Paged<AuditEvent>> {
        let viewer = ctx.viewer().await?;
        let request = page_request(ctx, first, after)?;
        let page = ctx.app().audit_log(&viewer, request).await.map_err(|e| ctx.error(e))?;
        Ok(connection(page, request, |e| e.id, AuditEvent))
    }
}

/// Membership in the partner program.
#[derive(SimpleObject)]
pub struct Membership {
    /// Highest level held: GOLD_COMPETENCY > SILVER_COMPETENCY > ACTION_PACK > NETWORK
    pub level: MembershipLevel,
    pub network_member_since: DateTime<Utc>,
}

/// A person who signs in.
pub struct User(pub UserRow);

#[Object]
impl User {
    async fn id(&self) -> ID {
        global_id(NodeKind::User, self.0.id)
    }

    async fn email(&self) -> &str {
        &self.0.email
    }

    async fn display_name(&self) -> &str {
        &self.0.display_name
    }

    async fn roles(&self) -> Vec<Role> {
        RoleSet::from_bits(self.0.roles).unwrap_or_default().roles().into_iter().map(Role::from).collect()
    }

    async fn active(&self) -> bool {
        self.0.active
    }

    /// True until a temporary password has been changed
    async fn must_change_password(&self) -> bool {
        self.0.must_change_password
    }

    async fn organization(&self, ctx: &Context<'_>) -> async_graphql::Result<Organization> {
        let app = ctx.app();
        let row = app.store.organization(self.0.organization_id).await.map_err(|e| ctx.error(e.into()))?;
        row.map(Organization).ok_or_else(|| ctx.error(crate::app::AppError::internal("user's organization is gone")))
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// One recorded action.
pub struct AuditEvent(pub AuditEventRow);

#[Object]
impl AuditEvent {
    async fn id(&self) -> ID {
        global_id(NodeKind::AuditEvent, self.0.id)
    }

    /// Who did it; empty for the system and the command line
    async fn actor(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        let Some(actor) = self.0.actor_user_id else { return Ok(None) };
        let user = ctx.app().store.user(actor).await.map_err(|e| ctx.error(e.into()))?;
        Ok(user.map(User))
    }

    /// Dotted action name, e.g. subscription.autoRenew.off
    async fn action(&self) -> &str {
        &self.0.action
    }

    async fn target_id(&self) -> Option<ID> {
        self.0.target_id.clone().map(ID)
    }

    async fn at(&self) -> DateTime<Utc> {
        self.0.at
    }
}
