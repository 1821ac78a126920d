use super::*;
use crate::eval::env::SeededEntropy;
use crate::path::parse_intrinsic;
use serde_json::json;

fn run_with(text: &str, input: &Value, entropy: &mut dyn Entropy) -> Result<Value, EvalError> {
    let parsed = match parse_intrinsic(text) {
        Ok(p) => p,
        Err(e) => panic!("`{text}`: {e}"),
    };
    call(&parsed, &Env::with_input(input), entropy)
}

fn run(text: &str, input: &Value) -> Result<Value, EvalError> {
    run_with(text, input, &mut SeededEntropy::new(42))
}

fn ok(text: &str, input: &Value) -> Value {
    match run(text, input) {
        Ok(v) => v,
        Err(e) => panic!("`{text}`: {e}"),
    }
}

/// The cause of an intrinsic failure, checked to be `States.IntrinsicFailure`.
fn fails(text: &str, input: &Value) -> String {
    match run(text, input) {
        Ok(v) => panic!("`{text}` should fail, got {v}"),
        Err(e) => {
            assert_eq!(e.error, "States.IntrinsicFailure", "`{text}`: {e}");
            e.cause
        }
    }
}

#[test]
fn format() {
    let input = json!({"name": "Arnav", "template": "Hello, my name is {}."});
    assert_eq!(
        ok("States.Format('Hello, my name is {}.', $.name)", &input),
        json!("Hello, my name is Arnav.")
    );
    assert_eq!(
        ok("States.Format($.template, $.name)", &input),
        json!("Hello, my name is Arnav.")
    );
    // Recorded AWS renderings of each type.
    let cases = [
        (json!(""), "Formatting argument ."),
        (json!(" "), "Formatting argument  ."),
        (json!(null), "Formatting argument null."),
        (json!(1), "Formatting argument 1."),
        (json!(1.1), "Formatting argument 1.1."),
        (json!(true), "Formatting argument true."),
        (json!("{\"Arg1\": 1}"), "Formatting argument {\"Arg1\": 1}."),
        (
            json!({"Arg1": 1, "Arg2": []}),
            "Formatting argument {Arg1=1, Arg2=[]}.",
        ),
        (
            json!([1, "a", {"k": null}]),
            "Formatting argument [1, a, {k=null}].",
        ),
    ];
    for (value, want) in cases {
        let input = json!({ "v": value });
        assert_eq!(
            ok("States.Format('Formatting argument {}.', $.v)", &input),
            json!(want)
        );
    }
    assert_eq!(
        ok(
            "States.Format('{} and {}', 'a', States.MathAdd(1, 2))",
            &json!({})
        ),
        json!("a and 3")
    );
    assert_eq!(
        ok("States.Format('no placeholders')", &json!({})),
        json!("no placeholders")
    );
}

#[test]
fn format_escapes() {
    let input = json!({"x": "X"});
    assert_eq!(
        ok(r"States.Format('literal \{\} then {}', $.x)", &input),
        json!("literal {} then X")
    );
    assert_eq!(
        ok(r"States.Format('it\'s {} \\ ok', $.x)", &input),
        json!(r"it's X \ ok")
    );
    assert_eq!(ok(r"States.Format('\{}')", &input), json!("{}"));
    assert_eq!(ok(r"States.Format('{ } {x}')", &input), json!("{ } {x}"));
    // A template read from the input has no escapes.
    let input = json!({"t": r"a\{}b", "v": 1});
    assert_eq!(ok("States.Format($.t, $.v)", &input), json!(r"a\1b"));
}

#[test]
fn format_failures() {
    assert!(fails("States.Format('{} {}', 1)", &json!({})).contains("2 placeholder"));
    assert!(fails("States.Format('{}', 1, 2)", &json!({})).contains("1 placeholder"));
    assert!(fails("States.Format($.t, 1)", &json!({"t": 5})).contains("must be a string"));
}

