//! Money taken for nothing goes back, on both databases: a renewal charged
//! while support cancelled its subscription, and a charge the gateway made
//! after its attempt was given up. The jobs refund each once (two racing
//! runners included), the order shows REFUNDED, billing contacts are told,
//! and the gateway's ledger nets to what was delivered.

mod common;

use chrono::TimeDelta;
use common::billing::*;
use common::{at, Session, TestApp, TestDb};
use partnerdesk::domain::Role;
use serde_json::{json, Value};

const ORDERS: &str = "{ organization { orders(first: 10) { edges { node { number kind status refundedAt total { amount } } } } } }";

async fn orders(t: &TestApp, admin: &Session) -> Vec<Value> {
    let r = t.gql(ORDERS, json!({}), Some(&admin.token)).await;
    r.assert_ok();
    r.at("/data/organization/orders/edges").as_array().unwrap().iter().map(|e| e["node"].clone()).collect()
}

/// What the paid orders delivered, in minor units.
fn paid_total(orders: &[Value]) -> i64 {
    orders
        .iter()
        .filter(|o| o["status"] == "PAID")
        .map(|o| (o["total"]["amount"].as_str().unwrap().parse::<f64>().unwrap() * 100.0).round() as i64)
        .sum()
}

async fn audit_actions(t: &TestApp, admin: &Session) -> Vec<String> {
    let log = t.gql("{ organization { auditLog(first: 30) { edges { node { action } } } } }", json!({}), Some(&admin.token)).await;
    log.at("/data/organization/auditLog/edges")
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["action"].as_str().unwrap().to_owned())
        .collect()
}

async fn a_renewal_paid_while_support_cancelled_is_refunded_once(db: TestDb) {
    let mut t = TestApp::long_lived(db).await;
    let mailer = Outbox::default();
    let admin = t.join("Contoso", "admin@contoso.example").await;
    let agent = t.staff("agent@program.example", Role::SupportAgent).await;
    let card = t.add_card(&admin, "4242424242424242").await;
    let sub = t.purchase(&admin, &card, None).await.str("/data/purchaseOffer/subscription/id");
    let request = "mutation C($input: RequestCancellationInput!) { requestCancellation(input: $input) { serviceRequest { id } userErrors { code } } }";
    let sr = t.gql(request, json!({ "input": { "subscriptionId": sub, "reason": "Closing down." } }), Some(&admin.token)).await;
    let sr = sr.str("/data/requestCancellation/serviceRequest/id");
    t.clock.set(at("2018-02-15T09:00:00Z"));
    run_jobs(&t, &mailer).await;

    // The renewal's charge waits at the gateway while support cancels the
    // subscription; then the charge goes through, for a renewal that can no
    // longer apply.
    let hold = t.hold_charges();
    let renew = json!({ "input": { "subscriptionId": sub, "paymentMethodId": card, "acceptTermsVersion": "2017-01", "idempotencyKey": "renew-1" } });
    let resolve = "mutation R($input: ResolveCancellationInput!) { resolveCancellation(input: $input) { userErrors { code } } }";
    let (renewed, ()) = tokio::join!(t.gql(RENEW, renew.clone(), Some(&admin.token)), async {
        hold.arrived.notified().await;
        let done = t.gql(resolve, json!({ "input": { "serviceRequestId": sr, "note": "Cancelled." } }), Some(&agent.token)).await;
        assert_eq!(done.at("/data/resolveCancellation/userErrors"), &json!([]), "{}", done.body);
        hold.release.notify_one();
    });
    assert_eq!(renewed.user_error_codes("renewSubscription"), ["SUBSCRIPTION_NOT_ACTIVE"], "{}", renewed.body);
    assert!(renewed.str("/data/renewSubscription/userErrors/0/message").contains("refunded"), "{}", renewed.body);
    assert_eq!(renewed.at("/data/renewSubscription/userErrors/0/field"), &json!(["input", "subscriptionId"]));
    let now = t.gql(SUBSCRIPTION, json!({ "id": sub }), Some(&admin.token)).await;
    assert_eq!(now.at("/data/node/status"), &json!("CANCELLED"), "{}", now.body);
    assert_eq!(now.at("/data/node/currentTermEnd"), &json!("2018-03-01T09:00:00+00:00"), "the renewal did not apply");
    assert_eq!(ledger_net(&t).await, 2 * 47500, "charged for the purchase and for the renewal");

    // Two runners race to refund it: the card gets the money back once.
    let (a, b) = (t.twin().await, t.twin().await);
    let (ra, rb) = tokio::join!(
        partnerdesk::jobs::run_once(&a, &mailer, TimeDelta::zero()),
        partnerdesk::jobs::run_once(&b, &mailer, TimeDelta::zero())
    );
    assert_eq!(ra.unwrap().refunds + rb.unwrap().refunds, 1);
    assert_eq!(run_jobs(&t, &mailer).await.refunds, 0, "nothing is refunded twice");
    let list = orders(&t, &admin).await;
    let renewal = list.iter().find(|o| o["kind"] == "RENEWAL").expect("the renewal's order");
    assert_eq!((renewal["status"].as_str(), renewal["refundedAt"].as_str()), (Some("REFUNDED"), Some("2018-02-15T09:00:00+00:00")));
    assert_eq!(ledger_net(&t).await, paid_total(&list), "the ledger nets to what was delivered");
    assert_eq!(ledger_net(&t).await, 47500);
    // A retry of the renewal answers as the first time, and charges nothing more.
    let again = t.gql(RENEW, renew, Some(&admin.token)).await;
    assert_eq!(again.user_error_codes("renewSubscription"), ["SUBSCRIPTION_NOT_ACTIVE"]);
    assert_eq!(ledger_net(&t).await, 47500);

    let actions = audit_actions(&t, &admin).await;
    for action in ["payment.refund", "subscription.renew.notApplied"] {
        assert_eq!(actions.iter().filter(|a| *a == action).count(), 1, "{actions:?}");
    }
    let subjects = mailer.subjects();
    let refunds: Vec<_> = subjects.iter().filter(|s| s.contains("Refund for order")).collect();
    assert_eq!(refunds, [&format!("admin@contoso.example | Refund for order {}: Action Pack", renewal["number"].as_str().unwrap())]);
    assert!(!subjects.iter().any(|s| s.contains("renewed")), "no receipt for a renewal that did not apply: {subjects:?}");
}

