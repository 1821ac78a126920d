//! The type each ASL field requires of the value a JSONata expression or a JSONPath path gives
//! it ([`FIELD_TYPES`], rendered into `docs/field-types.md`), and the judgement of an inferred
//! type against it ([`misfit`]). What a field requires is what Step Functions does with a value
//! of another type at run time, as AWS documents it and as the local engine reproduces AWS's
//! recorded answers (`workflow-local-engine`'s `core/dynamic.rs`: a whole number may also come as a
//! string holding one, a JSONata expression of the wrong type fails the state with
//! `States.QueryEvaluationError`, "returned an unexpected result type").

use super::types::DataType;

/// What a field requires of its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Required {
    /// A whole number of seconds from 0: a JSON number, or a string holding one; a timestamp
    /// string is not one.
    Seconds,
    /// An RFC 3339 timestamp string.
    Timestamp,
    /// A whole number: a JSON number, or a string holding one.
    WholeNumber,
    /// A number from 0 to 100: a JSON number, or a string holding one.
    Percentage,
    /// An array.
    Array,
    /// An object.
    Object,
    /// `true` or `false`.
    Boolean,
    /// A string.
    String,
}

impl Required {
    /// The requirement in words, as the end of "must be …".
    pub fn describe(self) -> &'static str {
        match self {
            Required::Seconds => "a whole number of seconds (a number, or a string holding one)",
            Required::Timestamp => "an RFC 3339 timestamp string",
            Required::WholeNumber => "a whole number (a number, or a string holding one)",
            Required::Percentage => "a number from 0 to 100 (a number, or a string holding one)",
            Required::Array => "an array",
            Required::Object => "an object",
            Required::Boolean => "a boolean",
            Required::String => "a string",
        }
    }
}

/// One ASL field that takes an expression or a path, and the type it requires.
#[derive(Clone, Copy, Debug)]
pub struct FieldType {
    /// The states, or the part of a state, that have the field.
    pub owner: &'static str,
    /// The field in JSONata states (a `{% %}` expression), where it has one.
    pub jsonata: Option<&'static str>,
    /// The field in JSONPath states (a path), where it has one.
    pub jsonpath: Option<&'static str>,
    /// What the value must be.
    pub required: Required,
    /// Where the requirement comes from, and what AWS does otherwise.
    pub source: &'static str,
}

