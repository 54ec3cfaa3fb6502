//! Full refresh of plain offset lists while records are deleted: a delete moves every later
//! row up one place, and the pager must still read every row that exists from start to end.

use std::collections::{BTreeSet, HashMap};

use serde_json::json;
use zoho_desk_emulator::EmulatorConfig;

use crate::support::*;

const STREAMS: [&str; 3] = ["tickets", "contacts", "threads"];

/// Every row that exists at the start and still exists at the end arrives exactly once, and
/// nothing else does, while the mutator deletes a ticket (with its threads) and a contact
/// every 3rd request. Without the search scope tickets and contacts are read through their
/// plain lists, and threads through the tickets list.
#[test]
fn full_refresh_of_plain_lists_loses_nothing_while_records_are_deleted() {
    let emu = emulator(EmulatorConfig {
        tickets: 300,
        contacts: 300,
        ..crate::commands::without_search_scope()
    });
    let mut config = base_config(emu.url());
    config["page_size"] = json!(20);
    let before: HashMap<&str, BTreeSet<String>> = STREAMS
        .iter()
        .map(|s| (*s, truth_ids(&emu, s).into_iter().collect()))
        .collect();
    settings(
        &emu,
        json!({"mutator": {"every": 3, "delete": {"tickets": 1, "contacts": 1}}}),
    );
    let run = read(&config, &catalog(&STREAMS, false), None);
    settings(&emu, json!({"mutator": null}));
    assert_eq!(run.code, 0, "{:?}", run.errors());
    for s in STREAMS {
        let after: BTreeSet<String> = truth_ids(&emu, s).into_iter().collect();
        let b = &before[s];
        let deleted = b.len() - after.len();
        assert!(deleted * 20 >= b.len(), "{s}: only {deleted} deleted");
        let got = run.ids(s);
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for id in &got {
            *counts.entry(id).or_default() += 1;
            assert!(b.contains(id), "{s}: {id} was never a record");
        }
        let dups: Vec<_> = counts.iter().filter(|(_, n)| **n > 1).collect();
        assert!(dups.is_empty(), "{s}: repeated {dups:?}");
        let lost: Vec<&String> = after
            .iter()
            .filter(|id| !counts.contains_key(id.as_str()))
            .collect();
        eprintln!(
            "{s}: {} at the start, {deleted} deleted during the read, {} rows read, {} lost",
            b.len(),
            got.len(),
            lost.len()
        );
        assert!(lost.is_empty(), "{s}: {} rows lost: {lost:?}", lost.len());
    }
}
