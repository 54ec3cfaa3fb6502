//! `thread_contents`: every thread's whole message, against thread details with long HTML
//! bodies that Zoho cuts above a size (`isContentTruncated`, the rest from `…/fullContent`).

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use serde_json::{Value, json};
use zoho_desk_emulator::{Emulator, EmulatorConfig};

use crate::support::*;

const DETAIL: &str = "GET /api/v1/tickets/{ticketId}/threads/{threadId}";
const FULL: &str = "GET /api/v1/tickets/{ticketId}/threads/{threadId}/fullContent";

/// Bodies of 1..199 KiB, cut above 64 KiB: about two thirds of the threads are truncated.
fn long_bodies(tickets: usize) -> Emulator {
    emulator(EmulatorConfig {
        tickets,
        thread_body_kb: 100,
        thread_truncate_kb: 64,
        ..EmulatorConfig::default()
    })
}

/// Thread id -> ticket id, from the emulator's ground truth.
fn thread_tickets(emu: &Emulator) -> HashMap<String, String> {
    emu.truth("thread_contents")
        .expect("truth")
        .into_iter()
        .map(|r| (r.id, r.parent_id.unwrap_or_default()))
        .collect()
}

fn requests(emu: &Emulator, key: &str) -> u64 {
    stats(emu)["requests"][key].as_u64().unwrap_or(0)
}

/// A full read returns each thread once, with the whole body Zoho holds (truncated ones
/// completed from `…/fullContent`, one extra call each), its ticket's id, and with
/// `plain_text` a rendering without markup next to the untouched original.
#[test]
fn a_full_read_returns_every_threads_whole_content() {
    let emu = long_bodies(25);
    let mut config = base_config(emu.url());
    config["plain_text"] = json!(true);
    let run = read(&config, &catalog(&["thread_contents"], false), None);
    assert_eq!(run.code, 0, "{:?}", run.errors());
    validate_records(&run);
    let tickets = thread_tickets(&emu);
    let want: Vec<String> = tickets.keys().cloned().collect();
    assert_exactly_once("thread_contents", &run.ids("thread_contents"), &want);
    let mut cut = 0;
    for r in run.records("thread_contents") {
        let id = id_of(r);
        let body = emu.thread_body(&id).expect("thread exists");
        cut += u64::from(body.len() > 64 * 1024);
        assert!(
            r["content"] == body.as_str(),
            "thread {id}: content differs"
        );
        assert_eq!(r["isContentTruncated"], json!(false), "thread {id}");
        assert_eq!(r["ticketId"].as_str(), tickets.get(&id).map(String::as_str));
        assert!(r["ticketModifiedTime"].is_string(), "{id}: cursor added");
        let plain = r["contentPlainText"].as_str().expect("plain text added");
        assert!(
            plain.starts_with("Hi team,\n\nAbout thread"),
            "{id}: {plain:.80}"
        );
        assert!(plain.contains("\n- Step 1: "), "{id}: list items are lines");
        assert!(plain.contains("<batch-size>"), "{id}: entities decoded");
        for markup in ["<p>", "<div", "<br", "&amp;", "margin: 0", "track("] {
            assert!(
                !plain.contains(markup),
                "{id}: {markup} left in the plain text"
            );
        }
    }
    assert!(cut > 0, "the data set has truncated threads");
    assert_eq!(
        requests(&emu, DETAIL),
        want.len() as u64,
        "one detail per thread"
    );
    assert_eq!(
        requests(&emu, FULL),
        cut,
        "one full-content call per cut thread"
    );
}

