//! A Step Functions resource's ARN, typed: built ([`std::fmt::Display`]) and parsed
//! ([`StatesArn::parse`], [`std::str::FromStr`]) here and nowhere else. The engine, the client,
//! `workflow serve` and the CLI name state machines, executions, activities and Map Runs with
//! it, and the partition of a region is [`partition_of_region`]'s answer alone.
//!
//! The shapes, from the Service Authorization Reference ("Actions, resources, and condition
//! keys for AWS Step Functions", resource types) and the API reference (`StartExecution`'s
//! `stateMachineArn`: "a version ARN, which is a combination of state machine ARN and the
//! version number separated by a colon", an alias ARN likewise with the alias name;
//! `DescribeStateMachine`: `stateMachine:myStateMachine/mapStateLabel` for a Distributed
//! Map's children):
//!
//! - `arn:P:states:R:A:stateMachine:NAME[/LABEL][:VERSION|:ALIAS]`
//! - `arn:P:states:R:A:execution:NAME[/LABEL]:EXECUTION`
//! - `arn:P:states:R:A:express:NAME[/LABEL]:EXECUTION[:ID]` (TestState's context holds an
//!   `express` ARN without the id, recorded on AWS in LocalStack's TestState snapshots)
//! - `arn:P:states:R:A:activity:NAME`
//! - `arn:P:states:R:A:mapRun:NAME/LABEL:ID`
//!
//! and Step Functions Local's mocked test case, `…:stateMachine:NAME#CASE` (the Step Functions
//! developer guide, "Using mocked service integrations for testing in Step Functions Local").
//!
//! Names, labels, aliases and test cases follow Step Functions' name rule, which refuses `:`,
//! `/` and `#` (the API reference's `name` members); an ARN built from such names reads back
//! as it was built.

use crate::Arn;
use std::fmt;
use std::str::FromStr;

/// The partition a region belongs to: `aws-cn` for `cn-*`, `aws-us-gov` for `us-gov-*`,
/// `aws-iso` for `us-iso-*`, `aws-iso-b` for `us-isob-*`, `aws-iso-e` for `eu-isoe-*`,
/// `aws-iso-f` for `us-isof-*`, `aws-eusc` for `eusc-*`, and `aws` for every other region.
///
/// The table is the AWS SDKs' own (`partitions.json`, each partition's `regionRegex`, as
/// embedded in aws-sdk-sfn's `endpoint_lib`); the AWS General Reference ("Identify AWS
/// resources with Amazon Resource Names (ARNs)") names the partition an ARN's second part.
///
/// ```
/// use workflow_aws_models::partition_of_region;
/// assert_eq!(partition_of_region("cn-north-1"), "aws-cn");
/// assert_eq!(partition_of_region("us-isob-east-1"), "aws-iso-b");
/// assert_eq!(partition_of_region("eu-west-1"), "aws");
/// ```
pub fn partition_of_region(region: &str) -> &'static str {
    const PREFIXES: [(&str, &str); 7] = [
        ("cn-", "aws-cn"),
        ("us-gov-", "aws-us-gov"),
        ("us-iso-", "aws-iso"),
        ("us-isob-", "aws-iso-b"),
        ("eu-isoe-", "aws-iso-e"),
        ("us-isof-", "aws-iso-f"),
        ("eusc-", "aws-eusc"),
    ];
    PREFIXES
        .iter()
        .find(|(prefix, _)| region.starts_with(prefix))
        .map_or("aws", |(_, partition)| partition)
}

/// A Step Functions resource's ARN: where it is (partition, region, account) and what it is.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct StatesArn {
    /// `aws`, `aws-cn`, … (one of [`crate::PARTITIONS`] when parsed; a builder may give a
    /// template's `${AWS::Partition}`).
    pub partition: String,
    /// The region, never empty when parsed.
    pub region: String,
    /// The account, never empty when parsed.
    pub account: String,
    /// The resource.
    pub resource: StatesResource,
}

