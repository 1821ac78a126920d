//! A Distributed Map's `ItemReader` over the engine's [`ObjectStore`](crate::core::object_store::ObjectStore), as AWS's
//! "ItemReader (Map)" page documents it.
//!
//! `arn:aws:states:::s3:getObject` reads one object as its `ReaderConfig.InputType` says:
//! `CSV` (a header in the first row, or `CSVHeaders` given; every value a string, as the
//! service reads them; `CSVDelimiter` comma, pipe, semicolon, space or tab; quoted fields as in
//! RFC 4180), `JSON` (an array, or the array `ItemsPointer` points to inside an object),
//! `JSONL` (one value a line), or a manifest: an S3 inventory's `manifest.json`
//! (`ManifestType: S3_INVENTORY` or `InputType: MANIFEST`: its data files, CSV without a
//! header, read with its `fileSchema` as the headers) or an Athena `UNLOAD`'s
//! (`ManifestType: ATHENA_DATA`: its data files read as `InputType` says). Objects compressed
//! with gzip or ZSTD are read decompressed (at most [`MAX_DECOMPRESSED_BYTES`]). `arn:aws:states:::s3:listObjectsV2` lists the objects under
//! `Prefix`, each as `{"Etag", "Key", "LastModified", "Size", "StorageClass"}`, or with
//! `Transformation: LOAD_AND_FLATTEN` reads each of them as `InputType` says and hands on
//! their items. `MaxItems` keeps the first items. A failure to read is
//! `States.ItemReaderFailed`. Without an object store (or for another resource), the reader's
//! resource is a Task like any other, served by a handler.
//!
//! `PARQUET` objects are read with the feature `parquet` ([`super::parquet_items`]); without
//! it the reader fails saying so.
//!
//! CSV, JSON Lines and JSON arrays are read as a stream ([`super::item_stream`]): a piece of
//! the object at a time, each item as the Map Run asks for it, so that neither the object nor
//! its items are held whole. Manifests, Parquet objects, a JSON document whose array an
//! `ItemsPointer` selects and `ListObjectsV2`'s listing are read whole, then handed on item by
//! item.

use super::dynamic::{IntField, read_int};
use super::error::Failure;
use super::item_sources::ItemSources;
use super::item_stream::{CsvRecords, Items, JsonLines, ReadFailure, failed, json_array};
use super::object_store::{Listed, ObjectStore};
use super::program::{MapOp, Node};
use super::run::{Run, Strand};
use md5::Digest;
use serde_json::{Map, Value, json};
use std::io::{BufReader, Read};
use std::sync::Arc;
use workflow_asl::validate::MAX_ITEMS;
use workflow_asl::{
    CsvDelimiter, CsvHeaderLocation, InputType, ManifestType, ReaderConfig, ReaderTransformation,
};
use workflow_aws_models::{Resource, Usage};

/// What a reader that reads no array fails with: AWS's cause for a JSON object that holds an
/// object (LocalStack's `test_map_item_reader_json_no_json_list_object`, recorded on AWS).
fn not_iterable() -> Failure {
    failed("Attempting to map over non-iterable node.")
}

/// The items a reader hands the Map: `items` (what it read) as an array, at most `max_items`
/// of them.
pub(crate) fn limited(items: Value, max_items: Option<u64>) -> Result<Vec<Value>, Failure> {
    let Value::Array(mut items) = items else {
        return Err(not_iterable());
    };
    if let Some(max) = max_items.and_then(item_limit) {
        items.truncate(max);
    }
    Ok(items)
}

/// The items a reader hands the Map as they are read: at most `max_items` of them (the
/// items past them are not read).
pub(crate) fn limited_stream(items: Items, max_items: Option<u64>) -> Items {
    match max_items.and_then(item_limit) {
        Some(max) => Box::new(items.take(max)),
        None => items,
    }
}

// A failure to read is `States.ItemReaderFailed`, its cause written as it is (AWS records the
// reader's causes without the "An error occurred while executing the state" prefix, e.g.
// `CSV headers cannot contain duplicates.`; LocalStack's `test_base_scenarios.snapshot.json`,
// recorded against AWS): `item_stream::failed`.

