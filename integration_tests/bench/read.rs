//! Connector benchmark: the release binary reads from the in-process emulator and this prints
//! what it measured (records, API requests, credits, wall time, rates, peak RSS). Figures are
//! printed, never asserted: speed is a property to watch, not a pass/fail test.
//!
//! `cargo bench --bench read`. Environment (all optional):
//! - `BENCH_TICKETS` (100000): tickets of scenarios a, b and d
//! - `BENCH_SMALL_TICKETS` (10000): tickets of scenario c (concurrency 1)
//! - `BENCH_CHILD_TICKETS` (1000): tickets of the threads pair (scenarios b2/c2)
//! - `BENCH_LATENCY_MS` (20): emulator latency of scenarios b, c, b2, c2
//! - `BENCH_TOUCH` (100): tickets changed before the incremental read of scenario d
//! - `BENCH_CONTENT_TICKETS` (1000): tickets of scenario t (thread contents, 100 KiB bodies)
//! - `BENCH_PIPE_TICKETS` (3000), `BENCH_PIPE_LATENCY_MS` (100): the parent->child scenarios p25
//!   and p4 (threads at concurrency 25 and 4, the portal allowing as many), printed with their
//!   bound: requests x latency / concurrency
//! - `BENCH_SCENARIOS` (all): comma-separated subset of a, b, c, b2, c2, p (p25 and p4), r, q, d, e, t, s, l, w
//!   (r: tickets and every ticket child in one read, on one walk of the tickets search)
//! - `BENCH_SPLIT_TICKETS` (20000), `BENCH_SPLIT_LATENCY_MS` (100): scenario q, one search
//!   stream at 25 allowed requests in flight (the emulator allows 25 too)
//! - `BENCH_FLAT_SIZES` (100000,1000000): record counts of the flat-memory scenarios s
//!   (tickets through search), l (tickets through the list, token without Desk.search.READ)
//!   and w (articles through the descending modifiedTime walk), one run per size
//! - `BENCH_VERBOSE` (unset): also print the requests per endpoint of each scenario
//!
//! The emulator's credit budget is raised so that no scenario waits for a credit window; the
//! credits column still reports what a real portal would have been charged.
//!
//! `x bound` is the wall time as a multiple of the least the requests need at the emulator's
//! latency: requests × latency ÷ allowed concurrency (n/a at latency 0). Near 1, latency and
//! concurrency are the only limit; far above, requests waited on each other.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use source_zoho_desk::streams::{self, Incremental, StreamDef};
use zoho_desk_emulator::{Emulator, EmulatorConfig};

/// The tickets search route, as the emulator counts it.
const SEARCH: &str = "GET /api/v1/tickets/search";

fn env_usize(name: &str, default: usize) -> usize {
    match std::env::var(name) {
        Ok(v) => v
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{name}={v} is not a number")),
        Err(_) => default,
    }
}

fn emulator(tickets: usize, latency_ms: u64) -> Emulator {
    Emulator::start(EmulatorConfig {
        tickets,
        latency_ms,
        ..bench_config()
    })
    .expect("emulator starts")
}

fn bench_config() -> EmulatorConfig {
    EmulatorConfig {
        credit_budget: 1_000_000_000,
        ..EmulatorConfig::default()
    }
}

/// A resident-set figure of this process (`VmHWM` or `VmRSS`), KiB.
fn own_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn mib(kib: Option<u64>) -> String {
    kib.map_or("n/a".to_string(), |k| {
        format!("{:.1} MiB", k as f64 / 1024.0)
    })
}

/// Starts the emulator of a flat-memory scenario and prints what generating it cost (the
/// emulator lives in this process, so the growth of this process's RSS is the emulator's).
fn timed_emulator(cfg: EmulatorConfig, what: &str) -> Emulator {
    let before = own_kib("VmRSS:");
    let t0 = Instant::now();
    let emu = Emulator::start(cfg).expect("emulator starts");
    let after = own_kib("VmRSS:");
    println!(
        "    (emulator for {what}: started in {:.2} s, bench process RSS {} -> {})",
        t0.elapsed().as_secs_f64(),
        mib(before),
        mib(after)
    );
    emu
}

/// `100000` -> `100k`, `1000000` -> `1M`.
fn short(n: usize) -> String {
    match n {
        n if n >= 1_000_000 && n.is_multiple_of(1_000_000) => format!("{}M", n / 1_000_000),
        n if n >= 1_000 && n.is_multiple_of(1_000) => format!("{}k", n / 1_000),
        n => n.to_string(),
    }
}

