//! [`Declared`]: the types a workflow declares for data that enters it from outside its
//! definition, besides the execution input: what a Task's handler answers (the `workflow!`
//! language's `returns { … }`) and what a Distributed Map's reader reads (`items { … }`). The
//! data flow takes them as known; without a declaration it knows nothing more and says
//! nothing more.

use super::results;
use super::types::DataType;
use crate::Pointer;
use std::collections::BTreeMap;
use workflow_aws_models::{Pattern, Resource};

/// Types declared for data the definition does not make.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Declared {
    /// What the handler of a Task state answers, by the state's pointer (`/States/Charge`): for
    /// `lambda:invoke` (request-response) and a Lambda function's ARN, the function's own answer
    /// (the result's `Payload`); for anything else, the whole result.
    pub results: BTreeMap<Pointer, DataType>,
    /// The items a Distributed Map's `ItemReader` reads, by the Map state's pointer: one item
    /// (a CSV row, a JSON or JSON Lines element, a manifest's object), before `ItemSelector`
    /// and `ItemBatcher`.
    pub items: BTreeMap<Pointer, DataType>,
}

impl Declared {
    /// Whether nothing is declared.
    pub fn is_empty(&self) -> bool {
        self.results.is_empty() && self.items.is_empty()
    }
}

/// The result of a Task calling `resource` whose handler answers `answer`: `lambda:invoke`'s
/// answer is its `Payload` inside the invocation's response (the integration's model: AWS
/// documentation, `connect-lambda.html`), every other handler's answer is the result.
pub(crate) fn task_result(resource: &Resource, answer: &DataType) -> DataType {
    let wrapped = resource
        .integration()
        .is_some_and(|i| i.is_lambda_invoke() && i.pattern() == Pattern::RequestResponse);
    if !wrapped {
        return answer.clone();
    }
    match results::task_result(resource) {
        DataType::Object(mut fields) => {
            fields.insert("Payload".to_owned(), (answer.clone(), false));
            DataType::Object(fields)
        }
        DataType::Partial(mut fields) => {
            fields.insert("Payload".to_owned(), (answer.clone(), false));
            DataType::Partial(fields)
        }
        _ => DataType::Partial(BTreeMap::from([(
            "Payload".to_owned(),
            (answer.clone(), false),
        )])),
    }
}
