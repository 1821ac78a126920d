//! Lowering never panics and scales: random statements (valid and broken) and a long chain.

use super::{parse, run};
use proptest::prelude::*;
use std::time::Instant;

/// Statement fragments, `{N}` replaced by the state's name and `{T}` by a target.
const FRAGMENTS: &[&str] = &[
    "{N}: pass -> {T};",
    "{N}: pass {{ a: $.x, b: [1, \"x\"], c: input.order.id }} -> {T};",
    "{N}: pass result = {{ a: $.x }};",
    "{N}: pass {{ v: $.x }} query_language = jsonata output = $.y;",
    "{N}: lambda::invoke {{ FunctionName: \"f\" }} retry [States.ALL] (interval = 0, backoff = 0.5) catch [States.ALL] => {T} -> {T};",
    "{N}: aws_sdk::s3::list_objects_v2 timeout = 0 heartbeat = 5;",
    "{N}: nope::thing.sync;",
    "{N}: choice {{ when $.a == $.b => {T}, when input.ordr == 3 => {T}, when $.x != null && !is_present($.y) => {T}, otherwise => {T} }}",
    "{N}: choice {{ when 1 < 2 => {T} }} query_language = jsonata;",
    "{N}: choice {{ }}",
    "{N}: wait(seconds = -1) -> {T};",
    "{N}: wait(timestamp = \"later\", seconds = 1);",
    "{N}: succeed -> {T};",
    "{N}: fail(error = States.Formatt(\"{{}}\", $.x), cause = 3);",
    "{N}: parallel {{ branch {{ {N}x: pass -> {T}; }} branch {{ }} }} -> {T};",
    "{N}: map(items = [1], distributed, execution = express) {{ {N}y: pass; }} reader s3::get_object (input_type = csv) writer (transformation = flatten) batch();",
    "{N}: pass assign {{ v: $undefined, \"bad name\": 1 }} -> {T};",
    "{N}: pass {{ t: \"${{Missing}}\" }} -> {T};",
];

const NAMES: &[&str] = &["A", "B", "C", "D", "Ship", "Shipp"];

fn source(statements: &[(usize, usize, usize)]) -> String {
    let mut src = String::from("pub W { input { order: { id: string } } ");
    for &(fragment, name, target) in statements {
        let text = FRAGMENTS[fragment % FRAGMENTS.len()]
            .replace("{{", "\u{1}")
            .replace("}}", "\u{2}");
        let text = text
            .replace("{N}", NAMES[name % NAMES.len()])
            .replace("{T}", NAMES[target % NAMES.len()]);
        src.push_str(&text.replace('\u{1}', "{").replace('\u{2}', "}"));
        src.push(' ');
    }
    src.push('}');
    src
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn never_panics(statements in proptest::collection::vec((0usize..64, 0usize..16, 0usize..16), 1..8)) {
        let src = source(&statements);
        let tokens: proc_macro2::TokenStream = src.parse().map_err(|e| TestCaseError::fail(format!("{e}")))?;
        // Sources the parser rejects are the parser's business.
        if let Ok(def) = crate::parse::parse_workflow(tokens) {
            let lowered = crate::lower::lower(&def);
            if let Some(machine) = &lowered.machine {
                let _ = crate::check::check_alone(&def, machine, &lowered);
            }
        }
    }
}

#[test]
fn every_fragment_lowers_alone() {
    for i in 0..FRAGMENTS.len() {
        let src = source(&[(i, 0, 1), (0, 1, 1)]);
        let def = parse(&src);
        let lowered = crate::lower::lower(&def);
        if let Some(machine) = &lowered.machine {
            let _ = crate::check::check_alone(&def, machine, &lowered);
        }
    }
}

#[test]
fn a_thousand_chained_states() {
    let mut src = String::from("pub W { ");
    for i in 0..1000 {
        src.push_str(&format!("S{i}: pass {{ i: {i}, v: $.v }} -> S{};\n", i + 1));
    }
    src.push_str("S1000: succeed; }");
    let start = Instant::now();
    let outcome = run(&src);
    let elapsed = start.elapsed();
    let errors: Vec<String> = outcome.errors.iter().map(ToString::to_string).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(outcome.lowered.machine.map(|m| m.states.len()), Some(1001));
    // Generous: a debug build on a loaded machine.
    assert!(elapsed.as_secs() < 10, "{elapsed:?}");
}
