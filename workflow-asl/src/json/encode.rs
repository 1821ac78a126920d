//! Typed model → JSON value, fields in a fixed conventional order, states in their order.

use crate::model::*;
use serde_json::{Map, Value};

/// Encodes a machine as a JSON value.
pub fn encode(machine: &StateMachine) -> Value {
    let mut o = Obj::default();
    o.opt_str("Comment", &machine.comment);
    o.query_language(machine.query_language);
    o.str("StartAt", &machine.start_at);
    o.put("States", states(&machine.states));
    if let Some(t) = machine.timeout_seconds {
        o.put("TimeoutSeconds", t.into());
    }
    o.opt_str("Version", &machine.version);
    o.0.into()
}

/// An object under construction.
#[derive(Default)]
struct Obj(Map<String, Value>);

impl Obj {
    fn put(&mut self, key: &str, value: Value) {
        self.0.insert(key.to_owned(), value);
    }
    fn str(&mut self, key: &str, value: &str) {
        self.put(key, Value::String(value.to_owned()));
    }
    fn opt_str(&mut self, key: &str, value: &Option<String>) {
        if let Some(v) = value {
            self.str(key, v);
        }
    }
    fn opt_json(&mut self, key: &str, value: &Option<impl ToJson>) {
        if let Some(v) = value {
            self.put(key, v.to_json());
        }
    }
    fn opt_map(&mut self, key: &str, value: &Option<impl ToJson>) {
        self.opt_json(key, value);
    }
    fn opt_u64(&mut self, key: &str, value: Option<u64>) {
        if let Some(v) = value {
            self.put(key, v.into());
        }
    }
    fn path(&mut self, key: &str, value: &Option<PathOrNull>) {
        match value {
            Some(PathOrNull::Null) => self.put(key, Value::Null),
            Some(PathOrNull::Path(p)) => self.str(key, p),
            None => {}
        }
    }
    fn query_language(&mut self, ql: Option<QueryLanguage>) {
        if let Some(ql) = ql {
            self.str("QueryLanguage", ql.as_str());
        }
    }
    fn value_or_path<T>(
        &mut self,
        key: &str,
        path_key: &str,
        v: &Option<ValueOrPath<T>>,
        enc: impl Fn(&T) -> Value,
    ) {
        match v {
            Some(ValueOrPath::Value(v)) => self.put(key, enc(v)),
            Some(ValueOrPath::Path(p)) => self.str(path_key, p),
            None => {}
        }
    }
    fn transition(&mut self, t: &Option<Transition>) {
        match t {
            Some(Transition::Next(n)) => self.str("Next", n),
            Some(Transition::End) => self.put("End", Value::Bool(true)),
            None => {}
        }
    }
    fn header(&mut self, kind: StateKind, comment: &Option<String>, ql: Option<QueryLanguage>) {
        self.str("Type", kind.as_str());
        self.opt_str("Comment", comment);
        self.query_language(ql);
    }
    fn error_handling(&mut self, retry: &Option<Vec<Retrier>>, catch: &Option<Vec<Catcher>>) {
        if let Some(r) = retry {
            self.put("Retry", r.iter().map(retrier).collect());
        }
        if let Some(c) = catch {
            self.put("Catch", c.iter().map(catcher).collect());
        }
    }
}

fn expr<T>(e: &Expr<T>, lit: impl Fn(&T) -> Value) -> Value {
    match e {
        Expr::Literal(v) => lit(v),
        Expr::Jsonata(s) => Value::String(s.text().to_owned()),
        Expr::Substitution(s) => Value::String(s.clone()),
    }
}

fn int_expr(e: &IntExpr) -> Value {
    expr(e, |v| Value::from(*v))
}

fn states(states: &States) -> Value {
    let mut map = Map::with_capacity(states.len());
    for (name, s) in states {
        map.insert(name.clone(), state(s));
    }
    Value::Object(map)
}

