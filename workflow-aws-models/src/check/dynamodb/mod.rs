//! DynamoDB's own checks of a request's expressions (`KeyConditionExpression`,
//! `ConditionExpression`, `FilterExpression`, `UpdateExpression`, `ProjectionExpression`) and of
//! their placeholders (`ExpressionAttributeNames`, `ExpressionAttributeValues`), with the
//! `ValidationException` message DynamoDB answers: the one checker the macro (on literal
//! requests) and the engine (on evaluated ones, before a handler or a mock answers) share.
//!
//! The rules, in the order they are checked (DynamoDB answers the first it meets):
//!
//! | rule | DynamoDB's message | source |
//! |---|---|---|
//! | [`ExpressionRule::NamesWithoutExpression`] | `ExpressionAttributeNames can only be specified when using expressions` | moto 5.2.5 `responses.get_item` (its tests are validated against AWS) |
//! | [`ExpressionRule::ValuesWithoutExpression`] | `ExpressionAttributeValues can only be specified when using expressions: UpdateExpression and ConditionExpression are null` | the message AWS gives UpdateItem (quoted in aws-sdk issues); other operations' lists follow it (inferred) |
//! | [`ExpressionRule::NamesEmpty`], [`ExpressionRule::ValuesEmpty`] | `ExpressionAttributeNames must not be empty` | moto `responses`, `exceptions.ExpressionAttributeValuesEmpty`; little-bear-labs/aws-utils#81 quotes AWS |
//! | [`ExpressionRule::InvalidNameKey`], [`ExpressionRule::InvalidValueKey`] | `ExpressionAttributeNames contains invalid key: Syntax error; key: "n"` | moto `exceptions.InvalidExpressionAttributeNameKey`; architect/dynalite#24 quotes AWS's for values |
//! | [`ExpressionRule::Empty`] | `Invalid UpdateExpression: The expression can not be empty;` | DynamoDB's answer to an empty expression (moto's tests) |
//! | [`ExpressionRule::Syntax`] | `Invalid UpdateExpression: Syntax error; token: "1", near: "VALUE 1"` | the grammar of the Developer Guide's expression pages; the message from moto `exceptions.InvalidTokenException` |
//! | [`ExpressionRule::UnknownFunction`] | `Invalid ConditionExpression: Invalid function name; function: exists` | the Developer Guide's function list (case-sensitive); moto `key_condition_expression` |
//! | [`ExpressionRule::FunctionMisused`] | `Invalid UpdateExpression: The function is not allowed to be used this way in an expression; function: attribute_exists` | the Developer Guide: condition functions in conditions, `if_not_exists` and `list_append` in `SET`, `size` as an operand (the words recalled, not recorded) |
//! | [`ExpressionRule::Operands`] | `Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or function: begins_with, number of operands: 1` | the Developer Guide's function signatures (the words recalled, not recorded) |
//! | [`ExpressionRule::SectionRepeated`] | `Invalid UpdateExpression: The "SET" section can only be used once in an update expression;` | moto `exceptions.TooManyClauses` |
//! | [`ExpressionRule::PathsOverlap`] | `Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]` | moto `exceptions.DuplicateUpdateExpression`, `InvalidProjectionExpression` |
//! | [`ExpressionRule::ValueNotDefined`] | `Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :t` | issue 91 (the user's answer from AWS); aws/aws-sdk-go#3973 |
//! | [`ExpressionRule::NameNotDefined`] | `Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #n` | moto `exceptions.ExpressionAttributeNameNotDefined` |
//! | [`ExpressionRule::ReservedWord`] | `Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: status` | the Developer Guide's reserved words (`data/dynamodb_reserved_words.txt`); moto `exceptions.AttributeIsReservedKeyword` |
//! | [`ExpressionRule::NamesUnused`], [`ExpressionRule::ValuesUnused`] | `Value provided in ExpressionAttributeValues unused in expressions: keys: {:x}` | kestra-io/plugin-aws#358 and awspilot/dynamodb-oop#29 quote AWS (every unused key, `, `-separated) |
//!
//! Within one expression: its syntax, its sections, its overlapping paths, then its values,
//! then its names and bare attribute names in document order (moto's `UpdateExpressionValidator`
//! order); the expressions in the request's order of the table below; the unused names, then
//! the unused values, last.
//!
//! Which requests: DynamoDB's `GetItem` (`ProjectionExpression`), `PutItem`, `DeleteItem`
//! (`ConditionExpression`), `UpdateItem` (`UpdateExpression`, `ConditionExpression`), `Query`
//! (`KeyConditionExpression`, `FilterExpression`, `ProjectionExpression`) and `Scan`
//! (`FilterExpression`, `ProjectionExpression`), as the optimized integrations
//! (`dynamodb:getItem`, …) and the AWS SDK ones (`aws-sdk:dynamodb:query`, …) send them. Not
//! checked: what needs the table (its key schema: a `KeyConditionExpression`'s attributes, an
//! update of a key attribute), the operand types, and the batch and transaction requests.
//!
//! A request whose parts are computed (a `.$` key, a `{% … %}` string) is checked on what is
//! known: a computed expression is not parsed, and a placeholder is not said unused while an
//! expression is computed, nor undefined while its map is.

