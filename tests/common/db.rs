//! Fresh databases on both backends, removed when dropped: SQLite in a
//! temporary folder, PostgreSQL as a new database beside `TEST_DATABASE_URL`
//! (skipped, and said so, without it).

use std::io::Write as _;
use std::sync::Arc;

use partnerdesk::app::App;
use partnerdesk::store::{self, DatabaseUrl, Store};

/// A fresh database that is removed when dropped.
pub struct TestDb {
    pub store: Arc<dyn Store>,
    /// The test gateway's ledger, over the same pool.
    pub ledger: Arc<dyn store::GatewayLedger>,
    pub url: String,
    _guard: Guard,
}

enum Guard {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres {
        admin_url: String,
        name: String,
    },
    /// Another `TestDb` owns the database.
    Shared,
}

impl Drop for Guard {
    fn drop(&mut self) {
        if let Guard::Postgres { admin_url, name } = self {
            let (admin_url, name) = (admin_url.clone(), name.clone());
            // Drop runs inside the test's runtime; use a runtime of our own.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
                rt.block_on(async move {
                    use sqlx::Connection;
                    if let Ok(mut conn) = sqlx::PgConnection::connect(&admin_url).await {
                        let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")).execute(&mut conn).await;
                    }
                });
            })
            .join();
        }
    }
}

impl TestDb {
    /// The same database as `other` (whose guard removes it), through `other`'s store.
    pub fn sharing(other: &TestDb) -> TestDb {
        TestDb { store: other.store.clone(), ledger: other.ledger.clone(), url: other.url.clone(), _guard: Guard::Shared }
    }

    /// The same database through a new pool of at most `max_connections`.
    pub async fn with_connections(self, max_connections: u32) -> TestDb {
        let opened = store::connect_with(&DatabaseUrl::parse(&self.url).unwrap(), Some(max_connections)).await.expect("reopen the store");
        TestDb { store: opened.store, ledger: opened.ledger, ..self }
    }

    /// The built-in test gateway over this database's ledger.
    pub fn gateway(&self) -> Arc<partnerdesk::payments::TestGateway> {
        Arc::new(partnerdesk::payments::TestGateway::new(self.ledger.clone()))
    }

    /// The app builder over this database, with the test gateway.
    pub fn app(&self) -> partnerdesk::app::AppBuilder {
        App::builder(self.store.clone(), self.gateway())
    }
}

/// A new SQLite database in a temporary folder, migrated.
pub async fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().expect("temp dir");
    // In a folder that does not exist yet: the store creates it.
    let url = format!("sqlite://{}", dir.path().join("nested/test.db").display());
    let store::Database { store, ledger } = store::connect(&DatabaseUrl::parse(&url).unwrap()).await.expect("sqlite store");
    TestDb { store, ledger, url, _guard: Guard::Sqlite(dir) }
}

/// A new SQLite database on which `prepare` runs (given its URL) before the
/// store migrates it: for upgrades from an earlier schema.
pub async fn sqlite_prepared<F: std::future::Future<Output = ()>>(prepare: impl FnOnce(String) -> F) -> TestDb {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("test.db").display());
    prepare(url.clone()).await;
    let store::Database { store, ledger } = store::connect(&DatabaseUrl::parse(&url).unwrap()).await.expect("sqlite store");
    TestDb { store, ledger, url, _guard: Guard::Sqlite(dir) }
}

/// A store over an existing SQLite file, keeping `dir` alive with it.
pub async fn sqlite_at(url: &str, dir: tempfile::TempDir) -> TestDb {
    let store::Database { store, ledger } = store::connect(&DatabaseUrl::parse(url).unwrap()).await.expect("sqlite store");
    TestDb { store, ledger, url: url.to_owned(), _guard: Guard::Sqlite(dir) }
}

/// Says on the real stderr (not captured by the test harness) that a
/// PostgreSQL test was skipped.
fn say_skipped(test: &str) {
    let line = format!("SKIPPED (PostgreSQL): {test}: TEST_DATABASE_URL is not set\n");
    let _ = std::io::stderr().write_all(line.as_bytes());
}

/// A new PostgreSQL database, or `None` (and a printed notice) without
/// `TEST_DATABASE_URL`.
pub async fn postgres(test: &str) -> Option<TestDb> {
    postgres_prepared(test, |_| async {}).await
}

/// A new PostgreSQL database on which `prepare` runs (given its URL) before
/// the store migrates it; `None` without `TEST_DATABASE_URL`.
pub async fn postgres_prepared<F: std::future::Future<Output = ()>>(test: &str, prepare: impl FnOnce(String) -> F) -> Option<TestDb> {
    let Ok(admin_url) = std::env::var("TEST_DATABASE_URL") else {
        say_skipped(test);
        return None;
    };
    let name = format!("pd_test_{}", uuid::Uuid::new_v4().simple());
    {
        use sqlx::Connection;
        let mut conn = sqlx::PgConnection::connect(&admin_url).await.expect("connect to TEST_DATABASE_URL");
        sqlx::query(&format!("CREATE DATABASE \"{name}\"")).execute(&mut conn).await.expect("create test database");
    }
    let mut url = url::Url::parse(&admin_url).expect("TEST_DATABASE_URL is a URL");
    url.set_path(&name);
    let url = url.to_string();
    let guard = Guard::Postgres { admin_url, name };
    prepare(url.clone()).await;
    let store::Database { store, ledger } = store::connect(&DatabaseUrl::parse(&url).unwrap()).await.expect("postgres store");
    Some(TestDb { store, ledger, url, _guard: guard })
}
