//! Sections: folders of `content/<lang>/` become sections of the help site,
//! with a page of their own, breadcrumbs and a menu grouped by section; a
//! Markdown file the site doesn't use is a warning.

mod docs_fixture;

use std::path::Path;

use docs_fixture::*;
use partnerdesk::docs::BuildReport;

fn page_text(report: &BuildReport, path: &str) -> String {
    String::from_utf8_lossy(report.site.get(path).unwrap_or_else(|| panic!("{path} is missing")).1).into_owned()
}

fn hash(text: &str) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(text.as_bytes()).iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// Writes `content/en/<path>` and its French translation, with a body each.
fn write_pair(dir: &Path, path: &str, title: (&str, &str), weight: i64, body: (&str, &str)) {
    let en = format!("+++\ntitle = \"{}\"\ndescription = \"About {}.\"\nweight = {weight}\n+++\n\n{}\n", title.0, title.0, body.0);
    let fr = format!(
        "+++\ntitle = \"{}\"\ndescription = \"À propos de {}.\"\nweight = {weight}\nsource_hash = \"{}\"\n+++\n\n{}\n",
        title.1,
        title.1,
        hash(&en),
        body.1
    );
    for (lang, text) in [("en", en), ("fr", fr)] {
        let file = dir.join("content").join(lang).join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }
}

/// The fixture with a written section (`billing/`, with `_index.md`) and a
/// section without a page of its own (`guides/`).
fn site_with_sections() -> tempfile::TempDir {
    let dir = fixture();
    let d = dir.path();
    write_pair(d, "billing/_index.md", ("Billing", "Facturation"), 50, ("Money matters.", "Questions d’argent."));
    write_pair(
        d,
        "billing/orders.md",
        ("Orders", "Commandes"),
        2,
        ("Back to [the start](../start.md#sign-in).", "Retour au [début](../start.md#sign-in)."),
    );
    write_pair(d, "billing/cards.md", ("Cards", "Cartes"), 1, ("See [orders](orders.md).", "Voir les [commandes](orders.md)."));
    write_pair(
        d,
        "guides/setup.md",
        ("Setup", "Installation"),
        1,
        ("Read [billing](../billing/_index.md).", "Lisez la [facturation](../billing/_index.md)."),
    );
    dir
}

#[test]
fn folders_are_sections_with_their_own_page_breadcrumbs_and_menu() {
    let dir = site_with_sections();
    let report = build_ok(dir.path(), true);
    for lang in ["en", "fr"] {
        for page in ["billing", "billing/orders", "billing/cards", "guides", "guides/setup"] {
            assert!(report.site.get(&format!("{lang}/{page}/index.html")).is_some(), "{lang}/{page}");
        }
    }
    // The section's page lists its pages, by weight.
    let billing = page_text(&report, "en/billing/index.html");
    let (cards, orders) = (billing.find("/help/en/billing/cards/").unwrap(), billing.find("/help/en/billing/orders/").unwrap());
    assert!(billing.contains("Money matters.") && billing.contains("In this section") && cards < orders, "{billing}");
    // A folder without _index.md still gets a page, named after the folder.
    let guides = page_text(&report, "fr/guides/index.html");
    assert!(
        guides.contains("<h1>Guides</h1>") && guides.contains("/help/fr/guides/setup/") && guides.contains("Dans cette rubrique"),
        "{guides}"
    );

    // Breadcrumbs: home, the section, the page.
    let orders = page_text(&report, "fr/billing/orders/index.html");
    let crumbs = &orders[orders.find("class=\"breadcrumbs\"").unwrap()..];
    let crumbs = &crumbs[..crumbs.find("</nav>").unwrap()];
    assert!(
        crumbs.contains("href=\"/help/fr/billing/\">Facturation</a>") && crumbs.contains("aria-current=\"page\">Commandes"),
        "{crumbs}"
    );
    // Links are relative to the page's folder.
    assert!(orders.contains("href=\"/help/fr/start/#sign-in\""), "{orders}");

    // The menu opens the current section; elsewhere a section is one line.
    let sidebar = |html: &str| {
        let start = html.find("<nav class=\"sidebar\"").unwrap();
        html[start..start + html[start..].find("</nav>").unwrap()].to_owned()
    };
    let inside = sidebar(&orders);
    assert!(inside.contains("/help/fr/billing/cards/") && inside.contains("class=\"depth-1\""), "{inside}");
    assert!(!inside.contains("/help/fr/guides/setup/"), "another section stays closed: {inside}");
    let outside = sidebar(&page_text(&report, "fr/start/index.html"));
    assert!(outside.contains("/help/fr/billing/") && !outside.contains("/help/fr/billing/cards/"), "{outside}");
}

#[test]
fn a_broken_relative_link_in_a_section_is_an_error_on_its_line() {
    let dir = site_with_sections();
    let page = "content/en/billing/cards.md";
    edit(dir.path(), page, "(orders.md)", "(../orders.md)");
    let line = line_containing(dir.path(), page, "../orders.md");
    assert_error(&build_err(dir.path(), true), page, line, &["broken link", "orders"]);
}

#[test]
fn a_page_with_a_sections_address_is_an_error() {
    let dir = site_with_sections();
    write_pair(dir.path(), "guides.md", ("Guides", "Guides"), 5, ("Hello.", "Bonjour."));
    let errors = build_err(dir.path(), true);
    assert_error(&errors, "content/en/guides.md", 0, &["section guides/", "_index.md"]);
}

#[test]
fn a_markdown_file_the_site_does_not_use_is_a_warning() {
    let dir = site_with_sections();
    write(dir.path(), "content/README.md", "# Notes for authors\n");
    write(dir.path(), "content/en/_index.md", "+++\ntitle = \"Home\"\ndescription = \"H\"\nweight = 1\n+++\n");
    let report = build_ok(dir.path(), true);
    let unused: Vec<String> = report.warnings.iter().filter(|w| w.message.contains("not used")).map(|w| w.to_string()).collect();
    assert_eq!(unused.len(), 2, "{:#?}", report.warnings);
    assert!(unused.iter().any(|w| w.contains("content/README.md")) && unused.iter().any(|w| w.contains("en/_index.md")), "{unused:?}");
}

#[test]
fn a_site_of_twenty_sections_builds_every_page() {
    let dir = fixture();
    for s in 0..20 {
        for p in 0..5 {
            let body = format!("Page {p} of section {s}, see [the first](page-0.md).");
            write_pair(
                dir.path(),
                &format!("section-{s}/page-{p}.md"),
                (&format!("Page {s}.{p}"), &format!("Page {s}.{p}")),
                p,
                (&body, &body),
            );
        }
    }
    let report = build_ok(dir.path(), true);
    // Per language: 2 fixture pages, 3 generated ones, 20 section pages and 100 pages.
    assert_eq!(report.pages, 2 * (2 + 3 + 20 + 100), "{}", report.pages);
    assert!(report.site.get("fr/section-19/page-4/index.html").is_some());
}
