//! Resuming a failed execution on a fixed definition (issue 72, item 3:
//! `StartExecution::resume_failed`): the fix runs on the record up to where the execution
//! failed (its Tasks answered by the record, not called again), then live; inside a Parallel
//! or an inline Map only what did not finish runs again, inside a Distributed Map only the
//! children that did not succeed; variables are restored; a fix that takes another path before
//! the failure is refused unless the state to resume at is named; a timeout and a stop are
//! resumed alike. The plan (`StartExecution::plan`) says where a resume on AWS starts.

use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use workflow_runtime::asl::StateMachine;
use workflow_runtime::engine::{Engine, EngineError, TaskFailure, Within, blocking};
use workflow_runtime::execution::{EventKind, ExecutionStatus, HistoryEvent, RecordedHistory};

fn machine(definition: &Value) -> StateMachine {
    StateMachine::from_json(&definition.to_string()).unwrap_or_else(|e| panic!("{e}\n{definition}"))
}

/// An engine whose Lambda functions `names` answer `{"from": NAME, "got": payload}` and
/// note each call, by function.
fn functions(names: &[&'static str]) -> (Engine, Arc<Mutex<Vec<String>>>) {
    let calls = Arc::new(Mutex::new(Vec::new()));
    let mut engine = Engine::new();
    for name in names {
        let noted = Arc::clone(&calls);
        let name: &'static str = name;
        engine = engine.lambda(name, move |payload: Value| {
            noted.lock().unwrap().push(name.to_owned());
            async move { Ok::<_, TaskFailure>(json!({"from": name, "got": payload})) }
        });
    }
    (engine, calls)
}

fn invoke(function: &str, next: Option<&str>) -> Value {
    invoke_on(function, "$", next)
}

/// A Task calling `function` on what `path` selects (a path that selects nothing fails it
/// with `States.Runtime`: the bug the fixes mend).
fn invoke_on(function: &str, path: &str, next: Option<&str>) -> Value {
    let mut state = json!({"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": function, "Payload.$": path}, "OutputPath": "$.Payload"});
    match next {
        Some(next) => state["Next"] = json!(next),
        None => state["End"] = json!(true),
    }
    state
}

/// Six states of a pipeline; the second assigns the rows it counted as a variable, the fifth
/// sends them to `transform` (read from `rows`: the bug reads `$.rows`, which nothing holds).
fn pipeline(fixed: bool) -> Value {
    let rows = if fixed { "$rows" } else { "$.rows" };
    json!({"StartAt": "Extract", "States": {
        "Extract": invoke("extract", Some("Clean")),
        "Clean": {"Type": "Pass", "Assign": {"rows": 3}, "Next": "Validate"},
        "Validate": invoke("validate", Some("Enrich")),
        "Enrich": invoke("enrich", Some("Transform")),
        "Transform": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "transform", "Payload": {"rows.$": rows}},
            "OutputPath": "$.Payload", "Next": "Load"},
        "Load": invoke("load", None)}})
}

fn calls(noted: &Arc<Mutex<Vec<String>>>) -> Vec<String> {
    std::mem::take(&mut *noted.lock().unwrap())
}

#[test]
fn a_fixed_top_level_task_runs_live_after_the_recorded_states() {
    let (engine, noted) = functions(&["extract", "validate", "enrich", "transform", "load"]);
    let failed = blocking::run(engine.machine(&machine(&pipeline(false)))).unwrap();
    assert_eq!(failed.status, ExecutionStatus::Failed, "{failed}");
    assert_eq!(calls(&noted), ["extract", "validate", "enrich"]);
    let record = RecordedHistory::new(failed.history.clone());
    let resumed = resumes(&engine, &machine(&pipeline(true)), record);
    // Only what failed, and what follows it, was called.
    assert_eq!(calls(&noted), ["transform", "load"]);
    assert_eq!(resumed.resumed_at.state, "Transform");
    assert_eq!(resumed.resumed_at.variables.get("rows"), Some(&json!(3)));
    assert_eq!(resumed.replayed_states, 4);
    assert_eq!(resumed.live_states(), 2);
    // The variable the record's states assigned reached the fixed state.
    let transform = &resumed.execution.output.as_ref().unwrap()["got"];
    assert_eq!(transform, &json!({"from": "transform", "got": {"rows": 3}}));
    assert!(resumed.differences.is_empty(), "{:#?}", resumed.differences);
    // Starting over calls everything again.
    let over = blocking::run(engine.machine(&machine(&pipeline(true)))).unwrap();
    assert_eq!(over.status, ExecutionStatus::Succeeded);
    assert_eq!(calls(&noted).len(), 5);
    assert_eq!(over.output, resumed.execution.output);
}

