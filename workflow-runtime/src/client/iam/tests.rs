//! The policies of small definitions, one concern each.

use super::arns::lambda_arns;
use super::builder::operation;
use super::*;

fn policy(def: &str) -> Value {
    let machine = StateMachine::from_json(def).unwrap();
    execution_role_policy(
        &machine,
        &PolicyContext::new("aws", "us-east-1", "123456789012").state_machine_name("Me"),
    )
    .to_value()
}

#[test]
fn walks_branches_and_processors() {
    let p = policy(
        r#"{"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
          {"StartAt":"S","States":{"S":{"Type":"Task","Resource":"arn:aws:states:::sns:publish",
             "Parameters":{"TopicArn":"arn:aws:sns:us-east-1:123456789012:t","Message":"m"},"End":true}}},
          {"StartAt":"M","States":{"M":{"Type":"Map","End":true,"ItemProcessor":{"StartAt":"Q","States":{
             "Q":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage",
                  "Parameters":{"QueueUrl":"https://sqs.eu-west-1.amazonaws.com/123456789012/q","MessageBody.$":"$"},"End":true}}}}}}
        ]}}}"#,
    );
    let s = &p["Statement"];
    assert_eq!(s[0]["Action"], json!(["sns:Publish"]));
    assert_eq!(
        s[0]["Resource"],
        json!(["arn:aws:sns:us-east-1:123456789012:t"])
    );
    assert_eq!(s[1]["Action"], json!(["sqs:SendMessage"]));
    assert_eq!(
        s[1]["Resource"],
        json!(["arn:aws:sqs:eu-west-1:123456789012:q"])
    );
}

#[test]
fn dynamic_names_fall_back_to_any_resource_with_a_reason() {
    let p = policy(
        r#"{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
           "Parameters":{"FunctionName.$":"$.fn"},"End":true}}}"#,
    );
    let s = &p["Statement"][0];
    assert_eq!(s["Resource"], json!(["*"]));
    assert_eq!(
        s["Sid"],
        "LambdaInvokeFunctionOnAnyResourceBecauseFunctionNameIsComputedAtRunTime"
    );
}

#[test]
fn nested_sync_execution_and_dynamodb_and_sdk() {
    let p = policy(
        r#"{"StartAt":"A","States":{
          "A":{"Type":"Task","Resource":"arn:aws:states:::states:startExecution.sync:2",
               "Parameters":{"StateMachineArn":"arn:aws:states:us-east-1:123456789012:stateMachine:child"},"Next":"B"},
          "B":{"Type":"Task","Resource":"arn:aws:states:::dynamodb:putItem",
               "Parameters":{"TableName":"orders","Item":{}},"Next":"C"},
          "C":{"Type":"Task","Resource":"arn:aws:states:::aws-sdk:ec2:describeInstances","End":true}}}"#,
    );
    let s = p["Statement"].as_array().unwrap();
    assert_eq!(s[0]["Action"], json!(["states:StartExecution"]));
    assert_eq!(
        s[1]["Resource"],
        json!(["arn:aws:states:us-east-1:123456789012:execution:child:*"])
    );
    assert_eq!(
        s[2]["Resource"],
        json!([
            "arn:aws:events:us-east-1:123456789012:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule"
        ])
    );
    assert_eq!(s[3]["Action"], json!(["dynamodb:PutItem"]));
    assert_eq!(
        s[3]["Resource"],
        json!(["arn:aws:dynamodb:us-east-1:123456789012:table/orders"])
    );
    assert_eq!(s[4]["Action"], json!(["ec2:DescribeInstances"]));
    assert_eq!(s[4]["Resource"], json!(["*"]));
}

#[test]
fn distributed_map_reads_and_writes_s3_and_starts_itself() {
    let p = policy(
        r#"{"StartAt":"M","States":{"M":{"Type":"Map","End":true,
          "ItemReader":{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"JSON"},
                        "Parameters":{"Bucket":"in","Key":"items.json"}},
          "ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"out","Prefix":"res/"}},
          "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
             "StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}}}}"#,
    );
    let s = p["Statement"].as_array().unwrap();
    assert_eq!(s[0]["Action"], json!(["states:StartExecution"]));
    assert_eq!(
        s[0]["Resource"],
        json!(["arn:aws:states:us-east-1:123456789012:stateMachine:Me"])
    );
    assert_eq!(s[2]["Action"], json!(["s3:GetObject"]));
    assert_eq!(s[2]["Resource"], json!(["arn:aws:s3:::in/items.json"]));
    assert_eq!(s[3]["Resource"], json!(["arn:aws:s3:::out/res/*"]));
}

