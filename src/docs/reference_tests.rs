//! Tests of the API reference: ids, checks and pages.

use std::path::PathBuf;

use super::*;

const SDL: &str = "\"Root\"\ntype Query { \"Who\" viewer: User, user(\"Its id\" id: ID!, first: Int = 10): User }\n\
    type User implements Node { id: ID!, roles: [Role!]! }\n\
    interface Node { id: ID! }\n\
    \"What a user may do\"\nenum Role { \"All\" ADMIN, MEMBER @deprecated(reason: \"Gone\") }\n\
    input UserInput { name: String! }\n\
    scalar DateTime\n\
    type Mutation { touch(input: UserInput!): User }\n";

fn reference() -> Reference {
    Reference::new(&Schema::parse_and_validate(SDL, "s.graphql").unwrap())
}

fn locales(en: &str, fr: &str) -> Locales {
    Locales::from_sources(vec![
        (Lang::En, PathBuf::from("l/en/reference.ftl"), en.into()),
        (Lang::Fr, PathBuf::from("l/fr/reference.ftl"), fr.into()),
    ])
    .unwrap()
}

/// Every id with a made-up description, English from the SDL when it has one.
fn complete(r: &Reference) -> (String, String) {
    let mut en = String::new();
    let mut fr = String::new();
    for e in r.elements() {
        en.push_str(&format!("{} = {}\n", e.id, e.english.map(normalized).unwrap_or_else(|| format!("About {}", e.label))));
        fr.push_str(&format!("{} = À propos de {}\n", e.id, e.label));
    }
    (en, fr)
}

#[test]
fn lists_every_element_with_its_id_in_page_order() {
    let ids: Vec<String> = reference().elements().into_iter().map(|e| e.id).collect();
    assert_eq!(
        ids,
        [
            "ref-Query",
            "ref-Query-viewer",
            "ref-Query-user",
            "ref-Query-user-id",
            "ref-Query-user-first",
            "ref-Mutation",
            "ref-Mutation-touch",
            "ref-Mutation-touch-input",
            "ref-User",
            "ref-User-id",
            "ref-User-roles",
            "ref-Node",
            "ref-Node-id",
            "ref-UserInput",
            "ref-UserInput-name",
            "ref-Role",
            "ref-Role-ADMIN",
            "ref-Role-MEMBER",
            "ref-DateTime",
        ]
    );
    let r = reference();
    let user = r.types.iter().find(|t| t.name == "User").unwrap();
    assert_eq!(user.related, ["Node"]);
    assert_eq!(user.members[1].ty.as_deref(), Some("[Role!]!"));
    assert_eq!(user.members[1].target.as_deref(), Some("Role"));
    assert_eq!(user.members[0].target, None, "built-in scalars are not listed");
    let query = &r.types[0];
    assert_eq!(query.members[1].arguments[1].default.as_deref(), Some("10"));
}

#[test]
fn a_complete_set_of_descriptions_passes_and_renders_in_both_languages() {
    let r = reference();
    let (en, fr) = complete(&r);
    let l = locales(&en, &fr);
    assert_eq!(check(&r, &l, Path::new("l")), Vec::new());
    let html = body(&r, &Texts { locales: &l, lang: Lang::Fr }).into_string();
    assert!(html.contains(r##"<dt id="User-roles"><code class="ref-name">roles</code>: <code class="ref-type"><a href="#Role">[Role!]!</a></code></dt><dd><p>À propos de User.roles</p></dd>"##), "{html}");
    assert!(
        html.contains(
            r#"<dt id="Query-user-first"><code class="ref-name">first</code>: <code class="ref-type">Int</code> = <code>10</code></dt>"#
        ),
        "{html}"
    );
    assert!(html.contains("<p>Gone</p>") || html.contains(r#"<p class="ref-deprecated-reason">Gone</p>"#));
    let en_html = body(&r, &Texts { locales: &l, lang: Lang::En }).into_string();
    assert!(en_html.contains("<p>What a user may do</p>") && en_html.contains("<p>About User.roles</p>"), "{en_html}");
    assert!(search_text(&r, &Texts { locales: &l, lang: Lang::Fr }).contains("a propos de user roles"));
}

#[test]
fn a_missing_french_description_names_the_id() {
    let r = reference();
    let (en, fr) = complete(&r);
    let drop = |text: &str| text.lines().filter(|l| !l.starts_with("ref-User-roles ")).map(|l| format!("{l}\n")).collect::<String>();
    let errors = check(&r, &locales(&drop(&en), &drop(&fr)), Path::new("l"));
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].file.ends_with("fr/reference.ftl") && errors[0].message.contains("`ref-User-roles = …`"), "{}", errors[0]);
}

#[test]
fn an_english_message_out_of_step_with_the_sdl_and_a_stale_id_are_errors() {
    let r = reference();
    let (en, fr) = complete(&r);
    let en = en.replace("ref-Role = What a user may do", "ref-Role = What a user can do") + "ref-User-nickname = Old\n";
    let fr = fr + "ref-User-nickname = Ancien\n";
    let errors = check(&r, &locales(&en, &fr), Path::new("l"));
    let line_of = |text: &str, id: &str| text.lines().position(|l| l.starts_with(id)).unwrap() + 1;
    assert!(errors.iter().any(|e| e.line == line_of(&en, "ref-Role ") && e.message.contains("What a user may do")), "{errors:?}");
    assert!(errors.iter().any(|e| e.file.ends_with("en/reference.ftl") && e.message.contains("ref-User-nickname")), "{errors:?}");
    assert!(errors.iter().any(|e| e.file.ends_with("fr/reference.ftl") && e.message.contains("ref-User-nickname")), "{errors:?}");
    assert_eq!(errors.len(), 3, "{errors:?}");
}
