//! A state machine compiled for execution: states indexed by number, transitions resolved,
//! every path, payload template and condition parsed once.

use super::dynamic::Percentage;
use super::error::Failure;
use serde_json::Value;
use workflow_asl::eval::{CompiledCondition, Template};
use workflow_asl::path::{Intrinsic, Path, PathString};
use workflow_asl::{
    Catcher, ErrorName, Expr, JitterStrategy, JsonataValue, MapState, PathOrNull, PayloadTemplate,
    QueryLanguage, Retrier, State, StateKind, StateMachine, Transition, ValueOrPath, WaitDuration,
};
use workflow_aws_models::Resource;
use workflow_jsonata::jsonata_string::{JsonataString, JsonataStringError};

/// A compiled machine.
pub(crate) struct Program {
    /// Scope 0 is the top level; branches and processors follow.
    pub scopes: Vec<Scope>,
    /// The machine's `TimeoutSeconds`.
    pub timeout_seconds: Option<u64>,
}

/// One `States` object.
pub(crate) struct Scope {
    pub start: usize,
    pub nodes: Vec<Node>,
}

/// One state.
pub(crate) struct Node {
    pub name: std::sync::Arc<str>,
    pub kind: StateKind,
    pub jsonata: bool,
    /// Whether anything in the state reads the context object (`$$`, `$states.context`).
    pub needs_context: bool,
    pub input_path: PathOp,
    pub output_path: PathOp,
    pub result_path: PathOp,
    pub parameters: Option<Template>,
    pub result_selector: Option<Template>,
    /// `Assign`: a template in JSONPath states, a JSONata value in JSONata states.
    pub assign: Option<Assigner>,
    /// `Output` (JSONata).
    pub output: Option<JsonataValue>,
    /// `Arguments` (JSONata).
    pub arguments: Option<JsonataValue>,
    /// `Next` as an index, `None` for `End` (and for Choice, Succeed, Fail).
    pub next: Option<usize>,
    pub retry: Vec<RetryOp>,
    pub catch: Vec<CatchOp>,
    pub body: Body,
}

/// InputPath / OutputPath / ResultPath.
pub(crate) enum PathOp {
    /// Absent: `$`.
    Default,
    /// `null`.
    Null,
    /// A path.
    Path(Path),
}

/// An `Assign` block.
pub(crate) enum Assigner {
    JsonPath(Template),
    Jsonata(PayloadTemplate),
}

/// A number that may come from a path or a JSONata expression.
pub(crate) enum Dynamic {
    Literal(u64),
    Path(Path),
    Jsonata(JsonataString),
}

/// A string that may come from a path or intrinsic (Fail `ErrorPath`/`CausePath`), or a
/// JSONata expression (Fail `Error`/`Cause`).
pub(crate) enum Text {
    Literal(String),
    Jsonata(JsonataString),
    Path(Path),
    Intrinsic(Intrinsic),
}

pub(crate) struct RetryOp {
    pub errors: Vec<ErrorName>,
    pub interval_seconds: u64,
    pub max_attempts: u64,
    pub backoff_rate: f64,
    pub max_delay_seconds: Option<u64>,
    pub jitter: bool,
}

pub(crate) struct CatchOp {
    pub errors: Vec<ErrorName>,
    pub next: usize,
    pub result_path: PathOp,
    pub output: Option<JsonataValue>,
    pub assign: Option<Assigner>,
}

pub(crate) struct RuleOp {
    pub condition: CompiledCondition,
    pub next: usize,
    pub assign: Option<Assigner>,
    pub output: Option<JsonataValue>,
}

pub(crate) enum WaitOp {
    Seconds(Dynamic),
    Timestamp(TextOrExpr),
    SecondsPath(Path),
    TimestampPath(Path),
}

/// A literal string or a JSONata expression.
pub(crate) enum TextOrExpr {
    Literal(String),
    Jsonata(JsonataString),
}

