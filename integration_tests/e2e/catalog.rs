//! The full catalog end to end: every stream against the emulator's ground truth, child
//! streams' parent ids and incremental cost, department push-down, typed custom fields,
//! permission and edition refusals, vanished parents.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::{Value, json};
use zoho_desk_emulator::EmulatorConfig;

use crate::support::*;

/// Every stream of `discover`, with its primary key and schema.
pub fn discovered(config: &Value) -> (Run, Vec<Value>) {
    let run = run(
        &["discover", "--config", "config.json"],
        &[("config.json", config)],
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    let streams = run.of_type("CATALOG")[0]["catalog"]["streams"]
        .as_array()
        .expect("streams")
        .clone();
    (run, streams)
}

fn full_catalog(streams: &[Value], incremental: bool) -> Value {
    let entries: Vec<Value> = streams
        .iter()
        .map(|s| {
            let inc = incremental
                && s["supported_sync_modes"]
                    .as_array()
                    .is_some_and(|m| m.iter().any(|x| x == "incremental"));
            json!({
                "stream": s,
                "sync_mode": if inc { "incremental" } else { "full_refresh" },
                "destination_sync_mode": if inc { "append_dedup" } else { "overwrite" },
                "primary_key": s.get("source_defined_primary_key").cloned().unwrap_or(json!([])),
            })
        })
        .collect();
    json!({ "streams": entries })
}

/// The field a stream's child rows carry their parent id in, if any (the catalog's primary
/// key starts with it, e.g. ["ticketId","id"]).
fn parent_key(stream: &Value) -> Option<String> {
    let pk = stream["source_defined_primary_key"].as_array()?;
    if pk.len() == 2 {
        return pk[0][0].as_str().map(str::to_string);
    }
    None
}

/// The last primary-key field: the record's own id within its parent.
fn own_key(stream: &Value) -> Option<String> {
    stream["source_defined_primary_key"]
        .as_array()?
        .last()?
        .get(0)?
        .as_str()
        .map(str::to_string)
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Validates every record against the schema `discover` gave its stream (custom fields typed).
fn validate_against(streams: &[Value], run: &Run) {
    let mut validators: HashMap<String, jsonschema::Validator> = HashMap::new();
    for s in streams {
        let name = s["name"].as_str().unwrap_or("").to_string();
        validators.insert(
            name,
            jsonschema::draft7::new(&s["json_schema"]).expect("schema compiles"),
        );
    }
    for m in run.of_type("RECORD") {
        let stream = m["record"]["stream"].as_str().unwrap_or("");
        let data = &m["record"]["data"];
        let v = &validators[stream];
        let errors: Vec<String> = v.iter_errors(data).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{stream}: {errors:?}\n{data}");
    }
}

/// Every stream of the catalog, full refresh: each record of the ground truth arrives exactly
/// once, children carry their parent's id, and every record validates against the discovered
/// schema.
#[test]
fn every_stream_matches_the_ground_truth() {
    let emu = emulator(EmulatorConfig::default());
    let mut config = base_config(emu.url());
    config["max_concurrent_requests"] = json!(8);
    let (_, streams) = discovered(&config);
    assert!(streams.len() >= 66, "{} streams", streams.len());
    let run = read(&config, &full_catalog(&streams, false), None);
    assert_eq!(run.code, 0, "{:?}", run.errors());
    validate_against(&streams, &run);
    let statuses = run.statuses();
    for s in &streams {
        let name = s["name"].as_str().unwrap_or("");
        assert_eq!(
            statuses
                .get(name)
                .and_then(|v| v.last())
                .map(String::as_str),
            Some("COMPLETE"),
            "{name}"
        );
        // Dashboard metrics are aggregates, not records of a truth module: dashboards.rs
        // holds them against the emulator's own figures.
        if source_zoho_desk::streams::find(name)
            .is_some_and(|d| d.incremental == source_zoho_desk::streams::Incremental::Daily)
        {
            continue;
        }
        let truth = admin_get(emu.url(), &format!("/_admin/truth/{name}"));
        let truth = truth["records"].as_array().expect("truth").clone();
        let records = run.records(name);
        assert!(!truth.is_empty(), "{name}: the emulator has no data for it");
        match own_key(s) {
            Some(key) => {
                let got: Vec<String> = records.iter().map(|r| text(&r[key.as_str()])).collect();
                let want: Vec<String> = truth.iter().map(|t| text(&t["id"])).collect();
                // Child ids may repeat across parents; compare (parent, id) pairs then.
                match parent_key(s) {
                    Some(pk) => {
                        let got: Vec<String> = records
                            .iter()
                            .map(|r| {
                                format!("{}/{}", text(&r[pk.as_str()]), text(&r[key.as_str()]))
                            })
                            .collect();
                        let want: Vec<String> = truth
                            .iter()
                            .map(|t| format!("{}/{}", text(&t["parentId"]), text(&t["id"])))
                            .collect();
                        assert_exactly_once(name, &got, &want);
                    }
                    None => assert_exactly_once(name, &got, &want),
                }
            }
            None => {
                // No primary key (ticket history): the number of rows per parent must match.
                let mut got: BTreeMap<String, usize> = BTreeMap::new();
                for r in &records {
                    *got.entry(text(&r["ticketId"])).or_default() += 1;
                }
                let mut want: BTreeMap<String, usize> = BTreeMap::new();
                for t in &truth {
                    *want.entry(text(&t["parentId"])).or_default() += 1;
                }
                assert_eq!(got, want, "{name}: rows per parent");
            }
        }
    }
}

/// After touching 10 tickets, an incremental sync of every ticket child stream re-reads the
/// children of exactly those 10 tickets: the request count is bounded by the changed parents,
/// not by all tickets.
#[test]
fn incremental_children_cost_is_bounded_by_changed_parents() {
    let emu = emulator(EmulatorConfig::default());
    let config = base_config(emu.url());
    let (_, streams) = discovered(&config);
    let children: Vec<Value> = streams
        .iter()
        .filter(|s| {
            let name = s["name"].as_str().unwrap_or("");
            name != "tickets" && (name.starts_with("ticket") || name.starts_with("thread"))
        })
        .cloned()
        .collect();
    assert!(children.len() >= 11, "{}", children.len());
    let cat = full_catalog(&children, true);
    let first = read(&config, &cat, None);
    assert_eq!(first.code, 0, "{:?}", first.errors());
    let cursor = saved_cursor(&first, "threads", "modifiedTime");
    let again = truth_ids_between(&emu, "tickets", cursor - LOOKBACK_MS, cursor);
    let touched: HashSet<String> = touch(&emu, "tickets", 10).into_iter().collect();
    reset_stats(&emu);
    let second = read(&config, &cat, Some(&first.last_states()));
    assert_eq!(second.code, 0, "{:?}", second.errors());
    let st = stats(&emu);
    let requests = &st["requests"];
    let threads = requests["GET /api/v1/tickets/{ticketId}/threads"]
        .as_u64()
        .unwrap_or(0);
    // threads and thread_attachments (through its parent threads) share one thread list per
    // ticket: the 10 touched tickets and the tickets read again at the cursor.
    let parents = 10 + again.iter().filter(|id| !touched.contains(*id)).count() as u64;
    assert_eq!(
        threads, parents,
        "thread lists of the touched tickets only: {st}"
    );
    let total = st["total_requests"].as_u64().unwrap_or(u64::MAX);
    // 12 child streams × the changed tickets, each list at most three calls where the ticket
    // row does not count its children (the page, the 1-based server's repeat of its last row,
    // the empty answer), a few search pages and thread details: far below 1,200 tickets × 12.
    assert!(total <= 12 * 3 * parents + 40, "{total} requests: {st}");
    let touched: HashSet<String> = touched.into_iter().chain(again).collect();
    // Only children of changed tickets, and all of them.
    for child in [
        "threads",
        "ticket_comments",
        "ticket_metrics",
        "tickets_extended",
    ] {
        let key = if child == "tickets_extended" {
            "id"
        } else {
            "ticketId"
        };
        let got: HashSet<String> = second
            .records(child)
            .iter()
            .map(|r| text(&r[key]))
            .collect();
        assert!(got.is_subset(&touched), "{child}: {got:?}");
        let truth = admin_get(emu.url(), &format!("/_admin/truth/{child}"));
        let want = truth["records"]
            .as_array()
            .expect("truth")
            .iter()
            .filter(|t| {
                let parent = if child == "tickets_extended" {
                    &t["id"]
                } else {
                    &t["parentId"]
                };
                touched.contains(&text(parent))
            })
            .count();
        assert_eq!(second.records(child).len(), want, "{child}");
    }
}

/// department_ids is pushed down: the filtered read equals the unfiltered read restricted to
/// that department (the connector itself never filters rows).
#[test]
fn department_filter_is_pushed_down() {
    let emu = emulator(EmulatorConfig::default());
    let config = base_config(emu.url());
    let names = ["tickets", "tasks", "archived_tickets", "tags", "agents"];
    let all = read(&config, &catalog(&names, false), None);
    assert_eq!(all.code, 0, "{:?}", all.errors());
    let dept = text(&all.records("tickets")[0]["departmentId"]);
    let mut filtered_config = config.clone();
    filtered_config["department_ids"] = json!([dept]);
    let filtered = read(&filtered_config, &catalog(&names, false), None);
    assert_eq!(filtered.code, 0, "{:?}", filtered.errors());
    for name in ["tickets", "tasks", "archived_tickets", "tags"] {
        // Tag rows do not name their department; the truth knows it (parentId).
        let want: HashSet<String> = if name == "tags" {
            admin_get(emu.url(), "/_admin/truth/tags")["records"]
                .as_array()
                .expect("truth")
                .iter()
                .filter(|t| text(&t["parentId"]) == dept)
                .map(id_of)
                .collect()
        } else {
            all.records(name)
                .iter()
                .filter(|r| text(&r["departmentId"]) == dept)
                .map(|r| id_of(r))
                .collect()
        };
        let got: HashSet<String> = filtered.ids(name).into_iter().collect();
        assert!(!want.is_empty(), "{name}: no rows in department {dept}");
        assert_eq!(got, want, "{name}");
    }
    let agents = filtered.records("agents");
    assert!(!agents.is_empty());
    for a in agents {
        let depts = a["associatedDepartmentIds"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert!(
            depts.iter().any(|d| text(d) == dept),
            "agent outside {dept}: {a}"
        );
    }
}

#[test]
fn discover_types_custom_fields_and_survives_a_refusal() {
    let emu = emulator(EmulatorConfig {
        tickets: 20,
        ..EmulatorConfig::default()
    });
    let config = base_config(emu.url());
    let (_, streams) = discovered(&config);
    let tickets = streams
        .iter()
        .find(|s| s["name"] == "tickets")
        .expect("tickets");
    let cf = &tickets["json_schema"]["properties"]["cf"]["properties"];
    let fields = admin_get(emu.url(), "/_admin/truth/organization_fields");
    let custom: Vec<&Value> = fields["records"]
        .as_array()
        .expect("fields")
        .iter()
        .filter(|f| f["parentId"] == "tickets")
        .collect();
    assert!(!custom.is_empty());
    let typed = cf.as_object().map(|m| m.len()).unwrap_or(0);
    assert!(typed >= 5, "typed ticket custom fields: {cf}");
    let formats: Vec<String> = cf
        .as_object()
        .unwrap()
        .values()
        .filter_map(|p| p["format"].as_str().map(str::to_string))
        .collect();
    assert!(formats.contains(&"date".to_string()), "{cf}");
    assert!(
        cf.as_object()
            .unwrap()
            .values()
            .any(|p| p["type"] == json!(["null", "boolean"])),
        "{cf}"
    );

    settings(
        &emu,
        json!({"forbidden": {
            "GET /api/v1/fields": "SCOPE_MISMATCH",
            "GET /api/v1/organizationFields": "SCOPE_MISMATCH",
        }}),
    );
    let (run, streams) = discovered(&config);
    let tickets = streams
        .iter()
        .find(|s| s["name"] == "tickets")
        .expect("tickets");
    assert!(tickets["json_schema"]["properties"]["cf"]["properties"].is_null());
    assert!(run.of_type("LOG").iter().any(|l| {
        let m = l["log"]["message"].as_str().unwrap_or("");
        m.contains("untyped") && m.contains("tickets")
    }));
}

#[test]
fn an_edition_refusal_fails_only_that_stream() {
    let emu = emulator(EmulatorConfig {
        tickets: 30,
        ..EmulatorConfig::default()
    });
    settings(
        &emu,
        json!({"forbidden": {"GET /api/v1/tickets/{ticketId}/approvals": "LICENSE_ACCESS_LIMITED"}}),
    );
    let config = base_config(emu.url());
    let run = read(
        &config,
        &catalog(&["ticket_approvals", "threads", "tickets"], false),
        None,
    );
    assert_eq!(run.code, 1);
    assert_eq!(run.final_status("threads"), "COMPLETE");
    assert_eq!(run.final_status("tickets"), "COMPLETE");
    run.assert_stream_failed("ticket_approvals", "config_error", &["edition"]);
}

#[test]
fn a_vanished_parent_is_skipped_with_a_log() {
    let emu = emulator(EmulatorConfig {
        tickets: 30,
        ..EmulatorConfig::default()
    });
    let ghost = truth_ids(&emu, "tickets")[3].clone();
    settings(&emu, json!({"ghost_ids": [ghost]}));
    let run = read(&base_config(emu.url()), &catalog(&["threads"], false), None);
    assert_eq!(run.code, 0, "{:?}", run.errors());
    assert!(
        run.records("threads")
            .iter()
            .all(|r| text(&r["ticketId"]) != ghost)
    );
    assert!(
        run.of_type("LOG")
            .iter()
            .any(|l| { l["log"]["message"].as_str().unwrap_or("").contains(&ghost) })
    );
}

/// Lists that refuse from=0 are paged 1-based after one refused call; nothing is lost.
#[test]
fn lists_that_refuse_from_zero_are_read_completely() {
    let emu = emulator(EmulatorConfig::default());
    settings(&emu, json!({"list_from_zero": "reject"}));
    let mut config = base_config(emu.url());
    config["page_size"] = json!(3);
    let names = ["agents", "departments", "threads", "articles"];
    let run = read(&config, &catalog(&names, false), None);
    assert_eq!(run.code, 0, "{:?}", run.errors());
    for name in ["agents", "departments", "articles"] {
        assert_exactly_once(name, &run.ids(name), &truth_ids(&emu, name));
    }
}

/// Record-level incremental strategies beyond search: the newest-first walk (articles), the
/// epoch window (customer happiness), the per-parent range (agent time entries) and the
/// created-time range (article feedbacks, whose endpoint returns only 7 days unless asked).
#[test]
fn other_incremental_strategies_return_only_changes() {
    let emu = emulator(EmulatorConfig::default());
    // No start_date: the truth below is every record, whatever its age.
    let mut config = base_config(emu.url());
    config.as_object_mut().expect("config").remove("start_date");
    let names = [
        "articles",
        "customer_happiness",
        "agent_time_entries",
        "article_feedbacks",
    ];
    let cat = catalog(&names, true);
    let cat = {
        let mut c = cat;
        for s in c["streams"].as_array_mut().expect("streams") {
            s["sync_mode"] = json!("incremental");
            s["destination_sync_mode"] = json!("append_dedup");
        }
        c
    };
    let first = read(&config, &cat, None);
    assert_eq!(first.code, 0, "{:?}", first.errors());
    for name in names {
        assert_exactly_once(name, &first.ids(name), &truth_ids(&emu, name));
    }
    let articles: HashSet<String> = touch(&emu, "articles", 3).into_iter().collect();
    let entries: HashSet<String> = touch(&emu, "agent_time_entries", 2).into_iter().collect();
    let created = admin_send(
        emu.url(),
        reqwest::Method::POST,
        "/_admin/create",
        &json!({"module": "customer_happiness", "count": 4}),
    );
    let ratings: HashSet<String> = created["records"]
        .as_array()
        .expect("created")
        .iter()
        .map(id_of)
        .collect();
    let created = admin_send(
        emu.url(),
        reqwest::Method::POST,
        "/_admin/create",
        &json!({"module": "article_feedbacks", "count": 2}),
    );
    let feedbacks: HashSet<String> = created["records"]
        .as_array()
        .expect("created")
        .iter()
        .map(id_of)
        .collect();
    let second = read(&config, &cat, Some(&first.last_states()));
    assert_eq!(second.code, 0, "{:?}", second.errors());
    // Rows at the saved cursor are read again by design (inclusive resume).
    for (name, cursor_field, changed) in [
        ("article_feedbacks", "createdTime", feedbacks),
        ("articles", "modifiedTime", articles),
        ("agent_time_entries", "modifiedTime", entries),
        ("customer_happiness", "ratedTime", ratings),
    ] {
        let c = saved_cursor(&first, name, cursor_field);
        let again = truth_ids_between(&emu, name, c - 1, c);
        let changed: Vec<String> = changed.into_iter().collect();
        assert_changes(name, &second.ids(name), &changed, &again);
    }
}
