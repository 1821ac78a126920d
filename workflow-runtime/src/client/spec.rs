//! What a deployment asks for: [`StateMachineSpec`] and its settings.

use super::error::{Error, Result};
use crate::Workflow;
use crate::asl::{ExecutionType, StateMachine, ValidationOptions};
use std::collections::BTreeMap;
use workflow_asl::path::find_substitutions;

/// The service's limit on a state machine definition: 1 MiB of JSON text.
pub const MAX_DEFINITION_BYTES: usize = 1024 * 1024;

/// How much of an execution's history goes to CloudWatch Logs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum LogLevel {
    /// `ALL`: every event.
    All,
    /// `ERROR`: failures only.
    Error,
    /// `FATAL`: execution failures only.
    Fatal,
    /// `OFF`: nothing (the default).
    #[default]
    Off,
}

impl LogLevel {
    /// The service's spelling: `ALL`, `ERROR`, `FATAL`, `OFF`.
    pub fn as_str(self) -> &'static str {
        match self {
            LogLevel::All => "ALL",
            LogLevel::Error => "ERROR",
            LogLevel::Fatal => "FATAL",
            LogLevel::Off => "OFF",
        }
    }
}

/// The state machine's `loggingConfiguration`.
///
/// ```
/// use workflow_runtime::client::{LogLevel, LoggingConfig};
/// let logging = LoggingConfig::new(LogLevel::Error)
///     .include_execution_data(true)
///     .log_group("arn:aws:logs:us-east-1:123456789012:log-group:/aws/states/orders:*");
/// assert_eq!(logging.level, LogLevel::Error);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct LoggingConfig {
    /// What is logged.
    pub level: LogLevel,
    /// Whether inputs and outputs are logged too.
    pub include_execution_data: bool,
    /// The CloudWatch Logs log group ARNs (ending in `:*`) the logs go to.
    pub log_group_arns: Vec<String>,
}

impl LoggingConfig {
    /// Logging at `level`, without execution data, to no log group yet.
    pub fn new(level: LogLevel) -> Self {
        Self {
            level,
            ..Self::default()
        }
    }

    /// Logs inputs and outputs too.
    #[must_use]
    pub fn include_execution_data(mut self, include: bool) -> Self {
        self.include_execution_data = include;
        self
    }

    /// Adds a destination log group (its ARN, ending in `:*`).
    #[must_use]
    pub fn log_group(mut self, arn: impl Into<String>) -> Self {
        self.log_group_arns.push(arn.into());
        self
    }
}

/// A state machine as it should be deployed: name, definition, role and settings.
///
/// ```
/// use workflow_runtime::client::{StateMachineSpec, LogLevel, LoggingConfig};
///
/// let spec = StateMachineSpec::new(
///     "Hello",
///     r#"{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}"#,
///     "arn:aws:iam::123456789012:role/StepFunctionsRole",
/// )
/// .express()
/// .tracing(true)
/// .logging(LoggingConfig::new(LogLevel::Error))
/// .tag("team", "orders");
/// assert!(spec.check().is_ok());
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct StateMachineSpec {
    /// The state machine name (1–80 characters).
    pub name: String,
    /// The ASL definition, as JSON text, possibly with `${Name}` substitutions.
    pub definition: String,
    /// The execution role's ARN.
    pub role_arn: String,
    /// `STANDARD` or `EXPRESS` (cannot change once created).
    pub machine_type: ExecutionType,
    /// Logging; `None` is the service's default (`OFF`).
    pub logging: Option<LoggingConfig>,
    /// AWS X-Ray tracing.
    pub tracing: bool,
    /// Tags set when the state machine is created.
    pub tags: Vec<(String, String)>,
    /// Values for the definition's `${Name}` substitutions, applied before deploying (the
    /// same plain-text replacement as CloudFormation's `DefinitionSubstitutions`).
    pub substitutions: BTreeMap<String, String>,
}

