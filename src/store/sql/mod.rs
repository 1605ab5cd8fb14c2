//! The store's SQL, written once. Both backends accept `$n` placeholders,
//! `RETURNING` and the same types through sqlx, so one body serves both;
//! `impl_store!` instantiates it for a backend, which supplies only what
//! really differs: how a write transaction begins and how a row is locked.

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
pub(crate) const ORDER_COLS: &str = "id, number, organization_id, kind, offer_id, subscription_id, amount_minor, currency, status, \
    payment_method_id, terms_version, placed_by_user_id, failure_code, created_at";
pub(crate) const ATTEMPT_COLS: &str =
    "id, organization_id, idempotency_key, request_hash, kind, offer_id, subscription_id, payment_method_id, \
    amount_minor, currency, terms_version, placed_by_user_id, charge_key, state, order_id, failure_code, created_at, updated_at";
pub(crate) const MAIL_COLS: &str =
    "id, to_address, language, subject, body, status, attempts, next_attempt_at, last_error, created_at, sent_at";
pub(crate) const SERVICE_REQUEST_COLS: &str = "id, organization_id, category, severity, title, description, status, subscription_id, \
    opened_by_user_id, created_at, updated_at, closed_at";
pub(crate) const NOTE_COLS: &str = "id, service_request_id, author_user_id, body, created_at";
pub(crate) const BENEFIT_SELECT: &str = "SELECT b.id, b.organization_id, b.subscription_id, b.position, b.product_code, p.category, p.name_id, \
    b.quantity, b.unit, b.activation, b.seats, b.keys_revealed, b.created_at, s.status AS subscription_status, s.current_term_end, s.grace_ends_at \
    FROM benefits b JOIN subscriptions s ON s.id = b.subscription_id JOIN products p ON p.code = b.product_code";
pub(crate) const ASSIGNMENT_SELECT: &str = "SELECT a.id AS a_id, a.benefit_id, a.organization_id AS a_organization_id, a.user_id, a.alternate_email, \
    a.status AS a_status, a.assigned_at, a.activates_at, a.activated_at, u.id, u.organization_id, u.email, u.display_name, u.password_hash, u.roles, \
    u.active, u.must_change_password, u.language, u.created_at, u.updated_at FROM benefit_assignments a JOIN users u ON u.id = a.user_id";
pub(crate) const COMPETENCY_COLS: &str = "id, organization_id, area_code, level, attained_at, expires_at, granted_by_user_id";

pub(crate) mod benefits;
pub(crate) mod identity;
pub(crate) mod membership;
pub(crate) mod outbox;
pub(crate) mod payments;
pub(crate) mod support;

/// What a page query adds to each row: the number of rows matching its
/// filter, counted by a scalar subquery in the same statement, so that a
/// connection with `totalCount` is one round-trip.
pub(crate) fn with_total(cols: &str, table: &str, filter: &str) -> String {
    format!("{cols}, (SELECT COUNT(*) FROM {table} WHERE {filter}) AS total_count")
}

/// One page decoded from rows that carry `total_count` (see [`with_total`]).
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

/// Implements `Store` for `$store`, whose `pool` is a `sqlx::Pool<$db>` and
/// which provides `begin_write()`, `LOCK_ORGANIZATION` (a statement that
/// takes the organization's row lock for the rest of the transaction) and
/// `FOR_UPDATE_SKIP_LOCKED` (the clause that lets concurrent workers claim
/// different rows; empty where writers are serialized anyway).
macro_rules! impl_store {
    ($store:ty, $db:ty, $backend:expr, $migrator:expr) => {
        impl $store {
            async fn insert_mails(
                tx: &mut sqlx::Transaction<'static, $db>,
                mails: &[$crate::store::NewMail],
                now: chrono::DateTime<chrono::Utc>,
            ) -> $crate::store::StoreResult<()> {
                for mail in mails {
                    sqlx::query(
                        "INSERT INTO outbox_mails (to_address, language, subject, body, status, attempts, next_attempt_at, created_at) VALUES ($1, $2, $3, $4, 'PENDING', 0, $5, $5)",
                    )
                    .bind(&mail.to)
                    .bind(&mail.language)
                    .bind(&mail.subject)
                    .bind(&mail.body)
                    .bind(now)
                    .execute(&mut **tx)
                    .await?;
                }
                Ok(())
            }

            async fn insert_audit(
                tx: &mut sqlx::Transaction<'static, $db>,
                organization_id: i64,
                event: &$crate::store::NewAuditEvent,
                target: Option<$crate::domain::GlobalId>,
                now: chrono::DateTime<chrono::Utc>,
            ) -> $crate::store::StoreResult<()> {
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

            async fn insert_user(
                tx: &mut sqlx::Transaction<'static, $db>,
                organization_id: i64,
                user: &$crate::store::NewUser,
                now: chrono::DateTime<chrono::Utc>,
            ) -> $crate::store::StoreResult<$crate::store::UserRow> {
                let sql = format!(
                    "INSERT INTO users (organization_id, email, display_name, password_hash, roles, active, must_change_password, language, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, TRUE, $6, $7, $8, $8) RETURNING {}",
                    $crate::store::sql::USER_COLS
                );
                Ok(sqlx::query_as(&sql)
                    .bind(organization_id)
                    .bind(&user.email)
                    .bind(&user.display_name)
                    .bind(&user.password_hash)
                    .bind(user.roles)
                    .bind(user.must_change_password)
                    .bind(&user.language)
                    .bind(now)
                    .fetch_one(&mut **tx)
                    .await?)
            }
        }

        #[async_trait::async_trait]
        impl $crate::store::Store for $store {
            fn backend(&self) -> $crate::store::Backend {
                $backend
            }

            async fn migrate(&self) -> $crate::store::StoreResult<()> {
                $migrator.run(&self.pool).await?;
                Ok(())
            }

            async fn ping(&self) -> $crate::store::StoreResult<()> {
                sqlx::query("SELECT 1").execute(&self.pool).await?;
                Ok(())
            }

            async fn close(&self) {
                self.pool.close().await;
            }

            fn pool_stats(&self) -> (u32, u32) {
                (self.pool.size(), self.pool.num_idle() as u32)
            }
        }

        $crate::store::sql::identity::impl_identity_store!($store, $db);
        $crate::store::sql::membership::impl_membership_store!($store, $db);
        $crate::store::sql::payments::impl_payment_store!($store, $db);
        $crate::store::sql::support::impl_support_store!($store, $db);
        $crate::store::sql::outbox::impl_outbox_store!($store, $db);
        $crate::store::sql::benefits::impl_benefit_store!($store, $db);
    };
}

pub(crate) use impl_store;