impl Run<'_> {
    /// The items the reader of `map` reads from the object store for `request` (its
    /// `Parameters` or `Arguments` evaluated), as they are read; `None` when the store does not
    /// serve it. Each call reads the objects anew.
    /// `sources` notes the object each item came from, where they are several (a manifest's
    /// data files, a flattened listing's objects).
    pub(crate) fn read_from_store(
        &self,
        map: &MapOp,
        resource: &Resource,
        request: &Value,
        sources: &ItemSources,
        strand: &Strand<'_>,
    ) -> Option<Result<Items, Failure>> {
        let store = self.object_store?;
        let reader = resource
            .integration()
            .filter(|i| i.usage() == Usage::ItemReader)?;
        match reader.action().as_str() {
            "getObject" => Some(self.get_object_items(store, map, request, sources)),
            "listObjectsV2" => {
                let config = map.distributed_ops.reader_config.as_ref();
                let load = config.is_some_and(|c| {
                    c.transformation == Some(ReaderTransformation::LoadAndFlatten)
                });
                Some(match config.filter(|_| load) {
                    Some(config) => loaded_objects(store, config, request, sources),
                    None => list_objects(store, request, strand.clock.now())
                        .map(|listed| Box::new(listed.into_iter().map(Ok)) as Items),
                })
            }
            _ => None,
        }
    }

    /// Why the object store cannot serve what the reader of `map` reads for `request` again,
    /// if it cannot: the replay has no store, the reader is not one the store serves, the
    /// object a `getObject` reads is not there, or nothing is listed where a
    /// `listObjectsV2` lists. A replay reads a recorded Map Run's items again only from a
    /// store that holds them (see `super::map_replay`).
    pub(crate) fn source_not_held(
        &self,
        map: &MapOp,
        resource: &Resource,
        request: &Value,
    ) -> Option<String> {
        let source = item_source(map, Some(request)).replacen("S3://", "s3://", 1);
        let Some(store) = self.object_store else {
            return Some(format!(
                "the replay has no object store to read {source} from"
            ));
        };
        let action = resource
            .integration()
            .filter(|i| i.usage() == Usage::ItemReader)
            .map(|i| i.action().as_str().to_owned());
        match action.as_deref() {
            Some("getObject") => {
                let (bucket, key) = bucket_and_key(request).ok()?;
                match store.reader(bucket, key) {
                    Ok(Some(_)) => None,
                    Ok(None) => Some(format!("the replay's object store does not hold {source}")),
                    Err(e) => Some(format!(
                        "the replay's object store cannot read {source}: {e}"
                    )),
                }
            }
            Some("listObjectsV2") => {
                let (bucket, prefix) = bucket_and_prefix(request);
                match store.list(bucket, prefix) {
                    Ok(listed) if listed.is_empty() => Some(format!(
                        "the replay's object store lists nothing under s3://{bucket}/{prefix}"
                    )),
                    Ok(_) => None,
                    Err(e) => Some(format!(
                        "the replay's object store cannot list s3://{bucket}/{prefix}: {e}"
                    )),
                }
            }
            _ => Some(format!(
                "its ItemReader `{}` is not one the replay's object store serves",
                resource.as_str()
            )),
        }
    }

    /// The reader's `MaxItems` / `MaxItemsPath` (a JSONata expression in a JSONata state):
    /// `Err` when the value is no whole number (`States.Runtime`, the state's own error) or is
    /// negative (`States.ItemReaderFailed`, which fails the Map Run: see
    /// [`super::dynamic::IntField::MaxItems`]).
    pub(crate) fn reader_max_items(
        &self,
        node: &Node,
        map: &MapOp,
        (effective, context): (&Value, &Value),
        strand: &Strand<'_>,
    ) -> Result<Option<u64>, Failure> {
        let Some(d) = &map.distributed_ops.max_items else {
            return Ok(None);
        };
        self.with_source(node, (effective, context), strand, |source| {
            read_int(IntField::MaxItems, d, source).map(Some)
        })
    }

    fn get_object_items(
        &self,
        store: &ObjectStore,
        map: &MapOp,
        request: &Value,
        sources: &ItemSources,
    ) -> Result<Items, Failure> {
        let (bucket, key) = bucket_and_key(request)?;
        let config = map
            .distributed_ops
            .reader_config
            .clone()
            .unwrap_or_default();
        // "The `VersionId` field is not supported for `InputType=Parquet`" (AWS
        // documentation, "ItemReader (Map)").
        if config.input_type == Some(InputType::Parquet)
            && config.manifest_type.is_none()
            && request.get("VersionId").is_some()
        {
            return Err(failed(format!(
                "the ItemReader names a VersionId for the Parquet object {key}; VersionId is not supported for InputType PARQUET"
            )));
        }
        let body = object(store, bucket, key)?;
        object_stream(store, &config, key, body, sources)
    }
}

