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
use super::service::{Service, now_ms};
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

impl Service {
    /// The state machine, version or alias `arn` names (`shown` in an error), and what it
    /// runs now.
    pub(crate) fn target(&self, arn: &StatesArn, shown: &str) -> Result<Target, ApiError> {
        if arn.kind() != ResourceType::StateMachine {
            return Err(ApiError::invalid_arn(shown));
        }
        let store = self.store();
        if let Some(machine) = store.machines.get(arn) {
            return Ok(Target {
                machine: Arc::clone(machine),
                version_arn: None,
                alias_arn: None,
            });
        }
        if let Some(version) = store.versions.get(arn) {
            return Ok(Target {
                machine: Arc::clone(&version.machine),
                version_arn: Some(version.arn.clone()),
                alias_arn: None,
            });
        }
        if let Some(alias) = store.aliases.get(arn) {
            let draw = self.next_number() % 100;
            let mut below = 0;
            let chosen = alias
                .routing
                .iter()
                .find(|route| {
                    below += route.weight;
                    draw < below
                })
                .or(alias.routing.first())
                .and_then(|route| store.versions.get(&route.state_machine_version_arn));
            if let Some(version) = chosen {
                return Ok(Target {
                    machine: Arc::clone(&version.machine),
                    version_arn: Some(version.arn.clone()),
                    alias_arn: Some(alias.arn.clone()),
                });
            }
        }
        Err(ApiError::new(
            "StateMachineDoesNotExist",
            format!("State Machine Does Not Exist: '{shown}'"),
        ))
    }

    /// Publishes the machine's current revision, or answers the version that holds it.
    pub(crate) fn publish(
        &self,
        machine: &Arc<Machine>,
        description: Option<&str>,
    ) -> Result<Version, ApiError> {
        let mut store = self.store();
        let existing: Vec<&Version> = store
            .versions
            .values()
            .filter(|v| v.machine.arn == machine.arn)
            .collect();
        if let Some(latest) = existing.iter().max_by_key(|v| v.number)
            && latest.machine.revision_id == machine.revision_id
        {
            return Ok((*latest).clone());
        }
        // Numbers are not reused, deleted versions included (across a restart, from the
        // versions kept).
        let number = existing.iter().map(|v| v.number).max().unwrap_or(0).max(
            store
                .version_numbers
                .get(&machine.arn)
                .copied()
                .unwrap_or(0),
        ) + 1;
        let version = Version {
            arn: qualified(&machine.arn, Qualifier::Version(number))?,
            number,
            machine: Arc::clone(machine),
            description: description.map(str::to_owned),
            created_ms: now_ms(),
        };
        let written = version.clone();
        self.save(Box::new(move |tx| write::version(tx, &written)))?;
        store.versions.insert(version.arn.clone(), version.clone());
        store.version_numbers.insert(machine.arn.clone(), number);
        Ok(version)
    }

    pub(crate) fn publish_version(
        &self,
        r: &PublishStateMachineVersionInput,
    ) -> Result<PublishStateMachineVersionOutput, ApiError> {
        let machine = self.machine(&r.state_machine_arn)?;
        self.refuse_deleting(&machine.arn)?;
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
        let version = self.publish(&machine, r.description.as_deref())?;
        Ok(PublishStateMachineVersionOutput {
            creation_date: Timestamp(version.created_ms),
            state_machine_version_arn: version.arn,
        })
    }