#[test]
fn string_to_json_and_back() {
    let input = json!({"someString": "{\"number\": 20}"});
    assert_eq!(
        ok("States.StringToJson($.someString)", &input),
        json!({"number": 20})
    );
    for (text, want) in [
        ("", json!(null)),
        (" ", json!(null)),
        ("null", json!(null)),
        ("-0", json!(0)),
        ("1.1", json!(1.1)),
        ("true", json!(true)),
        ("\"HelloWorld\"", json!("HelloWorld")),
        ("[1, 2, \"HelloWorld\"]", json!([1, 2, "HelloWorld"])),
        (
            "{\"Arg1\": 1, \"Arg2\": []}",
            json!({"Arg1": 1, "Arg2": []}),
        ),
    ] {
        assert_eq!(
            ok("States.StringToJson($.s)", &json!({ "s": text })),
            want,
            "{text}"
        );
    }
    assert!(fails("States.StringToJson($.s)", &json!({"s": "{nope"})).contains("not valid JSON"));
    assert!(fails("States.StringToJson($.s)", &json!({"s": 1})).contains("must be a string"));
    // JSON's one nesting limit (`workflow_text::json::MAX_DEPTH`): 1000 levels read, 1001 not.
    let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
    let at = ok("States.StringToJson($.s)", &json!({ "s": deep(1000) }));
    assert_eq!(at.to_string(), deep(1000));
    assert!(fails("States.StringToJson($.s)", &json!({ "s": deep(1001) })).contains("1000 levels"));

    let input = json!({"foo": {"bar": "baz"}, "o": {"z": 1, "a": [1.5, null, "s"]}});
    assert_eq!(
        ok("States.JsonToString($.foo)", &input),
        json!("{\"bar\":\"baz\"}")
    );
    assert_eq!(
        ok("States.JsonToString($.o)", &input),
        json!("{\"z\":1,\"a\":[1.5,null,\"s\"]}")
    );
    for (value, want) in [
        (json!(null), "null"),
        (json!(0), "0"),
        (json!(1.1), "1.1"),
        (json!(true), "true"),
        (json!("HelloWorld"), "\"HelloWorld\""),
    ] {
        assert_eq!(
            ok("States.JsonToString($.v)", &json!({ "v": value })),
            json!(want)
        );
    }
}

#[test]
fn array() {
    let input = json!({"someJson": {"random": "abcdefghij"}, "Id": 123456});
    assert_eq!(
        ok("States.Array('Foo', 2020, $.someJson, null)", &input),
        json!(["Foo", 2020, {"random": "abcdefghij"}, null])
    );
    assert_eq!(ok("States.Array($.Id)", &input), json!([123456]));
    assert_eq!(ok("States.Array()", &input), json!([]));
    assert_eq!(
        ok("States.Array(true, 1.5, States.Array())", &input),
        json!([true, 1.5, []])
    );
}

#[test]
fn array_partition() {
    let input = json!({"inputArray": [1, 2, 3, 4, 5, 6, 7, 8, 9], "seven": [1, 2, 3, 4, 5, 6, 7]});
    assert_eq!(
        ok("States.ArrayPartition($.inputArray, 4)", &input),
        json!([[1, 2, 3, 4], [5, 6, 7, 8], [9]])
    );
    assert_eq!(
        ok("States.ArrayPartition($.seven, 4)", &input),
        json!([[1, 2, 3, 4], [5, 6, 7]])
    );
    assert_eq!(
        ok(
            "States.ArrayPartition(States.Array(1, 2, 3, 4, 5, 6, 7), 4)",
            &input
        ),
        json!([[1, 2, 3, 4], [5, 6, 7]])
    );
    assert_eq!(
        ok("States.ArrayPartition(States.Array(), 2)", &input),
        json!([])
    );
    assert_eq!(
        ok("States.ArrayPartition($.seven, 10)", &input),
        json!([[1, 2, 3, 4, 5, 6, 7]])
    );
    assert_eq!(
        ok("States.ArrayPartition($.seven, 1)", &input)[6],
        json!([7])
    );
    assert!(fails("States.ArrayPartition($.seven, 0)", &input).contains("positive"));
    assert!(fails("States.ArrayPartition($.seven, -1)", &input).contains("positive"));
    assert!(fails("States.ArrayPartition('x', 1)", &input).contains("must be an array"));
    assert!(fails("States.ArrayPartition($.seven, 'x')", &input).contains("integer"));
}

