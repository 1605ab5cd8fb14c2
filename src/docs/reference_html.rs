//! The reference page in one language: table of contents, body and search text.

use maud::{html, Markup};

use super::*;

/// What the page needs to know about one language.
pub(crate) struct Texts<'a> {
    pub locales: &'a Locales,
    pub lang: Lang,
}

impl Texts<'_> {
    fn t(&self, id: &str) -> String {
        self.locales.text(self.lang, id)
    }

    /// The description of element `anchor`: the SDL's in English (our own when it has none), Fluent's in French.
    pub(crate) fn describe(&self, anchor: &str, sdl: Option<&str>) -> String {
        match (self.lang, sdl) {
            (Lang::En, Some(text)) => text.to_owned(),
            _ => self.locales.text(self.lang, &format!("ref-{anchor}")),
        }
    }
}

/// Paragraphs separated by blank lines.
fn paragraphs(text: &str) -> Markup {
    html! {
        @for p in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
            p { (p) }
        }
    }
}

/// `[Role!]!`, linked to `Role` when the reference lists it.
fn type_ref(m: &Member) -> Markup {
    let ty = m.ty.as_deref().unwrap_or_default();
    html! {
        @if let Some(target) = &m.target {
            code.ref-type { a href={ "#" (target) } { (ty) } }
        } @else {
            code.ref-type { (ty) }
        }
    }
}

fn member(tx: &Texts<'_>, m: &Member) -> Markup {
    html! {
        dt id=(m.anchor) {
            code.ref-name { (m.name) }
            @if m.ty.is_some() { ": " (type_ref(m)) }
            @if let Some(default) = &m.default { " = " code { (default) } }
            @if m.deprecated.is_some() { " " span.ref-deprecated { (tx.t("api-deprecated")) } }
        }
        dd {
            (paragraphs(&tx.describe(&m.anchor, m.description.as_deref())))
            @if let Some(reason) = m.deprecated.as_deref().filter(|r| !r.is_empty()) {
                p.ref-deprecated-reason { (reason) }
            }
            @if !m.arguments.is_empty() {
                p.ref-arguments-title { (tx.t("api-arguments")) }
                dl.ref-arguments {
                    @for a in &m.arguments { (member(tx, a)) }
                }
            }
        }
    }
}

/// The headings of the page, for the on-page table of contents: groups, then their types.
pub(crate) fn toc(reference: &Reference, tx: &Texts<'_>) -> Markup {
    html! {
        ol {
            @for group in Group::ALL {
                @let types: Vec<&TypeDoc> = reference.types.iter().filter(|t| t.group == group).collect();
                @if !types.is_empty() {
                    li {
                        a href={ "#" (group.anchor()) } { (tx.t(group.label())) }
                        ol.ref-toc-types {
                            @for t in types { li { a href={ "#" (t.name) } { code { (t.name) } } } }
                        }
                    }
                }
            }
        }
    }
}

/// The body of the reference page in one language: every group, type and member.
pub(crate) fn body(reference: &Reference, tx: &Texts<'_>) -> Markup {
    html! {
        @for group in Group::ALL {
            @let types: Vec<&TypeDoc> = reference.types.iter().filter(|t| t.group == group).collect();
            @if !types.is_empty() {
                section.ref-group aria-labelledby=(group.anchor()) {
                    h2 id=(group.anchor()) { (tx.t(group.label())) }
                    @for t in types {
                        section.ref-type aria-labelledby=(t.name) {
                            h3 id=(t.name) { code { (t.name) } }
                            (paragraphs(&tx.describe(&t.name, t.description.as_deref())))
                            @if !t.related.is_empty() {
                                p.ref-implements {
                                    (tx.t("api-implements")) " "
                                    @for (i, r) in t.related.iter().enumerate() {
                                        @if i > 0 { ", " }
                                        a href={ "#" (r) } { code { (r) } }
                                    }
                                }
                            }
                            @if !t.members.is_empty() {
                                h4.ref-members-title { (tx.t(group.members_label())) }
                                dl.ref-members {
                                    @for m in &t.members { (member(tx, m)) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The words of the page in one language, for search: names and descriptions.
pub(crate) fn search_text(reference: &Reference, tx: &Texts<'_>) -> String {
    let mut text = String::new();
    for t in &reference.types {
        text.push_str(&t.name);
        text.push(' ');
        text.push_str(&tx.describe(&t.name, t.description.as_deref()));
        text.push(' ');
        for m in &t.members {
            text.push_str(&m.name);
            text.push(' ');
            text.push_str(&tx.describe(&m.anchor, m.description.as_deref()));
            text.push(' ');
            for a in &m.arguments {
                text.push_str(&a.name);
                text.push(' ');
                text.push_str(&tx.describe(&a.anchor, a.description.as_deref()));
                text.push(' ');
            }
        }
    }
    crate::docs::search::search_words(&text)
}
