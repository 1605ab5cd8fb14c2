//! GraphQL over HTTP through the real router: media types, status codes,
//! limits, GraphiQL, health checks and internal errors.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{TestApp, TestDb};
use serde_json::{json, Value};

fn post(body: &str, content_type: &str) -> Request<Body> {
    Request::post("/graphql")
        .header(header::CONTENT_TYPE, content_type)
        .header(header::ACCEPT, "application/graphql-response+json")
        .body(Body::from(body.to_owned()))
        .unwrap()
}

fn json_of(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(bytes)))
}

async fn malformed_requests_get_clear_4xx_errors(db: TestDb) {
    let t = TestApp::new(db).await;
    let cases: [(&str, &str, StatusCode, &str); 7] = [
        ("{\"query\": ", "application/json", StatusCode::BAD_REQUEST, "not valid JSON"),
        ("{\"variables\": {}}", "application/json", StatusCode::BAD_REQUEST, "no \"query\""),
        ("{\"query\": 42}", "application/json", StatusCode::BAD_REQUEST, "must be a string"),
        ("{\"query\": \"{ viewer { id } }\", \"variables\": [1]}", "application/json", StatusCode::BAD_REQUEST, "\"variables\" must be"),
        ("[{\"query\": \"{ viewer { id } }\"}]", "application/json", StatusCode::BAD_REQUEST, "Batched"),
        ("query={viewer{id}}", "application/x-www-form-urlencoded", StatusCode::UNSUPPORTED_MEDIA_TYPE, "Content-Type: application/json"),
        ("{ viewer { id } }", "text/plain", StatusCode::UNSUPPORTED_MEDIA_TYPE, "Content-Type: application/json"),
    ];
    for (body, content_type, status, message) in cases {
        let (got, headers, bytes) = t.send(post(body, content_type)).await;
        assert_eq!(got, status, "{body}");
        let json = json_of(&bytes);
        assert!(json["errors"][0]["message"].as_str().unwrap().contains(message), "{body}: {json}");
        assert_eq!(json["errors"][0]["extensions"]["code"], "BAD_REQUEST");
        assert!(headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("application/graphql-response+json"));
    }
}

async fn wrong_variable_types_are_request_errors(db: TestDb) {
    let t = TestApp::new(db).await;
    let body = json!({ "query": "query Q($n: Int) { organization { users(first: $n) { totalCount } } }", "variables": { "n": "ten" } })
        .to_string();
    let (status, _, bytes) = t.send(post(&body, "application/json")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let json = json_of(&bytes);
    assert!(json.get("data").is_none(), "a request error has no data: {json}");
    assert_eq!(json["errors"][0]["extensions"]["code"], "BAD_REQUEST");
    assert!(json["errors"].as_array().unwrap().iter().any(|e| e["message"].as_str().unwrap().contains("\"ten\"")), "{json}");

    // Legacy clients asking for application/json get 200, as the spec says.
    let mut legacy = post(&body, "application/json");
    legacy.headers_mut().insert(header::ACCEPT, "application/json".parse().unwrap());
    let (status, headers, bytes) = t.send(legacy).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("application/json"));
    assert_eq!(json_of(&bytes)["errors"][0]["extensions"]["code"], "BAD_REQUEST");

    // No Accept, or */*, gets application/json too (the specification's SHOULD).
    for accept in [None, Some("*/*"), Some("application/*")] {
        let mut request = post(&body, "application/json");
        match accept {
            Some(value) => request.headers_mut().insert(header::ACCEPT, value.parse().unwrap()),
            None => request.headers_mut().remove(header::ACCEPT),
        };
        let (status, headers, _) = t.send(request).await;
        assert_eq!(status, StatusCode::OK, "{accept:?}");
        assert!(headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("application/json"), "{accept:?}");
    }

    let mut html_only = post(&body, "application/json");
    html_only.headers_mut().insert(header::ACCEPT, "text/html".parse().unwrap());
    assert_eq!(t.send(html_only).await.0, StatusCode::NOT_ACCEPTABLE);
}

