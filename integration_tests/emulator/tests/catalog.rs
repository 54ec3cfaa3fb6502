//! The full stream catalog: every endpoint is as strict as the core ones (wrapper, limit max,
//! 204 for no rows, unknown/missing parameters, unknown parents, scopes, credits, stats), and
//! the catalog-level behaviours (organizationFields, touch moves parents, ghost ids, forced
//! refusals, list_from_zero, archived tickets) hold.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::*;
use zoho_desk_emulator::data::Module;
use zoho_desk_emulator::routes::{Kind, ROUTES, RouteDef};
use zoho_desk_emulator::{Emulator, EmulatorConfig, SettingsPatch};

/// Every stream of the connector's table (`src/streams.rs`).
const STREAMS: &[&str] = &[
    "organizations",
    "agents",
    "agent_time_entries",
    "departments",
    "teams",
    "team_members",
    "roles",
    "profiles",
    "channels",
    "business_hours",
    "holiday_lists",
    "customer_happiness",
    "organization_fields",
    "tickets",
    "tickets_extended",
    "threads",
    "thread_attachments",
    "ticket_comments",
    "ticket_attachments",
    "ticket_activities",
    "ticket_history",
    "ticket_approvals",
    "ticket_followers",
    "ticket_metrics",
    "ticket_tags",
    "ticket_time_entries",
    "tags",
    "archived_tickets",
    "archived_tickets_extended",
    "archived_ticket_threads",
    "archived_ticket_comments",
    "archived_ticket_attachments",
    "archived_ticket_followers",
    "archived_ticket_time_entries",
    "contacts",
    "contact_comments",
    "contact_attachments",
    "contact_followers",
    "contact_time_entries",
    "accounts",
    "account_comments",
    "account_attachments",
    "account_followers",
    "account_time_entries",
    "contracts",
    "contract_comments",
    "tasks",
    "task_comments",
    "task_attachments",
    "task_time_entries",
    "calls",
    "call_comments",
    "call_attachments",
    "events",
    "event_comments",
    "event_attachments",
    "products",
    "product_attachments",
    "articles",
    "article_comments",
    "article_feedbacks",
    "kb_categories",
    "help_centers",
    "help_center_users",
    "help_center_groups",
    "help_center_labels",
];

/// A custom `timeRange` covering every generated record.
const ALL_TIME: &str = "2000-01-01T00:00:00.000Z,2100-01-01T00:00:00.000Z";

/// Parent ids that have at least one record of `module` (in id order).
fn parents_with_children(emu: &Emulator, module: &str) -> Vec<String> {
    let set: BTreeSet<String> = emu
        .truth(module)
        .expect("truth")
        .into_iter()
        .filter_map(|r| r.parent_id)
        .collect();
    set.into_iter().collect()
}

/// The path of a route with its first placeholder filled.
fn fill(route: &RouteDef, id: &str) -> String {
    let mut out = String::new();
    for seg in route.pattern.split('/').skip(1) {
        out.push('/');
        if seg.starts_with('{') {
            out.push_str(id);
        } else {
            out.push_str(seg);
        }
    }
    out
}

fn with(path: &str, q: &str) -> String {
    if q.is_empty() {
        return path.to_string();
    }
    let sep = if path.contains('?') { '&' } else { '?' };
    format!("{path}{sep}{q}")
}

