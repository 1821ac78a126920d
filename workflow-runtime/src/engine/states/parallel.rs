//! Parallel states: every branch run concurrently on the same input.

use crate::engine::error::Failure;
use crate::engine::run::{Run, Strand};
use crate::engine::vars::Frame;
use crate::execution::EventKind;
use serde_json::Value;

impl Run<'_> {
    /// Runs every branch concurrently on the same input; the result is their outputs in order.
    pub(super) async fn parallel(
        &self,
        branches: &[usize],
        input: Value,
        strand: &mut Strand<'_>,
    ) -> Result<Value, Failure> {
        self.event(strand, EventKind::ParallelStateStarted)?;
        let outcomes = {
            let parent = &strand.vars;
            let mut children: Vec<Strand<'_>> = branches
                .iter()
                .map(|_| Strand {
                    clock: strand.clock,
                    last_event: strand.last_event,
                    vars: Frame::child(Some(parent)),
                })
                .collect();
            let runs = children.iter_mut().zip(branches).map(|(child, scope)| {
                let input = input.clone();
                async move {
                    let out = self.run_scope(*scope, input, child).await;
                    (out, child.clock, child.last_event)
                }
            });
            futures::future::join_all(runs).await
        };
        let mut results = Vec::with_capacity(outcomes.len());
        let mut failure = None;
        for (outcome, clock, last) in outcomes {
            strand.clock.join(&clock);
            strand.last_event = strand.last_event.max(last);
            match outcome {
                Ok(v) => results.push(v),
                Err(f) => {
                    failure.get_or_insert(f);
                }
            }
        }
        if let Some(f) = failure {
            self.event(
                strand,
                EventKind::ParallelStateFailed {
                    error: f.error.clone(),
                    cause: f.cause.clone(),
                },
            )?;
            return Err(f);
        }
        self.event(strand, EventKind::ParallelStateSucceeded)?;
        Ok(Value::Array(results))
    }
}
