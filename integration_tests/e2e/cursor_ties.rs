//! Incremental reads are inclusive: a resume reads the rows at the saved cursor again, so a
//! record re-modified in the same millisecond as the cursor is never lost, and a second read of
//! unchanged data still returns the rows at the cursor.

use std::collections::HashMap;

use serde_json::json;
use zoho_desk_emulator::EmulatorConfig;

use crate::support::*;

/// The state an older read saved after reading two tickets tied at one millisecond lists both
/// as read at the cursor. If one of them was modified again in that same millisecond (its new
/// version is not the one read), skipping it by id would lose the new version: both must come
/// back.
#[test]
fn rows_at_the_cursor_are_read_again_even_when_listed_as_seen() {
    let emu = emulator(EmulatorConfig::default());
    let truth = admin_get(emu.url(), "/_admin/truth/tickets");
    let mut by_time: HashMap<String, Vec<String>> = HashMap::new();
    for r in truth["records"].as_array().expect("truth") {
        by_time
            .entry(r["modifiedTime"].as_str().unwrap_or("").to_string())
            .or_default()
            .push(id_of(r));
    }
    let (at, tied) = by_time
        .iter()
        .filter(|(_, ids)| ids.len() >= 2)
        .max_by_key(|(t, _)| t.as_str())
        .expect("the emulator ties some modifiedTimes");
    let mut config = base_config(emu.url());
    config["lookback_window"] = json!(0);
    let state = json!([{"type": "STREAM", "stream": {"stream_descriptor": {"name": "tickets"},
        "stream_state": {"modifiedTime": at, "ids_at_cursor": tied}}}]);
    let run = read(&config, &catalog(&["tickets"], true), Some(&state));
    assert_eq!(run.code, 0, "{:?}", run.errors());
    let got = run.ids("tickets");
    for id in tied {
        assert!(
            got.contains(id),
            "ticket {id} at the cursor {at} was skipped"
        );
    }
}

#[test]
fn a_second_read_of_unchanged_data_returns_the_rows_at_the_cursor() {
    let emu = emulator(EmulatorConfig {
        tickets: 60,
        ..EmulatorConfig::default()
    });
    let mut config = base_config(emu.url());
    config["lookback_window"] = json!(0);
    let cat = catalog(&["tickets", "contacts"], true);
    let first = read(&config, &cat, None);
    assert_eq!(first.code, 0, "{:?}", first.errors());
    let second = read(&config, &cat, Some(&first.last_states()));
    assert_eq!(second.code, 0, "{:?}", second.errors());
    for s in ["tickets", "contacts"] {
        let c = saved_cursor(&first, s, "modifiedTime");
        let at = truth_ids_between(&emu, s, c, c);
        assert!(!at.is_empty());
        assert_changes(s, &second.ids(s), &at, &[]);
    }
}

/// A window without rows keeps the saved cursor: the lookback never moves it back.
#[test]
fn an_empty_window_keeps_the_saved_cursor() {
    let emu = emulator(EmulatorConfig {
        tickets: 20,
        ..EmulatorConfig::default()
    });
    let at = "2025-06-01T00:00:00.000Z";
    let state = json!([{"type": "STREAM", "stream": {"stream_descriptor": {"name": "tickets"},
        "stream_state": {"modifiedTime": at}}}]);
    let run = read(
        &base_config(emu.url()),
        &catalog(&["tickets"], true),
        Some(&state),
    );
    assert_eq!(run.code, 0, "{:?}", run.errors());
    assert!(run.ids("tickets").is_empty());
    assert_eq!(
        run.last_states()[0]["stream"]["stream_state"]["modifiedTime"],
        at
    );
}
