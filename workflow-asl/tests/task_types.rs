//! The request each Task state sends and the response the states after it rely on
//! (`workflow_asl::validate::dataflow::task_types`): what typed task handlers are checked
//! against.

use workflow_asl::StateMachine;
use workflow_asl::validate::dataflow::{DataType, task_types};

/// `(state, request, response)` of every Task, types shown as the validator shows them.
fn types(definition: &str, input: DataType) -> Vec<(String, String, String)> {
    let machine = StateMachine::from_json(definition).expect("decodes");
    task_types(&machine, &input)
        .into_iter()
        .map(|t| (t.name, t.request.to_string(), t.response.to_string()))
        .collect()
}

fn response_of(definition: &str, state: &str) -> String {
    types(definition, DataType::Any)
        .into_iter()
        .find(|(name, _, _)| name == state)
        .map(|(_, _, response)| response)
        .expect("the task is found")
}

fn object(fields: &[(&str, DataType)]) -> DataType {
    DataType::Object(
        fields
            .iter()
            .map(|(k, t)| ((*k).to_owned(), (t.clone(), false)))
            .collect(),
    )
}

#[test]
fn a_lambda_tasks_payload_and_the_payload_fields_later_states_read() {
    let found = types(
        r#"{"StartAt": "Charge", "States": {
          "Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "charge", "Payload": {"amount.$": "$.order.total", "id.$": "$.order.id", "fixed": 3}},
            "ResultPath": "$.charge", "Next": "Paid?"},
          "Paid?": {"Type": "Choice", "Choices": [
              {"Variable": "$.charge.Payload.status", "StringEquals": "PAID", "Next": "Receipt"},
              {"Variable": "$.charge.Payload.note", "IsPresent": true, "Next": "Receipt"}],
            "Default": "Failed"},
          "Receipt": {"Type": "Pass", "Parameters": {"url.$": "$.charge.Payload.receipt.url", "code.$": "$.charge.StatusCode"}, "End": true},
          "Failed": {"Type": "Fail", "CausePath": "States.Format('declined: {}', $.charge.Payload.reason)"}}}"#,
        object(&[(
            "order",
            object(&[("total", DataType::Number), ("id", DataType::String)]),
        )]),
    );
    assert_eq!(
        found,
        [(
            "Charge".to_owned(),
            "{ amount: number, fixed: integer, id: string }".to_owned(),
            "{ reason?: any, receipt?: { url: any, … }, status: string, … }".to_owned()
        )],
        "`note` is only tested for presence, `StatusCode` is Lambda's own; `status` is compared as a string; `reason` and `receipt` are read on one way each (optional)"
    );
}

#[test]
fn a_result_moved_by_input_path_output_path_and_a_pass_copy_is_followed() {
    let response = response_of(
        r#"{"StartAt": "T", "States": {
          "T": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:getObject", "Parameters": {"Bucket": "b", "Key": "k"},
            "ResultPath": "$.got", "OutputPath": "$.got", "Next": "Copy"},
          "Copy": {"Type": "Pass", "InputPath": "$.Metadata", "ResultPath": "$.meta", "Next": "Wait"},
          "Wait": {"Type": "Wait", "SecondsPath": "$.meta.delay", "Next": "Read"},
          "Read": {"Type": "Pass", "InputPath": "$.meta", "Parameters": {"owner.$": "$.owner"}, "End": true}}}"#,
        "T",
    );
    // S3's `Metadata` is a map of strings: the key read whole (`owner`) is a string.
    assert_eq!(
        response,
        "{ Metadata: { delay: integer, owner: string, … }, … }"
    );
}

#[test]
fn a_result_overwritten_or_discarded_is_not_read_and_nothing_read_is_unknown() {
    let definition = |result_path: &str| {
        format!(
            r#"{{"StartAt": "T", "States": {{
              "T": {{"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "ResultPath": {result_path}, "Next": "Over"}},
              "Over": {{"Type": "Pass", "Result": 1, "ResultPath": "$.r", "Next": "Read"}},
              "Read": {{"Type": "Pass", "Parameters": {{"x.$": "$.r.x"}}, "End": true}}}}}}"#
        )
    };
    assert_eq!(response_of(&definition("\"$.r\""), "T"), "any");
    assert_eq!(response_of(&definition("null"), "T"), "any");
    assert_eq!(response_of(&definition("\"$.s\""), "T"), "any");
}

