//! What each diagnostic code checks: the rule of AWS (the Amazon States Language specification,
//! the Step Functions developer guide, the API reference) it enforces, and where that rule is
//! written. `workflow explain CODE` and the `explain` tool of `workflow mcp` print it.
//!
//! The match in [`Code::explain`] has an arm per code, so a new code does not compile without
//! its rule and its sources.

use super::Code;

/// Where a rule is written: a document's title and its address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleSource {
    /// The document (and its section), e.g. `Amazon States Language, "Error Handling"`.
    pub title: &'static str,
    /// Its address.
    pub url: &'static str,
}

/// Whose code it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeOrigin {
    /// One of the codes of AWS's `ValidateStateMachineDefinition` (the same name, the same
    /// problem).
    Aws,
    /// This project's own code, for a rule AWS enforces under another name, when the
    /// definition is created or run, or not at all (a warning of something that certainly
    /// goes wrong).
    Workflow,
}

impl CodeOrigin {
    /// `aws` or `workflow`.
    pub fn as_str(self) -> &'static str {
        match self {
            CodeOrigin::Aws => "aws",
            CodeOrigin::Workflow => "workflow",
        }
    }
}

/// Whether AWS refuses a definition that breaks a code's rule: what `workflow serve`'s
/// `CreateStateMachine`, `UpdateStateMachine`, `TestState` and
/// `ValidateStateMachineDefinition` refuse, as AWS's do, where the `workflow!` macro,
/// `workflow validate` and the console report every error ([`Code::enforcement`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Enforcement {
    /// AWS refuses the definition (`InvalidDefinition`, `ValidateStateMachineDefinition`'s
    /// `FAIL`).
    Refused,
    /// AWS accepts the definition: what breaks the rule fails when the state runs (a path that
    /// selects nothing: `States.Runtime`; a JSONata type error: `States.QueryEvaluationError`),
    /// or is only advice.
    Accepted,
}

/// A code, what it means, the rule it enforces and the rule's sources.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explanation {
    /// The code.
    pub code: Code,
    /// Whose code it is.
    pub origin: CodeOrigin,
    /// What the code reports ([`Code::description`]).
    pub summary: &'static str,
    /// The rule, as AWS states it (in this project's words).
    pub rule: &'static str,
    /// Where the rule is written.
    pub sources: &'static [RuleSource],
}

