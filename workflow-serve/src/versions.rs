//! Versions and aliases: `PublishStateMachineVersion`, `ListStateMachineVersions`,
//! `DeleteStateMachineVersion`, `CreateStateMachineAlias`, `DescribeStateMachineAlias`,
//! `ListStateMachineAliases`, `UpdateStateMachineAlias`, `DeleteStateMachineAlias`; and what
//! an ARN given to `StartExecution` runs: a state machine's latest revision, a version, or a
//! version an alias routes to (by weight).
//!
//! As the Step Functions developer guide ("State machine versions and aliases") describes
//! them: a version is an immutable copy of a revision, numbered from 1; publishing the revision
//! the latest version already holds answers that version; an alias routes to one or two
//! versions of its machine whose weights sum to 100; a version an alias routes to cannot be
//! deleted (`ConflictException`); deleting a state machine deletes its versions and aliases.

use super::catalog::{CatalogState, Planned};
use super::database::write;
use super::pages::{Order, Place, listed};
use super::protocol::{ApiError, Timestamp};
use super::records::{Alias, Machine, Route, Version};
use super::requests::{
    ArnMember, CreateStateMachineAliasInput, CreateStateMachineAliasOutput,
    DeleteStateMachineAliasInput, DeleteStateMachineAliasOutput, DeleteStateMachineVersionInput,
    DeleteStateMachineVersionOutput, DescribeStateMachineAliasInput,
    DescribeStateMachineAliasOutput, ListStateMachineAliasesInput, ListStateMachineAliasesOutput,
    ListStateMachineVersionsInput, ListStateMachineVersionsOutput, PublishStateMachineVersionInput,
    PublishStateMachineVersionOutput, RoutingConfigurationListItem, StateMachineAliasListItem,
    StateMachineVersionListItem, UpdateStateMachineAliasInput, UpdateStateMachineAliasOutput,
};
use super::service::Service;
use std::sync::Arc;
use workflow_aws_models::ResourceType;
use workflow_aws_models::{Qualifier, StatesArn, StatesResource};

/// The ARN of a version or an alias of the state machine `machine_arn`: the machine's ARN and
/// the version's number or the alias's name, "separated by a colon" (the API reference,
/// `StartExecution`'s `stateMachineArn`).
fn qualified(machine_arn: &StatesArn, qualifier: Qualifier) -> Result<StatesArn, ApiError> {
    let machine = machine_arn
        .machine()
        .cloned()
        .ok_or_else(|| ApiError::invalid_arn(&machine_arn.to_string()))?;
    Ok(machine_arn.sibling(StatesResource::StateMachine {
        machine,
        qualifier: Some(qualifier),
        test_case: None,
    }))
}

/// What an ARN given to `StartExecution` runs.
pub(crate) struct Target {
    pub machine: Arc<Machine>,
    pub version_arn: Option<StatesArn>,
    pub alias_arn: Option<StatesArn>,
}

/// The state machine, version or alias `arn` names (`shown` in an error), and what it runs
/// now.
pub(crate) fn target(service: &Service, arn: &StatesArn, shown: &str) -> Result<Target, ApiError> {
    if arn.kind() != ResourceType::StateMachine {
        return Err(ApiError::invalid_arn(shown));
    }
    let draw = service.next_number() % 100;
    let found = service.catalog.read(|catalog| {
        if let Some(machine) = catalog.machines.get(arn) {
            return Some(Target {
                machine: Arc::clone(machine),
                version_arn: None,
                alias_arn: None,
            });
        }
        if let Some(version) = catalog.versions.get(arn) {
            return Some(Target {
                machine: Arc::clone(&version.machine),
                version_arn: Some(version.arn.clone()),
                alias_arn: None,
            });
        }
        let alias = catalog.aliases.get(arn)?;
        let mut below = 0;
        let version = alias
            .routing
            .iter()
            .find(|route| {
                below += route.weight;
                draw < below
            })
            .or(alias.routing.first())
            .and_then(|route| catalog.versions.get(&route.state_machine_version_arn))?;
        Some(Target {
            machine: Arc::clone(&version.machine),
            version_arn: Some(version.arn.clone()),
            alias_arn: Some(alias.arn.clone()),
        })
    });
    found.ok_or_else(|| {
        ApiError::new(
            "StateMachineDoesNotExist",
            format!("State Machine Does Not Exist: '{shown}'"),
        )
    })
}