#[test]
fn a_fix_that_takes_another_path_before_the_failure_is_refused_unless_a_state_is_named() {
    let (engine, noted) = functions(&["extract", "validate", "enrich", "transform", "load"]);
    let failed = blocking::run(engine.machine(&machine(&pipeline(false)))).unwrap();
    calls(&noted);
    let record = RecordedHistory::new(failed.history.clone());
    // The fix also audits after Clean: it no longer takes the recorded path.
    let mut skipping = pipeline(true);
    skipping["States"]["Clean"]["Next"] = json!("Audit");
    skipping["States"]["Audit"] = json!({"Type": "Pass", "Next": "Validate"});
    let refused = blocking::run(
        engine
            .machine(&machine(&skipping))
            .resume_failed(record.clone()),
    )
    .expect_err("it diverges before the failure");
    let EngineError::DivergesBeforeFailure(d) = &refused else {
        panic!("{refused}")
    };
    assert_eq!(d.state.as_deref(), Some("Audit"), "{d}");
    assert_eq!(d.after_state.as_deref(), Some("Clean"), "{d}");
    assert!(
        calls(&noted).is_empty(),
        "nothing runs live before the refusal"
    );
    // Named, the state takes the input the record shows and the variables assigned before it,
    // and everything from there runs live.
    let resumed = blocking::run(
        engine
            .machine(&machine(&skipping))
            .resume_failed(record)
            .from_state("Enrich"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(resumed.execution.status, ExecutionStatus::Succeeded);
    assert_eq!(calls(&noted), ["enrich", "transform", "load"]);
    assert!(resumed.resumed_at.named);
    assert_eq!(resumed.resumed_at.variables.get("rows"), Some(&json!(3)));
    assert_eq!(resumed.replayed_states, 0);
    let entered = &resumed.execution.history[1];
    assert_eq!(entered.kind.state_name(), Some("Enrich"));
    // A visit the record does not hold is refused with the visits it holds.
    let refused = blocking::run(
        engine
            .machine(&machine(&skipping))
            .resume_failed(RecordedHistory::new(failed.history.clone()))
            .from_state("Nowhere"),
    )
    .expect_err("no such state");
    assert!(matches!(refused, EngineError::NoSuchVisit(_)), "{refused}");
    assert!(
        refused
            .to_string()
            .contains("the record holds no visit `Nowhere`; it holds `Extract`, `Clean`"),
        "{refused}"
    );
}

#[test]
fn inside_a_parallel_only_the_failed_branch_runs_again() {
    // The right branch waits before its Task: the left one has finished when it fails.
    let parallel = |path: &str| {
        json!({"StartAt": "Prepare", "States": {
            "Prepare": invoke("prepare", Some("Both")),
            "Both": {"Type": "Parallel", "Next": "Done", "Branches": [
                {"StartAt": "Left", "States": {"Left": invoke("left", None)}},
                {"StartAt": "Later", "States": {
                    "Later": {"Type": "Wait", "Seconds": 5, "Next": "Right"},
                    "Right": invoke_on("right", path, None)}}]},
            "Done": {"Type": "Pass", "End": true}}})
    };
    let (engine, noted) = functions(&["prepare", "left", "right"]);
    let failed = blocking::run(engine.machine(&machine(&parallel("$.missing")))).unwrap();
    assert_eq!(failed.status, ExecutionStatus::Failed, "{failed}");
    assert_eq!(calls(&noted), ["prepare", "left"]);
    let fixed = machine(&parallel("$"));
    let record = RecordedHistory::new(failed.history.clone());
    let resumed = blocking::run(engine.machine(&fixed).resume_failed(record.clone())).unwrap();
    assert_eq!(
        resumed.execution.status,
        ExecutionStatus::Succeeded,
        "{}",
        resumed.execution
    );
    // `left` finished: its recorded result answers it again.
    assert_eq!(calls(&noted), ["right"]);
    // On AWS a resume starts at a top-level state: the Parallel.
    let point = blocking::run(engine.machine(&fixed).resume_failed(record).plan()).unwrap();
    assert_eq!(point.state, "Both");
    assert_eq!(point.input, json!({"from": "prepare", "got": {}}));
    assert!(calls(&noted).is_empty(), "a plan runs nothing live");
}

#[test]
fn inside_an_inline_map_only_the_iterations_that_did_not_finish_run_again() {
    let map = |with_default: bool| {
        let mut check = json!({"Type": "Choice", "Choices": [
            {"Variable": "$.got.n", "NumericLessThan": 2, "Next": "Small"}]});
        if with_default {
            check["Default"] = json!("Small");
        }
        json!({"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemsPath": "$.items",
            "MaxConcurrency": 1, "End": true,
            "ItemProcessor": {"StartAt": "Measure", "States": {
                "Measure": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                    "Parameters": {"FunctionName": "measure", "Payload.$": "$"}, "OutputPath": "$.Payload", "Next": "Check"},
                "Check": check,
                "Small": {"Type": "Pass", "End": true}}}}}})
    };
    let (engine, noted) = functions(&["measure"]);
    let failed = blocking::run(
        engine
            .machine(&machine(&map(false)))
            .input(json!({"items": [{"n": 1}, {"n": 2}, {"n": 3}]})),
    )
    .unwrap();
    assert_eq!(failed.status, ExecutionStatus::Failed, "{failed}");
    // Item 2 failed at its Choice; item 3 never started.
    assert_eq!(calls(&noted).len(), 2, "{failed} {:#?}", failed.history);
    let resumed = resumes(
        &engine,
        &machine(&map(true)),
        RecordedHistory::new(failed.history),
    );
    // Items 1 and 2 were measured before: only item 3 is.
    assert_eq!(calls(&noted), ["measure"]);
    assert_eq!(resumed.resumed_at.state, "Each");
}

/// A Distributed Map whose child fails when an item is over 10 (no Choice matches it), unless
/// fixed with a Default.
fn distributed(fixed: bool, execution_type: &str) -> Value {
    let mut check = json!({"Type": "Choice", "Choices": [
        {"Variable": "$.got.n", "NumericLessThanEquals": 10, "Next": "Fine"}]});
    if fixed {
        check["Default"] = json!("Fine");
    }
    json!({"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemsPath": "$.items",
        "Label": "Items", "MaxConcurrency": 1, "End": true,
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": execution_type},
          "StartAt": "Measure", "States": {
            "Measure": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {"FunctionName": "measure", "Payload.$": "$"}, "OutputPath": "$.Payload", "Next": "Check"},
            "Check": check,
            "Fine": {"Type": "Pass", "End": true}}}}}})
}

