//! The router over one SQLite database with the demo data, a signed-in
//! token, and a way to send it a request: shared by the GraphQL targets.

use std::sync::{Arc, OnceLock};

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use partnerdesk::api::{self, ApiConfig};
use partnerdesk::app::demo::DEMO_ACCOUNTS;
use partnerdesk::app::{App, Clock, PasswordHasher, Settings};
use partnerdesk::store::{self, DatabaseUrl};
use serde_json::{json, Value};
use tower::ServiceExt;

pub struct Harness {
    pub rt: tokio::runtime::Runtime,
    pub router: axum::Router,
    /// A valid bearer token of the demo global admin.
    pub token: String,
    pub debug: bool,
    _dir: tempfile::TempDir,
}

pub fn harness() -> &'static Harness {
    static HARNESS: OnceLock<Harness> = OnceLock::new();
    HARNESS.get_or_init(|| {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("fuzz.db").display());
        let (router, token) = rt.block_on(async {
            let db = store::connect(&DatabaseUrl::parse(&url).expect("database URL")).await.expect("sqlite store");
            let gateway = Arc::new(partnerdesk::payments::TestGateway::new(db.ledger));
            let clock = Clock::manual(chrono::DateTime::from_timestamp(1_488_358_800, 0).expect("a time"));
            let settings = Settings { token_ttl: chrono::TimeDelta::days(3650), ..Settings::default() };
            let app = Arc::new(App::builder(db.store, gateway).clock(clock).hasher(PasswordHasher::fast_insecure_for_tests()).settings(settings).build());
            app.load_demo().await.expect("demo data");
            // A budget no fuzzing run can spend, so that every input reaches execution.
            let config = ApiConfig { points_per_minute: 1_000_000_000, ..ApiConfig::default() };
            let router = api::router(app, &config);
            let admin = &DEMO_ACCOUNTS[0];
            let query = "mutation S($input: SignInInput!) { signIn(input: $input) { token } }";
            let body = json!({ "query": query, "variables": { "input": { "email": admin.email, "password": admin.password } } });
            let request = Request::post("/graphql")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_string()))
                .expect("sign-in request");
            let (status, _, bytes) = send(&router, request).await;
            let reply: Value = serde_json::from_slice(&bytes).expect("sign-in reply is JSON");
            let token =
                reply.pointer("/data/signIn/token").and_then(Value::as_str).unwrap_or_else(|| panic!("no token ({status}): {reply}"));
            (router, token.to_owned())
        });
        Harness { rt, router, token, debug: std::env::var_os("FUZZ_DEBUG").is_some(), _dir: dir }
    })
}

pub async fn send(router: &axum::Router, request: Request<Body>) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let response = router.clone().oneshot(request).await.expect("the router is infallible");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.expect("response body").to_bytes().to_vec();
    (status, headers, bytes)
}

