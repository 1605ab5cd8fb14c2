//! What the fault tests (`faults_*.rs`) share: one test at a time, the
//! documents they send, direct database access on either backend, and setup
//! through the library before the processes start.

use serde_json::{json, Value};

use super::process::Resp;
use super::{Session, TestApp};
use partnerdesk::domain::GlobalId;

/// One test at a time: each starts several processes on a 2-core machine.
pub static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

pub const PURCHASE: &str = "mutation B($input: PurchaseOfferInput!) { purchaseOffer(input: $input) {
    order { id status } subscription { id status } userErrors { code } } }";
pub const ASSIGN: &str =
    "mutation A($input: AssignBenefitInput!) { assignBenefit(input: $input) { assignment { id user { id } } userErrors { code } } }";
pub const VIEWER: &str = "{ viewer { email organization { legalName } } }";

/// A GraphQL answer that must be a clean HTTP 200 without top-level errors.
pub fn ok_data(resp: &Resp) -> Value {
    let body = resp.json();
    assert_eq!(resp.status, 200, "{body}");
    assert!(body.get("errors").is_none(), "unexpected errors: {body}");
    body
}

pub fn codes(body: &Value, mutation: &str) -> Vec<String> {
    body["data"][mutation]["userErrors"]
        .as_array()
        .map(|a| a.iter().map(|e| e["code"].as_str().unwrap_or("?").to_owned()).collect())
        .unwrap_or_default()
}

pub fn key_of(global_id: &str) -> i64 {
    GlobalId::decode(global_id).unwrap_or_else(|| panic!("not a global ID: {global_id}")).key
}

// ---------------------------------------------------------------------------
// Direct database access, on either backend

pub enum Db {
    Sqlite(sqlx::SqliteConnection),
    Pg(sqlx::PgConnection),
}

impl Db {
    pub async fn open(url: &str) -> Self {
        use sqlx::Connection;
        if url.starts_with("sqlite") {
            Self::Sqlite(sqlx::SqliteConnection::connect(url).await.expect("open SQLite"))
        } else {
            Self::Pg(sqlx::PgConnection::connect(url).await.expect("open PostgreSQL"))
        }
    }

    pub async fn try_execute(&mut self, sql: &str) -> Result<(), sqlx::Error> {
        match self {
            Self::Sqlite(c) => sqlx::query(sql).execute(&mut *c).await.map(drop),
            Self::Pg(c) => sqlx::query(sql).execute(&mut *c).await.map(drop),
        }
    }

    pub async fn execute(&mut self, sql: &str) {
        self.try_execute(sql).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
}

/// `fetch_all` of `query_as::<_, $ty>` with binds, on whichever backend `$db` is.
#[macro_export]
macro_rules! fetch {
    ($db:expr, $ty:ty, $sql:expr $(, $bind:expr)* $(,)?) => {{
        let sql: &str = $sql;
        let rows: Vec<$ty> = match &mut $db {
            $crate::common::faults::Db::Sqlite(c) => sqlx::query_as::<_, $ty>(sql)$(.bind($bind))*.fetch_all(&mut *c).await,
            $crate::common::faults::Db::Pg(c) => sqlx::query_as::<_, $ty>(sql)$(.bind($bind))*.fetch_all(&mut *c).await,
        }
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
        rows
    }};
}

/// A single `COUNT(*)`-like number.
#[macro_export]
macro_rules! count {
    ($db:expr, $sql:expr $(, $bind:expr)* $(,)?) => {
        $crate::fetch!($db, (i64,), $sql $(, $bind)*)[0].0
    };
}

// ---------------------------------------------------------------------------
// Setup through the library (fast password hashing), before the processes start

/// Joins `n` organizations with a card that approves; optionally buys Action Pack for each.
pub async fn organizations(t: &TestApp, prefix: &str, n: usize, buy: bool) -> Vec<(Session, String)> {
    let mut out = Vec::new();
    for i in 0..n {
        let admin = t.join(&format!("{prefix} {i}"), &format!("admin{i}@{prefix}.example")).await;
        let card = t.add_card(&admin, "4242424242424242").await;
        if buy {
            let r = t.purchase(&admin, &card, None).await;
            assert_eq!(r.at("/data/purchaseOffer/userErrors"), &json!([]), "{}", r.body);
        }
        out.push((admin, card));
    }
    out
}

pub fn purchase_input(offer: &str, terms: &str, card: &str, key: &str) -> Value {
    json!({ "input": { "offerId": offer, "paymentMethodId": card, "acceptTermsVersion": terms, "idempotencyKey": key } })
}

// ---------------------------------------------------------------------------
// A database outage

/// A TCP proxy in front of PostgreSQL that can be cut (listener and every
/// connection dropped) and brought back on the same port.
pub struct Proxy {
    pub port: u16,
    upstream: String,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl Proxy {
    pub async fn start(upstream: String) -> Self {
        let mut proxy = Self { port: 0, upstream, task: None };
        proxy.up().await;
        proxy
    }

    pub async fn up(&mut self) {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", self.port)).await.expect("proxy port");
        self.port = listener.local_addr().unwrap().port();
        let upstream = self.upstream.clone();
        self.task = Some(tokio::spawn(async move {
            // Dropping this task (cut) drops the set, which aborts every connection.
            let mut connections = tokio::task::JoinSet::new();
            loop {
                let Ok((mut client, _)) = listener.accept().await else { continue };
                let upstream = upstream.clone();
                connections.spawn(async move {
                    if let Ok(mut server) = tokio::net::TcpStream::connect(&upstream).await {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                    }
                });
                while connections.try_join_next().is_some() {}
            }
        }));
    }

    pub async fn cut(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
            let _ = task.await;
        }
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}
