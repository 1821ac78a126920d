//! A CloudFormation template (JSON or YAML) that deploys a workflow: an
//! `AWS::StepFunctions::StateMachine` whose `DefinitionSubstitutions` fill in the definition's
//! `${Name}` substitutions, and by default its execution role with the least-privilege policy
//! of [`iam`](super::iam).
//!
//! Compared with the Data Science SDK's `get_cloudformation_template()` (YAML only, one
//! resource, no parameters, no type, no tags): substitutions become template parameters (or
//! pseudo parameters for `${AWS::…}`), the type, logging, tracing and tags are kept, and the
//! role is generated from what the tasks need instead of pasted by hand.
//!
//! ```
//! use workflow_runtime::client::StateMachineSpec;
//! use workflow_runtime::client::cloudformation::{template, TemplateOptions};
//!
//! let spec = StateMachineSpec::new(
//!     "Hello",
//!     r#"{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"${FnArn}","End":true}}}"#,
//!     "arn:aws:iam::123456789012:role/Hello".parse()?,
//! );
//! let t = template(&spec, &TemplateOptions::default())?;
//! let v = t.to_value();
//! assert_eq!(v["Resources"]["StateMachine"]["Properties"]["DefinitionSubstitutions"]["FnArn"]["Ref"], "FnArn");
//! assert!(t.to_yaml().contains("Type: \"AWS::StepFunctions::StateMachine\""));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::error::Result;
use super::iam::{PolicyContext, policy_for};
use super::spec::Deployable;
use super::{LogLevel, StateMachineSpec};
use crate::Workflow;
use serde_json::{Map, Value, json};
use workflow_asl::path::find_substitutions;
use workflow_aws_models::RoleArn;

/// Where the template's state machine gets its execution role.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum TemplateRole {
    /// A `StateMachineRole` resource with the least-privilege policy (the default).
    #[default]
    Generated,
    /// This role's ARN, written into the template.
    Arn(RoleArn),
    /// A `RoleArn` template parameter.
    Parameter,
}

/// How the template is written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TemplateOptions {
    /// The template's `Description` (default: names the state machine).
    pub description: Option<String>,
    /// The execution role.
    pub role: TemplateRole,
}

/// A CloudFormation template.
#[derive(Clone, Debug, PartialEq)]
pub struct Template {
    value: Value,
}

impl Template {
    /// The template as a JSON value.
    pub fn to_value(&self) -> &Value {
        &self.value
    }

    /// The template as indented JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&self.value).unwrap_or_default()
    }

    /// The template as YAML (see the emitter's notes in the module source: every string
    /// double-quoted or a literal block).
    pub fn to_yaml(&self) -> String {
        super::yaml::to_yaml(&self.value)
    }
}

/// The template for a workflow type, with the spec's defaults (see [`template`]).
pub fn template_for<W: Workflow>(options: &TemplateOptions) -> Result<Template> {
    template_with(Deployable::workflow::<W>(), options, W::SUBSTITUTIONS)
}

/// A CloudFormation parameter name: letters and digits only.
fn parameter_name(name: &str) -> String {
    let cleaned: String = name.chars().filter(char::is_ascii_alphanumeric).collect();
    if cleaned.is_empty() {
        "Substitution".to_owned()
    } else {
        cleaned
    }
}

/// The template for `spec`. The definition is written as `DefinitionString` with its
/// substitutions as written; each `${Name}` becomes a `DefinitionSubstitutions` entry: a
/// `Ref` to the pseudo parameter for `${AWS::…}`, otherwise to a template parameter (its
/// default the value given with [`StateMachineSpec::substitute`], if any). The role is the
/// one `options` says ([`TemplateRole`]), not the spec's.
pub fn template(spec: &StateMachineSpec, options: &TemplateOptions) -> Result<Template> {
    template_with(spec.deployable(), options, &[])
}

