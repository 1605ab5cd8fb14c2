//! Service requests and competencies.

use crate::domain::catalog::CompetencyLevel;
use crate::domain::service_requests::ServiceRequestStatus;
use crate::domain::subscriptions::SubscriptionStatus;
use chrono::{DateTime, Utc};
use const_format::concatcp;

use super::{writes, SqlStore, Tx};
use crate::store::sql::{page_from_rows, page_of, Dialect, COMPETENCY_COLS, NOTE_COLS, SERVICE_REQUEST_COLS};
use crate::store::{
    CompetencyRow, Effects, Expected, LifecycleValues, MailsFor, NewAuditEvent, NewNote, NewServiceRequest, NoteRow, Page, PageRequest,
    ServiceRequestRow, StoreResult, SubscriptionRow, SupportStore,
};

#[async_trait::async_trait]
impl SupportStore for SqlStore {
    async fn create_service_request(
        &self,
        request: NewServiceRequest,
        audit: NewAuditEvent,
        mails: MailsFor<ServiceRequestRow>,
        now: DateTime<Utc>,
    ) -> StoreResult<ServiceRequestRow> {
        use crate::domain::{GlobalId, NodeKind};
        let mut tx = self.begin_write().await?;
        const SQL: &str = concatcp!(
            "INSERT INTO service_requests (organization_id, category, severity, title, description, status, subscription_id, \
             opened_by_user_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 'OPEN', $6, $7, $8, $8) RETURNING ",
            SERVICE_REQUEST_COLS
        );
        let row: ServiceRequestRow = sqlx::query_as(SQL)
            .bind(request.organization_id)
            .bind(request.category)
            .bind(request.severity)
            .bind(&request.title)
            .bind(&request.description)
            .bind(request.subscription_id)
            .bind(request.opened_by_user_id)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
        writes::insert_audit(&mut tx, row.organization_id, &audit, Some(GlobalId::new(NodeKind::ServiceRequest, row.id)), now).await?;
        writes::insert_mails(&mut tx, &mails(&row), now).await?;
        tx.commit().await?;
        Ok(row)
    }

    async fn service_request(&self, id: i64) -> StoreResult<Option<ServiceRequestRow>> {
        const SQL: &str = concatcp!("SELECT ", SERVICE_REQUEST_COLS, " FROM service_requests WHERE id = $1");
        Ok(sqlx::query_as(SQL).bind(id).fetch_optional(&self.pool).await?)
    }

    async fn service_requests_page(
        &self,
        organization_id: Option<i64>,
        status: Option<ServiceRequestStatus>,
        page: PageRequest,
    ) -> StoreResult<Page<ServiceRequestRow>> {
        const FILTER: &str = "($1 = 0 OR organization_id = $1) AND ($2 = '' OR status = $2)";
        const SQL: &str = concatcp!(
            "SELECT ",
            SERVICE_REQUEST_COLS,
            ", (SELECT COUNT(*) FROM service_requests WHERE ",
            FILTER,
            ") AS total_count ",
            "FROM service_requests WHERE ",
            FILTER,
            " AND id < $3 ORDER BY id DESC LIMIT $4"
        );
        let (org, status) = (organization_id.unwrap_or(0), status.map_or("", |s| s.as_str()));
        let rows =
            sqlx::query(SQL).bind(org).bind(status).bind(page.after.unwrap_or(i64::MAX)).bind(page.first + 1).fetch_all(&self.pool).await?;
        if let Some(page) = page_from_rows(rows, page)? {
            return Ok(page);
        }
        let (total,): (i64,) = sqlx::query_as(concatcp!("SELECT COUNT(*) FROM service_requests WHERE ", FILTER))
            .bind(org)
            .bind(status)
            .fetch_one(&self.pool)
            .await?;
        Ok(page_of(Vec::new(), page.first, total))
    }

    async fn service_request_notes(&self, id: i64) -> StoreResult<Vec<NoteRow>> {
        const SQL: &str = concatcp!("SELECT ", NOTE_COLS, " FROM service_request_notes WHERE service_request_id = $1 ORDER BY id");
        Ok(sqlx::query_as(SQL).bind(id).fetch_all(&self.pool).await?)
    }

