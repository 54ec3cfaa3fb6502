//! Split search walks. One keyset walk has one request in flight, so a large range read alone
//! waits `pages × latency` whatever concurrency Zoho allows. Here the range is cut into slices
//! by cursor value, each walked by its own [`SearchWalk`] (own keyset cursor, offsets staying
//! small) through the one pager, concurrently, and checkpointed together.
//!
//! - Where the rows are: the first page of the whole range (the probe) tells the oldest cursor
//!   and how dense rows are there, which sets the number of slices (about five pages each at
//!   least, so the slices' extra pages stay within a tenth of one walk). Whenever a slice ends,
//!   the slice with the most rows estimated left gives away the upper half of what it has left.
//! - Exact: slice `k` keeps rows in `[lo, hi)` and ends on the first row at `hi` or above (its
//!   query reaches past now, sorted by the cursor, so that row proves the slice is read); the
//!   next slice starts at `hi`, inclusive. A row edited during the sync gets a cursor above
//!   every bound and lands in the top slice, which has no `hi`, ends only on an empty page, and
//!   is walked once more after every other slice ended, so rows moved meanwhile are read.
//! - Resumable: the state holds every slice (`from`, `to`, `cursor`, `done`) next to the plain
//!   cursor, which is the lowest position of an unfinished slice, so a version that knows no
//!   slices resumes without a gap; a state without slices is a single range to split again.

use std::sync::Mutex;

use futures_util::stream::{FuturesUnordered, StreamExt};
use serde_json::Value;
use serde_json::value::RawValue;

use super::walk::{self, Failure, PageAsk, SearchWalk, Walk};
use super::{
    BoxFuture, Checkpoint, Ctx, Sink, cursor_ms, cursor_state, fetch_rows, page_rows, row_meta,
};
use crate::error::Result;
use crate::streams::StreamDef;
use crate::timefmt;

/// Fewest pages a slice is planned to hold: each slice costs about half a page more than its
/// rows (its last page reaches into the next slice), so five keep the total within 1.10×.
const PAGES_PER_SLICE: u64 = 5;

/// A slice gives away half of what it has left only if that is at least this many pages: a
/// split costs about a page (two partial last pages instead of one), so it must save more
/// waiting than that.
const SPLIT_PAGES: u64 = 6;

/// Pages the probe reads at most to see a full page (a short page says nothing of density).
const PROBE_PAGES: u32 = 3;

/// One slice of the range: rows with a cursor in `[lo, hi)` (`hi` `None`: the top slice).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Slice {
    pub lo: Option<i64>,
    pub hi: Option<i64>,
    /// Cursor up to which the slice's rows were passed on and checkpointed.
    pub saved: Option<i64>,
    pub done: bool,
}

/// A slice while it is walked: what was checkpointed, and what the walk has seen.
struct Slot {
    slice: Slice,
    /// Highest cursor observed (rows maybe not yet passed on): no split may go below it.
    seen_to: Option<i64>,
    first: Option<i64>,
    rows: u64,
    running: bool,
}

impl Slot {
    fn new(slice: Slice) -> Self {
        Slot {
            seen_to: slice.saved.or(slice.lo),
            slice,
            first: None,
            rows: 0,
            running: false,
        }
    }
}

struct Table {
    def: &'static StreamDef,
    slots: Vec<Slot>,
    /// Just above the newest row the range held when the walk began (or the sync start): the
    /// top slice's rows are estimated up to it, since rows edited later are few.
    end: i64,
}

