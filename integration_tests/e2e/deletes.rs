//! Deletes between syncs: the `recycle_bin` stream lists every deleted record, and a dedup
//! destination gets a tombstone (`_ab_cdc_deleted_at` set) in the record's own stream, once
//! (repeated only at the bin cursor's instant), never for a live record, and only in
//! `append_dedup`. Checked against the emulator's ground truth of what was deleted.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};
use zoho_desk_emulator::{Emulator, EmulatorConfig};

use crate::support::*;

const DELETED_AT: &str = "_ab_cdc_deleted_at";
const DEDUP: [&str; 3] = ["tickets", "contacts", "accounts"];

fn emu() -> Emulator {
    emulator(EmulatorConfig {
        tickets: 120,
        contacts: 60,
        accounts: 30,
        ..Default::default()
    })
}

/// tickets, contacts and accounts incremental into append_dedup, plus `recycle_bin`.
fn dedup_catalog() -> Value {
    let mut cat = catalog(&[&DEDUP[..], &["recycle_bin"]].concat(), true);
    let bin = &mut cat["streams"][3];
    bin["sync_mode"] = json!("incremental");
    bin["destination_sync_mode"] = json!("append_dedup");
    bin["cursor_field"] = json!(["deletedTime"]);
    bin["primary_key"] = json!([["type"], ["id"]]);
    cat
}

/// The ids of a stream's tombstones, and asserts no live record carries the column.
fn tombstones(run: &Run, stream: &str) -> Vec<String> {
    let mut out = Vec::new();
    for r in run.records(stream) {
        match r.get(DELETED_AT) {
            None | Some(Value::Null) => {}
            Some(at) => {
                assert!(at.is_string(), "{stream}: {r}");
                // Only the key, the cursor and the deletion time.
                assert_eq!(
                    r["modifiedTime"], *at,
                    "{stream}: cursor is the deletion time"
                );
                assert_eq!(r.as_object().map(|o| o.len()), Some(3), "{stream}: {r}");
                out.push(id_of(r));
            }
        }
    }
    out
}

fn delete(emu: &Emulator, module: &str, ids: &[String]) -> Vec<String> {
    emu.delete_ids(module, ids)
        .expect("deleted")
        .into_iter()
        .map(|d| d.id)
        .collect()
}

fn set(ids: &[String]) -> BTreeSet<String> {
    ids.iter().cloned().collect()
}

/// Deletes in two batches per module (a delete stamps its records with one deletedTime),
/// then three syncs: the first emits no tombstone, the second every delete once, the third
/// only the last batch's (rows at the cursor instant).
#[test]
fn deleted_records_reach_the_bin_stream_and_dedup_tombstones_once() {
    let emu = emu();
    let config = base_config(emu.url());
    let cat = dedup_catalog();
    let first = read(&config, &cat, None);
    assert_eq!(first.code, 0, "{:?}", first.errors());
    validate_records(&first);
    for s in DEDUP {
        assert!(
            tombstones(&first, s).is_empty(),
            "{s}: tombstone on a first sync"
        );
    }
    // A new portal's bin already holds old deletes: a first sync lists each once.
    let seeded = truth_ids(&emu, "recycle_bin");
    assert!(!seeded.is_empty());
    assert_exactly_once("recycle_bin", &first.ids("recycle_bin"), &seeded);
    let newest_seeded = saved_cursor(&first, "recycle_bin", "deletedTime");
    let state = first.last_states();

    let mut early: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut late: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (module, n) in [
        ("tickets", 3),
        ("contacts", 2),
        ("accounts", 2),
        ("products", 1),
    ] {
        let live = truth_ids(&emu, module);
        early.insert(module, delete(&emu, module, &live[..n]));
    }
    std::thread::sleep(std::time::Duration::from_millis(5));
    for module in DEDUP {
        let live = truth_ids(&emu, module);
        late.insert(module, delete(&emu, module, &live[live.len() - 1..]));
    }
    let deleted = |m: &str| -> Vec<String> {
        [early.get(m).cloned(), late.get(m).cloned()]
            .into_iter()
            .flatten()
            .flatten()
            .collect()
    };

    let second = read(&config, &cat, Some(&state));
    assert_eq!(second.code, 0, "{:?}", second.errors());
    validate_records(&second);
    for s in DEDUP {
        let got = tombstones(&second, s);
        assert_exactly_once(s, &got, &deleted(s));
        let live: BTreeSet<String> = truth_ids(&emu, s).into_iter().collect();
        assert!(
            got.iter().all(|id| !live.contains(id)),
            "{s}: live tombstone"
        );
    }
    let bin: Vec<(String, String)> = second
        .records("recycle_bin")
        .iter()
        .map(|r| (r["type"].as_str().unwrap_or("").to_string(), id_of(r)))
        .collect();
    let want: BTreeSet<String> = ["tickets", "contacts", "accounts", "products"]
        .iter()
        .flat_map(|m| deleted(m))
        .collect();
    // Every new delete once; besides them only the old delete at the saved cursor's instant.
    let at_cursor: Vec<String> = emu
        .truth("recycle_bin")
        .expect("truth")
        .into_iter()
        .filter(|r| source_zoho_desk::timefmt::parse_zoho(&r.modified_time) == Some(newest_seeded))
        .map(|r| r.id)
        .collect();
    assert!(!at_cursor.is_empty());
    let bin_ids: Vec<String> = bin.iter().map(|(_, id)| id.clone()).collect();
    let want_all: Vec<String> = want.iter().cloned().chain(at_cursor).collect();
    assert_exactly_once("recycle_bin", &bin_ids, &want_all);
    assert!(bin.iter().any(|(t, _)| t == "Products"));
    for s in DEDUP {
        let st = saved_cursor(&second, s, "deletedTime");
        assert!(st > 0, "{s}: bin cursor kept next to the cursor");
        saved_cursor(&second, s, "modifiedTime");
    }

    let third = read(&config, &cat, Some(&second.last_states()));
    assert_eq!(third.code, 0, "{:?}", third.errors());
    for s in DEDUP {
        let again = set(&tombstones(&third, s));
        assert!(
            again.is_subset(&set(&late[s])),
            "{s}: repeated {again:?}, only the last batch {:?} is at the cursor",
            late[s]
        );
    }
    let again: BTreeSet<String> = third.ids("recycle_bin").into_iter().collect();
    let last_batch: BTreeSet<String> = DEDUP.iter().flat_map(|m| late[m].clone()).collect();
    assert!(
        again.is_subset(&last_batch),
        "recycle_bin repeated {again:?}"
    );
}

