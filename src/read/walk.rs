//! The one pager. Every strategy (plain list, per-parent child list, epoch window, search keyset
//! walk, newest-first walk) is a [`Walk`]: it builds the next request and observes the page
//! that came back; [`drive`] does the rest the same way for all of them (fetch with the learned
//! limit and base, split the page, hand the kept rows to the sink, checkpoint).
//!
//! The guarantees live here, once:
//! - a walk ends only when Zoho says there is nothing more (an empty page or 204), or, on a
//!   child list, when the parent row's own count of children has been read; a short page is
//!   never taken for the end;
//! - memory is bounded by a page: no walk keeps a set that grows with the stream (the ids of
//!   the last page, or the ids tied at one cursor millisecond, are all a walk remembers);
//! - walks over a cursor read on past the sync's start until a pass finds nothing new, so rows
//!   edited while the sync runs are read in their new place.

use std::collections::{HashSet, VecDeque};

use serde_json::Value;
use serde_json::value::RawValue;

use super::{
    Ancestors, Checkpoint, Ctx, Frontier, Sink, cursor_ms, fetch_rows, page_rows, row_meta,
};
use crate::error::{Error, Result};
use crate::protocol::now_ms;
use crate::streams::{SEARCH_WINDOW, StreamDef};
use crate::timefmt;

/// Most passes of a newest-first walk: each pass re-reads only what changed during the one
/// before, so this many means the data changes faster than it can be read.
const MAX_PASSES: u32 = 1000;

/// How far past the local clock a search window's upper bound reaches, so a Zoho clock ahead
/// of ours cannot hide fresh rows above the bound.
const CLOCK_SKEW_MS: i64 = 24 * 3_600_000;

/// One page request: the query, and `(endpoint key, limit)` for an offset-paged endpoint
/// (`None`: one unpaged GET).
pub(super) struct PageAsk {
    pub query: Vec<(&'static str, String)>,
    pub paging: Option<(&'static str, u32)>,
}

/// A paging strategy: builds the next request and observes each page.
pub(super) trait Walk: Send {
    /// The next page to fetch, or `None` when the walk is over.
    fn ask(&mut self, ctx: &Ctx) -> Result<Option<PageAsk>>;
    /// Observes a page (`rows` empty: Zoho answered 204 or an empty list) and returns the rows
    /// to pass on.
    fn observe<'b>(&mut self, rows: &[&'b RawValue], request: &str) -> Result<Vec<&'b RawValue>>;
    /// The state to checkpoint after a page; `None`: the checkpoint's own page state.
    fn state(&self) -> Option<Value> {
        None
    }
}

/// Where a walk's failure came from: its own request (`Own`), or the levels below it that its
/// rows fed (`Below`). A 404 or a scope refusal means something different in each case.
#[derive(Debug)]
pub(super) enum Failure {
    Own(Error),
    Below(Error),
}

impl Failure {
    pub fn into_error(self) -> Error {
        match self {
            Failure::Own(e) | Failure::Below(e) => e,
        }
    }
}

/// Runs `walk` over `path` (the endpoint of `def`, `pattern` naming it in messages) until it
/// ends, handing every page's kept rows to `sink` and checkpointing after each page.
#[allow(clippy::too_many_arguments)]
pub(super) async fn drive(
    ctx: &Ctx,
    def: &'static StreamDef,
    path: &str,
    pattern: &str,
    walk: &mut dyn Walk,
    anc: &Ancestors,
    sink: &Sink<'_>,
    mut ck: Option<&mut Checkpoint<'_>>,
) -> Result<(), Failure> {
    let request = format!("GET /api/v1{pattern}");
    while let Some(ask) = walk.ask(ctx).map_err(Failure::Own)? {
        let (body, _) = fetch_rows(ctx, def, path, ask.query, ask.paging)
            .await
            .map_err(Failure::Own)?;
        let rows = match &body {
            Some(b) => page_rows(b, def.wrapper, &request).map_err(Failure::Own)?,
            None => Vec::new(),
        };
        let kept = walk.observe(&rows, &request).map_err(Failure::Own)?;
        if !kept.is_empty() {
            sink.page(ctx, &kept, anc).await.map_err(Failure::Below)?;
        }
        if let Some(ck) = ck.as_deref_mut() {
            let state = walk.state().unwrap_or_else(|| ck.page_state.clone());
            ck.save(&state).map_err(Failure::Own)?;
        }
    }
    Ok(())
}

