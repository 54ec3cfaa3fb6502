//! Record schemas, one per stream, generated at run time from the Rust types in [`objects`].
//!
//! schemars produces draft-07 from the types; [`normalize`] then rewrites the result into the
//! form Airbyte destinations handle best: `["null", T]` for every field except the primary key,
//! `additionalProperties: true` on every object (records pass through with unknown fields), no
//! `required` except `id`, and only the `date-time`/`date` formats.

pub mod objects;
pub mod scalars;

use schemars::JsonSchema;
use schemars::generate::SchemaSettings;
use serde_json::{Value, json};

/// Streams that have a record schema, in catalog order.
pub const STREAMS: &[&str] = &[
    "organizations",
    "agents",
    "departments",
    "teams",
    "tickets",
    "contacts",
    "accounts",
];

/// Formats Airbyte accepts in catalogs; any other (schemars' `int64`) is removed.
const KEPT_FORMATS: [&str; 2] = ["date-time", "date"];

/// The JSON schema of `stream`'s records, or `None` for an unknown stream.
pub fn schema(stream: &str) -> Option<Value> {
    Some(match stream {
        "organizations" => generate::<objects::Organization>(),
        "agents" => generate::<objects::Agent>(),
        "departments" => generate::<objects::Department>(),
        "teams" => generate::<objects::Team>(),
        "tickets" => generate::<objects::Ticket>(),
        "contacts" => generate::<objects::Contact>(),
        "accounts" => generate::<objects::Account>(),
        _ => return None,
    })
}

/// A draft-07 validator of `stream`'s records (for tests that check emitted records).
pub fn validator(stream: &str) -> Option<jsonschema::Validator> {
    schema(stream).and_then(|s| jsonschema::draft7::new(&s).ok())
}

fn generate<T: JsonSchema>() -> Value {
    let settings = SchemaSettings::draft07().with(|s| s.inline_subschemas = true);
    let mut root = settings
        .into_generator()
        .into_root_schema_for::<T>()
        .to_value();
    normalize(&mut root, true);
    if let Some(obj) = root.as_object_mut() {
        obj.insert("required".into(), json!(["id"]));
        // The primary key is never null: undo the nullable rewrite for `id` only.
        if let Some(id) = obj
            .get_mut("properties")
            .and_then(|p| p.get_mut("id"))
            .and_then(Value::as_object_mut)
            && let Some(Value::Array(types)) = id.get("type")
        {
            let kept: Vec<&Value> = types.iter().filter(|t| *t != "null").collect();
            if let [single] = kept.as_slice() {
                let single = (*single).clone();
                id.insert("type".into(), single);
            }
        }
    }
    root
}

/// Rewrites one generated (sub)schema in place; `root` is the record itself (not nullable).
fn normalize(value: &mut Value, root: bool) {
    let Some(obj) = value.as_object_mut() else {
        return;
    };
    obj.remove("required");
    obj.remove("title");
    if obj
        .get("format")
        .and_then(Value::as_str)
        .is_some_and(|f| !KEPT_FORMATS.contains(&f))
    {
        obj.remove("format");
    }
    if !root {
        let types: Vec<Value> = match obj.get("type") {
            Some(Value::String(t)) => vec![Value::String(t.clone())],
            Some(Value::Array(ts)) => ts.iter().filter(|t| *t != "null").cloned().collect(),
            _ => Vec::new(),
        };
        if !types.is_empty() {
            let mut all = vec![json!("null")];
            all.extend(types);
            obj.insert("type".into(), Value::Array(all));
        }
    }
    let is_object = match obj.get("type") {
        Some(Value::String(t)) => t == "object",
        Some(Value::Array(ts)) => ts.iter().any(|t| t == "object"),
        _ => false,
    };
    if is_object {
        obj.insert("additionalProperties".into(), Value::Bool(true));
    }
    if let Some(Value::Object(props)) = obj.get_mut("properties") {
        for p in props.values_mut() {
            normalize(p, false);
        }
    }
    if let Some(items) = obj.get_mut("items") {
        // Array items keep their own type list but lose `null`: Zoho sends no null elements.
        normalize(items, true);
    }
}

#[cfg(test)]
mod tests;