async fn syntax_errors_unknown_fields_and_deep_queries_are_refused(db: TestDb) {
    let t = TestApp::new(db).await;
    for query in ["{ viewer { id ", "{ viewer { nope } }", "{ viewer { id } } { viewer { id } }"] {
        let r = t.gql(query, json!({}), None).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{query}: {}", r.body);
        assert_eq!(r.error_code(), Some("BAD_REQUEST"));
    }
    let mut deep = String::from("id");
    for _ in 0..3 {
        deep = format!("organization {{ users(first: 1) {{ edges {{ node {{ {deep} }} }} }} }}");
    }
    let r = t.gql(&format!("{{ viewer {{ {deep} }} }}"), json!({}), None).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.str("/errors/0/message").to_lowercase().contains("nested too deep"), "{}", r.body);
    // Introspection is on by default.
    t.gql("{ __schema { queryType { name } } }", json!({}), None).await.assert_ok();
}

async fn oversized_bodies_are_refused(db: TestDb) {
    let t = TestApp::new(db).await;
    let body = json!({ "query": format!("{{ viewer {{ id }} }} # {}", "x".repeat(300 * 1024)) }).to_string();
    let (status, _, bytes) = t.send(post(&body, "application/json")).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(json_of(&bytes)["errors"][0]["message"].as_str().unwrap().contains("262144 bytes"));
}

async fn get_serves_graphiql_and_queries_but_never_mutations(db: TestDb) {
    let t = TestApp::new(db).await;
    let admin = t.join("Contoso", "admin@contoso.example").await;
    let page = Request::get("/graphql").header(header::ACCEPT, "text/html").body(Body::empty()).unwrap();
    let (status, headers, bytes) = t.send(page).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/html"));
    assert!(String::from_utf8_lossy(&bytes).to_lowercase().contains("graphiql"));

    let query = Request::get("/graphql?query=%7B%20viewer%20%7B%20email%20%7D%20%7D")
        .header(header::AUTHORIZATION, format!("Bearer {}", admin.token))
        .body(Body::empty())
        .unwrap();
    let (status, _, bytes) = t.send(query).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json_of(&bytes)["data"]["viewer"]["email"], "admin@contoso.example");

    let mutation = Request::get("/graphql?query=mutation%20%7B%20signOut(input%3A%7B%7D)%20%7B%20ok%20%7D%20%7D")
        .header(header::AUTHORIZATION, format!("Bearer {}", admin.token))
        .body(Body::empty())
        .unwrap();
    let (status, headers, _) = t.send(mutation).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(headers[header::ALLOW].to_str().unwrap().contains("POST"));
    // The token still works: the mutation never ran.
    t.gql("{ viewer { id } }", json!({}), Some(&admin.token)).await.assert_ok();

    let put = Request::put("/graphql").body(Body::empty()).unwrap();
    assert_eq!(t.send(put).await.0, StatusCode::METHOD_NOT_ALLOWED);

    // A query string that can't be read (here a repeated parameter) gets a JSON error too.
    let twice = Request::get("/graphql?query=%7B%20viewer%20%7B%20id%20%7D%20%7D&query=x").body(Body::empty()).unwrap();
    let (status, headers, bytes) = t.send(twice).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("application/json"));
    assert_eq!(json_of(&bytes)["errors"][0]["extensions"]["code"], "BAD_REQUEST");
}

async fn health_readiness_and_request_ids(db: TestDb) {
    let t = TestApp::new(db).await;
    let (status, _, body) = t.send(Request::get("/healthz").body(Body::empty()).unwrap()).await;
    assert_eq!((status, body.as_slice()), (StatusCode::OK, &b"ok"[..]));
    assert_eq!(t.send(Request::get("/readyz").body(Body::empty()).unwrap()).await.0, StatusCode::OK);
    assert_eq!(t.send(Request::get("/nowhere").body(Body::empty()).unwrap()).await.0, StatusCode::NOT_FOUND);
    let r = t.gql("{ viewer { id } }", json!({}), None).await;
    assert!(r.request_id.as_deref().is_some_and(|id| id.len() >= 32), "{:?}", r.request_id);
    // Prometheus metrics count what just happened.
    let (status, headers, body) = t.send(Request::get("/metrics").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/plain"));
    let text = String::from_utf8(body).unwrap();
    for needle in [
        "partnerdesk_http_requests_total{method=\"POST\",route=\"/graphql\",status=\"200\"} 1",
        "partnerdesk_http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"} 1",
        "partnerdesk_graphql_errors_total{code=\"UNAUTHENTICATED\"} 1",
        "partnerdesk_http_request_duration_seconds_count{route=\"/readyz\"} 1",
        "partnerdesk_db_pool_connections{state=\"idle\"}",
    ] {
        assert!(text.contains(needle), "{needle} missing from:\n{text}");
    }
}

