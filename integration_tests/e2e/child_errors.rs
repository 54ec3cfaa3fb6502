//! A child endpoint's error is that child's: a 404 on a child list is confirmed with the
//! parent's by-id call before any row is given up, and a child's 403 scope refusal is not read
//! as the root's missing search scope.

use serde_json::json;
use zoho_desk_emulator::EmulatorConfig;

use crate::support::*;

const THREADS: &str = "GET /api/v1/tickets/{ticketId}/threads";

/// Transient 404s on the threads of tickets that exist: the tickets are checked, the lists
/// retried, and every thread arrives.
#[test]
fn a_transient_child_404_is_retried_after_the_parent_is_found() {
    let emu = emulator(EmulatorConfig {
        tickets: 30,
        ..EmulatorConfig::default()
    });
    // One request in flight: the first ticket's threads answer 404 twice, then the list.
    settings(&emu, json!({"flaky_404": {THREADS: 2}}));
    let mut config = base_config(emu.url());
    config["max_concurrent_requests"] = json!(1);
    let run = read(&config, &catalog(&["threads"], false), None);
    assert_eq!(run.code, 0, "{:?}", run.errors());
    assert_exactly_once("threads", &run.ids("threads"), &truth_ids(&emu, "threads"));
    let st = stats(&emu);
    assert_eq!(
        st["requests"]["GET /api/v1/tickets/{ticketId}"].as_u64(),
        Some(2),
        "one by-id check per 404: {st}"
    );
}

/// A child list that keeps answering 404 while its parent exists fails the stream loudly
/// (transient: the next sync retries) instead of completing without the rows.
#[test]
fn a_persistent_child_404_of_an_existing_parent_fails_the_stream() {
    let emu = emulator(EmulatorConfig {
        tickets: 5,
        ..EmulatorConfig::default()
    });
    settings(&emu, json!({"flaky_404": {THREADS: 1000}}));
    let run = read(
        &base_config(emu.url()),
        &catalog(&["threads", "agents"], false),
        None,
    );
    assert_eq!(run.code, 1);
    run.assert_stream_failed("threads", "transient_error", &["404", "still exists"]);
    assert_eq!(run.final_status("agents"), "COMPLETE");
}

/// threads refused with SCOPE_MISMATCH: the threads stream fails with that scope error, but
/// tickets keep their search walk (records with modifiedTime), and no stream is switched to
/// the list fallback.
#[test]
fn a_child_scope_refusal_does_not_switch_search_off() {
    let emu = emulator(EmulatorConfig {
        tickets: 40,
        ..EmulatorConfig::default()
    });
    settings(&emu, json!({"forbidden": {THREADS: "SCOPE_MISMATCH"}}));
    let mut config = base_config(emu.url());
    config["max_concurrent_requests"] = json!(1);
    let run = read(&config, &catalog(&["threads", "tickets"], false), None);
    assert_eq!(run.code, 1);
    run.assert_stream_failed("threads", "config_error", &["SCOPE_MISMATCH"]);
    assert_eq!(run.final_status("tickets"), "COMPLETE");
    assert_exactly_once("tickets", &run.ids("tickets"), &truth_ids(&emu, "tickets"));
    for r in run.records("tickets") {
        assert!(
            r["modifiedTime"].is_string(),
            "a list row, not a search row: {r}"
        );
    }
    let fallback = run.of_type("LOG").into_iter().any(|l| {
        l["log"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("lacks Desk.search.READ")
    });
    assert!(!fallback, "search was switched off by a child's refusal");
    let st = stats(&emu);
    assert!(
        st["requests"]["GET /api/v1/tickets"].is_null(),
        "the ticket list fallback was used: {st}"
    );
}
