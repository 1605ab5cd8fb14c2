//! Requests built to take the service down: every recursive construct of the
//! GraphQL grammar nested 100,000 deep (in the query and in JSON variables),
//! the largest documents that fit under the body limit, and a flood of
//! anonymous sign-ins against the real binary with its real argon2 settings.

mod common;

use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::process::{gql, Server};
use common::{TestApp, TestDb, START};
use partnerdesk::api::ApiConfig;
use partnerdesk::app::Settings;
use serde_json::{json, Value};

const DEEP: usize = 100_000;

/// The documents that nest each construct `DEEP` times.
fn nested_documents() -> Vec<(&'static str, String)> {
    let list_value = format!("{{ nodes(ids: {}\"x\"{}) {{ id }} }}", "[".repeat(DEEP), "]".repeat(DEEP));
    let object_value = format!("{{ node(id: {}1{}) {{ id }} }}", "{a:".repeat(DEEP), "}".repeat(DEEP));
    let selection = format!("{{ {}id{} }}", "a{".repeat(DEEP), "}".repeat(DEEP));
    let list_type = format!("query Q($v: {}ID{}) {{ viewer {{ id }} }}", "[".repeat(DEEP), "]".repeat(DEEP));
    let inline_fragments = format!("{{ {}__typename{} }}", "...{".repeat(DEEP), "}".repeat(DEEP));
    let fragment_body = format!("fragment F on Query {{ {}__typename{} }} {{ ...F }}", "...{".repeat(DEEP), "}".repeat(DEEP));
    let arguments = format!("{{ node(id: {}) {{ id }} }}", "(".repeat(DEEP));
    vec![
        ("list value", list_value),
        ("object value", object_value),
        ("selection set", selection),
        ("list type", list_type),
        ("inline fragment", inline_fragments),
        ("fragment", fragment_body),
        ("unbalanced parentheses", arguments),
    ]
}

async fn post(t: &TestApp, body: String) -> (StatusCode, Value) {
    let request = Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ACCEPT, "application/graphql-response+json")
        .body(Body::from(body))
        .unwrap();
    let (status, _, bytes) = t.send(request).await;
    (status, serde_json::from_slice(&bytes).unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(&bytes))))
}

async fn still_serving(t: &TestApp) {
    let r = t.gql("{ program { offers { code } } }", json!({}), None).await;
    r.assert_ok();
}

