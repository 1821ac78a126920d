//! String functions: `$string`, `$substring…`, `$pad`, `$trim`, `$contains`, `$match`,
//! `$replace`, `$split`, `$join`, base64 and URL encoding.

use super::super::evaluator::{Evaluator, json_text};
use super::super::func::FrameId;
use super::super::value::{V, js_number_15, stringify};
use super::super::work::Work;
use crate::JsonataError;
use std::cmp::Ordering;

type R<'a> = Result<V<'a>, JsonataError>;

/// A value as `$string` writes it.
pub(crate) fn to_string(v: &V<'_>, pretty: bool) -> Result<String, JsonataError> {
    match v {
        V::Str(s) => Ok(s.to_string()),
        V::Fun(_) => Ok(String::new()),
        V::Num(n) if !n.is_finite() => Err(JsonataError::new("D3001").value(json_text(v))),
        V::Num(n) => Ok(js_number_15(*n)),
        other => stringify(other, pretty),
    }
}

/// JavaScript's string order: by UTF-16 code units.
/// A lone surrogate (held as a character of its own, `workflow_text::surrogate`) is the one
/// code unit it stands for.
pub(crate) fn cmp_js_strings(a: &str, b: &str) -> Ordering {
    js_units(a).cmp(js_units(b))
}

/// The UTF-16 code units of `s` as JavaScript holds it: a held lone surrogate as itself.
fn js_units(s: &str) -> impl Iterator<Item = u16> + '_ {
    s.chars().flat_map(|c| {
        let mut pair = [0u16; 2];
        let units: Vec<u16> = match workflow_text::surrogate::held(c) {
            Some(unit) => vec![unit],
            None => c.encode_utf16(&mut pair).to_vec(),
        };
        units
    })
}

pub(super) fn string<'a>(v: V<'a>, pretty: V<'a>) -> R<'a> {
    if v.is_undef() {
        return Ok(V::Undef);
    }
    let pretty = matches!(pretty, V::Bool(true));
    Ok(V::str(to_string(&v, pretty)?))
}

pub(super) fn map_str<'a>(v: V<'a>, f: impl Fn(&str) -> String) -> R<'a> {
    Ok(match v {
        V::Str(s) => V::str(f(&s)),
        _ => V::Undef,
    })
}

pub(super) fn length<'a>(v: V<'a>) -> R<'a> {
    Ok(match v {
        V::Str(s) => V::Num(s.chars().count() as f64),
        _ => V::Undef,
    })
}

/// `$trim`: whitespace runs become one space; leading and trailing spaces go.
pub(super) fn trim(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_space = false;
    for c in s.chars() {
        if matches!(c, ' ' | '\t' | '\n' | '\r') {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    let out = out.strip_prefix(' ').unwrap_or(&out);
    out.strip_suffix(' ').unwrap_or(out).to_owned()
}

fn num(v: &V<'_>) -> Option<f64> {
    match v {
        V::Num(n) => Some(*n),
        _ => None,
    }
}

pub(super) fn substring<'a>(s: V<'a>, start: V<'a>, length: V<'a>) -> R<'a> {
    let V::Str(s) = s else { return Ok(V::Undef) };
    let chars: Vec<char> = s.chars().collect();
    let len = chars.len() as f64;
    let mut start = num(&start).unwrap_or(0.0).trunc();
    if len + start < 0.0 {
        start = 0.0;
    }
    let slice = |from: f64, to: f64| -> String {
        let norm = |i: f64| -> usize {
            let i = if i < 0.0 {
                (len + i).max(0.0)
            } else {
                i.min(len)
            };
            i as usize
        };
        let (a, b) = (norm(from), norm(to));
        if a >= b {
            String::new()
        } else {
            chars[a..b].iter().collect()
        }
    };
    Ok(V::str(match num(&length) {
        Some(l) => {
            let l = l.trunc();
            if l <= 0.0 {
                String::new()
            } else {
                let end = if start >= 0.0 {
                    start + l
                } else {
                    len + start + l
                };
                slice(start, end)
            }
        }
        None => slice(start, len),
    }))
}

pub(super) fn substring_before<'a>(s: V<'a>, chars: V<'a>) -> R<'a> {
    let (V::Str(s), V::Str(c)) = (&s, &chars) else {
        return Ok(if let V::Str(s) = s {
            V::Str(s)
        } else {
            V::Undef
        });
    };
    Ok(V::str(match s.find(&**c) {
        Some(i) => &s[..i],
        None => &**s,
    }))
}

