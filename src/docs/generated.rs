//! Pages written from other sources than Markdown files: the Errors page
//! (from the schema's `UserErrorCode`, `errors.ftl` and the API's messages in
//! `api.ftl`) and the Glossary (from `terms.ftl`). Each is Markdown produced
//! in memory that then goes through the same pipeline as a written page:
//! rendering, links and anchors, the menu, search.
//!
//! Also the glossary's rule, one word per notion: the words a term rules out
//! (its `.avoid` attribute, comma-separated) may not appear in that
//! language's pages or Fluent files.

use std::path::{Path, PathBuf};

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};

use super::reference::{Reference, Texts};
use super::source::{hash16, At, FrontMatter, Source};
use super::text::{escape_markdown as plain, slugify};
use super::DocError;
use crate::i18n::{Lang, Locales};
use crate::sources::Tree;

/// The Errors page.
pub(crate) const ERRORS: &str = "errors";
/// The Glossary page.
pub(crate) const GLOSSARY: &str = "glossary";
/// The list of the mails the program sends.
pub(crate) const MAILS: &str = "mails";

/// Where the menu puts them: after the how-to pages.
const ERRORS_WEIGHT: i64 = 900;
const GLOSSARY_WEIGHT: i64 = 910;
const MAILS_WEIGHT: i64 = 905;

/// The generated pages of both languages. Missing texts are errors (on the
/// Fluent file that should hold them); the pages are built anyway.
pub(crate) fn pages(locales_tree: &Tree, locales: &Locales, api: &Reference, errors: &mut Vec<DocError>) -> Vec<Source> {
    let dir = locales_tree.display_path();
    let terms: Vec<(Lang, Vec<Group>)> = Lang::ALL.into_iter().map(|lang| (lang, term_groups(locales_tree, lang, errors))).collect();
    let english_groups = terms.iter().find(|(l, _)| *l == Lang::En).map(|(_, g)| g.clone()).unwrap_or_default();
    let mut out = Vec::new();
    for lang in Lang::ALL {
        let body = errors_page(lang, locales, api, &dir, errors);
        out.push(page(lang, ERRORS, ERRORS_WEIGHT, dir.join(lang.code()).join("errors.ftl"), locales, body));
        let groups = terms.iter().find(|(l, _)| *l == lang).map(|(_, g)| g.as_slice()).unwrap_or_default();
        let body = glossary_page(lang, locales, groups, &english_groups);
        out.push(page(lang, GLOSSARY, GLOSSARY_WEIGHT, dir.join(lang.code()).join("terms.ftl"), locales, body));
        let body = mails_page(lang, locales_tree, locales, errors);
        out.push(page(lang, MAILS, MAILS_WEIGHT, dir.join(lang.code()).join("mail.ftl"), locales, body));
    }
    // A generated translation is always current: it records the English hash.
    let english: Vec<(String, String)> = out.iter().filter(|s| s.lang == Lang::En).map(|s| (s.slug.clone(), s.hash.clone())).collect();
    for source in out.iter_mut().filter(|s| s.lang != Lang::En) {
        let hash = english.iter().find(|(slug, _)| *slug == source.slug).map(|(_, h)| h.clone());
        source.front.source_hash = hash.map(|value| At { value, line: 0 });
    }
    out
}

fn page(lang: Lang, slug: &str, weight: i64, path: PathBuf, locales: &Locales, body: String) -> Source {
    let front = FrontMatter {
        title: locales.text(lang, &format!("{slug}-title")),
        description: locales.text(lang, &format!("{slug}-description")),
        weight,
        related: Vec::new(),
        source_hash: None,
        applies_to: Vec::new(),
        examples_at: None,
        examples_not_run: None,
    };
    let (dir, is_index) = (String::new(), false);
    Source { lang, slug: slug.to_owned(), dir, is_index, path, hash: hash16(body.as_bytes()), front, body, body_line: 0 }
}

/// The texts of the Errors page besides one per code.
const ERRORS_PAGE_TEXTS: [&str; 9] = [
    "errors-title",
    "errors-description",
    "errors-intro",
    "errors-user-heading",
    "errors-user-intro",
    "errors-top-heading",
    "errors-top-intro",
    "errors-api-says",
    "errors-what-to-do",
];

/// "Text :" in French, "Text:" in English.
fn colon(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => "\u{a0}:",
        Lang::En => ":",
    }
}

/// The API's own message for a user error code: `error-no-seats-available`.
fn api_message_id(code: &str) -> String {
    format!("error-{}", code.to_ascii_lowercase().replace('_', "-"))
}