#[test]
fn inside_a_distributed_map_only_the_children_that_did_not_succeed_run_again() {
    for execution_type in ["STANDARD", "EXPRESS"] {
        let (engine, noted) = functions(&["measure"]);
        let failed = blocking::run(
            engine
                .machine(&machine(&distributed(false, execution_type)))
                .input(json!({"items": [{"n": 1}, {"n": 20}, {"n": 3}]})),
        )
        .unwrap();
        assert_eq!(failed.status, ExecutionStatus::Failed, "{failed}");
        assert_eq!(
            failed.map_runs[0].executions.len(),
            2,
            "one at a time: item 3 never started"
        );
        let child = failed.failed_child().expect("a failed child");
        assert_eq!(child.state.as_deref(), Some("Check"), "{child}");
        calls(&noted);
        let record = RecordedHistory::of_run(&failed);
        let resumed = blocking::run(
            engine
                .machine(&machine(&distributed(true, execution_type)))
                .resume_failed(record),
        )
        .unwrap_or_else(|e| panic!("{execution_type}: {e}"));
        assert_eq!(
            resumed.execution.status,
            ExecutionStatus::Succeeded,
            "{execution_type}: {}",
            resumed.execution
        );
        let run = &resumed.execution.map_runs[0];
        assert_eq!(run.executions.len(), 3);
        assert!(
            run.executions
                .iter()
                .all(|c| c.status == ExecutionStatus::Succeeded)
        );
        // The child that succeeded was kept; the failed STANDARD one resumed after its
        // recorded Task, an EXPRESS one (no history) ran again from its start; the item that
        // never started started.
        let expected: &[&str] = match execution_type {
            "STANDARD" => &["measure"],
            _ => &["measure", "measure"],
        };
        assert_eq!(calls(&noted), expected, "{execution_type}");
        assert_eq!(resumed.resumed_at.state, "Each");
    }
}

#[test]
fn a_timed_out_execution_resumes_with_a_timeout_counted_from_the_resume() {
    let timed = |timeout: u64| {
        json!({"TimeoutSeconds": timeout, "StartAt": "Extract", "States": {
            "Extract": invoke("extract", Some("Settle")),
            "Settle": {"Type": "Wait", "Seconds": 30, "Next": "Load"},
            "Load": invoke("load", None)}})
    };
    let (engine, noted) = functions(&["extract", "load"]);
    let failed = blocking::run(engine.machine(&machine(&timed(20)))).unwrap();
    assert_eq!(failed.status, ExecutionStatus::TimedOut);
    calls(&noted);
    let resumed = resumes(
        &engine,
        &machine(&timed(60)),
        RecordedHistory::new(failed.history),
    );
    assert_eq!(calls(&noted), ["load"]);
    assert_eq!(resumed.resumed_at.state, "Settle");
}

#[test]
fn a_stopped_execution_resumes_where_it_was_stopped() {
    let waiting = json!({"StartAt": "Extract", "States": {
        "Extract": invoke("extract", Some("Approve")),
        "Approve": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}}, "Next": "Load"},
        "Load": invoke("load", None)}});
    let (engine, noted) = functions(&["extract", "load"]);
    let started = blocking::start(engine.machine(&machine(&waiting))).unwrap();
    started.next_task().expect("the approval waits");
    started.stop(None, Some("stopped by hand"));
    let stopped = started.wait().unwrap();
    assert_eq!(stopped.status, ExecutionStatus::Aborted);
    calls(&noted);
    // The fix approves by itself.
    let mut fixed = waiting.clone();
    fixed["States"]["Approve"] =
        json!({"Type": "Pass", "Result": {"approved": true}, "Next": "Load"});
    let resumed = resumes(
        &engine,
        &machine(&fixed),
        RecordedHistory::new(stopped.history),
    );
    assert_eq!(calls(&noted), ["load"]);
    assert_eq!(resumed.resumed_at.state, "Approve");
}

#[test]
fn a_succeeded_or_running_execution_is_not_resumed() {
    let (engine, _) = functions(&["extract", "validate", "enrich", "transform", "load"]);
    let fine = machine(&pipeline(true));
    let done = blocking::run(engine.machine(&fine)).unwrap();
    let refused = blocking::run(
        engine
            .machine(&fine)
            .resume_failed(RecordedHistory::new(done.history.clone())),
    )
    .expect_err("it succeeded");
    assert!(refused.to_string().contains("succeeded"), "{refused}");
    let refused = blocking::run(
        engine
            .machine(&fine)
            .resume_failed(RecordedHistory::new(done.history[..3].to_vec())),
    )
    .expect_err("it is still running");
    assert!(refused.to_string().contains("still running"), "{refused}");
}

// ---- Issue 88: resume never repeats what succeeded, whatever the fix changes ----
//
// Each container runs `Measure` then `Work` on an item (`n`: its index). `Work` fails on the
// bad item: its record's request reads `$.v`, which the bad item lacks (fixed by another
// request, which changes `Work` for every item: fix (b)), or it is flaky (`work` fails twice
// on it: fixed by a Retry, fix (a)). Fix (c) renames the failed state: refused, naming it.

/// Every call of a function: its name, the item's `n` (when the payload's `item` has one)
/// and whether it answered.
type Log = Arc<Mutex<Vec<(String, Option<u64>, bool)>>>;

