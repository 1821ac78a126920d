//! Tests of the intrinsic-function parser and checks.

use super::signatures::{count_placeholders, range_len};
use super::*;
use proptest::prelude::*;

fn ok(text: &str) -> Intrinsic {
    match parse_intrinsic(text) {
        Ok(call) => call,
        Err(e) => panic!("`{text}` should parse: {e} (offset {})", e.offset),
    }
}

fn err(text: &str, offset: usize, fragments: &[&str]) {
    match parse_intrinsic(text) {
        Ok(call) => panic!("`{text}` should not parse: {call:?}"),
        Err(e) => {
            assert_eq!(e.offset, offset, "offset for `{text}`: {}", e.message);
            for f in fragments {
                assert!(
                    e.message.contains(f),
                    "`{text}`: `{f}` not in {}",
                    e.message
                );
            }
        }
    }
}

fn clean(text: &str) {
    let errors = check_intrinsic(&ok(text));
    assert!(errors.is_empty(), "`{text}`: {errors:?}");
}

/// The one error `check_intrinsic` reports for `text`: its offset and message fragments.
fn check_err(text: &str, offset: usize, fragments: &[&str]) {
    let errors = check_intrinsic(&ok(text));
    assert_eq!(errors.len(), 1, "`{text}`: {errors:?}");
    for e in errors {
        assert_eq!(e.offset, offset, "offset for `{text}`: {}", e.message);
        for f in fragments {
            assert!(
                e.message.contains(f),
                "`{text}`: `{f}` not in {}",
                e.message
            );
        }
    }
}

fn args(text: &str) -> Vec<Arg> {
    ok(text).args.into_iter().map(|a| a.arg).collect()
}

#[test]
fn names_round_trip() {
    assert_eq!(IntrinsicFunction::ALL.len(), 18);
    for f in IntrinsicFunction::ALL {
        assert_eq!(IntrinsicFunction::from_name(f.name()), Some(f));
        assert_eq!(f.to_string(), f.name());
        assert!(f.name().starts_with("States."));
    }
    assert_eq!(IntrinsicFunction::from_name("Format"), None);
    assert_eq!(IntrinsicFunction::from_name("states.format"), None);
}

#[test]
fn string_results() {
    let strings: Vec<_> = IntrinsicFunction::ALL
        .into_iter()
        .filter(|f| f.returns_string())
        .collect();
    use IntrinsicFunction as F;
    assert_eq!(
        strings,
        [
            F::Format,
            F::JsonToString,
            F::Base64Encode,
            F::Base64Decode,
            F::Hash,
            F::UUID
        ]
    );
    let maybe = IntrinsicFunction::ALL
        .into_iter()
        .filter(|f| f.may_return_string())
        .count();
    assert_eq!(maybe, 7);
    assert!(F::ArrayGetItem.may_return_string());
    assert!(!F::ArrayGetItem.returns_string());
}

#[test]
fn looks_like() {
    for text in [
        "States.Format('x')",
        "States.UUID()",
        "  States.Array ()",
        "States.Fromat(1)",
        "Format(",
        "a.b.c(",
    ] {
        assert!(looks_like_intrinsic(text), "{text}");
    }
    for text in [
        "$.a",
        "States.Format",
        "",
        "(",
        "1.a(",
        ".a(",
        "a..b(",
        "States.Format 'x'",
    ] {
        assert!(!looks_like_intrinsic(text), "{text}");
    }
}

