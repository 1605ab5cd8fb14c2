//! The runnable examples of the help pages (```` ```graphql run ````), run
//! against a fresh demo instance per page, in page order, with the page's
//! `Accept-Language`. A response with `errors` the page doesn't show, or one
//! that differs from the page's ```` ```json response ```` beyond tokens and
//! keys, fails the test; `src/docs/examples.rs` has the rules.
//!
//! To see what the API answers (to write a new example's response), run
//! `DOCS_EXAMPLES_PRINT=1 cargo test --test docs_examples -- --nocapture`.
//! To write it into the pages, `DOCS_EXAMPLES_BLESS=1 cargo test --test
//! docs_examples`: every runnable example's ```` ```json response ```` block
//! that differs from what the API answered becomes that answer (without the
//! rate-limit `extensions`), in the API's field order; review the diff, then
//! run the test again without it.

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

/// Runs `examples` in order, each page on a demo instance of its own;
/// returns one report per failing example.
async fn run_all(examples: &[Example]) -> Vec<String> {
    let print = std::env::var_os("DOCS_EXAMPLES_PRINT").is_some();
    let bless = std::env::var_os("DOCS_EXAMPLES_BLESS").is_some();
    let mut blessed = Vec::new();
    let admin = &DEMO_ACCOUNTS[0];
    let mut failures = Vec::new();
    // Each page is a scenario of its own, on a fresh demo instance: what one
    // page does (cancelling, say) never changes what the next one shows.
    for page in examples.chunk_by(|a, b| a.file == b.file) {
        let t = demo().await;
        if let Some(at) = page[0].at {
            t.clock.set(at);
        }
        for example in page {
            let lang = example.lang;
            // `as=anonymous` sends no token at all.
            let account = match example.run_as.as_deref() {
                None => Some(Some(admin)),
                Some("anonymous") => Some(None),
                Some(name) => DEMO_ACCOUNTS.iter().find(|a| a.email.split('@').next() == Some(name)).map(Some),
            };
            let Some(account) = account else {
                failures.push(format!("{example} ({lang}): no demo account is called {:?}", example.run_as));
                continue;
            };
            let token = match account.filter(|_| !example.anonymous) {
                Some(account) => Some(t.sign_in(account.email, account.password).await),
                None => None,
            };
            let reply = t.gql_with(&example.query, example.variables.clone(), token.as_deref(), Some(lang.code())).await;
            if print {
                println!("== {example}\n{}", serde_json::to_string_pretty(&reply.body).unwrap_or_default());
            }
            // An error case shows the errors it expects; any other example must answer without.
            let expects_errors = example.response.as_ref().is_some_and(|shown| shown.get("errors").is_some());
            if bless && (expects_errors || reply.body.get("errors").is_none()) {
                // Only blocks that differ: a response that matches keeps its
                // tokens and keys as they are, so blessing changes nothing else.
                if let (Some(line), Some(expected)) = (example.response_line, &example.response) {
                    if !compare_response(expected, &reply.body).is_empty() {
                        blessed.push((example.file.clone(), line, shown(expected, &reply.body)));
                    }
                }
            }
            let mut problems = Vec::new();
            if reply.status != 200 {
                problems.push(format!("HTTP status {}", reply.status));
            }
            if let Some(errors) = reply.body.get("errors").filter(|_| !expects_errors) {
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
    write_responses(blessed);
    failures
}

/// What a page shows of `actual`: all of it but the top-level `extensions`
/// (rate-limit figures), unless the page showed them.
fn shown(expected: &serde_json::Value, actual: &serde_json::Value) -> String {
    let mut actual = actual.clone();
    if expected.get("extensions").is_none() {
        if let Some(object) = actual.as_object_mut() {
            object.remove("extensions");
        }
    }
    serde_json::to_string_pretty(&actual).expect("JSON")
}

/// Replaces each ```` ```json response ```` block (file, fence line) with
/// `text`, the last blocks of a file first so that the lines of the others
/// stay where they were.
fn write_responses(mut blessed: Vec<(PathBuf, usize, String)>) {
    blessed.sort_by(|a, b| (&a.0, b.1).cmp(&(&b.0, a.1)));
    for (file, fence, text) in blessed {
        let page = std::fs::read_to_string(&file).expect("read the page");
        let mut lines: Vec<&str> = page.lines().collect();
        assert!(lines[fence - 1].starts_with("```json response"), "{}:{fence} is not a response block", file.display());
        let close = (fence..lines.len()).find(|&i| lines[i].trim_end() == "```").expect("the block's closing fence");
        lines.splice(fence..close, text.lines());
        std::fs::write(&file, lines.join("\n") + "\n").expect("write the page");
    }
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
    let right = format!("{viewer}{{ \"data\": {{ \"viewer\": {{ \"id\": \"VXNlcjox\", \"displayName\": \"Avery Harbor\", \"roles\": [\"GLOBAL_ADMIN\"] }} }} }}\n```\n");
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

/// A hidden setup step runs as the account it names, between the reader's
/// steps, and is not rendered; an account the demo doesn't have is a failure.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn setup_steps_run_as_their_account_and_stay_hidden() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    std::fs::create_dir_all(content.join("en")).unwrap();
    std::fs::create_dir_all(content.join("fr")).unwrap();
    let body = "+++\ntitle = \"T\"\ndescription = \"D\"\nweight = 1\n+++\n\n\
        ```graphql run\nmutation { requestCancellation(input: { subscriptionId: \"T2ZmZXJTdWJzY3JpcHRpb246MQ\", reason: \"Merging.\" }) { userErrors { code } } }\n```\n\n\
        ```graphql setup as=support\nmutation HiddenStep { resolveCancellation(input: { serviceRequestId: \"U2VydmljZVJlcXVlc3Q6MQ\" }) { userErrors { code } } }\n```\n\n\
        ```graphql run\nquery { node(id: \"T2ZmZXJTdWJzY3JpcHRpb246MQ\") { ... on OfferSubscription { status } } }\n```\n\n\
        ```json response\n{ \"data\": { \"node\": { \"status\": \"CANCELLED\" } } }\n```\n";
    std::fs::write(content.join("en/a.md"), body).unwrap();
    let examples = runnable_examples(&config(&content)).unwrap();
    assert_eq!(
        examples.iter().map(|e| (e.setup, e.run_as.as_deref())).collect::<Vec<_>>(),
        [(false, None), (true, Some("support")), (false, None)]
    );
    let failures = run_all(&examples).await;
    assert!(failures.is_empty(), "{failures:#?}");

    let site = partnerdesk::docs::build(&config(&content)).unwrap_or_else(|e| panic!("{e:#?}")).site;
    let (_, html) = site.get("en/a/index.html").expect("the page");
    let html = String::from_utf8_lossy(html);
    assert!(html.contains("requestCancellation") && !html.contains("HiddenStep"), "the setup step is not shown");

    std::fs::write(content.join("en/a.md"), body.replace("as=support", "as=nobody")).unwrap();
    let failures = run_all(&runnable_examples(&config(&content)).unwrap()).await;
    assert!(failures.iter().any(|f| f.contains("no demo account is called")), "{failures:#?}");
}
