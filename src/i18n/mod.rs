//! Fluent bundles for English and French, loaded once and shared by the API
//! and the help site, and the choice of language from `Accept-Language`.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use crate::sources::line_of;
pub use crate::sources::Tree;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

mod parse;
use parse::{parse_resource, text_ptr};

pub use crate::domain::Lang;

impl Lang {
    fn langid(self) -> LanguageIdentifier {
        match self {
            Lang::En => unic_langid::langid!("en"),
            Lang::Fr => unic_langid::langid!("fr"),
        }
    }

    /// Picks the best language for an `Accept-Language` header, honouring
    /// q-values; English when nothing matches.
    pub fn negotiate(accept_language: Option<&str>) -> Self {
        let Some(header) = accept_language else { return Lang::En };
        let mut ranges: Vec<(f32, usize, &str)> = header
            .split(',')
            .enumerate()
            .filter_map(|(i, part)| {
                let mut pieces = part.split(';');
                let tag = pieces.next()?.trim();
                let q = pieces.find_map(|p| p.trim().strip_prefix("q=")).map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
                (!tag.is_empty() && q > 0.0).then_some((q, i, tag))
            })
            .collect();
        ranges.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        ranges.into_iter().find_map(|(_, _, tag)| Lang::from_code(tag.split(['-', '_']).next().unwrap_or(tag))).unwrap_or(Lang::En)
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A problem in the Fluent files, located for the person who must fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocaleError {
    pub file: PathBuf,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for LocaleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file.display(), self.line, self.message)
    }
}

/// Where a message is defined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub file: PathBuf,
    pub line: usize,
}

/// The loaded bundles, one per language.
pub struct Locales {
    bundles: BTreeMap<Lang, FluentBundle<FluentResource>>,
    origins: BTreeMap<Lang, BTreeMap<String, Origin>>,
}

impl fmt::Debug for Locales {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Locales").field("messages", &self.origins.get(&Lang::En).map(BTreeMap::len)).finish()
    }
}

