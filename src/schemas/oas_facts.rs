//! Schema-vs-OAS check: every response field Zoho's OpenAPI files document for a stream's
//! endpoint must be declared in that stream's schema with a type the OAS allows, so no
//! documented field reaches a destination as an untyped leftover.
//!
//! `oas_fields.json` keeps the facts, read by hand from zoho/zohodesk-oas (folder `v1.0`): per
//! Zoho object the OAS file, commit and component schemas read, and each documented top-level
//! field with its type; per stream the object its rows are. A stream without facts is listed with
//! the reason, so a stream cannot pass by having none.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;
use serde_json::Value;

/// The facts file, embedded so the check needs nothing outside the crate.
const FACTS: &str = include_str!("oas_fields.json");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Facts {
    #[allow(dead_code)]
    source: String,
    objects: BTreeMap<String, Object>,
    streams: BTreeMap<String, StreamFacts>,
    /// Streams whose endpoint documents no response fields to compare, with the reason.
    without_facts: BTreeMap<String, String>,
}

/// One Zoho object as its OAS file documents it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Object {
    file: String,
    commit: String,
    /// The component schemas (or responses) whose properties are listed.
    schemas: Vec<String>,
    /// Field name to OAS type: `string`, `date-time` (a string with Zoho's ISO pattern),
    /// `boolean`, `integer`, `number`, `object`, `array`, or a list when the OAS allows several.
    fields: BTreeMap<String, OasType>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OasType {
    One(String),
    Any(Vec<String>),
}

impl OasType {
    fn names(&self) -> Vec<&str> {
        match self {
            OasType::One(t) => vec![t.as_str()],
            OasType::Any(ts) => ts.iter().map(String::as_str).collect(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StreamFacts {
    /// Key into `objects`.
    object: String,
    /// The OAS operations whose responses give this stream's rows.
    operations: Vec<String>,
}

const KNOWN_TYPES: [&str; 7] = [
    "string",
    "date-time",
    "boolean",
    "integer",
    "number",
    "object",
    "array",
];

fn facts() -> Facts {
    serde_json::from_str(FACTS).expect("src/schemas/oas_fields.json is malformed")
}

/// JSON types a (normalized) property schema declares, `null` left out; `None` accepts anything.
fn declared_types(property: &Value) -> Option<BTreeSet<String>> {
    match property.get("type") {
        Some(Value::String(t)) => Some(BTreeSet::from([t.clone()])),
        Some(Value::Array(ts)) => Some(
            ts.iter()
                .filter_map(Value::as_str)
                .filter(|t| *t != "null")
                .map(str::to_owned)
                .collect(),
        ),
        _ => None,
    }
}

/// Whether a value of OAS type `oas` validates against a property declaring `declared`.
fn accepts(declared: &BTreeSet<String>, oas: &str) -> bool {
    match oas {
        "date-time" => declared.contains("string"),
        "integer" => declared.contains("integer") || declared.contains("number"),
        other => declared.contains(other),
    }
}

/// The problems of one stream's schema against one object's facts, each naming stream and field.
fn mismatches(stream: &str, schema: &Value, object: &Object) -> Vec<String> {
    let empty = serde_json::Map::new();
    let props = schema
        .get("properties")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let mut out = Vec::new();
    for (field, oas) in &object.fields {
        let Some(property) = props.get(field) else {
            out.push(format!(
                "{stream}.{field}: documented in {} but not declared",
                object.file
            ));
            continue;
        };
        let Some(declared) = declared_types(property) else {
            continue;
        };
        let wanted = oas.names();
        if !wanted.iter().any(|t| accepts(&declared, t)) {
            out.push(format!(
                "{stream}.{field}: declared {declared:?}, {} documents {wanted:?}",
                object.file
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn facts_are_well_formed() {
        let facts = facts();
        assert!(!facts.objects.is_empty());
        for (name, object) in &facts.objects {
            assert!(
                object.file.ends_with(".json"),
                "{name}: file {}",
                object.file
            );
            assert!(
                object.commit.len() == 40 && object.commit.chars().all(|c| c.is_ascii_hexdigit()),
                "{name}: commit {}",
                object.commit
            );
            assert!(!object.schemas.is_empty(), "{name}: no schemas named");
            assert!(!object.fields.is_empty(), "{name}: no fields");
            for (field, ty) in &object.fields {
                for t in ty.names() {
                    assert!(KNOWN_TYPES.contains(&t), "{name}.{field}: unknown type {t}");
                }
            }
        }
        for (stream, s) in &facts.streams {
            assert!(
                facts.objects.contains_key(&s.object),
                "{stream}: unknown object {}",
                s.object
            );
            assert!(!s.operations.is_empty(), "{stream}: no operations");
        }
        for (stream, reason) in &facts.without_facts {
            assert!(!reason.trim().is_empty(), "{stream}: no reason given");
        }
    }

    /// Every stream has facts or a stated reason for having none; no entry names a stream that
    /// does not exist, so the check cannot pass silently on a missing or renamed stream.
    #[test]
    fn every_stream_has_facts_or_a_reason() {
        let facts = facts();
        let streams: BTreeSet<&str> = super::super::STREAMS.iter().copied().collect();
        for stream in &streams {
            let with = facts.streams.contains_key(*stream);
            let without = facts.without_facts.contains_key(*stream);
            assert!(
                with ^ without,
                "{stream}: needs exactly one of `streams` or `without_facts` in oas_fields.json"
            );
        }
        for stream in facts.streams.keys().chain(facts.without_facts.keys()) {
            assert!(streams.contains(stream.as_str()), "{stream}: not a stream");
        }
    }

    #[test]
    fn schemas_declare_every_documented_field() {
        let facts = facts();
        let mut problems = Vec::new();
        for (stream, s) in &facts.streams {
            let schema = super::super::schema(stream).expect("stream has a schema");
            problems.extend(mismatches(stream, &schema, &facts.objects[&s.object]));
        }
        assert!(
            problems.is_empty(),
            "{} documented fields missing or mistyped:\n{}",
            problems.len(),
            problems.join("\n")
        );
    }

    #[test]
    fn checker_names_missing_and_mistyped_fields() {
        let object: Object = serde_json::from_value(json!({
            "file": "X.json", "commit": "0".repeat(40), "schemas": ["x"],
            "fields": {
                "id": ["string", "integer"], "createdTime": "date-time", "isSpam": "boolean",
                "count": "integer", "cf": "object", "gone": "string", "anything": "array"
            }
        }))
        .unwrap();
        let schema = json!({"properties": {
            "id": {"type": "string"},
            "createdTime": {"type": ["null", "string"], "format": "date-time"},
            "isSpam": {"type": ["null", "string"]},
            "count": {"type": ["null", "number"]},
            "cf": {"type": ["null", "object"]},
            "anything": {}
        }});
        let found = mismatches("s", &schema, &object);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found[0].starts_with("s.gone: documented in X.json"),
            "{found:?}"
        );
        assert!(found[1].starts_with("s.isSpam: declared"), "{found:?}");
    }
}
