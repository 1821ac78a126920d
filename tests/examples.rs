//! Every example under `examples/`, run as the built binary it is:
//!
//! (a) its `--asl` output is one JSON document and nothing else, states what the example's
//!     `workflow!` states (for `hello_world`: exactly the seed's `examples/hello_world.asl.json`;
//!     for the others, the fields the macro derives: `.$` keys, `$$.Execution.Input.…` for
//!     `input.…`, the Choice operator that follows from the operand types, …), round-trips
//!     through `workflow fmt`, and passes `workflow validate` and both npm oracles
//!     (asl-validator and amazon-states-language-service, through `tools/oracles/*.js`);
//! (b) its local run (the default) exits as expected and prints the expected status, output
//!     and states entered, on the happy path and on the deliberately failing ones.
//!
//! The npm oracles are installed by `bash scripts/oracles.sh install`, which the test command
//! (`bash scripts/test.sh`) runs first; without them, or without `node`, these tests fail with
//! that instruction. They never skip.

use crate::asl_corpus_oracles::{oracle_verdicts, spawn_oracle};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::{Mutex, OnceLock};
use workflow_runtime::asl::ErrorName;

const EXAMPLES: [&str; 8] = [
    "hello_world",
    "processing_workflow",
    "order_map",
    "jsonata_variables",
    "counter_loop",
    "training_pipeline",
    "inference_pipeline",
    "retraining_workflow",
];

/// Examples tested by other files, which name them: a Lambda function process and a crate's
/// own `workflow` tool.
const TESTED_ELSEWHERE: [(&str, &str); 4] = [
    ("charge_lambda", "tests/serve.rs"),
    ("order_service", "tests/serve.rs"),
    ("order_returns", "examples/returns/tests.rs"),
    ("workflow_cli", "tests/cli.rs"),
];

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workflow-cli sits inside the workspace")
        .to_path_buf()
}

/// `target/<profile>`: this test binary sits in its `deps/`.
fn profile_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    exe.parent()
        .and_then(|deps| deps.parent())
        .expect("the test binary sits in target/<profile>/deps")
        .to_path_buf()
}

/// Serialises the fallback build below between the tests of this binary.
static BUILD: Mutex<()> = Mutex::new(());

/// `target/<profile>/examples/<name>`. The test command (`bash scripts/test.sh`) builds every
/// example with `cargo build --workspace --all-targets` before the tests run; when the binary
/// is missing, or older than its source (e.g. under a bare
/// `cargo test -p workflow-cli --test tools examples::`, which does not build examples), it is
/// built here with `cargo build -p workflow-examples --examples` and the opt-in features the
/// examples need.
fn example(name: &str) -> PathBuf {
    let dir = profile_dir();
    let binary = dir
        .join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    let _guard = BUILD.lock().unwrap_or_else(|e| e.into_inner());
    if !binary.exists() || is_older_than_sources(&binary, name) {
        let mut cargo = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
        cargo
            .args(["build", "-p", "workflow-examples", "--examples"])
            .args(["--features", "sagemaker,lambda"])
            .current_dir(repo_root());
        match dir.file_name().and_then(|p| p.to_str()) {
            Some("debug") | None => {}
            Some("release") => {
                cargo.arg("--release");
            }
            Some(profile) => {
                cargo.args(["--profile", profile]);
            }
        }
        let status = cargo
            .status()
            .expect("run cargo build -p workflow-examples --examples");
        assert!(
            status.success(),
            "cargo build -p workflow-examples --examples failed"
        );
    }
    assert!(binary.exists(), "{} is missing", binary.display());
    binary
}

/// Whether the example's binary is older than its source or the shared `examples/common/`.
fn is_older_than_sources(binary: &Path, name: &str) -> bool {
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let Some(built) = modified(binary) else {
        return true;
    };
    let examples = repo_root().join("examples");
    [
        examples.join(format!("{name}.rs")),
        examples.join("common/mod.rs"),
    ]
    .iter()
    .filter_map(|p| modified(p))
    .any(|source| source > built)
}

fn run(name: &str, args: &[&str]) -> Output {
    Command::new(example(name))
        .args(args)
        // a local run never talks to AWS: make sure nothing could
        .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
        .env_remove("WORKFLOW_ROLE_ARN")
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run the {name} example: {e}"))
}

// ---------------------------------------------------------------------------------------------
// (a) --asl

/// The definition `NAME --asl` prints, checked by [`checked_asls`] once in the test program
/// for every example: several tests read one example's, and a failed check fails each test
/// that asks for that example's.
fn asl_of(name: &str) -> Value {
    static CHECKED: OnceLock<BTreeMap<&'static str, Result<Value, String>>> = OnceLock::new();
    match CHECKED.get_or_init(checked_asls).get(name) {
        Some(Ok(definition)) => definition.clone(),
        Some(Err(failure)) => panic!("{failure}"),
        None => panic!("{name} is not in EXAMPLES"),
    }
}

