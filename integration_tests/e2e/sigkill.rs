//! kill -9 of the real binary at several points of each strategy, then a resume from the last
//! STATE it printed: the records committed before the kill and the resumed read together hold
//! every row.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use serde_json::{Value, json};
use zoho_desk_emulator::EmulatorConfig;

use crate::support::*;

/// A read SIGKILLed once `stream` printed `after` STATE messages: the ids its states committed
/// (records printed before the last state) and that state, or `None` if the read ended first.
pub(crate) fn read_killed(
    config: &Value,
    catalog: &Value,
    stream: &str,
    after: usize,
) -> (Vec<String>, Option<Value>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let cfg = dir.path().join("config.json");
    let cat = dir.path().join("catalog.json");
    std::fs::write(&cfg, config.to_string()).expect("config");
    std::fs::write(&cat, catalog.to_string()).expect("catalog");
    let mut child = Command::new(env!("CARGO_BIN_EXE_source-zoho-desk"))
        .arg("read")
        .arg("--config")
        .arg(&cfg)
        .arg("--catalog")
        .arg(&cat)
        .env("SOURCE_ZOHO_DESK_BACKOFF_BASE_MS", "5")
        .env("SOURCE_ZOHO_DESK_BACKOFF_CAP_MS", "50")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start connector");
    let stdout = child.stdout.take().expect("stdout");
    let (mut committed, mut pending, mut states, mut last) = (Vec::new(), Vec::new(), 0, None);
    let mut killed = false;
    for line in BufReader::new(stdout).lines() {
        let Ok(line) = line else { break };
        let Ok(m) = serde_json::from_str::<Value>(&line) else {
            continue;
        };
        if m["type"] == "RECORD" && m["record"]["stream"] == stream {
            pending.push(id_of(&m["record"]["data"]));
        } else if m["type"] == "STATE"
            && m["state"]["stream"]["stream_descriptor"]["name"] == stream
        {
            committed.append(&mut pending);
            last = Some(m["state"].clone());
            states += 1;
            if states == after {
                child.kill().expect("SIGKILL");
                killed = true;
                break;
            }
        }
    }
    let _ = child.wait();
    (committed, if killed { last } else { None })
}

/// Kills a read of `stream` (in `mode`) after 1, 3 and 8 checkpoints and resumes it.
fn kill_and_resume(stream: &str, incremental: bool) {
    let emu = emulator(EmulatorConfig {
        tickets: 60,
        ..EmulatorConfig::default()
    });
    let mut config = base_config(emu.url());
    config["page_size"] = json!(5);
    // No start_date: the truth below is every record, whatever its age.
    config.as_object_mut().expect("config").remove("start_date");
    let cat = if incremental {
        all_incremental(&[stream])
    } else {
        catalog(&[stream], false)
    };
    let want = truth_ids(&emu, stream);
    let mut kills = 0;
    for after in [1, 3, 8] {
        let (mut got, state) = read_killed(&config, &cat, stream, after);
        let Some(state) = state else { continue };
        kills += 1;
        let resumed = read(&config, &cat, Some(&json!([state])));
        assert_eq!(resumed.code, 0, "{stream}: {:?}", resumed.errors());
        got.extend(resumed.ids(stream));
        for id in &want {
            assert!(
                got.contains(id),
                "{stream}: {id} lost after a kill at state {after}"
            );
        }
    }
    assert!(
        kills >= 2,
        "{stream}: the read ended before most kill points"
    );
}

#[test]
fn search_walk_resumes_losslessly_after_sigkill() {
    kill_and_resume("tickets", true);
}

#[test]
fn newest_first_walk_resumes_losslessly_after_sigkill() {
    kill_and_resume("articles", true);
}

#[test]
fn epoch_window_resumes_losslessly_after_sigkill() {
    kill_and_resume("customer_happiness", true);
}

#[test]
fn per_parent_range_resumes_losslessly_after_sigkill() {
    kill_and_resume("agent_time_entries", true);
}

#[test]
fn children_of_changed_parents_resume_losslessly_after_sigkill() {
    kill_and_resume("threads", true);
}

#[test]
fn range_list_resumes_losslessly_after_sigkill() {
    kill_and_resume("article_feedbacks", true);
}

#[test]
fn full_refresh_list_resumes_losslessly_after_sigkill() {
    kill_and_resume("agents", false);
}
