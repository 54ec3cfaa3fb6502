//! Tombstones: deletes reach a dedup destination as Airbyte CDC deletions.
//!
//! A deletable stream (its table row names a `bin_module`) synced incrementally into an
//! `append_dedup` destination reads, after its own records, the recycle bin's rows of its
//! module deleted since the stream's bin cursor (newest first, inclusive at the cursor), and
//! emits each as `{<pk>: id, <cursor>: deletedTime, "_ab_cdc_deleted_at": deletedTime}`. The
//! cursor field gets the deletion time: a record cannot change after it is deleted, so the
//! tombstone sorts after every live version the destination holds, and a record restored and
//! edited later sorts after the tombstone.
//!
//! The bin cursor lives in the stream's own state as `deletedTime`, next to its cursor, and is
//! carried by every checkpoint of the stream ([`Extras`]): a sync that fails half-way keeps
//! the old one, so no delete is skipped. A first sync (no state) emits none (the destination
//! holds nothing yet) and starts the bin cursor at the sync's start (less the lookback
//! window, for clock skew). A state saved before
//! tombstones existed has no bin cursor: deletes since its record cursor are read.
//!
//! Limits: Zoho keeps deleted records in the bin for a limited time and an administrator can
//! empty it; a record purged before the next sync never gets a tombstone. Only a full refresh
//! (which drops rows that no longer exist) catches those.

use std::collections::HashMap;
use std::sync::Mutex;

use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::walk::{self, NewestFirst};
use super::{
    Checkpoint, Counter, Ctx, Sink, cursor_ms, no_cursor_state, parse_cursor, request_for, upsert,
};
use crate::error::{Error, Result};
use crate::protocol::{DestinationSyncMode, SyncMode};
use crate::streams::{self, StreamDef};
use crate::timefmt;

/// Airbyte's CDC deletion column: non-null marks a record the destination must drop.
pub const DELETED_AT: &str = "_ab_cdc_deleted_at";

/// The state key of the bin cursor: the newest deletion time already emitted.
const BIN_CURSOR: &str = "deletedTime";

/// Per stream: the members its checkpoints carry besides what its read saves, and the last
/// state its read saved.
type StreamExtras = (Map<String, Value>, Value);

/// State members a stream's checkpoints carry besides what its read saves (the bin cursor).
#[derive(Default)]
pub(super) struct Extras(Mutex<HashMap<String, StreamExtras>>);

impl Extras {
    fn set(&self, stream: &str, key: &str, value: Value) {
        let mut all = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let entry = all
            .entry(stream.to_string())
            .or_insert_with(|| (Map::new(), no_cursor_state()));
        entry.0.insert(key.to_string(), value);
    }

    /// The state to save: `value` plus the stream's extra members (none for most streams).
    pub(super) fn merge(&self, stream: &str, value: &Value) -> Value {
        let mut all = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let Some((extra, last)) = all.get_mut(stream) else {
            return value.clone();
        };
        *last = value.clone();
        let mut out = value.clone();
        if let Value::Object(map) = &mut out {
            // A bare no-cursor marker is not a cursor state: the extra members replace it.
            map.remove("__ab_no_cursor_state_message");
            for (k, v) in extra.iter() {
                map.insert(k.clone(), v.clone());
            }
        }
        out
    }

    fn last(&self, stream: &str) -> Value {
        let all = self.0.lock().unwrap_or_else(|p| p.into_inner());
        all.get(stream)
            .map_or_else(no_cursor_state, |(_, last)| last.clone())
    }
}

/// A stream's pending tombstone read: where the bin walk starts (`None`: first sync, none).
pub(super) struct Pending {
    def: &'static StreamDef,
    floor: Option<i64>,
}

