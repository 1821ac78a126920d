//! The optimized integrations (`arn:aws:states:::<service>:<action>[.<pattern>]`): every
//! action Step Functions lists, the patterns it supports, its request and its results.
//!
//! Sources are pages of the Step Functions Developer Guide (see the module above);
//! `supported-services.html` (optimized integrations) lists the patterns of every action.

use super::Pattern;
use super::Pattern::{RequestResponse as Rr, Sync, Sync2, WaitForTaskToken as Token};
use super::service_side;
use crate::models::synth::{Builder, Part};

/// The request an action takes.
pub(crate) enum Request {
    /// The input of an API operation (botocore service, operation).
    Api(&'static str, &'static str),
    /// The input of an API operation where the members at these paths take any JSON value
    /// (Step Functions serialises an object it is given), e.g. Lambda's `Payload`. A path is
    /// members separated by `/`, `*` for a list's item.
    ApiJson(&'static str, &'static str, &'static [&'static str]),
    /// A request Step Functions defines itself.
    Synth(fn(&mut Builder) -> Part),
    /// Any JSON object: not modelled (the entry's note says why).
    Open,
}

/// What an action returns.
#[derive(Clone, Copy)]
pub(crate) enum Response {
    /// The output of an API operation, or the member of it at the path (members separated by
    /// `/`, `*` for a list's item).
    Output(&'static str, &'static str, &'static [&'static str]),
    /// The output of an API operation where the members at these paths hold any JSON value
    /// (Step Functions parses them), e.g. Lambda's `Payload`.
    OutputJson(&'static str, &'static str, &'static [&'static str]),
    /// A result Step Functions defines itself (API Gateway's `{ResponseBody, StatusCode, …}`,
    /// EMR's `{ClusterId}` where the API answers `{JobFlowId}`).
    Synth(fn(&mut Builder) -> Part),
    /// Any JSON value: undocumented (the entry's source says so), or whatever the task token's
    /// sender returns.
    Open,
}

/// One action of an optimized integration.
pub(crate) struct OptimizedAction {
    /// The service as the resource names it, e.g. `sagemaker`, `states`, `elasticmapreduce`.
    pub(crate) service: &'static str,
    /// The action as the resource names it, e.g. `createTrainingJob`.
    pub(crate) action: &'static str,
    /// The patterns it supports.
    pub(crate) patterns: &'static [Pattern],
    /// Its request.
    pub(crate) request: Request,
    /// What request-response returns.
    pub(crate) response: Response,
    /// What `.sync` (and `.sync:2`) return once the job has finished.
    pub(crate) sync: Response,
    /// Where the entry comes from.
    pub(crate) source: &'static str,
}

const RR: &[Pattern] = &[Rr];
const RR_SYNC: &[Pattern] = &[Rr, Sync];
const RR_TOKEN: &[Pattern] = &[Rr, Token];
const RR_SYNC_TOKEN: &[Pattern] = &[Rr, Sync, Token];

/// A request-response-only action taking an API operation's input and returning its output.
const fn rr(
    service: &'static str,
    action: &'static str,
    botocore: &'static str,
    op: &'static str,
    source: &'static str,
) -> OptimizedAction {
    OptimizedAction {
        service,
        action,
        patterns: RR,
        request: Request::Api(botocore, op),
        response: Response::Output(botocore, op, &[]),
        sync: Response::Open,
        source,
    }
}

/// A request-response and `.sync` action whose `.sync` result is `sync`.
const fn rr_sync(
    service: &'static str,
    action: &'static str,
    botocore: &'static str,
    op: &'static str,
    sync: Response,
    source: &'static str,
) -> OptimizedAction {
    OptimizedAction {
        service,
        action,
        patterns: RR_SYNC,
        request: Request::Api(botocore, op),
        response: Response::Output(botocore, op, &[]),
        sync,
        source,
    }
}

