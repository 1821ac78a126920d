//! State machine versions and aliases: publish a version, list and delete versions, create,
//! describe, update, list and delete aliases, and [`Client::deploy_to_alias`], the
//! create-or-update that publishes the result and points an alias at it (the way a release is
//! rolled out with Step Functions).

use super::error::answered_arn;
use super::execution::system_time;
use super::{Client, Deployment, Error, Result, StateMachineRef, StateMachineSpec};
use aws_sdk_sfn::types::RoutingConfigurationListItem;
use std::time::SystemTime;
use workflow_aws_models::{Qualifier, StatesArn};

/// A published version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionSummary {
    /// `arn:…:stateMachine:NAME:NUMBER`.
    pub arn: StatesArn,
    /// When it was published.
    pub creation_date: Option<SystemTime>,
}

/// An alias as `DescribeStateMachineAlias` answers it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AliasInfo {
    /// `arn:…:stateMachine:NAME:ALIAS`.
    pub arn: StatesArn,
    /// The alias's name.
    pub name: String,
    /// Its description.
    pub description: Option<String>,
    /// The versions it routes to, with their weights (summing to 100).
    pub routing: Vec<(StatesArn, u32)>,
}

/// What [`Client::deploy_to_alias`] did.
#[derive(Debug)]
pub struct AliasDeployment {
    /// The create-or-update of the state machine.
    pub deployment: Deployment,
    /// The version it published (or the one that already held this revision).
    pub version_arn: StatesArn,
    /// The alias, now routing every execution to that version.
    pub alias: AliasRef,
}

impl<I> StateMachineRef<I> {
    /// `PublishStateMachineVersion`: a version of the current revision (the version that
    /// already holds it, when there is one).
    pub fn publish_version(&self) -> PublishVersion<'_> {
        PublishVersion {
            client: self.client(),
            arn: self.arn(),
            description: None,
            revision_id: None,
        }
    }

    /// `ListStateMachineVersions`, every page, newest first.
    pub async fn list_versions(&self) -> Result<Vec<VersionSummary>> {
        let mut out = Vec::new();
        let mut token = None;
        loop {
            let page = self
                .client()
                .sfn
                .list_state_machine_versions()
                .state_machine_arn(self.arn().to_string())
                .set_next_token(token)
                .send()
                .await
                .map_err(|e| Error::from_sdk("ListStateMachineVersions", e))?;
            for v in page.state_machine_versions() {
                out.push(VersionSummary {
                    arn: answered_arn("ListStateMachineVersions", v.state_machine_version_arn())?,
                    creation_date: system_time(v.creation_date()),
                });
            }
            token = page.next_token().map(str::to_owned);
            if token.is_none() {
                return Ok(out);
            }
        }
    }

    /// `CreateStateMachineAlias` named `name`; route it with [`CreateAlias::route`].
    pub fn create_alias(&self, name: impl Into<String>) -> CreateAlias<'_> {
        CreateAlias {
            client: self.client(),
            name: name.into(),
            description: None,
            routing: Vec::new(),
        }
    }

    /// `ListStateMachineAliases`, every page.
    pub async fn list_aliases(&self) -> Result<Vec<AliasRef>> {
        let mut out = Vec::new();
        let mut token = None;
        loop {
            let page = self
                .client()
                .sfn
                .list_state_machine_aliases()
                .state_machine_arn(self.arn().to_string())
                .set_next_token(token)
                .send()
                .await
                .map_err(|e| Error::from_sdk("ListStateMachineAliases", e))?;
            for a in page.state_machine_aliases() {
                let arn = answered_arn("ListStateMachineAliases", a.state_machine_alias_arn())?;
                out.push(self.client().alias(arn));
            }
            token = page.next_token().map(str::to_owned);
            if token.is_none() {
                return Ok(out);
            }
        }
    }
}

