//! JSONata's parser: Pratt's top-down operator precedence over the tokens of [`super::lexer`],
//! with JSONata's binding powers, into a raw tree that [`super::process`] turns into the
//! [`Node`](super::ast::Node) tree the evaluator walks.
//!
//! Nesting is bounded: a tree deeper than [`MAX_DEPTH`] (parentheses, operators chained a
//! hundred thousand times, nested arrays) is refused with a located error instead of
//! exhausting the stack; recursion runs on a stack that grows in segments where needed
//! (`workflow_text::stack`).

use super::ast::{Kind, SigParam, Signature};
use super::error::JsonataError;
use super::lexer::{Lexer, Token, TokenKind};
use workflow_text::scan::Cursor;

/// The deepest expression tree accepted.
pub const MAX_DEPTH: usize = 1000;

/// A node of the raw tree.
#[derive(Debug)]
pub(crate) struct Raw {
    pub kind: RawKind,
    pub offset: usize,
    pub keep_array: bool,
    /// The height of the subtree.
    pub depth: usize,
}

/// What a raw node is (before the post-parse stage).
#[derive(Debug)]
pub(crate) enum RawKind {
    /// A literal, name, variable, wildcard, descendant or `?`.
    Leaf(Kind),
    /// `and`, `or`, `in` used where an operand was expected (a field name).
    OperatorName(&'static str),
    /// `%`.
    Parent,
    /// The end of the expression where an operand was expected.
    End,
    /// `lhs op rhs` for `.`, `~>` and the arithmetic, comparison, Boolean, `&`, `..` operators.
    Binary {
        op: &'static str,
        lhs: Box<Raw>,
        rhs: Box<Raw>,
    },
    /// `lhs[rhs]`.
    Predicate { lhs: Box<Raw>, rhs: Box<Raw> },
    /// `lhs{k: v}`.
    Group {
        lhs: Box<Raw>,
        pairs: Vec<(Raw, Raw)>,
    },
    /// `lhs^(terms)`.
    Sort {
        lhs: Box<Raw>,
        terms: Vec<(bool, Raw)>,
    },
    /// `$v := rhs`.
    Bind { name: String, rhs: Box<Raw> },
    /// `lhs@$v`.
    Focus { lhs: Box<Raw>, name: String },
    /// `lhs#$v`.
    IndexBind { lhs: Box<Raw>, name: String },
    /// `-x`.
    Negate(Box<Raw>),
    /// `[…]`.
    Array(Vec<Raw>),
    /// `{…}`.
    Object(Vec<(Raw, Raw)>),
    /// `f(args)`.
    Call {
        procedure: Box<Raw>,
        args: Vec<Raw>,
        partial: bool,
    },
    /// `function($a) <sig> { body }`.
    Lambda {
        params: Vec<String>,
        signature: Option<Signature>,
        body: Box<Raw>,
    },
    /// `c ? a : b`.
    Condition {
        cond: Box<Raw>,
        then: Box<Raw>,
        otherwise: Option<Box<Raw>>,
    },
    /// `(a; b)`.
    Block(Vec<Raw>),
    /// `| p | u, d |`.
    Transform {
        pattern: Box<Raw>,
        update: Box<Raw>,
        delete: Option<Box<Raw>>,
    },
}

impl Raw {
    fn new(kind: RawKind, offset: usize, depth: usize) -> Raw {
        Raw {
            kind,
            offset,
            keep_array: false,
            depth,
        }
    }
}

/// The left binding power of an operator token.
fn lbp(op: &str) -> usize {
    match op {
        "." => 75,
        "[" | "(" | "@" | "#" => 80,
        "{" => 70,
        "?" => 20,
        "+" | "-" | "&" => 50,
        "*" | "/" | "%" => 60,
        "=" | "<" | ">" | "!=" | "<=" | ">=" | "^" | "~>" | "in" => 40,
        ":=" => 10,
        "and" => 30,
        "or" => 25,
        _ => 0,
    }
}

/// The token under the parser's cursor.
#[derive(Clone, Debug, PartialEq)]
enum Current {
    Token(Token),
    End(usize),
}

pub(crate) struct Parser<'s> {
    lexer: Lexer<'s>,
    current: Current,
    depth: usize,
}

