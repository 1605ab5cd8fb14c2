//! Payments that do not go as planned, on both databases: two app instances
//! racing a renewal, a crash between charge and order, an automatic renewal
//! abandoned by its runner, and a client that hangs up mid-purchase.

mod common;

use chrono::TimeDelta;
use common::billing::*;
use common::{action_pack, at, TestApp, TestDb};
use partnerdesk::domain::money::Currency;
use partnerdesk::domain::subscriptions::{AttemptState, OrderKind};
use serde_json::json;

async fn two_app_instances_racing_a_renewal_charge_once(db: TestDb) {
    let t = TestApp::long_lived(db).await;
    let admin = t.join("Contoso", "admin@contoso.example").await;
    let card = t.add_card(&admin, "4242424242424242").await;
    t.purchase(&admin, &card, None).await.assert_ok();
    let (a, b) = (t.twin().await, t.twin().await);
    t.clock.set(at("2018-03-01T09:00:00Z"));
    let (ma, mb) = (Outbox::default(), Outbox::default());
    // Concurrent runners settle only payments stuck for a while, as the
    // product's runners do: a fresh one may belong to the other runner.
    let settle_age = TimeDelta::minutes(2);
    let (ra, rb) = tokio::join!(partnerdesk::jobs::run_once(&a, &ma, settle_age), partnerdesk::jobs::run_once(&b, &mb, settle_age));
    ra.unwrap();
    rb.unwrap();
    assert_eq!(ledger_count(&t).await, 2, "the purchase and one renewal");
    let orders = t
        .gql(
            "{ organization { orders(first: 10) { totalCount } subscriptions(first: 1) { edges { node { currentTermEnd } } } } }",
            json!({}),
            Some(&admin.token),
        )
        .await;
    assert_eq!(orders.at("/data/organization/orders/totalCount"), &json!(2));
    assert_eq!(orders.str("/data/organization/subscriptions/edges/0/node/currentTermEnd"), "2019-03-01T09:00:00+00:00");
    let receipts = ma.subjects().len() + mb.subjects().len();
    assert_eq!(receipts, 2, "purchase receipt and renewal receipt, each delivered once: {:?} {:?}", ma.subjects(), mb.subjects());
}

async fn a_crash_between_charge_and_order_is_reconciled(db: TestDb) {
    use partnerdesk::store::{AttemptStart, NewAttempt};
    let t = TestApp::long_lived(db).await;
    let admin = t.join("Contoso", "admin@contoso.example").await;
    let card = t.add_card(&admin, "4242424242424242").await;
    let (offer, _) = action_pack(&t).await;
    let org = partnerdesk::domain::GlobalId::decode(&admin.organization_id).unwrap().key;
    let user = partnerdesk::domain::GlobalId::decode(&admin.user_id).unwrap().key;
    let card_key = partnerdesk::domain::GlobalId::decode(&card).unwrap().key;
    let offer_key = partnerdesk::domain::GlobalId::decode(&offer).unwrap().key;
    let attempt = |key: &str| NewAttempt {
        organization_id: org,
        idempotency_key: key.into(),
        request_hash: "h".into(),
        kind: OrderKind::New,
        offer_id: offer_key,
        subscription_id: None,
        payment_method_id: card_key,
        amount_minor: 47500,
        currency: Currency::Usd,
        terms_version: "2017-01".into(),
        placed_by_user_id: Some(user),
        automatic: false,
        charge_key: format!("purchase:{org}:{key}"),
    };
    // First process: recorded the attempt, then died before charging.
    let AttemptStart::Started(never_charged) = t.db.store.begin_attempt(attempt("crash-1"), t.clock.now()).await.unwrap() else { panic!() };
    assert_eq!(t.app.reconcile_payments(TimeDelta::zero()).await.unwrap(), 1);
    assert_eq!(t.db.store.attempt(never_charged.id).await.unwrap().unwrap().state, AttemptState::Failed);
    assert_eq!(ledger_count(&t).await, 0);
    // Second process: charged, then died before writing the order.
    let AttemptStart::Started(charged) = t.db.store.begin_attempt(attempt("crash-2"), t.clock.now()).await.unwrap() else { panic!() };
    let pm = t.db.store.payment_method(card_key).await.unwrap().unwrap();
    let money = partnerdesk::domain::money::Money { minor: 47500, currency: partnerdesk::domain::money::Currency::Usd };
    t.app.gateway.charge(&charged.charge_key, &pm.gateway_token, money, t.clock.now()).await.unwrap();
    // The restart settles it: the charge gets its order and subscription.
    assert_eq!(t.app.reconcile_payments(TimeDelta::zero()).await.unwrap(), 1);
    let settled = t.db.store.attempt(charged.id).await.unwrap().unwrap();
    assert_eq!(settled.state, AttemptState::Succeeded);
    let org_view = t
        .gql("{ organization { membership { level } orders(first: 5) { edges { node { status } } } } }", json!({}), Some(&admin.token))
        .await;
    assert_eq!(org_view.str("/data/organization/membership/level"), "ACTION_PACK");
    assert_eq!(org_view.at("/data/organization/orders/edges/0/node/status"), &json!("PAID"));
    assert!(t.db.store.pending_attempts(t.clock.now() + TimeDelta::days(1)).await.unwrap().is_empty());
}

