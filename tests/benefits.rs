//! Benefits over HTTP, on both databases: allocation with the subscription,
//! product keys and downloads, cloud services, Visual Studio seats (also
//! under concurrency), the support plan and its delayed activation, and
//! isolation between organizations.

mod common;

use std::sync::Arc;

use chrono::TimeDelta;
use common::{at, Session, TestApp, TestDb};
use serde_json::{json, Value};

const BENEFITS: &str =
    "query B($c: BenefitCategory) { organization { benefits(category: $c) { id product { code name } category activation quantity unit
    assignedCount availableCount status expiresAt keysRevealed portalUrl assignments { id user { email } status alternateEmail activatesAt } } } }";
const REVEAL: &str = "mutation R($input: RevealProductKeysInput!) { revealProductKeys(input: $input) { keys { product { code } key instructions } userErrors { field code } } }";
const ASSIGN: &str = "mutation A($input: AssignBenefitInput!) { assignBenefit(input: $input) { assignment { id user { email } } benefit { assignedCount availableCount status } userErrors { field code } } }";
const UNASSIGN: &str = "mutation U($input: UnassignBenefitInput!) { unassignBenefit(input: $input) { benefit { assignedCount availableCount } userErrors { field code } } }";
const ACTIVATE: &str = "mutation V($input: ActivateBenefitInput!) { activateBenefit(input: $input) { benefit { status assignedCount } assignment { user { email } status } userErrors { field code } } }";
const SUPPORT: &str = "mutation S($input: AssignSupportBenefitInput!) { assignSupportBenefit(input: $input) { assignment { id status alternateEmail activatesAt user { email } } userErrors { field code message } } }";

/// An organization with a purchased Action Pack.
async fn subscribed(t: &TestApp, name: &str, domain: &str) -> Session {
    let admin = t.join(name, &format!("admin@{domain}")).await;
    let card = t.add_card(&admin, "4242424242424242").await;
    let r = t.purchase(&admin, &card, None).await;
    assert_eq!(r.at("/data/purchaseOffer/userErrors"), &json!([]), "{}", r.body);
    admin
}

async fn benefits(t: &TestApp, session: &Session) -> Vec<Value> {
    let r = t.gql(BENEFITS, json!({}), Some(&session.token)).await;
    r.assert_ok();
    r.at("/data/organization/benefits").as_array().unwrap().clone()
}

fn id_of(list: &[Value], code: &str) -> String {
    list.iter().find(|b| b["product"]["code"] == code).unwrap_or_else(|| panic!("no {code}"))["id"].as_str().unwrap().to_owned()
}

async fn buying_creates_one_benefit_per_allocation_under_four_tabs(db: TestDb) {
    let t = TestApp::long_lived(db).await;
    let admin = subscribed(&t, "Contoso", "contoso.example").await;
    let all = benefits(&t, &admin).await;
    // One Visual Studio allocation: its three licenses are the three subscriptions.
    assert_eq!(all.len(), 8);
    for b in &all {
        assert_eq!(b["status"], "NOT_ACTIVATED", "{b}");
        assert_eq!(b["expiresAt"], "2018-03-01T09:00:00+00:00");
    }
    let vs = all.iter().find(|b| b["product"]["code"] == "VS_SUBSCRIPTIONS").unwrap();
    assert_eq!((vs["quantity"].as_i64(), vs["availableCount"].as_i64(), vs["assignedCount"].as_i64()), (Some(3), Some(3), Some(0)));
    assert_eq!((vs["unit"].as_str(), vs["activation"].as_str()), (Some("LICENSE"), Some("ASSIGN_USER")));
    assert!(all.iter().all(|b| b["product"]["code"] != "VS_PROFESSIONAL"), "no product-key copy of the same licenses");
    // Benefits managed elsewhere link to their portal; the others are used here.
    let portal = |code: &str| all.iter().find(|b| b["product"]["code"] == code).unwrap()["portalUrl"].clone();
    assert_eq!(portal("AZURE_MONTHLY_CREDIT"), json!("https://portal.azure.com/"));
    assert_eq!(portal("VS_SUBSCRIPTIONS"), json!("https://my.visualstudio.com/"));
    assert_eq!(portal("SUPPORT_PLAN"), json!("https://partner.microsoft.com/support"));
    assert_eq!(portal("WIN10_ENT_UPGRADE"), json!(null));
    for (tab, count) in [("SOFTWARE", 1), ("CLOUD_SERVICE", 5), ("VISUAL_STUDIO", 1), ("SUPPORT", 1)] {
        let r = t.gql(BENEFITS, json!({ "c": tab }), Some(&admin.token)).await;
        let list = r.at("/data/organization/benefits").as_array().unwrap();
        assert_eq!(list.len(), count, "{tab}");
        assert!(list.iter().all(|b| b["category"] == tab));
    }
}

