//! A diagnostic's message as text plus the terms it names: the ASL constructs that the JSON
//! definition and the `workflow!` language spell differently (`BackoffRate` / `backoff`,
//! `"End": true` / no `->`). The text spells each term as ASL does; [`TermAt`] records where,
//! so that the macro can render the same message in its own words without searching the text.

use std::ops::Range;

/// An ASL field that a message names, spelt by its JSON key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Field {
    /// `Arguments`.
    Arguments,
    /// `Assign`.
    Assign,
    /// `BackoffRate`.
    BackoffRate,
    /// A Distributed Map reader's `CSVHeaderLocation`.
    CsvHeaderLocation,
    /// A Distributed Map reader's `CSVHeaders`.
    CsvHeaders,
    /// `ErrorEquals`.
    ErrorEquals,
    /// `HeartbeatSeconds`.
    HeartbeatSeconds,
    /// `InputPath`.
    InputPath,
    /// `IntervalSeconds`.
    IntervalSeconds,
    /// `ItemBatcher`.
    ItemBatcher,
    /// `ItemReader`.
    ItemReader,
    /// `ItemSelector`.
    ItemSelector,
    /// `JitterStrategy`.
    JitterStrategy,
    /// `Label`.
    Label,
    /// `MaxAttempts`.
    MaxAttempts,
    /// `MaxConcurrency`.
    MaxConcurrency,
    /// `MaxDelaySeconds`.
    MaxDelaySeconds,
    /// `Next`.
    Next,
    /// `Output`.
    Output,
    /// `OutputPath`.
    OutputPath,
    /// `Parameters`.
    Parameters,
    /// `Result`.
    Result,
    /// `ResultPath`.
    ResultPath,
    /// `ResultSelector`.
    ResultSelector,
    /// `ResultWriter`.
    ResultWriter,
    /// `TimeoutSeconds`.
    TimeoutSeconds,
    /// `ToleratedFailureCount`.
    ToleratedFailureCount,
    /// `ToleratedFailurePercentage`.
    ToleratedFailurePercentage,
    /// `HeartbeatSecondsPath`.
    HeartbeatSecondsPath,
    /// `MaxConcurrencyPath`.
    MaxConcurrencyPath,
    /// `SecondsPath`.
    SecondsPath,
    /// `TimeoutSecondsPath`.
    TimeoutSecondsPath,
    /// `TimestampPath`.
    TimestampPath,
    /// `ToleratedFailureCountPath`.
    ToleratedFailureCountPath,
    /// `ToleratedFailurePercentagePath`.
    ToleratedFailurePercentagePath,
    /// `Seconds`, a Wait state's.
    Seconds,
    /// `Timestamp`, a Wait state's.
    Timestamp,
    /// `Items`, a JSONata Map state's.
    Items,
    /// `ItemsPath`, a JSONPath Map state's.
    ItemsPath,
    /// `MaxItemsPerBatch`, an `ItemBatcher`'s.
    MaxItemsPerBatch,
    /// `MaxItemsPerBatchPath`, an `ItemBatcher`'s.
    MaxItemsPerBatchPath,
    /// `MaxInputBytesPerBatch`, an `ItemBatcher`'s.
    MaxInputBytesPerBatch,
    /// `MaxInputBytesPerBatchPath`, an `ItemBatcher`'s.
    MaxInputBytesPerBatchPath,
    /// `MaxItems`, a `ReaderConfig`'s.
    MaxItems,
    /// `MaxItemsPath`, a `ReaderConfig`'s.
    MaxItemsPath,
}

impl Field {
    /// The field with this JSON key, if messages name it as a term.
    pub fn from_key(key: &str) -> Option<Field> {
        const ALL: [Field; 45] = [
            Field::Arguments,
            Field::Assign,
            Field::BackoffRate,
            Field::CsvHeaderLocation,
            Field::CsvHeaders,
            Field::ErrorEquals,
            Field::HeartbeatSeconds,
            Field::InputPath,
            Field::IntervalSeconds,
            Field::ItemBatcher,
            Field::ItemReader,
            Field::ItemSelector,
            Field::JitterStrategy,
            Field::Label,
            Field::MaxAttempts,
            Field::MaxConcurrency,
            Field::MaxDelaySeconds,
            Field::Next,
            Field::Output,
            Field::OutputPath,
            Field::Parameters,
            Field::Result,
            Field::ResultPath,
            Field::ResultSelector,
            Field::ResultWriter,
            Field::TimeoutSeconds,
            Field::ToleratedFailureCount,
            Field::ToleratedFailurePercentage,
            Field::HeartbeatSecondsPath,
            Field::MaxConcurrencyPath,
            Field::SecondsPath,
            Field::TimeoutSecondsPath,
            Field::TimestampPath,
            Field::ToleratedFailureCountPath,
            Field::ToleratedFailurePercentagePath,
            Field::Seconds,
            Field::Timestamp,
            Field::Items,
            Field::ItemsPath,
            Field::MaxItemsPerBatch,
            Field::MaxItemsPerBatchPath,
            Field::MaxInputBytesPerBatch,
            Field::MaxInputBytesPerBatchPath,
            Field::MaxItems,
            Field::MaxItemsPath,
        ];
        ALL.into_iter().find(|f| f.key() == key)
    }

