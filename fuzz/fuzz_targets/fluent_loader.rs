//! The Fluent loader: any text as the English (and French) `.ftl` source
//! must load or come back as located errors, never panic. The text before
//! the first NUL byte is the English file; the text after it, if any, the
//! French file (otherwise French gets the same text).
#![no_main]

use libfuzzer_sys::fuzz_target;
use partnerdesk::i18n::{Lang, Locales};

fuzz_target!(|data: &[u8]| {
    let (en, fr) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, data),
    };
    let en = String::from_utf8_lossy(en).into_owned();
    let fr = String::from_utf8_lossy(fr).into_owned();
    let files = vec![(Lang::En, "en/fuzz.ftl".into(), en), (Lang::Fr, "fr/fuzz.ftl".into(), fr)];
    match Locales::from_sources(files) {
        Ok(locales) => {
            // Whatever loaded must also format without panicking.
            for lang in Lang::ALL {
                let ids: Vec<String> = locales.ids(lang).map(str::to_owned).collect();
                for id in ids.iter().take(16) {
                    let _ = locales.text(lang, id);
                }
            }
        }
        Err(errors) => {
            assert!(!errors.is_empty(), "an error list without errors");
            assert!(errors.iter().all(|e| !e.message.is_empty()), "an error without a message: {errors:?}");
        }
    }
});
