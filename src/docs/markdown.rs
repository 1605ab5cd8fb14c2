//! One page's Markdown to HTML: CommonMark with tables, alerts with localized
//! labels, heading anchors, `{{ term }}` references, page links and checked
//! code blocks. Custom pieces are rendered with maud and spliced into
//! pulldown-cmark's HTML writer; raw HTML in a page is shown as text.

use std::collections::HashSet;
use std::ops::Range;
use std::path::Path;

use maud::{html, Markup, PreEscaped};
use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, Tag, TagEnd};

use super::code::CodeBlocks;
use super::graphql::Checker;
use super::text::{self, events, inner_text, matching_end, LineIndex, LinkTarget, Spanned};
use super::DocError;
use crate::i18n::{Lang, Locales};

/// Ids the page layout uses; a heading can't take them.
pub(crate) const RESERVED_IDS: &[&str] = &["main", "toc-title", "related-title", "search-input", "search-results", "top"];

/// A heading of the page body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
    pub line: usize,
}

/// A link to a page of the site (or to an anchor of this one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PageLink {
    pub lang: Lang,
    /// `None` for `#anchor` links within the page.
    pub slug: Option<String>,
    pub anchor: Option<String>,
    pub line: usize,
}

/// A rendered body and what the rest of the build needs to know about it.
#[derive(Debug, Default, Clone)]
pub(crate) struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
    pub links: Vec<PageLink>,
    /// The plain text, terms expanded, code blocks left out: for search.
    pub text: String,
    pub errors: Vec<DocError>,
    /// How many GraphQL blocks run (examples and setup steps).
    pub examples: usize,
    /// The fence lines of the GraphQL blocks that don't run.
    pub unrun: Vec<usize>,
}

/// What rendering one body needs.
pub(crate) struct RenderContext<'a> {
    pub locales: &'a Locales,
    /// The language of the text: terms and alert labels.
    pub content_lang: Lang,
    /// The language of the pages that links lead to.
    pub link_lang: Lang,
    pub base_url: &'a str,
    /// Where "Open in GraphiQL" links lead.
    pub api_url: &'a str,
    pub file: &'a Path,
    /// The page's folder inside its language (`""` at the top): links are relative to it.
    pub dir: &'a str,
    /// The file line of the body's first line.
    pub first_line: usize,
    /// The English page's headings: a heading without `{#id}` takes the id
    /// at the same position, so anchors match across languages.
    pub id_model: Option<&'a [Heading]>,
    /// `None` skips code-block validation (a page rendered twice).
    pub checker: Option<&'a Checker>,
}

/// Renders a page body.
pub(crate) fn render(body: &str, cx: &RenderContext<'_>) -> Rendered {
    let events = events(body);
    let heading_total = events.iter().filter(|(e, _)| matches!(e, Event::Start(Tag::Heading { .. }))).count();
    let mut walker = Walker {
        cx,
        lines: LineIndex::new(body, cx.first_line),
        heading_total,
        ids: HashSet::new(),
        code: CodeBlocks::new(cx.checker).with_playground(super::code::Playground {
            api_url: cx.api_url,
            label: cx.locales.text(cx.content_lang, "page-open-in-graphiql"),
            variables: super::code::variables_of_each_operation(&events),
        }),
        out: Rendered::default(),
        last_char: None,
    };
    let html = walker.transform(&events);
    let (examples, unrun) = walker.code.examples();
    let (examples, unrun) = (examples, unrun.to_vec());
    let mut out = walker.out;
    out.html = html;
    out.examples = examples;
    out.unrun = unrun;
    out.text = super::search::search_words(&out.text);
    out
}

struct Walker<'a> {
    cx: &'a RenderContext<'a>,
    lines: LineIndex,
    heading_total: usize,
    ids: HashSet<String>,
    code: CodeBlocks<'a>,
    out: Rendered,
    /// The last character of the paragraph's text so far, across line
    /// breaks: whether a term stands mid-sentence.
    last_char: Option<char>,
}

/// The name of a ```` ```diagram NAME ```` block.
fn diagram_name<'k>(kind: &'k pulldown_cmark::CodeBlockKind<'_>) -> Option<&'k str> {
    let pulldown_cmark::CodeBlockKind::Fenced(info) = kind else { return None };
    let mut words = info.split_whitespace();
    (words.next() == Some("diagram")).then(|| words.next().unwrap_or_default())
}