    /// The field's JSON key.
    pub fn key(self) -> &'static str {
        match self {
            Field::Arguments => "Arguments",
            Field::Assign => "Assign",
            Field::BackoffRate => "BackoffRate",
            Field::CsvHeaderLocation => "CSVHeaderLocation",
            Field::CsvHeaders => "CSVHeaders",
            Field::ErrorEquals => "ErrorEquals",
            Field::HeartbeatSeconds => "HeartbeatSeconds",
            Field::InputPath => "InputPath",
            Field::IntervalSeconds => "IntervalSeconds",
            Field::ItemBatcher => "ItemBatcher",
            Field::ItemReader => "ItemReader",
            Field::ItemSelector => "ItemSelector",
            Field::JitterStrategy => "JitterStrategy",
            Field::Label => "Label",
            Field::MaxAttempts => "MaxAttempts",
            Field::MaxConcurrency => "MaxConcurrency",
            Field::MaxDelaySeconds => "MaxDelaySeconds",
            Field::Next => "Next",
            Field::Output => "Output",
            Field::OutputPath => "OutputPath",
            Field::Parameters => "Parameters",
            Field::Result => "Result",
            Field::ResultPath => "ResultPath",
            Field::ResultSelector => "ResultSelector",
            Field::ResultWriter => "ResultWriter",
            Field::TimeoutSeconds => "TimeoutSeconds",
            Field::ToleratedFailureCount => "ToleratedFailureCount",
            Field::ToleratedFailurePercentage => "ToleratedFailurePercentage",
            Field::HeartbeatSecondsPath => "HeartbeatSecondsPath",
            Field::MaxConcurrencyPath => "MaxConcurrencyPath",
            Field::SecondsPath => "SecondsPath",
            Field::TimeoutSecondsPath => "TimeoutSecondsPath",
            Field::TimestampPath => "TimestampPath",
            Field::ToleratedFailureCountPath => "ToleratedFailureCountPath",
            Field::ToleratedFailurePercentagePath => "ToleratedFailurePercentagePath",
            Field::Seconds => "Seconds",
            Field::Timestamp => "Timestamp",
            Field::Items => "Items",
            Field::ItemsPath => "ItemsPath",
            Field::MaxItemsPerBatch => "MaxItemsPerBatch",
            Field::MaxItemsPerBatchPath => "MaxItemsPerBatchPath",
            Field::MaxInputBytesPerBatch => "MaxInputBytesPerBatch",
            Field::MaxInputBytesPerBatchPath => "MaxInputBytesPerBatchPath",
            Field::MaxItems => "MaxItems",
            Field::MaxItemsPath => "MaxItemsPath",
        }
    }
}