/// Every field that takes a JSONata expression or a JSONPath path whose value must be of one
/// type. Fields that take any JSON value (`Output`, `Assign`'s values, a Parallel's
/// `Arguments`, `ItemSelector`, `BatchInput`, a Fail state's `Error` and `Cause`, which a value
/// of another type is written into as JSON text) are not listed.
pub const FIELD_TYPES: &[FieldType] = &[
    FieldType {
        owner: "Wait",
        jsonata: Some("Seconds"),
        jsonpath: Some("SecondsPath"),
        required: Required::Seconds,
        source: "AWS, \"Wait state\": the number of seconds to wait; a value that is no whole number fails the state (`States.Runtime`, \"The SecondsPath parameter cannot be parsed as a long value\"; JSONata: `States.QueryEvaluationError`, \"Expected 'integer'\")",
    },
    FieldType {
        owner: "Wait",
        jsonata: Some("Timestamp"),
        jsonpath: Some("TimestampPath"),
        required: Required::Timestamp,
        source: "AWS, \"Wait state\": an ISO 8601 extended offset date-time; anything else fails the state (`States.Runtime`, \"The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string\")",
    },
    FieldType {
        owner: "Task",
        jsonata: Some("TimeoutSeconds"),
        jsonpath: Some("TimeoutSecondsPath"),
        required: Required::WholeNumber,
        source: "AWS, \"Task state\": a positive integer; \"The TimeoutSecondsPath field refers to value … which is not a valid integer\"",
    },
    FieldType {
        owner: "Task",
        jsonata: Some("HeartbeatSeconds"),
        jsonpath: Some("HeartbeatSecondsPath"),
        required: Required::WholeNumber,
        source: "AWS, \"Task state\": a positive integer; \"The HeartbeatSecondsPath field refers to value … which is not a valid integer\"",
    },
    FieldType {
        owner: "Task (an integration: `arn:aws:states:::…`)",
        jsonata: Some("Arguments"),
        jsonpath: None,
        required: Required::Object,
        source: "AWS, \"Transforming data with JSONata\": a Task's `Arguments` are the API's parameters, an object (a `Parameters` template is always one)",
    },
    FieldType {
        owner: "Task",
        jsonata: Some("Credentials/RoleArn"),
        jsonpath: Some("Credentials/RoleArn.$"),
        required: Required::String,
        source: "AWS, \"Credentials field in Task states\": the ARN of the IAM role to assume",
    },
    FieldType {
        owner: "Map",
        jsonata: Some("Items"),
        jsonpath: Some("ItemsPath"),
        required: Required::Array,
        source: "AWS, \"Items (Map, JSONata only)\" and \"ItemsPath (Map, JSONPath only)\": a JSON array; anything else fails the state (`States.QueryEvaluationError`, \"Expected 'array'\"; JSONPath: `States.Runtime`)",
    },
    FieldType {
        owner: "Map",
        jsonata: Some("MaxConcurrency"),
        jsonpath: Some("MaxConcurrencyPath"),
        required: Required::WholeNumber,
        source: "AWS, \"Map state\": an integer from 0; \"The MaxConcurrencyPath field refers to value … which is not a valid integer\"",
    },
    FieldType {
        owner: "Map",
        jsonata: Some("ToleratedFailureCount"),
        jsonpath: Some("ToleratedFailureCountPath"),
        required: Required::WholeNumber,
        source: "AWS, \"Setting failure thresholds for Distributed Map states\": an integer from 0",
    },
    FieldType {
        owner: "Map",
        jsonata: Some("ToleratedFailurePercentage"),
        jsonpath: Some("ToleratedFailurePercentagePath"),
        required: Required::Percentage,
        source: "AWS, \"Setting failure thresholds for Distributed Map states\": a number from 0 to 100; \"… which is not a valid float\"",
    },
    FieldType {
        owner: "Map `ItemBatcher`",
        jsonata: Some("ItemBatcher/MaxItemsPerBatch"),
        jsonpath: Some("ItemBatcher/MaxItemsPerBatchPath"),
        required: Required::WholeNumber,
        source: "AWS, \"ItemBatcher (Map)\": a positive integer",
    },
    FieldType {
        owner: "Map `ItemBatcher`",
        jsonata: Some("ItemBatcher/MaxInputBytesPerBatch"),
        jsonpath: Some("ItemBatcher/MaxInputBytesPerBatchPath"),
        required: Required::WholeNumber,
        source: "AWS, \"ItemBatcher (Map)\": a positive integer of bytes",
    },
    FieldType {
        owner: "Map `ItemReader`",
        jsonata: Some("ItemReader/ReaderConfig/MaxItems"),
        jsonpath: Some("ItemReader/ReaderConfig/MaxItemsPath"),
        required: Required::WholeNumber,
        source: "AWS, \"ItemReader (Map)\": an integer from 0 (0: every item)",
    },
    FieldType {
        owner: "Map `ItemReader`",
        jsonata: Some("ItemReader/Arguments"),
        jsonpath: None,
        required: Required::Object,
        source: "AWS, \"ItemReader (Map)\": the S3 API's parameters (`Bucket`, `Key`, …), an object",
    },
    FieldType {
        owner: "Map `ResultWriter`",
        jsonata: Some("ResultWriter/Arguments"),
        jsonpath: None,
        required: Required::Object,
        source: "AWS, \"ResultWriter (Map)\": the S3 API's parameters (`Bucket`, `Prefix`), an object",
    },
    FieldType {
        owner: "Choice rule",
        jsonata: Some("Condition"),
        jsonpath: None,
        required: Required::Boolean,
        source: "AWS, \"Choice state\": a JSONata `Condition` must evaluate to a boolean; anything else fails the state (`States.QueryEvaluationError`)",
    },
];

/// The requirement of the field at `key` (its pointer below the state, `ItemBatcher/…`) of a
/// state, in JSONata (`jsonata`) or JSONPath.
pub fn required(key: &str, jsonata: bool) -> Option<Required> {
    FIELD_TYPES
        .iter()
        .find(|f| if jsonata { f.jsonata } else { f.jsonpath } == Some(key))
        .map(|f| f.required)
}

