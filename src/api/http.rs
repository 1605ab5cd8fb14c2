//! GraphQL over HTTP: media types, status codes, and clear errors for
//! requests that never reach GraphQL (bad JSON, no query, batches, mutations
//! over GET).

use std::net::SocketAddr;

use async_graphql::parser::types::{DocumentOperations, ExecutableDocument, OperationType};
use async_graphql::{ServerError, Variables};
use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{ConnectInfo, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use super::context::RequestContext;
use super::ApiState;
use crate::i18n::Lang;

/// The response media types of the GraphQL-over-HTTP specification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MediaType {
    /// `application/graphql-response+json`: request errors get 400.
    GraphqlResponse,
    /// `application/json`, for older clients: always 200 once the request is well-formed.
    Json,
}

impl MediaType {
    fn content_type(self) -> &'static str {
        match self {
            Self::GraphqlResponse => "application/graphql-response+json; charset=utf-8",
            Self::Json => "application/json; charset=utf-8",
        }
    }

    /// Picks the response type from `Accept`, preferring the GraphQL type
    /// when it is named. A missing header, `*/*` or `application/*` gets
    /// `application/json`, which every client reads (the specification's
    /// SHOULD, checked by the graphql-http audit).
    fn negotiate(headers: &HeaderMap) -> Option<Self> {
        let Some(accept) = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()) else {
            return Some(Self::Json);
        };
        let mut best: Option<(f32, Self)> = None;
        for part in accept.split(',') {
            let mut pieces = part.split(';');
            let range = pieces.next().unwrap_or_default().trim().to_ascii_lowercase();
            let q = pieces.find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse::<f32>().ok())).unwrap_or(1.0);
            let media = match range.as_str() {
                "application/graphql-response+json" => Self::GraphqlResponse,
                "application/json" | "application/*" | "*/*" => Self::Json,
                _ => continue,
            };
            if q > 0.0 && best.is_none_or(|(bq, bm)| q > bq || (q == bq && media == Self::GraphqlResponse && bm == Self::Json)) {
                best = Some((q, media));
            }
        }
        best.map(|(_, m)| m)
    }
}

/// A response for a request that GraphQL never saw.
fn request_error(status: StatusCode, media: MediaType, message: impl Into<String>) -> Response {
    let body = json!({ "errors": [{ "message": message.into(), "extensions": { "code": "BAD_REQUEST" } }] });
    (status, [(header::CONTENT_TYPE, media.content_type())], body.to_string()).into_response()
}

/// A refused request with a specific error code.
fn coded_error(status: StatusCode, media: MediaType, message: &str, code: &str) -> Response {
    let body = json!({ "errors": [{ "message": message, "extensions": { "code": code } }] });
    (status, [(header::CONTENT_TYPE, media.content_type())], body.to_string()).into_response()
}

/// A request refused before GraphQL saw it (kept small; becomes a response late).
struct Rejection {
    status: StatusCode,
    media: MediaType,
    message: &'static str,
}

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        request_error(self.status, self.media, self.message)
    }
}

/// The parts of a request the handler needs besides the body.
struct Meta {
    media: MediaType,
    lang: Lang,
    request_id: String,
    address: String,
    token: Option<String>,
}

fn meta(headers: &HeaderMap, extensions: &axum::http::Extensions) -> Result<Meta, Rejection> {
    let media = MediaType::negotiate(headers).ok_or(Rejection {
        status: StatusCode::NOT_ACCEPTABLE,
        media: MediaType::Json,
        message: "Ask for application/graphql-response+json or application/json in the Accept header.",
    })?;
    let lang = Lang::negotiate(headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()));
    let request_id = headers.get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-").to_owned();
    let address = extensions.get::<ConnectInfo<SocketAddr>>().map_or_else(|| "unknown".to_owned(), |c| c.0.ip().to_string());
    let token = match headers.get(header::AUTHORIZATION).map(|v| v.to_str()) {
        None => None,
        Some(Ok(value)) => match value.split_once(' ') {
            Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() => Some(token.trim().to_owned()),
            _ => {
                let message = "Send the token as \"Authorization: Bearer <token>\".";
                return Err(Rejection { status: StatusCode::UNAUTHORIZED, media, message });
            }
        },
        Some(Err(_)) => {
            let message = "The Authorization header is not readable text.";
            return Err(Rejection { status: StatusCode::UNAUTHORIZED, media, message });
        }
    };
    Ok(Meta { media, lang, request_id, address, token })
}

