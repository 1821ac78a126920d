//! The data semantics of the Amazon States Language, for running state machines: JSONPath
//! selection, `ResultPath`, payload templates, the 18 intrinsic functions and Choice rules.
//!
//! Everything is **compiled once, evaluated many times**: parse paths with
//! [`parse_path`](crate::path::parse_path) and compile [`Template`]s,
//! [`CompiledIntrinsic`]s and [`CompiledCondition`]s when a definition is loaded; evaluating
//! them then only reads the [`Env`] (input, context object, variables) and allocates the
//! output. Selections borrow from the environment ([`Selected`]) instead of copying.
//!
//! ```
//! use serde_json::json;
//! use workflow_asl::eval::{Env, SeededEntropy, Template, select, set_result};
//! use workflow_asl::path::parse_path;
//!
//! let input = json!({"counter": 41, "name": "Arnav"});
//! let env = Env::with_input(&input);
//! let mut entropy = SeededEntropy::new(1);
//!
//! let template = json!({
//!     "counter.$": "States.MathAdd($.counter, 1)",
//!     "greeting.$": "States.Format('Hello, my name is {}.', $.name)",
//!     "fixed": [1, 2]
//! });
//! let template = Template::compile(template.as_object().unwrap()).unwrap();
//! let result = template.evaluate(&env, &mut entropy).unwrap();
//! assert_eq!(result, json!({
//!     "counter": 42, "greeting": "Hello, my name is Arnav.", "fixed": [1, 2]
//! }));
//!
//! let name = parse_path("$.name").unwrap();
//! assert_eq!(select(&name, &env).unwrap().into_value(), json!("Arnav"));
//!
//! let output = set_result(input.clone(), &parse_path("$.out").unwrap(), result).unwrap();
//! assert_eq!(output["out"]["counter"], json!(42));
//! ```
//!
//! # Semantics chosen where the AWS documentation is vague
//!
//! AWS Step Functions evaluates JSONPath with Jayway JsonPath, and its recorded behaviour
//! (executions recorded against AWS by LocalStack's snapshot tests) settles most questions:
//!
//! - **Paths** ([`select()`]): see the [`select`](mod@select) module. Definite paths select one
//!   value or fail with Jayway's message (`Invalid path '$.a' : No results for path:
//!   $['a']`); indefinite paths select an array. A filter on an object tests the object
//!   itself; filter type mismatches are false (`!=` and `nin`, their negations, true).
//! - **ResultPath** ([`set_result`]): creates missing objects, never replaces a value that is
//!   not an object; `States.ResultPathMatchFailure` otherwise.
//! - **Templates** ([`Template`]): a missing path fails with `States.Runtime` and AWS's cause
//!   `The JSONPath '$.x' specified for the field 'x.$' could not be found in the input
//!   '...'` (AWS uses `States.Runtime` here, not the ASL's `States.ParameterPathFailure`).
//! - **Intrinsics** ([`call`]): see the [`intrinsic`](mod@intrinsic) module. Notably, integer
//!   arguments with a fraction are rounded like Java's `Math.round` (AWS:
//!   `MathAdd(1.5, 0) = 2`, `MathAdd(-2.5, 0) = -2`); `States.Format` renders an object
//!   argument as `{a=1, b=[]}` (AWS does, rather than failing); `StringSplit` splits at each
//!   delimiter character and drops empty strings; `MathRandom` excludes its end;
//!   `StringToJson('')` is `null`.
//! - **Choice** ([`CompiledCondition`]): see the [`choice`](mod@choice) module. Strings
//!   compare by UTF-16 code units; a missing `Variable` fails except for `IsPresent`; type
//!   mismatches are false; JSONata conditions go to the caller's evaluator
//!   (`workflow_jsonata::eval`).
//! - Error causes leave out AWS's `An error occurred while executing the state 'X' (entered
//!   at the event id #N).` prefix, which only the engine can write.
//!
//! Nothing here panics, whatever the input, and user data is walked iteratively (deep JSON
//! costs heap, not stack); recursion follows only the compiled structures, whose depth the
//! parsers and [`MAX_TEMPLATE_DEPTH`]/[`MAX_CONDITION_DEPTH`] bound, on a stack that grows in
//! segments (`workflow_text::stack::deeper`), so that the deepest of them runs on any thread.

pub mod choice;
mod env;
mod error;
pub mod intrinsic;
pub mod select;

mod template;
mod value;

pub use choice::{CompiledCondition, CompiledTest, MAX_CONDITION_DEPTH};
pub use env::{Entropy, Env, NoVariables, SeededEntropy, Variables};
pub use error::EvalError;
pub use intrinsic::{CompiledIntrinsic, call};
pub use select::{Selected, select, set_result};
pub use template::{Expression, MAX_TEMPLATE_DEPTH, Template};
pub use value::compact_len;

#[cfg(test)]
mod proptests;
