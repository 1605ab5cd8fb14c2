//! Builds queries from the schema itself: from every root field, every field
//! path to a bounded depth, never visiting a type twice on one path.

use std::collections::HashMap;

use serde_json::Value;

/// The parts of an introspected schema the walk needs.
pub struct SchemaModel {
    types: HashMap<String, Value>,
    query_root: String,
}

/// A named type reference, with its wrappers peeled off.
pub struct TypeRef {
    pub name: String,
    pub kind: String,
    pub non_null: bool,
}

/// The innermost named type of a `type { kind name ofType … }` value.
pub fn named(ty: &Value) -> TypeRef {
    let mut t = ty;
    let non_null = t["kind"] == "NON_NULL";
    while t["name"].is_null() {
        t = &t["ofType"];
    }
    TypeRef { name: t["name"].as_str().unwrap_or_default().to_owned(), kind: t["kind"].as_str().unwrap_or_default().to_owned(), non_null }
}

/// A value for a required argument, or `None` when the walk cannot make one.
type ArgValue<'a> = &'a dyn Fn(&str, &TypeRef) -> Option<String>;

impl SchemaModel {
    pub fn new(introspection: &Value) -> Self {
        let schema = &introspection["__schema"];
        let types = schema["types"]
            .as_array()
            .expect("types")
            .iter()
            .map(|t| (t["name"].as_str().unwrap_or_default().to_owned(), t.clone()))
            .collect();
        let query_root = schema["queryType"]["name"].as_str().expect("query root").to_owned();
        Self { types, query_root }
    }

    pub fn root_fields(&self) -> Vec<Value> {
        self.fields(&self.query_root)
    }

    pub fn fields(&self, type_name: &str) -> Vec<Value> {
        self.types.get(type_name).and_then(|t| t["fields"].as_array().cloned()).unwrap_or_default()
    }

    /// The object types behind an interface or union (or the type itself).
    pub fn concrete(&self, type_name: &str) -> Vec<String> {
        match self.types.get(type_name).and_then(|t| t["possibleTypes"].as_array()) {
            Some(possible) => possible.iter().filter_map(|p| p["name"].as_str().map(str::to_owned)).collect(),
            None => vec![type_name.to_owned()],
        }
    }

    /// Object types with an `id` field of type `ID!` that implement `Node`.
    pub fn node_types(&self) -> Vec<String> {
        self.concrete("Node")
    }

    /// The arguments of `field` as GraphQL text: required ones from `value`,
    /// and `first: 5` on connections. `None` when a required one has no value.
    fn arguments(&self, field: &Value, value: ArgValue<'_>) -> Option<String> {
        let mut parts = Vec::new();
        for arg in field["args"].as_array().into_iter().flatten() {
            let name = arg["name"].as_str().unwrap_or_default();
            let ty = named(&arg["type"]);
            if name == "first" {
                parts.push("first: 5".to_owned());
            } else if ty.non_null && arg["defaultValue"].is_null() {
                parts.push(format!("{name}: {}", value(name, &ty)?));
            }
        }
        Some(if parts.is_empty() { String::new() } else { format!("({})", parts.join(", ")) })
    }

    /// The selection for an object of `type_name`: every scalar field, and
    /// every object field expanded while `depth` lasts and its type is not
    /// already on `path`.
    pub fn selection(&self, type_name: &str, depth: usize, path: &mut Vec<String>, value: ArgValue<'_>) -> String {
        let mut out = String::from("__typename");
        let concrete = self.concrete(type_name);
        if concrete.len() > 1 || concrete[0] != type_name {
            for c in concrete {
                out.push_str(&format!(" ... on {c} {{ {} }}", self.selection(&c, depth, path, value)));
            }
            return out;
        }
        path.push(type_name.to_owned());
        for field in self.fields(type_name) {
            let name = field["name"].as_str().unwrap_or_default();
            let ty = named(&field["type"]);
            let Some(args) = self.arguments(&field, value) else { continue };
            match ty.kind.as_str() {
                "SCALAR" | "ENUM" => out.push_str(&format!(" {name}{args}")),
                _ if depth == 0 => {}
                _ if ty.name.ends_with("Connection") => {
                    let node = self.fields(&ty.name).into_iter().find(|f| f["name"] == "nodes").map(|f| named(&f["type"]).name);
                    if let Some(node) = node.filter(|n| !path.contains(n)) {
                        out.push_str(&format!(
                            " {name}{args} {{ totalCount nodes {{ {} }} }}",
                            self.selection(&node, depth - 1, path, value)
                        ));
                    }
                }
                _ if path.contains(&ty.name) => {}
                _ => out.push_str(&format!(" {name}{args} {{ {} }}", self.selection(&ty.name, depth - 1, path, value))),
            }
        }
        path.pop();
        out
    }

    /// One query per root field (and per ID for `node`): the documents the walk sends.
    pub fn root_queries(&self, depth: usize, value: ArgValue<'_>) -> Vec<String> {
        let mut queries = Vec::new();
        for field in self.root_fields() {
            let name = field["name"].as_str().unwrap_or_default();
            if name == "node" || name == "nodes" {
                continue; // walked from every ID seen, by the caller
            }
            let ty = named(&field["type"]);
            let Some(args) = self.arguments(&field, value) else { continue };
            let body = match ty.kind.as_str() {
                "SCALAR" | "ENUM" => String::new(),
                _ if ty.name.ends_with("Connection") => {
                    let node = self.fields(&ty.name).into_iter().find(|f| f["name"] == "nodes").map(|f| named(&f["type"]).name);
                    let node = node.expect("a connection has nodes");
                    format!(" {{ totalCount nodes {{ {} }} }}", self.selection(&node, depth, &mut vec![], value))
                }
                _ => format!(" {{ {} }}", self.selection(&ty.name, depth, &mut vec![], value)),
            };
            queries.push(format!("{{ {name}{args}{body} }}"));
        }
        queries
    }

    /// A query that reads `id` through `node` with every field of its type.
    pub fn node_query(&self, id: &str, depth: usize, value: ArgValue<'_>) -> String {
        format!("{{ node(id: \"{id}\") {{ {} }} }}", self.selection("Node", depth, &mut vec![], value))
    }
}

/// An object found in a response: its type, ID and the fields that came back non-null.
#[derive(Debug, Clone)]
pub struct Found {
    pub type_name: String,
    pub id: Option<String>,
    pub path: String,
    pub fields: Vec<String>,
}

/// Every object in a response's `data`.
pub fn objects(value: &Value, path: &str, out: &mut Vec<Found>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(type_name)) = map.get("__typename") {
                let fields = map.iter().filter(|(k, v)| !v.is_null() && k.as_str() != "__typename").map(|(k, _)| k.clone()).collect();
                let id = map.get("id").and_then(Value::as_str).map(str::to_owned);
                out.push(Found { type_name: type_name.clone(), id, path: path.to_owned(), fields });
            }
            for (k, v) in map {
                objects(v, &format!("{path}/{k}"), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                objects(v, &format!("{path}/{i}"), out);
            }
        }
        _ => {}
    }
}
