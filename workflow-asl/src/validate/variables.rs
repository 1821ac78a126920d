//! Workflow variables (`Assign`) and their scopes.
//!
//! - every assigned name is a UAX #31 identifier of at most 80 characters, and not `states`;
//! - each scope (the machine, each Parallel branch, each Map processor) has its own variables,
//!   and a state of an inner scope must not assign a name that an enclosing scope has assigned
//!   by the time the inner scope starts;
//! - every variable read (`$name` in JSONPath paths and intrinsic arguments, `$name` in
//!   JSONata expressions) names a variable assigned in its scope or an enclosing one (a
//!   warning: the service does not check this). The child executions of a Distributed Map
//!   cannot see outer variables.
//!
//! Every walk over user data uses an explicit stack.

use super::graph::describe_scope;
use super::payload::evaluated_strings;
use super::shown::show;
use super::unassigned::Unassignment;
use super::{Cx, Scope, ScopeKind};
use crate::diagnostic::{Field, message};
use crate::model::{PayloadTemplate, QueryLanguage, State};
use crate::path::{Arg, FilterExpr, Intrinsic, Operand, Path, PathString, Root, Segment};
use crate::{Code, Pointer};
use std::collections::{HashMap, HashSet};
use workflow_jsonata::is_builtin;

/// The longest variable name, in characters.
pub(super) const MAX_VARIABLE_NAME_CHARS: usize = 80;

/// Checks variable names, scoping and references across the machine.
pub(crate) fn check_variables(cx: &mut Cx<'_>, scopes: &[Scope<'_>]) {
    // Every assignment, scope by scope.
    let mut assigned: Vec<Vec<(String, Pointer)>> = Vec::with_capacity(scopes.len());
    for scope in scopes {
        let mut here = Vec::new();
        for (name, state) in scope.states {
            let at = scope.states_pointer().key(name);
            for (assign_at, assign) in assigns(state, &at) {
                for key in assign.keys() {
                    let variable = key.strip_suffix(".$").unwrap_or(key);
                    let pointer = assign_at.key(key);
                    if let Some(problem) = variable_name_problem(variable) {
                        cx.error(Code::InvalidVariableName, pointer.clone(), problem);
                    }
                    here.push((variable.to_owned(), pointer));
                }
            }
        }
        assigned.push(here);
    }
    let names: Vec<HashSet<&str>> = assigned
        .iter()
        .map(|list| list.iter().map(|(n, _)| n.as_str()).collect())
        .collect();

    check_shadowing(cx, scopes, &assigned);
    check_references(cx, scopes, &names);
}

/// The `Assign` objects of a state: its own, its Choice rules' and its Catchers'.
fn assigns<'a>(state: &'a State, at: &Pointer) -> Vec<(Pointer, &'a PayloadTemplate)> {
    let mut out = Vec::new();
    if let State::Choice(c) = state {
        for (i, rule) in c.choices.iter().enumerate() {
            if let Some(a) = &rule.assign {
                out.push((at.key("Choices").index(i).key("Assign"), a));
            }
        }
    }
    if let Some(a) = state.assign() {
        out.push((at.key("Assign"), a));
    }
    for (i, c) in state.catchers().unwrap_or_default().iter().enumerate() {
        if let Some(a) = &c.assign {
            out.push((at.key("Catch").index(i).key("Assign"), a));
        }
    }
    out
}

