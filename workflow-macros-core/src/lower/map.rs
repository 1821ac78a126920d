//! A Map state's settings — written as `map(…)` arguments or as clauses: `items` (a path →
//! `ItemsPath` in JSONPath states; any value → `Items` in JSONata states), `items_path`,
//! `max_concurrency`, `distributed`, `execution = standard|express`, `label`,
//! `tolerated_failure_percentage|count`, `item_selector { … }` (`parameters { … }`: the same,
//! written as the older `Parameters` field), the flags `inline` (`Mode: INLINE` written out)
//! and `iterator` (the processor written as the older `Iterator` field) — and its `reader`, `writer` and
//! `batch` clauses (a Distributed Map's `ItemReader`, `ResultWriter` and `ItemBatcher`).

use super::args::{arg_value, each_arg};
use super::fields::{self, int_or_path, number_or_path};
use super::state_cx::{Seen, StateCx};
use super::values::{self, Mode, dynamic_text, span_of};
use super::{Cx, resources};
use crate::ast::{Arg, FieldType, ResourceDef, ScalarType, Value};
use proc_macro2::Span;
use serde_json::{Number, Value as Json};
use syn::Ident;
use workflow_asl::validate::dataflow::DataType;
use workflow_asl::{
    CsvDelimiter, CsvHeaderLocation, ExecutionType, Expr, InputType, IntExpr, ItemBatcher,
    ItemReader, JsonataValue, ManifestType, OutputType, PayloadTemplate, Pointer, QueryLanguage,
    ReaderConfig, ReaderTransformation, ResultWriter, SelectorField, Transformation, ValueOrPath,
    WriterConfig,
};
use workflow_aws_models::Usage;

/// The arguments `map(…)` takes.
pub(crate) const MAP_ARGS: &[&str] = &[
    "items",
    "items_path",
    "max_concurrency",
    "distributed",
    "execution",
    "label",
    "tolerated_failure_percentage",
    "tolerated_failure_count",
    "inline",
    "iterator",
];

/// What a Map's settings and clauses set.
#[derive(Default)]
pub(super) struct MapFields {
    pub items_path: Option<String>,
    pub items: Option<Json>,
    pub item_selector: Option<Json>,
    pub item_reader: Option<ItemReader>,
    pub item_batcher: Option<ItemBatcher>,
    pub result_writer: Option<ResultWriter>,
    pub max_concurrency: Option<ValueOrPath<IntExpr>>,
    pub tolerated_failure_percentage: Option<ValueOrPath<Expr<Number>>>,
    pub tolerated_failure_count: Option<ValueOrPath<IntExpr>>,
    pub label: Option<String>,
    pub distributed: bool,
    /// `inline`: `ProcessorConfig.Mode` written as `INLINE`.
    pub inline: bool,
    /// `iterator`: the processor written as the older `Iterator` field.
    pub iterator: bool,
    /// The selector written as the older `Parameters` field (`parameters { … }` on a map).
    pub selector_field: SelectorField,
    pub execution_type: Option<ExecutionType>,
    /// `item { … }`: what the reader reads.
    pub declared_item: Option<DeclaredItem>,
}

/// A Map's `item { … }`: the type of what its reader reads.
pub(super) struct DeclaredItem {
    /// The `item` keyword.
    keyword: Span,
    /// The type declared.
    ty: DataType,
    /// Its top-level fields, when it is an object: name, where, and whether CSV text fits the
    /// type (`string` or `any`).
    fields: Option<Vec<(String, Span, bool)>>,
}

impl DeclaredItem {
    /// The declaration `item TY` written at `keyword`.
    pub(super) fn of(keyword: Span, ty: &FieldType) -> Self {
        let fields = match ty {
            FieldType::Object(fields, _) => Some(
                fields
                    .iter()
                    .map(|f| {
                        let text = matches!(
                            f.ty,
                            FieldType::Scalar(ScalarType::String | ScalarType::Any, _)
                        );
                        (f.name.clone(), f.span, text)
                    })
                    .collect(),
            ),
            _ => None,
        };
        DeclaredItem {
            keyword,
            ty: crate::input_type::declared_type(ty),
            fields,
        }
    }
}

