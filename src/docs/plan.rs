//! Pairing pages across languages: every English page has a French page, which
//! is a current translation, an outdated one (its `source_hash` no longer
//! matches the English file) or, without `--strict`, the English text shown
//! under a banner.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use super::source::Source;
use super::DocError;
use crate::i18n::Lang;

/// How a page relates to the English original.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Status {
    /// An English page.
    Original,
    /// A translation of the English file as it is now.
    Current,
    /// A translation of an older version of the English file.
    Outdated,
    /// No translation: the English text is shown.
    Untranslated,
}

/// One page of the output.
#[derive(Debug, Clone)]
pub(crate) struct PlannedPage {
    pub lang: Lang,
    pub slug: String,
    /// The index in [`Plan::sources`] of the Markdown shown on this page.
    pub source: usize,
    /// The index of the English original.
    pub english: usize,
    pub status: Status,
}

/// Every source and every output page: English pages by weight, then French ones.
#[derive(Debug, Default)]
pub(crate) struct Plan {
    pub sources: Vec<Source>,
    pub pages: Vec<PlannedPage>,
    /// Pages that exist but could not be read: already reported, never reported missing.
    pub broken: Vec<(Lang, String)>,
    /// Where each page is in `pages`.
    index: HashMap<(Lang, String), usize>,
}

impl Plan {
    /// The pages of `lang` by weight, with their index in [`Plan::pages`].
    pub fn pages_in(&self, lang: Lang) -> impl Iterator<Item = (usize, &PlannedPage)> {
        self.pages.iter().enumerate().filter(move |(_, p)| p.lang == lang)
    }

    /// The index of the page `slug` in `lang`.
    pub fn find(&self, lang: Lang, slug: &str) -> Option<usize> {
        self.index.get(&(lang, slug.to_owned())).copied()
    }

    /// Whether page `slug` of `lang` exists but could not be read.
    pub fn is_broken(&self, lang: Lang, slug: &str) -> bool {
        self.broken.iter().any(|(l, s)| *l == lang && s == slug)
    }

    /// The Markdown shown on page `index`.
    pub fn source_of(&self, page: &PlannedPage) -> &Source {
        &self.sources[page.source]
    }
}

/// Pairs the sources; errors go to `errors`, outdated and missing
/// translations (without `strict`) come back as warnings.
pub(crate) fn pair(sources: Vec<Source>, broken: Vec<(Lang, String)>, strict: bool, errors: &mut Vec<DocError>) -> (Plan, Vec<DocError>) {
    let mut warnings = Vec::new();
    let english: BTreeMap<String, usize> =
        sources.iter().enumerate().filter(|(_, s)| s.lang == Lang::En).map(|(i, s)| (s.slug.clone(), i)).collect();
    let mut french: BTreeMap<String, usize> = BTreeMap::new();
    let mut pages = Vec::new();
    for (index, source) in sources.iter().enumerate() {
        match source.lang {
            Lang::En => {
                if let Some(hash) = &source.front.source_hash {
                    errors.push(DocError::new(&source.path, hash.line, "`source_hash` belongs on translations, not on English pages"));
                }
                pages.push(PlannedPage {
                    lang: Lang::En,
                    slug: source.slug.clone(),
                    source: index,
                    english: index,
                    status: Status::Original,
                });
            }
            Lang::Fr => {
                let Some(&en) = english.get(&source.slug) else {
                    if broken.contains(&(Lang::En, source.slug.clone())) {
                        continue;
                    }
                    errors.push(DocError::new(&source.path, 1, format!("no English page {}.md for this translation", source.slug)));
                    continue;
                };
                let current = &sources[en].hash;
                let status = match &source.front.source_hash {
                    None => {
                        errors.push(DocError::new(
                            &source.path,
                            1,
                            format!("a translation needs `source_hash = \"{current}\"`, the hash of the English file it translates"),
                        ));
                        Status::Current
                    }
                    Some(hash) if hash.value == *current => Status::Current,
                    Some(hash) => {
                        warnings.push(DocError::new(
                            &source.path,
                            hash.line,
                            format!(
                                "this translation may be out of date: {} changed since source_hash {:?} (now {current:?})",
                                sources[en].path.display(),
                                hash.value
                            ),
                        ));
                        Status::Outdated
                    }
                };
                french.insert(source.slug.clone(), index);
                pages.push(PlannedPage { lang: Lang::Fr, slug: source.slug.clone(), source: index, english: en, status });
            }
        }
    }
    for (slug, &en) in &english {
        if french.contains_key(slug) || broken.contains(&(Lang::Fr, slug.clone())) {
            continue;
        }
        let en_path = &sources[en].path;
        let fr_path = translation_path(&sources[en], Lang::Fr);
        let message = format!("no French translation of {}", en_path.display());
        if strict {
            errors.push(DocError::new(fr_path, 0, message));
        } else {
            warnings.push(DocError::new(fr_path, 0, format!("{message}; the English text is shown")));
            pages.push(PlannedPage { lang: Lang::Fr, slug: slug.clone(), source: en, english: en, status: Status::Untranslated });
        }
    }
    // Menu order: a section's page where its weight puts it, then its pages
    // by weight, before what comes after the section.
    let weights: HashMap<(Lang, &str), i64> = pages.iter().map(|p| ((p.lang, p.slug.as_str()), sources[p.source].front.weight)).collect();
    let key = |p: &PlannedPage| {
        let mut path: Vec<(i64, String)> = super::sections::ancestors(&p.slug)
            .into_iter()
            .map(|up| (weights.get(&(p.lang, up)).copied().unwrap_or(0), up.to_owned()))
            .collect();
        path.push((sources[p.source].front.weight, p.slug.clone()));
        (p.lang, path)
    };
    let mut keyed: Vec<_> = pages.iter().map(|p| (key(p), p.clone())).collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    let pages: Vec<PlannedPage> = keyed.into_iter().map(|(_, p)| p).collect();
    let index = pages.iter().enumerate().map(|(i, p)| ((p.lang, p.slug.clone()), i)).collect();
    (Plan { sources, pages, broken, index }, warnings)
}

