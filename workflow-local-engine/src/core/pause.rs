//! Where a run may pause, and what a paused strand shows: the core's side of a debugger
//! (`crate::debug` is the API). At each checkpoint of a strand (a state entered, a state
//! left, a failure raised, a replay's divergence) the core asks its host whether the run stops
//! there ([`super::host::Host::stops_at`], a cheap question asked only when the host
//! [inspects](super::host::Host::inspects) the run); where it does, the strand hands the host
//! a [`Paused`] view of itself (its [`Scope`], a way to set its variables) and waits until the
//! host lets it go. While a strand is paused the execution's timeline counts it as busy: no
//! other strand passes virtual time, so the paused view's clock is the execution's.
//!
//! A strand's place in the execution's nesting is its [`Trail`]: the execution, a Parallel
//! branch, a Map iteration, a Distributed Map's child execution, each with an id of its own
//! (what a debugger shows as a thread).

use super::error::Failure;
use super::host::Notice;
use super::jsonata_values;
use super::program::Node;
use super::run::{Run, Strand};
use serde_json::{Map, Value};
use std::sync::{Arc, Mutex};
use workflow_asl::ErrorName;
use workflow_asl::eval::{Env, SeededEntropy, select};
use workflow_asl::path::PathString;
use workflow_jsonata::jsonata_string::JsonataString;

/// A strand of an execution and where it is nested: the execution itself, a Parallel
/// branch, a Map iteration or a Distributed Map's child execution, inside its parent strand.
/// Cheap to clone (shared).
#[derive(Clone, Debug)]
pub struct Trail(Arc<TrailNode>);

#[derive(Debug)]
struct TrailNode {
    id: u64,
    level: Level,
    parent: Option<Trail>,
    /// The state that runs this strand (a Parallel's branch, a Map's iteration or child), as
    /// its scope and index in the program: whose Retry and Catch handle what the strand
    /// raises.
    runs_in: Option<(usize, usize)>,
}

/// What a strand is, in the execution's nesting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Level {
    /// The execution's own strand.
    Execution,
    /// Branch `index` (from 0) of the Parallel state `state`.
    Branch {
        /// The Parallel state.
        state: Arc<str>,
        /// The branch's index in `Branches`.
        index: usize,
    },
    /// Iteration `index` (from 0) of the inline Map state `state`.
    Iteration {
        /// The Map state.
        state: Arc<str>,
        /// The item's index.
        index: usize,
    },
    /// Child execution `index` (from 0) of the Distributed Map state `state`.
    ChildExecution {
        /// The Map state.
        state: Arc<str>,
        /// The item's (or batch's) index.
        index: usize,
        /// The child execution's ARN.
        arn: String,
    },
}

impl Trail {
    /// The execution's own strand (numbered 1).
    pub fn execution() -> Trail {
        Trail(Arc::new(TrailNode {
            id: 1,
            level: Level::Execution,
            parent: None,
            runs_in: None,
        }))
    }

    /// A strand nested in this one, numbered `id`, run by the state at `runs_in`.
    pub(crate) fn nested(&self, id: u64, level: Level, runs_in: (usize, usize)) -> Trail {
        Trail(Arc::new(TrailNode {
            id,
            level,
            parent: Some(self.clone()),
            runs_in: Some(runs_in),
        }))
    }

    /// The strand's number, unique in its execution (its child executions included); the
    /// execution's own strand is 1.
    pub fn id(&self) -> u64 {
        self.0.id
    }

    /// What the strand is.
    pub fn level(&self) -> &Level {
        &self.0.level
    }

    /// The strand it is nested in, if any.
    pub fn parent(&self) -> Option<&Trail> {
        self.0.parent.as_ref()
    }

    /// How deep it is nested: 0 for the execution's own strand.
    pub fn depth(&self) -> usize {
        self.ancestors().count() - 1
    }

    /// This strand, then each strand it is nested in, out to the execution's.
    pub fn ancestors(&self) -> impl Iterator<Item = &Trail> {
        std::iter::successors(Some(self), |t| t.parent())
    }

    /// Whether this is `other` or a strand nested in it, at any depth.
    pub fn is_within(&self, other: &Trail) -> bool {
        self.ancestors().any(|t| t.id() == other.id())
    }

    /// The state that runs this strand, as the program indexes it.
    fn runs_in(&self) -> Option<(usize, usize)> {
        self.0.runs_in
    }
}

