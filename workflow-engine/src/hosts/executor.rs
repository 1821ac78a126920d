//! Where started executions run: tasks on one runtime shared by the process, never a thread
//! each ([`StartExecution::start`](crate::StartExecution::start), `workflow serve`'s
//! `StartExecution`). A thousand running executions cost a thousand tasks (a few hundred bytes
//! each while they wait), not a thousand stacks.
//!
//! The runtime is made on first use: a multi-threaded tokio runtime with as many workers as the
//! machine has cores (two at least, eight at most), its threads named `workflow-execution`.
//! Handlers that block inside an execution block one worker; an execution waiting for a
//! callback, an activity worker or a timer holds none.

use futures::FutureExt;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Condvar, Mutex, OnceLock};

/// The outcome of a task: its output, or the panic that ended it.
type Outcome<T> = std::thread::Result<T>;

/// The runtime, made once (`None` when the system refused its threads).
fn runtime() -> Option<&'static tokio::runtime::Runtime> {
    static RUNTIME: OnceLock<Option<tokio::runtime::Runtime>> = OnceLock::new();
    RUNTIME
        .get_or_init(|| {
            let cores = std::thread::available_parallelism().map_or(2, usize::from);
            tokio::runtime::Builder::new_multi_thread()
                .worker_threads(cores.clamp(2, 8))
                .thread_name("workflow-execution")
                .enable_all()
                .build()
                .ok()
        })
        .as_ref()
}

/// A task running on the shared runtime, whose outcome a thread can wait for.
pub struct Task<T> {
    slot: Arc<Slot<T>>,
}

/// Where a task leaves its outcome.
struct Slot<T> {
    outcome: Mutex<Option<Outcome<T>>>,
    done: Condvar,
    /// Who awaits the outcome ([`Task::ended`]).
    waiter: Mutex<Option<std::task::Waker>>,
}

/// What to call once a task ended and its outcome can be taken.
pub type OnEnd = Box<dyn FnOnce() + Send>;

/// Runs `future` as a task of the shared runtime, calling `on_end` (on the runtime's thread)
/// once the outcome is there; `None` when the runtime could not be made.
pub fn spawn<T: Send + 'static>(
    future: impl Future<Output = T> + Send + 'static,
    on_end: Option<OnEnd>,
) -> Option<Task<T>> {
    let runtime = runtime()?;
    let slot = Arc::new(Slot {
        outcome: Mutex::new(None),
        done: Condvar::new(),
        waiter: Mutex::new(None),
    });
    let filling = Arc::clone(&slot);
    runtime.spawn(async move {
        // A panic of the run (a bug of the engine or of a handler) is kept for the waiter,
        // who resumes it, as joining a thread would.
        let outcome = AssertUnwindSafe(future).catch_unwind().await;
        *filling.outcome.lock().unwrap_or_else(|p| p.into_inner()) = Some(outcome);
        filling.done.notify_all();
        if let Some(waker) = filling
            .waiter
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take()
        {
            waker.wake();
        }
        if let Some(on_end) = on_end {
            on_end();
        }
    });
    Some(Task { slot })
}

impl<T> Task<T> {
    /// Whether the task ended.
    pub fn is_finished(&self) -> bool {
        self.slot
            .outcome
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .is_some()
    }

    /// Waits for the task to end; its output, or its panic.
    pub async fn ended(self) -> Outcome<T> {
        std::future::poll_fn(|cx| {
            *self.slot.waiter.lock().unwrap_or_else(|p| p.into_inner()) = Some(cx.waker().clone());
            match self
                .slot
                .outcome
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .take()
            {
                Some(outcome) => std::task::Poll::Ready(outcome),
                None => std::task::Poll::Pending,
            }
        })
        .await
    }

    /// Blocks the calling thread until the task ends; its output, or its panic.
    pub fn join(self) -> Outcome<T> {
        let mut outcome = self.slot.outcome.lock().unwrap_or_else(|p| p.into_inner());
        loop {
            if let Some(outcome) = outcome.take() {
                return outcome;
            }
            outcome = self
                .slot
                .done
                .wait(outcome)
                .unwrap_or_else(|p| p.into_inner());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_task_gives_its_output_and_a_panic_is_kept_for_the_waiter() {
        let Some(task) = spawn(async { 6 * 7 }, None) else {
            panic!("the runtime could not be made");
        };
        assert_eq!(task.join().ok(), Some(42));
        let bug = std::hint::black_box(true);
        let Some(panicking) = spawn(
            async move {
                if bug {
                    panic!("the run's bug");
                }
                0
            },
            None,
        ) else {
            panic!("the runtime could not be made");
        };
        let Err(panic) = panicking.join() else {
            panic!("the panic was lost");
        };
        assert_eq!(panic.downcast_ref::<&str>(), Some(&"the run's bug"));
    }

    #[test]
    fn many_waiting_tasks_share_the_runtimes_threads() {
        let (send, receive) = futures::channel::oneshot::channel::<()>();
        let receive = receive.shared();
        let tasks: Vec<_> = (0..2_000)
            .filter_map(|_| {
                let go = receive.clone();
                spawn(async move { go.await.is_ok() }, None)
            })
            .collect();
        assert_eq!(tasks.len(), 2_000);
        let threads = std::fs::read_dir("/proc/self/task").map(|d| d.count()).ok();
        if let Some(threads) = threads {
            assert!(threads < 100, "{threads} threads for 2,000 waiting tasks");
        }
        let _ = send.send(());
        assert!(tasks.into_iter().all(|t| t.join().unwrap_or(false)));
    }
}
