//! Lowering the syntax tree to the ASL model of `workflow-asl`, recording for every JSON pointer
//! of the result the span of the tokens that produced it, so that `check` can report the
//! validator's diagnostics on the user's tokens.
//!
//! Lowering never stops at the first problem: each error is recorded and the part is left out
//! (or replaced by a harmless placeholder), so the user sees every error at once and the
//! validator does not repeat them.
//!
//! - [`machine`]: the machine's settings, doc comment and top-level states;
//! - [`scope`]: a list of states → `StartAt` + `States` (the machine, a branch, a processor);
//! - [`states`]: one state of each kind;
//! - [`clauses`]: the clauses after a state's kind, and which kinds take which;
//! - [`error_handling`]: `retry` and `catch`;
//! - [`map`]: a Map's arguments, `reader`, `writer` and `batch`;
//! - [`operands`]: the operands of a comparison, classified and checked, the comparison worked out;
//! - [`conditions`] / [`condition_jsonata`]: Choice conditions as ASL rules / JSONata expressions;
//! - [`values`]: values → JSON (templates with `.$` keys, JSONata `{% %}` strings);
//! - [`fields`]: single-valued fields (numbers, paths, strings, words);
//! - [`paths`], [`input_refs`], [`intrinsics`]: the dynamic values;
//! - [`resources`]: `service::action.pattern` → resource ARN;
//! - [`integrations`]: whether the service, action and pattern exist;
//! - [`sagemaker_steps`]: the Python SDK's SageMaker steps as forms (`sagemaker::TrainingStep { … }`);
//! - [`substitutions`]: `${Name}` deployment substitutions;
//! - [`started`]: `workflow(Child)`, a typed reference to the workflow a Task starts;
//! - suggestions ("did you mean") come from `crate::suggest`.

mod args;
pub(crate) mod clauses;
mod condition_jsonata;
mod condition_parts;
mod conditions;
pub(crate) mod error_handling;
mod fields;
mod input_refs;
mod integrations;
mod intrinsics;
pub(crate) mod machine;
pub(crate) mod map;
mod operands;
mod paths;
pub(crate) mod resources;
#[cfg(feature = "sagemaker")]
mod sagemaker_steps;
#[cfg(not(feature = "sagemaker"))]
#[path = "sagemaker_steps_without_feature.rs"]
mod sagemaker_steps;
mod scope;
pub(crate) mod started;
mod state_cx;
pub(crate) mod states;
mod step_form_name;
mod substitutions;
mod values;

#[cfg(test)]
mod tests;

use crate::ast::WorkflowDef;
use crate::spans::SpanMap;
use proc_macro2::Span;
use std::collections::HashMap;
use syn::LitStr;
use workflow_asl::validate::dataflow::{Analysis, DataType, Declared, Vars};
use workflow_asl::{ExecutionType, Pointer, QueryLanguage, StateMachine};

/// The lowered workflow.
pub(crate) struct Lowered {
    /// The definition; `None` when lowering failed too badly to build one.
    pub machine: Option<StateMachine>,
    /// JSON pointer → span of the user's tokens.
    pub spans: SpanMap,
    /// The `${Name}` substitutions the definition uses.
    pub substitutions: Vec<String>,
    /// Every error found while lowering.
    pub errors: Vec<syn::Error>,
    /// The error names written as string literals (taken as meant when they use the reserved
    /// `States.` prefix).
    pub quoted_error_names: Vec<Pointer>,
    /// Whether a comparison needs the inferred types: the first lowering found two paths of
    /// unwritten types compared, and [`with_types`] lowers the workflow again.
    pub needs_types: bool,
    /// What the workflow declares its Task handlers answer (`returns { … }`) and its
    /// Distributed Maps' readers read (`item { … }`), by the state's pointer.
    pub declared: Declared,
    /// The type of state machine the workflow declares (`type = express;`; STANDARD by
    /// default): not part of the definition, chosen when it is deployed.
    pub machine_type: ExecutionType,
    /// The workflows its Tasks start by a typed reference (`workflow(Child)`).
    pub started: Vec<started::StartedRef>,
}

/// Lowers a parsed workflow, with the types its comparisons need (see [`first`]) inferred here:
/// what the tests lower.
#[cfg(test)]
pub(crate) fn lower(def: &WorkflowDef) -> Lowered {
    let first = first(def);
    match &first.machine {
        Some(machine) if first.needs_types => {
            let input = crate::input_type::input_type(def.input.as_ref());
            let analysis = Analysis::with_declared(machine, &input, &first.declared);
            with_types(def, &analysis)
        }
        _ => first,
    }
}