/// Something a message names that ASL and the `workflow!` language spell differently.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Term {
    /// A field, in backticks: `` `BackoffRate` ``.
    Field(Field),
    /// Ending the workflow at a state: `` `"End": true` ``.
    End,
    /// The states that end a workflow: a state with `"End": true`, a Succeed or a Fail.
    EndingStates,
    /// The fix for a workflow that cannot end: give one state `"End": true`, or add a Succeed
    /// or Fail state.
    AddEndingState,
    /// The fix for a Choice without rules: add at least one rule with a `Next`.
    AddChoiceRule,
    /// A Distributed Map: `` `"Mode": "DISTRIBUTED"` ``.
    DistributedMode,
    /// The fix for a field only a Distributed Map may use: set
    /// `` `"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}` `` in the
    /// Map's `ItemProcessor` (its `Iterator` when `iterator`).
    MakeDistributed {
        /// Whether the Map names its processor with the deprecated `Iterator`.
        iterator: bool,
    },
    /// Standard child workflows of a Distributed Map: `` `"ExecutionType": "STANDARD"` ``.
    StandardExecutionType,
    /// The fix that makes a Distributed Map's child workflows STANDARD: set
    /// `` `"ExecutionType": "STANDARD"` `` in its `ProcessorConfig`.
    StandardChildren,
    /// The fix that makes the state machine a STANDARD one (its type is chosen when it is
    /// deployed; the `workflow!` language declares it with `type`).
    StandardWorkflow,
    /// EXPRESS child workflows of a Distributed Map: `` `"ExecutionType": "EXPRESS"` ``.
    ExpressExecutionType,
    /// A Map's `ExecutionType` as written: `` `ExecutionType` `EXPRESS` `` (or `STANDARD`).
    ExecutionTypeWritten {
        /// `EXPRESS`, else `STANDARD`.
        express: bool,
    },
    /// An integration pattern's resource suffix: `` `.sync:2` `` (the language writes `.sync2`,
    /// `.wait_for_task_token`).
    PatternSuffix(workflow_aws_models::Pattern),
    /// The fix for a Task's `Credentials` that names no role: the role's ARN in `RoleArn`
    /// (JSONPath states may read it with `RoleArn.$`).
    CredentialsRole {
        /// Whether the state is a JSONata state.
        jsonata: bool,
    },
    /// A value of a reader's `CSVHeaderLocation`: `` `GIVEN` `` or `` `FIRST_ROW` ``.
    HeaderLocation {
        /// `FIRST_ROW` (the file's first line names the columns), else `GIVEN`.
        first_row: bool,
    },
    /// The fix that sets a reader's `CSVHeaderLocation`:
    /// `` `"CSVHeaderLocation": "FIRST_ROW"` `` (or `GIVEN`).
    SetHeaderLocation {
        /// `FIRST_ROW`, else `GIVEN`.
        first_row: bool,
    },
    /// The fix that lists a CSV file's columns: `` `"CSVHeaders": ["id", "name"]` ``.
    ListCsvHeaders,
    /// JSONata states: `` `"QueryLanguage": "JSONata"` ``.
    JsonataLanguage,
    /// JSONPath states: `` `"QueryLanguage": "JSONPath"` ``.
    JsonPathLanguage,
    /// A Choice rule's JSONata condition: `` `Condition` ``.
    Condition,
    /// A Choice state, by kind: `Choice state`.
    ChoiceState,
    /// The fix for a `.waitForTaskToken` task that never passes its token: the token in the
    /// request (`Parameters`, or `Arguments` when `jsonata`), in the member the integration's
    /// service hands on (`place`: an SQS message's body, a Lambda function's payload, …).
    PassTaskToken {
        /// Whether the state is a JSONata state.
        jsonata: bool,
        /// Where the integration's request carries it.
        place: workflow_aws_models::TokenPlace,
    },
    /// The execution input read through the context object, as the start of a path:
    /// `$$.Execution.Input` (JSONPath) or `$states.context.Execution.Input` (JSONata), which
    /// the `workflow!` language writes `input`.
    ExecutionInput {
        /// Whether the path is JSONata's.
        jsonata: bool,
    },
}

