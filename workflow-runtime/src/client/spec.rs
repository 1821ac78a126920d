//! What a deployment asks for: [`StateMachineSpec`] and its settings.

use super::error::{Error, Result};
use crate::Workflow;
use crate::asl::validate::MAX_DEFINITION_BYTES;
use crate::asl::{ExecutionType, StateMachine, ValidationOptions};
use std::collections::BTreeMap;
use workflow_asl::path::find_substitutions;
use workflow_aws_models::RoleArn;

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
///     "arn:aws:iam::123456789012:role/StepFunctionsRole".parse()?,
/// )
/// .express()
/// .tracing(true)
/// .logging(LoggingConfig::new(LogLevel::Error))
/// .tag("team", "orders");
/// assert!(spec.check().is_ok());
/// # Ok::<(), workflow_runtime::aws_models::RoleArnError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct StateMachineSpec {
    /// The state machine name (1–80 characters).
    pub name: String,
    /// The ASL definition, as JSON text, possibly with `${Name}` substitutions.
    pub definition: String,
    /// The execution role's ARN.
    pub role_arn: RoleArn,
    /// `STANDARD` or `EXPRESS` (cannot change once created).
    pub machine_type: ExecutionType,
    /// The type the workflow declares, for the spec of a `workflow!` type
    /// ([`StateMachineSpec::for_workflow`]: `Workflow::MACHINE_TYPE`, which is also its
    /// `machine_type`); [`check`](Self::check) refuses another `machine_type` with
    /// [`Error::MachineTypeMismatch`]. `None` for any other definition.
    pub declared_type: Option<ExecutionType>,
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
    pub fn new(name: impl Into<String>, definition: impl Into<String>, role_arn: RoleArn) -> Self {
        Self {
            name: name.into(),
            definition: definition.into(),
            role_arn,
            machine_type: ExecutionType::Standard,
            declared_type: None,
            logging: None,
            tracing: false,
            tags: Vec::new(),
            substitutions: BTreeMap::new(),
        }
    }

    /// The spec of a workflow type: its name, its type ([`Workflow::MACHINE_TYPE`], which the
    /// spec keeps: deploying it as the other type is [`Error::MachineTypeMismatch`]) and its
    /// indented ASL (compact when the indented text would be over the 1 MiB limit).
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
    /// let spec = StateMachineSpec::for_workflow::<Hello>("arn:aws:iam::123456789012:role/r".parse()?);
    /// assert_eq!(spec.name, "Hello");
    /// # Ok::<(), workflow_runtime::aws_models::RoleArnError>(())
    /// ```
    pub fn for_workflow<W: Workflow>(role_arn: RoleArn) -> Self {
        let mut spec = Self::new(W::NAME, workflow_definition::<W>(), role_arn);
        spec.machine_type = W::MACHINE_TYPE;
        spec.declared_type = Some(W::MACHINE_TYPE);
        spec
    }

    /// The spec of a typed model, serialised as indented JSON.
    pub fn from_machine(
        name: impl Into<String>,
        machine: &StateMachine,
        role_arn: RoleArn,
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
        substitution_names(&self.definition)
    }

    /// What the spec deploys but its role: what the role's policy and a template are made of.
    pub(crate) fn deployable(&self) -> Deployable<'_> {
        Deployable {
            name: &self.name,
            definition: &self.definition,
            machine_type: self.machine_type,
            logging: self.logging.as_ref(),
            tracing: self.tracing,
            tags: &self.tags,
            substitutions: Some(&self.substitutions),
        }
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
    ///   `workflow!` macro and `workflow validate`.
    ///
    /// The role is an IAM role's ARN by its type ([`RoleArn`]).
    pub fn check(&self) -> Result<String> {
        if let Some(declared) = self.declared_type
            && declared != self.machine_type
        {
            return Err(Error::MachineTypeMismatch {
                name: self.name.clone(),
                declared,
                requested: self.machine_type,
            });
        }
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
        Ok(definition)
    }
}

/// A workflow type's definition as a spec deploys it: indented, compact when the indented text
/// would be over [`MAX_DEFINITION_BYTES`].
fn workflow_definition<W: Workflow>() -> &'static str {
    if W::ASL_PRETTY.len() <= MAX_DEFINITION_BYTES {
        W::ASL_PRETTY
    } else {
        W::ASL
    }
}

