//! Picks the backend from the database URL's scheme.

use std::sync::Arc;

use super::{PgStore, SqliteStore, Store, StoreResult};

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

/// Connects to the database with the default pool size and runs pending migrations.
pub async fn connect(url: &DatabaseUrl) -> StoreResult<Arc<dyn Store>> {
    connect_with(url, None).await
}

/// Connects with at most `max_connections` open connections (the backend's
/// default when `None`) and runs pending migrations.
pub async fn connect_with(url: &DatabaseUrl, max_connections: Option<u32>) -> StoreResult<Arc<dyn Store>> {
    let store: Arc<dyn Store> = match url {
        DatabaseUrl::Sqlite(u) => Arc::new(SqliteStore::connect(u, max_connections.unwrap_or(SqliteStore::DEFAULT_CONNECTIONS)).await?),
        DatabaseUrl::Postgres(u) => Arc::new(PgStore::connect(u, max_connections.unwrap_or(PgStore::DEFAULT_CONNECTIONS)).await?),
    };
    store.migrate().await?;
    Ok(store)
}
