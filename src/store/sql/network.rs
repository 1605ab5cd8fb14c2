//! Network membership terms, their renewals and reminders (mounted per
//! backend; see `sql/mod.rs`).

use chrono::{DateTime, TimeDelta, Utc};
use const_format::concatcp;

use super::{writes, SqlStore};
use crate::domain::subscriptions::Term;
use crate::store::sql::Dialect;
use crate::store::{NetworkRenewal, NetworkStore, NetworkTermRow, NewAuditEvent, NewMail, StoreError, StoreResult};

const COLS: &str = "organization_id, term_start, term_end, agreement_version, reminded_30_for, reminded_7_for";
const BY_ORGANIZATION: &str = concatcp!("SELECT ", COLS, " FROM network_terms WHERE organization_id = $1");

#[async_trait::async_trait]
impl NetworkStore for SqlStore {
    async fn network_term(&self, organization_id: i64) -> StoreResult<Option<NetworkTermRow>> {
        Ok(sqlx::query_as(BY_ORGANIZATION).bind(organization_id).fetch_optional(&self.pool).await?)
    }

    async fn renew_network(
        &self,
        organization_id: i64,
        key: Option<&str>,
        expected_end: DateTime<Utc>,
        next: Term,
        agreement_version: &str,
        audit: NewAuditEvent,
        now: DateTime<Utc>,
    ) -> StoreResult<NetworkRenewal> {
        use crate::domain::{GlobalId, NodeKind};
        let mut tx = self.begin_write().await?;
        if let Some(key) = key {
            let seen: Option<(DateTime<Utc>,)> =
                sqlx::query_as("SELECT term_end FROM network_renewals WHERE organization_id = $1 AND idempotency_key = $2")
                    .bind(organization_id)
                    .bind(key)
                    .fetch_optional(&mut *tx)
                    .await?;
            if seen.is_some() {
                let row = sqlx::query_as(BY_ORGANIZATION).bind(organization_id).fetch_one(&mut *tx).await?;
                tx.commit().await?;
                return Ok(NetworkRenewal::Replayed(row));
            }
        }
        // Compare-and-set on the end: of two renewals of one term, one wins.
        const RENEW: &str = concatcp!(
            "UPDATE network_terms SET term_start = $1, term_end = $2, agreement_version = $3, updated_at = $4 \
             WHERE organization_id = $5 AND term_end = $6 RETURNING ",
            COLS
        );
        let renewed: Option<NetworkTermRow> = sqlx::query_as(RENEW)
            .bind(next.start)
            .bind(next.end)
            .bind(agreement_version)
            .bind(now)
            .bind(organization_id)
            .bind(expected_end)
            .fetch_optional(&mut *tx)
            .await?;
        let Some(renewed) = renewed else {
            tx.rollback().await?;
            return Ok(NetworkRenewal::Changed);
        };
        if let Some(key) = key {
            sqlx::query("INSERT INTO network_renewals (organization_id, idempotency_key, term_end, created_at) VALUES ($1, $2, $3, $4)")
                .bind(organization_id)
                .bind(key)
                .bind(next.end)
                .bind(now)
                .execute(&mut *tx)
                .await?;
        }
        let target = Some(GlobalId::new(NodeKind::Organization, organization_id));
        writes::insert_audit(&mut tx, organization_id, &audit, target, now).await?;
        tx.commit().await?;
        Ok(NetworkRenewal::Renewed(renewed))
    }

    async fn network_renewal_seen(&self, organization_id: i64, key: &str) -> StoreResult<bool> {
        let seen: Option<(i64,)> =
            sqlx::query_as("SELECT organization_id FROM network_renewals WHERE organization_id = $1 AND idempotency_key = $2")
                .bind(organization_id)
                .bind(key)
                .fetch_optional(&self.pool)
                .await?;
        Ok(seen.is_some())
    }

    async fn network_terms_ending(&self, now: DateTime<Utc>, horizon: TimeDelta, limit: i64) -> StoreResult<Vec<NetworkTermRow>> {
        const SQL: &str =
            concatcp!("SELECT ", COLS, " FROM network_terms WHERE term_end > $1 AND term_end <= $2 ORDER BY term_end LIMIT $3");
        Ok(sqlx::query_as(SQL).bind(now).bind(now + horizon).bind(limit).fetch_all(&self.pool).await?)
    }

    async fn mark_network_reminded(
        &self,
        organization_id: i64,
        days: i64,
        term_end: DateTime<Utc>,
        mails: Vec<NewMail>,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let sql = match days {
            30 => {
                "UPDATE network_terms SET reminded_30_for = $1, updated_at = $2 WHERE organization_id = $3 AND term_end = $1 \
                 AND (reminded_30_for IS NULL OR reminded_30_for <> $1)"
            }
            7 => {
                "UPDATE network_terms SET reminded_7_for = $1, updated_at = $2 WHERE organization_id = $3 AND term_end = $1 \
                 AND (reminded_7_for IS NULL OR reminded_7_for <> $1)"
            }
            _ => return Err(StoreError::NotFound),
        };
        writes::remind_once(self, sql, organization_id, term_end, &mails, now).await
    }
}
