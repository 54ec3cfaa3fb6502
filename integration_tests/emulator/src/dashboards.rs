//! Zoho's dashboard metrics (OAS DashboardMetrics.json), computed from the emulator's own
//! tickets and threads so a test can hold a sync's daily series against the truth.
//!
//! Days are the portal's calendar days in its time zone, Asia/Kolkata (UTC+05:30, no daylight
//! saving; the zone the agents carry): a ticket created at 20:00 UTC counts on the next day.
//! Only `duration=CUSTOM_IN_DATE` with `startDate`/`endDate` as `dd-MM-yyyy` is served (the
//! form working clients send); any other duration, date form, a start after the end, an
//! unknown department, or the `agentId`/`teamId`/`channel`/`hour` filters the emulator does
//! not model are refused with a 422 naming the parameter.
//!
//! The model, per ticket: created at its `createdTime`; solved (and resolved, in
//! `closedTime - createdTime`) at `modifiedTime` when Closed; on hold at `modifiedTime` when On
//! Hold; reopened at `modifiedTime` for one Open ticket in four; in the backlog at the end of
//! a day when created by then and not closed by then. Responses are the outgoing threads: the
//! first one's time is counted from the ticket's creation, each later one's from the thread
//! before it. Agent groups are the assignee (the author of outgoing threads); channel groups
//! are the ticket's channel: every channel and every agent is listed, idle ones with zeros.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::api::{Answer, ApiError};
use crate::data::{Module, NONE16, Store};
use crate::render::{person, thread_incoming, ticket_channel, ticket_status};
use crate::rng::pick;

/// The portal's offset from UTC.
pub const ORG_OFFSET_MS: i64 = 5 * 3_600_000 + 30 * 60_000;
const DAY_MS: i64 = 86_400_000;
const CHANNELS: [&str; 4] = ["Email", "Phone", "Web", "Chat"];

/// The portal day (days since 1970-01-01 in the portal's zone) of an instant.
pub fn day_of(ms: i64) -> i64 {
    (ms + ORG_OFFSET_MS).div_euclid(DAY_MS)
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

/// `yyyy-MM-dd`, the form of by-date `value`s (OAS example).
pub fn iso_day(day: i64) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
}

/// A `dd-MM-yyyy` parameter as a portal day.
fn parse_day(name: &str, v: &str) -> Result<i64, ApiError> {
    let bad = || {
        ApiError::unprocessable(format!(
            "The value '{v}' of '{name}' is not a date in the format dd-MM-yyyy."
        ))
    };
    let parts: Vec<&str> = v.split('-').collect();
    let [d, m, y] = parts.as_slice() else {
        return Err(bad());
    };
    if d.len() != 2 || m.len() != 2 || y.len() != 4 {
        return Err(bad());
    }
    let num = |s: &str| s.parse::<i64>().map_err(|_| bad());
    let (d, m, y) = (num(d)?, num(m)?, num(y)?);
    let day = days_from_civil(y, m, d);
    if !(1..=12).contains(&m) || civil_from_days(day) != (y, m, d) {
        return Err(bad());
    }
    Ok(day)
}

/// `"HH:MM hrs"`, the OAS form of durations.
fn hours(ms: i64) -> String {
    let minutes = ms.max(0) / 60_000;
    format!("{:02}:{:02} hrs", minutes / 60, minutes % 60)
}

/// What one metric counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Metric {
    Created,
    Solved,
    OnHold,
    Backlog,
    Reopened,
    Resolution,
    ResponseCount,
    ResponseTime { first: bool },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum GroupBy {
    Date,
    Agent,
    Channel,
}

/// One counted event: when (portal day), which group, and a duration where the metric has one.
struct Event {
    day: i64,
    agent: u16,
    channel: &'static str,
    took_ms: i64,
}

