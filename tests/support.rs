//! Leaving Action Pack through support, on both databases: cancellation
//! requests, service requests, competencies and the membership level, and
//! other organizations' subscriptions answered like missing ones.

mod common;

use common::billing::*;
use common::{at, TestApp, TestDb};
use partnerdesk::domain::Role;
use serde_json::{json, Value};

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

on_both_backends!(
    cancellation_goes_through_support,
    service_requests_validate_input_and_stay_in_their_organization,
    competencies_raise_the_membership_level_until_they_expire,
    another_organizations_subscription_answers_like_a_missing_one,
);
