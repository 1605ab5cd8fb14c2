//! Limits on what a document asks for: aliases per selection set,
//! directives per field, the computed cost (complexity) of one request, and
//! a per-client budget of query cost (like GitHub's point budget), spent by
//! each request's cost. Each refusal carries its code (`TOO_COMPLEX`,
//! `RATE_LIMITED`), so that nothing downstream reads error messages.

use crate::api::codes;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextValidation};
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{ServerError, ValidationResult};
use governor::middleware::StateInformationMiddleware;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

/// The most aliased fields one selection set may hold, or an error message.
pub fn check_aliases(doc: &ExecutableDocument, max: usize) -> Result<(), String> {
    let over = |set: &SelectionSet| most_aliases(set) > max;
    let too_many = doc.operations.iter().any(|(_, op)| over(&op.node.selection_set.node))
        || doc.fragments.values().any(|f| over(&f.node.selection_set.node));
    if too_many {
        Err(format!("A selection set may hold at most {max} aliased fields."))
    } else {
        Ok(())
    }
}

fn most_aliases(set: &SelectionSet) -> usize {
    let here = set.items.iter().filter(|s| matches!(&s.node, Selection::Field(f) if f.node.alias.is_some())).count();
    let below = set
        .items
        .iter()
        .map(|s| match &s.node {
            Selection::Field(f) => most_aliases(&f.node.selection_set.node),
            Selection::InlineFragment(f) => most_aliases(&f.node.selection_set.node),
            Selection::FragmentSpread(_) => 0,
        })
        .max()
        .unwrap_or(0);
    here.max(below)
}

/// The most directives one field may carry, or an error message. Every
/// selection set of the document is looked at once (fragments where they are
/// defined), so a document costs this pass no more than its length.
pub fn check_directives(doc: &ExecutableDocument, max: usize) -> Result<(), String> {
    fn over(set: &SelectionSet, max: usize) -> Option<(String, usize)> {
        set.items.iter().find_map(|s| match &s.node {
            Selection::Field(f) if f.node.directives.len() > max => Some((f.node.name.node.to_string(), f.node.directives.len())),
            Selection::Field(f) => over(&f.node.selection_set.node, max),
            Selection::InlineFragment(f) => over(&f.node.selection_set.node, max),
            Selection::FragmentSpread(_) => None,
        })
    }
    let found = doc
        .operations
        .iter()
        .find_map(|(_, op)| over(&op.node.selection_set.node, max))
        .or_else(|| doc.fragments.values().find_map(|f| over(&f.node.selection_set.node, max)));
    match found {
        Some((field, n)) => Err(format!("A field may carry at most {max} directives; `{field}` has {n}.")),
        None => Ok(()),
    }
}

/// Refuses a request whose computed cost is over the limit, with `TOO_COMPLEX`.
pub struct ComplexityLimit(pub usize);

impl ExtensionFactory for ComplexityLimit {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(ComplexityLimitExtension(self.0))
    }
}

struct ComplexityLimitExtension(usize);

#[async_trait::async_trait]
impl Extension for ComplexityLimitExtension {
    async fn validation(&self, ctx: &ExtensionContext<'_>, next: NextValidation<'_>) -> Result<ValidationResult, Vec<ServerError>> {
        let result = next.run(ctx).await?;
        if result.complexity > self.0 {
            let mut error = ServerError::new(
                format!("The query is too complex: it costs {} points, and a request may cost at most {}.", result.complexity, self.0),
                None,
            );
            let mut ext = async_graphql::ErrorExtensionValues::default();
            ext.set("code", codes::TOO_COMPLEX);
            error.extensions = Some(ext);
            return Err(vec![error]);
        }
        Ok(result)
    }
}

type Limiter =
    RateLimiter<String, governor::state::keyed::DefaultKeyedStateStore<String>, governor::clock::DefaultClock, StateInformationMiddleware>;

/// Per-client budgets of query cost, refilled continuously.
pub struct CostBudget {
    limiter: Limiter,
    points_per_minute: u32,
    checks: AtomicU64,
}

/// What a request spent, reported in `extensions.rateLimit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Spent {
    pub limit: u32,
    pub cost: u32,
    pub remaining: u32,
}

/// Where a request reports what it spent (shared with the HTTP handler).
#[derive(Clone, Default)]
pub struct SpentSlot(pub Arc<Mutex<Option<Spent>>>);

/// Who pays for a request: its token, or its address when anonymous.
#[derive(Clone, Debug)]
pub struct Payer(pub String);

