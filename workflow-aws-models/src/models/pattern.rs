//! A string shape's `pattern`: the Java regular expression botocore's models give it,
//! translated into the `regex` crate's syntax only where the translation accepts every string
//! Java accepts (a pattern using anything else is skipped, never guessed).
//!
//! The models' patterns are Smithy `@pattern` constraints, which are not implicitly anchored
//! (Smithy IDL 2.0, "pattern trait"): a value conforms when the expression matches somewhere in
//! it, so the check searches (`Regex::is_match`), which never rejects more than a whole-value
//! match would. The translation keeps Java's meaning where it can and widens it elsewhere:
//!
//! - a pattern using a class (`\d`, `\w`, `\s`, a POSIX class such as `\p{Alnum}`, a Unicode
//!   category such as `\p{L}`) judges only ASCII values: engines differ on the other
//!   characters (`\w` is ASCII in Java, `java.util.regex.Pattern`, "Predefined character
//!   classes", and in ECMA 262, which Smithy names, but not in Python; Unicode versions move
//!   characters between categories), never on ASCII, but for `\s`, which is written as the
//!   widest ASCII set where it admits (Python's also holds `\x1C`-`\x1F`) and the narrowest
//!   where it excludes (Go's lacks `\x0B`);
//! - `.` is kept (the `regex` crate's `.` excludes only `\n`, Java's more line terminators);
//! - lookarounds and `\b`, `\B`, `\G` are dropped (an assertion only narrows what matches);
//! - `$`, which Java also lets match before a final line terminator, is written so only at the
//!   pattern's end, and dropped elsewhere;
//! - counted repetitions over [`MAX_REPEAT`] become open (`{1,2048}` → `{1,}`), which keeps the
//!   compiled expression small;
//! - anything else (backreferences, flags, possessive quantifiers, class intersections and
//!   nested classes, `\Q…\E`, octal escapes, unpaired surrogates) skips the pattern.
//!
//! The `regex` crate matches in time linear in the value, whatever the pattern.

use regex::{Regex, RegexBuilder};
use std::sync::OnceLock;

/// Counted repetitions above this become open-ended.
const MAX_REPEAT: u32 = 64;

/// The most bytes a translated expression may compile to; a pattern over it is skipped.
const SIZE_LIMIT: usize = 1 << 20;

/// A string shape's pattern as the model gives it, translated on first use.
pub(crate) struct ModelPattern {
    java: Box<str>,
    rule: OnceLock<Option<StringPattern>>,
}

impl ModelPattern {
    /// The pattern `java`, as the model writes it.
    pub(crate) fn new(java: Box<str>) -> ModelPattern {
        ModelPattern {
            java,
            rule: OnceLock::new(),
        }
    }

    /// The model's text, e.g. `[a-zA-Z0-9-_]+`.
    pub(crate) fn java(&self) -> &str {
        &self.java
    }

    /// The translated rule, or `None` when the pattern is skipped.
    pub(crate) fn rule(&self) -> Option<&StringPattern> {
        self.rule
            .get_or_init(|| StringPattern::new(&self.java))
            .as_ref()
    }
}

impl Clone for ModelPattern {
    fn clone(&self) -> ModelPattern {
        ModelPattern::new(self.java.clone())
    }
}

/// A pattern translated for the `regex` crate.
pub(crate) struct StringPattern {
    regex: Regex,
    /// Whether it uses classes engines read differently, so that only ASCII values are judged.
    ascii_values_only: bool,
}

impl StringPattern {
    /// The translation of the Java expression `java`, or `None` when it cannot be certain.
    pub(crate) fn new(java: &str) -> Option<StringPattern> {
        let translation = translate(java)?;
        let regex = RegexBuilder::new(&translation.regex)
            .size_limit(SIZE_LIMIT)
            .build()
            .ok()?;
        Some(StringPattern {
            regex,
            ascii_values_only: translation.classes,
        })
    }