async fn software_benefits_offer_downloads_and_keys(db: TestDb) {
    let t = TestApp::long_lived(db).await;
    let admin = subscribed(&t, "Contoso", "contoso.example").await;
    let win = id_of(&benefits(&t, &admin).await, "WIN10_ENT_UPGRADE");
    let q = "query D($id: ID!, $l: String!, $os: OperatingSystem!) { node(id: $id) { ... on Benefit { languages operatingSystems specialInstructions
        downloads(language: $l, operatingSystem: $os) { fileName url sizeBytes sha256 } } } }";
    let r = t.gql(q, json!({ "id": win, "l": "fr-FR", "os": "WINDOWS_X64" }), Some(&admin.token)).await;
    r.assert_ok();
    assert_eq!(r.at("/data/node/languages"), &json!(["en-US", "fr-FR"]));
    assert_eq!(r.at("/data/node/operatingSystems"), &json!(["WINDOWS_X64", "WINDOWS_X86"]));
    assert_eq!(r.str("/data/node/downloads/0/fileName"), "Win10_Ent_Upgrade_1703_French_x64.iso");
    assert_eq!(r.at("/data/node/downloads/0/sizeBytes"), &json!(4_152_410_112i64));
    assert_eq!(r.str("/data/node/downloads/0/sha256").len(), 64);
    let fr = t.gql_with(q, json!({ "id": win, "l": "en-US", "os": "WINDOWS_X86" }), Some(&admin.token), Some("fr")).await;
    assert!(fr.str("/data/node/specialInstructions").contains("clé de produit"));
    let bad = t.gql(q, json!({ "id": win, "l": "de-DE", "os": "WINDOWS_X64" }), Some(&admin.token)).await;
    assert_eq!(bad.error_code(), Some("BAD_REQUEST"));
    assert!(bad.str("/errors/0/message").contains("no download"), "{}", bad.body);
}

