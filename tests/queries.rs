//! Database round-trips: the dashboard (benefits with their assignments and
//! users) takes the same number of SQL statements however many there are
//! (no N+1): for 1 benefit and for 50, with no assignments and with many.
//! Statements are counted from sqlx's own per-statement trace events.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use common::fence::Fence;
use common::{Session, TestApp, TestDb};
use serde_json::json;
use tracing_subscriber::layer::SubscriberExt;

static STATEMENTS: AtomicUsize = AtomicUsize::new(0);
/// The store's pings, which the counter uses as fences.
static FENCE: Fence = Fence::new();

struct CountStatements;

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for CountStatements {
    fn on_event(&self, event: &tracing::Event<'_>, _ctx: tracing_subscriber::layer::Context<'_, S>) {
        if event.metadata().target() == "sqlx::query" {
            // A new pooled SQLite connection sets itself up with PRAGMAs: that
            // is the pool growing, not a statement of the request.
            let mut summary = Summary(String::new());
            event.record(&mut summary);
            if !FENCE.is_ping(&summary.0) && !summary.0.starts_with("PRAGMA") {
                STATEMENTS.fetch_add(1, Ordering::SeqCst);
            }
        }
    }
}

/// The `summary` field of sqlx's statement event: the statement's first words.
struct Summary(String);

impl tracing::field::Visit for Summary {
    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        if field.name() == "summary" {
            value.clone_into(&mut self.0);
        }
    }
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        if field.name() == "summary" {
            self.0 = format!("{value:?}").trim_matches('"').to_owned();
        }
    }
}

/// sqlx runs SQLite statements on its own threads, so the counter is global.
fn install_counter() {
    static ONCE: OnceLock<()> = OnceLock::new();
    ONCE.get_or_init(|| {
        let filter = tracing_subscriber::filter::Targets::new().with_target("sqlx::query", tracing::Level::TRACE);
        let subscriber = tracing_subscriber::registry().with(CountStatements).with(filter);
        tracing::subscriber::set_global_default(subscriber).expect("no other global subscriber in this test binary");
    });
}

/// The statements `DASHBOARD` takes on either backend: the session (with its
/// user and organization), the benefits, and every benefit's assignments with
/// their users at once. A change that adds one must say why here.
const BENEFITS_BUDGET: usize = 3;
/// The statements `FULL_DASHBOARD` takes: those of `BENEFITS_BUDGET`, the
/// Action Pack subscription, and the page of subscriptions.
const DASHBOARD_BUDGET: usize = 5;

const DASHBOARD: &str = "{ organization { legalName benefits { id product { name } status assignedCount availableCount
    assignments { id status alternateEmail user { id email displayName } } } } }";

/// Waits until every statement run before now has been counted: see
/// `common::fence` (hence `one_connection` for SQLite).
async fn fence(t: &TestApp) {
    FENCE.pass(t.db.store.as_ref()).await;
}

/// The statements one request takes, exactly.
async fn statements_of(t: &TestApp, query: &str, token: &str) -> (usize, common::Reply) {
    fence(t).await;
    let before = STATEMENTS.load(Ordering::SeqCst);
    let r = t.gql(query, json!({}), Some(token)).await;
    r.assert_ok();
    fence(t).await;
    let n = STATEMENTS.load(Ordering::SeqCst) - before;
    println!("{} statements on {}", n, if t.db.url.starts_with("sqlite:") { "SQLite" } else { "PostgreSQL" });
    (n, r)
}

/// SQLite on a pool of one connection, so that its statements are reported
/// in the order they ran.
async fn one_connection(db: TestDb) -> TestDb {
    if !db.url.starts_with("sqlite:") {
        return db;
    }
    db.with_connections(1).await
}

async fn statements_for(t: &TestApp, admin: &Session) -> usize {
    statements_of(t, DASHBOARD, &admin.token).await.0
}

