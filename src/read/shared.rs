//! One root walk for every selected stream on that root, pipelined into its fan-out.
//!
//! Selected streams whose lineage starts at the same root (tickets and its children) are read
//! as one group: the root is walked once, from the oldest need of its members, and every page
//! feeds a tree of child calls. Levels and endpoints are shared: threads feed both `threads`
//! and `thread_attachments`, and streams on one endpoint for the same parent share one call.
//! Each row carries a bit mask of the members that want it (a child of changed parents only
//! wants the parents its own cursor asks for), so every member gets exactly the rows it would
//! have read alone, keeps its own checkpoints and fails alone; a root error fails them all.
//!
//! The walk runs ahead of the fan-out through a channel bounded by [`PAGES_IN_FLIGHT`]: the
//! next root page is fetched while the current ones' children are read, and the children of
//! two pages overlap so no wave of child calls waits for the slowest call of the last one.
//! Checkpoints travel through the same channel, after their page, and are written only once
//! every page before them is fully read, so a kill at any point resumes without loss.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use futures_util::stream::{self, StreamExt};
use serde_json::Value;
use serde_json::value::RawValue;
use tokio::sync::{OwnedSemaphorePermit, Semaphore, mpsc};

use super::{
    Ancestors, Checkpoint, Counter, Ctx, Sink, StreamOutcome, cursor_ms, cursor_state, emit,
    finish, no_cursor_state, page_rows, parent_meta, parse_cursor, partitions, read_endpoint,
    read_root, row_meta, split_state, start_from,
};
use crate::error::{Error, Result};
use crate::protocol::{ConfiguredStream, StreamStatus, SyncMode, now_ms};
use crate::streams::{self, Departments, Incremental, Paging, Parent, StreamDef};
use crate::timefmt;

/// Root pages whose children are read at the same time; one more page waits fetched.
pub(super) const PAGES_IN_FLIGHT: usize = 2;

/// Most members of one group: a row's members are the bits of a `u64`.
pub(super) const MAX_MEMBERS: usize = 64;

/// What the root walk hands the fan-out: a page of root rows, or a root-level checkpoint.
pub(super) enum Piped {
    Page(Vec<Box<RawValue>>, OwnedSemaphorePermit),
    Save(Value),
}

/// The root walk's end of the channel.
pub(super) struct Pipe<'g> {
    pub tx: mpsc::UnboundedSender<Piped>,
    permits: Arc<Semaphore>,
    group: &'g Group,
    active: u64,
}

impl Pipe<'_> {
    pub(super) async fn send(&self, rows: &[&RawValue]) -> Result<()> {
        let closed = || Error::Decode {
            request: "shared root walk".into(),
            message: "every stream reading this root has stopped".into(),
        };
        if self.group.live() & self.active == 0 {
            return Err(closed());
        }
        let permit = self
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| closed())?;
        let mut owned = Vec::with_capacity(rows.len());
        for row in rows {
            owned.push(
                RawValue::from_string(row.get().to_owned()).map_err(|e| Error::Decode {
                    request: "shared root walk".into(),
                    message: format!("a row could not be kept: {e}"),
                })?,
            );
        }
        self.tx
            .send(Piped::Page(owned, permit))
            .map_err(|_| closed())
    }
}

/// How a member stands to the root walk.
enum Kind {
    /// Follows the root walk in its root mode: the root itself, a child of changed parents, or
    /// a full-refresh child (which wants every parent).
    Follow,
    /// A per-parent range child: every parent, with its own range on each child call.
    Range { lower: i64 },
}

struct Member {
    def: &'static StreamDef,
    /// How the root is walked for this member alone.
    root_mode: SyncMode,
    state: Option<Value>,
    counter: Counter,
    kind: Kind,
}

/// The members of one shared root walk and the tree of calls their rows come from.
pub(super) struct Group {
    root: &'static StreamDef,
    members: Vec<Member>,
    /// The member that is the root stream itself, when it is selected.
    root_member: Option<usize>,
    top: Vec<Node>,
    live: AtomicU64,
    errors: Mutex<Vec<Option<Error>>>,
}

impl Group {
    fn live(&self) -> u64 {
        self.live.load(Ordering::Acquire)
    }

