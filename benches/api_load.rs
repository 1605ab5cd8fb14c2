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
use std::io::{Read as _, Write as _};
use std::net::{SocketAddr, TcpStream};
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
use partnerdesk::store::{self, DatabaseUrl, OfferRow, PageRequest, Store, SubscriptionRow};
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

// ---------------------------------------------------------------- settings

#[derive(Debug, Clone)]
struct Config {
    seconds: u64,
    warmup_seconds: u64,
    connections: u32,
    orgs: usize,
    seed_concurrency: usize,
    loadgen_threads: usize,
    db_connections: Option<u32>,
    postgres: Option<String>,
    sqlite: bool,
}

fn env_or<T: FromStr>(name: &str, default: T) -> T {
    match std::env::var(name) {
        Ok(v) if !v.trim().is_empty() => v.trim().parse().unwrap_or_else(|_| panic!("{name}={v:?} is not a valid value")),
        _ => default,
    }
}

impl Config {
    fn from_env() -> Self {
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

// ------------------------------------------------- counting SQL statements

/// Whether the statement layer records (only around one request at a time).
static COUNTING: AtomicBool = AtomicBool::new(false);
/// The statements recorded while counting. sqlx runs SQLite statements on
/// its own threads, so this is process-wide.
static STATEMENTS: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Records sqlx's per-statement events (target `sqlx::query`), as
/// tests/queries.rs counts them.
struct StatementLayer;

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for StatementLayer {
    fn on_event(&self, event: &tracing::Event<'_>, _ctx: tracing_subscriber::layer::Context<'_, S>) {
        let mut sql = SqlText::default();
        event.record(&mut sql);
        let text = if sql.statement.trim().is_empty() { sql.summary } else { sql.statement };
        if let Ok(mut list) = STATEMENTS.lock() {
            list.push(text.split_whitespace().collect::<Vec<_>>().join(" "));
        }
    }
}

#[derive(Default)]
struct SqlText {
    summary: String,
    statement: String,
}

impl tracing::field::Visit for SqlText {
    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        match field.name() {
            "summary" => self.summary = value.to_owned(),
            "db.statement" => self.statement = value.to_owned(),
            _ => {}
        }
    }

    fn record_debug(&mut self, _field: &tracing::field::Field, _value: &dyn std::fmt::Debug) {}
}

/// Logs as `serve` does by default (`info,sqlx=warn` to stderr), plus the
/// statement layer, which sqlx only feeds while `COUNTING` is on.
fn install_tracing() {
    let statements = StatementLayer.with_filter(
        tracing_subscriber::filter::dynamic_filter_fn(|meta, _| meta.target() == "sqlx::query" && COUNTING.load(Ordering::SeqCst))
            .with_callsite_filter(|meta| if meta.target() == "sqlx::query" { Interest::sometimes() } else { Interest::never() }),
    );
    let logs =
        tracing_subscriber::fmt::layer().with_writer(std::io::stderr).with_filter(tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let subscriber = tracing_subscriber::registry().with(logs).with(statements);
    tracing::subscriber::set_global_default(subscriber).expect("no other global subscriber in this bench");
}

/// Runs `f` (from outside the runtime) and returns what it returned with the
/// SQL statements it issued.
fn with_statements<T>(f: impl FnOnce() -> T) -> (T, Vec<String>) {
    STATEMENTS.lock().expect("statements lock").clear();
    COUNTING.store(true, Ordering::SeqCst);
    let out = f();
    // SQLite reports a statement from its worker thread just after answering.
    std::thread::sleep(Duration::from_millis(100));
    COUNTING.store(false, Ordering::SeqCst);
    let list = std::mem::take(&mut *STATEMENTS.lock().expect("statements lock"));
    (out, list)
}

// ------------------------------------------------------------ databases

/// A fresh database, removed when dropped.
struct BenchDb {
    label: &'static str,
    url: String,
    _guard: DbGuard,
}

enum DbGuard {
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

fn sqlite_db() -> BenchDb {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("bench.db").display());
    BenchDb { label: "SQLite", url, _guard: DbGuard::Sqlite(dir) }
}

async fn postgres_db(admin_url: &str) -> BenchDb {
    use sqlx::Connection;
    let name = format!("pd_bench_{}", uuid::Uuid::new_v4().simple());
    let mut conn = sqlx::PgConnection::connect(admin_url).await.expect("connect to BENCH_DATABASE_URL");
    sqlx::query(&format!("CREATE DATABASE \"{name}\"")).execute(&mut conn).await.expect("create the bench database");
    let mut url = url::Url::parse(admin_url).expect("BENCH_DATABASE_URL is a URL");
    url.set_path(&name);
    BenchDb { label: "PostgreSQL", url: url.to_string(), _guard: DbGuard::Postgres { admin_url: admin_url.to_owned(), name } }
}

// ------------------------------------------------------------- seeding

/// What the bench needs to know about a seeded organization.
struct SeededOrg {
    index: usize,
    admin_email: String,
    subscription_id: i64,
    payment_method_id: i64,
}

fn must<T>(what: &str, index: usize, result: AppResult<T>) -> T {
    result.unwrap_or_else(|e| panic!("seeding organization {index}: {what}: {e:?}"))
}

fn purchase_key(index: usize) -> String {
    format!("bench-purchase-{index:04}")
}

/// One organization through the library API: its admin and four users, a
/// card, a purchased Action Pack, Windows keys revealed, the Azure credit
/// activated, the three Visual Studio seats and the support plan assigned.
async fn seed_org(app: &App, offer: &OfferRow, index: usize) -> SeededOrg {
    let domain = format!("org{index:04}.bench.example");
    let admin_email = format!("admin@{domain}");
    let join = JoinNetwork {
        legal_name: format!("Bench Partner {index:04} Ltd"),
        country: "FR".into(),
        admin_email: admin_email.clone(),
        admin_display_name: format!("Admin {index:04}"),
        admin_password: PASSWORD.into(),
    };
    let viewer = must("joinNetwork", index, app.join_network(join, Lang::En).await);
    let org = viewer.organization.clone();
    let mut users = Vec::new();
    for (n, role) in [(1, Role::Member), (2, Role::Member), (3, Role::Member), (4, Role::MembershipAdmin)] {
        let email = format!("user{n}@{domain}");
        let created = must("createUser", index, app.create_user(&viewer, &email, &format!("User {n} of {index:04}"), &[role]).await);
        users.push(created.user);
    }
    let card = CardInput {
        number: "4242424242424242".into(),
        expiry_month: 12,
        expiry_year: 2020,
        cvc: "123".into(),
        holder_name: format!("Admin {index:04}"),
    };
    let card = must("addPaymentMethod", index, app.add_payment_method(&viewer, card).await);
    let request = OrderRequest {
        target_id: offer.id,
        payment_method_id: card.id,
        accept_terms_version: offer.terms_version.clone(),
        idempotency_key: Some(purchase_key(index)),
    };
    let paid = must("purchaseOffer", index, app.purchase(&viewer, request).await);
    let subscription = paid.subscription.expect("a purchase creates a subscription");
    for benefit in must("benefits", index, app.list_benefits(&viewer, org.id, None).await) {
        let id = benefit.row.id;
        match benefit.row.product_code.as_str() {
            "WIN10_ENT_UPGRADE" => {
                must("revealProductKeys", index, app.reveal_product_keys(&viewer, id).await);
            }
            "AZURE_MONTHLY_CREDIT" => {
                must("activateBenefit", index, app.activate_benefit(&viewer, id).await);
            }
            "VS_SUBSCRIPTIONS" => {
                for user in &users[..3] {
                    must("assignBenefit", index, app.assign_benefit(&viewer, id, user.id).await);
                }
            }
            "SUPPORT_PLAN" => {
                let alternate = format!("support@alt-{domain}");
                must("assignSupportBenefit", index, app.assign_support_benefit(&viewer, id, users[3].id, &alternate).await);
            }
            _ => {}
        }
    }
    SeededOrg { index, admin_email, subscription_id: subscription.id, payment_method_id: card.id }
}

async fn seed(app: Arc<App>, orgs: usize, concurrency: usize) -> Vec<SeededOrg> {
    let offer = app.offers().await.expect("offers").into_iter().find(|o| o.code == "ACTION_PACK").expect("Action Pack on sale");
    let started = Instant::now();
    let mut done = 0usize;
    let mut seeded = Vec::with_capacity(orgs);
    let mut stream = futures::stream::iter(0..orgs)
        .map(|index| {
            let (app, offer) = (app.clone(), offer.clone());
            async move { seed_org(&app, &offer, index).await }
        })
        .buffer_unordered(concurrency);
    while let Some(org) = stream.next().await {
        seeded.push(org);
        done += 1;
        if done % 100 == 0 || done == orgs {
            println!("  seeded {done}/{orgs} organizations ({:.1} s)", started.elapsed().as_secs_f64());
        }
    }
    seeded.sort_by_key(|o| o.index);
    seeded
}

// ------------------------------------------- baseline (b): hand-written

fn gid(kind: NodeKind, key: i64) -> String {
    GlobalId::new(kind, key).encode()
}

fn time(at: DateTime<Utc>) -> String {
    at.to_rfc3339()
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// The dashboard's `data`, read through the same use cases the resolvers
/// call (and so the same `Store` methods), built without GraphQL.
async fn dashboard_data(app: &App, token: &str) -> AppResult<Value> {
    let viewer = std::sync::Arc::new(app.authenticate(token).await?);
    let org = viewer.grant(app.own_organization(&viewer).await?)?;
    let facts_of = app.membership_facts(&org);
    let org = org.row();
    let page = PageRequest { after: None, first: 5 };
    let (facts, subscriptions, benefits) =
        tokio::try_join!(facts_of, app.list_subscriptions(&viewer, org.id, None, page), app.list_benefits(&viewer, org.id, None),)?;
    let level = app.level_of(&facts);
    let action_pack = facts.live_action_pack;
    let since = org.network_member_since.ok_or_else(|| AppError::internal("no membership"))?;
    let action_pack = action_pack.map(|s: SubscriptionRow| {
        json!({ "id": gid(NodeKind::OfferSubscription, s.id), "status": s.status.as_str(), "autoRenew": s.auto_renew, "currentTermEnd": time(s.current_term_end) })
    });
    let edges: Vec<Value> = subscriptions
        .rows
        .iter()
        .map(|s| {
            json!({ "node": {
                "id": gid(NodeKind::OfferSubscription, s.id),
                "status": s.status.as_str(),
                "autoRenew": s.auto_renew,
                "currentTermStart": time(s.current_term_start),
                "currentTermEnd": time(s.current_term_end),
            } })
        })
        .collect();
    let benefits: Vec<Value> = benefits.iter().map(|b| benefit_json(app, b)).collect();
    Ok(json!({ "organization": {
        "id": gid(NodeKind::Organization, org.id),
        "partnerId": org.partner_id,
        "legalName": org.legal_name,
        "country": org.country,
        "membership": { "level": level.as_str(), "networkMemberSince": time(since), "actionPack": action_pack },
        "subscriptions": { "totalCount": subscriptions.total, "pageInfo": { "hasNextPage": subscriptions.has_next }, "edges": edges },
        "benefits": benefits,
    } }))
}

fn benefit_json(app: &App, b: &BenefitView) -> Value {
    let row = &b.row;
    let assignments: Vec<Value> = b
        .assignments
        .iter()
        .map(|a| {
            json!({
                "id": gid(NodeKind::BenefitAssignment, a.id),
                "status": a.status.as_str(),
                "alternateEmail": a.alternate_email,
                "user": { "id": gid(NodeKind::User, a.user.id), "email": a.user.email, "displayName": a.user.display_name },
            })
        })
        .collect();
    json!({
        "id": gid(NodeKind::Benefit, row.id),
        "product": { "code": row.product_code, "name": app.locales.text(Lang::En, &row.name_id) },
        "category": row.category.as_str(),
        "status": b.status().as_str(),
        "quantity": row.quantity,
        "assignedCount": b.assigned_count(),
        "availableCount": b.available_count(),
        "expiresAt": time(partnerdesk::domain::benefits::expires_at(row.current_term_end, row.grace_ends_at)),
        "assignments": assignments,
    })
}

/// Baseline (b): the dashboard as a plain axum handler.
async fn handwritten(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    let Some(token) = bearer(&headers) else { return StatusCode::UNAUTHORIZED.into_response() };
    match dashboard_data(&app, token).await {
        Ok(data) => ([(header::CONTENT_TYPE, GRAPHQL_RESPONSE)], json!({ "data": data }).to_string()).into_response(),
        Err(AppError::Unauthenticated { .. }) => StatusCode::UNAUTHORIZED.into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

// ---------------------------------------------------------- serving

struct Served {
    addr: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

async fn serve(router: Router) -> Served {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a loopback port");
    let addr = listener.local_addr().expect("local address");
    let task = tokio::spawn(async move {
        let service = router.into_make_service_with_connect_info::<SocketAddr>();
        if let Err(e) = axum::serve(listener, service).await {
            eprintln!("server on {addr} failed: {e}");
        }
    });
    Served { addr, task }
}

/// One HTTP/1.1 POST to `/graphql` over a fresh connection (blocking; call
/// from outside the runtime). Returns the status and the body.
fn http_post(addr: SocketAddr, token: &str, body: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).expect("connect to the bench server");
    let request = format!(
        "POST /graphql HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nAuthorization: Bearer {token}\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).expect("send the request");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read the response");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, rest) = text.split_once("\r\n\r\n").expect("an HTTP response");
    let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).expect("a status code");
    let chunked =
        head.lines().any(|l| l.to_ascii_lowercase().starts_with("transfer-encoding:") && l.to_ascii_lowercase().contains("chunked"));
    let body = if chunked { dechunk(rest) } else { rest.to_owned() };
    (status, body)
}

fn dechunk(mut rest: &str) -> String {
    let mut out = String::new();
    while let Some((size, after)) = rest.split_once("\r\n") {
        let size = usize::from_str_radix(size.split(';').next().unwrap_or("0").trim(), 16).unwrap_or(0);
        if size == 0 || after.len() < size {
            break;
        }
        out.push_str(&after[..size]);
        rest = after[size..].trim_start_matches("\r\n");
    }
    out
}

fn gql_body(query: &str, variables: Value) -> String {
    json!({ "query": query, "variables": variables }).to_string()
}

// ------------------------------------------------------- load generator

#[derive(Debug, Clone)]
enum LoadGen {
    Oha(PathBuf),
    Wrk(PathBuf),
}

impl LoadGen {
    fn describe(&self) -> String {
        let (name, path) = match self {
            LoadGen::Oha(p) => ("oha", p),
            LoadGen::Wrk(p) => ("wrk", p),
        };
        let version = Command::new(path)
            .arg(if matches!(self, LoadGen::Oha(_)) { "--version" } else { "-v" })
            .output()
            .map(|o| format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr)))
            .unwrap_or_default();
        let version = version.lines().next().unwrap_or(name).trim().to_owned();
        if version.is_empty() {
            name.to_owned()
        } else {
            version
        }
    }
}

fn which(name: &str) -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH").map(|p| std::env::split_paths(&p).collect()).unwrap_or_default();
    if let Some(home) =
        std::env::var_os("CARGO_HOME").map(PathBuf::from).or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")))
    {
        dirs.push(home.join("bin"));
    }
    dirs.into_iter().map(|d| d.join(name)).find(|p| p.is_file())
}

