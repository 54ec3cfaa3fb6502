//! Bad days a pager must survive: short pages (`page_caps`), transient 404s on child routes
//! (`flaky_404`) and data that changes while it is read (`mutator`).

mod common;

use common::*;
use std::collections::BTreeSet;

use zoho_desk_emulator::{Emulator, Mutator, SettingsPatch};

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

/// Statuses of `per` Desk GETs from each of `workers` threads at once (`path(worker, k)`).
fn concurrent_gets(
    emu: &Emulator,
    token: &str,
    workers: usize,
    per: usize,
    path: impl Fn(usize, usize) -> String + Sync,
) -> Vec<u16> {
    let auth = format!("Zoho-oauthtoken {token}");
    let path = &path;
    let auth = &auth;
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                s.spawn(move || {
                    let mut c = zoho_desk_emulator::client::Conn::new(emu.url());
                    (0..per)
                        .map(|k| {
                            c.get(
                                &format!("/api/v1{}", path(w, k)),
                                &[("Authorization", auth), ("orgId", ORG)],
                            )
                            .expect("request")
                            .status
                        })
                        .collect::<Vec<u16>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("worker"))
            .collect()
    })
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
    let path = format!("/tickets/{tid}/threads");
    let statuses = concurrent_gets(&emu, &d.token, 6, 5, |_, _| path.clone());
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

fn mutator(m: Option<Mutator>) -> SettingsPatch {
    SettingsPatch {
        mutator: Some(m),
        ..Default::default()
    }
}

fn every(n: u64) -> Mutator {
    Mutator {
        every: n,
        touch: Default::default(),
        create_threads: 0,
        create: Default::default(),
        delete: Default::default(),
    }
}

/// Every page of a modifiedTime-ordered ticket search, from 0 until the 204.
fn search_walk(d: &mut Desk) -> Vec<serde_json::Value> {
    let mut all = Vec::new();
    for from in (0..).step_by(100) {
        let page = d.rows(&format!(
            "/tickets/search?from={from}&limit=100&sortBy=modifiedTime"
        ));
        if page.is_empty() {
            return all;
        }
        all.extend(page);
    }
    unreachable!("the walk ends with a 204")
}

fn truth_ids(emu: &Emulator, module: &str) -> BTreeSet<String> {
    emu.truth(module)
        .expect("truth")
        .into_iter()
        .map(|r| r.id)
        .collect()
}

#[test]
fn mutator_every_request_moves_rows_under_a_search_walk() {
    let emu = small();
    // The naive offset walk below pages past row 999, which Zoho's OAS forbids: record only.
    emu.update_settings(SettingsPatch {
        oas: Some("record".into()),
        ..Default::default()
    })
    .expect("settings");
    let mut d = Desk::new(&emu);
    let truth = truth_ids(&emu, "tickets");
    // Control: without the mutator an offset walk is exact.
    let calm = ids(&search_walk(&mut d));
    assert_eq!(calm.iter().cloned().collect::<BTreeSet<_>>(), truth);
    assert_eq!(calm.len(), truth.len());

    emu.reset_stats();
    let m = Mutator {
        touch: [("tickets".to_string(), 3)].into(),
        ..every(1)
    };
    emu.update_settings(mutator(Some(m)))
        .expect("mutator accepted");
    let walked = ids(&search_walk(&mut d));
    let s = emu.stats();
    let desk_requests: u64 = s
        .requests
        .iter()
        .filter(|(k, _)| k.contains("/api/v1"))
        .map(|(_, v)| v)
        .sum();
    assert_eq!(s.mutations, desk_requests, "one round after every request");
    assert!(s.mutation_errors.is_empty(), "{:?}", s.mutation_errors);
    let seen: BTreeSet<String> = walked.iter().cloned().collect();
    let missed = truth.difference(&seen).count();
    let repeated = walked.len() - seen.len();
    // Touched rows jump behind the walk's offset: the rows after them slide into pages
    // already read (missed), and the touched ones show up again at the end (repeated).
    assert!(missed > 0, "rows slid past the offset walk");
    assert!(repeated > 0, "touched rows were seen twice");
    let moved = emu
        .truth("tickets")
        .expect("truth")
        .into_iter()
        .filter(|r| r.modified_time.as_str() > "2025")
        .count() as u64;
    assert!(
        moved > 0 && moved <= 3 * s.mutations,
        "{moved} tickets moved"
    );
}

