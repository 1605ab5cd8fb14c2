//! The help-site generator: `content/<lang>/*.md` and `locales/` in, a static
//! bilingual site out.
//!
//! The pipeline is load → validate → render → assemble:
//!
//! 1. [`source`] reads every page: TOML front matter between `+++` lines and
//!    the Markdown body; [`Locales::load`] reads the Fluent files.
//! 2. [`plan`] pairs each English page with its French translation, flags
//!    outdated translations (`source_hash`) and missing ones.
//! 3. [`markdown`] renders the pages in parallel, replacing `{{ term-id }}`
//!    references, rewriting `.md` links and validating code blocks
//!    ([`graphql`]) on the way; [`check`] then validates what crosses pages:
//!    links, anchors, related topics, heading ids.
//!    [`generated`] adds the pages written from other sources: the Errors
//!    page (schema and Fluent) and the Glossary (`terms.ftl`).
//! 4. [`assemble`] wraps the pages in the layout ([`layout`], [`templates`]),
//!    and adds the home pages, the API reference ([`reference`]), the search
//!    index ([`search`]), the sitemap, the 404 page and the assets into an
//!    in-memory [`Site`].
//!
//! Every problem is collected, with the file and line to fix, before the build
//! gives up; nothing that input can influence panics.
//!
//! Besides the build, [`runnable_examples`] lists the ```` ```graphql run ````
//! blocks that `tests/docs_examples.rs` executes against a demo instance
//! ([`examples`] has the rules).

mod assemble;
mod avoided;
pub mod changelog;
mod check;
mod code;
mod diagrams;
mod examples;
mod generated;
mod graphql;
mod layout;
mod markdown;
mod plan;
mod reference;
mod search;
mod sections;
mod site;
mod source;
mod templates;
mod text;

use std::fmt;
use std::path::{Path, PathBuf};

pub use examples::{compare_response, runnable_examples, Example};
pub use site::Site;

use crate::i18n::{Lang, Locales};
use crate::sources::Tree;

/// Slugs of generated pages, which no Markdown file may take.
const RESERVED_SLUGS: &[&str] = &[reference::SLUG, changelog::SLUG, generated::ERRORS, generated::GLOSSARY, generated::MAILS, "search"];

/// Where the site's sources are and how to build it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocsConfig {
    /// The API's schema (SDL): examples are checked against it and the API
    /// reference is built from it. The generator itself knows no API.
    pub schema: String,
    /// The `en/` and `fr/` Markdown pages.
    pub content: Tree,
    /// The Fluent files (`en/*.ftl`, `fr/*.ftl`).
    pub locales: Tree,
    /// The URL path (or absolute URL) the site is served under, such as `/` or `/help/`.
    pub base_url: String,
    /// Treat a page missing in French as an error instead of falling back to English.
    pub strict: bool,
    /// Where "Open in GraphiQL" links lead: the API's GraphiQL page, `/graphql`
    /// when `serve` serves the site beside the API.
    pub api_url: String,
    /// The released schemas, oldest first, for the changelog page.
    pub releases: Vec<changelog::Release>,
}

impl DocsConfig {
    /// The site of `schema`, from pages and Fluent files in these folders, served at `/`.
    pub fn new(schema: String, content: impl Into<PathBuf>, locales: impl Into<PathBuf>) -> Self {
        Self::from_trees(schema, Tree::Folder(content.into()), Tree::Folder(locales.into()))
    }

    /// The same site, with a changelog of these released schemas.
    pub fn with_releases(self, releases: Vec<changelog::Release>) -> Self {
        Self { releases, ..self }
    }

    /// The site of `schema`, from pages and Fluent files anywhere, served at `/`.
    pub fn from_trees(schema: String, content: Tree, locales: Tree) -> Self {
        Self { schema, content, locales, base_url: "/".to_owned(), strict: false, api_url: "/graphql".to_owned(), releases: Vec::new() }
    }
}

