//! Payment methods and subscriptions, and the mutations that buy, renew and
//! leave Action Pack (orders are in `orders.rs`).

use async_graphql::{Context, Enum, InputObject, Object, SimpleObject, ID};
use chrono::{DateTime, Utc};

use super::catalog::Offer;
use super::orders::Order;
use super::support::ServiceRequest;
use super::types::{decode_id, global_id, payload, UserError};
use crate::api::context::ContextExt;
use crate::app::billing::{CardInput, OrderRequest, Paid};
use crate::app::AppError;
use crate::domain::NodeKind;
use std::sync::Arc;

use crate::app::access::Granted;
use crate::app::Viewer;
use crate::store::{PaymentMethodRow, SubscriptionRow};

/// A card on file: only its brand, last four digits and expiry are kept.
pub struct PaymentMethod(pub Granted<PaymentMethodRow>);

#[Object]
impl PaymentMethod {
    pub async fn id(&self) -> ID {
        global_id(NodeKind::PaymentMethod, self.0.row().id)
    }
    async fn brand(&self) -> &str {
        &self.0.row().brand
    }
    async fn last4(&self) -> &str {
        &self.0.row().last4
    }
    async fn expiry_month(&self) -> i32 {
        self.0.row().expiry_month
    }
    async fn expiry_year(&self) -> i32 {
        self.0.row().expiry_year
    }
    async fn holder_name(&self) -> &str {
        &self.0.row().holder_name
    }
}

/// Where a subscription is in its life.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "crate::domain::subscriptions::SubscriptionStatus")]
pub enum SubscriptionStatus {
    Active,
    GracePeriod,
    Expired,
    Cancelled,
}

pub(super) async fn load_offer(ctx: &Context<'_>, id: i64) -> async_graphql::Result<Offer> {
    let offer = ctx.app().offer_on_sale(id).await.map_err(|e| ctx.error(e))?;
    offer.map(Offer).ok_or_else(|| ctx.error(AppError::internal("missing offer")))
}

pub(super) async fn load_payment_method(ctx: &Context<'_>, viewer: &Arc<Viewer>, id: i64) -> async_graphql::Result<PaymentMethod> {
    Ok(PaymentMethod(ctx.app().referenced_payment_method(viewer, id).await.map_err(|e| ctx.error(e))?))
}

/// A purchased offer: Action Pack bought by an organization.
pub struct OfferSubscription(pub Granted<SubscriptionRow>);