/// A working request path for every non-detail, non-search route (a parent with children).
fn sample_path(emu: &Emulator, d: &mut Desk, route: &RouteDef) -> String {
    let m = route.module;
    if route.kind == Kind::Dashboard {
        // One portal day of the seeded span; responseTime also needs isFirstResponse.
        let first = if route.required.contains(&"isFirstResponse") {
            "&isFirstResponse=true"
        } else {
            ""
        };
        return format!(
            "{}?duration=CUSTOM_IN_DATE&startDate=15-06-2024&endDate=15-06-2024&groupBy=channel{first}",
            route.pattern
        );
    }
    if m == Module::ArchivedTickets {
        // Department of some archived ticket (archived rows carry departmentId).
        let id = &truth_ids(emu, "archived_tickets")[0];
        let t = d.get(&format!("/tickets/{id}")).json();
        let dept = t["departmentId"].as_str().expect("dept").to_string();
        return format!("{}?departmentId={dept}", route.pattern);
    }
    if m == Module::TicketMetrics {
        return fill(route, &truth_ids(emu, "tickets")[0]);
    }
    if m == Module::CustomerHappiness {
        return format!("{}?department=allDepartment", route.pattern);
    }
    if m == Module::ArticleFeedbacks {
        // Without timeRange Zoho reads the last 7 days only (the seeded data is older).
        return format!("{}?timeRange={ALL_TIME}", route.pattern);
    }
    let parent = parents_with_children(emu, m.name()).into_iter().next();
    match (route.parent, route.query_parent) {
        (Some(_), _) => fill(route, &parent.expect("a parent with children")),
        (None, Some(qp)) => format!(
            "{}?{}={}",
            route.pattern,
            qp.param,
            parent.expect("a parent with children")
        ),
        (None, None) => route.pattern.to_string(),
    }
}

#[test]
fn every_stream_has_a_non_empty_truth_module() {
    let emu = small();
    for s in STREAMS {
        let recs = emu.truth(s).unwrap_or_else(|e| panic!("{s}: {e}"));
        assert!(!recs.is_empty(), "{s}: no records");
        if *s != "ticket_history" {
            // Every row key of the stream must be unique per parent.
            let keys: BTreeSet<(Option<String>, String)> = recs
                .iter()
                .map(|r| (r.parent_id.clone(), r.id.clone()))
                .collect();
            assert_eq!(keys.len(), recs.len(), "{s}: duplicate (parentId, id)");
        }
    }
    // Child truth carries the id the connector injects.
    let t = emu.truth("ticket_metrics").expect("metrics");
    assert!(
        t.iter()
            .all(|r| r.parent_id.as_deref() == Some(r.id.as_str()))
    );
    let f = emu.truth("organization_fields").expect("fields");
    assert!(
        f.iter()
            .any(|r| r.parent_id.as_deref() == Some("contracts"))
    );
    let c = emu.truth("channels").expect("channels");
    assert!(c.iter().any(|r| r.id == "EMAIL"));
    assert_eq!(
        emu.truth("ticket_comments").expect("alias"),
        emu.truth("comments").expect("comments")
    );
    // Archived children belong to archived tickets only, and vice versa.
    let archived: BTreeSet<String> = truth_ids(&emu, "archived_tickets").into_iter().collect();
    let active: BTreeSet<String> = truth_ids(&emu, "tickets").into_iter().collect();
    assert_eq!(archived.len(), 30);
    assert!(archived.is_disjoint(&active));
    for r in emu.truth("archived_ticket_threads").expect("t") {
        assert!(archived.contains(r.parent_id.as_deref().unwrap_or("")));
    }
    for r in emu.truth("threads").expect("t") {
        assert!(active.contains(r.parent_id.as_deref().unwrap_or("")));
    }
}

