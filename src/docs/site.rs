//! The built site in memory: relative paths to bytes with their content type,
//! written to a folder by `docs build` and served from memory by `serve`.

use std::collections::BTreeMap;
use std::path::Path;

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
    files: BTreeMap<String, (&'static str, Vec<u8>)>,
}

impl Site {
    pub(crate) fn insert(&mut self, path: impl Into<String>, content_type: &'static str, bytes: impl Into<Vec<u8>>) {
        self.files.insert(path.into(), (content_type, bytes.into()));
    }

    /// The content type and bytes of the file at `path`, as in [`Site::paths`].
    pub fn get(&self, path: &str) -> Option<(&'static str, &[u8])> {
        self.files.get(path).map(|(content_type, bytes)| (*content_type, bytes.as_slice()))
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
        self.files.values().map(|(_, bytes)| bytes.len()).sum()
    }

    /// Writes every file below `out`, creating folders, and removes the files
    /// an earlier `write_to` wrote there that this site no longer has (a page
    /// deleted or renamed). It knows them from [`MANIFEST`], the list of files
    /// it wrote; anything else in `out` is left alone.
    pub fn write_to(&self, out: &Path) -> std::io::Result<()> {
        let manifest = out.join(MANIFEST);
        let previous = std::fs::read_to_string(&manifest).unwrap_or_default();
        for (path, (_, bytes)) in &self.files {
            let target = out.join(path);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&target, bytes)?;
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
}
