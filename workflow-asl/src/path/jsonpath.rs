//! The ASL JSONPath dialect (Jayway JsonPath syntax, as AWS Step Functions accepts it): the
//! `$`, `$$` and `$variable` roots, dotted and bracketed members, indices, wildcards, slices,
//! unions, recursive descent and `[?(...)]` filters.

use super::error::{MAX_NESTING, PathError, show};
use std::fmt;
use workflow_text::scan::{Cursor, Escapes, NumberSyntax, RegexBrackets, RegexSyntax};

/// A parsed JSONPath such as `$.orders[0].id`, `$$.Task.Token` or `$myVar.items[*]`.
///
/// The source text is kept: [`Path::source`] and `Display` give it back unchanged.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Path {
    /// What the path starts from.
    pub root: Root,
    /// The steps after the root, in order.
    pub segments: Vec<Segment>,
    source: String,
}

/// What a path starts from.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Root {
    /// `$`: the state's input (or whatever the field evaluates against).
    Input,
    /// `$$`: the context object.
    Context,
    /// `$name`: a workflow variable.
    Variable(String),
}

/// One step of a path.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Segment {
    /// `.name`, `['name']` or `["name"]`.
    Child(String),
    /// `[0]` or `[-1]`.
    Index(i64),
    /// `.*` or `[*]`.
    Wildcard,
    /// `[start:end:step]`, each part optional.
    Slice {
        /// First index, when given.
        start: Option<i64>,
        /// End index (exclusive), when given.
        end: Option<i64>,
        /// Step, when given (never 0).
        step: Option<i64>,
    },
    /// `['a','b']` or `[0,1]`.
    Union(Vec<UnionMember>),
    /// `[?(...)]`.
    Filter(Filter),
    /// `..name`, `..*` or `..[...]`: the inner segment applied at every depth.
    Descendant(Box<Segment>),
}

/// One member of a union segment.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum UnionMember {
    /// A quoted member name.
    Name(String),
    /// An array index.
    Index(i64),
}

/// A filter segment `[?(<expr>)]`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Filter {
    /// The parsed expression.
    pub expr: FilterExpr,
    /// The expression's source text (what stands between `?(` and `)`, trimmed).
    pub source: String,
}

/// A filter expression.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum FilterExpr {
    /// A bare path, true when it selects something: `[?(@.isbn)]`.
    Exists(Operand),
    /// `left <op> right`.
    Compare {
        /// Left operand.
        left: Operand,
        /// The operator.
        op: CompareOp,
        /// Right operand.
        right: Operand,
    },
    /// `left =~ /pattern/flags`.
    Regex {
        /// The value matched.
        left: Operand,
        /// The regular expression's source, escapes kept as written.
        pattern: String,
        /// The flags after the closing `/` (e.g. `i`).
        flags: String,
    },
    /// `!expr`.
    Not(Box<FilterExpr>),
    /// `a && b && ...` (two or more terms).
    And(Vec<FilterExpr>),
    /// `a || b || ...` (two or more terms).
    Or(Vec<FilterExpr>),
}

/// A comparison operator in a filter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CompareOp {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `in`
    In,
    /// `nin`
    Nin,
}

impl CompareOp {
    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            CompareOp::Eq => "==",
            CompareOp::Ne => "!=",
            CompareOp::Lt => "<",
            CompareOp::Le => "<=",
            CompareOp::Gt => ">",
            CompareOp::Ge => ">=",
            CompareOp::In => "in",
            CompareOp::Nin => "nin",
        }
    }
}

/// A value in a filter expression.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Operand {
    /// `@...`: a path relative to the node being filtered (`@` alone has no segments).
    Current(Vec<Segment>),
    /// `$...`, `$$...` or `$name...`: an absolute path.
    Path(Path),
    /// A literal value.
    Literal(Literal),
    /// `[literal, ...]`, the right side of `in` / `nin`.
    Array(Vec<Literal>),
}

/// A literal in a filter expression.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Literal {
    /// A number.
    Number(serde_json::Number),
    /// A quoted string, or an unquoted bare word on the right of a comparison
    /// (`@.status == active`).
    String(String),
    /// `true` or `false`.
    Bool(bool),
    /// `null`.
    Null,
}

impl Path {
    /// `$`: the whole input.
    pub fn input() -> Path {
        Path {
            root: Root::Input,
            segments: Vec::new(),
            source: "$".to_owned(),
        }
    }

    /// Whether this is `$`, the whole input (however it is written: `$`, ` $ `).
    pub fn is_whole_input(&self) -> bool {
        self.root == Root::Input && self.segments.is_empty()
    }

    /// The text the path was parsed from.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Whether this is a Reference Path: only `.name`, `['name']` and `[index]` segments (no
    /// wildcard, slice, union, filter or recursive descent).
    pub fn is_reference_path(&self) -> bool {
        self.segments
            .iter()
            .all(|s| matches!(s, Segment::Child(_) | Segment::Index(_)))
    }

    /// Whether the path selects at most one node (the same test as [`Path::is_reference_path`]).
    pub fn is_definite(&self) -> bool {
        self.is_reference_path()
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

/// Parses an ASL JSONPath such as `$.a[0].b`, `$$.Task.Token` or `$myVar.field`.
///
/// The whole text must be the path: leading, trailing or inner whitespace outside brackets is
/// an error.
///
/// # Errors
///
/// A [`PathError`] with the byte offset of the first problem: an empty text, a missing `$`, a
/// trailing `.` or `..`, unclosed brackets or quotes, empty brackets, junk after `]`, whitespace,
/// a variable name that is not an identifier, a malformed filter, or nesting deeper than
/// [`MAX_NESTING`](super::MAX_NESTING).
///
/// ```
/// use workflow_asl::path::{parse_path, Root, Segment};
/// let p = parse_path("$$.Map.Item.Value").unwrap();
/// assert_eq!(p.root, Root::Context);
/// assert_eq!(p.segments.len(), 3);
/// assert!(parse_path("$.a[").is_err());
/// ```
pub fn parse_path(text: &str) -> Result<Path, PathError> {
    parse_path_span(text, 0, text.len())
}

/// Parses `text[start..end]` as a whole path, with offsets and message positions counted in
/// the full `text` (used for paths inside intrinsic functions).
pub(crate) fn parse_path_span(text: &str, start: usize, end: usize) -> Result<Path, PathError> {
    let mut parser = Parser {
        cursor: Cursor::within(text, start, end),
        depth: 0,
    };
    if parser.cursor.peek().is_none() {
        return Err(PathError::new(
            start,
            "empty path; a path starts with `$`, e.g. `$.field`",
        ));
    }
    parser.path(Mode::Whole)
}

/// Where a path ends: the whole text, or the first character that cannot continue it (a path
/// inside a filter, followed by an operator or `)`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Whole,
    Embedded,
}

/// Which operator a comparison uses.
enum Op {
    Compare(CompareOp),
    Regex,
}

/// The parser: a cursor over the text and how deep it is in brackets, parentheses and `!`.
struct Parser<'a> {
    cursor: Cursor<'a>,
    depth: usize,
}

