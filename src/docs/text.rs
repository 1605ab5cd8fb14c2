//! Small text helpers shared by the generator: `{{ term }}` references,
//! heading slugs, accent folding, page links, and the Markdown event stream
//! the renderer walks. This module alone sets pulldown-cmark's options.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Options, Parser};

use crate::i18n::Lang;

/// Turns byte offsets of a page body into lines of its file.
#[derive(Debug)]
pub(crate) struct LineIndex {
    starts: Vec<usize>,
    first_line: usize,
}

impl LineIndex {
    /// `first_line` is the file line of the body's first byte.
    pub fn new(body: &str, first_line: usize) -> Self {
        let starts = std::iter::once(0).chain(body.match_indices('\n').map(|(i, _)| i + 1)).collect();
        Self { starts, first_line }
    }

    /// The file line of body byte `offset`.
    pub fn line(&self, offset: usize) -> usize {
        self.first_line + self.starts.partition_point(|s| *s <= offset).saturating_sub(1)
    }
}

/// Whether `id` may name a Fluent message (and so a `{{ id }}` reference).
/// `term-x` or, for one of its forms, `term-x.inline`.
fn valid_message_id(id: &str) -> bool {
    let name = |part: &str| {
        let mut chars = part.chars();
        chars.next().is_some_and(|c| c.is_ascii_alphabetic()) && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    };
    match id.split_once('.') {
        Some((message, attribute)) => name(message) && name(attribute),
        None => name(id),
    }
}

/// Replaces every `{{ id }}` in `text` with `lookup(id)`. Problems come back
/// with their byte offset in `text`; the reference is then left as written.
pub(crate) fn expand_terms(text: &str, lookup: impl Fn(&str) -> Option<String>) -> (String, Vec<(usize, String)>) {
    let mut out = String::with_capacity(text.len());
    let mut problems = Vec::new();
    let mut rest = text;
    let mut consumed = 0;
    while let Some(open) = rest.find("{{") {
        out.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        let Some(close) = after.find("}}") else {
            problems.push((consumed + open, "`{{` without a closing `}}`; write a program term as {{ message-id }}".to_owned()));
            out.push_str(&rest[open..]);
            return (out, problems);
        };
        let id = after[..close].trim();
        let whole = &rest[open..open + 2 + close + 2];
        if !valid_message_id(id) {
            problems.push((consumed + open, format!("malformed term reference {whole:?}; write {{{{ message-id }}}}")));
            out.push_str(whole);
        } else if let Some(value) = lookup(id) {
            out.push_str(&value);
        } else {
            problems.push((consumed + open, format!("unknown Fluent message {id:?} in {whole:?}")));
            out.push_str(whole);
        }
        let next = open + 2 + close + 2;
        consumed += next;
        rest = &rest[next..];
    }
    out.push_str(rest);
    (out, problems)
}

/// The term references of `text` that stand mid-sentence (after a word in
/// lowercase: "turn off {{ term-auto-renew }}") in their label form although
/// the term has a form for that (`inline(id)`, its `.inline` attribute) that
/// differs: "Renouvellement automatique" reads wrong after "le". Offsets
/// and messages as for [`expand_terms`].
///
/// `before` is the last character of the text before `text` in the same
/// paragraph (across a line break), if any.
pub(crate) fn labels_mid_sentence(text: &str, before: Option<char>, inline: impl Fn(&str) -> Option<String>) -> Vec<(usize, String)> {
    let mut problems = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find("{{").map(|i| i + from) {
        let Some(close) = text[open..].find("}}").map(|i| i + open) else { break };
        let id = text[open + 2..close].trim();
        let preceding = &text[..open];
        let spaced = preceding.ends_with(char::is_whitespace) || (preceding.is_empty() && before.is_some());
        let last = preceding.trim_end().chars().next_back().or(before);
        let after_word = spaced && last.is_some_and(|c| c.is_lowercase() || c == ',');
        if after_word && valid_message_id(id) && !id.contains('.') {
            if let Some(form) = inline(id) {
                problems.push((open, format!("{{{{ {id} }}}} is in its label form mid-sentence; write {{{{ {id}.inline }}}} ({form:?})")));
            }
        }
        from = close + 2;
    }
    problems
}

