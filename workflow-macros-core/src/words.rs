//! The validator's diagnostics in the language's own words: each [`Term`] a message names
//! (an ASL field, `"End": true`, a query language) spelt as a `workflow!` user writes it.

use workflow_asl::{Diagnostic, Field, Term};

/// The diagnostic's message as the macro reports it: the language's words for its terms,
/// starting lowercase.
pub(crate) fn message(diagnostic: &Diagnostic) -> String {
    let text = diagnostic.message_in(word);
    let mut chars = text.chars();
    match chars.next() {
        Some(first) if first.is_uppercase() => first.to_lowercase().chain(chars).collect(),
        _ => text,
    }
}

/// How the language spells a term; `None` where it spells it as ASL does.
fn word(term: Term) -> Option<&'static str> {
    Some(match term {
        Term::Field(field) => match field {
            Field::Arguments => "`arguments`",
            Field::Assign => "`assign { … }`",
            Field::BackoffRate => "`backoff`",
            Field::CsvHeaderLocation => "`csv_header_location`",
            Field::CsvHeaders => "`csv_headers`",
            Field::ErrorEquals => "the error list `[…]`",
            Field::HeartbeatSeconds => "`heartbeat`",
            Field::InputPath => "`input_path`",
            Field::IntervalSeconds => "`interval`",
            Field::ItemBatcher => "`batch(…)`",
            Field::ItemReader => "the `reader`",
            Field::ItemSelector => "`item_selector`",
            Field::JitterStrategy => "`jitter`",
            Field::Label => "`label`",
            Field::MaxAttempts => "`max_attempts`",
            Field::MaxConcurrency => "`max_concurrency`",
            Field::MaxDelaySeconds => "`max_delay`",
            Field::Next => "`->`",
            Field::Output => "`output`",
            Field::OutputPath => "`output_path`",
            Field::Parameters => "`parameters`",
            Field::Result => "`result`",
            Field::ResultPath => "`result_path`",
            Field::ResultSelector => "`result_selector`",
            Field::ResultWriter => "the `writer`",
            Field::TimeoutSeconds => "`timeout`",
            Field::ToleratedFailureCount => "`tolerated_failure_count`",
            Field::ToleratedFailurePercentage => "`tolerated_failure_percentage`",
            Field::HeartbeatSecondsPath => "`heartbeat`",
            Field::MaxConcurrencyPath => "`max_concurrency`",
            Field::SecondsPath => "`seconds`",
            Field::TimeoutSecondsPath => "`timeout`",
            Field::TimestampPath => "`timestamp`",
            Field::ToleratedFailureCountPath => "`tolerated_failure_count`",
            Field::ToleratedFailurePercentagePath => "`tolerated_failure_percentage`",
            Field::Seconds => "`seconds`",
            Field::Timestamp => "`timestamp`",
            Field::Items | Field::ItemsPath => "`items`",
            Field::MaxItemsPerBatch | Field::MaxItemsPerBatchPath => "`batch(max_items = …)`",
            Field::MaxInputBytesPerBatch | Field::MaxInputBytesPerBatchPath => {
                "`batch(max_bytes = …)`"
            }
            Field::MaxItems | Field::MaxItemsPath => "the reader's `max_items`",
            _ => return None,
        },
        Term::End => "no `->` (so that it ends the workflow)",
        Term::EndingStates => "a state that ends the workflow (no `->`), a `succeed` or a `fail`",
        Term::AddEndingState => {
            "let one state end the workflow (leave out its `->`), or add a `succeed` or `fail` state"
        }
        Term::AddChoiceRule => "add at least one `when … => …` rule",
        Term::DistributedMode => "`map(distributed, …)`",
        Term::MakeDistributed { .. } => "set `map(distributed, execution = standard, …)`",
        Term::StandardExecutionType => "`execution = standard`",
        Term::StandardChildren => "set `map(distributed, execution = standard, …)`",
        Term::StandardWorkflow => "make the workflow STANDARD (remove `type = express`)",
        Term::ExpressExecutionType => "`execution = express`",
        Term::ExecutionTypeWritten { express: true } => "`execution = express`",
        Term::ExecutionTypeWritten { express: false } => "`execution = standard`",
        Term::PatternSuffix(pattern) => match pattern {
            workflow_aws_models::Pattern::RequestResponse => "no pattern",
            workflow_aws_models::Pattern::Sync => "`.sync`",
            workflow_aws_models::Pattern::Sync2 => "`.sync2`",
            workflow_aws_models::Pattern::WaitForTaskToken => "`.wait_for_task_token`",
        },
        Term::CredentialsRole { jsonata: true } => {
            "`credentials { RoleArn: \"arn:aws:iam::123456789012:role/Name\" }` (the value may be a `\"{% … %}\"` expression)"
        }
        Term::CredentialsRole { jsonata: false } => {
            "`credentials { RoleArn: \"arn:aws:iam::123456789012:role/Name\" }` or `credentials { RoleArn: $.roleArn }`"
        }
        Term::HeaderLocation { first_row: true } => "`first_row`",
        Term::HeaderLocation { first_row: false } => "`given`",
        Term::SetHeaderLocation { first_row: true } => "`csv_header_location = first_row`",
        Term::SetHeaderLocation { first_row: false } => "`csv_header_location = given`",
        Term::ListCsvHeaders => "`csv_headers = [\"id\", \"name\"]`",
        Term::JsonataLanguage => "`query_language = jsonata`",
        Term::JsonPathLanguage => "`query_language = jsonpath`",
        Term::Condition => "the condition",
        Term::ChoiceState => "choice state",
        Term::PassTaskToken { jsonata, place } => token_fix(place, jsonata),
        Term::ExecutionInput { .. } => "input",
        _ => return None,
    })
}