pub(crate) enum Body {
    Pass {
        result: Option<Value>,
    },
    Task {
        resource: Resource,
        timeout: Option<Dynamic>,
        heartbeat: Option<Dynamic>,
    },
    Choice {
        rules: Vec<RuleOp>,
        default: Option<usize>,
    },
    Wait(WaitOp),
    Succeed,
    Fail {
        error: Option<Text>,
        cause: Option<Text>,
    },
    Parallel {
        branches: Vec<usize>,
    },
    Map(Box<MapOp>),
}

pub(crate) struct MapOp {
    pub processor: usize,
    pub distributed: bool,
    pub items_path: Option<Path>,
    pub items: Option<JsonataValue>,
    pub selector: Option<Selector>,
    pub max_concurrency: Option<Dynamic>,
    pub max_items_per_batch: Option<Dynamic>,
    pub batch_input: Option<JsonataValue>,
    pub tolerated_failure_count: Option<Dynamic>,
    pub tolerated_failure_percentage: Option<Percentage>,
    pub reader: Option<(Resource, Option<Template>, Option<JsonataValue>)>,
    /// The distributed parts: how the reader reads, `MaxInputBytesPerBatch`, `ResultWriter`,
    /// `Label`.
    pub distributed_ops: DistributedOps,
}

/// What a Distributed Map adds to a Map.
#[derive(Default)]
pub(crate) struct DistributedOps {
    /// `ItemReader.ReaderConfig`, and its `MaxItems` / `MaxItemsPath`.
    pub reader_config: Option<workflow_asl::ReaderConfig>,
    pub max_items: Option<Dynamic>,
    /// `ItemBatcher.MaxInputBytesPerBatch` / `…Path`.
    pub max_input_bytes_per_batch: Option<Dynamic>,
    /// `ResultWriter`.
    pub writer: Option<WriterOp>,
    /// `Label`.
    pub label: Option<String>,
    /// Whether the child executions are EXPRESS ones (`ProcessorConfig.ExecutionType`).
    pub express_children: bool,
    /// `ItemReader`, `ItemSelector`, `ItemBatcher` and `ResultWriter` as written, which a
    /// replay compares with the definition a recorded execution ran
    /// (`super::map_replay::item_processing`).
    pub item_processing: Value,
}

/// A Distributed Map's `ResultWriter`, compiled.
pub(crate) struct WriterOp {
    /// `Parameters` (JSONPath).
    pub parameters: Option<Template>,
    /// `Arguments` (JSONata).
    pub arguments: Option<JsonataValue>,
    /// `WriterConfig`.
    pub config: Option<workflow_asl::WriterConfig>,
    /// Whether it writes to S3 (it has a `Resource`); without one, a `WriterConfig` formats
    /// the results the state hands on (AWS documentation, "ResultWriter (Map)": "non-existent
    /// Resource and Parameters fields … imply the state output resource").
    pub to_s3: bool,
}

/// An item selector.
pub(crate) enum Selector {
    JsonPath(Template),
    Jsonata(JsonataValue),
}

/// Compiles a validated machine, scope by scope in the model's walk order (scope 0 is the
/// top level).
pub(crate) fn compile(machine: &StateMachine) -> Result<Program, Failure> {
    let walk = machine.walk();
    let mut scopes = Vec::with_capacity(walk.scopes().len());
    for scope in walk.scopes() {
        let states = scope.states;
        let index = |name: &str| {
            states
                .get_index_of(name)
                .ok_or_else(|| Failure::runtime(format!("unknown state `{name}`")))
        };
        let mut nodes = Vec::with_capacity(states.len());
        for (name, state) in states {
            let jsonata = state
                .query_language()
                .unwrap_or(scope.default_query_language)
                == QueryLanguage::Jsonata;
            let opened = walk.opened_by(scope.index, name);
            let body = match state {
                State::Parallel(_) => Body::Parallel {
                    branches: opened.to_vec(),
                },
                State::Map(m) => {
                    let processor = opened.first().copied().ok_or_else(|| {
                        Failure::runtime(format!("Map state `{name}` has no item processor"))
                    })?;
                    Body::Map(Box::new(map_op(m, processor, jsonata)?))
                }
                other => body(other, &index, jsonata)?,
            };
            nodes.push(node(name, state, body, jsonata, &index)?);
        }
        scopes.push(Scope {
            start: index(scope.start_at)?,
            nodes,
        });
    }
    Ok(Program {
        scopes,
        timeout_seconds: machine.timeout_seconds,
    })
}

