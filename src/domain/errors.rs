//! Typed rule errors. Every business-rule failure has a stable code that the
//! API shows as `userErrors[].code` and that Fluent turns into a message.

/// Stable codes of business-rule failures (the API's `UserErrorCode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    InvalidInput,
    NotFound,
    InvalidCredentials,
    PasswordChangeRequired,
    WeakPassword,
    EmailTaken,
    LastGlobalAdmin,
    NetworkMembershipRequired,
    AlreadySubscribed,
    OfferNotAvailable,
    TermsNotAccepted,
    PaymentMethodInvalid,
    PaymentDeclined,
    IdempotencyKeyReused,
    AutoRenewLocked,
    RenewalNotOpen,
    SubscriptionNotActive,
    NoSeatsAvailable,
    AlreadyAssigned,
    AlternateEmailSameAsAccount,
    ServiceRequestClosed,
}

impl ErrorCode {
    /// The Fluent message id that explains this code to people.
    pub fn message_id(self) -> &'static str {
        match self {
            Self::InvalidInput => "error-invalid-input",
            Self::NotFound => "error-not-found",
            Self::InvalidCredentials => "error-invalid-credentials",
            Self::PasswordChangeRequired => "error-password-change-required",
            Self::WeakPassword => "error-weak-password",
            Self::EmailTaken => "error-email-taken",
            Self::LastGlobalAdmin => "error-last-global-admin",
            Self::NetworkMembershipRequired => "error-network-membership-required",
            Self::AlreadySubscribed => "error-already-subscribed",
            Self::OfferNotAvailable => "error-offer-not-available",
            Self::TermsNotAccepted => "error-terms-not-accepted",
            Self::PaymentMethodInvalid => "error-payment-method-invalid",
            Self::PaymentDeclined => "error-payment-declined",
            Self::IdempotencyKeyReused => "error-idempotency-key-reused",
            Self::AutoRenewLocked => "error-auto-renew-locked",
            Self::RenewalNotOpen => "error-renewal-not-open",
            Self::SubscriptionNotActive => "error-subscription-not-active",
            Self::NoSeatsAvailable => "error-no-seats-available",
            Self::AlreadyAssigned => "error-already-assigned",
            Self::AlternateEmailSameAsAccount => "error-alternate-email-same-as-account",
            Self::ServiceRequestClosed => "error-service-request-closed",
        }
    }
}

/// A business rule said no. `detail` optionally names a more precise Fluent
/// message (for example why an input is invalid); the code stays the contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleError {
    pub code: ErrorCode,
    pub detail: Option<&'static str>,
}

impl RuleError {
    pub const fn new(code: ErrorCode) -> Self {
        Self { code, detail: None }
    }

    /// An `INVALID_INPUT` error explained by the Fluent message `detail`.
    pub const fn invalid(detail: &'static str) -> Self {
        Self { code: ErrorCode::InvalidInput, detail: Some(detail) }
    }

    /// The Fluent message id to show: the detail when there is one.
    pub fn message_id(&self) -> &'static str {
        self.detail.unwrap_or_else(|| self.code.message_id())
    }
}

impl std::fmt::Display for RuleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?} ({})", self.code, self.message_id())
    }
}

impl std::error::Error for RuleError {}

impl From<ErrorCode> for RuleError {
    fn from(code: ErrorCode) -> Self {
        Self::new(code)
    }
}
