//! Values: literals, `.$` keys, input references, intrinsics, JSONata, substitutions.

use super::{has_error, only_error, run, state};
use serde_json::json;

fn params(body: &str) -> serde_json::Value {
    state(
        &format!("Init: pass assign {{ count: 0, v: 0 }} -> P; P: pass {{ {body} }};"),
        "P",
    )["Parameters"]
        .clone()
}

fn jsonata_output(body: &str) -> serde_json::Value {
    state(
        &format!(
            "Init: pass assign {{ v: 0 }} -> P; P: pass {{ {body} }} query_language = jsonata;"
        ),
        "P",
    )["Output"]
        .clone()
}

const SCHEMA: &str = "input { order: { id: string, total: number, items: [ { sku: string } ], placed: timestamp }, \"odd key\": string, data: any }";

fn with_schema(states: &str) -> String {
    format!("pub W {{ {SCHEMA} {states} }}")
}

#[test]
fn literals_keep_their_json_form() {
    assert_eq!(
        params(
            r#"i: 3, neg: -4, f: 4.0, e: 1e3, s: "x", b: false, n: null, a: [1, [2], { k: "v" }], o: { "odd key": 1 }"#
        ),
        json!({ "i": 3, "neg": -4, "f": 4.0, "e": 1000.0, "s": "x", "b": false, "n": null, "a": [1, [2], { "k": "v" }], "o": { "odd key": 1 } })
    );
}

#[test]
fn dynamic_values_get_dollar_keys() {
    assert_eq!(
        params(
            r#"id: $.order.id, ctx: $$.Execution.Id, v: $count, first: $.items[0], f: States.Format("{} {}", $.a, $$.State.Name), "already.$": "$.y", nested: { deep: $.z }"#
        ),
        json!({
            "id.$": "$.order.id",
            "ctx.$": "$$.Execution.Id",
            "v.$": "$count",
            "first.$": "$.items[0]",
            "f.$": "States.Format('{} {}', $.a, $$.State.Name)",
            "already.$": "$.y",
            "nested": { "deep.$": "$.z" }
        })
    );
}

#[test]
fn dynamic_values_need_a_key() {
    only_error(
        "pub W { P: pass { a: [1, $.x] }; }",
        "`$.x` in an array has no key to carry `.$`; wrap it in an object key, e.g. `{ value: $.x }`, or build the array with `States.Array($.x, …)`",
        "$.x",
        0,
    );
    has_error(
        "pub W { P: pass output = $.x; }",
        "`output` cannot be a bare JSONPath value here: `$.x` needs an object key to carry `.$`; wrap it in an object key, e.g. `{ value: $.x }`",
        "$.x",
        0,
    );
    only_error(
        "pub W { P: pass result = { a: $.x }; }",
        "this value is static (a pass state's `result` is never evaluated); move the dynamic value into the state's body, e.g. `pass { value: $.x }`",
        "$.x",
        0,
    );
    only_error(
        "pub W { P: pass { a: 1, a: 2 }; }",
        "key `a` is given twice in this object; remove one",
        "a",
        2,
    );
    only_error(
        "pub W { P: pass { mode: fast }; }",
        "`fast` is not a value; write a string (`\"fast\"`), a number, `true`, `false`, `null`, an object, an array, a path or `input.…`",
        "fast",
        0,
    );
}

#[test]
fn input_references() {
    let machine = super::asl(&with_schema(
        r#"P: pass { id: input.order.id, sku: input.order.items[0].sku, odd: input["odd key"], any: input.data.x[3], all: input };"#,
    ));
    assert_eq!(
        machine["States"]["P"]["Parameters"],
        json!({
            "id.$": "$$.Execution.Input.order.id",
            "sku.$": "$$.Execution.Input.order.items[0].sku",
            "odd.$": "$$.Execution.Input['odd key']",
            "any.$": "$$.Execution.Input.data.x[3]",
            "all.$": "$$.Execution.Input"
        })
    );
    // Without a schema, `input` is untyped.
    assert_eq!(
        params("x: input.a.b[1]"),
        json!({ "x.$": "$$.Execution.Input.a.b[1]" })
    );
}