/// Records what the Map state `s` declares its reader reads, after checking it fits the reader:
/// there is one, and a CSV file's row is an object of text by its headers (AWS documentation,
/// "ItemReader (Map)": every CSV value is read as a string; given headers are the row's keys).
pub(super) fn declared_item(
    cx: &mut Cx<'_>,
    s: &StateCx<'_>,
    item: DeclaredItem,
    reader: Option<&ItemReader>,
) {
    let Some(reader) = reader else {
        cx.error(
            item.keyword,
            format!(
                "`item` declares what a Map's `reader` reads, and map state `{}` has none: its items are an array of its input, whose type the workflow already knows; remove `item`, or add a `reader`",
                s.name
            ),
        );
        return;
    };
    let config = reader.reader_config.as_ref();
    // Items whose shape AWS fixes (an object a listing lists, an inventory's row): what is
    // declared names their fields, or it is a mistake.
    let csv = config.and_then(|c| c.input_type) == Some(InputType::Csv);
    if let (false, Some(DataType::Object(fixed)), Some(fields)) = (
        csv,
        workflow_asl::validate::dataflow::reader_item_type(reader),
        &item.fields,
    ) {
        let names: Vec<&str> = fixed.keys().map(String::as_str).collect();
        let mut fine = true;
        for (name, span, _) in fields {
            if !fixed.contains_key(name) {
                fine = false;
                let shown = workflow_text::suggest::closest(name, &names, 8);
                let more = match names.len() - shown.len() {
                    0 => String::new(),
                    n => format!(" and {n} more"),
                };
                cx.error(
                    *span,
                    format!(
                        "`{name}` is not a field of the items this reader reads: AWS hands each iteration an object of {}{more}{}",
                        listed(&shown),
                        crate::suggest::hint(name, &names)
                    ),
                );
            }
        }
        if fine {
            cx.declared.items.insert(s.at.clone(), item.ty);
        }
        return;
    }
    if csv {
        let Some(fields) = &item.fields else {
            cx.error(
                item.keyword,
                "a CSV reader reads each row as an object keyed by the headers: declare `item { header: string, … }`",
            );
            return;
        };
        let headers = config.and_then(|c| c.csv_headers.as_ref());
        let mut fine = true;
        for (name, span, text) in fields {
            if !text {
                fine = false;
                cx.error(
                    *span,
                    format!(
                        "a CSV reader reads every column as text: declare `{name}` a `string`, and convert it where it is used (`States.StringToJson`, `$number(…)`)"
                    ),
                );
            }
            if let Some(headers) = headers
                && !headers.contains(name)
            {
                fine = false;
                let names: Vec<&str> = headers.iter().map(String::as_str).collect();
                cx.error(
                    *span,
                    format!(
                        "`{name}` is not one of the CSV headers the reader gives ({}){}",
                        listed(&names),
                        crate::suggest::hint(name, &names)
                    ),
                );
            }
        }
        if !fine {
            return;
        }
    }
    cx.declared.items.insert(s.at.clone(), item.ty);
}

