//! `GET /articleFeedbacks` as Zoho's OAS (v1.0/ArticleFeedback.json) describes it: a
//! top-level list over every article's feedback, `timeRange` defaulting to LAST_7_DAYS,
//! custom ranges inclusive at both ends, `sortBy=±createdTime` with ties by id, strict 422s,
//! and admin create for the connector's created-time cursor.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::*;
use zoho_desk_emulator::timefmt::{format_ts, parse_ts};
use zoho_desk_emulator::{Emulator, SettingsPatch};

const ALL_TIME: &str = "2000-01-01T00:00:00.000Z,2100-01-01T00:00:00.000Z";

fn ms(s: &str) -> i64 {
    parse_ts(s).expect("timestamp")
}

/// Every row of `/articleFeedbacks?{q}`, walking pages of 50.
fn walk(d: &mut Desk, q: &str) -> Vec<serde_json::Value> {
    let mut out = Vec::new();
    let mut from = 1;
    loop {
        let rows = d.rows(&format!("/articleFeedbacks?{q}&from={from}&limit=50"));
        let n = rows.len();
        out.extend(rows);
        if n < 50 {
            return out;
        }
        from += 50;
    }
}

fn truth(emu: &Emulator) -> Vec<zoho_desk_emulator::TruthRecord> {
    emu.truth("article_feedbacks").expect("truth")
}

fn message(r: &zoho_desk_emulator::client::RawResponse) -> String {
    r.json()["message"].as_str().unwrap_or("").to_string()
}

#[test]
fn without_time_range_only_the_last_seven_days_are_listed() {
    let emu = small();
    let mut d = Desk::new(&emu);
    // The seeded feedback is years old: Zoho's default LAST_7_DAYS finds nothing.
    for q in [
        "",
        "?timeRange=LAST_7_DAYS",
        "?timeRange=LAST_365_DAYS",
        "?limit=50",
    ] {
        let r = d.get(&format!("/articleFeedbacks{q}"));
        assert_eq!(r.status, 204, "{q}: {}", r.text());
        assert!(r.body.is_empty(), "{q}");
    }
    assert!(!truth(&emu).is_empty());

    // Freshly created feedback is in the default window (and in every preset).
    let before: BTreeSet<String> = truth(&emu).into_iter().map(|r| r.id).collect();
    let made = emu.create("article_feedbacks", 3).expect("create");
    let made_ids: Vec<String> = made.iter().map(|s| s.id.clone()).collect();
    assert!(made_ids.iter().all(|id| !before.contains(id)));
    let t = truth(&emu);
    assert_eq!(t.len(), before.len() + 3);
    let articles: BTreeSet<String> = emu
        .truth("articles")
        .expect("articles")
        .into_iter()
        .map(|r| r.id)
        .collect();
    for s in &made {
        let rec = t.iter().find(|r| r.id == s.id).expect("in truth");
        assert!(articles.contains(rec.parent_id.as_deref().unwrap_or("")));
        assert_eq!(rec.created_time, s.modified_time);
    }
    for q in [
        "",
        "?timeRange=LAST_24_HRS",
        "?timeRange=LAST_7_DAYS",
        "?timeRange=LAST_30_DAYS",
        "?timeRange=LAST_365_DAYS",
    ] {
        let rows = d.rows(&format!("/articleFeedbacks{q}"));
        assert_eq!(ids(&rows), made_ids, "{q}");
    }
    let rows = d.rows("/articleFeedbacks?sortBy=-createdTime");
    let mut rev = made_ids.clone();
    rev.reverse();
    assert_eq!(ids(&rows), rev);
    // Each row names its article (truth parentId) and carries a SSSZ createdTime.
    for row in &rows {
        let id = row["id"].as_str().expect("id");
        let rec = t.iter().find(|r| r.id == id).expect("truth");
        assert_eq!(row["article"]["id"].as_str(), rec.parent_id.as_deref());
        assert_eq!(row["articleId"], row["article"]["id"]);
        assert!(
            row["article"]["title"]
                .as_str()
                .is_some_and(|s| !s.is_empty())
        );
        assert_eq!(row["createdTime"].as_str(), Some(rec.created_time.as_str()));
    }
    // A created-time cursor sees only new records.
    let last = made.last().expect("made").modified_time.clone();
    let next = emu.create("article_feedbacks", 2).expect("create");
    let after = format_ts(ms(&last) + 1);
    let rows = d.rows(&format!(
        "/articleFeedbacks?timeRange={after},2100-01-01T00:00:00.000Z"
    ));
    let want: Vec<String> = next.iter().map(|s| s.id.clone()).collect();
    assert_eq!(ids(&rows), want);
}

