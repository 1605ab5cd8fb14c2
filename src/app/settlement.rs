//! Settling payments: charging a recorded attempt under its key and writing
//! its outcome once, reconciling attempts a crash left pending, and the
//! automatic renewals the jobs start.

use chrono::TimeDelta;

use super::billing::request_hash;
use super::catalog::{offer_name_id, offer_price};
use super::mail::MailArg;
use super::subscriptions::{expected_of, lifecycle_of, values_of};
use super::{App, AppError, AppResult};
use crate::domain::money::Money;
use crate::domain::subscriptions::{AttemptState, ABANDONED};
use crate::domain::subscriptions::{Lifecycle, OrderKind};
use crate::domain::{Role, RoleSet};
use crate::payments::ChargeOutcome;
use crate::store::{AttemptRow, AttemptStart, NewAttempt, NewAuditEvent, NewMail, OfferRow, Settled, Settlement, SubscriptionRow, UserRow};

/// The number people see for the order of an attempt.
fn order_number(attempt: &AttemptRow) -> String {
    format!("ORD-{:08}", attempt.id)
}

impl App {
    /// Charges a pending attempt under its key and settles it. Safe to call
    /// more than once for the same attempt.
    pub(crate) async fn run_attempt(&self, attempt: AttemptRow) -> AppResult<Settled> {
        let payment_method =
            self.store.payment_method(attempt.payment_method_id).await?.ok_or_else(|| AppError::internal("attempt without card"))?;
        let amount = Money { minor: attempt.amount_minor, currency: attempt.currency };
        let outcome = self
            .gateway
            .charge(&attempt.charge_key, &payment_method.gateway_token, amount, self.clock.now())
            .await
            .map_err(|e| AppError::internal(e.to_string()))?;
        self.settle(attempt, outcome).await
    }

    /// Settles an attempt whose charge `outcome` is known.
    pub(crate) async fn settle(&self, attempt: AttemptRow, outcome: ChargeOutcome) -> AppResult<Settled> {
        let now = self.clock.now();
        let offer = self.store.offer(attempt.offer_id).await?.ok_or_else(|| AppError::internal("attempt without offer"))?;
        let months = offer.term_months.max(1) as u32;
        let automatic = attempt.automatic;
        let renewal = attempt.kind == OrderKind::Renewal;
        let current = match attempt.subscription_id {
            Some(id) => Some(self.store.subscription(id).await?.ok_or_else(|| AppError::internal("attempt without subscription"))?),
            None => None,
        };
        let order_number = order_number(&attempt);
        let actor = if automatic { None } else { attempt.placed_by_user_id };
        let contacts = self.billing_contacts(attempt.organization_id, attempt.placed_by_user_id).await?;
        let money = Money { minor: attempt.amount_minor, currency: offer_price(&offer).currency };
        let not_applied = NewAuditEvent { actor_user_id: actor, action: "subscription.renew.notApplied", target: None };
        let settlement = match outcome {
            // Cancelled or expired while the charge went through: the renewal
            // cannot revive it, and the money is owed back.
            ChargeOutcome::Succeeded if current.as_ref().is_some_and(|sub| !sub.status.is_live()) => {
                Settlement::ChargedForNothing { order_number, audit: not_applied }
            }
            ChargeOutcome::Succeeded => {
                let (lifecycle, expected) = match &current {
                    Some(sub) => (lifecycle_of(sub).renewed(months), Some(expected_of(sub))),
                    None => (Lifecycle::purchased(now, months), None),
                };
                let args = [
                    ("offer", MailArg::Term(offer_name_id(&offer))),
                    ("order", MailArg::Text(order_number.clone())),
                    ("amount", MailArg::Money(money)),
                    ("termStart", MailArg::Date(lifecycle.term.start)),
                    ("termEnd", MailArg::Date(lifecycle.term.end)),
                ];
                let template = if renewal { "renewal-receipt" } else { "purchase-receipt" };
                let action = match (renewal, automatic) {
                    (false, _) => "offer.purchase",
                    (true, false) => "subscription.renew",
                    (true, true) => "subscription.autoRenew.renew",
                };
                Settlement::Paid {
                    order_number,
                    lifecycle: values_of(lifecycle),
                    expected,
                    audit: NewAuditEvent { actor_user_id: actor, action, target: None },
                    mails: self.render_for_all(&contacts, template, &args),
                    not_applied,
                }
            }
            declined => {
                let code = if declined == ChargeOutcome::InsufficientFunds { "INSUFFICIENT_FUNDS" } else { "DECLINED" };
                let (lifecycle, mails) = match (&current, automatic) {
                    (Some(sub), true) => {
                        let grace = lifecycle_of(sub).in_grace();
                        let args = [
                            ("offer", MailArg::Term(offer_name_id(&offer))),
                            ("termEnd", MailArg::Date(sub.current_term_end)),
                            ("graceEndsAt", MailArg::Date(grace.grace_ends_at.unwrap_or(sub.current_term_end))),
                        ];
                        (Some((values_of(grace), expected_of(sub))), self.render_for_all(&contacts, "renewal-failed", &args))
                    }
                    _ => (None, Vec::new()),
                };
                let action = if renewal { "subscription.renew.declined" } else { "offer.purchase.declined" };
                Settlement::Failed {
                    order_number,
                    code,
                    lifecycle,
                    audit: NewAuditEvent { actor_user_id: actor, action, target: None },
                    mails,
                }
            }
        };
        Ok(self.store.settle_attempt(attempt.id, settlement, now).await?)
    }

