//! The `State` enum and what all states share.

use super::{
    ChoiceState, FailState, JsonataValue, MapState, ParallelState, PassState, PathOrNull,
    PayloadTemplate, QueryLanguage, SucceedState, TaskState, WaitState,
};

/// Where a non-terminal state goes next: `Next` or `End: true` (never both).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Transition {
    /// `"Next": name`.
    Next(String),
    /// `"End": true`.
    End,
}

impl Transition {
    /// The target state name, for `Next`.
    pub fn next(&self) -> Option<&str> {
        match self {
            Transition::Next(n) => Some(n),
            Transition::End => None,
        }
    }
}

/// Which field of a state names a transition's target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExitField {
    /// The state's `Next`.
    Next,
    /// The `Next` of the Choice rule at this index.
    ChoiceRule(usize),
    /// A Choice state's `Default`.
    Default,
    /// The `Next` of the Catcher at this index.
    Catcher(usize),
}

/// One transition out of a state: where it goes, which field names it, and the `Assign`
/// that runs on it (a state's own on `Next` and a Choice's `Default`, a Choice rule's instead
/// of the state's when the rule matches, a Catcher's when it catches: the failed state's own
/// `Assign` does not run).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Exit<'s> {
    /// The state it goes to.
    pub target: &'s str,
    /// The field that names the target.
    pub field: ExitField,
    /// The variables it assigns.
    pub assign: Option<&'s PayloadTemplate>,
}

/// One state of a machine.
///
/// The variants differ in size (a Map state holds its whole configuration); states are built
/// once and kept in an ordered map, so they are not boxed: constructing them stays plain.
#[derive(Clone, Debug, PartialEq)]
#[allow(clippy::large_enum_variant)]
pub enum State {
    /// `"Type": "Pass"`.
    Pass(PassState),
    /// `"Type": "Task"`.
    Task(TaskState),
    /// `"Type": "Choice"`.
    Choice(ChoiceState),
    /// `"Type": "Wait"`.
    Wait(WaitState),
    /// `"Type": "Succeed"`.
    Succeed(SucceedState),
    /// `"Type": "Fail"`.
    Fail(FailState),
    /// `"Type": "Parallel"`.
    Parallel(ParallelState),
    /// `"Type": "Map"`.
    Map(MapState),
}

/// The eight state types, without their fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StateKind {
    /// Pass.
    Pass,
    /// Task.
    Task,
    /// Choice.
    Choice,
    /// Wait.
    Wait,
    /// Succeed.
    Succeed,
    /// Fail.
    Fail,
    /// Parallel.
    Parallel,
    /// Map.
    Map,
}

impl StateKind {
    /// Every state type.
    pub const ALL: [StateKind; 8] = [
        StateKind::Pass,
        StateKind::Task,
        StateKind::Choice,
        StateKind::Wait,
        StateKind::Succeed,
        StateKind::Fail,
        StateKind::Parallel,
        StateKind::Map,
    ];

    /// The `Type` value.
    pub fn as_str(self) -> &'static str {
        match self {
            StateKind::Pass => "Pass",
            StateKind::Task => "Task",
            StateKind::Choice => "Choice",
            StateKind::Wait => "Wait",
            StateKind::Succeed => "Succeed",
            StateKind::Fail => "Fail",
            StateKind::Parallel => "Parallel",
            StateKind::Map => "Map",
        }
    }

    /// Parses a `Type` value.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

impl State {
    /// The state's type.
    pub fn kind(&self) -> StateKind {
        match self {
            State::Pass(_) => StateKind::Pass,
            State::Task(_) => StateKind::Task,
            State::Choice(_) => StateKind::Choice,
            State::Wait(_) => StateKind::Wait,
            State::Succeed(_) => StateKind::Succeed,
            State::Fail(_) => StateKind::Fail,
            State::Parallel(_) => StateKind::Parallel,
            State::Map(_) => StateKind::Map,
        }
    }

    /// `Comment`.
    pub fn comment(&self) -> Option<&str> {
        match self {
            State::Pass(s) => s.comment.as_deref(),
            State::Task(s) => s.comment.as_deref(),
            State::Choice(s) => s.comment.as_deref(),
            State::Wait(s) => s.comment.as_deref(),
            State::Succeed(s) => s.comment.as_deref(),
            State::Fail(s) => s.comment.as_deref(),
            State::Parallel(s) => s.comment.as_deref(),
            State::Map(s) => s.comment.as_deref(),
        }
    }

    /// The state's own `QueryLanguage`, if written.
    pub fn query_language(&self) -> Option<QueryLanguage> {
        match self {
            State::Pass(s) => s.query_language,
            State::Task(s) => s.query_language,
            State::Choice(s) => s.query_language,
            State::Wait(s) => s.query_language,
            State::Succeed(s) => s.query_language,
            State::Fail(s) => s.query_language,
            State::Parallel(s) => s.query_language,
            State::Map(s) => s.query_language,
        }
    }

    /// `Next` or `End` of the states that have one (all but Choice, Succeed and Fail).
    /// `None` when the field is missing.
    pub fn transition(&self) -> Option<&Transition> {
        match self {
            State::Pass(s) => s.transition.as_ref(),
            State::Task(s) => s.transition.as_ref(),
            State::Wait(s) => s.transition.as_ref(),
            State::Parallel(s) => s.transition.as_ref(),
            State::Map(s) => s.transition.as_ref(),
            State::Choice(_) | State::Succeed(_) | State::Fail(_) => None,
        }
    }

