//! The help-site generator end to end: the real content builds under
//! `--strict`; a small fixture site is built and checked file by file; and each
//! kind of mistake in the sources is reported with its file and line.

mod common;
mod docs_fixture;

use std::process::Command;

use common::process::partnerdesk;
use docs_fixture::*;
use partnerdesk::docs::{build, DocsConfig};

#[test]
fn the_real_content_builds_under_strict_without_errors() {
    let config = DocsConfig { strict: true, ..DocsConfig::new(partnerdesk::api::sdl(), root().join("content"), root().join("locales")) };
    let report = build(&config)
        .unwrap_or_else(|errors| panic!("content/ has errors:\n{}", errors.iter().map(|e| format!("{e}\n")).collect::<String>()));
    let pages = std::fs::read_dir(root().join("content/en")).unwrap().count();
    assert!(pages >= 13, "{pages}");
    // Every Markdown page in both languages, and the generated Errors, Glossary and mails pages.
    assert_eq!(report.pages, (pages + 3) * 2);
    for lang in ["en", "fr"] {
        for entry in std::fs::read_dir(root().join("content").join(lang)).unwrap() {
            let path = entry.unwrap().path();
            let slug = path.file_stem().unwrap().to_str().unwrap();
            assert!(report.site.get(&format!("{lang}/{slug}/index.html")).is_some(), "{lang}/{slug}");
        }
    }
}

#[test]
fn the_schema_changelog_is_computed_from_the_releases_in_both_languages() {
    use partnerdesk::docs::changelog::Release;
    let released = Release::built_in();
    assert!(released.iter().any(|r| r.version == "0.1.0"), "releases/ is built in");
    // A pretend next release that added a field and deprecated another.
    let sdl = partnerdesk::api::sdl();
    let (before, organization) = sdl.split_once("type Organization implements Node {").expect("the Organization type");
    let organization = organization.replacen("\tlegalName: String!", "\tlegalName: String! @deprecated(reason: \"use name\")", 1);
    let next = format!("{before}type Organization implements Node {{\n\tmotto: String{organization}");
    let mut releases = released.clone();
    releases.push(Release { version: "0.2.0".into(), sdl: next.clone() });
    let config = DocsConfig::new(partnerdesk::api::sdl(), root().join("content"), root().join("locales")).with_releases(releases);
    let report = build(&config).unwrap_or_else(|errors| panic!("{errors:?}"));
    let page =
        |lang: &str| String::from_utf8(report.site.get(&format!("{lang}/changelog/index.html")).expect("the page").1.to_vec()).unwrap();
    let (en, fr) = (page("en"), page("fr"));
    assert!(en.contains("Version 0.2.0") && en.contains("Version 0.1.0"), "{en}");
    assert!(en.contains("Field added: <code>Organization.motto</code>"), "{en}");
    assert!(en.contains("Deprecated: <code>Organization.legalName</code>"), "{en}");
    // The schema being built has neither: against 0.2.0 it removes the field.
    assert!(en.contains("Field removed: <code>Organization.motto</code>"), "{en}");
    assert!(fr.contains("Champ ajouté\u{a0}: <code>Organization.motto</code>"), "{fr}");
    assert!(fr.contains("Pas encore publié"), "{fr}");
}