async fn product_keys_are_stable_unique_audited_and_for_admins_only(db: TestDb) {
    let t = TestApp::long_lived(db).await;
    let admin = subscribed(&t, "Contoso", "contoso.example").await;
    let other = subscribed(&t, "Fabrikam", "fabrikam.example").await;
    let membership = t.add_user(&admin, "ms@contoso.example", &["MEMBERSHIP_ADMIN"]).await;
    let billing = t.add_user(&admin, "bill@contoso.example", &["BILLING_ADMIN"]).await;
    let member = t.add_user(&admin, "m@contoso.example", &["MEMBER"]).await;
    let win = id_of(&benefits(&t, &admin).await, "WIN10_ENT_UPGRADE");
    let first = t.gql(REVEAL, json!({ "input": { "benefitId": win } }), Some(&admin.token)).await;
    first.assert_ok();
    let key = first.str("/data/revealProductKeys/keys/0/key");
    assert!(partnerdesk::domain::benefits::is_product_key(&key), "{key}");
    let again = t.gql(REVEAL, json!({ "input": { "benefitId": win } }), Some(&membership.token)).await;
    assert_eq!(again.str("/data/revealProductKeys/keys/0/key"), key, "the same key on every reveal");
    for session in [&billing, &member] {
        assert_eq!(t.gql(REVEAL, json!({ "input": { "benefitId": win } }), Some(&session.token)).await.error_code(), Some("FORBIDDEN"));
    }
    let other_win = id_of(&benefits(&t, &other).await, "WIN10_ENT_UPGRADE");
    let other_key =
        t.gql(REVEAL, json!({ "input": { "benefitId": other_win } }), Some(&other.token)).await.str("/data/revealProductKeys/keys/0/key");
    assert_ne!(other_key, key, "keys are per organization");
    let foreign = t.gql(REVEAL, json!({ "input": { "benefitId": other_win } }), Some(&admin.token)).await;
    assert_eq!(foreign.user_error_codes("revealProductKeys"), ["NOT_FOUND"]);
    // License-based cloud services use keys too; seats-based benefits do not.
    let all = benefits(&t, &admin).await;
    let o365 = t.gql(REVEAL, json!({ "input": { "benefitId": id_of(&all, "O365_E3") } }), Some(&admin.token)).await;
    assert!(o365.at("/data/revealProductKeys/keys/0/key").is_string());
    let vs = t.gql(REVEAL, json!({ "input": { "benefitId": id_of(&all, "VS_SUBSCRIPTIONS") } }), Some(&admin.token)).await;
    assert_eq!(vs.user_error_codes("revealProductKeys"), ["INVALID_INPUT"]);
    let win_now = benefits(&t, &admin).await.into_iter().find(|b| b["id"] == json!(win)).unwrap();
    assert_eq!((win_now["keysRevealed"].as_bool(), win_now["status"].as_str()), (Some(true), Some("ACTIVE")));
    let log = t
        .gql(
            "{ organization { auditLog(first: 20) { edges { node { action targetId actor { email } } } } } }",
            json!({}),
            Some(&admin.token),
        )
        .await;
    let reveals: Vec<_> = log
        .at("/data/organization/auditLog/edges")
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["node"]["action"] == "benefit.keys.reveal")
        .collect();
    assert_eq!(reveals.len(), 3, "every reveal is audited");
    assert!(reveals.iter().any(|e| e["node"]["targetId"] == json!(win) && e["node"]["actor"]["email"] == "ms@contoso.example"));
    assert!(!log.body.to_string().contains(&key), "keys never appear elsewhere");
}

async fn the_azure_credit_is_activated_by_its_user(db: TestDb) {
    let t = TestApp::long_lived(db).await;
    let admin = subscribed(&t, "Contoso", "contoso.example").await;
    let all = benefits(&t, &admin).await;
    let azure = id_of(&all, "AZURE_MONTHLY_CREDIT");
    let r = t.gql(ACTIVATE, json!({ "input": { "benefitId": azure } }), Some(&admin.token)).await;
    assert_eq!(r.at("/data/activateBenefit/benefit/status"), &json!("ACTIVE"), "{}", r.body);
    assert_eq!(r.str("/data/activateBenefit/assignment/user/email"), "admin@contoso.example");
    let twice = t.gql(ACTIVATE, json!({ "input": { "benefitId": azure } }), Some(&admin.token)).await;
    assert_eq!(twice.user_error_codes("activateBenefit"), ["ALREADY_ASSIGNED"]);
    let wrong = t.gql(ACTIVATE, json!({ "input": { "benefitId": id_of(&all, "VS_SUBSCRIPTIONS") } }), Some(&admin.token)).await;
    assert_eq!(wrong.user_error_codes("activateBenefit"), ["INVALID_INPUT"]);
    let mine = t.gql("{ viewer { assignments { benefit { product { code } } status } } }", json!({}), Some(&admin.token)).await;
    assert_eq!(
        mine.at("/data/viewer/assignments"),
        &json!([{ "benefit": { "product": { "code": "AZURE_MONTHLY_CREDIT" } }, "status": "ACTIVE" }])
    );
}

