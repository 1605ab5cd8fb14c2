//! Buying, renewing and leaving Action Pack over HTTP, on both databases:
//! catalog, payment methods, purchases with idempotency, auto-renewal,
//! renewals, the scheduled jobs, cancellation through support, service
//! requests and competencies.

mod common;

use partnerdesk::domain::money::Currency;
use partnerdesk::domain::subscriptions::{AttemptState, OrderKind};

use std::sync::Arc;

use chrono::TimeDelta;
use common::{action_pack, at, TestApp, TestDb, PURCHASE};
use partnerdesk::domain::Role;
use partnerdesk::mail::{Mailer, OutgoingMail};
use serde_json::{json, Value};

const SET_AUTO_RENEW: &str = "mutation S($input: SetAutoRenewInput!) { setAutoRenew(input: $input) {
    subscription { id autoRenew canTurnOnAutoRenew } userErrors { field code message } } }";
const RENEW: &str = "mutation R($input: RenewSubscriptionInput!) { renewSubscription(input: $input) {
    order { id kind status } subscription { status autoRenew canTurnOnAutoRenew currentTermStart currentTermEnd graceEndsAt }
    userErrors { field code message } } }";
const SUBSCRIPTION: &str =
    "query Q($id: ID!) { node(id: $id) { ... on OfferSubscription { status autoRenew currentTermEnd graceEndsAt } } }";

/// A mailer that keeps what it is given.
#[derive(Default)]
struct Outbox(std::sync::Mutex<Vec<OutgoingMail>>);

#[async_trait::async_trait]
impl Mailer for Outbox {
    async fn send(&self, mail: &OutgoingMail) -> Result<(), partnerdesk::mail::MailError> {
        self.0.lock().unwrap().push(mail.clone());
        Ok(())
    }
    fn describe(&self) -> String {
        "memory".into()
    }
}

impl Outbox {
    fn subjects(&self) -> Vec<String> {
        self.0.lock().unwrap().iter().map(|m| format!("{} | {}", m.to, m.subject)).collect()
    }
}

async fn run_jobs(t: &TestApp, mailer: &Outbox) -> partnerdesk::jobs::JobReport {
    partnerdesk::jobs::run_once(&t.app, mailer, TimeDelta::zero()).await.expect("jobs ran")
}

async fn ledger_count(t: &TestApp) -> i64 {
    use sqlx::Connection;
    let sql = "SELECT COUNT(*) FROM gateway_charges";
    if t.db.url.starts_with("sqlite") {
        let mut c = sqlx::SqliteConnection::connect(&t.db.url).await.unwrap();
        sqlx::query_scalar(sql).fetch_one(&mut c).await.unwrap()
    } else {
        let mut c = sqlx::PgConnection::connect(&t.db.url).await.unwrap();
        sqlx::query_scalar(sql).fetch_one(&mut c).await.unwrap()
    }
}

async fn the_catalog_is_public_and_localized(db: TestDb) {
    let t = TestApp::long_lived(db).await;
    let q = "{ program { membershipLevels { level name } offers { code name term autoRenewable requiresLevel price { amount currencyCode formatted }
        terms { version title } includes { product { code name } category quantity unit activation } } competencyAreas { code name } } }";
    let en = t.gql(q, json!({}), None).await;
    en.assert_ok();
    assert_eq!(en.at("/data/program/offers/0/price"), &json!({ "amount": "475.00", "currencyCode": "USD", "formatted": "$475.00" }));
    assert_eq!(en.str("/data/program/offers/0/term"), "P1Y");
    let includes = en.at("/data/program/offers/0/includes").as_array().unwrap();
    assert_eq!(includes.len(), 9);
    assert_eq!(
        includes[0],
        json!({ "product": { "code": "WIN10_ENT_UPGRADE", "name": "Windows 10 Enterprise upgrade" }, "category": "SOFTWARE", "quantity": 10, "unit": "LICENSE", "activation": "PRODUCT_KEY" })
    );
    assert!(includes.iter().any(|i| i["product"]["code"] == "SUPPORT_PLAN" && i["activation"] == "ASSIGN_USER_WITH_ALTERNATE_EMAIL"));
    let levels: Vec<_> =
        en.at("/data/program/membershipLevels").as_array().unwrap().iter().map(|l| l["level"].as_str().unwrap().to_owned()).collect();
    assert_eq!(levels, ["NETWORK", "ACTION_PACK", "SILVER_COMPETENCY", "GOLD_COMPETENCY"]);
    let fr = t.gql_with(q, json!({}), None, Some("fr")).await;
    assert_eq!(fr.str("/data/program/offers/0/price/formatted"), "475,00\u{a0}$US");
    assert_eq!(fr.str("/data/program/competencyAreas/0/name"), "Développement d’applications");
    assert_ne!(fr.str("/data/program/offers/0/terms/title"), en.str("/data/program/offers/0/terms/title"));
}

