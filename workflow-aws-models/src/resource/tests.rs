//! The resource parser, one kind and one problem at a time.

use super::{PARTITIONS, Resource, ResourceKind, ResourceProblem};
use crate::{Integration, LookupError, Pattern, Pattern::*};

fn ok(text: &str) -> ResourceKind {
    let resource = Resource::parse(text);
    match resource.kind() {
        Ok(kind) => kind.clone(),
        Err(p) => panic!("`{text}` rejected: {p}"),
    }
}

fn err(text: &str) -> ResourceProblem {
    let resource = Resource::parse(text);
    match resource.kind() {
        Ok(r) => panic!("`{text}` accepted as {r:?}"),
        Err(p) => p.clone(),
    }
}

fn pattern(text: &str) -> Option<Pattern> {
    Resource::parse(text).pattern()
}

fn integration(service: &str, action: &str, pattern: Pattern) -> ResourceKind {
    let integration = Integration::resolve(service, action, pattern)
        .unwrap_or_else(|e| panic!("{service}:{action}: {e}"));
    ResourceKind::Integration {
        partition: "aws".into(),
        integration,
    }
}

/// Whether `kind` is an integration of `service`'s `action` (an AWS SDK one with `sdk`).
fn calls(kind: &ResourceKind, sdk: bool, service: &str, action: &str) -> bool {
    matches!(kind, ResourceKind::Integration { integration, .. }
        if integration.is_sdk() == sdk && integration.service() == service && integration.action() == action)
}

#[test]
fn accepts_deployed_integrations() {
    let cases = [
        (
            "arn:aws:states:::lambda:invoke",
            "lambda",
            "invoke",
            RequestResponse,
        ),
        (
            "arn:aws:states:::lambda:invoke.waitForTaskToken",
            "lambda",
            "invoke",
            WaitForTaskToken,
        ),
        (
            "arn:aws:states:::dynamodb:putItem",
            "dynamodb",
            "putItem",
            RequestResponse,
        ),
        (
            "arn:aws:states:::sns:publish.waitForTaskToken",
            "sns",
            "publish",
            WaitForTaskToken,
        ),
        (
            "arn:aws:states:::states:startExecution.sync:2",
            "states",
            "startExecution",
            Sync2,
        ),
        (
            "arn:aws:states:::states:startExecution.sync",
            "states",
            "startExecution",
            Sync,
        ),
        (
            "arn:aws:states:::glue:startJobRun.sync",
            "glue",
            "startJobRun",
            Sync,
        ),
        (
            "arn:aws:states:::s3:getObject",
            "s3",
            "getObject",
            RequestResponse,
        ),
        (
            "arn:aws:states:::bedrock:invokeModel",
            "bedrock",
            "invokeModel",
            RequestResponse,
        ),
        (
            "arn:aws:states:::apigateway:invoke",
            "apigateway",
            "invoke",
            RequestResponse,
        ),
        ("arn:aws:states:::ecs:runTask.sync", "ecs", "runTask", Sync),
        (
            "arn:aws:states:::batch:submitJob.sync",
            "batch",
            "submitJob",
            Sync,
        ),
        (
            "arn:aws:states:::sagemaker:createTrainingJob.sync",
            "sagemaker",
            "createTrainingJob",
            Sync,
        ),
        (
            "arn:aws:states:::events:putEvents",
            "events",
            "putEvents",
            RequestResponse,
        ),
        (
            "arn:aws:states:::mediaconvert:createJob",
            "mediaconvert",
            "createJob",
            RequestResponse,
        ),
        (
            "arn:aws:states:::athena:startQueryExecution.sync",
            "athena",
            "startQueryExecution",
            Sync,
        ),
        (
            "arn:aws:states:::elasticmapreduce:createCluster.sync",
            "elasticmapreduce",
            "createCluster",
            Sync,
        ),
        (
            "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            "sqs",
            "sendMessage",
            WaitForTaskToken,
        ),
    ];
    for (text, service, action, pattern) in cases {
        assert_eq!(ok(text), integration(service, action, pattern), "{text}");
        assert_eq!(self::pattern(text), Some(pattern), "{text}");
    }
}