async fn a_late_charge_after_an_abandoned_purchase_is_refunded(db: TestDb) {
    use partnerdesk::payments::PaymentGateway as _;
    use partnerdesk::store::{AttemptStart, NewAttempt};
    let mut t = TestApp::long_lived(db).await;
    let mailer = Outbox::default();
    let admin = t.join("Contoso", "admin@contoso.example").await;
    let card = t.add_card(&admin, "4242424242424242").await;
    let hold = t.hold_charges();
    let card_id = partnerdesk::domain::GlobalId::decode(&card).unwrap().key;
    let org = partnerdesk::domain::GlobalId::decode(&admin.organization_id).unwrap().key;
    let offer = t.db.store.offers().await.unwrap().into_iter().find(|o| o.code == "ACTION_PACK").unwrap();
    // A purchase whose runner died before the gateway answered; reconciled
    // as abandoned, since the gateway had recorded nothing yet.
    let key = "purchase:late";
    let attempt = NewAttempt {
        organization_id: org,
        idempotency_key: key.into(),
        request_hash: "h".into(),
        kind: partnerdesk::domain::subscriptions::OrderKind::New,
        offer_id: offer.id,
        subscription_id: None,
        payment_method_id: card_id,
        amount_minor: offer.price_minor,
        currency: offer.currency,
        terms_version: offer.terms_version.clone(),
        placed_by_user_id: None,
        automatic: false,
        charge_key: key.into(),
    };
    let AttemptStart::Started(_) = t.db.store.begin_attempt(attempt, t.clock.now()).await.unwrap() else { panic!("attempt exists") };
    assert_eq!(t.app.reconcile_payments(TimeDelta::zero()).await.unwrap(), 1);
    assert_eq!(run_jobs(&t, &mailer).await.refunds, 0, "nothing was charged: nothing to refund");
    assert_eq!(orders(&t, &admin).await[0]["status"], "FAILED");

    // The provider's charge lands late, under the attempt's key.
    t.clock.advance(TimeDelta::hours(2));
    let token = t.db.store.payment_method(card_id).await.unwrap().unwrap().gateway_token;
    let amount = partnerdesk::domain::money::Money { minor: offer.price_minor, currency: offer.currency };
    t.db.gateway().charge(key, &token, amount, t.clock.now()).await.unwrap();
    assert_eq!(ledger_net(&t).await, 47500, "charged for nothing");

    // The provider is down: the refund waits, the rest of the jobs go on.
    hold.refunds_fail.store(true, std::sync::atomic::Ordering::SeqCst);
    let down = run_jobs(&t, &mailer).await;
    assert_eq!((down.refunds, down.mails_failed), (0, 0), "{down}");
    assert_eq!(orders(&t, &admin).await[0]["status"], "FAILED");
    hold.refunds_fail.store(false, std::sync::atomic::Ordering::SeqCst);
    assert_eq!(run_jobs(&t, &mailer).await.refunds, 1);
    assert_eq!(run_jobs(&t, &mailer).await.refunds, 0);
    let list = orders(&t, &admin).await;
    assert_eq!((list.len(), list[0]["status"].as_str()), (1, Some("REFUNDED")));
    assert_eq!(ledger_net(&t).await, paid_total(&list));
    assert_eq!(ledger_net(&t).await, 0);
    assert!(mailer.subjects().iter().any(|s| s.starts_with("admin@contoso.example | Refund for order ORD-")), "{:?}", mailer.subjects());
    let mail = mailer.0.lock().unwrap().iter().find(|m| m.subject.starts_with("Refund")).unwrap().body.clone();
    assert!(mail.contains("charged after the order had been given up") && mail.contains("$475.00"), "{mail}");
    // The subscription was never made; buying again works as usual (the
    // held gateway lets this charge through at once).
    hold.release.notify_one();
    t.purchase(&admin, &card, None).await.assert_ok();
    assert_eq!(ledger_net(&t).await, paid_total(&orders(&t, &admin).await));
}

on_both_backends!(a_renewal_paid_while_support_cancelled_is_refunded_once, a_late_charge_after_an_abandoned_purchase_is_refunded);
