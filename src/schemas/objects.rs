//! One type per Zoho Desk object, describing the union of its list, search and detail rows
//! (zoho-desk-api.md §7, research/endpoints-A.md and endpoints-B.md). Every field is optional
//! here: list rows omit many of them, and the schema must accept whatever Zoho sends; unknown
//! fields are allowed by the generator. Primary-key fields, and the parent id the connector
//! injects into child rows, are made non-nullable and required per stream in `mod.rs`, so one
//! type can serve several streams (comments of tickets, contacts, tasks, ...).

use schemars::JsonSchema;
use serde_json::Value;

use super::scalars::{
    BoolOrString, Count, CustomFields, Date, DateTime, DateTimeOrEpoch, Id, StringOrStrings,
};

/// A Zoho Desk portal (organization). Its id is a JSON number, unlike every other id.
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Organization {
    pub id: i64,
    pub company_name: Option<String>,
    pub portal_name: Option<String>,
    #[serde(rename = "portalURL")]
    pub portal_url: Option<String>,
    pub edition: Option<String>,
    pub is_default: Option<bool>,
    pub is_admin_in_org: Option<bool>,
    pub is_sandbox_portal: Option<bool>,
    pub alias: Option<String>,
    #[serde(rename = "logoURL")]
    pub logo_url: Option<String>,
    pub employee_count: Option<String>,
    pub currency_code: Option<String>,
    pub currency_locale: Option<String>,
    pub time_zone: Option<String>,
    pub country: Option<String>,
    pub website: Option<String>,
    pub phone_number: Option<String>,
    pub description: Option<String>,
    pub mobile: Option<String>,
    pub fax: Option<String>,
    pub street: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub zip: Option<String>,
    pub industry: Option<String>,
    /// `1 - 9`, `10 - 24`, ... beside the exact `employeeCount`.
    pub employee_count_range: Option<String>,
    pub currency_symbol: Option<String>,
    #[serde(rename = "faviconURL")]
    pub favicon_url: Option<String>,
    pub is_payload_encryption_enabled: Option<bool>,
    /// The primary contact's email address.
    pub primary_contact: Option<String>,
    pub designation: Option<String>,
    pub migration_from: Option<String>,
    /// Onboarding answers: lists of labels.
    pub preferred_solution: Option<Vec<String>>,
    pub preferred_communication_channels: Option<Vec<String>>,
}

/// A help-desk agent.
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Agent {
    pub id: Id,
    pub zuid: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub name: Option<String>,
    pub email_id: Option<String>,
    pub phone: Option<String>,
    pub mobile: Option<String>,
    pub extn: Option<String>,
    pub status: Option<String>,
    pub is_confirmed: Option<bool>,
    pub is_light_agent: Option<bool>,
    pub role_id: Option<Id>,
    pub profile_id: Option<Id>,
    pub role_permission_type: Option<String>,
    pub lang_code: Option<String>,
    pub country_code: Option<String>,
    pub time_zone: Option<String>,
    #[serde(rename = "photoURL")]
    pub photo_url: Option<String>,
    pub about_info: Option<String>,
    pub associated_department_ids: Option<Vec<Id>>,
    pub associated_chat_department_ids: Option<Vec<Id>>,
    pub channel_expert: Option<Vec<String>>,
    pub cf: Option<CustomFields>,
    /// Zia (AI) agents are listed beside human ones.
    pub is_zia_agent: Option<bool>,
    /// `{id, name}` with `include=profile` / `include=role`.
    pub profile: Option<NamedRef>,
    pub role: Option<NamedRef>,
}

/// A department (tickets, agents and teams belong to departments).
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Department {
    pub id: Id,
    pub name: Option<String>,
    pub name_in_customer_portal: Option<String>,
    pub sanitized_name: Option<String>,
    pub description: Option<String>,
    pub is_enabled: Option<bool>,
    pub is_default: Option<bool>,
    pub is_visible_in_customer_portal: Option<bool>,
    pub is_assign_to_team_enabled: Option<bool>,
    pub has_logo: Option<bool>,
    pub chat_status: Option<String>,
    pub creator_id: Option<Id>,
    pub created_time: Option<DateTime>,
}

/// A team of agents inside a department (`GET /teams`, wrapper `teams`).
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Team {
    pub id: Id,
    pub name: Option<String>,
    pub description: Option<String>,
    pub department_id: Option<Id>,
    pub agents: Option<Vec<Id>>,
    pub derived_agents: Option<Vec<Id>>,
    pub roles: Option<Vec<Value>>,
    pub roles_with_subordinates: Option<Vec<Value>>,
    pub sub_teams: Option<Vec<Value>>,
    pub logo_url: Option<String>,
}