/// The items `config` reads from `data`, the text TestState's `mapItemReaderData` gives as
/// the reader's object (a manifest's data files are not there to read).
pub(crate) fn items_of_data(config: &ReaderConfig, data: &str) -> Result<Vec<Value>, Failure> {
    object_items(
        &ObjectStore::new(),
        config,
        "mapItemReaderData",
        data.as_bytes().to_vec(),
    )
}

/// The items of the object `key` (its `body`) as `config` reads it, once an external
/// compression is taken off it (see [`object_stream`]).
fn object_items(
    store: &ObjectStore,
    config: &ReaderConfig,
    key: &str,
    body: Vec<u8>,
) -> Result<Vec<Value>, Failure> {
    let body = Box::new(std::io::Cursor::new(body));
    object_stream(store, config, key, body, &ItemSources::off())?.collect()
}

/// The items of the object `key` (read from `body`) as `config` reads it, once an external
/// compression is taken off it: CSV, JSON (an array, or the array `ItemsPointer` points to in
/// an object), JSON Lines, or a manifest (an S3 inventory's, or an Athena `UNLOAD`'s) whose
/// data files are read in turn, each item's data file noted in `sources`. CSV, JSON Lines and
/// a JSON array are read as the items are asked for; the others whole.
fn object_stream(
    store: &ObjectStore,
    config: &ReaderConfig,
    key: &str,
    body: Box<dyn Read + Send>,
    sources: &ItemSources,
) -> Result<Items, Failure> {
    let body = decompressed(body, key)?;
    let collected = |items: Vec<Value>| -> Items { Box::new(items.into_iter().map(Ok)) };
    // "You set `ManifestType` to `ATHENA_DATA`, and `InputType` to either `CSV`, `JSONL`, or
    // `Parquet`"; an S3 inventory's manifest is `ManifestType: S3_INVENTORY` ("you must not
    // also specify `InputType` because the type is assumed to be CSV") or, as it was written
    // first, `InputType: MANIFEST` (AWS documentation, "ItemReader (Map)").
    match (config.manifest_type, config.input_type) {
        (Some(ManifestType::AthenaData), _) => {
            return athena_items(store, config, &whole(body, key)?, key, sources).map(collected);
        }
        (Some(ManifestType::S3Inventory), _) | (None, Some(InputType::Manifest)) => {
            return inventory_items(store, &whole(body, key)?, key, sources).map(collected);
        }
        _ => {}
    }
    match config.input_type {
        Some(InputType::Csv) => {
            let headers = match config.csv_header_location {
                Some(CsvHeaderLocation::Given) => {
                    Some(config.csv_headers.clone().unwrap_or_default())
                }
                _ => None,
            };
            let records =
                CsvRecords::new(BufReader::new(body), key, delimiter(config.csv_delimiter));
            csv_stream(records, headers)
        }
        Some(InputType::Jsonl) => Ok(Box::new(JsonLines::new(BufReader::new(body), key))),
        Some(InputType::Parquet) => super::parquet_items::items(key, whole(body, key)?)
            .map(collected)
            .map_err(failed),
        Some(InputType::Json | InputType::Manifest) | None => {
            let (blank, mut body) = leading_whitespace(body, key)?;
            if config.items_pointer.is_none() && body.first == Some(b'[') {
                return Ok(json_array(std::io::Cursor::new(blank).chain(body), key));
            }
            let mut text = blank;
            body.read_to_end(&mut text)
                .map_err(|e| super::item_stream::read_failed(&e, key))?;
            let json = std::str::from_utf8(&text)
                .map_err(|e| e.to_string())
                .and_then(|text| workflow_text::json::parse_data(text).map_err(|e| e.to_string()))
                .map_err(|e| failed(format!("the object {key} is not JSON: {e}")))?;
            // "If the JSON file contains a nested object structure, you can select the
            // specific node with your data set with an `ItemsPointer`" (a JSON Pointer).
            let selected = match &config.items_pointer {
                Some(pointer) => json.pointer(pointer).cloned().ok_or_else(|| {
                    failed(format!(
                        "the ItemsPointer {pointer} selects nothing in the object {key}"
                    ))
                })?,
                None => json,
            };
            match selected {
                Value::Array(items) => Ok(collected(items)),
                _ => Err(not_iterable()),
            }
        }
    }
}