/// Whether `def`, read in `mode` into `destination`, gets tombstones; if so, prepares its
/// checkpoints to carry the bin cursor. Called before the stream's read.
pub(super) fn prepare(
    ctx: &Ctx,
    def: &'static StreamDef,
    mode: SyncMode,
    destination: DestinationSyncMode,
    state: Option<&Value>,
) -> Result<Option<Pending>> {
    if def.bin_module.is_none()
        || mode != SyncMode::Incremental
        || destination != DestinationSyncMode::AppendDedup
    {
        return Ok(None);
    }
    let saved = match state
        .and_then(|s| s.get(BIN_CURSOR))
        .and_then(Value::as_str)
    {
        Some(text) => Some(timefmt::parse_user(text).ok_or_else(|| {
            Error::Config(format!(
                "The saved state of `{}` has an unreadable {BIN_CURSOR} \"{text}\"; reset the \
                 stream",
                def.name
            ))
        })?),
        // A state from before tombstones: deletes since the records' own cursor.
        None => parse_cursor(def, state)?,
    };
    // Nothing deleted before start_date was ever synced (it was not modified after it).
    let saved = match (saved, ctx.config.start_ms()) {
        (Some(c), Some(s)) => Some(c.max(s)),
        (c, _) => c,
    };
    // A first sync starts the bin cursor at the sync's start less the lookback window: a
    // Zoho clock behind ours cannot hide a delete made just after the start (a tombstone of a
    // record deleted a little before it deletes nothing).
    let lookback = i64::from(ctx.config.lookback_window) * 60_000;
    let start = saved.unwrap_or(ctx.sync_start_ms - lookback);
    ctx.extras.set(
        def.name,
        BIN_CURSOR,
        Value::String(timefmt::format_zoho(start)),
    );
    Ok(Some(Pending { def, floor: saved }))
}

impl Pending {
    /// Reads the bin down to the floor, emits the tombstones and saves the stream's last state
    /// with the new bin cursor. Called after the stream's read succeeded.
    pub(super) async fn emit(self, ctx: &Ctx, counter: &Counter) -> Result<()> {
        let def = self.def;
        let mut ck = Checkpoint::plain(ctx, def.name, counter);
        let Some(floor) = self.floor else {
            // First sync: its checkpoints already carry the bin cursor (see `prepare`).
            return Ok(());
        };
        let (bin, module) = match (streams::find("recycle_bin"), def.bin_module) {
            (Some(bin), Some(module)) => (bin, module),
            _ => return Ok(()),
        };
        let (path, mut query) = request_for(bin, &Vec::new());
        upsert(&mut query, "module", module.to_string());
        if let streams::Incremental::SortDescWalk { sort_by } = bin.incremental {
            upsert(&mut query, "sortBy", sort_by.to_string());
        }
        let mut walk = NewestFirst::new(bin, query, Some(floor));
        let sink = Sink::Tombstones { of: def, counter };
        walk::drive(
            ctx,
            bin,
            &path,
            bin.path,
            &mut walk,
            &Vec::new(),
            &sink,
            None,
        )
        .await
        .map_err(|f| match f.into_error() {
            Error::Forbidden { code, message } => Error::Forbidden {
                code,
                message: format!(
                    "tombstones for the append_dedup destination read the recycle bin, \
                         which needs the {} scope ({message}); add it, or sync to another \
                         destination mode",
                    bin.scope
                ),
            },
            other => other,
        })?;
        let newest = walk.newest.map_or(floor, |n| n.max(floor));
        ctx.extras.set(
            def.name,
            BIN_CURSOR,
            Value::String(timefmt::format_zoho(newest)),
        );
        ck.save(&ctx.extras.last(def.name))
    }
}

/// Whether a bin row's `type` (`"Tickets"`, or `["Tickets"]` as the OAS examples show) is
/// `module` (`tickets`). Without a `type` the `module` filter is trusted.
fn same_module(kind: Option<&Value>, module: &str) -> bool {
    let norm = |s: &str| s.to_ascii_lowercase().trim_end_matches('s').to_string();
    match kind {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => norm(s) == norm(module),
        Some(Value::Array(items)) => items
            .iter()
            .any(|i| i.as_str().is_some_and(|s| norm(s) == norm(module))),
        Some(_) => false,
    }
}

