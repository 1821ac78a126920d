//! Map states: inline and Distributed, their settings, reader, writer and batcher.

use super::{has_error, only_error, state};
use serde_json::json;

#[test]
fn inline_map() {
    assert_eq!(
        state(
            r#"M: map(items = $.orders, max_concurrency = 2) { Check: pass; }
               item_selector { value: $$.Map.Item.Value } result_path = $.checked -> Done;
               Done: succeed;"#,
            "M"
        ),
        json!({
            "Type": "Map",
            "ItemProcessor": { "StartAt": "Check", "States": { "Check": { "Type": "Pass", "End": true } } },
            "ItemsPath": "$.orders",
            "ItemSelector": { "value.$": "$$.Map.Item.Value" },
            "MaxConcurrency": 2,
            "ResultPath": "$.checked",
            "Next": "Done"
        })
    );
    let paths = state(
        "M: map(distributed, items = input.list, max_concurrency = $.n, tolerated_failure_count = $.c) { A: pass; };",
        "M",
    );
    assert_eq!(paths["ItemsPath"], "$$.Execution.Input.list");
    assert_eq!(paths["MaxConcurrencyPath"], "$.n");
    assert_eq!(paths["ToleratedFailureCountPath"], "$.c");
}

#[test]
fn distributed_map() {
    assert_eq!(
        state(
            r#"M: map(distributed, execution = express, label = "Orders", tolerated_failure_percentage = 5) { Inner: pass; }
               reader s3::get_object { Bucket: "b", Key: "k.csv" } (input_type = csv, header_location = first_row, max_items = 10)
               batch(max_items = 100, max_bytes = 1024, input { note: "x" })
               writer s3::put_object { Bucket: "b", Prefix: "out" } (output_type = json, transformation = compact);"#,
            "M"
        ),
        json!({
            "Type": "Map",
            "ItemProcessor": {
                "ProcessorConfig": { "Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS" },
                "StartAt": "Inner",
                "States": { "Inner": { "Type": "Pass", "End": true } }
            },
            "ItemReader": {
                "Resource": "arn:aws:states:::s3:getObject",
                "ReaderConfig": { "InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW", "MaxItems": 10 },
                "Parameters": { "Bucket": "b", "Key": "k.csv" }
            },
            "ItemBatcher": { "BatchInput": { "note": "x" }, "MaxItemsPerBatch": 100, "MaxInputBytesPerBatch": 1024 },
            "ResultWriter": {
                "Resource": "arn:aws:states:::s3:putObject",
                "Parameters": { "Bucket": "b", "Prefix": "out" },
                "WriterConfig": { "OutputType": "JSON", "Transformation": "COMPACT" }
            },
            "ToleratedFailurePercentage": 5,
            "Label": "Orders",
            "End": true
        })
    );
}

#[test]
fn reader_items_pointer_and_load_and_flatten() {
    let reader = |args: &str, resource: &str, body: &str| {
        state(
            &format!(
                r#"M: map(distributed) {{ Inner: pass; }} reader {resource} {body} ({args});"#
            ),
            "M",
        )["ItemReader"]
            .clone()
    };
    assert_eq!(
        reader(
            r#"input_type = json, items_pointer = "/inventory/products""#,
            "s3::get_object",
            r#"{ Bucket: "b", Key: "catalog.json" }"#
        )["ReaderConfig"],
        json!({ "InputType": "JSON", "ItemsPointer": "/inventory/products" })
    );
    assert_eq!(
        reader(
            "input_type = jsonl, transformation = load_and_flatten",
            "s3::list_objects_v2",
            r#"{ Bucket: "b", Prefix: "rows/" }"#
        )["ReaderConfig"],
        json!({ "InputType": "JSONL", "Transformation": "LOAD_AND_FLATTEN" })
    );
}

#[test]
fn jsonata_map() {
    assert_eq!(
        state(
            r#"M: map(items = [1, 2, $.x]) { A: pass; } query_language = jsonata;"#,
            "M"
        ),
        json!({
            "Type": "Map",
            "QueryLanguage": "JSONata",
            "ItemProcessor": { "StartAt": "A", "States": { "A": { "Type": "Pass", "End": true } } },
            "Items": [1, 2, "{% $states.input.x %}"],
            "End": true
        })
    );
}

#[test]
fn map_errors() {
    only_error(
        "pub W { M: map(items = [1, 2]) { A: pass; } }",
        "in a JSONPath state `items` is a path to the array, such as `$.orders`; a literal array or an expression needs `query_language = jsonata`",
        "[1, 2]",
        0,
    );
    has_error(
        "pub W { M: map(itmes = $.x) { A: pass; } }",
        "unknown argument `itmes` of `map`; did you mean `items`?",
        "itmes",
        0,
    );
    only_error(
        "pub W { M: map(execution = expres) { A: pass; } }",
        "unknown `execution` `expres`; did you mean `express`?",
        "expres",
        0,
    );
    only_error(
        "pub W { M: map(distributed) { A: pass; } reader s3::get_object { Bucket: \"b\", Key: \"k.csv\" } (input_type = cvs); }",
        "unknown `input_type` `cvs`; did you mean `csv`?",
        "cvs",
        0,
    );
    only_error(
        "pub W { P: pass reader s3::get_object { Bucket: \"b\" }; }",
        "`reader` is not allowed on a pass state; only map states read items",
        "reader",
        0,
    );
    only_error(
        "pub W { M: map { } }",
        "map state `M` has no states; add the states each item runs through, e.g. `map { Work: pass; }`",
        "map",
        0,
    );
    // A validator error of the Map lands on the setting.
    let src = "pub W { M: map(execution = express) { A: pass; } }";
    let errors = super::run(src).errors;
    assert_eq!(
        errors.len(),
        1,
        "{:?}",
        errors.iter().map(ToString::to_string).collect::<Vec<_>>()
    );
    let start = errors[0].span().start();
    assert_eq!(
        (start.line, start.column),
        super::position(src, "express", 0)
    );
}

#[test]
fn input_inside_a_distributed_map_is_an_error() {
    let src = "pub W { input { id: string, ids: [string] } M: map(items = $.ids, distributed) { A: pass { id: input.id }; } }";
    only_error(
        src,
        "`input` inside Distributed Map `M` would read the input of the child execution (its item), not the workflow's; pass the value in through the map's `item_selector { … }` and read it with a `$.…` path",
        "input.id",
        0,
    );
    // An inline map shares the workflow's context.
    let inline = state("M: map { A: pass { id: input.id }; };", "M");
    assert_eq!(
        inline["ItemProcessor"]["States"]["A"]["Parameters"],
        json!({ "id.$": "$$.Execution.Input.id" })
    );
    // The item selector is evaluated by the parent: `input` is the workflow's there.
    let selector = state(
        "M: map(distributed) { A: pass; } item_selector { id: input.id };",
        "M",
    );
    assert_eq!(
        selector["ItemSelector"],
        json!({ "id.$": "$$.Execution.Input.id" })
    );
}

#[test]
fn a_setting_given_as_argument_and_clause() {
    only_error(
        "pub W { M: map(max_concurrency = 2) { A: pass; } max_concurrency = 3; }",
        "`max_concurrency` is given twice; remove one",
        "max_concurrency",
        1,
    );
}
