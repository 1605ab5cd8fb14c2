//! Runnable examples: the GraphQL blocks that `cargo test` executes against a
//! fresh demo instance (`tests/docs_examples.rs`), so the pages can't drift
//! from what the API answers.
//!
//! # Marking an example
//!
//! ````markdown
//! ```graphql run
//! query { program { offers { code } } }
//! ```
//!
//! ```json variables
//! {}
//! ```
//!
//! ```json response
//! { "data": { "program": { "offers": [{ "code": "ACTION_PACK" }] } } }
//! ```
//! ````
//!
//! The `json variables` and `json response` blocks are optional and belong to
//! the runnable block before them (until the next `graphql` block). Every page
//! of a language runs in page order (by weight), on one demo instance per
//! language, with `Accept-Language` set to the page's language.
//!
//! # Who runs it
//!
//! A block whose operation is a mutation made only of `signIn` or
//! `joinNetwork` runs without a token; every other block runs signed in as
//! the demo's global admin, or as the demo account it names with `as=` (the
//! local part of its email: `as=support` for program support, `as=program`
//! for the program admin), with a fresh sign-in per block, so an example
//! that signs out doesn't break the next one. `as=anonymous` sends no token
//! (to show what a caller who is not signed in gets).
//!
//! # When it runs
//!
//! The demo starts at its own time, the day it bought Action Pack, on a
//! clock that only moves when told. A page whose scenario starts later says
//! where the clock stands in its front matter: `examples_at =
//! "2018-02-10T09:00:00Z"` (the renewal window).
//!
//! # Steps readers don't see
//!
//! A ```` ```graphql setup ```` block is a step of the page's scenario that
//! is not rendered: program staff resolving a request between two of the
//! reader's steps, say. It runs in its place, like an example, and must
//! answer without `errors`; it takes no variables block.
//!
//! # How the response is compared
//!
//! The actual response must match the page's response ([`compare_response`]):
//! the same keys in every object (in any order), the same length for every
//! array, and equal values. A response that shows `errors` is an error case:
//! the API must answer with those errors (messages in the page's language,
//! codes, paths); any other example must answer without `errors`. The
//! top-level `extensions` (rate-limit figures) is ignored unless the page
//! shows it.
//!
//! The demo is deterministic (IDs, times, amounts), so IDs and times are
//! compared like any value. The only placeholders are the values that are
//! random by design, under the keys `token`, `temporaryPassword`, `key`
//! (product keys) and `partnerId`: for them only the JSON type must match
//! (a string stays a string, `null` stays `null`).

use std::path::PathBuf;

use pulldown_cmark::{CodeBlockKind, Event, Tag};
use serde_json::Value;

use super::graphql::Checker;
use super::plan::{self, Status};
use super::text::{events, inner_text, matching_end, LineIndex};
use super::{source, DocError, DocsConfig};
use crate::i18n::Lang;

/// Root fields a block may hold and still run without a token.
const ANONYMOUS_MUTATIONS: &[&str] = &["signIn", "joinNetwork"];

/// Keys whose values are random by design: secrets and the partner ID.
const VOLATILE_KEYS: &[&str] = &["token", "temporaryPassword", "key", "partnerId"];

/// One runnable block and what the page says about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// The language of the page, sent as `Accept-Language`.
    pub lang: Lang,
    pub file: PathBuf,
    /// The line of the ```` ```graphql run ```` fence.
    pub line: usize,
    pub query: String,
    /// The ```` ```json variables ```` block, or an empty object.
    pub variables: Value,
    /// The ```` ```json response ```` block, when the page shows one.
    pub response: Option<Value>,
    /// The line of that block's fence.
    pub response_line: Option<usize>,
    /// Whether the block runs without a token (see the module documentation).
    pub anonymous: bool,
    /// A hidden step of the page's scenario (```` ```graphql setup ````).
    pub setup: bool,
    /// The demo account it runs as (`as=support`), by the local part of its
    /// email; the global admin when `None`.
    pub run_as: Option<String>,
    /// Where the demo's clock stands for the page's examples (the page's
    /// `examples_at`); the demo's own time when `None`.
    pub at: Option<chrono::DateTime<chrono::Utc>>,
}

impl std::fmt::Display for Example {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file.display(), self.line)
    }
}

