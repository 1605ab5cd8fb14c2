//! Organizations, users, membership and audit events, and the `Node` interface.

use async_graphql::{Context, Interface, Object, ID};
use chrono::{DateTime, Utc};

use super::benefits::{Benefit, BenefitAssignment};
use super::billing::{OfferSubscription, PaymentMethod, SubscriptionStatus};
use super::catalog::{BenefitCategory, Offer};
use super::orders::Order;
use super::support::{Competency, ServiceRequest, ServiceRequestStatus};
use super::types::{bad_request, connection, global_id, page_request, MembershipLevel, Paged, Role};
use crate::api::context::ContextExt;
use crate::app::access::Granted;
use crate::app::AppError;
use crate::domain::{NodeKind, RoleSet};
use crate::store::{AuditEventRow, OrganizationRow, UserRow};

/// An object with a global ID.
#[derive(Interface)]
#[graphql(field(name = "id", ty = "ID"))]
pub enum Node {
    Organization(Organization),
    User(User),
    AuditEvent(AuditEvent),
    Offer(Offer),
    OfferSubscription(OfferSubscription),
    PaymentMethod(PaymentMethod),
    Order(Order),
    ServiceRequest(ServiceRequest),
    Competency(Competency),
    Benefit(Benefit),
    BenefitAssignment(BenefitAssignment),
}

/// A partner organization (or the program operator, for staff).
pub struct Organization(pub Granted<OrganizationRow>);

#[Object]
impl Organization {
    async fn id(&self) -> ID {
        global_id(NodeKind::Organization, self.0.row().id)
    }

    /// The public partner ID, e.g. "4801234"
    async fn partner_id(&self) -> &str {
        &self.0.row().partner_id
    }

    async fn legal_name(&self) -> &str {
        &self.0.row().legal_name
    }

    /// ISO 3166-1 alpha-2
    async fn country(&self) -> &str {
        &self.0.row().country
    }

    async fn created_at(&self, ctx: &Context<'_>) -> async_graphql::Result<DateTime<Utc>> {
        Ok(ctx.full(&self.0)?.created_at)
    }

    /// The organization's standing in the partner program.
    async fn membership(&self, ctx: &Context<'_>) -> async_graphql::Result<Membership> {
        let org = ctx.full(&self.0)?;
        let since = org.network_member_since.ok_or_else(|| bad_request("The program operator has no partner membership."))?;
        Ok(Membership::new(self.0.clone(), since))
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
        let viewer = self.0.viewer();
        let request = page_request(ctx, first, after)?;
        let page = ctx.app().list_users(viewer, self.0.row().id, role.map(Into::into), request).await.map_err(|e| ctx.error(e))?;
        connection(ctx, viewer, page, request, |u| u.id, User)
    }

    /// Global admins only: who did what, newest first.
    #[graphql(complexity = "first.unwrap_or(1).clamp(1, 100) as usize * child_complexity")]
    async fn audit_log(&self, ctx: &Context<'_>, first: Option<i32>, after: Option<String>) -> async_graphql::Result<Paged<AuditEvent>> {
        let viewer = self.0.viewer();
        let request = page_request(ctx, first, after)?;
        let page = ctx.app().audit_log(viewer, self.0.row().id, request).await.map_err(|e| ctx.error(e))?;
        connection(ctx, viewer, page, request, |e| e.id, AuditEvent)
    }