pub(super) fn substring_after<'a>(s: V<'a>, chars: V<'a>) -> R<'a> {
    let (V::Str(s), V::Str(c)) = (&s, &chars) else {
        return Ok(if let V::Str(s) = s {
            V::Str(s)
        } else {
            V::Undef
        });
    };
    Ok(V::str(match s.find(&**c) {
        Some(i) => &s[i + c.len()..],
        None => &**s,
    }))
}

pub(super) fn pad<'a>(ev: &Evaluator<'a, '_>, s: V<'a>, width: V<'a>, ch: V<'a>) -> R<'a> {
    let V::Str(s) = s else { return Ok(V::Undef) };
    let width = num(&width).unwrap_or(0.0);
    let ch: String = match ch {
        V::Str(c) if !c.is_empty() => c.to_string(),
        _ => " ".into(),
    };
    let current = s.chars().count() as f64;
    let pad_len = width.abs().trunc() - current;
    // NaN pads nothing, as the reference's `padLength > 0` is false for it; an infinite width
    // is past the memory limit below.
    if pad_len.is_nan() || pad_len <= 0.0 {
        return Ok(V::Str(s));
    }
    // The result has `width` characters, at least as many UTF-16 units.
    ev.admit(Work::text(width.abs().trunc()))?;
    let pad_len = pad_len as usize;
    let padding: String = ch.chars().cycle().take(pad_len).collect();
    Ok(V::str(if width > 0.0 {
        format!("{s}{padding}")
    } else {
        format!("{padding}{s}")
    }))
}

/// Runs a matcher (a regular expression or any function returning match objects) on `s`.
fn evaluate_matcher<'a>(
    ev: &Evaluator<'a, '_>,
    matcher: &V<'a>,
    args: Vec<V<'a>>,
    input: &V<'a>,
    env: FrameId,
) -> R<'a> {
    let result = ev.apply(matcher, args, input, env)?;
    if let V::Obj(o) = &result {
        let ok = matches!(o.get("start"), Some(V::Num(_)))
            || matches!(o.get("end"), Some(V::Num(_)))
            || matches!(o.get("groups"), Some(V::Arr(_)))
            || matches!(o.get("next"), Some(V::Fun(_)));
        if !ok {
            return Err(JsonataError::new("T1010"));
        }
    } else if !result.is_undef() {
        return Err(JsonataError::new("T1010"));
    }
    Ok(result)
}

/// The next match after `m` (its `next` function), or nothing.
fn next_match<'a>(ev: &Evaluator<'a, '_>, m: &V<'a>, input: &V<'a>, env: FrameId) -> R<'a> {
    match m {
        V::Obj(o) => match o.get("next") {
            Some(next @ V::Fun(_)) => evaluate_matcher(ev, next, Vec::new(), input, env),
            _ => Ok(V::Undef),
        },
        _ => Ok(V::Undef),
    }
}

fn field<'a>(m: &V<'a>, key: &str) -> V<'a> {
    match m {
        V::Obj(o) => o.get(key).cloned().unwrap_or(V::Undef),
        _ => V::Undef,
    }
}

pub(super) fn contains<'a>(
    ev: &Evaluator<'a, '_>,
    s: V<'a>,
    token: V<'a>,
    input: &V<'a>,
    env: FrameId,
) -> R<'a> {
    let V::Str(s) = s else { return Ok(V::Undef) };
    Ok(V::Bool(match &token {
        V::Str(t) => s.contains(&**t),
        _ => !evaluate_matcher(ev, &token, vec![V::Str(s)], input, env)?.is_undef(),
    }))
}

pub(super) fn match_<'a>(
    ev: &Evaluator<'a, '_>,
    s: V<'a>,
    regex: V<'a>,
    limit: V<'a>,
    input: &V<'a>,
    env: FrameId,
) -> R<'a> {
    let V::Str(s) = s else { return Ok(V::Undef) };
    let limit = num(&limit);
    if limit.is_some_and(|l| l < 0.0) {
        return Err(JsonataError::new("D3040").extra("3"));
    }
    let mut out = Vec::new();
    if limit.is_none_or(|l| l > 0.0) {
        let mut m = evaluate_matcher(ev, &regex, vec![V::Str(s)], input, env)?;
        while !m.is_undef() && limit.is_none_or(|l| (out.len() as f64) < l) {
            let mut o = super::super::value::Obj::new();
            o.insert("match".into(), field(&m, "match"));
            o.insert("index".into(), field(&m, "start"));
            o.insert("groups".into(), field(&m, "groups"));
            out.push(V::object(o));
            ev.spend(1)?;
            m = next_match(ev, &m, input, env)?;
        }
    }
    Ok(V::sequence(out))
}