impl Walker<'_> {
    fn error(&mut self, line: usize, message: impl Into<String>) {
        self.out.errors.push(DocError::new(self.cx.file, line, message));
    }

    /// A picture of the rules (see [`super::diagrams`]), in the page's language.
    fn diagram(&mut self, name: &str, line: usize) -> maud::Markup {
        match super::diagrams::render(name, self.cx.content_lang, self.cx.locales) {
            Some(svg) => maud::html! { figure.diagram { (maud::PreEscaped(svg)) } },
            None => {
                let known = super::diagrams::NAMES.join(", ");
                self.error(line, format!("unknown diagram {name:?}; write ```diagram NAME with one of: {known}"));
                maud::html! {}
            }
        }
    }

    /// Renders `events` to HTML, handling the site's extensions.
    fn transform<'s>(&mut self, events: &[Spanned<'s>]) -> String {
        let mut plain: Vec<Event<'s>> = Vec::with_capacity(events.len());
        let mut i = 0;
        while i < events.len() {
            let (event, range) = &events[i];
            let block = match event {
                Event::Start(Tag::Heading { level, id, .. }) => Some((matching_end(events, i), BlockKind::Heading(*level, id.clone()))),
                Event::Start(Tag::BlockQuote(Some(kind))) => Some((matching_end(events, i), BlockKind::Alert(*kind))),
                Event::Start(Tag::CodeBlock(kind)) => Some((matching_end(events, i), BlockKind::Code(kind.clone()))),
                _ => None,
            };
            if let Some((end, kind)) = block {
                let inner = events.get(i + 1..end).unwrap_or_default();
                let markup = match kind {
                    BlockKind::Heading(level, id) => self.heading(level, id.as_deref(), inner, range),
                    BlockKind::Alert(kind) => self.alert(kind, inner, range),
                    BlockKind::Code(kind) => {
                        let first = self.lines.line(range.start);
                        match diagram_name(&kind) {
                            Some(name) => self.diagram(name, first),
                            None => self.code.render(self.cx.file, &kind, inner_text(inner), first, &mut self.out.errors),
                        }
                    }
                };
                plain.push(Event::Html(markup.into_string().into()));
                self.out.text.push(' ');
                i = end + 1;
                continue;
            }
            plain.push(self.inline_event(event, range));
            i += 1;
        }
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, plain.into_iter());
        html
    }

    /// Everything but headings, alerts and code blocks: terms, links, raw HTML.
    fn inline_event<'s>(&mut self, event: &Event<'s>, range: &Range<usize>) -> Event<'s> {
        if !matches!(event, Event::Text(_) | Event::SoftBreak) {
            self.last_char = None;
        }
        match event {
            Event::Text(text) => {
                let lang = self.cx.content_lang;
                let locales = self.cx.locales;
                let lookup = |id: &str| match id.split_once('.') {
                    Some((message, form)) => locales.attribute(lang, message, form),
                    None => locales.has(lang, id).then(|| locales.text(lang, id)),
                };
                let (expanded, mut problems) = text::expand_terms(text, lookup);
                let inline = |id: &str| locales.attribute(lang, id, "inline").filter(|form| *form != locales.text(lang, id));
                problems.extend(text::labels_mid_sentence(text, self.last_char, inline));
                self.last_char = expanded.trim_end().chars().next_back().or(self.last_char);
                for (offset, message) in problems {
                    let line = self.lines.line(range.start + offset);
                    self.error(line, message);
                }
                self.out.text.push_str(&expanded);
                Event::Text(expanded.into())
            }
            Event::Code(code) => {
                self.out.text.push_str(code);
                event.clone()
            }
            // Raw HTML is shown as text: pages are Markdown, and the output stays escaped.
            Event::Start(Tag::HtmlBlock) => Event::Start(Tag::Paragraph),
            Event::End(TagEnd::HtmlBlock) => {
                self.out.text.push(' ');
                Event::End(TagEnd::Paragraph)
            }
            Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw.clone()),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => {
                self.out.text.push(' ');
                event.clone()
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let dest = self.link(dest_url, self.lines.line(range.start));
                Event::Start(Tag::Link { link_type: *link_type, dest_url: dest, title: title.clone(), id: id.clone() })
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                if text::parse_link(dest_url, self.cx.dir) != LinkTarget::External {
                    self.error(self.lines.line(range.start), format!("image {dest_url:?}: only images with a full URL are supported"));
                }
                event.clone()
            }
            other => other.clone(),
        }
    }

    /// Rewrites a link destination and records it for the cross-page checks.
    fn link<'s>(&mut self, dest: &CowStr<'s>, line: usize) -> CowStr<'s> {
        match text::parse_link(dest, self.cx.dir) {
            LinkTarget::External => dest.clone(),
            LinkTarget::Anchor(anchor) => {
                self.out.links.push(PageLink { lang: self.cx.link_lang, slug: None, anchor: Some(anchor.clone()), line });
                format!("#{anchor}").into()
            }
            LinkTarget::Page { lang, slug, anchor } => {
                let lang = lang.unwrap_or(self.cx.link_lang);
                let url = match &anchor {
                    Some(anchor) => format!("{}{lang}/{slug}/#{anchor}", self.cx.base_url),
                    None => format!("{}{lang}/{slug}/", self.cx.base_url),
                };
                self.out.links.push(PageLink { lang, slug: Some(slug), anchor, line });
                url.into()
            }
            LinkTarget::Invalid(message) => {
                self.error(line, message);
                dest.clone()
            }
        }
    }

    fn heading(&mut self, level: HeadingLevel, explicit: Option<&str>, inner: &[Spanned<'_>], range: &Range<usize>) -> Markup {
        let line = self.lines.line(range.start);
        let start = self.out.text.len();
        let inner_html = self.transform(inner);
        let text = self.out.text.get(start..).unwrap_or_default().split_whitespace().collect::<Vec<_>>().join(" ");
        let id = self.heading_id(explicit, &text, line);
        let level = level as u8;
        self.out.headings.push(Heading { level, id: id.clone(), text, line });
        let inner = PreEscaped(inner_html);
        match level {
            1 => html! { h1 id=(id) { (inner) } },
            2 => html! { h2 id=(id) { (inner) } },
            3 => html! { h3 id=(id) { (inner) } },
            4 => html! { h4 id=(id) { (inner) } },
            5 => html! { h5 id=(id) { (inner) } },
            _ => html! { h6 id=(id) { (inner) } },
        }
    }

    /// The explicit `{#id}` (checked), else the English page's id at the same
    /// position, else a slug of the text; unique within the page.
    fn heading_id(&mut self, explicit: Option<&str>, text: &str, line: usize) -> String {
        if let Some(id) = explicit {
            if !text::valid_anchor(id) {
                self.error(line, format!("heading id {id:?} may use only ASCII letters, digits, '-' and '_'"));
            } else if RESERVED_IDS.contains(&id) {
                self.error(line, format!("heading id {id:?} is used by the page layout; choose another"));
            } else if !self.ids.insert(id.to_owned()) {
                self.error(line, format!("heading id {id:?} is used twice on this page"));
            }
            return id.to_owned();
        }
        let index = self.out.headings.len();
        let model = self.cx.id_model.filter(|m| m.len() == self.heading_total).and_then(|m| m.get(index));
        let base = model.map(|h| h.id.clone()).unwrap_or_else(|| text::slugify(text));
        let base = if base.is_empty() { "section".to_owned() } else { base };
        let mut id = base.clone();
        let mut n = 2;
        while RESERVED_IDS.contains(&id.as_str()) || !self.ids.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        id
    }

    fn alert(&mut self, kind: BlockQuoteKind, inner: &[Spanned<'_>], range: &Range<usize>) -> Markup {
        let class = match kind {
            BlockQuoteKind::Note => "note",
            BlockQuoteKind::Tip => "tip",
            BlockQuoteKind::Important => "important",
            BlockQuoteKind::Warning => "warning",
            BlockQuoteKind::Caution => {
                self.error(self.lines.line(range.start), "alert [!CAUTION] is not supported; use [!WARNING]");
                "warning"
            }
        };
        let label = self.cx.locales.text(self.cx.content_lang, &format!("alert-{class}"));
        let inner_html = self.transform(inner);
        html! {
            div class={ "alert alert-" (class) } role="note" {
                p.alert-title { (label) }
                (PreEscaped(inner_html))
            }
        }
    }
}

enum BlockKind<'s> {
    Heading(HeadingLevel, Option<CowStr<'s>>),
    Alert(BlockQuoteKind),
    Code(CodeBlockKind<'s>),
}

#[cfg(test)]
#[path = "markdown_tests.rs"]
mod tests;
