//! Record schemas, one per stream, generated at run time from the Rust types in [`objects`].
//!
//! schemars produces draft-07 from the types; [`normalize`] then rewrites the result into the
//! form Airbyte destinations handle best: `["null", T]` for every field except the primary key,
//! `additionalProperties: true` on every object (records pass through with unknown fields), no
//! `required` except the primary-key fields, and only the `date-time`/`date` formats. Child
//! streams get the parent id the connector injects (`ticketId`, `contactId`, ...) as a string
//! property. [`with_custom_fields`] types a record's `cf` object from the portal's field metadata.

mod custom_fields;
pub mod dashboards;
#[cfg(test)]
mod oas_facts;
pub mod objects;
pub mod recycle_bin;
pub mod scalars;
pub mod threads;

pub use custom_fields::{CustomField, with_custom_fields};

use schemars::JsonSchema;
use schemars::generate::SchemaSettings;
use serde_json::{Value, json};

/// What a stream's schema is made of; mirrors the stream table's `name`, `primary_key` and the
/// `inject` key of its parent (`src/streams.rs`).
struct Def {
    name: &'static str,
    primary_key: &'static [&'static str],
    /// Key the connector adds to child rows with the parent's id.
    inject: Option<&'static str>,
    generate: fn() -> Value,
}

const ID: &[&str] = &["id"];

const fn def(name: &'static str, generate: fn() -> Value) -> Def {
    Def {
        name,
        primary_key: ID,
        inject: None,
        generate,
    }
}

/// A child stream whose rows get `parent` injected and are keyed by `(parent, id)`.
const fn child(name: &'static str, parent: &'static str, generate: fn() -> Value) -> Def {
    Def {
        name,
        primary_key: match parent.as_bytes() {
            b"ticketId" => &["ticketId", "id"],
            b"threadId" => &["threadId", "id"],
            b"contactId" => &["contactId", "id"],
            b"accountId" => &["accountId", "id"],
            b"contractId" => &["contractId", "id"],
            b"taskId" => &["taskId", "id"],
            b"callId" => &["callId", "id"],
            b"eventId" => &["eventId", "id"],
            b"productId" => &["productId", "id"],
            b"articleId" => &["articleId", "id"],
            b"agentId" => &["agentId", "id"],
            b"teamId" => &["teamId", "id"],
            b"helpCenterId" => &["helpCenterId", "id"],
            b"module" => &["module", "id"],
            _ => panic!("child key without a primary key"),
        },
        inject: Some(parent),
        generate,
    }
}

use objects as o;

