//! Checks that need more than one page: links and their anchors (links to the
//! generated API reference, `reference.md#Type-field`, included), related
//! topics, and heading ids that must match between a page and its translation.

use std::collections::HashSet;

use super::generated;
use super::markdown::Rendered;
use super::plan::{Plan, Status};
use super::reference::{self, Reference};
use super::DocError;
use crate::i18n::{Lang, Locales};

/// The id of the troubleshooting section of a how-to page.
const WHAT_CAN_GO_WRONG: &str = "what-can-go-wrong";

/// Every cross-page problem. `rendered[i]` is the body of `plan.pages[i]`.
pub(crate) fn cross_page(plan: &Plan, rendered: &[Rendered], api: &Reference) -> Vec<DocError> {
    let mut errors = Vec::new();
    let api_anchors: HashSet<String> = api.anchors().into_iter().collect();
    for (index, page) in plan.pages.iter().enumerate() {
        // A page shown untranslated is the English page again: checked there.
        if page.status == Status::Untranslated {
            continue;
        }
        let source = plan.source_of(page);
        for related in &source.front.related {
            if plan.find(page.lang, &related.value).is_none() && !plan.is_broken(page.lang, &related.value) {
                errors.push(DocError::new(&source.path, related.line, format!("related page {:?} does not exist", related.value)));
            }
        }
        let Some(body) = rendered.get(index) else { continue };
        for link in &body.links {
            if link.slug.as_deref() == Some(reference::SLUG) {
                if let Some(anchor) = link.anchor.as_ref().filter(|a| !api_anchors.contains(a.as_str())) {
                    let message =
                        format!("broken link: the API reference has no element {anchor:?} (write Type, Type-field or Type-field-arg)");
                    errors.push(DocError::new(&source.path, link.line, message));
                }
                continue;
            }
            let target = match &link.slug {
                None => Some(index),
                Some(slug) => plan.find(link.lang, slug),
            };
            let Some(target) = target else {
                let slug = link.slug.as_deref().unwrap_or_default();
                if plan.is_broken(link.lang, slug) {
                    continue;
                }
                errors.push(DocError::new(&source.path, link.line, format!("broken link: there is no page {slug}.md in {}", link.lang)));
                continue;
            };
            let Some(anchor) = &link.anchor else { continue };
            let has_anchor = rendered.get(target).is_some_and(|t| t.headings.iter().any(|h| &h.id == anchor));
            if !has_anchor {
                let where_ = link.slug.as_ref().map_or_else(|| "this page".to_owned(), |slug| format!("{}/{slug}.md", link.lang));
                errors.push(DocError::new(&source.path, link.line, format!("broken link: no heading with id {anchor:?} on {where_}")));
            }
        }
        // "What can go wrong" leads to the Errors page, where each code is explained.
        let troubleshooting = body.headings.iter().find(|h| h.id == WHAT_CAN_GO_WRONG);
        if let Some(heading) = troubleshooting.filter(|_| !body.links.iter().any(|l| l.slug.as_deref() == Some(generated::ERRORS))) {
            let message = format!("the section {WHAT_CAN_GO_WRONG:?} must link its codes to the Errors page ([`CODE`](errors.md#CODE))");
            errors.push(DocError::new(&source.path, heading.line, message));
        }
        if page.status == Status::Current {
            errors.extend(heading_parity(plan, rendered, index));
        }
    }
    errors
}

/// The pages whose GraphQL blocks don't all run, each with the reason its
/// front matter gives (`examples_not_run`), for the build's summary. A block
/// that doesn't run on a page that gives no reason is an error; so is a
/// reason on a page whose blocks all run, which would only go stale.
pub(crate) fn examples_not_run(plan: &Plan, rendered: &[Rendered], errors: &mut Vec<DocError>) -> Vec<DocError> {
    let mut not_run = Vec::new();
    for (page, body) in plan.pages.iter().zip(rendered).filter(|(p, _)| p.status != Status::Untranslated) {
        let source = plan.source_of(page);
        match (&source.front.examples_not_run, body.unrun.first()) {
            (None, _) => {
                for line in &body.unrun {
                    let message = "this GraphQL block does not run: mark it ```graphql run (with a ```json response), \
                        or say why it can't in the front matter (examples_not_run = \"…\")";
                    errors.push(DocError::new(&source.path, *line, message));
                }
            }
            (Some(reason), None) => {
                let message = "`examples_not_run` is given, but every GraphQL block of the page runs: remove it";
                errors.push(DocError::new(&source.path, reason.line, message));
            }
            (Some(reason), Some(_)) => {
                let blocks = body.unrun.iter().map(|l| format!("line {l}")).collect::<Vec<_>>().join(", ");
                not_run.push(DocError::new(&source.path, reason.line, format!("examples not run ({blocks}): {}", reason.value)));
            }
        }
    }
    not_run
}

