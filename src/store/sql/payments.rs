//! Payment methods, payment attempts and their settlement (mounted per
//! backend; see `sql/mod.rs`).

use crate::domain::subscriptions::{AttemptState, OrderKind, OrderStatus, RefundState, ABANDONED, SUBSCRIPTION_CHANGED};
use chrono::{DateTime, Utc};
use const_format::concatcp;

use super::{writes, SqlStore, Tx};
use crate::store::sql::{Dialect, ATTEMPT_COLS, ORDER_COLS, PAYMENT_METHOD_COLS, SUBSCRIPTION_COLS};
use crate::store::{
    AttemptRow, AttemptStart, Effects, NewAttempt, NewAuditEvent, NewPaymentMethod, OrderRow, PaymentMethodRow, PaymentStore, Settled,
    Settlement, StoreError, StoreResult, SubscriptionRow,
};
/// An organization's attempt with an idempotency key.
const ATTEMPT_BY_KEY: &str =
    concatcp!("SELECT ", ATTEMPT_COLS, " FROM payment_attempts WHERE organization_id = $1 AND idempotency_key = $2");

#[async_trait::async_trait]
impl PaymentStore for SqlStore {
    async fn add_payment_method(
        &self,
        organization_id: i64,
        card: NewPaymentMethod,
        audit: NewAuditEvent,
        now: DateTime<Utc>,
    ) -> StoreResult<PaymentMethodRow> {
        use crate::domain::{GlobalId, NodeKind};
        let mut tx = self.begin_write().await?;
        const SQL: &str = concatcp!("INSERT INTO payment_methods (organization_id, brand, last4, expiry_month, expiry_year, holder_name, gateway_token, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ", PAYMENT_METHOD_COLS);
        let row: PaymentMethodRow = sqlx::query_as(SQL)
            .bind(organization_id)
            .bind(&card.brand)
            .bind(&card.last4)
            .bind(card.expiry_month)
            .bind(card.expiry_year)
            .bind(&card.holder_name)
            .bind(&card.gateway_token)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
        writes::insert_audit(&mut tx, organization_id, &audit, Some(GlobalId::new(NodeKind::PaymentMethod, row.id)), now).await?;
        tx.commit().await?;
        Ok(row)
    }

    async fn payment_methods(&self, organization_id: i64) -> StoreResult<Vec<PaymentMethodRow>> {
        const SQL: &str = concatcp!(
            "SELECT ",
            PAYMENT_METHOD_COLS,
            " FROM payment_methods WHERE organization_id = $1 AND removed_at IS NULL ORDER BY id"
        );
        Ok(sqlx::query_as(SQL).bind(organization_id).fetch_all(&self.pool).await?)
    }

    async fn payment_method(&self, id: i64) -> StoreResult<Option<PaymentMethodRow>> {
        const SQL: &str = concatcp!("SELECT ", PAYMENT_METHOD_COLS, " FROM payment_methods WHERE id = $1");
        Ok(sqlx::query_as(SQL).bind(id).fetch_optional(&self.pool).await?)
    }

    async fn remove_payment_method(
        &self,
        organization_id: i64,
        id: i64,
        audit: NewAuditEvent,
        now: DateTime<Utc>,
    ) -> StoreResult<PaymentMethodRow> {
        use crate::domain::{GlobalId, NodeKind, RuleError};
        let mut tx = self.begin_write().await?;
        sqlx::query(SqlStore::ORGANIZATION_FOR_WRITE).bind(organization_id).fetch_optional(&mut *tx).await?;
        // Only the organization's own subscriptions count: another
        // organization's card must answer like a missing one.
        let (in_use,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM subscriptions WHERE payment_method_id = $1 AND organization_id = $2 \
             AND auto_renew AND status IN ('ACTIVE', 'GRACE_PERIOD')",
        )
        .bind(id)
        .bind(organization_id)
        .fetch_one(&mut *tx)
        .await?;
        if in_use > 0 {
            tx.rollback().await?;
            return Err(StoreError::Rule(RuleError::invalid("error-payment-method-in-use")));
        }
        const SQL: &str = concatcp!(
            "UPDATE payment_methods SET removed_at = $1 WHERE id = $2 AND organization_id = $3 AND removed_at IS NULL RETURNING ",
            PAYMENT_METHOD_COLS
        );
        let row: PaymentMethodRow =
            sqlx::query_as(SQL).bind(now).bind(id).bind(organization_id).fetch_optional(&mut *tx).await?.ok_or(StoreError::NotFound)?;
        writes::insert_audit(&mut tx, organization_id, &audit, Some(GlobalId::new(NodeKind::PaymentMethod, id)), now).await?;
        tx.commit().await?;
        Ok(row)
    }

