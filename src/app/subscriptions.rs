//! Subscriptions and orders: reading them, turning auto-renewal off (or on
//! again when allowed), and asking support to cancel.

use super::catalog::offer_name_id;
use super::mail::MailArg;
use super::{App, AppError, AppResult, Viewer};
use crate::domain::service_requests::{clean_text, ServiceRequestCategory, Severity, TEXT_MAX_CHARS};
use crate::domain::subscriptions::{Lifecycle, SubscriptionStatus, Term};
use crate::domain::{Action, ErrorCode};
use crate::store::{Expected, LifecycleValues, NewServiceRequest, OrderRow, Page, PageRequest, ServiceRequestRow, SubscriptionRow};

/// The lifecycle the domain rules work on, read from a row.
pub(crate) fn lifecycle_of(row: &SubscriptionRow) -> Lifecycle {
    Lifecycle {
        status: row.status,
        auto_renew: row.auto_renew,
        auto_renew_locked: row.auto_renew_locked,
        term: Term { start: row.current_term_start, end: row.current_term_end },
        grace_ends_at: row.grace_ends_at,
    }
}

/// The columns to write for a lifecycle.
pub(crate) fn values_of(l: Lifecycle) -> LifecycleValues {
    LifecycleValues {
        status: l.status,
        auto_renew: l.auto_renew,
        auto_renew_locked: l.auto_renew_locked,
        term_start: l.term.start,
        term_end: l.term.end,
        grace_ends_at: l.grace_ends_at,
    }
}

/// What a compare-and-set expects of a row it read.
pub(crate) fn expected_of(row: &SubscriptionRow) -> Expected {
    Expected { status: row.status, term_end: row.current_term_end }
}

impl App {
    /// A subscription of the viewer's organization, or `NOT_FOUND` on `field`.
    pub(crate) async fn own_subscription(&self, viewer: &Viewer, id: i64, field: &'static str) -> AppResult<SubscriptionRow> {
        self.store
            .subscription(id)
            .await?
            .filter(|s| s.organization_id == viewer.organization_id())
            .ok_or_else(|| AppError::not_found(field))
    }

    /// The organization's subscriptions, newest first.
    pub async fn list_subscriptions(
        &self,
        viewer: &Viewer,
        organization_id: i64,
        status: Option<SubscriptionStatus>,
        page: PageRequest,
    ) -> AppResult<Page<SubscriptionRow>> {
        self.require_own(viewer, organization_id, Action::ViewSubscriptions)?;
        Ok(self.store.subscriptions_page(organization_id, status, page).await?)
    }

    /// The organization's orders, newest first.
    pub async fn list_orders(&self, viewer: &Viewer, organization_id: i64, page: PageRequest) -> AppResult<Page<OrderRow>> {
        self.require_own(viewer, organization_id, Action::ViewOrders)?;
        Ok(self.store.orders_page(organization_id, page).await?)
    }

    /// Lists need the action on the viewer's own organization.
    pub(crate) fn require_own(&self, viewer: &Viewer, organization_id: i64, action: Action) -> AppResult<()> {
        if organization_id != viewer.organization_id() {
            return Err(AppError::Forbidden);
        }
        viewer.require(action)
    }

    /// Turns auto-renewal off (always allowed) or on (only until it was
    /// turned off; then only a renewal by hand turns it back on).
    pub async fn set_auto_renew(&self, viewer: &Viewer, id: i64, enabled: bool) -> AppResult<SubscriptionRow> {
        viewer.require(Action::ManageSubscriptions)?;
        // A concurrent change makes the compare-and-set miss; read again and retry.
        for _ in 0..3 {
            let sub = self.own_subscription(viewer, id, "subscriptionId").await?;
            let current = lifecycle_of(&sub);
            let changed = current.set_auto_renew(enabled).map_err(|e| AppError::rule(Some("enabled"), e))?;
            if changed == current {
                return Ok(sub);
            }
            let action = if enabled { "subscription.autoRenew.on" } else { "subscription.autoRenew.off" };
            if let Some(row) = self
                .store
                .update_subscription(id, expected_of(&sub), values_of(changed), Some(viewer.audit(action)), Vec::new(), self.clock.now())
                .await?
            {
                return Ok(row);
            }
        }
        Err(AppError::internal("subscription kept changing under setAutoRenew"))
    }

    /// Opens a billing service request asking support to cancel the subscription.
    pub async fn request_cancellation(&self, viewer: &Viewer, id: i64, reason: &str) -> AppResult<ServiceRequestRow> {
        viewer.require(Action::ManageSubscriptions)?;
        let sub = self.own_subscription(viewer, id, "subscriptionId").await?;
        let reason = clean_text(reason, TEXT_MAX_CHARS).map_err(|e| AppError::rule(Some("reason"), e))?;
        if !lifecycle_of(&sub).status.is_live() {
            return Err(AppError::rule(Some("subscriptionId"), ErrorCode::SubscriptionNotActive));
        }
        let offer = self.store.offer(sub.offer_id).await?.ok_or_else(|| AppError::internal("subscription without offer"))?;
        let lang = viewer.user.language;
        let offer_name = self.locales.text(lang, &offer_name_id(&offer));
        let title = self.locales.format(lang, "service-request-cancellation-title", &[("offer", offer_name.into())]);
        let request = NewServiceRequest {
            organization_id: sub.organization_id,
            category: ServiceRequestCategory::BillingPaymentReconciliation,
            severity: Severity::Moderate,
            title,
            description: reason,
            subscription_id: Some(sub.id),
            opened_by_user_id: viewer.user_id(),
        };
        self.open_request(viewer, request, "subscription.cancellation.request").await
    }

    /// Creates a service request with its audit event and the acknowledgement mail.
    pub(crate) async fn open_request(
        &self,
        viewer: &Viewer,
        request: NewServiceRequest,
        action: &'static str,
    ) -> AppResult<ServiceRequestRow> {
        // The number comes from the row's id: the acknowledgement is rendered
        // from the created row, inside the same transaction.
        let (renderer, user) = (self.renderer(), viewer.user.clone());
        let mails = Box::new(move |row: &ServiceRequestRow| {
            let args =
                [("number", MailArg::Text(crate::domain::service_requests::number(row.id))), ("title", MailArg::Text(row.title.clone()))];
            vec![renderer.render_mail(&user, &user.email, "request-opened", &args)]
        });
        Ok(self.store.create_service_request(request, viewer.audit(action), mails, self.clock.now()).await?)
    }
}
