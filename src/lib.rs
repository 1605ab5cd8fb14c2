//! partnerdesk: the back office of a partner program.
//!
//! Requests flow one way: HTTP → [`api`] → [`app`] → [`domain`] + [`store`].

/// Pure types and business rules: no I/O.
pub mod domain;
/// Persistence behind one `Store` trait, on SQLite or PostgreSQL.
pub mod store;
/// Fluent bundles (en, fr) shared by the API and the help site.
pub mod i18n;
/// Use cases: permission, load, rule, save atomically.
pub mod app;
/// HTTP and GraphQL: router, schema, resolvers, errors.
pub mod api;
/// Command-line flags, each with an environment variable.
pub mod config;
/// What each command does.
pub mod commands;