async fn visual_studio_seats_are_assigned_reassigned_and_freed(db: TestDb) {
    let t = TestApp::long_lived(db).await;
    let admin = subscribed(&t, "Contoso", "contoso.example").await;
    let mut users = Vec::new();
    for i in 0..4 {
        users.push(t.add_user(&admin, &format!("dev{i}@contoso.example"), &["MEMBER"]).await);
    }
    let vs = id_of(&benefits(&t, &admin).await, "VS_SUBSCRIPTIONS");
    let assign = |user: &Session| json!({ "input": { "benefitId": vs, "userId": user.user_id } });
    let first = t.gql(ASSIGN, assign(&users[0]), Some(&admin.token)).await;
    assert_eq!(
        first.at("/data/assignBenefit/benefit"),
        &json!({ "assignedCount": 1, "availableCount": 2, "status": "ACTIVE" }),
        "{}",
        first.body
    );
    assert_eq!(t.gql(ASSIGN, assign(&users[0]), Some(&admin.token)).await.user_error_codes("assignBenefit"), ["ALREADY_ASSIGNED"]);
    t.gql(ASSIGN, assign(&users[1]), Some(&admin.token)).await.assert_ok();
    t.gql(ASSIGN, assign(&users[2]), Some(&admin.token)).await.assert_ok();
    let full = t.gql(ASSIGN, assign(&users[3]), Some(&admin.token)).await;
    assert_eq!(full.user_error_codes("assignBenefit"), ["NO_SEATS_AVAILABLE"]);
    // Reassigning: unassign one user, assign another.
    let seat = first.str("/data/assignBenefit/assignment/id");
    let freed = t.gql(UNASSIGN, json!({ "input": { "assignmentId": seat } }), Some(&admin.token)).await;
    assert_eq!(freed.at("/data/unassignBenefit/benefit"), &json!({ "assignedCount": 2, "availableCount": 1 }));
    t.gql(ASSIGN, assign(&users[3]), Some(&admin.token)).await.assert_ok();
    // A deactivated user's seat goes back.
    t.gql(
        "mutation D($input: DeactivateUserInput!) { deactivateUser(input: $input) { userErrors { code } } }",
        json!({ "input": { "userId": users[1].user_id } }),
        Some(&admin.token),
    )
    .await
    .assert_ok();
    let after = benefits(&t, &admin).await.into_iter().find(|b| b["id"] == json!(vs)).unwrap();
    assert_eq!(after["availableCount"], 1);
    let inactive = t.gql(ASSIGN, assign(&users[1]), Some(&admin.token)).await;
    assert_eq!(inactive.user_error_codes("assignBenefit"), ["INVALID_INPUT"]);
    // The member sees what is assigned to them.
    let mine = t.gql("{ viewer { assignments { benefit { product { code } } } } }", json!({}), Some(&users[3].token)).await;
    assert_eq!(mine.at("/data/viewer/assignments/0/benefit/product/code"), &json!("VS_SUBSCRIPTIONS"), "{}", mine.body);
}