/// Without the option rows pass through as Zoho sent them: no added plain text, and a
/// plain-text comment is never rendered even with it.
#[test]
fn without_plain_text_rows_are_as_zoho_sent_them() {
    let emu = emulator(EmulatorConfig {
        tickets: 8,
        ..EmulatorConfig::default()
    });
    let run = read(
        &base_config(emu.url()),
        &catalog(&["thread_contents", "ticket_comments"], false),
        None,
    );
    assert_eq!(run.code, 0, "{:?}", run.errors());
    for stream in ["thread_contents", "ticket_comments"] {
        assert!(!run.records(stream).is_empty(), "{stream}");
        for r in run.records(stream) {
            assert!(r.get("contentPlainText").is_none(), "{stream}: {r}");
            assert!(r["content"].is_string(), "{stream}: full text in the row");
        }
    }
    assert_eq!(requests(&emu, FULL), 0, "nothing is truncated here");

    let mut config = base_config(emu.url());
    config["plain_text"] = json!(true);
    let run = read(&config, &catalog(&["ticket_comments"], false), None);
    assert_eq!(run.code, 0, "{:?}", run.errors());
    for r in run.records("ticket_comments") {
        let html = r["contentType"]
            .as_str()
            .is_some_and(|t| t.to_ascii_lowercase().contains("html"));
        assert_eq!(r.get("contentPlainText").is_some(), html, "{r}");
    }
}

/// An incremental read re-reads the contents of the threads of changed tickets only (and of
/// tickets at the saved cursor, read again by design).
#[test]
fn an_incremental_read_rereads_threads_of_changed_tickets_only() {
    let emu = long_bodies(30);
    let config = base_config(emu.url());
    let cat = all_incremental(&["thread_contents"]);
    let first = read(&config, &cat, None);
    assert_eq!(first.code, 0, "{:?}", first.errors());
    let tickets = thread_tickets(&emu);
    let all: Vec<String> = tickets.keys().cloned().collect();
    assert_exactly_once("thread_contents", &first.ids("thread_contents"), &all);

    let cursor = saved_cursor(&first, "thread_contents", "modifiedTime");
    let near = truth_ids_between(&emu, "tickets", cursor - LOOKBACK_MS, cursor);
    let changed = touch(&emu, "tickets", 4);
    let threads_of = |ts: &[String]| -> Vec<String> {
        tickets
            .iter()
            .filter(|(_, t)| ts.contains(t))
            .map(|(id, _)| id.clone())
            .collect()
    };
    reset_stats(&emu);
    let second = read(&config, &cat, Some(&first.last_states()));
    assert_eq!(second.code, 0, "{:?}", second.errors());
    let got = second.ids("thread_contents");
    assert_changes(
        "thread_contents",
        &got,
        &threads_of(&changed),
        &threads_of(&near),
    );
    for r in second.records("thread_contents") {
        let id = id_of(r);
        assert!(
            r["content"] == emu.thread_body(&id).expect("thread").as_str(),
            "{id}"
        );
    }
    assert_eq!(
        requests(&emu, DETAIL),
        got.len() as u64,
        "details of those threads only"
    );
}

/// Zoho has no full text for a cut thread (404 on `…/fullContent`): the row is still emitted,
/// with the text Zoho gave and its `isContentTruncated: true`, so users know; nothing is lost.
#[test]
fn a_missing_full_text_keeps_the_row_flagged_as_truncated() {
    let emu = long_bodies(6);
    settings(&emu, json!({"flaky_404": {FULL: 1000}}));
    let run = read(
        &base_config(emu.url()),
        &catalog(&["thread_contents"], false),
        None,
    );
    assert_eq!(run.code, 0, "{:?}", run.errors());
    let mut flagged = 0;
    for r in run.records("thread_contents") {
        let body = emu.thread_body(&id_of(r)).expect("thread");
        let content = r["content"].as_str().expect("content");
        if body.len() > 64 * 1024 {
            flagged += 1;
            assert_eq!(r["isContentTruncated"], json!(true));
            assert!(body.starts_with(content) && content.len() < body.len());
        } else {
            assert_eq!(content, body);
        }
    }
    assert!(flagged > 0);
    assert!(run.stderr.contains("keeps its truncated text") || has_log(&run, "truncated"));
}