impl Locales {
    /// Loads every `.ftl` file of `en/` and `fr/` in `tree`. All problems are
    /// reported together: syntax errors, duplicate ids, and ids defined in one
    /// language but not the other.
    pub fn load(tree: &Tree) -> Result<Self, Vec<LocaleError>> {
        let mut files = Vec::new();
        let mut errors = Vec::new();
        for lang in Lang::ALL {
            let found = match tree.files(lang.code(), "ftl") {
                Ok(found) => found,
                Err(message) => {
                    errors.push(LocaleError { file: tree.display_path().join(lang.code()), line: 0, message });
                    continue;
                }
            };
            for file in found {
                match file.map(|f| (String::from_utf8(f.bytes), f.path)) {
                    Ok((Ok(text), path)) => files.push((lang, path, text)),
                    Ok((Err(_), path)) => errors.push(LocaleError { file: path, line: 0, message: "the file is not valid UTF-8".into() }),
                    Err((path, message)) => errors.push(LocaleError { file: path, line: 0, message }),
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Self::from_sources(files)
    }

    /// The copies compiled into the binary.
    pub fn embedded() -> Self {
        // A test proves the embedded files load cleanly.
        Self::load(&Tree::embedded_locales()).unwrap_or_else(|errors| panic!("embedded locales are broken: {errors:?}"))
    }

    /// Builds bundles from `(language, file name, text)` triples.
    pub fn from_sources(files: Vec<(Lang, PathBuf, String)>) -> Result<Self, Vec<LocaleError>> {
        let mut errors = Vec::new();
        let mut bundles = BTreeMap::new();
        let mut origins: BTreeMap<Lang, BTreeMap<String, Origin>> = BTreeMap::new();
        for lang in Lang::ALL {
            let mut bundle = FluentBundle::new_concurrent(vec![lang.langid()]);
            // Bidi isolation marks would end up inside HTML and JSON strings.
            bundle.set_use_isolating(false);
            bundles.insert(lang, bundle);
            origins.insert(lang, BTreeMap::new());
        }
        for (lang, file, text) in files {
            // On a syntax error, keep what did parse: one typo should not
            // also report every other message of the file as missing.
            let resource = match parse_resource(&text) {
                Ok(r) => r,
                Err((partial, parse_errors)) => {
                    for e in parse_errors {
                        errors.push(LocaleError {
                            file: file.clone(),
                            line: line_of(text.as_bytes(), e.pos.start),
                            message: format!("Fluent syntax error: {}", e.kind),
                        });
                    }
                    partial
                }
            };
            let seen = origins.entry(lang).or_default();
            for entry in resource.entries() {
                let (id, start) = match entry {
                    fluent_syntax::ast::Entry::Message(m) => (m.id.name.to_string(), m.id.name.as_ptr() as usize - text_ptr(&resource)),
                    fluent_syntax::ast::Entry::Term(t) => (format!("-{}", t.id.name), t.id.name.as_ptr() as usize - text_ptr(&resource)),
                    _ => continue,
                };
                let line = line_of(resource.source().as_bytes(), start);
                if let Some(first) = seen.get(&id) {
                    errors.push(LocaleError {
                        file: file.clone(),
                        line,
                        message: format!("message {id:?} is already defined at {}:{}", first.file.display(), first.line),
                    });
                } else {
                    seen.insert(id, Origin { file: file.clone(), line });
                }
            }
            if let Some(bundle) = bundles.get_mut(&lang) {
                bundle.add_resource_overriding(resource);
            }
        }
        let (en, fr) = (&origins[&Lang::En], &origins[&Lang::Fr]);
        for (have, lack, missing_lang) in [(en, fr, Lang::Fr), (fr, en, Lang::En)] {
            for (id, origin) in have {
                if !lack.contains_key(id) {
                    errors.push(LocaleError {
                        file: origin.file.clone(),
                        line: origin.line,
                        message: format!("message {id:?} is missing in locale {missing_lang}"),
                    });
                }
            }
        }
        if errors.is_empty() {
            Ok(Self { bundles, origins })
        } else {
            Err(errors)
        }
    }

    /// Whether `lang` defines the message `id`.
    pub fn has(&self, lang: Lang, id: &str) -> bool {
        self.bundles.get(&lang).is_some_and(|b| b.has_message(id))
    }

    /// Where `id` is defined in `lang`.
    pub fn origin(&self, lang: Lang, id: &str) -> Option<&Origin> {
        self.origins.get(&lang)?.get(id)
    }

    /// Every message id defined in `lang`.
    pub fn ids(&self, lang: Lang) -> impl Iterator<Item = &str> {
        self.origins.get(&lang).into_iter().flat_map(|m| m.keys().map(String::as_str))
    }

    /// Formats message `id` in `lang` with `args`. A message missing in `lang`
    /// falls back to English, and a missing one altogether to its id (and a log line).
    pub fn format(&self, lang: Lang, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let fluent_args = (!args.is_empty()).then(|| {
            let mut a = FluentArgs::new();
            for (k, v) in args {
                a.set(*k, v.clone());
            }
            a
        });
        for l in [lang, Lang::En] {
            let Some(bundle) = self.bundles.get(&l) else { continue };
            let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else { continue };
            let mut errors = Vec::new();
            let text = bundle.format_pattern(pattern, fluent_args.as_ref(), &mut errors);
            if !errors.is_empty() {
                tracing::warn!(id, lang = %l, ?errors, "Fluent formatting errors");
            }
            return text.into_owned();
        }
        tracing::warn!(id, %lang, "missing Fluent message");
        id.to_owned()
    }

    /// Formats a message without arguments.
    pub fn text(&self, lang: Lang, id: &str) -> String {
        self.format(lang, id, &[])
    }

    /// The attribute `attr` of message `id` in `lang` (`term-seat.inline`),
    /// without falling back to another language: a form a language needs
    /// (an article, a lowercase initial) is that language's own.
    pub fn attribute(&self, lang: Lang, id: &str, attr: &str) -> Option<String> {
        let bundle = self.bundles.get(&lang)?;
        let pattern = bundle.get_message(id)?.get_attribute(attr)?.value();
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, None, &mut errors);
        if !errors.is_empty() {
            tracing::warn!(id, attr, %lang, ?errors, "Fluent formatting errors");
        }
        Some(text.into_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources(en: &str, fr: &str) -> Vec<(Lang, PathBuf, String)> {
        vec![(Lang::En, "en/x.ftl".into(), en.into()), (Lang::Fr, "fr/x.ftl".into(), fr.into())]
    }

    #[test]
    fn negotiates_with_q_values() {
        assert_eq!(Lang::negotiate(None), Lang::En);
        assert_eq!(Lang::negotiate(Some("fr")), Lang::Fr);
        assert_eq!(Lang::negotiate(Some("fr-CA,fr;q=0.9,en;q=0.8")), Lang::Fr);
        assert_eq!(Lang::negotiate(Some("en;q=0.2, fr;q=0.9")), Lang::Fr);
        assert_eq!(Lang::negotiate(Some("de-DE, fr;q=0.5")), Lang::Fr);
        assert_eq!(Lang::negotiate(Some("de, es")), Lang::En);
        assert_eq!(Lang::negotiate(Some("fr;q=0, en")), Lang::En);
        assert_eq!(Lang::negotiate(Some(";;;,,q=")), Lang::En);
    }

    #[test]
    fn formats_without_bidi_marks_and_falls_back() {
        let l = Locales::from_sources(sources("hi = Hello { $name }!\n", "hi = Bonjour { $name } !\n")).unwrap();
        assert_eq!(l.format(Lang::Fr, "hi", &[("name", "Ada".into())]), "Bonjour Ada !");
        assert_eq!(l.format(Lang::En, "hi", &[("name", "Ada".into())]), "Hello Ada!");
        assert_eq!(l.text(Lang::En, "nope"), "nope");
    }

    #[test]
    fn reports_ids_missing_in_one_locale_with_file_and_line() {
        let errors = Locales::from_sources(sources("a = A\nb = B\n", "a = A\n")).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, 2);
        assert!(errors[0].message.contains("\"b\"") && errors[0].message.contains("fr"), "{}", errors[0]);
    }

    #[test]
    fn a_syntax_error_does_not_hide_the_rest_of_the_file() {
        let errors = Locales::from_sources(sources("a = A\nb = { }\nc = C\n", "a = A\nc = C\n")).unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].message.contains("syntax"));
    }

    #[test]
    fn reports_syntax_errors_and_duplicates() {
        let errors = Locales::from_sources(sources("a = A\n\nb = {\n", "a = A\n")).unwrap_err();
        assert!(errors.iter().any(|e| e.message.contains("syntax") && e.line >= 3), "{errors:?}");
        let errors = Locales::from_sources(sources("a = A\na = B\n", "a = A\n")).unwrap_err();
        assert!(errors.iter().any(|e| e.message.contains("already defined") && e.line == 2), "{errors:?}");
    }

    #[test]
    fn a_bad_unicode_escape_before_a_non_ascii_character_is_a_syntax_error() {
        // fluent-syntax 0.12 panics on these (found by fuzz/fluent_loader).
        let cases = [
            ("a = { \"\\u12\u{e9}\" }\n", 1),
            ("a = { \"\\U\u{2603}\" }\n", 1),
            ("a = { \"x\\U0001\u{1f600}\" }\n", 1),
            ("a = A\n    .t = { \"\\u1\u{e9}\" }\n", 2),
        ];
        for (bad, line) in cases {
            let errors = Locales::from_sources(sources(&format!("{bad}b = B\n"), "a = A\nb = B\n")).unwrap_err();
            assert!(errors.iter().any(|e| e.line == line && e.message.contains("syntax")), "{bad:?}: {errors:?}");
        }
        // Outside string literals a backslash escapes nothing: the text stays as written.
        let l = Locales::from_sources(sources("a = C:\\u12\u{e9} { \"\\u00e9\" } { \"\\\\u1\u{e9}\" }\n", "a = A\n")).unwrap();
        assert_eq!(l.text(Lang::En, "a"), "C:\\u12\u{e9} \u{e9} \\u1\u{e9}");
    }

    #[test]
    fn embedded_and_on_disk_locales_load_and_agree() {
        let embedded = Locales::embedded();
        let disk = Locales::load(&Tree::Folder(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales"))).unwrap();
        for lang in Lang::ALL {
            for id in embedded.ids(lang) {
                assert!(disk.has(lang, id), "{id}");
            }
        }
    }
}
