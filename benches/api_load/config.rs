//! The API load benchmark: its settings, read from the environment.

use super::*;

#[derive(Debug, Clone)]
pub(crate) struct Config {
    pub(crate) seconds: u64,
    pub(crate) warmup_seconds: u64,
    pub(crate) connections: u32,
    pub(crate) orgs: usize,
    pub(crate) seed_concurrency: usize,
    pub(crate) loadgen_threads: usize,
    pub(crate) db_connections: Option<u32>,
    pub(crate) postgres: Option<String>,
    pub(crate) sqlite: bool,
}

pub(crate) fn env_or<T: FromStr>(name: &str, default: T) -> T {
    match std::env::var(name) {
        Ok(v) if !v.trim().is_empty() => v.trim().parse().unwrap_or_else(|_| panic!("{name}={v:?} is not a valid value")),
        _ => default,
    }
}

impl Config {
    pub(crate) fn from_env() -> Self {
        Self {
            seconds: env_or("BENCH_SECONDS", 10u64).max(1),
            warmup_seconds: env_or("BENCH_WARMUP_SECONDS", 2u64),
            connections: env_or("BENCH_CONNECTIONS", 32u32).max(1),
            orgs: env_or("BENCH_ORGS", 1000usize).max(1),
            seed_concurrency: env_or("BENCH_SEED_CONCURRENCY", 8usize).max(1),
            loadgen_threads: env_or("BENCH_LOADGEN_THREADS", 1usize).max(1),
            db_connections: std::env::var("BENCH_DB_CONNECTIONS").ok().and_then(|v| v.trim().parse().ok()),
            postgres: std::env::var("BENCH_DATABASE_URL").ok().filter(|u| !u.trim().is_empty()),
            sqlite: std::env::var("BENCH_SKIP_SQLITE").map_or(true, |v| v != "1"),
        }
    }
}
