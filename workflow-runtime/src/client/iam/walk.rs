//! The states whose permissions the policy grants, read from the typed definition: every Task
//! and Map state of the machine, of Parallel branches and of Map processors.

use crate::asl::{MapState, State, StateMachine, States, TaskState};

/// A state the policy reads.
#[derive(Clone, Copy, Debug)]
pub(super) enum Site<'a> {
    /// A Task state and its name.
    Task(&'a str, &'a TaskState),
    /// A Map state (a Distributed Map starts child executions and reads and writes S3).
    Map(&'a MapState),
}

/// Every Task and Map state in document order, the states of each scope (the machine, a
/// branch, a processor) before the scopes nested in them, those in the order written. The walk
/// uses an explicit stack: definitions nest Parallel and Map states arbitrarily deep.
pub(super) fn sites(machine: &StateMachine) -> Vec<Site<'_>> {
    let mut out = Vec::new();
    let mut scopes: Vec<&States> = vec![&machine.states];
    while let Some(states) = scopes.pop() {
        let mut nested = Vec::new();
        for (name, state) in states {
            match state {
                State::Task(task) => out.push(Site::Task(name, task)),
                State::Parallel(parallel) => {
                    nested.extend(parallel.branches.iter().map(|b| &b.states));
                }
                State::Map(map) => {
                    out.push(Site::Map(map));
                    nested.push(&map.item_processor.states);
                }
                State::Pass(_)
                | State::Choice(_)
                | State::Wait(_)
                | State::Succeed(_)
                | State::Fail(_) => {}
            }
        }
        scopes.extend(nested.into_iter().rev());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_scopes_come_after_their_parent_in_the_order_written() {
        let machine = StateMachine::from_json(
            r#"{"StartAt":"P","States":{
              "P":{"Type":"Parallel","Next":"T","Branches":[
                {"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:states:::sns:publish","End":true}}},
                {"StartAt":"M","States":{"M":{"Type":"Map","End":true,"ItemProcessor":{"StartAt":"C","States":{
                   "C":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage","End":true}}}}}}]},
              "T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Next":"B"},
              "B":{"Type":"Task","Resource":"arn:aws:states:::glue:startJobRun","End":true}}}"#,
        )
        .unwrap();
        let order: Vec<&str> = sites(&machine)
            .into_iter()
            .map(|site| match site {
                Site::Task(name, _) => name,
                Site::Map(_) => "(map)",
            })
            .collect();
        assert_eq!(order, ["T", "B", "A", "(map)", "C"]);
    }
}