/// A ticket's events of `metric` in days `lo..=hi`.
fn events(store: &Store, metric: Metric, depts: &Option<Vec<u16>>, lo: i64, hi: i64) -> Vec<Event> {
    let m = Module::Tickets;
    let mut out = Vec::new();
    for t in store.first(m)..store.len(m) as u32 {
        if store.is_deleted(m, t) {
            continue;
        }
        let rel = &store.tickets[t as usize];
        if depts.as_ref().is_some_and(|d| !d.contains(&rel.dept)) {
            continue;
        }
        let r = store.rec(m, t);
        let (status, _) = ticket_status(store, t);
        let channel = ticket_channel(store, t).0;
        let mut push = |at: i64, took_ms: i64| {
            let day = day_of(at);
            if (lo..=hi).contains(&day) {
                out.push(Event {
                    day,
                    agent: rel.assignee,
                    channel,
                    took_ms,
                });
            }
        };
        match metric {
            Metric::Created => push(r.created, 0),
            Metric::Solved if status == "Closed" => push(r.modified, 0),
            Metric::Resolution if status == "Closed" => push(r.modified, r.modified - r.created),
            Metric::OnHold if status == "On Hold" => push(r.modified, 0),
            Metric::Reopened if status == "Open" && pick(store.rseed(m, t), 90, 4) == 0 => {
                push(r.modified, 0)
            }
            Metric::Backlog => {
                let closed = (status == "Closed").then(|| day_of(r.modified));
                for day in lo.max(day_of(r.created))..=hi {
                    if closed.is_some_and(|c| c <= day) {
                        break;
                    }
                    out.push(Event {
                        day,
                        agent: rel.assignee,
                        channel,
                        took_ms: 0,
                    });
                }
            }
            Metric::ResponseCount | Metric::ResponseTime { .. } => {
                let threads = store.children(Module::Threads, t);
                let mut previous = r.created;
                let mut answered = false;
                for p in 0..threads.len() {
                    let i = threads.get(p);
                    let at = store.rec(Module::Threads, i).created;
                    if !thread_incoming(store, i) {
                        let counted = match metric {
                            Metric::ResponseTime { first } => first != answered,
                            _ => true,
                        };
                        let since = if answered { previous } else { r.created };
                        if counted {
                            push(at, at - since);
                        }
                        answered = true;
                    }
                    previous = at;
                }
            }
            _ => {}
        }
    }
    out
}

