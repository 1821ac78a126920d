//! DynamoDB's expression grammar (the Amazon DynamoDB Developer Guide: "Condition and filter
//! expressions, operators, and functions", "Update expressions", "Projection expressions",
//! "Key condition expressions"), parsed into what the rules need: the placeholders and bare
//! attribute names used, in document order, and the document paths an update writes.
//!
//! Tokens: whitespace (space, tab, newline); `( ) [ ] , . = + -` and the comparators `= <> <
//! <= > >=`; a word of `A-Z a-z 0-9 _ : #`: an expression attribute name (`#` then one or more
//! of `A-Za-z0-9_`), an expression attribute value (`:` then the same), a number (digits: a
//! list index), or an attribute name (a letter or digit, then letters, digits and `_`; not all
//! digits). Anything else is a syntax error on that token. A syntax error is reported as
//! DynamoDB reports it: `Syntax error; token: "<token>", near: "<the token before, the token,
//! the token after>"`, `<EOF>` at the end (the tokeniser and the `near` of moto 5.2.5's
//! `dynamodb/parsing`, which reproduces AWS's answers).

use std::fmt;

/// What kind of expression is parsed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `KeyConditionExpression` (a condition).
    KeyCondition,
    /// `ConditionExpression`.
    Condition,
    /// `FilterExpression` (a condition).
    Filter,
    /// `UpdateExpression`.
    Update,
    /// `ProjectionExpression`.
    Projection,
}

impl Kind {
    /// The request member that holds it.
    pub(crate) fn member(self) -> &'static str {
        match self {
            Kind::KeyCondition => "KeyConditionExpression",
            Kind::Condition => "ConditionExpression",
            Kind::Filter => "FilterExpression",
            Kind::Update => "UpdateExpression",
            Kind::Projection => "ProjectionExpression",
        }
    }
}

/// A token's kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tok {
    Space,
    /// Punctuation or a comparator.
    Sym,
    /// An attribute name, a keyword or a function's name.
    Word,
    Number,
    /// `#name`.
    Name,
    /// `:value`.
    Value,
    /// A character or word no token takes.
    Bad,
}

/// One token and its text.
#[derive(Clone, Debug)]
struct Token<'s> {
    tok: Tok,
    text: &'s str,
}

/// Splits `source` into tokens.
fn tokens(source: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut rest = source;
    let word_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | ':' | '#');
    while let Some(c) = rest.chars().next() {
        let (tok, len) = if matches!(c, ' ' | '\t' | '\n' | '\r') {
            let len = rest
                .find(|c: char| !matches!(c, ' ' | '\t' | '\n' | '\r'))
                .unwrap_or(rest.len());
            (Tok::Space, len)
        } else if rest.starts_with("<=") || rest.starts_with(">=") || rest.starts_with("<>") {
            (Tok::Sym, 2)
        } else if matches!(
            c,
            '(' | ')' | '[' | ']' | ',' | '.' | '=' | '+' | '-' | '<' | '>'
        ) {
            (Tok::Sym, 1)
        } else if word_char(c) {
            let len = rest.find(|c: char| !word_char(c)).unwrap_or(rest.len());
            (classify(&rest[..len]), len)
        } else {
            (Tok::Bad, c.len_utf8())
        };
        let (text, after) = rest.split_at(len);
        out.push(Token { tok, text });
        rest = after;
    }
    out
}

/// The kind of a word.
fn classify(word: &str) -> Tok {
    let tail = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if let Some(name) = word.strip_prefix('#') {
        return if tail(name) { Tok::Name } else { Tok::Bad };
    }
    if let Some(value) = word.strip_prefix(':') {
        return if tail(value) { Tok::Value } else { Tok::Bad };
    }
    if word.chars().all(|c| c.is_ascii_digit()) {
        return Tok::Number;
    }
    let starts = word
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric());
    if starts && tail(word) {
        Tok::Word
    } else {
        Tok::Bad
    }
}