impl Table {
    /// The stream state: the plain cursor (lowest unfinished position) and every slice.
    fn state(&self) -> Value {
        let mut low: Option<Option<i64>> = None;
        for s in self.slots.iter().filter(|s| !s.slice.done) {
            let at = s.slice.saved.or(s.slice.lo);
            low = Some(match low {
                None => at,
                Some(l) => match (l, at) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    _ => None,
                },
            });
        }
        let mut state = cursor_state(self.def, low.flatten());
        let slices: Vec<Value> = self
            .slots
            .iter()
            .map(|s| {
                let t = |v: Option<i64>| v.map_or(Value::Null, |c| timefmt::format_zoho(c).into());
                serde_json::json!({
                    "from": t(s.slice.lo),
                    "to": t(s.slice.hi),
                    "cursor": t(s.slice.saved),
                    "done": s.slice.done,
                })
            })
            .collect();
        if let Value::Object(map) = &mut state {
            map.insert("slices".into(), Value::Array(slices));
        }
        state
    }

    /// Halves what is left of the running slice with the most rows estimated left, if that is
    /// worth a slice of its own. Returns the new slice.
    fn split(&mut self, limit: u64) -> Option<usize> {
        let mut best: Option<(usize, u64, i64, i64)> = None;
        for (i, s) in self.slots.iter().enumerate() {
            if !s.running || s.slice.done || s.rows < limit {
                continue;
            }
            let (Some(pos), Some(first)) = (s.seen_to, s.first) else {
                continue;
            };
            let end = s.slice.hi.unwrap_or(self.end);
            if end - pos < 2 {
                continue;
            }
            let est = s.rows.saturating_mul((end - pos) as u64) / ((pos - first).max(1) as u64);
            if est >= SPLIT_PAGES * limit && best.is_none_or(|b| est > b.1) {
                best = Some((i, est, pos, end));
            }
        }
        let (i, _, pos, end) = best?;
        let mid = pos + (end - pos) / 2;
        let hi = self.slots[i].slice.hi.replace(mid);
        let mut slot = Slot::new(Slice {
            lo: Some(mid),
            hi,
            saved: None,
            done: false,
        });
        slot.running = true;
        self.slots.push(slot);
        Some(self.slots.len() - 1)
    }
}

/// A slice's walk: a [`SearchWalk`] bounded by the slice's `hi` (which a split may lower at any
/// time), reporting to the shared table.
struct SliceWalk<'t> {
    walk: SearchWalk,
    table: &'t Mutex<Table>,
    idx: usize,
    /// Pages left before the walk pauses (the probe); `None`: until it ends.
    pages_left: Option<u32>,
}

fn lock(t: &Mutex<Table>) -> std::sync::MutexGuard<'_, Table> {
    t.lock().unwrap_or_else(|p| p.into_inner())
}

impl Walk for SliceWalk<'_> {
    fn ask(&mut self, ctx: &Ctx) -> Result<Option<PageAsk>> {
        if self.pages_left == Some(0) {
            return Ok(None);
        }
        self.walk.upper = lock(self.table).slots[self.idx].slice.hi;
        self.walk.ask(ctx)
    }

    fn observe<'b>(&mut self, rows: &[&'b RawValue], request: &str) -> Result<Vec<&'b RawValue>> {
        self.pages_left = self.pages_left.map(|n| n.saturating_sub(1));
        // Under the lock: a split sees the cursor this page reached, and this page sees the
        // bound a split set.
        let mut t = lock(self.table);
        let slot = &mut t.slots[self.idx];
        self.walk.upper = slot.slice.hi;
        let kept = self.walk.observe(rows, request)?;
        slot.seen_to = self.walk.cursor.max(slot.seen_to);
        slot.first = self.walk.first;
        slot.rows = self.walk.rows;
        Ok(kept)
    }

    fn state(&self) -> Option<Value> {
        let mut t = lock(self.table);
        let slot = &mut t.slots[self.idx];
        slot.slice.saved = self.walk.cursor;
        // The top slice is never done in a saved state: rows edited later land in it.
        slot.slice.done = self.walk.done && slot.slice.hi.is_some();
        Some(t.state())
    }
}

/// What the walks share.
pub(super) struct Range<'a> {
    pub ctx: &'a Ctx,
    pub def: &'static StreamDef,
    pub path: &'static str,
    pub range_param: &'static str,
    pub sort_by: &'static str,
    pub max: u32,
    pub partition: Option<(&'static str, String)>,
    pub sink: &'a Sink<'a>,
}

type Ended<'t> = (SliceWalk<'t>, std::result::Result<(), Failure>);

