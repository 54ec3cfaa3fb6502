//! The generic Desk handler: validates a request against its route-table row and answers it
//! from the store. Pure and synchronous (no I/O), so it is easy to test and fast.

use std::collections::BTreeSet;

use crate::data::{FIELD_MODULES, Module, NONE, NONE16, Seq, SortKey, Store, narrow, walk};
use crate::render::{self, CUSTOM_FIELDS, Proj, REFUSED_FIELDS, fields_of};
use crate::routes::{Kind, RouteDef};
use crate::state::Settings;
use crate::timefmt::{now_ms, parse_ts};

/// Search offsets stop here (Zoho: `from` in 0..=4999).
pub const SEARCH_WINDOW: usize = 5000;
/// At most this many names in `fields`.
pub const MAX_FIELDS: usize = 30;

/// A successful answer.
#[derive(Debug)]
pub struct Answer {
    /// 200, or 204 with an empty body when there are no rows.
    pub status: u16,
    pub body: String,
    /// API credits this call costs.
    pub weight: u64,
}

/// A Desk error answer: `{"errorCode", "message"}`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{status} {code}: {message}")]
pub struct ApiError {
    pub status: u16,
    pub code: &'static str,
    pub message: String,
    /// Extra string members of the error body (e.g. `feature`, `editionType`).
    pub extra: Vec<(&'static str, String)>,
}

impl ApiError {
    pub fn new(status: u16, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            extra: Vec::new(),
        }
    }

    pub fn unprocessable(message: impl Into<String>) -> Self {
        ApiError::new(422, "UNPROCESSABLE_ENTITY", message)
    }

    pub fn not_found() -> Self {
        ApiError::new(
            404,
            "URL_NOT_FOUND",
            "The requested URL was not found on this server.",
        )
    }

    pub fn body(&self) -> String {
        let mut v = serde_json::json!({"errorCode": self.code, "message": self.message});
        for (k, x) in &self.extra {
            v[*k] = serde_json::Value::String(x.clone());
        }
        v.to_string()
    }
}

/// Credits of one list/search page by offset (reference §5.3).
pub fn page_cost(offset: usize) -> u64 {
    match offset {
        0..=2000 => 3,
        2001..=10_000 => 5,
        10_001..=50_000 => 10,
        50_001..=100_000 => 50,
        _ => 100,
    }
}

type Filter<'s> = Box<dyn Fn(u32) -> bool + 's>;

/// Parsed, validated query.
pub(crate) struct Query<'q> {
    pub(crate) pairs: &'q [(String, String)],
}

impl<'q> Query<'q> {
    pub(crate) fn get(&self, k: &str) -> Option<&'q str> {
        self.pairs
            .iter()
            .find(|(kk, _)| kk == k)
            .map(|(_, v)| v.as_str())
    }
}

pub(crate) fn parse_uint(name: &str, v: &str) -> Result<usize, ApiError> {
    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ApiError::unprocessable(format!(
            "The value '{v}' of '{name}' is not a valid non-negative integer."
        )));
    }
    v.parse()
        .map_err(|_| ApiError::unprocessable(format!("The value of '{name}' is too large.")))
}

fn parse_range(name: &str, v: &str) -> Result<(i64, i64), ApiError> {
    let bad = || {
        ApiError::unprocessable(format!(
            "The value of '{name}' must be two timestamps 'yyyy-MM-ddTHH:mm:ss.SSSZ,yyyy-MM-ddTHH:mm:ss.SSSZ'."
        ))
    };
    let (a, b) = v.split_once(',').ok_or_else(bad)?;
    let (a, b) = (
        parse_ts(a.trim()).ok_or_else(bad)?,
        parse_ts(b.trim()).ok_or_else(bad)?,
    );
    if a > b {
        return Err(ApiError::unprocessable(format!(
            "The start of '{name}' is after its end."
        )));
    }
    Ok((a, b))
}