/// [`template`], with substitutions declared beside those found in the definition
/// (`Workflow::SUBSTITUTIONS`).
fn template_with(
    spec: Deployable<'_>,
    options: &TemplateOptions,
    declared: &[&str],
) -> Result<Template> {
    let mut parameters = Map::new();
    let mut substitutions = Map::new();
    // substitution name -> what it refers to, for Fn::Sub in the policy
    let mut sub_vars = Map::new();
    let mut names = spec.substitution_names();
    for d in declared {
        if !names.iter().any(|n| n == d) {
            names.push((*d).to_owned());
        }
    }
    for name in names {
        if name.starts_with("AWS::") {
            substitutions.insert(name.clone(), json!({"Ref": name}));
            continue;
        }
        let mut param = parameter_name(&name);
        while parameters.contains_key(&param) || param == "RoleArn" {
            param.push('X');
        }
        let mut p = Map::new();
        p.insert("Type".into(), json!("String"));
        p.insert(
            "Description".into(),
            json!(format!("The value of ${{{name}}} in the definition")),
        );
        if let Some(default) = spec.substitution(&name) {
            p.insert("Default".into(), json!(default));
        }
        parameters.insert(param.clone(), Value::Object(p));
        substitutions.insert(name.clone(), json!({"Ref": param}));
        sub_vars.insert(name, json!({"Ref": param}));
    }

    let mut resources = Map::new();
    let role_arn = match &options.role {
        TemplateRole::Generated => {
            let policy = policy_for(spec, &PolicyContext::default())?;
            let document = with_fn_sub(&policy.to_value(), &sub_vars);
            let mut props = Map::new();
            props.insert(
                "AssumeRolePolicyDocument".into(),
                json!({
                    "Version": "2012-10-17",
                    "Statement": [{
                        "Effect": "Allow",
                        "Principal": {"Service": "states.amazonaws.com"},
                        "Action": "sts:AssumeRole"
                    }]
                }),
            );
            if !policy.statements.is_empty() {
                props.insert(
                    "Policies".into(),
                    json!([{"PolicyName": "StateMachineExecution", "PolicyDocument": document}]),
                );
            }
            resources.insert(
                "StateMachineRole".into(),
                json!({"Type": "AWS::IAM::Role", "Properties": Value::Object(props)}),
            );
            json!({"Fn::GetAtt": ["StateMachineRole", "Arn"]})
        }
        TemplateRole::Arn(role) => json!(role),
        TemplateRole::Parameter => {
            parameters.insert(
                "RoleArn".into(),
                json!({"Type": "String", "Description": "The state machine's execution role ARN"}),
            );
            json!({"Ref": "RoleArn"})
        }
    };

    let mut props = Map::new();
    props.insert("StateMachineName".into(), json!(spec.name));
    props.insert("StateMachineType".into(), json!(spec.machine_type.as_str()));
    props.insert("DefinitionString".into(), json!(spec.definition));
    if !substitutions.is_empty() {
        props.insert(
            "DefinitionSubstitutions".into(),
            Value::Object(substitutions),
        );
    }
    props.insert("RoleArn".into(), role_arn);
    if let Some(l) = spec.logging {
        let mut logging = Map::new();
        logging.insert("Level".into(), json!(l.level.as_str()));
        logging.insert(
            "IncludeExecutionData".into(),
            json!(l.include_execution_data),
        );
        if !l.log_group_arns.is_empty() && l.level != LogLevel::Off {
            let destinations: Vec<Value> = l
                .log_group_arns
                .iter()
                .map(|arn| json!({"CloudWatchLogsLogGroup": {"LogGroupArn": arn}}))
                .collect();
            logging.insert("Destinations".into(), json!(destinations));
        }
        props.insert("LoggingConfiguration".into(), Value::Object(logging));
    }
    if spec.tracing {
        props.insert("TracingConfiguration".into(), json!({"Enabled": true}));
    }
    if !spec.tags.is_empty() {
        let tags: Vec<Value> = spec
            .tags
            .iter()
            .map(|(k, v)| json!({"Key": k, "Value": v}))
            .collect();
        props.insert("Tags".into(), json!(tags));
    }
    resources.insert(
        "StateMachine".into(),
        json!({"Type": "AWS::StepFunctions::StateMachine", "Properties": Value::Object(props)}),
    );

    let mut t = Map::new();
    t.insert("AWSTemplateFormatVersion".into(), json!("2010-09-09"));
    t.insert(
        "Description".into(),
        json!(options.description.clone().unwrap_or_else(|| format!(
            "The AWS Step Functions state machine {} (generated by workflow-runtime)",
            spec.name
        ))),
    );
    if !parameters.is_empty() {
        t.insert("Parameters".into(), Value::Object(parameters));
    }
    t.insert("Resources".into(), Value::Object(resources));
    t.insert(
        "Outputs".into(),
        json!({
            "StateMachineArn": {"Value": {"Ref": "StateMachine"}},
            "StateMachineName": {"Value": {"Fn::GetAtt": ["StateMachine", "Name"]}}
        }),
    );
    Ok(Template {
        value: Value::Object(t),
    })
}

