//! The numbers and timestamps a state reads at run time (`SecondsPath`, `TimeoutSecondsPath`,
//! `MaxConcurrencyPath`, `ToleratedFailureCountPath`, a JSONata `Timestamp`, …): reading them,
//! and the causes the service gives when a value does not fit, word for word.

use super::error::Failure;
use super::jsonata_values;
use super::program::Dynamic;
use serde_json::Value;
use workflow_asl::eval::{Env, select};
use workflow_asl::path::Path;
use workflow_jsonata::jsonata_string::JsonataString;

/// Where a state's dynamic fields are read from: a JSONPath state's effective input, context
/// object and variables, or a JSONata state's `$states` and variables.
pub(crate) enum Source<'a> {
    /// A JSONPath state.
    JsonPath(Env<'a>),
    /// A JSONata state.
    Jsonata(jsonata_values::Scope<'a>),
}

/// A whole-number field, named as the service names it in its causes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum IntField {
    /// A Wait state's `Seconds` / `SecondsPath`.
    WaitSeconds,
    /// A Task's `TimeoutSeconds` / `TimeoutSecondsPath`.
    TimeoutSeconds,
    /// A Task's `HeartbeatSeconds` / `HeartbeatSecondsPath`.
    HeartbeatSeconds,
    /// A Map's `MaxConcurrency` / `MaxConcurrencyPath`.
    MaxConcurrency,
    /// A Map's `ToleratedFailureCount` / `ToleratedFailureCountPath`.
    ToleratedFailureCount,
    /// An ItemBatcher's `MaxItemsPerBatch` / `MaxItemsPerBatchPath`.
    MaxItemsPerBatch,
    /// An ItemBatcher's `MaxInputBytesPerBatch` / `MaxInputBytesPerBatchPath`.
    MaxInputBytesPerBatch,
    /// A ReaderConfig's `MaxItems` / `MaxItemsPath`.
    MaxItems,
}

impl IntField {
    /// The field's name without `Path`.
    fn name(self) -> &'static str {
        match self {
            IntField::WaitSeconds => "Seconds",
            IntField::TimeoutSeconds => "TimeoutSeconds",
            IntField::HeartbeatSeconds => "HeartbeatSeconds",
            IntField::MaxConcurrency => "MaxConcurrency",
            IntField::ToleratedFailureCount => "ToleratedFailureCount",
            IntField::MaxItemsPerBatch => "MaxItemsPerBatch",
            IntField::MaxInputBytesPerBatch => "MaxInputBytesPerBatch",
            IntField::MaxItems => "MaxItems",
        }
    }

    /// The cause for a value read through `path` that is not a whole number (or is negative).
    fn invalid(self, path: &str, value: &Value, negative: bool) -> Failure {
        match self {
            IntField::WaitSeconds if negative => Failure::runtime(format!(
                "The SecondsPath parameter references a negative value: {path} == {}",
                plain(value)
            )),
            IntField::WaitSeconds => Failure::runtime(format!(
                "The SecondsPath parameter cannot be parsed as a long value: {path} == {}",
                plain(value)
            )),
            IntField::ToleratedFailureCount if negative => {
                Failure::runtime("ToleratedFailureCount cannot be negative.")
            }
            // A negative `MaxItems` is refused by the Map Run's reader, not by the state: AWS
            // records `MapRunFailed` with `States.ItemReaderFailed` and this cause, unprefixed
            // (LocalStack's `test_map_item_reader_csv_max_items_paths[-1]`, recorded on AWS).
            IntField::MaxItems if negative => Failure::reported(
                workflow_asl::ErrorName::ItemReaderFailed,
                "field MaxItems must be positive",
            ),
            _ if negative => Failure::runtime(format!("{} cannot be negative.", self.name())),
            _ => Failure::runtime(format!(
                "The {}Path field refers to value \"{}\" which is not a valid integer: {path}",
                self.name(),
                plain(value)
            )),
        }
    }
}

