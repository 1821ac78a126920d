//! Object functions: `$keys`, `$spread`, `$merge`, `$each`, `$sift`, `$clone`.

use super::super::evaluator::Evaluator;
use super::super::func::FrameId;
use super::super::value::{Obj, V};
use super::{hof_args, truthy};
use crate::JsonataError;

type R<'a> = Result<V<'a>, JsonataError>;

pub(super) fn keys<'a>(v: &V<'a>) -> V<'a> {
    match v {
        V::Arr(a) => {
            let mut seen: Vec<String> = Vec::new();
            for item in &a.items {
                if let V::Obj(o) = item {
                    for k in o.keys() {
                        if !seen.contains(k) {
                            seen.push(k.clone());
                        }
                    }
                }
            }
            V::sequence(seen.into_iter().map(|k| V::str(k.as_str())).collect())
        }
        V::Obj(o) => V::sequence(o.keys().map(|k| V::str(k.as_str())).collect()),
        _ => V::sequence(Vec::new()),
    }
}

pub(super) fn spread<'a>(v: &V<'a>) -> V<'a> {
    match v {
        V::Arr(a) => {
            let mut out = Vec::new();
            for item in &a.items {
                out.extend(spread(item).items());
            }
            V::array(out)
        }
        V::Obj(o) => V::sequence(
            o.iter()
                .map(|(k, v)| {
                    let mut one = Obj::new();
                    one.insert(k.clone(), v.clone());
                    V::object(one)
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

pub(super) fn merge(v: V<'_>) -> V<'_> {
    let V::Arr(a) = &v else {
        return if v.is_undef() { V::Undef } else { v };
    };
    let mut out = Obj::new();
    for item in &a.items {
        if let V::Obj(o) = item {
            for (k, v) in o.iter() {
                out.insert(k.clone(), v.clone());
            }
        }
    }
    V::object(out)
}

pub(super) fn each<'a>(
    ev: &Evaluator<'a, '_>,
    obj: V<'a>,
    func: V<'a>,
    input: &V<'a>,
    env: FrameId,
) -> R<'a> {
    let mut out = Vec::new();
    if let V::Obj(o) = &obj {
        for (k, v) in o.iter() {
            let args = hof_args(&func, v.clone(), V::str(k.as_str()), obj.clone());
            let r = ev.apply(&func, args, input, env)?;
            if !r.is_undef() {
                out.push(r);
            }
        }
    }
    Ok(V::sequence(out))
}

pub(super) fn sift<'a>(
    ev: &Evaluator<'a, '_>,
    obj: V<'a>,
    func: V<'a>,
    input: &V<'a>,
    env: FrameId,
) -> R<'a> {
    let mut out = Obj::new();
    if let V::Obj(o) = &obj {
        for (k, v) in o.iter() {
            let args = hof_args(&func, v.clone(), V::str(k.as_str()), obj.clone());
            if truthy(&ev.apply(&func, args, input, env)?)? {
                out.insert(k.clone(), v.clone());
            }
        }
    }
    Ok(if out.is_empty() {
        V::Undef
    } else {
        V::object(out)
    })
}

pub(super) fn clone<'a>(v: V<'a>) -> R<'a> {
    if v.is_undef() {
        return Ok(V::Undef);
    }
    let text = super::to_string(&v, false)?;
    Ok(workflow_text::json::parse_data(&text)
        .map(|j| V::from_json(&j))
        .unwrap_or(V::Undef))
}
