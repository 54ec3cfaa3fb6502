//! Behaviours 4-7: strict paging and parameters, projections, endpoints, data shapes.

mod common;

use std::collections::BTreeSet;

use common::*;
use zoho_desk_emulator::{EmulatorConfig, SettingsPatch};

/// Walks a list endpoint the way a connector does: advance `from` by rows returned.
fn walk_list(d: &mut Desk, path: &str, first_from: usize, limit: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut from = first_from;
    loop {
        let sep = if path.contains('?') { '&' } else { '?' };
        let rows = d.rows(&format!("{path}{sep}from={from}&limit={limit}"));
        out.extend(ids(&rows));
        if rows.len() < limit {
            return out;
        }
        from += rows.len();
    }
}

#[test]
fn list_from_is_one_based_and_zero_based_walks_duplicate_a_row() {
    let emu = small();
    let mut d = Desk::new(&emu);
    let truth: BTreeSet<String> = emu
        .truth("tickets")
        .expect("truth")
        .into_iter()
        .map(|r| r.id)
        .collect();

    let good = walk_list(&mut d, "/tickets", 1, 100);
    assert_eq!(
        good.len(),
        truth.len(),
        "1-based walk returns every ticket once"
    );
    assert_eq!(good.iter().cloned().collect::<BTreeSet<_>>(), truth);

    // A connector that counts from 0 gets page 1 twice at the first boundary.
    let p0 = ids(&d.rows("/tickets?from=0&limit=100"));
    let p1 = ids(&d.rows("/tickets?from=100&limit=100"));
    assert_eq!(
        p0[99], p1[0],
        "0-based offsets repeat the last row of the first page"
    );
    assert_eq!(
        p0,
        ids(&d.rows("/tickets?from=1&limit=100")),
        "from=0 behaves like from=1"
    );
}

#[test]
fn search_from_is_zero_based_and_capped() {
    let emu = small();
    let mut d = Desk::new(&emu);
    // Search.json gives `from` a maximum of 999; the fact base's 5,000-row window is what is
    // under test here, so the OAS check only records.
    let r = d.get("/tickets/search?from=1000&limit=10");
    assert_eq!(r.status, 422);
    assert!(r.json()["message"].as_str().unwrap_or("").contains("0-999"));
    emu.update_settings(SettingsPatch {
        oas: Some("record".into()),
        ..Default::default()
    })
    .expect("settings");
    let all = walk_list(&mut d, "/tickets/search?sortBy=modifiedTime", 0, 100);
    assert_eq!(all.len(), 1200);
    assert_eq!(
        all.iter().collect::<BTreeSet<_>>().len(),
        1200,
        "no duplicates with 0-based search offsets"
    );
    let a = ids(&d.rows("/tickets/search?sortBy=modifiedTime&from=0&limit=10"));
    let b = ids(&d.rows("/tickets/search?sortBy=modifiedTime&from=1&limit=10"));
    assert_eq!(
        a[1], b[0],
        "search from=0 is the first row, from=1 the second"
    );

    let r = d.get("/tickets/search?from=5000&limit=10");
    assert_eq!(r.status, 422);
    assert!(r.json()["message"].as_str().unwrap_or("").contains("from"));
    assert_eq!(
        d.get("/tickets/search?from=4999&limit=100").status,
        204,
        "4999 is still allowed"
    );
    assert_eq!(d.get("/contacts/search?from=5000").status, 422);
    assert_eq!(d.get("/accounts/search?from=5000").status, 422);
}

#[test]
fn strict_window_flag_refuses_from_plus_limit_over_5000() {
    let emu = start(EmulatorConfig {
        search_strict_window: true,
        oas: "record".into(),
        ..Default::default()
    });
    let mut d = Desk::new(&emu);
    assert_eq!(d.get("/tickets/search?from=4950&limit=100").status, 422);
    assert_eq!(d.get("/tickets/search?from=4900&limit=100").status, 204);
}

