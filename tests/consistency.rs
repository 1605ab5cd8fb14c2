//! Reads stay correct under writes (issue 16), on both databases and across
//! two replicas of one database: a dashboard read racing assignments never
//! shows a state that was never committed, and a read that starts after a
//! mutation answered, on either replica, always sees it. These guarantees
//! must survive any read cache or read model added for speed.

mod common;

use common::{Session, TestApp, TestDb};
use partnerdesk::api::{self, ApiConfig};
use serde_json::{json, Value};

const ASSIGN: &str = "mutation A($input: AssignBenefitInput!) { assignBenefit(input: $input) { assignment { id } userErrors { code } } }";
const UNASSIGN: &str = "mutation U($input: UnassignBenefitInput!) { unassignBenefit(input: $input) { userErrors { code } } }";
const DASHBOARD: &str =
    "{ organization { benefits(category: VISUAL_STUDIO) { quantity assignedCount availableCount assignments { id user { email } } } } }";

/// A second replica: its own app and connections over the same database.
async fn replica(t: &TestApp) -> TestApp {
    let app = t.twin().await;
    let router = api::router(app.clone(), &ApiConfig::default());
    TestApp { app, router, clock: t.clock.clone(), db: common::TestDb::sharing(&t.db) }
}

/// The Visual Studio benefit as the dashboard shows it, checked for being
/// one committed state: counts that agree with the list, within the seats.
async fn visual_studio(t: &TestApp, admin: &Session) -> Value {
    let r = t.gql(DASHBOARD, json!({}), Some(&admin.token)).await;
    r.assert_ok();
    let vs = r.at("/data/organization/benefits/0").clone();
    let listed = vs["assignments"].as_array().unwrap().len() as i64;
    let (assigned, available) = (vs["assignedCount"].as_i64().unwrap(), vs["availableCount"].as_i64().unwrap());
    assert!(assigned == listed && assigned + available == 3 && listed <= 3, "a torn read: {vs}");
    vs
}

fn holders(vs: &Value) -> Vec<String> {
    let mut emails: Vec<String> =
        vs["assignments"].as_array().unwrap().iter().map(|a| a["user"]["email"].as_str().unwrap().to_owned()).collect();
    emails.sort();
    emails
}

async fn reads_never_tear_and_always_see_an_answered_write(db: TestDb) {
    let a = TestApp::long_lived(db).await;
    let b = replica(&a).await;
    let admin = a.join("Contoso", "admin@contoso.example").await;
    let card = a.add_card(&admin, "4242424242424242").await;
    a.purchase(&admin, &card, None).await.assert_ok();
    let list = a.gql("{ organization { benefits(category: VISUAL_STUDIO) { id } } }", json!({}), Some(&admin.token)).await;
    let benefit = list.str("/data/organization/benefits/0/id");
    let dev = a.add_user(&admin, "dev@contoso.example", &["MEMBER"]).await;

    for round in 0..12 {
        // Writes go through one replica, alternately; reads race them on the other.
        let (writer, reader) = if round % 2 == 0 { (&a, &b) } else { (&b, &a) };
        let (assigned, raced) = tokio::join!(
            writer.gql(ASSIGN, json!({ "input": { "benefitId": benefit, "userId": dev.user_id } }), Some(&admin.token)),
            visual_studio(reader, &admin)
        );
        assert_eq!(assigned.at("/data/assignBenefit/userErrors"), &json!([]), "{}", assigned.body);
        assert!(holders(&raced).len() <= 1, "only committed states: {raced}");
        // Answered: both replicas see the seat taken, at once.
        for replica in [&a, &b] {
            assert_eq!(holders(&visual_studio(replica, &admin).await), ["dev@contoso.example"], "round {round}");
        }
        let id = assigned.str("/data/assignBenefit/assignment/id");
        let (freed, raced) = tokio::join!(
            writer.gql(UNASSIGN, json!({ "input": { "assignmentId": id } }), Some(&admin.token)),
            visual_studio(reader, &admin)
        );
        assert_eq!(freed.at("/data/unassignBenefit/userErrors"), &json!([]), "{}", freed.body);
        assert!(holders(&raced).len() <= 1, "only committed states: {raced}");
        for replica in [&a, &b] {
            assert!(holders(&visual_studio(replica, &admin).await).is_empty(), "round {round}: the freed seat is seen everywhere");
        }
    }
}

on_both_backends!(reads_never_tear_and_always_see_an_answered_write);
