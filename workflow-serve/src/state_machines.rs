//! State machines: `CreateStateMachine`, `DescribeStateMachine`, `ListStateMachines`,
//! `UpdateStateMachine`, `DeleteStateMachine`, `ValidateStateMachineDefinition`. Definitions
//! are checked by the project's one validator, as `workflow validate` checks them; a refused
//! one is `InvalidDefinition`, its message in the service's shape (`Invalid State Machine
//! Definition: 'CODE: message at /pointer'`).

use super::catalog::Planned;
use super::database::write;
use super::pages::{Order, Place, listed};
use super::protocol::{ApiError, Timestamp};
use super::records::{Definition, Machine};
use super::requests::{
    CreateStateMachineInput, CreateStateMachineOutput, DescribeStateMachineInput,
    DescribeStateMachineOutput, ListStateMachinesInput, ListStateMachinesOutput, LogLevel,
    LoggingConfiguration, StateMachineListItem, StateMachineStatus, TracingConfiguration,
    UpdateStateMachineInput, UpdateStateMachineOutput, ValidateStateMachineDefinitionDiagnostic,
    ValidateStateMachineDefinitionInput, ValidateStateMachineDefinitionOutput,
    ValidateStateMachineDefinitionResultCode, ValidateStateMachineDefinitionSeverity,
};
use super::service::{Service, check_name};
use indexmap::IndexMap;
use std::sync::Arc;
use workflow_asl::CodeOrigin;
use workflow_asl::{ExecutionType, StateMachine, ValidationOptions};
use workflow_aws_models::{MachineName, ResourceType, RoleArn, StatesArn, StatesResource};

// A definition's limit (1 MiB, the API model's `Definition` shape: `"max": 1048576`) is
// checked with the other constraints of the model before any operation (`constraints`), so
// that CreateStateMachine, UpdateStateMachine, ValidateStateMachineDefinition and TestState
// answer a larger one alike: `ValidationException`.