    /// Whether `value` certainly does not conform: nothing in it matches.
    pub(crate) fn rejects(&self, value: &str) -> bool {
        if self.ascii_values_only && !value.is_ascii() {
            return false;
        }
        !self.regex.is_match(value)
    }

    /// The translated expression (for tests).
    #[cfg(test)]
    pub(crate) fn as_str(&self) -> &str {
        self.regex.as_str()
    }
}

/// A translated expression.
struct Translation {
    regex: String,
    /// Whether it uses a class (see [`StringPattern::ascii_values_only`]).
    classes: bool,
}

/// One element of a translation: a character, or a set of characters written as a class (or
/// a Unicode property), which stands alone and inside a class alike.
enum Atom {
    Char(char),
    Set(String),
}

/// `c` as the `regex` crate writes it anywhere: letters and digits as themselves, anything
/// else as `\x{…}`.
fn literal(c: char) -> String {
    if c.is_alphanumeric() {
        c.to_string()
    } else {
        format!("\\x{{{:X}}}", u32::from(c))
    }
}

impl Atom {
    fn render(&self) -> String {
        match self {
            Atom::Char(c) => literal(*c),
            Atom::Set(s) => s.clone(),
        }
    }
}

/// `\s` where it admits: the widest ASCII white space of the engines (Java's and ECMA's
/// `[ \t\n\x0B\f\r]`, and Python's `\x1C`-`\x1F`).
const WIDE_SPACE: &str = "\\x{9}-\\x{D}\\x{1C}-\\x{20}";
/// `\s` where it excludes (in a negated class, or as `\S`): the narrowest (Go's
/// `[\t\n\f\r ]`).
const NARROW_SPACE: &str = "\\x{9}\\x{A}\\x{C}\\x{D}\\x{20}";
/// `\w` on ASCII in every engine: `[a-zA-Z_0-9]`.
const WORD: &str = "0-9A-Za-z_";

/// The set a Java property names (`\p{…}`), or `None` when it is not translated; `admits`
/// tells whether the set admits (else it excludes: `\P{…}`, or inside a negated class).
fn property(name: &str, negated: bool, admits: bool) -> Option<String> {
    const CATEGORIES: [&str; 38] = [
        "L", "Lu", "Ll", "Lt", "Lm", "Lo", "M", "Mn", "Mc", "Me", "N", "Nd", "Nl", "No", "P", "Pc",
        "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "S", "Sm", "Sc", "Sk", "So", "Z", "Zs", "Zl", "Zp",
        "C", "Cc", "Cf", "Co", "Cs", "Cn", "LC",
    ];
    let hat = if negated { "^" } else { "" };
    let unicode_set = |set: &str| Some(format!("[{hat}{set}]"));
    if CATEGORIES.contains(&name) {
        return unicode_set(&format!("\\p{{{name}}}"));
    }
    // Java's POSIX classes are US-ASCII only; `LD` is letters and digits, `IsAlphabetic` the
    // Unicode property (java.util.regex.Pattern, "Classes for Unicode scripts, blocks,
    // categories and binary properties").
    let ascii = match name {
        "ASCII" => "\\x{0}-\\x{7F}",
        "Alnum" => "0-9A-Za-z",
        "Alpha" => "A-Za-z",
        "Digit" => "0-9",
        "Upper" => "A-Z",
        "Lower" => "a-z",
        "Punct" => "\\x{21}-\\x{2F}\\x{3A}-\\x{40}\\x{5B}-\\x{60}\\x{7B}-\\x{7E}",
        "Graph" => "\\x{21}-\\x{7E}",
        "Print" => "\\x{20}-\\x{7E}",
        "Blank" => "\\x{20}\\x{9}",
        "Cntrl" => "\\x{0}-\\x{1F}\\x{7F}",
        "XDigit" => "0-9A-Fa-f",
        "Space" if admits => WIDE_SPACE,
        "Space" => NARROW_SPACE,
        "all" if !negated => "\\x{0}-\\x{10FFFF}",
        "LD" => return unicode_set("\\p{L}\\p{Nd}"),
        "IsAlphabetic" => return unicode_set("\\p{Alphabetic}"),
        _ => return None,
    };
    Some(format!("[{hat}{ascii}]"))
}

