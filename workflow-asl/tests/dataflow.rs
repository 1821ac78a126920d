//! Data-flow types: paths checked against what flows into each state.

mod support;

use std::collections::BTreeMap;
use support::assert_found;
use workflow_asl::validate::dataflow::DataType;
use workflow_asl::{Code, Severity, StateMachine, ValidationOptions};

fn errors(definition: &str, input: DataType) -> Vec<(String, String)> {
    let machine = StateMachine::from_json(definition).expect("decodes");
    let options = ValidationOptions {
        input,
        ..Default::default()
    };
    machine
        .validate_with(&options)
        .into_iter()
        .filter(|d| {
            matches!(
                d.code,
                Code::PathSelectsNothing | Code::ComparisonTypeMismatch | Code::FieldTypeMismatch
            )
        })
        .map(|d| (d.pointer.as_str().to_owned(), d.message))
        .collect()
}

#[test]
fn a_result_written_into_unknown_input_is_known_where_it_was_written() {
    let found = errors(
        r#"{"StartAt":"P","States":{
          "P":{"Type":"Pass","Result":{"count":1,"order":{"id":"x"}},"ResultPath":"$.data","Next":"C"},
          "C":{"Type":"Choice","Choices":[{"Variable":"$.data.cuont","NumericGreaterThan":1,"Next":"Done"},
                                          {"Variable":"$.other","IsPresent":true,"Next":"Done"}],"Default":"T"},
          "T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
               "Parameters":{"id.$":"$.data.order.idd","unknown.$":"$.anything.at.all","FunctionName":"f"},
               "Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.err","Next":"E"}],"Next":"Done"},
          "E":{"Type":"Pass","OutputPath":"$.err.Caus","Next":"Done"},
          "Done":{"Type":"Succeed"}}}"#,
        DataType::Any,
    );
    assert_eq!(
        found.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>(),
        [
            "/States/C/Choices/0/Variable",
            "/States/T/Parameters/id.$",
            "/States/E/OutputPath"
        ],
        "{found:#?}"
    );
    assert_eq!(
        found[0].1,
        "`$.data.cuont` selects nothing: the input of `C` has no field `cuont` at `$.data`; did you mean `count`? The input of `C` comes from `P`, whose `ResultPath` put its `Result` at `$.data`"
    );
    assert!(
        found[2].1.contains("did you mean `Cause`?"),
        "{}",
        found[2].1
    );
}

#[test]
fn the_input_schema_types_the_first_state_and_joins_make_fields_optional() {
    let input = DataType::Object(BTreeMap::from([(
        "big".to_owned(),
        (DataType::Bool, false),
    )]));
    let definition = r#"{"StartAt":"Size","States":{
      "Size":{"Type":"Choice","Choices":[{"Variable":"$.bgi","BooleanEquals":true,"Next":"L"}],"Default":"S"},
      "L":{"Type":"Pass","Result":{"label":"L","boxes":2},"Next":"Pack"},
      "S":{"Type":"Pass","Result":{"label":"S"},"Next":"Pack"},
      "Pack":{"Type":"Pass","Parameters":{"b.$":"$.boxes","l.$":"$.lable"},"End":true}}}"#;
    let found = errors(definition, input);
    let pointers: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    // `boxes` is on one path only: `Pack` fails when entered from `S` (said naming that way);
    // `lable` is on none.
    assert_eq!(
        pointers,
        [
            "/States/Size/Choices/0/Variable",
            "/States/Pack/Parameters/b.$",
            "/States/Pack/Parameters/l.$"
        ]
    );
    assert!(
        found[1]
            .1
            .contains("(when `Pack` is entered from `S`; other ways in have it"),
        "{}",
        found[1].1
    );
    assert!(
        found[2]
            .1
            .contains("comes from `S`, whose output is its `Result`; and from `L`")
            || found[2]
                .1
                .contains("comes from `L`, whose output is its `Result`; and from `S`"),
        "{}",
        found[2].1
    );
    // without a schema the first state's input is unknown, but `S`'s and `L`'s outputs are not
    assert_eq!(errors(definition, DataType::Any).len(), 2);
}

#[test]
fn loops_reach_a_fixed_point_and_deep_paths_stay_unknown() {
    let deep = format!("$.{}", vec!["a"; 5_000].join("."));
    let definition = format!(
        r#"{{"StartAt":"Init","States":{{
          "Init":{{"Type":"Pass","Result":{{"n":0}},"ResultPath":"$.loop","Next":"More"}},
          "More":{{"Type":"Pass","Parameters":{{"prev.$":"$"}},"ResultPath":"$.loop","Next":"Check"}},
          "Check":{{"Type":"Choice","Choices":[{{"Variable":"$.loop.prev.loop.nn","IsPresent":true,"Next":"More"}}],"Default":"Deep"}},
          "Deep":{{"Type":"Pass","ResultPath":"{deep}","End":true}}}}}}"#
    );
    assert!(errors(&definition, DataType::Any).is_empty());
}

#[test]
fn map_items_must_be_an_array_and_iterations_start_from_an_item() {
    let input = DataType::Object(BTreeMap::from([
        ("name".to_owned(), (DataType::String, false)),
        (
            "lines".to_owned(),
            (
                DataType::Array(Box::new(DataType::Object(BTreeMap::from([(
                    "sku".to_owned(),
                    (DataType::String, false),
                )])))),
                false,
            ),
        ),
    ]));
    let found = errors(
        r#"{"StartAt":"Each","States":{
          "Each":{"Type":"Map","ItemsPath":"$.lines","ItemProcessor":{"StartAt":"Line","States":{
              "Line":{"Type":"Pass","Parameters":{"s.$":"$.skuu"},"End":true}}},"ResultPath":"$.done","Next":"Names"},
          "Names":{"Type":"Map","ItemsPath":"$.name","ItemProcessor":{"StartAt":"N","States":{
              "N":{"Type":"Pass","End":true}}},"ResultPath":null,"Next":"First"},
          "First":{"Type":"Pass","Parameters":{"f.$":"$.name[0]"},"End":true}}}"#,
        input,
    );
    let pointers: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "/States/Names/ItemsPath",
            "/States/First/Parameters/f.$",
            "/States/Each/ItemProcessor/States/Line/Parameters/s.$",
        ],
        "{found:#?}"
    );
    assert!(found[0].1.contains("are a string"), "{}", found[0].1);
    assert!(found[1].1.contains("which is a string"), "{}", found[1].1);
    assert!(
        found[2].1.contains("an item of Map state `Each`"),
        "{}",
        found[2].1
    );
    assert!(found[2].1.contains("did you mean `sku`?"), "{}", found[2].1);
}

#[test]
fn jsonata_states_type_their_output_and_check_plain_input_paths() {
    let found = errors(
        r#"{"QueryLanguage":"JSONata","StartAt":"P","States":{
          "P":{"Type":"Pass","Output":{"order":{"id":"{% $states.input.id %}","total":12},"customer":"ada"},"Next":"T"},
          "T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
               "Arguments":{"FunctionName":"f","Payload":{"id":"{% $states.input.order.idd %}",
                 "c":"{% $states.input.custmer %}","ok":"{% $states.input.customer & '!' %}"}},
               "Catch":[{"ErrorEquals":["States.ALL"],"Next":"F"}],"End":true},
          "F":{"Type":"Pass","Output":{"why":"{% $states.input.Caus %}"},"End":true}}}"#,
        DataType::Any,
    );
    let pointers: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "/States/T/Arguments/Payload/id",
            "/States/T/Arguments/Payload/c",
            "/States/F/Output/why"
        ],
        "{found:#?}"
    );
    assert_eq!(
        found[1].1,
        "`$states.input.custmer` selects nothing: the input of `T` has no field `custmer`; did you mean `customer`? The input of `T` comes from `P`, whose `Output` built it"
    );
    assert!(
        found[2].1.contains("did you mean `Cause`?"),
        "{}",
        found[2].1
    );
}

/// Issue 64: an AWS SDK integration's answer is typed as exactly as an optimized one's: a
/// member it lacks is a mistake, with the field one level down suggested where the answer
/// nests it (Polly's `GetSpeechSynthesisTask` answers `{SynthesisTask: {TaskStatus, …}}`).
#[test]
fn typed_integration_results_are_checked_the_sdk_ones_too() {
    let found = errors(
        r#"{"StartAt":"Call","States":{
          "Call":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"f"},
            "ResultSelector":{"body.$":"$.Paylod","meta.$":"$.SdkHttpMetadata.HttpStatusCode"},"ResultPath":"$.r","Next":"Poll"},
          "Poll":{"Type":"Task","Resource":"arn:aws:states:::aws-sdk:polly:getSpeechSynthesisTask",
            "Parameters":{"TaskId":"t"},"Next":"Check"},
          "Check":{"Type":"Choice","Choices":[
              {"Variable":"$.TaskStatus","StringEquals":"completed","Next":"Done"},
              {"Variable":"$.SynthesisTask.TaskStatsu","StringEquals":"failed","Next":"Done"}],"Default":"Done"},
          "Done":{"Type":"Succeed"}}}"#,
        DataType::Any,
    );
    let pointers: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "/States/Call/ResultSelector/body.$",
            "/States/Check/Choices/0/Variable",
            "/States/Check/Choices/1/Variable"
        ],
        "{found:#?}"
    );
    assert!(
        found[0].1.contains("did you mean `Payload`?"),
        "{}",
        found[0].1
    );
    assert!(
        found[1]
            .1
            .contains("has no field `TaskStatus`; did you mean `$.SynthesisTask.TaskStatus`?"),
        "{}",
        found[1].1
    );
    assert!(
        found[2].1.contains("did you mean `TaskStatus`?"),
        "{}",
        found[2].1
    );
    // Textract's GetDocumentAnalysis answers `JobStatus`: `Status` is its last word.
    let found = errors(
        r#"{"StartAt":"Get","States":{
          "Get":{"Type":"Task","Resource":"arn:aws:states:::aws-sdk:textract:getDocumentAnalysis",
            "Parameters":{"JobId":"j"},"Next":"Check"},
          "Check":{"Type":"Choice","Choices":[{"Variable":"$.Status","StringEquals":"SUCCEEDED","Next":"Done"}],
            "Default":"Get"},
          "Done":{"Type":"Succeed"}}}"#,
        DataType::Any,
    );
    assert_found(
        &found,
        &[(
            "/States/Check/Choices/0/Variable",
            "has no field `Status`; did you mean `JobStatus`?",
        )],
    );
}

