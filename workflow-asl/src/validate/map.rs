//! Map states: the fields only a Distributed Map may use, `ProcessorConfig`, `ItemReader`,
//! `ItemBatcher`, `ResultWriter`, numeric limits, EXPRESS child workflows, and `Label`s.

use super::resource;
use super::{Cx, Scope, StateCx};
use crate::diagnostic::{Field, Message, Term, field_named, message};
use crate::model::{
    CsvHeaderLocation, Expr, ItemBatcher, ItemReader, MapState, ProcessorField,
    ReaderTransformation, ResultWriter, State, ValueOrPath,
};
use crate::{Code, Pointer};
use std::collections::HashMap;
use workflow_aws_models::Usage;

/// The most child workflows a Distributed Map runs at once.
pub const MAX_DISTRIBUTED_CONCURRENCY: u64 = 10_000;
/// The largest `MaxInputBytesPerBatch` (256 KiB, the payload limit).
pub(super) const MAX_INPUT_BYTES_PER_BATCH: u64 = 262_144;
/// The most items a Distributed Map's `ItemReader` reads, and the largest `MaxItems` (the
/// ItemReader page of the Step Functions developer guide; AWS creates machines whose
/// `MaxItems` is anything from 0, which reads every item, to this).
pub const MAX_ITEMS: u64 = 100_000_000;
/// The longest `Label`, in characters.
pub(super) const MAX_LABEL_CHARS: usize = 40;

/// Checks one Map state.
pub(crate) fn check_map(cx: &mut Cx<'_>, s: &StateCx<'_>, map: &MapState) {
    let distributed = map.item_processor.is_distributed();
    check_processor_config(cx, s, map, distributed);
    check_limits(cx, s, map, distributed);
    if !distributed {
        check_inline_fields(cx, s, map);
        return;
    }
    if let Some(reader) = &map.item_reader {
        check_item_reader(cx, s, reader);
        for (present, field) in [
            (map.items_path.is_some(), "ItemsPath"),
            (map.items.is_some(), "Items"),
        ] {
            if present {
                cx.warning(
                    Code::InvalidMapConfiguration,
                    s.pointer.key(field),
                    message![
                        format!("Map state `{}` reads its items with ", s.name),
                        Field::ItemReader,
                        format!(", and a Distributed Map uses `{field}` only for items passed in its input; the items are the records the reader returns — remove `{field}`, or remove "),
                        Field::ItemReader,
                        " and pass the array in the input"
                    ],
                );
            }
        }
    }
    if let Some(batcher) = &map.item_batcher {
        check_item_batcher(cx, s, batcher);
    }
    if let Some(writer) = &map.result_writer {
        check_result_writer(cx, s, writer);
    }
}

fn processor_key(map: &MapState) -> &'static str {
    match map.processor_field {
        ProcessorField::ItemProcessor => "ItemProcessor",
        ProcessorField::Iterator => "Iterator",
    }
}

/// `ExecutionType` is set exactly when the processor is DISTRIBUTED.
fn check_processor_config(cx: &mut Cx<'_>, s: &StateCx<'_>, map: &MapState, distributed: bool) {
    let key = processor_key(map);
    let at = s.pointer.key(key).key("ProcessorConfig");
    let execution_type = map
        .item_processor
        .processor_config
        .as_ref()
        .and_then(|c| c.execution_type);
    match (distributed, execution_type) {
        (true, None) => cx.warning(
            Code::InvalidMapConfiguration,
            at,
            message![
                format!(
                    "Distributed Map `{}` does not say which type its child workflows are; the service defaults to `STANDARD` — set ",
                    s.name
                ),
                Term::StandardExecutionType,
                " (or ",
                Term::ExpressExecutionType,
                " for short, idempotent items) explicitly"
            ],
        ),
        (false, Some(t)) => cx.error(
            Code::InvalidMapConfiguration,
            at.key("ExecutionType"),
            message![
                Term::ExecutionTypeWritten {
                    express: t == crate::model::ExecutionType::Express
                },
                format!(
                    " sets the type of a Distributed Map's child workflows, but Map state `{}` runs inline; remove it, or set ",
                    s.name
                ),
                Term::DistributedMode
            ],
        ),
        _ => {}
    }
}

/// The literal of a numeric field; an info note for a `${Name}` substitution.
fn literal<'v, T>(
    cx: &mut Cx<'_>,
    at: Pointer,
    field: &str,
    value: Option<&'v ValueOrPath<Expr<T>>>,
) -> Option<&'v T> {
    match value? {
        ValueOrPath::Value(Expr::Literal(v)) => Some(v),
        ValueOrPath::Value(Expr::Substitution(text)) => {
            cx.info(
                Code::DeploymentSubstitution,
                at,
                message![field_named(field), format!(" is the deployment substitution `{text}`; its range is checked once it is substituted")],
            );
            None
        }
        ValueOrPath::Value(Expr::Jsonata(_)) | ValueOrPath::Path(_) => None,
    }
}