#[test]
fn every_catalog_endpoint_is_strict() {
    let emu = small();
    // One deleted call, so the recycle bin has a row to answer with.
    let call = emu.truth("calls").expect("calls")[0].id.clone();
    emu.delete_ids("calls", &[call]).expect("delete");
    let mut d = Desk::new(&emu);
    emu.reset_stats();
    let mut served = 0;
    for route in ROUTES {
        if matches!(route.kind, Kind::Detail | Kind::Search) {
            continue;
        }
        served += 1;
        let path = sample_path(&emu, &mut d, route);
        let r = d.get(&path);
        assert_eq!(r.status, 200, "{path}: {}", r.text());
        let body = r.json();
        if route.wrapper.is_empty() {
            assert!(body.is_object() && body.get("data").is_none(), "{path}");
        } else {
            let rows = body[route.wrapper]
                .as_array()
                .unwrap_or_else(|| panic!("{path}: no '{}' array in {body}", route.wrapper));
            assert!(!rows.is_empty(), "{path}");
            // Dashboard answers carry their totals beside the rows (OAS DashboardMetrics.json).
            if route.kind != Kind::Dashboard {
                assert_eq!(body.as_object().map(|o| o.len()), Some(1), "{path}");
            }
        }
        let paged = matches!(route.kind, Kind::List | Kind::Bin);
        let weight = if paged || route.kind == Kind::Dashboard {
            "3"
        } else {
            "1"
        };
        assert_eq!(
            r.header("X-Rate-Limit-Request-Weight-v3"),
            Some(weight),
            "{path}"
        );

        // Unknown parameter.
        let r = d.get(&with(&path, "bogusParam=1"));
        assert_eq!(r.status, 422, "{path}");
        assert!(r.text().contains("bogusParam"), "{path}: {}", r.text());

        if paged {
            let max = route.limit_max;
            let r = d.get(&with(&path, &format!("limit={}", max + 1)));
            assert_eq!(r.status, 422, "{path}");
            let msg = r.json()["message"].as_str().unwrap_or("").to_string();
            assert!(
                msg.contains("'limit'") && msg.contains(&format!("1-{max}")),
                "{path}: {msg}"
            );
            assert_eq!(
                d.get(&with(&path, &format!("from=1&limit={max}"))).status,
                200,
                "{path}"
            );
            // Past the end: 204 with zero bytes.
            let r = d.get(&with(&path, "from=100000&limit=1"));
            assert_eq!(r.status, 204, "{path}");
            assert!(r.body.is_empty(), "{path}");
        } else {
            assert_eq!(d.get(&with(&path, "from=1")).status, 422, "{path}");
            assert_eq!(d.get(&with(&path, "limit=1")).status, 422, "{path}");
        }

        // Unknown parent (well-formed id) -> 404 URL_NOT_FOUND.
        if route.parent.is_some() {
            let r = d.get(&fill(route, "412599999999999999"));
            assert_eq!(r.status, 404, "{}", route.pattern);
            assert_eq!(r.json()["errorCode"], "URL_NOT_FOUND");
        }
        // Missing required parameters -> 422 naming them.
        let required: Vec<&str> = route
            .required
            .iter()
            .copied()
            .chain(route.query_parent.filter(|q| q.required).map(|q| q.param))
            .collect();
        for p in required {
            // The sample request without `p` alone.
            let without = match path.split_once('?') {
                Some((base, query)) => {
                    let kept: Vec<&str> = query
                        .split('&')
                        .filter(|kv| kv.split('=').next() != Some(p))
                        .collect();
                    format!("{base}?{}", kept.join("&"))
                }
                None => path.clone(),
            };
            let r = d.get(&without);
            assert_eq!(r.status, 422, "{} without {p}", route.pattern);
            assert!(r.text().contains(p), "{}: {}", route.pattern, r.text());
        }
    }
    assert!(served >= 55, "only {served} routes");

    // An empty child list is a 204 with zero bytes (parents without children exist for
    // every child module whose count can be 0).
    for route in ROUTES {
        let Some(pm) = route.parent else { continue };
        if matches!(route.kind, Kind::Detail | Kind::ParentObject)
            || matches!(
                route.module,
                Module::TeamMembers
                    | Module::Threads
                    | Module::TicketHistory
                    | Module::AgentTimeEntries
            )
        {
            continue;
        }
        let with_kids: BTreeSet<String> = parents_with_children(&emu, route.module.name())
            .into_iter()
            .collect();
        let empty = truth_ids(&emu, pm.name())
            .into_iter()
            .find(|p| !with_kids.contains(p))
            .unwrap_or_else(|| panic!("{}: every parent has children", route.pattern));
        let r = d.get(&fill(route, &empty));
        assert_eq!(r.status, 204, "{}", route.pattern);
        assert!(r.body.is_empty());
    }

    // Stats are keyed by route pattern for every route.
    let stats = emu.stats();
    for route in ROUTES {
        if !matches!(route.kind, Kind::Detail | Kind::Search) {
            assert!(
                stats.requests.contains_key(&route.stats_key()),
                "{}",
                route.stats_key()
            );
        }
    }
    assert!(
        stats
            .requests
            .contains_key("GET /api/v1/tickets/{ticketId}/approvals")
    );
}