/// `{ "partitions": [string], "notify": bool }`, the input of the crawler cases.
fn crawler_input() -> DataType {
    DataType::Object(BTreeMap::from([
        (
            "partitions".to_owned(),
            (DataType::Array(Box::new(DataType::String)), false),
        ),
        ("notify".to_owned(), (DataType::Bool, false)),
    ]))
}

/// A crawler task (`aws-sdk:glue:startCrawler`, whose answer has no members) with `extra`
/// fields, then a Map over `$.partitions` and a Choice on `$.notify`.
fn crawler_then_reads(extra: &str) -> String {
    format!(
        r#"{{"StartAt":"Crawl","States":{{
          "Crawl":{{"Type":"Task","Resource":"arn:aws:states:::aws-sdk:glue:startCrawler",
            "Parameters":{{"Name":"c"}}{extra},"Next":"Each"}},
          "Each":{{"Type":"Map","ItemsPath":"$.partitions","ResultPath":"$.runs",
            "ItemProcessor":{{"StartAt":"P","States":{{"P":{{"Type":"Pass","End":true}}}}}},"Next":"Notify?"}},
          "Notify?":{{"Type":"Choice","Choices":[{{"Variable":"$.notify","BooleanEquals":true,"Next":"Done"}}],
            "Default":"Done"}},
          "Done":{{"Type":"Succeed"}}}}}}"#
    )
}

#[test]
fn an_input_field_an_sdk_tasks_result_threw_away_selects_nothing() {
    // Without a ResultPath the crawler's answer (no members) replaces the input: both reads
    // after it fail on AWS.
    let found = errors(&crawler_then_reads(""), crawler_input());
    assert_found(
        &found,
        &[
            (
                "/States/Each/ItemsPath",
                "`$.partitions` selects nothing: `partitions` was in the input of `Crawl` but not after it: `Crawl` replaced its input with its result, the answer of `aws-sdk:glue:startCrawler`, which has no fields; the state would fail. Keep the input with a `ResultPath` on `Crawl` (`null` hands the input on; a field such as `$.answer` puts the answer there)",
            ),
            // Through the Map, which put its result elsewhere, the same cause is named.
            (
                "/States/Notify?/Choices/0/Variable",
                "`notify` was in the input of `Crawl`",
            ),
        ],
    );

    // Kept: a ResultPath of null, or one putting the answer in a field.
    for kept in [r#","ResultPath":null"#, r#","ResultPath":"$.crawl""#] {
        let found = errors(&crawler_then_reads(kept), crawler_input());
        assert!(found.is_empty(), "{kept}: {found:#?}");
    }
    // Unknown input: the answer has no fields whatever the input had.
    assert_found(
        &errors(&crawler_then_reads(""), DataType::Any),
        &[
            (
                "/States/Each/ItemsPath",
                "`$.partitions` selects nothing: the input of `Each` has no field `partitions`; it has no fields",
            ),
            (
                "/States/Notify?/Choices/0/Variable",
                "`$.notify` selects nothing",
            ),
        ],
    );
}

#[test]
fn a_batch_holds_the_items_its_item_selector_made() {
    // The ItemSelector makes each item, then the ItemBatcher batches them: a child reads
    // `$.Items` (each what the selector built) and `$.BatchInput`, nothing else.
    let input = DataType::Object(BTreeMap::from([(
        "items".to_owned(),
        (
            DataType::Array(Box::new(DataType::Object(BTreeMap::from([(
                "n".to_owned(),
                (DataType::Integer, false),
            )])))),
            false,
        ),
    )]));
    let found = errors(
        r#"{"StartAt":"Each","States":{"Each":{"Type":"Map","ItemsPath":"$.items",
          "ItemSelector":{"id.$":"$$.Map.Item.Value.n"},
          "ItemBatcher":{"MaxItemsPerBatch":10,"BatchInput":{"job":"j"}},
          "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
            "StartAt":"Sum","States":{"Sum":{"Type":"Pass",
              "Parameters":{"all.$":"$.Items","first.$":"$.Items[0].id","job.$":"$.BatchInput",
                            "typo.$":"$.Itemz","inner.$":"$.Items[0].nn"},"End":true}}},
          "End":true}}}"#,
        input,
    );
    assert_found(
        &found,
        &[
            (
                "/States/Each/ItemProcessor/States/Sum/Parameters/typo.$",
                "did you mean `Items`? The input of `Sum` comes from a batch of what the `ItemSelector` of Map state `Each` builds",
            ),
            (
                "/States/Each/ItemProcessor/States/Sum/Parameters/inner.$",
                "`$.Items[0].nn` selects nothing",
            ),
        ],
    );
}

#[test]
fn csv_rows_with_given_headers_are_objects_of_strings_and_a_writers_result_is_no_array() {
    let found = errors(
        r#"{"StartAt":"Rows","States":{
          "Rows":{"Type":"Map",
            "ItemReader":{"Resource":"arn:aws:states:::s3:getObject","Parameters":{"Bucket":"b","Key":"k.csv"},
              "ReaderConfig":{"InputType":"CSV","CSVHeaderLocation":"GIVEN","CSVHeaders":["sku","qty"]}},
            "ItemSelector":{"sku.$":"$$.Map.Item.Value.sku","bad.$":"$$.Map.Item.Value.qtty"},
            "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
              "StartAt":"Use","States":{"Use":{"Type":"Pass","Parameters":{"s.$":"$.sku"},"End":true}}},
            "ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"o","Prefix":"p"}},
            "ResultPath":"$.written","Next":"After"},
          "After":{"Type":"Pass","Parameters":{"first.$":"$.written[0]","key.$":"$.written.ResultWriterDetails.Key"},"End":true}}}"#,
        DataType::Any,
    );
    assert_found(
        &found,
        &[
            ("/States/Rows/ItemSelector/bad.$", "did you mean `qty`?"),
            (
                "/States/After/Parameters/first.$",
                "it indexes `$.written`, which is an object",
            ),
        ],
    );
    // Issue 45: the message says the writer is why.
    assert!(
        found[1].1.contains("; `ResultWriter` exports the results to S3, so the Map outputs where it wrote them, not the results (they are in S3, listed by the manifest at `ResultWriterDetails.Key`)"),
        "{found:#?}"
    );
    // Headers in the first row: the keys are unknown, so nothing is said.
    let first_row = errors(
        r#"{"StartAt":"Rows","States":{"Rows":{"Type":"Map",
            "ItemReader":{"Resource":"arn:aws:states:::s3:getObject","Parameters":{"Bucket":"b","Key":"k.csv"},
              "ReaderConfig":{"InputType":"CSV","CSVHeaderLocation":"FIRST_ROW"}},
            "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
              "StartAt":"Use","States":{"Use":{"Type":"Pass","Parameters":{"s.$":"$.anything"},"End":true}}},
            "End":true}}}"#,
        DataType::Any,
    );
    assert!(first_row.is_empty(), "{first_row:#?}");
}