/// An index: `-1`, `0`, `12` (no fraction, no exponent).
const INDEX: NumberSyntax = NumberSyntax {
    minus: true,
    leading_zeros: true,
    fraction_and_exponent: false,
    strict: false,
};

/// A number in a filter: `-1`, `1.5`, `2e3`; a `.` or `e` without digits after it ends the
/// number before it.
const NUMBER: NumberSyntax = NumberSyntax {
    fraction_and_exponent: true,
    ..INDEX
};

/// A regular expression after `=~`: the first unescaped `/` closes it; flags are letters.
const REGEX: RegexSyntax = RegexSyntax {
    brackets: RegexBrackets::Ignored,
    is_flag: |c| c.is_ascii_alphabetic(),
};

/// Whether `c` can start a variable name (`$name`).
fn is_ident_start(c: char) -> bool {
    c == '_' || unicode_ident::is_xid_start(c)
}

/// Whether `c` can be part of a member name written after `.`.
fn is_name_char(c: char, mode: Mode) -> bool {
    let stop = c == '.' || c == '[' || c.is_whitespace();
    match mode {
        Mode::Whole => !stop,
        Mode::Embedded => !stop && !"()]=!<>~&|,".contains(c),
    }
}

/// Joins the terms of an `&&` or `||` chain; a single term stands alone.
fn collapse(mut terms: Vec<FilterExpr>, join: fn(Vec<FilterExpr>) -> FilterExpr) -> FilterExpr {
    if terms.len() == 1
        && let Some(term) = terms.pop()
    {
        return term;
    }
    join(terms)
}

impl<'a> Parser<'a> {
    fn enter(&mut self, offset: usize) -> Result<(), PathError> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(PathError::new(
                offset,
                format!(
                    "nesting deeper than {MAX_NESTING} levels at character {}; simplify the path",
                    self.cursor.column(offset)
                ),
            ));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    // ---- errors -------------------------------------------------------------------------

    fn unclosed(&self, open: usize, what: char, close: char) -> PathError {
        PathError::new(
            open,
            format!(
                "unclosed `{what}` at character {}; add `{close}`",
                self.cursor.column(open)
            ),
        )
    }

    fn unclosed_quote(&self, open: usize, quote: char) -> PathError {
        PathError::new(
            open,
            format!(
                "unclosed `{quote}` at character {}; add a closing `{quote}`",
                self.cursor.column(open)
            ),
        )
    }

    fn whitespace(&self, offset: usize) -> PathError {
        PathError::new(
            offset,
            format!(
                "whitespace at character {} in the path; remove it, or write a name with spaces \
                 in brackets as `['a b']`",
                self.cursor.column(offset)
            ),
        )
    }

    fn unexpected(&self, offset: usize, c: char, expected: &str) -> PathError {
        PathError::new(
            offset,
            format!(
                "unexpected `{}` at character {}; expected {expected}",
                show(c),
                self.cursor.column(offset)
            ),
        )
    }

    // ---- paths --------------------------------------------------------------------------

    fn path(&mut self, mode: Mode) -> Result<Path, PathError> {
        let start = self.cursor.pos();
        let root = self.root()?;
        let segments = self.segments(mode)?;
        if mode == Mode::Whole {
            self.expect_end()?;
        }
        Ok(Path {
            root,
            segments,
            source: self.cursor.since(start).to_string(),
        })
    }

    /// The root of a path: `$`, `$$` or `$name`.
    fn root(&mut self) -> Result<Root, PathError> {
        let start = self.cursor.pos();
        match self.cursor.bump() {
            Some('$') => {}
            Some(c) => {
                return Err(PathError::new(
                    start,
                    format!(
                        "a path must start with `$`, found `{}` at character {}; refer to the \
                         input as `$.field`, the context object as `$$.field` or a variable as \
                         `$name`",
                        show(c),
                        self.cursor.column(start)
                    ),
                ));
            }
            None => {
                return Err(PathError::new(
                    start,
                    "empty path; a path starts with `$`, e.g. `$.field`",
                ));
            }
        }
        if self.cursor.eat('$') {
            return Ok(Root::Context);
        }
        let variable = self
            .cursor
            .identifier(is_ident_start, unicode_ident::is_xid_continue);
        if let Some(name) = variable {
            return Ok(Root::Variable(name.to_string()));
        }
        if self.cursor.peek().is_some_and(|c| c.is_ascii_digit()) {
            let name_at = self.cursor.pos();
            let name = self.cursor.take_while(unicode_ident::is_xid_continue);
            return Err(PathError::new(
                name_at,
                format!(
                    "variable name `{name}` at character {} is not an identifier; a variable \
                     name starts with a letter or `_`",
                    self.cursor.column(name_at)
                ),
            ));
        }
        Ok(Root::Input)
    }

    fn expect_end(&self) -> Result<(), PathError> {
        match self.cursor.peek() {
            None => Ok(()),
            Some(c) if c.is_whitespace() => Err(self.whitespace(self.cursor.pos())),
            Some(c) if self.cursor.since(0).ends_with(']') => Err(PathError::new(
                self.cursor.pos(),
                format!(
                    "unexpected `{}` at character {} after `]`; expected `.`, `[` or the end \
                     of the path",
                    show(c),
                    self.cursor.column(self.cursor.pos())
                ),
            )),
            Some(c) => {
                Err(self.unexpected(self.cursor.pos(), c, "`.`, `[` or the end of the path"))
            }
        }
    }