#[test]
fn array_contains() {
    let input = json!({"inputArray": [1, 2, 3, 4, 5, 6, 7, 8, 9], "lookingFor": 5});
    assert_eq!(
        ok("States.ArrayContains($.inputArray, $.lookingFor)", &input),
        json!(true)
    );
    assert_eq!(
        ok("States.ArrayContains($.inputArray, 10)", &input),
        json!(false)
    );
    let cases = [
        (json!([]), json!(null), false),
        (json!([]), json!([]), false),
        (json!([[1, 2, 3], 2]), json!(null), false),
        (json!([[1, 2, 3], 2]), json!([1, 2, 3]), true),
        (json!([{"1": 2, "2": []}]), json!([]), false),
        (json!([{"1": 2, "2": []}]), json!({"2": [], "1": 2}), true),
        (json!([true, false]), json!(false), true),
        (json!([1.0]), json!(1), true),
        (json!(["1"]), json!(1), false),
    ];
    for (array, value, want) in cases {
        let input = json!({"a": array, "v": value});
        assert_eq!(
            ok("States.ArrayContains($.a, $.v)", &input),
            json!(want),
            "{input}"
        );
    }
    assert!(fails("States.ArrayContains($.lookingFor, 1)", &input).contains("must be an array"));
}

#[test]
fn array_range() {
    let input = json!({});
    assert_eq!(
        ok("States.ArrayRange(1, 9, 2)", &input),
        json!([1, 3, 5, 7, 9])
    );
    assert_eq!(
        ok("States.ArrayRange(0, 9, 3)", &input),
        json!([0, 3, 6, 9])
    );
    assert_eq!(
        ok("States.ArrayRange(0, 10, 3)", &input),
        json!([0, 3, 6, 9])
    );
    assert_eq!(ok("States.ArrayRange(1, 9, 9)", &input), json!([1]));
    assert_eq!(ok("States.ArrayRange(5, 1, -2)", &input), json!([5, 3, 1]));
    assert_eq!(ok("States.ArrayRange(5, 9, -1)", &input), json!([]));
    assert_eq!(
        ok("States.ArrayRange(1, 1000, 1)", &input)
            .as_array()
            .map(Vec::len),
        Some(1000)
    );
    assert!(fails("States.ArrayRange(1, 1001, 1)", &input).contains("1001 elements"));
    assert!(fails("States.ArrayRange(1, 5, 0)", &input).contains("must not be 0"));
    assert!(
        fails(
            "States.ArrayRange(-9223372036854775808, 9223372036854775807, 1)",
            &input
        )
        .contains("more than the 1000")
    );
    assert!(fails("States.ArrayRange('a', 5, 1)", &input).contains("integer"));
    assert_eq!(ok("States.ArrayRange(0.5, 2.4, 1)", &input), json!([1, 2]));
}

