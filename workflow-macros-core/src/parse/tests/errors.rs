//! Errors: the message, and where it points. Sources are single lines, so that a span's
//! column is the byte offset of the token it points at.

use super::super::parse_workflow;
use super::{dump, messages};
use proc_macro2::{Span, TokenStream};

/// Parses `src` (one line); the errors as (message, start column, end column).
fn errors(src: &str) -> Vec<(String, usize, usize)> {
    let tokens: TokenStream = src.parse().expect("the source tokenizes");
    match parse_workflow(tokens) {
        Ok(_) => panic!("expected errors for {src}"),
        Err(failure) => failure
            .error
            .into_iter()
            .map(|e| {
                let span = e.span();
                assert_eq!(span.start().line, 1, "{src}: the span is on the first line");
                (e.to_string(), span.start().column, span.end().column)
            })
            .collect(),
    }
}

/// `src` has exactly one error, `message`, pointing at the `nth` occurrence (from 0) of `at`.
#[track_caller]
fn one_error(src: &str, message: &str, at: &str, nth: usize) {
    let errors = errors(src);
    assert_eq!(errors.len(), 1, "{src}: {errors:#?}");
    let (got, start, end) = &errors[0];
    assert_eq!(got, message, "{src}");
    let column = src
        .match_indices(at)
        .nth(nth)
        .map(|(i, _)| i)
        .expect("the marker occurs");
    assert_eq!(
        (*start, *end),
        (column, column + at.len()),
        "{src}: the span of `{message}`"
    );
}

/// `src` in the body of a workflow.
fn body(src: &str) -> String {
    format!("pub W {{ {src} }}")
}

#[test]
fn unknown_kinds_get_a_suggestion() {
    one_error(
        &body("A: wiat(seconds = 3);"),
        "unknown state kind `wiat`; did you mean `wait`?",
        "wiat",
        0,
    );
    one_error(
        &body("A: Pass;"),
        "unknown state kind `Pass`; did you mean `pass`?",
        "Pass",
        0,
    );
    one_error(
        &body("A: lambda { FunctionName: \"f\" };"),
        "unknown state kind `lambda`; did you mean `lambda::invoke` (an integration is written `service::action`)?",
        "lambda",
        0,
    );
    one_error(
        &body("A: lamda;"),
        "unknown state kind `lamda`; did you mean `lambda::invoke`?",
        "lamda",
        0,
    );
    one_error(
        &body("A: frobnicate;"),
        "unknown state kind `frobnicate`; the kinds are `pass`, `task`, `choice`, `wait`, `succeed`, `fail`, \
         `parallel`, `map` and integrations such as `lambda::invoke`",
        "frobnicate",
        0,
    );
    one_error(
        &body("A: glue::start_job_run.snyc;"),
        "unknown integration pattern `snyc`; the patterns are `sync`, `sync2` (`.sync:2`) and \
         `wait_for_task_token`; did you mean `sync`?",
        "snyc",
        0,
    );
    // Issue 91: among the patterns the action supports; `lambda::invoke` has no `.sync`.
    one_error(
        &body("A: lambda::invoke.snyc;"),
        "unknown integration pattern `snyc`; the patterns are `sync`, `sync2` (`.sync:2`) and \
         `wait_for_task_token`; `lambda::invoke` has no `.sync`: it supports \
         `wait_for_task_token` and request-response (no pattern)",
        "snyc",
        0,
    );
    one_error(
        &body("A: sns::publish.waitForTaskToken;"),
        "unknown integration pattern `waitForTaskToken`; the patterns are \
         `sync`, `sync2` (`.sync:2`) and `wait_for_task_token`; did you mean `wait_for_task_token`?",
        "waitForTaskToken",
        0,
    );
    one_error(
        &body("A: states::start_execution.sync:2;"),
        "write `.sync:2` as `.sync2`",
        ":2",
        0,
    );
}