#[test]
fn a_jsonata_maps_iterations_start_from_an_item_of_its_items() {
    let orders = DataType::Object(BTreeMap::from([(
        "orders".to_owned(),
        (
            DataType::Array(Box::new(DataType::Object(BTreeMap::from([(
                "lines".to_owned(),
                (DataType::Array(Box::new(DataType::Any)), false),
            )])))),
            false,
        ),
    )]));
    let map = |items: &str| {
        format!(
            r#"{{"QueryLanguage":"JSONata","StartAt":"Each","States":{{"Each":{{"Type":"Map",{items}
              "ItemProcessor":{{"StartAt":"Count","States":{{"Count":{{"Type":"Pass",
                "Output":"{{% $count($states.input.line) %}}","End":true}}}}}},"End":true}}}}}}"#
        )
    };
    let found = errors(
        &map(r#""Items":"{% $states.input.orders %}","#),
        orders.clone(),
    );
    assert_found(
        &found,
        &[(
            "/States/Each/ItemProcessor/States/Count/Output",
            "`$states.input.line` selects nothing: the input of `Count` has no field `line`; did you mean `lines`?",
        )],
    );
    // Items that are not a plain path are unknown, and so are their items.
    let found = errors(
        &map(r#""Items":"{% $states.input.orders[lines] %}","#),
        orders.clone(),
    );
    assert!(found.is_empty(), "{found:#?}");
    // An ItemSelector builds the iteration's input, reading the item as
    // `$states.context.Map.Item.Value`; its own paths are checked against the item.
    let found = errors(
        &map(r#""Items":"{% $states.input.orders %}",
               "ItemSelector":{"order":"{% $states.context.Map.Item.Value %}","at":"{% $states.context.Map.Item.Index %}",
                               "typo":"{% $states.context.Map.Item.Value.lins %}"},"#),
        orders,
    );
    assert_found(
        &found,
        &[
            (
                "/States/Each/ItemSelector/typo",
                "`$states.context.Map.Item.Value.lins` selects nothing: the context object of Map state `Each`'s iterations has no field `lins` at `$states.context.Map.Item.Value`; did you mean `lines`?",
            ),
            (
                "/States/Each/ItemProcessor/States/Count/Output",
                "the input of `Count` has no field `line`; it has `at`, `order`, `typo`",
            ),
        ],
    );
}

/// Issue 45: with no one field close enough to suggest, the fields listed are the closest
/// first, so that the one meant is among them however many fields there are.
#[test]
fn the_fields_listed_for_a_missing_one_are_the_closest_first() {
    let fields: Vec<String> = (0..12)
        .map(|i| format!(r#""field{i:02}": {i}"#))
        .chain([r#""customerName": "x""#.to_owned()])
        .collect();
    let found = errors(
        &format!(
            r#"{{"StartAt":"Set","States":{{
              "Set":{{"Type":"Pass","Result":{{{}}},"Next":"Use"}},
              "Use":{{"Type":"Pass","Parameters":{{"n.$":"$.customer_nm"}},"End":true}}}}}}"#,
            fields.join(",")
        ),
        DataType::Any,
    );
    assert_found(
        &found,
        &[(
            "/States/Use/Parameters/n.$",
            "has no field `customer_nm`; it has `customerName`, ",
        )],
    );
    assert!(
        found
            .iter()
            .any(|(_, m)| m.contains("`, and 5 more") || m.contains(" and 5 more")),
        "{found:#?}"
    );
}

#[test]
fn a_field_the_sdk_answer_has_stays_silent_and_one_it_lacks_fails_that_way() {
    // S3's GetObject answer has `Body`: a field of the answer, read after it, is no mistake
    // even where the input had one of that name.
    let input = DataType::Object(BTreeMap::from([(
        "Body".to_owned(),
        (DataType::String, false),
    )]));
    let found = errors(
        r#"{"StartAt":"Get","States":{
          "Get":{"Type":"Task","Resource":"arn:aws:states:::aws-sdk:s3:getObject",
            "Parameters":{"Bucket":"b","Key":"k"},"Next":"Use"},
          "Use":{"Type":"Pass","Parameters":{"b.$":"$.Body"},"End":true}}}"#,
        input,
    );
    assert!(found.is_empty(), "{found:#?}");
    // A Choice that reaches the read both through the crawler and around it: the field is
    // there one way, and certainly gone the other.
    let found = errors(
        r#"{"StartAt":"Which","States":{
          "Which":{"Type":"Choice","Choices":[{"Variable":"$.notify","BooleanEquals":true,"Next":"Crawl"}],
            "Default":"Each"},
          "Crawl":{"Type":"Task","Resource":"arn:aws:states:::aws-sdk:glue:startCrawler",
            "Parameters":{"Name":"c"},"Next":"Each"},
          "Each":{"Type":"Map","ItemsPath":"$.partitions",
            "ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}"#,
        crawler_input(),
    );
    assert_found(
        &found,
        &[(
            "/States/Each/ItemsPath",
            "(when `Each` is entered from `Crawl`; other ways in have it, so it fails only that way)",
        )],
    );
}

#[test]
fn variables_are_typed_from_what_they_read_and_their_fields_checked() {
    let found = errors(
        r#"{"StartAt":"Load","States":{
          "Load":{"Type":"Pass","Result":{"order":{"id":"x","total":3}},
                  "Assign":{"order.$":"$.order","n":1,"later.$":"States.MathAdd($.order.total, 1)"},"Next":"Use"},
          "Use":{"Type":"Pass","Parameters":{"id.$":"$order.idd","t.$":"$order.total","u.$":"$unknown.x"},"Next":"Check"},
          "Check":{"Type":"Choice","Choices":[
              {"Variable":"$order.totl","NumericGreaterThan":1,"Next":"Done"},
              {"Variable":"$later","StringEquals":"x","Next":"Done"}],"Default":"Done"},
          "Done":{"Type":"Succeed"}}}"#,
        DataType::Any,
    );
    let pointers: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "/States/Use/Parameters/id.$",
            "/States/Check/Choices/0/Variable",
            "/States/Check/Choices/1/StringEquals",
        ],
        "{found:#?}"
    );
    assert_eq!(
        found[0].1,
        "`$order.idd` selects nothing: the variable `$order` has no field `idd`; did you mean `id`? `$order` is assigned by `Load`"
    );
    assert!(
        found[2]
            .1
            .starts_with("`$later` is an integer but is compared with the string `\"x\"`"),
        "{}",
        found[2].1
    );
}

#[test]
fn jsonata_results_and_variables_are_typed_where_the_expression_is_a_plain_path() {
    let found = errors(
        r#"{"QueryLanguage":"JSONata","StartAt":"Call","States":{
          "Call":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                  "Arguments":{"FunctionName":"f"},
                  "Assign":{"answer":"{% $states.result.Payload %}","code":"{% $states.result.StatusCod %}"},
                  "Output":{"status":"{% $states.result.StatusCode %}"},"Next":"Next"},
          "Next":{"Type":"Pass","Output":{"s":"{% $states.input.statsu %}","a":"{% $answer.x %}"},"End":true}}}"#,
        DataType::Any,
    );
    let pointers: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        pointers,
        ["/States/Call/Assign/code", "/States/Next/Output/s"],
        "{found:#?}"
    );
    assert!(
        found[0]
            .1
            .contains("the result of `Call` has no field `StatusCod`; did you mean `StatusCode`?"),
        "{}",
        found[0].1
    );
}

#[test]
fn a_choice_comparing_a_value_with_a_type_it_never_has_is_reported_on_the_operand() {
    let input = DataType::Object(BTreeMap::from([
        ("count".to_owned(), (DataType::Integer, false)),
        ("name".to_owned(), (DataType::String, false)),
        ("any".to_owned(), (DataType::Any, false)),
    ]));
    let found = errors(
        r#"{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[
            {"Variable":"$.count","StringEquals":"3","Next":"D"},
            {"Variable":"$.count","NumericGreaterThanPath":"$.name","Next":"D"},
            {"Variable":"$.name","NumericEquals":1,"Next":"D"},
            {"Variable":"$.name","TimestampEquals":"2026-01-01T00:00:00Z","Next":"D"},
            {"Variable":"$.any","BooleanEquals":true,"Next":"D"},
            {"Variable":"$.count","IsString":true,"Next":"D"}],"Default":"D"},
          "D":{"Type":"Succeed"}}}"#,
        input,
    );
    let pointers: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "/States/C/Choices/0/StringEquals",
            "/States/C/Choices/1/NumericGreaterThanPath",
            "/States/C/Choices/2/NumericEquals",
        ],
        "{found:#?}"
    );
    assert_eq!(
        found[0].1,
        "`$.count` is an integer in the input of `C` but is compared with the string `\"3\"`, which it can never match. The input of `C` comes from the execution input"
    );
}

#[test]
fn intrinsics_type_what_they_return() {
    let found = errors(
        r#"{"StartAt":"P","States":{
          "P":{"Type":"Pass","Parameters":{"n.$":"States.MathAdd(1, 2)","s.$":"States.Format('x')",
               "parts.$":"States.StringSplit('a,b', ',')"},"Next":"C"},
          "C":{"Type":"Choice","Choices":[
              {"Variable":"$.n","StringEquals":"3","Next":"D"},
              {"Variable":"$.parts[0]","StringEquals":"a","Next":"D"},
              {"Variable":"$.s[0]","StringEquals":"a","Next":"D"}],"Default":"D"},
          "D":{"Type":"Succeed"}}}"#,
        DataType::Any,
    );
    let pointers: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "/States/C/Choices/0/StringEquals",
            "/States/C/Choices/2/Variable",
        ],
        "{found:#?}"
    );
}

#[test]
fn parallel_and_map_results_are_arrays_of_what_their_machines_end_with() {
    let found = errors(
        r#"{"StartAt":"Fan","States":{
          "Fan":{"Type":"Parallel","Branches":[
              {"StartAt":"A","States":{"A":{"Type":"Pass","Result":{"ship":"x"},"End":true}}},
              {"StartAt":"B","States":{"B":{"Type":"Pass","Result":{"bill":1},"End":true}}}],
            "ResultPath":"$.parts","Next":"Each"},
          "Each":{"Type":"Map","ItemsPath":"$.parts","ItemProcessor":{"StartAt":"I","States":{
              "I":{"Type":"Pass","Parameters":{"s.$":"$.ship"},"Next":"Ok"},
              "Ok":{"Type":"Succeed"}}},"ResultPath":"$.done","Next":"Use"},
          "Use":{"Type":"Pass","Parameters":{"a.$":"$.parts[0].shp","b.$":"$.done[0].s","c.$":"$.done[0].t"},"End":true}}}"#,
        DataType::Any,
    );
    let pointers: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        pointers,
        ["/States/Use/Parameters/a.$", "/States/Use/Parameters/c.$"],
        "{found:#?}"
    );
    assert!(
        found[0].1.contains("did you mean `ship`?"),
        "{}",
        found[0].1
    );
    assert!(
        found[0]
            .1
            .contains("`Each`, whose `ResultPath` put its iterations' outputs at `$.done`"),
        "{}",
        found[0].1
    );
}

#[test]
fn a_catcher_assign_reads_the_error_output() {
    let found = errors(
        r#"{"StartAt":"Call","States":{
          "Call":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"f"},
            "Catch":[{"ErrorEquals":["States.ALL"],"Assign":{"why.$":"$.Cuase","what.$":"$.Error"},"Next":"Done"}],"Next":"Done"},
          "Done":{"Type":"Succeed"}}}"#,
        DataType::Any,
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].0, "/States/Call/Catch/0/Assign/why.$");
    assert_eq!(
        found[0].1,
        "`$.Cuase` selects nothing: the error output `{Error, Cause}` of `Call` has no field `Cuase`; did you mean `Cause`?"
    );
}

