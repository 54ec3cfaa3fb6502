//! Tasks, calls, events and products read incrementally through their `/…/search` endpoints,
//! their children as children of changed parents: a second read after edits returns exactly
//! the changed records (plus rows at the saved cursor, read again by design) and exactly the
//! children of the changed parents, checked against the emulator's ground truth.

use std::collections::HashSet;

use serde_json::{Value, json};
use zoho_desk_emulator::EmulatorConfig;

use crate::support::*;

const ROOTS: &[(&str, &str, &[&str])] = &[
    (
        "tasks",
        "taskId",
        &["task_comments", "task_attachments", "task_time_entries"],
    ),
    ("calls", "callId", &["call_comments", "call_attachments"]),
    (
        "events",
        "eventId",
        &["event_comments", "event_attachments"],
    ),
    ("products", "productId", &["product_attachments"]),
];

/// Every root and child of [`ROOTS`] in incremental mode with the cursor `discover` declares.
fn activity_catalog() -> Value {
    let entries: Vec<Value> = ROOTS
        .iter()
        .flat_map(|(root, key, children)| {
            let cursor = format!("{}ModifiedTime", &root[..root.len() - 1]);
            std::iter::once((*root, None, "modifiedTime".to_string()))
                .chain(children.iter().map(move |c| (*c, Some(*key), cursor.clone())))
        })
        .map(|(name, parent, cursor)| {
            let pk = match parent {
                Some(p) => json!([[p], ["id"]]),
                None => json!([["id"]]),
            };
            json!({
                "stream": {"name": name, "json_schema": {}, "supported_sync_modes": ["full_refresh", "incremental"]},
                "sync_mode": "incremental",
                "destination_sync_mode": "append_dedup",
                "cursor_field": [cursor],
                "primary_key": pk,
            })
        })
        .collect();
    json!({ "streams": entries })
}

fn text(v: &Value) -> String {
    v.as_str()
        .map(str::to_string)
        .unwrap_or_else(|| v.to_string())
}

/// `discover` offers at least 40 incremental streams, among them every stream of [`ROOTS`]
/// with its cursor: the roots' `modifiedTime`, the children's root cursor added to each row.
#[test]
fn discover_offers_forty_incremental_streams() {
    let emu = emulator(EmulatorConfig::default());
    let (_, streams) = crate::catalog::discovered(&base_config(emu.url()));
    let incremental: Vec<&Value> = streams
        .iter()
        .filter(|s| {
            s["supported_sync_modes"]
                .to_string()
                .contains("incremental")
        })
        .collect();
    assert!(incremental.len() >= 40, "{}", incremental.len());
    for (root, _, children) in ROOTS {
        let cursor = format!("{}ModifiedTime", &root[..root.len() - 1]);
        for (name, want) in std::iter::once((*root, "modifiedTime"))
            .chain(children.iter().map(|c| (*c, cursor.as_str())))
        {
            let s = incremental
                .iter()
                .find(|s| s["name"] == name)
                .unwrap_or_else(|| panic!("{name} is not incremental"));
            assert_eq!(s["default_cursor_field"], json!([want]), "{name}");
            assert!(
                s["json_schema"]["properties"].get(want).is_some(),
                "{name}: schema lacks {want}"
            );
        }
    }
}

