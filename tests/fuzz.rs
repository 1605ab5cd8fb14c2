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
    fn the_markdown_and_front_matter_loader_reports_instead_of_panicking(
        front in "[a-z_ =\"\\[\\],0-9\n+]{0,80}",
        body in "[#>*`\\[\\]()!{}a-z0-9 .:\n-]{0,300}",
    ) {
        let dir = tempfile::tempdir().unwrap();
        for lang in ["en", "fr"] {
            let folder = dir.path().join("content").join(lang);
            std::fs::create_dir_all(&folder).unwrap();
            std::fs::write(folder.join("page.md"), format!("+++\n{front}\n+++\n{body}\n")).unwrap();
        }
        let locales = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/docs/locales");
        let config = partnerdesk::docs::DocsConfig::new(partnerdesk::api::sdl(), dir.path().join("content"), locales);
        if let Err(errors) = partnerdesk::docs::build(&config) {
            prop_assert!(!errors.is_empty() && errors.iter().all(|e| !e.message.is_empty()));
        }
    }

    #[test]
    fn global_ids_decode_or_refuse(text in ".{0,80}") {
        if let Some(id) = partnerdesk::domain::GlobalId::decode(&text) {
            prop_assert_eq!(id.encode(), text);
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