#[test]
fn a_result_handed_on_whole_is_unknown_and_a_part_written_over_is_not_read() {
    // The next Task sends its whole input (no Parameters): the result goes on as it is.
    let handed_on = r#"{"StartAt": "T", "States": {
      "T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "ResultPath": "$.r", "Next": "U"},
      "U": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:g", "Next": "Read"},
      "Read": {"Type": "Pass", "Parameters": {"x.$": "$.r.x"}, "End": true}}}"#;
    assert_eq!(response_of(handed_on, "T"), "any");
    let written_into = r#"{"StartAt": "T", "States": {
      "T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "ResultPath": "$.r", "Next": "W"},
      "W": {"Type": "Pass", "Result": 1, "ResultPath": "$.r.extra", "Next": "Read"},
      "Read": {"Type": "Pass", "Parameters": {"x.$": "$.r.x", "y.$": "$.r.extra"}, "End": true}}}"#;
    assert_eq!(
        response_of(written_into, "T"),
        "{ x: any, … }",
        "`$.r.extra` is no longer the result's"
    );
}

#[test]
fn catchers_loops_and_selectors() {
    // The result survives a later state's failure caught with a ResultPath elsewhere; a
    // loop back to the Task terminates (the Task sends only `n`, so its own old result is
    // not handed on).
    let caught = r#"{"StartAt": "T", "States": {
      "T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "Parameters": {"n.$": "$.n"}, "ResultPath": "$.r", "Next": "U"},
      "U": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "Parameters": {"TopicArn": "t", "Message": "m"}, "ResultPath": null,
        "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Again?"}], "Next": "Again?"},
      "Again?": {"Type": "Choice", "Choices": [{"Variable": "$.r.retry", "BooleanEquals": true, "Next": "T"}], "Default": "Done"},
      "Done": {"Type": "Succeed"}}}"#;
    assert_eq!(response_of(caught, "T"), "{ retry: bool, … }");
    // ResultSelector reads the result; what comes after reads what the selector built.
    let selected = r#"{"StartAt": "T", "States": {
      "T": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:getItem",
        "Parameters": {"TableName": "t", "Key": {"pk": {"S": "1"}}},
        "ResultSelector": {"item.$": "$.Item"}, "Next": "Read"},
      "Read": {"Type": "Pass", "Parameters": {"x.$": "$.item"}, "End": true}}}"#;
    // `Item`, read whole, has the model's type: attribute name → attribute value, typed two
    // levels into the values it nests (`L`, `M`).
    let attribute = |inner: &str| {
        format!(
            "{{ B?: string, BOOL?: bool, BS?: [string], L?: [{inner}], M?: {{ [key]: {inner} }}, \
             N?: string, NS?: [string], NULL?: bool, S?: string, SS?: [string] }}"
        )
    };
    assert_eq!(
        response_of(selected, "T"),
        format!(
            "{{ Item: {{ [key]: {} }}, … }}",
            attribute(&attribute("any"))
        )
    );
    // What later states read of what the selector moved is read of the result.
    let read_into = selected.replace(r#""x.$": "$.item""#, r#""x.$": "$.item.sku.S""#);
    assert_eq!(
        response_of(&read_into, "T"),
        "{ Item: { sku: { S: string, … }, … }, … }"
    );
    // A field read whole has the integration model's type.
    let modelled = r#"{"StartAt": "T", "States": {
      "T": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish",
        "Parameters": {"TopicArn": "t", "Message": "m"}, "ResultPath": "$.sent", "Next": "Read"},
      "Read": {"Type": "Pass", "Parameters": {"id.$": "$.sent.MessageId"}, "End": true}}}"#;
    assert_eq!(response_of(modelled, "T"), "{ MessageId: string, … }");
}

#[test]
fn tasks_inside_map_iterations_and_parallel_branches() {
    let found = types(
        r#"{"StartAt": "Each", "States": {
          "Each": {"Type": "Map", "ItemsPath": "$.lines", "ItemProcessor": {"StartAt": "Reserve", "States": {
              "Reserve": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {"FunctionName": "reserve", "Payload": {"sku.$": "$.sku", "qty.$": "$.qty"}},
                "ResultSelector": {"ok.$": "$.Payload.reserved"}, "End": true}}},
            "Next": "Both"},
          "Both": {"Type": "Parallel", "Branches": [
              {"StartAt": "Ship", "States": {"Ship": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {"FunctionName": "ship", "Payload.$": "$"}, "End": true}}}], "End": true}}}"#,
        object(&[(
            "lines",
            DataType::Array(Box::new(object(&[
                ("sku", DataType::String),
                ("qty", DataType::Integer),
            ]))),
        )]),
    );
    assert_eq!(
        found,
        [
            (
                "Reserve".to_owned(),
                "{ qty: integer, sku: string }".to_owned(),
                "{ reserved: any, … }".to_owned()
            ),
            (
                "Ship".to_owned(),
                "[{ ok: any }]".to_owned(),
                "any".to_owned()
            ),
        ],
        "the end of a branch hands the result to the Parallel: unknown"
    );
}

