//! JSONata's regular expressions (JavaScript syntax, flags `i` and `m`) on the `regex`
//! crate, whose matching time is linear in the input: a hostile pattern cannot hang an
//! evaluation. JavaScript's classes (`\d`, `\w`, `\s`, `.`) keep their JavaScript meaning;
//! constructs the crate does not have (backreferences, lookaround) are refused with an error
//! naming them. Positions are in characters.

use super::value::{Obj, V};
use crate::JsonataError;
use regex::{Regex, RegexBuilder};

/// A compiled JSONata regular expression.
#[derive(Debug)]
pub(crate) struct JsRegex {
    regex: Regex,
    source: String,
}

/// One match: its text, its character offsets and its groups.
pub(crate) struct Match {
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub groups: Vec<Option<String>>,
}

impl JsRegex {
    /// Compiles `pattern` with `flags`.
    pub(super) fn new(pattern: &str, flags: &str) -> Result<JsRegex, JsonataError> {
        let translated = translate(pattern)?;
        let regex = RegexBuilder::new(&translated)
            .case_insensitive(flags.contains('i'))
            .multi_line(flags.contains('m'))
            .size_limit(8 * 1024 * 1024)
            .dfa_size_limit(8 * 1024 * 1024)
            .build()
            .map_err(|e| {
                JsonataError::new("S0303")
                    .extra(format!("/{pattern}/: {}", first_line(&e.to_string())))
            })?;
        Ok(JsRegex {
            regex,
            source: pattern.to_owned(),
        })
    }

    /// The pattern as written.
    pub(super) fn source(&self) -> &str {
        &self.source
    }

    /// The first match in `text` at or after character `from`.
    pub(super) fn find_at(&self, text: &str, from: usize) -> Option<Match> {
        let total = text.chars().count();
        let byte_from = match text.char_indices().nth(from) {
            Some((b, _)) => b,
            None if from == total => text.len(),
            None => return None,
        };
        if byte_from > text.len() {
            return None;
        }
        let caps = self.regex.captures_at(text, byte_from)?;
        let whole = caps.get(0)?;
        let start = text[..whole.start()].chars().count();
        let matched = whole.as_str().to_owned();
        let end = start + matched.chars().count();
        let groups = (1..caps.len())
            .map(|i| caps.get(i).map(|m| m.as_str().to_owned()))
            .collect();
        Some(Match {
            text: matched,
            start,
            end,
            groups,
        })
    }

    /// Every match in `text`, as JavaScript's global matching finds them (an empty match
    /// moves on by one character).
    #[cfg(test)]
    pub(super) fn find_all(&self, text: &str, limit: Option<usize>) -> Vec<Match> {
        let mut out = Vec::new();
        let mut from = 0;
        let total = text.chars().count();
        while limit.is_none_or(|l| out.len() < l) && from <= total {
            let Some(m) = self.find_at(text, from) else {
                break;
            };
            from = if m.end == m.start { m.end + 1 } else { m.end };
            out.push(m);
        }
        out
    }
}

fn first_line(s: &str) -> String {
    s.lines()
        .rfind(|l| !l.trim().is_empty())
        .unwrap_or(s)
        .trim()
        .to_owned()
}

/// The match object a regular expression returns when called: `match`, `start`, `end`,
/// `groups` and `next`.
pub(crate) fn match_object<'a>(
    re: &std::rc::Rc<JsRegex>,
    text: &std::rc::Rc<str>,
    from: usize,
) -> V<'a> {
    let Some(m) = re.find_at(text, from) else {
        return V::Undef;
    };
    let mut o = Obj::new();
    o.insert("match".into(), V::str(m.text.as_str()));
    o.insert("start".into(), V::Num(m.start as f64));
    o.insert("end".into(), V::Num(m.end as f64));
    o.insert(
        "groups".into(),
        V::array(
            m.groups
                .into_iter()
                .map(|g| g.map_or(V::Undef, |g| V::str(g.as_str())))
                .collect(),
        ),
    );
    let next_from = if m.end == m.start { m.end + 1 } else { m.end };
    let total = text.chars().count();
    if next_from <= total {
        o.insert(
            "next".into(),
            V::Fun(std::rc::Rc::new(super::func::Func::RegexNext {
                regex: re.clone(),
                text: text.clone(),
                from: next_from,
            })),
        );
    }
    V::object(o)
}