pub(super) fn replace<'a>(
    ev: &Evaluator<'a, '_>,
    s: V<'a>,
    pattern: V<'a>,
    replacement: V<'a>,
    limit: V<'a>,
    input: &V<'a>,
    env: FrameId,
) -> R<'a> {
    let V::Str(s) = s else { return Ok(V::Undef) };
    if matches!(&pattern, V::Str(p) if p.is_empty()) {
        return Err(JsonataError::new("D3010").extra("2"));
    }
    let limit = num(&limit);
    if limit.is_some_and(|l| l < 0.0) {
        return Err(JsonataError::new("D3011").extra("4"));
    }
    if limit.is_some_and(|l| l == 0.0) {
        return Ok(V::Str(s));
    }
    let under_limit = |count: usize| limit.is_none_or(|l| (count as f64) < l);
    let mut result = String::new();
    match &pattern {
        V::Str(p) => {
            let mut position = 0;
            let mut count = 0;
            while under_limit(count) {
                let Some(i) = s[position..].find(&**p) else {
                    break;
                };
                result.push_str(&s[position..position + i]);
                if let V::Str(r) = &replacement {
                    result.push_str(r);
                }
                position += i + p.len();
                count += 1;
                ev.check_text(&result)?;
            }
            result.push_str(&s[position..]);
        }
        _ => {
            let chars: Vec<char> = s.chars().collect();
            let mut m = evaluate_matcher(ev, &pattern, vec![V::Str(s.clone())], input, env)?;
            if m.is_undef() {
                return Ok(V::Str(s));
            }
            let mut position = 0usize;
            let mut count = 0;
            while !m.is_undef() && under_limit(count) {
                let start = match field(&m, "start") {
                    V::Num(n) => n as usize,
                    _ => position,
                };
                let matched = match field(&m, "match") {
                    V::Str(t) => t.to_string(),
                    _ => String::new(),
                };
                result.extend(chars.get(position..start.min(chars.len())).unwrap_or(&[]));
                let replaced = match &replacement {
                    V::Str(r) => substitute(r, &matched, &field(&m, "groups")),
                    func => match ev.apply(func, vec![m.clone()], input, env)? {
                        V::Str(r) => r.to_string(),
                        other => {
                            return Err(JsonataError::new("D3012").value(json_text(&other)));
                        }
                    },
                };
                result.push_str(&replaced);
                ev.check_text(&result)?;
                position = start + matched.chars().count();
                count += 1;
                m = next_match(ev, &m, input, env)?;
            }
            result.extend(chars.get(position.min(chars.len())..).unwrap_or(&[]));
        }
    }
    Ok(V::str(result))
}

