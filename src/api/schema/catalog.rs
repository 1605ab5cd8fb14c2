//! The public program catalog: levels, offers and what they include, money,
//! competency areas, and the order preview.

use async_graphql::{Context, Enum, InputValueError, InputValueResult, Object, Scalar, ScalarType, SimpleObject, Value, ID};
use chrono::{DateTime, Utc};

use super::types::{global_id, MembershipLevel};
use crate::api::context::ContextExt;
use crate::app::billing::Preview;
use crate::app::catalog::{offer_description_id, offer_name_id, offer_price};
use crate::domain::catalog::competency_area_name_id;
use crate::domain::NodeKind;
use crate::store::{AllocationRow, OfferRow};

/// A decimal number as a string, e.g. "475.00"
pub struct Decimal(pub String);

#[Scalar(name = "Decimal")]
impl ScalarType for Decimal {
    fn parse(value: Value) -> InputValueResult<Self> {
        match value {
            Value::String(s)
                if !s.is_empty()
                    && s.trim_start_matches('-').split('.').all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())) =>
            {
                Ok(Decimal(s))
            }
            other => Err(InputValueError::expected_type(other)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.clone())
    }
}

/// An amount of money.
pub struct Money(pub crate::domain::money::Money);

#[Object]
impl Money {
    async fn amount(&self) -> Decimal {
        Decimal(self.0.decimal())
    }

    /// ISO 4217, e.g. USD
    async fn currency_code(&self) -> &str {
        self.0.currency.code()
    }

    /// Localized, e.g. "$475.00" in en, "475,00 $US" in fr
    async fn formatted(&self, ctx: &Context<'_>) -> String {
        crate::app::mail::format_money(self.0, ctx.request().lang)
    }
}

/// The partner program: membership levels, offers and what they include. Public.
pub struct Program;

