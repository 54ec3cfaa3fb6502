//! source-zoho-desk: an Airbyte source for Zoho Desk.
//!
//! `run` is the one place where errors are reported: commands return `Result`, and here an error
//! becomes the protocol's answer (CONNECTION_STATUS FAILED for `check`, TRACE ERROR otherwise).

pub mod auth;
pub mod cli;
pub mod client;
pub mod config;
pub mod error;
pub mod logging;
pub mod protocol;
pub mod read;
pub mod redact;
pub mod schemas;
pub mod spec;
pub mod streams;
pub mod timefmt;
pub mod tuning;

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use serde_json::Value;

use crate::cli::Command;
use crate::client::{Client, Request};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::protocol::{
    AirbyteCatalog, AirbyteStream, ConfiguredCatalog, Emitter, FailureType, LogLevel, Status,
    SyncMode,
};
use crate::tuning::Tuning;

/// Runs one command and returns the process exit code.
pub async fn run(command: Command, emitter: Emitter) -> u8 {
    let result = match command {
        Command::Spec => emitter.spec(&spec::spec()).map_err(Error::from).map(|_| 0),
        Command::Check { config } => check(&config, &emitter).await,
        Command::Discover { config } => discover(&config, &emitter).await,
        Command::Read {
            config,
            catalog,
            state,
        } => read(&config, &catalog, state.as_deref(), &emitter).await,
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            let _ = emitter.error_trace(
                &e.to_string(),
                e.internal().as_deref(),
                e.failure_type(),
                None,
            );
            1
        }
    }
}

fn read_file(path: &Path, what: &str) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| {
        Error::Config(format!(
            "cannot read the {what} file {}: {e}",
            path.display()
        ))
    })
}

fn load_config(path: &Path, emitter: &Emitter) -> Result<Config> {
    let text = read_file(path, "config")?;
    // Secrets are registered before strict parsing, so no parse error can quote one.
    for secret in config::raw_secrets(&text) {
        emitter.redactor().add(secret);
    }
    let config = Config::parse(&text)?;
    for secret in config.secrets() {
        emitter.redactor().add(secret);
    }
    Ok(config)
}

/// `check`: config and credential problems are answered with FAILED and exit 0, the user's to
/// fix. As in the Airbyte CDK, anything that is not (Zoho unreachable, an outage still failing
/// after retries, token throttling, a bug, an I/O failure) is returned as an error and becomes a
/// TRACE ERROR with its own failure type and exit 1: a FAILED status would tell the user to
/// change settings that are fine.
async fn check(path: &Path, emitter: &Emitter) -> Result<u8> {
    match check_connection(path, emitter).await {
        Ok(notes) => {
            let message = if notes.is_empty() {
                None
            } else {
                Some(notes.join(" "))
            };
            emitter.connection_status(Status::Succeeded, message.as_deref())?;
            Ok(0)
        }
        Err(e) if e.failure_type() == FailureType::TransientError => Err(e),
        Err(Error::Io(e)) => Err(Error::Io(e)),
        Err(e) => {
            emitter.connection_status(Status::Failed, Some(&e.to_string()))?;
            Ok(0)
        }
    }
}