/// Encodes one state.
pub fn state(state: &State) -> Value {
    let mut o = Obj::default();
    match state {
        State::Pass(s) => {
            o.header(StateKind::Pass, &s.comment, s.query_language);
            o.path("InputPath", &s.input_path);
            o.opt_map("Parameters", &s.parameters);
            o.opt_json("Result", &s.result);
            o.path("ResultPath", &s.result_path);
            o.path("OutputPath", &s.output_path);
            o.opt_json("Output", &s.output);
            o.opt_map("Assign", &s.assign);
            o.transition(&s.transition);
        }
        State::Task(s) => {
            o.header(StateKind::Task, &s.comment, s.query_language);
            o.str("Resource", s.resource.as_str());
            o.opt_map("Credentials", &s.credentials);
            o.value_or_path("TimeoutSeconds", "TimeoutSecondsPath", &s.timeout, int_expr);
            o.value_or_path(
                "HeartbeatSeconds",
                "HeartbeatSecondsPath",
                &s.heartbeat,
                int_expr,
            );
            o.path("InputPath", &s.input_path);
            o.opt_map("Parameters", &s.parameters);
            o.opt_json("Arguments", &s.arguments);
            o.opt_map("ResultSelector", &s.result_selector);
            o.path("ResultPath", &s.result_path);
            o.path("OutputPath", &s.output_path);
            o.opt_json("Output", &s.output);
            o.opt_map("Assign", &s.assign);
            o.error_handling(&s.retry, &s.catch);
            o.transition(&s.transition);
        }
        State::Choice(s) => {
            o.header(StateKind::Choice, &s.comment, s.query_language);
            o.path("InputPath", &s.input_path);
            o.put("Choices", s.choices.iter().map(choice_rule).collect());
            o.opt_str("Default", &s.default);
            o.path("OutputPath", &s.output_path);
            o.opt_json("Output", &s.output);
            o.opt_map("Assign", &s.assign);
        }
        State::Wait(s) => {
            o.header(StateKind::Wait, &s.comment, s.query_language);
            o.path("InputPath", &s.input_path);
            match &s.duration {
                WaitDuration::Seconds(e) => o.put("Seconds", int_expr(e)),
                WaitDuration::Timestamp(t) => o.str("Timestamp", t.text()),
                WaitDuration::SecondsPath(p) => o.str("SecondsPath", p),
                WaitDuration::TimestampPath(p) => o.str("TimestampPath", p),
            }
            o.path("OutputPath", &s.output_path);
            o.opt_json("Output", &s.output);
            o.opt_map("Assign", &s.assign);
            o.transition(&s.transition);
        }
        State::Succeed(s) => {
            o.header(StateKind::Succeed, &s.comment, s.query_language);
            o.path("InputPath", &s.input_path);
            o.path("OutputPath", &s.output_path);
            o.opt_json("Output", &s.output);
        }
        State::Fail(s) => {
            o.header(StateKind::Fail, &s.comment, s.query_language);
            o.value_or_path("Error", "ErrorPath", &s.error, |e| e.text().into());
            o.value_or_path("Cause", "CausePath", &s.cause, |c| c.text().into());
        }
        State::Parallel(s) => {
            o.header(StateKind::Parallel, &s.comment, s.query_language);
            o.path("InputPath", &s.input_path);
            o.opt_map("Parameters", &s.parameters);
            o.opt_json("Arguments", &s.arguments);
            o.put("Branches", s.branches.iter().map(branch).collect());
            o.opt_map("ResultSelector", &s.result_selector);
            o.path("ResultPath", &s.result_path);
            o.path("OutputPath", &s.output_path);
            o.opt_json("Output", &s.output);
            o.opt_map("Assign", &s.assign);
            o.error_handling(&s.retry, &s.catch);
            o.transition(&s.transition);
        }
        State::Map(s) => map_state(&mut o, s),
    }
    o.0.into()
}