/// Why `name` cannot name a variable, if it cannot: empty, `states`, longer than
/// 80 characters (`MAX_VARIABLE_NAME_CHARS`), or not a Unicode identifier. What the validator
/// says of an `Assign` key, and what a debugger says of a variable it is asked to set.
///
/// ```
/// use workflow_asl::validate::variable_name_problem;
/// assert!(variable_name_problem("total").is_none());
/// assert!(variable_name_problem("states").is_some());
/// assert!(variable_name_problem("2fast").is_some());
/// ```
pub fn variable_name_problem(name: &str) -> Option<String> {
    if name.is_empty() {
        return Some(
            "a variable name is empty; name the variable with an identifier such as `count`"
                .to_owned(),
        );
    }
    if name == "states" {
        return Some(
            "`states` is reserved for `$states` (the state's input, result, error output and context); choose another name"
                .to_owned(),
        );
    }
    let length = name.chars().count();
    if length > MAX_VARIABLE_NAME_CHARS {
        return Some(format!(
            "variable name `{}` has {length} characters; the limit is {MAX_VARIABLE_NAME_CHARS}, so shorten it",
            show(name)
        ));
    }
    let mut chars = name.chars();
    let first = chars.next()?;
    if first != '_' && !unicode_ident::is_xid_start(first) {
        return Some(format!(
            "variable name `{}` starts with `{}`, but a name starts with a letter or `_` (it is a Unicode identifier); rename it, e.g. `_{}`",
            show(name),
            show(&first.to_string()),
            show(name)
        ));
    }
    if let Some(bad) = chars.find(|&c| !unicode_ident::is_xid_continue(c)) {
        return Some(format!(
            "variable name `{}` contains `{}`, but a name holds only letters, digits and `_` (it is a Unicode identifier); rename it, e.g. `{}`",
            show(name),
            show(&bad.to_string()),
            show(&name.replace(|c: char| !unicode_ident::is_xid_continue(c), "_"))
        ));
    }
    None
}

/// The scopes whose variables `id` can read, innermost first: itself and its enclosing
/// scopes, up to (and including) the nearest Distributed Map processor, whose child executions
/// see nothing outside. The second list holds the enclosing scopes beyond that boundary.
fn visible_scopes(scopes: &[Scope<'_>], id: usize) -> (Vec<usize>, Vec<usize>) {
    let (mut visible, mut hidden) = (Vec::new(), Vec::new());
    let mut current = Some(id);
    let mut crossed = false;
    while let Some(i) = current {
        let Some(scope) = scopes.get(i) else { break };
        if crossed {
            hidden.push(i)
        } else {
            visible.push(i)
        }
        if scope.is_distributed_iteration() {
            crossed = true;
        }
        current = scope.parent.filter(|&p| p < scopes.len() && p != i);
        if visible.len() + hidden.len() > scopes.len() {
            break; // Never loop, whatever the parent links say.
        }
    }
    (visible, hidden)
}

/// An inner scope must not assign a name that exists in an enclosing (visible) scope when the
/// inner scope starts: a variable an `Assign` of the enclosing scope sets on a way to the state
/// that opens the inner scope (AWS documentation, "Passing data between states with variables":
/// an inner scope may read the variables of the scopes around it but not assign one of their
/// names). What the opening state itself assigns (its own `Assign`, its Catchers') runs after its
/// branches or iterations end, so it is not in their way, unless a loop brings the execution
/// back to the state afterwards: AWS accepts a Parallel whose branch and Catcher both assign
/// `inputVar` (LocalStack's `test_parallel_catch_error[PARALLEL_CATCH_ERROR_VARIABLE_SAMPLING]`,
/// validated on AWS 2024-11-13).
fn check_shadowing(cx: &mut Cx<'_>, scopes: &[Scope<'_>], assigned: &[Vec<(String, Pointer)>]) {
    let existing = existing_on_entry(scopes);
    for scope in scopes {
        let Some(outer) = existing.get(scope.index) else {
            continue;
        };
        for (name, pointer) in assigned
            .get(scope.index)
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            let Some(&(outer_scope, by)) = outer.get(name.as_str()) else {
                continue;
            };
            let Some(outer_scope) = scopes.get(outer_scope) else {
                continue;
            };
            cx.error(
                Code::VariableShadowsOuterScope,
                pointer.clone(),
                format!(
                    "variable `{}` is already assigned in {} (by state `{}`, before {} starts), which encloses it; an inner scope may read it but cannot assign it — rename this one (e.g. `{}Local`), or return the value in the output and assign it after the {} state",
                    show(name),
                    describe_scope(outer_scope),
                    show(by),
                    describe_scope(scope),
                    show(name),
                    owner_kind(scope)
                ),
            );
        }
    }
}

