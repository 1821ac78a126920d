//! The runner: a workflow run on generated inputs with the user's handlers, its properties
//! checked on each execution, and a failing input shrunk to a minimal one (proptest's
//! `TestRunner`).

use super::inputs::Inputs;
use super::literals::{RuleLiterals, choice_literals};
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestError, TestRng, TestRunner};
use serde_json::Value;
use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::marker::PhantomData;
use workflow_asl::{ErrorName, PointKind};
use workflow_asl::{Expr, FailState, State, StateKind, StateMachine, ValueOrPath};
use workflow_local_engine::execution::{EventKind, ExecutionStatus};
use workflow_local_engine::{
    CompiledMachine, Coverage, Engine, EngineError, Execution, OutputError, Workflow,
};

/// A property of an execution, given the input it ran on.
type Check<W> = Box<dyn Fn(&<W as Workflow>::Input, &Execution) -> Result<(), String>>;

/// The generation runs in this many rounds; each round's strategy leans towards the Choice
/// rules the rounds before it did not reach.
const ROUNDS: u32 = 4;

/// The most shrinking steps after a failure (each runs the workflow once).
const MAX_SHRINK_ITERS: u32 = 4096;

/// Runs workflow `W` on generated inputs ([`crate::input_strategy`]'s values, leaning in each
/// round towards the Choice rules not reached yet), with the handlers and mocks of an
/// [`Engine`], and checks every execution:
///
/// - **no uncaught error**: the execution does not fail or time out, unless a Fail state
///   raised its error (a `States.Runtime` from a path that selects nothing, a handler's error
///   no catcher takes, `States.NoChoiceMatched`, an intrinsic's bad argument all fail it);
///   [`GeneratedInputs::allow_error`] accepts an error as an outcome;
/// - **the output decodes** as `W::Output`, when it succeeds;
/// - each of the user's [`GeneratedInputs::property`].
///
/// The first input that breaks one is shrunk to a minimal one, which the [`Counterexample`]
/// reports with its execution. Runs are reproducible: the same seed generates the same inputs.
///
/// ```
/// use workflow_runtime::engine::{Engine, TaskFailure};
/// use workflow_proptest::GeneratedInputs;
/// use workflow_runtime::workflow;
///
/// workflow! {
///     Split {
///         input { total: integer, parts: integer }
///         "Divide": lambda::invoke {
///             FunctionName: "divide",
///             Payload: { total: $.total, parts: $.parts },
///         } result_selector { share: $.Payload.share } -> "Done";
///         "Done": succeed;
///     }
/// }
///
/// let engine = Engine::new().task(Split::DIVIDE, |r: SplitDivideRequest| async move {
///     match r.total.checked_div(r.parts) {
///         Some(share) => Ok(SplitDivideResponse { share: share.into() }),
///         None => Err(TaskFailure::new("Divide.ByZero", "no parts")),
///     }
/// });
/// let failure = GeneratedInputs::<Split>::new(engine).run().unwrap_err();
/// let example = failure.counterexample().unwrap();
/// // Shrunk: the smallest input that divides by zero.
/// assert_eq!(example.input, serde_json::json!({"total": 0, "parts": 0}));
/// assert_eq!(example.property, "no uncaught error");
/// ```
pub struct GeneratedInputs<W: Workflow> {
    engine: Engine,
    cases: u32,
    seed: u64,
    allowed: Vec<ErrorName>,
    properties: Vec<(String, Check<W>)>,
    workflow: PhantomData<fn() -> W>,
}