impl<'s> Parser<'s> {
    /// Parses a whole expression.
    pub(crate) fn parse(src: &'s str) -> Result<Raw, JsonataError> {
        let mut p = Parser {
            lexer: Lexer::new(src),
            current: Current::End(0),
            depth: 0,
        };
        p.advance(false)?;
        let expr = p.expression(0)?;
        if let Current::Token(t) = &p.current {
            return Err(JsonataError::new("S0201")
                .at(t.offset)
                .token(token_text(&t.kind)));
        }
        Ok(expr)
    }

    fn offset(&self) -> usize {
        match &self.current {
            Current::Token(t) => t.offset,
            Current::End(o) => *o,
        }
    }

    /// Whether the current token is the operator `op`.
    fn is(&self, op: &str) -> bool {
        matches!(&self.current, Current::Token(Token { kind: TokenKind::Op(o), .. }) if *o == op)
    }

    /// Moves to the next token. `infix`: an operand was just read.
    ///
    /// `!` and `~` alone are tokens (they end a name) but no operator: as the reference
    /// implementation's `advance` finds no symbol for them, reading one is `S0204` (`Unknown
    /// operator`), wherever it stands.
    fn advance(&mut self, infix: bool) -> Result<(), JsonataError> {
        self.current = match self.lexer.next(infix)? {
            Some(Token {
                kind: TokenKind::Op(op @ ("!" | "~")),
                offset,
            }) => {
                return Err(JsonataError::new("S0204").at(offset).token(op));
            }
            Some(t) => Current::Token(t),
            None => Current::End(self.lexer.len()),
        };
        Ok(())
    }

    /// Checks that the current token is `op` and moves past it.
    fn expect(&mut self, op: &'static str, infix: bool) -> Result<(), JsonataError> {
        match &self.current {
            Current::Token(t) if t.kind == TokenKind::Op(op) => self.advance(infix),
            Current::Token(t) => Err(JsonataError::new("S0202")
                .at(t.offset)
                .token(token_text(&t.kind))
                .value(super::error::json_string(op))),
            Current::End(o) => Err(JsonataError::new("S0203")
                .at(*o)
                .value(super::error::json_string(op))),
        }
    }

