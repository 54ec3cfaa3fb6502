//! The repository's protocol validator (`integration_tests/python/validate_messages.py`) is what
//! every e2e run and the image test trust, so it must reject each kind of broken output.

use crate::support::protocol_problems;

const LOG: &str = r#"{"type":"LOG","log":{"level":"INFO","message":"ok"}}"#;
const RECORD: &str = r#"{"type":"RECORD","record":{"stream":"tickets","data":{"id":"1"},"emitted_at":1700000000000}}"#;

#[test]
fn validator_accepts_valid_messages() {
    let output = format!("{LOG}\n{RECORD}\n");
    assert_eq!(protocol_problems(&output), Ok(()));
}

#[test]
fn validator_rejects_each_kind_of_broken_line() {
    for (bad, why) in [
        ("{\"type\":\"LOG\",", "not JSON"),
        ("[1, 2]", "not a JSON object"),
        (r#"{"type":"LOG"}"#, "without its 'log' payload"),
        (
            r#"{"type":"NOPE","log":{"level":"INFO","message":"x"}}"#,
            "model:",
        ),
        (
            r#"{"type":"RECORD","record":{"stream":"t","data":{},"emitted_at":"soon"}}"#,
            "emitted_at",
        ),
        (
            r#"{"type":"LOG","log":{"level":"INFO","message":"x"},"state":{}}"#,
            "also carries ['state']",
        ),
    ] {
        let report =
            protocol_problems(&format!("{LOG}\n{bad}\n")).expect_err(&format!("accepted {bad}"));
        assert!(report.contains(why), "{bad}: `{why}` not in\n{report}");
        assert!(
            report.contains(":2: "),
            "{bad}: line number missing in\n{report}"
        );
    }
}

#[test]
fn validator_rejects_output_without_messages() {
    assert!(protocol_problems("\n").is_err());
}