/// A problem in the sources, located for the person who must fix it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct DocError {
    /// The file at fault (a page, a Fluent file, or the folder that could not be read).
    pub file: PathBuf,
    /// The line in that file, from 1; 0 when the problem concerns the whole file.
    pub line: usize,
    /// What is wrong, in words.
    pub message: String,
}

impl DocError {
    pub(crate) fn new(file: impl Into<PathBuf>, line: usize, message: impl Into<String>) -> Self {
        Self { file: file.into(), line, message: message.into() }
    }
}

impl fmt::Display for DocError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file.display(), self.line, self.message)
    }
}

impl std::error::Error for DocError {}

/// A successful build: the site, and what deserves attention without failing it.
#[derive(Debug)]
pub struct BuildReport {
    /// Every file of the site, in memory.
    pub site: Site,
    /// Outdated translations and pages shown in English for lack of a translation.
    pub warnings: Vec<DocError>,
    /// How many content pages were rendered, all languages together.
    pub pages: usize,
    /// How many GraphQL blocks of the pages run in `cargo test` (examples and
    /// setup steps; untranslated pages are not counted twice).
    pub examples: usize,
    /// The pages with GraphQL blocks that don't run, and why (the page's
    /// `examples_not_run`). The goal is none.
    pub not_run: Vec<DocError>,
    /// How many pages each language has (translated or shown in English).
    pub per_language: Vec<(Lang, usize)>,
    /// How long each phase took: load (sources, Fluent, schema, plan),
    /// render (Markdown, in parallel), check (links, anchors, examples),
    /// assemble (layout, search index, sitemap).
    pub phases: Vec<(&'static str, std::time::Duration)>,
    /// How many pages were rendered from their Markdown in this build; the
    /// others came from a [`Builder`]'s last build unchanged.
    pub rendered_again: usize,
}

/// The time of each phase of a build, as it ends.
struct Phases {
    since: std::time::Instant,
    done: Vec<(&'static str, std::time::Duration)>,
}

impl Phases {
    fn start() -> Self {
        Self { since: std::time::Instant::now(), done: Vec::new() }
    }

    fn end(&mut self, name: &'static str) {
        let now = std::time::Instant::now();
        self.done.push((name, now - self.since));
        self.since = now;
    }
}

/// Builds the whole site in memory, or returns every error found, sorted by
/// file and line.
pub fn build(config: &DocsConfig) -> Result<BuildReport, Vec<DocError>> {
    // One build: nothing to keep for a next one.
    Builder { keep: false, ..Builder::new(config.clone()) }.build()
}

/// Builds the site once, writing its files below `out` as they are made (a
/// large site never sits in memory whole); [`Site::write_to`] `out` then
/// finishes the job. Nothing is written when the build has errors.
pub fn build_into(config: &DocsConfig, out: &Path) -> Result<BuildReport, Vec<DocError>> {
    Builder { keep: false, out: Some(out.to_owned()), ..Builder::new(config.clone()) }.build()
}

/// What a build keeps for the next one (see [`Builder`]).
#[derive(Default)]
struct Cache {
    /// The Fluent files by a fingerprint of their bytes.
    locales: Option<(u64, std::sync::Arc<Locales>)>,
    /// The schema, its reference and changelog, and their errors.
    schema: Option<std::sync::Arc<Schema>>,
    /// Rendered bodies by everything their rendering reads; dropped when the
    /// Fluent files change.
    rendered: std::collections::HashMap<assemble::RenderKey, markdown::Rendered>,
}

/// What the build knows of the API: the checker of examples, the reference,
/// the changelog, and what was wrong with them.
struct Schema {
    checker: graphql::Checker,
    reference: reference::Reference,
    changes: Vec<changelog::Entry>,
    errors: Vec<DocError>,
}

/// Builds a site again and again from the same configuration, as the live
/// preview does: the Fluent files, the schema and every page whose source
/// did not change are taken from the last build, so that a change to one
/// page renders one page again.
pub struct Builder {
    config: DocsConfig,
    cache: Cache,
    /// Whether rendered bodies are kept for the next build.
    keep: bool,
    /// Where files go as they are made, instead of memory.
    out: Option<PathBuf>,
}

impl Builder {
    pub fn new(config: DocsConfig) -> Self {
        Self { config, cache: Cache::default(), keep: true, out: None }
    }

