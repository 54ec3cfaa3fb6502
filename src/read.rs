//! The read engine: interprets the stream table, pages through Zoho, passes rows through to the
//! emitter untouched, and checkpoints state so an interrupted sync resumes without loss.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::sync::atomic::{AtomicU8, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Value, json};

use crate::client::{Client, Request};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::protocol::{
    ConfiguredStream, Emitter, FailureType, LogLevel, StreamDescriptor, StreamState, StreamStatus,
    SyncMode, now_ms,
};
use crate::streams::{self, Incremental, Paging, SEARCH_WINDOW, StreamDef};
use crate::timefmt;

/// Most ids at the cursor kept in state to skip re-emitting them on resume. Beyond it the ids
/// are dropped: a resume may then repeat those tied rows, but never loses any.
const MAX_STATE_IDS: usize = 1000;

const SEARCH_UNKNOWN: u8 = 0;
const SEARCH_OK: u8 = 1;
const SEARCH_MISSING: u8 = 2;

/// Shared by every stream task of one `read`.
pub struct Ctx {
    pub client: Arc<Client>,
    pub emitter: Emitter,
    pub config: Config,
    /// Upper bound of every time window in this sync: rows changed after it belong to the next.
    pub sync_start_ms: i64,
    /// `limit` values Zoho told us (by a 422) are too high, per path.
    limits: Mutex<HashMap<String, u32>>,
    search: AtomicU8,
}

/// What one stream did, for the summary.
#[derive(Debug, Default)]
pub struct StreamOutcome {
    pub records: u64,
    pub error: Option<Error>,
}

impl Ctx {
    pub fn new(client: Arc<Client>, emitter: Emitter, config: Config) -> Arc<Self> {
        Arc::new(Ctx {
            client,
            emitter,
            config,
            sync_start_ms: now_ms(),
            limits: Mutex::new(HashMap::new()),
            search: AtomicU8::new(SEARCH_UNKNOWN),
        })
    }

    fn limit_for(&self, path: &str, max: u32) -> u32 {
        let configured = self.config.page_size.unwrap_or(max).min(max).max(1);
        let learned = self
            .limits
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(path)
            .copied();
        learned.map_or(configured, |l| configured.min(l))
    }
}

/// Reads one configured stream from start to final status. Never panics on input; every
/// failure ends as a TRACE ERROR for this stream and INCOMPLETE.
pub async fn run_stream(
    ctx: Arc<Ctx>,
    configured: ConfiguredStream,
    state: Option<Value>,
) -> StreamOutcome {
    let name = configured.stream.name.clone();
    let em = &ctx.emitter;
    let _ = em.stream_status(&name, StreamStatus::Started, None);
    let mut out = StreamOutcome::default();
    let result = match streams::find(&name) {
        None => Err(Error::Config(format!(
            "Stream `{name}` is not a Zoho Desk stream this connector knows; refresh the source \
             schema (discover) and select streams from it"
        ))),
        Some(def) => {
            let _ = em.stream_status(&name, StreamStatus::Running, None);
            let mut mode = configured.sync_mode;
            if mode == SyncMode::Incremental && !def.supports_incremental() {
                tracing::warn!(
                    "stream {name} supports only full refresh; reading it in full refresh"
                );
                mode = SyncMode::FullRefresh;
            }
            read_stream(&ctx, def, mode, state, &mut out.records).await
        }
    };
    match result {
        Ok(()) => {
            let _ = em.stream_status(&name, StreamStatus::Complete, None);
        }
        Err(e) => {
            let message = stream_error_message(&name, &e);
            let _ = em.error_trace(
                &message,
                e.internal().as_deref(),
                e.failure_type(),
                Some(&name),
            );
            let _ = em.stream_status(&name, StreamStatus::Incomplete, None);
            out.error = Some(e);
        }
    }
    out
}

/// The user-facing message for a failed stream: what happened and what to do.
fn stream_error_message(name: &str, e: &Error) -> String {
    match e {
        Error::Forbidden { code, message } => {
            let scope = streams::find(name)
                .map(|d| d.scope)
                .unwrap_or("the module's READ scope");
            let hint = match code.as_str() {
                "LICENSE_ACCESS_LIMITED" => {
                    "this Zoho Desk edition does not include the feature; deselect the stream or upgrade the edition".to_string()
                }
                "FORBIDDEN" => "the authorizing agent's profile lacks permission for this module; use an administrator's authorization or deselect the stream".to_string(),
                _ => format!("re-authorize the connector with the {scope} scope, or deselect the stream"),
            };
            let detail = if message.is_empty() {
                String::new()
            } else {
                format!(": {message}")
            };
            format!("Stream `{name}` could not be read: Zoho answered {code}{detail}; {hint}.")
        }
        other => format!("Stream `{name}` failed: {other}"),
    }
}