/// A chain of `wide` Pass states, each copying its input into 2,000 fields, then one
/// reading `path`.
fn copies_then_reads(wide: usize, path: &str) -> String {
    let fields: serde_json::Map<String, serde_json::Value> = (0..2000)
        .map(|i| (format!("k{i}.$"), serde_json::json!("$")))
        .collect();
    let mut states = serde_json::Map::new();
    for i in 0..wide {
        let next = format!("S{}", i + 1);
        let state = serde_json::json!({"Type": "Pass", "Parameters": fields, "Next": next});
        states.insert(format!("S{i}"), state);
    }
    let last = serde_json::json!({"Type": "Pass", "Parameters": {"x.$": path}, "End": true});
    states.insert(format!("S{wide}"), last);
    serde_json::json!({"StartAt": "S0", "States": states}).to_string()
}

#[test]
fn templates_that_copy_their_input_many_times_keep_types_bounded() {
    use workflow_asl::validate::dataflow::{MAX_TYPE_NODES, state_inputs};
    let input = DataType::Object(BTreeMap::from([(
        "a".to_owned(),
        (DataType::String, false),
    )]));
    // Copied once, the type fits: a path that misses is found.
    let once = copies_then_reads(1, "$.k5.nope");
    assert_eq!(errors(&once, input.clone()).len(), 1);
    assert!(errors(&copies_then_reads(1, "$.k5.a"), input.clone()).is_empty());
    // Copied four times, the type would hold 2e13 nodes; every state's stays near the bound,
    // and what lies past it is unknown, never an error.
    let four = copies_then_reads(4, "$.k1999.k1999.k1999.k1999.a");
    let machine = StateMachine::from_json(&four).expect("decodes");
    for state in state_inputs(&machine, &input) {
        let nodes = state.input.map_or(0, |t| t.nodes_up_to(usize::MAX));
        assert!(
            nodes <= 2 * MAX_TYPE_NODES,
            "{} holds {nodes} nodes",
            state.name
        );
    }
    assert!(errors(&four, input).is_empty());
}

#[test]
fn a_field_of_an_array_selects_nothing_in_jsonpath_and_is_mapped_in_jsonata() {
    // A Parallel state's output is the array of its branches' outputs: `$.left` reads a field
    // of it, which a JSONPath evaluator cannot find (the state fails); `$[0].x` is fine, and
    // so is JSONata's `$states.input.x`, which maps the step over the array's items.
    let found = errors(
        r#"{"StartAt":"P","States":{
          "P":{"Type":"Parallel","Branches":[
              {"StartAt":"A","States":{"A":{"Type":"Pass","Result":{"x":1},"End":true}}},
              {"StartAt":"B","States":{"B":{"Type":"Pass","Result":{"y":2},"End":true}}}],
            "Next":"Q"},
          "Q":{"Type":"Pass","Parameters":{"left.$":"$.left","first.$":"$[0].x"},"Next":"P2"},
          "P2":{"Type":"Parallel","Branches":[
              {"StartAt":"C","States":{"C":{"Type":"Pass","Result":{"x":1},"End":true}}}],
            "Next":"J"},
          "J":{"Type":"Pass","QueryLanguage":"JSONata","Output":"{% $states.input.x %}","End":true}}}"#,
        DataType::Any,
    );
    assert_eq!(
        found.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>(),
        ["/States/Q/Parameters/left.$"],
        "{found:#?}"
    );
    assert!(
        found[0]
            .1
            .starts_with("`$.left` selects nothing: it reads the field `left` of `$`, which is an array in the input of `Q`, not an object; pick an item first, e.g. `$[0].left`"),
        "{}",
        found[0].1
    );
}

#[test]
fn the_paths_an_intrinsic_reads_are_checked_like_any_other() {
    let found = errors(
        r#"{"StartAt":"S","States":{
          "S":{"Type":"Pass","Result":{"items":[{"name":"a"}]},"Next":"M"},
          "M":{"Type":"Map","ItemsPath":"$.items","ItemProcessor":{"StartAt":"G","States":{
            "G":{"Type":"Pass","Parameters":{
              "g.$":"States.Format('hello {}', States.ArrayGetItem(States.Array($.nme), 0))",
              "ok.$":"States.Format('hello {} {}', $.name, $$.Map.Item.Index)"},"End":true}}},
          "End":true}}}"#,
        DataType::Any,
    );
    assert_eq!(
        found.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>(),
        ["/States/M/ItemProcessor/States/G/Parameters/g.$"],
        "{found:#?}"
    );
    assert!(
        found[0].1.starts_with(
            "`$.nme` selects nothing: the input of `G` has no field `nme`; did you mean `name`?"
        ),
        "{}",
        found[0].1
    );
}

#[test]
fn a_missing_field_names_the_state_that_wrote_its_parent_not_only_the_last_one() {
    // `$.config` comes from `Create Endpoint Config` through `Update Endpoint`, which passed it
    // on: the message names both, not only the state just before.
    let found = errors(
        r#"{"StartAt": "Create Endpoint Config", "States": {
          "Create Endpoint Config": {"Type": "Pass", "Result": {"EndpointConfigArn": "arn"}, "ResultPath": "$.config", "Next": "Update Endpoint"},
          "Update Endpoint": {"Type": "Task", "Resource": "arn:aws:states:::sagemaker:updateEndpoint",
              "Parameters": {"EndpointName": "e", "EndpointConfigName": "c"}, "ResultPath": "$.update", "Next": "Notify"},
          "Notify": {"Type": "Pass", "Parameters": {"arn.$": "$.config.EndpointConfigName"}, "End": true}}}"#,
        DataType::Any,
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].1.ends_with(
            "The input of `Notify` comes from `Update Endpoint`, whose `ResultPath` put its result at `$.update`; `$.config` was put there by `Create Endpoint Config`, whose `ResultPath` put its `Result` at `$.config`, and passed on unchanged by `Update Endpoint`"
        ),
        "{}",
        found[0].1
    );
    // When the state just before wrote the field itself, the sentence says only that.
    let direct = errors(
        r#"{"StartAt": "P", "States": {
          "P": {"Type": "Pass", "Result": {"a": 1}, "ResultPath": "$.data", "Next": "Q"},
          "Q": {"Type": "Pass", "Parameters": {"v.$": "$.data.b"}, "End": true}}}"#,
        DataType::Any,
    );
    assert!(!direct[0].1.contains("was put there by"), "{}", direct[0].1);
}

#[test]
fn a_map_item_read_through_the_context_object_is_checked_against_the_items() {
    let items = DataType::Object(BTreeMap::from([(
        "lines".to_owned(),
        (
            DataType::Array(Box::new(DataType::Object(BTreeMap::from([
                ("sku".to_owned(), (DataType::String, false)),
                ("qty".to_owned(), (DataType::Integer, false)),
            ])))),
            false,
        ),
    )]));
    let found = errors(
        r#"{"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemsPath": "$.lines",
            "ItemSelector": {"sku.$": "$$.Map.Item.Value.skuu", "at.$": "$$.Map.Item.Index",
                             "qty.$": "$$.Map.Item.Value.qty", "order.$": "$.ordr", "x.$": "$$.Map.Item.Valeu",
                             "exec.$": "$$.Execution.Id"},
            "ItemProcessor": {"StartAt": "Line", "States": {"Line": {"Type": "Pass", "End": true}}},
            "End": true}}}"#,
        items,
    );
    let pointers: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "/States/Each/ItemSelector/order.$",
            "/States/Each/ItemSelector/sku.$",
            "/States/Each/ItemSelector/x.$",
        ],
        "{found:#?}"
    );
    assert!(found[1].1.contains("did you mean `sku`?"), "{}", found[1].1);
    assert!(
        found[2].1.contains("did you mean `Value`?"),
        "{}",
        found[2].1
    );
}

#[test]
fn the_paths_a_wait_and_a_timeout_read_must_select_values_of_their_type() {
    let input = DataType::Object(BTreeMap::from([
        ("delay".to_owned(), (DataType::Integer, false)),
        ("when".to_owned(), (DataType::String, false)),
        (
            "flags".to_owned(),
            (DataType::Array(Box::new(DataType::Bool)), false),
        ),
        ("ok".to_owned(), (DataType::Bool, false)),
    ]));
    let found = errors(
        r#"{"StartAt": "A", "States": {
            "A": {"Type": "Wait", "SecondsPath": "$.delay", "Next": "B"},
            "B": {"Type": "Wait", "TimestampPath": "$.delay", "Next": "C"},
            "C": {"Type": "Wait", "SecondsPath": "$.dleay", "Next": "D"},
            "D": {"Type": "Wait", "TimestampPath": "$.when", "Next": "E"},
            "E": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "Parameters": {"TopicArn": "t", "Message": "m"},
                  "TimeoutSecondsPath": "$.ok", "HeartbeatSecondsPath": "$.delay", "ResultPath": null, "Next": "F"},
            "F": {"Type": "Map", "MaxConcurrencyPath": "$.flags", "ItemsPath": "$.flags",
                  "ItemProcessor": {"StartAt": "X", "States": {"X": {"Type": "Pass", "End": true}}}, "End": true}}}"#,
        input,
    );
    let pointers: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "/States/B/TimestampPath",
            "/States/C/SecondsPath",
            "/States/E/TimeoutSecondsPath",
            "/States/F/MaxConcurrencyPath",
        ],
        "{found:#?}"
    );
    assert!(
        found[0]
            .1
            .contains("must select an RFC 3339 timestamp string"),
        "{}",
        found[0].1
    );
}

