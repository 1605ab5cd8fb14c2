//! PostgreSQL: for many replicas on one database. Row locks (`FOR UPDATE`)
//! serialize the changes that must see each other.

use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::postgres::PgPoolOptions;
use sqlx::{PgPool, Postgres, Transaction};

use super::sql::Dialect;
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
}

impl Dialect for PgStore {
    type Db = Postgres;

    const BACKEND: Backend = Backend::Postgres;
    const ORGANIZATION_FOR_WRITE: &'static str = "SELECT kind FROM organizations WHERE id = $1 FOR UPDATE";
    const FOR_UPDATE: &'static str = " FOR UPDATE";
    const FOR_UPDATE_OF_BENEFIT: &'static str = " FOR UPDATE OF b";
    const FOR_UPDATE_SKIP_LOCKED: &'static str = " FOR UPDATE SKIP LOCKED";

    fn migrator() -> &'static Migrator {
        static MIGRATOR: Migrator = sqlx::migrate!("./migrations/postgres");
        &MIGRATOR
    }

    async fn begin_write(&self) -> StoreResult<Transaction<'static, Postgres>> {
        Ok(self.pool.begin().await?)
    }
}

// The shared SQL of `store/sql/`, compiled for this backend.
type SqlStore = PgStore;
type Tx = Transaction<'static, Postgres>;
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