    async fn begin_attempt(&self, attempt: NewAttempt, now: DateTime<Utc>) -> StoreResult<AttemptStart> {
        use crate::domain::{ErrorCode, RuleError};
        let mut tx = self.begin_write().await?;
        // Serializes the attempts of one organization, so that identical
        // requests in flight at once find each other's attempt.
        sqlx::query(SqlStore::ORGANIZATION_FOR_WRITE).bind(attempt.organization_id).fetch_optional(&mut *tx).await?;
        let existing: Option<AttemptRow> =
            sqlx::query_as(ATTEMPT_BY_KEY).bind(attempt.organization_id).bind(&attempt.idempotency_key).fetch_optional(&mut *tx).await?;
        if let Some(first) = existing {
            tx.commit().await?;
            return Ok(AttemptStart::Existing(first));
        }
        let (busy,): (i64,) = if attempt.kind == OrderKind::New {
            sqlx::query_as(
                "SELECT (SELECT COUNT(*) FROM subscriptions WHERE organization_id = $1 AND offer_id = $2 AND status IN ('ACTIVE', 'GRACE_PERIOD')) \
                 + (SELECT COUNT(*) FROM payment_attempts WHERE organization_id = $1 AND offer_id = $2 AND kind = 'NEW' AND state = 'PENDING')",
            )
            .bind(attempt.organization_id)
            .bind(attempt.offer_id)
            .fetch_one(&mut *tx)
            .await?
        } else {
            sqlx::query_as("SELECT COUNT(*) FROM payment_attempts WHERE subscription_id = $1 AND kind = 'RENEWAL' AND state = 'PENDING'")
                .bind(attempt.subscription_id)
                .fetch_one(&mut *tx)
                .await?
        };
        if busy > 0 {
            tx.rollback().await?;
            let rule = if attempt.kind == OrderKind::New {
                RuleError::new(ErrorCode::AlreadySubscribed)
            } else {
                RuleError::invalid("error-payment-in-progress")
            };
            return Err(StoreError::Rule(rule));
        }
        const INSERT: &str = concatcp!("INSERT INTO payment_attempts (organization_id, idempotency_key, request_hash, kind, offer_id, subscription_id, payment_method_id, \
             amount_minor, currency, terms_version, placed_by_user_id, automatic, charge_key, state, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'PENDING', $14, $14) RETURNING ", ATTEMPT_COLS);
        let row = sqlx::query_as(INSERT)
            .bind(attempt.organization_id)
            .bind(&attempt.idempotency_key)
            .bind(&attempt.request_hash)
            .bind(attempt.kind)
            .bind(attempt.offer_id)
            .bind(attempt.subscription_id)
            .bind(attempt.payment_method_id)
            .bind(attempt.amount_minor)
            .bind(attempt.currency)
            .bind(&attempt.terms_version)
            .bind(attempt.placed_by_user_id)
            .bind(attempt.automatic)
            .bind(&attempt.charge_key)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(AttemptStart::Started(row))
    }

