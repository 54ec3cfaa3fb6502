//! Ground truth and control: typed operations shared by the HTTP admin API and the
//! in-process `Emulator` helpers.

use serde::{Deserialize, Serialize};

use crate::data::{FIELD_MODULES, Module, NONE, Selection, StoreError};
use crate::state::{Settings, SettingsPatch, Shared, Stats, lock, read, write};
use crate::timefmt::format_ts;

/// One record of `GET /_admin/truth/{module}`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct TruthRecord {
    pub id: String,
    #[serde(rename = "createdTime")]
    pub created_time: String,
    #[serde(rename = "modifiedTime")]
    pub modified_time: String,
    #[serde(rename = "parentId")]
    pub parent_id: Option<String>,
}

/// One record of a touch/create answer.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Stamp {
    pub id: String,
    #[serde(rename = "modifiedTime")]
    pub modified_time: String,
}

/// Body of `POST /_admin/touch` and `POST /_admin/delete`: either `count` or `ids`.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct TouchRequest {
    pub module: String,
    pub count: Option<usize>,
    pub ids: Option<Vec<String>>,
}

impl TouchRequest {
    /// The records a touch or delete body names: exactly one of `count` or `ids`.
    fn selection(&self) -> Result<Selection, AdminError> {
        match (&self.ids, self.count) {
            (Some(ids), None) => Ok(Selection::Ids(ids.clone())),
            (None, Some(c)) => Ok(Selection::Count(c)),
            _ => Err(AdminError::Invalid(
                "give exactly one of 'count' or 'ids'".into(),
            )),
        }
    }
}

/// One record of a delete answer.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Deleted {
    pub id: String,
}

/// Body of `POST /_admin/purge_bin`: empty the bin, or only entries deleted before a time.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct PurgeRequest {
    pub older_than_ms: Option<i64>,
}

/// Body of `POST /_admin/create`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateRequest {
    pub module: String,
    pub count: usize,
}

/// Why an admin operation failed (HTTP 400 / 404 with `{"error": message}`).
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum AdminError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("invalid request: {0}")]
    Invalid(String),
}

/// The module an admin body names (`ticket_comments` is the comments module).
pub(crate) fn module(name: &str) -> Result<Module, AdminError> {
    let name = if name == "ticket_comments" {
        "comments"
    } else {
        name
    };
    Module::from_name(name)
        .ok_or_else(|| AdminError::Store(StoreError::UnknownModule(name.to_string())))
}

/// Which tickets' children a truth module covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TicketScope {
    /// Children of active (listed) tickets only.
    Active,
    /// Children of archived tickets only.
    Archived,
}

/// Aliases: connector stream names that read the same records as another module.
const TRUTH_ALIASES: &[(&str, Module, TicketScope)] = &[
    ("ticket_comments", Module::Comments, TicketScope::Active),
    ("thread_contents", Module::Threads, TicketScope::Active),
    ("tickets_extended", Module::Tickets, TicketScope::Active),
    (
        "archived_tickets_extended",
        Module::ArchivedTickets,
        TicketScope::Archived,
    ),
    (
        "archived_ticket_threads",
        Module::Threads,
        TicketScope::Archived,
    ),
    (
        "archived_ticket_comments",
        Module::Comments,
        TicketScope::Archived,
    ),
    (
        "archived_ticket_attachments",
        Module::TicketAttachments,
        TicketScope::Archived,
    ),
    (
        "archived_ticket_followers",
        Module::TicketFollowers,
        TicketScope::Archived,
    ),
    (
        "archived_ticket_time_entries",
        Module::TicketTimeEntries,
        TicketScope::Archived,
    ),
];

/// Every name `GET /_admin/truth/{name}` accepts.
pub fn truth_names() -> Vec<&'static str> {
    Module::ALL
        .iter()
        .map(|m| m.name())
        .chain(TRUTH_ALIASES.iter().map(|(n, _, _)| *n))
        .chain([crate::bin::TRUTH_NAME])
        .collect()
}

/// The module and ticket scope of a truth name (ticket children default to active tickets).
pub fn truth_module(name: &str) -> Option<(Module, TicketScope)> {
    if let Some((_, m, s)) = TRUTH_ALIASES.iter().find(|(n, _, _)| *n == name) {
        return Some((*m, *s));
    }
    let m = Module::from_name(name)?;
    let scope = if m == Module::ArchivedTickets {
        TicketScope::Archived
    } else {
        TicketScope::Active
    };
    Some((m, scope))
}

