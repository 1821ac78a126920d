//! The Map state, inline and Distributed.

use super::{
    Catcher, Expr, IntExpr, ItemProcessor, JsonataValue, PathOrNull, PayloadTemplate,
    QueryLanguage, Retrier, Transition, ValueOrPath,
};
use crate::path::PathString;
use workflow_aws_models::Resource;

/// `"Type": "Map"`: runs its item processor for every item of an array (inline) or of a
/// data set read by an `ItemReader` (Distributed Map).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MapState {
    /// `Comment`.
    pub comment: Option<String>,
    /// `QueryLanguage`.
    pub query_language: Option<QueryLanguage>,
    /// `Next` or `End`.
    pub transition: Option<Transition>,
    /// `ItemProcessor` (or the deprecated `Iterator`, see [`MapState::processor_field`]).
    pub item_processor: ItemProcessor,
    /// Which field name held the processor.
    pub processor_field: ProcessorField,
    /// `ItemsPath` (JSONPath): where the items array is in the effective input.
    pub items_path: Option<PathString>,
    /// `Items` (JSONata): an array or a `{% %}` expression.
    pub items: Option<JsonataValue>,
    /// `ItemSelector` (or the deprecated `Parameters`, see [`MapState::selector_field`]).
    pub item_selector: Option<JsonataValue>,
    /// Which field name held the selector.
    pub selector_field: SelectorField,
    /// `ItemReader`: where a Distributed Map reads its items.
    pub item_reader: Option<ItemReader>,
    /// `ItemBatcher`: groups items into batches.
    pub item_batcher: Option<ItemBatcher>,
    /// `ResultWriter`: where a Distributed Map writes its results.
    pub result_writer: Option<ResultWriter>,
    /// `MaxConcurrency` or `MaxConcurrencyPath` (0 = unlimited).
    pub max_concurrency: Option<ValueOrPath<IntExpr>>,
    /// `ToleratedFailurePercentage` or `…Path` (0–100).
    pub tolerated_failure_percentage: Option<ValueOrPath<Expr<serde_json::Number>>>,
    /// `ToleratedFailureCount` or `…Path`.
    pub tolerated_failure_count: Option<ValueOrPath<IntExpr>>,
    /// `Label` of a Distributed Map (names its child executions).
    pub label: Option<String>,
    /// `InputPath` (JSONPath).
    pub input_path: Option<PathOrNull>,
    /// `ResultSelector` (JSONPath).
    pub result_selector: Option<PayloadTemplate>,
    /// `ResultPath` (JSONPath).
    pub result_path: Option<PathOrNull>,
    /// `OutputPath` (JSONPath).
    pub output_path: Option<PathOrNull>,
    /// `Output` (JSONata).
    pub output: Option<JsonataValue>,
    /// `Assign`.
    pub assign: Option<PayloadTemplate>,
    /// `Retry`.
    pub retry: Option<Vec<Retrier>>,
    /// `Catch`.
    pub catch: Option<Vec<Catcher>>,
}

/// The field that holds a Map's processor.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ProcessorField {
    /// `ItemProcessor`.
    #[default]
    ItemProcessor,
    /// `Iterator` (deprecated spelling).
    Iterator,
}

/// The field that holds a Map's item selector.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SelectorField {
    /// `ItemSelector`.
    #[default]
    ItemSelector,
    /// `Parameters` (deprecated spelling).
    Parameters,
}

/// `ItemReader` of a Distributed Map.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ItemReader {
    /// `Resource`, e.g. `arn:aws:states:::s3:getObject`.
    pub resource: Resource,
    /// `ReaderConfig`.
    pub reader_config: Option<ReaderConfig>,
    /// `Parameters` (JSONPath).
    pub parameters: Option<PayloadTemplate>,
    /// `Arguments` (JSONata).
    pub arguments: Option<JsonataValue>,
}

