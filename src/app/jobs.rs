//! Scheduled work, run by `serve` in the background and by `partnerdesk jobs
//! run` once: settling stuck payments, renewals, grace periods, expiry,
//! reminders, and mail delivery. Every step is claimed in the database
//! (unique payment attempts, compare-and-set updates, leased mails), so that
//! several servers and restarts never do the same work twice.

use std::time::Duration;

use chrono::TimeDelta;

use crate::app::mail::MailArg;
use crate::app::{App, AppResult};
use crate::domain::subscriptions::Due;
use crate::mail::{Mailer, OutgoingMail};
use crate::store::{NewAuditEvent, SubscriptionRow};

/// What one pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct JobReport {
    pub payments_reconciled: usize,
    pub renewals: usize,
    pub grace_periods: usize,
    pub expirations: usize,
    pub reminders: usize,
    pub activations: u64,
    pub refunds: usize,
    pub network_reminders: usize,
    pub mails_sent: usize,
    pub mails_failed: usize,
}

impl std::fmt::Display for JobReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "payments reconciled: {}, renewals: {}, grace periods: {}, expirations: {}, reminders: {}, network reminders: {}, activations: {}, refunds: {}, mails sent: {}, mails failed: {}",
            self.payments_reconciled,
            self.renewals,
            self.grace_periods,
            self.expirations,
            self.reminders,
            self.network_reminders,
            self.activations,
            self.refunds,
            self.mails_sent,
            self.mails_failed
        )
    }
}

/// How far ahead reminders look.
const REMINDER_HORIZON_DAYS: i64 = 30;
/// How long after an attempt is given up a late charge is still looked for.
const LATE_CHARGE_DAYS: i64 = 7;
/// Subscriptions looked at per round.
const BATCH: i64 = 200;
/// Rounds per pass: a clock moved years ahead needs one round per term.
const MAX_ROUNDS: usize = 50;
/// How long a delivering runner holds a mail.
const MAIL_LEASE_MINUTES: i64 = 5;
/// Deliveries tried before a mail is given up.
const MAIL_MAX_ATTEMPTS: i32 = 8;

/// One pass of every job. `min_payment_age` is how old a pending payment must
/// be before it is reconciled (another server may still be finishing it).
pub async fn run_once(app: &App, mailer: &dyn Mailer, min_payment_age: TimeDelta) -> AppResult<JobReport> {
    let mut report = JobReport { payments_reconciled: app.reconcile_payments(min_payment_age).await?, ..JobReport::default() };
    for _ in 0..MAX_ROUNDS {
        let before = report;
        let now = app.clock.now();
        let subs = app.store.subscriptions_needing_work(now, TimeDelta::days(REMINDER_HORIZON_DAYS), BATCH).await?;
        for sub in &subs {
            process(app, sub, &mut report).await?;
        }
        if report == before {
            break;
        }
    }
    report.network_reminders = app.remind_network_renewals().await?;
    report.activations = app.activate_due_assignments().await?;
    report.refunds = app.refund_payments(TimeDelta::days(LATE_CHARGE_DAYS)).await?;
    deliver_mail(app, mailer, &mut report).await?;
    let work = &app.metrics.job_work;
    for (kind, n) in [
        ("payments_reconciled", report.payments_reconciled as u64),
        ("renewals", report.renewals as u64),
        ("grace_periods", report.grace_periods as u64),
        ("expirations", report.expirations as u64),
        ("reminders", report.reminders as u64),
        ("network_reminders", report.network_reminders as u64),
        ("activations", report.activations),
        ("refunds", report.refunds as u64),
        ("mails_sent", report.mails_sent as u64),
        ("mails_failed", report.mails_failed as u64),
    ] {
        work.with_label_values(&[kind]).inc_by(n);
    }
    Ok(report)
}

