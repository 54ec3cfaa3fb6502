//! The bad-day settings the connector's client is tested against: odd HTTP 200 bodies, a long
//! Retry-After, a 429 storm and stalls. Each is counted in requests, never in wall-clock time.

mod common;

use std::time::{Duration, Instant};

use common::*;
use serde_json::json;
use zoho_desk_emulator::{SettingsPatch, Stall, ThrottleStorm};

const TICKETS: &str = "GET /api/v1/tickets";

#[test]
fn odd_bodies_answer_in_order_then_normal() {
    let emu = small();
    let mut desk = Desk::new(&emu);
    let r = admin_send(
        &emu,
        "PUT",
        "/_admin/settings",
        json!({"odd_bodies": {TICKETS: ["error_200:INTERNAL_SERVER_ERROR", "html_200", "cut_200", "no_wrapper_200"]}}),
    );
    assert_eq!(r.status, 200, "{}", r.text());

    let r = desk.get("/tickets?limit=5");
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["errorCode"], "INTERNAL_SERVER_ERROR");
    assert!(r.json()["message"].is_string());

    let r = desk.get("/tickets?limit=5");
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").unwrap_or("").contains("text/html"));
    assert!(r.text().starts_with("<html>"));

    let r = desk.get("/tickets?limit=5");
    assert_eq!(r.status, 200);
    let text = r.text();
    assert!(text.starts_with("{\"data\":["), "{text}");
    assert!(
        serde_json::from_str::<serde_json::Value>(&text).is_err(),
        "cut: {text}"
    );

    let r = desk.get("/tickets?limit=5");
    assert_eq!(r.status, 200);
    let v = r.json();
    assert!(
        v.get("data").is_none() && v.get("errorCode").is_none(),
        "{v}"
    );

    // Consumed: normal again, and other routes were never affected.
    assert_eq!(desk.rows("/tickets?limit=5").len(), 5);
    assert!(emu.settings().odd_bodies.is_empty());
}

#[test]
fn odd_bodies_are_validated() {
    let emu = small();
    for bad in [
        json!({"odd_bodies": {TICKETS: ["teapot"]}}),
        json!({"odd_bodies": {TICKETS: ["error_200:"]}}),
        json!({"odd_bodies": {"GET /api/v1/nope": ["html_200"]}}),
        json!({"stall": {"GET /api/v1/nope": {"count": 1, "ms": 1}}}),
    ] {
        let r = admin_send(&emu, "PUT", "/_admin/settings", bad.clone());
        assert_eq!(r.status, 400, "{bad} accepted");
    }
}

#[test]
fn throttle_storm_refuses_the_next_n_requests_with_the_configured_retry_after() {
    let emu = small();
    let mut desk = Desk::new(&emu);
    emu.update_settings(SettingsPatch {
        throttle_storm: Some(Some(ThrottleStorm { requests: 3 })),
        retry_after_secs: Some(Some(86_400)),
        ..Default::default()
    })
    .expect("settings");
    for _ in 0..3 {
        let r = desk.get("/departments");
        assert_eq!(r.status, 429);
        assert_eq!(r.json()["errorCode"], "TOO_MANY_REQUESTS");
        assert_eq!(r.header("retry-after"), Some("86400"));
    }
    assert_eq!(desk.get("/departments").status, 200);
    assert_eq!(emu.settings().throttle_storm, None);
    // null restores the default: TOO_MANY_REQUESTS carries no Retry-After.
    let r = admin_send(
        &emu,
        "PUT",
        "/_admin/settings",
        json!({"retry_after_secs": null, "throttle_storm": {"requests": 1}}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let r = desk.get("/departments");
    assert_eq!(r.status, 429);
    assert!(r.header("retry-after").is_none());
}

#[test]
fn stall_delays_the_next_answers_of_one_route() {
    let emu = small();
    let mut desk = Desk::new(&emu);
    emu.update_settings(SettingsPatch {
        stall: Some(
            [(
                "GET /api/v1/departments".to_string(),
                Stall { count: 1, ms: 300 },
            )]
            .into(),
        ),
        ..Default::default()
    })
    .expect("settings");
    let t = Instant::now();
    assert_eq!(desk.get("/departments").status, 200);
    // A lower bound only: the stall happened (no upper bound on a shared machine).
    assert!(t.elapsed() >= Duration::from_millis(300));
    assert!(emu.settings().stall.is_empty(), "consumed");
}