async fn read_stream(
    ctx: &Ctx,
    def: &StreamDef,
    mode: SyncMode,
    state: Option<Value>,
    records: &mut u64,
) -> Result<()> {
    if let Incremental::SearchRange { .. } = def.incremental {
        if ctx.search.load(Ordering::Acquire) != SEARCH_MISSING {
            match read_search(ctx, def, mode, state.as_ref(), records).await {
                Err(Error::Forbidden { code, message }) if code == "SCOPE_MISMATCH" => {
                    ctx.search.store(SEARCH_MISSING, Ordering::Release);
                    if mode == SyncMode::Incremental || *records > 0 {
                        return Err(missing_search_scope(def.name, mode, &message));
                    }
                }
                other => return other,
            }
        }
        if mode == SyncMode::Incremental {
            return Err(missing_search_scope(def.name, mode, ""));
        }
        tracing::warn!(
            "The token lacks Desk.search.READ, so `{}` is read through its list endpoint: rows lack \
             modifiedTime and description, start_date is not applied, and incremental sync is \
             unavailable. Re-authorize with Desk.search.READ to fix this.",
            def.name
        );
    }
    read_list(ctx, def, records).await
}

fn missing_search_scope(name: &str, mode: SyncMode, zoho: &str) -> Error {
    let detail = if zoho.is_empty() {
        String::new()
    } else {
        format!(" ({zoho})")
    };
    let what = if mode == SyncMode::Incremental {
        "Incremental sync"
    } else {
        "Reading it"
    };
    Error::Forbidden {
        code: "SCOPE_MISMATCH".into(),
        message: format!(
            "{what} of `{name}` needs the Desk.search.READ scope, which the token lacks{detail}. \
             Re-authorize with Desk.search.READ, or sync the stream in full refresh"
        ),
    }
}

/// Fetches one page, stepping `limit` down when Zoho says (422) it is above the endpoint's range;
/// the reference is unsure of some maxima, so we ask for the documented one and learn.
async fn fetch_rows(
    ctx: &Ctx,
    def: &StreamDef,
    path: &str,
    mut query: Vec<(&'static str, String)>,
    limit_key: Option<&str>,
    mut limit: u32,
) -> Result<(Option<bytes::Bytes>, u32)> {
    loop {
        if limit_key.is_some() {
            upsert(&mut query, "limit", limit.to_string());
        }
        let req = Request {
            path,
            query: &query,
            org: def.org_header,
            stream: Some(def.name),
        };
        match ctx.client.get(&req).await {
            Err(Error::Http {
                status: 422,
                message,
                code,
                request,
                transient,
            }) if limit_key.is_some() && message.contains("limit") => {
                match allowed_max(&message).filter(|m| *m < limit && *m > 0) {
                    Some(max) => {
                        tracing::warn!(
                            "Zoho allows at most {max} rows per page on {path} (asked {limit}); using {max}"
                        );
                        if let Some(k) = limit_key {
                            ctx.limits
                                .lock()
                                .unwrap_or_else(|p| p.into_inner())
                                .insert(k.to_string(), max);
                        }
                        limit = max;
                    }
                    None => {
                        return Err(Error::Http {
                            status: 422,
                            message,
                            code,
                            request,
                            transient,
                        });
                    }
                }
            }
            Err(e) => return Err(e),
            Ok(body) => return Ok((body, limit)),
        }
    }
}

fn upsert(query: &mut Vec<(&'static str, String)>, key: &'static str, value: String) {
    match query.iter_mut().find(|(k, _)| *k == key) {
        Some(slot) => slot.1 = value,
        None => query.push((key, value)),
    }
}

/// The upper end of a range like `1-50` in a 422 message.
fn allowed_max(message: &str) -> Option<u32> {
    let bytes = message.as_bytes();
    for (i, _) in message.match_indices('-') {
        let before = message[..i]
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_digit())
            .count();
        let after: String = message[i + 1..]
            .chars()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        if before > 0 && !after.is_empty() && i >= before && bytes[i - before].is_ascii_digit() {
            return after.parse().ok();
        }
    }
    None
}

/// Splits a page body into its rows without parsing them.
fn page_rows<'b>(body: &'b [u8], wrapper: &str, request: &str) -> Result<Vec<&'b RawValue>> {
    let top: HashMap<Cow<'b, str>, &'b RawValue> =
        serde_json::from_slice(body).map_err(|e| Error::Decode {
            request: request.to_string(),
            message: format!("the answer is not a JSON object: {e}"),
        })?;
    match top.get(wrapper) {
        Some(rows) => {
            serde_json::from_str::<Vec<&RawValue>>(rows.get()).map_err(|e| Error::Decode {
                request: request.to_string(),
                message: format!("`{wrapper}` is not a list of objects: {e}"),
            })
        }
        None => {
            // Some Zoho errors arrive with HTTP 200 and an errorCode body ([obs] VAPVARUN).
            let code = top
                .get("errorCode")
                .and_then(|v| serde_json::from_str::<String>(v.get()).ok());
            match code {
                Some(code) => {
                    let message = top
                        .get("message")
                        .and_then(|v| serde_json::from_str::<String>(v.get()).ok())
                        .unwrap_or_default();
                    let req = Request {
                        path: request.trim_start_matches("GET /api/v1"),
                        query: &[],
                        org: true,
                        stream: None,
                    };
                    Err(crate::client::classify_error(
                        &req,
                        200,
                        Some(code),
                        message,
                        body,
                        false,
                        "",
                    ))
                }
                None => Err(Error::Decode {
                    request: request.to_string(),
                    message: format!("the answer has no `{wrapper}` list"),
                }),
            }
        }
    }
}

