//! The subscription lifecycle: terms, the renewal window, the grace period,
//! the auto-renewal lock, reminders, and what scheduled work is due.

use chrono::{DateTime, Months, TimeDelta, Utc};

use super::errors::{ErrorCode, RuleError};
use super::stored::stored_enum;

/// Renewal by hand opens this long before the term ends.
pub const RENEWAL_OPENS_BEFORE_DAYS: i64 = 30;
/// After an unrenewed term ends, benefits continue this long.
pub const GRACE_PERIOD_DAYS: i64 = 30;
/// With auto-renewal off, reminders go out this many days before the end.
pub const REMINDER_DAYS: [i64; 2] = [30, 7];

stored_enum!(
    /// Where a subscription is in its life.
    SubscriptionStatus { Active = "ACTIVE", GracePeriod = "GRACE_PERIOD", Expired = "EXPIRED", Cancelled = "CANCELLED" }
);

impl SubscriptionStatus {
    /// Live subscriptions keep their benefits and block a second purchase.
    pub fn is_live(self) -> bool {
        matches!(self, Self::Active | Self::GracePeriod)
    }
}

stored_enum!(
    /// A first purchase or a renewal.
    OrderKind { New = "NEW", Renewal = "RENEWAL" }
);

stored_enum!(
    /// How an order ended.
    OrderStatus { Paid = "PAID", Failed = "FAILED" }
);

stored_enum!(
    /// Where a payment attempt is: charged or refused once settled.
    AttemptState { Pending = "PENDING", Succeeded = "SUCCEEDED", Failed = "FAILED" }
);

stored_enum!(
    /// Money taken for an attempt that bought nothing: owed back, then returned.
    RefundState { Due = "DUE", Refunded = "REFUNDED" }
);

/// Why a charged attempt bought nothing: its renewal found the subscription
/// changed (cancelled, renewed by another order) after the charge.
pub const SUBSCRIPTION_CHANGED: &str = "SUBSCRIPTION_CHANGED";
/// Why an attempt was given up: nothing was charged when it was reconciled.
pub const ABANDONED: &str = "ABANDONED";

/// One term of a subscription: `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

impl Term {
    /// A term of `months` calendar months from `start` (31 January + 1 month is
    /// the last day of February).
    pub fn starting(start: DateTime<Utc>, months: u32) -> Self {
        let end = start.checked_add_months(Months::new(months)).unwrap_or(DateTime::<Utc>::MAX_UTC);
        Self { start, end }
    }
}

/// The state of a subscription that the rules look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lifecycle {
    pub status: SubscriptionStatus,
    pub auto_renew: bool,
    pub auto_renew_locked: bool,
    pub term: Term,
    pub grace_ends_at: Option<DateTime<Utc>>,
}

impl Lifecycle {
    /// A new subscription, bought at `now` for terms of `months`.
    pub fn purchased(now: DateTime<Utc>, months: u32) -> Self {
        Self {
            status: SubscriptionStatus::Active,
            auto_renew: true,
            auto_renew_locked: false,
            term: Term::starting(now, months),
            grace_ends_at: None,
        }
    }

    /// When renewal by hand opens.
    pub fn renewal_opens_at(&self) -> DateTime<Utc> {
        self.term.end - TimeDelta::days(RENEWAL_OPENS_BEFORE_DAYS)
    }

    /// When renewal by hand closes: the end of the grace period.
    pub fn renewal_closes_at(&self) -> DateTime<Utc> {
        self.grace_ends_at.unwrap_or(self.term.end + TimeDelta::days(GRACE_PERIOD_DAYS))
    }

    /// Whether auto-renewal could be turned on now.
    pub fn can_turn_on_auto_renew(&self) -> bool {
        self.status.is_live() && !self.auto_renew_locked
    }

    /// Turns auto-renewal on or off. Off is always allowed on a live
    /// subscription and locks it off until a renewal by hand.
    pub fn set_auto_renew(self, enabled: bool) -> Result<Self, RuleError> {
        if !self.status.is_live() {
            return Err(RuleError::new(ErrorCode::SubscriptionNotActive));
        }
        match (enabled, self.auto_renew_locked) {
            (false, _) => Ok(Self { auto_renew: false, auto_renew_locked: true, ..self }),
            (true, true) => Err(RuleError::new(ErrorCode::AutoRenewLocked)),
            (true, false) => Ok(Self { auto_renew: true, ..self }),
        }
    }

    /// Checks that renewal by hand is open at `now`.
    pub fn check_renewal_open(&self, now: DateTime<Utc>) -> Result<(), RuleError> {
        match self.status {
            SubscriptionStatus::Cancelled => Err(RuleError::new(ErrorCode::SubscriptionNotActive)),
            SubscriptionStatus::Expired => Err(RuleError::new(ErrorCode::RenewalNotOpen)),
            _ if now < self.renewal_opens_at() || now >= self.renewal_closes_at() => Err(RuleError::new(ErrorCode::RenewalNotOpen)),
            _ => Ok(()),
        }
    }

