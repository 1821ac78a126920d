//! Decoding the Map state: processor, selector, reader, batcher, writer and limits.

use super::error_handling::{catch, retry};
use super::fields::{Cx, Fields};
use super::machine::{decode_processor, query_language};
use super::states::transition;
use crate::Pointer;
use crate::model::{
    CsvDelimiter, CsvHeaderLocation, InputType, ItemBatcher, ItemReader, JsonataValue,
    ManifestType, MapState, OutputType, ProcessorField, ReaderConfig, ReaderTransformation,
    ResultWriter, SelectorField, Transformation, WriterConfig,
};
use crate::path::PathString;
use serde_json::Value;
use workflow_aws_models::Resource;

/// Decodes the fields of a Map state.
pub(crate) fn decode_map(cx: &mut Cx, f: &mut Fields<'_>) -> Option<MapState> {
    let (item_processor, processor_field) = processor(cx, f).unwrap_or_default();
    let (item_selector, selector_field) = selector(cx, f);
    Some(MapState {
        comment: f.string(cx, "Comment"),
        query_language: query_language(cx, f),
        transition: transition(cx, f),
        item_processor,
        processor_field,
        items_path: f.string(cx, "ItemsPath").map(PathString::new),
        items: f.jsonata_value("Items"),
        item_selector,
        selector_field,
        item_reader: f
            .take("ItemReader")
            .and_then(|(v, p)| item_reader(cx, v, p)),
        item_batcher: f
            .take("ItemBatcher")
            .and_then(|(v, p)| item_batcher(cx, v, p)),
        result_writer: f
            .take("ResultWriter")
            .and_then(|(v, p)| result_writer(cx, v, p)),
        max_concurrency: f.value_or_path(cx, "MaxConcurrency", "MaxConcurrencyPath", |f, cx| {
            f.int_expr(cx, "MaxConcurrency")
        }),
        tolerated_failure_percentage: f.value_or_path(
            cx,
            "ToleratedFailurePercentage",
            "ToleratedFailurePercentagePath",
            |f, cx| f.number_expr(cx, "ToleratedFailurePercentage"),
        ),
        tolerated_failure_count: f.value_or_path(
            cx,
            "ToleratedFailureCount",
            "ToleratedFailureCountPath",
            |f, cx| f.int_expr(cx, "ToleratedFailureCount"),
        ),
        label: f.string(cx, "Label"),
        input_path: f.path_or_null(cx, "InputPath"),
        result_selector: f.template(cx, "ResultSelector"),
        result_path: f.path_or_null(cx, "ResultPath"),
        output_path: f.path_or_null(cx, "OutputPath"),
        output: f.jsonata_value("Output"),
        assign: f.assign(cx),
        retry: retry(cx, f),
        catch: catch(cx, f),
    })
}

fn processor(
    cx: &mut Cx,
    f: &mut Fields<'_>,
) -> Option<(crate::model::ItemProcessor, ProcessorField)> {
    match (f.has("ItemProcessor"), f.has("Iterator")) {
        (true, true) => {
            f.take("ItemProcessor");
            f.take("Iterator");
            cx.error(
                &f.pointer().key("Iterator"),
                "`ItemProcessor` and `Iterator` cannot both be set; `Iterator` is the deprecated name, remove it",
            );
            None
        }
        (false, false) => {
            cx.error(f.pointer(), "a Map state needs `ItemProcessor`: the `{StartAt, States}` machine run for every item");
            None
        }
        (true, false) => {
            let (v, p) = f.take("ItemProcessor")?;
            decode_processor(cx, v, p).map(|ip| (ip, ProcessorField::ItemProcessor))
        }
        (false, true) => {
            let (v, p) = f.take("Iterator")?;
            decode_processor(cx, v, p).map(|ip| (ip, ProcessorField::Iterator))
        }
    }
}

fn selector(cx: &mut Cx, f: &mut Fields<'_>) -> (Option<JsonataValue>, SelectorField) {
    match (f.has("ItemSelector"), f.has("Parameters")) {
        (true, true) => {
            f.take("ItemSelector");
            f.take("Parameters");
            cx.error(
                &f.pointer().key("Parameters"),
                "`ItemSelector` and `Parameters` cannot both be set in a Map state; `Parameters` is the deprecated name, remove it",
            );
            (None, SelectorField::ItemSelector)
        }
        (false, true) => (
            f.object(cx, "Parameters")
                .map(|p| JsonataValue::new(Value::Object(p))),
            SelectorField::Parameters,
        ),
        _ => (f.jsonata_value("ItemSelector"), SelectorField::ItemSelector),
    }
}