/// Every example's definition, or what is wrong with it: each example's `NAME --asl` checked
/// by [`checked_by_workflow`] (at once, a thread each), then every definition that passed by
/// both npm oracles, one `node` process an oracle for all of them, started as the corpus's
/// oracle test starts them (`asl_corpus_oracles`; 16 processes were 6.4 CPU-seconds, two are
/// about 1).
fn checked_asls() -> BTreeMap<&'static str, Result<Value, String>> {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut checked: BTreeMap<&'static str, Result<(Value, String), String>> =
        std::thread::scope(|scope| {
            let runs: Vec<_> = EXAMPLES
                .iter()
                .map(|name| (*name, scope.spawn(|| checked_by_workflow(name, dir.path()))))
                .collect();
            runs.into_iter()
                .map(|(name, run)| (name, run.join().expect("an example's check returns")))
                .collect()
        });
    let files: Vec<String> = checked
        .values()
        .filter_map(|result| Some(result.as_ref().ok()?.1.clone()))
        .collect();
    if !files.is_empty() {
        let scripts = ["asl-validate.js", "asls-validate.js"];
        let running: Vec<_> = scripts
            .iter()
            .map(|script| spawn_oracle(script, &files))
            .collect();
        for (script, child) in scripts.into_iter().zip(running) {
            // keyed by file name: each example's is `NAME.asl.json`
            let verdicts = oracle_verdicts(script, child);
            for (name, result) in checked.iter_mut() {
                let Ok((_, file)) = result else { continue };
                let verdict = verdicts
                    .get(&format!("{name}.asl.json"))
                    .unwrap_or_else(|| panic!("{script} gave no verdict on {file}: {verdicts:?}"));
                if !verdict.valid || !verdict.errors.is_empty() {
                    *result = Err(format!("{script} rejects {name}'s ASL: {verdict:?}"));
                }
            }
        }
    }
    checked
        .into_iter()
        .map(|(name, result)| (name, result.map(|(definition, _)| definition)))
        .collect()
}

/// Runs `NAME --asl`, checks that stdout is one JSON document and nothing else, writes it to
/// `dir`, and checks it with `workflow validate` and `workflow fmt`. Returns the definition and
/// its file, or what is wrong.
fn checked_by_workflow(name: &str, dir: &Path) -> Result<(Value, String), String> {
    let out = run(name, &["--asl"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        return Err(format!("{name} --asl failed: {stderr}"));
    }
    if !out.stderr.is_empty() {
        return Err(format!("{name} --asl wrote to stderr: {stderr}"));
    }
    // from_slice refuses anything after the document but whitespace
    let definition: Value = serde_json::from_slice(&out.stdout).map_err(|e| {
        format!(
            "{name} --asl did not print only JSON ({e}):\n{}",
            String::from_utf8_lossy(&out.stdout)
        )
    })?;
    if !definition.is_object() {
        return Err(format!("{name}: {definition}"));
    }

    let file = dir.join(format!("{name}.asl.json"));
    std::fs::write(&file, &out.stdout).expect("write the definition");
    let file = file.to_str().expect("a UTF-8 temporary path").to_owned();

    // workflow validate
    let validate = Command::new(env!("CARGO_BIN_EXE_workflow"))
        .args(["validate", &file])
        .output()
        .expect("run workflow validate");
    if validate.status.code() != Some(0) {
        return Err(format!(
            "workflow validate rejects {name}'s ASL:\n{}{}",
            String::from_utf8_lossy(&validate.stdout),
            String::from_utf8_lossy(&validate.stderr)
        ));
    }

    // workflow fmt: the typed model reads and writes it losslessly
    let fmt = Command::new(env!("CARGO_BIN_EXE_workflow"))
        .args(["fmt", &file])
        .output()
        .expect("run workflow fmt");
    if !fmt.status.success() {
        return Err(format!(
            "workflow fmt failed on {name}'s ASL: {}",
            String::from_utf8_lossy(&fmt.stderr)
        ));
    }
    let formatted: Value = serde_json::from_slice(&fmt.stdout).expect("workflow fmt prints JSON");
    if formatted != definition {
        return Err(format!("{name}: workflow fmt changed the ASL"));
    }
    Ok((definition, file))
}

/// The state names of a definition's top level, in order.
fn state_names(definition: &Value) -> Vec<&str> {
    definition["States"]
        .as_object()
        .expect("States")
        .keys()
        .map(String::as_str)
        .collect()
}

// ---------------------------------------------------------------------------------------------
// (b) local runs

/// What a local run printed: `status:`, `output:`, `error:`, `cause:`, `states:` and the exit
/// code.
#[derive(Debug)]
struct LocalRun {
    code: Option<i32>,
    status: String,
    output: Option<Value>,
    error: Option<ErrorName>,
    cause: Option<String>,
    states: Vec<String>,
    stdout: String,
}

fn run_locally(name: &str, args: &[&str]) -> LocalRun {
    let out = run(name, args);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.is_empty(),
        "{name} {args:?} wrote to stderr: {stderr}"
    );
    let line = |prefix: &str| {
        stdout
            .lines()
            .find_map(|l| l.strip_prefix(prefix))
            .map(str::to_owned)
    };
    LocalRun {
        code: out.status.code(),
        status: line("status: ").unwrap_or_else(|| panic!("no status line:\n{stdout}")),
        output: line("output: ").map(|o| {
            serde_json::from_str(&o).unwrap_or_else(|e| panic!("output is not JSON ({e}): {o}"))
        }),
        error: line("error: ").map(ErrorName::from),
        cause: line("cause: "),
        states: line("states: ")
            .unwrap_or_else(|| panic!("no states line:\n{stdout}"))
            .split(" → ")
            .map(str::to_owned)
            .collect(),
        stdout,
    }
}

// ---------------------------------------------------------------------------------------------