impl std::fmt::Display for Trail {
    /// `execution`, `branch 1 of P`, `iteration 3 of M`, `child execution 2 of M`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.level() {
            Level::Execution => f.write_str("execution"),
            Level::Branch { state, index } => write!(f, "branch {index} of {state}"),
            Level::Iteration { state, index } => write!(f, "iteration {index} of {state}"),
            Level::ChildExecution { state, index, .. } => {
                write!(f, "child execution {index} of {state}")
            }
        }
    }
}

/// What a strand reached, where it may stop.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stop {
    /// It entered the state (before the state runs).
    Entered,
    /// The state ended and the strand leaves it (its output known, before the next state).
    Exited,
    /// The state raised an error.
    Failed {
        /// The error's name.
        error: String,
        /// Its cause.
        cause: String,
        /// What handles it.
        handled: Handled,
    },
    /// A replay's run no longer follows its record here.
    Diverged(Divergence),
}

/// Where a replay's run no longer follows its record: the first difference found since the
/// run last stopped (`crate::debug` reads it as a [`crate::Difference`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Divergence(pub(crate) Box<super::prior::Difference>);

/// What handles an error a state raised.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Handled {
    /// A Retrier of the state retries it.
    Retried,
    /// A Catcher of the state catches it.
    Caught,
    /// A Retrier or Catcher of the state named, which runs the strand (a Parallel, a Map),
    /// handles it.
    ByEnclosing(String),
    /// Nothing: it ends the execution (or the Distributed Map's child execution).
    Uncaught,
}

impl Handled {
    /// Whether something handles it.
    pub fn is_caught(&self) -> bool {
        *self != Handled::Uncaught
    }
}

/// A checkpoint a strand reached: what the host is asked whether to stop at.
#[derive(Clone, Copy, Debug)]
pub struct Reached<'a> {
    /// What it reached.
    pub stop: &'a Stop,
    /// The state.
    pub state: &'a str,
    /// The strand.
    pub trail: &'a Trail,
}

/// What a paused strand shows: its state's data as the engine holds it, owned (a copy taken
/// when it paused).
#[derive(Clone, Debug)]
pub struct Scope {
    /// The state.
    pub state: String,
    /// The state's type (`Task`, `Pass`, …).
    pub state_type: workflow_asl::StateKind,
    /// Whether the state is written in JSONata (else JSONPath): how an expression evaluated
    /// here is read.
    pub jsonata: bool,
    /// The state's input.
    pub input: Value,
    /// The context object (`$$`, `$states.context`) as the state sees it.
    pub context: Context,
    /// The variables the strand sees, a map per scope, innermost first (the strand's own,
    /// then each enclosing scope's).
    pub variables: Vec<Map<String, Value>>,
    /// A Task's request (`Parameters` or `Arguments` evaluated), once known.
    pub parameters: Option<Value>,
    /// A Task's result, once it answered.
    pub result: Option<Value>,
    /// The error the state raised (its name and cause), once it did.
    pub error: Option<(String, String)>,
    /// The state's output, once it left.
    pub output: Option<Value>,
    /// The execution's clock, in milliseconds since the epoch.
    pub now_millis: i64,
    /// In a Map iteration's own strand: its item as the Map's `ItemSelector` read it
    /// (`$$.Map.Item`: `Index`, `Value`), which the iteration's states do not see in their
    /// context object (AWS gives `$$.Map` to `ItemSelector` alone).
    pub map_item: Option<Value>,
}

/// The context object (`$$`, `$states.context`) a paused state sees, in two parts: the
/// execution's (`Execution`, with its input, and `StateMachine`), made once and shared by every
/// stop of the run, and the state's own (`State`, a Task's `Task`). Cloning it copies the
/// state's part alone, so that what a debugger keeps of each stop does not grow with the run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Context {
    shared: Arc<Map<String, Value>>,
    own: Map<String, Value>,
}

impl Context {
    /// The context object `value` (an object's members; anything else holds none).
    pub fn new(value: Value) -> Self {
        let own = match value {
            Value::Object(members) => members,
            _ => Map::new(),
        };
        Context {
            shared: Arc::default(),
            own,
        }
    }

    /// The execution's members, shared, and the state's own.
    pub(crate) fn of(shared: Arc<Map<String, Value>>, own: Map<String, Value>) -> Self {
        Context { shared, own }
    }

