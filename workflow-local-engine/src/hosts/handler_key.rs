//! What a handler is registered for ([`HandlerKey`]): a Task state by name, a service
//! integration, or a raw `Resource` string; and the check, when a run starts, that every key
//! matches a Task of the workflow ([`unmatched`]).

use crate::core::program::{Body, Program};
use serde_json::Value;
use std::fmt;
use std::sync::Arc;
use workflow_asl::StateMachine;
use workflow_aws_models::{Integration, LambdaFunctionRef, Resource};
use workflow_jsonata::jsonata_string::is_jsonata;
use workflow_text::suggest::{Suggester, did_you_mean};

/// What a handler stands in for.
///
/// ```
/// use workflow_runtime::engine::HandlerKey;
/// use workflow_runtime::aws_models::{Integration, Pattern};
///
/// let by_state = HandlerKey::state("Train model");
/// let by_integration: HandlerKey =
///     Integration::named("sagemaker", "create_training_job", Pattern::Sync).unwrap().into();
/// let by_resource: HandlerKey = "arn:aws:lambda:us-east-1:123456789012:function:f".into();
/// assert_eq!(by_state.to_string(), "Task state `Train model`");
/// assert_eq!(by_integration.to_string(), "integration `arn:aws:states:::sagemaker:createTrainingJob.sync`");
/// assert!(matches!(by_resource, HandlerKey::Resource(_)));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HandlerKey {
    /// The Task state of this name (or the Map state whose `ItemReader` calls the resource).
    State(String),
    /// Every Task whose `Resource` names this service integration (in any partition).
    Integration(Integration),
    /// Every Task whose `Resource` is written exactly so: a Lambda function or activity ARN,
    /// or an integration's ARN written out.
    Resource(Resource),
    /// The Lambda function of this name (what [`crate::Engine::lambda`] registers):
    /// `lambda:invoke` Tasks whose `FunctionName` names it, and Tasks whose `Resource` is its
    /// ARN. The handler gets the `Payload`; its result is wrapped as Lambda's.
    Lambda(String),
}

impl HandlerKey {
    /// The key of the Task state named `name`.
    pub fn state(name: impl Into<String>) -> Self {
        HandlerKey::State(name.into())
    }

    /// Whether this key serves the Task `state` calling `resource` (its integration being
    /// `integration`, when it names one).
    pub(crate) fn serves(&self, state: &str, resource: &Resource) -> bool {
        match self {
            HandlerKey::State(name) => name == state,
            HandlerKey::Resource(r) => r == resource,
            HandlerKey::Integration(i) => resource.integration() == Some(i),
            // Matched by the function names the Tasks write (see [`LambdaSites`]).
            HandlerKey::Lambda(_) => false,
        }
    }
}

impl fmt::Display for HandlerKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HandlerKey::State(name) => write!(f, "Task state `{name}`"),
            HandlerKey::Integration(i) => write!(f, "integration `{}`", i.resource()),
            HandlerKey::Resource(r) => write!(f, "resource `{r}`"),
            HandlerKey::Lambda(name) => write!(f, "Lambda function `{name}`"),
        }
    }
}

/// A raw `Resource` string, as `Engine::handler` took before keys existed.
impl From<&str> for HandlerKey {
    fn from(resource: &str) -> Self {
        HandlerKey::Resource(Resource::parse(resource))
    }
}

/// A raw `Resource` string.
impl From<String> for HandlerKey {
    fn from(resource: String) -> Self {
        HandlerKey::Resource(Resource::parse(resource))
    }
}

/// A raw `Resource` string.
impl From<&String> for HandlerKey {
    fn from(resource: &String) -> Self {
        HandlerKey::Resource(Resource::parse(resource.as_str()))
    }
}

/// A resource.
impl From<Resource> for HandlerKey {
    fn from(resource: Resource) -> Self {
        HandlerKey::Resource(resource)
    }
}

impl From<Integration> for HandlerKey {
    fn from(integration: Integration) -> Self {
        HandlerKey::Integration(integration)
    }
}

/// A Task state of a `workflow!` (the constants the macro emits per Task state).
impl<Req, Resp, Kind> From<crate::TaskRef<Req, Resp, Kind>> for HandlerKey {
    fn from(task: crate::TaskRef<Req, Resp, Kind>) -> Self {
        HandlerKey::State(task.name.to_owned())
    }
}

/// One place of a compiled machine that calls a resource: a Task state, or a Map state's
/// `ItemReader`.
#[derive(Clone, Debug)]
pub(crate) struct TaskSite {
    pub state: Arc<str>,
    pub resource: Resource,
}

/// Every place of `program` that calls a resource, in scope order.
pub(crate) fn task_sites(program: &Program) -> Vec<TaskSite> {
    let mut sites = Vec::new();
    for node in program.scopes.iter().flat_map(|s| &s.nodes) {
        let resource = match &node.body {
            Body::Task { resource, .. } => resource,
            Body::Map(map) => match &map.reader {
                Some((resource, ..)) => resource,
                None => continue,
            },
            _ => continue,
        };
        sites.push(TaskSite {
            state: Arc::clone(&node.name),
            resource: resource.clone(),
        });
    }
    sites
}

/// A handler or mock whose key matches no Task of the workflow, and the closest Task.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnmatchedHandler {
    /// The key as registered (a mocked state is [`HandlerKey::State`]).
    pub key: HandlerKey,
    /// Whether the key is a mocked response's rather than a handler's.
    pub mocked: bool,
    /// The closest Task state name (for a state key) or resource (for the others).
    pub closest: Option<String>,
    /// The workflow's Task state names (for a state key), Lambda function names (for a Lambda
    /// key) or resources (for the others), in definition order.
    pub candidates: Vec<String>,
}