const SPEC: RuleSource = RuleSource {
    title: "Amazon States Language specification",
    url: "https://states-language.net/spec.html",
};
const VALIDATE_API: RuleSource = RuleSource {
    title: "AWS Step Functions API Reference, ValidateStateMachineDefinitionDiagnostic (the codes of ValidateStateMachineDefinition)",
    url: "https://docs.aws.amazon.com/step-functions/latest/apireference/API_ValidateStateMachineDefinitionDiagnostic.html",
};
const ERRORS: RuleSource = RuleSource {
    title: "AWS Step Functions Developer Guide, Handling errors in Step Functions workflows",
    url: "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html",
};
const QUOTAS: RuleSource = RuleSource {
    title: "AWS Step Functions Developer Guide, Step Functions service quotas",
    url: "https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html",
};
const INTEGRATIONS: RuleSource = RuleSource {
    title: "AWS Step Functions Developer Guide, Integrating optimized services with Step Functions (the integrations and the patterns each supports)",
    url: "https://docs.aws.amazon.com/step-functions/latest/dg/integrate-optimized.html",
};
const JSONATA: RuleSource = RuleSource {
    title: "AWS Step Functions Developer Guide, Transforming data with JSONata in Step Functions",
    url: "https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html",
};
const VARIABLES: RuleSource = RuleSource {
    title: "AWS Step Functions Developer Guide, Passing data between states with variables",
    url: "https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html",
};
const INTRINSICS: RuleSource = RuleSource {
    title: "AWS Step Functions Developer Guide, Intrinsic functions for JSONPath states",
    url: "https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html",
};
const DISTRIBUTED_MAP: RuleSource = RuleSource {
    title: "AWS Step Functions Developer Guide, Using Map state in Distributed mode",
    url: "https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html",
};
const CALLBACK: RuleSource = RuleSource {
    title: "AWS Step Functions Developer Guide, Discover service integration patterns in Step Functions (Request Response, Run a Job, Wait for a Callback with Task Token)",
    url: "https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html",
};
const API_MODELS: RuleSource = RuleSource {
    title: "the AWS API model of the integration's service (botocore's service-2.json, the model the AWS SDKs are generated from)",
    url: "https://github.com/boto/botocore/tree/develop/botocore/data",
};
const DYNAMODB_EXPRESSIONS: RuleSource = RuleSource {
    title: "Amazon DynamoDB Developer Guide, \"Using expressions in DynamoDB\" (condition and filter expressions, update expressions, projection expressions, expression attribute names and values)",
    url: "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.html",
};
const DYNAMODB_RESERVED_WORDS: RuleSource = RuleSource {
    title: "Amazon DynamoDB Developer Guide, \"Reserved words in DynamoDB\"",
    url: "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ReservedWords.html",
};
const SDK_RELEASE_HISTORY: RuleSource = RuleSource {
    title: "AWS Step Functions Developer Guide, \"Release history of AWS SDK integrations\" (its \"Removed\" column)",
    url: "https://docs.amazonaws.cn/en_us/step-functions/latest/dg/awssdk-release-history.html",
};
const BEDROCK_AGENTCORE: RuleSource = RuleSource {
    title: "AWS Step Functions Developer Guide, \"Amazon Bedrock AgentCore\" integration",
    url: "https://docs.aws.amazon.com/step-functions/latest/dg/connect-bedrockagentcore.html",
};
const AWS_SDK: RuleSource = RuleSource {
    title: "AWS Step Functions Developer Guide, Learning to use AWS service SDK integrations in Step Functions (an action returns \"output as defined for\" its API call)",
    url: "https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html",
};
const ITEM_READER: RuleSource = RuleSource {
    title: "AWS Step Functions Developer Guide, ItemReader (Map)",
    url: "https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html",
};
const RESULT_WRITER: RuleSource = RuleSource {
    title: "AWS Step Functions Developer Guide, ResultWriter (Map)",
    url: "https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html",
};
const CHOICE: RuleSource = RuleSource {
    title: "AWS Step Functions Developer Guide, Choice workflow state",
    url: "https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html",
};
const WORKFLOW_TYPES: RuleSource = RuleSource {
    title: "AWS Step Functions Developer Guide, Choosing workflow type in Step Functions (Express: maximum duration 5 minutes; no Run a Job, Wait for Callback or activities)",
    url: "https://docs.aws.amazon.com/step-functions/latest/dg/choosing-workflow-type.html",
};
const SDK_ERRORS: RuleSource = RuleSource {
    title: "AWS Step Functions Developer Guide, Learning to use AWS service SDK integrations in Step Functions (an error is `ServiceName.ErrorName`, both in Pascal case)",
    url: "https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html",
};
const LAMBDA_ERRORS: RuleSource = RuleSource {
    title: "AWS Step Functions Developer Guide, Handle Lambda service exceptions (`Lambda.ServiceException`, `Lambda.SdkClientException`, `Lambda.Unknown`, …)",
    url: "https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html",
};
const JSONATA_ERRORS: RuleSource = RuleSource {
    title: "JSONata's reference implementation, its error codes (`errorCodes`: the T-codes are type errors)",
    url: "https://github.com/jsonata-js/jsonata/blob/master/src/jsonata.js",
};

