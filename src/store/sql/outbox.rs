//! The mail outbox: claimed with a lease so that each mail goes out once
//! even with several job runners.

use chrono::{DateTime, Utc};
use const_format::concatcp;

use super::SqlStore;
use crate::store::sql::{Dialect, MAIL_COLS};
use crate::store::{MailRow, OutboxStore, StoreResult};

#[async_trait::async_trait]
impl OutboxStore for SqlStore {
    async fn claim_mails(&self, now: DateTime<Utc>, lease: chrono::TimeDelta, limit: i64) -> StoreResult<Vec<MailRow>> {
        let mut tx = self.begin_write().await?;
        const SQL: &str = concatcp!(
            "UPDATE outbox_mails SET lease_until = $1, attempts = attempts + 1 WHERE id IN (\
             SELECT id FROM outbox_mails WHERE status = 'PENDING' AND next_attempt_at <= $2 \
             AND (lease_until IS NULL OR lease_until <= $2) ORDER BY id LIMIT $3",
            SqlStore::FOR_UPDATE_SKIP_LOCKED,
            ") RETURNING ",
            MAIL_COLS
        );
        let mut rows: Vec<MailRow> = sqlx::query_as(SQL).bind(now + lease).bind(now).bind(limit).fetch_all(&mut *tx).await?;
        tx.commit().await?;
        rows.sort_by_key(|m| m.id);
        Ok(rows)
    }

    async fn mark_mail_sent(&self, id: i64, now: DateTime<Utc>) -> StoreResult<()> {
        sqlx::query("UPDATE outbox_mails SET status = 'SENT', sent_at = $1, lease_until = NULL, last_error = NULL WHERE id = $2")
            .bind(now)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn mark_mail_failed(&self, id: i64, error: &str, retry_at: Option<DateTime<Utc>>) -> StoreResult<()> {
        let query = match retry_at {
            Some(at) => sqlx::query("UPDATE outbox_mails SET last_error = $1, lease_until = NULL, next_attempt_at = $2 WHERE id = $3")
                .bind(error)
                .bind(at)
                .bind(id),
            None => sqlx::query("UPDATE outbox_mails SET last_error = $1, lease_until = NULL, status = 'FAILED' WHERE id = $2")
                .bind(error)
                .bind(id),
        };
        query.execute(&self.pool).await?;
        Ok(())
    }

    async fn recent_mails(&self, limit: i64) -> StoreResult<Vec<MailRow>> {
        const SQL: &str = concatcp!("SELECT ", MAIL_COLS, " FROM outbox_mails ORDER BY id DESC LIMIT $1");
        Ok(sqlx::query_as(SQL).bind(limit).fetch_all(&self.pool).await?)
    }
}
