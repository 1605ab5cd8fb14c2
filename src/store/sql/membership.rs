//! Catalog, subscriptions and orders (mounted per backend; see `sql/mod.rs`).

use crate::domain::catalog::MembershipLevel;
use crate::domain::subscriptions::SubscriptionStatus;
use chrono::{DateTime, Utc};
use const_format::concatcp;

use super::{writes, SqlStore};
use crate::store::sql::{page_from_rows, page_of, Dialect, OFFER_COLS, ORDER_COLS, SUBSCRIPTION_COLS, SUBSCRIPTION_COLS_OF_S};
use crate::store::{
    AllocationRow, CompetencyRow, Expected, LifecycleValues, MembershipFacts, MembershipStore, NewAuditEvent, NewMail, OfferRow, OrderRow,
    Page, PageRequest, StoreError, StoreResult, SubscriptionRow,
};

#[async_trait::async_trait]
impl MembershipStore for SqlStore {
    async fn membership_levels(&self) -> StoreResult<Vec<MembershipLevel>> {
        let rows: Vec<(MembershipLevel,)> =
            sqlx::query_as("SELECT code FROM membership_levels ORDER BY rank").fetch_all(&self.pool).await?;
        Ok(rows.into_iter().map(|(c,)| c).collect())
    }

    async fn offers(&self) -> StoreResult<Vec<OfferRow>> {
        const SQL: &str = concatcp!("SELECT ", OFFER_COLS, " FROM offers WHERE active ORDER BY id");
        Ok(sqlx::query_as(SQL).fetch_all(&self.pool).await?)
    }

    async fn offer(&self, id: i64) -> StoreResult<Option<OfferRow>> {
        const SQL: &str = concatcp!("SELECT ", OFFER_COLS, " FROM offers WHERE id = $1");
        Ok(sqlx::query_as(SQL).bind(id).fetch_optional(&self.pool).await?)
    }