async fn an_abandoned_automatic_renewal_enters_the_grace_period(db: TestDb) {
    use partnerdesk::store::{AttemptStart, NewAttempt};
    let t = TestApp::long_lived(db).await;
    let mailer = Outbox::default();
    let admin = t.join("Contoso", "admin@contoso.example").await;
    let card = t.add_card(&admin, "4242424242424242").await;
    let sub_id = t.purchase(&admin, &card, None).await.str("/data/purchaseOffer/subscription/id");
    let sub = t.db.store.subscription(partnerdesk::domain::GlobalId::decode(&sub_id).unwrap().key).await.unwrap().unwrap();
    t.clock.set(at("2018-03-01T09:00:00Z"));
    // Another runner recorded this term's renewal, then died before charging;
    // the attempt was later settled as abandoned.
    let key = format!("auto-renewal:{}:{}", sub.id, sub.current_term_end.timestamp());
    let attempt = NewAttempt {
        organization_id: sub.organization_id,
        idempotency_key: key.clone(),
        request_hash: "h".into(),
        kind: OrderKind::Renewal,
        offer_id: sub.offer_id,
        subscription_id: Some(sub.id),
        payment_method_id: sub.payment_method_id.unwrap(),
        amount_minor: 47500,
        currency: Currency::Usd,
        terms_version: "2017-01".into(),
        placed_by_user_id: sub.placed_by_user_id,
        automatic: true,
        charge_key: key,
    };
    let AttemptStart::Started(_) = t.db.store.begin_attempt(attempt, t.clock.now()).await.unwrap() else { panic!("attempt exists") };
    assert_eq!(t.app.reconcile_payments(TimeDelta::zero()).await.unwrap(), 1);
    let report = run_jobs(&t, &mailer).await;
    assert_eq!(report.renewals, 1, "{report}");
    let after = t.gql(SUBSCRIPTION, json!({ "id": sub_id }), Some(&admin.token)).await;
    assert_eq!(after.at("/data/node/status"), &json!("GRACE_PERIOD"), "{}", after.body);
    assert_eq!(run_jobs(&t, &mailer).await.renewals, 0, "nothing is redone");
    assert_eq!(ledger_count(&t).await, 1, "the abandoned renewal was never charged");
}

/// A client that hangs up while its purchase waits for the gateway does
/// not leave it half-done: the purchase completes, and a retry with the
/// same key answers its result.
async fn a_purchase_completes_when_its_client_hangs_up(db: TestDb) {
    let mut t = TestApp::new(db).await;
    let Hold { arrived, release, charged, .. } = t.hold_charges();
    let admin = t.join("Contoso", "admin@contoso.example").await;
    let card = t.add_card(&admin, "4242424242424242").await;

    // The client hangs up (its request future is dropped) once the charge
    // has reached the gateway, and only then is the gateway let go.
    tokio::select! {
        r = t.purchase(&admin, &card, Some("hang-up")) => panic!("the purchase answered while the gateway held it: {}", r.body),
        () = arrived.notified() => {}
    }
    release.notify_one();
    tokio::time::timeout(std::time::Duration::from_secs(20), charged.notified()).await.expect("the charge went on without its client");

    // The settlement follows the charge; the retry (same key) answers its result.
    let count = "{ organization { subscriptions(first: 5) { totalCount } } }";
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while t.gql(count, json!({}), Some(&admin.token)).await.at("/data/organization/subscriptions/totalCount") != &json!(1) {
        assert!(std::time::Instant::now() < deadline, "the purchase was not settled without its client");
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let retry = t.purchase(&admin, &card, Some("hang-up")).await;
    assert_eq!(retry.at("/data/purchaseOffer/order/status"), &json!("PAID"), "{}", retry.body);
    assert_eq!(ledger_count(&t).await, 1, "charged once");
}

on_both_backends!(
    two_app_instances_racing_a_renewal_charge_once,
    a_crash_between_charge_and_order_is_reconciled,
    an_abandoned_automatic_renewal_enters_the_grace_period,
    a_purchase_completes_when_its_client_hangs_up,
);