#[test]
fn custom_range_covers_every_feedback_in_created_order() {
    let emu = small();
    let mut d = Desk::new(&emu);
    let rows = walk(&mut d, &format!("timeRange={ALL_TIME}"));
    let t = truth(&emu);
    let got: Vec<String> = ids(&rows);
    let mut want: Vec<(i64, u64, String)> = t
        .iter()
        .map(|r| (ms(&r.created_time), r.id.parse().expect("id"), r.id.clone()))
        .collect();
    want.sort();
    assert_eq!(
        got,
        want.iter().map(|w| w.2.clone()).collect::<Vec<_>>(),
        "ascending createdTime, ties by id"
    );
    let parent: BTreeMap<&str, &str> = t
        .iter()
        .map(|r| (r.id.as_str(), r.parent_id.as_deref().expect("parent")))
        .collect();
    for row in &rows {
        let id = row["id"].as_str().expect("id");
        assert_eq!(row["article"]["id"].as_str(), Some(parent[id]));
        let ct = row["createdTime"].as_str().expect("createdTime");
        assert_eq!(ct.len(), 24, "{ct}");
        assert_eq!(format_ts(ms(ct)), ct);
    }

    // Descending: createdTime descending, ties still by id ascending.
    let desc = walk(&mut d, &format!("timeRange={ALL_TIME}&sortBy=-createdTime"));
    let mut want_desc = want.clone();
    want_desc.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    assert_eq!(
        ids(&desc),
        want_desc.iter().map(|w| w.2.clone()).collect::<Vec<_>>()
    );
    let asc = walk(&mut d, &format!("timeRange={ALL_TIME}&sortBy=createdTime"));
    assert_eq!(ids(&asc), got);

    // Both bounds are inclusive.
    let mid = &want[want.len() / 2];
    let at = format_ts(mid.0);
    let at_rows = walk(&mut d, &format!("timeRange={at},{at}"));
    assert!(ids(&at_rows).contains(&mid.2));
    assert!(at_rows.iter().all(|r| r["createdTime"] == at.as_str()));
    let same: usize = want.iter().filter(|w| w.0 == mid.0).count();
    assert_eq!(at_rows.len(), same);
    let upto = walk(&mut d, &format!("timeRange=2000-01-01T00:00:00.000Z,{at}"));
    assert_eq!(upto.len(), want.iter().filter(|w| w.0 <= mid.0).count());
    let from_at = walk(&mut d, &format!("timeRange={at},2100-01-01T00:00:00.000Z"));
    assert_eq!(from_at.len(), want.iter().filter(|w| w.0 >= mid.0).count());
    let after = format_ts(mid.0 + 1);
    let later = walk(
        &mut d,
        &format!("timeRange={after},2100-01-01T00:00:00.000Z"),
    );
    assert!(!ids(&later).contains(&mid.2));
    assert_eq!(later.len(), want.iter().filter(|w| w.0 > mid.0).count());
}

#[test]
fn filters_and_includes() {
    let emu = small();
    let mut d = Desk::new(&emu);
    let all = walk(&mut d, &format!("timeRange={ALL_TIME}"));
    // Article -> (department, root category), from the article list.
    let arts = d.rows("/articles?limit=50");
    let info: BTreeMap<String, (String, String)> = arts
        .iter()
        .map(|a| {
            (
                a["id"].as_str().expect("id").to_string(),
                (
                    a["departmentId"].as_str().expect("dept").to_string(),
                    a["rootCategoryId"].as_str().expect("cat").to_string(),
                ),
            )
        })
        .collect();
    let of = |r: &serde_json::Value| info[r["article"]["id"].as_str().expect("article")].clone();
    let dept = of(&all[0]).0;
    let rows = walk(
        &mut d,
        &format!("timeRange={ALL_TIME}&departmentIds={dept}"),
    );
    assert!(!rows.is_empty());
    assert_eq!(rows.len(), all.iter().filter(|r| of(r).0 == dept).count());
    assert!(
        rows.iter()
            .all(|r| r["article"]["departmentId"] == dept.as_str())
    );
    let cat = of(&all[0]).1;
    let rows = walk(
        &mut d,
        &format!("timeRange={ALL_TIME}&rootCategoryIds={cat}"),
    );
    assert_eq!(rows.len(), all.iter().filter(|r| of(r).1 == cat).count());
    assert!(rows.iter().all(|r| of(r).1 == cat));
    // An unknown (well-formed) id matches nothing.
    let r = d.get(&format!(
        "/articleFeedbacks?timeRange={ALL_TIME}&departmentIds=1"
    ));
    assert_eq!(r.status, 204);
    assert_eq!(
        walk(&mut d, &format!("timeRange={ALL_TIME}&locale=en")).len(),
        all.len()
    );
    assert_eq!(
        d.get(&format!("/articleFeedbacks?timeRange={ALL_TIME}&locale=fr"))
            .status,
        204
    );
    // include=ticket,contact,resolution adds those members.
    let rows = d.rows(&format!(
        "/articleFeedbacks?timeRange={ALL_TIME}&include=ticket,contact,resolution"
    ));
    for r in &rows {
        let o = r.as_object().expect("row");
        assert!(o.contains_key("ticket") && o.contains_key("resolution"));
        assert!(r["contact"]["email"].is_string());
    }
    assert!(all[0].get("contact").is_none());
}