/// Presets of `timeRange` (`GET /articleFeedbacks`) and their length in ms.
pub const TIME_RANGE_PRESETS: &[(&str, i64)] = &[
    ("LAST_24_HRS", 86_400_000),
    ("LAST_7_DAYS", 7 * 86_400_000),
    ("LAST_30_DAYS", 30 * 86_400_000),
    ("LAST_365_DAYS", 365 * 86_400_000),
];
/// Zoho applies this preset when `timeRange` is absent.
pub const TIME_RANGE_DEFAULT: &str = "LAST_7_DAYS";

/// `timeRange`: a preset relative to `now` (open-ended above, so records stamped "now" by
/// the admin API are in it) or a custom inclusive range of two `yyyy-MM-ddTHH:mm:ss.SSSZ`
/// timestamps. Absent means LAST_7_DAYS, like Zoho.
fn time_range(v: Option<&str>, now: i64) -> Result<(i64, i64), ApiError> {
    let v = v.unwrap_or(TIME_RANGE_DEFAULT);
    if let Some((_, len)) = TIME_RANGE_PRESETS.iter().find(|(n, _)| *n == v) {
        return Ok((now - len, i64::MAX));
    }
    let bad = || {
        let presets: Vec<&str> = TIME_RANGE_PRESETS.iter().map(|(n, _)| *n).collect();
        ApiError::unprocessable(format!(
            "The value '{v}' of 'timeRange' must be one of {} or 'yyyy-MM-ddTHH:mm:ss.SSSZ,yyyy-MM-ddTHH:mm:ss.SSSZ'.",
            presets.join(",")
        ))
    };
    // Strict form: exactly `yyyy-MM-ddTHH:mm:ss.SSSZ` on both sides, no spaces.
    let strict = |t: &str| t.len() == 24 && t.as_bytes()[19] == b'.' && !t.contains(' ');
    let (a, b) = v.split_once(',').ok_or_else(bad)?;
    if !strict(a) || !strict(b) {
        return Err(bad());
    }
    let (a, b) = (parse_ts(a).ok_or_else(bad)?, parse_ts(b).ok_or_else(bad)?);
    if a > b {
        return Err(ApiError::unprocessable(
            "The start of 'timeRange' is after its end.",
        ));
    }
    Ok((a, b))
}

fn id_list(store: &Store, m: Module, name: &str, v: &str) -> Result<BTreeSet<u32>, ApiError> {
    let mut out = BTreeSet::new();
    for part in v.split(',') {
        if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ApiError::unprocessable(format!(
                "The value '{part}' of '{name}' is not a valid id."
            )));
        }
        // A well-formed id that matches nothing filters everything out (like Zoho).
        out.insert(store.find(m, part).unwrap_or(NONE));
    }
    Ok(out)
}

fn bool_param(name: &str, v: &str) -> Result<bool, ApiError> {
    match v {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(ApiError::unprocessable(format!(
            "The value of '{name}' must be true or false."
        ))),
    }
}