/// The variables of the enclosing scopes that exist when each scope starts (indexed like
/// `scopes`), each with the scope and the state that assigns it: those of its parent's entry,
/// and those its parent assigns on a way to the state that opens it. A Distributed Map's
/// iterations start with none (its child executions see no outer variables).
fn existing_on_entry<'m>(scopes: &[Scope<'m>]) -> Vec<HashMap<&'m str, (usize, &'m str)>> {
    let mut out: Vec<HashMap<&'m str, (usize, &'m str)>> = vec![HashMap::new(); scopes.len()];
    // A parent is walked before the scopes it opens (`StateMachine::walk`'s order).
    for scope in scopes {
        let (Some(parent), Some(owner)) = (scope.parent, scope.owner()) else {
            continue;
        };
        if scope.is_distributed_iteration() || parent >= scope.index {
            continue;
        }
        let (Some(parent_scope), Some(inherited)) = (scopes.get(parent), out.get(parent)) else {
            continue;
        };
        let mut here = inherited.clone();
        let reaching = reaching(parent_scope, owner);
        for (name, state) in parent_scope.states {
            for exit in state.exits() {
                if !reaching.contains(exit.target) {
                    continue;
                }
                for key in exit.assign.map(|a| a.keys()).into_iter().flatten() {
                    let variable = key.strip_suffix(".$").unwrap_or(key);
                    here.entry(variable).or_insert((parent, name.as_str()));
                }
            }
        }
        if let Some(slot) = out.get_mut(scope.index) {
            *slot = here;
        }
    }
    out
}

/// The states of `scope` from which `target` can be reached (`target` included), walked
/// backwards over the transitions with an explicit stack.
fn reaching<'m>(scope: &Scope<'m>, target: &str) -> HashSet<&'m str> {
    let mut into: HashMap<&'m str, Vec<&'m str>> = HashMap::new();
    for (name, state) in scope.states {
        for exit in state.exits() {
            if let Some((target, _)) = scope.states.get_key_value(exit.target) {
                into.entry(target.as_str()).or_default().push(name.as_str());
            }
        }
    }
    let mut seen = HashSet::new();
    let Some((start, _)) = scope.states.get_key_value(target) else {
        return seen;
    };
    let mut stack = vec![start.as_str()];
    while let Some(at) = stack.pop() {
        if seen.insert(at) {
            stack.extend(into.get(at).into_iter().flatten().copied());
        }
    }
    seen
}