    /// The member `name` (`Execution`, `State`, `StateMachine`, `Task`), if it has one.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.own.get(name).or_else(|| self.shared.get(name))
    }

    /// Its members, by name: `Execution`, `State`, `StateMachine`, then the state's others.
    pub fn members(&self) -> Vec<(&str, &Value)> {
        let mut members: Vec<(&str, &Value)> = Vec::new();
        for name in ["Execution", "State", "StateMachine"] {
            if let Some(value) = self.get(name) {
                members.push((name, value));
            }
        }
        let rest = self.shared.iter().chain(&self.own);
        for (name, value) in rest {
            if !members.iter().any(|(n, _)| n == name) {
                members.push((name, value));
            }
        }
        members
    }

    /// The context object as one JSON object (a copy, the execution's input included).
    pub fn to_value(&self) -> Value {
        let members = self.members();
        let mut out = Map::with_capacity(members.len());
        for (name, value) in members {
            out.insert(name.to_owned(), value.clone());
        }
        Value::Object(out)
    }
}

/// Why an expression could not be evaluated: the error the engine gives, and its cause.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EvaluationError {
    /// The error's name (`States.QueryEvaluationError`, `States.Runtime`, …).
    pub error: String,
    /// Its cause, as the engine writes it.
    pub cause: String,
}

impl std::fmt::Display for EvaluationError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.error, self.cause)
    }
}

impl std::error::Error for EvaluationError {}

impl From<Failure> for EvaluationError {
    fn from(f: Failure) -> Self {
        EvaluationError {
            error: f.error.to_string(),
            cause: f.cause,
        }
    }
}

impl From<workflow_asl::eval::EvalError> for EvaluationError {
    fn from(e: workflow_asl::eval::EvalError) -> Self {
        EvaluationError {
            error: e.error.to_string(),
            cause: e.cause,
        }
    }
}

/// The field an expression evaluated in a paused view is named by in errors.
const FIELD: &str = "Expression";

impl Scope {
    /// Every visible variable, inner scopes winning.
    pub fn visible_variables(&self) -> Map<String, Value> {
        let mut out = Map::new();
        for frame in self.variables.iter().rev() {
            for (k, v) in frame {
                out.insert(k.clone(), v.clone());
            }
        }
        out
    }

    /// `$states` as a JSONata expression of the state sees it here: its input, its context,
    /// its result once known and its error output once it failed.
    pub fn states_object(&self) -> Value {
        self.states_with(true)
    }

    /// `$states`, its `context` written out when `context` (else left out: an expression
    /// that cannot read it).
    fn states_with(&self, context: bool) -> Value {
        let mut states = Map::new();
        states.insert("input".into(), self.input.clone());
        if context {
            states.insert("context".into(), self.context.to_value());
        }
        if let Some(result) = &self.result {
            states.insert("result".into(), result.clone());
        }
        if let Some((error, cause)) = &self.error {
            states.insert(
                "errorOutput".into(),
                serde_json::json!({"Error": error, "Cause": cause}),
            );
        }
        Value::Object(states)
    }

    /// Evaluates `expression` here, as the engine evaluates the state's own: `{% … %}` is
    /// JSONata (in either query language); otherwise a JSONata state's text is a JSONata
    /// expression, and a JSONPath state's a path (`$.a`, `$$.Execution.Id`, `$var.x`) or an
    /// intrinsic function call (`States.Format('{}', $.id)`). `$` is the state's input. What
    /// it draws (`$random()`, `States.UUID()`) comes from entropy of its own, not the run's.
    /// The errors are the engine's (`States.QueryEvaluationError`, `States.Runtime`, …).
    pub fn evaluate(&self, expression: &str) -> Result<Value, EvaluationError> {
        self.evaluate_with(expression, &[])
    }

