//! Tags: `TagResource`, `UntagResource`, `ListTagsForResource` on state machines and
//! activities.

use super::catalog::{CatalogState, Planned};
use super::database::write;
use super::protocol::ApiError;
use super::requests::{
    ArnMember, ListTagsForResourceInput, ListTagsForResourceOutput, Tag, TagResourceInput,
    TagResourceOutput, UntagResourceInput, UntagResourceOutput,
};
use super::service::Service;
use indexmap::IndexMap;
use std::sync::Arc;
use workflow_aws_models::{ResourceType, StatesArn};

/// The most tags a resource holds (the service's limit).
const MAX_TAGS: usize = 50;

/// The tagged resource `member` names, in `catalog`: it must exist.
fn tagged(catalog: &CatalogState, member: &ArnMember) -> Result<StatesArn, ApiError> {
    let arn = member.of(&[ResourceType::StateMachine, ResourceType::Activity])?;
    let exists = match arn.kind() {
        ResourceType::StateMachine => catalog.machines.contains_key(arn),
        _ => catalog.activities.contains_key(arn),
    };
    if exists {
        Ok(arn.clone())
    } else {
        Err(ApiError::new(
            "ResourceNotFound",
            format!("Resource not found: '{}'", member.text()),
        ))
    }
}

/// Writes the tags `entry` of `arn`, then keeps them.
fn write_tags(arn: StatesArn, entry: IndexMap<String, String>) -> Planned<()> {
    let (tagged, written) = (arn.clone(), entry.clone());
    Planned::change(
        Box::new(move |tx| write::tags(tx, &tagged, &written)),
        move |catalog| {
            catalog.tags.insert(arn, entry);
        },
        (),
    )
}

pub(crate) async fn tag_resource(
    service: Arc<Service>,
    r: TagResourceInput,
) -> Result<TagResourceOutput, ApiError> {
    let tags = tag_list(Some(&r.tags))?;
    service
        .change_catalog(move |catalog| {
            let arn = tagged(catalog, &r.resource_arn)?;
            // The tags the resource would hold: a refused request changes nothing, in memory or
            // in the database.
            let mut entry = catalog.tags.get(&arn).cloned().unwrap_or_default();
            for (key, value) in tags {
                entry.insert(key, value);
            }
            if entry.len() > MAX_TAGS {
                return Err(ApiError::new(
                    "TooManyTags",
                    format!("a resource holds at most {MAX_TAGS} tags"),
                ));
            }
            Ok(write_tags(arn, entry))
        })
        .await?;
    Ok(TagResourceOutput {})
}

pub(crate) async fn untag_resource(
    service: Arc<Service>,
    r: UntagResourceInput,
) -> Result<UntagResourceOutput, ApiError> {
    service
        .change_catalog(move |catalog| {
            let arn = tagged(catalog, &r.resource_arn)?;
            let Some(mut entry) = catalog.tags.get(&arn).cloned() else {
                return Ok(Planned::answer(()));
            };
            for key in &r.tag_keys {
                entry.shift_remove(key);
            }
            Ok(write_tags(arn, entry))
        })
        .await?;
    Ok(UntagResourceOutput {})
}

pub(crate) async fn list_tags_for_resource(
    service: Arc<Service>,
    r: ListTagsForResourceInput,
) -> Result<ListTagsForResourceOutput, ApiError> {
    let tags = service.catalog.read(|catalog| {
        let arn = tagged(catalog, &r.resource_arn)?;
        Ok::<_, ApiError>(
            catalog
                .tags
                .get(&arn)
                .map(|t| {
                    t.iter()
                        .map(|(k, v)| Tag {
                            key: Some(k.clone()),
                            value: Some(v.clone()),
                        })
                        .collect()
                })
                .unwrap_or_default(),
        )
    })?;
    Ok(ListTagsForResourceOutput { tags: Some(tags) })
}

/// A request's tags as pairs (a value left out is empty). A tag without a key is AWS's
/// `ValidationException` (the model leaves `key` optional; the service requires it).
pub(crate) fn tag_list(tags: Option<&[Tag]>) -> Result<Vec<(String, String)>, ApiError> {
    // A key's and a value's lengths (1 to 128, 0 to 256) are the API model's, checked before
    // any operation (`constraints`).
    tags.unwrap_or_default()
        .iter()
        .map(|tag| match &tag.key {
            Some(key) => Ok((key.clone(), tag.value.clone().unwrap_or_default())),
            None => Err(ApiError::validation(
                "1 validation error detected: Value null at 'key' failed to satisfy constraint: Member must not be null",
            )),
        })
        .collect()
}
