//! The adaptive concurrency limit end to end (issue "at the latency bound", point 5): a burst of
//! simultaneous 429s lowers the limit once per round trip, not once per 429, so a portal that
//! allows fewer calls than configured is read near what it allows, never one call at a time.

use serde_json::json;
use zoho_desk_emulator::EmulatorConfig;

use crate::support::*;

/// The lowest limit the sync summary reports ("concurrency N of M at the lowest").
fn lowest_limit(run: &Run) -> u64 {
    run.of_type("LOG")
        .iter()
        .filter_map(|l| l["log"]["message"].as_str())
        .find_map(|m| {
            let (_, rest) = m.split_once("concurrency ")?;
            rest.split_whitespace().next()?.parse().ok()
        })
        .expect("the sync summary names the lowest concurrency")
}

/// 25 allowed by the config, 8 by the portal: the first fan-out sends about 25 calls at once
/// and about 17 of them answer 429 together. Halving per 429 reaches 1 within that burst;
/// halving once per round trip leaves a sawtooth around the portal's 8 (additive growth probes
/// above it, the next 429 halves), whose troughs stay above 1.
#[test]
fn a_burst_of_429s_lowers_the_limit_once_per_round_trip() {
    let emu = emulator(EmulatorConfig {
        tickets: 300,
        latency_ms: 20,
        concurrency_limit: 8,
        ..EmulatorConfig::default()
    });
    let mut config = base_config(emu.url());
    config["max_concurrent_requests"] = json!(25);
    let run = read(&config, &catalog(&["threads"], false), None);
    assert_eq!(run.code, 0, "{:?}", run.errors());
    assert_exactly_once("threads", &run.ids("threads"), &truth_ids(&emu, "threads"));
    let st = stats(&emu);
    let throttled = st["statuses"]["429"].as_u64().unwrap_or(0);
    assert!(throttled >= 8, "the portal's limit was never hit: {st}");
    let lowest = lowest_limit(&run);
    assert!(
        lowest >= 2,
        "{throttled} 429s drove the limit down to {lowest} of 25 (the portal allows 8)"
    );
}