fn node(
    name: &str,
    state: &State,
    body: Body,
    jsonata: bool,
    index: &dyn Fn(&str) -> Result<usize, Failure>,
) -> Result<Node, Failure> {
    let next = match state.transition() {
        Some(Transition::Next(n)) => Some(index(n)?),
        _ => None,
    };
    let retry = state
        .retriers()
        .unwrap_or_default()
        .iter()
        .map(retry_op)
        .collect();
    let catch = state
        .catchers()
        .unwrap_or_default()
        .iter()
        .map(|c| catch_op(c, index, jsonata))
        .collect::<Result<Vec<_>, _>>()?;
    let encoded = workflow_asl::json::encode_state(state);
    Ok(Node {
        name: std::sync::Arc::from(name),
        kind: state.kind(),
        jsonata,
        needs_context: reads_context(state, &encoded),
        input_path: path_op(state.input_path())?,
        output_path: path_op(state.output_path())?,
        result_path: path_op(state.result_path())?,
        parameters: state.parameters().map(template).transpose()?,
        result_selector: state.result_selector().map(template).transpose()?,
        assign: state.assign().map(|a| assigner(a, jsonata)).transpose()?,
        output: state.output().cloned(),
        arguments: state.arguments().cloned(),
        next,
        retry,
        catch,
        body,
    })
}

fn body(
    state: &State,
    index: &dyn Fn(&str) -> Result<usize, Failure>,
    jsonata: bool,
) -> Result<Body, Failure> {
    Ok(match state {
        State::Pass(p) => Body::Pass {
            result: p.result.clone(),
        },
        State::Task(t) => Body::Task {
            resource: t.resource.clone(),
            timeout: t.timeout.as_ref().map(dynamic_or_path).transpose()?,
            heartbeat: t.heartbeat.as_ref().map(dynamic_or_path).transpose()?,
        },
        State::Choice(c) => {
            let mut rules = Vec::with_capacity(c.choices.len());
            for rule in &c.choices {
                rules.push(RuleOp {
                    condition: CompiledCondition::compile(&rule.condition)
                        .map_err(Failure::from)?,
                    next: index(&rule.next)?,
                    assign: rule
                        .assign
                        .as_ref()
                        .map(|a| assigner(a, jsonata))
                        .transpose()?,
                    output: rule.output.clone(),
                });
            }
            Body::Choice {
                rules,
                default: c.default.as_deref().map(index).transpose()?,
            }
        }
        State::Wait(w) => Body::Wait(match &w.duration {
            WaitDuration::Seconds(e) => WaitOp::Seconds(dynamic(e)?),
            WaitDuration::Timestamp(Expr::Jsonata(t)) => {
                WaitOp::Timestamp(TextOrExpr::Jsonata(t.clone()))
            }
            WaitDuration::Timestamp(t) => {
                WaitOp::Timestamp(TextOrExpr::Literal(t.text().to_owned()))
            }
            WaitDuration::SecondsPath(p) => WaitOp::SecondsPath(path(p)?),
            WaitDuration::TimestampPath(p) => WaitOp::TimestampPath(path(p)?),
        }),
        State::Succeed(_) => Body::Succeed,
        State::Fail(f) => Body::Fail {
            error: f.error.as_ref().map(text).transpose()?,
            cause: f.cause.as_ref().map(text).transpose()?,
        },
        State::Parallel(_) | State::Map(_) => {
            return Err(Failure::runtime(
                "Parallel and Map states are compiled with the scopes they open",
            ));
        }
    })
}