    /// Who gets billing mail: active global and billing admins, and whoever placed the order.
    pub(crate) async fn billing_contacts(&self, organization_id: i64, placed_by: Option<i64>) -> AppResult<Vec<UserRow>> {
        let mask = RoleSet::from_roles([Role::GlobalAdmin, Role::BillingAdmin]).bits();
        let mut users = self.store.users_with_roles(organization_id, mask).await?;
        if let Some(id) = placed_by.filter(|id| !users.iter().any(|u| u.id == *id)) {
            if let Some(user) = self.store.user(id).await?.filter(|u| u.active) {
                users.push(user);
            }
        }
        Ok(users)
    }

    /// Settles payment attempts left pending (a crash between charge and
    /// commit) that are older than `min_age`: by what the gateway recorded,
    /// or as abandoned when nothing was charged. Returns how many it settled.
    pub async fn reconcile_payments(&self, min_age: TimeDelta) -> AppResult<usize> {
        let pending = self.store.pending_attempts(self.clock.now() - min_age).await?;
        let mut settled = 0;
        for attempt in pending {
            let found = self.gateway.find_charge(&attempt.charge_key).await.map_err(|e| AppError::internal(e.to_string()))?;
            match found {
                Some(outcome) => {
                    self.settle(attempt, outcome).await?;
                }
                None => {
                    let settlement = Settlement::Failed {
                        order_number: order_number(&attempt),
                        code: ABANDONED,
                        lifecycle: None,
                        audit: NewAuditEvent { actor_user_id: None, action: "payment.abandoned", target: None },
                        mails: Vec::<NewMail>::new(),
                    };
                    self.store.settle_attempt(attempt.id, settlement, self.clock.now()).await?;
                }
            }
            settled += 1;
        }
        Ok(settled)
    }
}

