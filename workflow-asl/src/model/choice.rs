//! The Choice state, its rules and the comparison operators.

use super::{Expr, JsonataValue, PathOrNull, PayloadTemplate, QueryLanguage};
use crate::path::PathString;
use serde_json::Number;

/// `"Type": "Choice"`: branches on rules evaluated in order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChoiceState {
    /// `Comment`.
    pub comment: Option<String>,
    /// `QueryLanguage`.
    pub query_language: Option<QueryLanguage>,
    /// `Choices`: the rules, tried in order.
    pub choices: Vec<ChoiceRule>,
    /// `Default`: where to go when no rule matches (else `States.NoChoiceMatched`).
    pub default: Option<String>,
    /// `InputPath` (JSONPath).
    pub input_path: Option<PathOrNull>,
    /// `OutputPath` (JSONPath).
    pub output_path: Option<PathOrNull>,
    /// `Output` (JSONata).
    pub output: Option<JsonataValue>,
    /// `Assign`: runs when no rule with its own `Assign` matched.
    pub assign: Option<PayloadTemplate>,
}

/// A top-level Choice rule: a condition and the state to go to.
#[derive(Clone, Debug, PartialEq)]
pub struct ChoiceRule {
    /// What must hold.
    pub condition: Condition,
    /// `Next`.
    pub next: String,
    /// `Comment`.
    pub comment: Option<String>,
    /// `Assign`: runs instead of the state's `Assign` when this rule matches.
    pub assign: Option<PayloadTemplate>,
    /// `Output` (JSONata): replaces the state's `Output` when this rule matches.
    pub output: Option<JsonataValue>,
}

/// A rule nested in `And`, `Or` or `Not` (no `Next`).
#[derive(Clone, Debug, PartialEq)]
pub struct NestedRule {
    /// What must hold.
    pub condition: Condition,
    /// `Comment`.
    pub comment: Option<String>,
}

/// The condition of a rule.
#[derive(Clone, Debug, PartialEq)]
pub enum Condition {
    /// `Condition` (JSONata): `true`/`false` or a `{% %}` expression.
    Jsonata(Expr<bool>),
    /// `And`: all nested rules hold.
    And(Vec<NestedRule>),
    /// `Or`: at least one nested rule holds.
    Or(Vec<NestedRule>),
    /// `Not`: the nested rule does not hold.
    Not(Box<NestedRule>),
    /// `Variable` plus one comparison operator (JSONPath).
    Test(DataTest),
}

/// A data-test rule: `Variable` compared by one operator.
#[derive(Clone, Debug, PartialEq)]
pub struct DataTest {
    /// `Variable`: the path whose value is tested.
    pub variable: PathString,
    /// The comparison operator.
    pub operator: ComparisonOperator,
    /// The operator's value; its type always matches [`ComparisonOperator::operand_kind`].
    pub operand: Operand,
}

/// The value of a comparison operator.
#[derive(Clone, Debug, PartialEq)]
pub enum Operand {
    /// A string (String*, Timestamp*, StringMatches).
    String(String),
    /// A number (Numeric*).
    Number(Number),
    /// A boolean (BooleanEquals, Is*).
    Bool(bool),
    /// A path (every `…Path` operator).
    Path(PathString),
}

/// The JSON type an operator's value must have.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OperandKind {
    /// A string.
    String,
    /// A timestamp string (RFC 3339).
    Timestamp,
    /// A number.
    Number,
    /// A boolean.
    Bool,
    /// A path string.
    Path,
}

/// What family of values an operator compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OperatorFamily {
    /// String comparisons.
    String,
    /// Numeric comparisons.
    Numeric,
    /// Boolean comparisons.
    Boolean,
    /// Timestamp comparisons.
    Timestamp,
    /// Type and presence tests (`IsNull`, `IsPresent`, ...).
    TypeTest,
}

/// The relation an operator tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Relation {
    /// `…Equals`.
    Equals,
    /// `…LessThan`.
    LessThan,
    /// `…GreaterThan`.
    GreaterThan,
    /// `…LessThanEquals`.
    LessThanEquals,
    /// `…GreaterThanEquals`.
    GreaterThanEquals,
    /// `StringMatches`.
    Matches,
    /// `IsNull`.
    IsNull,
    /// `IsPresent`.
    IsPresent,
    /// `IsNumeric`.
    IsNumeric,
    /// `IsString`.
    IsString,
    /// `IsBoolean`.
    IsBoolean,
    /// `IsTimestamp`.
    IsTimestamp,
}