/// `value` with every string holding `${…}` substitutions wrapped in `Fn::Sub` (with a
/// variable map for the definition's own substitutions).
fn with_fn_sub(value: &Value, vars: &Map<String, Value>) -> Value {
    match value {
        Value::String(s) => {
            let found = find_substitutions(s);
            if found.is_empty() {
                return value.clone();
            }
            let mut used = Map::new();
            for f in &found {
                if let Some(v) = vars.get(&f.name) {
                    used.insert(f.name.clone(), v.clone());
                }
            }
            if used.is_empty() {
                json!({"Fn::Sub": s})
            } else {
                json!({"Fn::Sub": [s, Value::Object(used)]})
            }
        }
        Value::Array(a) => Value::Array(a.iter().map(|v| with_fn_sub(v, vars)).collect()),
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| (k.clone(), with_fn_sub(v, vars)))
                .collect(),
        ),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role() -> RoleArn {
        "arn:aws:iam::123456789012:role/r".parse().unwrap()
    }

    #[test]
    fn substitutions_become_parameters_and_the_policy_uses_fn_sub() {
        let spec = StateMachineSpec::new(
            "Orders",
            r#"{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:${AWS::Partition}:states:::lambda:invoke",
                "Parameters":{"FunctionName":"${Fn-Name}"},"End":true}}}"#,
            role(),
        )
        .substitute("Fn-Name", "ship")
        .tag("team", "x");
        let t = template(&spec, &TemplateOptions::default()).unwrap();
        let v = t.to_value();
        assert_eq!(v["Parameters"]["FnName"]["Default"], "ship");
        let subs = &v["Resources"]["StateMachine"]["Properties"]["DefinitionSubstitutions"];
        assert_eq!(subs["AWS::Partition"]["Ref"], "AWS::Partition");
        assert_eq!(subs["Fn-Name"]["Ref"], "FnName");
        let statement = &v["Resources"]["StateMachineRole"]["Properties"]["Policies"][0]["PolicyDocument"]
            ["Statement"][0];
        assert_eq!(
            statement["Resource"][0]["Fn::Sub"][0],
            "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${Fn-Name}"
        );
        assert_eq!(
            statement["Resource"][0]["Fn::Sub"][1]["Fn-Name"]["Ref"],
            "FnName"
        );
        assert_eq!(
            v["Resources"]["StateMachine"]["Properties"]["Tags"][0]["Key"],
            "team"
        );
    }

    #[test]
    fn role_as_parameter_or_arn() {
        let spec = StateMachineSpec::new(
            "N",
            r#"{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}"#,
            role(),
        )
        .express();
        let v = template(
            &spec,
            &TemplateOptions {
                role: TemplateRole::Parameter,
                ..Default::default()
            },
        )
        .unwrap()
        .to_value()
        .clone();
        assert_eq!(
            v["Resources"]["StateMachine"]["Properties"]["RoleArn"]["Ref"],
            "RoleArn"
        );
        assert_eq!(
            v["Resources"]["StateMachine"]["Properties"]["StateMachineType"],
            "EXPRESS"
        );
        let v = template(
            &spec,
            &TemplateOptions {
                role: TemplateRole::Arn(spec.role_arn.clone()),
                ..Default::default()
            },
        )
        .unwrap()
        .to_value()
        .clone();
        assert_eq!(
            v["Resources"]["StateMachine"]["Properties"]["RoleArn"],
            "arn:aws:iam::123456789012:role/r"
        );
    }

    #[test]
    fn a_workflow_types_template_writes_the_role_it_is_given() {
        struct Hello;
        impl Workflow for Hello {
            type Input = Value;
            type Output = Value;
            const NAME: &'static str = "Hello";
            const ASL: &'static str =
                r#"{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}"#;
        }
        let v = template_for::<Hello>(&TemplateOptions {
            role: TemplateRole::Arn("arn:aws:iam::123456789012:role/hello".parse().unwrap()),
            ..Default::default()
        })
        .unwrap()
        .to_value()
        .clone();
        let properties = &v["Resources"]["StateMachine"]["Properties"];
        assert_eq!(
            properties["RoleArn"],
            "arn:aws:iam::123456789012:role/hello"
        );
        assert_eq!(properties["StateMachineName"], "Hello");
        assert!(v["Resources"].get("StateMachineRole").is_none());
        let v = template_for::<Hello>(&TemplateOptions::default())
            .unwrap()
            .to_value()
            .clone();
        assert_eq!(
            v["Resources"]["StateMachine"]["Properties"]["RoleArn"]["Fn::GetAtt"][0],
            "StateMachineRole"
        );
    }
}