async fn every_construct_nested_100_000_deep_is_refused_cleanly(db: TestDb) {
    // A body limit that lets every document through to the handler.
    let api = ApiConfig { max_body_bytes: 2 * 1024 * 1024, ..ApiConfig::default() };
    let t = TestApp::with_api(db, Settings::default(), &api).await;
    for (construct, document) in nested_documents() {
        assert!(document.len() < api.max_body_bytes, "{construct} fits under the body limit");
        let (status, body) = post(&t, json!({ "query": document }).to_string()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{construct}: {body}");
        assert_eq!(body["errors"][0]["extensions"]["code"], "TOO_COMPLEX", "{construct}: {body}");
        assert!(body.get("data").is_none(), "{construct}");
        still_serving(&t).await;
    }
}

async fn json_variables_nested_100_000_deep_are_refused_cleanly(db: TestDb) {
    let api = ApiConfig { max_body_bytes: 1024 * 1024, ..ApiConfig::default() };
    let t = TestApp::with_api(db, Settings::default(), &api).await;
    let query = "query N($ids: [ID!]!) { nodes(ids: $ids) { id } }";
    for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
        let variables = format!("{}1{}", open.repeat(DEEP), close.repeat(DEEP));
        let body = format!("{{\"query\":{},\"variables\":{{\"ids\":{variables}}}}}", json!(query));
        let (status, reply) = post(&t, body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{open}: {reply}");
        assert_eq!(reply["errors"][0]["extensions"]["code"], "BAD_REQUEST", "{reply}");
        still_serving(&t).await;
        // The same through GET's query string, as deep as a URI can carry.
        let shallower = format!("{}1{}", open.repeat(2_000), close.repeat(2_000));
        let uri = format!("/graphql?query={}&variables={}", urlencode(query), urlencode(&format!("{{\"ids\":{shallower}}}")));
        let get = Request::get(uri).header(header::ACCEPT, "application/json").body(Body::empty()).unwrap();
        let (status, _, _) = t.send(get).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        still_serving(&t).await;
    }
}

fn urlencode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

async fn the_largest_documents_are_refused_or_charged_for_their_size(db: TestDb) {
    let t = TestApp::new(db).await;
    // 5,000 tiny operations, about 125 KB: refused before parsing.
    let operations: String = (0..5_000).map(|i| format!("query Q{i} {{ a }} ")).collect();
    let (status, body) = post(&t, json!({ "query": operations }).to_string()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["errors"][0]["extensions"]["code"], "TOO_COMPLEX");
    // As many tokens as fit under the body limit: refused before parsing.
    let tokens = format!("{{ {} }}", "a ".repeat(120_000));
    let (status, body) = post(&t, json!({ "query": tokens }).to_string()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(body["errors"][0]["message"].as_str().unwrap().contains("tokens"), "{body}");
}

async fn parsing_is_charged_for_the_size_of_the_document(db: TestDb) {
    // A budget of 150 points a minute refills by 2.5 points a second.
    let api = ApiConfig { points_per_minute: 150, ..ApiConfig::default() };
    let t = TestApp::with_api(db, Settings::default(), &api).await;
    let near_limit = format!("{{ {} }}", "__typename ".repeat(14_000));
    let (status, first) = post(&t, json!({ "query": near_limit }).to_string()).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    assert!(first["extensions"]["rateLimit"]["cost"].as_u64().unwrap() >= 140, "the cost says so: {first}");
    let (status, second) = post(&t, json!({ "query": near_limit }).to_string()).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{second}");
    assert_eq!(second["errors"][0]["extensions"]["code"], "RATE_LIMITED");
    // Small documents from someone else are not affected.
    let r = t.gql_with("{ __typename }", json!({}), None, None).await;
    assert_eq!(r.status, StatusCode::OK);
}

/// Resident memory of a process, from /proc, in bytes.
fn resident_bytes(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("/proc status");
    let kib =
        status.lines().find_map(|l| l.strip_prefix("VmHWM:")).and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok());
    kib.expect("VmHWM") * 1024
}

async fn five_hundred_concurrent_sign_ins_stay_bounded_and_the_service_answers_meanwhile(db: TestDb) {
    // The real binary, with its real argon2 settings, over the test's database.
    let server = Server::start_with(&db.url, START, &["--demo"]).await;
    let port = server.port;
    let sign_in = "mutation S($input: SignInInput!) { signIn(input: $input) { token userErrors { code } } }";
    let mut attempts = Vec::new();
    for i in 0..500 {
        let variables = json!({ "input": { "email": format!("nobody{i}@nowhere.example"), "password": "not the password at all" } });
        attempts.push(tokio::spawn(async move { gql(port, sign_in, variables, None).await }));
    }
    // While they are in flight, the catalog still answers.
    let during = gql(port, "{ program { offers { code } } }", json!({}), None).await.expect("an answer meanwhile");
    assert_eq!(during.status, 200, "{}", during.body);
    let (mut refused, mut wrong) = (0, 0);
    for attempt in attempts {
        let resp = attempt.await.unwrap().expect("every sign-in gets an answer");
        let body = resp.json();
        match resp.status {
            429 => {
                assert_eq!(body["errors"][0]["extensions"]["code"], "RATE_LIMITED", "{body}");
                refused += 1;
            }
            200 => {
                assert_eq!(body["data"]["signIn"]["userErrors"][0]["code"], "INVALID_CREDENTIALS", "{body}");
                wrong += 1;
            }
            other => panic!("HTTP {other}: {body}"),
        }
    }
    assert_eq!(refused + wrong, 500);
    assert!(refused > 0, "a flood is refused, not queued without bound");
    let peak = resident_bytes(server.proc.child.id());
    assert!(peak < 300 * 1024 * 1024, "peak resident memory {} MiB", peak / (1024 * 1024));
    let after = tokio::time::timeout(Duration::from_secs(30), gql(port, "{ program { offers { code } } }", json!({}), None)).await;
    assert_eq!(after.expect("in time").expect("an answer").status, 200);
}

on_both_backends!(
    every_construct_nested_100_000_deep_is_refused_cleanly,
    json_variables_nested_100_000_deep_are_refused_cleanly,
    the_largest_documents_are_refused_or_charged_for_their_size,
    parsing_is_charged_for_the_size_of_the_document,
    five_hundred_concurrent_sign_ins_stay_bounded_and_the_service_answers_meanwhile,
);