async fn cards_are_checked_and_only_safe_details_are_kept(db: TestDb) {
    let t = TestApp::long_lived(db).await;
    let admin = t.join("Contoso", "admin@contoso.example").await;
    let add = "mutation A($input: AddPaymentMethodInput!) { addPaymentMethod(input: $input) { paymentMethod { brand last4 expiryMonth expiryYear holderName } userErrors { field code message } } }";
    let card = |number: &str, month: i32, year: i32, cvc: &str| json!({ "input": { "cardNumber": number, "expiryMonth": month, "expiryYear": year, "cvc": cvc, "holderName": "Ada" } });
    let ok = t.gql(add, card("4242 4242 4242 4242", 3, 2017, "918"), Some(&admin.token)).await;
    assert_eq!(
        ok.at("/data/addPaymentMethod/paymentMethod"),
        &json!({ "brand": "Visa", "last4": "4242", "expiryMonth": 3, "expiryYear": 2017, "holderName": "Ada" })
    );
    let bad = t.gql(add, card("4242424242424241", 2, 2017, "91"), Some(&admin.token)).await;
    let fields: Vec<_> = bad
        .at("/data/addPaymentMethod/userErrors")
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"][1].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(fields, ["cardNumber", "expiryMonth", "cvc"], "{}", bad.body);
    assert!(bad.str("/data/addPaymentMethod/userErrors/1/message").contains("expired"));
    // The number and CVC reached neither the database nor anything else.
    let dump = dump_database(&t).await;
    assert!(!dump.contains("4242424242424242") && !dump.contains("4242 4242 4242 4242"));
    assert!(!dump.split('\u{1}').any(|v| v == "918"), "the CVC was stored");
    let member = t.add_user(&admin, "m@contoso.example", &["MEMBER"]).await;
    assert_eq!(t.gql(add, card("4242424242424242", 3, 2019, "918"), Some(&member.token)).await.error_code(), Some("FORBIDDEN"));
}

/// Every text value of every table, separated by \u{1}.
async fn dump_database(t: &TestApp) -> String {
    use sqlx::{Connection, Row};
    let tables = ["payment_methods", "gateway_charges", "audit_events", "outbox_mails", "payment_attempts", "orders", "users"];
    let mut out = String::new();
    for table in tables {
        let sql = format!("SELECT * FROM {table}");
        let rows: Vec<Vec<String>> = if t.db.url.starts_with("sqlite") {
            let mut c = sqlx::SqliteConnection::connect(&t.db.url).await.unwrap();
            let rows = sqlx::query(&sql).fetch_all(&mut c).await.unwrap();
            rows.iter().map(|r| (0..r.len()).filter_map(|i| r.try_get::<String, _>(i).ok()).collect()).collect()
        } else {
            let mut c = sqlx::PgConnection::connect(&t.db.url).await.unwrap();
            let rows = sqlx::query(&sql).fetch_all(&mut c).await.unwrap();
            rows.iter().map(|r| (0..r.len()).filter_map(|i| r.try_get::<String, _>(i).ok()).collect()).collect()
        };
        for row in rows {
            for value in row {
                out.push_str(&value);
                out.push('\u{1}');
            }
        }
    }
    out
}

async fn buying_action_pack_charges_once_and_records_everything(db: TestDb) {
    let t = TestApp::long_lived(db).await;
    let admin = t.join("Contoso", "admin@contoso.example").await;
    let card = t.add_card(&admin, "4242424242424242").await;
    let (offer, terms) = action_pack(&t).await;

    let preview = t.gql("query P($o: ID!) { orderPreview(offerId: $o) { kind price { formatted } termStart termEnd terms { version } chargedImmediately autoRenew } }", json!({ "o": offer }), Some(&admin.token)).await;
    assert_eq!(
        preview.at("/data/orderPreview"),
        &json!({ "kind": "NEW", "price": { "formatted": "$475.00" }, "termStart": "2017-03-01T09:00:00+00:00",
        "termEnd": "2018-03-01T09:00:00+00:00", "terms": { "version": terms }, "chargedImmediately": true, "autoRenew": true })
    );

    let wrong_terms = t
        .gql(
            PURCHASE,
            json!({ "input": { "offerId": offer, "paymentMethodId": card, "acceptTermsVersion": "2016-01" } }),
            Some(&admin.token),
        )
        .await;
    assert_eq!(wrong_terms.user_error_codes("purchaseOffer"), ["TERMS_NOT_ACCEPTED"]);
    assert_eq!(wrong_terms.at("/data/purchaseOffer/userErrors/0/field"), &json!(["input", "acceptTermsVersion"]));

    let r = t.purchase(&admin, &card, Some("first-purchase")).await;
    r.assert_ok();
    assert_eq!(r.at("/data/purchaseOffer/userErrors"), &json!([]), "{}", r.body);
    assert_eq!(r.at("/data/purchaseOffer/order/status"), &json!("PAID"));
    assert_eq!(r.at("/data/purchaseOffer/order/kind"), &json!("NEW"));
    assert!(r.str("/data/purchaseOffer/order/number").starts_with("ORD-"));
    assert_eq!(r.at("/data/purchaseOffer/subscription/status"), &json!("ACTIVE"));
    assert_eq!(r.at("/data/purchaseOffer/subscription/autoRenew"), &json!(true));
    assert_eq!(r.str("/data/purchaseOffer/subscription/currentTermEnd"), "2018-03-01T09:00:00+00:00");
    assert_eq!(r.str("/data/purchaseOffer/subscription/renewalOpensAt"), "2018-01-30T09:00:00+00:00");

    let again = t.purchase(&admin, &card, Some("second-purchase")).await;
    assert_eq!(again.user_error_codes("purchaseOffer"), ["ALREADY_SUBSCRIBED"]);
    assert_eq!(ledger_count(&t).await, 1);

    let org = t.gql("{ organization { membership { level actionPack { status } } availableOffers { code } orders(first: 5) { totalCount edges { node { status placedBy { email } } } }
        subscriptions(first: 5) { totalCount } auditLog(first: 10) { edges { node { action } } } } }", json!({}), Some(&admin.token)).await;
    org.assert_ok();
    assert_eq!(org.str("/data/organization/membership/level"), "ACTION_PACK");
    assert_eq!(org.at("/data/organization/availableOffers"), &json!([]));
    assert_eq!(org.at("/data/organization/orders/totalCount"), &json!(1));
    assert_eq!(org.str("/data/organization/orders/edges/0/node/placedBy/email"), "admin@contoso.example");
    assert_eq!(org.str("/data/organization/auditLog/edges/0/node/action"), "offer.purchase");
    let mails = t.db.store.recent_mails(10).await.unwrap();
    assert!(mails.iter().any(|m| m.to_address == "admin@contoso.example" && m.subject.contains("confirmed")), "{mails:?}");
}

