//! SQLite: the embedded default. WAL mode with `synchronous=FULL`, foreign keys
//! on, a busy timeout, and write transactions that take the write lock up
//! front (`BEGIN IMMEDIATE`) so that concurrent writers queue instead of failing.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool, Transaction};

use super::sql::Dialect;
use super::{Backend, StoreResult};

/// The SQLite implementation of [`Store`](super::Store).
#[derive(Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    /// Connections unless `--db-max-connections` says otherwise; each has a thread of its own.
    pub const DEFAULT_CONNECTIONS: u32 = 8;

    /// Opens (creating the file and its folder if needed) the database at `url`.
    pub async fn connect(url: &str, max_connections: u32) -> StoreResult<Self> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(10))
            .foreign_keys(true);
        if let Some(parent) = Path::new(options.get_filename()).parent() {
            if !parent.as_os_str().is_empty() {
                std::fs::create_dir_all(parent).map_err(sqlx::Error::Io)?;
            }
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(max_connections.max(1))
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await?;
        Ok(Self { pool })
    }
}

impl Dialect for SqliteStore {
    type Db = Sqlite;

    const BACKEND: Backend = Backend::Sqlite;
    /// No lock: `BEGIN IMMEDIATE` already made this transaction the only writer.
    const ORGANIZATION_FOR_WRITE: &'static str = "SELECT kind FROM organizations WHERE id = $1";
    const FOR_UPDATE: &'static str = "";
    const FOR_UPDATE_OF_BENEFIT: &'static str = "";
    const FOR_UPDATE_SKIP_LOCKED: &'static str = "";

    fn migrator() -> &'static Migrator {
        static MIGRATOR: Migrator = sqlx::migrate!("./migrations/sqlite");
        &MIGRATOR
    }

    async fn begin_write(&self) -> StoreResult<Transaction<'static, Sqlite>> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }
}

// The shared SQL of `store/sql/`, compiled for this backend.
type SqlStore = SqliteStore;
type Tx = Transaction<'static, Sqlite>;
#[path = "sql/benefits.rs"]
mod benefits;
#[path = "sql/identity.rs"]
mod identity;
#[path = "sql/ledger.rs"]
mod ledger;
#[path = "sql/membership.rs"]
mod membership;
#[path = "sql/network.rs"]
mod network;
#[path = "sql/outbox.rs"]
mod outbox;
#[path = "sql/payments.rs"]
mod payments;
#[path = "sql/store.rs"]
mod store;
#[path = "sql/support.rs"]
mod support;
#[path = "sql/writes.rs"]
mod writes;