/// `POST /graphql`: one JSON-encoded operation.
pub async fn post(State(state): State<ApiState>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let meta = match meta(&parts.headers, &parts.extensions) {
        Ok(m) => m,
        Err(rejection) => return rejection.into_response(),
    };
    let content_type = parts.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    if !essence.eq_ignore_ascii_case("application/json") {
        // Also what keeps HTML forms from posting here across sites.
        let message = "Send the request as JSON with \"Content-Type: application/json\".";
        return request_error(StatusCode::UNSUPPORTED_MEDIA_TYPE, meta.media, message);
    }
    let bytes = match axum::body::to_bytes(body, state.max_body_bytes).await {
        Ok(b) => b,
        Err(_) => {
            let message = format!("The request body is larger than {} bytes.", state.max_body_bytes);
            return request_error(StatusCode::PAYLOAD_TOO_LARGE, meta.media, message);
        }
    };
    let value: Value = match serde_json::from_slice(&bytes) {
        Ok(v) => v,
        Err(e) => return request_error(StatusCode::BAD_REQUEST, meta.media, format!("The body is not valid JSON: {e}.")),
    };
    let Value::Object(mut fields) = value else {
        let message = if value.is_array() {
            "Batched requests are not supported: send one operation per request."
        } else {
            "The body must be a JSON object with a \"query\" string."
        };
        return request_error(StatusCode::BAD_REQUEST, meta.media, message);
    };
    let query = match fields.remove("query") {
        Some(Value::String(q)) => q,
        Some(_) => return request_error(StatusCode::BAD_REQUEST, meta.media, "\"query\" must be a string."),
        None => return request_error(StatusCode::BAD_REQUEST, meta.media, "The request has no \"query\"."),
    };
    let variables = match fields.remove("variables") {
        None | Some(Value::Null) => Variables::default(),
        Some(v @ Value::Object(_)) => Variables::from_json(v),
        Some(_) => return request_error(StatusCode::BAD_REQUEST, meta.media, "\"variables\" must be a JSON object."),
    };
    let operation_name = match fields.remove("operationName") {
        None | Some(Value::Null) => None,
        Some(Value::String(name)) => Some(name),
        Some(_) => return request_error(StatusCode::BAD_REQUEST, meta.media, "\"operationName\" must be a string."),
    };
    execute(&state, meta, Method::POST, query, variables, operation_name).await
}

/// The query string of `GET /graphql`.
#[derive(serde::Deserialize)]
pub struct GetParams {
    query: Option<String>,
    variables: Option<String>,
    #[serde(rename = "operationName")]
    operation_name: Option<String>,
}