async fn ten_parallel_assigns_for_three_seats_make_three_assignments(db: TestDb) {
    let t = Arc::new(TestApp::long_lived(db).await);
    let admin = subscribed(&t, "Contoso", "contoso.example").await;
    let mut users = Vec::new();
    for i in 0..10 {
        users.push(t.add_user(&admin, &format!("dev{i}@contoso.example"), &["MEMBER"]).await);
    }
    let vs = id_of(&benefits(&t, &admin).await, "VS_SUBSCRIPTIONS");
    let tasks: Vec<_> = users
        .iter()
        .map(|u| {
            let (t, token, input) = (t.clone(), admin.token.clone(), json!({ "input": { "benefitId": vs, "userId": u.user_id } }));
            tokio::spawn(async move { t.gql(ASSIGN, input, Some(&token)).await })
        })
        .collect();
    let mut ok = 0;
    for task in tasks {
        let r = task.await.unwrap();
        match r.user_error_codes("assignBenefit").as_slice() {
            [] => ok += 1,
            [code] => assert_eq!(code, "NO_SEATS_AVAILABLE", "{}", r.body),
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(ok, 3);
    let after = benefits(&t, &admin).await.into_iter().find(|b| b["id"] == json!(vs)).unwrap();
    assert_eq!((after["assignedCount"].as_i64(), after["availableCount"].as_i64()), (Some(3), Some(0)));
}

async fn the_support_plan_activates_after_three_days_and_mails_both_addresses(db: TestDb) {
    // This deployment has its own support portal: the API and the mails say so.
    let portals =
        partnerdesk::domain::benefits::Portals { support: "https://support.contoso-partners.example/".into(), ..Default::default() };
    let settings = partnerdesk::app::Settings { token_ttl: TimeDelta::days(3650), portals, ..Default::default() };
    let t = TestApp::with_settings(db, settings).await;
    let admin = subscribed(&t, "Contoso", "contoso.example").await;
    let ops = t.add_user(&admin, "ops@contoso.example", &["MEMBER"]).await;
    let support = id_of(&benefits(&t, &admin).await, "SUPPORT_PLAN");
    let input = |email: &str| json!({ "input": { "benefitId": support, "userId": ops.user_id, "alternateEmail": email } });
    let invalid = t.gql(SUPPORT, input("not-an-email"), Some(&admin.token)).await;
    assert_eq!(invalid.user_error_codes("assignSupportBenefit"), ["INVALID_INPUT"]);
    assert_eq!(invalid.at("/data/assignSupportBenefit/userErrors/0/field"), &json!(["input", "alternateEmail"]));
    let same = t.gql(SUPPORT, input("OPS@Contoso.example"), Some(&admin.token)).await;
    assert_eq!(same.user_error_codes("assignSupportBenefit"), ["ALTERNATE_EMAIL_SAME_AS_ACCOUNT"]);
    let r = t.gql(SUPPORT, input("support-desk@contoso.example"), Some(&admin.token)).await;
    assert_eq!(r.at("/data/assignSupportBenefit/assignment/status"), &json!("PENDING_ACTIVATION"), "{}", r.body);
    assert_eq!(r.str("/data/assignSupportBenefit/assignment/activatesAt"), "2017-03-04T09:00:00+00:00");
    let taken = t
        .gql(
            SUPPORT,
            json!({ "input": { "benefitId": support, "userId": admin.user_id, "alternateEmail": "x@contoso.example" } }),
            Some(&admin.token),
        )
        .await;
    assert_eq!(taken.user_error_codes("assignSupportBenefit"), ["NO_SEATS_AVAILABLE"]);

    let mailer =
        partnerdesk::mail::mailer_from_spec(&format!("dir:{}", tempfile::tempdir().unwrap().keep().display()), "no-reply@program.example")
            .unwrap();
    t.clock.set(at("2017-03-04T08:59:59Z"));
    assert_eq!(partnerdesk::jobs::run_once(&t.app, mailer.as_ref(), TimeDelta::zero()).await.unwrap().activations, 0);
    t.clock.set(at("2017-03-04T09:00:00Z"));
    // Two job runners race: the plan is activated, and its instructions sent, once.
    let (a, b) = tokio::join!(
        partnerdesk::jobs::run_once(&t.app, mailer.as_ref(), TimeDelta::zero()),
        partnerdesk::jobs::run_once(&t.app, mailer.as_ref(), TimeDelta::zero())
    );
    assert_eq!(a.unwrap().activations + b.unwrap().activations, 1);
    assert_eq!(partnerdesk::jobs::run_once(&t.app, mailer.as_ref(), TimeDelta::zero()).await.unwrap().activations, 0);
    let now = benefits(&t, &admin).await.into_iter().find(|b| b["id"] == json!(support)).unwrap();
    assert_eq!(now["status"], "ACTIVE");
    assert_eq!(now["portalUrl"], "https://support.contoso-partners.example/");
    assert_eq!(now["assignments"][0]["status"], "ACTIVE");
    let mails = t.db.store.recent_mails(20).await.unwrap();
    let sent = |subject: &str| -> Vec<(String, String)> {
        let mut to: Vec<_> =
            mails.iter().filter(|m| m.subject == subject).map(|m| (m.to_address.clone(), m.status.as_str().to_owned())).collect();
        to.sort();
        to
    };
    let both = vec![("ops@contoso.example".to_owned(), "SENT".to_owned()), ("support-desk@contoso.example".to_owned(), "SENT".to_owned())];
    assert_eq!(sent("Your support plan is being set up"), both, "{mails:?}");
    assert_eq!(sent("Your support plan is active"), both, "{mails:?}");
    let instructions = mails.iter().find(|m| m.subject == "Your support plan is active").unwrap();
    assert!(
        instructions
            .body
            .contains("sign in at https://support.contoso-partners.example/ with ops@contoso.example or support-desk@contoso.example"),
        "{}",
        instructions.body
    );
    let log = t
        .gql(
            "{ organization { auditLog(first: 5) { edges { node { action targetId actor { email } } } } } }",
            json!({}),
            Some(&admin.token),
        )
        .await;
    let activation = &log.at("/data/organization/auditLog/edges").as_array().unwrap()[0]["node"];
    assert_eq!(
        (activation["action"].as_str(), activation["targetId"].as_str()),
        (Some("benefit.support.activate"), Some(support.as_str()))
    );
    assert_eq!(activation["actor"], json!(null), "the job acts, not a user");
}

async fn benefits_end_with_their_subscription_and_survive_renewal(db: TestDb) {
    let t = TestApp::long_lived(db).await;
    let admin = subscribed(&t, "Contoso", "contoso.example").await;
    let member = t.add_user(&admin, "dev@contoso.example", &["MEMBER"]).await;
    let vs = id_of(&benefits(&t, &admin).await, "VS_SUBSCRIPTIONS");
    t.gql(ASSIGN, json!({ "input": { "benefitId": vs, "userId": member.user_id } }), Some(&admin.token)).await.assert_ok();
    let mailer = partnerdesk::mail::mailer_from_spec("log", "no-reply@program.example").unwrap();
    // Auto-renewal carries the benefits and their assignments into the next term.
    t.clock.set(at("2018-03-01T09:00:00Z"));
    partnerdesk::jobs::run_once(&t.app, mailer.as_ref(), TimeDelta::zero()).await.unwrap();
    let renewed = benefits(&t, &admin).await.into_iter().find(|b| b["id"] == json!(vs)).unwrap();
    assert_eq!((renewed["assignedCount"].as_i64(), renewed["expiresAt"].as_str()), (Some(1), Some("2019-03-01T09:00:00+00:00")));
    // Then auto-renewal off, the term ends, the grace period ends: expired.
    let sub = t
        .gql("{ organization { membership { actionPack { id } } } }", json!({}), Some(&admin.token))
        .await
        .str("/data/organization/membership/actionPack/id");
    t.gql(
        "mutation S($input: SetAutoRenewInput!) { setAutoRenew(input: $input) { userErrors { code } } }",
        json!({ "input": { "subscriptionId": sub, "enabled": false } }),
        Some(&admin.token),
    )
    .await
    .assert_ok();
    t.clock.set(at("2019-03-01T09:00:00Z"));
    partnerdesk::jobs::run_once(&t.app, mailer.as_ref(), TimeDelta::zero()).await.unwrap();
    assert!(benefits(&t, &admin).await.iter().all(|b| b["status"] != "EXPIRED"), "benefits continue during the grace period");
    t.clock.set(at("2019-03-31T09:00:00Z"));
    partnerdesk::jobs::run_once(&t.app, mailer.as_ref(), TimeDelta::zero()).await.unwrap();
    let expired = benefits(&t, &admin).await;
    assert!(expired.iter().all(|b| b["status"] == "EXPIRED"), "{expired:?}");
    let late = t.gql(REVEAL, json!({ "input": { "benefitId": id_of(&expired, "WIN10_ENT_UPGRADE") } }), Some(&admin.token)).await;
    assert_eq!(late.user_error_codes("revealProductKeys"), ["SUBSCRIPTION_NOT_ACTIVE"]);
}

async fn benefit_management_is_for_admins_and_ids_stay_in_their_organization(db: TestDb) {
    let t = TestApp::long_lived(db).await;
    let admin = subscribed(&t, "Contoso", "contoso.example").await;
    let other = subscribed(&t, "Fabrikam", "fabrikam.example").await;
    let member = t.add_user(&admin, "m@contoso.example", &["MEMBER"]).await;
    let billing = t.add_user(&admin, "b@contoso.example", &["BILLING_ADMIN"]).await;
    let stranger = t.add_user(&other, "x@fabrikam.example", &["MEMBER"]).await;
    let vs = id_of(&benefits(&t, &admin).await, "VS_SUBSCRIPTIONS");
    for session in [&member, &billing] {
        let r = t.gql(ASSIGN, json!({ "input": { "benefitId": vs, "userId": member.user_id } }), Some(&session.token)).await;
        assert_eq!(r.error_code(), Some("FORBIDDEN"));
        assert_eq!(t.gql(BENEFITS, json!({}), Some(&session.token)).await.error_code(), Some("FORBIDDEN"));
    }
    let foreign_user = t.gql(ASSIGN, json!({ "input": { "benefitId": vs, "userId": stranger.user_id } }), Some(&admin.token)).await;
    let missing_user = t.gql(ASSIGN, json!({ "input": { "benefitId": vs, "userId": "VXNlcjo5OTk5OTk" } }), Some(&admin.token)).await;
    assert_eq!(foreign_user.user_error_codes("assignBenefit"), ["NOT_FOUND"]);
    assert_eq!(foreign_user.at("/data/assignBenefit"), missing_user.at("/data/assignBenefit"));
    let other_vs = id_of(&benefits(&t, &other).await, "VS_SUBSCRIPTIONS");
    let foreign_benefit = t.gql(ASSIGN, json!({ "input": { "benefitId": other_vs, "userId": member.user_id } }), Some(&admin.token)).await;
    assert_eq!(foreign_benefit.user_error_codes("assignBenefit"), ["NOT_FOUND"]);
    assert_eq!(foreign_benefit.at("/data/assignBenefit/userErrors/0/field"), &json!(["input", "benefitId"]));
    assert_eq!(
        t.gql("query N($id: ID!) { node(id: $id) { id } }", json!({ "id": other_vs }), Some(&admin.token)).await.at("/data/node"),
        &json!(null)
    );
}

on_both_backends!(
    buying_creates_one_benefit_per_allocation_under_four_tabs,
    software_benefits_offer_downloads_and_keys,
    product_keys_are_stable_unique_audited_and_for_admins_only,
    the_azure_credit_is_activated_by_its_user,
    visual_studio_seats_are_assigned_reassigned_and_freed,
    ten_parallel_assigns_for_three_seats_make_three_assignments,
    the_support_plan_activates_after_three_days_and_mails_both_addresses,
    benefits_end_with_their_subscription_and_survive_renewal,
    benefit_management_is_for_admins_and_ids_stay_in_their_organization,
);