/// Tombstones are for `append_dedup` only; a state saved without a bin cursor (an append
/// sync, or a connector version before tombstones) gets the deletes since its record cursor.
#[test]
fn only_dedup_destinations_get_tombstones_and_older_states_catch_up() {
    let emu = emu();
    let config = base_config(emu.url());
    let mut append = catalog(&["tickets"], true);
    append["streams"][0]["destination_sync_mode"] = json!("append");
    let first = read(&config, &append, None);
    assert_eq!(first.code, 0, "{:?}", first.errors());
    let state = first.last_states();
    assert!(
        !state.to_string().contains("deletedTime"),
        "no bin cursor outside dedup: {state}"
    );
    let live = truth_ids(&emu, "tickets");
    let gone = delete(&emu, "tickets", &live[..2]);
    reset_stats(&emu);
    let second = read(&config, &append, Some(&state));
    assert_eq!(second.code, 0, "{:?}", second.errors());
    assert!(tombstones(&second, "tickets").is_empty());
    assert!(
        stats(&emu)["requests"]
            .get("GET /api/v1/recycleBin")
            .is_none()
    );
    // The same state into a dedup destination: deletes since the tickets cursor arrive.
    let third = read(&config, &catalog(&["tickets"], true), Some(&state));
    assert_eq!(third.code, 0, "{:?}", third.errors());
    assert_exactly_once("tickets", &tombstones(&third, "tickets"), &gone);
}

/// The documented limit: a record purged from the bin before the next sync (Zoho's
/// retention, or an administrator emptying it) gets no tombstone; a full refresh, which
/// returns only records that exist, is what drops it.
#[test]
fn records_purged_from_the_bin_are_caught_only_by_a_full_refresh() {
    let emu = emu();
    let config = base_config(emu.url());
    let cat = catalog(&["contacts"], true);
    let first = read(&config, &cat, None);
    assert_eq!(first.code, 0, "{:?}", first.errors());
    let live = truth_ids(&emu, "contacts");
    let gone = delete(&emu, "contacts", &live[..2]);
    assert!(emu.purge_bin() >= 2);
    let second = read(&config, &cat, Some(&first.last_states()));
    assert_eq!(second.code, 0, "{:?}", second.errors());
    assert!(tombstones(&second, "contacts").is_empty());
    let full = read(&config, &catalog(&["contacts"], false), None);
    assert_eq!(full.code, 0, "{:?}", full.errors());
    let ids = set(&full.ids("contacts"));
    assert!(gone.iter().all(|id| !ids.contains(id)));
    assert_eq!(ids, set(&truth_ids(&emu, "contacts")));
}

/// A deletable root read on one walk with its children (tickets with threads, tasks with
/// their comments) still gets its tombstones after the shared walk, and so do the modules that
/// became incremental through their search (tasks, products).
#[test]
fn roots_on_shared_walks_and_searched_modules_get_their_tombstones() {
    let emu = emu();
    let config = base_config(emu.url());
    let cat = all_incremental(&["tickets", "threads", "tasks", "task_comments", "products"]);
    let first = read(&config, &cat, None);
    assert_eq!(first.code, 0, "{:?}", first.errors());
    for s in ["tickets", "tasks", "products"] {
        assert!(
            tombstones(&first, s).is_empty(),
            "{s}: tombstone on a first sync"
        );
    }
    let state = first.last_states();
    let mut deleted: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (module, n) in [("tickets", 2), ("tasks", 2), ("products", 1)] {
        let live = truth_ids(&emu, module);
        deleted.insert(module, delete(&emu, module, &live[..n]));
    }
    let second = read(&config, &cat, Some(&state));
    assert_eq!(second.code, 0, "{:?}", second.errors());
    validate_records(&second);
    for (s, ids) in &deleted {
        assert_exactly_once(s, &tombstones(&second, s), ids);
    }
    // Children of a deleted ticket are gone with it: none of its threads is read again.
    let gone: BTreeSet<&String> = deleted["tickets"].iter().collect();
    assert!(
        second.records("threads").iter().all(|r| r["ticketId"]
            .as_str()
            .is_none_or(|t| !gone.contains(&t.to_string()))),
        "a deleted ticket's thread was read"
    );
}
