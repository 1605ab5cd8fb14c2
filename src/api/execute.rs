//! One GraphQL operation over HTTP, step by step: admit the document (its
//! bounds, and its parsing charged), check what it is (no mutation over GET,
//! aliases, shape), run it (a mutation in a task of its own), and turn the
//! result into the HTTP answer the GraphQL-over-HTTP specification asks for.

use crate::api::codes;
use async_graphql::parser::types::{DocumentOperations, ExecutableDocument, OperationType};
use async_graphql::{ServerError, Variables};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::context::RequestContext;
use super::http::{coded_error, panic_response, request_error, MediaType, Meta};
use super::limits::{Payer, Spent, SpentSlot};
use super::ApiState;

/// Whether the operation that would run is a mutation.
fn is_mutation(doc: &ExecutableDocument, operation_name: Option<&str>) -> bool {
    let ty = match (&doc.operations, operation_name) {
        (DocumentOperations::Single(op), _) => Some(op.node.ty),
        (DocumentOperations::Multiple(ops), Some(name)) => ops.iter().find(|(n, _)| n.as_str() == name).map(|(_, op)| op.node.ty),
        (DocumentOperations::Multiple(ops), None) => (ops.len() == 1).then(|| ops.values().next().map(|op| op.node.ty)).flatten(),
    };
    ty == Some(OperationType::Mutation)
}

/// Runs one operation. The query is parsed once, here: the checks below and
/// async-graphql share the document. An unparsable query is left for
/// async-graphql to report as a request error.
pub(super) async fn execute(
    state: &ApiState,
    meta: Meta,
    method: Method,
    query: String,
    variables: Variables,
    operation_name: Option<String>,
) -> Response {
    let payer = match &meta.token {
        Some(token) => format!("token:{}", crate::app::secrets::hash_token(token)),
        None => format!("address:{}", meta.address),
    };
    let parse_spent = match admit(state, &meta, &payer, &query) {
        Ok(spent) => spent,
        Err(refused) => return *refused,
    };
    let mut request = async_graphql::Request::new(query).variables(variables);
    if let Some(name) = &operation_name {
        request = request.operation_name(name);
    }
    let mutation = match check_document(state, &meta, &method, &mut request, operation_name.as_deref()) {
        Ok(mutation) => mutation,
        Err(refused) => return *refused,
    };
    let media = meta.media;
    let spent = SpentSlot::default();
    let request =
        request.data(RequestContext::new(meta.lang, meta.request_id, meta.address, meta.token)).data(Payer(payer)).data(spent.clone());
    let Some(mut response) = run(state, request, mutation).await else { return panic_response(Box::new(())) };
    // What the request cost in all: its parsing and its query.
    let budget = match (spent.0.lock().ok().and_then(|s| *s), parse_spent) {
        (Some(query), Some(parse)) => Some(Spent { cost: query.cost.saturating_add(parse.cost), ..query }),
        (query, parse) => query.or(parse),
    };
    if let Some(budget) = budget {
        response.extensions.insert("rateLimit".to_owned(), async_graphql::Value::from_json(json!(budget)).unwrap_or_default());
    }
    respond(state, media, response)
}

/// Bounds the document before any recursive code sees it, and charges its
/// parsing to the payer: one point per hundred tokens.
fn admit(state: &ApiState, meta: &Meta, payer: &str, query: &str) -> Result<Option<Spent>, Box<Response>> {
    let scanned = super::prescan::scan(query, state.document)
        .map_err(|refused| Box::new(coded_error(StatusCode::BAD_REQUEST, meta.media, &refused.message(), codes::TOO_COMPLEX)))?;
    let points = u32::try_from(scanned.tokens / TOKENS_PER_POINT).unwrap_or(u32::MAX);
    if points == 0 {
        return Ok(None);
    }
    state.budget.spend(payer, points).map(Some).map_err(|retry_after| Box::new(rate_limited(meta.media, retry_after)))
}

/// Refuses a mutation over GET and documents over the alias or shape
/// limits; says whether the operation is a mutation.
fn check_document(
    state: &ApiState,
    meta: &Meta,
    method: &Method,
    request: &mut async_graphql::Request,
    operation_name: Option<&str>,
) -> Result<bool, Box<Response>> {
    let Ok(doc) = request.parsed_query() else { return Ok(false) };
    let mutation = is_mutation(doc, operation_name);
    if method == Method::GET && mutation {
        let mut response = request_error(StatusCode::METHOD_NOT_ALLOWED, meta.media, "Mutations must be sent with POST.");
        response.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, POST"));
        return Err(Box::new(response));
    }
    super::limits::check_aliases(doc, state.max_aliases)
        .and_then(|()| super::limits::check_directives(doc, state.max_directives))
        .and_then(|()| super::shape::check(doc, state.shape))
        .map_err(|message| Box::new(coded_error(StatusCode::BAD_REQUEST, meta.media, &message, codes::TOO_COMPLEX)))?;
    Ok(mutation)
}