/// The state machine a resource belongs to: its name, and for a Distributed Map's children
/// the Map's label (`NAME/LABEL`; `NAME/OUTER/INNER` for a Distributed Map inside another's
/// children).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct MachineName {
    /// The state machine's name.
    pub name: String,
    /// The Distributed Maps' labels, for the machine their children run as, outermost first,
    /// separated by `/`.
    pub label: Option<String>,
}

/// What qualifies a state machine ARN: a version's number or an alias's name.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Qualifier {
    /// `:N`, a published version.
    Version(u64),
    /// `:NAME`, an alias (an alias's name holds a character other than a digit: the API
    /// reference's `CreateStateMachineAlias` `name` pattern,
    /// `^(?=.*[a-zA-Z_\-\.])[a-zA-Z0-9_\-\.]+$`).
    Alias(String),
}

/// The resource types of Step Functions' ARNs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ResourceType {
    /// `stateMachine` (a version and an alias too).
    StateMachine,
    /// `execution`: a STANDARD execution.
    Execution,
    /// `express`: an EXPRESS execution.
    Express,
    /// `activity`.
    Activity,
    /// `mapRun`: a Distributed Map's run.
    MapRun,
}

impl ResourceType {
    /// Every resource type.
    pub const ALL: [ResourceType; 5] = [
        ResourceType::StateMachine,
        ResourceType::Execution,
        ResourceType::Express,
        ResourceType::Activity,
        ResourceType::MapRun,
    ];

    /// The type as the ARN spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            ResourceType::StateMachine => "stateMachine",
            ResourceType::Execution => "execution",
            ResourceType::Express => "express",
            ResourceType::Activity => "activity",
            ResourceType::MapRun => "mapRun",
        }
    }
}

impl fmt::Display for ResourceType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a Step Functions ARN names.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum StatesResource {
    /// A state machine, one of its versions or aliases, or the machine a Distributed Map's
    /// children run as; with Step Functions Local's mocked test case (`#CASE`).
    StateMachine {
        /// The machine.
        machine: MachineName,
        /// The version or alias.
        qualifier: Option<Qualifier>,
        /// The mocked test case.
        test_case: Option<String>,
    },
    /// A STANDARD execution.
    Execution {
        /// The machine it runs.
        machine: MachineName,
        /// The execution's name.
        name: String,
    },
    /// An EXPRESS execution.
    Express {
        /// The machine it runs.
        machine: MachineName,
        /// The execution's name.
        name: String,
        /// The id after the name (TestState's context has none).
        id: Option<String>,
    },
    /// An activity.
    Activity {
        /// The activity's name.
        name: String,
    },
    /// A Distributed Map's run.
    MapRun {
        /// The labelled machine its children run as.
        machine: MachineName,
        /// The run's id.
        id: String,
    },
}

/// Why text is not a Step Functions ARN.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StatesArnError {
    /// Not `arn:<partition>:<service>:<region>:<account>:<resource>`.
    #[error("`{0}` is not an ARN (`arn:<partition>:states:<region>:<account>:<resource>`)")]
    NotAnArn(String),
    /// Another service's ARN.
    #[error("`{arn}` is not a Step Functions ARN: its service is `{service}`, not `states`")]
    NotStepFunctions {
        /// The text.
        arn: String,
        /// Its service.
        service: String,
    },
    /// A partition AWS does not have.
    #[error("`{arn}` names the partition `{partition}`, which AWS does not have")]
    UnknownPartition {
        /// The text.
        arn: String,
        /// Its partition.
        partition: String,
    },
    /// An empty region or account.
    #[error("`{arn}` has no {part}")]
    Missing {
        /// The text.
        arn: String,
        /// `region` or `account`.
        part: &'static str,
    },
    /// A resource type Step Functions does not have.
    #[error(
        "`{arn}` names the resource type `{kind}`; Step Functions' are stateMachine, execution, express, activity and mapRun"
    )]
    UnknownResourceType {
        /// The text.
        arn: String,
        /// Its resource type.
        kind: String,
    },
    /// The resource's parts do not have the type's shape.
    #[error("`{arn}` is not a {kind} ARN: expected `{expected}`")]
    Malformed {
        /// The text.
        arn: String,
        /// The resource type it names.
        kind: ResourceType,
        /// The shape the type has.
        expected: &'static str,
    },
}

