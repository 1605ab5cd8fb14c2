//! Service requests (partners open and follow them; program staff work the
//! queue and resolve cancellations) and competencies (granted by program admins).

use chrono::{DateTime, Utc};

use super::catalog::offer_name_id;
use super::mail::MailArg;
use super::subscriptions::{expected_of, lifecycle_of};
use super::{App, AppError, AppResult, Viewer};
use crate::domain::catalog::CompetencyLevel;
use crate::domain::identity::OrganizationKind;
use crate::domain::service_requests::{
    check_open_for_notes, check_transition, clean_text, number, ServiceRequestCategory, ServiceRequestStatus, Severity, TEXT_MAX_CHARS,
    TITLE_MAX_CHARS,
};
use crate::domain::{Action, ErrorCode, RuleError};
use crate::store::{CompetencyRow, Effects, NewNote, NewServiceRequest, Page, PageRequest, ServiceRequestRow, SubscriptionRow};

/// What `createServiceRequest` asks for.
#[derive(Debug, Clone)]
pub struct ServiceRequestInput {
    pub category: ServiceRequestCategory,
    pub severity: Severity,
    pub title: String,
    pub description: String,
    pub subscription_id: Option<i64>,
}

impl App {
    /// Opens a service request for the viewer's organization.
    pub async fn create_service_request(&self, viewer: &Viewer, input: ServiceRequestInput) -> AppResult<ServiceRequestRow> {
        viewer.require(Action::CreateServiceRequest)?;
        let mut checks = super::errors::Checks::default();
        let title = checks.check("title", clean_text(&input.title, TITLE_MAX_CHARS));
        let description = checks.check("description", clean_text(&input.description, TEXT_MAX_CHARS));
        checks.finish()?;
        let (Some(title), Some(description)) = (title, description) else { return Err(AppError::internal("checks passed without values")) };
        if let Some(id) = input.subscription_id {
            self.own_subscription(viewer, id, "subscriptionId").await?;
        }
        let request = NewServiceRequest {
            organization_id: viewer.organization_id(),
            category: input.category,
            severity: input.severity,
            title,
            description,
            subscription_id: input.subscription_id,
            opened_by_user_id: viewer.user_id(),
        };
        self.open_request(viewer, request, "serviceRequest.create").await
    }

    /// A service request the viewer may see: their organization's, or any for program staff.
    pub async fn visible_service_request(&self, viewer: &Viewer, id: i64) -> AppResult<Option<ServiceRequestRow>> {
        let row = self.store.service_request(id).await?;
        Ok(row.filter(|r| {
            viewer.may(Action::WorkSupportQueue)
                || (r.organization_id == viewer.organization_id() && viewer.may(Action::ViewServiceRequests))
        }))
    }

    /// The viewer's organization's requests, newest first.
    pub async fn list_service_requests(
        &self,
        viewer: &Viewer,
        organization_id: i64,
        status: Option<ServiceRequestStatus>,
        page: PageRequest,
    ) -> AppResult<Page<ServiceRequestRow>> {
        if !viewer.may(Action::WorkSupportQueue) {
            self.require_own(viewer, organization_id, Action::ViewServiceRequests)?;
        }
        Ok(self.store.service_requests_page(Some(organization_id), status, page).await?)
    }

    /// Program staff: every organization's requests, newest first.
    pub async fn support_queue(
        &self,
        viewer: &Viewer,
        status: Option<ServiceRequestStatus>,
        page: PageRequest,
    ) -> AppResult<Page<ServiceRequestRow>> {
        viewer.require(Action::WorkSupportQueue)?;
        Ok(self.store.service_requests_page(None, status, page).await?)
    }

    /// Adds a note: partners on their organization's requests, staff on any.
    /// A note by staff is mailed to the requester.
    pub async fn add_service_request_note(&self, viewer: &Viewer, id: i64, body: &str) -> AppResult<ServiceRequestRow> {
        let staff = viewer.may(Action::WorkSupportQueue);
        if !staff {
            viewer.require(Action::CreateServiceRequest)?;
        }
        let request = self.visible_service_request(viewer, id).await?.ok_or_else(|| AppError::not_found("serviceRequestId"))?;
        let body = clean_text(body, TEXT_MAX_CHARS).map_err(|e| AppError::rule(Some("body"), e))?;
        let status = request.status;
        check_open_for_notes(status).map_err(|e| AppError::rule(Some("serviceRequestId"), e))?;
        let mails = if staff { self.request_mails(&request, "request-note", Some(&body)).await? } else { Vec::new() };
        let note = NewNote { author_user_id: viewer.user_id(), body };
        let effects = Effects { audit: viewer.audit("serviceRequest.note.add"), mails };
        self.store
            .update_service_request(id, status, None, Some(note), effects, self.clock.now())
            .await?
            .ok_or_else(|| AppError::internal("service request changed concurrently"))
    }

