//! Streams on one root share one walk of it: the root is read once per sync and its pages
//! feed every selected child, each with its own state, status and failures.

use std::collections::HashSet;

use serde_json::{Value, json};
use zoho_desk_emulator::{Emulator, EmulatorConfig};

use crate::sigkill::read_killed;
use crate::support::*;

const SEARCH: &str = "GET /api/v1/tickets/search";
const THREADS: &str = "GET /api/v1/tickets/{ticketId}/threads";

fn tickets(n: usize) -> Emulator {
    emulator(EmulatorConfig {
        tickets: n,
        ..EmulatorConfig::default()
    })
}

fn small_pages(emu: &Emulator) -> Value {
    let mut config = base_config(emu.url());
    config["page_size"] = json!(10);
    config
}

/// Search pages one read asked for.
fn search_pages(emu: &Emulator) -> u64 {
    stats(emu)["requests"][SEARCH].as_u64().unwrap_or(0)
}

/// tickets, threads and ticket_comments in one read walk the tickets search once (as many
/// pages as tickets alone), and every stream holds exactly the truth.
#[test]
fn a_root_and_its_children_share_one_walk() {
    let emu = tickets(60);
    let config = small_pages(&emu);
    let alone = read(&config, &catalog(&["tickets"], false), None);
    assert_eq!(alone.code, 0, "{:?}", alone.errors());
    let one_walk = search_pages(&emu);
    assert!(one_walk >= 6, "several search pages: {one_walk}");
    reset_stats(&emu);
    let run = read(
        &config,
        &catalog(&["tickets", "threads", "ticket_comments"], false),
        None,
    );
    assert_eq!(run.code, 0, "{:?}", run.errors());
    assert_eq!(search_pages(&emu), one_walk, "one walk for three streams");
    for stream in ["tickets", "threads", "ticket_comments"] {
        assert_exactly_once(stream, &run.ids(stream), &truth_ids(&emu, stream));
        assert_eq!(run.final_status(stream), "COMPLETE");
    }
    let threads = stats(&emu)["requests"][THREADS].as_u64().unwrap_or(0);
    assert!(
        threads <= 2 * 60,
        "one thread list per ticket, not one per stream: {threads}"
    );
}

/// Incremental members with different cursors share the walk from the oldest need: threads
/// (saved cursor) gets only the threads of changed tickets, ticket_metrics (no state) every
/// ticket's metrics, and each saves its own cursor.
#[test]
fn members_with_their_own_cursors_get_their_own_rows() {
    let emu = tickets(60);
    let config = small_pages(&emu);
    let cat = all_incremental(&["threads"]);
    let first = read(&config, &cat, None);
    assert_eq!(first.code, 0, "{:?}", first.errors());
    let cursor = saved_cursor(&first, "threads", "modifiedTime");
    let again = truth_ids_between(&emu, "tickets", cursor - LOOKBACK_MS, cursor);
    let touched = touch(&emu, "tickets", 5);
    reset_stats(&emu);
    let second = read(
        &config,
        &all_incremental(&["threads", "ticket_metrics"]),
        Some(&first.last_states()),
    );
    assert_eq!(second.code, 0, "{:?}", second.errors());
    let alone = search_pages(&emu);
    // threads of the touched tickets (and those read again at the cursor) only.
    let allowed: HashSet<String> = touched.iter().chain(&again).cloned().collect();
    let parents: HashSet<String> = second
        .records("threads")
        .iter()
        .map(|r| r["ticketId"].as_str().unwrap_or("?").to_string())
        .collect();
    for id in &touched {
        assert!(parents.contains(id), "threads of touched ticket {id} lost");
    }
    assert!(
        parents.is_subset(&allowed),
        "threads of unchanged tickets: {:?}",
        parents.difference(&allowed).collect::<Vec<_>>()
    );
    assert_metrics_once_per_ticket(&second, &truth_ids(&emu, "tickets"));
    assert!(saved_cursor(&second, "threads", "modifiedTime") >= cursor);
    assert!(saved_cursor(&second, "ticket_metrics", "modifiedTime") >= cursor);
    // One walk: as many search pages as a fresh walk of every ticket.
    reset_stats(&emu);
    let fresh = read(&config, &all_incremental(&["tickets"]), None);
    assert_eq!(fresh.code, 0, "{:?}", fresh.errors());
    assert_eq!(
        alone,
        search_pages(&emu),
        "the walk from the oldest need, once"
    );
}