/// What identifies a row across two pages: its id, or its whole text for rows without one
/// (ticket history).
fn row_key(row: &RawValue, request: &str) -> Result<String> {
    Ok(match row_meta(row, None, None, request)?.id {
        Some(id) => id,
        None => row.get().to_string(),
    })
}

/// How many times in a row an offset walk steps back a page to find rows it already read
/// before it gives up: its memory holds about two pages, so a third step could not tell
/// rows read long ago from rows never read.
const MAX_STEPS_BACK: u32 = 2;

/// Offset pages (`from`, `limit`) of a list, or one GET of an unpaged endpoint.
///
/// Each next page starts one row before the end of the last one (an anchor overlap), so it
/// must hold a row already read. A delete moves every later row up one place; if the new page
/// holds none of the rows read (or is empty where the anchor should be), rows were deleted
/// before the offset and rows may lie in the gap: the walk steps back a page and reads
/// again, dropping rows it already passed on. A 1-based server that reads 0 as 1 just
/// overlaps by two rows. The walk ends on an empty page that no overlap was owed by (after a
/// page of one row, or the first), or once `expected` rows (the parent's count) are read.
/// Memory: the keys of about the last two pages.
pub(super) struct OffsetWalk {
    key: &'static str,
    max: Option<u32>,
    first_from: u32,
    query: Vec<(&'static str, String)>,
    from: u64,
    /// Keys of the rows read last, oldest first (about two pages).
    seen: VecDeque<String>,
    /// Rows in the largest page so far: `seen` keeps twice that.
    page: usize,
    /// The next page must hold a row of `seen` (the walk asked it to overlap).
    overlap_owed: bool,
    steps_back: u32,
    expected: Option<u64>,
    got: u64,
    done: bool,
}

impl OffsetWalk {
    pub fn new(def: &'static StreamDef, query: Vec<(&'static str, String)>) -> Self {
        let max = match def.paging {
            crate::streams::Paging::Offset { max } => Some(max),
            crate::streams::Paging::None => None,
        };
        OffsetWalk {
            key: def.path,
            max,
            first_from: def.first_from,
            query,
            from: 0,
            seen: VecDeque::new(),
            page: 0,
            overlap_owed: false,
            steps_back: 0,
            expected: None,
            got: 0,
            done: false,
        }
    }

    /// The parent row's count of these rows: reading that many completes the list.
    pub fn expecting(mut self, count: Option<u64>) -> Self {
        self.expected = count;
        self
    }

    /// Back to the list's start with nothing remembered (a newest-first walk's next pass).
    fn restart(&mut self) {
        self.from = 0;
        self.seen.clear();
        self.overlap_owed = false;
        self.steps_back = 0;
        self.done = false;
    }

    /// The owed overlap is missing: rows were deleted before the offset. Steps back a page
    /// (`Ok(true)`), or fails once stepping back cannot find the rows read any more.
    fn step_back(&mut self, request: &str) -> Result<bool> {
        if self.from == 0 {
            return Ok(false); // the list's start: nothing can lie before it
        }
        if self.steps_back >= MAX_STEPS_BACK {
            return Err(Error::Http {
                status: 0,
                code: None,
                message: format!(
                    "More rows were deleted from this list while it was read than the last                      {MAX_STEPS_BACK} pages hold, so the rows read can no longer be found and                      some might be skipped. The next sync retries"
                ),
                request: request.to_string(),
                transient: true,
            });
        }
        self.steps_back += 1;
        self.from = self.from.saturating_sub(self.page.max(1) as u64);
        Ok(true)
    }
}