    /// The next term: it starts when the current one ends, whenever the
    /// renewal happens. Renewing turns auto-renewal back on and unlocks it.
    pub fn renewed(self, months: u32) -> Self {
        Self {
            status: SubscriptionStatus::Active,
            auto_renew: true,
            auto_renew_locked: false,
            term: Term::starting(self.term.end, months),
            grace_ends_at: None,
        }
    }

    /// The term ended without renewal (or its charge failed): benefits go on
    /// until the grace period ends.
    pub fn in_grace(self) -> Self {
        Self { status: SubscriptionStatus::GracePeriod, grace_ends_at: Some(self.term.end + TimeDelta::days(GRACE_PERIOD_DAYS)), ..self }
    }

    /// The scheduled work due for this subscription at `now`.
    pub fn due(&self, now: DateTime<Utc>) -> Option<Due> {
        match self.status {
            SubscriptionStatus::Active if now >= self.term.end => Some(if self.auto_renew { Due::AutoRenew } else { Due::EnterGrace }),
            SubscriptionStatus::GracePeriod if self.grace_ends_at.is_some_and(|g| now >= g) => Some(Due::Expire),
            _ => None,
        }
    }

    /// The reminder due at `now` (the nearest one, when several have passed).
    pub fn reminder_due(&self, now: DateTime<Utc>) -> Option<i64> {
        if self.status != SubscriptionStatus::Active || self.auto_renew || now >= self.term.end {
            return None;
        }
        REMINDER_DAYS.into_iter().filter(|days| now >= self.term.end - TimeDelta::days(*days)).min()
    }
}

/// Scheduled work on a subscription.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// The term ended with auto-renewal on: charge and renew.
    AutoRenew,
    /// The term ended with auto-renewal off: enter the grace period.
    EnterGrace,
    /// The grace period ended: the subscription expires and benefits end.
    Expire,
}

/// What moves a subscription from one status to another (or keeps it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    /// Renewal by hand opens, [`RENEWAL_OPENS_BEFORE_DAYS`] before the end.
    RenewalWindowOpens,
    /// The term ended with automatic renewal on, and the charge went through.
    RenewedAutomatically,
    /// The term ended without a renewal (or its charge failed).
    TermEnded,
    /// The grace period ([`GRACE_PERIOD_DAYS`]) ended without a renewal.
    GraceEnded,
    /// Renewed by hand during the grace period.
    RenewedByHand,
    /// Program staff resolved a cancellation request.
    Cancelled,
}