/// Every `applies_to` role is a value of the API's `Role` enum with a
/// `term-role-…` message, and a translation lists the roles of its English page.
pub(crate) fn applies_to(plan: &Plan, locales: &Locales, api: &Reference) -> Vec<DocError> {
    let roles: Option<Vec<&str>> = api.types.iter().find(|t| t.name == "Role").map(|t| t.members.iter().map(|m| m.name.as_str()).collect());
    let mut errors = Vec::new();
    for page in plan.pages.iter().filter(|p| p.status != Status::Untranslated) {
        let source = plan.source_of(page);
        for role in &source.front.applies_to {
            let term = super::assemble::role_term(&role.value);
            if roles.as_ref().is_some_and(|r| !r.contains(&role.value.as_str())) || !locales.has(page.lang, &term) {
                let known = roles.as_ref().map(|r| r.join(", ")).unwrap_or_default();
                let message = format!(
                    "applies_to: unknown role {:?}; use a value of the API's Role enum ({known}) with a `{term}` message",
                    role.value
                );
                errors.push(DocError::new(&source.path, role.line, message));
            }
        }
        if page.status == Status::Current {
            let english = &plan.sources[page.english];
            let theirs: Vec<&str> = english.front.applies_to.iter().map(|r| r.value.as_str()).collect();
            let ours: Vec<&str> = source.front.applies_to.iter().map(|r| r.value.as_str()).collect();
            if theirs != ours {
                let line = source.front.applies_to.first().map_or(1, |r| r.line);
                let message = format!("applies_to is {ours:?} but the English page {} says {theirs:?}", english.path.display());
                errors.push(DocError::new(&source.path, line, message));
            }
        }
    }
    errors
}

/// A current translation has exactly the heading ids of its English page, so
/// links with anchors work in both languages.
fn heading_parity(plan: &Plan, rendered: &[Rendered], index: usize) -> Vec<DocError> {
    let page = &plan.pages[index];
    let (Some(english), Some(ours)) = (plan.find(Lang::En, &page.slug), rendered.get(index)) else {
        return Vec::new();
    };
    let Some(theirs) = rendered.get(english) else { return Vec::new() };
    let source = plan.source_of(page);
    let english_path = &plan.sources[page.english].path;
    let their_ids: HashSet<&str> = theirs.headings.iter().map(|h| h.id.as_str()).collect();
    let our_ids: HashSet<&str> = ours.headings.iter().map(|h| h.id.as_str()).collect();
    let mut errors = Vec::new();
    for heading in ours.headings.iter().filter(|h| !their_ids.contains(h.id.as_str())) {
        errors.push(DocError::new(
            &source.path,
            heading.line,
            format!(
                "heading id {:?} is not on the English page {}; anchors must match across languages",
                heading.id,
                english_path.display()
            ),
        ));
    }
    for heading in theirs.headings.iter().filter(|h| !our_ids.contains(h.id.as_str())) {
        errors.push(DocError::new(
            &source.path,
            source.body_line,
            format!("the English page has a heading with id {:?} (line {}) that this translation lacks", heading.id, heading.line),
        ));
    }
    errors
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::docs::markdown::{Heading, PageLink};
    use crate::docs::plan::pair;
    use crate::docs::source::{hash16, parse, slug_of};

    fn heading(id: &str, line: usize) -> Heading {
        Heading { level: 2, id: id.into(), text: id.into(), line }
    }

    fn link(lang: Lang, slug: Option<&str>, anchor: Option<&str>, line: usize) -> PageLink {
        PageLink { lang, slug: slug.map(Into::into), anchor: anchor.map(Into::into), line }
    }

    #[test]
    fn finds_broken_links_anchors_related_pages_and_heading_mismatches() {
        let en_text = "+++\ntitle = \"A\"\ndescription = \"d\"\nweight = 1\nrelated = [\"zzz\"]\n+++\nBody\n";
        let en = parse(Path::new("content/en/a.md"), Lang::En, slug_of("a.md").unwrap(), en_text.as_bytes()).unwrap();
        let fr_text =
            format!("+++\ntitle = \"A\"\ndescription = \"d\"\nweight = 1\nsource_hash = \"{}\"\n+++\nCorps\n", hash16(en_text.as_bytes()));
        let fr = parse(Path::new("content/fr/a.md"), Lang::Fr, slug_of("a.md").unwrap(), fr_text.as_bytes()).unwrap();
        let mut errors = Vec::new();
        let (plan, _) = pair(vec![en, fr], Vec::new(), true, &mut errors);
        assert!(errors.is_empty(), "{errors:?}");
        let en_body = Rendered {
            headings: vec![heading("x", 8), heading("y", 9)],
            links: vec![
                link(Lang::En, None, Some("x"), 10),
                link(Lang::En, Some("a"), Some("nope"), 11),
                link(Lang::En, Some("b"), None, 12),
            ],
            ..Rendered::default()
        };
        let fr_body = Rendered { headings: vec![heading("x", 8), heading("z", 9)], ..Rendered::default() };
        let errors = cross_page(&plan, &[en_body, fr_body], &Reference::default());
        let lines: Vec<(String, usize)> = errors.iter().map(|e| (e.file.display().to_string(), e.line)).collect();
        assert_eq!(
            lines,
            vec![
                ("content/en/a.md".to_owned(), 5),
                ("content/en/a.md".to_owned(), 11),
                ("content/en/a.md".to_owned(), 12),
                ("content/fr/a.md".to_owned(), 9),
                ("content/fr/a.md".to_owned(), 7),
            ],
            "{errors:#?}"
        );
        assert!(errors[0].message.contains("zzz") && errors[1].message.contains("nope") && errors[2].message.contains("b.md"));
        assert!(errors[3].message.contains("\"z\"") && errors[4].message.contains("\"y\""));
    }
}