impl Walk for OffsetWalk {
    fn ask(&mut self, ctx: &Ctx) -> Result<Option<PageAsk>> {
        if self.done {
            return Ok(None);
        }
        let Some(max) = self.max else {
            self.done = true;
            return Ok(Some(PageAsk {
                query: self.query.clone(),
                paging: None,
            }));
        };
        let base = if ctx.is_one_based(self.key) {
            1
        } else {
            u64::from(self.first_from)
        };
        let mut query = self.query.clone();
        super::upsert(&mut query, "from", (self.from + base).to_string());
        Ok(Some(PageAsk {
            query,
            paging: Some((self.key, ctx.limit_for(self.key, max))),
        }))
    }

    fn observe<'b>(&mut self, rows: &[&'b RawValue], request: &str) -> Result<Vec<&'b RawValue>> {
        let mut keys = Vec::with_capacity(rows.len());
        for row in rows {
            keys.push(row_key(row, request)?);
        }
        if self.overlap_owed
            && !keys.iter().any(|k| self.seen.contains(k))
            && self.step_back(request)?
        {
            return Ok(Vec::new());
        }
        self.steps_back = 0;
        if rows.is_empty() {
            self.done = true;
            return Ok(Vec::new());
        }
        // Compared with earlier pages only: equal rows inside one page (id-less history
        // rows) are each a row.
        let mut kept = Vec::with_capacity(rows.len());
        let mut fresh = Vec::with_capacity(rows.len());
        for (row, key) in rows.iter().zip(keys) {
            if !self.seen.contains(&key) {
                kept.push(*row);
                fresh.push(key);
            }
        }
        self.seen.extend(fresh);
        self.page = self.page.max(rows.len());
        while self.seen.len() > 2 * self.page {
            self.seen.pop_front();
        }
        // Overlap by one row; a page of one row cannot overlap and still move on.
        self.overlap_owed = rows.len() >= 2;
        self.from += rows.len() as u64 - u64::from(self.overlap_owed);
        self.got += kept.len() as u64;
        if self.expected.is_some_and(|n| self.got >= n) {
            self.done = true;
        }
        Ok(kept)
    }
}

/// Keyset walk through a cursor-range endpoint (the `/…/search` endpoints, `/articleFeedbacks`),
/// ascending by the cursor. Each query starts 1 ms below the highest cursor seen (so it holds
/// whether Zoho's bounds are inclusive or not) and reaches past "now": rows edited during the
/// walk move above the cursor and are read in their new place, and the walk ends only on an
/// empty page. Rows below the cursor, and rows at it already read in this walk, are dropped;
/// `from` grows only while a whole page shares one cursor value.
///
/// A walk with an `upper` bound is one slice of a split walk (see `split`): its query still
/// reaches past now, so the first row at or above the bound proves every row below it was read
/// (the page is sorted by the cursor) and ends the slice without an extra empty page.
pub(super) struct SearchWalk {
    def: &'static StreamDef,
    path: &'static str,
    range_param: &'static str,
    sort_by: &'static str,
    max: u32,
    partition: Option<(&'static str, String)>,
    /// Highest cursor read so far (at first: the lower bound).
    pub cursor: Option<i64>,
    /// Ids read at `cursor` in this walk (bounded by one millisecond's ties).
    seen: HashSet<String>,
    from: u32,
    pub done: bool,
    /// Rows at or above this cursor belong to the next slice (`None`: the top slice).
    pub upper: Option<i64>,
    /// Rows passed on by this walk.
    pub rows: u64,
    /// Cursor of the first row passed on: with `cursor` and `rows`, how dense the range is.
    pub first: Option<i64>,
}

impl SearchWalk {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        def: &'static StreamDef,
        path: &'static str,
        range_param: &'static str,
        sort_by: &'static str,
        max: u32,
        partition: Option<(&'static str, String)>,
        lower: Option<i64>,
    ) -> Self {
        SearchWalk {
            def,
            path,
            range_param,
            sort_by,
            max,
            partition,
            cursor: lower,
            seen: HashSet::new(),
            from: 0,
            done: false,
            upper: None,
            rows: 0,
            first: None,
        }
    }

