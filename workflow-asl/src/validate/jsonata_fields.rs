//! The JSONata fields of JSONata states: every `{% %}` string parses (`workflow_jsonata`'s
//! parser, JSONata's error code and position in the message, whose text is AWS's
//! `INVALID_JSONATA_EXPRESSION` message), avoids `$$` and reads of the context value at the top
//! level (`$`, bare field names), and reads `$states.result` / `$states.errorOutput` only where
//! they exist, as its parsed tree's [`References`] tell; `.$` keys (JSONPath syntax) are
//! warned about. Which fields hold expressions ([`roots`]) is AWS's list: `Comment`, `Next`,
//! `ErrorEquals` and `ReaderConfig.CSVHeaders` keep a `{% %}` string as text. Every walk over
//! user JSON uses an explicit stack.

use super::payload::{Node, Tree, selector_key, walk};
use super::shown::show;
use super::{Cx, StateCx};
use crate::model::{Condition, Expr, JsonataValue, ParsedJson, State, ValueOrPath, WaitDuration};
use crate::{Code, Pointer};
use serde_json::{Map, Value};
use workflow_jsonata::jsonata_string::{JsonataString, JsonataStringError};
use workflow_jsonata::{JsonataError, References};

/// Which parts of `$states` besides `input` and `context` a value may read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum StatesAccess {
    /// Neither `result` nor `errorOutput` (`Arguments`, `Items`, Pass `Output`, ...).
    Plain,
    /// `$states.result`: the top-level `Output` and `Assign` of Task, Map and Parallel.
    Result,
    /// `$states.errorOutput`: a Catcher's `Output` and `Assign`.
    ErrorOutput,
}

