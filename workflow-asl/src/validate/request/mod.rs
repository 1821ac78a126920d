//! A Task's request checked against the AWS API model of its integration
//! (`workflow-aws-models`: botocore's models and Step Functions' own rules over them): the
//! action exists, and `Parameters` (or `Arguments`) has no unknown key, every required key,
//! values of the right type, inside their enums and bounds; what the models cannot describe
//! is any JSON.
//!
//! Computed values (`.$` keys, `{% … %}` expressions) and a task without a request (whose
//! input is then the request) are judged once the data-flow types are known
//! ([`check_deferred`]): a value whose type is known and cannot fit its member is an error;
//! an unknown one is accepted.

mod computed;

use super::dataflow::{DataType, Flow, Vars, effective_input};
use super::{Cx, Scope, StateCx};
use crate::model::{State, TaskState};
use crate::{Code, Diagnostic, Pointer};
use computed::{Misfit, Types, misfit, type_of};
use serde_json::Value;
use workflow_aws_models::{Computed, ExpressionRule, FindingKind, Shape, ShapeKind};

/// A part of a request judged once the data-flow types are known.
pub(crate) struct Deferred {
    /// The index of the state's scope.
    scope: usize,
    /// The state's name.
    state: String,
    /// Where the request is (`…/Parameters`, `…/Arguments`), or the state's `Resource` when it
    /// has none.
    base: Pointer,
    /// Whether the state evaluates JSONata.
    jsonata: bool,
    /// What is left to judge.
    pending: Pending,
}

/// What a [`Deferred`] check judges.
enum Pending {
    /// The computed values of the request.
    Computed(Vec<Computed>),
    /// No request: the state's input is sent as this request.
    WholeInput(Shape),
}

/// Checks the request of `task`, whose resource passed the resource checks.
pub(crate) fn check_request(cx: &mut Cx<'_>, s: &StateCx<'_>, task: &TaskState) {
    let Some(integration) = task.resource.integration() else {
        return;
    };
    let (field, request) = if s.is_jsonata() {
        ("Arguments", task.arguments.as_deref().cloned())
    } else {
        (
            "Parameters",
            task.parameters.as_deref().cloned().map(Value::Object),
        )
    };
    let defer = |base: Pointer, pending: Pending| Deferred {
        scope: s.scope,
        state: s.name.to_owned(),
        base,
        jsonata: s.is_jsonata(),
        pending,
    };
    let request = match request {
        // A whole-value expression (`"Arguments": "{% … %}"`) is computed: unknown.
        Some(Value::String(_)) => return,
        Some(v) => v,
        // No request at all: the state's input is the request, judged once its type is known.
        None => {
            if let Some(shape) = integration.request()
                && shape.required().next().is_some()
            {
                let pending = defer(s.pointer.key("Resource"), Pending::WholeInput(shape));
                cx.deferred.push(pending);
            }
            return;
        }
    };
    let base = s.pointer.key(field);
    let who = format!("Task state `{}`", s.name);
    let computed = check_literals(
        cx,
        (integration, &request),
        (&base, &who),
        Code::InvalidTaskParameters,
    );
    if !computed.is_empty() {
        let pending = defer(base, Pending::Computed(computed));
        cx.deferred.push(pending);
    }
}

