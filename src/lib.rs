//! source-zoho-desk: an Airbyte source for Zoho Desk.
//!
//! `run` is the one place where errors are reported: commands return `Result`, and here an error
//! becomes the protocol's answer (CONNECTION_STATUS FAILED for `check`, TRACE ERROR otherwise).

pub mod auth;
pub mod cli;
pub mod client;
pub mod config;
pub mod error;
pub mod field_metadata;
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
    for note in config.notes() {
        emitter.log(LogLevel::Warn, &note)?;
    }
    Ok(config)
}

/// Department ids (with names) the token can see, every page of `GET /departments`; `None`
/// when Zoho refuses the list (scope, permission), so the filter cannot be checked.
async fn visible_departments(client: &Client) -> Result<Option<Vec<(String, String)>>> {
    const PAGE: usize = 200;
    // Zoho's list offsets may count from 0 or 1: start at 0 and advance by what arrived, which
    // loses nothing under either base (a repeated row is harmless here); a 422 refusing 0
    // switches to 1.
    let mut from = 0usize;
    let mut out: Vec<(String, String)> = Vec::new();
    loop {
        let query = [("from", from.to_string()), ("limit", PAGE.to_string())];
        let answer = client
            .get(&Request {
                path: "/departments",
                query: &query,
                org: true,
                stream: None,
            })
            .await;
        let body = match answer {
            Ok(None) => break,
            Ok(Some(body)) => body,
            Err(Error::Forbidden { .. }) => return Ok(None),
            Err(Error::Http {
                status: 422,
                ref message,
                ..
            }) if from == 0 && message.contains("from") => {
                from = 1;
                continue;
            }
            Err(e) => return Err(e),
        };
        let rows: Vec<Value> = serde_json::from_slice::<Value>(&body)
            .ok()
            .and_then(|v| v.get("data").and_then(Value::as_array).cloned())
            .ok_or_else(|| Error::Decode {
                request: "GET /api/v1/departments".into(),
                message: "the answer has no `data` list".into(),
            })?;
        let before = out.len();
        for row in &rows {
            let id = match row.get("id") {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Number(n)) => n.to_string(),
                _ => continue,
            };
            let name = row
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("?")
                .to_string();
            if !out.iter().any(|(known, _)| *known == id) {
                out.push((id, name));
            }
        }
        // An empty page ends the list; so does a page with nothing new (a server ignoring
        // `from` must not loop us forever).
        if rows.is_empty() || out.len() == before {
            break;
        }
        from += rows.len();
    }
    Ok(Some(out))
}