impl Code {
    /// Whose code it is: one of the codes of AWS's `ValidateStateMachineDefinition` (its API
    /// reference, `ValidateStateMachineDefinitionDiagnostic`, lists them), or this project's.
    pub fn origin(self) -> CodeOrigin {
        match self {
            Code::InvalidJsonDescription
            | Code::SchemaValidationFailed
            | Code::MissingTransitionTarget
            | Code::DuplicateStateName
            | Code::InvalidStateName
            | Code::MissingEndState
            | Code::TooDeeplyNested
            | Code::InvalidResource
            | Code::InvalidLabelName
            | Code::DuplicateLabelName
            | Code::StateMachineNameEmpty
            | Code::StateMachineNameInvalid
            | Code::StateMachineNameTooLong
            | Code::NoDollar
            | Code::NoPath
            | Code::PassResultIsStatic => CodeOrigin::Aws,
            _ => CodeOrigin::Workflow,
        }
    }

    /// Whether AWS refuses a definition that breaks the rule. The codes found by this project's
    /// inference of the data a state reads (a path that selects nothing, a type error, a
    /// comparison of two types, a field given a value of another type) and its advice (an
    /// undefined variable, a loop with no way out, a token never passed, a duration past an
    /// EXPRESS execution's or an integration's) are accepted by AWS, whose validator reads the
    /// definition's text, not its data: the ASL specification makes a path that selects nothing a
    /// run-time failure (`States.Runtime`), and AWS's TestState ran the state of LocalStack's
    /// TestState scenario (`$states.result.approval` of a `lambda:invoke` result, which selects
    /// nothing in the integration's response) without refusing it. Every other error is a rule
    /// of the language or the service that AWS checks when the definition is created (its own
    /// code, or `SCHEMA_VALIDATION_FAILED`).
    ///
    /// ```
    /// use workflow_asl::{Code, Enforcement};
    /// assert_eq!(Code::PathSelectsNothing.enforcement(), Enforcement::Accepted);
    /// assert_eq!(Code::EmptyBranches.enforcement(), Enforcement::Refused);
    /// ```
    pub fn enforcement(self) -> Enforcement {
        match self {
            Code::PathSelectsNothing
            | Code::UndefinedVariable
            | Code::NoPathToEnd
            | Code::TaskTokenNotPassed
            | Code::JsonataTypeError
            | Code::TimeoutPastIntegrationLimit
            | Code::ComparisonTypeMismatch
            | Code::FieldTypeMismatch
            | Code::PastExpressDuration
            | Code::ErrorNeverRaised
            | Code::DeploymentSubstitution
            | Code::NoDollar
            | Code::NoPath
            | Code::PassResultIsStatic
            | Code::ServiceRefusesRequest => Enforcement::Accepted,
            _ => Enforcement::Refused,
        }
    }

