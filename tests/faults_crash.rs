//! Faults, with the real binary over real TCP on 127.0.0.1: `kill -9` in the
//! middle of a stream of purchases on SQLite, SIGTERM with requests certainly
//! in flight, and a PostgreSQL outage behind a TCP proxy.
//!
//! Every wait has a timeout, and every child process is killed by a guard when
//! a test fails. The tests take turns (one lock) so that their timings do not
//! depend on each other on a small machine.

mod common;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::faults::*;
use common::process::{gql, http, http_within, Resp, Server};
use common::{action_pack, TestApp, START};
use serde_json::{json, Value};

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
            server.proc.freeze().await;
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
