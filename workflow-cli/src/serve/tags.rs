//! Tags: `TagResource`, `UntagResource`, `ListTagsForResource` on state machines and
//! activities.

use super::protocol::{ApiError, Fields};
use super::service::Service;
use serde_json::{Map, Value, json};
use workflow_aws_models::ResourceType;

/// The most tags a resource holds (the service's limit).
const MAX_TAGS: usize = 50;

impl Service {
    /// The tagged resource `resourceArn` names: it must exist.
    fn tagged(&self, r: &Map<String, Value>) -> Result<String, ApiError> {
        let arn = r.required("resourceArn")?;
        let store = self.store();
        let exists = (self.is_arn_of(arn, ResourceType::StateMachine)
            && store.machines.contains_key(arn))
            || (self.is_arn_of(arn, ResourceType::Activity) && store.activities.contains_key(arn));
        if exists {
            Ok(arn.to_owned())
        } else if self.is_arn_of(arn, ResourceType::StateMachine)
            || self.is_arn_of(arn, ResourceType::Activity)
        {
            Err(ApiError::new(
                "ResourceNotFound",
                format!("Resource not found: '{arn}'"),
            ))
        } else {
            Err(ApiError::invalid_arn(arn))
        }
    }

    pub(crate) fn tag_resource(&self, r: &Map<String, Value>) -> Result<Value, ApiError> {
        let arn = self.tagged(r)?;
        let tags = tag_list(r.get("tags"))?;
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
        self.save(|db| db.save_tags(&arn, &entry))?;
        Ok(json!({}))
    }

    pub(crate) fn untag_resource(&self, r: &Map<String, Value>) -> Result<Value, ApiError> {
        let arn = self.tagged(r)?;
        let keys: Vec<&str> = match r.get("tagKeys") {
            Some(Value::Array(keys)) => keys.iter().filter_map(Value::as_str).collect(),
            // Left out: the API model's required member, refused before (`constraints`).
            _ => {
                return Err(ApiError::new(
                    "SerializationException",
                    "`tagKeys` must be a list",
                ));
            }
        };
        let mut store = self.store();
        if let Some(entry) = store.tags.get_mut(&arn) {
            for key in keys {
                entry.shift_remove(key);
            }
            let entry = entry.clone();
            drop(store);
            self.save(|db| db.save_tags(&arn, &entry))?;
        }
        Ok(json!({}))
    }

    pub(crate) fn list_tags_for_resource(&self, r: &Map<String, Value>) -> Result<Value, ApiError> {
        let arn = self.tagged(r)?;
        let tags: Vec<Value> = self
            .store()
            .tags
            .get(&arn)
            .map(|t| {
                t.iter()
                    .map(|(k, v)| json!({"key": k, "value": v}))
                    .collect()
            })
            .unwrap_or_default();
        Ok(json!({"tags": tags}))
    }
}

/// `[{"key": …, "value": …}]` as pairs.
pub(crate) fn tag_list(tags: Option<&Value>) -> Result<Vec<(String, String)>, ApiError> {
    let Some(tags) = tags else {
        return Ok(Vec::new());
    };
    let Value::Array(tags) = tags else {
        return Err(ApiError::new(
            "SerializationException",
            "`tags` must be a list",
        ));
    };
    // A key's and a value's lengths (1 to 128, 0 to 256) are the API model's, checked before
    // any operation (`constraints`).
    tags.iter()
        .map(|tag| match (tag.get("key"), tag.get("value")) {
            (Some(Value::String(k)), None | Some(Value::Null)) => Ok((k.clone(), String::new())),
            (Some(Value::String(k)), Some(Value::String(v))) => Ok((k.clone(), v.clone())),
            (None | Some(Value::Null), _) => Err(ApiError::validation(
                "1 validation error detected: Value null at 'key' failed to satisfy constraint: Member must not be null",
            )),
            _ => Err(ApiError::new(
                "SerializationException",
                "a tag's `key` and `value` must be strings",
            )),
        })
        .collect()
}
