//! The introspection queries real tools send pass the default limits (the
//! queries themselves are in tests/fixtures/introspection/, printed by
//! graphql-js and by Python's gql), while the abuse those limits exist for is
//! still refused: an exploding introspection query, a depth-50 query, 10,000
//! aliases, a huge page. `--disable-introspection` still turns it all off.

mod common;

use common::TestApp;
use partnerdesk::api::{ApiConfig, SchemaLimits};
use partnerdesk::app::Settings;
use serde_json::json;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/fixtures/introspection/{name}", env!("CARGO_MANIFEST_DIR"))).expect("fixture")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_standard_introspection_queries_pass_and_abuse_does_not() {
    let t = TestApp::new(common::sqlite().await).await;
    for name in ["graphql-js.graphql", "graphiql.graphql", "python-gql.graphql"] {
        let r = t.gql(&fixture(name), json!({}), None).await;
        r.assert_ok();
        let types = r.at("/data/__schema/types").as_array().expect("types");
        assert!(types.iter().any(|t| t["name"] == "Organization"), "{name}");
    }

    let mut exploding = String::from("name");
    for _ in 0..15 {
        exploding = format!("fields {{ type {{ {exploding} }} }}");
    }
    let refused = [
        format!("{{ __type(name: \"Organization\") {{ {exploding} }} }}"),
        format!("{{ __schema {{ types {{ {exploding} }} }} }}"),
        format!("{{ {}id{} }}", "viewer { organization { users(first: 1) { nodes { ".repeat(12), " } } } }".repeat(12)),
        format!("{{ {} }}", (0..10_000).map(|i| format!("a{i}: __typename")).collect::<Vec<_>>().join(" ")),
    ];
    for query in &refused {
        let r = t.gql(query, json!({}), None).await;
        assert_eq!(r.status, 400, "{}", &query[..query.len().min(120)]);
        assert_eq!(r.error_code(), Some("TOO_COMPLEX"), "{}", r.body);
    }
    let huge_page = t.gql("{ organization { users(first: 100000) { totalCount } } }", json!({}), None).await;
    assert!(huge_page.error_code().is_some(), "{}", huge_page.body);
    assert!(huge_page.at("/data/organization").is_null());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn introspection_can_be_turned_off_entirely() {
    let api = ApiConfig { limits: SchemaLimits { introspection: false, ..SchemaLimits::default() }, ..ApiConfig::default() };
    let t = TestApp::with_api(common::sqlite().await, Settings::default(), &api).await;
    let r = t.gql(&fixture("graphql-js.graphql"), json!({}), None).await;
    // async-graphql answers introspection with null when it is off.
    assert!(r.at("/data/__schema").is_null(), "{}", r.body);
    assert!(!r.body.to_string().contains("Organization"), "{}", r.body);
    // Ordinary queries still run.
    t.gql("{ program { offers { code } } }", json!({}), None).await.assert_ok();
}
