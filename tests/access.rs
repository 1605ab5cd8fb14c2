//! Authorization at every edge, proven by walking the whole schema: for every
//! role, every field path from every root field (and from `node` with every ID
//! seen) is followed over demo data in which every kind of object exists, and
//! every object that comes back is checked against its direct entry and
//! against the read table in `domain::access`. Another organization's IDs must
//! answer exactly like IDs that never existed, through every argument.

mod common;
#[path = "access/scenario.rs"]
mod scenario;
#[path = "access/walk.rs"]
mod walk;

use std::collections::{BTreeSet, HashMap};

use common::{TestApp, TestDb};
use partnerdesk::api::{prescan, shape, ApiConfig, SchemaLimits};
use partnerdesk::app::Settings;
use partnerdesk::domain::access::{read_view, Readable, Tie};
use partnerdesk::domain::{GlobalId, NodeKind};
use scenario::{Actor, Scenario};
use serde_json::{json, Value};
use walk::{named, objects, Found, SchemaModel};

/// How deep the walk goes from a root field, and from `node`.
const ROOT_DEPTH: usize = 4;
const NODE_DEPTH: usize = 3;

/// What a grant that shows only an object's profile may return.
fn profile_fields(type_name: &str) -> &'static [&'static str] {
    match type_name {
        "User" => &["id", "displayName"],
        "Organization" => &["id", "partnerId", "legalName", "country"],
        _ => &[],
    }
}

fn readable_of(kind: NodeKind) -> Readable {
    match kind {
        NodeKind::Organization => Readable::Organization,
        NodeKind::User => Readable::User,
        NodeKind::AuditEvent => Readable::AuditEvent,
        NodeKind::Offer => Readable::Offer,
        NodeKind::OfferSubscription => Readable::Subscription,
        NodeKind::PaymentMethod => Readable::PaymentMethod,
        NodeKind::Order => Readable::Order,
        NodeKind::ServiceRequest => Readable::ServiceRequest,
        NodeKind::Competency => Readable::Competency,
        NodeKind::Benefit => Readable::Benefit,
        NodeKind::BenefitAssignment => Readable::Assignment,
    }
}

/// The real router with limits far above the walk's largest documents: the
/// walk tests authorization, not the limits.
async fn walking_app(db: TestDb) -> TestApp {
    let api = ApiConfig {
        limits: SchemaLimits { max_complexity: usize::MAX / 2, ..SchemaLimits::default() },
        max_body_bytes: 64 * 1024 * 1024,
        points_per_minute: u32::MAX / 2,
        document: prescan::Bounds { max_tokens: usize::MAX, max_nesting: 200, max_definitions: 10 },
        shape: shape::ShapeLimits { max_depth: 40, max_expanded_fields: usize::MAX, ..shape::ShapeLimits::default() },
        ..ApiConfig::default()
    };
    let settings = Settings { token_ttl: chrono::TimeDelta::days(3650), ..Settings::default() };
    TestApp::with_api(db, settings, &api).await
}

/// A value for a required argument the walk meets (`orderPreview(offerId:)`,
/// `Benefit.downloads(language:, operatingSystem:)`).
fn argument_value(ids: &HashMap<String, String>) -> impl Fn(&str, &walk::TypeRef) -> Option<String> + '_ {
    move |name, ty| match ty.kind.as_str() {
        "ENUM" if ty.name == "OperatingSystem" => Some("WINDOWS_X64".into()),
        "SCALAR" if ty.name == "String" => Some("\"en-US\"".into()),
        "SCALAR" if ty.name == "ID" => {
            let wanted = name.strip_suffix("Id")?;
            ids.iter()
                .find(|(ty, _)| ty.eq_ignore_ascii_case(wanted) || ty.to_lowercase().ends_with(&wanted.to_lowercase()))
                .map(|(_, id)| format!("\"{id}\""))
        }
        _ => None,
    }
}