    /// The query of the next page in `sort_by` order: the range from 1 ms below the cursor to
    /// past now, the offset, the partition.
    pub fn query(&self, ctx: &Ctx, sort_by: String) -> Vec<(&'static str, String)> {
        let lower = self.cursor.map_or(0, |c| (c - 1).max(0));
        let upper = now_ms().max(lower) + CLOCK_SKEW_MS;
        let mut query = vec![
            (
                self.range_param,
                format!(
                    "{},{}",
                    timefmt::format_zoho(lower),
                    timefmt::format_zoho(upper)
                ),
            ),
            ("sortBy", sort_by),
            (
                "from",
                (self.from
                    + self
                        .def
                        .first_from
                        .max(u32::from(ctx.is_one_based(self.path))))
                .to_string(),
            ),
        ];
        if let Some((p, v)) = &self.partition {
            super::upsert(&mut query, p, v.clone());
        }
        query
    }
}

impl Walk for SearchWalk {
    fn ask(&mut self, ctx: &Ctx) -> Result<Option<PageAsk>> {
        if self.done {
            return Ok(None);
        }
        let mut limit = ctx.limit_for(self.path, self.max);
        if self.from + limit > SEARCH_WINDOW {
            limit = SEARCH_WINDOW.saturating_sub(self.from);
        }
        if limit == 0 {
            return Err(Error::Http {
                status: 0,
                code: None,
                message: format!(
                    "More than {SEARCH_WINDOW} `{}` records share {} = {}; Zoho's search cannot page \
                     past {SEARCH_WINDOW} rows of one window, so the rest cannot be read safely. \
                     Please report this with the timestamp",
                    self.def.name,
                    self.def.cursor.unwrap_or("the cursor"),
                    self.cursor.map(timefmt::format_zoho).unwrap_or_default()
                ),
                request: format!("GET /api/v1{}", self.path),
                transient: false,
            });
        }
        let query = self.query(ctx, self.sort_by.to_string());
        Ok(Some(PageAsk {
            query,
            paging: Some((self.path, limit)),
        }))
    }

    fn observe<'b>(&mut self, rows: &[&'b RawValue], request: &str) -> Result<Vec<&'b RawValue>> {
        if rows.is_empty() {
            self.done = true;
            return Ok(Vec::new());
        }
        let cursor_field = self.def.cursor;
        let mut kept = Vec::with_capacity(rows.len());
        let mut page = Frontier {
            at: self.cursor,
            ids: HashSet::new(),
        };
        for row in rows {
            let meta = row_meta(row, cursor_field, None, request)?;
            let Some(t) = meta.cursor.as_deref().and_then(cursor_ms) else {
                // A row without a readable cursor cannot be placed; pass it on, say so.
                tracing::warn!(
                    "a `{}` row without a readable {} was read as is",
                    self.def.name,
                    cursor_field.unwrap_or("cursor")
                );
                kept.push(*row);
                continue;
            };
            if self.upper.is_some_and(|u| t >= u) {
                // The next slice's first row: everything of this slice is read.
                self.done = true;
                break;
            }
            let id = meta.id.unwrap_or_default();
            if let Some(c) = self.cursor
                && (t < c || (t == c && self.seen.contains(&id)))
            {
                continue;
            }
            page.see(t, id);
            self.first = self.first.or(Some(t));
            kept.push(*row);
        }
        self.rows += kept.len() as u64;
        if page.at > self.cursor {
            self.cursor = page.at;
            self.seen = page.ids;
            self.from = 0;
        } else {
            // No progress in the cursor: the whole page sat at one value. Step over it.
            self.seen.extend(page.ids);
            self.from += rows.len() as u32;
        }
        Ok(kept)
    }

    fn state(&self) -> Option<Value> {
        Some(super::cursor_state(self.def, self.cursor))
    }
}