mod grammar;

use crate::check::is_jsonata;
use grammar::{Kind, Parsed, Use};
use serde_json::{Map, Value};
use std::fmt;
use std::sync::OnceLock;

/// DynamoDB's reserved words, from its Developer Guide (see the file's header).
const RESERVED_WORDS: &str = include_str!("../../../data/dynamodb_reserved_words.txt");

/// Whether `word` is one of DynamoDB's reserved words (case-insensitive).
pub(crate) fn is_reserved(word: &str) -> bool {
    static WORDS: OnceLock<Vec<&'static str>> = OnceLock::new();
    let words = WORDS.get_or_init(|| {
        let mut words: Vec<&str> = RESERVED_WORDS
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        words.sort_unstable();
        words
    });
    words
        .binary_search(&word.to_ascii_uppercase().as_str())
        .is_ok()
}

/// Which of DynamoDB's expression rules a request breaks (the module's table).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ExpressionRule {
    /// `ExpressionAttributeNames` without an expression that could use it.
    NamesWithoutExpression,
    /// `ExpressionAttributeValues` without an expression that could use it.
    ValuesWithoutExpression,
    /// An empty `ExpressionAttributeNames`.
    NamesEmpty,
    /// An empty `ExpressionAttributeValues`.
    ValuesEmpty,
    /// A key of `ExpressionAttributeNames` that is not `#` and letters, digits or `_`.
    InvalidNameKey,
    /// A key of `ExpressionAttributeValues` that is not `:` and letters, digits or `_`.
    InvalidValueKey,
    /// An empty expression.
    Empty,
    /// An expression outside the grammar.
    Syntax,
    /// A function DynamoDB does not have.
    UnknownFunction,
    /// A function where the expression does not take it.
    FunctionMisused,
    /// A function given the wrong number of operands.
    Operands,
    /// An update expression's section written twice.
    SectionRepeated,
    /// Two paths of an update (or a projection) that overlap.
    PathsOverlap,
    /// A `:value` that `ExpressionAttributeValues` does not define.
    ValueNotDefined,
    /// A `#name` that `ExpressionAttributeNames` does not define.
    NameNotDefined,
    /// A reserved word written bare as an attribute name.
    ReservedWord,
    /// Names defined and used by no expression.
    NamesUnused,
    /// Values defined and used by no expression.
    ValuesUnused,
}

impl ExpressionRule {
    /// Every rule, in the order they are checked.
    pub const ALL: [ExpressionRule; 18] = [
        ExpressionRule::NamesWithoutExpression,
        ExpressionRule::ValuesWithoutExpression,
        ExpressionRule::NamesEmpty,
        ExpressionRule::ValuesEmpty,
        ExpressionRule::InvalidNameKey,
        ExpressionRule::InvalidValueKey,
        ExpressionRule::Empty,
        ExpressionRule::Syntax,
        ExpressionRule::UnknownFunction,
        ExpressionRule::FunctionMisused,
        ExpressionRule::Operands,
        ExpressionRule::SectionRepeated,
        ExpressionRule::PathsOverlap,
        ExpressionRule::ValueNotDefined,
        ExpressionRule::NameNotDefined,
        ExpressionRule::ReservedWord,
        ExpressionRule::NamesUnused,
        ExpressionRule::ValuesUnused,
    ];
}

/// A request's expression that DynamoDB refuses, with its `ValidationException` message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpressionRefusal {
    /// The member at fault, a JSON pointer into the request as written (`/UpdateExpression`,
    /// `/ExpressionAttributeValues/:x`).
    pub pointer: String,
    /// The rule broken.
    pub rule: ExpressionRule,
    /// DynamoDB's message (`Invalid UpdateExpression: An expression attribute value used in
    /// expression is not defined; attribute value: :t`).
    pub message: String,
}