#[test]
fn the_end_of_an_iteration_whose_map_discards_its_result_is_not_read() {
    let definition = |result_path: &str| {
        format!(
            r#"{{"StartAt": "Each", "States": {{
              "Each": {{"Type": "Map", "ResultPath": {result_path}, "ItemProcessor": {{"StartAt": "Reserve", "States": {{
                  "Reserve": {{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                    "Parameters": {{"FunctionName": "reserve", "Payload.$": "$"}}, "Next": "Held?"}},
                  "Held?": {{"Type": "Choice", "Choices": [{{"Variable": "$.Payload.held", "BooleanEquals": true, "Next": "Ok"}}], "Default": "Ok"}},
                  "Ok": {{"Type": "Succeed"}}}}}},
                "End": true}}}}}}"#
        )
    };
    assert_eq!(
        response_of(&definition("null"), "Reserve"),
        "{ held: bool, … }"
    );
    assert_eq!(
        response_of(&definition("\"$.reserved\""), "Reserve"),
        "any",
        "kept by the Map: its readers are not followed"
    );
}

#[test]
fn a_hostile_path_of_thousands_of_keys_costs_a_bounded_walk() {
    let deep: String = std::iter::repeat_n(".a", 20_000).collect();
    let definition = format!(
        r#"{{"StartAt": "T", "States": {{
          "T": {{"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "Parameters": {{}}, "ResultPath": "$.r", "Next": "Read"}},
          "Read": {{"Type": "Pass", "Parameters": {{"x.$": "$.r{deep}"}}, "End": true}}}}}}"#
    );
    let response = response_of(&definition, "T");
    assert!(
        response.starts_with("{ a: { a: "),
        "{}",
        &response[..40.min(response.len())]
    );
}

/// The execution input `{ bucket: string, key: string }`.
fn upload() -> DataType {
    object(&[("bucket", DataType::String), ("key", DataType::String)])
}

fn request_of(definition: &str, state: &str, input: DataType) -> String {
    types(definition, input)
        .into_iter()
        .find(|(name, _, _)| name == state)
        .map(|(_, request, _)| request)
        .expect("the task is found")
}

#[test]
fn a_template_inside_arrays_is_typed_as_what_it_produces() {
    // EventBridge's `Entries`: objects inside an array, their `.$` members evaluated.
    let put_events = r#"{"StartAt": "Emit", "States": {
      "Emit": {"Type": "Task", "Resource": "arn:aws:states:::events:putEvents",
        "Parameters": {"Entries": [
          {"Source": "s", "DetailType": "d", "Detail": {"bucket.$": "$$.Execution.Input.bucket"}},
          {"Source": "s", "DetailType": "d", "Detail": {"bucket.$": "$.bucket"}}]},
        "End": true}}}"#;
    assert_eq!(
        request_of(put_events, "Emit", upload()),
        "{ Entries: [{ Detail: { bucket: string }, DetailType: string, Source: string }] }"
    );
    // Nested arrays and objects, every position.
    let nested = r#"{"StartAt": "Index", "States": {
      "Index": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": "f", "Payload": {
          "grid": [[{"key.$": "$.key"}]],
          "tags": [{"pairs": [{"value.$": "$$.Execution.Input.bucket", "n": 1}]}],
          "object": {"inner": {"key.$": "$.key"}}}},
        "End": true}}}"#;
    assert_eq!(
        request_of(nested, "Index", upload()),
        "{ grid: [[{ key: string }]], object: { inner: { key: string } }, tags: [{ pairs: [{ n: integer, value: string }] }] }"
    );
    // The same in JSONata's `Arguments`.
    let jsonata = r#"{"QueryLanguage": "JSONata", "StartAt": "Index", "States": {
      "Index": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Arguments": {"FunctionName": "f", "Payload": {
          "grid": [[{"key": "{% $states.input.key %}"}]],
          "tags": [{"pairs": [{"value": "{% $states.context.Execution.Input.bucket %}"}]}]}},
        "End": true}}}"#;
    assert_eq!(
        request_of(jsonata, "Index", upload()),
        "{ grid: [[{ key: string }]], tags: [{ pairs: [{ value: string }] }] }"
    );
}

