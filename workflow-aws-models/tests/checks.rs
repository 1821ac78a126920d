//! Each lookup error and each finding kind, on the mistakes of the issue (the seeds' retraining
//! pipeline) and a few more.

use serde_json::json;
use workflow_aws_models::{
    BOTOCORE_VERSION, FindingKind, Integration, LookupError, Pattern, Resource, ResourceProblem,
    Service, ShapeKind,
};

fn integration(resource: &str) -> Integration {
    let parsed = Resource::parse(resource);
    match parsed.kind() {
        Err(e) => panic!("{resource}: {e}"),
        Ok(_) => parsed
            .integration()
            .cloned()
            .unwrap_or_else(|| panic!("{resource} is not an integration")),
    }
}

/// Why the lookup of `resource`'s integration fails.
fn lookup_error(resource: &str) -> LookupError {
    match Resource::parse(resource).problem() {
        Some(ResourceProblem::Lookup { error, .. }) => error.clone(),
        other => panic!("{resource}: not a failed lookup: {other:?}"),
    }
}

fn training() -> Integration {
    integration("arn:aws:states:::sagemaker:createTrainingJob.sync")
}

/// A valid CreateTrainingJob request.
fn training_request() -> serde_json::Value {
    json!({
        "TrainingJobName.$": "$.name",
        "RoleArn": "arn:aws:iam::123456789012:role/sm",
        "AlgorithmSpecification": {"TrainingImage": "img", "TrainingInputMode": "File"},
        "OutputDataConfig": {"S3OutputPath": "s3://bucket/out"},
        "ResourceConfig": {"InstanceCount": 1, "InstanceType": "ml.m5.large", "VolumeSizeInGB": 10},
        "StoppingCondition": {"MaxRuntimeInSeconds": 3600}
    })
}

#[test]
fn a_valid_request_has_no_findings() {
    assert_eq!(training().check_request(&training_request()), vec![]);
}

#[test]
fn misspelt_key_is_unknown_with_a_suggestion() {
    let mut request = training_request();
    let object = request.as_object_mut().unwrap();
    let name = object.remove("TrainingJobName.$").unwrap();
    object.insert("TrainingJobNmae.$".into(), name);
    let findings = training().check_request(&request);
    assert_eq!(findings.len(), 2, "{findings:?}"); // the misspelt key, and the missing one
    assert_eq!(findings[0].pointer, "/TrainingJobNmae.$");
    assert_eq!(
        findings[0].kind,
        FindingKind::UnknownKey {
            structure: "CreateTrainingJobRequest".into(),
            suggestion: Some("TrainingJobName".into())
        }
    );
    assert_eq!(
        findings[0].to_string(),
        "unknown key `TrainingJobNmae` in `CreateTrainingJobRequest`; did you mean `TrainingJobName`?"
    );
    assert!(matches!(findings[1].kind, FindingKind::MissingKey { .. }));
}

#[test]
fn missing_required_key() {
    let mut request = training_request();
    request.as_object_mut().unwrap().remove("RoleArn");
    let findings = training().check_request(&request);
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0].pointer, "/RoleArn");
    assert_eq!(
        findings[0].to_string(),
        "missing required key `RoleArn` in `CreateTrainingJobRequest`"
    );
}

#[test]
fn a_computed_key_provides_a_required_member() {
    let mut request = training_request();
    let object = request.as_object_mut().unwrap();
    object.remove("RoleArn");
    object.insert("RoleArn.$".into(), json!("$.role"));
    assert_eq!(training().check_request(&request), vec![]);
}

#[test]
fn wrong_type() {
    let mut request = training_request();
    request["ResourceConfig"]["InstanceCount"] = json!("one");
    let findings = training().check_request(&request);
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0].pointer, "/ResourceConfig/InstanceCount");
    assert_eq!(
        findings[0].to_string(),
        "`InstanceCount` must be an integer of at least 0, found a string"
    );
}

#[test]
fn lenient_scalars_are_accepted() {
    let mut request = training_request();
    request["ResourceConfig"]["InstanceCount"] = json!("2"); // a numeric string
    request["ResourceConfig"]["VolumeSizeInGB"] = json!(30);
    request["EnableNetworkIsolation"] = json!("true"); // a boolean as a string
    assert_eq!(training().check_request(&request), vec![]);
}