/// A JSONata-bearing value: any JSON, or a typed field holding one string.
#[derive(Clone, Copy)]
pub(crate) enum Body<'a> {
    /// JSON whose `{% %}` strings were parsed when decoded (`Arguments`, `Output`, ...).
    Value(&'a JsonataValue),
    /// An object whose `{% %}` strings were parsed when decoded (`Assign`, `Credentials`).
    Object(&'a ParsedJson<Map<String, Value>>),
    /// One expression, parsed when decoded (`TimeoutSeconds`, `Condition`, `Seconds`, `Error`,
    /// ...).
    Expr(&'a JsonataString),
}

/// One JSONata-bearing field of a state.
pub(crate) struct JsonataRoot<'a> {
    /// Where it is.
    pub pointer: Pointer,
    /// Its value.
    pub body: Body<'a>,
    /// What of `$states` it may read.
    pub access: StatesAccess,
    /// How messages name the field, e.g. "`Arguments`", "the `Output` of Catcher 0".
    pub field: String,
}

fn expr_str<T>(e: &Expr<T>) -> Option<&JsonataString> {
    match e {
        Expr::Jsonata(s) => Some(s),
        Expr::Literal(_) | Expr::Substitution(_) => None,
    }
}

fn pair_str<T>(v: Option<&ValueOrPath<Expr<T>>>) -> Option<&JsonataString> {
    v.and_then(ValueOrPath::value).and_then(expr_str)
}

/// Every field of a JSONata state whose value may hold `{% %}` expressions.
pub(crate) fn roots<'a>(state: &'a State, at: &Pointer) -> Vec<JsonataRoot<'a>> {
    let mut out = Vec::new();
    let mut add =
        |pointer: Pointer, body: Option<Body<'a>>, access: StatesAccess, field: String| {
            if let Some(body) = body {
                out.push(JsonataRoot {
                    pointer,
                    body,
                    access,
                    field,
                });
            }
        };
    let tree = |v: Option<&'a JsonataValue>| v.map(Body::Value);
    let object = |m: Option<&'a ParsedJson<Map<String, Value>>>| m.map(Body::Object);
    let text = |s: Option<&'a JsonataString>| s.map(Body::Expr);
    let named = |f: &str| format!("`{f}`");
    // `$states.result` exists in the top-level Output/Assign of states that produce a result.
    let with_result = matches!(state, State::Task(_) | State::Parallel(_) | State::Map(_));
    let (arguments, output) = (state.arguments(), state.output());
    let top = if with_result {
        StatesAccess::Result
    } else {
        StatesAccess::Plain
    };
    add(
        at.key("Arguments"),
        tree(arguments),
        StatesAccess::Plain,
        named("Arguments"),
    );
    let plain = StatesAccess::Plain;
    match state {
        State::Task(t) => {
            add(
                at.key("TimeoutSeconds"),
                text(pair_str(t.timeout.as_ref())),
                plain,
                named("TimeoutSeconds"),
            );
            add(
                at.key("HeartbeatSeconds"),
                text(pair_str(t.heartbeat.as_ref())),
                plain,
                named("HeartbeatSeconds"),
            );
            add(
                at.key("Credentials"),
                object(t.credentials.as_ref()),
                plain,
                named("Credentials"),
            );
        }
        State::Choice(c) => {
            for (i, rule) in c.choices.iter().enumerate() {
                let rule_at = at.key("Choices").index(i);
                if let Condition::Jsonata(e) = &rule.condition {
                    let field = format!("the `Condition` of rule {i}");
                    add(rule_at.key("Condition"), text(expr_str(e)), plain, field);
                }
                add(
                    rule_at.key("Output"),
                    tree(rule.output.as_ref()),
                    plain,
                    format!("the `Output` of rule {i}"),
                );
                add(
                    rule_at.key("Assign"),
                    object(rule.assign.as_ref()),
                    plain,
                    format!("the `Assign` of rule {i}"),
                );
            }
        }
        State::Wait(w) => match &w.duration {
            WaitDuration::Seconds(e) => add(
                at.key("Seconds"),
                text(expr_str(e)),
                plain,
                named("Seconds"),
            ),
            WaitDuration::Timestamp(t) => add(
                at.key("Timestamp"),
                text(expr_str(t)),
                plain,
                named("Timestamp"),
            ),
            WaitDuration::SecondsPath(_) | WaitDuration::TimestampPath(_) => {}
        },
        State::Fail(f) => {
            add(
                at.key("Error"),
                text(pair_str(f.error.as_ref())),
                plain,
                named("Error"),
            );
            add(
                at.key("Cause"),
                text(pair_str(f.cause.as_ref())),
                plain,
                named("Cause"),
            );
        }
        State::Map(m) => {
            add(
                at.key("Items"),
                tree(m.items.as_ref()),
                plain,
                named("Items"),
            );
            let key = selector_key(m);
            add(
                at.key(key),
                tree(m.item_selector.as_ref()),
                plain,
                named(key),
            );
            if let Some(r) = &m.item_reader {
                let r_at = at.key("ItemReader");
                add(
                    r_at.key("Arguments"),
                    tree(r.arguments.as_ref()),
                    plain,
                    "the `ItemReader` `Arguments`".to_owned(),
                );
                if let Some(c) = &r.reader_config {
                    let max = text(pair_str(c.max_items.as_ref()));
                    add(
                        r_at.key("ReaderConfig").key("MaxItems"),
                        max,
                        plain,
                        named("MaxItems"),
                    );
                }
            }
            if let Some(b) = &m.item_batcher {
                let b_at = at.key("ItemBatcher");
                add(
                    b_at.key("BatchInput"),
                    tree(b.batch_input.as_ref()),
                    plain,
                    named("BatchInput"),
                );
                let per_batch = text(pair_str(b.max_items_per_batch.as_ref()));
                add(
                    b_at.key("MaxItemsPerBatch"),
                    per_batch,
                    plain,
                    named("MaxItemsPerBatch"),
                );
                let bytes = text(pair_str(b.max_input_bytes_per_batch.as_ref()));
                add(
                    b_at.key("MaxInputBytesPerBatch"),
                    bytes,
                    plain,
                    named("MaxInputBytesPerBatch"),
                );
            }
            if let Some(w) = &m.result_writer {
                let args = tree(w.arguments.as_ref());
                add(
                    at.key("ResultWriter").key("Arguments"),
                    args,
                    plain,
                    "the `ResultWriter` `Arguments`".to_owned(),
                );
            }
            add(
                at.key("MaxConcurrency"),
                text(pair_str(m.max_concurrency.as_ref())),
                plain,
                named("MaxConcurrency"),
            );
            let percentage = text(pair_str(m.tolerated_failure_percentage.as_ref()));
            add(
                at.key("ToleratedFailurePercentage"),
                percentage,
                plain,
                named("ToleratedFailurePercentage"),
            );
            let count = text(pair_str(m.tolerated_failure_count.as_ref()));
            add(
                at.key("ToleratedFailureCount"),
                count,
                plain,
                named("ToleratedFailureCount"),
            );
        }
        State::Pass(_) | State::Succeed(_) | State::Parallel(_) => {}
    }
    add(at.key("Output"), tree(output), top, named("Output"));
    add(
        at.key("Assign"),
        object(state.assign()),
        top,
        named("Assign"),
    );
    for (i, c) in state.catchers().unwrap_or_default().iter().enumerate() {
        let c_at = at.key("Catch").index(i);
        let access = StatesAccess::ErrorOutput;
        add(
            c_at.key("Output"),
            tree(c.output.as_ref()),
            access,
            format!("the `Output` of Catcher {i}"),
        );
        add(
            c_at.key("Assign"),
            object(c.assign.as_ref()),
            access,
            format!("the `Assign` of Catcher {i}"),
        );
    }
    out
}