/// `GET /graphql`: GraphiQL for a browser, or a query (never a mutation).
pub async fn get(State(state): State<ApiState>, params: Result<Query<GetParams>, QueryRejection>, request: Request) -> Response {
    let Query(params) = match params {
        Ok(p) => p,
        Err(e) => {
            let media = MediaType::negotiate(request.headers()).unwrap_or(MediaType::Json);
            return request_error(StatusCode::BAD_REQUEST, media, format!("The query string is not usable: {}.", e.body_text()));
        }
    };
    let wants_html = request.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("text/html"));
    let Some(query) = params.query else {
        if wants_html {
            return super::graphiql::page().into_response();
        }
        return request_error(StatusCode::BAD_REQUEST, MediaType::Json, "The request has no \"query\" parameter.");
    };
    let meta = match meta(request.headers(), request.extensions()) {
        Ok(m) => m,
        Err(rejection) => return rejection.into_response(),
    };
    let variables = match params.variables.as_deref().map(serde_json::from_str::<Value>) {
        None => Variables::default(),
        Some(Ok(v @ Value::Object(_))) => Variables::from_json(v),
        Some(_) => return request_error(StatusCode::BAD_REQUEST, meta.media, "\"variables\" must be a JSON object."),
    };
    execute(&state, meta, Method::GET, query, variables, params.operation_name).await
}

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
async fn execute(
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
    // Bound the document before any recursive code sees it, and charge its
    // parsing: one point per hundred tokens.
    let scanned = match super::prescan::scan(&query, state.document) {
        Ok(scanned) => scanned,
        Err(refused) => return coded_error(StatusCode::BAD_REQUEST, meta.media, &refused.message(), "TOO_COMPLEX"),
    };
    let parse_points = u32::try_from(scanned.tokens / TOKENS_PER_POINT).unwrap_or(u32::MAX);
    let mut parse_spent = None;
    if parse_points > 0 {
        match state.budget.spend(&payer, parse_points) {
            Ok(spent) => parse_spent = Some(spent),
            Err(retry_after) => return rate_limited(meta.media, retry_after),
        }
    }
    let mut request = async_graphql::Request::new(query).variables(variables);
    if let Some(name) = &operation_name {
        request = request.operation_name(name);
    }
    let mut mutation = false;
    if let Ok(doc) = request.parsed_query() {
        mutation = is_mutation(doc, operation_name.as_deref());
        if method == Method::GET && mutation {
            let mut response = request_error(StatusCode::METHOD_NOT_ALLOWED, meta.media, "Mutations must be sent with POST.");
            response.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, POST"));
            return response;
        }
        if let Err(message) = super::limits::check_aliases(doc, state.max_aliases).and_then(|()| super::shape::check(doc, state.shape)) {
            return coded_error(StatusCode::BAD_REQUEST, meta.media, &message, "TOO_COMPLEX");
        }
    }
    let spent = super::limits::SpentSlot::default();
    let request = request
        .data(RequestContext::new(meta.lang, meta.request_id, meta.address, meta.token))
        .data(super::limits::Payer(payer))
        .data(spent.clone());
    let mut response = if mutation {
        // A mutation runs in a task of its own, so that a client hanging up
        // or the time budget running out can't cut a change off half-way
        // (at worst a retry with the same idempotency key finds it done).
        let schema = state.schema.clone();
        match tokio::spawn(async move { schema.execute(request).await }).await {
            Ok(response) => response,
            Err(e) => {
                tracing::error!(error = %e, "a mutation task failed");
                return panic_response(Box::new(()));
            }
        }
    } else {
        state.schema.execute(request).await
    };
    // What the request cost in all: its parsing and its query.
    let budget = match (spent.0.lock().ok().and_then(|s| *s), parse_spent) {
        (Some(query), Some(parse)) => Some(super::limits::Spent { cost: query.cost.saturating_add(parse.cost), ..query }),
        (query, parse) => query.or(parse),
    };
    if let Some(budget) = budget {
        response.extensions.insert("rateLimit".to_owned(), async_graphql::Value::from_json(json!(budget)).unwrap_or_default());
    }
    let retry_after = response.errors.iter().find(|e| code_of(e).is_some_and(|c| *c == async_graphql::Value::from("RATE_LIMITED")));
    if let (Some(error), async_graphql::Value::Null) = (retry_after, &response.data) {
        let seconds = error.extensions.as_ref().and_then(|e| e.get("retryAfter")).map(ToString::to_string).unwrap_or_else(|| "60".into());
        let body = serde_json::to_string(&response).unwrap_or_default();
        let mut http = (StatusCode::TOO_MANY_REQUESTS, [(header::CONTENT_TYPE, meta.media.content_type())], body).into_response();
        if let Ok(value) = HeaderValue::from_str(&seconds) {
            http.headers_mut().insert(header::RETRY_AFTER, value);
        }
        return http;
    }
    // Errors that GraphQL raised before running anything (syntax, validation,
    // variable types) carry no path and no code of ours.
    let request_failed = response.data == async_graphql::Value::Null
        && !response.errors.is_empty()
        && response.errors.iter().all(|e| e.path.is_empty() && code_of(e).is_none());
    for error in &mut response.errors {
        if code_of(error).is_none() {
            let too_complex = ["too complex", "nested too deep", "recursion depth", "directives"].iter().any(|m| error.message.contains(m));
            error.extensions.get_or_insert_with(Default::default).set("code", if too_complex { "TOO_COMPLEX" } else { "BAD_REQUEST" });
        }
    }
    for error in &response.errors {
        if let Some(async_graphql::Value::String(code)) = code_of(error) {
            state.app.metrics.graphql_errors.with_label_values(&[code.as_str()]).inc();
        }
    }
    let mut body = serde_json::to_value(&response).unwrap_or_else(|_| json!({ "errors": [{ "message": "unserializable response" }] }));
    if request_failed {
        // A request error has no "data" entry at all.
        if let Some(obj) = body.as_object_mut() {
            obj.remove("data");
        }
    }
    let status = if request_failed && meta.media == MediaType::GraphqlResponse { StatusCode::BAD_REQUEST } else { StatusCode::OK };
    (status, [(header::CONTENT_TYPE, meta.media.content_type())], body.to_string()).into_response()
}