fn projection(route: &RouteDef, q: &Query<'_>) -> Result<Proj, ApiError> {
    let mut p = Proj::default();
    if let Some(v) = q.get("include") {
        for part in v.split(',') {
            if !route.include.contains(&part) {
                return Err(ApiError::unprocessable(format!(
                    "The value '{part}' of 'include' is not allowed; allowed values: {}.",
                    route.include.join(",")
                )));
            }
            p.includes.insert(part.to_string());
        }
    }
    if let Some(v) = q.get("fields") {
        let known = fields_of(route.module).unwrap_or(&[]);
        let names: Vec<&str> = v.split(',').collect();
        if names.len() > MAX_FIELDS {
            return Err(ApiError::unprocessable(format!(
                "'fields' accepts at most {MAX_FIELDS} names."
            )));
        }
        let mut set: BTreeSet<String> = ["id".to_string()].into();
        let mut cf = BTreeSet::new();
        for n in names {
            if REFUSED_FIELDS.contains(&n) {
                return Err(ApiError::unprocessable(format!(
                    "The field '{n}' cannot be requested in 'fields'."
                )));
            }
            let custom = CUSTOM_FIELDS
                .iter()
                .find(|f| f.module == route.module && f.api_name == n);
            if custom.is_some_and(|f| f.ftype == "Textarea") {
                // Reference: `fields` takes pre-defined or custom fields, but not multi-line text.
                return Err(ApiError::unprocessable(format!(
                    "The multi-line field '{n}' cannot be requested in 'fields'."
                )));
            }
            if custom.is_some() {
                cf.insert(n.to_string());
                set.insert("cf".into());
            } else if known.contains(&n) {
                set.insert(n.to_string());
            } else {
                // Observed: an unknown name in `fields` makes Zoho fail with a 500.
                return Err(ApiError::new(
                    500,
                    "INTERNAL_SERVER_ERROR",
                    "An internal server error occurred.",
                ));
            }
        }
        // Included secondary objects stay visible.
        for inc in &p.includes {
            set.insert(
                match inc.as_str() {
                    "contacts" => "contact",
                    "departments" => "department",
                    "products" => "product",
                    "accounts" => "account",
                    other => other,
                }
                .to_string(),
            );
        }
        p.fields = Some(set);
        p.cf_only = Some(cf);
    }
    Ok(p)
}

/// Answers one Desk request. `caps` are the `{id}` captures of the route pattern.
pub fn execute(
    store: &Store,
    settings: &Settings,
    route: &RouteDef,
    caps: &[&str],
    pairs: &[(String, String)],
) -> Result<Answer, ApiError> {
    // 1. Parameter names: unknown and repeated names are refused, like Zoho.
    let mut seen = BTreeSet::new();
    for (k, _) in pairs {
        if !route.params.contains(&k.as_str()) {
            return Err(ApiError::unprocessable(format!(
                "Extra query parameter '{k}' is present in the input."
            )));
        }
        if !seen.insert(k.as_str()) {
            return Err(ApiError::unprocessable(format!(
                "Query parameter '{k}' is repeated."
            )));
        }
    }
    for r in route.required {
        if !seen.contains(r) {
            return Err(ApiError::unprocessable(format!(
                "The parameter '{r}' is mandatory and is missing in the input."
            )));
        }
    }
    // Ghost records: listed, but their detail and children are gone.
    if !settings.ghost_ids.is_empty() {
        let qp = route
            .query_parent
            .and_then(|qp| pairs.iter().find(|(k, _)| k == qp.param))
            .map(|(_, v)| v.as_str());
        if caps
            .iter()
            .copied()
            .chain(qp)
            .any(|c| settings.ghost_ids.iter().any(|g| g == c))
        {
            return Err(ApiError::not_found());
        }
    }
    let q = Query { pairs };
    let proj = projection(route, &q)?;
    let m = route.module;
    let mut out = String::new();

    match route.kind {
        Kind::ParentObject => {
            let pm = route.parent.unwrap_or(Module::Tickets);
            let i = caps
                .first()
                .and_then(|c| store.find(pm, c))
                .ok_or_else(ApiError::not_found)?;
            render::render(store, m, i, route.view, &proj, &mut out);
            Ok(Answer {
                status: 200,
                body: out,
                weight: 1,
            })
        }
        Kind::Detail => {
            let i = match route.parent {
                Some(pm) => {
                    let parent = caps
                        .first()
                        .and_then(|c| store.find(pm, c))
                        .ok_or_else(ApiError::not_found)?;
                    let i = caps
                        .get(1)
                        .and_then(|c| store.find(m, c))
                        .ok_or_else(ApiError::not_found)?;
                    if store.rec(m, i).parent != parent {
                        return Err(ApiError::not_found());
                    }
                    i
                }
                None => caps
                    .first()
                    .and_then(|c| store.find(m, c))
                    .ok_or_else(ApiError::not_found)?,
            };
            render::render(store, m, i, route.view, &proj, &mut out);
            Ok(Answer {
                status: 200,
                body: out,
                weight: 1,
            })
        }
        Kind::Unpaged => {
            let rows: Vec<u32> = match parent_of(store, route, caps, &q)? {
                Some(t) if m == Module::TeamMembers => store.members_of(t).collect(),
                Some(t) => {
                    let seq = store.children(m, t);
                    (0..seq.len()).map(|p| seq.get(p)).collect()
                }
                None => (store.first(m)..store.len(m) as u32)
                    .filter(|&i| !store.is_deleted(m, i))
                    .collect(),
            };
            Ok(rows_answer(store, route, &proj, &rows, 1, &mut out))
        }
        Kind::List | Kind::Search => paged(store, settings, route, caps, &q, &proj, &mut out),
        Kind::Bin => crate::bin::answer(store, settings, route, &q, &proj),
        Kind::Dashboard => crate::dashboards::answer(store, route.pattern, pairs),
    }
}

