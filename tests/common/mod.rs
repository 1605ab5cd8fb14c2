//! Test harness: fresh databases on both backends, an app with a movable
//! clock, and a GraphQL client that goes through the real router.
#![allow(dead_code)]

pub mod billing;
pub mod client;
mod db;
pub mod faults;
pub mod fence;
pub mod process;

pub use db::*;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request, StatusCode};
use chrono::{DateTime, Utc};
use http_body_util::BodyExt;
use partnerdesk::api::{self, ApiConfig};
use partnerdesk::app::{App, Clock, PasswordHasher, Settings};
use partnerdesk::store::{self, DatabaseUrl};
use serde_json::{json, Value};
use tower::ServiceExt;

/// Runs each named `async fn(TestDb)` once on SQLite and once on PostgreSQL.
#[macro_export]
macro_rules! on_both_backends {
    ($($case:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    super::$case($crate::common::sqlite().await).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    if let Some(db) = $crate::common::postgres(concat!(module_path!(), "::", stringify!($case))).await {
                        super::$case(db).await;
                    }
                }
            )*
        }
    };
}

pub fn at(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339).expect("RFC 3339").with_timezone(&Utc)
}

/// The moment every test starts at.
pub const START: &str = "2017-03-01T09:00:00Z";

/// The real router over a test database, with a manual clock.
pub struct TestApp {
    pub app: Arc<App>,
    pub router: axum::Router,
    pub clock: Clock,
    pub db: TestDb,
}

/// A GraphQL response.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub body: Value,
    pub request_id: Option<String>,
}

impl Reply {
    /// The value at a JSON pointer such as `/data/viewer/email`.
    pub fn at(&self, pointer: &str) -> &Value {
        self.body.pointer(pointer).unwrap_or(&Value::Null)
    }

    pub fn str(&self, pointer: &str) -> String {
        self.at(pointer).as_str().unwrap_or_else(|| panic!("no string at {pointer} in {}", self.body)).to_owned()
    }

    /// The first top-level error's `extensions.code`.
    pub fn error_code(&self) -> Option<&str> {
        self.at("/errors/0/extensions/code").as_str()
    }

    /// The codes of the userErrors of mutation `name`.
    pub fn user_error_codes(&self, name: &str) -> Vec<String> {
        self.at(&format!("/data/{name}/userErrors"))
            .as_array()
            .map(|a| a.iter().filter_map(|e| e["code"].as_str().map(str::to_owned)).collect())
            .unwrap_or_default()
    }

    pub fn assert_ok(&self) -> &Self {
        assert_eq!(self.status, StatusCode::OK, "{}", self.body);
        assert!(self.body.get("errors").is_none(), "unexpected errors: {}", self.body);
        self
    }
}

impl TestApp {
    pub async fn new(db: TestDb) -> Self {
        Self::with_settings(db, Settings::default()).await
    }

    /// An app whose tokens outlive the clock moves of long scenarios.
    pub async fn long_lived(db: TestDb) -> Self {
        Self::with_settings(db, Settings { token_ttl: chrono::TimeDelta::days(3650), ..Settings::default() }).await
    }

    pub async fn with_settings(db: TestDb, settings: Settings) -> Self {
        Self::with_api(db, settings, &ApiConfig::default()).await
    }

    pub async fn with_api(db: TestDb, settings: Settings, api: &ApiConfig) -> Self {
        let clock = Clock::manual(at(START));
        let hasher = PasswordHasher::fast_insecure_for_tests();
        let app = Arc::new(db.app().clock(clock.clone()).hasher(hasher).settings(settings).build());
        let router = api::router(app.clone(), api);
        Self { app, router, clock, db }
    }

