//! The resources a Distributed Map reads its items with (`ItemReader`) and writes its results
//! with (`ResultWriter`): Amazon S3 actions written as optimized integrations
//! (`arn:aws:states:::s3:getObject`) that no Task state may call (a Task calls S3 through
//! `arn:aws:states:::aws-sdk:s3:<action>`). Request-response only.

use crate::models::synth::{Builder, Part};
use crate::models::{Service, Shape, ShapeKind};
use std::sync::OnceLock;

/// Where a resource may stand.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Usage {
    /// A Task state's `Resource`.
    Task,
    /// A Map state's `ItemReader.Resource`.
    ItemReader,
    /// A Map state's `ResultWriter.Resource`.
    ResultWriter,
}

impl Usage {
    /// The field the resource is written in, e.g. `ItemReader`.
    pub fn field(self) -> &'static str {
        match self {
            Usage::Task => "Task",
            Usage::ItemReader => "ItemReader",
            Usage::ResultWriter => "ResultWriter",
        }
    }
}

/// One S3 action of a Distributed Map.
pub(crate) struct MapAction {
    /// The action as the resource names it, e.g. `listObjectsV2`.
    pub(crate) action: &'static str,
    /// Where it may stand.
    pub(crate) usage: Usage,
    /// What its `Parameters` (or `Arguments`) take, as AWS documents them: Step Functions'
    /// own request, built once on first use.
    pub(crate) request: fn(&mut Builder) -> Part,
    /// Where the entry comes from.
    pub(crate) source: &'static str,
}

/// `s3:getObject` as a reader: "the Amazon S3 bucket name and object key that the dataset is
/// stored in. If the bucket has versioning enabled, you can also provide the Amazon S3 object
/// version" (AWS documentation, "ItemReader (Map)": `Bucket`, `Key`, `VersionId`).
fn get_object_request(b: &mut Builder) -> Part {
    let text = b.scalar(ShapeKind::String);
    b.object(
        "ItemReaderGetObjectParameters",
        &[
            ("Bucket", text, true),
            ("Key", text, true),
            ("VersionId", text, false),
        ],
    )
}

/// `s3:listObjectsV2` as a reader: the bucket and the prefix of the objects to list (AWS
/// documentation, "ItemReader (Map)", the `ListObjectsV2` example: `Bucket`, `Prefix`).
fn list_objects_v2_request(b: &mut Builder) -> Part {
    let text = b.scalar(ShapeKind::String);
    b.object(
        "ItemReaderListObjectsV2Parameters",
        &[("Bucket", text, true), ("Prefix", text, false)],
    )
}

/// `s3:putObject` as a writer: "the Amazon S3 bucket name and prefix that stores the execution
/// output" (AWS documentation, "ResultWriter (Map)": `Bucket`, `Prefix`; the writer names the
/// objects it writes itself, under the prefix: `manifest.json`, `SUCCEEDED_0.json`, …).
fn put_object_request(b: &mut Builder) -> Part {
    let text = b.scalar(ShapeKind::String);
    b.object(
        "ResultWriterParameters",
        &[("Bucket", text, true), ("Prefix", text, false)],
    )
}

/// The service the map actions belong to, as the resource names it.
pub(crate) const MAP_SERVICE: &str = "s3";

/// Every map action, sorted by action.
pub(crate) static MAP_ACTIONS: [MapAction; 3] = [
    MapAction {
        action: "getObject",
        usage: Usage::ItemReader,
        request: get_object_request,
        source: "input-output-itemreader.html: the items of one JSON, JSONL, CSV, Parquet or \
                 manifest file",
    },
    MapAction {
        action: "listObjectsV2",
        usage: Usage::ItemReader,
        request: list_objects_v2_request,
        source: "input-output-itemreader.html: one item per object under a prefix",
    },
    MapAction {
        action: "putObject",
        usage: Usage::ResultWriter,
        request: put_object_request,
        source: "input-output-resultwriter.html: the child executions' results, written to S3",
    },
];

/// Each map action with where it stands, the members its request takes (`?`: optional) and
/// its source, for `docs/integration-results.md`.
#[cfg(test)]
pub(crate) fn settings() -> Vec<(&'static str, &'static str, Vec<String>, &'static str)> {
    MAP_ACTIONS
        .iter()
        .map(|a| {
            let mut b = Builder::default();
            let root = (a.request)(&mut b);
            let shape = b.finish(root);
            let members = shape
                .members()
                .map(|m| {
                    let optional = if m.is_required() { "" } else { "?" };
                    format!("{}{optional}", m.name())
                })
                .collect();
            (a.action, a.usage.field(), members, a.source)
        })
        .collect()
}

