//! The trait every workflow declared with `workflow!` implements, so that generic code (the
//! deployment client, the local engine, tests) can take any of them: data only (its name, its
//! definition, its types); the pictures of a workflow are `workflow_runtime::pictures::WorkflowPictures`.

use crate::input_schema::InputType;
use crate::task_kind::Unknown;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::marker::PhantomData;
use workflow_asl::{ExecutionType, StateMachine};
use workflow_aws_models::{ResourceType, StatesArn};

/// A workflow: a name, its ASL definition (a compile-time constant) and its typed input.
///
/// ```
/// use workflow_runtime::Workflow;
///
/// struct Hello;
/// impl Workflow for Hello {
///     type Input = serde_json::Value;
///     type Output = serde_json::Value;
///     const NAME: &'static str = "Hello";
///     const ASL: &'static str = r#"{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}"#;
/// }
/// assert_eq!(Hello::definition().start_at, "A");
/// ```
pub trait Workflow {
    /// The execution input (a serde struct generated from the `input { ... }` schema).
    type Input: Serialize + DeserializeOwned;
    /// What the workflow ends with: the `<Name>Output` that `workflow!` generates from the
    /// data-flow types (`serde_json::Value` where they do not know it). Read a finished
    /// execution's output with it, locally or on AWS: `execution.output_as::<W::Output>()`.
    type Output: DeserializeOwned;
    /// The workflow's name: the default state machine name.
    const NAME: &'static str;
    /// The ASL definition, compact JSON.
    const ASL: &'static str;
    /// The type of state machine the workflow is: STANDARD (the default) or EXPRESS, as
    /// `workflow!` declares it (`type = express;`). The macro checks every rule of that type
    /// at compile time (no `.sync`, `.waitForTaskToken` or activity in an EXPRESS workflow, its
    /// five minutes); the deployment client creates the state machine of this type, the local
    /// engine runs the workflow as one, and each refuses another type
    /// (`EngineError::MachineTypeMismatch`, `client::Error::MachineTypeMismatch`).
    const MACHINE_TYPE: ExecutionType = ExecutionType::Standard;
    /// The ASL definition, indented JSON.
    const ASL_PRETTY: &'static str = Self::ASL;
    /// The graph as a Mermaid `stateDiagram-v2`, computed at compile time by `workflow!`
    /// (empty for a hand-written implementation: see
    /// `workflow_runtime::pictures::WorkflowPictures::graph`).
    const MERMAID: &'static str = "";
    /// The shape of [`Workflow::Input`], from the `input { … }` schema (`workflow!` emits it;
    /// [`InputType::Any`] for a workflow without a schema or a hand-written implementation).
    const INPUT_SCHEMA: InputType = InputType::Any;
    /// The `${Name}` deployment substitutions the definition uses.
    const SUBSTITUTIONS: &'static [&'static str] = &[];
    /// The workflows its Tasks start by a typed reference (`StateMachineArn: workflow(Child)`
    /// in `workflow!`), each standing in the definition as a deployment substitution of its
    /// ARN (also in [`Workflow::SUBSTITUTIONS`]), which `Client::deploy` fills in.
    const STARTED: &'static [StartedWorkflow] = &[];
    /// Every item `workflow!` generated for this workflow, with its shape: a markdown list of
    /// the input and output types and the Task constants with their types (empty for a
    /// hand-written implementation). `workflow mcp` serves it as a resource.
    const GENERATED_ITEMS: &'static str = "";
    /// Where the definition is written: the file of the `workflow!` invocation (or of the ASL
    /// file it reads) and the line of each point a run can reach, which coverage reports
    /// (`workflow coverage --format lcov`) point at. Unknown for a hand-written
    /// implementation.
    const SOURCE: WorkflowSource = WorkflowSource::UNKNOWN;

    /// The definition as the typed model. `workflow!` decodes it once (a static; the macro
    /// validated it at compile time, so decoding cannot fail). A hand-written implementation
    /// whose `ASL` does not decode gets a machine of one Fail state, `Workflow.InvalidDefinition`,
    /// whose cause gives the decoder's diagnostics: a run fails saying why, never silently.
    fn definition() -> StateMachine {
        StateMachine::from_json(Self::ASL).unwrap_or_else(|e| undecodable(Self::NAME, &e))
    }
}

/// A workflow another one starts by a typed reference ([`Workflow::STARTED`]): the
/// substitution that stands for its state machine's ARN in the starting workflow's definition,
/// its name and its type.
///
/// ```
/// use workflow_runtime::StartedWorkflow;
/// use workflow_runtime::asl::ExecutionType;
/// let started = StartedWorkflow {
///     substitution: "BackendArn",
///     name: "Backend",
///     machine_type: ExecutionType::Express,
/// };
/// assert_eq!(started.placeholder(), "${BackendArn}");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StartedWorkflow {
    /// The deployment substitution (`BackendArn`, written `${BackendArn}`).
    pub substitution: &'static str,
    /// The started workflow's name ([`Workflow::NAME`]): its state machine's name.
    pub name: &'static str,
    /// Its type ([`Workflow::MACHINE_TYPE`]).
    pub machine_type: ExecutionType,
}

impl StartedWorkflow {
    /// The substitution as the definition writes it: `${BackendArn}`.
    pub fn placeholder(&self) -> String {
        format!("${{{}}}", self.substitution)
    }
}

