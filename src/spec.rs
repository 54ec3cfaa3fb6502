//! The SPEC payload: `connectionSpecification` is generated from [`Config`] (so the parser and
//! the form can never disagree) and then reshaped into the subset of JSON Schema that Airbyte's
//! UI and acceptance tests accept: everything inline, `credentials` as a one-variant `oneOf`,
//! nullable types written `[T, "null"]`, `additionalProperties: true` on every object.

use schemars::generate::SchemaSettings;
use serde_json::{Map, Value, json};

use crate::config::{Config, DataCenter};
use crate::streams;

/// Where users find setup help; also `documentationUrl` in metadata.yaml (a test compares them).
pub const DOCUMENTATION_URL: &str =
    "https://github.com/zohodesk-connectors/source-zoho-desk/blob/main/docs/user-guide.md";

/// The protocol version the platform should assume (it falls back to 0.2.0 anyway).
pub const PROTOCOL_VERSION: &str = "0.2.0";

/// Formats the Airbyte form understands; schemars' integer formats (`uint32`) are dropped.
const KEPT_FORMATS: [&str; 4] = ["date-time", "date", "uri", "email"];

/// The full ConnectorSpecification (the `spec` field of the SPEC message).
pub fn spec() -> Value {
    json!({
        "documentationUrl": DOCUMENTATION_URL,
        "protocol_version": PROTOCOL_VERSION,
        "connectionSpecification": connection_specification(),
        "advanced_auth": advanced_auth(),
    })
}

/// The config's JSON Schema, draft-07, in Airbyte's dialect.
pub fn connection_specification() -> Value {
    let settings = SchemaSettings::draft07().with(|s| s.inline_subschemas = true);
    let mut root = settings
        .into_generator()
        .into_root_schema_for::<Config>()
        .to_value();
    tidy(&mut root);
    if let Some(obj) = root.as_object_mut() {
        obj.insert("additionalProperties".into(), Value::Bool(true));
        if let Some(props) = obj.get_mut("properties").and_then(Value::as_object_mut) {
            if let Some(creds) = props.get_mut("credentials") {
                *creds = credentials_one_of(std::mem::take(creds));
            }
            if let Some(start) = props.get_mut("start_date").and_then(Value::as_object_mut) {
                start.insert("pattern_descriptor".into(), json!("YYYY-MM-DDTHH:mm:ssZ"));
            }
        }
    }
    root
}