#[test]
fn input_references_are_checked() {
    only_error(
        &with_schema("P: pass { x: input.ordr };"),
        "unknown input field `ordr`; did you mean `order`?",
        "ordr",
        0,
    );
    only_error(
        &with_schema("P: pass { x: input.order.idd };"),
        "unknown field `idd` in `input.order`; did you mean `id`?",
        "idd",
        0,
    );
    only_error(
        &with_schema("P: pass { x: input.zzz };"),
        "unknown input field `zzz`; the fields of `input` are `order`, `odd key` and `data` — declare it in the `input { … }` schema",
        "zzz",
        0,
    );
    only_error(
        &with_schema("P: pass { x: input.order.id.x };"),
        "`input.order.id` is a string, not an object; it has no field `x`",
        "x }",
        0,
    );
    only_error(
        &with_schema("P: pass { x: input.order[0] };"),
        "`input.order` is an object, not an array; it cannot be indexed",
        "0",
        0,
    );
    only_error(
        &with_schema("P: pass { x: input.order.total[0] };"),
        "`input.order.total` is a number, not an array; it cannot be indexed",
        "0",
        0,
    );
    only_error(
        &with_schema("P: pass { x: input.order.items.sku };"),
        "`input.order.items` is an array, not an object; it has no field `sku` — index it first, e.g. `input.order.items[0].sku`",
        "sku }",
        0,
    );
}

#[test]
fn intrinsics() {
    assert_eq!(
        params(
            r#"a: States.Format("it's {}{}{}{}{} \\ {x}", States.MathAdd($.n, 1), input.name, true, null, 2.5), u: States.UUID()"#
        ),
        json!({
            "a.$": r"States.Format('it\'s {}{}{}{}{} \\ \{x\}', States.MathAdd($.n, 1), $$.Execution.Input.name, true, null, 2.5)",
            "u.$": "States.UUID()"
        })
    );
    only_error(
        "pub W { P: pass { a: States.Formatt(\"{}\", $.x) }; }",
        "unknown intrinsic function `States.Formatt`; did you mean `States.Format`?",
        "Formatt",
        0,
    );
    // Arity is the validator's; its error lands on the call.
    let src = "pub W { P: pass { a: States.UUID(1) }; }";
    let errors = run(src).errors;
    assert_eq!(errors.len(), 1);
    let start = errors[0].span().start();
    assert_eq!(
        (start.line, start.column),
        super::position(src, "States.UUID", 0)
    );
    only_error(
        "pub W { P: pass { a: States.UUID() } query_language = jsonata; }",
        "intrinsic functions are JSONPath only; in a JSONata state write the expression in a `\"{% … %}\"` string",
        "States",
        0,
    );
}

#[test]
fn jsonata_values() {
    assert_eq!(
        jsonata_output(
            r#"a: $.a.b, c: $$.Execution.Id, v: $v, i: input.x, odd: $["odd key"], arr: [$.x, 1], s: "{% 1 + 2 %}""#
        ),
        json!({
            "a": "{% $states.input.a.b %}",
            "c": "{% $states.context.Execution.Id %}",
            "v": "{% $v %}",
            "i": "{% $states.context.Execution.Input.x %}",
            "odd": "{% $states.input.`odd key` %}",
            "arr": ["{% $states.input.x %}", 1],
            "s": "{% 1 + 2 %}"
        })
    );
    only_error(
        "pub W { P: pass { a: $.items[*].id } query_language = jsonata; }",
        "`$.items[*].id` has no JSONata translation in a JSONata state (only `.field` and `[index]` steps do); write the JSONata expression in a `\"{% … %}\"` string",
        "$.items",
        0,
    );
}

#[test]
fn substitutions() {
    let src = r#"pub W { substitutions { TableName: string, FunctionArn: arn }
        T: task "${FunctionArn}" { table: "${TableName}", again: "${TableName}-x" }; }"#;
    let outcome = run(src);
    let errors: Vec<String> = outcome.errors.iter().map(ToString::to_string).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // In the order of first use.
    assert_eq!(outcome.lowered.substitutions, ["FunctionArn", "TableName"]);
    let src = r#"pub W { substitutions { TableName: string } P: pass { t: "${TabelName}" }; }"#;
    only_error(
        src,
        "unknown substitution `${TabelName}`; did you mean `${TableName}`?",
        "\"${Tabel",
        0,
    );
    let src = r#"pub W { substitutions { Limit: string } M: map(max_concurrency = "${Limit}") { A: pass; } }"#;
    only_error(
        src,
        "`${Limit}` is declared as a string but `max_concurrency` takes a whole number; declare it `Limit: integer`",
        "\"${Limit}\"",
        0,
    );
    let src = r#"pub W { substitutions { Limit: integer } M: map(max_concurrency = "${Limit}") { A: pass; } }"#;
    assert_eq!(super::asl(src)["States"]["M"]["MaxConcurrency"], "${Limit}");
    let src = r#"pub W { P: pass { t: "${Zebra}" }; }"#;
    only_error(
        src,
        "unknown substitution `${Zebra}`; declare it in `substitutions { Zebra: string }` (its value is given at deployment)",
        "\"${Zebra}\"",
        0,
    );
}
