//! JSONata strings (`"{% <expr> %}"`) of ASL's JSONata query language: recognising them, and a
//! lexical scan of the expression (not a full parser) that checks quotes, comments and brackets
//! and lists the variables, `$states` fields and functions it uses.

use super::error::{PathError, char_index, show};
use std::collections::HashSet;

/// What [`scan_jsonata`] found in an expression. Offsets are byte offsets into the scanned text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JsonataScan {
    /// Whether the expression uses `$$` (not allowed in ASL's JSONata).
    pub uses_double_dollar: bool,
    /// Every `$name` reference that is not a function call, with the offset of its `$`; names
    /// bound in the expression (`function($a)` parameters, `$x :=` assignments) are left out.
    /// `$states` references are included.
    pub variables: Vec<(String, usize)>,
    /// For each `$states.X` reference, `X` (e.g. `input`, `result`, `errorOutput`, `context`)
    /// with the offset of its `$`.
    pub states_fields: Vec<(String, usize)>,
    /// The names of called functions (`$fn(` gives `fn`), each once, in order of first use.
    pub functions: Vec<String>,
    /// Offsets of every bare `$` (the context value), which ASL's JSONata forbids: data comes
    /// from `$states` and variables.
    pub bare_dollars: Vec<usize>,
    /// Field names at the top level of the expression, outside any bracket and not after a
    /// `.` (e.g. `items` in `{% items %}`): they would read the context value, which ASL's
    /// JSONata forbids.
    pub bare_names: Vec<(String, usize)>,
}

/// The trimmed expression inside `{% ... %}`, when `s` is a JSONata string; otherwise `None`.
///
/// ```
/// use workflow_asl::path::jsonata_body;
/// assert_eq!(jsonata_body("{% $states.input.x %}"), Some("$states.input.x"));
/// assert_eq!(jsonata_body("$.x"), None);
/// ```
#[must_use]
pub fn jsonata_body(s: &str) -> Option<&str> {
    jsonata_body_with_offset(s).map(|(_, body)| body)
}

/// Like [`jsonata_body`], with the byte offset of the trimmed expression in `s` (add it to the
/// offsets [`scan_jsonata`] reports to locate them in `s`).
#[must_use]
pub fn jsonata_body_with_offset(s: &str) -> Option<(usize, &str)> {
    let inner = s.strip_prefix("{%")?.strip_suffix("%}")?;
    let body = inner.trim();
    let leading = inner.len() - inner.trim_start().len();
    Some((2 + leading, body))
}

/// Whether `s` is a JSONata expression, `{% … %}`: the one test of "is this evaluated as
/// JSONata" (the engine, the validator, the macro and the IAM policy all ask it). The whole
/// string counts: `" {% 1 %}"` is a literal, as it is to Step Functions. To spot a string meant
/// as JSONata but malformed (`{% 1`), use [`looks_like_jsonata`].
///
/// ```
/// use workflow_asl::path::is_jsonata;
/// assert!(is_jsonata("{% $states.input.x %}"));
/// assert!(!is_jsonata("{% $states.input.x"));
/// assert!(!is_jsonata(" {% 1 %}"));
/// assert!(!is_jsonata("$.x"));
/// ```
#[must_use]
pub fn is_jsonata(s: &str) -> bool {
    jsonata_body(s).is_some()
}

/// Whether `s` starts with `{%`, i.e. is meant as a JSONata string (even if malformed).
#[must_use]
pub fn looks_like_jsonata(s: &str) -> bool {
    s.starts_with("{%")
}

