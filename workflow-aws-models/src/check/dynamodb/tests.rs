use super::{ExpressionRule, check, is_reserved};
use serde_json::{Value, json};

/// The refusal of `request` to `action`, as (rule, pointer, message).
fn refusal(action: &str, request: Value) -> Option<(ExpressionRule, String, String)> {
    check("dynamodb", action, &request).map(|r| (r.rule, r.pointer, r.message))
}

#[test]
fn the_reserved_words_are_the_guides_573() {
    assert_eq!(
        super::RESERVED_WORDS
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .count(),
        573
    );
    assert!(is_reserved("status") && is_reserved("Name") && is_reserved("TTL"));
    assert!(!is_reserved("sku") && !is_reserved("qty"));
}

#[test]
fn each_rule_answers_with_dynamodbs_message() {
    let key = json!({"id": {"S": "1"}});
    let cases: Vec<(&str, Value, ExpressionRule, &str, &str)> = vec![
        (
            "getItem",
            json!({"TableName": "t", "Key": key, "ExpressionAttributeNames": {"#n": "name"}}),
            ExpressionRule::NamesWithoutExpression,
            "/ExpressionAttributeNames",
            "ExpressionAttributeNames can only be specified when using expressions",
        ),
        (
            "updateItem",
            json!({"TableName": "t", "Key": key, "ExpressionAttributeValues": {":v": {"S": "x"}}}),
            ExpressionRule::ValuesWithoutExpression,
            "/ExpressionAttributeValues",
            "ExpressionAttributeValues can only be specified when using expressions: UpdateExpression and ConditionExpression are null",
        ),
        (
            "putItem",
            json!({"TableName": "t", "Item": key, "ConditionExpression": "attribute_not_exists(id)", "ExpressionAttributeNames": {}}),
            ExpressionRule::NamesEmpty,
            "/ExpressionAttributeNames",
            "ExpressionAttributeNames must not be empty",
        ),
        (
            "putItem",
            json!({"TableName": "t", "Item": key, "ConditionExpression": "attribute_not_exists(id)", "ExpressionAttributeValues": {}}),
            ExpressionRule::ValuesEmpty,
            "/ExpressionAttributeValues",
            "ExpressionAttributeValues must not be empty",
        ),
        (
            "getItem",
            json!({"TableName": "t", "Key": key, "ProjectionExpression": "#n", "ExpressionAttributeNames": {"n": "name"}}),
            ExpressionRule::InvalidNameKey,
            "/ExpressionAttributeNames/n",
            "ExpressionAttributeNames contains invalid key: Syntax error; key: \"n\"",
        ),
        (
            "query",
            json!({"TableName": "t", "KeyConditionExpression": "id = :pid", "ExpressionAttributeValues": {"pid": {"S": "1"}}}),
            ExpressionRule::InvalidValueKey,
            "/ExpressionAttributeValues/pid",
            "ExpressionAttributeValues contains invalid key: Syntax error; key: \"pid\"",
        ),
        (
            "scan",
            json!({"TableName": "t", "FilterExpression": ""}),
            ExpressionRule::Empty,
            "/FilterExpression",
            "Invalid FilterExpression: The expression can not be empty;",
        ),
        (
            "updateItem",
            json!({"TableName": "t", "Key": key, "UpdateExpression": "SET a = :v, b =", "ExpressionAttributeValues": {":v": {"S": "x"}}}),
            ExpressionRule::Syntax,
            "/UpdateExpression",
            "Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \"=\"",
        ),
        (
            "deleteItem",
            json!({"TableName": "t", "Key": key, "ConditionExpression": "exists(a)"}),
            ExpressionRule::UnknownFunction,
            "/ConditionExpression",
            "Invalid ConditionExpression: Invalid function name; function: exists",
        ),
        (
            "updateItem",
            json!({"TableName": "t", "Key": key, "UpdateExpression": "SET a = attribute_exists(b)"}),
            ExpressionRule::FunctionMisused,
            "/UpdateExpression",
            "Invalid UpdateExpression: The function is not allowed to be used this way in an expression; function: attribute_exists",
        ),
        (
            "scan",
            json!({"TableName": "t", "FilterExpression": "begins_with(a)"}),
            ExpressionRule::Operands,
            "/FilterExpression",
            "Invalid FilterExpression: Incorrect number of operands for operator or function; operator or function: begins_with, number of operands: 1",
        ),
        (
            "updateItem",
            json!({"TableName": "t", "Key": key, "UpdateExpression": "SET a = :v REMOVE b SET c = :v", "ExpressionAttributeValues": {":v": {"S": "x"}}}),
            ExpressionRule::SectionRepeated,
            "/UpdateExpression",
            "Invalid UpdateExpression: The \"SET\" section can only be used once in an update expression;",
        ),
        (
            "updateItem",
            json!({"TableName": "t", "Key": key, "UpdateExpression": "SET a = :v REMOVE a.b[1]", "ExpressionAttributeValues": {":v": {"S": "x"}}}),
            ExpressionRule::PathsOverlap,
            "/UpdateExpression",
            "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b[1]]",
        ),
        (
            "updateItem",
            json!({"TableName": "t", "Key": key, "UpdateExpression": "SET total = :t", "ExpressionAttributeValues": {":v": {"N": "1"}}}),
            ExpressionRule::ValueNotDefined,
            "/UpdateExpression",
            "Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :t",
        ),
        (
            "putItem",
            json!({"TableName": "t", "Item": key, "ConditionExpression": "#s <> :s", "ExpressionAttributeValues": {":s": {"S": "x"}}}),
            ExpressionRule::NameNotDefined,
            "/ConditionExpression",
            "Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #s",
        ),
        (
            "putItem",
            json!({"TableName": "t", "Item": key, "ConditionExpression": "status = :s", "ExpressionAttributeValues": {":s": {"S": "x"}}}),
            ExpressionRule::ReservedWord,
            "/ConditionExpression",
            "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: status",
        ),
        (
            "query",
            json!({"TableName": "t", "KeyConditionExpression": "#k = :k", "ExpressionAttributeNames": {"#k": "id", "#n": "name"}, "ExpressionAttributeValues": {":k": {"S": "1"}}}),
            ExpressionRule::NamesUnused,
            "/ExpressionAttributeNames/#n",
            "Value provided in ExpressionAttributeNames unused in expressions: keys: {#n}",
        ),
        (
            "scan",
            json!({"TableName": "t", "FilterExpression": "a = :a", "ExpressionAttributeValues": {":a": {"S": "1"}, ":x": {"S": "2"}, ":y": {"S": "3"}}}),
            ExpressionRule::ValuesUnused,
            "/ExpressionAttributeValues/:x",
            "Value provided in ExpressionAttributeValues unused in expressions: keys: {:x, :y}",
        ),
    ];
    assert_eq!(cases.len(), ExpressionRule::ALL.len(), "one case per rule");
    for (action, request, rule, pointer, message) in cases {
        assert_eq!(
            refusal(action, request.clone()),
            Some((rule, pointer.to_owned(), message.to_owned())),
            "{request}"
        );
    }
}