impl StateMachineSpec {
    /// A STANDARD state machine with no logging, tracing or tags.
    pub fn new(
        name: impl Into<String>,
        definition: impl Into<String>,
        role_arn: impl Into<String>,
    ) -> Self {
        Self {
            name: name.into(),
            definition: definition.into(),
            role_arn: role_arn.into(),
            machine_type: ExecutionType::Standard,
            logging: None,
            tracing: false,
            tags: Vec::new(),
            substitutions: BTreeMap::new(),
        }
    }

    /// The spec of a workflow type: its name and its indented ASL (compact when the indented
    /// text would be over the 1 MiB limit).
    ///
    /// ```
    /// use workflow_runtime::Workflow;
    /// use workflow_runtime::client::StateMachineSpec;
    ///
    /// struct Hello;
    /// impl Workflow for Hello {
    ///     type Input = serde_json::Value;
    ///     type Output = serde_json::Value;
    ///     const NAME: &'static str = "Hello";
    ///     const ASL: &'static str = r#"{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}"#;
    /// }
    /// let spec = StateMachineSpec::for_workflow::<Hello>("arn:aws:iam::123456789012:role/r");
    /// assert_eq!(spec.name, "Hello");
    /// ```
    pub fn for_workflow<W: Workflow>(role_arn: impl Into<String>) -> Self {
        let definition = if W::ASL_PRETTY.len() <= MAX_DEFINITION_BYTES {
            W::ASL_PRETTY
        } else {
            W::ASL
        };
        Self::new(W::NAME, definition, role_arn)
    }

    /// The spec of a typed model, serialised as indented JSON.
    pub fn from_machine(
        name: impl Into<String>,
        machine: &StateMachine,
        role_arn: impl Into<String>,
    ) -> Self {
        Self::new(name, machine.to_json_pretty(), role_arn)
    }

    /// Deploys under another name.
    #[must_use]
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = name.into();
        self
    }

    /// Sets the type.
    #[must_use]
    pub fn machine_type(mut self, machine_type: ExecutionType) -> Self {
        self.machine_type = machine_type;
        self
    }

    /// Makes it an EXPRESS state machine.
    #[must_use]
    pub fn express(self) -> Self {
        self.machine_type(ExecutionType::Express)
    }

    /// Sets the logging configuration.
    #[must_use]
    pub fn logging(mut self, logging: LoggingConfig) -> Self {
        self.logging = Some(logging);
        self
    }

    /// Turns X-Ray tracing on or off.
    #[must_use]
    pub fn tracing(mut self, enabled: bool) -> Self {
        self.tracing = enabled;
        self
    }

    /// Adds a tag (applied when the state machine is created).
    #[must_use]
    pub fn tag(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.tags.push((key.into(), value.into()));
        self
    }

    /// Gives a value to the definition's `${name}` substitution.
    #[must_use]
    pub fn substitute(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.substitutions.insert(name.into(), value.into());
        self
    }

    /// The names of the `${Name}` substitutions the definition uses, in order, once each.
    pub fn substitution_names(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for s in find_substitutions(&self.definition) {
            if !names.contains(&s.name) {
                names.push(s.name);
            }
        }
        names
    }

    /// The definition with every substitution that has a value replaced by it.
    pub fn resolved_definition(&self) -> String {
        let text = &self.definition;
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        for s in find_substitutions(text) {
            if let Some(value) = self.substitutions.get(&s.name) {
                out.push_str(&text[last..s.start]);
                out.push_str(value);
                last = s.end;
            }
        }
        out.push_str(&text[last..]);
        out
    }

    /// Checks everything that can be checked without the service, and returns the definition
    /// to send (substitutions applied):
    ///
    /// - the name (1–80 characters of the allowed set);
    /// - no substitution left without a value;
    /// - the definition at most 1 MiB ([`MAX_DEFINITION_BYTES`]);
    /// - the definition decodes and has no validation errors for its type (the validator of the
    ///   `workflow!` macro and `workflow validate`);
    /// - the role is an IAM role ARN.
    pub fn check(&self) -> Result<String> {
        crate::asl::validate_state_machine_name(&self.name).map_err(|d| Error::NameRejected {
            name: self.name.clone(),
            message: d.message,
        })?;
        let definition = self.resolved_definition();
        let unresolved: Vec<String> = {
            let mut names = Vec::new();
            for s in find_substitutions(&definition) {
                if !names.contains(&s.name) {
                    names.push(s.name);
                }
            }
            names
        };
        if !unresolved.is_empty() {
            return Err(Error::UnresolvedSubstitutions { names: unresolved });
        }
        if definition.len() > MAX_DEFINITION_BYTES {
            return Err(Error::TooLarge {
                what: "definition",
                bytes: definition.len(),
                limit: MAX_DEFINITION_BYTES,
            });
        }
        let machine =
            StateMachine::from_json(&definition).map_err(|e| Error::DefinitionRejected {
                diagnostics: e.diagnostics,
            })?;
        let options = ValidationOptions {
            machine_type: self.machine_type,
            ..ValidationOptions::default()
        };
        let diagnostics = machine.validate_with(&options);
        if crate::asl::has_errors(&diagnostics) {
            return Err(Error::DefinitionRejected { diagnostics });
        }
        role_arn(&self.role_arn)?;
        Ok(definition)
    }
}