#[test]
fn array_get_item_length_unique() {
    let input = json!({"inputArray": [1, 2, 3, 4, 5, 6, 7, 8, 9], "index": 5});
    assert_eq!(
        ok("States.ArrayGetItem($.inputArray, $.index)", &input),
        json!(6)
    );
    assert_eq!(ok("States.ArrayGetItem($.inputArray, 0)", &input), json!(1));
    assert_eq!(
        ok("States.ArrayGetItem(States.Array('a', 'b'), 1)", &input),
        json!("b")
    );
    assert_eq!(
        ok("States.ArrayGetItem($.inputArray, 8.0)", &input),
        json!(9)
    );
    assert!(fails("States.ArrayGetItem($.inputArray, 9)", &input).contains("out of range"));
    assert!(fails("States.ArrayGetItem($.inputArray, -1)", &input).contains("out of range"));
    assert!(fails("States.ArrayGetItem($.inputArray, 1.5)", &input).contains("integer"));
    assert!(fails("States.ArrayGetItem($.index, 0)", &input).contains("must be an array"));

    assert_eq!(ok("States.ArrayLength($.inputArray)", &input), json!(9));
    assert_eq!(ok("States.ArrayLength(States.Array())", &input), json!(0));
    assert!(fails("States.ArrayLength($.index)", &input).contains("must be an array"));

    let input = json!({"inputArray": [1, 2, 3, 3, 3, 3, 3, 3, 4]});
    assert_eq!(
        ok("States.ArrayUnique($.inputArray)", &input),
        json!([1, 2, 3, 4])
    );
    let mixed = json!({"a": [null, null, true, true, false, false, 1, 1, 1.1, 0, 0, "HelloWorld",
        "HelloWorld", [], [], [null], [null], {"a": 1, "b": 2}, {"b": 2, "a": 1}, {"a": 1, "b": 1},
        1.0, "1"]});
    assert_eq!(
        ok("States.ArrayUnique($.a)", &mixed),
        json!([null, true, false, 1, 1.1, 0, "HelloWorld", [], [null], {"a": 1, "b": 2},
            {"a": 1, "b": 1}, "1"])
    );
    let many: Vec<Value> = (0..5000).map(|i| json!(i % 100)).collect();
    assert_eq!(
        ok("States.ArrayUnique($.a)", &json!({ "a": many }))
            .as_array()
            .map(Vec::len),
        Some(100)
    );
}

#[test]
fn base64() {
    let input = json!({"input": "Data to encode", "base64": "RGF0YSB0byBlbmNvZGU="});
    assert_eq!(
        ok("States.Base64Encode('Data to encode')", &input),
        json!("RGF0YSB0byBlbmNvZGU=")
    );
    assert_eq!(
        ok("States.Base64Encode($.input)", &input),
        json!("RGF0YSB0byBlbmNvZGU=")
    );
    assert_eq!(
        ok("States.Base64Decode($.base64)", &input),
        json!("Data to encode")
    );
    assert_eq!(ok("States.Base64Encode('')", &input), json!(""));
    assert_eq!(ok("States.Base64Decode('')", &input), json!(""));
    assert_eq!(
        ok("States.Base64Encode('héllo')", &input),
        json!("aMOpbGxv")
    );
    assert_eq!(
        ok("States.Base64Decode('aMOpbGxv')", &input),
        json!("héllo")
    );
    assert_eq!(
        ok("States.Base64Decode('YQ')", &input),
        json!("a"),
        "padding is optional"
    );
    assert!(fails("States.Base64Decode('!!!')", &input).contains("not valid Base64"));
    assert!(fails("States.Base64Decode('/w==')", &input).contains("not UTF-8"));
    let long = "a".repeat(10_001);
    assert!(fails("States.Base64Encode($.s)", &json!({ "s": long })).contains("10001 characters"));
    let ok_long = "é".repeat(10_000);
    assert!(run("States.Base64Encode($.s)", &json!({ "s": ok_long })).is_ok());
    assert!(
        fails(
            "States.Base64Decode($.s)",
            &json!({ "s": "A".repeat(10_004) })
        )
        .contains("10004")
    );
    assert!(fails("States.Base64Encode(1)", &input).contains("must be a string"));
}

