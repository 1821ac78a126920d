//! The Amazon States Language (ASL) of AWS Step Functions, typed.
//!
//! - the model, at the crate's root: every state and field of the ASL (November 2024
//!   revision), both query languages (JSONPath and JSONata), as Rust types, from
//!   [`StateMachine`] down. Everything the spec gives a fixed shape is a Rust type (states,
//!   transitions, Retry, Catch, comparison operators, Map configuration, …); payload
//!   templates stay JSON, their `.$` values and `{% %}` strings parsed when decoded
//!   ([`ParsedJson`]). Fields that exist only in one query language are kept on the state, so
//!   that a definition mixing them can be decoded and then reported by the validator;
//! - lossless JSON: [`StateMachine::from_json`] decodes any valid definition, reporting
//!   unknown fields, wrong types and malformed JSON at their JSON pointer, and
//!   [`StateMachine::to_json`] writes it back JSON-equal, states in their order;
//! - [`validate`](StateMachine::validate): every structural rule of the spec and of the
//!   service, each diagnostic with a stable [`Code`], a [`Pointer`] and a message that says
//!   the fix. The `workflow!` macro and the runtime use this same validator;
//! - [`path`]: parsers for ASL JSONPath, intrinsic functions and `${Name}` deployment
//!   substitutions;
//! - `eval` (feature `eval`): the data semantics (path selection, `ResultPath`, intrinsics,
//!   payload templates, Choice rules) the engine runs.
//!
//! JSONata has a crate of its own, `workflow_jsonata`: the validator checks the tree its parser
//! builds (what each `{% %}` expression reads and calls) and the engine evaluates with it.
//!
//! ```
//! use workflow_asl::{check, Code};
//! let diagnostics = check(r#"{
//!     "StartAt": "A",
//!     "States": { "A": { "Type": "Pass", "Next": "B" } }
//! }"#);
//! assert_eq!(diagnostics[0].code, Code::MissingTransitionTarget);
//! assert_eq!(diagnostics[0].pointer.as_str(), "/States/A/Next");
//! ```
#![deny(missing_docs)]
#![warn(unreachable_pub)]

mod diagnostic;
#[cfg(feature = "eval")]
pub mod eval;
pub mod json;
mod model;
pub mod path;
mod pointer;
pub mod timestamp;
pub mod validate;

pub use diagnostic::{
    Code, CodeOrigin, Diagnostic, Enforcement, Explanation, Field, RuleSource, Severity, Subject,
    Term, TermAt, has_errors,
};
pub use model::*;
pub use pointer::Pointer;
pub use validate::jsonata_fields::jsonata_expressions;
pub use validate::names::{
    MAX_NAME_CHARS, is_valid_name, validate_execution_name, validate_state_machine_name,
};
pub use validate::options::{MAX_STATE_NESTING, ValidationOptions};

use serde_json::Value;
use std::fmt;

/// The diagnostics of a definition that could not be decoded: malformed JSON
/// (`INVALID_JSON_DESCRIPTION`) or schema problems (`SCHEMA_VALIDATION_FAILED`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    /// Every problem found, in document order.
    pub diagnostics: Vec<Diagnostic>,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for DecodeError {}

impl StateMachine {
    /// Parses and decodes a definition from JSON text.
    pub fn from_json(text: &str) -> Result<Self, DecodeError> {
        let value = json::parse_json(text).map_err(|d| DecodeError {
            diagnostics: vec![d],
        })?;
        Self::from_value(&value)
    }

    /// Decodes a definition from a JSON value.
    pub fn from_value(value: &Value) -> Result<Self, DecodeError> {
        json::decode(value).map_err(|diagnostics| DecodeError { diagnostics })
    }

    /// The definition as a JSON value.
    pub fn to_value(&self) -> Value {
        json::encode(self)
    }

    /// The definition as compact JSON text.
    pub fn to_json(&self) -> String {
        self.to_value().to_string()
    }

    /// The definition as indented JSON text.
    pub fn to_json_pretty(&self) -> String {
        // Serialising a `Value` to a `Vec` cannot fail.
        serde_json::to_string_pretty(&self.to_value()).unwrap_or_default()
    }

    /// Validates the definition with the default options; returns every finding.
    pub fn validate(&self) -> Vec<Diagnostic> {
        validate::validate(self, &ValidationOptions::default())
    }

    /// Validates the definition with `options` (e.g. for an EXPRESS machine).
    pub fn validate_with(&self, options: &ValidationOptions) -> Vec<Diagnostic> {
        validate::validate(self, options)
    }
}

/// Parses, decodes and validates definition text; returns every diagnostic. When the text
/// cannot be decoded, the decoding diagnostics are returned (validation needs a model).
pub fn check(text: &str) -> Vec<Diagnostic> {
    check_with(text, &ValidationOptions::default())
}

/// [`check`] with validation options.
pub fn check_with(text: &str, options: &ValidationOptions) -> Vec<Diagnostic> {
    match StateMachine::from_json(text) {
        Ok(machine) => machine.validate_with(options),
        Err(e) => e.diagnostics,
    }
}

impl serde::Serialize for StateMachine {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_value().serialize(serializer)
    }
}

impl<'de> serde::Deserialize<'de> for StateMachine {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        StateMachine::from_value(&value).map_err(serde::de::Error::custom)
    }
}