/// `MaxConcurrency` (≤ 10000 in a Distributed Map) and `ToleratedFailurePercentage` (0–100).
fn check_limits(cx: &mut Cx<'_>, s: &StateCx<'_>, map: &MapState, distributed: bool) {
    let at = s.pointer.key("MaxConcurrency");
    if let Some(&v) = literal(
        cx,
        at.clone(),
        "MaxConcurrency",
        map.max_concurrency.as_ref(),
    ) && distributed
        && v > MAX_DISTRIBUTED_CONCURRENCY
    {
        cx.error(
            Code::InvalidMapConfiguration,
            at,
            message![
                Field::MaxConcurrency,
                format!(" is {v}, but a Distributed Map runs at most {MAX_DISTRIBUTED_CONCURRENCY} child workflows at once; use a value from 1 to {MAX_DISTRIBUTED_CONCURRENCY} (0 means the maximum)")
            ],
        );
    }
    let at = s.pointer.key("ToleratedFailurePercentage");
    let percentage = literal(
        cx,
        at.clone(),
        "ToleratedFailurePercentage",
        map.tolerated_failure_percentage.as_ref(),
    );
    if let Some(p) = percentage
        && distributed
        && p.as_f64().is_none_or(|v| !(0.0..=100.0).contains(&v))
    {
        cx.error(
            Code::InvalidMapConfiguration,
            at,
            message![
                Field::ToleratedFailurePercentage,
                format!(" is {p}; it must be a percentage from 0 to 100")
            ],
        );
    }
    let at = s.pointer.key("ToleratedFailureCount");
    literal(
        cx,
        at,
        "ToleratedFailureCount",
        map.tolerated_failure_count.as_ref(),
    );
}

/// The fields only a Distributed Map may use, in an inline Map.
fn check_inline_fields(cx: &mut Cx<'_>, s: &StateCx<'_>, map: &MapState) {
    let path_or_value = |v: bool, path: bool, field: Field| -> Option<(String, Option<Field>)> {
        match (v, path) {
            (true, true) => Some((format!("{}Path", field.key()), None)),
            (true, false) => Some((field.key().to_owned(), Some(field))),
            _ => None,
        }
    };
    let named = |field: Field| Some((field.key().to_owned(), Some(field)));
    let percentage = map.tolerated_failure_percentage.as_ref();
    let count = map.tolerated_failure_count.as_ref();
    let fields = [
        (
            map.item_reader
                .as_ref()
                .and_then(|_| named(Field::ItemReader)),
            message![
                "only a Distributed Map reads items with ",
                Field::ItemReader
            ],
        ),
        (
            map.item_batcher
                .as_ref()
                .and_then(|_| named(Field::ItemBatcher)),
            message![
                "only a Distributed Map batches items with ",
                Field::ItemBatcher
            ],
        ),
        (
            map.result_writer
                .as_ref()
                .and_then(|_| named(Field::ResultWriter)),
            message![
                "only a Distributed Map writes its results with ",
                Field::ResultWriter
            ],
        ),
        (
            path_or_value(
                percentage.is_some(),
                percentage.is_some_and(|v| v.path().is_some()),
                Field::ToleratedFailurePercentage,
            ),
            message![
                "only a Distributed Map tolerates failed items; an inline Map fails at the first failed iteration"
            ],
        ),
        (
            path_or_value(
                count.is_some(),
                count.is_some_and(|v| v.path().is_some()),
                Field::ToleratedFailureCount,
            ),
            message![
                "only a Distributed Map tolerates failed items; an inline Map fails at the first failed iteration"
            ],
        ),
        (
            map.label.as_ref().and_then(|_| named(Field::Label)),
            message!["only a Distributed Map labels its child workflow executions"],
        ),
    ];
    let processor = processor_key(map);
    for (field, why) in fields {
        let Some((field, term)) = field else { continue };
        let name = |m: &mut Message| match term {
            Some(term) => m.term(term.into()),
            None => m.text(&format!("`{field}`")),
        };
        let mut text = Message::default();
        name(&mut text);
        text.text(&format!(
            " is set, but Map state `{}` runs inline: ",
            s.name
        ));
        text.append(why);
        text.text("; ");
        text.term(Term::MakeDistributed {
            iterator: processor == "Iterator",
        });
        text.text(", or remove ");
        name(&mut text);
        // What the service accepts when the machine is created is a warning, not an error:
        // an inline Map that sets a tolerated failure threshold runs (it has no effect
        // there), and `ItemReader` and `ItemBatcher` on an inline Map are accepted by
        // `ValidateStateMachineDefinition` (recorded against AWS: facuparedes/floci,
        // StepFunctionsValidateStateMachineDefinitionIntegrationTest,
        // `itemReaderWithoutDistributedMode_isAcceptedAtDefinitionTime`, and a refused
        // definition with an inline `ItemBatcher` for which AWS reports only its other error).
        let accepted = field.starts_with("ToleratedFailure")
            || field == "ItemReader"
            || field == "ItemBatcher";
        let report = if accepted { Cx::warning } else { Cx::error };
        report(
            cx,
            Code::InvalidMapConfiguration,
            s.pointer.key(&field),
            text,
        );
    }
}