impl fmt::Display for ExpressionRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// The expressions an operation takes, in the order they are checked.
fn expressions_of(service: &str, action: &str) -> Option<&'static [Kind]> {
    if service != "dynamodb" {
        return None;
    }
    Some(match action {
        "getItem" => &[Kind::Projection],
        "putItem" | "deleteItem" => &[Kind::Condition],
        "updateItem" => &[Kind::Update, Kind::Condition],
        "query" => &[Kind::KeyCondition, Kind::Filter, Kind::Projection],
        "scan" => &[Kind::Filter, Kind::Projection],
        _ => return None,
    })
}

/// A member of the request: absent, computed, or written.
enum Known<'v> {
    Absent,
    Computed,
    Literal(&'v Value),
}

fn member<'v>(request: &'v Map<String, Value>, name: &str) -> Known<'v> {
    if request.contains_key(&format!("{name}.$")) {
        return Known::Computed;
    }
    match request.get(name) {
        None | Some(Value::Null) => Known::Absent,
        Some(v) if is_jsonata(v) => Known::Computed,
        Some(v) => Known::Literal(v),
    }
}

/// A placeholder map's keys (a computed entry's without its `.$`), or `None` when the map is
/// computed or not an object.
fn keys(map: &Known<'_>) -> Option<Vec<String>> {
    match map {
        Known::Absent => Some(Vec::new()),
        Known::Computed => None,
        Known::Literal(Value::Object(o)) => Some(
            o.keys()
                .map(|k| k.strip_suffix(".$").unwrap_or(k).to_owned())
                .collect(),
        ),
        Known::Literal(_) => None,
    }
}

