//! What the help-site tests (`docs.rs`, `docs_reference.rs`) share: a copy of
//! the fixture site to break, its build, and assertions on errors.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use partnerdesk::docs::{build, BuildReport, DocError, DocsConfig};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A copy of the fixture site (content/ and locales/) in a temporary folder,
/// with the real API reference descriptions, Errors page texts and mails,
/// which follow the real schema.
pub fn fixture() -> tempfile::TempDir {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let path = entry.unwrap().path();
            let target = to.join(path.file_name().unwrap());
            if path.is_dir() {
                copy(&path, &target);
            } else {
                std::fs::copy(&path, &target).unwrap();
            }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    copy(&root().join("tests/fixtures/docs"), dir.path());
    for lang in ["en", "fr"] {
        for name in ["reference", "errors", "mail"] {
            let file = format!("locales/{lang}/{name}.ftl");
            std::fs::copy(root().join(&file), dir.path().join(&file)).unwrap();
        }
    }
    dir
}

pub fn config(dir: &Path, strict: bool) -> DocsConfig {
    DocsConfig { base_url: "/help/".into(), strict, ..DocsConfig::new(partnerdesk::api::sdl(), dir.join("content"), dir.join("locales")) }
}

pub fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file)).unwrap()
}

pub fn write(dir: &Path, file: &str, text: &str) {
    std::fs::write(dir.join(file), text).unwrap();
}

/// Replaces `from` (which must occur) in a fixture file.
pub fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let text = read(dir, file);
    assert!(text.contains(from), "{file} has no {from:?}");
    write(dir, file, &text.replacen(from, to, 1));
}

/// The 1-based line of the first line of `file` containing `needle`.
pub fn line_containing(dir: &Path, file: &str, needle: &str) -> usize {
    read(dir, file).lines().position(|l| l.contains(needle)).map(|i| i + 1).unwrap_or_else(|| panic!("{needle:?} not in {file}"))
}

pub fn build_ok(dir: &Path, strict: bool) -> BuildReport {
    build(&config(dir, strict)).unwrap_or_else(|errors| panic!("unexpected errors: {errors:#?}"))
}

pub fn build_err(dir: &Path, strict: bool) -> Vec<DocError> {
    match build(&config(dir, strict)) {
        Ok(_) => panic!("the build should have failed"),
        Err(errors) => errors,
    }
}

/// The error for `file` at `line` whose message contains every one of `words`.
pub fn assert_error(errors: &[DocError], file: &str, line: usize, words: &[&str]) {
    let found = errors.iter().any(|e| e.file.ends_with(file) && e.line == line && words.iter().all(|w| e.message.contains(w)));
    assert!(found, "no error at {file}:{line} mentioning {words:?} in:\n{}", errors.iter().map(|e| format!("{e}\n")).collect::<String>());
}
