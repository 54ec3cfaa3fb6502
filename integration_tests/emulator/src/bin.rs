//! The recycle bin (`GET /api/v1/recycleBin`, OAS Recyclebin.json): every delete puts its
//! records here with the deletion time; an admin can empty it (Zoho keeps deleted records a
//! limited time, and an administrator can purge them), after which the records are gone from
//! everywhere and only a full refresh notices.
//!
//! A new portal's bin is not empty: two records of each module were deleted long ago (in the
//! first days of the generated history; their ids are outside every module's live range).
//!
//! One delete call stamps all its records with the same `deletedTime` (a mass delete), so the
//! bin has ties that a newest-first walk must not lose. A bin row's `id` is the deleted
//! record's own id.

use crate::admin::TruthRecord;
use crate::api::{Answer, ApiError, Query, page_cost, page_window};
use crate::data::{GEN_START_MS, Module, Store};
use crate::json::Obj;
use crate::render::Proj;
use crate::routes::RouteDef;
use crate::state::Settings;
use crate::timefmt::{format_ts, now_ms};

/// The truth name of the bin (`GET /_admin/truth/recycle_bin`): the connector's stream.
pub const TRUTH_NAME: &str = "recycle_bin";

/// Records of each module already in the bin when the portal is generated.
const SEEDED_PER_MODULE: u32 = 2;

/// One deleted record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BinEntry {
    pub module: Module,
    pub index: u32,
    pub deleted_ms: i64,
}

/// Modules whose deletes land in the bin: (module, `module` filter value, row `type`).
pub const BIN_MODULES: &[(Module, &str, &str)] = &[
    (Module::Tickets, "tickets", "Tickets"),
    (Module::Contacts, "contacts", "Contacts"),
    (Module::Accounts, "accounts", "Accounts"),
    (Module::Tasks, "tasks", "Tasks"),
    (Module::Calls, "calls", "Calls"),
    (Module::Events, "events", "Events"),
    (Module::Contracts, "contracts", "Contracts"),
    (Module::Products, "products", "Products"),
];

/// `module` values the OAS documents that this data set has no records of (empty answers).
const EMPTY_MODULES: &[&str] = &["timeEntry", "topics", "solutions"];

fn type_of(m: Module) -> &'static str {
    BIN_MODULES
        .iter()
        .find(|(b, _, _)| *b == m)
        .map_or("Unknown", |(_, _, t)| t)
}

impl Store {
    /// The bin of a new portal: old deletes, one day apart, oldest first.
    pub(crate) fn seed_bin(&mut self) {
        let mut day = 0;
        for (m, _, _) in BIN_MODULES {
            for k in 0..SEEDED_PER_MODULE {
                day += 1;
                self.bin.push(BinEntry {
                    module: *m,
                    index: u32::MAX - k,
                    deleted_ms: GEN_START_MS + day * 86_400_000,
                });
            }
        }
    }

    /// Puts just-deleted records in the bin, all at one deletion time (never before the last
    /// one, so the bin's order is the order of the deletes).
    pub(crate) fn bin_add(&mut self, m: Module, targets: &[u32]) {
        let at = now_ms().max(self.bin.last().map_or(0, |e| e.deleted_ms));
        self.bin.extend(targets.iter().map(|&index| BinEntry {
            module: m,
            index,
            deleted_ms: at,
        }));
    }

    /// Empties the bin (`older_than_ms`: only entries deleted before it). The records stay
    /// deleted. Returns how many entries left the bin.
    pub fn purge_bin(&mut self, older_than_ms: Option<i64>) -> usize {
        let before = self.bin.len();
        self.bin
            .retain(|e| older_than_ms.is_some_and(|t| e.deleted_ms >= t));
        before - self.bin.len()
    }
}

/// The sort key of a bin row for one `sortBy` name.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Time(i64),
    Text(String),
}

fn department_of(store: &Store, e: &BinEntry) -> Option<u64> {
    let rel = store.tickets.get(e.index as usize);
    rel.filter(|_| e.module == Module::Tickets)
        .map(|r| store.id(Module::Departments, r.dept as u32))
}

/// The bin as ground truth (`parentId` is the row's `type`), or `None` for another name.
pub fn truth(store: &Store, name: &str) -> Option<Vec<TruthRecord>> {
    (name == TRUTH_NAME).then(|| {
        store
            .bin
            .iter()
            .map(|e| TruthRecord {
                id: store.id(e.module, e.index).to_string(),
                created_time: format_ts(e.deleted_ms),
                modified_time: format_ts(e.deleted_ms),
                parent_id: Some(type_of(e.module).to_string()),
            })
            .collect()
    })
}

fn display_name(store: &Store, e: &BinEntry) -> String {
    format!("{} {}", type_of(e.module), store.id(e.module, e.index))
}

