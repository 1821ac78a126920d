//! proptest strategies for a workflow's input, built at run time from its schema
//! ([`Workflow::INPUT_SCHEMA`]): JSON values with every required field, each optional field
//! present or absent, numbers, strings, booleans, timestamps and ARNs of the declared types,
//! arrays and nested objects; biased towards the literals the workflow's Choice rules compare
//! fields with ([`super::literals`]). Every value decodes as the workflow's `Input`.
//!
//! Generation is bounded for any schema: arrays hold at most three elements near the root and
//! at most one deeper, `any` values nest two levels, and a schema nested deeper than
//! [`MAX_DEPTH`] generates `null` there (which the input type then refuses, loudly).

use super::literals::{Literal, RuleLiterals, Step, choice_literals};
use proptest::prelude::*;
use proptest::strategy::{BoxedStrategy, Just, Union};
use serde_json::{Map, Number, Value};
use std::collections::BTreeSet;
use workflow_asl::timestamp::format_rfc3339_millis;
use workflow_local_engine::{InputField, InputType, Workflow};

/// The deepest schema level generated; deeper levels are `null`.
pub const MAX_DEPTH: usize = 128;

/// Arrays this many levels deep or less hold up to three elements; deeper ones up to one, so
/// that the number of values generated stays proportional to the schema's size.
const WIDE_ARRAY_DEPTH: usize = 3;

/// The strategy for `W`'s input, as JSON, biased towards every literal its Choice rules
/// compare an input field with.
///
/// ```
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
/// use workflow_runtime::{Workflow, workflow};
///
/// workflow! {
///     Route {
///         input { cents: integer, coupon?: string }
///         "Big?": choice {
///             when $.cents > 10000 => "Big",
///             otherwise => "Small",
///         }
///         "Big": succeed;
///         "Small": succeed;
///     }
/// }
///
/// let strategy = workflow_proptest::input_strategy::<Route>();
/// let mut runner = TestRunner::deterministic();
/// for _ in 0..32 {
///     let input = strategy.new_tree(&mut runner).unwrap().current();
///     // Every value decodes as the workflow's input type.
///     let _: RouteInput = serde_json::from_value(input).unwrap();
/// }
/// ```
pub fn input_strategy<W: Workflow>() -> BoxedStrategy<Value> {
    let literals = choice_literals(&W::definition(), &W::INPUT_SCHEMA);
    Inputs::new(&W::INPUT_SCHEMA)
        .biased(&literals, &BTreeSet::new())
        .strategy()
}

/// A schema's strategy, with the literals to mix into its fields.
#[derive(Clone, Debug)]
pub struct Inputs<'a> {
    schema: &'a InputType,
    /// The literals of each field, with their weight.
    literals: Vec<(Vec<Step>, u32, Literal)>,
}

impl<'a> Inputs<'a> {
    /// Values of `schema`, unbiased.
    pub fn new(schema: &'a InputType) -> Self {
        Inputs {
            schema,
            literals: Vec::new(),
        }
    }

    /// Mixes `rules`' literals into their fields: those of a rule in `covered` (by its
    /// pointer) with weight 1, the others with weight 4, so that generation leans towards
    /// the branches not yet reached.
    pub fn biased(mut self, rules: &[RuleLiterals], covered: &BTreeSet<String>) -> Self {
        for rule in rules {
            let weight = if covered.contains(&rule.rule) { 1 } else { 4 };
            for literal in &rule.literals {
                self.literals
                    .push((rule.field.clone(), weight, literal.clone()));
            }
        }
        self
    }

    /// The strategy.
    pub fn strategy(&self) -> BoxedStrategy<Value> {
        let mut path = Vec::new();
        self.value(self.schema, &mut path, 0)
    }

