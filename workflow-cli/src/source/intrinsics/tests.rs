//! Each function on a small template.

use super::*;
use serde_json::json;

/// `value` resolved in a template `template` (a stack named `S`, in the default place).
fn resolved(template: Value, value: Value) -> Result<Value, Vec<Unresolved>> {
    let document =
        Document::read("t.json", template.to_string(), true).unwrap_or_else(|e| panic!("{e}"));
    let stack = Stack {
        document: &document,
        name: "S".into(),
        place: Place::default(),
        given: BTreeMap::new(),
        beyond: &Alone,
        index: 0,
    };
    let resolver = Resolver::new(&stack);
    resolver
        .resolve(&value, "/v", 0)
        .map_err(|Stop| resolver.unresolved())
}

fn ok(template: Value, value: Value) -> Value {
    resolved(template, value).unwrap_or_else(|e| panic!("{e:?}"))
}

fn template() -> Value {
    json!({
        "Parameters": {
            "Env": {"Type": "String", "Default": "prod"},
            "Zones": {"Type": "CommaDelimitedList", "Default": "a, b"},
            "Secret": {"Type": "String"},
            "Ssm": {"Type": "AWS::SSM::Parameter::Value<String>", "Default": "/x"}
        },
        "Conditions": {
            "IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]},
            "NotProd": {"Fn::Not": [{"Condition": "IsProd"}]},
            "Both": {"Fn::And": [{"Condition": "IsProd"}, {"Fn::Or": [{"Condition": "NotProd"}, {"Fn::Equals": ["1", "1"]}]}]}
        },
        "Mappings": {"Sizes": {"prod": {"Memory": 512}}},
        "Resources": {
            "Fn": {"Type": "AWS::Lambda::Function", "Properties": {}},
            "Named": {"Type": "AWS::Lambda::Function", "Properties": {"FunctionName": {"Fn::Sub": "${Env}-named"}}},
            "Queue": {"Type": "AWS::SQS::Queue"},
            "Custom": {"Type": "Custom::Thing"}
        }
    })
}

#[test]
fn ref_reads_parameters_resources_and_pseudo_parameters() {
    let t = template();
    assert_eq!(ok(t.clone(), json!({"Ref": "Env"})), "prod");
    assert_eq!(ok(t.clone(), json!({"Ref": "Zones"})), json!(["a", "b"]));
    assert_eq!(ok(t.clone(), json!({"Ref": "Fn"})), "Fn");
    assert_eq!(ok(t.clone(), json!({"Ref": "Named"})), "prod-named");
    assert_eq!(
        ok(t.clone(), json!({"Ref": "Queue"})),
        "https://sqs.us-east-1.amazonaws.com/123456789012/Queue"
    );
    assert_eq!(ok(t.clone(), json!({"Ref": "AWS::Partition"})), "aws");
    assert_eq!(ok(t.clone(), json!({"Ref": "AWS::StackName"})), "S");
    // AWS::NoValue removes the member or the item.
    assert_eq!(
        ok(
            t.clone(),
            json!({"a": {"Ref": "AWS::NoValue"}, "b": [1, {"Ref": "AWS::NoValue"}]})
        ),
        json!({"b": [1]})
    );
    for (unknown, why) in [
        ("Secret", "no `Default`"),
        ("Ssm", "SSM"),
        ("Nothing", "neither a parameter"),
        ("Custom", "Custom::Thing"),
    ] {
        let refused = resolved(t.clone(), json!({"Ref": unknown}))
            .map(|_| ())
            .unwrap_err();
        assert!(refused[0].why.contains(why), "{refused:?}");
        assert_eq!(refused[0].pointer, "/v/Ref");
    }
}

#[test]
fn get_att_names_the_resource_by_its_name_or_logical_id() {
    let t = template();
    assert_eq!(
        ok(t.clone(), json!({"Fn::GetAtt": ["Fn", "Arn"]})),
        "arn:aws:lambda:us-east-1:123456789012:function:Fn"
    );
    assert_eq!(
        ok(t.clone(), json!({"Fn::GetAtt": "Named.Arn"})),
        "arn:aws:lambda:us-east-1:123456789012:function:prod-named"
    );
    assert_eq!(
        ok(t.clone(), json!({"Fn::GetAtt": ["Queue", "Arn"]})),
        "arn:aws:sqs:us-east-1:123456789012:Queue"
    );
    let refused = resolved(t, json!({"Fn::GetAtt": ["Custom", "Out"]}))
        .map(|_| ())
        .unwrap_err();
    assert!(refused[0].why.contains("Custom::Thing"), "{refused:?}");
}