/// The two fields the engine needs from a row, read without building the row.
#[derive(Debug, Default, PartialEq)]
struct RowMeta {
    id: Option<String>,
    cursor: Option<String>,
}

struct MetaSeed<'c> {
    cursor: Option<&'c str>,
}

impl<'de> DeserializeSeed<'de> for MetaSeed<'_> {
    type Value = RowMeta;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<RowMeta, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for MetaSeed<'_> {
    type Value = RowMeta;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RowMeta, A::Error> {
        let mut meta = RowMeta::default();
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            if key == "id" {
                meta.id = match map.next_value::<Value>()? {
                    Value::String(s) => Some(s),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                };
            } else if Some(key.as_ref()) == self.cursor {
                meta.cursor = map.next_value::<Option<String>>().unwrap_or(None);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(meta)
    }
}

fn row_meta(row: &RawValue, cursor: Option<&str>, request: &str) -> Result<RowMeta> {
    let mut de = serde_json::Deserializer::from_str(row.get());
    MetaSeed { cursor }
        .deserialize(&mut de)
        .map_err(|e| Error::Decode {
            request: request.to_string(),
            message: format!("a row is not a JSON object: {e}"),
        })
}

fn checkpoint(ctx: &Ctx, name: &str, stream_state: Value, since: &mut u64) -> Result<()> {
    let st = StreamState {
        stream_descriptor: StreamDescriptor::new(name),
        stream_state,
    };
    ctx.emitter.state(&st, *since)?;
    *since = 0;
    Ok(())
}

fn no_cursor_state() -> Value {
    json!({ "__ab_no_cursor_state_message": true })
}

/// Full refresh through a plain list endpoint (1-based offsets, or a single unpaged GET).
async fn read_list(ctx: &Ctx, def: &StreamDef, records: &mut u64) -> Result<()> {
    let request = format!("GET /api/v1{}", def.path);
    let mut seen: HashSet<String> = HashSet::new();
    let mut since = 0u64;
    match def.paging {
        Paging::None => {
            let (body, _) = fetch_rows(ctx, def, def.path, Vec::new(), None, 0).await?;
            if let Some(body) = body {
                let rows = page_rows(&body, def.wrapper, &request)?;
                let n = emit_new(ctx, def, &rows, &mut seen, &request)?;
                *records += n;
                since += n;
            }
        }
        Paging::OneBased { max } => {
            let mut from: u64 = 1;
            loop {
                let limit = ctx.limit_for(def.path, max);
                let query = vec![("from", from.to_string())];
                let (body, limit) =
                    fetch_rows(ctx, def, def.path, query, Some(def.path), limit).await?;
                let Some(body) = body else { break };
                let rows = page_rows(&body, def.wrapper, &request)?;
                let n = emit_new(ctx, def, &rows, &mut seen, &request)?;
                *records += n;
                since += n;
                checkpoint(ctx, def.name, no_cursor_state(), &mut since)?;
                // Advance by rows received (not by `limit`): a short page is the end.
                from += rows.len() as u64;
                if (rows.len() as u32) < limit {
                    break;
                }
            }
        }
    }
    checkpoint(ctx, def.name, no_cursor_state(), &mut since)
}

