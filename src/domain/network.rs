//! Network membership: a yearly term from the day an organization joins,
//! free of charge, renewed by accepting the current network agreement. While
//! it has lapsed, offers can be neither bought nor renewed by hand; what was
//! already bought keeps running to its own term end.

use chrono::{DateTime, TimeDelta, Utc};

use super::errors::{ErrorCode, RuleError};
use super::subscriptions::{Term, REMINDER_DAYS, RENEWAL_OPENS_BEFORE_DAYS};

/// The network agreement a renewal accepts, and where its text is (`{lang}`
/// is the request's language, as for offer terms).
pub const AGREEMENT_VERSION: &str = "2017-01";
pub const AGREEMENT_URL: &str = "/help/{lang}/network-agreement/";
/// A network term lasts a year.
pub const TERM_MONTHS: u32 = 12;

/// An organization's network term, with the reminders already sent for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NetworkTerm {
    pub term: Term,
    pub reminded_30_for: Option<DateTime<Utc>>,
    pub reminded_7_for: Option<DateTime<Utc>>,
}

impl NetworkTerm {
    /// The first term, from the day of joining.
    pub fn joined(at: DateTime<Utc>) -> Term {
        Term::starting(at, TERM_MONTHS)
    }

    /// Whether the organization is a network member at `now`.
    pub fn is_live(&self, now: DateTime<Utc>) -> bool {
        now < self.term.end
    }

    /// When renewing opens: 30 days before the end (and it stays open after a lapse).
    pub fn renewal_opens_at(&self) -> DateTime<Utc> {
        self.term.end - TimeDelta::days(RENEWAL_OPENS_BEFORE_DAYS)
    }

    pub fn can_renew(&self, now: DateTime<Utc>) -> bool {
        now >= self.renewal_opens_at()
    }

    /// The next term: from the current end while it runs, from `now` once lapsed.
    pub fn renewed(&self, now: DateTime<Utc>) -> Result<Term, RuleError> {
        if !self.can_renew(now) {
            return Err(RuleError::new(ErrorCode::RenewalNotOpen));
        }
        Ok(Term::starting(if self.is_live(now) { self.term.end } else { now }, TERM_MONTHS))
    }

    /// The reminder due at `now`, 30 or 7 days before the end, each once per term.
    pub fn reminder_due(&self, now: DateTime<Utc>) -> Option<i64> {
        if !self.is_live(now) {
            return None;
        }
        let sent = |days: i64| match days {
            30 => self.reminded_30_for == Some(self.term.end),
            _ => self.reminded_7_for == Some(self.term.end),
        };
        REMINDER_DAYS.into_iter().filter(|days| now >= self.term.end - TimeDelta::days(*days)).min().filter(|days| !sent(*days))
    }
}

/// Checks that a renewal accepts the current agreement.
pub fn check_agreement(accepted: &str) -> Result<(), RuleError> {
    if accepted == AGREEMENT_VERSION {
        Ok(())
    } else {
        Err(RuleError::new(ErrorCode::TermsNotAccepted))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn term() -> NetworkTerm {
        NetworkTerm { term: NetworkTerm::joined(at("2017-03-01T09:00:00Z")), reminded_30_for: None, reminded_7_for: None }
    }

    #[test]
    fn a_year_from_joining_renewable_in_its_last_30_days_and_after() {
        let t = term();
        assert_eq!(t.term.end, at("2018-03-01T09:00:00Z"));
        assert!(t.is_live(at("2018-02-28T09:00:00Z")) && !t.is_live(at("2018-03-01T09:00:00Z")));
        assert_eq!(t.renewed(at("2018-01-29T09:00:00Z")).unwrap_err().code, ErrorCode::RenewalNotOpen);
        assert_eq!(t.renewed(at("2018-01-30T09:00:00Z")).unwrap().end, at("2019-03-01T09:00:00Z"), "from the old end");
        assert_eq!(t.renewed(at("2018-06-01T00:00:00Z")).unwrap().end, at("2019-06-01T00:00:00Z"), "from now once lapsed");
    }

    #[test]
    fn reminders_go_out_30_and_7_days_before_once_each() {
        let mut t = term();
        assert_eq!(t.reminder_due(at("2018-01-29T09:00:00Z")), None);
        assert_eq!(t.reminder_due(at("2018-01-30T09:00:00Z")), Some(30));
        t.reminded_30_for = Some(t.term.end);
        assert_eq!(t.reminder_due(at("2018-02-10T09:00:00Z")), None);
        assert_eq!(t.reminder_due(at("2018-02-22T09:00:00Z")), Some(7));
        t.reminded_7_for = Some(t.term.end);
        assert_eq!(t.reminder_due(at("2018-02-28T09:00:00Z")), None);
        assert_eq!(t.reminder_due(at("2018-03-01T09:00:00Z")), None, "not once lapsed");
    }

    #[test]
    fn only_the_current_agreement_is_accepted() {
        assert!(check_agreement(AGREEMENT_VERSION).is_ok());
        assert_eq!(check_agreement("2016-01").unwrap_err().code, ErrorCode::TermsNotAccepted);
    }
}