fn check_item_reader(cx: &mut Cx<'_>, s: &StateCx<'_>, reader: &ItemReader) {
    let at = s.pointer.key("ItemReader");
    resource::check(
        cx,
        at.key("Resource"),
        "`ItemReader` resource",
        &reader.resource,
        Usage::ItemReader,
    );
    let request = settings(reader.parameters.as_deref(), reader.arguments.as_deref());
    check_settings(cx, s, (&reader.resource, request), (&at, "ItemReader"));
    let Some(config) = &reader.reader_config else {
        return;
    };
    let at = at.key("ReaderConfig");
    // 0 is accepted and reads every item, as AWS does (LocalStack's
    // `test_map_item_reader_csv_max_items[0]`, created and run on AWS).
    if let Some(&max) = literal(
        cx,
        at.key("MaxItems"),
        "MaxItems",
        config.max_items.as_ref(),
    ) && max > MAX_ITEMS
    {
        cx.error(
            Code::InvalidMapConfiguration,
            at.key("MaxItems"),
            format!(
                "`MaxItems` is {max}, but a Distributed Map reads at most {MAX_ITEMS} items; use a value from 0 (every item) to {MAX_ITEMS}"
            ),
        );
    }
    let has_headers = config.csv_headers.as_ref().is_some_and(|h| !h.is_empty());
    match config.csv_header_location {
        // The fixes name the fields as terms, so that the macro writes them in its own words
        // (`csv_headers = ["id", "name"]`, not `"CSVHeaders": […]`).
        Some(CsvHeaderLocation::Given) if !has_headers => cx.error(
            Code::InvalidMapConfiguration,
            at.clone(),
            message![
                Field::CsvHeaderLocation,
                " is ",
                Term::HeaderLocation { first_row: false },
                ", so ",
                Field::CsvHeaders,
                " must list the column names, e.g. ",
                Term::ListCsvHeaders,
                "; or use ",
                Term::SetHeaderLocation { first_row: true },
                " when the file starts with them"
            ],
        ),
        Some(CsvHeaderLocation::FirstRow) if config.csv_headers.is_some() => cx.error(
            Code::InvalidMapConfiguration,
            at.key("CSVHeaders"),
            message![
                Field::CsvHeaderLocation,
                " is ",
                Term::HeaderLocation { first_row: true },
                ", so the column names come from the file and ",
                Field::CsvHeaders,
                " is not allowed; remove ",
                Field::CsvHeaders,
                ", or set ",
                Term::SetHeaderLocation { first_row: false }
            ],
        ),
        _ => {}
    }
    // "With `LOAD_AND_FLATTEN`, you must also set `InputType`": the objects' contents are read
    // as it says (AWS documentation, "ItemReader (Map)").
    if config.transformation == Some(ReaderTransformation::LoadAndFlatten)
        && config.input_type.is_none()
    {
        cx.error(
            Code::InvalidMapConfiguration,
            at.key("Transformation"),
            "`Transformation` is `LOAD_AND_FLATTEN`, which reads the listed objects' contents, so `InputType` must say how: `CSV`, `JSON`, `JSONL` or `PARQUET`",
        );
    }
    // An `ItemsPointer` is a JSON Pointer (RFC 6901): empty, or `/` then the keys.
    if let Some(pointer) = &config.items_pointer
        && !pointer.is_empty()
        && !pointer.starts_with('/')
    {
        cx.error(
            Code::InvalidMapConfiguration,
            at.key("ItemsPointer"),
            format!(
                "`ItemsPointer` is a JSON Pointer, which starts with `/`: write `/{pointer}` for the member `{pointer}`"
            ),
        );
    }
}