    /// `Assign` of the states that may assign variables.
    pub fn assign(&self) -> Option<&PayloadTemplate> {
        match self {
            State::Pass(s) => s.assign.as_ref(),
            State::Task(s) => s.assign.as_ref(),
            State::Choice(s) => s.assign.as_ref(),
            State::Wait(s) => s.assign.as_ref(),
            State::Parallel(s) => s.assign.as_ref(),
            State::Map(s) => s.assign.as_ref(),
            State::Succeed(_) | State::Fail(_) => None,
        }
    }

    /// Whether the state ends its scope: Succeed, Fail, or `End: true`.
    pub fn is_terminal(&self) -> bool {
        matches!(self, State::Succeed(_) | State::Fail(_))
            || matches!(self.transition(), Some(Transition::End))
    }

    /// Every transition out of this state, in the order written: `Next`, Choice rules,
    /// `Default`, then Catchers.
    pub fn exits(&self) -> Vec<Exit<'_>> {
        let mut out = Vec::new();
        if let Some(target) = self.transition().and_then(Transition::next) {
            out.push(Exit {
                target,
                field: ExitField::Next,
                assign: self.assign(),
            });
        }
        if let State::Choice(c) = self {
            for (i, rule) in c.choices.iter().enumerate() {
                out.push(Exit {
                    target: &rule.next,
                    field: ExitField::ChoiceRule(i),
                    assign: rule.assign.as_ref(),
                });
            }
            if let Some(target) = &c.default {
                out.push(Exit {
                    target,
                    field: ExitField::Default,
                    assign: c.assign.as_ref(),
                });
            }
        }
        for (i, catcher) in self.catchers().unwrap_or_default().iter().enumerate() {
            out.push(Exit {
                target: &catcher.next,
                field: ExitField::Catcher(i),
                assign: catcher.assign.as_ref(),
            });
        }
        out
    }

    /// Every state this one can transition to, in the order written: `Next`, Choice rule
    /// targets, `Default`, then Catcher targets.
    pub fn successors(&self) -> Vec<&str> {
        self.exits().into_iter().map(|e| e.target).collect()
    }

    /// `InputPath` (JSONPath; every state but Fail).
    pub fn input_path(&self) -> Option<&PathOrNull> {
        match self {
            State::Pass(s) => s.input_path.as_ref(),
            State::Task(s) => s.input_path.as_ref(),
            State::Choice(s) => s.input_path.as_ref(),
            State::Wait(s) => s.input_path.as_ref(),
            State::Succeed(s) => s.input_path.as_ref(),
            State::Parallel(s) => s.input_path.as_ref(),
            State::Map(s) => s.input_path.as_ref(),
            State::Fail(_) => None,
        }
    }

    /// `OutputPath` (JSONPath; every state but Fail).
    pub fn output_path(&self) -> Option<&PathOrNull> {
        match self {
            State::Pass(s) => s.output_path.as_ref(),
            State::Task(s) => s.output_path.as_ref(),
            State::Choice(s) => s.output_path.as_ref(),
            State::Wait(s) => s.output_path.as_ref(),
            State::Succeed(s) => s.output_path.as_ref(),
            State::Parallel(s) => s.output_path.as_ref(),
            State::Map(s) => s.output_path.as_ref(),
            State::Fail(_) => None,
        }
    }

    /// `ResultPath` (JSONPath; Pass, Task, Parallel and Map).
    pub fn result_path(&self) -> Option<&PathOrNull> {
        match self {
            State::Pass(s) => s.result_path.as_ref(),
            State::Task(s) => s.result_path.as_ref(),
            State::Parallel(s) => s.result_path.as_ref(),
            State::Map(s) => s.result_path.as_ref(),
            _ => None,
        }
    }

    /// `Parameters` (JSONPath; Pass, Task and Parallel — a Map's legacy `Parameters` is its
    /// item selector).
    pub fn parameters(&self) -> Option<&PayloadTemplate> {
        match self {
            State::Pass(s) => s.parameters.as_ref(),
            State::Task(s) => s.parameters.as_ref(),
            State::Parallel(s) => s.parameters.as_ref(),
            _ => None,
        }
    }

    /// `ResultSelector` (JSONPath; Task, Parallel and Map).
    pub fn result_selector(&self) -> Option<&PayloadTemplate> {
        match self {
            State::Task(s) => s.result_selector.as_ref(),
            State::Parallel(s) => s.result_selector.as_ref(),
            State::Map(s) => s.result_selector.as_ref(),
            _ => None,
        }
    }

    /// `Arguments` (JSONata; Task and Parallel).
    pub fn arguments(&self) -> Option<&JsonataValue> {
        match self {
            State::Task(s) => s.arguments.as_ref(),
            State::Parallel(s) => s.arguments.as_ref(),
            _ => None,
        }
    }

    /// `Output` (JSONata; every state but Fail).
    pub fn output(&self) -> Option<&JsonataValue> {
        match self {
            State::Pass(s) => s.output.as_ref(),
            State::Task(s) => s.output.as_ref(),
            State::Choice(s) => s.output.as_ref(),
            State::Wait(s) => s.output.as_ref(),
            State::Succeed(s) => s.output.as_ref(),
            State::Parallel(s) => s.output.as_ref(),
            State::Map(s) => s.output.as_ref(),
            State::Fail(_) => None,
        }
    }

    /// `Retry` of Task, Parallel and Map states.
    pub fn retriers(&self) -> Option<&[super::Retrier]> {
        match self {
            State::Task(s) => s.retry.as_deref(),
            State::Parallel(s) => s.retry.as_deref(),
            State::Map(s) => s.retry.as_deref(),
            _ => None,
        }
    }

    /// `Catch` of Task, Parallel and Map states.
    pub fn catchers(&self) -> Option<&[super::Catcher]> {
        match self {
            State::Task(s) => s.catch.as_deref(),
            State::Parallel(s) => s.catch.as_deref(),
            State::Map(s) => s.catch.as_deref(),
            _ => None,
        }
    }
}