/// Where the translation of `english` into `lang` is (or would be): the same
/// path with the language folder swapped.
fn translation_path(english: &Source, lang: Lang) -> PathBuf {
    let inside = if english.is_index { 1 + english.slug.matches('/').count() + 1 } else { english.slug.matches('/').count() + 1 };
    let parts: Vec<_> = english.path.components().collect();
    let Some(at) = parts.len().checked_sub(inside + 1) else { return english.path.clone() };
    parts.iter().enumerate().map(|(i, c)| if i == at { std::path::Component::Normal(lang.code().as_ref()) } else { *c }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docs::source::{parse, slug_of};
    use std::path::Path;

    fn page(lang: Lang, slug: &str, weight: i64, hash: Option<&str>) -> Source {
        let hash_line = hash.map(|h| format!("source_hash = \"{h}\"\n")).unwrap_or_default();
        let text = format!("+++\ntitle = \"{slug}\"\ndescription = \"d\"\nweight = {weight}\n{hash_line}+++\nBody\n");
        parse(
            &Path::new("content").join(lang.code()).join(format!("{slug}.md")),
            lang,
            slug_of(&format!("{slug}.md")).unwrap(),
            text.as_bytes(),
        )
        .unwrap()
    }

    #[test]
    fn pairs_orders_and_flags_translations() {
        let b = page(Lang::En, "b", 10, None);
        let a = page(Lang::En, "a", 20, None);
        let b_fr = page(Lang::Fr, "b", 10, Some(&b.hash));
        let a_fr = page(Lang::Fr, "a", 20, Some("0000000000000000"));
        let mut errors = Vec::new();
        let (plan, warnings) = pair(vec![a, b, a_fr, b_fr], Vec::new(), true, &mut errors);
        assert!(errors.is_empty(), "{errors:?}");
        let order: Vec<_> = plan.pages.iter().map(|p| (p.lang, p.slug.as_str(), p.status)).collect();
        assert_eq!(
            order,
            vec![
                (Lang::En, "b", Status::Original),
                (Lang::En, "a", Status::Original),
                (Lang::Fr, "b", Status::Current),
                (Lang::Fr, "a", Status::Outdated)
            ]
        );
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].message.contains("out of date") && warnings[0].line == 5, "{warnings:?}");
    }

    #[test]
    fn a_missing_translation_is_an_error_under_strict_else_a_fallback() {
        let mut errors = Vec::new();
        pair(vec![page(Lang::En, "a", 1, None)], Vec::new(), true, &mut errors);
        assert!(errors[0].message.contains("no French translation") && errors[0].file.ends_with("fr/a.md"), "{errors:?}");
        let mut errors = Vec::new();
        let (plan, warnings) = pair(vec![page(Lang::En, "a", 1, None)], Vec::new(), false, &mut errors);
        assert!(errors.is_empty() && warnings.len() == 1);
        assert_eq!(plan.pages[1].status, Status::Untranslated);
    }

    #[test]
    fn orphan_translations_and_missing_hashes_are_errors() {
        let mut errors = Vec::new();
        pair(vec![page(Lang::Fr, "lost", 1, Some("x"))], Vec::new(), false, &mut errors);
        assert!(errors[0].message.contains("no English page"));
        let mut errors = Vec::new();
        pair(vec![page(Lang::En, "a", 1, None), page(Lang::Fr, "a", 1, None)], Vec::new(), false, &mut errors);
        assert!(errors[0].message.contains("source_hash"), "{errors:?}");
    }
}