#[test]
fn limit_maxima_per_endpoint_are_enforced_not_clamped() {
    let emu = small();
    let mut d = Desk::new(&emu);
    for (path, max) in [
        ("/tickets", 100),
        ("/contacts", 100),
        ("/accounts", 100),
        ("/agents", 200),
        ("/departments", 200),
        ("/tickets/search", 100),
        ("/contacts/search", 100),
        ("/accounts/search", 100),
    ] {
        let r = d.get(&format!("{path}?limit={}", max + 1));
        assert_eq!(r.status, 422, "{path}");
        let msg = r.json()["message"].as_str().unwrap_or("").to_string();
        assert!(
            msg.contains("limit") && msg.contains(&format!("1-{max}")),
            "{path}: {msg}"
        );
        assert!(
            matches!(d.get(&format!("{path}?limit={max}")).status, 200 | 204),
            "{path}"
        );
        assert_eq!(d.get(&format!("{path}?limit=0")).status, 422, "{path}");
    }
    let t = emu.truth("tickets").expect("truth")[0].id.clone();
    assert_eq!(
        d.get(&format!("/tickets/{t}/threads?limit=101")).status,
        422
    );
    assert_eq!(
        d.get(&format!("/tickets/{t}/comments?limit=101")).status,
        422
    );
    let msgs = emu.stats().messages_422;
    assert!(msgs.iter().any(|m| m.contains("1-200")), "{msgs:?}");
}

#[test]
fn search_limit_maximum_is_configurable() {
    let emu = start(EmulatorConfig {
        search_limit_max: 50,
        ..Default::default()
    });
    let mut d = Desk::new(&emu);
    let r = d.get("/tickets/search?limit=51");
    assert_eq!(r.status, 422);
    assert!(r.json()["message"].as_str().unwrap_or("").contains("1-50"));
    assert_eq!(
        d.get("/tickets?limit=100").status,
        200,
        "lists keep their own maximum"
    );
}

#[test]
fn unknown_and_misplaced_parameters_are_refused_by_name() {
    let emu = small();
    let mut d = Desk::new(&emu);
    for (path, param) in [
        ("/tickets?sortOrder=asc", "sortOrder"),
        (
            "/tickets?modifiedTimeRange=2024-01-01T00:00:00.000Z,2024-02-01T00:00:00.000Z",
            "modifiedTimeRange",
        ),
        ("/teams?limit=10", "limit"),
        ("/organizations?from=1", "from"),
        ("/tickets/search?include=contacts", "include"),
    ] {
        let r = d.get(path);
        assert_eq!(r.status, 422, "{path}");
        assert_eq!(r.json()["errorCode"], "UNPROCESSABLE_ENTITY");
        let msg = r.json()["message"].as_str().unwrap_or("").to_string();
        assert_eq!(
            msg,
            format!("Extra query parameter '{param}' is present in the input.")
        );
    }
}

#[test]
fn page_past_the_end_is_204_with_zero_bytes() {
    // Search offsets past 999 break Search.json; the 204 shape is under test here.
    let emu = start(EmulatorConfig {
        oas: "record".into(),
        ..Default::default()
    });
    let mut d = Desk::new(&emu);
    for path in [
        "/tickets?from=1201&limit=10",
        "/tickets/search?from=1200&limit=10",
        "/contacts?from=5000",
        "/tickets/search?modifiedTimeRange=2030-01-01T00:00:00.000Z,2030-01-02T00:00:00.000Z",
    ] {
        let r = d.get(path);
        assert_eq!(r.status, 204, "{path}");
        assert!(r.body.is_empty(), "{path}: {} body bytes", r.body.len());
        assert_eq!(r.header("content-length").unwrap_or("0"), "0");
    }
    assert_eq!(
        d.rows("/tickets?from=1200&limit=10").len(),
        1,
        "the last row is at from=1200"
    );
}

#[test]
fn sort_by_values_are_checked_per_endpoint() {
    let emu = small();
    let mut d = Desk::new(&emu);
    for ok in [
        "/tickets?sortBy=-createdTime",
        "/tickets/search?sortBy=-modifiedTime",
        "/tickets/search?sortBy=relevance",
        "/contacts/search?sortBy=lastName",
        "/accounts/search?sortBy=-accountName",
        "/contacts?sortBy=firstName",
    ] {
        assert_eq!(d.get(ok).status, 200, "{ok}");
    }
    for bad in [
        "/tickets?sortBy=modifiedTime",
        "/tickets?sortBy=subject",
        "/contacts?sortBy=modifiedTime",
        "/tickets/search?sortBy=ticketNumber",
        "/tickets/search?sortBy=--modifiedTime",
    ] {
        assert_eq!(d.get(bad).status, 422, "{bad}");
    }
    // `modifiedTime` is outside the OAS enum of GET /tickets (Ticket.json): the flag that
    // accepts it only helps with the OAS check recording instead of refusing.
    let emu = start(EmulatorConfig {
        list_sort_modified_time: true,
        oas: "record".into(),
        ..Default::default()
    });
    let mut d = Desk::new(&emu);
    assert_eq!(
        d.get("/tickets?sortBy=-modifiedTime&fields=modifiedTime")
            .status,
        200
    );
}