fn map_state(o: &mut Obj, s: &MapState) {
    o.header(StateKind::Map, &s.comment, s.query_language);
    o.path("InputPath", &s.input_path);
    if let Some(r) = &s.item_reader {
        o.put("ItemReader", item_reader(r));
    }
    if let Some(p) = &s.items_path {
        o.put("ItemsPath", p.text().into());
    }
    o.opt_json("Items", &s.items);
    if let Some(sel) = &s.item_selector {
        let key = match s.selector_field {
            SelectorField::ItemSelector => "ItemSelector",
            SelectorField::Parameters => "Parameters",
        };
        o.put(key, sel.json().clone());
    }
    if let Some(b) = &s.item_batcher {
        o.put("ItemBatcher", item_batcher(b));
    }
    let processor_key = match s.processor_field {
        ProcessorField::ItemProcessor => "ItemProcessor",
        ProcessorField::Iterator => "Iterator",
    };
    o.put(processor_key, item_processor(&s.item_processor));
    o.value_or_path(
        "MaxConcurrency",
        "MaxConcurrencyPath",
        &s.max_concurrency,
        int_expr,
    );
    o.value_or_path(
        "ToleratedFailurePercentage",
        "ToleratedFailurePercentagePath",
        &s.tolerated_failure_percentage,
        |e| expr(e, |n| Value::Number(n.clone())),
    );
    o.value_or_path(
        "ToleratedFailureCount",
        "ToleratedFailureCountPath",
        &s.tolerated_failure_count,
        int_expr,
    );
    o.opt_str("Label", &s.label);
    if let Some(w) = &s.result_writer {
        o.put("ResultWriter", result_writer(w));
    }
    o.opt_map("ResultSelector", &s.result_selector);
    o.path("ResultPath", &s.result_path);
    o.path("OutputPath", &s.output_path);
    o.opt_json("Output", &s.output);
    o.opt_map("Assign", &s.assign);
    o.error_handling(&s.retry, &s.catch);
    o.transition(&s.transition);
}

fn branch(b: &Branch) -> Value {
    let mut o = Obj::default();
    o.opt_str("Comment", &b.comment);
    o.query_language(b.query_language);
    o.str("StartAt", &b.start_at);
    o.put("States", states(&b.states));
    o.0.into()
}

fn item_processor(p: &ItemProcessor) -> Value {
    let mut o = Obj::default();
    o.opt_str("Comment", &p.comment);
    o.query_language(p.query_language);
    if let Some(c) = &p.processor_config {
        let mut cfg = Obj::default();
        if let Some(m) = c.mode {
            cfg.str("Mode", m.as_str());
        }
        if let Some(t) = c.execution_type {
            cfg.str("ExecutionType", t.as_str());
        }
        o.put("ProcessorConfig", cfg.0.into());
    }
    o.str("StartAt", &p.start_at);
    o.put("States", states(&p.states));
    o.0.into()
}

fn item_reader(r: &ItemReader) -> Value {
    let mut o = Obj::default();
    o.str("Resource", r.resource.as_str());
    if let Some(c) = &r.reader_config {
        let mut cfg = Obj::default();
        if let Some(v) = c.input_type {
            cfg.str("InputType", v.as_str());
        }
        if let Some(v) = c.csv_header_location {
            cfg.str("CSVHeaderLocation", v.as_str());
        }
        if let Some(v) = &c.csv_headers {
            cfg.put(
                "CSVHeaders",
                v.iter().map(|h| Value::String(h.clone())).collect(),
            );
        }
        if let Some(v) = c.csv_delimiter {
            cfg.str("CSVDelimiter", v.as_str());
        }
        if let Some(v) = c.manifest_type {
            cfg.str("ManifestType", v.as_str());
        }
        cfg.value_or_path("MaxItems", "MaxItemsPath", &c.max_items, int_expr);
        if let Some(v) = &c.items_pointer {
            cfg.str("ItemsPointer", v);
        }
        if let Some(v) = c.transformation {
            cfg.str("Transformation", v.as_str());
        }
        o.put("ReaderConfig", cfg.0.into());
    }
    o.opt_map("Parameters", &r.parameters);
    o.opt_json("Arguments", &r.arguments);
    o.0.into()
}

fn item_batcher(b: &ItemBatcher) -> Value {
    let mut o = Obj::default();
    o.opt_json("BatchInput", &b.batch_input);
    o.value_or_path(
        "MaxItemsPerBatch",
        "MaxItemsPerBatchPath",
        &b.max_items_per_batch,
        int_expr,
    );
    o.value_or_path(
        "MaxInputBytesPerBatch",
        "MaxInputBytesPerBatchPath",
        &b.max_input_bytes_per_batch,
        int_expr,
    );
    o.0.into()
}

