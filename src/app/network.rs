//! Network membership: its yearly term, renewing it by accepting the current
//! network agreement, the check that buying and renewing offers need it, and
//! the reminders before it ends.

use chrono::TimeDelta;

use super::mail::MailArg;
use super::{App, AppError, AppResult, Viewer};
use crate::domain::network::{check_agreement, NetworkTerm, AGREEMENT_VERSION};
use crate::domain::{Action, ErrorCode, Role, RoleSet};
use crate::store::{NetworkRenewal, OrganizationRow};

/// Terms looked at per reminder pass.
const REMINDER_BATCH: i64 = 200;

impl App {
    /// The organization's network term; `None` for the operator.
    pub async fn network_term(&self, organization_id: i64) -> AppResult<Option<NetworkTerm>> {
        Ok(self.store.network_term(organization_id).await?.map(|row| row.term()))
    }

    /// Buying or renewing an offer by hand needs a live network membership.
    pub(crate) async fn require_network(&self, organization: &OrganizationRow) -> AppResult<()> {
        match self.network_term(organization.id).await? {
            Some(term) if term.is_live(self.clock.now()) => Ok(()),
            _ => Err(AppError::rule(None, ErrorCode::NetworkMembershipRequired)),
        }
    }

    /// Renews the viewer's network membership for a year, free of charge, by
    /// accepting the current network agreement. With `key`, a retry answers
    /// the first renewal instead of renewing again.
    pub async fn renew_network(&self, viewer: &Viewer, accepted_version: &str, key: Option<&str>) -> AppResult<NetworkTerm> {
        viewer.require(Action::ManageSubscriptions)?;
        if let Some(key) = key {
            super::billing::check_idempotency_key(key)?;
        }
        let organization_id = viewer.organization_id();
        for _ in 0..2 {
            let row = self.store.network_term(organization_id).await?.ok_or(AppError::rule(None, ErrorCode::NetworkMembershipRequired))?;
            if let Some(key) = key {
                if self.store.network_renewal_seen(organization_id, key).await? {
                    return Ok(row.term());
                }
            }
            check_agreement(accepted_version).map_err(|e| AppError::rule(Some("acceptAgreementVersion"), e))?;
            let now = self.clock.now();
            let next = row.term().renewed(now).map_err(|e| AppError::rule(None, e))?;
            let audit = viewer.audit("network.renew");
            match self.store.renew_network(organization_id, key, row.term_end, next, AGREEMENT_VERSION, audit, now).await? {
                NetworkRenewal::Renewed(row) | NetworkRenewal::Replayed(row) => return Ok(row.term()),
                // Another renewal moved the term on: look again (a retry
                // under the same key then answers it; another is refused).
                NetworkRenewal::Changed => continue,
            }
        }
        Err(AppError::rule(None, ErrorCode::RenewalNotOpen))
    }

    /// Mails the 30- and 7-day reminders of network terms about to end, to the
    /// organization's global and membership admins, once per term each.
    pub(crate) async fn remind_network_renewals(&self) -> AppResult<usize> {
        let now = self.clock.now();
        let mut sent = 0;
        for row in self.store.network_terms_ending(now, TimeDelta::days(30), REMINDER_BATCH).await? {
            let term = row.term();
            let Some(days) = term.reminder_due(now) else { continue };
            let mask = RoleSet::from_roles([Role::GlobalAdmin, Role::MembershipAdmin]).bits();
            let contacts = self.store.users_with_roles(row.organization_id, mask).await?;
            let args = [
                ("termEnd", MailArg::Date(term.term.end)),
                ("days", MailArg::Number(days)),
                ("version", MailArg::Text(AGREEMENT_VERSION.to_owned())),
            ];
            let mails = self.render_for_all(&contacts, "network-reminder", &args);
            if self.store.mark_network_reminded(row.organization_id, days, term.term.end, mails, now).await? {
                sent += 1;
            }
        }
        Ok(sent)
    }
}
