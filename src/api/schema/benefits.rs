//! Benefits and their assignments, product keys and downloads, and the
//! mutations that put benefits to use.

use async_graphql::{Context, Enum, InputObject, Object, SimpleObject, ID};
use chrono::{DateTime, Utc};

use super::billing::OfferSubscription;
use super::catalog::{ActivationMethod, BenefitCategory, BenefitUnit, Product};
use super::objects::User;
use super::types::{decode_id, global_id, payload, UserError};
use crate::api::context::ContextExt;
use crate::app::access::Granted;
use crate::app::benefits::{instructions_id, BenefitView, RevealedKey};
use crate::app::AppError;
use crate::domain::NodeKind;
use crate::store::{AssignmentRow, DownloadRow};

/// Where a benefit stands.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "crate::domain::benefits::BenefitStatus")]
pub enum BenefitStatus {
    NotActivated,
    PendingActivation,
    Active,
    Expired,
}

/// Where an assignment stands.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "crate::domain::benefits::AssignmentStatus")]
pub enum AssignmentStatus {
    PendingActivation,
    Active,
}

/// Operating systems downloads are offered for.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "crate::domain::benefits::OperatingSystem")]
pub enum OperatingSystem {
    WindowsX64,
    WindowsX86,
    Macos,
    Linux,
}

/// Something Action Pack includes, as the organization holds it.
pub struct Benefit(pub Granted<BenefitView>);

