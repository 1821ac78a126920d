//! Numeric functions: aggregates, `$number`, rounding, `$power`, `$sqrt`, `$formatNumber`
//! (XPath's picture strings) and `$formatBase`.

use super::super::evaluator::json_text;
use super::super::value::{V, js_number};
use super::Builtin;
use crate::JsonataError;

type R<'a> = Result<V<'a>, JsonataError>;

fn finite(n: f64) -> Result<f64, JsonataError> {
    if n.is_finite() {
        Ok(n)
    } else {
        Err(JsonataError::new("D1001").value(json_text(&V::Num(n))))
    }
}

/// `$sum`, `$max`, `$min`, `$average`, `$count`.
pub(super) fn aggregate<'a>(b: Builtin, arr: V<'a>) -> R<'a> {
    let items = match &arr {
        V::Undef => {
            return Ok(if b == Builtin::Count {
                V::Num(0.0)
            } else {
                V::Undef
            });
        }
        V::Arr(a) => a.items.clone(),
        other => vec![other.clone()],
    };
    if b == Builtin::Count {
        return Ok(V::Num(items.len() as f64));
    }
    let nums: Vec<f64> = items
        .iter()
        .filter_map(|v| match v {
            V::Num(n) => Some(*n),
            _ => None,
        })
        .collect();
    Ok(match b {
        Builtin::Sum => V::Num(nums.iter().sum()),
        _ if nums.is_empty() => V::Undef,
        Builtin::Max => V::Num(nums.iter().copied().fold(f64::NEG_INFINITY, f64::max)),
        Builtin::Min => V::Num(nums.iter().copied().fold(f64::INFINITY, f64::min)),
        _ => V::Num(nums.iter().sum::<f64>() / nums.len() as f64),
    })
}

pub(super) fn number<'a>(v: V<'a>) -> R<'a> {
    Ok(match v {
        V::Undef => V::Undef,
        V::Num(n) => V::Num(n),
        V::Bool(b) => V::Num(if b { 1.0 } else { 0.0 }),
        V::Str(s) => V::Num(
            parse_number(&s)
                .ok_or_else(|| JsonataError::new("D3030").value(json_text(&V::Str(s.clone()))))?,
        ),
        other => return Err(JsonataError::new("D3030").value(json_text(&other))),
    })
}

/// A string JSONata's `$number` accepts: a decimal number (as JSON writes one, a leading `-`
/// allowed) or a `0x`, `0o`, `0b` literal.
fn parse_number(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let mut i = 0;
    if b.first() == Some(&b'-') {
        i = 1;
    }
    let digits_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let decimal_ok = i > digits_start && {
        let mut j = i;
        if j < b.len() && b[j] == b'.' {
            j += 1;
            let f = j;
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            if j == f {
                j = usize::MAX;
            }
        }
        if j != usize::MAX && j < b.len() && (b[j] == b'e' || b[j] == b'E') {
            j += 1;
            if j < b.len() && (b[j] == b'+' || b[j] == b'-') {
                j += 1;
            }
            let e = j;
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            if j == e {
                j = usize::MAX;
            }
        }
        j == b.len()
    };
    if decimal_ok {
        return s.parse::<f64>().ok().filter(|f| f.is_finite());
    }
    let radix = |prefix: &[&str], r: u32| -> Option<f64> {
        prefix
            .iter()
            .find_map(|p| s.strip_prefix(p))
            .and_then(|rest| {
                if rest.is_empty() {
                    return None;
                }
                u128::from_str_radix(rest, r).ok().map(|v| v as f64)
            })
    };
    // JavaScript's pattern anchors only its first alternative at the start and its last at
    // the end; these three forms are what it accepts in practice.
    radix(&["0x", "0X"], 16)
        .or_else(|| radix(&["0o", "0O"], 8))
        .or_else(|| radix(&["0b", "0B"], 2))
}

pub(super) fn unary<'a>(v: V<'a>, f: fn(f64) -> f64) -> R<'a> {
    Ok(match v {
        V::Num(n) => V::Num(f(n)),
        _ => V::Undef,
    })
}

