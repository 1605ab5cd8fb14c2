//! The values of `extensions.code` on top-level errors: the whole list, so
//! that the help site's Errors page can be checked against it (`cargo test`
//! fails when a code has no entry in `locales/*/errors.ftl`, or an entry has
//! no code).

/// No token, or an expired or revoked one.
pub const UNAUTHENTICATED: &str = "UNAUTHENTICATED";
/// Signed in, but no role allows it (or the password must be changed first).
pub const FORBIDDEN: &str = "FORBIDDEN";
/// Malformed request or document.
pub const BAD_REQUEST: &str = "BAD_REQUEST";
/// Over the depth, cost or size limits.
pub const TOO_COMPLEX: &str = "TOO_COMPLEX";
/// Over the rate budget.
pub const RATE_LIMITED: &str = "RATE_LIMITED";
/// A failure on the server's side.
pub const INTERNAL: &str = "INTERNAL";

/// Every top-level code, in the order the Errors page lists them.
pub const ALL: [&str; 6] = [UNAUTHENTICATED, FORBIDDEN, BAD_REQUEST, TOO_COMPLEX, RATE_LIMITED, INTERNAL];