/// The number the next version of the machine `machine_arn` gets: one more than the last it
/// published, its deleted versions' included (across a restart too: the database keeps the
/// last number apart from the versions).
pub(crate) fn next_version_number(catalog: &CatalogState, machine_arn: &StatesArn) -> u64 {
    let kept = catalog
        .versions
        .values()
        .filter(|v| v.machine.arn == *machine_arn)
        .map(|v| v.number)
        .max()
        .unwrap_or(0);
    let given = catalog
        .version_numbers
        .get(machine_arn)
        .copied()
        .unwrap_or(0);
    kept.max(given) + 1
}

/// The version `number` of the machine `machine_arn`, holding the revision `machine`.
pub(crate) fn version_of(
    machine_arn: &StatesArn,
    number: u64,
    machine: Arc<Machine>,
    description: Option<String>,
    created_ms: i64,
) -> Result<Version, ApiError> {
    Ok(Version {
        arn: qualified(machine_arn, Qualifier::Version(number))?,
        number,
        machine,
        description,
        created_ms,
    })
}

/// Keeps `version`, published (written), and its number as its machine's last.
pub(crate) fn keep_version(catalog: &mut CatalogState, version: Version) {
    let last = catalog
        .version_numbers
        .entry(version.machine.arn.clone())
        .or_default();
    *last = (*last).max(version.number);
    catalog.versions.insert(version.arn.clone(), version);
}

pub(crate) async fn publish_version(
    service: Arc<Service>,
    r: PublishStateMachineVersionInput,
) -> Result<PublishStateMachineVersionOutput, ApiError> {
    let arn = r
        .state_machine_arn
        .of(&[ResourceType::StateMachine])?
        .clone();
    let shown = r.state_machine_arn.text().to_owned();
    let created = service.now_ms();
    service.change_catalog(move |catalog| {
        let machine = catalog.machines.get(&arn).cloned().ok_or_else(|| {
            ApiError::new(
                "StateMachineDoesNotExist",
                format!("State Machine Does Not Exist: '{shown}'"),
            )
        })?;
        if catalog.deleting.contains(&arn) {
            return Err(super::deletions::state_machine_deleting());
        }
        if let Some(revision) = &r.revision_id
            && *revision != machine.revision_id
        {
            return Err(ApiError::new(
                "ConflictException",
                format!(
                    "Failed to publish the State Machine version for revision {revision}. The current State Machine revision is {}.",
                    machine.revision_id
                ),
            ));
        }
        // Publishing the revision the latest version holds answers that version.
        let latest = catalog
            .versions
            .values()
            .filter(|v| v.machine.arn == arn)
            .max_by_key(|v| v.number);
        if let Some(latest) = latest
            && latest.machine.revision_id == machine.revision_id
        {
            return Ok(Planned::answer(PublishStateMachineVersionOutput {
                creation_date: Timestamp(latest.created_ms),
                state_machine_version_arn: latest.arn.clone(),
            }));
        }
        let number = next_version_number(catalog, &arn);
        let version = version_of(&arn, number, machine, r.description, created)?;
        let answer = PublishStateMachineVersionOutput {
            creation_date: Timestamp(version.created_ms),
            state_machine_version_arn: version.arn.clone(),
        };
        let written = version.clone();
        Ok(Planned::change(
            Box::new(move |tx| write::version(tx, &written)),
            move |catalog| keep_version(catalog, version),
            answer,
        ))
    })
    .await
}

pub(crate) async fn list_versions(
    service: Arc<Service>,
    r: ListStateMachineVersionsInput,
) -> Result<ListStateMachineVersionsOutput, ApiError> {
    let machine = service.catalog.machine(&r.state_machine_arn)?;
    let versions: Vec<Version> = service.catalog.read(|c| {
        c.versions
            .values()
            .filter(|v| v.machine.arn == machine.arn)
            .cloned()
            .collect()
    });
    // The newest first (the API reference, ListStateMachineVersions: "listed in descending
    // order of the version creation time").
    let page = listed(
        &r,
        versions,
        "stateMachineVersions",
        Order::Descending,
        |v| Place::number(i64::try_from(v.number).unwrap_or(i64::MAX)),
        |v| StateMachineVersionListItem {
            state_machine_version_arn: v.arn.clone(),
            creation_date: Timestamp(v.created_ms),
        },
    )?;
    Ok(ListStateMachineVersionsOutput {
        state_machine_versions: page.rows,
        next_token: page.next_token,
    })
}

