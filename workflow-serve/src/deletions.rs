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

use super::catalog::{CatalogState, Planned, forget_machine};
use super::database::write;
use super::protocol::ApiError;
use super::records::RunState;
use super::requests::{DeleteStateMachineInput, DeleteStateMachineOutput};
use super::service::{Service, lock};
use std::sync::Arc;
use workflow_aws_models::{ResourceType, StatesArn};

pub(crate) async fn delete_state_machine(
    service: Arc<Service>,
    r: DeleteStateMachineInput,
) -> Result<DeleteStateMachineOutput, ApiError> {
    let arn = r
        .state_machine_arn
        .of(&[ResourceType::StateMachine])?
        .clone();
    let (executions, planned) = (Arc::clone(&service), arn.clone());
    let deleting = service
        .change_catalog(move |catalog| {
            let arn = planned;
            // Deleting a machine that does not exist succeeds, as on the service.
            if !catalog.machines.contains_key(&arn) || catalog.deleting.contains(&arn) {
                return Ok(Planned::answer(false));
            }
            let deleted = arn.clone();
            // An execution of it that runs keeps it `DELETING` (written before the answer: a
            // restart keeps it); none: it is deleted at once, with its versions, aliases and
            // tags, in one write.
            if executions.roster.runs_any_of(&arn) {
                return Ok(Planned::change(
                    Box::new(move |tx| write::deleting(tx, &deleted)),
                    move |catalog| {
                        catalog.deleting.insert(arn);
                    },
                    true,
                ));
            }
            Ok(Planned::change(
                Box::new(move |tx| write::delete_machine(tx, &deleted)),
                move |catalog| forget_machine(catalog, &arn),
                false,
            ))
        })
        .await?;
    if deleting {
        fail_executions_of(&service, &arn);
        finish_deletions(&service).await;
    }
    Ok(DeleteStateMachineOutput {})
}

/// The running executions of the machine `arn` (on any version or alias of it) fail at their
/// next transition: it is being deleted.
pub(crate) fn fail_executions_of(service: &Service, arn: &StatesArn) {
    let Some(name) = service
        .catalog
        .read(|c| c.machines.get(arn).map(|m| m.name.clone()))
    else {
        return;
    };
    let cause = format!("State machine {name} has been deleted.");
    for record in service.roster.running() {
        if record.machine.arn == *arn
            && let RunState::Running(live) = &*lock(&record.run)
        {
            live.execution.fail_at_next_transition(&cause);
        }
    }
}

/// Whether the machine `machine_arn` is being deleted: `StateMachineDeleting` then.
pub(crate) fn refuse_deleting(service: &Service, machine_arn: &StatesArn) -> Result<(), ApiError> {
    service
        .catalog
        .read(|catalog| refuse_deleting_in(catalog, machine_arn))
}

/// [`refuse_deleting`] in `catalog`, read by a caller that holds its lock already (a start's
/// admission, see `locks`).
pub(crate) fn refuse_deleting_in(
    catalog: &CatalogState,
    machine_arn: &StatesArn,
) -> Result<(), ApiError> {
    if catalog.deleting.contains(machine_arn) {
        return Err(state_machine_deleting());
    }
    Ok(())
}

/// Finishes the deletion of each machine `DELETING` none of whose executions runs any more:
/// its deletion written, it is gone. Called once one of its executions ended (before it reads
/// ended), and when the server starts; one look at an empty set when no deletion is under
/// way.
pub(crate) async fn finish_deletions(service: &Arc<Service>) {
    let pending: Vec<StatesArn> = service
        .catalog
        .read(|c| c.deleting.iter().cloned().collect());
    for arn in pending {
        if service.roster.runs_any_of(&arn) {
            continue;
        }
        let executions = Arc::clone(service);
        let finished = service
            .change_catalog(move |catalog| {
                // Still deleting, and still nothing of it runs (a change at a time).
                if !catalog.deleting.contains(&arn) || executions.roster.runs_any_of(&arn) {
                    return Ok(Planned::answer(()));
                }
                let deleted = arn.clone();
                Ok(Planned::change(
                    Box::new(move |tx| write::delete_machine(tx, &deleted)),
                    move |catalog| forget_machine(catalog, &arn),
                    (),
                ))
            })
            .await;
        if let Err(e) = finished {
            eprintln!(
                "workflow serve: a deletion is not finished yet ({}); it is once the next execution ends or the server starts",
                e.message
            );
        }
    }
}

