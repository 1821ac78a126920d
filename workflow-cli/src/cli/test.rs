//! `workflow test MOCKS.json`: every test case of a Step Functions Local mock configuration
//! (its `StateMachines` → name → `TestCases`) run on the local engine with the case's mocked
//! responses, each checked against what the test cases file (`--cases`, [`test_cases`])
//! expects of it (by default: that it succeeds), reported on the terminal and, with
//! `--junit FILE`, as JUnit XML (a `testsuite` per state machine, a `testcase` per test case,
//! a `failure` with what differed and the execution's error and cause, times in seconds), the
//! report CI services read. Coverage is recorded with `--coverage DIR` (or
//! `WORKFLOW_COVERAGE=DIR`) at the definition's own lines.
//!
//! [`test_cases`]: crate::cli::test_cases

use crate::cli::input::{MOCK_LIMIT, describe_coverage, place, read};
use crate::cli::junit;
use crate::cli::test_cases::{self, Expectation, MachineCases};
use crate::cli::{EXIT_INVALID, EXIT_OK, EXIT_USAGE, Failure};
use crate::source::Definition;
use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use workflow_asl::json::Locator;
use workflow_asl::{Pointer, StateMachine};
use workflow_runtime::aws_models::FieldValidationMode;
use workflow_runtime::engine::{Coverage, Engine, Execution, MockConfig, ObjectStore};

/// What a test case's Task with nothing to answer it (or a Distributed Map without S3) tells a
/// user of `workflow test` to do: the mock configuration and the command's flags, not the
/// engine's Rust API.
const MISSING_ANSWER_ADVICE: &str = "give it a mocked response in this test case of the mock configuration (the state's name → a response of `MockedResponses`); a Distributed Map's `ItemReader` and `ResultWriter` read and write S3 in `--s3 DIR`";

/// The options of `workflow test`.
#[derive(clap::Args)]
pub(super) struct TestArgs {
    /// The mock configuration: Step Functions Local's `MockConfigFile.json`, whose test cases
    /// are run.
    pub mocks: PathBuf,
    /// The definition the test cases run on: an ASL file, or the name of one of the crate's
    /// workflows. By default each state machine's `Definition` in `--cases`, else the crate's
    /// workflow of the state machine's name.
    #[arg(long, value_name = "FILE")]
    pub definition: Option<PathBuf>,
    /// Run only this state machine's test cases (needed with `--definition` when the mock
    /// configuration has several).
    #[arg(long, value_name = "NAME")]
    pub state_machine: Option<String>,
    /// The test cases file: each case's `Input` and what it is expected to end with
    /// (`Status`, `Output`, `Error`, `Cause`, `States`), shaped like the mock configuration.
    /// Without it, each case runs on `{}` and is expected to succeed.
    #[arg(long, value_name = "FILE")]
    pub cases: Option<PathBuf>,
    /// Write the results as JUnit XML to this file.
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
    /// Record the workflow coverage of the runs into this directory, for `workflow coverage
    /// DIR` (as `WORKFLOW_COVERAGE=DIR` does).
    #[arg(long, value_name = "DIR")]
    pub coverage: Option<PathBuf>,
    /// A directory standing for Amazon S3, for a Distributed Map's `ItemReader` and
    /// `ResultWriter` (as `workflow run --s3`): the object `s3://BUCKET/KEY` is the file
    /// `DIR/BUCKET/KEY`. Every test case reads and writes the same directory.
    #[arg(long, value_name = "DIR")]
    pub s3: Option<PathBuf>,
    /// How mocked results are checked against their integration's result shape: STRICT,
    /// PRESENT or NONE (as `workflow run --field-validation`).
    #[arg(long, value_name = "MODE", default_value = "STRICT", value_parser = ["STRICT", "PRESENT", "NONE"])]
    pub field_validation: String,
}