async fn declined_cards_create_no_subscription(db: TestDb) {
    let t = TestApp::long_lived(db).await;
    let admin = t.join("Contoso", "admin@contoso.example").await;
    for (number, detail) in [("4000000000000002", "declined"), ("4000000000009995", "insufficient funds")] {
        let card = t.add_card(&admin, number).await;
        let r = t.purchase(&admin, &card, None).await;
        assert_eq!(r.user_error_codes("purchaseOffer"), ["PAYMENT_DECLINED"], "{}", r.body);
        assert!(r.str("/data/purchaseOffer/userErrors/0/message").contains(detail), "{}", r.body);
        assert!(r.at("/data/purchaseOffer/subscription").is_null());
    }
    let org = t.gql("{ organization { subscriptions(first: 5) { totalCount } orders(first: 5) { edges { node { status } } } membership { level } } }", json!({}), Some(&admin.token)).await;
    assert_eq!(org.at("/data/organization/subscriptions/totalCount"), &json!(0));
    assert_eq!(org.at("/data/organization/orders/edges"), &json!([{ "node": { "status": "FAILED" } }, { "node": { "status": "FAILED" } }]));
    assert_eq!(org.str("/data/organization/membership/level"), "NETWORK");
    // A good card still works afterwards.
    let good = t.add_card(&admin, "4242424242424242").await;
    assert_eq!(t.purchase(&admin, &good, None).await.at("/data/purchaseOffer/userErrors"), &json!([]));
}

async fn identical_purchases_in_flight_charge_once(db: TestDb) {
    let t = Arc::new(TestApp::long_lived(db).await);
    let admin = t.join("Contoso", "admin@contoso.example").await;
    let card = t.add_card(&admin, "4242424242424242").await;
    let mut tasks = Vec::new();
    for _ in 0..10 {
        let (t, admin, card) = (t.clone(), admin.clone(), card.clone());
        tasks.push(tokio::spawn(async move { t.purchase(&admin, &card, Some("same-key")).await }));
    }
    let mut orders = Vec::new();
    for task in tasks {
        let r = task.await.unwrap();
        assert_eq!(r.at("/data/purchaseOffer/userErrors"), &json!([]), "{}", r.body);
        orders.push(r.str("/data/purchaseOffer/order/id"));
    }
    orders.dedup();
    assert_eq!(orders.len(), 1, "every retry gets the first order");
    assert_eq!(ledger_count(&t).await, 1, "charged exactly once");
    let subs = t.gql("{ organization { subscriptions(first: 5) { totalCount } } }", json!({}), Some(&admin.token)).await;
    assert_eq!(subs.at("/data/organization/subscriptions/totalCount"), &json!(1));

    // The same key with another request is refused.
    let other_card = t.add_card(&admin, "5555555555554444").await;
    let reused = t.purchase(&admin, &other_card, Some("same-key")).await;
    assert_eq!(reused.user_error_codes("purchaseOffer"), ["IDEMPOTENCY_KEY_REUSED"]);
    assert_eq!(reused.at("/data/purchaseOffer/userErrors/0/field"), &json!(["input", "idempotencyKey"]));
}