    /// Fails the live members in `mask` with `e` (each keeps its first error).
    fn fail(&self, mask: u64, e: Error) {
        let hit = mask & self.live.fetch_and(!mask, Ordering::AcqRel);
        let mut errors = self.errors.lock().unwrap_or_else(|p| p.into_inner());
        let ks: Vec<usize> = bits(hit)
            .filter(|k| errors.get(*k).is_some_and(Option::is_none))
            .collect();
        for k in ks.iter().skip(1) {
            errors[*k] = Some(copy_error(&e));
        }
        if let Some(k) = ks.first() {
            errors[*k] = Some(e);
        }
    }
}

fn bit(k: usize) -> u64 {
    1u64 << k
}

/// The same error for another member (errors own their I/O cause, so they are not `Clone`).
fn copy_error(e: &Error) -> Error {
    match e {
        Error::Config(s) => Error::Config(s.clone()),
        Error::Auth(s) => Error::Auth(s.clone()),
        Error::TokenThrottled(s) => Error::TokenThrottled(s.clone()),
        Error::Forbidden { code, message } => Error::Forbidden {
            code: code.clone(),
            message: message.clone(),
        },
        Error::CreditsExhausted { retry_after_secs } => Error::CreditsExhausted {
            retry_after_secs: *retry_after_secs,
        },
        Error::CreditReserve {
            remaining,
            reserve,
            reset,
        } => Error::CreditReserve {
            remaining: *remaining,
            reserve: *reserve,
            reset: reset.clone(),
        },
        Error::RetryLater {
            code,
            request,
            retry_after_secs,
            cap_secs,
        } => Error::RetryLater {
            code: code.clone(),
            request: request.clone(),
            retry_after_secs: *retry_after_secs,
            cap_secs: *cap_secs,
        },
        Error::Http {
            status,
            code,
            message,
            request,
            transient,
        } => Error::Http {
            status: *status,
            code: code.clone(),
            message: message.clone(),
            request: request.clone(),
            transient: *transient,
        },
        Error::Transport { request, message } => Error::Transport {
            request: request.clone(),
            message: message.clone(),
        },
        Error::Decode { request, message } => Error::Decode {
            request: request.clone(),
            message: message.clone(),
        },
        Error::Io(io) => Error::Io(std::io::Error::new(io.kind(), io.to_string())),
    }
}