impl Term {
    /// How ASL spells the term in a message.
    pub fn asl(self) -> &'static str {
        match self {
            Term::Field(field) => match field {
                Field::Arguments => "`Arguments`",
                Field::Assign => "`Assign`",
                Field::BackoffRate => "`BackoffRate`",
                Field::CsvHeaderLocation => "`CSVHeaderLocation`",
                Field::CsvHeaders => "`CSVHeaders`",
                Field::ErrorEquals => "`ErrorEquals`",
                Field::HeartbeatSeconds => "`HeartbeatSeconds`",
                Field::InputPath => "`InputPath`",
                Field::IntervalSeconds => "`IntervalSeconds`",
                Field::ItemBatcher => "`ItemBatcher`",
                Field::ItemReader => "`ItemReader`",
                Field::ItemSelector => "`ItemSelector`",
                Field::JitterStrategy => "`JitterStrategy`",
                Field::Label => "`Label`",
                Field::MaxAttempts => "`MaxAttempts`",
                Field::MaxConcurrency => "`MaxConcurrency`",
                Field::MaxDelaySeconds => "`MaxDelaySeconds`",
                Field::Next => "`Next`",
                Field::Output => "`Output`",
                Field::OutputPath => "`OutputPath`",
                Field::Parameters => "`Parameters`",
                Field::Result => "`Result`",
                Field::ResultPath => "`ResultPath`",
                Field::ResultSelector => "`ResultSelector`",
                Field::ResultWriter => "`ResultWriter`",
                Field::TimeoutSeconds => "`TimeoutSeconds`",
                Field::ToleratedFailureCount => "`ToleratedFailureCount`",
                Field::ToleratedFailurePercentage => "`ToleratedFailurePercentage`",
                Field::HeartbeatSecondsPath => "`HeartbeatSecondsPath`",
                Field::MaxConcurrencyPath => "`MaxConcurrencyPath`",
                Field::SecondsPath => "`SecondsPath`",
                Field::TimeoutSecondsPath => "`TimeoutSecondsPath`",
                Field::TimestampPath => "`TimestampPath`",
                Field::ToleratedFailureCountPath => "`ToleratedFailureCountPath`",
                Field::ToleratedFailurePercentagePath => "`ToleratedFailurePercentagePath`",
                Field::Seconds => "`Seconds`",
                Field::Timestamp => "`Timestamp`",
                Field::Items => "`Items`",
                Field::ItemsPath => "`ItemsPath`",
                Field::MaxItemsPerBatch => "`MaxItemsPerBatch`",
                Field::MaxItemsPerBatchPath => "`MaxItemsPerBatchPath`",
                Field::MaxInputBytesPerBatch => "`MaxInputBytesPerBatch`",
                Field::MaxInputBytesPerBatchPath => "`MaxInputBytesPerBatchPath`",
                Field::MaxItems => "`MaxItems`",
                Field::MaxItemsPath => "`MaxItemsPath`",
            },
            Term::End => "`\"End\": true`",
            Term::EndingStates => "a state with `\"End\": true`, a Succeed or a Fail",
            Term::AddEndingState => {
                "give one state `\"End\": true`, or add a Succeed or Fail state"
            }
            Term::AddChoiceRule => "add at least one rule with a `Next`",
            Term::DistributedMode => "`\"Mode\": \"DISTRIBUTED\"`",
            Term::MakeDistributed { iterator: false } => {
                "set `\"ProcessorConfig\": {\"Mode\": \"DISTRIBUTED\", \"ExecutionType\": \"STANDARD\"}` in `ItemProcessor`"
            }
            Term::MakeDistributed { iterator: true } => {
                "set `\"ProcessorConfig\": {\"Mode\": \"DISTRIBUTED\", \"ExecutionType\": \"STANDARD\"}` in `Iterator`"
            }
            Term::StandardExecutionType => "`\"ExecutionType\": \"STANDARD\"`",
            Term::StandardChildren => {
                "set `\"ExecutionType\": \"STANDARD\"` in the Map's `ProcessorConfig`"
            }
            Term::StandardWorkflow => "deploy the machine as a STANDARD workflow",
            Term::ExpressExecutionType => "`\"ExecutionType\": \"EXPRESS\"`",
            Term::ExecutionTypeWritten { express: true } => "`ExecutionType` `EXPRESS`",
            Term::ExecutionTypeWritten { express: false } => "`ExecutionType` `STANDARD`",
            Term::PatternSuffix(pattern) => match pattern {
                workflow_aws_models::Pattern::RequestResponse => "no suffix",
                workflow_aws_models::Pattern::Sync => "`.sync`",
                workflow_aws_models::Pattern::Sync2 => "`.sync:2`",
                workflow_aws_models::Pattern::WaitForTaskToken => "`.waitForTaskToken`",
            },
            Term::CredentialsRole { jsonata: true } => {
                "`{\"RoleArn\": \"arn:aws:iam::123456789012:role/Name\"}` (the value may be a `{% %}` expression)"
            }
            Term::CredentialsRole { jsonata: false } => {
                "`{\"RoleArn\": \"arn:aws:iam::123456789012:role/Name\"}` or `{\"RoleArn.$\": \"$.roleArn\"}`"
            }
            Term::HeaderLocation { first_row: true } => "`FIRST_ROW`",
            Term::HeaderLocation { first_row: false } => "`GIVEN`",
            Term::SetHeaderLocation { first_row: true } => "`\"CSVHeaderLocation\": \"FIRST_ROW\"`",
            Term::SetHeaderLocation { first_row: false } => "`\"CSVHeaderLocation\": \"GIVEN\"`",
            Term::ListCsvHeaders => "`\"CSVHeaders\": [\"id\", \"name\"]`",
            Term::JsonataLanguage => "`\"QueryLanguage\": \"JSONata\"`",
            Term::JsonPathLanguage => "`\"QueryLanguage\": \"JSONPath\"`",
            Term::Condition => "`Condition`",
            Term::ChoiceState => "Choice state",
            Term::PassTaskToken { jsonata, place } => token_fix(place, jsonata),
            Term::ExecutionInput { jsonata: false } => "$$.Execution.Input",
            Term::ExecutionInput { jsonata: true } => "$states.context.Execution.Input",
        }
    }
}

