//! Benchmark: the time to expand generated `workflow!` invocations of 100, 1,000 and 5,000
//! states (parse, lower to the ASL model, validate with the shared validator, generate code).
//! Each workflow is a chain of Pass states with intrinsic calls, a Lambda Task with Retry, Catch
//! and templates every fifth state, a Choice every tenth, and a Map holding a tenth of the
//! states; the 5,000-state one is just under the service's 1 MiB definition limit.
//!
//! Run: `cargo bench -p workflow-macros-core --bench expansion`.

use proc_macro2::TokenStream;
use std::hint::black_box;
use std::str::FromStr;
use std::time::{Duration, Instant};

/// The source of a workflow of `n` states.
fn source(n: usize) -> String {
    let mut s = String::from(
        "pub Big {\n input { limit: integer, order: { id: string, items: [string] } }\n",
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
                 result_selector {{ c: $.Payload.c }}\n\
                 -> {next};\n"
            ));
        } else {
            s.push_str(&format!(
                "S{i}: pass {{ c: States.MathAdd($.c, 1) }} -> {next};\n"
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

fn main() {
    println!(
        "| states | source bytes | ASL bytes | expansion (parse + lower + validate + codegen) | per state |"
    );
    println!("|---|---|---|---|---|");
    for n in [100usize, 1_000, 5_000] {
        let text = source(n);
        let tokens = TokenStream::from_str(&text).expect("generated source tokenizes");
        let expanded = workflow_macros_core::expand(tokens.clone()).to_string();
        assert!(
            !expanded.contains("compile_error"),
            "the generated workflow has errors: {}",
            &expanded[..expanded.len().min(2000)]
        );
        let runs = if n >= 5_000 { 3 } else { 10 };
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
        println!(
            "| {n} | {} | ~{asl} | {best:.2?} | {:.1} µs |",
            text.len(),
            best.as_secs_f64() * 1e6 / n as f64
        );
    }
}
