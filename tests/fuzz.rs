//! Property-based fuzzing on stable Rust (proptest): arbitrary input must
//! never panic, never produce a 5xx, and always get a JSON answer. Covers the
//! GraphQL HTTP handler (bodies, media types, queries), global ID decoding,
//! the Markdown and front-matter loader, and the Fluent loader. Case counts
//! are bounded so the run stays short; PROPTEST_CASES raises them. Failures proptest finds
//! are kept as regression cases in tests/fuzz.proptest-regressions.

mod common;

use std::sync::OnceLock;

use axum::body::Body;
use axum::http::{header, Request};
use proptest::prelude::*;

/// One app over one SQLite database, shared by every case.
fn app() -> &'static (tokio::runtime::Runtime, common::TestApp) {
    static APP: OnceLock<(tokio::runtime::Runtime, common::TestApp)> = OnceLock::new();
    APP.get_or_init(|| {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
        let t = rt.block_on(async { common::TestApp::new(common::sqlite().await).await });
        (rt, t)
    })
}

fn content_type() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("application/json".to_owned()),
        Just("application/json; charset=utf-8".to_owned()),
        Just("text/plain".to_owned()),
        Just("application/x-www-form-urlencoded".to_owned()),
        "[a-z/+;= -]{0,30}",
    ]
}

fn accept() -> impl Strategy<Value = Option<String>> {
    prop::option::of(prop_oneof![
        Just("application/json".to_owned()),
        Just("application/graphql-response+json".to_owned()),
        Just("*/*".to_owned()),
        Just("text/html".to_owned()),
        "[a-z/+;=.0-9, -]{0,40}",
    ])
}