pub(crate) async fn delete_version(
    service: Arc<Service>,
    r: DeleteStateMachineVersionInput,
) -> Result<DeleteStateMachineVersionOutput, ApiError> {
    let arn = r
        .state_machine_version_arn
        .of(&[ResourceType::StateMachine])?
        .clone();
    service.change_catalog(move |catalog| {
        let routing: Vec<String> = catalog
            .aliases
            .values()
            .filter(|a| {
                a.routing
                    .iter()
                    .any(|r| r.state_machine_version_arn == arn)
            })
            .map(|a| a.arn.to_string())
            .collect();
        if !routing.is_empty() {
            return Err(ApiError::new(
                "ConflictException",
                format!(
                    "Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: [{}]",
                    routing.join(", ")
                ),
            ));
        }
        let deleted = arn.clone();
        Ok(Planned::change(
            Box::new(move |tx| write::delete_version(tx, &deleted)),
            move |catalog| {
                catalog.versions.shift_remove(&arn);
            },
            DeleteStateMachineVersionOutput {},
        ))
    })
    .await
}

/// The routing configuration of a request, checked against the machine's versions.
fn routing(
    catalog: &CatalogState,
    entries: &[RoutingConfigurationListItem],
    machine_arn: Option<&StatesArn>,
) -> Result<(StatesArn, Vec<Route>), ApiError> {
    // Its presence (where required), its one or two routes and each weight's 0 to 100 are the
    // API model's, checked before any operation (`constraints`).
    let mut routing: Vec<Route> = Vec::new();
    let mut machine = machine_arn.cloned();
    for entry in entries {
        let text = entry.state_machine_version_arn.text();
        let not_found =
            || ApiError::new("ResourceNotFound", format!("Resource not found: '{text}'"));
        let arn = entry
            .state_machine_version_arn
            .of(&[ResourceType::StateMachine])
            .map_err(|_| not_found())?;
        let weight = u64::try_from(entry.weight)
            .ok()
            .filter(|w| *w <= 100)
            .ok_or_else(|| ApiError::validation("each route has a weight from 0 to 100"))?;
        let version = catalog.versions.get(arn).ok_or_else(not_found)?;
        let base = version.machine.arn.clone();
        if machine.get_or_insert_with(|| base.clone()) != &base {
            return Err(ApiError::validation(
                "the versions an alias routes to belong to its own state machine",
            ));
        }
        if routing.iter().any(|r| r.state_machine_version_arn == *arn) {
            return Err(ApiError::validation(
                "a version appears once in routingConfiguration",
            ));
        }
        routing.push(Route {
            state_machine_version_arn: arn.clone(),
            weight,
        });
    }
    if routing.iter().map(|r| r.weight).sum::<u64>() != 100 {
        return Err(ApiError::validation(
            "the weights of routingConfiguration sum to 100",
        ));
    }
    // The model's bounds give one or two routes, so a machine was read.
    let machine = machine.ok_or_else(|| ApiError::validation("routingConfiguration is empty"))?;
    Ok((machine, routing))
}

pub(crate) async fn create_alias(
    service: Arc<Service>,
    r: CreateStateMachineAliasInput,
) -> Result<CreateStateMachineAliasOutput, ApiError> {
    let name = r.name;
    super::service::check_name(&name)?;
    if name.chars().all(|c| c.is_ascii_digit()) {
        return Err(ApiError::new(
            "ValidationException",
            format!("the alias name `{name}` is a version number; an alias name has a letter"),
        ));
    }
    let description = r.description;
    let entries = r.routing_configuration;
    let now = service.now_ms();
    service.change_catalog(move |catalog| {
        let (machine_arn, routing) = routing(catalog, &entries, None)?;
        if catalog.deleting.contains(&machine_arn) {
            return Err(super::deletions::state_machine_deleting());
        }
        let arn = qualified(&machine_arn, Qualifier::Alias(name.clone()))?;
        if let Some(existing) = catalog.aliases.get(&arn) {
            // Idempotent: the same alias again answers it.
            if existing.routing == routing && existing.description == description {
                return Ok(Planned::answer(CreateStateMachineAliasOutput {
                    creation_date: Timestamp(existing.created_ms),
                    state_machine_alias_arn: arn,
                }));
            }
            return Err(ApiError::new(
                "ConflictException",
                format!(
                    "Failed to create alias because an alias with the same name and a different routing configuration already exists: '{arn}'"
                ),
            ));
        }
        let alias = Alias {
            arn: arn.clone(),
            name,
            machine_arn,
            description,
            routing,
            created_ms: now,
            updated_ms: now,
        };
        let written = alias.clone();
        Ok(Planned::change(
            Box::new(move |tx| write::alias(tx, &written)),
            move |catalog| {
                catalog.aliases.insert(alias.arn.clone(), alias);
            },
            CreateStateMachineAliasOutput {
                state_machine_alias_arn: arn,
                creation_date: Timestamp(now),
            },
        ))
    })
    .await
}