/// Emits rows whose id was not emitted before in this read (offset paging over a live list can
/// repeat a row when records are added in front of the offset).
fn emit_new(
    ctx: &Ctx,
    def: &StreamDef,
    rows: &[&RawValue],
    seen: &mut HashSet<String>,
    request: &str,
) -> Result<u64> {
    let mut out: Vec<&str> = Vec::with_capacity(rows.len());
    for row in rows {
        let meta = row_meta(row, None, request)?;
        match meta.id {
            Some(id) => {
                if seen.insert(id) {
                    out.push(row.get());
                }
            }
            None => out.push(row.get()),
        }
    }
    Ok(ctx.emitter.records(def.name, out)?)
}

/// Incoming incremental state of a search stream.
struct SearchState {
    cursor: Option<i64>,
    ids: HashSet<String>,
}

fn parse_search_state(def: &StreamDef, state: Option<&Value>) -> Result<SearchState> {
    let cursor_field = def.cursor.unwrap_or("modifiedTime");
    let mut out = SearchState {
        cursor: None,
        ids: HashSet::new(),
    };
    let Some(state) = state.filter(|s| !s.is_null()) else {
        return Ok(out);
    };
    if let Some(text) = state.get(cursor_field).and_then(Value::as_str) {
        out.cursor = Some(timefmt::parse_user(text).ok_or_else(|| {
            Error::Config(format!(
                "The saved state of `{}` has an unreadable {cursor_field} \"{text}\"; reset the stream",
                def.name
            ))
        })?);
    }
    if let Some(ids) = state.get("ids_at_cursor").and_then(Value::as_array) {
        out.ids = ids
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect();
    }
    Ok(out)
}

fn search_state(def: &StreamDef, cursor: Option<i64>, ids: &HashSet<String>) -> Value {
    let field = def.cursor.unwrap_or("modifiedTime");
    let mut map = serde_json::Map::new();
    if let Some(c) = cursor {
        map.insert(field.to_string(), Value::String(timefmt::format_zoho(c)));
        if !ids.is_empty() && ids.len() <= MAX_STATE_IDS {
            let mut list: Vec<&String> = ids.iter().collect();
            list.sort();
            map.insert("ids_at_cursor".into(), json!(list));
        }
    }
    Value::Object(map)
}