/// A child refused by Zoho fails alone: the root and its other children complete exactly.
#[test]
fn a_failing_child_leaves_the_others_complete() {
    let emu = tickets(40);
    settings(&emu, json!({"forbidden": {THREADS: "FORBIDDEN"}}));
    let run = read(
        &small_pages(&emu),
        &catalog(&["tickets", "threads", "ticket_comments"], false),
        None,
    );
    assert_eq!(run.code, 1);
    run.assert_stream_failed("threads", "config_error", &["FORBIDDEN"]);
    for stream in ["tickets", "ticket_comments"] {
        assert_eq!(run.final_status(stream), "COMPLETE");
        assert_exactly_once(stream, &run.ids(stream), &truth_ids(&emu, stream));
    }
}

/// A root error fails every member, each with its own error and INCOMPLETE.
#[test]
fn a_failing_root_fails_every_member() {
    let emu = tickets(20);
    settings(&emu, json!({"forbidden": {SEARCH: "FORBIDDEN"}}));
    let run = read(
        &small_pages(&emu),
        &all_incremental(&["tickets", "threads"]),
        None,
    );
    assert_eq!(run.code, 1);
    for stream in ["tickets", "threads"] {
        run.assert_stream_failed(stream, "config_error", &["FORBIDDEN"]);
    }
}

/// kill -9 of a shared walk after 1, 3 and 8 checkpoints of threads, then a resume where
/// threads starts from its state and its companions from none: no thread is lost.
#[test]
fn a_shared_walk_resumes_losslessly_after_sigkill() {
    let emu = tickets(60);
    let mut config = base_config(emu.url());
    config["page_size"] = json!(5);
    config.as_object_mut().expect("config").remove("start_date");
    let cat = all_incremental(&["tickets", "threads", "ticket_comments"]);
    let want = truth_ids(&emu, "threads");
    let mut kills = 0;
    for after in [1, 3, 8] {
        let (mut got, state) = read_killed(&config, &cat, "threads", after);
        let Some(state) = state else { continue };
        kills += 1;
        let resumed = read(&config, &cat, Some(&json!([state])));
        assert_eq!(resumed.code, 0, "{:?}", resumed.errors());
        assert_exactly_once(
            "tickets",
            &resumed.ids("tickets"),
            &truth_ids(&emu, "tickets"),
        );
        got.extend(resumed.ids("threads"));
        for id in &want {
            assert!(
                got.contains(id),
                "thread {id} lost after a kill at state {after}"
            );
        }
    }
    assert!(kills >= 2, "the read ended before most kill points");
}

/// A newest-first root reads alike in both modes, so a full-refresh root and an incremental
/// child share its walk: articles arrive whole, article_comments only for changed articles.
#[test]
fn a_full_refresh_root_and_an_incremental_child_share_one_walk() {
    let emu = emulator(EmulatorConfig::default());
    let config = base_config(emu.url());
    let first = read(&config, &all_incremental(&["article_comments"]), None);
    assert_eq!(first.code, 0, "{:?}", first.errors());
    let cursor = saved_cursor(&first, "article_comments", "modifiedTime");
    let at_cursor = truth_ids_between(&emu, "articles", cursor, cursor);
    let touched = touch(&emu, "articles", 3);
    reset_stats(&emu);
    let alone = read(&config, &catalog(&["articles"], false), None);
    assert_eq!(alone.code, 0, "{:?}", alone.errors());
    let walk = stats(&emu)["requests"]["GET /api/v1/articles"].clone();
    assert!(
        walk.as_u64().is_some_and(|n| n > 0),
        "articles walked: {walk}"
    );
    reset_stats(&emu);
    let mut cat = catalog(&["articles"], false);
    let child = all_incremental(&["article_comments"]);
    cat["streams"].as_array_mut().expect("streams").extend(
        child["streams"]
            .as_array()
            .expect("streams")
            .iter()
            .cloned(),
    );
    let run = read(&config, &cat, Some(&first.last_states()));
    assert_eq!(run.code, 0, "{:?}", run.errors());
    assert_eq!(
        stats(&emu)["requests"]["GET /api/v1/articles"],
        walk,
        "one walk of the articles for both streams"
    );
    assert_exactly_once(
        "articles",
        &run.ids("articles"),
        &truth_ids(&emu, "articles"),
    );
    let allowed: HashSet<String> = touched.iter().chain(&at_cursor).cloned().collect();
    let parents: HashSet<String> = run
        .records("article_comments")
        .iter()
        .map(|r| r["articleId"].as_str().unwrap_or("?").to_string())
        .collect();
    assert!(
        parents.is_subset(&allowed),
        "comments of unchanged articles: {:?}",
        parents.difference(&allowed).collect::<Vec<_>>()
    );
    assert!(saved_cursor(&run, "article_comments", "modifiedTime") >= cursor);
}
