//! What `Ref` and `Fn::GetAtt` return for a template's resources, as each resource type's
//! "Return values" section of CloudFormation's Template Reference says
//! (<https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-template-resource-type-ref.html>),
//! written as the recognisable ARN, name or URL of the resource they name: its name is its
//! name property where the template gives one (`FunctionName`, `TopicName`, …), else its
//! logical id (CloudFormation would generate a name from the stack's and the logical id; the
//! logical id is what a reader recognises). What a type's table lacks, or what only the
//! deployment knows (a version's number, a custom resource's attributes), is not resolved.

/// Where a stack is: what ARNs are written with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Place {
    /// `aws`, `aws-cn`, `aws-us-gov`.
    pub partition: String,
    /// The region.
    pub region: String,
    /// The account.
    pub account: String,
    /// `amazonaws.com` (`amazonaws.com.cn` in China).
    pub url_suffix: String,
}

impl Place {
    /// The place of `region` and `account`; the partition and URL suffix follow the region
    /// (CloudFormation's pseudo parameters `AWS::Partition` and `AWS::URLSuffix`).
    pub(crate) fn new(region: &str, account: &str) -> Place {
        let (partition, url_suffix) = if region.starts_with("cn-") {
            ("aws-cn", "amazonaws.com.cn")
        } else if region.starts_with("us-gov-") {
            ("aws-us-gov", "amazonaws.com")
        } else {
            ("aws", "amazonaws.com")
        };
        Place {
            partition: partition.into(),
            region: region.into(),
            account: account.into(),
            url_suffix: url_suffix.into(),
        }
    }
}

impl Default for Place {
    /// The local engine's default identity: `us-east-1`, account `123456789012`.
    fn default() -> Self {
        Place::new("us-east-1", "123456789012")
    }
}

/// One value a resource returns, written with `{p}` (partition), `{r}` (region), `{a}`
/// (account), `{s}` (URL suffix) and `{n}` (the resource's name).
type Pattern = &'static str;

/// A resource type's return values.
struct Returns {
    /// The type, `AWS::Lambda::Function`.
    type_name: &'static str,
    /// The property that names it.
    name: &'static str,
    /// What `Ref` returns.
    reference: Pattern,
    /// What `Fn::GetAtt` returns, by attribute.
    attributes: &'static [(&'static str, Pattern)],
}

