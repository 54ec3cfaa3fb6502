//! Reads while the data changes: the emulator's mutator edits tickets, contacts and articles and
//! adds threads (moving their tickets) every few requests during the read.

use std::collections::HashMap;

use serde_json::{Value, json};
use zoho_desk_emulator::{Emulator, EmulatorConfig};

use crate::support::*;

/// Every 10th request: one ticket, contact and article edited, one thread added.
fn mutator() -> Value {
    json!({"every": 10, "touch": {"tickets": 1, "contacts": 1, "articles": 1}, "create_threads": 1})
}

const ROOTS: [&str; 3] = ["tickets", "contacts", "articles"];

/// id → (modifiedTime, parentId) of a module's ground truth.
fn truth(emu: &Emulator, module: &str) -> HashMap<String, (String, String)> {
    admin_get(emu.url(), &format!("/_admin/truth/{module}"))["records"]
        .as_array()
        .expect("truth")
        .iter()
        .map(|r| {
            let parent = id_of(&json!({"id": r["parentId"]}));
            (
                id_of(r),
                (r["modifiedTime"].as_str().unwrap_or("").to_string(), parent),
            )
        })
        .collect()
}

fn edited(
    before: &HashMap<String, (String, String)>,
    after: &HashMap<String, (String, String)>,
) -> Vec<String> {
    before
        .iter()
        .filter(|(id, (t, _))| after.get(*id).is_some_and(|(t2, _)| t2 != t))
        .map(|(id, _)| id.clone())
        .collect()
}

const STREAMS: [&str; 4] = ["tickets", "contacts", "articles", "threads"];

/// 300 tickets, pages of 20: enough requests for the mutator to edit 5 %+ of each module.
fn setup() -> (Emulator, Value) {
    let emu = emulator(EmulatorConfig {
        tickets: 300,
        ..EmulatorConfig::default()
    });
    let mut config = base_config(emu.url());
    config["page_size"] = json!(20);
    (emu, config)
}

/// Newest version (modifiedTime) emitted per id.
fn newest(runs: &[&Run], stream: &str) -> HashMap<String, String> {
    let mut out: HashMap<String, String> = HashMap::new();
    for run in runs {
        for r in run.records(stream) {
            let t = r["modifiedTime"].as_str().unwrap_or("").to_string();
            let slot = out.entry(id_of(r)).or_default();
            if t > *slot {
                *slot = t;
            }
        }
    }
    out
}

/// A full refresh while 5 %+ of tickets, contacts and articles change and threads are added:
/// every row that existed at the start arrives, in a version at least as new as the start's,
/// and a row repeats only if it (or, for a thread, its ticket) changed during the sync.
#[test]
fn full_refresh_is_exact_while_records_change() {
    let (emu, config) = setup();
    let before: HashMap<&str, _> = STREAMS.iter().map(|s| (*s, truth(&emu, s))).collect();
    settings(&emu, json!({"mutator": mutator()}));
    let run = read(&config, &catalog(&STREAMS, false), None);
    settings(&emu, json!({"mutator": null}));
    assert_eq!(run.code, 0, "{:?}", run.errors());
    let after: HashMap<&str, _> = STREAMS.iter().map(|s| (*s, truth(&emu, s))).collect();
    let changed_tickets = edited(&before["tickets"], &after["tickets"]);
    for s in ROOTS {
        let (b, a) = (&before[s], &after[s]);
        let changed = edited(b, a);
        assert!(
            changed.len() * 20 >= b.len(),
            "{s}: only {} of {} edited during the read",
            changed.len(),
            b.len()
        );
        let want: Vec<String> = b.keys().cloned().collect();
        let got: Vec<String> = run
            .ids(s)
            .into_iter()
            .filter(|id| b.contains_key(id))
            .collect();
        assert_complete(s, &got, &want, &changed);
        eprintln!(
            "{s}: {} at the start, {} edited during the read, {} rows read, 0 lost",
            b.len(),
            changed.len(),
            run.ids(s).len()
        );
        for id in run.ids(s) {
            assert!(a.contains_key(&id), "{s}: {id} is not a record");
        }
        let versions = newest(&[&run], s);
        for (id, (t, _)) in b {
            assert!(
                versions.get(id).is_some_and(|v| v >= t),
                "{s}: {id} emitted older than the start's {t}"
            );
        }
    }
    let (b, a) = (&before["threads"], &after["threads"]);
    assert!(a.len() > b.len(), "threads were added during the read");
    let repeatable: Vec<String> = b
        .iter()
        .filter(|(_, (_, parent))| changed_tickets.contains(parent))
        .map(|(id, _)| id.clone())
        .collect();
    let got: Vec<String> = run
        .ids("threads")
        .into_iter()
        .filter(|id| b.contains_key(id))
        .collect();
    let want: Vec<String> = b.keys().cloned().collect();
    assert_complete("threads", &got, &want, &repeatable);
    eprintln!(
        "threads: {} at the start, {} added during the read, {} rows read, 0 lost",
        b.len(),
        a.len() - b.len(),
        run.ids("threads").len()
    );
}

/// An incremental read while the data changes, then a follow-up read: together they hold
/// every row that exists at the end, each in its final version.
#[test]
fn incremental_union_is_exact_while_records_change() {
    let (emu, config) = setup();
    let cat = all_incremental(&STREAMS);
    let before = truth(&emu, "tickets");
    settings(&emu, json!({"mutator": mutator()}));
    let first = read(&config, &cat, None);
    settings(&emu, json!({"mutator": null}));
    assert_eq!(first.code, 0, "{:?}", first.errors());
    assert!(edited(&before, &truth(&emu, "tickets")).len() * 20 >= before.len());
    let second = read(&config, &cat, Some(&first.last_states()));
    assert_eq!(second.code, 0, "{:?}", second.errors());
    for s in ROOTS {
        let final_truth = truth(&emu, s);
        let versions = newest(&[&first, &second], s);
        for (id, (t, _)) in &final_truth {
            assert_eq!(
                versions.get(id),
                Some(t),
                "{s}: {id} not in its final version"
            );
        }
    }
    let mut threads = first.ids("threads");
    threads.extend(second.ids("threads"));
    for id in truth(&emu, "threads").keys() {
        assert!(threads.contains(id), "thread {id} lost");
    }
}
