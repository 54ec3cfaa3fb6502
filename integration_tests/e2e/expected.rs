//! `integration_tests/expected_records.jsonl`, the records CAT's basic_read expects, is what the
//! connector reads from a default emulator (`zoho-desk-emulator --port 8080`: seed 7, default
//! sizes), which `sample_config.json` points at. This test fails when the committed file drifts
//! from that; `UPDATE_SCHEMAS=1` rewrites it.

use std::path::Path;

use serde_json::{Value, json};
use zoho_desk_emulator::EmulatorConfig;

use crate::support::{CORE, base_config, emulator, read};

/// Records kept per stream (at most; there is one organization): enough to pin each stream's
/// shape, few enough to read in a diff.
const PER_STREAM: usize = 3;

/// CAT ignores `emitted_at` in expected records; a constant keeps regenerations diff-free.
const EMITTED_AT: i64 = 1_700_000_000_000;

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("integration_tests")
        .join(name)
}

/// (stream, data) pairs of a JSONL file in CAT's expected-records format.
fn pairs(text: &str) -> Vec<(String, Value)> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: Value = serde_json::from_str(l)
                .unwrap_or_else(|e| panic!("expected_records.jsonl line is not JSON ({e}): {l}"));
            let stream = v["stream"].as_str().expect("a stream name").to_string();
            (stream, v["data"].clone())
        })
        .collect()
}

#[test]
fn expected_records_are_what_a_default_emulator_serves() {
    // Default data (seed and sizes of the CLI); only the credentials are this suite's, and
    // records do not depend on them.
    let emu = emulator(EmulatorConfig::default());
    let defaults = EmulatorConfig::default();
    assert_eq!(
        (defaults.seed, defaults.tickets),
        (7, 1200),
        "the emulator's defaults changed: check sample_config.json and regenerate"
    );

    let sample: Value = serde_json::from_str(
        &std::fs::read_to_string(fixture("sample_config.json")).expect("sample_config.json"),
    )
    .expect("sample config is JSON");
    let mut config = base_config(emu.url());
    config["start_date"] = sample["start_date"].clone();
    config
        .as_object_mut()
        .expect("config object")
        .remove("max_concurrent_requests");

    // The core streams exactly as CAT's configured catalog syncs them.
    let full: Value = serde_json::from_str(
        &std::fs::read_to_string(fixture("configured_catalog.json"))
            .expect("configured_catalog.json"),
    )
    .expect("catalog is JSON");
    let streams: Vec<Value> = full["streams"]
        .as_array()
        .expect("catalog streams")
        .iter()
        .filter(|s| CORE.iter().any(|n| s["stream"]["name"] == *n))
        .cloned()
        .collect();
    assert_eq!(
        streams.len(),
        CORE.len(),
        "configured_catalog.json lacks a core stream"
    );
    let run = read(&config, &json!({ "streams": streams }), None);
    assert_eq!(run.code, 0, "read failed: {}", run.stderr);

    let mut want: Vec<(String, Value)> = Vec::new();
    for stream in CORE {
        let records = run.records(stream);
        assert!(!records.is_empty(), "{stream}: no records");
        for data in records.into_iter().take(PER_STREAM) {
            want.push((stream.to_string(), data.clone()));
        }
    }

    let path = fixture("expected_records.jsonl");
    if std::env::var_os("UPDATE_SCHEMAS").is_some() {
        let text: String = want
            .iter()
            .map(|(stream, data)| {
                format!(
                    "{}\n",
                    json!({"stream": stream, "data": data, "emitted_at": EMITTED_AT})
                )
            })
            .collect();
        std::fs::write(&path, text).expect("write expected_records.jsonl");
        return;
    }
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let have = pairs(&text);
    assert_eq!(
        have.len(),
        want.len(),
        "{} holds {} records, the emulator gives {}; regenerate with UPDATE_SCHEMAS=1",
        path.display(),
        have.len(),
        want.len()
    );
    for (i, (h, w)) in have.iter().zip(&want).enumerate() {
        assert_eq!(
            h,
            w,
            "line {} of {} differs from what the connector reads; regenerate with \
             UPDATE_SCHEMAS=1 if the change is intended",
            i + 1,
            path.display()
        );
    }
}