    /// Sends a raw HTTP request through the router.
    pub async fn send(&self, request: Request<Body>) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
        let mut request = request;
        request.extensions_mut().insert(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 40000))));
        let response = self.router.clone().oneshot(request).await.expect("router is infallible");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.expect("body").to_bytes().to_vec();
        (status, headers, bytes)
    }

    /// POSTs a GraphQL operation with optional token and language.
    pub async fn gql_with(&self, query: &str, variables: Value, token: Option<&str>, lang: Option<&str>) -> Reply {
        // As current clients do: the GraphQL response type, named.
        let mut builder = Request::post("/graphql")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ACCEPT, "application/graphql-response+json");
        if let Some(t) = token {
            builder = builder.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        if let Some(l) = lang {
            builder = builder.header(header::ACCEPT_LANGUAGE, l);
        }
        let body = json!({ "query": query, "variables": variables }).to_string();
        let (status, headers, bytes) = self.send(builder.body(Body::from(body)).unwrap()).await;
        let body = serde_json::from_slice(&bytes).unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(&bytes)));
        let request_id = headers.get("x-request-id").and_then(|v| v.to_str().ok()).map(str::to_owned);
        Reply { status, body, request_id }
    }

    pub async fn gql(&self, query: &str, variables: Value, token: Option<&str>) -> Reply {
        self.gql_with(query, variables, token, None).await
    }

    /// Joins the network as a new organization and signs its admin in.
    pub async fn join(&self, legal_name: &str, email: &str) -> Session {
        let reply = self
            .gql(
                "mutation J($input: JoinNetworkInput!) { joinNetwork(input: $input) { organization { id } user { id } userErrors { code } } }",
                json!({ "input": { "legalName": legal_name, "country": "FR", "adminEmail": email, "adminDisplayName": "Admin", "adminPassword": PASSWORD } }),
                None,
            )
            .await;
        reply.assert_ok();
        assert_eq!(reply.at("/data/joinNetwork/userErrors"), &json!([]), "{}", reply.body);
        let organization_id = reply.str("/data/joinNetwork/organization/id");
        let user_id = reply.str("/data/joinNetwork/user/id");
        let token = self.sign_in(email, PASSWORD).await;
        Session { token, user_id, organization_id }
    }

    /// Signs in and returns the token (panics on failure).
    pub async fn sign_in(&self, email: &str, password: &str) -> String {
        let reply = self
            .gql(
                "mutation S($input: SignInInput!) { signIn(input: $input) { token userErrors { code } } }",
                json!({ "input": { "email": email, "password": password } }),
                None,
            )
            .await;
        reply.assert_ok();
        reply.str("/data/signIn/token")
    }

    /// Creates a user with `roles` as `admin`, changes their temporary
    /// password to `PASSWORD`, and signs them in.
    pub async fn add_user(&self, admin: &Session, email: &str, roles: &[&str]) -> Session {
        let reply = self
            .gql(
                "mutation C($input: CreateUserInput!) { createUser(input: $input) { user { id } temporaryPassword userErrors { code } } }",
                json!({ "input": { "email": email, "displayName": "Someone", "roles": roles } }),
                Some(&admin.token),
            )
            .await;
        reply.assert_ok();
        let temporary = reply.str("/data/createUser/temporaryPassword");
        let user_id = reply.str("/data/createUser/user/id");
        let token = self.sign_in(email, &temporary).await;
        let changed = self
            .gql(
                "mutation P($input: ChangePasswordInput!) { changePassword(input: $input) { userErrors { code } } }",
                json!({ "input": { "currentPassword": temporary, "newPassword": PASSWORD } }),
                Some(&token),
            )
            .await;
        assert_eq!(changed.at("/data/changePassword/userErrors"), &json!([]), "{}", changed.body);
        Session { token, user_id, organization_id: admin.organization_id.clone() }
    }
}

/// The password every test user ends up with.
pub const PASSWORD: &str = "plenty-long-passphrase";

/// A signed-in user.
#[derive(Debug, Clone)]
pub struct Session {
    pub token: String,
    pub user_id: String,
    pub organization_id: String,
}

/// The Action Pack offer's global ID and terms version, from the public catalog.
pub async fn action_pack(t: &TestApp) -> (String, String) {
    let r = t.gql("{ program { offers { id code terms { version } } } }", json!({}), None).await;
    r.assert_ok();
    let offers = r.at("/data/program/offers").as_array().expect("offers").clone();
    let ap = offers.iter().find(|o| o["code"] == "ACTION_PACK").expect("Action Pack on sale");
    (ap["id"].as_str().unwrap().to_owned(), ap["terms"]["version"].as_str().unwrap().to_owned())
}

impl TestApp {
    /// Creates program staff with `role` and signs them in with `PASSWORD`.
    pub async fn staff(&self, email: &str, role: partnerdesk::domain::Role) -> Session {
        let created = self.app.add_staff(email, "Staff", role).await.expect("staff created");
        let token = self.sign_in(email, &created.temporary_password).await;
        let changed = self
            .gql(
                "mutation P($input: ChangePasswordInput!) { changePassword(input: $input) { userErrors { code } } }",
                json!({ "input": { "currentPassword": created.temporary_password, "newPassword": PASSWORD } }),
                Some(&token),
            )
            .await;
        assert_eq!(changed.at("/data/changePassword/userErrors"), &json!([]));
        let user_id = partnerdesk::domain::GlobalId::new(partnerdesk::domain::NodeKind::User, created.user.id).encode();
        Session { token, user_id, organization_id: String::new() }
    }

    /// Adds a card and returns the payment method's ID.
    pub async fn add_card(&self, session: &Session, number: &str) -> String {
        let r = self
            .gql(
                "mutation A($input: AddPaymentMethodInput!) { addPaymentMethod(input: $input) { paymentMethod { id } userErrors { field code } } }",
                json!({ "input": { "cardNumber": number, "expiryMonth": 12, "expiryYear": 2020, "cvc": "123", "holderName": "Ada Admin" } }),
                Some(&session.token),
            )
            .await;
        r.assert_ok();
        r.str("/data/addPaymentMethod/paymentMethod/id")
    }

    /// Buys Action Pack; returns the reply.
    pub async fn purchase(&self, session: &Session, payment_method: &str, key: Option<&str>) -> Reply {
        let (offer, terms) = action_pack(self).await;
        self.gql(
            PURCHASE,
            json!({ "input": { "offerId": offer, "paymentMethodId": payment_method, "acceptTermsVersion": terms, "idempotencyKey": key } }),
            Some(&session.token),
        )
        .await
    }

    /// A second app over the same database, with its own connections and the same clock.
    pub async fn twin(&self) -> Arc<App> {
        let db = store::connect(&DatabaseUrl::parse(&self.db.url).unwrap()).await.expect("second store");
        let gateway = Arc::new(partnerdesk::payments::TestGateway::new(db.ledger));
        Arc::new(App::builder(db.store, gateway).clock(self.clock.clone()).hasher(PasswordHasher::fast_insecure_for_tests()).build())
    }
}

pub const PURCHASE: &str = "mutation B($input: PurchaseOfferInput!) { purchaseOffer(input: $input) {
    order { id number kind status total { amount currencyCode } }
    subscription { id status autoRenew canTurnOnAutoRenew currentTermStart currentTermEnd renewalOpensAt }
    userErrors { field code message } } }";
