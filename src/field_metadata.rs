//! Where `discover` reads the definitions that type each record's `cf` object.
//!
//! Zoho's current field-metadata endpoint is `GET /fields?module=X` (OAS Field.json
//! `getFields`: `module` required, rows under `data`, each with `apiName`, `type`,
//! `displayLabel`, `isCustomField`). Portals or data centers that refuse it (a 403 for the
//! scope or edition, a 404 where it is not deployed, a 422, an answer without `data`) still
//! serve the older `GET /organizationFields?module=X` with the same row keys, so the connector
//! falls back to that one and logs why. A module whose metadata both refuse keeps an open `cf`.

use std::collections::HashMap;

use serde_json::Value;

use crate::client::{Client, Request};
use crate::error::{Error, Result};
use crate::schemas::CustomField;
use crate::streams;

/// Zoho's current field-metadata endpoint (OAS Field.json).
pub const FIELDS: &str = "/fields";
/// The older endpoint, used where [`FIELDS`] is refused.
pub const ORGANIZATION_FIELDS: &str = "/organizationFields";

/// Custom fields per module of the stream table (`cf_module`).
pub async fn custom_fields(client: &Client) -> Result<HashMap<&'static str, Vec<CustomField>>> {
    let mut modules: Vec<&'static str> = streams::STREAMS
        .iter()
        .filter_map(|d| d.cf_module)
        .collect();
    modules.sort();
    modules.dedup();
    let mut out = HashMap::new();
    // A 404 means the endpoint is not deployed for this portal: asking again for the next
    // module would only cost a call each.
    let mut fields_missing = false;
    for module in modules {
        if !fields_missing {
            match fetch(client, FIELDS, module).await {
                Ok(fields) => {
                    out.insert(module, fields);
                    continue;
                }
                Err(e) if refused(&e) => {
                    fields_missing = matches!(e, Error::Http { status: 404, .. });
                    tracing::warn!(
                        "Zoho refused the field metadata of `{module}` from {FIELDS}?module={module} \
                         ({e}); reading it from {ORGANIZATION_FIELDS} instead{}.",
                        if fields_missing {
                            " (for every module: the endpoint is not deployed for this portal)"
                        } else {
                            ""
                        }
                    );
                }
                Err(e) => return Err(e),
            }
        }
        match fetch(client, ORGANIZATION_FIELDS, module).await {
            Ok(fields) => {
                out.insert(module, fields);
            }
            Err(e) if refused(&e) => {
                tracing::warn!(
                    "Custom fields of `{module}` stay untyped (an open `cf` object): reading their \
                     definitions from {ORGANIZATION_FIELDS} failed ({e}). Grant Desk.settings.READ \
                     (or Desk.basic.READ) to get typed custom fields."
                );
            }
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

/// An answer that says this endpoint will not give the metadata (as opposed to an outage or
/// spent credits, which stop `discover`).
fn refused(e: &Error) -> bool {
    matches!(
        e,
        Error::Forbidden { .. } | Error::Http { .. } | Error::Decode { .. }
    )
}

/// The custom fields of one module from one endpoint. A 204 is a module without fields; a 200
/// whose body has no `data` array is an answer we cannot read (a `Decode` error).
async fn fetch(client: &Client, path: &str, module: &str) -> Result<Vec<CustomField>> {
    let query = [("module", module.to_string())];
    let body = client
        .get(&Request {
            path,
            query: &query,
            org: true,
            stream: None,
        })
        .await?;
    let Some(body) = body else {
        return Ok(Vec::new());
    };
    let rows = metadata_rows(&body).ok_or_else(|| Error::Decode {
        request: format!("GET /api/v1{path}?module={module}"),
        message: "the answer has no `data` array of field definitions".into(),
    })?;
    Ok(rows.iter().filter_map(CustomField::from_metadata).collect())
}

/// The rows of a metadata answer: the `data` array, `None` when the body lacks it.
fn metadata_rows(body: &[u8]) -> Option<Vec<Value>> {
    let v: Value = serde_json::from_slice(body).ok()?;
    v.get("data").and_then(Value::as_array).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_come_from_the_data_array_only() {
        let rows = metadata_rows(br#"{"data":[{"apiName":"cf_a","isCustomField":true}]}"#);
        assert_eq!(rows.map(|r| r.len()), Some(1));
        assert_eq!(metadata_rows(br#"{"fields":[]}"#), None);
        assert_eq!(metadata_rows(b"<html>"), None);
    }

    #[test]
    fn refusals_fall_back_but_outages_stop() {
        let forbidden = Error::Forbidden {
            code: "SCOPE_MISMATCH".into(),
            message: "x".into(),
        };
        assert!(refused(&forbidden));
        assert!(refused(&Error::Http {
            status: 404,
            code: Some("URL_NOT_FOUND".into()),
            message: "x".into(),
            request: "GET /api/v1/fields".into(),
            transient: false,
        }));
        assert!(!refused(&Error::Transport {
            request: "GET /api/v1/fields".into(),
            message: "reset".into(),
        }));
        assert!(!refused(&Error::CreditsExhausted {
            retry_after_secs: 60
        }));
    }
}