/// Keyset walk through a search endpoint, ascending by the cursor, inside
/// [lower, sync start]. Each query starts 1 ms below the highest cursor emitted so far (so it
/// holds whether Zoho's range bounds are inclusive or exclusive, an UNCERTAIN point of §4); rows
/// below that cursor, and rows at it that were already emitted, are skipped. `from` grows only
/// while a whole page shares one cursor value.
async fn read_search(
    ctx: &Ctx,
    def: &StreamDef,
    mode: SyncMode,
    state: Option<&Value>,
    records: &mut u64,
) -> Result<()> {
    let Incremental::SearchRange {
        path,
        range_param,
        sort_by,
        max,
    } = def.incremental
    else {
        return Ok(());
    };
    let cursor_field = def.cursor;
    let request = format!("GET /api/v1{path}");
    let incoming = if mode == SyncMode::Incremental {
        parse_search_state(def, state)?
    } else {
        SearchState {
            cursor: None,
            ids: HashSet::new(),
        }
    };
    let start = ctx.config.start_ms();
    // A state older than start_date starts at start_date; its ids then no longer apply.
    let (mut cursor, mut seen) = match (incoming.cursor, start) {
        (Some(c), Some(s)) if s > c => (Some(s), HashSet::new()),
        (Some(c), _) => (Some(c), incoming.ids),
        (None, s) => (s, HashSet::new()),
    };
    let upper = ctx.sync_start_ms;
    let mut since = 0u64;
    if cursor.is_some_and(|c| c > upper) {
        // A state from the future: nothing can be newer. Keep it as it is.
        return checkpoint(ctx, def.name, search_state(def, cursor, &seen), &mut since);
    }
    let mut from: u32 = 0;
    loop {
        let lower = cursor.map_or(0, |c| (c - 1).max(0));
        let mut limit = ctx.limit_for(path, max);
        if from + limit > SEARCH_WINDOW {
            limit = SEARCH_WINDOW.saturating_sub(from);
        }
        if limit == 0 {
            return Err(Error::Http {
                status: 0,
                code: None,
                message: format!(
                    "More than {SEARCH_WINDOW} `{}` records share {} = {}; Zoho's search cannot page \
                     past {SEARCH_WINDOW} rows of one window, so the rest cannot be read safely. \
                     Please report this with the timestamp",
                    def.name,
                    cursor_field.unwrap_or("the cursor"),
                    cursor.map(timefmt::format_zoho).unwrap_or_default()
                ),
                request: request.clone(),
                transient: false,
            });
        }
        let query = vec![
            (
                range_param,
                format!(
                    "{},{}",
                    timefmt::format_zoho(lower),
                    timefmt::format_zoho(upper)
                ),
            ),
            ("sortBy", sort_by.to_string()),
            ("from", from.to_string()),
        ];
        let (body, limit) = fetch_rows(ctx, def, path, query, Some(path), limit).await?;
        let Some(body) = body else { break };
        ctx.search.store(SEARCH_OK, Ordering::Release);
        let rows = page_rows(&body, def.wrapper, &request)?;
        let mut out: Vec<&str> = Vec::with_capacity(rows.len());
        let mut page_max = cursor;
        let mut ids_at_max: HashSet<String> = HashSet::new();
        for row in &rows {
            let meta = row_meta(row, cursor_field, &request)?;
            let t = meta.cursor.as_deref().and_then(timefmt::parse_zoho);
            let Some(t) = t else {
                // A search row without a readable cursor cannot be placed; emit it, say so.
                tracing::warn!(
                    "a `{}` row without a readable {} was emitted as is",
                    def.name,
                    cursor_field.unwrap_or("cursor")
                );
                out.push(row.get());
                continue;
            };
            let id = meta.id.unwrap_or_default();
            if let Some(c) = cursor
                && (t < c || (t == c && seen.contains(&id)))
            {
                continue;
            }
            match page_max {
                Some(m) if t < m => {}
                Some(m) if t == m => {
                    ids_at_max.insert(id);
                }
                _ => {
                    page_max = Some(t);
                    ids_at_max.clear();
                    ids_at_max.insert(id);
                }
            }
            out.push(row.get());
        }
        let n = ctx.emitter.records(def.name, out)?;
        *records += n;
        since += n;
        if page_max > cursor {
            cursor = page_max;
            seen = ids_at_max;
            from = 0;
        } else {
            // No progress in the cursor: the whole page sat at one value. Step over it.
            seen.extend(ids_at_max);
            from += rows.len() as u32;
        }
        checkpoint(ctx, def.name, search_state(def, cursor, &seen), &mut since)?;
        if (rows.len() as u32) < limit {
            break;
        }
    }
    checkpoint(ctx, def.name, search_state(def, cursor, &seen), &mut since)
}

/// Runs every configured stream concurrently (requests are bounded by the client's one global
/// limit), then writes the summary. Returns the failed streams' errors.
pub async fn read_all(
    ctx: Arc<Ctx>,
    catalog: Vec<ConfiguredStream>,
    mut states: BTreeMap<String, Value>,
) -> Vec<(String, Error)> {
    let started = std::time::Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    let total = Arc::new(AtomicU64::new(0));
    for configured in catalog {
        let state = states.remove(&configured.stream.name);
        let ctx = ctx.clone();
        let total = total.clone();
        tasks.spawn(async move {
            let name = configured.stream.name.clone();
            let outcome = run_stream(ctx, configured, state).await;
            total.fetch_add(outcome.records, Ordering::Relaxed);
            (name, outcome)
        });
    }
    let mut failed = Vec::new();
    let mut lines = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        match joined {
            Ok((name, outcome)) => {
                lines.push(format!(
                    "{name}: {} records{}",
                    outcome.records,
                    if outcome.error.is_some() {
                        " (INCOMPLETE)"
                    } else {
                        ""
                    }
                ));
                if let Some(e) = outcome.error {
                    failed.push((name, e));
                }
            }
            Err(join_error) => failed.push((
                "unknown".into(),
                Error::Decode {
                    request: "stream task".into(),
                    message: format!("a stream task stopped unexpectedly: {join_error}"),
                },
            )),
        }
    }
    lines.sort();
    let stats = &ctx.client.stats;
    let credits = stats.credits_remaining.load(Ordering::Relaxed);
    let _ = ctx.emitter.log(
        LogLevel::Info,
        &format!(
            "Sync summary: {} records in {:.1} s; {} API requests, {} retried, {} rate-limited (429), \
             concurrency {} of {} at the lowest, {} token refreshes{}. Streams: {}",
            total.load(Ordering::Relaxed),
            started.elapsed().as_secs_f64(),
            stats.requests.load(Ordering::Relaxed),
            stats.retries.load(Ordering::Relaxed),
            stats.throttled.load(Ordering::Relaxed),
            ctx.client.limiter.lowest(),
            ctx.config.max_concurrent_requests,
            ctx.client.auth.refresh_count(),
            if credits >= 0 {
                format!(", {credits} API credits left today")
            } else {
                String::new()
            },
            lines.join("; ")
        ),
    );
    failed
}