#[test]
fn mutator_counts_requests_and_null_switches_it_off() {
    let emu = small();
    let mut d = Desk::new(&emu);
    let m = Mutator {
        touch: [("contacts".to_string(), 1)].into(),
        ..every(3)
    };
    emu.update_settings(mutator(Some(m))).expect("accepted");
    for _ in 0..7 {
        d.rows("/departments");
    }
    assert_eq!(emu.stats().mutations, 2, "after request 3 and 6");
    // Admin calls are not Desk requests: they neither count nor trigger.
    let _ = admin_get(&emu, "/_admin/stats");
    assert_eq!(emu.stats().mutations, 2);
    let r = admin_send(
        &emu,
        "PUT",
        "/_admin/settings",
        serde_json::json!({"mutator": null}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(r.json()["mutator"].is_null());
    for _ in 0..6 {
        d.rows("/departments");
    }
    assert_eq!(emu.stats().mutations, 2, "null switches it off");
    // Over HTTP, with validation.
    for bad in [
        serde_json::json!({"mutator": {"every": 0}}),
        serde_json::json!({"mutator": {"every": 1, "touch": {"threads": 1}}}),
        serde_json::json!({"mutator": {"every": 1, "touch": {"nope": 1}}}),
        serde_json::json!({"mutator": {"every": 1, "create": {"agents": 1}}}),
        serde_json::json!({"mutator": {"every": 1, "sometimes": true}}),
    ] {
        let r = admin_send(&emu, "PUT", "/_admin/settings", bad.clone());
        assert_eq!(r.status, 400, "{bad} must be refused");
    }
    let r = admin_send(
        &emu,
        "PUT",
        "/_admin/settings",
        serde_json::json!({"mutator": {"every": 2, "touch": {"tickets": 1}}}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        admin_get(&emu, "/_admin/settings")["mutator"],
        serde_json::json!({"every": 2, "touch": {"tickets": 1}, "create_threads": 0, "create": {}, "delete": {}})
    );
    d.rows("/departments");
    d.rows("/departments");
    assert_eq!(admin_get(&emu, "/_admin/stats")["mutations"], 3);
}

#[test]
fn mutator_creates_threads_on_live_tickets_and_moves_them() {
    let emu = small();
    let mut d = Desk::new(&emu);
    let threads_before = emu.truth("threads").expect("truth").len();
    let m = Mutator {
        create_threads: 2,
        ..every(1)
    };
    emu.update_settings(mutator(Some(m))).expect("accepted");
    d.rows("/departments");
    let threads = emu.truth("threads").expect("truth");
    assert_eq!(threads.len(), threads_before + 2);
    let tickets = emu.truth("tickets").expect("truth");
    for new in &threads[threads_before..] {
        let tid = new.parent_id.clone().expect("a thread has a ticket");
        let t = tickets.iter().find(|t| t.id == tid).expect("a live ticket");
        assert!(t.modified_time >= new.created_time, "the ticket moved");
        // Listed last (newest), counted, and readable by id.
        let list = d.rows(&format!("/tickets/{tid}/threads?from=1&limit=100"));
        assert!(ids(&list).contains(&new.id));
        let newest_of_ticket = threads[threads_before..]
            .iter()
            .rfind(|t| t.parent_id.as_deref() == Some(tid.as_str()))
            .map(|t| t.id.as_str());
        assert_eq!(list.last().and_then(|r| r["id"].as_str()), newest_of_ticket);
        let detail = d.get(&format!("/tickets/{tid}")).json();
        assert_eq!(
            detail["threadCount"].as_str(),
            Some(list.len().to_string().as_str())
        );
        let r = d.get(&format!("/tickets/{tid}/threads/{}", new.id));
        assert_eq!(r.status, 200);
    }

    // Records and child touches: tickets created with their children, comments moving tickets.
    let tickets_before = tickets.len();
    let m = Mutator {
        touch: [("ticket_comments".to_string(), 1)].into(),
        create: [("tickets".to_string(), 2), ("contacts".to_string(), 1)].into(),
        ..every(1)
    };
    let contacts_before = emu.truth("contacts").expect("truth").len();
    emu.update_settings(mutator(Some(m))).expect("accepted");
    emu.reset_stats();
    d.rows("/departments");
    assert_eq!(
        emu.truth("tickets").expect("truth").len(),
        tickets_before + 2
    );
    assert_eq!(
        emu.truth("contacts").expect("truth").len(),
        contacts_before + 1
    );
    let s = emu.stats();
    assert_eq!((s.mutations, s.mutation_errors.len()), (1, 0));
    // The touched comment moved its ticket.
    let comments = emu.truth("ticket_comments").expect("truth");
    let touched = comments
        .iter()
        .max_by(|a, b| a.modified_time.cmp(&b.modified_time))
        .expect("comments");
    let tickets = emu.truth("tickets").expect("truth");
    let parent = tickets
        .iter()
        .find(|t| Some(&t.id) == touched.parent_id.as_ref())
        .expect("the comment's ticket");
    assert!(parent.modified_time >= touched.modified_time);
    // New tickets come with their generated threads.
    let new_tickets: BTreeSet<&str> = tickets[tickets_before..]
        .iter()
        .map(|t| t.id.as_str())
        .collect();
    let new_threads = emu
        .truth("threads")
        .expect("truth")
        .into_iter()
        .filter(|t| {
            t.parent_id
                .as_deref()
                .is_some_and(|p| new_tickets.contains(p))
        })
        .count();
    assert!(new_threads >= 2, "each new ticket has threads");
}

#[test]
fn mutator_is_safe_under_concurrent_requests() {
    let emu = start(zoho_desk_emulator::EmulatorConfig {
        tickets: 600,
        ..Default::default()
    });
    let m = Mutator {
        touch: [("tickets".to_string(), 2), ("contacts".to_string(), 1)].into(),
        create_threads: 1,
        create: [("tickets".to_string(), 1)].into(),
        ..every(1)
    };
    emu.update_settings(mutator(Some(m))).expect("accepted");
    let d = Desk::new(&emu);
    emu.reset_stats();
    let statuses = concurrent_gets(&emu, &d.token, 4, 25, |w, k| match (w + k) % 3 {
        0 => format!(
            "/tickets/search?from={}&limit=100&sortBy=modifiedTime",
            k * 40
        ),
        1 => format!("/tickets?from={}&limit=100", k * 20 + 1),
        _ => "/contacts/search?limit=100&sortBy=modifiedTime".to_string(),
    });
    assert!(
        statuses.iter().all(|&s| s == 200 || s == 204),
        "{statuses:?}"
    );
    let s = emu.stats();
    assert_eq!(s.mutations, 100);
    assert!(s.mutation_errors.is_empty(), "{:?}", s.mutation_errors);

    // Afterwards the indexes are still exact: a calm walk returns every ticket once, in order.
    emu.update_settings(mutator(None)).expect("off");
    let mut d = d;
    let walked = search_walk(&mut d);
    let truth = truth_ids(&emu, "tickets");
    assert_eq!(truth.len(), 600 + 100);
    assert_eq!(ids(&walked).into_iter().collect::<BTreeSet<_>>(), truth);
    assert_eq!(walked.len(), truth.len());
    let times: Vec<&str> = walked
        .iter()
        .map(|r| r["modifiedTime"].as_str().expect("modifiedTime"))
        .collect();
    assert!(
        times.windows(2).all(|w| w[0] <= w[1]),
        "sorted by modifiedTime"
    );
}