fn owner_kind(scope: &Scope<'_>) -> &'static str {
    match scope.kind {
        ScopeKind::Branch { .. } => "Parallel",
        ScopeKind::Iteration { .. } => "Map",
        ScopeKind::Machine => "enclosing",
    }
}

/// Every variable read names a variable its scope can see.
fn check_references(cx: &mut Cx<'_>, scopes: &[Scope<'_>], names: &[HashSet<&str>]) {
    for scope in scopes {
        let (visible, hidden) = visible_scopes(scopes, scope.index);
        let sees = |name: &str, list: &[usize]| {
            list.iter()
                .find(|&&i| names.get(i).is_some_and(|s| s.contains(name)))
                .copied()
        };
        let mut unassigned = Unassignment::new(scope);
        for (state_name, state) in scope.states {
            let at = scope.states_pointer().key(state_name);
            let language = state
                .query_language()
                .unwrap_or(scope.default_query_language);
            let mut reported: HashSet<(Pointer, String)> = HashSet::new();
            for (pointer, name, fails_if_unassigned) in references(state, &at, language) {
                if !reported.insert((pointer.clone(), name.clone())) {
                    continue;
                }
                if let Some(assigned_in) = sees(&name, &visible) {
                    // Assigned in this very scope: on every path to this state?
                    if assigned_in == scope.index
                        && fails_if_unassigned
                        && let Some(path) = unassigned.path_without(&name, state_name)
                    {
                        // Read by an `Assign` that sets it itself: it reads the value from
                        // before the state, not the one it sets.
                        let own = assigns(state, &at).into_iter().any(|(assign_at, assign)| {
                            pointer
                                .as_str()
                                .strip_prefix(assign_at.as_str())
                                .is_some_and(|rest| rest.starts_with('/'))
                                && super::unassigned::sets(Some(assign), &name)
                        });
                        let mut message = read_before_assigned(&name, state_name, &path, scope);
                        if own {
                            message = message![
                                message,
                                ". This ",
                                Field::Assign,
                                format!(
                                    " sets `{}` itself, but every value it assigns is evaluated with the variables as they were before the state (AWS documentation, \"Passing data between states with variables\"): compute the value from what it is made of, or read `${}` in the next state",
                                    show(&name),
                                    show(&name)
                                )
                            ];
                        }
                        cx.warning(Code::UndefinedVariable, pointer, message);
                    }
                    continue;
                }
                let message = if let Some(outer) = sees(&name, &hidden) {
                    let boundary = visible
                        .last()
                        .map_or_else(String::new, |&b| describe_scope(&scopes[b]));
                    message![
                        format!(
                            "variable `{}` is assigned in {}, but {boundary} runs as a Distributed Map, whose child executions cannot read variables of outer scopes; pass the value in through the Map's ",
                            show(&name),
                            describe_scope(&scopes[outer]),
                        ),
                        Field::ItemSelector,
                        " and read it from the input"
                    ]
                } else {
                    let elsewhere = names.iter().position(|set| set.contains(name.as_str()));
                    // A misspelling of a variable this scope can read (`$orderid` for `$orderId`).
                    let mut seen: Vec<&str> = visible
                        .iter()
                        .filter_map(|&i| names.get(i))
                        .flat_map(|set| set.iter().copied())
                        .collect();
                    seen.sort_unstable();
                    let close = workflow_text::suggest::did_you_mean(&name, &seen);
                    let (also, fix) = match (elsewhere, close) {
                        (Some(other), _) => (
                            format!(
                                " (it is assigned only in {}, which this scope cannot see: variables of one branch or iteration are not visible outside it)",
                                describe_scope(&scopes[other])
                            ),
                            "; assign it with ".to_owned(),
                        ),
                        (None, Some(close)) => (
                            String::new(),
                            format!("; did you mean `{}`? If not, assign it with ", show(close)),
                        ),
                        (None, None) => (String::new(), "; assign it with ".to_owned()),
                    };
                    message![
                        format!(
                            "variable `{}` is never assigned in this scope or an enclosing one{also}{fix}",
                            show(&name)
                        ),
                        Field::Assign,
                        format!(
                            " before state `{state_name}` reads it, or pass the value in the state input"
                        )
                    ]
                };
                cx.warning(Code::UndefinedVariable, pointer, message);
            }
        }
    }
}

/// The message for a variable that `state` may read before any `Assign` sets it: `path` is a
/// way from `StartAt` to `state` on which nothing assigns it.
fn read_before_assigned(
    name: &str,
    state: &str,
    path: &[&str],
    scope: &Scope<'_>,
) -> crate::diagnostic::Message {
    const SHOWN: usize = 6;
    let mut steps: Vec<String> = path.iter().map(|s| format!("`{}`", show(s))).collect();
    if steps.len() > SHOWN {
        let tail = steps.split_off(steps.len() - (SHOWN - 1));
        steps.truncate(1);
        steps.push("…".to_owned());
        steps.extend(tail);
    }
    let way = if path.len() <= 1 {
        format!(
            "`{}` is where {} starts",
            show(state),
            describe_scope(scope)
        )
    } else {
        format!("the path {} assigns it nowhere", steps.join(" → "))
    };
    message![
        format!(
            "variable `{}` may be read by state `{}` before anything assigns it: {way}, so the state would fail; assign it with ",
            show(name),
            show(state)
        ),
        Field::Assign,
        " in a state on every path before it (e.g. the first state), or read it only after it is set"
    ]
}