pub(crate) async fn create_state_machine(
    service: Arc<Service>,
    r: CreateStateMachineInput,
) -> Result<CreateStateMachineOutput, ApiError> {
    let name = r.name;
    check_name(&name)?;
    let definition = r.definition;
    // `STANDARD` when left out, as the service defaults it; a `workflow!` workflow's
    // definition, the type it declares (issue 75).
    let kind = match (r.r#type, service.settings.declared_type(&definition)) {
        (Some(asked), Some((workflow, declared))) if asked != declared => {
            return Err(ApiError::new(
                "StateMachineTypeNotSupported",
                format!(
                    "the definition is workflow `{workflow}`'s, whose type is {} (`type = {}` in its `workflow!`); create it as {}, or leave `type` out",
                    declared.as_str(),
                    declared.as_str().to_lowercase(),
                    declared.as_str()
                ),
            ));
        }
        (Some(asked), _) => asked,
        (None, Some((_, declared))) => declared,
        (None, None) => ExecutionType::Standard,
    };
    let model = checked(&definition, kind)?;
    let role_arn = role(&r.role_arn)?;
    let tags: IndexMap<String, String> = super::tags::tag_list(r.tags.as_deref())?
        .into_iter()
        .collect();
    let logging = Some(r.logging_configuration.unwrap_or_else(default_logging));
    let tracing = Some(r.tracing_configuration.unwrap_or(TracingConfiguration {
        enabled: Some(false),
    }));
    let publish = r.publish.unwrap_or(false);
    let version_description = r.version_description;
    let arn = StatesArn::new(
        &service.settings.region,
        &service.settings.account,
        StatesResource::state_machine(MachineName::new(name.as_str())),
    );
    let now = service.now_ms();
    let revision_id = service.uuid();
    let machine = Machine {
        arn: arn.clone(),
        name,
        definition: Definition {
            text: definition,
            model,
        },
        role_arn,
        kind,
        created_ms: now,
        updated_ms: now,
        revision_id,
        logging,
        tracing,
        creation: super::records::Creation {
            publish,
            version_description,
            version_arn: None,
        },
    };
    let version_created = service.now_ms();
    service
        .change_catalog(move |catalog| {
            if catalog.deleting.contains(&arn) {
                return Err(super::deletions::state_machine_deleting());
            }
            if let Some(existing) = catalog.machines.get(&arn) {
                // Idempotent as the API reference defines it: "CreateStateMachine's idempotency
                // check is based on the state machine name, definition, type, LoggingConfiguration,
                // TracingConfiguration, and EncryptionConfiguration. The check is also based on the
                // publish and versionDescription parameters. If a following request has a different
                // roleArn or tags, Step Functions will ignore these differences and treat it as an
                // idempotent request of the previous", updating neither; the answer names the
                // version the first request published.
                if existing.definition.text == machine.definition.text
                    && existing.kind == machine.kind
                    && existing.logging == machine.logging
                    && existing.tracing == machine.tracing
                    && existing.creation.publish == machine.creation.publish
                    && existing.creation.version_description == machine.creation.version_description
                {
                    return Ok(Planned::answer(CreateStateMachineOutput {
                        state_machine_arn: existing.arn.clone(),
                        creation_date: Timestamp(existing.created_ms),
                        state_machine_version_arn: existing.creation.version_arn.clone(),
                    }));
                }
                return Err(ApiError::new(
                    "StateMachineAlreadyExists",
                    format!("State Machine Already Exists: '{arn}'"),
                ));
            }
            // The machine, its tags and the version it publishes: one change.
            let mut machine = machine;
            let version = match publish {
                true => {
                    let number = super::versions::next_version_number(catalog, &arn);
                    let version = super::versions::version_of(
                        &arn,
                        number,
                        // The version holds the machine as created (its revision).
                        Arc::new(machine.clone()),
                        machine.creation.version_description.clone(),
                        version_created,
                    )?;
                    machine.creation.version_arn = Some(version.arn.clone());
                    Some(version)
                }
                false => None,
            };
            let machine = Arc::new(machine);
            let answer = CreateStateMachineOutput {
                state_machine_arn: arn.clone(),
                creation_date: Timestamp(machine.created_ms),
                state_machine_version_arn: version.as_ref().map(|v| v.arn.clone()),
            };
            let (written, tagged, published) =
                (Arc::clone(&machine), tags.clone(), version.clone());
            Ok(Planned::change(
                Box::new(move |tx| {
                    write::machine(tx, &written)?;
                    if !tagged.is_empty() {
                        write::tags(tx, &written.arn, &tagged)?;
                    }
                    if let Some(version) = &published {
                        write::version(tx, version)?;
                    }
                    Ok(())
                }),
                move |catalog| {
                    catalog.machines.insert(arn.clone(), machine);
                    if !tags.is_empty() {
                        catalog.tags.insert(arn.clone(), tags);
                    }
                    if let Some(version) = version {
                        super::versions::keep_version(catalog, version);
                    }
                },
                answer,
            ))
        })
        .await
}

pub(crate) async fn describe_state_machine(
    service: Arc<Service>,
    r: DescribeStateMachineInput,
) -> Result<DescribeStateMachineOutput, ApiError> {
    // A version describes itself: its ARN, its revision and its description.
    let typed = r.state_machine_arn.of(&[ResourceType::StateMachine])?;
    let found = service.catalog.read(|c| {
        if let Some(version) = c.versions.get(typed) {
            let deleting = c.deleting.contains(&version.machine.arn);
            return Some(DescribeStateMachineOutput {
                state_machine_arn: version.arn.clone(),
                creation_date: Timestamp(version.created_ms),
                description: version.description.clone(),
                ..describe(&version.machine, deleting)
            });
        }
        let machine = c.machines.get(typed)?;
        Some(describe(machine, c.deleting.contains(&machine.arn)))
    });
    found.ok_or_else(|| {
        ApiError::new(
            "StateMachineDoesNotExist",
            format!(
                "State Machine Does Not Exist: '{}'",
                r.state_machine_arn.text()
            ),
        )
    })
}