/// Checks the literal parts of `request` (at `base`, sent by `who`: `Task state `S``, …)
/// against `integration`'s request shape, reporting each finding with `code`; returns its
/// computed values, whose types only the data flow knows.
pub(crate) fn check_literals(
    cx: &mut Cx<'_>,
    (integration, request): (&workflow_aws_models::Integration, &Value),
    (base, who): (&Pointer, &str),
    code: Code,
) -> Vec<Computed> {
    let checked = integration.check_request_in_full(request);
    let findings = checked.findings;
    // One mistake, one error: a misspelt key is reported on the misspelling (with the key it
    // was meant to be: the models' suggestion, else the one required key missing beside it,
    // saying when it is required), not again as the required key missing beside it.
    let with_unknown: Vec<&str> = findings
        .iter()
        .filter(|f| matches!(f.kind, FindingKind::UnknownKey { .. }))
        .map(|f| parent(&f.pointer))
        .collect();
    let missing_in = |object: &str| -> Vec<&str> {
        findings
            .iter()
            .filter(|f| {
                matches!(f.kind, FindingKind::MissingKey { .. }) && parent(&f.pointer) == object
            })
            .map(|f| f.name.as_str())
            .collect()
    };
    for finding in &findings {
        let object = parent(&finding.pointer);
        let mut message = format!("{who}: {finding}");
        match &finding.kind {
            FindingKind::MissingKey { .. } if with_unknown.contains(&object) => continue,
            FindingKind::MissingKey { .. } => {
                message.push_str(&format!("; add `{}`", finding.name));
            }
            FindingKind::UnknownKey {
                structure,
                suggestion,
            } => {
                // The models' suggestion, else the one required key missing beside it.
                let missing = missing_in(object);
                let only = match missing[..] {
                    [meant] => Some(meant),
                    _ => None,
                };
                message = format!("{who}: unknown key `{}` in `{structure}`", finding.name);
                if let Some(meant) = suggestion.as_deref().or(only) {
                    let required = if missing.contains(&meant) {
                        ", which is required"
                    } else {
                        ""
                    };
                    message.push_str(&format!("; did you mean `{meant}`{required}?"));
                } else if let Some(taken) = members_taken(integration, object) {
                    // No key is close: a small request says what it takes.
                    message.push_str(&format!("; it takes {taken}"));
                }
            }
            FindingKind::WrongType {
                expected_kind,
                expected_structure,
                ..
            } => {
                message.push_str(&aws_start_failure(*expected_kind, &finding.name));
                let literal = request.pointer(&finding.pointer);
                let plain = literal.and_then(PlainValue::of_literal);
                message.push_str(attribute_value_type(*expected_structure, plain));
            }
            _ => {}
        }
        // A missing key is the mistake of the object that lacks it, named by its own key.
        let at = match finding.kind {
            FindingKind::MissingKey { .. } => object,
            _ => finding.pointer.as_str(),
        };
        let pointer = match Pointer::parse(at) {
            Some(relative) => base.join(&relative),
            None => base.clone(),
        };
        let diagnostic = Diagnostic::error(code, pointer, message);
        // An unknown key is the key's mistake, not its value's; a missing one is reported on
        // the key of the object lacking it.
        cx.diagnostics.push(match finding.kind {
            FindingKind::UnknownKey { .. } | FindingKind::MissingKey { .. } => diagnostic.on_key(),
            _ => diagnostic,
        });
    }
    check_expressions(cx, (integration, request), (base, who));
    checked.computed
}

/// What the service itself refuses in the request's expressions (DynamoDB's: their grammar,
/// placeholders and reserved words), reported on the expression, or on the placeholder's key
/// when a defined one is at fault, with the service's message.
fn check_expressions(
    cx: &mut Cx<'_>,
    (integration, request): (&workflow_aws_models::Integration, &Value),
    (base, who): (&Pointer, &str),
) {
    let Some(refusal) = integration.check_expressions(request) else {
        return;
    };
    let hint = match refusal.rule {
        ExpressionRule::ValueNotDefined => "; define it in `ExpressionAttributeValues`",
        ExpressionRule::NameNotDefined => "; define it in `ExpressionAttributeNames`",
        ExpressionRule::ReservedWord => {
            "; write a placeholder such as `#name` in its place and define it in `ExpressionAttributeNames`"
        }
        ExpressionRule::NamesUnused | ExpressionRule::ValuesUnused => {
            "; use it in an expression or remove it"
        }
        _ => "",
    };
    let pointer = match Pointer::parse(&refusal.pointer) {
        Some(relative) => base.join(&relative),
        None => base.clone(),
    };
    // A placeholder map's entry is the key's mistake.
    let on_key = refusal.pointer.matches('/').count() > 1;
    let message = format!(
        "{who}: DynamoDB refuses this request: {}{hint}",
        refusal.message
    );
    let diagnostic = Diagnostic::error(Code::ServiceRefusesRequest, pointer, message);
    cx.diagnostics.push(if on_key {
        diagnostic.on_key()
    } else {
        diagnostic
    });
}

