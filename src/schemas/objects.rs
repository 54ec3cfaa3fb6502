//! One type per Zoho Desk object, describing the union of its list, search and detail rows
//! (zoho-desk-api.md §7). Every field but `id` is optional: list rows omit many of them, and
//! the schema must accept whatever Zoho sends; unknown fields are allowed by the generator.

use schemars::JsonSchema;
use serde_json::Value;

use super::scalars::{BoolOrString, Count, CustomFields, DateTime, Id};

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
    pub web_url: Option<String>,
}