/// Newest-first walk (`sortBy=-modifiedTime`) in passes. A pass reads from the top down to
/// the floor (the saved cursor or start_date, inclusive; none: to the end). Rows edited during
/// a pass jump to the top, above the pass's first row, where this pass no longer looks: the
/// next pass reads from the top down to that first row's cursor, and so on until a pass finds
/// nothing new. Inside a pass a row is kept only below (or tied with, unseen) the lowest cursor
/// kept so far, so rows pushed down a page are not repeated.
pub(super) struct NewestFirst {
    def: &'static StreamDef,
    offsets: OffsetWalk,
    floor: Option<i64>,
    /// Ids kept at exactly `floor` by the previous pass.
    floor_ids: HashSet<String>,
    /// Cursor of the pass's first row: rows above it moved during the pass.
    top: Option<i64>,
    top_ids: HashSet<String>,
    low: Frontier,
    kept_in_pass: bool,
    passes: u32,
    /// Newest cursor kept: the next state.
    pub newest: Option<i64>,
    done: bool,
}

impl NewestFirst {
    pub fn new(
        def: &'static StreamDef,
        query: Vec<(&'static str, String)>,
        floor: Option<i64>,
    ) -> Self {
        NewestFirst {
            def,
            offsets: OffsetWalk::new(def, query),
            floor,
            floor_ids: HashSet::new(),
            top: None,
            top_ids: HashSet::new(),
            low: Frontier::default(),
            kept_in_pass: false,
            passes: 1,
            newest: None,
            done: false,
        }
    }

    fn end_pass(&mut self) -> Result<()> {
        if !self.kept_in_pass || self.top.is_none() {
            self.done = true;
            return Ok(());
        }
        self.passes += 1;
        if self.passes > MAX_PASSES {
            return Err(Error::Http {
                status: 0,
                code: None,
                message: format!(
                    "`{}` changed during each of {MAX_PASSES} passes of the newest-first walk; \
                     the data changes faster than it can be read. The next sync retries",
                    self.def.name
                ),
                request: format!("GET /api/v1{}", self.def.path),
                transient: true,
            });
        }
        self.floor = self.top.take();
        self.floor_ids = std::mem::take(&mut self.top_ids);
        self.low = Frontier::default();
        self.kept_in_pass = false;
        self.offsets.restart();
        Ok(())
    }
}

impl Walk for NewestFirst {
    fn ask(&mut self, ctx: &Ctx) -> Result<Option<PageAsk>> {
        if self.done {
            return Ok(None);
        }
        self.offsets.ask(ctx)
    }

