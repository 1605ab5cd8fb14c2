//! The built site: relative paths to bytes with their content type, served
//! from memory by `serve`, or written to a folder by `docs build` as each
//! file is made (so that a large site never sits in memory whole).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Content type of HTML pages.
pub(crate) const HTML: &str = "text/html; charset=utf-8";
/// Content type of the stylesheet.
pub(crate) const CSS: &str = "text/css; charset=utf-8";
/// Content type of the scripts.
pub(crate) const JS: &str = "text/javascript; charset=utf-8";
/// Content type of the search indexes.
pub(crate) const JSON: &str = "application/json";
/// Content type of the sitemap.
pub(crate) const XML: &str = "application/xml; charset=utf-8";

/// Every file of the site, by relative path (`en/renew-action-pack/index.html`, `sitemap.xml`, …).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Site {
    files: BTreeMap<String, (&'static str, Body)>,
    /// Where files are written as they are inserted, if anywhere.
    folder: Option<PathBuf>,
    /// The first file that could not be written there.
    failed: Option<String>,
}

/// A file's bytes, or their size once written to the site's folder.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Body {
    Held(Vec<u8>),
    Written(usize),
}

impl Site {
    /// A site whose files are written below `folder` as they are inserted,
    /// keeping only their paths: [`Site::get`] finds none of them, and
    /// [`Site::write_to`] that folder finishes the job.
    pub fn writing_to(folder: impl Into<PathBuf>) -> Self {
        Self { folder: Some(folder.into()), ..Self::default() }
    }

    pub(crate) fn insert(&mut self, path: impl Into<String>, content_type: &'static str, bytes: impl Into<Vec<u8>>) {
        let (path, bytes) = (path.into(), bytes.into());
        let body = match &self.folder {
            Some(folder) if self.failed.is_none() => match write_file(folder, &path, &bytes) {
                Ok(()) => Body::Written(bytes.len()),
                Err(e) => {
                    self.failed = Some(format!("{}: {e}", folder.join(&path).display()));
                    Body::Held(bytes)
                }
            },
            _ => Body::Held(bytes),
        };
        self.files.insert(path, (content_type, body));
    }

    /// The content type and bytes of the file at `path`, as in [`Site::paths`],
    /// if the site holds them (see [`Site::writing_to`]).
    pub fn get(&self, path: &str) -> Option<(&'static str, &[u8])> {
        match self.files.get(path)? {
            (content_type, Body::Held(bytes)) => Some((*content_type, bytes.as_slice())),
            (_, Body::Written(_)) => None,
        }
    }

    /// The file a URL path below the site's root shows: `en/` and `en` give
    /// `en/index.html`, `""` gives `index.html`. Paths with `..` give nothing.
    pub fn resolve(&self, url_path: &str) -> Option<(&'static str, &[u8])> {
        let path = url_path.trim_start_matches('/');
        if path.split('/').any(|segment| segment == "..") {
            return None;
        }
        if path.is_empty() || path.ends_with('/') {
            return self.get(&format!("{path}index.html"));
        }
        self.get(path).or_else(|| self.get(&format!("{path}/index.html")))
    }

    /// Every path, sorted.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    /// How many files the site has.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether the site has no file at all.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The total size of the files, in bytes.
    pub fn total_bytes(&self) -> usize {
        let size = |body: &Body| match body {
            Body::Held(bytes) => bytes.len(),
            Body::Written(size) => *size,
        };
        self.files.values().map(|(_, body)| size(body)).sum()
    }

    /// Writes every file below `out`, creating folders, and removes the files
    /// an earlier `write_to` wrote there that this site no longer has (a page
    /// deleted or renamed). It knows them from [`MANIFEST`], the list of files
    /// it wrote; anything else in `out` is left alone. A site made with
    /// [`Site::writing_to`] can only be finished in its own folder.
    pub fn write_to(&self, out: &Path) -> std::io::Result<()> {
        if let Some(failed) = &self.failed {
            return Err(std::io::Error::other(format!("cannot write {failed}")));
        }
        let elsewhere = self.folder.as_deref().is_some_and(|folder| folder != out);
        if elsewhere && self.files.values().any(|(_, body)| matches!(body, Body::Written(_))) {
            return Err(std::io::Error::other("the site was written to another folder as it was built"));
        }
        let manifest = out.join(MANIFEST);
        let previous = std::fs::read_to_string(&manifest).unwrap_or_default();
        for (path, (_, body)) in &self.files {
            if let Body::Held(bytes) = body {
                write_file(out, path, bytes)?;
            }
        }
        for stale in previous.lines().filter(|p| safe_relative(p) && !self.files.contains_key(*p)) {
            let target = out.join(stale);
            if target.is_file() {
                std::fs::remove_file(&target)?;
            }
            // Folders the removal left empty go too; `remove_dir` fails on a folder that isn't.
            let mut folder = target.parent();
            while let Some(dir) = folder.filter(|d| *d != out && d.starts_with(out)) {
                if std::fs::remove_dir(dir).is_err() {
                    break;
                }
                folder = dir.parent();
            }
        }
        let list: String = self.files.keys().map(|p| format!("{p}\n")).collect();
        std::fs::write(manifest, list)
    }
}

