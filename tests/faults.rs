//! Replicas and faults, with the real binary over real TCP on 127.0.0.1: two
//! servers on one PostgreSQL database under 200 concurrent purchases and seat
//! assignments, two `jobs run` passes racing on the same due renewals, `kill -9`
//! in the middle of a stream of purchases on SQLite, SIGTERM with requests
//! certainly in flight, and a PostgreSQL outage behind a TCP proxy.
//!
//! Every wait has a timeout, and every child process is killed by a guard when
//! a test fails. The tests take turns (one lock) so that their timings do not
//! depend on each other on a small machine.

mod common;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use common::process::{gql, http, http_within, partnerdesk, Proc, Resp, Server};
use common::{action_pack, at, Session, TestApp, TestDb, START};
use partnerdesk::domain::GlobalId;
use serde_json::{json, Value};

/// One test at a time: each starts several processes on a 2-core machine.
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

const PURCHASE: &str = "mutation B($input: PurchaseOfferInput!) { purchaseOffer(input: $input) {
    order { id status } subscription { id status } userErrors { code } } }";
const ASSIGN: &str =
    "mutation A($input: AssignBenefitInput!) { assignBenefit(input: $input) { assignment { id user { id } } userErrors { code } } }";
const VIEWER: &str = "{ viewer { email organization { legalName } } }";

/// A GraphQL answer that must be a clean HTTP 200 without top-level errors.
fn ok_data(resp: &Resp) -> Value {
    let body = resp.json();
    assert_eq!(resp.status, 200, "{body}");
    assert!(body.get("errors").is_none(), "unexpected errors: {body}");
    body
}

fn codes(body: &Value, mutation: &str) -> Vec<String> {
    body["data"][mutation]["userErrors"]
        .as_array()
        .map(|a| a.iter().map(|e| e["code"].as_str().unwrap_or("?").to_owned()).collect())
        .unwrap_or_default()
}

fn key_of(global_id: &str) -> i64 {
    GlobalId::decode(global_id).unwrap_or_else(|| panic!("not a global ID: {global_id}")).key
}

// ---------------------------------------------------------------------------
// Direct database access, on either backend

enum Db {
    Sqlite(sqlx::SqliteConnection),
    Pg(sqlx::PgConnection),
}

impl Db {
    async fn open(url: &str) -> Self {
        use sqlx::Connection;
        if url.starts_with("sqlite") {
            Self::Sqlite(sqlx::SqliteConnection::connect(url).await.expect("open SQLite"))
        } else {
            Self::Pg(sqlx::PgConnection::connect(url).await.expect("open PostgreSQL"))
        }
    }

    async fn try_execute(&mut self, sql: &str) -> Result<(), sqlx::Error> {
        match self {
            Self::Sqlite(c) => sqlx::query(sql).execute(&mut *c).await.map(drop),
            Self::Pg(c) => sqlx::query(sql).execute(&mut *c).await.map(drop),
        }
    }

