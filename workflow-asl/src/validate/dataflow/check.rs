//! The checks on the inferred types: every simple path a state reads (from its input, its
//! result or a variable) must be able to select something from what flows into it, and a
//! Choice comparison must compare a value with something of a type it can have.

use super::field_types::{self, Required};
use super::jsonata_types::{self, FailureKind};
use super::origin::{assigners, field_origin, field_writers, origin};
use super::types::{DataType, Env, Selected, Vars, select_in};
use super::{
    Flow, before_output, effective_input, error_output, is_jsonata, jsonata_result, result,
    states_paths, template,
};
use crate::diagnostic::{Field, Message, NamingInput, field_named, message};
use crate::model::{
    ComparisonOperator, Condition, DataTest, JsonRoots, Operand, OperatorFamily, ParsedJson,
    PathOrNull, Relation, State, WaitDuration,
};
use crate::path::{Parameter, Path, PathString, Root, Segment};
use crate::validate::jsonata_fields::{self, Body, JsonataRoot, StatesAccess};
use crate::validate::{Cx, Scope, choice};
use crate::{Code, Diagnostic, Pointer};
use workflow_jsonata::jsonata_string::JsonataString;
use workflow_text::suggest::{closest, closest_in, did_you_mean_in};

/// How many fields a message lists when no one of them is close enough to suggest.
const LISTED_FIELDS: usize = 8;

/// What a checked path reads from, for the message.
#[derive(Clone)]
enum Source {
    /// The state's input, as it arrives.
    Input,
    /// The state's input after its InputPath (the input itself without one).
    Effective,
    /// The task's result (ResultSelector, `$states.result`).
    Result,
    /// The output before OutputPath.
    Output,
    /// A Catcher's error output (`{Error, Cause}`).
    Error,
    /// A variable.
    Variable(String),
    /// The context object of a Map state's iteration (`$$.Map.Item`).
    MapContext,
    /// The context object (`$$`, `$states.context`).
    Context,
}