/// `` `a`, `b` ``: names as a list.
fn listed(names: &[&str]) -> String {
    names
        .iter()
        .map(|h| format!("`{h}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The `map(…)` arguments.
/// The `map(…)` arguments; they count as given clauses (`seen`), so that the same setting
/// written again as a clause is reported.
pub(super) fn arguments(
    cx: &mut Cx<'_>,
    s: &StateCx<'_>,
    args: &[Arg],
    m: &mut MapFields,
    seen: &mut Seen,
) {
    each_arg(cx, args, "map", MAP_ARGS, |cx, name, arg| {
        if seen.first(cx, name, arg.key.span()) {
            setting(cx, s, &arg.key, arg.value.as_ref(), m);
        }
    });
}

/// One setting (argument or clause); `value` is `None` for a bare flag.
pub(super) fn setting(
    cx: &mut Cx<'_>,
    s: &StateCx<'_>,
    key: &Ident,
    value: Option<&Value>,
    m: &mut MapFields,
) {
    let name = key.to_string();
    let at = &s.at;
    if matches!(name.as_str(), "distributed" | "inline" | "iterator") {
        let on = match value {
            None | Some(Value::Bool(true, _)) => true,
            Some(Value::Bool(false, _)) => false,
            Some(other) => {
                cx.error(
                    span_of(other),
                    format!("`{name}` is a flag: write `{name}` (or `{name} = true`)"),
                );
                return;
            }
        };
        let field = match name.as_str() {
            "distributed" => {
                m.distributed = on;
                at.key("ItemProcessor").key("ProcessorConfig").key("Mode")
            }
            "inline" => {
                m.inline = on;
                at.key("ItemProcessor").key("ProcessorConfig").key("Mode")
            }
            _ => {
                m.iterator = on;
                at.key("Iterator")
            }
        };
        cx.record(&field, key.span());
        if m.distributed && m.inline {
            cx.error(
                key.span(),
                "a map is either `distributed` or `inline`; keep one",
            );
        }
        return;
    }
    let Some(value) = value else {
        cx.error(
            key.span(),
            format!("`{name}` needs a value, e.g. `{name} = …`"),
        );
        return;
    };
    let span = span_of(value);
    match name.as_str() {
        "items" => items(cx, s, value, m),
        "items_path" => {
            cx.record(&at.key("ItemsPath"), span);
            m.items_path = match value {
                Value::Path(_) | Value::Input(_) => {
                    dynamic_text(cx, value, QueryLanguage::JsonPath)
                }
                other => fields::string(cx, other, "items_path"),
            };
        }
        "item_selector" | "parameters" => {
            if name == "parameters" {
                m.selector_field = SelectorField::Parameters;
            }
            let field = at.key(if name == "parameters" {
                "Parameters"
            } else {
                "ItemSelector"
            });
            cx.record(&field, key.span());
            m.item_selector = match s.ql {
                QueryLanguage::JsonPath => {
                    values::template(cx, value, Mode::JsonPath, &field, "item_selector")
                        .map(Json::Object)
                }
                QueryLanguage::Jsonata => {
                    values::json(cx, value, Mode::Jsonata, &field, "item_selector")
                }
            };
        }
        "max_concurrency" => {
            m.max_concurrency = int_or_path(cx, value, s.ql, "max_concurrency");
            record_value_or_path(cx, at, "MaxConcurrency", m.max_concurrency.as_ref(), span);
        }
        "tolerated_failure_percentage" => {
            m.tolerated_failure_percentage =
                number_or_path(cx, value, s.ql, "tolerated_failure_percentage");
            record_value_or_path(
                cx,
                at,
                "ToleratedFailurePercentage",
                m.tolerated_failure_percentage.as_ref(),
                span,
            );
        }
        "tolerated_failure_count" => {
            m.tolerated_failure_count = int_or_path(cx, value, s.ql, "tolerated_failure_count");
            record_value_or_path(
                cx,
                at,
                "ToleratedFailureCount",
                m.tolerated_failure_count.as_ref(),
                span,
            );
        }
        "execution" => {
            cx.record(
                &at.key("ItemProcessor")
                    .key("ProcessorConfig")
                    .key("ExecutionType"),
                span,
            );
            m.execution_type =
                fields::word(cx, value, "execution", &["standard", "express"]).map(|i| {
                    if i == 0 {
                        ExecutionType::Standard
                    } else {
                        ExecutionType::Express
                    }
                });
        }
        _ => {
            cx.record(&at.key("Label"), span);
            m.label = fields::string(cx, value, "label");
        }
    }
}

fn record_value_or_path<T>(
    cx: &mut Cx<'_>,
    at: &Pointer,
    field: &str,
    value: Option<&ValueOrPath<T>>,
    span: Span,
) {
    let key = match value {
        Some(ValueOrPath::Path(_)) => format!("{field}Path"),
        _ => field.to_owned(),
    };
    cx.record(&at.key(&key), span);
}

/// `items`: `ItemsPath` (JSONPath: a path) or `Items` (JSONata: any value).
fn items(cx: &mut Cx<'_>, s: &StateCx<'_>, value: &Value, m: &mut MapFields) {
    let span = span_of(value);
    match s.ql {
        QueryLanguage::JsonPath => {
            cx.record(&s.at.key("ItemsPath"), span);
            match value {
                Value::Path(_) | Value::Input(_) => m.items_path = dynamic_text(cx, value, QueryLanguage::JsonPath),
                _ => cx.error(
                    span,
                    "in a JSONPath state `items` is a path to the array, such as `$.orders`; a literal array or an expression needs `query_language = jsonata`",
                ),
            }
        }
        QueryLanguage::Jsonata => {
            let field = s.at.key("Items");
            cx.record(&field, span);
            m.items = values::json(cx, value, Mode::Jsonata, &field, "items");
        }
    }
}

/// The reader's arguments (the `csv_` prefix may be left out).
pub(crate) const READER_ARGS: &[&str] = &[
    "input_type",
    "header_location",
    "headers",
    "delimiter",
    "csv_header_location",
    "csv_headers",
    "csv_delimiter",
    "manifest_type",
    "max_items",
    "items_pointer",
    "transformation",
];

/// `reader RESOURCE { parameters } (config)`; `()` written is an empty `ReaderConfig`.
pub(super) fn reader(
    cx: &mut Cx<'_>,
    s: &StateCx<'_>,
    keyword: Span,
    resource: &ResourceDef,
    body: Option<&Value>,
    args: &[Arg],
    config_written: bool,
) -> Option<ItemReader> {
    let at = s.at.key("ItemReader");
    cx.record(&at, keyword);
    cx.record(&at.key("Resource"), resources::resource_span(resource));
    let mut reader = ItemReader {
        resource: resources::resource(cx, s.name, resource, Usage::ItemReader),
        ..ItemReader::default()
    };
    if let Some(body) = body {
        (reader.parameters, reader.arguments) = body_fields(cx, s, &at, body, "reader");
    }
    let config_at = at.key("ReaderConfig");
    let mut config = ReaderConfig::default();
    let mut any = config_written;
    each_arg(cx, args, "reader", READER_ARGS, |cx, name, arg| {
        let Some(value) = arg_value(cx, arg) else {
            return;
        };
        any = true;
        let span = span_of(value);
        match name.strip_prefix("csv_").unwrap_or(name) {
            "input_type" => {
                cx.record(&config_at.key("InputType"), span);
                config.input_type = word_of(cx, value, name, InputType::ALL, |v| v.as_str());
            }
            "header_location" => {
                cx.record(&config_at.key("CSVHeaderLocation"), span);
                config.csv_header_location =
                    word_of(cx, value, name, CsvHeaderLocation::ALL, |v| v.as_str());
            }
            "delimiter" => {
                cx.record(&config_at.key("CSVDelimiter"), span);
                config.csv_delimiter = word_of(cx, value, name, CsvDelimiter::ALL, |v| v.as_str());
            }
            "manifest_type" => {
                cx.record(&config_at.key("ManifestType"), span);
                config.manifest_type = word_of(cx, value, name, ManifestType::ALL, |v| v.as_str());
            }
            "headers" => {
                cx.record(&config_at.key("CSVHeaders"), span);
                config.csv_headers = string_list(cx, value, name);
            }
            "items_pointer" => {
                cx.record(&config_at.key("ItemsPointer"), span);
                config.items_pointer = fields::string(cx, value, name);
            }
            "transformation" => {
                cx.record(&config_at.key("Transformation"), span);
                config.transformation =
                    word_of(cx, value, name, ReaderTransformation::ALL, |v| v.as_str());
            }
            _ => {
                config.max_items = int_or_path(cx, value, s.ql, name);
                record_value_or_path(cx, &config_at, "MaxItems", config.max_items.as_ref(), span);
            }
        }
    });
    if any {
        cx.record(&config_at, keyword);
        reader.reader_config = Some(config);
    }
    Some(reader)
}

/// The writer's arguments (its `WriterConfig`).
pub(crate) const WRITER_ARGS: &[&str] = &["output_type", "transformation"];

/// `writer RESOURCE? { parameters }? (config)`.
pub(super) fn writer(
    cx: &mut Cx<'_>,
    s: &StateCx<'_>,
    keyword: Span,
    resource: Option<&ResourceDef>,
    body: Option<&Value>,
    args: &[Arg],
) -> Option<ResultWriter> {
    let at = s.at.key("ResultWriter");
    cx.record(&at, keyword);
    let mut writer = ResultWriter::default();
    if let Some(resource) = resource {
        cx.record(&at.key("Resource"), resources::resource_span(resource));
        writer.resource = Some(resources::resource(
            cx,
            s.name,
            resource,
            Usage::ResultWriter,
        ));
    }
    if let Some(body) = body {
        (writer.parameters, writer.arguments) = body_fields(cx, s, &at, body, "writer");
    }
    let config_at = at.key("WriterConfig");
    let mut output_type = None;
    let mut transformation = None;
    let mut transformation_span = None;
    each_arg(cx, args, "writer", WRITER_ARGS, |cx, name, arg| {
        let Some(value) = arg_value(cx, arg) else {
            return;
        };
        let span = span_of(value);
        if name == "output_type" {
            cx.record(&config_at.key("OutputType"), span);
            output_type = Some(word_of(cx, value, name, OutputType::ALL, |v| v.as_str()));
        } else {
            cx.record(&config_at.key("Transformation"), span);
            transformation_span = Some(arg.key.span());
            transformation = word_of(cx, value, name, Transformation::ALL, |v| v.as_str());
        }
    });
    match output_type {
        Some(Some(output_type)) => {
            cx.record(&config_at, keyword);
            writer.writer_config = Some(WriterConfig {
                output_type,
                transformation,
            });
        }
        Some(None) => {}
        None => {
            if let Some(span) = transformation_span {
                cx.error(span, "`transformation` needs `output_type = json` or `output_type = jsonl` beside it");
            }
        }
    }
    Some(writer)
}

/// The arguments of `batch(…)` (the `ItemBatcher`).
pub(crate) const BATCH_ARGS: &[&str] = &["max_items", "max_bytes", "input"];

/// `batch(max_items = …, max_bytes = …, input { … })`.
pub(super) fn batcher(
    cx: &mut Cx<'_>,
    s: &StateCx<'_>,
    keyword: Span,
    args: &[Arg],
) -> Option<ItemBatcher> {
    let at = s.at.key("ItemBatcher");
    cx.record(&at, keyword);
    let mut batcher = ItemBatcher::default();
    each_arg(cx, args, "batch", BATCH_ARGS, |cx, name, arg| {
        let Some(value) = arg_value(cx, arg) else {
            return;
        };
        let span = span_of(value);
        match name {
            "max_items" => {
                batcher.max_items_per_batch = int_or_path(cx, value, s.ql, name);
                record_value_or_path(
                    cx,
                    &at,
                    "MaxItemsPerBatch",
                    batcher.max_items_per_batch.as_ref(),
                    span,
                );
            }
            "max_bytes" => {
                batcher.max_input_bytes_per_batch = int_or_path(cx, value, s.ql, name);
                record_value_or_path(
                    cx,
                    &at,
                    "MaxInputBytesPerBatch",
                    batcher.max_input_bytes_per_batch.as_ref(),
                    span,
                );
            }
            _ => {
                let field = at.key("BatchInput");
                cx.record(&field, arg.key.span());
                batcher.batch_input = match s.ql {
                    QueryLanguage::JsonPath => {
                        values::template(cx, value, Mode::JsonPath, &field, "input")
                            .map(Json::Object)
                    }
                    QueryLanguage::Jsonata => {
                        values::json(cx, value, Mode::Jsonata, &field, "input")
                    }
                }
                .map(JsonataValue::new);
            }
        }
    });
    Some(batcher)
}

/// A reader's or writer's body: `Parameters` (JSONPath) or `Arguments` (JSONata).
fn body_fields(
    cx: &mut Cx<'_>,
    s: &StateCx<'_>,
    at: &Pointer,
    body: &Value,
    what: &str,
) -> (Option<PayloadTemplate>, Option<JsonataValue>) {
    match s.ql {
        QueryLanguage::JsonPath => {
            let field = at.key("Parameters");
            cx.record(&field, span_of(body));
            (
                values::template(cx, body, Mode::JsonPath, &field, what).map(PayloadTemplate::new),
                None,
            )
        }
        QueryLanguage::Jsonata => {
            let field = at.key("Arguments");
            cx.record(&field, span_of(body));
            let arguments = values::json(cx, body, Mode::Jsonata, &field, what);
            (None, arguments.map(JsonataValue::new))
        }
    }
}

/// One of an ASL enum's values, written as a snake_case word (`first_row`) or its ASL spelling.
fn word_of<T: Copy>(
    cx: &mut Cx<'_>,
    value: &Value,
    what: &str,
    all: &[T],
    spelling: impl Fn(T) -> &'static str,
) -> Option<T> {
    let words: Vec<String> = all.iter().map(|v| spelling(*v).to_lowercase()).collect();
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let index = fields::word(cx, value, what, &words)?;
    all.get(index).copied()
}

/// An array of string literals.
fn string_list(cx: &mut Cx<'_>, value: &Value, what: &str) -> Option<Vec<String>> {
    let Value::Array { items, .. } = value else {
        cx.error(
            span_of(value),
            format!("`{what}` takes an array of strings, e.g. `{what} = [\"id\", \"name\"]`"),
        );
        return None;
    };
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        out.push(fields::string(cx, item, what)?);
    }
    Some(out)
}
