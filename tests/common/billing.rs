//! What the billing tests (`membership.rs`, `recovery.rs`, `support.rs`)
//! share: their documents, a mailer that keeps what it is given, one pass of
//! the jobs, and the test gateway's ledger as counted in the database.

use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};
use partnerdesk::domain::money::Money;
use partnerdesk::mail::{Mailer, OutgoingMail};
use partnerdesk::payments::{ChargeOutcome, GatewayError, PaymentGateway};
use tokio::sync::Notify;

use super::TestApp;

pub const SET_AUTO_RENEW: &str = "mutation S($input: SetAutoRenewInput!) { setAutoRenew(input: $input) {
    subscription { id autoRenew canTurnOnAutoRenew } userErrors { field code message } } }";
pub const RENEW: &str = "mutation R($input: RenewSubscriptionInput!) { renewSubscription(input: $input) {
    order { id kind status } subscription { status autoRenew canTurnOnAutoRenew currentTermStart currentTermEnd graceEndsAt }
    userErrors { field code message } } }";
pub const SUBSCRIPTION: &str =
    "query Q($id: ID!) { node(id: $id) { ... on OfferSubscription { status autoRenew currentTermEnd graceEndsAt } } }";

/// A mailer that keeps what it is given.
#[derive(Default)]
pub struct Outbox(pub std::sync::Mutex<Vec<OutgoingMail>>);

#[async_trait::async_trait]
impl Mailer for Outbox {
    async fn send(&self, mail: &OutgoingMail) -> Result<(), partnerdesk::mail::MailError> {
        self.0.lock().unwrap().push(mail.clone());
        Ok(())
    }
    fn describe(&self) -> String {
        "memory".into()
    }
}

impl Outbox {
    pub fn subjects(&self) -> Vec<String> {
        self.0.lock().unwrap().iter().map(|m| format!("{} | {}", m.to, m.subject)).collect()
    }
}

pub async fn run_jobs(t: &TestApp, mailer: &Outbox) -> partnerdesk::jobs::JobReport {
    partnerdesk::jobs::run_once(&t.app, mailer, TimeDelta::zero()).await.expect("jobs ran")
}

pub async fn ledger_count(t: &TestApp) -> i64 {
    scalar(t, "SELECT COUNT(*) FROM gateway_charges").await
}

/// One BIGINT read straight from the test database, on either backend.
async fn scalar(t: &TestApp, sql: &str) -> i64 {
    use sqlx::Connection;
    if t.db.url.starts_with("sqlite") {
        let mut c = sqlx::SqliteConnection::connect(&t.db.url).await.unwrap();
        sqlx::query_scalar(sql).fetch_one(&mut c).await.unwrap()
    } else {
        let mut c = sqlx::PgConnection::connect(&t.db.url).await.unwrap();
        sqlx::query_scalar(sql).fetch_one(&mut c).await.unwrap()
    }
}

/// A gateway that holds each charge until the test lets it go, like a
/// provider under load: it says when a charge arrived, and charges once
/// `release` is notified. Refunds and lookups go straight through.
pub struct HeldGateway {
    inner: Arc<dyn PaymentGateway>,
    hold: Hold,
}

/// The signals of a [`HeldGateway`].
#[derive(Clone, Default)]
pub struct Hold {
    pub arrived: Arc<Notify>,
    pub release: Arc<Notify>,
    pub charged: Arc<Notify>,
    /// While set, refunds fail as if the provider were down.
    pub refunds_fail: Arc<std::sync::atomic::AtomicBool>,
}

#[async_trait::async_trait]
impl PaymentGateway for HeldGateway {
    async fn tokenize(&self, card: &partnerdesk::domain::cards::ValidCard) -> Result<String, GatewayError> {
        self.inner.tokenize(card).await
    }
    async fn charge(&self, key: &str, token: &str, amount: Money, now: DateTime<Utc>) -> Result<ChargeOutcome, GatewayError> {
        self.hold.arrived.notify_one();
        self.hold.release.notified().await;
        let outcome = self.inner.charge(key, token, amount, now).await;
        self.hold.charged.notify_one();
        outcome
    }
    async fn find_charge(&self, key: &str) -> Result<Option<ChargeOutcome>, GatewayError> {
        self.inner.find_charge(key).await
    }
    async fn refund(&self, key: &str, charge_key: &str, amount: Money, now: DateTime<Utc>) -> Result<(), GatewayError> {
        if self.hold.refunds_fail.load(std::sync::atomic::Ordering::SeqCst) {
            return Err(GatewayError("the provider is down".into()));
        }
        self.inner.refund(key, charge_key, amount, now).await
    }
}

impl TestApp {
    /// From now on, this app's charges wait at a [`HeldGateway`].
    pub fn hold_charges(&mut self) -> Hold {
        let hold = Hold::default();
        let gateway = Arc::new(HeldGateway { inner: self.db.gateway(), hold: hold.clone() });
        let app = partnerdesk::app::App::builder(self.db.store.clone(), gateway)
            .clock(self.clock.clone())
            .hasher(partnerdesk::app::PasswordHasher::fast_insecure_for_tests())
            .settings(self.app.settings.clone())
            .build();
        self.app = Arc::new(app);
        self.router = partnerdesk::api::router(self.app.clone(), &partnerdesk::api::ApiConfig::default());
        hold
    }
}

/// Money the test gateway kept: successful charges less refunds, in minor units.
pub async fn ledger_net(t: &TestApp) -> i64 {
    let sql = "SELECT CAST((SELECT COALESCE(SUM(amount_minor), 0) FROM gateway_charges WHERE outcome = 'SUCCEEDED') \
               - (SELECT COALESCE(SUM(amount_minor), 0) FROM gateway_refunds) AS BIGINT)";
    scalar(t, sql).await
}

pub const RENEW_NETWORK: &str = "mutation N($input: RenewNetworkMembershipInput!) { renewNetworkMembership(input: $input) {
    membership { networkTermEnd networkActive canRenewNetwork } userErrors { field code message } } }";

/// Renews the network membership of `admin`'s organization, accepting the current agreement.
pub async fn renew_network(t: &TestApp, admin: &super::Session) -> super::Reply {
    let input = serde_json::json!({ "input": { "acceptAgreementVersion": partnerdesk::domain::network::AGREEMENT_VERSION } });
    let reply = t.gql(RENEW_NETWORK, input, Some(&admin.token)).await;
    assert_eq!(reply.at("/data/renewNetworkMembership/userErrors"), &serde_json::json!([]), "{}", reply.body);
    reply
}