impl<W: Workflow + 'static> GeneratedInputs<W> {
    /// Runs on `engine` (its handlers, mocks and options; its coverage recorder, if any,
    /// counts the generated runs too): 256 inputs, seed 0.
    pub fn new(engine: Engine) -> Self {
        GeneratedInputs {
            engine,
            cases: 256,
            seed: 0,
            allowed: Vec::new(),
            properties: Vec::new(),
            workflow: PhantomData,
        }
    }

    /// How many inputs to generate (at least one).
    pub fn cases(mut self, cases: u32) -> Self {
        self.cases = cases.max(1);
        self
    }

    /// The seed of the generator: another seed, other inputs.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Accepts executions that end with the error `name` (e.g. a handler's error that
    /// callers are meant to see) as outcomes, not as uncaught errors.
    pub fn allow_error(mut self, name: &str) -> Self {
        self.allowed.push(ErrorName::new(name));
        self
    }

    /// Adds a property every execution must have: `check` is given the input and the
    /// finished execution, and says what is wrong.
    pub fn property(
        mut self,
        name: impl Into<String>,
        check: impl Fn(&W::Input, &Execution) -> Result<(), String> + 'static,
    ) -> Self {
        self.properties.push((name.into(), Box::new(check)));
        self
    }

    /// Runs the generated inputs: what they did, or the minimal input that breaks a
    /// property. Called inside a Tokio runtime it refuses to run
    /// ([`EngineError::InsideAsyncRuntime`]), whose thread it would block.
    pub fn run(self) -> Result<Passed, GeneratedInputsError> {
        // The failing state is read from the history.
        let mut engine = self.engine.clone().history(true);
        if engine.coverage_recorder().is_none() {
            engine = engine.coverage(&Coverage::default());
        }
        let compiled = engine
            .compile_workflow::<W>()
            .map_err(GeneratedInputsError::Engine)?;
        let unmatched = engine.unmatched_handlers(&compiled);
        if !unmatched.is_empty() {
            return Err(GeneratedInputsError::Engine(
                EngineError::UnmatchedHandlers(unmatched),
            ));
        }
        if tokio::runtime::Handle::try_current().is_ok() {
            return Err(GeneratedInputsError::Engine(
                EngineError::InsideAsyncRuntime,
            ));
        }
        let runtime = workflow_local_engine::blocking::Runtime::new()
            .map_err(|e| GeneratedInputsError::Engine(EngineError::Runtime(e)))?;
        let definition = W::definition();
        let rules = choice_literals(&definition, &W::INPUT_SCHEMA);
        let case: Case<'_, W> = Case {
            engine: &engine,
            compiled: &compiled,
            runtime: &runtime,
            definition: &definition,
            allowed: &self.allowed,
            properties: &self.properties,
        };
        let outcomes: RefCell<BTreeMap<String, u64>> = RefCell::default();
        let per_round = self.cases.div_ceil(ROUNDS);
        let mut ran = 0u32;
        for round in 0..ROUNDS {
            let cases = per_round.min(self.cases - ran);
            if cases == 0 {
                break;
            }
            let covered = covered_rules(&compiled);
            let strategy = Inputs::new(&W::INPUT_SCHEMA)
                .biased(&rules, &covered)
                .strategy();
            let mut runner = TestRunner::new_with_rng(
                Config {
                    cases,
                    failure_persistence: None,
                    max_shrink_iters: MAX_SHRINK_ITERS,
                    verbose: 0,
                    ..Config::default()
                },
                TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes(self.seed, round)),
            );
            // The number of the case that failed first (the calls after it shrink it).
            let calls = Cell::new(0u32);
            let found_at: Cell<Option<u32>> = Cell::new(None);
            let result = runner.run(&strategy, |value| {
                calls.set(calls.get() + 1);
                match case.check(value) {
                    Ok(execution) => {
                        if found_at.get().is_none() {
                            *outcomes
                                .borrow_mut()
                                .entry(outcome(&execution, &definition))
                                .or_default() += 1;
                        }
                        Ok(())
                    }
                    Err(failure) => {
                        if found_at.get().is_none() {
                            found_at.set(Some(ran + calls.get()));
                        }
                        Err(TestCaseError::fail(failure.message))
                    }
                }
            });
            match result {
                Ok(()) => ran += cases,
                Err(TestError::Fail(_, minimal)) => {
                    // Run the minimal input once more, for its execution (a handler's panic,
                    // which proptest caught while it shrank, is caught here too).
                    let rerun = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        case.check(minimal.clone())
                    }));
                    let failure = match rerun {
                        Err(panic) => Failure {
                            property: "no panic".into(),
                            message: format!(
                                "the run panicked: {}",
                                workflow_local_engine::panic_message(panic.as_ref())
                                    .unwrap_or_else(|| "a panic without a message".into())
                            ),
                            execution: None,
                        },
                        Ok(Err(failure)) => failure,
                        // A property that is not a function of the input (it passed now).
                        Ok(Ok(execution)) => Failure {
                            property: "a property".into(),
                            message: "failed once on this input, then held on it".into(),
                            execution: Some(Box::new(execution)),
                        },
                    };
                    return Err(GeneratedInputsError::Counterexample(Box::new(
                        Counterexample {
                            workflow: W::NAME,
                            input: minimal,
                            property: failure.property,
                            message: failure.message,
                            execution: failure.execution.map(|e| *e),
                            found_at: found_at.get().unwrap_or(ran + 1),
                        },
                    )));
                }
                Err(TestError::Abort(reason)) => {
                    return Err(GeneratedInputsError::Aborted(reason.to_string()));
                }
            }
        }
        let covered = covered_rules(&compiled);
        Ok(Passed {
            workflow: W::NAME,
            cases: ran,
            outcomes: outcomes.into_inner().into_iter().collect(),
            rules_reached: rule_pointers(&definition)
                .iter()
                .filter(|p| covered.contains(*p))
                .count(),
            rules: rule_pointers(&definition).len(),
            literals: rules,
        })
    }

    /// [`GeneratedInputs::run`], as a test's assertion. When it passes, it prints what it
    /// checked ([`Passed`]'s report: how many inputs, how the executions ended, which Choice
    /// rules were reached and the literals tried) on standard output, which the test harness
    /// shows with `cargo test -- --nocapture` (or `--show-output`) and keeps otherwise.
    ///
    /// # Panics
    ///
    /// When a property does not hold (with the minimal input and its execution) or the
    /// engine refuses to run the workflow.
    #[track_caller]
    pub fn assert(self) -> Passed {
        match self.run() {
            Ok(passed) => {
                println!("{passed}");
                passed
            }
            Err(e) => panic!("{e}"),
        }
    }
}