#[test]
fn nothing_is_converted_to_text_and_the_start_failure_says_so_as_aws_does() {
    let mut request = training_request();
    request["AlgorithmSpecification"]["TrainingImage"] = json!(42);
    let findings = training().check_request(&request);
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(
        findings[0].to_string(),
        "`TrainingImage` must be a string of at most 255 characters, found a number"
    );
    assert_eq!(
        findings[0].start_failure().as_deref(),
        Some("The value for the field 'TrainingImage' must be a STRING")
    );
    // DynamoDB's `S` given an object (aws-cdk issue 9181): the same reason.
    let get = integration("arn:aws:states:::dynamodb:getItem");
    let findings = get.check_request(&json!({"TableName": "t", "Key": {"id": {"S": {"a": 1}}}}));
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(
        findings[0].start_failure().as_deref(),
        Some("The value for the field 'S' must be a STRING")
    );
    // A wrong integer is not a start failure AWS has been seen to give.
    let mut request = training_request();
    request["ResourceConfig"]["InstanceCount"] = json!("one");
    assert_eq!(training().check_request(&request)[0].start_failure(), None);
}

#[test]
fn json_text_takes_a_string_an_object_or_a_list_but_not_a_number() {
    let lambda = integration("arn:aws:states:::lambda:invoke");
    for payload in [json!("text"), json!({"n": 1}), json!([1, 2])] {
        let request = json!({"FunctionName": "f", "Payload": payload});
        assert_eq!(lambda.check_request(&request), vec![], "{payload}");
    }
    // A number as `Payload` (recorded: "The value for the field 'Payload' must be a STRING").
    let findings = lambda.check_request(&json!({"FunctionName": "f", "Payload": 1}));
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(
        findings[0].to_string(),
        "`Payload` must be a string, or a JSON object or list (sent as its text), found a number"
    );
    assert_eq!(
        findings[0].start_failure().as_deref(),
        Some("The value for the field 'Payload' must be a STRING")
    );
    // Binary data takes any JSON value (recorded on AWS: S3 PutObject's `Body` as `false`, `0`).
    let put = integration("arn:aws:states:::aws-sdk:s3:putObject");
    for body in [json!(false), json!(0), json!({"a": 1}), json!("text")] {
        let request = json!({"Bucket": "b", "Key": "k", "Body": body});
        assert_eq!(put.check_request(&request), vec![], "{body}");
    }
    let sqs = integration("arn:aws:states:::sqs:sendMessage");
    let findings = sqs.check_request(&json!({"QueueUrl": "q", "MessageBody": true}));
    assert_eq!(findings.len(), 1, "{findings:?}");
}

#[test]
fn not_in_enum() {
    let mut request = training_request();
    request["AlgorithmSpecification"]["TrainingInputMode"] = json!("Fille");
    let findings = training().check_request(&request);
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(
        findings[0].pointer,
        "/AlgorithmSpecification/TrainingInputMode"
    );
    let FindingKind::NotInEnum { suggestion, .. } = &findings[0].kind else {
        panic!("{findings:?}")
    };
    assert_eq!(suggestion.as_deref(), Some("File"));
    assert!(
        findings[0]
            .to_string()
            .starts_with("`TrainingInputMode` must be a string, one of ")
    );
}

#[test]
fn out_of_bounds() {
    let mut request = training_request();
    request["StoppingCondition"]["MaxRuntimeInSeconds"] = json!(0);
    request["TrainingJobName"] = json!("x".repeat(70));
    request.as_object_mut().unwrap().remove("TrainingJobName.$");
    let findings = training().check_request(&request);
    assert_eq!(findings.len(), 2, "{findings:?}");
    let messages: Vec<String> = findings.iter().map(|f| f.to_string()).collect();
    assert!(
        messages.contains(
            &"`TrainingJobName` must be a string of 1 to 63 characters, found 70 characters"
                .to_owned()
        ),
        "{messages:?}"
    );
    assert!(
        messages.contains(
            &"`MaxRuntimeInSeconds` must be an integer of at least 1, found 0".to_owned()
        ),
        "{messages:?}"
    );
}

