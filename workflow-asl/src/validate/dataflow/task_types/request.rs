//! The type of what a JSONPath Task's `Parameters` produce: the template evaluated as the
//! service evaluates it (`….$` members replaced by what their path or intrinsic call gives,
//! the suffix dropped from the key, at every depth, inside arrays too: an EventBridge
//! `PutEvents` entry `{"Detail": {"bucket.$": "$.bucket"}}` sends `{"Detail": {"bucket": …}}`;
//! AWS documentation, "Passing parameters to a service API" and `connect-eventbridge.html`,
//! whose `Entries` hold such objects), the context object (`$$`) typed where the execution
//! input's type is known.

use super::super::template::decoded_template_type;
use super::super::types::{DataType, Env};
use crate::model::{JsonRoots, ParsedJson};

/// The type of what `template` produces when it reads `env`; unknown when it is not an object
/// (the data flow's own template typing, which evaluates objects inside arrays too).
pub(super) fn parameters_type<T: JsonRoots>(template: &ParsedJson<T>, env: Env<'_>) -> DataType {
    decoded_template_type(template, env)
}
