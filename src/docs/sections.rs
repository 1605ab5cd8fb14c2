//! Sections: a folder of `content/<lang>/` is a section, and every section
//! has a page of its own, at the folder's address. An author writes it as
//! `_index.md` (its front matter gives the title, weight and description);
//! without one, the page is generated from the folder's name. Either way the
//! page ends with the list of what the section holds, in menu order.

use std::collections::BTreeSet;
use std::path::PathBuf;

use super::source::{hash16, At, FrontMatter, Source};
use super::text::escape_markdown;
use super::DocError;
use crate::i18n::{Lang, Locales};

/// The folders above `slug`, outermost first: `a/b/c` → `a`, `a/b`.
pub(crate) fn ancestors(slug: &str) -> Vec<&str> {
    slug.match_indices('/').map(|(i, _)| &slug[..i]).collect()
}

/// The section a page belongs to: its folder, or for a section's own page,
/// the folder above.
pub(crate) fn parent(source: &Source) -> &str {
    if source.is_index {
        source.slug.rsplit_once('/').map_or("", |(up, _)| up)
    } else {
        &source.dir
    }
}

/// `billing-and-payments` → `Billing and payments`.
fn title_of(folder: &str) -> String {
    let name = folder.rsplit('/').next().unwrap_or(folder).replace('-', " ");
    let mut chars = name.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// Adds a page for every section without `_index.md`, reports a page whose
/// address is a section's, and ends every section page with the list of its
/// pages and subsections.
pub(crate) fn complete(sources: &mut Vec<Source>, locales: &Locales, content: &std::path::Path, errors: &mut Vec<DocError>) {
    for lang in Lang::ALL {
        let folders: BTreeSet<String> = sources
            .iter()
            .filter(|s| s.lang == lang && !s.dir.is_empty())
            .flat_map(|s| {
                let mut all: Vec<String> = ancestors(&s.dir).into_iter().map(str::to_owned).collect();
                all.push(s.dir.clone());
                all
            })
            .collect();
        for folder in folders {
            if let Some(page) = sources.iter().find(|s| s.lang == lang && s.slug == folder && !s.is_index) {
                let message = format!(
                    "this page has the address of the section {folder}/: move it to {folder}/_index.md to make it the section's page, or rename it"
                );
                errors.push(DocError::new(&page.path, 0, message));
                continue;
            }
            if sources.iter().any(|s| s.lang == lang && s.slug == folder && s.is_index) {
                continue;
            }
            // A translation of a written section page is written too: without
            // it the page is missing, as any other.
            let english = sources.iter().find(|s| s.lang == Lang::En && s.slug == folder && s.is_index);
            if lang != Lang::En && english.is_some_and(|e| e.body_line > 0) {
                continue;
            }
            let front = FrontMatter {
                title: title_of(&folder),
                description: locales.text(lang, "section-generated-description"),
                weight: 0,
                related: Vec::new(),
                source_hash: english.map(|e| At { value: e.hash.clone(), line: 0 }),
                applies_to: Vec::new(),
                examples_at: None,
                examples_not_run: None,
            };
            let path: PathBuf = content.join(lang.code()).join(&folder).join("_index.md");
            let hash = hash16(format!("{folder}\n{}", front.title).as_bytes());
            sources.push(Source {
                lang,
                slug: folder.clone(),
                dir: folder,
                is_index: true,
                path,
                hash,
                front,
                body: String::new(),
                body_line: 0,
            });
        }
    }
    // The list of each section's pages, in the section page's language.
    let lists: Vec<(usize, String)> = sources
        .iter()
        .enumerate()
        .filter(|(_, s)| s.is_index)
        .map(|(i, index)| {
            let mut children: Vec<&Source> =
                sources.iter().filter(|s| s.lang == index.lang && !std::ptr::eq(*s, index) && parent(s) == index.slug).collect();
            children.sort_by(|a, b| (a.front.weight, &a.slug).cmp(&(b.front.weight, &b.slug)));
            let mut list = format!("\n\n## {} {{#in-this-section}}\n\n", locales.text(index.lang, "section-pages"));
            for child in children {
                let name = child.slug.rsplit('/').next().unwrap_or(&child.slug);
                let target = if child.is_index { format!("{name}/_index.md") } else { format!("{name}.md") };
                list.push_str(&format!(
                    "- [{}]({target}): {}\n",
                    escape_markdown(&child.front.title),
                    escape_markdown(&child.front.description)
                ));
            }
            (i, list)
        })
        .collect();
    for (i, list) in lists {
        sources[i].body.push_str(&list);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ancestors_and_titles() {
        assert_eq!(ancestors("a/b/c"), vec!["a", "a/b"]);
        assert!(ancestors("a").is_empty());
        assert_eq!(title_of("guides/billing-and-payments"), "Billing and payments");
    }
}