    /// The rule this code enforces and its sources.
    ///
    /// ```
    /// use workflow_asl::{Code, CodeOrigin};
    /// let e = Code::StatesAllNotLast.explain();
    /// assert_eq!(e.origin, CodeOrigin::Workflow);
    /// assert!(e.rule.contains("States.ALL"));
    /// assert!(e.sources.iter().any(|s| s.url.starts_with("https://states-language.net")));
    /// ```
    pub fn explain(self) -> Explanation {
        let (rule, sources): (&'static str, &'static [RuleSource]) = match self {
            Code::InvalidJsonDescription => (
                "A definition is one JSON object; AWS refuses text that is not JSON (\"JSON syntax problem found\"). Object keys are unique: the specification's JSON objects name each field once.",
                &[VALIDATE_API, SPEC],
            ),
            Code::SchemaValidationFailed => (
                "Each state has the fields of its type and query language only, with the JSON type the specification gives them, and the required ones present (StartAt and States at the top; Type in every state; Next or End where a transition is needed). AWS reports any other shape as a schema validation failure.",
                &[VALIDATE_API, SPEC],
            ),
            Code::MissingTransitionTarget => (
                "StartAt, Next, Default, every Choice rule's Next and every Catcher's Next name a state of the same States object: a transition cannot enter or leave a Parallel branch or a Map's processor. Every state is reachable from StartAt. (A transition to a misspelt name is one mistake: the states it would reach through the name its error suggests are not reported unreachable.)",
                &[VALIDATE_API, SPEC],
            ),
            Code::DuplicateStateName => (
                "State names are unique in the whole state machine, the states of Parallel branches and Map processors included.",
                &[VALIDATE_API, SPEC],
            ),
            Code::InvalidStateName => (
                "A state name is 1 to 80 Unicode characters long and holds no control character.",
                &[VALIDATE_API, SPEC],
            ),
            Code::MissingEndState => (
                "Every States object (the machine's, each branch's and each processor's) has a terminal state: a Succeed or Fail state, or a state with \"End\": true.",
                &[VALIDATE_API, SPEC],
            ),
            Code::MissingNext => (
                "A state other than Choice, Succeed and Fail transitions with Next or ends with \"End\": true, one of them and not both; Choice, Succeed and Fail have neither (AWS reports it as SCHEMA_VALIDATION_FAILED).",
                &[SPEC, VALIDATE_API],
            ),
            Code::NoPathToEnd => (
                "An execution that reaches this state can never end: every path from it loops back without reaching a terminal state, so it runs until the execution's timeout or history limit (25,000 events).",
                &[SPEC, QUOTAS],
            ),
            Code::TooDeeplyNested => (
                "Parallel and Map states nest within the depth the service accepts; deeper definitions are refused as TOO_DEEPLY_NESTED.",
                &[VALIDATE_API],
            ),
            Code::InvalidResource => (
                "A Task's Resource is an ARN Step Functions recognises: a Lambda function, an activity, or an integration `arn:<partition>:states:::<service>:<action>[.sync|.sync:2|.waitForTaskToken]` of a service and action Step Functions integrates.",
                &[VALIDATE_API, INTEGRATIONS],
            ),
            Code::UnsupportedIntegrationPattern => (
                "Each service integration supports only some patterns (request-response, Run a Job `.sync`, Wait for Callback `.waitForTaskToken`), and EXPRESS workflows (an EXPRESS state machine, a Distributed Map's EXPRESS child workflows) support neither `.sync` nor `.waitForTaskToken`, nor activities; the type of a workflow a Task starts restricts nothing (a STANDARD workflow starts an EXPRESS one with `states:startExecution.sync:2` and waits for it, the Developer Guide's selective checkpointing sample).",
                &[CALLBACK, INTEGRATIONS, WORKFLOW_TYPES],
            ),
            Code::DeploymentSubstitution => (
                "A `${Name}` in a Resource or other string is a deployment substitution (CloudFormation's DefinitionSubstitutions, the CDK's and SAM's): Step Functions never sees it, so the value is checked once substituted.",
                &[INTEGRATIONS],
            ),
            Code::JsonPathFieldInJsonataState => (
                "A state whose QueryLanguage is JSONata takes Arguments and Output; the JSONPath fields (InputPath, Parameters, ResultSelector, ResultPath, OutputPath, a Choice rule's Variable, …) are refused in it.",
                &[JSONATA, SPEC],
            ),
            Code::JsonataFieldInJsonPathState => (
                "Arguments, Output and a Choice rule's Condition belong to JSONata states; a JSONPath state (the default QueryLanguage) uses Parameters, ResultSelector, ResultPath, OutputPath and Variable with comparison operators.",
                &[JSONATA, SPEC],
            ),
            Code::EmptyChoices => (
                "A Choice state's Choices is a non-empty array of rules.",
                &[SPEC],
            ),
            Code::EmptyBooleanExpression => (
                "An And or Or rule holds a non-empty array of nested rules; Not holds one rule.",
                &[SPEC],
            ),
            Code::EmptyBranches => (
                "A Parallel state's Branches is a non-empty array, each branch a state machine of its own (StartAt and States).",
                &[SPEC],
            ),
            Code::EmptyErrorEquals => (
                "Every Retrier and Catcher has an ErrorEquals that is a non-empty array of error names.",
                &[SPEC, ERRORS],
            ),
            Code::StatesAllNotAlone => (
                "The wildcard States.ALL appears alone in its ErrorEquals array.",
                &[SPEC, ERRORS],
            ),
            Code::StatesAllNotLast => (
                "A Retrier or Catcher with States.ALL is the last of its array: retriers and catchers are tried in order, and none after it could ever be chosen.",
                &[SPEC, ERRORS],
            ),
            Code::ReservedErrorName => (
                "Error names starting with `States.` are reserved for the errors Step Functions defines (States.ALL, States.TaskFailed, States.Timeout, …); a state's own errors must not use the prefix.",
                &[SPEC, ERRORS],
            ),
            Code::InvalidRetrier => (
                "A Retrier's IntervalSeconds is a positive integer, MaxAttempts a non-negative integer (0: never retried), BackoffRate a number of at least 1.0, MaxDelaySeconds a positive integer, JitterStrategy FULL or NONE.",
                &[SPEC, ERRORS],
            ),
            Code::InvalidTimeout => (
                "TimeoutSeconds and HeartbeatSeconds are positive integers within the service's limits (99999999 seconds), given directly or through their …Path field, never both.",
                &[SPEC, QUOTAS],
            ),
            Code::HeartbeatNotBelowTimeout => (
                "A Task's HeartbeatSeconds is smaller than its TimeoutSeconds.",
                &[SPEC],
            ),
            Code::InvalidTimestamp => (
                "A Wait state's Timestamp and a Timestamp comparison's value are ISO 8601 timestamps in RFC 3339's profile, with an uppercase T and a Z or a numeric offset.",
                &[SPEC],
            ),
            Code::InvalidStringMatchesPattern => (
                "StringMatches takes a pattern whose only wildcard is `*`; a literal `*` or `\\` is escaped with a backslash, and no other escape exists.",
                &[SPEC],
            ),
            Code::InvalidJsonPath => (
                "Path fields hold a JSONPath (`$`, `$.a.b`, `$.a[0]`, `$$.Execution.Id`) as the specification defines Paths.",
                &[SPEC],
            ),
            Code::InvalidReferencePath => (
                "ResultPath, the …SecondsPath and …TimestampPath fields and the like take a Reference Path: a Path that names one node, with no wildcard, filter or slice; ResultPath may not write into the context object (`$$`).",
                &[SPEC],
            ),
            Code::InvalidJsonPathOrIntrinsic => (
                "In a payload template (Parameters, ResultSelector, ItemSelector, …) the value of a key ending in `.$` is a string holding a Path, a context path (`$$.…`), a variable (`$name`) or an intrinsic function call.",
                &[SPEC, INTRINSICS],
            ),
            Code::InvalidIntrinsic => (
                "An intrinsic function is one of the States.* functions Step Functions defines, called with the number and types of arguments it takes (States.Format's placeholders match its arguments), nested at most 10 deep, with `\\` escaping only `'`, `{`, `}` and `\\`.",
                &[INTRINSICS, SPEC],
            ),
            Code::DuplicatePayloadKey => (
                "A payload template cannot hold both `key` and `key.$`: once the `.$` suffix is removed they name the same field.",
                &[SPEC],
            ),
            Code::InvalidJsonata => (
                "A JSONata expression is a string that starts with `{%` and ends with `%}` and parses as JSONata; AWS refuses one that does not parse as INVALID_JSONATA_EXPRESSION.",
                &[JSONATA],
            ),
            Code::InvalidStatesReference => (
                "`$states` has the fields input, result, errorOutput and context: result only in a Task, Parallel or Map state's Output and Assign, errorOutput only in a Catcher's Output and Assign, and neither in Arguments.",
                &[JSONATA, VARIABLES],
            ),
            Code::JsonPathSyntaxInJsonata => (
                "JSONata states take no JSONPath syntax: keys ending in `.$` and intrinsic functions belong to JSONPath states; JSONata's own functions replace them.",
                &[JSONATA],
            ),
            Code::InvalidVariableName => (
                "A variable's name is an identifier (Unicode letters, digits and `_`, not starting with a digit) of at most 80 characters, and not the reserved `states`.",
                &[VARIABLES],
            ),
            Code::VariableShadowsOuterScope => (
                "A Parallel branch or a Map iteration may read the variables of its outer scope but may not assign a variable of the same name.",
                &[VARIABLES],
            ),
            Code::UndefinedVariable => (
                "A variable is read only where an earlier state of its scope or an outer scope assigned it; a variable assigned in another branch or after the reader does not exist there, and the state fails at run time.",
                &[VARIABLES],
            ),
            Code::InvalidMapConfiguration => (
                "A Map state's MaxConcurrency is a non-negative integer, ToleratedFailurePercentage a number from 0 to 100, ToleratedFailureCount a non-negative integer; an ItemBatcher sets at least one of its maximums; each field and its …Path form are not given together. An ItemReader's Parameters (Arguments in JSONata) name the Amazon S3 bucket and the object's Key (and VersionId) for s3:getObject, the bucket and a Prefix for s3:listObjectsV2; a ResultWriter's name the bucket and the Prefix it writes under (it names its objects itself).",
                &[SPEC, DISTRIBUTED_MAP, ITEM_READER, RESULT_WRITER],
            ),
            Code::InvalidLabelName => (
                "A Distributed Map's Label is at most 40 characters long and holds none of the characters state machine names may not hold.",
                &[VALIDATE_API, DISTRIBUTED_MAP],
            ),
            Code::DuplicateLabelName => (
                "Labels of Distributed Map states are unique in a state machine.",
                &[VALIDATE_API, DISTRIBUTED_MAP],
            ),
            Code::InvalidMachineField => (
                "The top-level TimeoutSeconds is a positive integer, and Version, when given, is \"1.0\".",
                &[SPEC],
            ),
            Code::StateMachineNameEmpty => (
                "A state machine or execution name has at least one character.",
                &[VALIDATE_API, QUOTAS],
            ),
            Code::StateMachineNameInvalid => (
                "A state machine or execution name holds no whitespace, no wildcard (`? *`), no bracket (`< > { } [ ]`), none of `\" # % \\ ^ | ~ ` $ & , ; : /` and no control character.",
                &[VALIDATE_API, QUOTAS],
            ),
            Code::StateMachineNameTooLong => (
                "A state machine or execution name is at most 80 characters long.",
                &[VALIDATE_API, QUOTAS],
            ),
            Code::NoDollar => (
                "A value that looks like a JSONPath or an intrinsic function is only evaluated under a key ending in `.$`; without it the text is passed on as it is (AWS's warning: \"No `.$` on a field that appears to be a JSONPath or Intrinsic Function\").",
                &[VALIDATE_API, SPEC],
            ),
            Code::NoPath => (
                "A field whose value looks like a path is only read as one when its name ends in Path (SecondsPath, ErrorPath, …) (AWS's warning: \"Field value looks like a path, but field name does not end with 'Path'\").",
                &[VALIDATE_API, SPEC],
            ),
            Code::PassResultIsStatic => (
                "A Pass state's Result is a fixed value and is never evaluated; use Parameters (or Output in JSONata) to build the result from paths (AWS's warning: \"Attempt to use a path in the result of a pass state\").",
                &[VALIDATE_API, SPEC],
            ),
            Code::DefinitionTooLarge => (
                "A state machine definition is at most 1,048,576 characters (1 MiB); Step Functions refuses a larger one.",
                &[QUOTAS],
            ),
            Code::PathSelectsNothing => (
                "A path must select something in the data it reads: where it selects nothing, the state fails with States.Runtime at run time (a Choice rule's Variable included). What a Task's result holds is its integration's response: an AWS SDK integration answers the API's output shape member for member, as its model gives it; a Distributed Map's reader hands each child an object AWS fixes for s3:listObjectsV2 (Etag, Key, LastModified, Size, StorageClass) and an S3 Inventory's rows (Bucket, Key and the inventory's optional fields).",
                &[SPEC, ERRORS, AWS_SDK, API_MODELS, ITEM_READER],
            ),
            Code::InvalidTaskParameters => (
                "An optimized or AWS SDK integration passes its Parameters (or Arguments) as the API action's request: its keys, types, enums and bounds are those of the service's API model, and the action exists; otherwise the task fails when it runs.",
                &[INTEGRATIONS, API_MODELS],
            ),
            Code::ServiceRefusesRequest => (
                "DynamoDB checks a request's expressions (KeyConditionExpression, ConditionExpression, FilterExpression, UpdateExpression, ProjectionExpression) before doing anything: each follows its documented grammar, every #name and :value it uses is defined in ExpressionAttributeNames and ExpressionAttributeValues, every one defined is used, and no reserved word is written bare as an attribute name; otherwise the task fails with DynamoDB's ValidationException (DynamoDB.AmazonDynamoDBException).",
                &[DYNAMODB_EXPRESSIONS, DYNAMODB_RESERVED_WORDS],
            ),
            Code::UnsupportedJsonataExpression => (
                "JSONata states have no context value: an expression may not read `$` or a bare field name at its top level, nor `$$`; it reads `$states.input` and variables instead (AWS refuses them with this code).",
                &[JSONATA],
            ),
            Code::TaskTokenNotPassed => (
                "A `.waitForTaskToken` task pauses until SendTaskSuccess or SendTaskFailure is called with its task token; the token (`$$.Task.Token`, `$states.context.Task.Token`) must be passed in the request, or nobody can resume it.",
                &[CALLBACK],
            ),
            Code::JsonataTypeError => (
                "JSONata's operators and functions take values of given types (arithmetic on numbers, `$uppercase` on a string, …) and fail with a T-code otherwise; in Step Functions the state then fails with States.QueryEvaluationError, as it does when a field's expression gives no value (\"returned nothing (undefined)\": `$average` of an empty array, a function given a path that selects nothing).",
                &[JSONATA, JSONATA_ERRORS, ERRORS],
            ),
            Code::ComparisonTypeMismatch => (
                "JSONata compares values of one type only: `=` and `!=` of values of two types are false and true, and `<`, `<=`, `>`, `>=` of a number and a string (or of anything but two numbers or two strings) fail with T2009 or T2010; in Step Functions the state then fails with States.QueryEvaluationError. A JSONPath Choice rule's operator compares values of its own type (String… strings, Numeric… numbers, Boolean… booleans, Timestamp… timestamps): given another, the rule is false (AWS's recorded executions of NumericEqualsPath over a string, a null and a boolean answer ConditionFalse).",
                &[JSONATA, JSONATA_ERRORS, ERRORS, SPEC, CHOICE],
            ),
            Code::FieldTypeMismatch => (
                "Each field of a state that takes a value takes one type (a Wait's `Seconds` a whole number of seconds, its `Timestamp` an RFC 3339 string, a Map's `Items` an array, `MaxConcurrency` and the tolerated failure fields numbers, a JSONata `Condition` a boolean, …), whether written as a JSONPath path or a JSONata expression; a value of another type fails the state at run time with States.Runtime or States.QueryEvaluationError.",
                &[SPEC, JSONATA, ERRORS],
            ),
            Code::RemovedIntegration => (
                "Step Functions removes an AWS SDK integration when AWS retires its service or API: a Task whose Resource names a removed one (Lex Model Building and Lex Runtime V1 on 2026-06-03; QLDB, QLDB Session, RoboMaker, Elastic Transcoder, Lookout for Metrics, OpsWorks, WorkLink and Mainframe Modernization Application Testing on 2026-03-12) can no longer be called; the service's successor takes its place.",
                &[SDK_RELEASE_HISTORY, INTEGRATIONS],
            ),
            Code::PastExpressDuration => (
                "An EXPRESS execution runs at most five minutes (300 seconds), a Distributed Map's EXPRESS child workflow too, and ends TIMED_OUT then: a machine TimeoutSeconds, a Wait's Seconds, a Task's TimeoutSeconds or a retrier's IntervalSeconds past 300 never applies.",
                &[WORKFLOW_TYPES, DISTRIBUTED_MAP],
            ),
            Code::TimeoutPastIntegrationLimit => (
                "Some optimized integrations run for a limited time whatever the state's TimeoutSeconds: a `bedrockagentcore:invokeHarness` Task runs at most 900 seconds (15 minutes) and fails with States.Timeout there; a larger TimeoutSeconds is never reached.",
                &[BEDROCK_AGENTCORE, ERRORS],
            ),
            Code::ErrorNeverRaised => (
                "A retrier or catcher matches the errors the Task can fail with: the predefined States.* errors, and the names Step Functions gives its integration's service errors, `<Service>.<Exception>` (an AWS SDK integration's service as the AWS SDK for Java v2 names it, `DynamoDb.ConditionalCheckFailedException`, an optimized integration's by its API model's service id, `DynamoDB.ConditionalCheckFailedException`; an error the model does not list is the client's own exception, `ECS.AmazonECSException`). A Lambda function, an activity and a `.waitForTaskToken` Task fail with names of their own. Any other name never matches (`workflow_aws_models::Raises` has the whole rule and its sources).",
                &[SDK_ERRORS, LAMBDA_ERRORS, ERRORS, API_MODELS],
            ),
        };
        Explanation {
            code: self,
            origin: self.origin(),
            summary: self.description(),
            rule,
            sources,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_a_summary_a_rule_and_a_source() {
        for code in Code::ALL {
            let e = code.explain();
            assert!(!e.summary.is_empty(), "{code}");
            assert!(!e.summary.contains('\n'), "{code}: {}", e.summary);
            assert!(
                e.rule.ends_with('.') || e.rule.ends_with(')'),
                "{code}: {}",
                e.rule
            );
            assert!(!e.sources.is_empty(), "{code}");
            assert!(
                e.sources.iter().all(|s| s.url.starts_with("https://")),
                "{code}"
            );
        }
    }

    #[test]
    fn a_code_aws_accepts_is_one_whose_rule_says_so_or_advice() {
        for code in Code::ALL {
            let says_accepted = code.description().contains("AWS accepts the definition");
            if says_accepted {
                assert_eq!(code.enforcement(), Enforcement::Accepted, "{code}");
            }
        }
        // The data-flow inference's: the state fails when it runs (the specification's
        // "States.Runtime" for a path that selects nothing).
        assert!(
            Code::PathSelectsNothing
                .explain()
                .rule
                .contains("States.Runtime at run time")
        );
        assert_eq!(
            Code::PathSelectsNothing.enforcement(),
            Enforcement::Accepted
        );
    }

    #[test]
    fn the_codes_of_aws_cite_its_api_reference() {
        // Which codes are AWS's is checked from outside by `workflow serve`'s
        // ValidateStateMachineDefinition test (tests/serve_api.rs), against the API
        // reference's list.
        for code in Code::ALL {
            let cites = code.explain().sources.contains(&VALIDATE_API);
            if code.origin() == CodeOrigin::Aws {
                assert!(cites, "{code}");
            }
        }
        assert_eq!(Code::MissingTransitionTarget.origin(), CodeOrigin::Aws);
        assert_eq!(Code::StatesAllNotLast.origin(), CodeOrigin::Workflow);
    }

    #[test]
    fn the_summary_is_the_code_s_documentation() {
        assert_eq!(
            Code::DuplicateStateName.description(),
            "Two states share a name anywhere in the machine, branches and processors included."
        );
        assert_eq!(
            Code::TaskTokenNotPassed.description(),
            "A `.waitForTaskToken` task never passes its task token (`$$.Task.Token`, `$states.context.Task.Token`) to the service, so nobody can send it back and the execution waits until it times out. AWS accepts the definition: a warning, and an error in the `workflow!` language."
        );
    }
}
