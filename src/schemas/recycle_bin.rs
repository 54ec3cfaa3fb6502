//! The recycle bin's row (`GET /recycleBin`, OAS Recyclebin.json `recycleBinKeys`, plus the
//! objects `include=deletedBy,department` adds).

use schemars::JsonSchema;

use super::scalars::{DateTime, Id};

/// One deleted record. `id` is the record's own id; `type` names its module (`Tickets`).
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RecycleBinEntry {
    pub id: Id,
    /// A string in the OAS schema (its examples show a one-item list: UNCERTAIN; passed
    /// through as sent). Part of the primary key.
    #[serde(rename = "type")]
    pub kind: String,
    pub display_name: Option<String>,
    pub deleted_time: Option<DateTime>,
    pub deleted_by_id: Option<Id>,
    pub department_id: Option<Id>,
    pub deleted_by: Option<DeletedBy>,
    pub department: Option<BinDepartment>,
}

/// The agent who deleted the record (`include=deletedBy`).
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeletedBy {
    pub id: Option<Id>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    #[serde(rename = "photoURL")]
    pub photo_url: Option<String>,
}

/// The record's department (`include=department`).
#[derive(JsonSchema)]
pub struct BinDepartment {
    pub id: Option<Id>,
    pub name: Option<String>,
}
