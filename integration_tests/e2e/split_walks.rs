//! Split search walks: a large range is read as concurrent slices, exact, with few pages more
//! than one walk, and resumable slice by slice after a kill -9.

use serde_json::{Value, json};
use zoho_desk_emulator::{Emulator, EmulatorConfig};

use crate::sigkill::read_killed;
use crate::support::*;

const TICKETS: usize = 5000;
const PAGE: usize = 50;

fn setup(tickets: usize, page: usize, concurrency: u32) -> (Emulator, Value) {
    let emu = emulator(EmulatorConfig {
        tickets,
        // Long enough for requests of different slices to overlap at the emulator.
        latency_ms: 10,
        concurrency_limit: 25,
        ..EmulatorConfig::default()
    });
    let mut config = base_config(emu.url());
    config["page_size"] = json!(page);
    config["max_concurrent_requests"] = json!(concurrency);
    // No start_date: the truth is every record, whatever its age.
    config.as_object_mut().expect("config").remove("start_date");
    (emu, config)
}

fn search_requests(emu: &Emulator) -> u64 {
    stats(emu)["requests"]["GET /api/v1/tickets/search"]
        .as_u64()
        .unwrap_or(0)
}

/// Most slices any of a run's tickets states held.
fn most_slices(run: &Run) -> usize {
    run.of_type("STATE")
        .iter()
        .filter(|s| s["state"]["stream"]["stream_descriptor"]["name"] == "tickets")
        .filter_map(|s| s["state"]["stream"]["stream_state"]["slices"].as_array())
        .map(Vec::len)
        .max()
        .unwrap_or(0)
}

#[test]
fn a_split_full_refresh_reads_every_row_once_in_at_most_a_tenth_more_pages() {
    let (emu, config) = setup(TICKETS, PAGE, 8);
    reset_stats(&emu);
    let run = read(&config, &catalog(&["tickets"], false), None);
    assert_eq!(run.code, 0, "{:?}", run.errors());
    assert_exactly_once("tickets", &run.ids("tickets"), &truth_ids(&emu, "tickets"));
    let slices = most_slices(&run);
    assert!(slices >= 4, "the range was cut into {slices} slices");
    let pages = search_requests(&emu);
    let one_walk = (TICKETS / PAGE + 1) as f64;
    eprintln!("{pages} search pages in {slices} slices; one walk: {one_walk}");
    assert!(
        pages as f64 <= 1.10 * one_walk,
        "{pages} pages against {one_walk} for one walk"
    );
    let in_flight = stats(&emu)["max_in_flight"].as_u64().unwrap_or(0);
    assert!(
        in_flight >= 4,
        "only {in_flight} requests were in flight at once"
    );
    let last = run.last_states();
    let state = &last[0]["stream"]["stream_state"];
    assert!(
        state.get("slices").is_none() && state["modifiedTime"].is_string(),
        "a finished walk saves the plain cursor: {state}"
    );
}

#[test]
fn a_split_walk_resumes_losslessly_after_sigkill() {
    let (emu, config) = setup(600, 10, 6);
    let cat = all_incremental(&["tickets"]);
    let want = truth_ids(&emu, "tickets");
    let mut kills = 0;
    for after in [2, 7, 20, 45] {
        let (mut got, state) = read_killed(&config, &cat, "tickets", after);
        let Some(state) = state else { continue };
        kills += 1;
        let held = state["stream"]["stream_state"]["slices"]
            .as_array()
            .map_or(0, Vec::len);
        if after > 2 {
            assert!(
                held > 1,
                "the state after {after} pages holds {held} slices"
            );
        }
        let resumed = read(&config, &cat, Some(&json!([state])));
        assert_eq!(resumed.code, 0, "{:?}", resumed.errors());
        got.extend(resumed.ids("tickets"));
        for id in &want {
            assert!(got.contains(id), "{id} lost after a kill at state {after}");
        }
        let st = &resumed.last_states()[0]["stream"]["stream_state"];
        assert!(st.get("slices").is_none(), "the resume finished: {st}");
    }
    assert!(kills >= 3, "the read ended before most kill points");
}

#[test]
fn a_state_without_slices_resumes_as_one_range_and_is_split() {
    let (emu, config) = setup(TICKETS, PAGE, 8);
    let cat = all_incremental(&["tickets"]);
    let old = json!([{"type": "STREAM", "stream": {"stream_descriptor": {"name": "tickets"},
        "stream_state": {"modifiedTime": "2000-01-01T00:00:00.000Z", "ids_at_cursor": ["1"]}}}]);
    let run = read(&config, &cat, Some(&old));
    assert_eq!(run.code, 0, "{:?}", run.errors());
    assert_exactly_once("tickets", &run.ids("tickets"), &truth_ids(&emu, "tickets"));
    assert!(most_slices(&run) >= 4);
}

