//! The help site's generated pages (Errors, from the schema and the Fluent
//! files; Glossary, from `terms.ftl`), the glossary's one-word-per-notion
//! rule, term forms mid-sentence, and the count of examples that don't run.

mod docs_fixture;

use docs_fixture::*;
use partnerdesk::docs::BuildReport;

fn page_text(report: &BuildReport, path: &str) -> String {
    String::from_utf8_lossy(report.site.get(path).unwrap_or_else(|| panic!("{path} is missing")).1).into_owned()
}

/// The values of the schema's `UserErrorCode`.
fn user_error_codes() -> Vec<String> {
    let sdl = partnerdesk::api::sdl();
    let body = sdl.split("enum UserErrorCode {").nth(1).and_then(|rest| rest.split('}').next()).expect("UserErrorCode in the SDL");
    body.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('"')).map(str::to_owned).collect()
}

/// The ids of the `<h3>` headings of `html` after the heading with id `from`.
fn h3_ids_after(html: &str, from: &str) -> Vec<String> {
    let start = html.find(&format!("id=\"{from}\"")).unwrap_or_else(|| panic!("no heading {from}"));
    html[start..].split("<h3 id=\"").skip(1).filter_map(|s| s.split('"').next()).map(str::to_owned).collect()
}

#[test]
fn the_errors_page_has_every_code_of_the_api_with_its_message_and_what_to_do() {
    let report = build_ok(&root(), true);
    let codes = user_error_codes();
    assert!(codes.len() >= 20, "{codes:?}");
    for lang in ["en", "fr"] {
        let html = page_text(&report, &format!("{lang}/errors/index.html"));
        let user: Vec<String> = h3_ids_after(&html, "user-errors").into_iter().take_while(|id| id != "UNAUTHENTICATED").collect();
        assert_eq!(user, codes, "{lang}: one entry per UserErrorCode, in schema order");
        assert_eq!(h3_ids_after(&html, "top-level-errors"), partnerdesk::api::codes::ALL, "{lang}: exactly the API's top-level codes");
    }
    let en = page_text(&report, "en/errors/index.html");
    // The message the API sends (api.ftl) and the advice (errors.ftl).
    assert!(en.contains("The card was declined.") && en.contains("Nothing was charged and nothing changed."), "{en}");
    let fr = page_text(&report, "fr/errors/index.html");
    assert!(fr.contains("La carte a été refusée.") && fr.contains("Message de l’API\u{a0}:"), "French text and typography");
}

#[test]
fn a_user_error_code_without_advice_is_an_error_naming_the_message() {
    let dir = fixture();
    for lang in ["en", "fr"] {
        edit(dir.path(), &format!("locales/{lang}/errors.ftl"), "errors-fix-PAYMENT_DECLINED = ", "errors-fix-PAYMENT-DECLINED = ");
    }
    let errors = build_err(dir.path(), true);
    assert_error(&errors, "locales/fr/errors.ftl", 0, &["errors-fix-PAYMENT_DECLINED"]);
}

#[test]
fn the_glossary_shows_every_term_in_both_languages_with_forms_and_words_to_avoid() {
    let report = build_ok(&root(), true);
    let fr = page_text(&report, "fr/glossary/index.html");
    let en = page_text(&report, "en/glossary/index.html");
    let terms = read(&root(), "locales/en/terms.ftl");
    let ids: Vec<&str> = terms.lines().filter_map(|l| l.split_once(" = ")).map(|(id, _)| id).filter(|id| id.starts_with("term-")).collect();
    assert!(ids.len() > 50, "{ids:?}");
    for (id, french) in [("term-seat", "Poste"), ("term-auto-renew", "Renouvellement automatique"), ("term-partner-id", "ID partenaire")] {
        assert!(ids.contains(&id));
        assert!(fr.contains(&format!("<td>{french}</td>")) && en.contains(&format!("<td>{french}</td>")), "{id} in both pages");
    }
    assert!(fr.contains("le renouvellement automatique"), "the French forms are shown");
    assert!(fr.contains("siège, sièges"), "the words to avoid are shown");
}

#[test]
fn a_word_the_glossary_rules_out_is_an_error_where_it_is_used() {
    let dir = fixture();
    for (lang, term) in [("fr", "term-seat = Poste\n    .avoid = siège\n"), ("en", "term-seat = Seat\n")] {
        let file = format!("locales/{lang}/terms.ftl");
        let text = read(dir.path(), &file);
        write(dir.path(), &file, &format!("{text}\n{term}"));
    }
    let page = "content/fr/activate.md";
    let text = read(dir.path(), page);
    write(dir.path(), page, &format!("{text}\nChaque siège compte.\n"));
    let line = line_containing(dir.path(), page, "Chaque siège");
    let errors = build_err(dir.path(), true);
    assert_error(&errors, page, line, &["siège", "Poste", "term-seat"]);
}

#[test]
fn a_label_mid_sentence_is_an_error_where_the_term_has_an_inline_form() {
    let dir = fixture();
    let terms = read(dir.path(), "locales/fr/terms.ftl");
    let (id, _) = terms.lines().filter_map(|l| l.split_once(" = ")).find(|(id, _)| id.starts_with("term-")).expect("a term");
    let id = id.to_owned();
    edit(dir.path(), "locales/fr/terms.ftl", &format!("{id} = "), &format!("{id} = Libellé\n    .inline = libellé\n{id}-old = "));
    edit(dir.path(), "locales/en/terms.ftl", &format!("{id} = "), &format!("{id} = Label\n{id}-old = "));
    let page = "content/fr/activate.md";
    let text = read(dir.path(), page);
    write(dir.path(), page, &format!("{text}\nOuvrez le {{{{ {id} }}}} puis le {{{{ {id}.inline }}}}.\n"));
    let line = line_containing(dir.path(), page, "Ouvrez le");
    let errors = build_err(dir.path(), true);
    assert_error(&errors, page, line, &["mid-sentence", &format!("{{{{ {id}.inline }}}}")]);
    let on_line = errors.iter().filter(|e| e.line == line && e.message.contains("mid-sentence")).count();
    assert_eq!(on_line, 1, "the .inline form is fine: {errors:#?}");
}