#[test]
fn statement_ends() {
    one_error(
        &body("A: pass 42;"),
        "expected `->` and the next state, or `;` to end the workflow here, found `42`",
        "42",
        0,
    );
    one_error(
        &body("A: parallel { branch { B: pass 42; } };"),
        "expected `->` and the next state, or `;` to end the branch here, found `42`",
        "42",
        0,
    );
    one_error(
        &body("A: map { B: pass 42; };"),
        "expected `->` and the next state, or `;` to end the iteration here, found `42`",
        "42",
        0,
    );
    one_error(
        &body("A: pass B;"),
        "expected `->` before `B`: a transition to the state `B` is written `-> B`",
        "B",
        0,
    );
    one_error(
        &body("A: pass \"B\";"),
        "expected `->` before \"B\": a transition is written `-> \"B\"`",
        "\"B\"",
        0,
    );
    one_error(
        &body("A: pass -> B C: pass;"),
        "expected `;` after `-> B`, found `C`",
        "C",
        0,
    );
    one_error(&body("A: pass -> B"), "expected `;` after `-> B`", "}", 0);
    one_error(
        &body("A: pass -> B retry [States.ALL];"),
        "expected `;` after `-> B`, found `retry`; clauses come before the `->`",
        "retry",
        0,
    );
    one_error(
        &body("A: pass -> ;"),
        "expected the next state's name after `->`, found `;`, e.g. `-> Done` or `-> \"Next step\"`",
        ";",
        0,
    );
    one_error(
        &body("A pass;"),
        "expected `:` and the state's kind after `A`, found `pass`, e.g. `A: pass;`",
        "pass",
        0,
    );
    one_error(
        &body("42: pass;"),
        "expected a state, found `42`; a state is written `NAME: kind … ;`, e.g. `Done: succeed;`",
        "42",
        0,
    );
}

#[test]
fn declarations_come_first() {
    one_error(
        &body("A: pass; input { a: string }"),
        "`input` must come before the states; move it above the first state",
        "input",
        0,
    );
    one_error(
        &body("input { a: string } input { b: string }"),
        "`input` is declared twice; merge the two declarations",
        "input",
        1,
    );
    one_error(
        &body("A: pass; substitutions { T: string }"),
        "`substitutions` must come before the states; move it above the first state",
        "substitutions",
        0,
    );
    one_error(
        &body("A: pass; timeout = 3;"),
        "the setting `timeout` must come before the states; move it above the first state",
        "timeout",
        0,
    );
    one_error(
        &body("timeout = 3 A: pass;"),
        "expected `;` after the setting `timeout = …`, found `A`",
        "A",
        0,
    );
}

#[test]
fn schema_errors() {
    one_error(
        &body("input { a: strng }"),
        "unknown type `strng`; the types are `string`, `number`, `integer`, `bool`, \
         `timestamp`, `any`, `arn`, `[T]` and `{ … }`; did you mean `string`?",
        "strng",
        0,
    );
    one_error(
        &body("input { a: Vec<string> }"),
        "unknown type `Vec`; the types are `string`, `number`, `integer`, \
         `bool`, `timestamp`, `any`, `arn`, `[T]` and `{ … }`; write a list as `[T]`, e.g. `[string]`",
        "Vec",
        0,
    );
    one_error(
        &body("input { a string }"),
        "expected `:` and a type after the field `a`, found `string`, e.g. `a: string`",
        "string",
        0,
    );
    one_error(
        &body("input { a: string b: number }"),
        "expected `,` between the fields, found `b`",
        "b",
        1,
    );
    one_error(
        &body("substitutions { T: [string] }"),
        "expected a type, found `[ … ]`: `string`, `number`, `integer`, `bool`, `timestamp`, `any`, `arn`, `[T]` or \
         `{ … }`",
        "[",
        0,
    );
}

#[test]
fn clause_errors() {
    one_error(
        &body("A: pass retyr [States.ALL];"),
        "unknown clause `retyr`; did you mean `retry`?",
        "retyr",
        0,
    );
    one_error(
        &body("A: pass retry (max_attempts = 3);"),
        "expected `[` and the error names after `retry`, e.g. `retry [States.ALL] (max_attempts = 3)`, found `( … )`",
        "(",
        0,
    );
    one_error(
        &body("A: pass catch [States.ALL] -> B;"),
        "expected `=>` and the state to go to when the error is caught, found `->`, e.g. `catch [States.ALL] => \
         HandleError`",
        "->",
        0,
    );
    one_error(
        &body("A: wait(seconds: 3);"),
        "arguments are written `seconds = value`, with `=`, not `:`",
        ":",
        1,
    );
    one_error(
        &body("A: wait -> B;"),
        "expected `(seconds = …)` or `(timestamp = …)` after `wait`, e.g. `wait(seconds = 3)`, found `->`",
        "->",
        0,
    );
    one_error(
        &body("A: task { a: 1 };"),
        "expected the resource ARN as a string after `task`, found `{ … }`, e.g. `task \
         \"arn:aws:states:::lambda:invoke\"`; for an integration write its path instead, e.g. `lambda::invoke`",
        "{",
        1,
    );
    one_error(
        &body("A: pass timeout = ;"),
        "expected a value after `timeout =`, found `;`",
        ";",
        0,
    );
    one_error(
        &body("A: pass retry [States.];"),
        "expected the rest of the error name after `States.`; quote unusual names: `\"States.…\"`",
        "]",
        0,
    );
}

