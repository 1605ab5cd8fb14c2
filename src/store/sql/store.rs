//! The `Store` trait of a backend (mounted per backend; see `sql/mod.rs`).

use super::SqlStore;
use crate::store::sql::Dialect;
use crate::store::{Backend, Store, StoreResult};

#[async_trait::async_trait]
impl Store for SqlStore {
    fn backend(&self) -> Backend {
        SqlStore::BACKEND
    }

    async fn migrate(&self) -> StoreResult<()> {
        SqlStore::migrator().run(&self.pool).await?;
        Ok(())
    }

    async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn close(&self) {
        self.pool.close().await;
    }

    fn pool_stats(&self) -> (u32, u32) {
        (self.pool.size(), self.pool.num_idle() as u32)
    }
}
