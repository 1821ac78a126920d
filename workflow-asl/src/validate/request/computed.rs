//! Computed request values against their members: the type a `.$` path, an `input.…`
//! reference (`$$.Execution.Input…`), an intrinsic call or a plain `{% $states.input… %}`
//! expression is known to have, and whether it can fit the member's shape. What is unknown
//! fits everything; a number fits a string member and a timestamp, as literals do; anything
//! fits binary data, which Step Functions serialises.

use crate::path::{PathString, Root, Segment};
use crate::validate::dataflow::{DataType, Selected, Vars, select_segments};
use workflow_aws_models::{Shape, ShapeKind};
use workflow_jsonata::jsonata_string::{JsonataString, looks_like_jsonata};

/// How deep a computed value's type is compared with its member's shape.
const MAX_DEPTH: usize = 8;

/// What a computed value's type is compared against.
pub(super) struct Types<'t> {
    /// The state's effective input (after InputPath): what `$` and `$states.input` read.
    pub input: &'t DataType,
    /// The execution input: what `$$.Execution.Input` reads (unknown inside a Distributed
    /// Map, whose child executions start from an item).
    pub execution: &'t DataType,
    /// The variables visible to the state: what `$name` reads.
    pub vars: &'t Vars,
}

/// The type of a computed value: a JSONPath `.$` value (`path`, as decoded), or a `{% … %}`
/// string (`jsonata`, as decoded). A value the definition did not decode (`expression` alone)
/// is parsed here.
pub(super) fn type_of(
    expression: &str,
    jsonata: Option<&JsonataString>,
    path: Option<&PathString>,
    types: &Types<'_>,
) -> DataType {
    if let Some(jsonata) = jsonata {
        return jsonata_type(jsonata, types);
    }
    if looks_like_jsonata(expression) {
        return DataType::Any;
    }
    let path = PathString::decoded_or_parsed(path, expression.trim());
    if let Some(call) = path.intrinsic() {
        return call.map_or(DataType::Any, |call| {
            crate::validate::dataflow::intrinsic_type(call.function)
        });
    }
    let Ok(path) = path.path() else {
        return DataType::Any;
    };
    let (from, segments) = match &path.root {
        Root::Input => (types.input, &path.segments[..]),
        Root::Variable(name) => match types.vars.get(name) {
            Some(t) => (t, &path.segments[..]),
            None => return DataType::Any,
        },
        // `$$.Execution.Input…` reads the execution input; the rest of the context is unknown.
        Root::Context => match &path.segments[..] {
            [Segment::Child(execution), Segment::Child(input), rest @ ..]
                if execution == "Execution" && input == "Input" =>
            {
                (types.execution, rest)
            }
            _ => return DataType::Any,
        },
    };
    match select_segments(from, segments, "$") {
        Selected::Type(t) => t,
        _ => DataType::Any,
    }
}

/// A JSONata expression's type as the data flow infers it (`$states.input`, the variables,
/// `$states.context.Execution.Input`; the rest of the context unknown).
fn jsonata_type(jsonata: &JsonataString, types: &Types<'_>) -> DataType {
    crate::validate::dataflow::jsonata_argument_type(
        jsonata,
        types.input,
        types.execution,
        types.vars,
    )
}

/// Why a computed value cannot fit its member.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Misfit {
    /// The value (or its part at `at`, members joined by `.`, `[]` for items) is of a type the
    /// shape there never accepts.
    Type {
        /// Where inside the value, empty for the value itself.
        at: String,
        /// The shape there.
        expected: Shape,
        /// The type of the value there.
        found: DataType,
    },
    /// An object known to lack a required member.
    Missing {
        /// Where inside the value, empty for the value itself.
        at: String,
        /// The required member.
        key: String,
        /// The structure's name.
        structure: String,
    },
}

/// The first reason `t` cannot fit `shape`, if any.
pub(super) fn misfit(t: &DataType, shape: Shape) -> Option<Misfit> {
    misfit_at(t, shape, String::new(), 0)
}

