//! spec / check / discover and read's handling of odd inputs and of Zoho refusing things.

use serde_json::{Value, json};
use zoho_desk_emulator::EmulatorConfig;

use crate::support::*;

pub fn small() -> EmulatorConfig {
    EmulatorConfig {
        tickets: 40,
        contacts: 20,
        accounts: 10,
        ..EmulatorConfig::default()
    }
}

pub fn check(config: &Value) -> Run {
    run(
        &["check", "--config", "config.json"],
        &[("config.json", config)],
        &[],
    )
}

pub fn connection_status(run: &Run) -> (String, String) {
    let all = run.of_type("CONNECTION_STATUS");
    assert_eq!(
        all.len(),
        1,
        "exactly one CONNECTION_STATUS: {}",
        run.stdout
    );
    let cs = &all[0]["connectionStatus"];
    (
        cs["status"].as_str().unwrap_or("").into(),
        cs["message"].as_str().unwrap_or("").into(),
    )
}

#[test]
fn spec_prints_one_spec_without_config() {
    let run = run(&["spec"], &[], &[]);
    assert_eq!(run.code, 0);
    assert_eq!(run.messages.len(), 1);
    assert!(run.messages[0]["spec"]["connectionSpecification"].is_object());
}

#[test]
fn check_succeeds_with_good_credentials() {
    let emu = emulator(small());
    let run = check(&base_config(emu.url()));
    assert_eq!(run.code, 0);
    assert_eq!(connection_status(&run).0, "SUCCEEDED");
}

#[test]
fn check_fails_cleanly_on_bad_credentials_and_config() {
    let emu = emulator(small());
    let good = base_config(emu.url());

    let mut revoked = good.clone();
    revoked["credentials"]["refresh_token"] = json!("e2e-revoked-refresh-token");
    let run = check(&revoked);
    assert_eq!(run.code, 0);
    let (status, message) = connection_status(&run);
    assert_eq!(status, "FAILED");
    assert!(
        message.contains("invalid_code") && message.contains("Re-authorize"),
        "{message}"
    );

    let mut wrong_client = good.clone();
    wrong_client["credentials"]["client_id"] = json!("e2e-unknown-client");
    let (status, message) = connection_status(&check(&wrong_client));
    assert_eq!(status, "FAILED");
    assert!(message.contains("client ID"), "{message}");

    let mut wrong_org = good.clone();
    wrong_org["organization_id"] = json!("123456");
    let (status, message) = connection_status(&check(&wrong_org));
    assert_eq!(status, "FAILED");
    assert!(message.contains("123456"), "{message}");

    let mut missing = good.clone();
    missing.as_object_mut().unwrap().remove("organization_id");
    let (status, message) = connection_status(&check(&missing));
    assert_eq!(status, "FAILED");
    assert!(message.contains("organization_id"), "{message}");

    // A secret of the wrong type: the parse error must not quote it.
    let mut numeric_secret = good.clone();
    numeric_secret["credentials"]["client_secret"] = json!(987654321987_u64);
    let run = check(&numeric_secret);
    let (status, message) = connection_status(&run);
    assert_eq!(status, "FAILED");
    assert!(message.contains("client_secret"), "{message}");
    assert!(!run.stdout.contains("987654321987") && !run.stderr.contains("987654321987"));

    let mut bad_dc = good.clone();
    bad_dc["data_center"] = json!("MARS");
    let (status, message) = connection_status(&check(&bad_dc));
    assert_eq!(status, "FAILED");
    assert!(message.contains("data_center"), "{message}");

    // Tokens minted by one accounts server used on another's Desk host (a wrong data center):
    // a few fresh tokens are tried, then the answer names the data center.
    let other_dc = emulator(small());
    let mut cross = good.clone();
    cross["desk_url"] = json!(other_dc.url());
    reset_stats(&emu);
    let (status, message) = connection_status(&check(&cross));
    assert_eq!(status, "FAILED");
    assert!(message.contains("Data Center"), "{message}");
    assert_eq!(
        stats(&emu)["token_refreshes"],
        6,
        "six fresh tokens (none ever accepted), then stop"
    );
    // An unreachable host is not a bad setting: see protocol_polish.
}

