//! Payment methods, the review step, purchases and renewals. Every charge is
//! recorded as a payment attempt first, charged under a key the gateway
//! deduplicates, and settled once, so that retries and crashes never charge
//! twice or leave a charge without its order.

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use super::catalog::offer_price;
use super::errors::Checks;
use super::subscriptions::lifecycle_of;
use super::{App, AppError, AppResult, Viewer};
use crate::domain::cards::{is_expired, validate_card, CardBrand, CardDetails};
use crate::domain::identity::clean_name;
use crate::domain::money::Money;
use crate::domain::subscriptions::OrderKind;
use crate::domain::subscriptions::{AttemptState, ABANDONED, SUBSCRIPTION_CHANGED};
use crate::domain::{Action, ErrorCode, RuleError};
use crate::store::{
    AttemptRow, AttemptStart, NewAttempt, NewPaymentMethod, OfferRow, OrderRow, PaymentMethodRow, Settled, SubscriptionRow,
};

/// A card as typed by a person. Never logged: no `Debug`.
pub struct CardInput {
    pub number: String,
    pub expiry_month: i32,
    pub expiry_year: i32,
    pub cvc: String,
    pub holder_name: String,
}

/// What a purchase or renewal asks for.
#[derive(Debug, Clone)]
pub struct OrderRequest {
    /// The offer (purchase) or the subscription (renewal).
    pub target_id: i64,
    pub payment_method_id: i64,
    pub accept_terms_version: String,
    pub idempotency_key: Option<String>,
}

/// A paid order and the subscription it bought or renewed.
#[derive(Debug, Clone)]
pub struct Paid {
    pub order: OrderRow,
    pub subscription: Option<SubscriptionRow>,
}

/// The review step before buying or renewing.
#[derive(Debug, Clone)]
pub struct Preview {
    pub offer: OfferRow,
    pub kind: OrderKind,
    pub price: Money,
    pub term_start: DateTime<Utc>,
    pub term_end: DateTime<Utc>,
}

/// How long a duplicate request waits for the first one before taking over.
const WAIT_FOR_FIRST: std::time::Duration = std::time::Duration::from_secs(5);

