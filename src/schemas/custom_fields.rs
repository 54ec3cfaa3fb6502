//! Typed custom fields: a record's `cf` object gets one property per custom field of the
//! portal's field metadata (`GET /fields?module=X`, or `/organizationFields` where that is refused;
//! see `field_metadata`).
//!
//! The value types follow what the API sends in records: every custom-field value is a JSON
//! string or null (numbers as `"42"`/`"12.50"`, multiselect as `"a;b"`, dates `yyyy-MM-dd`,
//! date-times `…SSSZ`), except Boolean, which is a JSON boolean or null. Unknown types are
//! strings. `cf` stays open (`additionalProperties: true`), so fields created after discovery
//! still pass.

use serde_json::{Map, Value, json};

/// One custom field of a module, from one row of field metadata (both endpoints share the keys).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomField {
    /// The key under `cf` (`cf_region`).
    pub api_name: String,
    /// The label shown in Zoho (`displayLabel`).
    pub label: String,
    /// Zoho's field type (`Text`, `Date`, `Boolean`, `LookUp`, ...), as sent.
    pub field_type: String,
}

impl CustomField {
    /// Reads one metadata row (keys `apiName`, `displayLabel`, `type`, `isCustomField`); `None`
    /// for system fields and rows without an `apiName`.
    pub fn from_metadata(row: &Value) -> Option<CustomField> {
        if row.get("isCustomField").and_then(Value::as_bool) != Some(true) {
            return None;
        }
        let api_name = row.get("apiName").and_then(Value::as_str)?;
        if api_name.is_empty() {
            return None;
        }
        let text = |k: &str| {
            row.get(k)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        Some(CustomField {
            api_name: api_name.to_string(),
            label: text("displayLabel"),
            field_type: text("type"),
        })
    }

    /// The property schema of this field's value under `cf`.
    fn property(&self) -> Value {
        let mut p = match self.field_type.to_ascii_lowercase().as_str() {
            "date" => json!({"type": ["null", "string"], "format": "date"}),
            "datetime" => json!({"type": ["null", "string"], "format": "date-time"}),
            "boolean" => json!({"type": ["null", "boolean"]}),
            // Text, Textarea, Picklist, Multiselect, Number, Decimal, Currency, Percent, Email,
            // Phone, URL, LookUp, ... and any type Zoho adds later: strings.
            _ => json!({"type": ["null", "string"]}),
        };
        let title = if self.label.is_empty() {
            self.api_name.clone()
        } else {
            self.label.clone()
        };
        p["title"] = json!(title);
        p["description"] = json!(format!(
            "Custom field \"{}\" (Zoho type {}).",
            title,
            if self.field_type.is_empty() {
                "unknown"
            } else {
                &self.field_type
            }
        ));
        p
    }
}

/// `schema` with every field of `fields` added as a typed property of the record's `cf` object.
/// A schema without a `cf` property is returned unchanged; applying the same fields twice gives
/// the same schema.
pub fn with_custom_fields(mut schema: Value, fields: &[CustomField]) -> Value {
    let Some(cf) = schema
        .get_mut("properties")
        .and_then(|p| p.get_mut("cf"))
        .and_then(Value::as_object_mut)
    else {
        return schema;
    };
    if fields.is_empty() {
        return schema;
    }
    let props = cf
        .entry("properties")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Some(props) = props.as_object_mut() {
        for f in fields {
            props.insert(f.api_name.clone(), f.property());
        }
    }
    cf.insert("additionalProperties".into(), Value::Bool(true));
    schema
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schemas::schema;

    fn field(api: &str, label: &str, ty: &str) -> CustomField {
        CustomField {
            api_name: api.into(),
            label: label.into(),
            field_type: ty.into(),
        }
    }

    fn portal_fields() -> Vec<CustomField> {
        vec![
            field("cf_follow_up_date", "Follow up date", "Date"),
            field("cf_escalated_at", "Escalated at", "DateTime"),
            field("cf_vip", "VIP", "Boolean"),
            field("cf_amount", "Amount", "Number"),
            field("cf_rate", "Rate", "Decimal"),
            field("cf_region", "Region", "Picklist"),
            field("cf_owner", "Owner", "Lookup"),
            field("cf_new", "New kind", "SomethingNew"),
        ]
    }

    fn typed_tickets() -> Value {
        with_custom_fields(schema("tickets").unwrap(), &portal_fields())
    }

    fn errors(schema: &Value, record: &Value) -> Vec<String> {
        let v = jsonschema::draft7::new(schema).unwrap();
        v.iter_errors(record).map(|e| e.to_string()).collect()
    }

    #[test]
    fn types_follow_what_the_api_sends() {
        let s = typed_tickets();
        let cf = &s["properties"]["cf"];
        assert_eq!(cf["type"], json!(["null", "object"]));
        assert_eq!(cf["additionalProperties"], json!(true));
        let p = &cf["properties"];
        assert_eq!(p["cf_follow_up_date"]["type"], json!(["null", "string"]));
        assert_eq!(p["cf_follow_up_date"]["format"], "date");
        assert_eq!(p["cf_escalated_at"]["format"], "date-time");
        assert_eq!(p["cf_vip"]["type"], json!(["null", "boolean"]));
        for k in ["cf_amount", "cf_rate", "cf_region", "cf_owner", "cf_new"] {
            assert_eq!(p[k]["type"], json!(["null", "string"]), "{k}");
            assert!(p[k].get("format").is_none(), "{k}");
        }
        assert_eq!(p["cf_region"]["title"], "Region");
        assert!(
            p["cf_region"]["description"]
                .as_str()
                .unwrap()
                .contains("Picklist")
        );
        assert!(jsonschema::draft7::meta::validate(&s).is_ok());
    }

    #[test]
    fn type_names_are_case_insensitive() {
        for ty in ["DATE", "date", "Date"] {
            let s = with_custom_fields(schema("tickets").unwrap(), &[field("cf_d", "D", ty)]);
            assert_eq!(
                s["properties"]["cf"]["properties"]["cf_d"]["format"],
                "date"
            );
        }
        for ty in ["BOOLEAN", "boolean"] {
            let s = with_custom_fields(schema("tickets").unwrap(), &[field("cf_b", "B", ty)]);
            assert_eq!(
                s["properties"]["cf"]["properties"]["cf_b"]["type"],
                json!(["null", "boolean"])
            );
        }
    }

    #[test]
    fn records_validate_against_the_typed_schema() {
        let s = typed_tickets();
        let ok = json!({"id": "1", "cf": {
            "cf_amount": "12", "cf_rate": "12.50", "cf_follow_up_date": "2024-01-20",
            "cf_escalated_at": "2024-01-16T08:02:11.000Z", "cf_vip": true, "cf_region": "APAC",
            "cf_owner": null, "cf_not_in_metadata": 7
        }});
        assert!(errors(&s, &ok).is_empty(), "{:?}", errors(&s, &ok));
        assert!(errors(&s, &json!({"id": "1", "cf": null})).is_empty());
        let bad = [
            json!({"id": "1", "cf": {"cf_amount": 12}}),
            json!({"id": "1", "cf": {"cf_vip": "true"}}),
            json!({"id": "1", "cf": {"cf_region": ["APAC"]}}),
            json!({"id": "1", "cf": {"cf_follow_up_date": 1705708800000_i64}}),
        ];
        for record in bad {
            assert!(!errors(&s, &record).is_empty(), "{record} should fail");
        }
        // The untyped schema accepts the number: the failure above comes from the typing.
        let untyped = schema("tickets").unwrap();
        assert!(errors(&untyped, &json!({"id": "1", "cf": {"cf_amount": 12}})).is_empty());
    }

    #[test]
    fn idempotent_and_no_cf_means_unchanged() {
        let once = typed_tickets();
        let twice = with_custom_fields(once.clone(), &portal_fields());
        assert_eq!(once, twice);
        let teams = schema("teams").unwrap();
        assert_eq!(with_custom_fields(teams.clone(), &portal_fields()), teams);
        let tickets = schema("tickets").unwrap();
        assert_eq!(with_custom_fields(tickets.clone(), &[]), tickets);
    }

    #[test]
    fn metadata_rows() {
        let row = json!({"id": "412500000000500123", "apiName": "cf_region", "displayLabel": "Region",
            "type": "Picklist", "isCustomField": true, "maxLength": 120});
        assert_eq!(
            CustomField::from_metadata(&row),
            Some(field("cf_region", "Region", "Picklist"))
        );
        let system = json!({"apiName": "subject", "displayLabel": "Subject", "type": "Text",
            "isCustomField": false});
        assert_eq!(CustomField::from_metadata(&system), None);
        let no_flag = json!({"apiName": "cf_x", "displayLabel": "X", "type": "Text"});
        assert_eq!(CustomField::from_metadata(&no_flag), None);
        let no_api = json!({"displayLabel": "X", "type": "Text", "isCustomField": true});
        assert_eq!(CustomField::from_metadata(&no_api), None);
        let no_label = json!({"apiName": "cf_y", "type": "Boolean", "isCustomField": true});
        let f = CustomField::from_metadata(&no_label).unwrap();
        assert_eq!(f.label, "");
        let s = with_custom_fields(schema("tickets").unwrap(), &[f]);
        assert_eq!(s["properties"]["cf"]["properties"]["cf_y"]["title"], "cf_y");
    }
}
