//! `api_credit_reserve`: the sync stops before the portal's daily credits fall below the
//! reserve, with a resumable state and a transient error naming the reset; the next sync
//! completes the set.

use serde_json::json;
use zoho_desk_emulator::EmulatorConfig;

use crate::support::*;

const BUDGET: u64 = 1200;
const RESERVE: u64 = 1000;

#[test]
fn the_reserve_stops_the_sync_above_it_and_the_next_sync_completes_the_set() {
    let emu = emulator(EmulatorConfig {
        tickets: 2000,
        credit_budget: BUDGET,
        ..EmulatorConfig::default()
    });
    let mut config = base_config(emu.url());
    config["page_size"] = json!(20);
    config["api_credit_reserve"] = json!(RESERVE);
    config.as_object_mut().expect("config").remove("start_date");
    let cat = all_incremental(&["tickets", "contacts"]);
    let want = truth_ids(&emu, "tickets");

    let first = read(&config, &cat, None);
    assert_ne!(first.code, 0, "the sync did not finish");
    first.assert_stream_failed(
        "tickets",
        "transient_error",
        &[
            "api_credit_reserve",
            "credits left",
            "midnight",
            "T00:00:00.000Z",
        ],
    );
    let used = stats(&emu)["credits_used"].as_u64().expect("credits_used");
    assert!(
        BUDGET - used >= RESERVE,
        "{used} credits spent of {BUDGET}: below the reserve of {RESERVE}"
    );
    assert!(
        used > 50,
        "the sync stopped before it began ({used} credits)"
    );
    let got_first = first.ids("tickets");
    assert!(got_first.len() < want.len(), "the reserve stopped nothing");
    let summary = first
        .of_type("LOG")
        .into_iter()
        .filter_map(|m| m["log"]["message"].as_str())
        .find(|m| m.starts_with("Sync summary"))
        .expect("summary")
        .to_string();
    assert!(summary.contains("API credits spent: "), "{summary}");
    assert!(summary.contains("tickets "), "{summary}");

    // The credits reset (here: a larger budget); the next sync resumes from the saved state.
    settings(&emu, json!({"credit_budget": 100_000}));
    let second = read(&config, &cat, Some(&first.last_states()));
    assert_eq!(second.code, 0, "{:?}", second.errors());
    let mut got = got_first;
    got.extend(second.ids("tickets"));
    for id in &want {
        assert!(got.contains(id), "{id} lost across the stop");
    }
    for id in truth_ids(&emu, "contacts") {
        assert!(
            first.ids("contacts").contains(&id) || second.ids("contacts").contains(&id),
            "contact {id} lost"
        );
    }
}

#[test]
fn a_reserve_of_zero_spends_down_to_zohos_own_limit() {
    let emu = emulator(EmulatorConfig {
        tickets: 200,
        credit_budget: 1010,
        ..EmulatorConfig::default()
    });
    let mut config = base_config(emu.url());
    config["api_credit_reserve"] = json!(0);
    let run = read(&config, &catalog(&["tickets"], false), None);
    assert_eq!(run.code, 0, "{:?}", run.errors());
    assert_exactly_once("tickets", &run.ids("tickets"), &truth_ids(&emu, "tickets"));
}