pub(super) fn sqrt<'a>(v: V<'a>) -> R<'a> {
    match v {
        V::Num(n) if n < 0.0 => Err(JsonataError::new("D3060").extra("1").value(js_number(n))),
        V::Num(n) => Ok(V::Num(n.sqrt())),
        _ => Ok(V::Undef),
    }
}

pub(super) fn power<'a>(base: V<'a>, exp: V<'a>) -> R<'a> {
    let (V::Num(b), V::Num(e)) = (&base, &exp) else {
        return Ok(V::Undef);
    };
    let r = b.powf(*e);
    if !r.is_finite() {
        return Err(JsonataError::new("D3061")
            .value(js_number(*b))
            .extra(js_number(*e)));
    }
    Ok(V::Num(r))
}

/// `Math.round` with JSONata's half-to-even correction.
pub(crate) fn round_half_even(x: f64) -> f64 {
    let mut r = (x + 0.5).floor();
    let diff = r - x;
    if diff.abs() == 0.5 && (r % 2.0).abs() == 1.0 {
        r -= 1.0;
    }
    if r == 0.0 { 0.0 } else { r }
}

/// Shifts the decimal point of `x` by `places` through its decimal text (as JSONata does, to
/// avoid binary rounding).
fn shift(x: f64, places: f64) -> f64 {
    let text = js_number(x);
    let (mantissa, exp) = match text.split_once('e') {
        Some((m, e)) => (m.to_owned(), e.parse::<f64>().unwrap_or(0.0)),
        None => (text, 0.0),
    };
    format!("{mantissa}e{}", exp + places)
        .parse::<f64>()
        .unwrap_or(x)
}

pub(super) fn round<'a>(v: V<'a>, precision: V<'a>) -> R<'a> {
    let V::Num(x) = v else { return Ok(V::Undef) };
    Ok(V::Num(round_with(x, precision_of(&precision))))
}

fn precision_of(p: &V<'_>) -> f64 {
    match p {
        V::Num(n) => *n,
        _ => 0.0,
    }
}

fn round_with(x: f64, precision: f64) -> f64 {
    let shifted = if precision != 0.0 {
        shift(x, precision)
    } else {
        x
    };
    let mut r = round_half_even(shifted);
    if precision != 0.0 {
        r = shift(r, -precision);
    }
    if r == 0.0 { 0.0 } else { r }
}

pub(super) fn format_base<'a>(v: V<'a>, radix: V<'a>) -> R<'a> {
    let V::Num(x) = v else { return Ok(V::Undef) };
    let x = round_half_even(finite(x)?);
    let radix = match radix {
        V::Num(r) => round_half_even(r),
        _ => 10.0,
    };
    if !(2.0..=36.0).contains(&radix) {
        return Err(JsonataError::new("D3100").value(js_number(radix)));
    }
    let radix = radix as u32;
    let negative = x < 0.0;
    let mut n = x.abs() as u128;
    let mut digits = Vec::new();
    if n == 0 {
        digits.push('0');
    }
    while n > 0 {
        let d = (n % u128::from(radix)) as u32;
        digits.push(char::from_digit(d, radix).unwrap_or('0'));
        n /= u128::from(radix);
    }
    if negative {
        digits.push('-');
    }
    Ok(V::str(digits.iter().rev().collect::<String>()))
}

/// The decimal-format properties of `$formatNumber`.
struct Props {
    decimal: char,
    grouping: char,
    exponent: char,
    minus: String,
    percent: char,
    per_mille: char,
    zero: char,
    digit: char,
    pattern: char,
}

fn prop_char(o: &super::super::value::Obj<'_>, key: &str, default: char) -> char {
    match o.get(key) {
        Some(V::Str(s)) => s.chars().next().unwrap_or(default),
        _ => default,
    }
}