/// An engine whose Lambda functions `names` answer `{"from": NAME, "got": payload}` and log
/// each call; `work` fails (`Flaky`) the first two times it gets a flaky item (not in a fixed
/// request).
fn logged(names: &[&'static str]) -> (Engine, Log) {
    let log: Log = Arc::new(Mutex::new(Vec::new()));
    let seen: Arc<Mutex<std::collections::HashMap<String, u32>>> = Arc::default();
    let mut engine = Engine::new();
    for name in names {
        let (log, seen) = (Arc::clone(&log), Arc::clone(&seen));
        let name: &'static str = name;
        engine = engine.lambda(name, move |payload: Value| {
            let n = payload["item"]["n"].as_u64();
            // The fix (b)'s request marks itself fixed: it is not flaky.
            let flaky = payload["item"]["flaky"] == json!(true) && payload["fixed"] != json!(true);
            let count = {
                let mut seen = seen.lock().unwrap();
                let count = seen.entry(format!("{name}{payload}")).or_default();
                *count += 1;
                *count
            };
            let fails = name == "work" && flaky && count <= 2;
            log.lock().unwrap().push((name.to_owned(), n, !fails));
            async move {
                match fails {
                    true => Err(TaskFailure::new("Flaky", "try again")),
                    false => Ok(json!({"from": name, "got": payload})),
                }
            }
        });
    }
    (engine, log)
}

/// The calls logged since the last look, as `function:n`, sorted (concurrent strands call in
/// any order).
fn taken(log: &Log) -> Vec<(String, Option<u64>, bool)> {
    std::mem::take(&mut *log.lock().unwrap())
}

fn called(calls: &[(String, Option<u64>, bool)]) -> Vec<String> {
    let mut names: Vec<String> = calls
        .iter()
        .map(|(f, n, _)| match n {
            Some(n) => format!("{f}:{n}"),
            None => f.clone(),
        })
        .collect();
    names.sort();
    names
}

/// No call that answered in the record is made again by the resume.
fn none_again(record: &[(String, Option<u64>, bool)], resume: &[(String, Option<u64>, bool)]) {
    for (f, n, ok) in record {
        if *ok && n.is_some() {
            assert!(
                !resume.iter().any(|(g, m, _)| g == f && m == n),
                "{f}:{n:?} answered in the record and was called again: {resume:?}"
            );
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Fix {
    /// (a) `Work` retries.
    Retry,
    /// (b) `Work` (and `Measure`) send another request.
    Request,
    /// (c) `Work` is renamed.
    Rename,
}

/// A Task calling `function` on `{"item": <input>}` (or, `reads_v`, on the input's `v`, which
/// the bad item lacks), `fixed` marking the fixed request.
fn call(function: &str, reads_v: bool, fixed: bool, next: Option<&str>) -> Value {
    let mut payload = json!({"item.$": if reads_v { "$.v" } else { "$" }});
    if fixed {
        payload["fixed"] = json!(true);
    }
    let mut state = json!({"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": function, "Payload": payload},
        "OutputPath": "$.Payload"});
    match next {
        Some(next) => state["Next"] = json!(next),
        None => state["End"] = json!(true),
    }
    state
}

/// A strand's states: `Measure`, `Settle` (a Wait of the item's `wait`, else 1 s), then
/// `Work`, as the record (`fix` none: `flaky` a record of the fix (a) fixes) or a fix has them.
fn strand(fix: Option<Fix>, flaky: bool) -> Value {
    let fixed = matches!(fix, Some(Fix::Request | Fix::Rename));
    let work_name = if fix == Some(Fix::Rename) {
        "Work2"
    } else {
        "Work"
    };
    let mut work = call("work", !flaky && fix.is_none(), fixed, None);
    if fix == Some(Fix::Retry) {
        work["Retry"] = json!([{"ErrorEquals": ["Flaky"], "MaxAttempts": 2, "IntervalSeconds": 1}]);
    }
    let mut measure = call("measure", false, fixed, Some("Settle"));
    if let Some(fields) = measure.as_object_mut() {
        fields.remove("OutputPath");
        fields.insert("ResultPath".into(), json!("$.measured"));
    }
    json!({"StartAt": "Measure", "States": {
        "Measure": measure,
        "Settle": {"Type": "Wait", "SecondsPath": "$.wait", "Next": work_name},
        work_name: work}})
}

/// The items: the second is bad (no `v`, flaky); `waits` their Waits.
fn items(waits: [u64; 3]) -> Value {
    json!({"items": [
        {"n": 0, "v": 1, "wait": waits[0]},
        {"n": 1, "w": 2, "flaky": true, "wait": waits[1]},
        {"n": 2, "v": 3, "wait": waits[2]}]})
}

/// A case: a definition of each record and fix, its input, what the resume calls for fix (a)
/// and (b), where the failed state stood.
struct Case {
    name: &'static str,
    definition: fn(Option<Fix>, bool) -> Value,
    input: Value,
    functions: &'static [&'static str],
    after_retry: &'static [&'static str],
    after_request: &'static [&'static str],
    within: Vec<Within>,
    resumable: &'static [&'static str],
    /// The state the record failed in (what fix (c) renames).
    failed_state: &'static str,
    /// What else answers the resume's Tasks.
    answers: fn(Engine) -> Engine,
    /// Whether what answered in the record may run again (an EXPRESS child keeps no history).
    reruns: bool,
}

impl Case {
    /// An inline Map's case, one item at a time: the defaults the other cases change.
    fn new(name: &'static str, definition: fn(Option<Fix>, bool) -> Value) -> Case {
        Case {
            name,
            definition,
            input: items([1, 1, 1]),
            functions: &["measure", "work"],
            // Item 1 measured in the record: only its Work again (twice: it retries), then
            // item 2.
            after_retry: &["measure:2", "work:1", "work:1", "work:2"],
            after_request: &["measure:2", "work:1", "work:2"],
            within: vec![Within::Iteration {
                map: "Each".into(),
                index: Some(1),
            }],
            resumable: &["Each"],
            failed_state: "Work",
            answers: |engine| engine,
            reruns: false,
        }
    }