/// The names of the `${Name}` substitutions of `definition`, each once, in order.
fn substitution_names(definition: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for s in find_substitutions(definition) {
        if !names.contains(&s.name) {
            names.push(s.name);
        }
    }
    names
}

/// A state machine as it is deployed, without its execution role: what the role's least
/// privilege policy ([`super::iam`]) and a CloudFormation template ([`super::cloudformation`],
/// which may make the role) are made of; a [`StateMachineSpec`]'s, or a workflow type's with
/// the spec's defaults.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Deployable<'a> {
    pub name: &'a str,
    pub definition: &'a str,
    pub machine_type: ExecutionType,
    pub logging: Option<&'a LoggingConfig>,
    pub tracing: bool,
    pub tags: &'a [(String, String)],
    /// The values given for substitutions; `None`: none.
    pub substitutions: Option<&'a BTreeMap<String, String>>,
}

impl Deployable<'static> {
    /// The workflow type `W` with [`StateMachineSpec::for_workflow`]'s defaults.
    pub(crate) fn workflow<W: Workflow>() -> Self {
        Deployable {
            name: W::NAME,
            definition: workflow_definition::<W>(),
            machine_type: W::MACHINE_TYPE,
            logging: None,
            tracing: false,
            tags: &[],
            substitutions: None,
        }
    }
}

impl Deployable<'_> {
    /// The names of the definition's `${Name}` substitutions, each once, in order.
    pub(crate) fn substitution_names(&self) -> Vec<String> {
        substitution_names(self.definition)
    }

    /// The value given for the substitution `name`.
    pub(crate) fn substitution(&self, name: &str) -> Option<&str> {
        self.substitutions?.get(name).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OK: &str =
        r#"{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"${Fn}","End":true}}}"#;
    fn role() -> RoleArn {
        "arn:aws:iam::123456789012:role/r".parse().unwrap()
    }

    /// Issue 75: a workflow's spec takes its type, and refuses the other before anything is
    /// sent.
    #[test]
    fn a_workflows_spec_is_of_its_type_and_refuses_the_other() {
        struct Quick;
        impl Workflow for Quick {
            type Input = serde_json::Value;
            type Output = serde_json::Value;
            const NAME: &'static str = "Quick";
            const ASL: &'static str = r#"{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}"#;
            const MACHINE_TYPE: ExecutionType = ExecutionType::Express;
        }
        let spec = StateMachineSpec::for_workflow::<Quick>(role());
        assert_eq!(spec.machine_type, ExecutionType::Express);
        assert!(spec.check().is_ok());
        let standard = spec.machine_type(ExecutionType::Standard);
        match standard.check() {
            Err(e @ Error::MachineTypeMismatch { .. }) => {
                assert!(
                    e.to_string().contains("workflow `Quick` is of the type EXPRESS (`type = express` in its `workflow!`), and cannot be deployed as STANDARD"),
                    "{e}"
                );
            }
            other => panic!("{other:?}"),
        }
        // Any other definition is of the type asked for.
        assert!(
            StateMachineSpec::new("n", Quick::ASL, role())
                .express()
                .check()
                .is_ok()
        );
    }

    #[test]
    fn substitutions_are_resolved_textually() {
        let spec = StateMachineSpec::new("n", OK, role());
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
    fn refuses_bad_names_and_definitions() {
        let good = r#"{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}"#;
        assert!(matches!(
            StateMachineSpec::new("a b", good, role()).check(),
            Err(Error::NameRejected { .. })
        ));
        assert!(matches!(
            StateMachineSpec::new("n", r#"{"StartAt":"B","States":{"A":{"Type":"Succeed"}}}"#, role()).check(),
            Err(Error::DefinitionRejected { diagnostics }) if !diagnostics.is_empty()
        ));
        let huge = format!(
            r#"{{"StartAt":"A","States":{{"A":{{"Type":"Pass","Result":"{}","End":true}}}}}}"#,
            "x".repeat(MAX_DEFINITION_BYTES)
        );
        assert!(matches!(
            StateMachineSpec::new("n", huge, role()).check(),
            Err(Error::TooLarge {
                what: "definition",
                ..
            })
        ));
    }
}
