//! Organizations, users, sessions, the audit log, and paging.

use chrono::{DateTime, Utc};

use crate::domain::identity::OrganizationKind;
use crate::domain::GlobalId;

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct OrganizationRow {
    pub id: i64,
    pub partner_id: String,
    pub kind: OrganizationKind,
    pub legal_name: String,
    pub country: String,
    pub network_member_since: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct UserRow {
    pub id: i64,
    pub organization_id: i64,
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub roles: i64,
    pub active: bool,
    pub must_change_password: bool,
    pub language: crate::domain::Lang,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct SessionRow {
    pub id: i64,
    pub user_id: i64,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct AuditEventRow {
    pub id: i64,
    pub organization_id: i64,
    pub actor_user_id: Option<i64>,
    pub action: String,
    pub target_id: Option<String>,
    pub at: DateTime<Utc>,
}

/// A partner organization about to join the network.
#[derive(Debug, Clone)]
pub struct NewOrganization {
    pub partner_id: String,
    pub legal_name: String,
    pub country: String,
}

/// A user about to be created.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub roles: i64,
    pub must_change_password: bool,
    pub language: crate::domain::Lang,
}

/// The audit event recorded with a change, in the same transaction. Methods
/// that create an object record that object as the target.
#[derive(Debug, Clone)]
pub struct NewAuditEvent {
    pub actor_user_id: Option<i64>,
    pub action: &'static str,
    pub target: Option<GlobalId>,
}

/// A change of a user's access.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccessChange {
    SetRoles(i64),
    Deactivate,
}

/// Forward keyset pagination over ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    /// Only rows after this id, in the listing's order.
    pub after: Option<i64>,
    /// How many rows at most.
    pub first: i64,
}

/// One page of rows, and what lies around it.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub rows: Vec<T>,
    pub has_next: bool,
    pub total: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FailureCounts {
    pub by_email: i64,
    pub by_address: i64,
    pub oldest_by_email: Option<DateTime<Utc>>,
    pub oldest_by_address: Option<DateTime<Utc>>,
}

/// An organization's network term as stored.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct NetworkTermRow {
    pub organization_id: i64,
    pub term_start: DateTime<Utc>,
    pub term_end: DateTime<Utc>,
    pub agreement_version: String,
    pub reminded_30_for: Option<DateTime<Utc>>,
    pub reminded_7_for: Option<DateTime<Utc>>,
}

impl NetworkTermRow {
    pub fn term(&self) -> crate::domain::network::NetworkTerm {
        crate::domain::network::NetworkTerm {
            term: crate::domain::subscriptions::Term { start: self.term_start, end: self.term_end },
            reminded_30_for: self.reminded_30_for,
            reminded_7_for: self.reminded_7_for,
        }
    }
}

/// How a network renewal went.
#[derive(Debug, Clone, PartialEq)]
pub enum NetworkRenewal {
    /// Renewed now.
    Renewed(NetworkTermRow),
    /// A renewal under the same idempotency key went through before: the term as it is.
    Replayed(NetworkTermRow),
    /// The term changed since it was read (another renewal): nothing written.
    Changed,
}