#[test]
fn a_graphql_block_that_does_not_run_needs_a_reason_and_is_counted() {
    let dir = fixture();
    let page = "content/en/start.md";
    let reason = "examples_not_run = \"the fixture site tests the generator, not the API\"\n";
    let text = read(dir.path(), page);
    write(dir.path(), page, &text.replacen(reason, "", 1));
    let fence = line_containing(dir.path(), page, "```graphql");
    assert_error(&build_err(dir.path(), false), page, fence, &["does not run", "examples_not_run"]);

    write(dir.path(), page, &text);
    let report = build_ok(dir.path(), false);
    assert_eq!(report.not_run.len(), 4, "both fixture pages in both languages: {:?}", report.not_run);
    assert!(report.not_run.iter().any(|p| p.file.ends_with(page) && p.message.contains("tests the generator")), "{:?}", report.not_run);

    // A reason on a page whose blocks all run would only go stale.
    write(
        dir.path(),
        "content/en/extra.md",
        &format!("+++\ntitle = \"X\"\ndescription = \"Y\"\nweight = 99\n{reason}+++\n\nNo code here.\n"),
    );
    assert_error(&build_err(dir.path(), false), "content/en/extra.md", 5, &["examples_not_run", "remove it"]);

    let real = build_ok(&root(), true);
    assert!(real.not_run.is_empty(), "the help site's goal: every example runs ({:?})", real.not_run);
    assert!(real.examples >= 90, "{} runnable blocks", real.examples);
}

#[test]
fn what_can_go_wrong_links_to_the_errors_page() {
    let dir = fixture();
    let page = "content/en/start.md";
    let text = read(dir.path(), page);
    write(dir.path(), page, &format!("{text}\n## What can go wrong {{#what-can-go-wrong}}\n\nNothing, usually.\n"));
    let line = line_containing(dir.path(), page, "## What can go wrong");
    assert_error(&build_err(dir.path(), false), page, line, &["what-can-go-wrong", "errors.md#CODE"]);
    let text = read(dir.path(), page);
    write(dir.path(), page, &format!("{text}\nSee [`PAYMENT_DECLINED`](errors.md#PAYMENT_DECLINED).\n"));
    build_ok(dir.path(), false);
}

#[test]
fn the_mails_page_lists_every_mail_with_when_and_to_whom() {
    let report = build_ok(&root(), true);
    for lang in ["en", "fr"] {
        let html = page_text(&report, &format!("{lang}/mails/index.html"));
        let mail = read(&root(), &format!("locales/{lang}/mail.ftl"));
        let subjects = mail.lines().filter(|l| l.starts_with("mail-") && l.contains("-subject = ")).count();
        assert!(subjects >= 10, "{subjects}");
        assert_eq!(html.matches("<tr><td>").count(), subjects, "{lang}: one row per mail");
    }
    let fr = page_text(&report, "fr/mails/index.html");
    assert!(fr.contains("Commande ‹numéro de commande› confirmée") && fr.contains("à l’adresse secondaire"), "{fr}");

    let dir = fixture();
    let file = "locales/en/mail.ftl";
    let line = line_containing(dir.path(), file, "mail-expired-subject");
    let mut lines: Vec<String> = read(dir.path(), file).lines().map(str::to_owned).collect();
    let to = (line..lines.len()).find(|&i| lines[i].trim_start().starts_with(".to = ")).expect("a .to line");
    lines.remove(to);
    write(dir.path(), file, &(lines.join("\n") + "\n"));
    assert_error(&build_err(dir.path(), true), file, line, &["mail-expired-subject", ".when and .to"]);
}

#[test]
fn diagrams_are_drawn_in_the_page_language_and_an_unknown_one_is_an_error() {
    let report = build_ok(&root(), true);
    let en = page_text(&report, "en/renew-action-pack/index.html");
    let fr = page_text(&report, "fr/renew-action-pack/index.html");
    assert!(en.contains("<figure class=\"diagram\"><svg") && en.contains("The life of a subscription"), "English diagram");
    assert!(fr.contains("La vie d’un abonnement") && fr.contains("Période de grâce"), "French diagram");
    // The grace period's length comes from the rules, not from the text.
    let days = partnerdesk::domain::subscriptions::GRACE_PERIOD_DAYS;
    assert!(en.contains(&format!("grace period ends ({days} days)")), "{en}");
    let statuses = page_text(&report, "en/service-requests/index.html");
    assert_eq!(statuses.matches("✓").count(), partnerdesk::domain::service_requests::moves().len(), "one mark per allowed move");

    let dir = fixture();
    let page = "content/en/start.md";
    let text = read(dir.path(), page);
    write(dir.path(), page, &format!("{text}\n```diagram nope\n```\n"));
    let line = line_containing(dir.path(), page, "```diagram nope");
    assert_error(&build_err(dir.path(), false), page, line, &["unknown diagram", "subscription-lifecycle"]);
}