    fn expression(&mut self, rbp: usize) -> Result<Raw, JsonataError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(too_deep(self.offset()));
        }
        let result = workflow_text::stack::deeper(|| self.expression_inner(rbp));
        self.depth -= 1;
        result
    }

    fn expression_inner(&mut self, rbp: usize) -> Result<Raw, JsonataError> {
        let t = self.current.clone();
        self.advance(true)?;
        let mut left = self.nud(t)?;
        while let Current::Token(Token {
            kind: TokenKind::Op(op),
            ..
        }) = &self.current
        {
            let op = *op;
            if rbp >= lbp(op) {
                break;
            }
            let offset = self.offset();
            self.advance(false)?;
            left = self.led(op, offset, left)?;
            if left.depth > MAX_DEPTH {
                return Err(too_deep(offset));
            }
        }
        Ok(left)
    }

    fn nud(&mut self, t: Current) -> Result<Raw, JsonataError> {
        let (kind, offset) = match t {
            Current::End(o) => return Ok(Raw::new(RawKind::End, o, 1)),
            Current::Token(t) => (t.kind, t.offset),
        };
        let leaf = |k| Ok(Raw::new(RawKind::Leaf(k), offset, 1));
        match kind {
            TokenKind::Name(n) => leaf(Kind::Name(n)),
            TokenKind::Variable(v) => leaf(Kind::Variable(v)),
            TokenKind::Str(s) => leaf(Kind::Str(s)),
            TokenKind::Number(n) => leaf(Kind::Num(n)),
            TokenKind::Bool(b) => leaf(Kind::Bool(b)),
            TokenKind::Null => leaf(Kind::Null),
            TokenKind::Regex { pattern, flags } => leaf(Kind::Regex { pattern, flags }),
            TokenKind::Op(op) => self.prefix(op, offset),
        }
    }

    fn prefix(&mut self, op: &'static str, offset: usize) -> Result<Raw, JsonataError> {
        match op {
            "and" | "or" | "in" => Ok(Raw::new(RawKind::OperatorName(op), offset, 1)),
            "-" => {
                let e = self.expression(70)?;
                let depth = e.depth + 1;
                Ok(Raw::new(RawKind::Negate(Box::new(e)), offset, depth))
            }
            "*" => Ok(Raw::new(RawKind::Leaf(Kind::Wildcard), offset, 1)),
            "**" => Ok(Raw::new(RawKind::Leaf(Kind::Descendant), offset, 1)),
            "%" => Ok(Raw::new(RawKind::Parent, offset, 1)),
            "(" => {
                let mut items = Vec::new();
                while !self.is(")") {
                    items.push(self.expression(0)?);
                    if !self.is(";") {
                        break;
                    }
                    self.expect(";", false)?;
                }
                self.expect(")", true)?;
                let depth = max_depth(&items) + 1;
                Ok(Raw::new(RawKind::Block(items), offset, depth))
            }
            "[" => {
                let mut items = Vec::new();
                if !self.is("]") {
                    loop {
                        let mut item = self.expression(0)?;
                        if self.is("..") {
                            let range_offset = self.offset();
                            self.expect("..", false)?;
                            let rhs = self.expression(0)?;
                            let depth = item.depth.max(rhs.depth) + 1;
                            item = Raw::new(
                                RawKind::Binary {
                                    op: "..",
                                    lhs: Box::new(item),
                                    rhs: Box::new(rhs),
                                },
                                range_offset,
                                depth,
                            );
                        }
                        items.push(item);
                        if !self.is(",") {
                            break;
                        }
                        self.expect(",", false)?;
                    }
                }
                self.expect("]", true)?;
                let depth = max_depth(&items) + 1;
                Ok(Raw::new(RawKind::Array(items), offset, depth))
            }
            "{" => {
                let pairs = self.object_pairs()?;
                let depth = pair_depth(&pairs) + 1;
                Ok(Raw::new(RawKind::Object(pairs), offset, depth))
            }
            "|" => {
                let pattern = self.expression(0)?;
                self.expect("|", false)?;
                let update = self.expression(0)?;
                let delete = if self.is(",") {
                    self.expect(",", false)?;
                    Some(Box::new(self.expression(0)?))
                } else {
                    None
                };
                self.expect("|", true)?;
                let depth = pattern
                    .depth
                    .max(update.depth)
                    .max(delete.as_ref().map_or(0, |d| d.depth))
                    + 1;
                Ok(Raw::new(
                    RawKind::Transform {
                        pattern: Box::new(pattern),
                        update: Box::new(update),
                        delete,
                    },
                    offset,
                    depth,
                ))
            }
            _ => Err(JsonataError::new("S0211").at(offset).token(op)),
        }
    }

    /// `{ k: v, … }` after its `{`.
    fn object_pairs(&mut self) -> Result<Vec<(Raw, Raw)>, JsonataError> {
        let mut pairs = Vec::new();
        if !self.is("}") {
            loop {
                let k = self.expression(0)?;
                self.expect(":", false)?;
                let v = self.expression(0)?;
                pairs.push((k, v));
                if !self.is(",") {
                    break;
                }
                self.expect(",", false)?;
            }
        }
        self.expect("}", true)?;
        Ok(pairs)
    }

    fn led(&mut self, op: &'static str, offset: usize, left: Raw) -> Result<Raw, JsonataError> {
        match op {
            "(" => self.call(offset, left),
            "[" => {
                if self.is("]") {
                    // `[]`: keep singleton arrays, on the innermost step.
                    let mut left = left;
                    mark_keep_array(&mut left);
                    self.expect("]", true)?;
                    return Ok(left);
                }
                let rhs = self.expression(0)?;
                self.expect("]", true)?;
                let depth = left.depth.max(rhs.depth) + 1;
                Ok(Raw::new(
                    RawKind::Predicate {
                        lhs: Box::new(left),
                        rhs: Box::new(rhs),
                    },
                    offset,
                    depth,
                ))
            }
            "^" => {
                self.expect("(", false)?;
                let mut terms = Vec::new();
                loop {
                    let mut descending = false;
                    if self.is("<") {
                        self.expect("<", false)?;
                    } else if self.is(">") {
                        descending = true;
                        self.expect(">", false)?;
                    }
                    terms.push((descending, self.expression(0)?));
                    if !self.is(",") {
                        break;
                    }
                    self.expect(",", false)?;
                }
                self.expect(")", true)?;
                let depth = left
                    .depth
                    .max(terms.iter().map(|(_, t)| t.depth).max().unwrap_or(0))
                    + 1;
                Ok(Raw::new(
                    RawKind::Sort {
                        lhs: Box::new(left),
                        terms,
                    },
                    offset,
                    depth,
                ))
            }
            "{" => {
                let pairs = self.object_pairs()?;
                let depth = left.depth.max(pair_depth(&pairs)) + 1;
                Ok(Raw::new(
                    RawKind::Group {
                        lhs: Box::new(left),
                        pairs,
                    },
                    offset,
                    depth,
                ))
            }
            ":=" => {
                let RawKind::Leaf(Kind::Variable(name)) = &left.kind else {
                    return Err(JsonataError::new("S0212").at(left.offset));
                };
                let name = name.clone();
                let rhs = self.expression(lbp(":=") - 1)?;
                let depth = rhs.depth + 1;
                Ok(Raw::new(
                    RawKind::Bind {
                        name,
                        rhs: Box::new(rhs),
                    },
                    offset,
                    depth,
                ))
            }
            "@" | "#" => {
                let rhs = self.expression(lbp(op))?;
                let RawKind::Leaf(Kind::Variable(name)) = rhs.kind else {
                    return Err(JsonataError::new("S0214").at(rhs.offset).token(op));
                };
                let depth = left.depth + 1;
                let kind = if op == "@" {
                    RawKind::Focus {
                        lhs: Box::new(left),
                        name,
                    }
                } else {
                    RawKind::IndexBind {
                        lhs: Box::new(left),
                        name,
                    }
                };
                Ok(Raw::new(kind, offset, depth))
            }
            "?" => {
                let then = self.expression(0)?;
                let otherwise = if self.is(":") {
                    self.expect(":", false)?;
                    Some(Box::new(self.expression(0)?))
                } else {
                    None
                };
                let depth = left
                    .depth
                    .max(then.depth)
                    .max(otherwise.as_ref().map_or(0, |o| o.depth))
                    + 1;
                Ok(Raw::new(
                    RawKind::Condition {
                        cond: Box::new(left),
                        then: Box::new(then),
                        otherwise,
                    },
                    offset,
                    depth,
                ))
            }
            _ => {
                let rhs = self.expression(lbp(op))?;
                let depth = left.depth.max(rhs.depth) + 1;
                Ok(Raw::new(
                    RawKind::Binary {
                        op,
                        lhs: Box::new(left),
                        rhs: Box::new(rhs),
                    },
                    offset,
                    depth,
                ))
            }
        }
    }

    /// A call (or a lambda definition) after its `(`.
    fn call(&mut self, offset: usize, procedure: Raw) -> Result<Raw, JsonataError> {
        let mut args = Vec::new();
        let mut partial = false;
        if !self.is(")") {
            loop {
                if self.is("?") {
                    partial = true;
                    let at = self.offset();
                    self.expect("?", false)?;
                    args.push(Raw::new(RawKind::Leaf(Kind::Placeholder), at, 1));
                } else {
                    args.push(self.expression(0)?);
                }
                if !self.is(",") {
                    break;
                }
                self.expect(",", false)?;
            }
        }
        self.expect(")", true)?;
        let is_lambda = matches!(&procedure.kind, RawKind::Leaf(Kind::Name(n)) if n == "function" || n == "\u{3bb}");
        if !is_lambda {
            let depth = procedure.depth.max(max_depth(&args)) + 1;
            return Ok(Raw::new(
                RawKind::Call {
                    procedure: Box::new(procedure),
                    args,
                    partial,
                },
                offset,
                depth,
            ));
        }
        let mut params = Vec::new();
        for (i, arg) in args.into_iter().enumerate() {
            match arg.kind {
                RawKind::Leaf(Kind::Variable(v)) => params.push(v),
                _ => {
                    return Err(JsonataError::new("S0208")
                        .at(arg.offset)
                        .value((i + 1).to_string()));
                }
            }
        }
        let signature = if self.is("<") {
            Some(self.signature()?)
        } else {
            None
        };
        self.expect("{", false)?;
        let body = self.expression(0)?;
        self.expect("}", true)?;
        let depth = body.depth + 1;
        Ok(Raw::new(
            RawKind::Lambda {
                params,
                signature,
                body: Box::new(body),
            },
            offset,
            depth,
        ))
    }

    /// A lambda's signature `<…>`, read as raw text between the brackets.
    fn signature(&mut self) -> Result<Signature, JsonataError> {
        let start = self.offset();
        let mut depth = 1;
        let mut text = String::from("<");
        while depth > 0 && !self.is("{") && !matches!(self.current, Current::End(_)) {
            self.advance(false)?;
            let Current::Token(t) = &self.current else {
                break;
            };
            let part = token_text(&t.kind);
            if t.kind == TokenKind::Op(">") {
                depth -= 1;
            } else if t.kind == TokenKind::Op("<") {
                depth += 1;
            }
            text.push_str(&part);
        }
        self.expect(">", false)?;
        parse_signature(&text).map_err(|e| {
            let offset = start + e.offset.unwrap_or(0);
            e.at(offset)
        })
    }
}