/// The cursor over the Java expression.
struct Reader {
    chars: Vec<char>,
    at: usize,
    /// Whether a class was used: only ASCII values are judged.
    classes: bool,
    /// Whether the reader is inside a negated class, where a set excludes.
    negated_class: bool,
}

impl Reader {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.at + ahead).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += 1;
        Some(c)
    }

    fn hex(&mut self, digits: usize) -> Option<u32> {
        let mut n = 0u32;
        for _ in 0..digits {
            n = n * 16 + self.next()?.to_digit(16)?;
        }
        Some(n)
    }

    /// `\uXXXX`, pairing a high surrogate with the low one that must follow.
    fn utf16(&mut self) -> Option<char> {
        let unit = self.hex(4)?;
        match unit {
            0xD800..=0xDBFF => {
                if self.next()? != '\\' || self.next()? != 'u' {
                    return None;
                }
                let low = self.hex(4)?;
                if !(0xDC00..=0xDFFF).contains(&low) {
                    return None;
                }
                char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
            }
            _ => char::from_u32(unit),
        }
    }

    /// The escape after a `\` (already read) that stands for a character or a set; `None` for
    /// any other.
    fn escape(&mut self) -> Option<Atom> {
        let c = self.next()?;
        if !c.is_ascii_alphanumeric() {
            return Some(Atom::Char(c));
        }
        if matches!(c, 'd' | 'D' | 'w' | 'W' | 's' | 'S' | 'p' | 'P') {
            self.classes = true;
        }
        let set = |s: &str| Some(Atom::Set(s.to_owned()));
        // Whether the characters of a set end up admitted: `\s` outside a negated class, `\S`
        // inside one.
        let admits = |negated_escape: bool, negated_class: bool| negated_escape == negated_class;
        match c {
            't' => Some(Atom::Char('\t')),
            'n' => Some(Atom::Char('\n')),
            'r' => Some(Atom::Char('\r')),
            'f' => Some(Atom::Char('\x0C')),
            'a' => Some(Atom::Char('\x07')),
            'e' => Some(Atom::Char('\x1B')),
            'x' if self.peek() == Some('{') => {
                self.next();
                let mut n = 0u32;
                let mut digits = 0;
                loop {
                    let d = self.next()?;
                    if d == '}' {
                        break;
                    }
                    n = n.checked_mul(16)?.checked_add(d.to_digit(16)?)?;
                    digits += 1;
                }
                (digits > 0).then_some(())?;
                char::from_u32(n).map(Atom::Char)
            }
            'x' => char::from_u32(self.hex(2)?).map(Atom::Char),
            'u' => self.utf16().map(Atom::Char),
            'd' => set("[0-9]"),
            'D' => set("[^0-9]"),
            'w' => set(&format!("[{WORD}]")),
            'W' => set(&format!("[^{WORD}]")),
            's' if admits(false, self.negated_class) => set(&format!("[{WIDE_SPACE}]")),
            's' => set(&format!("[{NARROW_SPACE}]")),
            'S' if admits(true, self.negated_class) => set(&format!("[^{WIDE_SPACE}]")),
            'S' => set(&format!("[^{NARROW_SPACE}]")),
            'p' | 'P' => {
                if self.next()? != '{' {
                    return None;
                }
                let mut name = String::new();
                loop {
                    match self.next()? {
                        '}' => break,
                        ch => name.push(ch),
                    }
                }
                let negated = c == 'P';
                property(&name, negated, admits(negated, self.negated_class)).map(Atom::Set)
            }
            _ => None,
        }
    }

    /// A class, after its `[`.
    fn class(&mut self) -> Option<String> {
        let mut out = String::from("[");
        self.negated_class = self.peek() == Some('^');
        if self.negated_class {
            self.next();
            out.push('^');
        }
        if self.peek() == Some(']') {
            return None;
        }
        loop {
            let atom = match self.next()? {
                ']' => break,
                // A nested class (a union) or an intersection: not translated.
                '[' => return None,
                '&' if self.peek() == Some('&') => return None,
                '\\' => self.escape()?,
                c => Atom::Char(c),
            };
            // A range: a character, `-`, and a character that is not the class's end (Java's
            // `Pattern.range`; `-` elsewhere is itself).
            if let Atom::Char(low) = atom
                && self.peek() == Some('-')
                && !matches!(self.peek_at(1), Some(']' | '[') | None)
            {
                self.next();
                let high = match self.next()? {
                    '\\' => match self.escape()? {
                        Atom::Char(h) => h,
                        Atom::Set(_) => return None,
                    },
                    h => h,
                };
                if high < low {
                    return None;
                }
                out.push_str(&format!("{}-{}", literal(low), literal(high)));
                continue;
            }
            out.push_str(&atom.render());
        }
        out.push(']');
        self.negated_class = false;
        Some(out)
    }

    /// The end of a lookaround group whose `(?=`, `(?!`, `(?<=` or `(?<!` has been read:
    /// skips to after its `)`.
    fn skip_group(&mut self) -> Option<()> {
        let mut depth = 1usize;
        while depth > 0 {
            match self.next()? {
                '\\' => {
                    self.next()?;
                }
                '[' => {
                    // Java classes nest: skip to the `]` closing this one.
                    let mut classes = 1usize;
                    if self.peek() == Some('^') {
                        self.next();
                    }
                    if self.peek() == Some(']') {
                        return None;
                    }
                    while classes > 0 {
                        match self.next()? {
                            '\\' => {
                                self.next()?;
                            }
                            '[' => classes += 1,
                            ']' => classes -= 1,
                            _ => {}
                        }
                    }
                }
                '(' => depth += 1,
                ')' => depth -= 1,
                _ => {}
            }
        }
        Some(())
    }

    /// Whether a quantifier follows (what a dropped assertion must not have).
    fn quantified(&self) -> bool {
        matches!(self.peek(), Some('*' | '+' | '?' | '{'))
    }

    /// A quantifier's lazy `?` (kept) or possessive `+` (not translated).
    fn quantifier_suffix(&mut self, out: &mut String) -> Option<()> {
        match self.peek() {
            Some('+') => None,
            Some('?') => {
                self.next();
                out.push('?');
                Some(())
            }
            _ => Some(()),
        }
    }

    /// A counted repetition after its `{`.
    fn counted(&mut self) -> Option<String> {
        let number = |r: &mut Reader| -> Option<Option<u32>> {
            let mut n: Option<u32> = None;
            while let Some(d) = r.peek().and_then(|c| c.to_digit(10)) {
                r.next();
                n = Some(n.unwrap_or(0).checked_mul(10)?.checked_add(d)?);
            }
            Some(n)
        };
        let low = number(self)??;
        let high = match self.next()? {
            '}' => return Some(repeat(low, Some(low))),
            ',' => number(self)?,
            _ => return None,
        };
        if self.next()? != '}' || high.is_some_and(|h| h < low) {
            return None;
        }
        Some(repeat(low, high))
    }
}