#[test]
fn computed_values_are_accepted_whatever_their_type() {
    let mut request = training_request();
    request["ResourceConfig"]["InstanceCount"] = json!("{% $count %}");
    request["ResourceConfig"]["InstanceType.$"] = json!("$.type");
    request["ResourceConfig"]
        .as_object_mut()
        .unwrap()
        .remove("InstanceType");
    assert_eq!(training().check_request(&request), vec![]);
}

#[test]
fn findings_at_depth_in_lists() {
    let events = integration("arn:aws:states:::events:putEvents");
    let request = json!({"Entries": [
        {"Detail": {"any": "json"}, "DetailType": "t", "Source": "s"},
        {"Detail": "text", "DetailTyp": "t", "Source": "s"}
    ]});
    let findings = events.check_request(&request);
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0].pointer, "/Entries/1/DetailTyp");
}

#[test]
fn lambda_payload_is_json() {
    let lambda = integration("arn:aws:states:::lambda:invoke.waitForTaskToken");
    let request = json!({"FunctionName": "f", "Payload": {"token.$": "$$.Task.Token", "n": 1}});
    assert_eq!(lambda.check_request(&request), vec![]);
    assert_eq!(lambda.pattern(), Pattern::WaitForTaskToken);
    assert!(lambda.result().is_none());
    let payload = integration("arn:aws:states:::lambda:invoke")
        .result()
        .unwrap();
    assert_eq!(
        payload.member("Payload").unwrap().shape().kind(),
        ShapeKind::Any
    );
}

#[test]
fn aws_sdk_requests_accept_the_sdk_spelling() {
    let rds = integration("arn:aws:states:::aws-sdk:rds:describeDBInstances");
    assert!(rds.is_sdk());
    assert_eq!(
        rds.check_request(&json!({"DbInstanceIdentifier": "db"})),
        vec![]
    );
    assert_eq!(
        rds.check_request(&json!({"DBInstanceIdentifier": "db"})),
        vec![]
    );
    let ecs = integration("arn:aws:states:::ecs:runTask.sync");
    assert_eq!(
        ecs.check_request(&json!({"TaskDefinition": "td", "Cluster": "c"})),
        vec![]
    );
    let s3 = integration("arn:aws:states:::aws-sdk:s3:getObject");
    assert!(
        s3.sdk_errors()
            .contains(&"S3.NoSuchKeyException".to_owned()),
        "{:?}",
        s3.sdk_errors()
    );
    let rds_errors = rds.sdk_errors();
    assert!(
        rds_errors.contains(&"Rds.DbInstanceNotFoundException".to_owned()),
        "{rds_errors:?}"
    );
    let ou = integration("arn:aws:states:::aws-sdk:organizations:createOrganizationalUnit");
    let errors = ou.sdk_errors();
    assert!(
        errors.contains(&"Organizations.DuplicateOrganizationalUnitException".to_owned()),
        "{errors:?}"
    );
}

#[test]
fn unknown_action_suggests_the_closest() {
    let err = lookup_error("arn:aws:states:::sagemaker:createTrainigJob.sync");
    assert_eq!(
        err,
        LookupError::UnknownAction {
            service: "sagemaker".into(),
            action: "createTrainigJob".into(),
            suggestion: Some("createTrainingJob".into()),
            in_sdk: false,
        }
    );
    assert_eq!(
        err.to_string(),
        "`sagemaker` has no action `createTrainigJob`; did you mean `createTrainingJob`?"
    );
    let err = lookup_error("arn:aws:states:::aws-sdk:s3:getObjetc");
    assert!(
        matches!(err, LookupError::UnknownAction { suggestion: Some(ref s), .. } if s == "getObject")
    );
}

