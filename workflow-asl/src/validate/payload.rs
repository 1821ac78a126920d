//! Payload templates and path fields of JSONPath states.
//!
//! - path fields (`InputPath`, `ResultPath`, `…SecondsPath`, Map `…Path` fields, Catcher
//!   `ResultPath`) are found here and checked by [`super::path_field`];
//! - payload templates (`Parameters`, `ResultSelector`, `ItemSelector`, `Credentials`,
//!   `ItemReader`/`ResultWriter` `Parameters`, `BatchInput`, JSONPath `Assign`): every `.$` key
//!   holds a path or an intrinsic function, no key is repeated once `.$` is stripped, and
//!   values that look evaluated but are not (a path under a key without `.$`, a `{% %}`
//!   string) are pointed out;
//! - the service's warnings `NO_DOLLAR`, `NO_PATH` and `PASS_RESULT_IS_STATIC`.
//!
//! Every walk over user JSON uses an explicit stack.

use super::path_field::{PathRule, check_intrinsic_call, check_path_field, substituted};
use super::shown::show;
use super::{Cx, StateCx};
use crate::diagnostic::{Term, field_named, message};
use crate::model::{
    ChoiceState, Condition, Expr, FailState, MapState, Operand, ParsedJson, PathOrNull,
    SelectorField, State, ValueOrPath, WaitDuration,
};
use crate::path::PathString;
use crate::path::{
    contains_substitution, is_whole_substitution, looks_like_intrinsic, parse_intrinsic, parse_path,
};
use crate::{Code, Pointer};
use serde_json::{Map, Value};
use std::borrow::Cow;
use workflow_jsonata::jsonata_string::is_jsonata;

// ---- walking JSON without recursion ---------------------------------------------------------