/// Runs `workflow test`: exit 0 when every case passed, 1 when one did not; a failure when the
/// cases cannot run (and, with `--junit`, the report holds why as an error test case, so
/// that CI's report step shows why nothing ran, not an empty report) or the report cannot be
/// written.
pub(super) async fn run(args: &TestArgs) -> Result<u8, Failure> {
    let (report, failed) = execute(args).await.map_err(|e| unrun(args, e))?;
    if let Some(path) = &args.junit {
        write_junit(path, &report).map_err(|e| Failure::usage("test", e))?;
    }
    Ok(if failed == 0 { EXIT_OK } else { EXIT_INVALID })
}

/// The failure of a run whose cases could not run because of `e`, written as the JUnit report
/// with `--junit` (the message says too when that report cannot be written).
fn unrun(args: &TestArgs, e: InputError) -> Failure {
    let mut message = e.message;
    if let Some(path) = &args.junit {
        let report = junit::input_error(&e.file.display().to_string(), e.kind.name(), &message);
        if let Err(unwritten) = write_junit(path, &report) {
            message.push_str(&format!("\nworkflow test: {unwritten}"));
        }
    }
    Failure::new(EXIT_USAGE, message)
}

/// Writes `report` as JUnit XML to `path`.
fn write_junit(path: &Path, report: &Report) -> Result<(), String> {
    let xml = junit::to_xml(report)?;
    std::fs::write(path, xml).map_err(|e| format!("cannot write `{}`: {e}", path.display()))
}

/// Why the test cases could not run: the file that is wrong, and the message printed (located
/// in the file where it can be).
struct InputError {
    file: PathBuf,
    kind: InputKind,
    message: String,
}

/// Which input is wrong: the error test case's type in the JUnit report.
#[derive(Clone, Copy)]
enum InputKind {
    MockConfiguration,
    TestCases,
    Definition,
}

impl InputKind {
    fn name(self) -> &'static str {
        match self {
            InputKind::MockConfiguration => "InvalidMockConfiguration",
            InputKind::TestCases => "InvalidTestCases",
            InputKind::Definition => "InvalidDefinition",
        }
    }
}

impl InputError {
    /// An error in `file`, with a message already located.
    fn located(file: &Path, kind: InputKind, message: String) -> Self {
        InputError {
            file: file.to_path_buf(),
            kind,
            message,
        }
    }

    /// An error about `file`, printed as the command's: `workflow test: …`.
    fn command(file: &Path, kind: InputKind, message: impl std::fmt::Display) -> Self {
        InputError::located(file, kind, format!("workflow test: {message}"))
    }
}

/// A state machine of the mock configuration, ready to run: its definition and its cases.
struct Suite {
    name: String,
    /// The definition as named (a file, or a crate workflow's name).
    file: PathBuf,
    definition: Definition,
    machine: StateMachine,
    cases: Vec<String>,
}

/// How one test case went.
struct CaseResult {
    name: String,
    time: Duration,
    /// What differed from the expectation (empty when it passed).
    mismatches: Vec<String>,
    /// The run, when it started.
    execution: Option<Execution>,
}

