//! THE ROUTE TABLE. Every Desk endpoint is one row interpreted by the generic handler in
//! `api.rs`; adding an endpoint of the catalog is adding a row (plus a renderer/generator
//! when it is a new module).

use crate::data::{Module, SortKey};

/// How an endpoint pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `from` 1-based (0 behaves like 1), per-endpoint `limit` maximum.
    List,
    /// `from` 0-based, `from` >= 5000 refused, time-range filters, needs Desk.search.READ.
    Search,
    /// One record by id: bare object.
    Detail,
    /// Whole collection in one answer; paging parameters are unknown parameters.
    Unpaged,
}

/// Which rendering of a record an endpoint returns (Zoho's projections differ).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    List,
    Search,
    Detail,
}

/// A `sortBy` value an endpoint accepts and the index that serves it.
pub type SortDef = (&'static str, SortKey);

/// One endpoint.
#[derive(Debug)]
pub struct RouteDef {
    pub method: &'static str,
    /// Path under `/api/v1`; `{..}` segments capture ids (first = parent or record id).
    pub pattern: &'static str,
    pub module: Module,
    pub kind: Kind,
    pub view: View,
    /// Key holding the array (`data`, `teams`, `members`); empty for a bare object.
    pub wrapper: &'static str,
    pub limit_max: usize,
    pub limit_default: usize,
    /// Accepted query parameters (everything else is 422 "Extra query parameter").
    pub params: &'static [&'static str],
    pub sort_by: &'static [SortDef],
    /// Order when no sortBy is given.
    pub default_sort: SortDef,
    pub include: &'static [&'static str],
    /// Any one of these scopes grants access.
    pub scopes: &'static [&'static str],
    /// Module of the first `{id}` when it names a parent record.
    pub parent: Option<Module>,
    /// Whether the `orgId` header is required (everything except /organizations).
    pub needs_org: bool,
}

const TICKETS_READ: &[&str] = &["Desk.tickets.READ"];
const CONTACTS_READ: &[&str] = &["Desk.contacts.READ"];
const BASIC_READ: &[&str] = &["Desk.basic.READ"];
const BASIC_OR_SETTINGS: &[&str] = &["Desk.basic.READ", "Desk.settings.READ"];
const SEARCH_READ: &[&str] = &["Desk.search.READ"];

const CREATED: SortDef = ("createdTime", SortKey::Created);
const MODIFIED: SortDef = ("modifiedTime", SortKey::Modified);
const ID_ORDER: SortDef = ("id", SortKey::Id);

pub const TICKET_INCLUDES: &[&str] = &[
    "contacts",
    "products",
    "departments",
    "team",
    "isRead",
    "assignee",
];

