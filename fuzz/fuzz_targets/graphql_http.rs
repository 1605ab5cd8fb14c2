//! The HTTP surface around GraphQL: any method, path, query string, headers
//! and body must get an answer below 500 (a 503 is a failure too), and any
//! answer that says it is JSON must be JSON.
//!
//! One runtime and one router over one SQLite database (with the demo data)
//! serve every input. See `Envelope` for how the bytes become a request.
//! Set FUZZ_DEBUG=1 to print each request and its response (useful with
//! `cargo fuzz run graphql_http <file>` on a single input).
#![no_main]

#[path = "harness.rs"]
mod harness;

use std::net::{IpAddr, SocketAddr};

use arbitrary::{Arbitrary, Unstructured};
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, HeaderName, HeaderValue, Request, Uri};
use harness::{harness, send};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

/// How a request is described by the fuzzer's bytes: the first byte is the
/// length of an envelope (method, path, headers...) derived with `arbitrary`;
/// the rest is the text of the request, used as `use_text` says. A file made
/// of a zero byte and a GraphQL document is therefore a POST of that document
/// as JSON, which keeps seed inputs readable. In the text, a NUL byte ends the
/// query; what follows is the variables (JSON when it parses, else a string).
#[derive(Debug, Arbitrary)]
struct Envelope {
    auth: Auth,
    method: Method,
    path: Path,
    use_text: UseText,
    content_type: ContentType,
    accept: Accept,
    accept_language: Option<Vec<u8>>,
    operation_name: Option<String>,
    peer: Option<IpAddr>,
    headers: Vec<(HeaderNameChoice, Vec<u8>)>,
}

#[derive(Debug, Arbitrary)]
enum Auth {
    None,
    /// The demo admin's valid token.
    Valid,
    Bearer(String),
    Raw(Vec<u8>),
}

#[derive(Debug, Arbitrary)]
enum Method {
    Post,
    Get,
    Head,
    Put,
    Delete,
    Options,
    Patch,
    Other(String),
}

#[derive(Debug, Arbitrary)]
enum Path {
    Graphql,
    GraphqlSlash,
    Healthz,
    Readyz,
    Metrics,
    Help,
    HelpPage(String),
    Other(String),
}

#[derive(Debug, Arbitrary)]
enum UseText {
    /// A JSON body `{"query", "variables", "operationName"}`.
    JsonBody,
    /// The same fields as GET parameters, properly encoded, and no body.
    QueryParams,
    /// The text is the body, as is.
    RawBody,
    /// The text is the query string, as is (dropped when it makes the URI invalid).
    RawQueryString,
    /// A JSON body whose `query` (or another field) has some other JSON type.
    OddJsonBody(String),
}

#[derive(Debug, Arbitrary)]
enum ContentType {
    Json,
    Absent,
    JsonUtf8,
    GraphqlResponse,
    Graphql,
    Form,
    Text,
    Raw(Vec<u8>),
}

#[derive(Debug, Arbitrary)]
enum Accept {
    Absent,
    Json,
    GraphqlResponse,
    Any,
    Html,
    Both,
    Raw(Vec<u8>),
}

#[derive(Debug, Arbitrary)]
enum HeaderNameChoice {
    RequestId,
    ContentLength,
    TransferEncoding,
    Cookie,
    Origin,
    Host,
    Raw(String),
}

fn encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn json_or_string(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_owned()))
}

