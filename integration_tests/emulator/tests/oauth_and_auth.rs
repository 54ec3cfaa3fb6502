//! Behaviours 2 and 3: the token endpoint and Desk authentication, orgId, scopes, headers.

mod common;

use common::*;
use zoho_desk_emulator::client::Conn;
use zoho_desk_emulator::{EmulatorConfig, SettingsPatch};

fn token_call(
    emu: &zoho_desk_emulator::Emulator,
    query: &str,
    body: &str,
) -> (u16, serde_json::Value) {
    let r = Conn::new(emu.url())
        .request(
            "POST",
            &format!("/oauth/v2/token{query}"),
            &[("Content-Type", "application/x-www-form-urlencoded")],
            body.as_bytes(),
        )
        .expect("token call");
    (r.status, r.json())
}

#[test]
fn refresh_grant_accepts_query_string_and_form_body() {
    let emu = small();
    let (s, v) = token_call(
        &emu,
        "?grant_type=refresh_token&client_id=cid&client_secret=csecret&refresh_token=rtok",
        "",
    );
    assert_eq!(s, 200);
    let tok = v["access_token"].as_str().expect("token");
    assert!(
        tok.starts_with("1000.") && tok.split('.').count() == 3,
        "{tok}"
    );
    assert_eq!(v["expires_in"], 3600);
    assert_eq!(v["token_type"], "Bearer");
    assert_eq!(v["api_domain"], "https://www.zohoapis.com");
    assert!(
        v["scope"]
            .as_str()
            .expect("scope")
            .contains("Desk.search.READ")
    );
    let (s, v) = token_call(
        &emu,
        "",
        "grant_type=refresh_token&client_id=cid&client_secret=csecret&refresh_token=rtok",
    );
    assert_eq!(s, 200);
    assert!(v["access_token"].is_string());
    assert_eq!(emu.stats().token_refreshes, 2);
    let get = Conn::new(emu.url())
        .get("/oauth/v2/token?grant_type=refresh_token&client_id=cid&client_secret=csecret&refresh_token=rtok", &[])
        .expect("get");
    assert_eq!(get.status, 405, "token grants are POST only");
    assert_eq!(emu.stats().token_refreshes, 2);
}

#[test]
fn token_errors_are_http_200_with_error_field() {
    let emu = small();
    for (body, err) in [
        (
            "grant_type=refresh_token&client_id=cid&client_secret=csecret&refresh_token=nope",
            "invalid_code",
        ),
        (
            "grant_type=refresh_token&client_id=other&client_secret=csecret&refresh_token=rtok",
            "invalid_client",
        ),
        (
            "grant_type=refresh_token&client_id=cid&client_secret=bad&refresh_token=rtok",
            "invalid_client_secret",
        ),
    ] {
        let (s, v) = token_call(&emu, "", body);
        assert_eq!(s, 200, "{body}");
        assert_eq!(v, serde_json::json!({ "error": err }), "{body}");
    }
}

#[test]
fn refresh_throttle_answers_access_denied() {
    let emu = start(EmulatorConfig {
        refresh_throttle_per_minute: 3,
        ..Default::default()
    });
    let body = "grant_type=refresh_token&client_id=cid&client_secret=csecret&refresh_token=rtok";
    for _ in 0..3 {
        assert!(token_call(&emu, "", body).1["access_token"].is_string());
    }
    let (s, v) = token_call(&emu, "", body);
    assert_eq!(s, 200);
    assert_eq!(v["error"], "Access Denied");
    assert_eq!(v["status"], "failure");
    assert!(v.get("access_token").is_none());
    emu.update_settings(SettingsPatch {
        throttle_status: Some(400),
        ..Default::default()
    })
    .expect("settings");
    assert_eq!(token_call(&emu, "", body).0, 400);
    assert_eq!(emu.stats().token_refreshes, 3);
}

#[test]
fn tokens_expire_after_their_lifetime() {
    let emu = start(EmulatorConfig {
        token_lifetime_secs: 1,
        ..Default::default()
    });
    let mut d = Desk::new(&emu);
    assert_eq!(d.get("/agents").status, 200);
    std::thread::sleep(std::time::Duration::from_millis(1200));
    let r = d.get("/agents");
    assert_eq!(r.status, 401);
    assert_eq!(r.json()["errorCode"], "INVALID_OAUTH");
}

