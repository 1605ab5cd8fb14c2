//! The store's area traits. `Store` (in `mod.rs`) gathers them.

use async_trait::async_trait;
use chrono::{DateTime, TimeDelta, Utc};

use super::*;
use crate::domain::catalog::{BenefitCategory, CompetencyLevel, MembershipLevel};
use crate::domain::service_requests::ServiceRequestStatus;
use crate::domain::subscriptions::SubscriptionStatus;

/// Organizations, users, sessions, sign-in throttling and the audit log.
#[async_trait]
pub trait IdentityStore: Send + Sync {
    /// True while no partner organization exists (the demo loads only then).
    async fn has_no_partners(&self) -> StoreResult<bool>;

    // ---- organizations and users

    /// Creates a partner organization with its first global admin.
    async fn join_network(&self, org: NewOrganization, admin: NewUser, now: DateTime<Utc>) -> StoreResult<(OrganizationRow, UserRow)>;

    async fn organization(&self, id: i64) -> StoreResult<Option<OrganizationRow>>;

    /// The organization that program staff belong to.
    async fn operator_organization(&self) -> StoreResult<OrganizationRow>;

    async fn user(&self, id: i64) -> StoreResult<Option<UserRow>>;

    async fn user_by_email(&self, email: &str) -> StoreResult<Option<UserRow>>;

    /// A page of an organization's users in creation order, optionally only
    /// those holding the role whose bit is `role_bit`.
    async fn users_page(&self, organization_id: i64, role_bit: Option<i64>, page: PageRequest) -> StoreResult<Page<UserRow>>;

    /// Adds a user to an organization.
    async fn create_user(&self, organization_id: i64, user: NewUser, audit: NewAuditEvent, now: DateTime<Utc>) -> StoreResult<UserRow>;

    /// Changes a user's roles or deactivates them. The organization keeps at
    /// least one active global admin, or the change is refused with
    /// `LAST_GLOBAL_ADMIN`. Deactivation revokes the user's sessions.
    async fn update_user_access(
        &self,
        organization_id: i64,
        user_id: i64,
        change: AccessChange,
        audit: NewAuditEvent,
        now: DateTime<Utc>,
    ) -> StoreResult<UserRow>;

    /// Replaces a password hash, clears `must_change_password`, and revokes
    /// every session of the user except `keep_session`.
    async fn set_password(
        &self,
        user_id: i64,
        password_hash: &str,
        keep_session: Option<i64>,
        audit: NewAuditEvent,
        now: DateTime<Utc>,
    ) -> StoreResult<UserRow>;

    // ---- sessions and sign-in throttling

    async fn create_session(
        &self,
        user_id: i64,
        token_hash: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<SessionRow>;

    /// The live session with this token hash and its active user.
    async fn session_by_token(&self, token_hash: &str, now: DateTime<Utc>) -> StoreResult<Option<(SessionRow, UserRow, OrganizationRow)>>;

    async fn revoke_session(&self, session_id: i64, now: DateTime<Utc>) -> StoreResult<()>;

    async fn record_sign_in_failure(&self, email: &str, address: &str, now: DateTime<Utc>) -> StoreResult<()>;

    /// Failures since `since` for this email and for this address, with the
    /// oldest of each (to say when the window frees up).
    async fn sign_in_failures(&self, email: &str, address: &str, since: DateTime<Utc>) -> StoreResult<FailureCounts>;

    /// Forgets an email's failures after a successful sign-in, and prunes
    /// everything older than `before`.
    async fn clear_sign_in_failures(&self, email: &str, before: DateTime<Utc>) -> StoreResult<()>;

    // ---- audit

    /// A page of an organization's audit events, newest first.
    async fn audit_page(&self, organization_id: i64, page: PageRequest) -> StoreResult<Page<AuditEventRow>>;

    async fn audit_event(&self, id: i64) -> StoreResult<Option<AuditEventRow>>;

    /// The active users of an organization holding any role in `role_mask`.
    async fn users_with_roles(&self, organization_id: i64, role_mask: i64) -> StoreResult<Vec<UserRow>>;
}

/// The catalog, subscriptions and orders.
#[async_trait]
pub trait MembershipStore: Send + Sync {
    /// Membership level codes, lowest rank first.
    async fn membership_levels(&self) -> StoreResult<Vec<MembershipLevel>>;
    /// Offers on sale.
    async fn offers(&self) -> StoreResult<Vec<OfferRow>>;
    /// Any offer by key, on sale or not (an order keeps the offer it was for).
    async fn offer(&self, id: i64) -> StoreResult<Option<OfferRow>>;
    /// What a subscription to the offer includes, in catalog order.
    async fn allocations(&self, offer_id: i64) -> StoreResult<Vec<AllocationRow>>;
    /// Competency area codes, in catalog order.
    async fn competency_areas(&self) -> StoreResult<Vec<String>>;

