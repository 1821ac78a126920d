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