impl MachineName {
    /// A state machine's own name, without a label.
    pub fn new(name: impl Into<String>) -> Self {
        MachineName {
            name: name.into(),
            label: None,
        }
    }

    /// The machine a Distributed Map labelled `label` of this machine runs its children as.
    #[must_use]
    pub fn labelled(&self, label: impl Into<String>) -> Self {
        let label = label.into();
        MachineName {
            name: self.name.clone(),
            label: Some(match &self.label {
                Some(outer) => format!("{outer}/{label}"),
                None => label,
            }),
        }
    }

    /// `NAME` or `NAME/LABEL[/LABEL…]`; `None` when a part is empty.
    fn parse(text: &str) -> Option<MachineName> {
        let (name, label) = match text.split_once('/') {
            Some((name, label)) => (name, Some(label)),
            None => (text, None),
        };
        if name.is_empty() || label.is_some_and(|l| l.split('/').any(str::is_empty)) {
            return None;
        }
        Some(MachineName {
            name: name.to_owned(),
            label: label.map(str::to_owned),
        })
    }
}

impl fmt::Display for MachineName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)?;
        if let Some(label) = &self.label {
            write!(f, "/{label}")?;
        }
        Ok(())
    }
}

impl Qualifier {
    /// A version's number (digits, no leading zero) or an alias's name.
    fn parse(text: &str) -> Option<Qualifier> {
        if text.is_empty() {
            None
        } else if text.bytes().all(|b| b.is_ascii_digit()) {
            if text.len() > 1 && text.starts_with('0') {
                return None;
            }
            text.parse().ok().map(Qualifier::Version)
        } else {
            Some(Qualifier::Alias(text.to_owned()))
        }
    }
}

impl fmt::Display for Qualifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Qualifier::Version(n) => write!(f, "{n}"),
            Qualifier::Alias(name) => f.write_str(name),
        }
    }
}

impl StatesResource {
    /// An unqualified state machine.
    pub fn state_machine(machine: MachineName) -> Self {
        StatesResource::StateMachine {
            machine,
            qualifier: None,
            test_case: None,
        }
    }

    /// The resource's type.
    pub fn kind(&self) -> ResourceType {
        match self {
            StatesResource::StateMachine { .. } => ResourceType::StateMachine,
            StatesResource::Execution { .. } => ResourceType::Execution,
            StatesResource::Express { .. } => ResourceType::Express,
            StatesResource::Activity { .. } => ResourceType::Activity,
            StatesResource::MapRun { .. } => ResourceType::MapRun,
        }
    }

    /// The state machine the resource belongs to (`None` for an activity).
    pub fn machine(&self) -> Option<&MachineName> {
        match self {
            StatesResource::StateMachine { machine, .. }
            | StatesResource::Execution { machine, .. }
            | StatesResource::Express { machine, .. }
            | StatesResource::MapRun { machine, .. } => Some(machine),
            StatesResource::Activity { .. } => None,
        }
    }

    /// The part after the resource type, `rest` of `kind:rest`; `None` when it does not have
    /// the type's shape.
    fn parse(kind: ResourceType, rest: &str) -> Option<StatesResource> {
        let name = |text: &str| (!text.is_empty() && !text.contains(':')).then(|| text.to_owned());
        Some(match kind {
            ResourceType::StateMachine => {
                let (rest, test_case) = match rest.split_once('#') {
                    Some((rest, case)) => (rest, Some(name(case)?)),
                    None => (rest, None),
                };
                let (machine, qualifier) = match rest.split_once(':') {
                    Some((machine, qualifier)) => (machine, Some(Qualifier::parse(qualifier)?)),
                    None => (rest, None),
                };
                if matches!(&qualifier, Some(Qualifier::Alias(a)) if a.contains(':')) {
                    return None;
                }
                StatesResource::StateMachine {
                    machine: MachineName::parse(machine)?,
                    qualifier,
                    test_case,
                }
            }
            ResourceType::Execution => {
                let (machine, execution) = rest.split_once(':')?;
                StatesResource::Execution {
                    machine: MachineName::parse(machine)?,
                    name: name(execution)?,
                }
            }
            ResourceType::Express => {
                let (machine, rest) = rest.split_once(':')?;
                let (execution, id) = match rest.split_once(':') {
                    Some((execution, id)) => (execution, Some(name(id)?)),
                    None => (rest, None),
                };
                StatesResource::Express {
                    machine: MachineName::parse(machine)?,
                    name: name(execution)?,
                    id,
                }
            }
            ResourceType::Activity => StatesResource::Activity { name: name(rest)? },
            ResourceType::MapRun => {
                let (machine, id) = rest.split_once(':')?;
                StatesResource::MapRun {
                    machine: MachineName::parse(machine)?,
                    id: name(id)?,
                }
            }
        })
    }