    /// [`evaluate`](Self::evaluate), with `extra` variables bound in JSONata (a breakpoint's
    /// hit count, `$hits`).
    pub fn evaluate_with(
        &self,
        expression: &str,
        extra: &[(&str, Value)],
    ) -> Result<Value, EvaluationError> {
        let text = expression.trim();
        if text.is_empty() {
            return Err(EvaluationError {
                error: ErrorName::Runtime.to_string(),
                cause: "the expression is empty".to_owned(),
            });
        }
        let jsonata = match JsonataString::parse(text) {
            Some(written) => Some(written),
            None if self.jsonata && !text.starts_with("States.") => {
                Some(JsonataString::from_body(text))
            }
            None => None,
        };
        let mut vars = self.visible_variables();
        for (name, value) in extra {
            vars.insert((*name).to_owned(), value.clone());
        }
        if let Some(expression) = jsonata {
            // The context object (the execution's input in it) is written out only for an
            // expression that may read it: a breakpoint's condition, evaluated at each stop,
            // costs what its state's data costs, not what the run's input does.
            let states = self.states_with(expression.body().is_none_or(jsonata_reads_context));
            let entropy = Mutex::new(SeededEntropy::new(0));
            let scope = jsonata_values::Scope {
                states: &states,
                vars: &vars,
                now_millis: self.now_millis,
                entropy: &entropy,
                draws: None,
            };
            return Ok(jsonata_values::evaluate_str(&expression, &scope, FIELD)?);
        }
        let context = match text.contains("$$") {
            true => self.context.to_value(),
            false => Value::Null,
        };
        let env = Env::new(&self.input, &context, &vars);
        let parsed = PathString::new(text);
        if let Some(call) = parsed.intrinsic() {
            let call = call.map_err(|e| syntax(text, &e.to_string()))?;
            let mut entropy = SeededEntropy::new(0);
            return Ok(workflow_asl::eval::call(call, &env, &mut entropy)?);
        }
        let path = parsed.path().map_err(|e| syntax(text, &e.to_string()))?;
        Ok(select(path, &env)?.into_value())
    }

    /// Whether `condition` holds here: a JSONata expression that gives `true` (JSONata's
    /// `$boolean` of its value), or a JSONPath path that selects a value other than `false`,
    /// `null` or an empty array.
    pub fn holds(&self, condition: &str, extra: &[(&str, Value)]) -> Result<bool, EvaluationError> {
        let value = self.evaluate_with(condition, extra)?;
        Ok(match value {
            Value::Null | Value::Bool(false) => false,
            Value::Bool(true) => true,
            Value::Number(n) => n.as_f64().is_some_and(|n| n != 0.0),
            Value::String(s) => !s.is_empty(),
            Value::Array(items) => !items.is_empty(),
            Value::Object(_) => true,
        })
    }
}

/// Whether the JSONata expression `body` may read `$states.context`: unless each `$states`
/// in it is followed by `.input`, `.result` or `.errorOutput`, it may.
fn jsonata_reads_context(body: &str) -> bool {
    body.match_indices("$states").any(|(at, found)| {
        let rest = &body[at + found.len()..];
        !["input", "result", "errorOutput"].iter().any(|member| {
            rest.strip_prefix('.')
                .and_then(|r| r.strip_prefix(member))
                .is_some_and(|r| !r.starts_with(|c: char| c.is_alphanumeric() || c == '_'))
        })
    })
}

/// An expression that does not parse: `States.Runtime`, as the engine refuses a path it
/// cannot read.
fn syntax(text: &str, why: &str) -> EvaluationError {
    EvaluationError {
        error: ErrorName::Runtime.to_string(),
        cause: format!("`{text}` is not a JSONPath path or an intrinsic function call: {why}"),
    }
}

/// A paused strand, as its host holds it until it lets it go: where it is, what it shows, and
/// the one change a debugger may make (a variable's value).
pub struct Paused<'a> {
    stop: Stop,
    trail: Trail,
    scope: Scope,
    set: &'a mut (dyn FnMut(&str, Value) -> Result<(), String> + Send + 'a),
}

impl std::fmt::Debug for Paused<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Paused")
            .field("stop", &self.stop)
            .field("trail", &self.trail)
            .field("scope", &self.scope)
            .finish_non_exhaustive()
    }
}

impl Paused<'_> {
    /// What the strand reached.
    pub fn stop(&self) -> &Stop {
        &self.stop
    }

    /// The strand.
    pub fn trail(&self) -> &Trail {
        &self.trail
    }

    /// What it shows.
    pub fn scope(&self) -> &Scope {
        &self.scope
    }

    /// Sets the variable `name` of the strand's own scope to `value`, as an `Assign` of the
    /// state would, where ASL allows it: a name a state may assign (an identifier, not
    /// `states`), not one an enclosing scope holds (an inner scope cannot assign it), a value
    /// within the service's 256 KiB.
    pub fn set_variable(&mut self, name: &str, value: Value) -> Result<(), String> {
        (self.set)(name, value.clone())?;
        if let Some(own) = self.scope.variables.first_mut() {
            own.insert(name.to_owned(), value);
        }
        Ok(())
    }
}

