//! What running executions push to the service as it happens (the engine's
//! `StartExecution::on_change`), so that nothing is polled: the execution each task token names
//! (`SendTask*` finds it at once), and each activity's queue of tasks waiting for a worker. A
//! `GetActivityTask` long poll is a future waiting in its activity's line of pollers: a task
//! scheduled is handed to the poll that waited longest, and a poll that waits holds no thread.
//! (The events a run writes go to the writer's queue, `writer`.)

use super::locks::lock;
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Instant;
use tokio::sync::oneshot;
use workflow_aws_models::{StatesArn, TaskToken};

/// The service's side of every running execution's tokens and activity tasks.
#[derive(Default)]
pub(crate) struct Pushed {
    tokens: Mutex<Tokens>,
    /// Each activity's tasks waiting for a worker, and its polls waiting for a task.
    activities: Mutex<Queues>,
}

/// Activities' tasks waiting for a worker, and workers waiting for a task.
#[derive(Default)]
struct Queues {
    /// By activity ARN: the execution of each task, in the order they were scheduled (one
    /// entry a task).
    queued: HashMap<StatesArn, VecDeque<Arc<StatesArn>>>,
    /// By activity ARN: the polls waiting for a task, the one that waited longest first.
    polls: HashMap<StatesArn, VecDeque<oneshot::Sender<Arc<StatesArn>>>>,
    /// The tasks of executions being started (run, but not yet among the running ones a poll
    /// can find), by execution ARN: their activities, queued once the start is over
    /// ([`Pushed::hold`]).
    held: HashMap<Arc<StatesArn>, Vec<StatesArn>>,
    /// The service stops: polls answer at once.
    closed: bool,
}

impl Queues {
    /// Hands the task of `arn` on `activity` to the poll that waited longest, or queues it.
    fn deliver(&mut self, activity: &StatesArn, mut arn: Arc<StatesArn>) {
        if let Some(polls) = self.polls.get_mut(activity) {
            while let Some(poll) = polls.pop_front() {
                match poll.send(arn) {
                    Ok(()) => {
                        if polls.is_empty() {
                            self.polls.remove(activity);
                        }
                        return;
                    }
                    // That poll gave up meanwhile: the next one.
                    Err(back) => arn = back,
                }
            }
            self.polls.remove(activity);
        }
        self.queued
            .entry(activity.clone())
            .or_default()
            .push_back(arn);
    }
}

/// Holds an execution's activity tasks back until it is among the running executions
/// ([`Pushed::hold`]); dropped, queues them.
pub(crate) struct Held<'p> {
    pushed: &'p Pushed,
    arn: Arc<StatesArn>,
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        let mut queues = lock(&self.pushed.activities);
        if let Some(activities) = queues.held.remove(&self.arn) {
            for activity in activities {
                queues.deliver(&activity, Arc::clone(&self.arn));
            }
        }
    }
}

/// The running executions' task tokens.
#[derive(Default)]
struct Tokens {
    /// The execution that issued each token.
    execution: HashMap<TaskToken, Arc<StatesArn>>,
    /// Each execution's tokens, forgotten with it.
    issued: HashMap<Arc<StatesArn>, Vec<TaskToken>>,
}

impl Pushed {
    /// The execution `arn` issued the task token `token`: `SendTask*` finds it by its token.
    /// Whether it is new (a token is issued, then its task waits, and a resumed execution
    /// tells its tokens again).
    pub(crate) fn issued(&self, arn: &Arc<StatesArn>, token: &TaskToken) -> bool {
        let mut tokens = lock(&self.tokens);
        if tokens
            .execution
            .get(token.as_str())
            .is_some_and(|issuer| issuer == arn)
        {
            return false;
        }
        tokens.execution.insert(token.clone(), Arc::clone(arn));
        tokens
            .issued
            .entry(Arc::clone(arn))
            .or_default()
            .push(token.clone());
        true
    }

    /// The running execution that issued `token` (the text a request sent).
    pub(crate) fn execution_of(&self, token: &str) -> Option<Arc<StatesArn>> {
        lock(&self.tokens).execution.get(token).cloned()
    }

    /// The execution `arn` no longer runs: its tokens are forgotten (a finished execution's
    /// are the archive's, `Archive::token_issuer`).
    pub(crate) fn forget(&self, arn: &StatesArn) {
        let mut tokens = lock(&self.tokens);
        if let Some(issued) = tokens.issued.remove(arn) {
            for token in issued {
                tokens.execution.remove(&token);
            }
        }
    }

    /// A task of the execution `arn` waits for a worker of `activity`.
    pub(crate) fn queue(&self, activity: &StatesArn, arn: &Arc<StatesArn>) {
        let mut queues = lock(&self.activities);
        if let Some(held) = queues.held.get_mut(&**arn) {
            held.push(activity.clone());
            return;
        }
        queues.deliver(activity, Arc::clone(arn));
    }