#[test]
fn every_example_is_registered_and_tested() {
    // every examples/*.rs is an [[example]] of the examples' package, workflow-examples (or,
    // for the tools' own, of workflow-cli) and is listed above; `lib.rs` is the examples'
    // package's (empty) library
    let read = |package: &str| {
        std::fs::read_to_string(repo_root().join(package).join("Cargo.toml"))
            .unwrap_or_else(|e| panic!("read {package}/Cargo.toml: {e}"))
    };
    let examples = read("examples");
    let tools = read("workflow-cli");
    let mut found: Vec<String> = std::fs::read_dir(repo_root().join("examples"))
        .expect("read examples/")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .filter(|name| name != "lib")
        .collect();
    found.sort();
    let mut listed: Vec<String> = EXAMPLES
        .iter()
        .chain(TESTED_ELSEWHERE.iter().map(|(name, _)| name))
        .map(|s| s.to_string())
        .collect();
    listed.sort();
    assert_eq!(found, listed, "examples/*.rs and the examples tested here");
    for (name, file) in TESTED_ELSEWHERE {
        let test = std::fs::read_to_string(repo_root().join(file)).expect("read the test file");
        assert!(
            test.contains(&format!("\"{name}\"")),
            "{file} does not run the example {name}"
        );
    }
    for name in EXAMPLES
        .iter()
        .chain(TESTED_ELSEWHERE.iter().map(|(name, _)| name))
    {
        let registered = |manifest: &str, path: &str| {
            manifest.contains(&format!("name = \"{name}\"")) && manifest.contains(path)
        };
        assert!(
            registered(&examples, &format!("path = \"{name}.rs\""))
                || registered(&tools, &format!("path = \"../examples/{name}.rs\"")),
            "{name} is not registered as an [[example]] in examples/ or workflow-cli/Cargo.toml"
        );
    }
}

#[test]
fn hello_world_asl_is_the_seeds() {
    let definition = asl_of("hello_world");
    let seed: Value = serde_json::from_str(
        &std::fs::read_to_string(repo_root().join("examples/hello_world.asl.json"))
            .expect("read examples/hello_world.asl.json"),
    )
    .expect("the seed's ASL is JSON");
    assert_eq!(
        definition, seed,
        "HelloWorld::ASL is not examples/hello_world.asl.json"
    );
    assert_eq!(state_names(&definition), state_names(&seed), "state order");
}

#[test]
fn hello_world_runs_locally() {
    let happy = run_locally("hello_world", &[]);
    assert_eq!(happy.code, Some(0), "{}", happy.stdout);
    assert_eq!(happy.status, "SUCCEEDED");
    // the Rust Lambda function base64-encodes "HelloWorld"; lambda:invoke wraps its answer
    assert_eq!(
        happy.output.as_ref().unwrap()["Payload"],
        json!({"statusCode": 200, "input": "HelloWorld", "output": "SGVsbG9Xb3JsZA=="})
    );
    assert_eq!(
        happy.states,
        [
            "MyPassState",
            "Is this Hello World example?",
            "Wait for 3 seconds",
            "MyParallelState",
            "Hello",
            "World",
            "Convert HelloWorld to Base64",
            "HelloWorldSuccessful"
        ]
    );

    let sad = run_locally("hello_world", &["--sad"]);
    assert_eq!(sad.code, Some(1), "{}", sad.stdout);
    assert_eq!(sad.status, "FAILED");
    assert_eq!(sad.output, None);
    assert_eq!(
        sad.states,
        [
            "MyPassState",
            "Is this Hello World example?",
            "HelloWorldFailed"
        ]
    );
}

