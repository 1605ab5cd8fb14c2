//! Database round-trips: listing benefits with their assignments and users
//! takes the same number of SQL statements however many there are (no N+1).
//! Statements are counted from sqlx's own per-statement trace events.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use common::{Session, TestApp, TestDb};
use serde_json::json;
use tracing_subscriber::layer::SubscriberExt;

static STATEMENTS: AtomicUsize = AtomicUsize::new(0);

struct CountStatements;

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for CountStatements {
    fn on_event(&self, event: &tracing::Event<'_>, _ctx: tracing_subscriber::layer::Context<'_, S>) {
        if event.metadata().target() == "sqlx::query" {
            STATEMENTS.fetch_add(1, Ordering::SeqCst);
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

const DASHBOARD: &str = "{ organization { legalName benefits { id product { name } status assignedCount availableCount
    assignments { id status alternateEmail user { id email displayName } } } } }";

async fn statements_for(t: &TestApp, admin: &Session) -> usize {
    let before = STATEMENTS.load(Ordering::SeqCst);
    let r = t.gql(DASHBOARD, json!({}), Some(&admin.token)).await;
    r.assert_ok();
    STATEMENTS.load(Ordering::SeqCst) - before
}

async fn benefit_listing_is_a_fixed_number_of_statements(db: TestDb) {
    let t = TestApp::long_lived(db).await;
    let admin = t.join("Contoso", "admin@contoso.example").await;
    let card = t.add_card(&admin, "4242424242424242").await;
    t.purchase(&admin, &card, None).await.assert_ok();
    let empty = statements_for(&t, &admin).await;
    assert!(empty > 0, "the counter sees statements");

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
    assert_eq!(empty, full, "statements grew with the number of assignments");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn benefit_listing_round_trips_do_not_grow() {
    install_counter();
    // One test runs both backends in turn: the counter is process-wide.
    benefit_listing_is_a_fixed_number_of_statements(common::sqlite().await).await;
    if let Some(db) = common::postgres("queries::benefit_listing_round_trips_do_not_grow").await {
        benefit_listing_is_a_fixed_number_of_statements(db).await;
    }
}