#[test]
fn value_errors() {
    one_error(
        &body("A: pass { a: number($.x) };"),
        "`number(…)` is a cast, allowed only in `when` conditions; write the value alone here",
        "number",
        0,
    );
    one_error(
        &body("A: pass { a: foo.bar };"),
        "`foo.…` is not a value; write a path such as `$.foo` (the state's input) or `input.foo` (the execution's \
         input)",
        "foo",
        0,
    );
    one_error(
        &body("A: pass { a: States.ALL };"),
        "expected `(` and the arguments after `States.ALL`; intrinsic functions are called like \
         `States.Format(\"{}\", $.x)` (error names such as `States.ALL` belong in `retry [...]` and `catch [...]`)",
        "}",
        0,
    );
    one_error(
        &body("A: pass { a: Format(\"x\") };"),
        "unknown function `Format`; intrinsic functions are written `States.Format(…)`, e.g. \
         `States.Format(\"{}\", $.x)`",
        "Format",
        0,
    );
    one_error(
        &body("A: pass { a: 1u8 };"),
        "the number `1u8` has a type suffix; write the plain number `1`",
        "1u8",
        0,
    );
    one_error(
        &body("A: pass { a = 1 };"),
        "expected `:` after the key `a`, found `=`; object entries are written `key: value`",
        "=",
        0,
    );
    one_error(
        &body("A: pass { a: 1 b: 2 };"),
        "expected `,` between the entries of the object, found `b`",
        "b",
        1,
    );
    one_error(
        &body("A: pass { a: $. };"),
        "expected a field name or `*` after `.` in the path; write `[\"odd key\"]` for a name that is not an \
         identifier and `[0]` for an index",
        "}",
        0,
    );
    one_error(
        &body("A: pass { a: $.x[?] };"),
        "unsupported token inside `[ ]` of a path, found `?`; write an index (`[0]`, `[-1]`, `[1:3]`), `[*]` or a \
         quoted name (`[\"odd key\"]`), and `jsonpath(\"…\")` for filters and other JSONPath syntax",
        "?",
        0,
    );
    one_error(
        &body("A: pass { a: 'c' };"),
        "expected a value (a string, a number, `true`, `false`, `null`, `{ … }`, `[ … ]`, a path such as `$.field`, \
         `input.field` or `States.Format(…)`), found `'c'`; character and byte literals are not JSON values, write a \
         string \"…\"",
        "'c'",
        0,
    );
    one_error(
        &body("A: pass { a: - };"),
        "expected a number after `-`",
        "}",
        0,
    );
}

#[test]
fn condition_errors() {
    one_error(
        &body("C: choice { when $.a => B };"),
        "expected a comparison operator (`==`, `!=`, `<`, `<=`, `>`, `>=`) or `matches` after the operand, found \
         `=>`, e.g. `$.flag == true`",
        "=>",
        0,
    );
    one_error(
        &body("C: choice { when $.a = 1 => B };"),
        "use `==` to compare, not `=`",
        "=",
        0,
    );
    one_error(
        &body("C: choice { when is_prsent($.a) => B };"),
        "unknown type test `is_prsent`; the tests are `is_present`, `is_null`, \
         `is_string`, `is_number`, `is_boolean` and `is_timestamp`; did you mean `is_present`?",
        "is_prsent",
        0,
    );
    one_error(
        &body("C: choice { when $.a == 1 -> B };"),
        "write `=>` (not `->`) before the state a choice rule goes to",
        "->",
        0,
    );
    one_error(
        &body("C: choice { otherwise => B, when $.a == 1 => D };"),
        "`otherwise` must be the last arm of `choice`; move this `when` before it",
        "when",
        0,
    );
    one_error(
        &body("C: choice { otherwise => B, otherwise => D };"),
        "`choice` has two `otherwise` arms; keep one",
        "otherwise",
        1,
    );
    one_error(
        &body("C: choice { default => B };"),
        "expected `when CONDITION => STATE` or `otherwise => STATE`, found `default`; the default arm is written \
         `otherwise => STATE`",
        "default",
        0,
    );
    one_error(
        &body("C: choice { when $.a matches 3 => B };"),
        "expected a string pattern after `matches`, found `3`, e.g. `matches \"log-*.txt\"`",
        "3",
        0,
    );
    one_error(
        &body("C: choice { when $.a == 1 => B when $.b == 2 => D };"),
        "expected `,` before `when`: the arms of a `choice` are separated by commas",
        "when",
        1,
    );
    one_error(
        &body("C: choice { when => B };"),
        "expected a condition, found `=>`, e.g. `$.status == \"done\"`",
        "=>",
        0,
    );
}