#[test]
fn parses_arguments() {
    let call =
        ok("States.Format('Hello {} you have {} items', $.name, States.ArrayLength($.items))");
    assert_eq!(call.function, IntrinsicFunction::Format);
    assert_eq!(call.offset, 0);
    assert_eq!(call.args.len(), 3);
    assert_eq!(
        call.args[0].arg,
        Arg::String("Hello {} you have {} items".into())
    );
    assert_eq!(call.args[0].offset, 14);
    assert_eq!(call.args[1].offset, 44);
    assert_eq!(call.args[1].source, "$.name");
    match &call.args[2].arg {
        Arg::Call(inner) => {
            assert_eq!(inner.function, IntrinsicFunction::ArrayLength);
            assert_eq!(inner.offset, 52);
            assert_eq!(inner.args[0].offset, 71);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        args("States.Array(1, -2, 3.5, true, false, null)"),
        vec![
            Arg::Number(1.into()),
            Arg::Number((-2).into()),
            Arg::Number(serde_json::Number::from_f64(3.5).unwrap_or_else(|| 0.into())),
            Arg::Bool(true),
            Arg::Bool(false),
            Arg::Null,
        ]
    );
    assert_eq!(ok("States.UUID()").args, vec![]);
    assert_eq!(ok("  States.UUID ( )  ").args, vec![]);
    assert_eq!(
        args("States.Array(1e3)"),
        vec![Arg::Number(
            serde_json::Number::from_f64(1000.0).unwrap_or_else(|| 0.into())
        )]
    );
}

#[test]
fn parses_escapes() {
    assert_eq!(
        args(r"States.Format('it\'s \{\} \\ {}', $.x)")[0],
        Arg::String(r"it's {} \ {}".into())
    );
    assert_eq!(
        args("States.Format('\n\nHuman: {}\n\nAssistant:', $.prompt)")[0],
        Arg::String("\n\nHuman: {}\n\nAssistant:".into())
    );
    assert_eq!(args("States.Array('')")[0], Arg::String(String::new()));
    assert_eq!(args("States.Array('a,b)')")[0], Arg::String("a,b)".into()));
}

#[test]
fn parses_paths() {
    let path_of = |text: &str| match args(text).into_iter().next() {
        Some(Arg::Path(p)) => p.source().to_string(),
        other => panic!("{other:?}"),
    };
    assert_eq!(path_of("States.Array($)"), "$");
    assert_eq!(path_of("States.Array($.a['x,y'])"), "$.a['x,y']");
    assert_eq!(path_of("States.Array($.a['x)y'], 1)"), "$.a['x)y']");
    assert_eq!(path_of("States.StringToJson($.[0].body)"), "$.[0].body");
    assert_eq!(path_of("States.Array($$.Execution.Id)"), "$$.Execution.Id");
    assert_eq!(path_of("States.Array($myVar.x)"), "$myVar.x");
    assert_eq!(
        path_of("States.Array($.a[?(@.b == 'c,d')] )"),
        "$.a[?(@.b == 'c,d')]"
    );
    assert_eq!(
        path_of("States.Array($.a[?(@.b == 1 && (@.c > 2))])"),
        "$.a[?(@.b == 1 && (@.c > 2))]"
    );
    assert_eq!(
        path_of("States.Array($[1].IsolatedInstanceId)"),
        "$[1].IsolatedInstanceId"
    );
    let call = ok(
        "States.Format('{}/', States.ArrayGetItem( States.StringSplit($.detail.object.key , '/'), 0))",
    );
    assert!(check_intrinsic(&call).is_empty());
}

#[test]
fn rejects_syntax_errors() {
    err("", 0, &["expected an intrinsic function", "the end"]);
    err("'abc'", 0, &["expected an intrinsic function", "`'`"]);
    err("States.Format", 13, &["expected `(` after `States.Format`"]);
    err(
        "States.Format('x'",
        13,
        &["unclosed `(` at character 13", "add `)`"],
    );
    err("States.Format('x", 14, &["unclosed `'` at character 14"]);
    err("States.Format('x', ", 13, &["unclosed `(`"]);
    err("States.Format('x',)", 18, &["missing argument before `)`"]);
    err("States.Array(,1)", 13, &["missing argument before `,`"]);
    err(
        "States.Format('x') x",
        19,
        &["after the closing `)`", "remove it"],
    );
    err("States.Format(\"x\")", 14, &["single quotes"]);
    err(
        r"States.Format('a\nb')",
        16,
        &["unknown escape `\\n`", "`\\\\`"],
    );
    err("States.Format('a\\", 16, &["lone `\\`"]);
    err("States.Format('x' 'y')", 18, &["unexpected `'`", "`,`"]);
    err("States.Array(abc)", 13, &["unexpected `abc`", "'abc'"]);
    err("States.Array(-)", 13, &["malformed number `-`"]);
    err("States.Array(1.)", 13, &["malformed number"]);
    err("States.Array(1e)", 13, &["malformed number"]);
    err("States.Array(1e999)", 13, &["out of range"]);
    err("States.Array(1x)", 14, &["unexpected `x`"]);
    err("States.Array(#)", 13, &["unexpected `#`"]);
    err("States.Array($.a b)", 16, &["whitespace"]);
    err(
        "States.Array($.a[)",
        17,
        &["unexpected `)`", "inside `[...]`"],
    );
    err(
        "States.Array($.a[0)",
        18,
        &["unexpected `)`", "expected `]`"],
    );
    err("States.Array(.a)", 13, &["unexpected `.`"]);
}

#[test]
fn rejects_unknown_functions() {
    err(
        "States.Fromat('x')",
        0,
        &["unknown intrinsic function `States.Fromat`; did you mean `States.Format`?"],
    );
    err(
        "Format('x')",
        0,
        &["unknown intrinsic function `Format`", "`States.Format`"],
    );
    err("states.uuid()", 0, &["did you mean `States.UUID`?"]);
    err(
        "States.Foo()",
        0,
        &["unknown intrinsic function `States.Foo`"],
    );
    err("Whatever.Completely()", 0, &["such as `States.Format`"]);
    err("States.Array(States.Nope())", 13, &["`States.Nope`"]);
}

#[test]
fn rejects_deep_parse_nesting() {
    let text = format!("{}1{}", "States.Array(".repeat(100), ")".repeat(100));
    match parse_intrinsic(&text) {
        Err(e) => assert!(e.message.contains("deeper than 64"), "{}", e.message),
        Ok(_) => panic!("should fail"),
    }
}

#[test]
fn arity() {
    clean("States.Format('x')");
    clean("States.Array()");
    clean("States.UUID()");
    clean("States.MathRandom(1, 10)");
    clean("States.MathRandom(1, 10, 3)");
    check_err(
        "States.Format()",
        0,
        &["at least 1 argument but none was given", "add"],
    );
    check_err(
        "States.StringToJson($.a, $.b)",
        0,
        &["exactly 1 argument but 2 were given", "remove"],
    );
    check_err("States.UUID(1)", 0, &["takes no arguments but 1 was given"]);
    check_err(
        "States.MathRandom(1)",
        0,
        &["2 or 3 arguments but 1 was given"],
    );
    check_err(
        "States.JsonMerge($.a, $.b)",
        0,
        &["exactly 3 arguments but 2 were given"],
    );
    check_err("States.ArrayRange(1, 2)", 0, &["exactly 3 arguments"]);
    check_err("States.Hash($.a)", 0, &["exactly 2 arguments"]);
    check_err(
        "States.Array(States.ArrayLength())",
        13,
        &["`States.ArrayLength` takes exactly 1"],
    );
}

#[test]
fn format_checks() {
    clean("States.Format('{} and {}', $.a, 1)");
    clean(r"States.Format('\{} and {}', $.a)");
    clean(r"States.Format('unload (\'{}\') to \'s3://{}/{}/result_\'', $.a, $.b, $.c)");
    clean("States.Format($.template, $.a)");
    clean("States.Format(States.ArrayGetItem($.t, 0), $.a)");
    clean("States.Format('{}', States.MathAdd(1, 2))");
    clean("States.Format('{}', null)");
    check_err(
        "States.Format('{} {}', $.a)",
        14,
        &["2 `{}` placeholders but 1 argument follows"],
    );
    check_err(
        "States.Format('{}')",
        14,
        &["1 `{}` placeholder but 0 arguments follow"],
    );
    check_err(
        r"States.Format('\{}', $.a)",
        14,
        &["0 `{}` placeholders but 1 argument"],
    );
    check_err(
        "States.Format(1, $.a)",
        14,
        &["string literal or a path", "`1`, a number"],
    );
    check_err(
        "States.Format(States.ArrayLength($.a))",
        14,
        &["which returns a number"],
    );
    check_err(
        "States.Format('{}', States.Array(1))",
        20,
        &["argument 2 is", "an array", "pass a single value"],
    );
    check_err(
        "States.Format('{}', States.JsonMerge($.a, $.b, false))",
        20,
        &["an object"],
    );
}

#[test]
fn argument_type_checks() {
    clean("States.JsonToString($.a)");
    check_err("States.JsonToString('x')", 20, &["needs a path", "`'x'`"]);
    check_err("States.JsonToString(States.UUID())", 20, &["needs a path"]);
    clean("States.StringToJson('{\"a\": 1}')");
    clean("States.StringToJson(States.Format('{}', $.a))");
    check_err(
        "States.StringToJson(1)",
        20,
        &["needs a string as argument 1", "`1`, a number"],
    );
    check_err(
        "States.ArrayLength('x')",
        19,
        &[
            "needs an array as argument 1",
            "`'x'`, a string",
            "`$.items`",
        ],
    );
    check_err(
        "States.ArrayUnique(States.UUID())",
        19,
        &["needs an array", "which returns a string"],
    );
    check_err("States.ArrayContains(1, 2)", 21, &["needs an array"]);
    clean("States.ArrayContains(States.Array(1, 2), 2)");
    clean("States.ArrayLength(States.StringSplit($.a, ','))");
    clean("States.ArrayLength(States.StringToJson($.a))");
    clean("States.ArrayPartition($.a, 2)");
    check_err(
        "States.ArrayPartition($.a, 0)",
        27,
        &["chunk size must be a positive integer", "`0`"],
    );
    check_err("States.ArrayPartition($.a, -3)", 27, &["positive integer"]);
    check_err(
        "States.ArrayPartition($.a, 1.5)",
        27,
        &["needs an integer", "fraction"],
    );
    check_err("States.ArrayPartition($.a, 'x')", 27, &["needs an integer"]);
    clean("States.ArrayGetItem($.a, 0)");
    clean("States.ArrayGetItem($.a, $.i)");
    clean("States.ArrayGetItem($.a, States.MathAdd($.i, 1))");
    check_err(
        "States.ArrayGetItem($.a, -1)",
        25,
        &["must not be negative"],
    );
    check_err(
        "States.ArrayGetItem($.a, true)",
        25,
        &["needs an integer", "a boolean"],
    );
    clean("States.MathAdd($.count, -1)");
    clean("States.MathAdd(States.ArrayLength($.a), -1)");
    check_err(
        "States.MathAdd(1.5, 1)",
        15,
        &["needs an integer as argument 1"],
    );
    check_err(
        "States.MathRandom(1, 2, 'seed')",
        24,
        &["needs an integer as argument 3"],
    );
    check_err(
        "States.MathAdd(1, States.UUID())",
        18,
        &["which returns a string"],
    );
    clean("States.StringSplit($.a, ',')");
    check_err(
        "States.StringSplit($.a, 1)",
        24,
        &["needs a string as argument 2"],
    );
    clean("States.JsonMerge($.a, $.b, false)");
    clean("States.JsonMerge(States.StringToJson($.a), States.StringToJson('{}'), true)");
    check_err(
        "States.JsonMerge($.a, $.b, 'false')",
        27,
        &["needs a boolean as argument 3"],
    );
    check_err(
        "States.JsonMerge($.a, 'x', false)",
        22,
        &["needs an object as argument 2"],
    );
    check_err(
        "States.JsonMerge(States.Array(), $.b, false)",
        17,
        &["needs an object as argument 1"],
    );
    clean("States.Base64Encode($.a)");
    clean("States.Base64Decode('aGVsbG8=')");
    check_err("States.Base64Encode(1)", 20, &["needs a string"]);
}

#[test]
fn literal_lengths() {
    let long = "a".repeat(MAX_INTRINSIC_INPUT_CHARS + 1);
    check_err(
        &format!("States.Base64Encode('{long}')"),
        20,
        &["at most 10000 characters", "10001"],
    );
    check_err(
        &format!("States.Base64Decode('{long}')"),
        20,
        &["at most 10000"],
    );
    check_err(
        &format!("States.Hash('{long}', 'MD5')"),
        12,
        &["at most 10000"],
    );
    let fine = "é".repeat(MAX_INTRINSIC_INPUT_CHARS);
    clean(&format!("States.Base64Encode('{fine}')"));
}

#[test]
fn hash_algorithms() {
    for algorithm in HASH_ALGORITHMS {
        clean(&format!("States.Hash($.a, '{algorithm}')"));
    }
    clean("States.Hash($.a, $.algorithm)");
    check_err(
        "States.Hash($.a, 'sha256')",
        17,
        &[
            "unknown `States.Hash` algorithm `sha256`",
            "did you mean `'SHA-256'`?",
        ],
    );
    check_err(
        "States.Hash($.a, 'CRC32')",
        17,
        &["use one of MD5, SHA-1, SHA-256, SHA-384, SHA-512"],
    );
    check_err(
        "States.Hash($.a, 256)",
        17,
        &["needs a string as argument 2"],
    );
}

#[test]
fn array_range() {
    clean("States.ArrayRange(1, 5, 1)");
    clean("States.ArrayRange(1,5,1)");
    clean("States.ArrayRange(1, 1000, 1)");
    clean("States.ArrayRange(1000, 1, -1)");
    clean("States.ArrayRange(1, 3000, 3)");
    clean("States.ArrayRange($.a, $.b, 1)");
    clean("States.ArrayRange(5, 1, 1)");
    check_err(
        "States.ArrayRange(1, 1001, 1)",
        0,
        &["would produce 1001 elements", "1000 allowed"],
    );
    check_err("States.ArrayRange(0, -1000, -1)", 0, &["1001 elements"]);
    check_err("States.ArrayRange(1, 5, 0)", 24, &["step must not be 0"]);
    check_err(
        "States.ArrayRange(1.5, 5, 1)",
        18,
        &["needs an integer as argument 1"],
    );
    check_err(
        "States.ArrayRange(-9223372036854775808, 9223372036854775807, 1)",
        0,
        &["18446744073709551616 elements"],
    );
    assert_eq!(range_len(1, 9, 2), 5);
    assert_eq!(range_len(9, 1, -2), 5);
    assert_eq!(range_len(1, 1, 1), 1);
    assert_eq!(range_len(1, 0, 1), 0);
}

#[test]
fn nesting_depth() {
    let nested =
        |depth: usize| format!("{}$.a{}", "States.Array(".repeat(depth), ")".repeat(depth));
    clean(&nested(10));
    let errors = check_intrinsic(&ok(&nested(12)));
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].message.contains("nest at most 10 deep"));
    assert_eq!(errors[0].offset, 10 * "States.Array(".len());
}