#[test]
fn sagemaker_sync_and_pass_role() {
    let p = policy(
        r#"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::sagemaker:createTrainingJob.sync",
           "Parameters":{"TrainingJobName.$":"$.name","RoleArn":"arn:aws:iam::123456789012:role/sm"},"End":true}}}"#,
    );
    let s = p["Statement"].as_array().unwrap();
    assert_eq!(
        s[0]["Action"],
        json!([
            "sagemaker:CreateTrainingJob",
            "sagemaker:DescribeTrainingJob",
            "sagemaker:StopTrainingJob"
        ])
    );
    assert_eq!(
        s[0]["Resource"],
        json!(["arn:aws:sagemaker:us-east-1:123456789012:training-job/*"])
    );
    assert!(
        s[1]["Resource"][0]
            .as_str()
            .unwrap()
            .ends_with("StepFunctionsGetEventsForSageMakerTrainingJobsRule")
    );
    assert_eq!(s[2]["Action"], json!(["iam:PassRole"]));
    assert_eq!(
        s[2]["Condition"]["StringEquals"]["iam:PassedToService"],
        "sagemaker.amazonaws.com"
    );
}

#[test]
fn a_tuning_job_passes_the_role_of_its_training_job_definition() {
    // `CreateHyperParameterTuningJob` names its role inside `TrainingJobDefinition`.
    let p = policy(
        r#"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::sagemaker:createHyperParameterTuningJob.sync",
           "Parameters":{"HyperParameterTuningJobName":"tuning","TrainingJobDefinition":{"RoleArn":"arn:aws:iam::123456789012:role/sm"}},"End":true}}}"#,
    );
    let statements = p["Statement"].as_array().cloned().unwrap_or_default();
    let pass_role = statements
        .iter()
        .find(|s| s["Action"] == json!(["iam:PassRole"]))
        .unwrap_or_else(|| panic!("no iam:PassRole in {p:#}"));
    assert_eq!(
        pass_role["Resource"],
        json!(["arn:aws:iam::123456789012:role/sm"])
    );
}

#[test]
fn action_names_come_from_the_api_models() {
    // EMR's `createCluster` calls RunJobFlow (the overlay says so): its IAM action is
    // `elasticmapreduce:RunJobFlow`, not a `CreateCluster` that does not exist.
    let p = policy(
        r#"{"StartAt":"C","States":{"C":{"Type":"Task","Resource":"arn:aws:states:::elasticmapreduce:createCluster.sync",
            "Parameters":{"Name":"c","ReleaseLabel":"emr-7.0.0","Instances":{},"JobFlowRole":"r","ServiceRole":"s"},"End":true}}}"#,
    );
    let actions: Vec<&Value> = p["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["Action"].as_array().unwrap())
        .collect();
    assert!(
        actions.contains(&&json!("elasticmapreduce:RunJobFlow")),
        "{p}"
    );
    assert_eq!(operation("dynamodb", "getItem", false), "GetItem");
    assert_eq!(
        operation("rds", "describe_db_instances", true),
        "DescribeDBInstances"
    );
    // Not in the models: capitalised.
    assert_eq!(operation("nosuch", "doThing", true), "DoThing");
}