fn item_reader(cx: &mut Cx, value: &Value, pointer: Pointer) -> Option<ItemReader> {
    let mut f = Fields::of(cx, value, pointer, "an `ItemReader`")?;
    let resource = f.required_string(cx, "Resource");
    let reader = ItemReader {
        resource: Resource::parse(resource.unwrap_or_default()),
        reader_config: f
            .take("ReaderConfig")
            .and_then(|(v, p)| reader_config(cx, v, p)),
        parameters: f.template(cx, "Parameters"),
        arguments: f.jsonata_value("Arguments"),
    };
    f.finish(cx);
    Some(reader)
}

fn reader_config(cx: &mut Cx, value: &Value, pointer: Pointer) -> Option<ReaderConfig> {
    let mut f = Fields::of(cx, value, pointer, "a `ReaderConfig`")?;
    let config = ReaderConfig {
        input_type: enum_field(
            cx,
            &mut f,
            "InputType",
            InputType::from_name,
            InputType::ALL.iter().map(|v| v.as_str()),
        ),
        csv_header_location: enum_field(
            cx,
            &mut f,
            "CSVHeaderLocation",
            CsvHeaderLocation::from_name,
            CsvHeaderLocation::ALL.iter().map(|v| v.as_str()),
        ),
        csv_headers: f.strings(cx, "CSVHeaders"),
        csv_delimiter: enum_field(
            cx,
            &mut f,
            "CSVDelimiter",
            CsvDelimiter::from_name,
            CsvDelimiter::ALL.iter().map(|v| v.as_str()),
        ),
        manifest_type: enum_field(
            cx,
            &mut f,
            "ManifestType",
            ManifestType::from_name,
            ManifestType::ALL.iter().map(|v| v.as_str()),
        ),
        max_items: f.value_or_path(cx, "MaxItems", "MaxItemsPath", |f, cx| {
            f.int_expr(cx, "MaxItems")
        }),
        items_pointer: f.string(cx, "ItemsPointer"),
        transformation: enum_field(
            cx,
            &mut f,
            "Transformation",
            ReaderTransformation::from_name,
            ReaderTransformation::ALL.iter().map(|v| v.as_str()),
        ),
    };
    f.finish(cx);
    Some(config)
}

fn item_batcher(cx: &mut Cx, value: &Value, pointer: Pointer) -> Option<ItemBatcher> {
    let mut f = Fields::of(cx, value, pointer, "an `ItemBatcher`")?;
    let batcher = ItemBatcher {
        batch_input: f.jsonata_value("BatchInput"),
        max_items_per_batch: f.value_or_path(
            cx,
            "MaxItemsPerBatch",
            "MaxItemsPerBatchPath",
            |f, cx| f.int_expr(cx, "MaxItemsPerBatch"),
        ),
        max_input_bytes_per_batch: f.value_or_path(
            cx,
            "MaxInputBytesPerBatch",
            "MaxInputBytesPerBatchPath",
            |f, cx| f.int_expr(cx, "MaxInputBytesPerBatch"),
        ),
    };
    f.finish(cx);
    Some(batcher)
}

fn result_writer(cx: &mut Cx, value: &Value, pointer: Pointer) -> Option<ResultWriter> {
    let mut f = Fields::of(cx, value, pointer, "a `ResultWriter`")?;
    let writer = ResultWriter {
        resource: f.string(cx, "Resource").map(Resource::parse),
        parameters: f.template(cx, "Parameters"),
        arguments: f.jsonata_value("Arguments"),
        writer_config: f
            .take("WriterConfig")
            .and_then(|(v, p)| writer_config(cx, v, p)),
    };
    f.finish(cx);
    Some(writer)
}

fn writer_config(cx: &mut Cx, value: &Value, pointer: Pointer) -> Option<WriterConfig> {
    let mut f = Fields::of(cx, value, pointer, "a `WriterConfig`")?;
    let output_type = if f.has("OutputType") {
        enum_field(
            cx,
            &mut f,
            "OutputType",
            OutputType::from_name,
            OutputType::ALL.iter().map(|v| v.as_str()),
        )
    } else {
        cx.error(
            f.pointer(),
            "a `WriterConfig` needs `OutputType`: `\"JSON\"` or `\"JSONL\"`",
        );
        None
    };
    let transformation = enum_field(
        cx,
        &mut f,
        "Transformation",
        Transformation::from_name,
        Transformation::ALL.iter().map(|v| v.as_str()),
    );
    f.finish(cx);
    Some(WriterConfig {
        output_type: output_type?,
        transformation,
    })
}

fn enum_field<T>(
    cx: &mut Cx,
    f: &mut Fields<'_>,
    key: &'static str,
    parse: fn(&str) -> Option<T>,
    names: impl Iterator<Item = &'static str>,
) -> Option<T> {
    let (value, pointer) = f.take(key)?;
    let parsed = value.as_str().and_then(parse);
    if parsed.is_none() {
        let options: Vec<String> = names.map(|n| format!("`\"{n}\"`")).collect();
        cx.expected(
            &pointer,
            key,
            &format!("one of {}", options.join(", ")),
            value,
        );
    }
    parsed
}