/// A support ticket: list row, search row or detail row with `include=` objects.
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Ticket {
    pub id: Id,
    pub ticket_number: Option<String>,
    pub layout_id: Option<Id>,
    pub subject: Option<String>,
    pub description: Option<String>,
    pub status: Option<String>,
    pub status_type: Option<String>,
    pub priority: Option<String>,
    pub channel: Option<String>,
    /// The channel's code (`EMAIL`, `WEB`, ...) beside its display name `channel`.
    pub channel_code: Option<String>,
    pub category: Option<String>,
    pub sub_category: Option<String>,
    pub classification: Option<String>,
    pub language: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub resolution: Option<String>,
    pub sentiment: Option<String>,
    pub created_time: Option<DateTime>,
    /// The incremental cursor.
    pub modified_time: Option<DateTime>,
    pub customer_response_time: Option<DateTime>,
    pub due_date: Option<DateTime>,
    pub response_due_date: Option<DateTime>,
    pub closed_time: Option<DateTime>,
    pub onhold_time: Option<DateTime>,
    pub department_id: Option<Id>,
    pub contact_id: Option<Id>,
    pub account_id: Option<Id>,
    pub product_id: Option<Id>,
    pub assignee_id: Option<Id>,
    pub team_id: Option<Id>,
    pub thread_count: Option<Count>,
    pub comment_count: Option<Count>,
    pub attachment_count: Option<Count>,
    pub task_count: Option<Count>,
    pub tag_count: Option<Count>,
    pub is_spam: Option<bool>,
    pub is_archived: Option<bool>,
    pub is_over_due: Option<bool>,
    pub is_response_overdue: Option<bool>,
    pub is_escalated: Option<bool>,
    pub is_trashed: Option<bool>,
    pub is_deleted: Option<bool>,
    pub is_read: Option<bool>,
    pub web_url: Option<String>,
    pub source: Option<TicketSource>,
    pub last_thread: Option<LastThread>,
    pub shared_departments: Option<Vec<SharedDepartment>>,
    pub secondary_contacts: Option<Vec<Value>>,
    pub entity_skills: Option<Vec<Value>>,
    pub cf: Option<CustomFields>,
    pub custom_fields: Option<CustomFields>,
    pub contact: Option<TicketContact>,
    pub assignee: Option<AgentRef>,
    pub department: Option<NamedRef>,
    pub team: Option<NamedRef>,
    /// The ticket's product (`include=products`); null when it has none.
    pub product: Option<ProductRef>,
    /// The agent who created or last changed the ticket (detail rows).
    pub created_by: Option<Id>,
    pub modified_by: Option<Id>,
    #[serde(rename = "slaId")]
    pub sla_id: Option<Id>,
    /// With `include=contract`.
    pub contract_id: Option<Id>,
    pub layout_details: Option<LayoutRef>,
    /// When the ticket was locked (locked tickets can be follow-up sources).
    pub locked_time: Option<DateTime>,
    pub approval_count: Option<Count>,
    pub time_entry_count: Option<Count>,
    pub follower_count: Option<Count>,
    pub is_following: Option<bool>,
    /// How a list row relates to the asking agent or record (associated-ticket lists).
    pub relationship_type: Option<String>,
    /// The locked ticket this one follows up, `{id, subject}`.
    pub source_ticket: Option<TicketRef>,
    /// Community topic of a forum ticket (`topicId`, `forumStatus`, ...).
    pub channel_related_info: Option<serde_json::Map<String, Value>>,
    /// With `include=skills`: `{skillId, skillName, skillTypeId, ...}` per skill.
    pub skills_info: Option<Vec<Value>>,
    /// Parent/child tickets: Ticket.json documents `parentTicket` only in createTicket's
    /// request body, and neither field in a response schema, so the OAS facts cannot list them;
    /// they are declared because child tickets carry them.
    pub parent_ticket: Option<TicketRef>,
    pub child_ticket_count: Option<Count>,
    /// Departments the ticket is shared with, as a string (getTicket's example).
    pub shared_count: Option<Count>,
}

/// Where a ticket came from.
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TicketSource {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub app_name: Option<String>,
    pub ext_id: Option<String>,
    pub permalink: Option<String>,
    #[serde(rename = "appPhotoURL")]
    pub app_photo_url: Option<String>,
}

/// Summary of a ticket's latest thread.
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct LastThread {
    pub channel: Option<String>,
    pub direction: Option<String>,
    pub is_draft: Option<bool>,
    pub is_forward: Option<bool>,
}

/// A department a ticket is shared with.
#[derive(JsonSchema)]
pub struct SharedDepartment {
    pub id: Option<Id>,
    pub name: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
}

/// The contact embedded in a ticket (`include=contacts`).
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TicketContact {
    pub id: Option<Id>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub mobile: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub is_spam: Option<bool>,
    pub account: Option<AccountRef>,
}

/// An account as embedded in a ticket's contact.
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AccountRef {
    pub id: Option<Id>,
    pub account_name: Option<String>,
    pub website: Option<String>,
}

/// An agent as embedded in a ticket (`include=assignee`).
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AgentRef {
    pub id: Option<Id>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email_id: Option<String>,
    #[serde(rename = "photoURL")]
    pub photo_url: Option<String>,
    pub zuid: Option<String>,
}

/// `{id, name}` of a department or team embedded in a ticket.
#[derive(JsonSchema)]
pub struct NamedRef {
    pub id: Option<Id>,
    pub name: Option<String>,
}

/// Shares of good/ok/bad satisfaction ratings, as strings.
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CustomerHappiness {
    pub bad_percentage: Option<Count>,
    pub ok_percentage: Option<Count>,
    pub good_percentage: Option<Count>,
}

/// A customer contact (list, search or detail row).
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Contact {
    pub id: Id,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub secondary_email: Option<String>,
    pub phone: Option<String>,
    pub mobile: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub title: Option<String>,
    pub owner_id: Option<Id>,
    pub account_id: Option<Id>,
    pub account_count: Option<Count>,
    pub created_time: Option<DateTime>,
    /// The incremental cursor (detail and search rows).
    pub modified_time: Option<DateTime>,
    pub is_anonymous: Option<bool>,
    pub is_end_user: Option<bool>,
    pub is_spam: Option<bool>,
    pub is_deleted: Option<bool>,
    pub is_trashed: Option<bool>,
    #[serde(rename = "photoURL")]
    pub photo_url: Option<String>,
    #[serde(rename = "zohoCRMContact")]
    pub zoho_crm_contact: Option<CrmRef>,
    pub customer_happiness: Option<CustomerHappiness>,
    pub web_url: Option<String>,
    pub description: Option<String>,
    pub street: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub country: Option<String>,
    pub zip: Option<String>,
    pub facebook: Option<String>,
    pub twitter: Option<String>,
    pub cf: Option<CustomFields>,
    /// The label-keyed twin of `cf`.
    pub custom_fields: Option<CustomFields>,
    /// Detail rows: a boolean in the OAS schema, `"true"` in its example.
    pub is_following: Option<BoolOrString>,
    pub layout_id: Option<Id>,
    pub layout_details: Option<LayoutRef>,
    pub owner: Option<PersonRef>,
    pub account: Option<AccountRef>,
}

