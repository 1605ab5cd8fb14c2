//! The mail outbox: claimed with a lease so that each mail goes out once
//! even with several job runners.

/// Implements `OutboxStore`; see `impl_store!`.
macro_rules! impl_outbox_store {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl $crate::store::OutboxStore for $store {
            async fn claim_mails(
                &self,
                now: chrono::DateTime<chrono::Utc>,
                lease: chrono::TimeDelta,
                limit: i64,
            ) -> $crate::store::StoreResult<Vec<$crate::store::MailRow>> {
                let mut tx = self.begin_write().await?;
                let sql = format!(
                    "UPDATE outbox_mails SET lease_until = $1, attempts = attempts + 1 WHERE id IN (\
                     SELECT id FROM outbox_mails WHERE status = 'PENDING' AND next_attempt_at <= $2 \
                     AND (lease_until IS NULL OR lease_until <= $2) ORDER BY id LIMIT $3{}) RETURNING {}",
                    Self::FOR_UPDATE_SKIP_LOCKED,
                    $crate::store::sql::MAIL_COLS
                );
                let mut rows: Vec<$crate::store::MailRow> =
                    sqlx::query_as(&sql).bind(now + lease).bind(now).bind(limit).fetch_all(&mut *tx).await?;
                tx.commit().await?;
                rows.sort_by_key(|m| m.id);
                Ok(rows)
            }

            async fn mark_mail_sent(&self, id: i64, now: chrono::DateTime<chrono::Utc>) -> $crate::store::StoreResult<()> {
                sqlx::query("UPDATE outbox_mails SET status = 'SENT', sent_at = $1, lease_until = NULL, last_error = NULL WHERE id = $2")
                    .bind(now)
                    .bind(id)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn mark_mail_failed(
                &self,
                id: i64,
                error: &str,
                retry_at: Option<chrono::DateTime<chrono::Utc>>,
            ) -> $crate::store::StoreResult<()> {
                let query = match retry_at {
                    Some(at) => {
                        sqlx::query("UPDATE outbox_mails SET last_error = $1, lease_until = NULL, next_attempt_at = $2 WHERE id = $3")
                            .bind(error)
                            .bind(at)
                            .bind(id)
                    }
                    None => sqlx::query("UPDATE outbox_mails SET last_error = $1, lease_until = NULL, status = 'FAILED' WHERE id = $2")
                        .bind(error)
                        .bind(id),
                };
                query.execute(&self.pool).await?;
                Ok(())
            }

            async fn recent_mails(&self, limit: i64) -> $crate::store::StoreResult<Vec<$crate::store::MailRow>> {
                let sql = format!("SELECT {} FROM outbox_mails ORDER BY id DESC LIMIT $1", $crate::store::sql::MAIL_COLS);
                Ok(sqlx::query_as(&sql).bind(limit).fetch_all(&self.pool).await?)
            }
        }
    };
}

pub(crate) use impl_outbox_store;