#[Object]
impl OfferSubscription {
    pub async fn id(&self) -> ID {
        global_id(NodeKind::OfferSubscription, self.0.row().id)
    }
    async fn offer(&self, ctx: &Context<'_>) -> async_graphql::Result<Offer> {
        load_offer(ctx, self.0.row().offer_id).await
    }
    async fn status(&self) -> SubscriptionStatus {
        self.0.row().status.into()
    }
    async fn auto_renew(&self) -> bool {
        self.0.row().auto_renew
    }
    /// False once auto-renew was turned off, until the subscription is renewed
    async fn can_turn_on_auto_renew(&self) -> bool {
        crate::app::subscriptions::lifecycle_of(self.0.row()).can_turn_on_auto_renew()
    }
    async fn purchased_at(&self) -> DateTime<Utc> {
        self.0.row().purchased_at
    }
    async fn current_term_start(&self) -> DateTime<Utc> {
        self.0.row().current_term_start
    }
    /// Renews (auto-renew on) or expires (off) at this time
    async fn current_term_end(&self) -> DateTime<Utc> {
        self.0.row().current_term_end
    }
    /// Set while the term has ended without renewal; benefits continue until then
    async fn grace_ends_at(&self) -> Option<DateTime<Utc>> {
        self.0.row().grace_ends_at
    }
    async fn renewal_opens_at(&self) -> DateTime<Utc> {
        crate::app::subscriptions::lifecycle_of(self.0.row()).renewal_opens_at()
    }
    async fn payment_method(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<PaymentMethod>> {
        match self.0.row().payment_method_id {
            Some(id) => Ok(Some(load_payment_method(ctx, self.0.viewer(), id).await?)),
            None => Ok(None),
        }
    }
    async fn orders(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Order>> {
        let viewer = self.0.viewer();
        let rows = ctx.app().subscription_orders(viewer, &self.0).await.map_err(|e| ctx.error(e))?;
        Ok(rows.into_iter().map(Order).collect())
    }
    async fn benefits(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<super::benefits::Benefit>> {
        let viewer = self.0.viewer();
        let all = ctx.app().list_benefits(viewer, self.0.row().organization_id, None).await.map_err(|e| ctx.error(e))?;
        let mine = all.into_iter().filter(|b| b.row.subscription_id == self.0.row().id).collect();
        Ok(viewer.grant_all(mine).map_err(|e| ctx.error(e))?.into_iter().map(super::benefits::Benefit).collect())
    }
}

#[derive(InputObject)]
pub struct AddPaymentMethodInput {
    /// Digits; spaces and dashes are ignored. Never stored.
    pub card_number: String,
    pub expiry_month: i32,
    pub expiry_year: i32,
    /// Never stored.
    pub cvc: String,
    pub holder_name: String,
}

#[derive(SimpleObject, Default)]
pub struct AddPaymentMethodPayload {
    pub payment_method: Option<PaymentMethod>,
    pub user_errors: Vec<UserError>,
}

#[derive(InputObject)]
pub struct RemovePaymentMethodInput {
    pub payment_method_id: ID,
}

#[derive(SimpleObject, Default)]
pub struct RemovePaymentMethodPayload {
    pub removed_id: Option<ID>,
    pub user_errors: Vec<UserError>,
}

#[derive(InputObject)]
pub struct PurchaseOfferInput {
    pub offer_id: ID,
    pub payment_method_id: ID,
    /// Must equal the offer's current terms version
    pub accept_terms_version: String,
    /// Retrying with the same key returns the first result and never charges twice
    pub idempotency_key: Option<String>,
}

#[derive(SimpleObject, Default)]
pub struct PurchaseOfferPayload {
    pub order: Option<Order>,
    pub subscription: Option<OfferSubscription>,
    pub user_errors: Vec<UserError>,
}

#[derive(InputObject)]
pub struct SetAutoRenewInput {
    pub subscription_id: ID,
    pub enabled: bool,
}

#[derive(SimpleObject, Default)]
pub struct SetAutoRenewPayload {
    pub subscription: Option<OfferSubscription>,
    pub user_errors: Vec<UserError>,
}

#[derive(InputObject)]
pub struct RenewSubscriptionInput {
    pub subscription_id: ID,
    pub payment_method_id: ID,
    pub accept_terms_version: String,
    pub idempotency_key: Option<String>,
}

#[derive(SimpleObject, Default)]
pub struct RenewSubscriptionPayload {
    pub order: Option<Order>,
    pub subscription: Option<OfferSubscription>,
    pub user_errors: Vec<UserError>,
}

#[derive(InputObject)]
pub struct RequestCancellationInput {
    pub subscription_id: ID,
    pub reason: String,
}

#[derive(SimpleObject, Default)]
pub struct RequestCancellationPayload {
    pub service_request: Option<ServiceRequest>,
    pub user_errors: Vec<UserError>,
}

fn order_request(target: Result<i64, AppError>, payment_method: &ID, terms: String, key: Option<String>) -> Result<OrderRequest, AppError> {
    Ok(OrderRequest {
        target_id: target?,
        payment_method_id: decode_id(payment_method, NodeKind::PaymentMethod, "paymentMethodId")?,
        accept_terms_version: terms,
        idempotency_key: key,
    })
}

#[derive(Default)]
pub struct BillingMutation;

#[Object]
impl BillingMutation {
    /// Adds a card. Only its brand, last four digits and expiry are kept.
    async fn add_payment_method(&self, ctx: &Context<'_>, input: AddPaymentMethodInput) -> async_graphql::Result<AddPaymentMethodPayload> {
        let viewer = ctx.viewer().await?;
        let card = CardInput {
            number: input.card_number,
            expiry_month: input.expiry_month,
            expiry_year: input.expiry_year,
            cvc: input.cvc,
            holder_name: input.holder_name,
        };
        payload(ctx, ctx.app().add_payment_method(&viewer, card).await, |pm| AddPaymentMethodPayload {
            payment_method: viewer.grant(pm).ok().map(PaymentMethod),
            user_errors: vec![],
        })
    }

    async fn remove_payment_method(
        &self,
        ctx: &Context<'_>,
        input: RemovePaymentMethodInput,
    ) -> async_graphql::Result<RemovePaymentMethodPayload> {
        let viewer = ctx.viewer().await?;
        let result = match decode_id(&input.payment_method_id, NodeKind::PaymentMethod, "paymentMethodId") {
            Ok(id) => ctx.app().remove_payment_method(&viewer, id).await,
            Err(e) => Err(e),
        };
        payload(ctx, result, |pm| RemovePaymentMethodPayload {
            removed_id: Some(global_id(NodeKind::PaymentMethod, pm.id)),
            user_errors: vec![],
        })
    }

    /// Buys an offer: the card is charged immediately.
    async fn purchase_offer(&self, ctx: &Context<'_>, input: PurchaseOfferInput) -> async_graphql::Result<PurchaseOfferPayload> {
        let viewer = ctx.viewer().await?;
        let request = order_request(
            decode_id(&input.offer_id, NodeKind::Offer, "offerId"),
            &input.payment_method_id,
            input.accept_terms_version,
            input.idempotency_key,
        );
        let result = match request {
            Ok(r) => ctx.app().purchase(&viewer, r).await,
            Err(e) => Err(e),
        };
        payload(ctx, result, |Paid { order, subscription }| PurchaseOfferPayload {
            order: viewer.grant(order).ok().map(Order),
            subscription: subscription.and_then(|s| viewer.grant(s).ok()).map(OfferSubscription),
            user_errors: vec![],
        })
    }

    /// Turns automatic renewal off (any time) or on (only until it was turned off).
    async fn set_auto_renew(&self, ctx: &Context<'_>, input: SetAutoRenewInput) -> async_graphql::Result<SetAutoRenewPayload> {
        let viewer = ctx.viewer().await?;
        let result = match decode_id(&input.subscription_id, NodeKind::OfferSubscription, "subscriptionId") {
            Ok(id) => ctx.app().set_auto_renew(&viewer, id, input.enabled).await,
            Err(e) => Err(e),
        };
        payload(ctx, result, |sub| SetAutoRenewPayload { subscription: viewer.grant(sub).ok().map(OfferSubscription), user_errors: vec![] })
    }

    /// Renews by hand, from 30 days before the term ends until the grace period ends.
    async fn renew_subscription(
        &self,
        ctx: &Context<'_>,
        input: RenewSubscriptionInput,
    ) -> async_graphql::Result<RenewSubscriptionPayload> {
        let viewer = ctx.viewer().await?;
        let request = order_request(
            decode_id(&input.subscription_id, NodeKind::OfferSubscription, "subscriptionId"),
            &input.payment_method_id,
            input.accept_terms_version,
            input.idempotency_key,
        );
        let result = match request {
            Ok(r) => ctx.app().renew(&viewer, r).await,
            Err(e) => Err(e),
        };
        payload(ctx, result, |Paid { order, subscription }| RenewSubscriptionPayload {
            order: viewer.grant(order).ok().map(Order),
            subscription: subscription.and_then(|s| viewer.grant(s).ok()).map(OfferSubscription),
            user_errors: vec![],
        })
    }

    /// Cancellation goes through support: this opens a billing service request for the subscription
    async fn request_cancellation(
        &self,
        ctx: &Context<'_>,
        input: RequestCancellationInput,
    ) -> async_graphql::Result<RequestCancellationPayload> {
        let viewer = ctx.viewer().await?;
        let result = match decode_id(&input.subscription_id, NodeKind::OfferSubscription, "subscriptionId") {
            Ok(id) => ctx.app().request_cancellation(&viewer, id, &input.reason).await,
            Err(e) => Err(e),
        };
        payload(ctx, result, |sr| RequestCancellationPayload {
            service_request: viewer.grant(sr).ok().map(ServiceRequest),
            user_errors: vec![],
        })
    }
}

super::types::impl_payload!(
    AddPaymentMethodPayload,
    RemovePaymentMethodPayload,
    PurchaseOfferPayload,
    SetAutoRenewPayload,
    RenewSubscriptionPayload,
    RequestCancellationPayload
);
