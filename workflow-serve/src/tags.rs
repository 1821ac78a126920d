//! Tags: `TagResource`, `UntagResource`, `ListTagsForResource` on state machines and
//! activities.

use super::database::write;
use super::protocol::ApiError;
use super::requests::{
    ArnMember, ListTagsForResourceInput, ListTagsForResourceOutput, Tag, TagResourceInput,
    TagResourceOutput, UntagResourceInput, UntagResourceOutput,
};
use super::service::Service;
use workflow_aws_models::{ResourceType, StatesArn};

/// The most tags a resource holds (the service's limit).
const MAX_TAGS: usize = 50;

impl Service {
    /// The tagged resource `resourceArn` names: it must exist.
    fn tagged(&self, member: &ArnMember) -> Result<StatesArn, ApiError> {
        let arn = member.of(&[ResourceType::StateMachine, ResourceType::Activity])?;
        let store = self.store();
        let exists = match arn.kind() {
            ResourceType::StateMachine => store.machines.contains_key(arn),
            _ => store.activities.contains_key(arn),
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

    pub(crate) fn tag_resource(&self, r: &TagResourceInput) -> Result<TagResourceOutput, ApiError> {
        let arn = self.tagged(&r.resource_arn)?;
        let tags = tag_list(Some(&r.tags))?;
        let mut store = self.store();
        // The tags the resource would hold: a refused request changes nothing, in memory or
        // in the database.
        let mut entry = store.tags.get(&arn).cloned().unwrap_or_default();
        for (key, value) in tags {
            entry.insert(key, value);
        }
        if entry.len() > MAX_TAGS {
            return Err(ApiError::new(
                "TooManyTags",
                format!("a resource holds at most {MAX_TAGS} tags"),
            ));
        }
        store.tags.insert(arn.clone(), entry.clone());
        drop(store);
        let tagged = arn.clone();
        self.save(Box::new(move |tx| write::tags(tx, &tagged, &entry)))?;
        Ok(TagResourceOutput {})
    }

    pub(crate) fn untag_resource(
        &self,
        r: &UntagResourceInput,
    ) -> Result<UntagResourceOutput, ApiError> {
        let arn = self.tagged(&r.resource_arn)?;
        let keys = &r.tag_keys;
        let mut store = self.store();
        if let Some(entry) = store.tags.get_mut(&arn) {
            for key in keys {
                entry.shift_remove(key);
            }
            let entry = entry.clone();
            drop(store);
            let tagged = arn.clone();
            self.save(Box::new(move |tx| write::tags(tx, &tagged, &entry)))?;
        }
        Ok(UntagResourceOutput {})
    }

    pub(crate) fn list_tags_for_resource(
        &self,
        r: &ListTagsForResourceInput,
    ) -> Result<ListTagsForResourceOutput, ApiError> {
        let arn = self.tagged(&r.resource_arn)?;
        let tags: Vec<Tag> = self
            .store()
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
            .unwrap_or_default();
        Ok(ListTagsForResourceOutput { tags: Some(tags) })
    }
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