/// `ReaderConfig` of an `ItemReader`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReaderConfig {
    /// `InputType`.
    pub input_type: Option<InputType>,
    /// `CSVHeaderLocation`.
    pub csv_header_location: Option<CsvHeaderLocation>,
    /// `CSVHeaders`.
    pub csv_headers: Option<Vec<String>>,
    /// `CSVDelimiter`.
    pub csv_delimiter: Option<CsvDelimiter>,
    /// `ManifestType`.
    pub manifest_type: Option<ManifestType>,
    /// `MaxItems` or `MaxItemsPath`.
    pub max_items: Option<ValueOrPath<IntExpr>>,
    /// `ItemsPointer`: a JSON Pointer (RFC 6901, e.g. `/inventory/products`) to the array
    /// inside the JSON object an `s3:getObject` reader reads.
    pub items_pointer: Option<String>,
    /// `Transformation` of an `s3:listObjectsV2` reader: the listed objects' metadata
    /// (`NONE`, the default) or their contents read as `InputType` says (`LOAD_AND_FLATTEN`).
    pub transformation: Option<ReaderTransformation>,
}

macro_rules! asl_enum {
    ($(#[$doc:meta])* $name:ident { $( $variant:ident => $text:literal, )* }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $(
                #[doc = concat!("`", $text, "`.")]
                $variant,
            )*
        }

        impl $name {
            /// Every value.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The ASL spelling.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text,)* }
            }

            /// Parses the ASL spelling.
            pub fn from_name(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)* _ => None }
            }
        }
    };
}

asl_enum!(
    /// `ReaderConfig.InputType`.
    InputType { Csv => "CSV", Json => "JSON", Jsonl => "JSONL", Manifest => "MANIFEST", Parquet => "PARQUET", }
);
asl_enum!(
    /// `ReaderConfig.CSVHeaderLocation`.
    CsvHeaderLocation { FirstRow => "FIRST_ROW", Given => "GIVEN", }
);
asl_enum!(
    /// `ReaderConfig.CSVDelimiter`.
    CsvDelimiter { Comma => "COMMA", Pipe => "PIPE", Semicolon => "SEMICOLON", Space => "SPACE", Tab => "TAB", }
);
asl_enum!(
    /// `ReaderConfig.ManifestType`.
    ManifestType { AthenaData => "ATHENA_DATA", S3Inventory => "S3_INVENTORY", }
);
asl_enum!(
    /// `ReaderConfig.Transformation` (an `s3:listObjectsV2` reader).
    ReaderTransformation { None => "NONE", LoadAndFlatten => "LOAD_AND_FLATTEN", }
);
asl_enum!(
    /// `WriterConfig.OutputType`.
    OutputType { Json => "JSON", Jsonl => "JSONL", }
);
asl_enum!(
    /// `WriterConfig.Transformation`.
    Transformation { None => "NONE", Compact => "COMPACT", Flatten => "FLATTEN", }
);

/// `ItemBatcher`: groups items into batches (at least one limit must be given).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ItemBatcher {
    /// `BatchInput`: a fixed object added to every batch.
    pub batch_input: Option<JsonataValue>,
    /// `MaxItemsPerBatch` or `MaxItemsPerBatchPath`.
    pub max_items_per_batch: Option<ValueOrPath<IntExpr>>,
    /// `MaxInputBytesPerBatch` or `MaxInputBytesPerBatchPath`.
    pub max_input_bytes_per_batch: Option<ValueOrPath<IntExpr>>,
}

/// `ResultWriter` of a Distributed Map.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ResultWriter {
    /// `Resource`, e.g. `arn:aws:states:::s3:putObject`.
    pub resource: Option<Resource>,
    /// `Parameters` (JSONPath).
    pub parameters: Option<PayloadTemplate>,
    /// `Arguments` (JSONata).
    pub arguments: Option<JsonataValue>,
    /// `WriterConfig`.
    pub writer_config: Option<WriterConfig>,
}

/// `WriterConfig` of a `ResultWriter`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WriterConfig {
    /// `OutputType`.
    pub output_type: OutputType,
    /// `Transformation`.
    pub transformation: Option<Transformation>,
}