fn config(emu: &Emulator, concurrency: u32) -> Value {
    let c = emu.config();
    json!({
        "credentials": {
            "auth_type": "oauth2.0",
            "client_id": c.client_id,
            "client_secret": c.client_secret,
            "refresh_token": c.refresh_token
        },
        "organization_id": c.org_id.to_string(),
        "max_concurrent_requests": concurrency,
        "accounts_url": emu.url(),
        "desk_url": emu.url()
    })
}

/// What one connector run printed and cost the machine.
struct RunOut {
    records: u64,
    errors: Vec<String>,
    secs: f64,
    /// Peak resident set of the connector process, KiB (`VmHWM`; None off Linux).
    max_rss_kib: Option<u64>,
    code: i32,
    stderr_tail: String,
}

/// Runs the connector, counting stdout lines as they stream by (records are never held in
/// memory here, so the bench process does not distort the connector's figures).
fn run_connector(args: &[&str], dir: &std::path::Path) -> RunOut {
    let t0 = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_source-zoho-desk"))
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn connector");
    let mut stderr = child.stderr.take().expect("stderr pipe");
    let err_thread = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = stderr.read_to_end(&mut buf);
        let cut = buf.len().saturating_sub(2000);
        String::from_utf8_lossy(&buf[cut..]).into_owned()
    });
    // Peak RSS is sampled from /proc rather than taken from getrusage: a child spawned with
    // vfork inherits this process's high-water mark (an emulator holding 100k tickets), so
    // ru_maxrss would report the bench, not the connector. VmHWM belongs to the new image.
    let done = Arc::new(AtomicBool::new(false));
    let rss_thread = {
        let done = done.clone();
        let status = format!("/proc/{}/status", child.id());
        std::thread::spawn(move || {
            let mut peak = None;
            while !done.load(Ordering::Relaxed) {
                if let Some(kib) = std::fs::read_to_string(&status)
                    .ok()
                    .and_then(|t| vm_hwm(&t))
                {
                    peak = Some(kib);
                }
                std::thread::sleep(Duration::from_millis(2));
            }
            peak
        })
    };
    let stdout = child.stdout.take().expect("stdout pipe");
    let mut reader = BufReader::with_capacity(1 << 20, stdout);
    let mut records = 0u64;
    let mut errors = Vec::new();
    let mut line = String::new();
    while reader.read_line(&mut line).expect("read stdout") > 0 {
        if line.starts_with("{\"type\":\"RECORD\"") {
            records += 1;
        } else if line.contains("\"type\":\"ERROR\"") {
            let v: Value = serde_json::from_str(&line).unwrap_or(Value::Null);
            errors.push(
                v["trace"]["error"]["message"]
                    .as_str()
                    .unwrap_or(line.trim())
                    .chars()
                    .take(200)
                    .collect(),
            );
        }
        line.clear();
    }
    let status = child.wait().expect("wait for connector");
    let secs = t0.elapsed().as_secs_f64();
    done.store(true, Ordering::Relaxed);
    let max_rss_kib = rss_thread.join().unwrap_or(None);
    let code = status.code().unwrap_or(-1);
    RunOut {
        records,
        errors,
        secs,
        max_rss_kib,
        code,
        stderr_tail: err_thread.join().unwrap_or_default(),
    }
}

/// `VmHWM` (peak resident set, KiB) from a `/proc/PID/status` text.
fn vm_hwm(status: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The catalog a platform would send: `discover`'s streams, `incremental` where asked and
/// supported.
fn catalog(emu: &Emulator, dir: &std::path::Path, names: &[&str], incremental: bool) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_source-zoho-desk"))
        .args(["discover", "--config", "config.json"])
        .current_dir(dir)
        .output()
        .expect("run discover");
    let text = String::from_utf8_lossy(&out.stdout);
    let cat = text
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .find(|m| m["type"] == "CATALOG")
        .unwrap_or_else(|| panic!("discover printed no catalog: {text}"));
    let streams: Vec<Value> = cat["catalog"]["streams"]
        .as_array()
        .expect("catalog streams")
        .iter()
        .filter(|s| names.is_empty() || names.iter().any(|n| s["name"] == *n))
        .map(|s| {
            let inc = incremental
                && s["supported_sync_modes"]
                    .as_array()
                    .is_some_and(|m| m.iter().any(|v| v == "incremental"));
            json!({
                "stream": s,
                "sync_mode": if inc { "incremental" } else { "full_refresh" },
                "destination_sync_mode": if inc { "append_dedup" } else { "overwrite" },
                "cursor_field": if inc { s["default_cursor_field"].clone() } else { json!([]) },
                "primary_key": s.get("source_defined_primary_key").cloned().unwrap_or(json!([])),
            })
        })
        .collect();
    assert!(
        names.is_empty() || streams.len() == names.len(),
        "discover lacks some of {names:?}"
    );
    emu.reset_stats();
    json!({ "streams": streams })
}