/// `BENCH_LOADGEN`, or oha if installed, or wrk, or oha installed now.
fn find_loadgen() -> LoadGen {
    let wanted = std::env::var("BENCH_LOADGEN").unwrap_or_default();
    let oha = || which("oha").map(LoadGen::Oha);
    let wrk = || which("wrk").map(LoadGen::Wrk);
    let found = match wanted.as_str() {
        "oha" => oha(),
        "wrk" => wrk(),
        _ => oha().or_else(wrk),
    };
    if let Some(found) = found {
        return found;
    }
    if wanted == "wrk" {
        panic!("wrk is not installed: apt-get install -y wrk");
    }
    println!("NOTE: no load generator found; installing oha with `cargo install oha --locked` (a few minutes the first time)...");
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["install", "oha", "--locked"])
        .status()
        .expect("run cargo install");
    assert!(status.success(), "cargo install oha failed; install oha or wrk (apt-get install -y wrk) and run again");
    oha().expect("oha after cargo install")
}

/// What one load run measured.
#[derive(Debug, Clone, Default)]
struct LoadResult {
    requests: u64,
    rps: f64,
    p50_ms: f64,
    p99_ms: f64,
    /// Responses other than 200, and transport errors.
    failures: u64,
}

struct Load<'a> {
    gen: &'a LoadGen,
    cfg: &'a Config,
    connections: u32,
    addr: SocketAddr,
    token: &'a str,
    body: &'a str,
}