fn too_deep(offset: usize) -> JsonataError {
    JsonataError::new("U1003")
        .at(offset)
        .extra(format!("more than {MAX_DEPTH} levels"))
}

fn max_depth(items: &[Raw]) -> usize {
    items.iter().map(|r| r.depth).max().unwrap_or(0)
}

fn pair_depth(pairs: &[(Raw, Raw)]) -> usize {
    pairs
        .iter()
        .map(|(k, v)| k.depth.max(v.depth))
        .max()
        .unwrap_or(0)
}

/// `[]` marks the innermost step under any predicates.
fn mark_keep_array(mut node: &mut Raw) {
    loop {
        match node.kind {
            RawKind::Predicate { ref mut lhs, .. } => node = lhs,
            _ => {
                node.keep_array = true;
                return;
            }
        }
    }
}

/// A token as its text (for messages and signatures).
pub(crate) fn token_text(kind: &TokenKind) -> String {
    match kind {
        TokenKind::Name(n) => n.clone(),
        TokenKind::Variable(v) => format!("${v}"),
        TokenKind::Str(s) => s.clone(),
        TokenKind::Number(n) => super::number_text(*n),
        TokenKind::Bool(b) => b.to_string(),
        TokenKind::Null => "null".into(),
        TokenKind::Regex { pattern, flags } => format!("/{pattern}/{flags}"),
        TokenKind::Op(o) => (*o).to_owned(),
    }
}

