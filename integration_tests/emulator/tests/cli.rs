//! The CLI contract other tooling depends on.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use zoho_desk_emulator::client::Conn;

#[test]
fn first_stdout_line_announces_the_loopback_url_and_it_serves() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_zoho-desk-emulator"))
        .args(["--port", "0", "--seed", "7", "--tickets", "50"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn emulator");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("read first line");
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .map(str::to_string);
    let served = url.as_deref().map(|u| {
        let mut c = Conn::new(u);
        c.get("/_admin/truth/tickets", &[])
            .map(|r| r.json()["records"].as_array().map(|a| a.len()))
    });
    let _ = child.kill();
    let _ = child.wait();
    let url = url.unwrap_or_else(|| panic!("unexpected first line {line:?}"));
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let port: u16 = url
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .expect("port");
    assert_ne!(port, 0);
    assert_eq!(
        served.expect("served").expect("request").expect("records"),
        50
    );
}

#[test]
fn help_documents_every_flag() {
    let out = Command::new(env!("CARGO_BIN_EXE_zoho-desk-emulator"))
        .arg("--help")
        .output()
        .expect("run --help");
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for flag in [
        "--port",
        "--seed",
        "--tickets",
        "--contacts",
        "--accounts",
        "--agents",
        "--departments",
        "--teams",
        "--threads-per-ticket",
        "--comments-per-ticket",
        "--latency-ms",
        "--concurrency-limit",
        "--credit-budget",
        "--fault-rate",
        "--faults",
        "--token-lifetime-secs",
        "--client-id",
        "--client-secret",
        "--refresh-token",
        "--org-id",
        "--scopes",
        "--refresh-throttle-per-minute",
        "--search-limit-max",
        "--threads-limit-max",
        "--search-strict-window",
        "--org-mismatch-status",
        "--worker-threads",
    ] {
        assert!(help.contains(flag), "--help lacks {flag}");
    }
}
