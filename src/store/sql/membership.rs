//! Catalog, subscriptions and orders (payments are in `payments.rs`; the
//! settlement helpers here serve both).

/// Implements `MembershipStore`; see `impl_store!`.
macro_rules! impl_membership_store {
    ($store:ty, $db:ty) => {
        impl $store {
            async fn subscription_in(
                tx: &mut sqlx::Transaction<'static, $db>,
                id: i64,
            ) -> $crate::store::StoreResult<Option<$crate::store::SubscriptionRow>> {
                let sql = format!("SELECT {} FROM subscriptions WHERE id = $1", $crate::store::sql::SUBSCRIPTION_COLS);
                Ok(sqlx::query_as(&sql).bind(id).fetch_optional(&mut **tx).await?)
            }

            /// Compare-and-set of a subscription's lifecycle inside a transaction.
            async fn set_lifecycle(
                tx: &mut sqlx::Transaction<'static, $db>,
                id: i64,
                expected: $crate::store::Expected,
                values: $crate::store::LifecycleValues,
                now: chrono::DateTime<chrono::Utc>,
            ) -> $crate::store::StoreResult<Option<$crate::store::SubscriptionRow>> {
                let sql = format!(
                    "UPDATE subscriptions SET status = $1, auto_renew = $2, auto_renew_locked = $3, current_term_start = $4, \
                     current_term_end = $5, grace_ends_at = $6, cancelled_at = COALESCE(cancelled_at, $7), updated_at = $8 \
                     WHERE id = $9 AND status = $10 AND current_term_end = $11 RETURNING {}",
                    $crate::store::sql::SUBSCRIPTION_COLS
                );
                let cancelled_at = (values.status == "CANCELLED").then_some(now);
                Ok(sqlx::query_as(&sql)
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

            async fn insert_order(
                tx: &mut sqlx::Transaction<'static, $db>,
                attempt: &$crate::store::AttemptRow,
                number: &str,
                subscription_id: Option<i64>,
                status: &str,
                failure_code: Option<&str>,
                now: chrono::DateTime<chrono::Utc>,
            ) -> $crate::store::StoreResult<$crate::store::OrderRow> {
                let sql = format!(
                    "INSERT INTO orders (number, organization_id, kind, offer_id, subscription_id, amount_minor, currency, status, \
                     payment_method_id, terms_version, placed_by_user_id, failure_code, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING {}",
                    $crate::store::sql::ORDER_COLS
                );
                Ok(sqlx::query_as(&sql)
                    .bind(number)
                    .bind(attempt.organization_id)
                    .bind(&attempt.kind)
                    .bind(attempt.offer_id)
                    .bind(subscription_id)
                    .bind(attempt.amount_minor)
                    .bind(&attempt.currency)
                    .bind(status)
                    .bind(attempt.payment_method_id)
                    .bind(&attempt.terms_version)
                    .bind(attempt.placed_by_user_id)
                    .bind(failure_code)
                    .bind(now)
                    .fetch_one(&mut **tx)
                    .await?)
            }

            async fn settled_outcome(
                tx: &mut sqlx::Transaction<'static, $db>,
                attempt: $crate::store::AttemptRow,
            ) -> $crate::store::StoreResult<$crate::store::Settled> {
                let order: Option<$crate::store::OrderRow> = match attempt.order_id {
                    Some(id) => {
                        let sql = format!("SELECT {} FROM orders WHERE id = $1", $crate::store::sql::ORDER_COLS);
                        sqlx::query_as(&sql).bind(id).fetch_optional(&mut **tx).await?
                    }
                    None => None,
                };
                let subscription = match order.as_ref().and_then(|o| o.subscription_id).or(attempt.subscription_id) {
                    Some(id) => Self::subscription_in(tx, id).await?,
                    None => None,
                };
                Ok($crate::store::Settled { attempt, order, subscription })
            }
        }

        #[async_trait::async_trait]
        impl $crate::store::MembershipStore for $store {
            async fn membership_levels(&self) -> $crate::store::StoreResult<Vec<String>> {
                let rows: Vec<(String,)> = sqlx::query_as("SELECT code FROM membership_levels ORDER BY rank").fetch_all(&self.pool).await?;
                Ok(rows.into_iter().map(|(c,)| c).collect())
            }

            async fn offers(&self) -> $crate::store::StoreResult<Vec<$crate::store::OfferRow>> {
                let sql = format!("SELECT {} FROM offers WHERE active ORDER BY id", $crate::store::sql::OFFER_COLS);
                Ok(sqlx::query_as(&sql).fetch_all(&self.pool).await?)
            }

            async fn offer(&self, id: i64) -> $crate::store::StoreResult<Option<$crate::store::OfferRow>> {
                let sql = format!("SELECT {} FROM offers WHERE id = $1", $crate::store::sql::OFFER_COLS);
                Ok(sqlx::query_as(&sql).bind(id).fetch_optional(&self.pool).await?)
            }

            async fn allocations(&self, offer_id: i64) -> $crate::store::StoreResult<Vec<$crate::store::AllocationRow>> {
                Ok(sqlx::query_as(
                    "SELECT a.offer_id, a.position, a.product_code, p.category, p.name_id, a.quantity, a.unit, a.activation, a.seats \
                     FROM offer_allocations a JOIN products p ON p.code = a.product_code WHERE a.offer_id = $1 ORDER BY a.position",
                )
                .bind(offer_id)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn competency_areas(&self) -> $crate::store::StoreResult<Vec<String>> {
                let rows: Vec<(String,)> = sqlx::query_as("SELECT code FROM competency_areas ORDER BY position").fetch_all(&self.pool).await?;
                Ok(rows.into_iter().map(|(c,)| c).collect())
            }

            async fn subscription(&self, id: i64) -> $crate::store::StoreResult<Option<$crate::store::SubscriptionRow>> {
                let sql = format!("SELECT {} FROM subscriptions WHERE id = $1", $crate::store::sql::SUBSCRIPTION_COLS);
                Ok(sqlx::query_as(&sql).bind(id).fetch_optional(&self.pool).await?)
            }

            async fn subscriptions_page(
                &self,
                organization_id: i64,
                status: Option<&'static str>,
                page: $crate::store::PageRequest,
            ) -> $crate::store::StoreResult<$crate::store::Page<$crate::store::SubscriptionRow>> {
                let filter = "organization_id = $1 AND ($2 = '' OR status = $2)";
                let sql = format!(
                    "SELECT {} FROM subscriptions WHERE {filter} AND id < $3 ORDER BY id DESC LIMIT $4",
                    $crate::store::sql::with_total($crate::store::sql::SUBSCRIPTION_COLS, "subscriptions", filter)
                );
                let status = status.unwrap_or("");
                let rows = sqlx::query(&sql)
                    .bind(organization_id)
                    .bind(status)
                    .bind(page.after.unwrap_or(i64::MAX))
                    .bind(page.first + 1)
                    .fetch_all(&self.pool)
                    .await?;
                if let Some(page) = $crate::store::sql::page_from_rows(rows, page)? {
                    return Ok(page);
                }
                let (total,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM subscriptions WHERE {filter}"))
                    .bind(organization_id)
                    .bind(status)
                    .fetch_one(&self.pool)
                    .await?;
                Ok($crate::store::sql::page_of(Vec::new(), page.first, total))
            }

            async fn live_subscription(&self, organization_id: i64, offer_id: i64) -> $crate::store::StoreResult<Option<$crate::store::SubscriptionRow>> {
                let sql = format!(
                    "SELECT {} FROM subscriptions WHERE organization_id = $1 AND offer_id = $2 AND status IN ('ACTIVE', 'GRACE_PERIOD')",
                    $crate::store::sql::SUBSCRIPTION_COLS
                );
                Ok(sqlx::query_as(&sql).bind(organization_id).bind(offer_id).fetch_optional(&self.pool).await?)
            }

            async fn membership_facts(&self, organization_id: i64, action_pack_offer_id: i64) -> $crate::store::StoreResult<$crate::store::MembershipFacts> {
                use sqlx::{FromRow, Row};
                // One row per competency (or one row of NULLs), each carrying the live subscription if any.
                static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
                let subscription: Vec<String> = $crate::store::sql::SUBSCRIPTION_COLS.split(',').map(|c| format!("s.{}", c.trim())).collect();
                format!(
                    "SELECT {}, c.id AS c_id, c.area_code AS c_area_code, c.level AS c_level, c.attained_at AS c_attained_at, \
                     c.expires_at AS c_expires_at, c.granted_by_user_id AS c_granted_by_user_id \
                     FROM (SELECT CAST($1 AS BIGINT) AS org_id) o \
                     LEFT JOIN subscriptions s ON s.organization_id = o.org_id AND s.offer_id = $2 AND s.status IN ('ACTIVE', 'GRACE_PERIOD') \
                     LEFT JOIN competencies c ON c.organization_id = o.org_id \
                     ORDER BY c.id, s.id",
                    subscription.join(", ")
                )
                });
                let rows = sqlx::query(SQL.as_str()).bind(organization_id).bind(action_pack_offer_id).fetch_all(&self.pool).await?;
                let mut facts = $crate::store::MembershipFacts::default();
                for row in &rows {
                    if facts.live_action_pack.is_none() && row.try_get::<Option<i64>, _>("id")?.is_some() {
                        facts.live_action_pack = Some($crate::store::SubscriptionRow::from_row(row)?);
                    }
                    let Some(id) = row.try_get::<Option<i64>, _>("c_id")? else { continue };
                    if facts.competencies.last().is_some_and(|c| c.id == id) {
                        continue;
                    }
                    facts.competencies.push($crate::store::CompetencyRow {
                        id,
                        organization_id,
                        area_code: row.try_get("c_area_code")?,
                        level: row.try_get("c_level")?,
                        attained_at: row.try_get("c_attained_at")?,
                        expires_at: row.try_get("c_expires_at")?,
                        granted_by_user_id: row.try_get("c_granted_by_user_id")?,
                    });
                }
                Ok(facts)
            }

            async fn update_subscription(
                &self,
                id: i64,
                expected: $crate::store::Expected,
                lifecycle: $crate::store::LifecycleValues,
                audit: Option<$crate::store::NewAuditEvent>,
                mails: Vec<$crate::store::NewMail>,
                now: chrono::DateTime<chrono::Utc>,
            ) -> $crate::store::StoreResult<Option<$crate::store::SubscriptionRow>> {
                use $crate::domain::{GlobalId, NodeKind};
                let mut tx = self.begin_write().await?;
                let Some(row) = Self::set_lifecycle(&mut tx, id, expected, lifecycle, now).await? else {
                    tx.rollback().await?;
                    return Ok(None);
                };
                if let Some(audit) = audit {
                    Self::insert_audit(&mut tx, row.organization_id, &audit, Some(GlobalId::new(NodeKind::OfferSubscription, id)), now).await?;
                }
                Self::insert_mails(&mut tx, &mails, now).await?;
                tx.commit().await?;
                Ok(Some(row))
            }

            async fn mark_reminded(
                &self,
                id: i64,
                days: i64,
                term_end: chrono::DateTime<chrono::Utc>,
                mails: Vec<$crate::store::NewMail>,
                now: chrono::DateTime<chrono::Utc>,
            ) -> $crate::store::StoreResult<bool> {
                let column = match days {
                    30 => "reminded_30_for",
                    7 => "reminded_7_for",
                    _ => return Err($crate::store::StoreError::NotFound),
                };
                let mut tx = self.begin_write().await?;
                let sql = format!(
                    "UPDATE subscriptions SET {column} = $1, updated_at = $2 \
                     WHERE id = $3 AND status = 'ACTIVE' AND current_term_end = $1 AND ({column} IS NULL OR {column} <> $1)"
                );
                let updated = sqlx::query(&sql).bind(term_end).bind(now).bind(id).execute(&mut *tx).await?;
                if updated.rows_affected() == 0 {
                    tx.rollback().await?;
                    return Ok(false);
                }
                Self::insert_mails(&mut tx, &mails, now).await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn subscriptions_needing_work(
                &self,
                now: chrono::DateTime<chrono::Utc>,
                horizon: chrono::TimeDelta,
                limit: i64,
            ) -> $crate::store::StoreResult<Vec<$crate::store::SubscriptionRow>> {
                let sql = format!(
                    "SELECT {} FROM subscriptions WHERE (status = 'ACTIVE' AND current_term_end <= $1) \
                     OR (status = 'ACTIVE' AND NOT auto_renew AND current_term_end <= $2 \
                         AND (reminded_7_for IS NULL OR reminded_7_for <> current_term_end)) \
                     OR (status = 'GRACE_PERIOD' AND grace_ends_at <= $1) ORDER BY id LIMIT $3",
                    $crate::store::sql::SUBSCRIPTION_COLS
                );
                Ok(sqlx::query_as(&sql).bind(now).bind(now + horizon).bind(limit).fetch_all(&self.pool).await?)
            }

            async fn orders_page(
                &self,
                organization_id: i64,
                page: $crate::store::PageRequest,
            ) -> $crate::store::StoreResult<$crate::store::Page<$crate::store::OrderRow>> {
                let sql = format!(
                    "SELECT {} FROM orders WHERE organization_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3",
                    $crate::store::sql::with_total($crate::store::sql::ORDER_COLS, "orders", "organization_id = $1")
                );
                let rows = sqlx::query(&sql)
                    .bind(organization_id)
                    .bind(page.after.unwrap_or(i64::MAX))
                    .bind(page.first + 1)
                    .fetch_all(&self.pool)
                    .await?;
                if let Some(page) = $crate::store::sql::page_from_rows(rows, page)? {
                    return Ok(page);
                }
                let (total,): (i64,) =
                    sqlx::query_as("SELECT COUNT(*) FROM orders WHERE organization_id = $1").bind(organization_id).fetch_one(&self.pool).await?;
                Ok($crate::store::sql::page_of(Vec::new(), page.first, total))
            }

            async fn order(&self, id: i64) -> $crate::store::StoreResult<Option<$crate::store::OrderRow>> {
                let sql = format!("SELECT {} FROM orders WHERE id = $1", $crate::store::sql::ORDER_COLS);
                Ok(sqlx::query_as(&sql).bind(id).fetch_optional(&self.pool).await?)
            }

            async fn subscription_orders(&self, subscription_id: i64) -> $crate::store::StoreResult<Vec<$crate::store::OrderRow>> {
                let sql = format!("SELECT {} FROM orders WHERE subscription_id = $1 ORDER BY id", $crate::store::sql::ORDER_COLS);
                Ok(sqlx::query_as(&sql).bind(subscription_id).fetch_all(&self.pool).await?)
            }
        }
    };
}

pub(crate) use impl_membership_store;
