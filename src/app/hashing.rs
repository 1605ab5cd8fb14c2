//! A bounded queue for password hashing. argon2id takes 19 MiB and tens of
//! milliseconds a call, so hashes run on a few threads of their own (one per
//! core), and only a few more wait in line; beyond that a sign-in is answered
//! `RATE_LIMITED` at once instead of piling up memory and threads. Fixed
//! threads also keep the memory allocator from holding one 19 MiB block per
//! thread of a growing pool.

use std::sync::mpsc::{sync_channel, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};

use super::{AppError, AppResult};

type Job = Box<dyn FnOnce() + Send>;

/// Hashing threads and the line in front of them.
pub struct HashingQueue {
    line: SyncSender<Job>,
}

impl HashingQueue {
    /// `threads` hashes at once (at least one), `waiting` more in line.
    pub fn new(threads: usize, waiting: usize) -> Self {
        let (line, jobs) = sync_channel::<Job>(waiting);
        let jobs = Arc::new(Mutex::new(jobs));
        for n in 0..threads.max(1) {
            let jobs = jobs.clone();
            let spawned = std::thread::Builder::new().name(format!("password-hashing-{n}")).spawn(move || work(&jobs));
            if let Err(e) = spawned {
                tracing::error!(error = %e, "cannot start a password hashing thread");
            }
        }
        Self { line }
    }

    /// One thread per core, four jobs per thread waiting.
    pub fn for_this_machine() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get);
        Self::new(cores, 4 * cores)
    }

    /// Runs `work` on a hashing thread, or refuses at once when the line is
    /// full. The work finishes even if the caller stops waiting.
    pub async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> AppResult<T> {
        let (done, result) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let _ = done.send(work());
        });
        match self.line.try_send(job) {
            Ok(()) => {}
            Err(TrySendError::Full(_)) => return Err(AppError::RateLimited { retry_after_secs: 1 }),
            Err(TrySendError::Disconnected(_)) => return Err(AppError::internal("the password hashing threads are gone")),
        }
        result.await.map_err(|_| AppError::internal("a password hashing job was dropped"))
    }
}

/// A hashing thread: runs jobs until the queue is dropped.
fn work(jobs: &Mutex<Receiver<Job>>) {
    loop {
        let next = match jobs.lock() {
            Ok(receiver) => receiver.recv(),
            Err(_) => return,
        };
        match next {
            Ok(job) => job(),
            Err(_) => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn refuses_beyond_its_line_and_keeps_serving() {
        let queue = Arc::new(HashingQueue::new(1, 1));
        let (started_tx, started) = std::sync::mpsc::channel::<()>();
        let (release, wait) = std::sync::mpsc::channel::<()>();
        let first = {
            let queue = queue.clone();
            tokio::spawn(async move {
                queue
                    .run(move || {
                        let _ = started_tx.send(());
                        wait.recv().is_ok()
                    })
                    .await
            })
        };
        // The only thread is busy with the first job: of two more, one waits
        // in line and the other is refused at once.
        tokio::task::spawn_blocking(move || started.recv()).await.unwrap().unwrap();
        let (a, b) = (queue.clone(), queue.clone());
        let mut second = tokio::spawn(async move { a.run(|| 2).await });
        let mut third = tokio::spawn(async move { b.run(|| 3).await });
        // Neither can finish while the thread is busy, unless it was refused.
        let (refused, waiting) = tokio::select! {
            r = &mut second => (r.unwrap(), third),
            r = &mut third => (r.unwrap(), second),
        };
        assert!(matches!(refused, Err(AppError::RateLimited { .. })), "{refused:?}");
        release.send(()).unwrap();
        assert!(first.await.unwrap().unwrap());
        assert!(waiting.await.unwrap().is_ok(), "the one in line runs");
        assert_eq!(queue.run(|| 4).await.unwrap(), 4, "the thread takes new work");
    }
}
