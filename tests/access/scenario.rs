//! The demo organization with every kind of object, one signed-in actor per
//! role (and one who has not changed a temporary password), and a second
//! organization whose IDs must stay out of reach.

use std::collections::HashMap;

use partnerdesk::domain::{Action, Role, RoleSet};
use serde_json::{json, Value};

use super::common::{Session, TestApp};
use super::walk::{named, SchemaModel};
use super::IdSlot;

/// Someone signed in.
pub struct Actor {
    pub name: &'static str,
    pub token: String,
    pub roles: RoleSet,
    pub temporary_password: bool,
    pub user_key: i64,
    pub organization_key: i64,
}

impl Actor {
    /// What `Viewer::may` answers for this actor.
    pub fn allows(&self, action: Action) -> bool {
        !self.temporary_password && self.roles.allows(action)
    }
}

pub struct Scenario {
    pub actors: Vec<Actor>,
    pub other_admin: Actor,
    /// IDs by type name, for required ID arguments (`orderPreview(offerId:)`).
    pub ids: HashMap<String, String>,
}

fn key_of(id: &str) -> i64 {
    partnerdesk::domain::GlobalId::decode(id).expect("a global ID").key
}

async fn actor(t: &TestApp, name: &'static str, token: String, roles: &[Role], temporary_password: bool) -> Actor {
    let r = t.gql("{ viewer { id } }", json!({}), Some(&token)).await;
    let user_key = key_of(&r.str("/data/viewer/id"));
    let organization_key = t.db.store.user(user_key).await.expect("the store answers").expect("the user exists").organization_id;
    Actor { name, token, roles: RoleSet::from_roles(roles.iter().copied()), temporary_password, user_key, organization_key }
}