fn rows_answer(
    store: &Store,
    route: &RouteDef,
    proj: &Proj,
    rows: &[u32],
    weight: u64,
    out: &mut String,
) -> Answer {
    if rows.is_empty() {
        // Zoho answers "no rows" with 204 and an empty body, never {"data":[]}.
        return Answer {
            status: 204,
            body: String::new(),
            weight,
        };
    }
    out.reserve(rows.len() * 1500);
    out.push_str("{\"");
    out.push_str(route.wrapper);
    out.push_str("\":[");
    for (n, &i) in rows.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        render::render(store, route.module, i, route.view, proj, out);
    }
    out.push_str("]}");
    Answer {
        status: 200,
        body: std::mem::take(out),
        weight,
    }
}

/// The `limit` and the number of rows to skip of a paged request, refused like Zoho refuses
/// them (shared by every paged endpoint, the recycle bin too).
pub(crate) fn page_window(
    settings: &Settings,
    route: &RouteDef,
    q: &Query<'_>,
) -> Result<(usize, usize), ApiError> {
    let max = settings
        .limit_overrides
        .get(&route.stats_key())
        .copied()
        .unwrap_or(route.limit_max);
    let limit = match q.get("limit") {
        None => route.limit_default.min(max),
        Some(v) => {
            let l = parse_uint("limit", v).map_err(|_| {
                ApiError::unprocessable(format!(
                    "The value of 'limit' must be in the range 1-{max}."
                ))
            })?;
            if !(1..=max).contains(&l) {
                return Err(ApiError::unprocessable(format!(
                    "The value of 'limit' must be in the range 1-{max}."
                )));
            }
            l
        }
    };
    let from = match q.get("from") {
        None => None,
        Some(v) => Some(parse_uint("from", v)?),
    };
    // Lists count from 1 (0 behaves like 1); searches count from 0 inside a 5000-row window.
    let skip = match route.kind {
        Kind::Search => {
            let f = from.unwrap_or(0);
            if f >= SEARCH_WINDOW {
                return Err(ApiError::unprocessable(format!(
                    "The value of 'from' must be in the range 0-{}.",
                    SEARCH_WINDOW - 1
                )));
            }
            if settings.search_strict_window && f + limit > SEARCH_WINDOW {
                return Err(ApiError::unprocessable(format!(
                    "'from' + 'limit' must not exceed {SEARCH_WINDOW} on search."
                )));
            }
            f
        }
        _ => {
            if from == Some(0) && settings.list_from_zero == "reject" {
                return Err(ApiError::unprocessable(
                    "The value of 'from' must be at least 1 (list offsets start at 1).",
                ));
            }
            from.unwrap_or(1).max(1) - 1
        }
    };

    Ok((limit, skip))
}

