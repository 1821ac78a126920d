//! [`MapItem`]: an entry of a Distributed Map's result where failed children are tolerated.

use serde::de::{DeserializeOwned, Error as _};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

/// An entry of a Distributed Map's result when the Map tolerates failed children
/// (`ToleratedFailureCount` or `ToleratedFailurePercentage` above zero, or read from a path;
/// `tolerated_failure_count = …` in `workflow!`): what a child that succeeded ends with, or,
/// in a failed child's place, its error output `{"Error": …, "Cause": …}`, as the Map Run
/// writes it. `workflow!` types such a Map's result `Vec<MapItem<T>>`, `T` what the Map's
/// iteration ends with, in the workflow's output and in every Task request that carries it,
/// so that a typed handler matches the failures instead of failing to decode them.
///
/// It reads an object whose members are exactly `Error` and `Cause` (each text or `null`) as
/// [`MapItem::Failed`], anything else as [`MapItem::Succeeded`]; it writes each as it was read.
///
/// ```
/// use workflow_runtime::MapItem;
/// let items: Vec<MapItem<u32>> = serde_json::from_str(
///     r#"[7, {"Error": "States.TaskFailed", "Cause": "exit code 1"}]"#).unwrap();
/// assert_eq!(items[0], MapItem::Succeeded(7));
/// assert_eq!(items[1], MapItem::Failed {
///     error: Some("States.TaskFailed".into()),
///     cause: Some("exit code 1".into()),
/// });
/// assert_eq!(items[1].succeeded(), None);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum MapItem<T> {
    /// What the child execution ended with.
    Succeeded(T),
    /// A child execution that failed or timed out: its error and cause (`None` where the
    /// failure named none, as a `Fail` state without `Error` does).
    Failed {
        /// `Error`: the child's error name (`States.TaskFailed`, `States.Timeout`, …).
        error: Option<String>,
        /// `Cause`: what the failure says.
        cause: Option<String>,
    },
}

impl<T> MapItem<T> {
    /// The child's output, when it succeeded.
    pub fn succeeded(&self) -> Option<&T> {
        match self {
            MapItem::Succeeded(output) => Some(output),
            MapItem::Failed { .. } => None,
        }
    }
}

impl<T: Default> Default for MapItem<T> {
    /// A child that succeeded with `T`'s default.
    fn default() -> Self {
        MapItem::Succeeded(T::default())
    }
}

impl<T: Serialize> Serialize for MapItem<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            MapItem::Succeeded(output) => output.serialize(serializer),
            MapItem::Failed { error, cause } => {
                let mut map = serializer.serialize_map(Some(2))?;
                map.serialize_entry("Error", error)?;
                map.serialize_entry("Cause", cause)?;
                map.end()
            }
        }
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for MapItem<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        if let Value::Object(members) = &value
            && members.len() == 2
        {
            let text = |key: &str| match members.get(key) {
                Some(Value::String(s)) => Some(Some(s.clone())),
                Some(Value::Null) => Some(None),
                _ => None,
            };
            if let (Some(error), Some(cause)) = (text("Error"), text("Cause")) {
                return Ok(MapItem::Failed { error, cause });
            }
        }
        T::deserialize(value)
            .map(MapItem::Succeeded)
            .map_err(D::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::MapItem;
    use serde_json::json;

    #[derive(Debug, PartialEq, serde::Deserialize, serde::Serialize)]
    struct Job {
        #[serde(rename = "exitCode")]
        exit_code: i64,
    }

    #[test]
    fn a_failed_childs_error_output_is_failed_and_anything_else_the_output() {
        let items: Vec<MapItem<Job>> = serde_json::from_value(json!([
            {"exitCode": 0},
            {"Error": "States.TaskFailed", "Cause": null},
        ]))
        .unwrap();
        assert_eq!(items[0], MapItem::Succeeded(Job { exit_code: 0 }));
        assert_eq!(
            items[1],
            MapItem::Failed {
                error: Some("States.TaskFailed".into()),
                cause: None
            }
        );
        // Written back as read.
        assert_eq!(
            serde_json::to_value(&items).unwrap(),
            json!([{"exitCode": 0}, {"Error": "States.TaskFailed", "Cause": null}])
        );
        // An entry that is neither says why the output does not fit.
        let wrong = serde_json::from_value::<MapItem<Job>>(json!({"Error": "E"})).unwrap_err();
        assert!(
            wrong.to_string().contains("missing field `exitCode`"),
            "{wrong}"
        );
        // An untyped output takes the error output as a failure too.
        let any: MapItem<serde_json::Value> =
            serde_json::from_value(json!({"Error": "E", "Cause": "c"})).unwrap();
        assert!(any.succeeded().is_none());
    }
}