    async fn settle_attempt(&self, attempt_id: i64, settlement: Settlement, now: DateTime<Utc>) -> StoreResult<Settled> {
        use crate::domain::{GlobalId, NodeKind};
        let mut tx = self.begin_write().await?;
        const SELECT_LOCKED: &str = concatcp!("SELECT ", ATTEMPT_COLS, " FROM payment_attempts WHERE id = $1", SqlStore::FOR_UPDATE);
        let attempt: AttemptRow =
            sqlx::query_as(SELECT_LOCKED).bind(attempt_id).fetch_optional(&mut *tx).await?.ok_or(StoreError::NotFound)?;
        if attempt.state != AttemptState::Pending {
            let outcome = settled_outcome(&mut tx, attempt).await?;
            tx.commit().await?;
            return Ok(outcome);
        }
        let (state, order_id, failure_code, subscription, refund) = match settlement {
            Settlement::Paid { order_number, lifecycle, expected, audit, mails, not_applied } => {
                let subscription: Option<SubscriptionRow> = match (attempt.subscription_id, expected) {
                    (Some(id), Some(expected)) => {
                        let Some(updated) = writes::set_lifecycle(&mut tx, id, expected, lifecycle, now).await? else {
                            // The subscription changed between the app's read and
                            // this update: the renewal can no longer apply.
                            let decided = charged_for_nothing(&mut tx, &attempt, &order_number, &not_applied, now).await?;
                            return finish(tx, attempt_id, decided, now).await;
                        };
                        Some(updated)
                    }
                    _ => {
                        const INSERT_SUBSCRIPTION: &str = concatcp!(
                            "INSERT INTO subscriptions (organization_id, offer_id, status, auto_renew, auto_renew_locked, purchased_at, \
                             current_term_start, current_term_end, grace_ends_at, payment_method_id, placed_by_user_id, updated_at) \
                             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $6) RETURNING ",
                            SUBSCRIPTION_COLS
                        );
                        Some(
                            sqlx::query_as(INSERT_SUBSCRIPTION)
                                .bind(attempt.organization_id)
                                .bind(attempt.offer_id)
                                .bind(lifecycle.status)
                                .bind(lifecycle.auto_renew)
                                .bind(lifecycle.auto_renew_locked)
                                .bind(now)
                                .bind(lifecycle.term_start)
                                .bind(lifecycle.term_end)
                                .bind(lifecycle.grace_ends_at)
                                .bind(attempt.payment_method_id)
                                .bind(attempt.placed_by_user_id)
                                .fetch_one(&mut *tx)
                                .await?,
                        )
                    }
                };
                let sub_id = subscription.as_ref().map(|s| s.id);
                if let (None, Some(id)) = (attempt.subscription_id, sub_id) {
                    // A new subscription gets one benefit per allocation of its offer.
                    sqlx::query(
                        "INSERT INTO benefits (organization_id, subscription_id, position, product_code, quantity, unit, activation, seats, created_at) \
                         SELECT $1, $2, position, product_code, quantity, unit, activation, seats, $3 FROM offer_allocations WHERE offer_id = $4",
                    )
                    .bind(attempt.organization_id)
                    .bind(id)
                    .bind(now)
                    .bind(attempt.offer_id)
                    .execute(&mut *tx)
                    .await?;
                }
                let order = writes::insert_order(&mut tx, &attempt, &order_number, sub_id, OrderStatus::Paid, None, now).await?;
                let target = sub_id.map(|id| GlobalId::new(NodeKind::OfferSubscription, id));
                writes::insert_audit(&mut tx, attempt.organization_id, &audit, target, now).await?;
                writes::insert_mails(&mut tx, &mails, now).await?;
                (AttemptState::Succeeded, order.id, None, subscription, None)
            }
            Settlement::ChargedForNothing { order_number, audit } => {
                let decided = charged_for_nothing(&mut tx, &attempt, &order_number, &audit, now).await?;
                return finish(tx, attempt_id, decided, now).await;
            }
            Settlement::Failed { order_number, code, lifecycle, audit, mails } => {
                let order =
                    writes::insert_order(&mut tx, &attempt, &order_number, attempt.subscription_id, OrderStatus::Failed, Some(code), now)
                        .await?;
                let subscription = match (attempt.subscription_id, lifecycle) {
                    (Some(id), Some((values, expected))) => writes::set_lifecycle(&mut tx, id, expected, values, now).await?,
                    _ => None,
                };
                let target = Some(GlobalId::new(NodeKind::Order, order.id));
                writes::insert_audit(&mut tx, attempt.organization_id, &audit, target, now).await?;
                writes::insert_mails(&mut tx, &mails, now).await?;
                (AttemptState::Failed, order.id, Some(code), subscription, None)
            }
        };
        finish(tx, attempt_id, (state, order_id, failure_code, subscription, refund), now).await
    }

    async fn attempt(&self, id: i64) -> StoreResult<Option<AttemptRow>> {
        const SQL: &str = concatcp!("SELECT ", ATTEMPT_COLS, " FROM payment_attempts WHERE id = $1");
        Ok(sqlx::query_as(SQL).bind(id).fetch_optional(&self.pool).await?)
    }

    async fn attempt_by_key(&self, organization_id: i64, key: &str) -> StoreResult<Option<AttemptRow>> {
        Ok(sqlx::query_as(ATTEMPT_BY_KEY).bind(organization_id).bind(key).fetch_optional(&self.pool).await?)
    }

    async fn pending_attempts(&self, before: DateTime<Utc>) -> StoreResult<Vec<AttemptRow>> {
        const SQL: &str =
            concatcp!("SELECT ", ATTEMPT_COLS, " FROM payment_attempts WHERE state = 'PENDING' AND created_at <= $1 ORDER BY id");
        Ok(sqlx::query_as(SQL).bind(before).fetch_all(&self.pool).await?)
    }

    async fn abandoned_attempts(&self, since: DateTime<Utc>) -> StoreResult<Vec<AttemptRow>> {
        const SQL: &str = concatcp!(
            "SELECT ",
            ATTEMPT_COLS,
            " FROM payment_attempts WHERE state = 'FAILED' AND failure_code = '",
            ABANDONED,
            "' AND refund IS NULL AND created_at >= $1 ORDER BY id"
        );
        Ok(sqlx::query_as(SQL).bind(since).fetch_all(&self.pool).await?)
    }

