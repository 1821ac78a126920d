//! The printer: a typed state machine as the statements of a `workflow!` body — the header
//! (doc comment, substitutions, settings), then every state with its kind, body, clauses and
//! transition, branches and iterations nested in braces.

use super::conditions::condition;
use super::dynamic::{dynamic, path};
use super::layout::Doc;
use super::names::{is_ident, name, state_name, string_literal};
use super::values::{Mode, object, value};
use crate::doc_lines::doc_values;
use crate::parse::kw::pattern_word;
use serde_json::Value as Json;
use workflow_asl::path::find_substitutions;
use workflow_asl::{
    Catcher, ChoiceState, ErrorName, Expr, FailState, IntExpr, ItemBatcher, ItemReader,
    JsonataValue, MapState, PathOrNull, PayloadTemplate, ProcessorField, ProcessorMode,
    QueryLanguage, ResultWriter, Retrier, SelectorField, State, StateMachine, States, TaskState,
    Transition, ValueOrPath, WaitDuration,
};
use workflow_aws_models::{Integration, Pattern, Raises, Resource, Usage};
use workflow_text::case::Case;

/// Four spaces per level.
const INDENT: usize = 4;

/// The whole `workflow! { … }` invocation.
pub(super) fn workflow(machine: &StateMachine, workflow_name: &str) -> String {
    let mut out = String::from("workflow! {\n");
    let mut p = Printer {
        out: &mut out,
        machine_ql: machine.query_language.unwrap_or_default(),
    };
    let level = 1;
    let comment_setting = match &machine.comment {
        Some(comment) => match doc_values(comment) {
            Some(docs) => {
                p.docs(&docs, level);
                None
            }
            None => Some(comment),
        },
        None => None,
    };
    p.line(level, &format!("pub {workflow_name} {{"));
    let inner = level + 1;
    let substitutions = substitutions(machine);
    if !substitutions.is_empty() {
        let members = substitutions
            .iter()
            .map(|(n, ty)| Doc::text(format!("{}: {ty}", name(n))))
            .collect();
        let doc = Doc::Group {
            open: "substitutions {".into(),
            members,
            close: "}".into(),
        };
        p.line(inner, &doc.render(inner * INDENT, inner * INDENT));
    }
    if let Some(comment) = comment_setting {
        p.line(inner, &format!("comment = {};", string_literal(comment)));
    }
    if let Some(timeout) = machine.timeout_seconds {
        p.line(inner, &format!("timeout = {timeout};"));
    }
    if let Some(ql) = machine.query_language {
        p.line(inner, &format!("query_language = {};", ql_word(ql)));
    }
    if let Some(version) = &machine.version {
        p.line(inner, &format!("version = {};", string_literal(version)));
    }
    if !p.out.ends_with(" {\n") {
        p.out.push('\n');
    }
    p.scope(&machine.start_at, &machine.states, inner, p.machine_ql);
    p.line(level, "}");
    out.push_str("}\n");
    out
}

/// `jsonata` / `jsonpath`.
fn ql_word(ql: QueryLanguage) -> &'static str {
    match ql {
        QueryLanguage::JsonPath => "jsonpath",
        QueryLanguage::Jsonata => "jsonata",
    }
}

/// Every `${Name}` of the definition, in order of first use, with its type: `integer` (or
/// `number`) where it stands for a whole numeric field, `string` elsewhere.
fn substitutions(machine: &StateMachine) -> Vec<(String, &'static str)> {
    let mut found: Vec<(String, &'static str)> = Vec::new();
    let mut stack: Vec<(Option<String>, &Json)> = Vec::new();
    let json = machine.to_value();
    stack.push((None, &json));
    let mut note = |text: &str, numeric: Option<&'static str>| {
        for sub in find_substitutions(text) {
            let whole = text == format!("${{{}}}", sub.name);
            let ty = match numeric {
                Some(ty) if whole => ty,
                _ => "string",
            };
            match found.iter_mut().find(|(n, _)| *n == sub.name) {
                Some(entry) => {
                    if ty != "string" {
                        entry.1 = ty;
                    }
                }
                None => found.push((sub.name, ty)),
            }
        }
    };
    while let Some((key, v)) = stack.pop() {
        match v {
            Json::String(s) => note(s, key.as_deref().and_then(numeric_field)),
            Json::Array(items) => stack.extend(items.iter().rev().map(|i| (None, i))),
            Json::Object(map) => {
                for (k, v) in map.iter().rev() {
                    stack.push((Some(k.clone()), v));
                }
                for k in map.keys() {
                    note(k, None);
                }
            }
            _ => {}
        }
    }
    found
}

