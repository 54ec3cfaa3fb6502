//! Placeholder until the spec module lands from the shell branch.
use serde_json::{Value, json};
pub fn spec() -> Value {
    let schema = schemars::generate::SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<crate::config::Config>();
    json!({"connectionSpecification": schema, "protocol_version": "0.2.0"})
}