/// Runs every test case, printing a line each: the JUnit report and how many failed.
async fn execute(args: &TestArgs) -> Result<(Report, usize), InputError> {
    let mocks = |e: String| InputError::command(&args.mocks, InputKind::MockConfiguration, e);
    let mocks_text =
        read(&args.mocks, MOCK_LIMIT, "a mock configuration").map_err(|e| mocks(e.to_string()))?;
    let config = MockConfig::from_json(&mocks_text).map_err(|e| {
        InputError::located(
            &args.mocks,
            InputKind::MockConfiguration,
            located(&args.mocks, &mocks_text, &e.pointer, &e.message),
        )
    })?;
    let cases = match &args.cases {
        Some(path) => read_cases(path, &config, &args.mocks)?,
        None => HashMap::new(),
    };
    let mode = FieldValidationMode::from_name(&args.field_validation)
        .ok_or_else(|| mocks("`--field-validation` is STRICT, PRESENT or NONE".to_owned()))?;
    let suites = suites(args, &config, &cases)?;
    let store = match &args.s3 {
        Some(dir) if !dir.is_dir() => {
            return Err(mocks(format!(
                "`--s3 {}` is not a directory; it stands for S3, one subdirectory per bucket",
                dir.display()
            )));
        }
        Some(dir) => Some(ObjectStore::directory(dir)),
        None => None,
    };
    let coverage = args.coverage.as_ref().map(Coverage::writing_to);
    let no_cases = MachineCases::default();
    let mut report = Report::new("workflow test");
    let (mut passed, mut failed) = (0usize, 0usize);
    let mut total = Duration::ZERO;
    for suite in &suites {
        let expected = cases.get(&suite.name).unwrap_or(&no_cases);
        crate::cli::out::line(format!(
            "{} ({}): {} test case{}",
            suite.name,
            suite.file.display(),
            suite.cases.len(),
            if suite.cases.len() == 1 { "" } else { "s" }
        ));
        let mut results = Vec::new();
        for case in &suite.cases {
            let expectation = expected.cases.get(case).cloned().unwrap_or_default();
            let mut engine = Engine::new()
                .field_validation(mode)
                .missing_handler_advice(MISSING_ANSWER_ADVICE)
                .state_machine_name(suite.name.clone())
                .mocks(&config, &suite.name, case)
                .map_err(|e| mocks(format!("{}: {e}", args.mocks.display())))?;
            if let Some(coverage) = &coverage {
                engine = engine.coverage(coverage);
            }
            if let Some(store) = &store {
                engine = engine.object_store(store.clone());
            }
            describe_coverage(
                &engine,
                &suite.machine,
                &suite.definition,
                Some(&suite.name),
            );
            let result = run_case(&engine, suite, case, &expectation).await;
            crate::cli::out::text(case_line(&result));
            total += result.time;
            if result.mismatches.is_empty() {
                passed += 1;
            } else {
                failed += 1;
            }
            results.push(result);
        }
        report.add_test_suite(junit_suite(&suite.name, &results));
    }
    crate::cli::out::line(format!(
        "{} test case{}: {passed} passed, {failed} failed",
        passed + failed,
        if passed + failed == 1 { "" } else { "s" }
    ));
    report.set_time(total);
    Ok((report, failed))
}

/// `file:line:column: error at /pointer: message` for a problem at `pointer` in `text`.
fn located(file: &Path, text: &str, pointer: &str, message: &str) -> String {
    let at = Pointer::parse(pointer).unwrap_or_else(Pointer::root);
    let place = place(file.display(), &Locator::new(text), &at);
    let shown = if pointer.is_empty() { "/" } else { pointer };
    format!("{place}: error at {shown}: {message}")
}

/// The cases file `path`, read and checked against the mock configuration `mocks` (every
/// case it names is one of the configuration's); a problem in it is the located message.
fn read_cases(
    path: &Path,
    config: &MockConfig,
    mocks: &Path,
) -> Result<HashMap<String, MachineCases>, InputError> {
    let error = |message| InputError::located(path, InputKind::TestCases, message);
    let text = read(path, MOCK_LIMIT, "a test cases file")
        .map_err(|e| InputError::command(path, InputKind::TestCases, e))?;
    let value = workflow_text::json::parse_data(&text)
        .map_err(|e| error(format!("{}: {e}", path.display())))?;
    let cases = test_cases::parse(&value)
        .map_err(|e| error(located(path, &text, e.pointer.as_str(), &e.message)))?;
    let known: Vec<(&str, &str)> = config.test_cases().collect();
    for (machine, machine_cases) in &cases {
        for case in machine_cases.cases.keys() {
            if !known.contains(&(machine.as_str(), case.as_str())) {
                let at = Pointer::root()
                    .key("StateMachines")
                    .key(machine)
                    .key("TestCases")
                    .key(case);
                return Err(error(located(
                    path,
                    &text,
                    at.as_str(),
                    &format!(
                        "the mock configuration `{}` has no test case `{case}` for state machine `{machine}`",
                        mocks.display()
                    ),
                )));
            }
        }
    }
    Ok(cases)
}