/// The members of the request object at `object` (a JSON pointer into the request; only its top
/// level, `""`, is looked at), as text, when the request takes a few (`` `Bucket`, `Prefix` ``):
/// what a key no member is close to should have been.
fn members_taken(integration: &workflow_aws_models::Integration, object: &str) -> Option<String> {
    const FEW: usize = 8;
    let shape = integration.request().filter(|_| object.is_empty())?;
    let names: Vec<String> = shape.members().map(|m| format!("`{}`", m.name())).collect();
    (!names.is_empty() && names.len() <= FEW).then(|| names.join(", "))
}

/// Judges the deferred parts of requests against the data-flow types of `flows` (indexed like
/// `scopes`).
pub(crate) fn check_deferred(cx: &mut Cx<'_>, scopes: &[Scope<'_>], flows: &[Flow<'_>]) {
    for deferred in std::mem::take(&mut cx.deferred) {
        let (Some(scope), Some(flow)) = (scopes.get(deferred.scope), flows.get(deferred.scope))
        else {
            continue;
        };
        // A state no transition reaches has no known input.
        let (Some(raw), Some(state)) = (
            flow.input.get(deferred.state.as_str()),
            scope.states.get(&deferred.state),
        ) else {
            continue;
        };
        let input = if deferred.jsonata {
            raw.clone()
        } else {
            effective_input(state, raw)
        };
        let execution = if in_distributed_map(scopes, scope) {
            DataType::Any
        } else {
            cx.options.input.clone()
        };
        let no_vars = Vars::new();
        let types = Types {
            input: &input,
            execution: &execution,
            vars: flow.vars.get(deferred.state.as_str()).unwrap_or(&no_vars),
        };
        match deferred.pending {
            Pending::Computed(values) => {
                // A value's expression or path, parsed when the definition was decoded.
                let (arguments, parameters) = match state {
                    State::Task(task) => (task.arguments.as_ref(), task.parameters.as_ref()),
                    _ => (None, None),
                };
                // Where the ways in meet, a value's type may be unknown that one way makes
                // certain (a variable a Catcher's `Assign` sets): judged way by way then.
                let ways = std::cell::OnceCell::new();
                let ways = || {
                    ways.get_or_init(|| super::dataflow::ways_into(scope, flow, &deferred.state))
                };
                for value in values {
                    let jsonata = arguments.and_then(|a| a.expression(&value.expression));
                    let path = parameters.and_then(|p| p.path(&value.expression));
                    let t = type_of(&value.expression, jsonata, path, &types);
                    let on_one_way = || {
                        ways().iter().find_map(|way| {
                            let input = if deferred.jsonata {
                                way.input.clone()
                            } else {
                                effective_input(state, &way.input)
                            };
                            let on_way = Types {
                                input: &input,
                                vars: &way.vars,
                                ..types
                            };
                            let t = type_of(&value.expression, jsonata, path, &on_way);
                            misfit(&t, value.shape).map(|why| (why, way.shown.as_str()))
                        })
                    };
                    let (why, way) = match misfit(&t, value.shape) {
                        Some(why) => (why, None),
                        // A member that takes any JSON takes it whichever way leads in.
                        None if t == DataType::Any
                            && !matches!(
                                value.shape.kind(),
                                ShapeKind::Any | ShapeKind::JsonText
                            ) =>
                        {
                            match on_one_way() {
                                Some((why, way)) => (why, Some(way)),
                                None => continue,
                            }
                        }
                        None => continue,
                    };
                    let pointer = match Pointer::parse(&value.pointer) {
                        Some(relative) => deferred.base.join(&relative),
                        None => deferred.base.clone(),
                    };
                    let start_failure = match &why {
                        Misfit::Type { at, expected, .. } => {
                            let leaf = at.rsplit('.').next().unwrap_or_default();
                            let field = if at.is_empty() { &value.name } else { leaf };
                            aws_start_failure(expected.kind(), field.trim_end_matches("[]"))
                        }
                        Misfit::Missing { .. } => String::new(),
                    };
                    let when = way
                        .map(|way| {
                            format!(
                                " when `{}` is entered {way} (other ways in give other types)",
                                deferred.state
                            )
                        })
                        .unwrap_or_default();
                    let message = format!(
                        "Task state `{}`: {}{when}{}{start_failure}",
                        deferred.state,
                        computed_message(&value.name, &why),
                        attribute_value_fix(&why)
                    );
                    cx.error(Code::InvalidTaskParameters, pointer, message);
                }
            }
            Pending::WholeInput(shape) => {
                let Some(Misfit::Missing { at, key, structure }) = misfit(&input, shape) else {
                    continue;
                };
                if !at.is_empty() {
                    continue;
                }
                cx.error(
                    Code::InvalidTaskParameters,
                    deferred.base,
                    format!(
                        "Task state `{}`: missing required key `{key}` in `{structure}`: the task has no request, so its input, `{input}`, is sent as the request; write the request, e.g. `{{ {key}: … }}`",
                        deferred.state
                    ),
                );
            }
        }
    }
}