/// The moves of a subscription's life, as the rules above make them: each
/// found by running [`Lifecycle`] through a year, not written down apart
/// (the help site draws them).
pub fn moves() -> Vec<(SubscriptionStatus, SubscriptionStatus, Cause)> {
    use SubscriptionStatus::{Active, Cancelled, GracePeriod};
    let start = DateTime::<Utc>::UNIX_EPOCH;
    let bought = Lifecycle::purchased(start, 12);
    let mut out = Vec::new();
    if bought.check_renewal_open(bought.renewal_opens_at()).is_ok() {
        out.push((bought.status, bought.status, Cause::RenewalWindowOpens));
    }
    if bought.due(bought.term.end) == Some(Due::AutoRenew) {
        out.push((bought.status, bought.renewed(12).status, Cause::RenewedAutomatically));
    }
    let manual = bought.set_auto_renew(false).unwrap_or(bought);
    if manual.due(manual.term.end) == Some(Due::EnterGrace) {
        let grace = manual.in_grace();
        out.push((Active, grace.status, Cause::TermEnded));
        if grace.check_renewal_open(grace.term.end).is_ok() {
            out.push((grace.status, grace.renewed(12).status, Cause::RenewedByHand));
        }
        if grace.grace_ends_at.is_some_and(|end| grace.due(end) == Some(Due::Expire)) {
            out.push((GracePeriod, SubscriptionStatus::Expired, Cause::GraceEnded));
        }
    }
    for status in SubscriptionStatus::ALL.iter().filter(|s| s.is_live()) {
        out.push((*status, Cancelled, Cause::Cancelled));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn bought() -> Lifecycle {
        Lifecycle::purchased(at("2017-03-01T09:00:00Z"), 12)
    }

    #[test]
    fn a_term_is_one_calendar_year() {
        assert_eq!(bought().term.end, at("2018-03-01T09:00:00Z"));
        assert_eq!(Term::starting(at("2016-02-29T00:00:00Z"), 12).end, at("2017-02-28T00:00:00Z"));
    }

    #[test]
    fn renewal_opens_30_days_before_the_end() {
        let sub = bought();
        let end = sub.term.end;
        let days_before = |d| end - TimeDelta::days(d);
        assert_eq!(sub.check_renewal_open(days_before(31)).unwrap_err().code, ErrorCode::RenewalNotOpen);
        assert_eq!(sub.check_renewal_open(days_before(30) - TimeDelta::seconds(1)).unwrap_err().code, ErrorCode::RenewalNotOpen);
        assert!(sub.check_renewal_open(days_before(30)).is_ok());
        assert!(sub.check_renewal_open(days_before(29)).is_ok());
    }

    #[test]
    fn renewal_closes_when_the_grace_period_ends() {
        let sub = bought();
        let end = sub.term.end;
        let grace = sub.in_grace();
        assert_eq!(grace.grace_ends_at, Some(end + TimeDelta::days(30)));
        assert!(grace.check_renewal_open(end + TimeDelta::days(29)).is_ok());
        assert!(grace.check_renewal_open(end + TimeDelta::days(30) - TimeDelta::seconds(1)).is_ok());
        assert_eq!(grace.check_renewal_open(end + TimeDelta::days(30)).unwrap_err().code, ErrorCode::RenewalNotOpen);
        assert_eq!(grace.check_renewal_open(end + TimeDelta::days(31)).unwrap_err().code, ErrorCode::RenewalNotOpen);
        let expired = Lifecycle { status: SubscriptionStatus::Expired, ..grace };
        assert_eq!(expired.check_renewal_open(end).unwrap_err().code, ErrorCode::RenewalNotOpen);
        let cancelled = Lifecycle { status: SubscriptionStatus::Cancelled, ..sub };
        assert_eq!(cancelled.check_renewal_open(end).unwrap_err().code, ErrorCode::SubscriptionNotActive);
    }

    #[test]
    fn auto_renew_stays_off_until_a_renewal_by_hand() {
        let off = bought().set_auto_renew(false).unwrap();
        assert!(!off.auto_renew && !off.can_turn_on_auto_renew());
        assert_eq!(off.set_auto_renew(true).unwrap_err().code, ErrorCode::AutoRenewLocked);
        assert!(off.set_auto_renew(false).is_ok(), "turning off again is harmless");
        let renewed = off.renewed(12);
        assert!(renewed.auto_renew && renewed.can_turn_on_auto_renew());
        assert_eq!(renewed.term.start, off.term.end);
        assert_eq!(renewed.term.end, at("2019-03-01T09:00:00Z"));
        let cancelled = Lifecycle { status: SubscriptionStatus::Cancelled, ..bought() };
        assert_eq!(cancelled.set_auto_renew(false).unwrap_err().code, ErrorCode::SubscriptionNotActive);
    }

    #[test]
    fn a_renewal_in_grace_starts_at_the_old_term_end() {
        let grace = bought().in_grace();
        let renewed = grace.renewed(12);
        assert_eq!(renewed.status, SubscriptionStatus::Active);
        assert_eq!(renewed.term.start, at("2018-03-01T09:00:00Z"));
        assert_eq!(renewed.grace_ends_at, None);
    }

    #[test]
    fn scheduled_work_falls_due_at_the_boundaries() {
        let sub = bought();
        let end = sub.term.end;
        assert_eq!(sub.due(end - TimeDelta::seconds(1)), None);
        assert_eq!(sub.due(end), Some(Due::AutoRenew));
        let off = sub.set_auto_renew(false).unwrap();
        assert_eq!(off.due(end), Some(Due::EnterGrace));
        let grace = off.in_grace();
        assert_eq!(grace.due(end + TimeDelta::days(29)), None);
        assert_eq!(grace.due(end + TimeDelta::days(30)), Some(Due::Expire));
    }

    #[test]
    fn reminders_go_out_30_and_7_days_before_the_end_when_auto_renew_is_off() {
        let sub = bought();
        let end = sub.term.end;
        assert_eq!(sub.reminder_due(end - TimeDelta::days(7)), None, "auto-renew on: no reminder");
        let off = sub.set_auto_renew(false).unwrap();
        assert_eq!(off.reminder_due(end - TimeDelta::days(31)), None);
        assert_eq!(off.reminder_due(end - TimeDelta::days(30)), Some(30));
        assert_eq!(off.reminder_due(end - TimeDelta::days(29)), Some(30));
        assert_eq!(off.reminder_due(end - TimeDelta::days(7)), Some(7));
        assert_eq!(off.reminder_due(end - TimeDelta::days(1)), Some(7));
        assert_eq!(off.reminder_due(end), None);
    }

    #[test]
    fn the_moves_of_a_subscription_follow_the_rules() {
        use SubscriptionStatus::*;
        let moves = moves();
        assert!(moves.contains(&(Active, GracePeriod, Cause::TermEnded)));
        assert!(moves.contains(&(GracePeriod, Expired, Cause::GraceEnded)));
        assert!(moves.contains(&(GracePeriod, Active, Cause::RenewedByHand)));
        assert!(moves.contains(&(GracePeriod, Cancelled, Cause::Cancelled)));
        assert!(!moves.iter().any(|(from, _, _)| matches!(from, Expired | Cancelled)), "expired and cancelled are the end");
        assert_eq!(moves.len(), 7, "{moves:?}");
    }
}
