//! A Distributed Map reading Parquet objects (feature `parquet`), by the rules of AWS's
//! "ItemReader (Map)" page: each row an item, the codecs it names (GZIP, ZSTD, Snappy), no
//! `VersionId`, a footer of at most 5 MB. The objects are written here with the same
//! `parquet` crate, in each codec.

use parquet::basic::{Compression, GzipLevel, ZstdLevel};
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, DoubleType, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;
use serde_json::json;
use std::sync::Arc;
use workflow_runtime::asl::{ErrorName, StateMachine};
use workflow_runtime::engine::blocking;
use workflow_runtime::engine::{Engine, Execution, ObjectStore};
use workflow_runtime::execution::ExecutionStatus;

/// A Parquet object of one row group with `schema`, compressed with `compression`, each
/// column written by `write_column(index, writer)` (it returns how many values it wrote).
fn parquet_file(
    schema: &str,
    compression: Compression,
    mut write_column: impl FnMut(
        usize,
        &mut parquet::file::writer::SerializedColumnWriter<'_>,
    ) -> parquet::errors::Result<usize>,
) -> Vec<u8> {
    let schema = parse_message_type(schema).expect("a schema");
    let properties = WriterProperties::builder()
        .set_compression(compression)
        .build();
    let mut out = Vec::new();
    let mut writer = SerializedFileWriter::new(&mut out, Arc::new(schema), Arc::new(properties))
        .expect("a writer");
    let mut group = writer.next_row_group().expect("a row group");
    let mut column = 0;
    while let Some(mut writer) = group.next_column().expect("a column") {
        write_column(column, &mut writer).expect("values written");
        writer.close().expect("a column closed");
        column += 1;
    }
    group.close().expect("a row group closed");
    writer.close().expect("a file closed");
    out
}

/// Two rows: `id`, `name`, an optional `price` (missing in the second row), `ok`, and `at`,
/// a timestamp in milliseconds.
fn orders_file(compression: Compression) -> Vec<u8> {
    parquet_file(
        "message order {
            REQUIRED INT64 id;
            REQUIRED BYTE_ARRAY name (UTF8);
            OPTIONAL DOUBLE price;
            REQUIRED BOOLEAN ok;
            REQUIRED INT64 at (TIMESTAMP(MILLIS,true));
        }",
        compression,
        |column, writer| match column {
            0 => writer.typed::<Int64Type>().write_batch(&[1, 2], None, None),
            1 => writer.typed::<ByteArrayType>().write_batch(
                &[ByteArray::from("Ada"), ByteArray::from("Alan")],
                None,
                None,
            ),
            2 => writer
                .typed::<DoubleType>()
                .write_batch(&[9.5], Some(&[1, 0]), None),
            3 => writer
                .typed::<BoolType>()
                .write_batch(&[true, false], None, None),
            _ => writer.typed::<Int64Type>().write_batch(
                &[1_767_225_600_123, 1_767_225_601_000],
                None,
                None,
            ),
        },
    )
}

fn reader_machine(extra_parameters: &str) -> StateMachine {
    StateMachine::from_json(&format!(
        r#"{{"StartAt": "M", "States": {{"M": {{"Type": "Map",
            "ItemReader": {{"Resource": "arn:aws:states:::s3:getObject",
                "ReaderConfig": {{"InputType": "PARQUET"}},
                "Parameters": {{"Bucket": "data", "Key": "orders.parquet" {extra_parameters}}}}},
            "ItemProcessor": {{"ProcessorConfig": {{"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}},
                "StartAt": "P", "States": {{"P": {{"Type": "Pass", "End": true}}}}}},
            "End": true}}}}}}"#
    ))
    .unwrap_or_else(|e| panic!("{e}"))
}