    /// A value of `ty` at `path`, with its field's literals mixed in.
    fn value(&self, ty: &InputType, path: &mut Vec<Step>, depth: usize) -> BoxedStrategy<Value> {
        let base = self.base(ty, path, depth);
        let literals: Vec<(u32, Value)> = self
            .literals
            .iter()
            .filter(|(at, _, _)| at == path)
            .filter_map(|(_, weight, literal)| match literal {
                Literal::Value(v) => Some((*weight, v.clone())),
                Literal::Absent => None,
            })
            .collect();
        if literals.is_empty() {
            return base;
        }
        // As likely as all the literals together: the base values first, which is where
        // shrinking goes.
        let total: u32 = literals.iter().map(|(w, _)| w).sum();
        let mut options = vec![(total, base)];
        options.extend(
            literals
                .into_iter()
                .map(|(weight, v)| (weight, Just(v).boxed())),
        );
        Union::new_weighted(options).boxed()
    }

    /// A value of `ty`, without the literals of its own field.
    fn base(&self, ty: &InputType, path: &mut Vec<Step>, depth: usize) -> BoxedStrategy<Value> {
        if depth > MAX_DEPTH {
            return Just(Value::Null).boxed();
        }
        match ty {
            InputType::String => text().prop_map(Value::from).boxed(),
            InputType::Number => number().boxed(),
            InputType::Integer => integer().prop_map(Value::from).boxed(),
            InputType::Boolean => any::<bool>().prop_map(Value::from).boxed(),
            InputType::Timestamp => timestamp().prop_map(Value::from).boxed(),
            InputType::Arn => arn().prop_map(Value::from).boxed(),
            InputType::Any => any_json().boxed(),
            InputType::Array(item) => {
                path.push(Step::Item);
                let item = self.value(item, path, depth + 1);
                path.pop();
                let most = if depth <= WIDE_ARRAY_DEPTH { 3 } else { 1 };
                proptest::collection::vec(item, 0..=most)
                    .prop_map(Value::Array)
                    .boxed()
            }
            InputType::Object(fields) => self.object(fields, path, depth),
        }
    }

    /// An object with every required field, and each optional one present or absent.
    fn object(
        &self,
        fields: &'static [InputField],
        path: &mut Vec<Step>,
        depth: usize,
    ) -> BoxedStrategy<Value> {
        let members: Vec<BoxedStrategy<Option<Value>>> = fields
            .iter()
            .map(|field| {
                path.push(Step::Field(field.name));
                let value = self.value(&field.ty, path, depth + 1);
                let absent = self
                    .literals
                    .iter()
                    .filter(|(at, _, literal)| at == path && *literal == Literal::Absent)
                    .map(|(_, weight, _)| *weight)
                    .max();
                path.pop();
                match (field.optional, absent) {
                    (false, _) => value.prop_map(Some).boxed(),
                    // Absent first, where shrinking goes; more often when a rule asks.
                    (true, absent) => Union::new_weighted(vec![
                        (absent.unwrap_or(1), Just(None).boxed()),
                        (2, value.prop_map(Some).boxed()),
                    ])
                    .boxed(),
                }
            })
            .collect();
        members
            .prop_map(move |values| {
                let mut object = Map::new();
                for (field, value) in fields.iter().zip(values) {
                    if let Some(value) = value {
                        object.insert(field.name.to_owned(), value);
                    }
                }
                Value::Object(object)
            })
            .boxed()
    }
}

/// Short texts, mostly readable (letters, digits, `-`), sometimes any printable characters.
fn text() -> BoxedStrategy<String> {
    let readable = proptest::string::string_regex("[a-z0-9-]{0,8}");
    let printable = proptest::string::string_regex("\\PC{0,8}");
    match (readable, printable) {
        (Ok(readable), Ok(printable)) => {
            Union::new_weighted(vec![(4, readable.boxed()), (1, printable.boxed())]).boxed()
        }
        // The patterns above are valid: this is never taken.
        _ => Just(String::new()).boxed(),
    }
}