#[test]
fn placeholder_counting() {
    assert_eq!(count_placeholders("'{}{}'"), 2);
    assert_eq!(count_placeholders(r"'\{}{}'"), 1);
    assert_eq!(count_placeholders(r"'\\{}'"), 1);
    assert_eq!(count_placeholders("'{ }{'"), 0);
    assert_eq!(count_placeholders("'{{}}'"), 1);
}

proptest! {
    #[test]
    fn never_panics_on_arbitrary_text(text in any::<String>()) {
        if let Ok(call) = parse_intrinsic(&text) {
            let _ = check_intrinsic(&call);
        }
        let _ = looks_like_intrinsic(&text);
    }

    #[test]
    fn never_panics_on_intrinsic_like_text(
        name in prop::sample::select(IntrinsicFunction::ALL.map(|f| f.name()).to_vec()),
        body in "[$.\\[\\]'\"*?@()=<>!&|,:0-9a-z {}\\\\-]{0,40}",
    ) {
        let text = format!("{name}({body}");
        if let Ok(call) = parse_intrinsic(&text) {
            let _ = check_intrinsic(&call);
        }
        let text = format!("{name}({body})");
        if let Ok(call) = parse_intrinsic(&text) {
            let _ = check_intrinsic(&call);
            prop_assert!(looks_like_intrinsic(&text));
        }
    }

    #[test]
    fn literal_strings_round_trip(s in "[^\\\\']{0,20}") {
        let text = format!("States.Format('{s}')");
        let call = parse_intrinsic(&text);
        prop_assert!(call.is_ok(), "{:?}", call);
        if let Ok(call) = call {
            prop_assert_eq!(&call.args[0].arg, &Arg::String(s.clone()));
        }
    }
}

