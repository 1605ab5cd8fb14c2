//! Keeping the examples true to the API: every ```graphql block is validated
//! against the schema of the running code, and the ```json variables block
//! that follows it is coerced against the operation's variable types.

use apollo_compiler::response::JsonMap;
use apollo_compiler::validation::{DiagnosticList, Valid};
use apollo_compiler::{ExecutableDocument, Schema};

/// A problem in a block: the 1-based line inside the block, and the message.
pub(crate) type BlockProblem = (usize, String);

/// The schema, parsed and validated once per build; shared by all pages.
pub(crate) struct Checker {
    schema: Valid<Schema>,
}

/// A GraphQL block that passed validation, kept to check its variables.
pub(crate) struct Operation {
    document: Valid<ExecutableDocument>,
}

impl Operation {
    /// How many operations the block holds.
    pub fn count(&self) -> usize {
        self.document.operations.iter().count()
    }

    /// Whether the block's only operation is a mutation, and the names of its
    /// root fields; `None` with several operations.
    pub fn root_fields(&self) -> Option<(bool, Vec<String>)> {
        let operations: Vec<_> = self.document.operations.iter().collect();
        let [op] = operations.as_slice() else { return None };
        let fields = op.selection_set.selections.iter().filter_map(|s| s.as_field().map(|f| f.name.to_string())).collect();
        Some((op.operation_type == apollo_compiler::executable::OperationType::Mutation, fields))
    }
}

/// apollo's diagnostics, minus those that only follow from another one: a
/// selection set "without fields" whose only fields are unknown, and a
/// variable "unused" because the field that uses it is unknown.
fn problems(list: &DiagnosticList) -> Vec<BlockProblem> {
    type Position = (usize, usize);
    let all: Vec<(Option<(Position, Position)>, String)> = list
        .iter()
        .map(|d| {
            let range = d.line_column_range().map(|r| ((r.start.line, r.start.column), (r.end.line, r.end.column)));
            (range, d.error.to_string())
        })
        .collect();
    let unknown = |m: &str| m.contains("does not have a field") || m.contains("does not have an argument") || m.contains("cannot find");
    let has_unknown = all.iter().any(|(_, m)| unknown(m));
    let contains_other = |outer: (Position, Position)| {
        all.iter().any(|(r, m)| unknown(m) && r.is_some_and(|(start, _)| outer.0 <= start && start <= outer.1))
    };
    let mut out: Vec<BlockProblem> = all
        .iter()
        .filter(|(range, message)| {
            let cascade = (message.contains("must have a subselection set") && range.is_some_and(contains_other))
                || (has_unknown && message.starts_with("unused variable"));
            !cascade
        })
        .map(|(range, message)| (range.map_or(1, |(start, _)| start.0), message.clone()))
        .collect();
    out.sort();
    out
}

impl Checker {
    /// Parses and validates the schema's SDL.
    pub fn new(sdl: &str) -> Result<Self, Vec<BlockProblem>> {
        Schema::parse_and_validate(sdl, "schema.graphql").map(|schema| Self { schema }).map_err(|e| problems(&e.errors))
    }

    /// The validated schema.
    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    /// Validates one block: unknown types, fields or arguments, wrong
    /// variable types, syntax errors. `name` appears in apollo's own reports.
    pub fn check(&self, source: &str, name: &str) -> Result<Operation, Vec<BlockProblem>> {
        ExecutableDocument::parse_and_validate(&self.schema, source, name)
            .map(|document| Operation { document })
            .map_err(|e| problems(&e.errors))
    }

    /// Checks a JSON variables object against the operation's variable
    /// definitions: unknown names, missing required ones, values of the wrong
    /// type. Returns messages; the JSON must already be known to parse.
    pub fn check_variables(&self, operation: &Operation, json: &str) -> Vec<String> {
        let values: JsonMap = match serde_json::from_str(json) {
            Ok(values) => values,
            Err(e) => return vec![format!("the variables must be a JSON object: {e}")],
        };
        let operations: Vec<_> = operation.document.operations.iter().collect();
        let [op] = operations.as_slice() else {
            // With several operations in one block, which one the variables belong to is unknown.
            return Vec::new();
        };
        let mut messages = Vec::new();
        for name in values.keys() {
            if !op.variables.iter().any(|v| v.name.as_str() == name.as_str()) {
                messages.push(format!("variable `{}` is not declared by the operation", name.as_str()));
            }
        }
        if let Err(e) = apollo_compiler::request::coerce_variable_values(&self.schema, op, &values) {
            messages.push(e.message().to_string());
        }
        messages
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SDL: &str = "type Query { viewer: User, user(id: ID!): User }\n\
        type User { id: ID!, name: String!, roles(first: Int): [String!]! }\n\
        input SignInInput { email: String!, password: String! }\n\
        type Mutation { signIn(input: SignInInput!): User }\n";

    fn checker() -> Checker {
        Checker::new(SDL).unwrap()
    }

    #[test]
    fn accepts_a_valid_operation() {
        assert!(checker().check("query Q($id: ID!) {\n  user(id: $id) { name }\n}\n", "q.graphql").is_ok());
    }

    #[test]
    fn names_unknown_fields_and_arguments_with_their_line() {
        let errors = checker().check("query {\n  viewer {\n    nickname\n  }\n}\n", "q.graphql").err().unwrap();
        assert_eq!(errors.len(), 1, "no cascading diagnostics: {errors:?}");
        assert_eq!(errors[0].0, 3);
        assert!(errors[0].1.contains("nickname"), "{errors:?}");
        let errors = checker().check("{ viewer { roles(last: 2) } }", "q.graphql").err().unwrap();
        assert!(errors.iter().any(|e| e.1.contains("last")), "{errors:?}");
        let errors = checker().check("{ viewer { name ", "q.graphql").err().unwrap();
        assert!(!errors.is_empty());
    }

    #[test]
    fn names_a_wrong_variable_type() {
        let errors = checker().check("query Q($id: Int!) { user(id: $id) { name } }", "q.graphql").err().unwrap();
        assert!(errors.iter().any(|e| e.1.contains("$id") || e.1.contains("`id`")), "{errors:?}");
    }

    #[test]
    fn checks_variables_against_their_operation() {
        let c = checker();
        let op = c.check("mutation M($input: SignInInput!) { signIn(input: $input) { id } }", "m.graphql").ok().unwrap();
        assert!(c.check_variables(&op, r#"{"input": {"email": "a@b.example", "password": "x"}}"#).is_empty());
        assert!(!c.check_variables(&op, r#"{"input": {"email": "a@b.example"}}"#).is_empty());
        assert!(!c.check_variables(&op, r#"{"input": {"email": 3, "password": "x"}}"#).is_empty());
        assert!(c.check_variables(&op, r#"{"inptu": {}}"#).iter().any(|m| m.contains("inptu")));
        assert!(!c.check_variables(&op, "[1]").is_empty());
    }

    #[test]
    fn a_broken_schema_is_reported() {
        assert!(Checker::new("type Query { x: Nope }").is_err());
    }
}