/// A Step Functions-defined EMR action with a synthesized request, returning `result` under
/// every pattern (connect-emr.html: "`.sync`: the same as <action>, but waits").
const fn emr(
    action: &'static str,
    patterns: &'static [Pattern],
    request: fn(&mut Builder) -> Part,
    result: Response,
    source: &'static str,
) -> OptimizedAction {
    OptimizedAction {
        service: "elasticmapreduce",
        action,
        patterns,
        request: Request::Synth(request),
        response: result,
        sync: result,
        source,
    }
}

/// An EMR Serverless action on an application (start, stop, delete): Step Functions answers
/// `{ApplicationId}` where the API answers nothing, and `.sync` answers the same once the
/// application reaches its state (connect-emr-serverless.html, the table of differences).
const fn emr_serverless_application(action: &'static str, op: &'static str) -> OptimizedAction {
    OptimizedAction {
        service: "emr-serverless",
        action,
        patterns: RR_SYNC,
        request: Request::Api("emr-serverless", op),
        response: Response::Synth(super::shapes::emr_serverless_application),
        sync: Response::Synth(super::shapes::emr_serverless_application),
        source: "connect-emr-serverless.html: the API answers nothing; Step Functions answers \
                 `{ApplicationId}`, and `.sync` the same once the application reaches its state",
    }
}

const SM: &str = "connect-sagemaker.html; .sync returns the matching Describe* output";
const EMR_S: &str = "connect-emr-serverless.html: \"no differences between the requests and \
                     responses\" of the API and the integration; `.sync` waits for the job run's or \
                     application's state and answers the same";
const EKS: &str = "connect-eks.html: the API's request and \"Response syntax\", under either \
                   pattern; `.sync` waits for the resource's state and answers the resource as the \
                   API's Create*, Describe* and Delete* outputs do (one shape: `{Cluster}`, \
                   `{Nodegroup}`, `{FargateProfile}`; sample-eks-cluster.html reads \
                   `Cluster.Endpoint` and `Cluster.CertificateAuthority.Data` of \
                   createCluster.sync's result)";
const EMR_EKS: &str = "connect-emr-eks.html: \"the service integration APIs are the same as the \
                       corresponding Amazon EMR on EKS APIs\", with the API's response syntax \
                       under both patterns (AWS Big Data Blog's EMR on EKS state machine reads \
                       `VirtualClusterId` at the top of startJobRun.sync's result)";
const EMR_OPEN: &str = "connect-emr.html: Step Functions' own request (ClusterId plus the API's \
                        parameters); the response is not documented (the API answers nothing) \
                        (any JSON)";

