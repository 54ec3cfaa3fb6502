//! `discover` types custom fields from Zoho's current field metadata (`GET /fields?module=`,
//! OAS Field.json) and falls back to `/organizationFields` where that endpoint is refused,
//! saying so in a WARN log; the types are the same either way.

use serde_json::{Value, json};
use zoho_desk_emulator::EmulatorConfig;

use crate::catalog::discovered;
use crate::support::*;

/// Every stream's `cf` properties, by stream name.
fn cf_of(streams: &[Value]) -> Vec<(String, Value)> {
    streams
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap_or("").to_string(),
                s["json_schema"]["properties"]["cf"]["properties"].clone(),
            )
        })
        .collect()
}

fn calls(emu: &zoho_desk_emulator::Emulator, key: &str) -> u64 {
    stats(emu)["requests"][key].as_u64().unwrap_or(0)
}

fn warnings(run: &Run) -> Vec<String> {
    run.of_type("LOG")
        .iter()
        .filter(|l| l["log"]["level"] == "WARN")
        .filter_map(|l| l["log"]["message"].as_str().map(str::to_string))
        .collect()
}

/// The current endpoint serves every module: one call per module, none to the old one, no
/// warning, and the ticket custom fields are typed.
#[test]
fn discover_reads_field_metadata_from_the_current_endpoint() {
    let emu = emulator(EmulatorConfig::default());
    reset_stats(&emu);
    let (run, streams) = discovered(&base_config(emu.url()));
    assert_eq!(calls(&emu, "GET /api/v1/fields"), 8, "{}", stats(&emu));
    assert_eq!(calls(&emu, "GET /api/v1/organizationFields"), 0);
    assert!(
        !warnings(&run).iter().any(|m| m.contains("field metadata")),
        "{:?}",
        warnings(&run)
    );
    let tickets = streams
        .iter()
        .find(|s| s["name"] == "tickets")
        .expect("tickets");
    let cf = tickets["json_schema"]["properties"]["cf"]["properties"]
        .as_object()
        .expect("typed cf");
    assert!(cf.len() >= 5, "{cf:?}");
}

/// Refused with a 403 (scope) or a 404 (not deployed), `/fields` gives way to
/// `/organizationFields` with a WARN naming the module, the endpoint and Zoho's answer; the
/// catalog's custom-field types equal those of the current endpoint. A 404 is asked once, not
/// once per module.
#[test]
fn a_refused_fields_endpoint_falls_back_to_organization_fields_with_a_warning() {
    let emu = emulator(EmulatorConfig::default());
    let config = base_config(emu.url());
    let (_, served) = discovered(&config);
    let want = cf_of(&served);

    settings(
        &emu,
        json!({"forbidden": {"GET /api/v1/fields": "SCOPE_MISMATCH"}}),
    );
    reset_stats(&emu);
    let (run, streams) = discovered(&config);
    assert_eq!(cf_of(&streams), want, "same types through the fallback");
    assert_eq!(calls(&emu, "GET /api/v1/organizationFields"), 8);
    let warned = warnings(&run);
    assert!(
        warned.iter().any(|m| m.contains("`tickets`")
            && m.contains("/fields?module=tickets")
            && m.contains("/organizationFields")
            && m.contains("scopes")),
        "{warned:?}"
    );

    settings(
        &emu,
        json!({"forbidden": {}, "flaky_404": {"GET /api/v1/fields": 1000}}),
    );
    reset_stats(&emu);
    let (run, streams) = discovered(&config);
    assert_eq!(cf_of(&streams), want, "same types after a 404");
    assert_eq!(calls(&emu, "GET /api/v1/fields"), 1, "{}", stats(&emu));
    assert_eq!(calls(&emu, "GET /api/v1/organizationFields"), 8);
    assert!(
        warnings(&run)
            .iter()
            .any(|m| m.contains("/fields?module=") && m.contains("not deployed")),
        "{:?}",
        warnings(&run)
    );
}

/// A 200 without the `data` array is not read as "no custom fields": that module falls back to
/// `/organizationFields` with a WARN, and the types stay those of the current endpoint.
#[test]
fn a_fields_answer_without_data_falls_back_instead_of_dropping_the_types() {
    let emu = emulator(EmulatorConfig::default());
    let config = base_config(emu.url());
    let (_, served) = discovered(&config);
    settings(
        &emu,
        json!({"odd_bodies": {"GET /api/v1/fields": ["no_wrapper_200"]}}),
    );
    reset_stats(&emu);
    let (run, streams) = discovered(&config);
    assert_eq!(cf_of(&streams), cf_of(&served));
    assert_eq!(
        calls(&emu, "GET /api/v1/organizationFields"),
        1,
        "{}",
        stats(&emu)
    );
    assert!(
        warnings(&run)
            .iter()
            .any(|m| m.contains("/fields?module=") && m.contains("/organizationFields")),
        "{:?}",
        warnings(&run)
    );
}
