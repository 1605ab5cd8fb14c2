//! The schema changelog page: what each release changed in the API, and
//! what the schema being built changes since the last release, computed from
//! the released schemas (`releases/schema-<version>.graphql`) rather than
//! written by hand, in both languages.

use maud::{html, Markup};

use super::reference::{Member, Reference, TypeDoc};
use crate::i18n::{Lang, Locales};

/// The page's slug.
pub(crate) const SLUG: &str = "changelog";

/// A released schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Release {
    pub version: String,
    pub sdl: String,
}

impl Release {
    /// The releases built into the binary (`releases/`), oldest first.
    pub fn built_in() -> Vec<Self> {
        crate::sources::released_schemas().into_iter().map(|(version, sdl)| Self { version, sdl }).collect()
    }
}

/// One change between two schemas.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Change {
    TypeAdded(String),
    TypeRemoved(String),
    FieldAdded(String),
    FieldRemoved(String),
    /// The member, its old type, its new type.
    TypeChanged(String, String, String),
    ArgumentAdded(String),
    ArgumentRemoved(String),
    ValueAdded(String),
    ValueRemoved(String),
    Deprecated(String),
}

impl Change {
    /// The `site.ftl` message and the element it names.
    fn parts(&self) -> (&'static str, &str) {
        match self {
            Self::TypeAdded(n) => ("changelog-type-added", n),
            Self::TypeRemoved(n) => ("changelog-type-removed", n),
            Self::FieldAdded(n) => ("changelog-field-added", n),
            Self::FieldRemoved(n) => ("changelog-field-removed", n),
            Self::TypeChanged(n, _, _) => ("changelog-type-changed", n),
            Self::ArgumentAdded(n) => ("changelog-argument-added", n),
            Self::ArgumentRemoved(n) => ("changelog-argument-removed", n),
            Self::ValueAdded(n) => ("changelog-value-added", n),
            Self::ValueRemoved(n) => ("changelog-value-removed", n),
            Self::Deprecated(n) => ("changelog-deprecated", n),
        }
    }
}

fn find<'a>(types: &'a [TypeDoc], name: &str) -> Option<&'a TypeDoc> {
    types.iter().find(|t| t.name == name)
}

fn member<'a>(members: &'a [Member], name: &str) -> Option<&'a Member> {
    members.iter().find(|m| m.name == name)
}

/// What changed from `old` to `new`, in a stable order.
pub(crate) fn diff(old: &Reference, new: &Reference) -> Vec<Change> {
    let mut changes = Vec::new();
    for t in &new.types {
        let Some(before) = find(&old.types, &t.name) else {
            changes.push(Change::TypeAdded(t.name.clone()));
            continue;
        };
        for m in &t.members {
            let name = format!("{}.{}", t.name, m.name);
            let enum_value = m.ty.is_none();
            let Some(was) = member(&before.members, &m.name) else {
                changes.push(if enum_value { Change::ValueAdded(name) } else { Change::FieldAdded(name) });
                continue;
            };
            if was.ty != m.ty {
                changes.push(Change::TypeChanged(name.clone(), was.ty.clone().unwrap_or_default(), m.ty.clone().unwrap_or_default()));
            }
            if was.deprecated.is_none() && m.deprecated.is_some() {
                changes.push(Change::Deprecated(name.clone()));
            }
            for a in &m.arguments {
                if member(&was.arguments, &a.name).is_none() {
                    changes.push(Change::ArgumentAdded(format!("{name}({}:)", a.name)));
                }
            }
            for a in &was.arguments {
                if member(&m.arguments, &a.name).is_none() {
                    changes.push(Change::ArgumentRemoved(format!("{name}({}:)", a.name)));
                }
            }
        }
        for m in &before.members {
            if member(&t.members, &m.name).is_none() {
                let name = format!("{}.{}", t.name, m.name);
                changes.push(if m.ty.is_none() { Change::ValueRemoved(name) } else { Change::FieldRemoved(name) });
            }
        }
    }
    for t in &old.types {
        if find(&new.types, &t.name).is_none() {
            changes.push(Change::TypeRemoved(t.name.clone()));
        }
    }
    changes.sort();
    changes
}

