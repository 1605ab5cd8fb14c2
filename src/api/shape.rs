//! The shape of a parsed document: how deep its selections go, with
//! introspection judged by its own rule, and how large it grows once its
//! fragments are expanded.
//!
//! Introspection's type tree is deep by nature (graphql-js's standard query
//! follows `ofType` seven levels down), so the ordinary depth limit does not
//! apply inside `__schema` and `__type`. What makes an introspection query
//! expensive is nesting the lists that multiply its answer (`types`,
//! `fields`, `args`, …) inside one another: the standard queries nest three,
//! and a query that nests more is refused.

use std::collections::HashMap;

use async_graphql::parser::types::{ExecutableDocument, FragmentDefinition, Selection, SelectionSet};
use async_graphql::Positioned;

/// The limits on a document's shape.
#[derive(Debug, Clone, Copy)]
pub struct ShapeLimits {
    /// Deepest selection outside introspection.
    pub max_depth: usize,
    /// Deepest selection inside `__schema` or `__type`.
    pub max_introspection_depth: usize,
    /// Most introspection lists nested in one another.
    pub max_introspection_lists: usize,
    /// Most fields once every fragment spread is expanded.
    pub max_expanded_fields: usize,
}

impl Default for ShapeLimits {
    fn default() -> Self {
        Self { max_depth: 12, max_introspection_depth: 24, max_introspection_lists: 4, max_expanded_fields: 20_000 }
    }
}

/// Introspection fields that return lists, each multiplying what is below it.
const MULTIPLYING: [&str; 7] = ["types", "fields", "args", "inputFields", "interfaces", "possibleTypes", "enumValues"];

/// What a selection set amounts to, once expanded.
#[derive(Debug, Clone, Copy, Default)]
struct Measure {
    /// Deepest ordinary selection below.
    depth: usize,
    /// Deepest selection below, inside introspection.
    introspection_depth: usize,
    /// Most multiplying lists nested below, inside introspection.
    lists: usize,
    /// Fields below, fragments expanded (saturating).
    fields: usize,
}

impl Measure {
    fn max(self, other: Self) -> Self {
        Self {
            depth: self.depth.max(other.depth),
            introspection_depth: self.introspection_depth.max(other.introspection_depth),
            lists: self.lists.max(other.lists),
            fields: self.fields.saturating_add(other.fields),
        }
    }
}

struct Walker<'a> {
    fragments: &'a HashMap<async_graphql::Name, Positioned<FragmentDefinition>>,
    /// Each fragment measured once, by the mode it is spread in.
    memo: HashMap<(&'a str, bool), Measure>,
    /// Fragments being measured: a cycle measures as empty (validation reports it).
    active: Vec<&'a str>,
}

impl<'a> Walker<'a> {
    fn set(&mut self, set: &'a SelectionSet, introspection: bool) -> Measure {
        let mut total = Measure::default();
        for item in &set.items {
            let m = match &item.node {
                Selection::Field(field) => {
                    let field = &field.node;
                    let name = field.name.node.as_str();
                    let inside = introspection || name == "__schema" || name == "__type";
                    let below = self.set(&field.selection_set.node, inside);
                    let has_children = !field.selection_set.node.items.is_empty();
                    let mut m = Measure { fields: below.fields.saturating_add(1), ..below };
                    if inside {
                        m.introspection_depth = below.introspection_depth + usize::from(has_children);
                        if introspection && MULTIPLYING.contains(&name) {
                            m.lists = below.lists + 1;
                        }
                    } else {
                        m.depth = below.depth + 1;
                    }
                    m
                }
                Selection::InlineFragment(f) => self.set(&f.node.selection_set.node, introspection),
                Selection::FragmentSpread(spread) => self.fragment(spread.node.fragment_name.node.as_str(), introspection),
            };
            total = total.max(m);
        }
        total
    }