/// The types resolved: those a state machine's definition names (its integrations' targets),
/// each from its page of the Template Reference.
const TYPES: &[Returns] = &[
    Returns {
        type_name: "AWS::Lambda::Function",
        name: "FunctionName",
        reference: "{n}",
        attributes: &[("Arn", "arn:{p}:lambda:{r}:{a}:function:{n}")],
    },
    Returns {
        type_name: "AWS::Serverless::Function",
        name: "FunctionName",
        reference: "{n}",
        attributes: &[("Arn", "arn:{p}:lambda:{r}:{a}:function:{n}")],
    },
    Returns {
        type_name: "AWS::StepFunctions::StateMachine",
        name: "StateMachineName",
        reference: "arn:{p}:states:{r}:{a}:stateMachine:{n}",
        attributes: &[
            ("Arn", "arn:{p}:states:{r}:{a}:stateMachine:{n}"),
            ("Name", "{n}"),
        ],
    },
    Returns {
        type_name: "AWS::Serverless::StateMachine",
        name: "Name",
        reference: "arn:{p}:states:{r}:{a}:stateMachine:{n}",
        attributes: &[
            ("Arn", "arn:{p}:states:{r}:{a}:stateMachine:{n}"),
            ("Name", "{n}"),
        ],
    },
    Returns {
        type_name: "AWS::StepFunctions::Activity",
        name: "Name",
        reference: "arn:{p}:states:{r}:{a}:activity:{n}",
        attributes: &[
            ("Arn", "arn:{p}:states:{r}:{a}:activity:{n}"),
            ("Name", "{n}"),
        ],
    },
    Returns {
        type_name: "AWS::SNS::Topic",
        name: "TopicName",
        reference: "arn:{p}:sns:{r}:{a}:{n}",
        attributes: &[
            ("TopicArn", "arn:{p}:sns:{r}:{a}:{n}"),
            ("TopicName", "{n}"),
        ],
    },
    Returns {
        type_name: "AWS::SQS::Queue",
        name: "QueueName",
        reference: "https://sqs.{r}.{s}/{a}/{n}",
        attributes: &[
            ("Arn", "arn:{p}:sqs:{r}:{a}:{n}"),
            ("QueueName", "{n}"),
            ("QueueUrl", "https://sqs.{r}.{s}/{a}/{n}"),
        ],
    },
    Returns {
        type_name: "AWS::DynamoDB::Table",
        name: "TableName",
        reference: "{n}",
        attributes: &[("Arn", "arn:{p}:dynamodb:{r}:{a}:table/{n}")],
    },
    Returns {
        type_name: "AWS::DynamoDB::GlobalTable",
        name: "TableName",
        reference: "{n}",
        attributes: &[("Arn", "arn:{p}:dynamodb:{r}:{a}:table/{n}")],
    },
    Returns {
        type_name: "AWS::Serverless::SimpleTable",
        name: "TableName",
        reference: "{n}",
        attributes: &[],
    },
    Returns {
        type_name: "AWS::S3::Bucket",
        name: "BucketName",
        reference: "{n}",
        attributes: &[
            ("Arn", "arn:{p}:s3:::{n}"),
            ("DomainName", "{n}.s3.{s}"),
            ("RegionalDomainName", "{n}.s3.{r}.{s}"),
        ],
    },
    Returns {
        type_name: "AWS::Events::EventBus",
        name: "Name",
        reference: "{n}",
        attributes: &[
            ("Arn", "arn:{p}:events:{r}:{a}:event-bus/{n}"),
            ("Name", "{n}"),
        ],
    },
    Returns {
        type_name: "AWS::Events::Connection",
        name: "Name",
        reference: "{n}",
        attributes: &[("Arn", "arn:{p}:events:{r}:{a}:connection/{n}")],
    },
    Returns {
        type_name: "AWS::IAM::Role",
        name: "RoleName",
        reference: "{n}",
        attributes: &[("Arn", "arn:{p}:iam::{a}:role/{n}")],
    },
    Returns {
        type_name: "AWS::ECS::Cluster",
        name: "ClusterName",
        reference: "{n}",
        attributes: &[("Arn", "arn:{p}:ecs:{r}:{a}:cluster/{n}")],
    },
    Returns {
        type_name: "AWS::Batch::JobQueue",
        name: "JobQueueName",
        reference: "arn:{p}:batch:{r}:{a}:job-queue/{n}",
        attributes: &[("JobQueueArn", "arn:{p}:batch:{r}:{a}:job-queue/{n}")],
    },
    Returns {
        type_name: "AWS::Glue::Job",
        name: "Name",
        reference: "{n}",
        attributes: &[],
    },
    Returns {
        type_name: "AWS::Kinesis::Stream",
        name: "Name",
        reference: "{n}",
        attributes: &[("Arn", "arn:{p}:kinesis:{r}:{a}:stream/{n}")],
    },
    Returns {
        type_name: "AWS::Logs::LogGroup",
        name: "LogGroupName",
        reference: "{n}",
        attributes: &[("Arn", "arn:{p}:logs:{r}:{a}:log-group:{n}:*")],
    },
    Returns {
        type_name: "AWS::SecretsManager::Secret",
        name: "Name",
        reference: "arn:{p}:secretsmanager:{r}:{a}:secret:{n}",
        attributes: &[],
    },
    Returns {
        type_name: "AWS::SSM::Parameter",
        name: "Name",
        reference: "{n}",
        attributes: &[],
    },
    Returns {
        type_name: "AWS::CodeBuild::Project",
        name: "Name",
        reference: "{n}",
        attributes: &[("Arn", "arn:{p}:codebuild:{r}:{a}:project/{n}")],
    },
    Returns {
        type_name: "AWS::EKS::Cluster",
        name: "Name",
        reference: "{n}",
        attributes: &[("Arn", "arn:{p}:eks:{r}:{a}:cluster/{n}")],
    },
    Returns {
        type_name: "AWS::Athena::WorkGroup",
        name: "Name",
        reference: "{n}",
        attributes: &[],
    },
];