/// An error body with HTTP 200 in place of the full text fails the stream loudly.
#[test]
fn an_error_body_for_the_full_text_fails_loudly() {
    let emu = long_bodies(6);
    settings(
        &emu,
        json!({"odd_bodies": {FULL: vec!["no_wrapper_200"; 50]}}),
    );
    let run = read(
        &base_config(emu.url()),
        &catalog(&["thread_contents"], false),
        None,
    );
    assert_eq!(run.code, 1, "a cut text must not pass as whole");
    assert_eq!(run.final_status("thread_contents"), "INCOMPLETE");
}

/// With `thread_attachments` also selected, each thread's detail is read once for both.
#[test]
fn both_detail_streams_share_one_call_per_thread() {
    let emu = long_bodies(20);
    let run = read(
        &base_config(emu.url()),
        &catalog(&["thread_contents", "thread_attachments"], false),
        None,
    );
    assert_eq!(run.code, 0, "{:?}", run.errors());
    let threads = thread_tickets(&emu).len() as u64;
    assert_exactly_once(
        "thread_attachments",
        &run.records("thread_attachments")
            .iter()
            .map(|r| id_of(r))
            .collect::<Vec<_>>(),
        &truth_ids(&emu, "thread_attachments"),
    );
    assert_eq!(
        requests(&emu, DETAIL),
        threads,
        "one detail call per thread"
    );
}

fn has_log(run: &Run, needle: &str) -> bool {
    run.of_type("LOG").into_iter().any(|l| {
        l["log"]["message"]
            .as_str()
            .is_some_and(|m| m.contains(needle))
    })
}

/// Peak resident set (KiB) of one connector read of `thread_contents` with plain text on,
/// from the kernel's high-water mark (`VmHWM`), sampled until the process ends.
fn peak_rss_kib(emu: &Emulator) -> u64 {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut config = base_config(emu.url());
    config["plain_text"] = json!(true);
    let files = [
        ("config.json", config),
        ("catalog.json", catalog(&["thread_contents"], false)),
    ];
    for (name, v) in &files {
        std::fs::write(dir.path().join(name), v.to_string()).expect("write");
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_source-zoho-desk"))
        .args([
            "read",
            "--config",
            "config.json",
            "--catalog",
            "catalog.json",
        ])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let done = Arc::new(AtomicBool::new(false));
    let sampler = {
        let done = done.clone();
        let status = format!("/proc/{}/status", child.id());
        std::thread::spawn(move || {
            let mut peak = 0;
            while !done.load(Ordering::Relaxed) {
                if let Some(kib) = std::fs::read_to_string(&status).ok().and_then(|t| {
                    t.lines()
                        .find(|l| l.starts_with("VmHWM:"))
                        .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
                }) {
                    peak = kib;
                }
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
            peak
        })
    };
    let mut records = 0;
    let reader = BufReader::new(child.stdout.take().expect("stdout"));
    for line in reader.lines() {
        let line = line.expect("line");
        if line.starts_with("{\"type\":\"RECORD\"") {
            let v: Value = serde_json::from_str(&line).expect("json");
            assert!(v["record"]["data"]["contentPlainText"].is_string());
            records += 1;
        }
    }
    let status = child.wait().expect("wait");
    done.store(true, Ordering::Relaxed);
    assert!(status.success() && records > 0);
    sampler.join().expect("sampler")
}

/// Memory does not grow with the data: reading six times as many 100 KiB threads (about 60 MB
/// of HTML and its plain text) raises the connector's peak resident set by less than 12 MiB,
/// as rows stream through one page at a time.
#[test]
#[cfg(target_os = "linux")]
fn memory_stays_flat_with_100_kb_bodies() {
    let small = peak_rss_kib(&long_bodies(15));
    let large = peak_rss_kib(&long_bodies(90));
    assert!(small > 0 && large > 0);
    eprintln!("peak RSS: {small} KiB for 15 tickets, {large} KiB for 90");
    assert!(
        large < small + 12 * 1024,
        "peak RSS {small} KiB for 15 tickets, {large} KiB for 90"
    );
}