    async fn mark_refund_due(&self, attempt_id: i64, now: DateTime<Utc>) -> StoreResult<bool> {
        let done = sqlx::query("UPDATE payment_attempts SET refund = 'DUE', updated_at = $2 WHERE id = $1 AND refund IS NULL")
            .bind(attempt_id)
            .bind(now)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn refunds_due(&self) -> StoreResult<Vec<AttemptRow>> {
        const SQL: &str = concatcp!("SELECT ", ATTEMPT_COLS, " FROM payment_attempts WHERE refund = 'DUE' ORDER BY id");
        Ok(sqlx::query_as(SQL).fetch_all(&self.pool).await?)
    }

    async fn mark_refunded(&self, attempt_id: i64, effects: Effects, now: DateTime<Utc>) -> StoreResult<bool> {
        use crate::domain::{GlobalId, NodeKind};
        let mut tx = self.begin_write().await?;
        let found: Option<(i64, Option<i64>)> = sqlx::query_as(
            "UPDATE payment_attempts SET refund = 'REFUNDED', refunded_at = $2, updated_at = $2 WHERE id = $1 AND refund = 'DUE' \
             RETURNING organization_id, order_id",
        )
        .bind(attempt_id)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((organization_id, order_id)) = found else {
            tx.rollback().await?;
            return Ok(false);
        };
        if let Some(order_id) = order_id {
            sqlx::query("UPDATE orders SET refunded_at = $2 WHERE id = $1").bind(order_id).bind(now).execute(&mut *tx).await?;
        }
        let target = order_id.map(|id| GlobalId::new(NodeKind::Order, id));
        writes::insert_audit(&mut tx, organization_id, &effects.audit, target, now).await?;
        writes::insert_mails(&mut tx, &effects.mails, now).await?;
        tx.commit().await?;
        Ok(true)
    }
}

/// What settling decided: the attempt's state, its order, failure code,
/// subscription and whether a refund is owed.
type Decided = (AttemptState, i64, Option<&'static str>, Option<SubscriptionRow>, Option<RefundState>);

/// A renewal charged when it could no longer apply: nothing was bought, so
/// the order is FAILED and the money owed back (the jobs refund it).
async fn charged_for_nothing(
    tx: &mut Tx,
    attempt: &AttemptRow,
    order_number: &str,
    audit: &NewAuditEvent,
    now: DateTime<Utc>,
) -> StoreResult<Decided> {
    use crate::domain::{GlobalId, NodeKind};
    tracing::warn!(attempt = attempt.id, subscription = ?attempt.subscription_id, "a paid renewal found its subscription changed; refund due");
    let code = Some(SUBSCRIPTION_CHANGED);
    let order = writes::insert_order(tx, attempt, order_number, attempt.subscription_id, OrderStatus::Failed, code, now).await?;
    writes::insert_audit(tx, attempt.organization_id, audit, Some(GlobalId::new(NodeKind::Order, order.id)), now).await?;
    let subscription = match attempt.subscription_id {
        Some(id) => writes::subscription_in(tx, id).await?,
        None => None,
    };
    Ok((AttemptState::Failed, order.id, code, subscription, Some(RefundState::Due)))
}

/// Records the settled attempt and commits.
async fn finish(mut tx: Tx, attempt_id: i64, decided: Decided, now: DateTime<Utc>) -> StoreResult<Settled> {
    let (state, order_id, failure_code, subscription, refund) = decided;
    const SETTLE: &str = concatcp!(
        "UPDATE payment_attempts SET state = $1, order_id = $2, failure_code = $3, refund = $4, updated_at = $5 WHERE id = $6 RETURNING ",
        ATTEMPT_COLS
    );
    let attempt = sqlx::query_as(SETTLE)
        .bind(state)
        .bind(order_id)
        .bind(failure_code)
        .bind(refund)
        .bind(now)
        .bind(attempt_id)
        .fetch_one(&mut *tx)
        .await?;
    let mut outcome = settled_outcome(&mut tx, attempt).await?;
    if outcome.subscription.is_none() {
        outcome.subscription = subscription;
    }
    tx.commit().await?;
    Ok(outcome)
}

async fn settled_outcome(tx: &mut Tx, attempt: AttemptRow) -> StoreResult<Settled> {
    let order: Option<OrderRow> = match attempt.order_id {
        Some(id) => {
            const SQL: &str = concatcp!("SELECT ", ORDER_COLS, " FROM orders WHERE id = $1");
            sqlx::query_as(SQL).bind(id).fetch_optional(&mut **tx).await?
        }
        None => None,
    };
    let subscription = match order.as_ref().and_then(|o| o.subscription_id).or(attempt.subscription_id) {
        Some(id) => writes::subscription_in(tx, id).await?,
        None => None,
    };
    Ok(Settled { attempt, order, subscription })
}
