//! Array and higher-order functions: `$map`, `$filter`, `$single`, `$reduce`, `$zip`,
//! `$reverse`, `$sort`, `$shuffle`, `$distinct`.

use super::super::evaluator::Evaluator;
use super::super::func::FrameId;
use super::super::value::{V, deep_equal};
use super::{hof_args, truthy};
use crate::JsonataError;

type R<'a> = Result<V<'a>, JsonataError>;

fn items<'a>(v: &V<'a>) -> Vec<V<'a>> {
    match v {
        V::Arr(a) => a.items.clone(),
        V::Undef => Vec::new(),
        other => vec![other.clone()],
    }
}

pub(super) fn map<'a>(
    ev: &Evaluator<'a, '_>,
    arr: V<'a>,
    func: V<'a>,
    input: &V<'a>,
    env: FrameId,
) -> R<'a> {
    if arr.is_undef() {
        return Ok(V::Undef);
    }
    let list = items(&arr);
    let mut out = Vec::with_capacity(list.len());
    for (i, item) in list.into_iter().enumerate() {
        let args = hof_args(&func, item, V::Num(i as f64), arr.clone());
        let res = ev.apply(&func, args, input, env)?;
        if !res.is_undef() {
            out.push(res);
        }
    }
    Ok(V::sequence(out))
}

pub(super) fn filter<'a>(
    ev: &Evaluator<'a, '_>,
    arr: V<'a>,
    func: V<'a>,
    input: &V<'a>,
    env: FrameId,
) -> R<'a> {
    if arr.is_undef() {
        return Ok(V::Undef);
    }
    let mut out = Vec::new();
    for (i, item) in items(&arr).into_iter().enumerate() {
        let args = hof_args(&func, item.clone(), V::Num(i as f64), arr.clone());
        if truthy(&ev.apply(&func, args, input, env)?)? {
            out.push(item);
        }
    }
    Ok(V::sequence(out))
}

pub(super) fn single<'a>(
    ev: &Evaluator<'a, '_>,
    arr: V<'a>,
    func: V<'a>,
    input: &V<'a>,
    env: FrameId,
) -> R<'a> {
    if arr.is_undef() {
        return Ok(V::Undef);
    }
    let mut found: Option<V<'a>> = None;
    for (i, item) in items(&arr).into_iter().enumerate() {
        let ok = if func.is_undef() {
            true
        } else {
            let args = hof_args(&func, item.clone(), V::Num(i as f64), arr.clone());
            truthy(&ev.apply(&func, args, input, env)?)?
        };
        if ok {
            if found.is_some() {
                return Err(JsonataError::new("D3138"));
            }
            found = Some(item);
        }
    }
    found.ok_or_else(|| JsonataError::new("D3139"))
}

pub(super) fn reduce<'a>(
    ev: &Evaluator<'a, '_>,
    arr: V<'a>,
    func: V<'a>,
    init: V<'a>,
    input: &V<'a>,
    env: FrameId,
) -> R<'a> {
    if arr.is_undef() {
        return Ok(V::Undef);
    }
    let arity = match &func {
        V::Fun(f) => f.arity(),
        _ => 0,
    };
    if arity < 2 {
        return Err(JsonataError::new("D3050").extra("1"));
    }
    let list = items(&arr);
    let (mut acc, start) = if init.is_undef() && !list.is_empty() {
        (list[0].clone(), 1)
    } else {
        (init, 0)
    };
    for (i, item) in list.iter().enumerate().skip(start) {
        let mut args = vec![acc, item.clone()];
        if arity >= 3 {
            args.push(V::Num(i as f64));
        }
        if arity >= 4 {
            args.push(arr.clone());
        }
        acc = ev.apply(&func, args, input, env)?;
    }
    Ok(acc)
}

