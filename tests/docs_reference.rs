//! The help site's API reference: every element of the schema with its
//! description in both languages, and the errors when a description is
//! missing, stale or no longer matches the SDL.

mod docs_fixture;

use docs_fixture::*;
use partnerdesk::docs::BuildReport;

fn page_text(report: &BuildReport, path: &str) -> String {
    String::from_utf8_lossy(report.site.get(path).unwrap_or_else(|| panic!("{path} is missing")).1).into_owned()
}

/// The ids of `locales/<lang>/reference.ftl` and their values (single-line messages).
fn reference_messages(lang: &str) -> Vec<(String, String)> {
    read(&root(), &format!("locales/{lang}/reference.ftl"))
        .lines()
        .filter_map(|l| l.split_once(" = "))
        .filter(|(id, _)| id.starts_with("ref-"))
        .map(|(id, value)| (id.to_owned(), value.to_owned()))
        .collect()
}

#[test]
fn the_api_reference_lists_every_element_with_its_description_in_both_languages() {
    let dir = fixture();
    let report = build_ok(dir.path(), true);
    let en = page_text(&report, "en/reference/index.html");
    let fr = page_text(&report, "fr/reference/index.html");
    assert!(en.starts_with("<!DOCTYPE html><html lang=\"en\">") && fr.starts_with("<!DOCTYPE html><html lang=\"fr\">"));
    assert!(fr.contains("<h1>Référence de l’API</h1>"), "localized title");
    assert!(fr.contains(r#"<a href="/help/en/reference/" hreflang="en" lang="en""#), "the switcher leads to the English reference");
    let messages = reference_messages("fr");
    assert!(messages.len() > 500, "{}", messages.len());
    for (id, _) in &messages {
        let anchor = format!("id=\"{}\"", &id["ref-".len()..]);
        assert!(en.contains(&anchor) && fr.contains(&anchor), "{anchor} is missing from a reference page");
    }
    // French from Fluent, English from the SDL.
    assert!(fr.contains("<p>Les fichiers pour une langue et un système d’exploitation\u{a0}; un choix non proposé est une erreur.</p>"));
    assert!(en.contains("<p>The files for one language and operating system; an unsupported choice is an error.</p>"));
    assert!(fr.contains(r##"<dt id="Benefit-downloads-operatingSystem"><code class="ref-name">operatingSystem</code>: <code class="ref-type"><a href="#OperatingSystem">OperatingSystem!</a></code></dt>"##));
    assert!(fr.contains(r#"<dt id="Role-GLOBAL_ADMIN">"#) && fr.contains("<p>Tout, dans l’organisation.</p>"));
    assert!(!fr.contains('\u{2068}'), "no bidi isolation marks");
    for lang in ["en", "fr"] {
        for path in [format!("{lang}/index.html"), format!("{lang}/activate/index.html"), format!("{lang}/reference/index.html")] {
            assert!(page_text(&report, &path).contains(&format!("href=\"/help/{lang}/reference/\"")), "{path} links to the reference");
        }
    }
    assert!(fr.contains(r#"<p class="sidebar-reference"><a href="/help/fr/reference/" aria-current="page">Référence de l’API</a></p>"#));
    assert!(page_text(&report, "sitemap.xml").contains("<loc>/help/fr/reference/</loc>"));
    let index: serde_json::Value = serde_json::from_str(&page_text(&report, "fr/search-index.json")).unwrap();
    let entry = index.as_array().unwrap().iter().find(|e| e["url"] == "/help/fr/reference/").expect("the reference is searchable");
    assert!(entry["text"].as_str().unwrap().contains("systeme d exploitation"));
    let activate = page_text(&report, "fr/activate/index.html");
    assert!(activate.contains(r#"href="/help/fr/reference/#Mutation-activateBenefit""#), "pages link to reference anchors");
}

#[test]
fn an_api_element_without_a_french_description_is_an_error_naming_its_id() {
    let dir = fixture();
    for lang in ["en", "fr"] {
        let file = format!("locales/{lang}/reference.ftl");
        let text = read(dir.path(), &file);
        let kept: String = text.lines().filter(|l| !l.starts_with("ref-Benefit-downloads-language ")).map(|l| format!("{l}\n")).collect();
        assert_ne!(kept, text);
        write(dir.path(), &file, &kept);
    }
    let errors = build_err(dir.path(), true);
    assert_error(&errors, "locales/fr/reference.ftl", 0, &["ref-Benefit-downloads-language", "Benefit.downloads(language:)"]);
    assert_eq!(errors.len(), 1, "{errors:?}");
}

#[test]
fn an_english_description_that_no_longer_matches_the_sdl_and_a_stale_id_are_errors() {
    let dir = fixture();
    let file = "locales/en/reference.ftl";
    edit(dir.path(), file, "ref-Query-viewer = The signed-in user.", "ref-Query-viewer = The user.");
    let stale = "ref-Benefit-nickname = Old\n";
    write(dir.path(), file, &(read(dir.path(), file) + stale));
    let fr = "locales/fr/reference.ftl";
    write(dir.path(), fr, &(read(dir.path(), fr) + "ref-Benefit-nickname = Ancien\n"));
    let errors = build_err(dir.path(), true);
    assert_error(&errors, file, line_containing(dir.path(), file, "ref-Query-viewer ="), &["ref-Query-viewer", "The signed-in user"]);
    assert_error(&errors, file, line_containing(dir.path(), file, "ref-Benefit-nickname"), &["describes nothing"]);
    assert_error(&errors, fr, line_containing(dir.path(), fr, "ref-Benefit-nickname"), &["describes nothing"]);
}

#[test]
fn a_link_to_an_unknown_reference_anchor_is_an_error() {
    let dir = fixture();
    edit(dir.path(), "content/fr/activate.md", "reference.md#Mutation-activateBenefit", "reference.md#Mutation-activer");
    let line = line_containing(dir.path(), "content/fr/activate.md", "Mutation-activer");
    assert_error(&build_err(dir.path(), true), "content/fr/activate.md", line, &["Mutation-activer"]);
}

#[test]
fn applies_to_shows_role_names_and_rejects_unknown_roles() {
    let dir = fixture();
    let report = build_ok(dir.path(), true);
    let fr = page_text(&report, "fr/activate/index.html");
    assert!(
        fr.contains(
            r#"<dl class="applies-to"><dt>S’applique à</dt><dd>Administrateur général</dd><dd>Administrateur de l’adhésion</dd></dl>"#
        ),
        "{fr}"
    );
    assert!(page_text(&report, "en/activate/index.html").contains("<dt>Applies to</dt><dd>Global admin</dd><dd>Membership admin</dd>"));
    assert!(!page_text(&report, "en/start/index.html").contains("applies-to"));

    edit(dir.path(), "content/en/activate.md", "\"MEMBERSHIP_ADMIN\"]", "\"MEMBERSHIP_ADMN\"]");
    let errors = build_err(dir.path(), true);
    assert_error(
        &errors,
        "content/en/activate.md",
        line_containing(dir.path(), "content/en/activate.md", "applies_to"),
        &["MEMBERSHIP_ADMN"],
    );
    let dir = fixture();
    edit(dir.path(), "content/fr/activate.md", "[\"GLOBAL_ADMIN\", \"MEMBERSHIP_ADMIN\"]", "[\"GLOBAL_ADMIN\"]");
    let errors = build_err(dir.path(), true);
    assert_error(&errors, "content/fr/activate.md", line_containing(dir.path(), "content/fr/activate.md", "applies_to"), &["English page"]);
}

#[test]
fn a_page_may_not_take_the_name_of_a_generated_page() {
    let dir = fixture();
    let page = "+++\ntitle = \"R\"\ndescription = \"d\"\nweight = 1\n+++\nText.\n";
    write(dir.path(), "content/en/reference.md", page);
    assert_error(&build_err(dir.path(), false), "content/en/reference.md", 0, &["reference", "generated page"]);
}

#[test]
fn on_a_big_site_the_side_menu_shows_a_window_and_the_home_page_everything() {
    let dir = fixture();
    for n in 0..40 {
        let en = format!("+++\ntitle = \"Topic {n}\"\ndescription = \"Topic number {n}.\"\nweight = {}\n+++\nText {n}.\n", 100 + n);
        write(dir.path(), &format!("content/en/topic-{n}.md"), &en);
        let hash = partnerdesk_hash(&en);
        let fr = format!(
            "+++\ntitle = \"Sujet {n}\"\ndescription = \"Sujet numéro {n}.\"\nweight = {}\nsource_hash = \"{hash}\"\n+++\nTexte {n}.\n",
            100 + n
        );
        write(dir.path(), &format!("content/fr/topic-{n}.md"), &fr);
    }
    let report = build_ok(dir.path(), true);
    let page = page_text(&report, "fr/topic-30/index.html");
    let sidebar = &page[page.find("<nav class=\"sidebar\"").unwrap()..];
    let sidebar = &sidebar[..sidebar.find("</nav>").unwrap()];
    assert_eq!(sidebar.matches("<li").count(), 25, "{sidebar}");
    assert!(sidebar.contains(r#"<a href="/help/fr/topic-30/" aria-current="page">Sujet 30</a>"#), "{sidebar}");
    // 40 topics, the two fixture pages and the three generated ones.
    assert!(sidebar.contains(r#"<p class="sidebar-all"><a href="/help/fr/">Toutes les rubriques (45)</a></p>"#), "{sidebar}");
    let home = page_text(&report, "fr/index.html");
    assert!((0..40).all(|n| home.contains(&format!(">Sujet {n}</a>"))), "the home page lists every topic");
    // The small site keeps its full menu.
    let small = page_text(&build_ok(fixture().path(), true), "fr/start/index.html");
    assert!(!small.contains("sidebar-all"));
}

/// First 16 hex digits of the SHA-256 of `text`: a translation's `source_hash`.
fn partnerdesk_hash(text: &str) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(text.as_bytes()).iter().take(8).map(|b| format!("{b:02x}")).collect()
}

#[test]
fn french_reference_descriptions_follow_french_typography() {
    for (id, value) in reference_messages("fr") {
        for (i, c) in value.char_indices() {
            let before = value[..i].chars().next_back();
            if ":;!?»".contains(c) && before.is_some_and(char::is_whitespace) {
                assert_eq!(before, Some('\u{a0}'), "{id}: a no-break space goes before {c:?} in {value:?}");
            }
            if c == '«' {
                assert_eq!(value[i + c.len_utf8()..].chars().next(), Some('\u{a0}'), "{id}: a no-break space goes after « in {value:?}");
            }
            assert_ne!(c, '\'', "{id}: use the typographic apostrophe ’ in {value:?}");
        }
    }
    let en: Vec<String> = reference_messages("en").into_iter().map(|(id, _)| id).collect();
    let fr: Vec<String> = reference_messages("fr").into_iter().map(|(id, _)| id).collect();
    assert_eq!(en, fr, "both files list the same ids in the same order");
}