#[test]
fn accepts_sdk_lambda_activity_http_and_other_arns() {
    assert!(calls(
        &ok("arn:aws:states:::aws-sdk:s3:listObjectsV2"),
        true,
        "s3",
        "listObjectsV2"
    ));
    assert_eq!(
        pattern("arn:aws:states:::aws-sdk:dynamodb:putItem.waitForTaskToken"),
        Some(WaitForTaskToken)
    );
    // Region and account in an SDK integration: unusual, but deployed.
    assert!(calls(
        &ok("arn:aws:states:us-east-1:123456789012:aws-sdk:s3:getObject"),
        true,
        "s3",
        "getObject"
    ));
    assert_eq!(
        ok("arn:aws:lambda:us-east-1:123456789012:function:Name"),
        ResourceKind::LambdaFunction {
            partition: "aws".into(),
            region: "us-east-1".into(),
            account: "123456789012".into(),
            function: "Name".into()
        }
    );
    assert!(matches!(
        ok("arn:aws:lambda:::function:fnupdatemetadata"),
        ResourceKind::LambdaFunction { ref region, ref account, .. } if region.is_empty() && account.is_empty()
    ));
    assert_eq!(
        Resource::parse("arn:aws:lambda:us-east-1:123456789012:function:Name:$LATEST")
            .lambda_function()
            .map(|f| (f.name, f.qualifier, f.region)),
        Some(("Name", Some("$LATEST"), Some("us-east-1")))
    );
    assert_eq!(
        ok("arn:aws:states:us-east-1:123456789012:activity:Name"),
        ResourceKind::Activity {
            partition: "aws".into(),
            region: "us-east-1".into(),
            account: "123456789012".into(),
            name: "Name".into()
        }
    );
    let http = Resource::parse("arn:aws-cn:states:::http:invoke");
    assert!(http.integration().is_some_and(Integration::is_http));
    assert_eq!(http.partition(), Some("aws-cn"));
    assert_eq!(http.pattern(), Some(RequestResponse));
    let sns = "arn:aws:sns:us-east-1:123456789012:topic";
    assert_eq!(ok(sns), ResourceKind::Other);
    assert_eq!(pattern(sns), None);
    for partition in PARTITIONS {
        let lambda = Resource::parse(format!("arn:{partition}:states:::lambda:invoke"));
        assert!(
            lambda
                .integration()
                .is_some_and(Integration::is_lambda_invoke)
        );
        assert_eq!(lambda.partition(), Some(*partition));
    }
}

#[test]
fn recognises_substitutions() {
    assert_eq!(
        ok("${LambdaArn}"),
        ResourceKind::Substituted {
            substitutions: vec!["LambdaArn".into()],
            known_shape: None
        }
    );
    let lambda = Resource::parse("arn:${AWS::Partition}:states:::lambda:invoke");
    assert_eq!(lambda.substitutions(), ["AWS::Partition"]);
    assert!(
        lambda
            .integration()
            .is_some_and(Integration::is_lambda_invoke)
    );
    assert_eq!(lambda.partition(), Some("${AWS::Partition}"));
    let r = Resource::parse(
        "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${Fn}",
    );
    assert!(matches!(
        r.shape(),
        Some(ResourceKind::LambdaFunction { function, region, .. }) if function == "${Fn}" && region == "${AWS::Region}"
    ));
    assert_eq!(
        pattern("arn:${P}:states:::states:startExecution.sync:2"),
        Some(Sync2)
    );
    assert!(matches!(
        ok("arn:aws:states:::${Svc}:invoke"),
        ResourceKind::Substituted {
            known_shape: None,
            ..
        }
    ));
    // The checked parts still fail.
    assert!(err("arn:${AWS::Partition}:states:::lambda:invoke.sync").is_unsupported_pattern());
    assert!(matches!(
        err("arn:${P}:states:::lamda:invoke"),
        ResourceProblem::Lookup {
            error: LookupError::UnknownService { .. },
            ..
        }
    ));
    // `${}` and `${!Literal}` are not substitutions.
    assert!(matches!(err("${}"), ResourceProblem::NotAnArn { .. }));
    assert!(matches!(
        err("${!Literal}"),
        ResourceProblem::NotAnArn { .. }
    ));
}

