//! [`Step`]: one SageMaker Task state, its request checked against SageMaker's API model by the
//! validator the `workflow!` macro uses; [`chain`] links steps into a state machine.

use indexmap::IndexMap;
use serde_json::{Map, Value};
use std::fmt;
use workflow_asl::{
    Catcher, Code, Diagnostic, ErrorName, PayloadTemplate, Retrier, Severity, State, StateMachine,
    TaskState, Transition,
};
use workflow_aws_models::{Integration, Pattern, Resource};

/// SageMaker's `api` (e.g. `createTrainingJob`), `.sync` when the step waits for its job. An
/// action Step Functions does not integrate stays a resource the validator refuses (every
/// step names one that it does; a test resolves each).
pub(crate) fn resource(api: &str, wait: bool) -> Resource {
    let pattern = if wait {
        Pattern::Sync
    } else {
        Pattern::RequestResponse
    };
    match Integration::named("sagemaker", api, pattern) {
        Ok(integration) => Resource::for_integration(&integration),
        Err(_) => Resource::parse(api),
    }
}

/// A step the validator rejected: the state's name and the diagnostics (codes
/// `INVALID_TASK_PARAMETERS` for the request, or any other rule of the ASL).
#[derive(Clone, Debug, PartialEq)]
pub struct StepError {
    /// The state's name (or the machine's first state for [`chain`]).
    pub state: String,
    /// What the validator found, errors only.
    pub diagnostics: Vec<Diagnostic>,
}

impl fmt::Display for StepError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SageMaker step `{}` is invalid:", self.state)?;
        for d in &self.diagnostics {
            write!(f, "\n  {d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for StepError {}

/// One SageMaker Task state: its name and the typed state, `End: true` until chained.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    name: String,
    task: TaskState,
}

impl Step {
    /// A step from a resource and a request; the request is checked at once.
    pub(crate) fn checked(
        name: &str,
        resource: Resource,
        parameters: Map<String, Value>,
    ) -> Result<Self, StepError> {
        let step = Step {
            name: name.to_owned(),
            task: TaskState {
                resource,
                parameters: Some(PayloadTemplate::new(parameters)),
                transition: Some(Transition::End),
                ..TaskState::default()
            },
        };
        step.check()?;
        Ok(step)
    }

    /// The state's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The Task state.
    pub fn task(&self) -> &TaskState {
        &self.task
    }

    /// The request (`Parameters`).
    pub fn parameters(&self) -> &Map<String, Value> {
        static EMPTY: std::sync::OnceLock<Map<String, Value>> = std::sync::OnceLock::new();
        self.task
            .parameters
            .as_deref()
            .unwrap_or_else(|| EMPTY.get_or_init(Map::new))
    }

    /// Adds a Retrier (the SDK's `add_retry`).
    #[must_use]
    pub fn retry(mut self, retrier: Retrier) -> Self {
        self.task.retry.get_or_insert_with(Vec::new).push(retrier);
        self
    }

    /// Adds a Catcher going to `next` on `errors` (the SDK's `add_catch`).
    #[must_use]
    pub fn catch(mut self, errors: Vec<ErrorName>, next: impl Into<String>) -> Self {
        self.task.catch.get_or_insert_with(Vec::new).push(Catcher {
            error_equals: errors,
            next: next.into(),
            result_path: None,
            output: None,
            assign: None,
            comment: None,
        });
        self
    }

    /// Sets the state's `Comment`.
    #[must_use]
    pub fn comment(mut self, comment: impl Into<String>) -> Self {
        self.task.comment = Some(comment.into());
        self
    }

    /// Replaces the request by `"Key.$": "$$.Execution.Input['<state>'].Key"` for each of its
    /// keys, as the SDK's templates do: the execution input carries the whole request.
    pub(crate) fn parameters_from_execution_input(&mut self) {
        let name = &self.name;
        let replaced: Map<String, Value> = self
            .parameters()
            .keys()
            .map(|k| {
                (
                    format!("{k}.$"),
                    Value::String(format!("$$.Execution.Input['{name}'].{k}")),
                )
            })
            .collect();
        self.task.parameters = Some(PayloadTemplate::new(replaced));
    }

    /// This step alone, as a one-state machine.
    pub fn to_machine(&self) -> StateMachine {
        let mut states = IndexMap::new();
        let mut task = self.task.clone();
        task.transition = Some(Transition::End);
        task.catch = None;
        states.insert(self.name.clone(), State::Task(task));
        StateMachine {
            start_at: self.name.clone(),
            states,
            ..StateMachine::default()
        }
    }

    /// Checks the request with the validator the `workflow!` macro uses (SageMaker's API model
    /// through `workflow-aws-models`: unknown keys, missing required keys, types, enums, bounds).
    fn check(&self) -> Result<(), StepError> {
        errors(&self.name, self.to_machine().validate())
    }

    /// The name and the state.
    pub fn into_state(self) -> (String, State) {
        (self.name, State::Task(self.task))
    }
}

fn errors(state: &str, diagnostics: Vec<Diagnostic>) -> Result<(), StepError> {
    let diagnostics: Vec<Diagnostic> = diagnostics
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    if diagnostics.is_empty() {
        Ok(())
    } else {
        Err(StepError {
            state: state.to_owned(),
            diagnostics,
        })
    }
}

/// Links `steps` in order (each `Next` the following one, the last `End`), as the SDK's
/// `Chain`, and validates the machine as a whole.
pub fn chain(steps: impl IntoIterator<Item = Step>) -> Result<StateMachine, StepError> {
    let steps: Vec<Step> = steps.into_iter().collect();
    let next_names: Vec<Option<String>> = steps
        .iter()
        .skip(1)
        .map(|s| Some(s.name.clone()))
        .chain(std::iter::once(None))
        .collect();
    let mut machine = StateMachine::default();
    for (mut step, next) in steps.into_iter().zip(next_names) {
        step.task.transition = Some(match next {
            Some(n) => Transition::Next(n),
            None => Transition::End,
        });
        if machine.start_at.is_empty() {
            machine.start_at = step.name.clone();
        }
        let (name, state) = step.into_state();
        if machine.states.insert(name.clone(), state).is_some() {
            return Err(StepError {
                state: name.clone(),
                diagnostics: vec![Diagnostic::error(
                    Code::DuplicateStateName,
                    workflow_asl::Pointer::root(),
                    format!("two steps are named `{name}`; state names must be unique"),
                )],
            });
        }
    }
    errors(&machine.start_at.clone(), machine.validate())?;
    Ok(machine)
}