impl From<Field> for Term {
    fn from(field: Field) -> Self {
        Term::Field(field)
    }
}

/// Where a message names a term: its byte range in the message text.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TermAt {
    /// The bytes of the message that spell the term as ASL does.
    pub range: Range<usize>,
    /// The term.
    pub term: Term,
}

/// A message under construction: text, with the terms it names recorded as they are written.
/// Built with the crate's `message!` macro from pieces (`&str`, `String`, [`Term`], [`Field`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Message {
    pub(crate) text: String,
    pub(crate) terms: Vec<TermAt>,
}

impl Message {
    /// Appends plain text.
    pub(crate) fn text(&mut self, text: &str) {
        self.text.push_str(text);
    }

    /// The message without `prefix` (plain text at its start), if it starts with it.
    pub(crate) fn strip_prefix(&self, prefix: &str) -> Option<Message> {
        let text = self.text.strip_prefix(prefix)?.to_owned();
        let n = prefix.len();
        let terms = self
            .terms
            .iter()
            .filter(|t| t.range.start >= n)
            .map(|t| TermAt {
                range: t.range.start - n..t.range.end - n,
                term: t.term,
            })
            .collect();
        Some(Message { text, terms })
    }

    /// The messages one after another, `separator` between them.
    pub(crate) fn join(parts: Vec<Message>, separator: &str) -> Message {
        let mut out = Message::default();
        for (i, part) in parts.into_iter().enumerate() {
            if i > 0 {
                out.text(separator);
            }
            out.append(part);
        }
        out
    }

    /// Appends another message, keeping its terms.
    pub(crate) fn append(&mut self, other: Message) {
        let offset = self.text.len();
        self.text.push_str(&other.text);
        self.terms.extend(other.terms.into_iter().map(|t| TermAt {
            range: t.range.start + offset..t.range.end + offset,
            term: t.term,
        }));
    }

    /// Appends `text`, in which every path that starts from the execution input through the
    /// context object (`$$.Execution.Input…`, `$states.context.Execution.Input…`) names it as a
    /// [`Term::ExecutionInput`].
    pub(crate) fn text_naming_input(&mut self, text: &str) {
        let terms = [
            Term::ExecutionInput { jsonata: true },
            Term::ExecutionInput { jsonata: false },
        ];
        let mut rest = text;
        loop {
            let next = terms
                .iter()
                .filter_map(|t| rest.find(t.asl()).map(|at| (at, *t)))
                .min_by_key(|(at, t)| (*at, std::cmp::Reverse(t.asl().len())));
            let Some((at, term)) = next else {
                self.text(rest);
                return;
            };
            let (before, after) = rest.split_at(at);
            self.text(before);
            self.term(term);
            rest = after.get(term.asl().len()..).unwrap_or_default();
        }
    }

    /// Appends a term, spelt as ASL spells it.
    pub(crate) fn term(&mut self, term: Term) {
        let start = self.text.len();
        self.text.push_str(term.asl());
        self.terms.push(TermAt {
            range: start..self.text.len(),
            term,
        });
    }
}

impl From<String> for Message {
    fn from(text: String) -> Self {
        Message {
            text,
            terms: Vec::new(),
        }
    }
}

impl From<&str> for Message {
    fn from(text: &str) -> Self {
        Message::from(text.to_owned())
    }
}

/// A field named by its JSON key, in backticks: a [`Term`] when it is one.
pub(crate) fn field_named(key: &str) -> Message {
    let mut message = Message::default();
    match (Field::from_key(key), key) {
        (Some(field), _) => message.term(Term::Field(field)),
        (None, "Condition") => message.term(Term::Condition),
        (None, _) => message.text(&format!("`{key}`")),
    }
    message
}

/// Text whose paths from the execution input through the context object are named as
/// [`Term::ExecutionInput`] (see [`Message::text_naming_input`]).
pub(crate) struct NamingInput(pub String);