/// Visits every string of `root` that starts like a JSONata expression (`{%`), parsed, and
/// every `.$` key (with `None` as the expression).
fn for_each<'a>(
    root: &JsonataRoot<'a>,
    mut visit: impl FnMut(&Pointer, Option<&'a JsonataString>, Option<&'a str>),
) {
    let body = root.body;
    let parsed = |text: &str| match body {
        Body::Value(v) => v.expression(text),
        Body::Object(m) => m.expression(text),
        Body::Expr(_) => None,
    };
    let tree = match body {
        Body::Expr(expression) => {
            visit(&root.pointer, Some(expression), None);
            return;
        }
        Body::Value(v) => Tree::Value(v.json()),
        Body::Object(m) => Tree::Object(m.json()),
    };
    walk(tree, root.pointer.clone(), |pointer, node| {
        let value = match node {
            Node::Object(_) => return true,
            Node::Member(key, value) => {
                if key.ends_with(".$") {
                    visit(pointer, None, Some(key));
                }
                value
            }
            Node::Element(value) => value,
        };
        if let Value::String(text) = value
            && let Some(expression) = parsed(text)
        {
            visit(pointer, Some(expression), None);
        }
        true
    });
}

/// Every `{% %}`-like string of a state, in the fields AWS evaluates JSONata in, as parsed when
/// the definition was decoded, with where it is (`at` is the state's pointer).
///
/// ```
/// use workflow_asl::{Pointer, StateMachine, jsonata_expressions};
/// let m = StateMachine::from_json(r#"{"QueryLanguage": "JSONata", "StartAt": "P", "States": {
///     "P": {"Type": "Pass", "Output": {"n": "{% $states.input.n %}"}, "End": true}}}"#).unwrap();
/// let found = jsonata_expressions(&m.states["P"], &Pointer::root());
/// assert_eq!(found[0].0.as_str(), "/Output/n");
/// assert_eq!(found[0].1.body(), Some("$states.input.n"));
/// ```
pub fn jsonata_expressions<'a>(
    state: &'a State,
    at: &Pointer,
) -> Vec<(Pointer, &'a JsonataString)> {
    let mut out = Vec::new();
    for root in roots(state, at) {
        for_each(&root, |pointer, expression, _| {
            if let Some(expression) = expression {
                out.push((pointer.clone(), expression));
            }
        });
    }
    out
}