/// The catalog served today. Order matters only where a literal segment competes with `{id}`
/// (`/tickets/search` before `/tickets/{id}`).
pub const ROUTES: &[RouteDef] = &[
    RouteDef {
        method: "GET",
        pattern: "/organizations",
        module: Module::Organizations,
        kind: Kind::Unpaged,
        view: View::List,
        wrapper: "data",
        limit_max: 0,
        limit_default: 0,
        params: &[],
        sort_by: &[],
        default_sort: ID_ORDER,
        include: &[],
        scopes: BASIC_READ,
        parent: None,
        needs_org: false,
    },
    RouteDef {
        method: "GET",
        pattern: "/agents",
        module: Module::Agents,
        kind: Kind::List,
        view: View::List,
        wrapper: "data",
        limit_max: 200,
        limit_default: 10,
        params: &["from", "limit", "status", "include"],
        sort_by: &[],
        default_sort: ID_ORDER,
        include: &["profile", "role"],
        scopes: BASIC_OR_SETTINGS,
        parent: None,
        needs_org: true,
    },
    RouteDef {
        method: "GET",
        pattern: "/departments",
        module: Module::Departments,
        kind: Kind::List,
        view: View::List,
        wrapper: "data",
        limit_max: 200,
        limit_default: 10,
        params: &["from", "limit", "isEnabled"],
        sort_by: &[],
        default_sort: ID_ORDER,
        include: &[],
        scopes: BASIC_OR_SETTINGS,
        parent: None,
        needs_org: true,
    },
    RouteDef {
        method: "GET",
        pattern: "/teams",
        module: Module::Teams,
        kind: Kind::Unpaged,
        view: View::List,
        wrapper: "teams",
        limit_max: 0,
        limit_default: 0,
        params: &[],
        sort_by: &[],
        default_sort: ID_ORDER,
        include: &[],
        scopes: BASIC_READ,
        parent: None,
        needs_org: true,
    },
    RouteDef {
        method: "GET",
        pattern: "/teams/{id}/members",
        module: Module::TeamMembers,
        kind: Kind::Unpaged,
        view: View::List,
        wrapper: "members",
        limit_max: 0,
        limit_default: 0,
        params: &[],
        sort_by: &[],
        default_sort: ID_ORDER,
        include: &[],
        scopes: BASIC_READ,
        parent: Some(Module::Teams),
        needs_org: true,
    },
    RouteDef {
        method: "GET",
        pattern: "/tickets/search",
        module: Module::Tickets,
        kind: Kind::Search,
        view: View::Search,
        wrapper: "data",
        limit_max: 100,
        limit_default: 10,
        params: &[
            "from",
            "limit",
            "sortBy",
            "modifiedTimeRange",
            "createdTimeRange",
            "customerResponseTimeRange",
            "departmentId",
            "status",
            "priority",
            "channel",
            "assigneeId",
            "contactId",
            "accountId",
        ],
        sort_by: &[
            MODIFIED,
            CREATED,
            ("customerResponseTime", SortKey::CustomerResponse),
            ("relevance", SortKey::Id),
        ],
        default_sort: ("relevance", SortKey::Id),
        include: &[],
        scopes: SEARCH_READ,
        parent: None,
        needs_org: true,
    },
    RouteDef {
        method: "GET",
        pattern: "/tickets",
        module: Module::Tickets,
        kind: Kind::List,
        view: View::List,
        wrapper: "data",
        limit_max: 100,
        limit_default: 10,
        params: &[
            "from",
            "limit",
            "sortBy",
            "include",
            "fields",
            "departmentId",
            "departmentIds",
            "status",
            "priority",
            "channel",
            "assignee",
        ],
        sort_by: &[
            CREATED,
            ("ticketNumber", SortKey::Id),
            ("customerResponseTime", SortKey::CustomerResponse),
        ],
        default_sort: CREATED,
        include: TICKET_INCLUDES,
        scopes: TICKETS_READ,
        parent: None,
        needs_org: true,
    },
    RouteDef {
        method: "GET",
        pattern: "/tickets/{id}",
        module: Module::Tickets,
        kind: Kind::Detail,
        view: View::Detail,
        wrapper: "",
        limit_max: 0,
        limit_default: 0,
        params: &["include", "fields"],
        sort_by: &[],
        default_sort: ID_ORDER,
        include: TICKET_INCLUDES,
        scopes: TICKETS_READ,
        parent: None,
        needs_org: true,
    },
    RouteDef {
        method: "GET",
        pattern: "/tickets/{id}/threads",
        module: Module::Threads,
        kind: Kind::List,
        view: View::List,
        wrapper: "data",
        limit_max: 100,
        limit_default: 10,
        params: &["from", "limit", "sortBy"],
        sort_by: &[("sendDateTime", SortKey::Created)],
        default_sort: CREATED,
        include: &[],
        scopes: TICKETS_READ,
        parent: Some(Module::Tickets),
        needs_org: true,
    },
    RouteDef {
        method: "GET",
        pattern: "/tickets/{id}/threads/{threadId}",
        module: Module::Threads,
        kind: Kind::Detail,
        view: View::Detail,
        wrapper: "",
        limit_max: 0,
        limit_default: 0,
        params: &["include"],
        sort_by: &[],
        default_sort: ID_ORDER,
        include: &["plainText"],
        scopes: TICKETS_READ,
        parent: Some(Module::Tickets),
        needs_org: true,
    },
    RouteDef {
        method: "GET",
        pattern: "/tickets/{id}/comments",
        module: Module::Comments,
        kind: Kind::List,
        view: View::List,
        wrapper: "data",
        limit_max: 100,
        limit_default: 10,
        params: &["from", "limit", "sortBy", "include"],
        sort_by: &[("commentedTime", SortKey::Created)],
        default_sort: CREATED,
        include: &["mentions"],
        scopes: TICKETS_READ,
        parent: Some(Module::Tickets),
        needs_org: true,
    },
    RouteDef {
        method: "GET",
        pattern: "/contacts/search",
        module: Module::Contacts,
        kind: Kind::Search,
        view: View::Search,
        wrapper: "data",
        limit_max: 100,
        limit_default: 10,
        params: &[
            "from",
            "limit",
            "sortBy",
            "modifiedTimeRange",
            "createdTimeRange",
            "accountId",
        ],
        sort_by: &[
            MODIFIED,
            CREATED,
            ("firstName", SortKey::FirstName),
            ("lastName", SortKey::LastName),
        ],
        default_sort: ID_ORDER,
        include: &[],
        scopes: SEARCH_READ,
        parent: None,
        needs_org: true,
    },
    RouteDef {
        method: "GET",
        pattern: "/contacts",
        module: Module::Contacts,
        kind: Kind::List,
        view: View::List,
        wrapper: "data",
        limit_max: 100,
        limit_default: 10,
        params: &["from", "limit", "sortBy", "include", "fields"],
        sort_by: &[
            ("firstName", SortKey::FirstName),
            ("lastName", SortKey::LastName),
            CREATED,
        ],
        default_sort: CREATED,
        include: &["accounts"],
        scopes: CONTACTS_READ,
        parent: None,
        needs_org: true,
    },
    RouteDef {
        method: "GET",
        pattern: "/accounts/search",
        module: Module::Accounts,
        kind: Kind::Search,
        view: View::Search,
        wrapper: "data",
        limit_max: 100,
        limit_default: 10,
        params: &[
            "from",
            "limit",
            "sortBy",
            "modifiedTimeRange",
            "createdTimeRange",
        ],
        sort_by: &[MODIFIED, CREATED, ("accountName", SortKey::AccountName)],
        default_sort: ID_ORDER,
        include: &[],
        scopes: SEARCH_READ,
        parent: None,
        needs_org: true,
    },
    RouteDef {
        method: "GET",
        pattern: "/accounts",
        module: Module::Accounts,
        kind: Kind::List,
        view: View::List,
        wrapper: "data",
        limit_max: 100,
        limit_default: 10,
        params: &["from", "limit", "sortBy", "fields"],
        sort_by: &[("accountName", SortKey::AccountName), CREATED, MODIFIED],
        default_sort: CREATED,
        include: &[],
        scopes: CONTACTS_READ,
        parent: None,
        needs_org: true,
    },
    RouteDef {
        method: "GET",
        pattern: "/contacts/{id}",
        module: Module::Contacts,
        kind: Kind::Detail,
        view: View::Detail,
        wrapper: "",
        limit_max: 0,
        limit_default: 0,
        params: &["include", "fields"],
        sort_by: &[],
        default_sort: ID_ORDER,
        include: &["accounts"],
        scopes: CONTACTS_READ,
        parent: None,
        needs_org: true,
    },
    RouteDef {
        method: "GET",
        pattern: "/accounts/{id}",
        module: Module::Accounts,
        kind: Kind::Detail,
        view: View::Detail,
        wrapper: "",
        limit_max: 0,
        limit_default: 0,
        params: &["fields"],
        sort_by: &[],
        default_sort: ID_ORDER,
        include: &[],
        scopes: CONTACTS_READ,
        parent: None,
        needs_org: true,
    },
];

