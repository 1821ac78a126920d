//! What running executions push to the service as it happens (the engine's
//! `StartExecution::on_change`), so that nothing is polled: the executions whose new events
//! the events' writer has to store, the execution each task token names (`SendTask*` finds it
//! at once), and each activity's queue of tasks waiting for a worker (a `GetActivityTask` long
//! poll waits on it and wakes when a task comes).

use super::locks::lock;
use indexmap::IndexSet;
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Instant;
use workflow_aws_models::StatesArn;
use workflow_engine::{Change, OnChange};

/// The service's side of every running execution's changes.
#[derive(Default)]
pub(crate) struct Pushed {
    unwritten: Mutex<Unwritten>,
    /// Signalled when an execution wrote events, and when the service stops.
    written: Condvar,
    tokens: Mutex<Tokens>,
    /// Each activity's tasks waiting for a worker (see [`Queues`]).
    activities: Mutex<Queues>,
    /// Signalled when an activity's task is queued, and when the service stops.
    queued: Condvar,
}

/// The executions with events the database does not hold yet.
#[derive(Default)]
struct Unwritten {
    arns: IndexSet<Arc<StatesArn>>,
    /// The service stopped: the writer ends.
    closed: bool,
}

/// Activities' tasks waiting for a worker.
#[derive(Default)]
struct Queues {
    /// By activity ARN: the execution of each task, in the order they were scheduled (one
    /// entry a task).
    queued: HashMap<String, VecDeque<Arc<StatesArn>>>,
    /// The tasks of executions being started (run, but not yet among the running ones a poll
    /// can find), by execution ARN: their activities, queued once the start is over
    /// ([`Pushed::hold`]).
    held: HashMap<Arc<StatesArn>, Vec<String>>,
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
                queues
                    .queued
                    .entry(activity)
                    .or_default()
                    .push_back(Arc::clone(&self.arn));
            }
            self.pushed.queued.notify_all();
        }
    }
}

/// The running executions' task tokens.
#[derive(Default)]
struct Tokens {
    /// The execution that issued each token.
    execution: HashMap<String, Arc<StatesArn>>,
    /// Each execution's tokens, forgotten with it.
    issued: HashMap<Arc<StatesArn>, Vec<String>>,
}

impl Pushed {
    /// What the run of the execution `arn` calls on each change.
    pub fn on_change(self: &Arc<Self>, arn: &StatesArn) -> OnChange {
        let pushed = Arc::clone(self);
        let arn = Arc::new(arn.clone());
        Arc::new(move |change| match change {
            Change::Event => pushed.unwritten(&arn),
            Change::TaskWaiting {
                task_token,
                activity,
            } => {
                pushed.issued(&arn, task_token.as_str());
                if let Some(activity) = activity {
                    pushed.queue(activity, &arn);
                }
            }
            _ => {}
        })
    }

    /// Marks the execution `arn` as having events to write: the writer takes them at its next
    /// pass.
    pub fn unwritten(&self, arn: &Arc<StatesArn>) {
        let mut state = lock(&self.unwritten);
        // Already marked: the writer takes its events with the others'.
        if !state.arns.contains(&**arn) {
            state.arns.insert(Arc::clone(arn));
            self.written.notify_one();
        }
    }

    /// The executions that wrote events since the last call, waiting for one; `None` once
    /// the service stopped.
    pub fn next_unwritten(&self) -> Option<Vec<Arc<StatesArn>>> {
        let mut state = lock(&self.unwritten);
        loop {
            if state.closed {
                return None;
            }
            if !state.arns.is_empty() {
                return Some(std::mem::take(&mut state.arns).into_iter().collect());
            }
            state = self.written.wait(state).unwrap_or_else(|p| p.into_inner());
        }
    }

    fn issued(&self, arn: &Arc<StatesArn>, token: &str) {
        let mut tokens = lock(&self.tokens);
        tokens.execution.insert(token.to_owned(), Arc::clone(arn));
        tokens
            .issued
            .entry(Arc::clone(arn))
            .or_default()
            .push(token.to_owned());
    }

    /// The running execution that issued `token`.
    pub fn execution_of(&self, token: &str) -> Option<Arc<StatesArn>> {
        lock(&self.tokens).execution.get(token).cloned()
    }

    /// The execution `arn` no longer runs: its tokens are forgotten (a finished execution's
    /// are the archive's, `Archive::token_closed`).
    pub fn forget(&self, arn: &StatesArn) {
        let mut tokens = lock(&self.tokens);
        if let Some(issued) = tokens.issued.remove(arn) {
            for token in issued {
                tokens.execution.remove(&token);
            }
        }
    }

    fn queue(&self, activity: &str, arn: &Arc<StatesArn>) {
        let mut queues = lock(&self.activities);
        if let Some(held) = queues.held.get_mut(&**arn) {
            held.push(activity.to_owned());
            return;
        }
        queues
            .queued
            .entry(activity.to_owned())
            .or_default()
            .push_back(Arc::clone(arn));
        self.queued.notify_all();
    }