/// Checks every state of `scope` (one of `scopes`) that the inference reached.
pub(crate) fn check_scope(
    cx: &mut Cx<'_>,
    scopes: &[Scope<'_>],
    scope: &Scope<'_>,
    flow: &Flow<'_>,
) {
    let no_vars = Vars::new();
    for (name, state) in scope.states {
        let Some(raw) = flow.input.get(name.as_str()) else {
            continue;
        };
        let vars = flow.vars.get(name.as_str()).unwrap_or(&no_vars);
        let at = scope.states_pointer().key(name);
        let mut probe = Probe {
            cx,
            scopes,
            scope,
            flow,
            state: name,
            ways: std::cell::OnceCell::new(),
            choice_ways: std::cell::OnceCell::new(),
        };
        if is_jsonata(scope, state) {
            check_jsonata_state(&mut probe, state, raw, vars, &at);
            continue;
        }
        let env = |input| Env {
            context: Some(&flow.context),
            ..Env::new(input, vars)
        };
        if let Some(PathOrNull::Path(p)) = state.input_path() {
            probe.path(env(raw), p, at.key("InputPath"), Source::Input);
        }
        let effective = effective_input(state, raw);
        if let Some(parameters) = state.parameters() {
            let at = at.key("Parameters");
            probe.template(env(&effective), parameters, at, Source::Effective);
        }
        match state {
            State::Map(m) => {
                // ItemSelector reads the Map's effective input and, through `$$.Map.Item`,
                // the item.
                if let Some(decoded) = &m.item_selector {
                    let at = at.key("ItemSelector");
                    let context = super::map_context(
                        state,
                        &effective,
                        &probe.flow.context,
                        probe.flow.items.get(name.as_str()),
                    );
                    let with_context = Env {
                        context: Some(&context),
                        ..env(&effective)
                    };
                    probe.template(with_context, decoded, at, Source::Effective);
                }
                // With an ItemReader, AWS reads the items from the reader and ignores
                // `ItemsPath` (recorded: LocalStack's `test_map_item_reader_base_json_with_items_path`,
                // validated on AWS 2025-01-09, where `$[0]` and a path the input lacks both run
                // over the object's items); `map::check_map` warns about it.
                if m.item_reader.is_none()
                    && let Some(items) = &m.items_path
                {
                    probe.path(
                        env(&effective),
                        items,
                        at.key("ItemsPath"),
                        Source::Effective,
                    );
                }
                if m.item_reader.is_none() {
                    let items = m.items_path.as_deref().unwrap_or("$");
                    let found = super::selected(&effective, m.items_path.as_ref());
                    if field_types::misfit(Required::Array, &found, false) {
                        let from = probe.origin();
                        probe.cx.warning(
                            Code::FieldTypeMismatch,
                            if m.items_path.is_some() {
                                at.key("ItemsPath")
                            } else {
                                at.clone()
                            },
                            message![
                                format!(
                                    "the items of Map state `{name}` (`{items}`) are {} in its input; a Map iterates over an array",
                                    found.describe(),
                                ),
                                from
                            ],
                        );
                    }
                }
            }
            State::Choice(c) => {
                for (condition, pointer) in choice::conditions(c, &at) {
                    if let Condition::Test(t) = condition {
                        probe.test(env(&effective), t, &pointer);
                    }
                }
                for (i, rule) in c.choices.iter().enumerate() {
                    if let Some(assign) = &rule.assign {
                        let at = at.key("Choices").index(i).key("Assign");
                        probe.template(env(&effective), assign, at, Source::Effective);
                    }
                }
            }
            _ => {}
        }
        // The paths that give a field a number of seconds or items, a timestamp or a role read
        // the effective input.
        for (key, path) in typed_paths(state) {
            probe.typed_path(env(&effective), path, &at, key);
        }
        let nested = flow.nested.get(name.as_str());
        let result = result(state, env(&effective), nested);
        if let Some(selector) = state.result_selector() {
            probe.template(
                env(&result),
                selector,
                at.key("ResultSelector"),
                Source::Result,
            );
        }
        if let Some(assign) = state.assign() {
            let (source, kind) = match state {
                State::Pass(_) | State::Task(_) | State::Parallel(_) | State::Map(_) => {
                    (&result, Source::Result)
                }
                _ => (&effective, Source::Effective),
            };
            probe.template(env(source), assign, at.key("Assign"), kind);
        }
        for (i, catcher) in state.catchers().unwrap_or_default().iter().enumerate() {
            if let Some(assign) = &catcher.assign {
                let at = at.key("Catch").index(i).key("Assign");
                let error = error_output();
                let env = Env::new(&error, vars);
                probe.template(env, assign, at, Source::Error);
            }
        }
        if let Some(PathOrNull::Path(p)) = state.output_path()
            && !matches!(state, State::Fail(_))
        {
            let before = before_output(state, (raw, vars, &probe.flow.context), nested);
            probe.path(env(&before), p, at.key("OutputPath"), Source::Output);
        }
    }
}

/// The plain paths of a JSONata state (`$states.input…`, `$states.result…`, `$name…`),
/// checked against its input, its result and the variables.
fn check_jsonata_state(
    probe: &mut Probe<'_, '_, '_>,
    state: &State,
    raw: &DataType,
    vars: &Vars,
    at: &Pointer,
) {
    let result = jsonata_result(state, probe.flow.nested.get(probe.state));
    let error = error_output();
    // `$states.context` is the context object as the scope's states see it (its
    // `Execution.Input`: the `workflow!` language's `input.…` reads it).
    let before = states_paths::Scope {
        input: raw,
        result: &DataType::Any,
        vars,
        context: Some(&probe.flow.context),
        error_output: None,
    };
    // A Catcher's `Output` and `Assign` read `$states.errorOutput`.
    let caught = states_paths::Scope {
        error_output: Some(&error),
        ..before
    };
    let after = states_paths::Scope {
        result: &result,
        ..before
    };
    // A Map's ItemSelector reads the item as `$states.context.Map.Item.Value`.
    let map_context = match state {
        State::Map(m) => super::jsonata_map_item(m, before, probe.flow.items.get(probe.state))
            .map(|item| super::map_item_context(item, &probe.flow.context)),
        _ => None,
    };
    let selector = states_paths::Scope {
        context: map_context.as_ref(),
        ..before
    };
    // Every field of the state that holds expressions (`jsonata_fields::roots`, AWS's list),
    // with what its expressions see: `$states.result` in the top-level `Output` and `Assign`
    // of a state with a result, `$states.errorOutput` in a Catcher's.
    let roots = jsonata_fields::roots(state, at);
    let mut fields: Vec<(Pointer, &JsonataString, states_paths::Scope<'_>)> = Vec::new();
    for root in &roots {
        let scope = match root.access {
            StatesAccess::Plain
                if matches!(state, State::Map(_)) && is_selector(at, &root.pointer) =>
            {
                selector
            }
            StatesAccess::Plain => before,
            StatesAccess::Result => after,
            StatesAccess::ErrorOutput => caught,
        };
        let expressions: Vec<(Pointer, &JsonataString)> = match root.body {
            Body::Value(v) => v
                .expressions()
                .iter()
                .map(|(relative, e)| (root.pointer.join(relative), e))
                .collect(),
            Body::Object(m) => m
                .expressions()
                .iter()
                .map(|(relative, e)| (root.pointer.join(relative), e))
                .collect(),
            Body::Expr(e) => vec![(root.pointer.clone(), e)],
        };
        fields.extend(expressions.into_iter().map(|(p, e)| (p, e, scope)));
        probe.field_type(state, at, root, scope);
    }
    for (p, expression, scope) in fields {
        let Ok(expression) = expression.expression() else {
            continue;
        };
        let refs = expression.references();
        for path in &refs.variable_paths {
            let Some((root, segments)) = states_paths::root_and_segments(path) else {
                continue;
            };
            let source = match &root {
                states_paths::Root::Input => Source::Input,
                states_paths::Root::Result => Source::Result,
                states_paths::Root::Variable(name) => Source::Variable(name.clone()),
                states_paths::Root::Context => match segments.first() {
                    Some(Segment::Child(first)) if first == "Map" => Source::MapContext,
                    _ => Source::Context,
                },
                states_paths::Root::ErrorOutput => Source::Error,
            };
            let shown = path.to_string();
            probe.report(
                scope.select(&root, &segments),
                &shown,
                None,
                p.clone(),
                source,
            );
        }
        let failures = jsonata_types::infer(expression, scope).failures;
        let found_joined = !failures.is_empty();
        for failure in failures {
            probe.jsonata_failure(failure, &p, None);
        }
        if !found_joined {
            probe.jsonata_failure_on_one_way(expression, scope, &p);
        }
    }
}

/// Whether an intrinsic function's parameter of kind `wanted` takes a value of type `t`.
fn takes(wanted: Parameter, t: &DataType) -> bool {
    // A child's output or its error: either may be there.
    if let DataType::Outcome(success) = t {
        return takes(wanted, success) || matches!(wanted, Parameter::Object);
    }
    match wanted {
        Parameter::String => t.is_string(),
        Parameter::Integer => matches!(t, DataType::Integer | DataType::Number),
        Parameter::Bool => matches!(t, DataType::Bool),
        Parameter::Array => t.is_array(),
        Parameter::Object => matches!(
            t,
            DataType::Object(_) | DataType::Partial(_) | DataType::Map(_)
        ),
    }
}

/// Whether `pointer` is the item selector of the Map state at `at` (`ItemSelector`, or the
/// deprecated `Parameters`).
fn is_selector(at: &Pointer, pointer: &Pointer) -> bool {
    matches!(
        pointer.as_str().strip_prefix(at.as_str()),
        Some("/ItemSelector" | "/Parameters")
    )
}

/// A way into a state, as the end of a sentence: `from `S``, `from the first Catcher of `S`,
/// whose output is …`; `None` for the scope's entry.
fn way_in(scope: &Scope<'_>, came: super::Came<'_>) -> Option<String> {
    match came {
        super::Came::Caught(from, i) => {
            let nth = match i {
                0 => "first".to_owned(),
                1 => "second".to_owned(),
                2 => "third".to_owned(),
                n => format!("{}th", n + 1),
            };
            let state = scope.states.get(from);
            let catcher = state.and_then(State::catchers).and_then(|c| c.get(i));
            let jsonata = state.is_some_and(|state| is_jsonata(scope, state));
            // `ResultPath: null` hands the state's input on, the error output dropped; a
            // JSONata Catcher hands on its `Output`, else the error output.
            let output = match (jsonata, catcher) {
                (true, Some(c)) if c.output.is_some() => "which built its output",
                (true, _) => "whose output is the error output `{Error, Cause}`",
                (false, Some(c)) if matches!(c.result_path, Some(PathOrNull::Null)) => {
                    "which hands on its state's input"
                }
                (false, _) => {
                    "whose output is the error output `{Error, Cause}`, where the Catcher puts it"
                }
            };
            Some(format!("from the {nth} Catcher of `{from}`, {output}"))
        }
        super::Came::Next(from) => Some(format!("from `{from}`")),
        super::Came::Entry => None,
    }
}

/// Whether a value of type `t` can be compared by an operator of `family`.
fn fits(family: OperatorFamily, t: &DataType) -> bool {
    matches!(
        (family, t),
        (OperatorFamily::TypeTest, _)
            | (_, DataType::Any)
            | (
                OperatorFamily::String | OperatorFamily::Timestamp,
                DataType::String | DataType::Timestamp
            )
            | (
                OperatorFamily::Numeric,
                DataType::Integer | DataType::Number
            )
            | (OperatorFamily::Boolean, DataType::Bool)
    )
}

/// What an operator compares as, in words.
fn family_word(family: OperatorFamily) -> &'static str {
    match family {
        OperatorFamily::String => "string",
        OperatorFamily::Numeric => "number",
        OperatorFamily::Boolean => "boolean",
        OperatorFamily::Timestamp => "timestamp",
        OperatorFamily::TypeTest => "value",
    }
}

/// Reports the paths of one state that select nothing.
struct Probe<'c, 'o, 'a> {
    cx: &'c mut Cx<'o>,
    scopes: &'a [Scope<'a>],
    scope: &'a Scope<'a>,
    flow: &'a Flow<'a>,
    state: &'a str,
    /// The state's ways in, each with what it carries, once asked for ([`Probe::ways`]).
    ways: std::cell::OnceCell<Vec<Way>>,
    /// The same for a Choice state's rules of their own ([`Probe::test`]), once asked for.
    choice_ways: std::cell::OnceCell<std::rc::Rc<Vec<Way>>>,
}