/// Whether a value of type `found` certainly does not fit `required`. What is unknown fits.
/// `collapsed`: the value comes from a JSONata path, where an array of one item is that item
/// (so an array type says nothing certain of a scalar field's value).
pub fn misfit(required: Required, found: &DataType, collapsed: bool) -> bool {
    if matches!(found, DataType::Any) {
        return false;
    }
    if collapsed && found.is_array() && required != Required::Array {
        return false;
    }
    let fits = match required {
        // A string may hold a number ("1"), which AWS reads; a timestamp never does.
        Required::Seconds | Required::WholeNumber | Required::Percentage => {
            matches!(
                found,
                DataType::Integer | DataType::Number | DataType::String
            )
        }
        Required::Timestamp | Required::String => found.is_string(),
        Required::Array => found.is_array(),
        Required::Object => matches!(
            found,
            DataType::Object(_) | DataType::Partial(_) | DataType::Map(_)
        ),
        Required::Boolean => matches!(found, DataType::Bool),
    };
    !fits
}

/// How to give the field what it needs, from a value of type `found`, in `jsonata` or JSONPath
/// terms: the end of a sentence (`; …`), or nothing where no one fix fits.
pub fn fix(required: Required, found: &DataType, jsonata: bool) -> &'static str {
    match (required, found, jsonata) {
        (Required::Seconds, DataType::Timestamp, _) => {
            "; to wait until that time, give it to the Wait's timestamp instead"
        }
        (Required::Timestamp, DataType::Integer | DataType::Number, true) => {
            "; to wait that many seconds, give it to the Wait's seconds instead, or make a timestamp of it with `$fromMillis(…)`"
        }
        (Required::Timestamp, DataType::Integer | DataType::Number, false) => {
            "; to wait that many seconds, give it to the Wait's seconds instead"
        }
        (Required::WholeNumber | Required::Percentage, DataType::Timestamp, true) => {
            "; a timestamp is no number of seconds: compute one, e.g. with `$toMillis(…)`"
        }
        (Required::Array, DataType::Object(_) | DataType::Partial(_) | DataType::Map(_), true) => {
            "; iterate over an array inside it, or over its values with `$each(…, function($v) { $v })`"
        }
        (Required::Array, DataType::String, true) => "; split it into an array with `$split(…)`",
        (Required::Array, _, false) => "; point the path at an array",
        (Required::Object, _, true) => "; write the parameters as an object of named members",
        (Required::Boolean, _, true) => {
            "; compare it, e.g. `… = 'yes'`, or test it with `$exists(…)` or `$boolean(…)`"
        }
        (Required::String, _, true) => "; convert it with `$string(…)`",
        (Required::WholeNumber | Required::Percentage | Required::Seconds, _, true) => {
            "; give it a number, e.g. with `$number(…)`"
        }
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_timestamp_is_no_number_of_seconds_but_a_numeric_string_may_be() {
        assert!(misfit(Required::Seconds, &DataType::Timestamp, false));
        assert!(!misfit(Required::Seconds, &DataType::String, false));
        assert!(!misfit(Required::Seconds, &DataType::Integer, true));
        assert!(misfit(Required::Seconds, &DataType::Bool, true));
        assert!(misfit(Required::Timestamp, &DataType::Integer, false));
        assert!(!misfit(Required::Timestamp, &DataType::String, false));
        assert!(!misfit(Required::Timestamp, &DataType::Timestamp, true));
    }

    #[test]
    fn arrays_and_objects() {
        let strings = DataType::Array(Box::new(DataType::String));
        assert!(!misfit(Required::Array, &strings, true));
        assert!(misfit(
            Required::Array,
            &DataType::Partial(Default::default()),
            true
        ));
        assert!(misfit(Required::Array, &DataType::String, false));
        // A JSONata path to an array of one item is that item: not certainly wrong.
        assert!(!misfit(Required::WholeNumber, &strings, true));
        // A JSONPath path selects the array itself.
        assert!(misfit(Required::WholeNumber, &strings, false));
        assert!(misfit(Required::Object, &DataType::String, true));
        assert!(!misfit(Required::Object, &DataType::Any, true));
    }

    #[test]
    fn every_field_is_found_by_its_key() {
        for f in FIELD_TYPES {
            for (key, jsonata) in [(f.jsonata, true), (f.jsonpath, false)] {
                if let Some(key) = key {
                    assert_eq!(required(key, jsonata), Some(f.required), "{key}");
                }
            }
        }
    }
}