/// The top-level codes `errors.ftl` documents (`errors-top-CODE`), in file order.
pub(crate) fn top_level_codes(locales: &Locales) -> Vec<String> {
    let mut codes: Vec<(usize, String)> = locales
        .ids(Lang::En)
        .filter_map(|id| id.strip_prefix("errors-top-"))
        .filter(|code| code.chars().all(|c| c.is_ascii_uppercase() || c == '_'))
        .map(|code| (locales.origin(Lang::En, &format!("errors-top-{code}")).map_or(0, |o| o.line), code.to_owned()))
        .collect();
    codes.sort();
    codes.into_iter().map(|(_, code)| code).collect()
}

fn errors_page(lang: Lang, locales: &Locales, api: &Reference, dir: &Path, errors: &mut Vec<DocError>) -> String {
    let t = |id: &str| locales.text(lang, id);
    let file = dir.join(lang.code()).join("errors.ftl");
    let need = |id: String, errors: &mut Vec<DocError>| -> Option<String> {
        if locales.has(lang, &id) {
            Some(locales.text(lang, &id))
        } else {
            errors.push(DocError::new(&file, 0, format!("the Errors page needs the message {id:?}")));
            None
        }
    };
    for id in ERRORS_PAGE_TEXTS {
        need(id.to_owned(), errors);
    }
    let texts = Texts { locales, lang };
    let (says, todo) = (plain(&t("errors-api-says")), plain(&t("errors-what-to-do")));
    let mut md = format!(
        "{}\n\n## {} {{#user-errors}}\n\n{}\n\n",
        plain(&t("errors-intro")),
        t("errors-user-heading"),
        plain(&t("errors-user-intro"))
    );
    let codes = api.types.iter().find(|t| t.name == "UserErrorCode").map(|t| t.members.as_slice()).unwrap_or_default();
    if codes.is_empty() {
        errors.push(DocError::new("<API schema>", 0, "the Errors page needs the enum UserErrorCode in the schema"));
    }
    for member in codes {
        let code = &member.name;
        md.push_str(&format!("### `{code}` {{#{code}}}\n\n{}\n\n", plain(&texts.describe(&member.anchor, member.description.as_deref()))));
        if locales.has(lang, &api_message_id(code)) {
            md.push_str(&format!("**{says}{}** {}\n\n", colon(lang), plain(&t(&api_message_id(code)))));
        }
        if let Some(fix) = need(format!("errors-fix-{code}"), errors) {
            md.push_str(&format!("**{todo}{}** {}\n\n", colon(lang), plain(&fix)));
        }
    }
    md.push_str(&format!("## {} {{#top-level-errors}}\n\n{}\n\n", t("errors-top-heading"), plain(&t("errors-top-intro"))));
    for code in top_level_codes(locales) {
        md.push_str(&format!("### `{code}` {{#{code}}}\n\n{}\n\n", plain(&t(&format!("errors-top-{code}")))));
        if let Some(fix) = need(format!("errors-fix-{code}"), errors) {
            md.push_str(&format!("**{todo}{}** {}\n\n", colon(lang), plain(&fix)));
        }
    }
    md
}

/// One `##` group of `terms.ftl` and its terms, in file order.
#[derive(Debug, Clone, Default)]
struct Group {
    title: String,
    note: String,
    terms: Vec<String>,
}

/// The text of `<lang>/<name>` in the locales, or an error saying what needs it.
fn read_ftl(tree: &Tree, lang: Lang, name: &str, needed_by: &str, errors: &mut Vec<DocError>) -> Option<(PathBuf, String)> {
    let files = tree.files(lang.code(), "ftl").ok()?;
    let Some(file) = files.into_iter().flatten().find(|f| f.path.file_name().is_some_and(|n| n == name)) else {
        errors.push(DocError::new(tree.display_path().join(lang.code()), 0, format!("{needed_by} needs {name}")));
        return None;
    };
    Some((file.path, String::from_utf8_lossy(&file.bytes).into_owned()))
}

/// The groups of `<lang>/terms.ftl`, read with Fluent's own parser (the
/// loader reported its syntax errors already).
fn term_groups(tree: &Tree, lang: Lang, errors: &mut Vec<DocError>) -> Vec<Group> {
    let Some((_, text)) = read_ftl(tree, lang, "terms.ftl", "the glossary", errors) else { return Vec::new() };
    let resource = match fluent_syntax::parser::parse(text.as_str()) {
        Ok(resource) => resource,
        Err((partial, _)) => partial,
    };
    let mut groups: Vec<Group> = Vec::new();
    for entry in resource.body {
        match entry {
            Entry::GroupComment(comment) => {
                let mut lines = comment.content.iter().map(|l| l.trim());
                let title = lines.next().unwrap_or_default().to_owned();
                groups.push(Group { title, note: lines.collect::<Vec<_>>().join(" "), terms: Vec::new() });
            }
            Entry::Message(message) if message.id.name.starts_with("term-") => {
                if groups.is_empty() {
                    groups.push(Group::default());
                }
                if let Some(group) = groups.last_mut() {
                    group.terms.push(message.id.name.to_owned());
                }
            }
            _ => {}
        }
    }
    groups.retain(|g| !g.terms.is_empty());
    groups
}