fn paged(
    store: &Store,
    settings: &Settings,
    route: &RouteDef,
    caps: &[&str],
    q: &Query<'_>,
    proj: &Proj,
    out: &mut String,
) -> Result<Answer, ApiError> {
    let m = route.module;
    let (limit, skip) = page_window(settings, route, q)?;
    // Order.
    let (sort_key, desc) = match q.get("sortBy") {
        None => (route.default_sort.1, route.default_desc),
        Some(v) => {
            let (desc, name) = match v.strip_prefix('-') {
                Some(n) => (true, n),
                None => (false, v),
            };
            let extra = settings.list_sort_modified_time
                && route.kind == Kind::List
                && m == Module::Tickets
                && name == "modifiedTime";
            match route.sort_by.iter().find(|(n, _)| *n == name) {
                Some((_, k)) => (*k, desc),
                None if extra => (SortKey::Modified, desc),
                None => {
                    let allowed: Vec<&str> = route.sort_by.iter().map(|(n, _)| *n).collect();
                    return Err(ApiError::unprocessable(format!(
                        "The value '{v}' of 'sortBy' is not allowed; allowed values: {} (prefix '-' for descending).",
                        allowed.join(",")
                    )));
                }
            }
        }
    };

    // Candidate sequence.
    let parent = parent_of(store, route, caps, q)?;
    let (seq, key_module): (Seq<'_>, Module) = match parent {
        Some(t) => (store.children(m, t), m),
        None => (store.seq(m, sort_key), m),
    };
    let key = |i: u32| store.key(key_module, sort_key, i);

    // Filters; a time range on the sort key narrows the index by binary search instead.
    let mut filters: Vec<Filter<'_>> = Vec::new();
    let mut seq = seq;
    let mut ranges = Vec::new();
    for (pname, pkey) in [
        ("modifiedTimeRange", SortKey::Modified),
        ("createdTimeRange", SortKey::Created),
        ("customerResponseTimeRange", SortKey::CustomerResponse),
    ] {
        if let Some(v) = q.get(pname) {
            ranges.push((parse_range(pname, v)?, pkey));
        }
    }
    if route.params.contains(&"timeRange") {
        // Always applied: no `timeRange` means the last 7 days.
        ranges.push((time_range(q.get("timeRange"), now_ms())?, SortKey::Created));
    }
    for ((lo, hi), pkey) in ranges {
        if pkey == sort_key && parent.is_none() {
            let (a, b) = narrow(seq, key, lo, hi);
            seq = match seq {
                Seq::Range(s, _) => Seq::Range(s + a as u32, b - a),
                Seq::Slice(s) => Seq::Slice(&s[a..b]),
            };
        } else {
            filters.push(Box::new(move |i| {
                (lo..=hi).contains(&store.key(m, pkey, i))
            }));
        }
    }
    add_filters(store, route, q, &mut filters)?;

    // A capped route is silently short: fewer rows than asked although more exist.
    let served = settings
        .page_caps
        .get(&route.stats_key())
        .map_or(limit, |&cap| limit.min(cap));
    let rows = if filters.is_empty() {
        walk(seq, key, desc, None, skip, served)
    } else {
        let f = |i: u32| filters.iter().all(|g| g(i));
        walk(seq, key, desc, Some(&f), skip, served)
    };
    Ok(rows_answer(store, route, proj, &rows, page_cost(skip), out))
}

/// The parent record of a child route: the first path capture, or the query parameter named
/// by `query_parent` (None for top-level routes). Unknown parents answer 404.
fn parent_of(
    store: &Store,
    route: &RouteDef,
    caps: &[&str],
    q: &Query<'_>,
) -> Result<Option<u32>, ApiError> {
    if let Some(pm) = route.parent {
        return caps
            .first()
            .and_then(|c| store.find(pm, c))
            .map(Some)
            .ok_or_else(ApiError::not_found);
    }
    let Some(qp) = route.query_parent else {
        return Ok(None);
    };
    let Some(v) = q.get(qp.param) else {
        if qp.required {
            return Err(ApiError::unprocessable(format!(
                "The parameter '{}' is mandatory and is missing in the input.",
                qp.param
            )));
        }
        // Optional: the default (first) parent.
        return Ok(Some(0));
    };
    if qp.module == Module::OrganizationFields {
        return FIELD_MODULES
            .iter()
            .position(|n| *n == v)
            .map(|p| Some(p as u32))
            .ok_or_else(|| {
                ApiError::unprocessable(format!(
                    "The value '{v}' of 'module' is not allowed; allowed values: {}.",
                    FIELD_MODULES.join(",")
                ))
            });
    }
    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ApiError::unprocessable(format!(
            "The value '{v}' of '{}' is not a valid id.",
            qp.param
        )));
    }
    store
        .find(qp.module, v)
        .map(Some)
        .ok_or_else(ApiError::not_found)
}

