//! The clock every use case reads. It can start at a chosen time (like a
//! payment provider's test clock) and tests can set it.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use chrono::{DateTime, DurationRound, TimeDelta, Utc};

/// A source of "now", cheap to clone.
#[derive(Debug, Clone)]
pub struct Clock(Arc<Mutex<Mode>>);

#[derive(Debug)]
enum Mode {
    System,
    /// Started at `at` when the process was at `since`; runs at normal speed.
    From {
        at: DateTime<Utc>,
        since: Instant,
    },
    /// Stands still until set.
    Manual(DateTime<Utc>),
}

impl Clock {
    pub fn system() -> Self {
        Self(Arc::new(Mutex::new(Mode::System)))
    }

    /// A clock that reads `at` now and moves on in real time.
    pub fn starting_at(at: DateTime<Utc>) -> Self {
        Self(Arc::new(Mutex::new(Mode::From { at, since: Instant::now() })))
    }

    /// A clock that only moves when told to.
    pub fn manual(at: DateTime<Utc>) -> Self {
        Self(Arc::new(Mutex::new(Mode::Manual(at))))
    }

    /// Sets the time (every clone sees it).
    pub fn set(&self, at: DateTime<Utc>) {
        *self.lock() = Mode::Manual(at);
    }

    /// Moves a manual clock forward, or turns any clock into a manual one.
    pub fn advance(&self, by: TimeDelta) {
        let now = self.now();
        self.set(now + by);
    }

    /// The current time, to the microsecond (what both databases keep).
    pub fn now(&self) -> DateTime<Utc> {
        let t = match &*self.lock() {
            Mode::System => Utc::now(),
            Mode::From { at, since } => *at + TimeDelta::from_std(since.elapsed()).unwrap_or_default(),
            Mode::Manual(at) => *at,
        };
        t.duration_trunc(TimeDelta::microseconds(1)).unwrap_or(t)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Mode> {
        // The mode is always valid, even if a holder panicked.
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_clocks_move_only_when_told() {
        let start = DateTime::parse_from_rfc3339("2017-03-01T12:00:00Z").unwrap().with_timezone(&Utc);
        let clock = Clock::manual(start);
        let other = clock.clone();
        assert_eq!(clock.now(), start);
        other.advance(TimeDelta::days(30));
        assert_eq!(clock.now(), start + TimeDelta::days(30));
    }

    #[test]
    fn a_started_clock_runs_from_its_start() {
        let start = DateTime::parse_from_rfc3339("2017-03-01T12:00:00Z").unwrap().with_timezone(&Utc);
        let clock = Clock::starting_at(start);
        let now = clock.now();
        assert!(now >= start && now < start + TimeDelta::minutes(1));
        assert_eq!(now.timestamp_subsec_nanos() % 1000, 0);
    }
}