async fn process(app: &App, sub: &SubscriptionRow, report: &mut JobReport) -> AppResult<()> {
    use crate::app::subscriptions::{expected_of, lifecycle_of, values_of};
    let now = app.clock.now();
    let lifecycle = lifecycle_of(sub);
    let offer = app.store.offer(sub.offer_id).await?;
    let offer_term = offer.as_ref().map(crate::app::catalog::offer_name_id).unwrap_or_default();
    match lifecycle.due(now) {
        Some(Due::AutoRenew) => {
            if app.auto_renew(sub).await? {
                report.renewals += 1;
            }
        }
        Some(due @ (Due::EnterGrace | Due::Expire)) => {
            let (next, template, action) = match due {
                Due::EnterGrace => (lifecycle.in_grace(), "grace-started", "subscription.grace.start"),
                _ => (
                    crate::domain::subscriptions::Lifecycle {
                        status: crate::domain::subscriptions::SubscriptionStatus::Expired,
                        ..lifecycle
                    },
                    "expired",
                    "subscription.expire",
                ),
            };
            let contacts = app.billing_contacts(sub.organization_id, sub.placed_by_user_id).await?;
            let args = [
                ("offer", MailArg::Term(offer_term)),
                ("termEnd", MailArg::Date(sub.current_term_end)),
                ("graceEndsAt", MailArg::Date(next.grace_ends_at.unwrap_or(sub.current_term_end))),
            ];
            let mails = app.render_for_all(&contacts, template, &args);
            let audit = NewAuditEvent { actor_user_id: None, action, target: None };
            if app.store.update_subscription(sub.id, expected_of(sub), values_of(next), Some(audit), mails, now).await?.is_some() {
                if due == Due::EnterGrace {
                    report.grace_periods += 1;
                } else {
                    report.expirations += 1;
                }
            }
        }
        None => {
            if let Some(days) = lifecycle.reminder_due(now) {
                let contacts = app.billing_contacts(sub.organization_id, sub.placed_by_user_id).await?;
                let args = [
                    ("offer", MailArg::Term(offer_term)),
                    ("termEnd", MailArg::Date(sub.current_term_end)),
                    ("days", MailArg::Number(days)),
                ];
                let mails = app.render_for_all(&contacts, "renewal-reminder", &args);
                if app.store.mark_reminded(sub.id, days, sub.current_term_end, mails, now).await? {
                    report.reminders += 1;
                }
            }
        }
    }
    Ok(())
}

/// Delivers due mails from the outbox, retrying failures with growing delays.
async fn deliver_mail(app: &App, mailer: &dyn Mailer, report: &mut JobReport) -> AppResult<()> {
    loop {
        let now = app.clock.now();
        let batch = app.store.claim_mails(now, TimeDelta::minutes(MAIL_LEASE_MINUTES), 50).await?;
        if batch.is_empty() {
            return Ok(());
        }
        for mail in batch {
            let outgoing = OutgoingMail {
                id: mail.id,
                to: mail.to_address,
                subject: mail.subject,
                body: mail.body,
                language: mail.language.code().to_owned(),
            };
            match mailer.send(&outgoing).await {
                Ok(()) => {
                    app.store.mark_mail_sent(mail.id, app.clock.now()).await?;
                    report.mails_sent += 1;
                }
                Err(e) => {
                    tracing::warn!(mail = mail.id, error = %e, "mail delivery failed");
                    let retry = (!e.is_permanent() && mail.attempts < MAIL_MAX_ATTEMPTS)
                        .then(|| app.clock.now() + TimeDelta::minutes(1i64 << mail.attempts.clamp(0, 6)));
                    app.store.mark_mail_failed(mail.id, &e.to_string(), retry).await?;
                    report.mails_failed += 1;
                }
            }
        }
    }
}

/// Runs passes every `interval` until `stop` turns true.
pub async fn run_forever(
    app: std::sync::Arc<App>,
    mailer: std::sync::Arc<dyn Mailer>,
    interval: Duration,
    min_payment_age: TimeDelta,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    loop {
        match run_once(&app, mailer.as_ref(), min_payment_age).await {
            Ok(report) if report != JobReport::default() => tracing::info!(%report, "jobs ran"),
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, "a job pass failed; it will run again"),
        }
        tokio::select! {
            _ = tokio::time::sleep(interval) => {}
            _ = stop.changed() => {}
        }
        if *stop.borrow() {
            return;
        }
    }
}