/// Answers `GET /recycleBin`: filters (`module`, `departmentId`), order (`sortBy`, default
/// newest deletion first), `from`/`limit` like every list, 204 when nothing matches.
pub(crate) fn answer(
    store: &Store,
    settings: &Settings,
    route: &RouteDef,
    q: &Query<'_>,
    proj: &Proj,
) -> Result<Answer, ApiError> {
    let (limit, skip) = page_window(settings, route, q)?;
    let module = match q.get("module") {
        None => None,
        Some(v) if EMPTY_MODULES.contains(&v) => {
            return Ok(Answer {
                status: 204,
                body: String::new(),
                weight: page_cost(skip),
            });
        }
        Some(v) => Some(
            BIN_MODULES
                .iter()
                .find(|(_, name, _)| *name == v)
                .map(|(m, _, _)| *m)
                .ok_or_else(|| {
                    ApiError::unprocessable(format!("The value '{v}' of 'module' is not allowed."))
                })?,
        ),
    };
    if let Some(v) = q.get("moduleId") {
        // This data set has no module ids (no /modules endpoint): none can match.
        return Err(ApiError::unprocessable(format!(
            "The value '{v}' of 'moduleId' is not a module of this portal."
        )));
    }
    let department = match q.get("departmentId") {
        None => None,
        Some(v) => Some(crate::api::parse_uint("departmentId", v)? as u64),
    };
    let (desc, sort) = match q.get("sortBy") {
        None => (true, "deletedTime"),
        Some(v) => match v.strip_prefix('-') {
            Some(n) => (true, n),
            None => (false, v),
        },
    };
    let key = |e: &BinEntry| -> Result<Key, ApiError> {
        Ok(match sort {
            "deletedTime" => Key::Time(e.deleted_ms),
            "type" => Key::Text(type_of(e.module).to_string()),
            "name" => Key::Text(display_name(store, e)),
            "department" => Key::Time(department_of(store, e).map_or(-1, |d| d as i64)),
            // Every delete is made by the first agent.
            "deletedBy" => Key::Time(0),
            other => {
                return Err(ApiError::unprocessable(format!(
                    "The value '{other}' of 'sortBy' is not allowed; allowed values: \
                     name,type,department,deletedBy,deletedTime (prefix '-' for descending)."
                )));
            }
        })
    };
    let mut rows: Vec<(Key, u64, &BinEntry)> = Vec::new();
    for e in &store.bin {
        if module.is_some_and(|m| m != e.module) {
            continue;
        }
        if department.is_some() && department != department_of(store, e) {
            continue;
        }
        rows.push((key(e)?, store.id(e.module, e.index), e));
    }
    // Ties always by id ascending, as everywhere in the emulator.
    rows.sort_by(|a, b| {
        let by_key = if desc { b.0.cmp(&a.0) } else { a.0.cmp(&b.0) };
        by_key.then(a.1.cmp(&b.1))
    });
    let page: Vec<&BinEntry> = rows.iter().skip(skip).take(limit).map(|r| r.2).collect();
    if page.is_empty() {
        return Ok(Answer {
            status: 204,
            body: String::new(),
            weight: page_cost(skip),
        });
    }
    let mut out = String::from("{\"data\":[");
    for (n, e) in page.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        render(store, e, proj, &mut out);
    }
    out.push_str("]}");
    Ok(Answer {
        status: 200,
        body: out,
        weight: page_cost(skip),
    })
}

fn render(store: &Store, e: &BinEntry, proj: &Proj, out: &mut String) {
    let mut o = Obj::start(out, None);
    let agent = store.id(Module::Agents, 0);
    o.str("displayName", &display_name(store, e));
    o.opt_num_str("departmentId", department_of(store, e));
    o.num_str("deletedById", agent);
    o.num_str("id", store.id(e.module, e.index));
    o.str("type", type_of(e.module));
    o.ts("deletedTime", e.deleted_ms);
    if proj.includes.contains("deletedBy") {
        o.obj("deletedBy", |c| {
            c.null("photoURL");
            c.str("firstName", "Portal");
            c.str("lastName", "Admin");
            c.num_str("id", agent);
            c.str("email", "admin@exampleco.com");
        });
    }
    if proj.includes.contains("department") {
        match department_of(store, e) {
            Some(d) => o.obj("department", |c| {
                c.num_str("id", d);
                c.str("name", "Support");
            }),
            None => o.null("department"),
        }
    }
    o.end();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::EmulatorConfig;
    use crate::data::Selection;

    #[test]
    fn deletes_fill_the_bin_at_one_time_and_purge_empties_it() {
        let mut st = Store::generate(&EmulatorConfig::default());
        let seeded = st.bin.len();
        assert_eq!(seeded, BIN_MODULES.len() * SEEDED_PER_MODULE as usize);
        st.bin.clear();
        let a = st.delete(Module::Accounts, Selection::Count(3)).unwrap();
        // The first delete happened a while ago (both may fall in one millisecond).
        st.bin.iter_mut().for_each(|e| e.deleted_ms -= 10);
        let c = st.delete(Module::Calls, Selection::Count(2)).unwrap();
        assert_eq!(st.bin.len(), 5);
        assert!(st.bin[..3].iter().all(|e| e.module == Module::Accounts));
        assert!(
            st.bin[..3]
                .iter()
                .all(|e| e.deleted_ms == st.bin[0].deleted_ms)
        );
        assert!(st.bin[3].deleted_ms >= st.bin[0].deleted_ms);
        assert_eq!(a.len() + c.len(), 5);
        let later = st.bin[3].deleted_ms;
        assert_eq!(st.purge_bin(Some(later)), 3);
        assert_eq!(st.purge_bin(None), 2);
        // Purged records stay deleted.
        let id = st.id(Module::Accounts, a[0]).to_string();
        assert!(st.find(Module::Accounts, &id).is_none());
    }
}
