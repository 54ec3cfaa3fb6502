//! The client against odd answers (issue "never lose a row", point 4): HTTP 200 with an
//! errorCode, HTML or cut 200 bodies, a body without its rows key, 429 storms, a Retry-After of
//! a day, oversized bodies. Each is recovered exactly or fails loudly; none becomes a record.

use serde_json::json;
use zoho_desk_emulator::EmulatorConfig;

use crate::support::*;

const SEARCH: &str = "GET /api/v1/tickets/search";
const METRICS: &str = "GET /api/v1/tickets/{ticketId}/metrics";

fn small() -> EmulatorConfig {
    EmulatorConfig {
        tickets: 60,
        ..EmulatorConfig::default()
    }
}

fn config_for(url: &str) -> serde_json::Value {
    let mut config = base_config(url);
    config["page_size"] = json!(20);
    config["max_concurrent_requests"] = json!(1);
    config
}

/// Retryable codes in HTTP 200 bodies, HTML and cut 200 bodies, on a search and on a
/// single-object endpoint: every row arrives exactly once and no error body is a record.
#[test]
fn retryable_odd_200_answers_are_recovered_exactly() {
    let emu = emulator(small());
    let odd = json!([
        "error_200:INTERNAL_SERVER_ERROR",
        "html_200",
        "cut_200",
        "error_200:TOO_MANY_REQUESTS",
        "error_200:INVALID_OAUTH"
    ]);
    settings(&emu, json!({"odd_bodies": {SEARCH: odd, METRICS: odd}}));
    let run = read(
        &config_for(emu.url()),
        &catalog(&["tickets", "ticket_metrics"], false),
        None,
    );
    assert_eq!(run.code, 0, "{:?}", run.errors());
    let tickets = truth_ids(&emu, "tickets");
    assert_exactly_once("tickets", &run.ids("tickets"), &tickets);
    assert_metrics_once_per_ticket(&run, &tickets);
    assert!(
        !run.stdout.contains("\"errorCode\""),
        "an error body became a record"
    );
    assert!(
        emu.settings().odd_bodies.is_empty(),
        "every odd answer was served"
    );
    // INVALID_OAUTH in a 200 body was handled as a 401: two tokens minted for it.
    assert!(stats(&emu)["token_refreshes"].as_u64().unwrap_or(0) >= 3);
}

/// An errorCode the connector does not know, in an HTTP 200 answer of a single-object
/// endpoint, fails that stream loudly with the code named; the other stream completes.
#[test]
fn unknown_error_code_in_a_200_answer_fails_the_stream_loudly() {
    let emu = emulator(small());
    settings(
        &emu,
        json!({"odd_bodies": {METRICS: ["error_200:SOMETHING_UNHEARD_OF"]}}),
    );
    let run = read(
        &config_for(emu.url()),
        &catalog(&["ticket_metrics", "agents"], false),
        None,
    );
    assert_eq!(run.code, 1);
    run.assert_stream_failed(
        "ticket_metrics",
        "system_error",
        &["SOMETHING_UNHEARD_OF", "/metrics", "HTTP 200"],
    );
    assert_eq!(run.final_status("agents"), "COMPLETE");
    assert!(!run.stdout.contains("\"errorCode\""));
}

/// A list body without its rows key and without an errorCode is a loud failure, never "0 rows".
#[test]
fn missing_wrapper_fails_the_stream_loudly() {
    let emu = emulator(small());
    settings(&emu, json!({"odd_bodies": {SEARCH: ["no_wrapper_200"]}}));
    let run = read(&config_for(emu.url()), &catalog(&["tickets"], false), None);
    assert_eq!(run.code, 1);
    run.assert_stream_failed("tickets", "system_error", &["no `data` list"]);
}

/// A cut body that never heals ends as a transient error naming the request, after the
/// policy's bounded retries.
#[test]
fn a_body_that_stays_cut_is_a_transient_error() {
    let emu = emulator(small());
    settings(&emu, json!({"odd_bodies": {SEARCH: vec!["cut_200"; 50]}}));
    let run = read(&config_for(emu.url()), &catalog(&["tickets"], false), None);
    assert_eq!(run.code, 1);
    run.assert_stream_failed(
        "tickets",
        "transient_error",
        &["GET /api/v1/tickets/search", "not JSON"],
    );
    assert!(run.records("tickets").is_empty());
}

