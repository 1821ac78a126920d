//! JSONata strings (`"{% <expr> %}"`) of ASL's JSONata query language: recognising them, and a
//! lexical scan of the expression (not a full parser) that checks quotes, comments and brackets
//! and lists the variables, `$states` fields and functions it uses.

use super::error::{PathError, show};
use std::collections::HashSet;
use workflow_text::scan::{Cursor, Escapes, RegexBrackets, RegexSyntax};

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

/// Whether a string is JSONata (`{% … %}`, the whole string) and its expression: the one test
/// of "is this evaluated as JSONata", which the engine, the validator, the macro and the IAM
/// policy all ask. It is defined beside the AWS request checker, the lowest crate that needs it
/// (`workflow_aws_models::jsonata_string`); offsets from [`jsonata_body_with_offset`] add to
/// those [`scan_jsonata`] reports. To spot a string meant as JSONata but malformed (`{% 1`),
/// use [`looks_like_jsonata`].
///
/// ```
/// use workflow_asl::path::{is_jsonata, jsonata_body};
/// assert_eq!(jsonata_body("{% $states.input.x %}"), Some("$states.input.x"));
/// assert!(!is_jsonata(" {% 1 %}"));
/// ```
pub use workflow_aws_models::jsonata_string::{is_jsonata, jsonata_body, jsonata_body_with_offset};

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
        cursor: Cursor::new(expr),
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

/// The scan: a cursor over the expression, what it has seen so far and what it has found.
struct Scanner<'a> {
    cursor: Cursor<'a>,
    /// Whether the previous token was a value (so a `/` divides instead of starting a regex).
    operand: bool,
    /// The brackets open at the cursor, innermost last.
    stack: Vec<Open>,
    /// `function` or `λ` was just seen: the next `(` opens a parameter list.
    pending_function: bool,
    /// The names bound in the expression (parameters, `:=`), left out of the variables.
    bound: HashSet<String>,
    /// What has been found so far.
    scan: JsonataScan,
}

/// A regular expression where a value is expected: a `/` inside brackets does not close it,
/// and an escaped bracket does not count; flags are letters.
const REGEX: RegexSyntax = RegexSyntax {
    brackets: RegexBrackets::Nested,
    is_flag: |c| c.is_ascii_alphabetic(),
};

/// Whether `c` can be part of a name or a `$variable`.
fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

impl<'a> Scanner<'a> {
    /// An error at `offset`, its message written with the character position of `offset`.
    fn error(&self, offset: usize, message: impl FnOnce(usize) -> String) -> PathError {
        PathError::new(offset, message(self.cursor.column(offset)))
    }

    /// Scans the whole expression, then checks that every bracket was closed.
    fn run(&mut self) -> Result<(), PathError> {
        while let Some(c) = self.cursor.peek() {
            let start = self.cursor.pos();
            match c {
                c if c.is_whitespace() => {
                    self.cursor.bump();
                }
                '"' | '\'' | '`' => {
                    self.quoted(c)?;
                    self.operand = true;
                }
                '/' if self.cursor.rest().starts_with("/*") => self.comment()?,
                // A regular expression where a value is expected, when it is closed.
                '/' if !self.operand && self.cursor.regex(REGEX).is_some() => self.operand = true,
                '(' | '[' | '{' => self.open(c),
                ')' | ']' | '}' => self.close(c)?,
                '$' => self.dollar(),
                'λ' => {
                    self.cursor.bump();
                    self.pending_function = true;
                    self.operand = false;
                }
                c if is_name_char(c) => self.word(),
                _ => {
                    self.cursor.bump();
                    self.operand = false;
                }
            }
            if self.cursor.pos() == start {
                // Never loop forever, whatever a branch above did.
                self.cursor.bump();
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

    /// Skips a string literal (`"..."`, `'...'`, backslash escapes) or a backquoted name
    /// (no escapes) starting at its opening `quote`.
    fn quoted(&mut self, quote: char) -> Result<(), PathError> {
        let open = self.cursor.pos();
        let closed = if quote == '`' {
            self.cursor.raw_quoted().is_ok()
        } else {
            self.cursor.skip_quoted(Escapes::KeepUnknown).is_ok()
        };
        match (closed, quote) {
            (true, _) => Ok(()),
            (false, '`') => Err(self.error(open, |at| {
                format!("unclosed backquoted name at character {at}; add a closing backquote")
            })),
            (false, _) => Err(self.error(open, |at| {
                format!("unclosed `{quote}` at character {at}; add a closing `{quote}`")
            })),
        }
    }

    /// Skips a `/* ... */` comment starting at its `/*`.
    fn comment(&mut self) -> Result<(), PathError> {
        let open = self.cursor.pos();
        self.cursor.eat_str("/*");
        if self.cursor.skip_past("*/") {
            return Ok(());
        }
        Err(self.error(open, |at| {
            format!("unclosed comment `/*` at character {at}; add `*/`")
        }))
    }

    fn open(&mut self, bracket: char) {
        self.stack.push(Open {
            bracket,
            offset: self.cursor.pos(),
            parameters: self.pending_function && bracket == '(',
        });
        self.cursor.bump();
        self.pending_function = false;
        self.operand = false;
    }

    fn close(&mut self, bracket: char) -> Result<(), PathError> {
        let at = self.cursor.pos();
        match self.stack.pop() {
            Some(open) if closing(open.bracket) == bracket => {
                self.cursor.bump();
                self.operand = true;
                Ok(())
            }
            Some(open) => Err(self.error(at, |pos| {
                format!(
                    "`{bracket}` at character {pos} does not match the `{}` at character {}; \
                     close it with `{}`",
                    open.bracket,
                    self.cursor.column(open.offset),
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

    /// `$$`, a bare `$`, or `$name` (a function called, a name bound, or a variable read).
    fn dollar(&mut self) {
        let start = self.cursor.pos();
        self.cursor.bump();
        self.operand = true;
        if self.cursor.peek() == Some('$') {
            self.cursor.bump();
            self.scan.uses_double_dollar = true;
            return;
        }
        let name = self.cursor.take_while(is_name_char);
        if name.is_empty() {
            self.scan.bare_dollars.push(start);
            return;
        }
        let rest = self.cursor.rest().trim_start();
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
        let mut ahead = self.cursor;
        if !ahead.eat('.') {
            return;
        }
        let field = ahead.take_while(is_name_char);
        if !field.is_empty() {
            self.scan.states_fields.push((field.to_string(), dollar));
        }
    }

    /// A name or keyword outside `$`.
    fn word(&mut self) {
        let start = self.cursor.pos();
        let word = self.cursor.take_while(is_name_char);
        let after_dot = self.cursor.slice(0, start).trim_end().ends_with('.');
        let keyword = matches!(
            word,
            "and" | "or" | "in" | "true" | "false" | "null" | "function"
        );
        let number = word.starts_with(|c: char| c.is_ascii_digit());
        if self.stack.is_empty() && !after_dot && !keyword && !number {
            self.scan.bare_names.push((word.to_string(), start));
        }
        match word {
            "function" if self.cursor.peek_past_whitespace() == Some('(') => {
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