/// Everything one actor reached, by every path.
struct Reached {
    found: Vec<Found>,
}

async fn walk_as(t: &TestApp, model: &SchemaModel, actor: &Actor, ids: &HashMap<String, String>, node_ids: &BTreeSet<String>) -> Reached {
    let value = argument_value(ids);
    let mut found = Vec::new();
    let mut documents = model.root_queries(ROOT_DEPTH, &value);
    documents.extend(node_ids.iter().map(|id| model.node_query(id, NODE_DEPTH, &value)));
    for document in documents {
        let reply = t.gql(&document, json!({}), Some(&actor.token)).await;
        assert!(reply.status.is_success() || reply.status.as_u16() == 400, "{} for {document}: {}", reply.status, reply.body);
        for error in reply.at("/errors").as_array().into_iter().flatten() {
            let code = error["extensions"]["code"].as_str().unwrap_or_default();
            assert!(
                matches!(code, "FORBIDDEN" | "UNAUTHENTICATED" | "BAD_REQUEST"),
                "{}: unexpected error {error} for {document}",
                actor.name
            );
        }
        objects(reply.at("/data"), "", &mut found);
    }
    Reached { found }
}

/// Whether `actor` reads `id` through `node`.
async fn direct(t: &TestApp, actor: &Actor, id: &str) -> bool {
    let reply = t.gql("query N($id: ID!) { node(id: $id) { __typename } }", json!({ "id": id }), Some(&actor.token)).await;
    !reply.at("/data/node").is_null()
}

/// How an object stands to `actor`, from the database itself.
async fn ties_of(db: &TestDb, actor: &Actor, id: &GlobalId) -> Vec<Tie> {
    let s = &db.store;
    let key = id.key;
    let (org, own) = match id.kind {
        NodeKind::Organization => (Some(key), false),
        NodeKind::User => (s.user(key).await.unwrap().map(|u| u.organization_id), key == actor.user_key),
        NodeKind::AuditEvent => (s.audit_event(key).await.unwrap().map(|e| e.organization_id), false),
        NodeKind::Offer => (None, false),
        NodeKind::OfferSubscription => (s.subscription(key).await.unwrap().map(|r| r.organization_id), false),
        NodeKind::PaymentMethod => (s.payment_method(key).await.unwrap().map(|r| r.organization_id), false),
        NodeKind::Order => (s.order(key).await.unwrap().map(|r| r.organization_id), false),
        NodeKind::ServiceRequest => (s.service_request(key).await.unwrap().map(|r| r.organization_id), false),
        NodeKind::Competency => (s.competency(key).await.unwrap().map(|r| r.organization_id), false),
        NodeKind::Benefit => {
            let held = s.benefit_assignments(key).await.unwrap().iter().any(|a| a.user_id == actor.user_key);
            (s.benefit(key).await.unwrap().map(|r| r.organization_id), held)
        }
        NodeKind::BenefitAssignment => {
            let row = s.assignment(key).await.unwrap();
            (row.as_ref().map(|r| r.organization_id), row.is_some_and(|r| r.user_id == actor.user_key))
        }
    };
    let mut ties = Vec::new();
    if own {
        ties.push(Tie::Own);
    }
    if org == Some(actor.organization_key) {
        ties.push(Tie::Organization);
    }
    ties
}

