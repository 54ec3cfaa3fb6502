//! Placeholder until the schemas module lands from the shell branch.
use serde_json::{Value, json};
pub fn schema(_stream: &str) -> Option<Value> {
    Some(
        json!({"$schema":"http://json-schema.org/draft-07/schema#","type":"object","additionalProperties":true,
      "properties":{"id":{"type":["string","integer"]},"modifiedTime":{"type":["null","string"]}}}),
    )
}
