//! The literals Choice rules compare input fields with: where generation is biased, so that
//! a rule that compares `$.cents` with `100` sees `99`, `100` and `101` rather than only
//! the random integers that would almost never equal it.
//!
//! A rule's `Variable` is read against the Choice state's input; the execution's input is
//! what the first states see, and what `$$.Execution.Input` always is, so a variable whose
//! members name fields of the input schema is taken for that field. A rule on a workflow
//! variable (`$total`, `$order.id`) is taken for the field an `Assign` sets that variable from
//! (`"total.$": "$.order.total"`, read the same way), so that rules comparing variables are
//! targeted too. The bias is a preference, never a restriction: a guess that is wrong only
//! spends some cases.

use serde_json::Value;
use workflow_asl::path::{Root, Segment};
use workflow_asl::timestamp::{format_rfc3339_millis, parse_rfc3339};
use workflow_asl::{
    ChoiceState, ComparisonOperator, Condition, DataTest, Operand, OperatorFamily, Relation, State,
    StateMachine,
};
use workflow_local_engine::{InputField, InputType};

/// One step from the input's root to one of its values.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Step {
    /// The object member of this name.
    Field(&'static str),
    /// An element of an array (any index).
    Item,
}

/// A value to try for an input field.
#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    /// This value.
    Value(Value),
    /// The field absent (an optional field only).
    Absent,
}

/// The literals of one Choice rule for one field of the input.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleLiterals {
    /// Where the top-level rule is written (`/States/Route/Choices/1`), which coverage
    /// counts it by.
    pub rule: String,
    /// The field, as the rule's `Variable` names it (`$.cents`).
    pub variable: String,
    pub(crate) field: Vec<Step>,
    /// The values to try: the literal, its neighbours, absence.
    pub literals: Vec<Literal>,
}

/// The most data tests read from one definition's Choice rules (a bound on the bias's size for
/// a hostile definition; the rest are not biased towards).
const MAX_TESTS: usize = 1_000;

/// The literals every Choice rule of `machine` compares a field of `schema` with, in document
/// order. Nested `And`, `Or` and `Not` rules are walked with a stack.
pub fn choice_literals(machine: &StateMachine, schema: &InputType) -> Vec<RuleLiterals> {
    let mut found = Vec::new();
    let mut tests = 0usize;
    let assigned = Assigned::of(machine);
    for scope in machine.walk().scopes() {
        for (name, state) in scope.states.iter() {
            let State::Choice(ChoiceState { choices, .. }) = state else {
                continue;
            };
            for (index, rule) in choices.iter().enumerate() {
                let pointer = scope
                    .state_pointer(name)
                    .key("Choices")
                    .index(index)
                    .to_string();
                let mut stack: Vec<&Condition> = vec![&rule.condition];
                while let Some(condition) = stack.pop() {
                    if let Condition::Test(test) = condition {
                        tests += 1;
                        if tests > MAX_TESTS {
                            return found;
                        }
                        if let Some(literals) = test_literals(test, schema, &assigned, &pointer) {
                            found.push(literals);
                        }
                    }
                    // In reverse, so that they are read in document order.
                    stack.extend(condition.children().iter().rev().map(|r| &r.condition));
                }
            }
        }
    }
    found
}

/// Where the workflow variables are set from: each `….$` member of a JSONPath `Assign` (a
/// state's, a Choice rule's, a Catcher's) whose path reads the input or the context object, by
/// the variable and the members under it: `"total.$": "$.order.total"` is `total` with no
/// member; `"order": {"id.$": "$.id"}` is `order` with the member `id`. The first assignment
/// of a variable in document order is the one read.
struct Assigned {
    entries: Vec<(String, Vec<String>, Root, Vec<Segment>)>,
}

