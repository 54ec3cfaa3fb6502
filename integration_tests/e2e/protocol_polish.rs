//! What the platform sees beyond records: how `check` tells an outage from a bad setting, and
//! that every log line reaches it once.

use serde_json::json;
use zoho_desk_emulator::EmulatorConfig;

use crate::commands::{check, small, without_search_scope};
use crate::support::{Run, base_config, emulator};

/// As the CDK does: not the user's settings, so no FAILED status (which says "fix your
/// settings") but a transient TRACE ERROR and a non-zero exit.
fn assert_transient_check_error(run: &Run, needle: &str) {
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.of_type("CONNECTION_STATUS").is_empty(),
        "an outage answered as a connection status: {}",
        run.stdout
    );
    let errors = run.errors();
    assert_eq!(errors.len(), 1, "{}", run.stdout);
    assert_eq!(
        errors[0]["failure_type"], "transient_error",
        "{}",
        errors[0]
    );
    let message = errors[0]["message"].as_str().unwrap_or("");
    assert!(message.contains(needle), "{message}");
}

#[test]
fn check_reports_an_outage_or_unreachable_host_as_transient_not_as_bad_settings() {
    // Every Desk call answers 500: retried, then a transient error naming the outage.
    let emu = emulator(EmulatorConfig {
        fault_rate: 1.0,
        faults: vec!["500".into()],
        ..small()
    });
    assert_transient_check_error(&check(&base_config(emu.url())), "outage");

    // Nothing listens on the accounts server's port.
    let mut unreachable = base_config(emu.url());
    unreachable["accounts_url"] = json!("http://127.0.0.1:9");
    assert_transient_check_error(&check(&unreachable), "could not reach Zoho");

    // A revoked refresh token is the user's to fix: FAILED, exit 0.
    let healthy = emulator(small());
    let mut revoked = base_config(healthy.url());
    revoked["credentials"]["refresh_token"] = json!("e2e-revoked-refresh-token");
    let out = check(&revoked);
    assert_eq!(out.code, 0);
    let status = out.of_type("CONNECTION_STATUS");
    assert_eq!(status.len(), 1, "{}", out.stdout);
    assert_eq!(status[0]["connectionStatus"]["status"], "FAILED");
    assert!(out.errors().is_empty(), "{}", out.stdout);
}

/// The platform keeps stdout and stderr in one sync log: a log line goes out once, as a LOG
/// message, not again as a plain stderr line.
#[test]
fn a_log_line_is_printed_once() {
    let emu = emulator(without_search_scope());
    let out = check(&base_config(emu.url()));
    assert_eq!(out.code, 0, "{}", out.stdout);
    let logs: Vec<&str> = out
        .of_type("LOG")
        .iter()
        .filter_map(|m| m["log"]["message"].as_str())
        .filter(|m| m.contains("lacks the Desk.search.READ scope"))
        .collect();
    assert_eq!(logs.len(), 1, "{}", out.stdout);
    assert!(
        !out.stderr.contains("Desk.search.READ"),
        "logged again on stderr: {}",
        out.stderr
    );
}