#[test]
fn range_filters_are_inclusive_and_validated() {
    let emu = small();
    let mut d = Desk::new(&emu);
    let truth = emu.truth("tickets").expect("truth");
    let rec = &truth[17];
    let t = &rec.modified_time;
    let rows = d.rows(&format!(
        "/tickets/search?modifiedTimeRange={t},{t}&limit=100"
    ));
    let expected: BTreeSet<String> = truth
        .iter()
        .filter(|r| &r.modified_time == t)
        .map(|r| r.id.clone())
        .collect();
    assert_eq!(
        ids(&rows).into_iter().collect::<BTreeSet<_>>(),
        expected,
        "both bounds inclusive"
    );
    assert!(rows.iter().all(|r| r["modifiedTime"] == *t));
    // Milliseconds are optional in the bounds.
    let no_ms = t.replace(".000Z", "Z");
    assert_eq!(
        d.rows(&format!(
            "/tickets/search?modifiedTimeRange={no_ms},{no_ms}&limit=100"
        ))
        .len(),
        expected.len()
    );
    let c = &rec.created_time;
    let rows = d.rows(&format!(
        "/tickets/search?createdTimeRange={c},{c}&limit=100"
    ));
    assert!(ids(&rows).contains(&rec.id));
    for bad in [
        "2024-01-01,2024-02-01",
        "2024-01-01T00:00:00.000Z",
        "2024-02-01T00:00:00.000Z,2024-01-01T00:00:00.000Z",
        "2024-01-01T00:00:00+01:00,2024-02-01T00:00:00.000Z",
    ] {
        let r = d.get(&format!("/tickets/search?modifiedTimeRange={bad}"));
        assert_eq!(r.status, 422, "{bad}");
        assert!(
            r.json()["message"]
                .as_str()
                .unwrap_or("")
                .contains("modifiedTimeRange")
        );
    }
}

#[test]
fn ties_on_the_sort_key_are_ordered_by_id_in_both_directions() {
    // The walk passes Search.json's `from` maximum (999); the order is under test here.
    let emu = start(EmulatorConfig {
        oas: "record".into(),
        ..Default::default()
    });
    let mut d = Desk::new(&emu);
    for dir in ["", "-"] {
        let rows = {
            let mut all = Vec::new();
            for from in (0..1200).step_by(100) {
                all.extend(d.rows(&format!(
                    "/tickets/search?sortBy={dir}modifiedTime&from={from}&limit=100"
                )));
            }
            all
        };
        let mut ties = 0;
        for w in rows.windows(2) {
            let (a, b) = (
                w[0]["modifiedTime"].as_str().unwrap_or(""),
                w[1]["modifiedTime"].as_str().unwrap_or(""),
            );
            let (ia, ib): (u64, u64) = (
                w[0]["id"].as_str().unwrap_or("0").parse().unwrap_or(0),
                w[1]["id"].as_str().unwrap_or("0").parse().unwrap_or(0),
            );
            if a == b {
                ties += 1;
                assert!(
                    ia < ib,
                    "tie not ordered by id ascending ({dir}modifiedTime)"
                );
            } else if dir.is_empty() {
                assert!(a < b);
            } else {
                assert!(a > b);
            }
        }
        assert!(ties > 10, "the data must contain ties ({ties})");
    }
}

#[test]
fn list_rows_search_rows_and_detail_have_zoho_projections() {
    let emu = small();
    let mut d = Desk::new(&emu);
    let list = d.rows("/tickets?limit=5");
    for r in &list {
        assert!(r.get("modifiedTime").is_none() && r.get("description").is_none());
        assert!(r["cf"].is_null());
    }
    let search = d.rows("/tickets/search?limit=5");
    for r in &search {
        assert!(r["modifiedTime"].is_string() && r.get("description").is_some());
        assert!(r["cf"].is_object() && r["customFields"].is_object());
    }
    let id = list[0]["id"].as_str().expect("id");
    let detail = d.get(&format!(
        "/tickets/{id}?include=contacts,assignee,departments,team,isRead"
    ));
    assert_eq!(detail.status, 200);
    let v = detail.json();
    assert_eq!(v["id"], id);
    assert!(v["modifiedTime"].is_string() && v["cf"].is_object());
    assert!(
        v.get("contact").is_some() && v.get("isRead").is_some() && v.get("department").is_some()
    );
    let cf = v["cf"].as_object().expect("cf");
    assert!(
        cf.contains_key("cf_region")
            && cf.contains_key("cf_follow_up_date")
            && cf.contains_key("cf_is_vip")
    );

    let contacts = d.rows("/contacts?limit=5&include=accounts");
    assert!(contacts.iter().all(|r| r.get("modifiedTime").is_none()
        && r["cf"].is_null()
        && r.get("account").is_some()));
    let cs = d.rows("/contacts/search?limit=5");
    assert!(
        cs.iter()
            .all(|r| r["modifiedTime"].is_string() && r["cf"].is_object())
    );

    // `fields` replaces the projection.
    let f = d.rows("/tickets?limit=3&fields=modifiedTime,subject");
    for r in &f {
        let keys: BTreeSet<&str> = r
            .as_object()
            .expect("obj")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, ["id", "modifiedTime", "subject"].into());
    }
    assert_eq!(d.get("/tickets?fields=noSuchField").status, 500);
    assert_eq!(d.get("/tickets?include=everything").status, 422);
}