#[test]
fn rejects_invalid_resources() {
    assert!(matches!(err("MyLambda"), ResourceProblem::NotAnArn { .. }));
    assert!(matches!(
        err("lambda:invoke"),
        ResourceProblem::NotAnArn { .. }
    ));
    assert!(matches!(err("{% $fn %}"), ResourceProblem::Jsonata { .. }));
    assert!(matches!(
        err("arn:aws:states"),
        ResourceProblem::Malformed { .. }
    ));
    assert!(matches!(
        err("arn:aws:states:::lambda:invoke "),
        ResourceProblem::Malformed { .. }
    ));
    assert!(matches!(
        err("arn:aws-xx:states:::lambda:invoke"),
        ResourceProblem::UnknownPartition { ref partition, .. } if partition == "aws-xx"
    ));
    assert!(matches!(
        err("arn:awss:states:::lambda:invoke"),
        ResourceProblem::UnknownPartition {
            suggestion: Some("aws"),
            ..
        }
    ));
    assert!(matches!(
        err("arn:aws:states:::"),
        ResourceProblem::EmptyService { .. }
    ));
    assert!(matches!(
        err("arn:aws:states:::lambda"),
        ResourceProblem::EmptyAction { .. }
    ));
    assert!(matches!(
        err("arn:aws:states:::lambda:"),
        ResourceProblem::EmptyAction { .. }
    ));
    assert!(matches!(
        err("arn:aws:states:::aws-sdk:s3"),
        ResourceProblem::IncompleteSdk { .. }
    ));
    assert!(matches!(
        err("arn:aws:states:::aws-sdk::getObject"),
        ResourceProblem::IncompleteSdk { .. }
    ));
    assert!(matches!(
        err("arn:aws:states:::lamda:invoke"),
        ResourceProblem::Lookup {
            error: LookupError::UnknownService { suggestion: Some(ref s), .. },
            ..
        } if s == "lambda"
    ));
    // A service with no optimized integration is called through the AWS SDK one.
    let rekognition = err("arn:aws:states:::rekognition:detectLabels");
    assert!(matches!(
        rekognition,
        ResourceProblem::Lookup {
            error: LookupError::UnknownService { suggestion: Some(ref s), .. },
            ..
        } if s == "aws-sdk:rekognition"
    ));
    assert!(
        rekognition
            .to_string()
            .contains("`arn:aws:states:::aws-sdk:rekognition:<action>`"),
        "{rekognition}"
    );
    assert!(matches!(
        err("arn:aws:states:::dynamodb:getItemm"),
        ResourceProblem::Lookup {
            error: LookupError::UnknownAction { suggestion: Some(ref s), .. },
            ..
        } if s == "getItem"
    ));
    assert!(matches!(
        err("arn:aws:states:::lambda:invoke.syncc"),
        ResourceProblem::UnknownSuffix { ref suffix, .. } if suffix == ".syncc"
    ));
    assert!(matches!(
        err("arn:aws:states:::http:get"),
        ResourceProblem::Lookup {
            error: LookupError::UnknownAction {
                suggestion: None,
                ..
            },
            ..
        }
    ));
    assert!(matches!(
        err("arn:aws:lambda:us-east-1:1:function:"),
        ResourceProblem::Malformed { .. }
    ));
    assert!(matches!(
        err("arn:aws:lambda:us-east-1:1:function:a b"),
        ResourceProblem::Malformed { .. }
    ));
    assert!(matches!(
        err("arn:aws:states:us-east-1:1:activity:"),
        ResourceProblem::Malformed { .. }
    ));
    assert!(matches!(
        err("arn:aws:sns:us-east-1:1:"),
        ResourceProblem::Malformed { .. }
    ));
    assert!(!err("MyLambda").is_unsupported_pattern());
}

#[test]
fn rejects_unsupported_patterns() {
    for text in [
        "arn:aws:states:::dynamodb:putItem.sync",
        "arn:aws:states:::lambda:invoke.sync",
        "arn:aws:states:::sns:publish.sync",
        "arn:aws:states:::aws-sdk:s3:getObject.sync",
        "arn:aws:states:::aws-sdk:s3:getObject.sync:2",
        "arn:aws:states:::glue:startJobRun.waitForTaskToken",
        "arn:aws:states:::glue:startJobRun.sync:2",
        "arn:aws:states:::sagemaker:createTrainingJob.sync:2",
        "arn:aws:states:::http:invoke.waitForTaskToken",
    ] {
        assert!(err(text).is_unsupported_pattern(), "{text}");
    }
    let message = err("arn:aws:states:::dynamodb:putItem.sync").to_string();
    assert!(
        message.contains("`dynamodb:putItem` does not support the `.sync` (run a job) pattern"),
        "{message}"
    );
    assert!(
        err("arn:aws:states:::glue:startJobRun.sync:2")
            .to_string()
            .contains("only for `states:startExecution`")
    );
}