pub(super) fn format_number<'a>(v: V<'a>, picture: V<'a>, options: V<'a>) -> R<'a> {
    let V::Num(value) = v else {
        return Ok(V::Undef);
    };
    let V::Str(picture) = picture else {
        return Ok(V::Undef);
    };
    let empty = super::super::value::Obj::new();
    let o = match &options {
        V::Obj(o) => &**o,
        _ => &empty,
    };
    let p = Props {
        decimal: prop_char(o, "decimal-separator", '.'),
        grouping: prop_char(o, "grouping-separator", ','),
        exponent: prop_char(o, "exponent-separator", 'e'),
        minus: match o.get("minus-sign") {
            Some(V::Str(s)) => s.to_string(),
            _ => "-".into(),
        },
        percent: prop_char(o, "percent", '%'),
        per_mille: prop_char(o, "per-mille", '\u{2030}'),
        zero: prop_char(o, "zero-digit", '0'),
        digit: prop_char(o, "digit", '#'),
        pattern: prop_char(o, "pattern-separator", ';'),
    };
    Ok(V::str(format_picture(value, &picture, &p)?))
}

/// One analysed sub-picture.
#[derive(Clone)]
struct Pic {
    integer_grouping: Vec<usize>,
    regular_grouping: usize,
    min_integer: usize,
    scaling: usize,
    prefix: String,
    fractional_grouping: Vec<usize>,
    min_fraction: usize,
    max_fraction: usize,
    min_exponent: usize,
    suffix: String,
    picture: String,
}