/// Why an expression does not parse, in DynamoDB's words (after `Invalid <Member>: `).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// `The expression can not be empty;`
    Empty,
    /// `Syntax error; token: "…", near: "…"`
    Syntax { token: String, near: String },
    /// `Invalid function name; function: …`
    UnknownFunction(String),
    /// `The function is not allowed to be used this way in an expression; function: …`
    FunctionMisused(String),
    /// `Incorrect number of operands for operator or function; operator or function: …,
    /// number of operands: …`
    Operands(String, usize),
    /// `The "SET" section can only be used once in an update expression;`
    SectionRepeated(String),
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::Empty => f.write_str("The expression can not be empty;"),
            Refusal::Syntax { token, near } => {
                write!(f, "Syntax error; token: \"{token}\", near: \"{near}\"")
            }
            Refusal::UnknownFunction(name) => write!(f, "Invalid function name; function: {name}"),
            Refusal::FunctionMisused(name) => write!(
                f,
                "The function is not allowed to be used this way in an expression; function: {name}"
            ),
            Refusal::Operands(name, n) => write!(
                f,
                "Incorrect number of operands for operator or function; operator or function: {name}, number of operands: {n}"
            ),
            Refusal::SectionRepeated(section) => write!(
                f,
                "The \"{section}\" section can only be used once in an update expression;"
            ),
        }
    }
}

/// One use, in document order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Use {
    /// `#name`.
    Name(String),
    /// `:value`.
    Value(String),
    /// An attribute name written bare (held against the reserved words).
    Bare(String),
}

/// A document path: its elements as written (`#n`, `a[2]`).
pub(crate) type Path = Vec<String>;

/// What a parsed expression uses.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Parsed {
    /// The placeholders and bare names, in document order.
    pub uses: Vec<Use>,
    /// The paths an update expression writes, or a projection reads, in order.
    pub paths: Vec<Path>,
}

/// The condition functions (usable where a condition is).
const CONDITION_FUNCTIONS: &[(&str, usize)] = &[
    ("attribute_exists", 1),
    ("attribute_not_exists", 1),
    ("attribute_type", 2),
    ("begins_with", 2),
    ("contains", 2),
];
/// The update functions (usable in a `SET` action's value).
const UPDATE_FUNCTIONS: &[(&str, usize)] = &[("if_not_exists", 2), ("list_append", 2)];

/// Parses `source` as a `kind` expression.
pub(crate) fn parse(kind: Kind, source: &str) -> Result<Parsed, Refusal> {
    let tokens = tokens(source);
    if tokens.iter().all(|t| t.tok == Tok::Space) {
        return Err(Refusal::Empty);
    }
    let mut parser = Parser {
        tokens,
        at: 0,
        parsed: Parsed::default(),
        keywords: match kind {
            Kind::Update => &["SET", "REMOVE", "ADD", "DELETE"],
            Kind::Projection => &[],
            Kind::KeyCondition | Kind::Condition | Kind::Filter => {
                &["AND", "OR", "NOT", "BETWEEN", "IN"]
            }
        },
    };
    parser.skip_space();
    match kind {
        Kind::KeyCondition | Kind::Condition | Kind::Filter => parser.condition()?,
        Kind::Update => parser.update()?,
        Kind::Projection => parser.projection()?,
    }
    parser.end()?;
    Ok(parser.parsed)
}

struct Parser<'s> {
    tokens: Vec<Token<'s>>,
    /// The next token (never whitespace but at the end).
    at: usize,
    parsed: Parsed,
    /// The expression's keywords, which are never an attribute name: a syntax error where a
    /// path is expected (`SET a = b + REMOVE c` stops at `REMOVE`, as moto's record of AWS).
    keywords: &'static [&'static str],
}

impl<'s> Parser<'s> {
    fn skip_space(&mut self) {
        while self
            .tokens
            .get(self.at)
            .is_some_and(|t| t.tok == Tok::Space)
        {
            self.at += 1;
        }
    }

