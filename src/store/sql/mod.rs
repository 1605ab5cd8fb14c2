//! The store's SQL, written once for both backends.
//!
//! Both databases accept `$n` placeholders, `RETURNING` and the same types
//! through sqlx, so one body of plain Rust serves both: each backend module
//! (`sqlite.rs`, `postgres.rs`) mounts the files of this folder with
//! `#[path]`, after naming its store type `SqlStore` and its database `Db`.
//! The compiler thus checks each file twice, once per backend, and reports a
//! mistake where it is written. What really differs between the two is the
//! [`Dialect`] a backend implements: how a write transaction begins and how
//! a row is locked. Statements are `const` text, assembled at compile time
//! by `const_format::concatcp!` from the column lists below.
//!
//! The mounted files are `store.rs` (the `Store` trait itself), `writes.rs`
//! (row writers shared by the areas, used inside their transactions) and
//! one file per area trait.

use std::future::Future;

use sqlx::migrate::Migrator;

use super::{Backend, StoreResult};

pub(crate) const ORG_COLS: &str = "id, partner_id, kind, legal_name, country, network_member_since, created_at";
pub(crate) const USER_COLS: &str =
    "id, organization_id, email, display_name, password_hash, roles, active, must_change_password, language, created_at, updated_at";
pub(crate) const AUDIT_COLS: &str = "id, organization_id, actor_user_id, action, target_id, at";
pub(crate) const OFFER_COLS: &str =
    "id, code, price_minor, currency, term_months, auto_renewable, requires_level, terms_version, terms_url, active";
pub(crate) const PAYMENT_METHOD_COLS: &str =
    "id, organization_id, brand, last4, expiry_month, expiry_year, holder_name, gateway_token, created_at, removed_at";
pub(crate) const SUBSCRIPTION_COLS: &str = "id, organization_id, offer_id, status, auto_renew, auto_renew_locked, purchased_at, \
    current_term_start, current_term_end, grace_ends_at, payment_method_id, placed_by_user_id, cancelled_at, reminded_30_for, reminded_7_for, updated_at";
/// [`SUBSCRIPTION_COLS`] of the table aliased `s` (a unit test keeps the two alike).
pub(crate) const SUBSCRIPTION_COLS_OF_S: &str = "s.id, s.organization_id, s.offer_id, s.status, s.auto_renew, s.auto_renew_locked, \
    s.purchased_at, s.current_term_start, s.current_term_end, s.grace_ends_at, s.payment_method_id, s.placed_by_user_id, s.cancelled_at, \
    s.reminded_30_for, s.reminded_7_for, s.updated_at";
pub(crate) const ORDER_COLS: &str = "id, number, organization_id, kind, offer_id, subscription_id, amount_minor, currency, status, \
    payment_method_id, terms_version, placed_by_user_id, failure_code, created_at, refunded_at";
pub(crate) const ATTEMPT_COLS: &str =
    "id, organization_id, idempotency_key, request_hash, kind, offer_id, subscription_id, payment_method_id, \
    amount_minor, currency, terms_version, placed_by_user_id, automatic, charge_key, state, order_id, failure_code, created_at, updated_at, refund, refunded_at";
pub(crate) const MAIL_COLS: &str =
    "id, to_address, language, subject, body, status, attempts, next_attempt_at, last_error, created_at, sent_at";
pub(crate) const SERVICE_REQUEST_COLS: &str = "id, organization_id, category, severity, title, description, status, subscription_id, \
    opened_by_user_id, created_at, updated_at, closed_at";
pub(crate) const NOTE_COLS: &str = "id, service_request_id, author_user_id, body, created_at";
pub(crate) const BENEFIT_SELECT: &str = "SELECT b.id, b.organization_id, b.subscription_id, b.position, b.product_code, p.category, p.name_id, \
    b.quantity, b.unit, b.activation, p.portal, b.seats, b.keys_revealed, b.created_at, s.status AS subscription_status, s.current_term_end, s.grace_ends_at \
    FROM benefits b JOIN subscriptions s ON s.id = b.subscription_id JOIN products p ON p.code = b.product_code";
