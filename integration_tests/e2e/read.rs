//! `read` end to end: completeness, incremental correctness, resilience.

use std::collections::HashSet;

use serde_json::{Value, json};
use zoho_desk_emulator::EmulatorConfig;

use crate::support::*;

/// Every id of the ground truth arrives exactly once, on every core stream, with pages small
/// enough that ties on modifiedTime (5% of rows) straddle many page boundaries.
#[test]
fn full_refresh_reads_every_id_exactly_once() {
    let emu = emulator(EmulatorConfig::default());
    let mut config = base_config(emu.url());
    config["page_size"] = json!(7);
    let run = read(&config, &catalog(CORE, false), None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for stream in CORE {
        assert_exactly_once(stream, &run.ids(stream), &truth_ids(&emu, stream));
        let statuses = &run.statuses()[*stream];
        assert_eq!(
            statuses.first().map(String::as_str),
            Some("STARTED"),
            "{stream}"
        );
        assert_eq!(
            statuses.last().map(String::as_str),
            Some("COMPLETE"),
            "{stream}"
        );
        assert!(statuses.len() >= 3, "{stream}: {statuses:?}");
    }
    validate_records(&run);
    // State after every page: many checkpoints, and their counts add up to the records.
    let mut counted = 0.0;
    for s in run.of_type("STATE") {
        counted += s["state"]["sourceStats"]["recordCount"]
            .as_f64()
            .expect("recordCount");
    }
    assert_eq!(counted as usize, run.of_type("RECORD").len());
    let ticket_states = run
        .of_type("STATE")
        .iter()
        .filter(|s| s["state"]["stream"]["stream_descriptor"]["name"] == "tickets")
        .count();
    assert!(
        ticket_states > 1200 / 7,
        "one checkpoint per page, got {ticket_states}"
    );
}

/// Full refresh and incremental emit the same shape (search rows carry modifiedTime).
#[test]
fn search_streams_have_the_cursor_in_both_modes() {
    let emu = emulator(EmulatorConfig {
        tickets: 50,
        ..EmulatorConfig::default()
    });
    let config = base_config(emu.url());
    for incremental in [false, true] {
        let run = read(
            &config,
            &catalog(&["tickets", "contacts", "accounts"], incremental),
            None,
        );
        assert_eq!(run.code, 0);
        for s in ["tickets", "contacts", "accounts"] {
            for r in run.records(s) {
                assert!(r["modifiedTime"].is_string(), "{s} lacks modifiedTime: {r}");
            }
        }
    }
}

/// A second incremental read after touching records returns the touched records and, read
/// again by design, the rows at the saved cursor and in the lookback window before it; it
/// costs a handful of requests, not a re-read.
#[test]
fn incremental_second_read_returns_only_changes() {
    let emu = emulator(EmulatorConfig::default());
    let config = base_config(emu.url());
    let cat = catalog(&["tickets", "contacts", "accounts"], true);
    let first = read(&config, &cat, None);
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert_exactly_once(
        "tickets",
        &first.ids("tickets"),
        &truth_ids(&emu, "tickets"),
    );
    let state = first.last_states();
    let near = |run: &Run, stream: &str| {
        let c = saved_cursor(run, stream, "modifiedTime");
        truth_ids_between(&emu, stream, c - LOOKBACK_MS, c)
    };
    let (near_t, near_c, near_a) = (
        near(&first, "tickets"),
        near(&first, "contacts"),
        near(&first, "accounts"),
    );

    let touched_t = touch(&emu, "tickets", 10);
    let touched_c = touch(&emu, "contacts", 3);
    reset_stats(&emu);
    let second = read(&config, &cat, Some(&state));
    assert_eq!(second.code, 0, "{}", second.stderr);
    assert_changes("tickets", &second.ids("tickets"), &touched_t, &near_t);
    let unique: HashSet<String> = second.ids("tickets").into_iter().collect();
    assert_eq!(second.ids("tickets").len(), unique.len(), "no duplicates");
    assert_changes("contacts", &second.ids("contacts"), &touched_c, &near_c);
    assert_changes("accounts", &second.ids("accounts"), &[], &near_a);
    let requests = stats(&emu)["total_requests"].as_u64().unwrap_or(u64::MAX);
    // Plus, per append_dedup stream, one recycle-bin call for its deletes (an empty answer).
    assert!(
        requests <= 15,
        "a quiet incremental sync should cost a few calls, made {requests}"
    );

    // A third read from the second's state returns only rows at its cursor (read again).
    let near_t = near(&second, "tickets");
    let third = read(&config, &cat, Some(&second.last_states()));
    assert_eq!(third.code, 0);
    assert_changes("tickets", &third.ids("tickets"), &[], &near_t);
    assert!(
        !third.ids("tickets").is_empty(),
        "rows at the cursor are read again"
    );
}

/// Interrupted after any checkpoint, a resumed read completes the set without loss.
#[test]
fn resuming_from_a_mid_stream_checkpoint_loses_nothing() {
    let emu = emulator(EmulatorConfig::default());
    let mut config = base_config(emu.url());
    config["page_size"] = json!(9);
    let cat = catalog(&["tickets"], true);
    let full = read(&config, &cat, None);
    let states: Vec<&Value> = full.of_type("STATE");
    // Take a checkpoint from the middle; everything after it must come back on resume.
    let mid = states[states.len() / 2];
    let before: usize = states[..=states.len() / 2]
        .iter()
        .map(|s| {
            s["state"]["sourceStats"]["recordCount"]
                .as_f64()
                .unwrap_or(0.0) as usize
        })
        .sum();
    let resumed = read(&config, &cat, Some(&json!([mid["state"]])));
    assert_eq!(resumed.code, 0);
    let mut union: Vec<String> = full.ids("tickets")[..before].to_vec();
    union.extend(resumed.ids("tickets"));
    // The resume starts at the checkpoint's cursor, less the lookback: those rows repeat.
    let cursor = mid["state"]["stream"]["stream_state"]["modifiedTime"]
        .as_str()
        .and_then(source_zoho_desk::timefmt::parse_zoho)
        .expect("cursor");
    let mut again = truth_ids_between(&emu, "tickets", cursor - LOOKBACK_MS, cursor);
    // A split walk resumes every unfinished slice at its own cursor: those rows repeat too.
    for slice in mid["state"]["stream"]["stream_state"]["slices"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|s| s["done"] == false)
    {
        if let Some(c) = slice["cursor"]
            .as_str()
            .and_then(source_zoho_desk::timefmt::parse_zoho)
        {
            again.extend(truth_ids_between(&emu, "tickets", c - LOOKBACK_MS, c));
        }
    }
    assert_complete("tickets", &union, &truth_ids(&emu, "tickets"), &again);
}

#[test]
fn future_state_yields_no_records_and_a_state() {
    let emu = emulator(EmulatorConfig {
        tickets: 30,
        ..EmulatorConfig::default()
    });
    let config = base_config(emu.url());
    let cat = catalog(&["tickets", "contacts"], true);
    let state = json!([
        {"type": "STREAM", "stream": {"stream_descriptor": {"name": "tickets"}, "stream_state": {"modifiedTime": "2100-01-01T00:00:00.000Z"}}},
        {"type": "STREAM", "stream": {"stream_descriptor": {"name": "contacts"}, "stream_state": {"modifiedTime": "2100-01-01T00:00:00.000Z"}}}
    ]);
    let run = read(&config, &cat, Some(&state));
    assert_eq!(run.code, 0);
    assert!(run.of_type("RECORD").is_empty());
    let last = run.last_states();
    assert_eq!(last.as_array().map(Vec::len), Some(2));
    assert_eq!(
        last[0]["stream"]["stream_state"]["modifiedTime"],
        "2100-01-01T00:00:00.000Z"
    );
}

#[test]
fn state_older_than_start_date_starts_at_start_date() {
    let emu = emulator(EmulatorConfig::default());
    let mut config = base_config(emu.url());
    config["start_date"] = json!("2024-06-01T00:00:00Z");
    let cat = catalog(&["tickets"], true);
    let state = json!([{"type": "STREAM", "stream": {"stream_descriptor": {"name": "tickets"},
        "stream_state": {"modifiedTime": "2021-01-01T00:00:00.000Z"}}}]);
    let run = read(&config, &cat, Some(&state));
    assert_eq!(run.code, 0);
    let records = run.records("tickets");
    assert!(!records.is_empty());
    for r in &records {
        assert!(
            r["modifiedTime"].as_str().unwrap_or("") >= "2024-06-01",
            "{}",
            r["modifiedTime"]
        );
    }
    let truth = admin_get(emu.url(), "/_admin/truth/tickets");
    let want = truth["records"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["modifiedTime"].as_str().unwrap_or("") >= "2024-06-01")
        .count();
    assert_eq!(records.len(), want);
}

/// A revoked token mid-read: one refresh, and the read completes with the exact set.
#[test]
fn revoked_token_is_refreshed_once_and_the_read_completes() {
    let emu = emulator(EmulatorConfig {
        latency_ms: 5,
        ..EmulatorConfig::default()
    });
    let mut config = base_config(emu.url());
    config["page_size"] = json!(20);
    config["max_concurrent_requests"] = json!(1);
    let cat = catalog(&["tickets"], false);
    let url = emu.url().to_string();
    // Revoke every issued token once the read is well under way (60 pages at >= 5 ms each).
    let revoker = std::thread::spawn(move || {
        let started = wait_for_stats(&url, |st| st["total_requests"].as_u64().unwrap_or(0) >= 10);
        if started {
            admin_send(
                &url,
                reqwest::Method::POST,
                "/_admin/revoke_tokens",
                &json!({}),
            );
        }
        started
    });
    let run = read(&config, &cat, None);
    assert!(
        revoker.join().unwrap_or(false),
        "the read ended before the revocation"
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_exactly_once("tickets", &run.ids("tickets"), &truth_ids(&emu, "tickets"));
    let st = stats(&emu);
    assert!(
        st["statuses"]["401"].as_u64().unwrap_or(0) >= 1,
        "no 401 seen: {st}"
    );
    assert_eq!(
        st["token_refreshes"], 2,
        "initial token + exactly one refresh: {st}"
    );
}

/// Tokens that expire every second during a longer read: refreshed, never one per request.
#[test]
fn expiring_token_is_refreshed_and_the_read_completes() {
    let emu = emulator(EmulatorConfig {
        token_lifetime_secs: 1,
        latency_ms: 10,
        ..EmulatorConfig::default()
    });
    let mut config = base_config(emu.url());
    config["page_size"] = json!(10);
    config["max_concurrent_requests"] = json!(1);
    let run = read_env(
        &config,
        &catalog(&["tickets"], false),
        None,
        &[("SOURCE_ZOHO_DESK_TOKEN_REFRESH_MARGIN_MS", "0")],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_exactly_once("tickets", &run.ids("tickets"), &truth_ids(&emu, "tickets"));
    let refreshes = stats(&emu)["token_refreshes"].as_u64().unwrap_or(0);
    let requests = stats(&emu)["total_requests"].as_u64().unwrap_or(0);
    assert!(
        refreshes >= 2,
        "the token expired during the read, refreshes = {refreshes}"
    );
    assert!(
        refreshes * 10 < requests,
        "refreshes {refreshes} vs requests {requests}"
    );
}

/// 10% injected faults (500, 503 HTML, cut bodies, revoked tokens) and 429s from a tight
/// concurrency limit: the exact same record set arrives.
#[test]
fn faults_and_429s_still_give_the_exact_record_set() {
    let emu = emulator(EmulatorConfig {
        fault_rate: 0.10,
        concurrency_limit: 2,
        // Enough latency that the streams' requests overlap and hit the concurrency limit.
        latency_ms: 15,
        ..EmulatorConfig::default()
    });
    let mut config = base_config(emu.url());
    config["page_size"] = json!(25);
    config["max_concurrent_requests"] = json!(6);
    let run = read(&config, &catalog(CORE, false), None);
    assert_eq!(run.code, 0, "{:?}", run.errors());
    for stream in CORE {
        assert_exactly_once(stream, &run.ids(stream), &truth_ids(&emu, stream));
    }
    let st = stats(&emu);
    let statuses = &st["statuses"];
    assert!(
        statuses["429"].as_u64().unwrap_or(0) > 0,
        "no 429 was provoked: {st}"
    );
    assert!(
        statuses["500"].as_u64().unwrap_or(0) + statuses["503"].as_u64().unwrap_or(0) > 0,
        "no 5xx was injected: {st}"
    );
    assert!(st["max_in_flight"].as_u64().unwrap_or(99) <= 6);
}

/// Zoho throttles token refreshes with "Access Denied": the connector waits and tries again,
/// and the read completes once the throttle clears.
#[test]
fn access_denied_on_refresh_is_waited_out() {
    let emu = emulator(EmulatorConfig {
        latency_ms: 5,
        refresh_throttle_per_minute: 1,
        ..EmulatorConfig::default()
    });
    let mut config = base_config(emu.url());
    config["page_size"] = json!(20);
    config["max_concurrent_requests"] = json!(1);
    let url = emu.url().to_string();
    // Revoke the first token mid-read: the refresh that follows is throttled until the test
    // lifts the limit.
    let helper = std::thread::spawn(move || {
        if !wait_for_stats(&url, |st| st["total_requests"].as_u64().unwrap_or(0) >= 10) {
            return false;
        }
        admin_send(
            &url,
            reqwest::Method::POST,
            "/_admin/revoke_tokens",
            &json!({}),
        );
        if !wait_for_stats(&url, |st| st["token_throttled"].as_u64().unwrap_or(0) >= 2) {
            return false;
        }
        admin_send(
            &url,
            reqwest::Method::PUT,
            "/_admin/settings",
            &json!({"refresh_throttle_per_minute": 100}),
        );
        true
    });
    let run = read(&config, &catalog(&["tickets"], false), None);
    assert!(helper.join().unwrap_or(false), "the throttle was never hit");
    assert_eq!(run.code, 0, "{:?}", run.errors());
    assert_exactly_once("tickets", &run.ids("tickets"), &truth_ids(&emu, "tickets"));
    assert!(run.of_type("LOG").iter().any(|l| {
        l["log"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("Access Denied")
    }));
}

/// A throttle that does not clear within the allowed wait stops the sync as a transient error
/// (the platform retries later), with a message that says what to do.
#[test]
fn persistent_access_denied_stops_as_transient() {
    let emu = emulator(EmulatorConfig {
        refresh_throttle_per_minute: 0,
        ..EmulatorConfig::default()
    });
    let run = read_env(
        &base_config(emu.url()),
        &catalog(&["tickets", "agents"], false),
        None,
        &[("SOURCE_ZOHO_DESK_MAX_TOKEN_THROTTLE_WAIT_MS", "200")],
    );
    assert_eq!(run.code, 1);
    let errors = run.errors();
    assert!(!errors.is_empty());
    for e in errors {
        assert_eq!(e["failure_type"], "transient_error", "{e}");
    }
    assert!(run.stdout.contains("Access Denied"));
}

/// More than 5,000 search rows in one window: the keyset walk never pages past Zoho's cap,
/// even under the strict reading (from + limit <= 5000), and loses nothing.
#[test]
fn search_walks_past_the_five_thousand_row_window() {
    let emu = emulator(EmulatorConfig {
        tickets: 12_000,
        search_strict_window: true,
        ..EmulatorConfig::default()
    });
    let run = read(&base_config(emu.url()), &catalog(&["tickets"], true), None);
    assert_eq!(run.code, 0, "{:?}", run.errors());
    assert_exactly_once("tickets", &run.ids("tickets"), &truth_ids(&emu, "tickets"));
    assert!(
        stats(&emu)["messages_422"]
            .as_array()
            .is_some_and(Vec::is_empty)
    );
}

/// When Zoho's page-size cap is lower than the documented one (the search cap is disputed:
/// 100 or 50), the 422 names the range; the connector steps down and loses nothing.
#[test]
fn a_lower_page_size_cap_is_learned_from_the_422() {
    let emu = emulator(EmulatorConfig {
        search_limit_max: 50,
        ..EmulatorConfig::default()
    });
    let run = read(&base_config(emu.url()), &catalog(&["tickets"], true), None);
    assert_eq!(run.code, 0, "{:?}", run.errors());
    assert_exactly_once("tickets", &run.ids("tickets"), &truth_ids(&emu, "tickets"));
    let st = stats(&emu);
    assert_eq!(st["messages_422"].as_array().map(Vec::len), Some(1), "{st}");
}
