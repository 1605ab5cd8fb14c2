//! Identity: organizations, users, sessions, sign-in failures, audit log.

use chrono::{DateTime, Utc};
use const_format::concatcp;

use super::{writes, SqlStore};
use crate::store::sql::{page_from_rows, page_of, Dialect, AUDIT_COLS, ORG_COLS, USER_COLS};
use crate::store::{
    AccessChange, AuditEventRow, FailureCounts, IdentityStore, NewAuditEvent, NewOrganization, NewUser, OrganizationRow, Page, PageRequest,
    SessionRow, StoreError, StoreResult, UserRow,
};

#[async_trait::async_trait]
impl IdentityStore for SqlStore {
    async fn has_no_partners(&self) -> StoreResult<bool> {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM organizations WHERE kind = 'PARTNER'").fetch_one(&self.pool).await?;
        Ok(n == 0)
    }

    async fn join_network(&self, org: NewOrganization, admin: NewUser, now: DateTime<Utc>) -> StoreResult<(OrganizationRow, UserRow)> {
        use crate::domain::{GlobalId, NodeKind};
        let mut tx = self.begin_write().await?;
        const SQL: &str = concatcp!(
            "INSERT INTO organizations (partner_id, kind, legal_name, country, network_member_since, created_at) \
             VALUES ($1, 'PARTNER', $2, $3, $4, $4) RETURNING ",
            ORG_COLS
        );
        let created: OrganizationRow =
            sqlx::query_as(SQL).bind(&org.partner_id).bind(&org.legal_name).bind(&org.country).bind(now).fetch_one(&mut *tx).await?;
        let user = writes::insert_user(&mut tx, created.id, &admin, now).await?;
        let term = crate::domain::network::NetworkTerm::joined(now);
        sqlx::query(
            "INSERT INTO network_terms (organization_id, term_start, term_end, agreement_version, updated_at) VALUES ($1, $2, $3, $4, $2)",
        )
        .bind(created.id)
        .bind(term.start)
        .bind(term.end)
        .bind(crate::domain::network::AGREEMENT_VERSION)
        .execute(&mut *tx)
        .await?;
        let event = NewAuditEvent { actor_user_id: Some(user.id), action: "organization.join", target: None };
        writes::insert_audit(&mut tx, created.id, &event, Some(GlobalId::new(NodeKind::Organization, created.id)), now).await?;
        tx.commit().await?;
        Ok((created, user))
    }

    async fn organization(&self, id: i64) -> StoreResult<Option<OrganizationRow>> {
        const SQL: &str = concatcp!("SELECT ", ORG_COLS, " FROM organizations WHERE id = $1");
        Ok(sqlx::query_as(SQL).bind(id).fetch_optional(&self.pool).await?)
    }

    async fn operator_organization(&self) -> StoreResult<OrganizationRow> {
        const SQL: &str = concatcp!("SELECT ", ORG_COLS, " FROM organizations WHERE kind = 'OPERATOR' ORDER BY id LIMIT 1");
        Ok(sqlx::query_as(SQL).fetch_one(&self.pool).await?)
    }

    async fn user(&self, id: i64) -> StoreResult<Option<UserRow>> {
        const SQL: &str = concatcp!("SELECT ", USER_COLS, " FROM users WHERE id = $1");
        Ok(sqlx::query_as(SQL).bind(id).fetch_optional(&self.pool).await?)
    }

    async fn user_by_email(&self, email: &str) -> StoreResult<Option<UserRow>> {
        const SQL: &str = concatcp!("SELECT ", USER_COLS, " FROM users WHERE email = $1");
        Ok(sqlx::query_as(SQL).bind(email).fetch_optional(&self.pool).await?)
    }

    async fn users_page(&self, organization_id: i64, role_bit: Option<i64>, page: PageRequest) -> StoreResult<Page<UserRow>> {
        // A zero mask matches every role set, so "no filter" needs no NULL.
        let mask = role_bit.unwrap_or(0);
        const FILTER: &str = "organization_id = $1 AND ($2 = 0 OR (roles & $2) <> 0)";
        const SQL: &str = concatcp!(
            "SELECT ",
            USER_COLS,
            ", (SELECT COUNT(*) FROM users WHERE ",
            FILTER,
            ") AS total_count ",
            "FROM users WHERE ",
            FILTER,
            " AND id > $3 ORDER BY id LIMIT $4"
        );
        let rows = sqlx::query(SQL)
            .bind(organization_id)
            .bind(mask)
            .bind(page.after.unwrap_or(0))
            .bind(page.first + 1)
            .fetch_all(&self.pool)
            .await?;
        if let Some(page) = page_from_rows(rows, page)? {
            return Ok(page);
        }
        let (total,): (i64,) = sqlx::query_as(concatcp!("SELECT COUNT(*) FROM users WHERE ", FILTER))
            .bind(organization_id)
            .bind(mask)
            .fetch_one(&self.pool)
            .await?;
        Ok(page_of(Vec::new(), page.first, total))
    }

