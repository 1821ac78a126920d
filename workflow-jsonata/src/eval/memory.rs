//! AWS Step Functions' memory limit on a JSONata evaluation: how many bytes a value holds, as
//! the limit counts them.
//!
//! AWS fails an evaluation whose values grow too large with `Expression evaluation memory limit
//! exceeded` (AWS documentation, transforming-data, "Handling expression errors"). Measured on
//! AWS with TestState (floci-io/floci issue #2737): `[1..873782] ~> $count()` evaluates and
//! `[1..873783] ~> $count()` is refused; a string doubled 22 times (4,194,304 characters)
//! evaluates and one doubled 23 times is refused. One bound explains both: a value may hold
//! [`MAX_HELD_BYTES`] = 873,782 × 8 bytes, counting a number (or any other scalar) as
//! [`BYTES_PER_SCALAR`] bytes and a string as its length in UTF-16 code units (a JVM string's
//! length). The two measurements pin the bound for any scalar weight from 5 to 9 bytes; 8, the
//! size of a double, is the one floci-io/floci pull request #2783 chose, and is the one here.

use super::value::V;

/// What a number, a Boolean, `null` or a function counts as against the limit.
pub(crate) const BYTES_PER_SCALAR: u64 = 8;

/// The most bytes one value may hold: the largest array of numbers AWS builds has 873,782 items.
pub(crate) const MAX_HELD_BYTES: u64 = 873_782 * BYTES_PER_SCALAR;

/// The length of `s` in UTF-16 code units (what a JVM string's `length()` counts).
pub(crate) fn text_units(s: &str) -> u64 {
    s.chars().map(|c| c.len_utf16() as u64).sum()
}

/// Whether `s` is longer than `limit` UTF-16 code units, without counting them when its UTF-8
/// length already says (a code unit takes at least one byte).
pub(crate) fn text_exceeds(s: &str, limit: u64) -> bool {
    s.len() as u64 > limit && text_units(s) > limit
}

/// The bytes `v` holds (strings by their UTF-16 length, object keys included, every scalar
/// [`BYTES_PER_SCALAR`]), counted until the total passes `limit`: a value far past the limit
/// costs no more to measure than one just past it.
pub(crate) fn held_bytes(v: &V<'_>, limit: u64) -> u64 {
    let mut total = 0u64;
    let mut stack: Vec<&V<'_>> = vec![v];
    while let Some(x) = stack.pop() {
        match x {
            V::Undef => {}
            V::Str(s) => total = total.saturating_add(text_units(s)),
            V::Arr(a) => stack.extend(a.items.iter()),
            V::Obj(o) => {
                for (k, item) in o.iter() {
                    total = total.saturating_add(text_units(k));
                    stack.push(item);
                }
            }
            V::Null | V::Bool(_) | V::Num(_) | V::Fun(_) => {
                total = total.saturating_add(BYTES_PER_SCALAR);
            }
        }
        if total > limit {
            break;
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_counted_as_the_limit_counts_them() {
        let numbers = V::array(vec![V::Num(1.0); 3]);
        assert_eq!(held_bytes(&numbers, u64::MAX), 24);
        let mut o = super::super::value::Obj::new();
        o.insert("ab".into(), V::str("é😀"));
        o.insert("n".into(), V::Null);
        // "ab" 2 + "é😀" 3 UTF-16 units + "n" 1 + null 8.
        assert_eq!(held_bytes(&V::object(o), u64::MAX), 14);
        assert_eq!(held_bytes(&V::Undef, u64::MAX), 0);
        // Counting stops once past the limit.
        let many = V::array(vec![V::Num(1.0); 1000]);
        assert_eq!(held_bytes(&many, 16), 24);
        assert!(text_exceeds("ééé", 2));
        assert!(!text_exceeds("ééé", 3));
    }
}
