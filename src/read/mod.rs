//! The read engine: interprets the stream table, pages through Zoho, passes rows through to the
//! emitter untouched (child rows get their parent's id spliced in), and checkpoints state so an
//! interrupted sync resumes without loss.
//!
//! A stream is read from the root of its parent chain: the root's rows are walked with the
//! root's strategy (search windows, newest-first walk, list...), and each page of them fans
//! out to the children, level by level, down to the stream being synced. An incremental child
//! thus re-reads only the children of parents that changed, and its state is the root's cursor.
//! Paging itself, for every strategy, is the one loop of [`walk`].

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
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
use crate::streams::{self, Departments, Incremental, Parent, StreamDef};
use crate::timefmt;
use crate::tuning::{CHILD_404_ATTEMPTS, Tuning};

mod content;
mod daily;
mod shared;
mod split;
mod text;
mod tombstones;
mod walk;

pub use tombstones::DELETED_AT;

use walk::{Failure, NewestFirst, OffsetWalk};

const SEARCH_UNKNOWN: u8 = 0;
const SEARCH_MISSING: u8 = 2;

type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Ids of the parents of the rows being read, outermost first: (placeholder, id).
type Ancestors = Vec<(&'static str, String)>;

/// The sub-states of a partitioned (per-department) state, and the partition being read.
type Partitions = Option<(BTreeMap<String, Value>, String)>;

/// Shared by every stream task of one `read`.
pub struct Ctx {
    pub client: Arc<Client>,
    pub emitter: Emitter,
    pub config: Config,
    /// Upper bound of every time window in this sync: rows changed after it belong to the next.
    pub sync_start_ms: i64,
    /// `limit` values Zoho told us (by a 422) are too high, per endpoint.
    limits: Mutex<HashMap<&'static str, u32>>,
    /// Endpoints that refused `from=0` and are paged 1-based.
    one_based: Mutex<HashSet<&'static str>>,
    search: AtomicU8,
    /// The wait policy, for the engine's own retries (a child list's 404).
    tuning: Tuning,
    /// State members checkpoints carry besides the read's own (the tombstones' bin cursor).
    extras: tombstones::Extras,
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
            one_based: Mutex::new(HashSet::new()),
            search: AtomicU8::new(SEARCH_UNKNOWN),
            tuning: Tuning::from_env(),
            extras: tombstones::Extras::default(),
        })
    }

    fn limit_for(&self, key: &'static str, max: u32) -> u32 {
        let configured = self.config.page_size.unwrap_or(max).min(max).max(1);
        let learned = self
            .limits
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(key)
            .copied();
        learned.map_or(configured, |l| configured.min(l))
    }

    fn is_one_based(&self, key: &'static str) -> bool {
        self.one_based
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .contains(key)
    }

    fn fan_out(&self) -> usize {
        self.config.max_concurrent_requests.max(1) as usize
    }
}

/// Records emitted by one stream: in all, and since its last checkpoint.
#[derive(Default)]
struct Counter {
    total: AtomicU64,
    since: AtomicU64,
}

impl Counter {
    fn add(&self, n: u64) {
        self.total.fetch_add(n, Ordering::Relaxed);
        self.since.fetch_add(n, Ordering::Relaxed);
    }
}

/// Writes a stream's checkpoints; with department partitions, the state holds one sub-state per
/// department.
struct Checkpoint<'a> {
    ctx: &'a Ctx,
    name: &'a str,
    counter: &'a Counter,
    partitions: Partitions,
    /// What a list walk checkpoints after each page: nothing to resume from (no cursor), or,
    /// for a per-parent range read, the saved cursor, which only moves once every parent is read.
    page_state: Value,
    /// A shared root walk's checkpoints go down its pipe, after their page, to be written by
    /// each stream once the page is read (see `shared`).
    pipe: Option<&'a tokio::sync::mpsc::UnboundedSender<shared::Piped>>,
}

impl<'a> Checkpoint<'a> {
    /// A checkpoint of a stream without department partitions or a page state.
    fn plain(ctx: &'a Ctx, name: &'a str, counter: &'a Counter) -> Self {
        Checkpoint {
            ctx,
            name,
            counter,
            partitions: None,
            page_state: no_cursor_state(),
            pipe: None,
        }
    }

    fn save_page(&mut self) -> Result<()> {
        let value = self.page_state.clone();
        self.save(&value)
    }

    fn save(&mut self, sub: &Value) -> Result<()> {
        if let Some(tx) = self.pipe {
            return tx
                .send(shared::Piped::Save(sub.clone()))
                .map_err(|_| Error::Decode {
                    request: "shared root walk".into(),
                    message: "every stream reading this root has stopped".into(),
                });
        }
        let value = match &mut self.partitions {
            None => sub.clone(),
            Some((map, current)) => {
                map.insert(current.clone(), sub.clone());
                json!({ "partitions": map })
            }
        };
        let value = self.ctx.extras.merge(self.name, &value);
        let st = StreamState {
            stream_descriptor: StreamDescriptor::new(self.name),
            stream_state: value,
        };
        let count = self.counter.since.swap(0, Ordering::Relaxed);
        self.ctx.emitter.state(&st, count)?;
        Ok(())
    }
}