/// `{low,high}`, open-ended when a bound is over [`MAX_REPEAT`] (which accepts more).
fn repeat(low: u32, high: Option<u32>) -> String {
    match high {
        Some(h) if h <= MAX_REPEAT && low == h => format!("{{{low}}}"),
        Some(h) if h <= MAX_REPEAT => format!("{{{low},{h}}}"),
        _ => format!("{{{},}}", low.min(MAX_REPEAT)),
    }
}

/// Java's `$` without MULTILINE: the end, or before a final line terminator.
const END: &str = "(?:\\r\\n|[\\n\\r\\x{85}\\x{2028}\\x{2029}])?\\z";

/// The `regex` crate's expression accepting at least what `java` accepts, or `None`.
fn translate(java: &str) -> Option<Translation> {
    let mut r = Reader {
        chars: java.chars().collect(),
        at: 0,
        classes: false,
        negated_class: false,
    };
    let mut out = String::new();
    let mut depth = 0usize;
    while let Some(c) = r.next() {
        match c {
            '\\' => match r.peek()? {
                // Assertions: dropped (they only narrow what matches).
                'b' | 'B' | 'G' => {
                    r.next();
                    if r.quantified() {
                        return None;
                    }
                }
                'A' => {
                    r.next();
                    out.push_str("\\A");
                }
                'z' => {
                    r.next();
                    out.push_str("\\z");
                }
                'Z' => {
                    r.next();
                    end(&r, depth, &mut out)?;
                }
                _ => out.push_str(&r.escape()?.render()),
            },
            '[' => out.push_str(&r.class()?),
            '(' => {
                if r.peek() == Some('?') {
                    r.next();
                    match (r.next()?, r.peek()) {
                        (':', _) => {}
                        ('=' | '!', _) => {
                            r.skip_group()?;
                            if r.quantified() {
                                return None;
                            }
                            continue;
                        }
                        ('<', Some('=' | '!')) => {
                            r.next();
                            r.skip_group()?;
                            if r.quantified() {
                                return None;
                            }
                            continue;
                        }
                        _ => return None,
                    }
                }
                out.push_str("(?:");
                depth += 1;
            }
            ')' => {
                depth = depth.checked_sub(1)?;
                out.push(')');
            }
            '|' => out.push('|'),
            '.' => out.push('.'),
            '^' => out.push('^'),
            '$' => end(&r, depth, &mut out)?,
            '*' | '+' | '?' => {
                out.push(c);
                r.quantifier_suffix(&mut out)?;
            }
            '{' => {
                out.push_str(&r.counted()?);
                r.quantifier_suffix(&mut out)?;
            }
            c => out.push_str(&literal(c)),
        }
    }
    (depth == 0).then_some(Translation {
        regex: out,
        classes: r.classes,
    })
}

