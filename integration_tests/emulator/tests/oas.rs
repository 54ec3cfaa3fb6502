//! Requests are checked against Zoho's OAS facts (`oas/facts.json`) over HTTP: refused with a
//! 422 naming the parameter by default, or answered and recorded with `oas=record`.

mod common;

use common::*;
use zoho_desk_emulator::SettingsPatch;

#[test]
fn a_request_breaking_the_oas_is_refused_by_name_and_recorded() {
    let emu = small();
    let mut d = Desk::new(&emu);
    // Each is accepted by the route handler alone but breaks the OAS.
    for (path, needle) in [
        ("/helpCenters?from=0&limit=10", "'from'"),
        ("/users?from=0", "'from'"),
        ("/articles?from=0&limit=10", "'from'"),
        ("/contracts?from=0&departmentId=1", "'departmentId'"),
        ("/articleFeedbacks?sortBy=-modifiedTime", "modifiedTime"),
    ] {
        let r = d.get(path);
        assert_eq!(r.status, 422, "{path}: {}", r.text());
        assert_eq!(r.json()["errorCode"], "UNPROCESSABLE_ENTITY", "{path}");
        let msg = r.json()["message"].as_str().unwrap_or("").to_string();
        assert!(msg.contains(needle), "{path}: {msg}");
    }
    let s = emu.stats();
    assert_eq!(s.oas_violations.len(), 5, "{:?}", s.oas_violations);
    assert!(s.oas_violations[0].starts_with("GET /api/v1/helpCenters: "));
    assert!(s.oas_violations[0].ends_with("[OAS Helpcenter.json]"));

    // Valid under the OAS: answered, nothing recorded.
    emu.reset_stats();
    let dept = emu.truth("departments").expect("truth")[0].id.clone();
    for path in [
        "/helpCenters?from=1&limit=50".to_string(),
        "/articles?from=1&limit=50&sortBy=-modifiedTime".to_string(),
        format!("/ticketTags?departmentId={dept}&from=0&limit=100"),
    ] {
        assert!(matches!(d.get(&path).status, 200 | 204), "{path}");
    }
    assert!(emu.stats().oas_violations.is_empty());

    // Routes without kept facts are counted as unchecked, never silently passed as checked.
    let r = d.get("/customerHappiness?department=allDepartment&from=1&limit=10");
    assert!(matches!(r.status, 200 | 204), "{}", r.text());
    assert_eq!(
        emu.stats()
            .oas_unchecked
            .get("GET /api/v1/customerHappiness"),
        Some(&1)
    );

    // `record`: answered as the handler would, the violation still listed.
    emu.update_settings(SettingsPatch {
        oas: Some("record".into()),
        ..Default::default()
    })
    .expect("settings");
    assert_eq!(d.get("/helpCenters?from=0&limit=10").status, 200);
    assert_eq!(emu.stats().oas_violations.len(), 1);
    assert!(
        emu.update_settings(SettingsPatch {
            oas: Some("lenient".into()),
            ..Default::default()
        })
        .is_err()
    );
}

#[test]
fn ticket_tags_answer_under_tags_as_the_oas_says() {
    let emu = small();
    let mut d = Desk::new(&emu);
    let tag = emu
        .truth("ticket_tags")
        .expect("truth")
        .into_iter()
        .next()
        .expect("a ticket tag");
    let ticket = tag.parent_id.expect("ticket id");
    let r = d.get(&format!("/tickets/{ticket}/tags"));
    assert_eq!(r.status, 200);
    let body = r.json();
    assert!(body.get("data").is_none(), "{body}");
    let tags = body["tags"].as_array().expect("tags array");
    assert!(tags.iter().any(|t| t["id"] == tag.id.as_str()), "{body}");
}