#[Object]
impl Benefit {
    pub async fn id(&self) -> ID {
        global_id(NodeKind::Benefit, self.0.row().row.id)
    }
    async fn subscription(&self, ctx: &Context<'_>) -> async_graphql::Result<OfferSubscription> {
        let viewer = self.0.viewer();
        let id = self.0.row().row.subscription_id;
        Ok(OfferSubscription(ctx.app().referenced_subscription(viewer, id).await.map_err(|e| ctx.error(e))?))
    }
    async fn product(&self) -> Product {
        Product { code: self.0.row().row.product_code.clone(), name_id: self.0.row().row.name_id.clone() }
    }
    async fn category(&self) -> BenefitCategory {
        self.0.row().row.category.into()
    }
    async fn activation(&self) -> ActivationMethod {
        self.0.row().activation().into()
    }
    async fn quantity(&self) -> i32 {
        self.0.row().row.quantity
    }
    async fn unit(&self) -> BenefitUnit {
        self.0.row().row.unit.into()
    }
    async fn assigned_count(&self) -> i32 {
        self.0.row().assigned_count()
    }
    async fn available_count(&self) -> i32 {
        self.0.row().available_count()
    }
    async fn status(&self) -> BenefitStatus {
        self.0.row().status().into()
    }
    async fn expires_at(&self) -> DateTime<Utc> {
        crate::domain::benefits::expires_at(self.0.row().row.current_term_end, self.0.row().row.grace_ends_at)
    }
    async fn special_instructions(&self, ctx: &Context<'_>) -> Option<String> {
        let (locales, lang) = (&ctx.app().locales, ctx.request().lang);
        let id = instructions_id(&self.0.row().row.product_code);
        locales.has(lang, &id).then(|| locales.text(lang, &id))
    }
    /// Where it is managed once activated (the Azure portal, the Visual Studio portal, the support portal); null when it is used here.
    async fn portal_url(&self, ctx: &Context<'_>) -> Option<String> {
        ctx.app().portal_url(self.0.row()).map(str::to_owned)
    }
    /// PRODUCT_KEY benefits: whether keys were revealed (keys themselves via revealProductKeys)
    async fn keys_revealed(&self) -> bool {
        self.0.row().row.keys_revealed
    }
    /// Software benefits: languages and operating systems to choose from
    async fn languages(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<String>> {
        let mut langs: Vec<String> = self.files(ctx).await?.into_iter().map(|d| d.language).collect();
        langs.sort();
        langs.dedup();
        Ok(langs)
    }
    async fn operating_systems(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<OperatingSystem>> {
        use crate::domain::benefits::OperatingSystem as Os;
        let mut systems: Vec<Os> = self.files(ctx).await?.iter().map(|d| d.operating_system).collect();
        systems.sort();
        systems.dedup();
        Ok(systems.into_iter().map(Into::into).collect())
    }
    /// The files for one language and operating system; an unsupported choice is an error.
    async fn downloads(
        &self,
        ctx: &Context<'_>,
        language: String,
        operating_system: OperatingSystem,
    ) -> async_graphql::Result<Vec<Download>> {
        let os = crate::domain::benefits::OperatingSystem::from(operating_system);
        let files = ctx.app().downloads(&self.0.row().row.product_code, &language, os).await.map_err(|e| ctx.error(e))?;
        Ok(files.into_iter().map(Download).collect())
    }
    async fn assignments(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<BenefitAssignment>> {
        let viewer = self.0.viewer();
        let rows = self.0.row().assignments.clone();
        Ok(viewer.grant_all(rows).map_err(|e| ctx.error(e))?.into_iter().map(BenefitAssignment).collect())
    }
}

impl Benefit {
    async fn files(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<DownloadRow>> {
        ctx.app().product_downloads(&self.0.row().row.product_code).await.map_err(|e| ctx.error(e))
    }
}

/// A file to download.
pub struct Download(pub DownloadRow);

#[Object]
impl Download {
    async fn file_name(&self) -> &str {
        &self.0.file_name
    }
    async fn url(&self) -> &str {
        &self.0.url
    }
    /// Size in bytes. Installation images exceed 2 GiB, so values can pass
    /// the 32-bit range GraphQL suggests for Int: read it as a 64-bit number.
    async fn size_bytes(&self) -> i64 {
        self.0.size_bytes
    }
    async fn sha256(&self) -> &str {
        &self.0.sha256
    }
}

/// A revealed product key.
pub struct ProductKey(pub RevealedKey);

#[Object]
impl ProductKey {
    async fn product(&self) -> Product {
        Product { code: self.0.product_code.clone(), name_id: self.0.name_id.clone() }
    }
    async fn key(&self) -> &str {
        &self.0.key
    }
    async fn instructions(&self, ctx: &Context<'_>) -> Option<String> {
        let (locales, lang) = (&ctx.app().locales, ctx.request().lang);
        locales.has(lang, &self.0.instructions_id).then(|| locales.text(lang, &self.0.instructions_id))
    }
}

/// A benefit given to one user.
pub struct BenefitAssignment(pub Granted<AssignmentRow>);

#[Object]
impl BenefitAssignment {
    pub async fn id(&self) -> ID {
        global_id(NodeKind::BenefitAssignment, self.0.row().id)
    }
    async fn benefit(&self, ctx: &Context<'_>) -> async_graphql::Result<Benefit> {
        let viewer = self.0.viewer();
        let benefit = ctx.app().assignment_benefit(viewer, self.0.row()).await.map_err(|e| ctx.error(e))?;
        let benefit = benefit.ok_or_else(|| ctx.error(AppError::Forbidden))?;
        Ok(Benefit(ctx.grant(viewer, benefit)?))
    }
    async fn user(&self, ctx: &Context<'_>) -> async_graphql::Result<User> {
        let viewer = self.0.viewer();
        Ok(User(ctx.grant(viewer, self.0.row().user.clone())?))
    }
    async fn alternate_email(&self) -> Option<&str> {
        self.0.row().alternate_email.as_deref()
    }
    async fn status(&self) -> AssignmentStatus {
        self.0.row().status.into()
    }
    async fn assigned_at(&self) -> DateTime<Utc> {
        self.0.row().assigned_at
    }
    /// PENDING_ACTIVATION: when activation is expected
    async fn activates_at(&self) -> Option<DateTime<Utc>> {
        self.0.row().activates_at
    }
    async fn activated_at(&self) -> Option<DateTime<Utc>> {
        self.0.row().activated_at
    }
}

#[derive(InputObject)]
pub struct RevealProductKeysInput {
    pub benefit_id: ID,
}

#[derive(SimpleObject, Default)]
pub struct RevealProductKeysPayload {
    pub keys: Option<Vec<ProductKey>>,
    pub user_errors: Vec<UserError>,
}

#[derive(InputObject)]
pub struct ActivateBenefitInput {
    pub benefit_id: ID,
}

#[derive(SimpleObject, Default)]
pub struct ActivateBenefitPayload {
    pub benefit: Option<Benefit>,
    pub assignment: Option<BenefitAssignment>,
    pub user_errors: Vec<UserError>,
}

#[derive(InputObject)]
pub struct AssignBenefitInput {
    pub benefit_id: ID,
    pub user_id: ID,
}

#[derive(SimpleObject, Default)]
pub struct AssignBenefitPayload {
    pub assignment: Option<BenefitAssignment>,
    pub benefit: Option<Benefit>,
    pub user_errors: Vec<UserError>,
}

#[derive(InputObject)]
pub struct UnassignBenefitInput {
    pub assignment_id: ID,
}

#[derive(SimpleObject, Default)]
pub struct UnassignBenefitPayload {
    pub benefit: Option<Benefit>,
    pub user_errors: Vec<UserError>,
}

#[derive(InputObject)]
pub struct AssignSupportBenefitInput {
    pub benefit_id: ID,
    pub user_id: ID,
    pub alternate_email: String,
}

#[derive(SimpleObject, Default)]
pub struct AssignSupportBenefitPayload {
    pub assignment: Option<BenefitAssignment>,
    pub user_errors: Vec<UserError>,
}

fn benefit_id(id: &ID) -> Result<i64, AppError> {
    decode_id(id, NodeKind::Benefit, "benefitId")
}

#[derive(Default)]
pub struct BenefitMutation;

#[Object]
impl BenefitMutation {
    /// Shows a benefit's product keys (global and membership admins; audited).
    async fn reveal_product_keys(
        &self,
        ctx: &Context<'_>,
        input: RevealProductKeysInput,
    ) -> async_graphql::Result<RevealProductKeysPayload> {
        let viewer = ctx.viewer().await?;
        let result = match benefit_id(&input.benefit_id) {
            Ok(id) => ctx.app().reveal_product_keys(&viewer, id).await,
            Err(e) => Err(e),
        };
        payload(ctx, result, |keys| RevealProductKeysPayload {
            keys: Some(keys.into_iter().map(ProductKey).collect()),
            user_errors: vec![],
        })
    }

    /// Usage-based cloud services: assigns the benefit to the viewer.
    async fn activate_benefit(&self, ctx: &Context<'_>, input: ActivateBenefitInput) -> async_graphql::Result<ActivateBenefitPayload> {
        let viewer = ctx.viewer().await?;
        let result = match benefit_id(&input.benefit_id) {
            Ok(id) => ctx.app().activate_benefit(&viewer, id).await,
            Err(e) => Err(e),
        };
        payload(ctx, result, |(b, a)| ActivateBenefitPayload {
            benefit: viewer.grant(b).ok().map(Benefit),
            assignment: viewer.grant(a).ok().map(BenefitAssignment),
            user_errors: vec![],
        })
    }

    /// Gives one seat to one user of the organization.
    async fn assign_benefit(&self, ctx: &Context<'_>, input: AssignBenefitInput) -> async_graphql::Result<AssignBenefitPayload> {
        let viewer = ctx.viewer().await?;
        let ids = benefit_id(&input.benefit_id).and_then(|b| Ok((b, decode_id(&input.user_id, NodeKind::User, "userId")?)));
        let result = match ids {
            Ok((b, u)) => ctx.app().assign_benefit(&viewer, b, u).await,
            Err(e) => Err(e),
        };
        payload(ctx, result, |(b, a)| AssignBenefitPayload {
            benefit: viewer.grant(b).ok().map(Benefit),
            assignment: viewer.grant(a).ok().map(BenefitAssignment),
            user_errors: vec![],
        })
    }

    /// Frees a seat (reassigning is unassign, then assign).
    async fn unassign_benefit(&self, ctx: &Context<'_>, input: UnassignBenefitInput) -> async_graphql::Result<UnassignBenefitPayload> {
        let viewer = ctx.viewer().await?;
        let result = match decode_id(&input.assignment_id, NodeKind::BenefitAssignment, "assignmentId") {
            Ok(id) => ctx.app().unassign_benefit(&viewer, id).await,
            Err(e) => Err(e),
        };
        payload(ctx, result, |b| UnassignBenefitPayload { benefit: viewer.grant(b).ok().map(Benefit), user_errors: vec![] })
    }

    /// Assigns the support plan to a user, with an alternate email that differs from theirs.
    async fn assign_support_benefit(
        &self,
        ctx: &Context<'_>,
        input: AssignSupportBenefitInput,
    ) -> async_graphql::Result<AssignSupportBenefitPayload> {
        let viewer = ctx.viewer().await?;
        let ids = benefit_id(&input.benefit_id).and_then(|b| Ok((b, decode_id(&input.user_id, NodeKind::User, "userId")?)));
        let result = match ids {
            Ok((b, u)) => ctx.app().assign_support_benefit(&viewer, b, u, &input.alternate_email).await,
            Err(e) => Err(e),
        };
        payload(ctx, result, |a| AssignSupportBenefitPayload {
            assignment: viewer.grant(a).ok().map(BenefitAssignment),
            user_errors: vec![],
        })
    }
}

super::types::impl_payload!(
    RevealProductKeysPayload,
    ActivateBenefitPayload,
    AssignBenefitPayload,
    UnassignBenefitPayload,
    AssignSupportBenefitPayload
);