/// Every variable a state reads, with where, and whether the read fails when the variable is
/// unassigned: always in JSONPath (a path to an unassigned variable fails the state); in
/// JSONata where the expression then certainly gives no value (the variable, a path into it,
/// arithmetic or an ordering on it: `dataflow::undefined_without`), which fails the
/// field (`States.QueryEvaluationError`), since elsewhere JSONata takes an undefined variable
/// in its stride (`$exists($status)`, as a recorded AWS execution of `../shared/aws-recorded`
/// reads a variable before assigning it).
fn references(
    state: &State,
    at: &Pointer,
    language: QueryLanguage,
) -> Vec<(Pointer, String, bool)> {
    let mut out = Vec::new();
    match language {
        QueryLanguage::JsonPath => {
            for (pointer, text) in evaluated_strings(state, at) {
                for name in jsonpath_variables(&text) {
                    out.push((pointer.clone(), name, true));
                }
            }
        }
        QueryLanguage::Jsonata => {
            for (pointer, expression) in super::jsonata_fields::jsonata_expressions(state, at) {
                let (Some(_), Ok(expr)) = (expression.body(), expression.expression()) else {
                    continue;
                };
                for (name, _) in expr.references().variables {
                    if name != "states" && !is_builtin(&name) {
                        let fails = super::dataflow::undefined_without(expr, &name);
                        out.push((pointer.clone(), name, fails));
                    }
                }
            }
        }
    }
    out
}