fn check_item_batcher(cx: &mut Cx<'_>, s: &StateCx<'_>, batcher: &ItemBatcher) {
    let at = s.pointer.key("ItemBatcher");
    if batcher.max_items_per_batch.is_none() && batcher.max_input_bytes_per_batch.is_none() {
        cx.error(
            Code::InvalidMapConfiguration,
            at.clone(),
            message![
                Field::ItemBatcher,
                " sets no batch limit; give `MaxItemsPerBatch` (or `MaxItemsPerBatchPath`), `MaxInputBytesPerBatch` (or `MaxInputBytesPerBatchPath`), or both"
            ],
        );
    }
    let items = literal(
        cx,
        at.key("MaxItemsPerBatch"),
        "MaxItemsPerBatch",
        batcher.max_items_per_batch.as_ref(),
    );
    if let Some(&0) = items {
        cx.error(
            Code::InvalidMapConfiguration,
            at.key("MaxItemsPerBatch"),
            "`MaxItemsPerBatch` is 0; it must be at least 1",
        );
    }
    let field = "MaxInputBytesPerBatch";
    if let Some(&bytes) = literal(
        cx,
        at.key(field),
        field,
        batcher.max_input_bytes_per_batch.as_ref(),
    ) && (bytes == 0 || bytes > MAX_INPUT_BYTES_PER_BATCH)
    {
        cx.error(
            Code::InvalidMapConfiguration,
            at.key(field),
            message![field_named(field), format!(
                " is {bytes}; it must be between 1 and {MAX_INPUT_BYTES_PER_BATCH} bytes (256 KiB, the largest input of a child workflow)"
            )],
        );
    }
}

fn check_result_writer(cx: &mut Cx<'_>, s: &StateCx<'_>, writer: &ResultWriter) {
    let at = s.pointer.key("ResultWriter");
    match &writer.resource {
        Some(written) => {
            resource::check(
                cx,
                at.key("Resource"),
                "`ResultWriter` resource",
                written,
                Usage::ResultWriter,
            );
            let request = settings(writer.parameters.as_deref(), writer.arguments.as_deref());
            check_settings(cx, s, (written, request), (&at, "ResultWriter"));
        }
        None if writer.writer_config.is_none() => cx.error(
            Code::InvalidMapConfiguration,
            at,
            message![
                Field::ResultWriter,
                " has neither `Resource` nor `WriterConfig`; write the results to S3 with `\"Resource\": \"arn:aws:states:::s3:putObject\"` and a `Bucket`/`Prefix`, or shape them with `WriterConfig`"
            ],
        ),
        None => {}
    }
}

/// A reader's or writer's `Parameters` (JSONPath) or `Arguments` (JSONata) as JSON, whichever
/// is written (`None`: neither, or a whole-value expression, which is computed).
fn settings(
    parameters: Option<&serde_json::Map<String, serde_json::Value>>,
    arguments: Option<&serde_json::Value>,
) -> Option<(&'static str, serde_json::Value)> {
    match (parameters, arguments) {
        (Some(p), _) => Some(("Parameters", serde_json::Value::Object(p.clone()))),
        (None, Some(a @ serde_json::Value::Object(_))) => Some(("Arguments", a.clone())),
        _ => None,
    }
}

/// The `Parameters` or `Arguments` of a Map's `ItemReader` or `ResultWriter` (`field`, at
/// `at`), checked against what its S3 action takes as AWS documents it (the overlay's
/// `map_resources`: a reader's `Bucket` and `Key` or `Prefix`, a writer's `Bucket` and
/// `Prefix`): an unknown key (`Key` where the writer takes `Prefix`), a missing `Bucket`, a
/// literal of another type. AWS accepts such a definition and fails the Map Run when it reads
/// or writes (`States.ItemReaderFailed`, `States.ResultWriterFailed`).
fn check_settings(
    cx: &mut Cx<'_>,
    s: &StateCx<'_>,
    (resource, request): (
        &workflow_aws_models::Resource,
        Option<(&str, serde_json::Value)>,
    ),
    (at, field): (&Pointer, &str),
) {
    let (Some(integration), Some((key, request))) = (resource.integration(), request) else {
        return;
    };
    let who = format!("the `{field}` of Map state `{}`", s.name);
    super::request::check_literals(
        cx,
        (integration, &request),
        (&at.key(key), &who),
        Code::InvalidMapConfiguration,
    );
}

/// Why `label` is not a valid Map `Label`, if it is not.
fn label_problem(label: &str) -> Option<Message> {
    if label.is_empty() {
        return Some(message![
            "is empty; give a name of 1 to 40 characters, or remove ",
            Field::Label
        ]);
    }
    let count = label.chars().count();
    if count > MAX_LABEL_CHARS {
        return Some(format!("is {count} characters long; the limit is {MAX_LABEL_CHARS}").into());
    }
    let (position, c) = label
        .chars()
        .enumerate()
        .find(|(_, c)| is_forbidden_in_label(*c))?;
    let what = super::names::describe_char(c);
    Some(format!(
        "contains {what} at character {}; a label may not contain whitespace, control characters or any of ? * < > {{ }} [ ] \\ : ; , | ^ ~ $ # % & \" and the backtick",
        position + 1
    ).into())
}

