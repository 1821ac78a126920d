//! Benchmark: the time to expand generated `workflow!` invocations of 100, 1,000 and 5,000
//! states (parse, lower to the ASL model, validate with the shared validator, generate code).
//! Each workflow is a chain of Pass states with intrinsic calls, a Lambda Task with Retry, Catch
//! and templates every fifth state, a Choice every tenth, and a Map holding a tenth of the
//! states; the 5,000-state one is just under the service's 1 MiB definition limit. Then the
//! seeds' hello world, and 1,000 typed integration Tasks (a Glue job, a DynamoDB item and a
//! SageMaker training job in turn), whose every request is checked against AWS's models.
//!
//! Run: `cargo bench -p workflow-macros-core --bench expansion`.

use proc_macro2::TokenStream;
use std::hint::black_box;
use std::str::FromStr;
use std::time::{Duration, Instant};

/// The source of a workflow of `n` states.
fn source(n: usize) -> String {
    let mut s = String::from(
        "pub Big {\n input { limit: integer, c: integer, s: string, order: { id: string, items: [string] } }\n",
    );
    let inner = n / 10;
    let outer = n - inner - 3;
    for i in 0..outer {
        let next = if i + 1 < outer {
            format!("S{}", i + 1)
        } else {
            "Fan".to_owned()
        };
        if i % 10 == 9 {
            s.push_str(&format!(
                "S{i}: choice {{ when $.c < input.limit => {next}, when $.s == \"r\" => S{}, otherwise => Failed, }}\n",
                i.saturating_sub(5)
            ));
        } else if i % 5 == 0 {
            s.push_str(&format!(
                "S{i}: lambda::invoke {{ FunctionName: \"f{i}\", Payload: {{ id: input.order.id, c: $.c }} }}\n\
                 retry [States.TaskFailed] (interval = 2, max_attempts = 3)\n\
                 catch [States.ALL] (result_path = $.e) => Failed\n\
                 result_selector {{ c: $.Payload.c, s: $.Payload.s }}\n\
                 -> {next};\n"
            ));
        } else {
            s.push_str(&format!(
                "S{i}: pass {{ c: States.MathAdd($.c, 1), s: $.s }} -> {next};\n"
            ));
        }
    }
    s.push_str("Fan: map(items = input.order.items, max_concurrency = 4) {\n");
    for j in 0..inner {
        let tail = if j + 1 < inner {
            format!(" -> M{}", j + 1)
        } else {
            String::new()
        };
        s.push_str(&format!("M{j}: pass {{ item: $, index: {j} }}{tail};\n"));
    }
    s.push_str("} -> Done;\nDone: succeed;\nFailed: fail(error = \"Step.Failed\", cause = \"a step failed\");\n}\n");
    s
}

/// The seeds' hello world, as `examples/hello_world.rs` writes it.
const HELLO_WORLD: &str = r#"pub HelloWorld {
    input { IsHelloWorldExample: bool }
    "MyPassState": pass -> "Is this Hello World example?";
    "Is this Hello World example?": choice {
        when $.IsHelloWorldExample == true => "Wait for 3 seconds",
        when $.IsHelloWorldExample == false => "HelloWorldFailed",
    }
    "Wait for 3 seconds": wait(seconds = 3) -> "MyParallelState";
    "MyParallelState": parallel {
        branch { "Hello": pass; }
        branch { "World": pass; }
    } -> "Convert HelloWorld to Base64";
    "Convert HelloWorld to Base64": lambda::invoke {
        FunctionName: "MyLambda",
        Payload: { "input": "HelloWorld" },
    }
    retry ["States.TaskFailed"] (interval = 15, max_attempts = 2, backoff = 4.0)
    catch ["States.TaskFailed"] => "LambdaTaskFailed"
    -> "HelloWorldSuccessful";
    "HelloWorldSuccessful": succeed;
    "LambdaTaskFailed": fail;
    "HelloWorldFailed": fail;
}"#;

/// `n` typed integration Tasks in a chain: Glue, DynamoDB and SageMaker in turn.
fn typed_source(n: usize) -> String {
    let mut s = String::from("pub Typed {\n input { day: string, id: string, role: string }\n");
    for i in 0..n {
        let next = if i + 1 < n {
            format!(" -> T{}", i + 1)
        } else {
            String::new()
        };
        let task = match i % 3 {
            0 => format!(
                "glue::start_job_run.sync {{ JobName: \"etl-{i}\", Arguments: {{ \"--day\": input.day }} }}"
            ),
            1 => format!(
                "dynamodb::put_item {{ TableName: \"runs\", Item: {{ id: {{ S: input.id }}, step: {{ N: \"{i}\" }} }} }}"
            ),
            _ => format!(
                "sagemaker::create_training_job.sync {{\n\
                   TrainingJobName: States.Format(\"train-{i}-{{}}\", $.id),\n\
                   RoleArn: input.role,\n\
                   AlgorithmSpecification: {{ TrainingImage: \"683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1\", TrainingInputMode: \"File\" }},\n\
                   OutputDataConfig: {{ S3OutputPath: \"s3://bucket/models/\" }},\n\
                   ResourceConfig: {{ InstanceType: \"ml.m5.xlarge\", InstanceCount: 1, VolumeSizeInGB: 30 }},\n\
                   StoppingCondition: {{ MaxRuntimeInSeconds: 86400 }},\n\
                 }}"
            ),
        };
        s.push_str(&format!("T{i}: {task} result_path = null{next};\n"));
    }
    s.push_str("}\n");
    s
}

/// The best of `runs` expansions of `text`, and the ASL's length.
fn measure(text: &str, runs: usize) -> (Duration, usize) {
    let tokens = TokenStream::from_str(text).expect("generated source tokenizes");
    let expanded = workflow_macros_core::expand(tokens.clone()).to_string();
    assert!(
        !expanded.contains("compile_error"),
        "the generated workflow has errors: {}",
        &expanded[..expanded.len().min(2000)]
    );
    let mut best = Duration::MAX;
    for _ in 0..runs {
        let started = Instant::now();
        black_box(workflow_macros_core::expand(black_box(tokens.clone())));
        best = best.min(started.elapsed());
    }
    let asl = expanded
        .split("const ASL : & 'static str = \"")
        .nth(1)
        .map_or(0, |rest| rest.split("\" ;").next().map_or(0, str::len));
    (best, asl)
}

fn main() {
    println!(
        "| states | source bytes | ASL bytes | expansion (parse + lower + validate + codegen) | per state |"
    );
    println!("|---|---|---|---|---|");
    let rows = [100usize, 1_000, 5_000]
        .map(|n| (format!("{n}"), n, source(n)))
        .into_iter()
        .chain([
            ("hello_world".to_owned(), 10, HELLO_WORLD.to_owned()),
            ("1000 typed tasks".to_owned(), 1_000, typed_source(1_000)),
        ]);
    for (label, n, text) in rows {
        let runs = if n >= 5_000 { 3 } else { 10 };
        let (best, asl) = measure(&text, runs);
        println!(
            "| {label} | {} | ~{asl} | {best:.2?} | {:.1} µs |",
            text.len(),
            best.as_secs_f64() * 1e6 / n as f64
        );
    }
}