impl Shared {
    /// Every record of `module` with its times and parent. Names are the connector's stream
    /// names (plus `threads`, `comments`, `team_members`); see [`truth_module`].
    pub fn truth(&self, name: &str) -> Result<Vec<TruthRecord>, AdminError> {
        if let Some(bin) = crate::bin::truth(&read(&self.store), name) {
            return Ok(bin);
        }
        let (m, scope) = truth_module(name)
            .ok_or_else(|| AdminError::Store(StoreError::UnknownModule(name.to_string())))?;
        let st = read(&self.store);
        // The ticket a record hangs under (for the archived/active split).
        let ticket_of = |i: u32| -> Option<u32> {
            match m {
                Module::Tickets | Module::TicketMetrics | Module::ArchivedTickets => Some(i),
                Module::ThreadAttachments => {
                    Some(st.rec(Module::Threads, st.rec(m, i).parent).parent)
                }
                _ if m.parent_module() == Some(Module::Tickets) => Some(st.rec(m, i).parent),
                _ => None,
            }
        };
        // A deleted record's children go with it (tickets: below, with the archive split).
        let parent_live = |i: u32| match m.parent_module() {
            Some(pm) if pm != Module::Tickets && ticket_of(i).is_none() => {
                !st.is_deleted(pm, st.rec(m, i).parent)
            }
            _ => true,
        };
        let keep = |i: u32| {
            !st.is_deleted(m, i)
                && parent_live(i)
                && match (scope, ticket_of(i)) {
                    (TicketScope::Active, Some(t)) => {
                        t >= st.archived && !st.is_deleted(Module::Tickets, t)
                    }
                    (TicketScope::Archived, Some(t)) => t < st.archived,
                    _ => true,
                }
        };
        let lo = if m == Module::TicketMetrics {
            st.archived
        } else {
            0
        };
        Ok((lo..st.len(m) as u32)
            .filter(|&i| keep(i))
            .map(|i| {
                let r = st.rec(m, i);
                let id = match m {
                    Module::Channels => crate::render::channel_code(i).to_string(),
                    _ => st.id(m, i).to_string(),
                };
                let parent_id = match m {
                    Module::TicketMetrics => Some(st.id(Module::Tickets, i).to_string()),
                    Module::OrganizationFields => {
                        FIELD_MODULES.get(r.parent as usize).map(|s| s.to_string())
                    }
                    _ => m
                        .parent_module()
                        .filter(|_| r.parent != NONE)
                        .map(|pm| st.id(pm, r.parent).to_string()),
                };
                TruthRecord {
                    id,
                    created_time: format_ts(r.created),
                    modified_time: format_ts(r.modified),
                    parent_id,
                }
            })
            .collect())
    }

    fn stamps(&self, m: Module, out: Vec<(u32, i64)>) -> Vec<Stamp> {
        let st = read(&self.store);
        out.into_iter()
            .map(|(i, t)| Stamp {
                id: st.id(m, i).to_string(),
                modified_time: format_ts(t),
            })
            .collect()
    }

    /// Moves records' modifiedTime to now (strictly increasing per module).
    pub fn touch(&self, req: &TouchRequest) -> Result<Vec<Stamp>, AdminError> {
        let m = module(&req.module)?;
        let sel = req.selection()?;
        let out = write(&self.store).touch(m, sel)?;
        Ok(self.stamps(m, out))
    }

    /// Deletes records (`ids`, or `count` seeded random live ones); see `Store::delete`.
    pub fn delete(&self, req: &TouchRequest) -> Result<Vec<Deleted>, AdminError> {
        let m = module(&req.module)?;
        let sel = req.selection()?;
        let mut st = write(&self.store);
        // Ids are read before the delete: a deleted record's id stays what it was.
        let out = st.delete(m, sel)?;
        Ok(out
            .into_iter()
            .map(|i| Deleted {
                id: st.id(m, i).to_string(),
            })
            .collect())
    }

    /// Empties the recycle bin (`older_than_ms`: only what was deleted before then); the
    /// records stay deleted. Returns how many left the bin.
    pub fn purge_bin(&self, req: &PurgeRequest) -> usize {
        write(&self.store).purge_bin(req.older_than_ms)
    }

    /// Creates records now.
    pub fn create(&self, req: &CreateRequest) -> Result<Vec<Stamp>, AdminError> {
        let m = module(&req.module)?;
        let out = write(&self.store).create(m, req.count)?;
        Ok(self.stamps(m, out))
    }

    pub fn settings(&self) -> Settings {
        read(&self.settings).clone()
    }

    pub fn update_settings(&self, patch: SettingsPatch) -> Result<Settings, AdminError> {
        let mut s = write(&self.settings);
        let new_mutator = patch.mutator.is_some();
        s.apply(patch).map_err(AdminError::Invalid)?;
        if new_mutator {
            // A (re)set mutator counts its `every` from this moment.
            self.mutator_requests
                .store(0, std::sync::atomic::Ordering::SeqCst);
        }
        Ok(s.clone())
    }

    pub fn stats(&self) -> Stats {
        self.stats_snapshot()
    }

    /// Every access token issued so far answers 401 INVALID_OAUTH from now on.
    pub fn revoke_tokens(&self) {
        let mut a = lock(&self.auth);
        a.revoked_below = a.next_serial;
    }
}