/// Lowers a parsed workflow, the first time.
///
/// A comparison of two paths whose types the user did not write (`$.count >= $.limit`) takes
/// its operator from the types the data-flow inference finds at its Choice state: the first
/// lowering notes that it needs them ([`Lowered::needs_types`]), the inference runs on its
/// result, and [`with_types`] lowers again reading them (a Choice's operators do not change the
/// types that flow, so the one inference serves the second machine too).
pub(crate) fn first(def: &WorkflowDef) -> Lowered {
    let mut cx = Cx::new(def);
    let machine = machine::lower_machine(&mut cx);
    cx.into_lowered(machine)
}

/// Lowers a parsed workflow again, its comparisons' operators taken from the state inputs of
/// `analysis` (of the first lowering's machine).
pub(crate) fn with_types(def: &WorkflowDef, analysis: &Analysis<'_>) -> Lowered {
    let inferred = analysis
        .state_inputs()
        .into_iter()
        .filter_map(|s| Some((s.pointer.as_str().to_owned(), (s.effective?, s.vars))))
        .collect();
    let mut cx = Cx::new(def);
    cx.inferred = Some(inferred);
    let machine = machine::lower_machine(&mut cx);
    cx.into_lowered(machine)
}

impl Cx<'_> {
    fn into_lowered(self, machine: Option<StateMachine>) -> Lowered {
        let cx = self;
        Lowered {
            machine,
            spans: cx.spans,
            substitutions: cx.used_substitutions,
            errors: cx.errors,
            quoted_error_names: cx.quoted_error_names,
            needs_types: cx.needs_types,
            declared: cx.declared,
            machine_type: cx.machine_type,
            started: cx.started,
        }
    }
}

/// What lowering carries around: the definition, the errors, the spans, the substitutions used.
pub(crate) struct Cx<'d> {
    /// The workflow being lowered.
    pub def: &'d WorkflowDef,
    /// The errors found so far.
    pub errors: Vec<syn::Error>,
    /// JSON pointer → span.
    pub spans: SpanMap,
    /// The `${Name}` substitutions used, in order of first use.
    pub used_substitutions: Vec<String>,
    /// The machine's query language: the default of every state.
    pub machine_ql: QueryLanguage,
    /// The Distributed Map being lowered, if any: its states run as child executions, whose
    /// `$$.Execution.Input` is the item, not the workflow's input.
    pub distributed_map: Option<String>,
    /// The pointers of error names written as string literals.
    pub quoted_error_names: Vec<Pointer>,
    /// Whether a comparison needs the inferred types (the first lowering found two paths of
    /// unwritten types compared).
    pub needs_types: bool,
    /// The inferred types (second lowering): each state's effective input and variables, by
    /// the state's pointer.
    pub inferred: Option<HashMap<String, (DataType, Vars)>>,
    /// The types declared so far (`returns { … }`, `item { … }`).
    pub declared: Declared,
    /// The inferred types at the Choice state whose rule is being lowered.
    pub choice_types: Option<(DataType, Vars)>,
    /// The type of state machine the workflow declares (`type = …;`).
    pub machine_type: ExecutionType,
    /// The typed references to other workflows met so far.
    pub started: Vec<started::StartedRef>,
}

impl<'d> Cx<'d> {
    fn new(def: &'d WorkflowDef) -> Self {
        Cx {
            def,
            errors: Vec::new(),
            spans: SpanMap::default(),
            used_substitutions: Vec::new(),
            machine_ql: QueryLanguage::JsonPath,
            distributed_map: None,
            quoted_error_names: Vec::new(),
            needs_types: false,
            inferred: None,
            declared: Declared::default(),
            choice_types: None,
            machine_type: ExecutionType::Standard,
            started: Vec::new(),
        }
    }

    /// Records an error at `span`.
    pub(crate) fn error(&mut self, span: Span, message: impl std::fmt::Display) {
        self.errors.push(syn::Error::new(span, message));
    }

    /// Records that `at` was produced by the tokens at `span`.
    pub(crate) fn record(&mut self, at: &Pointer, span: Span) {
        self.spans.insert(at, span);
    }

    /// Records that the key of the member at `at` was written at `span`.
    pub(crate) fn record_key(&mut self, at: &Pointer, span: Span) {
        self.spans.insert_key(at, span);
    }

    /// The value of a string literal, its `${Name}` substitutions checked.
    pub(crate) fn string(&mut self, lit: &LitStr) -> String {
        let text = lit.value();
        substitutions::check(self, &text, lit.span());
        text
    }
}