/// The root of a JSON walk: an object held as a map (`Parameters`, `Assign`), or any value.
#[derive(Clone, Copy)]
pub(crate) enum Tree<'a> {
    /// An object such as a payload template.
    Object(&'a Map<String, Value>),
    /// Any JSON value.
    Value(&'a Value),
}

/// One node met by [`walk`].
#[derive(Clone, Copy)]
pub(crate) enum Node<'a> {
    /// An object (before its members).
    Object(&'a Map<String, Value>),
    /// An object member; the pointer is the member's.
    Member(&'a str, &'a Value),
    /// An array element, or the root value itself; the pointer is the element's.
    Element(&'a Value),
}

enum Pending<'a> {
    Object(Pointer, &'a Map<String, Value>),
    /// The members of an object not visited yet.
    Members(Pointer, serde_json::map::Iter<'a>),
    Member(Pointer, &'a str, &'a Value),
    /// The elements of an array not visited yet, the first of them at the index given.
    Elements(Pointer, usize, std::slice::Iter<'a, Value>),
    Element(Pointer, &'a Value),
}

/// Visits every node of `tree` in document order, with an explicit stack. `visit` returns
/// whether to descend into the node's value (ignored for `Node::Object`, whose members are
/// always visited).
///
/// A member's or an element's pointer is built when it is visited, not when its container
/// is: the stack holds one pointer per level, so a wide array deep in a template costs
/// memory in proportion to its depth, not to its width times its depth.
pub(crate) fn walk<'a>(
    tree: Tree<'a>,
    pointer: Pointer,
    mut visit: impl FnMut(&Pointer, Node<'a>) -> bool,
) {
    let mut stack = vec![match tree {
        Tree::Object(map) => Pending::Object(pointer, map),
        Tree::Value(value) => Pending::Element(pointer, value),
    }];
    while let Some(pending) = stack.pop() {
        let (pointer, value) = match pending {
            Pending::Object(pointer, map) => {
                visit(&pointer, Node::Object(map));
                stack.push(Pending::Members(pointer, map.iter()));
                continue;
            }
            Pending::Members(pointer, mut members) => {
                if let Some((key, value)) = members.next() {
                    let child = pointer.key(key);
                    stack.push(Pending::Members(pointer, members));
                    stack.push(Pending::Member(child, key, value));
                }
                continue;
            }
            Pending::Elements(pointer, index, mut items) => {
                if let Some(item) = items.next() {
                    let child = pointer.index(index);
                    stack.push(Pending::Elements(pointer, index + 1, items));
                    stack.push(Pending::Element(child, item));
                }
                continue;
            }
            Pending::Member(pointer, key, value) => {
                if !visit(&pointer, Node::Member(key, value)) {
                    continue;
                }
                (pointer, value)
            }
            Pending::Element(pointer, value) => {
                if !visit(&pointer, Node::Element(value)) {
                    continue;
                }
                (pointer, value)
            }
        };
        match value {
            Value::Object(map) => stack.push(Pending::Object(pointer, map)),
            Value::Array(items) => stack.push(Pending::Elements(pointer, 0, items.iter())),
            _ => {}
        }
    }
}

// ---- what a JSONPath state holds ------------------------------------------------------------

/// One path field of a state.
pub(crate) struct PathField<'a> {
    /// Where it is.
    pub pointer: Pointer,
    /// Its name, for messages.
    pub field: &'static str,
    /// The path, as decoded.
    pub text: &'a PathString,
    /// What it may hold.
    pub rule: PathRule,
    /// Whether another module already checks it (Choice, Wait and Fail paths).
    pub checked_elsewhere: bool,
}

/// One payload template of a state (JSONPath `Assign` included).
pub(crate) struct Template<'a> {
    /// Where it is.
    pub pointer: Pointer,
    /// The template.
    pub tree: Tree<'a>,
    /// The template as decoded: its `.$` values parsed.
    pub decoded: Decoded<'a>,
}

/// A template as decoded, which gives the parsed form of each `.$` value.
#[derive(Clone, Copy)]
pub(crate) enum Decoded<'a> {
    /// An object (`Parameters`, `Assign`, …).
    Object(&'a ParsedJson<Map<String, Value>>),
    /// Any JSON (`ItemSelector`, `BatchInput`).
    Value(&'a ParsedJson<Value>),
}

impl<'a> Decoded<'a> {
    /// The parsed form of `text`, the value of a `.$` member of the template.
    pub(super) fn path(self, text: &str) -> Option<&'a PathString> {
        match self {
            Decoded::Object(o) => o.path(text),
            Decoded::Value(v) => v.path(text),
        }
    }
}

/// Every path field of a state, in document order of the fields.
pub(crate) fn path_fields<'a>(state: &'a State, at: &Pointer) -> Vec<PathField<'a>> {
    let mut out = Vec::new();
    let mut push = |pointer: Pointer,
                    field: &'static str,
                    text: &'a PathString,
                    rule: PathRule,
                    elsewhere: bool| {
        out.push(PathField {
            pointer,
            field,
            text,
            rule,
            checked_elsewhere: elsewhere,
        });
    };
    let (input_path, output_path, result_path) =
        (state.input_path(), state.output_path(), state.result_path());
    if let Some(PathOrNull::Path(p)) = input_path {
        push(at.key("InputPath"), "InputPath", p, PathRule::Any, false);
    }
    match state {
        State::Task(t) => {
            if let Some(ValueOrPath::Path(p)) = &t.timeout {
                push(
                    at.key("TimeoutSecondsPath"),
                    "TimeoutSecondsPath",
                    p,
                    PathRule::Reference,
                    false,
                );
            }
            if let Some(ValueOrPath::Path(p)) = &t.heartbeat {
                push(
                    at.key("HeartbeatSecondsPath"),
                    "HeartbeatSecondsPath",
                    p,
                    PathRule::Reference,
                    false,
                );
            }
        }
        State::Map(m) => map_paths(m, at, &mut push),
        State::Wait(w) => match &w.duration {
            WaitDuration::SecondsPath(p) => push(
                at.key("SecondsPath"),
                "SecondsPath",
                p,
                PathRule::Reference,
                true,
            ),
            WaitDuration::TimestampPath(p) => {
                push(
                    at.key("TimestampPath"),
                    "TimestampPath",
                    p,
                    PathRule::Reference,
                    true,
                );
            }
            WaitDuration::Seconds(_) | WaitDuration::Timestamp(_) => {}
        },
        State::Fail(f) => fail_paths(f, at, &mut push),
        State::Choice(c) => choice_paths(c, at, &mut push),
        State::Pass(_) | State::Succeed(_) | State::Parallel(_) => {}
    }
    if let Some(PathOrNull::Path(p)) = result_path {
        push(
            at.key("ResultPath"),
            "ResultPath",
            p,
            PathRule::ResultPath,
            false,
        );
    }
    if let Some(PathOrNull::Path(p)) = output_path {
        push(at.key("OutputPath"), "OutputPath", p, PathRule::Any, false);
    }
    for (i, c) in state.catchers().unwrap_or_default().iter().enumerate() {
        if let Some(PathOrNull::Path(p)) = &c.result_path {
            push(
                at.key("Catch").index(i).key("ResultPath"),
                "ResultPath",
                p,
                PathRule::ResultPath,
                false,
            );
        }
    }
    out
}

type PushPath<'f, 'a> = dyn FnMut(Pointer, &'static str, &'a PathString, PathRule, bool) + 'f;

fn map_paths<'a>(m: &'a MapState, at: &Pointer, push: &mut PushPath<'_, 'a>) {
    if let Some(p) = &m.items_path {
        push(at.key("ItemsPath"), "ItemsPath", p, PathRule::Any, false);
    }
    let mut pair = |value: Option<&'a PathString>, pointer: Pointer, field: &'static str| {
        if let Some(p) = value {
            push(pointer, field, p, PathRule::Reference, false);
        }
    };
    pair(
        m.max_concurrency.as_ref().and_then(ValueOrPath::path),
        at.key("MaxConcurrencyPath"),
        "MaxConcurrencyPath",
    );
    pair(
        m.tolerated_failure_percentage
            .as_ref()
            .and_then(ValueOrPath::path),
        at.key("ToleratedFailurePercentagePath"),
        "ToleratedFailurePercentagePath",
    );
    pair(
        m.tolerated_failure_count
            .as_ref()
            .and_then(ValueOrPath::path),
        at.key("ToleratedFailureCountPath"),
        "ToleratedFailureCountPath",
    );
    if let Some(b) = &m.item_batcher {
        let b_at = at.key("ItemBatcher");
        pair(
            b.max_items_per_batch.as_ref().and_then(ValueOrPath::path),
            b_at.key("MaxItemsPerBatchPath"),
            "MaxItemsPerBatchPath",
        );
        pair(
            b.max_input_bytes_per_batch
                .as_ref()
                .and_then(ValueOrPath::path),
            b_at.key("MaxInputBytesPerBatchPath"),
            "MaxInputBytesPerBatchPath",
        );
    }
    if let Some(config) = m
        .item_reader
        .as_ref()
        .and_then(|r| r.reader_config.as_ref())
    {
        pair(
            config.max_items.as_ref().and_then(ValueOrPath::path),
            at.key("ItemReader").key("ReaderConfig").key("MaxItemsPath"),
            "MaxItemsPath",
        );
    }
}