impl CostBudget {
    pub fn new(points_per_minute: u32) -> Self {
        let per_minute = NonZeroU32::new(points_per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
        let limiter: DefaultKeyedRateLimiter<String> = RateLimiter::keyed(Quota::per_minute(per_minute));
        Self {
            limiter: limiter.with_middleware::<StateInformationMiddleware>(),
            points_per_minute: per_minute.get(),
            checks: AtomicU64::new(0),
        }
    }

    /// Spends `cost` points of `payer`'s budget, or says how many seconds to wait.
    pub fn spend(&self, payer: &str, cost: u32) -> Result<Spent, u64> {
        if self.checks.fetch_add(1, Ordering::Relaxed) % 4096 == 0 {
            self.limiter.retain_recent();
        }
        let cost = cost.clamp(1, self.points_per_minute);
        let n = NonZeroU32::new(cost).unwrap_or(NonZeroU32::MIN);
        match self.limiter.check_key_n(&payer.to_owned(), n) {
            Ok(Ok(snapshot)) => Ok(Spent { limit: self.points_per_minute, cost, remaining: snapshot.remaining_burst_capacity() }),
            Ok(Err(not_until)) => {
                let wait = not_until.wait_time_from(governor::clock::Clock::now(&governor::clock::DefaultClock::default()));
                Err(wait.as_secs().max(1))
            }
            Err(_) => Err(60),
        }
    }
}

/// The async-graphql extension that charges each validated request its complexity.
pub struct CostLimit(pub Arc<CostBudget>);

impl ExtensionFactory for CostLimit {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(CostLimitExtension(self.0.clone()))
    }
}

struct CostLimitExtension(Arc<CostBudget>);

#[async_trait::async_trait]
impl Extension for CostLimitExtension {
    async fn validation(&self, ctx: &ExtensionContext<'_>, next: NextValidation<'_>) -> Result<ValidationResult, Vec<ServerError>> {
        let result = next.run(ctx).await?;
        let (Some(payer), Some(slot)) = (ctx.data_opt::<Payer>(), ctx.data_opt::<SpentSlot>()) else { return Ok(result) };
        let cost = u32::try_from(result.complexity).unwrap_or(u32::MAX);
        match self.0.spend(&payer.0, cost) {
            Ok(spent) => {
                if let Ok(mut s) = slot.0.lock() {
                    *s = Some(spent);
                }
                Ok(result)
            }
            Err(retry_after) => {
                let mut error = ServerError::new(
                    format!("Rate limit exceeded: this request costs {cost} points. Try again in {retry_after} seconds."),
                    None,
                );
                let mut ext = async_graphql::ErrorExtensionValues::default();
                ext.set("code", codes::RATE_LIMITED);
                ext.set("retryAfter", retry_after);
                error.extensions = Some(ext);
                Err(vec![error])
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn aliases_ok(query: &str, max: usize) -> bool {
        check_aliases(&async_graphql::parser::parse_query(query).expect("a valid query"), max).is_ok()
    }

    fn directives_ok(query: &str, max: usize) -> bool {
        check_directives(&async_graphql::parser::parse_query(query).expect("a valid query"), max).is_ok()
    }

    #[test]
    fn directives_are_counted_per_field_in_operations_and_fragments() {
        assert!(directives_ok("{ a @skip(if: false) @include(if: true) }", 2));
        assert!(!directives_ok("{ a @skip(if: false) @include(if: true) @skip(if: false) }", 2));
        assert!(!directives_ok("{ ...F } fragment F on Query { b { c @x @y @z } }", 2));
        assert!(!directives_ok("{ ... on Query { d @x @y @z } }", 2));
    }

    #[test]
    fn counts_aliases_per_selection_set() {
        assert!(aliases_ok("{ a: viewer { id } b: viewer { id } }", 2));
        assert!(!aliases_ok("{ a: viewer { id } b: viewer { id } c: viewer { id } }", 2));
        assert!(!aliases_ok("{ viewer { x: id y: id z: id } }", 2));
        assert!(!aliases_ok("fragment F on User { x: id y: id z: id } { viewer { ...F } }", 2));
    }

    #[test]
    fn budgets_are_per_payer_and_refuse_when_spent() {
        let budget = CostBudget::new(100);
        assert_eq!(budget.spend("a", 60).unwrap().remaining, 40);
        assert!(budget.spend("a", 60).is_err());
        assert!(budget.spend("b", 60).is_ok(), "another payer has its own budget");
        assert_eq!(budget.spend("c", 500).unwrap().cost, 100, "a request never costs more than the whole budget");
    }
}
