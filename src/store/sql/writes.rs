//! Rows written inside the areas' transactions: mails, audit events, users,
//! subscription lifecycles, orders and reminders (mounted per backend; see
//! `sql/mod.rs`).

use chrono::{DateTime, Utc};
use const_format::concatcp;

use super::Tx;
use crate::domain::subscriptions::{OrderStatus, SubscriptionStatus};
use crate::domain::GlobalId;
use crate::store::sql::{ORDER_COLS, SUBSCRIPTION_COLS, USER_COLS};
use crate::store::{
    AttemptRow, Expected, LifecycleValues, NewAuditEvent, NewMail, NewUser, OrderRow, StoreResult, SubscriptionRow, UserRow,
};

pub(super) async fn insert_mails(tx: &mut Tx, mails: &[NewMail], now: DateTime<Utc>) -> StoreResult<()> {
    for mail in mails {
        sqlx::query(
            "INSERT INTO outbox_mails (to_address, language, subject, body, status, attempts, next_attempt_at, created_at) VALUES ($1, $2, $3, $4, 'PENDING', 0, $5, $5)",
        )
        .bind(&mail.to)
        .bind(mail.language)
        .bind(&mail.subject)
        .bind(&mail.body)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// A reminder, once: `mark` records in the row `id` that the reminder for the
/// term ending `$1` went out (`$2` is now, `$3` the id), and only when it
/// changed the row are `mails` queued, in the same transaction. `false` when
/// the reminder had gone out already.
pub(super) async fn remind_once(
    store: &super::SqlStore,
    mark: &'static str,
    id: i64,
    term_end: DateTime<Utc>,
    mails: &[NewMail],
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    use crate::store::sql::Dialect;
    let mut tx = store.begin_write().await?;
    let updated = sqlx::query(mark).bind(term_end).bind(now).bind(id).execute(&mut *tx).await?;
    if updated.rows_affected() == 0 {
        tx.rollback().await?;
        return Ok(false);
    }
    insert_mails(&mut tx, mails, now).await?;
    tx.commit().await?;
    Ok(true)
}

pub(super) async fn insert_audit(
    tx: &mut Tx,
    organization_id: i64,
    event: &NewAuditEvent,
    target: Option<GlobalId>,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query("INSERT INTO audit_events (organization_id, actor_user_id, action, target_id, at) VALUES ($1, $2, $3, $4, $5)")
        .bind(organization_id)
        .bind(event.actor_user_id)
        .bind(event.action)
        .bind(target.or(event.target).map(|t| t.encode()))
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub(super) async fn insert_user(tx: &mut Tx, organization_id: i64, user: &NewUser, now: DateTime<Utc>) -> StoreResult<UserRow> {
    const SQL: &str = concatcp!(
        "INSERT INTO users (organization_id, email, display_name, password_hash, roles, active, must_change_password, language, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, TRUE, $6, $7, $8, $8) RETURNING ",
        USER_COLS
    );
    Ok(sqlx::query_as(SQL)
        .bind(organization_id)
        .bind(&user.email)
        .bind(&user.display_name)
        .bind(&user.password_hash)
        .bind(user.roles)
        .bind(user.must_change_password)
        .bind(user.language)
        .bind(now)
        .fetch_one(&mut **tx)
        .await?)
}

pub(super) async fn subscription_in(tx: &mut Tx, id: i64) -> StoreResult<Option<SubscriptionRow>> {
    const SQL: &str = concatcp!("SELECT ", SUBSCRIPTION_COLS, " FROM subscriptions WHERE id = $1");
    Ok(sqlx::query_as(SQL).bind(id).fetch_optional(&mut **tx).await?)
}

/// Compare-and-set of a subscription's lifecycle inside a transaction.
pub(super) async fn set_lifecycle(
    tx: &mut Tx,
    id: i64,
    expected: Expected,
    values: LifecycleValues,
    now: DateTime<Utc>,
) -> StoreResult<Option<SubscriptionRow>> {
    const SQL: &str = concatcp!(
        "UPDATE subscriptions SET status = $1, auto_renew = $2, auto_renew_locked = $3, current_term_start = $4, \
         current_term_end = $5, grace_ends_at = $6, cancelled_at = COALESCE(cancelled_at, $7), updated_at = $8 \
         WHERE id = $9 AND status = $10 AND current_term_end = $11 RETURNING ",
        SUBSCRIPTION_COLS
    );
    let cancelled_at = (values.status == SubscriptionStatus::Cancelled).then_some(now);
    Ok(sqlx::query_as(SQL)
        .bind(values.status)
        .bind(values.auto_renew)
        .bind(values.auto_renew_locked)
        .bind(values.term_start)
        .bind(values.term_end)
        .bind(values.grace_ends_at)
        .bind(cancelled_at)
        .bind(now)
        .bind(id)
        .bind(expected.status)
        .bind(expected.term_end)
        .fetch_optional(&mut **tx)
        .await?)
}

/// The order an attempt's settlement records.
pub(super) async fn insert_order(
    tx: &mut Tx,
    attempt: &AttemptRow,
    number: &str,
    subscription_id: Option<i64>,
    status: OrderStatus,
    failure_code: Option<&str>,
    now: DateTime<Utc>,
) -> StoreResult<OrderRow> {
    const SQL: &str = concatcp!(
        "INSERT INTO orders (number, organization_id, kind, offer_id, subscription_id, amount_minor, currency, status, \
         payment_method_id, terms_version, placed_by_user_id, failure_code, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING ",
        ORDER_COLS
    );
    Ok(sqlx::query_as(SQL)
        .bind(number)
        .bind(attempt.organization_id)
        .bind(attempt.kind)
        .bind(attempt.offer_id)
        .bind(subscription_id)
        .bind(attempt.amount_minor)
        .bind(attempt.currency)
        .bind(status)
        .bind(attempt.payment_method_id)
        .bind(&attempt.terms_version)
        .bind(attempt.placed_by_user_id)
        .bind(failure_code)
        .bind(now)
        .fetch_one(&mut **tx)
        .await?)
}