/// Recursively removes what Airbyte does not want (`default: null`, integer formats) and
/// unwraps descriptions that doc comments hard-wrapped, so the form shows flowing text.
fn tidy(value: &mut Value) {
    match value {
        Value::Object(obj) => {
            if let Some(Value::String(d)) = obj.get_mut("description") {
                *d = unwrap_lines(d);
            }
            if obj.get("default").is_some_and(Value::is_null) {
                obj.remove("default");
            }
            if let Some(f) = obj.get("format").and_then(Value::as_str)
                && !KEPT_FORMATS.contains(&f)
            {
                obj.remove("format");
            }
            for v in obj.values_mut() {
                tidy(v);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(tidy),
        _ => {}
    }
}

/// Joins single line breaks into spaces; a blank line (paragraph break) is kept.
fn unwrap_lines(text: &str) -> String {
    text.split("\n\n")
        .map(|para| {
            para.split('\n')
                .map(str::trim)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Turns the inlined `Credentials` object into `{type: object, oneOf: [OAuth2.0 variant]}`:
/// the shape Airbyte's UI draws as an auth-method selector and that `advanced_auth` hooks into.
fn credentials_one_of(inlined: Value) -> Value {
    let mut variant = match inlined {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    let mut parent = Map::new();
    parent.insert("type".into(), json!("object"));
    for key in ["title", "description", "order"] {
        if let Some(v) = variant.remove(key) {
            parent.insert(key.into(), v);
        }
    }
    // The variant's own title comes from `#[schemars(title = "OAuth2.0")]` on the type; the
    // field title replaced it when inlining, so set it explicitly.
    variant.insert("title".into(), json!("OAuth2.0"));
    variant.insert("type".into(), json!("object"));
    variant.insert("additionalProperties".into(), Value::Bool(true));
    if let Some(auth) = variant
        .get_mut("properties")
        .and_then(|p| p.get_mut("auth_type"))
        .and_then(Value::as_object_mut)
    {
        // A const discriminator may not carry a differing default; drop it to be plain.
        auth.remove("default");
    }
    let mut required: Vec<Value> = vec![json!("auth_type")];
    if let Some(Value::Array(existing)) = variant.remove("required") {
        required.extend(existing.into_iter().filter(|v| v != "auth_type"));
    }
    variant.insert("required".into(), Value::Array(required));
    parent.insert("oneOf".into(), Value::Array(vec![Value::Object(variant)]));
    Value::Object(parent)
}

/// The Desk read scopes the streams need (each row of the stream table names one), in the
/// comma-separated form Zoho's authorize endpoint takes.
pub fn oauth_scopes() -> String {
    let mut scopes: Vec<&str> = streams::STREAMS
        .iter()
        .map(|s| s.scope)
        .filter(|s| !s.is_empty())
        .collect();
    scopes.sort_unstable();
    scopes.dedup();
    scopes.join(",")
}

/// A Jinja expression (the platform renders declarative OAuth templates with Jinjava) giving
/// the accounts server of the `data_center` the user picked; US, the config's default, when
/// none is set. Tokens only work on the data center they were minted on, so consent and token
/// exchange must happen there.
fn accounts_server_template() -> String {
    let mut out = String::new();
    let mut first = true;
    for dc in DataCenter::ALL
        .iter()
        .filter(|dc| **dc != DataCenter::default())
    {
        let tag = if first { "if" } else { "elif" };
        first = false;
        out.push_str(&format!(
            "{{% {tag} data_center == '{dc:?}' %}}{}",
            dc.hosts().0
        ));
    }
    out.push_str(&format!(
        "{{% else %}}{}{{% endif %}}",
        DataCenter::default().hosts().0
    ));
    out
}

/// Declarative OAuth: what the platform's "Authenticate" button does. The consent URL asks
/// for offline access with a forced consent screen (Zoho returns a refresh token only then);
/// the code is exchanged at the same data center's token endpoint with the parameters in the
/// query, as Zoho documents it (whatever body the platform sends is then irrelevant). The
/// `*_param` variables come URL-encoded from the platform, so no filter is needed.
fn oauth_connector_input() -> Value {
    let accounts = accounts_server_template();
    json!({
        "consent_url": format!(
            "{accounts}/oauth/v2/auth?response_type=code&{{{{ client_id_param }}}}&{{{{ scope_param }}}}\
             &{{{{ redirect_uri_param }}}}&{{{{ state_param }}}}&access_type=offline&prompt=consent"
        ),
        "scope": oauth_scopes(),
        "access_token_url": format!(
            "{accounts}/oauth/v2/token?grant_type=authorization_code&{{{{ client_id_param }}}}\
             &{{{{ client_secret_param }}}}&{{{{ auth_code_param }}}}&{{{{ redirect_uri_param }}}}"
        ),
        "extract_output": ["refresh_token"],
    })
}

/// Tells the platform how to run Zoho's OAuth consent flow and where its results go.
fn advanced_auth() -> Value {
    json!({
        "auth_flow_type": "oauth2.0",
        "predicate_key": ["credentials", "auth_type"],
        "predicate_value": "oauth2.0",
        "oauth_config_specification": {
            "oauth_connector_input_specification": oauth_connector_input(),
            "oauth_user_input_from_connector_config_specification": {
                "type": "object",
                "additionalProperties": true,
                "properties": {
                    "data_center": {"type": "string", "path_in_connector_config": ["data_center"]}
                }
            },
            "complete_oauth_output_specification": {
                "type": "object",
                "additionalProperties": true,
                "properties": {
                    "refresh_token": {
                        "type": "string",
                        "path_in_connector_config": ["credentials", "refresh_token"],
                        "path_in_oauth_response": ["refresh_token"]
                    }
                }
            },
            "complete_oauth_server_input_specification": {
                "type": "object",
                "additionalProperties": true,
                "required": ["client_id", "client_secret"],
                "properties": {
                    "client_id": {"type": "string"},
                    "client_secret": {"type": "string"}
                }
            },
            "complete_oauth_server_output_specification": {
                "type": "object",
                "additionalProperties": true,
                "properties": {
                    "client_id": {
                        "type": "string",
                        "path_in_connector_config": ["credentials", "client_id"]
                    },
                    "client_secret": {
                        "type": "string",
                        "path_in_connector_config": ["credentials", "client_secret"]
                    }
                }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_of_the_generated_spec() {
        let s = spec();
        let cs = &s["connectionSpecification"];
        assert_eq!(cs["$schema"], "http://json-schema.org/draft-07/schema#");
        assert_eq!(cs["additionalProperties"], true);
        let text = s.to_string();
        assert!(
            !text.contains("$ref") && !text.contains("definitions"),
            "{text}"
        );
        assert!(
            !text.contains("anyOf") && !text.contains("uint32"),
            "{text}"
        );
        let variants = cs["properties"]["credentials"]["oneOf"].as_array().unwrap();
        assert_eq!(variants.len(), 1);
        assert_eq!(variants[0]["title"], "OAuth2.0");
        assert_eq!(variants[0]["properties"]["auth_type"]["const"], "oauth2.0");
        assert!(
            variants[0]["properties"]["auth_type"]
                .get("default")
                .is_none()
        );
        for secret in ["client_id", "client_secret", "refresh_token"] {
            assert_eq!(variants[0]["properties"][secret]["airbyte_secret"], true);
        }
        let dc = &cs["properties"]["data_center"];
        assert_eq!(dc["default"], "US");
        assert_eq!(
            dc["enum"],
            json!(["US", "EU", "IN", "AU", "JP", "CN", "SA", "CA"])
        );
        assert_eq!(cs["properties"]["start_date"]["format"], "date-time");
        assert_eq!(
            cs["properties"]["start_date"]["type"],
            json!(["string", "null"])
        );
        assert!(
            cs["properties"]["organization_id"]["description"]
                .as_str()
                .unwrap()
                .contains("Setup > Developer Space > API")
        );
        assert_eq!(cs["required"], json!(["credentials", "organization_id"]));
        let desc = cs["properties"]["data_center"]["description"]
            .as_str()
            .unwrap();
        assert!(!desc.contains('\n'), "{desc}");
    }

    #[test]
    fn unwrap_lines_keeps_paragraphs() {
        assert_eq!(unwrap_lines("a\nb\n\nc"), "a b\n\nc");
    }
}