/// One way into a state of several, from another state of its scope: the input and the
/// variables it carries, and the way in words (the end of a sentence: `from `S``).
pub(crate) struct Way {
    /// The input that way (before the state's `InputPath`).
    pub input: DataType,
    /// The variables that way.
    pub vars: Vars,
    /// The way, in words.
    pub shown: String,
}

/// The ways into `state` of `scope`, when there are several, each with what it carries: where
/// a value's type is unknown once the ways are joined (a string one way, a number another; a
/// result of unknown type one way), it may be certain on one of them, and a mistake that way
/// is judged with that way's types.
pub(crate) fn ways_into(scope: &Scope<'_>, flow: &Flow<'_>, state: &str) -> Vec<Way> {
    let Some(ways) = flow.from.get(state).filter(|w| w.len() > 1) else {
        return Vec::new();
    };
    ways.iter()
        .filter_map(|came| {
            let (input, vars) = super::edge_input(scope, flow, state, *came)?;
            let shown = way_in(scope, *came)?;
            Some(Way { input, vars, shown })
        })
        .collect()
}

impl Probe<'_, '_, '_> {
    /// Whether the state's effective input is its input (no `InputPath`, or `$`).
    fn effective_is_input(&self) -> bool {
        self.scope.states.get(self.state).is_some_and(|s| {
            !matches!(s.input_path(), Some(PathOrNull::Path(p)) if p != "$")
                && !matches!(s.input_path(), Some(PathOrNull::Null))
        })
    }

    /// Where the state's input comes from, as a sentence after the message.
    fn origin(&self) -> Message {
        origin(self.flow, self.state, self.scope, self.scopes)
    }

    /// Every `.$` path of a template (an object; anything else has none), as decoded.
    fn template<T: JsonRoots>(
        &mut self,
        env: Env<'_>,
        template: &ParsedJson<T>,
        at: Pointer,
        source: Source,
    ) {
        let Some(object) = template.object() else {
            return;
        };
        let decoded = |text: &str| template.path(text);
        for (keys, path) in template::paths(object, &decoded) {
            let pointer = keys.iter().fold(at.clone(), |p, k| p.key(k));
            self.path_of(env, &path, pointer, source.clone());
        }
        // The context object's fields, where `env` knows them.
        if env.context.is_some() {
            for (keys, path) in template::context_paths(object, &decoded) {
                let pointer = keys.iter().fold(at.clone(), |p, k| p.key(k));
                self.path_of(env, &path, pointer, Source::Context);
            }
        }
        self.intrinsic_args(env, object, &decoded, &at, &source);
    }

    /// The path arguments of the intrinsic calls of `template` (at `at`, read from `env`, which
    /// `source` names) hold values of the types their functions take.
    fn intrinsic_args(
        &mut self,
        env: Env<'_>,
        template: &serde_json::Map<String, serde_json::Value>,
        decoded: &template::Decoded<'_>,
        at: &Pointer,
        source: &Source,
    ) {
        for (keys, function, index, path) in template::intrinsic_path_args(template, decoded) {
            let Some(wanted) = function.parameter(index) else {
                continue;
            };
            let Selected::Type(found) = select_in(env, &path) else {
                continue;
            };
            let text = path.source();
            // Where the types joined over the ways into the state are unknown (a loop's
            // counter, a string on the way in and a number around the loop), the way on which
            // the argument certainly has another type, as JSONata expressions are judged.
            let (found, way) = match found {
                DataType::Any => match self.intrinsic_arg_on_one_way(env, &path, source, wanted) {
                    Some((found, way)) => (found, Some(way)),
                    None => continue,
                },
                found if takes(wanted, &found) => continue,
                found => (found, None),
            };
            let pointer = keys.iter().fold(at.clone(), |p, k| p.key(k));
            // Where the value was read, for a path read from the input.
            let (place, from) = match (source, path.root == Root::Input) {
                (Source::Input | Source::Effective, true) => {
                    (message![" in ", self.input_name(true)], self.origin())
                }
                (Source::Result, true) => (
                    format!(" in the result of `{}`", self.state).into(),
                    Message::default(),
                ),
                (_, false) => match &path.root {
                    Root::Variable(name) => (Message::default(), self.assigned_by(name)),
                    _ => (Message::default(), Message::default()),
                },
                _ => (Message::default(), Message::default()),
            };
            let when = match &way {
                Some(way) => format!(
                    " when `{}` is entered {way} (other ways in give other types)",
                    self.state
                ),
                None => String::new(),
            };
            self.cx.error(
                Code::PathSelectsNothing,
                pointer,
                message![
                    NamingInput(format!(
                        "argument {} of `{function}` must be {}, but `{text}` is {}",
                        index + 1,
                        wanted.describe(),
                        found.describe(),
                    )),
                    place,
                    when,
                    "; the state would fail",
                    from
                ],
            );
        }
    }

    /// The type an intrinsic function's argument `path` (read from `env`, named by `source`)
    /// certainly has on one way into the state where its function does not take it, with the
    /// way (the end of a sentence: `from `S``). Only paths of the input (as the state's
    /// `Parameters` read it) and of the variables differ from way to way.
    fn intrinsic_arg_on_one_way(
        &self,
        env: Env<'_>,
        path: &Path,
        source: &Source,
        wanted: Parameter,
    ) -> Option<(DataType, String)> {
        let from_input =
            path.root == Root::Input && matches!(source, Source::Input | Source::Effective);
        let from_variable = matches!(path.root, Root::Variable(_));
        if !from_input && !from_variable {
            return None;
        }
        let state = self.scope.states.get(self.state)?;
        self.ways().iter().find_map(|way| {
            let effective;
            let input = match source {
                Source::Effective if from_input => {
                    effective = effective_input(state, &way.input);
                    &effective
                }
                _ if from_input => &way.input,
                _ => env.input,
            };
            let on_way = Env {
                input,
                vars: &way.vars,
                ..env
            };
            match select_in(on_way, path) {
                Selected::Type(t) if t != DataType::Any && !takes(wanted, &t) => {
                    Some((t, way.shown.clone()))
                }
                _ => None,
            }
        })
    }

    /// A path field read from `env` (`source` names `$`; a variable names itself).
    fn path(&mut self, env: Env<'_>, field: &PathString, pointer: Pointer, source: Source) {
        if let Ok(path) = field.path() {
            self.path_of(env, path, pointer, source);
        }
    }

    /// A JSONPath path read from `env` (`source` names `$`; a variable names itself).
    fn path_of(&mut self, env: Env<'_>, path: &Path, pointer: Pointer, source: Source) {
        let source = match &path.root {
            Root::Variable(name) => Source::Variable(name.clone()),
            Root::Context if matches!(path.segments.first(), Some(Segment::Child(f)) if f == "Map") => {
                Source::MapContext
            }
            Root::Context => Source::Context,
            _ => source,
        };
        let miss = super::types::select_in_borrowed(env, path)
            .err()
            .unwrap_or(Selected::Type(DataType::Any));
        if matches!(miss, Selected::Type(_)) {
            self.fails_on_one_way(env, path, &pointer, &source);
            return;
        }
        if matches!(miss, Selected::Missing { step: 0, .. })
            && self.dropped_by_a_result(env, path, &pointer, &source)
        {
            return;
        }
        self.report(miss, path.source(), top_field(path), pointer, source);
    }

    /// The ways into the state, when there are several and it is no Choice state (whose rules
    /// may test a value's presence or type before another reads it), each with what it
    /// carries; computed once per state, for every read checked way by way.
    fn ways(&self) -> &[Way] {
        self.ways.get_or_init(|| {
            let choice = matches!(self.scope.states.get(self.state), Some(State::Choice(_)));
            if choice {
                return Vec::new();
            }
            ways_into(self.scope, self.flow, self.state)
        })
    }

    /// A path of the input that selects something on some ways into the state, but certainly
    /// nothing on another (the input that way is known, and lacks the field): the state fails
    /// whenever it is entered that way, e.g. from a Catcher whose error output replaced the
    /// input. Reported once, naming that way. Choice states are left alone: their rules may
    /// test a field's presence before reading it.
    fn fails_on_one_way(
        &mut self,
        env: Env<'_>,
        path: &Path,
        pointer: &Pointer,
        source: &Source,
    ) -> bool {
        if path.root != Root::Input || !matches!(source, Source::Input | Source::Effective) {
            return false;
        }
        let Some(state) = self.scope.states.get(self.state) else {
            return false;
        };
        let found = self.ways().iter().find_map(|way| {
            let effective;
            let input = match source {
                Source::Effective => {
                    effective = effective_input(state, &way.input);
                    &effective
                }
                _ => &way.input,
            };
            match super::types::select_in_borrowed(Env { input, ..env }, path) {
                Err(miss @ Selected::Missing { .. }) => Some((miss, way.shown.clone())),
                _ => None,
            }
        });
        if let Some((miss, way)) = found {
            let count = self.cx.diagnostics.len();
            self.report(
                miss,
                path.source(),
                top_field(path),
                pointer.clone(),
                source.clone(),
            );
            if let Some(d) = self.cx.diagnostics.get_mut(count) {
                // Plain text after the message's terms keeps their ranges.
                d.message.push_str(&format!(
                    " (when `{}` is entered {way}; other ways in have it, so it fails only that way)",
                    self.state
                ));
            }
            return true;
        }
        false
    }

    /// A field of the input that an AWS SDK task's result replaced: `$.partitions` after a
    /// task calling `glue:startCrawler` without a `ResultPath`, where `partitions` was in the
    /// task's input and is no member of the answer the API model gives: the input the task
    /// threw away, which the state reading it cannot find on AWS. Said, in place of the
    /// missing field's plain message, when every way into the state comes from such tasks;
    /// `true` when said.
    fn dropped_by_a_result(
        &mut self,
        env: Env<'_>,
        path: &Path,
        pointer: &Pointer,
        source: &Source,
    ) -> bool {
        let from_input = match source {
            Source::Input => true,
            Source::Effective => self.effective_is_input(),
            _ => false,
        };
        let (
            true,
            Root::Input,
            Some(Segment::Child(field)),
            DataType::Object(fields) | DataType::Partial(fields),
        ) = (from_input, &path.root, path.segments.first(), env.input)
        else {
            return false;
        };
        if fields.contains_key(field) {
            return false;
        }
        let Some(writers) = field_writers(self.flow, self.state, self.scope, field) else {
            return false;
        };
        let mut tasks = Vec::new();
        for writer in &writers {
            let Some(State::Task(task)) = self.scope.states.get(*writer) else {
                return false;
            };
            let replaces = task.result_selector.is_none()
                && task.output_path.is_none()
                && match &task.result_path {
                    None => true,
                    Some(PathOrNull::Path(p)) => p.path().is_ok_and(Path::is_whole_input),
                    Some(PathOrNull::Null) => false,
                };
            let Some(integration) = task.resource.integration() else {
                return false;
            };
            let answered = match super::results::task_result(&task.resource) {
                DataType::Object(members) | DataType::Partial(members) => members,
                _ => return false,
            };
            let had_it = matches!(
                self.flow.input.get(*writer),
                Some(DataType::Object(before) | DataType::Partial(before)) if before.contains_key(field)
            );
            if !replaces || answered.contains_key(field) || !had_it {
                return false;
            }
            tasks.push((*writer, integration, answered));
        }
        let described: Vec<String> = tasks
            .iter()
            .map(|(writer, integration, answered)| {
                let keys: Vec<&str> = answered.keys().map(String::as_str).collect();
                let members: Vec<String> = closest(field, &keys, LISTED_FIELDS)
                    .iter()
                    .map(|m| format!("`{m}`"))
                    .collect();
                let has = if members.is_empty() {
                    "no fields".to_owned()
                } else {
                    members.join(", ")
                };
                format!(
                    "`{writer}` replaced its input with its result, the answer of `{}`, which has {has}",
                    integration.path()
                )
            })
            .collect();
        let text = path.source();
        let shown = writers
            .iter()
            .map(|w| format!("`{w}`"))
            .collect::<Vec<_>>()
            .join(" and ");
        self.cx.diagnostics.push(
            Diagnostic::error(
                Code::PathSelectsNothing,
                pointer.clone(),
                message![
                    format!(
                        "`{text}` selects nothing: `{field}` was in the input of {shown} but not after it: {}; the state would fail. Keep the input with a ",
                        described.join("; ")
                    ),
                    Field::ResultPath,
                    format!(" on {shown} (`null` hands the input on; a field such as `$.answer` puts the answer there)")
                ],
            )
            .on_path_step(0),
        );
        true
    }

    /// A path field of the state at `at` (`key`: its place below the state, e.g.
    /// `ItemBatcher/MaxItemsPerBatchPath`) that must select something of the type the field
    /// requires (`field_types`): a value of another type fails the state on AWS.
    fn typed_path(&mut self, env: Env<'_>, field: &PathString, at: &Pointer, key: &str) {
        let pointer = key.split('/').fold(at.clone(), |p, k| p.key(k));
        self.path(env, field, pointer.clone(), Source::Effective);
        let Some(required) = field_types::required(key, false) else {
            return;
        };
        let Ok(path) = field.path() else { return };
        let text = field.text();
        let Selected::Type(found) = select_in(env, path) else {
            return;
        };
        if !field_types::misfit(required, &found, false) {
            return;
        }
        let name = key.rsplit('/').next().unwrap_or(key);
        let from = self.origin_of(field);
        let what = self.where_read(field);
        self.cx.warning(
            Code::FieldTypeMismatch,
            pointer,
            message![
                NamingInput(format!("`{text}` is {}", found.describe())),
                what,
                ", but ",
                field_named(name),
                format!(
                    " must select {}; the state would fail{}",
                    required.describe(),
                    field_types::fix(required, &found, false)
                ),
                from
            ],
        );
    }

    /// A JSONata field of the state at `at` (`root`, evaluated in `scope`) whose value must be
    /// of one type (`field_types`): the field's whole value (a Wait's `Seconds`, a Map's
    /// `Items`, a Task integration's `Arguments`, …), or a member of it (`Credentials`'
    /// `RoleArn`), judged against the type inferred for it; a value of another type fails the
    /// state with `States.QueryEvaluationError`.
    fn field_type(
        &mut self,
        state: &State,
        at: &Pointer,
        root: &JsonataRoot<'_>,
        scope: states_paths::Scope<'_>,
    ) {
        let key_of = |p: &Pointer| {
            p.as_str()
                .strip_prefix(at.as_str())
                .map(|k| k.trim_start_matches('/').to_owned())
        };
        // A Task's `Arguments` are an API's parameters only where it calls an integration (a
        // Lambda function's or an activity's ARN takes any JSON as its input).
        let requires = |key: &str| match key.split('/').collect::<Vec<_>>().as_slice() {
            ["Arguments"] => matches!(state, State::Task(t) if t.resource.integration().is_some())
                .then_some(Required::Object),
            // A Choice rule's `Condition`.
            ["Choices", _, "Condition"] => field_types::required("Condition", true),
            _ => field_types::required(key, true),
        };
        match root.body {
            Body::Expr(expression) => {
                if let Some(key) = key_of(&root.pointer)
                    && let Some(required) = requires(&key)
                {
                    let found = states_paths::expression_type(expression, scope);
                    self.misfit_value(&root.pointer, &key, required, &found, Some(expression));
                }
            }
            Body::Value(value) => {
                if let Some(key) = key_of(&root.pointer)
                    && let Some(required) = requires(&key)
                {
                    let found = states_paths::value_type(value, scope);
                    let whole = value
                        .json()
                        .as_str()
                        .and_then(|text| value.expression(text));
                    self.misfit_value(&root.pointer, &key, required, &found, whole);
                }
            }
            Body::Object(object) => {
                for (relative, expression) in object.expressions() {
                    let pointer = root.pointer.join(relative);
                    if let Some(key) = key_of(&pointer)
                        && let Some(required) = requires(&key)
                    {
                        let found = states_paths::expression_type(expression, scope);
                        self.misfit_value(&pointer, &key, required, &found, Some(expression));
                    }
                }
            }
        }
    }

    /// Reports a JSONata field's value (at `pointer`, the field `key` below the state; the
    /// expression that is its whole value, where it is one) of type `found` where it certainly
    /// does not fit `required`.
    fn misfit_value(
        &mut self,
        pointer: &Pointer,
        key: &str,
        required: Required,
        found: &DataType,
        expression: Option<&JsonataString>,
    ) {
        if !field_types::misfit(required, found, true) {
            return;
        }
        let plain = expression.and_then(states_paths::plain_path);
        let subject = match (&plain, expression.and_then(JsonataString::body)) {
            (Some(_), Some(body)) => format!("`{}` is", body.trim()),
            (None, Some(_)) => "this JSONata expression gives".to_owned(),
            (_, None) => "the value is".to_owned(),
        };
        let origin = match plain.as_ref().map(|(root, _)| root) {
            Some(states_paths::Root::Input) => self.origin(),
            Some(states_paths::Root::Variable(name)) => self.assigned_by(name),
            _ => Message::default(),
        };
        let name = key.rsplit('/').next().unwrap_or(key);
        // Items from an object: the arrays inside it, where it has some.
        let inside = match (required, found, expression.and_then(JsonataString::body)) {
            (Required::Array, DataType::Object(fields) | DataType::Partial(fields), Some(body))
                if plain.is_some() =>
            {
                let arrays: Vec<String> = fields
                    .iter()
                    .filter(|(_, (t, _))| t.is_array())
                    .map(|(k, _)| format!("`{}.{k}`", body.trim()))
                    .collect();
                (!arrays.is_empty()).then(|| format!("; iterate over {}", arrays.join(" or ")))
            }
            _ => None,
        };
        let fix = inside.unwrap_or_else(|| field_types::fix(required, found, true).to_owned());
        self.cx.warning(
            Code::FieldTypeMismatch,
            pointer.clone(),
            message![
                NamingInput(format!("{subject} {}", found.describe())),
                ", but ",
                field_named(name),
                format!(
                    " must be {}; the state would fail with `States.QueryEvaluationError`{fix}",
                    required.describe(),
                ),
                origin
            ],
        );
    }

    /// A Choice data test: its paths select something, and compare values of a type they
    /// can have.
    fn test(&mut self, env: Env<'_>, t: &DataTest, at: &Pointer) {
        if t.operator.relation() == Relation::IsPresent {
            return;
        }
        self.path(env, &t.variable, at.key("Variable"), Source::Effective);
        if let Operand::Path(p) = &t.operand {
            self.path(env, p, at.key(t.operator.as_str()), Source::Effective);
        }
        if self.comparison_never_matches(env, t, at, None) {
            return;
        }
        // A rule of its own (not inside `And`, `Or` or `Not`, where a type test may guard it)
        // whose values' types are unknown where the ways in meet, but known and of another
        // type on one of them: it never matches when the state is entered that way.
        let segments: Vec<String> = at.segments().collect();
        let top_level = segments.len() >= 2 && segments[segments.len() - 2] == "Choices";
        let unknown = |field: &PathString| {
            field
                .path()
                .is_ok_and(|p| matches!(select_in(env, p), Selected::Type(DataType::Any)))
        };
        let some_unknown =
            unknown(&t.variable) || matches!(&t.operand, Operand::Path(p) if unknown(p));
        if !top_level || !some_unknown {
            return;
        }
        let Some(state) = self.scope.states.get(self.state) else {
            return;
        };
        let ways = std::rc::Rc::clone(
            self.choice_ways
                .get_or_init(|| std::rc::Rc::new(ways_into(self.scope, self.flow, self.state))),
        );
        for way in ways.iter() {
            let effective = effective_input(state, &way.input);
            let on_way = Env {
                input: &effective,
                vars: &way.vars,
                ..env
            };
            if self.comparison_never_matches(on_way, t, at, Some(&way.shown)) {
                return;
            }
        }
    }

    /// Reports the data test `t` (at `at`) when, read from `env`, its `Variable` or its `…Path`
    /// operand is certainly of a type its operator does not compare (a `String…` operator and
    /// a number, …): the rule never matches (AWS evaluates it false: recorded,
    /// `choice_operators.test_numeric__test_numeric_equals_path_*` in `../shared/aws-recorded`).
    /// `way` names the way into the state the types are those of, where only that way's are
    /// known. `true` when reported.
    fn comparison_never_matches(
        &mut self,
        env: Env<'_>,
        t: &DataTest,
        at: &Pointer,
        way: Option<&str>,
    ) -> bool {
        let family = t.operator.family();
        let typed = |field: &PathString| match field.path().map(|p| select_in(env, p)) {
            Ok(Selected::Type(found)) => found,
            _ => DataType::Any,
        };
        let variable = typed(&t.variable);
        let operand = match &t.operand {
            Operand::Path(p) => Some(typed(p)),
            _ => None,
        };
        let when = match way {
            Some(way) => format!(
                " when `{}` is entered {way} (other ways in give other types)",
                self.state
            ),
            None => String::new(),
        };
        // AWS accepts the definition and the rule is false on every run: a warning here, an
        // error in the `workflow!` language (as `COMPARISON_TYPE_MISMATCH` is for JSONata).
        if !fits(family, &variable) {
            let from = self.where_read(&t.variable);
            let (with, pointer) = match &t.operand {
                Operand::Path(p) => (
                    format!("as {} with `{p}`", indefinite(family_word(family))),
                    at.key("Variable"),
                ),
                other => (
                    format!("with the {} {}", operand_word(t.operator), shown(other)),
                    at.key(t.operator.as_str()),
                ),
            };
            let message = message![
                NamingInput(format!("`{}` is {}", t.variable, variable.describe())),
                from,
                when,
                NamingInput(format!(" but is compared {with}, which it can never match")),
                self.origin_of(&t.variable)
            ];
            let diagnostic = Diagnostic::warning(Code::ComparisonTypeMismatch, pointer, message);
            // At the field the path ends with, where the operand is a path.
            let diagnostic = match (&t.operand, last_step(&t.variable)) {
                (Operand::Path(_), Some(step)) => diagnostic.on_path_step(step),
                _ => diagnostic,
            };
            self.cx.diagnostics.push(diagnostic);
            return true;
        }
        if let (Some(found), Operand::Path(p)) = (operand, &t.operand)
            && !fits(family, &found)
        {
            let from = self.where_read(p);
            let message = message![
                NamingInput(format!("`{p}` is {}", found.describe())),
                from,
                when,
                NamingInput(format!(
                    " but `{}` is compared with it as {}, which it can never match",
                    t.variable,
                    indefinite(family_word(family)),
                )),
                self.origin_of(p)
            ];
            let diagnostic = Diagnostic::warning(
                Code::ComparisonTypeMismatch,
                at.key(t.operator.as_str()),
                message,
            );
            let diagnostic = match last_step(p) {
                Some(step) => diagnostic.on_path_step(step),
                None => diagnostic,
            };
            self.cx.diagnostics.push(diagnostic);
            return true;
        }
        false
    }

    /// A type error an expression certainly makes on one way into the state, where the way's
    /// types are known and the join of all ways is not (a variable a loop assigns a string
    /// before it and a number in it): reported once, naming that way. `scope` is what the
    /// expression reads with the types joined; each way replaces its input and variables.
    fn jsonata_failure_on_one_way(
        &mut self,
        expression: &workflow_jsonata::Jsonata,
        scope: states_paths::Scope<'_>,
        pointer: &Pointer,
    ) {
        let found = self.ways().iter().find_map(|way| {
            let on_way = states_paths::Scope {
                input: &way.input,
                vars: &way.vars,
                ..scope
            };
            jsonata_types::infer(expression, on_way)
                .failures
                .into_iter()
                .find(|f| matches!(f.kind, FailureKind::TypeError { .. }))
                .map(|failure| (failure, way.shown.clone()))
        });
        if let Some((failure, way)) = found {
            self.jsonata_failure(failure, pointer, Some(way));
        }
    }

    /// An evaluation of a JSONata expression that certainly fails, or a comparison that never
    /// holds (`jsonata_types`: JSONata's type rules), as a diagnostic at `pointer`; `way`
    /// names the way into the state on which it fails, where it fails only there. A
    /// comparison of values of different types (JSONata, "Comparison Operators"): `=` never
    /// holds and `!=` always does, since values of different types are never equal; `<`, `<=`,
    /// `>` and `>=` take two numbers or two strings, else the expression fails (error T2009 or
    /// T2010), and the state with `States.QueryEvaluationError`. A type error (`T2001`,
    /// `T0410`, …) fails the state the same way.
    fn jsonata_failure(
        &mut self,
        failure: jsonata_types::Failure,
        pointer: &Pointer,
        way: Option<String>,
    ) {
        use states_paths::Root as JsonataRoot;
        let origin_of = |probe: &Self, root: &Option<JsonataRoot>| match root {
            Some(JsonataRoot::Variable(name)) => probe.assigned_by(name),
            Some(JsonataRoot::Input) => probe.origin(),
            _ => Message::default(),
        };
        let message = match failure.kind {
            FailureKind::Comparison {
                subject,
                root,
                found,
                op,
                other,
                other_type,
                other_root,
                problem,
            } => {
                let from = match root {
                    Some(JsonataRoot::Input) => message![" in ", self.input_name(false)],
                    _ => Message::default(),
                };
                let other_is = match other_type {
                    Some(t) => format!(" ({})", t.describe()),
                    None => String::new(),
                };
                // Where each side's value was assigned, when it is a variable.
                let other_origin = match (&other_root, &root) {
                    (Some(JsonataRoot::Variable(_)), _) if other_root != root => {
                        origin_of(self, &other_root)
                    }
                    _ => Message::default(),
                };
                message![
                    NamingInput(format!("`{subject}` is {}", found.describe())),
                    from,
                    NamingInput(format!(
                        " but is compared with `{} {other}`{other_is}, {problem}",
                        op.symbol()
                    )),
                    origin_of(self, &root),
                    other_origin
                ]
            }
            FailureKind::TypeError {
                code,
                message: text,
                root,
                unless,
                ..
            } => {
                let origin = origin_of(self, &root);
                let (always, mut when) = match (&way, &unless) {
                    (Some(way), _) => (
                        format!("fails ({code}) whenever `{}` is entered {way}", self.state),
                        ", though other ways in give other types".to_owned(),
                    ),
                    (None, Some(_)) => (format!("fails ({code})"), String::new()),
                    (None, None) => (format!("always fails ({code})"), String::new()),
                };
                if let Some(unless) = &unless {
                    when.push_str(&format!(" unless {unless}"));
                }
                // AWS accepts the definition and fails the execution: a warning here, an
                // error in the `workflow!` language (as `TASK_TOKEN_NOT_PASSED`).
                self.cx.warning(
                    Code::JsonataTypeError,
                    pointer.clone(),
                    message![
                        NamingInput(format!(
                            "this JSONata expression {always}{when}, and the state with `States.QueryEvaluationError`: {text}"
                        )),
                        origin
                    ],
                );
                return;
            }
        };
        // AWS accepts the definition: `=` is false and `!=` true on every run, and an ordering
        // fails the state with `States.QueryEvaluationError` (`{% 1 < 'a' %}`: JSONata's T2009,
        // "JSONata expression evaluation errors" in AWS's error handling documentation). A
        // warning here, an error in the `workflow!` language, as `JSONATA_TYPE_ERROR` is.
        self.cx
            .warning(Code::ComparisonTypeMismatch, pointer.clone(), message);
    }

    /// ` in the input of `S`` (after its InputPath) for a path of `$`; nothing for a variable.
    fn where_read(&self, field: &PathString) -> Message {
        match field.path().map(|p| &p.root) {
            Ok(Root::Variable(_)) => Message::default(),
            _ => message![" in ", self.input_name(true)],
        }
    }

    /// `the input of `S`` (`effective`: `… after its `InputPath` `$.x``, when it has one).
    fn input_name(&self, effective: bool) -> Message {
        let input_path = self
            .scope
            .states
            .get(self.state)
            .and_then(State::input_path);
        match input_path {
            Some(PathOrNull::Path(p)) if effective && p != "$" => message![
                format!("the input of `{}` after its ", self.state),
                Field::InputPath,
                format!(" `{p}`")
            ],
            Some(PathOrNull::Null) if effective => message![
                format!("the input of `{}` after its ", self.state),
                Field::InputPath,
                " null"
            ],
            _ => format!("the input of `{}`", self.state).into(),
        }
    }

    /// The names of what holds the object at `prefix` (read from `source`), for suggesting a
    /// member written with its owner's words added or left out
    /// ([`workflow_text::suggest::did_you_mean_in`]): the field that holds it (`JobRun` of
    /// `$.JobRun`), and the action and result shape of the Tasks whose result it may be (the
    /// state itself for its own result; the Tasks it is entered from for its input).
    fn owner_names(&self, prefix: &str, source: &Source) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(last) = prefix.rsplit('.').next()
            && !last.starts_with('$')
            && last.chars().all(|c| c.is_alphanumeric() || c == '_')
        {
            out.push(last.to_owned());
        }
        let root = !prefix.contains('.') || matches!(prefix, "$states.input" | "$states.result");
        let tasks: Vec<&str> = match source {
            Source::Result => vec![self.state],
            Source::Input | Source::Effective if root => self
                .flow
                .from
                .get(self.state)
                .map(|came| {
                    came.iter()
                        .filter_map(|c| match c {
                            super::Came::Next(from) => Some(*from),
                            _ => None,
                        })
                        .collect()
                })
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        for name in tasks {
            let Some(State::Task(task)) = self.scope.states.get(name) else {
                continue;
            };
            let Some(integration) = task.resource.integration() else {
                continue;
            };
            out.push(integration.action());
            if let Some(shape) = integration.result().and_then(|s| s.name()) {
                out.push(shape.to_owned());
            }
        }
        out
    }

    /// The origin sentence for a path: the input's, or the variable's assigners.
    fn origin_of(&self, field: &PathString) -> Message {
        match field.path().map(|p| &p.root) {
            Ok(Root::Variable(name)) => self.assigned_by(name),
            _ => self.origin(),
        }
    }

    /// ` `$name` is assigned by `A` and `B`.` (empty when no assigner is found).
    fn assigned_by(&self, name: &str) -> Message {
        let by = assigners(self.scopes, self.scope, name);
        if by.is_empty() {
            return Message::default();
        }
        let names: Vec<String> = by.iter().map(|s| format!("`{s}`")).collect();
        format!(". `${name}` is assigned by {}", names.join(", ")).into()
    }

    /// Reports what a path (`text`, reading the input's `top` field first when it is a
    /// JSONPath path that does) selects, when it selects nothing.
    fn report(
        &mut self,
        selected: Selected,
        text: &str,
        top: Option<&str>,
        pointer: Pointer,
        source: Source,
    ) {
        let (what, after) = match &source {
            Source::Input => (
                self.input_name(false),
                match top {
                    Some(field) => message![
                        self.origin(),
                        field_origin(self.flow, self.state, self.scope, field)
                    ],
                    None => self.origin(),
                },
            ),
            // The effective input is the input itself without an `InputPath`.
            Source::Effective => (
                self.input_name(true),
                match (top, self.effective_is_input()) {
                    (Some(field), true) => message![
                        self.origin(),
                        field_origin(self.flow, self.state, self.scope, field)
                    ],
                    _ => self.origin(),
                },
            ),
            Source::Result => (
                format!("the result of `{}`", self.state).into(),
                Message::default(),
            ),
            Source::Output => (
                message![
                    format!("the output of `{}` before ", self.state),
                    Field::OutputPath
                ],
                Message::default(),
            ),
            Source::Error => (
                format!("the error output `{{Error, Cause}}` of `{}`", self.state).into(),
                Message::default(),
            ),
            Source::Variable(name) => (
                format!("the variable `${name}`").into(),
                self.assigned_by(name),
            ),
            Source::Context => (
                "the context object".into(),
                message![
                    ". The context object holds `Execution`, `State`, `StateMachine` and `Task` (and `Map` in a Map state's ",
                    Field::ItemSelector,
                    "), as AWS documents it"
                ],
            ),
            Source::MapContext => (
                format!(
                    "the context object of Map state `{}`'s iterations",
                    self.state
                )
                .into(),
                format!(
                    ". `{}.Map.Item.Value` is an item of the array Map state `{}` iterates over",
                    if text.starts_with("$states.context") {
                        "$states.context"
                    } else {
                        "$$"
                    },
                    self.state
                )
                .into(),
            ),
        };
        let (message, step) = match selected {
            Selected::Type(_) => return,
            Selected::NotAnArray {
                prefix,
                step,
                found,
            } => (
                message![
                    format!(
                        "`{text}` selects nothing: it indexes `{prefix}`, which is {found} in "
                    ),
                    what,
                    ", not an array",
                    after
                ],
                step,
            ),
            Selected::NotAnObject {
                field,
                prefix,
                step,
            } => (
                message![
                    format!(
                        "`{text}` selects nothing: it reads the field `{field}` of `{prefix}`, which is an array in "
                    ),
                    what,
                    format!(", not an object; pick an item first, e.g. `{prefix}[0].{field}`"),
                    after
                ],
                step,
            ),
            Selected::NotAContainer {
                field,
                prefix,
                step,
                found,
            } => {
                let fix = if found == "a string" {
                    let jsonata = self
                        .scope
                        .states
                        .get(self.state)
                        .is_some_and(|state| is_jsonata(self.scope, state));
                    let parse = if jsonata {
                        format!("`$parse({prefix}).{field}`")
                    } else {
                        format!("`States.StringToJson({prefix})` first")
                    };
                    format!("; if it holds JSON text, parse it: {parse}")
                } else {
                    String::new()
                };
                (
                    message![
                        format!(
                            "`{text}` selects nothing: it reads the field `{field}` of `{prefix}`, which is {found} in "
                        ),
                        what,
                        format!(", not an object{fix}"),
                        after
                    ],
                    step,
                )
            }
            Selected::PastEnd {
                prefix,
                step,
                index,
                len,
            } => (
                message![
                    format!("`{text}` selects nothing: `{prefix}` in "),
                    what,
                    format!(
                        " is an array of {len} element{} (a Parallel state's result holds one per branch), so index {index} is past its end; the last is `{prefix}[{}]`",
                        if len == 1 { "" } else { "s" },
                        len.saturating_sub(1)
                    ),
                    after
                ],
                step,
            ),
            Selected::Missing {
                field,
                prefix,
                step,
                available,
                nested,
            } => {
                let owner = self.owner_names(&prefix, &source);
                let owner: Vec<&str> = owner.iter().map(String::as_str).collect();
                (
                    missing_field(
                        text,
                        (&field, &prefix, &available, nested.as_deref()),
                        (&source, &owner),
                        (what, after),
                    ),
                    step,
                )
            }
        };
        self.cx
            .diagnostics
            .push(Diagnostic::error(Code::PathSelectsNothing, pointer, message).on_path_step(step));
    }
}