/// The variables a JSONPath path or intrinsic function reads, filters and nested calls
/// included (explicit stack).
pub(crate) fn jsonpath_variables(field: &PathString) -> Vec<String> {
    enum Work<'p> {
        Call(&'p Intrinsic),
        Path(&'p Path),
        Segment(&'p Segment),
        Filter(&'p FilterExpr),
        Operand(&'p Operand),
    }
    let mut stack: Vec<Work<'_>> = Vec::new();
    match (field.intrinsic(), field.path()) {
        (Some(Ok(call)), _) => stack.push(Work::Call(call)),
        (Some(Err(_)), _) | (None, Err(_)) => return Vec::new(),
        (None, Ok(path)) => stack.push(Work::Path(path)),
    }
    let mut out: Vec<String> = Vec::new();
    while let Some(work) = stack.pop() {
        match work {
            Work::Call(call) => {
                for arg in call.args.iter().rev() {
                    match &arg.arg {
                        Arg::Path(p) => stack.push(Work::Path(p)),
                        Arg::Call(inner) => stack.push(Work::Call(inner)),
                        Arg::String(_) | Arg::Number(_) | Arg::Bool(_) | Arg::Null => {}
                    }
                }
            }
            Work::Path(p) => {
                if let Root::Variable(name) = &p.root
                    && name != "states"
                    && !out.contains(name)
                {
                    out.push(name.clone());
                }
                stack.extend(p.segments.iter().rev().map(Work::Segment));
            }
            Work::Segment(Segment::Filter(f)) => stack.push(Work::Filter(&f.expr)),
            Work::Segment(Segment::Descendant(inner)) => stack.push(Work::Segment(inner)),
            Work::Segment(_) => {}
            Work::Filter(FilterExpr::Exists(o)) => stack.push(Work::Operand(o)),
            Work::Filter(FilterExpr::Compare { left, right, .. }) => {
                stack.push(Work::Operand(right));
                stack.push(Work::Operand(left));
            }
            Work::Filter(FilterExpr::Regex { left, .. }) => stack.push(Work::Operand(left)),
            Work::Filter(FilterExpr::Not(inner)) => stack.push(Work::Filter(inner)),
            Work::Filter(FilterExpr::And(terms) | FilterExpr::Or(terms)) => {
                stack.extend(terms.iter().rev().map(Work::Filter))
            }
            Work::Operand(Operand::Path(p)) => stack.push(Work::Path(p)),
            Work::Operand(Operand::Current(segments)) => {
                stack.extend(segments.iter().rev().map(Work::Segment))
            }
            Work::Operand(Operand::Literal(_) | Operand::Array(_)) => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::{Code, Diagnostic, Severity};

    fn with(d: &[Diagnostic], code: Code) -> Vec<&Diagnostic> {
        d.iter().filter(|x| x.code == code).collect()
    }

    #[test]
    fn a_misspelt_variable_is_pointed_at_the_one_assigned() {
        let d = crate::check(
            r#"{"StartAt": "Set", "States": {
              "Set": {"Type": "Pass", "Assign": {"orderId": "o-1"}, "Next": "Read"},
              "Read": {"Type": "Pass", "Parameters": {"id.$": "$orderid"}, "End": true}}}"#,
        );
        let w = with(&d, Code::UndefinedVariable);
        assert_eq!(w.len(), 1, "{d:#?}");
        assert!(
            w[0].message.starts_with(
                "variable `orderid` is never assigned in this scope or an enclosing one; did you mean `orderId`? If not, assign it with "
            ),
            "{}",
            w[0].message
        );
    }

    #[test]
    fn a_variable_read_where_no_assign_on_the_way_has_set_it() {
        // `Read` reads `$n`, assigned only by `Set`, which the Choice can skip.
        let d = crate::check(
            r#"{"StartAt": "C", "States": {
              "C": {"Type": "Choice", "Choices": [{"Variable": "$.go", "BooleanEquals": true, "Next": "Set"}], "Default": "Read"},
              "Set": {"Type": "Pass", "Assign": {"n": 1}, "Next": "Read"},
              "Read": {"Type": "Pass", "Parameters": {"n.$": "$n"}, "End": true}}}"#,
        );
        let w = with(&d, Code::UndefinedVariable);
        assert_eq!(w.len(), 1, "{d:#?}");
        assert_eq!(w[0].pointer.as_str(), "/States/Read/Parameters/n.$");
        assert!(
            w[0].message.starts_with(
                "variable `n` may be read by state `Read` before anything assigns it: the path `C` → `Read` assigns it nowhere"
            ),
            "{}",
            w[0].message
        );
        // Assigned on every way in (a Choice rule's Assign, the Default's, a Catcher's): fine.
        let d = crate::check(
            r#"{"StartAt": "C", "States": {
              "C": {"Type": "Choice", "Choices": [{"Variable": "$.go", "BooleanEquals": true, "Next": "T", "Assign": {"n": 1}}], "Default": "T", "Assign": {"n": 2}},
              "T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "Assign": {"m": 1},
                    "Catch": [{"ErrorEquals": ["States.ALL"], "Assign": {"m": 0}, "Next": "Read"}], "Next": "Read"},
              "Read": {"Type": "Pass", "Parameters": {"n.$": "$n", "m.$": "$m"}, "End": true}}}"#,
        );
        assert!(with(&d, Code::UndefinedVariable).is_empty(), "{d:#?}");
        // A state's own Assign is seen from the next state on; a loop's first entry has none.
        let d = crate::check(
            r#"{"StartAt": "Loop", "States": {
              "Loop": {"Type": "Pass", "Parameters": {"i.$": "$i"}, "Assign": {"i": 1}, "Next": "Again"},
              "Again": {"Type": "Choice", "Choices": [{"Variable": "$.stop", "IsPresent": true, "Next": "End"}], "Default": "Loop"},
              "End": {"Type": "Succeed"}}}"#,
        );
        let w = with(&d, Code::UndefinedVariable);
        assert_eq!(w.len(), 1, "{d:#?}");
        assert!(
            w[0].message
                .contains("`Loop` is where the state machine starts"),
            "{}",
            w[0].message
        );
        // JSONata: a read that tolerates undefined (`$exists($n)`) is fine, the bare `$n` is not.
        let d = crate::check(
            r#"{"QueryLanguage": "JSONata", "StartAt": "T", "States": {
              "T": {"Type": "Pass", "Output": {"seen": "{% $exists($n) %}", "n": "{% $n %}"}, "Assign": {"n": 1}, "Next": "End"},
              "End": {"Type": "Succeed"}}}"#,
        );
        let w = with(&d, Code::UndefinedVariable);
        assert_eq!(w.len(), 1, "{d:#?}");
        assert_eq!(w[0].pointer.as_str(), "/States/T/Output/n");
    }

    fn parallel(outer: &str, branches: &[&str]) -> String {
        let branches: Vec<String> = branches
            .iter()
            .enumerate()
            .map(|(i, b)| format!(r#"{{"StartAt": "B{i}", "States": {{"B{i}": {{"Type": "Pass", {b}, "End": true}}}}}}"#))
            .collect();
        format!(
            r#"{{"StartAt": "A", "States": {{"A": {{"Type": "Pass", {outer}, "Next": "P"}},
                "P": {{"Type": "Parallel", "End": true, "Branches": [{}]}}}}}}"#,
            branches.join(",")
        )
    }

    #[test]
    fn names() {
        assert!(super::variable_name_problem("count").is_none());
        assert!(super::variable_name_problem("_x1").is_none());
        assert!(super::variable_name_problem("détail").is_none());
        assert!(super::variable_name_problem(&"v".repeat(80)).is_none());
        assert!(
            super::variable_name_problem(&"v".repeat(81))
                .is_some_and(|m| m.contains("81 characters"))
        );
        assert!(
            super::variable_name_problem("a-b")
                .is_some_and(|m| m.contains("`-`") && m.contains("`a_b`"))
        );
        assert!(super::variable_name_problem("").is_some());
        assert!(super::variable_name_problem("$x").is_some());
        assert!(super::variable_name_problem("states").is_some());
        assert!(super::variable_name_problem("States").is_none());
    }

    #[test]
    fn jsonpath_assign_keys_may_carry_dollar() {
        let d = crate::check(&parallel(
            r#""Assign": {"total.$": "$.n", "bad name.$": "$.m"}"#,
            &[r#""Parameters": {"t.$": "$total"}"#],
        ));
        let bad = with(&d, Code::InvalidVariableName);
        assert_eq!(bad.len(), 1, "{d:#?}");
        assert_eq!(bad[0].pointer.as_str(), "/States/A/Assign/bad name.$");
        assert!(with(&d, Code::UndefinedVariable).is_empty(), "{d:#?}");
    }

    #[test]
    fn reading_outer_variables_in_a_nested_scope_is_fine() {
        let d = crate::check(&parallel(
            r#""Assign": {"total": 0, "limit": 3}"#,
            &[
                r#""Parameters": {"t.$": "$total", "f.$": "$.items[?(@.n < $limit)]", "s.$": "States.Format('{}', $total)"}"#,
            ],
        ));
        assert!(with(&d, Code::UndefinedVariable).is_empty(), "{d:#?}");
        assert!(
            with(&d, Code::VariableShadowsOuterScope).is_empty(),
            "{d:#?}"
        );
    }

    #[test]
    fn sibling_branch_variables_are_not_visible() {
        let d = crate::check(&parallel(
            r#""Comment": "x""#,
            &[
                r#""Assign": {"mine": 1}"#,
                r#""Parameters": {"m.$": "$mine"}"#,
            ],
        ));
        let w = with(&d, Code::UndefinedVariable);
        assert_eq!(w.len(), 1, "{d:#?}");
        assert_eq!(w[0].severity, Severity::Warning);
        assert_eq!(
            w[0].pointer.as_str(),
            "/States/P/Branches/1/States/B1/Parameters/m.$"
        );
        assert!(
            w[0].message.contains("branch 0 of Parallel state `P`"),
            "{}",
            w[0].message
        );
        // Two sibling branches may use the same name.
        let d = crate::check(&parallel(
            r#""Comment": "x""#,
            &[r#""Assign": {"x": 1}"#, r#""Assign": {"x": 2}"#],
        ));
        assert!(
            with(&d, Code::VariableShadowsOuterScope).is_empty(),
            "{d:#?}"
        );
    }

    #[test]
    fn undefined_jsonata_variables() {
        let text = r#"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {
            "A": {"Type": "Pass", "Assign": {"known": 1}, "Next": "B"},
            "B": {"Type": "Pass", "Output": {"a": "{% $known + $unknown + $count($states.input.xs) %}", "b": "{% $map($xs, $string) %}"}, "End": true}}}"#;
        let d = crate::check(text);
        let w: Vec<&str> = with(&d, Code::UndefinedVariable)
            .iter()
            .map(|x| x.message.as_str())
            .collect();
        assert_eq!(w.len(), 2, "{d:#?}");
        assert!(
            w[0].contains("`unknown`") && w[0].contains("never assigned"),
            "{}",
            w[0]
        );
        assert!(w[1].contains("`xs`"), "{}", w[1]);
    }

    #[test]
    fn distributed_maps_cannot_read_outer_variables() {
        let text = r#"{"StartAt": "A", "States": {
            "A": {"Type": "Pass", "Assign": {"bucket": "b"}, "Next": "M"},
            "M": {"Type": "Map", "End": true, "ItemSelector": {"bucket.$": "$bucket"},
                "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "I", "States": {
                    "I": {"Type": "Pass", "Assign": {"bucket": 1}, "Next": "J"},
                    "J": {"Type": "Pass", "Parameters": {"b.$": "$bucket"}, "End": true}}}}}}"#;
        // The processor assigns its own `bucket` before reading it: fine, and it shadows
        // nothing the child executions can see.
        let d = crate::check(text);
        assert!(with(&d, Code::UndefinedVariable).is_empty(), "{d:#?}");
        assert!(
            with(&d, Code::VariableShadowsOuterScope).is_empty(),
            "{d:#?}"
        );
        let text = text.replace(r#""Assign": {"bucket": 1}, "#, "");
        let d = crate::check(&text);
        let w = with(&d, Code::UndefinedVariable);
        assert_eq!(w.len(), 1, "{d:#?}");
        assert_eq!(
            w[0].pointer.as_str(),
            "/States/M/ItemProcessor/States/J/Parameters/b.$"
        );
        assert!(w[0].message.contains("Distributed Map"), "{}", w[0].message);
    }

    #[test]
    fn shadowing_in_nested_maps_and_catchers() {
        let text = r#"{"StartAt": "A", "States": {
            "A": {"Type": "Pass", "Assign": {"n": 0}, "Next": "M"},
            "M": {"Type": "Map", "End": true, "ItemProcessor": {"StartAt": "T", "States": {
                "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true,
                      "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "F", "Assign": {"n.$": "$.Error"}}]},
                "F": {"Type": "Fail"}}}}}}"#;
        let d = crate::check(text);
        let s = with(&d, Code::VariableShadowsOuterScope);
        assert_eq!(s.len(), 1, "{d:#?}");
        assert_eq!(
            s[0].pointer.as_str(),
            "/States/M/ItemProcessor/States/T/Catch/0/Assign/n.$"
        );
        assert_eq!(s[0].severity, Severity::Error);
    }

    #[test]
    fn variables_in_intrinsics_and_filters() {
        assert_eq!(
            super::jsonpath_variables(&crate::path::PathString::new(
                "States.Format('{} {}', $a.x, States.ArrayGetItem($b, $$.Map.Item.Index))"
            )),
            ["a", "b"]
        );
        assert_eq!(
            super::jsonpath_variables(&crate::path::PathString::new(
                "$.xs[?(@.n > $min && @.m < $max)]"
            )),
            ["min", "max"]
        );
        assert!(super::jsonpath_variables(&crate::path::PathString::new("$.xs")).is_empty());
        assert!(super::jsonpath_variables(&crate::path::PathString::new("not a path")).is_empty());
    }
}