    /// A case in the second branch of the Parallel `Both`, whose first branch is `Left`.
    fn in_a_branch() -> Case {
        Case {
            functions: &["left", "measure", "work"],
            within: vec![Within::Branch {
                parallel: "Both".into(),
            }],
            resumable: &["Both"],
            ..Case::new("", |fix, flaky| inline_map(1)(fix, flaky))
        }
    }
}

fn inline_map(concurrency: u64) -> impl Fn(Option<Fix>, bool) -> Value {
    move |fix, flaky| {
        json!({"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemsPath": "$.items",
            "MaxConcurrency": concurrency, "ItemProcessor": strand(fix, flaky), "End": true}}})
    }
}

/// The resume of `record` on `fixed`, which succeeds.
fn resumes(
    engine: &Engine,
    fixed: &StateMachine,
    record: RecordedHistory,
) -> workflow_runtime::engine::Resumed {
    let resumed = blocking::run(engine.machine(fixed).resume_failed(record))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        resumed.execution.status,
        ExecutionStatus::Succeeded,
        "{}",
        resumed.execution
    );
    resumed
}

/// Runs `case`: for fixes (a) and (b), the record's failure then the resume; asserts what
/// the resume called, that nothing answered in the record was called again, and that the
/// plan agrees with the run; for fix (c), the refusal.
fn check(case: &Case, record_of: impl Fn(&Engine, &StateMachine) -> RecordedHistory) {
    check_fixes(case, &record_of);
    check_refusal(case, &record_of);
}

/// [`check`]'s fixes (a) and (b).
fn check_fixes(case: &Case, record_of: &impl Fn(&Engine, &StateMachine) -> RecordedHistory) {
    let name = case.name;
    for fix in [Fix::Retry, Fix::Request] {
        let (engine, log) = logged(case.functions);
        let engine = (case.answers)(engine);
        let broken = machine(&(case.definition)(None, fix == Fix::Retry));
        let record = record_of(&engine, &broken);
        let recorded = taken(&log);
        let fixed = machine(&(case.definition)(Some(fix), false));
        let point = blocking::run(engine.machine(&fixed).resume_failed(record.clone()).plan())
            .unwrap_or_else(|e| panic!("{name} {fix:?}: {e}"));
        let planned = taken(&log);
        assert!(
            planned.is_empty(),
            "{name} {fix:?}: a plan calls nothing: {planned:?} {:#?}",
            record.events()
        );
        let resumed = resumes(&engine, &fixed, record);
        let calls = taken(&log);
        let expected = match fix {
            Fix::Retry => case.after_retry,
            _ => case.after_request,
        };
        assert_eq!(called(&calls), expected, "{name} {fix:?}");
        if !case.reruns {
            none_again(&recorded, &calls);
        }
        assert_eq!(point, resumed.resumed_at, "{name} {fix:?}");
    }
}

/// [`check`]'s fix (c): refused before anything runs, naming the failed state, where it
/// stood and the states to resume at instead.
fn check_refusal(case: &Case, record_of: &impl Fn(&Engine, &StateMachine) -> RecordedHistory) {
    let name = case.name;
    let (engine, log) = logged(case.functions);
    let record = record_of(&engine, &machine(&(case.definition)(None, false)));
    taken(&log);
    let renamed = machine(&(case.definition)(Some(Fix::Rename), false));
    let refused = blocking::run(engine.machine(&renamed).resume_failed(record))
        .expect_err("the failed state is gone");
    let EngineError::FailedStateRemoved { failed, resumable } = &refused else {
        panic!("{name}: {refused}")
    };
    assert_eq!(failed.state, case.failed_state, "{name}: {refused}");
    assert_eq!(failed.within, case.within, "{name}: {refused}");
    assert_eq!(resumable, case.resumable, "{name}: {refused}");
    assert!(refused.to_string().contains("--from-state"), "{refused}");
    assert!(
        taken(&log).is_empty(),
        "{name}: nothing runs before the refusal"
    );
}

/// The record of a run of `broken` on `input` that fails.
fn failing(input: Value) -> impl Fn(&Engine, &StateMachine) -> RecordedHistory {
    move |engine, broken| {
        let failed = blocking::run(engine.machine(broken).input(input.clone())).unwrap();
        assert_eq!(failed.status, ExecutionStatus::Failed, "{failed}");
        RecordedHistory::of_run(&failed)
    }
}

#[test]
fn an_inline_map_one_at_a_time_reruns_only_its_failed_iteration_and_those_never_started() {
    let case = Case::new("inline Map, MaxConcurrency 1", |fix, flaky| {
        inline_map(1)(fix, flaky)
    });
    check(&case, failing(case.input.clone()));
}

#[test]
fn an_inline_map_running_at_once_reruns_its_failed_and_aborted_iterations_from_where_they_stood() {
    // Item 0 ends at 1 s, item 1 fails at 10 s while item 2 waits until 20 s: it is aborted in
    // its Wait, after its Measure answered.
    let case = Case {
        input: items([1, 10, 20]),
        after_retry: &["work:1", "work:1", "work:2"],
        after_request: &["work:1", "work:2"],
        ..Case::new("inline Map, MaxConcurrency 0", |fix, flaky| {
            inline_map(0)(fix, flaky)
        })
    };
    check(&case, failing(case.input.clone()));
}