/// Bodies that are mostly almost-right GraphQL requests, and sometimes noise.
fn body() -> impl Strategy<Value = Vec<u8>> {
    let fragment = prop_oneof![
        Just("{ viewer { id } }".to_owned()),
        Just("{ program { offers { code price { formatted } } } }".to_owned()),
        Just("mutation { signIn(input: {email: \"a@b.co\", password: \"x\"}) { token } }".to_owned()),
        Just("query Q($n: Int) { organization { users(first: $n) { totalCount } } }".to_owned()),
        "[{}()a-zA-Z_:$!@ \"\\\\0-9,.\\[\\]]{0,80}",
    ];
    let variables = prop_oneof![
        Just("null".to_owned()),
        Just("{}".to_owned()),
        Just("{\"n\": \"x\"}".to_owned()),
        Just("[1]".to_owned()),
        "[{}\\[\\]:,\"a-z0-9 ]{0,30}"
    ];
    prop_oneof![
        (fragment, variables).prop_map(|(q, v)| format!(
            "{{\"query\": {}, \"variables\": {v}}}",
            serde_json::to_string(&q).unwrap_or_default()
        )
        .into_bytes()),
        prop::collection::vec(any::<u8>(), 0..200),
        "[{}\\[\\]\":,a-z0-9 ]{0,100}".prop_map(String::into_bytes),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn the_graphql_endpoint_never_fails_on_bad_input(body in body(), content_type in content_type(), accept in accept(), lang in "[a-zA-Z,;=.0-9 -]{0,20}") {
        let (rt, t) = app();
        let mut request = Request::post("/graphql").header(header::CONTENT_TYPE, content_type).header(header::ACCEPT_LANGUAGE, lang);
        if let Some(a) = accept {
            request = request.header(header::ACCEPT, a);
        }
        let (status, headers, bytes) = rt.block_on(t.send(request.body(Body::from(body)).unwrap()));
        prop_assert!(status.as_u16() < 500, "status {status}");
        let json_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("json"));
        prop_assert!(json_type, "answer is not JSON: {:?}", headers.get(header::CONTENT_TYPE));
        let parsed: Result<serde_json::Value, _> = serde_json::from_slice(&bytes);
        prop_assert!(parsed.is_ok(), "body is not JSON: {}", String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn get_queries_never_fail(query in "[{}()a-zA-Z_: \"0-9]{0,60}", variables in "[{}\":a-z0-9]{0,20}") {
        let (rt, t) = app();
        let uri = format!("/graphql?query={}&variables={}", url::form_urlencoded::byte_serialize(query.as_bytes()).collect::<String>(), url::form_urlencoded::byte_serialize(variables.as_bytes()).collect::<String>());
        let (status, _, _) = rt.block_on(t.send(Request::get(uri).body(Body::empty()).unwrap()));
        prop_assert!(status.as_u16() < 500, "status {status}");
    }

    #[test]
    fn valid_global_ids_decode_to_themselves_and_an_altered_one_never_to_another(
        kind in 0..partnerdesk::domain::NodeKind::ALL.len(),
        key in 1..=i64::MAX,
        at in any::<prop::sample::Index>(),
        with in prop::sample::select(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".to_vec()),
    ) {
        use partnerdesk::domain::{GlobalId, NodeKind};
        let id = GlobalId::new(NodeKind::ALL[kind], key);
        let text = id.encode();
        prop_assert_eq!(GlobalId::decode(&text), Some(id));
        let mut altered = text.clone().into_bytes();
        let i = at.index(altered.len());
        altered[i] = with;
        let altered = String::from_utf8(altered).expect("base64url stays ASCII");
        match GlobalId::decode(&altered) {
            Some(other) if altered == text => prop_assert_eq!(other, id),
            Some(other) => {
                prop_assert_ne!(other, id, "two strings decode to one object");
                prop_assert_eq!(other.encode(), altered);
            }
            None => {}
        }
    }

    #[test]
    fn the_fluent_loader_reports_instead_of_panicking(en in ".{0,200}", fr in "[a-z -={}$\\n]{0,200}") {
        use partnerdesk::i18n::{Lang, Locales};
        let result = Locales::from_sources(vec![(Lang::En, "en/x.ftl".into(), en), (Lang::Fr, "fr/x.ftl".into(), fr)]);
        if let Err(errors) = result {
            prop_assert!(errors.iter().all(|e| !e.message.is_empty()));
        }
    }
}

proptest! {
    // A page that loads is built into a whole site (about a third of a
    // second in a debug build), so this property runs fewer cases.
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn the_markdown_and_front_matter_loader_reports_instead_of_panicking(
        front in "[a-z_ =\"\\[\\],0-9\n+]{0,80}",
        body in "[#>*`\\[\\]()!{}a-z0-9 .:\n-]{0,300}",
    ) {
        if let Err(errors) = build_one_page(&format!("+++\n{front}\n+++\n{body}\n")) {
            prop_assert!(!errors.is_empty() && errors.iter().all(|e| !e.message.is_empty()));
        }
    }
}

/// Builds a help site of one English page (French falls back to it, as the
/// build allows outside `--strict`) with the real Fluent files, so that a
/// page that loads goes on through the whole site assembly: navigation,
/// search and the API reference.
fn build_one_page(page: &str) -> Result<partnerdesk::docs::BuildReport, Vec<partnerdesk::docs::DocError>> {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    std::fs::create_dir_all(content.join("fr")).unwrap();
    std::fs::create_dir_all(content.join("en")).unwrap();
    std::fs::write(content.join("en/page.md"), page).unwrap();
    let locales = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
    partnerdesk::docs::build(&partnerdesk::docs::DocsConfig::new(partnerdesk::api::sdl(), dir.path().join("content"), locales))
}

/// The loader's property test can reach the end of a build: a well-formed
/// page in the same setup builds, with the API reference beside it.
#[test]
fn a_well_formed_page_in_the_loader_setup_builds_the_whole_site() {
    let page = "+++\ntitle = \"A page\"\ndescription = \"One page.\"\nweight = 1\n+++\n\nSome **text**.\n";
    let report = build_one_page(page).unwrap_or_else(|errors| panic!("{errors:#?}"));
    let paths: Vec<&str> = report.site.paths().collect();
    for lang in ["en", "fr"] {
        assert!(paths.iter().any(|p| p.starts_with(lang) && p.contains("page")), "the {lang} page: {paths:?}");
        assert!(paths.iter().any(|p| p.starts_with(lang) && p.contains("reference")), "the {lang} API reference: {paths:?}");
    }
}
