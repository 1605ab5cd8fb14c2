//! Buying and renewing Action Pack over HTTP, on both databases: catalog,
//! payment methods, purchases with idempotency, auto-renewal, renewals and
//! the scheduled jobs.

mod common;

use std::sync::Arc;

use common::billing::*;
use common::{action_pack, at, TestApp, TestDb, PURCHASE};
use serde_json::json;

async fn the_catalog_is_public_and_localized(db: TestDb) {
    let t = TestApp::long_lived(db).await;
    let q = "{ program { membershipLevels { level name } offers { code name term autoRenewable requiresLevel price { amount currencyCode formatted }
        terms { version title } includes { product { code name } category quantity unit activation } } competencyAreas { code name } } }";
    let en = t.gql(q, json!({}), None).await;
    en.assert_ok();
    assert_eq!(en.at("/data/program/offers/0/price"), &json!({ "amount": "475.00", "currencyCode": "USD", "formatted": "$475.00" }));
    assert_eq!(en.str("/data/program/offers/0/term"), "P1Y");
    let includes = en.at("/data/program/offers/0/includes").as_array().unwrap();
    assert_eq!(includes.len(), 8);
    assert!(includes.iter().any(|i| i["product"]["code"] == "VS_SUBSCRIPTIONS" && i["unit"] == "LICENSE" && i["quantity"] == 3));
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

    // Auto-renewal off: reminders 30 and 7 days before, once each. The
    // network membership is renewed too, so that the offer can be bought
    // again after it expires.
    t.clock.set(at("2019-01-15T09:00:00Z"));
    renew_network(&t, &admin).await;
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
    // The network membership ends with the first term: renewed, so that the
    // subscription can be renewed by hand after it.
    renew_network(&t, &admin).await;
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

on_both_backends!(
    the_catalog_is_public_and_localized,
    cards_are_checked_and_only_safe_details_are_kept,
    buying_action_pack_charges_once_and_records_everything,
    declined_cards_create_no_subscription,
    identical_purchases_in_flight_charge_once,
    auto_renewal_turned_off_stays_off_until_a_renewal_by_hand,
    jobs_renew_remind_lapse_and_expire,
    a_declined_renewal_enters_the_grace_period_and_mails_billing,
);