    /// The Fluent files, loaded again only when their bytes changed.
    fn locales(&mut self, errors: &mut Vec<DocError>) -> Option<std::sync::Arc<Locales>> {
        let fingerprint = self.config.locales.walk("ftl").map(|files| {
            use std::hash::{Hash, Hasher};
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            for (path, file) in &files {
                path.hash(&mut hasher);
                file.as_ref().map(|f| f.bytes.as_slice()).unwrap_or_default().hash(&mut hasher);
            }
            hasher.finish()
        });
        if let (Ok(now), Some((then, locales))) = (&fingerprint, &self.cache.locales) {
            if now == then {
                return Some(locales.clone());
            }
        }
        self.cache.rendered.clear();
        self.cache.locales = None;
        match Locales::load(&self.config.locales) {
            Ok(locales) => {
                let locales = std::sync::Arc::new(locales);
                if let Ok(now) = fingerprint {
                    self.cache.locales = Some((now, locales.clone()));
                }
                Some(locales)
            }
            Err(list) => {
                errors.extend(list.into_iter().map(|e| DocError::new(e.file, e.line, e.message)));
                None
            }
        }
    }

    /// The schema's checker, reference and changelog, made once.
    fn schema(&mut self, errors: &mut Vec<DocError>) -> Option<std::sync::Arc<Schema>> {
        if self.cache.schema.is_none() {
            let checker = match graphql::Checker::new(&self.config.schema) {
                Ok(checker) => checker,
                Err(list) => {
                    let file = PathBuf::from("<API schema>");
                    errors.extend(list.into_iter().map(|(line, message)| DocError::new(&file, line, message)));
                    return None;
                }
            };
            let reference = reference::Reference::new(checker.schema());
            let mut problems = Vec::new();
            let mut released = Vec::new();
            for release in &self.config.releases {
                match graphql::Checker::new(&release.sdl) {
                    Ok(old) => released.push((release.version.clone(), reference::Reference::new(old.schema()))),
                    Err(list) => {
                        let file = format!("releases/schema-{}.graphql", release.version);
                        problems.extend(list.into_iter().map(|(line, message)| DocError::new(&file, line, message)));
                    }
                }
            }
            let changes = changelog::entries(&released, &reference);
            self.cache.schema = Some(std::sync::Arc::new(Schema { checker, reference, changes, errors: problems }));
        }
        let schema = self.cache.schema.clone()?;
        errors.extend(schema.errors.iter().cloned());
        Some(schema)
    }