#[test]
fn every_endpoint_answers_with_its_wrapper() {
    let emu = small();
    let mut d = Desk::new(&emu);
    let team = emu.truth("teams").expect("teams")[0].id.clone();
    let ticket = emu.truth("tickets").expect("tickets")[3].id.clone();
    let threads: Vec<_> = emu
        .truth("threads")
        .expect("threads")
        .into_iter()
        .filter(|t| t.parent_id.as_deref() == Some(ticket.as_str()))
        .collect();
    for (path, wrapper) in [
        ("/organizations".to_string(), "data"),
        ("/agents?limit=200".into(), "data"),
        ("/departments".into(), "data"),
        ("/teams".into(), "teams"),
        (format!("/teams/{team}/members"), "members"),
        ("/tickets".into(), "data"),
        ("/tickets/search".into(), "data"),
        (format!("/tickets/{ticket}/threads?limit=100"), "data"),
        ("/contacts".into(), "data"),
        ("/contacts/search".into(), "data"),
        ("/accounts".into(), "data"),
        ("/accounts/search".into(), "data"),
    ] {
        let r = d.get(&path);
        assert_eq!(r.status, 200, "{path}: {}", r.text());
        assert!(
            r.json()[wrapper].as_array().is_some_and(|a| !a.is_empty()),
            "{path}"
        );
    }
    let rows = d.rows(&format!("/tickets/{ticket}/threads?limit=100"));
    assert_eq!(
        ids(&rows),
        threads.iter().map(|t| t.id.clone()).collect::<Vec<_>>()
    );
    let detail = d.get(&format!("/tickets/{ticket}"));
    assert_eq!(
        detail.json()["threadCount"],
        rows.len().to_string(),
        "counters are strings and match"
    );
    let th = d.get(&format!("/tickets/{ticket}/threads/{}", threads[0].id));
    assert_eq!(th.status, 200);
    assert!(th.json()["content"].is_string());
    let contact = emu.truth("contacts").expect("contacts")[0].id.clone();
    let c = d.get(&format!("/contacts/{contact}?include=accounts"));
    assert_eq!(c.status, 200);
    assert!(
        c.json()["modifiedTime"].is_string()
            && c.json()["cf"].is_object()
            && c.json().get("account").is_some()
    );
    let account = emu.truth("accounts").expect("accounts")[0].id.clone();
    assert_eq!(
        d.get(&format!("/accounts/{account}")).json()["id"],
        account.as_str()
    );
    assert_eq!(
        d.get(&format!("/accounts/{contact}")).status,
        404,
        "ids are per module"
    );
    let other = emu.truth("tickets").expect("tickets")[4].id.clone();
    assert_eq!(
        d.get(&format!("/tickets/{other}/threads/{}", threads[0].id))
            .status,
        404,
        "thread of another ticket"
    );
    // Comments: find a ticket that has some.
    let comments = emu.truth("comments").expect("comments");
    let parent = comments[0].parent_id.clone().expect("parent");
    let rows = d.rows(&format!("/tickets/{parent}/comments?limit=100"));
    let want: Vec<String> = comments
        .iter()
        .filter(|c| c.parent_id.as_deref() == Some(parent.as_str()))
        .map(|c| c.id.clone())
        .collect();
    assert_eq!(ids(&rows), want);
}