struct Scenario<'a> {
    label: &'a str,
    what: String,
    emu: &'a Emulator,
    config: Value,
    catalog: Value,
    state: Option<Value>,
}

/// Runs one read and prints its line; panics when the connector failed (a broken bench run
/// must not print figures that look valid).
fn measure(s: Scenario<'_>) -> RunOut {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("config.json"), s.config.to_string()).expect("config");
    std::fs::write(dir.path().join("catalog.json"), s.catalog.to_string()).expect("catalog");
    let mut args = vec![
        "read",
        "--config",
        "config.json",
        "--catalog",
        "catalog.json",
    ];
    if let Some(state) = &s.state {
        std::fs::write(dir.path().join("state.json"), state.to_string()).expect("state");
        args.extend(["--state", "state.json"]);
    }
    s.emu.reset_stats();
    let out = run_connector(&args, dir.path());
    let stats = s.emu.stats();
    assert!(
        out.code == 0 || !out.errors.is_empty(),
        "scenario {} failed (exit {}) without an error message:\n{}",
        s.label,
        out.code,
        out.stderr_tail
    );
    let api_requests = stats.total_requests - stats.token_refreshes - stats.token_throttled;
    let bound = bound_secs(
        api_requests,
        s.emu.config().latency_ms,
        s.config["max_concurrent_requests"].as_u64().unwrap_or(1),
    );
    let ratio = bound.map_or("n/a".to_string(), |b| format!("{:.2}", out.secs / b));
    println!(
        "{:<3} {:<58} {:>9} records {:>7} requests {:>7} credits {:>7.2} s {:>6} x bound {:>9.0} rec/s {:>7.0} req/s {:>9} peak RSS  (max in flight {}, 429s {})",
        s.label,
        s.what,
        out.records,
        api_requests,
        stats.credits_used,
        out.secs,
        ratio,
        out.records as f64 / out.secs,
        api_requests as f64 / out.secs,
        mib(out.max_rss_kib),
        stats.max_in_flight,
        stats.statuses.get("429").copied().unwrap_or(0),
    );
    // A stream that failed is named, so its figures are never mistaken for a complete read.
    for e in &out.errors {
        println!("    !! {}: {e}", s.label);
    }
    if std::env::var_os("BENCH_VERBOSE").is_some() {
        for (route, n) in &stats.requests {
            println!("      {n:>8}  {route}");
        }
    }
    out
}

/// The least wall time `requests` need at `latency_ms` with `concurrency` in flight, in
/// seconds (`None` at latency 0: no bound to compare with).
fn bound_secs(requests: u64, latency_ms: u64, concurrency: u64) -> Option<f64> {
    (latency_ms > 0)
        .then(|| requests as f64 * latency_ms as f64 / 1000.0 / concurrency.max(1) as f64)
}

/// The incremental children of tickets (every stream whose parent chain starts at tickets).
fn ticket_children() -> Vec<&'static str> {
    fn root(def: &'static StreamDef) -> &'static StreamDef {
        def.parent_stream().map_or(def, root)
    }
    streams::STREAMS
        .iter()
        .filter(|d| d.incremental == Incremental::ChildOfChanged && root(d).name == "tickets")
        .map(|d| d.name)
        .collect()
}