impl Range<'_> {
    /// A keyset walk of the range from `lower`.
    fn search(&self, lower: Option<i64>) -> SearchWalk {
        SearchWalk::new(
            self.def,
            self.path,
            self.range_param,
            self.sort_by,
            self.max,
            self.partition.clone(),
            lower,
        )
    }

    fn walk_for<'t>(&self, table: &'t Mutex<Table>, idx: usize) -> SliceWalk<'t> {
        let start = {
            let t = lock(table);
            let s = &t.slots[idx].slice;
            s.saved.or(s.lo)
        };
        SliceWalk {
            walk: self.search(start),
            table,
            idx,
            pages_left: None,
        }
    }

    fn launch<'t>(&'t self, mut w: SliceWalk<'t>, ck: &Checkpoint<'t>) -> BoxFuture<'t, Ended<'t>> {
        lock(w.table).slots[w.idx].running = true;
        let mut ck = Checkpoint {
            ctx: ck.ctx,
            name: ck.name,
            counter: ck.counter,
            partitions: ck.partitions.clone(),
            page_state: ck.page_state.clone(),
            // On a shared root walk, slice checkpoints go down the walk's pipe behind their pages.
            pipe: ck.pipe,
        };
        let (ctx, def, path, sink) = (self.ctx, self.def, self.path, self.sink);
        Box::pin(async move {
            let anc = Vec::new();
            let r = walk::drive(ctx, def, path, path, &mut w, &anc, sink, Some(&mut ck)).await;
            (w, r)
        })
    }

    /// Walks the range from `lower` (a fresh read) or the saved `slices` (a resume), and
    /// returns the highest cursor read.
    pub async fn read(
        &self,
        lower: Option<i64>,
        slices: Option<Vec<Slice>>,
        ck: &Checkpoint<'_>,
    ) -> std::result::Result<Option<i64>, Failure> {
        let table = Mutex::new(Table {
            def: self.def,
            slots: Vec::new(),
            end: self.ctx.sync_start_ms,
        });
        self.read_in(&table, lower, slices, ck).await
    }

    async fn read_in<'t>(
        &'t self,
        table: &'t Mutex<Table>,
        lower: Option<i64>,
        slices: Option<Vec<Slice>>,
        ck: &Checkpoint<'t>,
    ) -> std::result::Result<Option<i64>, Failure> {
        let n = self.ctx.fan_out();
        let limit = u64::from(self.ctx.limit_for(self.path, self.max));
        let now = self.ctx.sync_start_ms;
        let mut running = FuturesUnordered::new();
        match slices {
            Some(slices) => {
                lock(table).slots = slices.into_iter().map(Slot::new).collect();
                let open: Vec<usize> = lock(table)
                    .slots
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| !s.slice.done)
                    .map(|(i, _)| i)
                    .collect();
                for i in open {
                    running.push(self.launch(self.walk_for(table, i), ck));
                }
            }
            None => {
                lock(table).slots.push(Slot::new(Slice {
                    lo: lower,
                    hi: None,
                    saved: None,
                    done: false,
                }));
                let mut w = self.walk_for(table, 0);
                for _ in 0..PROBE_PAGES {
                    w.pages_left = Some(1);
                    let (back, r) = self.launch(w, ck).await;
                    r?;
                    w = back;
                    if w.walk.done || w.walk.rows >= limit {
                        break;
                    }
                }
                w.pages_left = None;
                if w.walk.done {
                    return Ok(w.walk.cursor);
                }
                let newest = self.newest(lower).await;
                self.plan(table, &w.walk, newest, n, limit, now);
                let count = lock(table).slots.len();
                running.push(self.launch(w, ck));
                for i in 1..count {
                    running.push(self.launch(self.walk_for(table, i), ck));
                }
            }
        }
        let mut top_again = false;
        let mut highest = None;
        let mut top: Option<SliceWalk<'t>> = None;
        while let Some((w, r)) = running.next().await {
            r?;
            highest = highest.max(w.walk.cursor);
            let is_top = {
                let mut t = lock(table);
                t.slots[w.idx].running = false;
                t.slots[w.idx].slice.hi.is_none()
            };
            if is_top {
                top_again = !running.is_empty();
                top = Some(w);
            } else if top.is_some() {
                top_again = true;
            }
            while running.len() < n {
                let Some(i) = lock(table).split(limit) else {
                    break;
                };
                running.push(self.launch(self.walk_for(table, i), ck));
            }
        }
        // Rows edited while the lower slices were read moved into the top slice's range.
        if let (true, Some(mut w)) = (top_again, top) {
            w.walk.done = false;
            let (w, r) = self.launch(w, ck).await;
            r?;
            highest = highest.max(w.walk.cursor);
        }
        Ok(highest)
    }

    /// The newest cursor of the range (one row, newest first), so the slices are cut where the
    /// rows are rather than up to now. Only the plan depends on it: if Zoho refuses the order,
    /// the slices reach up to now and the empty ones cost a call each.
    async fn newest(&self, lower: Option<i64>) -> Option<i64> {
        let query = self
            .search(lower)
            .query(self.ctx, format!("-{}", self.sort_by));
        let request = format!("GET /api/v1{}", self.path);
        match fetch_rows(self.ctx, self.def, self.path, query, Some((self.path, 1))).await {
            Ok((Some(body), _)) => {
                let rows = page_rows(&body, self.def.wrapper, &request).ok()?;
                let meta = row_meta(rows.first()?, self.def.cursor, None, &request).ok()?;
                meta.cursor.as_deref().and_then(cursor_ms)
            }
            Ok((None, _)) => None,
            Err(e) => {
                tracing::warn!(
                    "the newest `{}` row could not be read ({e}); slicing up to now",
                    self.def.name
                );
                None
            }
        }
    }

    /// Cuts what lies between the probe's last row and the newest row into slices of about
    /// equal time, as many as the probe's density says hold [`PAGES_PER_SLICE`] pages each, at
    /// most `n`; the last one is the open-ended top slice.
    fn plan(
        &self,
        table: &Mutex<Table>,
        probe: &SearchWalk,
        newest: Option<i64>,
        n: usize,
        limit: u64,
        now: i64,
    ) {
        let (Some(first), Some(pos)) = (probe.first, probe.cursor) else {
            return;
        };
        let end = newest.map_or(now, |t| t + 1);
        lock(table).end = end;
        if probe.rows < limit || n < 2 || pos + 1 >= end {
            return;
        }
        let span = (pos - first).max(1) as u64;
        let pages = probe.rows.saturating_mul((end - first) as u64) / span / limit.max(1);
        let count = (pages / PAGES_PER_SLICE).clamp(1, n as u64) as i64;
        let step = (end - pos) / count;
        if count < 2 || step < 1 {
            return;
        }
        let mut t = lock(table);
        t.slots[0].slice.hi = Some(pos + step);
        for k in 1..count {
            let hi = (k + 1 < count).then(|| pos + (k + 1) * step);
            t.slots.push(Slot::new(Slice {
                lo: Some(pos + k * step),
                hi,
                saved: None,
                done: false,
            }));
        }
    }
}

