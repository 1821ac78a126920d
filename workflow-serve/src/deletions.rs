//! `DeleteStateMachine`'s lifecycle, as the API reference describes it: "This is an
//! asynchronous operation. It sets the state machine's status to `DELETING` and begins the
//! deletion process. A state machine is deleted only when all its executions are completed. On
//! the next state transition, the state machine's executions are terminated." A machine with
//! running executions stays, `DELETING` (`DescribeStateMachine`'s `status`), while they run on
//! to their next state transition, where each fails with `States.Runtime` and AWS's cause
//! (AWS's knowledge center, "Why is my Step Functions state machine stuck in DELETING
//! status?": `"Error": "States.Runtime", "Cause": "State machine testing-delete has been
//! deleted."`; an execution in a Wait state or waiting for a task's answer keeps the machine
//! `DELETING` until it moves on); once none runs, the machine, its versions, aliases and tags
//! are gone. The executions' records stay, listed under the machine's ARN (a machine created
//! again under the name lists them).
//!
//! Meanwhile the machine refuses what would change it or run it: `StateMachineDeleting`
//! ("The specified state machine is being deleted.", botocore's `stepfunctions` model, among
//! the errors of `CreateStateMachine`, `UpdateStateMachine`, `StartExecution`,
//! `StartSyncExecution`, `PublishStateMachineVersion` and the aliases' operations).
//!
//! What is written: a machine none of whose executions runs is deleted at once, with its
//! versions, aliases and tags, in one transaction, before the call answers. Otherwise the call
//! answers once the machine's `DELETING` is written; a restart keeps it (the machine stays
//! `DELETING`, its resumed executions fail at their next transition), and the deletion is
//! finished, in one transaction, once none of them runs: when the writer wrote the end of the
//! last one, before each operation, and when the server starts.

use super::database::write;
use super::protocol::ApiError;
use super::records::RunState;
use super::requests::{DeleteStateMachineInput, DeleteStateMachineOutput};
use super::service::Service;
use workflow_aws_models::{ResourceType, StatesArn};

impl Service {
    pub(crate) fn delete_state_machine(
        &self,
        r: &DeleteStateMachineInput,
    ) -> Result<DeleteStateMachineOutput, ApiError> {
        let arn = r.state_machine_arn.of(&[ResourceType::StateMachine])?;
        let name = {
            let mut store = self.store();
            let Some(machine) = store.machines.get(arn) else {
                // Deleting a machine that does not exist succeeds, as on the service.
                return Ok(DeleteStateMachineOutput {});
            };
            let name = machine.name.clone();
            // From here on no execution of it starts (`StartExecution` checks this set under
            // the store's lock, where it keeps a new execution), so the ones listed below are
            // all there are.
            store.deleting.insert(arn.clone());
            name
        };
        if !self.runs_executions_of(arn) {
            // One change, written before the answer.
            let deleted = arn.clone();
            if let Err(e) = self.save(Box::new(move |tx| write::delete_machine(tx, &deleted))) {
                self.store().deleting.shift_remove(arn);
                return Err(e);
            }
            self.forget_machine(arn);
            return Ok(DeleteStateMachineOutput {});
        }
        // `DELETING`, written before the answer: a restart keeps it.
        let deleting = arn.clone();
        if let Err(e) = self.save(Box::new(move |tx| write::deleting(tx, &deleting))) {
            self.store().deleting.shift_remove(arn);
            return Err(e);
        }
        self.fail_executions_of(arn, &name);
        self.finish_deletions();
        Ok(DeleteStateMachineOutput {})
    }

    /// The running executions of the machine `arn` (on any version or alias of it) fail at
    /// their next transition: it is being deleted.
    pub(crate) fn fail_executions_of(&self, arn: &StatesArn, name: &str) {
        let cause = format!("State machine {name} has been deleted.");
        for record in self.running_executions() {
            if record.machine.arn == *arn
                && let RunState::Running(live) = &*self.state(&record)
            {
                live.execution.fail_at_next_transition(&cause);
            }
        }
    }

    /// Whether the machine `machine_arn` is being deleted: `StateMachineDeleting` then.
    pub(crate) fn refuse_deleting(&self, machine_arn: &StatesArn) -> Result<(), ApiError> {
        if self.store().deleting.contains(machine_arn) {
            return Err(state_machine_deleting());
        }
        Ok(())
    }

    /// Whether an execution of the machine `arn` runs (an interrupted one too: it fails at its
    /// next transition once resumed, or ends with `StopExecution`).
    fn runs_executions_of(&self, arn: &StatesArn) -> bool {
        self.running_executions().into_iter().any(|record| {
            record.machine.arn == *arn && matches!(&*self.state(&record), RunState::Running(_))
        }) || self
            .interrupted_executions()
            .iter()
            .any(|record| record.machine.arn == *arn)
    }

    /// Finishes the deletion of each machine `DELETING` none of whose executions runs any
    /// more: it is gone at once, and its deletion written in the writer's next batch (nobody
    /// waits for it here: a deletion not written yet when the server stops is finished by the
    /// next, which reads the machine `DELETING`). Costs one look at an empty set when no
    /// deletion is under way.
    pub(crate) fn finish_deletions(&self) {
        let pending: Vec<StatesArn> = self.store().deleting.iter().cloned().collect();
        for arn in pending {
            if self.runs_executions_of(&arn) {
                continue;
            }
            let deleted = arn.clone();
            let _queued = self.submit(Box::new(move |tx| write::delete_machine(tx, &deleted)));
            self.forget_machine(&arn);
        }
    }

    /// Forgets the machine `arn`, its versions, aliases and tags.
    fn forget_machine(&self, arn: &StatesArn) {
        let mut store = self.store();
        store.deleting.shift_remove(arn);
        store.machines.shift_remove(arn);
        store.tags.shift_remove(arn);
        // Its versions and aliases: the ARNs whose unqualified machine it is.
        let of_it = |qualified: &StatesArn| qualified.state_machine().as_ref() == Some(arn);
        store.versions.retain(|v, _| !of_it(v));
        store.aliases.retain(|a, _| !of_it(a));
    }
}

/// `StateMachineDeleting`, in the service's words (the message `CreateStateMachine` answers
/// right after a deletion: "State Machine is being deleted", as Netflix/metaflow#1284
/// quotes it).
pub(crate) fn state_machine_deleting() -> ApiError {
    ApiError::new("StateMachineDeleting", "State Machine is being deleted")
}
