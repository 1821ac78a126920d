//! Tasks an operation spawns for its own answer (a synchronous run, a tested state): each ends
//! with the call that awaits it, so that a connection ended by a stopping server leaves no run
//! behind on the caller's runtime.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::task::{JoinError, JoinHandle};

/// `work` as a task of the caller's runtime (a run that panics fails its awaiting call only),
/// aborted when what awaits it is dropped.
pub(crate) fn spawn_owned<T: Send + 'static>(
    work: impl Future<Output = T> + Send + 'static,
) -> Owned<T> {
    Owned(tokio::spawn(work))
}

/// A task that [`spawn_owned`] made: its outcome when awaited, aborted when dropped.
#[must_use = "an owned task is aborted when dropped"]
pub(crate) struct Owned<T>(JoinHandle<T>);

impl<T> Future for Owned<T> {
    type Output = Result<T, JoinError>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        Pin::new(&mut self.0).poll(cx)
    }
}

impl<T> Drop for Owned<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_dropped_task_is_aborted_and_an_awaited_one_answers() {
        let (_keep, never) = tokio::sync::oneshot::channel::<()>();
        let (dropped, ended) = tokio::sync::oneshot::channel::<()>();
        let waiting = spawn_owned(async move {
            let _ended_with_the_task = dropped;
            let _ = never.await;
        });
        drop(waiting);
        // The task's future was dropped with it: its sender went, unsent.
        assert!(ended.await.is_err());
        assert_eq!(spawn_owned(async { 7 }).await.ok(), Some(7));
    }
}