/// A value as the service quotes it in causes: a string's text, anything else as JSON.
fn plain(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The JSON type name JSONata's causes use.
pub(crate) fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// The cause for a JSONata expression whose result is of a type the field cannot take.
pub(crate) fn unexpected_type(expr: &str, field: &str, expected: &str, value: &Value) -> Failure {
    Failure::query_at(
        field,
        format!(
            "The JSONata expression '{expr}' specified for the field '{field}' returned an unexpected result type. Expected '{expected}', but was '{}' for value: {value}",
            json_type(value)
        ),
    )
}

/// A whole number as the service reads it: a JSON integer, or a string holding one (a path
/// may point at `"1"`); `Err(negative)` otherwise.
fn whole(value: &Value) -> Result<u64, bool> {
    match value {
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(v), _) => Ok(v),
            (None, Some(_)) => Err(true),
            // A float: negative ones are reported as negative only when whole.
            _ => Err(false),
        },
        Value::String(s) => match s.trim().parse::<i64>() {
            Ok(v) if v >= 0 => Ok(v as u64),
            Ok(_) => Err(true),
            Err(_) => Err(false),
        },
        _ => Err(false),
    }
}

/// Reads a whole-number field.
pub(crate) fn read_int(field: IntField, d: &Dynamic, source: &Source<'_>) -> Result<u64, Failure> {
    match (d, source) {
        (Dynamic::Literal(n), _) => Ok(*n),
        (Dynamic::Path(p), Source::JsonPath(env)) => {
            let value = select(p, env)?.into_value();
            whole(&value).map_err(|negative| field.invalid(p.source(), &value, negative))
        }
        (Dynamic::Jsonata(e), Source::Jsonata(scope)) => {
            let value = jsonata_values::evaluate_str(e, scope, field.name())?;
            whole(&value).map_err(|negative| match field {
                IntField::MaxItems if negative => field.invalid("", &value, true),
                _ => {
                    let body = e.body().unwrap_or(e);
                    unexpected_type(body, field.name(), "integer", &value)
                }
            })
        }
        (Dynamic::Path(_), Source::Jsonata(_)) => Err(Failure::runtime(format!(
            "`{}Path` is a JSONPath field, but the state's query language is JSONata",
            field.name()
        ))),
        (Dynamic::Jsonata(_), Source::JsonPath(_)) => Err(jsonata_in_jsonpath()),
    }
}

/// A Map's `ToleratedFailurePercentage` / `…Path`, or its JSONata expression.
pub(crate) enum Percentage {
    /// A literal.
    Literal(f64),
    /// `ToleratedFailurePercentagePath`.
    Path(Path),
    /// A JSONata expression.
    Jsonata(JsonataString),
}

/// Reads a tolerated failure percentage: a number (or numeric string) from 0 to 100.
pub(crate) fn read_percentage(p: &Percentage, source: &Source<'_>) -> Result<f64, Failure> {
    let (value, path) = match (p, source) {
        (Percentage::Literal(v), _) => return in_range(*v),
        (Percentage::Path(path), Source::JsonPath(env)) => {
            (select(path, env)?.into_value(), Some(path.source()))
        }
        (Percentage::Jsonata(e), Source::Jsonata(scope)) => (
            jsonata_values::evaluate_str(e, scope, "ToleratedFailurePercentage")?,
            None,
        ),
        (Percentage::Path(_), Source::Jsonata(_)) => {
            return Err(Failure::runtime(
                "`ToleratedFailurePercentagePath` is a JSONPath field, but the state's query language is JSONata",
            ));
        }
        (Percentage::Jsonata(_), Source::JsonPath(_)) => return Err(jsonata_in_jsonpath()),
    };
    let number = match &value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok().filter(|f| f.is_finite()),
        _ => None,
    };
    match (number, path) {
        (Some(v), _) => in_range(v),
        (None, Some(path)) => Err(Failure::runtime(format!(
            "The ToleratedFailurePercentagePath field refers to value \"{}\" which is not a valid float: {path}",
            plain(&value)
        ))),
        (None, None) => {
            let body = match p {
                Percentage::Jsonata(e) => e.body().unwrap_or(e),
                _ => "",
            };
            Err(unexpected_type(
                body,
                "ToleratedFailurePercentage",
                "number",
                &value,
            ))
        }
    }
}

fn in_range(v: f64) -> Result<f64, Failure> {
    if (0.0..=100.0).contains(&v) {
        Ok(v)
    } else {
        Err(Failure::runtime(
            "ToleratedFailurePercentage must be between 0 and 100.",
        ))
    }
}