#[test]
fn the_fixture_site_is_complete_file_by_file() {
    let dir = fixture();
    let report = build_ok(dir.path(), true);
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let out = dir.path().join("site");
    report.site.write_to(&out).unwrap();
    for file in [
        "index.html",
        "404.html",
        "sitemap.xml",
        "style.css",
        "search.js",
        "en/index.html",
        "fr/index.html",
        "en/search/index.html",
        "fr/search/index.html",
        "en/search-index.json",
        "fr/search-index.json",
        "en/start/index.html",
        "en/activate/index.html",
        "fr/start/index.html",
        "fr/activate/index.html",
    ] {
        assert!(out.join(file).is_file(), "{file} is missing");
    }

    let fr = read(&out, "fr/activate/index.html");
    assert!(fr.starts_with("<!DOCTYPE html><html lang=\"fr\">"), "{}", &fr[..80]);
    assert!(fr.contains(r#"<link rel="alternate" hreflang="en" href="/help/en/activate/">"#));
    assert!(fr.contains(r#"<link rel="alternate" hreflang="fr" href="/help/fr/activate/">"#));
    assert!(fr.contains(r#"<a href="/help/en/activate/" hreflang="en" lang="en""#), "the switcher leads to the same page in English");
    assert!(fr.contains(r#"<nav class="toc" aria-labelledby="toc-title"><h2 id="toc-title">Sur cette page</h2>"#));
    assert!(fr.contains(r##"<a href="#before-you-start">Avant de commencer</a>"##));
    assert!(fr.contains(r##"<a href="#check-the-status">Vérifier l’état</a>"##), "h3 in the table of contents");
    assert!(fr.contains("devient\nActivé dès que"), "term replaced in French");
    assert!(fr.contains("<td>Activé</td>"));
    assert!(!fr.contains("{{"), "no term left unreplaced");
    assert!(fr.contains(r#"<p class="alert-title">Remarque</p>"#), "localized alert label");
    assert!(fr.contains(r#"href="/help/fr/start/#sign-in""#), "page link rewritten");
    assert!(fr.contains(r#"<nav class="breadcrumbs" aria-label="Fil d’Ariane">"#));
    assert!(fr.contains(r#"<a class="previous" rel="prev" href="/help/fr/start/">"#));
    assert!(fr.contains(r#"<aside class="related""#) && fr.contains("Premiers pas</a></li></ul></aside>"));
    assert!(fr.contains(r##"<a class="skip-link" href="#main">Aller au contenu</a>"##));
    assert!(fr.contains(r#"<code class="language-graphql">query Me {"#));
    assert!(!fr.contains('\u{2068}') && !fr.contains('\u{2069}'), "no bidi isolation marks");

    let en = read(&out, "en/activate/index.html");
    assert!(en.starts_with("<!DOCTYPE html><html lang=\"en\">"));
    assert!(en.contains(r#"<p class="alert-title">Note</p>"#));
    assert!(en.contains("becomes\nActive once"));
    assert!(en.contains(r#"<a href="/help/fr/activate/" hreflang="fr" lang="fr""#));

    let index: serde_json::Value = serde_json::from_str(&read(&out, "fr/search-index.json")).unwrap();
    let activate = index.as_array().unwrap().iter().find(|e| e["url"] == "/help/fr/activate/").expect("activate is indexed");
    assert_eq!(activate["title"], "Activer un avantage");
    let text = activate["text"].as_str().unwrap();
    assert!(text.contains("devient active des que"), "{text}");
    assert!(!text.chars().any(|c| "éèêàâîôûç’".contains(c)), "accents are stripped: {text}");
    assert!(activate["headings"].as_array().unwrap().iter().any(|h| h == "verifier l etat"));

    let home = read(&out, "fr/index.html");
    let (first, second) = (home.find("Premiers pas").unwrap(), home.find("Activer un avantage").unwrap());
    assert!(first < second, "the home page lists pages by weight");
    let sitemap = read(&out, "sitemap.xml");
    assert!(sitemap.contains(r#"<loc>/help/fr/activate/</loc><xhtml:link rel="alternate" hreflang="en" href="/help/en/activate/">"#));
    let root_page = read(&out, "index.html");
    assert!(root_page.contains("navigator.language") && root_page.contains(r#"href="/help/fr/""#));
    let css = read(&out, "style.css");
    assert!(css.contains("prefers-color-scheme: dark") && css.contains("@media print") && css.contains("max-width"));
    assert!(read(&out, "404.html").contains("Page introuvable"));
    for path in report.site.paths().filter(|p| p.ends_with(".html") || p.ends_with(".css") || p.ends_with(".js")) {
        let text = read(&out, path);
        for external in ["src=\"http", "href=\"http", "src=\"//", "href=\"//", "@import", "url(http"] {
            assert!(!text.contains(external), "{path} makes an external request: {external}");
        }
    }
}

#[test]
fn search_finds_accented_words_without_accents() {
    // The search script runs in Node.js, which every machine of the project has.
    let node = Command::new("node").arg("--version").output();
    assert!(node.is_ok_and(|o| o.status.success()), "the search script test needs Node.js (`node` on the PATH)");
    let dir = fixture();
    let report = build_ok(dir.path(), true);
    let out = dir.path().join("site");
    report.site.write_to(&out).unwrap();
    let script = format!(
        "const s = require({:?}); const index = require({:?}); const q = s.searcher(index, 'fr');\
         console.log(JSON.stringify(['activer', 'Activé', 'verifier etat', 'zzz'].map(w => q(w).map(e => e.url))));",
        out.join("search.js"),
        out.join("fr/search-index.json")
    );
    let output = Command::new("node").arg("-e").arg(script).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let results: Vec<Vec<String>> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(results[0].first().map(String::as_str), Some("/help/fr/activate/"), "activer finds Activé: {results:?}");
    assert!(results[1].contains(&"/help/fr/activate/".to_owned()));
    assert_eq!(results[2].first().map(String::as_str), Some("/help/fr/activate/"), "{results:?}");
    assert!(!results[2].iter().any(|url| url.contains("/start/")), "{results:?}");
    assert!(results[3].is_empty());
}

#[test]
fn an_unknown_graphql_field_names_the_file_the_line_and_the_field() {
    let dir = fixture();
    edit(dir.path(), "content/en/activate.md", "    roles\n", "    nickname\n");
    let line = line_containing(dir.path(), "content/en/activate.md", "nickname");
    assert_error(&build_err(dir.path(), true), "content/en/activate.md", line, &["nickname", "User"]);
}

#[test]
fn a_wrong_variable_type_and_variables_that_do_not_fit_are_errors() {
    let dir = fixture();
    edit(dir.path(), "content/fr/start.md", "$input: SignInInput!", "$input: String!");
    edit(dir.path(), "content/en/start.md", "\"password\": \"correct horse\"", "\"pasword\": \"correct horse\"");
    let errors = build_err(dir.path(), true);
    // apollo points at the argument that receives the variable.
    let line = line_containing(dir.path(), "content/fr/start.md", "signIn(input: $input)");
    assert_error(&errors, "content/fr/start.md", line, &["$input", "String!", "SignInInput!"]);
    assert_error(&errors, "content/en/start.md", line_containing(dir.path(), "content/en/start.md", "```json variables"), &["pasword"]);
}

#[test]
fn an_unknown_fluent_id_names_the_id_file_and_line() {
    let dir = fixture();
    edit(dir.path(), "content/fr/activate.md", "Vous devez d’abord", "Vous devez {{ term-nowhere }} d’abord");
    let line = line_containing(dir.path(), "content/fr/activate.md", "term-nowhere");
    assert_error(&build_err(dir.path(), true), "content/fr/activate.md", line, &["term-nowhere"]);
}

#[test]
fn a_broken_link_is_an_error_with_file_and_line() {
    let dir = fixture();
    edit(dir.path(), "content/en/start.md", "(activate.md#activate)", "(activation.md)");
    let line = line_containing(dir.path(), "content/en/start.md", "activation.md");
    assert_error(&build_err(dir.path(), true), "content/en/start.md", line, &["activation.md"]);
}

#[test]
fn a_missing_anchor_is_an_error_with_file_and_line() {
    let dir = fixture();
    edit(dir.path(), "content/fr/start.md", "(activate.md#activate)", "(activate.md#activer)");
    edit(dir.path(), "content/fr/activate.md", "[en haut](#before-you-start)", "[en haut](#avant)");
    let errors = build_err(dir.path(), true);
    assert_error(&errors, "content/fr/start.md", line_containing(dir.path(), "content/fr/start.md", "#activer"), &["\"activer\""]);
    assert_error(&errors, "content/fr/activate.md", line_containing(dir.path(), "content/fr/activate.md", "#avant"), &["\"avant\""]);
}

#[test]
fn a_missing_french_page_fails_under_strict_and_falls_back_otherwise() {
    let dir = fixture();
    std::fs::remove_file(dir.path().join("content/fr/activate.md")).unwrap();
    assert_error(&build_err(dir.path(), true), "content/fr/activate.md", 0, &["no French translation"]);
    let report = build_ok(dir.path(), false);
    assert!(report.warnings.iter().any(|w| w.file.ends_with("content/fr/activate.md")), "{:?}", report.warnings);
    let (_, html) = report.site.get("fr/activate/index.html").expect("the page exists in French");
    let html = String::from_utf8_lossy(html);
    assert!(html.contains("<html lang=\"fr\">"));
    assert!(html.contains("<div class=\"banner\" role=\"note\"><p>Cette page n’est pas encore traduite"), "{html}");
    assert!(html.contains(r#"<h1 lang="en">Activate a benefit</h1>"#));
    assert!(html.contains(r#"<div class="content" lang="en">"#) && html.contains("becomes\nActive once"));
    assert!(html.contains(r#"href="/help/fr/start/#sign-in""#), "links stay in French");
}

#[test]
fn an_outdated_translation_builds_with_a_banner_and_a_warning() {
    let dir = fixture();
    edit(dir.path(), "content/en/start.md", "Welcome to the", "Welcome, partner, to the");
    let report = build_ok(dir.path(), true);
    assert_eq!(report.warnings.len(), 1, "{:?}", report.warnings);
    let warning = &report.warnings[0];
    assert!(warning.file.ends_with("content/fr/start.md") && warning.line == 6 && warning.message.contains("out of date"), "{warning}");
    let html = String::from_utf8_lossy(report.site.get("fr/start/index.html").unwrap().1).into_owned();
    assert!(html.contains("Cette traduction n’est peut-être plus à jour."), "{html}");
    assert!(html.contains(r#"<a href="/help/en/start/" hreflang="en">Lire la version anglaise</a>"#));
    let current = String::from_utf8_lossy(report.site.get("fr/activate/index.html").unwrap().1).into_owned();
    assert!(!current.contains("plus à jour"));
}

#[test]
fn broken_toml_front_matter_is_an_error_with_its_line() {
    let dir = fixture();
    edit(dir.path(), "content/en/activate.md", "weight = 20", "weight = ");
    assert_error(&build_err(dir.path(), true), "content/en/activate.md", 4, &["front matter"]);
    let dir = fixture();
    edit(dir.path(), "content/fr/start.md", "title = \"Premiers pas\"\n", "");
    let errors = build_err(dir.path(), true);
    assert_error(&errors, "content/fr/start.md", 2, &["missing field `title`"]);
    assert_eq!(errors.len(), 1, "a broken page is not also reported missing: {errors:?}");
    let dir = fixture();
    write(dir.path(), "content/en/garbage.md", "\u{0}\u{1}+++ not front matter {{ }} [x](");
    assert_error(&build_err(dir.path(), false), "content/en/garbage.md", 1, &["front matter"]);
}

#[test]
fn an_unknown_related_page_is_an_error_with_its_line() {
    let dir = fixture();
    edit(dir.path(), "content/en/start.md", "related = [\"activate\"]", "related = [\"activate\", \"nowhere\"]");
    assert_error(&build_err(dir.path(), true), "content/en/start.md", 5, &["nowhere"]);
}

#[test]
fn a_fluent_syntax_error_and_a_message_missing_in_one_locale_are_errors() {
    let dir = fixture();
    let text = read(dir.path(), "locales/fr/terms.ftl");
    write(dir.path(), "locales/fr/terms.ftl", &format!("{text}broken = {{\n"));
    let errors = build_err(dir.path(), true);
    let added = text.lines().count() + 1;
    let found =
        errors.iter().any(|e| e.file.ends_with("locales/fr/terms.ftl") && e.message.contains("Fluent syntax error") && e.line >= added);
    assert!(found, "{errors:#?}");
    let dir = fixture();
    let text = read(dir.path(), "locales/en/terms.ftl");
    write(dir.path(), "locales/en/terms.ftl", &format!("{text}term-extra = Extra\n"));
    assert_error(&build_err(dir.path(), true), "locales/en/terms.ftl", text.lines().count() + 1, &["term-extra", "fr"]);
}

#[test]
fn the_cli_builds_and_checks() {
    let dir = fixture();
    let args = |cmd: &str| {
        let mut c = partnerdesk();
        c.args(["docs", cmd, "--strict", "--content"]).arg(dir.path().join("content")).arg("--locales").arg(dir.path().join("locales"));
        c.env_remove("PARTNERDESK_DOCS_OUT").env_remove("PARTNERDESK_DOCS_BASE_URL");
        c
    };
    let out = dir.path().join("out");
    let built = args("build").arg("--out").arg(&out).arg("--base-url").arg("/help").output().unwrap();
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    let summary = String::from_utf8_lossy(&built.stdout);
    // Two pages per language and the three generated ones; the fixture's examples don't run, and say why.
    assert!(summary.contains("Built 10 pages"), "{summary}");
    assert!(summary.contains("4 page(s) with examples that don't run"), "{summary}");
    // Pages per language and the time of each phase.
    assert!(summary.contains("en 5 pages, fr 5 pages; load ") && summary.contains(" ms, assemble "), "{summary}");
    let notes = String::from_utf8_lossy(&built.stderr);
    assert!(notes.contains("note: ") && notes.contains("the fixture site tests the generator"), "{notes}");
    assert!(read(&out, "en/start/index.html").contains("href=\"/help/style.css\""));

    edit(dir.path(), "content/en/start.md", "(activate.md#activate)", "(activate.md#nope)");
    let checked = args("check").output().unwrap();
    assert!(!checked.status.success());
    let stderr = String::from_utf8_lossy(&checked.stderr);
    let line = line_containing(dir.path(), "content/en/start.md", "#nope");
    assert!(stderr.contains(&format!("content/en/start.md:{line}: broken link")), "{stderr}");
}