/// The type of a substitution standing for a whole field named `key`, when it is numeric.
fn numeric_field(key: &str) -> Option<&'static str> {
    match key {
        "Seconds"
        | "TimeoutSeconds"
        | "HeartbeatSeconds"
        | "MaxConcurrency"
        | "ToleratedFailureCount"
        | "MaxItems"
        | "MaxItemsPerBatch"
        | "MaxInputBytesPerBatch"
        | "IntervalSeconds"
        | "MaxAttempts"
        | "MaxDelaySeconds" => Some("integer"),
        "ToleratedFailurePercentage" | "BackoffRate" => Some("number"),
        _ => None,
    }
}

/// Where the text goes.
struct Printer<'o> {
    out: &'o mut String,
    machine_ql: QueryLanguage,
}

/// A state's clauses, collected before they are written.
#[derive(Default)]
struct Clauses(Vec<String>);

impl Clauses {
    fn push(&mut self, text: String) {
        self.0.push(text);
    }

    /// `key = value`, the value laid out for the clause's column.
    fn set(&mut self, key: &str, doc: &Doc, indent: usize) {
        let lead = format!("{key} = ");
        let text = doc.render(indent, indent + lead.len());
        self.0.push(format!("{lead}{text}"));
    }

    /// `key { … }` (an object) or `key = value` (anything else).
    fn block(&mut self, key: &str, v: &Json, mode: Mode, indent: usize) {
        match v {
            Json::Object(map) => {
                let doc = object(map, mode);
                let lead = format!("{key} ");
                let text = doc.render(indent, indent + lead.len());
                self.0.push(format!("{lead}{text}"));
            }
            other => self.set(key, &value(other, mode), indent),
        }
    }
}

