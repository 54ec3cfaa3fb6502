//! Bad days a pager must survive: short pages (`page_caps`), transient 404s on child routes
//! (`flaky_404`) and data that changes while it is read (`mutator`).

mod common;

use common::*;
use zoho_desk_emulator::SettingsPatch;

const TICKETS_LIST: &str = "GET /api/v1/tickets";
const TICKETS_SEARCH: &str = "GET /api/v1/tickets/search";
const THREADS: &str = "GET /api/v1/tickets/{ticketId}/threads";

fn caps(pairs: &[(&str, usize)]) -> SettingsPatch {
    SettingsPatch {
        page_caps: Some(pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()),
        ..Default::default()
    }
}

/// A ticket with at least `n` threads.
fn ticket_with_threads(d: &mut Desk, n: usize) -> String {
    for r in d.rows("/tickets?from=1&limit=100") {
        let id = r["id"].as_str().expect("id").to_string();
        if d.rows(&format!("/tickets/{id}/threads?from=1&limit=100"))
            .len()
            >= n
        {
            return id;
        }
    }
    panic!("no ticket with {n} threads");
}

#[test]
fn page_caps_make_lists_searches_and_child_lists_short_but_offsets_stay_exact() {
    let emu = small();
    let mut d = Desk::new(&emu);
    let list_all = ids(&d.rows("/tickets?from=1&limit=100"));
    let search_all = ids(&d.rows("/tickets/search?from=0&limit=100&sortBy=modifiedTime"));
    let tid = ticket_with_threads(&mut d, 3);
    let threads_all = ids(&d.rows(&format!("/tickets/{tid}/threads?from=1&limit=100")));
    assert_eq!((list_all.len(), search_all.len()), (100, 100));

    emu.update_settings(caps(&[
        (TICKETS_LIST, 7),
        (TICKETS_SEARCH, 9),
        (THREADS, 2),
    ]))
    .expect("caps accepted");
    // Short although more rows exist: 7 of the 100 asked for, and exactly the first 7.
    assert_eq!(ids(&d.rows("/tickets?from=1&limit=100")), list_all[..7]);
    // The offset is the client's: asking from row 8 gives rows 8..14, nothing is skipped
    // or repeated by the server.
    assert_eq!(ids(&d.rows("/tickets?from=8&limit=100")), list_all[7..14]);
    assert_eq!(ids(&d.rows("/tickets?from=8&limit=3")), list_all[7..10]);
    let s = "/tickets/search?from=9&limit=100&sortBy=modifiedTime";
    assert_eq!(ids(&d.rows(s)), search_all[9..18]);
    let t = format!("/tickets/{tid}/threads?from=1&limit=100");
    assert_eq!(ids(&d.rows(&t)), threads_all[..2]);
    // Other routes keep full pages.
    assert_eq!(d.rows("/contacts?from=1&limit=100").len(), 100);
    // A short page costs like a full one and still says 200 with the wrapper.
    let r = d.get("/tickets?from=1&limit=100");
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["data"].as_array().map(Vec::len), Some(7));

    // Replaced as a whole: an empty object switches every cap off.
    emu.update_settings(caps(&[])).expect("cleared");
    assert_eq!(ids(&d.rows("/tickets?from=1&limit=100")), list_all);
}

#[test]
fn page_caps_are_validated_and_visible_over_http() {
    let emu = small();
    for bad in [
        serde_json::json!({"page_caps": {"GET /api/v1/tickets": 0}}),
        serde_json::json!({"page_caps": {"GET /api/v1/nowhere": 5}}),
        // Not paginated: a cap there would mean nothing.
        serde_json::json!({"page_caps": {"GET /api/v1/tickets/{ticketId}": 5}}),
    ] {
        let r = admin_send(&emu, "PUT", "/_admin/settings", bad.clone());
        assert_eq!(r.status, 400, "{bad} must be refused");
    }
    assert!(
        emu.settings().page_caps.is_empty(),
        "a refused patch changes nothing"
    );
    let r = admin_send(
        &emu,
        "PUT",
        "/_admin/settings",
        serde_json::json!({"page_caps": {"GET /api/v1/contacts": 4}}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["page_caps"]["GET /api/v1/contacts"], 4);
    let mut d = Desk::new(&emu);
    assert_eq!(d.rows("/contacts?from=1&limit=50").len(), 4);
    assert_eq!(
        admin_get(&emu, "/_admin/settings")["page_caps"],
        serde_json::json!({"GET /api/v1/contacts": 4})
    );
}

fn flaky(pairs: &[(&str, u64)]) -> SettingsPatch {
    SettingsPatch {
        flaky_404: Some(pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()),
        ..Default::default()
    }
}

#[test]
fn flaky_404_answers_the_next_n_requests_not_found_then_normal() {
    let emu = small();
    let mut d = Desk::new(&emu);
    let tid = ticket_with_threads(&mut d, 1);
    let path = format!("/tickets/{tid}/threads?from=1&limit=100");
    let before = ids(&d.rows(&path));
    emu.update_settings(flaky(&[(THREADS, 2)]))
        .expect("accepted");
    for left in [1, 0] {
        let r = d.get(&path);
        assert_eq!(r.status, 404);
        assert_eq!(r.json()["errorCode"], "URL_NOT_FOUND");
        // The parent is there all along.
        assert_eq!(d.get(&format!("/tickets/{tid}")).status, 200);
        let pending = emu.settings().flaky_404.get(THREADS).copied().unwrap_or(0);
        assert_eq!(pending, left, "the setting counts down");
    }
    assert_eq!(ids(&d.rows(&path)), before, "then normal again");
    assert!(emu.settings().flaky_404.is_empty());
    assert_eq!(emu.stats().statuses.get("404"), Some(&2));
}

#[test]
fn flaky_404_takes_exactly_n_requests_under_concurrency() {
    let emu = small();
    let mut d = Desk::new(&emu);
    let tid = ticket_with_threads(&mut d, 1);
    let r = admin_send(
        &emu,
        "PUT",
        "/_admin/settings",
        serde_json::json!({"flaky_404": {THREADS: 10}}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let url = emu.url().to_string();
    let tok = d.token.clone();
    let handles: Vec<_> = (0..6)
        .map(|_| {
            let (url, tok, tid) = (url.clone(), tok.clone(), tid.clone());
            std::thread::spawn(move || {
                let auth = format!("Zoho-oauthtoken {tok}");
                let mut c = zoho_desk_emulator::client::Conn::new(&url);
                (0..5)
                    .map(|_| {
                        c.get(
                            &format!("/api/v1/tickets/{tid}/threads"),
                            &[("Authorization", &auth), ("orgId", ORG)],
                        )
                        .expect("req")
                        .status
                    })
                    .collect::<Vec<u16>>()
            })
        })
        .collect();
    let statuses: Vec<u16> = handles
        .into_iter()
        .flat_map(|h| h.join().expect("thread"))
        .collect();
    assert_eq!(statuses.iter().filter(|&&s| s == 404).count(), 10);
    assert_eq!(statuses.iter().filter(|&&s| s == 200).count(), 20);
}

#[test]
fn flaky_404_is_validated() {
    let emu = small();
    let r = admin_send(
        &emu,
        "PUT",
        "/_admin/settings",
        serde_json::json!({"flaky_404": {"GET /api/v1/nowhere": 1}}),
    );
    assert_eq!(r.status, 400);
    // 0 means "none pending" and is dropped.
    emu.update_settings(flaky(&[(THREADS, 0)]))
        .expect("accepted");
    assert!(emu.settings().flaky_404.is_empty());
}