#[test]
fn a_path_argument_of_an_intrinsic_must_be_of_the_type_the_function_takes() {
    let input = DataType::Object(BTreeMap::from([
        ("name".to_owned(), (DataType::String, false)),
        ("n".to_owned(), (DataType::Integer, false)),
        (
            "tags".to_owned(),
            (DataType::Array(Box::new(DataType::String)), false),
        ),
    ]));
    let found = errors(
        r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {
            "sum.$": "States.MathAdd($.name, 1)",
            "ok.$": "States.MathAdd($.n, 1)",
            "len.$": "States.ArrayLength($.name)",
            "parts.$": "States.StringSplit($.n, ',')",
            "nested.$": "States.Format('{}', States.ArrayLength($.tags), States.ArrayGetItem($.tags, $.name))",
            "fine.$": "States.Format('{} {}', $.n, $.tags)"
          }, "End": true}}}"#,
        input,
    );
    let pointers: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "/States/P/Parameters/sum.$",
            "/States/P/Parameters/len.$",
            "/States/P/Parameters/parts.$",
            "/States/P/Parameters/nested.$",
        ],
        "{found:#?}"
    );
    let sum = &found[0].1;
    assert!(
        sum.contains("argument 1 of `States.MathAdd` must be a number, but `$.name` is a string"),
        "{sum}"
    );
}

#[test]
fn a_parallel_result_is_typed_per_branch_index() {
    // `$[0]` is what branch 0 ends with, `$[1]` what branch 1 ends with (ASL specification,
    // "Parallel State"): a field only branch 1 returns is missing from `$[0]`.
    let found = errors(
        r#"{"StartAt":"Fan","States":{
          "Fan":{"Type":"Parallel","Branches":[
              {"StartAt":"A","States":{"A":{"Type":"Pass","Result":{"ship":"x"},"End":true}}},
              {"StartAt":"B","States":{"B":{"Type":"Pass","Result":{"bill":1},"End":true}}}],
            "ResultPath":"$.parts","Next":"Use"},
          "Use":{"Type":"Pass","Parameters":{
              "a.$":"$.parts[0].ship","b.$":"$.parts[1].bill",
              "c.$":"$.parts[0].bill","d.$":"$.parts[1].ship","e.$":"$.parts[2].any"},"Next":"Check"},
          "Check":{"Type":"Choice","Choices":[
              {"Variable":"$.b","NumericGreaterThan":0,"Next":"Done"}],"Default":"Done"},
          "Done":{"Type":"Succeed"}}}"#,
        DataType::Any,
    );
    assert_eq!(
        found.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>(),
        [
            "/States/Use/Parameters/c.$",
            "/States/Use/Parameters/d.$",
            "/States/Use/Parameters/e.$"
        ],
        "{found:#?}"
    );
    // Two branches: `$.parts[2]` is past the end of the result.
    assert!(
        found[2]
            .1
            .contains("`$.parts` in the input of `Use` is an array of 2 elements (a Parallel state's result holds one per branch), so index 2 is past its end; the last is `$.parts[1]`"),
        "{}",
        found[2].1
    );
    assert!(
        found[0]
            .1
            .contains("the input of `Use` has no field `bill` at `$.parts[0]`; it has `ship`"),
        "{}",
        found[0].1
    );
}

#[test]
fn jsonata_conditions_and_comparisons_read_typed_variables() {
    // A JSONata Choice's conditions are checked like any other JSONata field: a misspelt
    // field of a variable, a comparison with a literal of another type (never equal; an
    // ordering fails the expression), and a path whose existence is tested (not reported).
    let found = errors(
        r#"{"QueryLanguage":"JSONata","StartAt":"P","States":{
          "P":{"Type":"Pass","Assign":{"count":3,"order":{"id":"x","open":true}},"Next":"C"},
          "C":{"Type":"Choice","Choices":[
              {"Condition":"{% $order.idd = 'x' %}","Next":"D"},
              {"Condition":"{% $count = 'three' %}","Next":"D"},
              {"Condition":"{% $order.open > 1 %}","Next":"D"},
              {"Condition":"{% 2 < $count and $order.id != 'y' %}","Next":"D"},
              {"Condition":"{% $exists($order.missing) %}","Next":"D"}],"Default":"D"},
          "D":{"Type":"Succeed"}}}"#,
        DataType::Any,
    );
    assert_eq!(
        found.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>(),
        [
            "/States/C/Choices/0/Condition",
            "/States/C/Choices/1/Condition",
            "/States/C/Choices/2/Condition"
        ],
        "{found:#?}"
    );
    assert!(found[0].1.contains("did you mean `id`?"), "{}", found[0].1);
    assert!(
        found[1].1.starts_with(
            "`$count` is an integer but is compared with `= 'three'`, which it can never equal"
        ),
        "{}",
        found[1].1
    );
    assert!(
        found[2].1.contains("`States.QueryEvaluationError`"),
        "{}",
        found[2].1
    );
}

/// An AWS model's map is typed by its values: DynamoDB's `Item` holds attribute values, so a
/// member of one that does not exist is caught at any key and at any depth (`M`, `L`), while
/// any key of the item may be read. An optimized integration answers in the service's own JSON
/// (`BOOL`), not in the AWS SDK for Java's spelling (`Bool`).
#[test]
fn dynamodb_attribute_values_in_a_get_item_result_are_typed() {
    let found = errors(
        r#"{"StartAt":"Get","States":{
          "Get":{"Type":"Task","Resource":"arn:aws:states:::dynamodb:getItem",
            "Parameters":{"TableName":"t","Key":{"id":{"S.$":"$.id"}}},"Next":"Use"},
          "Use":{"Type":"Pass","Parameters":{
            "sku.$":"$.Item.sku.S","count.$":"$.Item.count.N","tags.$":"$.Item.tags.SS",
            "nested.$":"$.Item.address.M.city.S","first.$":"$.Item.lines.L[0].M.qty.N",
            "typo.$":"$.Item.sku.s","deep.$":"$.Item.address.M.city.Q",
            "java.$":"$.Item.flag.Bool"},"End":true}}}"#,
        DataType::Any,
    );
    let pointers: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "/States/Use/Parameters/typo.$",
            "/States/Use/Parameters/deep.$",
            "/States/Use/Parameters/java.$",
        ],
        "{found:#?}"
    );
    assert!(found[0].1.contains("did you mean `S`?"), "{}", found[0].1);
    assert!(
        found[2].1.contains("did you mean `BOOL`?"),
        "{}",
        found[2].1
    );
}

#[test]
fn a_distributed_map_is_typed_by_where_its_result_writer_puts_the_results() {
    // With a Resource the Map returns where it wrote its results; with only a WriterConfig it
    // returns them: COMPACT as its iterations end, NONE and FLATTEN of unknown shape (AWS
    // documentation, "ResultWriter (Map)").
    let machine = |writer: &str, read: &str| {
        format!(
            r#"{{"StartAt":"M","States":{{
              "M":{{"Type":"Map","ItemsPath":"$.items","ResultWriter":{writer},
                   "ItemProcessor":{{"ProcessorConfig":{{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"}},
                     "StartAt":"P","States":{{"P":{{"Type":"Pass","Result":{{"done":true}},"End":true}}}}}},
                   "Next":"R"}},
              "R":{{"Type":"Pass","InputPath":"{read}","End":true}}}}}}"#
        )
    };
    let to_s3 =
        r#"{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"b","Prefix":"p"}}"#;
    let compact = r#"{"WriterConfig":{"OutputType":"JSON","Transformation":"COMPACT"}}"#;
    let flatten = r#"{"WriterConfig":{"OutputType":"JSON","Transformation":"FLATTEN"}}"#;
    assert_eq!(
        errors(&machine(to_s3, "$.ResultWriterDetails.Key"), DataType::Any),
        []
    );
    assert_eq!(errors(&machine(compact, "$[0].done"), DataType::Any), []);
    assert_eq!(
        errors(&machine(compact, "$[0].dnoe"), DataType::Any).len(),
        1
    );
    assert_eq!(
        errors(&machine(flatten, "$[0].anything"), DataType::Any),
        []
    );
    assert_eq!(
        errors(&machine(flatten, "$.MapRunArn"), DataType::Any).len(),
        1
    );
}

#[test]
fn items_path_beside_an_item_reader_is_not_read_from_the_input() {
    // AWS reads the items from the reader and ignores `ItemsPath` (recorded: LocalStack's
    // `test_map_item_reader_base_json_with_items_path`, validated on AWS 2025-01-09: `$[0]`
    // and a path the input lacks both ran over the object's items); the validator warns
    // instead (INVALID_MAP_CONFIGURATION).
    let definition = |items_path: &str| {
        format!(
            r#"{{"StartAt":"M","States":{{"M":{{"Type":"Map","ItemsPath":"{items_path}",
              "ItemReader":{{"Resource":"arn:aws:states:::s3:getObject",
                "Parameters":{{"Bucket.$":"$.Bucket","Key.$":"$.Key"}},"ReaderConfig":{{"InputType":"JSON"}}}},
              "ItemProcessor":{{"ProcessorConfig":{{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"}},
                "StartAt":"P","States":{{"P":{{"Type":"Pass","End":true}}}}}},"End":true}}}}}}"#
        )
    };
    let input = DataType::Object(BTreeMap::from([
        ("Bucket".to_owned(), (DataType::String, true)),
        ("Key".to_owned(), (DataType::String, true)),
    ]));
    for items_path in ["$[0]", "$.no_such_path_in_bucket_result"] {
        assert_eq!(
            errors(&definition(items_path), input.clone()),
            [],
            "{items_path}"
        );
    }
    // Without a reader the same path is read from the input, and checked.
    let inline = r#"{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.no_such_path",
        "ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}"#;
    assert_eq!(errors(inline, input).len(), 1);
}

/// The JSONata type errors of a definition: pointer and message.
fn jsonata_type_errors(definition: &str, input: DataType) -> Vec<(String, String)> {
    let machine = StateMachine::from_json(definition).expect("decodes");
    let options = ValidationOptions {
        input,
        ..Default::default()
    };
    machine
        .validate_with(&options)
        .into_iter()
        .filter(|d| d.code == Code::JsonataTypeError)
        .map(|d| (d.pointer.as_str().to_owned(), d.message))
        .collect()
}