#[test]
fn header_errors() {
    one_error(
        "pub { }",
        "expected the workflow's name, found `{ … }`, e.g. `workflow! { pub HelloWorld { … } }`",
        "{",
        0,
    );
    one_error(
        "pub struct W { }",
        "write the workflow as `pub Name { … }`, without `struct`",
        "struct",
        0,
    );
    one_error(
        "pub W",
        "expected `{` and the workflow's body after `W`",
        "W",
        0,
    );
    one_error(
        "pub W { } pub V { }",
        "unexpected tokens after the workflow's body, found `pub`; `workflow!` declares one workflow",
        "pub",
        1,
    );
    one_error(
        "#[derive(Debug)] pub W { }",
        "the attribute `#[derive…]` is not supported on a workflow; only doc comments (`///`) are allowed",
        "derive",
        0,
    );
}

#[test]
fn the_header_and_the_states_that_parsed_are_kept_when_the_body_fails() {
    let tokens: TokenStream =
        "pub W { input { a: string, b: strng, c: [number] } A: wiat; B: pass -> C; C: succeed; }"
            .parse()
            .unwrap();
    let failure = parse_workflow(tokens).err().expect("errors");
    assert_eq!(messages(&failure.error).len(), 2);
    let partial = failure.partial.expect("what parsed");
    assert_eq!(partial.name, "W");
    assert!(matches!(partial.vis, syn::Visibility::Public(_)));
    assert_eq!(
        dump::fields_text(&partial.input.as_ref().expect("the input").fields),
        "a: string, c: [number]"
    );
    // The broken state is left out; the others are kept, for their Task constants.
    assert_eq!(dump::states(&partial.states), "B: pass -> C; C: succeed;");

    let tokens: TokenStream = "pub { A: pass; }".parse().unwrap();
    assert!(
        parse_workflow(tokens)
            .err()
            .expect("errors")
            .partial
            .is_none()
    );
    assert!(
        parse_workflow(TokenStream::new())
            .err()
            .expect("errors")
            .partial
            .is_none()
    );
}

#[test]
fn recovery_reports_every_broken_statement() {
    let src = body("A: wiat(seconds = 3) -> B; B: pass -> ; C: pass; D: succeed 42; E: succeed;");
    let errors = errors(&src);
    let got: Vec<&str> = errors.iter().map(|(m, _, _)| m.as_str()).collect();
    assert_eq!(
        got,
        [
            "unknown state kind `wiat`; did you mean `wait`?",
            "expected the next state's name after `->`, found `;`, e.g. `-> Done` or `-> \"Next step\"`",
            "expected `->` and the next state, or `;` to end the workflow here, found `42`",
        ]
    );
    assert_eq!(errors[0].1, src.find("wiat").unwrap());
    assert_eq!(errors[2].1, src.find("42").unwrap());
}

#[test]
fn recovery_inside_blocks() {
    // A broken state in a branch, a broken arm in a choice, a broken field, a broken top-level
    // statement: four errors, one run.
    let src = body(
        "input { a: strng, b: number } P: parallel { branch { X: pas; Y: succeed; } } -> C; \
         C: choice { when $.a => D, when $.b == 1 => D, when is_nul($.c) => D, otherwise => D } D: fial;",
    );
    let got: Vec<String> = errors(&src).into_iter().map(|(m, _, _)| m).collect();
    assert_eq!(got.len(), 5, "{got:#?}");
    assert!(got[0].starts_with("unknown type `strng`"));
    assert_eq!(got[1], "unknown state kind `pas`; did you mean `pass`?");
    assert!(got[2].starts_with("expected a comparison operator"));
    assert!(
        got[3].starts_with("unknown type test `is_nul`;")
            && got[3].ends_with("did you mean `is_null`?")
    );
    assert_eq!(got[4], "unknown state kind `fial`; did you mean `fail`?");
}

