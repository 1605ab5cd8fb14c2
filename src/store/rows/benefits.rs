//! Benefits, their assignments and downloads.

use chrono::{DateTime, Utc};

use super::UserRow;
use crate::domain::benefits::{AssignmentStatus, OperatingSystem, Portal};
use crate::domain::catalog::{ActivationMethod, BenefitCategory, BenefitUnit};
use crate::domain::subscriptions::SubscriptionStatus;

/// A benefit with what its status derives from: its subscription and product.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct BenefitRow {
    pub id: i64,
    pub organization_id: i64,
    pub subscription_id: i64,
    pub position: i32,
    pub product_code: String,
    pub category: BenefitCategory,
    pub name_id: String,
    pub quantity: i32,
    pub unit: BenefitUnit,
    pub activation: ActivationMethod,
    /// Where the product is managed once activated, when not here.
    pub portal: Option<Portal>,
    pub seats: Option<i32>,
    pub keys_revealed: bool,
    pub created_at: DateTime<Utc>,
    pub subscription_status: SubscriptionStatus,
    pub current_term_end: DateTime<Utc>,
    pub grace_ends_at: Option<DateTime<Utc>>,
}

/// A product key as stored: sealed, with the fingerprint that keeps it unique.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedKey {
    pub sealed: String,
    pub fingerprint: String,
}

/// A product key revealed before keys were sealed, still in clear.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ClearKeyRow {
    pub benefit_id: i64,
    pub product_key: String,
}

/// An assignment with its user.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct AssignmentRow {
    #[sqlx(rename = "a_id")]
    pub id: i64,
    pub benefit_id: i64,
    #[sqlx(rename = "a_organization_id")]
    pub organization_id: i64,
    pub user_id: i64,
    pub alternate_email: Option<String>,
    #[sqlx(rename = "a_status")]
    pub status: AssignmentStatus,
    pub assigned_at: DateTime<Utc>,
    pub activates_at: Option<DateTime<Utc>>,
    pub activated_at: Option<DateTime<Utc>>,
    #[sqlx(flatten)]
    pub user: UserRow,
}

/// An assignment about to be made.
#[derive(Debug, Clone)]
pub struct NewAssignment {
    pub benefit_id: i64,
    pub user_id: i64,
    pub alternate_email: Option<String>,
    pub status: AssignmentStatus,
    pub activates_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct DownloadRow {
    pub product_code: String,
    pub language: String,
    pub operating_system: OperatingSystem,
    pub file_name: String,
    pub url: String,
    pub size_bytes: i64,
    pub sha256: String,
}