impl Piece for NamingInput {
    fn push_to(self, message: &mut Message) {
        message.text_naming_input(&self.0);
    }
}

/// A piece of a message: text, or a term.
pub(crate) trait Piece {
    /// Appends the piece to the message.
    fn push_to(self, message: &mut Message);
}

impl Piece for &str {
    fn push_to(self, message: &mut Message) {
        message.text(self);
    }
}

impl Piece for String {
    fn push_to(self, message: &mut Message) {
        message.text(&self);
    }
}

impl Piece for &String {
    fn push_to(self, message: &mut Message) {
        message.text(self);
    }
}

impl Piece for Message {
    fn push_to(self, message: &mut Message) {
        message.append(self);
    }
}

impl Piece for Term {
    fn push_to(self, message: &mut Message) {
        message.term(self);
    }
}

impl Piece for Field {
    fn push_to(self, message: &mut Message) {
        message.term(Term::Field(self));
    }
}

/// A [`Message`] from pieces: `message![Field::BackoffRate, format!(" is {rate}")]`.
macro_rules! message {
    ($($piece:expr),* $(,)?) => {{
        let mut message = $crate::diagnostic::Message::default();
        $( $crate::diagnostic::Piece::push_to($piece, &mut message); )*
        message
    }};
}
pub(crate) use message;

/// `"TaskToken.$": "$$.Task.Token"` (JSONPath) or `"TaskToken": "{% … %}"` (JSONata).
macro_rules! token_path {
    () => {
        "\"TaskToken.$\": \"$$.Task.Token\""
    };
}
macro_rules! token_jsonata {
    () => {
        "\"TaskToken\": \"{% $states.context.Task.Token %}\""
    };
}

/// The fix for a callback that never passes its token, in ASL's words: the token where the
/// integration's request carries it.
fn token_fix(place: workflow_aws_models::TokenPlace, jsonata: bool) -> &'static str {
    use workflow_aws_models::TokenPlace as P;
    macro_rules! both {
        ($before:literal, $after:literal) => {
            if jsonata {
                concat!(
                    "pass it in `Arguments`, e.g. `",
                    $before,
                    token_jsonata!(),
                    $after,
                    "`"
                )
            } else {
                concat!(
                    "pass it in `Parameters`, e.g. `",
                    $before,
                    token_path!(),
                    $after,
                    "`"
                )
            }
        };
    }
    match place {
        P::MessageBody => both!("\"MessageBody\": {", "}"),
        P::Message => both!("\"Message\": {", "}"),
        P::EventDetail => both!("\"Entries\": [{\"Detail\": {", "}}]"),
        P::Payload => both!("\"Payload\": {", "}"),
        P::ExecutionInput => both!("\"Input\": {", "}"),
        P::RequestBody => both!("\"RequestBody\": {", "}"),
        P::ContainerEnvironment => {
            if jsonata {
                "pass it in `Arguments`, e.g. `\"Overrides\": {\"ContainerOverrides\": [{\"Name\": \"app\", \"Environment\": [{\"Name\": \"TASK_TOKEN\", \"Value\": \"{% $states.context.Task.Token %}\"}]}]}`"
            } else {
                "pass it in `Parameters`, e.g. `\"Overrides\": {\"ContainerOverrides\": [{\"Name\": \"app\", \"Environment\": [{\"Name\": \"TASK_TOKEN\", \"Value.$\": \"$$.Task.Token\"}]}]}`"
            }
        }
        _ => {
            if jsonata {
                concat!(
                    "pass it in a member of `Arguments` that the service hands on (",
                    token_jsonata!(),
                    ")"
                )
            } else {
                concat!(
                    "pass it in a member of `Parameters` that the service hands on (",
                    token_path!(),
                    ")"
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Field, Term};

    #[test]
    fn terms_are_recorded_where_they_are_written() {
        let m = message![
            Field::HeartbeatSeconds,
            " is 300 but ",
            Field::TimeoutSeconds,
            " is 300"
        ];
        assert_eq!(
            m.text,
            "`HeartbeatSeconds` is 300 but `TimeoutSeconds` is 300"
        );
        let spelt: Vec<&str> = m.terms.iter().map(|t| &m.text[t.range.clone()]).collect();
        assert_eq!(spelt, ["`HeartbeatSeconds`", "`TimeoutSeconds`"]);
        assert_eq!(m.terms[1].term, Term::Field(Field::TimeoutSeconds));
    }
}