impl Printer<'_> {
    fn line(&mut self, level: usize, text: &str) {
        self.out.push_str(&" ".repeat(level * INDENT));
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// A comment's lines as `///` lines (see [`doc_values`]).
    fn docs(&mut self, docs: &[String], level: usize) {
        for doc in docs {
            self.line(level, &format!("///{doc}"));
        }
    }

    /// The states of a scope, `start_at` first.
    fn scope(&mut self, start_at: &str, states: &States, level: usize, ql: QueryLanguage) {
        let first = states.get_key_value(start_at);
        let rest = states.iter().filter(|(n, _)| n.as_str() != start_at);
        for (i, (n, state)) in first.into_iter().chain(rest).enumerate() {
            if i > 0 {
                self.out.push('\n');
            }
            self.state(n, state, level, ql);
        }
    }

    /// One state statement.
    fn state(&mut self, state_name_text: &str, state: &State, level: usize, outer: QueryLanguage) {
        let ql = state.query_language().unwrap_or(outer);
        let indent = (level + 1) * INDENT;
        let mut clauses = Clauses::default();
        let comment = state.comment();
        if let Some(c) = comment {
            match doc_values(c) {
                Some(docs) => self.docs(&docs, level),
                None => clauses.push(format!("comment = {}", string_literal(c))),
            }
        }
        if let Some(declared) = state.query_language() {
            clauses.push(format!("query_language = {}", ql_word(declared)));
        }
        let head = format!("{}: ", state_name(state_name_text));
        let mode = Mode::of(ql);
        let (kind, transition) = match state {
            State::Pass(s) => {
                let mut kind = "pass".to_owned();
                let body = match ql {
                    QueryLanguage::JsonPath => s.parameters.as_ref().map(|p| object(p, mode)),
                    QueryLanguage::Jsonata => match s.output.as_deref() {
                        Some(Json::Object(map)) => Some(object(map, mode)),
                        _ => None,
                    },
                };
                if let Some(body) = body {
                    kind.push(' ');
                    kind.push_str(&body.render(level * INDENT, level * INDENT + head.len() + 5));
                }
                common_io(&mut clauses, &s.input_path, None, indent);
                if let Some(result) = &s.result {
                    clauses.set("result", &value(result, Mode::Literal), indent);
                }
                path_clause(&mut clauses, "result_path", &s.result_path);
                path_clause(&mut clauses, "output_path", &s.output_path);
                if ql == QueryLanguage::Jsonata
                    && let Some(output) = &s.output
                    && !output.is_object()
                {
                    clauses.set("output", &value(output, mode), indent);
                }
                if ql == QueryLanguage::JsonPath {
                    output_clause(&mut clauses, &s.output, mode, indent);
                }
                assign_clause(&mut clauses, &s.assign, mode, indent);
                (kind, s.transition.as_ref())
            }
            State::Task(s) => {
                let kind = self.task_kind(s, ql, mode, &head, level);
                self.task_clauses(s, ql, mode, indent, &mut clauses);
                (kind, s.transition.as_ref())
            }
            State::Choice(s) => {
                let kind = self.choice(s, ql, mode, level);
                common_io(&mut clauses, &s.input_path, None, indent);
                path_clause(&mut clauses, "output_path", &s.output_path);
                output_clause(&mut clauses, &s.output, mode, indent);
                assign_clause(&mut clauses, &s.assign, mode, indent);
                (kind, None)
            }
            State::Wait(s) => {
                let arg = match &s.duration {
                    WaitDuration::Seconds(e) => format!("seconds = {}", int_expr(e)),
                    WaitDuration::SecondsPath(p) => format!("seconds = {}", path(p)),
                    WaitDuration::Timestamp(t) => {
                        format!("timestamp = {}", string_literal(t.text()))
                    }
                    WaitDuration::TimestampPath(p) => format!("timestamp = {}", path(p)),
                };
                common_io(&mut clauses, &s.input_path, None, indent);
                path_clause(&mut clauses, "output_path", &s.output_path);
                output_clause(&mut clauses, &s.output, mode, indent);
                assign_clause(&mut clauses, &s.assign, mode, indent);
                (format!("wait({arg})"), s.transition.as_ref())
            }
            State::Succeed(s) => {
                common_io(&mut clauses, &s.input_path, None, indent);
                path_clause(&mut clauses, "output_path", &s.output_path);
                output_clause(&mut clauses, &s.output, mode, indent);
                ("succeed".to_owned(), None)
            }
            State::Fail(s) => (fail(s), None),
            State::Parallel(s) => {
                let mut kind = String::from("parallel {\n");
                for branch in &s.branches {
                    let mut inner = String::new();
                    let mut printer = Printer {
                        out: &mut inner,
                        machine_ql: self.machine_ql,
                    };
                    printer.scope(&branch.start_at, &branch.states, level + 2, ql);
                    kind.push_str(&" ".repeat((level + 1) * INDENT));
                    // A branch of one short state stays on one line.
                    let single = inner.trim();
                    if inner.lines().count() == 1
                        && (level + 1) * INDENT + single.len() + 11 <= super::layout::WIDTH
                    {
                        kind.push_str(&format!("branch {{ {single} }}\n"));
                        continue;
                    }
                    kind.push_str("branch {\n");
                    kind.push_str(&inner);
                    kind.push_str(&" ".repeat((level + 1) * INDENT));
                    kind.push_str("}\n");
                }
                kind.push_str(&" ".repeat(level * INDENT));
                kind.push('}');
                common_io(&mut clauses, &s.input_path, None, indent);
                if let Some(parameters) = &s.parameters {
                    clauses.block(
                        "parameters",
                        &Json::Object(parameters.json().clone()),
                        mode,
                        indent,
                    );
                }
                if let Some(arguments) = &s.arguments {
                    clauses.block("arguments", arguments, mode, indent);
                }
                selector_clause(&mut clauses, &s.result_selector, mode, indent);
                path_clause(&mut clauses, "result_path", &s.result_path);
                path_clause(&mut clauses, "output_path", &s.output_path);
                output_clause(&mut clauses, &s.output, mode, indent);
                assign_clause(&mut clauses, &s.assign, mode, indent);
                error_clauses(&mut clauses, &s.retry, &s.catch, mode, indent, None);
                (kind, s.transition.as_ref())
            }
            State::Map(s) => {
                let kind = self.map_kind(s, ql, level);
                self.map_clauses(s, ql, mode, indent, &mut clauses);
                (kind, s.transition.as_ref())
            }
        };
        // A bare `$` followed by another clause would read as the variable `$clause`.
        let count = clauses.0.len();
        for clause in clauses.0.iter_mut().take(count.saturating_sub(1)) {
            if let Some(head) = clause.strip_suffix(" = $") {
                *clause = format!("{head} = jsonpath(\"$\")");
            }
        }
        let next = match transition {
            Some(Transition::Next(n)) => Some(format!("-> {}", state_name(n))),
            _ => None,
        };
        let one_line = format!(
            "{head}{kind}{}{}",
            clauses
                .0
                .iter()
                .map(|c| format!(" {c}"))
                .collect::<String>(),
            next.as_ref().map(|n| format!(" {n}")).unwrap_or_default()
        );
        if level * INDENT + one_line.len() < super::layout::WIDTH && !one_line.contains('\n') {
            self.line(level, &format!("{one_line};"));
            return;
        }
        let mut text = format!("{head}{kind}");
        for clause in &clauses.0 {
            text.push('\n');
            text.push_str(&" ".repeat(indent));
            text.push_str(clause);
        }
        match next {
            Some(next) if clauses.0.is_empty() => {
                text.push(' ');
                text.push_str(&next);
            }
            Some(next) => {
                text.push('\n');
                text.push_str(&" ".repeat(indent));
                text.push_str(&next);
            }
            None => {}
        }
        text.push(';');
        self.line(level, &text);
    }

    /// `lambda::invoke { … }`, `task "arn:…" { … }`.
    fn task_kind(
        &self,
        s: &TaskState,
        ql: QueryLanguage,
        mode: Mode,
        head: &str,
        level: usize,
    ) -> String {
        let mut kind = resource(&s.resource, Usage::Task);
        let body = match ql {
            QueryLanguage::JsonPath => s.parameters.as_ref().map(|p| object(p, mode)),
            QueryLanguage::Jsonata => match s.arguments.as_deref() {
                Some(Json::Object(map)) => Some(object(map, mode)),
                _ => None,
            },
        };
        if let Some(body) = body {
            let column = level * INDENT + head.len() + kind.len() + 1;
            kind.push(' ');
            kind.push_str(&body.render(level * INDENT, column));
        }
        kind
    }

    fn task_clauses(
        &self,
        s: &TaskState,
        ql: QueryLanguage,
        mode: Mode,
        indent: usize,
        clauses: &mut Clauses,
    ) {
        common_io(clauses, &s.input_path, None, indent);
        if ql == QueryLanguage::JsonPath
            && let Some(arguments) = &s.arguments
        {
            clauses.block("arguments", arguments, mode, indent);
        }
        if ql == QueryLanguage::Jsonata {
            if let Some(arguments) = &s.arguments
                && !arguments.is_object()
            {
                clauses.set("arguments", &value(arguments, mode), indent);
            }
            if let Some(parameters) = &s.parameters {
                clauses.block(
                    "parameters",
                    &Json::Object(parameters.json().clone()),
                    mode,
                    indent,
                );
            }
        }
        if let Some(credentials) = &s.credentials {
            clauses.block(
                "credentials",
                &Json::Object(credentials.json().clone()),
                mode,
                indent,
            );
        }
        if let Some(timeout) = &s.timeout {
            clauses.push(format!("timeout = {}", int_or_path(timeout)));
        }
        if let Some(heartbeat) = &s.heartbeat {
            clauses.push(format!("heartbeat = {}", int_or_path(heartbeat)));
        }
        selector_clause(clauses, &s.result_selector, mode, indent);
        path_clause(clauses, "result_path", &s.result_path);
        path_clause(clauses, "output_path", &s.output_path);
        output_clause(clauses, &s.output, mode, indent);
        assign_clause(clauses, &s.assign, mode, indent);
        error_clauses(
            clauses,
            &s.retry,
            &s.catch,
            mode,
            indent,
            Some(&s.resource.raises()),
        );
    }

    /// `choice { when … => …, otherwise => … }`.
    fn choice(&self, s: &ChoiceState, ql: QueryLanguage, mode: Mode, level: usize) -> String {
        let arm_indent = (level + 1) * INDENT;
        let mut text = String::from("choice {\n");
        for rule in &s.choices {
            let mut arm = format!(
                "when {} => {}",
                condition(&rule.condition, ql),
                state_name(&rule.next)
            );
            let mut rule_clauses = Clauses::default();
            if let Some(assign) = &rule.assign {
                rule_clauses.block(
                    "assign",
                    &Json::Object(assign.json().clone()),
                    mode,
                    arm_indent + 4,
                );
            }
            if let Some(output) = &rule.output {
                rule_clauses.set("output", &value(output, mode), arm_indent + 4);
            }
            if let Some(comment) = &rule.comment {
                rule_clauses.push(format!("comment = {}", string_literal(comment)));
            }
            for clause in rule_clauses.0 {
                arm.push('\n');
                arm.push_str(&" ".repeat(arm_indent + 4));
                arm.push_str(&clause);
            }
            text.push_str(&" ".repeat(arm_indent));
            text.push_str(&arm);
            text.push_str(",\n");
        }
        if let Some(default) = &s.default {
            text.push_str(&" ".repeat(arm_indent));
            text.push_str(&format!("otherwise => {},\n", state_name(default)));
        }
        text.push_str(&" ".repeat(level * INDENT));
        text.push('}');
        text
    }

    /// `map(…) { states }`.
    fn map_kind(&self, s: &MapState, ql: QueryLanguage, level: usize) -> String {
        let mut args: Vec<String> = Vec::new();
        if let Some(items_path) = &s.items_path {
            args.push(format!("items_path = {}", path(items_path)));
        }
        if let Some(items) = &s.items {
            args.push(format!(
                "items = {}",
                value(items, Mode::Literal).render(0, 8)
            ));
        }
        if let Some(mc) = &s.max_concurrency {
            args.push(format!("max_concurrency = {}", int_or_path(mc)));
        }
        let config = s.item_processor.processor_config.as_ref();
        match config.and_then(|c| c.mode) {
            Some(ProcessorMode::Distributed) => args.push("distributed".to_owned()),
            Some(ProcessorMode::Inline) => args.push("inline".to_owned()),
            None => {}
        }
        if let Some(execution) = config.and_then(|c| c.execution_type) {
            let word = match execution {
                workflow_asl::ExecutionType::Standard => "standard",
                workflow_asl::ExecutionType::Express => "express",
            };
            args.push(format!("execution = {word}"));
        }
        if s.processor_field == ProcessorField::Iterator {
            args.push("iterator".to_owned());
        }
        if let Some(label) = &s.label {
            args.push(format!("label = {}", string_literal(label)));
        }
        if let Some(p) = &s.tolerated_failure_percentage {
            let text = match p {
                ValueOrPath::Value(e) => expr_text(e, |n| n.to_string()),
                ValueOrPath::Path(p) => path(p),
            };
            args.push(format!("tolerated_failure_percentage = {text}"));
        }
        if let Some(c) = &s.tolerated_failure_count {
            args.push(format!("tolerated_failure_count = {}", int_or_path(c)));
        }
        let mut text = String::from("map");
        if !args.is_empty() {
            let doc = Doc::Group {
                open: "(".into(),
                members: args.into_iter().map(Doc::Text).collect(),
                close: ")".into(),
            };
            text.push_str(&doc.render(level * INDENT, level * INDENT + 40));
        }
        text.push_str(" {\n");
        let mut inner = String::new();
        let mut printer = Printer {
            out: &mut inner,
            machine_ql: self.machine_ql,
        };
        printer.scope(
            &s.item_processor.start_at,
            &s.item_processor.states,
            level + 1,
            ql,
        );
        text.push_str(&inner);
        text.push_str(&" ".repeat(level * INDENT));
        text.push('}');
        text
    }

    fn map_clauses(
        &self,
        s: &MapState,
        ql: QueryLanguage,
        mode: Mode,
        indent: usize,
        clauses: &mut Clauses,
    ) {
        let _ = ql;
        common_io(clauses, &s.input_path, None, indent);
        if let Some(selector) = &s.item_selector {
            let key = match s.selector_field {
                SelectorField::ItemSelector => "item_selector",
                SelectorField::Parameters => "parameters",
            };
            clauses.block(key, selector, mode, indent);
        }
        if let Some(reader) = &s.item_reader {
            clauses.push(reader_clause(reader, mode, indent));
        }
        if let Some(batcher) = &s.item_batcher {
            clauses.push(batch_clause(batcher, mode, indent));
        }
        if let Some(writer) = &s.result_writer {
            clauses.push(writer_clause(writer, mode, indent));
        }
        selector_clause(clauses, &s.result_selector, mode, indent);
        path_clause(clauses, "result_path", &s.result_path);
        path_clause(clauses, "output_path", &s.output_path);
        output_clause(clauses, &s.output, mode, indent);
        assign_clause(clauses, &s.assign, mode, indent);
        error_clauses(clauses, &s.retry, &s.catch, mode, indent, None);
    }
}

