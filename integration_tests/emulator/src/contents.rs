//! Thread bodies: realistic HTML e-mails (head with styles, entities, line breaks, lists,
//! quoted replies) whose size follows `--thread-body-kb`, and the truncation the thread detail
//! applies above `--thread-truncate-kb` (`isContentTruncated: true`, the whole text only from
//! `GET …/threads/{threadId}/fullContent`). Zoho documents the flag and the endpoint (OAS
//! Thread.json getThread, getThreadFullContent) but not the size it truncates at: UNCERTAIN,
//! hence a setting.

use crate::data::{Module, Store};
use crate::rng::pick;

/// Sizes of every generated body, per thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BodySizes {
    /// Average body size in KiB (each thread gets 1..=2*avg-1 KiB; 0 = one short paragraph).
    pub avg_kb: u32,
    /// The detail cuts bodies longer than this many KiB (0 = never).
    pub truncate_kb: u32,
}

const SENTENCES: &[&str] = &[
    "The nightly export &amp; sync stops at 80% and the log says &quot;timeout&quot;.",
    "We retried with the &lt;batch-size&gt; set to 500 &ndash; same result.",
    "Our finance team needs the report by Friday, so this is urgent.",
    "Attached are the screenshots from the admin console&hellip;",
    "Could you check whether the API credits ran out on 2024-01-15?",
    "Caf&eacute; &amp; M&uuml;ller GmbH is the affected account (ticket &#35;1042).",
];

/// The whole HTML body of thread `i`.
pub fn body(store: &Store, i: u32, sizes: BodySizes) -> String {
    let seed = store.rseed(Module::Threads, i);
    let id = store.id(Module::Threads, i);
    let target = if sizes.avg_kb == 0 {
        0
    } else {
        (1 + pick(seed, 61, u64::from(sizes.avg_kb) * 2 - 1)) as usize * 1024
    };
    let mut out = String::with_capacity(target + 1024);
    out.push_str(
        "<html><head><style type=\"text/css\">p { margin: 0 } .sig { color: #888 }</style>\
         </head><body><div style=\"font-family: Verdana, Arial; font-size: 10pt;\">",
    );
    out.push_str(&format!(
        "<div>Hi team,<br /><br />About thread {id}:</div>"
    ));
    let mut n = 0u64;
    loop {
        let s = SENTENCES[pick(seed, 62 + n, SENTENCES.len() as u64) as usize];
        match n % 4 {
            0 => out.push_str(&format!("<p>{s}</p>")),
            1 => out.push_str(&format!(
                "<ul><li>Step {n}: {s}</li><li>Result: failed</li></ul>"
            )),
            2 => out.push_str(&format!("<div>{s}<br>{s}</div>")),
            _ => out.push_str(&format!("<blockquote>&gt; {s}</blockquote>")),
        }
        n += 1;
        if out.len() >= target {
            break;
        }
    }
    out.push_str(
        "<div class=\"sig\">--<br />Mia Tanaka</div><script>track(1 < 2)</script></div></body></html>",
    );
    out
}

/// What the thread detail shows: the body, cut to `truncate_kb` when longer (at a character
/// boundary, mid-tag as a real cut would be), and whether it was cut.
pub fn detail_content(store: &Store, i: u32, sizes: BodySizes) -> (String, bool) {
    let mut full = body(store, i, sizes);
    let limit = sizes.truncate_kb as usize * 1024;
    if limit == 0 || full.len() <= limit {
        return (full, false);
    }
    let mut cut = limit;
    while !full.is_char_boundary(cut) {
        cut -= 1;
    }
    full.truncate(cut);
    (full, true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::EmulatorConfig;

    #[test]
    fn bodies_follow_the_size_setting_and_cut_where_told() {
        let store = Store::generate(&EmulatorConfig {
            tickets: 5,
            ..EmulatorConfig::default()
        });
        let short = body(&store, 0, BodySizes::default());
        assert!(short.len() < 1024, "{}", short.len());
        assert_eq!(
            short,
            body(&store, 0, BodySizes::default()),
            "deterministic"
        );
        let sizes = BodySizes {
            avg_kb: 100,
            truncate_kb: 64,
        };
        let mut cut = 0;
        for i in 0..store.len(Module::Threads) as u32 {
            let full = body(&store, i, sizes);
            assert!(
                full.len() >= 1024 && full.len() < 200 * 1024,
                "{}",
                full.len()
            );
            let (shown, truncated) = detail_content(&store, i, sizes);
            assert_eq!(truncated, full.len() > 64 * 1024);
            assert!(full.starts_with(&shown));
            cut += usize::from(truncated);
        }
        assert!(cut > 0, "some bodies are cut");
    }
}
