//! Checking arguments against a function signature (`<s-nn?:s>`) as JSONata does: the
//! arguments' type symbols are matched against a pattern built from the signature; a missing
//! argument marked `-` takes the context value; an array parameter wraps a single value.

use super::value::{Arr, V};
use crate::JsonataError;
use crate::ast::{SigParam, Signature};
use std::rc::Rc;

/// The symbols a parameter accepts (`m`, a missing argument, among them), as the reference's
/// pattern for it (`[snm]`) writes them.
fn accepted(p: &SigParam) -> String {
    match p.kind.as_str() {
        "a" | "x" => "asnblfom".to_owned(),
        "f" => "f".to_owned(),
        "j" => "asnblom".to_owned(),
        k if k.starts_with('(') => format!("{}m", p.types),
        k => format!("{k}m"),
    }
}

/// One parameter's piece of the pattern the reference implementation builds from a
/// signature (`[snm]`, `[snm]?`, `[snm]+`): the symbols it accepts, how many at least and
/// at most.
struct Piece {
    symbols: String,
    min: usize,
    max: usize,
}

/// The pieces of a signature; `None` when a parameter is both optional and repeated (the
/// reference's pattern, `[…]?+`, is not a regular expression it can use), which is not
/// checked.
fn pieces(sig: &Signature) -> Option<Vec<Piece>> {
    sig.params
        .iter()
        .map(|p| {
            if p.optional && p.repeated {
                return None;
            }
            Some(Piece {
                symbols: accepted(p),
                min: usize::from(!p.optional),
                max: if p.repeated { usize::MAX } else { 1 },
            })
        })
        .collect()
}

/// Matches `supplied` (one symbol per argument) against `pieces` as the reference's regular
/// expression `^(piece)(piece)…$` does: each piece as many symbols as it can take first
/// (greedy, then backtracking), so the spans are the groups the regular expression
/// captures. With `to_end` false the match need not reach the end (the prefix match the T0410
/// message counts with).
fn match_pieces(pieces: &[Piece], supplied: &[u8], to_end: bool) -> Option<Vec<(usize, usize)>> {
    fn go(
        pieces: &[Piece],
        supplied: &[u8],
        to_end: bool,
        at: usize,
        spans: &mut Vec<(usize, usize)>,
    ) -> bool {
        let Some(piece) = pieces.get(spans.len()) else {
            return !to_end || at == supplied.len();
        };
        let run = supplied[at..]
            .iter()
            .take_while(|c| piece.symbols.as_bytes().contains(c))
            .count()
            .min(piece.max);
        for len in (piece.min..=run).rev() {
            spans.push((at, at + len));
            if go(pieces, supplied, to_end, at + len, spans) {
                return true;
            }
            spans.pop();
        }
        false
    }
    let mut spans = Vec::with_capacity(pieces.len());
    go(pieces, supplied, to_end, 0, &mut spans).then_some(spans)
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
    let Some(pieces) = pieces(sig) else {
        return Ok(args);
    };
    let supplied: String = args.iter().map(V::symbol).collect();
    let Some(spans) = match_pieces(&pieces, supplied.as_bytes(), true) else {
        return Err(mismatch(&pieces, &supplied));
    };
    let mut out = Vec::with_capacity(args.len());
    let mut index = 0;
    for (i, param) in sig.params.iter().enumerate() {
        let matched = spans
            .get(i)
            .and_then(|&(from, to)| supplied.get(from..to))
            .unwrap_or("");
        if matched.is_empty() {
            if param.context {
                if accepted(param).contains(context.symbol()) {
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

/// The T0410 error naming the first argument that does not fit: one past the end of the
/// longest run of leading pieces that still match.
fn mismatch(pieces: &[Piece], supplied: &str) -> JsonataError {
    let mut good_to = 0;
    for n in 1..=pieces.len() {
        match match_pieces(&pieces[..n], supplied.as_bytes(), false) {
            Some(spans) => good_to = spans.last().map_or(0, |s| s.1),
            None => break,
        }
    }
    JsonataError::new("T0410").extra((good_to + 1).to_string())
}