#[test]
fn a_result_read_inside_an_array_of_a_later_template_is_read() {
    let definition = r#"{"StartAt": "T", "States": {
      "T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "ResultPath": "$.r", "Next": "Emit"},
      "Emit": {"Type": "Task", "Resource": "arn:aws:states:::events:putEvents",
        "Parameters": {"Entries": [{"Source": "s", "DetailType": "d", "Detail": {"id.$": "$.r.id"}}]},
        "End": true}}}"#;
    assert_eq!(response_of(definition, "T"), "{ id: any, … }");
}

#[test]
fn the_input_schemas_types_reach_requests_through_the_context_object() {
    let definition = r#"{"StartAt": "Send", "States": {
      "Send": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": "f", "Payload": {"bucket.$": "$$.Execution.Input.bucket", "id.$": "$$.Execution.Id"}},
        "End": true}}}"#;
    assert_eq!(
        request_of(definition, "Send", upload()),
        "{ bucket: string, id: string }"
    );
    // In a Distributed Map's iterations, child executions of their own, the execution input
    // is not the parent's.
    let distributed = r#"{"StartAt": "Each", "States": {
      "Each": {"Type": "Map", "ItemsPath": "$.keys", "ItemProcessor": {
          "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
          "StartAt": "Send", "States": {
            "Send": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "Parameters": {"FunctionName": "f", "Payload": {"bucket.$": "$$.Execution.Input.bucket"}},
              "End": true}}},
        "End": true}}}"#;
    assert_eq!(request_of(distributed, "Send", upload()), "{ bucket: any }");
}

#[test]
fn a_jsonata_tasks_response_is_what_its_output_assign_and_later_states_read() {
    let found = types(
        r#"{"QueryLanguage": "JSONata", "StartAt": "Charge", "States": {
          "Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Arguments": {"FunctionName": "charge", "Payload": {"amount": "{% $states.input.total %}"}},
            "Output": {"charge": "{% $states.result.Payload %}", "total": "{% $states.input.total %}"},
            "Assign": {"token": "{% $states.result.Payload.token %}"},
            "Next": "Paid?"},
          "Paid?": {"Type": "Choice", "Choices": [
              {"Condition": "{% $states.input.charge.approved = true and $states.input.charge.score > 0.5 %}", "Next": "Receipt"}],
            "Default": "Declined"},
          "Declined": {"Type": "Fail", "Error": "Declined", "Cause": "{% $states.input.charge.reason %}"},
          "Receipt": {"Type": "Pass", "Output": {"url": "{% $states.input.charge.receipt.url %}", "n": "{% $count($states.input.charge.lines) %}"}, "End": true}}}"#,
        object(&[("total", DataType::Number)]),
    );
    assert_eq!(
        found,
        [(
            "Charge".to_owned(),
            "{ amount: number }".to_owned(),
            "{ approved: bool, reason?: any, receipt?: { url: any, … }, score: number, token: any, … }".to_owned()
        )],
        "the Payload moved to `charge` by Output is followed; compared fields take the literal's type"
    );
    // Without Output, the result is what the state hands on.
    let plain = r#"{"QueryLanguage": "JSONata", "StartAt": "T", "States": {
      "T": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish",
        "Arguments": {"TopicArn": "t", "Message": "m"}, "Next": "Read"},
      "Read": {"Type": "Pass", "Output": "{% $states.input.MessageId %}", "End": true}}}"#;
    assert_eq!(response_of(plain, "T"), "{ MessageId: string, … }");
}