impl Assigned {
    fn of(machine: &StateMachine) -> Assigned {
        let mut entries = Vec::new();
        for scope in machine.walk().scopes() {
            for (_, state) in scope.states.iter() {
                for exit in state.exits() {
                    let Some(assign) = exit.assign else { continue };
                    for (pointer, value) in assign.paths() {
                        let mut names: Vec<String> = pointer.segments().collect();
                        let Some(last) = names.pop() else { continue };
                        let Some(last) = last.strip_suffix(".$") else {
                            continue;
                        };
                        names.push(last.to_owned());
                        let Ok(path) = value.path() else { continue };
                        if matches!(path.root, Root::Variable(_)) || names.is_empty() {
                            continue;
                        }
                        let variable = names.remove(0);
                        entries.push((variable, names, path.root.clone(), path.segments.clone()));
                        if entries.len() >= MAX_TESTS {
                            return Assigned { entries };
                        }
                    }
                }
            }
        }
        Assigned { entries }
    }

    /// What `$name` followed by `segments` reads, as a path from the input or the context
    /// object: the assigned path, then the segments past the assigned members.
    fn resolve(&self, name: &str, segments: &[Segment]) -> Option<(Root, Vec<Segment>)> {
        self.entries
            .iter()
            .find_map(|(variable, members, root, path)| {
                if variable != name || members.len() > segments.len() {
                    return None;
                }
                let prefix = members
                    .iter()
                    .zip(segments)
                    .all(|(m, s)| matches!(s, Segment::Child(c) if c == m));
                prefix.then(|| {
                    let mut resolved = path.clone();
                    resolved.extend(
                        segments
                            .get(members.len()..)
                            .unwrap_or_default()
                            .iter()
                            .cloned(),
                    );
                    (root.clone(), resolved)
                })
            })
    }
}

/// The literals of one data test, when its variable names a field of the schema.
fn test_literals(
    test: &DataTest,
    schema: &InputType,
    assigned: &Assigned,
    rule: &str,
) -> Option<RuleLiterals> {
    let path = test.variable.path().ok()?;
    let (field, ty, optional) = match &path.root {
        Root::Variable(name) => {
            let (root, segments) = assigned.resolve(name, &path.segments)?;
            field_of(&root, &segments, schema)?
        }
        root => field_of(root, &path.segments, schema)?,
    };
    let literals = literals(test.operator, &test.operand, ty, optional);
    (!literals.is_empty()).then(|| RuleLiterals {
        rule: rule.to_owned(),
        variable: test.variable.text().to_owned(),
        field,
        literals,
    })
}

/// The field of `schema` that the path from `root` through `segments` selects: its steps, its
/// type and whether it is optional.
/// `$.a.b` and `$$.Execution.Input.a.b` name the field `b` of `a`; an index selects an
/// element of an array; any other segment, or a member the schema lacks, selects none.
fn field_of(
    root: &Root,
    segments: &[Segment],
    schema: &InputType,
) -> Option<(Vec<Step>, InputType, bool)> {
    let segments = match root {
        Root::Input => segments,
        Root::Context => match segments {
            [Segment::Child(execution), Segment::Child(input), rest @ ..]
                if execution == "Execution" && input == "Input" =>
            {
                rest
            }
            _ => return None,
        },
        Root::Variable(_) => return None,
    };
    if segments.is_empty() {
        return None;
    }
    let mut steps = Vec::with_capacity(segments.len());
    let (mut ty, mut optional) = (*schema, false);
    for segment in segments {
        match (segment, ty) {
            (Segment::Child(name), InputType::Object(fields)) => {
                let InputField {
                    name,
                    optional: o,
                    ty: t,
                } = fields.iter().find(|f| f.name == name.as_str())?;
                steps.push(Step::Field(name));
                (ty, optional) = (*t, *o);
            }
            (Segment::Index(_), InputType::Array(item)) => {
                steps.push(Step::Item);
                (ty, optional) = (*item, false);
            }
            _ => return None,
        }
    }
    Some((steps, ty, optional))
}