fn is_forbidden_in_label(c: char) -> bool {
    c.is_whitespace() || c.is_control() || "?*<>{}\\[]:;,|^~$#%&`\"".contains(c)
}

/// Checks every Map `Label`: its characters and its uniqueness across the machine.
pub(crate) fn check_labels(cx: &mut Cx<'_>, scopes: &[Scope<'_>]) {
    let mut seen: HashMap<&str, Pointer> = HashMap::new();
    for scope in scopes {
        for (name, state) in scope.states {
            let State::Map(map) = state else { continue };
            let Some(label) = &map.label else { continue };
            let at = scope.states_pointer().key(name).key("Label");
            if let Some(problem) = label_problem(label) {
                cx.error(
                    Code::InvalidLabelName,
                    at.clone(),
                    message![
                        Field::Label,
                        format!(" `{label}` of Map state `{name}` "),
                        problem
                    ],
                );
            }
            match seen.get(label.as_str()) {
                Some(first) => cx.error(
                    Code::DuplicateLabelName,
                    at,
                    message![
                        Field::Label,
                        format!(
                            " `{label}` of Map state `{name}` is already used at `{}`; labels name the child workflow executions and must be unique in the machine — rename one of them",
                            first.as_str()
                        )
                    ],
                ),
                None => {
                    seen.insert(label, at);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::test_support::{assert_none_in, assert_one_in, with_code};
    use crate::{Code, ExecutionType, Severity, ValidationOptions};

    const DISTRIBUTED: &str =
        r#""ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "#;

    /// A machine whose only state is the Map `M` with `fields`; `processor` is put inside
    /// `ItemProcessor` before its `StartAt`.
    fn map(processor: &str, fields: &str) -> String {
        format!(
            r#"{{"StartAt": "M", "States": {{"M": {{"Type": "Map", {fields}
                "ItemProcessor": {{{processor} "StartAt": "P", "States": {{"P": {{"Type": "Pass", "End": true}}}}}},
                "End": true}}}}}}"#
        )
    }

    fn distributed(fields: &str) -> String {
        map(DISTRIBUTED, fields)
    }

    fn inline(fields: &str) -> String {
        map("", fields)
    }

    #[test]
    fn distributed_max_concurrency_is_at_most_10000() {
        assert_one_in(
            &distributed(r#""MaxConcurrency": 10001,"#),
            Code::InvalidMapConfiguration,
            "/States/M/MaxConcurrency",
            "`MaxConcurrency` is 10001, but a Distributed Map runs at most 10000",
        );
        assert_none_in(
            &distributed(r#""MaxConcurrency": 10000,"#),
            Code::InvalidMapConfiguration,
        );
        assert_none_in(
            &inline(r#""MaxConcurrency": 50000,"#),
            Code::InvalidMapConfiguration,
        );
    }

    #[test]
    fn tolerated_failure_percentage_is_a_percentage() {
        assert_one_in(
            &distributed(r#""ToleratedFailurePercentage": 100.5,"#),
            Code::InvalidMapConfiguration,
            "/States/M/ToleratedFailurePercentage",
            "it must be a percentage from 0 to 100",
        );
        assert_none_in(
            &distributed(
                r#""ToleratedFailurePercentage": 12.5, "ToleratedFailureCount": 1000000,"#,
            ),
            Code::InvalidMapConfiguration,
        );
    }

    #[test]
    fn distributed_only_fields_in_an_inline_map() {
        let reader = r#""ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "Parameters": {"Bucket": "b", "Key": "k"}},"#;
        assert_one_in(
            &inline(reader),
            Code::InvalidMapConfiguration,
            "/States/M/ItemReader",
            "only a Distributed Map reads items with `ItemReader`; set `\"ProcessorConfig\": {\"Mode\": \"DISTRIBUTED\", \"ExecutionType\": \"STANDARD\"}`",
        );
        assert_one_in(
            &inline(r#""ItemBatcher": {"MaxItemsPerBatch": 5},"#),
            Code::InvalidMapConfiguration,
            "/States/M/ItemBatcher",
            "batches items",
        );
        assert_one_in(
            &inline(
                r#""ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "b", "Prefix": "p"}},"#,
            ),
            Code::InvalidMapConfiguration,
            "/States/M/ResultWriter",
            "writes its results",
        );
        assert_one_in(
            &inline(r#""ToleratedFailurePercentage": 5,"#),
            Code::InvalidMapConfiguration,
            "/States/M/ToleratedFailurePercentage",
            "tolerates failed items",
        );
        assert_one_in(
            &inline(r#""ToleratedFailureCountPath": "$.n","#),
            Code::InvalidMapConfiguration,
            "/States/M/ToleratedFailureCountPath",
            "tolerates failed items",
        );
        assert_one_in(
            &inline(r#""Label": "Batch","#),
            Code::InvalidMapConfiguration,
            "/States/M/Label",
            "labels its child workflow executions",
        );
        let all = r#""ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "Parameters": {"Bucket": "b", "Key": "k"}},
            "ItemBatcher": {"MaxItemsPerBatch": 5}, "ToleratedFailurePercentage": 5, "ToleratedFailureCount": 5, "Label": "Batch",
            "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "b", "Prefix": "p"}},"#;
        assert_none_in(&distributed(all), Code::InvalidMapConfiguration);
    }

    #[test]
    fn processor_config_execution_type() {
        let d = assert_one_in(
            &map(r#""ProcessorConfig": {"Mode": "DISTRIBUTED"},"#, ""),
            Code::InvalidMapConfiguration,
            "/States/M/ItemProcessor/ProcessorConfig",
            "the service defaults to `STANDARD`",
        );
        assert_eq!(d.severity, Severity::Warning);
        let d = assert_one_in(
            &map(
                r#""ProcessorConfig": {"Mode": "INLINE", "ExecutionType": "EXPRESS"},"#,
                "",
            ),
            Code::InvalidMapConfiguration,
            "/States/M/ItemProcessor/ProcessorConfig/ExecutionType",
            "but Map state `M` runs inline",
        );
        assert_eq!(d.severity, Severity::Error);
        assert_none_in(
            &map(r#""ProcessorConfig": {"Mode": "INLINE"},"#, ""),
            Code::InvalidMapConfiguration,
        );
        assert_none_in(&distributed(""), Code::InvalidMapConfiguration);
    }

    #[test]
    fn item_batcher_limits() {
        assert_one_in(
            &distributed(r#""ItemBatcher": {"BatchInput": {"a": 1}},"#),
            Code::InvalidMapConfiguration,
            "/States/M/ItemBatcher",
            "sets no batch limit",
        );
        assert_one_in(
            &distributed(r#""ItemBatcher": {"MaxItemsPerBatch": 0},"#),
            Code::InvalidMapConfiguration,
            "/States/M/ItemBatcher/MaxItemsPerBatch",
            "`MaxItemsPerBatch` is 0",
        );
        assert_one_in(
            &distributed(r#""ItemBatcher": {"MaxInputBytesPerBatch": 262145},"#),
            Code::InvalidMapConfiguration,
            "/States/M/ItemBatcher/MaxInputBytesPerBatch",
            "between 1 and 262144 bytes",
        );
        assert_none_in(
            &distributed(
                r#""ItemBatcher": {"MaxItemsPerBatch": 1, "MaxInputBytesPerBatch": 262144},"#,
            ),
            Code::InvalidMapConfiguration,
        );
        assert_none_in(
            &distributed(r#""ItemBatcher": {"MaxItemsPerBatchPath": "$.n"},"#),
            Code::InvalidMapConfiguration,
        );
    }

    #[test]
    fn item_reader_reads_from_s3() {
        assert_one_in(
            &distributed(
                r#""ItemReader": {"Resource": "arn:aws:states:::dynamodb:getItem", "Parameters": {}},"#,
            ),
            Code::InvalidResource,
            "/States/M/ItemReader/Resource",
            "use `arn:aws:states:::s3:getObject`",
        );
        assert_one_in(
            &distributed(r#""ItemReader": {"Resource": "s3:getObject"},"#),
            Code::InvalidResource,
            "/States/M/ItemReader/Resource",
            "is not an ARN",
        );
        for ok in [
            "arn:aws:states:::s3:getObject",
            "arn:aws:states:::s3:listObjectsV2",
            "arn:${AWS::Partition}:states:::s3:listObjectsV2",
            "${ReaderArn}",
        ] {
            assert_none_in(
                &distributed(&format!(
                    r#""ItemReader": {{"Resource": "{ok}", "Parameters": {{"Bucket": "b"}}}},"#
                )),
                Code::InvalidResource,
            );
        }
        let d = assert_one_in(
            &distributed(r#""ItemReader": {"Resource": "${ReaderArn}"},"#),
            Code::DeploymentSubstitution,
            "/States/M/ItemReader/Resource",
            "the `ItemReader` resource is checked once it is substituted",
        );
        assert_eq!(d.severity, Severity::Info);
    }

    #[test]
    fn reader_config_limits_and_csv_headers() {
        let reader = |config: &str| {
            distributed(&format!(
                r#""ItemReader": {{"Resource": "arn:aws:states:::s3:getObject", "Parameters": {{"Bucket": "b", "Key": "k"}}, "ReaderConfig": {config}}},"#
            ))
        };
        assert_one_in(
            &reader(r#"{"InputType": "JSON", "MaxItems": 100000001}"#),
            Code::InvalidMapConfiguration,
            "/States/M/ItemReader/ReaderConfig/MaxItems",
            "reads at most 100000000 items",
        );
        assert_one_in(
            &reader(r#"{"InputType": "CSV", "CSVHeaderLocation": "GIVEN"}"#),
            Code::InvalidMapConfiguration,
            "/States/M/ItemReader/ReaderConfig",
            "`CSVHeaders` must list the column names",
        );
        assert_one_in(
            &reader(
                r#"{"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW", "CSVHeaders": ["a"]}"#,
            ),
            Code::InvalidMapConfiguration,
            "/States/M/ItemReader/ReaderConfig/CSVHeaders",
            "`CSVHeaders` is not allowed",
        );
        assert_one_in(
            &reader(r#"{"Transformation": "LOAD_AND_FLATTEN"}"#),
            Code::InvalidMapConfiguration,
            "/States/M/ItemReader/ReaderConfig/Transformation",
            "`InputType` must say how",
        );
        assert_one_in(
            &reader(r#"{"InputType": "JSON", "ItemsPointer": "items"}"#),
            Code::InvalidMapConfiguration,
            "/States/M/ItemReader/ReaderConfig/ItemsPointer",
            "write `/items`",
        );
        for ok in [
            r#"{"InputType": "JSON", "ItemsPointer": "/inventory/products/featured"}"#,
            r#"{"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW", "Transformation": "LOAD_AND_FLATTEN"}"#,
            r#"{"InputType": "JSONL", "ManifestType": "ATHENA_DATA"}"#,
            r#"{"InputType": "CSV", "CSVHeaderLocation": "GIVEN", "CSVHeaders": ["a", "b"], "MaxItems": 1}"#,
            r#"{"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"}"#,
            r#"{"InputType": "JSON", "MaxItemsPath": "$.max"}"#,
            r#"{"InputType": "JSON", "MaxItems": 0}"#,
            r#"{"InputType": "JSON", "MaxItems": 100000000}"#,
        ] {
            assert_none_in(&reader(ok), Code::InvalidMapConfiguration);
        }
    }

    #[test]
    fn items_path_with_an_item_reader_is_a_warning() {
        let reader = r#""ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON"}, "Parameters": {"Bucket": "b", "Key": "k"}},"#;
        let d = assert_one_in(
            &distributed(&format!(r#"{reader} "ItemsPath": "$.Items","#)),
            Code::InvalidMapConfiguration,
            "/States/M/ItemsPath",
            "uses `ItemsPath` only for items passed in its input",
        );
        assert_eq!(d.severity, Severity::Warning);
        let jsonata = format!(
            r#"{{"QueryLanguage": "JSONata", "StartAt": "M", "States": {{"M": {{"Type": "Map",
                "ItemReader": {{"Resource": "arn:aws:states:::s3:getObject", "Arguments": {{"Bucket": "b", "Key": "k"}}}},
                "Items": "{{% $states.input.items %}}",
                "ItemProcessor": {{{DISTRIBUTED} "StartAt": "P", "States": {{"P": {{"Type": "Pass", "End": true}}}}}}, "End": true}}}}}}"#
        );
        assert_one_in(
            &jsonata,
            Code::InvalidMapConfiguration,
            "/States/M/Items",
            "remove `Items`",
        );
        assert_none_in(&distributed(reader), Code::InvalidMapConfiguration);
        assert_none_in(
            &distributed(r#""ItemsPath": "$.Items","#),
            Code::InvalidMapConfiguration,
        );
    }

    #[test]
    fn result_writer_needs_a_target() {
        assert_one_in(
            &distributed(r#""ResultWriter": {},"#),
            Code::InvalidMapConfiguration,
            "/States/M/ResultWriter",
            "neither `Resource` nor `WriterConfig`",
        );
        assert_one_in(
            &distributed(
                r#""ResultWriter": {"Resource": "arn:aws:states:::s3:getObject", "Parameters": {"Bucket": "b"}},"#,
            ),
            Code::InvalidResource,
            "/States/M/ResultWriter/Resource",
            "use `arn:aws:states:::s3:putObject`",
        );
        for ok in [
            r#""ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "b", "Prefix": "p"}},"#,
            r#""ResultWriter": {"WriterConfig": {"OutputType": "JSONL", "Transformation": "FLATTEN"}},"#,
        ] {
            assert_none_in(&distributed(ok), Code::InvalidMapConfiguration);
            assert_none_in(&distributed(ok), Code::InvalidResource);
        }
    }

    #[test]
    fn numeric_substitutions_are_reported_as_info() {
        let d = assert_one_in(
            &distributed(
                r#""MaxConcurrency": "${Concurrency}", "ItemBatcher": {"MaxItemsPerBatch": 10},"#,
            ),
            Code::DeploymentSubstitution,
            "/States/M/MaxConcurrency",
            "`MaxConcurrency` is the deployment substitution `${Concurrency}`",
        );
        assert_eq!(d.severity, Severity::Info);
        assert_one_in(
            &distributed(r#""ItemBatcher": {"MaxInputBytesPerBatch": "${Bytes}"},"#),
            Code::DeploymentSubstitution,
            "/States/M/ItemBatcher/MaxInputBytesPerBatch",
            "`${Bytes}`",
        );
        assert_none_in(
            &distributed(r#""MaxConcurrency": 10,"#),
            Code::DeploymentSubstitution,
        );
    }

    #[test]
    fn express_child_workflows_accept_only_request_response() {
        let machine = |resource: &str| {
            format!(
                r#"{{"StartAt": "M", "States": {{"M": {{"Type": "Map", "End": true, "ItemProcessor": {{
                    "ProcessorConfig": {{"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"}}, "StartAt": "Par",
                    "States": {{"Par": {{"Type": "Parallel", "End": true, "Branches": [{{"StartAt": "T", "States": {{
                        "T": {{"Type": "Task", "Resource": "{resource}", "End": true}}}}}}]}}}}}}}}}}}}"#
            )
        };
        assert_one_in(
            &machine("arn:aws:states:::ecs:runTask.sync"),
            Code::UnsupportedIntegrationPattern,
            "/States/M/ItemProcessor/States/Par/Branches/0/States/T/Resource",
            "runs in the EXPRESS child workflows of Distributed Map `M`",
        );
        assert_none_in(
            &machine("arn:aws:states:::lambda:invoke"),
            Code::UnsupportedIntegrationPattern,
        );
        // In an EXPRESS machine the Task rule reports it once, as AWS does
        // (`SCHEMA_VALIDATION_FAILED`, "Express state machine does not support …").
        let options = ValidationOptions {
            machine_type: ExecutionType::Express,
            ..Default::default()
        };
        let d = crate::check_with(&machine("arn:aws:states:::ecs:runTask.sync"), &options);
        assert_eq!(
            with_code(&d, Code::UnsupportedIntegrationPattern).len(),
            0,
            "{d:#?}"
        );
        let refused: Vec<_> = with_code(&d, Code::SchemaValidationFailed)
            .into_iter()
            .filter(|d| {
                d.message
                    .starts_with("Express state machine does not support")
            })
            .collect();
        assert_eq!(refused.len(), 1, "{d:#?}");
    }

    /// A machine with two Distributed Maps labelled `a` and `b`, the second nested in a Parallel.
    fn labelled(a: &str, b: &str) -> String {
        let processor = |state: &str| {
            format!(
                r#""ItemProcessor": {{{DISTRIBUTED} "StartAt": "{state}", "States": {{"{state}": {{"Type": "Pass", "End": true}}}}}}"#
            )
        };
        format!(
            r#"{{"StartAt": "M1", "States": {{
                "M1": {{"Type": "Map", "Label": "{a}", {}, "Next": "Par"}},
                "Par": {{"Type": "Parallel", "End": true, "Branches": [{{"StartAt": "M2", "States": {{
                    "M2": {{"Type": "Map", "Label": "{b}", {}, "End": true}}}}}}]}}}}}}"#,
            processor("P1"),
            processor("P2")
        )
    }

    #[test]
    fn labels_have_a_restricted_charset() {
        assert_one_in(
            &labelled("my label", "ok"),
            Code::InvalidLabelName,
            "/States/M1/Label",
            "contains whitespace (U+0020) at character 3",
        );
        assert_one_in(
            &labelled("ok", "a:b"),
            Code::InvalidLabelName,
            "/States/Par/Branches/0/States/M2/Label",
            "contains `:` at character 2",
        );
        assert_one_in(
            &labelled(&"x".repeat(41), "ok"),
            Code::InvalidLabelName,
            "/States/M1/Label",
            "is 41 characters long; the limit is 40",
        );
        assert_one_in(
            &labelled("", "ok"),
            Code::InvalidLabelName,
            "/States/M1/Label",
            "is empty",
        );
        assert_one_in(
            &labelled("a`b", "ok"),
            Code::InvalidLabelName,
            "/States/M1/Label",
            "contains a backtick",
        );
        assert_none_in(
            &labelled(&"x".repeat(40), "Import-Batch_2.v1"),
            Code::InvalidLabelName,
        );
    }

    #[test]
    fn labels_are_unique() {
        assert_one_in(
            &labelled("Batch", "Batch"),
            Code::DuplicateLabelName,
            "/States/Par/Branches/0/States/M2/Label",
            "is already used at `/States/M1/Label`",
        );
        assert_none_in(&labelled("Batch", "Other"), Code::DuplicateLabelName);
    }
}
