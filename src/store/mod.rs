//! Persistence: the `Store` trait and its two implementations, chosen at run
//! time from the database URL. Every multi-row change is one method that runs
//! in one transaction, together with its audit event.

mod connect;
mod postgres;
mod rows;
pub(crate) mod sql;
mod sqlite;
mod traits;
mod types;

use async_trait::async_trait;

pub use connect::{connect, connect_with, Database, DatabaseUrl};
pub use postgres::PgStore;
pub use rows::*;
pub use sqlite::SqliteStore;
pub use traits::{BenefitStore, GatewayLedger, IdentityStore, MembershipStore, NetworkStore, OutboxStore, PaymentStore, SupportStore};

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

/// The persistence interface the app layer uses: one trait per area, all
/// implemented by both backends with the same SQL wherever the dialects agree.
#[async_trait]
pub trait Store:
    IdentityStore + MembershipStore + NetworkStore + PaymentStore + SupportStore + OutboxStore + BenefitStore + Send + Sync + 'static
{
    fn backend(&self) -> Backend;

    /// Runs pending migrations.
    async fn migrate(&self) -> StoreResult<()>;

    /// Answers when the database does.
    async fn ping(&self) -> StoreResult<()>;

    /// Closes every connection; later calls fail. Used at shutdown.
    async fn close(&self);

    /// Open connections in the pool, and how many of them are idle.
    fn pool_stats(&self) -> (u32, u32);
}

/// Every store trait, for `use crate::store::prelude::*`.
pub mod prelude {
    pub use super::{BenefitStore, IdentityStore, MembershipStore, NetworkStore, OutboxStore, PaymentStore, Store, SupportStore};
}
