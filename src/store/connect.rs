//! Picks the backend from the database URL's scheme.

use std::sync::Arc;

use super::{GatewayLedger, PgStore, SqliteStore, Store, StoreResult};

/// A database URL sorted by backend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    Sqlite(String),
    Postgres(String),
}

impl DatabaseUrl {
    /// Sorts a URL by its scheme; anything else is a clear error.
    pub fn parse(url: &str) -> Result<Self, String> {
        if url.starts_with("sqlite:") {
            Ok(Self::Sqlite(url.to_owned()))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Self::Postgres(url.to_owned()))
        } else {
            Err(format!("unsupported database URL {url:?}: use sqlite://PATH or postgres://…"))
        }
    }
}

/// An open database: the store the app uses and, over the same pool, the
/// test gateway's ledger.
#[derive(Clone)]
pub struct Database {
    pub store: Arc<dyn Store>,
    pub ledger: Arc<dyn GatewayLedger>,
}

/// Connects to the database with the default pool size and runs pending migrations.
pub async fn connect(url: &DatabaseUrl) -> StoreResult<Database> {
    connect_with(url, None).await
}

/// Connects with at most `max_connections` open connections (the backend's
/// default when `None`) and runs pending migrations.
pub async fn connect_with(url: &DatabaseUrl, max_connections: Option<u32>) -> StoreResult<Database> {
    let db = match url {
        DatabaseUrl::Sqlite(u) => {
            let store = Arc::new(SqliteStore::connect(u, max_connections.unwrap_or(SqliteStore::DEFAULT_CONNECTIONS)).await?);
            Database { store: store.clone(), ledger: store }
        }
        DatabaseUrl::Postgres(u) => {
            let store = Arc::new(PgStore::connect(u, max_connections.unwrap_or(PgStore::DEFAULT_CONNECTIONS)).await?);
            Database { store: store.clone(), ledger: store }
        }
    };
    db.store.migrate().await?;
    Ok(db)
}