impl fmt::Display for UnmatchedHandler {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = if self.mocked {
            "mocked response"
        } else {
            "handler"
        };
        write!(
            f,
            "the {what} for {} matches no Task of the workflow",
            self.key
        )?;
        match (&self.closest, self.candidates.as_slice()) {
            (Some(closest), _) => write!(f, "; did you mean `{closest}`?"),
            (None, []) if matches!(self.key, HandlerKey::Lambda(_)) => {
                f.write_str("; the workflow calls no Lambda function")
            }
            (None, []) => f.write_str("; the workflow has no Task state"),
            (None, candidates) => {
                let shown: Vec<String> = candidates
                    .iter()
                    .take(8)
                    .map(|c| format!("`{c}`"))
                    .collect();
                let more = candidates.len().saturating_sub(shown.len());
                write!(f, "; its Tasks call {}", shown.join(", "))?;
                if more > 0 {
                    write!(f, " (and {more} more)")?;
                }
                Ok(())
            }
        }
    }
}

/// The Lambda functions a machine's Tasks call: the names they write, and whether some Task
/// computes its function (a path, a JSONata expression, a `${…}` substitution), which any
/// name may then be.
#[derive(Clone, Debug, Default)]
pub(crate) struct LambdaSites {
    names: Vec<String>,
    computed: bool,
}

impl LambdaSites {
    fn serves(&self, name: &str) -> bool {
        self.computed || self.names.iter().any(|n| n == name)
    }
}

/// The Lambda functions `machine`'s Tasks call (nested states included).
pub(crate) fn lambda_sites(machine: &StateMachine) -> LambdaSites {
    let mut sites = LambdaSites::default();
    for (_, task) in machine.walk().tasks() {
        let resource = &task.resource;
        if !resource.substitutions().is_empty() {
            sites.computed = true;
        } else if resource
            .integration()
            .is_some_and(Integration::is_lambda_invoke)
        {
            let literal = |v: Option<&Value>| match v {
                // Text in none of Lambda's forms is kept whole: no handler's name matches it.
                Some(Value::String(s)) if !is_jsonata(s) => Some(
                    LambdaFunctionRef::parse(s)
                        .map_or(s.as_str(), |f| f.name)
                        .to_owned(),
                ),
                _ => None,
            };
            let parameters = task.parameters.as_ref();
            let arguments = task.arguments.as_ref();
            let written = literal(parameters.and_then(|p| p.get("FunctionName")))
                .or_else(|| literal(arguments.and_then(|a| a.get("FunctionName"))));
            match written {
                Some(name) => sites.names.push(name),
                None => sites.computed = true,
            }
        } else if let Some(function) = resource.lambda_function() {
            sites.names.push(function.name.to_owned());
        }
    }
    sites
}

/// The keys of `keys` that serve none of `sites` (nor, for Lambda functions, `lambdas`), each
/// with the closest site.
pub(crate) fn unmatched<'k>(
    keys: impl Iterator<Item = (&'k HandlerKey, bool)>,
    sites: &[TaskSite],
    lambdas: &LambdaSites,
) -> Vec<UnmatchedHandler> {
    let missing: Vec<(&HandlerKey, bool)> = keys
        .filter(|(key, _)| match key {
            HandlerKey::Lambda(name) => !lambdas.serves(name),
            _ => !sites.iter().any(|s| key.serves(&s.state, &s.resource)),
        })
        .collect();
    if missing.is_empty() {
        return Vec::new();
    }
    // Only now (a run that will not start) the candidates and their suggesters.
    let mut seen = std::collections::HashSet::new();
    let states: Vec<&str> = sites
        .iter()
        .map(|s| &*s.state)
        .filter(|s| seen.insert(*s))
        .collect();
    let mut seen = std::collections::HashSet::new();
    let unique: Vec<&Resource> = sites
        .iter()
        .map(|s| &s.resource)
        .filter(|r| seen.insert(r.as_str()))
        .collect();
    let resources: Vec<&str> = unique.iter().map(|r| r.as_str()).collect();
    // Integrations are compared without the `arn:<partition>:states:::` they all share, so
    // that the suggestion is about the service and action.
    let short_names: Vec<String> = unique.iter().map(|r| r.short_name()).collect();
    let short: Vec<&str> = short_names.iter().map(String::as_str).collect();
    let mut by_state = Suggester::new(&states);
    let mut by_resource = Suggester::new(&short);
    let full = |s: Option<&str>| {
        s.and_then(|s| short.iter().position(|c| *c == s))
            .and_then(|i| resources.get(i).copied())
    };
    let mut found = Vec::new();
    for (key, mocked) in missing {
        let (closest, candidates) = match key {
            HandlerKey::State(name) => (by_state.suggest(name), &states),
            HandlerKey::Resource(r) => (full(by_resource.suggest(&r.short_name())), &resources),
            HandlerKey::Integration(i) => (full(by_resource.suggest(&i.path())), &resources),
            HandlerKey::Lambda(name) => {
                let names: Vec<&str> = lambdas.names.iter().map(String::as_str).collect();
                let closest = did_you_mean(name, &names);
                found.push(UnmatchedHandler {
                    key: key.clone(),
                    mocked,
                    closest: closest.map(str::to_owned),
                    candidates: lambdas.names.clone(),
                });
                continue;
            }
        };
        found.push(UnmatchedHandler {
            key: key.clone(),
            mocked,
            closest: closest.map(str::to_owned),
            candidates: candidates.iter().map(|c| (*c).to_owned()).collect(),
        });
    }
    found
}