/// The linked Zoho CRM record, when the portal syncs with CRM.
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CrmRef {
    pub id: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
}

/// A customer account (company).
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    pub id: Id,
    pub account_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub website: Option<String>,
    pub fax: Option<String>,
    pub industry: Option<String>,
    pub street: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub country: Option<String>,
    pub code: Option<String>,
    pub description: Option<String>,
    #[serde(rename = "annualrevenue")]
    pub annual_revenue: Option<String>,
    pub owner_id: Option<Id>,
    pub created_time: Option<DateTime>,
    /// The incremental cursor.
    pub modified_time: Option<DateTime>,
    pub is_deleted: Option<bool>,
    pub is_trashed: Option<bool>,
    /// Zoho sends `"true"`/`"false"` here in some answers and booleans in others.
    pub is_following: Option<BoolOrString>,
    #[serde(rename = "associatedSLAIds")]
    pub associated_sla_ids: Option<Vec<Id>>,
    #[serde(rename = "zohoCRMAccount")]
    pub zoho_crm_account: Option<CrmRef>,
    pub customer_happiness: Option<CustomerHappiness>,
    pub cf: Option<CustomFields>,
    /// The label-keyed twin of `cf`.
    pub custom_fields: Option<CustomFields>,
    pub web_url: Option<String>,
    pub layout_id: Option<Id>,
    pub layout_details: Option<LayoutRef>,
    pub owner: Option<PersonRef>,
}

/// A time entry of a ticket, task, contact, account or agent (`GET /…/{id}/timeEntry`). The
/// contact, account and agent lists return the entries of that parent's tickets and tasks, so the
/// same entry id appears in several streams.
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TimeEntry {
    pub id: Option<Id>,
    pub owner_id: Option<Id>,
    pub owner: Option<PersonRef>,
    /// The ticket or task the time was spent on.
    pub parent: Option<TimeEntryParent>,
    /// The ticket id (agent time entries).
    pub request_id: Option<Id>,
    pub department_id: Option<Id>,
    pub creator_id: Option<Id>,
    pub created_by: Option<Id>,
    pub description: Option<String>,
    /// When the work was done.
    pub executed_time: Option<DateTimeOrEpoch>,
    pub created_time: Option<DateTimeOrEpoch>,
    /// The incremental cursor of `agent_time_entries`.
    pub modified_time: Option<DateTimeOrEpoch>,
    pub hours_spent: Option<Count>,
    pub minutes_spent: Option<Count>,
    pub seconds_spent: Option<Count>,
    pub is_billable: Option<bool>,
    pub billing_type: Option<String>,
    pub bill_status: Option<String>,
    pub request_charge_type: Option<String>,
    /// Money amounts are decimal strings (`"40.0"`).
    pub agent_cost_per_hour: Option<String>,
    pub additional_cost: Option<String>,
    pub fixed_cost: Option<String>,
    pub total_cost: Option<String>,
    pub invoice_id: Option<Id>,
    pub mode: Option<String>,
    /// A boolean in the documentation, `"false"` in Zoho's OpenAPI example.
    pub is_trashed: Option<BoolOrString>,
    pub layout_details: Option<LayoutRef>,
    pub layout_id: Option<Id>,
    /// The task id (task time entries).
    pub task_id: Option<Id>,
    pub cf: Option<CustomFields>,
    pub custom_fields: Option<CustomFields>,
}

/// The ticket or task a time entry belongs to.
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TimeEntryParent {
    pub id: Option<Id>,
    /// `TICKETS` or `TASKS`; a one-element array in Zoho's OpenAPI example.
    #[serde(rename = "type")]
    pub kind: Option<StringOrStrings>,
    pub subject: Option<String>,
    pub ticket_number: Option<String>,
    pub associated_ticket_id: Option<Id>,
}

/// `{id, layoutName}` of a record's layout.
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct LayoutRef {
    pub id: Option<Id>,
    pub layout_name: Option<String>,
}

/// A person (agent or end user) embedded in another record: owners, creators, authors.
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PersonRef {
    pub id: Option<Id>,
    pub name: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub email_id: Option<String>,
    #[serde(rename = "photoURL")]
    pub photo_url: Option<String>,
    pub zuid: Option<String>,
    pub status: Option<String>,
    pub role_name: Option<String>,
    /// `AGENT` or `END_USER`.
    #[serde(rename = "type")]
    pub kind: Option<String>,
}

/// An agent as listed among a team's members (`GET /teams/{teamId}/members`).
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TeamMember {
    pub id: Option<Id>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub name: Option<String>,
    pub email_id: Option<String>,
    #[serde(rename = "photoURL")]
    pub photo_url: Option<String>,
    pub profile_id: Option<Id>,
    pub role_id: Option<Id>,
    pub zuid: Option<String>,
    /// `{id, name}` with `include=role` / `include=profile`.
    pub role: Option<NamedRef>,
    pub profile: Option<NamedRef>,
}

