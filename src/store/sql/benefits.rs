//! Benefits, assignments, product keys and downloads.

use crate::domain::benefits::AssignmentStatus;
use crate::domain::catalog::BenefitCategory;
use crate::domain::subscriptions::SubscriptionStatus;
use chrono::{DateTime, Utc};
use const_format::concatcp;

use super::{writes, SqlStore};
use crate::store::sql::{Dialect, ASSIGNMENT_SELECT, BENEFIT_SELECT};
use crate::store::{
    AssignmentRow, BenefitRow, BenefitStore, ClearKeyRow, DownloadRow, Effects, NewAssignment, SealedKey, StoreError, StoreResult,
};

#[async_trait::async_trait]
impl BenefitStore for SqlStore {
    async fn benefits(&self, organization_id: i64, category: Option<BenefitCategory>) -> StoreResult<Vec<BenefitRow>> {
        const SQL: &str = concatcp!(BENEFIT_SELECT, " WHERE b.organization_id = $1 AND ($2 = '' OR p.category = $2) \
             AND s.id = (SELECT MAX(s2.id) FROM subscriptions s2 WHERE s2.organization_id = s.organization_id AND s2.offer_id = s.offer_id) \
             ORDER BY s.id DESC, b.position");
        Ok(sqlx::query_as(SQL).bind(organization_id).bind(category.map_or("", |c| c.as_str())).fetch_all(&self.pool).await?)
    }

    async fn benefit(&self, id: i64) -> StoreResult<Option<BenefitRow>> {
        const SQL: &str = concatcp!(BENEFIT_SELECT, " WHERE b.id = $1");
        Ok(sqlx::query_as(SQL).bind(id).fetch_optional(&self.pool).await?)
    }

    async fn organization_assignments(&self, organization_id: i64) -> StoreResult<Vec<AssignmentRow>> {
        const SQL: &str = concatcp!(ASSIGNMENT_SELECT, " WHERE a.organization_id = $1 ORDER BY a.id");
        Ok(sqlx::query_as(SQL).bind(organization_id).fetch_all(&self.pool).await?)
    }

    async fn benefit_assignments(&self, benefit_id: i64) -> StoreResult<Vec<AssignmentRow>> {
        const SQL: &str = concatcp!(ASSIGNMENT_SELECT, " WHERE a.benefit_id = $1 ORDER BY a.id");
        Ok(sqlx::query_as(SQL).bind(benefit_id).fetch_all(&self.pool).await?)
    }

    async fn user_assignments(&self, user_id: i64) -> StoreResult<Vec<AssignmentRow>> {
        const SQL: &str = concatcp!(ASSIGNMENT_SELECT, " WHERE a.user_id = $1 ORDER BY a.id");
        Ok(sqlx::query_as(SQL).bind(user_id).fetch_all(&self.pool).await?)
    }

    async fn assignment(&self, id: i64) -> StoreResult<Option<AssignmentRow>> {
        const SQL: &str = concatcp!(ASSIGNMENT_SELECT, " WHERE a.id = $1");
        Ok(sqlx::query_as(SQL).bind(id).fetch_optional(&self.pool).await?)
    }