pub(crate) async fn list_state_machines(
    service: Arc<Service>,
    r: ListStateMachinesInput,
) -> Result<ListStateMachinesOutput, ApiError> {
    let machines: Vec<Arc<Machine>> = service
        .catalog
        .read(|c| c.machines.values().cloned().collect());
    // By name, as AWS lists state machines (recorded on AWS in LocalStack's snapshot test
    // `test_list_sms_pagination`: `statemachine_0_…`, `statemachine_10_…`, …, `statemachine_1_…`,
    // not in the order they were created).
    let page = listed(
        &r,
        machines,
        "stateMachines",
        Order::Ascending,
        |m| Place::text(m.name.clone()),
        |m| StateMachineListItem {
            state_machine_arn: m.arn.clone(),
            name: m.name.clone(),
            r#type: m.kind,
            creation_date: Timestamp(m.created_ms),
        },
    )?;
    Ok(ListStateMachinesOutput {
        state_machines: page.rows,
        next_token: page.next_token,
    })
}

pub(crate) async fn update_state_machine(
    service: Arc<Service>,
    r: UpdateStateMachineInput,
) -> Result<UpdateStateMachineOutput, ApiError> {
    let arn = r
        .state_machine_arn
        .of(&[ResourceType::StateMachine])?
        .clone();
    let shown = r.state_machine_arn.text().to_owned();
    let role_arn = r.role_arn.as_deref().map(role).transpose()?;
    if r.definition.is_none()
        && role_arn.is_none()
        && r.logging_configuration.is_none()
        && r.tracing_configuration.is_none()
    {
        return Err(ApiError::new(
            "MissingRequiredParameter",
            "Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified",
        ));
    }
    let kind = service.catalog.machine(&r.state_machine_arn)?.kind;
    let definition = match r.definition {
        Some(d) => Some(Definition {
            model: checked(&d, kind)?,
            text: d,
        }),
        None => None,
    };
    let revision_id = service.uuid();
    let now = service.now_ms();
    let (logging, tracing) = (r.logging_configuration, r.tracing_configuration);
    let (publish, description) = (r.publish.unwrap_or(false), r.version_description);
    service
        .change_catalog(move |catalog| {
            let old = catalog.machines.get(&arn).ok_or_else(|| {
                ApiError::new(
                    "StateMachineDoesNotExist",
                    format!("State Machine Does Not Exist: '{shown}'"),
                )
            })?;
            if catalog.deleting.contains(&arn) {
                return Err(super::deletions::state_machine_deleting());
            }
            let updated = Arc::new(Machine {
                arn: old.arn.clone(),
                name: old.name.clone(),
                definition: definition.unwrap_or_else(|| old.definition.clone()),
                role_arn: role_arn.unwrap_or_else(|| old.role_arn.clone()),
                kind: old.kind,
                created_ms: old.created_ms,
                updated_ms: now,
                revision_id: revision_id.clone(),
                logging: logging.or_else(|| old.logging.clone()),
                tracing: tracing.or_else(|| old.tracing.clone()),
                creation: old.creation.clone(),
            });
            let version = match publish {
                true => Some(super::versions::version_of(
                    &arn,
                    super::versions::next_version_number(catalog, &arn),
                    Arc::clone(&updated),
                    description,
                    now,
                )?),
                false => None,
            };
            let answer = UpdateStateMachineOutput {
                update_date: Timestamp(now),
                revision_id: Some(revision_id),
                state_machine_version_arn: version.as_ref().map(|v| v.arn.clone()),
            };
            let (written, published) = (Arc::clone(&updated), version.clone());
            Ok(Planned::change(
                Box::new(move |tx| {
                    write::machine(tx, &written)?;
                    if let Some(version) = &published {
                        write::version(tx, version)?;
                    }
                    Ok(())
                }),
                move |catalog| {
                    catalog.machines.insert(arn, updated);
                    if let Some(version) = version {
                        super::versions::keep_version(catalog, version);
                    }
                },
                answer,
            ))
        })
        .await
}

