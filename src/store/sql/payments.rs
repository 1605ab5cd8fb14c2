//! Payment methods, payment attempts and their settlement, and the test
//! gateway's ledger.

/// Implements `PaymentStore`; see `impl_store!`. Settling uses the
/// subscription and order helpers of `impl_membership_store!`.
macro_rules! impl_payment_store {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl $crate::store::PaymentStore for $store {
            async fn add_payment_method(
                &self,
                organization_id: i64,
                card: $crate::store::NewPaymentMethod,
                audit: $crate::store::NewAuditEvent,
                now: chrono::DateTime<chrono::Utc>,
            ) -> $crate::store::StoreResult<$crate::store::PaymentMethodRow> {
                use $crate::domain::{GlobalId, NodeKind};
                let mut tx = self.begin_write().await?;
                let sql = format!(
                    "INSERT INTO payment_methods (organization_id, brand, last4, expiry_month, expiry_year, holder_name, gateway_token, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING {}",
                    $crate::store::sql::PAYMENT_METHOD_COLS
                );
                let row: $crate::store::PaymentMethodRow = sqlx::query_as(&sql)
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
                Self::insert_audit(&mut tx, organization_id, &audit, Some(GlobalId::new(NodeKind::PaymentMethod, row.id)), now).await?;
                tx.commit().await?;
                Ok(row)
            }

            async fn payment_methods(&self, organization_id: i64) -> $crate::store::StoreResult<Vec<$crate::store::PaymentMethodRow>> {
                let sql = format!(
                    "SELECT {} FROM payment_methods WHERE organization_id = $1 AND removed_at IS NULL ORDER BY id",
                    $crate::store::sql::PAYMENT_METHOD_COLS
                );
                Ok(sqlx::query_as(&sql).bind(organization_id).fetch_all(&self.pool).await?)
            }

            async fn payment_method(&self, id: i64) -> $crate::store::StoreResult<Option<$crate::store::PaymentMethodRow>> {
                let sql = format!("SELECT {} FROM payment_methods WHERE id = $1", $crate::store::sql::PAYMENT_METHOD_COLS);
                Ok(sqlx::query_as(&sql).bind(id).fetch_optional(&self.pool).await?)
            }

            async fn remove_payment_method(
                &self,
                organization_id: i64,
                id: i64,
                audit: $crate::store::NewAuditEvent,
                now: chrono::DateTime<chrono::Utc>,
            ) -> $crate::store::StoreResult<$crate::store::PaymentMethodRow> {
                use $crate::domain::{GlobalId, NodeKind, RuleError};
                let mut tx = self.begin_write().await?;
                sqlx::query(Self::LOCK_ORGANIZATION).bind(organization_id).fetch_optional(&mut *tx).await?;
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
                    return Err($crate::store::StoreError::Rule(RuleError::invalid("error-payment-method-in-use")));
                }
                let sql = format!(
                    "UPDATE payment_methods SET removed_at = $1 WHERE id = $2 AND organization_id = $3 AND removed_at IS NULL RETURNING {}",
                    $crate::store::sql::PAYMENT_METHOD_COLS
                );
                let row: $crate::store::PaymentMethodRow = sqlx::query_as(&sql)
                    .bind(now)
                    .bind(id)
                    .bind(organization_id)
                    .fetch_optional(&mut *tx)
                    .await?
                    .ok_or($crate::store::StoreError::NotFound)?;
                Self::insert_audit(&mut tx, organization_id, &audit, Some(GlobalId::new(NodeKind::PaymentMethod, id)), now).await?;
                tx.commit().await?;
                Ok(row)
            }

            async fn begin_attempt(
                &self,
                attempt: $crate::store::NewAttempt,
                now: chrono::DateTime<chrono::Utc>,
            ) -> $crate::store::StoreResult<$crate::store::AttemptStart> {
                use $crate::domain::{ErrorCode, RuleError};
                let mut tx = self.begin_write().await?;
                // Serializes the attempts of one organization, so that identical
                // requests in flight at once find each other's attempt.
                sqlx::query(Self::LOCK_ORGANIZATION).bind(attempt.organization_id).fetch_optional(&mut *tx).await?;
                let sql = format!(
                    "SELECT {} FROM payment_attempts WHERE organization_id = $1 AND idempotency_key = $2",
                    $crate::store::sql::ATTEMPT_COLS
                );
                let existing: Option<$crate::store::AttemptRow> =
                    sqlx::query_as(&sql).bind(attempt.organization_id).bind(&attempt.idempotency_key).fetch_optional(&mut *tx).await?;
                if let Some(first) = existing {
                    tx.commit().await?;
                    return Ok($crate::store::AttemptStart::Existing(first));
                }
                let (busy,): (i64,) = if attempt.kind == "NEW" {
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
                    let rule = if attempt.kind == "NEW" {
                        RuleError::new(ErrorCode::AlreadySubscribed)
                    } else {
                        RuleError::invalid("error-payment-in-progress")
                    };
                    return Err($crate::store::StoreError::Rule(rule));
                }
                let sql = format!(
                    "INSERT INTO payment_attempts (organization_id, idempotency_key, request_hash, kind, offer_id, subscription_id, payment_method_id, \
                     amount_minor, currency, terms_version, placed_by_user_id, charge_key, state, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'PENDING', $13, $13) RETURNING {}",
                    $crate::store::sql::ATTEMPT_COLS
                );
                let row = sqlx::query_as(&sql)
                    .bind(attempt.organization_id)
                    .bind(&attempt.idempotency_key)
                    .bind(&attempt.request_hash)
                    .bind(attempt.kind)
                    .bind(attempt.offer_id)
                    .bind(attempt.subscription_id)
                    .bind(attempt.payment_method_id)
                    .bind(attempt.amount_minor)
                    .bind(&attempt.currency)
                    .bind(&attempt.terms_version)
                    .bind(attempt.placed_by_user_id)
                    .bind(&attempt.charge_key)
                    .bind(now)
                    .fetch_one(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok($crate::store::AttemptStart::Started(row))
            }

            async fn settle_attempt(
                &self,
                attempt_id: i64,
                settlement: $crate::store::Settlement,
                now: chrono::DateTime<chrono::Utc>,
            ) -> $crate::store::StoreResult<$crate::store::Settled> {
                use $crate::domain::{GlobalId, NodeKind};
                use $crate::store::Settlement;
                let mut tx = self.begin_write().await?;
                let sql = format!("SELECT {} FROM payment_attempts WHERE id = $1{}", $crate::store::sql::ATTEMPT_COLS, Self::FOR_UPDATE);
                let attempt: $crate::store::AttemptRow =
                    sqlx::query_as(&sql).bind(attempt_id).fetch_optional(&mut *tx).await?.ok_or($crate::store::StoreError::NotFound)?;
                if attempt.state != "PENDING" {
                    let outcome = Self::settled_outcome(&mut tx, attempt).await?;
                    tx.commit().await?;
                    return Ok(outcome);
                }
                let (state, order_id, failure_code, subscription) = match settlement {
                    Settlement::Paid { order_number, lifecycle, expected, audit, mails } => {
                        let subscription: Option<$crate::store::SubscriptionRow> = match (attempt.subscription_id, expected) {
                            (Some(id), Some(expected)) => {
                                let updated = Self::set_lifecycle(&mut tx, id, expected, lifecycle, now).await?;
                                if updated.is_none() {
                                    tracing::warn!(attempt = attempt.id, subscription = id, "a paid renewal found its subscription changed; not applied");
                                }
                                match updated {
                                    Some(s) => Some(s),
                                    None => Self::subscription_in(&mut tx, id).await?,
                                }
                            }
                            _ => {
                                let sql = format!(
                                    "INSERT INTO subscriptions (organization_id, offer_id, status, auto_renew, auto_renew_locked, purchased_at, \
                                     current_term_start, current_term_end, grace_ends_at, payment_method_id, placed_by_user_id, updated_at) \
                                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $6) RETURNING {}",
                                    $crate::store::sql::SUBSCRIPTION_COLS
                                );
                                Some(
                                    sqlx::query_as(&sql)
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
                        let order = Self::insert_order(&mut tx, &attempt, &order_number, sub_id, "PAID", None, now).await?;
                        let target = sub_id.map(|id| GlobalId::new(NodeKind::OfferSubscription, id));
                        Self::insert_audit(&mut tx, attempt.organization_id, &audit, target, now).await?;
                        Self::insert_mails(&mut tx, &mails, now).await?;
                        ("SUCCEEDED", order.id, None, subscription)
                    }
                    Settlement::Failed { order_number, code, lifecycle, audit, mails } => {
                        let order = Self::insert_order(&mut tx, &attempt, &order_number, attempt.subscription_id, "FAILED", Some(code), now).await?;
                        let subscription = match (attempt.subscription_id, lifecycle) {
                            (Some(id), Some((values, expected))) => Self::set_lifecycle(&mut tx, id, expected, values, now).await?,
                            _ => None,
                        };
                        let target = Some(GlobalId::new(NodeKind::Order, order.id));
                        Self::insert_audit(&mut tx, attempt.organization_id, &audit, target, now).await?;
                        Self::insert_mails(&mut tx, &mails, now).await?;
                        ("FAILED", order.id, Some(code), subscription)
                    }
                };
                let sql = format!(
                    "UPDATE payment_attempts SET state = $1, order_id = $2, failure_code = $3, updated_at = $4 WHERE id = $5 RETURNING {}",
                    $crate::store::sql::ATTEMPT_COLS
                );
                let attempt = sqlx::query_as(&sql).bind(state).bind(order_id).bind(failure_code).bind(now).bind(attempt_id).fetch_one(&mut *tx).await?;
                let mut outcome = Self::settled_outcome(&mut tx, attempt).await?;
                if outcome.subscription.is_none() {
                    outcome.subscription = subscription;
                }
                tx.commit().await?;
                Ok(outcome)
            }

            async fn attempt(&self, id: i64) -> $crate::store::StoreResult<Option<$crate::store::AttemptRow>> {
                let sql = format!("SELECT {} FROM payment_attempts WHERE id = $1", $crate::store::sql::ATTEMPT_COLS);
                Ok(sqlx::query_as(&sql).bind(id).fetch_optional(&self.pool).await?)
            }

            async fn attempt_by_key(&self, organization_id: i64, key: &str) -> $crate::store::StoreResult<Option<$crate::store::AttemptRow>> {
                let sql = format!(
                    "SELECT {} FROM payment_attempts WHERE organization_id = $1 AND idempotency_key = $2",
                    $crate::store::sql::ATTEMPT_COLS
                );
                Ok(sqlx::query_as(&sql).bind(organization_id).bind(key).fetch_optional(&self.pool).await?)
            }

            async fn pending_attempts(&self, before: chrono::DateTime<chrono::Utc>) -> $crate::store::StoreResult<Vec<$crate::store::AttemptRow>> {
                let sql = format!(
                    "SELECT {} FROM payment_attempts WHERE state = 'PENDING' AND created_at <= $1 ORDER BY id",
                    $crate::store::sql::ATTEMPT_COLS
                );
                Ok(sqlx::query_as(&sql).bind(before).fetch_all(&self.pool).await?)
            }

            async fn ledger_charge(
                &self,
                key: &str,
                token: &str,
                amount_minor: i64,
                currency: &str,
                outcome: &str,
                now: chrono::DateTime<chrono::Utc>,
            ) -> $crate::store::StoreResult<String> {
                sqlx::query(
                    "INSERT INTO gateway_charges (idempotency_key, gateway_token, amount_minor, currency, outcome, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (idempotency_key) DO NOTHING",
                )
                .bind(key)
                .bind(token)
                .bind(amount_minor)
                .bind(currency)
                .bind(outcome)
                .bind(now)
                .execute(&self.pool)
                .await?;
                self.ledger_find(key).await?.ok_or($crate::store::StoreError::NotFound)
            }

            async fn ledger_find(&self, key: &str) -> $crate::store::StoreResult<Option<String>> {
                let row: Option<(String,)> =
                    sqlx::query_as("SELECT outcome FROM gateway_charges WHERE idempotency_key = $1").bind(key).fetch_optional(&self.pool).await?;
                Ok(row.map(|(o,)| o))
            }
        }
    };
}

pub(crate) use impl_payment_store;