/// `input_path = …`.
fn common_io(clauses: &mut Clauses, input_path: &Option<PathOrNull>, _: Option<()>, _: usize) {
    path_clause(clauses, "input_path", input_path);
}

/// `key = $.path` / `key = null`.
fn path_clause(clauses: &mut Clauses, key: &str, value: &Option<PathOrNull>) {
    match value {
        Some(PathOrNull::Null) => clauses.push(format!("{key} = null")),
        Some(PathOrNull::Path(p)) => clauses.push(format!("{key} = {}", path(p))),
        None => {}
    }
}

fn output_clause(clauses: &mut Clauses, output: &Option<JsonataValue>, mode: Mode, indent: usize) {
    if let Some(output) = output {
        clauses.set("output", &value(output.json(), mode), indent);
    }
}

fn assign_clause(
    clauses: &mut Clauses,
    assign: &Option<PayloadTemplate>,
    mode: Mode,
    indent: usize,
) {
    if let Some(assign) = assign {
        clauses.block("assign", &Json::Object(assign.json().clone()), mode, indent);
    }
}

fn selector_clause(
    clauses: &mut Clauses,
    selector: &Option<PayloadTemplate>,
    mode: Mode,
    indent: usize,
) {
    if let Some(selector) = selector {
        clauses.block(
            "result_selector",
            &Json::Object(selector.json().clone()),
            mode,
            indent,
        );
    }
}