impl Load<'_> {
    /// A warm-up run (not measured), then the measured run.
    fn run(&self) -> LoadResult {
        if self.cfg.warmup_seconds > 0 {
            self.once(self.cfg.warmup_seconds);
        }
        self.once(self.cfg.seconds)
    }

    fn once(&self, seconds: u64) -> LoadResult {
        let url = format!("http://{}/graphql", self.addr);
        match self.gen {
            LoadGen::Oha(path) => self.oha(path, &url, seconds),
            LoadGen::Wrk(path) => self.wrk(path, &url, seconds),
        }
    }

    fn oha(&self, path: &Path, url: &str, seconds: u64) -> LoadResult {
        let output = Command::new(path)
            .args(["--worker-threads", &self.cfg.loadgen_threads.to_string()])
            .args(["--no-tui", "--output-format", "json", "-z", &format!("{seconds}s"), "-c", &self.connections.to_string()])
            .args(["-m", "POST", "-H", "Content-Type: application/json", "-H", &format!("Authorization: Bearer {}", self.token)])
            .args(["-d", self.body, url])
            .output()
            .expect("run oha");
        assert!(output.status.success(), "oha failed: {}", String::from_utf8_lossy(&output.stderr));
        let report: Value = serde_json::from_slice(&output.stdout)
            .unwrap_or_else(|e| panic!("oha's JSON output ({e}): {}", String::from_utf8_lossy(&output.stdout)));
        let num = |pointer: &str| report.pointer(pointer).and_then(Value::as_f64).unwrap_or(f64::NAN);
        let codes = report.pointer("/statusCodeDistribution").and_then(Value::as_object).cloned().unwrap_or_default();
        let ok = codes.get("200").and_then(Value::as_u64).unwrap_or(0);
        let other: u64 = codes.iter().filter(|(code, _)| *code != "200").filter_map(|(_, n)| n.as_u64()).sum();
        // Requests cut off by the end of the run are not failures.
        let errors: u64 = report
            .pointer("/errorDistribution")
            .and_then(Value::as_object)
            .map(|m| m.iter().filter(|(what, _)| !what.contains("deadline")).filter_map(|(_, n)| n.as_u64()).sum())
            .unwrap_or(0);
        LoadResult {
            requests: ok + other,
            rps: num("/summary/requestsPerSec"),
            p50_ms: num("/latencyPercentiles/p50") * 1000.0,
            p99_ms: num("/latencyPercentiles/p99") * 1000.0,
            failures: other + errors,
        }
    }

    fn wrk(&self, path: &Path, url: &str, seconds: u64) -> LoadResult {
        let dir = tempfile::tempdir().expect("temp dir");
        let body_file = dir.path().join("body.json");
        std::fs::write(&body_file, self.body).expect("write the request body");
        let script = dir.path().join("post.lua");
        let lua = format!(
            r#"local f = io.open("{}", "rb")
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer {}"
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH_RESULT %d %d %d %d %d %d\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), e.status, e.connect + e.read + e.write + e.timeout))
end
"#,
            body_file.display(),
            self.token
        );
        std::fs::write(&script, lua).expect("write the wrk script");
        let threads = self.cfg.loadgen_threads.min(self.connections as usize).max(1);
        let output = Command::new(path)
            .args(["-t", &threads.to_string(), "-c", &self.connections.to_string(), "-d", &format!("{seconds}s"), "--latency"])
            .arg("-s")
            .arg(&script)
            .arg(url)
            .output()
            .expect("run wrk");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let line = stdout.lines().find_map(|l| l.strip_prefix("BENCH_RESULT ")).unwrap_or_else(|| panic!("wrk output: {stdout}"));
        let n: Vec<f64> = line.split_whitespace().map(|x| x.parse().unwrap_or(f64::NAN)).collect();
        LoadResult {
            requests: n[0] as u64,
            rps: n[0] / (n[1] / 1e6),
            p50_ms: n[2] / 1000.0,
            p99_ms: n[3] / 1000.0,
            failures: (n[4] + n[5]) as u64,
        }
    }
}