fn result_writer(w: &ResultWriter) -> Value {
    let mut o = Obj::default();
    if let Some(resource) = &w.resource {
        o.str("Resource", resource.as_str());
    }
    o.opt_map("Parameters", &w.parameters);
    o.opt_json("Arguments", &w.arguments);
    if let Some(c) = &w.writer_config {
        let mut cfg = Obj::default();
        cfg.str("OutputType", c.output_type.as_str());
        if let Some(t) = c.transformation {
            cfg.str("Transformation", t.as_str());
        }
        o.put("WriterConfig", cfg.0.into());
    }
    o.0.into()
}

fn retrier(r: &Retrier) -> Value {
    let mut o = Obj::default();
    o.put("ErrorEquals", error_names(&r.error_equals));
    o.opt_u64("IntervalSeconds", r.interval_seconds);
    o.opt_u64("MaxAttempts", r.max_attempts);
    if let Some(b) = &r.backoff_rate {
        o.put("BackoffRate", Value::Number(b.clone()));
    }
    o.opt_u64("MaxDelaySeconds", r.max_delay_seconds);
    if let Some(j) = r.jitter_strategy {
        o.str("JitterStrategy", j.as_str());
    }
    o.opt_str("Comment", &r.comment);
    o.0.into()
}

fn catcher(c: &Catcher) -> Value {
    let mut o = Obj::default();
    o.put("ErrorEquals", error_names(&c.error_equals));
    o.path("ResultPath", &c.result_path);
    o.opt_json("Output", &c.output);
    o.opt_map("Assign", &c.assign);
    o.opt_str("Comment", &c.comment);
    o.str("Next", &c.next);
    o.0.into()
}

fn error_names(names: &[ErrorName]) -> Value {
    names
        .iter()
        .map(|n| Value::String(n.as_str().to_owned()))
        .collect()
}

fn choice_rule(r: &ChoiceRule) -> Value {
    let mut o = Obj::default();
    condition(&mut o, &r.condition);
    o.opt_str("Comment", &r.comment);
    o.opt_json("Output", &r.output);
    o.opt_map("Assign", &r.assign);
    o.str("Next", &r.next);
    o.0.into()
}

/// A rule nested in `And`, `Or` or `Not`: one level of a recursion as deep as the rules nest.
fn nested_rule(r: &NestedRule) -> Value {
    workflow_text::stack::deeper(|| {
        let mut o = Obj::default();
        condition(&mut o, &r.condition);
        o.opt_str("Comment", &r.comment);
        o.0.into()
    })
}

fn condition(o: &mut Obj, c: &Condition) {
    match c {
        Condition::Jsonata(e) => o.put("Condition", expr(e, |b| Value::Bool(*b))),
        Condition::And(rules) => o.put("And", rules.iter().map(nested_rule).collect()),
        Condition::Or(rules) => o.put("Or", rules.iter().map(nested_rule).collect()),
        Condition::Not(rule) => o.put("Not", nested_rule(rule)),
        Condition::Test(t) => {
            o.str("Variable", &t.variable);
            let value = match &t.operand {
                Operand::String(s) => Value::String(s.clone()),
                Operand::Path(p) => Value::String(p.text().to_owned()),
                Operand::Number(n) => Value::Number(n.clone()),
                Operand::Bool(b) => Value::Bool(*b),
            };
            o.put(t.operator.as_str(), value);
        }
    }
}

/// A JSON-valued field of the model, as the definition writes it.
trait ToJson {
    fn to_json(&self) -> Value;
}

impl ToJson for Value {
    fn to_json(&self) -> Value {
        self.clone()
    }
}

impl ToJson for Map<String, Value> {
    fn to_json(&self) -> Value {
        Value::Object(self.clone())
    }
}

impl<T: ToJson> ToJson for ParsedJson<T> {
    fn to_json(&self) -> Value {
        self.json().to_json()
    }
}
