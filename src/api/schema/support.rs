//! Service requests, the support queue and competencies.

use async_graphql::{Context, Enum, InputObject, Object, SimpleObject, ID};
use chrono::{DateTime, Utc};

use super::billing::OfferSubscription;
use super::catalog::CompetencyArea;
use super::objects::{Organization, User};
use super::types::{decode_id, global_id, payload, UserError};
use crate::api::context::ContextExt;
use crate::app::access::Granted;
use crate::app::support::ServiceRequestInput;
use crate::app::AppError;
use crate::domain::NodeKind;
use crate::store::{CompetencyRow, NoteRow, ServiceRequestRow};

/// What a request is about.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "crate::domain::service_requests::ServiceRequestCategory")]
pub enum ServiceRequestCategory {
    /// Help with a bill, payment or partner reconciliation file (subscription cancellations go here)
    BillingPaymentReconciliation,
    Membership,
    Benefits,
    AccountAccess,
    Other,
}

/// How urgent a request is.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "crate::domain::service_requests::Severity")]
pub enum Severity {
    Critical,
    Moderate,
    Minimal,
}

/// Where a request stands.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "crate::domain::service_requests::ServiceRequestStatus")]
pub enum ServiceRequestStatus {
    Open,
    InProgress,
    AwaitingPartner,
    Resolved,
    Closed,
}

/// Competency levels.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "crate::domain::catalog::CompetencyLevel")]
pub enum CompetencyLevel {
    Silver,
    Gold,
}

/// Whether a competency still counts.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum CompetencyStatus {
    Active,
    Expired,
}

/// Someone on a request, as the viewer may see them.
async fn request_person(ctx: &Context<'_>, request: &Granted<ServiceRequestRow>, id: i64) -> async_graphql::Result<User> {
    Ok(User(ctx.app().request_person(request.viewer(), request, id).await.map_err(|e| ctx.error(e))?))
}

/// A question or request to program support.
pub struct ServiceRequest(pub Granted<ServiceRequestRow>);