/// Mints a token, confirms the organization is one the token can see, and probes the search
/// scope incremental sync needs. Returns notes for the user (optional scopes missing).
async fn check_connection(path: &Path, emitter: &Emitter) -> Result<Vec<String>> {
    let config = load_config(path, emitter)?;
    let client = Client::new(&config, emitter.clone(), Tuning::from_env())?;
    let body = client
        .get(&Request {
            path: "/organizations",
            query: &[],
            org: false,
            stream: None,
        })
        .await?;
    let orgs: Vec<Value> = body
        .as_deref()
        .and_then(|b| serde_json::from_slice::<Value>(b).ok())
        .and_then(|v| v.get("data").and_then(Value::as_array).cloned())
        .unwrap_or_default();
    let ids: Vec<String> = orgs
        .iter()
        .filter_map(|o| match o.get("id") {
            Some(Value::Number(n)) => Some(n.to_string()),
            Some(Value::String(s)) => Some(s.clone()),
            _ => None,
        })
        .collect();
    if !ids.iter().any(|id| id == &config.organization_id) {
        let known = if ids.is_empty() {
            "none".to_string()
        } else {
            orgs.iter()
                .map(|o| {
                    format!(
                        "{} ({})",
                        o.get("id").map(|v| v.to_string()).unwrap_or_default(),
                        o.get("companyName").and_then(Value::as_str).unwrap_or("?")
                    )
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        return Err(Error::Config(format!(
            "Organization ID {} is not among the Zoho Desk portals this token can access ({known}). \
             Use the OrgId from Setup > Developer Space > API of the portal you authorized",
            config.organization_id
        )));
    }
    let mut notes = probe_scopes(&client).await?;
    let probe = client
        .get(&Request {
            path: "/tickets/search",
            query: &[("from", "0".into()), ("limit", "1".into())],
            org: true,
            stream: None,
        })
        .await;
    match probe {
        Ok(_) => {}
        Err(Error::Forbidden { code, .. }) if code == "SCOPE_MISMATCH" => {
            let note = "The token lacks the Desk.search.READ scope: incremental sync of tickets, \
                        contacts and accounts (and their child streams) is unavailable, full refresh \
                        falls back to the list endpoints, and customer_happiness cannot be read. \
                        Re-authorize with Desk.search.READ to enable them.";
            tracing::warn!("{note}");
            notes.push(note.to_string());
        }
        Err(e) => return Err(e),
    }
    if !notes.is_empty() {
        notes.insert(0, "Connected.".to_string());
    }
    Ok(notes)
}

/// Probes one endpoint per OAuth scope the catalog uses (search has its own probe) and
/// describes what is missing; a missing optional scope is a note, not a failure.
async fn probe_scopes(client: &Client) -> Result<Vec<String>> {
    let mut scopes: Vec<&str> = streams::STREAMS.iter().map(|d| d.scope).collect();
    scopes.sort();
    scopes.dedup();
    let mut notes = Vec::new();
    for scope in scopes {
        if scope == "Desk.search.READ" {
            continue;
        }
        let Some(def) = streams::STREAMS
            .iter()
            .find(|d| d.scope == scope && d.parent.is_none())
        else {
            continue;
        };
        let mut query: Vec<(&str, String)> = def
            .params
            .iter()
            .map(|(k, v)| (*k, (*v).to_string()))
            .collect();
        if let streams::Paging::Offset { .. } = def.paging {
            query.push(("from", "0".into()));
            query.push(("limit", "1".into()));
        }
        let probe = client
            .get(&Request {
                path: def.path,
                query: &query,
                org: def.org_header,
                stream: None,
            })
            .await;
        let affected = || {
            streams::STREAMS
                .iter()
                .filter(|d| d.scope == scope)
                .map(|d| d.name)
                .collect::<Vec<_>>()
                .join(", ")
        };
        match probe {
            Ok(_) => {}
            Err(Error::Forbidden { code, .. }) => {
                let why = match code.as_str() {
                    "LICENSE_ACCESS_LIMITED" => {
                        "this Zoho Desk edition does not include it".to_string()
                    }
                    "FORBIDDEN" => "the authorizing agent lacks permission".to_string(),
                    _ => format!("the token lacks the {scope} scope"),
                };
                notes.push(format!(
                    "{} answered {code} ({why}): these streams cannot be read: {}.",
                    def.path,
                    affected()
                ));
            }
            Err(e @ (Error::Http { .. } | Error::Decode { .. })) => notes.push(format!(
                "Could not verify access to {} ({scope}): {e}.",
                def.path
            )),
            Err(e) => return Err(e),
        }
    }
    Ok(notes)
}

/// Custom fields per module, from `/organizationFields`. A module whose metadata Zoho refuses
/// (scope, permission, edition) keeps an open `cf` object, with a LOG saying why.
async fn custom_fields(
    client: &Client,
) -> Result<HashMap<&'static str, Vec<schemas::CustomField>>> {
    let mut modules: Vec<&'static str> = streams::STREAMS
        .iter()
        .filter_map(|d| d.cf_module)
        .collect();
    modules.sort();
    modules.dedup();
    let mut out = HashMap::new();
    for module in modules {
        let query = [("module", module.to_string())];
        let answer = client
            .get(&Request {
                path: "/organizationFields",
                query: &query,
                org: true,
                stream: None,
            })
            .await;
        match answer {
            Ok(body) => {
                let rows: Vec<Value> = body
                    .as_deref()
                    .and_then(|b| serde_json::from_slice::<Value>(b).ok())
                    .and_then(|v| v.get("data").and_then(Value::as_array).cloned())
                    .unwrap_or_default();
                let fields: Vec<schemas::CustomField> = rows
                    .iter()
                    .filter_map(schemas::CustomField::from_metadata)
                    .collect();
                out.insert(module, fields);
            }
            Err(e @ (Error::Forbidden { .. } | Error::Http { .. } | Error::Decode { .. })) => {
                tracing::warn!(
                    "Custom fields of `{module}` stay untyped (an open `cf` object): reading their \
                     definitions from /organizationFields failed ({e}). Grant Desk.settings.READ \
                     (or Desk.basic.READ) to get typed custom fields."
                );
            }
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

/// The catalog: every stream of the table with its schema, custom fields typed where known.
pub fn catalog(
    fields: &HashMap<&'static str, Vec<schemas::CustomField>>,
) -> Result<AirbyteCatalog> {
    let mut streams = Vec::new();
    for def in streams::STREAMS {
        let mut json_schema = schemas::schema(def.name).ok_or_else(|| Error::Decode {
            request: "discover".into(),
            message: format!("no schema for stream {} (a bug)", def.name),
        })?;
        if let Some(found) = def.cf_module.and_then(|m| fields.get(m)) {
            json_schema = schemas::with_custom_fields(json_schema, found);
        }
        let incremental = def.supports_incremental();
        streams.push(AirbyteStream {
            name: def.name.to_string(),
            json_schema,
            supported_sync_modes: if incremental {
                vec![SyncMode::FullRefresh, SyncMode::Incremental]
            } else {
                vec![SyncMode::FullRefresh]
            },
            source_defined_cursor: incremental.then_some(true),
            default_cursor_field: def.cursor_field().map(|c| vec![c.to_string()]),
            source_defined_primary_key: (!def.primary_key.is_empty()).then(|| {
                def.primary_key
                    .iter()
                    .map(|k| vec![(*k).to_string()])
                    .collect()
            }),
            is_resumable: Some(incremental),
            namespace: None,
        });
    }
    Ok(AirbyteCatalog { streams })
}

async fn discover(path: &Path, emitter: &Emitter) -> Result<u8> {
    let config = load_config(path, emitter)?;
    let client = Client::new(&config, emitter.clone(), Tuning::from_env())?;
    let fields = custom_fields(&client).await?;
    emitter.catalog(&catalog(&fields)?)?;
    Ok(0)
}

async fn read(
    path: &Path,
    catalog_path: &Path,
    state_path: Option<&Path>,
    emitter: &Emitter,
) -> Result<u8> {
    let config = load_config(path, emitter)?;
    let catalog: ConfiguredCatalog = serde_json::from_str(&read_file(catalog_path, "catalog")?)
        .map_err(|e| Error::Config(format!("the configured catalog is invalid: {e}")))?;
    let states = match state_path {
        None => Default::default(),
        Some(p) => {
            let (states, legacy) = protocol::parse_state(&read_file(p, "state")?)
                .map_err(|e| Error::Config(format!("the state file is not valid JSON: {e}")))?;
            if legacy {
                emitter.log(
                    LogLevel::Warn,
                    "The state file holds a legacy (non per-stream) state or entries without a \
                     stream; those were ignored and the affected streams start from start_date",
                )?;
            }
            states
        }
    };
    let client = Client::new(&config, emitter.clone(), Tuning::from_env())?;
    let ctx = read::Ctx::new(client, emitter.clone(), config);
    let failed = read::read_all(Arc::clone(&ctx), catalog.streams, states).await;
    if failed.is_empty() {
        return Ok(0);
    }
    let names: Vec<&str> = failed.iter().map(|(n, _)| n.as_str()).collect();
    emitter.error_trace(
        &format!(
            "During the sync, the following streams did not sync successfully: {}. The others \
             completed, and every stream's progress is saved.",
            names.join(", ")
        ),
        None,
        read::summary_failure_type(&failed),
        None,
    )?;
    Ok(1)
}
