//! Parse speed of the string languages: JSONPath paths, intrinsic functions, JSONata
//! expressions (the parser alone, and with the summary of what each reads and calls, which
//! is what the validator runs), each over a
//! mix of everyday inputs and a few long ones (a 2,000-segment path, a 500-argument call, a
//! 500-term JSONata concatenation of escaped strings). Prints the best of five rounds.
//!
//! `cargo bench -p workflow-asl --bench parse`

use std::hint::black_box;
use std::time::{Duration, Instant};
use workflow_asl::path::{parse_intrinsic, parse_path};
use workflow_jsonata::Jsonata;

/// The everyday inputs, then the long one.
fn inputs(everyday: &[&str], long: String) -> Vec<String> {
    let mut out: Vec<String> = everyday.iter().map(|s| s.to_string()).collect();
    out.push(long);
    out
}

/// Everyday JSONPath paths, then one long one.
fn paths() -> Vec<String> {
    let everyday = [
        "$",
        "$.detail.order.items[0].sku",
        "$$.Execution.Input.customer['first name']",
        "$$.Map.Item.Value",
        "$myVariable.items[*].price",
        "$..book[?(@.price < 10 && @.category == 'fiction')].title",
        "$.a[1:10:2]",
        "$['store']['book'][0,1,2]",
        "$.items[?(@.status == \"active\" || @.tags nin ['x', 'y'])]",
        "$[?(@.name =~ /^a.*\\/b$/i)]",
        "$.Payload.body.results[-1].score",
    ];
    inputs(&everyday, format!("${}", ".segment".repeat(2_000)))
}

/// Everyday intrinsic calls, then one long one.
fn intrinsics() -> Vec<String> {
    let everyday = [
        "States.Format('Hello {}, your order {} is \\'ready\\'', $.name, $.order.id)",
        "States.ArrayGetItem(States.StringSplit($.csv, ','), 2)",
        "States.MathAdd($.counter, -1.5e2)",
        "States.JsonMerge($.a, States.StringToJson($.b), false)",
        "States.Array(1, 'two', true, null, $$.Execution.Id)",
        "States.Hash($.data, 'SHA-256')",
        "States.UUID()",
    ];
    let args: Vec<String> = (0..500).map(|i| format!("'arg {i} \\{{}}'")).collect();
    inputs(&everyday, format!("States.Array({})", args.join(", ")))
}

/// Everyday JSONata expressions, then one long one.
fn jsonata() -> Vec<String> {
    let everyday = [
        "$states.input.detail.items[price > 10].sku",
        "$sum($states.input.items.(price * quantity))",
        "$uppercase($states.input.name) & ' ' & \"caf\\u00e9 \\ud83d\\ude00\\n\"",
        "( $x := $states.input.n; $f := function($a, $b) { $a + $b * 2.5e-3 }; $f($x, 10) )",
        "$match($states.input.email, /^[a-z]+@(example|test)\\.com$/i) /* a comment */",
        "{ 'id': $states.context.Execution.Id, 'count': $count($states.input.rows) }",
        "$states.input.flag ? `first name` : $string(0.125)",
        "$map($states.input.list, λ($v, $i) { $v.price ~> $round(2) })[[0..3]]",
    ];
    let terms: Vec<String> = (0..500)
        .map(|i| format!("'term {i}\\t\\\"q\\\"'"))
        .collect();
    inputs(&everyday, terms.join(" & "))
}

/// The best time of five rounds of `runs` passes over `inputs`, per input.
fn best_of_five<T>(inputs: &[String], runs: u32, parse: impl Fn(&str) -> T) -> Duration {
    let per_round = runs * u32::try_from(inputs.len()).expect("few inputs");
    (0..5)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..runs {
                for input in inputs {
                    black_box(parse(black_box(input)));
                }
            }
            start.elapsed() / per_round
        })
        .min()
        .unwrap_or_default()
}

/// One table row: the language, its inputs' size and the time per input.
fn row<T>(name: &str, inputs: &[String], runs: u32, parse: impl Fn(&str) -> T) {
    let bytes: usize = inputs.iter().map(String::len).sum();
    let each = best_of_five(inputs, runs, parse);
    let per_byte = each.as_secs_f64() * inputs.len() as f64 / bytes as f64;
    println!(
        "| {name} | {} | {bytes} | {each:.2?} | {:.1} |",
        inputs.len(),
        1e-6 / per_byte
    );
}

fn main() {
    let paths = paths();
    let intrinsics = intrinsics();
    let jsonata = jsonata();
    for p in &paths {
        parse_path(p).expect("the benchmark's paths parse");
    }
    for i in &intrinsics {
        parse_intrinsic(i).expect("the benchmark's intrinsics parse");
    }
    for j in &jsonata {
        Jsonata::parse(j).expect("the benchmark's JSONata parses");
    }
    println!("| language | inputs | bytes | time per input | MB/s |");
    println!("|---|---|---|---|---|");
    row("JSONPath", &paths, 200, parse_path);
    row("intrinsic", &intrinsics, 200, parse_intrinsic);
    row("JSONata (parse)", &jsonata, 100, Jsonata::parse);
    row("JSONata (references)", &jsonata, 100, |j| {
        Jsonata::parse(j).map(|e| e.references())
    });
}