#[test]
fn hash() {
    let input = json!({"Data": "input data", "Algorithm": "SHA-1"});
    assert_eq!(
        ok("States.Hash($.Data, $.Algorithm)", &input),
        json!("aaff4a450a104cd177d28d18d74485e8cae074b7")
    );
    let cases = [
        ("MD5", "812f45842bc6d66ee14572ce20db8e86"),
        ("SHA-1", "aaff4a450a104cd177d28d18d74485e8cae074b7"),
        (
            "SHA-256",
            "b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3",
        ),
        (
            "SHA-384",
            "d28a7d5cf25a74f11a50a18452b75e04bb3d70c9dd0510d6123aa008c756511b87525bdc835ebb27e1fb9e9374a15562",
        ),
        (
            "SHA-512",
            "6ce4adb348546d4f449c4d25aad9a7c9cb711d9e91982d3f0b29ca2f3f47d4ce2deba23bf2954f0f1d593fc50283731a533d30d425402d4f91316d871303aac4",
        ),
    ];
    for (algorithm, want) in cases {
        assert_eq!(
            ok(&format!("States.Hash('input data', '{algorithm}')"), &input),
            json!(want)
        );
    }
    // Non-strings hash their compact JSON text.
    assert_eq!(
        ok("States.Hash($.o, 'MD5')", &json!({"o": {"a": 1}})),
        ok("States.Hash('{\"a\":1}', 'MD5')", &json!({}))
    );
    assert_eq!(
        ok("States.Hash(42, 'SHA-1')", &json!({})),
        ok("States.Hash('42', 'SHA-1')", &json!({}))
    );
    assert!(fails("States.Hash('x', 'SHA-3')", &input).contains("unknown hash algorithm"));
    assert!(fails("States.Hash('x', 1)", &input).contains("must be a string"));
    assert!(fails("States.Hash($.s, 'MD5')", &json!({"s": "x".repeat(10_001)})).contains("10001"));
}

#[test]
fn json_merge() {
    let input = json!({
        "json1": {"a": {"a1": 1, "a2": 2}, "b": 2},
        "json2": {"a": {"a3": 1, "a4": 2}, "c": 3}
    });
    assert_eq!(
        ok("States.JsonMerge($.json1, $.json2, false)", &input),
        json!({"a": {"a3": 1, "a4": 2}, "b": 2, "c": 3})
    );
    assert_eq!(
        ok("States.JsonMerge($.json1, $.json2, true)", &input),
        json!({"a": {"a1": 1, "a2": 2, "a3": 1, "a4": 2}, "b": 2, "c": 3})
    );
    let recorded = json!({
        "fst": {"a": {"a1": 1, "a2": 2}, "b": 2, "d": 3},
        "snd": {"a": {"a3": 1, "a4": 2}, "c": 3, "d": 4}
    });
    assert_eq!(
        ok("States.JsonMerge($.fst, $.snd, false)", &recorded),
        json!({"a": {"a3": 1, "a4": 2}, "b": 2, "c": 3, "d": 4})
    );
    let deep = json!({
        "x": {"p": {"q": {"r": 1, "keep": true}, "list": [1]}, "s": 1},
        "y": {"p": {"q": {"r": 2}, "list": [2]}, "s": {"now": "object"}}
    });
    let merged = ok("States.JsonMerge($.x, $.y, true)", &deep);
    assert_eq!(
        merged,
        json!({"p": {"q": {"r": 2, "keep": true}, "list": [2]}, "s": {"now": "object"}})
    );
    // Member order: the first object's, new members after.
    let order = ok(
        "States.JsonMerge($.a, $.b, true)",
        &json!({"a": {"z": 1, "m": {"k": 1}}, "b": {"n": 0, "m": {"j": 2}, "z": 3}}),
    );
    assert_eq!(
        serde_json::to_string(&order).unwrap(),
        r#"{"z":3,"m":{"k":1,"j":2},"n":0}"#
    );
    assert_eq!(
        ok(
            "States.JsonMerge(States.StringToJson('{\"constant_in_literal\": \"false\"}'), $.i, false)",
            &json!({"i": {"constant_input_field": "constant_value"}})
        ),
        json!({"constant_in_literal": "false", "constant_input_field": "constant_value"})
    );
    assert!(fails("States.JsonMerge($.json1, 1, false)", &input).contains("must be an object"));
    assert!(fails("States.JsonMerge($.json1, $.json2, 'no')", &input).contains("boolean"));
    // Deep merging deep objects costs no stack.
    let mut a = json!(1);
    let mut b = json!(2);
    for _ in 0..50_000 {
        let mut m = Map::new();
        m.insert("k".into(), a);
        a = Value::Object(m);
        let mut m = Map::new();
        m.insert("k".into(), b);
        m.insert("extra".into(), json!(1));
        b = Value::Object(m);
    }
    let (Value::Object(a), Value::Object(b)) = (a, b) else {
        unreachable!()
    };
    let merged = deep_merge(a, b);
    assert_eq!(merged.get("extra"), Some(&json!(1)));
    crate::eval::value::drop_iteratively(Value::Object(merged));
}