#[test]
fn scopes_are_checked_on_every_route() {
    let emu = start(EmulatorConfig {
        scopes: vec!["Desk.search.READ".into()],
        ..Default::default()
    });
    let mut d = Desk::new(&emu);
    for route in ROUTES {
        if route.scopes.contains(&"Desk.search.READ") || route.pattern.contains('{') {
            continue;
        }
        let r = d.get(route.pattern);
        assert_eq!(r.status, 403, "{}", route.pattern);
        assert_eq!(r.json()["errorCode"], "SCOPE_MISMATCH");
    }
    let r = d.get("/tickets/1/approvals");
    assert_eq!(r.status, 403);
}

#[test]
fn thread_detail_lists_the_thread_attachments() {
    let emu = small();
    let mut d = Desk::new(&emu);
    let atts = emu.truth("thread_attachments").expect("truth");
    let threads = emu.truth("threads").expect("threads");
    let ticket_of: BTreeMap<String, String> = threads
        .into_iter()
        .map(|t| (t.id, t.parent_id.unwrap_or_default()))
        .collect();
    let th = atts[0].parent_id.clone().expect("thread id");
    let expected: Vec<String> = atts
        .iter()
        .filter(|a| a.parent_id.as_deref() == Some(th.as_str()))
        .map(|a| a.id.clone())
        .collect();
    let t = &ticket_of[&th];
    let detail = d.get(&format!("/tickets/{t}/threads/{th}")).json();
    let got: Vec<String> = detail["attachments"]
        .as_array()
        .expect("attachments")
        .iter()
        .map(|a| a["id"].as_str().expect("id").to_string())
        .collect();
    assert_eq!(got, expected);
    assert_eq!(detail["attachmentCount"], expected.len().to_string());
    assert_eq!(detail["hasAttach"], true);
    // The list row says so too, so the connector can skip threads without attachments.
    let rows = d.rows(&format!("/tickets/{t}/threads?limit=100"));
    let row = rows.iter().find(|r| r["id"] == th.as_str()).expect("row");
    assert_eq!(row["attachmentCount"], expected.len().to_string());
    assert!(rows.iter().any(|r| r["attachmentCount"] == "0") || rows.len() == 1);
}

#[test]
fn organization_fields_describe_every_module_and_cf_values_follow_the_type_rule() {
    let emu = small();
    let mut d = Desk::new(&emu);
    let mut custom_types = BTreeSet::new();
    let mut by_module: BTreeMap<String, Vec<serde_json::Value>> = BTreeMap::new();
    for module in [
        "tickets",
        "contacts",
        "accounts",
        "tasks",
        "calls",
        "events",
        "products",
        "contracts",
    ] {
        let r = d.get(&format!("/organizationFields?module={module}"));
        assert_eq!(r.status, 200, "{module}");
        let rows = r.json()["data"].as_array().cloned().expect("data");
        assert!(
            rows.iter().any(|f| f["isCustomField"] == false),
            "{module}: no system field"
        );
        for f in &rows {
            for k in [
                "id",
                "apiName",
                "displayLabel",
                "type",
                "isCustomField",
                "isMandatory",
                "maxLength",
                "allowedValues",
            ] {
                assert!(f.get(k).is_some(), "{module}: {k} missing in {f}");
            }
            if f["isCustomField"] == true {
                assert!(f["apiName"].as_str().unwrap_or("").starts_with("cf_"));
                custom_types.insert(f["type"].as_str().unwrap_or("").to_string());
            }
            if f["type"] == "Picklist" {
                assert!(!f["allowedValues"].as_array().expect("values").is_empty());
            }
        }
        by_module.insert(module.to_string(), rows);
    }
    for t in [
        "Text",
        "Picklist",
        "Multiselect",
        "Date",
        "DateTime",
        "Number",
        "Decimal",
        "Boolean",
    ] {
        assert!(custom_types.contains(t), "no custom field of type {t}");
    }
    let r = d.get("/organizationFields?module=widgets");
    assert_eq!(r.status, 422);
    assert!(r.text().contains("module"));

    // Records' cf: strings except Boolean (JSON booleans); nulls allowed; every cf key is
    // described by the metadata.
    let ticket = truth_ids(&emu, "tickets")[0].clone();
    let mut records: Vec<(String, serde_json::Value)> = Vec::new();
    for id in truth_ids(&emu, "tickets").iter().take(40) {
        records.push(("tickets".into(), d.get(&format!("/tickets/{id}")).json()));
    }
    let _ = ticket;
    for id in truth_ids(&emu, "contacts").iter().take(40) {
        records.push(("contacts".into(), d.get(&format!("/contacts/{id}")).json()));
    }
    for (module, path) in [
        ("tasks", "/tasks?limit=50"),
        ("calls", "/calls?limit=100"),
        ("events", "/events?limit=50"),
        ("products", "/products?limit=50"),
        ("contracts", "/contracts?limit=50"),
        ("accounts", "/accounts/search?limit=100"),
    ] {
        for row in d.rows(path) {
            records.push((module.to_string(), row));
        }
    }
    let mut seen_number = false;
    let mut seen_bool = false;
    for (module, rec) in &records {
        let cf = rec["cf"]
            .as_object()
            .unwrap_or_else(|| panic!("{module}: cf"));
        assert!(!cf.is_empty(), "{module}: empty cf");
        for (k, v) in cf {
            let meta = by_module[module]
                .iter()
                .find(|f| f["apiName"] == k.as_str())
                .unwrap_or_else(|| panic!("{module}: {k} not in metadata"));
            if v.is_null() {
                continue;
            }
            match meta["type"].as_str().unwrap_or("") {
                "Boolean" => {
                    assert!(v.is_boolean(), "{module}.{k} = {v}");
                    seen_bool = true;
                }
                t => {
                    let s = v.as_str().unwrap_or_else(|| panic!("{module}.{k} = {v}"));
                    match t {
                        "Number" => {
                            assert!(s.parse::<i64>().is_ok(), "{s}");
                            seen_number = true;
                        }
                        "Decimal" => {
                            let (_, frac) = s.split_once('.').expect("decimal point");
                            assert_eq!(frac.len(), 2, "{s}");
                        }
                        "Date" => assert_eq!(s.len(), 10, "{s}"),
                        "DateTime" => assert!(s.ends_with(".000Z") && s.len() == 24, "{s}"),
                        "Multiselect" => assert!(!s.is_empty()),
                        _ => {}
                    }
                }
            }
        }
    }
    assert!(seen_number && seen_bool);
}

