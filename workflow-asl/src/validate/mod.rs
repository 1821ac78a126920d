//! The validator: every structural rule of the ASL and of the service, over the typed model.
//!
//! One implementation serves the `workflow!` macro (which maps each diagnostic's pointer back
//! to the user's tokens) and the runtime (`workflow validate`, imported definitions). Rules
//! live in small modules, one concern each; this module walks the machine, every nested
//! branch and processor included, **iteratively**, so a 10,000-state definition or deep
//! nesting never overflows the stack.

mod choice;
pub mod dataflow;
mod error_handling;
mod graph;
pub(crate) mod jsonata_fields;
pub(crate) use jsonata_fields::jsonata_expressions;
mod machine;
mod map;
pub(crate) mod names;
pub(crate) mod options;
mod path_field;
mod payload;
mod query_language;
mod request;
mod resource;
mod shown;
mod task;
#[cfg(test)]
mod test_support;
mod unassigned;
mod variables;
mod wait_fail;
mod workflow_type;

use crate::model::{QueryLanguage, State, StateMachine};
pub(crate) use crate::model::{Scope, ScopeKind};
use crate::{Code, Diagnostic, Pointer};

pub use machine::MAX_DEFINITION_BYTES;
pub use map::{MAX_DISTRIBUTED_CONCURRENCY, MAX_ITEMS};
pub(crate) use options::{MAX_STATE_NESTING, ValidationOptions};
pub use variables::variable_name_problem;
pub use workflow_type::MAX_EXPRESS_SECONDS;

/// The error for the scope at `pointer`, nested `depth` levels deep, past `limit`: the
/// decoder's (which does not descend past [`MAX_STATE_NESTING`]) and the validator's.
pub(crate) fn too_deeply_nested(pointer: Pointer, depth: usize, limit: usize) -> Diagnostic {
    Diagnostic::error(
        Code::TooDeeplyNested,
        pointer,
        format!(
            "Parallel and Map states nest {depth} deep here; the limit is {limit}; move the inner part into its own state machine and start it with `arn:aws:states:::states:startExecution`"
        ),
    )
}

/// Validates `machine`; returns every diagnostic, errors and warnings, in document order of
/// discovery (scope by scope, state by state).
pub fn validate(machine: &StateMachine, options: &ValidationOptions) -> Vec<Diagnostic> {
    validate_typed(machine, options).0
}

/// [`validate`], and the data-flow [`Analysis`](dataflow::Analysis) its checks read (the type
/// of what the workflow ends with, each Task's types, …): one inference serves all of them.
pub fn validate_typed<'m>(
    machine: &'m StateMachine,
    options: &ValidationOptions,
) -> (Vec<Diagnostic>, dataflow::Analysis<'m>) {
    let analysis = dataflow::Analysis::with_declared(machine, &options.input, &options.declared);
    let diagnostics = run(machine, options, analysis.scopes(), &analysis);
    (diagnostics, analysis)
}

/// [`validate`], reading the data-flow types of `analysis` instead of inferring them again:
/// `analysis` is of `machine`, or of a revision of it that differs only in the comparison
/// operators of its Choice rules (which change no type that flows: the macro's second lowering,
/// which takes them from the types the first one's analysis found), and was made for the
/// execution input `options.input`. With an analysis of another machine, the data-flow checks
/// see no types where its states differ (never a false error, never a panic).
pub fn validate_with(
    machine: &StateMachine,
    options: &ValidationOptions,
    analysis: &dataflow::Analysis<'_>,
) -> Vec<Diagnostic> {
    let walk = machine.walk();
    run(machine, options, walk.scopes(), analysis)
}

