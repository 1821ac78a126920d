//! The language's words: custom keywords for `peek`/`parse`, and the lists of known names the
//! "did you mean" suggestions choose from.
//!
//! None of these words is reserved: a state, a field or a key may still be called `pass` or
//! `input`; the parser tells them apart by what follows (`input {` versus `input:`).

use workflow_aws_models::Pattern;

/// Declares each word as a custom keyword and lists them all in [`KEYWORDS`].
macro_rules! keywords {
    ($($word:ident),* $(,)?) => {
        $(syn::custom_keyword!($word);)*
        /// The words the parser reads as keywords (`syn::custom_keyword!`), for the grammar's
        /// documentation (`crate::grammar`).
        #[cfg_attr(not(test), allow(dead_code))]
        pub(crate) const KEYWORDS: &[&str] = &[$(stringify!($word)),*];
    };
}

keywords!(
    input,
    substitutions,
    branch,
    when,
    otherwise,
    matches,
    null,
    jsonpath,
    intrinsic,
    from,
    States,
    assign,
    workflow,
);

/// The state kinds written as one word.
pub(crate) const KINDS: &[&str] = &[
    "pass", "task", "choice", "wait", "succeed", "fail", "parallel", "map",
];

/// Integrations suggested when a kind is unknown: `service::action`, one per common service.
pub(super) const INTEGRATIONS: &[&str] = &[
    "lambda::invoke",
    "sns::publish",
    "sqs::send_message",
    "states::start_execution",
    "dynamodb::get_item",
    "events::put_events",
    "ecs::run_task",
    "glue::start_job_run",
    "batch::submit_job",
    "athena::start_query_execution",
    "bedrock::invoke_model",
    "codebuild::start_build",
    "http::invoke",
    "s3::get_object",
    "aws_sdk::s3::list_objects_v2",
];

/// The integration patterns after `service::action.`, as the language writes them: the one
/// table from the language's words to the ASL's patterns.
pub(crate) const PATTERNS: &[(&str, Pattern)] = &[
    ("sync", Pattern::Sync),
    ("sync2", Pattern::Sync2),
    ("wait_for_task_token", Pattern::WaitForTaskToken),
];

/// The language's word of `pattern` (empty for request-response, which has none).
pub(crate) fn pattern_word(pattern: Pattern) -> &'static str {
    PATTERNS
        .iter()
        .find(|(_, p)| *p == pattern)
        .map_or("", |(word, _)| word)
}

/// The scalar types of input fields and substitutions.
pub(crate) const SCALARS: &[&str] = &[
    "string",
    "number",
    "integer",
    "bool",
    "boolean",
    "timestamp",
    "any",
    "arn",
];

/// The casts of a condition operand.
pub(crate) const CASTS: &[&str] = &["number", "string", "bool", "boolean", "timestamp"];

/// The type tests of a condition.
pub(crate) const TYPE_TESTS: &[&str] = &[
    "is_present",
    "is_null",
    "is_string",
    "is_number",
    "is_boolean",
    "is_timestamp",
];

/// The clause keywords that are not `key = value` or `key { … }`.
pub(crate) const CLAUSES: &[&str] = &[
    "retry", "catch", "reader", "writer", "batch", "returns", "item",
];