fn map_op(m: &MapState, processor: usize, jsonata: bool) -> Result<MapOp, Failure> {
    let selector = match &m.item_selector {
        None => None,
        Some(selector) if !jsonata => match selector.json() {
            Value::Object(map) => Some(Selector::JsonPath(
                Template::compile_decoded(map, selector).map_err(Failure::from)?,
            )),
            _ => Some(Selector::Jsonata(selector.clone())),
        },
        Some(other) => Some(Selector::Jsonata(other.clone())),
    };
    let percentage = match &m.tolerated_failure_percentage {
        None => None,
        Some(ValueOrPath::Value(Expr::Literal(n))) => {
            Some(Percentage::Literal(n.as_f64().unwrap_or(0.0)))
        }
        Some(ValueOrPath::Value(Expr::Jsonata(e))) => Some(Percentage::Jsonata(e.clone())),
        Some(ValueOrPath::Value(Expr::Substitution(s))) => {
            return Err(Failure::runtime(format!(
                "the deployment substitution `{s}` was never substituted; replace it with a number before running"
            )));
        }
        Some(ValueOrPath::Path(p)) => Some(Percentage::Path(path(p)?)),
    };
    let reader = match &m.item_reader {
        Some(r) => Some((
            r.resource.clone(),
            r.parameters.as_ref().map(template).transpose()?,
            r.arguments.clone(),
        )),
        None => None,
    };
    let distributed_ops = DistributedOps {
        reader_config: m.item_reader.as_ref().and_then(|r| r.reader_config.clone()),
        max_items: m
            .item_reader
            .as_ref()
            .and_then(|r| r.reader_config.as_ref())
            .and_then(|c| c.max_items.as_ref())
            .map(dynamic_or_path)
            .transpose()?,
        max_input_bytes_per_batch: m
            .item_batcher
            .as_ref()
            .and_then(|b| b.max_input_bytes_per_batch.as_ref())
            .map(dynamic_or_path)
            .transpose()?,
        writer: match &m.result_writer {
            Some(w) => Some(WriterOp {
                parameters: w.parameters.as_ref().map(template).transpose()?,
                arguments: w.arguments.clone(),
                config: w.writer_config.clone(),
                to_s3: w.resource.is_some(),
            }),
            None => None,
        },
        label: m.label.clone(),
        express_children: m
            .item_processor
            .processor_config
            .as_ref()
            .and_then(|c| c.execution_type)
            == Some(workflow_asl::ExecutionType::Express),
        item_processing: super::map_replay::item_processing(m),
    };
    Ok(MapOp {
        distributed_ops,
        processor,
        distributed: m.item_processor.is_distributed(),
        items_path: m.items_path.as_ref().map(path).transpose()?,
        items: m.items.clone(),
        selector,
        max_concurrency: m
            .max_concurrency
            .as_ref()
            .map(dynamic_or_path)
            .transpose()?,
        max_items_per_batch: m
            .item_batcher
            .as_ref()
            .and_then(|b| b.max_items_per_batch.as_ref())
            .map(dynamic_or_path)
            .transpose()?,
        batch_input: m.item_batcher.as_ref().and_then(|b| b.batch_input.clone()),
        tolerated_failure_count: m
            .tolerated_failure_count
            .as_ref()
            .map(dynamic_or_path)
            .transpose()?,
        tolerated_failure_percentage: percentage,
        reader,
    })
}

/// Whether anything in a state reads the context object: a JSONPath `$$` anywhere in its JSON
/// (`encoded`), or a JSONata expression reading `$states.context` or `$states` itself
/// (`{% $states %}` holds the context too).
fn reads_context(state: &State, encoded: &Value) -> bool {
    let jsonata = workflow_asl::jsonata_expressions(state, &workflow_asl::Pointer::root());
    let reads = |e: &JsonataString| match e.expression() {
        Ok(expression) => expression.references().reads_states_context(),
        // An expression that does not parse fails when it runs; reading the context costs
        // nothing then. An unclosed `{% …` is text.
        Err(JsonataStringError::Syntax(_)) => true,
        Err(JsonataStringError::Unclosed) => false,
    };
    if jsonata.iter().any(|(_, e)| reads(e)) {
        return true;
    }
    let mut stack = vec![encoded];
    while let Some(v) = stack.pop() {
        match v {
            Value::String(s) if s.contains("$$") => return true,
            Value::Array(items) => stack.extend(items),
            Value::Object(map) => {
                if map.keys().any(|k| k.contains("$$")) {
                    return true;
                }
                stack.extend(map.values());
            }
            _ => {}
        }
    }
    false
}