#[test]
fn a_valid_request_and_other_operations_pass() {
    let update = json!({
        "TableName": "t", "Key": {"id": {"S": "1"}},
        "UpdateExpression": "SET #s = :s, seen = if_not_exists(seen, :zero) + :one REMOVE draft",
        "ConditionExpression": "attribute_exists(id) AND #s <> :s",
        "ExpressionAttributeNames": {"#s": "status"},
        "ExpressionAttributeValues": {":s": {"S": "done"}, ":zero": {"N": "0"}, ":one": {"N": "1"}}
    });
    assert_eq!(refusal("updateItem", update.clone()), None);
    // Not an operation with expressions, nor DynamoDB.
    assert_eq!(check("dynamodb", "describeTable", &update), None);
    assert_eq!(check("sqs", "updateItem", &update), None);
}

#[test]
fn computed_parts_are_judged_only_on_what_is_known() {
    // The expression is computed: the placeholders cannot be said unused.
    let computed = json!({
        "TableName": "t", "Key": {"id": {"S": "1"}},
        "UpdateExpression.$": "States.Format('SET a = {}', $.v)",
        "ExpressionAttributeValues": {":v": {"S": "x"}}
    });
    assert_eq!(refusal("updateItem", computed), None);
    // A computed value is still a defined key; the literal expression is checked.
    let entry = json!({
        "TableName": "t", "Key": {"id": {"S": "1"}},
        "UpdateExpression": "SET a = :v, b = :w",
        "ExpressionAttributeValues": {":v.$": "$.v"}
    });
    assert_eq!(
        refusal("updateItem", entry).map(|r| r.0),
        Some(ExpressionRule::ValueNotDefined)
    );
    // A computed map defines what it will: nothing is undefined, but reserved words are.
    let map = json!({
        "TableName": "t", "Key": {"id": {"S": "1"}},
        "UpdateExpression": "SET #a = :v, size = :w",
        "ExpressionAttributeValues": "{% $values %}",
        "ExpressionAttributeNames.$": "$.names"
    });
    assert_eq!(
        refusal("updateItem", map).map(|r| r.2),
        Some("Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: size".to_owned())
    );
}
