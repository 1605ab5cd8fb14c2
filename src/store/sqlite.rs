//! SQLite: the embedded default. WAL mode with `synchronous=FULL`, foreign keys
//! on, a busy timeout, and write transactions that take the write lock up
//! front (`BEGIN IMMEDIATE`) so that concurrent writers queue instead of failing.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool, Transaction};

use super::sql::impl_store;
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

    /// The organization row lock is implied by `BEGIN IMMEDIATE`; this only reads the kind.
    const LOCK_ORGANIZATION: &'static str = "SELECT kind FROM organizations WHERE id = $1";

    /// Locks a row read inside a write transaction (implied by `BEGIN IMMEDIATE` here).
    const FOR_UPDATE: &'static str = "";
    /// Locks the benefit row of a joined read.
    const FOR_UPDATE_OF_BENEFIT: &'static str = "";
    /// Lets concurrent workers claim different rows.
    const FOR_UPDATE_SKIP_LOCKED: &'static str = "";

    async fn begin_write(&self) -> StoreResult<Transaction<'static, Sqlite>> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }
}

impl_store!(SqliteStore, Sqlite, Backend::Sqlite, sqlx::migrate!("./migrations/sqlite"));