fn epoch_param(name: &str, v: &str) -> Result<i64, ApiError> {
    v.parse::<i64>().ok().filter(|x| *x >= 0).ok_or_else(|| {
        ApiError::unprocessable(format!("The value of '{name}' must be epoch milliseconds."))
    })
}

/// Equality filters named by the route's parameter list.
fn add_filters<'s>(
    store: &'s Store,
    route: &RouteDef,
    q: &Query<'_>,
    filters: &mut Vec<Filter<'s>>,
) -> Result<(), ApiError> {
    let tickets = &store.tickets;
    for (name, v) in q.pairs {
        let v = v.as_str();
        let f: Filter<'s> = match (route.module, name.as_str()) {
            (Module::Tickets, "departmentId" | "departmentIds") => {
                let set = id_list(store, Module::Departments, name, v)?;
                Box::new(move |i| {
                    set.contains(&(tickets[i as usize].dept as u32))
                        && tickets[i as usize].dept != NONE16
                })
            }
            (Module::Tickets, "assigneeId" | "assignee") => {
                if name == "assignee" && v == "Unassigned" {
                    Box::new(move |i| tickets[i as usize].assignee == NONE16)
                } else {
                    let set = id_list(store, Module::Agents, name, v)?;
                    Box::new(move |i| {
                        set.contains(&(tickets[i as usize].assignee as u32))
                            && tickets[i as usize].assignee != NONE16
                    })
                }
            }
            (Module::Tickets, "contactId") => {
                let set = id_list(store, Module::Contacts, name, v)?;
                Box::new(move |i| set.contains(&tickets[i as usize].contact))
            }
            (Module::Tickets, "accountId") => {
                let set = id_list(store, Module::Accounts, name, v)?;
                Box::new(move |i| {
                    let c = tickets[i as usize].contact;
                    c != NONE && set.contains(&store.contact_account[c as usize])
                })
            }
            (Module::Contacts, "accountId") => {
                let set = id_list(store, Module::Accounts, name, v)?;
                Box::new(move |i| set.contains(&store.contact_account[i as usize]))
            }
            (Module::Tickets, "status") => {
                let wanted: BTreeSet<String> = v.split(',').map(str::to_string).collect();
                Box::new(move |i| {
                    let (s, t) = render::ticket_status(store, i);
                    wanted.contains(s) || wanted.contains(t)
                })
            }
            (Module::Tickets, "priority") => {
                let wanted: BTreeSet<String> = v.split(',').map(str::to_string).collect();
                Box::new(move |i| wanted.contains(render::ticket_priority(store, i)))
            }
            (Module::Tickets, "channel") => {
                let wanted: BTreeSet<String> = v.split(',').map(str::to_string).collect();
                Box::new(move |i| wanted.contains(render::ticket_channel(store, i).0))
            }
            (Module::Agents, "status") => {
                if v != "ACTIVE" && v != "DISABLED" {
                    return Err(ApiError::unprocessable(
                        "The value of 'status' must be ACTIVE or DISABLED.",
                    ));
                }
                let v = v.to_string();
                Box::new(move |i| render::agent_status(store, i) == v)
            }
            (
                Module::Tasks
                | Module::Calls
                | Module::Events
                | Module::Contracts
                | Module::Products
                | Module::CustomerHappiness,
                "departmentId" | "department",
            ) => {
                if v == "allDepartment" && name == "department" {
                    continue;
                }
                let set = id_list(store, Module::Departments, name, v)?;
                let m = route.module;
                Box::new(move |i| set.contains(&store.extra(m, i)))
            }
            (Module::Contracts, "departmentIds") => {
                let set = id_list(store, Module::Departments, name, v)?;
                Box::new(move |i| set.contains(&store.extra(Module::Contracts, i)))
            }
            (Module::Agents, "departmentIds") => {
                let set = id_list(store, Module::Departments, name, v)?;
                Box::new(move |i| {
                    render::agent_departments(store, i)
                        .iter()
                        .any(|d| set.contains(d))
                })
            }
            (Module::CustomerHappiness, "startTime") => {
                let lo = epoch_param(name, v)?;
                Box::new(move |i| store.rec(Module::CustomerHappiness, i).created >= lo)
            }
            (Module::CustomerHappiness, "endTime") => {
                let hi = epoch_param(name, v)?;
                Box::new(move |i| store.rec(Module::CustomerHappiness, i).created <= hi)
            }
            (Module::CustomerHappiness, "rating") => {
                if !["good", "ok", "bad"].contains(&v) {
                    return Err(ApiError::unprocessable(
                        "The value of 'rating' must be good, ok or bad.",
                    ));
                }
                let v = v.to_string();
                Box::new(move |i| render::happiness_rating_of(store, i) == v)
            }
            (Module::ArticleFeedbacks, "departmentIds") => {
                let set = id_list(store, Module::Departments, name, v)?;
                Box::new(move |i| {
                    let art = store.rec(Module::ArticleFeedbacks, i).parent;
                    let d = store.extra(Module::Articles, art);
                    d != NONE && set.contains(&d)
                })
            }
            (Module::ArticleFeedbacks, "rootCategoryIds") => {
                let set = id_list(store, Module::KbCategories, name, v)?;
                Box::new(move |i| {
                    let art = store.rec(Module::ArticleFeedbacks, i).parent;
                    render::article_category(store, art).is_some_and(|c| set.contains(&c))
                })
            }
            (Module::ArticleFeedbacks, "locale") => {
                let ok = !v.is_empty()
                    && v.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
                if !ok {
                    return Err(ApiError::unprocessable(format!(
                        "The value '{v}' of 'locale' is not a valid locale."
                    )));
                }
                // Every generated article is in `en`.
                let want = v == render::ARTICLE_LOCALE;
                Box::new(move |_| want)
            }
            (Module::Departments, "isEnabled") => {
                // Every generated department is enabled.
                let want = bool_param(name, v)?;
                Box::new(move |_| want)
            }
            _ => continue,
        };
        filters.push(f);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::EmulatorConfig;
    use crate::routes::match_route;

    fn setup() -> (Store, Settings) {
        let cfg = EmulatorConfig {
            tickets: 300,
            ..Default::default()
        };
        (Store::generate(&cfg), Settings::from_config(&cfg))
    }

    fn run(
        store: &Store,
        s: &Settings,
        path: &str,
        q: &[(&str, &str)],
    ) -> Result<Answer, ApiError> {
        let (r, caps) = match_route("GET", path).expect("route");
        let pairs: Vec<(String, String)> = q
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        execute(store, s, r, &caps, &pairs)
    }

    fn ids(a: &Answer) -> Vec<String> {
        let v: serde_json::Value = serde_json::from_str(&a.body).expect("json");
        v["data"]
            .as_array()
            .expect("data")
            .iter()
            .map(|r| r["id"].as_str().unwrap_or("").to_string())
            .collect()
    }

    #[test]
    fn time_range_presets_custom_and_default() {
        let now = 1_800_000_000_000;
        assert_eq!(time_range(None, now), Ok((now - 7 * 86_400_000, i64::MAX)));
        assert_eq!(
            time_range(Some("LAST_24_HRS"), now),
            Ok((now - 86_400_000, i64::MAX))
        );
        assert_eq!(
            time_range(Some("LAST_365_DAYS"), now).map(|r| r.0),
            Ok(now - 365 * 86_400_000)
        );
        assert_eq!(
            time_range(
                Some("2024-01-15T10:20:30.000Z,2024-01-15T10:20:30.118Z"),
                now
            ),
            Ok((1_705_314_030_000, 1_705_314_030_118))
        );
        for bad in [
            "LAST_2_DAYS",
            "2024-01-15T10:20:30Z,2024-01-15T10:20:31Z",
            "2024-01-15T10:20:31.000Z,2024-01-15T10:20:30.000Z",
            "2024-01-15T10:20:30.000Z",
        ] {
            let e = time_range(Some(bad), now).expect_err(bad);
            assert!(e.message.contains("'timeRange'"), "{bad}");
        }
    }

    #[test]
    fn costs_follow_offsets() {
        assert_eq!(page_cost(0), 3);
        assert_eq!(page_cost(2000), 3);
        assert_eq!(page_cost(2001), 5);
        assert_eq!(page_cost(10_001), 10);
        assert_eq!(page_cost(100_001), 100);
    }

    #[test]
    fn list_from_zero_equals_from_one() {
        let (st, s) = setup();
        let a = run(&st, &s, "/tickets", &[("from", "0"), ("limit", "5")]).expect("ok");
        let b = run(&st, &s, "/tickets", &[("from", "1"), ("limit", "5")]).expect("ok");
        let c = run(&st, &s, "/tickets", &[("from", "2"), ("limit", "5")]).expect("ok");
        assert_eq!(ids(&a), ids(&b));
        assert_eq!(ids(&a)[1], ids(&c)[0]);
    }

    #[test]
    fn search_refuses_from_5000_and_respects_strict_window() {
        let (st, mut s) = setup();
        let e = run(&st, &s, "/tickets/search", &[("from", "5000")]).expect_err("refused");
        assert_eq!(e.status, 422);
        assert!(e.message.contains("from"));
        assert_eq!(
            run(
                &st,
                &s,
                "/tickets/search",
                &[("from", "4999"), ("limit", "100")]
            )
            .map(|a| a.status),
            Ok(204)
        );
        s.search_strict_window = true;
        assert!(
            run(
                &st,
                &s,
                "/tickets/search",
                &[("from", "4950"), ("limit", "100")]
            )
            .is_err()
        );
    }

    #[test]
    fn fields_projection_rules() {
        let (st, s) = setup();
        let a = run(
            &st,
            &s,
            "/tickets",
            &[("fields", "modifiedTime,cf_region"), ("limit", "1")],
        )
        .expect("ok");
        let v: serde_json::Value = serde_json::from_str(&a.body).expect("json");
        let row = v["data"][0].as_object().expect("row");
        let keys: BTreeSet<&str> = row.keys().map(|k| k.as_str()).collect();
        assert_eq!(keys, ["cf", "id", "modifiedTime"].into());
        assert_eq!(row["cf"].as_object().map(|o| o.len()), Some(1));
        let e = run(&st, &s, "/tickets", &[("fields", "nonsense")]).expect_err("500");
        assert_eq!(e.status, 500);
        let e = run(&st, &s, "/tickets", &[("fields", "isArchived")]).expect_err("422");
        assert_eq!(e.status, 422);
        let e = run(&st, &s, "/tickets", &[("fields", "cf_escalation_notes")]).expect_err("422");
        assert_eq!(e.status, 422);
        let many: Vec<&str> = crate::render::TICKET_FIELDS
            .iter()
            .take(31)
            .copied()
            .collect();
        let e = run(&st, &s, "/tickets", &[("fields", &many.join(","))]).expect_err("too many");
        assert_eq!(e.status, 422);
    }

    #[test]
    fn filters_filter() {
        let (st, s) = setup();
        let a = run(
            &st,
            &s,
            "/tickets",
            &[("status", "Closed"), ("limit", "100")],
        )
        .expect("ok");
        let v: serde_json::Value = serde_json::from_str(&a.body).expect("json");
        let rows = v["data"].as_array().expect("rows");
        assert!(!rows.is_empty());
        assert!(rows.iter().all(|r| r["status"] == "Closed"));
        let e = run(&st, &s, "/tickets", &[("departmentIds", "abc")]).expect_err("bad id");
        assert_eq!(e.status, 422);
    }
}