async fn auto_renewal_turned_off_stays_off_until_a_renewal_by_hand(db: TestDb) {
    let t = TestApp::long_lived(db).await;
    let admin = t.join("Contoso", "admin@contoso.example").await;
    let card = t.add_card(&admin, "4242424242424242").await;
    let sub = t.purchase(&admin, &card, None).await.str("/data/purchaseOffer/subscription/id");
    let (_, terms) = action_pack(&t).await;

    let off = t.gql(SET_AUTO_RENEW, json!({ "input": { "subscriptionId": sub, "enabled": false } }), Some(&admin.token)).await;
    assert_eq!(off.at("/data/setAutoRenew/subscription/autoRenew"), &json!(false));
    assert_eq!(off.at("/data/setAutoRenew/subscription/canTurnOnAutoRenew"), &json!(false));
    let on = t.gql(SET_AUTO_RENEW, json!({ "input": { "subscriptionId": sub, "enabled": true } }), Some(&admin.token)).await;
    assert_eq!(on.user_error_codes("setAutoRenew"), ["AUTO_RENEW_LOCKED"]);

    let renew = |key: &'static str| json!({ "input": { "subscriptionId": sub, "paymentMethodId": card, "acceptTermsVersion": terms, "idempotencyKey": key } });
    let early = t.gql(RENEW, renew("r1"), Some(&admin.token)).await;
    assert_eq!(early.user_error_codes("renewSubscription"), ["RENEWAL_NOT_OPEN"]);
    // 31 days before the end: still closed; 30 days before: open.
    t.clock.set(at("2018-01-29T09:00:00Z"));
    assert_eq!(t.gql(RENEW, renew("r2"), Some(&admin.token)).await.user_error_codes("renewSubscription"), ["RENEWAL_NOT_OPEN"]);
    t.clock.set(at("2018-01-30T09:00:00Z"));
    let renewed = t.gql(RENEW, renew("r3"), Some(&admin.token)).await;
    assert_eq!(renewed.at("/data/renewSubscription/userErrors"), &json!([]), "{}", renewed.body);
    assert_eq!(renewed.at("/data/renewSubscription/order/kind"), &json!("RENEWAL"));
    assert_eq!(renewed.str("/data/renewSubscription/subscription/currentTermStart"), "2018-03-01T09:00:00+00:00");
    assert_eq!(renewed.str("/data/renewSubscription/subscription/currentTermEnd"), "2019-03-01T09:00:00+00:00");
    assert_eq!(renewed.at("/data/renewSubscription/subscription/autoRenew"), &json!(true));
    assert_eq!(renewed.at("/data/renewSubscription/subscription/canTurnOnAutoRenew"), &json!(true));
    // A retry of the same renewal returns the first order, without a second charge.
    let retry = t.gql(RENEW, renew("r3"), Some(&admin.token)).await;
    assert_eq!(retry.at("/data/renewSubscription/order/id"), renewed.at("/data/renewSubscription/order/id"));
    assert_eq!(ledger_count(&t).await, 2);
    let log = t.gql("{ organization { auditLog(first: 3) { edges { node { action } } } } }", json!({}), Some(&admin.token)).await;
    assert_eq!(log.str("/data/organization/auditLog/edges/0/node/action"), "subscription.renew");
    assert_eq!(log.str("/data/organization/auditLog/edges/1/node/action"), "subscription.autoRenew.off");
}

async fn jobs_renew_remind_lapse_and_expire(db: TestDb) {
    let t = TestApp::long_lived(db).await;
    let mailer = Outbox::default();
    let admin = t.join("Contoso", "admin@contoso.example").await;
    let card = t.add_card(&admin, "4242424242424242").await;
    let sub = t.purchase(&admin, &card, None).await.str("/data/purchaseOffer/subscription/id");
    run_jobs(&t, &mailer).await;
    assert!(mailer.subjects().iter().any(|s| s.contains("confirmed")), "{:?}", mailer.subjects());

    // At the term end with auto-renewal on: charged, renewed, receipt mailed.
    t.clock.set(at("2018-03-01T09:00:00Z"));
    let report = run_jobs(&t, &mailer).await;
    assert_eq!(report.renewals, 1);
    let after = t.gql(SUBSCRIPTION, json!({ "id": sub }), Some(&admin.token)).await;
    assert_eq!(after.str("/data/node/currentTermEnd"), "2019-03-01T09:00:00+00:00");
    assert!(mailer.subjects().iter().any(|s| s.contains("renewed")), "{:?}", mailer.subjects());
    assert_eq!(run_jobs(&t, &mailer).await.renewals, 0, "nothing more is due");
    assert_eq!(ledger_count(&t).await, 2);

    // Auto-renewal off: reminders 30 and 7 days before, once each.
    t.gql(SET_AUTO_RENEW, json!({ "input": { "subscriptionId": sub, "enabled": false } }), Some(&admin.token)).await.assert_ok();
    t.clock.set(at("2019-01-30T09:00:00Z"));
    assert_eq!(run_jobs(&t, &mailer).await.reminders, 1);
    assert_eq!(run_jobs(&t, &mailer).await.reminders, 0);
    t.clock.set(at("2019-02-22T09:00:00Z"));
    assert_eq!(run_jobs(&t, &mailer).await.reminders, 1);
    assert_eq!(mailer.subjects().iter().filter(|s| s.contains("ends in")).count(), 2);

    // The term ends unrenewed: grace period, benefits continue, then expiry.
    t.clock.set(at("2019-03-01T09:00:00Z"));
    assert_eq!(run_jobs(&t, &mailer).await.grace_periods, 1);
    let grace = t.gql(SUBSCRIPTION, json!({ "id": sub }), Some(&admin.token)).await;
    assert_eq!(grace.at("/data/node/status"), &json!("GRACE_PERIOD"));
    assert_eq!(grace.str("/data/node/graceEndsAt"), "2019-03-31T09:00:00+00:00");
    t.clock.set(at("2019-03-31T09:00:00Z"));
    assert_eq!(run_jobs(&t, &mailer).await.expirations, 1);
    assert_eq!(t.gql(SUBSCRIPTION, json!({ "id": sub }), Some(&admin.token)).await.at("/data/node/status"), &json!("EXPIRED"));
    let level = t.gql("{ organization { membership { level } availableOffers { code } } }", json!({}), Some(&admin.token)).await;
    assert_eq!(level.str("/data/organization/membership/level"), "NETWORK");
    assert_eq!(level.at("/data/organization/availableOffers"), &json!([{ "code": "ACTION_PACK" }]));
    assert!(mailer.subjects().iter().any(|s| s.contains("has expired")), "{:?}", mailer.subjects());
}