/// Checks the JSONata expressions of one state.
pub(crate) fn check_state(cx: &mut Cx<'_>, s: &StateCx<'_>) {
    if !s.is_jsonata() {
        return;
    }
    for root in roots(s.state, &s.pointer) {
        for_each(&root, |pointer, expression, key| {
            // The service takes such a key literally in a JSONata state (it runs the
            // definition), so this is a warning: almost certainly not what was meant.
            if let Some(key) = key {
                cx.warning(
                    Code::JsonPathSyntaxInJsonata,
                    pointer.clone(),
                    format!(
                        "`{}` ends in `.$`, which is JSONPath syntax, but state `{}` uses JSONata; drop the `.$` and write the value as a `{{% %}}` expression, e.g. `\"{}\": \"{{% $states.input.field %}}\"` (intrinsic functions become JSONata functions such as `$string`, `$uuid()`)",
                        show(key),
                        s.name,
                        show(key.trim_end_matches(".$"))
                    ),
                );
            }
            if let Some(expression) = expression {
                check_expression(cx, s, &root, pointer, expression);
            }
        });
    }
}

/// Checks one string that starts with `{%`.
fn check_expression(
    cx: &mut Cx<'_>,
    s: &StateCx<'_>,
    root: &JsonataRoot<'_>,
    pointer: &Pointer,
    expression: &JsonataString,
) {
    let body = expression.body().unwrap_or_default();
    let refs = match expression.expression() {
        Ok(expr) => expr.references(),
        Err(JsonataStringError::Unclosed) => {
            cx.error(
                Code::InvalidJsonata,
                pointer.clone(),
                format!(
                    "`{}` starts a JSONata expression with `{{%` but does not end with `%}}`; close the expression with `%}}` (the whole string must be `{{% … %}}`)",
                    show(expression.text())
                ),
            );
            return;
        }
        // A limit of this parser (nesting deeper than it goes), not a syntax error: the
        // service takes such an expression, so the validator does too.
        Err(JsonataStringError::Syntax(e)) if e.code.starts_with('U') => return,
        Err(JsonataStringError::Syntax(e)) => {
            cx.error(Code::InvalidJsonata, pointer.clone(), syntax_error(body, e));
            return;
        }
    };
    check_references(cx, s, root, pointer, body, &refs);
}

/// The message of a JSONata syntax error: the code, where (a character position in the
/// expression shown) and JSONata's message. That message is the text of AWS's
/// `INVALID_JSONATA_EXPRESSION` diagnostic, which is its parser's message without the `S0xxx`
/// code (recorded in floci-io/floci, `StepFunctionsValidateStateMachineDefinitionIntegrationTest`:
/// `a[1,2)` gives `Expected "]", got ","`, an empty expression `Unexpected end of expression`).
fn syntax_error(body: &str, e: &JsonataError) -> String {
    let at = e
        .offset
        .and_then(|offset| body.get(..offset))
        .map_or_else(String::new, |before| {
            format!(" at character {}", before.chars().count())
        });
    format!(
        "invalid JSONata expression `{}`: {}{at}: {}",
        show(body),
        e.code,
        e.message()
    )
}