/// A `PublishStateMachineVersion` request; see [`StateMachineRef::publish_version`].
#[derive(Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct PublishVersion<'a> {
    client: &'a Client,
    arn: &'a StatesArn,
    description: Option<String>,
    revision_id: Option<String>,
}

impl PublishVersion<'_> {
    /// The version's description.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Publish only if the current revision is this one (`ConflictException` otherwise).
    pub fn revision_id(mut self, revision: impl Into<String>) -> Self {
        self.revision_id = Some(revision.into());
        self
    }

    /// Sends the request; the version's ARN.
    pub async fn send(self) -> Result<StatesArn> {
        let out = self
            .client
            .sfn
            .publish_state_machine_version()
            .state_machine_arn(self.arn.to_string())
            .set_description(self.description)
            .set_revision_id(self.revision_id)
            .send()
            .await
            .map_err(|e| Error::from_sdk("PublishStateMachineVersion", e))?;
        answered_arn(
            "PublishStateMachineVersion",
            out.state_machine_version_arn(),
        )
    }
}

/// A `CreateStateMachineAlias` request; see [`StateMachineRef::create_alias`].
#[derive(Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct CreateAlias<'a> {
    client: &'a Client,
    name: String,
    description: Option<String>,
    routing: Vec<(StatesArn, u32)>,
}

impl CreateAlias<'_> {
    /// The alias's description.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Routes `weight` percent of the executions to the version `version_arn` (one or two
    /// routes, weights summing to 100).
    pub fn route(mut self, version_arn: StatesArn, weight: u32) -> Self {
        self.routing.push((version_arn, weight));
        self
    }

    /// Sends the request; the alias.
    pub async fn send(self) -> Result<AliasRef> {
        let out = self
            .client
            .sfn
            .create_state_machine_alias()
            .name(self.name)
            .set_description(self.description)
            .set_routing_configuration(Some(routing(&self.routing)?))
            .send()
            .await
            .map_err(|e| Error::from_sdk("CreateStateMachineAlias", e))?;
        Ok(self.client.alias(answered_arn(
            "CreateStateMachineAlias",
            out.state_machine_alias_arn(),
        )?))
    }
}

fn routing(routes: &[(StatesArn, u32)]) -> Result<Vec<RoutingConfigurationListItem>> {
    routes
        .iter()
        .map(|(arn, weight)| {
            RoutingConfigurationListItem::builder()
                .state_machine_version_arn(arn.to_string())
                .weight(i32::try_from(*weight).unwrap_or(i32::MAX))
                .build()
                .map_err(|e| Error::Config(format!("a route of the alias: {e}")))
        })
        .collect()
}

/// An alias of a state machine: execute it as a state machine
/// ([`AliasRef::state_machine`]), describe, re-route or delete it.
#[derive(Clone, Debug)]
pub struct AliasRef {
    client: Client,
    arn: StatesArn,
}

impl Client {
    /// A handle on the alias `arn` (no API call).
    pub fn alias(&self, arn: StatesArn) -> AliasRef {
        AliasRef {
            client: self.clone(),
            arn,
        }
    }

    /// `DeleteStateMachineVersion` (`ConflictException` while an alias routes to it).
    pub async fn delete_version(&self, version_arn: &StatesArn) -> Result<()> {
        self.sfn
            .delete_state_machine_version()
            .state_machine_version_arn(version_arn.to_string())
            .send()
            .await
            .map_err(|e| Error::from_sdk("DeleteStateMachineVersion", e))?;
        Ok(())
    }