/// Whether `scope` runs inside a Distributed Map, whose child executions start from an item
/// (so `$$.Execution.Input` is the item, not the workflow's input).
fn in_distributed_map(scopes: &[Scope<'_>], scope: &Scope<'_>) -> bool {
    let mut at = Some(scope);
    // Scopes list parents first, so the walk ends; the bound guards a malformed list.
    for _ in 0..=scopes.len() {
        let Some(s) = at else { return false };
        if s.is_distributed_iteration() {
            return true;
        }
        at = s.parent.and_then(|p| scopes.get(p));
    }
    false
}

/// A plain value that is not a string: what DynamoDB's attribute value needs named.
#[derive(Clone, Copy)]
enum PlainValue {
    Number,
    Boolean,
    List,
}

impl PlainValue {
    /// The plain value a literal is, if any.
    fn of_literal(value: &Value) -> Option<PlainValue> {
        match value {
            Value::Number(_) => Some(PlainValue::Number),
            Value::Bool(_) => Some(PlainValue::Boolean),
            Value::Array(_) => Some(PlainValue::List),
            _ => None,
        }
    }

    /// The plain value a computed value's type is, if any.
    fn of_type(t: &DataType) -> Option<PlainValue> {
        match t {
            DataType::Integer | DataType::Number => Some(PlainValue::Number),
            DataType::Bool => Some(PlainValue::Boolean),
            DataType::Array(_) | DataType::Tuple(_) => Some(PlainValue::List),
            _ => None,
        }
    }
}

/// The fix for a computed value (or its part) that does not fit where DynamoDB wants an
/// attribute value ([`attribute_value_type`]).
fn attribute_value_fix(why: &Misfit) -> &'static str {
    match why {
        Misfit::Type {
            expected, found, ..
        } => attribute_value_type(expected.name(), PlainValue::of_type(found)),
        Misfit::Missing { .. } => "",
    }
}

/// The fix for a plain value where `structure` is expected, when it is DynamoDB's attribute
/// value: the attribute value of the plain value's type (DynamoDB API reference,
/// "AttributeValue": `N` holds a number as text, `BOOL` a boolean, `L` a list of attribute
/// values). Step Functions builds an attribute value from a plain string or a list of strings
/// only (the overlay's exceptions, aws-cdk issue 17375).
fn attribute_value_type(structure: Option<&str>, plain: Option<PlainValue>) -> &'static str {
    if structure != Some("AttributeValue") {
        return "";
    }
    match plain {
        Some(PlainValue::Number) => {
            "; a DynamoDB attribute value names its type: write `{ N: \"…\" }` (the number as text)"
        }
        Some(PlainValue::Boolean) => {
            "; a DynamoDB attribute value names its type: write `{ BOOL: … }`"
        }
        Some(PlainValue::List) => {
            "; a DynamoDB attribute value names its type: write `{ L: … }` (a list of attribute values)"
        }
        None => "",
    }
}