/// Executes the request; a mutation runs in a task of its own, so that a
/// client hanging up or the time budget running out can't cut a change off
/// half-way (at worst a retry with the same idempotency key finds it done).
/// `None` when that task failed.
async fn run(state: &ApiState, request: async_graphql::Request, mutation: bool) -> Option<async_graphql::Response> {
    if !mutation {
        return Some(state.schema.execute(request).await);
    }
    let schema = state.schema.clone();
    match tokio::spawn(async move { schema.execute(request).await }).await {
        Ok(response) => Some(response),
        Err(e) => {
            tracing::error!(error = %e, "a mutation task failed");
            None
        }
    }
}

/// The HTTP answer: 429 with `Retry-After` when the budget refused it, 400
/// without `data` for a request error when the client asked for the GraphQL
/// response type, 200 otherwise; every error with a code, counted.
fn respond(state: &ApiState, media: MediaType, mut response: async_graphql::Response) -> Response {
    let retry_after = response.errors.iter().find(|e| code_of(e).is_some_and(|c| *c == async_graphql::Value::from(codes::RATE_LIMITED)));
    if let (Some(error), async_graphql::Value::Null) = (retry_after, &response.data) {
        let seconds = error.extensions.as_ref().and_then(|e| e.get("retryAfter")).map(ToString::to_string).unwrap_or_else(|| "60".into());
        let body = serde_json::to_string(&response).unwrap_or_default();
        let mut http = (StatusCode::TOO_MANY_REQUESTS, [(header::CONTENT_TYPE, media.content_type())], body).into_response();
        if let Ok(value) = HeaderValue::from_str(&seconds) {
            http.headers_mut().insert(header::RETRY_AFTER, value);
        }
        return http;
    }
    // Errors raised before anything ran (syntax, validation, variable types,
    // the cost limit) carry no path; a resolver's error always has one.
    let request_failed =
        response.data == async_graphql::Value::Null && !response.errors.is_empty() && response.errors.iter().all(|e| e.path.is_empty());
    for error in &mut response.errors {
        // Every limit sets its own code: what has none is a request
        // async-graphql refused (syntax, validation, variables).
        if code_of(error).is_none() {
            error.extensions.get_or_insert_with(Default::default).set("code", codes::BAD_REQUEST);
        }
        if let Some(async_graphql::Value::String(code)) = code_of(error) {
            state.app.metrics.graphql_errors.with_label_values(&[code.as_str()]).inc();
        }
    }
    // Serialized as it is, so that fields keep the order the query asked for
    // them in (a `serde_json::Value` would sort them); a request error has
    // no "data" entry at all.
    let body =
        ResponseBody { errors: &response.errors, data: (!request_failed).then_some(&response.data), extensions: &response.extensions };
    let body = serde_json::to_string(&body).unwrap_or_else(|_| json!({ "errors": [{ "message": "unserializable response" }] }).to_string());
    let status = if request_failed && media == MediaType::GraphqlResponse { StatusCode::BAD_REQUEST } else { StatusCode::OK };
    (status, [(header::CONTENT_TYPE, media.content_type())], body).into_response()
}

/// A GraphQL response body: `errors` first when there are any (as the
/// specification suggests), then `data` unless the request failed, then
/// `extensions`.
#[derive(serde::Serialize)]
struct ResponseBody<'a> {
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    errors: &'a [ServerError],
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<&'a async_graphql::Value>,
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    extensions: &'a std::collections::BTreeMap<String, async_graphql::Value>,
}

/// Tokens of a document that cost one point of the client's budget to parse.
const TOKENS_PER_POINT: usize = 100;

/// 429 with `Retry-After`, for a request refused before GraphQL saw it.
fn rate_limited(media: MediaType, retry_after: u64) -> Response {
    let message = format!("Rate limit exceeded: try again in {retry_after} seconds.");
    let body = json!({ "errors": [{ "message": message, "extensions": { "code": codes::RATE_LIMITED, "retryAfter": retry_after } }] });
    let mut http = (StatusCode::TOO_MANY_REQUESTS, [(header::CONTENT_TYPE, media.content_type())], body.to_string()).into_response();
    http.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
    http
}

fn code_of(error: &ServerError) -> Option<&async_graphql::Value> {
    error.extensions.as_ref().and_then(|e| e.get("code"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mutation(query: &str, operation_name: Option<&str>) -> bool {
        is_mutation(&async_graphql::parser::parse_query(query).expect("a valid query"), operation_name)
    }

    #[test]
    fn finds_mutations_among_operations() {
        assert!(mutation("mutation { signOut(input: {}) { ok } }", None));
        assert!(!mutation("{ viewer { id } }", None));
        assert!(mutation("query A { viewer { id } } mutation B { x }", Some("B")));
        assert!(!mutation("query A { viewer { id } } mutation B { x }", Some("A")));
        assert!(!mutation("query A { viewer { id } } mutation B { x }", None));
    }
}