/// Checks `department_ids` against the departments the token can see. None of them visible is
/// a config error (the sync would be empty); some not visible gives a message naming them (a
/// note of `check`, a WARN per affected stream in `read`), and those are simply not read.
async fn unknown_departments(config: &Config, client: &Client) -> Result<Option<String>> {
    let Some(wanted) = config.departments() else {
        return Ok(None);
    };
    let Some(visible) = visible_departments(client).await? else {
        tracing::warn!(
            "Could not list departments (Zoho refused GET /departments), so `department_ids` \
             were not checked"
        );
        return Ok(None);
    };
    let unknown: Vec<&str> = wanted
        .iter()
        .filter(|id| !visible.iter().any(|(v, _)| v == *id))
        .map(String::as_str)
        .collect();
    if unknown.is_empty() {
        return Ok(None);
    }
    let seen = if visible.is_empty() {
        "none".to_string()
    } else {
        visible
            .iter()
            .map(|(id, name)| format!("{id} ({name})"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if unknown.len() == wanted.len() {
        return Err(Error::Config(format!(
            "None of the configured `department_ids` ({}) is a department this token can see, so \
             every department-scoped stream would be empty. Departments visible: {seen}. Fix \
             `department_ids`, or leave it empty for all departments",
            unknown.join(", ")
        )));
    }
    Ok(Some(format!(
        "`department_ids` {} are not departments this token can see (visible: {seen}); they are \
         skipped and the other configured departments are read",
        unknown.join(", ")
    )))
}

/// Whether a stream (through itself or an ancestor) is read per configured department.
fn department_scoped(def: &streams::StreamDef) -> bool {
    let mut current = Some(def);
    while let Some(d) = current {
        if d.departments != streams::Departments::None {
            return true;
        }
        current = d.parent_stream();
    }
    false
}

/// Parses the configured catalog; errors name the field and what it should be.
fn parse_catalog(text: &str) -> Result<ConfiguredCatalog> {
    let value: Value = serde_json::from_str(text)
        .map_err(|e| Error::Config(format!("the configured catalog is not valid JSON: {e}")))?;
    if let Some(streams) = value.get("streams")
        && !streams.is_array()
    {
        return Err(Error::Config(format!(
            "the configured catalog is invalid: `streams` must be a list of configured streams \
             ([{{\"stream\": {{\"name\": …}}, \"sync_mode\": …, \"destination_sync_mode\": …}}, …]), \
             got {}",
            json_kind(streams)
        )));
    }
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        Error::Config(format!(
            "the configured catalog is invalid: `{path}`: {}",
            e.into_inner()
        ))
    })
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// Each stream once: a stream listed twice with the same modes is read once (WARN); with
/// different modes it is a config error, since either choice could surprise. An empty catalog
/// is a WARN (nothing is read).
fn distinct_streams(
    streams: Vec<protocol::ConfiguredStream>,
    emitter: &Emitter,
) -> Result<Vec<protocol::ConfiguredStream>> {
    if streams.is_empty() {
        emitter.log(
            LogLevel::Warn,
            "The configured catalog selects no streams; nothing was read. Select streams in the \
             connection to replicate them",
        )?;
    }
    let mut out: Vec<protocol::ConfiguredStream> = Vec::with_capacity(streams.len());
    for s in streams {
        match out.iter().find(|o| o.stream.name == s.stream.name) {
            None => out.push(s),
            Some(first)
                if first.sync_mode == s.sync_mode
                    && first.destination_sync_mode == s.destination_sync_mode =>
            {
                emitter.log(
                    LogLevel::Warn,
                    &format!(
                        "Stream `{}` is listed more than once in the configured catalog; it is \
                         read once",
                        s.stream.name
                    ),
                )?;
            }
            Some(first) => {
                return Err(Error::Config(format!(
                    "Stream `{}` is listed twice in the configured catalog with different modes \
                     ({:?}/{:?} and {:?}/{:?}); list it once",
                    s.stream.name,
                    first.sync_mode,
                    first.destination_sync_mode,
                    s.sync_mode,
                    s.destination_sync_mode
                )));
            }
        }
    }
    Ok(out)
}

/// Drops state entries that cannot be used, each with a WARN saying what happens instead.
fn usable_states(
    mut states: std::collections::BTreeMap<String, Value>,
    emitter: &Emitter,
) -> Result<std::collections::BTreeMap<String, Value>> {
    let mut dropped = Vec::new();
    for (name, value) in &states {
        if streams::find(name).is_none() {
            dropped.push(name.clone());
            emitter.log(
                LogLevel::Warn,
                &format!(
                    "The state holds an entry for `{name}`, which is not a stream of this \
                     connector; it was ignored"
                ),
            )?;
        } else if !(value.is_object() || value.is_null()) {
            dropped.push(name.clone());
            emitter.log(
                LogLevel::Warn,
                &format!(
                    "The saved state of `{name}` is {} instead of an object and cannot be used; \
                     the stream starts from start_date (rows already synced may repeat)",
                    json_kind(value)
                ),
            )?;
        }
    }
    for name in dropped {
        states.remove(&name);
    }
    Ok(states)
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
    if let Some(note) = unknown_departments(&config, &client).await? {
        tracing::warn!("{note}");
        notes.push(format!("{note}."));
    }
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
    let fields = field_metadata::custom_fields(&client).await?;
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
    let catalog = parse_catalog(&read_file(catalog_path, "catalog")?)?;
    let selected = distinct_streams(catalog.streams, emitter)?;
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
            usable_states(states, emitter)?
        }
    };
    let client = Client::new(&config, emitter.clone(), Tuning::from_env())?;
    if let Some(note) = unknown_departments(&config, &client).await? {
        for s in &selected {
            if streams::find(&s.stream.name).is_some_and(department_scoped) {
                emitter.log(
                    LogLevel::Warn,
                    &format!("Stream `{}`: {note}", s.stream.name),
                )?;
            }
        }
    }
    let ctx = read::Ctx::new(client, emitter.clone(), config);
    let failed = read::read_all(Arc::clone(&ctx), selected, states).await;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn quiet() -> Emitter {
        Emitter::new(Box::new(std::io::sink()), redact::Redactor::default())
    }

    fn configured(name: &str, mode: &str) -> Value {
        serde_json::json!({
            "stream": {"name": name},
            "sync_mode": mode,
            "destination_sync_mode": "append"
        })
    }

    #[test]
    fn catalog_errors_name_the_field_and_its_shape() {
        let e = parse_catalog(r#"{"streams":{"tickets":{}}}"#).unwrap_err();
        assert!(e.to_string().contains("`streams` must be a list"), "{e}");
        assert!(e.to_string().contains("got an object"), "{e}");
        let e = parse_catalog(r#"{"streams":[{"stream":{"name":"x"},"sync_mode":"sometimes","destination_sync_mode":"append"}]}"#)
            .unwrap_err();
        assert!(e.to_string().contains("sync_mode"), "{e}");
    }

    #[test]
    fn duplicates_are_read_once_unless_their_modes_conflict() {
        let text = serde_json::json!({"streams": [
            configured("tickets", "full_refresh"),
            configured("agents", "full_refresh"),
            configured("tickets", "full_refresh"),
        ]});
        let cat = parse_catalog(&text.to_string()).unwrap();
        let names: Vec<String> = distinct_streams(cat.streams, &quiet())
            .unwrap()
            .into_iter()
            .map(|s| s.stream.name)
            .collect();
        assert_eq!(names, ["tickets", "agents"]);
        let text = serde_json::json!({"streams": [
            configured("tickets", "full_refresh"),
            configured("tickets", "incremental"),
        ]});
        let cat = parse_catalog(&text.to_string()).unwrap();
        assert!(matches!(
            distinct_streams(cat.streams, &quiet()),
            Err(Error::Config(m)) if m.contains("`tickets` is listed twice")
        ));
    }

    #[test]
    fn unusable_state_entries_are_dropped() {
        let states: std::collections::BTreeMap<String, Value> = [
            ("no_such_stream".to_string(), serde_json::json!({})),
            ("tickets".to_string(), serde_json::json!("2024-01-01")),
            (
                "contacts".to_string(),
                serde_json::json!({"modifiedTime": "x"}),
            ),
        ]
        .into();
        let kept = usable_states(states, &quiet()).unwrap();
        assert_eq!(kept.keys().collect::<Vec<_>>(), ["contacts"]);
    }

    #[test]
    fn department_scope_follows_the_parent_chain() {
        let scoped = |n: &str| streams::find(n).is_some_and(department_scoped);
        assert!(scoped("tickets"));
        assert!(
            scoped("threads"),
            "a ticket child is read per department through tickets"
        );
        assert!(!scoped("roles"));
    }
}
