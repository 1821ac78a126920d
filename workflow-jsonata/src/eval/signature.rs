//! Checking arguments against a function signature (`<s-nn?:s>`) as JSONata does: the
//! arguments' type symbols are matched against a pattern built from the signature; a missing
//! argument marked `-` takes the context value; an array parameter wraps a single value.

use super::value::{Arr, V};
use crate::JsonataError;
use crate::ast::{SigParam, Signature};
use regex::Regex;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

thread_local! {
    static PATTERNS: RefCell<HashMap<String, Option<Rc<Regex>>>> = RefCell::new(HashMap::new());
}

/// The pattern fragment of one parameter.
fn param_pattern(p: &SigParam) -> String {
    let mut s = match p.kind.as_str() {
        "a" | "x" => "[asnblfom]".to_owned(),
        "f" => "f".to_owned(),
        "j" => "[asnblom]".to_owned(),
        k if k.starts_with('(') => format!("[{}m]", p.types),
        k => format!("[{k}m]"),
    };
    if p.optional {
        s.push('?');
    }
    if p.repeated {
        s.push('+');
    }
    s
}

fn compiled(pattern: &str) -> Option<Rc<Regex>> {
    PATTERNS.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(r) = cache.get(pattern) {
            return r.clone();
        }
        let r = Regex::new(pattern).ok().map(Rc::new);
        if cache.len() < 4096 {
            cache.insert(pattern.to_owned(), r.clone());
        }
        r
    })
}

/// The plural JSONata's T0412 message uses for an array's item type.
fn plural(subtype: &str) -> &'static str {
    match subtype.chars().next() {
        Some('a') => "arrays",
        Some('b') => "booleans",
        Some('f') => "functions",
        Some('n') => "numbers",
        Some('o') => "objects",
        Some('s') => "strings",
        _ => "values",
    }
}

/// Validates `args` against `sig`; returns the arguments the function receives.
pub(crate) fn validate<'a>(
    sig: &Signature,
    args: Vec<V<'a>>,
    context: &V<'a>,
) -> Result<Vec<V<'a>>, JsonataError> {
    let supplied: String = args.iter().map(V::symbol).collect();
    let pattern = format!(
        "^{}$",
        sig.params
            .iter()
            .map(|p| format!("({})", param_pattern(p)))
            .collect::<String>()
    );
    let Some(re) = compiled(&pattern) else {
        return Ok(args);
    };
    let Some(caps) = re.captures(&supplied) else {
        return Err(mismatch(sig, &supplied));
    };
    let mut out = Vec::with_capacity(args.len());
    let mut index = 0;
    for (i, param) in sig.params.iter().enumerate() {
        let matched = caps.get(i + 1).map_or("", |m| m.as_str());
        if matched.is_empty() {
            if param.context {
                let symbol = context.symbol().to_string();
                let base = match param.kind.as_str() {
                    "a" | "x" => "[asnblfom]".to_owned(),
                    "f" => "f".to_owned(),
                    "j" => "[asnblom]".to_owned(),
                    k if k.starts_with('(') => format!("[{}m]", param.types),
                    k => format!("[{k}m]"),
                };
                let ok = compiled(&base).is_some_and(|r| r.is_match(&symbol));
                if ok {
                    out.push(context.clone());
                } else {
                    return Err(JsonataError::new("T0411").extra((index + 1).to_string()));
                }
            } else {
                out.push(args.get(index).cloned().unwrap_or(V::Undef));
                index += 1;
            }
            continue;
        }
        for single in matched.chars() {
            let arg = args.get(index).cloned().unwrap_or(V::Undef);
            if param.kind == "a" {
                if single == 'm' {
                    out.push(V::Undef);
                } else {
                    if let Some(sub) = &param.subtype {
                        let ok = if single != 'a' {
                            matched == sub.as_str()
                        } else {
                            match &arg {
                                V::Arr(a) if !a.items.is_empty() => {
                                    let first = a.items[0].symbol();
                                    sub.starts_with(first)
                                        && a.items.iter().all(|v| v.symbol() == first)
                                }
                                _ => true,
                            }
                        };
                        if !ok {
                            return Err(JsonataError::new("T0412")
                                .extra((index + 1).to_string())
                                .value(format!("\"{}\"", plural(sub))));
                        }
                    }
                    if single == 'a' {
                        out.push(arg);
                    } else {
                        out.push(V::Arr(Rc::new(Arr {
                            items: vec![arg],
                            ..Arr::default()
                        })));
                    }
                }
            } else {
                out.push(arg);
            }
            index += 1;
        }
    }
    Ok(out)
}

/// The T0410 error naming the first argument that does not fit.
fn mismatch(sig: &Signature, supplied: &str) -> JsonataError {
    let mut partial = String::from("^");
    let mut good_to = 0;
    for p in &sig.params {
        partial.push_str(&param_pattern(p));
        match compiled(&partial).and_then(|r| r.find(supplied).map(|m| m.end())) {
            Some(end) => good_to = end,
            None => break,
        }
    }
    JsonataError::new("T0410").extra((good_to + 1).to_string())
}