/// A replacement string's `$0`, `$1`… and `$$`.
fn substitute(replacement: &str, matched: &str, groups: &V<'_>) -> String {
    let groups: Vec<Option<String>> = match groups {
        V::Arr(a) => a
            .items
            .iter()
            .map(|g| match g {
                V::Str(s) => Some(s.to_string()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    let chars: Vec<char> = replacement.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c != '$' {
            out.push(c);
            i += 1;
            continue;
        }
        i += 1;
        match chars.get(i) {
            Some('$') => {
                out.push('$');
                i += 1;
            }
            Some('0') => {
                out.push_str(matched);
                i += 1;
            }
            _ => {
                let max_digits = if groups.is_empty() {
                    1
                } else {
                    (groups.len() as f64).log10().floor() as usize + 1
                };
                let digits: String = chars[i..]
                    .iter()
                    .take(max_digits)
                    .take_while(|c| c.is_ascii_digit())
                    .collect();
                let mut index: Option<usize> = digits.parse().ok();
                let mut used = digits.len();
                if max_digits > 1
                    && let Some(n) = index
                    && n > groups.len()
                {
                    let shorter: String = digits.chars().take(max_digits - 1).collect();
                    index = shorter.parse().ok();
                    used = shorter.len();
                }
                match index {
                    Some(n) => {
                        if n > 0
                            && let Some(Some(g)) = groups.get(n - 1)
                        {
                            out.push_str(g);
                        }
                        i += used;
                    }
                    None => out.push('$'),
                }
            }
        }
    }
    out
}

/// ECMA-262's `ToUint32`: the number truncated toward zero, modulo 2^32; NaN and the
/// infinities are 0.
fn to_uint32(n: f64) -> u32 {
    if !n.is_finite() {
        return 0;
    }
    let t = n.trunc().rem_euclid(4_294_967_296.0);
    // `t` is a whole number from 0 to 2^32 - 1 here.
    t as u32
}

pub(super) fn split<'a>(
    ev: &Evaluator<'a, '_>,
    s: V<'a>,
    separator: V<'a>,
    limit: V<'a>,
    input: &V<'a>,
    env: FrameId,
) -> R<'a> {
    let V::Str(s) = s else { return Ok(V::Undef) };
    let limit = num(&limit);
    if limit.is_some_and(|l| l < 0.0) {
        return Err(JsonataError::new("D3020").extra("3"));
    }
    let mut out: Vec<V<'a>> = Vec::new();
    // The reference splits only when there is no limit or it is above zero (NaN is not).
    if limit.is_some_and(|l| l.is_nan() || l <= 0.0) {
        return Ok(V::array(out));
    }
    // A string separator splits with JavaScript's `String.prototype.split(separator, limit)`,
    // which takes the limit as `ToUint32(limit)` (ECMA-262: truncated, modulo 2^32; an infinite
    // limit is 0), so `2.5` keeps 2 parts; a regular expression counts its matches against the
    // limit itself, so `2.5` keeps 3.
    let cap = limit.map(to_uint32);
    let under_cap = |n: usize| cap.is_none_or(|c| (n as u64) < u64::from(c));
    let under = |n: usize| limit.is_none_or(|l| (n as f64) < l);
    match &separator {
        V::Str(sep) => {
            let under = under_cap;
            if sep.is_empty() {
                for c in s.chars() {
                    if !under(out.len()) {
                        break;
                    }
                    out.push(V::str(c.to_string()));
                }
            } else {
                for part in s.split(&**sep) {
                    if !under(out.len()) {
                        break;
                    }
                    out.push(V::str(part));
                }
            }
        }
        _ => {
            let chars: Vec<char> = s.chars().collect();
            let mut m = evaluate_matcher(ev, &separator, vec![V::Str(s.clone())], input, env)?;
            if m.is_undef() {
                out.push(V::Str(s));
            } else {
                let mut start = 0usize;
                let mut count = 0;
                while !m.is_undef() && under(count) {
                    let ms = match field(&m, "start") {
                        V::Num(n) => n as usize,
                        _ => start,
                    };
                    let me = match field(&m, "end") {
                        V::Num(n) => n as usize,
                        _ => ms,
                    };
                    out.push(V::str(
                        chars
                            .get(
                                start.min(chars.len())
                                    ..ms.min(chars.len()).max(start.min(chars.len())),
                            )
                            .unwrap_or(&[])
                            .iter()
                            .collect::<String>(),
                    ));
                    start = me;
                    count += 1;
                    m = next_match(ev, &m, input, env)?;
                }
                if under(count) {
                    out.push(V::str(
                        chars
                            .get(start.min(chars.len())..)
                            .unwrap_or(&[])
                            .iter()
                            .collect::<String>(),
                    ));
                }
            }
        }
    }
    Ok(V::array(out))
}

pub(super) fn join<'a>(ev: &Evaluator<'a, '_>, strs: V<'a>, sep: V<'a>) -> R<'a> {
    let V::Arr(a) = strs else { return Ok(V::Undef) };
    let sep = match sep {
        V::Str(s) => s.to_string(),
        _ => String::new(),
    };
    // The result holds every item and the separator between each two (UTF-16 units), held to
    // the memory limit before it is built: 100,000 items joined by a 100,000-character
    // separator once built 10^10 characters. Its steps are not spent here: the items were
    // counted when they were built.
    let units = |s: &str| s.encode_utf16().count() as f64;
    let items: f64 = a
        .items
        .iter()
        .map(|v| match v {
            V::Str(s) => units(s),
            _ => 0.0,
        })
        .sum();
    let separators = units(&sep) * a.items.len().saturating_sub(1) as f64;
    ev.admit(Work {
        held: items + separators,
        steps: 0.0,
        endless_recursion: false,
    })?;
    let parts: Vec<String> = a
        .items
        .iter()
        .map(|v| match v {
            V::Str(s) => s.to_string(),
            _ => String::new(),
        })
        .collect();
    Ok(V::str(parts.join(&sep)))
}

pub(super) fn base64_encode<'a>(v: V<'a>) -> R<'a> {
    use base64::Engine as _;
    let V::Str(s) = v else { return Ok(V::Undef) };
    // `btoa` encodes the string's characters as Latin-1 bytes.
    let bytes: Vec<u8> = s.chars().map(|c| (c as u32 & 0xFF) as u8).collect();
    Ok(V::str(
        base64::engine::general_purpose::STANDARD.encode(bytes),
    ))
}