/// The SHA-256 of a request's identifying parts, to recognize a reused idempotency key.
pub(crate) fn request_hash(parts: &[String]) -> String {
    Sha256::digest(parts.join("|").as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// An idempotency key a client chose: 1 to 200 printable ASCII characters.
pub(crate) fn check_idempotency_key(key: &str) -> AppResult<&str> {
    if !key.is_empty() && key.len() <= 200 && key.chars().all(|c| c.is_ascii_graphic()) {
        Ok(key)
    } else {
        Err(AppError::rule(Some("idempotencyKey"), RuleError::invalid("error-idempotency-key-invalid")))
    }
}

impl App {
    /// Tokenizes a card with the gateway and keeps brand, last four digits and
    /// expiry. The number and CVC are dropped here.
    pub async fn add_payment_method(&self, viewer: &Viewer, card: CardInput) -> AppResult<PaymentMethodRow> {
        viewer.require(Action::ManagePaymentMethods)?;
        let mut checks = Checks::default();
        let valid = match validate_card(&card.number, card.expiry_month, card.expiry_year, &card.cvc, self.clock.now()) {
            Ok(v) => Some(v),
            Err(errors) => {
                for (field, error) in errors {
                    checks.check::<()>(field, Err(error));
                }
                None
            }
        };
        let holder = checks.check("holderName", clean_name(&card.holder_name, 1, 100));
        checks.finish()?;
        let (Some(valid), Some(holder_name)) = (valid, holder) else { return Err(AppError::internal("card checks passed without values")) };
        let token = self.gateway.tokenize(&valid).await.map_err(|e| AppError::internal(e.to_string()))?;
        let details = &valid.details;
        let card = NewPaymentMethod {
            brand: details.brand.name().to_owned(),
            last4: details.last4.clone(),
            expiry_month: details.expiry_month as i32,
            expiry_year: details.expiry_year,
            holder_name,
            gateway_token: token,
        };
        Ok(self.store.add_payment_method(viewer.organization_id(), card, viewer.audit("paymentMethod.add"), self.clock.now()).await?)
    }

    /// Removes a payment method of the viewer's organization.
    pub async fn remove_payment_method(&self, viewer: &Viewer, id: i64) -> AppResult<PaymentMethodRow> {
        viewer.require(Action::ManagePaymentMethods)?;
        match self.store.remove_payment_method(viewer.organization_id(), id, viewer.audit("paymentMethod.remove"), self.clock.now()).await {
            Err(crate::store::StoreError::NotFound) => Err(AppError::not_found("paymentMethodId")),
            Err(crate::store::StoreError::Rule(rule)) => Err(AppError::rule(Some("paymentMethodId"), rule)),
            other => Ok(other?),
        }
    }

    /// The organization's payment methods (brand, last four, expiry only).
    pub async fn payment_methods(&self, viewer: &Viewer, organization_id: i64) -> AppResult<Vec<PaymentMethodRow>> {
        if organization_id != viewer.organization_id() {
            return Err(AppError::Forbidden);
        }
        viewer.require(Action::ViewOrders)?;
        Ok(self.store.payment_methods(organization_id).await?)
    }

    /// Price, dates and terms of a purchase (or, with a subscription, its renewal).
    pub async fn order_preview(&self, viewer: &Viewer, offer_id: i64, subscription_id: Option<i64>) -> AppResult<Preview> {
        viewer.require(Action::PurchaseOffers)?;
        let offer = self.offer_on_sale(offer_id).await?.ok_or_else(|| AppError::not_found("offerId"))?;
        let price = offer_price(&offer);
        let months = offer.term_months.max(1) as u32;
        let (kind, start) = match subscription_id {
            None => (OrderKind::New, self.clock.now()),
            Some(id) => {
                let sub = self.own_subscription(viewer, id, "subscriptionId").await?;
                if sub.offer_id != offer.id {
                    return Err(AppError::not_found("subscriptionId"));
                }
                (OrderKind::Renewal, sub.current_term_end)
            }
        };
        let term = crate::domain::subscriptions::Term::starting(start, months);
        Ok(Preview { offer, kind, price, term_start: term.start, term_end: term.end })
    }

    /// Buys an offer: charged at once, then the PAID order, the ACTIVE
    /// subscription and the audit event are recorded together.
    pub async fn purchase(&self, viewer: &Viewer, request: OrderRequest) -> AppResult<Paid> {
        viewer.require(Action::PurchaseOffers)?;
        if let Some(first) = self.replay(viewer, OrderKind::New, &request).await? {
            return Ok(first);
        }
        let org = &viewer.organization;
        self.require_network(org).await?;
        let offer = self.offer_on_sale(request.target_id).await?.ok_or_else(|| AppError::not_found("offerId"))?;
        let required = offer.requires_level;
        if self.membership_level(org).await? < required {
            return Err(AppError::rule(Some("offerId"), ErrorCode::OfferNotAvailable));
        }
        let (payment_method, key) = self.check_order(viewer, &offer, &request).await?;
        let attempt = Self::placed_attempt(viewer, OrderKind::New, &offer, None, &payment_method, key, &request);
        self.place(attempt).await
    }

    /// Renews a subscription by hand, within its renewal window.
    pub async fn renew(&self, viewer: &Viewer, request: OrderRequest) -> AppResult<Paid> {
        viewer.require(Action::ManageSubscriptions)?;
        // A retry of a renewal that went through gets its first answer, even
        // though the window, the card or the terms may have moved on since.
        if let Some(first) = self.replay(viewer, OrderKind::Renewal, &request).await? {
            return Ok(first);
        }
        let sub = self.own_subscription(viewer, request.target_id, "subscriptionId").await?;
        self.require_network(&viewer.organization).await?;
        let offer = self.store.offer(sub.offer_id).await?.ok_or_else(|| AppError::internal("subscription without offer"))?;
        let (payment_method, key) = self.check_order(viewer, &offer, &request).await?;
        let attempt = Self::placed_attempt(viewer, OrderKind::Renewal, &offer, Some(sub.id), &payment_method, key, &request);
        lifecycle_of(&sub).check_renewal_open(self.clock.now()).map_err(|e| AppError::rule(Some("subscriptionId"), e))?;
        self.place(attempt).await
    }

    /// The payment attempt of an order a user places (never an automatic one).
    fn placed_attempt(
        viewer: &Viewer,
        kind: OrderKind,
        offer: &OfferRow,
        subscription_id: Option<i64>,
        payment_method: &PaymentMethodRow,
        key: String,
        request: &OrderRequest,
    ) -> NewAttempt {
        let organization_id = viewer.organization_id();
        let prefix = match kind {
            OrderKind::New => "purchase",
            OrderKind::Renewal => "renewal",
        };
        NewAttempt {
            organization_id,
            automatic: false,
            charge_key: format!("{prefix}:{organization_id}:{key}"),
            idempotency_key: key,
            request_hash: Self::hash_of(kind, request),
            kind,
            offer_id: offer.id,
            subscription_id,
            payment_method_id: payment_method.id,
            amount_minor: offer.price_minor,
            currency: offer.currency,
            terms_version: offer.terms_version.clone(),
            placed_by_user_id: Some(viewer.user_id()),
        }
    }

    /// The checks purchases and renewals share: the payment method, the terms
    /// and the idempotency key (generated when absent).
    async fn check_order(&self, viewer: &Viewer, offer: &OfferRow, request: &OrderRequest) -> AppResult<(PaymentMethodRow, String)> {
        let payment_method = self
            .store
            .payment_method(request.payment_method_id)
            .await?
            .filter(|p| p.organization_id == viewer.organization_id() && p.removed_at.is_none())
            .ok_or_else(|| AppError::not_found("paymentMethodId"))?;
        let details = CardDetails {
            brand: CardBrand::Visa,
            last4: payment_method.last4.clone(),
            expiry_month: payment_method.expiry_month.max(0) as u32,
            expiry_year: payment_method.expiry_year,
        };
        if is_expired(&details, self.clock.now()) {
            return Err(AppError::rule(
                Some("paymentMethodId"),
                RuleError { code: ErrorCode::PaymentMethodInvalid, detail: Some("error-payment-method-expired") },
            ));
        }
        if request.accept_terms_version != offer.terms_version {
            return Err(AppError::rule(Some("acceptTermsVersion"), ErrorCode::TermsNotAccepted));
        }
        let key = match &request.idempotency_key {
            Some(k) => check_idempotency_key(k)?.to_owned(),
            None => uuid::Uuid::new_v4().to_string(),
        };
        Ok((payment_method, key))
    }

    /// What identifies a purchase or renewal request, to recognize a reused key.
    fn hash_of(kind: OrderKind, request: &OrderRequest) -> String {
        request_hash(&[
            kind.as_str().to_owned(),
            request.target_id.to_string(),
            request.payment_method_id.to_string(),
            request.accept_terms_version.clone(),
        ])
    }

    /// The first answer to an idempotency key that was already used, looked
    /// up before any other check so that a retry always gets it.
    async fn replay(&self, viewer: &Viewer, kind: OrderKind, request: &OrderRequest) -> AppResult<Option<Paid>> {
        let Some(key) = &request.idempotency_key else { return Ok(None) };
        match self.store.attempt_by_key(viewer.organization_id(), key).await? {
            Some(first) if first.request_hash != Self::hash_of(kind, request) => {
                Err(AppError::rule(Some("idempotencyKey"), ErrorCode::IdempotencyKeyReused))
            }
            Some(first) => self.follow(first).await.map(Some),
            None => Ok(None),
        }
    }

    /// Records the attempt (or finds the first one with the same key), then
    /// charges and settles it.
    async fn place(&self, attempt: NewAttempt) -> AppResult<Paid> {
        let hash = attempt.request_hash.clone();
        let start = match self.store.begin_attempt(attempt, self.clock.now()).await {
            Err(crate::store::StoreError::Rule(rule)) if rule.code == ErrorCode::AlreadySubscribed => {
                return Err(AppError::rule(Some("offerId"), rule));
            }
            Err(crate::store::StoreError::Rule(rule)) => return Err(AppError::rule(Some("subscriptionId"), rule)),
            other => other?,
        };
        match start {
            AttemptStart::Started(attempt) => Self::paid(self.run_attempt(attempt).await?),
            AttemptStart::Existing(first) if first.request_hash != hash => {
                Err(AppError::rule(Some("idempotencyKey"), ErrorCode::IdempotencyKeyReused))
            }
            AttemptStart::Existing(first) => self.follow(first).await,
        }
    }

    /// The outcome of an attempt another request started: wait for it, and
    /// take over if it seems stuck (charging is idempotent, settling happens once).
    async fn follow(&self, first: AttemptRow) -> AppResult<Paid> {
        let deadline = tokio::time::Instant::now() + WAIT_FOR_FIRST;
        let mut attempt = first;
        while attempt.state == AttemptState::Pending && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(std::time::Duration::from_millis(25)).await;
            attempt = self.store.attempt(attempt.id).await?.ok_or_else(|| AppError::internal("attempt vanished"))?;
        }
        if attempt.state == AttemptState::Pending {
            return Self::paid(self.run_attempt(attempt).await?);
        }
        let order = match attempt.order_id {
            Some(id) => self.store.order(id).await?,
            None => None,
        };
        let subscription = match order.as_ref().and_then(|o| o.subscription_id) {
            Some(id) => self.store.subscription(id).await?,
            None => None,
        };
        Self::paid(Settled { attempt, order, subscription })
    }

    fn paid(settled: Settled) -> AppResult<Paid> {
        match (settled.attempt.state.as_str(), settled.order) {
            ("SUCCEEDED", Some(order)) => Ok(Paid { order, subscription: settled.subscription }),
            ("FAILED", _) => {
                let detail = match settled.attempt.failure_code.as_deref() {
                    Some("INSUFFICIENT_FUNDS") => Some("error-insufficient-funds"),
                    Some(ABANDONED) => Some("error-payment-abandoned"),
                    // Charged, but the subscription changed before the renewal applied: refunded by the jobs.
                    Some(SUBSCRIPTION_CHANGED) => {
                        let rule = RuleError { code: ErrorCode::SubscriptionNotActive, detail: Some("error-payment-refund-due") };
                        return Err(AppError::rule(Some("subscriptionId"), rule));
                    }
                    _ => None,
                };
                Err(AppError::rule(Some("paymentMethodId"), RuleError { code: ErrorCode::PaymentDeclined, detail }))
            }
            _ => Err(AppError::internal(format!("attempt {} is {}", settled.attempt.id, settled.attempt.state.as_str()))),
        }
    }
}