// ------------------------------------------------------------ memory

/// Resets the process's peak RSS (VmHWM) to its current RSS (Linux ≥ 4.0).
fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// The first three fields of /proc/loadavg: how busy the machine was.
fn load_average() -> String {
    let text = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    text.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
}

/// VmHWM and VmRSS of this process, in MiB.
fn rss_mib() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib = |key: &str| {
        status.lines().find_map(|l| l.strip_prefix(key)).and_then(|v| v.split_whitespace().next()?.parse::<f64>().ok()).unwrap_or(f64::NAN)
    };
    (kib("VmHWM:") / 1024.0, kib("VmRSS:") / 1024.0)
}

// ------------------------------------------------------------- a run

/// How many JSON objects (GraphQL nodes and wrappers) a value holds.
fn objects(v: &Value) -> usize {
    match v {
        Value::Object(m) => 1 + m.values().map(objects).sum::<usize>(),
        Value::Array(a) => a.iter().map(objects).sum(),
        _ => 0,
    }
}

/// Statements grouped by text, in order of first appearance.
fn grouped(statements: &[String]) -> Vec<(usize, String)> {
    let mut order: Vec<String> = Vec::new();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for s in statements {
        // The column lists are long and alike: keep what tells statements apart.
        let s = match (s.strip_prefix("SELECT "), s.find(" FROM ")) {
            (Some(_), Some(from)) if from > 60 => format!("SELECT …{}", &s[from..]),
            _ => s.clone(),
        };
        let short: String = if s.chars().count() > 160 { format!("{}…", s.chars().take(160).collect::<String>()) } else { s };
        if !counts.contains_key(&short) {
            order.push(short.clone());
        }
        *counts.entry(short).or_default() += 1;
    }
    order.into_iter().map(|s| (counts[&s], s)).collect()
}

