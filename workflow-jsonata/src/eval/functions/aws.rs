//! The functions AWS Step Functions adds to JSONata (AWS documentation, transforming-data,
//! "JSONata functions provided by Step Functions"): `$partition`, `$range`, `$hash`, `$random`
//! (with an optional seed), `$uuid` and `$parse`. Where the documentation is silent, AWS's
//! measured answers decide (floci-io/floci pull request #2676, each case measured on AWS):
//!
//! - an integer argument that is not whole is truncated towards zero: `$range(-1.7, 2, 1)` is
//!   `[-1, 0, 1, 2]` (the documentation says non-integers are "rounded down"; AWS truncates,
//!   which is what a JVM's cast to `long` does, and so does Rust's `as i64`: towards zero,
//!   saturating at the `long` range, NaN to 0);
//! - undefined, not an error: `$range` without a step, with a step of 0 or with a step against
//!   the direction of the range; `$partition` of an empty array or with a chunk size that
//!   truncates to 0; `$hash` without an algorithm. `$partition` with a negative chunk size is
//!   an error.
//!
//! `$random()` and `$uuid()` draw from the evaluation's [`Context`](super::super::Context), so
//! an engine can make them reproducible; `$random(seed)` is `java.util.Random`'s
//! ([`JavaRandom`]).

use super::super::evaluator::{Evaluator, json_text};
use super::super::random::JavaRandom;
use super::super::value::V;
use super::super::work::Work;
use crate::JsonataError;
use crate::step_functions::{HASH_ALGORITHMS, MAX_JSONATA_RANGE_LEN, hex_digest};

type R<'a> = Result<V<'a>, JsonataError>;

/// An error of one of AWS's functions (`D3137`, the code of JSONata's `$error`; its causes are
/// AWS's own, not JSONata's).
fn fail(message: String) -> JsonataError {
    JsonataError::new("D3137").extra(message)
}

/// An integer argument as AWS reads it: truncated towards zero (see the module).
fn truncated(v: &V<'_>) -> Option<i64> {
    match v {
        V::Num(n) => Some(*n as i64),
        _ => None,
    }
}

/// `$partition(array, size)`: the array cut into chunks of `size` (the last may be shorter);
/// nothing for an empty array or a size that truncates to 0.
pub(super) fn partition<'a>(ev: &Evaluator<'a, '_>, arr: V<'a>, size: V<'a>) -> R<'a> {
    let items = arr.items();
    let Some(size) = truncated(&size) else {
        return Ok(V::Undef);
    };
    if size < 0 {
        return Err(fail(format!(
            "The chunk size of $partition must not be negative, not {size}"
        )));
    }
    if items.is_empty() || size == 0 {
        return Ok(V::Undef);
    }
    ev.spend(items.len() as u64)?;
    let size = usize::try_from(size).unwrap_or(usize::MAX);
    Ok(V::array(
        items.chunks(size).map(|c| V::array(c.to_vec())).collect(),
    ))
}

/// `$range(start, end, step)`: from `start` to `end` inclusive (when a step lands on it), by
/// `step`. The result is a sequence: one item is that item (AWS gives `1` for
/// `$range(1, 9, 9)`, LocalStack's snapshot recorded on AWS). More than
/// [`MAX_JSONATA_RANGE_LEN`] items is AWS's memory limit (`U1006`), refused before allocating.
pub(super) fn range<'a>(ev: &Evaluator<'a, '_>, start: V<'a>, end: V<'a>, step: V<'a>) -> R<'a> {
    let (Some(a), Some(b), Some(s)) = (truncated(&start), truncated(&end), truncated(&step)) else {
        return Ok(V::Undef);
    };
    if s == 0 || (s > 0 && a > b) || (s < 0 && a < b) {
        return Ok(V::Undef);
    }
    let len = (i128::from(b) - i128::from(a)) / i128::from(s) + 1;
    if len > i128::from(MAX_JSONATA_RANGE_LEN) {
        return Err(JsonataError::new("U1006"));
    }
    let len = len as u64;
    ev.admit(Work::items(len as f64))?;
    Ok(V::sequence(
        (0..len)
            .map(|i| V::Num((i128::from(a) + i128::from(i) * i128::from(s)) as f64))
            .collect(),
    ))
}

/// `$hash(value, algorithm)`: the hex digest with MD5, SHA-1, SHA-256, SHA-384 or SHA-512;
/// nothing without an algorithm (measured on AWS, see the module).
pub(super) fn hash<'a>(value: V<'a>, algorithm: V<'a>) -> R<'a> {
    let V::Str(text) = value else {
        return Ok(V::Undef);
    };
    let V::Str(name) = algorithm else {
        return Ok(V::Undef);
    };
    match hex_digest(&name, text.as_bytes()) {
        Some(digest) => Ok(V::str(digest)),
        None => Err(fail(format!(
            "Unsupported hash algorithm '{name}'; use one of {}",
            HASH_ALGORITHMS.join(", ")
        ))),
    }
}

/// `$random()` or `$random(seed)`: a number from 0 (inclusive) to 1 (exclusive). With a seed
/// (truncated towards zero, as every integer argument), `java.util.Random(seed).nextDouble()`:
/// AWS answers `$random(42)` with 0.7275636800328681 (floci-io/floci issue #2662).
pub(super) fn random<'a>(ev: &Evaluator<'a, '_>, seed: V<'a>) -> R<'a> {
    Ok(V::Num(match truncated(&seed) {
        Some(seed) => JavaRandom::new(seed).next_double(),
        None => ev.ctx.borrow_mut().random(),
    }))
}

/// `$parse(text)`: JSON text as a value.
pub(super) fn parse<'a>(text: V<'a>) -> R<'a> {
    let V::Str(s) = text else {
        return Ok(V::Undef);
    };
    match workflow_text::json::parse_strict(&s) {
        Ok(v) => Ok(V::from_json(&v)),
        Err(_) => Err(fail(format!(
            "The input of $parse is not valid JSON: {}",
            json_text(&V::Str(s.clone()))
        ))),
    }
}