/// The tombstones of a page of bin rows for stream `of`: rows of other modules are skipped
/// (the `module` filter is deprecated; its absence must not delete other records).
pub(super) fn tombstones(of: &StreamDef, rows: &[&RawValue]) -> Result<Vec<String>> {
    let module = of.bin_module.unwrap_or_default();
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let bad = |what: &str| Error::Decode {
            request: "GET /api/v1/recycleBin".into(),
            message: format!("a recycle-bin row {what}: {}", row.get()),
        };
        let v: Map<String, Value> =
            serde_json::from_str(row.get()).map_err(|_| bad("is not an object"))?;
        if !same_module(v.get("type"), module) {
            continue;
        }
        let id = v
            .get("id")
            .and_then(|i| match i {
                Value::String(s) => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
            .ok_or_else(|| bad("has no id"))?;
        let deleted = v
            .get("deletedTime")
            .and_then(Value::as_str)
            .filter(|t| cursor_ms(t).is_some())
            .ok_or_else(|| bad("has no readable deletedTime"))?;
        let mut t = Map::new();
        for key in of.primary_key {
            t.insert((*key).to_string(), Value::String(id.clone()));
        }
        if let Some(cursor) = of.cursor_field() {
            t.insert(cursor.to_string(), Value::String(deleted.to_string()));
        }
        t.insert(DELETED_AT.to_string(), Value::String(deleted.to_string()));
        out.push(Value::Object(t).to_string());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(rows: &[&str]) -> Vec<Box<RawValue>> {
        rows.iter()
            .map(|r| RawValue::from_string((*r).to_string()).unwrap())
            .collect()
    }

    #[test]
    fn bin_rows_become_tombstones_of_their_own_module_only() {
        let tickets = streams::find("tickets").unwrap();
        let rows = raw(&[
            r#"{"id":"11","type":"Tickets","deletedTime":"2024-01-02T00:00:00.000Z"}"#,
            r#"{"id":"12","type":["Tickets"],"deletedTime":"2024-01-01T00:00:00.000Z"}"#,
            r#"{"id":"13","type":"Contacts","deletedTime":"2024-01-01T00:00:00.000Z"}"#,
        ]);
        let rows: Vec<&RawValue> = rows.iter().map(|r| r.as_ref()).collect();
        let out: Vec<Value> = tombstones(tickets, &rows)
            .unwrap()
            .iter()
            .map(|t| serde_json::from_str(t).unwrap())
            .collect();
        assert_eq!(out.len(), 2);
        assert_eq!(
            out[0],
            serde_json::json!({"id": "11", "modifiedTime": "2024-01-02T00:00:00.000Z",
                DELETED_AT: "2024-01-02T00:00:00.000Z"})
        );
        assert_eq!(out[1]["id"], "12");
        let broken = raw(&[r#"{"id":"14","type":"Tickets"}"#]);
        let broken: Vec<&RawValue> = broken.iter().map(|r| r.as_ref()).collect();
        assert!(
            tombstones(tickets, &broken).is_err(),
            "no deletedTime fails"
        );
    }

    /// A tombstone carries the bin id under every primary-key field: that is only right for
    /// streams keyed by their own `id`, and the bin stream must exist to be walked.
    #[test]
    fn deletable_streams_are_keyed_by_id_and_have_a_bin() {
        assert!(streams::find("recycle_bin").is_some());
        let deletable: Vec<_> = streams::STREAMS
            .iter()
            .filter(|d| d.bin_module.is_some())
            .collect();
        assert_eq!(deletable.len(), 8);
        for d in deletable {
            assert_eq!(d.primary_key, ["id"], "{}", d.name);
            assert!(d.parent.is_none(), "{}: a child has no bin module", d.name);
        }
    }

    #[test]
    fn checkpoints_carry_the_bin_cursor_and_keep_the_last_state() {
        let extras = Extras::default();
        let plain = serde_json::json!({"modifiedTime": "2024-01-01T00:00:00.000Z"});
        assert_eq!(
            extras.merge("tickets", &plain),
            plain,
            "no extras: unchanged"
        );
        extras.set("tickets", BIN_CURSOR, Value::String("T".into()));
        let merged = extras.merge("tickets", &plain);
        assert_eq!(merged["deletedTime"], "T");
        assert_eq!(merged["modifiedTime"], plain["modifiedTime"]);
        assert_eq!(extras.last("tickets"), plain);
        let marker = extras.merge("tickets", &no_cursor_state());
        assert_eq!(marker, serde_json::json!({"deletedTime": "T"}));
    }
}