    /// The shape of a type's resource part, for [`StatesArnError::Malformed`].
    fn expected(kind: ResourceType) -> &'static str {
        match kind {
            ResourceType::StateMachine => "stateMachine:NAME[/LABEL][:VERSION|:ALIAS][#TEST_CASE]",
            ResourceType::Execution => "execution:MACHINE[/LABEL]:NAME",
            ResourceType::Express => "express:MACHINE[/LABEL]:NAME[:ID]",
            ResourceType::Activity => "activity:NAME",
            ResourceType::MapRun => "mapRun:MACHINE/LABEL:ID",
        }
    }
}

impl fmt::Display for StatesResource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:", self.kind())?;
        match self {
            StatesResource::StateMachine {
                machine,
                qualifier,
                test_case,
            } => {
                write!(f, "{machine}")?;
                if let Some(q) = qualifier {
                    write!(f, ":{q}")?;
                }
                if let Some(case) = test_case {
                    write!(f, "#{case}")?;
                }
                Ok(())
            }
            StatesResource::Execution { machine, name } => write!(f, "{machine}:{name}"),
            StatesResource::Express { machine, name, id } => {
                write!(f, "{machine}:{name}")?;
                if let Some(id) = id {
                    write!(f, ":{id}")?;
                }
                Ok(())
            }
            StatesResource::Activity { name } => f.write_str(name),
            StatesResource::MapRun { machine, id } => write!(f, "{machine}:{id}"),
        }
    }
}

impl StatesArn {
    /// The ARN of `resource` in `region`'s partition ([`partition_of_region`]) and `account`.
    ///
    /// ```
    /// use workflow_aws_models::{MachineName, StatesArn, StatesResource};
    /// let arn = StatesArn::new("cn-north-1", "123456789012",
    ///     StatesResource::state_machine(MachineName::new("Orders")));
    /// assert_eq!(arn.to_string(), "arn:aws-cn:states:cn-north-1:123456789012:stateMachine:Orders");
    /// assert_eq!(arn.to_string().parse::<StatesArn>(), Ok(arn));
    /// ```
    pub fn new(
        region: impl Into<String>,
        account: impl Into<String>,
        resource: StatesResource,
    ) -> Self {
        let region = region.into();
        StatesArn {
            partition: partition_of_region(&region).to_owned(),
            region,
            account: account.into(),
            resource,
        }
    }

    /// The ARN of another resource in the same partition, region and account.
    #[must_use]
    pub fn sibling(&self, resource: StatesResource) -> StatesArn {
        StatesArn {
            partition: self.partition.clone(),
            region: self.region.clone(),
            account: self.account.clone(),
            resource,
        }
    }

    /// The resource's type.
    pub fn kind(&self) -> ResourceType {
        self.resource.kind()
    }

    /// The state machine the resource belongs to (`None` for an activity).
    pub fn machine(&self) -> Option<&MachineName> {
        self.resource.machine()
    }

    /// The ARN of the state machine the resource belongs to, unqualified and without a test
    /// case (`None` for an activity): a version's or an alias's machine, an execution's, a Map
    /// Run's labelled machine.
    pub fn state_machine(&self) -> Option<StatesArn> {
        let machine = self.machine()?.clone();
        Some(self.sibling(StatesResource::state_machine(machine)))
    }

