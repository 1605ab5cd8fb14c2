//! GraphQL documents built from the grammar rather than from bytes: many
//! operations and fragments, selections, inline fragments, spreads (cycles
//! included), arguments with list and object values nested as deep as the
//! input allows, variables with list types, directives and aliases, using the
//! schema's real field names most of the time. Each document is POSTed by the
//! demo admin; the answer must be below 500, JSON, and come back at all (a
//! stack overflow or a runaway validation would abort or time out the run).
#![no_main]

#[path = "harness.rs"]
mod harness;

use std::fmt::Write as _;

use arbitrary::{Arbitrary, Unstructured};
use axum::body::Body;
use axum::http::{header, Request};
use harness::{harness, send};
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Value};

/// Names the schema really has, so that documents get past "unknown field".
const NAMES: &[&str] = &[
    "viewer", "organization", "node", "nodes", "program", "offers", "supportQueue", "orderPreview", "id", "email", "roles",
    "users", "nodes", "edges", "node", "totalCount", "membership", "actionPack", "orders", "paymentMethod", "placedBy",
    "benefits", "assignments", "benefit", "subscription", "user", "serviceRequests", "notes", "author", "auditLog", "actor",
    "__typename", "__schema", "__type", "types", "fields", "type", "ofType", "name", "kind", "args", "first", "ids", "ids",
    "category", "signIn", "input", "joinNetwork", "purchaseOffer", "first", "after", "status", "skip", "include",
];

#[derive(Debug, Arbitrary)]
struct Document {
    definitions: Vec<Definition>,
    variables: Option<Json>,
}

#[derive(Debug, Arbitrary)]
enum Definition {
    Query { name: Option<u8>, variables: Vec<(u8, TypeRef)>, selections: Vec<Selection> },
    Mutation { selections: Vec<Selection> },
    Fragment { name: u8, on: u8, selections: Vec<Selection> },
    Shorthand(Vec<Selection>),
}

#[derive(Debug, Arbitrary)]
enum Selection {
    Field { alias: Option<u8>, name: u8, arguments: Vec<(u8, GqlValue)>, directives: Vec<(u8, bool)>, selections: Vec<Selection> },
    InlineFragment { on: Option<u8>, selections: Vec<Selection> },
    Spread(u8),
}

#[derive(Debug, Arbitrary)]
enum GqlValue {
    Int(i64),
    Float(f64),
    Str(String),
    Bool(bool),
    Null,
    Enum(u8),
    Variable(u8),
    List(Vec<GqlValue>),
    Object(Vec<(u8, GqlValue)>),
    /// One value nested `depth` times in lists or objects, cheaply.
    Deep { depth: u16, object: bool },
}

#[derive(Debug, Arbitrary)]
enum TypeRef {
    Named(u8),
    NonNull(Box<TypeRef>),
    List(Box<TypeRef>),
    DeepList(u16),
}

#[derive(Debug, Arbitrary)]
enum Json {
    Null,
    Num(i32),
    Str(String),
    List(Vec<Json>),
    Object(Vec<(u8, Json)>),
    Deep(u16),
}

fn name(n: u8) -> &'static str {
    NAMES[usize::from(n) % NAMES.len()]
}

impl Document {
    fn render(&self) -> String {
        let mut out = String::new();
        for d in &self.definitions {
            match d {
                Definition::Query { name: op, variables, selections } => {
                    out.push_str("query");
                    if let Some(op) = op {
                        let _ = write!(out, " Q{op}");
                    }
                    if !variables.is_empty() {
                        out.push('(');
                        for (v, ty) in variables {
                            let _ = write!(out, "$v{v}: ");
                            ty.render(&mut out);
                            out.push(' ');
                        }
                        out.push(')');
                    }
                    render_set(selections, &mut out);
                }
                Definition::Mutation { selections } => {
                    out.push_str("mutation");
                    render_set(selections, &mut out);
                }
                Definition::Fragment { name: f, on, selections } => {
                    let _ = write!(out, "fragment F{f} on {}", ["Query", "User", "Organization", "Benefit", "Node"][usize::from(*on) % 5]);
                    render_set(selections, &mut out);
                }
                Definition::Shorthand(selections) => render_set(selections, &mut out),
            }
            out.push('\n');
        }
        out
    }
}

