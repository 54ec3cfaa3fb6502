//! `POST /_admin/delete` and the mutator's `delete`: deleted records leave lists, searches,
//! details and (for tickets) their children's routes, so an offset walk sees later rows shift.

mod common;

use common::*;

use zoho_desk_emulator::{Mutator, SettingsPatch};

#[test]
fn deleted_tickets_leave_lists_searches_details_and_children() {
    let emu = small();
    let mut d = Desk::new(&emu);
    let list = ids(&d.rows("/tickets?from=1&limit=50"));
    let victim = list[3].clone();
    let threads_before = emu.truth("threads").expect("truth");
    assert!(
        threads_before
            .iter()
            .any(|t| t.parent_id.as_deref() == Some(victim.as_str()))
    );
    let r = admin_send(
        &emu,
        "POST",
        "/_admin/delete",
        serde_json::json!({"module": "tickets", "ids": [victim]}),
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.json(), serde_json::json!({"records": [{"id": victim}]}));
    let after = ids(&d.rows("/tickets?from=1&limit=50"));
    assert_eq!(after[3], list[4], "later rows move up one place");
    assert!(!after.contains(&victim));
    assert_eq!(d.get(&format!("/tickets/{victim}")).status, 404);
    assert_eq!(
        d.get(&format!("/tickets/{victim}/threads?from=1&limit=10"))
            .status,
        404
    );
    let found = ids(&d.rows(
        "/tickets/search?modifiedTimeRange=2000-01-01T00:00:00.000Z,2100-01-01T00:00:00.000Z&sortBy=modifiedTime&limit=100",
    ));
    assert!(!found.is_empty() && !found.contains(&victim));
    assert!(!truth_ids(&emu, "tickets").contains(&victim));
    let threads = emu.truth("threads").expect("truth");
    assert!(
        threads
            .iter()
            .all(|t| t.parent_id.as_deref() != Some(victim.as_str()))
    );
    // Deleting it again, or a module that cannot be deleted, is refused.
    let again = admin_send(
        &emu,
        "POST",
        "/_admin/delete",
        serde_json::json!({"module": "tickets", "ids": [victim]}),
    );
    assert_eq!(again.status, 400);
    let threads = admin_send(
        &emu,
        "POST",
        "/_admin/delete",
        serde_json::json!({"module": "threads", "count": 1}),
    );
    assert_eq!(threads.status, 400);
    // By count: seeded random live contacts.
    let before = truth_ids(&emu, "contacts");
    let r = admin_send(
        &emu,
        "POST",
        "/_admin/delete",
        serde_json::json!({"module": "contacts", "count": 4}),
    );
    assert_eq!(r.json()["records"].as_array().map(Vec::len), Some(4));
    assert_eq!(truth_ids(&emu, "contacts").len(), before.len() - 4);
    let products = truth_ids(&emu, "products");
    emu.delete_ids("products", &products[..1]).expect("deleted");
    assert_eq!(ids(&d.rows("/products?from=1&limit=50")), products[1..]);
}

#[test]
fn mutator_deletes_records_during_a_read() {
    let emu = small();
    let mut d = Desk::new(&emu);
    let before = truth_ids(&emu, "tickets");
    let m = Mutator {
        every: 1,
        touch: Default::default(),
        create_threads: 0,
        create: Default::default(),
        delete: [("tickets".to_string(), 2)].into(),
    };
    emu.update_settings(SettingsPatch {
        mutator: Some(Some(m)),
        ..Default::default()
    })
    .expect("accepted");
    d.rows("/departments");
    d.rows("/departments");
    let after = truth_ids(&emu, "tickets");
    assert_eq!(after.len(), before.len() - 4);
    assert!(
        admin_get(&emu, "/_admin/stats")["mutation_errors"]
            .as_array()
            .is_none_or(|e| e.is_empty())
    );
    let refused = admin_send(
        &emu,
        "PUT",
        "/_admin/settings",
        serde_json::json!({"mutator": {"every": 1, "delete": {"threads": 1}}}),
    );
    assert_eq!(refused.status, 400);
}
