//! Replicas behave as one service where it matters for access: a token
//! revoked through one replica is refused by another at once, and sign-in
//! throttling counts failures from every replica (both live in the database).

mod common;

use common::{TestApp, TestDb, PASSWORD};
use partnerdesk::api::{self, ApiConfig};
use serde_json::json;

/// A second replica: its own app and connections over the same database.
async fn replica(t: &TestApp) -> TestApp {
    let app = t.twin().await;
    let router = api::router(app.clone(), &ApiConfig::default());
    let db = common::TestDb::sharing(&t.db);
    TestApp { app, router, clock: t.clock.clone(), db }
}

async fn a_token_revoked_on_one_replica_is_refused_by_the_other_at_once(db: TestDb) {
    let a = TestApp::new(db).await;
    let b = replica(&a).await;
    let admin = a.join("Contoso", "admin@contoso.example").await;
    b.gql("{ viewer { id } }", json!({}), Some(&admin.token)).await.assert_ok();
    a.gql("mutation { signOut(input: {}) { ok } }", json!({}), Some(&admin.token)).await.assert_ok();
    let refused = b.gql("{ viewer { id } }", json!({}), Some(&admin.token)).await;
    assert_eq!(refused.error_code(), Some("UNAUTHENTICATED"), "{}", refused.body);
}

async fn failed_sign_ins_count_across_replicas(db: TestDb) {
    let a = TestApp::new(db).await;
    let b = replica(&a).await;
    a.join("Contoso", "admin@contoso.example").await;
    let sign_in = "mutation S($input: SignInInput!) { signIn(input: $input) { token userErrors { code } } }";
    let wrong = json!({ "input": { "email": "admin@contoso.example", "password": "not-the-password-at-all" } });
    // Five failures per email are allowed in the window, spread over both replicas.
    for n in 0..5 {
        let replica = if n % 2 == 0 { &a } else { &b };
        let r = replica.gql(sign_in, wrong.clone(), None).await;
        assert_eq!(r.user_error_codes("signIn"), ["INVALID_CREDENTIALS"], "{}", r.body);
    }
    let right = json!({ "input": { "email": "admin@contoso.example", "password": PASSWORD } });
    for replica in [&a, &b] {
        let r = replica.gql(sign_in, right.clone(), None).await;
        assert_eq!(r.error_code(), Some("RATE_LIMITED"), "{}", r.body);
    }
}

on_both_backends!(a_token_revoked_on_one_replica_is_refused_by_the_other_at_once, failed_sign_ins_count_across_replicas);