pub(crate) async fn validate_definition(
    _service: Arc<Service>,
    r: ValidateStateMachineDefinitionInput,
) -> Result<ValidateStateMachineDefinitionOutput, ApiError> {
    let definition = r.definition.as_str();
    let kind = r.r#type.unwrap_or(ExecutionType::Standard);
    let with_warnings = r.severity == Some(ValidateStateMachineDefinitionSeverity::Warning);
    // Its bounds (0 to 100) are the API model's, checked before any operation.
    let max = r.max_results.filter(|n| *n > 0).unwrap_or(100);
    let options = ValidationOptions {
        machine_type: kind,
        ..ValidationOptions::default()
    };
    let error = ValidateStateMachineDefinitionSeverity::Error;
    let diagnostics: Vec<ValidateStateMachineDefinitionDiagnostic> =
        workflow_asl::check_with(definition, &options)
            .iter()
            .filter_map(aws_diagnostic)
            .filter(|d| with_warnings || d.severity == error)
            .collect();
    let failed = diagnostics.iter().any(|d| d.severity == error);
    let truncated = diagnostics.len() > usize::try_from(max).unwrap_or(100);
    let kept: Vec<ValidateStateMachineDefinitionDiagnostic> = diagnostics
        .into_iter()
        .take(usize::try_from(max).unwrap_or(100))
        .collect();
    Ok(ValidateStateMachineDefinitionOutput {
        result: if failed {
            ValidateStateMachineDefinitionResultCode::Fail
        } else {
            ValidateStateMachineDefinitionResultCode::Ok
        },
        diagnostics: kept,
        truncated: Some(truncated),
    })
}

/// A diagnostic of the validator as `ValidateStateMachineDefinition` writes one (the API
/// reference, `ValidateStateMachineDefinitionDiagnostic`): `severity` `ERROR` or `WARNING`,
/// one of the service's `code`s (an error the service has no code of its own for is a
/// `SCHEMA_VALIDATION_FAILED`, as the service reports every other structural problem), the
/// `message`, and the `location` as a JSON pointer (`/States/FailState/ErrorPath`), left out
/// where there is none (the document itself). An error AWS accepts the definition with
/// (`Code::enforcement`), a warning the service does not give (one of this project's own), and a
/// note, are not the service's diagnostics: `None`.
fn aws_diagnostic(
    d: &workflow_asl::Diagnostic,
) -> Option<ValidateStateMachineDefinitionDiagnostic> {
    let (severity, code) = match d.severity {
        workflow_asl::Severity::Error if d.refuses_definition() => (
            ValidateStateMachineDefinitionSeverity::Error,
            aws_error_code(d),
        ),
        workflow_asl::Severity::Warning if d.code.origin() == CodeOrigin::Aws => (
            ValidateStateMachineDefinitionSeverity::Warning,
            d.code.as_str(),
        ),
        _ => return None,
    };
    let location = d.pointer.to_string();
    Some(ValidateStateMachineDefinitionDiagnostic {
        severity,
        code: code.to_owned(),
        message: d.message.clone(),
        location: (!location.is_empty()).then_some(location),
    })
}

/// The service's code for the error `d`: its own where the service has it (the API reference's
/// "List of error codes"), else `SCHEMA_VALIDATION_FAILED` ("Schema validation reported
/// errors"), as the service reports every other structural problem: an empty `Branches`, an
/// unknown `Type`, … (the project's finer codes are its own).
pub(crate) fn aws_error_code(d: &workflow_asl::Diagnostic) -> &'static str {
    // The codes AWS has are `Code::origin`'s (the API reference's "List of error codes" and
    // "List of warning codes", in `workflow_asl::diagnostic::explain`).
    match d.code.origin() {
        CodeOrigin::Aws => d.code.as_str(),
        CodeOrigin::Workflow => "SCHEMA_VALIDATION_FAILED",
    }
}

/// `InvalidDefinition` for the errors `diagnostics`, in the service's shape: `Invalid State
/// Machine Definition: 'CODE: message at /pointer, …'` (recorded on AWS, e.g.
/// `SCHEMA_VALIDATION_FAILED: The field 'RoleArn' is required but was missing at
/// /States/State0/Credentials`), each with the service's code.
pub(crate) fn invalid_definition<'d>(
    diagnostics: impl IntoIterator<Item = &'d workflow_asl::Diagnostic>,
) -> ApiError {
    let errors: Vec<String> = diagnostics
        .into_iter()
        .map(|d| format!("{}: {} at {}", aws_error_code(d), d.message, d.pointer))
        .collect();
    ApiError::new(
        "InvalidDefinition",
        format!("Invalid State Machine Definition: '{}'", errors.join(", ")),
    )
}