/// The body Zoho answers for `metric` grouped by `group` over days `lo..=hi`.
fn body(
    store: &Store,
    metric: Metric,
    group: GroupBy,
    depts: &Option<Vec<u16>>,
    lo: i64,
    hi: i64,
) -> Value {
    let evs = events(store, metric, depts, lo, hi);
    // Group key -> (value, referenceValue, count, summed duration); BTreeMap keeps a stable order.
    let mut groups: BTreeMap<String, (String, Value, u64, i64)> = BTreeMap::new();
    match group {
        GroupBy::Date => {
            for day in lo..=hi {
                groups.insert(format!("{day:08}"), (iso_day(day), Value::Null, 0, 0));
            }
        }
        GroupBy::Channel => {
            for (n, c) in CHANNELS.iter().enumerate() {
                groups.insert(format!("{n}"), (c.to_string(), Value::Null, 0, 0));
            }
        }
        // Every agent is listed, idle ones with zeros, as the channels are (OAS example).
        GroupBy::Agent => {
            let a = Module::Agents;
            for i in store.first(a)..store.len(a) as u32 {
                if !store.is_deleted(a, i) {
                    let (f, l) = person(store, a, i);
                    let id = store.id(a, i).to_string();
                    groups.insert(
                        format!("a{i:05}"),
                        (format!("{f} {l}"), Value::String(id), 0, 0),
                    );
                }
            }
        }
    }
    for e in &evs {
        let key = match group {
            GroupBy::Date => format!("{:08}", e.day),
            GroupBy::Channel => format!(
                "{}",
                CHANNELS.iter().position(|c| *c == e.channel).unwrap_or(0)
            ),
            GroupBy::Agent => format!("a{:05}", e.agent),
        };
        let slot = groups.entry(key).or_insert_with(|| {
            if e.agent == NONE16 {
                ("Unassigned".to_string(), Value::Null, 0, 0)
            } else {
                let (f, l) = person(store, Module::Agents, e.agent as u32);
                let id = store.id(Module::Agents, e.agent as u32).to_string();
                (format!("{f} {l}"), Value::String(id), 0, 0)
            }
        });
        slot.2 += 1;
        slot.3 += e.took_ms;
    }
    let total = evs.len() as u64;
    let total_ms: i64 = evs.iter().map(|e| e.took_ms).sum();
    let avg_time = |n: u64, ms: i64| hours(if n == 0 { 0 } else { ms / n as i64 });
    let grouped_by = match group {
        GroupBy::Date => "date",
        GroupBy::Agent => "agent",
        GroupBy::Channel => "channel",
    };
    let timed = |count_key: &str| -> Vec<Value> {
        groups
            .values()
            .map(|(value, reference, n, ms)| {
                let mut row = json!({
                    "avgSystemTime": avg_time(*n, *ms),
                    "avgAgentTime": avg_time(*n, *ms),
                    "value": value,
                    "referenceValue": reference,
                });
                row[count_key] = json!(n.to_string());
                row
            })
            .collect()
    };
    match metric {
        Metric::Resolution => json!({
            "totalAvgAgentTime": avg_time(total, total_ms),
            "timeData": timed("ticketCount"),
            "totalTicketCount": total.to_string(),
            "totalAvgSystemTime": avg_time(total, total_ms),
            "groupedBy": grouped_by,
        }),
        Metric::ResponseTime { .. } => json!({
            "totalAvgAgentTime": avg_time(total, total_ms),
            "timeData": timed("responseCount"),
            "totalAvgSystemTime": avg_time(total, total_ms),
            "groupedBy": grouped_by,
            "totalResponseCount": total.to_string(),
        }),
        _ => {
            let rows: Vec<Value> = groups
                .values()
                .map(|(value, reference, n, _)| {
                    json!({"count": n.to_string(), "value": value, "referenceValue": reference})
                })
                .collect();
            let avg = format!("{:.1}", total as f64 / (hi - lo + 1) as f64);
            if metric == Metric::ResponseCount {
                json!({"avg": avg, "groupedBy": grouped_by,
                    "totalResponseCount": total.to_string(), "responseCount": rows})
            } else {
                json!({"totalTicketCount": total.to_string(), "avg": avg,
                    "ticketCount": rows, "groupedBy": grouped_by})
            }
        }
    }
}

fn metric_of(pattern: &str, first: Option<bool>) -> Option<Metric> {
    Some(match pattern.trim_start_matches("/dashboards/") {
        "createdTickets" => Metric::Created,
        "solvedTickets" => Metric::Solved,
        "onholdTickets" => Metric::OnHold,
        "backlogTickets" => Metric::Backlog,
        "reopenedTickets" => Metric::Reopened,
        "ticketsResolutionTime" => Metric::Resolution,
        "responseCount" => Metric::ResponseCount,
        "responseTime" => Metric::ResponseTime { first: first? },
        _ => return None,
    })
}