    /// The ARN of the version or alias `qualifier` of the state machine the resource belongs
    /// to ([`StatesArn::state_machine`]; `None` for an activity).
    ///
    /// ```
    /// use workflow_aws_models::{Qualifier, StatesArn};
    /// let machine: StatesArn = "arn:aws:states:us-east-1:123456789012:stateMachine:Orders".parse()?;
    /// let live = machine.qualified(Qualifier::Alias("live".into())).unwrap();
    /// assert_eq!(live.to_string(), "arn:aws:states:us-east-1:123456789012:stateMachine:Orders:live");
    /// # Ok::<(), workflow_aws_models::StatesArnError>(())
    /// ```
    pub fn qualified(&self, qualifier: Qualifier) -> Option<StatesArn> {
        let machine = self.machine()?.clone();
        Some(self.sibling(StatesResource::StateMachine {
            machine,
            qualifier: Some(qualifier),
            test_case: None,
        }))
    }

    /// The name of an execution, STANDARD or EXPRESS (without the id an EXPRESS execution's
    /// ARN has after it; `None` for any other ARN).
    ///
    /// ```
    /// use workflow_aws_models::StatesArn;
    /// let arn: StatesArn = "arn:aws:states:us-east-1:123456789012:express:Orders:o-1:5f1c".parse()?;
    /// assert_eq!(arn.execution_name(), Some("o-1"));
    /// # Ok::<(), workflow_aws_models::StatesArnError>(())
    /// ```
    pub fn execution_name(&self) -> Option<&str> {
        match &self.resource {
            StatesResource::Execution { name, .. } | StatesResource::Express { name, .. } => {
                Some(name)
            }
            _ => None,
        }
    }

    /// The qualifier of a state machine ARN (`None` for any other ARN).
    pub fn qualifier(&self) -> Option<&Qualifier> {
        match &self.resource {
            StatesResource::StateMachine { qualifier, .. } => qualifier.as_ref(),
            _ => None,
        }
    }

    /// `text` parsed: `Err` says why it is not a Step Functions ARN.
    ///
    /// ```
    /// use workflow_aws_models::{MachineName, Qualifier, StatesArn, StatesResource};
    /// let arn = StatesArn::parse("arn:aws:states:us-east-1:123456789012:stateMachine:Orders:7")?;
    /// assert_eq!(arn.qualifier(), Some(&Qualifier::Version(7)));
    /// assert_eq!(arn.machine(), Some(&MachineName::new("Orders")));
    /// assert!(StatesArn::parse("arn:aws:lambda:us-east-1:123456789012:function:f").is_err());
    /// # Ok::<(), workflow_aws_models::StatesArnError>(())
    /// ```
    pub fn parse(text: &str) -> Result<StatesArn, StatesArnError> {
        let arn = Arn::parse(text).ok_or_else(|| StatesArnError::NotAnArn(text.to_owned()))?;
        if arn.service != "states" {
            return Err(StatesArnError::NotStepFunctions {
                arn: text.to_owned(),
                service: arn.service.to_owned(),
            });
        }
        if !crate::PARTITIONS.contains(&arn.partition) {
            return Err(StatesArnError::UnknownPartition {
                arn: text.to_owned(),
                partition: arn.partition.to_owned(),
            });
        }
        for (part, value) in [("region", arn.region), ("account", arn.account)] {
            if value.is_empty() {
                return Err(StatesArnError::Missing {
                    arn: text.to_owned(),
                    part,
                });
            }
        }
        let (kind, rest) = arn.resource.split_once(':').unwrap_or((arn.resource, ""));
        let kind = ResourceType::ALL
            .into_iter()
            .find(|k| k.as_str() == kind)
            .ok_or_else(|| StatesArnError::UnknownResourceType {
                arn: text.to_owned(),
                kind: kind.to_owned(),
            })?;
        let resource =
            StatesResource::parse(kind, rest).ok_or_else(|| StatesArnError::Malformed {
                arn: text.to_owned(),
                kind,
                expected: StatesResource::expected(kind),
            })?;
        Ok(StatesArn {
            partition: arn.partition.to_owned(),
            region: arn.region.to_owned(),
            account: arn.account.to_owned(),
            resource,
        })
    }
}

