//! The catalog, payment methods, payment attempts, subscriptions and orders,
//! service requests, competencies and mail.

use chrono::{DateTime, Utc};

use super::NewAuditEvent;
use crate::domain::catalog::{ActivationMethod, BenefitCategory, BenefitUnit, CompetencyLevel, MembershipLevel};
use crate::domain::money::Currency;
use crate::domain::service_requests::{ServiceRequestCategory, ServiceRequestStatus, Severity};
use crate::domain::subscriptions::{AttemptState, OrderKind, OrderStatus, RefundState, SubscriptionStatus};

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct OfferRow {
    pub id: i64,
    pub code: String,
    pub price_minor: i64,
    pub currency: Currency,
    pub term_months: i32,
    pub auto_renewable: bool,
    pub requires_level: MembershipLevel,
    pub terms_version: String,
    pub terms_url: String,
    pub active: bool,
}

/// An offer's allocation with its product.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct AllocationRow {
    pub offer_id: i64,
    pub position: i32,
    pub product_code: String,
    pub category: BenefitCategory,
    pub name_id: String,
    pub quantity: i32,
    pub unit: BenefitUnit,
    pub activation: ActivationMethod,
    pub seats: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct PaymentMethodRow {
    pub id: i64,
    pub organization_id: i64,
    pub brand: String,
    pub last4: String,
    pub expiry_month: i32,
    pub expiry_year: i32,
    pub holder_name: String,
    pub gateway_token: String,
    pub created_at: DateTime<Utc>,
    pub removed_at: Option<DateTime<Utc>>,
}