/// An agent role in the role hierarchy.
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Role {
    pub id: Option<Id>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub is_default: Option<bool>,
    pub is_visible: Option<bool>,
    pub share_data_with_peers: Option<bool>,
    /// The parent role's id.
    pub reports_to: Option<Id>,
    pub immediate_sub_roles: Option<Vec<Id>>,
}

/// An agent profile (permission set).
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Profile {
    pub id: Option<Id>,
    pub name: Option<String>,
    pub description: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// Zoho names this flag `default`, not `isDefault`.
    pub default: Option<bool>,
    pub is_visible: Option<bool>,
    /// Permissions by area (`tickets`, `setup`, ...), each a map of flags; the areas vary by
    /// edition, so the object stays open.
    pub permissions: Option<serde_json::Map<String, Value>>,
}

/// A ticket channel (`EMAIL`, `PHONE`, ...); keyed by `code`, it has no id.
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Channel {
    pub code: Option<String>,
    pub name: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub accepts_replies: Option<bool>,
    pub reply_config: Option<ReplyConfig>,
    #[serde(rename = "photoURL")]
    pub photo_url: Option<String>,
    /// The integration's name, for integration and instant-messaging channels.
    pub app_name: Option<String>,
    pub department_id: Option<Id>,
    pub external_id: Option<Id>,
    pub mapped_integration: Option<String>,
}

/// How a channel accepts replies.
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReplyConfig {
    pub accepts_attachments: Option<bool>,
    pub content_types: Option<Vec<String>>,
    pub include_quoted_message: Option<bool>,
    pub update_records: Option<bool>,
}

/// A business-hours definition (`GET /businessHours`).
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct BusinessHours {
    pub id: Option<Id>,
    pub name: Option<String>,
    pub status: Option<String>,
    /// `24X7`, `SPECIFIC` or `CUSTOM`.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub time_zone_id: Option<String>,
    pub holiday_list_ids: Option<Vec<Id>>,
    pub business_times: Option<Vec<BusinessTime>>,
    pub created_time: Option<DateTime>,
    pub modified_time: Option<DateTime>,
    pub created_by: Option<Id>,
    pub modified_by: Option<Id>,
    /// `{id, name}` of the time zone, where `timeZoneId` carries the id alone.
    pub time_zone: Option<TimeZoneRef>,
    /// `{id, name, status}` of each holiday list applied.
    pub holiday_lists: Option<Vec<Value>>,
    /// `{holidayListId, holidayListName, holidayListStatus}`.
    pub associated_holiday_list: Option<serde_json::Map<String, Value>>,
}

/// A time zone as Zoho names it: `{id: "Asia/Kolkata", name: "(GMT +05:30) India ..."}`.
#[derive(JsonSchema)]
pub struct TimeZoneRef {
    pub id: Option<String>,
    pub name: Option<String>,
}

/// One working interval of a business-hours definition (`"09:00"`–`"17:00"`, local time).
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct BusinessTime {
    pub day: Option<String>,
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    /// `{startTime, endTime}` breaks of the day.
    pub time_slots: Option<Vec<Value>>,
}

/// A holiday list (`GET /holidayList`).
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct HolidayList {
    pub id: Option<Id>,
    pub name: Option<String>,
    pub status: Option<String>,
    pub holiday_list_type: Option<String>,
    pub year: Option<String>,
    pub associated_business_hour_ids: Option<Vec<Id>>,
    pub holidays: Option<Vec<Holiday>>,
    /// `{businessHourId, businessHourName, businessHourStatus}` of each user.
    pub associated_business_hours: Option<Vec<Value>>,
    pub created_by: Option<Id>,
    pub modified_by: Option<Id>,
    pub created_time: Option<DateTime>,
    pub modified_time: Option<DateTime>,
}