/// Text from elsewhere (Fluent, front matter) as Markdown text: nothing in
/// it may start a block, a link, emphasis or a table cell.
pub(crate) fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// An anchor for a heading without an explicit `{#id}`: `Sign in & out` → `sign-in-out`.
pub(crate) fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for c in super::search::fold(text).chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if (c.is_whitespace() || c == '-' || c == '_') && !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_owned()
}

/// Whether `id` is usable as a heading anchor.
pub(crate) fn valid_anchor(id: &str) -> bool {
    !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// What a link in a page points to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LinkTarget {
    /// A URL with a scheme (`https:`, `mailto:`): left alone.
    External,
    /// `#anchor` on the same page.
    Anchor(String),
    /// `slug.md`, `./slug.md#anchor` or `../fr/slug.md`: another page.
    Page { lang: Option<Lang>, slug: String, anchor: Option<String> },
    /// Anything else, with the reason.
    Invalid(String),
}

/// Reads a link destination as written in Markdown.
pub(crate) fn parse_link(dest: &str, dir: &str) -> LinkTarget {
    let is_scheme = dest.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)) && !scheme.contains('/')
    });
    if is_scheme || dest.starts_with("//") {
        return LinkTarget::External;
    }
    let (path, anchor) = match dest.split_once('#') {
        Some((path, anchor)) => (path, Some(anchor.to_owned())),
        None => (dest, None),
    };
    if let Some(anchor) = anchor.as_ref().filter(|_| path.is_empty()) {
        return LinkTarget::Anchor(anchor.clone());
    }
    let usage = || {
        LinkTarget::Invalid(format!(
            "link {dest:?}: link to another page by its file, relative to this one (`page.md`, `../section/page.md#anchor`, `section/_index.md`), or give a full URL with its scheme"
        ))
    };
    let Some(file) = path.strip_suffix(".md") else { return usage() };
    // Resolved like a path on disk, from the page's folder; one `..` above
    // the language folder leads into the other language's.
    let mut stack: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    let mut lang = None;
    let mut segments = file.split('/');
    while let Some(segment) = segments.next() {
        match segment {
            "." => {}
            ".." if stack.pop().is_some() => {}
            ".." => {
                let code = segments.next().unwrap_or_default();
                match Lang::from_code(code) {
                    Some(other) if lang.is_none() => lang = Some(other),
                    _ => return LinkTarget::Invalid(format!("link {dest:?}: {code:?} is not a language folder")),
                }
            }
            other => stack.push(other),
        }
    }
    if stack.last() == Some(&"_index") {
        stack.pop();
    }
    if stack.is_empty() || !stack.iter().all(|s| super::source::valid_slug(s)) {
        return usage();
    }
    LinkTarget::Page { lang, slug: stack.join("/"), anchor }
}

/// The Markdown dialect of the site.
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_GFM | Options::ENABLE_HEADING_ATTRIBUTES | Options::ENABLE_STRIKETHROUGH
}

pub(crate) type Spanned<'s> = (Event<'s>, Range<usize>);

/// Parses `body` and merges adjacent text events, so a `{{ term }}` is never split.
pub(crate) fn events(body: &str) -> Vec<Spanned<'_>> {
    let mut out: Vec<Spanned<'_>> = Vec::new();
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        if let (Event::Text(next), Some((Event::Text(prev), prev_range))) = (&event, out.last_mut()) {
            *prev = CowStr::from(format!("{prev}{next}"));
            prev_range.end = range.end;
            continue;
        }
        out.push((event, range));
    }
    out
}

