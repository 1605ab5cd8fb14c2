//! The API load benchmark: one run on one backend (seed, check that the
//! answers agree, measure, report).

use super::*;

/// How many JSON objects (GraphQL nodes and wrappers) a value holds.
pub(crate) fn objects(v: &Value) -> usize {
    match v {
        Value::Object(m) => 1 + m.values().map(objects).sum::<usize>(),
        Value::Array(a) => a.iter().map(objects).sum(),
        _ => 0,
    }
}

/// Statements grouped by text, in order of first appearance.
pub(crate) fn grouped(statements: &[String]) -> Vec<(usize, String)> {
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

pub(crate) fn verdict(ok: bool) -> &'static str {
    if ok {
        "MET"
    } else {
        "NOT MET"
    }
}

/// The app over the database at `url`, on a pool of `connections` (the
/// server's default if `None`), and its store.
fn open_app(
    rt: &tokio::runtime::Runtime,
    url: &str,
    connections: Option<u32>,
    clock: &Clock,
    settings: &Settings,
) -> (Arc<App>, Arc<dyn store::Store>) {
    rt.block_on(async {
        let opened =
            store::connect_with(&DatabaseUrl::parse(url).expect("database URL"), connections).await.expect("open the bench database");
        let gateway = Arc::new(partnerdesk::payments::TestGateway::new(opened.ledger));
        let builder = App::builder(opened.store.clone(), gateway).clock(clock.clone()).hasher(PasswordHasher::fast_insecure_for_tests());
        (Arc::new(builder.settings(settings.clone()).build()), opened.store)
    })
}

pub(crate) fn run_backend(rt: &tokio::runtime::Runtime, cfg: &Config, gen: &LoadGen, db: BenchDb) {
    println!();
    println!("=== {} ===", db.label);
    let clock = Clock::manual(DateTime::parse_from_rfc3339(START).expect("RFC 3339").with_timezone(&Utc));
    let settings = Settings { token_ttl: TimeDelta::days(365), ..Settings::default() };
    let (app, _) = open_app(rt, &db.url, cfg.db_connections, &clock, &settings);

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

    // The statements of one request are counted on (a) and (b) over an app
    // of their own on one database connection: only then are they all known
    // to have been reported (tests/common/fence.rs). Its catalog of offers is
    // read first, as seeding read the main app's.
    let (counted, counted_store) = open_app(rt, &db.url, Some(1), &clock, &settings);
    rt.block_on(counted.offers()).expect("offers");
    let counted_product = rt.block_on(serve(api::router(counted.clone(), &api_config)));
    let counted_hand = rt.block_on(serve(Router::new().route("/graphql", post(handwritten)).with_state(counted.clone())));
    let count = |addr: SocketAddr, body: &str| with_statements(rt, counted_store.as_ref(), || http_post(rt, addr, &token, body));

    let dashboard = gql_body(DASHBOARD, json!({}));
    let ((status_a, body_a), sql_a) = count(counted_product.addr, &dashboard);
    let ((status_b, body_b), sql_b) = count(counted_hand.addr, &dashboard);
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
    let (status_c, body_c) = http_post(rt, memory.addr, &token, &dashboard);
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
    let (first_set, sql_set_first) = count(counted_product.addr, &set_auto_renew);
    let (again_set, sql_set) = count(counted_product.addr, &set_auto_renew);
    let (replay, sql_purchase) = count(counted_product.addr, &purchase);
    for served in [counted_product, counted_hand] {
        served.task.abort();
    }
    rt.block_on(counted.close());
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
    let (status_after, body_after) = http_post(rt, product.addr, &token, &dashboard);
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

    // The peer to beat (issue 16), on SQLite like it, after everything else.
    if db.url.starts_with("sqlite:") {
        println!();
        println!("=== partnerdesk and the Apollo Server peer, side by side ===");
        match start_peer(cfg.orgs) {
            Ok(peer) => {
                let (status, answer) = http_post(rt, product.addr, &token, &peer.body);
                assert!(status == 200 && !answer.contains("\"errors\""), "partnerdesk cannot answer the peer's query: {answer}");
                let (status, answer) = http_post(rt, peer.addr, "token-1", &peer.body);
                assert!(status == 200 && answer.contains("\"organization\""), "the peer cannot answer its query: {answer}");
                compare(gen, cfg, &peer, product.addr, &token, 2);
            }
            Err(why) => println!("(the peer is skipped: {why})"),
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