#[test]
fn lambda_function_names() {
    let c = PolicyContext::new("aws", "us-east-1", "1");
    assert_eq!(
        lambda_arns(&c, "f"),
        [
            "arn:aws:lambda:us-east-1:1:function:f",
            "arn:aws:lambda:us-east-1:1:function:f:*"
        ]
    );
    assert_eq!(
        lambda_arns(&c, "f:prod"),
        ["arn:aws:lambda:us-east-1:1:function:f:prod"]
    );
    assert_eq!(
        lambda_arns(&c, "arn:aws:lambda:eu-west-1:2:function:g:3"),
        ["arn:aws:lambda:eu-west-1:2:function:g:3"]
    );
    assert_eq!(
        lambda_arns(&c, "2:function:g"),
        [
            "arn:aws:lambda:us-east-1:2:function:g",
            "arn:aws:lambda:us-east-1:2:function:g:*"
        ]
    );
    assert_eq!(
        lambda_arns(&c, "2:function:g:live"),
        ["arn:aws:lambda:us-east-1:2:function:g:live"]
    );
    assert_eq!(
        lambda_arns(&c, "arn:aws-cn:lambda:cn-north-1:2:function:g"),
        [
            "arn:aws-cn:lambda:cn-north-1:2:function:g",
            "arn:aws-cn:lambda:cn-north-1:2:function:g:*"
        ]
    );
    // Not a function (a layer, a substitution the ARN splitter cannot read): as written.
    for text in [
        "arn:aws:lambda:us-east-1:2:layer:l:1",
        "arn:${AWS::Partition}:lambda:${AWS::Region}:2:function:g",
    ] {
        assert_eq!(lambda_arns(&c, text), [text]);
    }
}

#[test]
fn jsonata_arguments_name_resources_and_compute_them() {
    let p = policy(
        r#"{"QueryLanguage":"JSONata","StartAt":"A","States":{
          "A":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
               "Arguments":{"FunctionName":"f","Payload":"{% $states.input %}"},"Next":"B"},
          "B":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage",
               "Arguments":{"QueueUrl":"{% $states.input.queue %}","MessageBody":"m"},"Next":"C"},
          "C":{"Type":"Task","Resource":"arn:aws:states:::dynamodb:getItem",
               "Arguments":"{% $states.input.request %}","End":true}}}"#,
    );
    let s = p["Statement"].as_array().unwrap();
    assert_eq!(
        s[0]["Resource"][0],
        "arn:aws:lambda:us-east-1:123456789012:function:f"
    );
    assert_eq!(
        s[1]["Sid"],
        "SqsSendMessageOnAnyResourceBecauseQueueUrlIsComputedAtRunTime"
    );
    assert_eq!(
        s[2]["Sid"],
        "DynamoDbGetItemOnAnyResourceBecauseTableNameIsComputedAtRunTime"
    );
}

#[test]
fn a_dollar_key_means_nothing_in_jsonata_arguments() {
    let p = policy(
        r#"{"QueryLanguage":"JSONata","StartAt":"A","States":{"A":{"Type":"Task",
           "Resource":"arn:aws:states:::lambda:invoke","Arguments":{"FunctionName.$":"$.f"},"End":true}}}"#,
    );
    assert_eq!(
        p["Statement"][0]["Sid"],
        "LambdaInvokeFunctionOnAnyResourceBecauseFunctionNameIsNotGiven"
    );
}

#[test]
fn http_authentication_computed_as_a_whole() {
    let p = policy(
        r#"{"StartAt":"H","States":{"H":{"Type":"Task","Resource":"arn:aws:states:::http:invoke",
           "Parameters":{"ApiEndpoint":"https://example.com/api","Method":"GET","Authentication.$":"$.auth"},"End":true}}}"#,
    );
    let s = p["Statement"].as_array().unwrap();
    assert_eq!(
        s[0]["Condition"]["StringLike"]["states:HTTPEndpoint"],
        "https://example.com/api*"
    );
    assert_eq!(
        s[1]["Sid"],
        "HttpConnectionCredentialsOnAnyResourceBecauseConnectionArnIsComputedAtRunTime"
    );
}

#[test]
fn event_bridge_entries_name_their_buses() {
    let p = policy(
        r#"{"StartAt":"E","States":{"E":{"Type":"Task","Resource":"arn:aws:states:::events:putEvents",
           "Parameters":{"Entries":[{"EventBusName":"orders","Detail":{}},{"Detail":{}},{"EventBusName.$":"$.bus"}]},"End":true}}}"#,
    );
    let s = p["Statement"].as_array().unwrap();
    assert_eq!(
        s[0]["Resource"],
        json!([
            "arn:aws:events:us-east-1:123456789012:event-bus/orders",
            "arn:aws:events:us-east-1:123456789012:event-bus/default"
        ])
    );
    assert_eq!(
        s[1]["Sid"],
        "EventsPutEventsOnAnyResourceBecauseEventBusNameIsComputedAtRunTime"
    );
}
