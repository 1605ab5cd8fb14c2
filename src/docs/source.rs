//! Reading the pages: TOML front matter between `+++` lines, the Markdown
//! body, and the hash a translation records of its English source.

use std::path::{Path, PathBuf};

use crate::sources::Tree;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use toml::Spanned;

use super::DocError;
use crate::i18n::Lang;
use crate::sources::line_of;

/// The front matter as written, with positions for error messages.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFront {
    title: Spanned<String>,
    description: Spanned<String>,
    weight: i64,
    #[serde(default)]
    related: Vec<Spanned<String>>,
    #[serde(default)]
    source_hash: Option<Spanned<String>>,
    /// Roles as the API names them (`GLOBAL_ADMIN`), shown as "Applies to".
    #[serde(default)]
    applies_to: Vec<Spanned<String>>,
    /// Where the demo's clock stands when the page's examples run (RFC 3339).
    #[serde(default)]
    examples_at: Option<Spanned<String>>,
    /// Why the page's GraphQL blocks that are not `run` can't run.
    #[serde(default)]
    examples_not_run: Option<Spanned<String>>,
}

/// A value of the front matter and the line it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct At<T> {
    pub value: T,
    pub line: usize,
}

/// The page's front matter, checked.
#[derive(Debug, Clone)]
pub(crate) struct FrontMatter {
    pub title: String,
    pub description: String,
    pub weight: i64,
    pub related: Vec<At<String>>,
    pub source_hash: Option<At<String>>,
    pub applies_to: Vec<At<String>>,
    /// Where the demo's clock stands when the page's examples run: a page
    /// can start its scenario later than the demo's purchase (in the
    /// renewal window, say).
    pub examples_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Why some of the page's GraphQL blocks don't run: the build counts
    /// these pages in its summary (the goal is none).
    pub examples_not_run: Option<At<String>>,
}

/// One Markdown file.
#[derive(Debug, Clone)]
pub(crate) struct Source {
    pub lang: Lang,
    /// The file name without `.md`: the page's address.
    pub slug: String,
    pub path: PathBuf,
    /// First 16 hex digits of the SHA-256 of the file's bytes.
    pub hash: String,
    pub front: FrontMatter,
    pub body: String,
    /// The line of the file where `body` starts.
    pub body_line: usize,
}

