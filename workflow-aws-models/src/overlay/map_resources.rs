//! The resources a Distributed Map reads its items with (`ItemReader`) and writes its results
//! with (`ResultWriter`): Amazon S3 actions written as optimized integrations
//! (`arn:aws:states:::s3:getObject`) that no Task state may call (a Task calls S3 through
//! `arn:aws:states:::aws-sdk:s3:<action>`). Request-response only.

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
    /// Where the entry comes from.
    pub(crate) source: &'static str,
}

/// The service the map actions belong to, as the resource names it.
pub(crate) const MAP_SERVICE: &str = "s3";

/// Every map action, sorted by action.
pub(crate) static MAP_ACTIONS: [MapAction; 3] = [
    MapAction {
        action: "getObject",
        usage: Usage::ItemReader,
        source: "input-output-itemreader.html: the items of one JSON, JSONL, CSV, Parquet or \
                 manifest file",
    },
    MapAction {
        action: "listObjectsV2",
        usage: Usage::ItemReader,
        source: "input-output-itemreader.html: one item per object under a prefix",
    },
    MapAction {
        action: "putObject",
        usage: Usage::ResultWriter,
        source: "input-output-resultwriter.html: the child executions' results, written to S3",
    },
];