async fn every_path_agrees_with_the_direct_entry_and_the_table(db: TestDb) {
    let t = walking_app(db).await;
    let scenario = Scenario::build(&t).await;
    let model = SchemaModel::new(&scenario.introspection(&t).await);

    // The IDs every actor can reach from the roots, plus the other
    // organization's: each is then walked from `node` by every actor.
    let mut reached = HashMap::new();
    let mut node_ids = BTreeSet::new();
    for actor in scenario.actors.iter().chain([&scenario.other_admin]) {
        let r = walk_as(&t, &model, actor, &scenario.ids, &BTreeSet::new()).await;
        node_ids.extend(r.found.iter().filter_map(|f| f.id.clone()));
        reached.insert(actor.name, r);
    }
    let node_types: BTreeSet<String> = model.node_types().into_iter().collect();
    let kinds: BTreeSet<NodeKind> = node_ids.iter().filter_map(|id| GlobalId::decode(id)).map(|g| g.kind).collect();
    assert_eq!(kinds.len(), NodeKind::ALL.len(), "the scenario has every kind of object: {kinds:?}");

    let mut leaks = Vec::new();
    for actor in &scenario.actors {
        let from_nodes = walk_as(&t, &model, actor, &scenario.ids, &node_ids).await;
        let found = reached[actor.name].found.iter().chain(&from_nodes.found);
        let mut direct_cache: HashMap<String, bool> = HashMap::new();
        for f in found {
            let Some(id) = f.id.clone().filter(|_| node_types.contains(&f.type_name)) else { continue };
            let readable = match direct_cache.get(&id) {
                Some(r) => *r,
                None => {
                    let r = direct(&t, actor, &id).await;
                    direct_cache.insert(id.clone(), r);
                    r
                }
            };
            if readable {
                continue;
            }
            let allowed = profile_fields(&f.type_name);
            for field in f.fields.iter().filter(|field| !allowed.contains(&field.as_str())) {
                leaks.push(format!("{} reads {}.{field} at {} although node({id}) refuses it", actor.name, f.type_name, f.path));
            }
        }
        // The direct entry itself follows the read table.
        for id in &node_ids {
            let global = GlobalId::decode(id).expect("a global ID");
            let ties = ties_of(&t.db, actor, &global).await;
            let expected = read_view(readable_of(global.kind), &ties, |a| actor.allows(a)).is_ok();
            let actual = match direct_cache.get(id) {
                Some(r) => *r,
                None => direct(&t, actor, id).await,
            };
            if expected != actual {
                leaks.push(format!("{}: node({id}) ({:?}) answers {actual}, the read table says {expected}", actor.name, global.kind));
            }
        }
    }
    assert!(leaks.is_empty(), "{} disagreements:\n{}", leaks.len(), leaks.join("\n"));

    // The finding that opened the issue, spelled out.
    let member = scenario.actor("MEMBER");
    let r = t
        .gql(
            "{ viewer { assignments { benefit { subscription { paymentMethod { last4 } orders { number placedBy { email } } } } } } }",
            json!({}),
            Some(&member.token),
        )
        .await;
    assert_eq!(r.at("/data/viewer/assignments/0/benefit"), &Value::Null, "{}", r.body);
    assert_eq!(r.error_code(), Some("FORBIDDEN"), "{}", r.body);
}

/// A mutation or query argument that takes an ID, and where it sits.
struct IdSlot {
    operation: &'static str,
    field: String,
    /// `None` for a top-level argument, `Some(input field)` inside `input`.
    input_field: Option<String>,
    arg: String,
    list: bool,
}

fn id_slots(model: &SchemaModel, introspection: &Value) -> Vec<(IdSlot, Value)> {
    let mut slots = Vec::new();
    let types: HashMap<String, Value> = introspection["__schema"]["types"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["name"].as_str().unwrap().to_owned(), t.clone()))
        .collect();
    for (operation, root) in [("query", "Query"), ("mutation", "Mutation")] {
        for field in model.fields(root) {
            let name = field["name"].as_str().unwrap().to_owned();
            for arg in field["args"].as_array().into_iter().flatten() {
                let ty = named(&arg["type"]);
                let arg_name = arg["name"].as_str().unwrap().to_owned();
                if ty.name == "ID" {
                    let list = arg["type"].to_string().contains("\"LIST\"");
                    slots.push((IdSlot { operation, field: name.clone(), input_field: None, arg: arg_name.clone(), list }, field.clone()));
                } else if ty.kind == "INPUT_OBJECT" {
                    for input in types[&ty.name]["inputFields"].as_array().into_iter().flatten() {
                        if named(&input["type"]).name == "ID" {
                            let slot = IdSlot {
                                operation,
                                field: name.clone(),
                                input_field: Some(input["name"].as_str().unwrap().to_owned()),
                                arg: arg_name.clone(),
                                list: false,
                            };
                            slots.push((slot, field.clone()));
                        }
                    }
                }
            }
        }
    }
    slots
}

