//! The API load benchmark: a fresh database on SQLite or PostgreSQL, removed
//! afterwards.

/// A fresh database, removed when dropped.
pub(crate) struct BenchDb {
    pub(crate) label: &'static str,
    pub(crate) url: String,
    pub(crate) _guard: DbGuard,
}

pub(crate) enum DbGuard {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres { admin_url: String, name: String },
}

impl Drop for DbGuard {
    fn drop(&mut self) {
        if let DbGuard::Postgres { admin_url, name } = self {
            let (admin_url, name) = (admin_url.clone(), name.clone());
            let target = name.clone();
            let dropped = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
                rt.block_on(async move {
                    use sqlx::Connection;
                    let mut conn = sqlx::PgConnection::connect(&admin_url).await?;
                    sqlx::query(&format!("DROP DATABASE IF EXISTS \"{target}\" WITH (FORCE)")).execute(&mut conn).await?;
                    Ok::<_, sqlx::Error>(())
                })
            })
            .join();
            match dropped {
                Ok(Ok(())) => println!("Dropped the PostgreSQL database {name}."),
                other => eprintln!("Could not drop the PostgreSQL database {name}: {other:?}"),
            }
        }
    }
}

pub(crate) fn sqlite_db() -> BenchDb {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("bench.db").display());
    BenchDb { label: "SQLite", url, _guard: DbGuard::Sqlite(dir) }
}

pub(crate) async fn postgres_db(admin_url: &str) -> BenchDb {
    use sqlx::Connection;
    let name = format!("pd_bench_{}", uuid::Uuid::new_v4().simple());
    let mut conn = sqlx::PgConnection::connect(admin_url).await.expect("connect to BENCH_DATABASE_URL");
    sqlx::query(&format!("CREATE DATABASE \"{name}\"")).execute(&mut conn).await.expect("create the bench database");
    let mut url = url::Url::parse(admin_url).expect("BENCH_DATABASE_URL is a URL");
    url.set_path(&name);
    BenchDb { label: "PostgreSQL", url: url.to_string(), _guard: DbGuard::Postgres { admin_url: admin_url.to_owned(), name } }
}
