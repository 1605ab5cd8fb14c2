//! Persistence: the `Store` trait and its two implementations, chosen at run
//! time from the database URL. Every multi-row change is one method that runs
//! in one transaction, together with its audit event.

mod connect;
mod postgres;
mod rows;
mod sql;
mod sqlite;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

pub use connect::{connect, DatabaseUrl};
pub use postgres::PgStore;
pub use rows::*;
pub use sqlite::SqliteStore;

use crate::domain::RuleError;

/// What can go wrong below the app layer.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// A unique constraint refused the change; the text names the constraint
    /// (PostgreSQL) or the column (SQLite).
    #[error("conflict: {0}")]
    Conflict(String),
    /// An invariant checked inside the transaction refused the change, which
    /// was rolled back.
    #[error("rule: {0}")]
    Rule(RuleError),
    #[error("database: {0}")]
    Database(sqlx::Error),
    #[error("migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl StoreError {
    /// Whether this is a unique violation on something whose name contains `what`.
    pub fn is_conflict_on(&self, what: &str) -> bool {
        matches!(self, Self::Conflict(c) if c.contains(what))
    }

    /// Sorts a driver error into our kinds.
    fn from_sqlx(err: sqlx::Error) -> Self {
        match err {
            sqlx::Error::RowNotFound => Self::NotFound,
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                Self::Conflict(db.constraint().map(str::to_owned).unwrap_or_else(|| db.message().to_owned()))
            }
            other => Self::Database(other),
        }
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(err: sqlx::Error) -> Self {
        Self::from_sqlx(err)
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Which database a store talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The persistence interface the app layer uses. Both backends implement it
/// with the same SQL wherever the dialects agree.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    fn backend(&self) -> Backend;

    /// Runs pending migrations.
    async fn migrate(&self) -> StoreResult<()>;

    /// Answers when the database does.
    async fn ping(&self) -> StoreResult<()>;

    /// Closes every connection; later calls fail. Used at shutdown.
    async fn close(&self);

    /// True while no partner organization exists (the demo loads only then).
    async fn has_no_partners(&self) -> StoreResult<bool>;

    // ---- organizations and users

    /// Creates a partner organization with its first global admin.
    async fn join_network(&self, org: NewOrganization, admin: NewUser, now: DateTime<Utc>) -> StoreResult<(OrganizationRow, UserRow)>;

    async fn organization(&self, id: i64) -> StoreResult<Option<OrganizationRow>>;

    /// The organization that program staff belong to.
    async fn operator_organization(&self) -> StoreResult<OrganizationRow>;

    async fn user(&self, id: i64) -> StoreResult<Option<UserRow>>;

    async fn user_by_email(&self, email: &str) -> StoreResult<Option<UserRow>>;

    /// A page of an organization's users in creation order, optionally only
    /// those holding the role whose bit is `role_bit`.
    async fn users_page(&self, organization_id: i64, role_bit: Option<i64>, page: PageRequest) -> StoreResult<Page<UserRow>>;

    /// Adds a user to an organization.
    async fn create_user(&self, organization_id: i64, user: NewUser, audit: NewAuditEvent, now: DateTime<Utc>) -> StoreResult<UserRow>;

    /// Changes a user's roles or deactivates them. The organization keeps at
    /// least one active global admin, or the change is refused with
    /// `LAST_GLOBAL_ADMIN`. Deactivation revokes the user's sessions.
    async fn update_user_access(
        &self,
        organization_id: i64,
        user_id: i64,
        change: AccessChange,
        audit: NewAuditEvent,
        now: DateTime<Utc>,
    ) -> StoreResult<UserRow>;

    /// Replaces a password hash, clears `must_change_password`, and revokes
    /// every session of the user except `keep_session`.
    async fn set_password(
        &self,
        user_id: i64,
        password_hash: &str,
        keep_session: Option<i64>,
        audit: NewAuditEvent,
        now: DateTime<Utc>,
    ) -> StoreResult<UserRow>;

    // ---- sessions and sign-in throttling

    async fn create_session(
        &self,
        user_id: i64,
        token_hash: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<SessionRow>;

    /// The live session with this token hash and its active user.
    async fn session_by_token(&self, token_hash: &str, now: DateTime<Utc>) -> StoreResult<Option<(SessionRow, UserRow)>>;

    async fn revoke_session(&self, session_id: i64, now: DateTime<Utc>) -> StoreResult<()>;

    async fn record_sign_in_failure(&self, email: &str, address: &str, now: DateTime<Utc>) -> StoreResult<()>;

    /// Failures since `since` for this email and for this address, with the
    /// oldest of each (to say when the window frees up).
    async fn sign_in_failures(&self, email: &str, address: &str, since: DateTime<Utc>) -> StoreResult<FailureCounts>;

    /// Forgets an email's failures after a successful sign-in, and prunes
    /// everything older than `before`.
    async fn clear_sign_in_failures(&self, email: &str, before: DateTime<Utc>) -> StoreResult<()>;

    // ---- audit

    /// A page of an organization's audit events, newest first.
    async fn audit_page(&self, organization_id: i64, page: PageRequest) -> StoreResult<Page<AuditEventRow>>;

    async fn audit_event(&self, id: i64) -> StoreResult<Option<AuditEventRow>>;
}
