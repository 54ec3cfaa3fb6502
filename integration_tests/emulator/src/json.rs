//! A minimal streaming JSON object writer. Rows are rendered straight into the response
//! buffer (no `serde_json::Value` per row) so paging 1M tickets stays cheap.

use std::collections::BTreeSet;
use std::fmt::Write;

use crate::timefmt::push_ts;

/// Appends `v` in decimal without going through `fmt` (hot path when paging).
pub fn push_u64(out: &mut String, mut v: u64) {
    let mut buf = [0u8; 20];
    let mut p = buf.len();
    loop {
        p -= 1;
        buf[p] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    // Only ASCII digits were written.
    out.push_str(std::str::from_utf8(&buf[p..]).unwrap_or("0"));
}

/// Appends `s` as a JSON string literal.
pub fn push_str_lit(out: &mut String, s: &str) {
    // Fast path: most values need no escaping.
    if s.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        out.push('"');
        out.push_str(s);
        out.push('"');
        return;
    }
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Writes one JSON object; keys outside `only` (the `fields` projection) are skipped.
pub struct Obj<'a> {
    out: &'a mut String,
    first: bool,
    only: Option<&'a BTreeSet<String>>,
}

impl<'a> Obj<'a> {
    pub fn start(out: &'a mut String, only: Option<&'a BTreeSet<String>>) -> Self {
        out.push('{');
        Obj {
            out,
            first: true,
            only,
        }
    }

    pub fn end(self) {
        self.out.push('}');
    }

    /// Writes the key if the projection wants it; the caller then writes the value.
    pub fn key(&mut self, k: &str) -> bool {
        if let Some(only) = self.only
            && !only.contains(k)
        {
            return false;
        }
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        // Keys are code constants and never need escaping.
        self.out.push('"');
        self.out.push_str(k);
        self.out.push_str("\":");
        true
    }

    pub fn str(&mut self, k: &str, v: &str) {
        if self.key(k) {
            push_str_lit(self.out, v);
        }
    }

    pub fn opt_str(&mut self, k: &str, v: Option<&str>) {
        if self.key(k) {
            match v {
                Some(v) => push_str_lit(self.out, v),
                None => self.out.push_str("null"),
            }
        }
    }

    /// Ids and counters are JSON strings in Zoho (ids exceed 2^53).
    pub fn num_str(&mut self, k: &str, v: u64) {
        if self.key(k) {
            self.out.push('"');
            push_u64(self.out, v);
            self.out.push('"');
        }
    }

    pub fn opt_num_str(&mut self, k: &str, v: Option<u64>) {
        if self.key(k) {
            match v {
                Some(v) => {
                    self.out.push('"');
                    push_u64(self.out, v);
                    self.out.push('"');
                }
                None => self.out.push_str("null"),
            }
        }
    }

    pub fn num(&mut self, k: &str, v: u64) {
        if self.key(k) {
            push_u64(self.out, v);
        }
    }

    pub fn bool(&mut self, k: &str, v: bool) {
        if self.key(k) {
            self.out.push_str(if v { "true" } else { "false" });
        }
    }

    pub fn null(&mut self, k: &str) {
        if self.key(k) {
            self.out.push_str("null");
        }
    }

    pub fn ts(&mut self, k: &str, ms: i64) {
        if self.key(k) {
            self.out.push('"');
            push_ts(self.out, ms);
            self.out.push('"');
        }
    }

    pub fn opt_ts(&mut self, k: &str, ms: Option<i64>) {
        match ms {
            Some(ms) => self.ts(k, ms),
            None => self.null(k),
        }
    }

    /// Pre-rendered JSON value.
    pub fn raw(&mut self, k: &str, json: &str) {
        if self.key(k) {
            self.out.push_str(json);
        }
    }

    /// Nested object; nested keys are never filtered by the projection.
    pub fn obj(&mut self, k: &str, f: impl FnOnce(&mut Obj<'_>)) {
        if self.key(k) {
            let mut o = Obj::start(self.out, None);
            f(&mut o);
            o.end();
        }
    }

    /// Array of string ids.
    pub fn id_array(&mut self, k: &str, ids: impl Iterator<Item = u64>) {
        if self.key(k) {
            self.out.push('[');
            for (i, id) in ids.enumerate() {
                if i > 0 {
                    self.out.push(',');
                }
                let _ = write!(self.out, "\"{id}\"");
            }
            self.out.push(']');
        }
    }

    /// Direct buffer access for values the helpers do not cover.
    pub fn buf(&mut self) -> &mut String {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_u64_matches_display() {
        for v in [0u64, 7, 10, 412500000019130011, u64::MAX] {
            let mut s = String::new();
            push_u64(&mut s, v);
            assert_eq!(s, v.to_string());
        }
    }

    #[test]
    fn writes_valid_json_and_respects_projection() {
        let mut s = String::new();
        let mut o = Obj::start(&mut s, None);
        o.num_str("id", 412500000019130011);
        o.str("subject", "a \"quoted\"\nline");
        o.null("cf");
        o.obj("contact", |c| c.bool("isSpam", false));
        o.end();
        let v: serde_json::Value = serde_json::from_str(&s).expect("valid json");
        assert_eq!(v["id"], "412500000019130011");
        assert_eq!(v["subject"], "a \"quoted\"\nline");
        assert_eq!(v["contact"]["isSpam"], false);

        let only: BTreeSet<String> = ["id".to_string()].into();
        let mut s = String::new();
        let mut o = Obj::start(&mut s, Some(&only));
        o.num_str("id", 1);
        o.str("subject", "x");
        o.end();
        assert_eq!(s, r#"{"id":"1"}"#);
    }
}