impl App {
    /// Gives back money taken for nothing. First, attempts given up as
    /// abandoned within `late_window` are asked about again: a charge the
    /// gateway made after the attempt was given up is owed back. Then every
    /// refund due is made at the gateway, under a key derived from the
    /// charge's (so a retry or a racing runner refunds once), and recorded
    /// with its audit event and a mail to the billing contacts. Returns how
    /// many this runner recorded.
    pub(crate) async fn refund_payments(&self, late_window: TimeDelta) -> AppResult<usize> {
        // The gateway failing for one attempt must not hold up the others, nor
        // the rest of the jobs: it is logged, and tried again next pass.
        for attempt in self.store.abandoned_attempts(self.clock.now() - late_window).await? {
            match self.gateway.find_charge(&attempt.charge_key).await {
                Ok(Some(ChargeOutcome::Succeeded)) => {
                    tracing::warn!(attempt = attempt.id, "an abandoned payment was charged late; refund due");
                    self.store.mark_refund_due(attempt.id, self.clock.now()).await?;
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(attempt = attempt.id, error = %e, "cannot look for a late charge; will try again"),
            }
        }
        let mut refunded = 0;
        for attempt in self.store.refunds_due().await? {
            let amount = Money { minor: attempt.amount_minor, currency: attempt.currency };
            let key = format!("refund:{}", attempt.charge_key);
            if let Err(e) = self.gateway.refund(&key, &attempt.charge_key, amount, self.clock.now()).await {
                tracing::warn!(attempt = attempt.id, error = %e, "refund failed at the gateway; will try again");
                continue;
            }
            let offer = self.store.offer(attempt.offer_id).await?.ok_or_else(|| AppError::internal("attempt without offer"))?;
            let contacts = self.billing_contacts(attempt.organization_id, attempt.placed_by_user_id).await?;
            let reason = if attempt.failure_code.as_deref() == Some(ABANDONED) { "late" } else { "changed" };
            let args = [
                ("offer", MailArg::Term(offer_name_id(&offer))),
                ("order", MailArg::Text(order_number(&attempt))),
                ("amount", MailArg::Money(amount)),
                ("reason", MailArg::Text(reason.to_owned())),
            ];
            let effects = crate::store::Effects {
                audit: NewAuditEvent { actor_user_id: None, action: "payment.refund", target: None },
                mails: self.render_for_all(&contacts, "payment-refunded", &args),
            };
            if self.store.mark_refunded(attempt.id, effects, self.clock.now()).await? {
                refunded += 1;
            }
        }
        Ok(refunded)
    }
}

impl App {
    /// Renews a subscription whose term ended with auto-renewal on: charges
    /// its card under a key unique to this term, so that racing job runners
    /// and restarts charge it once. Without a usable card the subscription
    /// goes straight into its grace period.
    pub(crate) async fn auto_renew(&self, sub: &SubscriptionRow) -> AppResult<bool> {
        let offer = self.store.offer(sub.offer_id).await?.ok_or_else(|| AppError::internal("subscription without offer"))?;
        let card = match sub.payment_method_id {
            Some(id) => self.store.payment_method(id).await?.filter(|p| p.removed_at.is_none()),
            None => None,
        };
        let Some(card) = card else { return self.renewal_failed(sub, &offer).await };
        let key = format!("auto-renewal:{}:{}", sub.id, sub.current_term_end.timestamp());
        let attempt = NewAttempt {
            organization_id: sub.organization_id,
            idempotency_key: key.clone(),
            request_hash: request_hash(std::slice::from_ref(&key)),
            kind: OrderKind::Renewal,
            offer_id: offer.id,
            subscription_id: Some(sub.id),
            payment_method_id: card.id,
            amount_minor: offer.price_minor,
            currency: offer.currency,
            terms_version: offer.terms_version.clone(),
            placed_by_user_id: sub.placed_by_user_id,
            automatic: true,
            charge_key: key,
        };
        match self.store.begin_attempt(attempt, self.clock.now()).await {
            Ok(AttemptStart::Started(a)) => {
                self.run_attempt(a).await?;
                Ok(true)
            }
            Ok(AttemptStart::Existing(a)) if a.state == AttemptState::Pending => {
                self.run_attempt(a).await?;
                Ok(true)
            }
            // This term's charge already failed (or was abandoned) without
            // moving the subscription on: it enters its grace period now.
            Ok(AttemptStart::Existing(a)) if a.state == AttemptState::Failed => self.renewal_failed(sub, &offer).await,
            Ok(AttemptStart::Existing(_)) => Ok(false),
            // A manual renewal is in flight: it will move the term on.
            Err(crate::store::StoreError::Rule(_)) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    /// An automatic renewal that cannot be charged: the grace period starts
    /// and billing contacts are told. Returns whether this call did it.
    async fn renewal_failed(&self, sub: &SubscriptionRow, offer: &OfferRow) -> AppResult<bool> {
        let grace = lifecycle_of(sub).in_grace();
        let contacts = self.billing_contacts(sub.organization_id, sub.placed_by_user_id).await?;
        let args = [
            ("offer", MailArg::Term(offer_name_id(offer))),
            ("termEnd", MailArg::Date(sub.current_term_end)),
            ("graceEndsAt", MailArg::Date(grace.grace_ends_at.unwrap_or(sub.current_term_end))),
        ];
        let mails = self.render_for_all(&contacts, "renewal-failed", &args);
        let audit = NewAuditEvent { actor_user_id: None, action: "subscription.grace.start", target: None };
        let changed =
            self.store.update_subscription(sub.id, expected_of(sub), values_of(grace), Some(audit), mails, self.clock.now()).await?;
        Ok(changed.is_some())
    }
}