#[test]
fn hello_world_prints_its_policy_and_template() {
    let out = run("hello_world", &["--iam-policy"]);
    assert!(out.status.success());
    let policy: Value = serde_json::from_slice(&out.stdout).expect("the policy is JSON");
    assert_eq!(
        policy["Statement"][0]["Action"],
        json!(["lambda:InvokeFunction"])
    );
    let out = run("hello_world", &["--cloudformation=json"]);
    assert!(out.status.success());
    let template: Value = serde_json::from_slice(&out.stdout).expect("the template is JSON");
    let text = template.to_string();
    assert!(text.contains("AWS::StepFunctions::StateMachine"), "{text}");
    let out = run("hello_world", &["--cloudformation"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("AWS::StepFunctions::StateMachine"));
}

#[test]
fn processing_workflow_asl_reads_the_execution_input() {
    let definition = asl_of("processing_workflow");
    assert_eq!(definition["StartAt"], "Processing Step");
    assert_eq!(state_names(&definition), ["Processing Step"]);
    let step = &definition["States"]["Processing Step"];
    assert_eq!(step["Type"], "Task");
    assert_eq!(
        step["Resource"],
        "arn:aws:states:::sagemaker:createProcessingJob.sync"
    );
    assert_eq!(step["End"], true);
    // `input.X` is the execution input: `$$.Execution.Input.X`, under a `.$` key
    let p = &step["Parameters"];
    assert_eq!(
        p["ProcessingJobName.$"],
        "$$.Execution.Input.PreprocessingJobName"
    );
    assert_eq!(
        p["ProcessingInputs"][0]["S3Input"]["S3Uri.$"],
        "$$.Execution.Input.InputMessage"
    );
    assert_eq!(
        p["ProcessingOutputConfig"]["Outputs"][0]["S3Output"]["S3Uri.$"],
        "$$.Execution.Input.OutputProcessedMessage"
    );
    assert_eq!(
        p["AppSpecification"]["ContainerEntrypoint"],
        json!(["python3", "/opt/program/my_script.py"])
    );
    assert_eq!(
        p["ProcessingResources"]["ClusterConfig"],
        json!({"InstanceCount": 1, "InstanceType": "ml.m5.xlarge", "VolumeSizeInGB": 30})
    );
}

#[test]
fn processing_workflow_runs_locally() {
    let done = run_locally("processing_workflow", &[]);
    assert_eq!(done.code, Some(0), "{}", done.stdout);
    assert_eq!(done.status, "SUCCEEDED");
    assert_eq!(done.states, ["Processing Step"]);
    let job = done.output.expect("the job's description");
    assert_eq!(job["ProcessingJobStatus"], "Completed");
    assert_eq!(
        job["ProcessingJobName"],
        "bsm-batch-preprocessing-daily-20240407"
    );
    assert_eq!(
        job["ProcessingJobArn"],
        "arn:aws:sagemaker:us-east-1:123456789012:processing-job/bsm-batch-preprocessing-daily-20240407"
    );
    assert_eq!(
        job["ProcessingInputs"][0]["S3Input"]["S3Uri"],
        "s3://bsm-data/raw/2024-04-07/"
    );
    assert_eq!(
        job["ProcessingOutputConfig"]["Outputs"][0]["S3Output"]["S3Uri"],
        "s3://bsm-data/processed/2024-04-07/"
    );
    // seven minutes of virtual time, from the job's start to its end (ISO 8601 timestamps, as
    // the engine's check of the result against DescribeProcessingJob's output wants them)
    assert_eq!(job["CreationTime"], "2024-04-07T00:00:00.000Z");
    assert_eq!(job["ProcessingEndTime"], "2024-04-07T00:07:00.000Z");

    // the job fails: the .sync task fails with States.TaskFailed, the description as cause
    let failed = run_locally("processing_workflow", &["--fail"]);
    assert_eq!(failed.code, Some(1), "{}", failed.stdout);
    assert_eq!(failed.status, "FAILED");
    assert_eq!(failed.error, Some(ErrorName::TaskFailed));
    let cause: Value = serde_json::from_str(failed.cause.as_deref().unwrap()).unwrap();
    assert_eq!(cause["ProcessingJobStatus"], "Failed");
    assert!(
        cause["FailureReason"]
            .as_str()
            .unwrap()
            .starts_with("AlgorithmError")
    );
    assert_eq!(failed.states, ["Processing Step"]);

    // SageMaker refuses the job name before running anything
    let refused = run_locally("processing_workflow", &["--job-name", "not_a_valid_name"]);
    assert_eq!(refused.code, Some(1), "{}", refused.stdout);
    assert_eq!(
        refused.error,
        Some(ErrorName::from("SageMaker.AmazonSageMakerException"))
    );
    assert!(
        refused
            .cause
            .as_deref()
            .unwrap()
            .contains("'not_a_valid_name' at 'processingJobName'")
    );
}

#[test]
fn order_map_asl_has_its_map_retry_and_catch() {
    let definition = asl_of("order_map");
    assert_eq!(
        state_names(&definition),
        ["Price items", "Total", "Within limit?", "Accept", "Reject"]
    );
    let map = &definition["States"]["Price items"];
    assert_eq!(map["Type"], "Map");
    assert_eq!(map["ItemsPath"], "$.items");
    assert_eq!(map["MaxConcurrency"], 4);
    assert_eq!(map["ResultPath"], "$.priced");
    assert_eq!(
        map["ItemSelector"],
        json!({"sku.$": "$$.Map.Item.Value.sku", "qty.$": "$$.Map.Item.Value.qty"})
    );
    let processor = &map["ItemProcessor"];
    assert_eq!(processor["StartAt"], "Price item");
    let task = &processor["States"]["Price item"];
    assert_eq!(task["Resource"], "arn:aws:states:::lambda:invoke");
    assert_eq!(task["OutputPath"], "$.Payload");
    assert_eq!(
        task["Retry"],
        json!([{
            "ErrorEquals": ["Lambda.TooManyRequestsException"],
            "IntervalSeconds": 2, "MaxAttempts": 3, "BackoffRate": 2.0, "JitterStrategy": "FULL"
        }])
    );
    assert_eq!(
        task["Catch"],
        json!([{"ErrorEquals": ["Item.Unknown"], "ResultPath": "$.error", "Next": "Skip item"}])
    );
    assert_eq!(processor["States"]["Skip item"]["Type"], "Pass");
    let total = &definition["States"]["Total"];
    assert_eq!(
        total["Parameters"]["Payload"]["orderId.$"],
        "$$.Execution.Input.orderId"
    );
    assert_eq!(
        total["ResultSelector"],
        json!({"total.$": "$.Payload.total", "skipped.$": "$.Payload.skipped"})
    );
    // a number compared with `input.limit`: NumericLessThanEqualsPath on the execution input
    assert_eq!(
        definition["States"]["Within limit?"]["Choices"],
        json!([{
            "Variable": "$.summary.total",
            "NumericLessThanEqualsPath": "$$.Execution.Input.limit",
            "Next": "Accept"
        }])
    );
    assert_eq!(definition["States"]["Within limit?"]["Default"], "Reject");
    let reject = &definition["States"]["Reject"];
    assert_eq!(reject["Error"], "Order.OverLimit");
    assert_eq!(
        reject["CausePath"],
        "States.Format('order {} totals {}, over its limit of {}', $.orderId, $.summary.total, $.limit)"
    );
}

#[test]
fn order_map_runs_locally() {
    let accepted = run_locally("order_map", &[]);
    assert_eq!(accepted.code, Some(0), "{}", accepted.stdout);
    assert_eq!(accepted.status, "SUCCEEDED");
    let states = [
        "Price items",
        "Price item",
        "Price item",
        "Price item",
        "Skip item",
        "Total",
        "Within limit?",
    ];
    assert_eq!(accepted.states[..states.len()], states);
    assert_eq!(accepted.states[states.len()..], ["Accept"]);
    // one throttled call, retried: 3 items, 4 calls
    assert!(
        accepted
            .stdout
            .lines()
            .any(|l| l.starts_with("price-item calls: 4")),
        "{}",
        accepted.stdout
    );
    let output = accepted.output.expect("an output");
    assert_eq!(
        output["summary"],
        json!({"total": 47.5, "skipped": ["gizmo"]})
    );
    assert_eq!(
        output["priced"],
        json!([
            {"sku": "book", "qty": 2, "unitPrice": 12.5, "price": 25.0, "skipped": false},
            {"sku": "pen", "qty": 10, "unitPrice": 2.25, "price": 22.5, "skipped": false},
            {"sku": "gizmo", "qty": 1, "price": 0, "skipped": true, "reason": "no price for SKU \"gizmo\""}
        ])
    );
    assert_eq!(output["orderId"], "order-1001");

    let rejected = run_locally("order_map", &["--over"]);
    assert_eq!(rejected.code, Some(1), "{}", rejected.stdout);
    assert_eq!(rejected.status, "FAILED");
    assert_eq!(rejected.error, Some(ErrorName::from("Order.OverLimit")));
    assert_eq!(
        rejected.cause.as_deref(),
        Some("order order-1001 totals 47.5, over its limit of 40.0")
    );
    assert_eq!(rejected.states[..states.len()], states);
    assert_eq!(rejected.states[states.len()..], ["Reject"]);
}

#[test]
fn jsonata_variables_asl_is_jsonata_with_variables() {
    let definition = asl_of("jsonata_variables");
    assert_eq!(definition["QueryLanguage"], "JSONata");
    assert_eq!(
        state_names(&definition),
        ["Sum lines", "Fetch discount", "Classify", "Large", "Small"]
    );
    let states = &definition["States"];
    assert_eq!(
        states["Sum lines"]["Assign"]["total"],
        "{% $sum($states.input.lines.(price * qty)) %}"
    );
    let fetch = &states["Fetch discount"];
    assert_eq!(
        fetch["Arguments"],
        json!({"FunctionName": "discounts", "Payload": {"customer": "{% $customer %}", "total": "{% $total %}"}})
    );
    assert!(fetch.get("Parameters").is_none(), "{fetch}");
    assert_eq!(
        fetch["Assign"],
        json!({"discount": "{% $states.result.Payload.discount %}"})
    );
    assert_eq!(
        states["Classify"]["Choices"],
        json!([{"Condition": "{% $total - $discount > 100 %}", "Next": "Large"}])
    );
    assert_eq!(states["Large"]["Output"]["size"], "large");
}

#[test]
fn jsonata_variables_runs_locally() {
    let large = run_locally("jsonata_variables", &[]);
    assert_eq!(large.code, Some(0), "{}", large.stdout);
    assert_eq!(large.status, "SUCCEEDED");
    // 40 × 3 + 5 × 2 = 130, 10 % off for a loyal customer
    assert_eq!(
        large.output,
        Some(json!({"customer": "ada", "size": "large", "due": 117}))
    );
    assert_eq!(
        large.states,
        ["Sum lines", "Fetch discount", "Classify", "Large"]
    );

    let small = run_locally("jsonata_variables", &["--small"]);
    assert_eq!(small.code, Some(0), "{}", small.stdout);
    assert_eq!(
        small.output,
        Some(json!({"customer": "alan", "size": "small", "due": 29}))
    );
    assert_eq!(
        small.states,
        ["Sum lines", "Fetch discount", "Classify", "Small"]
    );
}

#[test]
fn counter_loop_asl_loops_on_the_execution_input() {
    let definition = asl_of("counter_loop");
    assert_eq!(
        state_names(&definition),
        ["Init", "Done?", "Increment", "Pause", "Finished"]
    );
    let states = &definition["States"];
    assert_eq!(
        states["Init"]["Parameters"],
        json!({"counter": 0, "limit.$": "$$.Execution.Input.limit"})
    );
    assert_eq!(
        states["Increment"]["Parameters"]["counter.$"],
        "States.MathAdd($.counter, 1)"
    );
    assert_eq!(
        states["Done?"]["Choices"],
        json!([{
            "Variable": "$.counter",
            "NumericGreaterThanEqualsPath": "$$.Execution.Input.limit",
            "Next": "Finished"
        }])
    );
    assert_eq!(states["Done?"]["Default"], "Increment");
    assert_eq!(
        states["Pause"],
        json!({"Type": "Wait", "Seconds": 1, "Next": "Done?"})
    );
}

#[test]
fn counter_loop_runs_locally() {
    let three = run_locally("counter_loop", &[]);
    assert_eq!(three.code, Some(0), "{}", three.stdout);
    assert_eq!(three.status, "SUCCEEDED");
    assert_eq!(three.output, Some(json!({"counter": 3, "limit": 3})));
    let round = ["Done?", "Increment", "Pause"];
    let mut expected = vec!["Init"];
    for _ in 0..3 {
        expected.extend(round);
    }
    expected.extend(["Done?", "Finished"]);
    assert_eq!(three.states, expected);

    let zero = run_locally("counter_loop", &["--limit", "0"]);
    assert_eq!(zero.code, Some(0), "{}", zero.stdout);
    assert_eq!(zero.output, Some(json!({"counter": 0, "limit": 0})));
    assert_eq!(zero.states, ["Init", "Done?", "Finished"]);

    // 1,000 rounds of one second each: no real time on the virtual clock
    let started = std::time::Instant::now();
    let many = run_locally("counter_loop", &["--limit", "1000"]);
    assert_eq!(many.code, Some(0), "{}", many.status);
    assert_eq!(many.output, Some(json!({"counter": 1000, "limit": 1000})));
    assert_eq!(many.states.len(), 1 + 3 * 1000 + 2);
    assert!(started.elapsed() < std::time::Duration::from_secs(30));

    // a bad --limit is a usage error
    let bad = run("counter_loop", &["--limit", "three"]);
    assert_eq!(bad.status.code(), Some(2));
}

/// The SageMaker templates: every Task reads each key of its request from the execution input,
/// keyed by its state name, as the Python SDK's templates do.
fn assert_template_reads_execution_input(name: &str, states: &[&str]) {
    let definition = asl_of(name);
    assert_eq!(state_names(&definition), states, "{name}");
    for state in states {
        let step = &definition["States"][*state];
        let resource = step["Resource"].as_str().unwrap_or_default();
        assert!(
            resource.starts_with("arn:aws:states:::sagemaker:"),
            "{state}: {resource}"
        );
        let parameters = step["Parameters"].as_object().expect("Parameters");
        assert!(!parameters.is_empty(), "{state}");
        for (key, value) in parameters {
            let key = key
                .strip_suffix(".$")
                .unwrap_or_else(|| panic!("{state}: {key}"));
            assert_eq!(
                value,
                &json!(format!("$$.Execution.Input['{state}'].{key}"))
            );
        }
    }
}

#[test]
fn training_pipeline_asl_reads_the_execution_input() {
    assert_template_reads_execution_input(
        "training_pipeline",
        &["Training", "Create Model", "Configure Endpoint", "Deploy"],
    );
}

#[test]
fn inference_pipeline_asl_reads_the_execution_input() {
    assert_template_reads_execution_input(
        "inference_pipeline",
        &[
            "Train Preprocessor",
            "Create Preprocessor Model",
            "Transform Input",
            "Training",
            "Create Pipeline Model",
            "Configure Endpoint",
            "Deploy",
        ],
    );
}

#[test]
fn training_pipeline_runs_locally() {
    let done = run_locally("training_pipeline", &["--job-name", "churn-1"]);
    assert_eq!(done.code, Some(0), "{}", done.stdout);
    assert_eq!(done.status, "SUCCEEDED");
    assert_eq!(
        done.states,
        ["Training", "Create Model", "Configure Endpoint", "Deploy"]
    );
    assert_eq!(
        done.output,
        Some(json!({"EndpointArn": "arn:aws:sagemaker:us-east-1:123456789012:endpoint/churn-1"}))
    );
    // 25 minutes of training and three 2-second calls, on the virtual clock
    assert!(
        done.stdout.contains("virtual time: 25.1 min"),
        "{}",
        done.stdout
    );
    let failed = run_locally("training_pipeline", &["--fail"]);
    assert_eq!(failed.code, Some(1));
    assert_eq!(failed.status, "FAILED");
    assert_eq!(failed.error, Some(ErrorName::TaskFailed));
    assert_eq!(failed.states, ["Training"]);
    let cause: Value = serde_json::from_str(failed.cause.as_deref().unwrap_or_default())
        .expect("the cause is the job's description");
    assert_eq!(cause["TrainingJobName"], "estimator-my-job");
    assert_eq!(cause["TrainingJobStatus"], "Failed");
}

#[test]
fn inference_pipeline_runs_locally() {
    let done = run_locally("inference_pipeline", &[]);
    assert_eq!(done.code, Some(0), "{}", done.stdout);
    assert_eq!(done.status, "SUCCEEDED");
    assert_eq!(done.states.len(), 7, "{:?}", done.states);
    assert_eq!(
        done.output,
        Some(json!({"EndpointArn": "arn:aws:sagemaker:us-east-1:123456789012:endpoint/my-job"}))
    );
    // two trainings (25 min each), a transform (12 min) and four 2-second calls
    assert!(
        done.stdout.contains("virtual time: 62.1 min"),
        "{}",
        done.stdout
    );
    let failed = run_locally("inference_pipeline", &["--fail"]);
    assert_eq!(failed.status, "FAILED");
    assert_eq!(failed.states, ["Train Preprocessor"]);
}

/// Rewrites the SDK's bracket paths (`$$.Execution.Input['Key']`) in dot notation, as
/// `workflow!` writes `input.Key`.
fn dot_paths(value: &mut Value) {
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            Value::String(s) if s.starts_with("$$.Execution.Input['") => {
                *s = s.replace("['", ".").replace("']", "");
            }
            Value::Object(map) => stack.extend(map.values_mut()),
            Value::Array(items) => stack.extend(items.iter_mut()),
            _ => {}
        }
    }
}