/// `StateMachineDeleting`, in the service's words (the message `CreateStateMachine` answers
/// right after a deletion: "State Machine is being deleted", as Netflix/metaflow#1284
/// quotes it).
pub(crate) fn state_machine_deleting() -> ApiError {
    ApiError::new("StateMachineDeleting", "State Machine is being deleted")
}

#[cfg(test)]
mod tests {
    use crate::service::Service;
    use serde_json::{Map, Value, json};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::Duration;

    fn request(value: Value) -> Map<String, Value> {
        value.as_object().cloned().unwrap_or_default()
    }

    fn create(name: &str) -> Map<String, Value> {
        request(
            json!({"name": name, "roleArn": "arn:aws:iam::123456789012:role/r",
            "definition": r#"{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":5,"End":true}}}"#}),
        )
    }

    /// Starts and deletions at once, from several threads, always answer: a start reads
    /// whether its machine is being deleted with its admission, and a deletion asks what runs
    /// with its plan, each taking the two locks in the one order (see `locks`). With the two
    /// orders, starts of one machine beside deletions of others deadlocked the server once
    /// (the paging test of `serve_api`, its threads' stacks showing each lock held and the
    /// other awaited). The window is microseconds wide: this test did not catch the old order
    /// in four runs, so it holds the promise rather than proves the order.
    #[test]
    fn starts_and_deletions_at_once_always_answer() {
        let service = Service::new(crate::test_support::test_settings());
        let busy = "arn:aws:states:us-east-1:123456789012:stateMachine:Busy";
        service
            .call("CreateStateMachine", &create("Busy"))
            .expect("created");
        let stop = Arc::new(AtomicBool::new(false));
        let (done, finished) = std::sync::mpsc::channel();
        let mut threads = Vec::new();
        for worker in 0..3 {
            let (service, stop, done) = (Arc::clone(&service), Arc::clone(&stop), done.clone());
            threads.push(std::thread::spawn(move || {
                let mut n = 0;
                while !stop.load(Ordering::SeqCst) {
                    let started = service.call(
                        "StartExecution",
                        &request(
                            json!({"stateMachineArn": busy, "name": format!("w{worker}-{n}")}),
                        ),
                    );
                    assert!(started.is_ok(), "{started:?}");
                    n += 1;
                }
                let _ = done.send(());
            }));
        }
        let deleter = {
            let (service, done) = (Arc::clone(&service), done.clone());
            std::thread::spawn(move || {
                for n in 0..300 {
                    let name = format!("Other{n}");
                    let created = service.call("CreateStateMachine", &create(&name));
                    let arn = created.map(|c| c["stateMachineArn"].clone());
                    assert!(arn.is_ok(), "{arn:?}");
                    let deleted = service.call(
                        "DeleteStateMachine",
                        &request(json!({"stateMachineArn": arn.unwrap_or_default()})),
                    );
                    assert!(deleted.is_ok(), "{deleted:?}");
                }
                let _ = done.send(());
            })
        };
        // The deleter's 300 rounds, then the starters: each answers within the deadline.
        let deadline = Duration::from_secs(60);
        let answered = finished.recv_timeout(deadline).is_ok();
        stop.store(true, Ordering::SeqCst);
        let answered = answered && (0..3).all(|_| finished.recv_timeout(deadline).is_ok());
        assert!(
            answered,
            "a start and a deletion at once left calls unanswered"
        );
        let _ = deleter.join();
        for thread in threads {
            let _ = thread.join();
        }
    }
}