/// Reads one configured stream from start to final status. Every failure ends as a TRACE
/// ERROR for this stream and INCOMPLETE; the other streams carry on.
pub async fn run_stream(
    ctx: Arc<Ctx>,
    configured: ConfiguredStream,
    state: Option<Value>,
) -> StreamOutcome {
    let name = configured.stream.name.clone();
    let em = &ctx.emitter;
    let _ = em.stream_status(&name, StreamStatus::Started, None);
    let counter = Counter::default();
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
            let destination = configured.destination_sync_mode;
            match tombstones::prepare(&ctx, def, mode, destination, state.as_ref()) {
                Err(e) => Err(e),
                Ok(pending) => match read_stream(&ctx, def, mode, state, &counter).await {
                    Ok(()) => match pending {
                        Some(p) => p.emit(&ctx, &counter).await,
                        None => Ok(()),
                    },
                    err => err,
                },
            }
        }
    };
    finish(&ctx, &name, &counter, result)
}

/// A stream's final status (and its error's TRACE) once it is read.
fn finish(ctx: &Ctx, name: &str, counter: &Counter, result: Result<()>) -> StreamOutcome {
    let em = &ctx.emitter;
    let mut out = StreamOutcome {
        records: counter.total.load(Ordering::Relaxed),
        error: None,
    };
    match result {
        Ok(()) => {
            let _ = em.stream_status(name, StreamStatus::Complete, None);
        }
        Err(e) => {
            let message = stream_error_message(name, &e);
            let _ = em.error_trace(
                &message,
                e.internal().as_deref(),
                e.failure_type(),
                Some(name),
            );
            let _ = em.stream_status(name, StreamStatus::Incomplete, None);
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
                "LICENSE_ACCESS_LIMITED" => "this Zoho Desk edition does not include the feature; \
                    deselect the stream or upgrade the edition"
                    .to_string(),
                "FORBIDDEN" => "the authorizing agent's profile lacks permission for this module; \
                    authorize as an administrator or deselect the stream"
                    .to_string(),
                _ => format!(
                    "re-authorize the connector with the {scope} scope, or deselect the stream"
                ),
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

/// The stream's ancestors and itself, root first.
fn lineage(def: &'static StreamDef) -> Vec<&'static StreamDef> {
    let mut chain = vec![def];
    let mut current = def;
    while let Some(parent) = current.parent_stream() {
        chain.push(parent);
        current = parent;
    }
    chain.reverse();
    chain
}

/// Reads a root stream, or a stream of fixed parameter values, alone. Streams with parent
/// streams are read in a group on their root (`shared`), even when alone on it.
async fn read_stream(
    ctx: &Ctx,
    def: &'static StreamDef,
    mode: SyncMode,
    state: Option<Value>,
    counter: &Counter,
) -> Result<()> {
    if def.incremental == Incremental::Daily {
        return daily::read(ctx, def, mode, state, counter).await;
    }
    let sink = Sink::Emit { def, counter };
    let new_ck = |partitions| Checkpoint {
        ctx,
        name: def.name,
        counter,
        partitions,
        page_state: no_cursor_state(),
        pipe: None,
    };
    // Parent::Values: the root is a fixed list of parameter values (e.g. field modules).
    if let Some(Parent::Values { param, values, .. }) = def.parent {
        let mut ck = new_ck(None);
        for value in values {
            let anc: Ancestors = vec![(param, (*value).to_string())];
            read_endpoint(ctx, def, &anc, &[], &sink, true, None).await?;
            ck.save(&no_cursor_state())?;
        }
        return ck.save(&no_cursor_state());
    }
    let root_state = if mode == SyncMode::Incremental {
        state
    } else {
        None
    };
    // The sub-states the departments read so far saved: each next department's checkpoints
    // carry them, or the last department's states would drop the earlier ones' progress.
    let mut carried = BTreeMap::new();
    for partition in partitions(ctx, def) {
        let (sub_state, mut partitions) = split_state(root_state.as_ref(), partition.as_ref());
        if let Some((map, _)) = &mut partitions {
            map.extend(carried.clone());
        }
        let mut ck = new_ck(partitions);
        let part = partition.as_ref().map(|(p, v)| (*p, v.clone()));
        read_root(ctx, def, mode, sub_state.as_ref(), part, &sink, &mut ck).await?;
        if let Some((map, _)) = ck.partitions.take() {
            carried = map;
        }
    }
    Ok(())
}

/// One pass per configured department for department-scoped roots, else a single pass.
fn partitions(ctx: &Ctx, root: &StreamDef) -> Vec<Option<(&'static str, String)>> {
    let Some(ids) = ctx.config.departments() else {
        return vec![None];
    };
    match (root.departments, root.incremental) {
        (
            _,
            Incremental::SearchRange {
                department_param: Some(p),
                ..
            },
        ) => ids.iter().map(|id| Some((p, id.clone()))).collect(),
        (Departments::Each(p), _) => ids.iter().map(|id| Some((p, id.clone()))).collect(),
        (Departments::List(p), _) => vec![Some((p, ids.join(",")))],
        _ => vec![None],
    }
}

/// Picks a partition's sub-state. A plain (unpartitioned) state applies to every department:
/// its cursor covered them all.
fn split_state(
    state: Option<&Value>,
    partition: Option<&(&'static str, String)>,
) -> (Option<Value>, Partitions) {
    let Some((param, value)) = partition else {
        return (state.cloned(), None);
    };
    // A List partition (comma-joined ids) is one pass and keeps a plain state.
    if value.contains(',') || *param == "departmentIds" {
        return (state.cloned(), None);
    }
    let map: BTreeMap<String, Value> = state
        .and_then(|s| s.get("partitions"))
        .and_then(Value::as_object)
        .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default();
    let sub = match map.get(value) {
        Some(v) => Some(v.clone()),
        None => state.filter(|s| s.get("partitions").is_none()).cloned(),
    };
    (sub, Some((map, value.clone())))
}

/// Reads the root of a stream's lineage with its own strategy, feeding `sink`.
async fn read_root(
    ctx: &Ctx,
    root: &'static StreamDef,
    mode: SyncMode,
    state: Option<&Value>,
    partition: Option<(&'static str, String)>,
    sink: &Sink<'_>,
    ck: &mut Checkpoint<'_>,
) -> Result<()> {
    match root.incremental {
        Incremental::SearchRange { path, .. } if !path.ends_with("/search") => {
            read_search(ctx, root, mode, state, partition, sink, ck)
                .await
                .map_err(Failure::into_error)
        }
        Incremental::SearchRange { .. } if ctx.search.load(Ordering::Acquire) != SEARCH_MISSING => {
            let search_part = partition.clone();
            // Only the search call's own refusal means the token lacks the search scope; a
            // child endpoint's refusal (`Below`) is that child's problem.
            match read_search(ctx, root, mode, state, search_part, sink, ck).await {
                Err(Failure::Own(Error::Forbidden { code, message }))
                    if code == "SCOPE_MISMATCH" =>
                {
                    ctx.search.store(SEARCH_MISSING, Ordering::Release);
                    if mode == SyncMode::Incremental {
                        return Err(missing_search_scope(root.name, mode, &message));
                    }
                    list_fallback_warning(root);
                    read_list(ctx, root, list_partition(root, partition), sink, ck).await
                }
                other => other.map_err(Failure::into_error),
            }
        }
        Incremental::SearchRange { .. } => {
            if mode == SyncMode::Incremental {
                return Err(missing_search_scope(root.name, mode, ""));
            }
            list_fallback_warning(root);
            read_list(ctx, root, list_partition(root, partition), sink, ck).await
        }
        Incremental::SortDescWalk { sort_by } => {
            read_walk(ctx, root, mode, state, sort_by, partition, sink, ck).await
        }
        Incremental::EpochWindow {
            start_param,
            end_param,
        } if mode == SyncMode::Incremental => {
            read_epoch(
                ctx,
                root,
                state,
                (start_param, end_param),
                partition,
                sink,
                ck,
            )
            .await
        }
        _ => read_list(ctx, root, partition, sink, ck).await,
    }
}

/// The department filter of a search stream's list fallback (the list takes a comma list).
fn list_partition(
    root: &StreamDef,
    partition: Option<(&'static str, String)>,
) -> Option<(&'static str, String)> {
    match (root.departments, partition) {
        (Departments::List(p), Some((_, v))) => Some((p, v)),
        (_, other) => other,
    }
}

fn list_fallback_warning(root: &StreamDef) {
    tracing::warn!(
        "The token lacks Desk.search.READ, so `{}` is read through its list endpoint: rows lack \
         modifiedTime and description, start_date is not applied, and incremental sync is \
         unavailable. Re-authorize with Desk.search.READ to fix this.",
        root.name
    );
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

// ------------------------------------------------------------------------------------ sinks

/// Where a page of rows goes: emitted as records, down a shared root walk's pipe, or to the
/// streams of one shared child call.
enum Sink<'s> {
    Emit {
        def: &'static StreamDef,
        counter: &'s Counter,
    },
    /// Recycle-bin rows, emitted as tombstones of stream `of` (`tombstones`).
    Tombstones {
        of: &'static StreamDef,
        counter: &'s Counter,
    },
    Pipe(&'s shared::Pipe<'s>),
    Tree {
        node: &'s shared::Node,
        group: &'s shared::Group,
        /// The streams this call reads for.
        mask: u64,
    },
}

impl Sink<'_> {
    fn page<'a>(
        &'a self,
        ctx: &'a Ctx,
        rows: &'a [&'a RawValue],
        anc: &'a Ancestors,
    ) -> BoxFuture<'a, Result<()>> {
        Box::pin(async move {
            match self {
                Sink::Emit { def, counter } => {
                    let n = emit(ctx, def, rows, anc).await?;
                    counter.add(n);
                    Ok(())
                }
                Sink::Tombstones { of, counter } => {
                    let rows = tombstones::tombstones(of, rows)?;
                    let n = ctx
                        .emitter
                        .records(of.name, rows.iter().map(String::as_str))?;
                    counter.add(n);
                    Ok(())
                }
                Sink::Pipe(pipe) => pipe.send(rows).await,
                Sink::Tree { node, group, mask } => {
                    shared::tree_page(ctx, node, group, *mask, rows, anc).await
                }
            }
        })
    }
}

/// The one way rows reach the output, shared and single walks alike: truncated texts are
/// completed and plain text added (rows with message text only), then the rows are emitted.
async fn emit(ctx: &Ctx, def: &StreamDef, rows: &[&RawValue], anc: &Ancestors) -> Result<u64> {
    let prepared = content::prepare(ctx, def, rows, anc).await?;
    let views: Vec<&RawValue> = prepared.iter().flatten().map(|r| &**r).collect();
    let rows = if prepared.is_some() { &views[..] } else { rows };
    emit_rows(ctx, def, rows, anc)
}

/// Emits rows of `def`, splicing the parent's id into rows that lack it and, for a child of
/// changed parents, its root's cursor value (see `StreamDef::cursor_in_children`).
fn emit_rows(ctx: &Ctx, def: &StreamDef, rows: &[&RawValue], anc: &Ancestors) -> Result<u64> {
    let inject = match def.parent {
        Some(Parent::Stream { inject, .. }) | Some(Parent::Values { inject, .. }) => inject,
        None => None,
    };
    let parent_id = anc.last().map(|(_, id)| id.as_str());
    let cursor = match def.incremental {
        Incremental::ChildOfChanged => def.cursor_field().and_then(|key| {
            anc.iter()
                .find(|(k, _)| *k == key)
                .map(|(k, v)| (*k, v.as_str()))
        }),
        _ => None,
    };
    let carried = def
        .carry
        .iter()
        .filter_map(|key| anc.iter().find(|(k, _)| k == key))
        .map(|(k, v)| (*k, v.as_str()));
    let members: Vec<(&str, &str)> = inject
        .zip(parent_id)
        .into_iter()
        .chain(carried)
        .chain(cursor)
        .collect();
    let mut out: Vec<Cow<'_, str>> = Vec::with_capacity(rows.len());
    for row in rows {
        let mut text = Cow::Borrowed(row.get());
        for (key, value) in &members {
            if !row_meta(row, None, Some(key), "row")?.has_probe {
                text = Cow::Owned(splice(&text, key, value));
            }
        }
        out.push(text);
    }
    Ok(ctx
        .emitter
        .records(def.name, out.iter().map(|c| c.as_ref()))?)
}

/// Adds `"key":"value"` as the first member of a JSON object's text, leaving the rest as is.
pub(crate) fn splice(object: &str, key: &str, value: &str) -> String {
    let body = object.trim_start();
    let rest = body.strip_prefix('{').unwrap_or(body).trim_start();
    let member = format!(
        "{}:{}",
        Value::String(key.to_string()),
        Value::String(value.to_string())
    );
    if rest.starts_with('}') {
        format!("{{{member}}}")
    } else {
        format!("{{{member},{rest}")
    }
}

// ------------------------------------------------------------------------------------ paging

/// `template` with each `{placeholder}` replaced by the ancestor id of that name.
fn fill_path(template: &str, anc: &Ancestors) -> String {
    let mut path = template.to_string();
    for (name, id) in anc {
        let slot = format!("{{{name}}}");
        if path.contains(&slot) {
            path = path.replace(&slot, id);
        }
    }
    path
}

/// Builds the path and query of `def`'s endpoint for these ancestors: `{placeholder}` path
/// segments are filled; the immediate parent's id goes in the query when the path has no slot.
fn request_for(def: &StreamDef, anc: &Ancestors) -> (String, Vec<(&'static str, String)>) {
    let path = fill_path(def.path, anc);
    let mut query: Vec<(&'static str, String)> = def
        .params
        .iter()
        .map(|(k, v)| (*k, (*v).to_string()))
        .collect();
    let own = match def.parent {
        Some(Parent::Stream { placeholder, .. }) => Some(placeholder),
        Some(Parent::Values { param, .. }) => Some(param),
        None => None,
    };
    if let (Some(p), Some((name, id))) = (own, anc.last())
        && *name == p
        && !def.path.contains(&format!("{{{p}}}"))
    {
        upsert(&mut query, p, id.clone());
    }
    (path, query)
}

/// Reads every page of one endpoint call for these ancestors and hands each page to `sink`.
/// `count` is the parent row's count of these rows, where it has one (see `OffsetWalk`).
///
/// A 404 on a child list is not taken at its word: the parent's by-id call tells a parent
/// that is gone (its rows are skipped, with a log) from one that still exists, where the 404
/// is a transient routing error: the list is retried, and if it keeps answering 404 the
/// stream fails loudly rather than lose the rows. A root value Zoho does not know (404,
/// `root` true) is an error.
async fn read_endpoint(
    ctx: &Ctx,
    def: &'static StreamDef,
    anc: &Ancestors,
    extra: &[(&'static str, String)],
    sink: &Sink<'_>,
    root: bool,
    count: Option<u64>,
) -> Result<()> {
    let (path, mut query) = request_for(def, anc);
    for (k, v) in extra {
        upsert(&mut query, k, v.clone());
    }
    let mut walk = OffsetWalk::new(def, query).expecting(count);
    let mut attempt = 0;
    loop {
        let err = match walk::drive(ctx, def, &path, def.path, &mut walk, anc, sink, None).await {
            Ok(()) => return Ok(()),
            Err(failure) => failure,
        };
        let (code, request) = match err {
            Failure::Own(Error::Http {
                status: 404,
                code: Some(code),
                request,
                ..
            }) if !root && code == "URL_NOT_FOUND" => (code, request),
            other => return Err(other.into_error()),
        };
        let parent = anc
            .last()
            .map(|(k, v)| format!("{k} {v}"))
            .unwrap_or_default();
        if parent_gone(ctx, def, anc).await? {
            tracing::info!(
                "{parent} no longer exists (404 on {request} and on its own record); its `{}` \
                 rows are skipped",
                def.name
            );
            return Ok(());
        }
        attempt += 1;
        if attempt >= CHILD_404_ATTEMPTS {
            return Err(Error::Http {
                status: 404,
                code: Some(code),
                message: format!(
                    "{request} answered 404 URL_NOT_FOUND {attempt} times for {parent}, which \
                     still exists (or cannot be checked); `{}` stops rather than skip its rows. \
                     The next sync retries",
                    def.name
                ),
                request,
                transient: true,
            });
        }
        tracing::warn!(
            "{request} answered 404 for {parent}, which still exists; retrying ({attempt} of \
             {CHILD_404_ATTEMPTS})"
        );
        tokio::time::sleep(ctx.tuning.backoff(attempt)).await;
    }
}

/// Whether the parent of these rows is gone: its by-id call answers 404. A parent stream
/// without a by-id endpoint cannot be confirmed gone, so it counts as existing.
async fn parent_gone(ctx: &Ctx, def: &StreamDef, anc: &Ancestors) -> Result<bool> {
    let Some(parent) = def.parent_stream() else {
        return Ok(false);
    };
    let Some(by_id) = parent.by_id else {
        return Ok(false);
    };
    let path = fill_path(by_id, anc);
    let req = Request {
        path: &path,
        query: &[],
        org: parent.org_header,
        stream: Some(def.name),
    };
    match ctx.client.get(&req).await {
        Ok(_) => Ok(false),
        Err(Error::Http { status: 404, .. }) => Ok(true),
        Err(e) => Err(e),
    }
}

/// Fetches one page. With a `(key, limit)`, adapts to Zoho's answers where the reference is
/// unsure: a 422 naming `limit` with a smaller range steps the limit down for that endpoint, and
/// a 422 refusing `from=0` switches the endpoint to 1-based offsets.
async fn fetch_rows(
    ctx: &Ctx,
    def: &StreamDef,
    path: &str,
    mut query: Vec<(&'static str, String)>,
    paging: Option<(&'static str, u32)>,
) -> Result<(Option<bytes::Bytes>, u32)> {
    let mut limit = paging.map_or(0, |(_, l)| l);
    loop {
        if paging.is_some() {
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
            }) if paging.is_some() => {
                let key = paging.map_or("", |(k, _)| k);
                let from_zero = query.iter().any(|(k, v)| *k == "from" && v == "0");
                if message.contains("limit")
                    && let Some(max) = allowed_max(&message).filter(|m| *m < limit && *m > 0)
                {
                    tracing::warn!(
                        "Zoho allows at most {max} rows per page on {key} (asked {limit}); using {max}"
                    );
                    ctx.limits
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .insert(key, max);
                    limit = max;
                } else if message.contains("from") && from_zero {
                    tracing::info!("{key} counts `from` from 1; paging it 1-based");
                    ctx.one_based
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .insert(key);
                    upsert(&mut query, "from", "1".into());
                } else {
                    return Err(Error::Http {
                        status: 422,
                        message,
                        code,
                        request,
                        transient,
                    });
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
        if before > 0 && !after.is_empty() {
            return after.parse().ok();
        }
    }
    None
}

/// Splits a page body into its rows without parsing them; `wrapper` "" means the body is one
/// record.
fn page_rows<'b>(body: &'b [u8], wrapper: &str, request: &str) -> Result<Vec<&'b RawValue>> {
    if wrapper.is_empty() {
        let row: &RawValue = serde_json::from_slice(body).map_err(|e| Error::Decode {
            request: request.to_string(),
            message: format!("the answer is not a JSON object: {e}"),
        })?;
        return Ok(vec![row]);
    }
    let top: HashMap<Cow<'b, str>, &'b RawValue> =
        serde_json::from_slice(body).map_err(|e| Error::Decode {
            request: request.to_string(),
            message: format!("the answer is not a JSON object: {e}"),
        })?;
    match top.get(wrapper) {
        Some(rows) if rows.get() == "null" => Ok(Vec::new()),
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

/// The few fields the engine needs from a row, read without building the row.
#[derive(Debug, Default, PartialEq)]
struct RowMeta {
    id: Option<String>,
    cursor: Option<String>,
    /// Whether the probed field is present, and its value as text.
    has_probe: bool,
    probe: Option<String>,
    /// The counted field's value, when asked for and a whole number.
    count: Option<u64>,
}

impl RowMeta {
    fn probe_nonzero(&self) -> bool {
        match self.probe.as_deref() {
            None | Some("") | Some("0") | Some("false") | Some("null") => false,
            Some(_) => true,
        }
    }
}

struct MetaSeed<'c> {
    cursor: Option<&'c str>,
    probe: Option<&'c str>,
    count: Option<&'c str>,
}

impl<'de> DeserializeSeed<'de> for MetaSeed<'_> {
    type Value = RowMeta;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<RowMeta, D::Error> {
        d.deserialize_map(self)
    }
}

fn scalar_text(v: Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
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
            if Some(key.as_ref()) == self.probe {
                meta.has_probe = true;
                meta.probe = scalar_text(map.next_value::<Value>()?);
            } else if Some(key.as_ref()) == self.count {
                meta.count = scalar_text(map.next_value::<Value>()?).and_then(|t| t.parse().ok());
            } else if key == "id" {
                meta.id = scalar_text(map.next_value::<Value>()?);
            } else if Some(key.as_ref()) == self.cursor {
                meta.cursor = scalar_text(map.next_value::<Value>()?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(meta)
    }
}

fn row_meta(
    row: &RawValue,
    cursor: Option<&str>,
    probe: Option<&str>,
    request: &str,
) -> Result<RowMeta> {
    meta_of(
        row,
        MetaSeed {
            cursor,
            probe,
            count: None,
        },
        request,
    )
}

/// What a fan-out needs from a parent row: its id, the `only_if_nonzero` probe and the count
/// of its children.
fn parent_meta(
    row: &RawValue,
    cursor: Option<&str>,
    probe: Option<&str>,
    count: Option<&str>,
) -> Result<RowMeta> {
    meta_of(
        row,
        MetaSeed {
            cursor,
            probe,
            count,
        },
        "parent row",
    )
}

fn meta_of(row: &RawValue, seed: MetaSeed<'_>, request: &str) -> Result<RowMeta> {
    let mut de = serde_json::Deserializer::from_str(row.get());
    seed.deserialize(&mut de).map_err(|e| Error::Decode {
        request: request.to_string(),
        message: format!("a row is not a JSON object: {e}"),
    })
}

// ------------------------------------------------------------------------------------ state

fn no_cursor_state() -> Value {
    json!({ "__ab_no_cursor_state_message": true })
}

/// A cursor value as Zoho sends it: a timestamp string, or epoch milliseconds (some endpoints'
/// examples show integers).
fn cursor_ms(text: &str) -> Option<i64> {
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse().ok();
    }
    timefmt::parse_zoho(text)
}

fn state_field(def: &StreamDef) -> &'static str {
    streams::state_cursor(def)
}

fn parse_cursor(def: &StreamDef, state: Option<&Value>) -> Result<Option<i64>> {
    let field = state_field(def);
    let Some(text) = state.and_then(|s| s.get(field)).and_then(Value::as_str) else {
        return Ok(None);
    };
    timefmt::parse_user(text).map(Some).ok_or_else(|| {
        Error::Config(format!(
            "The saved state of `{}` has an unreadable {field} \"{text}\"; reset the stream",
            def.name
        ))
    })
}

/// A cursor state: the cursor only. A resume reads again from the cursor, inclusive, so rows at
/// that instant (a record re-modified in the same millisecond, too) are never lost; the
/// repeats are removed by the destination's dedup. `ids_at_cursor` of older states is ignored.
fn cursor_state(def: &StreamDef, cursor: Option<i64>) -> Value {
    let mut map = serde_json::Map::new();
    if let Some(c) = cursor {
        map.insert(
            state_field(def).to_string(),
            Value::String(timefmt::format_zoho(c)),
        );
    }
    Value::Object(map)
}

/// The lower bound of a cursor read: the saved cursor, raised to start_date.
fn start_from(ctx: &Ctx, def: &StreamDef, state: Option<&Value>) -> Result<Option<i64>> {
    let saved = parse_cursor(def, state)?;
    Ok(match (saved, ctx.config.start_ms()) {
        (Some(c), Some(s)) => Some(c.max(s)),
        (c, s) => c.or(s),
    })
}

/// The highest cursor value seen and the ids tied at it: where a keyset walk resumes, and which
/// rows at that value it must not repeat.
#[derive(Default)]
struct Frontier {
    at: Option<i64>,
    ids: HashSet<String>,
}

impl Frontier {
    fn see(&mut self, t: i64, id: String) {
        match self.at {
            Some(m) if t < m => {}
            Some(m) if t == m => {
                self.ids.insert(id);
            }
            _ => {
                self.at = Some(t);
                self.ids.clear();
                self.ids.insert(id);
            }
        }
    }
}

// ------------------------------------------------------------------------------------ roots

/// Full refresh through a plain list endpoint (offset pages, or a single unpaged GET).
async fn read_list(
    ctx: &Ctx,
    root: &'static StreamDef,
    extra: impl IntoIterator<Item = (&'static str, String)>,
    sink: &Sink<'_>,
    ck: &mut Checkpoint<'_>,
) -> Result<()> {
    let (path, mut query) = request_for(root, &Vec::new());
    for (k, v) in extra {
        upsert(&mut query, k, v);
    }
    let mut walk = OffsetWalk::new(root, query);
    drive_root(ctx, root, &path, &mut walk, sink, ck).await?;
    ck.save_page()
}

/// Drives a walk over a root endpoint (no ancestors), checkpointing after every page.
async fn drive_root(
    ctx: &Ctx,
    root: &'static StreamDef,
    path: &str,
    walk: &mut dyn walk::Walk,
    sink: &Sink<'_>,
    ck: &mut Checkpoint<'_>,
) -> Result<()> {
    walk::drive(
        ctx,
        root,
        path,
        root.path,
        walk,
        &Vec::new(),
        sink,
        Some(ck),
    )
    .await
    .map_err(Failure::into_error)
}

/// Keyset walk through a cursor-range endpoint (`walk::SearchWalk`). Incremental starts at the
/// saved cursor, inclusive, less the lookback window on search-indexed endpoints (never below
/// start_date); full refresh at start_date.
async fn read_search(
    ctx: &Ctx,
    root: &'static StreamDef,
    mode: SyncMode,
    state: Option<&Value>,
    partition: Option<(&'static str, String)>,
    sink: &Sink<'_>,
    ck: &mut Checkpoint<'_>,
) -> Result<(), Failure> {
    let Incremental::SearchRange {
        path,
        range_param,
        sort_by,
        max,
        ..
    } = root.incremental
    else {
        return Ok(());
    };
    // `start`: where the read resumes; `lower`: where the walk begins (less the lookback).
    let lookback = i64::from(ctx.config.lookback_window) * 60_000;
    let (start, lower) = if mode == SyncMode::Incremental {
        let from = start_from(ctx, root, state).map_err(Failure::Own)?;
        if from.is_some_and(|c| c > now_ms()) {
            // A state from the future: nothing can be newer. Keep it as it is.
            return ck.save(&cursor_state(root, from)).map_err(Failure::Own);
        }
        let lower = match (from, path.ends_with("/search")) {
            (Some(c), true) => Some((c - lookback).max(ctx.config.start_ms().unwrap_or(0))),
            (c, _) => c,
        };
        (from, lower)
    } else {
        (None, ctx.config.start_ms())
    };
    // An interrupted split walk resumes slice by slice; its top slice less the lookback.
    let slices = (mode == SyncMode::Incremental)
        .then(|| split::saved_slices(state))
        .flatten()
        .map(|mut slices| {
            if let Some(top) = slices.last_mut()
                && path.ends_with("/search")
            {
                top.saved = top.saved.map(|c| (c - lookback).max(top.lo.unwrap_or(c)));
            }
            slices
        });
    let range = split::Range {
        ctx,
        def: root,
        path,
        range_param,
        sort_by,
        max,
        partition,
        sink,
    };
    let cursor = range.read(lower, slices, ck).await?;
    // The walk read everything up to now; it never ends below where the read resumed, or a
    // window without rows would move the cursor back by the lookback on every sync.
    ck.save(&cursor_state(root, cursor.max(start)))
        .map_err(Failure::Own)
}

/// Newest-first walk (`walk::NewestFirst`) down to the saved cursor (inclusive) or start_date.
/// The new cursor is only saved when the walk ends: until then, older rows may still be unread.
#[allow(clippy::too_many_arguments)]
async fn read_walk(
    ctx: &Ctx,
    root: &'static StreamDef,
    mode: SyncMode,
    state: Option<&Value>,
    sort_by: &'static str,
    partition: Option<(&'static str, String)>,
    sink: &Sink<'_>,
    ck: &mut Checkpoint<'_>,
) -> Result<()> {
    let floor = if mode == SyncMode::Incremental {
        start_from(ctx, root, state)?
    } else {
        ctx.config.start_ms()
    };
    let (path, mut query) = request_for(root, &Vec::new());
    upsert(&mut query, "sortBy", sort_by.to_string());
    if let Some((p, v)) = &partition {
        upsert(&mut query, p, v.clone());
    }
    let old_state = cursor_state(root, floor);
    ck.page_state = old_state.clone();
    let mut walk = NewestFirst::new(root, query, floor);
    drive_root(ctx, root, &path, &mut walk, sink, ck).await?;
    match walk.newest {
        Some(n) if floor.is_none_or(|f| n >= f) => ck.save(&cursor_state(root, Some(n))),
        _ => ck.save(&old_state),
    }
}

/// An epoch-millisecond window [saved cursor − 1 ms, sync start] on the cursor (customer
/// happiness). The endpoint's order inside the window is not documented, so the cursor only
/// moves, to the window's end, once every page is read.
async fn read_epoch(
    ctx: &Ctx,
    root: &'static StreamDef,
    state: Option<&Value>,
    (start_param, end_param): (&'static str, &'static str),
    partition: Option<(&'static str, String)>,
    sink: &Sink<'_>,
    ck: &mut Checkpoint<'_>,
) -> Result<()> {
    let cursor = start_from(ctx, root, state)?;
    let upper = ctx.sync_start_ms;
    let old_state = cursor_state(root, cursor);
    if cursor.is_some_and(|c| c > upper) {
        return ck.save(&old_state);
    }
    let lower = cursor.map_or(0, |c| (c - 1).max(0));
    let window = [
        (start_param, lower.to_string()),
        (end_param, upper.to_string()),
    ];
    ck.page_state = old_state;
    read_list(ctx, root, window.into_iter().chain(partition), sink, ck).await?;
    ck.save(&cursor_state(root, Some(upper)))
}

// ------------------------------------------------------------------------------------ sync

/// Runs every configured stream concurrently (requests are bounded by the client's one global
/// limit), then writes the summary. Returns the failed streams' errors.
pub async fn read_all(
    ctx: Arc<Ctx>,
    catalog: Vec<ConfiguredStream>,
    mut states: BTreeMap<String, Value>,
) -> Vec<(String, Error)> {
    let started = std::time::Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    // Streams on one root share its walk (see `shared`); the rest run alone.
    type Members = Vec<(ConfiguredStream, Option<Value>)>;
    let mut groups: Vec<((&'static StreamDef, Option<SyncMode>), Members)> = Vec::new();
    let mut alone = Vec::new();
    for configured in catalog {
        let state = states.remove(&configured.stream.name);
        match shared::group_key(&configured) {
            Some(key) => match groups
                .iter_mut()
                .find(|(k, _)| std::ptr::eq(k.0, key.0) && k.1 == key.1)
            {
                Some((_, members)) => members.push((configured, state)),
                None => groups.push((key, vec![(configured, state)])),
            },
            None => alone.push((configured, state)),
        }
    }
    for ((root, _), members) in groups {
        if !shared::has_children(&members) {
            alone.extend(members);
            continue;
        }
        let mut members = members.into_iter().peekable();
        while members.peek().is_some() {
            let chunk: Members = members.by_ref().take(shared::MAX_MEMBERS).collect();
            tasks.spawn(shared::run_group(ctx.clone(), root, chunk));
        }
    }
    for (configured, state) in alone {
        let ctx = ctx.clone();
        tasks.spawn(async move {
            let name = configured.stream.name.clone();
            let outcome = run_stream(ctx, configured, state).await;
            vec![(name, outcome)]
        });
    }
    let mut failed = Vec::new();
    let mut lines = Vec::new();
    let mut total = 0u64;
    while let Some(joined) = tasks.join_next().await {
        match joined {
            Ok(outcomes) => {
                for (name, outcome) in outcomes {
                    total += outcome.records;
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
            "Sync summary: {total} records in {:.1} s; {} API requests, {} retried, {} rate-limited (429), \
             concurrency {} of {} at the lowest, {} token refreshes{}. Streams: {}{}",
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
            lines.join("; "),
            credits_spent(&ctx.client.stats.credits_spent())
        ),
    );
    failed
}

/// The summary's credits-per-stream sentence (nothing when Zoho reported no weights).
fn credits_spent(spent: &[(String, u64)]) -> String {
    if spent.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = spent.iter().map(|(s, n)| format!("{s} {n}")).collect();
    format!(". API credits spent: {}", parts.join(", "))
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
    fn row_meta_reads_only_what_it_needs() {
        let raw: Box<RawValue> = serde_json::from_str(
            r#"{"subject":"a \"quoted\" {x}","id":"123","nested":{"id":"no"},"modifiedTime":"2024-01-01T00:00:00.000Z","attachmentCount":"2"}"#,
        )
        .unwrap();
        let meta = row_meta(&raw, Some("modifiedTime"), Some("attachmentCount"), "r").unwrap();
        assert_eq!(meta.id.as_deref(), Some("123"));
        assert_eq!(meta.cursor.as_deref(), Some("2024-01-01T00:00:00.000Z"));
        assert!(meta.has_probe && meta.probe_nonzero());
        let raw: Box<RawValue> =
            serde_json::from_str(r#"{"id":60001234567,"modifiedTime":null,"attachmentCount":"0"}"#)
                .unwrap();
        let meta = row_meta(&raw, Some("modifiedTime"), Some("attachmentCount"), "r").unwrap();
        assert_eq!(meta.id.as_deref(), Some("60001234567"));
        assert_eq!(meta.cursor, None);
        assert!(meta.has_probe && !meta.probe_nonzero());
        let meta = row_meta(&raw, None, Some("ticketId"), "r").unwrap();
        assert!(!meta.has_probe);
    }

    #[test]
    fn page_rows_handles_wrappers_objects_and_errors() {
        let rows = page_rows(br#"{"teams":[{"id":"1"},{"id":"2"}]}"#, "teams", "r").unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].get(), r#"{"id":"2"}"#);
        let rows = page_rows(br#"{"ticketId":"9","x":1}"#, "", "r").unwrap();
        assert_eq!(rows.len(), 1);
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
        assert!(
            page_rows(br#"{"attachments":null}"#, "attachments", "r")
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn splice_adds_the_parent_id_first() {
        assert_eq!(
            splice(r#"{"id":"1"}"#, "ticketId", "9"),
            r#"{"ticketId":"9","id":"1"}"#
        );
        assert_eq!(splice("{ }", "ticketId", "9"), r#"{"ticketId":"9"}"#);
        let v: Value =
            serde_json::from_str(&splice(r#" { "a" : [1, {"b":2}] }"#, "k", "v")).unwrap();
        assert_eq!(v, json!({"k": "v", "a": [1, {"b": 2}]}));
    }

    #[test]
    fn request_for_fills_path_slots_and_query_parents() {
        let threads = streams::find("thread_attachments").unwrap();
        let anc = vec![("ticketId", "1".to_string()), ("threadId", "2".to_string())];
        assert_eq!(request_for(threads, &anc).0, "/tickets/1/threads/2");
        let tags = streams::find("tags").unwrap();
        let (path, query) = request_for(tags, &vec![("departmentId", "7".to_string())]);
        assert_eq!(path, "/ticketTags");
        assert_eq!(query, vec![("departmentId", "7".to_string())]);
        let ext = streams::find("tickets_extended").unwrap();
        let (path, query) = request_for(ext, &vec![("ticketId", "5".to_string())]);
        assert_eq!(path, "/tickets/5");
        assert_eq!(query[0].0, "include");
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
    fn cursor_state_round_trips_and_children_use_the_root_cursor() {
        let def = streams::find("tickets").unwrap();
        let st = cursor_state(def, Some(1_700_000_000_123));
        assert_eq!(st, json!({"modifiedTime": "2023-11-14T22:13:20.123Z"}));
        assert_eq!(
            parse_cursor(def, Some(&st)).unwrap(),
            Some(1_700_000_000_123)
        );
        assert!(parse_cursor(def, Some(&json!({"modifiedTime": "soon"}))).is_err());
        assert_eq!(cursor_state(def, None), json!({}));
        let grandchild = streams::find("thread_attachments").unwrap();
        assert_eq!(state_field(grandchild), "modifiedTime");
        assert_eq!(
            state_field(streams::find("customer_happiness").unwrap()),
            "ratedTime"
        );
    }

    #[test]
    fn parent_rows_tell_their_child_count() {
        let raw: Box<RawValue> =
            serde_json::from_str(r#"{"id":"7","threadCount":"3","x":{"threadCount":"9"}}"#)
                .unwrap();
        let meta = parent_meta(&raw, None, None, Some("threadCount")).unwrap();
        assert_eq!((meta.id.as_deref(), meta.count), (Some("7"), Some(3)));
        let raw: Box<RawValue> = serde_json::from_str(r#"{"id":"7","threadCount":null}"#).unwrap();
        assert_eq!(
            parent_meta(&raw, None, None, Some("threadCount"))
                .unwrap()
                .count,
            None
        );
    }

    #[test]
    fn partition_states_fall_back_to_a_plain_cursor() {
        let plain = json!({"modifiedTime": "2024-01-01T00:00:00.000Z"});
        let part = ("departmentId", "7".to_string());
        let (sub, map) = split_state(Some(&plain), Some(&part));
        assert_eq!(sub, Some(plain.clone()));
        assert_eq!(map.map(|(_, cur)| cur), Some("7".to_string()));
        let parted = json!({"partitions": {"7": {"modifiedTime": "2024-02-01T00:00:00.000Z"}}});
        let (sub, _) = split_state(Some(&parted), Some(&part));
        assert_eq!(sub.unwrap()["modifiedTime"], "2024-02-01T00:00:00.000Z");
        let other = ("departmentId", "8".to_string());
        assert_eq!(split_state(Some(&parted), Some(&other)).0, None);
        assert_eq!(split_state(Some(&plain), None).0, Some(plain));
    }

    #[test]
    fn lineage_is_root_first() {
        let chain: Vec<&str> = lineage(streams::find("thread_attachments").unwrap())
            .iter()
            .map(|d| d.name)
            .collect();
        assert_eq!(chain, ["tickets", "threads", "thread_attachments"]);
    }
}