    /// Builds the whole site, reusing what the last build made where its
    /// sources did not change.
    pub fn build(&mut self) -> Result<BuildReport, Vec<DocError>> {
        let mut errors = Vec::new();
        let mut phases = Phases::start();
        let base_url = match normalize_base_url(&self.config.base_url) {
            Ok(url) => url,
            Err(message) => {
                errors.push(DocError::new("--base-url", 0, message));
                "/".to_owned()
            }
        };
        let locales = self.locales(&mut errors);
        let config = &self.config;
        if let Some(locales) = &locales {
            errors.extend(layout::missing_interface_strings(locales, &config.locales.display_path()));
        }
        let mut unused = Vec::new();
        let (sources, broken) = source::load_all(&config.content, &mut errors, &mut unused);
        for source in sources.iter().filter(|s| RESERVED_SLUGS.contains(&s.slug.as_str())) {
            errors.push(DocError::new(
                &source.path,
                0,
                format!("the page name {:?} is taken by a generated page; rename the file", source.slug),
            ));
        }
        let schema = self.schema(&mut errors);
        let config = &self.config;
        // Without locales nothing can be rendered; what was found so far is the report.
        let (Some(locales), Some(schema)) = (locales, schema) else {
            let _ = plan::pair(sources, broken, config.strict, &mut errors);
            errors.sort();
            return Err(errors);
        };
        let (checker, reference) = (&schema.checker, &schema.reference);
        let mut sources = sources;
        errors.extend(avoided::words(&config.locales, &locales, &sources));
        sources.extend(generated::pages(&config.locales, &locales, reference, &mut errors));
        sections::complete(&mut sources, &locales, &config.content.display_path(), &mut errors);
        let (plan, mut warnings) = plan::pair(sources, broken, config.strict, &mut errors);
        warnings.extend(unused);
        errors.extend(reference::check(reference, &locales, &config.locales.display_path()));
        phases.end("load");
        let (rendered, rendered_again) =
            assemble::render_all(&plan, &locales, checker, &base_url, &config.api_url, self.keep.then_some(&mut self.cache.rendered));
        phases.end("render");
        for page in &rendered {
            errors.extend(page.errors.iter().cloned());
        }
        errors.extend(check::cross_page(&plan, &rendered, reference));
        errors.extend(check::applies_to(&plan, &locales, reference));
        let not_run = check::examples_not_run(&plan, &rendered, &mut errors);
        if !errors.is_empty() {
            errors.sort();
            errors.dedup();
            return Err(errors);
        }
        phases.end("check");
        let site = self.out.as_ref().map_or_else(Site::default, Site::writing_to);
        let site = assemble::site(site, &plan, &rendered, &locales, &base_url, reference, &schema.changes);
        phases.end("assemble");
        warnings.sort();
        let examples = rendered.iter().map(|r| r.examples).sum();
        let per_language = Lang::ALL.into_iter().map(|lang| (lang, plan.pages_in(lang).count())).collect();
        let pages = rendered.len();
        Ok(BuildReport { site, warnings, pages, per_language, examples, not_run, phases: phases.done, rendered_again })
    }
}

/// `/`, `/help/` or `https://host/help/`, always ending with a slash.
fn normalize_base_url(raw: &str) -> Result<String, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok("/".to_owned());
    }
    let ok_start = raw.starts_with('/') || raw.starts_with("https://") || raw.starts_with("http://");
    if !ok_start || raw.contains(['"', '<', '>', '\'', ' ', '?', '#']) {
        return Err(format!("the base URL {raw:?} must be a path such as /help/ or an http(s) URL"));
    }
    Ok(if raw.ends_with('/') { raw.to_owned() } else { format!("{raw}/") })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_end_with_a_slash_and_reject_odd_input() {
        assert_eq!(normalize_base_url("").unwrap(), "/");
        assert_eq!(normalize_base_url("/help").unwrap(), "/help/");
        assert_eq!(normalize_base_url("https://x.example/help/").unwrap(), "https://x.example/help/");
        assert!(normalize_base_url("help/").is_err());
        assert!(normalize_base_url("/a\"b/").is_err());
    }

    #[test]
    fn errors_display_as_file_line_message() {
        let e = DocError::new("content/en/a.md", 12, "unknown Fluent message \"x\"");
        assert_eq!(e.to_string(), "content/en/a.md:12: unknown Fluent message \"x\"");
    }

    #[test]
    fn a_missing_content_folder_is_an_error_not_a_panic() {
        let dir = std::env::temp_dir().join("partnerdesk-docs-nothing-here");
        let errors = build(&DocsConfig::new("type Query { a: Int }".into(), dir.join("content"), dir.join("locales"))).unwrap_err();
        assert!(errors.iter().any(|e| e.message.contains("cannot read")), "{errors:?}");
    }
}