    fn observe<'b>(&mut self, rows: &[&'b RawValue], request: &str) -> Result<Vec<&'b RawValue>> {
        if rows.is_empty() {
            self.end_pass()?;
            return Ok(Vec::new());
        }
        let first_page = self.offsets.from == 0;
        self.offsets.from += rows.len() as u64;
        let mut metas = Vec::with_capacity(rows.len());
        for row in rows {
            let meta = row_meta(row, self.def.cursor, None, request)?;
            let t = meta.cursor.as_deref().and_then(cursor_ms);
            metas.push((t, meta.id.unwrap_or_default()));
        }
        if first_page {
            self.top = metas.iter().filter_map(|(t, _)| *t).max();
        }
        let mut kept = Vec::with_capacity(rows.len());
        let mut reached_floor = false;
        for (row, (t, id)) in rows.iter().zip(metas) {
            let Some(t) = t else {
                // No readable cursor: it cannot be placed; the first pass passes it on.
                if self.passes == 1 {
                    kept.push(*row);
                }
                continue;
            };
            if let Some(f) = self.floor {
                if t < f {
                    reached_floor = true;
                    break;
                }
                if t == f && self.floor_ids.contains(&id) {
                    continue;
                }
            }
            if self.top.is_some_and(|top| t > top) {
                continue; // moved during this pass: the next pass reads it
            }
            if let Some(low) = self.low.at
                && (t > low || (t == low && self.low.ids.contains(&id)))
            {
                continue; // pushed down from a page already read
            }
            if Some(t) == self.top {
                self.top_ids.insert(id.clone());
            }
            match self.low.at {
                Some(low) if t == low => {
                    self.low.ids.insert(id);
                }
                _ => {
                    self.low.at = Some(t);
                    self.low.ids.clear();
                    self.low.ids.insert(id);
                }
            }
            self.newest = self.newest.max(Some(t));
            self.kept_in_pass = true;
            kept.push(*row);
        }
        if reached_floor {
            self.end_pass()?;
        }
        Ok(kept)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(rows: &[(&str, &str)]) -> Vec<Box<RawValue>> {
        rows.iter()
            .map(|(id, t)| {
                serde_json::value::to_raw_value(&serde_json::json!({"id": id, "modifiedTime": t}))
                    .unwrap()
            })
            .collect()
    }

    fn ids(rows: &[&RawValue]) -> Vec<String> {
        rows.iter()
            .map(|r| row_meta(r, None, None, "r").unwrap().id.unwrap())
            .collect()
    }

    fn def(name: &str) -> &'static StreamDef {
        crate::streams::find(name).unwrap()
    }

    #[test]
    fn offset_walk_reads_past_short_pages_and_drops_the_one_based_overlap() {
        let mut w = OffsetWalk::new(def("agents"), Vec::new());
        let p1 = raw(&[("1", ""), ("2", "")]);
        let p1: Vec<&RawValue> = p1.iter().map(|b| b.as_ref()).collect();
        assert_eq!(ids(&w.observe(&p1, "r").unwrap()), ["1", "2"]);
        assert!(!w.done, "a short page is not the end");
        let p2 = raw(&[("2", ""), ("3", "")]);
        let p2: Vec<&RawValue> = p2.iter().map(|b| b.as_ref()).collect();
        assert_eq!(ids(&w.observe(&p2, "r").unwrap()), ["3"]);
        assert_eq!(w.from, 2, "each page starts at the last one's last row");
        let p3 = raw(&[("3", "")]);
        let p3: Vec<&RawValue> = p3.iter().map(|b| b.as_ref()).collect();
        assert!(w.observe(&p3, "r").unwrap().is_empty());
        assert!(w.observe(&[], "r").unwrap().is_empty());
        assert!(w.done, "an empty page is, once no overlap is owed");
        assert!(w.seen.len() <= 4, "about two pages are remembered");
    }

    /// Pages of `limit` rows of `list` from the walk's offset; `delete` runs before the
    /// request number it is keyed by. Returns the ids passed on.
    fn walk_list(
        list: &mut Vec<String>,
        limit: usize,
        delete: &[(usize, &str)],
    ) -> Result<Vec<String>> {
        let mut w = OffsetWalk::new(def("agents"), Vec::new());
        let mut out = Vec::new();
        for n in 0..1000 {
            for (_, id) in delete.iter().filter(|(at, _)| *at == n) {
                list.retain(|x| x != id);
            }
            if w.done {
                return Ok(out);
            }
            let from = (w.from as usize).min(list.len());
            let page: Vec<(&str, &str)> = list[from..(from + limit).min(list.len())]
                .iter()
                .map(|id| (id.as_str(), ""))
                .collect();
            let page = raw(&page);
            let page: Vec<&RawValue> = page.iter().map(|b| b.as_ref()).collect();
            out.extend(ids(&w.observe(&page, "r")?));
        }
        panic!("the walk did not end");
    }

    fn list(n: usize) -> Vec<String> {
        (1..=n).map(|i| i.to_string()).collect()
    }

    #[test]
    fn offset_walk_reads_every_survivor_while_rows_before_the_offset_are_deleted() {
        let all = list(20);
        // Before requests 1, 2 and 4: rows already read disappear, later ones move up.
        let deletes = [(1, "1"), (2, "2"), (2, "6"), (4, "9"), (5, "18")];
        let got = walk_list(&mut all.clone(), 4, &deletes).unwrap();
        let mut want: Vec<String> = all.clone();
        want.retain(|id| id != "6" && id != "18");
        assert_eq!(
            got, want,
            "every row once, in order (6 and 18 went before they were read)"
        );
        // The list's tail shrinks under the last page: the owed overlap is looked for again.
        let got = walk_list(&mut all.clone(), 4, &[(6, "1"), (6, "2"), (6, "3")]).unwrap();
        assert_eq!(got, all);
        // Without deletes: exactly the rows once, in order, and one page per 3 new rows.
        assert_eq!(walk_list(&mut all.clone(), 4, &[]).unwrap(), all);
    }

    #[test]
    fn offset_walk_fails_loudly_when_more_than_its_memory_was_deleted() {
        let all = list(100);
        // After 11 pages (34 rows read), 30 rows long read go: two steps back cannot reach
        // the rows remembered.
        let gone: Vec<(usize, &str)> = all[..30].iter().map(|id| (11, id.as_str())).collect();
        let err = walk_list(&mut all.clone(), 4, &gone).expect_err("cannot be exact");
        assert!(err.to_string().contains("deleted"), "{err}");
    }

    #[test]
    fn offset_walk_stops_at_the_parent_count() {
        let mut w = OffsetWalk::new(def("threads"), Vec::new()).expecting(Some(2));
        let p = raw(&[("1", ""), ("2", "")]);
        let p: Vec<&RawValue> = p.iter().map(|b| b.as_ref()).collect();
        w.observe(&p, "r").unwrap();
        assert!(w.done);
        let mut w = OffsetWalk::new(def("threads"), Vec::new()).expecting(Some(3));
        w.observe(&p, "r").unwrap();
        assert!(!w.done, "fewer rows than the parent counts: read on");
    }

    #[test]
    fn rows_without_ids_are_matched_by_their_text() {
        let mut w = OffsetWalk::new(def("ticket_history"), Vec::new());
        let a: Box<RawValue> = serde_json::from_str(r#"{"event":"a"}"#).unwrap();
        let b: Box<RawValue> = serde_json::from_str(r#"{"event":"b"}"#).unwrap();
        assert_eq!(w.observe(&[&a, &b], "r").unwrap().len(), 2);
        assert_eq!(w.observe(&[&b], "r").unwrap().len(), 0);
        assert_eq!(w.observe(&[&b, &a, &a], "r").unwrap().len(), 0);
        let mut w = OffsetWalk::new(def("ticket_history"), Vec::new());
        assert_eq!(
            w.observe(&[&a, &a], "r").unwrap().len(),
            2,
            "two equal rows are two"
        );
    }

    fn tickets_search(lower: Option<i64>) -> SearchWalk {
        SearchWalk::new(
            def("tickets"),
            "/tickets/search",
            "modifiedTimeRange",
            "modifiedTime",
            100,
            None,
            lower,
        )
    }

    #[test]
    fn search_walk_steps_the_cursor_and_ends_only_on_an_empty_page() {
        let mut w = tickets_search(None);
        let p = raw(&[
            ("1", "2024-01-01T00:00:00.000Z"),
            ("2", "2024-01-01T00:00:00.001Z"),
        ]);
        let p: Vec<&RawValue> = p.iter().map(|b| b.as_ref()).collect();
        assert_eq!(w.observe(&p, "r").unwrap().len(), 2);
        assert!(!w.done);
        // The next window starts at the cursor: row 2 comes back and is dropped; 3 is new.
        let p = raw(&[
            ("2", "2024-01-01T00:00:00.001Z"),
            ("3", "2024-01-01T00:00:00.001Z"),
        ]);
        let p: Vec<&RawValue> = p.iter().map(|b| b.as_ref()).collect();
        assert_eq!(ids(&w.observe(&p, "r").unwrap()), ["3"]);
        assert_eq!(w.from, 2, "a page at one value steps over it");
        w.observe(&[], "r").unwrap();
        assert!(w.done);
        assert_eq!(w.cursor, timefmt::parse_zoho("2024-01-01T00:00:00.001Z"));
    }

    #[test]
    fn a_bounded_search_walk_ends_on_the_first_row_of_the_next_slice() {
        let mut w = tickets_search(timefmt::parse_zoho("2024-01-01T00:00:00.000Z"));
        w.upper = timefmt::parse_zoho("2024-01-01T00:00:00.002Z");
        let p = raw(&[
            ("1", "2024-01-01T00:00:00.000Z"),
            ("2", "2024-01-01T00:00:00.001Z"),
            ("3", "2024-01-01T00:00:00.002Z"),
            ("4", "2024-01-01T00:00:00.003Z"),
        ]);
        let p: Vec<&RawValue> = p.iter().map(|b| b.as_ref()).collect();
        assert_eq!(
            ids(&w.observe(&p, "r").unwrap()),
            ["1", "2"],
            "rows at the bound belong to the next slice"
        );
        assert!(w.done, "the next slice's first row proves this one is read");
        assert_eq!(
            (w.rows, w.first),
            (2, timefmt::parse_zoho("2024-01-01T00:00:00.000Z"))
        );
    }

    #[test]
    fn newest_first_rereads_rows_that_moved_during_the_pass() {
        let mut w = NewestFirst::new(def("articles"), Vec::new(), None);
        let p = raw(&[
            ("a", "2024-01-03T00:00:00.000Z"),
            ("b", "2024-01-02T00:00:00.000Z"),
        ]);
        let p: Vec<&RawValue> = p.iter().map(|b| b.as_ref()).collect();
        assert_eq!(w.observe(&p, "r").unwrap().len(), 2);
        // c was edited during the pass: it jumped to the top and pushed b down a page.
        let p = raw(&[
            ("b", "2024-01-02T00:00:00.000Z"),
            ("d", "2024-01-01T00:00:00.000Z"),
        ]);
        let p: Vec<&RawValue> = p.iter().map(|b| b.as_ref()).collect();
        assert_eq!(ids(&w.observe(&p, "r").unwrap()), ["d"]);
        w.observe(&[], "r").unwrap();
        assert!(
            !w.done,
            "a second pass looks for rows edited during the first"
        );
        let p = raw(&[
            ("c", "2024-01-04T00:00:00.000Z"),
            ("a", "2024-01-03T00:00:00.000Z"),
            ("b", "2024-01-02T00:00:00.000Z"),
        ]);
        let p: Vec<&RawValue> = p.iter().map(|b| b.as_ref()).collect();
        assert_eq!(ids(&w.observe(&p, "r").unwrap()), ["c"]);
        assert!(!w.done);
        let p = raw(&[
            ("c", "2024-01-04T00:00:00.000Z"),
            ("a", "2024-01-03T00:00:00.000Z"),
        ]);
        let p: Vec<&RawValue> = p.iter().map(|b| b.as_ref()).collect();
        assert!(w.observe(&p, "r").unwrap().is_empty());
        assert!(w.done, "a pass that finds nothing new ends the walk");
        assert_eq!(w.newest, timefmt::parse_zoho("2024-01-04T00:00:00.000Z"));
    }
}