/// The spec's execution role, read with [`RoleArn::parse`](crate::aws_models::RoleArn::parse):
/// [`Error::Config`] (before anything is sent) when it is not a role's ARN.
pub(crate) fn role_arn(text: &str) -> Result<crate::aws_models::RoleArn> {
    crate::aws_models::RoleArn::parse(text).map_err(|e| {
        Error::Config(format!(
            "{e}: not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME); set the execution role, e.g. with WORKFLOW_ROLE_ARN"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const OK: &str =
        r#"{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"${Fn}","End":true}}}"#;
    const ROLE: &str = "arn:aws:iam::123456789012:role/r";

    #[test]
    fn substitutions_are_resolved_textually() {
        let spec = StateMachineSpec::new("n", OK, ROLE);
        assert_eq!(spec.substitution_names(), ["Fn"]);
        assert!(matches!(
            spec.check(),
            Err(Error::UnresolvedSubstitutions { names }) if names == ["Fn"]
        ));
        let spec = spec.substitute("Fn", "arn:aws:lambda:us-east-1:123456789012:function:f");
        let def = spec.check().unwrap();
        assert!(def.contains("function:f\""));
    }

    #[test]
    fn refuses_bad_names_roles_and_definitions() {
        let good = r#"{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}"#;
        assert!(matches!(
            StateMachineSpec::new("a b", good, ROLE).check(),
            Err(Error::NameRejected { .. })
        ));
        assert!(matches!(
            StateMachineSpec::new("n", good, "not-an-arn").check(),
            Err(Error::Config(_))
        ));
        assert!(matches!(
            StateMachineSpec::new("n", r#"{"StartAt":"B","States":{"A":{"Type":"Succeed"}}}"#, ROLE).check(),
            Err(Error::DefinitionRejected { diagnostics }) if !diagnostics.is_empty()
        ));
        let huge = format!(
            r#"{{"StartAt":"A","States":{{"A":{{"Type":"Pass","Result":"{}","End":true}}}}}}"#,
            "x".repeat(MAX_DEFINITION_BYTES)
        );
        assert!(matches!(
            StateMachineSpec::new("n", huge, ROLE).check(),
            Err(Error::TooLarge {
                what: "definition",
                ..
            })
        ));
    }

    #[test]
    fn role_arns() {
        let r = role_arn("arn:aws-cn:iam::111122223333:role/path/x").unwrap();
        assert_eq!((r.partition(), r.account()), ("aws-cn", "111122223333"));
        assert!(matches!(
            role_arn("arn:aws:iam::111122223333:user/x"),
            Err(Error::Config(m)) if m.starts_with("Invalid Role Arn: 'arn:aws:iam::111122223333:user/x'")
        ));
    }
}