fn fail_paths<'a>(f: &'a FailState, at: &Pointer, push: &mut PushPath<'_, 'a>) {
    if let Some(ValueOrPath::Path(p)) = &f.error {
        push(
            at.key("ErrorPath"),
            "ErrorPath",
            p,
            PathRule::PathOrStringIntrinsic,
            true,
        );
    }
    if let Some(ValueOrPath::Path(p)) = &f.cause {
        push(
            at.key("CausePath"),
            "CausePath",
            p,
            PathRule::PathOrStringIntrinsic,
            true,
        );
    }
}

/// `Variable` and `…Path` operands of every rule, nested ones included.
fn choice_paths<'a>(c: &'a ChoiceState, at: &Pointer, push: &mut PushPath<'_, 'a>) {
    for (condition, pointer) in super::choice::conditions(c, at) {
        if let Condition::Test(test) = condition {
            push(
                pointer.key("Variable"),
                "Variable",
                &test.variable,
                PathRule::Any,
                true,
            );
            if let Operand::Path(p) = &test.operand {
                push(
                    pointer.key(test.operator.as_str()),
                    test.operator.as_str(),
                    p,
                    PathRule::Reference,
                    true,
                );
            }
        }
    }
}

/// Every payload template of a JSONPath state: `Parameters`, `ResultSelector`, `ItemSelector`,
/// `Credentials`, `ItemReader`/`ResultWriter` `Parameters`, `BatchInput`, and every `Assign`
/// (the state's, its Choice rules' and its Catchers').
pub(crate) fn templates<'a>(state: &'a State, at: &Pointer) -> Vec<Template<'a>> {
    let mut out = Vec::new();
    let mut object = |pointer: Pointer, map: Option<&'a ParsedJson<Map<String, Value>>>| {
        if let Some(map) = map {
            out.push(Template {
                pointer,
                tree: Tree::Object(map.json()),
                decoded: Decoded::Object(map),
            });
        }
    };
    match state {
        State::Pass(s) => object(at.key("Parameters"), s.parameters.as_ref()),
        State::Task(s) => {
            object(at.key("Parameters"), s.parameters.as_ref());
            object(at.key("ResultSelector"), s.result_selector.as_ref());
            object(at.key("Credentials"), s.credentials.as_ref());
        }
        State::Parallel(s) => {
            object(at.key("Parameters"), s.parameters.as_ref());
            object(at.key("ResultSelector"), s.result_selector.as_ref());
        }
        State::Map(m) => {
            if let Some(r) = &m.item_reader {
                object(
                    at.key("ItemReader").key("Parameters"),
                    r.parameters.as_ref(),
                );
            }
            object(at.key("ResultSelector"), m.result_selector.as_ref());
            if let Some(w) = &m.result_writer {
                object(
                    at.key("ResultWriter").key("Parameters"),
                    w.parameters.as_ref(),
                );
            }
        }
        State::Choice(c) => {
            for (i, rule) in c.choices.iter().enumerate() {
                object(
                    at.key("Choices").index(i).key("Assign"),
                    rule.assign.as_ref(),
                );
            }
        }
        State::Wait(_) | State::Succeed(_) | State::Fail(_) => {}
    }
    object(at.key("Assign"), state.assign());
    for (i, c) in state.catchers().unwrap_or_default().iter().enumerate() {
        object(at.key("Catch").index(i).key("Assign"), c.assign.as_ref());
    }
    if let State::Map(m) = state {
        if let Some(selector) = &m.item_selector {
            out.push(Template {
                pointer: at.key(selector_key(m)),
                tree: Tree::Value(selector.json()),
                decoded: Decoded::Value(selector),
            });
        }
        if let Some(batch_input) = m.item_batcher.as_ref().and_then(|b| b.batch_input.as_ref()) {
            out.push(Template {
                pointer: at.key("ItemBatcher").key("BatchInput"),
                tree: Tree::Value(batch_input.json()),
                decoded: Decoded::Value(batch_input),
            });
        }
    }
    out
}