#[test]
fn department_partitions_split_each_department_and_resume() {
    let (emu, mut config) = setup(TICKETS, PAGE, 8);
    let depts = truth_ids(&emu, "departments");
    config["department_ids"] = json!(depts[..2]);
    let cat = all_incremental(&["tickets"]);
    let truth: Vec<String> = admin_get(emu.url(), "/_admin/truth/tickets")["records"]
        .as_array()
        .expect("truth")
        .iter()
        .filter(|r| depts[..2].contains(&id_of(&json!({"id": r["departmentId"]}))))
        .map(id_of)
        .collect();
    let (mut got, state) = read_killed(&config, &cat, "tickets", 30);
    let state = state.expect("killed mid-read");
    let parts = &state["stream"]["stream_state"]["partitions"];
    assert!(parts.is_object(), "per-department states: {state}");
    let resumed = read(&config, &cat, Some(&json!([state])));
    assert_eq!(resumed.code, 0, "{:?}", resumed.errors());
    got.extend(resumed.ids("tickets"));
    for id in &truth {
        assert!(got.contains(id), "{id} lost");
    }
    let st = &resumed.last_states()[0]["stream"]["stream_state"]["partitions"];
    for d in &depts[..2] {
        assert!(st[d]["modifiedTime"].is_string(), "{d}: {st}");
        assert!(st[d].get("slices").is_none(), "{d}: {st}");
    }
}

/// id → modifiedTime of the tickets' ground truth.
fn versions(emu: &Emulator) -> std::collections::HashMap<String, String> {
    admin_get(emu.url(), "/_admin/truth/tickets")["records"]
        .as_array()
        .expect("truth")
        .iter()
        .map(|r| {
            (
                id_of(r),
                r["modifiedTime"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// Rows edited while the slices are read leave their slice for the top one: every row of the
/// start arrives, and only edited rows repeat.
#[test]
fn a_split_full_refresh_is_exact_while_rows_move_between_slices() {
    let (emu, config) = setup(2000, 20, 8);
    let before = versions(&emu);
    settings(
        &emu,
        json!({"mutator": {"every": 12, "touch": {"tickets": 3}}}),
    );
    let run = read(&config, &catalog(&["tickets"], false), None);
    settings(&emu, json!({"mutator": null}));
    assert_eq!(run.code, 0, "{:?}", run.errors());
    assert!(most_slices(&run) >= 4);
    let after = versions(&emu);
    let changed: Vec<String> = before
        .iter()
        .filter(|(id, t)| after.get(*id) != Some(*t))
        .map(|(id, _)| id.clone())
        .collect();
    assert!(changed.len() >= 10, "only {} rows edited", changed.len());
    let want: Vec<String> = before.keys().cloned().collect();
    assert_complete("tickets", &run.ids("tickets"), &want, &changed);
    // Each edited row arrives in a version at least as new as the start's.
    for id in &changed {
        let newest = run
            .records("tickets")
            .iter()
            .filter(|r| id_of(r) == *id)
            .filter_map(|r| r["modifiedTime"].as_str().map(str::to_string))
            .max();
        assert!(newest.is_some_and(|t| t >= before[id]), "{id}");
    }
}

/// A top slice that ends long before a lower one: rows the lower slice had not reached yet and
/// that are edited after the top slice's empty page are read by its last walk.
#[test]
fn the_top_slice_is_walked_again_after_the_others_end() {
    let (emu, config) = setup(2000, 20, 2);
    let before = versions(&emu);
    let mut times: Vec<&String> = before.values().collect();
    times.sort();
    // The top slice holds the 20 newest rows, the other one everything else.
    let x = times[times.len() - 20].clone();
    let state = json!([{"type": "STREAM", "stream": {"stream_descriptor": {"name": "tickets"},
    "stream_state": {"slices": [
        {"from": null, "to": x, "cursor": null, "done": false},
        {"from": x, "to": null, "cursor": null, "done": false}
    ]}}}]);
    settings(
        &emu,
        json!({"mutator": {"every": 12, "touch": {"tickets": 3}}}),
    );
    let run = read(&config, &all_incremental(&["tickets"]), Some(&state));
    settings(&emu, json!({"mutator": null}));
    assert_eq!(run.code, 0, "{:?}", run.errors());
    let got = run.ids("tickets");
    let lost: Vec<&String> = before.keys().filter(|id| !got.contains(id)).collect();
    assert!(
        lost.is_empty(),
        "{} rows lost, e.g. {:?}",
        lost.len(),
        &lost[..lost.len().min(3)]
    );
}