fn misfit_at(t: &DataType, shape: Shape, at: String, depth: usize) -> Option<Misfit> {
    if depth > MAX_DEPTH || matches!(t, DataType::Any | DataType::Null) {
        return None;
    }
    // A child's output or its error: either must fit.
    if let DataType::Outcome(success) = t {
        return misfit_at(success, shape, at.clone(), depth + 1)
            .or_else(|| misfit_at(&DataType::error_output(), shape, at, depth + 1));
    }
    let fits = match shape.kind() {
        // Binary data takes any JSON value, which Step Functions serialises (`ShapeKind::Blob`
        // has the recordings).
        ShapeKind::Any | ShapeKind::Blob => true,
        // Text that may be written as JSON: an object or a list is serialised, a number or a
        // boolean fails the task (`ShapeKind::start_failure` has the recordings).
        ShapeKind::JsonText => !matches!(t, DataType::Integer | DataType::Number | DataType::Bool),
        // Nothing is converted to text: a computed number fails the task as a literal one does.
        ShapeKind::String => t.is_string(),
        ShapeKind::Timestamp | ShapeKind::TimestampOrEpoch => {
            matches!(
                t,
                DataType::String | DataType::Timestamp | DataType::Integer | DataType::Number
            )
        }
        ShapeKind::Integer | ShapeKind::Number => {
            matches!(t, DataType::Integer | DataType::Number)
        }
        ShapeKind::Boolean => matches!(t, DataType::Bool),
        ShapeKind::Array => t.is_array(),
        // A structure that also takes a plain string (DynamoDB's `AttributeValue`) takes a
        // computed one too, the same rule as for literals, and a list of strings (which
        // Step Functions builds a string set from); a number, a boolean or a list of other
        // values fails (aws-cdk issue 17375).
        ShapeKind::Object if shape.accepts_plain_string() => match t {
            DataType::Array(_) | DataType::Tuple(_) => matches!(
                t.element().unwrap_or_default(),
                DataType::String | DataType::Timestamp | DataType::Any
            ),
            _ => matches!(
                t,
                DataType::Object(_)
                    | DataType::Partial(_)
                    | DataType::Map(_)
                    | DataType::String
                    | DataType::Timestamp
            ),
        },
        ShapeKind::Object | ShapeKind::Map => {
            matches!(
                t,
                DataType::Object(_) | DataType::Partial(_) | DataType::Map(_)
            )
        }
    };
    if !fits {
        return Some(Misfit::Type {
            at,
            expected: shape,
            found: t.clone(),
        });
    }
    let inner = |name: &str| {
        if at.is_empty() {
            name.to_owned()
        } else {
            format!("{at}.{name}")
        }
    };
    match (shape.kind(), t) {
        (ShapeKind::Array, DataType::Array(_) | DataType::Tuple(_)) => {
            let item = shape.item()?;
            let element = t.element().unwrap_or_default();
            misfit_at(&element, item, format!("{at}[]"), depth + 1)
        }
        (ShapeKind::Map, DataType::Map(t)) => {
            misfit_at(t, shape.map_value()?, inner("*"), depth + 1)
        }
        (ShapeKind::Map, DataType::Object(fields) | DataType::Partial(fields)) => {
            let value = shape.map_value()?;
            fields
                .iter()
                .find_map(|(name, (t, _))| misfit_at(t, value, inner(name), depth + 1))
        }
        (ShapeKind::Object, DataType::Object(fields) | DataType::Partial(fields)) => {
            if let DataType::Object(_) = t {
                let missing = shape
                    .members()
                    .filter(|m| m.is_required())
                    .find(|m| !fields.contains_key(m.name()) && !fields.contains_key(m.sdk_name()));
                if let Some(member) = missing {
                    return Some(Misfit::Missing {
                        at,
                        key: member.name().to_owned(),
                        structure: shape.name().unwrap_or("request").to_owned(),
                    });
                }
            }
            fields.iter().find_map(|(name, (t, _))| {
                let member = shape.member(name)?;
                misfit_at(t, member.shape(), inner(name), depth + 1)
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{Misfit, Types, misfit, type_of};
    use crate::validate::dataflow::DataType;
    use workflow_aws_models::{Integration, Pattern};

    use crate::validate::test_support::object_type as object;

    #[test]
    fn types_paths_references_intrinsics_and_jsonata() {
        let input = object(&[("count", DataType::String), ("n", DataType::Integer)]);
        let execution = object(&[("name", DataType::Bool)]);
        let vars = crate::validate::dataflow::Vars::new();
        let types = Types {
            input: &input,
            execution: &execution,
            vars: &vars,
        };
        // A value comes with its expression or path, parsed when decoded.
        let of = |e: &str| {
            type_of(
                e,
                workflow_jsonata::jsonata_string::JsonataString::parse(e).as_ref(),
                Some(&crate::path::PathString::new(e)),
                &types,
            )
        };
        assert_eq!(of("$.count"), DataType::String);
        assert_eq!(of("$$.Execution.Input.name"), DataType::Bool);
        assert_eq!(of("$$.Execution.Name"), DataType::Any);
        assert_eq!(of("States.Format('{}', $.n)"), DataType::String);
        assert_eq!(of("States.ArrayLength($.list)"), DataType::Integer);
        assert_eq!(of("{% $states.input.n %}"), DataType::Integer);
        // Any JSONata expression is typed as the data flow infers it.
        assert_eq!(of("{% $states.input.n + 1 %}"), DataType::Integer);
        assert_eq!(
            of("{% $uppercase($states.input.count) %}"),
            DataType::String
        );
        assert_eq!(
            of("{% $states.input.n > 1 ? 'a' : 'b' %}"),
            DataType::String
        );
        assert_eq!(
            of("{% $states.context.Execution.Input.name %}"),
            DataType::Bool
        );
        assert_eq!(of("$myVariable"), DataType::Any);
    }

    #[test]
    fn fits_what_the_literal_rules_accept_and_names_what_does_not() {
        let Ok(training) = Integration::named("sagemaker", "create_training_job", Pattern::Sync)
        else {
            panic!("no training integration");
        };
        let Some(request) = training.request() else {
            panic!("no request shape");
        };
        let member = |name: &str| match request.member(name) {
            Some(m) => m.shape(),
            None => panic!("no member {name}"),
        };
        // Nothing is converted to text: a number does not fit a string member.
        assert!(misfit(&DataType::Integer, member("TrainingJobName")).is_some());
        assert_eq!(misfit(&DataType::String, member("TrainingJobName")), None);
        assert_eq!(misfit(&DataType::Any, member("ResourceConfig")), None);
        let Some(Misfit::Type { at, found, .. }) =
            misfit(&DataType::Bool, member("TrainingJobName"))
        else {
            panic!("a boolean fits a string member");
        };
        assert_eq!((at.as_str(), found), ("", DataType::Bool));
        let config = object(&[
            ("InstanceCount", DataType::String),
            ("InstanceType", DataType::String),
        ]);
        let Some(Misfit::Type { at, .. }) = misfit(&config, member("ResourceConfig")) else {
            panic!("a string count fits");
        };
        assert_eq!(at, "InstanceCount");
        let output = object(&[("KmsKeyId", DataType::String)]);
        let Some(Misfit::Missing { key, .. }) = misfit(&output, member("OutputDataConfig")) else {
            panic!("an output without its path fits");
        };
        assert_eq!(key, "S3OutputPath");
        // Known in part: the required member may be in the unknown part.
        let DataType::Object(fields) = output else {
            panic!("not an object");
        };
        assert_eq!(
            misfit(&DataType::Partial(fields), member("OutputDataConfig")),
            None
        );
    }
}
