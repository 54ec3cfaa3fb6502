//! Bad inputs are refused or corrected out loud (issue "never lose a row" point 6, and part 2
//! point 4): out-of-range settings, URLs without a host, department ids the token cannot see,
//! odd catalogs and unusable state entries.

use serde_json::{Value, json};
use zoho_desk_emulator::EmulatorConfig;

use crate::commands::{check, connection_status};
use crate::support::*;

fn small() -> EmulatorConfig {
    EmulatorConfig {
        tickets: 60,
        ..EmulatorConfig::default()
    }
}

fn warns(run: &Run) -> Vec<String> {
    run.of_type("LOG")
        .iter()
        .filter(|l| l["log"]["level"] == "WARN")
        .map(|l| l["log"]["message"].as_str().unwrap_or("").to_string())
        .collect()
}

fn assert_config_error(run: &Run, needles: &[&str]) {
    assert_eq!(run.code, 1, "{}", run.stdout);
    let errors = run.errors();
    let e = errors.first().expect("a TRACE ERROR");
    assert_eq!(e["failure_type"], "config_error", "{e}");
    for n in needles {
        assert!(
            e["message"].as_str().unwrap_or("").contains(n),
            "`{n}` not in {e}"
        );
    }
    assert!(run.records("tickets").is_empty());
}

/// Values outside the spec fail `check` and `read` naming the key and the allowed range.
#[test]
fn out_of_range_settings_and_hostless_urls_fail_check_and_read() {
    let emu = emulator(small());
    for (key, value, needles) in [
        (
            "page_size",
            json!(1000),
            &["`page_size`", "between 1 and 200"][..],
        ),
        (
            "max_concurrent_requests",
            json!(100_000),
            &["`max_concurrent_requests`", "between 1 and 25"],
        ),
        (
            "accounts_url",
            json!("http://"),
            &["`accounts_url`", "absolute http(s) URL with a host"],
        ),
    ] {
        let mut config = base_config(emu.url());
        config[key] = value;
        let (status, message) = connection_status(&check(&config));
        assert_eq!(status, "FAILED", "{key}");
        for n in needles {
            assert!(message.contains(n), "check: `{n}` not in {message}");
        }
        assert_config_error(&read(&config, &catalog(&["tickets"], false), None), needles);
    }
}

fn department_ids(emu: &zoho_desk_emulator::Emulator) -> Vec<String> {
    truth_ids(emu, "departments")
}

/// Department ids the token cannot see: all unknown fails `check` and `read` listing them;
/// one valid and one unknown passes `check` with a note and reads the valid one, with a WARN
/// per department-scoped stream.
#[test]
fn unknown_department_ids_are_named_by_check_and_read() {
    let emu = emulator(small());
    let mut config = base_config(emu.url());
    config["department_ids"] = json!(["123456789", "987654321"]);
    let (status, message) = connection_status(&check(&config));
    assert_eq!(status, "FAILED");
    for n in [
        "123456789",
        "987654321",
        "department_ids",
        &department_ids(&emu)[0],
    ] {
        assert!(message.contains(n), "`{n}` not in {message}");
    }
    assert_config_error(
        &read(&config, &catalog(&["tickets", "agents"], false), None),
        &["123456789", "`department_ids`"],
    );

    let valid = department_ids(&emu)[0].clone();
    config["department_ids"] = json!([valid, "987654321"]);
    let (status, message) = connection_status(&check(&config));
    assert_eq!(status, "SUCCEEDED", "{message}");
    assert!(
        message.contains("987654321") && !message.contains("123456789"),
        "{message}"
    );
    let run = read(
        &config,
        &catalog(&["tickets", "agents", "roles"], false),
        None,
    );
    assert_eq!(run.code, 0, "{:?}", run.errors());
    let tickets = run.records("tickets");
    assert!(!tickets.is_empty());
    assert!(tickets.iter().all(|t| t["departmentId"] == json!(valid)));
    let warns = warns(&run);
    for stream in ["tickets", "agents"] {
        assert!(
            warns
                .iter()
                .any(|w| w.contains(&format!("`{stream}`")) && w.contains("987654321")),
            "no WARN for {stream}: {warns:?}"
        );
    }
    assert!(!warns.iter().any(|w| w.contains("`roles`")), "{warns:?}");
}