/// CSV records as items: keyed by `headers`, or by the first row when none are given.
///
/// AWS's rules (the ItemReader page of the Step Functions developer guide, and the executions
/// LocalStack recorded against AWS in `tests/aws/services/stepfunctions/v2/scenarios/
/// test_base_scenarios.snapshot.json`, `test_map_item_reader_csv_*`):
/// - every value is a string, headers too (`0,True,{}` gives the keys `"0"`, `"True"`, `"{}"`);
/// - a row shorter than the headers has the missing columns as `""` (`   ` under three headers
///   gives `{"Col1": "   ", "Col2": "", "Col3": ""}`);
/// - a row longer than the headers loses its extra values (`,,,` under three headers gives
///   three empty strings; `Value1,Value2,Value3` under `["H1"]` gives `{"H1": "Value1"}`);
/// - an empty header is a key like any other (`H1,` gives the keys `"H1"` and `""`);
/// - headers that repeat a name fail the Map Run with `States.ItemReaderFailed` and the cause
///   `CSV headers cannot contain duplicates.` (recorded for `CSVHeaders`; the same headers read
///   from the first row are the same duplicates);
/// - the newline that ends the last row starts no row.
fn csv_stream(
    mut records: CsvRecords<impl std::io::BufRead + Send + 'static>,
    headers: Option<Vec<String>>,
) -> Result<Items, Failure> {
    let headers = match headers {
        Some(h) => h,
        None => records.next().transpose()?.unwrap_or_default(),
    };
    let mut seen = std::collections::HashSet::new();
    if !headers.iter().all(|h| seen.insert(h.as_str())) {
        return Err(failed(DUPLICATE_HEADERS));
    }
    Ok(Box::new(
        records.map(move |row| row.map(|row| csv_item(&headers, row))),
    ))
}

/// The rest of a reader after its leading whitespace, and the first byte there.
struct Peeked {
    first: Option<u8>,
    rest: Box<dyn Read + Send>,
}

impl Read for Peeked {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match (self.first.take(), buf.first_mut()) {
            (Some(b), Some(slot)) => {
                *slot = b;
                Ok(1)
            }
            (first, _) => {
                self.first = first;
                self.rest.read(buf)
            }
        }
    }
}

/// The JSON whitespace `body` starts with (read), and the rest of it.
fn leading_whitespace(
    mut body: Box<dyn Read + Send>,
    key: &str,
) -> Result<(Vec<u8>, Peeked), Failure> {
    let mut blank = Vec::new();
    let mut byte = [0u8; 1];
    loop {
        let n = body
            .read(&mut byte)
            .map_err(|e| super::item_stream::read_failed(&e, key))?;
        match (n, byte) {
            (0, _) => {
                return Ok((
                    blank,
                    Peeked {
                        first: None,
                        rest: body,
                    },
                ));
            }
            (_, [b @ (b' ' | b'\t' | b'\n' | b'\r')]) => blank.push(b),
            (_, [b]) => {
                return Ok((
                    blank,
                    Peeked {
                        first: Some(b),
                        rest: body,
                    },
                ));
            }
        }
    }
}

/// All of `body`.
fn whole(mut body: Box<dyn Read + Send>, key: &str) -> Result<Vec<u8>, Failure> {
    let mut bytes = Vec::new();
    body.read_to_end(&mut bytes)
        .map_err(|e| super::item_stream::read_failed(&e, key))?;
    Ok(bytes)
}

/// The most items a reader with `MaxItems` = `max` hands the Map; `None` reads them all.
///
/// The ItemReader page of the Step Functions developer guide: the Distributed Map reads at most
/// 100,000,000 items, and `MaxItems` limits them further. AWS's recorded answers (LocalStack's
/// `test_map_item_reader_csv_max_items` and `…_max_items_paths`, recorded on AWS): `0` reads
/// every item, and a `MaxItemsPath` value over the limit (100,000,001) is no error: the reader
/// stops at the limit. (A negative value fails earlier, with `States.ItemReaderFailed`.)
fn item_limit(max: u64) -> Option<usize> {
    match max {
        0 => None,
        n => Some(usize::try_from(n.min(MAX_ITEMS)).unwrap_or(usize::MAX)),
    }
}

