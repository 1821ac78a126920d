//! What an evaluation reads: the input (`$`), the context object (`$$`) and the workflow
//! variables (`$name`); and where random numbers and UUIDs come from.

use serde_json::{Map, Value};
use workflow_jsonata::eval::SplitMix64;

/// The workflow variables visible to a state, by name (without the `$`).
pub trait Variables {
    /// The variable's current value, or `None` when it has not been assigned.
    fn get(&self, name: &str) -> Option<&Value>;
}

impl Variables for Map<String, Value> {
    fn get(&self, name: &str) -> Option<&Value> {
        Map::get(self, name)
    }
}

impl Variables for std::collections::HashMap<String, Value> {
    fn get(&self, name: &str) -> Option<&Value> {
        std::collections::HashMap::get(self, name)
    }
}

/// No variables at all: every `$name` reference fails.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NoVariables;

impl Variables for NoVariables {
    fn get(&self, _name: &str) -> Option<&Value> {
        None
    }
}

/// The data an evaluation reads. Cheap to build (three references): build one per state.
#[derive(Clone, Copy)]
pub struct Env<'a> {
    /// `$`: the value paths are applied to (the state input, the effective input, the
    /// result, ... depending on the field).
    pub input: &'a Value,
    /// `$$`: the context object.
    pub context: &'a Value,
    /// `$name`: the workflow variables.
    pub variables: &'a dyn Variables,
}

impl<'a> Env<'a> {
    /// An environment with `input` as `$`, `context` as `$$` and `variables`.
    pub fn new(input: &'a Value, context: &'a Value, variables: &'a dyn Variables) -> Self {
        Env {
            input,
            context,
            variables,
        }
    }

    /// An environment with only an input: `$$` is `null` and there are no variables.
    pub fn with_input(input: &'a Value) -> Self {
        static NULL: Value = Value::Null;
        Env {
            input,
            context: &NULL,
            variables: &NoVariables,
        }
    }

    /// The same context and variables with another `$`.
    #[must_use]
    pub fn with(&self, input: &'a Value) -> Self {
        Env { input, ..*self }
    }
}

impl std::fmt::Debug for Env<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Env")
            .field("input", self.input)
            .field("context", self.context)
            .finish_non_exhaustive()
    }
}

/// Where `States.UUID` and `States.MathRandom` get their randomness.
pub trait Entropy {
    /// A version 4 UUID in its lowercase hyphenated text form.
    fn uuid(&mut self) -> String;

    /// An integer with `start <= n < end`. With `Some(seed)` the result depends only on the
    /// seed and the bounds. Callers check that `start < end`; if not, implementations return
    /// `start` rather than panic.
    fn random_int(&mut self, start: i64, end: i64, seed: Option<i64>) -> i64;
}

/// Deterministic [`Entropy`] from a `u64` seed: the same seed gives the same sequence of UUIDs
/// and numbers, which is what tests and replayable executions need. It draws from the same
/// generator as JSONata's `$random` and `$uuid` ([`SplitMix64`]). Not cryptographically secure
/// (neither is `States.MathRandom`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SeededEntropy {
    bits: SplitMix64,
}

impl SeededEntropy {
    /// A generator whose sequence is fixed by `seed`.
    pub fn new(seed: u64) -> Self {
        SeededEntropy {
            bits: SplitMix64::new(seed),
        }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.bits.next_u64()
    }
}

/// An unbiased integer in `start..end` from a source of 64-bit words (Lemire's method).
fn bounded(start: i64, end: i64, mut next: impl FnMut() -> u64) -> i64 {
    if end <= start {
        return start;
    }
    // `end - start` fits in a u64 because both are i64 and end > start.
    let width = (i128::from(end) - i128::from(start)) as u64;
    let threshold = width.wrapping_neg() % width;
    loop {
        let product = u128::from(next()) * u128::from(width);
        if (product as u64) >= threshold {
            let offset = (product >> 64) as i128;
            return (i128::from(start) + offset) as i64;
        }
    }
}

impl Entropy for SeededEntropy {
    fn uuid(&mut self) -> String {
        self.bits.uuid()
    }

    fn random_int(&mut self, start: i64, end: i64, seed: Option<i64>) -> i64 {
        match seed {
            Some(seed) => {
                let mut seeded = SplitMix64::new(seed as u64);
                bounded(start, end, || seeded.next_u64())
            }
            None => bounded(start, end, || self.next_u64()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn map_and_unit_variables() {
        let mut vars = Map::new();
        vars.insert("x".into(), json!(1));
        assert_eq!(Variables::get(&vars, "x"), Some(&json!(1)));
        assert_eq!(Variables::get(&vars, "y"), None);
        assert_eq!(NoVariables.get("x"), None);
        let mut hash = std::collections::HashMap::new();
        hash.insert("h".to_string(), json!(true));
        assert_eq!(Variables::get(&hash, "h"), Some(&json!(true)));
    }

    #[test]
    fn env_constructors() {
        let input = json!({"a": 1});
        let other = json!(2);
        let context = json!({"Execution": {}});
        let env = Env::new(&input, &context, &NoVariables);
        assert_eq!(env.input, &input);
        let env2 = env.with(&other);
        assert_eq!(env2.input, &other);
        assert_eq!(env2.context, &context);
        assert_eq!(Env::with_input(&input).context, &Value::Null);
        assert!(format!("{env:?}").contains("Env"));
    }

    #[test]
    fn uuids_come_from_the_generator_jsonata_uses() {
        let mut generator = SplitMix64::new(7);
        let mut entropy = SeededEntropy::new(7);
        assert_eq!(entropy.uuid(), generator.uuid());
        assert_eq!(entropy.next_u64(), generator.next_u64());
    }

    #[test]
    fn random_ints_stay_in_range() {
        let mut e = SeededEntropy::new(1);
        let mut seen = [false; 5];
        for _ in 0..1000 {
            let n = e.random_int(10, 15, None);
            assert!((10..15).contains(&n), "{n}");
            seen[(n - 10) as usize] = true;
        }
        assert!(seen.iter().all(|s| *s));
        assert_eq!(e.random_int(3, 4, None), 3);
        assert_eq!(e.random_int(5, 5, None), 5);
        assert_eq!(e.random_int(5, 1, None), 5);
        let wide = e.random_int(i64::MIN, i64::MAX, None);
        assert!(wide < i64::MAX);
    }

    #[test]
    fn seeded_random_ints_depend_only_on_the_seed() {
        let mut a = SeededEntropy::new(1);
        let mut b = SeededEntropy::new(99);
        b.uuid();
        let x = a.random_int(0, 1_000_000, Some(3));
        assert_eq!(x, b.random_int(0, 1_000_000, Some(3)));
        assert_eq!(x, a.random_int(0, 1_000_000, Some(3)));
        let others: Vec<i64> = (0..20)
            .map(|s| a.random_int(0, 1_000_000, Some(s)))
            .collect();
        assert!(others.iter().any(|o| *o != x));
        assert_eq!(SeededEntropy::default(), SeededEntropy::new(0));
    }
}