    fn segments(&mut self, mode: Mode) -> Result<Vec<Segment>, PathError> {
        let mut segments = Vec::new();
        loop {
            match self.cursor.peek() {
                Some('.') => segments.push(self.dot_segment(mode)?),
                Some('[') => segments.push(self.bracket()?),
                _ => return Ok(segments),
            }
        }
    }

    fn dot_segment(&mut self, mode: Mode) -> Result<Segment, PathError> {
        let dot = self.cursor.pos();
        self.cursor.bump();
        match self.cursor.peek() {
            Some('.') => {
                self.cursor.bump();
                self.descendant(dot, mode)
            }
            Some('[') => self.bracket(),
            Some('*') => {
                self.cursor.bump();
                Ok(Segment::Wildcard)
            }
            Some(c) if is_name_char(c, mode) => Ok(Segment::Child(self.name(mode))),
            Some(c) if c.is_whitespace() && mode == Mode::Whole => {
                Err(self.whitespace(self.cursor.pos()))
            }
            None => Err(PathError::new(
                dot,
                format!(
                    "trailing `.` at character {}; add a member name after it or remove it",
                    self.cursor.column(dot)
                ),
            )),
            Some(_) => Err(PathError::new(
                dot,
                format!(
                    "expected a member name after `.` at character {}; add a name or remove \
                     the `.`",
                    self.cursor.column(dot)
                ),
            )),
        }
    }

    fn descendant(&mut self, dots: usize, mode: Mode) -> Result<Segment, PathError> {
        let inner = match self.cursor.peek() {
            Some('[') => self.bracket()?,
            Some('*') => {
                self.cursor.bump();
                Segment::Wildcard
            }
            Some(c) if is_name_char(c, mode) => Segment::Child(self.name(mode)),
            _ => {
                return Err(PathError::new(
                    dots,
                    format!(
                        "`..` at character {} must be followed by a member name, `*` or `[`; add \
                         one or remove the `..`",
                        self.cursor.column(dots)
                    ),
                ));
            }
        };
        Ok(Segment::Descendant(Box::new(inner)))
    }

    fn name(&mut self, mode: Mode) -> String {
        self.cursor
            .take_while(|c| is_name_char(c, mode))
            .to_string()
    }

    fn bracket(&mut self) -> Result<Segment, PathError> {
        let open = self.cursor.pos();
        self.cursor.bump();
        self.cursor.skip_whitespace();
        let segment = match self.cursor.peek() {
            None => return Err(self.unclosed(open, '[', ']')),
            Some(']') => {
                return Err(PathError::new(
                    open,
                    format!(
                        "empty brackets `[]` at character {}; put an index, a quoted name, `*` or \
                         a filter `?(...)` inside",
                        self.cursor.column(open)
                    ),
                ));
            }
            Some('*') => {
                self.cursor.bump();
                Segment::Wildcard
            }
            Some('?') => self.filter()?,
            Some(c) if matches!(c, '\'' | '"' | '-' | ':') || c.is_ascii_digit() => {
                self.members(open)?
            }
            Some(c) => {
                return Err(self.unexpected(
                    self.cursor.pos(),
                    c,
                    "an index, a quoted name, `*` or a filter `?(...)` inside `[...]`",
                ));
            }
        };
        self.cursor.skip_whitespace();
        match self.cursor.peek() {
            Some(']') => {
                self.cursor.bump();
                Ok(segment)
            }
            None => Err(self.unclosed(open, '[', ']')),
            Some(c) => Err(PathError::new(
                self.cursor.pos(),
                format!(
                    "unexpected `{}` at character {}; expected `]` to close the `[` at character {}",
                    show(c),
                    self.cursor.column(self.cursor.pos()),
                    self.cursor.column(open)
                ),
            )),
        }
    }

    /// The inside of `[...]` starting with a quote, a digit, `-` or `:`.
    fn members(&mut self, open: usize) -> Result<Segment, PathError> {
        let first = self.member(open)?;
        self.cursor.skip_whitespace();
        match (first, self.cursor.peek()) {
            (None, Some(':')) => self.slice_rest(None),
            (Some(UnionMember::Index(start)), Some(':')) => self.slice_rest(Some(start)),
            (Some(first), Some(',')) => {
                let mut members = vec![first];
                while self.cursor.eat(',') {
                    self.cursor.skip_whitespace();
                    let at = self.cursor.pos();
                    match self.member(open)? {
                        Some(m) => members.push(m),
                        None => {
                            return Err(self.unexpected(at, ':', "a quoted name or an index"));
                        }
                    }
                    self.cursor.skip_whitespace();
                }
                Ok(Segment::Union(members))
            }
            (Some(UnionMember::Name(name)), _) => Ok(Segment::Child(name)),
            (Some(UnionMember::Index(i)), _) => Ok(Segment::Index(i)),
            (None, _) => Err(self.unexpected(self.cursor.pos(), ':', "an index")),
        }
    }

    /// A quoted name or an index; `None` at a `:` (a slice with no start).
    fn member(&mut self, open: usize) -> Result<Option<UnionMember>, PathError> {
        match self.cursor.peek() {
            Some(q @ ('\'' | '"')) => Ok(Some(UnionMember::Name(self.quoted(q)?))),
            Some(c) if c == '-' || c.is_ascii_digit() => {
                Ok(Some(UnionMember::Index(self.integer()?)))
            }
            Some(':') => Ok(None),
            Some(c) => Err(self.unexpected(self.cursor.pos(), c, "a quoted name or an index")),
            None => Err(self.unclosed(open, '[', ']')),
        }
    }

    /// The rest of a slice after its start: `:end` and optionally `:step`.
    fn slice_rest(&mut self, start: Option<i64>) -> Result<Segment, PathError> {
        self.cursor.bump();
        self.cursor.skip_whitespace();
        let end = self.opt_integer()?;
        self.cursor.skip_whitespace();
        let mut step = None;
        if self.cursor.eat(':') {
            self.cursor.skip_whitespace();
            let step_at = self.cursor.pos();
            step = self.opt_integer()?;
            if step == Some(0) {
                return Err(PathError::new(
                    step_at,
                    format!(
                        "slice step `0` at character {} selects nothing; use a step of 1 or more, \
                         or omit it",
                        self.cursor.column(step_at)
                    ),
                ));
            }
        }
        Ok(Segment::Slice { start, end, step })
    }