/// The alias the member `arn` names, in `catalog`.
fn alias(catalog: &CatalogState, arn: &ArnMember) -> Result<Alias, ApiError> {
    let typed = arn.of(&[ResourceType::StateMachine])?;
    catalog.aliases.get(typed).cloned().ok_or_else(|| {
        ApiError::new(
            "ResourceNotFound",
            format!("Resource not found: '{}'", arn.text()),
        )
    })
}

pub(crate) async fn describe_alias(
    service: Arc<Service>,
    r: DescribeStateMachineAliasInput,
) -> Result<DescribeStateMachineAliasOutput, ApiError> {
    let a = service
        .catalog
        .read(|c| alias(c, &r.state_machine_alias_arn))?;
    let routing = a
        .routing
        .into_iter()
        .map(|route| RoutingConfigurationListItem {
            state_machine_version_arn: ArnMember::from(route.state_machine_version_arn),
            weight: i64::try_from(route.weight).unwrap_or(i64::MAX),
        })
        .collect();
    Ok(DescribeStateMachineAliasOutput {
        state_machine_alias_arn: Some(a.arn),
        name: Some(a.name),
        description: a.description,
        routing_configuration: Some(routing),
        creation_date: Some(Timestamp(a.created_ms)),
        update_date: Some(Timestamp(a.updated_ms)),
    })
}

pub(crate) async fn list_aliases(
    service: Arc<Service>,
    r: ListStateMachineAliasesInput,
) -> Result<ListStateMachineAliasesOutput, ApiError> {
    let machine = service.catalog.machine(&r.state_machine_arn)?;
    let aliases: Vec<Alias> = service.catalog.read(|c| {
        c.aliases
            .values()
            .filter(|a| a.machine_arn == machine.arn)
            .cloned()
            .collect()
    });
    // By name, as state machines (see `list_state_machines`).
    let page = listed(
        &r,
        aliases,
        "stateMachineAliases",
        Order::Ascending,
        |a| Place::text(a.name.clone()),
        |a| StateMachineAliasListItem {
            state_machine_alias_arn: a.arn.clone(),
            creation_date: Timestamp(a.created_ms),
        },
    )?;
    Ok(ListStateMachineAliasesOutput {
        state_machine_aliases: page.rows,
        next_token: page.next_token,
    })
}

pub(crate) async fn update_alias(
    service: Arc<Service>,
    r: UpdateStateMachineAliasInput,
) -> Result<UpdateStateMachineAliasOutput, ApiError> {
    if r.description.is_none() && r.routing_configuration.is_none() {
        return Err(ApiError::validation(
            "give a description or a routingConfiguration to update",
        ));
    }
    let now = service.now_ms();
    service
        .change_catalog(move |catalog| {
            let mut alias = alias(catalog, &r.state_machine_alias_arn)?;
            if catalog.deleting.contains(&alias.machine_arn) {
                return Err(super::deletions::state_machine_deleting());
            }
            if let Some(entries) = &r.routing_configuration {
                alias.routing = routing(catalog, entries, Some(&alias.machine_arn))?.1;
            }
            if let Some(d) = r.description {
                alias.description = Some(d);
            }
            alias.updated_ms = now;
            let written = alias.clone();
            Ok(Planned::change(
                Box::new(move |tx| write::alias(tx, &written)),
                move |catalog| {
                    catalog.aliases.insert(alias.arn.clone(), alias);
                },
                UpdateStateMachineAliasOutput {
                    update_date: Timestamp(now),
                },
            ))
        })
        .await
}

pub(crate) async fn delete_alias(
    service: Arc<Service>,
    r: DeleteStateMachineAliasInput,
) -> Result<DeleteStateMachineAliasOutput, ApiError> {
    let arn = r
        .state_machine_alias_arn
        .of(&[ResourceType::StateMachine])?
        .clone();
    service
        .change_catalog(move |_| {
            let deleted = arn.clone();
            Ok(Planned::change(
                Box::new(move |tx| write::delete_alias(tx, &deleted)),
                move |catalog| {
                    catalog.aliases.shift_remove(&arn);
                },
                DeleteStateMachineAliasOutput {},
            ))
        })
        .await
}