fn retry_op(r: &Retrier) -> RetryOp {
    RetryOp {
        errors: r.error_equals.clone(),
        interval_seconds: r.interval_seconds.unwrap_or(1),
        max_attempts: r.max_attempts.unwrap_or(3),
        backoff_rate: r
            .backoff_rate
            .as_ref()
            .and_then(serde_json::Number::as_f64)
            .unwrap_or(2.0),
        max_delay_seconds: r.max_delay_seconds,
        jitter: r.jitter_strategy == Some(JitterStrategy::Full),
    }
}

fn catch_op(
    c: &Catcher,
    index: &dyn Fn(&str) -> Result<usize, Failure>,
    jsonata: bool,
) -> Result<CatchOp, Failure> {
    Ok(CatchOp {
        errors: c.error_equals.clone(),
        next: index(&c.next)?,
        result_path: path_op(c.result_path.as_ref())?,
        output: c.output.clone(),
        assign: c
            .assign
            .as_ref()
            .map(|a| assigner(a, jsonata))
            .transpose()?,
    })
}

/// A path field's path, as decoded (a definition that was not validated may hold one that
/// does not parse: it fails the execution).
fn path(field: &PathString) -> Result<Path, Failure> {
    field
        .path()
        .cloned()
        .map_err(|e| Failure::runtime(format!("invalid path `{field}`: {e}")))
}

fn path_op(field: Option<&PathOrNull>) -> Result<PathOp, Failure> {
    Ok(match field {
        None => PathOp::Default,
        Some(PathOrNull::Null) => PathOp::Null,
        Some(PathOrNull::Path(p)) => PathOp::Path(path(p)?),
    })
}

/// A payload template of the definition, its `.$` values as decoded.
fn template(template: &PayloadTemplate) -> Result<Template, Failure> {
    Template::compile_decoded(template.json(), template).map_err(Failure::from)
}

fn assigner(assign: &PayloadTemplate, jsonata: bool) -> Result<Assigner, Failure> {
    Ok(if jsonata {
        Assigner::Jsonata(assign.clone())
    } else {
        Assigner::JsonPath(template(assign)?)
    })
}

fn dynamic(e: &Expr<u64>) -> Result<Dynamic, Failure> {
    match e {
        Expr::Literal(n) => Ok(Dynamic::Literal(*n)),
        Expr::Jsonata(s) => Ok(Dynamic::Jsonata(s.clone())),
        Expr::Substitution(s) => Err(Failure::runtime(format!(
            "the deployment substitution `{s}` was never substituted; replace it with a number before running"
        ))),
    }
}

fn dynamic_or_path(v: &ValueOrPath<Expr<u64>>) -> Result<Dynamic, Failure> {
    match v {
        ValueOrPath::Value(e) => dynamic(e),
        ValueOrPath::Path(p) => Ok(Dynamic::Path(path(p)?)),
    }
}

fn text(v: &ValueOrPath<Expr<String>>) -> Result<Text, Failure> {
    Ok(match v {
        ValueOrPath::Value(Expr::Jsonata(e)) => Text::Jsonata(e.clone()),
        ValueOrPath::Value(s) => Text::Literal(s.text().to_owned()),
        ValueOrPath::Path(p) => match p.intrinsic() {
            Some(Ok(call)) => Text::Intrinsic(call.clone()),
            Some(Err(e)) => {
                return Err(Failure::runtime(format!("invalid intrinsic `{p}`: {e}")));
            }
            None => Text::Path(path(p)?),
        },
    })
}
