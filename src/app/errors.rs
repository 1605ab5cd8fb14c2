//! The app layer's error: what the API turns into userErrors or top-level errors.

use crate::domain::{ErrorCode, RuleError};
use crate::store::StoreError;

/// A rule error tied to the input field it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The input field's name as the API spells it (e.g. `adminEmail`), if any.
    pub field: Option<&'static str>,
    pub error: RuleError,
}

/// Why a use case did not happen.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// No valid token (`token_invalid` when one was sent but is expired or revoked).
    #[error("unauthenticated")]
    Unauthenticated { token_invalid: bool },
    /// The viewer may not do this.
    #[error("forbidden")]
    Forbidden,
    /// One or more business rules said no; nothing was changed.
    #[error("rejected: {0:?}")]
    Rejected(Vec<FieldError>),
    /// Too many attempts; try again after this many seconds.
    #[error("rate limited for {retry_after_secs} s")]
    RateLimited { retry_after_secs: i64 },
    /// A bug or an outage. Logged in full; the client sees only a request id.
    #[error("internal: {0}")]
    Internal(String),
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn internal(detail: impl Into<String>) -> Self {
        Self::Internal(detail.into())
    }

    /// A single rule error on `field`.
    pub fn rule(field: Option<&'static str>, error: impl Into<RuleError>) -> Self {
        Self::Rejected(vec![FieldError { field, error: error.into() }])
    }

    /// `NOT_FOUND` on `field`: used alike for IDs that do not exist and IDs
    /// of another organization.
    pub fn not_found(field: &'static str) -> Self {
        Self::rule(Some(field), ErrorCode::NotFound)
    }

    /// The single rule code, when this is one rule error (handy in tests).
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            Self::Rejected(errors) if errors.len() == 1 => Some(errors[0].error.code),
            _ => None,
        }
    }
}

impl From<StoreError> for AppError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::Rule(rule) => Self::rule(None, rule),
            other => Self::Internal(other.to_string()),
        }
    }
}

/// Collects field errors so that a form gets every problem at once.
#[derive(Debug, Default)]
pub(crate) struct Checks(Vec<FieldError>);

impl Checks {
    /// Keeps the value, or notes the error against `field`.
    pub fn check<T>(&mut self, field: &'static str, result: Result<T, RuleError>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(error) => {
                self.0.push(FieldError { field: Some(field), error });
                None
            }
        }
    }

    /// `Err` with every noted problem, if any.
    pub fn finish(self) -> AppResult<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::Rejected(self.0))
        }
    }
}