/// Scans a JSONata expression: skips string literals (`"..."`, `'...'`, with backslash escapes),
/// backquoted names, `/* */` comments and regular expressions where a value is expected; checks
/// that `()`, `[]` and `{}` balance; and collects what [`JsonataScan`] lists.
///
/// # Errors
///
/// A [`PathError`] at an unterminated string, backquoted name or comment, at a closing bracket
/// that matches nothing or the wrong opener, or at the innermost bracket left open.
///
/// ```
/// use workflow_asl::path::scan_jsonata;
/// let scan = scan_jsonata("$uppercase($states.input.name) & $suffix").unwrap();
/// assert_eq!(scan.functions, ["uppercase"]);
/// assert_eq!(scan.states_fields, [("input".to_string(), 11)]);
/// ```
pub fn scan_jsonata(expr: &str) -> Result<JsonataScan, PathError> {
    let mut scanner = Scanner {
        text: expr,
        pos: 0,
        operand: false,
        stack: Vec::new(),
        pending_function: false,
        bound: HashSet::new(),
        scan: JsonataScan::default(),
    };
    scanner.run()?;
    let Scanner {
        mut scan, bound, ..
    } = scanner;
    scan.variables.retain(|(name, _)| !bound.contains(name));
    Ok(scan)
}

/// An open bracket: the character, where it is, and whether it opens a function's parameters.
struct Open {
    bracket: char,
    offset: usize,
    parameters: bool,
}

struct Scanner<'a> {
    text: &'a str,
    pos: usize,
    /// Whether the previous token was a value (so a `/` divides instead of starting a regex).
    operand: bool,
    stack: Vec<Open>,
    /// `function` or `λ` was just seen: the next `(` opens a parameter list.
    pending_function: bool,
    bound: HashSet<String>,
    scan: JsonataScan,
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

