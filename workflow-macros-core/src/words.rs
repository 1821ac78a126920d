//! The validator's diagnostics in the language's own words: each [`Term`] a message names
//! (an ASL field, `"End": true`, a query language) spelt as a `workflow!` user writes it.

use workflow_asl::{Diagnostic, Field, Term};

/// The diagnostic's message as the macro reports it: the language's words for its terms,
/// starting lowercase.
pub fn message(diagnostic: &Diagnostic) -> String {
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
        Term::HeaderLocation { first_row: true } => "`first_row`",
        Term::HeaderLocation { first_row: false } => "`given`",
        Term::SetHeaderLocation { first_row: true } => "`csv_header_location = first_row`",
        Term::SetHeaderLocation { first_row: false } => "`csv_header_location = given`",
        Term::ListCsvHeaders => "`csv_headers = [\"id\", \"name\"]`",
        Term::JsonataLanguage => "`query_language = jsonata`",
        Term::JsonPathLanguage => "`query_language = jsonpath`",
        Term::Condition => "the condition",
        Term::ChoiceState => "choice state",
        Term::PassTaskToken { jsonata: false } => {
            "pass it in the request, e.g. `TaskToken: $$.Task.Token`"
        }
        Term::PassTaskToken { jsonata: true } => {
            "pass it in the request, e.g. `TaskToken: \"{% $states.context.Task.Token %}\"`"
        }
        Term::ExecutionInput { .. } => "input",
        _ => return None,
    })
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
}