#[test]
fn an_action_only_the_aws_sdk_integration_has_is_pointed_there() {
    // Glue's optimized integration is `startJobRun` alone; its crawlers are AWS SDK actions.
    let err = lookup_error("arn:aws:states:::glue:startCrawler");
    assert!(
        matches!(err, LookupError::UnknownAction { in_sdk: true, .. }),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "`glue` has no action `startCrawler` in its optimized integration; the AWS SDK integration has it: did you mean `aws-sdk:glue:startCrawler`?"
    );
    // A misspelling of an optimized action is not pointed at the AWS SDK.
    let err = lookup_error("arn:aws:states:::glue:startJobRunn.sync");
    assert!(
        matches!(err, LookupError::UnknownAction { in_sdk: false, suggestion: Some(ref s), .. } if s == "startJobRun"),
        "{err:?}"
    );
}

#[test]
fn unknown_service_suggests_the_closest() {
    let err = lookup_error("arn:aws:states:::sagemakr:createModel");
    assert!(
        matches!(err, LookupError::UnknownService { suggestion: Some(ref s), .. } if s == "sagemaker"),
        "{err:?}"
    );
    // No optimized integration, but an AWS SDK one.
    let err = lookup_error("arn:aws:states:::rds:describeDBInstances");
    assert_eq!(
        err.to_string(),
        "unknown service `rds`; did you mean `aws-sdk:rds`?"
    );
    // S3's optimized actions are a Distributed Map's reader and writer, not Task integrations.
    let err = Integration::named("s3", "get_object", Pattern::RequestResponse).unwrap_err();
    assert_eq!(
        err.to_string(),
        "`s3:getObject` is a Distributed Map's `ItemReader` resource, not a Task integration"
    );
    let err = lookup_error("arn:aws:states:::aws-sdk:dynamodbb:getItem");
    assert!(
        matches!(err, LookupError::UnknownService { suggestion: Some(ref s), .. } if s == "aws-sdk:dynamodb"),
        "{err:?}"
    );
}

#[test]
fn unsupported_pattern() {
    let err = lookup_error("arn:aws:states:::dynamodb:getItem.sync");
    assert_eq!(
        err.to_string(),
        "`dynamodb:getItem` does not support .sync; it supports request-response"
    );
    let err = lookup_error("arn:aws:states:::aws-sdk:s3:getObject.sync");
    assert!(matches!(err, LookupError::UnsupportedPattern { .. }));
    let err = lookup_error("arn:aws:states:::sagemaker:createModel.sync");
    assert!(
        matches!(err, LookupError::UnsupportedPattern { ref supported, .. } if supported == &[Pattern::RequestResponse])
    );
    // A suffix that is no pattern at all is not a lookup: the resource is malformed.
    assert!(matches!(
        Resource::parse("arn:aws:states:::states:startExecution.sync:3").problem(),
        Some(ResourceProblem::UnknownSuffix { .. })
    ));
}

#[test]
fn resources_that_are_not_integrations() {
    for resource in [
        "arn:aws:lambda:us-east-1:123456789012:function:f",
        "arn:aws:states:us-east-1:123456789012:activity:a",
        "arn:aws:states:::${Service}:action",
        "${LambdaArn}",
    ] {
        let parsed = Resource::parse(resource);
        assert!(parsed.problem().is_none(), "{resource}");
        assert_eq!(parsed.integration(), None, "{resource}");
    }
}

#[test]
fn sync_results_are_the_describe_outputs() {
    let result = training().result().unwrap();
    assert_eq!(result.name(), Some("DescribeTrainingJobResponse"));
    assert!(result.member("TrainingJobStatus").is_some());
    let glue = integration("arn:aws:states:::glue:startJobRun.sync")
        .result()
        .unwrap();
    assert_eq!(glue.name(), Some("JobRun"));
    let child = integration("arn:aws:states:::states:startExecution.sync:2")
        .result()
        .unwrap();
    assert_eq!(
        child.member("Output").unwrap().shape().kind(),
        ShapeKind::Any
    );
    let child = integration("arn:aws:states:::states:startExecution.sync")
        .result()
        .unwrap();
    assert_eq!(
        child.member("Output").unwrap().shape().kind(),
        ShapeKind::String
    );
}