/// Writes `bytes` to `path` below `folder`, creating folders.
fn write_file(folder: &Path, path: &str, bytes: &[u8]) -> std::io::Result<()> {
    let target = folder.join(path);
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(&target, bytes)
}

/// The file `write_to` keeps in the output folder: the paths it wrote, one per line.
pub(crate) const MANIFEST: &str = ".partnerdesk-site";

/// A path from a manifest that stays inside the output folder.
fn safe_relative(path: &str) -> bool {
    !path.is_empty() && !path.starts_with('/') && !path.contains('\\') && path.split('/').all(|s| !s.is_empty() && s != "." && s != "..")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Site {
        let mut site = Site::default();
        site.insert("index.html", HTML, "root");
        site.insert("en/index.html", HTML, "home");
        site.insert("en/a/index.html", HTML, "a");
        site.insert("style.css", CSS, "css");
        site
    }

    #[test]
    fn resolves_folders_to_their_index() {
        let site = site();
        assert_eq!(site.resolve("").map(|f| f.1), Some(&b"root"[..]));
        assert_eq!(site.resolve("/en/").map(|f| f.1), Some(&b"home"[..]));
        assert_eq!(site.resolve("en/a").map(|f| f.1), Some(&b"a"[..]));
        assert_eq!(site.resolve("style.css").map(|f| f.0), Some(CSS));
        assert!(site.resolve("en/../style.css").is_none());
        assert!(site.resolve("nope/").is_none());
    }

    #[test]
    fn writes_every_file() {
        let dir = tempfile::tempdir().unwrap();
        site().write_to(dir.path()).unwrap();
        assert_eq!(std::fs::read_to_string(dir.path().join("en/a/index.html")).unwrap(), "a");
        assert_eq!(site().paths().count(), 4);
    }

    #[test]
    fn removes_what_it_wrote_before_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        site().write_to(out).unwrap();
        std::fs::write(out.join("en/mine.txt"), "not the generator's").unwrap();
        std::fs::write(out.join(MANIFEST), "en/a/index.html\n../outside.txt\n/etc/passwd\nen/mine.txt/../../x\n").unwrap();
        let mut smaller = Site::default();
        smaller.insert("index.html", HTML, "root 2");
        smaller.insert("en/index.html", HTML, "home");
        smaller.write_to(out).unwrap();
        assert!(!out.join("en/a").exists(), "the page and its folder are gone");
        assert!(out.join("en/mine.txt").is_file(), "files it didn't write stay");
        assert!(out.join("style.css").is_file(), "not in the old manifest (edited above): left alone");
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "root 2");
        assert_eq!(std::fs::read_to_string(out.join(MANIFEST)).unwrap(), "en/index.html\nindex.html\n");
        assert!(safe_relative("en/a/index.html") && !safe_relative("../x") && !safe_relative("/x") && !safe_relative("a//b"));
    }

    #[test]
    fn a_site_written_as_it_is_built_keeps_only_paths() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        std::fs::create_dir_all(out.join("en/old")).unwrap();
        std::fs::write(out.join("en/old/index.html"), "old").unwrap();
        std::fs::write(out.join(MANIFEST), "en/old/index.html\n").unwrap();
        let mut site = Site::writing_to(out);
        site.insert("en/a/index.html", HTML, "a");
        assert_eq!(std::fs::read_to_string(out.join("en/a/index.html")).unwrap(), "a", "written at once");
        assert!(site.get("en/a/index.html").is_none(), "and not kept");
        assert_eq!((site.len(), site.total_bytes()), (1, 1));
        let other = tempfile::tempdir().unwrap();
        assert!(site.write_to(other.path()).is_err(), "its files are in the first folder");
        site.write_to(out).unwrap();
        assert!(!out.join("en/old").exists(), "what the last build wrote and this one did not is gone");
        assert_eq!(std::fs::read_to_string(out.join(MANIFEST)).unwrap(), "en/a/index.html\n");
    }

    #[test]
    fn a_file_that_cannot_be_written_fails_the_site() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("en"), "a file where a folder must go").unwrap();
        let mut site = Site::writing_to(dir.path());
        site.insert("en/a/index.html", HTML, "a");
        site.insert("index.html", HTML, "root");
        let error = site.write_to(dir.path()).unwrap_err().to_string();
        assert!(error.contains("en/a/index.html"), "{error}");
        assert!(!dir.path().join("index.html").exists(), "nothing after the failure");
    }
}
