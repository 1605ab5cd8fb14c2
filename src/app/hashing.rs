//! A bounded queue for password hashing: argon2id takes 19 MiB and tens of
//! milliseconds a call, so only a few run at once and only a few more wait;
//! beyond that a sign-in is answered `RATE_LIMITED` at once instead of
//! piling up memory and threads.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use tokio::sync::Semaphore;

use super::{AppError, AppResult};

/// How many hashes may run at once and how many may wait.
pub struct HashingQueue {
    running: Arc<Semaphore>,
    admitted: AtomicUsize,
    capacity: usize,
}

/// Gives an admission back when the caller is done or gives up.
struct Admission<'a>(&'a AtomicUsize);

impl Drop for Admission<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

impl HashingQueue {
    /// `running` hashes at once (at least one), `waiting` more in line.
    pub fn new(running: usize, waiting: usize) -> Self {
        let running = running.max(1);
        Self { running: Arc::new(Semaphore::new(running)), admitted: AtomicUsize::new(0), capacity: running + waiting }
    }

    /// One hash per core, four times as many waiting.
    pub fn for_this_machine() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get);
        Self::new(cores, 4 * cores)
    }

    /// Runs `work` on the blocking pool once a slot is free, or refuses at
    /// once when the line is full. The slot is held until `work` finishes,
    /// even if the caller stops waiting.
    pub async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> AppResult<T> {
        if self.admitted.fetch_add(1, Ordering::AcqRel) >= self.capacity {
            self.admitted.fetch_sub(1, Ordering::AcqRel);
            return Err(AppError::RateLimited { retry_after_secs: 1 });
        }
        let _admission = Admission(&self.admitted);
        let permit = self.running.clone().acquire_owned().await.map_err(|e| AppError::internal(format!("hashing queue: {e}")))?;
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            work()
        })
        .await
        .map_err(|e| AppError::internal(format!("password hashing task: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn refuses_beyond_its_capacity_and_frees_slots_when_done() {
        let queue = Arc::new(HashingQueue::new(1, 1));
        let (release, wait) = std::sync::mpsc::channel::<()>();
        let wait = Arc::new(std::sync::Mutex::new(wait));
        let blocker = {
            let (queue, wait) = (queue.clone(), wait.clone());
            tokio::spawn(async move { queue.run(move || wait.lock().map(|w| w.recv().is_ok()).unwrap_or(false)).await })
        };
        // Wait until the first job holds the only running slot.
        while queue.running.available_permits() > 0 {
            tokio::task::yield_now().await;
        }
        let second = {
            let queue = queue.clone();
            tokio::spawn(async move { queue.run(|| 2).await })
        };
        while queue.admitted.load(Ordering::Acquire) < 2 {
            tokio::task::yield_now().await;
        }
        assert!(matches!(queue.run(|| 3).await, Err(AppError::RateLimited { .. })), "a full line refuses at once");
        release.send(()).unwrap();
        assert!(blocker.await.unwrap().unwrap());
        assert_eq!(second.await.unwrap().unwrap(), 2);
        assert_eq!(queue.run(|| 4).await.unwrap(), 4, "slots come back");
    }
}
