//! Sources read from files: templates (JSON, YAML, SAM), their machines chosen and resolved,
//! diagnostics placed at the template's lines.

use super::*;

/// A folder holding `files` (name, text).
fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap_or_else(|e| panic!("{e}"));
    }
    dir
}

fn load_ok(spec: &Path) -> Definition {
    load(spec).unwrap_or_else(|e| panic!("{e}"))
}

fn error(spec: &Path) -> String {
    load(spec).map(|d| d.text).unwrap_err().to_string()
}

/// A CDK-shaped JSON template: a `DefinitionString` joined from strings and references.
const JOINED: &str = r#"{
 "Resources": {
  "Fn": {"Type": "AWS::Lambda::Function", "Properties": {"FunctionName": "charge"}},
  "Machine": {
   "Type": "AWS::StepFunctions::StateMachine",
   "Properties": {
    "DefinitionString": {
     "Fn::Join": [
      "",
      [
       "{\"StartAt\":\"Call\",\"States\":{\"Call\":{\"Type\":\"Task\",\"Resource\":\"arn:",
       {"Ref": "AWS::Partition"},
       ":states:::lambda:invoke\",\"Parameters\":{\"FunctionName\":\"",
       {"Fn::GetAtt": ["Fn", "Arn"]},
       "\"},\"Nxt\":\"Call\",\"End\":true}}}"
      ]
     ]
    }
   }
  }
 }
}"#;

#[test]
fn a_template_machine_is_resolved_and_its_diagnostics_placed_in_the_template() {
    let dir = folder(&[("t.json", JOINED)]);
    let definition = load_ok(&dir.path().join("t.json"));
    assert!(
        definition.shown.ends_with("t.json#Machine"),
        "{}",
        definition.shown
    );
    let value: serde_json::Value = serde_json::from_str(&definition.text).unwrap_or_default();
    assert_eq!(
        value["States"]["Call"]["Parameters"]["FunctionName"],
        "arn:aws:lambda:us-east-1:123456789012:function:charge"
    );
    let machine = definition
        .machine()
        .map(|m| m.used.clone())
        .unwrap_or_default();
    assert_eq!(machine.get("Fn::GetAtt"), Some(&1));
    assert_eq!(machine.get("AWS::Partition"), Some(&1));
    let diagnostics = workflow_asl::check_with(&definition.text, &Default::default());
    let unknown = diagnostics
        .iter()
        .find(|d| d.pointer.as_str() == "/States/Call/Nxt")
        .unwrap_or_else(|| panic!("{diagnostics:?}"));
    let places = definition.places([unknown]);
    let place = places[0].clone().unwrap_or_else(|| panic!("not placed"));
    // `"Nxt"` in the last string of the join, line 15, at the escaped quote that opens `Nxt`.
    assert_eq!((place.line, place.column), (15, 13), "{place:?}");
    assert!(place.file.ends_with("t.json"));
    // A reference's diagnostic is at the reference.
    let function =
        Pointer::parse("/States/Call/Parameters/FunctionName").unwrap_or_else(Pointer::root);
    let text_at = definition.text.find("arn:aws:lambda").unwrap_or_default();
    assert!(text_at > 0);
    let places = definition.pointer_places([&function]);
    assert_eq!(places[0].as_ref().map(|p| p.line), Some(13));
}

/// A SAM template in YAML with CloudFormation's short forms, a `Definition` object and
/// substitutions, and a machine whose definition is a local file.
const SAM: &str = "Transform: AWS::Serverless-2016-10-31
Parameters:
  Stage:
    Type: String
    Default: dev
Resources:
  Table:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: !Sub '${Stage}-orders'
  Inline:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionSubstitutions:
        TableName: !Ref Table
      Definition:
        StartAt: Put
        States:
          Put:
            Type: Task
            Resource: !Sub arn:${AWS::Partition}:states:::dynamodb:putItem
            Parameters:
              TableName: ${TableName}
              Item: {}
            Nexxt: Put
            End: true
  FromFile:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionUri: flow.asl.json
      DefinitionSubstitutions:
        Arn: !GetAtt Table.Arn
  InS3:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionUri: s3://bucket/flow.json
";

