//! Zoho's dashboard metrics, read one calendar day per call (`duration=CUSTOM_IN_DATE` with
//! `startDate` = `endDate`), so a warehouse holds daily series that add up to Zoho's reports.
//!
//! Days are Zoho's, bounded in the portal's time zone, which the connector does not know. It
//! therefore reads up to today in UTC and saves as state only the last day that has ended in
//! every time zone (the latest, UTC-12, ends a day 12 h after UTC): the days after it are read
//! again next sync, so a partial day is never taken as final whatever the portal's zone. A day
//! in UTC may not have started yet in a zone behind it; its figures are then zero or partial
//! and read again later. Rows carry the day asked (`day`) and a group key (`groupKey`).

use serde::Deserialize;
use serde_json::{Value, json};
use time::macros::format_description;
use time::{Date, Duration, OffsetDateTime};

use super::{Checkpoint, Counter, Ctx, page_rows, partitions, splice};
use crate::client::Request;
use crate::error::{Error, Result};
use crate::protocol::SyncMode;
use crate::streams::{DAILY_DEFAULT_DAYS, StreamDef};
use crate::timefmt;

/// The state key of a daily stream: the last day whose figures are final.
const STATE_KEY: &str = "day";

/// The days one sync reads and the newest day it may call final.
#[derive(Debug, PartialEq, Eq)]
struct Plan {
    first: Date,
    last: Date,
    /// The last day that has ended in every time zone at the sync start.
    settled: Date,
}

fn utc_date(ms: i64) -> Date {
    OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000))
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
        .date()
}

/// Days from the saved one (exclusive) or `start_date` (default a year back), no further back
/// than `history_days` when set, to today (UTC).
fn plan(
    now_ms: i64,
    saved: Option<Date>,
    start_ms: Option<i64>,
    history_days: Option<u32>,
) -> Plan {
    let today = utc_date(now_ms);
    let settled = utc_date(now_ms - 12 * 3_600_000) - Duration::days(1);
    let start = start_ms.map_or(today - Duration::days(DAILY_DEFAULT_DAYS), utc_date);
    let start = match history_days {
        Some(n) => start.max(today - Duration::days(i64::from(n))),
        None => start,
    };
    let first = match saved {
        Some(day) => (day + Duration::days(1)).max(start),
        None => start,
    };
    Plan {
        first,
        last: today,
        settled,
    }
}

/// The saved day: `yyyy-MM-dd`, or any date-time the user or an older state wrote (its UTC date).
fn saved_day(def: &StreamDef, state: Option<&Value>) -> Result<Option<Date>> {
    let Some(text) = state.and_then(|s| s.get(STATE_KEY)).and_then(Value::as_str) else {
        return Ok(None);
    };
    timefmt::parse_user(text)
        .map(|ms| Some(utc_date(ms)))
        .ok_or_else(|| {
            Error::Config(format!(
                "The saved state of `{}` has an unreadable day \"{text}\"; reset the stream",
                def.name
            ))
        })
}

fn iso(day: Date) -> String {
    day.format(format_description!("[year]-[month]-[day]"))
        .unwrap_or_default()
}

/// The date form Zoho's dashboard parameters take (`dd-MM-yyyy`, as working clients send it;
/// the OAS pattern only says digits and dashes). A server reading it another way is caught by
/// the by-date check in [`keyed_rows`].
fn zoho_date(day: Date) -> String {
    day.format(format_description!("[day]-[month]-[year]"))
        .unwrap_or_default()
}

/// The two members of a dashboard row the key is built from.
#[derive(Deserialize)]
struct Group {
    #[serde(default)]
    value: Option<Value>,
    #[serde(default, rename = "referenceValue")]
    reference_value: Option<Value>,
}

fn text_of(v: Option<Value>) -> Option<String> {
    match v {
        Some(Value::String(s)) if !s.is_empty() => Some(s),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    }
}