/// The failure of a JSONata expression in a JSONPath state (the validator refuses such
/// definitions; an engine given one anyway fails the state).
pub(crate) fn jsonata_in_jsonpath() -> Failure {
    Failure::runtime("a JSONata expression in a JSONPath state; set `QueryLanguage` to `JSONata`")
}

/// The cause for a `TimestampPath` value that is not an RFC 3339 timestamp with an offset.
pub(crate) fn invalid_timestamp_path(path: &str, value: &Value) -> Failure {
    Failure::runtime(format!(
        "The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: {path} == {}",
        plain(value)
    ))
}

/// The cause for a JSONata `Timestamp` that is not an RFC 3339 timestamp with an offset.
pub(crate) fn invalid_timestamp(value: &Value) -> Failure {
    // AWS's `EvaluationFailed` names the field: `"location": "Timestamp"` (LocalStack's
    // `test_wait_timestamp_jsonata`, recorded on AWS).
    Failure::query_at(
        "Timestamp",
        format!(
            "The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: {}",
            plain(value)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Map, json};
    use workflow_asl::eval::Env;
    use workflow_asl::path::parse_path;

    fn read(field: IntField, path: &str, input: Value) -> Result<u64, String> {
        let p = parse_path(path).unwrap();
        let context = Value::Null;
        let vars = Map::new();
        let env = Env::new(&input, &context, &vars);
        read_int(field, &Dynamic::Path(p), &Source::JsonPath(env)).map_err(|f| f.cause)
    }

    #[test]
    fn whole_numbers_and_the_services_causes() {
        assert_eq!(read(IntField::WaitSeconds, "$.s", json!({"s": 3})), Ok(3));
        assert_eq!(
            read(IntField::MaxConcurrency, "$.m", json!({"m": "1"})),
            Ok(1)
        );
        assert_eq!(
            read(IntField::WaitSeconds, "$.s", json!({"s": -1})),
            Err("The SecondsPath parameter references a negative value: $.s == -1".into())
        );
        assert_eq!(
            read(IntField::WaitSeconds, "$.s", json!({"s": 1.5})),
            Err("The SecondsPath parameter cannot be parsed as a long value: $.s == 1.5".into())
        );
        assert_eq!(
            read(IntField::MaxConcurrency, "$.m", json!({"m": "NoNumber"})),
            Err("The MaxConcurrencyPath field refers to value \"NoNumber\" which is not a valid integer: $.m".into())
        );
        assert_eq!(
            read(IntField::ToleratedFailureCount, "$.c", json!({"c": {}})),
            Err("The ToleratedFailureCountPath field refers to value \"{}\" which is not a valid integer: $.c".into())
        );
        assert_eq!(
            read(IntField::ToleratedFailureCount, "$.c", json!({"c": -1})),
            Err("ToleratedFailureCount cannot be negative.".into())
        );
        // AWS's recorded causes for `MaxItemsPath` (`test_map_item_reader_csv_max_items_paths`).
        assert_eq!(
            read(IntField::MaxItems, "$.MaxItems", json!({"MaxItems": -1})),
            Err("field MaxItems must be positive".into())
        );
        assert_eq!(
            read(IntField::MaxItems, "$.MaxItems", json!({"MaxItems": 1.5})),
            Err("The MaxItemsPath field refers to value \"1.5\" which is not a valid integer: $.MaxItems".into())
        );
    }

    #[test]
    fn percentages_are_numbers_from_zero_to_a_hundred() {
        let input = json!({"ok": 12.5, "text": "NoNumber", "big": 100.1, "s": "50"});
        let context = Value::Null;
        let vars = Map::new();
        let env = Env::new(&input, &context, &vars);
        let source = Source::JsonPath(env);
        let read = |p: &str| {
            read_percentage(&Percentage::Path(parse_path(p).unwrap()), &source).map_err(|f| f.cause)
        };
        assert_eq!(read("$.ok"), Ok(12.5));
        assert_eq!(read("$.s"), Ok(50.0));
        assert_eq!(
            read("$.text"),
            Err("The ToleratedFailurePercentagePath field refers to value \"NoNumber\" which is not a valid float: $.text".into())
        );
        assert_eq!(
            read("$.big"),
            Err("ToleratedFailurePercentage must be between 0 and 100.".into())
        );
    }
}