#[test]
fn touching_or_creating_children_moves_their_parents() {
    let emu = small();
    let mut d = Desk::new(&emu);
    let modified = |module: &str, id: &str| -> String {
        emu.truth(module)
            .expect("truth")
            .into_iter()
            .find(|r| r.id == id)
            .map(|r| r.modified_time)
            .expect("record")
    };
    for (child, parent) in [
        ("ticket_time_entries", "tickets"),
        ("ticket_activities", "tickets"),
        ("comments", "tickets"),
        ("ticket_comments", "tickets"),
        ("contact_comments", "contacts"),
        ("account_time_entries", "accounts"),
        ("article_comments", "articles"),
        ("task_time_entries", "tasks"),
        ("call_comments", "calls"),
        ("event_comments", "events"),
        ("contract_comments", "contracts"),
        ("agent_time_entries", "agents"),
    ] {
        let rec = emu.truth(child).expect("truth").remove(0);
        let p = rec.parent_id.clone().expect("parent");
        let before = modified(parent, &p);
        let stamp = emu
            .touch_ids(child, std::slice::from_ref(&rec.id))
            .unwrap_or_else(|e| panic!("touch {child}: {e}"));
        assert_eq!(modified(child, &rec.id), stamp[0].modified_time, "{child}");
        let after = modified(parent, &p);
        assert!(after > before, "{child}: parent {parent} did not move");
        let max = emu
            .truth(parent)
            .expect("truth")
            .into_iter()
            .map(|r| r.modified_time)
            .max()
            .expect("max");
        assert_eq!(after, max, "{child}: parent is now the latest {parent}");
    }
    // The moved ticket is found by a modifiedTime search from its new time.
    let tickets = emu.truth("tickets").expect("t");
    let latest = tickets
        .iter()
        .max_by_key(|r| r.modified_time.clone())
        .expect("latest");
    let rows = d.rows(&format!(
        "/tickets/search?modifiedTimeRange={},{}&limit=10",
        latest.modified_time, latest.modified_time
    ));
    assert_eq!(ids(&rows), vec![latest.id.clone()]);
    // Articles: the touched parent comes first in the sortBy=-modifiedTime walk.
    let art = emu.truth("article_feedbacks").expect("fb").remove(0);
    assert!(
        emu.touch_ids("article_feedbacks", &[art.id]).is_err(),
        "feedbacks have no modifiedTime"
    );
    let c = emu.create("article_comments", 1).expect("create");
    let art_id = emu
        .truth("article_comments")
        .expect("t")
        .into_iter()
        .find(|r| r.id == c[0].id)
        .and_then(|r| r.parent_id)
        .expect("parent");
    let first = d.rows("/articles?sortBy=-modifiedTime&limit=1");
    assert_eq!(ids(&first), vec![art_id]);

    // Creating ticket comments moves those tickets.
    let made = emu.create("comments", 3).expect("create comments");
    let comments = emu.truth("ticket_comments").expect("c");
    for s in &made {
        let c = comments.iter().find(|c| c.id == s.id).expect("created");
        let t = c.parent_id.clone().expect("ticket");
        assert!(modified("tickets", &t) >= s.modified_time);
        let listed = ids(&d.rows(&format!("/tickets/{t}/comments?limit=100")));
        assert!(listed.contains(&s.id));
    }
    // Other creatable modules.
    for m in ["customer_happiness", "articles", "tasks", "contacts"] {
        let before = emu.truth(m).expect("t").len();
        emu.create(m, 2)
            .unwrap_or_else(|e| panic!("create {m}: {e}"));
        assert_eq!(emu.truth(m).expect("t").len(), before + 2, "{m}");
    }
    assert!(emu.touch("ticket_followers", 1).is_err());
    assert!(emu.touch("channels", 1).is_err());
}