/// The index of the `End` matching the `Start` at `start`.
pub(crate) fn matching_end(events: &[Spanned<'_>], start: usize) -> usize {
    let mut depth = 0usize;
    for (i, (event, _)) in events.iter().enumerate().skip(start) {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    events.len().saturating_sub(1)
}

/// The text of a code block's events.
pub(crate) fn inner_text(inner: &[Spanned<'_>]) -> String {
    inner.iter().filter_map(|(e, _)| if let Event::Text(t) = e { Some(t.as_ref()) } else { None }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_of_body_offsets() {
        let index = LineIndex::new("a\nbb\n\nc", 10);
        assert_eq!([index.line(0), index.line(2), index.line(3), index.line(5), index.line(6)], [10, 11, 11, 12, 13]);
    }

    #[test]
    fn expands_terms_and_reports_unknown_and_malformed_ones() {
        let lookup = |id: &str| (id == "term-x").then(|| "X".to_owned());
        assert_eq!(expand_terms("a {{ term-x }} b {{term-x}}", lookup).0, "a X b X");
        let (out, problems) = expand_terms("{{ nope }} and {{ 1bad }} {{ open", lookup);
        assert_eq!(out, "{{ nope }} and {{ 1bad }} {{ open");
        assert_eq!(problems.iter().map(|p| p.0).collect::<Vec<_>>(), vec![0, 15, 26]);
        assert!(problems[0].1.contains("\"nope\""));
    }

    #[test]
    fn a_term_form_is_an_attribute_reference() {
        let lookup = |id: &str| (id == "term-x.inline").then(|| "x".to_owned());
        assert_eq!(expand_terms("the {{ term-x.inline }}", lookup), ("the x".to_owned(), vec![]));
        assert_eq!(expand_terms("{{ term-x.a.b }}", lookup).1.len(), 1, "one attribute at most");
    }

    #[test]
    fn a_label_mid_sentence_is_reported_where_the_term_has_an_inline_form() {
        let inline = |id: &str| (id == "term-auto-renew").then(|| "renouvellement automatique".to_owned());
        let text = "{{ term-auto-renew }} : désactivez le {{ term-auto-renew }}, puis {{ term-other }}.";
        let problems = labels_mid_sentence(text, None, inline);
        assert_eq!(problems.iter().map(|p| p.0).collect::<Vec<_>>(), vec![39], "{problems:?}");
        assert!(problems[0].1.contains("{{ term-auto-renew.inline }}"), "{problems:?}");
        assert!(labels_mid_sentence("{{ term-auto-renew }}, then", None, inline).is_empty(), "a label at the start stays");
        assert_eq!(labels_mid_sentence("{{ term-auto-renew }} :", Some('e'), inline).len(), 1, "after a line break");
    }

    #[test]
    fn slugs_are_ascii_and_stable() {
        assert_eq!(slugify("Sign in & out"), "sign-in-out");
        assert_eq!(slugify("Période de grâce — expiration"), "periode-de-grace-expiration");
        assert_eq!(slugify("¿?"), "");
    }

    #[test]
    fn reads_link_destinations() {
        let page = |lang, slug: &str, anchor: Option<&str>| LinkTarget::Page { lang, slug: slug.into(), anchor: anchor.map(Into::into) };
        assert_eq!(parse_link("https://x.example/a.md", ""), LinkTarget::External);
        assert_eq!(parse_link("mailto:a@b.example", ""), LinkTarget::External);
        assert_eq!(parse_link("#top", ""), LinkTarget::Anchor("top".into()));
        assert_eq!(parse_link("./a.md#b", ""), page(None, "a", Some("b")));
        assert_eq!(parse_link("../fr/a.md", ""), page(Some(Lang::Fr), "a", None));
        assert!(matches!(parse_link("../de/a.md", ""), LinkTarget::Invalid(_)));
        assert!(matches!(parse_link("picture.png", ""), LinkTarget::Invalid(_)));
        // Inside sections, links are relative to the page's folder.
        assert_eq!(parse_link("dir/a.md", ""), page(None, "dir/a", None));
        assert_eq!(parse_link("orders.md", "billing"), page(None, "billing/orders", None));
        assert_eq!(parse_link("../start.md", "billing"), page(None, "start", None));
        assert_eq!(parse_link("../../fr/billing/orders.md", "billing"), page(Some(Lang::Fr), "billing/orders", None));
        assert_eq!(parse_link("../billing/_index.md", "guides"), page(None, "billing", None));
        assert!(matches!(parse_link("../_index.md", "billing"), LinkTarget::Invalid(_)), "the home page is not a file");
        assert!(matches!(parse_link("Bad Name.md", ""), LinkTarget::Invalid(_)));
    }
}