/// Tokens of a document that cost one point of the client's budget to parse.
const TOKENS_PER_POINT: usize = 100;

/// 429 with `Retry-After`, for a request refused before GraphQL saw it.
fn rate_limited(media: MediaType, retry_after: u64) -> Response {
    let message = format!("Rate limit exceeded: try again in {retry_after} seconds.");
    let body = json!({ "errors": [{ "message": message, "extensions": { "code": "RATE_LIMITED", "retryAfter": retry_after } }] });
    let mut http = (StatusCode::TOO_MANY_REQUESTS, [(header::CONTENT_TYPE, media.content_type())], body.to_string()).into_response();
    http.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
    http
}

fn code_of(error: &ServerError) -> Option<&async_graphql::Value> {
    error.extensions.as_ref().and_then(|e| e.get("code"))
}

/// A method other than GET or POST on `/graphql`.
pub async fn method_not_allowed(method: Method) -> Response {
    let mut response = request_error(
        StatusCode::METHOD_NOT_ALLOWED,
        MediaType::Json,
        format!("{method} is not supported here; use POST (or GET for queries)."),
    );
    response.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, POST"));
    response
}

/// The body of a response to a panic: only the request id goes out.
pub fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response<Body> {
    tracing::error!("a request handler panicked");
    let body = json!({ "errors": [{ "message": "Something went wrong on our side.", "extensions": { "code": "INTERNAL" } }] });
    (StatusCode::INTERNAL_SERVER_ERROR, [(header::CONTENT_TYPE, MediaType::Json.content_type())], body.to_string()).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accept(value: &str) -> Option<MediaType> {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT, HeaderValue::from_str(value).unwrap());
        MediaType::negotiate(&headers)
    }

    #[test]
    fn negotiates_response_media_types() {
        assert_eq!(MediaType::negotiate(&HeaderMap::new()), Some(MediaType::Json));
        assert_eq!(accept("application/json"), Some(MediaType::Json));
        assert_eq!(accept("application/graphql-response+json, application/json;q=0.9"), Some(MediaType::GraphqlResponse));
        assert_eq!(accept("application/json, application/graphql-response+json;q=0.5"), Some(MediaType::Json));
        assert_eq!(accept("*/*"), Some(MediaType::Json));
        assert_eq!(accept("*/*, application/graphql-response+json"), Some(MediaType::GraphqlResponse));
        assert_eq!(accept("text/html"), None);
        assert_eq!(accept("application/json;q=0"), None);
    }

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
