//! Dashboard metrics (`dashboard_…`): the daily series a sync writes equal the emulator's own
//! figures day by day, an incremental sync reads again exactly the days not yet over everywhere
//! plus the new ones, and the department filter goes down to Zoho.

use std::collections::BTreeMap;
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};
use source_zoho_desk::streams::{self, StreamDef};
use zoho_desk_emulator::dashboards::iso_day;
use zoho_desk_emulator::{Emulator, EmulatorConfig};

use crate::support::*;

const DAY_MS: i64 = 86_400_000;

const STREAMS: [&str; 5] = [
    "dashboard_created_tickets_by_date",
    "dashboard_created_tickets_by_agent",
    "dashboard_backlog_tickets_by_channel",
    "dashboard_response_count_by_agent",
    "dashboard_first_response_time_by_channel",
];

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default()
}

/// Days since 1970-01-01 (UTC) of an instant.
fn utc_day(ms: i64) -> i64 {
    ms.div_euclid(DAY_MS)
}

/// The suite's config without its `dashboard_history_days` bound: start_date alone decides.
fn unbounded_config(url: &str) -> Value {
    let mut config = base_config(url);
    if let Some(c) = config.as_object_mut() {
        c.remove("dashboard_history_days");
    }
    config
}

fn incremental_catalog(names: &[&str]) -> Value {
    let entries: Vec<Value> = names
        .iter()
        .map(|name| {
            json!({
                "stream": {"name": name, "json_schema": {}, "supported_sync_modes": ["full_refresh", "incremental"]},
                "sync_mode": "incremental",
                "destination_sync_mode": "append_dedup",
                "cursor_field": ["day"],
                "primary_key": [["day"], ["groupKey"]],
                "generation_id": 1, "minimum_generation_id": 0, "sync_id": 1
            })
        })
        .collect();
    json!({ "streams": entries })
}

/// `dd-MM-yyyy` of a `yyyy-MM-dd` day.
fn zoho_date(iso: &str) -> String {
    let p: Vec<&str> = iso.split('-').collect();
    format!("{}-{}-{}", p[2], p[1], p[0])
}

/// The emulator's rows of `def` for one day, as Zoho answers them.
fn truth_rows(emu: &Emulator, def: &StreamDef, day: &str, departments: Option<&str>) -> Vec<Value> {
    let date = zoho_date(day);
    let mut query: Vec<(&str, &str)> = def.params.to_vec();
    query.extend([
        ("duration", "CUSTOM_IN_DATE"),
        ("startDate", date.as_str()),
        ("endDate", date.as_str()),
    ]);
    if let Some(d) = departments {
        query.push(("departmentId", d));
    }
    let body = emu.dashboard(def.path, &query).expect("truth");
    let mut rows = body[def.wrapper].as_array().cloned().expect("rows");
    rows.sort_by_key(Value::to_string);
    rows
}

/// The records of `stream` per day, without the two keys the connector adds (checked here).
fn records_by_day(run: &Run, stream: &str) -> BTreeMap<String, Vec<Value>> {
    let mut out: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for r in run.records(stream) {
        let mut row = r.clone();
        let obj = row.as_object_mut().expect("object");
        let day = obj
            .remove("day")
            .and_then(|d| d.as_str().map(str::to_string));
        let key = obj.remove("groupKey").expect("groupKey");
        let want = match &obj["referenceValue"] {
            Value::Null => obj["value"].clone(),
            id => id.clone(),
        };
        assert_eq!(key, want, "{stream}: groupKey of {r}");
        out.entry(day.expect("day")).or_default().push(row);
    }
    for rows in out.values_mut() {
        rows.sort_by_key(Value::to_string);
    }
    out
}