/// Builds the request, or `None` when the input can't be an HTTP request at
/// all (an invalid method name). Header values that are not valid are left out.
fn request(envelope: &Envelope, text: &[u8], token: &str) -> Option<Request<Body>> {
    let method = match &envelope.method {
        Method::Post => axum::http::Method::POST,
        Method::Get => axum::http::Method::GET,
        Method::Head => axum::http::Method::HEAD,
        Method::Put => axum::http::Method::PUT,
        Method::Delete => axum::http::Method::DELETE,
        Method::Options => axum::http::Method::OPTIONS,
        Method::Patch => axum::http::Method::PATCH,
        Method::Other(name) => axum::http::Method::from_bytes(name.as_bytes()).ok()?,
    };
    let path = match &envelope.path {
        Path::Graphql => "/graphql".to_owned(),
        Path::GraphqlSlash => "/graphql/".to_owned(),
        Path::Healthz => "/healthz".to_owned(),
        Path::Readyz => "/readyz".to_owned(),
        Path::Metrics => "/metrics".to_owned(),
        Path::Help => "/help".to_owned(),
        Path::HelpPage(page) => format!("/help/{page}"),
        Path::Other(path) => format!("/{path}"),
    };
    let (query, variables) = match text.iter().position(|&b| b == 0) {
        Some(i) => (String::from_utf8_lossy(&text[..i]), Some(String::from_utf8_lossy(&text[i + 1..]))),
        None => (String::from_utf8_lossy(text), None),
    };
    let graphql_fields = |query: Value| {
        let mut object = serde_json::Map::new();
        object.insert("query".into(), query);
        if let Some(variables) = &variables {
            object.insert("variables".into(), json_or_string(variables));
        }
        if let Some(name) = &envelope.operation_name {
            object.insert("operationName".into(), Value::String(name.clone()));
        }
        object
    };
    let (query_string, body) = match &envelope.use_text {
        UseText::JsonBody => (String::new(), Body::from(Value::Object(graphql_fields(Value::String(query.to_string()))).to_string())),
        UseText::QueryParams => {
            let mut pairs = vec![format!("query={}", encode(&query))];
            if let Some(variables) = &variables {
                pairs.push(format!("variables={}", encode(variables)));
            }
            if let Some(name) = &envelope.operation_name {
                pairs.push(format!("operationName={}", encode(name)));
            }
            (format!("?{}", pairs.join("&")), Body::empty())
        }
        UseText::RawBody => (String::new(), Body::from(text.to_vec())),
        UseText::RawQueryString => (format!("?{}", String::from_utf8_lossy(text)), Body::empty()),
        UseText::OddJsonBody(field) => {
            let mut object = graphql_fields(json_or_string(&query));
            let value = object.remove("variables").unwrap_or(Value::Null);
            object.insert(field.clone(), value);
            (String::new(), Body::from(Value::Object(object).to_string()))
        }
    };
    let uri = format!("{path}{query_string}")
        .parse::<Uri>()
        .or_else(|_| path.parse::<Uri>())
        .or_else(|_| format!("/graphql{query_string}").parse::<Uri>())
        .unwrap_or_else(|_| Uri::from_static("/graphql"));
    let mut builder = Request::builder().method(method).uri(uri);
    let headers = builder.headers_mut()?;
    let mut set = |name: HeaderName, value: &[u8]| {
        if let Ok(value) = HeaderValue::from_bytes(value) {
            headers.append(name, value);
        }
    };
    let content_type: Option<&[u8]> = match &envelope.content_type {
        ContentType::Json => Some(b"application/json"),
        ContentType::Absent => None,
        ContentType::JsonUtf8 => Some(b"application/json; charset=utf-8"),
        ContentType::GraphqlResponse => Some(b"application/graphql-response+json"),
        ContentType::Graphql => Some(b"application/graphql"),
        ContentType::Form => Some(b"application/x-www-form-urlencoded"),
        ContentType::Text => Some(b"text/plain"),
        ContentType::Raw(raw) => Some(raw),
    };
    if let Some(value) = content_type {
        set(header::CONTENT_TYPE, value);
    }
    let accept: Option<&[u8]> = match &envelope.accept {
        Accept::Absent => None,
        Accept::Json => Some(b"application/json"),
        Accept::GraphqlResponse => Some(b"application/graphql-response+json"),
        Accept::Any => Some(b"*/*"),
        Accept::Html => Some(b"text/html"),
        Accept::Both => Some(b"application/graphql-response+json, application/json;q=0.9"),
        Accept::Raw(raw) => Some(raw),
    };
    if let Some(value) = accept {
        set(header::ACCEPT, value);
    }
    if let Some(lang) = &envelope.accept_language {
        set(header::ACCEPT_LANGUAGE, lang);
    }
    match &envelope.auth {
        Auth::None => {}
        Auth::Valid => set(header::AUTHORIZATION, format!("Bearer {token}").as_bytes()),
        Auth::Bearer(t) => set(header::AUTHORIZATION, format!("Bearer {t}").as_bytes()),
        Auth::Raw(raw) => set(header::AUTHORIZATION, raw),
    }
    for (name, value) in envelope.headers.iter().take(8) {
        let name = match name {
            HeaderNameChoice::RequestId => HeaderName::from_static("x-request-id"),
            HeaderNameChoice::ContentLength => header::CONTENT_LENGTH,
            HeaderNameChoice::TransferEncoding => header::TRANSFER_ENCODING,
            HeaderNameChoice::Cookie => header::COOKIE,
            HeaderNameChoice::Origin => header::ORIGIN,
            HeaderNameChoice::Host => header::HOST,
            HeaderNameChoice::Raw(raw) => match HeaderName::from_bytes(raw.as_bytes()) {
                Ok(name) => name,
                Err(_) => continue,
            },
        };
        set(name, value);
    }
    let mut request = builder.body(body).ok()?;
    if let Some(ip) = envelope.peer {
        request.extensions_mut().insert(ConnectInfo(SocketAddr::new(ip, 40000)));
    }
    Some(request)
}

fuzz_target!(|data: &[u8]| {
    let Some((&n, rest)) = data.split_first() else { return };
    let (envelope, text) = rest.split_at(usize::from(n).min(rest.len()));
    let Ok(envelope) = Envelope::arbitrary(&mut Unstructured::new(envelope)) else { return };
    let h = harness();
    let Some(request) = request(&envelope, text, &h.token) else { return };
    let (method, uri) = (request.method().clone(), request.uri().clone());
    if h.debug {
        eprintln!("{method} {uri}\n{:?}\n{envelope:?}\ntext: {:?}", request.headers(), String::from_utf8_lossy(text));
    }
    let (status, headers, bytes) = h.rt.block_on(send(&h.router, request));
    if h.debug {
        eprintln!("-> {status} {:?}\n{}", headers.get(header::CONTENT_TYPE), String::from_utf8_lossy(&bytes));
    }
    assert!(
        !status.is_server_error(),
        "{method} {uri} answered {status}: {}\nenvelope: {envelope:?}\ntext: {:?}",
        String::from_utf8_lossy(&bytes),
        String::from_utf8_lossy(text)
    );
    let content_type = headers.get(header::CONTENT_TYPE).map(|v| String::from_utf8_lossy(v.as_bytes()).to_ascii_lowercase());
    // A HEAD answer carries the headers of a GET but no body.
    if method != axum::http::Method::HEAD && content_type.as_deref().is_some_and(|t| t.contains("json")) {
        let parsed: Result<Value, _> = serde_json::from_slice(&bytes);
        assert!(
            parsed.is_ok(),
            "{method} {uri} answered {status} with {content_type:?} but the body is not JSON: {}\nenvelope: {envelope:?}\ntext: {:?}",
            String::from_utf8_lossy(&bytes),
            String::from_utf8_lossy(text)
        );
    }
});
