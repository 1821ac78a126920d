//! The functions AWS Step Functions adds to JSONata: `$partition`, `$range`, `$hash`,
//! `$random` (with an optional seed), `$uuid` and `$parse`. `$random` and `$uuid` draw from
//! the evaluation's [`Context`](super::super::Context), so an engine can make them
//! reproducible.

use super::super::evaluator::{Evaluator, json_text};
use super::super::value::V;
use crate::JsonataError;
use crate::step_functions::{HASH_ALGORITHMS, MAX_ARRAY_RANGE_LEN, hex_digest};

type R<'a> = Result<V<'a>, JsonataError>;

/// An error of one of AWS's functions (their causes are AWS's own, not JSONata's).
fn fail(message: String) -> JsonataError {
    JsonataError::new("D3137").extra(message)
}

fn whole(v: &V<'_>) -> Option<i64> {
    match v {
        V::Num(n) if n.fract() == 0.0 && n.is_finite() && n.abs() < 9.007_199_254_740_992e15 => {
            Some(*n as i64)
        }
        _ => None,
    }
}

/// `$partition(array, size)`: the array cut into chunks of `size` (the last may be shorter).
pub(super) fn partition<'a>(ev: &Evaluator<'a, '_>, arr: V<'a>, size: V<'a>) -> R<'a> {
    let items = arr.items();
    let Some(size) = whole(&size).filter(|s| *s > 0) else {
        return Err(fail(format!(
            "The chunk size of $partition must be a positive integer, not {}",
            json_text(&size)
        )));
    };
    ev.spend(items.len() as u64)?;
    Ok(V::array(
        items
            .chunks(size as usize)
            .map(|c| V::array(c.to_vec()))
            .collect(),
    ))
}

/// `$range(start, end, step)`: from `start` to `end` inclusive, by `step`, at most 1,000 items
/// (as `States.ArrayRange`). The result is a sequence: one item is that item (AWS gives `1`
/// for `$range(1, 9, 9)`).
pub(super) fn range<'a>(ev: &Evaluator<'a, '_>, start: V<'a>, end: V<'a>, step: V<'a>) -> R<'a> {
    let (Some(a), Some(b), Some(s)) = (whole(&start), whole(&end), whole(&step)) else {
        return Err(fail("The arguments of $range must be integers".to_owned()));
    };
    if s == 0 {
        return Err(fail("The step of $range cannot be 0".to_owned()));
    }
    let len = if (s > 0 && a > b) || (s < 0 && a < b) {
        0
    } else {
        ((b as i128 - a as i128) / s as i128 + 1) as u128
    };
    let max = MAX_ARRAY_RANGE_LEN as u128;
    if len > max {
        return Err(fail(format!(
            "$range would produce {len} items; at most {max} are allowed"
        )));
    }
    ev.spend(len as u64)?;
    Ok(V::sequence(
        (0..len as i64)
            .map(|i| V::Num((a + i * s) as f64))
            .collect(),
    ))
}

/// `$hash(value, algorithm)`: the hex digest with MD5, SHA-1, SHA-256, SHA-384 or SHA-512.
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

/// `$random()` or `$random(seed)`: a number from 0 (inclusive) to 1 (exclusive).
pub(super) fn random<'a>(ev: &Evaluator<'a, '_>, seed: V<'a>) -> R<'a> {
    let mut ctx = ev.ctx.borrow_mut();
    Ok(V::Num(match seed {
        V::Num(s) => ctx.random_seeded(s as i64),
        _ => ctx.random(),
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
