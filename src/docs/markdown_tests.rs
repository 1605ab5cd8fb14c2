//! Unit tests of the Markdown renderer.

use std::path::PathBuf;

use super::*;

fn locales() -> Locales {
    let en = "term-x = Action <Pack> & co\nalert-note = Note\nalert-tip = Tip\nalert-important = Important\nalert-warning = Warning\npage-open-in-graphiql = Open in GraphiQL\n";
    let fr = "term-x = Pack <Action> & cie\nalert-note = Remarque\nalert-tip = Conseil\nalert-important = Important\nalert-warning = Attention\npage-open-in-graphiql = Ouvrir dans GraphiQL\n";
    Locales::from_sources(vec![(Lang::En, PathBuf::from("en/t.ftl"), en.into()), (Lang::Fr, PathBuf::from("fr/t.ftl"), fr.into())]).unwrap()
}

fn checker() -> Checker {
    Checker::new("type Query { viewer: User }\ntype User { name: String!, pets(first: Int!): [String!]! }\n").unwrap()
}

/// Renders `body` as a French page whose body starts on line 10.
fn render_fr(body: &str, model: Option<&[Heading]>) -> Rendered {
    let (locales, checker) = (locales(), checker());
    let cx = RenderContext {
        locales: &locales,
        content_lang: Lang::Fr,
        link_lang: Lang::Fr,
        api_url: "/graphql",
        base_url: "/help/",
        file: Path::new("content/fr/p.md"),
        dir: "",
        first_line: 10,
        id_model: model,
        checker: Some(&checker),
    };
    render(body, &cx)
}

#[test]
fn expands_terms_escaped_in_text_headings_and_tables() {
    let out = render_fr("Le {{ term-x }}.\n\n## **{{ term-x }}** {#t}\n\n| a |\n| - |\n| {{ term-x }} |\n", None);
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert!(out.html.contains("Le Pack &lt;Action&gt; &amp; cie."), "{}", out.html);
    assert!(out.html.contains("<td>Pack &lt;Action&gt; &amp; cie</td>"), "{}", out.html);
    assert_eq!(out.headings[0].text, "Pack <Action> & cie");
    assert!(out.html.contains("<h2 id=\"t\"><strong>Pack &lt;Action&gt; &amp; cie</strong></h2>"), "{}", out.html);
}

#[test]
fn terms_in_code_are_left_alone() {
    let out = render_fr("`{{ nope }}`\n\n```\n{{ nope }}\n```\n", None);
    assert!(out.errors.is_empty(), "{:?}", out.errors);
}

#[test]
fn reports_unknown_terms_with_their_line() {
    let out = render_fr("First line.\n\nSecond {{ term-y }} here.\n", None);
    assert_eq!(out.errors.len(), 1);
    assert_eq!(out.errors[0].line, 12);
    assert!(out.errors[0].message.contains("term-y"));
}

#[test]
fn alerts_get_localized_labels() {
    let out = render_fr("> [!NOTE]\n> Texte.\n\n> [!WARNING]\n> Attention !\n\n> Plain quote\n", None);
    assert!(
        out.html.contains("<div class=\"alert alert-note\" role=\"note\"><p class=\"alert-title\">Remarque</p><p>Texte.</p>"),
        "{}",
        out.html
    );
    assert!(out.html.contains("<p class=\"alert-title\">Attention</p>"), "{}", out.html);
    assert!(out.html.contains("<blockquote>"), "{}", out.html);
    let caution = render_fr("> [!CAUTION]\n> x\n", None);
    assert!(caution.errors[0].message.contains("CAUTION"));
}

#[test]
fn headings_keep_explicit_ids_slugify_the_rest_and_borrow_english_ids() {
    let out = render_fr("## Période de grâce\n\n## Étapes {#steps}\n\n## Période de grâce\n", None);
    let ids: Vec<_> = out.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, vec!["periode-de-grace", "steps", "periode-de-grace-2"]);
    assert_eq!(out.headings[1].line, 12);
    let english = [
        Heading { level: 2, id: "grace-period".into(), text: String::new(), line: 1 },
        Heading { level: 2, id: "steps".into(), text: String::new(), line: 2 },
    ];
    let out = render_fr("## Période de grâce\n\n## Étapes {#steps}\n", Some(&english));
    assert_eq!(out.headings[0].id, "grace-period");
    let out = render_fr("## A {#steps}\n\n## B {#steps}\n\n## C {#main}\n", None);
    assert_eq!(out.errors.len(), 2, "{:?}", out.errors);
}

#[test]
fn rewrites_page_links_and_records_them() {
    let out = render_fr("See [a](other.md#part), [b](#local), [c](../en/other.md) and [d](https://x.example/).\n", None);
    assert!(out.html.contains("href=\"/help/fr/other/#part\""), "{}", out.html);
    assert!(out.html.contains("href=\"#local\""));
    assert!(out.html.contains("href=\"/help/en/other/\""));
    assert!(out.html.contains("href=\"https://x.example/\""));
    assert_eq!(out.links.len(), 3);
    assert_eq!(out.links[0], PageLink { lang: Lang::Fr, slug: Some("other".into()), anchor: Some("part".into()), line: 10 });
    let bad = render_fr("\n[x](picture.png)\n", None);
    assert_eq!(bad.errors[0].line, 11);
}