/// What a resource reference asks for.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Asked<'a> {
    /// `Ref`.
    Reference,
    /// `Fn::GetAtt` of this attribute.
    Attribute(&'a str),
}

/// The value `asked` of the resource `logical_id` of type `type_name`, named `name` (its name
/// property, resolved, when the template gives one), in `place`; why not when its type's
/// table lacks it.
pub(crate) fn returns(
    type_name: &str,
    logical_id: &str,
    name: Option<&str>,
    asked: Asked<'_>,
    place: &Place,
) -> Result<String, String> {
    let Some(returns) = TYPES.iter().find(|t| t.type_name == type_name) else {
        return Err(format!(
            "what a resource of type `{type_name}` returns is not known here (the types known are those a state machine names: Lambda functions, state machines, activities, SNS topics, SQS queues, DynamoDB tables, S3 buckets, EventBridge buses, …)"
        ));
    };
    let pattern = match asked {
        Asked::Reference => returns.reference,
        Asked::Attribute(attribute) => returns
            .attributes
            .iter()
            .find(|(a, _)| *a == attribute)
            .map(|(_, p)| *p)
            .ok_or_else(|| {
                let known: Vec<&str> = returns.attributes.iter().map(|(a, _)| *a).collect();
                format!(
                    "the attribute `{attribute}` of a `{type_name}` is not known here (known: {})",
                    if known.is_empty() {
                        "none".to_owned()
                    } else {
                        known.join(", ")
                    }
                )
            })?,
    };
    let mut name = name.unwrap_or(logical_id).to_owned();
    if returns.type_name == "AWS::S3::Bucket" {
        // A bucket's name is lower case.
        name = name.to_ascii_lowercase();
    }
    Ok(pattern
        .replace("{p}", &place.partition)
        .replace("{r}", &place.region)
        .replace("{a}", &place.account)
        .replace("{s}", &place.url_suffix)
        .replace("{n}", &name))
}

/// The property that names a resource of type `type_name`, when its table has one.
pub(crate) fn name_property(type_name: &str) -> Option<&'static str> {
    TYPES
        .iter()
        .find(|t| t.type_name == type_name)
        .map(|t| t.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_function_is_named_by_its_name_or_its_logical_id() {
        let place = Place::default();
        let arn = returns(
            "AWS::Lambda::Function",
            "Fn9270CBC0",
            None,
            Asked::Attribute("Arn"),
            &place,
        );
        assert_eq!(
            arn.as_deref(),
            Ok("arn:aws:lambda:us-east-1:123456789012:function:Fn9270CBC0")
        );
        let named = returns(
            "AWS::Lambda::Function",
            "Fn",
            Some("charge"),
            Asked::Reference,
            &place,
        );
        assert_eq!(named.as_deref(), Ok("charge"));
        let queue = returns(
            "AWS::SQS::Queue",
            "Q",
            None,
            Asked::Reference,
            &Place::new("cn-north-1", "1"),
        );
        assert_eq!(
            queue.as_deref(),
            Ok("https://sqs.cn-north-1.amazonaws.com.cn/1/Q")
        );
        assert!(returns("Custom::Thing", "X", None, Asked::Reference, &place).is_err());
        assert!(
            returns(
                "AWS::SNS::Topic",
                "T",
                None,
                Asked::Attribute("Nope"),
                &place
            )
            .is_err_and(|e| e.contains("TopicArn"))
        );
    }
}