#[test]
fn jsonata_expressions_that_always_fail_are_found_where_they_are_written() {
    // `total` is a string: `+` takes numbers (T2001); `$uppercase` takes a string (T0410);
    // `$states.errorOutput.Error` is a string in a Catcher's Output (T2002); `$n` holds what
    // `$count` returns, a number, so `$substringBefore` of it fails (T0410).
    let found = jsonata_type_errors(
        r#"{"QueryLanguage":"JSONata","StartAt":"Count","States":{
          "Count":{"Type":"Pass","Assign":{"n":"{% $count($states.input.items) %}"},"Next":"Call"},
          "Call":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
            "Arguments":{"FunctionName":"f","Payload":{
              "sum":"{% $states.input.total + 1 %}",
              "loud":"{% $uppercase($states.input.count) %}",
              "head":"{% $substringBefore($n, '-') %}",
              "fine":"{% $number($states.input.total) + 1 %}",
              "maybe":"{% $states.input.note + 1 %}"}},
            "Catch":[{"ErrorEquals":["States.ALL"],"Output":{"e":"{% 1 - $states.errorOutput.Error %}"},"Next":"Done"}],
            "Next":"Done"},
          "Done":{"Type":"Succeed"}}}"#,
        DataType::Object(BTreeMap::from([
            ("total".to_owned(), (DataType::String, false)),
            ("count".to_owned(), (DataType::Integer, false)),
            ("note".to_owned(), (DataType::String, true)),
            (
                "items".to_owned(),
                (DataType::Array(Box::new(DataType::String)), false),
            ),
        ])),
    );
    assert_found(
        &found,
        &[
            (
                "/States/Call/Arguments/Payload/sum",
                "(T2001), and the state with `States.QueryEvaluationError`: the left side (`$states.input.total`) of `+` is a string, and arithmetic takes numbers (JSONata T2001); convert it with `$number(…)`, or join strings with `&`",
            ),
            (
                "/States/Call/Arguments/Payload/loud",
                "argument 1 of `$uppercase` (`$states.input.count`) is an integer, and `$uppercase` takes a string there",
            ),
            (
                "/States/Call/Arguments/Payload/head",
                "argument 1 of `$substringBefore` (`$n`) is an integer",
            ),
            (
                "/States/Call/Catch/0/Output/e",
                "the right side (`$states.errorOutput.Error`) of `-` is a string",
            ),
        ],
    );
    assert!(
        found[2].1.contains("`$n` is assigned by `Count`"),
        "{}",
        found[2].1
    );
}

#[test]
fn jsonata_comparisons_of_typed_expressions_that_never_hold_are_found() {
    // `$count(…)` is a number, never equal to a string; a JSONata Parallel's result is the
    // tuple of its branches, so `$states.result[1].n` is a number compared with a string.
    let found = errors(
        r#"{"QueryLanguage":"JSONata","StartAt":"Fan","States":{
          "Fan":{"Type":"Parallel","Branches":[
              {"StartAt":"A","States":{"A":{"Type":"Pass","Output":{"s":"x"},"End":true}}},
              {"StartAt":"B","States":{"B":{"Type":"Pass","Output":{"n":1},"End":true}}}],
            "Assign":{"n":"{% $states.result[1].n %}","past":"{% $states.result[2] %}"},"Next":"Check"},
          "Check":{"Type":"Choice","Choices":[
              {"Condition":"{% $count($states.input) = 'two' %}","Next":"Done"},
              {"Condition":"{% $n > 'a' %}","Next":"Done"}],"Default":"Done"},
          "Done":{"Type":"Succeed"}}}"#,
        DataType::Any,
    );
    assert_found(
        &found,
        &[
            (
                "/States/Fan/Assign/past",
                "`$states.result` in the result of `Fan` is an array of 2 elements",
            ),
            (
                "/States/Check/Choices/0/Condition",
                "`$count(…)` is an integer but is compared with `= 'two'`, which it can never equal",
            ),
            (
                "/States/Check/Choices/1/Condition",
                "`$n` is an integer but is compared with `> 'a'`, which fails the expression",
            ),
        ],
    );
}

#[test]
fn a_read_that_fails_on_one_way_in_is_found_naming_that_way() {
    // `Report` is entered from `Call` (whose result is at `$.out`) and from `Call`'s Catcher,
    // whose error output replaced the input: `$.out` is not there that way, and the state fails.
    // A Choice may test the field first, so its reads stay silent.
    let found = errors(
        r#"{"StartAt":"Start","States":{
          "Start":{"Type":"Pass","Result":{"id":"a"},"Next":"Call"},
          "Call":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"f"},"ResultPath":"$.out",
            "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Report"},{"ErrorEquals":["Other"],"Next":"Check"}],
            "Next":"Report"},
          "Report":{"Type":"Pass","Parameters":{"n.$":"$.out.Payload"},"Next":"Check"},
          "Check":{"Type":"Choice","Choices":[{"Variable":"$.out","IsPresent":true,"Next":"Done"}],"Default":"Done"},
          "Done":{"Type":"Succeed"}}}"#,
        DataType::Any,
    );
    assert_found(
        &found,
        &[(
            "/States/Report/Parameters/n.$",
            "(when `Report` is entered from the first Catcher of `Call`, whose output is the error output `{Error, Cause}`, where the Catcher puts it; other ways in have it, so it fails only that way)",
        )],
    );
}

#[test]
fn a_jsonata_type_error_on_the_way_into_a_loop_is_found_though_the_loop_joins_it_away() {
    // `$count` is a string on the way in from `Init` and a number around the loop: the join is
    // unknown, but `Step` fails its first time, entered from `Init`.
    let found = jsonata_type_errors(
        r#"{"QueryLanguage":"JSONata","StartAt":"Init","States":{
          "Init":{"Type":"Pass","Assign":{"count":"0"},"Next":"Step"},
          "Step":{"Type":"Pass","Assign":{"count":"{% $count + 1 %}"},"Next":"More?"},
          "More?":{"Type":"Choice","Choices":[{"Condition":"{% $count < 3 %}","Next":"Step"}],"Default":"Done"},
          "Done":{"Type":"Succeed"}}}"#,
        DataType::Any,
    );
    assert_found(
        &found,
        &[(
            "/States/Step/Assign/count",
            "this JSONata expression fails (T2001) whenever `Step` is entered from `Init`, though other ways in give other types",
        )],
    );
}

#[test]
fn objects_inside_a_templates_arrays_are_templates() {
    // A Pass state's Parameters build `{b: [{c: <bucket>}]}` (the `.$` key inside the array is
    // evaluated, as the engine and AWS do), so `Use` reads `$.b[0].c`; `$.b[0].c.$` is no key,
    // and a misspelt path inside the array is read, and found.
    let found = errors(
        r#"{"StartAt":"Make","States":{
          "Make":{"Type":"Pass","Parameters":{"b":[{"c.$":"$.bucket"}],"d":[[{"e.$":"$.buckt"}]]},"Next":"Use"},
          "Use":{"Type":"Pass","Parameters":{"ok.$":"$.b[0].c","bad.$":"$.b[0]['c.$']"},"End":true}}}"#,
        DataType::Object(BTreeMap::from([(
            "bucket".to_owned(),
            (DataType::String, false),
        )])),
    );
    assert_found(
        &found,
        &[
            (
                "/States/Make/Parameters/d/0/0/e.$",
                "did you mean `bucket`?",
            ),
            ("/States/Use/Parameters/bad.$", "has no field `c.$`"),
        ],
    );
}

#[test]
fn a_jsonata_comparison_of_a_number_with_a_string_is_a_warning_under_its_own_code() {
    // AWS accepts `{% 1 < 'a' %}` and fails the execution (T2009, `States.QueryEvaluationError`):
    // the definition is valid, with a warning that says what the mistake is.
    let machine = StateMachine::from_json(
        r#"{"QueryLanguage":"JSONata","StartAt":"C","States":{
          "C":{"Type":"Choice","Choices":[{"Condition":"{% 1 < 'a' %}","Next":"D"}],"Default":"D"},
          "D":{"Type":"Succeed"}}}"#,
    )
    .expect("decodes");
    let found = machine.validate_with(&ValidationOptions::default());
    assert!(
        found.iter().all(|d| d.severity != Severity::Error),
        "{found:#?}"
    );
    let [d] = found.as_slice() else {
        panic!("{found:#?}")
    };
    assert_eq!(
        (d.code, d.severity, d.pointer.as_str()),
        (
            Code::ComparisonTypeMismatch,
            Severity::Warning,
            "/States/C/Choices/0/Condition"
        )
    );
    assert!(
        d.message.contains("which fails the expression"),
        "{}",
        d.message
    );
}

#[test]
fn jsonata_states_read_the_execution_input_through_the_context_object() {
    // `$states.context.Execution.Input` is the execution input (the `workflow!` language's
    // `input.…`): a number there ordered against a variable holding a string fails, and a
    // misspelt field of it selects nothing.
    let found = errors(
        r#"{"QueryLanguage":"JSONata","StartAt":"Init","States":{
          "Init":{"Type":"Pass","Assign":{"threshold":"100"},"Next":"Check"},
          "Check":{"Type":"Choice","Choices":[
              {"Condition":"{% $states.context.Execution.Input.amount > $threshold %}","Next":"Done"},
              {"Condition":"{% $states.context.Execution.Input.amuont > 3 %}","Next":"Done"}],
            "Default":"Done"},
          "Done":{"Type":"Succeed"}}}"#,
        DataType::Object(BTreeMap::from([(
            "amount".to_owned(),
            (DataType::Number, false),
        )])),
    );
    assert_found(
        &found,
        &[
            (
                "/States/Check/Choices/0/Condition",
                "`$states.context.Execution.Input.amount` is a number but is compared with `> $threshold` (a string), which fails the expression",
            ),
            (
                "/States/Check/Choices/1/Condition",
                "the context object has no field `amuont` at `$states.context.Execution.Input`; did you mean `amount`?",
            ),
        ],
    );
    assert!(
        found[0].1.ends_with("`$threshold` is assigned by `Init`"),
        "{}",
        found[0].1
    );
}