    async fn subscription(&self, id: i64) -> StoreResult<Option<SubscriptionRow>>;
    /// An organization's subscriptions, newest first.
    async fn subscriptions_page(
        &self,
        organization_id: i64,
        status: Option<SubscriptionStatus>,
        page: PageRequest,
    ) -> StoreResult<Page<SubscriptionRow>>;
    /// The organization's live subscription to the offer.
    async fn live_subscription(&self, organization_id: i64, offer_id: i64) -> StoreResult<Option<SubscriptionRow>>;
    /// The live subscription to `action_pack_offer_id` and the competencies
    /// (oldest first), in one statement.
    async fn membership_facts(&self, organization_id: i64, action_pack_offer_id: i64) -> StoreResult<MembershipFacts>;
    /// Applies `lifecycle` if the subscription is still as `expected`
    /// (compare-and-set), with its audit event and mails; `None` if it changed meanwhile.
    async fn update_subscription(
        &self,
        id: i64,
        expected: Expected,
        lifecycle: LifecycleValues,
        audit: Option<NewAuditEvent>,
        mails: Vec<NewMail>,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<SubscriptionRow>>;
    /// Marks the `days`-before reminder of the term ending at `term_end` as
    /// sent and queues its mails, once; false if it was already sent.
    async fn mark_reminded(
        &self,
        id: i64,
        days: i64,
        term_end: DateTime<Utc>,
        mails: Vec<NewMail>,
        now: DateTime<Utc>,
    ) -> StoreResult<bool>;
    /// Subscriptions that may have work due by `now`: live ones whose term
    /// ends within `horizon`, and grace periods that ended.
    async fn subscriptions_needing_work(&self, now: DateTime<Utc>, horizon: TimeDelta, limit: i64) -> StoreResult<Vec<SubscriptionRow>>;

    /// An organization's orders, newest first.
    async fn orders_page(&self, organization_id: i64, page: PageRequest) -> StoreResult<Page<OrderRow>>;
    async fn order(&self, id: i64) -> StoreResult<Option<OrderRow>>;
    /// A subscription's orders, oldest first.
    async fn subscription_orders(&self, subscription_id: i64) -> StoreResult<Vec<OrderRow>>;
}

/// Payment methods and payment attempts.
#[async_trait]
pub trait PaymentStore: Send + Sync {
    async fn add_payment_method(
        &self,
        organization_id: i64,
        card: NewPaymentMethod,
        audit: NewAuditEvent,
        now: DateTime<Utc>,
    ) -> StoreResult<PaymentMethodRow>;
    /// The organization's payment methods that were not removed.
    async fn payment_methods(&self, organization_id: i64) -> StoreResult<Vec<PaymentMethodRow>>;
    async fn payment_method(&self, id: i64) -> StoreResult<Option<PaymentMethodRow>>;
    /// Removes a payment method, unless a live auto-renewing subscription pays with it.
    async fn remove_payment_method(
        &self,
        organization_id: i64,
        id: i64,
        audit: NewAuditEvent,
        now: DateTime<Utc>,
    ) -> StoreResult<PaymentMethodRow>;

