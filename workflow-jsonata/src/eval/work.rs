//! The one bound on work that grows with an argument: before a built-in function (or an
//! operator) does work whose size an argument sets rather than the values it was given (a
//! number's magnitude, a width, a count), it says how much, as a [`Work`] computed from the
//! arguments alone, and the evaluator admits it against the evaluation's
//! [`Limits`](super::Limits) first (`Evaluator::admit`): past them the call fails with the
//! limit's own error before anything is built, as AWS fails an evaluation past its limits.
//!
//! Where work grows with an argument, and what it is admitted as:
//!
//! | work | estimate | past the limit |
//! |---|---|---|
//! | `[a..b]`, `$range(a, b, step)` | one number per item | `U1006` |
//! | `$pad(s, width, char)` | `\|width\|` characters | `U1006` |
//! | `$join(strings, separator)` | the items' and the separators' UTF-16 units (no steps: the items were counted when built) | `U1006` |
//! | `$formatInteger(n, 'I')` (and a date's roman component) | `n / 1000` numerals | `U1006` |
//! | `$formatInteger(n, 'a')` | one letter per power of 26 | `U1006` |
//! | `$formatInteger(n, 'w')` | one level per magnitude; none for NaN or ±Infinity, whose recursion never ends | `U1001` |
//!
//! Every other built-in's work is bounded by the size of the values it is given, which the
//! memory limit already bounds, or by its picture string; `tests/extreme_arguments.rs` calls
//! every built-in with extreme arguments and holds each call to the limits' time and memory.

/// Work about to be done: what its result will hold and how many steps it takes, or a
/// recursion that never ends.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Work {
    /// UTF-16 code units (a string) or bytes (other values, a number 8) the result will hold.
    pub held: f64,
    /// Evaluation steps the work takes.
    pub steps: f64,
    /// Whether the work is a recursion without end (the reference implementation overflows
    /// its stack): admitted as a stack overflow, `U1001`.
    pub endless_recursion: bool,
}

impl Work {
    /// A text of `units` UTF-16 code units, written 16 units a step (as the evaluator counts a
    /// string it builds).
    pub(super) fn text(units: f64) -> Work {
        Work {
            held: units,
            steps: units / 16.0,
            endless_recursion: false,
        }
    }

    /// `count` scalars (numbers), one step each.
    pub(super) fn items(count: f64) -> Work {
        Work {
            held: count * super::memory::BYTES_PER_SCALAR as f64,
            steps: count,
            endless_recursion: false,
        }
    }

    /// A recursion that never ends.
    pub(super) fn endless_recursion() -> Work {
        Work {
            held: 0.0,
            steps: 0.0,
            endless_recursion: true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn estimates_count_as_the_evaluator_does() {
        let w = Work::text(32.0);
        assert_eq!((w.held, w.steps, w.endless_recursion), (32.0, 2.0, false));
        let w = Work::items(3.0);
        assert_eq!((w.held, w.steps), (24.0, 3.0));
        assert!(Work::endless_recursion().endless_recursion);
    }
}