/// The body of `GET /api/v1{pattern}` with these query pairs (the route table has already
/// refused unknown, repeated and missing parameters).
pub fn compute(
    store: &Store,
    pattern: &str,
    pairs: &[(String, String)],
) -> Result<Value, ApiError> {
    let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    for unmodelled in ["agentId", "teamId", "channel"] {
        if get(unmodelled).is_some() {
            return Err(ApiError::unprocessable(format!(
                "The emulator does not model the '{unmodelled}' filter."
            )));
        }
    }
    let duration = get("duration").unwrap_or_default();
    if duration != "CUSTOM_IN_DATE" {
        return Err(ApiError::unprocessable(format!(
            "The emulator serves 'duration' CUSTOM_IN_DATE only, got '{duration}'."
        )));
    }
    let bound = |name: &str| match get(name) {
        Some(v) => parse_day(name, v),
        None => Err(ApiError::unprocessable(format!(
            "The parameter '{name}' is mandatory with duration CUSTOM_IN_DATE."
        ))),
    };
    let (lo, hi) = (bound("startDate")?, bound("endDate")?);
    if lo > hi {
        return Err(ApiError::unprocessable(
            "The value of 'startDate' must not be after 'endDate'.",
        ));
    }
    let group = match get("groupBy").unwrap_or_default() {
        "date" => GroupBy::Date,
        "agent" => GroupBy::Agent,
        "channel" => GroupBy::Channel,
        other => {
            return Err(ApiError::unprocessable(format!(
                "The emulator does not model 'groupBy' {other}."
            )));
        }
    };
    let first = match get("isFirstResponse") {
        Some("true") => Some(true),
        Some("false") => Some(false),
        Some(v) => {
            return Err(ApiError::unprocessable(format!(
                "The value of 'isFirstResponse' must be true or false, got '{v}'."
            )));
        }
        None => None,
    };
    let metric = metric_of(pattern, first).ok_or_else(ApiError::not_found)?;
    let depts = match get("departmentId") {
        None => None,
        Some(v) => {
            let mut out = Vec::new();
            for id in v.split(',') {
                let i = store.find(Module::Departments, id.trim()).ok_or_else(|| {
                    ApiError::unprocessable(format!(
                        "The value '{id}' of 'departmentId' is not a department of this portal."
                    ))
                })?;
                out.push(i as u16);
            }
            Some(out)
        }
    };
    Ok(body(store, metric, group, &depts, lo, hi))
}