/// The failure type of a sync whose streams failed with these errors.
pub fn summary_failure_type(failed: &[(String, Error)]) -> FailureType {
    let types: Vec<FailureType> = failed.iter().map(|(_, e)| e.failure_type()).collect();
    if types.contains(&FailureType::SystemError) {
        FailureType::SystemError
    } else if types.contains(&FailureType::TransientError) {
        FailureType::TransientError
    } else {
        FailureType::ConfigError
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_meta_reads_only_id_and_cursor() {
        let raw: Box<RawValue> = serde_json::from_str(
            r#"{"subject":"a \"quoted\" {x}","id":"123","nested":{"id":"no"},"modifiedTime":"2024-01-01T00:00:00.000Z"}"#,
        )
        .unwrap();
        let meta = row_meta(&raw, Some("modifiedTime"), "r").unwrap();
        assert_eq!(meta.id.as_deref(), Some("123"));
        assert_eq!(meta.cursor.as_deref(), Some("2024-01-01T00:00:00.000Z"));
        let raw: Box<RawValue> =
            serde_json::from_str(r#"{"id":60001234567,"modifiedTime":null}"#).unwrap();
        let meta = row_meta(&raw, Some("modifiedTime"), "r").unwrap();
        assert_eq!(meta.id.as_deref(), Some("60001234567"));
        assert_eq!(meta.cursor, None);
    }

    #[test]
    fn page_rows_handles_wrappers_and_errors() {
        let rows = page_rows(br#"{"teams":[{"id":"1"},{"id":"2"}]}"#, "teams", "r").unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].get(), r#"{"id":"2"}"#);
        let e = page_rows(
            br#"{"errorCode":"SCOPE_MISMATCH","message":"no"}"#,
            "data",
            "GET /api/v1/x",
        )
        .unwrap_err();
        assert!(matches!(e, Error::Forbidden { .. }));
        assert!(matches!(
            page_rows(b"<html>", "data", "r"),
            Err(Error::Decode { .. })
        ));
        assert!(matches!(
            page_rows(br#"{"other":[]}"#, "data", "r"),
            Err(Error::Decode { .. })
        ));
    }

    #[test]
    fn allowed_max_parses_ranges() {
        assert_eq!(allowed_max("limit must be in range 1-50"), Some(50));
        assert_eq!(
            allowed_max("The value for 'limit' should be between 1-100."),
            Some(100)
        );
        assert_eq!(allowed_max("limit is invalid"), None);
        assert_eq!(allowed_max("x-y limit"), None);
    }

    #[test]
    fn search_state_round_trips() {
        let def = streams::find("tickets").unwrap();
        let ids: HashSet<String> = ["b".to_string(), "a".to_string()].into();
        let st = search_state(def, Some(1_700_000_000_123), &ids);
        assert_eq!(st["modifiedTime"], "2023-11-14T22:13:20.123Z");
        assert_eq!(st["ids_at_cursor"], json!(["a", "b"]));
        let back = parse_search_state(def, Some(&st)).unwrap();
        assert_eq!(back.cursor, Some(1_700_000_000_123));
        assert_eq!(back.ids, ids);
        assert!(parse_search_state(def, Some(&json!({"modifiedTime": "soon"}))).is_err());
        assert!(parse_search_state(def, None).unwrap().cursor.is_none());
        assert_eq!(search_state(def, None, &ids), json!({}));
    }
}