/// First 16 hex digits of the SHA-256 of `bytes`: what `source_hash` records.
pub(crate) fn hash16(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// Whether `slug` is usable as a file name and a URL segment.
pub(crate) fn valid_slug(slug: &str) -> bool {
    !slug.is_empty() && !slug.starts_with('-') && slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Reads every `.md` file of `content/<lang>/`, sorted by name. A file that
/// can't be read or parsed gives errors, and its slug is listed in `broken` so
/// later checks don't report it missing as well.
/// Every page of every language: the pages that loaded, the pages that did
/// not (language and slug), and the errors, added to `errors`.
pub(crate) fn load_all(content: &Tree, errors: &mut Vec<DocError>) -> (Vec<Source>, Vec<(Lang, String)>) {
    let mut sources = Vec::new();
    let mut broken = Vec::new();
    for lang in Lang::ALL {
        let (pages, problems) = load_dir(content, lang, &mut broken);
        sources.extend(pages);
        errors.extend(problems);
    }
    (sources, broken)
}

fn load_dir(content: &Tree, lang: Lang, broken: &mut Vec<(Lang, String)>) -> (Vec<Source>, Vec<DocError>) {
    let mut pages = Vec::new();
    let mut errors = Vec::new();
    let files = match content.files(lang.code(), "md") {
        Ok(files) => files,
        Err(message) => return (pages, vec![DocError::new(content.display_path().join(lang.code()), 0, message)]),
    };
    for file in files {
        let (path, parsed) = match file {
            Ok(file) => {
                let parsed = parse(&file.path, lang, &file.bytes);
                (file.path, parsed)
            }
            Err((path, message)) => {
                let error = vec![DocError::new(&path, 0, message)];
                (path, Err(error))
            }
        };
        match parsed {
            Ok(page) => pages.push(page),
            Err(list) => {
                errors.extend(list);
                broken.push((lang, path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()));
            }
        }
    }
    (pages, errors)
}

/// Parses one page from its bytes.
pub(crate) fn parse(path: &Path, lang: Lang, bytes: &[u8]) -> Result<Source, Vec<DocError>> {
    let err = |line: usize, message: String| vec![DocError::new(path, line, message)];
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => return Err(err(line_of(bytes, e.valid_up_to()), "the file is not valid UTF-8".to_owned())),
    };
    let slug = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_owned();
    if !valid_slug(&slug) {
        return Err(err(0, format!("the file name {slug:?} must use only lowercase letters, digits and '-'")));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (toml_text, body, body_line) = split_front_matter(text).map_err(|(line, message)| err(line, message))?;
    // The TOML starts on line 2, after the opening `+++`.
    let line_in_toml = |offset: usize| line_of(toml_text.as_bytes(), offset) + 1;
    let raw: RawFront = toml::from_str(toml_text).map_err(|e| {
        let line = e.span().map_or(1, |span| line_in_toml(span.start));
        err(line, format!("front matter: {}", e.message().trim()))
    })?;
    let at = |s: Spanned<String>| At { line: line_in_toml(s.span().start), value: s.into_inner() };
    let mut errors = Vec::new();
    let blank_reason = raw.examples_not_run.as_ref().filter(|reason| reason.get_ref().trim().is_empty());
    for (name, field) in [("title", Some(&raw.title)), ("description", Some(&raw.description)), ("examples_not_run", blank_reason)] {
        let Some(field) = field else { continue };
        if field.get_ref().trim().is_empty() {
            errors.push(DocError::new(path, line_in_toml(field.span().start), format!("front matter: `{name}` must not be empty")));
        }
    }
    let examples_at = match raw.examples_at {
        None => None,
        Some(at) => match chrono::DateTime::parse_from_rfc3339(at.get_ref()) {
            Ok(time) => Some(time.with_timezone(&chrono::Utc)),
            Err(e) => {
                errors.push(DocError::new(
                    path,
                    line_in_toml(at.span().start),
                    format!("front matter: `examples_at` is not an RFC 3339 time: {e}"),
                ));
                None
            }
        },
    };
    let front = FrontMatter {
        title: raw.title.into_inner(),
        description: raw.description.into_inner(),
        weight: raw.weight,
        related: raw.related.into_iter().map(at).collect(),
        source_hash: raw.source_hash.map(at),
        applies_to: raw.applies_to.into_iter().map(at).collect(),
        examples_at,
        examples_not_run: raw.examples_not_run.map(at),
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Source { lang, slug, path: path.to_owned(), hash: hash16(bytes), front, body: body.to_owned(), body_line })
}

/// Splits `+++\n<toml>\n+++\n<body>`; returns the TOML, the body and the
/// line where the body starts, or the line and text of an error.
fn split_front_matter(text: &str) -> Result<(&str, &str, usize), (usize, String)> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or_default();
    if first.trim_end() != "+++" {
        return Err((1, "a page must start with TOML front matter between two `+++` lines".to_owned()));
    }
    let toml_start = first.len();
    let mut offset = toml_start;
    for (index, line) in lines.enumerate() {
        if line.trim_end() == "+++" {
            let body_start = offset + line.len();
            // Line 1 is the opening `+++`, index 0 is line 2; the body starts after the closing line.
            return Ok((&text[toml_start..offset], &text[body_start..], index + 3));
        }
        offset += line.len();
    }
    Err((1, "the front matter is not closed by a `+++` line".to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Result<Source, Vec<DocError>> {
        parse(Path::new("content/en/page.md"), Lang::En, text.as_bytes())
    }

    #[test]
    fn reads_front_matter_and_body_with_lines() {
        let page = parse_str("+++\ntitle = \"T\"\ndescription = \"D\"\nweight = 5\nrelated = [\"a\",\n \"b\"]\n+++\n\nHello\n").unwrap();
        assert_eq!(page.slug, "page");
        assert_eq!((page.front.title.as_str(), page.front.weight), ("T", 5));
        assert_eq!(page.front.related, vec![At { value: "a".into(), line: 5 }, At { value: "b".into(), line: 6 }]);
        assert_eq!(page.body, "\nHello\n");
        assert_eq!(page.body_line, 8);
        assert_eq!(page.hash.len(), 16);
    }

    #[test]
    fn examples_at_is_an_rfc_3339_time_or_an_error_on_its_line() {
        let page =
            parse_str("+++\ntitle = \"T\"\ndescription = \"D\"\nweight = 5\nexamples_at = \"2018-02-10T09:00:00Z\"\n+++\nHi\n").unwrap();
        assert_eq!(page.front.examples_at.map(|t| t.to_rfc3339()), Some("2018-02-10T09:00:00+00:00".to_owned()));
        let errors = parse_str("+++\ntitle = \"T\"\ndescription = \"D\"\nweight = 5\nexamples_at = \"next week\"\n+++\nHi\n").unwrap_err();
        assert!(errors.iter().any(|e| e.line == 5 && e.message.contains("examples_at")), "{errors:?}");
    }

    #[test]
    fn reports_missing_fields_bad_toml_and_unclosed_blocks_with_lines() {
        let e = parse_str("+++\ntitle = \"T\"\nweight = 1\n+++\n").unwrap_err();
        assert!(e[0].message.contains("description"), "{e:?}");
        let e = parse_str("+++\ntitle = \"T\"\ndescription = \"D\"\nweight = \"heavy\"\n+++\n").unwrap_err();
        assert_eq!(e[0].line, 4, "{e:?}");
        let e = parse_str("+++\ntitle = \"T\n+++\n").unwrap_err();
        assert_eq!(e[0].line, 2, "{e:?}");
        let e = parse_str("+++\ntitle = \"T\"\n").unwrap_err();
        assert!(e[0].message.contains("not closed"), "{e:?}");
        let e = parse_str("# No front matter\n").unwrap_err();
        assert_eq!(e[0].line, 1);
        let e = parse_str("+++\ntitle = \"T\"\ndescription = \"D\"\nweight = 1\ncolour = 3\n+++\n").unwrap_err();
        assert!(e[0].message.contains("colour") && e[0].line == 5, "{e:?}");
    }

    #[test]
    fn hash_is_the_first_16_hex_digits_of_sha256() {
        assert_eq!(hash16(b"abc"), "ba7816bf8f01cfea");
    }

    #[test]
    fn non_utf8_is_an_error() {
        let e = parse(Path::new("x.md"), Lang::En, b"+++\n\xff\n").unwrap_err();
        assert_eq!(e[0].line, 2);
    }
}