impl<'a> Scanner<'a> {
    fn rest(&self) -> &'a str {
        self.text.get(self.pos..).unwrap_or("")
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn take_while(&mut self, keep: impl Fn(char) -> bool) -> &'a str {
        let start = self.pos;
        while self.peek().is_some_and(&keep) {
            self.bump();
        }
        self.text.get(start..self.pos).unwrap_or("")
    }

    /// The first character after any whitespace, without consuming anything.
    fn next_significant(&self) -> Option<char> {
        self.rest().trim_start().chars().next()
    }

    fn error(&self, offset: usize, message: impl FnOnce(usize) -> String) -> PathError {
        PathError::new(offset, message(char_index(self.text, offset)))
    }

    fn run(&mut self) -> Result<(), PathError> {
        while let Some(c) = self.peek() {
            let start = self.pos;
            match c {
                c if c.is_whitespace() => {
                    self.bump();
                }
                '"' | '\'' | '`' => {
                    self.quoted(c)?;
                    self.operand = true;
                }
                '/' if self.rest().starts_with("/*") => self.comment()?,
                '/' if !self.operand && self.regex() => self.operand = true,
                '(' | '[' | '{' => self.open(c),
                ')' | ']' | '}' => self.close(c)?,
                '$' => self.dollar(),
                'λ' => {
                    self.bump();
                    self.pending_function = true;
                    self.operand = false;
                }
                c if is_name_char(c) => self.word(),
                _ => {
                    self.bump();
                    self.operand = false;
                }
            }
            if self.pos == start {
                // Never loop forever, whatever a branch above did.
                self.bump();
            }
        }
        match self.stack.last() {
            Some(open) => {
                let (bracket, offset) = (open.bracket, open.offset);
                Err(self.error(offset, |at| {
                    format!(
                        "unclosed `{bracket}` at character {at}; add `{}`",
                        closing(bracket)
                    )
                }))
            }
            None => Ok(()),
        }
    }

    fn quoted(&mut self, quote: char) -> Result<(), PathError> {
        let open = self.pos;
        self.bump();
        loop {
            match self.bump() {
                None if quote == '`' => {
                    return Err(self.error(open, |at| {
                        format!(
                            "unclosed backquoted name at character {at}; add a closing backquote"
                        )
                    }));
                }
                None => {
                    return Err(self.error(open, |at| {
                        format!("unclosed `{quote}` at character {at}; add a closing `{quote}`")
                    }));
                }
                Some('\\') if quote != '`' => {
                    self.bump();
                }
                Some(c) if c == quote => return Ok(()),
                Some(_) => {}
            }
        }
    }

    fn comment(&mut self) -> Result<(), PathError> {
        let open = self.pos;
        match self.rest().get(2..).and_then(|r| r.find("*/")) {
            Some(end) => {
                self.pos += 2 + end + 2;
                Ok(())
            }
            None => Err(self.error(open, |at| {
                format!("unclosed comment `/*` at character {at}; add `*/`")
            })),
        }
    }

    /// Skips a regular expression literal `/.../flags` when it is closed (as JSONata does, a `/`
    /// inside unescaped brackets does not close it); returns whether it did.
    fn regex(&mut self) -> bool {
        let mut escaped = false;
        let mut depth = 0i64;
        let mut end = None;
        for (i, c) in self.rest().char_indices().skip(1) {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' => depth -= 1,
                '/' if depth == 0 => {
                    end = Some(i);
                    break;
                }
                _ => {}
            }
        }
        match end {
            Some(end) => {
                self.pos += end + 1;
                self.take_while(|c| c.is_ascii_alphabetic());
                true
            }
            None => false,
        }
    }

    fn open(&mut self, bracket: char) {
        self.stack.push(Open {
            bracket,
            offset: self.pos,
            parameters: self.pending_function && bracket == '(',
        });
        self.bump();
        self.pending_function = false;
        self.operand = false;
    }

    fn close(&mut self, bracket: char) -> Result<(), PathError> {
        let at = self.pos;
        match self.stack.pop() {
            Some(open) if closing(open.bracket) == bracket => {
                self.bump();
                self.operand = true;
                Ok(())
            }
            Some(open) => Err(self.error(at, |pos| {
                format!(
                    "`{bracket}` at character {pos} does not match the `{}` at character {}; \
                     close it with `{}`",
                    open.bracket,
                    char_index(self.text, open.offset),
                    closing(open.bracket)
                )
            })),
            None => Err(self.error(at, |pos| {
                format!(
                    "unmatched `{}` at character {pos}; remove it or add the opening `{}`",
                    show(bracket),
                    opening(bracket)
                )
            })),
        }
    }

    fn in_parameters(&self) -> bool {
        self.stack.last().is_some_and(|open| open.parameters)
    }

    fn dollar(&mut self) {
        let start = self.pos;
        self.bump();
        self.operand = true;
        if self.peek() == Some('$') {
            self.bump();
            self.scan.uses_double_dollar = true;
            return;
        }
        let name = self.take_while(is_name_char);
        if name.is_empty() {
            self.scan.bare_dollars.push(start);
            return;
        }
        let rest = self.rest().trim_start();
        if rest.starts_with('(') {
            if !self.scan.functions.iter().any(|f| f == name) {
                self.scan.functions.push(name.to_string());
            }
        } else if rest.starts_with(":=") || self.in_parameters() {
            self.bound.insert(name.to_string());
        } else {
            self.scan.variables.push((name.to_string(), start));
            if name == "states" {
                self.states_field(start);
            }
        }
    }

    /// After `$states`: records `X` of `.X`.
    fn states_field(&mut self, dollar: usize) {
        let Some(after_dot) = self.rest().strip_prefix('.') else {
            return;
        };
        let field: String = after_dot.chars().take_while(|&c| is_name_char(c)).collect();
        if !field.is_empty() {
            self.scan.states_fields.push((field, dollar));
        }
    }

    fn word(&mut self) {
        let start = self.pos;
        let word = self.take_while(is_name_char);
        let after_dot = self
            .text
            .get(..start)
            .is_some_and(|before| before.trim_end().ends_with('.'));
        let keyword = matches!(
            word,
            "and" | "or" | "in" | "true" | "false" | "null" | "function"
        );
        let number = word.starts_with(|c: char| c.is_ascii_digit());
        if self.stack.is_empty() && !after_dot && !keyword && !number {
            self.scan.bare_names.push((word.to_string(), start));
        }
        match word {
            "function" if self.next_significant() == Some('(') => {
                self.pending_function = true;
                self.operand = false;
            }
            "and" | "or" | "in" => self.operand = false,
            _ => self.operand = true,
        }
    }
}

