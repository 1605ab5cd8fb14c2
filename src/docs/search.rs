//! Client-side search: the generator writes `<lang>/search-index.json`, and
//! `search.js` matches a query against it in the browser, offline. Headings
//! and text are stored folded (lowercase, accents and other combining marks
//! stripped after NFD), and the script folds the query the same way, so
//! `activer` finds `Activé`.

use serde::Serialize;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use super::layout::{NavItem, SiteContext};
use super::markdown::Rendered;
use crate::i18n::Lang;

/// The search script, shared by both languages.
pub(crate) const SEARCH_JS: &str = include_str!("assets/search.js");

/// Lowercase, without accents or other combining marks, ligatures spelled
/// out: the form search compares (`Activé` → `active`).
pub(crate) fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        // Most text is ASCII, which needs no decomposition.
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        for c in std::iter::once(c).nfd().filter(|c| !is_combining_mark(*c)).flat_map(char::to_lowercase) {
            match c {
                'œ' => out.push_str("oe"),
                'æ' => out.push_str("ae"),
                'ß' => out.push_str("ss"),
                '’' | 'ʼ' => out.push('\''),
                _ => out.push(c),
            }
        }
    }
    out
}

/// The folded text with anything but letters and digits turned into single
/// spaces: what the search index stores and the search script matches words in.
pub(crate) fn search_words(text: &str) -> String {
    let folded = fold(text);
    let mut out = String::with_capacity(folded.len());
    for c in folded.chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out.truncate(out.trim_end().len());
    out
}

/// One page in the index.
#[derive(Debug, Serialize)]
struct Entry<'a> {
    /// As displayed.
    title: &'a str,
    /// As displayed.
    description: &'a str,
    /// Folded.
    headings: Vec<String>,
    /// Folded, words separated by single spaces.
    text: &'a str,
    url: String,
}

/// The index of `lang`: one entry per page, in the order of the topic list.
pub(crate) fn index(cx: &SiteContext<'_>, lang: Lang, pages: &[(NavItem<'_>, &Rendered)]) -> Vec<u8> {
    let entries: Vec<Entry<'_>> = pages
        .iter()
        .map(|(item, body)| Entry {
            title: item.title,
            description: item.description,
            headings: body.headings.iter().map(|h| search_words(&h.text)).collect(),
            text: &body.text,
            url: cx.url(lang, &format!("{}/", item.slug)),
        })
        .collect();
    // Serializing plain strings and vectors cannot fail; an empty index is the harmless fallback.
    serde_json::to_vec(&entries).unwrap_or_else(|_| b"[]".to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docs::markdown::Heading;
    use crate::i18n::Locales;

    #[test]
    fn folds_accents_and_ligatures() {
        assert_eq!(fold("Activé ÉLÈVE cœur l’aide"), "active eleve coeur l'aide");
        assert_eq!(search_words("  Activé : le « Plan » d’assistance! "), "active le plan d assistance");
    }

    #[test]
    fn the_index_is_folded_and_points_at_pages() {
        let locales = Locales::embedded();
        let cx = SiteContext::new(&locales, "/help/", Vec::new());
        let body = Rendered {
            headings: vec![Heading { level: 2, id: "a".into(), text: "État Activé".into(), line: 3 }],
            text: search_words("L’avantage est Activé"),
            ..Rendered::default()
        };
        let item = NavItem { slug: "p", title: "Étape", description: "Décrit", lang: Lang::Fr, parent: "", is_section: false };
        let json: serde_json::Value = serde_json::from_slice(&index(&cx, Lang::Fr, &[(item, &body)])).unwrap();
        assert_eq!(json[0]["url"], "/help/fr/p/");
        assert_eq!(json[0]["title"], "Étape");
        assert_eq!(json[0]["headings"][0], "etat active");
        assert_eq!(json[0]["text"], "l avantage est active");
    }

    #[test]
    fn the_script_folds_like_the_index() {
        assert!(SEARCH_JS.contains("normalize(\"NFD\")"));
        assert!(SEARCH_JS.contains("search-index.json") || SEARCH_JS.contains("data-index") || SEARCH_JS.contains("dataset.index"));
    }
}