/// `Bucket` and `Key` (or `Prefix`) of a request.
fn bucket_and_key(request: &Value) -> Result<(&str, &str), Failure> {
    let field = |name: &str| request.get(name).and_then(Value::as_str);
    match (field("Bucket"), field("Key")) {
        (Some(bucket), Some(key)) => Ok((bucket, key)),
        _ => Err(failed(format!(
            "the ItemReader's request {request} names no Bucket and Key"
        ))),
    }
}

/// S3's answer for an object that is not there.
fn not_found(bucket: &str, key: &str) -> Failure {
    failed(format!(
        "The specified key does not exist. (Service: S3, Status Code: 404, Bucket: {bucket}, Key: {key})"
    ))
}

/// The object at `bucket`/`key`, to read (a directory store's refusal, e.g. of a symbolic
/// link, is the failure's cause).
fn object(store: &ObjectStore, bucket: &str, key: &str) -> Result<Box<dyn Read + Send>, Failure> {
    store
        .reader(bucket, key)
        .map_err(|e| failed(e.to_string()))?
        .ok_or_else(|| not_found(bucket, key))
}

fn delimiter(d: Option<CsvDelimiter>) -> char {
    match d {
        None | Some(CsvDelimiter::Comma) => ',',
        Some(CsvDelimiter::Pipe) => '|',
        Some(CsvDelimiter::Semicolon) => ';',
        Some(CsvDelimiter::Space) => ' ',
        Some(CsvDelimiter::Tab) => '\t',
    }
}

/// AWS's cause for CSV headers that repeat a name.
const DUPLICATE_HEADERS: &str = "CSV headers cannot contain duplicates.";

/// One row keyed by `headers`: missing values are `""`, extra values are dropped.
fn csv_item(headers: &[String], row: Vec<String>) -> Value {
    let mut values = row.into_iter();
    let object: Map<String, Value> = headers
        .iter()
        .map(|h| (h.clone(), Value::String(values.next().unwrap_or_default())))
        .collect();
    Value::Object(object)
}

/// The bucket a manifest's `destinationBucket` names: `arn:<partition>:s3:::NAME` (in any
/// partition) or the name itself.
fn bucket_name(bucket: &str) -> &str {
    match workflow_aws_models::Arn::parse(bucket) {
        Some(workflow_aws_models::Arn {
            service: "s3",
            region: "",
            account: "",
            resource,
            ..
        }) => resource,
        _ => bucket,
    }
}

/// The items of an S3 inventory: every data file of the manifest, its rows keyed by the
/// manifest's `fileSchema`.
fn inventory_items(
    store: &ObjectStore,
    manifest: &[u8],
    key: &str,
    sources: &ItemSources,
) -> Result<Vec<Value>, Failure> {
    let manifest: Value = serde_json::from_slice(manifest)
        .map_err(|e| failed(format!("the manifest {key} is not JSON: {e}")))?;
    let bucket = manifest
        .get("destinationBucket")
        .and_then(Value::as_str)
        .map(bucket_name)
        .ok_or_else(|| failed(format!("the manifest {key} has no destinationBucket")))?;
    let schema: Vec<String> = manifest
        .get("fileSchema")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .split(',')
        .map(|h| h.trim().to_owned())
        .collect();
    let files = manifest
        .get("files")
        .and_then(Value::as_array)
        .ok_or_else(|| failed(format!("the manifest {key} lists no files")))?;
    let mut items = Vec::new();
    for file in files {
        let file_key = file.get("key").and_then(Value::as_str).unwrap_or_default();
        let body = decompressed(object(store, bucket, file_key)?, file_key)?;
        let records = CsvRecords::new(BufReader::new(body), file_key, ',');
        let rows = csv_stream(records, Some(schema.clone()))?;
        for item in sources.tag(bucket, file_key, rows) {
            items.push(item?);
        }
    }
    Ok(items)
}

/// The most an object decompresses to: a bound on the work a compressed object (a few bytes can
/// say gigabytes) makes the engine do, far above the service's payload limits.
pub(crate) const MAX_DECOMPRESSED_BYTES: u64 = 1 << 30;

