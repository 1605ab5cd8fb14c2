//! Waiting until sqlx has reported every SQL statement run so far, for the
//! statement counters of `tests/queries.rs` and of the API bench (which mounts
//! this file with `#[path]`).
//!
//! SQLite reports a statement from its connection's worker thread, possibly
//! just after the caller got its rows; on a pool of one connection the worker
//! runs statements in order, so once the report of a ping that follows them
//! arrives, theirs have. PostgreSQL reports on the caller's task, before the
//! rows come back. So: count statements over a store with one connection.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use partnerdesk::store::Store;

/// The `summary` sqlx gives the statement of `Store::ping`.
pub const PING: &str = "SELECT 1";

/// The pings reported so far; a statement layer feeds it (see `is_ping`).
pub struct Fence(AtomicUsize);

impl Fence {
    pub const fn new() -> Self {
        Self(AtomicUsize::new(0))
    }

    /// For the statement layer, with a reported statement's `summary`:
    /// whether it is a ping (which is then a fence, not a statement to count).
    pub fn is_ping(&self, summary: &str) -> bool {
        let ping = summary == PING;
        if ping {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
        ping
    }

    /// Pings `store` and waits until the ping has been reported: then every
    /// statement `store` ran before has been too (on one connection).
    pub async fn pass(&self, store: &dyn Store) {
        let seen = self.0.load(Ordering::SeqCst);
        store.ping().await.expect("ping");
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.0.load(Ordering::SeqCst) == seen {
            assert!(Instant::now() < deadline, "the ping's statement was never reported");
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
    }
}

impl Default for Fence {
    fn default() -> Self {
        Self::new()
    }
}