    /// Records a payment attempt before anything is charged, or returns the
    /// first attempt made with the same idempotency key. A purchase is refused
    /// with `ALREADY_SUBSCRIBED` while a live subscription or another purchase
    /// of the offer exists.
    async fn begin_attempt(&self, attempt: NewAttempt, now: DateTime<Utc>) -> StoreResult<AttemptStart>;
    /// Settles a pending attempt, once: the order, the subscription change,
    /// the audit event and the mails commit together. Settling an attempt that
    /// was already settled returns its first outcome.
    async fn settle_attempt(&self, attempt_id: i64, settlement: Settlement, now: DateTime<Utc>) -> StoreResult<Settled>;
    async fn attempt(&self, id: i64) -> StoreResult<Option<AttemptRow>>;
    /// The attempt an organization made under an idempotency key.
    async fn attempt_by_key(&self, organization_id: i64, key: &str) -> StoreResult<Option<AttemptRow>>;
    /// Attempts still pending that were started at or before `before`.
    async fn pending_attempts(&self, before: DateTime<Utc>) -> StoreResult<Vec<AttemptRow>>;
    /// Attempts given up as abandoned since `since`, with no refund recorded:
    /// the gateway may still have charged them late.
    async fn abandoned_attempts(&self, since: DateTime<Utc>) -> StoreResult<Vec<AttemptRow>>;
    /// Records that the money an attempt took is owed back; `false` when a
    /// refund was already recorded for it.
    async fn mark_refund_due(&self, attempt_id: i64, now: DateTime<Utc>) -> StoreResult<bool>;
    /// Attempts whose refund is due, oldest first.
    async fn refunds_due(&self) -> StoreResult<Vec<AttemptRow>>;
    /// Marks a due refund done, with its order, audit event and mails, in one
    /// transaction; `false` (and nothing written) when it was not due any more.
    async fn mark_refunded(&self, attempt_id: i64, effects: Effects, now: DateTime<Utc>) -> StoreResult<bool>;
}

/// The test gateway's ledger, standing in for a card provider's own records.
/// Both backends implement it, but it is not part of [`Store`](super::Store):
/// only `payments::TestGateway` holds it, from [`Database`](super::Database).
#[async_trait]
pub trait GatewayLedger: Send + Sync + 'static {
    /// Records a charge under `key`, or returns the outcome first recorded under it.
    async fn ledger_charge(
        &self,
        key: &str,
        token: &str,
        amount_minor: i64,
        currency: &str,
        outcome: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<String>;
    /// The outcome recorded under `key`, if any.
    async fn ledger_find(&self, key: &str) -> StoreResult<Option<String>>;
    /// Records a refund of the charge made under `charge_key`, under its own
    /// `key`; recording it again changes nothing.
    async fn ledger_refund(&self, key: &str, charge_key: &str, amount_minor: i64, currency: &str, now: DateTime<Utc>) -> StoreResult<()>;
}

/// Service requests and competencies.
#[async_trait]
pub trait SupportStore: Send + Sync {
    /// Opens a request; `mails` renders the mails to queue with it, from the
    /// created row (whose id gives the request its number).
    async fn create_service_request(
        &self,
        request: NewServiceRequest,
        audit: NewAuditEvent,
        mails: MailsFor<ServiceRequestRow>,
        now: DateTime<Utc>,
    ) -> StoreResult<ServiceRequestRow>;
    async fn service_request(&self, id: i64) -> StoreResult<Option<ServiceRequestRow>>;
    /// Requests newest first: one organization's, or everyone's (the support queue).
    async fn service_requests_page(
        &self,
        organization_id: Option<i64>,
        status: Option<ServiceRequestStatus>,
        page: PageRequest,
    ) -> StoreResult<Page<ServiceRequestRow>>;
    /// A request's notes, oldest first.
    async fn service_request_notes(&self, id: i64) -> StoreResult<Vec<NoteRow>>;
    /// Adds a note and, when `status` is given, moves the request there if it
    /// is still in `expected` (compare-and-set); `None` if it changed meanwhile.
    async fn update_service_request(
        &self,
        id: i64,
        expected: ServiceRequestStatus,
        status: Option<ServiceRequestStatus>,
        note: Option<NewNote>,
        effects: Effects,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<ServiceRequestRow>>;
    /// Resolves a cancellation request and cancels its subscription, together.
    async fn resolve_cancellation(
        &self,
        id: i64,
        expected: ServiceRequestStatus,
        subscription: (i64, Expected),
        note: Option<NewNote>,
        effects: Effects,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<(ServiceRequestRow, SubscriptionRow)>>;

    async fn grant_competency(
        &self,
        organization_id: i64,
        area: &str,
        level: CompetencyLevel,
        expires_at: DateTime<Utc>,
        audit: NewAuditEvent,
        now: DateTime<Utc>,
    ) -> StoreResult<CompetencyRow>;
    async fn competencies(&self, organization_id: i64) -> StoreResult<Vec<CompetencyRow>>;
    async fn competency(&self, id: i64) -> StoreResult<Option<CompetencyRow>>;
}

/// The mail outbox.
#[async_trait]
pub trait OutboxStore: Send + Sync {
    /// Takes up to `limit` due mails for delivery, leasing them until `now + lease`
    /// so that no other job delivers them meanwhile.
    async fn claim_mails(&self, now: DateTime<Utc>, lease: TimeDelta, limit: i64) -> StoreResult<Vec<MailRow>>;
    async fn mark_mail_sent(&self, id: i64, now: DateTime<Utc>) -> StoreResult<()>;
    /// Records a failed delivery: retried at `retry_at`, or given up when `None`.
    async fn mark_mail_failed(&self, id: i64, error: &str, retry_at: Option<DateTime<Utc>>) -> StoreResult<()>;
    /// The newest mails, for operators (`partnerdesk jobs mails`).
    async fn recent_mails(&self, limit: i64) -> StoreResult<Vec<MailRow>>;
}

/// Benefits, their assignments, product keys and downloads.
#[async_trait]
pub trait BenefitStore: Send + Sync {
    /// The benefits of the organization's latest subscription to each offer,
    /// optionally of one category, in catalog order.
    async fn benefits(&self, organization_id: i64, category: Option<BenefitCategory>) -> StoreResult<Vec<BenefitRow>>;
    async fn benefit(&self, id: i64) -> StoreResult<Option<BenefitRow>>;
    /// Every assignment in the organization, with its user, in one query.
    async fn organization_assignments(&self, organization_id: i64) -> StoreResult<Vec<AssignmentRow>>;
    async fn benefit_assignments(&self, benefit_id: i64) -> StoreResult<Vec<AssignmentRow>>;
    async fn user_assignments(&self, user_id: i64) -> StoreResult<Vec<AssignmentRow>>;
    async fn assignment(&self, id: i64) -> StoreResult<Option<AssignmentRow>>;
    /// Assigns a benefit, refusing (`Rule`) when its subscription is not live,
    /// the user already has it, or every seat is taken — checked under the
    /// benefit's row lock, so concurrent requests never exceed the seats.
    async fn assign_benefit(&self, assignment: NewAssignment, effects: Effects, now: DateTime<Utc>) -> StoreResult<AssignmentRow>;
    async fn unassign_benefit(&self, assignment_id: i64, effects: Effects, now: DateTime<Utc>) -> StoreResult<()>;
    /// The benefit's sealed product key: `candidate` the first time (its
    /// fingerprint unique across the program), the same key afterwards.
    /// Marks the keys revealed.
    async fn reveal_key(&self, benefit_id: i64, candidate: &SealedKey, effects: Effects, now: DateTime<Utc>) -> StoreResult<String>;
    /// Keys revealed before keys were sealed.
    async fn clear_product_keys(&self) -> StoreResult<Vec<ClearKeyRow>>;
    /// Replaces a clear key by its sealed form, in one transaction.
    async fn seal_clear_key(&self, benefit_id: i64, sealed: &SealedKey) -> StoreResult<()>;
    /// The installation's secret `name`: `candidate` if it has none yet
    /// (whichever replica asks first wins), the stored one otherwise.
    async fn instance_secret(&self, name: &str, candidate: &str) -> StoreResult<String>;
    /// Every product's files, in catalog order.
    async fn downloads(&self) -> StoreResult<Vec<DownloadRow>>;
    /// Pending assignments whose activation time has come, oldest first.
    async fn due_activations(&self, now: DateTime<Utc>, limit: i64) -> StoreResult<Vec<AssignmentRow>>;
    /// Makes one pending assignment `ACTIVE` with its effects (the access
    /// instructions), all in one transaction. `false` when it was no longer
    /// pending (another runner activated it, or it was unassigned): then
    /// nothing is written, so racing runners mail the instructions once.
    async fn activate_assignment(&self, assignment_id: i64, effects: Effects, now: DateTime<Utc>) -> StoreResult<bool>;
}

/// Network membership terms: renewals and their reminders.
#[async_trait]
pub trait NetworkStore: Send + Sync {
    /// The organization's network term; `None` for the operator.
    async fn network_term(&self, organization_id: i64) -> StoreResult<Option<NetworkTermRow>>;
    /// Moves the term from `expected_end` to `next`, records the agreement
    /// accepted and the audit event, and `key` for replays, in one
    /// transaction. A key seen before answers `Replayed` and writes nothing.
    #[allow(clippy::too_many_arguments)]
    async fn renew_network(
        &self,
        organization_id: i64,
        key: Option<&str>,
        expected_end: DateTime<Utc>,
        next: crate::domain::subscriptions::Term,
        agreement_version: &str,
        audit: NewAuditEvent,
        now: DateTime<Utc>,
    ) -> StoreResult<NetworkRenewal>;
    /// Whether a renewal went through under `key`.
    async fn network_renewal_seen(&self, organization_id: i64, key: &str) -> StoreResult<bool>;
    /// Live terms ending within `horizon` of `now`, soonest first.
    async fn network_terms_ending(&self, now: DateTime<Utc>, horizon: TimeDelta, limit: i64) -> StoreResult<Vec<NetworkTermRow>>;
    /// Records the `days` reminder for the term ending `term_end`, with its
    /// mails; `false` (nothing written) when it went out already.
    async fn mark_network_reminded(
        &self,
        organization_id: i64,
        days: i64,
        term_end: DateTime<Utc>,
        mails: Vec<NewMail>,
        now: DateTime<Utc>,
    ) -> StoreResult<bool>;
}