/// What AWS does with a value of the wrong type for `field`, a member of `kind`, when AWS
/// has been seen to refuse it as the task starts ([`ShapeKind::start_failure`]), else
/// nothing.
fn aws_start_failure(kind: ShapeKind, field: &str) -> String {
    kind.start_failure(field).map_or_else(String::new, |reason| {
        format!(
            "; Step Functions converts nothing to text: on AWS the task fails to start with `States.Runtime` (\"{reason}\")"
        )
    })
}

/// A computed value that cannot fit its member, in words.
fn computed_message(name: &str, why: &Misfit) -> String {
    match why {
        Misfit::Type {
            at,
            expected,
            found,
        } if at.is_empty() => format!(
            "`{name}` must be {}, but this computed value is {}",
            expected.describe(),
            found.describe()
        ),
        Misfit::Type {
            at,
            expected,
            found,
        } => format!(
            "`{name}`: this computed value's `{at}` is {}, but must be {}",
            found.describe(),
            expected.describe()
        ),
        Misfit::Missing { at, key, structure } if at.is_empty() => {
            format!("`{name}`: this computed value has no `{key}`, which `{structure}` requires")
        }
        Misfit::Missing { at, key, structure } => format!(
            "`{name}`: this computed value's `{at}` has no `{key}`, which `{structure}` requires"
        ),
    }
}

/// The pointer of the object holding `pointer`'s last key.
fn parent(pointer: &str) -> &str {
    pointer.rsplit_once('/').map_or("", |(p, _)| p)
}

#[cfg(test)]
mod tests {
    use crate::validate::test_support::{assert_none_in, assert_one_in};
    use crate::{Code, Subject};