impl FromStr for StatesArn {
    type Err = StatesArnError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        StatesArn::parse(text)
    }
}

/// Serialized as its text (`arn:…`), as the API's JSON and the engine's history write it.
impl serde::Serialize for StatesArn {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Read from its text with [`StatesArn::parse`]; text that is not a Step Functions ARN is
/// refused with [`StatesArnError`]'s message.
impl<'de> serde::Deserialize<'de> for StatesArn {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <String as serde::Deserialize>::deserialize(deserializer)?;
        StatesArn::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for StatesArn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "arn:{}:states:{}:{}:{}",
            self.partition, self.region, self.account, self.resource
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn machine() -> impl Strategy<Value = MachineName> {
        (
            "[A-Za-z0-9_-]{1,12}",
            proptest::option::of("[A-Za-z0-9_-]{1,12}(/[A-Za-z0-9_-]{1,8})?"),
        )
            .prop_map(|(name, label)| MachineName { name, label })
    }

    fn name() -> impl Strategy<Value = String> {
        "[A-Za-z0-9_.-]{1,16}".prop_map(String::from)
    }

    fn qualifier() -> impl Strategy<Value = Qualifier> {
        prop_oneof![
            any::<u64>().prop_map(Qualifier::Version),
            "[A-Za-z0-9_.-]{0,8}[A-Za-z_.-][A-Za-z0-9_.-]{0,8}".prop_map(Qualifier::Alias),
        ]
    }

    fn resource() -> impl Strategy<Value = StatesResource> {
        prop_oneof![
            (
                machine(),
                proptest::option::of(qualifier()),
                proptest::option::of(name())
            )
                .prop_map(|(machine, qualifier, test_case)| {
                    StatesResource::StateMachine {
                        machine,
                        qualifier,
                        test_case,
                    }
                }),
            (machine(), name())
                .prop_map(|(machine, name)| StatesResource::Execution { machine, name }),
            (machine(), name(), proptest::option::of(name()))
                .prop_map(|(machine, name, id)| StatesResource::Express { machine, name, id }),
            name().prop_map(|name| StatesResource::Activity { name }),
            (machine(), name()).prop_map(|(machine, id)| StatesResource::MapRun { machine, id }),
        ]
    }

    proptest! {
        #[test]
        fn every_arn_reads_back_as_it_was_built(
            region in "(us|eu|cn|us-gov|us-iso|us-isob|eu-isoe|us-isof|ap)-[a-z]{4,9}-[1-9]",
            account in "[0-9]{12}",
            resource in resource(),
        ) {
            let arn = StatesArn::new(region, account, resource);
            let text = arn.to_string();
            prop_assert_eq!(StatesArn::parse(&text), Ok(arn.clone()));
            prop_assert_eq!(text.parse::<StatesArn>()?.to_string(), text);
        }

        #[test]
        fn no_text_panics_the_parser(text in "arn:[a-z-]{0,8}:states:[a-z0-9:/#-]{0,40}") {
            let _ = StatesArn::parse(&text);
        }
    }