#[test]
fn models_api() {
    assert_eq!(BOTOCORE_VERSION, "1.44.5");
    assert!(Service::all().len() > 400);
    let sfn = Service::by_sdk_name("sfn").unwrap();
    assert_eq!(Service::by_botocore_name("stepfunctions"), Some(sfn));
    let op = sfn.operation_by_action("startExecution").unwrap();
    assert_eq!(op.name(), "StartExecution");
    let input = op.input().unwrap();
    assert_eq!(input.required().collect::<Vec<_>>(), ["StateMachineArn"]);
    assert!(op.errors().any(|e| e == "ExecutionLimitExceeded"));
    let tags = sfn.operation("TagResource").unwrap().input().unwrap();
    let tag = tags.member("Tags").unwrap().shape().item().unwrap();
    assert_eq!(tag.kind(), ShapeKind::Object);
    let ddb = Service::by_sdk_name("dynamodb").unwrap();
    let item = ddb
        .operation("PutItem")
        .unwrap()
        .input()
        .unwrap()
        .member("Item")
        .unwrap()
        .shape();
    assert_eq!(item.kind(), ShapeKind::Map);
    assert_eq!(item.map_value().unwrap().name(), Some("AttributeValue"));
    let mode = Service::by_sdk_name("sagemaker")
        .unwrap()
        .operation("CreateTrainingJob")
        .unwrap()
        .input()
        .unwrap()
        .member("AlgorithmSpecification")
        .unwrap()
        .shape()
        .member("TrainingInputMode")
        .unwrap()
        .shape();
    assert!(mode.enum_values().any(|v| v == "File"));
}

#[test]
fn every_optimized_action_resolves() {
    let all: Vec<Integration> = Integration::optimized().collect();
    assert_eq!(all.len(), 64);
    for listed in all {
        for &pattern in listed.supported_patterns() {
            let resource = format!(
                "arn:aws:states:::{}:{}{}",
                listed.service(),
                listed.action(),
                pattern.suffix()
            );
            let found = integration(&resource);
            let open = found.source().contains("not modelled");
            assert_eq!(found.request().is_none(), open, "{resource}: request");
            if pattern == Pattern::Sync && found.source().contains(".sync returns") {
                assert!(found.result().is_some(), "{resource}: result");
            }
        }
    }
}

#[test]
fn a_string_the_api_pattern_refuses() {
    let mut request = training_request();
    request["RoleArn"] = json!("sagemaker-execution-role");
    let findings = training().check_request(&request);
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0].pointer, "/RoleArn");
    assert!(matches!(findings[0].kind, FindingKind::NoMatch { .. }));
    assert_eq!(
        findings[0].to_string(),
        "`RoleArn` is `sagemaker-execution-role`, which the API refuses: nothing in it matches the pattern \
         `arn:aws[a-z\\-]*:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+` its model gives; write a \
         value of that form"
    );
    // Lambda's request is the API's own (its `Payload` aside): the function name's pattern
    // holds; a name with a matching part conforms (the models' patterns are not anchored).
    let lambda = integration("arn:aws:states:::lambda:invoke");
    let name = |n: &str| lambda.check_request(&json!({"FunctionName": n, "Payload": {}}));
    assert!(matches!(name("!!!")[..], [ref f] if matches!(f.kind, FindingKind::NoMatch { .. })));
    assert_eq!(name("my-function:prod"), vec![]);
    // Too long: the length is reported, not the pattern too.
    let long = name(&"f".repeat(257));
    assert!(
        matches!(long[..], [ref f] if f.to_string() == "`FunctionName` must be a string of 1 to 256 characters, found 257 characters"),
        "{long:?}"
    );
}

#[test]
fn deployment_substitutions_and_placeholders_are_not_held_to_patterns() {
    for role in [
        "${RoleArn}",
        "arn:aws:iam::${AWS::AccountId}:role/sm",
        "arn:aws:iam::ACCOUNT_ID:role/sm",
        "arn:aws:iam::{account}:role/sm",
    ] {
        let mut request = training_request();
        request["RoleArn"] = json!(role);
        assert_eq!(training().check_request(&request), vec![], "{role}");
    }
    // A substitution is not measured either: the deployment replaces it.
    let mut request = training_request();
    request["TrainingJobName"] = json!(format!("${{{}}}", "N".repeat(70)));
    request.as_object_mut().unwrap().remove("TrainingJobName.$");
    assert_eq!(training().check_request(&request), vec![]);
}
