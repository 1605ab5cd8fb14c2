//! The runnable examples of the help pages (```` ```graphql run ````), run
//! against a fresh demo instance per language, in page order, with the page's
//! `Accept-Language`. A response with `errors`, or one that differs from the
//! page's ```` ```json response ```` beyond IDs, tokens and times, fails the
//! test; `src/docs/examples.rs` has the rules.
//!
//! To see what the API answers (to write a new example's response), run
//! `DOCS_EXAMPLES_PRINT=1 cargo test --test docs_examples -- --nocapture`.

mod common;

use std::path::{Path, PathBuf};

use common::TestApp;
use partnerdesk::app::demo::DEMO_ACCOUNTS;
use partnerdesk::docs::{compare_response, runnable_examples, DocsConfig, Example};
use partnerdesk::i18n::Lang;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn config(content: &Path) -> DocsConfig {
    DocsConfig::new(partnerdesk::api::sdl(), content, root().join("locales"))
}

/// A fresh instance with the demo data loaded.
async fn demo() -> TestApp {
    let t = TestApp::new(common::sqlite().await).await;
    t.app.load_demo().await.expect("the demo loads").expect("the database was empty");
    t
}

/// Runs `examples` in order on one demo instance per language; returns one
/// report per failing example.
async fn run_all(examples: &[Example]) -> Vec<String> {
    let print = std::env::var_os("DOCS_EXAMPLES_PRINT").is_some();
    let admin = &DEMO_ACCOUNTS[0];
    let mut failures = Vec::new();
    for lang in Lang::ALL {
        let mine: Vec<&Example> = examples.iter().filter(|e| e.lang == lang).collect();
        if mine.is_empty() {
            continue;
        }
        let t = demo().await;
        for example in mine {
            let token = if example.anonymous { None } else { Some(t.sign_in(admin.email, admin.password).await) };
            let reply = t.gql_with(&example.query, example.variables.clone(), token.as_deref(), Some(lang.code())).await;
            if print {
                println!("== {example}\n{}", serde_json::to_string_pretty(&reply.body).unwrap_or_default());
            }
            let mut problems = Vec::new();
            if reply.status != 200 {
                problems.push(format!("HTTP status {}", reply.status));
            }
            if let Some(errors) = reply.body.get("errors") {
                problems.push(format!("the response has errors: {errors}"));
            } else if let Some(expected) = &example.response {
                problems.extend(compare_response(expected, &reply.body));
            }
            if !problems.is_empty() {
                let body = serde_json::to_string_pretty(&reply.body).unwrap_or_default();
                failures.push(format!("{example} ({lang}):\n  {}\n  the API answered:\n{body}", problems.join("\n  ")));
            }
        }
    }
    failures
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_runnable_example_answers_as_its_page_shows() {
    let examples = runnable_examples(&config(&root().join("content")))
        .unwrap_or_else(|errors| panic!("{}", errors.iter().map(|e| format!("{e}\n")).collect::<String>()));
    for lang in Lang::ALL {
        let count = examples.iter().filter(|e| e.lang == lang).count();
        assert!(count >= 4, "only {count} runnable example(s) in {lang}");
    }
    assert!(examples.iter().any(|e| e.anonymous && e.query.contains("signIn")), "a signIn example runs without a token");
    let failures = run_all(&examples).await;
    assert!(failures.is_empty(), "{} runnable example(s) failed:\n\n{}", failures.len(), failures.join("\n\n"));
}

/// A page whose example is wrong in one stable value, and one whose example
/// is right: the runner tells them apart, in the page's language.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_response_or_an_error_fails_the_example() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    std::fs::create_dir_all(content.join("en")).unwrap();
    std::fs::create_dir_all(content.join("fr")).unwrap();
    let page = |body: &str| format!("+++\ntitle = \"T\"\ndescription = \"D\"\nweight = 1\n+++\n\n{body}");
    let viewer = "```graphql run\nquery { viewer { id displayName roles } }\n```\n\n```json response\n";
    let right = format!("{viewer}{{ \"data\": {{ \"viewer\": {{ \"id\": \"x\", \"displayName\": \"Avery Harbor\", \"roles\": [\"GLOBAL_ADMIN\"] }} }} }}\n```\n");
    let wrong = right.replace("Avery Harbor", "Avery Harbour");
    let failing = "```graphql run\nquery { organization { users(first: 500) { totalCount } } }\n```\n";
    std::fs::write(content.join("en/a.md"), page(&right)).unwrap();
    std::fs::write(content.join("en/b.md"), page(&format!("{wrong}\n{failing}"))).unwrap();
    let examples = runnable_examples(&config(&content)).unwrap();
    assert_eq!(examples.len(), 3, "untranslated pages are not run twice: {examples:?}");
    let failures = run_all(&examples).await;
    assert_eq!(failures.len(), 2, "{failures:#?}");
    assert!(failures[0].contains("b.md:7") && failures[0].contains("/data/viewer/displayName"), "{}", failures[0]);
    assert!(failures[1].contains("b.md:15") && failures[1].contains("errors"), "{}", failures[1]);
}

#[test]
fn a_runnable_block_that_does_not_validate_is_reported_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    std::fs::create_dir_all(content.join("en")).unwrap();
    let body = "+++\ntitle = \"T\"\ndescription = \"D\"\nweight = 1\n+++\n\n```graphql run\nquery {\n  viewer { nickname }\n}\n```\n";
    std::fs::write(content.join("en/a.md"), body).unwrap();
    let errors = runnable_examples(&config(&content)).unwrap_err();
    assert!(errors.iter().any(|e| e.line == 9 && e.message.contains("nickname")), "{errors:?}");
}