    #[test]
    fn an_arn_is_serialized_as_its_text_and_read_back() {
        let text = "arn:aws:states:us-east-1:123456789012:mapRun:Orders/Items:r1";
        let arn = StatesArn::parse(text).unwrap();
        let json = serde_json::to_string(&arn).unwrap();
        assert_eq!(json, format!("\"{text}\""));
        assert_eq!(serde_json::from_str::<StatesArn>(&json).unwrap(), arn);
        // Read from a value too (an owned string), as a field of a bigger document.
        let value = serde_json::json!({ "arn": text });
        assert_eq!(
            serde_json::from_value::<StatesArn>(value["arn"].clone()).unwrap(),
            arn
        );
        let refused =
            serde_json::from_str::<StatesArn>(r#""arn:aws:states:us-east-1:1:workflow:a""#)
                .unwrap_err()
                .to_string();
        assert!(
            refused.contains("names the resource type `workflow`"),
            "{refused}"
        );
    }

    #[test]
    fn the_partition_follows_the_region() {
        for (region, partition) in [
            ("us-east-1", "aws"),
            ("eu-west-3", "aws"),
            ("cn-north-1", "aws-cn"),
            ("cn-northwest-1", "aws-cn"),
            ("us-gov-west-1", "aws-us-gov"),
            ("us-iso-east-1", "aws-iso"),
            ("us-isob-east-1", "aws-iso-b"),
            ("eu-isoe-west-1", "aws-iso-e"),
            ("us-isof-south-1", "aws-iso-f"),
            ("eusc-de-east-1", "aws-eusc"),
        ] {
            assert_eq!(partition_of_region(region), partition, "{region}");
        }
    }

    #[test]
    fn each_kind_parses_to_its_parts() {
        let arn = |text: &str| StatesArn::parse(text).map(|a| a.resource);
        let orders = MachineName::new("Orders");
        assert_eq!(
            arn("arn:aws:states:us-east-1:1:stateMachine:Orders:PROD#HappyPath"),
            Ok(StatesResource::StateMachine {
                machine: orders.clone(),
                qualifier: Some(Qualifier::Alias("PROD".into())),
                test_case: Some("HappyPath".into()),
            })
        );
        assert_eq!(
            arn("arn:aws-cn:states:cn-north-1:1:execution:Orders/Items:e1"),
            Ok(StatesResource::Execution {
                machine: orders.labelled("Items"),
                name: "e1".into(),
            })
        );
        assert_eq!(
            arn("arn:aws:states:us-east-1:1:express:Orders:e1"),
            Ok(StatesResource::Express {
                machine: orders.clone(),
                name: "e1".into(),
                id: None,
            })
        );
        // A Distributed Map inside another's children: both labels, outermost first.
        assert_eq!(
            arn("arn:aws:states:us-east-1:1:mapRun:Orders/Items/Parts:r2"),
            Ok(StatesResource::MapRun {
                machine: orders.labelled("Items").labelled("Parts"),
                id: "r2".into(),
            })
        );
        let map_run = StatesArn::parse("arn:aws:states:us-east-1:1:mapRun:Orders/Items:r1");
        assert_eq!(
            map_run.map(|r| r.state_machine().map(|m| m.to_string())),
            Ok(Some(
                "arn:aws:states:us-east-1:1:stateMachine:Orders/Items".into()
            ))
        );
    }

    #[test]
    fn what_is_not_a_states_arn_is_refused_with_its_reason() {
        let kind = |text: &str| match StatesArn::parse(text) {
            Ok(_) => "ok",
            Err(StatesArnError::NotAnArn(_)) => "not an arn",
            Err(StatesArnError::NotStepFunctions { .. }) => "service",
            Err(StatesArnError::UnknownPartition { .. }) => "partition",
            Err(StatesArnError::Missing { .. }) => "missing",
            Err(StatesArnError::UnknownResourceType { .. }) => "type",
            Err(StatesArnError::Malformed { .. }) => "malformed",
        };
        assert_eq!(kind("Orders"), "not an arn");
        assert_eq!(kind("arn:aws:lambda:us-east-1:1:function:f"), "service");
        assert_eq!(kind("arn:nope:states:us-east-1:1:activity:a"), "partition");
        assert_eq!(kind("arn:aws:states::1:activity:a"), "missing");
        assert_eq!(kind("arn:aws:states:us-east-1::activity:a"), "missing");
        assert_eq!(kind("arn:aws:states:us-east-1:1:workflow:a"), "type");
        assert_eq!(
            kind("arn:aws:states:us-east-1:1:stateMachine:"),
            "malformed"
        );
        assert_eq!(
            kind("arn:aws:states:us-east-1:1:stateMachine:M:007"),
            "malformed"
        );
        assert_eq!(kind("arn:aws:states:us-east-1:1:execution:M"), "malformed");
        assert_eq!(kind("arn:aws:states:us-east-1:1:activity:a:b"), "malformed");
        assert_eq!(
            kind("arn:aws:states:us-east-1:1:stateMachine:M/L//X"),
            "malformed"
        );
    }
}