/// `DescribeStateMachine`'s answer; `deleting` once `DeleteStateMachine` was called on it
/// and its executions still run (`status` `DELETING`, see `deletions`).
pub(crate) fn describe(m: &Machine, deleting: bool) -> DescribeStateMachineOutput {
    DescribeStateMachineOutput {
        state_machine_arn: m.arn.clone(),
        name: m.name.clone(),
        status: Some(if deleting {
            StateMachineStatus::Deleting
        } else {
            StateMachineStatus::Active
        }),
        definition: m.definition.text.clone(),
        role_arn: m.role_arn.clone(),
        r#type: m.kind,
        creation_date: Timestamp(m.created_ms),
        logging_configuration: m.logging.clone(),
        tracing_configuration: m.tracing.clone(),
        label: None,
        revision_id: Some(m.revision_id.clone()),
        description: None,
        encryption_configuration: None,
        variable_references: None,
    }
}

/// The service's logging configuration when none is given.
fn default_logging() -> LoggingConfiguration {
    LoggingConfiguration {
        level: Some(LogLevel::Off),
        include_execution_data: Some(false),
        destinations: None,
    }
}

/// Refuses a `roleArn` that is not an IAM role's ARN (`arn:PARTITION:iam::ACCOUNT:role/NAME`)
/// as the service does: `InvalidArn`, `Invalid Role Arn: 'ARN'` (recorded on AWS in the
/// Step Functions Data Science SDK's example notebooks' CI, aws/amazon-sagemaker-examples
/// issues 2430 and 2432: `Invalid Role Arn: '<execution-role-arn>'`).
fn role(arn: &str) -> Result<RoleArn, ApiError> {
    RoleArn::parse(arn).map_err(|e| ApiError::new("InvalidArn", e.to_string()))
}

