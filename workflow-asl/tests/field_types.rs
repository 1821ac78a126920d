//! The type each ASL field requires of the value an expression or a path gives it
//! (`workflow_asl::validate::dataflow::field_types`), checked against the inferred type in
//! both query languages, and the table of those fields (`docs/field-types.md`), rendered from
//! the validator's own list.

mod support;

use std::collections::BTreeMap;
use support::assert_found;
use workflow_asl::validate::dataflow::DataType;
use workflow_asl::validate::dataflow::field_types::{FIELD_TYPES, Required};
use workflow_asl::{Code, Severity, StateMachine, ValidationOptions};

/// The page, relative to this crate.
const PAGE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/field-types.md");

/// The environment variable that makes the table test rewrite the page.
const UPDATE: &str = "UPDATE_FIELD_TYPES";

/// The field-type diagnostics of `definition` with `input` as the execution input's type:
/// pointer and message. None of them is an error (AWS accepts these definitions).
fn mismatches(definition: &str, input: DataType) -> Vec<(String, String)> {
    let machine = StateMachine::from_json(definition).expect("decodes");
    let found = machine.validate_with(&ValidationOptions {
        input,
        ..Default::default()
    });
    found
        .into_iter()
        .filter(|d| d.code == Code::FieldTypeMismatch)
        .inspect(|d| assert_eq!(d.severity, Severity::Warning, "{d:?}"))
        .map(|d| (d.pointer.as_str().to_owned(), d.message))
        .collect()
}

fn object(fields: &[(&str, DataType)]) -> DataType {
    DataType::Object(
        fields
            .iter()
            .map(|(k, t)| ((*k).to_owned(), (t.clone(), false)))
            .collect::<BTreeMap<_, _>>(),
    )
}

fn input() -> DataType {
    object(&[
        ("at", DataType::Timestamp),
        ("n", DataType::Integer),
        ("s", DataType::String),
        ("ok", DataType::Bool),
        ("c", object(&[("id", DataType::String)])),
        ("tags", DataType::Array(Box::new(DataType::String))),
    ])
}

#[test]
fn a_wait_reads_seconds_and_timestamps_of_their_type_in_both_languages() {
    let jsonpath = |field: &str, path: &str| {
        format!(
            r#"{{"StartAt":"W","States":{{"W":{{"Type":"Wait","{field}":"{path}","Next":"D"}},"D":{{"Type":"Succeed"}}}}}}"#
        )
    };
    let jsonata = |field: &str, expression: &str| {
        format!(
            r#"{{"QueryLanguage":"JSONata","StartAt":"W","States":{{"W":{{"Type":"Wait","{field}":"{{% {expression} %}}","Next":"D"}},"D":{{"Type":"Succeed"}}}}}}"#
        )
    };
    // Seconds from a timestamp: the Wait fails on AWS.
    assert_found(
        &mismatches(&jsonpath("SecondsPath", "$.at"), input()),
        &[(
            "/States/W/SecondsPath",
            "`$.at` is a timestamp string in the input of `W`, but `SecondsPath` must select a whole number of seconds (a number, or a string holding one); the state would fail; to wait until that time, give it to the Wait's timestamp instead",
        )],
    );
    assert_found(
        &mismatches(&jsonata("Seconds", "$states.input.at"), input()),
        &[(
            "/States/W/Seconds",
            "`$states.input.at` is a timestamp string, but `Seconds` must be a whole number of seconds",
        )],
    );
    // A timestamp from a number.
    assert_found(
        &mismatches(&jsonata("Timestamp", "$states.input.n * 1000"), input()),
        &[(
            "/States/W/Timestamp",
            "this JSONata expression gives an integer, but `Timestamp` must be an RFC 3339 timestamp string; the state would fail with `States.QueryEvaluationError`; to wait that many seconds, give it to the Wait's seconds instead, or make a timestamp of it with `$fromMillis(…)`",
        )],
    );
    // What may fit is not judged: a string may hold a number, a timestamp is a string, an
    // array read by a JSONata path may be its one item, an unknown value.
    for (field, expression) in [
        ("Seconds", "$states.input.s"),
        ("Seconds", "$states.input.tags"),
        ("Seconds", "$states.input.other"),
        ("Timestamp", "$states.input.at"),
        ("Timestamp", "$states.input.s"),
        ("Timestamp", "$now()"),
    ] {
        assert_eq!(
            mismatches(&jsonata(field, expression), input()),
            [],
            "{field} {expression}"
        );
    }
    assert_eq!(mismatches(&jsonpath("SecondsPath", "$.s"), input()), []);
    assert_eq!(mismatches(&jsonpath("TimestampPath", "$.at"), input()), []);
}

