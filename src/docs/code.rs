//! Fenced code blocks: rendered as escaped `<pre><code>`, and checked on the
//! way. A ```graphql block must validate against the API schema; a ```json
//! block must parse; a ```json variables block must fit the variables of the
//! ```graphql block before it. A ```json response block is shown as written.
//!
//! ```graphql run marks a runnable example (see [`super::examples`]): it must
//! hold one operation, and its ```json response must show `data` or
//! `errors` (an error case is an example too). A ```graphql block that does
//! not run is counted: the page must say why in its front matter
//! (`examples_not_run`). ```graphql setup is a step of the page's scenario that readers
//! don't see: it is checked and run like an example, and not rendered.
//! Either may name the demo account it runs as, `as=support` (by the local
//! part of its email). The info string takes no other words.
//!
//! Every ```graphql block gets an "Open in GraphiQL" link that opens the
//! playground with the document and the ```json variables block that
//! follows it, if any.

use std::path::Path;

use maud::{html, Markup};
use pulldown_cmark::CodeBlockKind;

use super::graphql::{Checker, Operation};
use super::DocError;

/// The latest ```graphql block of the page, for the variables after it.
enum LastOperation {
    None,
    Invalid,
    Valid(Operation),
}

/// Where the "Open in GraphiQL" links lead, and what they carry.
pub(crate) struct Playground<'a> {
    pub api_url: &'a str,
    pub label: String,
    /// The variables of each ```graphql block of the page, in order.
    pub variables: Vec<Option<String>>,
}

/// The code blocks of one page, in order.
pub(crate) struct CodeBlocks<'a> {
    checker: Option<&'a Checker>,
    last: LastOperation,
    /// Whether the latest ```graphql block is runnable.
    runnable: bool,
    playground: Option<Playground<'a>>,
    /// How many ```graphql blocks were rendered.
    operations: usize,
    /// How many ```graphql run and ```graphql setup blocks the page has.
    runnable_blocks: usize,
    /// The fence lines of the ```graphql blocks that don't run.
    unrun: Vec<usize>,
}

/// For each ```graphql block of `events`, the ```json variables block right
/// after it (the next code block), if there is one.
pub(crate) fn variables_of_each_operation(events: &[super::text::Spanned<'_>]) -> Vec<Option<String>> {
    use pulldown_cmark::{Event, Tag};
    let mut blocks: Vec<(String, String)> = Vec::new();
    for (i, (event, _)) in events.iter().enumerate() {
        if let Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) = event {
            let end = super::text::matching_end(events, i);
            let inner = events.get(i + 1..end).unwrap_or_default();
            blocks.push((info.split_whitespace().collect::<Vec<_>>().join(" "), super::text::inner_text(inner)));
        }
    }
    let mut out = Vec::new();
    for (n, (info, _)) in blocks.iter().enumerate() {
        if info.split_whitespace().next() == Some("graphql") && !is_setup(info) {
            out.push(blocks.get(n + 1).filter(|(next, _)| next == "json variables").map(|(_, code)| code.clone()));
        }
    }
    out
}

/// Whether a fence's info string marks a hidden setup step.
pub(crate) fn is_setup(info: &str) -> bool {
    let mut words = info.split_whitespace();
    words.next() == Some("graphql") && words.next() == Some("setup")
}

/// The demo account a runnable or setup block names with `as=…`.
pub(crate) fn run_as(info: &str) -> Option<&str> {
    info.split_whitespace().skip(2).find_map(|w| w.strip_prefix("as="))
}

impl<'a> CodeBlocks<'a> {
    /// Without a checker, blocks are rendered but not validated.
    pub fn new(checker: Option<&'a Checker>) -> Self {
        Self { checker, last: LastOperation::None, runnable: false, playground: None, operations: 0, runnable_blocks: 0, unrun: Vec::new() }
    }

    /// How many of the page's GraphQL blocks run (setup steps included), and
    /// the fence lines of those that don't.
    pub fn examples(&self) -> (usize, &[usize]) {
        (self.runnable_blocks, &self.unrun)
    }

    /// Adds "Open in GraphiQL" links to the ```graphql blocks.
    pub fn with_playground(self, playground: Playground<'a>) -> Self {
        Self { playground: Some(playground), ..self }
    }

    /// The link that opens this ```graphql block in GraphiQL.
    fn playground_link(&mut self, code: &str) -> Option<Markup> {
        let playground = self.playground.as_ref()?;
        let variables = playground.variables.get(self.operations).cloned().flatten();
        self.operations += 1;
        let mut fragment = url::form_urlencoded::Serializer::new(String::new());
        fragment.append_pair("query", code.trim_end());
        if let Some(variables) = &variables {
            fragment.append_pair("variables", variables.trim_end());
        }
        let href = format!("{}#{}", playground.api_url, fragment.finish());
        Some(html! { p.open-graphiql { a href=(href) { (playground.label) } } })
    }