/// Checks what a well-formed expression reads: no `$$`, no context value at the top level,
/// `$states` fields that exist in `root`.
///
/// Each rule is AWS's, as `aws stepfunctions validate-state-machine-definition` answers it
/// (recorded in floci-io/floci, `StepFunctionsValidateStateMachineDefinitionIntegrationTest.java`
/// and `StepFunctionsTopLevelReferenceIntegrationTest.java`; the cases are the table of
/// `tests/aws_jsonata_definitions/`), located, as AWS locates it, at the string:
///
/// - `$$`: `UNSUPPORTED_JSONATA_EXPRESSION`, `Reference to '$$' is not supported.` (recorded for
///   `$$` and `$$.phone`; refused wherever it stands, since AWS's message for it, unlike the
///   next one, does not limit it to the top level);
/// - a read of the context value at the top level ([`References::bare_names`],
///   [`References::bare_dollars`]): `UNSUPPORTED_JSONATA_EXPRESSION`, `Reference to 'phone' at
///   the top level is not supported.`, one diagnostic per distinct name, in the order written
///   (`aaa + bbb` has two);
/// - `$states.errorOutput` outside a Catcher's `Output` and `Assign`: `Field
///   '$states.errorOutput' does not exist.` (AWS files it under `UNSUPPORTED_JSONATA_EXPRESSION`;
///   here it stays with the other `$states` fields under [`Code::InvalidStatesReference`]);
/// - a `$states` field that does not exist (`$states.error`): AWS accepts it, so it is a
///   warning (recorded: `namesNothingForALookalikeStatesPath`).
fn check_references(
    cx: &mut Cx<'_>,
    s: &StateCx<'_>,
    root: &JsonataRoot<'_>,
    pointer: &Pointer,
    body: &str,
    refs: &References,
) {
    if !refs.double_dollars.is_empty() {
        cx.error(
            Code::UnsupportedJsonataExpression,
            pointer.clone(),
            format!(
                "`{}` uses `$$`, which is JSONPath syntax: Step Functions refuses it (Reference to '$$' is not supported.); use `$states.context` for the context object (e.g. `$states.context.Execution.Id`) and `$states.input` for the state input",
                show(body)
            ),
        );
    }
    for name in top_level_reads(refs) {
        let fix = match name {
            None => {
                "read `$states.input`, or name the value with `function($v)` in `$map`/`$filter`"
                    .to_owned()
            }
            Some(name) => format!(
                "write `$states.input.{}` to read the state input, or `$name` for a variable (an `Assign` does not make a bare name readable)",
                field_step(name)
            ),
        };
        let (what, aws_name) = match name {
            None => ("the context value `$`".to_owned(), "$"),
            Some(name) => (
                format!("the field `{}` of the context value", show(name)),
                name,
            ),
        };
        cx.error(
            Code::UnsupportedJsonataExpression,
            pointer.clone(),
            format!(
                "`{}` reads {what}, which JSONata states do not have: Step Functions refuses it (Reference to '{aws_name}' at the top level is not supported.); {fix}",
                show(body),
            ),
        );
    }
    let mut seen: Vec<&str> = Vec::new();
    for (field, _) in &refs.states_fields {
        if seen.contains(&field.as_str()) {
            continue;
        }
        seen.push(field);
        if let Some(message) = states_problem(s, root, field) {
            // AWS accepts a `$states` field that does not exist at all (`$states.error`,
            // recorded: JsonataTopLevelReferencesTest, namesNothingForALookalikeStatesPath):
            // a warning, which the `workflow!` language still refuses.
            if matches!(field.as_str(), "result" | "errorOutput") {
                cx.error(Code::InvalidStatesReference, pointer.clone(), message);
            } else {
                cx.warning(Code::InvalidStatesReference, pointer.clone(), message);
            }
        }
    }
}

/// The distinct reads of the context value at the top level, in the order written: `None` for
/// `$` itself, `Some(name)` for a field.
fn top_level_reads(refs: &References) -> Vec<Option<&str>> {
    let mut found: Vec<(usize, Option<&str>)> = refs
        .bare_names
        .iter()
        .map(|(name, offset)| (*offset, Some(name.as_str())))
        .chain(refs.bare_dollars.iter().map(|offset| (*offset, None)))
        .collect();
    found.sort_by_key(|(offset, _)| *offset);
    let mut out: Vec<Option<&str>> = Vec::new();
    for (_, read) in found {
        if !out.contains(&read) {
            out.push(read);
        }
    }
    out
}