pub(crate) const ASSIGNMENT_SELECT: &str = "SELECT a.id AS a_id, a.benefit_id, a.organization_id AS a_organization_id, a.user_id, a.alternate_email, \
    a.status AS a_status, a.assigned_at, a.activates_at, a.activated_at, u.id, u.organization_id, u.email, u.display_name, u.password_hash, u.roles, \
    u.active, u.must_change_password, u.language, u.created_at, u.updated_at FROM benefit_assignments a JOIN users u ON u.id = a.user_id";
pub(crate) const COMPETENCY_COLS: &str = "id, organization_id, area_code, level, attained_at, expires_at, granted_by_user_id";

/// One page decoded from rows that carry `total_count` (a page statement
/// selects `(SELECT COUNT(*) FROM … WHERE <its filter>) AS total_count`
/// beside the columns, so that a connection with `totalCount` is one
/// round-trip).
/// `None` when no row came back after a cursor: then the total must be
/// counted apart (without a cursor, an empty page means a total of 0).
pub(crate) fn page_from_rows<R, T>(rows: Vec<R>, page: crate::store::PageRequest) -> Result<Option<crate::store::Page<T>>, sqlx::Error>
where
    R: sqlx::Row,
    T: for<'r> sqlx::FromRow<'r, R>,
    for<'r> i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    &'static str: sqlx::ColumnIndex<R>,
{
    let total = match rows.first() {
        Some(row) => row.try_get::<i64, _>("total_count")?,
        None if page.after.is_none() => 0,
        None => return Ok(None),
    };
    let rows = rows.iter().map(T::from_row).collect::<Result<Vec<T>, _>>()?;
    Ok(Some(page_of(rows, page.first, total)))
}

/// One page of `rows`, fetched with one row more than `first` to learn
/// whether another page follows.
pub(crate) fn page_of<T>(mut rows: Vec<T>, first: i64, total: i64) -> crate::store::Page<T> {
    let has_next = rows.len() as i64 > first;
    rows.truncate(usize::try_from(first).unwrap_or(0));
    crate::store::Page { rows, has_next, total }
}

/// What a backend supplies to the shared SQL: its database, how a write
/// transaction begins, and the locking clauses (empty where the backend
/// serializes writers anyway).
pub(crate) trait Dialect {
    type Db: sqlx::Database;

    const BACKEND: Backend;

    /// Reads an organization's kind (`$1` is its ID) as the first statement
    /// of a write transaction that must not interleave with another change
    /// of the same organization. PostgreSQL locks the row until the
    /// transaction ends; SQLite needs no lock, since `BEGIN IMMEDIATE`
    /// already makes each write transaction the only writer.
    const ORGANIZATION_FOR_WRITE: &'static str;

    /// Appended to a `SELECT` in a write transaction to lock the rows it reads.
    const FOR_UPDATE: &'static str;

    /// Like [`Self::FOR_UPDATE`] for a join, locking only the benefit (`b`).
    const FOR_UPDATE_OF_BENEFIT: &'static str;

    /// Lets concurrent workers claim different rows instead of waiting.
    const FOR_UPDATE_SKIP_LOCKED: &'static str;

    /// The migrations of this backend.
    fn migrator() -> &'static Migrator;

    /// Begins a transaction that will write.
    fn begin_write(&self) -> impl Future<Output = StoreResult<sqlx::Transaction<'static, Self::Db>>> + Send;
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_aliased_subscription_columns_are_the_subscription_columns() {
        let prefixed: Vec<String> = super::SUBSCRIPTION_COLS.split(',').map(|c| format!("s.{}", c.trim())).collect();
        let aliased: Vec<&str> = super::SUBSCRIPTION_COLS_OF_S.split(',').map(str::trim).collect();
        assert_eq!(aliased, prefixed);
    }
}
