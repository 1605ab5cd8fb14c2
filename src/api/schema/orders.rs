//! Orders: what a purchase or renewal recorded, and how it ended.

use async_graphql::{Context, Enum, Object, ID};
use chrono::{DateTime, Utc};

use super::billing::{load_offer, load_payment_method, OfferSubscription, PaymentMethod};
use super::catalog::{Money, Offer, OrderKind};
use super::objects::User;
use super::types::global_id;
use crate::api::context::ContextExt;
use crate::app::access::Granted;
use crate::app::AppError;
use crate::domain::money::Money as DomainMoney;
use crate::domain::NodeKind;
use crate::store::OrderRow;

/// How an order ended.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum OrderStatus {
    Paid,
    Failed,
    /// Charged for nothing, then given back (see refundedAt).
    Refunded,
}

impl OrderStatus {
    fn of(order: &crate::store::OrderRow) -> Self {
        use crate::domain::subscriptions::OrderStatus as Stored;
        match (order.status, order.refunded_at) {
            (_, Some(_)) => Self::Refunded,
            (Stored::Paid, None) => Self::Paid,
            (Stored::Failed, None) => Self::Failed,
        }
    }
}

/// A purchase or renewal, paid or failed.
pub struct Order(pub Granted<OrderRow>);

#[Object]
impl Order {
    pub async fn id(&self) -> ID {
        global_id(NodeKind::Order, self.0.row().id)
    }
    /// Human-facing order number
    async fn number(&self) -> &str {
        &self.0.row().number
    }
    async fn kind(&self) -> OrderKind {
        self.0.row().kind.into()
    }
    async fn offer(&self, ctx: &Context<'_>) -> async_graphql::Result<Offer> {
        load_offer(ctx, self.0.row().offer_id).await
    }
    async fn subscription(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<OfferSubscription>> {
        let Some(id) = self.0.row().subscription_id else { return Ok(None) };
        let viewer = self.0.viewer();
        Ok(Some(OfferSubscription(ctx.app().referenced_subscription(viewer, id).await.map_err(|e| ctx.error(e))?)))
    }
    async fn total(&self) -> Money {
        Money(DomainMoney { minor: self.0.row().amount_minor, currency: self.0.row().currency })
    }
    async fn status(&self) -> OrderStatus {
        OrderStatus::of(self.0.row())
    }
    /// REFUNDED orders: when the money went back to the card
    async fn refunded_at(&self) -> Option<DateTime<Utc>> {
        self.0.row().refunded_at
    }
    async fn payment_method(&self, ctx: &Context<'_>) -> async_graphql::Result<PaymentMethod> {
        load_payment_method(ctx, self.0.viewer(), self.0.row().payment_method_id).await
    }
    async fn terms_version(&self) -> &str {
        &self.0.row().terms_version
    }
    /// Who placed it; for automatic renewals, who bought the subscription
    async fn placed_by(&self, ctx: &Context<'_>) -> async_graphql::Result<User> {
        let id = self.0.row().placed_by_user_id.ok_or_else(|| ctx.error(AppError::internal("order without a placing user")))?;
        let viewer = self.0.viewer();
        Ok(User(ctx.app().referenced_user(viewer, id).await.map_err(|e| ctx.error(e))?))
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.row().created_at
    }
}