/// A catalog whose `streams` is an object: the message names the field and what it should be.
#[test]
fn a_catalog_with_streams_as_an_object_names_the_field() {
    let emu = emulator(small());
    let cat = json!({"streams": {"tickets": {"sync_mode": "full_refresh"}}});
    let run = read(&base_config(emu.url()), &cat, None);
    assert_config_error(&run, &["`streams` must be a list", "got an object"]);
}

/// A stream listed twice is read once (WARN); listed with conflicting modes it is refused.
#[test]
fn a_stream_listed_twice_is_read_once_or_refused() {
    let emu = emulator(small());
    let mut cat = catalog(&["tickets", "agents"], false);
    let twice = cat["streams"][0].clone();
    cat["streams"].as_array_mut().expect("list").push(twice);
    let run = read(&base_config(emu.url()), &cat, None);
    assert_eq!(run.code, 0, "{:?}", run.errors());
    assert_exactly_once("tickets", &run.ids("tickets"), &truth_ids(&emu, "tickets"));
    assert!(
        warns(&run)
            .iter()
            .any(|w| w.contains("`tickets` is listed more than once"))
    );

    let mut conflicting = catalog(&["tickets"], false);
    let mut inc = catalog(&["tickets"], true)["streams"][0].clone();
    inc["stream"]["name"] = json!("tickets");
    conflicting["streams"]
        .as_array_mut()
        .expect("list")
        .push(inc);
    let run = read(&base_config(emu.url()), &conflicting, None);
    assert_config_error(&run, &["`tickets` is listed twice", "list it once"]);
}

/// An empty catalog, incremental asked of a full-refresh-only stream, and state entries that
/// cannot be used are each a WARN saying what was done instead.
#[test]
fn empty_catalogs_impossible_modes_and_unusable_states_are_warned() {
    let emu = emulator(small());
    let config = base_config(emu.url());
    let run = read(&config, &json!({"streams": []}), None);
    assert_eq!(run.code, 0, "{:?}", run.errors());
    assert!(warns(&run).iter().any(|w| w.contains("selects no streams")));

    let mut cat = catalog(&["agents", "tickets"], false);
    cat["streams"][0]["sync_mode"] = json!("incremental");
    let state: Value = json!([
        {"type": "STREAM", "stream": {"stream_descriptor": {"name": "no_such_stream"},
            "stream_state": {"modifiedTime": "2024-01-01T00:00:00.000Z"}}},
        {"type": "STREAM", "stream": {"stream_descriptor": {"name": "tickets"},
            "stream_state": "2024-01-01"}}
    ]);
    let run = read(&config, &cat, Some(&state));
    assert_eq!(run.code, 0, "{:?}", run.errors());
    let warns = warns(&run);
    assert!(
        warns
            .iter()
            .any(|w| w.contains("agents") && w.contains("full refresh")),
        "{warns:?}"
    );
    assert!(
        warns
            .iter()
            .any(|w| w.contains("`no_such_stream`") && w.contains("ignored"))
    );
    assert!(
        warns
            .iter()
            .any(|w| w.contains("`tickets`") && w.contains("starts from start_date"))
    );
    assert_exactly_once("tickets", &run.ids("tickets"), &truth_ids(&emu, "tickets"));
}

/// Date-only and offset start dates are accepted, converted exactly, and said so.
#[test]
fn non_utc_start_dates_are_converted_out_loud() {
    let emu = emulator(small());
    let mut config = base_config(emu.url());
    config["start_date"] = json!("2020-01-01");
    let run = read(&config, &catalog(&["tickets"], true), None);
    assert_eq!(run.code, 0, "{:?}", run.errors());
    assert!(
        warns(&run)
            .iter()
            .any(|w| w.contains("`start_date`") && w.contains("2020-01-01T00:00:00.000Z")),
        "{:?}",
        warns(&run)
    );
}

/// The department check reads every page of `/departments`: an id past the first 200 is known.
#[test]
fn the_department_check_reads_past_the_first_page() {
    let emu = emulator(EmulatorConfig {
        departments: 230,
        tickets: 10,
        ..EmulatorConfig::default()
    });
    let ids = department_ids(&emu);
    assert!(ids.len() > 200);
    let mut config = base_config(emu.url());
    config["department_ids"] = json!([ids.last().expect("ids")]);
    let (status, message) = connection_status(&check(&config));
    assert_eq!(status, "SUCCEEDED", "{message}");
}