    fn opt_integer(&mut self) -> Result<Option<i64>, PathError> {
        match self.cursor.peek() {
            Some(c) if c == '-' || c.is_ascii_digit() => self.integer().map(Some),
            _ => Ok(None),
        }
    }

    /// An index: `-1`, `0`, `12`.
    fn integer(&mut self) -> Result<i64, PathError> {
        let start = self.cursor.pos();
        let digits = self.cursor.number(INDEX).map_err(|_| {
            PathError::new(
                start,
                format!(
                    "expected a digit after `-` at character {}; write an index such as `-1`",
                    self.cursor.column(start)
                ),
            )
        })?;
        digits.parse::<i64>().map_err(|_| {
            PathError::new(
                start,
                format!(
                    "index `{digits}` at character {} is out of range; use a smaller index",
                    self.cursor.column(start)
                ),
            )
        })
    }

    /// A quoted string starting at the quote `q`. A backslash escapes the quote and itself;
    /// before any other character it is kept, as AWS reads `$['Test\"Name']` (the key
    /// `Test\"Name`).
    fn quoted(&mut self, q: char) -> Result<String, PathError> {
        let open = self.cursor.pos();
        match self.cursor.quoted(Escapes::KeepUnknown) {
            Ok(text) => Ok(text.into_owned()),
            // The text ends before the closing quote (perhaps right after a backslash).
            Err(_) => Err(self.unclosed_quote(open, q)),
        }
    }

    // ---- filters ------------------------------------------------------------------------

    fn filter(&mut self) -> Result<Segment, PathError> {
        let question = self.cursor.pos();
        self.cursor.bump();
        self.cursor.skip_whitespace();
        let paren = self.cursor.pos();
        if !self.cursor.eat('(') {
            return Err(PathError::new(
                question,
                format!(
                    "expected `(` after `?` at character {}; write a filter as \
                     `[?(@.field == 'value')]`",
                    self.cursor.column(question)
                ),
            ));
        }
        self.enter(paren)?;
        let body = self.cursor.pos();
        let expr = self.or_expr()?;
        self.cursor.skip_whitespace();
        let source = self.cursor.since(body).trim().to_string();
        self.close_paren(paren)?;
        self.leave();
        Ok(Segment::Filter(Filter { expr, source }))
    }

    fn close_paren(&mut self, open: usize) -> Result<(), PathError> {
        self.cursor.skip_whitespace();
        match self.cursor.peek() {
            Some(')') => {
                self.cursor.bump();
                Ok(())
            }
            None => Err(self.unclosed(open, '(', ')')),
            Some(c) => {
                Err(self.unexpected(self.cursor.pos(), c, "`&&`, `||` or `)` in the filter"))
            }
        }
    }

    fn or_expr(&mut self) -> Result<FilterExpr, PathError> {
        let mut terms = vec![self.and_expr()?];
        loop {
            self.cursor.skip_whitespace();
            if !self.cursor.eat_str("||") {
                return Ok(collapse(terms, FilterExpr::Or));
            }
            terms.push(self.and_expr()?);
        }
    }

    fn and_expr(&mut self) -> Result<FilterExpr, PathError> {
        let mut terms = vec![self.unary()?];
        loop {
            self.cursor.skip_whitespace();
            if !self.cursor.eat_str("&&") {
                return Ok(collapse(terms, FilterExpr::And));
            }
            terms.push(self.unary()?);
        }
    }

    fn unary(&mut self) -> Result<FilterExpr, PathError> {
        self.cursor.skip_whitespace();
        let at = self.cursor.pos();
        match self.cursor.peek() {
            Some('!') if self.cursor.peek_nth(1) != Some('=') => {
                self.cursor.bump();
                self.enter(at)?;
                let inner = self.unary()?;
                self.leave();
                Ok(FilterExpr::Not(Box::new(inner)))
            }
            Some('(') => {
                self.cursor.bump();
                self.enter(at)?;
                let inner = self.or_expr()?;
                self.close_paren(at)?;
                self.leave();
                Ok(inner)
            }
            _ => self.comparison(),
        }
    }

    fn comparison(&mut self) -> Result<FilterExpr, PathError> {
        self.cursor.skip_whitespace();
        let left_at = self.cursor.pos();
        let left = self.operand(false)?;
        self.cursor.skip_whitespace();
        let Some(op) = self.operator()? else {
            return match left {
                Operand::Current(_) | Operand::Path(_) => Ok(FilterExpr::Exists(left)),
                Operand::Literal(_) | Operand::Array(_) => Err(PathError::new(
                    left_at,
                    format!(
                        "expected a comparison such as `==` after the value at character {}; only \
                         a path such as `@.field` can stand alone in a filter",
                        self.cursor.column(left_at)
                    ),
                )),
            };
        };
        self.cursor.skip_whitespace();
        match op {
            Op::Regex => {
                let (pattern, flags) = self.regex()?;
                Ok(FilterExpr::Regex {
                    left,
                    pattern,
                    flags,
                })
            }
            Op::Compare(op) => {
                let bare_words = !matches!(op, CompareOp::In | CompareOp::Nin);
                let right = self.operand(bare_words)?;
                Ok(FilterExpr::Compare { left, op, right })
            }
        }
    }

    /// The operator of a comparison, if one follows.
    fn operator(&mut self) -> Result<Option<Op>, PathError> {
        const SYMBOLS: [(&str, CompareOp); 6] = [
            ("==", CompareOp::Eq),
            ("!=", CompareOp::Ne),
            ("<=", CompareOp::Le),
            (">=", CompareOp::Ge),
            ("<", CompareOp::Lt),
            (">", CompareOp::Gt),
        ];
        if self.cursor.eat_str("=~") {
            return Ok(Some(Op::Regex));
        }
        for (text, op) in SYMBOLS {
            if self.cursor.eat_str(text) {
                return Ok(Some(Op::Compare(op)));
            }
        }
        if self.cursor.peek() == Some('=') {
            return Err(PathError::new(
                self.cursor.pos(),
                format!(
                    "`=` at character {} is not a comparison; use `==`",
                    self.cursor.column(self.cursor.pos())
                ),
            ));
        }
        for (word, op) in [("nin", CompareOp::Nin), ("in", CompareOp::In)] {
            if self
                .cursor
                .eat_keyword(word, |c| c.is_alphanumeric() || c == '_')
            {
                return Ok(Some(Op::Compare(op)));
            }
        }
        Ok(None)
    }