/// What one case needs.
struct Case<'a, W: Workflow> {
    engine: &'a Engine,
    compiled: &'a std::sync::Arc<CompiledMachine>,
    runtime: &'a workflow_local_engine::blocking::Runtime,
    definition: &'a StateMachine,
    allowed: &'a [ErrorName],
    properties: &'a [(String, Check<W>)],
}

/// A property that did not hold.
struct Failure {
    property: String,
    message: String,
    execution: Option<Box<Execution>>,
}

impl<W: Workflow> Case<'_, W> {
    /// Runs the workflow on `value` and checks every property.
    fn check(&self, value: Value) -> Result<Execution, Failure> {
        let fail = |property: String, message: String, execution: Option<Execution>| Failure {
            property,
            message,
            execution: execution.map(Box::new),
        };
        let input: W::Input = serde_json::from_value(value).map_err(|e| {
            fail(
                format!("the input decodes as {}", short_type_name::<W::Input>()),
                format!("the generated input does not decode: {e}"),
                None,
            )
        })?;
        let json = serde_json::to_value(&input)
            .map_err(|e| fail("the input encodes as JSON".into(), e.to_string(), None))?;
        let execution = self
            .runtime
            .run(self.engine.compiled(self.compiled).input(json))
            .map_err(|e| fail("the engine runs the input".into(), e.to_string(), None))?;
        if let Some(message) = uncaught(&execution, self.definition, self.allowed) {
            return Err(fail("no uncaught error".into(), message, Some(execution)));
        }
        if execution.status == ExecutionStatus::Succeeded
            && let Err(e) = execution.output_as::<W::Output>()
        {
            // serde's reason (`invalid type: …, expected …`), not only that it failed.
            let e = match e {
                OutputError::Type(e) => format!("the output does not decode: {e}"),
                e => e.to_string(),
            };
            return Err(fail(
                format!("the output decodes as {}", short_type_name::<W::Output>()),
                e.to_string(),
                Some(execution),
            ));
        }
        for (name, check) in self.properties {
            if let Err(message) = check(&input, &execution) {
                return Err(fail(name.clone(), message, Some(execution)));
            }
        }
        Ok(execution)
    }
}

