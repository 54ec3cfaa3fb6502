//! The stream table: one row per Zoho Desk object. Adding or correcting an endpoint is a change
//! to a row (plus its schema type in `schemas`); the read engine interprets the rows.
//!
//! Every row names the source of its endpoint facts. Tags refer to the fact base
//! `shared/reference/zoho-desk-api.md` ([doc] = Zoho's documentation, [obs] = observed by
//! working clients; see its source list).

/// How a list endpoint pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paging {
    /// Not paginated: one GET returns every row (and paging parameters are rejected).
    None,
    /// `from` counts from 1, `limit` up to `max` (zoho-desk-api.md §2.3: plain lists are 1-based).
    OneBased { max: u32 },
}

/// How a stream reads incrementally.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Incremental {
    /// Full refresh only.
    None,
    /// A `/…/search` endpoint filtered by an inclusive time range on the cursor and sorted
    /// ascending by it (0-based `from`, 5,000-row window). Read as keyset windows: each page
    /// restarts the range at the last cursor seen, so offsets stay near 0 (cheapest credits) and
    /// the window cap is never reached by a normal walk. Used in both sync modes so records
    /// have the same shape (search rows carry `modifiedTime`; list rows do not).
    SearchRange {
        path: &'static str,
        range_param: &'static str,
        sort_by: &'static str,
        max: u32,
    },
}

#[derive(Debug, Clone, Copy)]
pub struct StreamDef {
    pub name: &'static str,
    /// List endpoint below `/api/v1`.
    pub path: &'static str,
    /// Key of the JSON object holding the rows.
    pub wrapper: &'static str,
    pub primary_key: &'static [&'static str],
    pub cursor: Option<&'static str>,
    pub paging: Paging,
    pub incremental: Incremental,
    /// Sends the `orgId` header (all endpoints but `/organizations`, §2.1).
    pub org_header: bool,
    /// OAuth scope the endpoints need, named in permission errors (§1.5).
    pub scope: &'static str,
    /// Where the endpoint facts come from.
    pub source: &'static str,
}

impl StreamDef {
    pub fn supports_incremental(&self) -> bool {
        !matches!(self.incremental, Incremental::None)
    }
}

/// Zoho's search windows: `from` must stay below 5,000 ([2nd] D29; `from + limit <= 5000` is
/// the stricter reading, which we obey).
pub const SEARCH_WINDOW: u32 = 5000;

const fn search(path: &'static str, max: u32) -> Incremental {
    Incremental::SearchRange {
        path,
        range_param: "modifiedTimeRange",
        sort_by: "modifiedTime",
        max,
    }
}

const ID: &[&str] = &["id"];

pub const STREAMS: &[StreamDef] = &[
    StreamDef {
        name: "organizations",
        path: "/organizations",
        wrapper: "data",
        primary_key: ID,
        cursor: None,
        paging: Paging::None,
        incremental: Incremental::None,
        org_header: false,
        scope: "Desk.basic.READ",
        source: "§2.1 [doc] ZD-API (no orgId header); §3.2 not paginated; §7.8 numeric id [obs] AIRBYTE-MANIFEST",
    },
    StreamDef {
        name: "agents",
        path: "/agents",
        wrapper: "data",
        primary_key: ID,
        cursor: None,
        paging: Paging::OneBased { max: 200 },
        incremental: Incremental::None,
        org_header: true,
        scope: "Desk.basic.READ",
        source: "§3.3 limit 200 [doc] QODEX list-agents",
    },
    StreamDef {
        name: "departments",
        path: "/departments",
        wrapper: "data",
        primary_key: ID,
        cursor: None,
        paging: Paging::OneBased { max: 200 },
        incremental: Incremental::None,
        org_header: true,
        scope: "Desk.basic.READ",
        source: "§3.3 limit 200 [doc] QODEX list-departments",
    },
    StreamDef {
        name: "teams",
        path: "/teams",
        wrapper: "teams",
        primary_key: ID,
        cursor: None,
        paging: Paging::None,
        incremental: Incremental::None,
        org_header: true,
        scope: "Desk.basic.READ",
        source: "§3.3 wrapper `teams`, not paginated [obs] AIRBYTE-MANIFEST, N8N",
    },
    StreamDef {
        name: "tickets",
        path: "/tickets",
        wrapper: "data",
        primary_key: ID,
        cursor: Some("modifiedTime"),
        paging: Paging::OneBased { max: 100 },
        // Search cap UNCERTAIN (100 [2nd] D29 vs 50 [obs] N8N): we ask for 100 and step down to
        // the range Zoho names if it answers 422 (see read::fetch_rows).
        incremental: search("/tickets/search", 100),
        org_header: true,
        scope: "Desk.tickets.READ",
        source: "§3.1 list limit 100 [doc] TAPDATA; search modifiedTimeRange + sortBy=modifiedTime, from 0-based [doc] QODEX",
    },
    StreamDef {
        name: "contacts",
        path: "/contacts",
        wrapper: "data",
        primary_key: ID,
        cursor: Some("modifiedTime"),
        paging: Paging::OneBased { max: 100 },
        incremental: search("/contacts/search", 100),
        org_header: true,
        scope: "Desk.contacts.READ",
        source: "§3.2 list limit UNCERTAIN, 100 used by working clients [obs] N8N; search [doc] QODEX",
    },
    StreamDef {
        name: "accounts",
        path: "/accounts",
        wrapper: "data",
        primary_key: ID,
        cursor: Some("modifiedTime"),
        paging: Paging::OneBased { max: 100 },
        incremental: search("/accounts/search", 100),
        org_header: true,
        scope: "Desk.contacts.READ",
        source: "§3.2 list limit UNCERTAIN, 100 used by working clients [obs] N8N; search [doc] QODEX accounts search",
    },
];

pub fn find(name: &str) -> Option<&'static StreamDef> {
    STREAMS.iter().find(|s| s.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_consistent() {
        let mut names: Vec<_> = STREAMS.iter().map(|s| s.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), STREAMS.len(), "duplicate stream names");
        for s in STREAMS {
            assert!(s.path.starts_with('/'), "{}", s.name);
            assert!(!s.primary_key.is_empty(), "{}", s.name);
            assert_eq!(s.supports_incremental(), s.cursor.is_some(), "{}", s.name);
            if let Incremental::SearchRange { path, max, .. } = s.incremental {
                assert!(path.ends_with("/search"), "{}", s.name);
                assert!(max > 0 && max <= SEARCH_WINDOW);
            }
            assert!(!s.source.is_empty());
        }
    }
}