#[test]
fn desk_auth_org_and_error_shapes() {
    let emu = small();
    let tok = token(&emu);
    let mut c = Conn::new(emu.url());
    let zoho = format!("Zoho-oauthtoken {tok}");
    let bearer = format!("Bearer {tok}");

    let r = c.get("/api/v1/agents", &[("orgId", ORG)]).expect("req");
    assert_eq!(
        (r.status, r.json()["errorCode"].as_str()),
        (401, Some("UNAUTHORIZED"))
    );
    let r = c
        .get(
            "/api/v1/agents",
            &[
                ("orgId", ORG),
                ("Authorization", "Zoho-oauthtoken 1000.bad.bad"),
            ],
        )
        .expect("req");
    assert_eq!(
        (r.status, r.json()["errorCode"].as_str()),
        (401, Some("INVALID_OAUTH"))
    );
    assert!(r.json()["message"].is_string());
    assert_eq!(
        c.get(
            "/api/v1/agents",
            &[("orgId", ORG), ("Authorization", &bearer)]
        )
        .expect("req")
        .status,
        200
    );
    assert_eq!(
        c.get(
            "/api/v1/agents",
            &[("orgId", ORG), ("Authorization", &zoho)]
        )
        .expect("req")
        .status,
        200
    );

    // orgId is required everywhere except /organizations.
    let r = c
        .get("/api/v1/agents", &[("Authorization", &zoho)])
        .expect("req");
    assert_eq!(r.status, 422);
    assert_eq!(r.json()["errorCode"], "INVALID_DATA");
    let r = c
        .get(
            "/api/v1/agents",
            &[("Authorization", &zoho), ("orgId", "123")],
        )
        .expect("req");
    assert_eq!(
        (r.status, r.json()["errorCode"].as_str()),
        (401, Some("OAUTH_ORG_MISMATCH"))
    );
    let r = c
        .get("/api/v1/organizations", &[("Authorization", &zoho)])
        .expect("req");
    assert_eq!(r.status, 200);
    assert_eq!(
        r.json()["data"][0]["id"],
        serde_json::json!(60001234567u64),
        "org id is a JSON number"
    );

    // Rate-limit headers on every Desk answer, errors included.
    for r in [
        c.get("/api/v1/agents", &[("orgId", ORG)]).expect("req"),
        c.get(
            "/api/v1/nothing",
            &[("orgId", ORG), ("Authorization", &zoho)],
        )
        .expect("req"),
        c.get(
            "/api/v1/agents",
            &[("orgId", ORG), ("Authorization", &zoho)],
        )
        .expect("req"),
    ] {
        assert!(
            r.header("X-Rate-Limit-Request-Weight-v3").is_some(),
            "status {}",
            r.status
        );
        assert!(
            r.header("X-Rate-Limit-Remaining-v3").is_some(),
            "status {}",
            r.status
        );
    }
    let r = c
        .get(
            "/api/v1/nothing",
            &[("orgId", ORG), ("Authorization", &zoho)],
        )
        .expect("req");
    assert_eq!(
        (r.status, r.json()["errorCode"].as_str()),
        (404, Some("URL_NOT_FOUND"))
    );
    let r = c
        .get(
            "/api/v1/tickets/412500000000000001",
            &[("orgId", ORG), ("Authorization", &zoho)],
        )
        .expect("req");
    assert_eq!(
        (r.status, r.json()["errorCode"].as_str()),
        (404, Some("URL_NOT_FOUND"))
    );
}

#[test]
fn missing_scope_is_403_scope_mismatch_per_endpoint() {
    let emu = start(EmulatorConfig {
        scopes: vec!["Desk.tickets.READ".into(), "Desk.basic.READ".into()],
        ..Default::default()
    });
    let mut d = Desk::new(&emu);
    let r = d.get("/tickets/search?limit=1");
    assert_eq!(
        (r.status, r.json()["errorCode"].as_str()),
        (403, Some("SCOPE_MISMATCH"))
    );
    let r = d.get("/contacts?limit=1");
    assert_eq!(r.status, 403);
    assert_eq!(d.get("/tickets?limit=1").status, 200);
    assert_eq!(d.get("/teams").status, 200);
}

#[test]
fn revoked_tokens_answer_invalid_oauth() {
    let emu = small();
    let mut d = Desk::new(&emu);
    assert_eq!(d.get("/departments").status, 200);
    let r = admin_send(&emu, "POST", "/_admin/revoke_tokens", serde_json::json!({}));
    assert_eq!(r.status, 200);
    let r = d.get("/departments");
    assert_eq!(
        (r.status, r.json()["errorCode"].as_str()),
        (401, Some("INVALID_OAUTH"))
    );
    let mut fresh = Desk::new(&emu);
    assert_eq!(
        fresh.get("/departments").status,
        200,
        "tokens issued later still work"
    );
}
