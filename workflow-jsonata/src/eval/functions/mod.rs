//! JSONata's built-in functions (every function of JSONata 2.0) and AWS Step Functions' own
//! (`$partition`, `$range`, `$hash`, `$random`, `$uuid`, `$parse`), with their signatures.

mod arrays;
mod aws;
mod datetime;
mod numbers;
mod objects;
mod strings;

pub(crate) use strings::{cmp_js_strings, to_string};

use super::evaluator::{Evaluator, json_text};
use super::func::FrameId;
use super::value::V;
use crate::JsonataError;
pub(crate) use crate::builtins::Builtin;

/// Calls a built-in function with validated arguments.
pub(crate) fn call<'a>(
    ev: &Evaluator<'a, '_>,
    b: Builtin,
    args: Vec<V<'a>>,
    input: &V<'a>,
    env: FrameId,
) -> Result<V<'a>, JsonataError> {
    let mut args = args.into_iter();
    let mut next = || args.next().unwrap_or(V::Undef);
    use Builtin as B;
    match b {
        B::Sum | B::Max | B::Min | B::Average | B::Count => numbers::aggregate(b, next()),
        B::String => strings::string(next(), next()),
        B::Substring => strings::substring(next(), next(), next()),
        B::SubstringBefore => strings::substring_before(next(), next()),
        B::SubstringAfter => strings::substring_after(next(), next()),
        B::Lowercase => strings::map_str(next(), |s| s.to_lowercase()),
        B::Uppercase => strings::map_str(next(), |s| s.to_uppercase()),
        B::Length => strings::length(next()),
        B::Trim => strings::map_str(next(), strings::trim),
        B::Pad => strings::pad(ev, next(), next(), next()),
        B::Match => strings::match_(ev, next(), next(), next(), input, env),
        B::Contains => strings::contains(ev, next(), next(), input, env),
        B::Replace => strings::replace(ev, next(), next(), next(), next(), input, env),
        B::Split => strings::split(ev, next(), next(), next(), input, env),
        B::Join => strings::join(ev, next(), next()),
        B::Base64Encode => strings::base64_encode(next()),
        B::Base64Decode => strings::base64_decode(next()),
        B::EncodeUrlComponent => strings::encode_url(next(), true),
        B::EncodeUrl => strings::encode_url(next(), false),
        B::DecodeUrlComponent => strings::decode_url(next(), true),
        B::DecodeUrl => strings::decode_url(next(), false),
        // Never looked up (see `Evaluator::lookup`): a call is AWS's T1006.
        B::Eval => Err(JsonataError::new("T1006")),
        B::FormatNumber => numbers::format_number(next(), next(), next()),
        B::FormatBase => numbers::format_base(next(), next()),
        B::FormatInteger => datetime::format_integer_fn(ev, next(), next()),
        B::ParseInteger => datetime::parse_integer_fn(next(), next()),
        B::Number => numbers::number(next()),
        B::Floor => numbers::unary(next(), f64::floor),
        B::Ceil => numbers::unary(next(), f64::ceil),
        B::Abs => numbers::unary(next(), f64::abs),
        B::Round => numbers::round(next(), next()),
        B::Sqrt => numbers::sqrt(next()),
        B::Power => numbers::power(next(), next()),
        B::Random => aws::random(ev, next()),
        B::Boolean => Ok(match next() {
            V::Undef => V::Undef,
            v => V::Bool(truthy(&v)?),
        }),
        B::Not => Ok(match next() {
            V::Undef => V::Undef,
            v => V::Bool(!truthy(&v)?),
        }),
        B::Map => arrays::map(ev, next(), next(), input, env),
        B::Filter => arrays::filter(ev, next(), next(), input, env),
        B::Single => arrays::single(ev, next(), next(), input, env),
        B::Reduce => arrays::reduce(ev, next(), next(), next(), input, env),
        B::Zip => {
            let mut all = vec![next()];
            all.extend(args);
            Ok(arrays::zip(all))
        }
        B::Append => Ok(super::evaluator::append(next(), next())),
        B::Reverse => Ok(arrays::reverse(next())),
        B::Sort => arrays::sort(ev, next(), next(), input, env),
        B::Shuffle => arrays::shuffle(ev, next()),
        B::Distinct => Ok(arrays::distinct(next())),
        B::Partition => aws::partition(ev, next(), next()),
        B::Range => aws::range(ev, next(), next(), next()),
        B::Sift => objects::sift(ev, next(), next(), input, env),
        B::Each => objects::each(ev, next(), next(), input, env),
        B::Keys => Ok(objects::keys(&next())),
        B::Lookup => {
            let (v, k) = (next(), next());
            Ok(match k {
                V::Str(k) => super::evaluator::lookup(&v, &k),
                _ => V::Undef,
            })
        }
        B::Exists => Ok(V::Bool(!next().is_undef())),
        B::Spread => Ok(objects::spread(&next())),
        B::Merge => Ok(objects::merge(next())),
        B::Error => Err(JsonataError::new("D3137").extra(match next() {
            V::Str(s) => s.to_string(),
            _ => "$error() function evaluated".to_owned(),
        })),
        B::Assert => {
            let (cond, message) = (next(), next());
            if matches!(cond, V::Bool(true)) {
                Ok(V::Undef)
            } else {
                Err(JsonataError::new("D3141").extra(match message {
                    V::Str(s) => s.to_string(),
                    _ => "$assert() statement failed".to_owned(),
                }))
            }
        }
        // NaN is not numeric: the reference's `$type` falls through to "object".
        B::Type => Ok(match next() {
            V::Undef => V::Undef,
            v @ V::Num(_) if !is_numeric(&v)? => V::str("object"),
            v => V::str(v.type_name()),
        }),
        B::Clone => objects::clone(next()),
        B::ToMillis => datetime::to_millis(ev, next(), next()),
        B::FromMillis => datetime::from_millis(ev, next(), next(), next()),
        B::Now => {
            let millis = ev.ctx.borrow().now_millis();
            datetime::from_millis(ev, V::Num(millis as f64), next(), next())
        }
        B::Millis => Ok(V::Num(ev.ctx.borrow().now_millis() as f64)),
        B::Hash => aws::hash(next(), next()),
        B::Uuid => Ok(V::str(ev.ctx.borrow_mut().uuid())),
        B::Parse => aws::parse(next()),
    }
}

