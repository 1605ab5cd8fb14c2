//! Upgrades of a database made by an earlier release: the data is written
//! with that release's migrations, then the store opens it (running the
//! pending ones, as `serve` does) and must still hold everything it had.

mod common;

use std::sync::{Arc, Mutex};

use partnerdesk::domain::benefits::{AssignmentStatus, Portal};
use partnerdesk::domain::catalog::BenefitUnit;
use partnerdesk::store::Store;

const T: &str = "'2017-03-01T09:00:00+00:00'";

/// An organization with Action Pack as releases before migration 0007 made
/// it: a product-key "Visual Studio Professional" benefit (keys revealed)
/// beside the Visual Studio seats, two of them assigned.
fn action_pack_before_0007() -> String {
    format!(
        "INSERT INTO organizations (partner_id, kind, legal_name, country, network_member_since, created_at) \
             VALUES ('4800001', 'PARTNER', 'Contoso', 'US', {T}, {T});
         INSERT INTO users (organization_id, email, display_name, password_hash, roles, created_at, updated_at) \
             SELECT id, 'ada@contoso.example', 'Ada', 'not-a-hash', 1, {T}, {T} FROM organizations WHERE partner_id = '4800001';
         INSERT INTO users (organization_id, email, display_name, password_hash, roles, created_at, updated_at) \
             SELECT id, 'bob@contoso.example', 'Bob', 'not-a-hash', 1, {T}, {T} FROM organizations WHERE partner_id = '4800001';
         INSERT INTO subscriptions (organization_id, offer_id, status, auto_renew, purchased_at, current_term_start, current_term_end, updated_at) \
             SELECT o.id, f.id, 'ACTIVE', TRUE, {T}, {T}, '2018-03-01T09:00:00+00:00', {T} FROM organizations o, offers f \
             WHERE o.partner_id = '4800001' AND f.code = 'ACTION_PACK';
         INSERT INTO benefits (organization_id, subscription_id, position, product_code, quantity, unit, activation, seats, keys_revealed, created_at) \
             SELECT s.organization_id, s.id, a.position, a.product_code, a.quantity, a.unit, a.activation, a.seats, \
             a.product_code = 'VS_PROFESSIONAL', {T} FROM subscriptions s JOIN offer_allocations a ON a.offer_id = s.offer_id;
         INSERT INTO sealed_product_keys (benefit_id, organization_id, sealed, fingerprint, created_at) \
             SELECT id, organization_id, 'sealed', 'fingerprint', {T} FROM benefits WHERE product_code = 'VS_PROFESSIONAL';
         INSERT INTO benefit_assignments (benefit_id, organization_id, user_id, status, assigned_at, activated_at) \
             SELECT b.id, b.organization_id, u.id, 'ACTIVE', {T}, {T} FROM benefits b JOIN users u ON u.organization_id = b.organization_id \
             WHERE b.product_code = 'VS_SUBSCRIPTIONS';"
    )
}

/// What the old release left: the organization and its assignments' ids.
#[derive(Debug, Default, Clone)]
struct Before {
    organization_id: i64,
    assignments: Vec<(i64, i64)>,
}

/// The migrations up to `last`, as an earlier release shipped them.
async fn migrator_until(backend: &str, last: i64) -> (tempfile::TempDir, sqlx::migrate::Migrator) {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(format!("migrations/{backend}")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let version: i64 = name.split('_').next().unwrap().parse().unwrap();
        if version <= last {
            std::fs::copy(&path, dir.path().join(&name)).unwrap();
        }
    }
    let migrator = sqlx::migrate::Migrator::new(dir.path()).await.unwrap();
    (dir, migrator)
}

/// Writes the old release's schema and data through `$pool`, and says what it holds.
macro_rules! write_before {
    ($pool:expr, $backend:literal, $before:expr) => {{
        let (_dir, migrator) = migrator_until($backend, 6).await;
        migrator.run($pool).await.unwrap();
        sqlx::raw_sql(&action_pack_before_0007()).execute($pool).await.unwrap();
        let (organization_id,): (i64,) =
            sqlx::query_as("SELECT id FROM organizations WHERE partner_id = '4800001'").fetch_one($pool).await.unwrap();
        let assignments: Vec<(i64, i64)> =
            sqlx::query_as("SELECT id, user_id FROM benefit_assignments ORDER BY id").fetch_all($pool).await.unwrap();
        assert_eq!(assignments.len(), 2);
        *$before.lock().unwrap() = Before { organization_id, assignments };
    }};
}

async fn check_after(store: &dyn Store, before: &Before) {
    let benefits = store.benefits(before.organization_id, None).await.unwrap();
    assert_eq!(benefits.len(), 8, "{benefits:#?}");
    assert!(benefits.iter().all(|b| b.product_code != "VS_PROFESSIONAL"));
    let vs = benefits.iter().find(|b| b.product_code == "VS_SUBSCRIPTIONS").unwrap();
    assert_eq!((vs.quantity, vs.unit, vs.seats, vs.portal), (3, BenefitUnit::License, Some(3), Some(Portal::VisualStudio)));
    // Every assignment is still there, on the same benefit, for the same user.
    let kept: Vec<(i64, i64)> =
        store.organization_assignments(before.organization_id).await.unwrap().iter().map(|a| (a.id, a.user_id)).collect();
    assert_eq!(kept, before.assignments);
    for a in store.organization_assignments(before.organization_id).await.unwrap() {
        assert_eq!((a.benefit_id, a.status), (vs.id, AssignmentStatus::Active));
    }
    // Migration 0009: the organization's first network term runs a year from joining.
    let network = store.network_term(before.organization_id).await.unwrap().expect("a network term");
    assert_eq!(
        (network.term_start.to_rfc3339(), network.term_end.to_rfc3339()),
        ("2017-03-01T09:00:00+00:00".into(), "2018-03-01T09:00:00+00:00".into())
    );
    assert!(network.term().is_live(common::at("2018-02-28T09:00:00Z")) && !network.term().is_live(common::at("2018-03-01T09:00:00Z")));
    // The installers moved to the subscriptions.
    let downloads = store.downloads().await.unwrap();
    assert!(downloads.iter().all(|d| d.product_code != "VS_PROFESSIONAL"));
    assert!(downloads.iter().any(|d| d.product_code == "VS_SUBSCRIPTIONS" && d.file_name.starts_with("vs_professional")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_upgrade_from_0006_keeps_assignments_and_starts_network_terms() {
    let before = Arc::new(Mutex::new(Before::default()));
    let seen = before.clone();
    let db = common::sqlite_prepared(|url| async move {
        use std::str::FromStr as _;
        let options = sqlx::sqlite::SqliteConnectOptions::from_str(&url).unwrap().create_if_missing(true);
        let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
        write_before!(&pool, "sqlite", seen);
        pool.close().await;
    })
    .await;
    let before = before.lock().unwrap().clone();
    check_after(db.store.as_ref(), &before).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_upgrade_from_0006_keeps_assignments_and_starts_network_terms() {
    let before = Arc::new(Mutex::new(Before::default()));
    let seen = before.clone();
    let db =
        common::postgres_prepared("upgrades::postgres_upgrade_from_0006_keeps_assignments_and_starts_network_terms", |url| async move {
            let pool = sqlx::PgPool::connect(&url).await.unwrap();
            write_before!(&pool, "postgres", seen);
            pool.close().await;
        })
        .await;
    let Some(db) = db else { return };
    let before = before.lock().unwrap().clone();
    check_after(db.store.as_ref(), &before).await;
}