/// "`$.x.cuont` selects nothing: the input of `S` has no field `cuont` at `$.x`; did you mean
/// `count`? …": the message for a path reading `field`, which the object at `prefix` (with
/// the members `available`) cannot have.
fn missing_field(
    text: &str,
    (field, prefix, available, nested): (&str, &str, &[String], Option<&str>),
    (source, owner): (&Source, &[&str]),
    (what, after): (Message, Message),
) -> Message {
    let names: Vec<&str> = available.iter().map(String::as_str).collect();
    let is_root = prefix == "$"
        || prefix == "$$"
        || prefix == "$states.input"
        || prefix == "$states.result"
        || prefix == "$states.context"
        || matches!(source, Source::Variable(name) if prefix == format!("${name}"));
    let place = if is_root {
        String::new()
    } else {
        format!(" at `{prefix}`")
    };
    // A started execution's description (`states:startExecution.sync`, `.sync:2`,
    // `aws-sdk:sfn:describeExecution`): the child's own output is its `Output`.
    let execution = ["ExecutionArn", "StateMachineArn", "Status", "Output"]
        .iter()
        .all(|member| names.contains(member));
    // The field one level down, in a member that holds it (an API's answer nests what it
    // describes: `$.TaskStatus` for `$.SynthesisTask.TaskStatus`), before a sibling whose name
    // is merely close.
    let nested_path = nested.map(|member| format!("{prefix}.{member}.{field}"));
    let fix = match (nested_path, did_you_mean_in(field, &names, owner)) {
        (Some(path), _) => format!("; did you mean `{path}`?"),
        (None, Some(best)) => format!("; did you mean `{best}`?"),
        (None, None) => match () {
            () if execution => format!(
                "; it is the description of a started execution, whose own output is its `Output`: did you mean `{prefix}.Output.{field}`?"
            ),
            () if names.is_empty() => "; it has no fields".to_owned(),
            // No one field is close enough: the eight closest, the best guess first (issue 45:
            // the first eight in order could leave the meant one out).
            () => {
                let shown = closest_in(field, &names, owner, LISTED_FIELDS);
                let more = names.len() - shown.len();
                format!(
                    "; it has {}{}",
                    shown
                        .iter()
                        .map(|n| format!("`{n}`"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    if more > 0 {
                        format!(" and {more} more")
                    } else {
                        String::new()
                    }
                )
            }
        },
    };
    let after = match after.strip_prefix(". ") {
        Some(sentence) if fix.ends_with('?') => message![" ", sentence],
        _ => after,
    };
    message![
        format!("`{text}` selects nothing: "),
        what,
        format!(" has no field `{field}`{place}{fix}"),
        after
    ]
}

/// `a string`, `an integer`, … for a word.
fn indefinite(word: &str) -> String {
    match word.chars().next() {
        Some('a' | 'e' | 'i' | 'o' | 'u') => format!("an {word}"),
        _ => format!("a {word}"),
    }
}

/// What a literal operand of `op` is, in words (`string`, `number`, `timestamp`, …).
fn operand_word(op: ComparisonOperator) -> &'static str {
    family_word(op.family())
}

/// A literal operand as written.
fn shown(operand: &Operand) -> String {
    match operand {
        Operand::String(s) => format!("`{}`", serde_json::Value::from(s.as_str())),
        Operand::Number(n) => format!("`{n}`"),
        Operand::Bool(b) => format!("`{b}`"),
        Operand::Path(p) => format!("`{p}`"),
    }
}

/// The index of the last step of a path field (`0` for `$.code`), where it has one.
fn last_step(field: &PathString) -> Option<usize> {
    field.path().ok()?.segments.len().checked_sub(1)
}

/// The top-level field a path reads: `config` of `$.config.Name` or `$['config'].Name`.
fn top_field(path: &Path) -> Option<&str> {
    match (&path.root, path.segments.first()) {
        (Root::Input, Some(Segment::Child(name))) if !name.is_empty() => Some(name),
        _ => None,
    }
}

/// The `…Path` fields of `state` whose value must be of one type (`field_types`), each with
/// its place below the state and its path: a Wait's `SecondsPath` and `TimestampPath`, a Task's
/// `TimeoutSecondsPath`, `HeartbeatSecondsPath` and `Credentials` role, a Map's
/// `MaxConcurrencyPath`, `ToleratedFailure…Path`, its batcher's and its reader's limits.
fn typed_paths<'s>(state: &'s State) -> Vec<(&'static str, &'s PathString)> {
    let mut out = Vec::new();
    let mut add = |key: &'static str, path: Option<&'s PathString>| {
        if let Some(path) = path {
            out.push((key, path));
        }
    };
    match state {
        State::Wait(w) => match &w.duration {
            WaitDuration::SecondsPath(p) => add("SecondsPath", Some(p)),
            WaitDuration::TimestampPath(p) => add("TimestampPath", Some(p)),
            _ => {}
        },
        State::Task(t) => {
            add(
                "TimeoutSecondsPath",
                t.timeout.as_ref().and_then(|v| v.path()),
            );
            add(
                "HeartbeatSecondsPath",
                t.heartbeat.as_ref().and_then(|v| v.path()),
            );
            let role = t.credentials.as_ref().and_then(|c| {
                let text = c.object()?.get("RoleArn.$")?.as_str()?;
                c.path(text)
            });
            add("Credentials/RoleArn.$", role);
        }
        State::Map(m) => {
            add(
                "MaxConcurrencyPath",
                m.max_concurrency.as_ref().and_then(|v| v.path()),
            );
            add(
                "ToleratedFailureCountPath",
                m.tolerated_failure_count.as_ref().and_then(|v| v.path()),
            );
            add(
                "ToleratedFailurePercentagePath",
                m.tolerated_failure_percentage
                    .as_ref()
                    .and_then(|v| v.path()),
            );
            if let Some(b) = &m.item_batcher {
                add(
                    "ItemBatcher/MaxItemsPerBatchPath",
                    b.max_items_per_batch.as_ref().and_then(|v| v.path()),
                );
                add(
                    "ItemBatcher/MaxInputBytesPerBatchPath",
                    b.max_input_bytes_per_batch.as_ref().and_then(|v| v.path()),
                );
            }
            let config = m
                .item_reader
                .as_ref()
                .and_then(|r| r.reader_config.as_ref());
            add(
                "ItemReader/ReaderConfig/MaxItemsPath",
                config
                    .and_then(|c| c.max_items.as_ref())
                    .and_then(|v| v.path()),
            );
        }
        _ => {}
    }
    out
}