/// `retry […] (…)` and `catch […] (…) => …`, in order.
fn error_clauses(
    clauses: &mut Clauses,
    retry: &Option<Vec<Retrier>>,
    catch: &Option<Vec<Catcher>>,
    mode: Mode,
    indent: usize,
    raises: Option<&Raises>,
) {
    for r in retry.iter().flatten() {
        clauses.push(retrier(r, raises));
    }
    for c in catch.iter().flatten() {
        clauses.push(catcher(c, mode, indent, raises));
    }
}

fn retrier(r: &Retrier, raises: Option<&Raises>) -> String {
    let mut args = Vec::new();
    if let Some(v) = r.interval_seconds {
        args.push(format!("interval = {v}"));
    }
    if let Some(v) = r.max_attempts {
        args.push(format!("max_attempts = {v}"));
    }
    if let Some(v) = &r.backoff_rate {
        args.push(format!("backoff = {v}"));
    }
    if let Some(v) = r.max_delay_seconds {
        args.push(format!("max_delay = {v}"));
    }
    if let Some(v) = r.jitter_strategy {
        let word = match v {
            workflow_asl::JitterStrategy::Full => "full",
            workflow_asl::JitterStrategy::None => "none",
        };
        args.push(format!("jitter = {word}"));
    }
    if let Some(v) = &r.comment {
        args.push(format!("comment = {}", string_literal(v)));
    }
    let mut text = format!("retry {}", error_list(&r.error_equals, raises));
    if !args.is_empty() {
        text.push_str(&format!(" ({})", args.join(", ")));
    }
    text
}