    fn peek(&self) -> Option<&Token<'s>> {
        self.tokens.get(self.at)
    }

    /// The token after the next one (past whitespace).
    fn peek_second(&self) -> Option<&Token<'s>> {
        self.tokens
            .iter()
            .skip(self.at + 1)
            .find(|t| t.tok != Tok::Space)
    }

    fn bump(&mut self) -> Option<Token<'s>> {
        let token = self.tokens.get(self.at).cloned();
        self.at += 1;
        self.skip_space();
        token
    }

    fn is_sym(&self, sym: &str) -> bool {
        self.peek()
            .is_some_and(|t| t.tok == Tok::Sym && t.text == sym)
    }

    fn is_keyword(&self, keyword: &str) -> bool {
        self.peek()
            .is_some_and(|t| t.tok == Tok::Word && t.text.eq_ignore_ascii_case(keyword))
    }

    fn expect_sym(&mut self, sym: &str) -> Result<(), Refusal> {
        if self.is_sym(sym) {
            self.bump();
            Ok(())
        } else {
            Err(self.unexpected())
        }
    }

    /// The syntax error at the next token, with DynamoDB's `near`.
    fn unexpected(&self) -> Refusal {
        let at = self.at;
        let text = |i: usize| self.tokens.get(i).map_or("", |t| t.text);
        let space = |i: usize| self.tokens.get(i).is_some_and(|t| t.tok == Tok::Space);
        let mut near = String::new();
        if at >= 1 {
            if space(at - 1) && at >= 2 {
                near.push_str(text(at - 2));
            }
            near.push_str(text(at - 1));
        }
        let token = match self.tokens.get(at) {
            Some(t) => {
                near.push_str(t.text);
                near.push_str(text(at + 1));
                if space(at + 1) {
                    near.push_str(text(at + 2));
                }
                t.text.to_owned()
            }
            None => "<EOF>".to_owned(),
        };
        Refusal::Syntax { token, near }
    }

    fn end(&self) -> Result<(), Refusal> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(self.unexpected()),
        }
    }

    /// A document path: `a.b[2].#c`.
    fn path(&mut self) -> Result<Path, Refusal> {
        let mut path = Vec::new();
        self.element(&mut path)?;
        loop {
            if self.is_sym(".") {
                self.bump();
                self.element(&mut path)?;
            } else if self.is_sym("[") {
                self.bump();
                match self.peek() {
                    Some(t) if t.tok == Tok::Number => {
                        // Written as DynamoDB's messages write it: `a[2]`, one element.
                        let index = format!("[{}]", t.text);
                        match path.last_mut() {
                            Some(last) => last.push_str(&index),
                            None => path.push(index),
                        }
                        self.bump();
                    }
                    _ => return Err(self.unexpected()),
                }
                self.expect_sym("]")?;
            } else {
                return Ok(path);
            }
        }
    }

    fn element(&mut self, path: &mut Path) -> Result<(), Refusal> {
        match self.peek().map(|t| (t.tok, t.text)) {
            Some((Tok::Name, text)) => {
                self.parsed.uses.push(Use::Name(text.to_owned()));
                path.push(text.to_owned());
            }
            Some((Tok::Word, text))
                if !self.keywords.iter().any(|k| k.eq_ignore_ascii_case(text)) =>
            {
                self.parsed.uses.push(Use::Bare(text.to_owned()));
                path.push(text.to_owned());
            }
            _ => return Err(self.unexpected()),
        }
        self.bump();
        Ok(())
    }

    /// Whether the next tokens are a function call (`name(`).
    fn at_call(&self) -> bool {
        self.peek().is_some_and(|t| t.tok == Tok::Word)
            && self
                .peek_second()
                .is_some_and(|t| t.tok == Tok::Sym && t.text == "(")
    }

    /// A call's arguments, each read by `argument`, checked against the function's arity.
    fn call(
        &mut self,
        name: &str,
        arity: usize,
        mut argument: impl FnMut(&mut Self, usize) -> Result<(), Refusal>,
    ) -> Result<(), Refusal> {
        self.bump();
        self.expect_sym("(")?;
        let mut count = 0;
        if !self.is_sym(")") {
            loop {
                if count >= arity {
                    // More operands than the function takes: counted, as DynamoDB does.
                    self.operand_any()?;
                } else {
                    argument(self, count)?;
                }
                count += 1;
                if self.is_sym(",") {
                    self.bump();
                } else {
                    break;
                }
            }
        }
        self.expect_sym(")")?;
        if count == arity {
            Ok(())
        } else {
            Err(Refusal::Operands(name.to_owned(), count))
        }
    }

    /// Any operand, for counting the extra operands of a call.
    fn operand_any(&mut self) -> Result<(), Refusal> {
        self.operand()
    }

    /// A `:value` or a document path, what a condition's and a `SET` operand are besides a
    /// function's call.
    fn value_or_path(&mut self) -> Result<(), Refusal> {
        match self.peek().map(|t| (t.tok, t.text)) {
            Some((Tok::Value, text)) => {
                self.parsed.uses.push(Use::Value(text.to_owned()));
                self.bump();
                Ok(())
            }
            Some((Tok::Name | Tok::Word, _)) => self.path().map(drop),
            _ => Err(self.unexpected()),
        }
    }

    /// A condition's operand: a path, a value, or `size(path)`.
    fn operand(&mut self) -> Result<(), Refusal> {
        if self.at_call() {
            let name = self.peek().map(|t| t.text.to_owned()).unwrap_or_default();
            return match name.as_str() {
                "size" => self.call("size", 1, |p, _| p.path().map(drop)),
                _ => Err(self.function_refusal(&name)),
            };
        }
        self.value_or_path()
    }

    /// Why `name` cannot be called here: unknown, or a function of another expression.
    fn function_refusal(&self, name: &str) -> Refusal {
        let known = |list: &[(&str, usize)]| list.iter().any(|(n, _)| *n == name);
        if known(CONDITION_FUNCTIONS) || known(UPDATE_FUNCTIONS) || name == "size" {
            Refusal::FunctionMisused(name.to_owned())
        } else {
            Refusal::UnknownFunction(name.to_owned())
        }
    }

    /// `condition (OR condition)*`, with AND binding tighter and NOT tighter still.
    fn condition(&mut self) -> Result<(), Refusal> {
        self.conjunction()?;
        while self.is_keyword("OR") {
            self.bump();
            self.conjunction()?;
        }
        Ok(())
    }

    fn conjunction(&mut self) -> Result<(), Refusal> {
        self.negation()?;
        while self.is_keyword("AND") {
            self.bump();
            self.negation()?;
        }
        Ok(())
    }

    fn negation(&mut self) -> Result<(), Refusal> {
        if self.is_keyword("NOT") {
            self.bump();
            return self.negation();
        }
        self.comparison()
    }

    fn comparison(&mut self) -> Result<(), Refusal> {
        if self.is_sym("(") {
            self.bump();
            self.condition()?;
            return self.expect_sym(")");
        }
        if self.at_call() {
            let name = self.peek().map(|t| t.text.to_owned()).unwrap_or_default();
            if let Some((_, arity)) = CONDITION_FUNCTIONS.iter().find(|(n, _)| *n == name) {
                // The first operand is a document path; the others any operand.
                return self.call(&name, *arity, |p, i| match i {
                    0 => p.path().map(drop),
                    _ => p.operand(),
                });
            }
            if name != "size" {
                return Err(self.function_refusal(&name));
            }
        }
        self.operand()?;
        if self.is_keyword("BETWEEN") {
            self.bump();
            self.operand()?;
            if !self.is_keyword("AND") {
                return Err(self.unexpected());
            }
            self.bump();
            return self.operand();
        }
        if self.is_keyword("IN") {
            self.bump();
            self.expect_sym("(")?;
            self.operand()?;
            while self.is_sym(",") {
                self.bump();
                self.operand()?;
            }
            return self.expect_sym(")");
        }
        match self.peek() {
            Some(t)
                if t.tok == Tok::Sym && matches!(t.text, "=" | "<>" | "<" | "<=" | ">" | ">=") =>
            {
                self.bump();
                self.operand()
            }
            _ => Err(self.unexpected()),
        }
    }

    /// `SET …`, `REMOVE …`, `ADD …`, `DELETE …`, each section once.
    fn update(&mut self) -> Result<(), Refusal> {
        let mut seen: Vec<&str> = Vec::new();
        loop {
            let section = ["SET", "REMOVE", "ADD", "DELETE"]
                .into_iter()
                .find(|k| self.is_keyword(k));
            let Some(section) = section else {
                return if seen.is_empty() {
                    Err(self.unexpected())
                } else {
                    Ok(())
                };
            };
            if seen.contains(&section) {
                return Err(Refusal::SectionRepeated(section.to_owned()));
            }
            seen.push(section);
            self.bump();
            loop {
                let path = self.path()?;
                self.parsed.paths.push(path);
                match section {
                    "SET" => {
                        self.expect_sym("=")?;
                        self.set_value()?;
                    }
                    "ADD" | "DELETE" => match self.peek().map(|t| (t.tok, t.text)) {
                        Some((Tok::Value, text)) => {
                            self.parsed.uses.push(Use::Value(text.to_owned()));
                            self.bump();
                        }
                        _ => return Err(self.unexpected()),
                    },
                    _ => {}
                }
                if self.is_sym(",") {
                    self.bump();
                } else {
                    break;
                }
            }
            if self.peek().is_none() {
                return Ok(());
            }
        }
    }

    /// A `SET` action's value: `operand`, `operand + operand`, `operand - operand`.
    fn set_value(&mut self) -> Result<(), Refusal> {
        self.set_operand()?;
        if self.is_sym("+") || self.is_sym("-") {
            self.bump();
            self.set_operand()?;
        }
        Ok(())
    }

    /// A path, a value, `if_not_exists(path, value)` or `list_append(operand, operand)`.
    fn set_operand(&mut self) -> Result<(), Refusal> {
        if self.at_call() {
            let name = self.peek().map(|t| t.text.to_owned()).unwrap_or_default();
            return match name.as_str() {
                "if_not_exists" => self.call(&name, 2, |p, i| match i {
                    0 => p.path().map(drop),
                    _ => p.set_operand(),
                }),
                "list_append" => self.call(&name, 2, |p, _| p.set_operand()),
                _ => Err(self.function_refusal(&name)),
            };
        }
        self.value_or_path()
    }

    /// `path (, path)*`.
    fn projection(&mut self) -> Result<(), Refusal> {
        loop {
            let path = self.path()?;
            self.parsed.paths.push(path);
            if self.is_sym(",") {
                self.bump();
            } else {
                return Ok(());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Kind, Refusal, Use, parse};

    fn syntax(kind: Kind, source: &str) -> (String, String) {
        match parse(kind, source) {
            Err(Refusal::Syntax { token, near }) => (token, near),
            other => panic!("{source}: {other:?}"),
        }
    }

    #[test]
    fn the_documented_forms_parse() {
        for (kind, source) in [
            (
                Kind::Update,
                "SET a = :v, #b.c[2] = if_not_exists(#b.c[2], :z) + :one REMOVE d ADD e :s DELETE f :t",
            ),
            (Kind::Update, "set l = list_append(l, :items)"),
            // Accepted by AWS (../shared/aws-recorded: services.test_dynamodb_task_service).
            (Kind::Update, "set S=:r"),
            (
                Kind::Condition,
                "attribute_not_exists(pk) OR (#s = :s AND NOT begins_with(sk, :p))",
            ),
            (
                Kind::Condition,
                "size(a) > :n AND b BETWEEN :lo AND :hi AND c IN (:x, :y)",
            ),
            (
                Kind::Condition,
                "attribute_type(a, :t) and contains(tags, :tag)",
            ),
            (Kind::KeyCondition, "pk = :pk AND begins_with(sk, :prefix)"),
            (Kind::Projection, "a, b.c, #d[0]"),
        ] {
            assert!(
                parse(kind, source).is_ok(),
                "{source}: {:?}",
                parse(kind, source)
            );
        }
    }

    #[test]
    fn uses_are_listed_in_document_order() {
        let parsed = parse(Kind::Update, "SET #a = :x REMOVE b").unwrap_or_default();
        assert_eq!(
            parsed.uses,
            vec![
                Use::Name("#a".into()),
                Use::Value(":x".into()),
                Use::Bare("b".into())
            ]
        );
        assert_eq!(
            parsed.paths,
            vec![vec!["#a".to_owned()], vec!["b".to_owned()]]
        );
    }

    #[test]
    fn syntax_errors_name_the_token_and_what_is_near_it() {
        // moto's recording of AWS's answer (`dynamodb/parsing/reserved_keywords.py`).
        assert_eq!(
            syntax(Kind::Update, "SET path = VALUE 1"),
            ("1".into(), "VALUE 1".into())
        );
        assert_eq!(
            syntax(Kind::Update, "SET a = "),
            ("<EOF>".into(), "= ".into())
        );
        assert_eq!(
            syntax(Kind::Update, "PUT a = :v"),
            ("PUT".into(), "PUT a".into())
        );
        assert_eq!(
            syntax(Kind::Condition, "a = :v AND"),
            ("<EOF>".into(), "AND".into())
        );
        // A keyword where a path is expected (moto's answer, which mirrors AWS's).
        assert_eq!(
            syntax(Kind::Update, "SET a = b + REMOVE c"),
            ("REMOVE".into(), "+ REMOVE c".into())
        );
        assert_eq!(parse(Kind::Filter, "  "), Err(Refusal::Empty));
        assert_eq!(
            parse(Kind::Update, "SET a = :v SET b = :w"),
            Err(Refusal::SectionRepeated("SET".into()))
        );
        assert_eq!(
            parse(Kind::Condition, "begins_with(a)"),
            Err(Refusal::Operands("begins_with".into(), 1))
        );
        assert_eq!(
            parse(Kind::Condition, "exists(a)"),
            Err(Refusal::UnknownFunction("exists".into()))
        );
        assert_eq!(
            parse(Kind::Update, "SET a = attribute_exists(b)"),
            Err(Refusal::FunctionMisused("attribute_exists".into()))
        );
    }
}