/// A storm of 429s longer than any count-based bound (60 refusals in a row for one request) is
/// sat out: the read completes exactly.
#[test]
fn a_429_storm_is_survived() {
    let emu = emulator(small());
    settings(&emu, json!({"throttle_storm": {"requests": 60}}));
    let run = read(&config_for(emu.url()), &catalog(&["tickets"], false), None);
    assert_eq!(run.code, 0, "{:?}", run.errors());
    assert_exactly_once("tickets", &run.ids("tickets"), &truth_ids(&emu, "tickets"));
    assert!(stats(&emu)["statuses"]["429"].as_u64().unwrap_or(0) >= 60);
}

/// A storm that outlasts the throttle budget ends as a transient error.
#[test]
fn a_429_storm_beyond_the_budget_is_a_transient_error() {
    let emu = emulator(small());
    settings(&emu, json!({"throttle_storm": {"requests": 1_000_000}}));
    let run = read_env(
        &config_for(emu.url()),
        &catalog(&["tickets"], false),
        None,
        &[("SOURCE_ZOHO_DESK_THROTTLE_BUDGET_MS", "300")],
    );
    assert_eq!(run.code, 1);
    run.assert_stream_failed(
        "tickets",
        "transient_error",
        &["429 TOO_MANY_REQUESTS", "throttle budget"],
    );
}

/// TOO_MANY_REQUESTS with `Retry-After: 86400` after some pages: the sync stops at once with a
/// transient error and the state of the pages already read (today it would sleep a day).
#[test]
fn a_retry_after_of_a_day_stops_the_sync_with_a_resumable_state() {
    let emu = emulator(small());
    let mut config = config_for(emu.url());
    config["page_size"] = json!(10);
    let url = emu.url().to_string();
    let storm = std::thread::spawn(move || {
        if !wait_for_stats(&url, |st| st["requests"][SEARCH].as_u64().unwrap_or(0) >= 2) {
            return false;
        }
        admin_send(
            &url,
            reqwest::Method::PUT,
            "/_admin/settings",
            &json!({"throttle_storm": {"requests": 1_000_000}, "retry_after_secs": 86_400}),
        );
        true
    });
    let run = read(&config, &catalog(&["tickets"], true), None);
    assert!(storm.join().unwrap_or(false), "the storm never started");
    assert_eq!(run.code, 1);
    run.assert_stream_failed("tickets", "transient_error", &["86400 s", "saved state"]);
    let states = run.last_states();
    assert!(
        states.as_array().is_some_and(|s| s
            .iter()
            .any(|s| s["stream"]["stream_descriptor"]["name"] == "tickets")),
        "no tickets state to resume from: {states}"
    );
    // One sync-wide stop: requests after it are not sent (no retry loop against the storm).
    let refused = stats(&emu)["statuses"]["429"].as_u64().unwrap_or(0);
    assert!(
        (1..=2).contains(&refused),
        "{refused} requests answered 429"
    );
}

/// A body over the size cap fails the request with a message that names it.
#[test]
fn an_oversized_body_is_refused_naming_the_request() {
    let emu = emulator(small());
    let run = read_env(
        &config_for(emu.url()),
        &catalog(&["tickets"], false),
        None,
        &[("SOURCE_ZOHO_DESK_MAX_BODY_BYTES", "2000")],
    );
    assert_eq!(run.code, 1);
    run.assert_stream_failed(
        "tickets",
        "system_error",
        &["GET /api/v1/tickets/search", "larger than 2000 bytes"],
    );
}

/// Answers stalled past the request timeout are retried like any timeout: exact records.
#[test]
fn stalled_answers_past_the_timeout_are_retried_exactly() {
    let emu = emulator(small());
    settings(&emu, json!({"stall": {SEARCH: {"count": 2, "ms": 1500}}}));
    let run = read_env(
        &config_for(emu.url()),
        &catalog(&["tickets"], false),
        None,
        &[("SOURCE_ZOHO_DESK_REQUEST_TIMEOUT_MS", "300")],
    );
    assert_eq!(run.code, 0, "{:?}", run.errors());
    assert_exactly_once("tickets", &run.ids("tickets"), &truth_ids(&emu, "tickets"));
    assert!(emu.settings().stall.is_empty(), "both stalls were served");
}