#[Object]
impl ServiceRequest {
    pub async fn id(&self) -> ID {
        global_id(NodeKind::ServiceRequest, self.0.row().id)
    }
    /// Human-facing number, e.g. SR-000042
    async fn number(&self) -> String {
        crate::domain::service_requests::number(self.0.row().id)
    }
    async fn category(&self) -> ServiceRequestCategory {
        self.0.row().category.into()
    }
    async fn severity(&self) -> Severity {
        self.0.row().severity.into()
    }
    async fn title(&self) -> &str {
        &self.0.row().title
    }
    async fn description(&self) -> &str {
        &self.0.row().description
    }
    async fn status(&self) -> ServiceRequestStatus {
        self.0.row().status.into()
    }
    async fn subscription(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<OfferSubscription>> {
        let viewer = self.0.viewer();
        let sub = ctx.app().request_subscription(viewer, &self.0).await.map_err(|e| ctx.error(e))?;
        Ok(sub.map(OfferSubscription))
    }
    async fn organization(&self, ctx: &Context<'_>) -> async_graphql::Result<Organization> {
        let viewer = self.0.viewer();
        Ok(Organization(ctx.app().request_organization(viewer, &self.0).await.map_err(|e| ctx.error(e))?))
    }
    async fn opened_by(&self, ctx: &Context<'_>) -> async_graphql::Result<User> {
        request_person(ctx, &self.0, self.0.row().opened_by_user_id).await
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.row().created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.row().updated_at
    }
    async fn closed_at(&self) -> Option<DateTime<Utc>> {
        self.0.row().closed_at
    }
    async fn notes(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ServiceRequestNote>> {
        let notes = ctx.app().request_notes(&self.0).await.map_err(|e| ctx.error(e))?;
        Ok(notes.into_iter().map(|note| ServiceRequestNote { request: self.0.clone(), note }).collect())
    }
}

/// A note on a service request.
pub struct ServiceRequestNote {
    request: Granted<ServiceRequestRow>,
    note: NoteRow,
}

#[Object]
impl ServiceRequestNote {
    async fn author(&self, ctx: &Context<'_>) -> async_graphql::Result<User> {
        request_person(ctx, &self.request, self.note.author_user_id).await
    }
    async fn body(&self) -> &str {
        &self.note.body
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.note.created_at
    }
}

/// A Silver or Gold competency held in an area.
pub struct Competency(pub Granted<CompetencyRow>);

#[Object]
impl Competency {
    pub async fn id(&self) -> ID {
        global_id(NodeKind::Competency, self.0.row().id)
    }
    async fn area(&self) -> CompetencyArea {
        CompetencyArea(self.0.row().area_code.clone())
    }
    async fn level(&self) -> CompetencyLevel {
        self.0.row().level.into()
    }
    async fn status(&self, ctx: &Context<'_>) -> CompetencyStatus {
        if self.0.row().expires_at > ctx.app().clock.now() {
            CompetencyStatus::Active
        } else {
            CompetencyStatus::Expired
        }
    }
    async fn attained_at(&self) -> DateTime<Utc> {
        self.0.row().attained_at
    }
    async fn expires_at(&self) -> DateTime<Utc> {
        self.0.row().expires_at
    }
}

#[derive(InputObject)]
pub struct CreateServiceRequestInput {
    pub category: ServiceRequestCategory,
    pub severity: Severity,
    /// At most 200 characters
    pub title: String,
    /// At most 10,000 characters
    pub description: String,
    pub subscription_id: Option<ID>,
}

#[derive(SimpleObject, Default)]
pub struct CreateServiceRequestPayload {
    pub service_request: Option<ServiceRequest>,
    pub user_errors: Vec<UserError>,
}

#[derive(InputObject)]
pub struct AddServiceRequestNoteInput {
    pub service_request_id: ID,
    pub body: String,
}

#[derive(SimpleObject, Default)]
pub struct AddServiceRequestNotePayload {
    pub service_request: Option<ServiceRequest>,
    pub user_errors: Vec<UserError>,
}

#[derive(InputObject)]
pub struct UpdateServiceRequestStatusInput {
    pub service_request_id: ID,
    pub status: ServiceRequestStatus,
    pub note: Option<String>,
}

#[derive(SimpleObject, Default)]
pub struct UpdateServiceRequestStatusPayload {
    pub service_request: Option<ServiceRequest>,
    pub user_errors: Vec<UserError>,
}

#[derive(InputObject)]
pub struct ResolveCancellationInput {
    pub service_request_id: ID,
    pub note: Option<String>,
}

#[derive(SimpleObject, Default)]
pub struct ResolveCancellationPayload {
    pub service_request: Option<ServiceRequest>,
    pub subscription: Option<OfferSubscription>,
    pub user_errors: Vec<UserError>,
}

#[derive(InputObject)]
pub struct GrantCompetencyInput {
    pub organization_id: ID,
    pub area_code: String,
    pub level: CompetencyLevel,
    pub expires_at: DateTime<Utc>,
}

#[derive(SimpleObject, Default)]
pub struct GrantCompetencyPayload {
    pub competency: Option<Competency>,
    pub user_errors: Vec<UserError>,
}

fn request_id(id: &ID) -> Result<i64, AppError> {
    decode_id(id, NodeKind::ServiceRequest, "serviceRequestId")
}

#[derive(Default)]
pub struct SupportMutation;

#[Object]
impl SupportMutation {
    async fn create_service_request(
        &self,
        ctx: &Context<'_>,
        input: CreateServiceRequestInput,
    ) -> async_graphql::Result<CreateServiceRequestPayload> {
        let viewer = ctx.viewer().await?;
        let subscription_id = match &input.subscription_id {
            Some(id) => match decode_id(id, NodeKind::OfferSubscription, "subscriptionId") {
                Ok(id) => Some(id),
                Err(e) => return payload(ctx, Err(e), |()| CreateServiceRequestPayload::default()),
            },
            None => None,
        };
        let request = ServiceRequestInput {
            category: input.category.into(),
            severity: input.severity.into(),
            title: input.title,
            description: input.description,
            subscription_id,
        };
        payload(ctx, ctx.app().create_service_request(&viewer, request).await, |sr| CreateServiceRequestPayload {
            service_request: viewer.grant(sr).ok().map(ServiceRequest),
            user_errors: vec![],
        })
    }

    async fn add_service_request_note(
        &self,
        ctx: &Context<'_>,
        input: AddServiceRequestNoteInput,
    ) -> async_graphql::Result<AddServiceRequestNotePayload> {
        let viewer = ctx.viewer().await?;
        let result = match request_id(&input.service_request_id) {
            Ok(id) => ctx.app().add_service_request_note(&viewer, id, &input.body).await,
            Err(e) => Err(e),
        };
        payload(ctx, result, |sr| AddServiceRequestNotePayload {
            service_request: viewer.grant(sr).ok().map(ServiceRequest),
            user_errors: vec![],
        })
    }

    /// Program staff
    async fn update_service_request_status(
        &self,
        ctx: &Context<'_>,
        input: UpdateServiceRequestStatusInput,
    ) -> async_graphql::Result<UpdateServiceRequestStatusPayload> {
        let viewer = ctx.viewer().await?;
        let result = match request_id(&input.service_request_id) {
            Ok(id) => ctx.app().update_service_request_status(&viewer, id, input.status.into(), input.note.as_deref()).await,
            Err(e) => Err(e),
        };
        payload(ctx, result, |sr| UpdateServiceRequestStatusPayload {
            service_request: viewer.grant(sr).ok().map(ServiceRequest),
            user_errors: vec![],
        })
    }

    /// Program staff: resolves a cancellation request by cancelling its subscription
    async fn resolve_cancellation(
        &self,
        ctx: &Context<'_>,
        input: ResolveCancellationInput,
    ) -> async_graphql::Result<ResolveCancellationPayload> {
        let viewer = ctx.viewer().await?;
        let result = match request_id(&input.service_request_id) {
            Ok(id) => ctx.app().resolve_cancellation(&viewer, id, input.note.as_deref()).await,
            Err(e) => Err(e),
        };
        payload(ctx, result, |(sr, sub)| ResolveCancellationPayload {
            service_request: viewer.grant(sr).ok().map(ServiceRequest),
            // Null for program staff, who do not read subscriptions.
            subscription: viewer.grant(sub).ok().map(OfferSubscription),
            user_errors: vec![],
        })
    }

    /// Program staff
    async fn grant_competency(&self, ctx: &Context<'_>, input: GrantCompetencyInput) -> async_graphql::Result<GrantCompetencyPayload> {
        let viewer = ctx.viewer().await?;
        let result = match decode_id(&input.organization_id, NodeKind::Organization, "organizationId") {
            Ok(org) => ctx.app().grant_competency(&viewer, org, &input.area_code, input.level.into(), input.expires_at).await,
            Err(e) => Err(e),
        };
        payload(ctx, result, |c| GrantCompetencyPayload { competency: viewer.grant(c).ok().map(Competency), user_errors: vec![] })
    }
}

super::types::impl_payload!(
    CreateServiceRequestPayload,
    AddServiceRequestNotePayload,
    UpdateServiceRequestStatusPayload,
    ResolveCancellationPayload,
    GrantCompetencyPayload
);