    /// A machine of a Pass state building `result`, then a Task `T` calling `resource` with
    /// `request` (`Parameters` when given).
    fn machine(result: &str, resource: &str, request: Option<&str>) -> String {
        let parameters = request.map_or(String::new(), |r| format!(r#""Parameters": {r},"#));
        format!(
            r#"{{"StartAt":"P","States":{{
                "P":{{"Type":"Pass","Result":{result},"Next":"T"}},
                "T":{{"Type":"Task","Resource":"{resource}",{parameters}"End":true}}}}}}"#
        )
    }

    const SQS: &str = "arn:aws:states:::sqs:sendMessage";

    #[test]
    fn dynamodbs_expression_rules_are_reported_on_the_expression_or_the_placeholder() {
        const UPDATE: &str = "arn:aws:states:::dynamodb:updateItem";
        let request = |expression: &str, values: &str| {
            format!(
                r#"{{"TableName":"t","Key":{{"id":{{"S":"1"}}}},"UpdateExpression":"{expression}","ExpressionAttributeValues":{values}}}"#
            )
        };
        let text = machine(
            "{}",
            UPDATE,
            Some(&request("SET total = :t", r#"{":v":{"N":"1"}}"#)),
        );
        let d = assert_one_in(
            &text,
            Code::ServiceRefusesRequest,
            "/States/T/Parameters/UpdateExpression",
            "DynamoDB refuses this request: Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :t; define it in `ExpressionAttributeValues`",
        );
        assert_eq!(d.subject, Subject::Value);
        let text = machine(
            "{}",
            UPDATE,
            Some(&request(
                "SET qty = :q",
                r#"{":q":{"N":"1"},":x":{"N":"2"}}"#,
            )),
        );
        let d = assert_one_in(
            &text,
            Code::ServiceRefusesRequest,
            "/States/T/Parameters/ExpressionAttributeValues/:x",
            "keys: {:x}",
        );
        assert_eq!(d.subject, Subject::Key);
        let fine = machine(
            "{}",
            UPDATE,
            Some(&request("SET qty = :q", r#"{":q":{"N":"1"}}"#)),
        );
        assert_none_in(&fine, Code::ServiceRefusesRequest);
    }

    #[test]
    fn an_unknown_key_is_about_the_key() {
        let text = machine("{}", SQS, Some(r#"{"QueueUrl":"q","MessageBdy":"m"}"#));
        let d = assert_one_in(
            &text,
            Code::InvalidTaskParameters,
            "/States/T/Parameters/MessageBdy",
            "did you mean `MessageBody`, which is required?",
        );
        assert_eq!(d.subject, Subject::Key);
        let text = machine(
            "{}",
            SQS,
            Some(r#"{"QueueUrl":"q","MessageBody":"m","DelaySeconds":"soon"}"#),
        );
        let d = assert_one_in(
            &text,
            Code::InvalidTaskParameters,
            "/States/T/Parameters/DelaySeconds",
            "must be an integer",
        );
        assert_eq!(d.subject, Subject::Value);
    }

    #[test]
    fn computed_values_of_a_known_type_must_fit() {
        let result = r#"{"delay":"soon","n":3,"ids":["a"]}"#;
        let with = |delay: &str| {
            machine(
                result,
                SQS,
                Some(&format!(
                    r#"{{"QueueUrl":"q","MessageBody.$":"$.delay","DelaySeconds.$":"{delay}"}}"#
                )),
            )
        };
        assert_one_in(
            &with("$.delay"),
            Code::InvalidTaskParameters,
            "/States/T/Parameters/DelaySeconds.$",
            "`DelaySeconds` must be an integer from 0 to 900, but this computed value is a string",
        );
        assert_one_in(
            &with("States.Format('{}', $.n)"),
            Code::InvalidTaskParameters,
            "/States/T/Parameters/DelaySeconds.$",
            "this computed value is a string",
        );
        // An integer, an intrinsic returning one, a variable and a context path fit.
        for fits in [
            "$.n",
            "States.ArrayLength($.ids)",
            "$delay",
            "$$.Execution.Name",
        ] {
            assert_none_in(&with(fits), Code::InvalidTaskParameters);
        }
        // Nested: an object known to lack a required member.
        let text = machine(
            r#"{"output":{"KmsKeyId":"k"}}"#,
            "arn:aws:states:::sagemaker:createTrainingJob.sync",
            Some(
                r#"{"TrainingJobName":"j","RoleArn":"arn:aws:iam::123456789012:role/sagemaker",
                "AlgorithmSpecification":{"TrainingInputMode":"File","TrainingImage":"i"},
                "OutputDataConfig.$":"$.output"}"#,
            ),
        );
        assert_one_in(
            &text,
            Code::InvalidTaskParameters,
            "/States/T/Parameters/OutputDataConfig.$",
            "this computed value has no `S3OutputPath`, which `OutputDataConfig` requires",
        );
        // A map's computed entries fit its values: DynamoDB builds an attribute value from a
        // plain string (as deployed definitions rely on) or a list of strings, not from a
        // list of numbers.
        let key = |path: &str| {
            machine(
                r#"{"sku":"a","tags":["x"],"counts":[1]}"#,
                "arn:aws:states:::dynamodb:getItem",
                Some(&format!(
                    r#"{{"TableName":"t","Key":{{"sku.$":"{path}"}}}}"#
                )),
            )
        };
        assert_none_in(&key("$.sku"), Code::InvalidTaskParameters);
        assert_none_in(&key("$.tags"), Code::InvalidTaskParameters);
        assert_one_in(
            &key("$.counts"),
            Code::InvalidTaskParameters,
            "/States/T/Parameters/Key/sku.$",
            "write `{ L: … }`",
        );
    }

    /// Step Functions builds a DynamoDB attribute value from a plain string (or a list of
    /// strings), never from a number or a boolean: wherever an attribute value stands (a map's
    /// entry, an `L` item, a computed `L`), literal or computed.
    #[test]
    fn a_plain_number_is_no_attribute_value_anywhere() {
        const PUT: &str = "arn:aws:states:::dynamodb:putItem";
        let put = |item: &str| {
            machine(
                r#"{"counts":[1,2],"tags":["a"],"n":3}"#,
                PUT,
                Some(&format!(r#"{{"TableName":"t","Item":{item}}}"#)),
            )
        };
        for (item, at, fix) in [
            (r#"{"id":7}"#, "/Item/id", r#"write `{ N: "…" }`"#),
            (r#"{"id":true}"#, "/Item/id", "write `{ BOOL: … }`"),
            (
                r#"{"id":{"L":[7]}}"#,
                "/Item/id/L/0",
                r#"write `{ N: "…" }`"#,
            ),
            (
                r#"{"id":{"M":{"a":7}}}"#,
                "/Item/id/M/a",
                r#"write `{ N: "…" }`"#,
            ),
            (r#"{"id.$":"$.n"}"#, "/Item/id.$", r#"write `{ N: "…" }`"#),
            // The position that was accepted: a computed list of numbers as `L`.
            (
                r#"{"id":{"L.$":"$.counts"}}"#,
                "/Item/id/L.$",
                r#"write `{ N: "…" }`"#,
            ),
        ] {
            assert_one_in(
                &put(item),
                Code::InvalidTaskParameters,
                &format!("/States/T/Parameters{at}"),
                fix,
            );
        }
        for fits in [
            r#"{"id":"a"}"#,
            r#"{"id":{"L":["a"]}}"#,
            r#"{"id":{"L.$":"$.tags"}}"#,
            r#"{"id.$":"$.tags"}"#,
            r#"{"id":{"N":"7"}}"#,
        ] {
            assert_none_in(&put(fits), Code::InvalidTaskParameters);
        }
    }

    #[test]
    fn a_number_where_text_is_needed_fails_to_start_on_aws() {
        const GET: &str = "arn:aws:states:::dynamodb:getItem";
        // Literal: `TableName: 42`, `S: 42`.
        let d = assert_one_in(
            &machine(
                "{}",
                GET,
                Some(r#"{"TableName":42,"Key":{"id":{"S":"a"}}}"#),
            ),
            Code::InvalidTaskParameters,
            "/States/T/Parameters/TableName",
            "found a number",
        );
        assert!(
            d.message
                .contains("\"The value for the field 'TableName' must be a STRING\""),
            "{}",
            d.message
        );
        assert_one_in(
            &machine(
                "{}",
                GET,
                Some(r#"{"TableName":"t","Key":{"id":{"S":42}}}"#),
            ),
            Code::InvalidTaskParameters,
            "/States/T/Parameters/Key/id/S",
            "the field 'S' must be a STRING",
        );
        // Computed: a number from the input as `S`, and as Lambda's `Payload` (recorded).
        assert_one_in(
            &machine(
                r#"{"n":1}"#,
                GET,
                Some(r#"{"TableName":"t","Key":{"id":{"S.$":"$.n"}}}"#),
            ),
            Code::InvalidTaskParameters,
            "/States/T/Parameters/Key/id/S.$",
            "the field 'S' must be a STRING",
        );
        let payload = |path: &str| {
            machine(
                r#"{"n":1,"o":{"a":1}}"#,
                "arn:aws:states:::lambda:invoke",
                Some(&format!(r#"{{"FunctionName":"f","Payload.$":"{path}"}}"#)),
            )
        };
        assert_one_in(
            &payload("$.n"),
            Code::InvalidTaskParameters,
            "/States/T/Parameters/Payload.$",
            "the field 'Payload' must be a STRING",
        );
        assert_none_in(&payload("$.o"), Code::InvalidTaskParameters);
        assert_none_in(&payload("$"), Code::InvalidTaskParameters);
    }

    #[test]
    fn without_parameters_a_known_input_is_the_request() {
        assert_one_in(
            &machine(r#"{"name":"x"}"#, SQS, None),
            Code::InvalidTaskParameters,
            "/States/T/Resource",
            "missing required key `QueueUrl` in `SendMessageRequest`: the task has no request",
        );
        assert_none_in(
            &machine(r#"{"QueueUrl":"q","MessageBody":"m"}"#, SQS, None),
            Code::InvalidTaskParameters,
        );
        // An unknown input may hold the request.
        let unknown = format!(
            r#"{{"StartAt":"T","States":{{"T":{{"Type":"Task","Resource":"{SQS}","End":true}}}}}}"#
        );
        assert_none_in(&unknown, Code::InvalidTaskParameters);
    }
}