/// The rows of one day's answer with `day` and `groupKey` added (the agent's id where Zoho
/// gives one, else the group's name: agents may share a name, channels have no id). A by-date
/// row for another day means the date was read differently than sent: the stream fails.
fn keyed_rows(def: &StreamDef, body: &[u8], day: &str, request: &str) -> Result<Vec<String>> {
    let by_date = def.params.contains(&("groupBy", "date"));
    let mut out = Vec::new();
    for row in page_rows(body, def.wrapper, request)? {
        let group: Group = serde_json::from_str(row.get()).map_err(|e| Error::Decode {
            request: request.to_string(),
            message: format!("a `{}` row is not an object: {e}", def.wrapper),
        })?;
        let value = text_of(group.value);
        if by_date && value.as_deref() != Some(day) {
            return Err(Error::Decode {
                request: request.to_string(),
                message: format!(
                    "asked for {day}, Zoho answered a row for {:?}; the day's figures would be \
                     filed under the wrong date, so `{}` stops",
                    value.unwrap_or_default(),
                    def.name
                ),
            });
        }
        let key = text_of(group.reference_value).or(value).unwrap_or_default();
        let keyed = splice(row.get(), "groupKey", &key);
        out.push(splice(&keyed, STATE_KEY, day));
    }
    Ok(out)
}

