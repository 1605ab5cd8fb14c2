//! The pure core: types and business rules with no I/O, no async, no SQL and no
//! GraphQL. Functions here take the current state (and the clock's `now` where
//! time matters) and return a value or a typed rule error.

pub mod access;
pub mod benefits;
pub mod cards;
pub mod catalog;
pub mod errors;
pub mod identity;
pub mod ids;
pub mod lang;
pub mod money;
pub mod network;
pub mod roles;
pub mod service_requests;
pub mod stored;
pub mod subscriptions;

pub use errors::{ErrorCode, RuleError};
pub use ids::{GlobalId, NodeKind};
pub use lang::Lang;
pub use roles::{Action, Role, RoleSet};