async fn a_declined_renewal_enters_the_grace_period_and_mails_billing(db: TestDb) {
    let t = TestApp::long_lived(db).await;
    let mailer = Outbox::default();
    let admin = t.join("Contoso", "admin@contoso.example").await;
    let billing = t.add_user(&admin, "billing@contoso.example", &["BILLING_ADMIN"]).await;
    let good = t.add_card(&billing, "4242424242424242").await;
    let sub = t.purchase(&admin, &good, None).await.str("/data/purchaseOffer/subscription/id");
    // Make the subscription renew with a card that will be declined.
    let declined = t.add_card(&billing, "4000000000000002").await;
    let (_, terms) = action_pack(&t).await;
    t.clock.set(at("2018-02-15T09:00:00Z"));
    let manual = t
        .gql(
            RENEW,
            json!({ "input": { "subscriptionId": sub, "paymentMethodId": declined, "acceptTermsVersion": terms } }),
            Some(&admin.token),
        )
        .await;
    assert_eq!(manual.user_error_codes("renewSubscription"), ["PAYMENT_DECLINED"]);
    assert_eq!(
        t.gql(SUBSCRIPTION, json!({ "id": sub }), Some(&admin.token)).await.at("/data/node/status"),
        &json!("ACTIVE"),
        "a declined manual renewal changes nothing"
    );
    switch_card(&t, &sub, &declined).await;
    t.clock.set(at("2018-03-01T09:00:00Z"));
    run_jobs(&t, &mailer).await;
    let grace = t.gql(SUBSCRIPTION, json!({ "id": sub }), Some(&admin.token)).await;
    assert_eq!(grace.at("/data/node/status"), &json!("GRACE_PERIOD"));
    assert_eq!(grace.str("/data/node/graceEndsAt"), "2018-03-31T09:00:00+00:00");
    let failed: Vec<_> = mailer.subjects().into_iter().filter(|s| s.contains("could not renew")).collect();
    assert!(failed.iter().any(|s| s.starts_with("billing@")) && failed.iter().any(|s| s.starts_with("admin@")), "{failed:?}");
    // Renewing by hand during the grace period starts the next term at the old end.
    let renewed = t
        .gql(RENEW, json!({ "input": { "subscriptionId": sub, "paymentMethodId": good, "acceptTermsVersion": terms } }), Some(&admin.token))
        .await;
    assert_eq!(renewed.str("/data/renewSubscription/subscription/currentTermStart"), "2018-03-01T09:00:00+00:00", "{}", renewed.body);
    assert_eq!(renewed.at("/data/renewSubscription/subscription/status"), &json!("ACTIVE"));
}

/// Points a subscription at another card, as a future `updatePaymentMethod` would.
async fn switch_card(t: &TestApp, sub: &str, card: &str) {
    use sqlx::Connection;
    let sub = partnerdesk::domain::GlobalId::decode(sub).unwrap().key;
    let card = partnerdesk::domain::GlobalId::decode(card).unwrap().key;
    let sql = "UPDATE subscriptions SET payment_method_id = $1 WHERE id = $2";
    if t.db.url.starts_with("sqlite") {
        let mut c = sqlx::SqliteConnection::connect(&t.db.url).await.unwrap();
        sqlx::query(sql).bind(card).bind(sub).execute(&mut c).await.unwrap();
    } else {
        let mut c = sqlx::PgConnection::connect(&t.db.url).await.unwrap();
        sqlx::query(sql).bind(card).bind(sub).execute(&mut c).await.unwrap();
    }
}

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

