//! The generated API reference: `<lang>/reference/`, every type, field,
//! argument and enum value of the running code's schema with its description.
//!
//! # Where descriptions come from
//!
//! English descriptions are the SDL's (the schema the site is built for); French ones come
//! from `locales/fr/reference.ftl`. Both locales must hold the same ids, so
//! `locales/en/reference.ftl` holds the English text too: a copy of the SDL
//! description, or, for an element the SDL leaves undescribed, our own.
//!
//! # Ids
//!
//! One Fluent message per schema element; the same string without `ref-` is
//! the element's anchor on the page (`reference/#Benefit-downloads`):
//!
//! | Element | Fluent id | Example |
//! | --- | --- | --- |
//! | type (object, interface, union, input, enum, scalar) | `ref-Type` | `ref-Benefit` |
//! | field of an object or interface, input field | `ref-Type-field` | `ref-Benefit-downloads` |
//! | argument of a field | `ref-Type-field-arg` | `ref-Benefit-downloads-language` |
//! | enum value | `ref-Enum-VALUE` | `ref-Role-GLOBAL_ADMIN` |
//!
//! GraphQL names never contain `-`, so the ids can't collide. Built-in
//! scalars, introspection types and built-in directives are not listed.
//!
//! # Build errors
//!
//! - An element without a French description: the error names its id, so a
//!   field added to the API can't ship undocumented.
//! - An English message that no longer says what the SDL says (whitespace
//!   aside): the description changed, so the French one needs a look too.
//! - A `ref-` message that names no element (renamed or removed).

use std::path::Path;

use apollo_compiler::ast::{DirectiveList, FieldDefinition, InputValueDefinition, Type};
use apollo_compiler::schema::ExtendedType;
use apollo_compiler::Schema;

use super::DocError;
use crate::i18n::{Lang, Locales};

/// The Fluent file that holds the descriptions, per language.
pub(crate) const FILE: &str = "reference.ftl";

/// The slug of the reference page: no content page may take it.
pub(crate) const SLUG: &str = "reference";

/// What a type is, and the group of the page it is listed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Group {
    Queries,
    Mutations,
    Types,
    Interfaces,
    Inputs,
    Enums,
    Scalars,
}

impl Group {
    const ALL: [Group; 7] =
        [Group::Queries, Group::Mutations, Group::Types, Group::Interfaces, Group::Inputs, Group::Enums, Group::Scalars];

    /// The `site.ftl` message of the group's heading.
    fn label(self) -> &'static str {
        match self {
            Group::Queries => "api-queries",
            Group::Mutations => "api-mutations",
            Group::Types => "api-types",
            Group::Interfaces => "api-interfaces",
            Group::Inputs => "api-input-types",
            Group::Enums => "api-enums",
            Group::Scalars => "api-scalars",
        }
    }

    /// The anchor of the group's heading; type names start with a capital, so no clash.
    fn anchor(self) -> &'static str {
        match self {
            Group::Queries => "queries",
            Group::Mutations => "mutations",
            Group::Types => "types",
            Group::Interfaces => "interfaces",
            Group::Inputs => "input-types",
            Group::Enums => "enums",
            Group::Scalars => "scalars",
        }
    }

    /// The `site.ftl` message over the members of a type of this group.
    fn members_label(self) -> &'static str {
        match self {
            Group::Inputs => "api-input-fields",
            Group::Enums => "api-enum-values",
            _ => "api-fields",
        }
    }
}

/// A field, input field, argument or enum value.
#[derive(Debug, Clone)]
pub(crate) struct Member {
    pub name: String,
    /// The anchor, and the Fluent id after `ref-`.
    pub anchor: String,
    /// `[Role!]!`; `None` for enum values.
    pub ty: Option<String>,
    /// The named type inside `ty` when the reference lists it.
    pub target: Option<String>,
    pub default: Option<String>,
    pub description: Option<String>,
    /// `Some(reason)` when deprecated.
    pub deprecated: Option<String>,
    pub arguments: Vec<Member>,
}