macro_rules! operators {
    ($( $variant:ident => ($family:ident, $relation:ident, $path:literal), )*) => {
        /// The 39 data-test comparison operators of the ASL.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum ComparisonOperator {
            $(
                #[doc = concat!("`", stringify!($variant), "`.")]
                $variant,
            )*
        }

        impl ComparisonOperator {
            /// Every operator, in the spec's order.
            pub const ALL: &'static [ComparisonOperator] = &[$(ComparisonOperator::$variant),*];

            /// The field name, e.g. `NumericGreaterThanPath`.
            pub fn as_str(self) -> &'static str {
                match self { $(ComparisonOperator::$variant => stringify!($variant),)* }
            }

            /// Looks an operator up by its field name.
            pub fn from_name(name: &str) -> Option<Self> {
                match name { $(stringify!($variant) => Some(ComparisonOperator::$variant),)* _ => None }
            }

            /// The family of values compared.
            pub fn family(self) -> OperatorFamily {
                match self { $(ComparisonOperator::$variant => OperatorFamily::$family,)* }
            }

            /// The relation tested.
            pub fn relation(self) -> Relation {
                match self { $(ComparisonOperator::$variant => Relation::$relation,)* }
            }

            /// Whether the operand is a path to the value to compare with.
            pub fn is_path(self) -> bool {
                match self { $(ComparisonOperator::$variant => $path,)* }
            }
        }
    };
}

operators! {
    StringEquals => (String, Equals, false),
    StringEqualsPath => (String, Equals, true),
    StringLessThan => (String, LessThan, false),
    StringLessThanPath => (String, LessThan, true),
    StringGreaterThan => (String, GreaterThan, false),
    StringGreaterThanPath => (String, GreaterThan, true),
    StringLessThanEquals => (String, LessThanEquals, false),
    StringLessThanEqualsPath => (String, LessThanEquals, true),
    StringGreaterThanEquals => (String, GreaterThanEquals, false),
    StringGreaterThanEqualsPath => (String, GreaterThanEquals, true),
    StringMatches => (String, Matches, false),
    NumericEquals => (Numeric, Equals, false),
    NumericEqualsPath => (Numeric, Equals, true),
    NumericLessThan => (Numeric, LessThan, false),
    NumericLessThanPath => (Numeric, LessThan, true),
    NumericGreaterThan => (Numeric, GreaterThan, false),
    NumericGreaterThanPath => (Numeric, GreaterThan, true),
    NumericLessThanEquals => (Numeric, LessThanEquals, false),
    NumericLessThanEqualsPath => (Numeric, LessThanEquals, true),
    NumericGreaterThanEquals => (Numeric, GreaterThanEquals, false),
    NumericGreaterThanEqualsPath => (Numeric, GreaterThanEquals, true),
    BooleanEquals => (Boolean, Equals, false),
    BooleanEqualsPath => (Boolean, Equals, true),
    TimestampEquals => (Timestamp, Equals, false),
    TimestampEqualsPath => (Timestamp, Equals, true),
    TimestampLessThan => (Timestamp, LessThan, false),
    TimestampLessThanPath => (Timestamp, LessThan, true),
    TimestampGreaterThan => (Timestamp, GreaterThan, false),
    TimestampGreaterThanPath => (Timestamp, GreaterThan, true),
    TimestampLessThanEquals => (Timestamp, LessThanEquals, false),
    TimestampLessThanEqualsPath => (Timestamp, LessThanEquals, true),
    TimestampGreaterThanEquals => (Timestamp, GreaterThanEquals, false),
    TimestampGreaterThanEqualsPath => (Timestamp, GreaterThanEquals, true),
    IsNull => (TypeTest, IsNull, false),
    IsPresent => (TypeTest, IsPresent, false),
    IsNumeric => (TypeTest, IsNumeric, false),
    IsString => (TypeTest, IsString, false),
    IsBoolean => (TypeTest, IsBoolean, false),
    IsTimestamp => (TypeTest, IsTimestamp, false),
}

impl ComparisonOperator {
    /// The JSON type the operator's value must have.
    pub fn operand_kind(self) -> OperandKind {
        if self.is_path() {
            return OperandKind::Path;
        }
        match self.family() {
            OperatorFamily::String => OperandKind::String,
            OperatorFamily::Timestamp => OperandKind::Timestamp,
            OperatorFamily::Numeric => OperandKind::Number,
            OperatorFamily::Boolean | OperatorFamily::TypeTest => OperandKind::Bool,
        }
    }
}

impl Condition {
    /// The nested rules of `And`, `Or` and `Not`.
    pub fn children(&self) -> &[NestedRule] {
        match self {
            Condition::And(rules) | Condition::Or(rules) => rules,
            Condition::Not(rule) => std::slice::from_ref(rule),
            Condition::Jsonata(_) | Condition::Test(_) => &[],
        }
    }
}