#[test]
fn join_sub_select_split_find_in_map_and_if() {
    let t = template();
    assert_eq!(
        ok(
            t.clone(),
            json!({"Fn::Join": ["-", ["a", {"Ref": "Env"}, {"Ref": "AWS::NoValue"}]]})
        ),
        "a-prod"
    );
    assert_eq!(
        ok(t.clone(), json!({"Fn::Join": [",", {"Ref": "Zones"}]})),
        "a,b"
    );
    assert_eq!(
        ok(
            t.clone(),
            json!({"Fn::Sub": "${Env}:${Fn.Arn}:${!Literal}:${AWS::Region}"})
        ),
        "prod:arn:aws:lambda:us-east-1:123456789012:function:Fn:${Literal}:us-east-1"
    );
    assert_eq!(
        ok(
            t.clone(),
            json!({"Fn::Sub": ["${X}-${Env}", {"X": {"Ref": "AWS::AccountId"}}]})
        ),
        "123456789012-prod"
    );
    assert_eq!(ok(t.clone(), json!({"Fn::Select": ["1", ["x", "y"]]})), "y");
    assert_eq!(
        ok(
            t.clone(),
            json!({"Fn::Select": [0, {"Fn::Split": ["/", "a/b"]}]})
        ),
        "a"
    );
    assert_eq!(
        ok(
            t.clone(),
            json!({"Fn::FindInMap": ["Sizes", {"Ref": "Env"}, "Memory"]})
        ),
        512
    );
    assert_eq!(
        ok(
            t.clone(),
            json!({"Fn::FindInMap": ["Sizes", "dev", "Memory", {"DefaultValue": 128}]})
        ),
        128
    );
    assert_eq!(ok(t.clone(), json!({"Fn::If": ["IsProd", "p", "d"]})), "p");
    assert_eq!(ok(t.clone(), json!({"Fn::If": ["NotProd", "p", "d"]})), "d");
    assert_eq!(ok(t.clone(), json!({"Fn::If": ["Both", 1, 2]})), 1);
    assert_eq!(ok(t.clone(), json!({"Fn::Base64": "ab"})), "YWI=");
    assert_eq!(ok(t.clone(), json!({"Fn::Length": [1, 2, 3]})), 3);
    assert_eq!(
        ok(
            t.clone(),
            json!({"Fn::ToJsonString": {"a": {"Ref": "Env"}}})
        ),
        "{\"a\":\"prod\"}"
    );
    let refused = resolved(t.clone(), json!({"Fn::Select": [5, ["x"]]}))
        .map(|_| ())
        .unwrap_err();
    assert!(refused[0].why.contains("not in the list"), "{refused:?}");
}

#[test]
fn what_only_a_deployment_knows_is_named() {
    let t = template();
    for (value, why) in [
        (json!({"Fn::GetAZs": ""}), "Availability Zones"),
        (json!({"Fn::Transform": {"Name": "M"}}), "macro"),
        (json!({"Fn::ImportValue": "Shared-Arn"}), "another stack's"),
        (
            json!({"Fn::GetStackOutput": {"StackName": "A", "OutputName": "B"}}),
            "not this template",
        ),
        (json!({"Fn::Nope": 1}), "not one of CloudFormation's"),
    ] {
        let refused = resolved(t.clone(), value).map(|_| ()).unwrap_err();
        assert!(refused[0].why.contains(why), "{refused:?}");
    }
    // Every part that cannot be resolved is named, not only the first.
    let refused = resolved(
        t,
        json!({"Fn::Join": ["", [{"Ref": "Secret"}, {"Ref": "Nope"}]]}),
    )
    .map(|_| ())
    .unwrap_err();
    assert_eq!(refused.len(), 2, "{refused:?}");
    assert_eq!(refused[1].pointer, "/v/Fn::Join/1/1/Ref");
}

#[test]
fn nesting_and_sizes_are_bounded() {
    let mut deep = json!("x");
    for _ in 0..(MAX_NESTING + 5) {
        deep = json!({"Fn::Join": ["", [deep]]});
    }
    let refused = resolved(template(), deep).map(|_| ()).unwrap_err();
    assert!(refused[0].why.contains("deeper"), "{refused:?}");
    // A parameter that refers to itself through a condition does not loop.
    let looping = json!({"Conditions": {"A": {"Condition": "A"}}, "Resources": {}});
    let refused = resolved(looping, json!({"Fn::If": ["A", 1, 2]}))
        .map(|_| ())
        .unwrap_err();
    assert!(refused[0].why.contains("deeper"), "{refused:?}");
    let big = "x".repeat(MAX_TEXT / 4);
    let refused = resolved(
        template(),
        json!({"Fn::Join": ["", [big, big, big, big, big]]}),
    )
    .map(|_| ())
    .unwrap_err();
    assert!(refused[0].why.contains("longer than"), "{refused:?}");
}

#[test]
fn a_text_keeps_where_each_part_came_from() {
    let document =
        Document::read("t.json", template().to_string(), true).unwrap_or_else(|e| panic!("{e}"));
    let stack = Stack {
        document: &document,
        name: "S".into(),
        place: Place::default(),
        given: BTreeMap::new(),
        beyond: &Alone,
        index: 0,
    };
    let resolver = Resolver::new(&stack);
    let value = json!({"Fn::Join": ["", ["{\"a\":\"", {"Ref": "Env"}, {"Fn::Sub": "\",\"b\":\"${!x}${Env}\"}"}]]});
    let text = resolver
        .text(&value, "/v", 0)
        .unwrap_or_else(|_| panic!("{:?}", resolver.unresolved()));
    assert_eq!(text.text, "{\"a\":\"prod\",\"b\":\"${x}prod\"}");
    let origin = |offset: usize| {
        text.piece_at(offset)
            .map(|(p, into)| (p.origin.clone(), into))
    };
    assert_eq!(
        origin(1),
        Some((
            Origin::Literal {
                pointer: "/v/Fn::Join/1/0".into(),
                from: 0
            },
            1
        ))
    );
    assert_eq!(
        origin(7),
        Some((
            Origin::Value {
                pointer: "/v/Fn::Join/1/1".into()
            },
            1
        ))
    );
    // After `${!`, the literal resumes past the `!`.
    let x = text.text.find("x}").unwrap_or_default();
    assert_eq!(
        origin(x),
        Some((
            Origin::Literal {
                pointer: "/v/Fn::Join/1/2/Fn::Sub".into(),
                from: 10
            },
            0
        ))
    );
    let slice = text.slice(3, 12);
    assert_eq!(slice.text, "\":\"prod\",");
    assert_eq!(slice.pieces.len(), 3);
}