async fn benefit_listing_is_a_fixed_number_of_statements(db: TestDb) {
    let t = TestApp::long_lived(one_connection(db).await).await;
    let admin = t.join("Contoso", "admin@contoso.example").await;
    let card = t.add_card(&admin, "4242424242424242").await;
    t.purchase(&admin, &card, None).await.assert_ok();
    let empty = statements_for(&t, &admin).await;
    assert_eq!(empty, BENEFITS_BUDGET, "the benefit listing's statements");

    // Fill every assignable benefit: more assignments and users to show.
    let list = t.gql("{ organization { benefits { id product { code } } } }", json!({}), Some(&admin.token)).await;
    let id = |code: &str| {
        list.at("/data/organization/benefits").as_array().unwrap().iter().find(|b| b["product"]["code"] == code).unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    for i in 0..3 {
        let user = t.add_user(&admin, &format!("dev{i}@contoso.example"), &["MEMBER"]).await;
        let r = t
            .gql(
                "mutation A($input: AssignBenefitInput!) { assignBenefit(input: $input) { userErrors { code } } }",
                json!({ "input": { "benefitId": id("VS_SUBSCRIPTIONS"), "userId": user.user_id } }),
                Some(&admin.token),
            )
            .await;
        assert_eq!(r.at("/data/assignBenefit/userErrors"), &json!([]));
    }
    t.gql(
        "mutation V($input: ActivateBenefitInput!) { activateBenefit(input: $input) { userErrors { code } } }",
        json!({ "input": { "benefitId": id("AZURE_MONTHLY_CREDIT") } }),
        Some(&admin.token),
    )
    .await
    .assert_ok();
    let full = statements_for(&t, &admin).await;
    assert_eq!(full, BENEFITS_BUDGET, "statements grew with the number of assignments");
}

/// The dashboard the API load benchmark measures: organization, membership,
/// subscriptions, and every benefit with its assignments and their users.
const FULL_DASHBOARD: &str = "{ organization { id legalName
    membership { level actionPack { id status autoRenew currentTermEnd } }
    subscriptions(first: 5) { totalCount edges { node { id status } } }
    benefits { id product { code name } category status quantity assignedCount availableCount expiresAt
      assignments { id status user { id email displayName } } } } }";

/// Runs fixture SQL (written for both backends) straight on the test database.
async fn run_sql(url: &str, statements: &[String]) {
    use sqlx::Connection;
    if url.starts_with("sqlite:") {
        let mut conn = sqlx::SqliteConnection::connect(url).await.expect("connect to the SQLite test database");
        for sql in statements {
            sqlx::query(sql).execute(&mut conn).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
        }
    } else {
        let mut conn = sqlx::PgConnection::connect(url).await.expect("connect to the PostgreSQL test database");
        for sql in statements {
            sqlx::query(sql).execute(&mut conn).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
        }
    }
}

/// The organization whose admin has `email`, as SQL.
fn org_of(email: &str) -> String {
    format!("(SELECT organization_id FROM users WHERE email = '{email}')")
}

/// Gives the user of `session` every Visual Studio benefit of their organization.
async fn assign_all_vs(t: &TestApp, admin: &Session) -> usize {
    let list = t.gql("{ organization { benefits { id category } } }", json!({}), Some(&admin.token)).await;
    let ids: Vec<String> = list
        .at("/data/organization/benefits")
        .as_array()
        .expect("benefits")
        .iter()
        .filter(|b| b["category"] == "VISUAL_STUDIO")
        .map(|b| b["id"].as_str().expect("id").to_owned())
        .collect();
    for id in &ids {
        let r = t
            .gql(
                "mutation A($input: AssignBenefitInput!) { assignBenefit(input: $input) { userErrors { code } } }",
                json!({ "input": { "benefitId": id, "userId": admin.user_id } }),
                Some(&admin.token),
            )
            .await;
        assert_eq!(r.at("/data/assignBenefit/userErrors"), &json!([]), "{}", r.body);
    }
    ids.len()
}