/// One child call per parent row, shared by the streams (entries) it feeds.
pub(super) struct Node {
    path: &'static str,
    params: &'static [(&'static str, &'static str)],
    paging: Paging,
    first_from: u32,
    /// Extra query parameters of every call (a per-parent range window).
    extra: Vec<(&'static str, String)>,
    /// The stream whose wrapper splits the answer: the whole-object one where wrappers differ.
    primary: &'static StreamDef,
    entries: Vec<Entry>,
}

/// A stream read at a node: emitted for its member, and/or the parents of the next level.
struct Entry {
    def: &'static StreamDef,
    /// Members at or below this entry.
    mask: u64,
    emit: Option<usize>,
    children: Vec<Node>,
}

impl Node {
    /// Whether `def`'s call for a parent is this node's call, and its rows can be told apart.
    fn takes(&self, def: &StreamDef, extra: &[(&'static str, String)]) -> bool {
        let same_call = self.path == def.path
            && self.params == def.params
            && self.paging == def.paging
            && self.first_from == def.first_from
            && self.extra.as_slice() == extra;
        let unpaged = self.paging == Paging::None;
        same_call
            && (self.primary.wrapper == def.wrapper
                || (unpaged && (def.wrapper.is_empty() || self.primary.wrapper.is_empty())))
    }
}

/// Adds member `k` (lineage below the root: `chain`) to the tree.
fn insert(
    nodes: &mut Vec<Node>,
    chain: &[&'static StreamDef],
    extra_last: &[(&'static str, String)],
    k: usize,
) {
    let Some((&def, rest)) = chain.split_first() else {
        return;
    };
    let extra = if rest.is_empty() {
        extra_last.to_vec()
    } else {
        Vec::new()
    };
    let at = match nodes.iter().position(|n| n.takes(def, &extra)) {
        Some(i) => i,
        None => {
            nodes.push(Node {
                path: def.path,
                params: def.params,
                paging: def.paging,
                first_from: def.first_from,
                extra,
                primary: def,
                entries: Vec::new(),
            });
            nodes.len() - 1
        }
    };
    let node = &mut nodes[at];
    if def.wrapper.is_empty() {
        node.primary = def;
    }
    let e = match node.entries.iter().position(|e| std::ptr::eq(e.def, def)) {
        Some(i) => i,
        None => {
            node.entries.push(Entry {
                def,
                mask: 0,
                emit: None,
                children: Vec::new(),
            });
            node.entries.len() - 1
        }
    };
    let entry = &mut node.entries[e];
    entry.mask |= bit(k);
    if rest.is_empty() {
        entry.emit = Some(k);
    } else {
        insert(&mut entry.children, rest, extra_last, k);
    }
}

/// The key of the group a configured stream joins (`None`: a fixed-values stream, read
/// alone). Members walk apart by mode where the root's strategy differs by mode in more than
/// its lower bound: a `/search` root falls back to its list in full refresh only, an epoch
/// window reads a plain list in full refresh.
pub(super) fn group_key(
    configured: &ConfiguredStream,
) -> Option<(&'static StreamDef, Option<SyncMode>)> {
    let def = streams::find(&configured.stream.name)?;
    if matches!(def.parent, Some(Parent::Values { .. })) {
        return None;
    }
    let root = super::lineage(def)[0];
    let mode = effective_mode(def, configured.sync_mode);
    let by_mode = match root.incremental {
        Incremental::SearchRange { path, .. } if path.ends_with("/search") => true,
        Incremental::SearchRange { .. } | Incremental::SortDescWalk { .. } | Incremental::None => {
            false
        }
        _ => true,
    };
    Some((root, by_mode.then(|| root_mode(def, root, mode))))
}

fn effective_mode(def: &StreamDef, mode: SyncMode) -> SyncMode {
    if mode == SyncMode::Incremental && !def.supports_incremental() {
        SyncMode::FullRefresh
    } else {
        mode
    }
}

/// The root is read incrementally when `def` is (itself, or as a child of changed parents).
fn root_mode(def: &StreamDef, root: &StreamDef, mode: SyncMode) -> SyncMode {
    if std::ptr::eq(root, def) || def.incremental == Incremental::ChildOfChanged {
        mode
    } else {
        SyncMode::FullRefresh
    }
}

/// Whether a group holds more than its root: only then is it read as a group.
pub(super) fn has_children(members: &[(ConfiguredStream, Option<Value>)]) -> bool {
    members
        .iter()
        .any(|(c, _)| streams::find(&c.stream.name).is_some_and(|d| d.parent_stream().is_some()))
}

/// Reads the members of one group (at most 64; more are split by the caller) from start to
/// final status, each with its own STARTED/RUNNING/COMPLETE or INCOMPLETE.
pub(super) async fn run_group(
    ctx: Arc<Ctx>,
    root: &'static StreamDef,
    members: Vec<(ConfiguredStream, Option<Value>)>,
) -> Vec<(String, StreamOutcome)> {
    let ctx = ctx.as_ref();
    let em = &ctx.emitter;
    let mut group = Group {
        root,
        members: Vec::new(),
        root_member: None,
        top: Vec::new(),
        live: AtomicU64::new(0),
        errors: Mutex::new(Vec::new()),
    };
    let mut done = 0u64;
    // The root's deletions since its last sync, emitted after its walk (dedup destinations).
    let mut tombstones = None;
    for (k, (configured, state)) in members.iter().enumerate() {
        let name = &configured.stream.name;
        let _ = em.stream_status(name, StreamStatus::Started, None);
        let _ = em.stream_status(name, StreamStatus::Running, None);
        let Some(def) = streams::find(name) else {
            continue; // grouped streams are known (see group_key)
        };
        if configured.sync_mode == SyncMode::Incremental && !def.supports_incremental() {
            tracing::warn!("stream {name} supports only full refresh; reading it in full refresh");
        }
        let mode = effective_mode(def, configured.sync_mode);
        let mut kind = Kind::Follow;
        let mut extra = Vec::new();
        let mut failed = None;
        if let (SyncMode::Incremental, Incremental::ParentRange { range_param }) =
            (mode, def.incremental)
        {
            match parse_cursor(def, state.as_ref()) {
                Err(e) => failed = Some(e),
                Ok(saved) => {
                    let lower = match (saved, ctx.config.start_ms()) {
                        (Some(c), Some(s)) => c.max(s),
                        (c, s) => c.or(s).unwrap_or(0),
                    };
                    if lower > ctx.sync_start_ms {
                        // A cursor from the future: nothing can be newer; keep the state.
                        done |= bit(k);
                    }
                    // 1 ms below the cursor: the range holds whether Zoho's bounds are
                    // inclusive or not.
                    extra.push((
                        range_param,
                        format!(
                            "{},{}",
                            timefmt::format_zoho((lower - 1).max(0)),
                            timefmt::format_zoho(ctx.sync_start_ms)
                        ),
                    ));
                    kind = Kind::Range { lower };
                }
            }
        }
        if std::ptr::eq(def, root) {
            group.root_member = Some(k);
            let destination = configured.destination_sync_mode;
            match super::tombstones::prepare(ctx, def, mode, destination, state.as_ref()) {
                Ok(pending) => tombstones = pending.map(|p| (k, p)),
                Err(e) => failed = Some(e),
            }
        } else {
            insert(&mut group.top, &super::lineage(def)[1..], &extra, k);
        }
        group.members.push(Member {
            def,
            root_mode: root_mode(def, root, mode),
            state: state.clone(),
            counter: Counter::default(),
            kind,
        });
        group
            .errors
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(failed);
    }
    let errored: u64 = {
        let errors = group.errors.lock().unwrap_or_else(|p| p.into_inner());
        errors
            .iter()
            .enumerate()
            .filter(|(_, e)| e.is_some())
            .fold(0, |m, (k, _)| m | bit(k))
    };
    let all = if group.members.len() >= MAX_MEMBERS {
        u64::MAX
    } else {
        bit(group.members.len()) - 1
    };
    group.live.store(all & !errored, Ordering::Release);
    for k in bits(done & group.live()) {
        let m = &group.members[k];
        if let Kind::Range { lower } = m.kind {
            let mut ck = member_checkpoint(ctx, m, None);
            if let Err(e) = ck.save(&cursor_state(m.def, Some(lower))) {
                group.fail(bit(k), e);
            }
        }
    }
    read_group(ctx, &group, group.live() & !done).await;
    if let Some((k, pending)) = tombstones.filter(|(k, _)| group.live() & bit(*k) != 0)
        && let Err(e) = pending.emit(ctx, &group.members[k].counter).await
    {
        group.fail(bit(k), e);
    }
    let mut errors = std::mem::take(&mut *group.errors.lock().unwrap_or_else(|p| p.into_inner()));
    group
        .members
        .iter()
        .zip(members.iter())
        .enumerate()
        .map(|(k, (m, (configured, _)))| {
            let name = configured.stream.name.clone();
            let result = match errors.get_mut(k).and_then(Option::take) {
                Some(e) => Err(e),
                None => Ok(()),
            };
            let outcome = finish(ctx, &name, &m.counter, result);
            (name, outcome)
        })
        .collect()
}

fn bits(mask: u64) -> impl Iterator<Item = usize> {
    (0..MAX_MEMBERS).filter(move |k| mask & bit(*k) != 0)
}

fn member_checkpoint<'a>(
    ctx: &'a Ctx,
    m: &'a Member,
    partitions: super::Partitions,
) -> Checkpoint<'a> {
    Checkpoint {
        ctx,
        name: m.def.name,
        counter: &m.counter,
        partitions,
        page_state: no_cursor_state(),
        pipe: None,
    }
}

/// The lower bound of the root rows member `def` wants in an incremental root walk: its
/// cursor (less the lookback on search-indexed roots, never below start_date).
fn own_lower(
    ctx: &Ctx,
    root: &StreamDef,
    def: &StreamDef,
    sub: Option<&Value>,
) -> Result<Option<i64>> {
    let from = start_from(ctx, def, sub)?;
    Ok(match root.incremental {
        Incremental::SearchRange { path, .. } if path.ends_with("/search") => {
            let lookback = i64::from(ctx.config.lookback_window) * 60_000;
            from.map(|c| (c - lookback).max(ctx.config.start_ms().unwrap_or(0)))
        }
        _ => from,
    })
}

/// One shared walk per partition of the root.
async fn read_group(ctx: &Ctx, g: &Group, members: u64) {
    let root = g.root;
    // Per member, the sub-states the departments read so far saved: each next department's
    // checkpoints carry them, or the last one's states would drop the earlier ones' progress.
    let mut carried: Vec<BTreeMap<String, Value>> = vec![BTreeMap::new(); g.members.len()];
    for partition in partitions(ctx, root) {
        let mut active = members & g.live();
        if active == 0 {
            return;
        }
        let mut cks: Vec<Option<Checkpoint<'_>>> = Vec::new();
        let mut starts = Vec::new();
        let mut lowers = Vec::new();
        let mut group_cursor: Option<Option<i64>> = None;
        let mut incremental = true;
        for (k, m) in g.members.iter().enumerate() {
            let own = m.root_mode == SyncMode::Incremental;
            let (sub, mut parts) = split_state(
                if own { m.state.as_ref() } else { None },
                partition.as_ref(),
            );
            if let Some((map, _)) = &mut parts {
                map.extend(carried[k].clone());
            }
            starts.push(None);
            lowers.push(None);
            cks.push(None);
            if active & bit(k) == 0 {
                continue;
            }
            let mut ck = member_checkpoint(ctx, m, parts);
            if own {
                let read = start_from(ctx, m.def, sub.as_ref())
                    .and_then(|s| Ok((s, own_lower(ctx, root, m.def, sub.as_ref())?)))
                    .and_then(|st| Ok((st, parse_cursor(m.def, sub.as_ref())?)));
                let ((start, lower), saved) = match read {
                    Ok(v) => v,
                    Err(e) => {
                        g.fail(bit(k), e);
                        active &= !bit(k);
                        continue;
                    }
                };
                let search_root = matches!(root.incremental, Incremental::SearchRange { .. });
                if search_root && start.is_some_and(|c| c > now_ms()) {
                    // A state from the future: nothing can be newer. Keep it as it is.
                    if let Err(e) = ck.save(&cursor_state(m.def, start)) {
                        g.fail(bit(k), e);
                    }
                    active &= !bit(k);
                    continue;
                }
                starts[k] = start;
                lowers[k] = lower;
                group_cursor = Some(match group_cursor {
                    None => saved,
                    Some(c) => c.zip(saved).map(|(a, b)| a.min(b)),
                });
            } else {
                incremental = false;
            }
            cks[k] = Some(ck);
        }
        if active == 0 {
            continue;
        }
        let (mode, group_state) = if incremental {
            (
                SyncMode::Incremental,
                group_cursor.flatten().map(|c| cursor_state(root, Some(c))),
            )
        } else {
            (SyncMode::FullRefresh, None)
        };
        let (tx, mut rx) = mpsc::unbounded_channel();
        let walk = async {
            let pipe = Pipe {
                tx,
                permits: Arc::new(Semaphore::new(PAGES_IN_FLIGHT + 1)),
                group: g,
                active,
            };
            let mut ck = Checkpoint {
                ctx,
                name: root.name,
                counter: &g.members[0].counter,
                partitions: None,
                page_state: no_cursor_state(),
                pipe: Some(&pipe.tx),
            };
            let part = partition.as_ref().map(|(p, v)| (*p, v.clone()));
            let sink = Sink::Pipe(&pipe);
            let result =
                read_root(ctx, root, mode, group_state.as_ref(), part, &sink, &mut ck).await;
            if let Err(e) = result {
                g.fail(active, e);
            }
        };
        let lowers = &lowers;
        let fan = async {
            let msgs = stream::poll_fn(|cx| rx.poll_recv(cx));
            // A page and its checkpoint are two messages: room for PAGES_IN_FLIGHT pages.
            let mut outs = msgs
                .map(|msg| async move {
                    match msg {
                        Piped::Page(rows, permit) => {
                            root_page(ctx, g, lowers, active, &rows).await;
                            drop(permit);
                            None
                        }
                        Piped::Save(state) => Some(state),
                    }
                })
                .buffered(2 * PAGES_IN_FLIGHT + 2);
            while let Some(out) = outs.next().await {
                let Some(state) = out else { continue };
                for k in bits(active & g.live()) {
                    let m = &g.members[k];
                    let value = member_state(root, m, &state, starts[k]);
                    if let Some(ck) = cks[k].as_mut()
                        && let Err(e) = ck.save(&value)
                    {
                        g.fail(bit(k), e);
                    }
                }
            }
            cks
        };
        let ((), mut cks) = tokio::join!(walk, fan);
        // Every parent's range ran up to the sync start: that is the new cursor.
        for k in bits(active & g.live()) {
            let m = &g.members[k];
            if let (Kind::Range { .. }, Some(ck)) = (&m.kind, cks[k].as_mut())
                && let Err(e) = ck.save(&cursor_state(m.def, Some(ctx.sync_start_ms)))
            {
                g.fail(bit(k), e);
            }
        }
        for (k, ck) in cks.iter_mut().enumerate() {
            if let Some((map, _)) = ck.as_mut().and_then(|c| c.partitions.take()) {
                carried[k] = map;
            }
        }
    }
}

/// What member `m` checkpoints for the root walk's checkpoint `state`.
fn member_state(root: &StreamDef, m: &Member, state: &Value, start: Option<i64>) -> Value {
    match m.kind {
        Kind::Range { lower } => cursor_state(m.def, Some(lower)),
        Kind::Follow if m.root_mode == SyncMode::Incremental => {
            if state.get("__ab_no_cursor_state_message").is_some() {
                return state.clone();
            }
            // The shared walk may start below this member's cursor: it never moves back.
            let at = parse_cursor(root, Some(state)).ok().flatten();
            cursor_state(m.def, at.max(start))
        }
        Kind::Follow => state.clone(),
    }
}

/// A page of root rows: emitted for the root member, and fanned out to the members that want
/// each row (an incremental member wants rows at or above its own lower bound).
async fn root_page(
    ctx: &Ctx,
    g: &Group,
    lowers: &[Option<i64>],
    active: u64,
    rows: &[Box<RawValue>],
) {
    let live = g.live() & active;
    if live == 0 {
        return;
    }
    let refs: Vec<&RawValue> = rows.iter().map(|b| b.as_ref()).collect();
    let mut masks = Vec::with_capacity(refs.len());
    let filtered = lowers.iter().any(Option::is_some);
    for row in &refs {
        let mut mask = live;
        if filtered {
            let meta = match row_meta(row, g.root.cursor, None, "root row") {
                Ok(meta) => meta,
                Err(e) => return g.fail(live, e),
            };
            // A row without a readable cursor cannot be placed: every member gets it.
            if let Some(t) = meta.cursor.as_deref().and_then(cursor_ms) {
                for (k, lower) in lowers.iter().enumerate() {
                    if lower.is_some_and(|l| t < l) {
                        mask &= !bit(k);
                    }
                }
            }
        }
        masks.push(mask);
    }
    if let Some(r) = g.root_member.filter(|r| live & bit(*r) != 0) {
        let own: Vec<&RawValue> = refs
            .iter()
            .zip(&masks)
            .filter(|(_, m)| *m & bit(r) != 0)
            .map(|(row, _)| *row)
            .collect();
        match emit(ctx, g.root, &own, &Vec::new()).await {
            Ok(n) => g.members[r].counter.add(n),
            Err(e) => g.fail(bit(r), e),
        }
    }
    fan_out(ctx, g, &g.top, &refs, &masks, &Vec::new()).await;
}

/// One call per parent row and node, for the members of that row the node feeds; a call's
/// failure fails exactly those members.
fn fan_out<'a>(
    ctx: &'a Ctx,
    g: &'a Group,
    nodes: &'a [Node],
    rows: &'a [&'a RawValue],
    masks: &'a [u64],
    anc: &'a Ancestors,
) -> super::BoxFuture<'a, ()> {
    Box::pin(async move {
        let mut calls = Vec::new();
        for (row, &mask) in rows.iter().zip(masks) {
            for node in nodes {
                match node_call(ctx, node, row, mask & g.live(), anc) {
                    Ok(Some((a, count, call))) => calls.push((node, a, count, call)),
                    Ok(None) => {}
                    Err((m, e)) => g.fail(m, e),
                }
            }
        }
        stream::iter(calls)
            .for_each_concurrent(ctx.fan_out(), |(node, a, count, mask)| async move {
                if mask & g.live() == 0 {
                    return;
                }
                let sink = Sink::Tree {
                    node,
                    group: g,
                    mask,
                };
                let def = node.primary;
                if let Err(e) = read_endpoint(ctx, def, &a, &node.extra, &sink, false, count).await
                {
                    g.fail(mask, e);
                }
            })
            .await;
    })
}

type Call = (Ancestors, Option<u64>, u64);

/// The call of `node` for one parent row: its ancestors, the parent's count of the rows and
/// the members it feeds (`None`: no member wants it).
fn node_call(
    ctx: &Ctx,
    node: &Node,
    row: &RawValue,
    mask: u64,
    anc: &Ancestors,
) -> std::result::Result<Option<Call>, (u64, Error)> {
    let mut call = 0u64;
    let mut counts = Vec::new();
    let mut ancestors = None;
    for e in &node.entries {
        let m = mask & e.mask;
        if m == 0 {
            continue;
        }
        let Some(Parent::Stream {
            placeholder,
            only_if_nonzero,
            count_field,
            ..
        }) = e.def.parent
        else {
            continue;
        };
        // A root's cursor value travels down to the rows of its children of changed parents
        // (ahead of the id, which stays the last ancestor).
        let carried = e
            .def
            .parent_stream()
            .and_then(|p| p.cursor_in_children.zip(p.cursor));
        let meta = parent_meta(row, carried.map(|c| c.1), only_if_nonzero, count_field)
            .map_err(|err| (m, err))?;
        if only_if_nonzero.is_some() && !meta.probe_nonzero() {
            continue;
        }
        let Some(id) = meta.id else { continue };
        let departments = match e.def.departments {
            Departments::Parents => ctx.config.departments(),
            _ => None,
        };
        if departments.is_some_and(|ids| !ids.contains(&id)) {
            continue;
        }
        if ancestors.is_none() {
            let mut a = anc.clone();
            if let (Some((key, _)), Some(value)) = (carried, meta.cursor) {
                a.push((key, value));
            }
            a.push((placeholder, id));
            ancestors = Some(a);
        }
        counts.push(count_field.and(meta.count));
        call |= m;
    }
    let Some(a) = ancestors else {
        return Ok(None);
    };
    // The parent's count completes a list only when every stream on the call counts alike.
    let count = match counts.split_first() {
        Some((first, rest)) if rest.iter().all(|c| c == first) => *first,
        _ => None,
    };
    Ok(Some((a, count, call)))
}

/// A page of a node's call: each entry takes its own rows (its own wrapper), emits them for
/// its member and feeds its children. Failures are the members' own, never the call's.
pub(super) async fn tree_page(
    ctx: &Ctx,
    node: &Node,
    g: &Group,
    mask: u64,
    rows: &[&RawValue],
    anc: &Ancestors,
) -> Result<()> {
    for e in &node.entries {
        let m = mask & e.mask & g.live();
        if m == 0 {
            continue;
        }
        let own: Vec<&RawValue> = if e.def.wrapper == node.primary.wrapper {
            rows.to_vec()
        } else {
            let request = format!("GET /api/v1{}", e.def.path);
            let mut split = Vec::new();
            for row in rows {
                match page_rows(row.get().as_bytes(), e.def.wrapper, &request) {
                    Ok(r) => split.extend(r),
                    Err(err) => {
                        g.fail(m, err);
                        break;
                    }
                }
            }
            if m & g.live() == 0 {
                continue;
            }
            split
        };
        if let Some(k) = e.emit.filter(|k| m & bit(*k) != 0) {
            match emit(ctx, e.def, &own, anc).await {
                Ok(n) => g.members[k].counter.add(n),
                Err(err) => g.fail(bit(k), err),
            }
        }
        if !e.children.is_empty() {
            let masks = vec![m; own.len()];
            fan_out(ctx, g, &e.children, &own, &masks, anc).await;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def(name: &str) -> &'static StreamDef {
        streams::find(name).unwrap()
    }

    fn chain(name: &str) -> Vec<&'static StreamDef> {
        super::super::lineage(def(name))[1..].to_vec()
    }

    fn configured(name: &str, mode: &str) -> ConfiguredStream {
        serde_json::from_value(serde_json::json!({
            "stream": {"name": name},
            "sync_mode": mode,
            "destination_sync_mode": "append"
        }))
        .unwrap()
    }

    #[test]
    fn streams_share_a_walk_where_their_root_reads_alike() {
        let key = |name, mode| group_key(&configured(name, mode)).map(|(r, m)| (r.name, m));
        let inc = Some(("tickets", Some(SyncMode::Incremental)));
        assert_eq!(key("tickets", "incremental"), inc);
        assert_eq!(key("thread_attachments", "incremental"), inc);
        // A /search root falls back to its list in full refresh only: the modes walk apart.
        assert_ne!(key("threads", "full_refresh"), inc);
        // A newest-first root reads alike in both modes, only from another floor.
        assert_eq!(key("articles", "full_refresh"), Some(("articles", None)));
        assert_eq!(
            key("article_comments", "incremental"),
            Some(("articles", None))
        );
        assert_eq!(key("not_a_stream", "full_refresh"), None);
    }

    #[test]
    fn children_of_one_root_share_its_levels() {
        let mut top = Vec::new();
        insert(&mut top, &chain("threads"), &[], 0);
        insert(&mut top, &chain("thread_attachments"), &[], 1);
        insert(&mut top, &chain("ticket_comments"), &[], 2);
        assert_eq!(top.len(), 2, "threads and comments: two calls per ticket");
        let threads = &top[0];
        assert_eq!(threads.entries.len(), 1);
        assert_eq!(threads.entries[0].mask, 0b11, "threads feed both streams");
        assert_eq!(threads.entries[0].emit, Some(0));
        assert_eq!(threads.entries[0].children.len(), 1);
        assert_eq!(threads.entries[0].children[0].entries[0].emit, Some(1));
    }

    #[test]
    fn one_endpoint_for_one_parent_is_one_call_when_rows_can_be_told_apart() {
        let mut top = Vec::new();
        // tickets_extended (whole object) and a stream on the same unpaged detail call.
        let ext = def("tickets_extended");
        let other = StreamDef {
            name: "ticket_detail_list",
            wrapper: "list",
            ..*ext
        };
        let other: &'static StreamDef = Box::leak(Box::new(other));
        insert(&mut top, &[other], &[], 0);
        insert(&mut top, &[ext], &[], 1);
        assert_eq!(top.len(), 1, "one call feeds both");
        assert!(
            std::ptr::eq(top[0].primary, ext),
            "split by the whole object"
        );
        // A paged list with another wrapper cannot share a call: its pages differ.
        let comments = def("ticket_comments");
        let paged = StreamDef {
            name: "x",
            wrapper: "other",
            ..*comments
        };
        let paged: &'static StreamDef = Box::leak(Box::new(paged));
        insert(&mut top, &[comments], &[], 2);
        insert(&mut top, &[paged], &[], 3);
        assert_eq!(top.len(), 3);
    }

    #[test]
    fn a_failure_fails_only_its_members_and_each_keeps_an_error() {
        let g = Group {
            root: def("tickets"),
            members: Vec::new(),
            root_member: None,
            top: Vec::new(),
            live: AtomicU64::new(0b111),
            errors: Mutex::new(vec![None, None, None]),
        };
        g.fail(0b110, Error::Config("x".into()));
        assert_eq!(g.live(), 0b001);
        g.fail(0b011, Error::Config("y".into()));
        assert_eq!(g.live(), 0);
        let errors = g.errors.lock().unwrap();
        let texts: Vec<String> = errors
            .iter()
            .map(|e| e.as_ref().unwrap().to_string())
            .collect();
        assert_eq!(texts, ["y", "x", "x"]);
    }

    #[test]
    fn a_member_state_never_moves_below_its_own_cursor() {
        let root = def("tickets");
        let m = Member {
            def: def("threads"),
            root_mode: SyncMode::Incremental,
            state: None,
            counter: Counter::default(),
            kind: Kind::Follow,
        };
        let low = cursor_state(root, Some(1_000));
        assert_eq!(
            member_state(root, &m, &low, Some(5_000)),
            cursor_state(m.def, Some(5_000))
        );
        let high = cursor_state(root, Some(9_000));
        assert_eq!(
            member_state(root, &m, &high, Some(5_000)),
            cursor_state(m.def, Some(9_000))
        );
        let full = Member {
            root_mode: SyncMode::FullRefresh,
            ..m
        };
        assert_eq!(member_state(root, &full, &low, None), low);
    }
}