#[test]
fn math_random() {
    let input = json!({"start": 1, "end": 999});
    let mut entropy = SeededEntropy::new(3);
    for _ in 0..200 {
        let n = run_with("States.MathRandom($.start, $.end)", &input, &mut entropy)
            .unwrap()
            .as_i64()
            .unwrap();
        assert!((1..999).contains(&n), "{n}");
    }
    assert_eq!(
        run_with("States.MathRandom(0, 1)", &input, &mut entropy),
        Ok(json!(0))
    );
    // Seeded calls depend only on the seed.
    let a = run_with(
        "States.MathRandom(0, 999, 3)",
        &input,
        &mut SeededEntropy::new(1),
    );
    let b = run_with(
        "States.MathRandom(0, 999, 3)",
        &input,
        &mut SeededEntropy::new(2),
    );
    assert_eq!(a, b);
    // Fractions are rounded (AWS accepts 12.5 and 44.51).
    let n = ok("States.MathRandom(12.5, 44.51)", &input)
        .as_i64()
        .unwrap();
    assert!((13..45).contains(&n), "{n}");
    assert!(fails("States.MathRandom(5, 5)", &input).contains("greater than the start"));
    assert!(fails("States.MathRandom(5, 1)", &input).contains("greater than the start"));
    assert!(fails("States.MathRandom('a', 1)", &input).contains("integer"));
    assert!(fails("States.MathRandom(1, 5, 'seed')", &input).contains("integer"));
}

#[test]
fn math_add() {
    let input = json!({"value1": 111, "step": -1});
    assert_eq!(ok("States.MathAdd($.value1, $.step)", &input), json!(110));
    // AWS's recorded results: each argument rounded like Java's Math.round, then added.
    let recorded = [
        (json!(-9), json!(3), -6),
        (json!(1.49), json!(1.5), 3),
        (json!(1.5), json!(1.51), 4),
        (json!(-1.49), json!(-1.5), -2),
        (json!(-1.5), json!(-1.51), -3),
        (json!(1.49), json!(0), 1),
        (json!(1.49), json!(-1.49), 0),
        (json!(1.5), json!(0), 2),
        (json!(1.51), json!(0), 2),
        (json!(-1.49), json!(0), -1),
        (json!(-1.5), json!(0), -1),
        (json!(-1.51), json!(0), -2),
        (json!(0.5), json!(0), 1),
        (json!(2.5), json!(0), 3),
        (json!(3.5), json!(0), 4),
        (json!(-0.5), json!(0.5), 1),
        (json!(-0.5), json!(0), 0),
        (json!(-2.5), json!(0), -2),
        (json!(-3.5), json!(0), -3),
    ];
    for (a, b, want) in recorded {
        let input = json!({"a": a, "b": b});
        assert_eq!(
            ok("States.MathAdd($.a, $.b)", &input),
            json!(want),
            "{input}"
        );
    }
    assert!(
        fails("States.MathAdd(9223372036854775807, 1)", &input)
            .contains("out of the integer range")
    );
    assert!(fails("States.MathAdd('1', 1)", &input).contains("must be an integer"));
    assert!(fails("States.MathAdd(1e300, 1)", &input).contains("out of the integer range"));
}

#[test]
fn string_split() {
    let input = json!({"inputString": "This.is+a,test=string", "splitter": ".+,="});
    assert_eq!(
        ok("States.StringSplit($.inputString, $.splitter)", &input),
        json!(["This", "is", "a", "test", "string"])
    );
    assert_eq!(
        ok("States.StringSplit('1,2,3,4,5', ',')", &input),
        json!(["1", "2", "3", "4", "5"])
    );
    // AWS's recorded results.
    for (text, delimiters, want) in [
        (" ", ",", json!([" "])),
        (" , ", ",", json!([" ", " "])),
        (", , ,", ",", json!([" ", " "])),
        (",,,,", ",", json!([])),
        (
            "split on T and \nnew line",
            "T\n",
            json!(["split on ", " and ", "new line"]),
        ),
        ("", ",", json!([])),
        ("abc", "", json!(["abc"])),
        ("a--b", "--", json!(["a", "b"])),
    ] {
        let input = json!({"s": text, "d": delimiters});
        assert_eq!(ok("States.StringSplit($.s, $.d)", &input), want, "{input}");
    }
    assert!(fails("States.StringSplit(1, ',')", &input).contains("must be a string"));
    assert!(fails("States.StringSplit('a', 1)", &input).contains("argument 2"));
}

