//! Grants: the only way an object leaves `app` for the API.
//!
//! A [`Granted`] value can be made only here, by checking the viewer against
//! the read table in `domain::access`. The API's object types hold grants, not
//! rows, so a resolver cannot hand out an object it was not granted, and an
//! edge of the graph (`Order.placedBy`, `Benefit.subscription`, …) is checked
//! exactly like the direct entry to the same object.

use std::sync::Arc;

use super::benefits::BenefitView;
use super::{AppError, AppResult, Viewer};
use crate::domain::access::{read_view, Readable, Refusal, Tie, View};
use crate::domain::ErrorCode;
use crate::store::{
    AssignmentRow, AuditEventRow, CompetencyRow, MembershipFacts, NoteRow, OfferRow, OrderRow, OrganizationRow, PaymentMethodRow,
    ServiceRequestRow, SubscriptionRow, UserRow,
};

/// An object the viewer was granted, and how much of it they see.
#[derive(Debug, Clone)]
pub struct Granted<T> {
    row: T,
    view: View,
    /// Whom it was granted to: the objects behind its edges are granted to the same viewer.
    viewer: Arc<Viewer>,
}

impl<T> Granted<T> {
    /// The fields every grant shows (the object's profile, for users and
    /// organizations; everything, for the rest).
    pub fn row(&self) -> &T {
        &self.row
    }

    /// The object, when the grant shows all of it; `FORBIDDEN` otherwise.
    pub fn full(&self) -> AppResult<&T> {
        match self.view {
            View::Full => Ok(&self.row),
            View::Profile => Err(AppError::Forbidden),
        }
    }

    /// The viewer it was granted to.
    pub fn viewer(&self) -> &Arc<Viewer> {
        &self.viewer
    }
}

/// What the read table needs to know about a row.
pub trait Guarded {
    const KIND: Readable;
    /// The organization it belongs to; `None` for the catalog.
    fn organization_id(&self) -> Option<i64>;
    /// Whether it is the user's own (themselves, or held by them).
    fn held_by(&self, _user_id: i64) -> bool {
        false
    }
}

impl Viewer {
    /// Grants `row` if the read table lets the viewer read it through its
    /// ordinary ties (their own, their organization's).
    pub fn grant<T: Guarded>(self: &Arc<Self>, row: T) -> AppResult<Granted<T>> {
        self.grant_with(row, None)
    }

    /// Grants `row` reached across a service request the viewer may read.
    pub(crate) fn grant_across_request<T: Guarded>(self: &Arc<Self>, row: T) -> AppResult<Granted<T>> {
        self.grant_with(row, Some(Tie::Request))
    }

    /// The viewer's own user.
    pub fn grant_self(self: &Arc<Self>) -> AppResult<Granted<UserRow>> {
        self.grant(self.user.clone())
    }

    /// Grants every row, or refuses them all.
    pub fn grant_all<T: Guarded>(self: &Arc<Self>, rows: Vec<T>) -> AppResult<Vec<Granted<T>>> {
        rows.into_iter().map(|r| self.grant(r)).collect()
    }

    /// Refuses unless the viewer may read objects of `kind` in `organization_id`
    /// (for a list, before it is read).
    pub fn check_read(&self, kind: Readable, organization_id: i64) -> AppResult<()> {
        let ties: &[Tie] = if organization_id == self.organization_id() { &[Tie::Organization] } else { &[] };
        self.refusal_to_error(read_view(kind, ties, |action| self.may(action))).map(|_| ())
    }

    fn refusal_to_error(&self, result: Result<View, Refusal>) -> AppResult<View> {
        match result {
            Ok(view) => Ok(view),
            Err(Refusal::Forbidden) if self.user.must_change_password => Err(AppError::rule(None, ErrorCode::PasswordChangeRequired)),
            Err(Refusal::Forbidden | Refusal::Unrelated) => Err(AppError::Forbidden),
        }
    }

    fn grant_with<T: Guarded>(self: &Arc<Self>, row: T, extra: Option<Tie>) -> AppResult<Granted<T>> {
        let mut ties = Vec::with_capacity(3);
        if row.held_by(self.user_id()) {
            ties.push(Tie::Own);
        }
        if row.organization_id() == Some(self.organization_id()) {
            ties.push(Tie::Organization);
        }
        ties.extend(extra);
        // `may` refuses every action until a temporary password is changed,
        // so such a user reads only themselves and the catalog.
        let view = self.refusal_to_error(read_view(T::KIND, &ties, |action| self.may(action)))?;
        Ok(Granted { row, view, viewer: self.clone() })
    }
}

macro_rules! guarded {
    ($row:ty, $kind:ident, |$r:ident| $org:expr $(, held_by |$h:ident, $u:ident| $held:expr)?) => {
        impl Guarded for $row {
            const KIND: Readable = Readable::$kind;
            fn organization_id(&self) -> Option<i64> {
                let $r = self;
                $org
            }
            $(fn held_by(&self, $u: i64) -> bool {
                let $h = self;
                $held
            })?
        }
    };
}