fn catcher(c: &Catcher, mode: Mode, indent: usize, raises: Option<&Raises>) -> String {
    let mut args = Vec::new();
    match &c.result_path {
        Some(PathOrNull::Null) => args.push("result_path = null".to_owned()),
        Some(PathOrNull::Path(p)) => args.push(format!("result_path = {}", path(p))),
        None => {}
    }
    if let Some(output) = &c.output {
        args.push(format!(
            "output = {}",
            value(output, mode).render(indent, indent + 20)
        ));
    }
    if let Some(comment) = &c.comment {
        args.push(format!("comment = {}", string_literal(comment)));
    }
    let mut text = format!("catch {}", error_list(&c.error_equals, raises));
    if !args.is_empty() {
        text.push_str(&format!(" ({})", args.join(", ")));
    }
    if let Some(assign) = &c.assign {
        let doc = object(assign, mode);
        text.push_str(" assign ");
        let column = indent + text.lines().last().map_or(0, str::len);
        text.push_str(&doc.render(indent, column));
    }
    text.push_str(&format!(" => {}", state_name(&c.next)));
    text
}

/// `[States.TaskFailed, "Custom-Error"]`. A custom name in the reserved `States.` namespace,
/// or one the Task's resource never raises (`raises`), is quoted: taken as meant.
fn error_list(errors: &[ErrorName], raises: Option<&Raises>) -> String {
    let names: Vec<String> = errors
        .iter()
        .map(|e| {
            let text = e.as_str();
            let never_raised = raises.is_some_and(|r| !r.admits(text));
            if !e.is_reserved_custom()
                && !never_raised
                && !text.is_empty()
                && text.split('.').all(is_ident)
            {
                text.to_owned()
            } else {
                string_literal(text)
            }
        })
        .collect();
    format!("[{}]", names.join(", "))
}

