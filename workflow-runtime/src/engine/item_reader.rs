//! A Distributed Map's `ItemReader` over the engine's [`super::ObjectStore`].
//!
//! `arn:aws:states:::s3:getObject` reads one object as its `ReaderConfig.InputType` says:
//! `CSV` (a header in the first row, or `CSVHeaders` given; every value a string, as the
//! service reads them; `CSVDelimiter` comma, pipe, semicolon, space or tab; quoted fields as in
//! RFC 4180), `JSON` (an array), `JSONL` (one value a line) or `MANIFEST` (an S3 inventory
//! `manifest.json`: its data files, CSV without a header, read with its `fileSchema` as the
//! headers). `arn:aws:states:::s3:listObjectsV2` lists the objects under `Prefix`, each as
//! `{"Etag", "Key", "LastModified", "Size", "StorageClass"}`. `MaxItems` keeps the first
//! items. A failure to read is `States.ItemReaderFailed`. Without an object store (or for
//! another resource), the reader's resource is a Task like any other, served by a handler.
//!
//! Not read locally: `PARQUET`, Athena manifests, and gzip-compressed inventory files.

use super::dynamic::{IntField, Source, read_int};
use super::error::Failure;
use super::object_store::ObjectStore;
use super::program::{MapOp, Node};
use super::run::{Run, Strand};
use md5::Digest;
use serde_json::{Map, Value, json};
use workflow_asl::ErrorName;
use workflow_asl::eval::Env;
use workflow_asl::{CsvDelimiter, CsvHeaderLocation, InputType, ManifestType};
use workflow_aws_models::{Resource, Usage};

fn failed(cause: impl Into<String>) -> Failure {
    Failure::new(ErrorName::ItemReaderFailed, cause)
}