/// An object's bytes with its external compression taken off, as they are read: "Input files
/// support the following external compression types: GZIP, ZSTD. Example file names:
/// `myObject.jsonl.gz` and `myObject.csv.zstd`" (AWS documentation, "ItemReader (Map)"), and S3
/// Inventory publishes its CSV lists gzip-compressed (the Amazon S3 user guide, "Locating your
/// inventory list": `data/<name>.csv.gz`). The compression is told by the content's magic
/// bytes (RFC 1952 for gzip, RFC 8878 for Zstandard), not the name; an object that
/// decompresses to more than [`MAX_DECOMPRESSED_BYTES`] fails the reader.
fn decompressed(
    mut body: Box<dyn Read + Send>,
    key: &str,
) -> Result<Box<dyn Read + Send>, Failure> {
    let mut magic = Vec::with_capacity(4);
    (&mut body)
        .take(4)
        .read_to_end(&mut magic)
        .map_err(|e| super::item_stream::read_failed(&e, key))?;
    let whole = std::io::Cursor::new(magic.clone()).chain(body);
    if magic.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        let decoder = ruzstd::decoding::StreamingDecoder::new(whole)
            .map_err(|e| failed(format!("the object {key} is not valid ZSTD: {e}")))?;
        return Ok(Box::new(Decoded::new(
            decoder,
            key,
            "ZSTD",
            MAX_DECOMPRESSED_BYTES,
        )));
    }
    if magic.starts_with(&[0x1f, 0x8b]) {
        let decoder = flate2::read::MultiGzDecoder::new(whole);
        return Ok(Box::new(Decoded::new(
            decoder,
            key,
            "gzip",
            MAX_DECOMPRESSED_BYTES,
        )));
    }
    Ok(Box::new(whole))
}

/// What a decompressor makes of an object, at most `limit` bytes: its errors and going past
/// the limit are the reader's failures ([`ReadFailure`]).
struct Decoded<R> {
    decoder: R,
    key: String,
    codec: &'static str,
    limit: u64,
    read: u64,
}

impl<R: Read> Decoded<R> {
    fn new(decoder: R, key: &str, codec: &'static str, limit: u64) -> Self {
        Decoded {
            decoder,
            key: key.to_owned(),
            codec,
            limit,
            read: 0,
        }
    }
}

impl<R: Read> Read for Decoded<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let (key, codec, limit) = (&self.key, self.codec, self.limit);
        let n = self.decoder.read(buf).map_err(|e| {
            std::io::Error::other(ReadFailure(format!(
                "the object {key} is not valid {codec}: {e}"
            )))
        })?;
        self.read = self.read.saturating_add(n as u64);
        if self.read > limit {
            return Err(std::io::Error::other(ReadFailure(format!(
                "the object {key} decompresses to more than {limit} bytes, more than the local engine reads"
            ))));
        }
        Ok(n)
    }
}

/// The items of an Athena `UNLOAD`'s manifest (`ManifestType: ATHENA_DATA`): the manifest "provides
/// a structured CSV list of the data files", one `s3://` URI a line, and "all objects
/// referenced in a single manifest file must be the same InputType format" (AWS
/// documentation, "ItemReader (Map)"): each is read as `InputType` says, in the manifest's
/// order.
fn athena_items(
    store: &ObjectStore,
    config: &ReaderConfig,
    manifest: &[u8],
    key: &str,
    sources: &ItemSources,
) -> Result<Vec<Value>, Failure> {
    let data = ReaderConfig {
        manifest_type: None,
        ..config.clone()
    };
    let mut items = Vec::new();
    let manifest = std::str::from_utf8(manifest)
        .map_err(|_| failed(format!("the object {key} is not UTF-8 text")))?;
    for line in manifest.lines() {
        let uri = line.trim().trim_matches('"');
        if uri.is_empty() {
            continue;
        }
        let (bucket, file_key) = uri
            .strip_prefix("s3://")
            .and_then(|rest| rest.split_once('/'))
            .ok_or_else(|| {
                failed(format!(
                    "the Athena manifest {key} lists `{uri}`, which is not an s3://BUCKET/KEY URI"
                ))
            })?;
        let body = object(store, bucket, file_key)?;
        let file_items = object_stream(store, &data, file_key, body, &ItemSources::off())?;
        for item in sources.tag(bucket, file_key, file_items) {
            items.push(item?);
        }
    }
    Ok(items)
}