/// A portal whose token lacks Desk.search.READ (and the optional scopes).
pub fn without_search_scope() -> EmulatorConfig {
    EmulatorConfig {
        scopes: vec![
            "Desk.tickets.READ".into(),
            "Desk.contacts.READ".into(),
            "Desk.basic.READ".into(),
        ],
        ..small()
    }
}

#[test]
fn check_reports_missing_search_scope_without_failing() {
    let emu = emulator(without_search_scope());
    let (status, message) = connection_status(&check(&base_config(emu.url())));
    assert_eq!(status, "SUCCEEDED");
    assert!(message.contains("Desk.search.READ"), "{message}");
}

#[test]
fn discover_lists_core_streams_with_modes() {
    let emu = emulator(small());
    let run = run(
        &["discover", "--config", "config.json"],
        &[("config.json", &base_config(emu.url()))],
        &[],
    );
    assert_eq!(run.code, 0);
    let catalog = &run.of_type("CATALOG")[0]["catalog"];
    let streams = catalog["streams"].as_array().expect("streams");
    for name in CORE {
        let s = streams
            .iter()
            .find(|s| s["name"] == *name)
            .unwrap_or_else(|| panic!("{name} missing"));
        let props = &s["json_schema"]["properties"];
        assert!(props["id"].is_object(), "{name}: primary key in schema");
        if ["tickets", "contacts", "accounts"].contains(name) {
            assert_eq!(
                s["supported_sync_modes"],
                json!(["full_refresh", "incremental"])
            );
            assert_eq!(s["default_cursor_field"], json!(["modifiedTime"]));
            assert!(
                props["modifiedTime"].is_object(),
                "{name}: cursor in schema"
            );
        } else {
            assert_eq!(s["supported_sync_modes"], json!(["full_refresh"]));
        }
    }
}

#[test]
fn bad_sync_mode_is_a_trace_error() {
    let emu = emulator(small());
    let mut cat = catalog(&["tickets"], false);
    cat["streams"][0]["sync_mode"] = json!("INVALID");
    let run = read(&base_config(emu.url()), &cat, None);
    assert_eq!(run.code, 1);
    assert!(!run.errors().is_empty());
}

#[test]
fn unknown_stream_fails_alone() {
    let emu = emulator(small());
    let mut cat = catalog(&["tickets", "agents"], false);
    cat["streams"][1]["stream"]["name"] = json!("no_such_stream");
    let run = read(&base_config(emu.url()), &cat, None);
    assert_eq!(run.code, 1);
    assert_eq!(run.final_status("tickets"), "COMPLETE");
    assert_eq!(run.final_status("no_such_stream"), "INCOMPLETE");
    let errs = run.errors();
    assert!(
        errs.iter()
            .any(|e| e["stream_descriptor"]["name"] == "no_such_stream")
    );
}

#[test]
fn lenient_state_inputs_are_accepted() {
    let emu = emulator(small());
    let config = base_config(emu.url());
    let cat = catalog(&["tickets"], true);
    let pyairbyte = json!([{"type": "STREAM", "stream": {"stream_descriptor": {"name": "tickets", "namespace": null},
        "stream_state": {"modifiedTime": "2000-01-01T00:00:00.000Z"}}, "data": null, "global_": null,
        "sourceStats": null, "destinationStats": null}]);
    for state in [json!([]), Value::Null, json!({}), pyairbyte] {
        let run = read(&config, &cat, Some(&state));
        assert_eq!(run.code, 0, "state {state}: {}", run.stderr);
        // Live records only: the old-style state also gets the tombstones of the bin's
        // deletes since its cursor (`deletes.rs`).
        let live = run.records("tickets").into_iter();
        let live = live.filter(|r| r.get("_ab_cdc_deleted_at").is_none());
        assert_eq!(live.count(), 40, "state {state}");
    }
}

