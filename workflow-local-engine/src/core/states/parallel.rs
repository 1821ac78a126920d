//! Parallel states: every branch run concurrently on the same input. When a branch fails, the
//! others are stopped, as the ASL specification says ("If any branch fails, due to an
//! unhandled error or by transitioning to a Fail state, the entire Parallel state is
//! considered to have failed and all its branches are stopped"): their states still running
//! are closed by `<Type>StateAborted`, as is the failed branch's Task, then
//! `ParallelStateFailed` (recorded on AWS: LocalStack's
//! `test_sqs_failure_in_wait_for_task_tok_no_error_field[SQS_PARALLEL_WAIT_FOR_TASK_TOKEN]`,
//! `TaskFailed`, `TaskStateAborted`, `ParallelStateFailed`, the last two naming the failure as
//! their previous event).

use crate::core::error::Failure;
use crate::core::host::{Notice, Observed};
use crate::core::pause::Level;
use crate::core::run::{Run, Strand};
use crate::core::vars::Frame;
use crate::execution::EventKind;
use futures::StreamExt;
use futures::stream::FuturesUnordered;
use serde_json::Value;
use std::sync::Arc;
use std::task::Poll;

impl Run<'_> {
    /// Runs every branch concurrently on the same input; the result is their outputs in order.
    pub(super) async fn parallel(
        &self,
        state: &Arc<str>,
        branches: &[usize],
        input: Value,
        strand: &mut Strand<'_>,
    ) -> Result<Value, Failure> {
        self.event(strand, EventKind::ParallelStateStarted)?;
        for index in 0..branches.len() {
            self.host
                .notice(Notice::Reached(Observed::Branch(state, index)));
        }
        let parent = &strand.vars;
        let mut children: Vec<Strand<'_>> = (0..branches.len())
            .map(|index| {
                let level = Level::Branch {
                    state: Arc::clone(state),
                    index,
                };
                let start = (
                    strand.clock.clone(),
                    strand.last_event,
                    Frame::child(Some(parent)),
                );
                Strand::nested(self, strand, level, start)
            })
            .collect();
        let mut outcomes: Vec<Option<Result<Value, Failure>>> = vec![None; branches.len()];
        let mut failed = None;
        {
            let mut running: FuturesUnordered<_> = children
                .iter_mut()
                .zip(branches)
                .enumerate()
                .map(|(index, (child, scope))| {
                    let input = input.clone();
                    async move {
                        let _live = self.live_strand(&child.trail);
                        (index, self.run_scope(*scope, input, child).await)
                    }
                })
                .collect();
            while let Some((index, outcome)) = running.next().await {
                let failure = outcome.is_err();
                outcomes[index] = Some(outcome);
                if failure {
                    failed = Some(index);
                    break;
                }
            }
            if failed.is_some() {
                // What the other branches do at the failure's time, they do: the branches
                // start together.
                while let Poll::Ready(Some((index, outcome))) = super::ready_now(&mut running).await
                {
                    outcomes[index] = Some(outcome);
                }
            }
            // Dropping the branches still running stops them.
        }
        let Some(failed) = failed else {
            for child in &children {
                strand.clock.join(&child.clock);
                strand.last_event = strand.last_event.max(child.last_event);
            }
            let results = outcomes.into_iter().flatten().flatten().collect();
            self.event(strand, EventKind::ParallelStateSucceeded)?;
            return Ok(Value::Array(results));
        };
        let f = match outcomes[failed].take() {
            Some(Err(f)) => f,
            _ => Failure::runtime("a Parallel branch failed without a failure"),
        };
        let at = &children[failed];
        // The failed branch's open Task, then the other branches' open states, in order.
        self.abort_open_state(at.open.get(), at)?;
        for (index, child) in children.iter().enumerate() {
            let finished = matches!(outcomes[index], Some(Ok(_)));
            if index != failed && !finished {
                self.abort_open_state(child.open.get(), at)?;
            }
        }
        strand.clock.join(&at.clock);
        strand.last_event = at.last_event;
        // `ParallelStateFailed` closes it unless a Retrier retries it (see `Run::execute`).
        Err(Failure {
            closes_state: true,
            ..f
        })
    }
}
