//! Network membership as a yearly term, on both databases: renewed free by
//! accepting the current network agreement, reminded 30 and 7 days before it
//! ends, idempotent, and required to buy or renew an offer by hand.

mod common;

use common::billing::*;
use common::{at, TestApp, TestDb};
use serde_json::json;

const NETWORK: &str = "{ organization { membership { networkMemberSince networkTermEnd networkActive canRenewNetwork networkRenewalOpensAt
    networkAgreement { version title url } } } }";

fn renew_input(version: &str, key: Option<&str>) -> serde_json::Value {
    json!({ "input": { "acceptAgreementVersion": version, "idempotencyKey": key } })
}

async fn network_membership_is_a_year_renewed_by_accepting_the_agreement(db: TestDb) {
    let t = TestApp::long_lived(db).await;
    let mailer = Outbox::default();
    let admin = t.join("Contoso", "admin@contoso.example").await;
    let membership_admin = t.add_user(&admin, "ms@contoso.example", &["MEMBERSHIP_ADMIN"]).await;
    let billing = t.add_user(&admin, "bill@contoso.example", &["BILLING_ADMIN"]).await;
    let fr = t.gql_with(NETWORK, json!({}), Some(&admin.token), Some("fr")).await;
    assert_eq!(
        fr.at("/data/organization/membership"),
        &json!({
            "networkMemberSince": "2017-03-01T09:00:00+00:00",
            "networkTermEnd": "2018-03-01T09:00:00+00:00",
            "networkActive": true,
            "canRenewNetwork": false,
            "networkRenewalOpensAt": "2018-01-30T09:00:00+00:00",
            "networkAgreement": { "version": "2017-01", "title": "Contrat d’adhésion au réseau de partenaires", "url": "/help/fr/network-agreement/" }
        }),
        "{}",
        fr.body
    );
    let early = t.gql(RENEW_NETWORK, renew_input("2017-01", None), Some(&admin.token)).await;
    assert_eq!(early.user_error_codes("renewNetworkMembership"), ["RENEWAL_NOT_OPEN"]);

    // Reminders 30 and 7 days before the end, once each, to the global and membership admins.
    t.clock.set(at("2018-01-30T09:00:00Z"));
    assert_eq!(run_jobs(&t, &mailer).await.network_reminders, 1);
    assert_eq!(run_jobs(&t, &mailer).await.network_reminders, 0);
    t.clock.set(at("2018-02-22T09:00:00Z"));
    assert_eq!(run_jobs(&t, &mailer).await.network_reminders, 1);
    let mut reminded: Vec<String> =
        mailer.subjects().into_iter().filter(|s| s.contains("Renew your network membership by March 1, 2018")).collect();
    reminded.sort();
    assert_eq!(
        reminded,
        [
            "admin@contoso.example | Renew your network membership by March 1, 2018",
            "admin@contoso.example | Renew your network membership by March 1, 2018",
            "ms@contoso.example | Renew your network membership by March 1, 2018",
            "ms@contoso.example | Renew your network membership by March 1, 2018",
        ]
    );

    // Only the current agreement, and only for those who manage the membership.
    let old = t.gql(RENEW_NETWORK, renew_input("2016-01", None), Some(&admin.token)).await;
    assert_eq!(old.user_error_codes("renewNetworkMembership"), ["TERMS_NOT_ACCEPTED"]);
    assert_eq!(old.at("/data/renewNetworkMembership/userErrors/0/field"), &json!(["input", "acceptAgreementVersion"]));
    assert_eq!(t.gql(RENEW_NETWORK, renew_input("2017-01", None), Some(&billing.token)).await.error_code(), Some("FORBIDDEN"));
    let bad_key = t.gql(RENEW_NETWORK, renew_input("2017-01", Some("")), Some(&admin.token)).await;
    assert_eq!(bad_key.at("/data/renewNetworkMembership/userErrors/0/field"), &json!(["input", "idempotencyKey"]));

    // Two renewals under one key race: the term moves on by one year, once,
    // and both answer it; a retry later answers it again.
    let (a, b) = tokio::join!(
        t.gql(RENEW_NETWORK, renew_input("2017-01", Some("n1")), Some(&membership_admin.token)),
        t.gql(RENEW_NETWORK, renew_input("2017-01", Some("n1")), Some(&admin.token))
    );
    for r in [&a, &b] {
        assert_eq!(r.at("/data/renewNetworkMembership/userErrors"), &json!([]), "{}", r.body);
        assert_eq!(r.str("/data/renewNetworkMembership/membership/networkTermEnd"), "2019-03-01T09:00:00+00:00", "{}", r.body);
        assert_eq!(r.at("/data/renewNetworkMembership/membership/canRenewNetwork"), &json!(false));
    }
    let retry = t.gql(RENEW_NETWORK, renew_input("2017-01", Some("n1")), Some(&admin.token)).await;
    assert_eq!(retry.str("/data/renewNetworkMembership/membership/networkTermEnd"), "2019-03-01T09:00:00+00:00");
    // Without the key, a second renewal is refused: the next one opens in 2019.
    let again = t.gql(RENEW_NETWORK, renew_input("2017-01", None), Some(&admin.token)).await;
    assert_eq!(again.user_error_codes("renewNetworkMembership"), ["RENEWAL_NOT_OPEN"]);
    let log = t
        .gql("{ organization { auditLog(first: 10) { edges { node { action actor { email } } } } } }", json!({}), Some(&admin.token))
        .await;
    let renewals =
        log.at("/data/organization/auditLog/edges").as_array().unwrap().iter().filter(|e| e["node"]["action"] == "network.renew").count();
    assert_eq!(renewals, 1, "{}", log.body);
    // The renewed term gets its own reminders.
    t.clock.set(at("2019-01-30T09:00:00Z"));
    assert_eq!(run_jobs(&t, &mailer).await.network_reminders, 1);
}