    fn operand(&mut self, bare_words: bool) -> Result<Operand, PathError> {
        self.cursor.skip_whitespace();
        let at = self.cursor.pos();
        match self.cursor.peek() {
            Some('@') => {
                self.cursor.bump();
                Ok(Operand::Current(self.segments(Mode::Embedded)?))
            }
            Some('$') => Ok(Operand::Path(self.path(Mode::Embedded)?)),
            Some(q @ ('\'' | '"')) => Ok(Operand::Literal(Literal::String(self.quoted(q)?))),
            Some(c) if c == '-' || c.is_ascii_digit() => {
                Ok(Operand::Literal(Literal::Number(self.number()?)))
            }
            Some('[') => self.array_literal(),
            Some(c) if c.is_alphabetic() || c == '_' => self.word(bare_words),
            Some(c) => Err(self.unexpected(at, c, "`@`, `$` or a literal in the filter")),
            None => Err(PathError::new(
                at,
                format!(
                    "the filter ends early at character {}; expected a path such as `@.field` or \
                     a literal",
                    self.cursor.column(at)
                ),
            )),
        }
    }

    fn word(&mut self, bare_words: bool) -> Result<Operand, PathError> {
        let at = self.cursor.pos();
        let word = self
            .cursor
            .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'));
        let literal = match word {
            "true" => Literal::Bool(true),
            "false" => Literal::Bool(false),
            "null" => Literal::Null,
            _ if bare_words => Literal::String(word.to_string()),
            _ => {
                return Err(PathError::new(
                    at,
                    format!(
                        "unexpected `{word}` at character {} in the filter; quote text as \
                         `'{word}'` or start a path with `@` or `$`",
                        self.cursor.column(at)
                    ),
                ));
            }
        };
        Ok(Operand::Literal(literal))
    }

    /// A number literal in a filter: `-1`, `1.5`, `2e3`.
    fn number(&mut self) -> Result<serde_json::Number, PathError> {
        let start = self.cursor.pos();
        let text = self.cursor.number(NUMBER).map_err(|_| {
            PathError::new(
                start,
                format!(
                    "expected a digit after `-` at character {}; write a number such as `-1`",
                    self.cursor.column(start)
                ),
            )
        })?;
        text.parse::<serde_json::Number>().map_err(|_| {
            PathError::new(
                start,
                format!(
                    "number `{text}` at character {} is out of range; use a smaller number",
                    self.cursor.column(start)
                ),
            )
        })
    }

    /// `[literal, ...]`, the right side of `in` and `nin`.
    fn array_literal(&mut self) -> Result<Operand, PathError> {
        let open = self.cursor.pos();
        self.cursor.bump();
        self.enter(open)?;
        let mut items = Vec::new();
        self.cursor.skip_whitespace();
        if !self.cursor.eat(']') {
            loop {
                self.cursor.skip_whitespace();
                let item_at = self.cursor.pos();
                match self.operand(false)? {
                    Operand::Literal(literal) => items.push(literal),
                    _ => {
                        return Err(PathError::new(
                            item_at,
                            format!(
                                "array item at character {} is not a literal; an array in a \
                                 filter may only hold strings, numbers, booleans and `null`",
                                self.cursor.column(item_at)
                            ),
                        ));
                    }
                }
                self.cursor.skip_whitespace();
                let separator_at = self.cursor.pos();
                match self.cursor.bump() {
                    Some(',') => {}
                    Some(']') => break,
                    None => return Err(self.unclosed(open, '[', ']')),
                    Some(c) => return Err(self.unexpected(separator_at, c, "`,` or `]`")),
                }
            }
        }
        self.leave();
        Ok(Operand::Array(items))
    }