/// The state machines to run, each with its definition read, decoded and validated; or why
/// one cannot run.
fn suites(
    args: &TestArgs,
    config: &MockConfig,
    cases: &HashMap<String, MachineCases>,
) -> Result<Vec<Suite>, InputError> {
    let usage =
        |message: String| InputError::command(&args.mocks, InputKind::MockConfiguration, message);
    let mut order: Vec<(String, Vec<String>)> = Vec::new();
    for (machine, case) in config.test_cases() {
        match order.iter_mut().find(|(m, _)| m == machine) {
            Some((_, cases)) => cases.push(case.to_owned()),
            None => order.push((machine.to_owned(), vec![case.to_owned()])),
        }
    }
    if let Some(wanted) = &args.state_machine {
        order.retain(|(m, _)| m == wanted);
        if order.is_empty() {
            return Err(usage(format!(
                "`{}` has no test cases for state machine `{wanted}`; it has {}",
                args.mocks.display(),
                config.state_machine_names().join(", ")
            )));
        }
    }
    if order.is_empty() {
        return Err(usage(format!(
            "`{}` has no test cases",
            args.mocks.display()
        )));
    }
    if args.definition.is_some() && order.len() > 1 {
        return Err(usage(format!(
            "`--definition` is one state machine's, and `{}` has test cases for {}: name one with `--state-machine`",
            args.mocks.display(),
            order
                .iter()
                .map(|(m, _)| format!("`{m}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let mut suites = Vec::new();
    for (name, names) in order {
        let file = definition_of(args, &name, cases.get(&name)).map_err(usage)?;
        let definition = crate::source::load(&file)
            .map_err(|e| InputError::command(&file, InputKind::Definition, e))?;
        // Located as every command prints them; a definition `workflow test` cannot use is a
        // usage error here.
        let diagnostics = match StateMachine::from_json(&definition.text) {
            Ok(machine) => {
                let errors: Vec<_> = machine
                    .validate()
                    .into_iter()
                    .filter(|d| d.is_error())
                    .collect();
                if errors.is_empty() {
                    Ok(machine)
                } else {
                    Err(errors)
                }
            }
            Err(e) => Err(e.diagnostics),
        };
        let machine = diagnostics.map_err(|diagnostics| {
            let message = definition.located(&diagnostics);
            InputError::located(&file, InputKind::Definition, message)
        })?;
        suites.push(Suite {
            name,
            file,
            definition,
            machine,
            cases: names,
        });
    }
    Ok(suites)
}

/// The definition of state machine `name`: `--definition`, else the cases file's
/// `Definition` (a file relative to the cases file, or a crate workflow's name), else the
/// crate's workflow of that name.
fn definition_of(
    args: &TestArgs,
    name: &str,
    cases: Option<&MachineCases>,
) -> Result<PathBuf, String> {
    if let Some(file) = &args.definition {
        return Ok(file.clone());
    }
    if let Some(written) = cases.and_then(|c| c.definition.as_deref()) {
        let beside = args
            .cases
            .as_deref()
            .and_then(Path::parent)
            .map(|dir| dir.join(written))
            .unwrap_or_else(|| PathBuf::from(written));
        // A crate workflow's name is no file: keep it as written (`FILE#MACHINE`: its file).
        let file = beside
            .to_str()
            .and_then(|b| b.rsplit_once('#'))
            .map_or(beside.clone(), |(file, _)| PathBuf::from(file));
        return Ok(if file.exists() {
            beside
        } else {
            PathBuf::from(written)
        });
    }
    if crate::cli::crate_workflow(name).is_some() {
        return Ok(PathBuf::from(name));
    }
    Err(format!(
        "no definition for state machine `{name}`: give `--definition FILE`, a `Definition` for it in the `--cases` file, or build the tool with a workflow of that name (`main_with`)"
    ))
}

/// Runs one test case and compares the run with what is expected.
async fn run_case(
    engine: &Engine,
    suite: &Suite,
    case: &str,
    expected: &Expectation,
) -> CaseResult {
    let input = expected
        .input
        .clone()
        .unwrap_or_else(|| serde_json::json!({}));
    let started = Instant::now();
    let outcome = engine.machine(&suite.machine).input(input).run().await;
    let time = started.elapsed();
    let (mismatches, execution) = match outcome {
        Ok(execution) => (compare(expected, &execution), Some(execution)),
        Err(e) => (vec![format!("the run did not start: {e}")], None),
    };
    CaseResult {
        name: case.to_owned(),
        time,
        mismatches,
        execution,
    }
}

/// What of `execution` differs from `expected`, one line each.
fn compare(expected: &Expectation, execution: &Execution) -> Vec<String> {
    let mut differ = Vec::new();
    let status = expected.status();
    if execution.status != status {
        differ.push(format!(
            "status: expected {}, got {}",
            status.as_str(),
            execution.status.as_str()
        ));
    }
    if let Some(output) = &expected.output
        && execution.output.as_ref() != Some(output)
    {
        differ.push(format!(
            "output: expected {output}, got {}",
            shown(execution.output.as_ref().map(ToString::to_string))
        ));
    }
    let error = execution.error.as_ref().map(ToString::to_string);
    if let Some(want) = &expected.error
        && error.as_ref() != Some(want)
    {
        differ.push(format!("error: expected {want}, got {}", shown(error)));
    }
    if let Some(want) = &expected.cause
        && execution.cause.as_ref() != Some(want)
    {
        differ.push(format!(
            "cause: expected {want:?}, got {}",
            shown(execution.cause.as_ref().map(|c| format!("{c:?}")))
        ));
    }
    if let Some(states) = &expected.states
        && &execution.states != states
    {
        differ.push(format!(
            "states: expected {}, got {}",
            states.join(" → "),
            execution.states.join(" → ")
        ));
    }
    differ
}

fn shown(value: Option<String>) -> String {
    value.unwrap_or_else(|| "none".to_owned())
}

/// The terminal's lines for a case: `  ok     Name (0.002s)`, or `  FAILED Name` with what
/// differed and the run's error and cause.
fn case_line(result: &CaseResult) -> String {
    let seconds = result.time.as_secs_f64();
    if result.mismatches.is_empty() {
        return format!("  ok     {} ({seconds:.3}s)\n", result.name);
    }
    let mut text = format!("  FAILED {} ({seconds:.3}s)\n", result.name);
    for line in &result.mismatches {
        let _ = writeln!(text, "         {line}");
    }
    if let Some(execution) = &result.execution {
        if let Some(error) = &execution.error {
            let _ = writeln!(text, "         the execution's error: {error}");
        }
        if let Some(cause) = &execution.cause {
            let _ = writeln!(text, "         the execution's cause: {cause}");
        }
        for line in crate::cli::map_failures::lines(execution) {
            let _ = writeln!(text, "         {line}");
        }
    }
    text
}

/// A state machine's results as a JUnit `testsuite`: a `testcase` per test case (classname
/// the state machine), a `failure` for one whose run differed from what was expected (its
/// message the first difference, its type the execution's error, its text every difference
/// and the run's summary), an `error` for one whose run could not start.
fn junit_suite(name: &str, results: &[CaseResult]) -> TestSuite {
    let mut suite = TestSuite::new(name);
    let mut total = Duration::ZERO;
    for result in results {
        total += result.time;
        let status = if result.mismatches.is_empty() {
            TestCaseStatus::success()
        } else {
            let kind = if result.execution.is_some() {
                NonSuccessKind::Failure
            } else {
                NonSuccessKind::Error
            };
            let mut status = TestCaseStatus::non_success(kind);
            let mut description = result.mismatches.join("\n");
            if let Some(execution) = &result.execution {
                description.push_str("\n\n");
                description.push_str(&execution.summary_text());
                for line in crate::cli::map_failures::lines(execution) {
                    description.push_str(&line);
                    description.push('\n');
                }
                if let Some(error) = &execution.error {
                    status.set_type(error.to_string());
                }
            }
            if let Some(first) = result.mismatches.first() {
                status.set_message(first.as_str());
            }
            status.set_description(description);
            status
        };
        let mut case = TestCase::new(result.name.as_str(), status);
        case.set_classname(name).set_time(result.time);
        if let Some(execution) = &result.execution
            && result.mismatches.is_empty()
        {
            case.set_system_out(execution.summary_text());
        }
        suite.add_test_case(case);
    }
    suite.set_time(total);
    suite
}