async fn a_lapsed_network_membership_stops_buying_and_renewing_by_hand(db: TestDb) {
    let t = TestApp::long_lived(db).await;
    let mailer = Outbox::default();
    let admin = t.join("Contoso", "admin@contoso.example").await;
    let other = t.join("Fabrikam", "admin@fabrikam.example").await;
    let card = t.add_card(&admin, "4242424242424242").await;
    let sub = t.purchase(&admin, &card, None).await.str("/data/purchaseOffer/subscription/id");
    t.gql(SET_AUTO_RENEW, json!({ "input": { "subscriptionId": sub, "enabled": false } }), Some(&admin.token)).await.assert_ok();
    let other_card = t.add_card(&other, "4242424242424242").await;

    // Neither renewed its network membership: it lapses with the first year.
    t.clock.set(at("2018-03-01T09:00:00Z"));
    run_jobs(&t, &mailer).await;
    let state = t
        .gql(
            "{ organization { membership { level networkActive canRenewNetwork } availableOffers { code } } }",
            json!({}),
            Some(&other.token),
        )
        .await;
    assert_eq!(state.at("/data/organization/membership/networkActive"), &json!(false), "{}", state.body);
    assert_eq!(state.at("/data/organization/membership/canRenewNetwork"), &json!(true));
    assert_eq!(state.at("/data/organization/availableOffers"), &json!([]));
    let bought = t.purchase(&other, &other_card, None).await;
    assert_eq!(bought.user_error_codes("purchaseOffer"), ["NETWORK_MEMBERSHIP_REQUIRED"]);
    // What was bought keeps running to its own end (here, its grace period),
    // but is not renewed by hand until the network membership is.
    let grace = t.gql(SUBSCRIPTION, json!({ "id": sub }), Some(&admin.token)).await;
    assert_eq!(grace.at("/data/node/status"), &json!("GRACE_PERIOD"), "{}", grace.body);
    let renew = json!({ "input": { "subscriptionId": sub, "paymentMethodId": card, "acceptTermsVersion": "2017-01" } });
    assert_eq!(
        t.gql(RENEW, renew.clone(), Some(&admin.token)).await.user_error_codes("renewSubscription"),
        ["NETWORK_MEMBERSHIP_REQUIRED"]
    );

    // Renewed after the lapse: a year from now, and buying and renewing work again.
    t.clock.set(at("2018-03-10T09:00:00Z"));
    let renewed = renew_network(&t, &admin).await;
    assert_eq!(renewed.str("/data/renewNetworkMembership/membership/networkTermEnd"), "2019-03-10T09:00:00+00:00");
    assert_eq!(renewed.at("/data/renewNetworkMembership/membership/networkActive"), &json!(true));
    let back = t.gql(RENEW, renew, Some(&admin.token)).await;
    assert_eq!(back.at("/data/renewSubscription/userErrors"), &json!([]), "{}", back.body);
    assert_eq!(back.str("/data/renewSubscription/subscription/currentTermEnd"), "2019-03-01T09:00:00+00:00");
    renew_network(&t, &other).await;
    t.purchase(&other, &other_card, None).await.assert_ok();
}

on_both_backends!(
    network_membership_is_a_year_renewed_by_accepting_the_agreement,
    a_lapsed_network_membership_stops_buying_and_renewing_by_hand
);