/// The parameter table the data-flow checks use agrees with the literal-argument checks: a
/// literal of another kind where the table names one is refused.
#[test]
fn the_parameter_table_agrees_with_the_literal_checks() {
    for f in IntrinsicFunction::ALL {
        let (_, most) = f.arity();
        for index in 0..most.unwrap_or(3) {
            let Some(wanted) = f.parameter(index) else {
                continue;
            };
            let wrong = match wanted {
                Parameter::String => "true",
                Parameter::Integer | Parameter::Bool | Parameter::Array | Parameter::Object => {
                    "'x'"
                }
            };
            let args: Vec<&str> = (0..f.arity().0.max(index + 1))
                .map(|i| if i == index { wrong } else { "$.a" })
                .collect();
            let text = format!("{}({})", f.name(), args.join(", "));
            let call = parse_intrinsic(&text).expect("parses");
            assert!(
                !check_intrinsic(&call).is_empty(),
                "{text}: the table says argument {index} must be {}",
                wanted.describe()
            );
        }
    }
}

proptest! {
    /// A quoted string reads back as itself, in a template or not (`{}` placeholders are kept
    /// as written either way).
    #[test]
    fn a_quoted_string_parses_back_to_itself(text in "[a-z'{}\\\\ ]{0,12}", placeholders in any::<bool>()) {
        let call = format!("States.StringToJson({})", quote_intrinsic_string(&text, placeholders));
        prop_assert_eq!(&ok(&call).args[0].arg, &Arg::String(text.clone()));
    }
}