async fn cancellation_goes_through_support(db: TestDb) {
    let t = TestApp::long_lived(db).await;
    let mailer = Outbox::default();
    let admin = t.join("Contoso", "admin@contoso.example").await;
    let agent = t.staff("agent@program.example", Role::SupportAgent).await;
    let card = t.add_card(&admin, "4242424242424242").await;
    let sub = t.purchase(&admin, &card, None).await.str("/data/purchaseOffer/subscription/id");
    let request = "mutation C($input: RequestCancellationInput!) { requestCancellation(input: $input) { serviceRequest { id number category status subscription { id } } userErrors { field code } } }";
    let blank = t.gql(request, json!({ "input": { "subscriptionId": sub, "reason": "   " } }), Some(&admin.token)).await;
    assert_eq!(blank.user_error_codes("requestCancellation"), ["INVALID_INPUT"]);
    assert_eq!(blank.at("/data/requestCancellation/userErrors/0/field"), &json!(["input", "reason"]));
    let r =
        t.gql(request, json!({ "input": { "subscriptionId": sub, "reason": "We are closing the business." } }), Some(&admin.token)).await;
    r.assert_ok();
    let sr = r.str("/data/requestCancellation/serviceRequest/id");
    assert_eq!(r.at("/data/requestCancellation/serviceRequest/category"), &json!("BILLING_PAYMENT_RECONCILIATION"));
    assert!(r.str("/data/requestCancellation/serviceRequest/number").starts_with("SR-0000"));

    // Partners cannot see the queue; staff see every organization's requests.
    let queue = "{ supportQueue(first: 10, status: OPEN) { totalCount edges { node { id organization { legalName } } } } }";
    assert_eq!(t.gql(queue, json!({}), Some(&admin.token)).await.error_code(), Some("FORBIDDEN"));
    let q = t.gql(queue, json!({}), Some(&agent.token)).await;
    q.assert_ok();
    assert_eq!(q.str("/data/supportQueue/edges/0/node/id"), sr);
    assert_eq!(q.str("/data/supportQueue/edges/0/node/organization/legalName"), "Contoso");

    let update = "mutation U($input: UpdateServiceRequestStatusInput!) { updateServiceRequestStatus(input: $input) { serviceRequest { status } userErrors { code } } }";
    assert_eq!(
        t.gql(update, json!({ "input": { "serviceRequestId": sr, "status": "IN_PROGRESS" } }), Some(&admin.token)).await.error_code(),
        Some("FORBIDDEN")
    );
    let moved = t.gql(update, json!({ "input": { "serviceRequestId": sr, "status": "IN_PROGRESS" } }), Some(&agent.token)).await;
    assert_eq!(moved.at("/data/updateServiceRequestStatus/serviceRequest/status"), &json!("IN_PROGRESS"), "{}", moved.body);

    let resolve = "mutation R($input: ResolveCancellationInput!) { resolveCancellation(input: $input) { serviceRequest { status closedAt } subscription { status } userErrors { code } } }";
    let done = t.gql(resolve, json!({ "input": { "serviceRequestId": sr, "note": "Cancelled as requested." } }), Some(&agent.token)).await;
    done.assert_ok();
    // Staff do not read subscriptions: the partner sees the outcome.
    assert_eq!(done.at("/data/resolveCancellation/subscription"), &Value::Null, "{}", done.body);
    assert_eq!(done.at("/data/resolveCancellation/serviceRequest/status"), &json!("RESOLVED"));
    let twice = t.gql(resolve, json!({ "input": { "serviceRequestId": sr } }), Some(&agent.token)).await;
    assert_eq!(twice.user_error_codes("resolveCancellation"), ["SERVICE_REQUEST_CLOSED"]);

    // The partner sees the note and the outcome.
    let seen = t.gql("query N($id: ID!) { node(id: $id) { ... on ServiceRequest { status subscription { status } notes { body author { displayName } } } } organization { membership { level } } }", json!({ "id": sr }), Some(&admin.token)).await;
    assert_eq!(seen.at("/data/node/notes/0/body"), &json!("Cancelled as requested."));
    assert_eq!(seen.at("/data/node/subscription/status"), &json!("CANCELLED"), "{}", seen.body);
    // Partners see the name of the staff member who wrote, not their email.
    let email = t
        .gql(
            "query N($id: ID!) { node(id: $id) { ... on ServiceRequest { notes { author { email } } } } }",
            json!({ "id": sr }),
            Some(&admin.token),
        )
        .await;
    assert_eq!(email.error_code(), Some("FORBIDDEN"), "{}", email.body);
    assert_eq!(seen.str("/data/organization/membership/level"), "NETWORK");
    run_jobs(&t, &mailer).await;
    let subjects = mailer.subjects();
    assert!(subjects.iter().any(|s| s.contains("is now In progress")), "{subjects:?}");
    assert!(subjects.iter().any(|s| s.contains("is cancelled")), "{subjects:?}");
    // Cancelled subscriptions cannot be touched any more.
    let locked = t.gql(SET_AUTO_RENEW, json!({ "input": { "subscriptionId": sub, "enabled": false } }), Some(&admin.token)).await;
    assert_eq!(locked.user_error_codes("setAutoRenew"), ["SUBSCRIPTION_NOT_ACTIVE"]);
}