/// Whole numbers: mostly small, often the edges (zero, one, minus one, the extremes, where
/// divisions and sums break), sometimes any.
fn integer() -> BoxedStrategy<i64> {
    Union::new_weighted(vec![
        (3, (-1000i64..=1000).boxed()),
        (
            1,
            proptest::sample::select(vec![0, 1, -1, i64::MAX, i64::MIN]).boxed(),
        ),
        (1, any::<i64>().boxed()),
    ])
    .boxed()
}

/// Finite numbers (JSON has no infinity or NaN): small whole ones, the edges, and any finite
/// `f64`.
fn number() -> impl Strategy<Value = Value> {
    use proptest::num::f64 as float;
    let finite = float::POSITIVE | float::NEGATIVE | float::NORMAL | float::SUBNORMAL | float::ZERO;
    Union::new_weighted(vec![
        (2, (-1000i64..=1000).prop_map(|n| n as f64).boxed()),
        (
            1,
            proptest::sample::select(vec![0.0, 1.0, -1.0, 0.5, f64::MAX, f64::MIN]).boxed(),
        ),
        (1, finite.boxed()),
    ])
    .prop_map(|n| Number::from_f64(n).map_or(Value::from(0), Value::Number))
}

/// RFC 3339 timestamps between 1970 and 2100, in milliseconds.
fn timestamp() -> impl Strategy<Value = String> {
    (0i64..=4_102_444_800_000).prop_map(format_rfc3339_millis)
}

/// ARNs of state machines with generated names.
fn arn() -> impl Strategy<Value = String> {
    text().prop_map(|name| format!("arn:aws:states:us-east-1:123456789012:stateMachine:m{name}"))
}

/// Any JSON, two levels deep at most: `null`, booleans, numbers, texts, and arrays and
/// objects of them.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        integer().prop_map(Value::from),
        text().prop_map(Value::from),
    ];
    leaf.prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..=3).prop_map(Value::Array),
            proptest::collection::btree_map(text(), inner, 0..=3)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    #[test]
    fn generation_leans_towards_the_rules_not_yet_covered() {
        const SCHEMA: InputType =
            InputType::Object(&[InputField::required("cents", InputType::Integer)]);
        let machine = workflow_asl::StateMachine::from_json(
            r#"{"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [
                {"Variable": "$.cents", "NumericEquals": 5000, "Next": "D"},
                {"Variable": "$.cents", "NumericEquals": 7000, "Next": "D"}
            ], "Default": "D"}, "D": {"Type": "Succeed"}}}"#,
        )
        .unwrap();
        let rules = choice_literals(&machine, &SCHEMA);
        let covered: BTreeSet<String> = ["/States/C/Choices/0".to_owned()].into();
        let strategy = Inputs::new(&SCHEMA).biased(&rules, &covered).strategy();
        let mut runner = TestRunner::deterministic();
        let (mut near_covered, mut near_uncovered) = (0, 0);
        for _ in 0..2000 {
            let cents = strategy.new_tree(&mut runner).unwrap().current()["cents"].as_i64();
            match cents {
                Some(4999..=5001) => near_covered += 1,
                Some(6999..=7001) => near_uncovered += 1,
                _ => {}
            }
        }
        // Weights 1 and 4: the uncovered rule's literals come about four times as often.
        assert!(near_covered > 50, "{near_covered}");
        assert!(
            near_uncovered > 3 * near_covered,
            "{near_uncovered} against {near_covered}"
        );
    }

    #[test]
    fn a_schema_nested_past_the_limit_is_generated_without_overflow() {
        // `[[[…]]]`, deeper than MAX_DEPTH, built at run time.
        let mut ty: &'static InputType = &InputType::Integer;
        for _ in 0..MAX_DEPTH + 10 {
            ty = Box::leak(Box::new(InputType::Array(ty)));
        }
        let strategy = Inputs::new(ty).strategy();
        let mut runner = TestRunner::deterministic();
        for _ in 0..16 {
            let value = strategy.new_tree(&mut runner).unwrap().current();
            assert!(value.is_array());
        }
    }
}