#[test]
fn an_intrinsic_argument_of_the_wrong_type_on_one_way_in_is_found_naming_that_way() {
    // `n` starts as the string "0" and becomes a number in the loop: joined around the loop it
    // is unknown, but `States.MathAdd` fails the first time `Step` runs, entered from `Init`.
    // A variable is judged the same way.
    let found = errors(
        r#"{"StartAt":"Init","States":{
          "Init":{"Type":"Pass","Result":{"n":"0"},"Assign":{"total":"none"},"Next":"Step"},
          "Step":{"Type":"Pass","Parameters":{"n.$":"States.MathAdd($.n, 1)","t.$":"States.MathAdd($total, 2)"},
            "Assign":{"total":1},"Next":"More?"},
          "More?":{"Type":"Choice","Choices":[{"Variable":"$.n","NumericLessThan":3,"Next":"Step"}],"Default":"Done"},
          "Done":{"Type":"Succeed"}}}"#,
        DataType::Any,
    );
    assert_found(
        &found,
        &[
            (
                "/States/Step/Parameters/n.$",
                "argument 1 of `States.MathAdd` must be a number, but `$.n` is a string in the input of `Step` when `Step` is entered from `Init` (other ways in give other types); the state would fail",
            ),
            (
                "/States/Step/Parameters/t.$",
                "argument 1 of `States.MathAdd` must be a number, but `$total` is a string when `Step` is entered from `Init` (other ways in give other types); the state would fail. `$total` is assigned by `Init`, `Step`",
            ),
        ],
    );
}

/// A Distributed Map over `{reader}` (an `ItemReader` object's members) whose child reads
/// `read` (a JSONPath path) of its item.
fn reader_then_read(reader: &str, read: &str) -> String {
    format!(
        r#"{{"StartAt":"Each","States":{{"Each":{{"Type":"Map","ItemReader":{{{reader}}},
          "ItemProcessor":{{"ProcessorConfig":{{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"}},
            "StartAt":"Use","States":{{"Use":{{"Type":"Pass","Parameters":{{"v.$":"{read}"}},"End":true}}}}}},
          "End":true}}}}}}"#
    )
}

/// Issue 64: the items whose shape AWS fixes are typed without a declaration: an object a
/// listing lists (`{Etag, Key, LastModified, Size, StorageClass}`, `Etag` spelt as AWS
/// recorded it) and an S3 Inventory list's row (`Bucket`, `Key` and the optional fields of the
/// S3 model's `InventoryOptionalField`).
#[test]
fn the_items_aws_fixes_are_typed() {
    let listing = r#""Resource":"arn:aws:states:::s3:listObjectsV2","Parameters":{"Bucket":"b","Prefix":"in/"}"#;
    for fine in [
        "$.Key",
        "$.Size",
        "$.Etag",
        "$.StorageClass",
        "$.LastModified",
    ] {
        assert!(
            errors(&reader_then_read(listing, fine), DataType::Any).is_empty(),
            "{fine}"
        );
    }
    assert_found(
        &errors(&reader_then_read(listing, "$.key"), DataType::Any),
        &[(
            "/States/Each/ItemProcessor/States/Use/Parameters/v.$",
            "`$.key` selects nothing: the input of `Use` has no field `key`; did you mean `Key`?",
        )],
    );
    assert_found(
        &errors(&reader_then_read(listing, "$.ETag"), DataType::Any),
        &[(
            "/States/Each/ItemProcessor/States/Use/Parameters/v.$",
            "did you mean `Etag`?",
        )],
    );
    // With LOAD_AND_FLATTEN the items are the objects' contents: unknown.
    let flattened = format!(
        r#"{listing},"ReaderConfig":{{"InputType":"JSONL","Transformation":"LOAD_AND_FLATTEN"}}"#
    );
    assert!(errors(&reader_then_read(&flattened, "$.key"), DataType::Any).is_empty());
    // An S3 Inventory's rows, through its manifest, either way of saying so.
    for config in [
        r#"{"InputType":"MANIFEST"}"#,
        r#"{"InputType":"CSV","ManifestType":"S3_INVENTORY"}"#,
    ] {
        let inventory = format!(
            r#""Resource":"arn:aws:states:::s3:getObject","Parameters":{{"Bucket":"b","Key":"inv/manifest.json"}},"ReaderConfig":{config}"#
        );
        for fine in [
            "$.Bucket",
            "$.Key",
            "$.Size",
            "$.LastModifiedDate",
            "$.ETag",
        ] {
            assert!(
                errors(&reader_then_read(&inventory, fine), DataType::Any).is_empty(),
                "{config} {fine}"
            );
        }
        assert_found(
            &errors(
                &reader_then_read(&inventory, "$.LastModified"),
                DataType::Any,
            ),
            &[(
                "/States/Each/ItemProcessor/States/Use/Parameters/v.$",
                "has no field `LastModified`; did you mean `LastModifiedDate`?",
            )],
        );
    }
    // JSON and JSON Lines items are the file's own.
    let jsonl = r#""Resource":"arn:aws:states:::s3:getObject","Parameters":{"Bucket":"b","Key":"k.jsonl"},"ReaderConfig":{"InputType":"JSONL"}"#;
    assert!(errors(&reader_then_read(jsonl, "$.anything"), DataType::Any).is_empty());
}

/// Issue 64: a reader's and a writer's `Parameters` (or `Arguments`) hold what their S3 action
/// takes, as AWS documents it: a writer's `Bucket` and `Prefix`, a reader's `Bucket` and `Key`
/// (`VersionId`) or `Bucket` and `Prefix`.
#[test]
fn reader_and_writer_settings_are_checked() {
    let map = |reader: &str, writer: &str| {
        format!(
            r#"{{"StartAt":"Each","States":{{"Each":{{"Type":"Map","ItemReader":{{{reader}}},{writer}
              "ItemProcessor":{{"ProcessorConfig":{{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"}},
                "StartAt":"P","States":{{"P":{{"Type":"Pass","End":true}}}}}},"End":true}}}}}}"#
        )
    };
    let settings = |definition: &str| -> Vec<(String, String)> {
        StateMachine::from_json(definition)
            .expect("decodes")
            .validate()
            .into_iter()
            .filter(|d| d.code == Code::InvalidMapConfiguration && d.severity == Severity::Error)
            .map(|d| (d.pointer.to_string(), d.message))
            .collect()
    };
    let listing = r#""Resource":"arn:aws:states:::s3:listObjectsV2","Parameters":{"Bucket":"b","Prefix":"in/"}"#;
    let writer = |parameters: &str| {
        format!(
            r#""ResultWriter":{{"Resource":"arn:aws:states:::s3:putObject","Parameters":{parameters}}},"#
        )
    };
    assert!(
        settings(&map(
            listing,
            &writer(r#"{"Bucket":"out","Prefix":"runs/"}"#)
        ))
        .is_empty()
    );
    assert_found(
        &settings(&map(listing, &writer(r#"{"Bucket":"out","Key":"runs/"}"#))),
        &[(
            "/States/Each/ResultWriter/Parameters/Key",
            "the `ResultWriter` of Map state `Each`: unknown key `Key` in `ResultWriterParameters`; it takes `Bucket`, `Prefix`",
        )],
    );
    assert_found(
        &settings(&map(listing, &writer(r#"{"Prefix":"runs/"}"#))),
        &[("/States/Each/ResultWriter/Parameters", "`Bucket`")],
    );
    let object = r#""Resource":"arn:aws:states:::s3:getObject","Parameters":{"Bucket":"b","Prefix":"in/"},"ReaderConfig":{"InputType":"JSON"}"#;
    assert_found(
        &settings(&map(object, "")),
        &[(
            "/States/Each/ItemReader/Parameters/Prefix",
            "unknown key `Prefix` in `ItemReaderGetObjectParameters`",
        )],
    );
    // Computed values are the data's: accepted.
    let computed = r#""Resource":"arn:aws:states:::s3:getObject","Parameters":{"Bucket.$":"$.bucket","Key.$":"$.key"},"ReaderConfig":{"InputType":"JSON"}"#;
    assert!(settings(&map(computed, "")).is_empty());
}

/// Every diagnostic of `definition` validated with the execution input `input`: code,
/// severity, pointer and message.
fn diagnostics(definition: &str, input: DataType) -> Vec<(Code, Severity, String, String)> {
    let options = ValidationOptions {
        input,
        ..Default::default()
    };
    StateMachine::from_json(definition)
        .expect("decodes")
        .validate_with(&options)
        .into_iter()
        .map(|d| (d.code, d.severity, d.pointer.to_string(), d.message))
        .collect()
}

/// Issue 64: a JSONPath Choice rule comparing values of certainly different types never
/// matches (AWS evaluates it false: `choice_operators.test_numeric__test_numeric_equals_path_*`
/// recorded): COMPARISON_TYPE_MISMATCH, not a path that selects nothing; and where the types are
/// certain only on one way in (a Catcher with `ResultPath: null` hands the typed input on, the
/// other way is an activity's unknown answer), it is said of that way.
#[test]
fn a_choice_comparing_two_types_never_matches_on_any_way_in() {
    let joined = r#"{"StartAt":"A","States":{
      "A":{"Type":"Pass","Result":{"a":"text","b":5},"Next":"C"},
      "C":{"Type":"Choice","Choices":[{"Variable":"$.a","StringEqualsPath":"$.b","Next":"D"}],"Default":"D"},
      "D":{"Type":"Succeed"}}}"#;
    let found = diagnostics(joined, DataType::Any);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        (found[0].0, found[0].1, found[0].2.as_str()),
        (
            Code::ComparisonTypeMismatch,
            Severity::Warning,
            "/States/C/Choices/0/StringEqualsPath"
        )
    );
    assert!(
        found[0]
            .3
            .contains("`$.b` is an integer in the input of `C` but `$.a` is compared with it as a string, which it can never match"),
        "{}",
        found[0].3
    );
    let one_way = r#"{"StartAt":"A","States":{
      "A":{"Type":"Pass","Result":{"a":"text","b":5},"Next":"T"},
      "T":{"Type":"Task","Resource":"arn:aws:states:us-east-1:123456789012:activity:x",
           "Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":null,"Next":"C"}],"Next":"C"},
      "C":{"Type":"Choice","Choices":[{"Variable":"$.a","StringEqualsPath":"$.b","Next":"D"}],"Default":"D"},
      "D":{"Type":"Succeed"}}}"#;
    let found = diagnostics(one_way, DataType::Any);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].0, Code::ComparisonTypeMismatch);
    assert!(
        found[0].3.contains(
            "when `C` is entered from the first Catcher of `T`, which hands on its state's input"
        ),
        "{}",
        found[0].3
    );
    // Inside `And` a type test may guard it: left alone there.
    let guarded = one_way.replace(
        r#"{"Variable":"$.a","StringEqualsPath":"$.b","Next":"D"}"#,
        r#"{"And":[{"Variable":"$.b","IsString":true},{"Variable":"$.a","StringEqualsPath":"$.b"}],"Next":"D"}"#,
    );
    assert!(diagnostics(&guarded, DataType::Any).is_empty());
}