#[test]
fn a_map_iterates_over_an_array_and_counts_with_numbers() {
    let jsonata = |fields: &str| {
        format!(
            r#"{{"QueryLanguage":"JSONata","StartAt":"M","States":{{"M":{{"Type":"Map",{fields},
            "ItemProcessor":{{"StartAt":"P","States":{{"P":{{"Type":"Pass","End":true}}}}}},"End":true}}}}}}"#
        )
    };
    assert_found(
        &mismatches(
            &jsonata(
                r#""Items":"{% $states.input.c %}","MaxConcurrency":"{% $states.input.ok %}""#,
            ),
            input(),
        ),
        &[
            (
                "/States/M/Items",
                "`$states.input.c` is an object, but `Items` must be an array; the state would fail with `States.QueryEvaluationError`; iterate over an array inside it",
            ),
            (
                "/States/M/MaxConcurrency",
                "`$states.input.ok` is a boolean, but `MaxConcurrency` must be a whole number",
            ),
        ],
    );
    assert_found(
        &mismatches(&jsonata(r#""Items":"{% $states.input.s %}""#), input()),
        &[("/States/M/Items", "split it into an array with `$split(…)`")],
    );
    // A literal object where an array is due.
    assert_found(
        &mismatches(&jsonata(r#""Items":{"a":1}"#), input()),
        &[(
            "/States/M/Items",
            "the value is an object, but `Items` must be an array",
        )],
    );
    assert_eq!(
        mismatches(
            &jsonata(
                r#""Items":"{% $states.input.tags %}","MaxConcurrency":"{% $states.input.s %}""#
            ),
            input()
        ),
        []
    );
    // JSONPath: the batcher's and the reader's limits.
    let distributed = r#"{"StartAt":"M","States":{"M":{"Type":"Map",
        "ItemReader":{"Resource":"arn:aws:states:::s3:getObject","Parameters":{"Bucket":"b","Key":"k"},
            "ReaderConfig":{"InputType":"JSON","MaxItemsPath":"$.c"}},
        "ItemBatcher":{"MaxItemsPerBatchPath":"$.at"},
        "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
            "StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}"#;
    assert_found(
        &mismatches(distributed, input()),
        &[
            (
                "/States/M/ItemBatcher/MaxItemsPerBatchPath",
                "`$.at` is a timestamp string in the input of `M`, but `MaxItemsPerBatchPath` must select a whole number",
            ),
            (
                "/States/M/ItemReader/ReaderConfig/MaxItemsPath",
                "`$.c` is an object in the input of `M`, but `MaxItemsPath` must select a whole number",
            ),
        ],
    );
}

#[test]
fn a_task_an_integration_and_a_condition_get_values_of_their_type() {
    let definition = r#"{"QueryLanguage":"JSONata","StartAt":"C","States":{
        "C":{"Type":"Choice","Choices":[
            {"Condition":"{% $states.input.n %}","Next":"D"},
            {"Condition":"{% $states.input.ok %}","Next":"D"}],"Default":"T"},
        "T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Arguments":"{% $states.input.s %}",
            "TimeoutSeconds":"{% $states.input.c %}","HeartbeatSeconds":"{% $states.input.s %}",
            "Credentials":{"RoleArn":"{% $states.input.n %}"},"Output":"{% $states.input %}","Next":"F"},
        "F":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:f","Arguments":"{% $states.input.s %}","Next":"D"},
        "D":{"Type":"Succeed"}}}"#;
    // A Lambda function's ARN takes any input: `F`'s string is not judged.
    assert_found(
        &mismatches(definition, input()),
        &[
            (
                "/States/C/Choices/0/Condition",
                "`$states.input.n` is an integer, but `Condition` must be a boolean",
            ),
            (
                "/States/T/Arguments",
                "`$states.input.s` is a string, but `Arguments` must be an object; the state would fail with `States.QueryEvaluationError`; write the parameters as an object",
            ),
            ("/States/T/TimeoutSeconds", "`$states.input.c` is an object"),
            (
                "/States/T/Credentials/RoleArn",
                "but `RoleArn` must be a string",
            ),
        ],
    );
    // JSONPath: a role read from a number.
    let role = r#"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
        "Credentials":{"RoleArn.$":"$.n"},"Parameters":{"FunctionName":"f"},"End":true}}}"#;
    assert_found(
        &mismatches(role, input()),
        &[(
            "/States/T/Credentials/RoleArn.$",
            "`$.n` is an integer in the input of `T`, but `RoleArn.$` must select a string",
        )],
    );
}

