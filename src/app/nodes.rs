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
    /// The object behind `id`, if it exists and the viewer may see it.
    pub async fn node(&self, viewer: &Viewer, id: GlobalId) -> AppResult<Option<NodeRow>> {
        let own_org = viewer.organization_id();
        Ok(match id.kind {
            NodeKind::Organization => {
                if id.key != own_org || (!viewer.may(Action::ViewOrganization) && !viewer.roles.has_staff_role()) {
                    return Ok(None);
                }
                self.store.organization(id.key).await?.map(NodeRow::Organization)
            }
            NodeKind::User => self.visible_user(viewer, id.key).await?.map(NodeRow::User),
            NodeKind::AuditEvent => {
                if !viewer.may(Action::ViewAuditLog) {
                    return Ok(None);
                }
                self.store.audit_event(id.key).await?.filter(|e| e.organization_id == own_org).map(NodeRow::AuditEvent)
            }
            NodeKind::Offer => self.offer(id.key).await?.map(NodeRow::Offer),
            NodeKind::OfferSubscription => self.visible_subscription(viewer, id.key).await?.map(NodeRow::OfferSubscription),
            NodeKind::PaymentMethod => self.visible_payment_method(viewer, id.key).await?.map(NodeRow::PaymentMethod),
            NodeKind::Order => self.visible_order(viewer, id.key).await?.map(NodeRow::Order),
            NodeKind::ServiceRequest => self.visible_service_request(viewer, id.key).await?.map(NodeRow::ServiceRequest),
            NodeKind::Competency => self.visible_competency(viewer, id.key).await?.map(NodeRow::Competency),
            NodeKind::Benefit => self.visible_benefit(viewer, id.key).await?.map(|b| NodeRow::Benefit(Box::new(b))),
            NodeKind::BenefitAssignment => self.visible_assignment(viewer, id.key).await?.map(NodeRow::BenefitAssignment),
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
