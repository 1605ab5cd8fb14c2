//! partnerdesk: the back office of a partner program.
//!
//! Requests flow one way: HTTP → [`api`] → [`app`] → [`domain`] + [`store`].

// `store/sql/` is compiled once per backend, mounted with `#[path]` by
// `store/sqlite.rs` and `store/postgres.rs`: the duplication is the design.
#![allow(clippy::duplicate_mod)]

/// HTTP and GraphQL: router, schema, resolvers, errors.
pub mod api;
/// Use cases: permission, load, rule, save atomically.
pub mod app;
/// What each command does.
pub mod commands;
/// Command-line flags, each with an environment variable.
pub mod config;
/// The help-site generator: Markdown and Fluent in, a bilingual static site out.
pub mod docs;
/// Pure types and business rules: no I/O.
pub mod domain;
/// Fluent bundles (en, fr) shared by the API and the help site.
pub mod i18n;
/// Scheduled work: renewals, grace, expiry, reminders, mail delivery.
pub use app::jobs;
/// Mail delivery for the outbox: log, a folder of .eml files, or SMTP.
pub mod mail;
/// Prometheus metrics.
pub mod metrics;
/// Payment gateways: the trait and the built-in test gateway.
pub mod payments;
/// `docs serve`: the help site rebuilt on change, with live reload.
pub mod preview;
/// Help pages and Fluent files: from a folder, or built into the binary.
pub mod sources;
/// Persistence behind one `Store` trait, on SQLite or PostgreSQL.
pub mod store;