async fn service_requests_validate_input_and_stay_in_their_organization(db: TestDb) {
    let t = TestApp::long_lived(db).await;
    let a = t.join("Contoso", "admin@contoso.example").await;
    let b = t.join("Fabrikam", "admin@fabrikam.example").await;
    let agent = t.staff("agent@program.example", Role::SupportAgent).await;
    let create = "mutation C($input: CreateServiceRequestInput!) { createServiceRequest(input: $input) { serviceRequest { id number status } userErrors { field code } } }";
    let huge = t
        .gql(
            create,
            json!({ "input": { "category": "OTHER", "severity": "MINIMAL", "title": "x".repeat(100_000), "description": "d" } }),
            Some(&a.token),
        )
        .await;
    assert_eq!(huge.user_error_codes("createServiceRequest"), ["INVALID_INPUT"]);
    assert_eq!(huge.at("/data/createServiceRequest/userErrors/0/field"), &json!(["input", "title"]));
    let ok = t
        .gql(
            create,
            json!({ "input": { "category": "BENEFITS", "severity": "MODERATE", "title": "Keys", "description": "Where are my keys?" } }),
            Some(&a.token),
        )
        .await;
    let sr = ok.str("/data/createServiceRequest/serviceRequest/id");
    let note = "mutation N($input: AddServiceRequestNoteInput!) { addServiceRequestNote(input: $input) { serviceRequest { notes { body } } userErrors { field code } } }";
    let foreign = t.gql(note, json!({ "input": { "serviceRequestId": sr, "body": "hello" } }), Some(&b.token)).await;
    assert_eq!(foreign.user_error_codes("addServiceRequestNote"), ["NOT_FOUND"]);
    let own = t.gql(note, json!({ "input": { "serviceRequestId": sr, "body": "More detail." } }), Some(&a.token)).await;
    assert_eq!(own.at("/data/addServiceRequestNote/serviceRequest/notes"), &json!([{ "body": "More detail." }]));
    let update = "mutation U($input: UpdateServiceRequestStatusInput!) { updateServiceRequestStatus(input: $input) { serviceRequest { status closedAt } userErrors { code } } }";
    let closed = t.gql(update, json!({ "input": { "serviceRequestId": sr, "status": "CLOSED" } }), Some(&agent.token)).await;
    assert!(closed.at("/data/updateServiceRequestStatus/serviceRequest/closedAt").is_string(), "{}", closed.body);
    let late = t.gql(note, json!({ "input": { "serviceRequestId": sr, "body": "Still there?" } }), Some(&a.token)).await;
    assert_eq!(late.user_error_codes("addServiceRequestNote"), ["SERVICE_REQUEST_CLOSED"]);
    let list = t.gql("{ organization { serviceRequests(first: 5) { totalCount } } }", json!({}), Some(&b.token)).await;
    assert_eq!(list.at("/data/organization/serviceRequests/totalCount"), &json!(0));
}

async fn competencies_raise_the_membership_level_until_they_expire(db: TestDb) {
    let t = TestApp::long_lived(db).await;
    let admin = t.join("Contoso", "admin@contoso.example").await;
    let program_admin = t.staff("pa@program.example", Role::ProgramAdmin).await;
    let agent = t.staff("agent@program.example", Role::SupportAgent).await;
    let grant = "mutation G($input: GrantCompetencyInput!) { grantCompetency(input: $input) { competency { level status area { code name } expiresAt } userErrors { field code } } }";
    let input = |level: &str, expires: &str| json!({ "input": { "organizationId": admin.organization_id, "areaCode": "CLOUD_PLATFORM", "level": level, "expiresAt": expires } });
    assert_eq!(t.gql(grant, input("GOLD", "2018-01-01T00:00:00Z"), Some(&agent.token)).await.error_code(), Some("FORBIDDEN"));
    assert_eq!(t.gql(grant, input("GOLD", "2018-01-01T00:00:00Z"), Some(&admin.token)).await.error_code(), Some("FORBIDDEN"));
    let past = t.gql(grant, input("GOLD", "2016-01-01T00:00:00Z"), Some(&program_admin.token)).await;
    assert_eq!(past.at("/data/grantCompetency/userErrors/0/field"), &json!(["input", "expiresAt"]));
    let g = t.gql(grant, input("GOLD", "2018-01-01T00:00:00Z"), Some(&program_admin.token)).await;
    assert_eq!(g.at("/data/grantCompetency/competency/status"), &json!("ACTIVE"), "{}", g.body);
    t.gql(grant, input("SILVER", "2019-01-01T00:00:00Z"), Some(&program_admin.token)).await.assert_ok();
    let level = || t.gql("{ organization { membership { level competencies { level status } } } }", json!({}), Some(&admin.token));
    assert_eq!(level().await.str("/data/organization/membership/level"), "GOLD_COMPETENCY");
    t.clock.set(at("2018-01-01T00:00:00Z"));
    let later = level().await;
    assert_eq!(later.str("/data/organization/membership/level"), "SILVER_COMPETENCY");
    assert_eq!(later.at("/data/organization/membership/competencies/0/status"), &json!("EXPIRED"));
}