    fn fragment(&mut self, name: &'a str, introspection: bool) -> Measure {
        if let Some(m) = self.memo.get(&(name, introspection)) {
            return *m;
        }
        let Some(definition) = self.fragments.get(name) else { return Measure::default() };
        if self.active.contains(&name) {
            return Measure::default();
        }
        self.active.push(name);
        let m = self.set(&definition.node.selection_set.node, introspection);
        self.active.pop();
        self.memo.insert((name, introspection), m);
        m
    }
}

/// Checks `doc` against `limits`, or says what is over.
pub fn check(doc: &ExecutableDocument, limits: ShapeLimits) -> Result<(), String> {
    let mut walker = Walker { fragments: &doc.fragments, memo: HashMap::new(), active: Vec::new() };
    let mut total = Measure::default();
    for (_, op) in doc.operations.iter() {
        total = total.max(walker.set(&op.node.selection_set.node, false));
    }
    if total.depth > limits.max_depth {
        return Err(format!("The query is nested too deep: at most {} levels.", limits.max_depth));
    }
    if total.introspection_depth > limits.max_introspection_depth || total.lists > limits.max_introspection_lists {
        return Err(format!(
            "The introspection query is too complex: at most {} nested lists of types, fields or arguments.",
            limits.max_introspection_lists
        ));
    }
    if total.fields > limits.max_expanded_fields {
        return Err(format!("The query selects more than {} fields once its fragments are expanded.", limits.max_expanded_fields));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(query: &str) -> Result<(), String> {
        check(&async_graphql::parser::parse_query(query).expect("a valid query"), ShapeLimits::default())
    }

    /// graphql-js's `getIntrospectionQuery()` with every option on.
    pub const GRAPHQL_JS: &str = r#"
    query IntrospectionQuery {
      __schema {
        description queryType { name kind } mutationType { name kind } subscriptionType { name kind }
        types { ...FullType }
        directives { name description isRepeatable locations args(includeDeprecated: true) { ...InputValue } }
      }
    }
    fragment FullType on __Type {
      kind name description specifiedByURL isOneOf
      fields(includeDeprecated: true) { name description args(includeDeprecated: true) { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
      inputFields(includeDeprecated: true) { ...InputValue }
      interfaces { ...TypeRef }
      enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
      possibleTypes { ...TypeRef }
    }
    fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue isDeprecated deprecationReason }
    fragment TypeRef on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType {
      kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } } } }
    "#;

    #[test]
    fn the_standard_introspection_query_passes_and_an_exploding_one_does_not() {
        assert_eq!(shape(GRAPHQL_JS), Ok(()));
        let mut inner = String::from("name");
        for _ in 0..15 {
            inner = format!("fields {{ type {{ {inner} }} }}");
        }
        let exploding = format!("query Q {{ __type(name: \"Query\") {{ {inner} }} }}");
        assert!(shape(&exploding).unwrap_err().contains("introspection"));
    }

    #[test]
    fn ordinary_depth_counts_outside_introspection_only() {
        let deep = format!("{{ {}id{} }}", "a { ".repeat(13), " }".repeat(13));
        assert!(shape(&deep).unwrap_err().contains("too deep"));
        let ok = format!("{{ {}id{} }}", "a { ".repeat(11), " }".repeat(11));
        assert_eq!(shape(&ok), Ok(()));
    }

    #[test]
    fn fragment_bombs_are_measured_without_expanding_them() {
        // Each fragment spreads the next twice: 2^40 fields once expanded.
        let mut doc = String::from("{ ...F0 }");
        for i in 0..40 {
            doc.push_str(&format!(" fragment F{i} on Query {{ a: __typename ...F{} ...F{} }}", i + 1, i + 1));
        }
        doc.push_str(" fragment F40 on Query { __typename }");
        assert!(shape(&doc).unwrap_err().contains("fragments are expanded"));
    }

    #[test]
    fn fragment_cycles_end() {
        assert_eq!(shape("{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }"), Ok(()));
    }
}