    async fn update_service_request(
        &self,
        id: i64,
        expected: ServiceRequestStatus,
        status: Option<ServiceRequestStatus>,
        note: Option<NewNote>,
        effects: Effects,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<ServiceRequestRow>> {
        use crate::domain::{GlobalId, NodeKind};
        let mut tx = self.begin_write().await?;
        let Some(row) = change_request(&mut tx, id, expected, status, note, now).await? else {
            tx.rollback().await?;
            return Ok(None);
        };
        writes::insert_audit(&mut tx, row.organization_id, &effects.audit, Some(GlobalId::new(NodeKind::ServiceRequest, id)), now).await?;
        writes::insert_mails(&mut tx, &effects.mails, now).await?;
        tx.commit().await?;
        Ok(Some(row))
    }

    async fn resolve_cancellation(
        &self,
        id: i64,
        expected: ServiceRequestStatus,
        subscription: (i64, Expected),
        note: Option<NewNote>,
        effects: Effects,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<(ServiceRequestRow, SubscriptionRow)>> {
        use crate::domain::{GlobalId, NodeKind};
        let mut tx = self.begin_write().await?;
        let (sub_id, sub_expected) = subscription;
        let Some(current) = writes::subscription_in(&mut tx, sub_id).await? else {
            tx.rollback().await?;
            return Ok(None);
        };
        let cancelled = LifecycleValues {
            status: SubscriptionStatus::Cancelled,
            auto_renew: false,
            auto_renew_locked: current.auto_renew_locked,
            term_start: current.current_term_start,
            term_end: current.current_term_end,
            grace_ends_at: current.grace_ends_at,
        };
        let Some(sub) = writes::set_lifecycle(&mut tx, sub_id, sub_expected, cancelled, now).await? else {
            tx.rollback().await?;
            return Ok(None);
        };
        let Some(row) = change_request(&mut tx, id, expected, Some(ServiceRequestStatus::Resolved), note, now).await? else {
            tx.rollback().await?;
            return Ok(None);
        };
        let target = Some(GlobalId::new(NodeKind::OfferSubscription, sub_id));
        writes::insert_audit(&mut tx, row.organization_id, &effects.audit, target, now).await?;
        writes::insert_mails(&mut tx, &effects.mails, now).await?;
        tx.commit().await?;
        Ok(Some((row, sub)))
    }

    async fn grant_competency(
        &self,
        organization_id: i64,
        area: &str,
        level: CompetencyLevel,
        expires_at: DateTime<Utc>,
        audit: NewAuditEvent,
        now: DateTime<Utc>,
    ) -> StoreResult<CompetencyRow> {
        use crate::domain::{GlobalId, NodeKind};
        let mut tx = self.begin_write().await?;
        const SQL: &str = concatcp!(
            "INSERT INTO competencies (organization_id, area_code, level, attained_at, expires_at, granted_by_user_id) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING ",
            COMPETENCY_COLS
        );
        let row: CompetencyRow = sqlx::query_as(SQL)
            .bind(organization_id)
            .bind(area)
            .bind(level)
            .bind(now)
            .bind(expires_at)
            .bind(audit.actor_user_id)
            .fetch_one(&mut *tx)
            .await?;
        writes::insert_audit(&mut tx, organization_id, &audit, Some(GlobalId::new(NodeKind::Competency, row.id)), now).await?;
        tx.commit().await?;
        Ok(row)
    }

    async fn competencies(&self, organization_id: i64) -> StoreResult<Vec<CompetencyRow>> {
        const SQL: &str = concatcp!("SELECT ", COMPETENCY_COLS, " FROM competencies WHERE organization_id = $1 ORDER BY id");
        Ok(sqlx::query_as(SQL).bind(organization_id).fetch_all(&self.pool).await?)
    }

    async fn competency(&self, id: i64) -> StoreResult<Option<CompetencyRow>> {
        const SQL: &str = concatcp!("SELECT ", COMPETENCY_COLS, " FROM competencies WHERE id = $1");
        Ok(sqlx::query_as(SQL).bind(id).fetch_optional(&self.pool).await?)
    }
}

/// Moves a request (if still in `expected`) and adds a note, inside a transaction.
async fn change_request(
    tx: &mut Tx,
    id: i64,
    expected: ServiceRequestStatus,
    status: Option<ServiceRequestStatus>,
    note: Option<NewNote>,
    now: DateTime<Utc>,
) -> StoreResult<Option<ServiceRequestRow>> {
    const SELECT_LOCKED: &str = concatcp!("SELECT ", SERVICE_REQUEST_COLS, " FROM service_requests WHERE id = $1", SqlStore::FOR_UPDATE);
    let current: Option<ServiceRequestRow> = sqlx::query_as(SELECT_LOCKED).bind(id).fetch_optional(&mut **tx).await?;
    let Some(current) = current.filter(|r| r.status == expected) else { return Ok(None) };
    let new_status = status.unwrap_or(expected);
    let closed_at = match (status, new_status.is_finished()) {
        (None, _) => current.closed_at,
        (Some(_), true) => Some(now),
        (Some(_), false) => None,
    };
    if let Some(note) = note {
        sqlx::query("INSERT INTO service_request_notes (service_request_id, author_user_id, body, created_at) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(note.author_user_id)
            .bind(&note.body)
            .bind(now)
            .execute(&mut **tx)
            .await?;
    }
    const UPDATE: &str = concatcp!(
        "UPDATE service_requests SET status = $1, closed_at = $2, updated_at = $3 WHERE id = $4 RETURNING ",
        SERVICE_REQUEST_COLS
    );
    Ok(Some(sqlx::query_as(UPDATE).bind(new_status).bind(closed_at).bind(now).bind(id).fetch_one(&mut **tx).await?))
}