/// The route handler: a dashboard call costs what a list page does (Zoho does not say).
pub fn answer(
    store: &Store,
    pattern: &str,
    pairs: &[(String, String)],
) -> Result<Answer, ApiError> {
    let body = compute(store, pattern, pairs)?;
    Ok(Answer {
        status: 200,
        body: body.to_string(),
        weight: 3,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::EmulatorConfig;
    use crate::oas::tests::q;
    use crate::timefmt::parse_ts;

    fn day_query(day: &str, group: &str) -> Vec<(String, String)> {
        q(&[
            ("duration", "CUSTOM_IN_DATE"),
            ("startDate", day),
            ("endDate", day),
            ("groupBy", group),
        ])
    }

    fn store() -> Store {
        Store::generate(&EmulatorConfig::default())
    }

    #[test]
    fn dates_round_trip_and_bad_forms_are_refused() {
        assert_eq!(
            parse_day("startDate", "04-03-2026").map(iso_day).unwrap(),
            "2026-03-04"
        );
        assert_eq!(iso_day(0), "1970-01-01");
        for bad in [
            "2026-03-04",
            "4-3-2026",
            "31-02-2026",
            "00-01-2026",
            "xx-01-2026",
        ] {
            let e = parse_day("startDate", bad).unwrap_err();
            assert!(e.message.contains("'startDate'"), "{bad}: {}", e.message);
        }
    }

    /// Days are bounded in the portal's zone (UTC+05:30), not in UTC.
    #[test]
    fn days_follow_the_portal_time_zone() {
        let late = parse_ts("2024-03-04T18:29:59.000Z").unwrap();
        let later = parse_ts("2024-03-04T18:30:00.000Z").unwrap();
        assert_eq!(iso_day(day_of(late)), "2024-03-04");
        assert_eq!(iso_day(day_of(later)), "2024-03-05");
    }

    /// The by-date series adds up to the tickets whose creation falls in each portal day.
    #[test]
    fn created_by_date_is_the_tickets_created_that_portal_day() {
        let s = store();
        let m = Module::Tickets;
        let mut per_day: BTreeMap<i64, u64> = BTreeMap::new();
        for t in s.first(m)..s.len(m) as u32 {
            if !s.is_deleted(m, t) {
                *per_day.entry(day_of(s.rec(m, t).created)).or_default() += 1;
            }
        }
        let (busiest, want) = per_day
            .iter()
            .max_by_key(|(_, n)| **n)
            .map(|(d, n)| (*d, *n))
            .unwrap();
        let (y, mo, d) = civil_from_days(busiest);
        let day = format!("{d:02}-{mo:02}-{y:04}");
        let b = compute(&s, "/dashboards/createdTickets", &day_query(&day, "date")).unwrap();
        assert_eq!(b["ticketCount"][0]["value"], iso_day(busiest));
        assert_eq!(b["ticketCount"][0]["count"], want.to_string());
        assert_eq!(b["totalTicketCount"], want.to_string());
        // The same day by channel and by agent sums to the same total.
        for group in ["channel", "agent"] {
            let g = compute(&s, "/dashboards/createdTickets", &day_query(&day, group)).unwrap();
            let sum: u64 = g["ticketCount"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["count"].as_str().unwrap().parse::<u64>().unwrap())
                .sum();
            assert_eq!(sum, want, "{group}");
        }
    }

    #[test]
    fn every_metric_answers_its_documented_shape() {
        let s = store();
        for (path, wrapper, extra) in [
            ("/dashboards/solvedTickets", "ticketCount", None),
            ("/dashboards/onholdTickets", "ticketCount", None),
            ("/dashboards/backlogTickets", "ticketCount", None),
            ("/dashboards/reopenedTickets", "ticketCount", None),
            ("/dashboards/responseCount", "responseCount", None),
            ("/dashboards/responseTime", "timeData", Some("true")),
            ("/dashboards/responseTime", "timeData", Some("false")),
            ("/dashboards/ticketsResolutionTime", "timeData", None),
        ] {
            let mut query = day_query("15-06-2024", "channel");
            if let Some(f) = extra {
                query.push(("isFirstResponse".into(), f.into()));
            }
            let b = compute(&s, path, &query).unwrap();
            assert_eq!(b["groupedBy"], "channel", "{path}");
            assert_eq!(b[wrapper].as_array().map(Vec::len), Some(4), "{path}");
            if wrapper == "timeData" {
                let t = b[wrapper][0]["avgSystemTime"].as_str().unwrap();
                assert!(t.ends_with(" hrs") && t.len() >= 9, "{path}: {t}");
            }
        }
        // Some tickets are in the backlog mid-span.
        let b = compute(
            &s,
            "/dashboards/backlogTickets",
            &day_query("15-06-2024", "date"),
        )
        .unwrap();
        assert_ne!(b["totalTicketCount"], "0");
    }

    #[test]
    fn bad_requests_are_refused_naming_the_parameter() {
        let s = store();
        let p = "/dashboards/createdTickets";
        let refuse = |pairs: Vec<(String, String)>, needle: &str| {
            let e = compute(&s, p, &pairs).unwrap_err();
            assert_eq!(e.status, 422);
            assert!(e.message.contains(needle), "{needle}: {}", e.message);
        };
        refuse(
            q(&[("duration", "LAST_7_DAYS"), ("groupBy", "date")]),
            "'duration'",
        );
        refuse(
            q(&[("duration", "CUSTOM_IN_DATE"), ("groupBy", "date")]),
            "'startDate'",
        );
        let mut reversed = day_query("05-03-2026", "date");
        reversed[2].1 = "04-03-2026".into();
        refuse(reversed, "'startDate' must not be after");
        refuse(day_query("04-03-2026", "hour"), "'groupBy'");
        let mut dept = day_query("04-03-2026", "date");
        dept.push(("departmentId".into(), "1".into()));
        refuse(dept, "'departmentId'");
        let mut agent = day_query("04-03-2026", "date");
        agent.push(("agentId".into(), "1".into()));
        refuse(agent, "'agentId'");
    }

    #[test]
    fn a_department_filter_narrows_the_counts() {
        let s = store();
        let all = compute(
            &s,
            "/dashboards/backlogTickets",
            &day_query("15-06-2024", "date"),
        )
        .unwrap();
        let dept = s
            .id(Module::Departments, s.first(Module::Departments))
            .to_string();
        let mut query = day_query("15-06-2024", "date");
        query.push(("departmentId".into(), dept));
        let one = compute(&s, "/dashboards/backlogTickets", &query).unwrap();
        let n = |b: &Value| {
            b["totalTicketCount"]
                .as_str()
                .unwrap()
                .parse::<u64>()
                .unwrap()
        };
        assert!(n(&one) < n(&all), "{} vs {}", n(&one), n(&all));
    }
}