impl Scenario {
    pub async fn build(t: &TestApp) -> Self {
        let accounts = t.app.load_demo().await.expect("demo").expect("an empty database");
        let password = |email: &str| accounts.iter().find(|a| a.email == email).expect("demo account").password;
        let ga = t.sign_in("admin@harborlane.example", password("admin@harborlane.example")).await;
        let membership = t.sign_in("membership@harborlane.example", password("membership@harborlane.example")).await;
        let member = t.sign_in("member@harborlane.example", password("member@harborlane.example")).await;
        let agent = t.sign_in("support@partnerdesk.example", password("support@partnerdesk.example")).await;
        let ga_session = Session { token: ga.clone(), user_id: String::new(), organization_id: String::new() };
        let account = t.add_user(&ga_session, "account@harborlane.example", &["ACCOUNT_ADMIN"]).await;
        let billing = t.add_user(&ga_session, "billing@harborlane.example", &["BILLING_ADMIN"]).await;
        let program = t.sign_in("program@partnerdesk.example", password("program@partnerdesk.example")).await;
        let created = t
            .gql(
                "mutation C($input: CreateUserInput!) { createUser(input: $input) { temporaryPassword } }",
                json!({ "input": { "email": "new@harborlane.example", "displayName": "New Hire", "roles": ["MEMBER"] } }),
                Some(&ga),
            )
            .await;
        let newcomer = t.sign_in("new@harborlane.example", &created.str("/data/createUser/temporaryPassword")).await;

        // What the demo lacks: a cancellation request with a staff note, a
        // plain service request, a competency.
        let org = t.gql("{ organization { id subscriptions(first: 1) { nodes { id } } } }", json!({}), Some(&ga)).await;
        let org_id = org.str("/data/organization/id");
        let subscription = org.str("/data/organization/subscriptions/nodes/0/id");
        let cancel = t
            .gql(
                "mutation C($input: RequestCancellationInput!) { requestCancellation(input: $input) { serviceRequest { id } userErrors { code } } }",
                json!({ "input": { "subscriptionId": subscription, "reason": "We are merging with another partner." } }),
                Some(&ga),
            )
            .await;
        let request = cancel.str("/data/requestCancellation/serviceRequest/id");
        let note = t
            .gql(
                "mutation N($input: AddServiceRequestNoteInput!) { addServiceRequestNote(input: $input) { userErrors { code } } }",
                json!({ "input": { "serviceRequestId": request, "body": "We will call you tomorrow." } }),
                Some(&agent),
            )
            .await;
        assert_eq!(note.at("/data/addServiceRequestNote/userErrors"), &json!([]), "{}", note.body);
        let plain = t
            .gql(
                "mutation S($input: CreateServiceRequestInput!) { createServiceRequest(input: $input) { userErrors { code } } }",
                json!({ "input": { "category": "BENEFITS", "severity": "MINIMAL", "title": "Keys", "description": "Where are the keys?" } }),
                Some(&membership),
            )
            .await;
        assert_eq!(plain.at("/data/createServiceRequest/userErrors"), &json!([]), "{}", plain.body);
        let granted = t
            .gql(
                "mutation G($input: GrantCompetencyInput!) { grantCompetency(input: $input) { userErrors { code } } }",
                json!({ "input": { "organizationId": org_id, "areaCode": "CLOUD_PLATFORM", "level": "SILVER", "expiresAt": "2018-03-01T00:00:00Z" } }),
                Some(&program),
            )
            .await;
        assert_eq!(granted.at("/data/grantCompetency/userErrors"), &json!([]), "{}", granted.body);

        // Another organization with a card, an Action Pack, a seat in use and a request.
        let other = t.join("Other Partner", "admin@other.example").await;
        let card = t.add_card(&other, "4242424242424242").await;
        t.purchase(&other, &card, Some("other-pack")).await.assert_ok();
        let seats = t.gql("{ organization { benefits(category: VISUAL_STUDIO) { id activation } } }", json!({}), Some(&other.token)).await;
        let vs = seats.at("/data/organization/benefits").as_array().expect("benefits").first().cloned().expect("Visual Studio seats");
        {
            t.gql(
                "mutation A($input: AssignBenefitInput!) { assignBenefit(input: $input) { userErrors { code } } }",
                json!({ "input": { "benefitId": vs["id"], "userId": other.user_id } }),
                Some(&other.token),
            )
            .await
            .assert_ok();
        }
        t.gql(
            "mutation S($input: CreateServiceRequestInput!) { createServiceRequest(input: $input) { userErrors { code } } }",
            json!({ "input": { "category": "OTHER", "severity": "MINIMAL", "title": "Hello", "description": "A question." } }),
            Some(&other.token),
        )
        .await
        .assert_ok();

        let offers = t.gql("{ program { offers { id } } }", json!({}), None).await;
        let ids =
            HashMap::from([("Offer".to_owned(), offers.str("/data/program/offers/0/id")), ("OfferSubscription".to_owned(), subscription)]);
        let actors = vec![
            actor(t, "GLOBAL_ADMIN", ga, &[Role::GlobalAdmin], false).await,
            actor(t, "ACCOUNT_ADMIN", account.token, &[Role::AccountAdmin], false).await,
            actor(t, "BILLING_ADMIN", billing.token, &[Role::BillingAdmin], false).await,
            actor(t, "MEMBERSHIP_ADMIN", membership, &[Role::MembershipAdmin], false).await,
            actor(t, "MEMBER", member, &[Role::Member], false).await,
            actor(t, "TEMPORARY_PASSWORD", newcomer, &[Role::Member], true).await,
            actor(t, "SUPPORT_AGENT", agent, &[Role::SupportAgent], false).await,
            actor(t, "PROGRAM_ADMIN", program, &[Role::ProgramAdmin], false).await,
        ];
        let other_admin = actor(t, "OTHER_ORGANIZATION", other.token, &[Role::GlobalAdmin], false).await;
        Self { actors, other_admin, ids }
    }

    pub fn actor(&self, name: &str) -> &Actor {
        self.actors.iter().find(|a| a.name == name).expect("an actor")
    }