/// Every optimized action, sorted by service then action.
pub(crate) static ACTIONS: [OptimizedAction; 64] = [
    // Amazon API Gateway.
    OptimizedAction {
        service: "apigateway",
        action: "invoke",
        patterns: RR_TOKEN,
        request: Request::Synth(super::shapes::api_gateway_invoke),
        response: Response::Synth(super::shapes::api_gateway_invoke_result),
        sync: Response::Open,
        source: "connect-api-gateway.html: Step Functions' own request (ApiEndpoint, Method, …) \
                 and response (\"Output format\": ResponseBody, Headers, StatusCode, \
                 StatusText; LocalStack's test_apigetway_task_service snapshots, recorded on AWS, \
                 answer those four)",
    },
    // Amazon Athena.
    rr(
        "athena",
        "getQueryExecution",
        "athena",
        "GetQueryExecution",
        "connect-athena.html",
    ),
    rr(
        "athena",
        "getQueryResults",
        "athena",
        "GetQueryResults",
        "connect-athena.html",
    ),
    rr_sync(
        "athena",
        "startQueryExecution",
        "athena",
        "StartQueryExecution",
        Response::Output("athena", "GetQueryExecution", &[]),
        "connect-athena.html; .sync returns GetQueryExecution's output",
    ),
    rr(
        "athena",
        "stopQueryExecution",
        "athena",
        "StopQueryExecution",
        "connect-athena.html",
    ),
    // AWS Batch.
    rr_sync(
        "batch",
        "submitJob",
        "batch",
        "SubmitJob",
        Response::Output("batch", "DescribeJobs", &["Jobs", "*"]),
        "connect-batch.html; .sync returns the job's description (DescribeJobs' item)",
    ),
    // Amazon Bedrock AgentCore: a harness (request-response only; at most 900 s, whatever
    // TimeoutSeconds says: `lifecycle::RUN_LIMITS`).
    OptimizedAction {
        service: "bedrockagentcore",
        action: "invokeHarness",
        patterns: RR,
        request: Request::Api("bedrock-agentcore", "InvokeHarness"),
        response: Response::Synth(super::shapes::bedrock_agentcore_invoke_harness_result),
        sync: Response::Open,
        source: "connect-bedrockagentcore.html: InvokeHarness's request; the answer is \
                 Converse-shaped (the last assistant message's text, StopReason, Usage summed)",
    },
    // Amazon Bedrock.
    rr_sync(
        "bedrock",
        "createModelCustomizationJob",
        "bedrock",
        "CreateModelCustomizationJob",
        Response::Output("bedrock", "GetModelCustomizationJob", &[]),
        "connect-bedrock.html; .sync returns GetModelCustomizationJob's output",
    ),
    OptimizedAction {
        service: "bedrock",
        action: "invokeModel",
        patterns: RR,
        request: Request::Synth(super::shapes::bedrock_invoke_model),
        response: Response::OutputJson("bedrock-runtime", "InvokeModel", &["Body"]),
        sync: Response::Open,
        source: "connect-bedrock.html: InvokeModel's request, Body as JSON, plus Input/Output \
                 S3Uri; the response's Body is parsed",
    },
    // AWS CodeBuild.
    rr(
        "codebuild",
        "batchDeleteBuilds",
        "codebuild",
        "BatchDeleteBuilds",
        "connect-codebuild.html",
    ),
    rr(
        "codebuild",
        "batchGetReports",
        "codebuild",
        "BatchGetReports",
        "connect-codebuild.html",
    ),
    rr(
        "codebuild",
        "deleteBuildBatch",
        "codebuild",
        "DeleteBuildBatch",
        "connect-codebuild.html",
    ),
    rr_sync(
        "codebuild",
        "retryBuildBatch",
        "codebuild",
        "RetryBuildBatch",
        Response::Output("codebuild", "RetryBuildBatch", &[]),
        "connect-codebuild.html; .sync returns the build batch",
    ),
    rr_sync(
        "codebuild",
        "startBuild",
        "codebuild",
        "StartBuild",
        Response::Output("codebuild", "StartBuild", &[]),
        "connect-codebuild.html; .sync returns `{Build: …}` as StartBuild does",
    ),
    rr_sync(
        "codebuild",
        "startBuildBatch",
        "codebuild",
        "StartBuildBatch",
        Response::Output("codebuild", "StartBuildBatch", &[]),
        "connect-codebuild.html; .sync returns `{BuildBatch: …}`",
    ),
    rr(
        "codebuild",
        "stopBuild",
        "codebuild",
        "StopBuild",
        "connect-codebuild.html",
    ),
    rr(
        "codebuild",
        "stopBuildBatch",
        "codebuild",
        "StopBuildBatch",
        "connect-codebuild.html",
    ),
    // AWS Glue DataBrew.
    rr_sync(
        "databrew",
        "startJobRun",
        "databrew",
        "StartJobRun",
        Response::Output("databrew", "DescribeJobRun", &[]),
        "connect-databrew.html; .sync returns DescribeJobRun's output",
    ),
    // Amazon DynamoDB.
    rr(
        "dynamodb",
        "deleteItem",
        "dynamodb",
        "DeleteItem",
        "connect-ddb.html",
    ),
    rr(
        "dynamodb",
        "getItem",
        "dynamodb",
        "GetItem",
        "connect-ddb.html",
    ),
    rr(
        "dynamodb",
        "putItem",
        "dynamodb",
        "PutItem",
        "connect-ddb.html",
    ),
    rr(
        "dynamodb",
        "updateItem",
        "dynamodb",
        "UpdateItem",
        "connect-ddb.html",
    ),
    // Amazon ECS / Fargate.
    OptimizedAction {
        service: "ecs",
        action: "runTask",
        patterns: RR_SYNC_TOKEN,
        request: Request::Api("ecs", "RunTask"),
        response: Response::Output("ecs", "RunTask", &[]),
        sync: Response::Output("ecs", "DescribeTasks", &["Tasks", "*"]),
        source: "connect-ecs.html: parameters in PascalCase; `.sync` returns the stopped task, \
                 DescribeTasks' item, its members in PascalCase too (LocalStack's \
                 test_ecs_task_service::test_run_task_sync snapshot, recorded on AWS: \
                 `LastStatus`, `Containers[].ExitCode`, `StopCode`, …)",
    },
    // Amazon EKS.
    OptimizedAction {
        service: "eks",
        action: "call",
        patterns: RR,
        request: Request::Open,
        response: Response::Open,
        sync: Response::Open,
        source: "connect-eks.html: calls the Kubernetes API; Step Functions' own request, \
                 not modelled (any JSON object); the response is not documented (any JSON; \
                 sample-eks-cluster.html reads its `ResponseBody`)",
    },
    rr_sync(
        "eks",
        "createCluster",
        "eks",
        "CreateCluster",
        Response::Output("eks", "CreateCluster", &[]),
        EKS,
    ),
    rr_sync(
        "eks",
        "createFargateProfile",
        "eks",
        "CreateFargateProfile",
        Response::Output("eks", "CreateFargateProfile", &[]),
        EKS,
    ),
    rr_sync(
        "eks",
        "createNodegroup",
        "eks",
        "CreateNodegroup",
        Response::Output("eks", "CreateNodegroup", &[]),
        EKS,
    ),
    rr_sync(
        "eks",
        "deleteCluster",
        "eks",
        "DeleteCluster",
        Response::Output("eks", "DeleteCluster", &[]),
        EKS,
    ),
    rr_sync(
        "eks",
        "deleteFargateProfile",
        "eks",
        "DeleteFargateProfile",
        Response::Output("eks", "DeleteFargateProfile", &[]),
        EKS,
    ),
    rr_sync(
        "eks",
        "deleteNodegroup",
        "eks",
        "DeleteNodegroup",
        Response::Output("eks", "DeleteNodegroup", &[]),
        EKS,
    ),
    OptimizedAction {
        service: "eks",
        action: "runJob",
        patterns: RR_SYNC,
        request: Request::Open,
        response: Response::Open,
        sync: Response::Open,
        source: "connect-eks.html: runs a Kubernetes job; Step Functions' own request, \
                 not modelled (any JSON object); the result is the Kubernetes Job, with `logs` \
                 when asked for, not modelled (any JSON)",
    },
    // Amazon EMR.
    emr(
        "addStep",
        RR_SYNC,
        super::shapes::emr_add_step,
        Response::Synth(super::shapes::emr_add_step_result),
        "connect-emr.html: Step Functions' own request (ClusterId, one Step) and response \
         (`{StepId}` where the API answers `{StepIds}`); `.sync` is \"the same as addStep, but \
         waits for the step to complete\"",
    ),
    emr(
        "cancelStep",
        RR,
        super::shapes::emr_cancel_step,
        Response::Synth(super::shapes::emr_cancel_step_result),
        "connect-emr.html: Step Functions' own request (ClusterId, StepId) and response \
         (`{CancelStepsInfo}` where the API answers `{CancelStepsInfoList}`)",
    ),
    OptimizedAction {
        service: "elasticmapreduce",
        action: "createCluster",
        patterns: RR_SYNC,
        request: Request::Api("emr", "RunJobFlow"),
        response: Response::Synth(super::shapes::emr_create_cluster_result),
        sync: Response::Synth(super::shapes::emr_create_cluster_result),
        source: "connect-emr.html: createCluster takes RunJobFlow's request and answers \
                 `{ClusterId}` where the API answers `{JobFlowId}` (RunJobFlow's `ClusterArn` \
                 kept, optional); `.sync` is \"the same as createCluster, but waits for the \
                 cluster to reach the WAITING state\" (manage-emr-job-cdk reads `ClusterId`)",
    },
    emr(
        "modifyInstanceFleetByName",
        RR,
        super::shapes::emr_modify_fleet,
        Response::Open,
        EMR_OPEN,
    ),
    emr(
        "modifyInstanceGroupByName",
        RR,
        super::shapes::emr_modify_group,
        Response::Open,
        EMR_OPEN,
    ),
    emr(
        "setClusterTerminationProtection",
        RR,
        super::shapes::emr_termination_protection,
        Response::Open,
        EMR_OPEN,
    ),
    emr(
        "terminateCluster",
        RR_SYNC,
        super::shapes::emr_terminate,
        Response::Open,
        EMR_OPEN,
    ),
    // Amazon EMR on EKS.
    rr(
        "emr-containers",
        "createVirtualCluster",
        "emr-containers",
        "CreateVirtualCluster",
        "connect-emr-eks.html",
    ),
    rr_sync(
        "emr-containers",
        "deleteVirtualCluster",
        "emr-containers",
        "DeleteVirtualCluster",
        Response::Output("emr-containers", "DeleteVirtualCluster", &[]),
        EMR_EKS,
    ),
    rr_sync(
        "emr-containers",
        "startJobRun",
        "emr-containers",
        "StartJobRun",
        Response::Output("emr-containers", "StartJobRun", &[]),
        EMR_EKS,
    ),
    // Amazon EMR Serverless.
    rr_sync(
        "emr-serverless",
        "cancelJobRun",
        "emr-serverless",
        "CancelJobRun",
        Response::Output("emr-serverless", "CancelJobRun", &[]),
        EMR_S,
    ),
    rr_sync(
        "emr-serverless",
        "createApplication",
        "emr-serverless",
        "CreateApplication",
        Response::Output("emr-serverless", "CreateApplication", &[]),
        EMR_S,
    ),
    emr_serverless_application("deleteApplication", "DeleteApplication"),
    emr_serverless_application("startApplication", "StartApplication"),
    rr_sync(
        "emr-serverless",
        "startJobRun",
        "emr-serverless",
        "StartJobRun",
        Response::Output("emr-serverless", "StartJobRun", &[]),
        EMR_S,
    ),
    emr_serverless_application("stopApplication", "StopApplication"),
    // Amazon EventBridge.
    OptimizedAction {
        service: "events",
        action: "putEvents",
        patterns: RR_TOKEN,
        request: Request::ApiJson("events", "PutEvents", service_side::EVENTS_JSON),
        response: Response::Output("events", "PutEvents", &[]),
        sync: Response::Open,
        source: "connect-eventbridge.html: an entry's Detail may be a JSON object",
    },
    // AWS Glue.
    rr_sync(
        "glue",
        "startJobRun",
        "glue",
        "StartJobRun",
        Response::Output("glue", "GetJobRun", &["JobRun"]),
        "connect-glue.html; .sync returns GetJobRun's JobRun",
    ),
    // HTTP Task.
    OptimizedAction {
        service: "http",
        action: "invoke",
        patterns: RR,
        request: Request::Synth(super::shapes::http_invoke),
        response: Response::Open,
        sync: Response::Open,
        source: "call-https-apis.html: Step Functions' own request (ApiEndpoint, Method, …); \
                 the response's members are not listed there (any JSON; deployed definitions \
                 read its `ResponseBody`)",
    },
    // AWS Lambda.
    OptimizedAction {
        service: "lambda",
        action: "invoke",
        patterns: RR_TOKEN,
        request: Request::ApiJson("lambda", "Invoke", service_side::LAMBDA_JSON),
        response: Response::OutputJson("lambda", "Invoke", &["Payload"]),
        sync: Response::Open,
        source: "connect-lambda.html: Payload is JSON in the request and parsed in the response",
    },
    // AWS Elemental MediaConvert.
    rr_sync(
        "mediaconvert",
        "createJob",
        "mediaconvert",
        "CreateJob",
        Response::Output("mediaconvert", "GetJob", &[]),
        "connect-mediaconvert.html; .sync returns GetJob's output",
    ),
    // Amazon SageMaker.
    rr(
        "sagemaker",
        "createEndpoint",
        "sagemaker",
        "CreateEndpoint",
        SM,
    ),
    rr(
        "sagemaker",
        "createEndpointConfig",
        "sagemaker",
        "CreateEndpointConfig",
        SM,
    ),
    rr_sync(
        "sagemaker",
        "createHyperParameterTuningJob",
        "sagemaker",
        "CreateHyperParameterTuningJob",
        Response::Output("sagemaker", "DescribeHyperParameterTuningJob", &[]),
        SM,
    ),
    rr_sync(
        "sagemaker",
        "createLabelingJob",
        "sagemaker",
        "CreateLabelingJob",
        Response::Output("sagemaker", "DescribeLabelingJob", &[]),
        SM,
    ),
    rr("sagemaker", "createModel", "sagemaker", "CreateModel", SM),
    rr_sync(
        "sagemaker",
        "createProcessingJob",
        "sagemaker",
        "CreateProcessingJob",
        Response::Output("sagemaker", "DescribeProcessingJob", &[]),
        SM,
    ),
    rr_sync(
        "sagemaker",
        "createTrainingJob",
        "sagemaker",
        "CreateTrainingJob",
        Response::Output("sagemaker", "DescribeTrainingJob", &[]),
        SM,
    ),
    rr_sync(
        "sagemaker",
        "createTransformJob",
        "sagemaker",
        "CreateTransformJob",
        Response::Output("sagemaker", "DescribeTransformJob", &[]),
        SM,
    ),
    rr(
        "sagemaker",
        "updateEndpoint",
        "sagemaker",
        "UpdateEndpoint",
        SM,
    ),
    // Amazon SNS.
    OptimizedAction {
        service: "sns",
        action: "publish",
        patterns: RR_TOKEN,
        request: Request::ApiJson("sns", "Publish", service_side::SNS_JSON),
        response: Response::Output("sns", "Publish", &[]),
        sync: Response::Open,
        source: "connect-sns.html: Message may be a JSON object (Step Functions serialises it)",
    },
    // Amazon SQS.
    OptimizedAction {
        service: "sqs",
        action: "sendMessage",
        patterns: RR_TOKEN,
        request: Request::ApiJson("sqs", "SendMessage", service_side::SQS_JSON),
        response: Response::Output("sqs", "SendMessage", &[]),
        sync: Response::Open,
        source: "connect-sqs.html: MessageBody may be a JSON object (Step Functions serialises it)",
    },
    // AWS Step Functions.
    OptimizedAction {
        service: "states",
        action: "startExecution",
        patterns: &[Rr, Sync, Sync2, Token],
        request: Request::ApiJson("stepfunctions", "StartExecution", service_side::STATES_JSON),
        response: Response::Output("stepfunctions", "StartExecution", &[]),
        sync: Response::Output("stepfunctions", "DescribeExecution", &[]),
        source: "connect-stepfunctions.html: Input may be a JSON object; .sync returns \
                 DescribeExecution's output (.sync:2 with Output parsed as JSON)",
    },
];
