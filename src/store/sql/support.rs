//! Service requests and competencies.

/// Implements `SupportStore`; see `impl_store!`.
macro_rules! impl_support_store {
    ($store:ty, $db:ty) => {
        impl $store {
            /// Moves a request (if still in `expected`) and adds a note, inside a transaction.
            async fn change_request(
                tx: &mut sqlx::Transaction<'static, $db>,
                id: i64,
                expected: &'static str,
                status: Option<&'static str>,
                note: Option<$crate::store::NewNote>,
                now: chrono::DateTime<chrono::Utc>,
            ) -> $crate::store::StoreResult<Option<$crate::store::ServiceRequestRow>> {
                use $crate::domain::service_requests::ServiceRequestStatus;
                let sql =
                    format!("SELECT {} FROM service_requests WHERE id = $1{}", $crate::store::sql::SERVICE_REQUEST_COLS, Self::FOR_UPDATE);
                let current: Option<$crate::store::ServiceRequestRow> = sqlx::query_as(&sql).bind(id).fetch_optional(&mut **tx).await?;
                let Some(current) = current.filter(|r| r.status == expected) else { return Ok(None) };
                let new_status = status.unwrap_or(expected);
                let closed_at = match (status, ServiceRequestStatus::parse(new_status).is_some_and(ServiceRequestStatus::is_finished)) {
                    (None, _) => current.closed_at,
                    (Some(_), true) => Some(now),
                    (Some(_), false) => None,
                };
                if let Some(note) = note {
                    sqlx::query(
                        "INSERT INTO service_request_notes (service_request_id, author_user_id, body, created_at) VALUES ($1, $2, $3, $4)",
                    )
                    .bind(id)
                    .bind(note.author_user_id)
                    .bind(&note.body)
                    .bind(now)
                    .execute(&mut **tx)
                    .await?;
                }
                let sql = format!(
                    "UPDATE service_requests SET status = $1, closed_at = $2, updated_at = $3 WHERE id = $4 RETURNING {}",
                    $crate::store::sql::SERVICE_REQUEST_COLS
                );
                Ok(Some(sqlx::query_as(&sql).bind(new_status).bind(closed_at).bind(now).bind(id).fetch_one(&mut **tx).await?))
            }
        }

        #[async_trait::async_trait]
        impl $crate::store::SupportStore for $store {
            async fn create_service_request(
                &self,
                request: $crate::store::NewServiceRequest,
                audit: $crate::store::NewAuditEvent,
                mails: $crate::store::MailsFor<$crate::store::ServiceRequestRow>,
                now: chrono::DateTime<chrono::Utc>,
            ) -> $crate::store::StoreResult<$crate::store::ServiceRequestRow> {
                use $crate::domain::{GlobalId, NodeKind};
                let mut tx = self.begin_write().await?;
                let sql = format!(
                    "INSERT INTO service_requests (organization_id, category, severity, title, description, status, subscription_id, \
                     opened_by_user_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 'OPEN', $6, $7, $8, $8) RETURNING {}",
                    $crate::store::sql::SERVICE_REQUEST_COLS
                );
                let row: $crate::store::ServiceRequestRow = sqlx::query_as(&sql)
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
                Self::insert_audit(&mut tx, row.organization_id, &audit, Some(GlobalId::new(NodeKind::ServiceRequest, row.id)), now)
                    .await?;
                Self::insert_mails(&mut tx, &mails(&row), now).await?;
                tx.commit().await?;
                Ok(row)
            }

            async fn service_request(&self, id: i64) -> $crate::store::StoreResult<Option<$crate::store::ServiceRequestRow>> {
                let sql = format!("SELECT {} FROM service_requests WHERE id = $1", $crate::store::sql::SERVICE_REQUEST_COLS);
                Ok(sqlx::query_as(&sql).bind(id).fetch_optional(&self.pool).await?)
            }

            async fn service_requests_page(
                &self,
                organization_id: Option<i64>,
                status: Option<&'static str>,
                page: $crate::store::PageRequest,
            ) -> $crate::store::StoreResult<$crate::store::Page<$crate::store::ServiceRequestRow>> {
                let filter = "($1 = 0 OR organization_id = $1) AND ($2 = '' OR status = $2)";
                let sql = format!(
                    "SELECT {} FROM service_requests WHERE {filter} AND id < $3 ORDER BY id DESC LIMIT $4",
                    $crate::store::sql::with_total($crate::store::sql::SERVICE_REQUEST_COLS, "service_requests", filter)
                );
                let (org, status) = (organization_id.unwrap_or(0), status.unwrap_or(""));
                let rows = sqlx::query(&sql)
                    .bind(org)
                    .bind(status)
                    .bind(page.after.unwrap_or(i64::MAX))
                    .bind(page.first + 1)
                    .fetch_all(&self.pool)
                    .await?;
                if let Some(page) = $crate::store::sql::page_from_rows(rows, page)? {
                    return Ok(page);
                }
                let (total,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM service_requests WHERE {filter}"))
                    .bind(org)
                    .bind(status)
                    .fetch_one(&self.pool)
                    .await?;
                Ok($crate::store::sql::page_of(Vec::new(), page.first, total))
            }

            async fn service_request_notes(&self, id: i64) -> $crate::store::StoreResult<Vec<$crate::store::NoteRow>> {
                let sql = format!(
                    "SELECT {} FROM service_request_notes WHERE service_request_id = $1 ORDER BY id",
                    $crate::store::sql::NOTE_COLS
                );
                Ok(sqlx::query_as(&sql).bind(id).fetch_all(&self.pool).await?)
            }

            async fn update_service_request(
                &self,
                id: i64,
                expected: &'static str,
                status: Option<&'static str>,
                note: Option<$crate::store::NewNote>,
                effects: $crate::store::Effects,
                now: chrono::DateTime<chrono::Utc>,
            ) -> $crate::store::StoreResult<Option<$crate::store::ServiceRequestRow>> {
                use $crate::domain::{GlobalId, NodeKind};
                let mut tx = self.begin_write().await?;
                let Some(row) = Self::change_request(&mut tx, id, expected, status, note, now).await? else {
                    tx.rollback().await?;
                    return Ok(None);
                };
                Self::insert_audit(&mut tx, row.organization_id, &effects.audit, Some(GlobalId::new(NodeKind::ServiceRequest, id)), now)
                    .await?;
                Self::insert_mails(&mut tx, &effects.mails, now).await?;
                tx.commit().await?;
                Ok(Some(row))
            }

            async fn resolve_cancellation(
                &self,
                id: i64,
                expected: &'static str,
                subscription: (i64, $crate::store::Expected),
                note: Option<$crate::store::NewNote>,
                effects: $crate::store::Effects,
                now: chrono::DateTime<chrono::Utc>,
            ) -> $crate::store::StoreResult<Option<($crate::store::ServiceRequestRow, $crate::store::SubscriptionRow)>> {
                use $crate::domain::{GlobalId, NodeKind};
                let mut tx = self.begin_write().await?;
                let (sub_id, sub_expected) = subscription;
                let Some(current) = Self::subscription_in(&mut tx, sub_id).await? else {
                    tx.rollback().await?;
                    return Ok(None);
                };
                let cancelled = $crate::store::LifecycleValues {
                    status: "CANCELLED",
                    auto_renew: false,
                    auto_renew_locked: current.auto_renew_locked,
                    term_start: current.current_term_start,
                    term_end: current.current_term_end,
                    grace_ends_at: current.grace_ends_at,
                };
                let Some(sub) = Self::set_lifecycle(&mut tx, sub_id, sub_expected, cancelled, now).await? else {
                    tx.rollback().await?;
                    return Ok(None);
                };
                let Some(row) = Self::change_request(&mut tx, id, expected, Some("RESOLVED"), note, now).await? else {
                    tx.rollback().await?;
                    return Ok(None);
                };
                let target = Some(GlobalId::new(NodeKind::OfferSubscription, sub_id));
                Self::insert_audit(&mut tx, row.organization_id, &effects.audit, target, now).await?;
                Self::insert_mails(&mut tx, &effects.mails, now).await?;
                tx.commit().await?;
                Ok(Some((row, sub)))
            }

            async fn grant_competency(
                &self,
                organization_id: i64,
                area: &str,
                level: &'static str,
                expires_at: chrono::DateTime<chrono::Utc>,
                audit: $crate::store::NewAuditEvent,
                now: chrono::DateTime<chrono::Utc>,
            ) -> $crate::store::StoreResult<$crate::store::CompetencyRow> {
                use $crate::domain::{GlobalId, NodeKind};
                let mut tx = self.begin_write().await?;
                let sql = format!(
                    "INSERT INTO competencies (organization_id, area_code, level, attained_at, expires_at, granted_by_user_id) \
                     VALUES ($1, $2, $3, $4, $5, $6) RETURNING {}",
                    $crate::store::sql::COMPETENCY_COLS
                );
                let row: $crate::store::CompetencyRow = sqlx::query_as(&sql)
                    .bind(organization_id)
                    .bind(area)
                    .bind(level)
                    .bind(now)
                    .bind(expires_at)
                    .bind(audit.actor_user_id)
                    .fetch_one(&mut *tx)
                    .await?;
                Self::insert_audit(&mut tx, organization_id, &audit, Some(GlobalId::new(NodeKind::Competency, row.id)), now).await?;
                tx.commit().await?;
                Ok(row)
            }

            async fn competencies(&self, organization_id: i64) -> $crate::store::StoreResult<Vec<$crate::store::CompetencyRow>> {
                let sql =
                    format!("SELECT {} FROM competencies WHERE organization_id = $1 ORDER BY id", $crate::store::sql::COMPETENCY_COLS);
                Ok(sqlx::query_as(&sql).bind(organization_id).fetch_all(&self.pool).await?)
            }

            async fn competency(&self, id: i64) -> $crate::store::StoreResult<Option<$crate::store::CompetencyRow>> {
                let sql = format!("SELECT {} FROM competencies WHERE id = $1", $crate::store::sql::COMPETENCY_COLS);
                Ok(sqlx::query_as(&sql).bind(id).fetch_optional(&self.pool).await?)
            }
        }
    };
}

pub(crate) use impl_support_store;