    async fn create_user(&self, organization_id: i64, user: NewUser, audit: NewAuditEvent, now: DateTime<Utc>) -> StoreResult<UserRow> {
        use crate::domain::{GlobalId, NodeKind};
        let mut tx = self.begin_write().await?;
        let created = writes::insert_user(&mut tx, organization_id, &user, now).await?;
        writes::insert_audit(&mut tx, organization_id, &audit, Some(GlobalId::new(NodeKind::User, created.id)), now).await?;
        tx.commit().await?;
        Ok(created)
    }

    async fn update_user_access(
        &self,
        organization_id: i64,
        user_id: i64,
        change: AccessChange,
        audit: NewAuditEvent,
        now: DateTime<Utc>,
    ) -> StoreResult<UserRow> {
        use crate::domain::{ErrorCode, Role, RoleSet, RuleError};
        let mut tx = self.begin_write().await?;
        // Serializes access changes within one organization, so that two
        // concurrent demotions cannot both see "one admin left".
        let (kind,): (String,) = sqlx::query_as(SqlStore::ORGANIZATION_FOR_WRITE)
            .bind(organization_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?;
        let (update, roles) = match change {
            AccessChange::SetRoles(bits) => {
                ("UPDATE users SET updated_at = $1, roles = $4 WHERE id = $2 AND organization_id = $3", Some(bits))
            }
            AccessChange::Deactivate => ("UPDATE users SET updated_at = $1, active = FALSE WHERE id = $2 AND organization_id = $3", None),
        };
        let query = sqlx::query(update).bind(now).bind(user_id).bind(organization_id);
        let query = match roles {
            Some(bits) => query.bind(bits),
            None => query,
        };
        let updated = query.execute(&mut *tx).await?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        if change == AccessChange::Deactivate {
            sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
                .bind(now)
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
            // A deactivated user's benefit seats go back to the organization.
            sqlx::query("DELETE FROM benefit_assignments WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
        }
        if kind == "PARTNER" {
            let (admins,): (i64,) =
                sqlx::query_as("SELECT COUNT(*) FROM users WHERE organization_id = $1 AND active AND (roles & $2) <> 0")
                    .bind(organization_id)
                    .bind(RoleSet::bit_of(Role::GlobalAdmin))
                    .fetch_one(&mut *tx)
                    .await?;
            if admins == 0 {
                tx.rollback().await?;
                return Err(StoreError::Rule(RuleError::new(ErrorCode::LastGlobalAdmin)));
            }
        }
        writes::insert_audit(&mut tx, organization_id, &audit, None, now).await?;
        const SQL: &str = concatcp!("SELECT ", USER_COLS, " FROM users WHERE id = $1");
        let user = sqlx::query_as(SQL).bind(user_id).fetch_one(&mut *tx).await?;
        tx.commit().await?;
        Ok(user)
    }

    async fn set_password(
        &self,
        user_id: i64,
        password_hash: &str,
        keep_session: Option<i64>,
        audit: NewAuditEvent,
        now: DateTime<Utc>,
    ) -> StoreResult<UserRow> {
        let mut tx = self.begin_write().await?;
        const SQL: &str = concatcp!(
            "UPDATE users SET password_hash = $1, must_change_password = FALSE, updated_at = $2 WHERE id = $3 RETURNING ",
            USER_COLS
        );
        let user: UserRow =
            sqlx::query_as(SQL).bind(password_hash).bind(now).bind(user_id).fetch_optional(&mut *tx).await?.ok_or(StoreError::NotFound)?;
        sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND id <> $3 AND revoked_at IS NULL")
            .bind(now)
            .bind(user_id)
            .bind(keep_session.unwrap_or(0))
            .execute(&mut *tx)
            .await?;
        writes::insert_audit(&mut tx, user.organization_id, &audit, None, now).await?;
        tx.commit().await?;
        Ok(user)
    }

    async fn create_session(
        &self,
        user_id: i64,
        token_hash: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<SessionRow> {
        Ok(sqlx::query_as(
            "INSERT INTO sessions (user_id, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4) RETURNING id, user_id, created_at, expires_at",
        )
        .bind(user_id)
        .bind(token_hash)
        .bind(now)
        .bind(expires_at)
        .fetch_one(&self.pool)
        .await?)
    }

    async fn session_by_token(&self, token_hash: &str, now: DateTime<Utc>) -> StoreResult<Option<(SessionRow, UserRow, OrganizationRow)>> {
        use sqlx::{FromRow, Row};
        // The user's organization comes along: nearly every request needs it.
        let sql = "SELECT s.id AS session_id, s.created_at AS session_created_at, s.expires_at AS session_expires_at, \
                   u.id, u.organization_id, u.email, u.display_name, u.password_hash, u.roles, u.active, u.must_change_password, \
                   u.language, u.created_at, u.updated_at, \
                   o.partner_id AS org_partner_id, o.kind AS org_kind, o.legal_name AS org_legal_name, o.country AS org_country, \
                   o.network_member_since AS org_network_member_since, o.created_at AS org_created_at \
                   FROM sessions s JOIN users u ON u.id = s.user_id JOIN organizations o ON o.id = u.organization_id \
                   WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 AND u.active";
        let Some(row) = sqlx::query(sql).bind(token_hash).bind(now).fetch_optional(&self.pool).await? else {
            return Ok(None);
        };
        let user = UserRow::from_row(&row)?;
        let session = SessionRow {
            id: row.try_get("session_id")?,
            user_id: user.id,
            created_at: row.try_get("session_created_at")?,
            expires_at: row.try_get("session_expires_at")?,
        };
        let organization = OrganizationRow {
            id: user.organization_id,
            partner_id: row.try_get("org_partner_id")?,
            kind: row.try_get("org_kind")?,
            legal_name: row.try_get("org_legal_name")?,
            country: row.try_get("org_country")?,
            network_member_since: row.try_get("org_network_member_since")?,
            created_at: row.try_get("org_created_at")?,
        };
        Ok(Some((session, user, organization)))
    }

    async fn revoke_session(&self, session_id: i64, now: DateTime<Utc>) -> StoreResult<()> {
        sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
            .bind(now)
            .bind(session_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn record_sign_in_failure(&self, email: &str, address: &str, now: DateTime<Utc>) -> StoreResult<()> {
        sqlx::query("INSERT INTO sign_in_failures (email, address, at) VALUES ($1, $2, $3)")
            .bind(email)
            .bind(address)
            .bind(now)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn sign_in_failures(&self, email: &str, address: &str, since: DateTime<Utc>) -> StoreResult<FailureCounts> {
        let count = |sql: &'static str, value: &str| {
            let value = value.to_owned();
            async move {
                let (n, oldest): (i64, Option<DateTime<Utc>>) = sqlx::query_as(sql).bind(value).bind(since).fetch_one(&self.pool).await?;
                Ok::<_, StoreError>((n, oldest))
            }
        };
        let (by_email, oldest_by_email) =
            count("SELECT COUNT(*), MIN(at) FROM sign_in_failures WHERE email = $1 AND at > $2", email).await?;
        let (by_address, oldest_by_address) =
            count("SELECT COUNT(*), MIN(at) FROM sign_in_failures WHERE address = $1 AND at > $2", address).await?;
        Ok(FailureCounts { by_email, by_address, oldest_by_email, oldest_by_address })
    }

    async fn clear_sign_in_failures(&self, email: &str, before: DateTime<Utc>) -> StoreResult<()> {
        sqlx::query("DELETE FROM sign_in_failures WHERE email = $1 OR at < $2").bind(email).bind(before).execute(&self.pool).await?;
        Ok(())
    }

    async fn audit_page(&self, organization_id: i64, page: PageRequest) -> StoreResult<Page<AuditEventRow>> {
        const SQL: &str = concatcp!(
            "SELECT ",
            AUDIT_COLS,
            ", (SELECT COUNT(*) FROM audit_events WHERE organization_id = $1) AS total_count ",
            "FROM audit_events WHERE organization_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3"
        );
        let rows =
            sqlx::query(SQL).bind(organization_id).bind(page.after.unwrap_or(i64::MAX)).bind(page.first + 1).fetch_all(&self.pool).await?;
        if let Some(page) = page_from_rows(rows, page)? {
            return Ok(page);
        }
        let (total,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_events WHERE organization_id = $1")
            .bind(organization_id)
            .fetch_one(&self.pool)
            .await?;
        Ok(page_of(Vec::new(), page.first, total))
    }

    async fn audit_event(&self, id: i64) -> StoreResult<Option<AuditEventRow>> {
        const SQL: &str = concatcp!("SELECT ", AUDIT_COLS, " FROM audit_events WHERE id = $1");
        Ok(sqlx::query_as(SQL).bind(id).fetch_optional(&self.pool).await?)
    }

    async fn users_with_roles(&self, organization_id: i64, role_mask: i64) -> StoreResult<Vec<UserRow>> {
        const SQL: &str =
            concatcp!("SELECT ", USER_COLS, " FROM users WHERE organization_id = $1 AND active AND (roles & $2) <> 0 ORDER BY id");
        Ok(sqlx::query_as(SQL).bind(organization_id).bind(role_mask).fetch_all(&self.pool).await?)
    }
}