/// The field name that holds a Map's item selector.
pub(crate) fn selector_key(m: &MapState) -> &'static str {
    match m.selector_field {
        SelectorField::ItemSelector => "ItemSelector",
        SelectorField::Parameters => "Parameters",
    }
}

/// Every string a JSONPath state evaluates as a path or an intrinsic function, with where it
/// is: the path fields (not `ResultPath`, which writes) and the values of `.$` keys, as
/// decoded.
pub(crate) fn evaluated_strings<'a>(
    state: &'a State,
    at: &Pointer,
) -> Vec<(Pointer, Cow<'a, PathString>)> {
    let mut out: Vec<(Pointer, Cow<'a, PathString>)> = path_fields(state, at)
        .into_iter()
        .filter(|f| f.rule != PathRule::ResultPath)
        .map(|f| (f.pointer, Cow::Borrowed(f.text)))
        .collect();
    for t in templates(state, at) {
        let decoded = t.decoded;
        walk(t.tree, t.pointer, |pointer, node| match node {
            Node::Member(key, value) if key.ends_with(".$") => {
                if let Value::String(text) = value {
                    let value = PathString::decoded_or_parsed(decoded.path(text), text);
                    out.push((pointer.clone(), value));
                }
                false
            }
            _ => true,
        });
    }
    out
}

// ---- the checks -----------------------------------------------------------------------------

/// Checks the payload templates and path fields of one state.
pub(crate) fn check_state(cx: &mut Cx<'_>, s: &StateCx<'_>) {
    if s.is_jsonata() {
        return;
    }
    for f in path_fields(s.state, &s.pointer) {
        if !f.checked_elsewhere {
            check_path_field(cx, f.pointer, f.field, f.text, f.rule);
        }
    }
    for t in templates(s.state, &s.pointer) {
        check_template(cx, s, t);
    }
    match s.state {
        State::Pass(pass) => {
            if let Some(result) = &pass.result {
                check_static_result(cx, s, result);
            }
        }
        State::Fail(fail) => {
            no_path(
                cx,
                s.pointer.key("Error"),
                "Error",
                "ErrorPath",
                fail.error.as_ref(),
            );
            no_path(
                cx,
                s.pointer.key("Cause"),
                "Cause",
                "CausePath",
                fail.cause.as_ref(),
            );
        }
        _ => {}
    }
}

/// One payload template: `.$` values, duplicate keys, and values that look evaluated but are
/// not.
fn check_template(cx: &mut Cx<'_>, s: &StateCx<'_>, t: Template<'_>) {
    walk(t.tree, t.pointer, |pointer, node| match node {
        Node::Object(map) => {
            check_duplicates(cx, pointer, map);
            true
        }
        Node::Member(key, value) if key.ends_with(".$") => {
            let decoded = value.as_str().and_then(|text| t.decoded.path(text));
            check_dollar_value(cx, pointer, key, value, decoded);
            false
        }
        Node::Member(key, value) => {
            if let Value::String(text) = value {
                no_dollar(cx, pointer, key, text);
                jsonata_literal(cx, s, pointer, text);
            }
            true
        }
        Node::Element(value) => {
            if let Value::String(text) = value {
                jsonata_literal(cx, s, pointer, text);
            }
            true
        }
    });
}

/// `"a"` and `"a.$"` in one object name the same field once `.$` is stripped.
fn check_duplicates(cx: &mut Cx<'_>, pointer: &Pointer, map: &Map<String, Value>) {
    for key in map.keys() {
        if let Some(stripped) = key.strip_suffix(".$")
            && map.contains_key(stripped)
        {
            cx.error(
                Code::DuplicatePayloadKey,
                pointer.key(key),
                format!(
                    "`{}` and `{}` both give the field `{}` once `.$` is stripped; keep one of them",
                    show(stripped),
                    show(key),
                    show(stripped)
                ),
            );
        }
    }
}

/// The value of a `.$` key: a path, a variable, or an intrinsic function.
fn check_dollar_value(
    cx: &mut Cx<'_>,
    pointer: &Pointer,
    key: &str,
    value: &Value,
    decoded: Option<&PathString>,
) {
    let Value::String(text) = value else {
        cx.error(
            Code::InvalidJsonPathOrIntrinsic,
            pointer.clone(),
            format!(
                "`{}` holds {}, but a key ending in `.$` takes a string: a path (`$.field`, `$$.Execution.Id`, `$variable`) or an intrinsic function such as `States.Format('{{}}', $.x)`; remove `.$` from the key to pass the value as it is",
                show(key),
                json_kind(value)
            ),
        );
        return;
    };
    if let Some(name) = is_whole_substitution(text) {
        cx.info(
            Code::DeploymentSubstitution,
            pointer.clone(),
            format!("`{}` is the deployment substitution `${{{name}}}`; it is checked once it is substituted", show(key)),
        );
        return;
    }
    let decoded = PathString::decoded_or_parsed(decoded, text);
    if text.starts_with('$') {
        if let Err(e) = decoded.path() {
            if contains_substitution(text) {
                substituted(cx, pointer.clone(), key, text);
            } else {
                cx.error(
                    Code::InvalidJsonPath,
                    pointer.clone(),
                    format!(
                        "`{}` holds `{}`, which is not a valid path: {}",
                        show(key),
                        show(text),
                        e.message
                    ),
                );
            }
        }
        return;
    }
    if let Some(call) = decoded.intrinsic() {
        check_intrinsic_call(cx, pointer, key, text, call);
        return;
    }
    if contains_substitution(text) {
        substituted(cx, pointer.clone(), key, text);
        return;
    }
    cx.error(
        Code::InvalidJsonPathOrIntrinsic,
        pointer.clone(),
        format!(
            "`{}` holds `{}`, which is neither a path (`$.field`, `$$.Execution.Id`, `$variable`) nor an intrinsic function (`States.Format(...)`); fix the value, or remove `.$` from the key to pass the string as it is",
            show(key),
            show(text)
        ),
    );
}

/// `NO_DOLLAR`: a path or an intrinsic call under a key without `.$` is passed as a literal.
fn no_dollar(cx: &mut Cx<'_>, pointer: &Pointer, key: &str, text: &str) {
    let what = if looks_like_path(text) {
        "a path"
    } else if looks_like_intrinsic(text) && parse_intrinsic(text).is_ok() {
        "an intrinsic function call"
    } else {
        return;
    };
    cx.warning(
        Code::NoDollar,
        pointer.clone(),
        format!(
            "`{}` holds `{}`, which looks like {what}, but the key does not end in `.$`, so the text is passed as it is; rename the key to `{}.$` to evaluate it",
            show(key),
            show(text),
            show(key)
        ),
    );
}

/// A `{% %}` string in a JSONPath state is a literal.
fn jsonata_literal(cx: &mut Cx<'_>, s: &StateCx<'_>, pointer: &Pointer, text: &str) {
    if is_jsonata(text) {
        cx.warning(
            Code::JsonataFieldInJsonPathState,
            pointer.clone(),
            message![
                format!(
                    "`{}` is a literal string here because state `{}` uses JSONPath; set ",
                    show(text),
                    s.name
                ),
                Term::JsonataLanguage,
                " on the state (or the workflow) to evaluate it"
            ],
        );
    }
}

/// Whether `text` is a path on the input or the context object (`$.…`, `$$.…`).
fn looks_like_path(text: &str) -> bool {
    (text.starts_with("$.")
        || text.starts_with("$$.")
        || text.starts_with("$[")
        || text.starts_with("$$["))
        && parse_path(text).is_ok()
}

/// `PASS_RESULT_IS_STATIC`: Pass `Result` is never evaluated.
fn check_static_result(cx: &mut Cx<'_>, s: &StateCx<'_>, result: &Value) {
    walk(
        Tree::Value(result),
        s.pointer.key("Result"),
        |pointer, node| {
            let (key, value) = match node {
                Node::Object(_) => return true,
                Node::Member(key, value) => (Some(key), value),
                Node::Element(value) => (None, value),
            };
            if let Some(key) = key.filter(|k| k.ends_with(".$")) {
                cx.warning(
                Code::PassResultIsStatic,
                pointer.clone(),
                format!(
                    "`{}` is inside `Result`, which is static: its `.$` keys are never evaluated; to compute the value use `Parameters` instead of `Result`",
                    show(key)
                ),
            );
                return true;
            }
            if let Value::String(text) = value {
                if looks_like_path(text) {
                    cx.warning(
                    Code::PassResultIsStatic,
                    pointer.clone(),
                    format!(
                        "`{}` is inside `Result`, which is static, so the path is never evaluated; to read it use `Parameters` with a `.$` key instead of `Result`",
                        show(text)
                    ),
                );
                } else {
                    jsonata_literal(cx, s, pointer, text);
                }
            }
            true
        },
    );
}

/// `NO_PATH`: a Fail `Error` or `Cause` that looks like a path is a literal.
fn no_path(
    cx: &mut Cx<'_>,
    pointer: Pointer,
    field: &str,
    path_field: &str,
    value: Option<&ValueOrPath<Expr<String>>>,
) {
    if let Some(ValueOrPath::Value(text)) = value
        && let text = text.text()
        && looks_like_path(text)
    {
        cx.warning(
            Code::NoPath,
            pointer,
            message![field_named(field), format!(
                " is `{}`, which looks like a path, but `{field}` is a literal string; did you mean `{path_field}`?",
                show(text)
            )],
        );
    }
}

/// "a number", "an object", ...
fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "`null`",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::test_support::{assert_one, with_code};
    use crate::{Code, Diagnostic, Severity};

    fn pass(fields: &str) -> String {
        format!(
            r#"{{"StartAt": "A", "States": {{"A": {{"Type": "Pass", {fields}, "End": true}}}}}}"#
        )
    }

    #[track_caller]
    fn no_errors(d: &[Diagnostic]) {
        assert!(d.iter().all(|x| x.severity != Severity::Error), "{d:#?}");
    }

    #[test]
    fn substitution_keys_and_values_are_fine() {
        let d = crate::check(&pass(
            r#""Parameters": {"${TableName}.$": "$.x", "a.$": "${SomePath}", "b.$": "$.${Field}", "c": "${Other}"}"#,
        ));
        no_errors(&d);
        assert_one(
            &d,
            Code::DeploymentSubstitution,
            "/States/A/Parameters/a.$",
            "`${SomePath}`",
        );
        let d = crate::check(&pass(r#""InputPath": "${InputPath}""#));
        no_errors(&d);
        assert_one(
            &d,
            Code::DeploymentSubstitution,
            "/States/A/InputPath",
            "`${InputPath}`",
        );
    }

    #[test]
    fn deep_payloads_do_not_overflow() {
        let depth = 50;
        let mut body = r#"{"bad.$": 1}"#.to_owned();
        for _ in 0..depth {
            body = format!(r#"{{"n": [{body}]}}"#);
        }
        let d = crate::check(&pass(&format!(r#""Parameters": {body}"#)));
        let found = with_code(&d, Code::InvalidJsonPathOrIntrinsic);
        assert_eq!(found.len(), 1, "{d:#?}");
        assert!(found[0].pointer.as_str().ends_with("/n/0/bad.$"));
        // The walker itself takes any depth.
        let mut value = serde_json::json!({"x.$": 3});
        for _ in 0..5000 {
            let mut map = serde_json::Map::new();
            map.insert("n".to_owned(), serde_json::Value::Array(vec![value]));
            value = serde_json::Value::Object(map);
        }
        let mut count = 0;
        super::walk(
            super::Tree::Value(&value),
            crate::Pointer::root(),
            |_, node| {
                if let super::Node::Member(k, _) = node {
                    count += usize::from(k == "x.$");
                }
                true
            },
        );
        assert_eq!(count, 1);
        // Dropping a deep value recurses in serde_json; take it apart iteratively.
        let mut stack = vec![value];
        while let Some(mut v) = stack.pop() {
            match &mut v {
                serde_json::Value::Object(m) => {
                    stack.extend(std::mem::take(m).into_iter().map(|(_, v)| v))
                }
                serde_json::Value::Array(a) => stack.append(a),
                _ => {}
            }
        }
    }

    #[test]
    fn dollar_values_are_checked() {
        let d = crate::check(&pass(r#""Parameters": {"a.$": "$.items["}"#));
        assert_one(
            &d,
            Code::InvalidJsonPath,
            "/States/A/Parameters/a.$",
            "unclosed `[`",
        );
        let d = crate::check(&pass(r#""Parameters": {"a~/b.$": "nope"}"#));
        assert_one(
            &d,
            Code::InvalidJsonPathOrIntrinsic,
            "/States/A/Parameters/a~0~1b.$",
            "remove `.$`",
        );
        let d = crate::check(&pass(
            r#""Parameters": {"a.$": "States.Fromat('{}', $.n)"}"#,
        ));
        assert_one(
            &d,
            Code::InvalidIntrinsic,
            "/States/A/Parameters/a.$",
            "did you mean `States.Format`?",
        );
        let d = crate::check(&pass(r#""Parameters": {"a.$": "{% $states.input %}"}"#));
        assert_one(
            &d,
            Code::InvalidJsonPathOrIntrinsic,
            "/States/A/Parameters/a.$",
            "neither a path",
        );
    }

    #[test]
    fn templates_everywhere_are_walked() {
        let map = r#"{"StartAt": "M", "States": {"M": {"Type": "Map", "End": true,
            "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "I", "States": {"I": {"Type": "Succeed"}}},
            "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "Parameters": {"Bucket.$": 1, "Key": "k"}},
            "ItemSelector": {"v.$": "$$.Map.Item.Value", "w.$": "oops"},
            "ItemBatcher": {"MaxItemsPerBatch": 2, "BatchInput": {"x.$": "$.x", "x": 1}},
            "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "b", "Prefix.$": "States.UUID(1)"}},
            "ResultSelector": {"r": "$.not.evaluated"}}}}"#;
        let d = crate::check(map);
        let bad: Vec<&str> = with_code(&d, Code::InvalidJsonPathOrIntrinsic)
            .iter()
            .map(|x| x.pointer.as_str())
            .collect();
        assert_eq!(
            bad,
            [
                "/States/M/ItemReader/Parameters/Bucket.$",
                "/States/M/ItemSelector/w.$"
            ]
        );
        assert_one(
            &d,
            Code::DuplicatePayloadKey,
            "/States/M/ItemBatcher/BatchInput/x.$",
            "keep one",
        );
        assert_one(
            &d,
            Code::InvalidIntrinsic,
            "/States/M/ResultWriter/Parameters/Prefix.$",
            "States.UUID",
        );
        assert_one(&d, Code::NoDollar, "/States/M/ResultSelector/r", "`r.$`");
    }

    #[test]
    fn assign_is_a_template_in_jsonpath() {
        let d = crate::check(&pass(
            r#""Assign": {"a.$": "hello", "b": "States.UUID()", "c.$": "$.c", "c": 1}"#,
        ));
        assert_one(
            &d,
            Code::InvalidJsonPathOrIntrinsic,
            "/States/A/Assign/a.$",
            "`hello`",
        );
        assert_one(
            &d,
            Code::NoDollar,
            "/States/A/Assign/b",
            "intrinsic function call",
        );
        assert_one(&d, Code::DuplicatePayloadKey, "/States/A/Assign/c.$", "`c`");
    }

    #[test]
    fn path_fields() {
        let task = |fields: &str| {
            format!(
                r#"{{"StartAt": "T", "States": {{"T": {{"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", {fields}, "End": true}}}}}}"#
            )
        };
        let d = crate::check(&task(r#""TimeoutSecondsPath": "$.t[*]""#));
        assert_one(
            &d,
            Code::InvalidReferencePath,
            "/States/T/TimeoutSecondsPath",
            "a wildcard",
        );
        let d = crate::check(
            &task(
                r#""Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$err", "Next": "F"}]"#,
            )
            .replace(
                r#""End": true}}"#,
                r#""End": true}, "F": {"Type": "Fail"}}"#,
            ),
        );
        assert_one(
            &d,
            Code::InvalidReferencePath,
            "/States/T/Catch/0/ResultPath",
            "assign it `$` in `Assign`",
        );
        let d = crate::check(&task(
            r#""ResultPath": null, "OutputPath": "$$.Execution", "InputPath": "$var.x""#,
        ));
        no_errors(&d);
        assert!(with_code(&d, Code::InvalidJsonPath).is_empty());
    }

    #[test]
    fn result_and_literals() {
        let d = crate::check(&pass(
            r#""Result": {"a": ["$.x", "plain"], "b": "$$.Execution.Id"}"#,
        ));
        let pointers: Vec<&str> = with_code(&d, Code::PassResultIsStatic)
            .iter()
            .map(|x| x.pointer.as_str())
            .collect();
        assert_eq!(pointers, ["/States/A/Result/a/0", "/States/A/Result/b"]);
        let d = crate::check(&pass(
            r#""Parameters": {"a": "{% $states.input %}", "b": "{% not closed"}"#,
        ));
        let w = assert_one(
            &d,
            Code::JsonataFieldInJsonPathState,
            "/States/A/Parameters/a",
            "uses JSONPath",
        );
        assert_eq!(w.severity, Severity::Warning);
        let fail = r#"{"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "E", "Cause": "$$.Execution.Id"}}}"#;
        assert_one(
            &crate::check(fail),
            Code::NoPath,
            "/States/F/Cause",
            "did you mean `CausePath`?",
        );
    }

    #[test]
    fn error_path_intrinsics() {
        let fail = |fields: &str| {
            format!(r#"{{"StartAt": "F", "States": {{"F": {{"Type": "Fail", {fields}}}}}}}"#)
        };
        let d = crate::check(&fail(r#""ErrorPath": "States.ArrayLength($.list)""#));
        assert_one(
            &d,
            Code::InvalidIntrinsic,
            "/States/F/ErrorPath",
            "`States.ArrayLength` returns a number; use `States.Format`",
        );
        let d = crate::check(&fail(r#""CausePath": "States.ArrayGetItem($.list, 0)""#));
        no_errors(&d);
        let d = crate::check(&fail(r#""ErrorPath": "States.Format('{}')""#));
        assert_one(
            &d,
            Code::InvalidIntrinsic,
            "/States/F/ErrorPath",
            "placeholder",
        );
    }

    #[test]
    fn walker_never_panics_on_odd_keys() {
        let d = crate::check(&pass(
            r#""Parameters": {".$": "$", "$": ".$", "": {"": [".$", {"~1.$": "$$"}]}}"#,
        ));
        assert_one(
            &d,
            Code::DuplicatePayloadKey,
            "/States/A/Parameters/.$",
            "`` and `.$`",
        );
        assert_eq!(
            d.iter().filter(|x| x.severity == Severity::Error).count(),
            1,
            "{d:#?}"
        );
    }
}