    async fn execute(&mut self, sql: &str) {
        self.try_execute(sql).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
}

/// `fetch_all` of `query_as::<_, $ty>` with binds, on whichever backend `$db` is.
macro_rules! fetch {
    ($db:expr, $ty:ty, $sql:expr $(, $bind:expr)* $(,)?) => {{
        let sql: &str = $sql;
        let rows: Vec<$ty> = match &mut $db {
            Db::Sqlite(c) => sqlx::query_as::<_, $ty>(sql)$(.bind($bind))*.fetch_all(&mut *c).await,
            Db::Pg(c) => sqlx::query_as::<_, $ty>(sql)$(.bind($bind))*.fetch_all(&mut *c).await,
        }
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
        rows
    }};
}

/// A single `COUNT(*)`-like number.
macro_rules! count {
    ($db:expr, $sql:expr $(, $bind:expr)* $(,)?) => {
        fetch!($db, (i64,), $sql $(, $bind)*)[0].0
    };
}

// ---------------------------------------------------------------------------
// Setup through the library (fast password hashing), before the processes start

/// Joins `n` organizations with a card that approves; optionally buys Action Pack for each.
async fn organizations(t: &TestApp, prefix: &str, n: usize, buy: bool) -> Vec<(Session, String)> {
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

fn purchase_input(offer: &str, terms: &str, card: &str, key: &str) -> Value {
    json!({ "input": { "offerId": offer, "paymentMethodId": card, "acceptTermsVersion": terms, "idempotencyKey": key } })
}

// ---------------------------------------------------------------------------
// 1. Two replicas

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_replicas_take_200_concurrent_purchases_and_assignments() {
    let _serial = SERIAL.lock().await;
    let Some(db) = common::postgres("faults::two_replicas_take_200_concurrent_purchases_and_assignments").await else { return };
    let started = Instant::now();
    const BUYERS: usize = 10;
    const SAME_KEY: usize = 6;
    const OTHER_KEYS: usize = 6;
    const SEAT_ORGS: usize = 4;
    const USERS: usize = 20;

    let url = db.url.clone();
    let t = TestApp::long_lived(db).await;
    let (offer, terms) = action_pack(&t).await;
    let buyers = organizations(&t, "buyer", BUYERS, false).await;
    let seat_orgs = organizations(&t, "seats", SEAT_ORGS, true).await;
    let mut seat_work = Vec::new();
    for (admin, _) in &seat_orgs {
        let r = t.gql("{ organization { benefits { id product { code } } } }", json!({}), Some(&admin.token)).await;
        let list = r.at("/data/organization/benefits").as_array().expect("benefits").clone();
        let vs = list.iter().find(|b| b["product"]["code"] == "VS_SUBSCRIPTIONS").expect("VS benefit")["id"].as_str().unwrap().to_owned();
        let mut users = Vec::new();
        for u in 0..USERS {
            let email = format!("dev{u}.{}@seats.example", key_of(&admin.organization_id));
            let created = t
                .gql(
                    "mutation C($input: CreateUserInput!) { createUser(input: $input) { user { id } userErrors { code } } }",
                    json!({ "input": { "email": email, "displayName": "Dev", "roles": ["MEMBER"] } }),
                    Some(&admin.token),
                )
                .await;
            users.push(created.str("/data/createUser/user/id"));
        }
        seat_work.push((admin.clone(), vs, users));
    }
    t.db.store.close().await;
    let setup = started.elapsed();

    let a = Server::start(&url, START).await;
    let b = Server::start(&url, START).await;
    let ports = [a.port, b.port];

    // 120 purchases (per buyer: 6 with one key, 6 with keys of their own) and 80 assignments, shuffled.
    enum Work {
        Purchase { org: usize, key: String },
        Assign { org: usize, user: String },
    }
    let mut work = Vec::new();
    for org in 0..BUYERS {
        for i in 0..SAME_KEY + OTHER_KEYS {
            let key = if i < SAME_KEY { format!("same-{org}") } else { format!("other-{org}-{i}") };
            work.push(Work::Purchase { org, key });
        }
    }
    for (org, (_, _, users)) in seat_work.iter().enumerate() {
        for user in users {
            work.push(Work::Assign { org, user: user.clone() });
        }
    }
    assert_eq!(work.len(), 200);
    // A fixed shuffle (an LCG), so that a failure can be replayed.
    let mut seed: u64 = 0x5eed;
    for i in (1..work.len()).rev() {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        work.swap(i, (seed >> 33) as usize % (i + 1));
    }

    let barrier = Arc::new(tokio::sync::Barrier::new(work.len()));
    let mut tasks = Vec::new();
    for (i, item) in work.into_iter().enumerate() {
        let port = ports[i % 2];
        let barrier = barrier.clone();
        let (token, query, variables, label) = match &item {
            Work::Purchase { org, key } => {
                let (admin, card) = &buyers[*org];
                (admin.token.clone(), PURCHASE, purchase_input(&offer, &terms, card, key), format!("purchase org {org} key {key}"))
            }
            Work::Assign { org, user } => {
                let (admin, vs, _) = &seat_work[*org];
                (admin.token.clone(), ASSIGN, json!({ "input": { "benefitId": vs, "userId": user } }), format!("assign org {org}"))
            }
        };
        tasks.push(tokio::spawn(async move {
            barrier.wait().await;
            let resp = gql(port, query, variables, Some(&token)).await.unwrap_or_else(|e| panic!("{label} on port {port}: {e}"));
            (item, resp)
        }));
    }
    let burst = Instant::now();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    // Per buyer: each request's key and answer (order and subscription IDs, or userError codes).
    type Answer = Result<(String, String), Vec<String>>;
    let mut purchases: BTreeMap<usize, Vec<(String, Answer)>> = BTreeMap::new();
    let mut assigned: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for task in tasks {
        let (item, resp) = tokio::time::timeout_at(deadline, task).await.expect("the burst took over 60 s").expect("task");
        let body = ok_data(&resp);
        match item {
            Work::Purchase { org, key } => {
                let outcome = match codes(&body, "purchaseOffer").as_slice() {
                    [] => {
                        let order = &body["data"]["purchaseOffer"]["order"];
                        assert_eq!(order["status"], "PAID", "{body}");
                        Ok((
                            order["id"].as_str().unwrap().to_owned(),
                            body["data"]["purchaseOffer"]["subscription"]["id"].as_str().unwrap().to_owned(),
                        ))
                    }
                    [code] if code == "ALREADY_SUBSCRIBED" => Err(vec![code.clone()]),
                    other => panic!("purchase org {org} key {key}: unexpected userErrors {other:?}: {body}"),
                };
                purchases.entry(org).or_default().push((key, outcome));
            }
            Work::Assign { org, .. } => match codes(&body, "assignBenefit").as_slice() {
                [] => assigned
                    .entry(org)
                    .or_default()
                    .push(body["data"]["assignBenefit"]["assignment"]["user"]["id"].as_str().unwrap().to_owned()),
                [code] if code == "NO_SEATS_AVAILABLE" => {}
                other => panic!("assign org {org}: unexpected userErrors {other:?}: {body}"),
            },
        }
    }
    let burst = burst.elapsed();

    // What the clients saw.
    let mut first_orders = BTreeMap::new();
    for (org, outcomes) in &purchases {
        let orders: BTreeSet<_> = outcomes.iter().filter_map(|(_, o)| o.as_ref().ok().map(|(order, _)| order.clone())).collect();
        assert_eq!(orders.len(), 1, "buyer {org} must get exactly one order across all its requests: {outcomes:?}");
        let same: Vec<_> = outcomes.iter().filter(|(k, _)| *k == format!("same-{org}")).map(|(_, o)| o).collect();
        assert_eq!(same.len(), SAME_KEY);
        assert!(same.iter().all(|o| *o == same[0]), "buyer {org}: every retry with one key must get the first answer: {same:?}");
        first_orders.insert(*org, key_of(orders.iter().next().unwrap()));
    }
    for (org, users) in &assigned {
        assert_eq!(users.len(), 3, "seat org {org}: three assignments succeed, the rest find no seat");
        assert_eq!(users.iter().collect::<HashSet<_>>().len(), 3, "three different users");
    }
    assert_eq!(assigned.len(), SEAT_ORGS);

    // What the database holds.
    let mut db = Db::open(&url).await;
    for (org, (admin, _)) in buyers.iter().enumerate() {
        let id = key_of(&admin.organization_id);
        let subs = fetch!(db, (i64, String), "SELECT id, status FROM subscriptions WHERE organization_id = $1", id);
        assert_eq!(subs.len(), 1, "buyer {org}: exactly one subscription, got {subs:?}");
        assert_eq!(subs[0].1, "ACTIVE");
        let paid = fetch!(db, (i64,), "SELECT id FROM orders WHERE organization_id = $1 AND status = 'PAID'", id);
        assert_eq!(paid, vec![(first_orders[&org],)], "buyer {org}: the one PAID order is the one every client saw");
        let charges = count!(db, "SELECT COUNT(*) FROM gateway_charges WHERE idempotency_key LIKE $1", format!("purchase:{id}:%"));
        assert_eq!(charges, 1, "buyer {org} was charged {charges} times");
    }
    let paid = count!(db, "SELECT COUNT(*) FROM orders WHERE status = 'PAID'");
    assert_eq!(paid, (BUYERS + SEAT_ORGS) as i64);
    assert_eq!(count!(db, "SELECT COUNT(*) FROM gateway_charges"), paid, "one ledger row per paid order");
    let matched = count!(
        db,
        "SELECT COUNT(*) FROM orders o JOIN payment_attempts a ON a.order_id = o.id JOIN gateway_charges g ON g.idempotency_key = a.charge_key WHERE o.status = 'PAID'"
    );
    assert_eq!(matched, paid, "every paid order has its own ledger row");
    assert_eq!(count!(db, "SELECT COUNT(*) FROM orders WHERE status <> 'PAID'"), 0, "no order failed");
    assert_eq!(count!(db, "SELECT COUNT(*) FROM payment_attempts WHERE state = 'PENDING'"), 0);
    let over = fetch!(
        db,
        (i64, i64),
        "SELECT b.id, COUNT(a.id) FROM benefits b JOIN benefit_assignments a ON a.benefit_id = b.id GROUP BY b.id, b.seats HAVING COUNT(a.id) > b.seats"
    );
    assert!(over.is_empty(), "benefits with more assignments than seats: {over:?}");
    for (admin, vs, _) in &seat_work {
        assert_eq!(
            count!(db, "SELECT COUNT(*) FROM benefit_assignments WHERE benefit_id = $1", key_of(vs)),
            3,
            "{}",
            admin.organization_id
        );
    }
    eprintln!("two replicas: setup {setup:?}, 200 requests in {burst:?}, total {:?}", started.elapsed());
}

// ---------------------------------------------------------------------------
// 2. Racing jobs

async fn racing_jobs_charge_each_renewal_once(db: TestDb) {
    let _serial = SERIAL.lock().await;
    let started = Instant::now();
    const ORGS: usize = 16;
    let url = db.url.clone();
    let t = TestApp::long_lived(db).await;
    organizations(&t, "renew", ORGS, true).await;
    t.db.store.close().await;
    let mail = tempfile::tempdir().unwrap();

    let base = at("2018-03-01T09:00:00Z");
    let runner = |dir: &str, now: DateTime<Utc>| {
        let mut c = partnerdesk();
        c.args(["jobs", "run", "--database-url", &url, "--now", &now.to_rfc3339(), "--mail"])
            .arg(format!("dir:{}", mail.path().join(dir).display()));
        c
    };
    // The worst interleaving, made certain: runner a is frozen (SIGSTOP) after
    // it recorded a renewal's payment attempt and before its charge is recorded
    // (held back by a lock on the ledger); runner b starts and reaches that
    // renewal while a cannot move; then a goes on.
    let mut pause = Db::open(&url).await;
    let sqlite = matches!(pause, Db::Sqlite(_));
    const UNCHARGED: &str = "SELECT p.id FROM payment_attempts p WHERE p.kind = 'RENEWAL' AND p.state = 'PENDING' \
         AND NOT EXISTS (SELECT 1 FROM gateway_charges g WHERE g.idempotency_key = p.charge_key)";
    const WAITING: &str = "SELECT COUNT(*) FROM pg_locks WHERE NOT granted AND relation = 'gateway_charges'::regclass";
    if sqlite {
        pause.execute("PRAGMA busy_timeout = 0").await;
    } else {
        // Reads go on; the charges (inserts into the ledger) wait.
        pause.execute("BEGIN").await;
        pause.execute("LOCK TABLE gateway_charges IN EXCLUSIVE MODE").await;
    }
    let spawned = Instant::now();
    let mut a = Proc::spawn("jobs run (a)", runner("a", base), |_| {});
    let deadline = Instant::now() + Duration::from_secs(30);
    let frozen = loop {
        assert!(Instant::now() < deadline && a.is_running(), "runner a was never caught before a charge\n{}", a.output());
        if sqlite {
            // Taking SQLite's write lock the moment it is free stops a at its
            // next write; when that write is a charge, a is frozen there.
            if pause.try_execute("BEGIN IMMEDIATE").await.is_err() {
                continue;
            }
            let caught = fetch!(pause, (i64,), UNCHARGED).into_iter().next();
            if caught.is_some() {
                a.signal("-STOP");
            }
            pause.execute("ROLLBACK").await;
            if let Some((id,)) = caught {
                break id;
            }
        } else if count!(pause, WAITING) > 0 {
            a.signal("-STOP");
            break fetch!(pause, (i64,), UNCHARGED).first().expect("a is waiting to charge a pending attempt").0;
        } else {
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
    };
    // b's clock reads what a's does, as two runs on one wall clock would.
    let b_now = base + chrono::TimeDelta::from_std(spawned.elapsed()).unwrap() + chrono::TimeDelta::milliseconds(1);
    let mut b = Proc::spawn("jobs run (b)", runner("b", b_now), |_| {});
    if !sqlite {
        // b takes up the frozen renewal first (the lowest id) and waits at its charge too.
        while count!(pause, WAITING) < 2 {
            assert!(Instant::now() < deadline && b.is_running(), "runner b never reached a charge\n{}", b.output());
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        pause.execute("ROLLBACK").await;
    }
    while fetch!(pause, (String,), "SELECT state FROM payment_attempts WHERE id = $1", frozen)[0].0 == "PENDING" {
        assert!(Instant::now() < deadline && b.is_running(), "runner b never settled the frozen renewal\n{}", b.output());
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    a.signal("-CONT");
    drop(pause);
    let (sa, sb) = (a.wait(Duration::from_secs(60)).await, b.wait(Duration::from_secs(60)).await);
    assert!(sa.success() && sb.success(), "{sa:?} {sb:?}\n{}\n{}", a.output(), b.output());
    let mut db = Db::open(&url).await;
    let subs = fetch!(
        db,
        (i64, String, DateTime<Utc>, DateTime<Utc>),
        "SELECT id, status, current_term_start, current_term_end FROM subscriptions"
    );
    assert_eq!(subs.len(), ORGS);
    for (id, status, start, end) in &subs {
        let charges = count!(db, "SELECT COUNT(*) FROM gateway_charges WHERE idempotency_key LIKE $1", format!("auto-renewal:{id}:%"));
        let orders = fetch!(
            db,
            (String, String, Option<String>),
            "SELECT kind, status, failure_code FROM orders WHERE subscription_id = $1 ORDER BY id",
            *id
        );
        let story = format!("subscription {id}: {status} {start} to {end}, {charges} renewal charge(s), orders {orders:?}");
        assert_eq!(charges, 1, "charged once for its renewal; {story}");
        let renewals = orders.iter().filter(|(kind, status, _)| kind == "RENEWAL" && status == "PAID").count();
        assert_eq!(renewals, 1, "one paid renewal order; {story}");
        assert_eq!((status.as_str(), *start, *end), ("ACTIVE", base, at("2019-03-01T09:00:00Z")), "moved one term; {story}");
    }
    assert_eq!(count!(db, "SELECT COUNT(*) FROM gateway_charges"), 2 * ORGS as i64, "the purchases and one renewal each");
    assert_eq!(count!(db, "SELECT COUNT(*) FROM orders WHERE status <> 'PAID'"), 0, "no order failed: {}\n{}", a.output(), b.output());
    assert_eq!(count!(db, "SELECT COUNT(*) FROM payment_attempts WHERE state <> 'SUCCEEDED'"), 0);

    // Every mail was delivered, by one runner or the other, never by both.
    let files = |dir: &str| -> BTreeSet<i64> {
        std::fs::read_dir(mail.path().join(dir))
            .map(|entries| {
                entries.filter_map(|e| e.ok()?.file_name().to_str()?.strip_suffix(".eml")?.parse().ok()).collect::<BTreeSet<i64>>()
            })
            .unwrap_or_default()
    };
    let (fa, fb) = (files("a"), files("b"));
    assert!(fa.is_disjoint(&fb), "mails delivered twice: {:?}", fa.intersection(&fb).collect::<Vec<_>>());
    let outbox: BTreeSet<i64> = fetch!(db, (i64,), "SELECT id FROM outbox_mails").into_iter().map(|(id,)| id).collect();
    assert!(outbox.len() >= 2 * ORGS, "purchase and renewal receipts: {}", outbox.len());
    assert_eq!(fa.union(&fb).copied().collect::<BTreeSet<_>>(), outbox, "every mail delivered once");
    assert_eq!(count!(db, "SELECT COUNT(*) FROM outbox_mails WHERE status <> 'SENT'"), 0);
    eprintln!(
        "racing jobs ({}): {:?} ({} + {} mails)",
        if url.starts_with("sqlite") { "SQLite" } else { "PostgreSQL" },
        started.elapsed(),
        fa.len(),
        fb.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn racing_jobs_on_postgres() {
    if let Some(db) = common::postgres("faults::racing_jobs_on_postgres").await {
        racing_jobs_charge_each_renewal_once(db).await;
    }
}

/// Fails today: on SQLite `jobs run` settles pending payments of any age
/// (`reconcile_age` in src/commands.rs), so it abandons the renewal the other
/// runner is about to charge; the charge then goes through with a FAILED
/// order and the subscription is never renewed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn racing_jobs_on_sqlite() {
    racing_jobs_charge_each_renewal_once(common::sqlite().await).await;
}

// ---------------------------------------------------------------------------
// 3. Crash

#[derive(Debug, Clone)]
enum Seen {
    Paid(i64),
    Refused(Value),
    Lost(String),
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_in_the_middle_of_purchases_loses_no_paid_order() {
    let _serial = SERIAL.lock().await;
    let started = Instant::now();
    const ORGS: usize = 48;
    const CLIENTS: usize = 6;
    let db = common::sqlite().await;
    let url = db.url.clone();
    let t = TestApp::long_lived(db).await;
    let (offer, terms) = action_pack(&t).await;
    let orgs = Arc::new(organizations(&t, "crash", ORGS, false).await);
    t.db.store.close().await;

    let mut server = Server::start(&url, START).await;
    let port = server.port;
    let next = Arc::new(AtomicUsize::new(0));
    let seen: Arc<Mutex<BTreeMap<usize, Seen>>> = Arc::default();
    let mut clients = Vec::new();
    for _ in 0..CLIENTS {
        let (next, seen, orgs, offer, terms) = (next.clone(), seen.clone(), orgs.clone(), offer.clone(), terms.clone());
        clients.push(tokio::spawn(async move {
            loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                if i >= orgs.len() {
                    return;
                }
                let (admin, card) = &orgs[i];
                let outcome =
                    match gql(port, PURCHASE, purchase_input(&offer, &terms, card, &format!("crash-{i}")), Some(&admin.token)).await {
                        Ok(resp) if resp.status == 200 => {
                            let body = resp.json();
                            match body["data"]["purchaseOffer"]["order"]["status"].as_str() {
                                Some("PAID") => Seen::Paid(key_of(body["data"]["purchaseOffer"]["order"]["id"].as_str().unwrap())),
                                _ => Seen::Refused(body),
                            }
                        }
                        Ok(resp) => Seen::Lost(format!("HTTP {}: {}", resp.status, resp.body)),
                        Err(e) => Seen::Lost(e.to_string()),
                    };
                let lost = matches!(outcome, Seen::Lost(_));
                seen.lock().unwrap().insert(i, outcome);
                if lost {
                    return;
                }
            }
        }));
    }
    // Once a third of the purchases are through, kill -9 the server at a moment
    // when a charge is recorded at the gateway but its order is not (the server
    // is frozen to look, and let go if the moment is not that one).
    const CHARGED_PENDING: &str = "SELECT COUNT(*) FROM payment_attempts p WHERE p.state = 'PENDING' \
         AND EXISTS (SELECT 1 FROM gateway_charges g WHERE g.idempotency_key = p.charge_key)";
    let mut watch = Db::open(&url).await;
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let done = seen.lock().unwrap().len();
        assert!(Instant::now() < deadline && done < ORGS, "no moment to crash was found: {:?}", seen.lock().unwrap());
        if seen.lock().unwrap().values().filter(|s| matches!(s, Seen::Paid(_))).count() >= ORGS / 3 {
            server.proc.signal("-STOP");
            if count!(watch, CHARGED_PENDING) > 0 {
                server.proc.kill9();
                break;
            }
            server.proc.signal("-CONT");
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    for client in clients {
        tokio::time::timeout(Duration::from_secs(30), client).await.expect("clients stop once the server is gone").expect("client");
    }
    let seen = seen.lock().unwrap().clone();
    let paid: BTreeMap<usize, i64> = seen.iter().filter_map(|(i, s)| if let Seen::Paid(o) = s { Some((*i, *o)) } else { None }).collect();
    let lost: BTreeMap<usize, String> =
        seen.iter().filter_map(|(i, s)| if let Seen::Lost(why) = s { Some((*i, why.clone())) } else { None }).collect();
    for (i, s) in &seen {
        if let Seen::Refused(body) = s {
            panic!("purchase {i} was refused before the crash: {body}");
        }
    }
    assert!(paid.len() < ORGS, "the crash came after every purchase");
    assert!(!lost.is_empty(), "no request was cut off by the crash");
    let at_crash = fetch!(
        watch,
        (i64, i64),
        "SELECT p.id, (SELECT COUNT(*) FROM gateway_charges g WHERE g.idempotency_key = p.charge_key) FROM payment_attempts p WHERE p.state = 'PENDING'"
    );
    let pending_at_crash = at_crash.len();
    assert!(at_crash.iter().any(|(_, charged)| *charged == 1), "{at_crash:?}");
    drop(watch);

    // The restart comes a minute later on the service clock (each `--now` start
    // sets the clock again, and the attempts were made after START).
    let server = Server::start(&url, "2017-03-01T09:01:00Z").await;
    let mut db = Db::open(&url).await;
    assert_eq!(count!(db, "SELECT COUNT(*) FROM payment_attempts WHERE state = 'PENDING'"), 0, "left pending after the restart");
    assert!(server.stdout().contains(&format!("Reconciled {pending_at_crash} payment attempt")), "{}", server.stdout());
    // Charged: settled as paid, with its subscription. Not charged: abandoned.
    for (id, charged) in &at_crash {
        let settled = fetch!(
            db,
            (String, Option<String>, Option<i64>),
            "SELECT p.state, o.status, o.subscription_id FROM payment_attempts p LEFT JOIN orders o ON o.id = p.order_id WHERE p.id = $1",
            *id
        );
        let (state, order, subscription) = &settled[0];
        if *charged == 1 {
            assert!(state == "SUCCEEDED" && order.as_deref() == Some("PAID") && subscription.is_some(), "attempt {id}: {settled:?}");
        } else {
            assert!(state == "FAILED" && order.as_deref() == Some("FAILED") && subscription.is_none(), "attempt {id}: {settled:?}");
        }
    }
    for (i, order) in &paid {
        let org = key_of(&orgs[*i].0.organization_id);
        let found = fetch!(db, (i64, String), "SELECT organization_id, status FROM orders WHERE id = $1", *order);
        assert_eq!(found, vec![(org, "PAID".to_owned())], "purchase {i}: the client saw order {order} PAID");
    }
    let orphans = count!(
        db,
        "SELECT COUNT(*) FROM subscriptions s WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.subscription_id = s.id AND o.kind = 'NEW' AND o.status = 'PAID')"
    );
    assert_eq!(orphans, 0, "subscriptions without their paid order");
    let unpaid_charges = count!(
        db,
        "SELECT COUNT(*) FROM gateway_charges g WHERE g.outcome = 'SUCCEEDED' AND NOT EXISTS \
         (SELECT 1 FROM payment_attempts a JOIN orders o ON o.id = a.order_id WHERE a.charge_key = g.idempotency_key AND o.status = 'PAID')"
    );
    assert_eq!(unpaid_charges, 0, "charges without a paid order");
    let doubles =
        count!(db, "SELECT COUNT(*) FROM (SELECT organization_id FROM subscriptions GROUP BY organization_id HAVING COUNT(*) > 1) x");
    assert_eq!(doubles, 0);
    assert_eq!(count!(db, "SELECT COUNT(*) FROM subscriptions"), count!(db, "SELECT COUNT(*) FROM gateway_charges"));

    // The restarted server answers the cut-off requests' retries cleanly, and
    // a retry of a purchase that was charged gets that purchase's order.
    let mut retries = Vec::new();
    for i in lost.keys() {
        let (admin, card) = &orgs[*i];
        let resp = gql(server.port, PURCHASE, purchase_input(&offer, &terms, card, &format!("crash-{i}")), Some(&admin.token))
            .await
            .expect("retry");
        let body = ok_data(&resp);
        let attempt = fetch!(
            db,
            (String, Option<i64>),
            "SELECT state, order_id FROM payment_attempts WHERE idempotency_key = $1",
            format!("crash-{i}")
        );
        retries.push(format!("{i}: {:?} -> {}", attempt, body["data"]["purchaseOffer"]));
        if let [(state, Some(order))] = attempt.as_slice() {
            if state == "SUCCEEDED" {
                assert_eq!(
                    body["data"]["purchaseOffer"]["order"]["id"].as_str().map(key_of),
                    Some(*order),
                    "retry of purchase {i}: {body}"
                );
            }
        }
    }
    eprintln!(
        "crash: {} paid before kill -9, cut off: {lost:?}, pending at the crash (id, charged): {at_crash:?}, retries: {retries:#?}, {:?}",
        paid.len(),
        started.elapsed()
    );
}

// ---------------------------------------------------------------------------
// 4. Graceful shutdown

/// Database connections the server holds, from `/metrics`.
async fn connections_in_use(port: u16) -> i64 {
    let resp = http(port, "GET", "/metrics", None, None).await.expect("/metrics");
    resp.body
        .lines()
        .find(|l| l.starts_with("partnerdesk_db_pool_connections{state=\"in_use\"}"))
        .and_then(|l| l.split_whitespace().last()?.parse().ok())
        .unwrap_or_else(|| panic!("no in_use gauge in /metrics:\n{}", resp.body))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_finishes_requests_in_flight_and_exits_0() {
    let _serial = SERIAL.lock().await;
    let started = Instant::now();
    let db = common::sqlite().await;
    let url = db.url.clone();
    db.store.close().await;
    let mut server = Server::start(&url, START).await;
    let port = server.port;
    assert_eq!(http(port, "GET", "/healthz", None, None).await.expect("healthz").status, 200);

    // Hold SQLite's write lock: the joins below reach the database and wait there.
    let mut lock = Db::open(&url).await;
    let Db::Sqlite(conn) = &mut lock else { unreachable!() };
    sqlx::query("BEGIN IMMEDIATE").execute(&mut *conn).await.expect("write lock");
    const IN_FLIGHT: usize = 3;
    let joins: Vec<_> = (0..IN_FLIGHT)
        .map(|i| {
            let input = json!({ "input": { "legalName": format!("Late {i}"), "country": "FR", "adminEmail": format!("late{i}@late.example"),
                "adminDisplayName": "Late", "adminPassword": common::PASSWORD } });
            tokio::spawn(async move {
                gql(
                    port,
                    "mutation J($input: JoinNetworkInput!) { joinNetwork(input: $input) { organization { id } userErrors { code } } }",
                    input,
                    None,
                )
                .await
            })
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(20);
    while connections_in_use(port).await < IN_FLIGHT as i64 {
        assert!(Instant::now() < deadline, "the joins never reached the database");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    server.proc.signal("-TERM");
    // The listener closes at once, while the requests are still waiting for the database.
    let deadline = Instant::now() + Duration::from_secs(5);
    while tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
        assert!(Instant::now() < deadline, "serve still accepts connections 5 s after SIGTERM");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(joins.iter().all(|j| !j.is_finished()), "a request finished before the database was released");
    assert!(server.proc.is_running(), "serve exited with requests in flight");

    sqlx::query("ROLLBACK").execute(&mut *conn).await.expect("release");
    for join in joins {
        let resp = tokio::time::timeout(Duration::from_secs(20), join)
            .await
            .expect("in-flight request done")
            .expect("task")
            .expect("an in-flight request was cut off");
        let body = ok_data(&resp);
        assert!(body["data"]["joinNetwork"]["organization"]["id"].is_string(), "{body}");
    }
    let status = server.proc.wait(Duration::from_secs(20)).await;
    assert!(status.success(), "serve exited with {status:?}\n{}", server.proc.output());
    let joined = count!(lock, "SELECT COUNT(*) FROM organizations WHERE legal_name LIKE 'Late %'");
    assert_eq!(joined, IN_FLIGHT as i64, "the in-flight joins were committed");
    eprintln!("graceful shutdown: {:?}", started.elapsed());
}

// ---------------------------------------------------------------------------
// 5. Database outage

/// A TCP proxy in front of PostgreSQL that can be cut (listener and every
/// connection dropped) and brought back on the same port.
struct Proxy {
    port: u16,
    upstream: String,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl Proxy {
    async fn start(upstream: String) -> Self {
        let mut proxy = Self { port: 0, upstream, task: None };
        proxy.up().await;
        proxy
    }

    async fn up(&mut self) {
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

    async fn cut(&mut self) {
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

/// A query that needs the database (the token is looked up), as seen by a client.
async fn viewer(port: u16, token: &str) -> Resp {
    http_within(Duration::from_secs(20), port, "POST", "/graphql", Some(token), Some(&json!({ "query": VIEWER }).to_string()))
        .await
        .expect("an answer within 20 s")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_outage_gives_clean_errors_and_service_resumes_by_itself() {
    let _serial = SERIAL.lock().await;
    let Some(db) = common::postgres("faults::a_database_outage_gives_clean_errors_and_service_resumes_by_itself").await else { return };
    let started = Instant::now();
    let t = TestApp::long_lived(db).await;
    let admin = t.join("Outage", "admin@outage.example").await;
    t.db.store.close().await;
    let direct = url::Url::parse(&t.db.url).unwrap();
    let upstream = format!("{}:{}", direct.host_str().unwrap(), direct.port().unwrap_or(5432));
    let mut proxy = Proxy::start(upstream).await;
    let mut via_proxy = direct.clone();
    via_proxy.set_host(Some("127.0.0.1")).unwrap();
    via_proxy.set_port(Some(proxy.port)).unwrap();
    let mut server = Server::start(via_proxy.as_str(), START).await;
    let port = server.port;

    // Up: ready, and queries work.
    assert_eq!(http(port, "GET", "/readyz", None, None).await.unwrap().status, 200);
    let before = ok_data(&viewer(port, &admin.token).await);
    assert_eq!(before["data"]["viewer"]["email"], "admin@outage.example");

    // Cut: clean errors, not ready, still alive.
    proxy.cut().await;
    assert!(tokio::net::TcpStream::connect(("127.0.0.1", proxy.port)).await.is_err(), "the proxy still accepts");
    let cut_at = Instant::now();
    let catalog_query = json!({ "query": "{ program { offers { id } } }" }).to_string();
    let (during, ready, catalog) = tokio::join!(
        viewer(port, &admin.token),
        http_within(Duration::from_secs(20), port, "GET", "/readyz", None, None),
        http_within(Duration::from_secs(20), port, "POST", "/graphql", None, Some(&catalog_query)),
    );
    let answered_in = cut_at.elapsed();
    for resp in [&during, &catalog.expect("catalog answer")] {
        if resp.status != 503 {
            let body = resp.json();
            assert_eq!(body["errors"][0]["extensions"]["code"], "INTERNAL", "HTTP {}: {body}", resp.status);
            let id = body["errors"][0]["extensions"]["requestId"].as_str().unwrap_or_else(|| panic!("no request id: {body}"));
            assert_eq!(Some(id), resp.request_id.as_deref(), "the request id is the x-request-id header");
            assert!(body["data"].is_null() || body["data"]["viewer"].is_null(), "{body}");
        }
        for leak in ["sqlx", "pool", "5432", &proxy.port.to_string(), "connection refused", "Connection refused"] {
            assert!(!resp.body.contains(leak), "the error shows internal detail ({leak}): {}", resp.body);
        }
    }
    assert_eq!(ready.expect("readyz answer").status, 503, "/readyz while the database is away");
    assert_eq!(http(port, "GET", "/healthz", None, None).await.unwrap().status, 200, "the process is still up");
    assert!(server.proc.is_running());

    // Back on the same port: service resumes without a restart.
    proxy.up().await;
    let back_at = Instant::now();
    loop {
        let ready = http_within(Duration::from_secs(10), port, "GET", "/readyz", None, None).await.map(|r| r.status);
        if ready.as_ref().ok() == Some(&200) {
            break;
        }
        assert!(back_at.elapsed() < Duration::from_secs(20), "/readyz still {ready:?} 20 s after the database came back");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let resumed_in = back_at.elapsed();
    for _ in 0..3 {
        let after = ok_data(&viewer(port, &admin.token).await);
        assert_eq!(after["data"]["viewer"]["organization"]["legalName"], "Outage");
    }
    assert!(server.proc.is_running());
    server.proc.signal("-TERM");
    let status = server.proc.wait(Duration::from_secs(20)).await;
    assert!(status.success(), "{status:?}");
    eprintln!("outage: errors answered in {answered_in:?}, ready again {resumed_in:?} after the database, total {:?}", started.elapsed());
}