/// `$base64decode`. Text that is not Base64 fails the expression (`D3137`, so the state fails
/// with `States.QueryEvaluationError`), as on AWS, whose JSONata evaluator runs on the JVM and
/// decodes with `java.util.Base64.getDecoder()`: the standard alphabet, no whitespace, padding
/// optional, trailing bits ignored, and an `IllegalArgumentException` for anything else (its
/// Javadoc). The reference implementation's Node.js `Buffer` decodes any text, skipping what is
/// not Base64; AWS does not (issue 42's comparison with AWS).
pub(super) fn base64_decode<'a>(v: V<'a>) -> R<'a> {
    use base64::Engine as _;
    let V::Str(s) = v else { return Ok(V::Undef) };
    let engine = base64::engine::GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent)
            .with_decode_allow_trailing_bits(true),
    );
    let bytes = engine.decode(s.as_bytes()).map_err(|e| {
        JsonataError::new("D3137").extra(format!(
            "The argument of $base64decode() is not Base64: {e}"
        ))
    })?;
    // `atob` gives one character per byte (Latin-1).
    Ok(V::str(
        bytes.iter().map(|b| char::from(*b)).collect::<String>(),
    ))
}

/// `encodeURIComponent` (`component`) or `encodeURI`.
pub(super) fn encode_url<'a>(v: V<'a>, component: bool) -> R<'a> {
    let V::Str(s) = v else { return Ok(V::Undef) };
    const UNRESERVED: &str = "-_.!~*'()";
    const RESERVED: &str = ";,/?:@&=+$#";
    // A lone surrogate is no character URI encoding can write: JavaScript's encodeURI throws
    // a URIError, which the reference reports as D3140.
    if s.chars()
        .any(|c| workflow_text::surrogate::held(c).is_some())
    {
        return Err(JsonataError::new("D3140")
            .token(if component {
                "encodeUrlComponent"
            } else {
                "encodeUrl"
            })
            .value(json_text(&V::Str(s.clone()))));
    }
    let mut out = String::new();
    for c in s.chars() {
        let keep = c.is_ascii_alphanumeric()
            || UNRESERVED.contains(c)
            || (!component && RESERVED.contains(c));
        if keep {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    Ok(V::str(out))
}

/// `decodeURIComponent` (`component`) or `decodeURI`.
pub(super) fn decode_url<'a>(v: V<'a>, component: bool) -> R<'a> {
    let V::Str(s) = v else { return Ok(V::Undef) };
    let name = if component {
        "decodeUrlComponent"
    } else {
        "decodeUrl"
    };
    let malformed = || {
        JsonataError::new("D3140")
            .token(name)
            .value(json_text(&V::str(&*s)))
    };
    const RESERVED: &str = ";,/?:@&=+$#";
    let bytes = s.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'%' {
            out.push(bytes[i]);
            i += 1;
            continue;
        }
        let hex = s.get(i + 1..i + 3).ok_or_else(malformed)?;
        let b = u8::from_str_radix(hex, 16).map_err(|_| malformed())?;
        if !component && b < 0x80 && RESERVED.contains(b as char) {
            out.extend_from_slice(&bytes[i..i + 3]);
        } else {
            out.push(b);
        }
        i += 3;
    }
    String::from_utf8(out).map(V::str).map_err(|_| malformed())
}
