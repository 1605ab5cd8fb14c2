//! GraphQL over HTTP: media types, status codes, and clear errors for
//! requests that never reach GraphQL (bad JSON, no query, batches, mutations
//! over GET).

use crate::api::codes;
use std::net::SocketAddr;

use async_graphql::Variables;
use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{ConnectInfo, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use super::ApiState;
use crate::i18n::Lang;

/// The response media types of the GraphQL-over-HTTP specification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum MediaType {
    /// `application/graphql-response+json`: request errors get 400.
    GraphqlResponse,
    /// `application/json`, for older clients: always 200 once the request is well-formed.
    Json,
}

impl MediaType {
    pub(super) fn content_type(self) -> &'static str {
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
pub(super) fn request_error(status: StatusCode, media: MediaType, message: impl Into<String>) -> Response {
    let body = json!({ "errors": [{ "message": message.into(), "extensions": { "code": codes::BAD_REQUEST } }] });
    (status, [(header::CONTENT_TYPE, media.content_type())], body.to_string()).into_response()
}

/// A refused request with a specific error code.
pub(super) fn coded_error(status: StatusCode, media: MediaType, message: &str, code: &str) -> Response {
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
pub(super) struct Meta {
    pub media: MediaType,
    pub lang: Lang,
    pub request_id: String,
    pub address: String,
    pub token: Option<String>,
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
    super::execute::execute(&state, meta, Method::POST, query, variables, operation_name).await
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
    super::execute::execute(&state, meta, Method::GET, query, variables, params.operation_name).await
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
    let body = json!({ "errors": [{ "message": "Something went wrong on our side.", "extensions": { "code": codes::INTERNAL } }] });
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
}