#[test]
fn strict_refusals() {
    let emu = small();
    let mut d = Desk::new(&emu);
    let bad_ranges = [
        "garbage",
        "LAST_8_DAYS",
        "last_7_days",
        "2024-01-01T00:00:00.000Z",
        "2024-01-01T00:00:00Z,2024-02-01T00:00:00Z",
        "2024-01-01T00:00:00.000+00:00,2024-02-01T00:00:00.000Z",
        "2024-02-01T00:00:00.000Z,2024-01-01T00:00:00.000Z",
        "",
    ];
    for v in bad_ranges {
        let r = d.get(&format!("/articleFeedbacks?timeRange={v}"));
        assert_eq!(r.status, 422, "{v}");
        assert!(message(&r).contains("'timeRange'"), "{v}: {}", r.text());
    }
    let r = d.get("/articleFeedbacks?limit=51");
    assert_eq!(r.status, 422);
    let m = message(&r);
    assert!(m.contains("'limit'") && m.contains("1-50"), "{m}");
    for q in [
        "bogus=1",
        "sortBy=modifiedTime",
        "sortBy=id",
        "departmentIds=abc",
        "rootCategoryIds=x",
        "include=mentions",
        "locale=",
        "limit=0",
        "from=-1",
        "timeRange=LAST_7_DAYS&timeRange=LAST_30_DAYS",
    ] {
        let r = d.get(&format!("/articleFeedbacks?{q}"));
        assert_eq!(r.status, 422, "{q}: {}", r.text());
    }
    assert!(message(&d.get("/articleFeedbacks?bogus=1")).contains("bogus"));
    // The old per-article path is not Zoho's: 404.
    let art = &emu.truth("articles").expect("a")[0].id;
    assert_eq!(d.get(&format!("/articles/{art}/feedbacks")).status, 404);

    // `from` counts from 1; the OAS (ArticleFeedback.json) gives it `minimum: 1`, so 0 is
    // refused by default; with the OAS check only recording, 0 reads as 1 like other lists.
    let q = format!("timeRange={ALL_TIME}&limit=3");
    let r = d.get(&format!("/articleFeedbacks?{q}&from=0"));
    assert_eq!(r.status, 422);
    assert!(message(&r).contains("'from'"));
    emu.update_settings(SettingsPatch {
        oas: Some("record".into()),
        ..Default::default()
    })
    .expect("settings");
    let zero = d.rows(&format!("/articleFeedbacks?{q}&from=0"));
    let one = d.rows(&format!("/articleFeedbacks?{q}&from=1"));
    assert_eq!(ids(&zero), ids(&one));
    let two = d.rows(&format!("/articleFeedbacks?{q}&from=2"));
    assert_eq!(ids(&one)[1], ids(&two)[0]);
    assert!(
        emu.stats()
            .oas_violations
            .iter()
            .any(|v| v.contains("articleFeedbacks") && v.contains("'from'"))
    );
    emu.update_settings(SettingsPatch {
        list_from_zero: Some("reject".into()),
        ..Default::default()
    })
    .expect("settings");
    let r = d.get(&format!("/articleFeedbacks?{q}&from=0"));
    assert_eq!(r.status, 422);
    assert!(message(&r).contains("'from'"));
    emu.update_settings(SettingsPatch {
        oas: Some("refuse".into()),
        ..Default::default()
    })
    .expect("settings");
    // Feedback still has no modifiedTime to touch.
    let fb = truth(&emu).remove(0).id;
    assert!(emu.touch_ids("article_feedbacks", &[fb]).is_err());
}