#[test]
fn a_sam_template_in_yaml_resolves_short_forms_substitutions_and_local_files() {
    let flow =
        r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": "${Arn}", "End": true}}}"#;
    let dir = folder(&[("template.yaml", SAM), ("flow.asl.json", flow)]);
    let template = dir.path().join("template.yaml");
    let listed = list(&template).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        listed
            .iter()
            .map(|(l, _)| l.logical_id.as_str())
            .collect::<Vec<_>>(),
        ["Inline", "FromFile", "InS3"]
    );
    assert_eq!(listed[0].0.line, Some(11));
    // Each resolved as it is loaded alone, the one held in S3 refused.
    assert!(listed[0].1.is_ok() && listed[1].1.is_ok());
    assert!(
        listed[2]
            .1
            .as_ref()
            .is_err_and(|e| e.to_string().contains("held in S3"))
    );
    // Three machines: one must be named.
    assert!(
        error(&template).contains("3 state machines"),
        "{}",
        error(&template)
    );
    let inline = load_ok(&dir.path().join("template.yaml#Inline"));
    let value: serde_json::Value = serde_json::from_str(&inline.text).unwrap_or_default();
    assert_eq!(
        value["States"]["Put"]["Resource"],
        "arn:aws:states:::dynamodb:putItem"
    );
    assert_eq!(
        value["States"]["Put"]["Parameters"]["TableName"],
        "dev-orders"
    );
    let nexxt = Pointer::parse("/States/Put/Nexxt").unwrap_or_else(Pointer::root);
    let places = inline.pointer_places([&nexxt]);
    assert_eq!(places[0].as_ref().map(|p| p.line), Some(25));
    let from_file = load_ok(&dir.path().join("template.yaml#FromFile"));
    assert!(
        from_file
            .text
            .contains("arn:aws:dynamodb:us-east-1:123456789012:table/dev-orders"),
        "{}",
        from_file.text
    );
    let in_s3 = error(&dir.path().join("template.yaml#InS3"));
    assert!(
        in_s3.contains("held in S3 (s3://bucket/flow.json)") && in_s3.contains("template.yaml:36:"),
        "{in_s3}"
    );
    let missing = error(&dir.path().join("template.yaml#Nope"));
    assert!(
        missing.contains("no state machine `Nope`") && missing.contains("#Inline"),
        "{missing}"
    );
}

#[test]
fn what_cannot_be_resolved_is_named_at_its_line() {
    let template = "Parameters:\n  Arn:\n    Type: String\nResources:\n  M:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      DefinitionString: !Sub |\n        {\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Task\", \"Resource\": \"${Arn}\", \"End\": true}}}\n";
    let dir = folder(&[("t.yaml", template)]);
    let message = error(&dir.path().join("t.yaml"));
    assert!(
        message.contains("t.yaml:8:") && message.contains("the parameter `Arn` has no `Default`"),
        "{message}"
    );
    // Beside a machine that resolves, it is its own error: the other is still read.
    let two = format!(
        "{template}  Fine:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      Definition: {{StartAt: A, States: {{A: {{Type: Succeed}}}}}}\n"
    );
    let dir = folder(&[("two.yaml", &two)]);
    let each = load_each(&dir.path().join("two.yaml"), true).unwrap_or_else(|e| panic!("{e}"));
    let shown: Vec<Result<String, String>> = each
        .into_iter()
        .map(|d| d.map(|d| d.shown).map_err(|e| e.to_string()))
        .collect();
    assert!(
        matches!(&shown[..], [Err(m), Ok(fine)] if m.contains("`Arn`") && fine.ends_with("#Fine")),
        "{shown:?}"
    );
}

#[test]
fn an_asl_file_reads_as_before_and_names_no_machine() {
    let asl = r#"{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}"#;
    let yaml = "StartAt: A\nStates:\n  A:\n    Type: Succeed\n    Nope: 1\n";
    let dir = folder(&[("a.asl.json", asl), ("a.asl.yaml", yaml)]);
    let json = load_ok(&dir.path().join("a.asl.json"));
    assert_eq!(json.text, asl);
    assert!(matches!(json.origin, Origin::Asl(_)));
    assert!(error(&dir.path().join("a.asl.json#A")).contains("is an ASL file"));
    let yaml = load_ok(&dir.path().join("a.asl.yaml"));
    let nope = Pointer::parse("/States/A/Nope").unwrap_or_else(Pointer::root);
    assert_eq!(
        yaml.pointer_places([&nope])[0].as_ref().map(|p| p.line),
        Some(5)
    );
}
