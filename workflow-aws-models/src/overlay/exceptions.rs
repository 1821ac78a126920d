//! Where deployed state machines and the models disagree: the real files win, and each entry
//! says which file showed it (a file of `../shared/asl-corpus/substituted`, from the public
//! serverless patterns and samples repositories).

/// AWS SDK integration members that take any JSON value although the model says string:
/// Step Functions serialises the object it is given.
/// (botocore service, operation, member path, why).
pub(crate) static SDK_JSON_MEMBERS: [(&str, &str, &str, &str); 2] = [
    (
        "stepfunctions",
        "SendTaskSuccess",
        "Output",
        "corpus: parallel-agent-early-stopping (worker.asl.json) sends an object as Output; \
         Step Functions serialises it",
    ),
    (
        "stepfunctions",
        "StartExecution",
        "Input",
        "recorded on AWS: test_sfn_start_execution_implicit_json_serialisation passes an \
         object as Input (`Input.$`) and the child execution receives it serialised",
    ),
];

/// AWS SDK service names Step Functions accepts that botocore 1.44.5 no longer models:
/// requests to them are accepted unchecked. (SDK name, why).
pub(crate) static UNMODELLED_SDK_SERVICES: [(&str, &str); 1] = [(
    "lookoutvision",
    "Amazon Lookout for Vision is retired and gone from botocore 1.44.5; corpus: \
     lookout-for-vision-inference-sam calls startModel and describeModel",
)];

/// Structures that also accept a plain string where the model wants an object; a plain
/// number or boolean they do not accept. (structure name, why).
pub(crate) static PLAIN_STRING_STRUCTURES: [(&str, &str); 1] = [(
    "AttributeValue",
    "DynamoDB's AttributeValue written as a plain string (`\"order_status\": \"pick-order\"`, \
     `\"L\": [\"Process1\"]`, computed `\"id.$\": \"$.uuid\"`) in deployed files: corpus: \
     curbside-pickup, human-task-reminder, quorum-with-parallel-pattern, parallel-translate; \
     Step Functions builds the attribute value from a plain string (as `S`), and from a list \
     of strings, but not from other values: \"the automatic marshaling only works for lists \
     of strings -- an error is given if other types are in the list e.g. numbers, maps\" \
     (aws-cdk issue 17375)",
)];

/// Whether the structure `name` also accepts a plain string.
pub(crate) fn accepts_plain_string(name: &str) -> bool {
    PLAIN_STRING_STRUCTURES.iter().any(|(n, _)| *n == name)
}

// Rules the corpus confirmed and the checker applies everywhere (no table needed):
// - request keys are the model's member names with the first letter in upper case (ECS's
//   `taskDefinition` is written `TaskDefinition`; corpus: every ecs:runTask request);
// - `aws-sdk` requests also accept the AWS SDK for Java v2 spelling (`DbInstanceIdentifier` for
//   `DBInstanceIdentifier`; corpus: the rds files write `DbClusterIdentifier`,
//   `DbInstanceIdentifier`, `DbSnapshotIdentifier`, `DbInstanceClass`);
// - "true"/"false" strings are accepted for booleans (corpus: ec2-instance-isolation-cdk and
//   -sam write `"Value": "true"` and `"ShouldDecrementDesiredCapacity": "true"`,
//   quorum-with-parallel-pattern `"BOOL": "false"`, sfn-cfn-stacksets-workflow-cdk
//   `"RetainStacks": "false"`); numeric strings for numbers and numbers for strings are accepted
//   likewise (the SDKs convert them), though no corpus file needs it.