/// An item whose shape AWS fixes, that a Distributed Map's reader hands each child workflow
/// (the items of JSON, JSON Lines, Parquet and Athena data are the files' own; a CSV row's keys
/// are its headers).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReaderItem {
    /// An object `s3:listObjectsV2` lists (without `Transformation: LOAD_AND_FLATTEN`):
    /// `{Etag, Key, LastModified, Size, StorageClass}`, as AWS hands it on (recorded on AWS:
    /// LocalStack's `test_map_item_reader_base_list_objects_v2`, validated 2023-09-21, whose
    /// items are exactly these, `Etag` spelt so).
    ListedObject,
    /// A row of an S3 Inventory list that `s3:getObject` reads through its `manifest.json`
    /// (`InputType: MANIFEST`, or `ManifestType: S3_INVENTORY`): keyed by the manifest's
    /// `fileSchema`, every value text (the list is CSV). Its columns are `Bucket` and `Key`,
    /// `VersionId`, `IsLatest` and `IsDeleteMarker` for an inventory of every version, and the
    /// optional fields the inventory was configured with, the S3 API model's
    /// `InventoryOptionalField` values (AWS documentation, "ItemReader (Map)", the S3 inventory
    /// example; Amazon S3 User Guide, "Amazon S3 Inventory list").
    InventoryRow,
}

impl ReaderItem {
    /// The item's shape, built on first use (the inventory's from the S3 model, which is
    /// decoded then).
    pub fn shape(self) -> Shape {
        static SHAPES: [OnceLock<Shape>; 2] = [const { OnceLock::new() }; 2];
        let (slot, build): (usize, fn(&mut Builder) -> Part) = match self {
            ReaderItem::ListedObject => (0, listed_object),
            ReaderItem::InventoryRow => (1, inventory_row),
        };
        *SHAPES[slot].get_or_init(|| {
            let mut b = Builder::default();
            let root = build(&mut b);
            b.finish(root)
        })
    }
}

/// An object `ListObjectsV2` listed, as the reader hands it on (see
/// [`ReaderItem::ListedObject`]). `LastModified` is a date, written as text or a number.
fn listed_object(b: &mut Builder) -> Part {
    let text = b.scalar(ShapeKind::String);
    let integer = b.scalar(ShapeKind::Integer);
    let date = b.scalar(ShapeKind::TimestampOrEpoch);
    b.object(
        "ListedObject",
        &[
            ("Etag", text, true),
            ("Key", text, true),
            ("LastModified", date, true),
            ("Size", integer, true),
            ("StorageClass", text, true),
        ],
    )
}

/// A row of an S3 Inventory list (see [`ReaderItem::InventoryRow`]).
fn inventory_row(b: &mut Builder) -> Part {
    let text = b.scalar(ShapeKind::String);
    let mut columns: Vec<(&str, Part, bool)> = vec![
        ("Bucket", text, true),
        ("Key", text, true),
        ("VersionId", text, false),
        ("IsLatest", text, false),
        ("IsDeleteMarker", text, false),
    ];
    columns.extend(inventory_optional_fields().map(|field| (field, text, false)));
    b.object("InventoryListRow", &columns)
}

/// The optional fields an S3 Inventory list may hold: the S3 API model's
/// `InventoryOptionalField` values, reached through `PutBucketInventoryConfiguration`'s
/// `InventoryConfiguration.OptionalFields`.
fn inventory_optional_fields() -> impl Iterator<Item = &'static str> {
    let field = Service::by_botocore_name("s3")
        .and_then(|s3| s3.operation("PutBucketInventoryConfiguration"))
        .and_then(|op| op.input())
        .and_then(|input| input.member("InventoryConfiguration"))
        .and_then(|m| m.shape().member("OptionalFields"))
        .and_then(|m| m.shape().item());
    field.into_iter().flat_map(Shape::enum_values)
}

#[cfg(test)]
mod tests {
    use super::ReaderItem;

    #[test]
    fn an_inventory_row_holds_the_models_optional_fields() {
        let row = ReaderItem::InventoryRow.shape();
        let names: Vec<&str> = row.members().map(|m| m.name()).collect();
        for field in [
            "Bucket",
            "Key",
            "Size",
            "LastModifiedDate",
            "ETag",
            "StorageClass",
        ] {
            assert!(names.contains(&field), "{field}: {names:?}");
        }
        let required: Vec<&str> = row.required().collect();
        assert_eq!(required, ["Bucket", "Key"]);
    }

    #[test]
    fn a_listed_object_is_what_aws_recorded() {
        let item = ReaderItem::ListedObject.shape();
        let names: Vec<&str> = item.members().map(|m| m.name()).collect();
        assert_eq!(
            names,
            ["Etag", "Key", "LastModified", "Size", "StorageClass"]
        );
    }
}