/// `name` as a step of a JSONata path: as it is when it is a plain name, a string literal when
/// not (`"first name"`).
fn field_step(name: &str) -> String {
    let plain = name.starts_with(|c: char| c.is_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_alphanumeric() || c == '_');
    if plain {
        show(name)
    } else {
        show(&Value::String(name.to_owned()).to_string())
    }
}

/// Why `$states.<field>` cannot be read in `root`, if it cannot.
fn states_problem(s: &StateCx<'_>, root: &JsonataRoot<'_>, field: &str) -> Option<String> {
    let place = format!("{} of state `{}`", root.field, s.name);
    match (field, root.access) {
        ("input" | "context", _)
        | ("result", StatesAccess::Result)
        | ("errorOutput", StatesAccess::ErrorOutput) => None,
        ("result", StatesAccess::ErrorOutput) => Some(format!(
            "`$states.result` does not exist in {place}: a Catcher runs when the state failed, so there is no result; read the error with `$states.errorOutput`"
        )),
        ("result", StatesAccess::Plain) => Some(format!(
            "`$states.result` does not exist in {place}: the result exists only in the top-level `Output` and `Assign` of a Task, Map or Parallel state; read the state input with `$states.input`"
        )),
        ("errorOutput", access) => {
            let instead = if access == StatesAccess::Result {
                "`$states.result`"
            } else {
                "`$states.input`"
            };
            Some(format!(
                "`$states.errorOutput` does not exist in {place} (Step Functions: Field '$states.errorOutput' does not exist.): the error output exists only in a Catcher's `Output` and `Assign`; use {instead} here, or move this into a Catcher"
            ))
        }
        (other, _) => {
            let known = ["input", "result", "errorOutput", "context"];
            let hint = workflow_text::suggest::did_you_mean(other, &known)
                .map_or_else(String::new, |k| format!(" — did you mean `$states.{k}`?"));
            Some(format!(
                "`$states.{}` does not exist (in {place}); `$states` has only `input`, `result`, `errorOutput` and `context`{hint}",
                show(other)
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Code, Diagnostic, Severity};

    fn machine(states: &str) -> String {
        format!(r#"{{"QueryLanguage": "JSONata", "StartAt": "T", "States": {{ {states} }}}}"#)
    }

    fn task(fields: &str) -> String {
        machine(&format!(
            r#""T": {{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", {fields}, "End": true}}, "F": {{"Type": "Fail"}}"#
        ))
    }

    fn with(d: &[Diagnostic], code: Code) -> Vec<(String, String)> {
        d.iter()
            .filter(|x| x.code == code)
            .map(|x| (x.pointer.as_str().to_owned(), x.message.clone()))
            .collect()
    }

    #[track_caller]
    fn none(d: &[Diagnostic], code: Code) {
        assert!(with(d, code).is_empty(), "{d:#?}");
    }

    #[test]
    fn error_output_in_a_catcher_is_fine() {
        let d = crate::check(&task(
            r#""Catch": [{"ErrorEquals": ["States.ALL"], "Next": "F", "Output": {"e": "{% $states.errorOutput.Error %}"}, "Assign": {"cause": "{% $states.errorOutput.Cause %}"}}]"#,
        ));
        none(&d, Code::InvalidStatesReference);
        let d = crate::check(&task(
            r#""Catch": [{"ErrorEquals": ["States.ALL"], "Next": "F", "Output": "{% $states.result %}"}]"#,
        ));
        let found = with(&d, Code::InvalidStatesReference);
        assert_eq!(found.len(), 1, "{d:#?}");
        assert_eq!(found[0].0, "/States/T/Catch/0/Output");
        assert!(
            found[0].1.contains("`$states.errorOutput`"),
            "{}",
            found[0].1
        );
    }

    #[test]
    fn error_output_outside_a_catcher() {
        let d = crate::check(&task(r#""Output": "{% $states.errorOutput %}""#));
        let found = with(&d, Code::InvalidStatesReference);
        assert_eq!(found.len(), 1, "{d:#?}");
        assert_eq!(found[0].0, "/States/T/Output");
        let d = crate::check(&task(
            r#""Assign": {"r": "{% $states.result.Payload %}"}, "Output": {"a": ["{% $states.result %}"]}"#,
        ));
        none(&d, Code::InvalidStatesReference);
        // A Pass state has no result.
        let d = crate::check(&machine(
            r#""T": {"Type": "Pass", "Output": "{% $states.result %}", "End": true}"#,
        ));
        assert_eq!(with(&d, Code::InvalidStatesReference).len(), 1, "{d:#?}");
    }

    #[test]
    fn unknown_states_field() {
        let d = crate::check(&task(r#""Arguments": {"x": "{% $states.inptu.x %}"}"#));
        let found = with(&d, Code::InvalidStatesReference);
        assert_eq!(found.len(), 1, "{d:#?}");
        assert!(
            found[0].1.contains("did you mean `$states.input`?"),
            "{}",
            found[0].1
        );
        // AWS accepts it: a warning.
        assert!(
            d.iter()
                .filter(|x| x.code == Code::InvalidStatesReference)
                .all(|x| x.severity == Severity::Warning),
            "{d:#?}"
        );
    }

    #[test]
    fn typed_fields_and_choice_conditions() {
        let d = crate::check(&task(
            r#""TimeoutSeconds": "{% $states.input.t ", "Arguments": {}"#,
        ));
        assert_eq!(
            with(&d, Code::InvalidJsonata)[0].0,
            "/States/T/TimeoutSeconds",
            "{d:#?}"
        );
        let choice = machine(
            r#""T": {"Type": "Choice", "Choices": [{"Condition": "{% ($states.input.n > 1 %}", "Next": "D"}], "Default": "D"}, "D": {"Type": "Succeed"}"#,
        );
        let d = crate::check(&choice);
        let found = with(&d, Code::InvalidJsonata);
        assert_eq!(found.len(), 1, "{d:#?}");
        assert_eq!(found[0].0, "/States/T/Choices/0/Condition");
        assert!(
            found[0].1.contains("S0203 at character 20: Expected \")\""),
            "{}",
            found[0].1
        );
        let fail = machine(r#""T": {"Type": "Fail", "Error": "{% $$.Execution.Id %}"}"#);
        assert_eq!(
            with(&crate::check(&fail), Code::UnsupportedJsonataExpression)[0].0,
            "/States/T/Error"
        );
    }

    #[test]
    fn dollar_keys_in_jsonata() {
        let d = crate::check(&task(
            r#""Arguments": {"Payload": {"a.$": "$.a"}}, "Credentials": {"RoleArn.$": "$.role"}"#,
        ));
        let found = with(&d, Code::JsonPathSyntaxInJsonata);
        let pointers: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "/States/T/Arguments/Payload/a.$",
                "/States/T/Credentials/RoleArn.$"
            ]
        );
        // The service runs such definitions, taking the key literally: a warning.
        assert!(
            d.iter()
                .filter(|x| x.code == Code::JsonPathSyntaxInJsonata)
                .all(|x| x.severity == Severity::Warning)
        );
    }

    #[test]
    fn strings_that_merely_contain_percent_braces_are_literals() {
        let d = crate::check(&task(
            r#""Arguments": {"a": "100 {% off", "b": "x %}", "c": " {% 1 %}"}"#,
        ));
        none(&d, Code::InvalidJsonata);
    }

    #[test]
    fn syntax_errors_the_parser_finds() {
        // Empty and unfinished expressions: the service refuses them when the machine is
        // created.
        let d = crate::check(&task(
            r#""Arguments": {"a": "{%%}", "b": "{% 1 + %}", "c": "{% $f(1,) %}", "d": "{% 'é' & ] %}"}"#,
        ));
        let found = with(&d, Code::InvalidJsonata);
        let shown: Vec<(&str, &str)> = found
            .iter()
            .map(|(p, m)| (p.as_str(), m.as_str()))
            .collect();
        assert_eq!(
            shown,
            [
                (
                    "/States/T/Arguments/a",
                    "invalid JSONata expression ``: S0207 at character 0: Unexpected end of expression"
                ),
                (
                    "/States/T/Arguments/b",
                    "invalid JSONata expression `1 +`: S0207 at character 3: Unexpected end of expression"
                ),
                (
                    "/States/T/Arguments/c",
                    "invalid JSONata expression `$f(1,)`: S0211 at character 5: The symbol \")\" cannot be used as a unary operator"
                ),
                (
                    "/States/T/Arguments/d",
                    "invalid JSONata expression `'é' & ]`: S0211 at character 6: The symbol \"]\" cannot be used as a unary operator"
                ),
            ],
            "{d:#?}"
        );
    }

    #[test]
    fn what_the_parsed_tree_reads() {
        let d = crate::check(&task(
            r#""Arguments": {"a": "{% `first name` %}", "b": "{% $states.input.xs#$i[$i > 0] %}", "c": "{% $states.`result`.x %}", "d": "{% function($x) <n:n> { $x }(1) %}"}"#,
        ));
        none(&d, Code::InvalidJsonata);
        let found = with(&d, Code::UnsupportedJsonataExpression);
        assert_eq!(found.len(), 1, "{d:#?}");
        assert_eq!(found[0].0, "/States/T/Arguments/a");
        assert!(
            found[0].1.contains(r#"write `$states.input."first name"`"#),
            "{}",
            found[0].1
        );
        // `#$i` binds `i`; a signature holds no field names; `$states.result` is the result
        // however its name is written, and Arguments have none.
        none(&d, Code::UndefinedVariable);
        let found = with(&d, Code::InvalidStatesReference);
        assert_eq!(found.len(), 1, "{d:#?}");
        assert_eq!(found[0].0, "/States/T/Arguments/c");
    }

    #[test]
    fn deeper_than_the_parser_goes_is_not_an_error() {
        let deep = format!("{}1{}", "(".repeat(1_500), ")".repeat(1_500));
        let d = crate::check(&task(&format!(r#""Arguments": {{"a": "{{% {deep} %}}"}}"#)));
        none(&d, Code::InvalidJsonata);
    }

    #[test]
    fn map_fields_are_walked() {
        let d = crate::check(&machine(
            r#""T": {"Type": "Map", "End": true, "Items": "{% $states.input.items %}",
                "ItemSelector": {"v": "{% $states.context.Map.Item.Value %}", "r": "{% $states.result %}"},
                "MaxConcurrency": "{% $$ %}",
                "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Succeed"}}},
                "Output": "{% $states.result %}"}"#,
        ));
        let found = with(&d, Code::InvalidStatesReference);
        assert_eq!(found.len(), 1, "{d:#?}");
        assert_eq!(found[0].0, "/States/T/ItemSelector/r");
        assert_eq!(
            with(&d, Code::UnsupportedJsonataExpression)[0].0,
            "/States/T/MaxConcurrency"
        );
    }

    proptest::proptest! {
        #[test]
        fn never_panics_on_arbitrary_strings(
            key in "[a-z$.{}%]{0,6}",
            text in "[$.{}%'\"()\\[\\]a-zA-Z0-9 ?@*:,]{0,30}",
        ) {
            let value = serde_json::Value::String(text.clone());
            let key_json = serde_json::Value::String(key.clone());
            let jsonata = task(&format!(r#""Arguments": {{{key_json}: {value}, "x": [{value}]}}, "Output": {value}, "Assign": {{{key_json}: {value}}}"#));
            let _ = crate::check(&jsonata);
            let jsonpath = format!(
                r#"{{"StartAt": "A", "States": {{"A": {{"Type": "Pass", "Parameters": {{{key_json}: {value}, "k.$": {value}}}, "InputPath": {value}, "ResultPath": {value}, "Assign": {{{key_json}: {value}}}, "End": true}}}}}}"#
            );
            let _ = crate::check(&jsonpath);
        }
    }
}