/// Every day of `days` holds exactly the emulator's rows.
fn assert_matches_truth(
    emu: &Emulator,
    run: &Run,
    stream: &str,
    days: &[String],
    dept: Option<&str>,
) {
    let def = streams::find(stream).expect("stream");
    let got = records_by_day(run, stream);
    let read: Vec<&String> = got.keys().collect();
    let want_days: Vec<&String> = days
        .iter()
        .filter(|d| !truth_rows(emu, def, d, dept).is_empty())
        .collect();
    assert_eq!(read, want_days, "{stream}: days read");
    for day in days {
        let want = truth_rows(emu, def, day, dept);
        let have = got.get(day).cloned().unwrap_or_default();
        assert_eq!(have, want, "{stream} on {day}");
    }
}

fn days(from: i64, to: i64) -> Vec<String> {
    (from..=to).map(iso_day).collect()
}

fn saved_day(run: &Run, stream: &str) -> String {
    run.last_states()
        .as_array()
        .and_then(|a| {
            a.iter()
                .find(|s| s["stream"]["stream_descriptor"]["name"] == stream)
                .map(|s| s["stream"]["stream_state"]["day"].clone())
        })
        .and_then(|d| d.as_str().map(str::to_string))
        .unwrap_or_else(|| panic!("{stream}: no saved day"))
}

#[test]
fn daily_series_equal_the_truth_and_incremental_rereads_only_open_days() {
    let emu = emulator(EmulatorConfig::default());
    emu.create("tickets", 6).expect("create");
    let now = now_ms();
    let start = utc_day(now) - 3;
    let mut config = unbounded_config(emu.url());
    config["start_date"] = json!(format!("{}T00:00:00Z", iso_day(start)));
    let catalog = incremental_catalog(&STREAMS);

    let first = read(&config, &catalog, None);
    assert_eq!(first.code, 0, "{}", first.stderr);
    validate_records(&first);
    let today = utc_day(now_ms());
    for stream in STREAMS {
        assert_matches_truth(&emu, &first, stream, &days(start, today), None);
    }
    // By date: one row per day, today's partial one included.
    assert_eq!(
        first.records(STREAMS[0]).len() as i64,
        today - start + 1,
        "one row per day"
    );
    // The state is the last day over in every time zone (UTC-12 ends 12 h after UTC).
    let settled = utc_day(now - 12 * 3_600_000) - 1;
    for stream in STREAMS {
        assert_eq!(
            saved_day(&first, stream),
            iso_day(settled.max(start - 1)),
            "{stream}"
        );
    }

    // New tickets today, then an incremental sync from the saved state: the days after it
    // (today's included) are read again with the new figures, the settled ones are not.
    emu.create("tickets", 3).expect("create");
    let second = read(&config, &catalog, Some(&first.last_states()));
    assert_eq!(second.code, 0, "{}", second.stderr);
    let reread = days(settled.max(start - 1) + 1, utc_day(now_ms()));
    for stream in STREAMS {
        assert_matches_truth(&emu, &second, stream, &reread, None);
    }
    let by_date: Vec<String> = records_by_day(&second, STREAMS[0]).into_keys().collect();
    assert_eq!(
        by_date, reread,
        "the second sync reads exactly the open days"
    );
}

#[test]
fn the_department_filter_goes_down_to_zoho() {
    let emu = emulator(EmulatorConfig::default());
    let dept = truth_ids(&emu, "departments")[0].clone();
    let mut config = unbounded_config(emu.url());
    // A day in the seeded span, so the backlog is not empty.
    config["start_date"] = json!("2024-06-14T00:00:00Z");
    config["department_ids"] = json!([dept]);
    let stream = "dashboard_backlog_tickets_by_date";
    let def = streams::find(stream).expect("stream");
    let run = read(&config, &catalog(&[stream], false), None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let got = records_by_day(&run, stream);
    for day in ["2024-06-14", "2024-06-15"] {
        let want = truth_rows(&emu, def, day, Some(&dept));
        assert_eq!(got.get(day), Some(&want), "{day}");
        assert_ne!(
            want,
            truth_rows(&emu, def, day, None),
            "{day}: the filter narrows"
        );
    }
}