impl RouteDef {
    /// Stats key, e.g. `GET /api/v1/tickets/{id}/threads`.
    pub fn stats_key(&self) -> String {
        format!("{} /api/v1{}", self.method, self.pattern)
    }
}

/// Finds the route for `path` (relative to `/api/v1`) and the captured `{id}` segments.
/// Returns `Err(true)` when the path exists with another method.
pub fn match_route<'p>(
    method: &str,
    path: &'p str,
) -> Result<(&'static RouteDef, Vec<&'p str>), bool> {
    let segs: Vec<&str> = path.trim_end_matches('/').split('/').skip(1).collect();
    let mut other_method = false;
    for r in ROUTES {
        let pat: Vec<&str> = r.pattern.split('/').skip(1).collect();
        if pat.len() != segs.len() {
            continue;
        }
        let mut caps = Vec::new();
        let ok = pat.iter().zip(&segs).all(|(p, s)| {
            if p.starts_with('{') {
                caps.push(*s);
                !s.is_empty()
            } else {
                p == s
            }
        });
        if ok {
            if r.method == method {
                return Ok((r, caps));
            }
            other_method = true;
        }
    }
    Err(other_method)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_segments_win_over_ids() {
        let (r, caps) = match_route("GET", "/tickets/search").expect("route");
        assert_eq!(r.kind, Kind::Search);
        assert!(caps.is_empty());
        let (r, caps) = match_route("GET", "/tickets/412/threads/413").expect("route");
        assert_eq!(r.module, Module::Threads);
        assert_eq!(caps, vec!["412", "413"]);
        assert_eq!(r.stats_key(), "GET /api/v1/tickets/{id}/threads/{threadId}");
    }

    #[test]
    fn unknown_paths_and_methods() {
        assert_eq!(match_route("GET", "/nope").err(), Some(false));
        assert_eq!(match_route("POST", "/tickets").err(), Some(true));
    }

    #[test]
    fn every_route_is_well_formed() {
        for r in ROUTES {
            match r.kind {
                Kind::List | Kind::Search => {
                    assert!(
                        r.params.contains(&"from") && r.params.contains(&"limit"),
                        "{}",
                        r.pattern
                    );
                    assert!(r.limit_max >= r.limit_default && r.limit_default > 0);
                }
                Kind::Unpaged | Kind::Detail => assert!(!r.params.contains(&"from")),
            }
            if r.kind == Kind::Search {
                assert_eq!(r.scopes, SEARCH_READ);
            }
            if !r.include.is_empty() {
                assert!(r.params.contains(&"include"), "{}", r.pattern);
            }
        }
    }
}