#[test]
fn data_is_deterministic_and_realistic() {
    let a = small();
    let b = small();
    let c = start(EmulatorConfig {
        seed: 99,
        ..Default::default()
    });
    assert_eq!(
        a.truth("tickets").expect("a"),
        b.truth("tickets").expect("b")
    );
    assert_ne!(
        a.truth("tickets").expect("a"),
        c.truth("tickets").expect("c")
    );
    let mut d = Desk::new(&a);
    let t = d.rows("/tickets/search?limit=100");
    for r in &t {
        let id = r["id"].as_str().expect("string id");
        assert_eq!(id.len(), 18);
        assert!(r["threadCount"].is_string() && r["commentCount"].is_string());
        let ts = r["modifiedTime"].as_str().expect("ts");
        assert!(
            ts.len() == 24 && ts.ends_with('Z') && ts.as_bytes()[19] == b'.',
            "{ts}"
        );
        assert!(("2023-01-01".."2025-01-01").contains(&ts), "{ts}");
    }
    assert!(t.iter().any(|r| r["assigneeId"].is_null()), "some nulls");
    let truth = a.truth("tickets").expect("truth");
    let mut counts = std::collections::BTreeMap::new();
    for r in &truth {
        *counts.entry(r.modified_time.clone()).or_insert(0) += 1;
    }
    let tied: usize = counts.values().filter(|&&n| n > 1).sum();
    assert!(
        (30..=200).contains(&tied),
        "about 5% tied modifiedTimes, got {tied}"
    );
}

#[test]
fn contact_and_account_search_walks_are_complete_in_every_order() {
    let emu = small();
    let mut d = Desk::new(&emu);
    for (module, sorts, n) in [
        (
            "contacts",
            ["modifiedTime", "-modifiedTime", "lastName", "-createdTime"],
            300,
        ),
        (
            "accounts",
            [
                "modifiedTime",
                "-modifiedTime",
                "accountName",
                "-accountName",
            ],
            120,
        ),
    ] {
        let truth: BTreeSet<String> = emu
            .truth(module)
            .expect("truth")
            .into_iter()
            .map(|r| r.id)
            .collect();
        assert_eq!(truth.len(), n);
        for s in sorts {
            let got = walk_list(&mut d, &format!("/{module}/search?sortBy={s}"), 0, 50);
            assert_eq!(got.len(), n, "{module} {s}: no duplicates");
            assert_eq!(
                got.into_iter().collect::<BTreeSet<_>>(),
                truth,
                "{module} {s}: nothing lost"
            );
        }
    }
    // Name order is string order.
    let rows = d.rows("/accounts/search?sortBy=accountName&limit=100");
    let names: Vec<String> = rows
        .iter()
        .map(|r| r["accountName"].as_str().unwrap_or("").to_string())
        .collect();
    assert!(names.windows(2).all(|w| w[0] <= w[1]), "{names:?}");
}

#[test]
fn customer_response_time_range_filters_tickets() {
    let emu = small();
    let mut d = Desk::new(&emu);
    let all = d.rows("/tickets/search?sortBy=customerResponseTime&limit=100&from=200");
    let lo = all[10]["customerResponseTime"]
        .as_str()
        .expect("crt")
        .to_string();
    let hi = all[40]["customerResponseTime"]
        .as_str()
        .expect("crt")
        .to_string();
    let rows = d.rows(&format!(
        "/tickets/search?customerResponseTimeRange={lo},{hi}&sortBy=modifiedTime&limit=100"
    ));
    assert!(rows.len() >= 31, "{}", rows.len());
    assert!(rows.iter().all(|r| {
        let t = r["customerResponseTime"].as_str().unwrap_or("");
        t >= lo.as_str() && t <= hi.as_str()
    }));
}

#[test]
fn team_members_truth_matches_the_members_endpoint() {
    let emu = small();
    let mut d = Desk::new(&emu);
    let members = emu.truth("team_members").expect("truth");
    for team in emu.truth("teams").expect("teams") {
        let want: Vec<String> = members
            .iter()
            .filter(|m| m.parent_id.as_deref() == Some(team.id.as_str()))
            .map(|m| m.id.clone())
            .collect();
        let r = d.get(&format!("/teams/{}/members", team.id));
        assert_eq!(r.status, 200);
        let got: Vec<String> = r.json()["members"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|m| m["id"].as_str().unwrap_or("").to_string())
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(got, want);
        let teams = d.get("/teams").json();
        let listed = teams["teams"]
            .as_array()
            .expect("teams")
            .iter()
            .find(|t| t["id"] == team.id.as_str())
            .cloned();
        assert_eq!(
            listed.map(|t| t["agents"].as_array().map(|a| a.len())),
            Some(Some(want.len()))
        );
    }
}