/// Why an execution broke "no uncaught error", when it did: it failed or timed out with an
/// error no Fail state raised and the runner does not allow.
fn uncaught(
    execution: &Execution,
    definition: &StateMachine,
    allowed: &[ErrorName],
) -> Option<String> {
    if execution.status == ExecutionStatus::Succeeded {
        return None;
    }
    if execution
        .error
        .as_ref()
        .is_some_and(|e| allowed.contains(e))
    {
        return None;
    }
    if execution.status == ExecutionStatus::Failed && raised_by_fail_state(execution, definition) {
        return None;
    }
    let error = execution
        .error
        .as_ref()
        .map_or("no error name", ErrorName::as_str);
    let cause = execution
        .cause
        .as_deref()
        .map(|c| format!(" ({c})"))
        .unwrap_or_default();
    let state = last_state_entered(execution)
        .map(|s| format!(" in the state {s:?}"))
        .unwrap_or_default();
    Some(format!(
        "the execution {} with {error}{cause}{state}, which no catcher takes",
        ended(&execution.status)
    ))
}

/// How an execution that did not succeed ended, in words.
fn ended(status: &ExecutionStatus) -> &'static str {
    match status {
        ExecutionStatus::TimedOut => "timed out",
        ExecutionStatus::Aborted => "was aborted",
        _ => "failed",
    }
}

/// Whether a Fail state the execution entered raises its error: one whose `Error` is that
/// name, or none when the execution has none, or computed (`ErrorPath`, JSONata).
fn raised_by_fail_state(execution: &Execution, definition: &StateMachine) -> bool {
    let entered: BTreeSet<&str> = execution
        .history
        .iter()
        .filter_map(|event| match &event.kind {
            EventKind::StateEntered {
                state_type: StateKind::Fail,
                name,
                ..
            } => Some(&**name),
            _ => None,
        })
        .collect();
    let error = execution.error.as_ref().map(ErrorName::as_str);
    definition.walk().states().any(|s| match s.state {
        State::Fail(FailState {
            error: declared, ..
        }) if entered.contains(s.name) => match declared {
            None => error.is_none(),
            Some(ValueOrPath::Value(Expr::Literal(name))) => error == Some(name.as_str()),
            Some(_) => true,
        },
        _ => false,
    })
}

/// The last state the execution entered, by its history.
fn last_state_entered(execution: &Execution) -> Option<&str> {
    execution.history.iter().rev().find_map(|e| match &e.kind {
        EventKind::StateEntered { name, .. } => Some(&**name),
        _ => None,
    })
}

/// How an execution that kept every property ended, in words: `succeeded`, or `failed with
/// Order.Refused (a Fail state)`.
fn outcome(execution: &Execution, definition: &StateMachine) -> String {
    let error = execution
        .error
        .as_ref()
        .map_or("no error name", ErrorName::as_str);
    match &execution.status {
        ExecutionStatus::Succeeded => "succeeded".into(),
        ExecutionStatus::Failed if raised_by_fail_state(execution, definition) => {
            format!("failed with {error} (a Fail state)")
        }
        status => format!("{} with {error} (allowed)", ended(status)),
    }
}

/// The pointers of the Choice rules of `machine` (`/States/Route/Choices/1`).
fn rule_pointers(machine: &StateMachine) -> Vec<String> {
    machine
        .points()
        .into_iter()
        .filter(|p| matches!(p.kind, PointKind::Rule(_)))
        .map(|p| p.pointer.to_string())
        .collect()
}

/// The points of the compiled machine its runs reached so far, by pointer.
fn covered_rules(compiled: &CompiledMachine) -> BTreeSet<String> {
    compiled
        .coverage_report()
        .map(|report| {
            report
                .points
                .into_iter()
                .filter(|p| p.hits > 0)
                .map(|p| p.pointer)
                .collect()
        })
        .unwrap_or_default()
}