guarded!(OrganizationRow, Organization, |o| Some(o.id));
guarded!(UserRow, User, |u| Some(u.organization_id), held_by | u, id | u.id == id);
guarded!(AuditEventRow, AuditEvent, |e| Some(e.organization_id));
guarded!(OfferRow, Offer, |_o| None);
guarded!(SubscriptionRow, Subscription, |s| Some(s.organization_id));
guarded!(PaymentMethodRow, PaymentMethod, |p| Some(p.organization_id));
guarded!(OrderRow, Order, |o| Some(o.organization_id));
guarded!(ServiceRequestRow, ServiceRequest, |s| Some(s.organization_id));
guarded!(CompetencyRow, Competency, |c| Some(c.organization_id));
guarded!(BenefitView, Benefit, |b| Some(b.row.organization_id), held_by | b, id | b.assignments.iter().any(|a| a.user_id == id));
guarded!(AssignmentRow, Assignment, |a| Some(a.organization_id), held_by | a, id | a.user_id == id);

/// The objects behind the graph's edges, each granted on its own.
impl super::App {
    /// The organization a user belongs to.
    pub async fn user_organization(&self, viewer: &Arc<Viewer>, user: &Granted<UserRow>) -> AppResult<Granted<OrganizationRow>> {
        let org_id = user.full()?.organization_id;
        if org_id == viewer.organization_id() {
            return viewer.grant(viewer.organization.clone());
        }
        let row = self.store.organization(org_id).await?;
        viewer.grant(row.ok_or_else(|| AppError::internal("a user's organization is gone"))?)
    }

    /// A user an object points at (who placed an order, who acted in the audit log).
    pub async fn referenced_user(&self, viewer: &Arc<Viewer>, user_id: i64) -> AppResult<Granted<UserRow>> {
        if user_id == viewer.user_id() {
            return viewer.grant(viewer.user.clone());
        }
        let row = self.store.user(user_id).await?;
        viewer.grant(row.ok_or_else(|| AppError::internal("a referenced user is gone"))?)
    }

    /// A subscription an order or a benefit belongs to.
    pub async fn referenced_subscription(&self, viewer: &Arc<Viewer>, id: i64) -> AppResult<Granted<SubscriptionRow>> {
        let row = self.store.subscription(id).await?;
        viewer.grant(row.ok_or_else(|| AppError::internal("a referenced subscription is gone"))?)
    }

    /// The card an order or a subscription is paid with.
    pub async fn referenced_payment_method(&self, viewer: &Arc<Viewer>, id: i64) -> AppResult<Granted<PaymentMethodRow>> {
        let row = self.store.payment_method(id).await?;
        viewer.grant(row.ok_or_else(|| AppError::internal("a referenced payment method is gone"))?)
    }

    /// A subscription's orders, oldest first.
    pub async fn subscription_orders(&self, viewer: &Arc<Viewer>, sub: &Granted<SubscriptionRow>) -> AppResult<Vec<Granted<OrderRow>>> {
        // Refuse before reading: the orders are the organization's whatever their number.
        viewer.check_read(Readable::Order, sub.full()?.organization_id)?;
        let rows = self.store.subscription_orders(sub.full()?.id).await?;
        viewer.grant_all(rows)
    }

    /// The organization's live Action Pack and competencies.
    pub async fn membership_facts(&self, org: &Granted<OrganizationRow>) -> AppResult<MembershipFacts> {
        self.facts_of(org.full()?.id).await
    }

    /// The partner organization a service request belongs to.
    pub async fn request_organization(
        &self,
        viewer: &Arc<Viewer>,
        request: &Granted<ServiceRequestRow>,
    ) -> AppResult<Granted<OrganizationRow>> {
        let id = request.full()?.organization_id;
        if id == viewer.organization_id() {
            return viewer.grant_across_request(viewer.organization.clone());
        }
        let row = self.store.organization(id).await?;
        viewer.grant_across_request(row.ok_or_else(|| AppError::internal("a request's organization is gone"))?)
    }

    /// Someone on a service request: who opened it, who wrote a note.
    pub async fn request_person(
        &self,
        viewer: &Arc<Viewer>,
        request: &Granted<ServiceRequestRow>,
        user_id: i64,
    ) -> AppResult<Granted<UserRow>> {
        request.full()?;
        if user_id == viewer.user_id() {
            return viewer.grant(viewer.user.clone());
        }
        let row = self.store.user(user_id).await?;
        viewer.grant_across_request(row.ok_or_else(|| AppError::internal("a request's author is gone"))?)
    }

    /// The subscription a service request (a cancellation) is about.
    pub async fn request_subscription(
        &self,
        viewer: &Arc<Viewer>,
        request: &Granted<ServiceRequestRow>,
    ) -> AppResult<Option<Granted<SubscriptionRow>>> {
        let Some(id) = request.full()?.subscription_id else { return Ok(None) };
        let row = self.store.subscription(id).await?.ok_or_else(|| AppError::internal("a request's subscription is gone"))?;
        viewer.grant_across_request(row).map(Some)
    }

    /// The notes of a service request, oldest first.
    pub async fn request_notes(&self, request: &Granted<ServiceRequestRow>) -> AppResult<Vec<NoteRow>> {
        Ok(self.store.service_request_notes(request.full()?.id).await?)
    }
}