async fn another_organizations_subscription_answers_like_a_missing_one(db: TestDb) {
    let t = TestApp::long_lived(db).await;
    let a = t.join("Contoso", "admin@contoso.example").await;
    let b = t.join("Fabrikam", "admin@fabrikam.example").await;
    let card = t.add_card(&b, "4242424242424242").await;
    let sub = t.purchase(&b, &card, None).await.str("/data/purchaseOffer/subscription/id");
    let missing = partnerdesk::domain::GlobalId::new(partnerdesk::domain::NodeKind::OfferSubscription, 99_999).encode();
    let foreign = t.gql(SET_AUTO_RENEW, json!({ "input": { "subscriptionId": sub, "enabled": false } }), Some(&a.token)).await;
    let absent = t.gql(SET_AUTO_RENEW, json!({ "input": { "subscriptionId": missing, "enabled": false } }), Some(&a.token)).await;
    assert_eq!(foreign.user_error_codes("setAutoRenew"), ["NOT_FOUND"]);
    assert_eq!(foreign.at("/data/setAutoRenew"), absent.at("/data/setAutoRenew"));
    let a_card = t.add_card(&a, "4242424242424242").await;
    let foreign_card = t.purchase(&a, &card, None).await;
    assert_eq!(foreign_card.user_error_codes("purchaseOffer"), ["NOT_FOUND"]);
    assert_eq!(foreign_card.at("/data/purchaseOffer/userErrors/0/field"), &json!(["input", "paymentMethodId"]));
    let node = t.gql(SUBSCRIPTION, json!({ "id": sub }), Some(&a.token)).await;
    assert_eq!(node.at("/data/node"), &json!(null));
    let _ = a_card;
    // B's subscription is untouched.
    assert_eq!(t.gql(SUBSCRIPTION, json!({ "id": sub }), Some(&b.token)).await.at("/data/node/autoRenew"), &json!(true));
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

/// A gateway that holds each charge until the test lets it go, like a
/// provider under load: it says when a charge arrived, and charges once
/// `release` is notified.
struct HeldGateway {
    inner: Arc<dyn partnerdesk::payments::PaymentGateway>,
    arrived: Arc<tokio::sync::Notify>,
    release: Arc<tokio::sync::Notify>,
    charged: Arc<tokio::sync::Notify>,
}

#[async_trait::async_trait]
impl partnerdesk::payments::PaymentGateway for HeldGateway {
    async fn tokenize(&self, card: &partnerdesk::domain::cards::ValidCard) -> Result<String, partnerdesk::payments::GatewayError> {
        self.inner.tokenize(card).await
    }
    async fn charge(
        &self,
        key: &str,
        token: &str,
        amount: partnerdesk::domain::money::Money,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<partnerdesk::payments::ChargeOutcome, partnerdesk::payments::GatewayError> {
        self.arrived.notify_one();
        self.release.notified().await;
        let outcome = self.inner.charge(key, token, amount, now).await;
        self.charged.notify_one();
        outcome
    }
    async fn find_charge(&self, key: &str) -> Result<Option<partnerdesk::payments::ChargeOutcome>, partnerdesk::payments::GatewayError> {
        self.inner.find_charge(key).await
    }
}

/// A client that hangs up while its purchase waits for the gateway does
/// not leave it half-done: the purchase completes, and a retry with the
/// same key answers its result.
async fn a_purchase_completes_when_its_client_hangs_up(db: TestDb) {
    let mut t = TestApp::new(db).await;
    let (arrived, release, charged) =
        (Arc::new(tokio::sync::Notify::new()), Arc::new(tokio::sync::Notify::new()), Arc::new(tokio::sync::Notify::new()));
    let held = HeldGateway { inner: t.db.gateway(), arrived: arrived.clone(), release: release.clone(), charged: charged.clone() };
    let app = partnerdesk::app::App::builder(t.db.store.clone(), Arc::new(held))
        .clock(t.clock.clone())
        .hasher(partnerdesk::app::PasswordHasher::fast_insecure_for_tests())
        .build();
    let app = Arc::new(app);
    t.router = partnerdesk::api::router(app.clone(), &partnerdesk::api::ApiConfig::default());
    t.app = app;
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
        tokio::task::yield_now().await;
    }
    let retry = t.purchase(&admin, &card, Some("hang-up")).await;
    assert_eq!(retry.at("/data/purchaseOffer/order/status"), &json!("PAID"), "{}", retry.body);
    assert_eq!(ledger_count(&t).await, 1, "charged once");
}

on_both_backends!(
    a_purchase_completes_when_its_client_hangs_up,
    an_abandoned_automatic_renewal_enters_the_grace_period,
    the_catalog_is_public_and_localized,
    cards_are_checked_and_only_safe_details_are_kept,
    buying_action_pack_charges_once_and_records_everything,
    declined_cards_create_no_subscription,
    identical_purchases_in_flight_charge_once,
    auto_renewal_turned_off_stays_off_until_a_renewal_by_hand,
    jobs_renew_remind_lapse_and_expire,
    a_declined_renewal_enters_the_grace_period_and_mails_billing,
    two_app_instances_racing_a_renewal_charge_once,
    a_crash_between_charge_and_order_is_reconciled,
    cancellation_goes_through_support,
    service_requests_validate_input_and_stay_in_their_organization,
    competencies_raise_the_membership_level_until_they_expire,
    another_organizations_subscription_answers_like_a_missing_one,
);
