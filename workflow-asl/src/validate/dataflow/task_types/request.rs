//! The type of what a JSONPath Task's `Parameters` produce: the template evaluated as the
//! service evaluates it (`….$` members replaced by what their path or intrinsic call gives,
//! the suffix dropped from the key, at every depth, inside arrays too: an EventBridge
//! `PutEvents` entry `{"Detail": {"bucket.$": "$.bucket"}}` sends `{"Detail": {"bucket": …}}`;
//! AWS documentation, "Passing parameters to a service API" and `connect-eventbridge.html`,
//! whose `Entries` hold such objects), the context object (`$$`) typed where the execution
//! input's type is known.

use super::super::template::decoded_template_type;
use super::super::types::{DataType, Env};
use crate::ScopeKind;
use crate::model::{JsonRoots, ParsedJson};
use crate::validate::Scope;
use std::collections::BTreeMap;

/// The type of what `template` produces when it reads `env`; unknown when it is not an object
/// (the data flow's own template typing, which evaluates objects inside arrays too).
pub(super) fn parameters_type<T: JsonRoots>(template: &ParsedJson<T>, env: Env<'_>) -> DataType {
    decoded_template_type(template, env)
}

/// The context object as far as the states of `scope` see it: `Execution.Input` is the
/// execution's input, of type `input`; the rest is unknown, and so is all of it in a
/// Distributed Map's iterations, which run as child workflow executions of their own (AWS
/// documentation, `state-map-distributed.html`).
pub(super) fn context_type(scopes: &[Scope<'_>], scope: &Scope<'_>, input: &DataType) -> DataType {
    let mut at = Some(scope);
    // A scope's parents are fewer than the scopes: the walk up ends.
    for _ in 0..=scopes.len() {
        let Some(s) = at else {
            break;
        };
        if matches!(
            s.kind,
            ScopeKind::Iteration {
                distributed: true,
                ..
            }
        ) {
            return DataType::Any;
        }
        at = s.parent.and_then(|p| scopes.get(p));
    }
    let execution = BTreeMap::from([("Input".to_owned(), (input.clone(), false))]);
    DataType::Partial(BTreeMap::from([(
        "Execution".to_owned(),
        (DataType::Partial(execution), false),
    )]))
}
