//! Zoho's OpenAPI files are the contract: every request of a full run of every stream is checked
//! by the emulator against the kept OAS facts (`integration_tests/emulator/oas/facts.json`) and
//! refused with a 422 naming the parameter when it breaks them.

use std::collections::{BTreeSet, HashSet};

use serde_json::{Value, json};
use zoho_desk_emulator::EmulatorConfig;

use crate::support::*;

/// Routes the connector calls whose OAS operation is not kept in the facts, so their requests
/// are not checked. The list may only shrink: a new unchecked route fails the test.
const UNCHECKED: &[&str] = &[
    // The OAS files read declare no GET for these paths (CallAttachment.json: POST and DELETE
    // only; CustomerHappiness.json: only the link holder; Field.json: /fields, not
    // /organizationFields; ArticleComment.json: translation comments only). Read anyway:
    // working clients use them, and dropping them could only lose rows.
    "GET /api/v1/calls/{callId}/attachments",
    "GET /api/v1/customerHappiness",
    "GET /api/v1/organizationFields",
    "GET /api/v1/articles/{articleId}/comments",
    // Operation not found in the OAS files read (TicketHistory.json has schemas only).
    "GET /api/v1/tickets/{ticketId}/History",
];

fn small() -> EmulatorConfig {
    EmulatorConfig {
        tickets: 60,
        archived_tickets: 6,
        contacts: 30,
        accounts: 12,
        ..EmulatorConfig::default()
    }
}

fn full_catalog(all_full_refresh: bool) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("integration_tests/configured_catalog.json");
    let mut catalog: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("configured_catalog.json"))
            .expect("catalog is JSON");
    if all_full_refresh {
        for s in catalog["streams"].as_array_mut().expect("streams") {
            s["sync_mode"] = json!("full_refresh");
            s["destination_sync_mode"] = json!("overwrite");
        }
    }
    catalog
}

fn assert_clean(run: &Run, emu_stats: &Value, what: &str) {
    assert_eq!(run.code, 0, "{what}: {:?}", run.errors());
    for (stream, statuses) in run.statuses() {
        assert_eq!(
            statuses.last().map(String::as_str),
            Some("COMPLETE"),
            "{what}: {stream}"
        );
    }
    let violations = emu_stats["oas_violations"].as_array().expect("violations");
    assert!(violations.is_empty(), "{what}: {violations:#?}");
    let unchecked: BTreeSet<&str> = emu_stats["oas_unchecked"]
        .as_object()
        .expect("unchecked")
        .keys()
        .map(String::as_str)
        .collect();
    let known: BTreeSet<&str> = UNCHECKED.iter().copied().collect();
    let new: Vec<_> = unchecked.difference(&known).collect();
    assert!(new.is_empty(), "{what}: routes without OAS facts: {new:?}");
}

/// A full read of all 67 streams (full refresh, then the catalog's incremental modes and a
/// follow-up incremental read after edits) makes no request the OAS facts refuse.
#[test]
fn every_request_of_a_full_run_is_valid_under_the_oas() {
    let emu = emulator(small());
    // The default is to refuse; say it so the test does not depend on the default.
    settings(&emu, json!({"oas": "refuse"}));
    let config = base_config(emu.url());
    let checked_before = stats(&emu);
    assert!(checked_before["oas_violations"].as_array().is_some());

    let full = read(&config, &full_catalog(true), None);
    let s = stats(&emu);
    assert_clean(&full, &s, "full refresh");
    let checked: u64 = s["requests"]
        .as_object()
        .expect("requests")
        .iter()
        .filter(|(k, _)| k.starts_with("GET /api/v1") && !UNCHECKED.contains(&k.as_str()))
        .map(|(_, n)| n.as_u64().unwrap_or(0))
        .sum();
    assert!(checked > 100, "only {checked} requests checked");
    for name in [
        "help_centers",
        "help_center_users",
        "help_center_groups",
        "help_center_labels",
        "articles",
        "contracts",
    ] {
        assert_exactly_once(name, &full.ids(name), &truth_ids(&emu, name));
    }
    // Ticket tags answer under `tags` (TicketTag.json); one row per (ticket, tag).
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let mut got: Vec<(String, String)> = full
        .records("ticket_tags")
        .iter()
        .map(|r| (text(&r["ticketId"]), id_of(r)))
        .collect();
    let mut want: Vec<(String, String)> =
        admin_get(emu.url(), "/_admin/truth/ticket_tags")["records"]
            .as_array()
            .expect("truth")
            .iter()
            .map(|t| (text(&t["parentId"]), id_of(t)))
            .collect();
    got.sort();
    want.sort();
    assert!(!want.is_empty());
    assert_eq!(got, want, "ticket_tags");

    reset_stats(&emu);
    let first = read(&config, &full_catalog(false), None);
    assert_clean(&first, &stats(&emu), "incremental");
    touch(&emu, "tickets", 5);
    touch(&emu, "articles", 3);
    reset_stats(&emu);
    let second = read(&config, &full_catalog(false), Some(&first.last_states()));
    assert_clean(&second, &stats(&emu), "incremental follow-up");
}