#[test]
fn processing_workflow_step_is_the_sdk_processing_step() {
    use workflow_runtime::sagemaker::{
        Param, ProcessingInput, ProcessingOutput, ProcessingStep, Processor,
    };
    // the example's `sagemaker::ProcessingStep` form, built with the Rust builder of the SDK's step
    let processor = Processor::new(
        "arn:aws:iam::123456789012:role/SageMakerProcessingRole",
        "123456789012.dkr.ecr.us-east-1.amazonaws.com/preprocessing:latest",
        1,
        "ml.m5.xlarge",
    )
    .entrypoint(["python3", "/opt/program/my_script.py"])
    .max_runtime_seconds(86400);
    let step = ProcessingStep::new(
        "Processing Step",
        &processor,
        Param::execution_input("PreprocessingJobName"),
    )
    .input(ProcessingInput::new(
        "input-1",
        Param::execution_input("InputMessage"),
        "/opt/ml/processing/input",
    ))
    .output(ProcessingOutput::new(
        "output-1",
        "/opt/ml/processing/output",
        Param::execution_input("OutputProcessedMessage"),
    ))
    .build()
    .expect("the SDK step is valid");
    let mut sdk = Value::Object(step.parameters().clone());
    // the SDK's bracket notation (`$$.Execution.Input['InputMessage']`) as the language writes it
    dot_paths(&mut sdk);
    let definition = asl_of("processing_workflow");
    let state = &definition["States"]["Processing Step"];
    assert_eq!(
        state["Resource"],
        "arn:aws:states:::sagemaker:createProcessingJob.sync"
    );
    assert_eq!(state["Parameters"], sdk);
}