/// What a strand keeps of its state for a paused view, when its host inspects the run: the
/// state's input, the Task's request and answer.
#[derive(Default)]
pub(crate) struct Seen {
    pub input: Arc<Value>,
    pub parameters: Option<Value>,
    pub result: Option<Value>,
    pub error: Option<(String, String)>,
}

impl Run<'_> {
    /// The checkpoint `stop` of `strand` in `node` (`input` its input, `output` its output
    /// once it left): when the host stops there, the strand pauses until the host lets it go.
    /// A replay that diverged since the strand's last checkpoint stops there first.
    pub(crate) async fn checkpoint(
        &self,
        stop: Stop,
        node: &Node,
        input: &Value,
        output: Option<&Value>,
        strand: &mut Strand<'_>,
    ) {
        if !self.host.inspects() {
            return;
        }
        if let Some(difference) = self.new_divergence() {
            let diverged = Stop::Diverged(Divergence(Box::new(difference)));
            self.pause_if_stopped(diverged, node, input, output, strand)
                .await;
        }
        self.pause_if_stopped(stop, node, input, output, strand)
            .await;
    }

    /// The first difference a replay found, the first time a checkpoint follows it: where
    /// the run stops following its record (the differences after it are the replay's
    /// verdict's).
    fn new_divergence(&self) -> Option<super::prior::Difference> {
        let prior = self.prior.as_deref()?;
        if prior.difference_count() == 0 {
            return None;
        }
        let shown = self
            .divergences_shown
            .swap(1, std::sync::atomic::Ordering::SeqCst);
        (shown == 0).then(|| prior.difference(0)).flatten()
    }

    async fn pause_if_stopped(
        &self,
        stop: Stop,
        node: &Node,
        input: &Value,
        output: Option<&Value>,
        strand: &mut Strand<'_>,
    ) {
        let reached = Reached {
            stop: &stop,
            state: &node.name,
            trail: &strand.trail,
        };
        if !self.host.stops_at(&reached) {
            return;
        }
        let scope = self.scope_of(node, input, output, strand);
        let trail = strand.trail.clone();
        let outer: Vec<String> = outer_names(&strand.vars);
        let vars = &mut strand.vars;
        let state = Arc::clone(&node.name);
        let mut set = move |name: &str, value: Value| -> Result<(), String> {
            if let Some(problem) = workflow_asl::validate::variable_name_problem(name) {
                return Err(problem);
            }
            if outer.iter().any(|n| n == name) {
                return Err(format!(
                    "variable `{name}` belongs to an enclosing scope, which a state of this scope cannot assign"
                ));
            }
            let mut values = Map::new();
            values.insert(name.to_owned(), value);
            vars.assign(&state, values).map_err(|f| f.cause)?;
            // A value set while paused is no assignment of the state's own.
            vars.just_assigned.retain(|n| n != name);
            Ok(())
        };
        let paused = Paused {
            stop,
            trail,
            scope,
            set: &mut set,
        };
        // No other strand passes virtual time while this one is paused.
        let _busy = self.timeline.busy();
        self.host.pause(paused).await;
    }

    /// What `strand` shows in `node`.
    fn scope_of(
        &self,
        node: &Node,
        input: &Value,
        output: Option<&Value>,
        strand: &Strand<'_>,
    ) -> Scope {
        let mut variables = vec![strand.vars.own.clone()];
        let mut at = strand.vars.parent;
        while let Some(frame) = at {
            variables.push(frame.own.clone());
            at = frame.parent;
        }
        let seen = strand.seen.as_deref();
        Scope {
            state: node.name.to_string(),
            state_type: node.kind,
            jsonata: node.jsonata,
            input: input.clone(),
            context: self.context_of(node, strand),
            variables,
            parameters: seen.and_then(|s| s.parameters.clone()),
            result: seen.and_then(|s| s.result.clone()),
            error: seen.and_then(|s| s.error.clone()),
            output: output.cloned(),
            now_millis: strand.clock.now(),
            map_item: strand.map_item.as_deref().cloned(),
        }
    }

    /// What `strand` shows in the Task `node` that waits for its answer (its request
    /// `parameters`, its token): the state's input as it entered, its context object, its
    /// variables.
    pub(crate) fn task_scope(
        &self,
        node: &Node,
        parameters: &Value,
        token: Option<&str>,
        strand: &Strand<'_>,
    ) -> Scope {
        let input = strand
            .seen
            .as_deref()
            .map_or(Value::Null, |s| (*s.input).clone());
        let mut scope = self.scope_of(node, &input, None, strand);
        scope.parameters = Some(parameters.clone());
        if let Some(token) = token {
            scope
                .context
                .own
                .insert("Task".into(), serde_json::json!({"Token": token}));
        }
        scope
    }

    /// The context object `node` sees on `strand` (a Task's token, where it has one), its
    /// execution's part shared with every other stop's.
    fn context_of(&self, node: &Node, strand: &Strand<'_>) -> Context {
        let mut own = Map::new();
        if let Some(given) = self.test.and_then(super::test_step::TestStep::context) {
            // TestState's `context` is the context object, as given.
            return Context::new(given.clone());
        }
        let shared = self.context_object.shown(|| {
            let (execution, state_machine) = self.execution_context(strand);
            let mut shared = Map::new();
            shared.insert("Execution".into(), execution);
            shared.insert("StateMachine".into(), state_machine);
            shared
        });
        own.insert(
            "State".into(),
            super::run::state_context(node, self.entered_time(strand), 0),
        );
        // The token of the Task's first attempt (a replay's is the record's, drawn when the
        // Task runs: a stop does not draw it first, which would change what the replay draws).
        let token = match self.draws {
            None => self.task_token(node, strand, 0),
            Some(_) => None,
        };
        if let Some(token) = token {
            own.insert("Task".into(), serde_json::json!({"Token": token}));
        }
        Context::of(shared, own)
    }

    /// What handles `failure`, raised by `node` on `strand`: the state's own Retry or Catch,
    /// else the first enclosing state (a Parallel, a Map) whose Retry or Catch matches it, up
    /// to the execution (or the Distributed Map's child execution) it ends.
    pub(crate) fn handled(&self, node: &Node, failure: &Failure, strand: &Strand<'_>) -> Handled {
        if node.retry.iter().any(|r| failure.matches(&r.errors)) {
            return Handled::Retried;
        }
        if node.catch.iter().any(|c| failure.matches(&c.errors)) {
            return Handled::Caught;
        }
        for trail in strand.trail.ancestors() {
            if matches!(trail.level(), Level::ChildExecution { .. }) {
                break;
            }
            let Some((scope, index)) = trail.runs_in() else {
                break;
            };
            let Some(enclosing) = self
                .program
                .scopes
                .get(scope)
                .and_then(|s| s.nodes.get(index))
            else {
                break;
            };
            let handles = enclosing.retry.iter().any(|r| failure.matches(&r.errors))
                || enclosing.catch.iter().any(|c| failure.matches(&c.errors));
            if handles {
                return Handled::ByEnclosing(enclosing.name.to_string());
            }
        }
        Handled::Uncaught
    }
}

/// A strand a host that inspects the run was told of ([`Notice::StrandStarted`]): told of
/// its end when dropped (it ended, or was stopped).
pub(crate) struct LiveStrand<'r, 'e> {
    run: &'r Run<'e>,
    trail: Trail,
}

impl<'e> Run<'e> {
    /// Tells the host that the strand `trail` started, when it inspects the run; the guard
    /// tells it of the strand's end.
    pub(crate) fn live_strand(&self, trail: &Trail) -> Option<LiveStrand<'_, 'e>> {
        if !self.host.inspects() {
            return None;
        }
        self.host.notice(Notice::StrandStarted(trail));
        Some(LiveStrand {
            run: self,
            trail: trail.clone(),
        })
    }
}

impl Drop for LiveStrand<'_, '_> {
    fn drop(&mut self) {
        self.run.host.notice(Notice::StrandEnded(&self.trail));
    }
}

/// The names the scopes enclosing `vars` hold.
fn outer_names(vars: &super::vars::Frame<'_>) -> Vec<String> {
    let mut names = Vec::new();
    let mut at = vars.parent;
    while let Some(frame) = at {
        names.extend(frame.own.keys().cloned());
        at = frame.parent;
    }
    names
}
