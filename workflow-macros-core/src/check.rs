//! Checking the lowered workflow: the shared validator's diagnostics mapped back to the user's
//! tokens through the span map.
//!
//! Every error becomes a compile error on the tokens that produced its JSON pointer (or the
//! nearest recorded ancestor; the workflow's name when none is recorded). Three warnings are
//! errors in the language, since a workflow written in Rust should not carry them:
//! `NO_PATH_TO_END` (a state from which no terminal state can be reached),
//! `RESERVED_ERROR_NAME` and `UNDEFINED_VARIABLE`. Other warnings and infos are dropped (a proc
//! macro cannot emit warnings on stable Rust).
//!
//! The language's own checks are covered here or in lowering: an unknown transition target
//! (with a suggestion), an unreachable state, no terminal state reachable, duplicate names
//! across branches and processors, a transition leaving its branch and a Choice without rules
//! are the validator's, reported on the target, the state's name or the `choice` keyword;
//! input references and the operand types of conditions are checked while lowering.
//!
//! A diagnostic is dropped when the same message is already reported at the same place, when
//! lowering already reported an error on the very same tokens (the validator then sees the
//! placeholder lowering put there, and would only repeat the mistake), and, once lowering has
//! reported errors, when it judges the shape of the graph or a task's
//! request (lowering may have dropped what the user wrote or put a placeholder resource in its
//! place, so the judgement would only repeat that error).

use crate::ast::WorkflowDef;
use crate::lower::Lowered;
use crate::spans::{Location, location};
use std::collections::HashSet;
use workflow_asl::validate::dataflow::Analysis;
use workflow_asl::{Code, Diagnostic, Severity, StateMachine, has_errors};

/// Every error of the lowered workflow, on the user's tokens (the tests' entry point: the
/// data-flow types inferred here).
#[cfg(test)]
pub(crate) fn check_alone(
    def: &WorkflowDef,
    machine: &StateMachine,
    lowered: &Lowered,
) -> Vec<syn::Error> {
    let input = crate::input_type::input_type(def.input.as_ref());
    let analysis = Analysis::with_declared(machine, &input, &lowered.declared);
    check(def, machine, lowered, &analysis)
}

/// Every error of the lowered workflow `machine`, on the user's tokens, the validator's
/// data-flow checks reading `analysis` (of `machine`, or of the first lowering's machine: see
/// [`crate::lower::first`]).
pub(crate) fn check(
    def: &WorkflowDef,
    machine: &StateMachine,
    lowered: &Lowered,
    analysis: &Analysis<'_>,
) -> Vec<syn::Error> {
    let already: HashSet<Location> = lowered.errors.iter().map(|e| location(e.span())).collect();
    let options = workflow_asl::ValidationOptions {
        machine_type: lowered.machine_type,
        input: analysis.input().clone(),
        declared: analysis.declared().clone(),
        ..Default::default()
    };
    let diagnostics = workflow_asl::validate::validate_with(machine, &options, analysis);
    let mut seen: HashSet<(Location, String)> = HashSet::new();
    let mut out = Vec::new();
    for diagnostic in diagnostics {
        if !is_error(&diagnostic, |p| lowered.quoted_error_names.contains(p))
            || (!lowered.errors.is_empty()
                && (is_graph_shape(&diagnostic) || diagnostic.code == Code::InvalidTaskParameters))
        {
            continue;
        }
        let span = lowered
            .spans
            .find_subject(&diagnostic.pointer, diagnostic.subject)
            .unwrap_or_else(|| def.name.span());
        let at = location(span);
        if already.contains(&at) || !seen.insert((at, diagnostic.message.clone())) {
            continue;
        }
        out.push(syn::Error::new(span, crate::words::message(&diagnostic)));
    }
    out
}

/// Whether the diagnostic judges the shape of the graph (no terminal state, a state nothing
/// reaches, a state from which nothing terminates). After a lowering error the graph may lack
/// the states or transitions the user wrote (a duplicate state, a dropped `->`), so these would
/// only repeat that error.
fn is_graph_shape(d: &Diagnostic) -> bool {
    matches!(d.code, Code::MissingEndState | Code::NoPathToEnd) || unreachable_scope(d).is_some()
}