/// A version's sections, newest first: the schema being built since the
/// last release, then each release against the one before it.
pub(crate) struct Entry {
    /// `None` for the changes not released yet.
    pub version: Option<String>,
    /// `None` for the first release.
    pub changes: Option<Vec<Change>>,
}

/// The entries of the page. Releases whose schema does not parse are left
/// out (the build reports them).
pub(crate) fn entries(releases: &[(String, Reference)], current: &Reference) -> Vec<Entry> {
    let mut out = Vec::new();
    if let Some((_, last)) = releases.last() {
        out.push(Entry { version: None, changes: Some(diff(last, current)) });
    }
    for (i, (version, reference)) in releases.iter().enumerate().rev() {
        let changes = i.checked_sub(1).map(|p| diff(&releases[p].1, reference));
        out.push(Entry { version: Some(version.clone()), changes });
    }
    out
}

/// The body of the page in `lang`.
pub(crate) fn body(entries: &[Entry], locales: &Locales, lang: Lang) -> Markup {
    let t = |id: &str| locales.text(lang, id);
    html! {
        @for entry in entries {
            @let heading = match &entry.version {
                Some(v) => locales.format(lang, "changelog-version", &[("version", v.clone().into())]),
                None => t("changelog-unreleased"),
            };
            @let id = entry.version.as_ref().map_or_else(|| "unreleased".to_owned(), |v| format!("v{}", v.replace('.', "-")));
            h2 id=(id) { (heading) }
            @match &entry.changes {
                None => p { (t("changelog-first-release")) },
                Some(changes) if changes.is_empty() => p { (t("changelog-no-change")) },
                Some(changes) => ul.changelog {
                    @for change in changes {
                        @let (message, name) = change.parts();
                        li {
                            (t(message)) " " code { (name) }
                            @if let Change::TypeChanged(_, from, to) = change {
                                " " (locales.format(lang, "changelog-type-from-to", &[("from", from.clone().into()), ("to", to.clone().into())]))
                            }
                        }
                    }
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference(sdl: &str) -> Reference {
        Reference::new(&super::super::graphql::Checker::new(sdl).expect("a valid schema").schema().clone())
    }

    #[test]
    fn finds_what_was_added_removed_retyped_and_deprecated() {
        let old = reference("type Query { a: Int, b(x: Int): String, c: Int }\nenum E { ONE TWO }\ntype Gone { x: Int }\n");
        let new = reference(
            "type Query { a: Int!, b(y: Int): String, c: Int @deprecated(reason: \"use a\"), d: Int, e: E }\nenum E { ONE THREE }\ntype New { x: Int }\n",
        );
        assert_eq!(
            diff(&old, &new),
            vec![
                Change::TypeAdded("New".into()),
                Change::TypeRemoved("Gone".into()),
                Change::FieldAdded("Query.d".into()),
                Change::FieldAdded("Query.e".into()),
                Change::TypeChanged("Query.a".into(), "Int".into(), "Int!".into()),
                Change::ArgumentAdded("Query.b(y:)".into()),
                Change::ArgumentRemoved("Query.b(x:)".into()),
                Change::ValueAdded("E.THREE".into()),
                Change::ValueRemoved("E.TWO".into()),
                Change::Deprecated("Query.c".into()),
            ]
        );
        assert!(diff(&new, &new).is_empty());
    }

    #[test]
    fn entries_run_newest_first() {
        let a = reference("type Query { a: Int }");
        let b = reference("type Query { a: Int, b: Int }");
        let releases = vec![("0.1.0".to_owned(), a), ("0.2.0".to_owned(), b.clone())];
        let list = entries(&releases, &b);
        assert_eq!(list.iter().map(|e| e.version.clone()).collect::<Vec<_>>(), [None, Some("0.2.0".into()), Some("0.1.0".into())]);
        assert_eq!(list[0].changes.as_deref(), Some(&[][..]), "nothing since 0.2.0");
        assert_eq!(list[1].changes.as_deref(), Some(&[Change::FieldAdded("Query.b".into())][..]));
        assert!(list[2].changes.is_none(), "the first release");
    }
}