/// Reads `def` day by day, checkpointing after each day.
pub(super) async fn read(
    ctx: &Ctx,
    def: &'static StreamDef,
    mode: SyncMode,
    state: Option<Value>,
    counter: &Counter,
) -> Result<()> {
    let saved = match mode {
        SyncMode::Incremental => saved_day(def, state.as_ref())?,
        SyncMode::FullRefresh => None,
    };
    let p = plan(
        ctx.sync_start_ms,
        saved,
        ctx.config.start_ms(),
        ctx.config.dashboard_history_days,
    );
    let mut ck = Checkpoint::plain(ctx, def.name, counter);
    // The day the state says is final; it only moves forward.
    let mut done = saved.unwrap_or(p.first - Duration::days(1));
    let departments = partitions(ctx, def).into_iter().next().flatten();
    let request = format!("GET /api/v1{}", def.path);
    let mut day = p.first;
    while day <= p.last {
        let mut query: Vec<(&'static str, String)> = def
            .params
            .iter()
            .map(|(k, v)| (*k, (*v).to_string()))
            .collect();
        query.push(("duration", "CUSTOM_IN_DATE".into()));
        query.push(("startDate", zoho_date(day)));
        query.push(("endDate", zoho_date(day)));
        query.extend(departments.clone());
        let req = Request {
            path: def.path,
            query: &query,
            org: def.org_header,
            stream: Some(def.name),
        };
        let body = ctx.client.get(&req).await?;
        let rows = match body {
            Some(body) => keyed_rows(def, &body, &iso(day), &request)?,
            None => Vec::new(),
        };
        let n = ctx
            .emitter
            .records(def.name, rows.iter().map(String::as_str))?;
        counter.add(n);
        done = done.max(day.min(p.settled));
        ck.save(&json!({ STATE_KEY: iso(done) }))?;
        day += Duration::days(1);
    }
    ck.save(&json!({ STATE_KEY: iso(done) }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::streams::find;
    use time::macros::date;

    fn ms(text: &str) -> i64 {
        timefmt::parse_zoho(text).unwrap()
    }

    #[test]
    fn the_plan_rereads_every_day_not_yet_over_everywhere() {
        // 10:00 UTC on 1 Dec: 30 Nov is still running at UTC-12, so 29 Nov is the last final day.
        let now = ms("2026-12-01T10:00:00Z");
        let p = plan(now, Some(date!(2026 - 11 - 29)), None, None);
        assert_eq!(p.first, date!(2026 - 11 - 30));
        assert_eq!(p.last, date!(2026 - 12 - 01));
        assert_eq!(p.settled, date!(2026 - 11 - 29));
        // After 12:00 UTC, 30 Nov has ended in every zone.
        let later = plan(ms("2026-12-01T12:00:00Z"), None, Some(now), None);
        assert_eq!(later.settled, date!(2026 - 11 - 30));
        assert_eq!(later.first, date!(2026 - 12 - 01));
    }

    #[test]
    fn without_start_date_a_year_is_read_and_start_date_bounds_a_saved_day() {
        let now = ms("2026-12-01T10:00:00Z");
        assert_eq!(plan(now, None, None, None).first, date!(2025 - 12 - 01));
        // dashboard_history_days bounds an older start_date, not a later one.
        let old = ms("2019-01-01T00:00:00Z");
        assert_eq!(
            plan(now, None, Some(old), Some(2)).first,
            date!(2026 - 11 - 29)
        );
        assert_eq!(
            plan(now, None, Some(ms("2026-11-30T00:00:00Z")), Some(20)).first,
            date!(2026 - 11 - 30)
        );
        let start = ms("2026-11-20T00:00:00Z");
        assert_eq!(
            plan(now, Some(date!(2026 - 01 - 01)), Some(start), None).first,
            date!(2026 - 11 - 20)
        );
    }

    #[test]
    fn saved_days_read_in_both_forms_and_refuse_garbage() {
        let def = find("dashboard_created_tickets_by_date").unwrap();
        let day = |v: Value| saved_day(def, Some(&v));
        assert_eq!(
            day(json!({"day": "2024-06-01"})).unwrap(),
            Some(date!(2024 - 06 - 01))
        );
        assert_eq!(
            day(json!({"day": "2024-06-01T00:00:00.000Z"})).unwrap(),
            Some(date!(2024 - 06 - 01))
        );
        assert_eq!(day(json!({})).unwrap(), None);
        assert!(day(json!({"day": "June"})).is_err());
    }

    #[test]
    fn dates_go_out_day_first_and_rows_get_day_and_group_key() {
        assert_eq!(zoho_date(date!(2026 - 03 - 04)), "04-03-2026");
        let agents = find("dashboard_created_tickets_by_agent").unwrap();
        let body = br#"{"totalTicketCount":"3","avg":"1.5","groupedBy":"agent","ticketCount":[
            {"count":"2","value":"Ravi Kumar","referenceValue":"412500000000139001"},
            {"count":"1","value":"Unassigned","referenceValue":null}]}"#;
        let rows = keyed_rows(agents, body, "2026-03-04", "GET x").unwrap();
        let v: Vec<Value> = rows
            .iter()
            .map(|r| serde_json::from_str(r).unwrap())
            .collect();
        assert_eq!(v[0]["day"], "2026-03-04");
        assert_eq!(v[0]["groupKey"], "412500000000139001");
        assert_eq!(v[0]["count"], "2");
        assert_eq!(v[1]["groupKey"], "Unassigned");
    }

    #[test]
    fn a_by_date_row_for_another_day_or_a_missing_list_fails() {
        let by_date = find("dashboard_created_tickets_by_date").unwrap();
        let ok = br#"{"ticketCount":[{"count":"4","value":"2026-03-04","referenceValue":null}]}"#;
        assert_eq!(
            keyed_rows(by_date, ok, "2026-03-04", "GET x")
                .unwrap()
                .len(),
            1
        );
        let swapped =
            br#"{"ticketCount":[{"count":"4","value":"2026-04-03","referenceValue":null}]}"#;
        let err = keyed_rows(by_date, swapped, "2026-03-04", "GET x").unwrap_err();
        assert!(err.to_string().contains("wrong date"), "{err}");
        let no_list = br#"{"totalTicketCount":"4"}"#;
        assert!(keyed_rows(by_date, no_list, "2026-03-04", "GET x").is_err());
        let times = find("dashboard_resolution_time_by_channel").unwrap();
        let body = br#"{"timeData":[{"avgSystemTime":"01:10 hrs","ticketCount":"1","avgAgentTime":"01:10 hrs","value":"Email","referenceValue":null}]}"#;
        let rows = keyed_rows(times, body, "2026-03-04", "GET x").unwrap();
        assert!(rows[0].starts_with(r#"{"day":"2026-03-04","groupKey":"Email","#));
    }
}