    /// Deploys `spec` (create-or-update, as [`Client::deploy_spec`]), publishes the result as
    /// a version, and points the alias `alias` at it (creating the alias the first time): every
    /// execution started on the alias then runs that version, while executions already running
    /// keep theirs. A redeploy of an unchanged definition publishes nothing new.
    pub async fn deploy_to_alias(
        &self,
        spec: &StateMachineSpec,
        alias: &str,
    ) -> Result<AliasDeployment> {
        let deployment = self.deploy_spec(spec).await?;
        let version_arn = deployment.state_machine.publish_version().send().await?;
        let alias_arn = deployment
            .arn()
            .qualified(Qualifier::Alias(alias.to_owned()))
            .ok_or_else(|| {
                Error::Config(format!("{} is not a state machine's ARN", deployment.arn()))
            })?;
        let alias_ref = self.alias(alias_arn);
        match alias_ref.describe().await {
            Ok(info) if info.routing == [(version_arn.clone(), 100)] => {}
            Ok(_) => {
                alias_ref
                    .update()
                    .route(version_arn.clone(), 100)
                    .send()
                    .await?
            }
            Err(Error::DoesNotExist(_)) => {
                deployment
                    .state_machine
                    .create_alias(alias)
                    .route(version_arn.clone(), 100)
                    .send()
                    .await?;
            }
            Err(e) => return Err(e),
        }
        Ok(AliasDeployment {
            deployment,
            version_arn,
            alias: alias_ref,
        })
    }
}

impl AliasRef {
    /// The alias's ARN.
    pub fn arn(&self) -> &StatesArn {
        &self.arn
    }

    /// The alias as a state machine to execute: `StartExecution` on it runs the version it
    /// routes to.
    pub fn state_machine(&self) -> StateMachineRef {
        self.client.state_machine(self.arn.clone())
    }

    /// `DescribeStateMachineAlias`.
    pub async fn describe(&self) -> Result<AliasInfo> {
        let out = self
            .client
            .sfn
            .describe_state_machine_alias()
            .state_machine_alias_arn(self.arn.to_string())
            .send()
            .await
            .map_err(|e| Error::from_sdk("DescribeStateMachineAlias", e))?;
        Ok(AliasInfo {
            arn: match out.state_machine_alias_arn() {
                Some(arn) => answered_arn("DescribeStateMachineAlias", arn)?,
                None => self.arn.clone(),
            },
            name: out.name().unwrap_or_default().to_owned(),
            description: out.description().map(str::to_owned),
            routing: out
                .routing_configuration()
                .iter()
                .map(|r| {
                    Ok((
                        answered_arn("DescribeStateMachineAlias", r.state_machine_version_arn())?,
                        u32::try_from(r.weight()).unwrap_or(0),
                    ))
                })
                .collect::<Result<_>>()?,
        })
    }

    /// `UpdateStateMachineAlias`: a new routing or description.
    pub fn update(&self) -> UpdateAlias<'_> {
        UpdateAlias {
            alias: self,
            description: None,
            routing: Vec::new(),
        }
    }

    /// `DeleteStateMachineAlias`.
    pub async fn delete(&self) -> Result<()> {
        self.client
            .sfn
            .delete_state_machine_alias()
            .state_machine_alias_arn(self.arn.to_string())
            .send()
            .await
            .map_err(|e| Error::from_sdk("DeleteStateMachineAlias", e))?;
        Ok(())
    }
}

/// An `UpdateStateMachineAlias` request; see [`AliasRef::update`].
#[derive(Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct UpdateAlias<'a> {
    alias: &'a AliasRef,
    description: Option<String>,
    routing: Vec<(StatesArn, u32)>,
}

impl UpdateAlias<'_> {
    /// A new description.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// A route of the new routing (see [`CreateAlias::route`]).
    pub fn route(mut self, version_arn: StatesArn, weight: u32) -> Self {
        self.routing.push((version_arn, weight));
        self
    }

    /// Sends the request.
    pub async fn send(self) -> Result<()> {
        let routing = if self.routing.is_empty() {
            None
        } else {
            Some(routing(&self.routing)?)
        };
        self.alias
            .client
            .sfn
            .update_state_machine_alias()
            .state_machine_alias_arn(self.alias.arn.to_string())
            .set_description(self.description)
            .set_routing_configuration(routing)
            .send()
            .await
            .map_err(|e| Error::from_sdk("UpdateStateMachineAlias", e))?;
        Ok(())
    }
}