/// Whether the diagnostic is an error in the language. Some of the validator's warnings are:
/// a misspelt predefined error (`States.Timeuot`), an undefined variable, a `$states` field
/// that does not exist (`$states.inptu`, which AWS accepts), a `.waitForTaskToken` task that
/// never passes its token (AWS accepts it; the execution could only time out), a JSONata
/// expression that certainly fails, a `TimeoutSeconds` past the longest AWS lets the
/// integration run (AWS accepts it, but the timeout written never applies), a duration past the five minutes of an EXPRESS workflow (the execution times out first). A custom error in
/// the `States.` namespace written as a string (`"States.QuorumMet"`, and a fail state's
/// `error = "…"`, always a string) is taken as meant, unless it misspells a predefined one
/// (`"States.Timout"`: the lowering leaves it out of the quoted names); so is an explicit `items_path` beside a
/// Distributed Map's `reader`, which AWS accepts. A Task's error name its service never
/// raises (`ERROR_NEVER_RAISED`) is an error on the name; written as a string, it is taken as
/// meant (as every name of a definition read from a file is: AWS accepts such a definition,
/// so `workflow import` prints it, the names as strings, and the printed invocation compiles).
fn is_error(d: &Diagnostic, quoted: impl Fn(&workflow_asl::Pointer) -> bool) -> bool {
    let last = d.pointer.segments().last();
    if matches!(d.code, Code::ReservedErrorName | Code::ErrorNeverRaised)
        && (last.as_deref() == Some("Error") || quoted(&d.pointer))
    {
        return false;
    }
    if d.code == Code::InvalidMapConfiguration
        && d.severity == Severity::Warning
        && last.as_deref() == Some("ItemsPath")
    {
        return false;
    }
    match d.severity {
        Severity::Error => true,
        Severity::Warning => matches!(
            d.code,
            Code::NoPathToEnd
                | Code::ReservedErrorName
                | Code::UndefinedVariable
                | Code::InvalidMapConfiguration
                | Code::JsonPathSyntaxInJsonata
                | Code::InvalidStatesReference
                | Code::TaskTokenNotPassed
                | Code::JsonataTypeError
                | Code::TimeoutPastIntegrationLimit
                | Code::PastExpressDuration
                | Code::ErrorNeverRaised
                | Code::ComparisonTypeMismatch
                | Code::FieldTypeMismatch
        ),
        Severity::Info => false,
    }
}

/// The errors among the validator's `diagnostics` of a definition read from a file: the
/// validator's own errors when it found any; else its warnings that are errors in the language
/// (every error name of a file is a string, so taken as meant).
pub(crate) fn file_errors(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    if has_errors(&diagnostics) {
        return diagnostics
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
    }
    diagnostics
        .into_iter()
        .filter(|d| is_error(d, |_| true))
        .collect()
}

/// The scope of a diagnostic saying a state is unreachable (at `…/States/S`, or at
/// `…/States/S/End` when `S`, ending the workflow, lost its transition to it).
fn unreachable_scope(d: &Diagnostic) -> Option<Vec<String>> {
    if d.code != Code::MissingTransitionTarget {
        return None;
    }
    let mut segments: Vec<String> = d.pointer.segments().collect();
    if segments.last().map(String::as_str) == Some("End") {
        segments.pop();
    }
    let states_at = segments.len().checked_sub(2)?;
    (segments.get(states_at).map(String::as_str) == Some("States"))
        .then(|| segments.get(..states_at).map(<[String]>::to_vec))
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::check_alone as check;
    use crate::lower::Lowered;
    use crate::spans::SpanMap;
    use quote::quote;
    use workflow_asl::StateMachine;

    fn machine(json: &str) -> StateMachine {
        match StateMachine::from_json(json) {
            Ok(machine) => machine,
            Err(e) => panic!("{e}"),
        }
    }

    fn unmapped() -> Lowered {
        Lowered {
            machine: None,
            spans: SpanMap::default(),
            substitutions: Vec::new(),
            errors: Vec::new(),
            quoted_error_names: Vec::new(),
            needs_types: false,
            declared: Default::default(),
            machine_type: workflow_asl::ExecutionType::Standard,
            started: Vec::new(),
        }
    }

    fn def() -> crate::ast::WorkflowDef {
        match crate::parse::parse_workflow(quote! { pub W { A: succeed; } }) {
            Ok(def) => def,
            Err(failure) => panic!("{}", failure.error),
        }
    }

    #[test]
    fn identical_messages_at_one_place_are_reported_once() {
        // Two rules with the same mistake; nothing is mapped, so both land on the name.
        let machine = machine(
            r#"{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[
                {"Condition":"{% true %}","Next":"D"},{"Condition":"{% false %}","Next":"D"}]},
                "D":{"Type":"Succeed"}}}"#,
        );
        let errors = check(&def(), &machine, &unmapped());
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(messages.len(), 1, "{messages:#?}");
        assert!(
            messages[0].starts_with("the condition is a JSONata field"),
            "{messages:#?}"
        );
    }

    #[test]
    fn other_warnings_and_infos_are_dropped() {
        // NO_DOLLAR (a warning) and DEPLOYMENT_SUBSTITUTION (an info) are not errors.
        let machine = machine(
            r#"{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"${Fn}","Parameters":{"a":"$.x"},"End":true}}}"#,
        );
        assert!(check(&def(), &machine, &unmapped()).is_empty());
    }
}