fn format_picture(value: f64, picture: &str, p: &Props) -> Result<String, JsonataError> {
    let family: Vec<char> = (0..10)
        .filter_map(|i| char::from_u32(p.zero as u32 + i))
        .collect();
    let is_digit = |c: char| family.contains(&c);
    let active: Vec<char> = family
        .iter()
        .copied()
        .chain([p.decimal, p.exponent, p.grouping, p.digit, p.pattern])
        .collect();
    let is_active = |c: char| active.contains(&c);
    let subs: Vec<&str> = picture.split(p.pattern).collect();
    if subs.len() > 2 {
        return Err(JsonataError::new("D3080"));
    }
    let mut pics = Vec::new();
    for sub in &subs {
        let chars: Vec<char> = sub.chars().collect();
        // A sub-picture with no active character (but the exponent separator) has no prefix
        // and no suffix: all of it is its active part, whose passive characters are D3086.
        // AWS answers `$formatNumber(1, "x")` so (floci-io/floci issue #2737, measured on AWS);
        // the reference implementation fails with a JavaScript TypeError there.
        let (first, last) = match (
            chars.iter().position(|&c| is_active(c) && c != p.exponent),
            chars.iter().rposition(|&c| is_active(c) && c != p.exponent),
        ) {
            (Some(first), Some(last)) => (first, last + 1),
            _ => (0, chars.len()),
        };
        let prefix: String = chars[..first.min(chars.len())].iter().collect();
        let suffix: String = chars[last.max(first).min(chars.len())..].iter().collect();
        let active_part: Vec<char> = chars[first.min(last)..last.max(first)].to_vec();
        let exp_pos = chars
            .iter()
            .skip(first)
            .position(|&c| c == p.exponent)
            .map(|i| i + first);
        let (mantissa, exponent): (Vec<char>, Option<Vec<char>>) = match exp_pos {
            Some(e) if e <= chars.len() - suffix.chars().count() => {
                let rel = e - first;
                (
                    active_part[..rel.min(active_part.len())].to_vec(),
                    Some(active_part.get(rel + 1..).unwrap_or(&[]).to_vec()),
                )
            }
            _ => (active_part.clone(), None),
        };
        let (integer, fractional): (Vec<char>, Vec<char>) =
            match mantissa.iter().position(|&c| c == p.decimal) {
                Some(d) => (mantissa[..d].to_vec(), mantissa[d + 1..].to_vec()),
                None => (mantissa.clone(), suffix.chars().collect()),
            };
        // Validation, as the reference implementation (the last error found wins).
        let count = |c: char| chars.iter().filter(|&&x| x == c).count();
        let mut error = None;
        if count(p.decimal) > 1 {
            error = Some("D3081");
        }
        if count(p.percent) > 1 {
            error = Some("D3082");
        }
        if count(p.per_mille) > 1 {
            error = Some("D3083");
        }
        if count(p.percent) > 0 && count(p.per_mille) > 0 {
            error = Some("D3084");
        }
        if !mantissa.iter().any(|&c| is_digit(c) || c == p.digit) {
            error = Some("D3085");
        }
        if active_part.iter().any(|&c| !is_active(c)) {
            error = Some("D3086");
        }
        let decimal_pos = chars.iter().position(|&c| c == p.decimal);
        match decimal_pos {
            Some(d) => {
                if (d > 0 && chars[d - 1] == p.grouping) || chars.get(d + 1) == Some(&p.grouping) {
                    error = Some("D3087");
                }
            }
            None => {
                if integer.last() == Some(&p.grouping) {
                    error = Some("D3088");
                }
            }
        }
        if chars
            .windows(2)
            .any(|w| w[0] == p.grouping && w[1] == p.grouping)
        {
            error = Some("D3089");
        }
        if let Some(opt) = integer.iter().position(|&c| c == p.digit)
            && integer[..opt].iter().any(|&c| is_digit(c))
        {
            error = Some("D3090");
        }
        if let Some(opt) = fractional.iter().rposition(|&c| c == p.digit)
            && fractional[opt..].iter().any(|&c| is_digit(c))
        {
            error = Some("D3091");
        }
        if let Some(e) = &exponent {
            if !e.is_empty() && (count(p.percent) > 0 || count(p.per_mille) > 0) {
                error = Some("D3092");
            }
            if e.is_empty() || e.iter().any(|&c| !is_digit(c)) {
                error = Some("D3093");
            }
        }
        if let Some(code) = error {
            return Err(JsonataError::new(code));
        }
        // Analysis.
        // As the reference implementation: the first separator is looked for in `part`, the
        // next ones in the integer part (which only matters for the fractional part).
        let grouping_positions = |part: &[char], to_left: bool| -> Vec<usize> {
            let mut out = Vec::new();
            let mut at = part.iter().position(|&c| c == p.grouping);
            while let Some(i) = at {
                let side = if to_left {
                    part.get(..i).unwrap_or(part)
                } else {
                    part.get(i..).unwrap_or(&[])
                };
                out.push(
                    side.iter()
                        .filter(|&&c| is_digit(c) || c == p.digit)
                        .count(),
                );
                at = integer
                    .iter()
                    .skip(i + 1)
                    .position(|&c| c == p.grouping)
                    .map(|j| j + i + 1);
                if out.len() > part.len() + integer.len() {
                    break;
                }
            }
            out
        };
        let integer_grouping = grouping_positions(&integer, false);
        let regular_grouping = regular(&integer_grouping);
        let fractional_grouping = grouping_positions(&fractional, true);
        let mut min_integer = integer.iter().filter(|&&c| is_digit(c)).count();
        let scaling = min_integer;
        let mut min_fraction = fractional.iter().filter(|&&c| is_digit(c)).count();
        let mut max_fraction = fractional
            .iter()
            .filter(|&&c| is_digit(c) || c == p.digit)
            .count();
        let exponent_present = exponent.is_some();
        if min_integer == 0 && max_fraction == 0 {
            if exponent_present {
                min_fraction = 1;
                max_fraction = 1;
            } else {
                min_integer = 1;
            }
        }
        if exponent_present && min_integer == 0 && integer.contains(&p.digit) {
            min_integer = 1;
        }
        if min_integer == 0 && min_fraction == 0 {
            min_fraction = 1;
        }
        let min_exponent = exponent
            .as_ref()
            .map_or(0, |e| e.iter().filter(|&&c| is_digit(c)).count());
        pics.push(Pic {
            integer_grouping,
            regular_grouping,
            min_integer,
            scaling,
            prefix,
            fractional_grouping,
            min_fraction,
            max_fraction,
            min_exponent,
            suffix,
            picture: sub.to_string(),
        });
    }
    if pics.len() == 1 {
        let mut neg = pics[0].clone();
        neg.prefix = format!("{}{}", p.minus, neg.prefix);
        pics.push(neg);
    }
    let pic = if value >= 0.0 { &pics[0] } else { &pics[1] };
    let adjusted = if pic.picture.contains(p.percent) {
        value * 100.0
    } else if pic.picture.contains(p.per_mille) {
        value * 1000.0
    } else {
        value
    };
    let (mantissa, exponent) = if pic.min_exponent == 0 {
        (adjusted, None)
    } else {
        let max_m = 10f64.powi(pic.scaling as i32);
        let min_m = 10f64.powi(pic.scaling as i32 - 1);
        let mut m = adjusted;
        let mut e = 0i32;
        let mut guard = 0;
        while m < min_m && guard < 400 {
            m *= 10.0;
            e -= 1;
            guard += 1;
        }
        while m > max_m && guard < 800 {
            m /= 10.0;
            e += 1;
            guard += 1;
        }
        (m, Some(e))
    };
    let rounded = round_with(mantissa, pic.max_fraction as f64);
    let make = |v: f64, dp: usize| -> String {
        let s = format!("{:.*}", dp, v.abs());
        if p.zero == '0' {
            s
        } else {
            s.chars()
                .map(|c| {
                    if c.is_ascii_digit() {
                        family[(c as u8 - b'0') as usize]
                    } else {
                        c
                    }
                })
                .collect()
        }
    };
    let mut s: Vec<char> = make(rounded, pic.max_fraction).chars().collect();
    match s.iter().position(|&c| c == '.') {
        Some(i) => s[i] = p.decimal,
        None => s.push(p.decimal),
    }
    while s.first() == Some(&p.zero) {
        s.remove(0);
    }
    while s.last() == Some(&p.zero) {
        s.pop();
    }
    let dp = s.iter().position(|&c| c == p.decimal).unwrap_or(s.len());
    let pad_left = pic.min_integer as i64 - dp as i64;
    let pad_right = pic.min_fraction as i64 - (s.len() as i64 - dp as i64 - 1);
    if pad_left > 0 {
        for _ in 0..pad_left {
            s.insert(0, p.zero);
        }
    }
    if pad_right > 0 {
        for _ in 0..pad_right {
            s.push(p.zero);
        }
    }
    let mut dp = s.iter().position(|&c| c == p.decimal).unwrap_or(s.len());
    if let Some(groups) = dp.saturating_sub(1).checked_div(pic.regular_grouping) {
        for g in 1..=groups {
            let at = dp - g * pic.regular_grouping;
            s.insert(at, p.grouping);
        }
    } else {
        for &pos in &pic.integer_grouping {
            if pos <= dp {
                s.insert(dp - pos, p.grouping);
                dp += 1;
            }
        }
    }
    let dp = s.iter().position(|&c| c == p.decimal).unwrap_or(s.len());
    for &pos in &pic.fractional_grouping {
        let at = pos + dp + 1;
        if at <= s.len() {
            s.insert(at, p.grouping);
        }
    }
    let dp = s.iter().position(|&c| c == p.decimal).unwrap_or(s.len());
    if !pic.picture.contains(p.decimal) || dp + 1 == s.len() {
        s.pop();
    }
    let mut out: String = s.into_iter().collect();
    if let Some(e) = exponent {
        let mut se = make(e as f64, 0);
        let pad = pic.min_exponent as i64 - se.chars().count() as i64;
        if pad > 0 {
            se = std::iter::repeat_n(p.zero, pad as usize).collect::<String>() + &se;
        }
        out.push(p.exponent);
        if e < 0 {
            out.push_str(&p.minus);
        }
        out.push_str(&se);
    }
    Ok(format!("{}{out}{}", pic.prefix, pic.suffix))
}

/// The regular grouping interval of positions (0 when irregular).
pub(super) fn regular(positions: &[usize]) -> usize {
    if positions.is_empty() {
        return 0;
    }
    fn gcd(a: usize, b: usize) -> usize {
        if b == 0 { a } else { gcd(b, a % b) }
    }
    let factor = positions.iter().copied().reduce(gcd).unwrap_or(0);
    if factor == 0 {
        return 0;
    }
    for i in 1..=positions.len() {
        if !positions.contains(&(i * factor)) {
            return 0;
        }
    }
    factor
}
