//! API load benchmark (issue 6, "Benchmarks"): prints figures, asserts no
//! wall-clock time.
//!
//! It seeds a fresh database with 1,000 partner organizations (users, a
//! purchased Action Pack, benefits in use), signs in one organization's
//! admin, and serves three things on loopback ports in this process:
//!
//! - (a) the product router, `partnerdesk::api::router`, answering the
//!   GraphQL dashboard query;
//! - (b) a hand-written axum handler that reads the same data through the
//!   same `App` use cases and `Store` and returns the same JSON: the cost of
//!   the answer without GraphQL;
//! - (c) a handler returning those JSON bytes from memory: the ceiling of the
//!   HTTP stack;
//! - and, for reference, `{ __typename }` on (a): the product's fixed cost per
//!   request (middleware, GraphQL parsing, validation, rate limiting) with no
//!   database work.
//!
//! A load generator (`oha`, or `wrk` from Debian) drives each one at 32
//! connections for a fixed time, then the `setAutoRenew` and `purchaseOffer`
//! mutations (both safe to repeat), and a table reports req/s, p50 and p99,
//! the ratios against the baselines, the server's peak RSS and the SQL
//! statements one request issues.
//!
//! Run it with `bench/api.sh` (or `cargo bench --bench api_load`). Settings,
//! all from the environment:
//!
//! | variable | default | meaning |
//! | --- | --- | --- |
//! | `BENCH_SECONDS` | 10 | length of each measured run |
//! | `BENCH_WARMUP_SECONDS` | 2 | unmeasured run before each measured one (0: none) |
//! | `BENCH_CONNECTIONS` | 32 | concurrent connections |
//! | `BENCH_ORGS` | 1000 | organizations seeded |
//! | `BENCH_SEED_CONCURRENCY` | 8 | organizations seeded at once |
//! | `BENCH_LOADGEN` | auto | `oha` or `wrk` (auto: oha if found, else wrk, else install oha) |
//! | `BENCH_LOADGEN_THREADS` | 1 | threads of the load generator (it shares the machine's cores) |
//! | `BENCH_DB_CONNECTIONS` | the server's default | database pool size (`--db-max-connections`) |
//! | `BENCH_DATABASE_URL` | unset | also run on PostgreSQL, in a database created there and dropped afterwards |
//! | `BENCH_SKIP_SQLITE` | unset | `1`: PostgreSQL only |

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::str::FromStr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use chrono::{DateTime, TimeDelta, Utc};
use futures::StreamExt;
use partnerdesk::api::{self, ApiConfig};
use partnerdesk::app::benefits::BenefitView;
use partnerdesk::app::billing::{CardInput, OrderRequest};
use partnerdesk::app::identity::JoinNetwork;
use partnerdesk::app::{App, AppError, AppResult, Clock, PasswordHasher, Settings};
use partnerdesk::domain::{GlobalId, NodeKind, Role};
use partnerdesk::i18n::Lang;
use partnerdesk::store::{self, DatabaseUrl, OfferRow, PageRequest, SubscriptionRow};
use serde_json::{json, Value};
use tracing::subscriber::Interest;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::Layer as _;

/// The dashboard: organization, membership, subscriptions, benefits with
/// their assignments and users (35 objects with the seeded data).
const DASHBOARD: &str = "query Dashboard { organization { id partnerId legalName country \
    membership { level networkMemberSince actionPack { id status autoRenew currentTermEnd } } \
    subscriptions(first: 5) { totalCount pageInfo { hasNextPage } edges { node { id status autoRenew currentTermStart currentTermEnd } } } \
    benefits { id product { code name } category status quantity assignedCount availableCount expiresAt \
    assignments { id status alternateEmail user { id email displayName } } } } }";

const SET_AUTO_RENEW: &str = "mutation SetAutoRenew($input: SetAutoRenewInput!) { setAutoRenew(input: $input) { \
    subscription { id autoRenew canTurnOnAutoRenew currentTermEnd } userErrors { field code message } } }";

const PURCHASE: &str = "mutation Purchase($input: PurchaseOfferInput!) { purchaseOffer(input: $input) { \
    order { id number status total { amount currencyCode } } subscription { id status currentTermEnd } userErrors { field code message } } }";

/// Every seeded user's password (fast hashing: see `PasswordHasher::fast_insecure_for_tests`).
const PASSWORD: &str = "plenty-long-passphrase";

/// The service clock for the whole run: cards expiring in 2020 are valid.
const START: &str = "2017-03-01T09:00:00Z";

const GRAPHQL_RESPONSE: &str = "application/graphql-response+json; charset=utf-8";

// The tests' HTTP client; the bench reads no request id.
mod baseline;
#[allow(dead_code)]
#[path = "../../tests/common/client.rs"]
mod client;
mod config;
mod db;
// The tests' wait for sqlx's statement reports.
#[allow(dead_code)]
#[path = "../../tests/common/fence.rs"]
mod fence;
mod loadgen;
mod memory;
mod peer;
mod run;
mod seed;
mod serving;
mod statements;

use baseline::*;
use config::*;
use db::*;
use fence::Fence;
use loadgen::*;
use memory::*;
use peer::*;
use run::*;
use seed::*;
use serving::*;
use statements::*;

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` would pass nothing
    // useful either: this is not a test, so only run when benchmarking.
    let args: Vec<String> = std::env::args().collect();
    if !args.iter().any(|a| a == "--bench") {
        println!("api_load: run with `cargo bench --bench api_load` (or bench/api.sh); nothing to do here.");
        return;
    }
    install_tracing();
    let cfg = Config::from_env();
    let gen = find_loadgen();
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("tokio runtime");
    println!(
        "partnerdesk API load benchmark: {} CPUs, server runtime with {} worker threads; other work on this machine makes figures noisy.",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        rt.metrics().num_workers()
    );
    if cfg.sqlite {
        run_backend(&rt, &cfg, &gen, sqlite_db());
    }
    match &cfg.postgres {
        Some(admin_url) => {
            let db = rt.block_on(postgres_db(admin_url));
            run_backend(&rt, &cfg, &gen, db);
        }
        None => println!("\n(PostgreSQL skipped: set BENCH_DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/test.)"),
    }
}