    async fn allocations(&self, offer_id: i64) -> StoreResult<Vec<AllocationRow>> {
        Ok(sqlx::query_as(
            "SELECT a.offer_id, a.position, a.product_code, p.category, p.name_id, a.quantity, a.unit, a.activation, a.seats \
             FROM offer_allocations a JOIN products p ON p.code = a.product_code WHERE a.offer_id = $1 ORDER BY a.position",
        )
        .bind(offer_id)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn competency_areas(&self) -> StoreResult<Vec<String>> {
        let rows: Vec<(String,)> = sqlx::query_as("SELECT code FROM competency_areas ORDER BY position").fetch_all(&self.pool).await?;
        Ok(rows.into_iter().map(|(c,)| c).collect())
    }

    async fn subscription(&self, id: i64) -> StoreResult<Option<SubscriptionRow>> {
        const SQL: &str = concatcp!("SELECT ", SUBSCRIPTION_COLS, " FROM subscriptions WHERE id = $1");
        Ok(sqlx::query_as(SQL).bind(id).fetch_optional(&self.pool).await?)
    }

    async fn subscriptions_page(
        &self,
        organization_id: i64,
        status: Option<SubscriptionStatus>,
        page: PageRequest,
    ) -> StoreResult<Page<SubscriptionRow>> {
        const FILTER: &str = "organization_id = $1 AND ($2 = '' OR status = $2)";
        const SQL: &str = concatcp!(
            "SELECT ",
            SUBSCRIPTION_COLS,
            ", (SELECT COUNT(*) FROM subscriptions WHERE ",
            FILTER,
            ") AS total_count ",
            "FROM subscriptions WHERE ",
            FILTER,
            " AND id < $3 ORDER BY id DESC LIMIT $4"
        );
        let status = status.map_or("", |s| s.as_str());
        let rows = sqlx::query(SQL)
            .bind(organization_id)
            .bind(status)
            .bind(page.after.unwrap_or(i64::MAX))
            .bind(page.first + 1)
            .fetch_all(&self.pool)
            .await?;
        if let Some(page) = page_from_rows(rows, page)? {
            return Ok(page);
        }
        let (total,): (i64,) = sqlx::query_as(concatcp!("SELECT COUNT(*) FROM subscriptions WHERE ", FILTER))
            .bind(organization_id)
            .bind(status)
            .fetch_one(&self.pool)
            .await?;
        Ok(page_of(Vec::new(), page.first, total))
    }

    async fn live_subscription(&self, organization_id: i64, offer_id: i64) -> StoreResult<Option<SubscriptionRow>> {
        const SQL: &str = concatcp!(
            "SELECT ",
            SUBSCRIPTION_COLS,
            " FROM subscriptions WHERE organization_id = $1 AND offer_id = $2 AND status IN ('ACTIVE', 'GRACE_PERIOD')"
        );
        Ok(sqlx::query_as(SQL).bind(organization_id).bind(offer_id).fetch_optional(&self.pool).await?)
    }

    async fn membership_facts(&self, organization_id: i64, action_pack_offer_id: i64) -> StoreResult<MembershipFacts> {
        use sqlx::{FromRow, Row};
        // One row per competency (or one row of NULLs), each carrying the live subscription if any.
        const SQL: &str = concatcp!(
            "SELECT ",
            SUBSCRIPTION_COLS_OF_S,
            ", c.id AS c_id, c.area_code AS c_area_code, c.level AS c_level, c.attained_at AS c_attained_at, \
             c.expires_at AS c_expires_at, c.granted_by_user_id AS c_granted_by_user_id \
             FROM (SELECT CAST($1 AS BIGINT) AS org_id) o \
             LEFT JOIN subscriptions s ON s.organization_id = o.org_id AND s.offer_id = $2 AND s.status IN ('ACTIVE', 'GRACE_PERIOD') \
             LEFT JOIN competencies c ON c.organization_id = o.org_id \
             ORDER BY c.id, s.id"
        );
        let rows = sqlx::query(SQL).bind(organization_id).bind(action_pack_offer_id).fetch_all(&self.pool).await?;
        let mut facts = MembershipFacts::default();
        for row in &rows {
            if facts.live_action_pack.is_none() && row.try_get::<Option<i64>, _>("id")?.is_some() {
                facts.live_action_pack = Some(SubscriptionRow::from_row(row)?);
            }
            let Some(id) = row.try_get::<Option<i64>, _>("c_id")? else { continue };
            if facts.competencies.last().is_some_and(|c| c.id == id) {
                continue;
            }
            facts.competencies.push(CompetencyRow {
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
        expected: Expected,
        lifecycle: LifecycleValues,
        audit: Option<NewAuditEvent>,
        mails: Vec<NewMail>,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<SubscriptionRow>> {
        use crate::domain::{GlobalId, NodeKind};
        let mut tx = self.begin_write().await?;
        let Some(row) = writes::set_lifecycle(&mut tx, id, expected, lifecycle, now).await? else {
            tx.rollback().await?;
            return Ok(None);
        };
        if let Some(audit) = audit {
            writes::insert_audit(&mut tx, row.organization_id, &audit, Some(GlobalId::new(NodeKind::OfferSubscription, id)), now).await?;
        }
        writes::insert_mails(&mut tx, &mails, now).await?;
        tx.commit().await?;
        Ok(Some(row))
    }

    async fn mark_reminded(
        &self,
        id: i64,
        days: i64,
        term_end: DateTime<Utc>,
        mails: Vec<NewMail>,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let sql = match days {
            30 => {
                "UPDATE subscriptions SET reminded_30_for = $1, updated_at = $2 WHERE id = $3 AND status = 'ACTIVE' \
                 AND current_term_end = $1 AND (reminded_30_for IS NULL OR reminded_30_for <> $1)"
            }
            7 => {
                "UPDATE subscriptions SET reminded_7_for = $1, updated_at = $2 WHERE id = $3 AND status = 'ACTIVE' \
                 AND current_term_end = $1 AND (reminded_7_for IS NULL OR reminded_7_for <> $1)"
            }
            _ => return Err(StoreError::NotFound),
        };
        writes::remind_once(self, sql, id, term_end, &mails, now).await
    }

    async fn subscriptions_needing_work(
        &self,
        now: DateTime<Utc>,
        horizon: chrono::TimeDelta,
        limit: i64,
    ) -> StoreResult<Vec<SubscriptionRow>> {
        const SQL: &str = concatcp!(
            "SELECT ",
            SUBSCRIPTION_COLS,
            " FROM subscriptions WHERE (status = 'ACTIVE' AND current_term_end <= $1) \
             OR (status = 'ACTIVE' AND NOT auto_renew AND current_term_end <= $2 \
                 AND (reminded_7_for IS NULL OR reminded_7_for <> current_term_end)) \
             OR (status = 'GRACE_PERIOD' AND grace_ends_at <= $1) ORDER BY id LIMIT $3"
        );
        Ok(sqlx::query_as(SQL).bind(now).bind(now + horizon).bind(limit).fetch_all(&self.pool).await?)
    }

    async fn orders_page(&self, organization_id: i64, page: PageRequest) -> StoreResult<Page<OrderRow>> {
        const SQL: &str = concatcp!(
            "SELECT ",
            ORDER_COLS,
            ", (SELECT COUNT(*) FROM orders WHERE organization_id = $1) AS total_count ",
            "FROM orders WHERE organization_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3"
        );
        let rows =
            sqlx::query(SQL).bind(organization_id).bind(page.after.unwrap_or(i64::MAX)).bind(page.first + 1).fetch_all(&self.pool).await?;
        if let Some(page) = page_from_rows(rows, page)? {
            return Ok(page);
        }
        let (total,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM orders WHERE organization_id = $1").bind(organization_id).fetch_one(&self.pool).await?;
        Ok(page_of(Vec::new(), page.first, total))
    }

    async fn order(&self, id: i64) -> StoreResult<Option<OrderRow>> {
        const SQL: &str = concatcp!("SELECT ", ORDER_COLS, " FROM orders WHERE id = $1");
        Ok(sqlx::query_as(SQL).bind(id).fetch_optional(&self.pool).await?)
    }

    async fn subscription_orders(&self, subscription_id: i64) -> StoreResult<Vec<OrderRow>> {
        const SQL: &str = concatcp!("SELECT ", ORDER_COLS, " FROM orders WHERE subscription_id = $1 ORDER BY id");
        Ok(sqlx::query_as(SQL).bind(subscription_id).fetch_all(&self.pool).await?)
    }
}
