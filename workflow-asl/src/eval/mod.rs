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
//! - **Paths** ([`select()`]): see [Paths](#paths) below. Definite paths select one
//!   value or fail with Jayway's message (`Invalid path '$.a' : No results for path:
//!   $['a']`); indefinite paths select an array. A filter on an object tests the object
//!   itself; filter type mismatches are false (`!=` and `nin`, their negations, true).
//! - **ResultPath** ([`set_result`]): creates missing objects, never replaces a value that is
//!   not an object; `States.ResultPathMatchFailure` otherwise.
//! - **Templates** ([`Template`]): a missing path fails with `States.Runtime` and AWS's cause
//!   `The JSONPath '$.x' specified for the field 'x.$' could not be found in the input
//!   '...'` (AWS uses `States.Runtime` here, not the ASL's `States.ParameterPathFailure`).
//! - **Intrinsics** ([`call`]): see [Intrinsic functions](#intrinsic-functions) below.
//!   Notably, integer arguments with a fraction are rounded like Java's `Math.round` (AWS:
//!   `MathAdd(1.5, 0) = 2`, `MathAdd(-2.5, 0) = -2`); `States.Format` renders an object
//!   argument as `{a=1, b=[]}` (AWS does, rather than failing); `StringSplit` splits at each
//!   delimiter character and drops empty strings; `MathRandom` excludes its end;
//!   `StringToJson('')` is `null`.
//! - **Choice** ([`CompiledCondition`]): see [Choice rules](#choice-rules) below. Strings
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
//!
//! # Paths
//!
//! JSONPath evaluation with the semantics of Jayway JsonPath, the library AWS Step Functions
//! uses (its error texts, `No results for path: $['x']`, are Jayway's).
//!
//! - A **definite** path (only `.name`, `['name']`, `[index]`) selects one value or fails;
//!   an **indefinite** path (wildcard, slice, union, filter, `..`) selects a list of every
//!   match, possibly empty.
//! - In an indefinite path, a member missing in its definite part selects nothing (AWS gives
//!   `[]` for `$.a[*]` on `{}`); crossing a value of the wrong type there is an error; after
//!   the first indefinite step, whatever does not match is skipped.
//! - Negative indexes count from the end (`[-1]` is the last element); an index out of range
//!   selects nothing.
//! - A filter applied to an array tests each element with `@` bound to it; applied to an
//!   object it tests **the object itself** (Jayway), so `$.order[?(@.paid)]` selects
//!   `[order]` when the order is paid. `$..[?(...)]` tests every object at every depth.
//! - A union of two or more names as the last step selects one object made of the members
//!   present (Jayway): `$['a','b']` on `{"a":1,"b":2,"c":3}` gives `[{"a":1,"b":2}]`.
//! - Filter comparisons: numbers numerically, strings by UTF-16 code units (Java's order),
//!   booleans and `null` by equality, arrays and objects by deep equality. Operands of
//!   different types are never equal nor ordered: `==`, `<`, `<=`, `>`, `>=` and `in` are
//!   false, and `!=` and `nin` (the negations) are true. A missing operand behaves the same.
//!   `=~` matches the whole string with the `regex` crate (flags `i`, `m`, `s`, `x`); a
//!   non-string operand or a pattern the crate cannot compile does not match. An existence
//!   test (`[?(@.x)]`) holds when the operand selects something (a present `null` counts;
//!   an indefinite operand must match at least once).
//! - Slices: `[start:end:step]` as in Python (`[-2:]` is the last two elements).
//!
//! Data is walked with explicit stacks, never recursion; only nested filters recurse, and the
//! parser bounds their depth.
//!
//! # Intrinsic functions
//!
//! The 18 intrinsic functions, with the behaviour AWS Step Functions shows (recorded runs
//! where the documentation is vague):
//!
//! - Integer arguments (`MathAdd`, `MathRandom`, `ArrayRange`, `ArrayPartition`'s chunk size)
//!   that have a fraction are rounded as Java's `Math.round` does (half up: `2.5 → 3`,
//!   `-2.5 → -2`), as AWS documents for `MathAdd`/`MathRandom` and does.
//!   `ArrayGetItem`'s index must be a whole number.
//! - `States.Format` fills each `{}` in order. Strings are inserted as they are; numbers,
//!   booleans and `null` as JSON text; objects and arrays as AWS renders them (Java's
//!   `toString`): `{Arg1=1, Arg2=[]}`, `[1, a]`. In a literal template `\{`, `\}`, `\'` and
//!   `\\` stand for the character itself, so `\{}` is not a placeholder; a template read from
//!   a path has no escapes. The placeholder count must equal the argument count.
//! - `States.StringToJson` of an empty or blank string is `null`, and `-0` reads as `0`
//!   (AWS does both).
//! - `States.StringSplit` splits at **every character** of the delimiter string and drops
//!   empty pieces: `StringSplit('a,,b', ',')` is `["a","b"]`, and
//!   `StringSplit('This.is+a,test=string', '.+,=')` is `["This","is","a","test","string"]`.
//! - `States.MathRandom(start, end[, seed])` returns `start <= n < end` (AWS: start
//!   inclusive, end exclusive); `end <= start` fails. With a seed the result depends only on
//!   the seed and the bounds ([`Entropy::random_int`]).
//! - `States.ArrayRange` allows a negative step (counting down); both ends are inclusive
//!   when reached; at most 1000 elements.
//! - `States.ArrayContains` and `States.ArrayUnique` compare deeply, numbers by value (`1`
//!   equals `1.0`); `ArrayUnique` keeps the first occurrence of each value.
//! - `States.Hash` hashes the UTF-8 bytes of a string argument, or the compact JSON text of
//!   any other value; lowercase hex. Its input, and `Base64Encode`/`Base64Decode`'s, is
//!   limited to 10,000 characters. `Base64Decode` accepts missing padding and fails when the
//!   bytes are not UTF-8.
//! - `States.JsonMerge(a, b, false)` is a shallow merge (b's members replace a's, in a's
//!   order, new ones appended); with `true` nested objects are merged too (iteratively).
//! - `States.MathAdd` fails (rather than wraps) when the sum leaves the `i64` range.
//!
//! Every failure is `States.IntrinsicFailure`, except a path argument that selects nothing,
//! which is `States.Runtime` (as a missing path anywhere else).
//!
//! # Choice rules
//!
//! Choice rules, compiled once (paths parsed, timestamps and `StringMatches` patterns
//! prepared) and evaluated many times.
//!
//! - `String*` operators order strings by UTF-16 code units, as Java's `String.compareTo`
//!   (AWS) does; this differs from code point order only between characters above U+FFFF and
//!   those in U+E000..=U+FFFF.
//! - `Numeric*` compare numbers by value: integers exactly (also against floats), other
//!   numbers as `f64`.
//! - `Timestamp*` compare instants parsed with [`parse_rfc3339`](crate::timestamp::parse_rfc3339) (so `01:00:00+01:00` equals
//!   `00:00:00Z`); a value that is not an RFC 3339 timestamp makes the test false.
//! - A value of the wrong type (a string for `NumericEquals`, ...) makes the test false; so
//!   does such a value at the path of a `…Path` operator.
//! - A `Variable` that selects nothing fails with `States.Runtime`, except for `IsPresent`,
//!   which is then false. A `…Path` operand that selects nothing fails the same way. An
//!   indefinite `Variable` path (`$.items[*]`) tests the array of its matches; `IsPresent` on
//!   it is true when something matched.
//! - `Is*: false` is the negation of `Is*: true`.
//! - `StringMatches`: `*` matches any run of characters (also none), `\*` a literal star and
//!   `\\` a backslash (a backslash before any other character stands for that character);
//!   the pattern must match the whole string.
//! - JSONata `Condition` strings are handed to the caller's evaluator
//!   ([`CompiledCondition::evaluate_with`]); literal `true`/`false` conditions need none.

mod choice;
mod env;
mod error;
mod intrinsic;
mod select;

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