async fn internal_errors_show_only_a_request_id(db: TestDb) {
    let t = TestApp::new(db).await;
    let admin = t.join("Contoso", "admin@contoso.example").await;
    // The database goes away under the running service.
    t.db.store.close().await;
    let r = t.gql("{ viewer { id } }", json!({}), Some(&admin.token)).await;
    assert_eq!(r.error_code(), Some("INTERNAL"), "{}", r.body);
    let id = r.request_id.clone().expect("request id header");
    assert_eq!(r.at("/errors/0/extensions/requestId"), &json!(id));
    let message = r.str("/errors/0/message");
    assert!(message.contains(&id));
    let text = r.body.to_string().to_lowercase();
    for leak in ["sqlx", "pool", "select", "sqlite", "postgres", ".rs", "panick"] {
        assert!(!text.contains(leak), "leaks {leak}: {text}");
    }
    assert_eq!(t.send(Request::get("/readyz").body(Body::empty()).unwrap()).await.0, StatusCode::SERVICE_UNAVAILABLE);
}

async fn aliases_directives_and_cost_are_limited(db: TestDb) {
    let t = TestApp::new(db).await;
    let admin = t.join("Contoso", "admin@contoso.example").await;
    let aliases: String = (0..31).map(|i| format!("a{i}: viewer {{ id }} ")).collect();
    let r = t.gql(&format!("{{ {aliases} }}"), json!({}), Some(&admin.token)).await;
    assert_eq!((r.status, r.error_code()), (StatusCode::BAD_REQUEST, Some("TOO_COMPLEX")), "{}", r.body);
    let directives = "{ viewer @include(if: true) @include(if: true) @include(if: true) @include(if: true) @include(if: true) @include(if: true) { id } }";
    assert_eq!(t.gql(directives, json!({}), Some(&admin.token)).await.error_code(), Some("TOO_COMPLEX"));
    let costly =
        "{ organization { users(first: 100) { edges { node { organization { users(first: 100) { edges { node { id email } } } } } } } } }";
    let r = t.gql(costly, json!({}), Some(&admin.token)).await;
    assert_eq!(r.error_code(), Some("TOO_COMPLEX"), "{}", r.body);
    assert!(r.str("/errors/0/message").contains("too complex"));
}

async fn each_client_spends_a_budget_of_query_cost(db: TestDb) {
    let api = partnerdesk::api::ApiConfig { points_per_minute: 30, ..Default::default() };
    let t = TestApp::with_api(db, partnerdesk::app::Settings::default(), &api).await;
    let admin = t.join("Contoso", "admin@contoso.example").await;
    let q = "{ organization { users(first: 10) { edges { node { email } } } } }";
    let first = t.gql(q, json!({}), Some(&admin.token)).await;
    first.assert_ok();
    let spent = first.at("/extensions/rateLimit").clone();
    assert_eq!(spent["limit"], 30);
    let cost = spent["cost"].as_u64().unwrap();
    assert!(cost >= 10, "connections cost first × items: {spent}");
    assert_eq!(spent["remaining"].as_u64().unwrap(), 30 - cost);
    let mut refused = None;
    for _ in 0..3 {
        let r = t.gql(q, json!({}), Some(&admin.token)).await;
        if r.error_code() == Some("RATE_LIMITED") {
            refused = Some(r);
            break;
        }
    }
    let refused = refused.expect("the budget runs out");
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(refused.at("/errors/0/extensions/retryAfter").as_u64().is_some_and(|s| s >= 1));
    // Anonymous callers have their own budget, per address.
    t.gql("{ program { offers { code } } }", json!({}), None).await.assert_ok();
}