/// Every rule over `machine`, whose scopes are `scopes`, the data-flow checks reading
/// `analysis`.
fn run(
    machine: &StateMachine,
    options: &ValidationOptions,
    scopes: &[Scope<'_>],
    analysis: &dataflow::Analysis<'_>,
) -> Vec<Diagnostic> {
    let mut cx = Cx {
        options,
        diagnostics: Vec::new(),
        deferred: Vec::new(),
    };
    machine::check_machine(&mut cx, machine);
    graph::check_graph(&mut cx, scopes);
    for scope in scopes {
        query_language::check_scope(&mut cx, scope);
        if scope.depth > options.max_nesting_depth {
            cx.diagnostics.push(too_deeply_nested(
                scope.pointer.clone(),
                scope.depth,
                options.max_nesting_depth,
            ));
        }
        for (name, state) in scope.states {
            let s = StateCx {
                scopes,
                scope: scope.index,
                name,
                state,
                pointer: scope.state_pointer(name),
                query_language: state
                    .query_language()
                    .unwrap_or(scope.default_query_language),
            };
            check_state(&mut cx, &s);
        }
    }
    graph::check_unique_names(&mut cx, scopes);
    map::check_labels(&mut cx, scopes);
    variables::check_variables(&mut cx, scopes);
    workflow_type::check_workflow_types(&mut cx, machine, scopes);
    dataflow::check_data_flow(&mut cx, scopes, analysis.flows());
    request::check_deferred(&mut cx, scopes, analysis.flows());
    cx.diagnostics
}

/// Every per-state rule, in a fixed order.
fn check_state(cx: &mut Cx<'_>, s: &StateCx<'_>) {
    graph::check_state_name(cx, s);
    query_language::check_fields(cx, s);
    payload::check_state(cx, s);
    jsonata_fields::check_state(cx, s);
    match s.state {
        State::Task(task) => task::check_task(cx, s, task),
        State::Choice(choice) => choice::check_choice(cx, s, choice),
        State::Wait(wait) => wait_fail::check_wait(cx, s, wait),
        State::Fail(fail) => wait_fail::check_fail(cx, s, fail),
        State::Map(map) => map::check_map(cx, s, map),
        State::Parallel(p) if p.branches.is_empty() => cx.error(
            Code::EmptyBranches,
            s.pointer.key("Branches"),
            format!("Parallel state `{}` has no branches; add at least one `{{StartAt, States}}` branch", s.name),
        ),
        _ => {}
    }
    error_handling::check_state(cx, s);
}

/// The diagnostics collected so far, and the options.
pub(crate) struct Cx<'o> {
    pub options: &'o ValidationOptions,
    pub diagnostics: Vec<Diagnostic>,
    /// The parts of Task requests judged once the data-flow types are known.
    pub deferred: Vec<request::Deferred>,
}

impl Cx<'_> {
    /// Records an error.
    pub(crate) fn error(
        &mut self,
        code: Code,
        pointer: Pointer,
        message: impl Into<crate::diagnostic::Message>,
    ) {
        self.diagnostics
            .push(Diagnostic::error(code, pointer, message));
    }

    /// Records a warning.
    pub(crate) fn warning(
        &mut self,
        code: Code,
        pointer: Pointer,
        message: impl Into<crate::diagnostic::Message>,
    ) {
        self.diagnostics
            .push(Diagnostic::warning(code, pointer, message));
    }

    /// Records an informational note.
    pub(crate) fn info(
        &mut self,
        code: Code,
        pointer: Pointer,
        message: impl Into<crate::diagnostic::Message>,
    ) {
        self.diagnostics
            .push(Diagnostic::info(code, pointer, message));
    }
}

/// One state with its context.
pub(crate) struct StateCx<'a> {
    /// Every scope of the machine, in the walk's order.
    pub scopes: &'a [Scope<'a>],
    /// The index of its scope in `scopes`.
    pub scope: usize,
    /// The state's name.
    pub name: &'a str,
    /// The state.
    pub state: &'a State,
    /// Pointer to the state object.
    pub pointer: Pointer,
    /// The state's effective query language.
    pub query_language: QueryLanguage,
}

impl StateCx<'_> {
    /// Whether the state is evaluated with JSONata.
    pub(crate) fn is_jsonata(&self) -> bool {
        self.query_language == QueryLanguage::Jsonata
    }
}