    /// Offers this organization can buy now (Available offers)
    async fn available_offers(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Offer>> {
        let viewer = self.0.viewer();
        let offers = ctx.app().available_offers(viewer, ctx.full(&self.0)?).await.map_err(|e| ctx.error(e))?;
        Ok(offers.into_iter().map(Offer).collect())
    }

    /// What it bought (Purchased offers), newest first
    #[graphql(complexity = "first.unwrap_or(1).clamp(1, 100) as usize * child_complexity")]
    async fn subscriptions(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        status: Option<SubscriptionStatus>,
    ) -> async_graphql::Result<Paged<OfferSubscription>> {
        let viewer = self.0.viewer();
        let request = page_request(ctx, first, after)?;
        let page =
            ctx.app().list_subscriptions(viewer, self.0.row().id, status.map(Into::into), request).await.map_err(|e| ctx.error(e))?;
        connection(ctx, viewer, page, request, |s| s.id, OfferSubscription)
    }

    async fn payment_methods(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<PaymentMethod>> {
        let viewer = self.0.viewer();
        let rows = ctx.app().payment_methods(viewer, self.0.row().id).await.map_err(|e| ctx.error(e))?;
        Ok(viewer.grant_all(rows).map_err(|e| ctx.error(e))?.into_iter().map(PaymentMethod).collect())
    }

    /// Orders, newest first
    #[graphql(complexity = "first.unwrap_or(1).clamp(1, 100) as usize * child_complexity")]
    async fn orders(&self, ctx: &Context<'_>, first: Option<i32>, after: Option<String>) -> async_graphql::Result<Paged<Order>> {
        let viewer = self.0.viewer();
        let request = page_request(ctx, first, after)?;
        let page = ctx.app().list_orders(viewer, self.0.row().id, request).await.map_err(|e| ctx.error(e))?;
        connection(ctx, viewer, page, request, |o| o.id, Order)
    }

    /// Benefits of its subscriptions, optionally one tab
    async fn benefits(&self, ctx: &Context<'_>, category: Option<BenefitCategory>) -> async_graphql::Result<Vec<Benefit>> {
        let viewer = self.0.viewer();
        let list = ctx.app().list_benefits(viewer, self.0.row().id, category.map(Into::into)).await.map_err(|e| ctx.error(e))?;
        Ok(viewer.grant_all(list).map_err(|e| ctx.error(e))?.into_iter().map(Benefit).collect())
    }

    /// Service requests, newest first
    #[graphql(complexity = "first.unwrap_or(1).clamp(1, 100) as usize * child_complexity")]
    async fn service_requests(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        status: Option<ServiceRequestStatus>,
    ) -> async_graphql::Result<Paged<ServiceRequest>> {
        let viewer = self.0.viewer();
        let request = page_request(ctx, first, after)?;
        let page =
            ctx.app().list_service_requests(viewer, self.0.row().id, status.map(Into::into), request).await.map_err(|e| ctx.error(e))?;
        connection(ctx, viewer, page, request, |s| s.id, ServiceRequest)
    }
}

/// Membership in the partner program.
pub struct Membership {
    organization: Granted<OrganizationRow>,
    network_member_since: DateTime<Utc>,
    /// Read once for `level`, `actionPack` and `competencies` together.
    facts: tokio::sync::OnceCell<crate::store::MembershipFacts>,
    /// Read once for the network fields.
    network: tokio::sync::OnceCell<crate::domain::network::NetworkTerm>,
}

impl Membership {
    pub(super) fn new(organization: Granted<OrganizationRow>, network_member_since: DateTime<Utc>) -> Self {
        Self { organization, network_member_since, facts: tokio::sync::OnceCell::new(), network: tokio::sync::OnceCell::new() }
    }

    async fn network(&self, ctx: &Context<'_>) -> async_graphql::Result<&crate::domain::network::NetworkTerm> {
        self.network
            .get_or_try_init(|| async {
                let term = ctx.app().network_term(self.organization.row().id).await.map_err(|e| ctx.error(e))?;
                term.ok_or_else(|| bad_request("The program operator has no partner membership."))
            })
            .await
    }

    async fn facts(&self, ctx: &Context<'_>) -> async_graphql::Result<&crate::store::MembershipFacts> {
        self.facts.get_or_try_init(|| async { ctx.app().membership_facts(&self.organization).await.map_err(|e| ctx.error(e)) }).await
    }
}

#[Object]
impl Membership {
    /// Highest level held: GOLD_COMPETENCY > SILVER_COMPETENCY > ACTION_PACK > NETWORK
    async fn level(&self, ctx: &Context<'_>) -> async_graphql::Result<MembershipLevel> {
        Ok(ctx.app().level_of(self.facts(ctx).await?).into())
    }

    async fn network_member_since(&self) -> DateTime<Utc> {
        self.network_member_since
    }

    /// When the current network term ends; renewing adds a year
    async fn network_term_end(&self, ctx: &Context<'_>) -> async_graphql::Result<DateTime<Utc>> {
        Ok(self.network(ctx).await?.term.end)
    }

    /// Whether the network membership is live (offers can be bought and renewed)
    async fn network_active(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        Ok(self.network(ctx).await?.is_live(ctx.app().clock.now()))
    }

    /// When renewNetworkMembership opens: 30 days before the term ends
    async fn network_renewal_opens_at(&self, ctx: &Context<'_>) -> async_graphql::Result<DateTime<Utc>> {
        Ok(self.network(ctx).await?.renewal_opens_at())
    }

    /// Whether renewNetworkMembership would renew now
    async fn can_renew_network(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        Ok(self.network(ctx).await?.can_renew(ctx.app().clock.now()))
    }

    /// The network agreement a renewal accepts
    async fn network_agreement(&self) -> super::catalog::TermsDocument {
        super::catalog::TermsDocument::network_agreement()
    }

    /// The live Action Pack subscription, if any
    async fn action_pack(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<OfferSubscription>> {
        let viewer = self.organization.viewer();
        match self.facts(ctx).await?.live_action_pack.clone() {
            Some(sub) => Ok(Some(OfferSubscription(ctx.grant(viewer, sub)?))),
            None => Ok(None),
        }
    }

    async fn competencies(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Competency>> {
        let viewer = self.organization.viewer();
        let rows = self.facts(ctx).await?.competencies.clone();
        Ok(viewer.grant_all(rows).map_err(|e| ctx.error(e))?.into_iter().map(Competency).collect())
    }
}

/// A person who signs in.
pub struct User(pub Granted<UserRow>);

#[Object]
impl User {
    async fn id(&self) -> ID {
        global_id(NodeKind::User, self.0.row().id)
    }

    async fn email(&self, ctx: &Context<'_>) -> async_graphql::Result<&str> {
        Ok(&ctx.full(&self.0)?.email)
    }

    async fn display_name(&self) -> &str {
        &self.0.row().display_name
    }

    async fn roles(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Role>> {
        let roles = RoleSet::from_bits(ctx.full(&self.0)?.roles).ok_or_else(|| ctx.error(AppError::internal("unknown role bits")))?;
        Ok(roles.roles().into_iter().map(Role::from).collect())
    }

    async fn active(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        Ok(ctx.full(&self.0)?.active)
    }

    /// True until a temporary password has been changed
    async fn must_change_password(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        Ok(ctx.full(&self.0)?.must_change_password)
    }

    async fn organization(&self, ctx: &Context<'_>) -> async_graphql::Result<Organization> {
        let viewer = self.0.viewer();
        Ok(Organization(ctx.app().user_organization(viewer, &self.0).await.map_err(|e| ctx.error(e))?))
    }

    async fn created_at(&self, ctx: &Context<'_>) -> async_graphql::Result<DateTime<Utc>> {
        Ok(ctx.full(&self.0)?.created_at)
    }

    /// Benefits assigned to this user
    async fn assignments(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<BenefitAssignment>> {
        let viewer = self.0.viewer();
        let rows = ctx.app().own_assignments(viewer, ctx.full(&self.0)?.id).await.map_err(|e| ctx.error(e))?;
        Ok(viewer.grant_all(rows).map_err(|e| ctx.error(e))?.into_iter().map(BenefitAssignment).collect())
    }
}

/// One recorded action.
pub struct AuditEvent(pub Granted<AuditEventRow>);

#[Object]
impl AuditEvent {
    async fn id(&self) -> ID {
        global_id(NodeKind::AuditEvent, self.0.row().id)
    }

    /// Who did it; empty for the system and the command line
    async fn actor(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        let Some(actor) = self.0.row().actor_user_id else { return Ok(None) };
        let viewer = self.0.viewer();
        Ok(Some(User(ctx.app().referenced_user(viewer, actor).await.map_err(|e| ctx.error(e))?)))
    }

    /// Dotted action name, e.g. subscription.autoRenew.off
    async fn action(&self) -> &str {
        &self.0.row().action
    }

    async fn target_id(&self) -> Option<ID> {
        self.0.row().target_id.clone().map(ID)
    }

    async fn at(&self) -> DateTime<Utc> {
        self.0.row().at
    }
}