    async fn assign_benefit(&self, assignment: NewAssignment, effects: Effects, now: DateTime<Utc>) -> StoreResult<AssignmentRow> {
        use crate::domain::{ErrorCode, GlobalId, NodeKind, RuleError};
        let mut tx = self.begin_write().await?;
        // The benefit's row lock serializes assignments of one benefit.
        const SEATS_LOCKED: &str = concatcp!(
            "SELECT b.organization_id, b.seats, s.status FROM benefits b JOIN subscriptions s ON s.id = b.subscription_id WHERE b.id = $1",
            SqlStore::FOR_UPDATE_OF_BENEFIT
        );
        let (organization_id, seats, status): (i64, Option<i32>, SubscriptionStatus) =
            sqlx::query_as(SEATS_LOCKED).bind(assignment.benefit_id).fetch_optional(&mut *tx).await?.ok_or(StoreError::NotFound)?;
        let refuse = |code| Err(StoreError::Rule(RuleError::new(code)));
        if !status.is_live() {
            tx.rollback().await?;
            return refuse(ErrorCode::SubscriptionNotActive);
        }
        let (taken, mine): (i64, i64) = sqlx::query_as(
            "SELECT COUNT(*), COALESCE(SUM(CASE WHEN user_id = $2 THEN 1 ELSE 0 END), 0) FROM benefit_assignments WHERE benefit_id = $1",
        )
        .bind(assignment.benefit_id)
        .bind(assignment.user_id)
        .fetch_one(&mut *tx)
        .await?;
        if mine > 0 {
            tx.rollback().await?;
            return refuse(ErrorCode::AlreadyAssigned);
        }
        if taken >= i64::from(seats.unwrap_or(0)) {
            tx.rollback().await?;
            return refuse(ErrorCode::NoSeatsAvailable);
        }
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO benefit_assignments (benefit_id, organization_id, user_id, alternate_email, status, assigned_at, activates_at, activated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(assignment.benefit_id)
        .bind(organization_id)
        .bind(assignment.user_id)
        .bind(&assignment.alternate_email)
        .bind(assignment.status)
        .bind(now)
        .bind(assignment.activates_at)
        .bind((assignment.status == AssignmentStatus::Active).then_some(now))
        .fetch_one(&mut *tx)
        .await?;
        let target = Some(GlobalId::new(NodeKind::Benefit, assignment.benefit_id));
        writes::insert_audit(&mut tx, organization_id, &effects.audit, target, now).await?;
        writes::insert_mails(&mut tx, &effects.mails, now).await?;
        const ASSIGNMENT: &str = concatcp!(ASSIGNMENT_SELECT, " WHERE a.id = $1");
        let row = sqlx::query_as(ASSIGNMENT).bind(id).fetch_one(&mut *tx).await?;
        tx.commit().await?;
        Ok(row)
    }

    async fn unassign_benefit(&self, assignment_id: i64, effects: Effects, now: DateTime<Utc>) -> StoreResult<()> {
        use crate::domain::{GlobalId, NodeKind};
        let mut tx = self.begin_write().await?;
        let found: Option<(i64, i64)> =
            sqlx::query_as("DELETE FROM benefit_assignments WHERE id = $1 RETURNING organization_id, benefit_id")
                .bind(assignment_id)
                .fetch_optional(&mut *tx)
                .await?;
        let Some((organization_id, benefit_id)) = found else {
            tx.rollback().await?;
            return Err(StoreError::NotFound);
        };
        writes::insert_audit(&mut tx, organization_id, &effects.audit, Some(GlobalId::new(NodeKind::Benefit, benefit_id)), now).await?;
        writes::insert_mails(&mut tx, &effects.mails, now).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn reveal_key(&self, benefit_id: i64, candidate: &SealedKey, effects: Effects, now: DateTime<Utc>) -> StoreResult<String> {
        use crate::domain::{GlobalId, NodeKind};
        let mut tx = self.begin_write().await?;
        let (organization_id,): (i64,) = sqlx::query_as("SELECT organization_id FROM benefits WHERE id = $1")
            .bind(benefit_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?;
        sqlx::query(
            "INSERT INTO sealed_product_keys (benefit_id, organization_id, sealed, fingerprint, created_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (benefit_id) DO NOTHING",
        )
        .bind(benefit_id)
        .bind(organization_id)
        .bind(&candidate.sealed)
        .bind(&candidate.fingerprint)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let (sealed,): (String,) =
            sqlx::query_as("SELECT sealed FROM sealed_product_keys WHERE benefit_id = $1").bind(benefit_id).fetch_one(&mut *tx).await?;
        sqlx::query("UPDATE benefits SET keys_revealed = TRUE WHERE id = $1").bind(benefit_id).execute(&mut *tx).await?;
        writes::insert_audit(&mut tx, organization_id, &effects.audit, Some(GlobalId::new(NodeKind::Benefit, benefit_id)), now).await?;
        writes::insert_mails(&mut tx, &effects.mails, now).await?;
        tx.commit().await?;
        Ok(sealed)
    }

    async fn clear_product_keys(&self) -> StoreResult<Vec<ClearKeyRow>> {
        Ok(sqlx::query_as("SELECT benefit_id, product_key FROM product_keys ORDER BY benefit_id").fetch_all(&self.pool).await?)
    }

    async fn seal_clear_key(&self, benefit_id: i64, sealed: &SealedKey) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO sealed_product_keys (benefit_id, organization_id, sealed, fingerprint, created_at) \
             SELECT benefit_id, organization_id, $2, $3, created_at FROM product_keys WHERE benefit_id = $1 \
             ON CONFLICT (benefit_id) DO NOTHING",
        )
        .bind(benefit_id)
        .bind(&sealed.sealed)
        .bind(&sealed.fingerprint)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM product_keys WHERE benefit_id = $1").bind(benefit_id).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn instance_secret(&self, name: &str, candidate: &str) -> StoreResult<String> {
        sqlx::query("INSERT INTO instance_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
            .bind(name)
            .bind(candidate)
            .execute(&self.pool)
            .await?;
        let (value,): (String,) =
            sqlx::query_as("SELECT value FROM instance_secrets WHERE name = $1").bind(name).fetch_one(&self.pool).await?;
        Ok(value)
    }

    async fn downloads(&self) -> StoreResult<Vec<DownloadRow>> {
        Ok(sqlx::query_as(
            "SELECT product_code, language, operating_system, file_name, url, size_bytes, sha256 FROM product_downloads \
             ORDER BY product_code, language, operating_system, file_name",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    async fn due_activations(&self, now: DateTime<Utc>, limit: i64) -> StoreResult<Vec<AssignmentRow>> {
        const SQL: &str = concatcp!(
            ASSIGNMENT_SELECT,
            " WHERE a.status = 'PENDING_ACTIVATION' AND a.activates_at <= $1 ORDER BY a.activates_at, a.id LIMIT $2"
        );
        Ok(sqlx::query_as(SQL).bind(now).bind(limit).fetch_all(&self.pool).await?)
    }

    async fn activate_assignment(&self, assignment_id: i64, effects: Effects, now: DateTime<Utc>) -> StoreResult<bool> {
        use crate::domain::{GlobalId, NodeKind};
        let mut tx = self.begin_write().await?;
        // Compare-and-set on the status: of two runners, the second finds the
        // row already ACTIVE (PostgreSQL re-checks the condition after the
        // first commits; SQLite's write transactions run one at a time).
        let found: Option<(i64, i64)> = sqlx::query_as(
            "UPDATE benefit_assignments SET status = 'ACTIVE', activated_at = $2 WHERE id = $1 AND status = 'PENDING_ACTIVATION' \
             RETURNING organization_id, benefit_id",
        )
        .bind(assignment_id)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((organization_id, benefit_id)) = found else {
            tx.rollback().await?;
            return Ok(false);
        };
        writes::insert_audit(&mut tx, organization_id, &effects.audit, Some(GlobalId::new(NodeKind::Benefit, benefit_id)), now).await?;
        writes::insert_mails(&mut tx, &effects.mails, now).await?;
        tx.commit().await?;
        Ok(true)
    }
}