    /// The schema, as clients get it: by introspection over HTTP.
    pub async fn introspection(&self, t: &TestApp) -> Value {
        let query = "{ __schema { queryType { name } mutationType { name } types { name kind possibleTypes { name }
            enumValues { name } inputFields { name defaultValue type { ...T } }
            fields { name args { name defaultValue type { ...T } } type { ...T } } } } }
            fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }";
        let r = t.gql(query, json!({}), None).await;
        r.assert_ok();
        r.at("/data").clone()
    }

    /// A document that calls `field` with every argument as a variable.
    pub fn document_for(&self, model: &SchemaModel, slot: &IdSlot, field: &Value) -> String {
        let args: Vec<&Value> = field["args"].as_array().into_iter().flatten().collect();
        let declared: Vec<String> = args.iter().map(|a| format!("${}: {}", a["name"].as_str().unwrap(), type_text(&a["type"]))).collect();
        let passed: Vec<String> = args.iter().map(|a| format!("{0}: ${0}", a["name"].as_str().unwrap())).collect();
        let ty = named(&field["type"]);
        let none = |_: &str, _: &super::walk::TypeRef| None;
        let selection = match ty.kind.as_str() {
            "SCALAR" | "ENUM" => String::new(),
            _ => format!("{{ {} }}", model.selection(&ty.name, 1, &mut vec![], &none)),
        };
        let vars = if declared.is_empty() { String::new() } else { format!("({})", declared.join(", ")) };
        format!("{} X{vars} {{ {}({}) {selection} }}", slot.operation, slot.field, passed.join(", "))
    }

    /// Variables for a call with `id` in the slot; other required values are
    /// ordinary (the same in both calls but for the idempotency key).
    pub fn variables_for(&self, slot: &IdSlot, field: &Value, introspection: &Value, id: &str, n: usize) -> Value {
        let types = introspection["__schema"]["types"].as_array().unwrap();
        let input_type = |name: &str| types.iter().find(|t| t["name"] == name).cloned().unwrap_or_default();
        let mut vars = serde_json::Map::new();
        for arg in field["args"].as_array().into_iter().flatten() {
            let name = arg["name"].as_str().unwrap();
            let ty = named(&arg["type"]);
            let value = if name == slot.arg && slot.input_field.is_none() {
                if slot.list {
                    json!([id])
                } else {
                    json!(id)
                }
            } else if ty.kind == "INPUT_OBJECT" {
                let mut input = serde_json::Map::new();
                for f in input_type(&ty.name)["inputFields"].as_array().into_iter().flatten() {
                    let fname = f["name"].as_str().unwrap();
                    let fty = named(&f["type"]);
                    let v = if Some(fname) == slot.input_field.as_deref() {
                        json!(id)
                    } else {
                        ordinary_value(fname, &fty, &input_type(&fty.name), n, &self.ids)
                    };
                    input.insert(fname.to_owned(), v);
                }
                Value::Object(input)
            } else {
                ordinary_value(name, &ty, &input_type(&ty.name), n, &self.ids)
            };
            vars.insert(name.to_owned(), value);
        }
        Value::Object(vars)
    }
}

/// A plausible value for a non-ID input.
fn ordinary_value(name: &str, ty: &super::walk::TypeRef, definition: &Value, n: usize, ids: &HashMap<String, String>) -> Value {
    match (ty.kind.as_str(), ty.name.as_str()) {
        ("SCALAR", "ID") => {
            let stem = name.trim_end_matches("Id").to_lowercase();
            ids.iter().find(|(ty, _)| ty.to_lowercase().ends_with(&stem)).map_or(Value::Null, |(_, id)| json!(id))
        }
        ("SCALAR", "Int") if name.contains("Month") => json!(12),
        ("SCALAR", "Int") if name.contains("Year") => json!(2030),
        ("SCALAR", "Int") => json!(1),
        ("SCALAR", "Boolean") => json!(false),
        ("SCALAR", "DateTime") => json!("2018-03-01T00:00:00Z"),
        ("SCALAR", _) if name == "idempotencyKey" => json!(format!("cross-org-{n}")),
        ("SCALAR", _) if name.to_lowercase().contains("email") => json!("someone@example.com"),
        ("SCALAR", _) if name == "cardNumber" => json!("4242424242424242"),
        ("SCALAR", _) => json!("A reasonable value"),
        ("ENUM", "Role") => json!(["MEMBER"]),
        ("ENUM", _) => definition["enumValues"][0]["name"].clone(),
        _ => Value::Null,
    }
}

/// A type reference as GraphQL text, e.g. `[ID!]!`.
fn type_text(ty: &Value) -> String {
    match ty["kind"].as_str() {
        Some("NON_NULL") => format!("{}!", type_text(&ty["ofType"])),
        Some("LIST") => format!("[{}]", type_text(&ty["ofType"])),
        _ => ty["name"].as_str().unwrap_or_default().to_owned(),
    }
}
