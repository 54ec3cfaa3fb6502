//! The search endpoints of tasks, calls, events and products (OAS Search.json `searchTasks`,
//! `searchCalls`, `searchEvents`, `searchProducts`): the only way Zoho offers to read those
//! modules by `modifiedTime`, since their lists sort by creation or start time only.
//!
//! Each is a `Kind::Search` row of the route table built by [`search`], served by the generic
//! handler from the `Created`/`Modified` indexes that [`INDEXED`] asks the store to keep.

use crate::data::{Module, SortKey};
use crate::routes::{Kind, RouteDef, SortDef, View};

/// Modules searched by time: the store keeps them sorted by these keys (and re-sorts on every
/// edit), so `sortBy=modifiedTime` and `modifiedTimeRange` are exact, as for tickets.
pub const INDEXED: &[(Module, &[SortKey])] = &[
    (Module::Tasks, TIMES),
    (Module::Calls, TIMES),
    (Module::Events, TIMES),
    (Module::Products, TIMES),
];

const TIMES: &[SortKey] = &[SortKey::Created, SortKey::Modified];

/// The parameters these searches share that the emulator serves (a subset of the OAS lists in
/// `oas/activities.json`; every other one is refused as an extra parameter).
const PARAMS: &[&str] = &[
    "from",
    "limit",
    "sortBy",
    "modifiedTimeRange",
    "createdTimeRange",
    "departmentId",
];

/// `sortBy` values served; `relevance` (the default) is id order here.
const SORTS: &[SortDef] = &[
    ("modifiedTime", SortKey::Modified),
    ("createdTime", SortKey::Created),
    ("relevance", SortKey::Id),
];

/// One `/…/search` row: 0-based `from` inside the search window, limit 1-100 (default 10),
/// the search projection (rows carry `modifiedTime`), the search scope.
pub const fn search(pattern: &'static str, module: Module) -> RouteDef {
    RouteDef {
        method: "GET",
        pattern,
        module,
        kind: Kind::Search,
        view: View::Search,
        wrapper: "data",
        limit_max: 100,
        limit_default: 10,
        params: PARAMS,
        sort_by: SORTS,
        default_sort: ("relevance", SortKey::Id),
        default_desc: false,
        include: &[],
        scopes: &["Desk.search.READ"],
        parent: None,
        needs_org: true,
        query_parent: None,
        required: &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::match_route;

    #[test]
    fn every_search_route_is_matched_before_any_id_route() {
        for (pattern, m) in [
            ("/tasks/search", Module::Tasks),
            ("/calls/search", Module::Calls),
            ("/events/search", Module::Events),
            ("/products/search", Module::Products),
        ] {
            let (r, caps) = match_route("GET", pattern).expect(pattern);
            assert_eq!((r.kind, r.module), (Kind::Search, m), "{pattern}");
            assert!(caps.is_empty());
            assert!(INDEXED.iter().any(|(x, _)| *x == m), "{pattern}");
        }
    }
}