/// Response fields come in the order the query asks for them (the
/// specification's "should"), not sorted.
async fn fields_keep_the_order_of_the_query(db: TestDb) {
    let t = TestApp::new(db).await;
    let admin = t.join("Contoso", "admin@contoso.example").await;
    let query = json!({ "query": "{ viewer { roles email id displayName } zebra: viewer { id } }" }).to_string();
    let mut request = post(&query, "application/json");
    request.headers_mut().insert(header::AUTHORIZATION, format!("Bearer {}", admin.token).parse().unwrap());
    let (status, _, bytes) = t.send(request).await;
    let text = String::from_utf8(bytes).unwrap();
    assert_eq!(status, StatusCode::OK, "{text}");
    let at = |needle: &str| text.find(needle).unwrap_or_else(|| panic!("{needle} not in {text}"));
    assert!(at("\"roles\"") < at("\"email\"") && at("\"email\"") < at("\"id\"") && at("\"id\"") < at("\"displayName\""), "{text}");
    assert!(at("\"viewer\"") < at("\"zebra\"") && at("\"data\"") < at("\"extensions\""), "{text}");
}

on_both_backends!(
    fields_keep_the_order_of_the_query,
    aliases_directives_and_cost_are_limited,
    each_client_spends_a_budget_of_query_cost,
    malformed_requests_get_clear_4xx_errors,
    wrong_variable_types_are_request_errors,
    syntax_errors_unknown_fields_and_deep_queries_are_refused,
    oversized_bodies_are_refused,
    get_serves_graphiql_and_queries_but_never_mutations,
    health_readiness_and_request_ids,
    internal_errors_show_only_a_request_id,
);

mod help_site {
    use super::*;
    use partnerdesk::api::help::HelpSite;
    use partnerdesk::docs::DocsConfig;

    /// The real router with `help`; the test app keeps its database alive.
    async fn router(help: HelpSite) -> (axum::Router, TestApp) {
        let t = TestApp::new(common::sqlite().await).await;
        (partnerdesk::api::router_with_help(t.app.clone(), &partnerdesk::api::ApiConfig::default(), help), t)
    }

    async fn get(router: &axum::Router, path: &str) -> (StatusCode, String, String) {
        use tower::ServiceExt;
        let response = router.clone().oneshot(Request::get(path).body(Body::empty()).unwrap()).await.unwrap();
        let status = response.status();
        let content_type = response.headers().get(header::CONTENT_TYPE).map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
        let location = response.headers().get(header::LOCATION).map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
        let body = http_body_util::BodyExt::collect(response.into_body()).await.unwrap().to_bytes();
        (status, format!("{content_type}|{location}"), String::from_utf8_lossy(&body).into_owned())
    }

    #[tokio::test]
    async fn the_help_site_is_served_under_help() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let help = tokio::task::spawn_blocking(move || {
            HelpSite::build(DocsConfig::new(partnerdesk::api::sdl(), root.join("content"), root.join("locales")))
        })
        .await
        .unwrap();
        let (router, _app) = router(help).await;
        let (status, meta, _) = get(&router, "/help").await;
        assert_eq!((status, meta.ends_with("|/help/")), (StatusCode::PERMANENT_REDIRECT, true), "{meta}");
        let (status, meta, body) = get(&router, "/help/en/renew-action-pack/").await;
        assert_eq!(status, StatusCode::OK);
        assert!(meta.starts_with("text/html"), "{meta}");
        assert!(body.contains("<html lang=\"en\"") && body.contains("hreflang=\"fr\""), "{}", &body[..body.len().min(400)]);
        let (status, _, body) = get(&router, "/help/fr/").await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("<html lang=\"fr\""));
        let (status, _, _) = get(&router, "/help/en/no-such-page/").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _, _) = get(&router, "/help/../Cargo.toml").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }

    #[tokio::test]
    async fn broken_sources_give_a_clear_error_page_and_the_api_still_runs() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().to_owned();
        let help = tokio::task::spawn_blocking(move || {
            HelpSite::build(DocsConfig::new(partnerdesk::api::sdl(), path.join("content"), path.join("locales")))
        })
        .await
        .unwrap();
        let (router, _app) = router(help).await;
        let (status, _, body) = get(&router, "/help/en/").await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(body.contains("docs check"), "{body}");
        let (status, _, _) = get(&router, "/healthz").await;
        assert_eq!(status, StatusCode::OK);
    }
}