/// A card as the gateway tokenized it: never its number or CVC.
#[derive(Debug, Clone)]
pub struct NewPaymentMethod {
    pub brand: String,
    pub last4: String,
    pub expiry_month: i32,
    pub expiry_year: i32,
    pub holder_name: String,
    pub gateway_token: String,
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct SubscriptionRow {
    pub id: i64,
    pub organization_id: i64,
    pub offer_id: i64,
    pub status: SubscriptionStatus,
    pub auto_renew: bool,
    pub auto_renew_locked: bool,
    pub purchased_at: DateTime<Utc>,
    pub current_term_start: DateTime<Utc>,
    pub current_term_end: DateTime<Utc>,
    pub grace_ends_at: Option<DateTime<Utc>>,
    pub payment_method_id: Option<i64>,
    pub placed_by_user_id: Option<i64>,
    pub cancelled_at: Option<DateTime<Utc>>,
    pub reminded_30_for: Option<DateTime<Utc>>,
    pub reminded_7_for: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

/// The lifecycle columns of a subscription, as the domain computed them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LifecycleValues {
    pub status: SubscriptionStatus,
    pub auto_renew: bool,
    pub auto_renew_locked: bool,
    pub term_start: DateTime<Utc>,
    pub term_end: DateTime<Utc>,
    pub grace_ends_at: Option<DateTime<Utc>>,
}

/// What a compare-and-set on a subscription expects to find.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Expected {
    pub status: SubscriptionStatus,
    pub term_end: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct OrderRow {
    pub id: i64,
    pub number: String,
    pub organization_id: i64,
    pub kind: OrderKind,
    pub offer_id: i64,
    pub subscription_id: Option<i64>,
    pub amount_minor: i64,
    pub currency: Currency,
    pub status: OrderStatus,
    pub payment_method_id: i64,
    pub terms_version: String,
    pub placed_by_user_id: Option<i64>,
    pub failure_code: Option<String>,
    pub created_at: DateTime<Utc>,
    /// Set when the money it took went back (it then bought nothing).
    pub refunded_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct AttemptRow {
    pub id: i64,
    pub organization_id: i64,
    pub idempotency_key: String,
    pub request_hash: String,
    pub kind: OrderKind,
    pub offer_id: i64,
    pub subscription_id: Option<i64>,
    pub payment_method_id: i64,
    pub amount_minor: i64,
    pub currency: Currency,
    pub terms_version: String,
    pub placed_by_user_id: Option<i64>,
    /// An automatic renewal the jobs started; no user placed it.
    pub automatic: bool,
    pub charge_key: String,
    pub state: AttemptState,
    pub order_id: Option<i64>,
    pub failure_code: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Money it took for nothing: owed back, then refunded.
    pub refund: Option<RefundState>,
    pub refunded_at: Option<DateTime<Utc>>,
}

/// A payment attempt about to be made.
#[derive(Debug, Clone)]
pub struct NewAttempt {
    pub organization_id: i64,
    pub idempotency_key: String,
    pub request_hash: String,
    pub kind: OrderKind,
    pub offer_id: i64,
    pub subscription_id: Option<i64>,
    pub payment_method_id: i64,
    pub amount_minor: i64,
    pub currency: Currency,
    pub terms_version: String,
    pub placed_by_user_id: Option<i64>,
    /// An automatic renewal the jobs start; no user placed it.
    pub automatic: bool,
    pub charge_key: String,
}

/// Whether `begin_attempt` started a new attempt or found the key's first one.
#[derive(Debug, Clone, PartialEq)]
pub enum AttemptStart {
    Started(AttemptRow),
    Existing(AttemptRow),
}

/// How a payment attempt ends, with everything to write in the same transaction.
#[derive(Debug, Clone)]
pub enum Settlement {
    /// Charged: record the PAID order and apply `lifecycle` to the
    /// subscription (inserted for a purchase, updated for a renewal).
    /// When the renewal can no longer apply (its subscription changed since
    /// the charge), the order is FAILED, the refund due, and `not_applied`
    /// is audited instead, without mails.
    Paid {
        order_number: String,
        lifecycle: LifecycleValues,
        expected: Option<Expected>,
        audit: NewAuditEvent,
        mails: Vec<NewMail>,
        not_applied: NewAuditEvent,
    },
    /// Charged for a renewal whose subscription is no longer live (cancelled
    /// or expired while the charge went through): the order is FAILED with
    /// `SUBSCRIPTION_CHANGED`, the refund due, `audit` recorded, no mail.
    ChargedForNothing { order_number: String, audit: NewAuditEvent },
    /// Not charged: record the FAILED order; for a renewal, optionally apply
    /// `lifecycle` (the grace period).
    Failed {
        order_number: String,
        code: &'static str,
        lifecycle: Option<(LifecycleValues, Expected)>,
        audit: NewAuditEvent,
        mails: Vec<NewMail>,
    },
}

/// The outcome of settling an attempt.
#[derive(Debug, Clone, PartialEq)]
pub struct Settled {
    pub attempt: AttemptRow,
    pub order: Option<OrderRow>,
    pub subscription: Option<SubscriptionRow>,
}

/// A mail to queue in the outbox, already rendered in its recipient's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMail {
    pub to: String,
    pub language: crate::domain::Lang,
    pub subject: String,
    pub body: String,
}

crate::domain::stored::stored_enum!(
    /// Where a queued mail is: waiting for (another) delivery, delivered, or
    /// given up on after its last attempt.
    MailStatus { Pending = "PENDING", Sent = "SENT", Failed = "FAILED" }
);

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct MailRow {
    pub id: i64,
    pub to_address: String,
    pub language: crate::domain::Lang,
    pub subject: String,
    pub body: String,
    pub status: MailStatus,
    pub attempts: i32,
    pub next_attempt_at: DateTime<Utc>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ServiceRequestRow {
    pub id: i64,
    pub organization_id: i64,
    pub category: ServiceRequestCategory,
    pub severity: Severity,
    pub title: String,
    pub description: String,
    pub status: ServiceRequestStatus,
    pub subscription_id: Option<i64>,
    pub opened_by_user_id: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub struct NewServiceRequest {
    pub organization_id: i64,
    pub category: ServiceRequestCategory,
    pub severity: Severity,
    pub title: String,
    pub description: String,
    pub subscription_id: Option<i64>,
    pub opened_by_user_id: i64,
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct NoteRow {
    pub id: i64,
    pub service_request_id: i64,
    pub author_user_id: i64,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

/// A note to add with a change of a service request.
#[derive(Debug, Clone)]
pub struct NewNote {
    pub author_user_id: i64,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct CompetencyRow {
    pub id: i64,
    pub organization_id: i64,
    pub area_code: String,
    pub level: CompetencyLevel,
    pub attained_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub granted_by_user_id: Option<i64>,
}

/// What decides an organization's membership level: its live subscription
/// to Action Pack and its competencies (expired ones included).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MembershipFacts {
    pub live_action_pack: Option<SubscriptionRow>,
    pub competencies: Vec<CompetencyRow>,
}

/// Renders mails from a row created in the same transaction.
pub type MailsFor<T> = Box<dyn FnOnce(&T) -> Vec<NewMail> + Send>;

/// What a change records beside itself, in the same transaction.
#[derive(Debug, Clone)]
pub struct Effects {
    pub audit: NewAuditEvent,
    pub mails: Vec<NewMail>,
}