impl Run<'_> {
    /// The items the reader of `map` reads from the object store for `request` (its
    /// `Parameters` or `Arguments` evaluated); `None` when the store does not serve it.
    pub(crate) fn read_from_store(
        &self,
        node: &Node,
        map: &MapOp,
        resource: &Resource,
        request: &Value,
        (effective, context): (&Value, &Value),
        strand: &Strand<'_>,
    ) -> Option<Result<Value, Failure>> {
        let store = self.object_store?;
        let reader = resource
            .integration()
            .filter(|i| i.usage() == Usage::ItemReader)?;
        let items = match reader.action().as_str() {
            "getObject" => self.get_object_items(store, map, request),
            "listObjectsV2" => Ok(list_objects(store, request, strand.clock.now())),
            _ => return None,
        };
        let max_items = match &map.distributed_ops.max_items {
            None => Ok(None),
            Some(d) => {
                let (states, vars);
                let source = if node.jsonata {
                    states = self.states_object(node, effective, None, None, strand);
                    vars = strand.vars.visible();
                    Source::Jsonata(self.scope(&states, &vars, strand))
                } else {
                    Source::JsonPath(Env::new(effective, context, &strand.vars))
                };
                read_int(IntField::MaxItems, d, &source).map(Some)
            }
        };
        Some(items.and_then(|mut items| {
            if let Some(max) = max_items? {
                items.truncate(usize::try_from(max).unwrap_or(usize::MAX));
            }
            Ok(Value::Array(items))
        }))
    }

    fn get_object_items(
        &self,
        store: &ObjectStore,
        map: &MapOp,
        request: &Value,
    ) -> Result<Vec<Value>, Failure> {
        let (bucket, key) = bucket_and_key(request)?;
        let body = object(store, bucket, key)?;
        let config = map
            .distributed_ops
            .reader_config
            .clone()
            .unwrap_or_default();
        match config.input_type {
            Some(InputType::Csv) => {
                let delimiter = delimiter(config.csv_delimiter);
                match config.csv_header_location {
                    Some(CsvHeaderLocation::Given) => {
                        let headers = config.csv_headers.unwrap_or_default();
                        Ok(csv_items(&text(&body, key)?, delimiter, Some(headers)))
                    }
                    _ => Ok(csv_items(&text(&body, key)?, delimiter, None)),
                }
            }
            Some(InputType::Jsonl) => text(&body, key)?
                .lines()
                .filter(|line| !line.trim().is_empty())
                .map(|line| {
                    serde_json::from_str(line)
                        .map_err(|e| failed(format!("the object {key} is not JSON Lines: {e}")))
                })
                .collect(),
            Some(InputType::Manifest) => match config.manifest_type {
                None | Some(ManifestType::S3Inventory) => inventory_items(store, &body, key),
                Some(other) => Err(failed(format!(
                    "the local engine does not read {} manifests",
                    other.as_str()
                ))),
            },
            Some(InputType::Parquet) => Err(failed(
                "the local engine does not read Parquet objects; store the items as CSV, JSON or JSON Lines",
            )),
            Some(InputType::Json) | None => match serde_json::from_slice(&body) {
                Ok(Value::Array(items)) => Ok(items),
                Ok(_) => Err(failed(format!(
                    "the object {key} does not hold a JSON array"
                ))),
                Err(e) => Err(failed(format!("the object {key} is not JSON: {e}"))),
            },
        }
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

fn object(store: &ObjectStore, bucket: &str, key: &str) -> Result<Vec<u8>, Failure> {
    store.get(bucket, key).ok_or_else(|| {
        failed(format!(
            "The specified key does not exist. (Service: S3, Status Code: 404, Bucket: {bucket}, Key: {key})"
        ))
    })
}

fn text(body: &[u8], key: &str) -> Result<String, Failure> {
    String::from_utf8(body.to_vec())
        .map_err(|_| failed(format!("the object {key} is not UTF-8 text")))
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

/// CSV rows as objects: keyed by `headers`, or by the first row when none are given.
fn csv_items(text: &str, delimiter: char, headers: Option<Vec<String>>) -> Vec<Value> {
    let mut rows = parse_csv(text, delimiter).into_iter();
    let headers = match headers {
        Some(h) => h,
        None => rows.next().unwrap_or_default(),
    };
    rows.map(|row| {
        let object: Map<String, Value> = headers
            .iter()
            .cloned()
            .zip(row.into_iter().map(Value::String))
            .collect();
        Value::Object(object)
    })
    .collect()
}

/// RFC 4180 records: quoted fields (with `""` for a quote) may hold delimiters and newlines;
/// `\r\n` or `\n` ends a record; empty lines are skipped.
pub(crate) fn parse_csv(text: &str, delimiter: char) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted => {
                if chars.peek() == Some(&'"') {
                    field.push('"');
                    chars.next();
                } else {
                    quoted = false;
                }
            }
            '"' if field.is_empty() => quoted = true,
            c if quoted => field.push(c),
            c if c == delimiter => row.push(std::mem::take(&mut field)),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                row.push(std::mem::take(&mut field));
                if !(row.len() == 1 && row.first().is_some_and(String::is_empty)) {
                    rows.push(std::mem::take(&mut row));
                } else {
                    row.clear();
                }
            }
            c => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

/// The bucket a manifest's `destinationBucket` names: `arn:<partition>:s3:::NAME` (in any
/// partition) or the name itself.
fn bucket_name(bucket: &str) -> &str {
    bucket
        .strip_prefix("arn:")
        .and_then(|rest| rest.split_once(':'))
        .and_then(|(_partition, rest)| rest.strip_prefix("s3:::"))
        .unwrap_or(bucket)
}

/// The items of an S3 inventory: every data file of the manifest, its rows keyed by the
/// manifest's `fileSchema`.
fn inventory_items(store: &ObjectStore, manifest: &[u8], key: &str) -> Result<Vec<Value>, Failure> {
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
        if file_key.ends_with(".gz") {
            return Err(failed(format!(
                "the inventory file {file_key} is gzip-compressed; the local engine reads inventory files stored uncompressed"
            )));
        }
        let body = object(store, bucket, file_key)?;
        items.extend(csv_items(
            &text(&body, file_key)?,
            ',',
            Some(schema.clone()),
        ));
    }
    Ok(items)
}

/// `ListObjectsV2` under `Prefix`, as the reader hands the objects to the iterations.
fn list_objects(store: &ObjectStore, request: &Value, now_millis: i64) -> Vec<Value> {
    let bucket = request
        .get("Bucket")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let prefix = request
        .get("Prefix")
        .and_then(Value::as_str)
        .unwrap_or_default();
    store
        .list(bucket, prefix)
        .into_iter()
        .map(|(key, size)| {
            let body = store.get(bucket, &key).unwrap_or_default();
            let etag: String = md5::Md5::digest(&body)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            json!({
                "Etag": format!("\"{etag}\""),
                "Key": key,
                "LastModified": now_millis / 1000,
                "Size": size,
                "StorageClass": "STANDARD",
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{bucket_name, parse_csv};

    #[test]
    fn inventory_buckets_in_every_partition() {
        assert_eq!(bucket_name("arn:aws:s3:::inventory"), "inventory");
        assert_eq!(bucket_name("arn:aws-cn:s3:::inventory"), "inventory");
        assert_eq!(bucket_name("arn:aws-us-gov:s3:::inventory"), "inventory");
        assert_eq!(bucket_name("inventory"), "inventory");
    }

    #[test]
    fn csv_quotes_delimiters_and_newlines() {
        let rows = parse_csv(
            "a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\n\n1,\"two\nlines\"",
            ',',
        );
        assert_eq!(
            rows,
            [
                vec!["a", "b"],
                vec!["x, y", "say \"hi\""],
                vec!["1", "two\nlines"]
            ]
        );
    }
}
