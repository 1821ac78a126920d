//! JSONata 2.0.6's own test suite (`tests/upstream/test-suite`, from jsonata-js/jsonata at tag
//! v2.0.6, MIT: `tests/upstream/LICENSE`; `tests/upstream/README.md` says how it was taken) run
//! on this crate's evaluator as a conformance suite.
//!
//! Every case is run. A case agrees when the evaluator gives the suite's result (in any order
//! when the case says `unordered`), nothing when it expects nothing, or the error code it
//! expects. A case that does not apply to AWS Step Functions is excluded by one of the
//! [`RULES`], each taken from AWS's documentation of its JSONata support and decided from the
//! case itself (its expression, its options), never from this evaluator's answer; where AWS's
//! answer to an excluded case is known, the case is held to that answer instead.

mod support;

use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use support::same;
use workflow_jsonata::Jsonata;
use workflow_jsonata::eval::{FixedContext, Limits, evaluate};

fn suite() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/upstream/test-suite")
}

/// One case of the suite, as its file writes it.
struct Case {
    /// `group/file` and, for a file of many cases, `#index`.
    name: String,
    spec: Value,
    expr: String,
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
    entries.sort();
    entries
}

fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    for group in sorted_entries(&suite().join("groups")) {
        let group_name = group
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        for file in sorted_entries(&group) {
            if file.extension().and_then(|e| e.to_str()) != Some("json") {
                continue;
            }
            let file_name = file
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_owned();
            // The one JSON reader: the suite's lone surrogates (`"\uD800"`) are read as AWS
            // reads them (see `workflow_text::surrogate`).
            let text = std::fs::read_to_string(&file)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
            let value = workflow_text::json::parse_data(&text)
                .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            let specs = match value {
                Value::Array(items) => items,
                one => vec![one],
            };
            let many = specs.len() > 1;
            for (i, spec) in specs.into_iter().enumerate() {
                let expr = match (spec.get("expr"), spec.get("expr-file")) {
                    (Some(Value::String(e)), _) => e.clone(),
                    (_, Some(Value::String(f))) => std::fs::read_to_string(group.join(f))
                        .unwrap_or_else(|e| panic!("{group_name}/{f}: {e}")),
                    _ => panic!("{group_name}/{file_name}: a case without an expression"),
                };
                let name = if many {
                    format!("{group_name}/{file_name}#{i}")
                } else {
                    format!("{group_name}/{file_name}")
                };
                out.push(Case { name, spec, expr });
            }
        }
    }
    out
}

fn datasets() -> BTreeMap<String, Value> {
    sorted_entries(&suite().join("datasets"))
        .into_iter()
        .filter_map(|p| {
            let name = p.file_stem()?.to_str()?.to_owned();
            Some((name, read_json(&p)))
        })
        .collect()
}

/// What a case expects, or what one gave.
#[derive(Clone, Debug, PartialEq)]
enum Outcome {
    Value(Value),
    Nothing,
    Error(String),
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Outcome::Value(v) => {
                let text = v.to_string();
                if text.chars().count() > 200 {
                    let cut: String = text.chars().take(200).collect();
                    write!(f, "{cut}…")
                } else {
                    write!(f, "{text}")
                }
            }
            Outcome::Nothing => write!(f, "nothing"),
            Outcome::Error(code) => write!(f, "error {code}"),
        }
    }
}

fn expected(case: &Case) -> Outcome {
    let spec = &case.spec;
    if let Some(code) = spec.get("code").and_then(Value::as_str) {
        return Outcome::Error(code.to_owned());
    }
    if let Some(code) = spec
        .get("error")
        .and_then(|e| e.get("code"))
        .and_then(Value::as_str)
    {
        return Outcome::Error(code.to_owned());
    }
    if spec.get("undefinedResult").is_some() {
        return Outcome::Nothing;
    }
    match spec.get("result") {
        Some(v) => Outcome::Value(v.clone()),
        None => panic!("{}: nothing to test", case.name),
    }
}