/// Parses a function signature such as `<s-n?:s>` (the return type is ignored, as JSONata
/// does). Error offsets count characters from the start of `sig`.
pub(crate) fn parse_signature(sig: &str) -> Result<Signature, JsonataError> {
    let mut cursor = Cursor::new(sig);
    let mut params: Vec<SigParam> = Vec::new();
    let param = |types: &str, kind: &str| SigParam {
        types: types.to_owned(),
        kind: kind.to_owned(),
        optional: false,
        repeated: false,
        context: false,
        subtype: None,
    };
    // The opening `<`.
    cursor.bump();
    while let Some(c) = cursor.peek() {
        let at = cursor.pos();
        match c {
            ':' => break,
            's' | 'n' | 'b' | 'l' | 'o' | 'a' | 'f' | 'j' | 'x' => {
                params.push(param(&c.to_string(), &c.to_string()));
            }
            '-' => {
                if let Some(p) = params.last_mut() {
                    p.context = true;
                    p.optional = true;
                }
            }
            '?' => {
                if let Some(p) = params.last_mut() {
                    p.optional = true;
                }
            }
            '+' => {
                if let Some(p) = params.last_mut() {
                    p.repeated = true;
                }
            }
            '(' => {
                let choice = bracket_group(&mut cursor, '(', ')');
                if choice.contains('<') {
                    return Err(JsonataError::new("S0402")
                        .at(cursor.column(at))
                        .value(choice));
                }
                params.push(param(choice, &format!("({choice})")));
                continue;
            }
            '<' => {
                let is_param = params
                    .last()
                    .is_some_and(|p| p.kind == "a" || p.kind == "f");
                if !is_param {
                    let ty = params.last().map(|p| p.kind.clone()).unwrap_or_default();
                    return Err(JsonataError::new("S0401").at(cursor.column(at)).value(ty));
                }
                let sub = bracket_group(&mut cursor, '<', '>');
                if let Some(p) = params.last_mut() {
                    p.subtype = Some(sub.to_owned());
                }
                continue;
            }
            _ => {}
        }
        cursor.bump();
    }
    Ok(Signature {
        definition: sig.to_owned(),
        params,
    })
}

/// The text inside a signature's bracket group, the cursor on its `open` bracket; moves past
/// the matching `close`. When nothing closes it, the group runs to the end of the text with
/// its last character left out.
fn bracket_group<'a>(cursor: &mut Cursor<'a>, open: char, close: char) -> &'a str {
    cursor.bump();
    let content = cursor.pos();
    let mut depth = 1;
    // Where the last character read inside the group starts.
    let mut last = content;
    loop {
        let at = cursor.pos();
        match cursor.bump() {
            None => return cursor.slice(content, last),
            Some(c) if c == close => {
                depth -= 1;
                if depth == 0 {
                    return cursor.slice(content, at);
                }
            }
            Some(c) if c == open => depth += 1,
            Some(_) => {}
        }
        last = at;
    }
}
