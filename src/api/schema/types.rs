//! Shared GraphQL types: user errors, enums that mirror the domain, and the
//! helpers for IDs, cursors and connections.

use crate::api::codes;
use async_graphql::connection::{Connection, Edge};
use async_graphql::{Context, Enum, ErrorExtensions, InputType, OutputType, SimpleObject, ID};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use crate::app::access::{Granted, Guarded};
use crate::app::{AppError, Viewer};
use crate::domain::{ErrorCode, GlobalId, NodeKind};
use crate::store::{Page, PageRequest};

use super::super::context::ContextExt;

/// A business-rule failure, reported in a mutation payload (HTTP 200, data present).
#[derive(SimpleObject, Debug, Clone)]
pub struct UserError {
    /// Path to the input field at fault, e.g. ["input", "alternateEmail"]
    pub field: Option<Vec<String>>,
    pub code: UserErrorCode,
    /// Localized, for people
    pub message: String,
}

/// Stable codes of business-rule failures.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "crate::domain::ErrorCode")]
pub enum UserErrorCode {
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

/// The GraphQL name of a code, e.g. `LAST_GLOBAL_ADMIN`.
pub fn code_name(code: ErrorCode) -> String {
    match UserErrorCode::from(code).to_value() {
        async_graphql::Value::Enum(name) => name.to_string(),
        other => other.to_string(),
    }
}

/// What a user may do. Partner roles belong to partner organizations, staff
/// roles to the program operator.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "crate::domain::Role")]
pub enum Role {
    /// Everything in the organization
    GlobalAdmin,
    /// Users and their roles (cannot grant GLOBAL_ADMIN)
    AccountAdmin,
    /// Payment methods, orders and invoices
    BillingAdmin,
    /// Offers, purchases, renewals, benefits and service requests
    MembershipAdmin,
    /// Their own profile and the benefits assigned to them
    Member,
    /// Program staff: works the service requests of every organization
    SupportAgent,
    /// Program staff: grants competencies, manages the program
    ProgramAdmin,
}

/// Levels of membership in the partner program, lowest first.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "crate::domain::catalog::MembershipLevel")]
pub enum MembershipLevel {
    Network,
    ActionPack,
    SilverCompetency,
    GoldCompetency,
}

/// A top-level `BAD_REQUEST` error.
pub fn bad_request(message: impl Into<String>) -> async_graphql::Error {
    async_graphql::Error::new(message.into()).extend_with(|_, e| e.set("code", codes::BAD_REQUEST))
}

/// The opaque global ID of an object.
pub fn global_id(kind: NodeKind, key: i64) -> ID {
    ID(GlobalId::new(kind, key).encode())
}

/// Reads an ID argument of `kind`; anything else is `NOT_FOUND` on `field`,
/// exactly like an ID that names nothing.
pub fn decode_id(id: &ID, kind: NodeKind, field: &'static str) -> Result<i64, AppError> {
    GlobalId::decode_as(id.as_str(), kind).ok_or_else(|| AppError::not_found(field))
}

const CURSOR_PREFIX: &str = "cursor:";

fn encode_cursor(key: i64) -> String {
    URL_SAFE_NO_PAD.encode(format!("{CURSOR_PREFIX}{key}"))
}

fn decode_cursor(cursor: &str) -> Option<i64> {
    let bytes = URL_SAFE_NO_PAD.decode(cursor).ok()?;
    std::str::from_utf8(&bytes).ok()?.strip_prefix(CURSOR_PREFIX)?.parse().ok().filter(|k: &i64| *k > 0)
}

/// The largest page a connection serves.
pub const MAX_PAGE: i32 = 100;

/// Checks `first`/`after`: `first` is required and within 1..=100.
pub fn page_request(ctx: &Context<'_>, first: Option<i32>, after: Option<String>) -> async_graphql::Result<PageRequest> {
    let req = ctx.request();
    let bad = |id: &str| bad_request(ctx.app().locales.text(req.lang, id));
    let first = match first {
        Some(n) if (1..=MAX_PAGE).contains(&n) => i64::from(n),
        _ => return Err(bad("error-page-size")),
    };
    let after = match after {
        None => None,
        Some(c) => Some(decode_cursor(&c).ok_or_else(|| bad("error-cursor-invalid"))?),
    };
    Ok(PageRequest { after, first })
}

/// The `totalCount` every connection carries.
#[derive(SimpleObject)]
pub struct ConnectionTotals {
    /// How many items the whole list holds
    pub total_count: i64,
}

/// A Relay connection over a page of rows, each keyed by `key`.
pub type Paged<T> = Connection<String, T, ConnectionTotals>;

/// Builds a connection from a store page.
pub fn connection<R: Guarded, T: OutputType>(
    ctx: &Context<'_>,
    viewer: &std::sync::Arc<Viewer>,
    page: Page<R>,
    request: PageRequest,
    key: impl Fn(&R) -> i64,
    wrap: impl Fn(Granted<R>) -> T,
) -> async_graphql::Result<Paged<T>> {
    let mut conn = Connection::with_additional_fields(request.after.is_some(), page.has_next, ConnectionTotals { total_count: page.total });
    for row in page.rows {
        let cursor = encode_cursor(key(&row));
        conn.edges.push(Edge::new(cursor, wrap(viewer.grant(row).map_err(|e| ctx.error(e))?)));
    }
    Ok(conn)
}

/// A mutation payload: the changed objects, or the userErrors.
pub trait Payload: Default {
    fn with_user_errors(errors: Vec<UserError>) -> Self;
}

/// Implements `Payload` for payload structs with a `user_errors` field.
macro_rules! impl_payload {
    ($($name:ident),+ $(,)?) => {
        $(impl $crate::api::schema::types::Payload for $name {
            fn with_user_errors(errors: Vec<$crate::api::schema::types::UserError>) -> Self {
                Self { user_errors: errors, ..Self::default() }
            }
        })+
    };
}
pub(crate) use impl_payload;

/// The payload of a mutation: built by `ok` from its result, or carrying its
/// userErrors. Errors that are not rule errors become top-level errors.
pub fn payload<T, P: Payload>(ctx: &Context<'_>, result: Result<T, AppError>, ok: impl FnOnce(T) -> P) -> async_graphql::Result<P> {
    match result {
        Ok(value) => Ok(ok(value)),
        Err(e) => Ok(P::with_user_errors(ctx.user_errors(e)?)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_reject_garbage() {
        assert_eq!(decode_cursor(&encode_cursor(42)), Some(42));
        assert_eq!(decode_cursor("garbage!"), None);
        assert_eq!(decode_cursor(&URL_SAFE_NO_PAD.encode("cursor:-4")), None);
        assert_eq!(decode_cursor(&URL_SAFE_NO_PAD.encode("other:4")), None);
    }

    #[test]
    fn code_names_are_screaming_snake_case() {
        assert_eq!(code_name(ErrorCode::LastGlobalAdmin), "LAST_GLOBAL_ADMIN");
    }
}
