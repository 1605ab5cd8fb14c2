//! Where the help site's pages and the Fluent files come from: a folder on
//! disk (for authors, with `--docs-content` and `--locales`), or the copies
//! built into the binary, so that an installed binary started from any
//! folder serves the whole product.

use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};

static CONTENT: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/content");
static LOCALES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/locales");
static RELEASES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/releases");

/// The schema of each release, as `(version, SDL)`, from the binary's copy of
/// `releases/schema-<version>.graphql`, oldest first.
pub fn released_schemas() -> Vec<(String, String)> {
    let mut found: Vec<(Vec<u64>, String, String)> = RELEASES
        .files()
        .filter_map(|f| {
            let name = f.path().file_name()?.to_str()?;
            let version = name.strip_prefix("schema-")?.strip_suffix(".graphql")?;
            let key = version.split('.').map(|p| p.parse().unwrap_or(0)).collect();
            Some((key, version.to_owned(), f.contents_utf8()?.to_owned()))
        })
        .collect();
    found.sort();
    found.into_iter().map(|(_, version, sdl)| (version, sdl)).collect()
}

/// A tree of source files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tree {
    Folder(PathBuf),
    /// The binary's copy of `content/` or `locales/`, named for messages.
    Embedded {
        name: &'static str,
    },
}

/// A file of a tree, or where it is and why it could not be read.
pub type FileResult = Result<SourceFile, (PathBuf, String)>;

/// A file read from a tree: where it is (for messages) and its bytes.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

impl Tree {
    /// The help pages built into the binary.
    pub fn embedded_content() -> Self {
        Self::Embedded { name: "content" }
    }

    /// The Fluent files built into the binary.
    pub fn embedded_locales() -> Self {
        Self::Embedded { name: "locales" }
    }

    /// How the tree is named in messages: its folder, or `content` / `locales`.
    pub fn display_path(&self) -> PathBuf {
        match self {
            Self::Folder(path) => path.clone(),
            Self::Embedded { name } => PathBuf::from(name),
        }
    }

    fn embedded_dir(name: &str) -> &'static Dir<'static> {
        if name == "locales" {
            &LOCALES
        } else {
            &CONTENT
        }
    }

    /// The files of `folder` (one level, no subfolders) whose name ends in
    /// `.extension`, sorted by name; an error message when the folder can't
    /// be read. A file that can't be read is returned with the error.
    pub fn files(&self, folder: &str, extension: &str) -> Result<Vec<FileResult>, String> {
        let wanted = |path: &Path| path.extension().is_some_and(|x| x == extension);
        match self {
            Self::Folder(root) => {
                let dir = root.join(folder);
                let entries = std::fs::read_dir(&dir).map_err(|e| format!("cannot read the folder: {e}"))?;
                let mut paths: Vec<PathBuf> =
                    entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_file() && wanted(p)).collect();
                paths.sort();
                Ok(paths
                    .into_iter()
                    .map(|path| match std::fs::read(&path) {
                        Ok(bytes) => Ok(SourceFile { path, bytes }),
                        Err(e) => Err((path, format!("cannot read the file: {e}"))),
                    })
                    .collect())
            }
            Self::Embedded { name } => {
                let dir = Self::embedded_dir(name).get_dir(folder).ok_or_else(|| "the binary has no such folder".to_owned())?;
                let mut files: Vec<SourceFile> = dir
                    .files()
                    .filter(|f| wanted(f.path()))
                    .map(|f| SourceFile { path: Path::new(name).join(f.path()), bytes: f.contents().to_vec() })
                    .collect();
                files.sort_by(|a, b| a.path.cmp(&b.path));
                Ok(files.into_iter().map(Ok).collect())
            }
        }
    }
}

impl Tree {
    /// Every file of the whole tree whose name ends in `.extension`, in
    /// every folder at any depth, as `(path relative to the tree with '/'
    /// separators, file)`, sorted by path; an error message when the tree
    /// can't be read. A file that can't be read comes with its error.
    pub fn walk(&self, extension: &str) -> Result<Vec<(String, FileResult)>, String> {
        let mut out = Vec::new();
        match self {
            Self::Folder(root) => walk_folder(root, "", extension, &mut out)?,
            Self::Embedded { name } => walk_embedded(Self::embedded_dir(name), name, extension, &mut out),
        }
        out.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(out)
    }
}

fn walk_folder(dir: &Path, prefix: &str, extension: &str, out: &mut Vec<(String, FileResult)>) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot read the folder: {e}"))?;
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()).map(str::to_owned) else { continue };
        let relative = if prefix.is_empty() { name.clone() } else { format!("{prefix}/{name}") };
        if path.is_dir() {
            // A subfolder that can't be read is reported as one unreadable file.
            if let Err(message) = walk_folder(&path, &relative, extension, out) {
                out.push((relative, Err((path, message))));
            }
        } else if path.extension().is_some_and(|x| x == extension) {
            let file = match std::fs::read(&path) {
                Ok(bytes) => Ok(SourceFile { path, bytes }),
                Err(e) => Err((path, format!("cannot read the file: {e}"))),
            };
            out.push((relative, file));
        }
    }
    Ok(())
}

fn walk_embedded(dir: &Dir<'static>, name: &str, extension: &str, out: &mut Vec<(String, FileResult)>) {
    for file in dir.files().filter(|f| f.path().extension().is_some_and(|x| x == extension)) {
        let relative = file.path().to_string_lossy().replace('\\', "/");
        out.push((relative, Ok(SourceFile { path: Path::new(name).join(file.path()), bytes: file.contents().to_vec() })));
    }
    for sub in dir.dirs() {
        walk_embedded(sub, name, extension, out);
    }
}

/// The 1-based line of byte `offset` in `text`, for messages about a file.
pub fn line_of(text: &[u8], offset: usize) -> usize {
    text[..offset.min(text.len())].iter().filter(|b| **b == b'\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_trees_are_the_repository_folders() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        for (tree, folder, ext) in [(Tree::embedded_content(), "content", "md"), (Tree::embedded_locales(), "locales", "ftl")] {
            for lang in ["en", "fr"] {
                let embedded = tree.files(lang, ext).unwrap();
                let on_disk = Tree::Folder(root.join(folder)).files(lang, ext).unwrap();
                assert!(!embedded.is_empty());
                assert_eq!(embedded.len(), on_disk.len(), "{folder}/{lang}");
                for (a, b) in embedded.iter().zip(&on_disk) {
                    let (a, b) = (a.as_ref().unwrap(), b.as_ref().unwrap());
                    assert_eq!(a.path.file_name(), b.path.file_name());
                    assert_eq!(a.bytes, b.bytes, "{}", a.path.display());
                }
            }
        }
        assert!(Tree::embedded_content().files("de", "md").is_err());
        let releases = released_schemas();
        assert!(releases.iter().any(|(version, sdl)| version == "0.1.0" && sdl.contains("type Organization")), "{releases:?}");
        assert!(Tree::Folder(root.join("nowhere")).files("en", "md").is_err());
    }
}
