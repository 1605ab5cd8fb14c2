//! What the billing tests (`membership.rs`, `recovery.rs`, `support.rs`)
//! share: their documents, a mailer that keeps what it is given, one pass of
//! the jobs, and the test gateway's ledger as counted in the database.

use chrono::TimeDelta;
use partnerdesk::mail::{Mailer, OutgoingMail};

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
    use sqlx::Connection;
    let sql = "SELECT COUNT(*) FROM gateway_charges";
    if t.db.url.starts_with("sqlite") {
        let mut c = sqlx::SqliteConnection::connect(&t.db.url).await.unwrap();
        sqlx::query_scalar(sql).fetch_one(&mut c).await.unwrap()
    } else {
        let mut c = sqlx::PgConnection::connect(&t.db.url).await.unwrap();
        sqlx::query_scalar(sql).fetch_one(&mut c).await.unwrap()
    }
}