/// The forms of a term besides its label (every attribute but `.avoid`), from the bundle.
fn forms(locales: &Locales, lang: Lang, id: &str) -> Vec<String> {
    ["inline", "def", "indef", "plural"].iter().filter_map(|attr| locales.attribute(lang, id, attr)).collect()
}

fn glossary_page(lang: Lang, locales: &Locales, groups: &[Group], english: &[Group]) -> String {
    let t = |id: &str| locales.text(lang, id);
    let other = if lang == Lang::En { Lang::Fr } else { Lang::En };
    let mut md = format!("{}\n\n", plain(&t("glossary-intro")));
    for (i, group) in groups.iter().enumerate() {
        // Anchors follow the English groups, so they match across languages.
        let anchor = english.get(i).map_or_else(|| format!("group-{i}"), |g| slugify(&g.title));
        let anchor = if anchor.is_empty() { format!("group-{i}") } else { anchor };
        md.push_str(&format!("## {} {{#{anchor}}}\n\n", plain(&group.title)));
        if !group.note.is_empty() {
            md.push_str(&format!("{}\n\n", plain(&group.note)));
        }
        md.push_str(&format!(
            "| {} | {} | {} | {} |\n| --- | --- | --- | --- |\n",
            t(&format!("language-name-{lang}")),
            t(&format!("language-name-{other}")),
            t("glossary-column-forms"),
            t("glossary-column-avoid"),
        ));
        for id in &group.terms {
            let avoid = locales.attribute(lang, id, "avoid").unwrap_or_default();
            md.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                plain(&locales.text(lang, id)),
                plain(&locales.text(other, id)),
                plain(&forms(locales, lang, id).join(", ")),
                plain(&avoid),
            ));
        }
        md.push('\n');
    }
    md
}

/// A message pattern as its translators wrote it, variables shown as
/// ‹what they stand for› (`name(variable)`).
fn pattern_text(pattern: &Pattern<&str>, name: &dyn Fn(&str) -> String) -> String {
    let mut out = String::new();
    for element in &pattern.elements {
        match element {
            PatternElement::TextElement { value } => out.push_str(value),
            PatternElement::Placeable { expression: Expression::Inline(InlineExpression::VariableReference { id }) } => {
                out.push_str(&format!("‹{}›", name(id.name)));
            }
            PatternElement::Placeable { .. } => out.push('…'),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The mails of `mail.ftl`: each `mail-…-subject` message, with its `.when`
/// and `.to` attributes (required), in file order.
fn mails_page(lang: Lang, tree: &Tree, locales: &Locales, errors: &mut Vec<DocError>) -> String {
    let t = |id: &str| locales.text(lang, id);
    let mut md = format!(
        "{}\n\n| {} | {} | {} |\n| --- | --- | --- |\n",
        plain(&t("mails-intro")),
        t("mails-column-subject"),
        t("mails-column-when"),
        t("mails-column-to")
    );
    // What a variable stands for, when site.ftl says (`mails-variable-order`).
    let variable = |var: &str| {
        let id = format!("mails-variable-{var}");
        if locales.has(lang, &id) {
            locales.text(lang, &id)
        } else {
            var.to_owned()
        }
    };
    let Some((path, text)) = read_ftl(tree, lang, "mail.ftl", "the list of mails", errors) else { return md };
    let resource = match fluent_syntax::parser::parse(text.as_str()) {
        Ok(resource) => resource,
        Err((partial, _)) => partial,
    };
    for entry in &resource.body {
        let Entry::Message(message) = entry else { continue };
        if !message.id.name.ends_with("-subject") {
            continue;
        }
        let Some(subject) = &message.value else { continue };
        let attribute = |attr: &str| message.attributes.iter().find(|a| a.id.name == attr).map(|a| pattern_text(&a.value, &variable));
        let (when, to) = (attribute("when"), attribute("to"));
        if when.is_none() || to.is_none() {
            let line = crate::sources::line_of(text.as_bytes(), message.id.name.as_ptr() as usize - text.as_ptr() as usize);
            let message = format!("{} needs the attributes .when and .to (the list of mails shows them)", message.id.name);
            errors.push(DocError::new(&path, line, message));
        }
        md.push_str(&format!(
            "| {} | {} | {} |\n",
            plain(&pattern_text(subject, &variable)),
            plain(&when.unwrap_or_default()),
            plain(&to.unwrap_or_default())
        ));
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fluent_text_cannot_start_markdown() {
        assert_eq!(plain("a *b* [c](d) <e> # | `f`"), "a \\*b\\* \\[c\\](d) \\<e\\> \\# \\| \\`f\\`");
    }
}