#[test]
fn a_missing_semicolon_costs_one_error() {
    let src = body("A: pass -> B B: pass -> C C: succeed;");
    let got: Vec<String> = errors(&src).into_iter().map(|(m, _, _)| m).collect();
    assert_eq!(
        got,
        [
            "expected `;` after `-> B`, found `B`",
            "expected `;` after `-> C`, found `C`"
        ]
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = format!("{}1{}", "[".repeat(200), "]".repeat(200));
    let found = errors(&body(&format!("A: pass {{ a: {deep} }};")));
    assert_eq!(found.len(), 1);
    assert!(
        found[0].0.starts_with("this is nested too deeply"),
        "{found:?}"
    );
    let bangs = "!".repeat(500);
    let found = errors(&body(&format!(
        "C: choice {{ when {bangs}$.a == 1 => D }};"
    )));
    assert_eq!(found.len(), 1);
    assert!(
        found[0].0.starts_with("this is nested too deeply"),
        "{found:?}"
    );
    let nested = format!("{}{}", "A: map { ".repeat(200), "} ".repeat(200));
    let found = errors(&body(&nested));
    assert_eq!(found.len(), 1);
    assert!(
        found[0].0.starts_with("this is nested too deeply"),
        "{found:?}"
    );
}

#[test]
fn spans_cover_the_tokens() {
    let src = "pub W { \"A\": pass { p: $$.Map.Item.Value, q: $.a[0].b, r: States.Format(\"{}\", $.x), s: -1 } -> B; }";
    let def = parse_workflow(src.parse().unwrap()).ok().expect("parses");
    let state = &def.states[0];
    let col = |s: &str| src.find(s).unwrap();
    assert_eq!(
        (state.span.start().column, state.span.end().column),
        (col("\"A\""), col("; }") + 1)
    );
    assert_eq!(
        (state.name.span.start().column, state.name.span.end().column),
        (col("\"A\""), col("\"A\"") + 3)
    );
    let crate::ast::StateKindDef::Pass {
        body: Some(crate::ast::Value::Object { entries, .. }),
        keyword,
    } = &state.kind
    else {
        panic!("a pass with a body")
    };
    assert_eq!(keyword.start().column, col("pass"));
    let span_of = |i: usize| -> (usize, usize) {
        let span: Span = super::super::value_span(&entries[i].1);
        (span.start().column, span.end().column)
    };
    for (i, text) in [
        (0, "$$.Map.Item.Value"),
        (1, "$.a[0].b"),
        (2, "States.Format(\"{}\", $.x)"),
        (3, "-1"),
    ] {
        assert_eq!(span_of(i), (col(text), col(text) + text.len()), "{text}");
        assert_eq!(
            (entries[i].0.span.start().column),
            col(text) - 3,
            "the key before {text}"
        );
    }
    let next = state.next.as_ref().unwrap();
    assert_eq!(next.span.start().column, col("B;"));
}

#[test]
fn condition_spans() {
    let src = "pub W { C: choice { when !($.a == 1 || number($.b) < 2) => D } }";
    let def = parse_workflow(src.parse().unwrap()).ok().expect("parses");
    let crate::ast::StateKindDef::Choice {
        rules, body_span, ..
    } = &def.states[0].kind
    else {
        panic!("a choice")
    };
    let span = super::super::cond_span(&rules[0].condition);
    let text = "!($.a == 1 || number($.b) < 2)";
    // The `!` up to the end of the last comparison (the closing parenthesis is not part of it).
    assert_eq!(
        (span.start().column, span.end().column),
        (
            src.find(text).unwrap(),
            src.find(text).unwrap() + text.len() - 1
        )
    );
    assert_eq!(body_span.start().column, src.find("{ when").unwrap());
}

#[test]
fn the_deepest_accepted_nesting_fits_a_test_thread_stack() {
    // Test threads have 2 MiB of stack; a compiler thread has more. Just below the limit:
    let n = super::super::tokens::MAX_DEPTH - 8;
    let arrays = format!("{}1{}", "[".repeat(n), "]".repeat(n));
    assert!(
        parse_workflow(
            body(&format!("A: pass {{ a: {arrays} }};"))
                .parse()
                .unwrap()
        )
        .is_ok()
    );
    let objects = format!("{}1{}", "{ a: ".repeat(n), "}".repeat(n));
    assert!(
        parse_workflow(
            body(&format!("A: pass {{ a: {objects} }};"))
                .parse()
                .unwrap()
        )
        .is_ok()
    );
    let conds = format!("{}$.a == 1{}", "!(".repeat(n / 2), ")".repeat(n / 2));
    assert!(
        parse_workflow(
            body(&format!("C: choice {{ when {conds} => D }}"))
                .parse()
                .unwrap()
        )
        .is_ok()
    );
    let states = format!(
        "{}A: pass;{}",
        "P: parallel { branch { ".repeat(n / 2),
        "} } ".repeat(n / 2)
    );
    assert!(parse_workflow(body(&states).parse().unwrap()).is_ok());
    let types = format!("{}string{}", "[".repeat(n), "]".repeat(n));
    assert!(parse_workflow(body(&format!("input {{ a: {types} }}")).parse().unwrap()).is_ok());
}