/// `/contracts` takes `departmentIds` (Contract.json); the configured departments are pushed
/// down in one call, and the emulator refuses the undocumented `departmentId`.
#[test]
fn contracts_push_departments_down_as_department_ids() {
    let emu = emulator(small());
    let mut config = base_config(emu.url());
    let all = read(&config, &catalog(&["contracts"], false), None);
    assert_eq!(all.code, 0, "{:?}", all.errors());
    let dept = match &all.records("contracts")[0]["departmentId"] {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    config["department_ids"] = json!([dept]);
    reset_stats(&emu);
    let filtered = read(&config, &catalog(&["contracts"], false), None);
    assert_eq!(filtered.code, 0, "{:?}", filtered.errors());
    let want: HashSet<String> = all
        .records("contracts")
        .iter()
        .filter(|r| r["departmentId"].as_str() == Some(dept.as_str()))
        .map(|r| id_of(r))
        .collect();
    let got: HashSet<String> = filtered.ids("contracts").into_iter().collect();
    assert!(!want.is_empty());
    assert_eq!(got, want);
    let s = stats(&emu);
    assert!(
        s["oas_violations"].as_array().is_some_and(Vec::is_empty),
        "{s}"
    );
}

/// Every row of the stream table agrees with the OAS facts of its endpoint: the fixed
/// parameters are valid, the page size stays within `limit`'s maximum, the first `from` is not
/// below its minimum, the wrapper is the documented one, and the cursor walk's `sortBy` and
/// range parameter exist. Rows without facts are the unchecked routes above.
#[test]
fn every_row_agrees_with_its_oas_facts() {
    use source_zoho_desk::streams::{Departments, Incremental, Paging, Parent, STREAMS};
    use zoho_desk_emulator::oas::{Endpoint, endpoint, violations};

    let check = |name: &str, ep: &Endpoint, pairs: &[(&str, String)]| {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        let found = violations(ep, &pairs);
        assert!(found.is_empty(), "{name} ({}): {found:?}", ep.file);
    };
    let mut checked = 0;
    for def in STREAMS {
        let Some(ep) = endpoint("GET", def.path) else {
            let key = format!("GET /api/v1{}", def.path);
            assert!(
                UNCHECKED.contains(&key.as_str()),
                "{}: no OAS facts",
                def.name
            );
            continue;
        };
        checked += 1;
        if let Some(w) = &ep.wrapper {
            assert_eq!(def.wrapper, w, "{}: wrapper ({})", def.name, ep.file);
        }
        let mut pairs: Vec<(&str, String)> = def
            .params
            .iter()
            .map(|(k, v)| (*k, v.to_string()))
            .collect();
        if let Paging::Offset { max } = def.paging {
            pairs.push(("limit", max.to_string()));
            pairs.push(("from", def.first_from.to_string()));
        }
        match def.departments {
            Departments::List(p) | Departments::Each(p) => pairs.push((p, "1".into())),
            Departments::None | Departments::Parents => {}
        }
        // A parent carried in the query (`/ticketTags?departmentId=`, `/users?helpCenterId=`).
        match def.parent {
            Some(Parent::Stream { placeholder, .. })
                if !def.path.contains(&format!("{{{placeholder}}}")) =>
            {
                pairs.push((placeholder, "1".into()))
            }
            Some(Parent::Values { param, values, .. }) => pairs.push((
                param,
                values.first().map(|v| v.to_string()).unwrap_or_default(),
            )),
            _ => {}
        }
        if let Incremental::SortDescWalk { sort_by } = def.incremental {
            pairs.push(("sortBy", sort_by.to_string()));
        }
        if def.incremental == Incremental::Daily {
            // What `read::daily` adds to every call.
            pairs.push(("duration", "CUSTOM_IN_DATE".into()));
            pairs.push(("startDate", "04-03-2026".into()));
            pairs.push(("endDate", "04-03-2026".into()));
        }
        check(def.name, ep, &pairs);
        if let Incremental::SearchRange {
            path,
            range_param,
            sort_by,
            max,
            department_param,
        } = def.incremental
        {
            let search = endpoint("GET", path).unwrap_or_else(|| panic!("{path}: no facts"));
            let mut pairs = vec![
                (range_param, "x".to_string()),
                ("sortBy", sort_by.to_string()),
                ("limit", max.to_string()),
                ("from", def.first_from.to_string()),
            ];
            if let Some(p) = department_param {
                pairs.push((p, "1".into()));
            }
            check(def.name, search, &pairs);
        }
    }
    assert!(checked >= 55, "only {checked} rows checked");
}
