//! [`Analysis`]: the data-flow types of one machine, inferred once and read by every consumer
//! (the validator's checks, the type of what the machine ends with, each state's input, each
//! Task's request and response types), so that a caller asking several of them pays for one
//! inference. The `workflow!` macro makes one per expansion and passes it along.

use super::task_types::{TaskTypes, types_of};
use super::{DataType, Declared, Flow, StateInput, analyse, inputs_of, machine_output};
use crate::model::{Scope, StateMachine, Walk};
use std::cell::Cell;

thread_local! {
    /// How many analyses this thread has made (see [`analyses_run`]).
    static RUN: Cell<usize> = const { Cell::new(0) };
}

/// How many [`Analysis`] values this thread has made so far: the count a test reads before and
/// after an expansion to hold the macro to one inference per workflow. Not part of the API.
pub fn analyses_run() -> usize {
    RUN.with(Cell::get)
}

/// The data-flow types of one machine, when its execution input has a given type: the fixed
/// point of every scope's state inputs and variables (see the [module](super)), computed once
/// by [`Analysis::new`] and then asked as often as needed.
///
/// ```
/// use workflow_asl::StateMachine;
/// use workflow_asl::validate::dataflow::{Analysis, DataType};
/// let machine = StateMachine::from_json(r#"{"StartAt": "Charge", "States": {
///     "Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
///         "Parameters": {"FunctionName": "charge", "Payload": {"amount.$": "$.total"}},
///         "ResultSelector": {"id.$": "$.Payload.chargeId"}, "ResultPath": "$.charge",
///         "End": true}}}"#).unwrap();
/// let input = DataType::Object([("total".to_owned(), (DataType::Number, false))].into());
/// let analysis = Analysis::new(&machine, &input);
/// assert_eq!(analysis.task_types()[0].request.to_string(), "{ amount: number }");
/// assert_eq!(analysis.output().to_string(), "{ charge: { id: any }, total: number }");
/// ```
pub struct Analysis<'m> {
    /// The machine's scopes.
    walk: Walk<'m>,
    /// The type of the execution input it was made for.
    input: DataType,
    /// The other types declared for it.
    declared: Declared,
    /// The flow of every scope, indexed like the walk's scopes.
    flows: Vec<Flow<'m>>,
}

impl<'m> Analysis<'m> {
    /// Infers the types of every scope of `machine`, the execution input having the type
    /// `input` ([`DataType::Any`] when unknown).
    pub fn new(machine: &'m StateMachine, input: &DataType) -> Self {
        Analysis::with_declared(machine, input, &Declared::default())
    }

    /// [`Analysis::new`], with the handlers' answers and the readers' items the workflow
    /// declares taken as known.
    pub fn with_declared(machine: &'m StateMachine, input: &DataType, declared: &Declared) -> Self {
        RUN.with(|run| run.set(run.get().saturating_add(1)));
        let walk = machine.walk();
        let flows = analyse(walk.scopes(), input, declared);
        Analysis {
            walk,
            input: input.clone(),
            declared: declared.clone(),
            flows,
        }
    }

    /// The types declared for it besides the execution input's.
    pub fn declared(&self) -> &Declared {
        &self.declared
    }

    /// The type of the execution input the analysis was made for.
    pub fn input(&self) -> &DataType {
        &self.input
    }

    /// The type of what the machine ends with (the join of its terminal states' outputs; a
    /// Fail state ends with no output; [`DataType::Any`] when unknown).
    pub fn output(&self) -> DataType {
        machine_output(self.walk.scopes(), &self.flows)
    }

    /// The input of every state, nested ones included, in the walk's order.
    pub fn state_inputs(&self) -> Vec<StateInput> {
        inputs_of(self.walk.scopes(), &self.flows)
    }

    /// What every Task state, nested ones included, sends and what the workflow reads of its
    /// result, in the walk's order.
    pub fn task_types(&self) -> Vec<TaskTypes> {
        types_of(
            self.walk.scopes(),
            &self.flows,
            (&self.input, &self.declared),
        )
    }

    /// The machine's scopes, in the walk's order.
    pub(crate) fn scopes(&self) -> &[Scope<'m>] {
        self.walk.scopes()
    }

    /// The flow of every scope, indexed like [`Analysis::scopes`].
    pub(crate) fn flows(&self) -> &[Flow<'m>] {
        &self.flows
    }
}
