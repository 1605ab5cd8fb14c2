//! The query root.

use async_graphql::{Context, Object, ID};

use super::benefits::{Benefit, BenefitAssignment};
use super::billing::{OfferSubscription, PaymentMethod};
use super::catalog::{Offer, OrderPreview, Program};
use super::objects::{AuditEvent, Node, Organization, User};
use super::orders::Order;
use super::support::{Competency, ServiceRequest, ServiceRequestStatus};
use super::types::{bad_request, connection, decode_id, page_request, Paged};
use crate::api::context::ContextExt;
use std::sync::Arc;

use crate::app::nodes::NodeRow;
use crate::app::Viewer;
use crate::domain::{GlobalId, NodeKind};

/// How many IDs one `nodes` call may ask for.
const MAX_NODES: usize = 100;

#[derive(Default)]
pub struct Query;

#[Object]
impl Query {
    /// The object with this global ID, or null when it does not exist or the
    /// viewer may not see it (the two are indistinguishable).
    async fn node(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Option<Node>> {
        let viewer = ctx.viewer().await?;
        let Some(id) = GlobalId::decode(&id) else { return Ok(None) };
        let row = ctx.app().node(&viewer, id).await.map_err(|e| ctx.error(e))?;
        Ok(row.and_then(|row| to_node(&viewer, row)))
    }

    /// The objects with these global IDs, in order; null for each one that
    /// does not exist or is hidden. At most 100 IDs.
    #[graphql(complexity = "ids.len().max(1) * child_complexity")]
    async fn nodes(&self, ctx: &Context<'_>, ids: Vec<ID>) -> async_graphql::Result<Vec<Option<Node>>> {
        let viewer = ctx.viewer().await?;
        if ids.len() > MAX_NODES {
            return Err(bad_request(format!("Ask for at most {MAX_NODES} IDs at once.")));
        }
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let row = match GlobalId::decode(&id) {
                Some(id) => ctx.app().node(&viewer, id).await.map_err(|e| ctx.error(e))?,
                None => None,
            };
            out.push(row.and_then(|row| to_node(&viewer, row)));
        }
        Ok(out)
    }

    /// The signed-in user. Error UNAUTHENTICATED without a valid token.
    async fn viewer(&self, ctx: &Context<'_>) -> async_graphql::Result<User> {
        let viewer = ctx.viewer().await?;
        Ok(User(viewer.grant_self().map_err(|e| ctx.error(e))?))
    }

    /// The signed-in user's organization.
    async fn organization(&self, ctx: &Context<'_>) -> async_graphql::Result<Organization> {
        let viewer = ctx.viewer().await?;
        let org = ctx.app().own_organization(&viewer).await.map_err(|e| ctx.error(e))?;
        Ok(Organization(ctx.grant(&viewer, org)?))
    }

    /// The partner program: membership levels, offers and what they include. Public.
    async fn program(&self) -> Program {
        Program
    }

    /// Price, dates and terms of a purchase or renewal before it is made (the review step).
    async fn order_preview(&self, ctx: &Context<'_>, offer_id: ID, subscription_id: Option<ID>) -> async_graphql::Result<OrderPreview> {
        let viewer = ctx.viewer().await?;
        let offer = decode_id(&offer_id, NodeKind::Offer, "offerId").map_err(|e| ctx.error(e))?;
        let subscription = match subscription_id {
            Some(id) => Some(decode_id(&id, NodeKind::OfferSubscription, "subscriptionId").map_err(|e| ctx.error(e))?),
            None => None,
        };
        let preview = ctx.app().order_preview(&viewer, offer, subscription).await.map_err(|e| ctx.error(e))?;
        Ok(preview.into())
    }

    /// Program staff only: service requests of every organization.
    #[graphql(complexity = "first.unwrap_or(1).clamp(1, 100) as usize * child_complexity")]
    async fn support_queue(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        status: Option<ServiceRequestStatus>,
    ) -> async_graphql::Result<Paged<ServiceRequest>> {
        let viewer = ctx.viewer().await?;
        let request = page_request(ctx, first, after)?;
        let page = ctx.app().support_queue(&viewer, status.map(Into::into), request).await.map_err(|e| ctx.error(e))?;
        connection(ctx, &viewer, page, request, |s| s.id, ServiceRequest)
    }
}

/// A found object as a node, granted once more through the read table
/// (`None` when it refuses: hidden answers like missing).
fn to_node(viewer: &Arc<Viewer>, row: NodeRow) -> Option<Node> {
    Some(match row {
        NodeRow::Organization(o) => Node::Organization(Organization(viewer.grant(o).ok()?)),
        NodeRow::User(u) => Node::User(User(viewer.grant(u).ok()?)),
        NodeRow::AuditEvent(e) => Node::AuditEvent(AuditEvent(viewer.grant(e).ok()?)),
        NodeRow::Offer(o) => Node::Offer(Offer(o)),
        NodeRow::OfferSubscription(s) => Node::OfferSubscription(OfferSubscription(viewer.grant(s).ok()?)),
        NodeRow::PaymentMethod(p) => Node::PaymentMethod(PaymentMethod(viewer.grant(p).ok()?)),
        NodeRow::Order(o) => Node::Order(Order(viewer.grant(o).ok()?)),
        NodeRow::ServiceRequest(s) => Node::ServiceRequest(ServiceRequest(viewer.grant(s).ok()?)),
        NodeRow::Competency(c) => Node::Competency(Competency(viewer.grant(c).ok()?)),
        NodeRow::Benefit(b) => Node::Benefit(Benefit(viewer.grant(*b).ok()?)),
        NodeRow::BenefitAssignment(a) => Node::BenefitAssignment(BenefitAssignment(viewer.grant(a).ok()?)),
    })
}