/// The kinds an ID argument can name, from its name (`paymentMethodId`), or all of them (`id`).
fn kinds_for(arg: &str) -> Vec<NodeKind> {
    let stem = arg.trim_end_matches("Ids").trim_end_matches("Id").to_lowercase();
    let all = NodeKind::ALL.to_vec();
    if stem.is_empty() || stem == "id" || stem == "ids" {
        return all;
    }
    let matching: Vec<NodeKind> = all
        .into_iter()
        .filter(|k| {
            let name = format!("{k:?}").to_lowercase();
            name == stem || name.ends_with(&stem) || (stem == "assignment" && name == "benefitassignment")
        })
        .collect();
    matching
}

async fn foreign_ids_answer_like_missing_ones(db: TestDb) {
    let t = walking_app(db).await;
    let mut scenario = Scenario::build(&t).await;
    let introspection = scenario.introspection(&t).await;
    let model = SchemaModel::new(&introspection);
    // The organization's own IDs fill the other ID arguments; the other
    // organization's go into the one under test.
    let none = BTreeSet::new();
    let own = walk_as(&t, &model, scenario.actor("GLOBAL_ADMIN"), &scenario.ids, &none).await;
    let theirs = walk_as(&t, &model, &scenario.other_admin, &scenario.ids, &none).await;
    let own_ids: BTreeSet<String> = own.found.iter().filter_map(|f| f.id.clone()).collect();
    for f in own.found {
        if let Some(id) = f.id {
            scenario.ids.entry(f.type_name).or_insert(id);
        }
    }
    let mut foreign: HashMap<NodeKind, String> = HashMap::new();
    for id in theirs.found.into_iter().filter_map(|f| f.id).filter(|id| !own_ids.contains(id)) {
        if let Some(global) = GlobalId::decode(&id) {
            foreign.entry(global.kind).or_insert(id);
        }
    }
    let admin = scenario.actor("GLOBAL_ADMIN");
    let mut compared = 0;
    for (slot, field) in id_slots(&model, &introspection) {
        for kind in kinds_for(slot.input_field.as_deref().unwrap_or(&slot.arg)) {
            let Some(foreign_id) = foreign.get(&kind) else { continue };
            if kind == NodeKind::Offer {
                continue; // the catalog is the same for everyone
            }
            let missing_id = GlobalId::new(kind, 987_654_321).encode();
            let document = scenario.document_for(&model, &slot, &field);
            let mut answers = Vec::new();
            for (n, id) in [foreign_id, &missing_id].into_iter().enumerate() {
                let variables = scenario.variables_for(&slot, &field, &introspection, id, n);
                let reply = t.gql(&document, variables, Some(&admin.token)).await;
                let mut body = reply.body.clone();
                if let Some(ext) = body.get_mut("extensions").and_then(Value::as_object_mut) {
                    ext.remove("rateLimit");
                    if ext.is_empty() {
                        body.as_object_mut().unwrap().remove("extensions");
                    }
                }
                answers.push((reply.status, body.to_string()));
            }
            assert_eq!(
                answers[0],
                answers[1],
                "{} {}{}: another organization's {kind:?} answers differently from a missing one",
                slot.operation,
                slot.field,
                slot.input_field.as_deref().map(|f| format!(".{f}")).unwrap_or_default()
            );
            compared += 1;
        }
    }
    assert!(compared >= 20, "only {compared} ID arguments were compared");
}

on_both_backends!(every_path_agrees_with_the_direct_entry_and_the_table, foreign_ids_answer_like_missing_ones);
