//! Where started executions run: tasks of the caller's Tokio runtime, never a thread each
//! and never a runtime of the engine's own ([`StartExecution::start`](crate::StartExecution::start)
//! spawns on the runtime it is called in). A thousand running executions cost a thousand tasks
//! (a few hundred bytes each while they wait), not a thousand stacks. Handlers that block
//! inside an execution block one of the caller's workers; an execution waiting for a callback,
//! an activity worker or a timer holds none.

use futures::FutureExt;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use tokio::sync::oneshot;

/// The outcome of a task: its output, or the panic that ended it.
type Outcome<T> = std::thread::Result<T>;

/// A task running on a caller's runtime, whose outcome a future can wait for: what it sends on
/// a oneshot channel once it ended.
pub(crate) struct Task<T> {
    outcome: oneshot::Receiver<Outcome<T>>,
}

/// What to call once a task ended and its outcome can be taken.
pub type OnEnd = Box<dyn FnOnce() + Send>;

/// Runs `future` as a task of `runtime`, calling `on_end` (on the runtime's thread) once the
/// outcome is there.
pub(crate) fn spawn<T: Send + 'static>(
    runtime: &tokio::runtime::Handle,
    future: impl Future<Output = T> + Send + 'static,
    on_end: Option<OnEnd>,
) -> Task<T> {
    let (send, outcome) = oneshot::channel();
    runtime.spawn(async move {
        // A panic of the run (a bug of the engine or of a handler) is kept for the waiter,
        // who resumes it, as joining a thread would.
        let ended = AssertUnwindSafe(future).catch_unwind().await;
        // Nobody waits any more when the task was dropped: nothing to tell then.
        let _ = send.send(ended);
        if let Some(on_end) = on_end {
            on_end();
        }
    });
    Task { outcome }
}

impl<T> Task<T> {
    /// Whether the task ended.
    pub(crate) fn is_finished(&self) -> bool {
        !self.outcome.is_empty() || self.outcome.is_terminated()
    }

    /// The task's outcome once it ended, without waiting (`None` before); taken once.
    pub(crate) fn try_ended(&mut self) -> Option<Outcome<T>> {
        self.outcome.try_recv().ok()
    }

    /// Waits for the task to end; its output, or its panic (a task its runtime dropped before
    /// it ended, a runtime shut down, ends as a panic would).
    pub(crate) async fn ended(self) -> Outcome<T> {
        match self.outcome.await {
            Ok(outcome) => outcome,
            Err(_) => Err(Box::new(
                "the task was dropped by its runtime before it ended",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime")
    }

    #[test]
    fn a_task_gives_its_output_and_a_panic_is_kept_for_the_waiter() {
        let runtime = runtime();
        let task = spawn(runtime.handle(), async { 6 * 7 }, None);
        assert_eq!(futures::executor::block_on(task.ended()).ok(), Some(42));
        let bug = std::hint::black_box(true);
        let panicking = spawn(
            runtime.handle(),
            async move {
                if bug {
                    panic!("the run's bug");
                }
                0
            },
            None,
        );
        let Err(panic) = futures::executor::block_on(panicking.ended()) else {
            panic!("the panic was lost");
        };
        assert_eq!(panic.downcast_ref::<&str>(), Some(&"the run's bug"));
    }

    #[test]
    fn many_waiting_tasks_share_the_callers_threads() {
        let runtime = runtime();
        let (send, receive) = futures::channel::oneshot::channel::<()>();
        let receive = receive.shared();
        let tasks: Vec<_> = (0..2_000)
            .map(|_| {
                let go = receive.clone();
                spawn(runtime.handle(), async move { go.await.is_ok() }, None)
            })
            .collect();
        let threads = std::fs::read_dir("/proc/self/task").map(|d| d.count()).ok();
        if let Some(threads) = threads {
            assert!(threads < 100, "{threads} threads for 2,000 waiting tasks");
        }
        let _ = send.send(());
        assert!(
            tasks
                .into_iter()
                .all(|t| futures::executor::block_on(t.ended()).unwrap_or(false))
        );
    }
}