const DEFS: &[Def] = &[
    def("organizations", generate::<o::Organization>),
    def("agents", generate::<o::Agent>),
    child("agent_time_entries", "agentId", generate::<o::TimeEntry>),
    def("departments", generate::<o::Department>),
    def("teams", generate::<o::Team>),
    child("team_members", "teamId", generate::<o::TeamMember>),
    def("roles", generate::<o::Role>),
    def("profiles", generate::<o::Profile>),
    Def {
        primary_key: &["code"],
        ..def("channels", generate::<o::Channel>)
    },
    def("business_hours", generate::<o::BusinessHours>),
    def("holiday_lists", generate::<o::HolidayList>),
    def("customer_happiness", generate::<o::HappinessRating>),
    child(
        "organization_fields",
        "module",
        generate::<o::OrganizationField>,
    ),
    def("tickets", generate::<o::Ticket>),
    def("tickets_extended", generate::<o::Ticket>),
    child("threads", "ticketId", generate::<o::Thread>),
    child("thread_attachments", "threadId", generate::<o::Attachment>),
    child(
        "thread_contents",
        "ticketId",
        generate::<threads::ThreadContent>,
    ),
    child("ticket_comments", "ticketId", generate::<o::Comment>),
    child("ticket_attachments", "ticketId", generate::<o::Attachment>),
    child("ticket_activities", "ticketId", generate::<o::Activity>),
    Def {
        primary_key: &[],
        ..child("ticket_history", "ticketId", generate::<o::HistoryEvent>)
    },
    child("ticket_approvals", "ticketId", generate::<o::Approval>),
    child("ticket_followers", "ticketId", generate::<o::Follower>),
    Def {
        primary_key: &["ticketId"],
        ..child("ticket_metrics", "ticketId", generate::<o::TicketMetrics>)
    },
    child("ticket_tags", "ticketId", generate::<o::TicketTag>),
    child("ticket_time_entries", "ticketId", generate::<o::TimeEntry>),
    def("tags", generate::<o::Tag>),
    def("archived_tickets", generate::<o::Ticket>),
    def("archived_tickets_extended", generate::<o::Ticket>),
    child("archived_ticket_threads", "ticketId", generate::<o::Thread>),
    child(
        "archived_ticket_comments",
        "ticketId",
        generate::<o::Comment>,
    ),
    child(
        "archived_ticket_attachments",
        "ticketId",
        generate::<o::Attachment>,
    ),
    child(
        "archived_ticket_followers",
        "ticketId",
        generate::<o::Follower>,
    ),
    child(
        "archived_ticket_time_entries",
        "ticketId",
        generate::<o::TimeEntry>,
    ),
    def("contacts", generate::<o::Contact>),
    child("contact_comments", "contactId", generate::<o::Comment>),
    child(
        "contact_attachments",
        "contactId",
        generate::<o::Attachment>,
    ),
    child("contact_followers", "contactId", generate::<o::Follower>),
    child(
        "contact_time_entries",
        "contactId",
        generate::<o::TimeEntry>,
    ),
    def("accounts", generate::<o::Account>),
    child("account_comments", "accountId", generate::<o::Comment>),
    child(
        "account_attachments",
        "accountId",
        generate::<o::Attachment>,
    ),
    child("account_followers", "accountId", generate::<o::Follower>),
    child(
        "account_time_entries",
        "accountId",
        generate::<o::TimeEntry>,
    ),
    def("contracts", generate::<o::Contract>),
    child("contract_comments", "contractId", generate::<o::Comment>),
    def("tasks", generate::<o::Activity>),
    child("task_comments", "taskId", generate::<o::Comment>),
    child("task_attachments", "taskId", generate::<o::Attachment>),
    child("task_time_entries", "taskId", generate::<o::TimeEntry>),
    def("calls", generate::<o::Activity>),
    child("call_comments", "callId", generate::<o::Comment>),
    child("call_attachments", "callId", generate::<o::Attachment>),
    def("events", generate::<o::Activity>),
    child("event_comments", "eventId", generate::<o::Comment>),
    child("event_attachments", "eventId", generate::<o::Attachment>),
    def("products", generate::<o::Product>),
    child(
        "product_attachments",
        "productId",
        generate::<o::Attachment>,
    ),
    Def {
        primary_key: &["type", "id"],
        ..def("recycle_bin", generate::<recycle_bin::RecycleBinEntry>)
    },
    def("articles", generate::<o::Article>),
    child("article_comments", "articleId", generate::<o::Comment>),
    def("article_feedbacks", generate::<o::ArticleFeedback>),
    def("kb_categories", generate::<o::KbCategory>),
    def("help_centers", generate::<o::HelpCenter>),
    child(
        "help_center_users",
        "helpCenterId",
        generate::<o::HelpCenterUser>,
    ),
    child(
        "help_center_groups",
        "helpCenterId",
        generate::<o::HelpCenterGroup>,
    ),
    child(
        "help_center_labels",
        "helpCenterId",
        generate::<o::HelpCenterLabel>,
    ),
];

const fn names<const N: usize>() -> [&'static str; N] {
    let mut out = [""; N];
    let mut i = 0;
    while i < N {
        out[i] = if i < DEFS.len() {
            DEFS[i].name
        } else {
            dashboards::DEFS[i - DEFS.len()].name
        };
        i += 1;
    }
    out
}

/// Streams that have a record schema, in catalog order.
pub const STREAMS: &[&str] = &names::<{ DEFS.len() + dashboards::DEFS.len() }>();

/// Formats Airbyte accepts in catalogs; any other (schemars' `int64`) is removed.
const KEPT_FORMATS: [&str; 2] = ["date-time", "date"];

fn find(stream: &str) -> Option<&'static Def> {
    DEFS.iter()
        .chain(dashboards::DEFS)
        .find(|d| d.name == stream)
}

/// The primary key the schema of `stream` declares (`required`, non-nullable).
pub fn primary_key(stream: &str) -> Option<&'static [&'static str]> {
    find(stream).map(|d| d.primary_key)
}

/// The parent-id key the schema of `stream` expects the connector to inject, if any.
pub fn injected_key(stream: &str) -> Option<&'static str> {
    find(stream).and_then(|d| d.inject)
}