/// `fail`, `fail(error = …, cause = …)`.
fn fail(s: &FailState) -> String {
    let mut args = Vec::new();
    for (key, v) in [("error", &s.error), ("cause", &s.cause)] {
        match v {
            Some(ValueOrPath::Value(text)) => {
                args.push(format!("{key} = {}", string_literal(text.text())))
            }
            Some(ValueOrPath::Path(p)) => args.push(format!("{key} = {}", dynamic(p))),
            None => {}
        }
    }
    if args.is_empty() {
        "fail".to_owned()
    } else {
        format!("fail({})", args.join(", "))
    }
}

/// A whole number, a `"{% … %}"` / `"${Name}"` string, or a path.
fn int_or_path(v: &ValueOrPath<IntExpr>) -> String {
    match v {
        ValueOrPath::Value(e) => int_expr(e),
        ValueOrPath::Path(p) => path(p),
    }
}

fn int_expr(e: &IntExpr) -> String {
    expr_text(e, u64::to_string)
}

fn expr_text<T>(e: &Expr<T>, literal: impl Fn(&T) -> String) -> String {
    match e {
        Expr::Literal(v) => literal(v),
        Expr::Jsonata(text) => string_literal(text),
        Expr::Substitution(text) => string_literal(text),
    }
}

/// The resource: `service::action.pattern` when that path lowers back to exactly this resource
/// (a task's with `usage` `Task`, a reader's or writer's otherwise), else the resource as a
/// string (after `task` for a task).
fn resource(resource: &Resource, usage: Usage) -> String {
    match integration_path(resource, usage) {
        Some(path) => path,
        None if usage == Usage::Task => format!("task {}", string_literal(resource.as_str())),
        None => string_literal(resource.as_str()),
    }
}

/// `arn:aws:states:::glue:startJobRun.sync` → `glue::start_job_run.sync`, when the language's
/// lookup of that path finds this very integration and writes this very text (the `aws`
/// partition, no region or account).
fn integration_path(resource: &Resource, usage: Usage) -> Option<String> {
    let integration = resource.integration()?;
    if integration.resource() != resource.as_str() {
        return None;
    }
    let service = integration.service();
    let service_word = service.replace('-', "_");
    if !is_ident(&service_word) || service_word == "aws_sdk" {
        return None;
    }
    let action = integration.action();
    let snake = Case::Snake.apply(&action);
    let action_word = if is_ident(&snake) {
        snake
    } else if is_ident(&action) {
        action
    } else {
        return None;
    };
    let pattern = integration.pattern();
    let lowered = if integration.is_sdk() {
        Integration::named_sdk_with(service, &action_word, pattern)
    } else {
        Integration::named_for(usage, service, &action_word, pattern)
    };
    if lowered.ok().as_ref() != Some(integration) {
        return None;
    }
    let mut out = if integration.is_sdk() {
        format!("aws_sdk::{service_word}::{action_word}")
    } else {
        format!("{service_word}::{action_word}")
    };
    if pattern != Pattern::RequestResponse {
        out.push('.');
        out.push_str(pattern_word(pattern));
    }
    Some(out)
}

