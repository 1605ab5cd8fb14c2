//! Reading objects by global ID and the audit log, always through the
//! viewer's organization and role: what the viewer may not see answers
//! exactly like what does not exist.

use super::{App, AppResult, Viewer};
use crate::domain::{Action, GlobalId, NodeKind};
use crate::store::{
    AssignmentRow, AuditEventRow, CompetencyRow, OfferRow, OrderRow, OrganizationRow, Page, PageRequest, PaymentMethodRow,
    ServiceRequestRow, SubscriptionRow, UserRow,
};

/// An object found by global ID.
#[derive(Debug, Clone)]
pub enum NodeRow {
    Organization(OrganizationRow),
    User(UserRow),
    AuditEvent(AuditEventRow),
    Offer(OfferRow),
    OfferSubscription(SubscriptionRow),
    PaymentMethod(PaymentMethodRow),
    Order(OrderRow),
    ServiceRequest(ServiceRequestRow),
    Competency(CompetencyRow),
    Benefit(Box<super::benefits::BenefitView>),
    BenefitAssignment(AssignmentRow),
}

impl App {
    /// The object behind `id`, if it exists. Whether the viewer may see it
    /// is decided by granting it (see `app::access`), like any other object:
    /// `None` and a refused grant answer alike.
    pub async fn node(&self, viewer: &Viewer, id: GlobalId) -> AppResult<Option<NodeRow>> {
        let key = id.key;
        let s = &self.store;
        Ok(match id.kind {
            NodeKind::Organization => s.organization(key).await?.map(NodeRow::Organization),
            NodeKind::User => s.user(key).await?.map(NodeRow::User),
            NodeKind::AuditEvent => s.audit_event(key).await?.map(NodeRow::AuditEvent),
            NodeKind::Offer => self.offer_on_sale(key).await?.map(NodeRow::Offer),
            NodeKind::OfferSubscription => s.subscription(key).await?.map(NodeRow::OfferSubscription),
            NodeKind::PaymentMethod => s.payment_method(key).await?.map(NodeRow::PaymentMethod),
            NodeKind::Order => s.order(key).await?.map(NodeRow::Order),
            NodeKind::ServiceRequest => s.service_request(key).await?.map(NodeRow::ServiceRequest),
            NodeKind::Competency => s.competency(key).await?.map(NodeRow::Competency),
            NodeKind::Benefit => self.benefit_as_seen_by(viewer, key).await?.map(|b| NodeRow::Benefit(Box::new(b))),
            NodeKind::BenefitAssignment => s.assignment(key).await?.map(NodeRow::BenefitAssignment),
        })
    }

    /// A page of the viewer's organization's audit log, newest first.
    pub async fn audit_log(&self, viewer: &Viewer, organization_id: i64, page: PageRequest) -> AppResult<Page<AuditEventRow>> {
        self.require_own(viewer, organization_id, Action::ViewAuditLog)?;
        Ok(self.store.audit_page(organization_id, page).await?)
    }
}

impl App {
    /// The viewer's own organization: partners need `ViewOrganization`;
    /// program staff see the operator organization.
    pub async fn own_organization(&self, viewer: &Viewer) -> AppResult<OrganizationRow> {
        if !viewer.roles.has_staff_role() {
            viewer.require(Action::ViewOrganization)?;
        }
        Ok(viewer.organization.clone())
    }
}
