//! The GraphQL schema: thin resolvers over the app layer.

pub mod benefits;
pub mod billing;
pub mod catalog;
pub mod identity;
pub mod network;
pub mod objects;
pub mod orders;
pub mod query;
pub mod support;
pub mod types;

use std::sync::Arc;

use async_graphql::{EmptySubscription, MergedObject, Schema, SchemaBuilder};

use crate::app::App;

/// The mutation root, merged from one object per area.
#[derive(MergedObject, Default)]
pub struct Mutation(
    identity::IdentityMutation,
    billing::BillingMutation,
    network::NetworkMutation,
    benefits::BenefitMutation,
    support::SupportMutation,
);

pub type AppSchema = Schema<query::Query, Mutation, EmptySubscription>;

/// Limits applied to every GraphQL request.
#[derive(Debug, Clone)]
pub struct SchemaLimits {
    pub max_complexity: usize,
    /// Most directives on one field.
    pub max_directives: usize,
    pub introspection: bool,
    pub suggestions: bool,
}

impl Default for SchemaLimits {
    fn default() -> Self {
        Self { max_complexity: 5_000, max_directives: 5, introspection: true, suggestions: true }
    }
}

/// Deeper than any selection the document bounds let through.
const DEPTH_BACKSTOP: usize = 48;

fn builder(limits: &SchemaLimits) -> SchemaBuilder<query::Query, Mutation, EmptySubscription> {
    let mut b = Schema::build(query::Query, Mutation::default(), EmptySubscription)
        // The HTTP layer limits depth outside introspection (see
        // `api::shape`); this is the backstop for any other caller.
        .limit_depth(DEPTH_BACKSTOP)
        // The HTTP layer refuses more directives first, with its code (see
        // `api::limits`); this is the backstop for any other caller.
        .limit_directives(limits.max_directives);
    if !limits.introspection {
        b = b.disable_introspection();
    }
    if !limits.suggestions {
        b = b.disable_suggestions();
    }
    b
}

/// The schema that serves requests for `app`, charging each request's cost to `budget`.
pub fn build(app: Arc<App>, limits: &SchemaLimits, budget: Arc<super::limits::CostBudget>) -> AppSchema {
    // The cost limit runs inside the budget's extension: a refused request
    // spends nothing.
    builder(limits)
        .data(app)
        .extension(super::limits::CostLimit(budget))
        .extension(super::limits::ComplexityLimit(limits.max_complexity))
        .finish()
}

/// The schema in SDL: what `partnerdesk schema` prints and `schema.graphql` holds.
pub fn sdl() -> String {
    builder(&SchemaLimits::default()).finish().sdl()
}