#[test]
fn without_search_scope_full_refresh_falls_back_and_incremental_says_why() {
    let emu = emulator(EmulatorConfig {
        scopes: vec![
            "Desk.tickets.READ".into(),
            "Desk.contacts.READ".into(),
            "Desk.basic.READ".into(),
        ],
        ..small()
    });
    let config = base_config(emu.url());
    let full = read(&config, &catalog(&["tickets"], false), None);
    assert_eq!(full.code, 0, "{}", full.stderr);
    assert_exactly_once("tickets", &full.ids("tickets"), &truth_ids(&emu, "tickets"));
    assert!(full.of_type("LOG").iter().any(|l| {
        l["log"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("Desk.search.READ")
    }));

    let inc = read(&config, &catalog(&["tickets"], true), None);
    assert_eq!(inc.code, 1);
    inc.assert_stream_failed("tickets", "config_error", &["Desk.search.READ"]);
}

#[test]
fn a_missing_module_scope_fails_only_that_stream() {
    let emu = emulator(EmulatorConfig {
        scopes: vec![
            "Desk.tickets.READ".into(),
            "Desk.contacts.READ".into(),
            "Desk.search.READ".into(),
        ],
        ..small()
    });
    let run = read(
        &base_config(emu.url()),
        &catalog(&["tickets", "contacts", "agents"], true),
        None,
    );
    assert_eq!(run.code, 1);
    assert_eq!(run.final_status("tickets"), "COMPLETE");
    assert_eq!(run.final_status("contacts"), "COMPLETE");
    run.assert_stream_failed(
        "agents",
        "config_error",
        &["SCOPE_MISMATCH", "Desk.basic.READ"],
    );
}

/// Daily credits run out mid-sync with a reset far away: the sync stops with a resumable state
/// (transient error), and the next run, after the reset, completes without loss or duplicate.
#[test]
fn credit_exhaustion_stops_resumably() {
    let emu = emulator(EmulatorConfig {
        credit_budget: 60,
        credit_reset_secs: 7200,
        ..EmulatorConfig::default()
    });
    let mut config = base_config(emu.url());
    config["page_size"] = json!(50);
    config["max_concurrent_requests"] = json!(1);
    // Zoho's own limit is under test, not the connector's reserve.
    config["api_credit_reserve"] = json!(0);
    let cat = catalog(&["tickets"], true);
    let first = read(&config, &cat, None);
    assert_eq!(first.code, 1);
    first.assert_stream_failed("tickets", "transient_error", &["THRESHOLD_EXCEEDED"]);
    let got_first = first.ids("tickets");
    assert!(!got_first.is_empty() && got_first.len() < 1200);

    settings(&emu, json!({"credit_budget": 1_000_000}));
    let cursor = saved_cursor(&first, "tickets", "modifiedTime");
    let again = truth_ids_between(&emu, "tickets", cursor - LOOKBACK_MS, cursor);
    let second = read(&config, &cat, Some(&first.last_states()));
    assert_eq!(second.code, 0, "{}", second.stderr);
    let mut all = got_first;
    all.extend(second.ids("tickets"));
    assert_complete("tickets", &all, &truth_ids(&emu, "tickets"), &again);
}

/// A short Retry-After is waited out, with a RATE_LIMITED status while waiting.
#[test]
fn short_credit_reset_is_waited_out_with_rate_limited_status() {
    let emu = emulator(EmulatorConfig {
        credit_budget: 12,
        credit_reset_secs: 1,
        ..small()
    });
    let mut config = base_config(emu.url());
    config["page_size"] = json!(5);
    config["max_concurrent_requests"] = json!(1);
    // Zoho's own limit is under test, not the connector's reserve.
    config["api_credit_reserve"] = json!(0);
    let run = read(&config, &catalog(&["tickets"], true), None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_exactly_once("tickets", &run.ids("tickets"), &truth_ids(&emu, "tickets"));
    let rate_limited = run
        .messages
        .iter()
        .any(|m| m["trace"]["stream_status"]["reasons"][0]["type"] == "RATE_LIMITED");
    assert!(rate_limited, "no RATE_LIMITED status while waiting");
}