fn run(m: &StateMachine, body: &[u8]) -> Execution {
    let store = ObjectStore::new();
    store.put("data", "orders.parquet", body).expect("stored");
    blocking::run(
        Engine::new()
            .object_store(store)
            .machine(m)
            .input(json!({})),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn each_row_of_a_parquet_object_is_an_item_in_every_codec_aws_names() {
    // "Internal GZIP, ZSTD, and Snappy data compression are natively supported. No filename
    // extensions are necessary."
    for compression in [
        Compression::UNCOMPRESSED,
        Compression::SNAPPY,
        Compression::GZIP(GzipLevel::default()),
        Compression::ZSTD(ZstdLevel::default()),
    ] {
        let done = run(&reader_machine(""), &orders_file(compression));
        assert_eq!(
            done.status,
            ExecutionStatus::Succeeded,
            "{compression:?}: {:?}",
            done.cause
        );
        assert_eq!(
            done.output,
            Some(json!([
                {"id": 1, "name": "Ada", "price": 9.5, "ok": true, "at": 1_767_225_600_123_i64},
                {"id": 2, "name": "Alan", "price": null, "ok": false, "at": 1_767_225_601_000_i64}
            ])),
            "{compression:?}"
        );
    }
}

fn reader_failure(done: &Execution) -> (ExecutionStatus, Option<ErrorName>, String) {
    (
        done.status.clone(),
        done.error.clone(),
        done.cause.clone().unwrap_or_default(),
    )
}

#[test]
fn a_parquet_reader_refuses_a_version_id_a_large_footer_and_a_broken_object() {
    // "The `VersionId` field is not supported for `InputType=Parquet`."
    let file = orders_file(Compression::SNAPPY);
    let (status, error, cause) =
        reader_failure(&run(&reader_machine(r#", "VersionId": "v1""#), &file));
    assert_eq!(status, ExecutionStatus::Failed);
    assert_eq!(error, Some(ErrorName::ItemReaderFailed));
    assert!(cause.contains("VersionId"), "{cause}");
    // "5MB is the maximum footer size": a file that says its footer is larger.
    let mut big = b"PAR1".to_vec();
    big.extend([0u8; 16]);
    big.extend((6 * 1024 * 1024u32).to_le_bytes());
    big.extend(b"PAR1");
    let (_, error, cause) = reader_failure(&run(&reader_machine(""), &big));
    assert_eq!(error, Some(ErrorName::ItemReaderFailed));
    assert!(cause.contains("5 MB"), "{cause}");
    // Not Parquet at all, and a Parquet file cut short: located failures, no panic.
    for body in [
        b"id,name\n1,Ada\n".to_vec(),
        file[..file.len() / 2].to_vec(),
    ] {
        let (_, error, cause) = reader_failure(&run(&reader_machine(""), &body));
        assert_eq!(error, Some(ErrorName::ItemReaderFailed));
        assert!(cause.contains("orders.parquet"), "{cause}");
    }
    // Each byte of the file changed in turn (to 0x7f or 0xff, large lengths): the reader reads
    // or fails with `States.ItemReaderFailed`; nothing else (the decoder's panics on some of
    // them are the object's failure, not the engine's).
    for at in 4..file.len() - 8 {
        let mut broken = file.clone();
        broken[at] = if broken[at] < 0x40 { 0x7f } else { 0xff };
        let done = run(&reader_machine(""), &broken);
        match done.status {
            ExecutionStatus::Succeeded => {}
            ExecutionStatus::Failed => {
                assert_eq!(done.error, Some(ErrorName::ItemReaderFailed), "byte {at}");
            }
            other => panic!("byte {at}: {other:?}"),
        }
    }
}

#[test]
fn an_athena_manifest_lists_parquet_data_files_read_in_turn() {
    // "You set `ManifestType` to `ATHENA_DATA`, and `InputType` to either `CSV`, `JSONL`, or
    // `Parquet`"; the manifest "provides a structured CSV list of the data files".
    let store = ObjectStore::new();
    store
        .put(
            "data",
            "unload/part-0.parquet",
            orders_file(Compression::SNAPPY),
        )
        .expect("stored");
    store
        .put(
            "data",
            "unload/part-1.parquet",
            orders_file(Compression::GZIP(GzipLevel::default())),
        )
        .expect("stored");
    store
        .put(
            "data",
            "unload/q-manifest.csv",
            "s3://data/unload/part-0.parquet\ns3://data/unload/part-1.parquet\n",
        )
        .expect("stored");
    let m = StateMachine::from_json(
        r#"{"StartAt": "M", "States": {"M": {"Type": "Map",
            "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
                "ReaderConfig": {"ManifestType": "ATHENA_DATA", "InputType": "PARQUET"},
                "Parameters": {"Bucket": "data", "Key": "unload/q-manifest.csv"}},
            "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                "StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"name.$": "$.name"}, "End": true}}},
            "End": true}}}"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let done = blocking::run(
        Engine::new()
            .object_store(store)
            .machine(&m)
            .input(json!({})),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(done.status, ExecutionStatus::Succeeded, "{:?}", done.cause);
    assert_eq!(
        done.output,
        Some(json!([
            {"name": "Ada"},
            {"name": "Alan"},
            {"name": "Ada"},
            {"name": "Alan"}
        ]))
    );
}

/// Two rows of nested types: a list of strings, a group, and a map (the second row's all
/// null).
fn nested_file() -> Vec<u8> {
    parquet_file(
        "message order {
            REQUIRED INT64 id;
            OPTIONAL group tags (LIST) {
                REPEATED group list { OPTIONAL BYTE_ARRAY element (UTF8); }
            }
            OPTIONAL group point { REQUIRED DOUBLE x; REQUIRED DOUBLE y; }
            OPTIONAL group attrs (MAP) {
                REPEATED group key_value {
                    REQUIRED BYTE_ARRAY key (UTF8);
                    OPTIONAL INT64 value;
                }
            }
        }",
        Compression::UNCOMPRESSED,
        // Definition and repetition levels: the first row has values, the second is null.
        |column, writer| match column {
            0 => writer.typed::<Int64Type>().write_batch(&[1, 2], None, None),
            1 => writer.typed::<ByteArrayType>().write_batch(
                &[ByteArray::from("a"), ByteArray::from("b")],
                Some(&[3, 3, 0]),
                Some(&[0, 1, 0]),
            ),
            2 => writer
                .typed::<DoubleType>()
                .write_batch(&[1.0], Some(&[1, 0]), None),
            3 => writer
                .typed::<DoubleType>()
                .write_batch(&[2.0], Some(&[1, 0]), None),
            4 => writer.typed::<ByteArrayType>().write_batch(
                &[ByteArray::from("k")],
                Some(&[2, 0]),
                Some(&[0, 0]),
            ),
            _ => writer
                .typed::<Int64Type>()
                .write_batch(&[5], Some(&[3, 0]), Some(&[0, 0])),
        },
    )
}

#[test]
fn nested_parquet_types_are_items_of_arrays_and_objects() {
    // AWS documents no mapping of Parquet's nested types to JSON; the reader reads a list as
    // an array, a group and a map as objects, a null as null.
    let done = run(&reader_machine(""), &nested_file());
    assert_eq!(done.status, ExecutionStatus::Succeeded, "{:?}", done.cause);
    assert_eq!(
        done.output,
        Some(json!([
            {"id": 1, "tags": ["a", "b"], "point": {"x": 1.0, "y": 2.0}, "attrs": {"k": 5}},
            {"id": 2, "tags": null, "point": null, "attrs": null}
        ]))
    );
}