/// The fix for a callback that never passes its token, in the language's words: the token
/// where the integration's request carries it (issue 91: an SQS message's body, not a
/// `TaskToken` key `SendMessageRequest` does not have).
fn token_fix(place: workflow_aws_models::TokenPlace, jsonata: bool) -> &'static str {
    use workflow_aws_models::TokenPlace as P;
    macro_rules! both {
        ($before:literal, $after:literal) => {
            if jsonata {
                concat!(
                    "pass it in the request, e.g. `",
                    $before,
                    "TaskToken: \"{% $states.context.Task.Token %}\"",
                    $after,
                    "`"
                )
            } else {
                concat!(
                    "pass it in the request, e.g. `",
                    $before,
                    "TaskToken: $$.Task.Token",
                    $after,
                    "`"
                )
            }
        };
    }
    match place {
        P::MessageBody => both!("MessageBody: { ", " }"),
        P::Message => both!("Message: { ", " }"),
        P::EventDetail => both!("Entries: [{ Detail: { ", " } }]"),
        P::Payload => both!("Payload: { ", " }"),
        P::ExecutionInput => both!("Input: { ", " }"),
        P::RequestBody => both!("RequestBody: { ", " }"),
        P::ContainerEnvironment => {
            if jsonata {
                "pass it in the request, e.g. `Overrides: { ContainerOverrides: [{ Name: \"app\", Environment: [{ Name: \"TASK_TOKEN\", Value: \"{% $states.context.Task.Token %}\" }] }] }`"
            } else {
                "pass it in the request, e.g. `Overrides: { ContainerOverrides: [{ Name: \"app\", Environment: [{ Name: \"TASK_TOKEN\", Value: $$.Task.Token }] }] }`"
            }
        }
        _ => {
            if jsonata {
                "pass it in a member of the request that the service hands on (`\"{% $states.context.Task.Token %}\"`)"
            } else {
                "pass it in a member of the request that the service hands on (`$$.Task.Token`)"
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::message;

    #[test]
    fn terms_are_spelt_in_the_language() {
        let diagnostics = workflow_asl::check(
            r#"{"StartAt": "A", "States": {"A": {"Type": "Task",
                "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f",
                "TimeoutSeconds": 5, "HeartbeatSeconds": 5, "End": true}}}"#,
        );
        let text = diagnostics.first().map(message).unwrap_or_default();
        assert!(
            text.starts_with("`heartbeat` is 5 but `timeout` is 5;"),
            "{text}"
        );
        assert!(text.ends_with("below 5 or raise `timeout`"), "{text}");
    }

    /// Issue 45: a reader's fix is written in the macro's words, not ASL's JSON.
    #[test]
    fn a_csv_readers_fix_is_spelt_in_the_language() {
        let diagnostics = workflow_asl::check(
            r#"{"StartAt": "M", "States": {"M": {"Type": "Map",
                "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
                    "Parameters": {"Bucket": "b", "Key": "k.csv"},
                    "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "GIVEN"}},
                "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}},
                "End": true}}}"#,
        );
        let text: Vec<String> = diagnostics.iter().map(message).collect();
        assert!(
            text.contains(
                &"`csv_header_location` is `given`, so `csv_headers` must list the column names, \
                  e.g. `csv_headers = [\"id\", \"name\"]`; or use `csv_header_location = first_row` \
                  when the file starts with them"
                    .to_owned()
            ),
            "{text:?}"
        );
        assert!(text.iter().all(|t| !t.contains("CSVHeaders")), "{text:?}");
    }

    /// Issue 75: a fix is worded in the macro's syntax where `workflow!` reports it, in ASL
    /// where `workflow validate` does: no JSON member (`"Key": …`) and no ASL-only field in the
    /// macro's words, the ASL in the validator's.
    #[test]
    fn fixes_are_worded_in_the_macros_syntax_and_in_asl_apart() {
        let express = workflow_asl::ValidationOptions {
            machine_type: workflow_asl::ExecutionType::Express,
            ..Default::default()
        };
        let cases: &[(&str, &workflow_asl::ValidationOptions, &str)] = &[
            (
                r#"{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.a",
                    "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE", "ExecutionType": "EXPRESS"},
                    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}"#,
                &Default::default(),
                "`execution = express` sets the type of a Distributed Map's child workflows",
            ),
            (
                r#"{"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemProcessor": {
                    "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"}, "StartAt": "T",
                    "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::glue:startJobRun.sync",
                        "Parameters": {"JobName": "j"}, "End": true}}}}}}"#,
                &Default::default(),
                "or set `map(distributed, execution = standard, …)`",
            ),
            (
                r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::glue:startJobRun.sync",
                    "Parameters": {"JobName": "j"}, "End": true}}}"#,
                &express,
                "or make the workflow STANDARD (remove `type = express`)",
            ),
            (
                r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                    "Credentials": {}, "Parameters": {"FunctionName": "f"}, "End": true}}}"#,
                &Default::default(),
                "write `credentials { RoleArn: \"arn:aws:iam::123456789012:role/Name\" }`",
            ),
            (
                r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"x": "{% 1 + 1 %}"}, "End": true}}}"#,
                &Default::default(),
                "set `query_language = jsonata` on the state (or the workflow)",
            ),
            (
                r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"x.$": "$$.Executoin"}, "End": true}}}"#,
                &Default::default(),
                "(and `Map` in a Map state's `item_selector`)",
            ),
        ];
        let asl_member = |text: &str| text.contains("\": ") || text.contains("ProcessorConfig");
        for (definition, options, expected) in cases {
            let diagnostics = workflow_asl::check_with(definition, options);
            let worded: Vec<String> = diagnostics.iter().map(message).collect();
            let Some(found) = worded.iter().find(|m| m.contains(expected)) else {
                panic!("no message with `{expected}` in {worded:#?}");
            };
            assert!(!asl_member(found), "{found}");
            let asl = &diagnostics[worded.iter().position(|m| m == found).unwrap_or(0)].message;
            assert!(asl != found, "the validator's own words are ASL's: {asl}");
        }
    }
}
