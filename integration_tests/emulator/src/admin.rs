//! Ground truth and control: typed operations shared by the HTTP admin API and the
//! in-process `Emulator` helpers.

use serde::{Deserialize, Serialize};

use crate::data::{Module, NONE, Selection, StoreError};
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

/// Body of `POST /_admin/touch`: either `count` or `ids`.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct TouchRequest {
    pub module: String,
    pub count: Option<usize>,
    pub ids: Option<Vec<String>>,
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

fn module(name: &str) -> Result<Module, AdminError> {
    Module::from_name(name)
        .ok_or_else(|| AdminError::Store(StoreError::UnknownModule(name.to_string())))
}

impl Shared {
    /// Every record of `module` with its times and parent.
    pub fn truth(&self, name: &str) -> Result<Vec<TruthRecord>, AdminError> {
        let m = module(name)?;
        let st = read(&self.store);
        let parent_module = match m {
            Module::Threads | Module::Comments => Some(Module::Tickets),
            Module::TeamMembers => Some(Module::Teams),
            _ => None,
        };
        Ok((0..st.len(m) as u32)
            .map(|i| {
                let r = st.rec(m, i);
                TruthRecord {
                    id: st.id(m, i).to_string(),
                    created_time: format_ts(r.created),
                    modified_time: format_ts(r.modified),
                    parent_id: parent_module
                        .filter(|_| r.parent != NONE)
                        .map(|pm| st.id(pm, r.parent).to_string()),
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
        let sel = match (&req.ids, req.count) {
            (Some(ids), None) => Selection::Ids(ids.clone()),
            (None, Some(c)) => Selection::Count(c),
            _ => {
                return Err(AdminError::Invalid(
                    "give exactly one of 'count' or 'ids'".into(),
                ));
            }
        };
        let out = write(&self.store).touch(m, sel)?;
        Ok(self.stamps(m, out))
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
        s.apply(patch).map_err(AdminError::Invalid)?;
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