fn closing(open: char) -> char {
    match open {
        '(' => ')',
        '[' => ']',
        _ => '}',
    }
}

fn opening(close: char) -> char {
    match close {
        ')' => '(',
        ']' => '[',
        _ => '{',
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn scan(expr: &str) -> JsonataScan {
        match scan_jsonata(expr) {
            Ok(s) => s,
            Err(e) => panic!("`{expr}` should scan: {e} (offset {})", e.offset),
        }
    }

    fn err(expr: &str, offset: usize, fragments: &[&str]) {
        match scan_jsonata(expr) {
            Ok(s) => panic!("`{expr}` should not scan: {s:?}"),
            Err(e) => {
                assert_eq!(e.offset, offset, "offset for `{expr}`: {}", e.message);
                for f in fragments {
                    assert!(
                        e.message.contains(f),
                        "`{expr}`: `{f}` not in {}",
                        e.message
                    );
                }
            }
        }
    }

    fn names(list: &[(String, usize)]) -> Vec<&str> {
        list.iter().map(|(n, _)| n.as_str()).collect()
    }

    #[test]
    fn body() {
        assert_eq!(jsonata_body("{% $x %}"), Some("$x"));
        assert_eq!(jsonata_body("{%$x%}"), Some("$x"));
        assert_eq!(jsonata_body("{%%}"), Some(""));
        assert_eq!(jsonata_body("{%}"), None);
        assert_eq!(jsonata_body("{% $x"), None);
        assert_eq!(jsonata_body(" {% $x %}"), None);
        assert_eq!(jsonata_body("$.x"), None);
        assert_eq!(jsonata_body_with_offset("{%  $x %}"), Some((4, "$x")));
        assert_eq!(jsonata_body_with_offset("{%é%}"), Some((2, "é")));
        assert!(looks_like_jsonata("{% broken"));
        assert!(looks_like_jsonata("{%"));
        assert!(!looks_like_jsonata(" {%"));
        assert!(!looks_like_jsonata("$.a"));
    }

    #[test]
    fn variables_and_states() {
        let s = scan("$states.input.JobRun.JobRunState = \"FAILED\"");
        assert_eq!(s.states_fields, vec![("input".to_string(), 0)]);
        assert_eq!(names(&s.variables), ["states"]);
        assert!(!s.uses_double_dollar);
        let s = scan("'api_endpoint'& $locationId &'/get-data'");
        assert_eq!(s.variables, vec![("locationId".to_string(), 16)]);
        let s = scan(
            "{ 'a': $states.result.x, 'b': $states.errorOutput, 'c': $states.context.Execution.Id }",
        );
        assert_eq!(
            names(&s.states_fields),
            ["result", "errorOutput", "context"]
        );
        let s = scan("$states . input");
        assert!(s.states_fields.is_empty());
        let s = scan("$ .a");
        assert!(s.variables.is_empty());
        let s = scan("$$.a + $x");
        assert!(s.uses_double_dollar);
        assert_eq!(names(&s.variables), ["x"]);
        let s = scan("$détail + $_x1");
        assert_eq!(names(&s.variables), ["détail", "_x1"]);
    }

    #[test]
    fn functions_are_not_variables() {
        let s = scan("$lowercase('EvaluationJob' & $KnowledgeBaseId & $uuid())");
        assert_eq!(s.functions, ["lowercase", "uuid"]);
        assert_eq!(names(&s.variables), ["KnowledgeBaseId"]);
        let s = scan("$string ($millis()) & $string($x)");
        assert_eq!(s.functions, ["string", "millis"]);
        assert_eq!(names(&s.variables), ["x"]);
    }

    #[test]
    fn bound_names_are_excluded() {
        let s =
            scan("( $x := $states.input.n; $y := function($a, $b) { $a + $b + $z }; $y($x, $w) )");
        assert_eq!(names(&s.variables), ["states", "z", "w"]);
        assert_eq!(s.functions, ["y"]);
        let s = scan("$map($v, λ($e) { $e * $k })");
        assert_eq!(names(&s.variables), ["v", "k"]);
        let s = scan("$map($v, function($e)<n:n> { $e })");
        assert_eq!(names(&s.variables), ["v"]);
        let s = scan("$f := function($n) { $n <= 1 ? 1 : $n * $f($n - 1) }");
        assert!(s.variables.is_empty(), "{:?}", s.variables);
    }

    #[test]
    fn skips_strings_comments_and_regexes() {
        let s = scan("\"$notvar\" & '$nor' & `$field name` /* $comment */ & $yes");
        assert_eq!(names(&s.variables), ["yes"]);
        let s = scan(r#"$replace($s, '\"', '')"#);
        assert_eq!(names(&s.variables), ["s"]);
        let s = scan(r"$match($s, /a\(b[/]c/i) & $t");
        assert_eq!(names(&s.variables), ["s", "t"]);
        let s = scan("$a / $b / 2");
        assert_eq!(names(&s.variables), ["a", "b"]);
        let s = scan("($a) / ($b)");
        assert_eq!(names(&s.variables), ["a", "b"]);
        let s = scan("$x ~> /[a-z]+/i");
        assert_eq!(names(&s.variables), ["x"]);
        let s = scan("$number($states.input.failed) > 0 or $number($states.input.rejected) > 0");
        assert_eq!(s.functions, ["number"]);
        assert_eq!(s.states_fields.len(), 2);
        let s = scan("'tmp/'&$taskId&'/'&'part-'&$millis()&'.json'");
        assert_eq!(names(&s.variables), ["taskId"]);
    }

    #[test]
    fn rejects_unbalanced() {
        err("$f(1", 2, &["unclosed `(` at character 2", "add `)`"]);
        err("[1, 2", 0, &["unclosed `[`", "add `]`"]);
        err("{ 'a': 1", 0, &["unclosed `{`", "add `}`"]);
        err(
            "$a)",
            2,
            &["unmatched `)` at character 2", "add the opening `(`"],
        );
        err(
            "($a]",
            3,
            &[
                "`]` at character 3 does not match the `(` at character 0",
                "close it with `)`",
            ],
        );
        err("'abc", 0, &["unclosed `'` at character 0"]);
        err("\"a\\\"", 0, &["unclosed `\"`"]);
        err(
            "`name",
            0,
            &[
                "unclosed backquoted name at character 0",
                "closing backquote",
            ],
        );
        err("1 /* x", 2, &["unclosed comment `/*`", "add `*/`"]);
        err("é(", 2, &["character 1"]);
    }

    #[test]
    fn slash_without_close_is_division() {
        let s = scan("/ $a");
        assert_eq!(names(&s.variables), ["a"]);
    }

    proptest! {
        #[test]
        fn never_panics_on_arbitrary_text(text in any::<String>()) {
            let _ = scan_jsonata(&text);
            let _ = jsonata_body(&text);
            let _ = jsonata_body_with_offset(&text);
        }

        #[test]
        fn never_panics_on_jsonata_like_text(text in "[$.\\[\\]{}'\"`*/?@()=<>!&|,:;λ0-9a-z \\\\]{0,40}") {
            if let Ok(s) = scan_jsonata(&text) {
                for (name, offset) in s.variables.iter().chain(&s.states_fields) {
                    prop_assert!(!name.is_empty());
                    prop_assert!(text.get(*offset..).is_some_and(|r| r.starts_with('$')));
                }
            }
        }
    }
}
