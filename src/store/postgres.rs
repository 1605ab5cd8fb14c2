//! PostgreSQL: for many replicas on one database. Row locks (`FOR UPDATE`)
//! serialize the changes that must see each other.

use std::time::Duration;

use sqlx::postgres::PgPoolOptions;
use sqlx::{PgPool, Postgres, Transaction};

use super::sql::impl_store;
use super::{Backend, StoreResult};

/// The PostgreSQL implementation of [`Store`](super::Store).
#[derive(Clone)]
pub struct PgStore {
    pool: PgPool,
}

impl PgStore {
    /// Connections per replica unless `--db-max-connections` says otherwise.
    pub const DEFAULT_CONNECTIONS: u32 = 16;

    pub async fn connect(url: &str, max_connections: u32) -> StoreResult<Self> {
        let pool =
            PgPoolOptions::new().max_connections(max_connections.max(1)).acquire_timeout(Duration::from_secs(5)).connect(url).await?;
        Ok(Self { pool })
    }

    const LOCK_ORGANIZATION: &'static str = "SELECT kind FROM organizations WHERE id = $1 FOR UPDATE";

    /// Locks a row read inside a write transaction (implied by `BEGIN IMMEDIATE` here).
    const FOR_UPDATE: &'static str = " FOR UPDATE";
    /// Locks the benefit row of a joined read.
    const FOR_UPDATE_OF_BENEFIT: &'static str = " FOR UPDATE OF b";
    /// Lets concurrent workers claim different rows.
    const FOR_UPDATE_SKIP_LOCKED: &'static str = " FOR UPDATE SKIP LOCKED";

    async fn begin_write(&self) -> StoreResult<Transaction<'static, Postgres>> {
        Ok(self.pool.begin().await?)
    }
}

impl_store!(PgStore, Postgres, Backend::Postgres, sqlx::migrate!("./migrations/postgres"));
