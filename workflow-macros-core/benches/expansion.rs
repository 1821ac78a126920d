//! Benchmark: the time to expand generated `workflow!` invocations of 100, 1,000 and 5,000
//! states (parse, lower to the ASL model, validate with the shared validator, generate code).
//! Each workflow is a chain of Pass states with intrinsic calls, a Lambda Task with Retry, Catch
//! and templates every fifth state, a Choice every tenth, and a Map holding a tenth of the
//! states; the 5,000-state one is just under the service's 1 MiB definition limit. Then the
//! seeds' hello world, and 1,000 typed integration Tasks (a Glue job, a DynamoDB item and a
//! SageMaker training job in turn), whose every request is checked against AWS's models. Last,
//! the file form (`pub Name from "file.asl.json";`): the seeds' `examples/hello_world.asl.json`
//! and the 1,000-state workflow's own ASL written to a file (read, decoded, validated, code
//! generated; the source bytes are the file's).
//!
//! Run: `cargo bench -p workflow-macros-core --bench expansion`.

use proc_macro2::{TokenStream, TokenTree};
use std::hint::black_box;
use std::path::{Path, PathBuf};
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

/// The string constant `name` of an expansion (the trait's `const NAME: &'static str = "…";`).
fn constant(expanded: TokenStream, name: &str) -> String {
    let mut stack: Vec<Vec<TokenTree>> = vec![expanded.into_iter().collect()];
    while let Some(tokens) = stack.pop() {
        for (i, token) in tokens.iter().enumerate() {
            if let TokenTree::Group(group) = token {
                stack.push(group.stream().into_iter().collect());
            }
            let named = matches!(token, TokenTree::Ident(ident) if ident == name);
            let literal = tokens[i..].iter().take(8).find_map(|t| match t {
                TokenTree::Literal(lit) => Some(lit.clone()),
                _ => None,
            });
            if let (true, Some(lit)) = (named, literal) {
                let lit: syn::LitStr =
                    syn::parse2(TokenTree::Literal(lit).into()).expect("a string constant");
                return lit.value();
            }
        }
    }
    panic!("the expansion has no `{name}` string constant")
}

/// `pub Name from "<path>";`.
fn file_form(name: &str, path: &Path) -> String {
    format!("pub {name} from {:?};", path.display().to_string())
}

/// The 1,000-state workflow's ASL, written to a file in the target directory's temp space.
fn big_file() -> PathBuf {
    let tokens = TokenStream::from_str(&source(1_000)).expect("generated source tokenizes");
    let asl = constant(workflow_macros_core::expand(tokens), "ASL_PRETTY");
    assert!(!asl.is_empty(), "the 1,000-state workflow has errors");
    let path = std::env::temp_dir().join(format!("workflow-bench-{}.asl.json", std::process::id()));
    std::fs::write(&path, asl).expect("write the definition file");
    path
}

fn main() {
    println!(
        "| states | source bytes | ASL bytes | expansion (parse + lower + validate + codegen) | per state |"
    );
    println!("|---|---|---|---|---|");
    let written = [100usize, 1_000, 5_000]
        .map(|n| (format!("{n}"), n, source(n)))
        .into_iter()
        .chain([
            ("hello_world".to_owned(), 10, HELLO_WORLD.to_owned()),
            ("1000 typed tasks".to_owned(), 1_000, typed_source(1_000)),
        ])
        .map(|(label, n, text)| (label, n, text.len(), text));
    // The file form: the source is the file (its bytes are shown), the invocation names it.
    let hello_file = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/hello_world.asl.json");
    let big_file = big_file();
    let from_files = [
        ("hello_world (file form)", 10, "HelloWorld", hello_file),
        ("1000 (file form)", 1_000, "Big", big_file.clone()),
    ]
    .map(|(label, n, name, path)| {
        let bytes = std::fs::metadata(&path).map_or(0, |m| m.len() as usize);
        (label.to_owned(), n, bytes, file_form(name, &path))
    });
    for (label, n, source_bytes, text) in written.chain(from_files) {
        let runs = if n >= 5_000 { 3 } else { 10 };
        let (best, asl) = measure(&text, runs);
        println!(
            "| {label} | {source_bytes} | ~{asl} | {best:.2?} | {:.1} µs |",
            best.as_secs_f64() * 1e6 / n as f64
        );
    }
    let _ = std::fs::remove_file(&big_file);
}
