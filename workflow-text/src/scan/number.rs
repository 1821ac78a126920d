//! Number literals: `-12`, `1.5`, `2e-3`, with the parts the grammar allows.

use super::Cursor;

/// What a grammar's number literal may hold. Every grammar here reads an integer part of
/// ASCII digits; they differ in the rest.
#[derive(Clone, Copy, Debug)]
pub struct NumberSyntax {
    /// Whether a leading `-` belongs to the number.
    pub minus: bool,
    /// Whether the integer part is any run of digits (`007`), rather than a `0` standing
    /// alone as in JSON (`01` reads as `0`, then `1` is left).
    pub leading_zeros: bool,
    /// Whether a fraction (`.5`) and an exponent (`e-3`) may follow the integer part.
    pub fraction_and_exponent: bool,
    /// Whether a `.`, `e` or `E` must be followed by its digits ([`MissingDigits`] otherwise),
    /// rather than ending the number before it.
    pub strict: bool,
}

/// A number literal without the digits it needs (`-`, or `1.` and `1e` when strict).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MissingDigits {
    /// Where the literal starts.
    pub start: usize,
    /// Where the missing digits should be (the literal as read is the text between).
    pub end: usize,
}

impl<'a> Cursor<'a> {
    /// Reads a number literal as `syntax` allows it and returns its text.
    pub fn number(&mut self, syntax: NumberSyntax) -> Result<&'a str, MissingDigits> {
        let start = self.pos();
        if syntax.minus {
            self.eat('-');
        }
        let lone_zero = !syntax.leading_zeros && self.eat('0');
        if !lone_zero {
            self.digits(start)?;
        }
        if syntax.fraction_and_exponent {
            if syntax.strict {
                self.strict_fraction_and_exponent(start)?;
            } else {
                self.optional_fraction_and_exponent();
            }
        }
        Ok(self.since(start))
    }

    /// One or more ASCII digits; [`MissingDigits`] for the literal starting at `start` when
    /// there is none.
    fn digits(&mut self, start: usize) -> Result<(), MissingDigits> {
        if self.take_while(|c| c.is_ascii_digit()).is_empty() {
            return Err(MissingDigits {
                start,
                end: self.pos(),
            });
        }
        Ok(())
    }

    /// `.digits` and `e[+-]digits`, each optional, each needing its digits once begun.
    fn strict_fraction_and_exponent(&mut self, start: usize) -> Result<(), MissingDigits> {
        if self.eat('.') {
            self.digits(start)?;
        }
        if matches!(self.peek(), Some('e' | 'E')) {
            self.bump();
            if !self.eat('+') {
                self.eat('-');
            }
            self.digits(start)?;
        }
        Ok(())
    }

    /// `.digits` and `e[+-]digits`, each read only when its digits are there (so `1.x` reads
    /// `1` and `1e` reads `1`).
    fn optional_fraction_and_exponent(&mut self) {
        if self.peek() == Some('.') && self.peek_nth(1).is_some_and(|c| c.is_ascii_digit()) {
            self.bump();
            self.take_while(|c| c.is_ascii_digit());
        }
        if matches!(self.peek(), Some('e' | 'E')) {
            let before = self.pos();
            self.bump();
            if !self.eat('+') {
                self.eat('-');
            }
            if self.take_while(|c| c.is_ascii_digit()).is_empty() {
                self.rewind(before);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const LENIENT: NumberSyntax = NumberSyntax {
        minus: true,
        leading_zeros: true,
        fraction_and_exponent: true,
        strict: false,
    };
    const STRICT: NumberSyntax = NumberSyntax {
        strict: true,
        ..LENIENT
    };
    const INTEGER: NumberSyntax = NumberSyntax {
        fraction_and_exponent: false,
        ..LENIENT
    };
    const JSON: NumberSyntax = NumberSyntax {
        minus: false,
        leading_zeros: false,
        ..LENIENT
    };

    fn read(text: &str, syntax: NumberSyntax) -> Result<&str, MissingDigits> {
        Cursor::new(text).number(syntax)
    }

    #[test]
    fn reads_what_the_syntax_allows() {
        assert_eq!(read("-12.5e+3x", LENIENT), Ok("-12.5e+3"));
        assert_eq!(read("1.x", LENIENT), Ok("1"));
        assert_eq!(read("1e+x", LENIENT), Ok("1"));
        assert_eq!(read("007", LENIENT), Ok("007"));
        assert_eq!(read("-3.5", INTEGER), Ok("-3"));
        assert_eq!(read("01.5", JSON), Ok("0"));
        assert_eq!(read("0.5E2", JSON), Ok("0.5E2"));
        assert_eq!(read("-1", JSON), Err(MissingDigits { start: 0, end: 0 }));
        assert_eq!(read("2.5e-1)", STRICT), Ok("2.5e-1"));
    }

    #[test]
    fn says_where_digits_are_missing() {
        assert_eq!(read("-", LENIENT), Err(MissingDigits { start: 0, end: 1 }));
        assert_eq!(read("-x", INTEGER), Err(MissingDigits { start: 0, end: 1 }));
        assert_eq!(read("1.)", STRICT), Err(MissingDigits { start: 0, end: 2 }));
        assert_eq!(
            read("1e+)", STRICT),
            Err(MissingDigits { start: 0, end: 3 })
        );
    }

    proptest! {
        #[test]
        fn reads_a_prefix_of_the_text(text in "[-+.eE0-9x]{0,12}") {
            for syntax in [LENIENT, STRICT, INTEGER, JSON] {
                if let Ok(number) = read(&text, syntax) {
                    prop_assert!(text.starts_with(number));
                }
            }
        }
    }
}