/// The Parallel `Both`: a branch calling `left`, and `right`.
fn both(fix: Option<Fix>, right: Value) -> Value {
    let fixed = matches!(fix, Some(Fix::Request | Fix::Rename));
    json!({"StartAt": "Both", "States": {"Both": {"Type": "Parallel", "End": true,
        "Branches": [
            {"StartAt": "Left", "States": {"Left": call("left", false, fixed, None)}},
            right]}}})
}

#[test]
fn a_parallel_reruns_only_its_failed_branch() {
    let case = Case {
        name: "Parallel",
        definition: |fix, flaky| both(fix, strand(fix, flaky)),
        input: json!({"n": 1, "w": 2, "flaky": true, "wait": 5}),
        after_retry: &["work:1", "work:1"],
        after_request: &["work:1"],
        ..Case::in_a_branch()
    };
    check(&case, failing(case.input.clone()));
}

/// `history` as AWS chains a Map's iterations: each `MapIterationStarted` after the first
/// names the previous iteration's last state event (LocalStack's
/// `test_map_state_break_condition`, recorded on AWS).
fn chained_as_aws(history: &[HistoryEvent]) -> Vec<HistoryEvent> {
    let mut events = history.to_vec();
    let mut last_state_event = None;
    for event in &mut events {
        match &event.kind {
            EventKind::MapIterationStarted { index, .. } if *index > 0 => {
                if let Some(previous) = last_state_event {
                    event.previous_event_id = previous;
                }
            }
            EventKind::StateExited { .. } => last_state_event = Some(event.id),
            _ => {}
        }
    }
    events
}

#[test]
fn a_record_chained_as_aws_chains_iterations_resumes_alike() {
    let case = Case::new("inline Map, AWS's chains", |fix, flaky| {
        inline_map(1)(fix, flaky)
    });
    let input = case.input.clone();
    check(&case, move |engine, broken| {
        let failed = blocking::run(engine.machine(broken).input(input.clone())).unwrap();
        assert_eq!(failed.status, ExecutionStatus::Failed, "{failed}");
        let aws = chained_as_aws(&failed.history);
        assert_ne!(aws, failed.history, "the iterations were chained otherwise");
        RecordedHistory::new(aws)
    });
}

fn distributed_map(execution_type: &'static str) -> impl Fn(Option<Fix>, bool) -> Value {
    move |fix, flaky| {
        let mut processor = strand(fix, flaky);
        processor["ProcessorConfig"] =
            json!({"Mode": "DISTRIBUTED", "ExecutionType": execution_type});
        json!({"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemsPath": "$.items",
            "Label": "Items", "MaxConcurrency": 1, "ItemProcessor": processor, "End": true}}})
    }
}

/// The record of a run of `broken` on the items that fails in its Distributed Map.
fn failing_children(engine: &Engine, broken: &StateMachine) -> RecordedHistory {
    let failed = blocking::run(engine.machine(broken).input(items([1, 1, 1]))).unwrap();
    assert_eq!(failed.status, ExecutionStatus::Failed, "{failed}");
    assert_eq!(
        failed.map_runs[0].executions.len(),
        2,
        "item 2 never started"
    );
    RecordedHistory::of_run(&failed)
}

#[test]
fn a_distributed_maps_standard_children_that_succeeded_are_kept_and_the_failed_one_resumes() {
    let (engine, _) = logged(&["measure", "work"]);
    let record = failing_children(&engine, &machine(&distributed_map("STANDARD")(None, false)));
    let failed_child = record
        .children()
        .iter()
        .find(|(_, events)| {
            events
                .last()
                .is_some_and(|e| matches!(e.kind, EventKind::ExecutionFailed { .. }))
        })
        .map(|(arn, _)| arn.execution_name().unwrap_or_default().to_owned())
        .expect("a failed child");
    // The failed child resumes from its record: its Measure is taken, whatever it now sends.
    check(
        &Case {
            within: vec![Within::Child {
                map: "Each".into(),
                execution: failed_child,
            }],
            ..Case::new("Distributed Map, STANDARD", |fix, flaky| {
                distributed_map("STANDARD")(fix, flaky)
            })
        },
        failing_children,
    );
}

#[test]
fn a_distributed_maps_express_children_that_succeeded_are_kept_and_the_failed_one_runs_again() {
    // An EXPRESS child keeps no history: the failed one runs again from its start (AWS:
    // "the Express child workflows are rerun using the StartExecution API action"). Its
    // record holds no state to refuse a fix (c) over.
    check_fixes(
        &Case {
            after_retry: &["measure:1", "measure:2", "work:1", "work:1", "work:2"],
            after_request: &["measure:1", "measure:2", "work:1", "work:2"],
            reruns: true,
            ..Case::new("Distributed Map, EXPRESS", |fix, flaky| {
                distributed_map("EXPRESS")(fix, flaky)
            })
        },
        &failing_children,
    );
}

/// `definition` with its state `from` renamed `to` (and every transition to it).
fn renamed(mut definition: Value, from: &str, to: &str) -> Value {
    let mut stack = vec![&mut definition];
    while let Some(value) = stack.pop() {
        match value {
            Value::Object(map) => {
                if let Some(Value::Object(states)) = map.get_mut("States")
                    && let Some(state) = states.remove(from)
                {
                    states.insert(to.to_owned(), state);
                }
                for key in ["StartAt", "Next", "Default"] {
                    if map.get(key) == Some(&json!(from)) {
                        map.insert(key.to_owned(), json!(to));
                    }
                }
                stack.extend(map.values_mut());
            }
            Value::Array(items) => stack.extend(items.iter_mut()),
            _ => {}
        }
    }
    definition
}

