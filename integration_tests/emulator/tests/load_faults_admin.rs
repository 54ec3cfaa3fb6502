//! Behaviours 8-10: concurrency and credit limits, latency, injected faults, the admin API
//! (truth, touch, create, settings, stats) and the in-process lifecycle.

mod common;

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use common::*;
use zoho_desk_emulator::client::Conn;
use zoho_desk_emulator::{Emulator, EmulatorConfig, SettingsPatch};

#[test]
fn concurrency_limit_answers_429_too_many_requests_without_retry_after() {
    let emu = start(EmulatorConfig {
        concurrency_limit: 2,
        latency_ms: 300,
        ..Default::default()
    });
    let tok = token(&emu);
    let url = emu.url().to_string();
    let handles: Vec<_> = (0..5)
        .map(|_| {
            let (url, tok) = (url.clone(), tok.clone());
            std::thread::spawn(move || {
                let auth = format!("Zoho-oauthtoken {tok}");
                Conn::new(&url)
                    .get(
                        "/api/v1/departments",
                        &[("Authorization", &auth), ("orgId", ORG)],
                    )
                    .expect("req")
            })
        })
        .collect();
    let answers: Vec<_> = handles
        .into_iter()
        .map(|h| h.join().expect("thread"))
        .collect();
    let ok = answers.iter().filter(|r| r.status == 200).count();
    let refused: Vec<_> = answers.iter().filter(|r| r.status == 429).collect();
    assert!((1..=2).contains(&ok), "at most the limit succeeds ({ok})");
    assert!(!refused.is_empty());
    for r in refused {
        assert_eq!(r.json()["errorCode"], "TOO_MANY_REQUESTS");
        assert!(r.header("retry-after").is_none());
        assert!(r.header("x-rate-limit-remaining-v3").is_some());
    }
    let stats = emu.stats();
    assert!(
        stats.max_in_flight >= 3,
        "max_in_flight counts refused requests too: {}",
        stats.max_in_flight
    );
}

#[test]
fn credit_budget_answers_threshold_exceeded_with_retry_after() {
    let emu = start(EmulatorConfig {
        credit_budget: 7,
        ..Default::default()
    });
    let mut d = Desk::new(&emu);
    let r = d.get("/tickets?limit=10");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("x-rate-limit-request-weight-v3"), Some("3"));
    assert_eq!(r.header("x-rate-limit-remaining-v3"), Some("4"));
    let id = ids(&d.rows("/tickets?limit=1"))[0].clone(); // 3 more: 1 left
    let r = d.get(&format!("/tickets/{id}"));
    assert_eq!(
        (r.status, r.header("x-rate-limit-request-weight-v3")),
        (200, Some("1")),
        "get-by-id costs 1"
    );
    let r = d.get("/tickets?limit=10");
    assert_eq!(r.status, 429);
    assert_eq!(r.json()["errorCode"], "THRESHOLD_EXCEEDED");
    let ra: u64 = r
        .header("retry-after")
        .and_then(|v| v.parse().ok())
        .expect("Retry-After seconds");
    assert!(ra > 0 && ra <= 86_400);
    assert_eq!(emu.stats().credits_used, 7);
}

#[test]
fn credit_cost_grows_with_offset() {
    let emu = start(EmulatorConfig {
        tickets: 2500,
        ..Default::default()
    });
    let mut d = Desk::new(&emu);
    assert_eq!(
        d.get("/tickets?from=2001&limit=10")
            .header("x-rate-limit-request-weight-v3"),
        Some("3")
    );
    assert_eq!(
        d.get("/tickets?from=2002&limit=10")
            .header("x-rate-limit-request-weight-v3"),
        Some("5")
    );
}

#[test]
fn latency_is_added_per_request() {
    let emu = start(EmulatorConfig {
        latency_ms: 150,
        ..Default::default()
    });
    let mut d = Desk::new(&emu);
    let t = Instant::now();
    assert_eq!(d.get("/departments").status, 200);
    assert!(t.elapsed() >= Duration::from_millis(150), "latency applies");
    emu.update_settings(SettingsPatch {
        latency_ms: Some(0),
        ..Default::default()
    })
    .expect("settings");
    assert_eq!(emu.settings().latency_ms, 0);
}

fn faulty(kind: &str) -> Emulator {
    start(EmulatorConfig {
        fault_rate: 1.0,
        faults: vec![kind.to_string()],
        ..Default::default()
    })
}

#[test]
fn fault_500_and_503_html() {
    let emu = faulty("500");
    let mut d = Desk::new(&emu);
    let r = d.get("/departments");
    assert_eq!(
        (r.status, r.json()["errorCode"].as_str()),
        (500, Some("INTERNAL_SERVER_ERROR"))
    );
    let emu = faulty("503_html");
    let mut d = Desk::new(&emu);
    let r = d.get("/departments");
    assert_eq!(r.status, 503);
    assert!(
        r.header("content-type")
            .unwrap_or("")
            .starts_with("text/html")
    );
    assert!(r.text().starts_with("<html>"));
    assert!(r.json().is_null(), "not JSON");
    // Faults never hit the token endpoint or the admin API.
    assert!(!token(&emu).is_empty());
    assert_eq!(emu.stats().faults_injected, 1);
}

