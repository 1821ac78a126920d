//! A generated set of calls of every built-in function with extreme arguments (read by
//! `tests/extreme_arguments.rs`, which holds each to the evaluation's limits, and by
//! `examples/extreme_arguments.rs`, which measures each in a process of its own).
//!
//! Every built-in function (`workflow_jsonata::builtin_names`) is called with each of its
//! parameters in turn given each extreme value of its type (the others a plain one), with its
//! first two parameters' extremes in every pair where both are numbers or strings, and with
//! every parameter extreme at once; a few operators whose work an operand sets are added.
//! Numbers go to the edges of JavaScript's doubles and of the ranges implementations hold
//! (2^63, 2^32, 8.64e15 ms, the memory limit's 873,782 numbers); strings, arrays and objects
//! come as variables of `scale` items (`$long`, `$many`, `$strings`, `$wide`, `$deep`).

use serde_json::{Value, json};

/// The extreme numbers every numeric parameter is given.
pub const NUMBERS: &[&str] = &[
    "1e20",
    "-1e20",
    "1e308",
    "-1e308",
    "9223372036854775808",
    "9007199254740993",
    "4294967297",
    "8.64e15",
    "-8.64e15",
    "1e7",
    "873783",
    "6990257",
    "1e-300",
    "2.5",
    "-0.5",
    "1/0",
    "-1/0",
    "0/0",
];

/// The extreme strings every string parameter is given: long, empty, and the pictures whose
/// output grows with a number (roman numerals, words, letters, dates, zero padding).
pub const STRINGS: &[&str] = &[
    "$long",
    "''",
    "'I'",
    "'w'",
    "'a'",
    "'0'",
    "'#,##0.00'",
    "'0.0e0'",
    "$widepicture",
    "'[Y]-[M]-[D] [Yw] [YI] [FNn] [MNn] [Dwo]'",
    "'[Y0001]'",
    "'+99999999999999999999'",
    "'[Z]'",
    "'SHA-512'",
];

/// The extreme arrays.
pub const ARRAYS: &[&str] = &["$many", "$strings", "[]", "$deep", "[1/0]"];

/// The extreme functions (and a regular expression, which some parameters take).
pub const FUNCTIONS: &[&str] = &[
    "function($v){$v}",
    "function($a, $b){$a > $b}",
    "function($p, $v){$p & $v}",
    "/a*/",
];

/// The extreme objects.
pub const OBJECTS: &[&str] = &["$wide", "{}"];

/// Operators whose work an operand sets.
pub const OPERATORS: &[&str] = &[
    "[1..873782] ~> $count()",
    "[1..873783] ~> $count()",
    "[1..1e7] ~> $count()",
    "[-1e20..1e20]",
    "$long & $long",
    "($s := $long; $s & $s & $s & $s & $s & $s & $s & $s)",
    "$many.$string()",
    "$string($deep)",
    "$strings.$uppercase($)",
    "$many[$ > 1e308]",
    "($f := function($n){$n = 0 ? 0 : 1 + $f($n - 1)}; $f(1e7))",
    "($f := function($n){$n = 0 ? 0 : $f($n - 1)}; $f(1e7))",
];

/// The variables the calls read, with `scale` items each.
pub fn bindings(scale: usize) -> Vec<(&'static str, Value)> {
    let mut deep = json!(1);
    for _ in 0..scale.min(900) {
        deep = json!([deep]);
    }
    vec![
        ("long", json!("ab".repeat(scale))),
        ("widepicture", json!(format!("{}0", "#".repeat(scale)))),
        ("many", json!((0..scale).collect::<Vec<_>>())),
        (
            "strings",
            json!((0..scale).map(|i| format!("s{i}")).collect::<Vec<_>>()),
        ),
        (
            "wide",
            Value::Object(
                (0..scale)
                    .map(|i| (format!("k{i}"), json!(i)))
                    .collect::<serde_json::Map<_, _>>(),
            ),
        ),
        ("deep", deep),
    ]
}

/// The extreme values of a parameter accepting `types` (a signature's type symbols).
fn extremes(types: &str) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    let all = types.contains('x') || types.contains('j');
    if all || types.contains('n') {
        out.extend(NUMBERS);
    }
    if all || types.contains('s') {
        out.extend(STRINGS);
    }
    if all || types.contains('a') {
        out.extend(ARRAYS);
    }
    if all || types.contains('f') {
        out.extend(FUNCTIONS);
    }
    if all || types.contains('o') {
        out.extend(OBJECTS);
    }
    if types.contains('b') {
        out.push("true");
    }
    out
}

/// A plain value of a parameter accepting `types`.
fn plain(types: &str) -> &'static str {
    match types.chars().next() {
        Some('n') => "3",
        Some('s') => "'ab'",
        Some('a') => "[3, 1, 2]",
        Some('f') => "function($v){$v}",
        Some('o') => "{'a': 1}",
        Some('b') => "true",
        _ => "1",
    }
}

/// Every call of the set: each built-in function's, then the operators'.
pub fn calls() -> Vec<String> {
    let mut out = Vec::new();
    for name in workflow_jsonata::builtin_names() {
        let Some(sig) = workflow_jsonata::builtin_signature(name) else {
            continue;
        };
        let types: Vec<&str> = sig.params.iter().map(|p| p.types.as_str()).collect();
        let call = |args: &[&str]| format!("${name}({})", args.join(", "));
        let plains: Vec<&str> = types.iter().map(|t| plain(t)).collect();
        if types.is_empty() {
            out.push(call(&[]));
        }
        for (i, t) in types.iter().enumerate() {
            for extreme in extremes(t) {
                let mut args = plains.clone();
                args[i] = extreme;
                out.push(call(&args));
            }
        }
        let lists: Vec<Vec<&str>> = types.iter().map(|t| extremes(t)).collect();
        // The first two parameters' extremes in every pair, where each is a number or a
        // string (a number and a picture: `$formatInteger(1e20, 'I')`).
        if let [first, second, ..] = lists.as_slice()
            && first.len() <= NUMBERS.len()
            && second.len() <= NUMBERS.len()
        {
            for a in first {
                for b in second {
                    let mut args = plains.clone();
                    args[0] = a;
                    args[1] = b;
                    out.push(call(&args));
                }
            }
        }
        // Every parameter extreme at once: the k-th extreme of each.
        let longest = lists.iter().map(Vec::len).max().unwrap_or(0);
        if types.len() > 1 {
            for k in 0..longest {
                let args: Vec<&str> = lists
                    .iter()
                    .zip(&plains)
                    .map(|(l, p)| if l.is_empty() { *p } else { l[k % l.len()] })
                    .collect();
                out.push(call(&args));
            }
        }
    }
    out.extend(OPERATORS.iter().map(|s| (*s).to_owned()));
    out.sort();
    out.dedup();
    out
}
