//! Executions whose run ended, waiting to be filed away (their result and history archived,
//! their run dropped). A run says so as it ends; the server's settling thread files them
//! away in order, and `StartExecution` files some away itself while more than
//! [`MAX_WAITING`] wait, so that ended runs (each still holding its whole history in memory)
//! never pile up faster than they are filed away, however fast clients start executions.

use super::locks::lock;
use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex};
use workflow_aws_models::StatesArn;

/// How many ended runs may wait before a start files some away itself.
pub const MAX_WAITING: usize = 64;

/// The queue of ended runs, by execution ARN.
#[derive(Default)]
pub(crate) struct EndedRuns {
    state: Mutex<Waiting>,
    ready: Condvar,
}

#[derive(Default)]
struct Waiting {
    arns: VecDeque<Arc<StatesArn>>,
    /// The service is shutting down: the settling thread stops once the queue is empty.
    closed: bool,
}

impl EndedRuns {
    /// The run of `arn` ended.
    pub fn push(&self, arn: Arc<StatesArn>) {
        lock(&self.state).arns.push_back(arn);
        self.ready.notify_one();
    }

    /// The next ended run, waiting for one; `None` once closed and empty.
    pub fn next(&self) -> Option<Arc<StatesArn>> {
        let mut state = lock(&self.state);
        loop {
            if let Some(arn) = state.arns.pop_front() {
                return Some(arn);
            }
            if state.closed {
                return None;
            }
            state = self.ready.wait(state).unwrap_or_else(|p| p.into_inner());
        }
    }

    /// The oldest ended run while more than `limit` wait.
    pub fn over(&self, limit: usize) -> Option<Arc<StatesArn>> {
        let mut state = lock(&self.state);
        if state.arns.len() > limit {
            state.arns.pop_front()
        } else {
            None
        }
    }

    /// No more runs will be waited for: [`EndedRuns::next`] ends once the queue is empty.
    pub fn close(&self) {
        lock(&self.state).closed = true;
        self.ready.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ended_runs_come_out_in_order_and_a_closed_queue_drains_then_ends() {
        let ended = EndedRuns::default();
        let arn = |n: usize| {
            Arc::new(
                StatesArn::parse(&format!(
                    "arn:aws:states:us-east-1:123456789012:execution:M:e{n}"
                ))
                .unwrap(),
            )
        };
        for n in 0..=MAX_WAITING {
            ended.push(arn(n));
        }
        assert_eq!(ended.over(MAX_WAITING), Some(arn(0)));
        assert_eq!(ended.over(MAX_WAITING), None);
        ended.close();
        let drained: Vec<Arc<StatesArn>> = std::iter::from_fn(|| ended.next()).collect();
        assert_eq!(drained.len(), MAX_WAITING);
        assert_eq!(drained.first(), Some(&arn(1)));
    }
}