/// Every runnable example of the site, English pages first, each language
/// in page order. Pages shown untranslated are left out: their English page
/// runs already. Fails with the same errors as the build when a page can't
/// be read or a runnable block isn't valid.
pub fn runnable_examples(config: &DocsConfig) -> Result<Vec<Example>, Vec<DocError>> {
    let checker = Checker::new(&config.schema)
        .map_err(|list| list.into_iter().map(|(line, message)| DocError::new("<API schema>", line, message)).collect::<Vec<_>>())?;
    let mut errors = Vec::new();
    let (sources, broken) = source::load_all(&config.content, &mut errors, &mut Vec::new());
    let (plan, _) = plan::pair(sources, broken, false, &mut errors);
    let mut out = Vec::new();
    for page in plan.pages.iter().filter(|p| p.status != Status::Untranslated) {
        let source = plan.source_of(page);
        let at = source.front.examples_at;
        out.extend(
            extract(&source.body, source.body_line, page.lang, &source.path, &checker, &mut errors)
                .into_iter()
                .map(|e| Example { at, ..e }),
        );
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        errors.sort();
        Err(errors)
    }
}

/// The runnable examples of one page body whose first line is `first_line` of `file`.
fn extract(
    body: &str,
    first_line: usize,
    lang: Lang,
    file: &std::path::Path,
    checker: &Checker,
    errors: &mut Vec<DocError>,
) -> Vec<Example> {
    let list = events(body);
    let lines = LineIndex::new(body, first_line);
    let mut out: Vec<Example> = Vec::new();
    // Whether the latest graphql block is the last example of `out`.
    let mut open = false;
    for (i, (event, range)) in list.iter().enumerate() {
        let Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) = event else { continue };
        let mut words = info.split_whitespace();
        let (kind, role) = (words.next().unwrap_or_default(), words.next());
        let code = inner_text(list.get(i + 1..matching_end(&list, i)).unwrap_or_default());
        let line = lines.line(range.start);
        match (kind, role) {
            ("graphql", Some(role @ ("run" | "setup"))) => {
                let anonymous = match checker.check(&code, &format!("{}:{line}", file.display())) {
                    Ok(operation) => operation.root_fields().is_some_and(|(mutation, fields)| {
                        mutation && !fields.is_empty() && fields.iter().all(|f| ANONYMOUS_MUTATIONS.contains(&f.as_str()))
                    }),
                    Err(problems) => {
                        for (at, message) in problems {
                            errors.push(DocError::new(file, line + at, format!("runnable GraphQL block at line {line}: {message}")));
                        }
                        false
                    }
                };
                out.push(Example {
                    lang,
                    file: file.to_owned(),
                    line,
                    query: code,
                    variables: Value::Object(Default::default()),
                    response: None,
                    response_line: None,
                    anonymous,
                    setup: role == "setup",
                    run_as: super::code::run_as(info).map(str::to_owned),
                    at: None,
                });
                open = true;
            }
            ("graphql", _) => open = false,
            ("json", Some(role @ ("variables" | "response"))) if open => {
                let value = match serde_json::from_str::<Value>(&code) {
                    Ok(value) => value,
                    Err(e) => {
                        errors.push(DocError::new(file, line, format!("JSON block at line {line} is not valid JSON: {e}")));
                        continue;
                    }
                };
                if let Some(example) = out.last_mut() {
                    if role == "variables" {
                        example.variables = value;
                    } else {
                        example.response = Some(value);
                        example.response_line = Some(line);
                    }
                }
            }
            _ => {}
        }
    }
    out
}

