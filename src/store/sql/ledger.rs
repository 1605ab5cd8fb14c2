//! The test gateway's ledger, standing in for a card provider's own records
//! (mounted per backend; see `sql/mod.rs`). It is not part of `Store`: only
//! `payments::TestGateway` holds it.

use chrono::{DateTime, Utc};

use super::SqlStore;
use crate::store::{GatewayLedger, StoreError, StoreResult};

#[async_trait::async_trait]
impl GatewayLedger for SqlStore {
    async fn ledger_charge(
        &self,
        key: &str,
        token: &str,
        amount_minor: i64,
        currency: &str,
        outcome: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<String> {
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
        self.ledger_find(key).await?.ok_or(StoreError::NotFound)
    }

    async fn ledger_refund(&self, key: &str, charge_key: &str, amount_minor: i64, currency: &str, now: DateTime<Utc>) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO gateway_refunds (idempotency_key, charge_key, amount_minor, currency, created_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (idempotency_key) DO NOTHING",
        )
        .bind(key)
        .bind(charge_key)
        .bind(amount_minor)
        .bind(currency)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn ledger_find(&self, key: &str) -> StoreResult<Option<String>> {
        let row: Option<(String,)> =
            sqlx::query_as("SELECT outcome FROM gateway_charges WHERE idempotency_key = $1").bind(key).fetch_optional(&self.pool).await?;
        Ok(row.map(|(o,)| o))
    }
}