/// The slices of a saved state, if it has a usable set (contiguous, the last one open-ended);
/// `None` for a state without slices or with a broken set (the plain cursor then applies: it is
/// the lowest unfinished position).
pub(super) fn saved_slices(state: Option<&Value>) -> Option<Vec<Slice>> {
    let list = state?.get("slices")?.as_array()?;
    let at = |v: &Value| -> std::result::Result<Option<i64>, ()> {
        match v {
            Value::Null => Ok(None),
            Value::String(s) => timefmt::parse_zoho(s).map(Some).ok_or(()),
            _ => Err(()),
        }
    };
    let mut out = Vec::with_capacity(list.len());
    for s in list {
        out.push(Slice {
            lo: at(&s["from"]).ok()?,
            hi: at(&s["to"]).ok()?,
            saved: at(&s["cursor"]).ok()?,
            done: s["done"].as_bool()?,
        });
    }
    let mut sorted = out.clone();
    sorted.sort_by_key(|s| s.lo);
    let contiguous = sorted
        .windows(2)
        .all(|w| w[0].hi.is_some() && w[0].hi == w[1].lo);
    let open_top = sorted.last().is_some_and(|s| s.hi.is_none() && !s.done);
    if !(contiguous && open_top) {
        tracing::warn!("the saved state's slices do not fit together; resuming from its cursor");
        return None;
    }
    Some(sorted)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def() -> &'static StreamDef {
        crate::streams::find("tickets").unwrap()
    }

    fn slot(lo: Option<i64>, hi: Option<i64>, saved: Option<i64>, done: bool) -> Slot {
        Slot::new(Slice {
            lo,
            hi,
            saved,
            done,
        })
    }

    #[test]
    fn state_keeps_every_slice_and_the_lowest_unfinished_position_as_the_cursor() {
        let t = Table {
            def: def(),
            slots: vec![
                slot(None, Some(1_000_000), Some(900_000), true),
                slot(Some(1_000_000), Some(2_000_000), Some(1_500_000), false),
                slot(Some(2_000_000), None, None, false),
            ],
            end: 0,
        };
        let state = t.state();
        assert_eq!(
            state["modifiedTime"],
            timefmt::format_zoho(1_500_000),
            "an older version resumes from the lowest unfinished slice"
        );
        let back = saved_slices(Some(&state)).expect("round trip");
        let want: Vec<Slice> = t.slots.iter().map(|s| s.slice.clone()).collect();
        assert_eq!(back, want);
        // An unfinished slice that never saved starts at its `from`; without one, at the start.
        let t = Table {
            def: def(),
            slots: vec![
                slot(None, Some(5), None, false),
                slot(Some(5), None, None, false),
            ],
            end: 0,
        };
        assert!(t.state().get("modifiedTime").is_none());
    }

    #[test]
    fn states_without_or_with_broken_slices_fall_back_to_the_cursor() {
        let old = serde_json::json!({"modifiedTime": "2024-01-01T00:00:00.000Z"});
        assert_eq!(saved_slices(Some(&old)), None);
        assert_eq!(saved_slices(None), None);
        let gap = serde_json::json!({"slices": [
            {"from": null, "to": "2024-01-01T00:00:00.000Z", "cursor": null, "done": false},
            {"from": "2024-01-02T00:00:00.000Z", "to": null, "cursor": null, "done": false}
        ]});
        assert_eq!(saved_slices(Some(&gap)), None, "a gap would skip rows");
        let closed = serde_json::json!({"slices": [
            {"from": null, "to": "2024-01-01T00:00:00.000Z", "cursor": null, "done": false}
        ]});
        assert_eq!(saved_slices(Some(&closed)), None, "no open-ended top slice");
        let bad =
            serde_json::json!({"slices": [{"from": 5, "to": null, "cursor": null, "done": false}]});
        assert_eq!(saved_slices(Some(&bad)), None);
    }

    #[test]
    fn split_halves_what_the_densest_running_slice_has_left() {
        let mut sparse = slot(Some(0), Some(10_000), None, false);
        (sparse.running, sparse.first, sparse.seen_to, sparse.rows) =
            (true, Some(0), Some(5_000), 100);
        let mut dense = slot(Some(10_000), None, None, false);
        (dense.running, dense.first, dense.seen_to, dense.rows) =
            (true, Some(10_000), Some(10_100), 100);
        let mut t = Table {
            def: def(),
            slots: vec![sparse, dense],
            end: 20_000,
        };
        // dense: 100 rows in 100 ms, 9,900 ms left up to now: about 99 pages of 100 left.
        let new = t.split(100).expect("worth a slice");
        assert_eq!(new, 2);
        assert_eq!(t.slots[1].slice.hi, Some(15_050));
        assert_eq!(t.slots[2].slice.lo, Some(15_050));
        assert_eq!(
            t.slots[2].slice.hi, None,
            "the new slice is the top one now"
        );
        assert!(t.slots[2].running);
        // sparse: 100 rows in 5,000 ms, 5,000 ms left: one page, not worth a slice; nor is a
        // slice that has not read a full page yet.
        t.slots[1].running = false;
        t.slots[2].running = false;
        assert_eq!(t.split(100), None);
        // The top slice's rows are estimated up to the newest row, not up to now.
        t.slots[2].running = true;
        (t.slots[2].first, t.slots[2].seen_to, t.slots[2].rows) = (Some(15_050), Some(15_150), 100);
        t.end = 15_200;
        assert_eq!(t.split(100), None, "one page left below the newest row");
        t.end = 20_000;
        assert_eq!(t.split(100), Some(3));
    }
}