/// A first incremental read returns everything; after edits to some tasks, calls, events and
/// products (and to a task comment, which moves its task), the second read returns the edited
/// records, rows at the saved cursor, and the children of exactly those parents, all of them.
#[test]
fn second_read_returns_only_changed_activities_and_their_children() {
    let emu = emulator(EmulatorConfig::default());
    let config = base_config(emu.url());
    let cat = activity_catalog();
    let first = read(&config, &cat, None);
    assert_eq!(first.code, 0, "{}", first.stderr);
    for (root, _, children) in ROOTS {
        assert_exactly_once(root, &first.ids(root), &truth_ids(&emu, root));
        for r in first.records(root) {
            assert!(
                r["modifiedTime"].is_string(),
                "{root} lacks modifiedTime: {r}"
            );
        }
        for child in *children {
            assert_eq!(
                first.records(child).len(),
                truth_ids(&emu, child).len(),
                "{child}: first read"
            );
        }
    }
    let state = first.last_states();

    // Rows at or just below each saved cursor are read again by design (inclusive cursor,
    // lookback window): they may come back without an edit.
    let mut near = std::collections::HashMap::new();
    for (root, _, _) in ROOTS {
        let c = saved_cursor(&first, root, "modifiedTime");
        near.insert(*root, truth_ids_between(&emu, root, c - LOOKBACK_MS, c));
    }
    let mut touched = std::collections::HashMap::new();
    for (root, n) in [("tasks", 4), ("calls", 3), ("events", 3), ("products", 2)] {
        touched.insert(root, touch(&emu, root, n));
    }
    // Editing a child moves its parent's modifiedTime (FB §6.1): the task must come back.
    let comment = touch(&emu, "task_comments", 1);
    assert_eq!(comment.len(), 1);
    let truth = admin_get(emu.url(), "/_admin/truth/task_comments");
    let moved_task = truth["records"]
        .as_array()
        .expect("truth")
        .iter()
        .find(|r| text(&r["id"]) == comment[0])
        .map(|r| text(&r["parentId"]))
        .expect("comment's task");
    touched
        .get_mut("tasks")
        .expect("tasks")
        .push(moved_task.clone());

    let second = read(&config, &cat, Some(&state));
    assert_eq!(second.code, 0, "{}", second.stderr);
    for (root, key, children) in ROOTS {
        let changed = &touched[root];
        let got = second.ids(root);
        assert_changes(root, &got, changed, &near[root]);
        let unique: HashSet<&String> = got.iter().collect();
        assert_eq!(unique.len(), got.len(), "{root}: duplicates");
        assert!(
            got.len() < truth_ids(&emu, root).len(),
            "{root}: the second read re-read everything"
        );
        let parents: HashSet<String> = got.into_iter().collect();
        for child in *children {
            let truth = admin_get(emu.url(), &format!("/_admin/truth/{child}"));
            let mut want: Vec<String> = truth["records"]
                .as_array()
                .expect("truth")
                .iter()
                .filter(|t| parents.contains(&text(&t["parentId"])))
                .map(|t| format!("{}/{}", text(&t["parentId"]), text(&t["id"])))
                .collect();
            let mut got: Vec<String> = second
                .records(child)
                .iter()
                .map(|r| format!("{}/{}", text(&r[*key]), text(&r["id"])))
                .collect();
            want.sort();
            got.sort();
            assert_eq!(
                got, want,
                "{child}: exactly the children of changed parents"
            );
            let cursor = format!("{}ModifiedTime", &root[..root.len() - 1]);
            for r in second.records(child) {
                assert!(
                    r[cursor.as_str()].is_string(),
                    "{child} lacks {cursor}: {r}"
                );
            }
        }
    }
    assert!(
        second.ids("tasks").contains(&moved_task),
        "the task of the edited comment"
    );
}

/// A full refresh of the four searched roots while the mutator edits one record of each every
/// 5 requests: every record that existed at the start arrives, and a record repeats only if it
/// was edited during the sync (it is read again in its new place at the end of the walk).
#[test]
fn full_refresh_of_searched_activities_is_exact_while_they_change() {
    let emu = emulator(EmulatorConfig {
        tasks: 150,
        calls: 90,
        events: 90,
        ..EmulatorConfig::default()
    });
    let mut config = base_config(emu.url());
    config["page_size"] = json!(10);
    let roots: Vec<&str> = ROOTS.iter().map(|(r, _, _)| *r).collect();
    let times = |m: &str| -> std::collections::HashMap<String, String> {
        admin_get(emu.url(), &format!("/_admin/truth/{m}"))["records"]
            .as_array()
            .expect("truth")
            .iter()
            .map(|r| (id_of(r), text(&r["modifiedTime"])))
            .collect()
    };
    let before: Vec<_> = roots.iter().map(|m| times(m)).collect();
    settings(
        &emu,
        json!({"mutator": {"every": 5, "touch": {"tasks": 1, "calls": 1, "events": 1, "products": 1}}}),
    );
    let run = read(&config, &catalog(&roots, false), None);
    settings(&emu, json!({"mutator": null}));
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (m, start) in roots.iter().zip(&before) {
        let after = times(m);
        let edited: Vec<String> = start
            .iter()
            .filter(|(id, t)| after.get(*id).is_some_and(|t2| t2 != *t))
            .map(|(id, _)| id.clone())
            .collect();
        assert!(!edited.is_empty(), "{m}: the mutator edited nothing");
        let want: Vec<String> = start.keys().cloned().collect();
        assert_complete(m, &run.ids(m), &want, &edited);
    }
}