#[test]
fn comparisons_type_fields_through_result_selector_output_path_and_a_parallels_result() {
    // ResultSelector moves `approved` to `ok`, which the Choice compares with `true`; `id`,
    // moved and never read after, is still required (the selector fails without it).
    let selected = r#"{"StartAt": "T", "States": {
      "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": "f", "Payload.$": "$"},
        "ResultSelector": {"ok.$": "$.Payload.approved", "id.$": "$.Payload.id", "n.$": "States.ArrayLength($.Payload.lines)"},
        "ResultPath": "$.r", "Next": "Ok?"},
      "Ok?": {"Type": "Choice", "Choices": [{"Variable": "$.r.ok", "BooleanEquals": true, "Next": "Done"}], "Default": "Done"},
      "Done": {"Type": "Succeed"}}}"#;
    assert_eq!(
        response_of(selected, "T"),
        "{ approved: bool, id: any, lines: any, … }"
    );
    // OutputPath keeps the Payload only.
    let output_path = r#"{"StartAt": "T", "States": {
      "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": "f", "Payload.$": "$"},
        "ResultPath": "$.r", "OutputPath": "$.r.Payload", "Next": "Ok?"},
      "Ok?": {"Type": "Choice", "Choices": [{"Variable": "$.count", "NumericGreaterThan": 3, "Next": "Done"}], "Default": "Done"},
      "Done": {"Type": "Succeed"}}}"#;
    assert_eq!(response_of(output_path, "T"), "{ count: number, … }");
    // A Parallel's result: element `i` is what branch `i` ends with.
    let parallel = r#"{"StartAt": "Both", "States": {
      "Both": {"Type": "Parallel", "ResultPath": "$.results", "Next": "Ok?", "Branches": [
        {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
          "Parameters": {"FunctionName": "a", "Payload.$": "$"}, "End": true}}},
        {"StartAt": "B", "States": {"B": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
          "Parameters": {"FunctionName": "b", "Payload.$": "$"}, "OutputPath": "$.Payload", "End": true}}}]},
      "Ok?": {"Type": "Choice", "Choices": [{"And": [
          {"Variable": "$.results[0].Payload.approved", "BooleanEquals": true},
          {"Variable": "$.results[1].state", "StringEquals": "DONE"}], "Next": "Done"}], "Default": "Done"},
      "Done": {"Type": "Succeed"}}}"#;
    assert_eq!(response_of(parallel, "A"), "{ approved: bool, … }");
    assert_eq!(response_of(parallel, "B"), "{ state: string, … }");
}

#[test]
fn a_field_compared_with_two_types_stays_unknown() {
    let definition = |other: &str| {
        format!(
            r#"{{"StartAt": "T", "States": {{
              "T": {{"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "ResultPath": "$.r", "Next": "A?"}},
              "A?": {{"Type": "Choice", "Choices": [{{"Variable": "$.r.flag", "BooleanEquals": true, "Next": "B?"}}], "Default": "B?"}},
              "B?": {{"Type": "Choice", "Choices": [{{"Variable": "$.r.flag", {other}, "Next": "Done"}}], "Default": "Done"}},
              "Done": {{"Type": "Succeed"}}}}}}"#
        )
    };
    assert_eq!(
        response_of(&definition(r#""BooleanEquals": false"#), "T"),
        "{ flag: bool, … }"
    );
    assert_eq!(
        response_of(&definition(r#""StringEquals": "true""#), "T"),
        "{ flag: any, … }"
    );
    // JSONata: a number, a string, and a field compared with both.
    let jsonata = r#"{"QueryLanguage": "JSONata", "StartAt": "T", "States": {
      "T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "Next": "A?"},
      "A?": {"Type": "Choice", "Choices": [{"Condition": "{% $states.input.n >= 2 and $states.input.kind = 'big' and ($states.input.both = 1 or $states.input.both = 'one') %}", "Next": "Done"}], "Default": "Done"},
      "Done": {"Type": "Succeed"}}}"#;
    assert_eq!(
        response_of(jsonata, "T"),
        "{ both: any, kind: string, n: number, … }"
    );
}

#[test]
fn a_result_stored_in_a_variable_is_read_where_later_states_read_the_variable() {
    let jsonpath = |between: &str| {
        format!(
            r#"{{"StartAt": "T", "States": {{
              "T": {{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {{"FunctionName": "f", "Payload.$": "$"}},
                "Assign": {{"decision.$": "$.Payload"}}, "ResultPath": null, "Next": "Between"}},
              "Between": {{"Type": "Pass", {between} "Next": "Ok?"}},
              "Ok?": {{"Type": "Choice", "Choices": [{{"Variable": "$decision.approved", "BooleanEquals": true, "Next": "Done"}}], "Default": "Done"}},
              "Done": {{"Type": "Succeed"}}}}}}"#
        )
    };
    assert_eq!(response_of(&jsonpath(""), "T"), "{ approved: bool, … }");
    assert_eq!(
        response_of(&jsonpath(r#""Assign": {"decision": 1},"#), "T"),
        "any",
        "set again on the way: the Choice reads another value; the Payload is still required"
    );
    let jsonata = r#"{"QueryLanguage": "JSONata", "StartAt": "T", "States": {
      "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Arguments": {"FunctionName": "f", "Payload": "{% $states.input %}"},
        "Assign": {"decision": "{% $states.result.Payload %}"}, "Output": "{% $states.input %}", "Next": "Each"},
      "Each": {"Type": "Parallel", "Branches": [{"StartAt": "Ok?", "States": {
        "Ok?": {"Type": "Choice", "Choices": [{"Condition": "{% $decision.approved = true and $decision.by = 'ada' %}", "Next": "Done"}], "Default": "Done"},
        "Done": {"Type": "Succeed"}}}], "End": true}}}"#;
    assert_eq!(
        response_of(jsonata, "T"),
        "{ approved: bool, by: string, … }"
    );
}