/// The reference implementation's `isNumeric` (JSONata 2.0.6, `utils.js`), the one test of
/// "is this a number" wherever JSONata asks it (a predicate's index, `-x`, arithmetic's
/// operands, `$boolean` and every truth test, `$type`, `$string`'s numbers inside a structure,
/// `$sort`'s "an array of numbers"): a finite number is one, NaN is not, and an infinite
/// number is an error, `D1001` (`Number out of range`), as the reference raises it there.
pub(crate) fn is_numeric(v: &V<'_>) -> Result<bool, JsonataError> {
    match v {
        V::Num(n) if n.is_nan() => Ok(false),
        V::Num(n) if n.is_infinite() => Err(JsonataError::new("D1001").value(json_text(v))),
        V::Num(_) => Ok(true),
        _ => Ok(false),
    }
}

/// JSONata's `$boolean` (undefined is false), the truth of every condition: an array is true
/// when any item is (every item tested, as the reference filters them all), a number when it
/// is not zero ([`is_numeric`]: NaN is false, an infinite number `D1001`).
pub(crate) fn truthy(v: &V<'_>) -> Result<bool, JsonataError> {
    Ok(match v {
        V::Undef | V::Null => false,
        V::Bool(b) => *b,
        V::Num(n) => is_numeric(v)? && *n != 0.0,
        V::Str(s) => !s.is_empty(),
        V::Arr(a) => match a.items.len() {
            0 => false,
            1 => truthy(&a.items[0])?,
            _ => {
                let mut any = false;
                for item in &a.items {
                    any |= truthy(item)?;
                }
                any
            }
        },
        V::Obj(o) => !o.is_empty(),
        V::Fun(_) => false,
    })
}

/// The arguments a higher-order function passes: the value, then the index and the array
/// when the function takes them.
pub(crate) fn hof_args<'a>(func: &V<'a>, value: V<'a>, index: V<'a>, all: V<'a>) -> Vec<V<'a>> {
    let arity = match func {
        V::Fun(f) => f.arity(),
        _ => 1,
    };
    let mut args = vec![value];
    if arity >= 2 {
        args.push(index);
    }
    if arity >= 3 {
        args.push(all);
    }
    args
}