/// A type and its members.
#[derive(Debug, Clone)]
pub(crate) struct TypeDoc {
    pub name: String,
    pub group: Group,
    pub description: Option<String>,
    /// Interfaces it implements, or a union's members.
    pub related: Vec<String>,
    pub members: Vec<Member>,
}

/// The documented part of the schema, in the order of the page.
#[derive(Debug, Clone, Default)]
pub(crate) struct Reference {
    pub types: Vec<TypeDoc>,
}

/// One element to describe: its Fluent id, a readable name, and the SDL description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Element<'a> {
    pub id: String,
    /// `Benefit.downloads(language:)`, for error messages.
    pub label: String,
    pub english: Option<&'a str>,
}

fn description(d: &Option<apollo_compiler::Node<str>>) -> Option<String> {
    d.as_ref().map(|d| d.trim().to_owned()).filter(|d| !d.is_empty())
}

fn deprecation(directives: &DirectiveList) -> Option<String> {
    let directive = directives.get("deprecated")?;
    Some(directive.specified_argument_by_name("reason").and_then(|v| v.as_str()).unwrap_or_default().to_owned())
}

impl Reference {
    /// The reference of a validated schema.
    pub fn new(schema: &Schema) -> Self {
        let root = |name: &Option<apollo_compiler::schema::ComponentName>| name.as_ref().map(|n| n.name.to_string());
        let query = root(&schema.schema_definition.query);
        let mutation = root(&schema.schema_definition.mutation);
        let listed = |name: &str| schema.types.get(name).is_some_and(|t| !t.is_built_in());
        let member = |owner: &str, ty: &Type, name: &str, desc: &Option<apollo_compiler::Node<str>>, directives: &DirectiveList| {
            let inner = ty.inner_named_type().as_str();
            Member {
                name: name.to_owned(),
                anchor: format!("{owner}-{name}"),
                ty: Some(ty.to_string()),
                target: listed(inner).then(|| inner.to_owned()),
                default: None,
                description: description(desc),
                deprecated: deprecation(directives),
                arguments: Vec::new(),
            }
        };
        let input_value = |owner: &str, v: &InputValueDefinition| {
            let mut m = member(owner, &v.ty, &v.name, &v.description, &v.directives);
            m.default = v.default_value.as_ref().map(|d| d.to_string());
            m
        };
        let field = |owner: &str, f: &FieldDefinition| {
            let mut m = member(owner, &f.ty, &f.name, &f.description, &f.directives);
            let prefix = format!("{owner}-{}", f.name);
            m.arguments = f.arguments.iter().map(|a| input_value(&prefix, a)).collect();
            m
        };
        let mut types = Vec::new();
        for (name, ty) in &schema.types {
            if ty.is_built_in() {
                continue;
            }
            let name = name.to_string();
            let (group, desc, related, members) = match ty {
                ExtendedType::Object(o) => {
                    let group = if Some(&name) == query.as_ref() {
                        Group::Queries
                    } else if Some(&name) == mutation.as_ref() {
                        Group::Mutations
                    } else {
                        Group::Types
                    };
                    let related = o.implements_interfaces.iter().map(|i| i.name.to_string()).collect();
                    (group, &o.description, related, o.fields.values().map(|f| field(&name, f)).collect())
                }
                ExtendedType::Interface(i) => {
                    let related = i.implements_interfaces.iter().map(|i| i.name.to_string()).collect();
                    (Group::Interfaces, &i.description, related, i.fields.values().map(|f| field(&name, f)).collect())
                }
                ExtendedType::Union(u) => {
                    (Group::Types, &u.description, u.members.iter().map(|m| m.name.to_string()).collect(), Vec::new())
                }
                ExtendedType::InputObject(i) => {
                    (Group::Inputs, &i.description, Vec::new(), i.fields.values().map(|f| input_value(&name, f)).collect())
                }
                ExtendedType::Enum(e) => {
                    let values = e
                        .values
                        .values()
                        .map(|v| Member {
                            name: v.value.to_string(),
                            anchor: format!("{name}-{}", v.value),
                            ty: None,
                            target: None,
                            default: None,
                            description: description(&v.description),
                            deprecated: deprecation(&v.directives),
                            arguments: Vec::new(),
                        })
                        .collect();
                    (Group::Enums, &e.description, Vec::new(), values)
                }
                ExtendedType::Scalar(s) => (Group::Scalars, &s.description, Vec::new(), Vec::new()),
            };
            types.push(TypeDoc { group, description: description(desc), related, members, name });
        }
        // Stable: within a group, the schema's order (alphabetical in the SDL we print).
        types.sort_by_key(|t| t.group);
        Self { types }
    }