/// The JSON schema of `stream`'s records, or `None` for an unknown stream.
pub fn schema(stream: &str) -> Option<Value> {
    let def = find(stream)?;
    let mut root = (def.generate)();
    let obj = root.as_object_mut()?;
    let props = obj
        .entry("properties")
        .or_insert_with(|| json!({}))
        .as_object_mut()?;
    if let Some(key) = def.inject {
        props.entry(key).or_insert_with(|| {
            json!({
                "type": ["null", "string"],
                "description": "The parent's id, added by the connector when Zoho's row lacks it."
            })
        });
    }
    let spliced_cursor = crate::streams::find(stream)
        .filter(|d| d.incremental == crate::streams::Incremental::ChildOfChanged)
        .and_then(|d| d.cursor_field());
    if let Some(key) = spliced_cursor {
        props.entry(key).or_insert_with(|| {
            json!({
                "type": ["null", "string"],
                "format": "date-time",
                "description": "The modifiedTime of the top-level record (ticket, contact, \
                                account, task, call, event, product, article) this row was \
                                read through, added by the connector: this stream's \
                                incremental cursor."
            })
        });
    }
    threads::declare_plain_text(stream, props);
    if crate::streams::find(stream).is_some_and(|d| d.bin_module.is_some()) {
        props.insert(
            crate::read::DELETED_AT.into(),
            json!({
                "type": ["null", "string"],
                "format": "date-time",
                "description": "When Zoho deleted the record (Airbyte's CDC deletion column): \
                                set only on the tombstones an incremental sync into a dedup \
                                destination emits, null on every live record."
            }),
        );
    }
    for key in def.primary_key {
        // The primary key is never null: undo the nullable rewrite for its fields.
        let field = props
            .entry(*key)
            .or_insert_with(|| json!({"type": ["null", "string"]}));
        if let Some(Value::Array(types)) = field.get("type") {
            let kept: Vec<&Value> = types.iter().filter(|t| *t != "null").collect();
            if let [single] = kept.as_slice() {
                let single = (*single).clone();
                field["type"] = single;
            }
        }
    }
    if !def.primary_key.is_empty() {
        obj.insert("required".into(), json!(def.primary_key));
    }
    Some(root)
}

/// A draft-07 validator of `stream`'s records (for tests that check emitted records).
pub fn validator(stream: &str) -> Option<jsonschema::Validator> {
    schema(stream).and_then(|s| jsonschema::draft7::new(&s).ok())
}

fn generate<T: JsonSchema>() -> Value {
    let settings = SchemaSettings::draft07().with(|s| s.inline_subschemas = true);
    let mut root = settings
        .into_generator()
        .into_root_schema_for::<T>()
        .to_value();
    normalize(&mut root, true);
    root
}

/// Rewrites one generated (sub)schema in place; `root` is the record itself (not nullable).
fn normalize(value: &mut Value, root: bool) {
    let Some(obj) = value.as_object_mut() else {
        return;
    };
    obj.remove("required");
    obj.remove("title");
    if obj
        .get("format")
        .and_then(Value::as_str)
        .is_some_and(|f| !KEPT_FORMATS.contains(&f))
    {
        obj.remove("format");
    }
    if !root {
        let types: Vec<Value> = match obj.get("type") {
            Some(Value::String(t)) => vec![Value::String(t.clone())],
            Some(Value::Array(ts)) => ts.iter().filter(|t| *t != "null").cloned().collect(),
            _ => Vec::new(),
        };
        if !types.is_empty() {
            let mut all = vec![json!("null")];
            all.extend(types);
            obj.insert("type".into(), Value::Array(all));
        }
    }
    let is_object = match obj.get("type") {
        Some(Value::String(t)) => t == "object",
        Some(Value::Array(ts)) => ts.iter().any(|t| t == "object"),
        _ => false,
    };
    if is_object {
        obj.insert("additionalProperties".into(), Value::Bool(true));
    }
    if let Some(Value::Object(props)) = obj.get_mut("properties") {
        for p in props.values_mut() {
            open_boolean(p);
            normalize(p, false);
        }
    }
    if let Some(items) = obj.get_mut("items") {
        open_boolean(items);
        // Array items keep their own type list but lose `null`: Zoho sends no null elements.
        normalize(items, true);
    }
}

/// schemars writes "any value" (a `serde_json::Value` field) as the boolean schema `true`;
/// CAT's schema walker (`get_expected_schema_structure`) indexes every property and `items`
/// value as a mapping and crashes on a boolean, so it becomes the equivalent empty schema `{}`.
fn open_boolean(value: &mut Value) {
    if *value == Value::Bool(true) {
        *value = json!({});
    }
}

#[cfg(test)]
mod tests;
