//! The Markdown and front-matter loader: any bytes as a help page (front
//! matter and body) must build or come back as errors with messages, never
//! panic. The bytes before the first NUL are the English page; the bytes
//! after it, if any, its French translation (otherwise French falls back to
//! the English page, as the build allows outside `--strict`, so that a page
//! that loads goes on through the whole site). One content folder is reused
//! for every input.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use partnerdesk::docs::{build, DocsConfig};

struct Site {
    _dir: tempfile::TempDir,
    config: DocsConfig,
    en: PathBuf,
    fr: PathBuf,
}

fn site() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let content = dir.path().join("content");
        for lang in ["en", "fr"] {
            std::fs::create_dir_all(content.join(lang)).expect("content folder");
        }
        // The real Fluent files (with the API reference's), so that a page
        // that loads goes on through the whole site assembly.
        let locales = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../locales"));
        let config = DocsConfig::new(partnerdesk::api::sdl(), &content, locales);
        Site { en: content.join("en/page.md"), fr: content.join("fr/page.md"), config, _dir: dir }
    })
}

fuzz_target!(|data: &[u8]| {
    let site = site();
    let (en, fr) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], Some(&data[i + 1..])),
        None => (data, None),
    };
    std::fs::write(&site.en, en).expect("write the English page");
    match fr {
        Some(fr) => std::fs::write(&site.fr, fr).expect("write the French page"),
        None => {
            let _ = std::fs::remove_file(&site.fr);
        }
    }
    if let Err(errors) = build(&site.config) {
        assert!(!errors.is_empty(), "an error list without errors");
        assert!(errors.iter().all(|e| !e.message.is_empty()), "an error without a message: {errors:?}");
    }
});