/// Issue 64: a DynamoDB attribute value whose type only a variable set on one way in makes
/// certain (a Catcher's `Assign`; the other way's answer is unknown) is judged on that way.
#[test]
fn a_dynamodb_attribute_from_a_variable_is_judged_on_the_way_that_types_it() {
    let definition = r#"{"QueryLanguage":"JSONata","StartAt":"A","States":{
      "A":{"Type":"Pass","Output":{"count":5},"Next":"T"},
      "T":{"Type":"Task","Resource":"arn:aws:states:us-east-1:123456789012:activity:x",
           "Assign":{"n":"{% $states.result.c %}"},
           "Catch":[{"ErrorEquals":["States.ALL"],"Assign":{"n":"{% $states.input.count %}"},"Next":"B"}],"Next":"B"},
      "B":{"Type":"Task","Resource":"arn:aws:states:::dynamodb:putItem",
           "Arguments":{"TableName":"t","Item":{"id":{"S":"x"},"count":"{% $n %}"}},"End":true}}}"#;
    let found = diagnostics(definition, DataType::Any);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        (found[0].0, found[0].2.as_str()),
        (
            Code::InvalidTaskParameters,
            "/States/B/Arguments/Item/count"
        )
    );
    assert!(
        found[0].3.contains(
            "but this computed value is an integer when `B` is entered from the first Catcher of `T`, whose output is the error output `{Error, Cause}`"
        ),
        "{}",
        found[0].3
    );
}

/// Issue 64: an intrinsic function's argument read from the context object (`$$.Execution.Input`,
/// the `workflow!` language's `input.…`) is typed by the execution input, whatever way leads in.
#[test]
fn an_intrinsic_argument_from_the_execution_input_is_typed() {
    let input = DataType::Object(BTreeMap::from([(
        "n".to_owned(),
        (DataType::String, false),
    )]));
    let definition = r#"{"StartAt":"T","States":{
      "T":{"Type":"Task","Resource":"arn:aws:states:us-east-1:123456789012:activity:x",
           "Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":null,"Next":"Add"}],"Next":"Add"},
      "Add":{"Type":"Pass","Parameters":{"x.$":"States.MathAdd($$.Execution.Input.n, 1)",
             "y.$":"States.Format('{}', $$.Execution.Inptu)"},"End":true}}}"#;
    assert_found(
        &errors(definition, input),
        &[
            (
                "/States/Add/Parameters/y.$",
                "`$$.Execution.Inptu` selects nothing: the context object has no field `Inptu` at `$$.Execution`; did you mean `Input`?",
            ),
            (
                "/States/Add/Parameters/x.$",
                "argument 1 of `States.MathAdd` must be a number, but `$$.Execution.Input.n` is a string",
            ),
        ],
    );
}

/// Issue 75: a result's field written with its owner's words added or left out is answered
/// with the field meant, not a field it abbreviates (`JobRunQueuingEnabled` for `JobRunId`).
#[test]
fn a_misspelt_result_field_gets_the_member_that_means_the_same() {
    let after = |resource: &str, parameters: &str, read: &str| {
        format!(
            r#"{{"StartAt": "T", "States": {{
                "T": {{"Type": "Task", "Resource": "{resource}", "Parameters": {parameters}, "Next": "R"}},
                "R": {{"Type": "Pass", "Parameters": {{"v.$": "{read}"}}, "End": true}}}}}}"#
        )
    };
    let glue = errors(
        &after(
            "arn:aws:states:::glue:startJobRun.sync",
            r#"{"JobName": "etl"}"#,
            "$.JobRunId",
        ),
        DataType::Any,
    );
    assert!(
        glue.iter()
            .any(|(_, m)| m.contains("has no field `JobRunId`; did you mean `Id`?")),
        "{glue:#?}"
    );
    let athena = errors(
        &after(
            "arn:aws:states:::athena:startQueryExecution",
            r#"{"QueryString": "SELECT 1", "WorkGroup": "w"}"#,
            "$.QueryId",
        ),
        DataType::Any,
    );
    assert!(
        athena
            .iter()
            .any(|(_, m)| m.contains("has no field `QueryId`; did you mean `QueryExecutionId`?")),
        "{athena:#?}"
    );
    // Nested: the field that holds it is the owner (`$.JobRun.JobRunId`, Glue's `getJobRun`).
    let nested = errors(
        &after(
            "arn:aws:states:::aws-sdk:glue:getJobRun",
            r#"{"JobName": "etl", "RunId": "r"}"#,
            "$.JobRun.JobRunId",
        ),
        DataType::Any,
    );
    assert!(
        nested
            .iter()
            .any(|(_, m)| m.contains("has no field `JobRunId` at `$.JobRun`; did you mean `Id`?")),
        "{nested:#?}"
    );
}

#[test]
fn a_distributed_map_that_tolerates_failures_holds_outputs_or_errors() {
    // Issue 91: a failed child's entry is its error output `{Error, Cause}` (the engine's
    // `core::map_run`), so each entry is the output or the error: its members are readable,
    // and so are `Error` and `Cause`; with no tolerance (or a zero one) it is the output.
    let machine = |tolerance: &str, read: &str| {
        format!(
            r#"{{"StartAt":"M","States":{{
              "M":{{"Type":"Map","ItemsPath":"$.items",{tolerance}
                   "ItemProcessor":{{"ProcessorConfig":{{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"}},
                     "StartAt":"P","States":{{"P":{{"Type":"Pass","Result":{{"exitCode":0}},"End":true}}}}}},
                   "Next":"R"}},
              "R":{{"Type":"Pass","Parameters":{{"read.$":"{read}"}},"End":true}}}}}}"#
        )
    };
    let count = r#""ToleratedFailureCount":1,"#;
    let from_path = r#""ToleratedFailurePercentagePath":"$.tolerated","#;
    for tolerance in [count, from_path] {
        for read in ["$[0].exitCode", "$[0].Error", "$[0].Cause"] {
            assert_eq!(
                errors(&machine(tolerance, read), DataType::Any),
                [],
                "{read}"
            );
        }
        assert_eq!(
            errors(&machine(tolerance, "$[0].exitCod"), DataType::Any).len(),
            1
        );
    }
    // A misspelt error member is suggested from the failure's members too.
    let typo = errors(&machine(count, "$[0].Eror"), DataType::Any);
    assert!(typo[0].1.contains("did you mean `Error`?"), "{typo:?}");
    for none in ["", r#""ToleratedFailureCount":0,"#] {
        assert_eq!(errors(&machine(none, "$[0].Error"), DataType::Any).len(), 1);
    }
    // JSONata reads them too: `Error` is text, a member neither side has is reported.
    let jsonata = |read: &str| {
        format!(
            r#"{{"QueryLanguage":"JSONata","StartAt":"M","States":{{
              "M":{{"Type":"Map","Items":"{{% $states.input.items %}}","ToleratedFailureCount":1,
                   "ItemProcessor":{{"ProcessorConfig":{{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"}},
                     "StartAt":"P","States":{{"P":{{"Type":"Pass","Output":{{"exitCode":0}},"End":true}}}}}},
                   "Next":"R"}},
              "R":{{"Type":"Pass","Output":{{"read":"{{% {read} %}}"}},"End":true}}}}}}"#
        )
    };
    assert_eq!(
        errors(&jsonata("$states.input[0].Error & '!'"), DataType::Any),
        []
    );
    assert_eq!(
        errors(&jsonata("$states.input[0].exitCode + 1"), DataType::Any),
        []
    );
    let untolerant =
        jsonata("$states.input[0].Error & '!'").replace(r#""ToleratedFailureCount":1,"#, "");
    assert_eq!(errors(&untolerant, DataType::Any).len(), 1, "{untolerant}");
    let definition = machine(count, "$");
    let decoded = StateMachine::from_json(&definition).expect("decodes");
    let analysis = workflow_asl::validate::dataflow::Analysis::new(&decoded, &DataType::Any);
    assert_eq!(
        analysis.output().to_string(),
        "{ read: [{ exitCode: integer } | { Error: string, Cause: string }] }"
    );
}