/// The refusal DynamoDB gives the expressions of a request of `service`'s `action` (a
/// resource's names: `dynamodb`, `updateItem`), or `None` when it has none (or the operation
/// takes no expression).
pub(crate) fn check(service: &str, action: &str, request: &Value) -> Option<ExpressionRefusal> {
    let kinds = expressions_of(service, action)?;
    let Value::Object(request) = request else {
        return None;
    };
    let refuse = |pointer: String, rule, message: String| {
        Some(ExpressionRefusal {
            pointer,
            rule,
            message,
        })
    };
    let expressions: Vec<(Kind, Known<'_>)> = kinds
        .iter()
        .map(|k| (*k, member(request, k.member())))
        .collect();
    let names_map = member(request, "ExpressionAttributeNames");
    let values_map = member(request, "ExpressionAttributeValues");
    // An operation whose expressions take no values (GetItem) has no such member: the
    // request's shape check reports it.
    let values_map = match kinds.iter().all(|k| *k == Kind::Projection) {
        true => Known::Absent,
        false => values_map,
    };
    let (names, values) = (keys(&names_map), keys(&values_map));
    let absent = |k: &Known<'_>| matches!(k, Known::Absent);
    let names_pointer = "/ExpressionAttributeNames".to_owned();
    let values_pointer = "/ExpressionAttributeValues".to_owned();

    // Placeholders with no expression to use them.
    let given = |map: &Option<Vec<String>>| map.as_ref().is_some_and(|m| !m.is_empty());
    if given(&names) && expressions.iter().all(|(_, e)| absent(e)) {
        return refuse(
            names_pointer,
            ExpressionRule::NamesWithoutExpression,
            "ExpressionAttributeNames can only be specified when using expressions".to_owned(),
        );
    }
    let value_takers: Vec<&(Kind, Known<'_>)> = expressions
        .iter()
        .filter(|(k, _)| *k != Kind::Projection)
        .collect();
    // (An operation with no expression taking values has no such member: the shape check's.)
    if given(&values) && value_takers.iter().all(|(_, e)| absent(e)) {
        let null: Vec<&str> = value_takers.iter().map(|(k, _)| k.member()).collect();
        let verb = if null.len() == 1 { "is" } else { "are" };
        return refuse(
            values_pointer,
            ExpressionRule::ValuesWithoutExpression,
            format!(
                "ExpressionAttributeValues can only be specified when using expressions: {} {verb} null",
                null.join(" and ")
            ),
        );
    }
    if names.as_ref().is_some_and(Vec::is_empty) && !absent(&names_map) {
        return refuse(
            names_pointer,
            ExpressionRule::NamesEmpty,
            "ExpressionAttributeNames must not be empty".to_owned(),
        );
    }
    if values.as_ref().is_some_and(Vec::is_empty) && !absent(&values_map) {
        return refuse(
            values_pointer,
            ExpressionRule::ValuesEmpty,
            "ExpressionAttributeValues must not be empty".to_owned(),
        );
    }
    let well_formed = |key: &str, sigil: char| {
        key.strip_prefix(sigil).is_some_and(|rest| {
            !rest.is_empty() && rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
    };
    for (map, sigil, rule, pointer, field) in [
        (
            &names,
            '#',
            ExpressionRule::InvalidNameKey,
            &names_pointer,
            "Names",
        ),
        (
            &values,
            ':',
            ExpressionRule::InvalidValueKey,
            &values_pointer,
            "Values",
        ),
    ] {
        if let Some(bad) = map.iter().flatten().find(|k| !well_formed(k, sigil)) {
            return refuse(
                format!("{pointer}/{}", crate::check::token(bad)),
                rule,
                format!(
                    "ExpressionAttribute{field} contains invalid key: Syntax error; key: \"{bad}\""
                ),
            );
        }
    }

    // Each expression: parsed, then its own rules.
    let mut used: Vec<Use> = Vec::new();
    let mut all_known = true;
    for (kind, expression) in &expressions {
        let source = match expression {
            Known::Absent => continue,
            Known::Literal(Value::String(s)) => s,
            // Computed, or not a string (the request's shape check reports that).
            Known::Computed | Known::Literal(_) => {
                all_known = false;
                continue;
            }
        };
        let pointer = format!("/{}", kind.member());
        let invalid = |rule, text: String| {
            refuse(
                pointer.clone(),
                rule,
                format!("Invalid {}: {text}", kind.member()),
            )
        };
        let parsed: Parsed = match grammar::parse(*kind, source) {
            Ok(parsed) => parsed,
            Err(refusal) => {
                let rule = match refusal {
                    grammar::Refusal::Empty => ExpressionRule::Empty,
                    grammar::Refusal::Syntax { .. } => ExpressionRule::Syntax,
                    grammar::Refusal::UnknownFunction(_) => ExpressionRule::UnknownFunction,
                    grammar::Refusal::FunctionMisused(_) => ExpressionRule::FunctionMisused,
                    grammar::Refusal::Operands(..) => ExpressionRule::Operands,
                    grammar::Refusal::SectionRepeated(_) => ExpressionRule::SectionRepeated,
                };
                return invalid(rule, refusal.to_string());
            }
        };
        if matches!(kind, Kind::Update | Kind::Projection)
            && let Some((one, two)) = overlap(&parsed.paths)
        {
            return invalid(
                ExpressionRule::PathsOverlap,
                format!(
                    "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [{}], path two: [{}]",
                    one.join(", "),
                    two.join(", ")
                ),
            );
        }
        if let Some(values) = &values {
            for u in &parsed.uses {
                if let Use::Value(v) = u
                    && !values.contains(v)
                {
                    return invalid(
                        ExpressionRule::ValueNotDefined,
                        format!(
                            "An expression attribute value used in expression is not defined; attribute value: {v}"
                        ),
                    );
                }
            }
        }
        for u in &parsed.uses {
            match u {
                Use::Name(n) if names.as_ref().is_some_and(|names| !names.contains(n)) => {
                    return invalid(
                        ExpressionRule::NameNotDefined,
                        format!(
                            "An expression attribute name used in the document path is not defined; attribute name: {n}"
                        ),
                    );
                }
                Use::Bare(word) if is_reserved(word) => {
                    return invalid(
                        ExpressionRule::ReservedWord,
                        format!("Attribute name is a reserved keyword; reserved keyword: {word}"),
                    );
                }
                _ => {}
            }
        }
        used.extend(parsed.uses);
    }

    // What is defined and never used, once every expression is known.
    if !all_known {
        return None;
    }
    for (map, pointer, field) in [
        (&names, names_pointer, "Names"),
        (&values, values_pointer, "Values"),
    ] {
        let unused: Vec<&str> = map
            .iter()
            .flatten()
            .filter(|k| {
                !used
                    .iter()
                    .any(|u| matches!(u, Use::Name(x) | Use::Value(x) if x == *k))
            })
            .map(String::as_str)
            .collect();
        if let Some(first) = unused.first() {
            let rule = if field == "Names" {
                ExpressionRule::NamesUnused
            } else {
                ExpressionRule::ValuesUnused
            };
            return refuse(
                format!("{pointer}/{}", crate::check::token(first)),
                rule,
                format!(
                    "Value provided in ExpressionAttribute{field} unused in expressions: keys: {{{}}}",
                    unused.join(", ")
                ),
            );
        }
    }
    None
}

/// The first two paths of which one is the other or a prefix of it.
fn overlap(paths: &[grammar::Path]) -> Option<(&grammar::Path, &grammar::Path)> {
    paths.iter().enumerate().find_map(|(i, one)| {
        paths.iter().skip(i + 1).find_map(|two| {
            let n = one.len().min(two.len());
            (one.get(..n) == two.get(..n)).then_some((one, two))
        })
    })
}

#[cfg(test)]
mod tests;