pub(super) fn zip(args: Vec<V<'_>>) -> V<'_> {
    let len = args
        .iter()
        .map(|a| match a {
            V::Arr(a) => a.items.len(),
            _ => 0,
        })
        .min()
        .unwrap_or(0);
    let out = (0..len)
        .map(|i| {
            V::array(
                args.iter()
                    .map(|a| match a {
                        V::Arr(a) => a.items.get(i).cloned().unwrap_or(V::Undef),
                        _ => V::Undef,
                    })
                    .collect(),
            )
        })
        .collect();
    V::array(out)
}

pub(super) fn reverse(arr: V<'_>) -> V<'_> {
    match &arr {
        V::Arr(a) if a.items.len() > 1 => {
            let mut items = a.items.clone();
            items.reverse();
            V::array(items)
        }
        _ => arr,
    }
}

/// `$distinct`: the items without those deeply equal to an earlier one, in order. Each item
/// is compared only with the earlier ones of the same [`equality_hash`], so the work is linear
/// in the items (comparing every pair took quadratic time: 100,000 items ran past 10 s).
pub(super) fn distinct(arr: V<'_>) -> V<'_> {
    let V::Arr(a) = &arr else { return arr };
    if a.items.len() <= 1 {
        return arr;
    }
    let mut out: Vec<V<'_>> = Vec::new();
    let mut seen: std::collections::HashMap<u64, Vec<usize>> = std::collections::HashMap::new();
    for v in &a.items {
        let same_hash = seen.entry(equality_hash(v)).or_default();
        if !same_hash.iter().any(|&i| deep_equal(&out[i], v)) {
            same_hash.push(out.len());
            out.push(v.clone());
        }
    }
    if a.sequence {
        V::sequence(out)
    } else {
        V::array(out)
    }
}

/// A hash that deeply equal values share (`deep_equal`): numbers by value (0 and -0 alike),
/// arrays by their items in order, objects by their members in any order, functions by
/// identity.
fn equality_hash(v: &V<'_>) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    workflow_text::stack::deeper(|| match v {
        V::Undef => 0u8.hash(&mut h),
        V::Null => 1u8.hash(&mut h),
        V::Bool(b) => (2u8, b).hash(&mut h),
        V::Num(n) => (3u8, if *n == 0.0 { 0 } else { n.to_bits() }).hash(&mut h),
        V::Str(s) => (4u8, &**s).hash(&mut h),
        V::Arr(a) => {
            (5u8, a.items.len()).hash(&mut h);
            for item in &a.items {
                equality_hash(item).hash(&mut h);
            }
        }
        V::Obj(o) => {
            // The members in any order: their hashes summed.
            let mut sum = 0u64;
            for (k, item) in o.iter() {
                let mut m = std::collections::hash_map::DefaultHasher::new();
                (k, equality_hash(item)).hash(&mut m);
                sum = sum.wrapping_add(m.finish());
            }
            (6u8, o.len(), sum).hash(&mut h);
        }
        V::Fun(f) => (7u8, std::rc::Rc::as_ptr(f) as *const () as usize).hash(&mut h),
    });
    h.finish()
}

pub(super) fn shuffle<'a>(ev: &Evaluator<'a, '_>, arr: V<'a>) -> R<'a> {
    let V::Arr(a) = &arr else { return Ok(arr) };
    if a.items.len() <= 1 {
        return Ok(arr);
    }
    let mut items = a.items.clone();
    // Fisher–Yates with the evaluation's (seeded) randomness.
    for i in (1..items.len()).rev() {
        let r = ev.ctx.borrow_mut().random();
        let j = ((r * (i + 1) as f64).floor() as usize).min(i);
        items.swap(i, j);
    }
    Ok(V::array(items))
}

pub(super) fn sort<'a>(
    ev: &Evaluator<'a, '_>,
    arr: V<'a>,
    comparator: V<'a>,
    input: &V<'a>,
    env: FrameId,
) -> R<'a> {
    if arr.is_undef() {
        return Ok(V::Undef);
    }
    let list = items(&arr);
    if list.len() <= 1 {
        return Ok(arr);
    }
    if comparator.is_undef() {
        // The reference's "an array of numbers" (`isArrayOfNumbers`): each item tested with
        // `is_numeric`, so an infinite one is D1001 and NaN is not a number.
        let mut all_numbers = true;
        for v in &list {
            all_numbers &= super::is_numeric(v)?;
        }
        let all_strings = list.iter().all(|v| matches!(v, V::Str(_)));
        if !all_numbers && !all_strings {
            return Err(JsonataError::new("D3070").extra("1"));
        }
    }
    // A stable merge sort; `swap(a, b)` says `a` goes after `b`.
    let swap = |a: &V<'a>, b: &V<'a>| -> Result<bool, JsonataError> {
        if comparator.is_undef() {
            Ok(match (a, b) {
                (V::Num(x), V::Num(y)) => x > y,
                (V::Str(x), V::Str(y)) => super::cmp_js_strings(x, y).is_gt(),
                _ => false,
            })
        } else {
            truthy(&ev.apply(&comparator, vec![a.clone(), b.clone()], input, env)?)
        }
    };
    let mut runs: Vec<Vec<V<'a>>> = list.into_iter().map(|v| vec![v]).collect();
    while runs.len() > 1 {
        let mut next = Vec::with_capacity(runs.len().div_ceil(2));
        let mut it = runs.into_iter();
        while let Some(left) = it.next() {
            let Some(right) = it.next() else {
                next.push(left);
                break;
            };
            let mut merged = Vec::with_capacity(left.len() + right.len());
            let (mut l, mut r) = (left.into_iter().peekable(), right.into_iter().peekable());
            loop {
                match (l.peek(), r.peek()) {
                    (Some(a), Some(b)) => {
                        ev.spend(1)?;
                        if swap(a, b)? {
                            merged.extend(r.next());
                        } else {
                            merged.extend(l.next());
                        }
                    }
                    (Some(_), None) => merged.extend(l.by_ref()),
                    (None, Some(_)) => merged.extend(r.by_ref()),
                    (None, None) => break,
                }
            }
            next.push(merged);
        }
        runs = next;
    }
    Ok(V::array(runs.pop().unwrap_or_default()))
}