fn verdict(ok: bool) -> &'static str {
    if ok {
        "MET"
    } else {
        "NOT MET"
    }
}

fn run_backend(rt: &tokio::runtime::Runtime, cfg: &Config, gen: &LoadGen, db: BenchDb) {
    println!();
    println!("=== {} ===", db.label);
    let clock = Clock::manual(DateTime::parse_from_rfc3339(START).expect("RFC 3339").with_timezone(&Utc));
    let settings = Settings { token_ttl: TimeDelta::days(365), ..Settings::default() };
    let app = rt.block_on(async {
        let opened = store::connect_with(&DatabaseUrl::parse(&db.url).expect("database URL"), cfg.db_connections)
            .await
            .expect("open the bench database");
        let gateway = Arc::new(partnerdesk::payments::TestGateway::new(opened.ledger));
        Arc::new(
            App::builder(opened.store, gateway).clock(clock).hasher(PasswordHasher::fast_insecure_for_tests()).settings(settings).build(),
        )
    });

    println!(
        "Seeding {} organizations (5 users each, a card, Action Pack, keys revealed, 5 benefit assignments), {} at a time...",
        cfg.orgs, cfg.seed_concurrency
    );
    let started = Instant::now();
    let seeded = rt.block_on(seed(app.clone(), cfg.orgs, cfg.seed_concurrency));
    println!("Seeded in {:.1} s.", started.elapsed().as_secs_f64());
    if db.url.starts_with("sqlite:") {
        // Fold the seeding's write-ahead log into the database now, so that the
        // first measured run does not pay for it.
        rt.block_on(async {
            use sqlx::Connection;
            let mut conn = sqlx::SqliteConnection::connect(&db.url).await.expect("connect to the bench database");
            sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&mut conn).await.expect("checkpoint");
        });
    }
    let bench_org = &seeded[seeded.len() / 2];
    let token = rt.block_on(app.sign_in(&bench_org.admin_email, PASSWORD, "127.0.0.1")).expect("sign in the bench admin").token;
    println!("Signed in {} (organization {} of {}).", bench_org.admin_email, bench_org.index, cfg.orgs);

    // (a), (b), and (c) once (b)'s answer is known.
    let api_config = ApiConfig { points_per_minute: 1_000_000_000, ..ApiConfig::default() };
    let product = rt.block_on(serve(api::router(app.clone(), &api_config)));
    let hand = rt.block_on(serve(Router::new().route("/graphql", post(handwritten)).with_state(app.clone())));

    let dashboard = gql_body(DASHBOARD, json!({}));
    let ((status_a, body_a), sql_a) = with_statements(|| http_post(product.addr, &token, &dashboard));
    let ((status_b, body_b), sql_b) = with_statements(|| http_post(hand.addr, &token, &dashboard));
    assert_eq!(status_a, 200, "dashboard over GraphQL: {body_a}");
    assert_eq!(status_b, 200, "dashboard by hand: {body_b}");
    let graphql: Value = serde_json::from_str(&body_a).expect("GraphQL answers JSON");
    assert!(graphql.get("errors").is_none(), "the dashboard query failed: {body_a}");
    let by_hand: Value = serde_json::from_str(&body_b).expect("the handler answers JSON");
    assert_eq!(graphql["data"], by_hand["data"], "the hand-written handler must answer the same JSON as GraphQL");
    let graphql_data_only = serde_json::to_string(&json!({ "data": graphql["data"] })).expect("JSON");
    let same_bytes = graphql_data_only == body_b;
    let cost = graphql.pointer("/extensions/rateLimit/cost").and_then(Value::as_u64).unwrap_or(0);
    let canned = Bytes::from(body_b.clone());
    let memory = rt.block_on(serve(Router::new().route(
        "/graphql",
        post(move || {
            let body = canned.clone();
            async move { ([(header::CONTENT_TYPE, GRAPHQL_RESPONSE)], body) }
        }),
    )));
    let (status_c, body_c) = http_post(memory.addr, &token, &dashboard);
    assert_eq!((status_c, body_c.as_str()), (200, body_b.as_str()));

    // The mutations, once each before the load: setAutoRenew turns auto-renewal
    // off (then every repeat is a no-op), purchaseOffer replays the seeded key.
    let sub_id = gid(NodeKind::OfferSubscription, bench_org.subscription_id);
    let set_auto_renew = gql_body(SET_AUTO_RENEW, json!({ "input": { "subscriptionId": sub_id, "enabled": false } }));
    let offer = rt.block_on(app.offers()).expect("offers").into_iter().find(|o| o.code == "ACTION_PACK").expect("Action Pack");
    let purchase = gql_body(
        PURCHASE,
        json!({ "input": {
            "offerId": gid(NodeKind::Offer, offer.id),
            "paymentMethodId": gid(NodeKind::PaymentMethod, bench_org.payment_method_id),
            "acceptTermsVersion": offer.terms_version,
            "idempotencyKey": purchase_key(bench_org.index),
        } }),
    );
    let (first_set, sql_set_first) = with_statements(|| http_post(product.addr, &token, &set_auto_renew));
    let (again_set, sql_set) = with_statements(|| http_post(product.addr, &token, &set_auto_renew));
    let (replay, sql_purchase) = with_statements(|| http_post(product.addr, &token, &purchase));
    for (name, (status, body)) in [("setAutoRenew", &first_set), ("setAutoRenew", &again_set), ("purchaseOffer", &replay)] {
        let v: Value = serde_json::from_str(body).unwrap_or(Value::Null);
        assert_eq!(*status, 200, "{name}: {body}");
        assert!(v.get("errors").is_none() && v.pointer(&format!("/data/{name}/userErrors")) == Some(&json!([])), "{name}: {body}");
    }
    let replayed: Value = serde_json::from_str(&replay.1).unwrap_or(Value::Null);
    assert_eq!(
        replayed.pointer("/data/purchaseOffer/order/status"),
        Some(&json!("PAID")),
        "the replay answers the first order: {}",
        replay.1
    );

    // Only the servers are measured for memory from here on.
    let reset = reset_peak_rss();
    let (_, rss_before) = rss_mib();
    let load_before = load_average();
    let load_with = |connections: u32, addr: SocketAddr, body: &str| Load { gen, cfg, connections, addr, token: &token, body }.run();
    let load = |addr: SocketAddr, body: &str| load_with(cfg.connections, addr, body);
    println!(
        "Load: {} connections, {} s per run after {} s of warm-up, {} ({} thread{}).",
        cfg.connections,
        cfg.seconds,
        cfg.warmup_seconds,
        gen.describe(),
        cfg.loadgen_threads,
        if cfg.loadgen_threads == 1 { "" } else { "s" }
    );
    println!("  (a) GraphQL dashboard...");
    let a = load(product.addr, &dashboard);
    println!("  (a0) GraphQL {{ __typename }}...");
    let typename = load(product.addr, &gql_body("{ __typename }", json!({})));
    println!("  (b) hand-written handler...");
    let b = load(hand.addr, &dashboard);
    println!("  (c) bytes from memory...");
    let c = load(memory.addr, &dashboard);
    println!("  (a) and (b) at 1 connection...");
    let a1 = load_with(1, product.addr, &dashboard);
    let b1 = load_with(1, hand.addr, &dashboard);
    println!("  mutation setAutoRenew...");
    let m_set = load(product.addr, &set_auto_renew);
    println!("  mutation purchaseOffer...");
    let m_buy = load(product.addr, &purchase);
    let (peak, rss_after) = rss_mib();
    let load_after = load_average();

    // The answer is still right after the load.
    let (status_after, body_after) = http_post(product.addr, &token, &dashboard);
    let after: Value = serde_json::from_str(&body_after).unwrap_or(Value::Null);
    let still_ok = status_after == 200 && after.get("errors").is_none();

    println!();
    println!(
        "partnerdesk API load — {} — {} organizations, {} connections, {} s per run, {}",
        db.label,
        cfg.orgs,
        cfg.connections,
        cfg.seconds,
        gen.describe()
    );
    println!(
        "Dashboard query: {} objects (nodes and their wrappers) in {} bytes of data (GraphQL body {} bytes, cost {} points); (b) JSON equal to (a)'s data: yes, byte-identical: {}.",
        objects(&graphql["data"]).saturating_sub(1),
        body_b.len(),
        body_a.len(),
        cost,
        if same_bytes { "yes" } else { "no" }
    );
    println!("{:-<100}", "");
    println!("{:<46} {:>10} {:>10} {:>10} {:>10} {:>9}", "run", "req/s", "p50 ms", "p99 ms", "requests", "failures");
    println!("{:-<100}", "");
    let row = |name: &str, r: &LoadResult| {
        println!("{:<46} {:>10.1} {:>10.2} {:>10.2} {:>10} {:>9}", name, r.rps, r.p50_ms, r.p99_ms, r.requests, r.failures);
    };
    row("(a) dashboard, GraphQL (product router)", &a);
    row("(b) dashboard, hand-written axum + Store", &b);
    row("(c) dashboard JSON bytes from memory", &c);
    row("(a0) { __typename } on the product router", &typename);
    row("(a) dashboard, GraphQL, 1 connection", &a1);
    row("(b) dashboard, hand-written, 1 connection", &b1);
    row("mutation setAutoRenew(enabled: false)", &m_set);
    row("mutation purchaseOffer (same idempotencyKey)", &m_buy);
    println!("{:-<100}", "");
    let ab = a.rps / b.rps;
    let ac = a.rps / c.rps;
    println!("{:<46} {:>9.1}%   goal ≥ 60%      {}", "throughput (a)/(b)", ab * 100.0, verdict(ab >= 0.6));
    println!("{:<46} {:>9.1}%", "throughput (a)/(c)", ac * 100.0);
    println!(
        "{:<46} {:>7.2} ms   goal < 20 ms    {}",
        format!("p99 of (a) at {} connections", cfg.connections),
        a.p99_ms,
        verdict(a.p99_ms < 20.0)
    );
    println!(
        "{:<46} {:>6.1} MiB   goal < 100 MiB  {}   (RSS {:.1} MiB before the load, {:.1} MiB after{})",
        "server peak RSS (VmHWM)",
        peak,
        verdict(peak < 100.0),
        rss_before,
        rss_after,
        if reset { "; peak reset after seeding" } else { "; peak NOT reset: includes seeding" }
    );
    println!(
        "{:<46} dashboard {} via GraphQL, {} via (b); setAutoRenew {} (first call {}); purchaseOffer replay {}",
        "database round-trips (SQL statements/request)",
        sql_a.len(),
        sql_b.len(),
        sql_set.len(),
        sql_set_first.len(),
        sql_purchase.len()
    );
    println!(
        "{:<46} {} before the runs, {} after (2 CPUs; other builds on this machine make the figures noisy)",
        "machine load average (1, 5, 15 min)", load_before, load_after
    );
    if !still_ok {
        println!("WARNING: the dashboard answered differently after the load: {status_after} {body_after}");
    }
    for (title, list) in [
        ("dashboard over GraphQL", &sql_a),
        ("dashboard by hand (b)", &sql_b),
        ("setAutoRenew (repeat)", &sql_set),
        ("purchaseOffer (replay)", &sql_purchase),
    ] {
        println!("Statements of one {title}:");
        for (n, s) in grouped(list) {
            println!("  {n} × {s}");
        }
    }

    for served in [product, hand, memory] {
        served.task.abort();
    }
    rt.block_on(async {
        app.close().await;
    });
    drop(db);
}

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