#[test]
fn a_timed_out_execution_reruns_the_state_it_timed_out_in_and_nothing_that_succeeded() {
    // The second item's Wait outlasts the execution's 30 s; the fixes give it 300.
    let case = Case {
        name: "timed out in a Map",
        definition: |fix, flaky| {
            let mut definition = inline_map(1)(fix, flaky);
            definition["TimeoutSeconds"] = json!(if fix.is_some() { 300 } else { 30 });
            match fix {
                Some(Fix::Rename) => renamed(definition, "Settle", "Settle2"),
                _ => definition,
            }
        },
        input: items([1, 100, 1]),
        // Item 1's Wait runs again, then its Work (never reached in the record: it fails
        // twice, the Retry's second try answers).
        after_retry: &["measure:2", "work:1", "work:1", "work:1", "work:2"],
        failed_state: "Settle",
        ..Case::new("", |fix, flaky| inline_map(1)(fix, flaky))
    };
    let input = case.input.clone();
    check(&case, move |engine, broken| {
        let timed_out = blocking::run(engine.machine(broken).input(input.clone())).unwrap();
        assert_eq!(timed_out.status, ExecutionStatus::TimedOut, "{timed_out}");
        RecordedHistory::of_run(&timed_out)
    });
}

#[test]
fn a_stopped_execution_reruns_the_state_it_was_stopped_in_and_nothing_that_succeeded() {
    // The right branch waits for an approval (a callback) when the execution is stopped; the
    // resume's approval answers at once.
    let case = Case {
        name: "stopped in a Parallel",
        definition: |fix, flaky| {
            let mut right = strand(fix, flaky);
            let work = if fix == Some(Fix::Rename) {
                "Work2"
            } else {
                "Work"
            };
            let states = right["States"].as_object_mut().expect("states");
            states.remove("Settle");
            states.insert(
                "Approve".into(),
                json!({"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                    "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}},
                    "ResultPath": null, "Next": work}),
            );
            states["Measure"]["Next"] = json!("Approve");
            let definition = both(fix, right);
            match fix {
                Some(Fix::Rename) => renamed(definition, "Approve", "Approve2"),
                _ => definition,
            }
        },
        input: json!({"n": 1, "w": 2, "flaky": true}),
        // Work never ran in the record: it fails twice, the Retry's second try answers.
        after_retry: &["work:1", "work:1", "work:1"],
        after_request: &["work:1"],
        failed_state: "Approve",
        answers: |engine| {
            engine.state("Approve", |_| async {
                Ok::<_, TaskFailure>(json!({"approved": true}))
            })
        },
        ..Case::in_a_branch()
    };
    let input = case.input.clone();
    check(&case, move |engine, broken| {
        let started = blocking::start(engine.machine(broken).input(input.clone())).unwrap();
        started.next_task().expect("the approval waits");
        started.stop(None, Some("stopped by hand"));
        let stopped = started.wait().unwrap();
        assert_eq!(stopped.status, ExecutionStatus::Aborted, "{stopped}");
        RecordedHistory::of_run(&stopped)
    });
}

#[test]
fn a_fix_is_validated_as_validate_validates_it_before_anything_runs() {
    let broken = json!({"QueryLanguage": "JSONata", "StartAt": "Load", "States": {
        "Load": {"Type": "Pass", "Output": {"rows": 3}, "Next": "Check"},
        "Check": {"Type": "Choice", "Choices": [
            {"Condition": "{% $states.input.rows > 5 %}", "Next": "Report"}]},
        "Report": {"Type": "Pass", "End": true}}});
    let (engine, _) = logged(&[]);
    let failed = blocking::run(engine.machine(&machine(&broken))).unwrap();
    assert_eq!(failed.status, ExecutionStatus::Failed, "{failed}");
    // The fix reaches `Report`, whose Output reads a field its input does not have.
    let mut fixed = broken.clone();
    fixed["States"]["Check"]["Default"] = json!("Report");
    fixed["States"]["Report"]["Output"] = json!("{% $states.input.missing %}");
    let text = fixed.to_string();
    let validated: Vec<_> = workflow_runtime::asl::check(&text)
        .into_iter()
        .filter(|d| d.is_error())
        .map(|d| (d.code, d.pointer.to_string()))
        .collect();
    assert!(!validated.is_empty(), "`workflow validate` refuses it");
    let fixed = machine(&fixed);
    // Even an engine that takes the validator's errors as warnings refuses to resume on it,
    // locally and for a plan (`--deploy`).
    for engine in [engine.clone(), engine.validation_errors_as_warnings(true)] {
        let record = RecordedHistory::new(failed.history.clone());
        for refused in [
            blocking::run(engine.machine(&fixed).resume_failed(record.clone()))
                .expect_err("invalid")
                .to_string(),
            blocking::run(engine.machine(&fixed).resume_failed(record.clone()).plan())
                .expect_err("invalid")
                .to_string(),
        ] {
            assert!(refused.contains("$states.input.missing"), "{refused}");
        }
        let refused =
            blocking::run(engine.machine(&fixed).resume_failed(record)).expect_err("invalid");
        let EngineError::InvalidDefinition(diagnostics) = refused else {
            panic!("{refused}")
        };
        let found: Vec<_> = diagnostics
            .iter()
            .map(|d| (d.code, d.pointer.to_string()))
            .collect();
        assert_eq!(
            found, validated,
            "the engine validates as `workflow validate` does"
        );
    }
}

