//! The words the glossary rules out: each `term-*` message of `terms.ftl`
//! may list, in its `.avoid` attribute, words that must not name its notion.
//! Every page and every other Fluent file of the language is searched for
//! them in one pass (one automaton for all the words), pages in parallel.

use std::path::Path;

use aho_corasick::AhoCorasick;
use rayon::prelude::*;

use super::source::Source;
use super::DocError;
use crate::i18n::{Lang, Locales};
use crate::sources::Tree;

/// A word to avoid, lowercase, and what to write instead.
struct Rule {
    avoid: String,
    word: String,
    id: String,
}

/// The rules of `lang`, from its `term-*` messages.
fn rules(locales: &Locales, lang: Lang) -> Vec<Rule> {
    let mut rules = Vec::new();
    for id in locales.ids(lang).filter(|id| id.starts_with("term-")) {
        let Some(avoid) = locales.attribute(lang, id, "avoid") else { continue };
        let word = locales.attribute(lang, id, "inline").unwrap_or_else(|| locales.text(lang, id));
        for avoided in avoid.split(',').map(str::trim).filter(|w| !w.is_empty()) {
            rules.push(Rule { avoid: avoided.to_lowercase(), word: word.clone(), id: id.to_owned() });
        }
    }
    rules
}

/// Every use of a word the glossary rules out, in each language's pages
/// (`sources`) and Fluent files (but `terms.ftl`, which names them).
pub(crate) fn words(tree: &Tree, locales: &Locales, sources: &[Source]) -> Vec<DocError> {
    let mut errors = Vec::new();
    for lang in Lang::ALL {
        let rules = rules(locales, lang);
        if rules.is_empty() {
            continue;
        }
        let finder = match AhoCorasick::new(rules.iter().map(|r| r.avoid.as_str())) {
            Ok(finder) => finder,
            Err(e) => {
                errors.push(DocError::new(tree.display_path().join(lang.code()).join("terms.ftl"), 0, format!("the avoided words: {e}")));
                continue;
            }
        };
        let fluent: Vec<_> = match tree.files(lang.code(), "ftl") {
            Ok(files) => files.into_iter().flatten().filter(|f| f.path.file_name().is_none_or(|n| n != "terms.ftl")).collect(),
            Err(_) => Vec::new(),
        };
        let pages =
            sources.par_iter().filter(|s| s.lang == lang && s.body_line > 0).map(|s| (s.path.as_path(), s.body_line, s.body.as_str()));
        let found: Vec<DocError> = pages
            .flat_map_iter(|(path, first, text)| scan(&finder, &rules, path, first, text))
            .chain(fluent.par_iter().flat_map_iter(|f| scan(&finder, &rules, &f.path, 1, &String::from_utf8_lossy(&f.bytes))))
            .collect();
        errors.extend(found);
    }
    errors
}

/// The uses in `text`, whose first line is line `first` of `path`.
fn scan(finder: &AhoCorasick, rules: &[Rule], path: &Path, first: usize, text: &str) -> Vec<DocError> {
    // Lowercasing keeps every newline, so lines are counted in the lowercase text.
    let lower = text.to_lowercase();
    let mut found = Vec::new();
    for hit in finder.find_overlapping_iter(&lower) {
        if !whole_word(&lower, hit.start(), hit.end()) {
            continue;
        }
        let Rule { avoid, word, id } = &rules[hit.pattern().as_usize()];
        let line = first + lower[..hit.start()].matches('\n').count();
        let message = format!("“{avoid}” is not the word for this notion: write “{word}” (the glossary's {id})");
        found.push(DocError::new(path, line, message));
    }
    found
}

/// Whether `text[start..end]` is whole words: no letter or digit touches it.
fn whole_word(text: &str, start: usize, end: usize) -> bool {
    let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    boundary(text[..start].chars().next_back()) && boundary(text[end..].chars().next())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finds(text: &str, avoid: &[&str]) -> Vec<(usize, String)> {
        let rules: Vec<Rule> = avoid.iter().map(|a| Rule { avoid: a.to_string(), word: "w".into(), id: "term-x".into() }).collect();
        let finder = AhoCorasick::new(avoid).unwrap();
        scan(&finder, &rules, Path::new("p.md"), 10, text).into_iter().map(|e| (e.line, e.message)).collect()
    }

    #[test]
    fn whole_words_only() {
        assert_eq!(finds("le statut et l’état du poste", &["état"]).len(), 1);
        assert!(finds("les états-majors", &["état"]).is_empty());
        assert_eq!(finds("État", &["état"]).len(), 1);
        assert!(finds("constatation", &["statut"]).is_empty());
    }

    #[test]
    fn lines_and_overlapping_words() {
        let found = finds("first line\nun Statut ici\n\nstatut juridique", &["statut", "statut juridique"]);
        let lines: Vec<usize> = found.iter().map(|(line, _)| *line).collect();
        assert_eq!(lines, [11, 13, 13], "{found:?}");
        assert!(found[2].1.contains("“statut juridique”"), "{found:?}");
    }
}
