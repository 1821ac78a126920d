//! Machine settings: `timeout`, `version`, `comment` (from doc comments or the setting),
//! `query_language`; visibilities; the generated constants and the `Workflow` trait used
//! generically; the untyped input of a workflow without a schema.

use super::assert_asl;
use workflow_runtime::{Workflow, workflow};

workflow! {
    /// Settles an order.
    ///
    /// Second paragraph, indented:
    ///   kept.
    pub Settings {
        timeout = 3600;
        version = "1.0";
        Start: succeed;
    }
}

const SETTINGS_ASL: &str = r#"
{
  "Comment": "Settles an order.\n\nSecond paragraph, indented:\n  kept.",
  "StartAt": "Start",
  "States": {
    "Start": {
      "Type": "Succeed"
    }
  },
  "TimeoutSeconds": 3600,
  "Version": "1.0"
}
"#;

workflow! {
    pub(crate) Commented {
        comment = "from a setting";
        query_language = jsonpath;
        Start: pass;
    }
}

const COMMENTED_ASL: &str = r#"
{
  "Comment": "from a setting",
  "QueryLanguage": "JSONPath",
  "StartAt": "Start",
  "States": {
    "Start": {
      "Type": "Pass",
      "End": true
    }
  }
}
"#;

workflow! {
    Private {
        Start: pass;
    }
}

const PRIVATE_ASL: &str = r#"
{
  "StartAt": "Start",
  "States": {
    "Start": {
      "Type": "Pass",
      "End": true
    }
  }
}
"#;

/// Generic code takes any workflow through the trait.
fn name<W: Workflow>() -> &'static str {
    W::NAME
}

fn definition_of<W: Workflow>() -> workflow_runtime::asl::StateMachine {
    W::definition()
}

// The handle's derives are what is tested: `Settings::default()` is the point, not a slip.
#[allow(clippy::default_constructed_unit_structs)]
pub fn main() {
    assert_asl(Settings::ASL, Settings::ASL_PRETTY, SETTINGS_ASL);
    assert_asl(Commented::ASL, Commented::ASL_PRETTY, COMMENTED_ASL);
    assert_asl(Private::ASL, Private::ASL_PRETTY, PRIVATE_ASL);
    assert_eq!(name::<Settings>(), "Settings");
    assert_eq!(name::<Commented>(), "Commented");
    assert_eq!(name::<Private>(), "Private");
    assert_eq!(Settings::NAME, <Settings as Workflow>::NAME);
    assert_eq!(Settings::ASL, <Settings as Workflow>::ASL);
    assert_eq!(Settings::ASL_PRETTY, <Settings as Workflow>::ASL_PRETTY);
    assert!(Settings::ASL_PRETTY.contains('\n'));
    assert_eq!(definition_of::<Settings>(), Settings::definition());
    assert_eq!(Settings::definition().start_at, "Start");
    // Without an `input { … }` schema the input is any JSON.
    let input: SettingsInput = serde_json::json!({ "anything": [1, 2] });
    assert_eq!(input["anything"][1], 2);
    // The handle is a unit struct with the usual derives.
    assert_eq!(Settings, Settings::default());
}

workflow! {
    /// An EXPRESS workflow (issue 75): its type is a setting.
    pub Quick {
        type = express;
        input { n: integer }
        "Double": pass { doubled: States.MathAdd($.n, $.n), id: $$.Execution.Id };
    }
}

workflow! {
    /// A STANDARD workflow that starts `Quick` and waits for it, by a typed reference.
    pub Starter {
        "Run quick": states::start_execution.sync2 { StateMachineArn: workflow(Quick), Input: { n: 2 } } -> "Done";
        "Done": succeed;
    }
}

/// Issue 75: the type declared in `workflow!` is the workflow's (`Workflow::MACHINE_TYPE`),
/// the engine runs it as that type and refuses the other; a typed reference to a started
/// workflow is a deployment substitution, listed with the workflow's name and type.
#[test]
fn the_type_is_declared_in_the_macro_and_carried_to_the_engine() {
    use workflow_runtime::StartedWorkflow;
    use workflow_runtime::asl::ExecutionType;
    use workflow_runtime::engine::{Engine, EngineError, blocking};
    assert_eq!(Quick::MACHINE_TYPE, ExecutionType::Express);
    assert_eq!(Settings::MACHINE_TYPE, ExecutionType::Standard);
    let run = blocking::run(
        Engine::new()
            .workflow::<Quick>()
            .input(&QuickInput { n: 4 }),
    )
    .unwrap();
    let output = run.output.unwrap_or_default();
    assert_eq!(output["doubled"], 8);
    assert!(
        output["id"]
            .as_str()
            .is_some_and(|id| id.contains(":express:")),
        "{output}"
    );
    let refused = blocking::run(
        Engine::new()
            .workflow::<Quick>()
            .execution_type(ExecutionType::Standard),
    );
    match refused {
        Err(EngineError::MachineTypeMismatch {
            workflow,
            declared,
            requested,
        }) => {
            assert_eq!(
                (workflow.as_str(), declared, requested),
                ("Quick", ExecutionType::Express, ExecutionType::Standard)
            );
        }
        other => panic!("{other:?}"),
    }
    // `StartSyncExecution` of a STANDARD workflow: refused as the service refuses it.
    let sync = blocking::run(Engine::new().workflow::<Settings>().sync_express());
    let message = sync.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(
        message.contains("StateMachineTypeNotSupported"),
        "{message}"
    );
    // The typed reference.
    assert_eq!(Starter::SUBSTITUTIONS, ["QuickArn"]);
    assert_eq!(
        Starter::STARTED,
        [StartedWorkflow {
            substitution: "QuickArn",
            name: "Quick",
            machine_type: ExecutionType::Express,
        }]
    );
    assert!(
        Starter::ASL.contains(r#""StateMachineArn":"${QuickArn}""#),
        "{}",
        Starter::ASL
    );
}

workflow! {
    /// What a handler answers: `error` is read on one way only.
    pub Answered {
        input { order: string }
        "Call": lambda::invoke { FunctionName: "f", Payload: { order: $.order } } result_path = $.call -> "Ok?";
        "Ok?": choice {
            when $.call.Payload.ok == true => "Done",
            otherwise => "Report",
        }
        "Report": fail(error = "Failed", cause = $.call.Payload.error);
        "Done": succeed;
    }
}

/// Issue 75: a field read on one way only is optional in the handler's type (a handler that
/// succeeds does not invent it), and generated types derive `Default`.
#[test]
fn a_field_read_on_one_way_is_optional_and_generated_types_have_a_default() {
    let ok = AnsweredCallResponse {
        ok: true,
        ..Default::default()
    };
    assert_eq!(ok.error, None);
    assert_eq!(
        serde_json::to_value(&ok).unwrap(),
        serde_json::json!({"ok": true})
    );
    let input = AnsweredInput::default();
    assert_eq!(input.order, "");
}
