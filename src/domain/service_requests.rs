//! Service requests: what they are about, how urgent, and where they stand.

use super::errors::{ErrorCode, RuleError};
use super::stored::stored_enum;

stored_enum!(
    /// What a request is about.
    ServiceRequestCategory {
        BillingPaymentReconciliation = "BILLING_PAYMENT_RECONCILIATION",
        Membership = "MEMBERSHIP",
        Benefits = "BENEFITS",
        AccountAccess = "ACCOUNT_ACCESS",
        Other = "OTHER",
    }
);

stored_enum!(
    /// How urgent a request is.
    Severity { Critical = "CRITICAL", Moderate = "MODERATE", Minimal = "MINIMAL" }
);

stored_enum!(
    /// Where a request stands.
    ServiceRequestStatus {
        Open = "OPEN",
        InProgress = "IN_PROGRESS",
        AwaitingPartner = "AWAITING_PARTNER",
        Resolved = "RESOLVED",
        Closed = "CLOSED",
    }
);

impl ServiceRequestStatus {
    /// Resolved and closed requests are finished.
    pub fn is_finished(self) -> bool {
        matches!(self, Self::Resolved | Self::Closed)
    }
}

/// The human number of a request, e.g. `SR-000042`.
pub fn number(id: i64) -> String {
    format!("SR-{id:06}")
}

/// Checks a move from `from` to `to`. A closed request stays closed; a
/// resolved one may be reopened or closed.
pub fn check_transition(from: ServiceRequestStatus, to: ServiceRequestStatus) -> Result<(), RuleError> {
    if from == ServiceRequestStatus::Closed {
        return Err(RuleError::new(ErrorCode::ServiceRequestClosed));
    }
    if from == to {
        return Err(RuleError::invalid("error-status-unchanged"));
    }
    Ok(())
}

/// Checks that notes can still be added.
pub fn check_open_for_notes(status: ServiceRequestStatus) -> Result<(), RuleError> {
    if status == ServiceRequestStatus::Closed {
        Err(RuleError::new(ErrorCode::ServiceRequestClosed))
    } else {
        Ok(())
    }
}

/// Limits on what people type.
pub const TITLE_MAX_CHARS: usize = 200;
pub const TEXT_MAX_CHARS: usize = 10_000;

/// Trims a free text and checks it is neither blank nor longer than `max` characters.
pub fn clean_text(raw: &str, max: usize) -> Result<String, RuleError> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(RuleError::invalid("error-text-blank"));
    }
    if text.chars().count() > max {
        return Err(RuleError::invalid("error-text-too-long"));
    }
    Ok(text.to_owned())
}

/// Every move [`check_transition`] allows, in the order of the statuses
/// (the help site draws them).
pub fn moves() -> Vec<(ServiceRequestStatus, ServiceRequestStatus)> {
    let all = ServiceRequestStatus::ALL;
    all.iter().flat_map(|from| all.iter().map(move |to| (*from, *to))).filter(|(from, to)| check_transition(*from, *to).is_ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_zero_padded() {
        assert_eq!(number(42), "SR-000042");
        assert_eq!(number(1_234_567), "SR-1234567");
    }

    #[test]
    fn closed_requests_stay_closed() {
        use ServiceRequestStatus::*;
        assert!(check_transition(Open, InProgress).is_ok());
        assert!(check_transition(Resolved, Open).is_ok());
        assert_eq!(check_transition(Closed, Open).unwrap_err().code, ErrorCode::ServiceRequestClosed);
        assert_eq!(check_transition(Open, Open).unwrap_err().code, ErrorCode::InvalidInput);
        assert!(check_open_for_notes(Resolved).is_ok());
        assert!(check_open_for_notes(Closed).is_err());
    }

    #[test]
    fn texts_are_trimmed_and_bounded() {
        assert_eq!(clean_text("  hello ", 10).unwrap(), "hello");
        assert!(clean_text("   ", 10).is_err());
        assert!(clean_text(&"x".repeat(11), 10).is_err());
        assert!(clean_text(&"é".repeat(10), 10).is_ok());
    }

    #[test]
    fn closed_is_the_only_status_without_a_way_out() {
        let moves = moves();
        assert_eq!(moves.len(), 16, "four open statuses, each to the four others: {moves:?}");
        assert!(!moves.iter().any(|(from, _)| *from == ServiceRequestStatus::Closed));
    }
}