/// The definition decoded and validated for a machine of type `kind`.
fn checked(definition: &str, kind: ExecutionType) -> Result<StateMachine, ApiError> {
    let options = ValidationOptions {
        machine_type: kind,
        ..ValidationOptions::default()
    };
    // What AWS refuses, and only that: this project's stricter checks are the macro's,
    // `workflow validate`'s and the console's (`Code::enforcement`).
    let diagnostics = workflow_asl::check_with(definition, &options);
    if diagnostics.iter().any(|d| d.refuses_definition()) {
        return Err(invalid_definition(
            diagnostics.iter().filter(|d| d.refuses_definition()),
        ));
    }
    StateMachine::from_json(definition).map_err(|e| {
        ApiError::new(
            "InvalidDefinition",
            format!("Invalid State Machine Definition: '{e}'"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::super::service::Settings;
    use super::*;
    use serde_json::{Map, Value, json};
    use std::time::Duration;

    fn service(region: &str) -> Arc<Service> {
        Service::new(Settings {
            region: region.into(),
            account: "210987654321".into(),
            ..crate::test_support::test_settings()
        })
    }

    fn request(value: Value) -> Map<String, Value> {
        value.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn arns_are_in_the_regions_partition_as_the_context_object_shows_them() {
        let service = service("cn-north-1");
        let definition = r#"{"StartAt":"Who","States":{"Who":{"Type":"Pass","End":true,
            "Parameters":{"execution.$":"$$.Execution.Id","machine.$":"$$.StateMachine.Id"}}}}"#;
        let created = service
            .call(
                "CreateStateMachine",
                &request(
                    json!({"name": "Orders", "definition": definition, "type": "EXPRESS",
                    "roleArn": "arn:aws-cn:iam::210987654321:role/r"}),
                ),
            )
            .unwrap();
        let machine_arn = created["stateMachineArn"].as_str().unwrap();
        assert_eq!(
            machine_arn,
            "arn:aws-cn:states:cn-north-1:210987654321:stateMachine:Orders"
        );
        // The execution's context names the same machine, and its own ARN as the answer does.
        let run = service
            .call(
                "StartSyncExecution",
                &request(json!({"stateMachineArn": machine_arn, "name": "first"})),
            )
            .unwrap();
        let output: Value = serde_json::from_str(run["output"].as_str().unwrap()).unwrap();
        assert_eq!(output["machine"], machine_arn);
        assert_eq!(output["execution"], run["executionArn"]);
        let execution: StatesArn = run["executionArn"].as_str().unwrap().parse().unwrap();
        assert_eq!(
            (execution.partition.as_str(), execution.kind()),
            ("aws-cn", ResourceType::Express)
        );
        // A STANDARD execution too.
        let standard = service
            .call(
                "CreateStateMachine",
                &request(json!({"name": "Ledger", "definition": definition,
                    "roleArn": "arn:aws-cn:iam::210987654321:role/r"})),
            )
            .unwrap();
        let started = service
            .call(
                "StartExecution",
                &request(json!({"stateMachineArn": standard["stateMachineArn"], "name": "one"})),
            )
            .unwrap();
        assert_eq!(
            started["executionArn"],
            "arn:aws-cn:states:cn-north-1:210987654321:execution:Ledger:one"
        );
        let described = (0..1000)
            .map(|_| {
                std::thread::sleep(Duration::from_millis(5));
                service
                    .call(
                        "DescribeExecution",
                        &request(json!({"executionArn": started["executionArn"]})),
                    )
                    .unwrap()
            })
            .find(|d| d["status"] != "RUNNING")
            .unwrap();
        let output: Value = serde_json::from_str(described["output"].as_str().unwrap()).unwrap();
        assert_eq!(output["execution"], started["executionArn"]);
        let activity = service
            .call("CreateActivity", &request(json!({"name": "Pick"})))
            .unwrap();
        assert_eq!(
            activity["activityArn"],
            "arn:aws-cn:states:cn-north-1:210987654321:activity:Pick"
        );
        // A version's ARN is its machine's and its number.
        let version = service
            .call(
                "PublishStateMachineVersion",
                &request(json!({"stateMachineArn": machine_arn})),
            )
            .unwrap();
        assert_eq!(
            version["stateMachineVersionArn"],
            format!("{machine_arn}:1").as_str()
        );
    }

    /// LocalStack's TestState scenario, recorded on AWS: a `lambda:invoke` whose `Output` reads
    /// `$states.result.approval`, which this project's data-flow check finds selecting nothing
    /// in the integration's response (an error for the macro and `workflow validate`). AWS
    /// accepts it; so do `CreateStateMachine`, `ValidateStateMachineDefinition` and
    /// `TestState` here. What AWS refuses (a Parallel with no branches) is refused still.
    #[test]
    fn the_api_refuses_what_aws_refuses_and_nothing_stricter() {
        let service = service("us-east-1");
        let state = json!({"Type": "Task", "QueryLanguage": "JSONata",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Arguments": {"FunctionName": "arn:aws:lambda:us-east-1:210987654321:function:approve",
                "Payload": "{% $states.input %}"},
            "Output": {"approved": "{% $states.result.approval %}"}, "End": true});
        let definition = json!({"QueryLanguage": "JSONata", "StartAt": "Ask",
            "States": {"Ask": state}})
        .to_string();
        let ours: Vec<workflow_asl::Diagnostic> = workflow_asl::check(&definition)
            .into_iter()
            .filter(workflow_asl::Diagnostic::is_error)
            .collect();
        assert!(
            !ours.is_empty() && ours.iter().all(|d| !d.refuses_definition()),
            "the stricter check finds it, and AWS would not refuse it: {ours:#?}"
        );
        let role = "arn:aws:iam::210987654321:role/r";
        service
            .call(
                "CreateStateMachine",
                &request(json!({"name": "Approve", "definition": definition, "roleArn": role})),
            )
            .expect("created, as on AWS");
        let validated = service
            .call(
                "ValidateStateMachineDefinition",
                &request(json!({"definition": definition})),
            )
            .unwrap();
        assert_eq!(validated["result"], "OK", "{validated}");
        let tested = service
            .call(
                "TestState",
                &request(json!({"definition": state.to_string(), "roleArn": role,
                    "input": "{}", "mock": {"result": r#"{"Payload": {"approval": true}, "StatusCode": 200}"#}})),
            )
            .expect("tested, as on AWS");
        assert!(tested["status"].is_string(), "{tested}");
        // A rule AWS checks when the definition is created is its refusal still.
        let empty = json!({"StartAt": "P", "States": {"P": {"Type": "Parallel",
            "Branches": [], "End": true}}})
        .to_string();
        let refused = service
            .call(
                "CreateStateMachine",
                &request(json!({"name": "Empty", "definition": empty, "roleArn": role})),
            )
            .unwrap_err();
        assert_eq!(refused.name, "InvalidDefinition");
        assert!(
            refused.message.contains("SCHEMA_VALIDATION_FAILED"),
            "{}",
            refused.message
        );
    }
}