/// Where a workflow's definition is written ([`Workflow::SOURCE`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WorkflowSource {
    /// The file, as `file!()` names it (relative to the directory Cargo compiles in, the
    /// workspace's root), or the ASL file's path named alike.
    pub file: &'static str,
    /// The line (1-based) where each point of the definition (`StateMachine::points`) is
    /// written, by its JSON pointer.
    pub lines: &'static [(&'static str, u32)],
}

impl WorkflowSource {
    /// No known source.
    pub const UNKNOWN: WorkflowSource = WorkflowSource {
        file: "",
        lines: &[],
    };
}

/// The machine standing in for an `ASL` constant that does not decode: one Fail state whose
/// cause says why.
#[doc(hidden)]
pub fn undecodable(name: &str, error: &workflow_asl::DecodeError) -> StateMachine {
    let diagnostics: Vec<String> = error.diagnostics.iter().map(ToString::to_string).collect();
    let definition = serde_json::json!({
        "StartAt": "InvalidDefinition",
        "States": {
            "InvalidDefinition": {
                "Type": "Fail",
                "Error": "Workflow.InvalidDefinition",
                "Cause": format!("the ASL of `{name}` does not decode: {}", diagnostics.join("; ")),
            }
        }
    });
    StateMachine::from_json(&definition.to_string()).unwrap_or_default()
}

/// A Task state of a workflow, typed by what it exchanges: `workflow!` emits one constant per
/// Task state on the workflow's type (`Orders::CHARGE_PAYMENT` for `"Charge payment"`), with
/// `Req`, the request the state sends (for `lambda:invoke`, the `Payload`), `Resp`, the
/// response the states after it read (every field they read, required), and `Kind`, what it
/// calls ([`crate::task_kind`]: a Lambda function, an activity, a `.waitForTaskToken` callback,
/// another integration). Registering a handler through it
/// (`Engine::new().task(Orders::CHARGE_PAYMENT, handler)`, `workflow_runtime::lambda::serve_task`)
/// type-checks the handler against both types, and an API made for one kind of Task (a Lambda
/// function, an activity worker, a callback's answer) takes only that kind's constants; a key
/// for untyped handlers too (`Engine::handler`). Parts the workflow does not determine are
/// `serde_json::Value`.
///
/// ```
/// use workflow_runtime::TaskRef;
/// const NOTIFY: TaskRef = TaskRef::new("Notify", "arn:aws:states:::sns:publish");
/// assert_eq!(NOTIFY.name, "Notify");
/// ```
pub struct TaskRef<Req = serde_json::Value, Resp = serde_json::Value, Kind = Unknown> {
    /// The state's name.
    pub name: &'static str,
    /// Its `Resource`.
    pub resource: &'static str,
    /// Its `HeartbeatSeconds`, when written as a number (an activity worker beats within it).
    pub heartbeat_seconds: Option<u64>,
    types: PhantomData<fn(Req, Kind) -> Resp>,
}

impl<Req, Resp, Kind> TaskRef<Req, Resp, Kind> {
    /// The Task state `name` calling `resource`, exchanging `Req` and `Resp`.
    pub const fn new(name: &'static str, resource: &'static str) -> Self {
        TaskRef {
            name,
            resource,
            heartbeat_seconds: None,
            types: PhantomData,
        }
    }

    /// The same, with the state's `HeartbeatSeconds`.
    pub const fn with_heartbeat_seconds(mut self, seconds: u64) -> Self {
        self.heartbeat_seconds = Some(seconds);
        self
    }

    /// The activity's ARN, when the state's `Resource` is an activity's
    /// (`arn:…:activity:NAME`), read with [`StatesArn::parse`]; `None` for any other resource
    /// (an integration, a Lambda function, a `${Name}` substitution).
    ///
    /// ```
    /// use workflow_runtime::TaskRef;
    /// const REVIEW: TaskRef = TaskRef::new("Review", "arn:aws:states:us-east-1:123456789012:activity:Review");
    /// assert_eq!(REVIEW.activity_arn().map(|a| a.to_string()).as_deref(), Some(REVIEW.resource));
    /// assert_eq!(TaskRef::<()>::new("Notify", "arn:aws:states:::sns:publish").activity_arn(), None);
    /// ```
    pub fn activity_arn(&self) -> Option<StatesArn> {
        StatesArn::parse(self.resource)
            .ok()
            .filter(|arn| arn.kind() == ResourceType::Activity)
    }

    /// The same state, its types and its kind forgotten.
    pub const fn untyped(self) -> TaskRef {
        TaskRef {
            name: self.name,
            resource: self.resource,
            heartbeat_seconds: self.heartbeat_seconds,
            types: PhantomData,
        }
    }
}

impl<Req, Resp, Kind> Clone for TaskRef<Req, Resp, Kind> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<Req, Resp, Kind> Copy for TaskRef<Req, Resp, Kind> {}

impl<Req, Resp, Kind> PartialEq for TaskRef<Req, Resp, Kind> {
    fn eq(&self, other: &Self) -> bool {
        (self.name, self.resource, self.heartbeat_seconds)
            == (other.name, other.resource, other.heartbeat_seconds)
    }
}

impl<Req, Resp, Kind> Eq for TaskRef<Req, Resp, Kind> {}

impl<Req, Resp, Kind> std::hash::Hash for TaskRef<Req, Resp, Kind> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (self.name, self.resource, self.heartbeat_seconds).hash(state);
    }
}

impl<Req, Resp, Kind> std::fmt::Debug for TaskRef<Req, Resp, Kind> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TaskRef")
            .field("name", &self.name)
            .field("resource", &self.resource)
            .field("heartbeat_seconds", &self.heartbeat_seconds)
            .finish()
    }
}