    pub(crate) fn list_versions(
        &self,
        r: &ListStateMachineVersionsInput,
    ) -> Result<ListStateMachineVersionsOutput, ApiError> {
        let machine = self.machine(&r.state_machine_arn)?;
        let versions: Vec<Version> = self
            .store()
            .versions
            .values()
            .filter(|v| v.machine.arn == machine.arn)
            .cloned()
            .collect();
        // The newest first (the API reference, ListStateMachineVersions: "listed in descending
        // order of the version creation time").
        let page = listed(
            r,
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

    pub(crate) fn delete_version(
        &self,
        r: &DeleteStateMachineVersionInput,
    ) -> Result<DeleteStateMachineVersionOutput, ApiError> {
        let arn = r
            .state_machine_version_arn
            .of(&[ResourceType::StateMachine])?;
        let mut store = self.store();
        let routing: Vec<String> = store
            .aliases
            .values()
            .filter(|a| {
                a.routing
                    .iter()
                    .any(|r| r.state_machine_version_arn == *arn)
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
        self.save(Box::new(move |tx| write::delete_version(tx, &deleted)))?;
        store.versions.shift_remove(arn);
        Ok(DeleteStateMachineVersionOutput {})
    }

    /// The routing configuration of a request, checked against the machine's versions.
    fn routing(
        &self,
        entries: &[RoutingConfigurationListItem],
        machine_arn: Option<&StatesArn>,
    ) -> Result<(StatesArn, Vec<Route>), ApiError> {
        // Its presence (where required), its one or two routes and each weight's 0 to 100
        // are the API model's, checked before any operation (`constraints`).
        let store = self.store();
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
            let version = store.versions.get(arn).ok_or_else(not_found)?;
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
        let machine =
            machine.ok_or_else(|| ApiError::validation("routingConfiguration is empty"))?;
        Ok((machine, routing))
    }

    pub(crate) fn create_alias(
        &self,
        r: &CreateStateMachineAliasInput,
    ) -> Result<CreateStateMachineAliasOutput, ApiError> {
        let name = r.name.as_str();
        super::service::check_name(name)?;
        if name.chars().all(|c| c.is_ascii_digit()) {
            return Err(ApiError::new(
                "ValidationException",
                format!("the alias name `{name}` is a version number; an alias name has a letter"),
            ));
        }
        let description = r.description.clone();
        let (machine_arn, routing) = self.routing(&r.routing_configuration, None)?;
        self.refuse_deleting(&machine_arn)?;
        let arn = qualified(&machine_arn, Qualifier::Alias(name.to_owned()))?;
        let mut store = self.store();
        if let Some(existing) = store.aliases.get(&arn) {
            // Idempotent: the same alias again answers it.
            if existing.routing == routing && existing.description == description {
                return Ok(CreateStateMachineAliasOutput {
                    creation_date: Timestamp(existing.created_ms),
                    state_machine_alias_arn: arn,
                });
            }
            return Err(ApiError::new(
                "ConflictException",
                format!(
                    "Failed to create alias because an alias with the same name and a different routing configuration already exists: '{arn}'"
                ),
            ));
        }
        let now = now_ms();
        let alias = Alias {
            arn: arn.clone(),
            name: name.to_owned(),
            machine_arn,
            description,
            routing,
            created_ms: now,
            updated_ms: now,
        };
        let written = alias.clone();
        self.save(Box::new(move |tx| write::alias(tx, &written)))?;
        store.aliases.insert(arn.clone(), alias);
        Ok(CreateStateMachineAliasOutput {
            state_machine_alias_arn: arn,
            creation_date: Timestamp(now),
        })
    }

    /// The alias the member `arn` names.
    fn alias(&self, arn: &ArnMember) -> Result<Alias, ApiError> {
        let typed = arn.of(&[ResourceType::StateMachine])?;
        self.store().aliases.get(typed).cloned().ok_or_else(|| {
            ApiError::new(
                "ResourceNotFound",
                format!("Resource not found: '{}'", arn.text()),
            )
        })
    }

    pub(crate) fn describe_alias(
        &self,
        r: &DescribeStateMachineAliasInput,
    ) -> Result<DescribeStateMachineAliasOutput, ApiError> {
        let a = self.alias(&r.state_machine_alias_arn)?;
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

    pub(crate) fn list_aliases(
        &self,
        r: &ListStateMachineAliasesInput,
    ) -> Result<ListStateMachineAliasesOutput, ApiError> {
        let machine = self.machine(&r.state_machine_arn)?;
        let aliases: Vec<Alias> = self
            .store()
            .aliases
            .values()
            .filter(|a| a.machine_arn == machine.arn)
            .cloned()
            .collect();
        // By name, as state machines (see `list_state_machines`).
        let page = listed(
            r,
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

    pub(crate) fn update_alias(
        &self,
        r: &UpdateStateMachineAliasInput,
    ) -> Result<UpdateStateMachineAliasOutput, ApiError> {
        let mut alias = self.alias(&r.state_machine_alias_arn)?;
        self.refuse_deleting(&alias.machine_arn)?;
        let description = r.description.as_deref();
        if description.is_none() && r.routing_configuration.is_none() {
            return Err(ApiError::validation(
                "give a description or a routingConfiguration to update",
            ));
        }
        if let Some(entries) = &r.routing_configuration {
            alias.routing = self.routing(entries, Some(&alias.machine_arn))?.1;
        }
        if let Some(d) = description {
            alias.description = Some(d.to_owned());
        }
        alias.updated_ms = now_ms();
        let written = alias.clone();
        self.save(Box::new(move |tx| write::alias(tx, &written)))?;
        let updated = alias.updated_ms;
        self.store().aliases.insert(alias.arn.clone(), alias);
        Ok(UpdateStateMachineAliasOutput {
            update_date: Timestamp(updated),
        })
    }

    pub(crate) fn delete_alias(
        &self,
        r: &DeleteStateMachineAliasInput,
    ) -> Result<DeleteStateMachineAliasOutput, ApiError> {
        let arn = r
            .state_machine_alias_arn
            .of(&[ResourceType::StateMachine])?;
        let deleted = arn.clone();
        self.save(Box::new(move |tx| write::delete_alias(tx, &deleted)))?;
        self.store().aliases.shift_remove(arn);
        Ok(DeleteStateMachineAliasOutput {})
    }
}