fn is_volatile_key(key: &str) -> bool {
    VOLATILE_KEYS.contains(&key)
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The differences between the response a page shows and the one the API
/// gave, as `/json/pointer: what differs`; empty when they match under the
/// rule of the module documentation.
pub fn compare_response(expected: &Value, actual: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut actual = actual.clone();
    if let (Some(shown), Some(given)) = (expected.as_object(), actual.as_object_mut()) {
        if !shown.contains_key("extensions") {
            given.remove("extensions");
        }
    }
    compare_at("", None, expected, &actual, &mut out);
    out
}

fn compare_at(path: &str, key: Option<&str>, expected: &Value, actual: &Value, out: &mut Vec<String>) {
    let here = if path.is_empty() { "/" } else { path };
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for k in e.keys().filter(|k| !a.contains_key(*k)) {
                out.push(format!("{here}: the API gave no {k:?}"));
            }
            for k in a.keys().filter(|k| !e.contains_key(*k)) {
                out.push(format!("{here}: the API gave {k:?}, which the page doesn't show"));
            }
            for (k, ev) in e {
                if let Some(av) = a.get(k) {
                    compare_at(&format!("{path}/{}", k.replace('~', "~0").replace('/', "~1")), Some(k), ev, av, out);
                }
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                out.push(format!("{here}: the page shows {} item(s), the API gave {}", e.len(), a.len()));
            }
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                compare_at(&format!("{path}/{i}"), key, ev, av, out);
            }
        }
        (e, a) if kind(e) != kind(a) => out.push(format!("{here}: the page shows {} ({e}), the API gave {} ({a})", kind(e), kind(a))),
        _ if key.is_some_and(is_volatile_key) => {}
        (e, a) if e != a => out.push(format!("{here}: the page shows {e}, the API gave {a}")),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::json;

    use super::*;

    const SDL: &str = "type Query { viewer: User }\ntype User { name: String! }\n\
        input SignInInput { email: String! }\ntype Mutation { signIn(input: SignInInput!): User, signOut: Boolean }\n";

    fn run(body: &str) -> (Vec<Example>, Vec<DocError>) {
        let checker = Checker::new(SDL).unwrap();
        let mut errors = Vec::new();
        let out = extract(body, 7, Lang::Fr, Path::new("content/fr/p.md"), &checker, &mut errors);
        (out, errors)
    }

    #[test]
    fn finds_runnable_blocks_with_their_variables_and_response() {
        let body = "Intro.\n\n```graphql\n{ viewer { name } }\n```\n\n```json response\n{}\n```\n\n\
            ```graphql run\nmutation S($input: SignInInput!) { signIn(input: $input) { name } }\n```\n\n\
            ```json variables\n{ \"input\": { \"email\": \"a@b.example\" } }\n```\n\n\
            ```json response\n{ \"data\": { \"signIn\": { \"name\": \"A\" } } }\n```\n\n\
            ```graphql run\n{ viewer { name } }\n```\n\n```graphql run\nmutation { signOut }\n```\n";
        let (examples, errors) = run(body);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(examples.len(), 3);
        let first = &examples[0];
        assert_eq!((first.line, first.lang, first.anonymous), (17, Lang::Fr, true));
        assert_eq!(first.variables, json!({ "input": { "email": "a@b.example" } }));
        assert_eq!(first.response, Some(json!({ "data": { "signIn": { "name": "A" } } })));
        assert_eq!((examples[1].anonymous, examples[1].response.is_none()), (false, true), "queries run signed in");
        assert!(!examples[2].anonymous, "signOut needs a token");
        assert_eq!(examples[1].variables, json!({}));
    }

    #[test]
    fn ignores_placeholders_but_not_ids_times_structure_or_stable_values() {
        let page = json!({ "data": { "a": { "id": "QQ", "token": "pd_x", "key": "AAAAA", "partnerId": "4000001",
            "at": "2017-03-22T21:03:11Z", "name": "Avery", "roles": ["GLOBAL_ADMIN"], "n": 3, "gone": null } } });
        let same = json!({ "data": { "a": { "gone": null, "n": 3, "roles": ["GLOBAL_ADMIN"], "name": "Avery",
            "at": "2017-03-22T21:03:11Z", "token": "pd_other", "key": "BBBBB", "partnerId": "5000002", "id": "QQ" } },
            "extensions": { "cost": 3 } });
        assert_eq!(compare_response(&page, &same), Vec::<String>::new());
        let differs = json!({ "data": { "a": { "id": "RR", "token": null, "key": "BBBBB", "partnerId": "5000002",
            "at": "2017-03-22T21:03:12Z", "name": "Avery Harbor", "roles": ["GLOBAL_ADMIN", "MEMBER"], "n": 4, "extra": 1 } } });
        let diff = compare_response(&page, &differs);
        for needle in [
            "/data/a/id: the page shows \"QQ\", the API gave \"RR\"",
            "/data/a/token: the page shows a string",
            "/data/a/at: the page shows",
            "/data/a/name:",
            "/data/a/roles: the page shows 1 item(s), the API gave 2",
            "/data/a/n: the page shows 3, the API gave 4",
            "the API gave no \"gone\"",
            "the API gave \"extra\"",
        ] {
            assert!(diff.iter().any(|d| d.contains(needle)), "{needle} in {diff:#?}");
        }
        assert_eq!(diff.len(), 8, "{diff:#?}");
    }

    #[test]
    fn an_error_case_compares_its_errors() {
        let page = json!({ "errors": [{ "message": "Sign in first.", "extensions": { "code": "UNAUTHENTICATED" } }], "data": null });
        assert_eq!(compare_response(&page, &page.clone()), Vec::<String>::new());
        let other = json!({ "errors": [{ "message": "Connectez-vous.", "extensions": { "code": "UNAUTHENTICATED" } }], "data": null });
        assert_eq!(compare_response(&page, &other).len(), 1);
    }
}
