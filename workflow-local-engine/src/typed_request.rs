//! A task's JSON decoded into a handler's typed request, and, where it does not fit, which
//! field does not and why (`at `order.amount`: invalid type: string "x", expected f64`): the
//! one decoding the engine's typed handlers, Lambda functions and activity workers share.

use serde::de::DeserializeOwned;
use serde_json::Value;
use std::fmt;

/// Where and why a JSON value does not fit a handler's request type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Misfit {
    /// The path of the field that does not fit (`.` for the whole value).
    pub path: String,
    /// Serde's reason.
    pub reason: String,
    /// The Rust type expected.
    pub type_name: &'static str,
}

impl fmt::Display for Misfit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let short = self.type_name.rsplit("::").next().unwrap_or(self.type_name);
        if self.path == "." {
            write!(f, "{} (decoding `{short}`)", self.reason)
        } else {
            write!(
                f,
                "at `{}`: {} (decoding `{short}`)",
                self.path, self.reason
            )
        }
    }
}

/// `value` as a `T`, or where it does not fit.
pub fn decode<T: DeserializeOwned>(value: Value) -> Result<T, Misfit> {
    serde_path_to_error::deserialize(value).map_err(|e| Misfit {
        path: e.path().to_string(),
        reason: e.inner().to_string(),
        type_name: std::any::type_name::<T>(),
    })
}

#[cfg(test)]
mod tests {
    use super::decode;
    use serde::Deserialize;
    use serde_json::json;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Line {
        sku: String,
        qty: i64,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Order {
        id: String,
        lines: Vec<Line>,
    }

    #[test]
    fn a_misfit_names_the_field_the_reason_and_the_type() {
        let misfit =
            decode::<Order>(json!({"id": "o", "lines": [{"sku": "a", "qty": "2"}]})).unwrap_err();
        assert_eq!(
            misfit.to_string(),
            "at `lines[0].qty`: invalid type: string \"2\", expected i64 (decoding `Order`)"
        );
        let missing = decode::<Order>(json!({"lines": []})).unwrap_err();
        assert_eq!(missing.to_string(), "missing field `id` (decoding `Order`)");
        assert!(decode::<Order>(json!({"id": "o", "lines": []})).is_ok());
    }
}
