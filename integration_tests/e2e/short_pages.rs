//! Pages shorter than asked while more rows exist (a server-side cap, rows filtered by
//! permissions) never end a walk: search walks, root lists and child lists all read on.

use std::collections::HashMap;

use serde_json::json;
use zoho_desk_emulator::EmulatorConfig;

use crate::support::*;

/// Rows per parent in the ground truth of a child module.
fn truth_per_parent(emu: &zoho_desk_emulator::Emulator, module: &str) -> HashMap<String, usize> {
    let mut out = HashMap::new();
    for r in admin_get(emu.url(), &format!("/_admin/truth/{module}"))["records"]
        .as_array()
        .expect("truth")
    {
        *out.entry(id_of(&json!({"id": r["parentId"]}))).or_default() += 1;
    }
    out
}

#[test]
fn capped_pages_on_search_list_and_child_routes_lose_nothing() {
    let emu = emulator(EmulatorConfig {
        tickets: 150,
        ..EmulatorConfig::default()
    });
    settings(
        &emu,
        json!({"page_caps": {
            "GET /api/v1/tickets/search": 7,
            "GET /api/v1/contacts/search": 9,
            "GET /api/v1/agents": 3,
            "GET /api/v1/articles": 4,
            "GET /api/v1/tickets/{ticketId}/threads": 2,
            "GET /api/v1/tickets/{ticketId}/History": 2
        }}),
    );
    let streams = [
        "tickets",
        "contacts",
        "agents",
        "articles",
        "threads",
        "ticket_history",
    ];
    for incremental in [false, true] {
        let run = read(
            &base_config(emu.url()),
            &catalog(&streams, incremental),
            None,
        );
        assert_eq!(run.code, 0, "{:?}", run.errors());
        for s in ["tickets", "contacts", "agents", "articles", "threads"] {
            assert_exactly_once(s, &run.ids(s), &truth_ids(&emu, s));
        }
        // History rows have no id: compare the rows per ticket.
        let mut got: HashMap<String, usize> = HashMap::new();
        for r in run.records("ticket_history") {
            *got.entry(id_of(&json!({"id": r["ticketId"]}))).or_default() += 1;
        }
        assert_eq!(
            got,
            truth_per_parent(&emu, "ticket_history"),
            "history per ticket"
        );
    }
}

/// Where the parent row counts its children, a complete list costs no extra call.
#[test]
fn a_child_list_complete_at_the_parent_count_needs_no_extra_call() {
    let emu = emulator(EmulatorConfig {
        tickets: 40,
        ..EmulatorConfig::default()
    });
    reset_stats(&emu);
    let run = read(&base_config(emu.url()), &catalog(&["threads"], false), None);
    assert_eq!(run.code, 0, "{:?}", run.errors());
    assert_exactly_once("threads", &run.ids("threads"), &truth_ids(&emu, "threads"));
    let st = stats(&emu);
    assert_eq!(
        st["requests"]["GET /api/v1/tickets/{ticketId}/threads"].as_u64(),
        Some(40),
        "one threads call per ticket: {st}"
    );
}