#[test]
fn fault_cut_body_drops_the_connection_mid_body() {
    let emu = faulty("cut_body");
    let tok = token(&emu);
    let auth = format!("Zoho-oauthtoken {tok}");
    let mut c = Conn::new(emu.url());
    let r = c.get(
        "/api/v1/tickets?limit=50",
        &[("Authorization", &auth), ("orgId", ORG)],
    );
    let err = r.expect_err("the body is cut short");
    assert_eq!(err.kind(), std::io::ErrorKind::UnexpectedEof);
}

#[test]
fn fault_revoke_token_revokes_the_presented_token() {
    let emu = faulty("revoke_token");
    let mut d = Desk::new(&emu);
    let r = d.get("/departments");
    assert_eq!(
        (r.status, r.json()["errorCode"].as_str()),
        (401, Some("INVALID_OAUTH"))
    );
    emu.update_settings(SettingsPatch {
        fault_rate: Some(0.0),
        ..Default::default()
    })
    .expect("settings");
    assert_eq!(
        d.get("/departments").status,
        401,
        "stays revoked after faults stop"
    );
    let mut fresh = Desk::new(&emu);
    assert_eq!(fresh.get("/departments").status, 200);
}

#[test]
fn faults_are_reproducible_for_a_seed() {
    let run = || {
        let emu = start(EmulatorConfig {
            fault_rate: 0.3,
            faults: vec!["500".into()],
            ..Default::default()
        });
        let mut d = Desk::new(&emu);
        (0..40)
            .map(|_| d.get("/departments").status)
            .collect::<Vec<_>>()
    };
    let a = run();
    assert_eq!(a, run());
    assert!(a.contains(&500) && a.contains(&200), "{a:?}");
}

#[test]
fn admin_truth_touch_and_create_drive_incremental_reads() {
    let emu = small();
    let mut d = Desk::new(&emu);
    let truth = admin_get(&emu, "/_admin/truth/tickets");
    let recs = truth["records"].as_array().expect("records");
    assert_eq!(recs.len(), 1200);
    assert!(recs[0]["parentId"].is_null());
    let max_before = recs
        .iter()
        .map(|r| r["modifiedTime"].as_str().unwrap_or("").to_string())
        .max()
        .expect("max");
    let threads = admin_get(&emu, "/_admin/truth/threads");
    assert!(threads["records"][0]["parentId"].is_string());
    for m in [
        "organizations",
        "agents",
        "departments",
        "teams",
        "team_members",
        "comments",
        "contacts",
        "accounts",
    ] {
        assert!(
            admin_get(&emu, &format!("/_admin/truth/{m}"))["records"]
                .as_array()
                .is_some_and(|a| !a.is_empty()),
            "{m}"
        );
    }
    assert_eq!(
        Conn::new(emu.url())
            .get("/_admin/truth/nope", &[])
            .expect("req")
            .status,
        404
    );

    let r = admin_send(
        &emu,
        "POST",
        "/_admin/touch",
        serde_json::json!({"module": "tickets", "count": 10}),
    );
    assert_eq!(r.status, 200);
    let touched = r.json()["records"].as_array().cloned().expect("records");
    assert_eq!(touched.len(), 10);
    let times: Vec<String> = touched
        .iter()
        .map(|r| r["modifiedTime"].as_str().unwrap_or("").to_string())
        .collect();
    assert!(times.windows(2).all(|w| w[0] < w[1]), "strictly increasing");
    assert!(
        times[0] > max_before,
        "later than every existing modifiedTime"
    );

    let id = recs[5]["id"].as_str().expect("id").to_string();
    let r = admin_send(
        &emu,
        "POST",
        "/_admin/touch",
        serde_json::json!({"module": "tickets", "ids": [id]}),
    );
    assert_eq!(r.json()["records"][0]["id"], id.as_str());
    let created = admin_send(
        &emu,
        "POST",
        "/_admin/create",
        serde_json::json!({"module": "tickets", "count": 3}),
    );
    let created = created.json()["records"]
        .as_array()
        .cloned()
        .expect("records");
    assert_eq!(created.len(), 3);

    // An incremental search from the old cursor sees exactly the touched and created tickets.
    let from = &times[0];
    let rows = d.rows(&format!("/tickets/search?modifiedTimeRange={from},2100-01-01T00:00:00.000Z&sortBy=modifiedTime&limit=100"));
    let got: BTreeSet<String> = ids(&rows).into_iter().collect();
    let mut want: BTreeSet<String> = touched
        .iter()
        .map(|r| r["id"].as_str().unwrap_or("").to_string())
        .collect();
    want.insert(id.clone());
    want.extend(
        created
            .iter()
            .map(|r| r["id"].as_str().unwrap_or("").to_string()),
    );
    assert_eq!(got, want);
    assert_eq!(
        ids(&rows).last(),
        created
            .last()
            .and_then(|r| r["id"].as_str())
            .map(str::to_string)
            .as_ref()
    );
    // The created ticket is served by detail and list too.
    let new_id = created[0]["id"].as_str().expect("id");
    assert_eq!(d.get(&format!("/tickets/{new_id}")).status, 200);
    assert_eq!(d.rows("/tickets?from=1201&limit=10").len(), 3);

    let bad = admin_send(
        &emu,
        "POST",
        "/_admin/touch",
        serde_json::json!({"module": "tickets", "ids": ["1"]}),
    );
    assert_eq!(bad.status, 400);
    let bad = admin_send(
        &emu,
        "POST",
        "/_admin/create",
        serde_json::json!({"module": "threads", "count": 1}),
    );
    assert_eq!(bad.status, 400);
    // Typed helpers share the same state.
    let t = emu.touch("contacts", 2).expect("touch");
    assert_eq!(t.len(), 2);
    assert_eq!(emu.create("accounts", 1).expect("create").len(), 1);
    assert_eq!(emu.truth("accounts").expect("truth").len(), 121);
}