/// The 32 bytes of ChaCha's seed for one round.
fn seed_bytes(seed: u64, round: u32) -> [u8; 32] {
    let mut bytes = [0u8; 32];
    for (to, from) in bytes
        .iter_mut()
        .zip(seed.to_le_bytes().into_iter().chain(round.to_le_bytes()))
    {
        *to = from;
    }
    bytes
}

/// A type's name without its module path (`OrderServiceInput`).
fn short_type_name<T>() -> &'static str {
    let name = std::any::type_name::<T>();
    match name.find('<') {
        // A generic type (`serde_json::Value` has none; keep generics whole).
        Some(_) => name,
        None => name.rsplit("::").next().unwrap_or(name),
    }
}

/// What a run of generated inputs did, when every property held.
#[derive(Clone, Debug)]
pub struct Passed {
    /// The workflow's name.
    pub workflow: &'static str,
    /// How many inputs ran.
    pub cases: u32,
    /// How the executions ended (`succeeded`, `failed with Order.Refused (a Fail state)`),
    /// and how many times each.
    pub outcomes: Vec<(String, u64)>,
    /// How many of the definition's Choice rules were reached (by these runs and any
    /// others its engine's coverage recorder counted).
    pub rules_reached: usize,
    /// How many Choice rules the definition has.
    pub rules: usize,
    /// The literals generation leaned towards, per Choice rule and field.
    pub literals: Vec<RuleLiterals>,
}

impl fmt::Display for Passed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{}: {} generated inputs, every property holds",
            self.workflow, self.cases
        )?;
        for (outcome, count) in &self.outcomes {
            writeln!(f, "  {count:>5} {outcome}")?;
        }
        write!(
            f,
            "  Choice rules reached: {} of {}",
            self.rules_reached, self.rules
        )?;
        for rule in &self.literals {
            let literals: Vec<String> = rule
                .literals
                .iter()
                .map(|l| match l {
                    super::literals::Literal::Value(v) => v.to_string(),
                    super::literals::Literal::Absent => "absent".into(),
                })
                .collect();
            write!(
                f,
                "\n  {} ({}): tried {}",
                rule.variable,
                rule.rule,
                literals.join(", ")
            )?;
        }
        Ok(())
    }
}

/// The minimal input that breaks a property, with its execution.
#[derive(Clone, Debug)]
pub struct Counterexample {
    /// The workflow's name.
    pub workflow: &'static str,
    /// The input, shrunk: no smaller input proptest tried breaks the property.
    pub input: Value,
    /// The property it breaks (`no uncaught error`, or a user's property's name).
    pub property: String,
    /// What is wrong.
    pub message: String,
    /// The execution on the minimal input (none when it did not run).
    pub execution: Option<Execution>,
    /// Which generated input broke the property first (1: the first).
    pub found_at: u32,
}

impl fmt::Display for Counterexample {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{}: property {:?} fails; found at generated input {}, shrunk to:",
            self.workflow, self.property, self.found_at
        )?;
        writeln!(f, "  input: {}", self.input)?;
        write!(f, "  {}", self.message)?;
        if let Some(execution) = &self.execution {
            write!(f, "\n  states: {}", execution.states.join(" → "))?;
        }
        Ok(())
    }
}

/// Why a run of generated inputs did not pass.
#[derive(Debug, thiserror::Error)]
pub enum GeneratedInputsError {
    /// A property does not hold: the minimal input and its execution.
    #[error("{0}")]
    Counterexample(Box<Counterexample>),
    /// The engine refused to run the workflow (an invalid definition, a handler that
    /// matches no Task, a call from inside a Tokio runtime).
    #[error("the workflow did not run: {0}")]
    Engine(EngineError),
    /// proptest gave up.
    #[error("generated inputs: {0}")]
    Aborted(String),
}

impl GeneratedInputsError {
    /// The counterexample, when a property does not hold.
    pub fn counterexample(&self) -> Option<&Counterexample> {
        match self {
            GeneratedInputsError::Counterexample(c) => Some(c),
            _ => None,
        }
    }
}
