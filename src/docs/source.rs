//! Reading the pages: TOML front matter between `+++` lines, the Markdown
//! body, and the hash a translation records of its English source.

use std::path::{Path, PathBuf};

use crate::sources::{SourceFile, Tree};
use rayon::prelude::*;
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
    /// The page's address inside its language: the path without `.md`
    /// (`billing/orders`), or the folder of a section's `_index.md` (`billing`).
    pub slug: String,
    /// The folder the file is in, inside its language (`billing`, or `""`):
    /// links from the page are relative to it.
    pub dir: String,
    /// Whether this is a section's own page (`_index.md`, or generated).
    pub is_index: bool,
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

/// The address of a page from its path inside `content/<lang>/`:
/// `billing/orders.md` is `billing/orders`, in the section `billing`;
/// `billing/_index.md` is the page of the section itself, `billing`.
/// Returns `(slug, folder, is the section's page)`.
pub(crate) fn slug_of(relative: &str) -> Result<(String, String, bool), String> {
    let stem = relative.strip_suffix(".md").unwrap_or(relative);
    let (folder, name) = stem.rsplit_once('/').unwrap_or(("", stem));
    for segment in folder.split('/').filter(|s| !s.is_empty()) {
        if !valid_slug(segment) {
            return Err(format!("the folder name {segment:?} must use only lowercase letters, digits and '-'"));
        }
    }
    if name == "_index" {
        return Ok((folder.to_owned(), folder.to_owned(), true));
    }
    if !valid_slug(name) {
        return Err(format!("the file name {name:?} must use only lowercase letters, digits and '-'"));
    }
    let slug = if folder.is_empty() { name.to_owned() } else { format!("{folder}/{name}") };
    Ok((slug, folder.to_owned(), false))
}

/// Every page of every language (`content/<lang>/`, folders included): the
/// pages that loaded, the pages that did not (language and slug: later checks
/// don't report them missing as well), and the errors, added to `errors`.
/// A Markdown file the site doesn't use (outside the language folders, or a
/// `_index.md` at a language's top, whose home page is generated) is a
/// warning, added to `warnings`.
pub(crate) fn load_all(content: &Tree, errors: &mut Vec<DocError>, warnings: &mut Vec<DocError>) -> (Vec<Source>, Vec<(Lang, String)>) {
    let mut sources = Vec::new();
    let mut broken = Vec::new();
    if let Tree::Folder(root) = content {
        for lang in Lang::ALL.into_iter().filter(|lang| !root.join(lang.code()).is_dir()) {
            errors.push(DocError::new(root.join(lang.code()), 0, "cannot read the folder: there is no such folder"));
        }
    }
    let files = match content.walk("md") {
        Ok(files) => files,
        Err(message) => {
            errors.push(DocError::new(content.display_path(), 0, message));
            return (sources, broken);
        }
    };
    // Parsing is most of the work: in parallel, then gathered in file order.
    let outcomes: Vec<Loaded> = files.into_par_iter().map(|(relative, file)| load_one(content, &relative, file)).collect();
    for outcome in outcomes {
        match outcome {
            Loaded::Page(page) => sources.push(*page),
            Loaded::Broken(list, lang, slug) => {
                errors.extend(list);
                broken.push((lang, slug));
            }
            Loaded::Unused(warning) => warnings.push(warning),
        }
    }
    (sources, broken)
}

/// What became of one Markdown file.
enum Loaded {
    Page(Box<Source>),
    /// The errors, and the language and slug of the page that did not load.
    Broken(Vec<DocError>, Lang, String),
    Unused(DocError),
}

/// Loads the Markdown file at `relative` (below `content`).
fn load_one(content: &Tree, relative: &str, file: Result<SourceFile, (PathBuf, String)>) -> Loaded {
    let (top, inside) = relative.split_once('/').unwrap_or(("", relative));
    let path = match &file {
        Ok(file) => file.path.clone(),
        Err((path, _)) => path.clone(),
    };
    let Some(lang) = Lang::from_code(top) else {
        let shown = content.display_path();
        let message = format!("this file is not used: pages go in {}/en/ and {}/fr/", shown.display(), shown.display());
        return Loaded::Unused(DocError::new(path, 0, message));
    };
    if inside == "_index.md" {
        return Loaded::Unused(DocError::new(
            path,
            0,
            "this file is not used: the home page of a language is generated; sections are folders with their own _index.md",
        ));
    }
    let parsed = match (file, slug_of(inside)) {
        (Ok(file), Ok(address)) => parse(&file.path, lang, address, &file.bytes),
        (Err((path, message)), _) | (Ok(SourceFile { path, .. }), Err(message)) => Err(vec![DocError::new(&path, 0, message)]),
    };
    match parsed {
        Ok(page) => Loaded::Page(Box::new(page)),
        Err(list) => {
            let slug = slug_of(inside).map(|(slug, _, _)| slug).unwrap_or_else(|_| inside.trim_end_matches(".md").to_owned());
            Loaded::Broken(list, lang, slug)
        }
    }
}

/// Parses one page from its bytes; `address` is what [`slug_of`] made of its path.
pub(crate) fn parse(path: &Path, lang: Lang, address: (String, String, bool), bytes: &[u8]) -> Result<Source, Vec<DocError>> {
    let err = |line: usize, message: String| vec![DocError::new(path, line, message)];
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => return Err(err(line_of(bytes, e.valid_up_to()), "the file is not valid UTF-8".to_owned())),
    };
    let (slug, dir, is_index) = address;
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
    Ok(Source { lang, slug, dir, is_index, path: path.to_owned(), hash: hash16(bytes), front, body: body.to_owned(), body_line })
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
        parse(Path::new("content/en/page.md"), Lang::En, slug_of("page.md").unwrap(), text.as_bytes())
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
        let e = parse(Path::new("x.md"), Lang::En, slug_of("x.md").unwrap(), b"+++\n\xff\n").unwrap_err();
        assert_eq!(e[0].line, 2);
    }

    #[test]
    fn addresses_come_from_the_path_inside_the_language_folder() {
        assert_eq!(slug_of("start.md").unwrap(), ("start".into(), "".into(), false));
        assert_eq!(slug_of("billing/orders.md").unwrap(), ("billing/orders".into(), "billing".into(), false));
        assert_eq!(slug_of("billing/_index.md").unwrap(), ("billing".into(), "billing".into(), true));
        assert_eq!(slug_of("a/b/c.md").unwrap(), ("a/b/c".into(), "a/b".into(), false));
        assert!(slug_of("Billing/orders.md").unwrap_err().contains("folder name"));
        assert!(slug_of("billing/Orders.md").unwrap_err().contains("file name"));
    }
}