#[test]
fn never_panics_on_odd_input() {
    for text in [
        "",
        ":",
        "arn:",
        "arn:::::",
        "arn:aws:states:::.sync",
        "arn:aws:states:::aws-sdk:",
        "${",
        "${a",
        "$}{",
        "arn:${a}",
        "arn:aws:states:::\u{E000}:x",
        "arn:aws:lambda:r:a:function:x:y:z",
        "arn:aws:states:::a.b:c",
        "arn:aws:states:::states:startExecution.sync:3",
        "é:aws",
        "arn:aws:states:::lambda:invoke.\u{0}",
    ] {
        let _ = Resource::parse(text).problem().map(ToString::to_string);
    }
    assert!(matches!(
        err("arn:aws:states:::states:startExecution.sync:3"),
        ResourceProblem::UnknownSuffix { .. }
    ));
    assert!(matches!(
        err("arn:aws:states:::\u{E000}:x"),
        ResourceProblem::Lookup {
            error: LookupError::UnknownService { .. },
            ..
        }
    ));
}

#[test]
fn map_resources_are_s3_actions_of_their_own() {
    let reader = Resource::parse("arn:aws-us-gov:states:::s3:listObjectsV2");
    let integration = reader.integration().unwrap();
    assert_eq!(integration.usage(), crate::Usage::ItemReader);
    assert_eq!(
        integration.arn("aws-us-gov"),
        "arn:aws-us-gov:states:::s3:listObjectsV2"
    );
    assert_eq!(
        Resource::parse("arn:aws:states:::s3:putObject")
            .integration()
            .map(Integration::usage),
        Some(crate::Usage::ResultWriter)
    );
    assert!(err("arn:aws:states:::s3:getObject.waitForTaskToken").is_unsupported_pattern());
}

#[test]
fn history_names_the_resource_as_step_functions_does() {
    let parts = |text: &str| Resource::parse(text).history_parts();
    assert_eq!(
        parts("arn:aws:states:::lambda:invoke.waitForTaskToken"),
        ("lambda".into(), "invoke.waitForTaskToken".into())
    );
    assert_eq!(
        parts("arn:aws-cn:states:::aws-sdk:s3:getObject"),
        ("aws-sdk:s3".into(), "getObject".into())
    );
    assert_eq!(
        parts("arn:aws:states:::states:startExecution.sync:2"),
        ("states".into(), "startExecution.sync:2".into())
    );
    let function = "arn:aws:lambda:us-east-1:123456789012:function:F";
    assert_eq!(parts(function), ("lambda".into(), function.into()));
    let activity = "arn:aws:states:us-east-1:123456789012:activity:A";
    assert_eq!(parts(activity), ("activity".into(), activity.into()));
}

#[test]
fn a_resource_is_its_text() {
    let lambda = Integration::named("lambda", "invoke", RequestResponse).unwrap();
    let built = Resource::for_integration(&lambda);
    let parsed = Resource::parse("arn:aws:states:::lambda:invoke");
    assert_eq!(built, parsed);
    assert_eq!(built.kind(), parsed.kind());
    assert_eq!(built.to_string(), "arn:aws:states:::lambda:invoke");
    assert!(Resource::default().problem().is_some());
}

#[test]
fn activities_are_named_after_activity() {
    assert!(
        Resource::parse("arn:aws:states:us-east-1:123456789012:activity:Approve").is_activity()
    );
    assert!(
        Resource::parse("arn:aws-cn:states:cn-north-1:123456789012:activity:Approve").is_activity()
    );
    assert!(!Resource::parse("arn:aws:states:::lambda:invoke").is_activity());
    assert!(!Resource::parse("arn:aws:states:us-east-1:123456789012:activity").is_activity());
}

#[test]
fn short_names_drop_what_every_integration_shares() {
    let short = |text: &str| Resource::parse(text).short_name();
    assert_eq!(short("arn:aws-cn:states:::lambda:invoke"), "lambda:invoke");
    assert_eq!(
        short("arn:aws:states:::sagemaker:createTrainigJob.sync"),
        "sagemaker:createTrainigJob.sync"
    );
    let function = "arn:aws:lambda:us-east-1:123456789012:function:F";
    assert_eq!(short(function), function);
}