#[test]
fn admin_settings_and_stats() {
    let emu = small();
    let s = admin_get(&emu, "/_admin/settings");
    assert_eq!(s["latency_ms"], 0);
    assert_eq!(s["concurrency_limit"], 10);
    let r = admin_send(
        &emu,
        "PUT",
        "/_admin/settings",
        serde_json::json!({"latency_ms": 5, "scopes": ["Desk.tickets.READ"]}),
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["latency_ms"], 5);
    assert_eq!(emu.settings().scopes, vec!["Desk.tickets.READ"]);
    let r = admin_send(
        &emu,
        "PUT",
        "/_admin/settings",
        serde_json::json!({"faults": ["teapot"]}),
    );
    assert_eq!(r.status, 400);
    let r = admin_send(
        &emu,
        "PUT",
        "/_admin/settings",
        serde_json::json!({"no_such_knob": 1}),
    );
    assert_eq!(r.status, 400);
    let r = admin_send(
        &emu,
        "PUT",
        "/_admin/settings",
        serde_json::json!({"latency_ms": 0, "limit_overrides": {"GET /api/v1/tickets": 20}}),
    );
    assert_eq!(r.status, 200);

    let mut d = Desk::new(&emu);
    assert_eq!(
        d.get("/tickets?limit=21").status,
        422,
        "limit override applies at run time"
    );
    assert_eq!(
        d.get("/teams").status,
        403,
        "scopes now lack Desk.basic.READ"
    );
    let tickets = d.rows("/tickets?limit=1");
    let id = tickets[0]["id"].as_str().expect("id");
    assert_eq!(d.get(&format!("/tickets/{id}/threads?limit=5")).status, 200);
    let stats = admin_get(&emu, "/_admin/stats");
    assert_eq!(stats["requests"]["GET /api/v1/tickets"], 2);
    assert_eq!(
        stats["requests"]["GET /api/v1/tickets/{ticketId}/threads"],
        1
    );
    assert_eq!(stats["statuses"]["422"], 1);
    assert_eq!(stats["statuses"]["403"], 1);
    assert_eq!(stats["token_refreshes"], 1);
    assert!(
        stats["messages_422"][0]
            .as_str()
            .unwrap_or("")
            .contains("1-20")
    );
    assert!(stats["max_in_flight"].as_u64().unwrap_or(0) >= 1);
    assert_eq!(stats["total_requests"], 5);
    assert!(stats["credits_used"].as_u64().unwrap_or(0) >= 6);
    assert_eq!(
        admin_send(&emu, "POST", "/_admin/stats/reset", serde_json::json!({})).status,
        200
    );
    let stats = emu.stats();
    assert_eq!(stats.total_requests, 0);
    assert!(stats.requests.is_empty());
}

#[test]
fn in_process_start_url_and_shutdown_on_drop() {
    let emu = small();
    let url = emu.url().to_string();
    assert!(url.starts_with("http://127.0.0.1:"));
    assert_ne!(emu.port(), 0);
    assert_eq!(
        Conn::new(&url)
            .get("/_admin/settings", &[])
            .expect("up")
            .status,
        200
    );
    drop(emu);
    assert!(
        Conn::new(&url).get("/_admin/settings", &[]).is_err(),
        "port closed after drop"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn usable_from_async_tests() {
    let emu = small();
    let url = emu.url().to_string();
    let status = tokio::task::spawn_blocking(move || {
        Conn::new(&url).get("/_admin/stats", &[]).map(|r| r.status)
    })
    .await
    .expect("join")
    .expect("request");
    assert_eq!(status, 200);
    drop(emu);
}