/// What to try for a field of type `ty` that `operator` compares with `operand`: the
/// literal and its neighbours, in the field's type, and absence for `IsPresent` on an
/// optional field (and for every test of one: a missing field is what a rule reads when the
/// caller leaves it out).
fn literals(
    operator: ComparisonOperator,
    operand: &Operand,
    ty: InputType,
    optional: bool,
) -> Vec<Literal> {
    let mut out: Vec<Literal> = Vec::new();
    let mut add = |v: Value| {
        let literal = Literal::Value(v);
        if !out.contains(&literal) {
            out.push(literal);
        }
    };
    match (operator.family(), operand) {
        (OperatorFamily::Numeric, Operand::Number(n)) => {
            let Some(n) = n.as_f64().filter(|n| n.is_finite()) else {
                return Vec::new();
            };
            match ty {
                InputType::Integer => {
                    // The whole numbers around it: 99, 100, 101 for 100; 1, 2 for 1.5.
                    let (low, high) = (n.floor(), n.ceil());
                    for candidate in [low - 1.0, low, high, high + 1.0] {
                        if let Some(i) = whole(candidate) {
                            add(Value::from(i));
                        }
                    }
                }
                InputType::Number | InputType::Any => {
                    for candidate in [n - 1.0, n.next_down(), n, n.next_up(), n + 1.0] {
                        if let Some(number) = serde_json::Number::from_f64(candidate) {
                            add(Value::Number(number));
                        }
                    }
                }
                _ => {}
            }
        }
        (OperatorFamily::String, Operand::String(s))
            if matches!(ty, InputType::String | InputType::Arn | InputType::Any) =>
        {
            if operator.relation() == Relation::Matches {
                // `*` matches any text: try it as nothing and as one letter.
                add(Value::from(matched(s, "")));
                add(Value::from(matched(s, "x")));
            } else {
                add(Value::from(s.as_str()));
                if operator.relation() != Relation::Equals {
                    // Just above it, and just below it (a prefix sorts first).
                    add(Value::from(format!("{s}a")));
                    let mut below = s.clone();
                    below.pop();
                    add(Value::from(below));
                }
            }
        }
        (OperatorFamily::Timestamp, Operand::String(s))
            if matches!(
                ty,
                InputType::Timestamp | InputType::String | InputType::Any
            ) =>
        {
            add(Value::from(s.as_str()));
            if let Some(at) = parse_rfc3339(s) {
                let millis = i64::try_from(at.unix_nanos / 1_000_000).unwrap_or(0);
                for delta in [-1000, 1000] {
                    add(Value::from(format_rfc3339_millis(
                        millis.saturating_add(delta),
                    )));
                }
            }
        }
        (OperatorFamily::Boolean, Operand::Bool(b))
            if matches!(ty, InputType::Boolean | InputType::Any) =>
        {
            add(Value::from(*b));
            add(Value::from(!*b));
        }
        (OperatorFamily::TypeTest, Operand::Bool(_)) if ty == InputType::Any => {
            // A field of any type: a value of the type tested.
            match operator.relation() {
                Relation::IsNull => add(Value::Null),
                Relation::IsNumeric => add(Value::from(0)),
                Relation::IsString => add(Value::from("")),
                Relation::IsBoolean => add(Value::from(true)),
                Relation::IsTimestamp => add(Value::from("2026-01-01T00:00:00Z")),
                _ => {}
            }
        }
        _ => {}
    }
    if optional {
        out.push(Literal::Absent);
    }
    out
}

/// `n` as an `i64`, when it is whole and in range.
fn whole(n: f64) -> Option<i64> {
    // 2^63 as an f64 is exact; every whole f64 below it in magnitude converts exactly.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    (n.fract() == 0.0 && (-LIMIT..LIMIT).contains(&n)).then_some(n as i64)
}