#[test]
fn a_fix_that_no_longer_goes_to_the_fail_state_that_ended_an_iteration_may_remove_it() {
    // LocalStack's `test_map_state_break_condition`, recorded on AWS: a Choice sends an item
    // to a Fail state. A Fail state does no work: the fix routes the item on and removes it
    // (the validator refuses a state nothing reaches), and the iteration goes on live after
    // its Choice.
    let map = |fixed: bool| {
        let mut processor = json!({"StartAt": "Check", "States": {
            "Check": {"Type": "Choice", "Choices": [
                {"Variable": "$.n", "NumericEquals": 1, "Next": if fixed { "Work" } else { "Break" }}],
                "Default": "Work"},
            "Break": {"Type": "Fail", "Error": "Broken"},
            "Work": call("work", false, true, None)}});
        if fixed && let Some(states) = processor["States"].as_object_mut() {
            states.remove("Break");
        }
        json!({"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemsPath": "$.items",
            "MaxConcurrency": 1, "ItemProcessor": processor, "End": true}}})
    };
    let (engine, log) = logged(&["work"]);
    let failed = blocking::run(
        engine
            .machine(&machine(&map(false)))
            .input(items([1, 1, 1])),
    )
    .unwrap();
    assert_eq!(failed.status, ExecutionStatus::Failed, "{failed}");
    let recorded = taken(&log);
    assert_eq!(called(&recorded), ["work:0"]);
    let record = RecordedHistory::new(chained_as_aws(&failed.history));
    let resumed = resumes(&engine, &machine(&map(true)), record);
    let calls = taken(&log);
    assert_eq!(called(&calls), ["work:1", "work:2"]);
    none_again(&recorded, &calls);
    // Each, item 0's Check and Work, item 1's Check.
    assert_eq!(resumed.replayed_states, 4);
}

/// A child execution as it ran: its ARN and its history.
type ChildRun = (workflow_runtime::aws_models::StatesArn, Vec<HistoryEvent>);

#[test]
fn a_nested_child_whose_failure_failed_its_task_resumes_from_its_own_record() {
    // The child measures its item, then works on it: `work` fails twice on it (the record's
    // failure, then the resume's first try), and the fix retries the parent's Task.
    let mut child = strand(None, true);
    child["States"]["Measure"]["Next"] = json!("Work");
    child["States"]
        .as_object_mut()
        .expect("states")
        .remove("Settle");
    let child_text = child.to_string();
    let child_machine = machine(&child);
    let parent = |retry: bool| {
        let mut nest = json!({"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2",
            "Parameters": {"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:Child",
                "Input.$": "$"}, "Next": "After"});
        if retry {
            nest["Retry"] = json!([{"ErrorEquals": ["States.TaskFailed"], "MaxAttempts": 1}]);
        }
        // The parent calls the child's functions too (an engine's handler must match a Task
        // of the machine it runs).
        json!({"StartAt": "Before", "States": {
            "Before": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {"FunctionName": "measure", "Payload": {"item": {"n": 0}}},
                "ResultPath": null, "Next": "Nest"},
            "Nest": nest,
            "After": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {"FunctionName": "work", "Payload": {"item": {"n": 9}, "fixed": true}},
                "ResultPath": "$.after", "End": true}}})
    };
    let (engine, log) = logged(&["measure", "work"]);
    // The record: the Task runs the child on the engine and fails with it, as Step Functions
    // fails a `.sync` Task whose child failed (its `DescribeExecution` as the cause).
    let ran: Arc<Mutex<Option<ChildRun>>> = Arc::default();
    let (runner, slot, definition) = (engine.clone(), Arc::clone(&ran), child_machine.clone());
    let recording = engine.clone().state("Nest", move |call| {
        let (engine, slot, definition) = (
            runner.clone().state_machine_name("Child"),
            Arc::clone(&slot),
            definition.clone(),
        );
        async move {
            let request = engine
                .machine(&definition)
                .input(call.input["Input"].clone())
                .name("first");
            let arn = request.execution_arn();
            let failed = request.run().await.expect("the child runs");
            *slot.lock().unwrap() = Some((arn.clone(), failed.history));
            Err::<Value, _>(TaskFailure::new(
                "States.TaskFailed",
                json!({"ExecutionArn": arn.to_string(), "Status": "FAILED"}).to_string(),
            ))
        }
    });
    let failed = blocking::run(
        recording
            .machine(&machine(&parent(false)))
            .input(json!({"n": 1, "w": 2, "flaky": true})),
    )
    .unwrap();
    assert_eq!(failed.status, ExecutionStatus::Failed, "{failed}");
    let recorded = taken(&log);
    assert_eq!(called(&recorded), ["measure:0", "measure:1", "work:1"]);
    let (arn, history) = ran.lock().unwrap().take().expect("the child ran");
    let record = RecordedHistory::of_run(&failed).started_execution(arn, history, child_text);
    // Resumed: `Before` and the child's `Measure` are taken from the records; the child's
    // `Work` runs again in each of the Task's two tries (the second answers), then `After`.
    let resumed = resumes(&engine, &machine(&parent(true)), record.clone());
    let calls = taken(&log);
    assert_eq!(called(&calls), ["work:1", "work:1", "work:9"]);
    none_again(&recorded, &calls);
    let output = resumed.execution.output.expect("an output");
    assert_eq!(output["Status"], "SUCCEEDED", "{output}");
    assert_eq!(
        output["Output"]["got"]["item"]["n"], 1,
        "`.sync:2`: JSON, {output}"
    );
    // Renamed, the Task where the parent failed is refused.
    let renamed_parent = machine(&renamed(parent(true), "Nest", "Nested"));
    let refused = blocking::run(engine.machine(&renamed_parent).resume_failed(record))
        .expect_err("the failed state is gone");
    assert!(
        matches!(&refused, EngineError::FailedStateRemoved { failed, .. } if failed.state == "Nest"),
        "{refused}"
    );
}
