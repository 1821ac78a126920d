//! Evaluating JSONata expressions (parsed by [`Jsonata::parse`]) as AWS Step Functions does:
//! every function of JSONata 2.0 plus AWS's own, with reproducible randomness and time from
//! a [`Context`], within AWS's limits of depth, time and memory ([`Limits`]), so that no
//! expression can exhaust the stack, the memory or the time of the process.
//!
//! AWS does not run the JavaScript reference implementation but an evaluator of its own on the
//! JVM; where their answers differ and AWS's is recorded, this evaluator answers as AWS does
//! (`tests/aws_answers/README.md` holds the recorded answers and their sources): `$random(seed)`
//! is `java.util.Random`'s ([`JavaRandom`]), a non-finite number is written as a string, the
//! limits are AWS's with AWS's messages, `$eval` is not there.
//!
//! ```
//! use serde_json::json;
//! use workflow_jsonata::Jsonata;
//! use workflow_jsonata::eval::{FixedContext, Limits, evaluate};
//!
//! let expr = Jsonata::parse("$sum($states.input.items.price) * 2").unwrap();
//! let states = json!({"input": {"items": [{"price": 1.5}, {"price": 2}]}});
//! let mut ctx = FixedContext::new(0, 42);
//! let result = evaluate(&expr, None, &[("states", &states)], &mut ctx, Limits::default());
//! assert_eq!(result, Ok(Some(json!(7))));
//! ```

mod evaluator;
mod func;
mod functions;
mod memory;
mod random;
mod regex;
mod signature;
mod value;
mod work;

pub use evaluator::Limits;
pub use random::{JavaRandom, SplitMix64};

use crate::{Jsonata, JsonataError};
use serde_json::Value;
use value::V;

/// What an evaluation draws from outside: the time (`$now`, `$millis`) and randomness
/// (`$random()` without a seed, `$uuid`, `$shuffle`). `$random(seed)` draws from nothing
/// outside: it is `java.util.Random(seed).nextDouble()` ([`JavaRandom`]), as on AWS.
pub trait Context {
    /// Milliseconds since the Unix epoch, fixed for one evaluation.
    fn now_millis(&self) -> i64;
    /// A number from 0 (inclusive) to 1 (exclusive).
    fn random(&mut self) -> f64;
    /// A version 4 UUID.
    fn uuid(&mut self) -> String;
}

/// A [`Context`] with a fixed clock and seeded randomness.
#[derive(Clone, Debug)]
pub struct FixedContext {
    now: i64,
    entropy: SplitMix64,
}

impl FixedContext {
    /// A context at `now_millis`, drawing randomness from `seed`.
    pub fn new(now_millis: i64, seed: u64) -> Self {
        FixedContext {
            now: now_millis,
            entropy: SplitMix64::new(seed),
        }
    }
}

/// A float in [0, 1) from 53 random bits.
fn unit(bits: u64) -> f64 {
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

impl Context for FixedContext {
    fn now_millis(&self) -> i64 {
        self.now
    }

    fn random(&mut self) -> f64 {
        unit(self.entropy.next_u64())
    }

    fn uuid(&mut self) -> String {
        self.entropy.uuid()
    }
}

/// Evaluates `expr` with `input` as the context value (`None`: undefined, as in ASL, where
/// data comes from `$states` and variables) and `bindings` as variables (`("states",
/// &states)` binds `$states`). `Ok(None)` when the expression returns nothing.
///
/// # Errors
///
/// A [`JsonataError`] with JSONata's code: a type or dynamic error, a function as the result
/// (`U1005`: JSON cannot hold it), or one of AWS's evaluation limits
/// ([`JsonataError::is_evaluation_limit`]: `U1001` stack depth, `U1002` time, `U1006`
/// memory). A non-finite number in the result is not an error: it is written as the string
/// JavaScript names it by (`"Infinity"`, `"-Infinity"`, `"NaN"`), wherever it stands, as AWS
/// answers `1/0` with `"Infinity"`, `[1/0]` with `["Infinity"]` and `0/0` with `"NaN"`
/// (floci-io/floci issue #2737 and pull request #2783, measured on AWS with TestState).
pub fn evaluate(
    expr: &Jsonata,
    input: Option<&Value>,
    bindings: &[(&str, &Value)],
    ctx: &mut dyn Context,
    limits: Limits,
) -> Result<Option<Value>, JsonataError> {
    let ev = evaluator::Evaluator::new(expr, limits, ctx);
    let root_frame = 0;
    let frame = ev.frame(root_frame);
    for (name, value) in bindings {
        ev.bind(frame, name, V::from_json(value));
    }
    let mut input_value = match input {
        Some(v) => V::from_json(v),
        None => V::Undef,
    };
    ev.bind(frame, "$", input_value.clone());
    if let Some(a) = input_value.arr_mut() {
        // A JSON array input is one value: wrapped so paths do not map over it.
        let items = std::mem::take(&mut a.items);
        input_value = V::Arr(std::rc::Rc::new(value::Arr {
            items: vec![V::array(items)],
            sequence: true,
            outer_wrapper: true,
            ..value::Arr::default()
        }));
    }
    let result = ev.eval(expr.root(), &input_value, frame)?;
    if result.is_function() {
        return Err(JsonataError::new("U1005"));
    }
    Ok(result.to_json())
}

#[cfg(test)]
mod tests;