#[Object]
impl Program {
    async fn membership_levels(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<MembershipLevelInfo>> {
        let levels = ctx.app().membership_levels().await.map_err(|e| ctx.error(e))?;
        Ok(levels.into_iter().map(|l| MembershipLevelInfo(l.into())).collect())
    }

    async fn offers(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Offer>> {
        Ok(ctx.app().offers().await.map_err(|e| ctx.error(e))?.into_iter().map(Offer).collect())
    }

    async fn competency_areas(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<CompetencyArea>> {
        Ok(ctx.app().competency_areas().await.map_err(|e| ctx.error(e))?.into_iter().map(CompetencyArea).collect())
    }
}

/// A membership level with its localized name and description.
pub struct MembershipLevelInfo(pub MembershipLevel);

#[Object]
impl MembershipLevelInfo {
    async fn level(&self) -> MembershipLevel {
        self.0
    }

    async fn name(&self, ctx: &Context<'_>) -> String {
        let code = crate::domain::catalog::MembershipLevel::from(self.0).as_str().to_ascii_lowercase().replace('_', "-");
        ctx.app().locales.text(ctx.request().lang, &format!("term-level-{code}"))
    }

    async fn description(&self, ctx: &Context<'_>) -> String {
        let code = crate::domain::catalog::MembershipLevel::from(self.0).as_str().to_ascii_lowercase().replace('_', "-");
        ctx.app().locales.text(ctx.request().lang, &format!("level-{code}-description"))
    }
}

/// An area in which partners earn Silver or Gold competencies.
pub struct CompetencyArea(pub String);

#[Object]
impl CompetencyArea {
    async fn code(&self) -> &str {
        &self.0
    }

    async fn name(&self, ctx: &Context<'_>) -> String {
        ctx.app().locales.text(ctx.request().lang, &competency_area_name_id(&self.0))
    }
}

/// Something an organization can buy.
pub struct Offer(pub OfferRow);

#[Object]
impl Offer {
    pub async fn id(&self) -> ID {
        global_id(NodeKind::Offer, self.0.id)
    }

    /// Stable code, e.g. ACTION_PACK
    async fn code(&self) -> &str {
        &self.0.code
    }

    async fn name(&self, ctx: &Context<'_>) -> String {
        ctx.app().locales.text(ctx.request().lang, &offer_name_id(&self.0))
    }

    async fn description(&self, ctx: &Context<'_>) -> String {
        ctx.app().locales.text(ctx.request().lang, &offer_description_id(&self.0))
    }

    async fn price(&self) -> Money {
        Money(offer_price(&self.0))
    }

    /// ISO 8601 duration of one term, e.g. P1Y
    async fn term(&self) -> String {
        match self.0.term_months {
            m if m % 12 == 0 => format!("P{}Y", m / 12),
            m => format!("P{m}M"),
        }
    }

    async fn auto_renewable(&self) -> bool {
        self.0.auto_renewable
    }

    async fn requires_level(&self) -> MembershipLevel {
        self.0.requires_level.into()
    }

    async fn terms(&self) -> TermsDocument {
        terms_of(&self.0)
    }

    /// What a subscription includes
    async fn includes(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<BenefitAllocation>> {
        let rows = ctx.app().allocations(self.0.id).await.map_err(|e| ctx.error(e))?;
        Ok(rows.into_iter().map(BenefitAllocation).collect())
    }
}

fn terms_of(offer: &OfferRow) -> TermsDocument {
    TermsDocument {
        version: offer.terms_version.clone(),
        title_id: format!("terms-{}-title", offer.code.to_ascii_lowercase().replace('_', "-")),
        url: offer.terms_url.clone(),
    }
}

/// The terms a purchase accepts.
pub struct TermsDocument {
    version: String,
    title_id: String,
    url: String,
}

impl TermsDocument {
    /// The current network agreement (renewing network membership accepts it).
    pub fn network_agreement() -> Self {
        use crate::domain::network::{AGREEMENT_URL, AGREEMENT_VERSION};
        Self { version: AGREEMENT_VERSION.to_owned(), title_id: "terms-network-agreement-title".to_owned(), url: AGREEMENT_URL.to_owned() }
    }
}

#[Object]
impl TermsDocument {
    async fn version(&self) -> &str {
        &self.version
    }

    async fn title(&self, ctx: &Context<'_>) -> String {
        ctx.app().locales.text(ctx.request().lang, &self.title_id)
    }

    /// Absolute or site-relative URL of the full text, in the language of the request
    async fn url(&self, ctx: &Context<'_>) -> String {
        self.url.replace("{lang}", ctx.request().lang.code())
    }
}

/// A product in the catalog.
pub struct Product {
    pub code: String,
    pub name_id: String,
}

#[Object]
impl Product {
    async fn code(&self) -> &str {
        &self.code
    }

    async fn name(&self, ctx: &Context<'_>) -> String {
        ctx.app().locales.text(ctx.request().lang, &self.name_id)
    }
}

/// One line of what an offer includes.
pub struct BenefitAllocation(pub AllocationRow);

#[Object]
impl BenefitAllocation {
    async fn product(&self) -> Product {
        Product { code: self.0.product_code.clone(), name_id: self.0.name_id.clone() }
    }

    async fn category(&self) -> BenefitCategory {
        self.0.category.into()
    }

    async fn quantity(&self) -> i32 {
        self.0.quantity
    }

    async fn unit(&self) -> BenefitUnit {
        self.0.unit.into()
    }

    async fn activation(&self) -> ActivationMethod {
        self.0.activation.into()
    }
}

/// The four tabs benefits are listed under.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "crate::domain::catalog::BenefitCategory")]
pub enum BenefitCategory {
    Software,
    CloudService,
    VisualStudio,
    Support,
}

/// What a benefit's quantity counts.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "crate::domain::catalog::BenefitUnit")]
pub enum BenefitUnit {
    License,
    Seat,
    Account,
    MonthlyCreditUsd,
    SupportPlan,
}

/// How a benefit is put to use.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "crate::domain::catalog::ActivationMethod")]
pub enum ActivationMethod {
    /// Reveal product keys, then install or activate with them
    ProductKey,
    /// Usage-based cloud service: the activating user assigns themselves
    AssignSelf,
    /// Each seat is assigned to one user of the organization
    AssignUser,
    /// Assigned to one user, with an alternate email that differs from the account email
    AssignUserWithAlternateEmail,
}

/// A first purchase or a renewal.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "crate::domain::subscriptions::OrderKind")]
pub enum OrderKind {
    New,
    Renewal,
}

/// Price, dates and terms of a purchase or renewal before it is made.
#[derive(SimpleObject)]
pub struct OrderPreview {
    pub offer: Offer,
    pub kind: OrderKind,
    pub price: Money,
    pub term_start: DateTime<Utc>,
    pub term_end: DateTime<Utc>,
    pub terms: TermsDocument,
    /// True when the card will be charged immediately on purchase
    pub charged_immediately: bool,
    pub auto_renew: bool,
}

impl From<Preview> for OrderPreview {
    fn from(p: Preview) -> Self {
        let auto_renew = p.offer.auto_renewable;
        Self {
            terms: terms_of(&p.offer),
            kind: p.kind.into(),
            price: Money(p.price),
            term_start: p.term_start,
            term_end: p.term_end,
            charged_immediately: true,
            auto_renew,
            offer: Offer(p.offer),
        }
    }
}