fn main() {
    let wanted: BTreeSet<String> = std::env::var("BENCH_SCENARIOS")
        .unwrap_or_else(|_| "a,b,c,b2,c2,p,r,q,d,e,t,s,l,w".into())
        .split(',')
        .map(|s| s.trim().to_string())
        .collect();
    let on = |s: &str| wanted.contains(s);
    let tickets = env_usize("BENCH_TICKETS", 100_000);
    let small = env_usize("BENCH_SMALL_TICKETS", 10_000);
    let child_tickets = env_usize("BENCH_CHILD_TICKETS", 1_000);
    let latency = env_usize("BENCH_LATENCY_MS", 20) as u64;
    let touched = env_usize("BENCH_TOUCH", 100);
    println!(
        "source-zoho-desk read benchmark ({} logical CPUs); emulator in-process, connector = {}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        env!("CARGO_BIN_EXE_source-zoho-desk")
    );

    let dir = tempfile::tempdir().expect("tempdir");
    let prepare = |emu: &Emulator, conc: u32, names: &[&str], inc: bool| {
        let cfg = config(emu, conc);
        std::fs::write(dir.path().join("config.json"), cfg.to_string()).expect("config");
        let cat = catalog(emu, dir.path(), names, inc);
        (cfg, cat)
    };

    if on("a") {
        let emu = emulator(tickets, 0);
        let (config, catalog) = prepare(&emu, 4, &["tickets"], false);
        measure(Scenario {
            label: "a",
            what: format!("tickets full refresh, {tickets} tickets, latency 0, conc 4"),
            emu: &emu,
            config,
            catalog,
            state: None,
        });
    }
    for (label, n, conc, stream) in [
        ("b", tickets, 8, "tickets"),
        ("c", small, 1, "tickets"),
        ("b2", child_tickets, 8, "threads"),
        ("c2", child_tickets, 1, "threads"),
    ] {
        if !on(label) {
            continue;
        }
        let emu = emulator(n, latency);
        let (config, catalog) = prepare(&emu, conc, &[stream], false);
        measure(Scenario {
            label,
            what: format!("{stream} full refresh, {n} tickets, latency {latency} ms, conc {conc}"),
            emu: &emu,
            config,
            catalog,
            state: None,
        });
    }
    if on("p") {
        let n = env_usize("BENCH_PIPE_TICKETS", 3_000);
        let latency = env_usize("BENCH_PIPE_LATENCY_MS", 100) as u64;
        // The portal allows as many calls in flight as the connector is given.
        for conc in [25u32, 4] {
            let emu = Emulator::start(EmulatorConfig {
                tickets: n,
                latency_ms: latency,
                concurrency_limit: conc as usize,
                ..bench_config()
            })
            .expect("emulator starts");
            let (config, catalog) = prepare(&emu, conc, &["threads"], false);
            let label = format!("p{conc}");
            let out = measure(Scenario {
                label: &label,
                what: format!(
                    "threads full refresh, {n} tickets, latency {latency} ms, conc {conc}"
                ),
                emu: &emu,
                config,
                catalog,
                state: None,
            });
            let st = emu.stats();
            let requests = st.total_requests - st.token_refreshes - st.token_throttled;
            let bound = requests as f64 * latency as f64 / 1000.0 / f64::from(conc);
            println!(
                "    ({label}: bound {requests} requests x {latency} ms / {conc} = {bound:.2} s; \
                 ratio {:.2})",
                out.secs / bound
            );
        }
    }
    if on("r") {
        let emu = emulator(child_tickets, 0);
        let mut names = ticket_children();
        let (config, catalog) = prepare(&emu, 4, &["tickets"], false);
        measure(Scenario {
            label: "r0",
            what: format!("tickets alone full refresh, {child_tickets} tickets"),
            emu: &emu,
            config,
            catalog,
            state: None,
        });
        let alone = emu.stats().requests.get(SEARCH).copied().unwrap_or(0);
        names.push("tickets");
        let (config, catalog) = prepare(&emu, 4, &names, false);
        measure(Scenario {
            label: "r",
            what: format!(
                "tickets + {} children full refresh, {child_tickets} tickets",
                names.len() - 1
            ),
            emu: &emu,
            config,
            catalog,
            state: None,
        });
        let shared = emu.stats().requests.get(SEARCH).copied().unwrap_or(0);
        println!(
            "    (r: {shared} tickets search requests for {} streams; tickets alone {alone})",
            names.len()
        );
    }
    if on("d") {
        let emu = emulator(tickets, 0);
        let children = ticket_children();
        let (config, catalog) = prepare(&emu, 4, &children, true);
        // The state a previous sync of these streams leaves: the tickets' cursor and the ids
        // at it. The emulator's data pile many tickets onto its last timestamp, so the ids
        // matter here; the connector keeps up to 1,000 of them in a real state.
        let truth = emu.truth("tickets").expect("truth");
        let cursor = truth
            .iter()
            .map(|r| r.modified_time.clone())
            .max()
            .expect("tickets exist");
        let at_cursor: Vec<&str> = truth
            .iter()
            .filter(|r| r.modified_time == cursor)
            .map(|r| r.id.as_str())
            .collect();
        let state: Vec<Value> = children
            .iter()
            .map(|name| {
                json!({"type": "STREAM", "stream": {
                    "stream_descriptor": {"name": name},
                    "stream_state": {"modifiedTime": cursor, "ids_at_cursor": at_cursor}
                }})
            })
            .collect();
        emu.touch("tickets", touched).expect("touch");
        // Touched times run ahead of the clock by up to 1 ms per ticket; a sync that starts
        // before the last of them rightly leaves those for the next sync.
        std::thread::sleep(Duration::from_millis(touched as u64 + 100));
        measure(Scenario {
            label: "d",
            what: format!(
                "{} ticket child streams incremental, {touched} of {tickets} tickets changed",
                children.len()
            ),
            emu: &emu,
            config,
            catalog,
            state: Some(Value::Array(state)),
        });
        println!(
            "    (d: changed parents x streams = {touched} x {} = {})",
            children.len(),
            touched * children.len()
        );
    }
    if on("e") {
        let emu = emulator(EmulatorConfig::default().tickets, 0);
        let (config, catalog) = prepare(&emu, 4, &[], false);
        let n = catalog["streams"].as_array().map_or(0, Vec::len);
        measure(Scenario {
            label: "e",
            what: format!("all {n} streams full refresh, emulator default sizes, conc 4"),
            emu: &emu,
            config,
            catalog,
            state: None,
        });
    }
    if on("t") {
        // Long e-mails: bodies of 1..199 KiB (100 on average), cut by the detail above 64 KiB
        // and completed from …/fullContent; plain text on, so every body is also rendered.
        let n = env_usize("BENCH_CONTENT_TICKETS", 1_000);
        let emu = Emulator::start(EmulatorConfig {
            tickets: n,
            thread_body_kb: 100,
            thread_truncate_kb: 64,
            ..bench_config()
        })
        .expect("emulator starts");
        let (mut config, catalog) = prepare(&emu, 4, &["thread_contents"], false);
        config["plain_text"] = json!(true);
        measure(Scenario {
            label: "t",
            what: format!("thread_contents + plain text, {n} tickets, 100 KiB bodies"),
            emu: &emu,
            config,
            catalog,
            state: None,
        });
        let st = emu.stats();
        let calls = |k: &str| st.requests.get(k).copied().unwrap_or(0);
        println!(
            "    (t: {:.2} credits per ticket; {} details, {} full-content calls, {} thread lists)",
            st.credits_used as f64 / n as f64,
            calls("GET /api/v1/tickets/{ticketId}/threads/{threadId}"),
            calls("GET /api/v1/tickets/{ticketId}/threads/{threadId}/fullContent"),
            calls("GET /api/v1/tickets/{ticketId}/threads"),
        );
    }
    if on("q") {
        let n = env_usize("BENCH_SPLIT_TICKETS", 20_000);
        let latency = env_usize("BENCH_SPLIT_LATENCY_MS", 100) as u64;
        let emu = Emulator::start(EmulatorConfig {
            tickets: n,
            latency_ms: latency,
            concurrency_limit: 25,
            ..bench_config()
        })
        .expect("emulator starts");
        let (config, catalog) = prepare(&emu, 25, &["tickets"], false);
        measure(Scenario {
            label: "q",
            what: format!(
                "tickets full refresh (split search), {n} tickets, {latency} ms, conc 25"
            ),
            emu: &emu,
            config,
            catalog,
            state: None,
        });
    }
    // Flat memory: the same stream at 100k and 1M rows must peak at about the same RSS.
    let sizes: Vec<usize> = std::env::var("BENCH_FLAT_SIZES")
        .unwrap_or_else(|_| "100000,1000000".into())
        .split(',')
        .map(|v| {
            v.trim()
                .parse()
                .unwrap_or_else(|_| panic!("BENCH_FLAT_SIZES: {v}"))
        })
        .collect();
    let no_search: Vec<String> = bench_config()
        .scopes
        .into_iter()
        .filter(|s| s != "Desk.search.READ")
        .collect();
    for (label, stream, strategy) in [
        ("s", "tickets", "search window"),
        ("l", "tickets", "list (no Desk.search.READ)"),
        ("w", "articles", "sortBy=-modifiedTime walk"),
    ] {
        if !on(label) {
            continue;
        }
        for &n in &sizes {
            let cfg = match label {
                "w" => EmulatorConfig {
                    articles: n,
                    ..bench_config()
                },
                "l" => EmulatorConfig {
                    tickets: n,
                    scopes: no_search.clone(),
                    ..bench_config()
                },
                _ => EmulatorConfig {
                    tickets: n,
                    ..bench_config()
                },
            };
            let label = format!("{label}{}", short(n));
            let emu = timed_emulator(cfg, &label);
            let (config, catalog) = prepare(&emu, 4, &[stream], false);
            let out = measure(Scenario {
                label: &label,
                what: format!("{stream} full refresh via {strategy}, {n} {stream}"),
                emu: &emu,
                config,
                catalog,
                state: None,
            });
            if out.records != n as u64 {
                println!("    !! {label}: {} records, expected {n}", out.records);
            }
        }
    }
    println!("    (bench process peak RSS {})", mib(own_kib("VmHWM:")));
}