/// One holiday; `from`/`to` are `MM-dd` without a year, so they carry no date format.
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Holiday {
    pub holiday_name: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// A customer satisfaction rating (`GET /customerHappiness`).
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct HappinessRating {
    pub id: Option<Id>,
    /// `good`, `ok` or `bad`.
    pub rating: Option<String>,
    pub feedback: Option<String>,
    /// The incremental cursor.
    pub rated_time: Option<DateTime>,
    pub ticket_id: Option<Id>,
    pub ticket_number: Option<String>,
    pub contact_id: Option<Id>,
    pub agent_id: Option<Id>,
    pub owner_id: Option<Id>,
    pub department_id: Option<Id>,
    pub channel: Option<String>,
    pub ticket: Option<TicketRef>,
    pub contact: Option<PersonRef>,
    pub agent: Option<PersonRef>,
}

/// A ticket embedded in another record.
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TicketRef {
    pub id: Option<Id>,
    pub ticket_number: Option<String>,
    pub subject: Option<String>,
}

/// One field of a module's layout (`GET /organizationFields?module=`); the connector adds `module`.
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct OrganizationField {
    pub id: Option<Id>,
    pub api_name: Option<String>,
    pub display_label: Option<String>,
    /// Deprecated twin of `displayLabel`.
    pub name: Option<String>,
    #[serde(rename = "i18NLabel")]
    pub i18n_label: Option<String>,
    /// `Text`, `Picklist`, `Date`, `Boolean`, `LookUp`, ... (see `with_custom_fields`).
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// A JSON number in every source (field metadata, not a record counter).
    pub max_length: Option<i64>,
    pub is_mandatory: Option<bool>,
    pub is_custom_field: Option<bool>,
    pub is_encrypted_field: Option<bool>,
    pub is_computed: Option<bool>,
    pub is_sortable: Option<bool>,
    pub is_presence: Option<bool>,
    pub show_to_help_center: Option<bool>,
    /// `SYSTEM`, `USERDEFINED` or `EXTENSION`.
    pub source_type: Option<String>,
    pub tool_tip: Option<String>,
    pub tool_tip_type: Option<String>,
    pub allowed_values: Option<Vec<AllowedValue>>,
    pub created_time: Option<DateTime>,
    pub modified_time: Option<DateTime>,
    pub created_by: Option<Id>,
    pub modified_by: Option<Id>,
}

/// One option of a picklist field.
#[derive(JsonSchema)]
pub struct AllowedValue {
    pub value: Option<String>,
}

/// A ticket thread (an email, reply, chat or call summary): list row or detail.
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Thread {
    pub id: Option<Id>,
    pub channel: Option<String>,
    pub direction: Option<String>,
    pub visibility: Option<String>,
    pub status: Option<String>,
    pub content_type: Option<String>,
    pub summary: Option<String>,
    /// Detail only.
    pub content: Option<String>,
    pub plain_text: Option<String>,
    pub is_content_truncated: Option<bool>,
    #[serde(rename = "fullContentURL")]
    pub full_content_url: Option<String>,
    pub created_time: Option<DateTime>,
    pub is_description_thread: Option<bool>,
    pub is_forward: Option<bool>,
    pub can_reply: Option<bool>,
    pub has_attach: Option<bool>,
    pub attachment_count: Option<Count>,
    pub responded_in: Option<String>,
    pub responder_id: Option<Id>,
    pub from_email_address: Option<String>,
    pub to: Option<String>,
    pub cc: Option<String>,
    pub bcc: Option<String>,
    pub reply_to: Option<String>,
    pub source: Option<TicketSource>,
    pub actions: Option<Vec<Value>>,
    pub author: Option<PersonRef>,
    /// Detail only.
    pub attachments: Option<Vec<Attachment>>,
    pub attachment_ids: Option<Vec<Id>>,
    /// `POSITIVE`, `NEUTRAL` or `NEGATIVE` (Zia).
    pub sentiment: Option<String>,
    pub key_words: Option<Vec<String>>,
    pub aspects: Option<Vec<String>>,
    #[serde(rename = "lastRatingIconURL")]
    pub last_rating_icon_url: Option<String>,
    /// The agent a thread was sent on behalf of.
    pub impersonated_user: Option<PersonRef>,
    /// Forum threads: `{isDeleted, isBestSolution, externalLink}`.
    pub channel_related_info: Option<serde_json::Map<String, Value>>,
    /// `{from, senderName, recipientType, statusVsTime}` per recipient of an email.
    pub read_receipts: Option<Vec<Value>>,
}

/// A file attached to a ticket, thread, comment, contact, account, task, call, event or product.
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Attachment {
    pub id: Option<Id>,
    pub name: Option<String>,
    /// Bytes, as a string.
    pub size: Option<Count>,
    /// Download URL (`…/attachments/{id}/content`); the content needs an authorized GET.
    pub href: Option<String>,
    pub is_public: Option<bool>,
    pub created_time: Option<DateTime>,
    pub creator_id: Option<Id>,
    pub creator: Option<PersonRef>,
    /// Preview link of images and documents.
    pub previewurl: Option<String>,
}

/// A comment on a ticket, contact, account, contract, task, call, event or article.
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Comment {
    pub id: Option<Id>,
    pub content: Option<String>,
    /// `html` or `plainText`.
    pub content_type: Option<String>,
    pub encoded_content: Option<String>,
    pub is_public: Option<bool>,
    pub commenter_id: Option<Id>,
    pub commented_time: Option<DateTime>,
    /// Null until the comment is edited.
    pub modified_time: Option<DateTime>,
    pub attachments: Option<Vec<Attachment>>,
    pub commenter: Option<PersonRef>,
    /// With `include=mentions`.
    pub mention: Option<Vec<Value>>,
    /// The agent a comment was added on behalf of.
    pub impersonated_user: Option<PersonRef>,
    /// Event comments list their attachments' ids beside `attachments`.
    pub attachment_ids: Option<Vec<Id>>,
}

/// A task, call or event: list row, detail, or a ticket's activity row.
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Activity {
    pub id: Option<Id>,
    /// `Tasks`, `Calls` or `Events` (ticket activities).
    pub activity_type: Option<String>,
    pub subject: Option<String>,
    pub description: Option<String>,
    pub status: Option<String>,
    pub status_type: Option<String>,
    pub priority: Option<String>,
    pub category: Option<String>,
    /// Calls: `inbound` or `outbound`.
    pub direction: Option<String>,
    /// Calls: seconds, as a string.
    pub duration: Option<String>,
    /// Calls: the id of the live call.
    pub call_id: Option<Id>,
    pub ticket_id: Option<Id>,
    pub contact_id: Option<Id>,
    pub department_id: Option<Id>,
    pub owner_id: Option<Id>,
    pub creator_id: Option<Id>,
    pub layout_id: Option<Id>,
    pub due_date: Option<DateTime>,
    pub start_time: Option<DateTime>,
    pub end_time: Option<DateTime>,
    /// Task.json documents epoch-millisecond digits here, working clients show ISO strings:
    /// both are accepted, so no `format` is promised.
    pub activity_time: Option<DateTimeOrEpoch>,
    pub completed_time: Option<DateTime>,
    pub created_time: Option<DateTime>,
    pub modified_time: Option<DateTime>,
    pub modified_by: Option<PersonRef>,
    pub is_commented: Option<bool>,
    pub is_spam: Option<bool>,
    pub is_trashed: Option<bool>,
    pub web_url: Option<String>,
    pub cf: Option<CustomFields>,
    pub custom_fields: Option<CustomFields>,
    /// Reminders set on the activity.
    pub reminder: Option<Vec<Value>>,
    /// Ticket activities with `include=`: the ticket, contact, assignee and team.
    pub ticket: Option<TicketRef>,
    pub contact: Option<PersonRef>,
    pub assignee: Option<PersonRef>,
    pub team: Option<NamedRef>,
}

/// One event of a ticket's history (`GET /tickets/{ticketId}/History`); it has no id.
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct HistoryEvent {
    pub event_name: Option<String>,
    pub event_time: Option<DateTime>,
    pub actor: Option<PersonRef>,
    pub source: Option<String>,
    pub event_info: Option<Vec<HistoryChange>>,
    pub actor_info: Option<Vec<Value>>,
}

/// One property change of a history event. `propertyValue` is `{previousValue, updatedValue}`
/// for updates; other events may send other shapes, so it accepts any JSON value (an untyped
/// schema, `true`, which destinations store as JSON).
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct HistoryChange {
    pub property_name: Option<String>,
    pub property_type: Option<String>,
    pub property_value: Value,
    pub system_property: Option<bool>,
}

/// An approval request on a ticket.
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Approval {
    pub id: Option<Id>,
    pub subject: Option<String>,
    pub description: Option<String>,
    /// `Pending`, `Approved` or `Rejected`.
    pub status: Option<String>,
    pub approver_ids: Option<Vec<Id>>,
    pub created_by: Option<Id>,
    pub created_time: Option<DateTime>,
    pub processed_time: Option<DateTime>,
    /// When approval was asked, and by and of whom (TicketApprovals.json `approvalDetails`).
    pub requested_time: Option<DateTime>,
    pub requester: Option<PersonRef>,
    pub approver: Option<PersonRef>,
}

/// An agent following a ticket, contact or account (zohodesk-oas ContactFollowers.json
/// `followerDetails`: id, firstName, lastName, email, photoURL; other names seen in clients).
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Follower {
    pub id: Option<Id>,
    pub name: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email_id: Option<String>,
    pub email: Option<String>,
    #[serde(rename = "photoURL")]
    pub photo_url: Option<String>,
    pub zuid: Option<String>,
    /// The module followed: `tickets`, `contacts` or `accounts`.
    pub following: Option<String>,
}

/// Response and resolution metrics of one ticket (`GET /tickets/{ticketId}/metrics`).
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TicketMetrics {
    /// Durations are strings like `"00:20 hrs"`.
    pub first_response_time: Option<String>,
    pub total_response_time: Option<String>,
    pub resolution_time: Option<String>,
    pub response_count: Option<Count>,
    pub outgoing_count: Option<Count>,
    pub thread_count: Option<Count>,
    pub reopen_count: Option<Count>,
    pub reassign_count: Option<Count>,
    pub staging_data: Option<Vec<StagingData>>,
    pub agents_handled: Option<Vec<AgentHandled>>,
}

/// Time a ticket spent in one status.
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct StagingData {
    pub status: Option<String>,
    pub handled_time: Option<String>,
}

/// Time one agent spent on a ticket.
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AgentHandled {
    pub agent_id: Option<Id>,
    pub agent_name: Option<String>,
    pub handling_time: Option<String>,
}

/// A tag of one ticket (`GET /tickets/{ticketId}/tags`).
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TicketTag {
    pub id: Option<Id>,
    pub name: Option<String>,
    pub tag_type: Option<String>,
}

/// A ticket tag of a department (`GET /ticketTags?departmentId=`).
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Tag {
    pub id: Option<Id>,
    pub name: Option<String>,
    pub department_id: Option<Id>,
    pub count: Option<Count>,
    pub ticket_count: Option<Count>,
    pub created_time: Option<DateTime>,
    /// `MANUAL` or `SYSTEM`.
    pub tag_type: Option<String>,
}

/// A support contract of an account.
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Contract {
    pub id: Option<Id>,
    pub contract_name: Option<String>,
    pub contract_number: Option<String>,
    /// `ACTIVE`, `EXPIRED` or `FUTURE`.
    pub contract_status: Option<String>,
    pub description: Option<String>,
    pub account_id: Option<Id>,
    pub department_id: Option<Id>,
    pub owner_id: Option<Id>,
    pub product_id: Option<Id>,
    #[serde(rename = "associatedSLAId")]
    pub associated_sla_id: Option<Id>,
    pub sla_name: Option<String>,
    pub start_date: Option<Date>,
    pub end_date: Option<Date>,
    pub notify_before: Option<String>,
    pub notification_agent_ids: Option<Vec<Id>>,
    pub created_time: Option<DateTime>,
    pub modified_time: Option<DateTime>,
    pub sla: Option<NamedRef>,
    pub product: Option<ProductRef>,
    pub account: Option<AccountRef>,
    pub support_plan: Option<SupportPlan>,
    pub associated_support_plan_id: Option<Id>,
    /// With `include=owner` / `include=department`.
    pub owner: Option<PersonRef>,
    pub department: Option<NamedRef>,
    pub cf: Option<CustomFields>,
    pub custom_fields: Option<CustomFields>,
}

/// A product embedded in another record.
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProductRef {
    pub id: Option<Id>,
    pub product_name: Option<String>,
}

/// The support plan of a contract.
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SupportPlan {
    pub id: Option<Id>,
    pub name: Option<String>,
    pub status: Option<String>,
    pub support_type: Option<String>,
}

/// A product (list rows carry only id, name, code and price).
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Product {
    pub id: Option<Id>,
    pub product_name: Option<String>,
    pub product_code: Option<String>,
    /// A decimal string (`"25.0"`).
    pub unit_price: Option<String>,
    pub product_category: Option<String>,
    pub description: Option<String>,
    pub owner_id: Option<Id>,
    pub department_ids: Option<Vec<Id>>,
    pub layout_id: Option<Id>,
    pub layout_details: Option<LayoutRef>,
    pub is_deleted: Option<bool>,
    /// Plain agent ids here, not objects.
    pub created_by: Option<Id>,
    pub modified_by: Option<Id>,
    pub created_time: Option<DateTime>,
    pub modified_time: Option<DateTime>,
    pub cf: Option<CustomFields>,
    pub custom_fields: Option<CustomFields>,
    pub manufacturer: Option<String>,
    /// `{id, name, firstName, lastName, photoURL}` with `include=owner`.
    pub owner: Option<PersonRef>,
}

/// A knowledge-base article (list row; the detail adds the `answer` HTML).
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Article {
    pub id: Option<Id>,
    pub title: Option<String>,
    pub summary: Option<String>,
    pub answer: Option<String>,
    pub status: Option<String>,
    pub permission: Option<String>,
    pub permalink: Option<String>,
    pub web_url: Option<String>,
    pub portal_url: Option<String>,
    pub category_id: Option<Id>,
    pub root_category_id: Option<Id>,
    pub category: Option<ArticleCategory>,
    pub department_id: Option<Id>,
    pub locale: Option<String>,
    pub source_locale: Option<String>,
    pub translation_id: Option<Id>,
    pub translation_state: Option<String>,
    pub latest_version: Option<String>,
    pub latest_version_status: Option<String>,
    pub latest_published_version: Option<String>,
    pub position: Option<Count>,
    pub is_locked: Option<bool>,
    pub is_trashed: Option<bool>,
    pub author_id: Option<Id>,
    pub author: Option<PersonRef>,
    pub creator_id: Option<Id>,
    pub created_by: Option<PersonRef>,
    pub modifier_id: Option<Id>,
    pub modified_by: Option<PersonRef>,
    pub owner_id: Option<Id>,
    pub owner: Option<PersonRef>,
    pub latest_version_modifier_id: Option<Id>,
    pub latest_version_modified_by: Option<PersonRef>,
    pub created_time: Option<DateTime>,
    /// The incremental cursor.
    pub modified_time: Option<DateTime>,
    pub view_count: Option<Count>,
    pub like_count: Option<Count>,
    pub dislike_count: Option<Count>,
    pub comment_count: Option<Count>,
    pub feedback_count: Option<Count>,
    pub attachment_count: Option<Count>,
    pub usage_count: Option<Count>,
    pub available_locale_translations: Option<Vec<Translation>>,
    pub article_number: Option<String>,
    /// Article templates: whether this is one, and how it is used.
    pub is_template: Option<bool>,
    pub template_usage_count: Option<Count>,
    pub template_used_users_count: Option<Count>,
    pub template_last_updated_time: Option<DateTime>,
    /// The translation this one was made from.
    pub translation_source: Option<serde_json::Map<String, Value>>,
}

/// The category embedded in an article.
#[derive(JsonSchema)]
pub struct ArticleCategory {
    pub id: Option<Id>,
    pub name: Option<String>,
    pub locale: Option<String>,
}

/// One translation of an article.
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Translation {
    pub locale: Option<String>,
    pub translation_id: Option<Id>,
    pub status: Option<String>,
    pub latest_version: Option<String>,
    pub latest_published_version: Option<String>,
    pub translation_state: Option<String>,
    pub is_locked: Option<bool>,
    pub is_trashed: Option<bool>,
    pub author_id: Option<Id>,
    pub href: Option<String>,
}

/// Feedback left on an article translation (zohodesk-oas ArticleFeedback.json,
/// `feedbackResponseWithLocale`; `contact`, `ticket` with `include=`).
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ArticleFeedback {
    pub id: Option<Id>,
    pub content: Option<String>,
    /// `RESOLVED` or `UNRESOLVED`.
    pub status: Option<String>,
    pub contact_id: Option<Id>,
    /// A string in Zoho's OpenAPI schema, epoch milliseconds in its example.
    pub created_time: Option<DateTimeOrEpoch>,
    /// The ticket the feedback was converted to, if any.
    pub ticket_id: Option<Id>,
    /// The article the feedback is about, beside the embedded `article`.
    pub article_id: Option<Id>,
    /// `LIKE` or `DISLIKE`: the vote that came with the feedback.
    pub rating: Option<String>,
    /// The feedback's text as some list rows carry it beside `content`.
    pub feedback: Option<String>,
    /// The address of who left the feedback (end users without a contact).
    pub email: Option<String>,
    pub article: Option<FeedbackArticle>,
    pub contact: Option<FeedbackContact>,
    pub ticket: Option<FeedbackTicket>,
}

/// The article translation a feedback is about.
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct FeedbackArticle {
    pub id: Option<Id>,
    pub title: Option<String>,
    pub locale: Option<String>,
    pub web_url: Option<String>,
    pub article_number: Option<String>,
    pub author: Option<PersonRef>,
}

/// The contact who left a feedback.
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct FeedbackContact {
    pub id: Option<Id>,
    pub name: Option<String>,
    #[serde(rename = "photoURL")]
    pub photo_url: Option<String>,
    pub web_url: Option<String>,
    /// `AGENT` or `END_USER`; a one-element array in Zoho's OpenAPI example.
    #[serde(rename = "type")]
    pub kind: Option<StringOrStrings>,
}

/// The ticket a feedback was converted to.
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct FeedbackTicket {
    pub id: Option<Id>,
    pub ticket_number: Option<String>,
    pub web_url: Option<String>,
    pub deleted_time: Option<DateTime>,
    pub deleted_by: Option<PersonRef>,
}

/// A root category of the knowledge base (`GET /kbRootCategories`).
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct KbCategory {
    pub id: Option<Id>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub locale: Option<String>,
    pub status: Option<String>,
    pub visibility: Option<String>,
    pub is_trashed: Option<bool>,
    pub article_view_type: Option<String>,
    pub logo_url: Option<String>,
    pub groups: Option<Vec<Value>>,
    pub associated_department_ids: Option<Vec<Id>>,
    pub all_articles_count: Option<Count>,
    pub public_articles_count: Option<Count>,
    pub sections_count: Option<Count>,
    pub feedback_ticket_conversion_preference: Option<FeedbackConversion>,
    pub encrypted_workspace_id: Option<String>,
    pub help_center_id: Option<Id>,
    /// Display position among the root categories, a numeric string.
    pub order: Option<Count>,
    pub created_time: Option<DateTime>,
    pub modified_time: Option<DateTime>,
    /// KBRootCategory.json spells it `helpcenterId`, beside the `helpCenterId` clients show.
    #[serde(rename = "helpcenterId")]
    pub helpcenter_id: Option<Id>,
    pub primary_department_id: Option<Id>,
    pub workspace_id: Option<String>,
    pub is_review_enabled: Option<bool>,
    /// `FIRST_ACTION`, `ALL_ACTION` or `NONE`.
    pub moderation_type: Option<String>,
    pub is_following: Option<bool>,
    pub can_current_user_moderate: Option<bool>,
    pub can_current_user_review: Option<bool>,
    pub translations: Option<Vec<Value>>,
    pub created_by: Option<PersonRef>,
    pub modified_by: Option<PersonRef>,
    pub all_article_template_count: Option<Count>,
    pub published_article_count: Option<Count>,
    pub followers_count: Option<Count>,
    pub portal_url: Option<String>,
}

/// Where article feedback turned into tickets goes.
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct FeedbackConversion {
    pub status: Option<String>,
    pub department_id: Option<Id>,
    pub assignee: Option<PersonRef>,
}

/// A help center (customer portal).
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct HelpCenter {
    pub id: Option<Id>,
    /// The portal API's hex token for this help center.
    pub portal_id: Option<String>,
    pub name: Option<String>,
    pub is_default: Option<bool>,
    pub status: Option<String>,
    pub department_ids: Option<Vec<Id>>,
    /// Locale codes (`en`, `fr-ca`, ...); the per-locale details are `helpCenterLocales`.
    pub locales: Option<Vec<String>>,
    pub help_center_locales: Option<Vec<HelpCenterLocale>>,
    pub primary_locale: Option<String>,
    pub is_multilingual_enabled: Option<bool>,
    pub is_encoded_permalink_allowed: Option<bool>,
    pub url: Option<String>,
    pub logo_url: Option<String>,
    /// `{translateMode, autoTranslateSettings}`.
    pub translate_settings: Option<serde_json::Map<String, Value>>,
    pub domains: Option<Vec<HelpCenterDomain>>,
}

/// A locale a help center is published in.
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct HelpCenterLocale {
    pub locale: Option<String>,
    pub name: Option<String>,
    /// `DEFAULT` or `OTHER`.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub status: Option<String>,
}

/// A domain a help center is served on.
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct HelpCenterDomain {
    pub name: Option<String>,
    pub is_primary: Option<bool>,
    /// `PRIMARY` in the OAS (where `isPrimary` is not documented).
    #[serde(rename = "type")]
    pub kind: Option<String>,
}

/// An end user of a help center (`GET /users`).
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct HelpCenterUser {
    pub id: Option<Id>,
    pub name: Option<String>,
    pub email_address: Option<String>,
    #[serde(rename = "photoURL")]
    pub photo_url: Option<String>,
    /// `type` in the documentation, `userType` in a client's schema: both kept.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub user_type: Option<String>,
    pub status: Option<String>,
    pub last_accessed_time: Option<DateTime>,
    pub label: Option<UserLabel>,
    /// User.json spells it `photoUrl` (its examples `photoURL`): both are declared.
    #[serde(rename = "photoUrl")]
    pub photo_url_lower: Option<String>,
    /// With `include=count`.
    pub count: Option<Count>,
}

/// The label shown on a help-center user.
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserLabel {
    pub id: Option<Id>,
    pub name: Option<String>,
    pub logo_url: Option<String>,
    pub preferences: Option<LabelPreferences>,
}

/// How a label is drawn.
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct LabelPreferences {
    pub shape: Option<String>,
    pub bg_color: Option<String>,
    pub text_color: Option<String>,
}

/// A user group of a help center (`GET /groups`).
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct HelpCenterGroup {
    pub id: Option<Id>,
    pub help_center_id: Option<Id>,
    pub name: Option<String>,
    pub description: Option<String>,
    /// Members, as a string.
    pub count: Option<Count>,
    pub logo_url: Option<String>,
    pub status: Option<String>,
    pub created_time: Option<DateTime>,
    pub modified_time: Option<DateTime>,
    pub creator: Option<PersonRef>,
    pub modifier: Option<PersonRef>,
    pub is_associated: Option<bool>,
}

/// A user label of a help center (`GET /labels`).
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct HelpCenterLabel {
    pub id: Option<Id>,
    pub help_center_id: Option<Id>,
    pub name: Option<String>,
    /// Users with the label, as a string.
    pub count: Option<Count>,
    pub logo_url: Option<String>,
    pub preferences: Option<LabelPreferences>,
    pub created_time: Option<DateTime>,
    pub modified_time: Option<DateTime>,
    pub creator: Option<PersonRef>,
    pub modifier: Option<PersonRef>,
}