/// `reader s3::get_object { … } (input_type = csv, …)`.
fn reader_clause(reader: &ItemReader, mode: Mode, indent: usize) -> String {
    let mut text = format!("reader {}", resource(&reader.resource, Usage::ItemReader));
    body_after(
        &mut text,
        &reader.parameters,
        &reader.arguments,
        mode,
        indent,
    );
    let mut args = Vec::new();
    if let Some(config) = &reader.reader_config {
        if let Some(v) = config.input_type {
            args.push(format!("input_type = {}", v.as_str().to_lowercase()));
        }
        if let Some(v) = config.csv_header_location {
            args.push(format!("header_location = {}", v.as_str().to_lowercase()));
        }
        if let Some(headers) = &config.csv_headers {
            let list: Vec<String> = headers.iter().map(|h| string_literal(h)).collect();
            args.push(format!("headers = [{}]", list.join(", ")));
        }
        if let Some(v) = config.csv_delimiter {
            args.push(format!("delimiter = {}", v.as_str().to_lowercase()));
        }
        if let Some(v) = config.manifest_type {
            args.push(format!("manifest_type = {}", v.as_str().to_lowercase()));
        }
        if let Some(v) = &config.max_items {
            args.push(format!("max_items = {}", int_or_path(v)));
        }
        if let Some(v) = &config.items_pointer {
            args.push(format!("items_pointer = {}", string_literal(v)));
        }
        if let Some(v) = config.transformation {
            args.push(format!("transformation = {}", v.as_str().to_lowercase()));
        }
    }
    if reader.reader_config.is_some() {
        text.push_str(&format!(" ({})", args.join(", ")));
    }
    text
}

/// `writer s3::put_object { … } (output_type = json, …)`.
fn writer_clause(writer: &ResultWriter, mode: Mode, indent: usize) -> String {
    let mut text = String::from("writer");
    if let Some(r) = &writer.resource {
        text.push(' ');
        text.push_str(&resource(r, Usage::ResultWriter));
    }
    body_after(
        &mut text,
        &writer.parameters,
        &writer.arguments,
        mode,
        indent,
    );
    if let Some(config) = &writer.writer_config {
        let mut args = vec![format!(
            "output_type = {}",
            config.output_type.as_str().to_lowercase()
        )];
        if let Some(t) = config.transformation {
            args.push(format!("transformation = {}", t.as_str().to_lowercase()));
        }
        text.push_str(&format!(" ({})", args.join(", ")));
    }
    text
}

/// ` { … }` after a reader's or writer's resource.
fn body_after(
    text: &mut String,
    parameters: &Option<PayloadTemplate>,
    arguments: &Option<JsonataValue>,
    mode: Mode,
    indent: usize,
) {
    let body = match (parameters, arguments.as_deref()) {
        (Some(p), _) => Some(object(p, Mode::Template)),
        (None, Some(Json::Object(map))) => Some(object(map, mode)),
        _ => None,
    };
    if let Some(body) = body {
        text.push(' ');
        let column = indent + text.len();
        text.push_str(&body.render(indent, column));
    }
}

/// `batch(max_items = …, max_bytes = …, input { … })`.
fn batch_clause(batcher: &ItemBatcher, mode: Mode, indent: usize) -> String {
    let mut args = Vec::new();
    if let Some(v) = &batcher.max_items_per_batch {
        args.push(format!("max_items = {}", int_or_path(v)));
    }
    if let Some(v) = &batcher.max_input_bytes_per_batch {
        args.push(format!("max_bytes = {}", int_or_path(v)));
    }
    if let Some(input) = &batcher.batch_input {
        let doc = value(input, mode);
        args.push(format!("input = {}", doc.render(indent, indent + 20)));
    }
    format!("batch({})", args.join(", "))
}