    /// Holds the activity tasks of the execution `arn`, about to start, until the returned
    /// guard is dropped (once the execution is among the running ones, or its start failed):
    /// a worker woken by one then finds its execution.
    pub fn hold(&self, arn: &StatesArn) -> Held<'_> {
        let arn = Arc::new(arn.clone());
        lock(&self.activities)
            .held
            .insert(Arc::clone(&arn), Vec::new());
        Held { pushed: self, arn }
    }

    /// The execution of the oldest task of `activity` waiting for a worker, waiting for one
    /// until `deadline` or until `stopping` holds (checked at each wake).
    pub fn next_task_of(
        &self,
        activity: &str,
        deadline: Instant,
        stopping: impl Fn() -> bool,
    ) -> Option<Arc<StatesArn>> {
        let mut queues = lock(&self.activities);
        loop {
            if let Some(queue) = queues.queued.get_mut(activity)
                && let Some(arn) = queue.pop_front()
            {
                if queue.is_empty() {
                    queues.queued.remove(activity);
                }
                return Some(arn);
            }
            let now = Instant::now();
            if now >= deadline || stopping() {
                return None;
            }
            queues = self
                .queued
                .wait_timeout(queues, deadline - now)
                .map(|(q, _)| q)
                .unwrap_or_else(|p| p.into_inner().0);
        }
    }

    /// Wakes every long poll (the service is stopping) and ends the writer.
    pub fn close(&self) {
        lock(&self.unwritten).closed = true;
        self.written.notify_all();
        let _queues = lock(&self.activities);
        self.queued.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;
    use workflow_aws_models::TaskToken;

    /// The ARN of an execution `name`.
    fn arn(name: &str) -> StatesArn {
        StatesArn::parse(&format!(
            "arn:aws:states:us-east-1:123456789012:execution:M:{name}"
        ))
        .unwrap()
    }

    #[test]
    fn a_token_names_its_execution_until_the_execution_is_forgotten() {
        let pushed = Arc::new(Pushed::default());
        let on_change = pushed.on_change(&arn("a"));
        on_change(Change::TaskWaiting {
            task_token: &TaskToken::parse("t-1").unwrap(),
            activity: None,
        });
        assert_eq!(pushed.execution_of("t-1").as_deref(), Some(&arn("a")));
        pushed.forget(&arn("a"));
        assert_eq!(pushed.execution_of("t-1"), None);
    }

    #[test]
    fn events_are_batched_per_execution_and_the_writer_ends_when_closed() {
        let pushed = Arc::new(Pushed::default());
        let (a, b) = (pushed.on_change(&arn("a")), pushed.on_change(&arn("b")));
        a(Change::Event);
        b(Change::Event);
        a(Change::Event);
        assert_eq!(
            pushed.next_unwritten(),
            Some(vec![Arc::new(arn("a")), Arc::new(arn("b"))])
        );
        pushed.close();
        assert_eq!(pushed.next_unwritten(), None);
    }

    #[test]
    fn a_waiting_worker_is_woken_by_its_activitys_task_only() {
        let pushed = Arc::new(Pushed::default());
        let waiting = Arc::clone(&pushed);
        let worker = std::thread::spawn(move || {
            let began = Instant::now();
            let got = waiting.next_task_of("act", began + Duration::from_secs(30), || false);
            (got, began.elapsed())
        });
        std::thread::sleep(Duration::from_millis(50));
        pushed.on_change(&arn("other"))(Change::TaskWaiting {
            task_token: &TaskToken::parse("t-0").unwrap(),
            activity: Some("another activity"),
        });
        pushed.on_change(&arn("exec"))(Change::TaskWaiting {
            task_token: &TaskToken::parse("t-1").unwrap(),
            activity: Some("act"),
        });
        let (got, waited) = worker.join().unwrap();
        assert_eq!(got.as_deref(), Some(&arn("exec")));
        assert!(waited < Duration::from_secs(5), "{waited:?}");
        // An execution being started: its task is queued once the start is over.
        let held = pushed.hold(&arn("starting"));
        pushed.on_change(&arn("starting"))(Change::TaskWaiting {
            task_token: &TaskToken::parse("t-2").unwrap(),
            activity: Some("act"),
        });
        let soon = Instant::now() + Duration::from_millis(10);
        assert_eq!(pushed.next_task_of("act", soon, || false), None);
        drop(held);
        let soon = Instant::now() + Duration::from_secs(30);
        assert_eq!(
            pushed.next_task_of("act", soon, || false).as_deref(),
            Some(&arn("starting"))
        );
        // A closed service answers a poll at once.
        pushed.close();
        let deadline = Instant::now() + Duration::from_secs(30);
        assert_eq!(pushed.next_task_of("act", deadline, || true), None);
    }
}
