//! Schemas of the `dashboard_…` streams (Zoho's dashboard metrics, OAS DashboardMetrics.json):
//! one row of a day's answer plus the `day` and `groupKey` the connector adds (their key).

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use super::scalars::Date;
use super::{Def, generate};

/// A number the OAS types as a string or an integer (`count`, `referenceValue`).
pub struct Number;

impl JsonSchema for Number {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Number")
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({"type": ["string", "integer"]})
    }
}

/// A count of tickets or responses in one group of one day (`countArrayObject`).
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CountRow {
    /// The day asked (`yyyy-MM-dd`, the portal's calendar day), added by the connector.
    pub day: Date,
    /// The agent's id (`referenceValue`) where Zoho gives one, else the group's name
    /// (`value`: the date or the channel), added by the connector.
    pub group_key: String,
    pub count: Option<Number>,
    /// The date, channel or agent name of the group.
    pub value: Option<String>,
    /// The agent's id when grouped by agent, else null.
    pub reference_value: Option<Number>,
}

/// Response times of one group of one day (`responseTimeObject`); durations read `"HH:MM hrs"`.
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ResponseTimeRow {
    /// The day asked (`yyyy-MM-dd`, the portal's calendar day), added by the connector.
    pub day: Date,
    /// The agent's id where Zoho gives one, else the group's name, added by the connector.
    pub group_key: String,
    pub response_count: Option<Number>,
    /// Average over business hours.
    pub avg_agent_time: Option<String>,
    /// Average over calendar time.
    pub avg_system_time: Option<String>,
    pub value: Option<String>,
    pub reference_value: Option<Number>,
}

/// Resolution times of one group of one day (`resolutionTimeObject`).
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ResolutionTimeRow {
    /// The day asked (`yyyy-MM-dd`, the portal's calendar day), added by the connector.
    pub day: Date,
    /// The agent's id where Zoho gives one, else the group's name, added by the connector.
    pub group_key: String,
    pub ticket_count: Option<Number>,
    pub avg_agent_time: Option<String>,
    pub avg_system_time: Option<String>,
    pub value: Option<String>,
    pub reference_value: Option<Number>,
}

const KEY: &[&str] = &["day", "groupKey"];

const fn counts(name: &'static str) -> Def {
    Def {
        name,
        primary_key: KEY,
        inject: None,
        generate: generate::<CountRow>,
    }
}

const fn responses(name: &'static str) -> Def {
    Def {
        generate: generate::<ResponseTimeRow>,
        ..counts(name)
    }
}

const fn resolutions(name: &'static str) -> Def {
    Def {
        generate: generate::<ResolutionTimeRow>,
        ..counts(name)
    }
}

pub(super) const DEFS: &[Def] = &[
    counts("dashboard_created_tickets_by_date"),
    counts("dashboard_created_tickets_by_agent"),
    counts("dashboard_created_tickets_by_channel"),
    counts("dashboard_solved_tickets_by_date"),
    counts("dashboard_solved_tickets_by_agent"),
    counts("dashboard_solved_tickets_by_channel"),
    counts("dashboard_onhold_tickets_by_date"),
    counts("dashboard_onhold_tickets_by_agent"),
    counts("dashboard_onhold_tickets_by_channel"),
    counts("dashboard_backlog_tickets_by_date"),
    counts("dashboard_backlog_tickets_by_agent"),
    counts("dashboard_backlog_tickets_by_channel"),
    counts("dashboard_reopened_tickets_by_date"),
    counts("dashboard_reopened_tickets_by_agent"),
    counts("dashboard_reopened_tickets_by_channel"),
    counts("dashboard_response_count_by_date"),
    counts("dashboard_response_count_by_agent"),
    counts("dashboard_response_count_by_channel"),
    responses("dashboard_first_response_time_by_date"),
    responses("dashboard_first_response_time_by_agent"),
    responses("dashboard_first_response_time_by_channel"),
    responses("dashboard_response_time_by_date"),
    responses("dashboard_response_time_by_agent"),
    responses("dashboard_response_time_by_channel"),
    resolutions("dashboard_resolution_time_by_date"),
    resolutions("dashboard_resolution_time_by_agent"),
    resolutions("dashboard_resolution_time_by_channel"),
];

/// One example record per stream, for the schema tests.
#[cfg(test)]
pub(super) fn examples() -> Vec<(&'static str, serde_json::Value)> {
    use serde_json::json;
    DEFS.iter()
        .map(|d| {
            let mut row = json!({"day": "2026-03-04", "groupKey": "412500000000139001",
                "value": "Ravi Kumar", "referenceValue": "412500000000139001"});
            let extra = if d.name.contains("response_time") {
                json!({"responseCount": "2", "avgAgentTime": "01:05 hrs", "avgSystemTime": "01:20 hrs"})
            } else if d.name.contains("resolution_time") {
                json!({"ticketCount": 1, "avgAgentTime": "22:40 hrs", "avgSystemTime": "null"})
            } else {
                json!({"count": "3"})
            };
            if let (Some(r), Some(e)) = (row.as_object_mut(), extra.as_object()) {
                r.extend(e.clone());
            }
            (d.name, row)
        })
        .collect()
}