    /// A regular expression after `=~`: its pattern (escapes kept) and its flags.
    fn regex(&mut self) -> Result<(String, String), PathError> {
        let open = self.cursor.pos();
        if self.cursor.peek() != Some('/') {
            return Err(PathError::new(
                open,
                format!(
                    "expected a regular expression such as `/abc/i` after `=~` at character {}",
                    self.cursor.column(open)
                ),
            ));
        }
        match self.cursor.regex(REGEX) {
            Some(literal) => Ok((literal.pattern.to_string(), literal.flags.to_string())),
            None => Err(self.unclosed_quote(open, '/')),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ok(text: &str) -> Path {
        match parse_path(text) {
            Ok(p) => p,
            Err(e) => panic!("`{text}` should parse: {e} (offset {})", e.offset),
        }
    }

    fn err(text: &str) -> PathError {
        match parse_path(text) {
            Ok(p) => panic!("`{text}` should not parse, got {p:?}"),
            Err(e) => e,
        }
    }

    fn assert_err(text: &str, offset: usize, fragments: &[&str]) {
        let e = err(text);
        assert_eq!(e.offset, offset, "offset for `{text}`: {}", e.message);
        for f in fragments {
            assert!(
                e.message.contains(f),
                "message for `{text}` lacks `{f}`: {}",
                e.message
            );
        }
    }

    fn child(s: &str) -> Segment {
        Segment::Child(s.to_string())
    }

    fn filter_of(text: &str) -> FilterExpr {
        let p = ok(text);
        match p.segments.last() {
            Some(Segment::Filter(f)) => f.expr.clone(),
            other => panic!("no filter at the end of `{text}`: {other:?}"),
        }
    }

    fn num(n: i64) -> Operand {
        Operand::Literal(Literal::Number(n.into()))
    }

    fn string(s: &str) -> Operand {
        Operand::Literal(Literal::String(s.to_string()))
    }

    fn current(names: &[&str]) -> Operand {
        Operand::Current(names.iter().map(|n| child(n)).collect())
    }

    #[test]
    fn every_documented_form_parses() {
        let forms = [
            "$",
            "$.a.b",
            "$.a[0].b",
            "$['a']['b']",
            "$[\"a\"]",
            "$.a['b c']",
            "$[0]",
            "$.[0]",
            "$.Snapshots.[0].State",
            "$.[?(@.OU > 0)]",
            "$.[*].['bucket', 'key']",
            "$.a[*]",
            "$.a.*",
            "$..x",
            "$..[0]",
            "$.a[1:3]",
            "$.a[:2]",
            "$.a[-1:]",
            "$.a[::2]",
            "$.a[0,1]",
            "$.a[?(@.x == 'y')]",
            "$.a[?(@.id == $.agent_id)]",
            "$.a[?(@.n >= 3 && @.m < 2)]",
            "$$.Execution.Input.x",
            "$$.Map.Item.Value",
            "$$.Task.Token",
            "$myVar",
            "$myVar.field[0]",
            "$.order-id",
            "$.détails",
            "$.a1",
            "$.a$b",
            "$.Payload.body",
            "$$",
            "$[*][*]",
            "$.Labels[?(@.Name==Receipt)]",
            "$[?(@.TargetLanguageCode==es)].TranslatedText",
            "$.ExpenseDocuments[0].SummaryFields[?(@.Type.Text==AMOUNT_PAID)].ValueDetection.Text",
            "$.approaches[?(@.workerId == $.agent_id)].approach",
            "$.GetQueryResults.ResultSet.Rows[1:]",
            "$.detail.Tags.auto-maintain",
            "$_private",
            "$émoji.x",
            "$[ 0 ]",
            "$[ 'a' , \"b\" ]",
        ];
        for form in forms {
            let p = ok(form);
            assert_eq!(p.source(), form);
            assert_eq!(p.to_string(), form);
        }
    }

    #[test]
    fn roots() {
        assert_eq!(ok("$").root, Root::Input);
        assert_eq!(ok("$$").root, Root::Context);
        assert_eq!(ok("$$.Task.Token").root, Root::Context);
        assert_eq!(ok("$myVar").root, Root::Variable("myVar".into()));
        assert_eq!(ok("$_x1.y").root, Root::Variable("_x1".into()));
        assert_eq!(ok("$détail").root, Root::Variable("détail".into()));
        assert!(ok("$").segments.is_empty());
    }

    #[test]
    fn segments_are_structured() {
        assert_eq!(ok("$.a.b").segments, vec![child("a"), child("b")]);
        assert_eq!(
            ok("$.a[0].b").segments,
            vec![child("a"), Segment::Index(0), child("b")]
        );
        assert_eq!(ok("$['a']['b']").segments, vec![child("a"), child("b")]);
        assert_eq!(ok("$[\"a\"]").segments, vec![child("a")]);
        assert_eq!(ok("$.a['b c']").segments, vec![child("a"), child("b c")]);
        assert_eq!(ok("$[-1]").segments, vec![Segment::Index(-1)]);
        assert_eq!(ok("$.[0]").segments, vec![Segment::Index(0)]);
        assert_eq!(
            ok("$.Snapshots.[0].State").segments,
            vec![child("Snapshots"), Segment::Index(0), child("State")]
        );
        assert_eq!(
            ok("$.[*].['bucket', 'key']").segments,
            vec![
                Segment::Wildcard,
                Segment::Union(vec![
                    UnionMember::Name("bucket".into()),
                    UnionMember::Name("key".into())
                ])
            ]
        );
        assert_eq!(ok("$.a.*").segments, vec![child("a"), Segment::Wildcard]);
        assert_eq!(ok("$.a[*]").segments, vec![child("a"), Segment::Wildcard]);
        assert_eq!(
            ok("$..x").segments,
            vec![Segment::Descendant(Box::new(child("x")))]
        );
        assert_eq!(
            ok("$..[0]").segments,
            vec![Segment::Descendant(Box::new(Segment::Index(0)))]
        );
        assert_eq!(
            ok("$..*").segments,
            vec![Segment::Descendant(Box::new(Segment::Wildcard))]
        );
        assert_eq!(
            ok("$.a[0,1]").segments,
            vec![
                child("a"),
                Segment::Union(vec![UnionMember::Index(0), UnionMember::Index(1)])
            ]
        );
        assert_eq!(ok("$.order-id").segments, vec![child("order-id")]);
        assert_eq!(ok("$.détails").segments, vec![child("détails")]);
        assert_eq!(ok("$['a\\'b']").segments, vec![child("a'b")]);
    }

    #[test]
    fn slices() {
        let slice = |text: &str| ok(text).segments.last().cloned();
        let s = |start, end, step| Some(Segment::Slice { start, end, step });
        assert_eq!(slice("$.a[1:3]"), s(Some(1), Some(3), None));
        assert_eq!(slice("$.a[:2]"), s(None, Some(2), None));
        assert_eq!(slice("$.a[-1:]"), s(Some(-1), None, None));
        assert_eq!(slice("$.a[::2]"), s(None, None, Some(2)));
        assert_eq!(slice("$.a[1:10:-1]"), s(Some(1), Some(10), Some(-1)));
        assert_eq!(slice("$.a[:]"), s(None, None, None));
    }

    #[test]
    fn reference_paths() {
        for text in ["$", "$.a.b", "$['a'][0]", "$$.Task.Token", "$v.x[2]"] {
            assert!(ok(text).is_reference_path(), "{text}");
            assert!(ok(text).is_definite(), "{text}");
        }
        for text in [
            "$.a[*]",
            "$.a.*",
            "$..a",
            "$.a[1:2]",
            "$.a[0,1]",
            "$.a[?(@.x)]",
            "$['a','b']",
        ] {
            assert!(!ok(text).is_reference_path(), "{text}");
            assert!(!ok(text).is_definite(), "{text}");
        }
    }

    #[test]
    fn filters() {
        assert_eq!(
            filter_of("$.a[?(@.x == 'y')]"),
            FilterExpr::Compare {
                left: current(&["x"]),
                op: CompareOp::Eq,
                right: string("y")
            }
        );
        assert_eq!(
            filter_of("$.[?(@.OU > 0)]"),
            FilterExpr::Compare {
                left: current(&["OU"]),
                op: CompareOp::Gt,
                right: num(0)
            }
        );
        assert_eq!(
            filter_of("$.a[?(@.n >= 3 && @.m < 2)]"),
            FilterExpr::And(vec![
                FilterExpr::Compare {
                    left: current(&["n"]),
                    op: CompareOp::Ge,
                    right: num(3)
                },
                FilterExpr::Compare {
                    left: current(&["m"]),
                    op: CompareOp::Lt,
                    right: num(2)
                },
            ])
        );
        match filter_of("$.a[?(@.id == $.agent_id)]") {
            FilterExpr::Compare {
                right: Operand::Path(p),
                ..
            } => {
                assert_eq!(p.source(), "$.agent_id");
                assert_eq!(p.segments, vec![child("agent_id")]);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            filter_of("$[?(@.isbn)]"),
            FilterExpr::Exists(current(&["isbn"]))
        );
        assert_eq!(
            filter_of("$[?(@.status == active)]"),
            FilterExpr::Compare {
                left: current(&["status"]),
                op: CompareOp::Eq,
                right: string("active")
            }
        );
        assert_eq!(
            filter_of("$[?(@.Type.Text==AMOUNT_PAID)]"),
            FilterExpr::Compare {
                left: current(&["Type", "Text"]),
                op: CompareOp::Eq,
                right: string("AMOUNT_PAID")
            }
        );
        assert_eq!(
            filter_of("$[?(@['a b'] != null)]"),
            FilterExpr::Compare {
                left: current(&["a b"]),
                op: CompareOp::Ne,
                right: Operand::Literal(Literal::Null)
            }
        );
        assert_eq!(
            filter_of("$[?(@.a.b[0] <= 1.5)]"),
            FilterExpr::Compare {
                left: Operand::Current(vec![child("a"), child("b"), Segment::Index(0)]),
                op: CompareOp::Le,
                right: Operand::Literal(Literal::Number(
                    serde_json::Number::from_f64(1.5).unwrap_or_else(|| 0.into())
                ))
            }
        );
        assert_eq!(
            filter_of("$[?(!@.done || @.x == \"y\")]"),
            FilterExpr::Or(vec![
                FilterExpr::Not(Box::new(FilterExpr::Exists(current(&["done"])))),
                FilterExpr::Compare {
                    left: current(&["x"]),
                    op: CompareOp::Eq,
                    right: string("y")
                },
            ])
        );
        assert_eq!(
            filter_of("$[?(@.name =~ /^a.*\\/b$/i)]"),
            FilterExpr::Regex {
                left: current(&["name"]),
                pattern: "^a.*\\/b$".into(),
                flags: "i".into()
            }
        );
        assert_eq!(
            filter_of("$[?(@.size in ['S', 'M', 1, true, null])]"),
            FilterExpr::Compare {
                left: current(&["size"]),
                op: CompareOp::In,
                right: Operand::Array(vec![
                    Literal::String("S".into()),
                    Literal::String("M".into()),
                    Literal::Number(1.into()),
                    Literal::Bool(true),
                    Literal::Null,
                ])
            }
        );
        assert_eq!(
            filter_of("$[?(@.size nin [])]"),
            FilterExpr::Compare {
                left: current(&["size"]),
                op: CompareOp::Nin,
                right: Operand::Array(vec![])
            }
        );
        assert_eq!(
            filter_of("$[?((@.a == 1 || @.b == 2) && @.c)]"),
            FilterExpr::And(vec![
                FilterExpr::Or(vec![
                    FilterExpr::Compare {
                        left: current(&["a"]),
                        op: CompareOp::Eq,
                        right: num(1)
                    },
                    FilterExpr::Compare {
                        left: current(&["b"]),
                        op: CompareOp::Eq,
                        right: num(2)
                    },
                ]),
                FilterExpr::Exists(current(&["c"])),
            ])
        );
        assert_eq!(
            filter_of("$[?(@ > -2)]"),
            FilterExpr::Compare {
                left: Operand::Current(vec![]),
                op: CompareOp::Gt,
                right: num(-2)
            }
        );
        assert_eq!(
            filter_of("$[?($$.Map.Item.Index == @.i)]"),
            FilterExpr::Compare {
                left: Operand::Path(ok("$$.Map.Item.Index")),
                op: CompareOp::Eq,
                right: current(&["i"])
            }
        );
        match ok("$.a[?( @.x == 'y' )]").segments.last() {
            Some(Segment::Filter(f)) => assert_eq!(f.source, "@.x == 'y'"),
            other => panic!("{other:?}"),
        }
        ok("$[?(@.a==1&&@.b!=2)]");
        ok("$[?(@.a[?(@.b)])]");
        ok("$[?(@..c)]");
        ok("$[?(@.x<=$myVar.limit)]");
    }

    #[test]
    fn rejects_empty_and_missing_root() {
        assert_err("", 0, &["empty path", "`$`"]);
        assert_err("a.b", 0, &["must start with `$`", "`a`", "character 0"]);
        assert_err(".a", 0, &["must start with `$`"]);
        assert_err(" $.a", 0, &["must start with `$`"]);
    }

    #[test]
    fn rejects_trailing_dots() {
        assert_err("$.", 1, &["trailing `.`", "character 1"]);
        assert_err("$.a.", 3, &["trailing `.`"]);
        assert_err("$..", 1, &["`..`", "character 1", "member name"]);
        assert_err("$.a..", 3, &["`..`"]);
        assert_err("$...a", 1, &["`..`"]);
    }

    #[test]
    fn rejects_unclosed_brackets_and_quotes() {
        assert_err("$.a[", 3, &["unclosed `[` at character 3", "add `]`"]);
        assert_err("$.a[0", 3, &["unclosed `[` at character 3"]);
        assert_err("$.a[0,1", 3, &["unclosed `[`"]);
        assert_err("$['a'", 1, &["unclosed `[`"]);
        assert_err("$['a", 2, &["unclosed `'` at character 2", "closing `'`"]);
        assert_err("$[\"a", 2, &["unclosed `\"`"]);
        assert_err("$['a\\", 2, &["unclosed `'`"]);
        assert_err("$.a[?(@.x == 'y)]", 13, &["unclosed `'`"]);
        assert_err("$.a[?(@.x == 'y'", 5, &["unclosed `(`"]);
        assert_err("$.a[?(@.x == 1", 5, &["unclosed `(`", "add `)`"]);
        assert_err("$.a[?(@.x == 1)", 3, &["unclosed `[`"]);
        assert_err("$[?(@.n =~ /abc)]", 11, &["unclosed `/`"]);
    }

    #[test]
    fn rejects_empty_brackets_and_junk() {
        assert_err("$.a[]", 3, &["empty brackets `[]`", "character 3"]);
        assert_err("$[ ]", 1, &["empty brackets"]);
        assert_err("$.a[0]x", 6, &["unexpected `x`", "after `]`"]);
        assert_err("$.a[0]]", 6, &["unexpected `]`", "after `]`"]);
        assert_err("$[0 1]", 4, &["unexpected `1`", "expected `]`"]);
        assert_err("$[abc]", 2, &["unexpected `a`", "quoted name"]);
        assert_err("$.*a", 3, &["unexpected `a`"]);
        assert_err("$-x", 1, &["unexpected `-`"]);
        assert_err("$[-]", 2, &["digit after `-`"]);
        assert_err("$[99999999999999999999]", 2, &["out of range"]);
        assert_err("$[::0]", 4, &["step `0`"]);
        assert_err("$['a',]", 6, &["unexpected `]`"]);
        assert_err("$['a',:]", 6, &["unexpected `:`"]);
    }

    #[test]
    fn rejects_whitespace() {
        assert_err("$.a b", 3, &["whitespace at character 3", "['a b']"]);
        assert_err("$.a .b", 3, &["whitespace"]);
        assert_err("$. a", 2, &["whitespace"]);
        assert_err("$.a ", 3, &["whitespace"]);
        assert_err("$ ", 1, &["whitespace"]);
    }

    #[test]
    fn rejects_bad_variable_names() {
        assert_err(
            "$1abc",
            1,
            &["variable name `1abc`", "not an identifier", "letter or `_`"],
        );
        assert_err("$$abc", 2, &["unexpected `a`"]);
    }

    #[test]
    fn rejects_bad_filters() {
        assert_err("$[?@.a]", 2, &["expected `(` after `?`"]);
        assert_err("$[?()]", 4, &["unexpected `)`"]);
        assert_err("$[?(@.a = 1)]", 8, &["`=`", "use `==`"]);
        assert_err(
            "$[?(@.a == foo bar)]",
            15,
            &["unexpected `b`", "`&&`, `||` or `)`"],
        );
        assert_err("$[?(foo == 1)]", 4, &["unexpected `foo`", "'foo'"]);
        assert_err("$[?(1)]", 4, &["comparison"]);
        assert_err("$[?(@.a =~ 'x')]", 11, &["regular expression"]);
        assert_err("$[?(@.a in [@.b])]", 12, &["not a literal"]);
        assert_err("$[?(@.a in [1 2])]", 14, &["unexpected `2`"]);
        assert_err("$[?(@.a in [1,", 14, &["filter ends early"]);
        assert_err("$[?(@.a == )]", 11, &["unexpected `)`"]);
        assert_err("$[?(@. == 1)]", 5, &["member name after `.`"]);
        assert_err("$[?(@.a == -)]", 11, &["digit after `-`"]);
        assert_err("$[?(@.a == 1e999)]", 11, &["out of range"]);
    }

    #[test]
    fn rejects_deep_nesting() {
        let deep = format!("$[?({}@.a{})]", "(".repeat(70), ")".repeat(70));
        let e = err(&deep);
        assert!(
            e.message.contains("nesting deeper than 64"),
            "{}",
            e.message
        );
        let nots = format!("$[?({}@.a)]", "!".repeat(100));
        assert!(err(&nots).message.contains("nesting deeper than 64"));
        let filters = format!("${}{}", "[?(@".repeat(70), ")]".repeat(70));
        assert!(err(&filters).message.contains("nesting deeper than 64"));
        let arrays = format!("$[?(@ in {})]", "[".repeat(100));
        assert!(err(&arrays).message.contains("nesting deeper than 64"));
        let fine = format!("$[?({}@.a{})]", "(".repeat(50), ")".repeat(50));
        ok(&fine);
        let long = format!("${}", ".a".repeat(10_000));
        assert_eq!(ok(&long).segments.len(), 10_000);
    }

    #[test]
    fn messages_count_characters() {
        let e = err("$.é[");
        assert_eq!(e.offset, 4);
        assert!(e.message.contains("character 3"), "{}", e.message);
    }

    #[test]
    fn spans_use_absolute_offsets() {
        let text = "xx $.a[ yy";
        let e = match parse_path_span(text, 3, 7) {
            Err(e) => e,
            Ok(p) => panic!("{p:?}"),
        };
        assert_eq!(e.offset, 6);
        assert!(e.message.contains("character 6"));
        let p = parse_path_span("f($.a.b)", 2, 7);
        assert_eq!(p.map(|p| p.source().to_string()), Ok("$.a.b".to_string()));
        assert!(parse_path_span("abc", 2, 1).is_err());
        assert!(parse_path_span("é", 1, 2).is_err());
    }

    fn segment_strategy() -> impl Strategy<Value = (String, Segment)> {
        prop_oneof![
            "[a-zA-Z_][a-zA-Z0-9_-]{0,6}".prop_map(|n| (format!(".{n}"), Segment::Child(n))),
            "[a-z ]{0,6}".prop_map(|n| (format!("['{n}']"), Segment::Child(n))),
            (-50i64..50).prop_map(|i| (format!("[{i}]"), Segment::Index(i))),
            Just((".*".to_string(), Segment::Wildcard)),
            Just(("[*]".to_string(), Segment::Wildcard)),
        ]
    }

    proptest! {
        #[test]
        fn never_panics_on_arbitrary_text(text in any::<String>()) {
            let _ = parse_path(&text);
        }

        #[test]
        fn never_panics_on_pathlike_text(text in "[$.\\[\\]'\"*?@()=<>!&|,:0-9a-z ]{0,40}") {
            if let Ok(p) = parse_path(&text) {
                prop_assert_eq!(p.source(), text.as_str());
            }
            let _ = parse_path(&format!("${text}"));
            let _ = parse_path(&format!("$[?({text})]"));
        }

        #[test]
        fn generated_paths_round_trip(parts in proptest::collection::vec(segment_strategy(), 0..8)) {
            let text: String = std::iter::once("$".to_string())
                .chain(parts.iter().map(|(t, _)| t.clone()))
                .collect();
            let path = parse_path(&text);
            prop_assert!(path.is_ok(), "{} failed: {:?}", text, path);
            if let Ok(path) = path {
                let expected: Vec<Segment> = parts.into_iter().map(|(_, s)| s).collect();
                prop_assert_eq!(path.source(), text.as_str());
                prop_assert_eq!(path.segments, expected);
            }
        }
    }
}
