//! Replicas, with the real binary over real TCP on 127.0.0.1: two servers on
//! one PostgreSQL database under 200 concurrent purchases and seat
//! assignments, and two `jobs run` passes racing on the same due renewals.
//!
//! Every wait has a timeout, and every child process is killed by a guard when
//! a test fails. The tests take turns (one lock) so that their timings do not
//! depend on each other on a small machine.

mod common;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use common::faults::*;
use common::process::{gql, partnerdesk, Proc, Server};
use common::{action_pack, at, TestApp, TestDb, START};
use serde_json::json;

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
                // A spin on purpose: this races runner a for the write lock
                // in the moments between its writes, and a sleep here would
                // let a run through the window before its charge. It only
                // yields, to let the runtime run, and is bounded by
                // `deadline` (the assertion at the top of the loop).
                tokio::task::yield_now().await;
                continue;
            }
            let caught = fetch!(pause, (i64,), UNCHARGED).into_iter().next();
            if caught.is_some() {
                a.freeze().await;
            }
            pause.execute("ROLLBACK").await;
            if let Some((id,)) = caught {
                break id;
            }
        } else if count!(pause, WAITING) > 0 {
            a.freeze().await;
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