/// Java's `$` (or `\Z`): written as [`END`] where nothing can follow it (the pattern's end,
/// past closing parentheses, or a top-level `|`), dropped elsewhere (unless quantified).
fn end(r: &Reader, depth: usize, out: &mut String) -> Option<()> {
    let rest = r.chars.get(r.at..).unwrap_or_default();
    let last = rest.iter().all(|c| *c == ')') || (depth == 0 && rest.first() == Some(&'|'));
    if last {
        out.push_str(END);
    } else if r.quantified() {
        return None;
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::StringPattern;

    fn rule(java: &str) -> StringPattern {
        StringPattern::new(java).unwrap_or_else(|| panic!("`{java}` is not translated"))
    }

    #[test]
    fn lambda_function_names() {
        // botocore 1.44.5, lambda 2015-03-31, NamespacedFunctionName.
        let names = rule(
            r"(arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_\.]+)(:(\$LATEST(\.PUBLISHED)?|[a-zA-Z0-9-_]+))?",
        );
        // Unanchored: a value with a matching part conforms (the Smithy meaning).
        assert!(!names.rejects("my-function"));
        assert!(!names.rejects("arn:aws:lambda:us-east-1:123456789012:function:f:$LATEST"));
        assert!(names.rejects("!!!"));
    }

    #[test]
    fn anchored_patterns_judge_the_whole_value() {
        let role = rule(r"^arn:aws[a-z\-]*:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+$");
        assert!(!role.rejects("arn:aws:iam::123456789012:role/Name"));
        assert!(role.rejects("arn:aws:iam::123456789012:user/Name"));
        // Java's `$` also matches before a final line terminator.
        assert!(!role.rejects("arn:aws:iam::123456789012:role/Name\n"));
        let digits = rule(r"^[0-9]{12}$");
        assert!(digits.rejects("12345"));
        assert!(!digits.rejects("123456789012"));
    }

    #[test]
    fn classes_judge_ascii_values_only() {
        let word = rule(r"^\w+$");
        assert!(word.rejects("a-b"));
        assert!(!word.rejects("a_1"));
        // Not judged: `\w` holds `é` in Python, not in Java.
        assert!(!word.rejects("é"));
        let not_space = rule(r"^\S+$");
        assert!(not_space.rejects("a b"));
        // `\x0B` is white space in Java, not in Go: `\S` admits it, and so does `\s`.
        assert!(!not_space.rejects("a\x0Bb"));
        assert!(!rule(r"^\s$").rejects("\x0B"));
        assert!(!rule(r"^[^\s]+$").rejects("a\x0Bb"));
        assert!(rule(r"^[^\s]+$").rejects("a b"));
        let punct = rule(r"^[\p{Alnum}\p{Punct}]+$");
        assert!(!punct.rejects("a-b/c"));
        assert!(punct.rejects("a b"));
        // `-` after a set, or last, is itself (Java's Pattern.range).
        let dash = rule(r"^[\w-.]+$");
        assert!(!dash.rejects("a-b.c"));
        assert!(dash.rejects("a/b"));
    }

    #[test]
    fn unicode_categories_judge_ascii_values_only() {
        let tag = rule(r"^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$");
        assert!(tag.rejects("a!b"));
        // Not judged: a category may differ between Unicode versions.
        assert!(!tag.rejects("ä!b"));
        let printable = rule(r"^\P{C}*$");
        assert!(printable.rejects("a\u{7}"));
    }

    #[test]
    fn surrogate_pairs_are_one_character() {
        let xml = rule(r"[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF\r\n\t]+");
        assert!(!xml.rejects("😀"));
        assert!(xml.rejects("\u{1}"));
        assert!(StringPattern::new(r"[\uD800]").is_none());
    }

    #[test]
    fn assertions_are_dropped() {
        // A lookahead only narrows: without it the rule accepts more, never less.
        let key = rule(r"^(?!aws:)[a-zA-Z+-=._:/]+$");
        assert!(!key.rejects("aws:x"));
        assert!(key.rejects("a b"));
        assert!(!key.as_str().contains("(?!"));
        // `$` before more of the pattern is dropped.
        let middle = rule(r"^a$\n");
        assert!(!middle.rejects("a\n"));
    }

    #[test]
    fn long_repetitions_are_open() {
        let long = rule(r"^[a-z]{1,2048}$");
        assert!(long.as_str().contains("{1,}"));
        assert!(!long.rejects(&"a".repeat(3000)));
    }

    /// Every pattern of every request is translated or skipped, and most are translated.
    #[test]
    fn most_model_patterns_translate() {
        use crate::models::Service;
        use std::collections::HashSet;
        let mut seen = HashSet::new();
        let mut patterns = HashSet::new();
        let mut translated = 0usize;
        for service in Service::all() {
            let mut stack: Vec<_> = service.operations().filter_map(|op| op.input()).collect();
            while let Some(shape) = stack.pop() {
                if !seen.insert(std::ptr::from_ref(shape.data()) as usize) {
                    continue;
                }
                stack.extend(shape.members().map(|m| m.shape()));
                stack.extend(shape.item());
                stack.extend(shape.map_value());
                if let Some(p) = shape.pattern()
                    && patterns.insert(p)
                {
                    match shape.pattern_rule() {
                        Some(_) => translated += 1,
                        None => println!("skipped ({}): {p}", service.botocore_name()),
                    }
                }
            }
        }
        println!("{translated} of {} patterns translated", patterns.len());
        assert!(
            translated * 10 >= patterns.len() * 9,
            "{translated} of {}",
            patterns.len()
        );
    }

    #[test]
    fn untranslated_patterns_are_skipped() {
        for java in [
            r"^(a)\1$",
            r"(?i)^abc$",
            r"^a*+$",
            r"^[a-z&&[^b]]$",
            r"^[a[b]]$",
            r"\Qa.b\E",
            r"^\p{IsWhitespace}$",
            r"^\v$",
            r"^a(?<name>b)$",
        ] {
            assert!(StringPattern::new(java).is_none(), "{java}");
        }
    }
}