    /// Program staff: moves a request to another status, with an optional
    /// note; the requester is mailed.
    pub async fn update_service_request_status(
        &self,
        viewer: &Viewer,
        id: i64,
        to: ServiceRequestStatus,
        note: Option<&str>,
    ) -> AppResult<ServiceRequestRow> {
        viewer.require(Action::WorkSupportQueue)?;
        let request = self.visible_service_request(viewer, id).await?.ok_or_else(|| AppError::not_found("serviceRequestId"))?;
        let from = request.status;
        check_transition(from, to).map_err(|e| AppError::rule(Some("status"), e))?;
        let note = match note {
            Some(text) => Some(NewNote {
                author_user_id: viewer.user_id(),
                body: clean_text(text, TEXT_MAX_CHARS).map_err(|e| AppError::rule(Some("note"), e))?,
            }),
            None => None,
        };
        let moved = ServiceRequestRow { status: to, ..request.clone() };
        let mails = self.request_mails(&moved, "request-status", None).await?;
        self.store
            .update_service_request(
                id,
                from,
                Some(to),
                note,
                Effects { audit: viewer.audit("serviceRequest.status.set"), mails },
                self.clock.now(),
            )
            .await?
            .ok_or_else(|| AppError::internal("service request changed concurrently"))
    }

    /// Program staff: resolves a cancellation request by cancelling its
    /// subscription (its benefits end) and resolving the request, together.
    pub async fn resolve_cancellation(
        &self,
        viewer: &Viewer,
        id: i64,
        note: Option<&str>,
    ) -> AppResult<(ServiceRequestRow, SubscriptionRow)> {
        viewer.require(Action::ResolveCancellation)?;
        let request = self.visible_service_request(viewer, id).await?.ok_or_else(|| AppError::not_found("serviceRequestId"))?;
        let status = request.status;
        let sub_id = match (request.category.as_str(), request.subscription_id) {
            ("BILLING_PAYMENT_RECONCILIATION", Some(sub)) => sub,
            _ => return Err(AppError::rule(Some("serviceRequestId"), RuleError::invalid("error-not-a-cancellation"))),
        };
        if status.is_finished() {
            return Err(AppError::rule(Some("serviceRequestId"), ErrorCode::ServiceRequestClosed));
        }
        let sub = self.store.subscription(sub_id).await?.ok_or_else(|| AppError::internal("request names a missing subscription"))?;
        if !lifecycle_of(&sub).status.is_live() {
            return Err(AppError::rule(Some("serviceRequestId"), ErrorCode::SubscriptionNotActive));
        }
        let note = match note {
            Some(text) => Some(NewNote {
                author_user_id: viewer.user_id(),
                body: clean_text(text, TEXT_MAX_CHARS).map_err(|e| AppError::rule(Some("note"), e))?,
            }),
            None => None,
        };
        let offer = self.store.offer(sub.offer_id).await?.ok_or_else(|| AppError::internal("subscription without offer"))?;
        let mut mails = Vec::new();
        if let Some(requester) = self.store.user(request.opened_by_user_id).await?.filter(|u| u.active) {
            let args = [("offer", MailArg::Term(offer_name_id(&offer))), ("number", MailArg::Text(number(request.id)))];
            mails.push(self.render_mail(&requester, &requester.email, "cancellation-done", &args));
        }
        let effects = Effects { audit: viewer.audit("subscription.cancel"), mails };
        self.store
            .resolve_cancellation(id, status, (sub.id, expected_of(&sub)), note, effects, self.clock.now())
            .await?
            .ok_or_else(|| AppError::internal("request or subscription changed concurrently"))
    }

    /// The mail telling a request's author about it, in their language.
    async fn request_mails(
        &self,
        request: &ServiceRequestRow,
        template: &str,
        note: Option<&str>,
    ) -> AppResult<Vec<crate::store::NewMail>> {
        let Some(requester) = self.store.user(request.opened_by_user_id).await?.filter(|u| u.active) else { return Ok(Vec::new()) };
        let status_id = format!("term-sr-status-{}", request.status.as_str().to_ascii_lowercase().replace('_', "-"));
        let args = [
            ("number", MailArg::Text(number(request.id))),
            ("title", MailArg::Text(request.title.clone())),
            ("status", MailArg::Term(status_id)),
            ("note", MailArg::Text(note.unwrap_or_default().to_owned())),
        ];
        Ok(vec![self.render_mail(&requester, &requester.email, template, &args)])
    }

    /// Program admins: grants a partner organization a competency until `expires_at`.
    pub async fn grant_competency(
        &self,
        viewer: &Viewer,
        organization_id: i64,
        area: &str,
        level: CompetencyLevel,
        expires_at: DateTime<Utc>,
    ) -> AppResult<CompetencyRow> {
        viewer.require(Action::GrantCompetency)?;
        let org = self
            .store
            .organization(organization_id)
            .await?
            .filter(|o| o.kind == OrganizationKind::Partner)
            .ok_or_else(|| AppError::not_found("organizationId"))?;
        let mut checks = super::errors::Checks::default();
        let areas = self.store.competency_areas().await?;
        checks.check(
            "areaCode",
            if areas.iter().any(|a| a == area) { Ok(()) } else { Err(RuleError::invalid("error-competency-area-unknown")) },
        );
        let now = self.clock.now();
        checks.check("expiresAt", if expires_at > now { Ok(()) } else { Err(RuleError::invalid("error-competency-expiry-past")) });
        checks.finish()?;
        Ok(self.store.grant_competency(org.id, area, level, expires_at, viewer.audit("competency.grant"), now).await?)
    }
}