/// `ListObjectsV2` with `Transformation: LOAD_AND_FLATTEN`: "Read the actual content of each
/// object listed by Amazon S3 `ListObjectsV2` call. Parse the content based on InputType (CSV,
/// JSON, JSONL, Parquet). Create items from the file contents (rows/records) rather than
/// metadata" (AWS documentation, "ItemReader (Map)"), object by object in key order, each
/// item's object noted in `sources` (a manifest's, its data file). A folder's placeholder (an
/// empty object whose key ends in `/`) holds no items.
fn loaded_objects(
    store: &ObjectStore,
    config: &ReaderConfig,
    request: &Value,
    sources: &ItemSources,
) -> Result<Items, Failure> {
    let (bucket, prefix) = bucket_and_prefix(request);
    let listed = store
        .list(bucket, prefix)
        .map_err(|e| failed(e.to_string()))?;
    let (store, config, bucket) = (store.clone(), config.clone(), bucket.to_owned());
    let sources = sources.clone();
    Ok(Box::new(
        listed
            .into_iter()
            .filter(|l| !(l.size == 0 && l.key.ends_with('/')))
            .flat_map(move |Listed { key, .. }| {
                let items = object(&store, &bucket, &key)
                    .and_then(|body| object_stream(&store, &config, &key, body, &sources));
                let items = items.unwrap_or_else(|f| Box::new(std::iter::once(Err(f))));
                // A manifest notes its data files itself.
                if is_manifest(&config) {
                    items
                } else {
                    sources.tag(&bucket, &key, items)
                }
            }),
    ))
}

/// Whether `config` reads a manifest, whose items come from the data files it lists.
fn is_manifest(config: &ReaderConfig) -> bool {
    config.manifest_type.is_some() || config.input_type == Some(InputType::Manifest)
}

/// The `Bucket` and `Prefix` of a `ListObjectsV2` request (empty when absent).
fn bucket_and_prefix(request: &Value) -> (&str, &str) {
    let field = |name: &str| {
        request
            .get(name)
            .and_then(Value::as_str)
            .unwrap_or_default()
    };
    (field("Bucket"), field("Prefix"))
}

/// `ListObjectsV2` under `Prefix`, as the reader hands the objects to the iterations: a local
/// store's ETags computed as S3 computes a single part's (the MD5 of the body), S3's as it
/// lists them.
fn list_objects(
    store: &ObjectStore,
    request: &Value,
    now_millis: i64,
) -> Result<Vec<Value>, Failure> {
    let (bucket, prefix) = bucket_and_prefix(request);
    let listed = store
        .list(bucket, prefix)
        .map_err(|e| failed(e.to_string()))?;
    Ok(listed
        .into_iter()
        .map(
            |Listed {
                 key,
                 size,
                 etag,
                 last_modified_millis,
             }| {
                let etag = etag.unwrap_or_else(|| {
                    let body = store.get(bucket, &key).unwrap_or_default();
                    let hex: String = md5::Md5::digest(&body)
                        .iter()
                        .map(|b| format!("{b:02x}"))
                        .collect();
                    format!("\"{hex}\"")
                });
                json!({
                    "Etag": etag,
                    "Key": key,
                    "LastModified": last_modified_millis.unwrap_or(now_millis) / 1000,
                    "Size": size,
                    "StorageClass": "STANDARD",
                })
            },
        )
        .collect())
}