#[test]
fn an_expression_a_field_holds_is_checked_for_type_errors_too() {
    // `TimeoutSeconds` and `Seconds` hold expressions like any other field: arithmetic on a
    // string fails them (T2001).
    let definition = r#"{"QueryLanguage":"JSONata","StartAt":"W","States":{
        "W":{"Type":"Wait","Seconds":"{% $states.input.s * 2 %}","Next":"D"},"D":{"Type":"Succeed"}}}"#;
    let machine = StateMachine::from_json(definition).expect("decodes");
    let found: Vec<_> = machine
        .validate_with(&ValidationOptions {
            input: input(),
            ..Default::default()
        })
        .into_iter()
        .filter(|d| d.code == Code::JsonataTypeError)
        .map(|d| d.pointer.as_str().to_owned())
        .collect();
    assert_eq!(found, ["/States/W/Seconds"]);
}

/// `docs/field-types.md`: every field of [`FIELD_TYPES`], with the type it requires and the
/// source of the rule.
fn render() -> String {
    let mut out = String::from(
        "# The type each field requires\n\n\
         Generated from `workflow-asl/src/validate/dataflow/field_types.rs` by the test \
         `field_types::the_committed_page_is_the_validators` (`UPDATE_FIELD_TYPES=1 cargo test -p \
         workflow-asl --test field_types` rewrites it); do not edit by hand.\n\n\
         Every ASL field that takes a JSONata expression (`{% … %}`) or a JSONPath path and \
         needs a value of one type. The validator infers the type of what the expression or the \
         path gives (`docs/architecture.md`, the data-flow types) and reports a value that \
         certainly has another as `FIELD_TYPE_MISMATCH`, with the fix: a warning of \
         `workflow validate` (AWS accepts the definition; the state fails when it runs) and an \
         error of the `workflow!` macro. A literal of another type where the field takes a \
         literal (`\"Seconds\": \"ten\"`) is refused when the definition is decoded; a JSON value \
         given to `Items` or an integration's `Arguments` is judged as an expression's is. Fields that take any JSON value (`Output`, `Assign`, `ItemSelector`, a \
         Parallel's `Arguments`, a Lambda function's or an activity's `Arguments`, `BatchInput`, \
         a Fail state's `Error` and `Cause`) are not listed.\n\n\
         | State | JSONata field | JSONPath field | Requires | Source |\n\
         | --- | --- | --- | --- | --- |\n",
    );
    let code = |f: Option<&str>| f.map_or_else(|| "—".to_owned(), |f| format!("`{f}`"));
    for f in FIELD_TYPES {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            f.owner,
            code(f.jsonata),
            code(f.jsonpath),
            f.required.describe(),
            f.source.replace('|', "\\|")
        ));
    }
    out
}

#[test]
fn the_committed_page_is_the_validators() {
    let rendered = render();
    if std::env::var_os(UPDATE).is_some() {
        std::fs::write(PAGE, &rendered).expect("the page is writable");
        return;
    }
    let committed = std::fs::read_to_string(PAGE).unwrap_or_default();
    assert!(
        committed == rendered,
        "docs/field-types.md is not the validator's table; run \
         `{UPDATE}=1 cargo test -p workflow-asl --test field_types` and commit it"
    );
}

#[test]
fn the_table_says_what_each_field_requires() {
    let page = render();
    assert!(page.contains(
        "| Wait | `Seconds` | `SecondsPath` | a whole number of seconds (a number, or a string holding one) |"
    ));
    assert!(page.contains("| Map | `Items` | `ItemsPath` | an array |"));
    assert!(FIELD_TYPES.iter().any(|f| f.required == Required::Boolean));
}