#[test]
fn ghost_parents_stay_listed_but_their_detail_and_children_are_gone() {
    let emu = small();
    let mut d = Desk::new(&emu);
    let ticket = parents_with_children(&emu, "ticket_attachments").remove(0);
    let hc = truth_ids(&emu, "help_centers").remove(0);
    let contact = parents_with_children(&emu, "contact_comments").remove(0);
    emu.update_settings(SettingsPatch {
        ghost_ids: Some(vec![ticket.clone(), hc.clone(), contact.clone()]),
        ..Default::default()
    })
    .expect("settings");
    // The ticket list (1-based, no OAS maximum on `from`) still shows the ghost.
    let listed: BTreeSet<String> = (0..)
        .map(|p| d.rows(&format!("/tickets?from={}&limit=100", p * 100 + 1)))
        .take_while(|r| !r.is_empty())
        .flat_map(|r| ids(&r))
        .collect();
    assert!(listed.contains(&ticket));
    assert!(ids(&d.rows("/helpCenters?limit=50")).contains(&hc));
    for path in [
        format!("/tickets/{ticket}"),
        format!("/tickets/{ticket}/threads"),
        format!("/tickets/{ticket}/attachments"),
        format!("/tickets/{ticket}/metrics"),
        format!("/tickets/{ticket}/followers"),
        format!("/users?helpCenterId={hc}"),
        format!("/labels?helpCenterId={hc}"),
        format!("/contacts/{contact}"),
        format!("/contacts/{contact}/comments"),
    ] {
        let r = d.get(&path);
        assert_eq!(r.status, 404, "{path}");
        assert_eq!(r.json()["errorCode"], "URL_NOT_FOUND");
    }
    emu.update_settings(SettingsPatch {
        ghost_ids: Some(vec![]),
        ..Default::default()
    })
    .expect("settings");
    assert_eq!(d.get(&format!("/tickets/{ticket}/attachments")).status, 200);
}

