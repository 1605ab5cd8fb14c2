//! Rows read from the database and records written to it, by area.

mod benefits;
mod identity;
mod membership;

pub use benefits::*;
pub use identity::*;
pub use membership::*;