fn render_set(selections: &[Selection], out: &mut String) {
    out.push_str(" {");
    for s in selections {
        out.push(' ');
        match s {
            Selection::Field { alias, name: n, arguments, directives, selections } => {
                if let Some(a) = alias {
                    let _ = write!(out, "a{a}: ");
                }
                out.push_str(name(*n));
                if !arguments.is_empty() {
                    out.push('(');
                    for (arg, value) in arguments {
                        let _ = write!(out, "{}: ", name(*arg));
                        value.render(out);
                        out.push(' ');
                    }
                    out.push(')');
                }
                for (d, on) in directives {
                    let _ = write!(out, " @{}(if: {on})", if d % 2 == 0 { "skip" } else { "include" });
                }
                if !selections.is_empty() {
                    render_set(selections, out);
                }
            }
            Selection::InlineFragment { on, selections } => {
                out.push_str("...");
                if let Some(on) = on {
                    let _ = write!(out, " on {}", ["Query", "User", "Organization", "Node"][usize::from(*on) % 4]);
                }
                render_set(selections, out);
            }
            Selection::Spread(f) => {
                let _ = write!(out, "...F{f}");
            }
        }
    }
    out.push_str(" }");
}

impl GqlValue {
    fn render(&self, out: &mut String) {
        match self {
            Self::Int(i) => {
                let _ = write!(out, "{i}");
            }
            Self::Float(f) if f.is_finite() => {
                let _ = write!(out, "{f:e}");
            }
            Self::Float(_) => out.push_str("1.5"),
            Self::Str(s) => out.push_str(&serde_json::to_string(s).unwrap_or_default()),
            Self::Bool(b) => {
                let _ = write!(out, "{b}");
            }
            Self::Null => out.push_str("null"),
            Self::Enum(e) => out.push_str(["ACTIVE", "MEMBER", "SOFTWARE", "WINDOWS_X64", "OPEN"][usize::from(*e) % 5]),
            Self::Variable(v) => {
                let _ = write!(out, "$v{v}");
            }
            Self::List(items) => {
                out.push('[');
                for item in items {
                    item.render(out);
                    out.push(' ');
                }
                out.push(']');
            }
            Self::Object(fields) => {
                out.push('{');
                for (k, v) in fields {
                    let _ = write!(out, "{}: ", name(*k));
                    v.render(out);
                    out.push(' ');
                }
                out.push('}');
            }
            Self::Deep { depth, object } => {
                let (open, close) = if *object { ("{a:", "}") } else { ("[", "]") };
                out.push_str(&open.repeat(usize::from(*depth)));
                out.push('1');
                out.push_str(&close.repeat(usize::from(*depth)));
            }
        }
    }
}

impl TypeRef {
    fn render(&self, out: &mut String) {
        match self {
            Self::Named(n) => out.push_str(["ID", "String", "Int", "Boolean", "SignInInput", "Role"][usize::from(*n) % 6]),
            Self::NonNull(inner) => {
                inner.render(out);
                out.push('!');
            }
            Self::List(inner) => {
                out.push('[');
                inner.render(out);
                out.push(']');
            }
            Self::DeepList(depth) => {
                let depth = usize::from(*depth);
                let _ = write!(out, "{}ID{}", "[".repeat(depth), "]".repeat(depth));
            }
        }
    }
}

impl Json {
    fn to_value(&self) -> Value {
        match self {
            Self::Null => Value::Null,
            Self::Num(n) => json!(n),
            Self::Str(s) => json!(s),
            Self::List(items) => Value::Array(items.iter().map(Json::to_value).collect()),
            Self::Object(fields) => Value::Object(fields.iter().map(|(k, v)| (format!("v{k}"), v.to_value())).collect()),
            // Deep JSON is sent as text below, so that serde_json's own
            // recursion limit is not what the server sees first.
            Self::Deep(_) => Value::Null,
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(document) = Document::arbitrary(&mut Unstructured::new(data)) else { return };
    let query = document.render();
    let variables = match &document.variables {
        Some(Json::Deep(depth)) => {
            let depth = usize::from(*depth);
            format!("{{\"v0\":{}1{}}}", "[".repeat(depth), "]".repeat(depth))
        }
        Some(json) => json!({ "v0": json.to_value() }).to_string(),
        None => "{}".to_owned(),
    };
    let body = format!("{{\"query\":{},\"variables\":{variables}}}", serde_json::to_string(&query).unwrap_or_default());
    let h = harness();
    let request = Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::AUTHORIZATION, format!("Bearer {}", h.token))
        .body(Body::from(body))
        .expect("a request");
    if h.debug {
        eprintln!("{query}\nvariables: {variables}");
    }
    let (status, _, bytes) = h.rt.block_on(send(&h.router, request));
    if h.debug {
        eprintln!("-> {status}\n{}", String::from_utf8_lossy(&bytes));
    }
    assert!(!status.is_server_error(), "{status} for {query}: {}", String::from_utf8_lossy(&bytes));
    assert!(serde_json::from_slice::<Value>(&bytes).is_ok(), "not JSON for {query}: {}", String::from_utf8_lossy(&bytes));
});
