//! Secrets stay secret, proven by looking: a full scenario (a card, a
//! purchase, product keys revealed, sign-ins and a sign-out, a new user with a
//! temporary password, an internal error) runs with every log line at TRACE in
//! JSON, and then the log, the mails delivered and every column of every table
//! (listed from the database's own catalog) are searched for the card number,
//! the CVC, the product keys, the bearer tokens and the passwords.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use chrono::TimeDelta;
use common::{action_pack, TestApp, TestDb, PASSWORD};
use serde_json::json;
use sqlx::{Connection, Row};

/// Everything every test of this binary logged.
fn log() -> &'static Arc<Mutex<Vec<u8>>> {
    static LOG: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOG.get_or_init(|| {
        let buffer = Arc::new(Mutex::new(Vec::new()));
        let sink = buffer.clone();
        let subscriber =
            tracing_subscriber::fmt().json().with_max_level(tracing::Level::TRACE).with_writer(move || Sink(sink.clone())).finish();
        tracing::subscriber::set_global_default(subscriber).expect("the only subscriber");
        buffer
    })
}

struct Sink(Arc<Mutex<Vec<u8>>>);

impl Write for Sink {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

const CARD: &str = "4242 4242 4242 4242";
const CVC: &str = "907";

/// Every row of every table as text, tables listed by the database itself.
async fn every_row(url: &str) -> Vec<(String, String)> {
    let mut rows = Vec::new();
    if url.starts_with("sqlite") {
        let mut conn = sqlx::SqliteConnection::connect(url).await.expect("open SQLite");
        let tables: Vec<String> =
            sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table'").fetch_all(&mut conn).await.unwrap();
        for table in tables {
            let columns: Vec<String> = sqlx::query(&format!("PRAGMA table_info(\"{table}\")"))
                .fetch_all(&mut conn)
                .await
                .unwrap()
                .iter()
                .map(|r| r.get::<String, _>("name"))
                .collect();
            let quoted: Vec<String> = columns.iter().map(|c| format!("quote(\"{c}\")")).collect();
            let sql = format!("SELECT {} FROM \"{table}\"", quoted.join(" || ' | ' || "));
            for text in sqlx::query_scalar::<_, String>(&sql).fetch_all(&mut conn).await.unwrap() {
                rows.push((table.clone(), text));
            }
        }
    } else {
        let mut conn = sqlx::PgConnection::connect(url).await.expect("open PostgreSQL");
        let tables: Vec<String> = sqlx::query_scalar(
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
        )
        .fetch_all(&mut conn)
        .await
        .unwrap();
        for table in tables {
            let sql = format!("SELECT row_to_json(t)::text FROM \"{table}\" t");
            for text in sqlx::query_scalar::<_, String>(&sql).fetch_all(&mut conn).await.unwrap() {
                rows.push((table.clone(), text));
            }
        }
    }
    rows
}

async fn no_secret_is_kept_in_clear(db: TestDb) {
    let log = log();
    let t = TestApp::long_lived(db).await;
    let admin = t.join("Contoso", "secrets-admin@contoso.example").await;
    let mut secrets: Vec<(String, String)> = vec![
        ("card number".into(), CARD.replace(' ', "")),
        ("card number".into(), CARD.into()),
        ("password".into(), PASSWORD.into()),
        ("token".into(), admin.token.clone()),
    ];
    let added = t
        .gql(
            "mutation A($input: AddPaymentMethodInput!) { addPaymentMethod(input: $input) { paymentMethod { id last4 } userErrors { code } } }",
            json!({ "input": { "cardNumber": CARD, "expiryMonth": 12, "expiryYear": 2030, "cvc": CVC, "holderName": "Ada Admin" } }),
            Some(&admin.token),
        )
        .await;
    added.assert_ok();
    let card = added.str("/data/addPaymentMethod/paymentMethod/id");
    let (offer, terms) = action_pack(&t).await;
    t.gql(
        common::PURCHASE,
        json!({ "input": { "offerId": offer, "paymentMethodId": card, "acceptTermsVersion": terms, "idempotencyKey": "secrets" } }),
        Some(&admin.token),
    )
    .await
    .assert_ok();
    // Every product key there is, revealed.
    let benefits = t.gql("{ organization { benefits { id activation } } }", json!({}), Some(&admin.token)).await;
    let reveal = "mutation R($input: RevealProductKeysInput!) { revealProductKeys(input: $input) { keys { key } userErrors { code } } }";
    for benefit in benefits.at("/data/organization/benefits").as_array().unwrap().iter().filter(|b| b["activation"] == "PRODUCT_KEY") {
        let r = t.gql(reveal, json!({ "input": { "benefitId": benefit["id"] } }), Some(&admin.token)).await;
        for key in r.at("/data/revealProductKeys/keys").as_array().expect("keys") {
            secrets.push(("product key".into(), key["key"].as_str().unwrap().to_owned()));
        }
    }
    assert!(secrets.iter().any(|(what, _)| what == "product key"), "keys were revealed");
    // A new user: the temporary password, their token, their new password.
    let created = t
        .gql(
            "mutation C($input: CreateUserInput!) { createUser(input: $input) { temporaryPassword } }",
            json!({ "input": { "email": "secrets-new@contoso.example", "displayName": "New", "roles": ["MEMBER"] } }),
            Some(&admin.token),
        )
        .await;
    let temporary = created.str("/data/createUser/temporaryPassword");
    let newcomer = t.sign_in("secrets-new@contoso.example", &temporary).await;
    let changed = t
        .gql(
            "mutation P($input: ChangePasswordInput!) { changePassword(input: $input) { userErrors { code } } }",
            json!({ "input": { "currentPassword": temporary, "newPassword": "another-long-secret-phrase" } }),
            Some(&newcomer),
        )
        .await;
    changed.assert_ok();
    secrets.push(("temporary password".into(), temporary));
    secrets.push(("token".into(), newcomer.clone()));
    secrets.push(("password".into(), "another-long-secret-phrase".into()));
    // A failed sign-in with a password someone mistyped.
    t.gql(
        "mutation S($input: SignInInput!) { signIn(input: $input) { userErrors { code } } }",
        json!({ "input": { "email": "secrets-admin@contoso.example", "password": "mistyped-secret-phrase" } }),
        None,
    )
    .await;
    secrets.push(("password".into(), "mistyped-secret-phrase".into()));
    t.gql("mutation { signOut(input: {}) { ok } }", json!({}), Some(&admin.token)).await.assert_ok();
    // The mails, delivered to files.
    let outbox = tempfile::tempdir().unwrap();
    let mailer = partnerdesk::mail::mailer_from_spec(&format!("dir:{}", outbox.path().display()), "no-reply@program.example").unwrap();
    let report = partnerdesk::jobs::run_once(&t.app, mailer.as_ref(), TimeDelta::zero()).await.unwrap();
    assert!(report.mails_sent > 0, "mails were sent: {report}");
    let mut mails = String::new();
    for entry in std::fs::read_dir(outbox.path()).unwrap() {
        mails.push_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
    }
    let rows = every_row(&t.db.url).await;
    assert!(rows.iter().any(|(table, _)| table == "sealed_product_keys"), "the catalog lists every table");
    // An internal error, last: the database goes away under the service.
    t.db.store.close().await;
    let broken = t.gql("{ viewer { id } }", json!({}), Some(&newcomer)).await;
    assert_eq!(broken.error_code(), Some("INTERNAL"));

    let logged = String::from_utf8_lossy(&log.lock().unwrap()).into_owned();
    assert!(logged.contains("internal error"), "the log is captured at every level");
    let mut found = Vec::new();
    for (what, secret) in &secrets {
        if logged.contains(secret.as_str()) {
            found.push(format!("{what} in the log"));
        }
        if mails.contains(secret.as_str()) {
            found.push(format!("{what} in a mail"));
        }
        for (table, row) in &rows {
            if row.contains(secret.as_str()) {
                found.push(format!("{what} in table {table}: {row}"));
            }
        }
    }
    // The CVC is three digits: look for it as a whole value.
    for (table, row) in &rows {
        if row.contains(&format!("'{CVC}'")) || row.contains(&format!("\"{CVC}\"")) || row.contains(&format!(":{CVC},")) {
            found.push(format!("the CVC in table {table}: {row}"));
        }
    }
    if logged.contains(&format!("\"{CVC}\"")) || logged.contains(&format!("cvc: {CVC}")) {
        found.push("the CVC in the log".into());
    }
    assert!(found.is_empty(), "secrets in clear:\n{}", found.join("\n"));
}

on_both_backends!(no_secret_is_kept_in_clear);