/// The retraining workflow's states, in the order `workflow!` states them.
const RETRAINING_STATES: [&str; 10] = [
    "Extract, Transform, Load",
    "Train Model",
    "Query Training Results",
    "Check Accuracy",
    "Create Model",
    "Create Endpoint Config",
    "Update Endpoint",
    "Model Accuracy Too Low",
    "Notify Failure",
    "Retraining Failed",
];

/// The `service calls:` line of a local retraining run.
fn service_calls(run: &LocalRun) -> Vec<&str> {
    run.stdout
        .lines()
        .find_map(|l| l.strip_prefix("service calls: "))
        .unwrap_or_else(|| panic!("no service calls line:\n{}", run.stdout))
        .split(" → ")
        .collect()
}

/// The `sns message:` lines of a local retraining run, parsed.
fn sns_messages(run: &LocalRun) -> Vec<Value> {
    run.stdout
        .lines()
        .filter_map(|l| l.strip_prefix("sns message: "))
        .map(|m| serde_json::from_str(m).unwrap_or_else(|e| panic!("not JSON ({e}): {m}")))
        .collect()
}

#[test]
fn retraining_workflow_asl_is_the_workshop() {
    let definition = asl_of("retraining_workflow");
    assert_eq!(state_names(&definition), RETRAINING_STATES);
    let states = &definition["States"];
    let resources: Vec<(&str, &str)> = RETRAINING_STATES
        .iter()
        .filter_map(|name| Some((*name, states[name]["Resource"].as_str()?)))
        .collect();
    assert_eq!(
        resources,
        [
            (
                "Extract, Transform, Load",
                "arn:aws:states:::glue:startJobRun.sync"
            ),
            (
                "Train Model",
                "arn:aws:states:::sagemaker:createTrainingJob.sync"
            ),
            ("Query Training Results", "arn:aws:states:::lambda:invoke"),
            ("Create Model", "arn:aws:states:::sagemaker:createModel"),
            (
                "Create Endpoint Config",
                "arn:aws:states:::sagemaker:createEndpointConfig"
            ),
            (
                "Update Endpoint",
                "arn:aws:states:::sagemaker:updateEndpoint"
            ),
            ("Notify Failure", "arn:aws:states:::sns:publish"),
        ]
    );
    // the threshold is read from the execution input: a `…Path` comparison
    assert_eq!(
        states["Check Accuracy"]["Choices"],
        json!([{
            "Variable": "$.metrics.accuracy",
            "NumericGreaterThanEqualsPath": "$$.Execution.Input.AccuracyThreshold",
            "Next": "Create Model"
        }])
    );
    assert_eq!(
        states["Check Accuracy"]["Default"],
        "Model Accuracy Too Low"
    );
    // the two jobs are retried, the other tasks are not
    let retry = json!([{"ErrorEquals": ["States.TaskFailed"], "IntervalSeconds": 60, "MaxAttempts": 2, "BackoffRate": 2.0}]);
    for name in RETRAINING_STATES {
        let expected = if matches!(name, "Extract, Transform, Load" | "Train Model") {
            retry.clone()
        } else {
            Value::Null
        };
        assert_eq!(states[name]["Retry"], expected, "{name}'s Retry");
    }
    // every task but the notification itself is caught into the notification
    for name in &RETRAINING_STATES[..7] {
        if states[name]["Type"] != "Task" {
            continue;
        }
        assert_eq!(
            states[name]["Catch"],
            json!([{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Notify Failure"}]),
            "{name}'s Catch"
        );
    }
    assert_eq!(states["Notify Failure"]["Next"], "Retraining Failed");
    assert_eq!(
        states["Retraining Failed"],
        json!({"Type": "Fail", "ErrorPath": "$.error.Error", "CausePath": "$.error.Cause"})
    );
    // typed input references
    assert_eq!(
        states["Extract, Transform, Load"]["Parameters"]["JobName.$"],
        "$$.Execution.Input.GlueJobName"
    );
    assert_eq!(
        states["Create Model"]["Parameters"]["PrimaryContainer"]["ModelDataUrl.$"],
        "$.training.ModelArtifacts.S3ModelArtifacts"
    );
}

#[test]
fn retraining_workflow_updates_the_endpoint() {
    let done = run_locally("retraining_workflow", &[]);
    assert_eq!(done.code, Some(0), "{}", done.stdout);
    assert_eq!(done.status, "SUCCEEDED");
    assert_eq!(
        done.states,
        [
            "Extract, Transform, Load",
            "Train Model",
            "Query Training Results",
            "Check Accuracy",
            "Create Model",
            "Create Endpoint Config",
            "Update Endpoint",
        ]
    );
    assert_eq!(
        done.output,
        Some(
            json!({"EndpointArn": "arn:aws:sagemaker:us-east-1:123456789012:endpoint/retraining-endpoint"})
        )
    );
    assert_eq!(
        service_calls(&done),
        [
            "glue:startJobRun.sync retraining-etl",
            "sagemaker:createTrainingJob.sync retraining-20240407",
            "lambda:invoke retraining-20240407",
            "sagemaker:createModel retraining-model-20240407",
            "sagemaker:createEndpointConfig retraining-model-20240407",
            "sagemaker:updateEndpoint retraining-endpoint",
        ]
    );
    assert_eq!(sns_messages(&done), Vec::<Value>::new());
    // Glue 6 min, training 25 min, three 2-second SageMaker calls, on the virtual clock
    assert!(
        done.stdout.contains("virtual time: 31.1 min"),
        "{}",
        done.stdout
    );
}

#[test]
fn retraining_workflow_below_the_threshold_creates_no_model() {
    // the fake training reports validation:auc 0.93
    let low = run_locally("retraining_workflow", &["--threshold", "0.95"]);
    assert_eq!(low.code, Some(1), "{}", low.stdout);
    assert_eq!(low.status, "FAILED");
    assert_eq!(
        low.states,
        [
            "Extract, Transform, Load",
            "Train Model",
            "Query Training Results",
            "Check Accuracy",
            "Model Accuracy Too Low",
        ]
    );
    assert_eq!(low.error, Some(ErrorName::from("ModelAccuracyTooLow")));
    assert_eq!(
        low.cause.as_deref(),
        Some("the trained model's validation accuracy is below AccuracyThreshold")
    );
    assert_eq!(
        service_calls(&low),
        [
            "glue:startJobRun.sync retraining-etl",
            "sagemaker:createTrainingJob.sync retraining-20240407",
            "lambda:invoke retraining-20240407",
        ]
    );
    // below the threshold is not a task failure: nothing is published
    assert_eq!(sns_messages(&low), Vec::<Value>::new());
    // the comparison is `>=`: exactly the accuracy deploys
    let equal = run_locally("retraining_workflow", &["--threshold", "0.93"]);
    assert_eq!(equal.status, "SUCCEEDED", "{}", equal.stdout);
}

#[test]
fn retraining_workflow_publishes_a_failed_job_to_sns_then_fails() {
    for (job, states, calls, virtual_time) in [
        (
            "glue",
            &[
                "Extract, Transform, Load",
                "Notify Failure",
                "Retraining Failed",
            ][..],
            &["glue:startJobRun.sync retraining-etl"; 3][..],
            // the two retries wait 60 s and 120 s; a failed attempt fails at once
            "virtual time: 3.0 min",
        ),
        (
            "training",
            &[
                "Extract, Transform, Load",
                "Train Model",
                "Notify Failure",
                "Retraining Failed",
            ][..],
            &[
                "glue:startJobRun.sync retraining-etl",
                "sagemaker:createTrainingJob.sync retraining-20240407",
                "sagemaker:createTrainingJob.sync retraining-20240407",
                "sagemaker:createTrainingJob.sync retraining-20240407",
            ][..],
            "virtual time: 9.0 min",
        ),
    ] {
        let failed = run_locally("retraining_workflow", &["--fail", job]);
        assert_eq!(failed.code, Some(1), "{job}: {}", failed.stdout);
        assert_eq!(failed.status, "FAILED", "{job}");
        assert_eq!(failed.states, states, "{job}");
        assert_eq!(failed.error, Some(ErrorName::TaskFailed), "{job}");
        let cause = failed.cause.clone().unwrap_or_default();
        let description: Value = serde_json::from_str(&cause).unwrap_or_else(|e| {
            panic!("{job}: the cause is not the job's description ({e}): {cause}")
        });
        if job == "glue" {
            assert_eq!(description["JobName"], "retraining-etl");
            assert_eq!(description["JobRunState"], "FAILED");
        } else {
            assert_eq!(description["TrainingJobName"], "retraining-20240407");
            assert_eq!(description["TrainingJobStatus"], "Failed");
        }
        let mut expected_calls = calls.to_vec();
        expected_calls.push("sns:publish arn:aws:sns:us-east-1:123456789012:retraining-alerts");
        assert_eq!(service_calls(&failed), expected_calls, "{job}");
        // the notification carries the execution, the error and the job's description
        assert_eq!(
            sns_messages(&failed),
            [json!({
                "TopicArn": "arn:aws:sns:us-east-1:123456789012:retraining-alerts",
                "Subject": "Model retraining failed",
                "Message": format!("Execution local-0 failed: States.TaskFailed: {cause}"),
            })],
            "{job}"
        );
        assert!(
            failed.stdout.contains(virtual_time),
            "{job}: {}",
            failed.stdout
        );
    }
}

#[test]
fn every_example_asl_passes_every_validator() {
    // the per-example tests above check each one; this one makes sure none is forgotten (each
    // is checked once in the program: `asl_of`)
    for name in EXAMPLES {
        asl_of(name);
    }
}

#[test]
fn every_example_answers_help_prints_its_graph_and_refuses_unknown_flags() {
    for name in EXAMPLES {
        let help = run(name, &["--help"]);
        assert_eq!(help.status.code(), Some(0), "{name} --help");
        let text = String::from_utf8_lossy(&help.stdout);
        for flag in ["--asl", "--graph", "--aws", "--name <NAME>"] {
            assert!(text.contains(flag), "{name} --help lists {flag}:\n{text}");
        }
        let graph = run(name, &["--graph"]);
        assert_eq!(graph.status.code(), Some(0), "{name} --graph");
        let mermaid = String::from_utf8_lossy(&graph.stdout);
        assert!(
            mermaid.starts_with("stateDiagram-v2\n"),
            "{name}: {mermaid}"
        );
        let bogus = run(name, &["--bogus"]);
        assert_eq!(
            bogus.status.code(),
            Some(2),
            "{name} --bogus is a usage error"
        );
        assert!(
            String::from_utf8_lossy(&bogus.stderr).contains("--bogus"),
            "{name} names the unknown flag"
        );
    }
}

#[test]
fn every_example_writes_the_progress_picture_of_its_local_run() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    for name in EXAMPLES {
        let svg = dir.path().join(format!("{name}.svg"));
        let html = dir.path().join(format!("{name}.html"));
        let out = run(name, &["--progress", svg.to_str().unwrap_or_default()]);
        assert!(out.status.code().is_some_and(|c| c <= 1), "{name}: {out:?}");
        let picture = std::fs::read_to_string(&svg).expect("the SVG is written");
        assert!(picture.starts_with("<svg"), "{name}");
        // at least one state succeeded in every example's default run
        assert!(picture.contains("#2BD62E"), "{name}: no succeeded state");
        let out = run(name, &["--progress", html.to_str().unwrap_or_default()]);
        assert!(out.status.code().is_some_and(|c| c <= 1), "{name}: {out:?}");
        let page = std::fs::read_to_string(&html).expect("the HTML is written");
        assert!(
            page.starts_with("<!DOCTYPE html>") && page.contains("ExecutionStarted"),
            "{name}"
        );
    }
    // the sad path of the hello world: the Fail state is red
    let sad = dir.path().join("sad.svg");
    run(
        "hello_world",
        &["--sad", "--progress", sad.to_str().unwrap_or_default()],
    );
    let picture = std::fs::read_to_string(&sad).expect("the SVG is written");
    assert!(picture.contains("#DE322F"), "the failed state is drawn red");
}