/// The statements one full dashboard request takes, and what it showed.
async fn dashboard(t: &TestApp, admin: &Session) -> (usize, usize, usize) {
    let (statements, r) = statements_of(t, FULL_DASHBOARD, &admin.token).await;
    let benefits = r.at("/data/organization/benefits").as_array().expect("benefits").clone();
    let assignments = benefits.iter().map(|b| b["assignments"].as_array().map_or(0, Vec::len)).sum();
    (statements, benefits.len(), assignments)
}

/// Two organizations, one with a single benefit and one with fifty (extra
/// Visual Studio benefits added to its subscription as fixture rows), each
/// benefit assigned through the API: the dashboard costs both the same.
async fn dashboard_is_as_cheap_for_50_benefits_as_for_1(db: TestDb) {
    let url = db.url.clone();
    let t = TestApp::long_lived(one_connection(db).await).await;
    // Action Pack's eight benefits and 42 extra Visual Studio ones.
    let extra = 42;
    let products: Vec<String> = (1..=extra)
        .map(|i| {
            format!(
                "INSERT INTO products (code, category, name_id) \
                 SELECT 'VS_EXTRA_{i}', category, name_id FROM products WHERE code = 'VS_SUBSCRIPTIONS'"
            )
        })
        .collect();
    run_sql(&url, &products).await;

    let one = t.join("Solo", "admin@solo.example").await;
    let card = t.add_card(&one, "4242424242424242").await;
    t.purchase(&one, &card, None).await.assert_ok();
    let org = org_of("admin@solo.example");
    run_sql(
        &url,
        &[
            format!("DELETE FROM product_keys WHERE organization_id = {org}"),
            format!("DELETE FROM benefit_assignments WHERE organization_id = {org}"),
            format!("DELETE FROM benefits WHERE organization_id = {org} AND product_code <> 'VS_SUBSCRIPTIONS'"),
        ],
    )
    .await;
    assert_eq!(assign_all_vs(&t, &one).await, 1);

    let many = t.join("Plenty", "admin@plenty.example").await;
    let card = t.add_card(&many, "4242424242424242").await;
    t.purchase(&many, &card, None).await.assert_ok();
    let org = org_of("admin@plenty.example");
    let clones: Vec<String> = (1..=extra)
        .map(|i| {
            format!(
                "INSERT INTO benefits (organization_id, subscription_id, position, product_code, quantity, unit, activation, seats, keys_revealed, created_at) \
                 SELECT organization_id, subscription_id, position + {i}, 'VS_EXTRA_{i}', quantity, unit, activation, seats, keys_revealed, created_at \
                 FROM benefits WHERE organization_id = {org} AND product_code = 'VS_SUBSCRIPTIONS'"
            )
        })
        .collect();
    run_sql(&url, &clones).await;
    assert_eq!(assign_all_vs(&t, &many).await, extra + 1);

    let (for_one, benefits, assignments) = dashboard(&t, &one).await;
    assert_eq!((benefits, assignments), (1, 1), "the small organization's dashboard");
    let (for_fifty, benefits, assignments) = dashboard(&t, &many).await;
    assert_eq!((benefits, assignments), (50, extra + 1), "the large organization's dashboard");
    assert_eq!(for_one, DASHBOARD_BUDGET, "statements for 1 benefit");
    assert_eq!(for_fifty, DASHBOARD_BUDGET, "statements for 50 benefits");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn benefit_listing_round_trips_do_not_grow() {
    install_counter();
    // One test runs both backends in turn: the counter is process-wide.
    benefit_listing_is_a_fixed_number_of_statements(common::sqlite().await).await;
    if let Some(db) = common::postgres("queries::benefit_listing_round_trips_do_not_grow").await {
        benefit_listing_is_a_fixed_number_of_statements(db).await;
    }
    dashboard_is_as_cheap_for_50_benefits_as_for_1(common::sqlite().await).await;
    if let Some(db) = common::postgres("queries::dashboard_is_as_cheap_for_50_benefits_as_for_1").await {
        dashboard_is_as_cheap_for_50_benefits_as_for_1(db).await;
    }
}