#[test]
fn raw_html_is_escaped() {
    let out = render_fr("<script>alert(1)</script>\n\nText <b>bold</b>.\n", None);
    assert!(!out.html.contains("<script>") && !out.html.contains("<b>"), "{}", out.html);
    assert!(out.html.contains("&lt;script&gt;"));
}

#[test]
fn graphql_errors_point_at_the_line_in_the_file() {
    let body = "Intro.\n\n```graphql\nquery {\n  viewer {\n    nickname\n  }\n}\n```\n";
    let out = render_fr(body, None);
    assert_eq!(out.errors.len(), 1, "{:?}", out.errors);
    let e = &out.errors[0];
    assert_eq!((e.file.as_path(), e.line), (Path::new("content/fr/p.md"), 15));
    assert!(e.message.contains("nickname") && e.message.contains("line 12"), "{e}");
}

#[test]
fn json_blocks_must_parse_and_variables_must_fit() {
    let body = "```graphql\nquery Q($n: Int!) { viewer { pets(first: $n) } }\n```\n\n```json variables\n{ \"n\": \"three\" }\n```\n\n```json response\n{ \"data\": \n```\n";
    let out = render_fr(body, None);
    assert_eq!(out.errors.len(), 2, "{:?}", out.errors);
    assert_eq!(out.errors[0].line, 14);
    assert_eq!(out.errors[1].line, 19);
    assert!(out
        .html
        .contains("<pre class=\"code\" data-lang=\"json\" data-role=\"response\" tabindex=\"0\"><code class=\"language-json\">"));
}

#[test]
fn search_text_is_folded_and_leaves_code_blocks_out() {
    let out = render_fr("Statut **Activé**.\n\n```json\n{\"secret\": 1}\n```\n", None);
    assert!(out.text.contains("statut active"), "{}", out.text);
    assert!(!out.text.contains("secret"));
}

#[test]
fn runnable_blocks_need_one_operation_a_data_or_errors_response_and_known_info_words() {
    let ok = "```graphql run\nquery { viewer { name } }\n```\n\n```json response\n{ \"data\": { \"viewer\": null } }\n```\n";
    let out = render_fr(ok, None);
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert!(out.html.contains("<pre class=\"code\" data-lang=\"graphql\" data-role=\"run\" tabindex=\"0\">"), "{}", out.html);
    let body = "```graphql runn\nquery { viewer { name } }\n```\n\n\
        ```graphql run\nquery A { viewer { name } }\nquery B { viewer { name } }\n```\n\n\
        ```json response\n{ \"errors\": [] }\n```\n\n```json reponse\n{}\n```\n";
    let out = render_fr(body, None);
    let lines: Vec<usize> = out.errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, vec![10, 14, 19, 23], "{:?}", out.errors);
    assert!(out.errors[0].message.contains("\"runn\""));
    assert!(out.errors[1].message.contains("exactly one operation"));
    assert!(out.errors[2].message.contains("a `data` object or a list of `errors`"));
    assert!(out.errors[3].message.contains("\"reponse\""));
    // An error case shows its errors.
    let error_case = "```graphql run\nquery { viewer { name } }\n```\n\n```json response\n{ \"errors\": [{ \"message\": \"No.\" }], \"data\": null }\n```\n";
    assert!(render_fr(error_case, None).errors.is_empty());
    // A response after a block that isn't runnable may show errors.
    let out = render_fr("```graphql\nquery { viewer { name } }\n```\n\n```json response\n{ \"errors\": [] }\n```\n", None);
    assert!(out.errors.is_empty(), "{:?}", out.errors);
}

#[test]
fn every_graphql_block_links_to_graphiql_with_its_variables() {
    let body = "```graphql\nquery Q($id: ID!) { node(id: $id) { id } }\n```\n\n```json variables\n{ \"id\": \"x\" }\n```\n\n```graphql\n{ viewer { id } }\n```\n";
    let out = render_fr(body, None);
    let links: Vec<&str> = out.html.split("<p class=\"open-graphiql\"><a href=\"").skip(1).map(|s| s.split('"').next().unwrap()).collect();
    assert_eq!(links.len(), 2, "{}", out.html);
    assert!(links[0].starts_with("/graphql#query=query+Q%28%24id%3A+ID%21%29"), "{}", links[0]);
    assert!(links[0].ends_with("&amp;variables=%7B+%22id%22%3A+%22x%22+%7D"), "{}", links[0]);
    assert!(!links[1].contains("variables="), "{}", links[1]);
    assert!(out.html.contains(">Ouvrir dans GraphiQL</a>"), "the label is in the page's language");
}