#[test]
fn uuid() {
    let mut entropy = SeededEntropy::new(9);
    let a = run_with("States.UUID()", &json!({}), &mut entropy).unwrap();
    let b = run_with("States.UUID()", &json!({}), &mut entropy).unwrap();
    assert_ne!(a, b);
    let text = a.as_str().unwrap();
    assert_eq!(text.len(), 36);
    assert_eq!(text.as_bytes()[14], b'4');
    assert_eq!(
        run_with("States.UUID()", &json!({}), &mut SeededEntropy::new(9)).unwrap(),
        a
    );
}

#[test]
fn nested_calls_and_context_paths() {
    let context = json!({"StateMachine": {"Name": "MyMachine-prod-1"}});
    let input = json!({"ImageRecipe": {"Arn": "arn:aws:imagebuilder:us-east-1:123:image-recipe/my.recipe.name/1.0.0"}});
    let env = Env::new(&input, &context, &crate::eval::env::NoVariables);
    let mut entropy = SeededEntropy::new(0);
    let eval = |text: &str, entropy: &mut SeededEntropy| {
        call(&parse_intrinsic(text).unwrap(), &env, entropy)
    };
    assert_eq!(
        eval(
            "States.ArrayGetItem(States.StringSplit($$.StateMachine.Name, '-'), 0)",
            &mut entropy
        ),
        Ok(json!("MyMachine"))
    );
    assert_eq!(
        eval(
            "States.Format('{}.{}.{}', States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 0), States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 1), States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 1))",
            &mut entropy
        ),
        Ok(json!("1.0.my.recipe.name"))
    );
    assert_eq!(
        eval("States.StringSplit('Hello\nWorld', '\n')", &mut entropy),
        Ok(json!(["Hello", "World"]))
    );
    assert_eq!(
        eval("States.ArrayLength($.ImageRecipe.*)", &mut entropy),
        Ok(json!(1)),
        "an indefinite path passes an array"
    );
}

#[test]
fn missing_paths_and_arity() {
    let e = run("States.MathAdd($.nope, 1)", &json!({})).unwrap_err();
    assert_eq!(e.error, "States.Runtime");
    assert_eq!(
        e.cause,
        "Invalid path '$.nope' : No results for path: $['nope']"
    );
    let e = run("States.Array($undefinedVar)", &json!({})).unwrap_err();
    assert_eq!(e.error, "States.Runtime");
    assert!(e.cause.contains("variable 'undefinedVar'"));
    // Wrong arities pass the parser (the validator reports them) and fail at run time.
    assert!(fails("States.MathAdd(1)", &json!({})).contains("expected 2 argument(s) but got 1"));
    assert!(fails("States.UUID(1)", &json!({})).contains("expected 0"));
    assert!(fails("States.MathRandom(1)", &json!({})).contains("2 to 3"));
    assert!(fails("States.Format()", &json!({})).contains("at least 1"));
}

#[test]
fn compiled_intrinsics() {
    let compiled = CompiledIntrinsic::parse("States.MathAdd($.n, 1)").unwrap();
    assert_eq!(compiled.function(), IntrinsicFunction::MathAdd);
    let mut entropy = SeededEntropy::new(0);
    for n in 0..3 {
        let input = json!({ "n": n });
        assert_eq!(
            compiled.evaluate(&Env::with_input(&input), &mut entropy),
            Ok(json!(n + 1))
        );
    }
    let e = CompiledIntrinsic::parse("States.Nope(1)").unwrap_err();
    assert_eq!(e.error, "States.Runtime");
    assert!(e.cause.contains("unknown intrinsic function"));
}