/// Translates JavaScript regular-expression syntax to the `regex` crate's.
fn translate(js: &str) -> Result<String, JsonataError> {
    let unsupported = |what: &str| {
        Err(JsonataError::new("S0303").extra(format!(
            "/{js}/ uses {what}, which this engine does not support (it guarantees linear-time matching)"
        )))
    };
    let chars: Vec<char> = js.chars().collect();
    let mut out = String::with_capacity(js.len() + 8);
    let mut i = 0;
    let mut in_class = false;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' => {
                let Some(&e) = chars.get(i + 1) else {
                    out.push_str("\\\\");
                    i += 1;
                    continue;
                };
                i += 2;
                match e {
                    'd' => out.push_str(if in_class { "0-9" } else { "[0-9]" }),
                    'D' => out.push_str(if in_class { r"\D" } else { "[^0-9]" }),
                    'w' => out.push_str(if in_class {
                        "A-Za-z0-9_"
                    } else {
                        "[A-Za-z0-9_]"
                    }),
                    'W' => out.push_str(if in_class { r"\W" } else { "[^A-Za-z0-9_]" }),
                    's' => out.push_str(if in_class { JS_SPACE } else { "[\\s\u{feff}]" }),
                    'S' => out.push_str(if in_class { r"\S" } else { "[^\\s\u{feff}]" }),
                    'b' if in_class => out.push_str(r"\x08"),
                    'b' | 'B' => {
                        out.push('\\');
                        out.push(e);
                    }
                    'n' | 'r' | 't' | 'f' | 'v' => {
                        out.push('\\');
                        out.push(e);
                    }
                    '0' => out.push_str(r"\x00"),
                    '1'..='9' => return unsupported("a backreference"),
                    'k' => return unsupported("a named backreference"),
                    'u' => {
                        let hex: String = chars.iter().skip(i).take(4).collect();
                        if hex.len() == 4 && hex.chars().all(|h| h.is_ascii_hexdigit()) {
                            out.push_str(&format!("\\x{{{hex}}}"));
                            i += 4;
                        } else {
                            out.push('u');
                        }
                    }
                    'x' => {
                        let hex: String = chars.iter().skip(i).take(2).collect();
                        if hex.len() == 2 && hex.chars().all(|h| h.is_ascii_hexdigit()) {
                            out.push_str(&format!("\\x{hex}"));
                            i += 2;
                        } else {
                            out.push('x');
                        }
                    }
                    'c' => {
                        if let Some(&l) = chars.get(i)
                            && l.is_ascii_alphabetic()
                        {
                            out.push_str(&format!("\\x{:02x}", (l as u8) % 32));
                            i += 1;
                        } else {
                            out.push_str(r"\\c");
                        }
                    }
                    other if other.is_ascii_alphanumeric() => out.push(other),
                    other => {
                        // An escaped punctuation character is that character.
                        out.push_str(&regex::escape(&other.to_string()));
                    }
                }
                continue;
            }
            '[' if !in_class => {
                in_class = true;
                out.push('[');
                if chars.get(i + 1) == Some(&'^') {
                    out.push('^');
                    i += 1;
                }
                // A `]` right at the start is literal in Rust, but closes an empty class in
                // JavaScript.
                if chars.get(i + 1) == Some(&']') {
                    return unsupported("an empty character class");
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            '[' | '&' | '~' | '-' if in_class => {
                // Characters with a meaning in Rust's classes only.
                if c == '-' {
                    out.push('-');
                } else {
                    out.push('\\');
                    out.push(c);
                }
            }
            '.' if !in_class => out.push_str("[^\n\r\u{2028}\u{2029}]"),
            '(' if !in_class && chars.get(i + 1) == Some(&'?') => {
                match (chars.get(i + 2), chars.get(i + 3)) {
                    (Some(':'), _) => {
                        out.push_str("(?:");
                        i += 3;
                        continue;
                    }
                    (Some('='), _) | (Some('!'), _) => return unsupported("a lookahead"),
                    (Some('<'), Some('=')) | (Some('<'), Some('!')) => {
                        return unsupported("a lookbehind");
                    }
                    (Some('<'), _) => {
                        out.push_str("(?P<");
                        i += 3;
                        continue;
                    }
                    _ => out.push('('),
                }
            }
            '$' if !in_class => out.push('$'),
            other => out.push(other),
        }
        i += 1;
    }
    Ok(out)
}

/// JavaScript's `\s` inside a class.
const JS_SPACE: &str = "\\s\u{feff}";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn javascript_syntax_and_linear_time() {
        let re = JsRegex::new(r"\d+\.\w", "").unwrap();
        assert_eq!(re.find_at("ab 12.x", 0).map(|m| m.start), Some(3));
        let re = JsRegex::new("a.c", "i").unwrap();
        assert!(re.find_at("A\nC", 0).is_none());
        assert!(re.find_at("AbC", 0).is_some());
        // Catastrophic backtracking patterns run in linear time.
        let re = JsRegex::new("(a+)+$", "").unwrap();
        let text = "a".repeat(50_000) + "!";
        assert!(re.find_at(&text, 0).is_none());
        assert_eq!(JsRegex::new(r"(a)\1", "").unwrap_err().code, "S0303");
        assert_eq!(JsRegex::new("a(?=b)", "").unwrap_err().code, "S0303");
        let all = JsRegex::new("a*", "").unwrap().find_all("baa", None);
        assert_eq!(
            all.iter().map(|m| (m.start, m.end)).collect::<Vec<_>>(),
            vec![(0, 0), (1, 3), (3, 3)]
        );
    }
}