/// `$$.Map.Item.Source` of a Map's items (AWS documentation, "Accessing execution data from
/// the Context object", its data for Map states): "For state input, the value will be:
/// `STATE_DATA`. For Amazon S3 `LIST_OBJECTS_V2` with `Transformation=NONE`, the value will
/// show the S3 URI for the bucket. For example: `S3://bucket-name`. For all the other input
/// types, the value will be the Amazon S3 URI. For example: `S3://bucket-name/object-key`."
/// `request` is the reader's `Parameters` or `Arguments` evaluated (`None`: the state's
/// input). A manifest's or a flattened listing's items come from several objects: each item's
/// own object is noted as it is read (`item_sources`), and this, the manifest's URI or the
/// listing's (`S3://bucket/prefix`), is only what an item read otherwise has.
pub(crate) fn item_source(map: &MapOp, request: Option<&Value>) -> Arc<str> {
    let (Some((resource, _, _)), Some(request)) = (&map.reader, request) else {
        return Arc::from("STATE_DATA");
    };
    let (bucket, prefix) = bucket_and_prefix(request);
    let listing = resource
        .integration()
        .is_some_and(|i| i.action().as_str() == "listObjectsV2");
    let flattened = map
        .distributed_ops
        .reader_config
        .as_ref()
        .is_some_and(|c| c.transformation == Some(ReaderTransformation::LoadAndFlatten));
    Arc::from(match (listing, flattened) {
        (true, false) => format!("S3://{bucket}"),
        (true, true) => format!("S3://{bucket}/{prefix}"),
        (false, _) => {
            let key = request.get("Key").and_then(Value::as_str);
            format!("S3://{bucket}/{}", key.unwrap_or_default())
        }
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_compressed_object_is_read_up_to_a_bound() {
        let zeros = vec![0u8; 4096];
        let compressed = ruzstd::encoding::compress_to_vec(
            &zeros[..],
            ruzstd::encoding::CompressionLevel::Fastest,
        );
        let read_to = |limit| {
            use std::io::Read as _;
            let decoder = ruzstd::decoding::StreamingDecoder::new(compressed.as_slice()).unwrap();
            let mut read = Vec::new();
            super::Decoded::new(decoder, "bomb.zstd", "ZSTD", limit)
                .read_to_end(&mut read)
                .map(|_| read.len())
                .map_err(|e| crate::core::item_stream::read_failed(&e, "bomb.zstd").cause)
        };
        assert_eq!(read_to(4096), Ok(4096));
        let refused = read_to(1000).unwrap_err();
        assert!(refused.contains("more than 1000 bytes"), "{refused}");
    }

    use super::{
        CsvRecords, DUPLICATE_HEADERS, Failure, MAX_ITEMS, Value, bucket_name, csv_stream,
        item_limit,
    };

    /// The items of the CSV `text`.
    fn csv_items(
        text: &str,
        delimiter: char,
        headers: Option<Vec<String>>,
    ) -> Result<Vec<Value>, Failure> {
        let records = CsvRecords::new(std::io::Cursor::new(text.to_owned()), "", delimiter);
        csv_stream(records, headers)?.collect()
    }

    use serde_json::json;
    use workflow_asl::ErrorName;

    #[test]
    fn inventory_buckets_in_every_partition() {
        assert_eq!(bucket_name("arn:aws:s3:::inventory"), "inventory");
        assert_eq!(bucket_name("arn:aws-cn:s3:::inventory"), "inventory");
        assert_eq!(bucket_name("arn:aws-us-gov:s3:::inventory"), "inventory");
        assert_eq!(bucket_name("inventory"), "inventory");
    }

    fn headers(names: &[&str]) -> Option<Vec<String>> {
        Some(names.iter().map(|s| (*s).to_owned()).collect())
    }

    #[test]
    fn short_rows_get_empty_strings_and_long_rows_lose_their_extra_values() {
        // LocalStack's `test_map_item_reader_base_csv_headers_first_line`, recorded on AWS.
        let text = "Col1,Col2,Col3\nValue1,Value2,Value3\n,,,\nNull,None,\n   \n";
        let items = csv_items(text, ',', None).unwrap_or_default();
        assert_eq!(
            items,
            [
                json!({"Col1": "Value1", "Col2": "Value2", "Col3": "Value3"}),
                json!({"Col1": "", "Col2": "", "Col3": ""}),
                json!({"Col1": "Null", "Col2": "None", "Col3": ""}),
                json!({"Col1": "   ", "Col2": "", "Col3": ""}),
            ]
        );
    }

    #[test]
    fn given_headers_fewer_than_the_values_keep_the_first_values() {
        // `test_map_item_reader_csv_headers_decl_extra_fields`.
        let items = csv_items("Value1,Value2,Value3\n", ',', headers(&["H1"]));
        assert_eq!(items, Ok(vec![json!({"H1": "Value1"})]));
        // `test_map_item_reader_csv_first_row_extra_fields`: an empty header is a key.
        let items = csv_items("H1,\nValue4,Value5,Value6\n", ',', None);
        assert_eq!(items, Ok(vec![json!({"H1": "Value4", "": "Value5"})]));
    }

    #[test]
    fn duplicate_headers_fail_the_reader_with_the_services_cause() {
        // `test_map_item_reader_csv_headers_decl_duplicate_headers`.
        let failure = csv_items("a,b,c\n", ',', headers(&["H1", "H1", "H3"]))
            .err()
            .unwrap_or_else(|| panic!("duplicates are refused"));
        assert_eq!(failure.error, ErrorName::ItemReaderFailed);
        assert_eq!(failure.cause, DUPLICATE_HEADERS);
        assert!(failure.located, "the cause has no state prefix");
        assert!(csv_items("x;x\n1;2\n", ';', None).is_err());
    }

    #[test]
    fn max_items_zero_reads_everything_and_large_values_stop_at_the_limit() {
        assert_eq!(item_limit(0), None);
        assert_eq!(item_limit(2), Some(2));
        assert_eq!(item_limit(MAX_ITEMS + 1), Some(100_000_000));
    }
}