#[test]
fn forbidden_routes_answer_403_with_the_chosen_code() {
    let emu = small();
    let mut d = Desk::new(&emu);
    let ticket = parents_with_children(&emu, "ticket_approvals").remove(0);
    let r = admin_send(
        &emu,
        "PUT",
        "/_admin/settings",
        serde_json::json!({"forbidden": {
            "GET /api/v1/tickets/{ticketId}/approvals": "LICENSE_ACCESS_LIMITED",
            "GET /api/v1/roles": "FORBIDDEN",
            "GET /api/v1/articles": "SCOPE_MISMATCH"
        }}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let r = d.get(&format!("/tickets/{ticket}/approvals"));
    assert_eq!(r.status, 403);
    let b = r.json();
    assert_eq!(b["errorCode"], "LICENSE_ACCESS_LIMITED");
    assert!(
        b["feature"].is_string() && b["editionType"].is_string(),
        "{b}"
    );
    assert_eq!(d.get("/roles").json()["errorCode"], "FORBIDDEN");
    assert_eq!(d.get("/articles").json()["errorCode"], "SCOPE_MISMATCH");
    assert_eq!(d.get(&format!("/tickets/{ticket}/threads")).status, 200);
    for bad in [
        serde_json::json!({"forbidden": {"GET /api/v1/nope": "FORBIDDEN"}}),
        serde_json::json!({"forbidden": {"GET /api/v1/roles": "TEAPOT"}}),
        serde_json::json!({"list_from_zero": "maybe"}),
    ] {
        let r = admin_send(&emu, "PUT", "/_admin/settings", bad);
        assert_eq!(r.status, 400);
    }
    let r = admin_send(
        &emu,
        "PUT",
        "/_admin/settings",
        serde_json::json!({"forbidden": {}}),
    );
    assert_eq!(r.status, 200);
    assert_eq!(d.get("/roles").status, 200);
}

#[test]
fn list_from_zero_can_be_rejected() {
    let emu = start(EmulatorConfig {
        list_from_zero: "reject".into(),
        ..Default::default()
    });
    let mut d = Desk::new(&emu);
    for path in [
        "/tasks?from=0&limit=10",
        "/tickets?from=0",
        "/ticketTags?departmentId=x",
    ] {
        let r = d.get(path);
        assert_eq!(r.status, 422, "{path}");
        if path.contains("from=0") {
            let msg = r.json()["message"].as_str().unwrap_or("").to_string();
            assert!(
                msg.contains("'from'") && msg.contains("at least 1"),
                "{msg}"
            );
        }
    }
    assert_eq!(d.get("/tasks?from=1&limit=10").status, 200);
    assert_eq!(d.get("/tickets/search?from=0&limit=10").status, 200);
    emu.update_settings(SettingsPatch {
        list_from_zero: Some("as_one".into()),
        ..Default::default()
    })
    .expect("settings");
    assert_eq!(
        ids(&d.rows("/tasks?from=0&limit=10")),
        ids(&d.rows("/tasks?from=1&limit=10"))
    );
}

#[test]
fn archived_tickets_are_listed_per_department_only() {
    let emu = small();
    let mut d = Desk::new(&emu);
    let archived: BTreeSet<String> = truth_ids(&emu, "archived_tickets").into_iter().collect();
    let mut listed = BTreeSet::new();
    for dept in truth_ids(&emu, "departments") {
        let rows = d.rows(&format!(
            "/tickets/archivedTickets?departmentId={dept}&from=1&limit=100"
        ));
        for r in &rows {
            assert_eq!(r["departmentId"], dept.as_str());
            assert_eq!(r["isArchived"], true);
            assert_eq!(r["statusType"], "Closed");
        }
        listed.extend(ids(&rows));
    }
    assert_eq!(listed, archived);
    // Not in the live list or search.
    let all: BTreeSet<String> = (0..)
        .map(|p| d.rows(&format!("/tickets?from={}&limit=100", p * 100 + 1)))
        .take_while(|r| !r.is_empty())
        .flat_map(|r| ids(&r))
        .collect();
    assert!(all.is_disjoint(&archived));
    assert_eq!(all.len(), 1200);
    // Detail and children answer for archived ids.
    let a = archived.iter().next().expect("one");
    let r = d.get(&format!("/tickets/{a}"));
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["isArchived"], true);
    assert_eq!(d.get(&format!("/tickets/{a}/threads")).status, 200);
    let r = d.get("/tickets/archivedTickets?departmentId=412599999999999999");
    assert_eq!(r.status, 404);
}

#[test]
fn incremental_filters_of_the_catalog() {
    let emu = small();
    let mut d = Desk::new(&emu);
    // customerHappiness: startTime/endTime epoch ms, inclusive, on ratedTime.
    let all = d.rows("/customerHappiness?department=allDepartment&limit=50");
    assert_eq!(all.len(), 40);
    let rated = all[7]["ratedTime"].as_str().expect("ratedTime").to_string();
    let ms = emu
        .truth("customer_happiness")
        .expect("t")
        .into_iter()
        .find(|r| r.id == all[7]["id"].as_str().unwrap_or(""))
        .map(|r| r.created_time)
        .expect("truth");
    assert_eq!(ms, rated);
    let epoch = chrono_ms(&rated);
    let rows = d.rows(&format!(
        "/customerHappiness?department=allDepartment&startTime={epoch}&endTime={epoch}&limit=50"
    ));
    assert!(ids(&rows).contains(&all[7]["id"].as_str().unwrap_or("").to_string()));
    assert!(rows.iter().all(|r| r["ratedTime"] == rated.as_str()));
    assert_eq!(
        d.get("/customerHappiness?department=allDepartment&startTime=yesterday")
            .status,
        422
    );
    let dept = truth_ids(&emu, "departments").remove(0);
    let rows = d.rows(&format!("/customerHappiness?department={dept}&limit=50"));
    assert!(!rows.is_empty() && rows.len() < 40);
    assert!(rows.iter().all(|r| r["departmentId"] == dept.as_str()));

    // Articles sorted by -modifiedTime, ties by id ascending.
    let rows = d.rows("/articles?sortBy=-modifiedTime&limit=50");
    assert_eq!(rows.len(), 25);
    let times: Vec<&str> = rows
        .iter()
        .map(|r| r["modifiedTime"].as_str().expect("t"))
        .collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]));
    assert_eq!(d.get("/articles?sortBy=title").status, 422);

    // Agent time entries: modifiedTimeRange inclusive.
    let e = emu.truth("agent_time_entries").expect("t").remove(0);
    let agent = e.parent_id.expect("agent");
    let rows = d.rows(&format!(
        "/agents/{agent}/timeEntry?modifiedTimeRange={},{}",
        e.modified_time, e.modified_time
    ));
    assert!(ids(&rows).contains(&e.id));
    assert!(
        rows.iter()
            .all(|r| r["modifiedTime"] == e.modified_time.as_str())
    );

    // Department push-down on the activity lists.
    // OAS Contract.json names the contracts filter `departmentIds`; the others take one id.
    for (path, param) in [
        ("/tasks", "departmentId"),
        ("/calls", "departmentId"),
        ("/events", "departmentId"),
        ("/contracts", "departmentIds"),
        ("/products", "departmentId"),
    ] {
        let rows = d.rows(&format!("{path}?{param}={dept}&limit=50"));
        assert!(!rows.is_empty(), "{path}");
        for r in &rows {
            let ok = r["departmentId"] == dept.as_str()
                || r["departmentIds"]
                    .as_array()
                    .is_some_and(|a| a.iter().any(|x| x == dept.as_str()));
            assert!(ok, "{path}: {r}");
        }
    }
    let rows = d.rows(&format!("/agents?departmentIds={dept}&limit=200"));
    assert!(rows.iter().all(|r| {
        r["associatedDepartmentIds"]
            .as_array()
            .is_some_and(|a| a.iter().any(|x| x == dept.as_str()))
    }));
}

/// `yyyy-MM-ddTHH:mm:ss.SSSZ` -> epoch milliseconds.
fn chrono_ms(s: &str) -> i64 {
    zoho_desk_emulator::timefmt::parse_ts(s).expect("timestamp")
}

#[test]
fn ticket_history_is_newest_first() {
    let emu = small();
    let mut d = Desk::new(&emu);
    let t = parents_with_children(&emu, "ticket_history").remove(0);
    let rows = d.rows(&format!("/tickets/{t}/History?limit=50"));
    assert!(rows.len() >= 2);
    let times: Vec<&str> = rows
        .iter()
        .map(|r| r["eventTime"].as_str().expect("eventTime"))
        .collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "{times:?}");
    assert_eq!(
        rows.last().map(|r| &r["eventName"]),
        Some(&"TicketCreated".into())
    );
    // Paging walks the same order.
    let first = d.rows(&format!("/tickets/{t}/History?from=1&limit=1"));
    assert_eq!(first[0], rows[0]);
}