/// A text `StringMatches` matches: each unescaped `*` replaced by `star`, each `\*` and `\\`
/// by the character it escapes (the ASL specification, "Choice Rules": `*` matches zero or more
/// characters, `\*` and `\\` are a literal `*` and `\`).
fn matched(pattern: &str, star: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            '*' => out.push_str(star),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCHEMA: InputType = InputType::Object(&[
        InputField::required("cents", InputType::Integer),
        InputField::optional("coupon", InputType::String),
        InputField::required(
            "items",
            InputType::Array(&InputType::Object(&[InputField::required(
                "qty",
                InputType::Number,
            )])),
        ),
    ]);

    fn machine(choices: &str) -> StateMachine {
        StateMachine::from_json(&format!(
            r#"{{"StartAt": "C", "States": {{"C": {{"Type": "Choice", "Choices": {choices}, "Default": "D"}}, "D": {{"Type": "Succeed"}}}}}}"#
        ))
        .unwrap()
    }

    #[test]
    fn integers_get_the_literal_and_its_neighbours() {
        let found = choice_literals(
            &machine(r#"[{"Variable": "$.cents", "NumericGreaterThan": 100, "Next": "D"}]"#),
            &SCHEMA,
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].rule, "/States/C/Choices/0");
        assert_eq!(
            found[0].literals,
            [99, 100, 101].map(|n| Literal::Value(Value::from(n)))
        );
    }

    #[test]
    fn nested_rules_context_paths_and_elements_are_read() {
        let found = choice_literals(
            &machine(
                r#"[{"Not": {"And": [
                    {"Variable": "$$.Execution.Input.coupon", "StringEquals": "FREE"},
                    {"Variable": "$.items[0].qty", "NumericEquals": 2}
                ]}, "Next": "D"}, {"Variable": "$.unknown", "IsPresent": true, "Next": "D"}]"#,
            ),
            &SCHEMA,
        );
        let fields: Vec<&str> = found.iter().map(|f| f.variable.as_str()).collect();
        assert_eq!(fields, ["$$.Execution.Input.coupon", "$.items[0].qty"]);
        assert_eq!(
            found[0].literals,
            [Literal::Value(Value::from("FREE")), Literal::Absent]
        );
        assert_eq!(
            found[1].field,
            [Step::Field("items"), Step::Item, Step::Field("qty")]
        );
        assert!(
            found[1]
                .literals
                .contains(&Literal::Value(Value::from(2.0)))
        );
    }

    #[test]
    fn rules_on_variables_target_the_field_they_were_assigned_from() {
        let machine = StateMachine::from_json(
            r#"{"StartAt": "Keep", "States": {
                "Keep": {"Type": "Pass", "Next": "C", "Assign": {
                    "limit.$": "$.cents",
                    "first": {"qty.$": "$$.Execution.Input.items[0].qty"},
                    "fixed": 3
                }},
                "C": {"Type": "Choice", "Choices": [
                    {"Variable": "$limit", "NumericGreaterThan": 100, "Next": "D"},
                    {"Variable": "$first.qty", "NumericEquals": 2, "Next": "D"},
                    {"Variable": "$fixed", "NumericEquals": 3, "Next": "D"}
                ], "Default": "D"},
                "D": {"Type": "Succeed"}}}"#,
        )
        .unwrap();
        let found = choice_literals(&machine, &SCHEMA);
        let fields: Vec<(&str, &[Step])> = found
            .iter()
            .map(|f| (f.variable.as_str(), f.field.as_slice()))
            .collect();
        assert_eq!(
            fields,
            [
                ("$limit", &[Step::Field("cents")][..]),
                (
                    "$first.qty",
                    &[Step::Field("items"), Step::Item, Step::Field("qty")][..]
                ),
            ]
        );
        assert_eq!(
            found[0].literals,
            [99, 100, 101].map(|n| Literal::Value(Value::from(n)))
        );
    }

    #[test]
    fn string_matches_gets_texts_it_matches() {
        assert_eq!(matched(r"a*b\*c\\", ""), r"ab*c\");
        assert_eq!(matched("log-*.txt", "x"), "log-x.txt");
    }
}