    /// Holds the activity tasks of the execution `arn`, about to start, until the returned
    /// guard is dropped (once the execution is among the running ones, or its start failed):
    /// a worker woken by one then finds its execution.
    pub(crate) fn hold(&self, arn: &StatesArn) -> Held<'_> {
        let arn = Arc::new(arn.clone());
        lock(&self.activities)
            .held
            .insert(Arc::clone(&arn), Vec::new());
        Held { pushed: self, arn }
    }

    /// The execution of the oldest task of `activity` waiting for a worker, waiting for one
    /// until `deadline` (a future: the poll holds no thread); `None` when none came, or at once
    /// when the service stops.
    pub(crate) async fn next_task_of(
        &self,
        activity: &StatesArn,
        deadline: Instant,
    ) -> Option<Arc<StatesArn>> {
        let mut waiting = {
            let mut queues = lock(&self.activities);
            if queues.closed {
                return None;
            }
            if let Some(queue) = queues.queued.get_mut(activity)
                && let Some(arn) = queue.pop_front()
            {
                if queue.is_empty() {
                    queues.queued.remove(activity);
                }
                return Some(arn);
            }
            if Instant::now() >= deadline {
                return None;
            }
            let (send, receive) = oneshot::channel();
            queues
                .polls
                .entry(activity.clone())
                .or_default()
                .push_back(send);
            receive
        };
        tokio::select! {
            handed = &mut waiting => handed.ok(),
            () = tokio::time::sleep_until(deadline.into()) => {
                // A task handed over as the time ran out is this poll's still.
                waiting.close();
                let handed = waiting.try_recv().ok();
                if handed.is_none() {
                    // The lines keep no poll that gave up.
                    let mut queues = lock(&self.activities);
                    if let Some(polls) = queues.polls.get_mut(activity) {
                        polls.retain(|poll| !poll.is_closed());
                        if polls.is_empty() {
                            queues.polls.remove(activity);
                        }
                    }
                }
                handed
            }
        }
    }

    /// Answers every waiting poll (with no task) and every later one at once: the service is
    /// stopping.
    pub(crate) fn close(&self) {
        let mut queues = lock(&self.activities);
        queues.closed = true;
        // Dropped, their senders end the polls.
        queues.polls.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_execution_arn as arn;
    use std::time::Duration;

    /// An activity's ARN.
    fn activity(name: &str) -> StatesArn {
        format!("arn:aws:states:us-east-1:123456789012:activity:{name}")
            .parse()
            .expect("an activity's ARN")
    }

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("a runtime")
    }

    #[test]
    fn a_token_names_its_execution_until_the_execution_is_forgotten() {
        let pushed = Pushed::default();
        pushed.issued(&arn("a"), &TaskToken::parse("t-1").unwrap());
        assert_eq!(pushed.execution_of("t-1"), Some(arn("a")));
        pushed.forget(&arn("a"));
        assert_eq!(pushed.execution_of("t-1"), None);
    }

    #[test]
    fn a_waiting_poll_is_handed_its_activitys_task_only_and_polls_are_served_in_order() {
        let pushed = Arc::new(Pushed::default());
        runtime().block_on(async {
            let far = Instant::now() + Duration::from_secs(30);
            let (first, second) = (Arc::clone(&pushed), Arc::clone(&pushed));
            let act = activity("act");
            let (first_act, second_act) = (act.clone(), act.clone());
            let first = tokio::spawn(async move { first.next_task_of(&first_act, far).await });
            tokio::task::yield_now().await;
            let second = tokio::spawn(async move { second.next_task_of(&second_act, far).await });
            tokio::task::yield_now().await;
            pushed.queue(&activity("another"), &arn("other"));
            pushed.queue(&act, &arn("exec-1"));
            pushed.queue(&act, &arn("exec-2"));
            assert_eq!(first.await.unwrap(), Some(arn("exec-1")));
            assert_eq!(second.await.unwrap(), Some(arn("exec-2")));
            // Queued with no poll waiting: the next poll takes it at once.
            assert_eq!(
                pushed.next_task_of(&activity("another"), far).await,
                Some(arn("other"))
            );
            // An execution being started: its task is queued once the start is over.
            let held = pushed.hold(&arn("starting"));
            pushed.queue(&act, &arn("starting"));
            let soon = Instant::now() + Duration::from_millis(20);
            assert_eq!(pushed.next_task_of(&act, soon).await, None);
            drop(held);
            assert_eq!(pushed.next_task_of(&act, far).await, Some(arn("starting")));
            // A poll that timed out left no line behind; a closed service answers at once.
            assert!(lock(&pushed.activities).polls.is_empty());
            let waiting = Arc::clone(&pushed);
            let polled = act.clone();
            let poll = tokio::spawn(async move { waiting.next_task_of(&polled, far).await });
            tokio::task::yield_now().await;
            pushed.close();
            assert_eq!(poll.await.unwrap(), None);
            assert_eq!(pushed.next_task_of(&act, far).await, None);
        });
    }
}