    /// Checks a block whose fence is on `fence_line` of `file` and renders it.
    pub fn render(&mut self, file: &Path, kind: &CodeBlockKind<'_>, code: String, fence_line: usize, errors: &mut Vec<DocError>) -> Markup {
        let (info, content_line) = match kind {
            CodeBlockKind::Fenced(info) => (info.as_ref(), fence_line + 1),
            CodeBlockKind::Indented => ("", fence_line),
        };
        let mut words = info.split_whitespace();
        let lang = words.next().unwrap_or_default();
        let role = words.next();
        let extra: Vec<&str> = words.collect();
        let setup = is_setup(info);
        if let Some(checker) = self.checker {
            let at = Lines { file, fence: fence_line, content: content_line };
            let allowed: &[&str] = match lang {
                "graphql" => &["run", "setup"],
                "json" => &["variables", "response"],
                _ => &[],
            };
            // `as=NAME` may follow `run` or `setup`, once.
            let runs = matches!(role, Some("run" | "setup"));
            let odd_extra =
                extra.iter().enumerate().find(|(i, w)| !(runs && *i == 0 && w.len() > 3 && w.starts_with("as="))).map(|(_, w)| *w);
            let odd = role.filter(|r| !allowed.contains(r) && !allowed.is_empty()).or(odd_extra.filter(|_| !allowed.is_empty()));
            if let Some(word) = odd {
                let message = format!("code block info string {info:?}: unknown word {word:?}; write ```graphql, ```graphql run, ```graphql setup (either with as=ACCOUNT), ```json variables or ```json response");
                errors.push(at.error(fence_line, message));
            }
            match lang {
                "graphql" => {
                    self.runnable = runs;
                    if runs {
                        self.runnable_blocks += 1;
                    } else {
                        self.unrun.push(fence_line);
                    }
                    self.check_graphql(checker, &code, &at, errors);
                }
                "json" => self.check_json(checker, &code, role, &at, errors),
                _ => {}
            }
        }
        if setup {
            // A step of the scenario, not shown.
            return html! {};
        }
        let link = if lang == "graphql" { self.playground_link(&code) } else { None };
        html! {
            // Focusable: a block wider than the column scrolls, and the keyboard must reach it.
            pre.code data-lang=[(!lang.is_empty()).then_some(lang)] data-role=[role] tabindex="0" {
                code class=[(!lang.is_empty()).then(|| format!("language-{lang}"))] { (code) }
            }
            @if let Some(link) = link { (link) }
        }
    }

    fn check_graphql(&mut self, checker: &Checker, code: &str, at: &Lines<'_>, errors: &mut Vec<DocError>) {
        let name = format!("{}:{}", at.file.display(), at.fence);
        match checker.check(code, &name) {
            Ok(operation) => {
                if self.runnable && operation.count() != 1 {
                    errors.push(at.error(at.fence, format!("runnable GraphQL block at line {} must hold exactly one operation", at.fence)));
                }
                self.last = LastOperation::Valid(operation);
            }
            Err(problems) => {
                self.last = LastOperation::Invalid;
                for (line, message) in problems {
                    errors.push(at.error(at.content + line.saturating_sub(1), format!("GraphQL block at line {}: {message}", at.fence)));
                }
            }
        }
    }

    fn check_json(&mut self, checker: &Checker, code: &str, role: Option<&str>, at: &Lines<'_>, errors: &mut Vec<DocError>) {
        if let Err(e) = serde_json::from_str::<serde_json::Value>(code) {
            // An error at the end of the text points at the block's last line, not its closing fence.
            let last = at.content + code.lines().count().saturating_sub(1);
            let line = (at.content + e.line().saturating_sub(1)).min(last);
            errors.push(at.error(line, format!("JSON block at line {} is not valid JSON: {e}", at.fence)));
            return;
        }
        if role == Some("response") && self.runnable {
            let shown: serde_json::Value = serde_json::from_str(code).unwrap_or_default();
            let data = shown.get("data").is_some_and(|d| d.is_object() || d.is_null());
            let errors_shown = shown.get("errors").is_some_and(|e| e.as_array().is_some_and(|list| !list.is_empty()));
            if !(data || errors_shown) {
                let message =
                    format!("the response of a runnable example (line {}) must show a `data` object or a list of `errors`", at.fence);
                errors.push(at.error(at.fence, message));
            }
        }
        if role != Some("variables") {
            return;
        }
        let messages = match &self.last {
            LastOperation::Valid(operation) => checker.check_variables(operation, code),
            LastOperation::Invalid => Vec::new(),
            LastOperation::None => vec!["a ```json variables block must follow the ```graphql block it belongs to".to_owned()],
        };
        for message in messages {
            errors.push(at.error(at.fence, format!("variables at line {}: {message}", at.fence)));
        }
    }
}

/// Where a block is.
struct Lines<'a> {
    file: &'a Path,
    fence: usize,
    content: usize,
}

impl Lines<'_> {
    fn error(&self, line: usize, message: String) -> DocError {
        DocError::new(self.file, line, message)
    }
}