#[test]
fn the_execution_input_keeps_its_type_through_a_pass_state() {
    // `$$.Execution.Input.bucket` read by a Pass state (inside an array of objects, too) keeps
    // the input schema's type, so the Task after it sends strings.
    let found = types(
        r#"{"StartAt": "Prepare", "States": {
          "Prepare": {"Type": "Pass", "Parameters": {"b.$": "$$.Execution.Input.bucket", "list": [{"c.$": "$$.Execution.Input.bucket"}]}, "Next": "Put"},
          "Put": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "put", "Payload.$": "$"}, "End": true}}}"#,
        object(&[("bucket", DataType::String)]),
    );
    assert_eq!(
        found[0].1, "{ b: string, list: [{ c: string }] }",
        "{found:?}"
    );
}

#[test]
fn a_jsonata_path_read_as_a_sequence_makes_no_object_of_what_may_be_an_array() {
    // `$sum` takes an array: `byCurrency.amountCents` may map over `byCurrency`, an array of
    // objects, so nothing read as a sequence is typed as an object; a plain read still types
    // the fields it reads, and a value read both ways keeps them.
    let definition = |condition: &str| {
        format!(
            r#"{{"QueryLanguage": "JSONata", "StartAt": "Sum", "States": {{
              "Sum": {{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                "Arguments": {{"FunctionName": "f", "Payload": "{{% $states.input %}}"}},
                "Output": "{{% $states.result.Payload %}}", "Next": "Check"}},
              "Check": {{"Type": "Choice", "Choices": [{{"Condition": "{{% {condition} %}}", "Next": "Done"}}], "Default": "Done"}},
              "Done": {{"Type": "Succeed"}}}}}}"#
        )
    };
    assert_eq!(
        response_of(
            &definition("$sum($states.input.byCurrency.amountCents) > 0"),
            "Sum"
        ),
        "{ byCurrency: any, … }"
    );
    assert_eq!(
        response_of(
            &definition("$count($states.input.order.lines) > 0 and $states.input.order.id = 'x'"),
            "Sum"
        ),
        "{ order: { id: string, … }, … }"
    );
}

/// Issue 75: a field of the response read on some ways only (a state after a Choice) is
/// optional in the response type, so that a handler need not invent it on the other ways; a
/// field every way reads stays required, whichever state reads it.
#[test]
fn a_field_read_on_some_ways_only_is_optional() {
    let definition = r#"{"StartAt": "Call", "States": {
      "Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": "f", "Payload.$": "$"}, "ResultSelector": {"r.$": "$.Payload"},
        "ResultPath": "$.call", "Next": "Ok?"},
      "Ok?": {"Type": "Choice", "Choices": [
          {"Variable": "$.call.r.ok", "BooleanEquals": true, "Next": "Done"}],
        "Default": "Report"},
      "Report": {"Type": "Pass", "Parameters": {"why.$": "$.call.r.error", "id.$": "$.call.r.id"}, "Next": "Failed"},
      "Failed": {"Type": "Fail"},
      "Done": {"Type": "Pass", "Parameters": {"id.$": "$.call.r.id"}, "End": true}}}"#;
    assert_eq!(
        response_of(definition, "Call"),
        "{ error?: any, id: any, ok: bool, … }"
    );
    // Read before the Choice, on every way: required.
    let before = definition.replace(
        r#""ResultPath": "$.call", "Next": "Ok?"},"#,
        r#""ResultPath": "$.call", "Next": "Log"},
      "Log": {"Type": "Pass", "Parameters": {"e.$": "$.call.r.error"}, "ResultPath": "$.log", "Next": "Ok?"},"#,
    );
    assert_eq!(
        response_of(&before, "Call"),
        "{ error: any, id: any, ok: bool, … }"
    );
}