fn run(case: &Case, datasets: &BTreeMap<String, Value>) -> Outcome {
    let spec = &case.spec;
    let input = match (spec.get("data"), spec.get("dataset")) {
        (Some(data), _) => Some(data.clone()),
        (None, Some(Value::String(name))) => Some(
            datasets
                .get(name)
                .unwrap_or_else(|| panic!("{}: no dataset {name}", case.name))
                .clone(),
        ),
        _ => None,
    };
    let bindings: Vec<(String, Value)> = spec
        .get("bindings")
        .and_then(Value::as_object)
        .map(|o| o.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default();
    let bindings: Vec<(&str, &Value)> = bindings.iter().map(|(k, v)| (k.as_str(), v)).collect();
    let mut limits = Limits::default();
    // The suite's `depth` is the reference's timebox: the deepest nesting the case allows.
    if let Some(depth) = spec.get("depth").and_then(Value::as_u64) {
        limits.max_depth = usize::try_from(depth).unwrap_or(usize::MAX);
    }
    let expr = match Jsonata::parse(&case.expr) {
        Ok(e) => e,
        Err(e) => return Outcome::Error(e.code.to_owned()),
    };
    let mut ctx = FixedContext::new(1_510_067_557_121, 1);
    match evaluate(&expr, input.as_ref(), &bindings, &mut ctx, limits) {
        Ok(Some(v)) => Outcome::Value(v),
        Ok(None) => Outcome::Nothing,
        Err(e) => Outcome::Error(e.code.to_owned()),
    }
}

/// Whether `got` is what the case expects (in any order when it says `unordered`). A case
/// with a `timelimit` runs under the reference's timebox in its own harness
/// (`test/run-test-suite.js`, `timeboxExpression`), which reports both of its stops, too deep
/// and too long, as `U1001`; AWS names a stop for time `U1002` (`Expression evaluation
/// timeout`, transforming-data), so for such a case either stop is the expected one.
fn agrees(case: &Case, want: &Outcome, got: &Outcome) -> bool {
    match (want, got) {
        (Outcome::Value(w), Outcome::Value(g)) => {
            if same(w, g) {
                return true;
            }
            let unordered = case.spec.get("unordered") == Some(&json!(true));
            match (unordered, w, g) {
                (true, Value::Array(w), Value::Array(g)) if w.len() == g.len() => {
                    let mut left: Vec<&Value> = g.iter().collect();
                    w.iter().all(|x| {
                        left.iter()
                            .position(|y| same(x, y))
                            .map(|i| left.remove(i))
                            .is_some()
                    })
                }
                _ => false,
            }
        }
        (Outcome::Error(w), Outcome::Error(g))
            if w == "U1001" && g == "U1002" && case.spec.get("timelimit").is_some() =>
        {
            true
        }
        _ => want == got,
    }
}

/// A rule by which a case does not apply to AWS Step Functions, with its source in AWS's
/// documentation, and AWS's own answer to the cases it excludes where one is recorded.
struct Rule {
    /// A short name, as the summary prints it.
    name: &'static str,
    /// What AWS documents, and where.
    source: &'static str,
    /// Whether the rule covers a case, decided from the case alone.
    covers: fn(&Case) -> bool,
    /// AWS's answer to every case the rule covers, where recorded: such a case is held to it.
    aws_answer: Option<(&'static str, &'static str)>,
}

/// The rules, in the order they are tried.
const RULES: &[Rule] = &[
    Rule {
        name: "no $eval",
        source: "AWS Step Functions Developer Guide, \"Transforming data with JSONata in Step \
                 Functions\", Supported JSONata version: all built-in functions and operators \
                 of the 2.0.6 specification are supported, with one exception: $eval is not \
                 available (use $parse instead)",
        covers: calls_eval,
        aws_answer: Some((
            "T1006",
            "AWS answers $eval(\"1 + 1\") with T1006, a call of a name that is no function \
             (floci-io/floci issue #2737, measured with TestState; tests/aws_answers)",
        )),
    },
    Rule {
        name: "memory limit",
        source: "AWS Step Functions Developer Guide, \"Transforming data with JSONata in Step \
                 Functions\", Handling expression errors: an evaluation past Step Functions' \
                 memory limit fails (\"Expression evaluation memory limit exceeded\"); AWS holds \
                 at most 873,782 numbers in one value",
        covers: ranges_past_the_memory_limit,
        aws_answer: Some((
            "U1006",
            "AWS refuses [1..873783] ~> $count() with its memory limit (floci-io/floci issue \
             #2737, measured with TestState; tests/aws_answers)",
        )),
    },
];

/// The largest array of numbers AWS builds (see the memory rule).
const AWS_MOST_NUMBERS: f64 = 873_782.0;

/// Whether the expression calls `$eval`.
fn calls_eval(case: &Case) -> bool {
    Jsonata::parse(&case.expr).is_ok_and(|e| e.references().functions.iter().any(|f| f == "eval"))
}

/// Whether the expression writes a range `[a..b]` of number literals that would build more
/// numbers than AWS holds in one value (and no more than 10^7: past that JSONata itself
/// refuses the range, `D2014`, before building it, as AWS does too).
fn ranges_past_the_memory_limit(case: &Case) -> bool {
    let text = &case.expr;
    let mut rest = text.as_str();
    while let Some(at) = rest.find("..") {
        let before = rest[..at].trim_end();
        let after = rest[at + 2..].trim_start();
        let start = before
            .rsplit(|c: char| c == '[' || c == ',' || c.is_whitespace())
            .next()
            .and_then(|t| t.parse::<f64>().ok());
        let end = after
            .split(|c: char| c == ']' || c == ',' || c.is_whitespace())
            .next()
            .and_then(|t| t.parse::<f64>().ok());
        if let (Some(a), Some(b)) = (start, end)
            && b - a + 1.0 > AWS_MOST_NUMBERS
            && b - a + 1.0 <= 1e7
        {
            return true;
        }
        rest = &rest[at + 2..];
    }
    false
}

#[test]
fn the_evaluator_passes_jsonata_2_0_6s_test_suite() {
    let cases = cases();
    let datasets = datasets();
    let mut disagreements = Vec::new();
    let mut applicable = 0;
    let mut excluded: BTreeMap<&str, usize> = BTreeMap::new();
    for case in &cases {
        let got = run(case, &datasets);
        if let Some(rule) = RULES.iter().find(|r| (r.covers)(case)) {
            *excluded.entry(rule.name).or_default() += 1;
            if let Some((code, source)) = rule.aws_answer
                && got != Outcome::Error(code.to_owned())
            {
                disagreements.push(format!(
                    "{} `{}` (excluded: {}; {source})\n    AWS answers: error {code}\n    got:         {got}",
                    case.name,
                    case.expr.replace('\n', " "),
                    rule.name
                ));
            }
            continue;
        }
        applicable += 1;
        let want = expected(case);
        if !agrees(case, &want, &got) {
            disagreements.push(format!(
                "{} `{}`\n    expected: {want}\n    got:      {got}",
                case.name,
                case.expr.replace('\n', " ")
            ));
        }
    }
    println!(
        "JSONata 2.0.6's test suite: {} cases, {applicable} applicable to AWS Step Functions, {} \
         agree; excluded: {}",
        cases.len(),
        applicable - disagreements.len().min(applicable),
        RULES
            .iter()
            .map(|r| format!(
                "{} by \"{}\" ({})",
                excluded.get(r.name).unwrap_or(&0),
                r.name,
                r.source
            ))
            .collect::<Vec<_>>()
            .join("; ")
    );
    assert!(
        disagreements.is_empty(),
        "{} disagreements:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
}