    /// Every element, types first in page order, each followed by its members and their arguments.
    pub fn elements(&self) -> Vec<Element<'_>> {
        let mut out = Vec::new();
        for t in &self.types {
            out.push(Element { id: format!("ref-{}", t.name), label: t.name.clone(), english: t.description.as_deref() });
            for m in &t.members {
                out.push(Element {
                    id: format!("ref-{}", m.anchor),
                    label: format!("{}.{}", t.name, m.name),
                    english: m.description.as_deref(),
                });
                for a in &m.arguments {
                    out.push(Element {
                        id: format!("ref-{}", a.anchor),
                        label: format!("{}.{}({}:)", t.name, m.name, a.name),
                        english: a.description.as_deref(),
                    });
                }
            }
        }
        out
    }

    /// Every anchor of the page: the group headings, types, members and arguments.
    pub fn anchors(&self) -> Vec<String> {
        let mut out: Vec<String> = Group::ALL.iter().map(|g| g.anchor().to_owned()).collect();
        out.extend(self.elements().into_iter().map(|e| e.id["ref-".len()..].to_owned()));
        out
    }
}

/// Whitespace runs as single spaces: how an English message is compared with the SDL.
fn normalized(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every problem of the descriptions; see the module documentation.
pub(crate) fn check(reference: &Reference, locales: &Locales, dir: &Path) -> Vec<DocError> {
    let mut errors = Vec::new();
    let elements = reference.elements();
    for element in &elements {
        let id = &element.id;
        if !locales.has(Lang::Fr, id) {
            let what = match element.english {
                Some(english) => format!("(English: {:?})", normalized(english)),
                None => "(the SDL has no description either: write one in both languages)".to_owned(),
            };
            errors.push(DocError::new(
                dir.join(Lang::Fr.code()).join(FILE),
                0,
                format!(
                    "the API element `{}` has no French description {what}: add `{id} = …` to {} and {}",
                    element.label,
                    Path::new(Lang::Fr.code()).join(FILE).display(),
                    Path::new(Lang::En.code()).join(FILE).display()
                ),
            ));
            continue;
        }
        let (Some(english), Some(origin)) = (element.english, locales.origin(Lang::En, id)) else { continue };
        let ours = locales.text(Lang::En, id);
        if normalized(&ours) != normalized(english) {
            errors.push(DocError::new(
                &origin.file,
                origin.line,
                format!(
                    "`{id}` no longer matches the API's description of `{}`: {:?}; copy it here and review the French description",
                    element.label,
                    normalized(english)
                ),
            ));
        }
    }
    let known: std::collections::HashSet<&str> = elements.iter().map(|e| e.id.as_str()).collect();
    for lang in Lang::ALL {
        for id in locales.ids(lang).filter(|id| id.starts_with("ref-") && !known.contains(id)) {
            let (file, line) = locales.origin(lang, id).map(|o| (o.file.clone(), o.line)).unwrap_or_default();
            errors.push(DocError::new(file, line, format!("`{id}` describes nothing in the API schema (renamed or removed?): delete it")));
        }
    }
    errors
}

#[path = "reference_html.rs"]
mod html;
pub(crate) use html::{body, search_text, toc, Texts};

#[cfg(test)]
#[path = "reference_tests.rs"]
mod tests;
