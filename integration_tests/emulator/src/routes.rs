//! THE ROUTE TABLE. Every Desk endpoint is one row interpreted by the generic handler in
//! `api.rs`; adding an endpoint of the catalog is adding a row (plus a renderer/generator
//! when it is a new module).

use crate::data::{Module, SortKey};

/// How an endpoint pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `from` 1-based (0 behaves like 1), per-endpoint `limit` maximum.
    List,
    /// `from` 0-based, `from` >= 5000 refused, time-range filters, needs Desk.search.READ.
    Search,
    /// One record by id: bare object.
    Detail,
    /// Whole collection in one answer; paging parameters are unknown parameters.
    Unpaged,
    /// One object describing the parent record (e.g. ticket metrics).
    ParentObject,
    /// The recycle bin (`crate::bin`): deleted records of every module, paged like a list.
    Bin,
    /// A dashboard metric computed from the tickets and threads (`dashboards.rs`).
    Dashboard,
}

/// A parent carried in a query parameter instead of a path segment (`/ticketTags?departmentId=`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QueryParent {
    pub param: &'static str,
    /// Module of the parent record (`OrganizationFields`: the value is a module name).
    pub module: Module,
    /// Without it: 422 when required, else the first parent record (the default help center).
    pub required: bool,
}

/// Which rendering of a record an endpoint returns (Zoho's projections differ).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    List,
    Search,
    Detail,
    /// A detail whose text is never cut (`…/threads/{threadId}/fullContent`).
    FullContent,
}

/// A `sortBy` value an endpoint accepts and the index that serves it.
pub type SortDef = (&'static str, SortKey);

/// One endpoint.
#[derive(Debug)]
pub struct RouteDef {
    pub method: &'static str,
    /// Path under `/api/v1`; `{..}` segments capture ids (first = parent or record id).
    pub pattern: &'static str,
    pub module: Module,
    pub kind: Kind,
    pub view: View,
    /// Key holding the array (`data`, `teams`, `members`); empty for a bare object.
    pub wrapper: &'static str,
    pub limit_max: usize,
    pub limit_default: usize,
    /// Accepted query parameters (everything else is 422 "Extra query parameter").
    pub params: &'static [&'static str],
    pub sort_by: &'static [SortDef],
    /// Order when no sortBy is given.
    pub default_sort: SortDef,
    /// Whether that default order is descending (ticket history: newest first).
    pub default_desc: bool,
    pub include: &'static [&'static str],
    /// Any one of these scopes grants access.
    pub scopes: &'static [&'static str],
    /// Module of the first `{id}` when it names a parent record.
    pub parent: Option<Module>,
    /// Whether the `orgId` header is required (everything except /organizations).
    pub needs_org: bool,
    /// Parent id carried in a query parameter.
    pub query_parent: Option<QueryParent>,
    /// Parameters that must be present (422 naming them otherwise).
    pub required: &'static [&'static str],
}

const TICKETS_READ: &[&str] = &["Desk.tickets.READ"];
const CONTACTS_READ: &[&str] = &["Desk.contacts.READ"];
const BASIC_READ: &[&str] = &["Desk.basic.READ"];
const BASIC_OR_SETTINGS: &[&str] = &["Desk.basic.READ", "Desk.settings.READ"];
const SEARCH_READ: &[&str] = &["Desk.search.READ"];
const SETTINGS_READ: &[&str] = &["Desk.settings.READ"];
const ACTIVITIES_READ: &[&str] = &["Desk.activities.READ"];
const TASKS_READ: &[&str] = &["Desk.tasks.READ"];
const CALLS_READ: &[&str] = &["Desk.calls.READ"];
const EVENTS_READ: &[&str] = &["Desk.events.READ"];
const PRODUCTS_READ: &[&str] = &["Desk.products.READ"];
const ARTICLES_READ: &[&str] = &["Desk.articles.READ"];
const CONTRACTS_READ: &[&str] = &["Desk.contracts.READ"];

/// Defaults of a paginated child list (`from`/`limit` only, limit max 100).
const LIST: RouteDef = RouteDef {
    method: "GET",
    pattern: "",
    module: Module::Tickets,
    kind: Kind::List,
    view: View::List,
    wrapper: "data",
    limit_max: 100,
    limit_default: 10,
    params: PAGE,
    sort_by: &[],
    default_sort: ID_ORDER,
    default_desc: false,
    include: &[],
    scopes: TICKETS_READ,
    parent: None,
    needs_org: true,
    query_parent: None,
    required: &[],
};
/// Defaults of an unpaginated collection.
const UNPAGED: RouteDef = RouteDef {
    kind: Kind::Unpaged,
    limit_max: 0,
    limit_default: 0,
    params: &[],
    ..LIST
};
const PAGE: &[&str] = &["from", "limit"];
/// Every parameter of the dashboard metrics; which endpoint takes which (backlog has no
/// `teamId`, only responseTime has `isFirstResponse`) is left to the OAS facts.
/// A dashboard metric route; `required` is what the OAS marks required.
const fn dashboard(
    pattern: &'static str,
    wrapper: &'static str,
    required: &'static [&'static str],
) -> RouteDef {
    RouteDef {
        pattern,
        kind: Kind::Dashboard,
        wrapper,
        params: DASHBOARD,
        required,
        ..UNPAGED
    }
}

const DASHBOARD: &[&str] = &[
    "startDate",
    "endDate",
    "duration",
    "agentId",
    "departmentId",
    "teamId",
    "channel",
    "groupBy",
    "isFirstResponse",
];
const PAGE_DEPT: &[&str] = &["from", "limit", "departmentId"];
const PAGE_HC: &[&str] = &["from", "limit", "helpCenterId"];
const COMMENT_PARAMS: &[&str] = &["from", "limit", "sortBy", "include"];
const COMMENT_SORT: &[SortDef] = &[("commentedTime", SortKey::Created)];
const TIME_ENTRY_PARAMS: &[&str] = &["from", "limit", "modifiedTimeRange", "createdTimeRange"];

const fn hc(param: &'static str, module: Module, required: bool) -> Option<QueryParent> {
    Some(QueryParent {
        param,
        module,
        required,
    })
}

const CREATED: SortDef = ("createdTime", SortKey::Created);
const MODIFIED: SortDef = ("modifiedTime", SortKey::Modified);
const ID_ORDER: SortDef = ("id", SortKey::Id);

pub const TICKET_INCLUDES: &[&str] = &[
    "contacts",
    "products",
    "departments",
    "team",
    "isRead",
    "assignee",
];

/// The catalog served today. Order matters only where a literal segment competes with `{id}`
/// (`/tickets/search` and `/tickets/archivedTickets` before `/tickets/{ticketId}`).
pub const ROUTES: &[RouteDef] = &[
    RouteDef {
        method: "GET",
        pattern: "/organizations",
        module: Module::Organizations,
        kind: Kind::Unpaged,
        view: View::List,
        wrapper: "data",
        limit_max: 0,
        limit_default: 0,
        params: &[],
        sort_by: &[],
        default_sort: ID_ORDER,
        default_desc: false,
        include: &[],
        scopes: BASIC_READ,
        parent: None,
        needs_org: false,
        query_parent: None,
        required: &[],
    },
    RouteDef {
        method: "GET",
        pattern: "/agents",
        module: Module::Agents,
        kind: Kind::List,
        view: View::List,
        wrapper: "data",
        limit_max: 200,
        limit_default: 10,
        params: &["from", "limit", "status", "include", "departmentIds"],
        sort_by: &[],
        default_sort: ID_ORDER,
        default_desc: false,
        include: &["profile", "role"],
        scopes: BASIC_OR_SETTINGS,
        parent: None,
        needs_org: true,
        query_parent: None,
        required: &[],
    },
    RouteDef {
        method: "GET",
        pattern: "/departments",
        module: Module::Departments,
        kind: Kind::List,
        view: View::List,
        wrapper: "data",
        limit_max: 200,
        limit_default: 10,
        params: &["from", "limit", "isEnabled"],
        sort_by: &[],
        default_sort: ID_ORDER,
        default_desc: false,
        include: &[],
        scopes: BASIC_OR_SETTINGS,
        parent: None,
        needs_org: true,
        query_parent: None,
        required: &[],
    },
    RouteDef {
        method: "GET",
        pattern: "/teams",
        module: Module::Teams,
        kind: Kind::Unpaged,
        view: View::List,
        wrapper: "teams",
        limit_max: 0,
        limit_default: 0,
        params: &[],
        sort_by: &[],
        default_sort: ID_ORDER,
        default_desc: false,
        include: &[],
        scopes: BASIC_READ,
        parent: None,
        needs_org: true,
        query_parent: None,
        required: &[],
    },
    RouteDef {
        method: "GET",
        pattern: "/teams/{teamId}/members",
        module: Module::TeamMembers,
        kind: Kind::Unpaged,
        view: View::List,
        wrapper: "members",
        limit_max: 0,
        limit_default: 0,
        params: &[],
        sort_by: &[],
        default_sort: ID_ORDER,
        default_desc: false,
        include: &[],
        scopes: BASIC_READ,
        parent: Some(Module::Teams),
        needs_org: true,
        query_parent: None,
        required: &[],
    },
    RouteDef {
        method: "GET",
        pattern: "/tickets/search",
        module: Module::Tickets,
        kind: Kind::Search,
        view: View::Search,
        wrapper: "data",
        limit_max: 100,
        limit_default: 10,
        params: &[
            "from",
            "limit",
            "sortBy",
            "modifiedTimeRange",
            "createdTimeRange",
            "customerResponseTimeRange",
            "departmentId",
            "status",
            "priority",
            "channel",
            "assigneeId",
            "contactId",
            "accountId",
        ],
        sort_by: &[
            MODIFIED,
            CREATED,
            ("customerResponseTime", SortKey::CustomerResponse),
            ("relevance", SortKey::Id),
        ],
        default_sort: ("relevance", SortKey::Id),
        default_desc: false,
        include: &[],
        scopes: SEARCH_READ,
        parent: None,
        needs_org: true,
        query_parent: None,
        required: &[],
    },
    RouteDef {
        pattern: "/tickets/archivedTickets",
        module: Module::ArchivedTickets,
        params: PAGE_DEPT,
        query_parent: hc("departmentId", Module::Departments, true),
        ..LIST
    },
    RouteDef {
        method: "GET",
        pattern: "/tickets",
        module: Module::Tickets,
        kind: Kind::List,
        view: View::List,
        wrapper: "data",
        limit_max: 100,
        limit_default: 10,
        params: &[
            "from",
            "limit",
            "sortBy",
            "include",
            "fields",
            "departmentId",
            "departmentIds",
            "status",
            "priority",
            "channel",
            "assignee",
        ],
        sort_by: &[
            CREATED,
            ("ticketNumber", SortKey::Id),
            ("customerResponseTime", SortKey::CustomerResponse),
        ],
        default_sort: CREATED,
        default_desc: false,
        include: TICKET_INCLUDES,
        scopes: TICKETS_READ,
        parent: None,
        needs_org: true,
        query_parent: None,
        required: &[],
    },
    RouteDef {
        method: "GET",
        pattern: "/tickets/{ticketId}",
        module: Module::Tickets,
        kind: Kind::Detail,
        view: View::Detail,
        wrapper: "",
        limit_max: 0,
        limit_default: 0,
        params: &["include", "fields"],
        sort_by: &[],
        default_sort: ID_ORDER,
        default_desc: false,
        include: TICKET_INCLUDES,
        scopes: TICKETS_READ,
        parent: None,
        needs_org: true,
        query_parent: None,
        required: &[],
    },
    RouteDef {
        method: "GET",
        pattern: "/tickets/{ticketId}/threads",
        module: Module::Threads,
        kind: Kind::List,
        view: View::List,
        wrapper: "data",
        limit_max: 100,
        limit_default: 10,
        params: &["from", "limit", "sortBy"],
        sort_by: &[("sendDateTime", SortKey::Created)],
        default_sort: CREATED,
        default_desc: false,
        include: &[],
        scopes: TICKETS_READ,
        parent: Some(Module::Tickets),
        needs_org: true,
        query_parent: None,
        required: &[],
    },
    RouteDef {
        method: "GET",
        pattern: "/tickets/{ticketId}/threads/{threadId}",
        module: Module::Threads,
        kind: Kind::Detail,
        view: View::Detail,
        wrapper: "",
        limit_max: 0,
        limit_default: 0,
        params: &["include"],
        sort_by: &[],
        default_sort: ID_ORDER,
        default_desc: false,
        include: &["plainText"],
        scopes: TICKETS_READ,
        parent: Some(Module::Tickets),
        needs_org: true,
        query_parent: None,
        required: &[],
    },
    RouteDef {
        method: "GET",
        pattern: "/tickets/{ticketId}/threads/{threadId}/fullContent",
        module: Module::Threads,
        kind: Kind::Detail,
        view: View::FullContent,
        wrapper: "",
        limit_max: 0,
        limit_default: 0,
        params: &[],
        sort_by: &[],
        default_sort: ID_ORDER,
        default_desc: false,
        include: &[],
        scopes: TICKETS_READ,
        parent: Some(Module::Tickets),
        needs_org: true,
        query_parent: None,
        required: &[],
    },
    RouteDef {
        method: "GET",
        pattern: "/tickets/{ticketId}/comments",
        module: Module::Comments,
        kind: Kind::List,
        view: View::List,
        wrapper: "data",
        limit_max: 100,
        limit_default: 10,
        params: &["from", "limit", "sortBy", "include"],
        sort_by: &[("commentedTime", SortKey::Created)],
        default_sort: CREATED,
        default_desc: false,
        include: &["mentions"],
        scopes: TICKETS_READ,
        parent: Some(Module::Tickets),
        needs_org: true,
        query_parent: None,
        required: &[],
    },
    RouteDef {
        method: "GET",
        pattern: "/contacts/search",
        module: Module::Contacts,
        kind: Kind::Search,
        view: View::Search,
        wrapper: "data",
        limit_max: 100,
        limit_default: 10,
        params: &[
            "from",
            "limit",
            "sortBy",
            "modifiedTimeRange",
            "createdTimeRange",
            "accountId",
        ],
        sort_by: &[
            MODIFIED,
            CREATED,
            ("firstName", SortKey::FirstName),
            ("lastName", SortKey::LastName),
        ],
        default_sort: ID_ORDER,
        default_desc: false,
        include: &[],
        scopes: SEARCH_READ,
        parent: None,
        needs_org: true,
        query_parent: None,
        required: &[],
    },
    RouteDef {
        method: "GET",
        pattern: "/contacts",
        module: Module::Contacts,
        kind: Kind::List,
        view: View::List,
        wrapper: "data",
        limit_max: 100,
        limit_default: 10,
        params: &["from", "limit", "sortBy", "include", "fields"],
        sort_by: &[
            ("firstName", SortKey::FirstName),
            ("lastName", SortKey::LastName),
            CREATED,
        ],
        default_sort: CREATED,
        default_desc: false,
        include: &["accounts"],
        scopes: CONTACTS_READ,
        parent: None,
        needs_org: true,
        query_parent: None,
        required: &[],
    },
    RouteDef {
        method: "GET",
        pattern: "/accounts/search",
        module: Module::Accounts,
        kind: Kind::Search,
        view: View::Search,
        wrapper: "data",
        limit_max: 100,
        limit_default: 10,
        params: &[
            "from",
            "limit",
            "sortBy",
            "modifiedTimeRange",
            "createdTimeRange",
        ],
        sort_by: &[MODIFIED, CREATED, ("accountName", SortKey::AccountName)],
        default_sort: ID_ORDER,
        default_desc: false,
        include: &[],
        scopes: SEARCH_READ,
        parent: None,
        needs_org: true,
        query_parent: None,
        required: &[],
    },
    RouteDef {
        method: "GET",
        pattern: "/accounts",
        module: Module::Accounts,
        kind: Kind::List,
        view: View::List,
        wrapper: "data",
        limit_max: 100,
        limit_default: 10,
        params: &["from", "limit", "sortBy", "fields"],
        sort_by: &[("accountName", SortKey::AccountName), CREATED, MODIFIED],
        default_sort: CREATED,
        default_desc: false,
        include: &[],
        scopes: CONTACTS_READ,
        parent: None,
        needs_org: true,
        query_parent: None,
        required: &[],
    },
    RouteDef {
        method: "GET",
        pattern: "/contacts/{contactId}",
        module: Module::Contacts,
        kind: Kind::Detail,
        view: View::Detail,
        wrapper: "",
        limit_max: 0,
        limit_default: 0,
        params: &["include", "fields"],
        sort_by: &[],
        default_sort: ID_ORDER,
        default_desc: false,
        include: &["accounts"],
        scopes: CONTACTS_READ,
        parent: None,
        needs_org: true,
        query_parent: None,
        required: &[],
    },
    RouteDef {
        method: "GET",
        pattern: "/accounts/{accountId}",
        module: Module::Accounts,
        kind: Kind::Detail,
        view: View::Detail,
        wrapper: "",
        limit_max: 0,
        limit_default: 0,
        params: &["fields"],
        sort_by: &[],
        default_sort: ID_ORDER,
        default_desc: false,
        include: &[],
        scopes: CONTACTS_READ,
        parent: None,
        needs_org: true,
        query_parent: None,
        required: &[],
    },
    // ------------------------------------------------------------ full catalog
    RouteDef {
        pattern: "/tickets/{ticketId}/attachments",
        module: Module::TicketAttachments,
        parent: Some(Module::Tickets),
        ..LIST
    },
    RouteDef {
        pattern: "/tickets/{ticketId}/activities",
        module: Module::TicketActivities,
        parent: Some(Module::Tickets),
        scopes: ACTIVITIES_READ,
        ..LIST
    },
    RouteDef {
        pattern: "/tickets/{ticketId}/History",
        module: Module::TicketHistory,
        parent: Some(Module::Tickets),
        limit_max: 50,
        default_sort: ("eventTime", SortKey::Created),
        default_desc: true,
        ..LIST
    },
    RouteDef {
        pattern: "/tickets/{ticketId}/approvals",
        module: Module::TicketApprovals,
        parent: Some(Module::Tickets),
        ..LIST
    },
    RouteDef {
        pattern: "/tickets/{ticketId}/followers",
        module: Module::TicketFollowers,
        parent: Some(Module::Tickets),
        ..UNPAGED
    },
    RouteDef {
        pattern: "/tickets/{ticketId}/metrics",
        module: Module::TicketMetrics,
        kind: Kind::ParentObject,
        wrapper: "",
        parent: Some(Module::Tickets),
        ..UNPAGED
    },
    RouteDef {
        pattern: "/tickets/{ticketId}/tags",
        module: Module::TicketTags,
        // OAS TicketTag.json getTagsByTicketResponse: the rows are under `tags`.
        wrapper: "tags",
        parent: Some(Module::Tickets),
        ..UNPAGED
    },
    RouteDef {
        pattern: "/tickets/{ticketId}/timeEntry",
        module: Module::TicketTimeEntries,
        parent: Some(Module::Tickets),
        params: TIME_ENTRY_PARAMS,
        ..LIST
    },
    RouteDef {
        pattern: "/ticketTags",
        module: Module::Tags,
        params: PAGE_DEPT,
        query_parent: hc("departmentId", Module::Departments, true),
        ..LIST
    },
    RouteDef {
        pattern: "/agents/{agentId}/timeEntry",
        module: Module::AgentTimeEntries,
        parent: Some(Module::Agents),
        params: TIME_ENTRY_PARAMS,
        scopes: SETTINGS_READ,
        ..LIST
    },
    RouteDef {
        pattern: "/roles",
        module: Module::Roles,
        scopes: BASIC_READ,
        ..LIST
    },
    RouteDef {
        pattern: "/profiles",
        module: Module::Profiles,
        scopes: BASIC_READ,
        ..UNPAGED
    },
    RouteDef {
        pattern: "/channels",
        module: Module::Channels,
        scopes: BASIC_READ,
        ..UNPAGED
    },
    RouteDef {
        pattern: "/businessHours",
        module: Module::BusinessHours,
        limit_max: 50,
        scopes: SETTINGS_READ,
        ..LIST
    },
    RouteDef {
        pattern: "/holidayList",
        module: Module::HolidayLists,
        limit_max: 50,
        scopes: SETTINGS_READ,
        ..LIST
    },
    RouteDef {
        pattern: "/customerHappiness",
        module: Module::CustomerHappiness,
        limit_max: 50,
        params: &[
            "from",
            "limit",
            "department",
            "startTime",
            "endTime",
            "rating",
        ],
        required: &["department"],
        scopes: SEARCH_READ,
        ..LIST
    },
    RouteDef {
        pattern: "/organizationFields",
        module: Module::OrganizationFields,
        params: &["module"],
        query_parent: hc("module", Module::OrganizationFields, true),
        scopes: BASIC_READ,
        ..UNPAGED
    },
    // OAS Field.json getFields: the current field metadata, same rows; refuse it per test
    // with the `forbidden` (403) or `flaky_404` (404) settings keyed `GET /api/v1/fields`.
    RouteDef {
        pattern: "/fields",
        module: Module::OrganizationFields,
        params: &["module"],
        query_parent: hc("module", Module::OrganizationFields, true),
        scopes: &["Desk.basic.READ", "Desk.fields.READ"],
        ..UNPAGED
    },
    RouteDef {
        pattern: "/contacts/{contactId}/comments",
        module: Module::ContactComments,
        parent: Some(Module::Contacts),
        params: COMMENT_PARAMS,
        sort_by: COMMENT_SORT,
        include: &["mentions"],
        scopes: CONTACTS_READ,
        ..LIST
    },
    RouteDef {
        pattern: "/contacts/{contactId}/attachments",
        module: Module::ContactAttachments,
        parent: Some(Module::Contacts),
        scopes: CONTACTS_READ,
        ..LIST
    },
    RouteDef {
        pattern: "/contacts/{contactId}/followers",
        module: Module::ContactFollowers,
        parent: Some(Module::Contacts),
        scopes: CONTACTS_READ,
        ..LIST
    },
    RouteDef {
        pattern: "/contacts/{contactId}/timeEntry",
        module: Module::ContactTimeEntries,
        parent: Some(Module::Contacts),
        params: TIME_ENTRY_PARAMS,
        scopes: CONTACTS_READ,
        ..LIST
    },
    RouteDef {
        pattern: "/accounts/{accountId}/comments",
        module: Module::AccountComments,
        parent: Some(Module::Accounts),
        params: COMMENT_PARAMS,
        sort_by: COMMENT_SORT,
        include: &["mentions"],
        scopes: CONTACTS_READ,
        ..LIST
    },
    RouteDef {
        pattern: "/accounts/{accountId}/attachments",
        module: Module::AccountAttachments,
        parent: Some(Module::Accounts),
        scopes: CONTACTS_READ,
        ..LIST
    },
    RouteDef {
        pattern: "/accounts/{accountId}/followers",
        module: Module::AccountFollowers,
        parent: Some(Module::Accounts),
        scopes: CONTACTS_READ,
        ..LIST
    },
    RouteDef {
        pattern: "/accounts/{accountId}/timeEntry",
        module: Module::AccountTimeEntries,
        parent: Some(Module::Accounts),
        params: TIME_ENTRY_PARAMS,
        scopes: CONTACTS_READ,
        ..LIST
    },
    RouteDef {
        pattern: "/contracts",
        module: Module::Contracts,
        limit_max: 50,
        // OAS Contract.json: `departmentIds` (up to 10, comma separated); no `departmentId`.
        params: &["from", "limit", "departmentIds"],
        scopes: CONTRACTS_READ,
        ..LIST
    },
    RouteDef {
        pattern: "/contracts/{contractId}/comments",
        module: Module::ContractComments,
        parent: Some(Module::Contracts),
        params: COMMENT_PARAMS,
        sort_by: COMMENT_SORT,
        include: &["mentions"],
        scopes: CONTRACTS_READ,
        ..LIST
    },
    crate::activities::search("/tasks/search", Module::Tasks),
    RouteDef {
        pattern: "/tasks",
        module: Module::Tasks,
        limit_max: 50,
        params: PAGE_DEPT,
        scopes: TASKS_READ,
        ..LIST
    },
    RouteDef {
        pattern: "/tasks/{taskId}/comments",
        module: Module::TaskComments,
        parent: Some(Module::Tasks),
        params: COMMENT_PARAMS,
        sort_by: COMMENT_SORT,
        include: &["mentions"],
        scopes: TASKS_READ,
        ..LIST
    },
    RouteDef {
        pattern: "/tasks/{taskId}/attachments",
        module: Module::TaskAttachments,
        parent: Some(Module::Tasks),
        scopes: TASKS_READ,
        ..LIST
    },
    RouteDef {
        pattern: "/tasks/{taskId}/timeEntry",
        module: Module::TaskTimeEntries,
        parent: Some(Module::Tasks),
        params: TIME_ENTRY_PARAMS,
        scopes: TASKS_READ,
        ..LIST
    },
    crate::activities::search("/calls/search", Module::Calls),
    RouteDef {
        pattern: "/calls",
        module: Module::Calls,
        params: PAGE_DEPT,
        scopes: CALLS_READ,
        ..LIST
    },
    RouteDef {
        pattern: "/calls/{callId}/comments",
        module: Module::CallComments,
        parent: Some(Module::Calls),
        params: COMMENT_PARAMS,
        sort_by: COMMENT_SORT,
        include: &["mentions"],
        scopes: CALLS_READ,
        ..LIST
    },
    RouteDef {
        pattern: "/calls/{callId}/attachments",
        module: Module::CallAttachments,
        parent: Some(Module::Calls),
        scopes: CALLS_READ,
        ..LIST
    },
    crate::activities::search("/events/search", Module::Events),
    RouteDef {
        pattern: "/events",
        module: Module::Events,
        limit_max: 50,
        params: PAGE_DEPT,
        scopes: EVENTS_READ,
        ..LIST
    },
    RouteDef {
        pattern: "/events/{eventId}/comments",
        module: Module::EventComments,
        parent: Some(Module::Events),
        params: COMMENT_PARAMS,
        sort_by: COMMENT_SORT,
        include: &["mentions"],
        scopes: EVENTS_READ,
        ..LIST
    },
    RouteDef {
        pattern: "/events/{eventId}/attachments",
        module: Module::EventAttachments,
        parent: Some(Module::Events),
        scopes: EVENTS_READ,
        ..LIST
    },
    crate::activities::search("/products/search", Module::Products),
    RouteDef {
        pattern: "/products",
        module: Module::Products,
        limit_max: 50,
        params: PAGE_DEPT,
        scopes: PRODUCTS_READ,
        ..LIST
    },
    RouteDef {
        pattern: "/products/{productId}/attachments",
        module: Module::ProductAttachments,
        parent: Some(Module::Products),
        scopes: PRODUCTS_READ,
        ..LIST
    },
    RouteDef {
        pattern: "/recycleBin",
        kind: Kind::Bin,
        limit_max: 100,
        params: &[
            "include",
            "departmentId",
            "limit",
            "from",
            "moduleId",
            "sortBy",
            "module",
        ],
        include: &["deletedBy", "department"],
        scopes: SETTINGS_READ,
        ..LIST
    },
    RouteDef {
        pattern: "/articles",
        module: Module::Articles,
        limit_max: 50,
        params: &["from", "limit", "sortBy"],
        sort_by: &[MODIFIED, CREATED],
        default_sort: CREATED,
        scopes: ARTICLES_READ,
        ..LIST
    },
    RouteDef {
        pattern: "/articles/{articleId}/comments",
        module: Module::ArticleComments,
        parent: Some(Module::Articles),
        limit_max: 50,
        params: COMMENT_PARAMS,
        sort_by: COMMENT_SORT,
        include: &["mentions"],
        scopes: ARTICLES_READ,
        ..LIST
    },
    // Zoho's OAS (ArticleFeedback.json) documents only this top-level list; without
    // `timeRange` Zoho applies LAST_7_DAYS.
    RouteDef {
        pattern: "/articleFeedbacks",
        module: Module::ArticleFeedbacks,
        limit_max: 50,
        params: &[
            "from",
            "limit",
            "include",
            "locale",
            "rootCategoryIds",
            "departmentIds",
            "sortBy",
            "timeRange",
        ],
        sort_by: &[CREATED],
        default_sort: CREATED,
        include: &["ticket", "contact", "resolution"],
        scopes: ARTICLES_READ,
        ..LIST
    },
    RouteDef {
        pattern: "/kbRootCategories",
        module: Module::KbCategories,
        limit_max: 50,
        scopes: ARTICLES_READ,
        ..LIST
    },
    RouteDef {
        pattern: "/helpCenters",
        module: Module::HelpCenters,
        limit_max: 50,
        scopes: BASIC_READ,
        ..LIST
    },
    RouteDef {
        pattern: "/users",
        module: Module::HelpCenterUsers,
        limit_max: 50,
        limit_default: 50,
        params: PAGE_HC,
        query_parent: hc("helpCenterId", Module::HelpCenters, false),
        scopes: CONTACTS_READ,
        ..LIST
    },
    RouteDef {
        pattern: "/groups",
        module: Module::HelpCenterGroups,
        limit_max: 50,
        params: PAGE_HC,
        query_parent: hc("helpCenterId", Module::HelpCenters, false),
        scopes: CONTACTS_READ,
        ..LIST
    },
    RouteDef {
        pattern: "/labels",
        module: Module::HelpCenterLabels,
        limit_max: 50,
        limit_default: 50,
        params: PAGE_HC,
        query_parent: hc("helpCenterId", Module::HelpCenters, false),
        scopes: CONTACTS_READ,
        ..LIST
    },
    // Dashboard metrics (OAS DashboardMetrics.json), answered by `dashboards.rs`.
    dashboard(
        "/dashboards/onholdTickets",
        "ticketCount",
        &["duration", "groupBy"],
    ),
    dashboard(
        "/dashboards/solvedTickets",
        "ticketCount",
        &["duration", "groupBy"],
    ),
    dashboard(
        "/dashboards/backlogTickets",
        "ticketCount",
        &["duration", "groupBy"],
    ),
    dashboard(
        "/dashboards/reopenedTickets",
        "ticketCount",
        &["duration", "groupBy"],
    ),
    dashboard(
        "/dashboards/ticketsResolutionTime",
        "timeData",
        &["duration", "groupBy"],
    ),
    dashboard(
        "/dashboards/createdTickets",
        "ticketCount",
        &["duration", "groupBy"],
    ),
    dashboard(
        "/dashboards/responseCount",
        "responseCount",
        &["duration", "groupBy"],
    ),
    dashboard(
        "/dashboards/responseTime",
        "timeData",
        &["duration", "groupBy", "isFirstResponse"],
    ),
];

impl RouteDef {
    /// Stats key, e.g. `GET /api/v1/tickets/{ticketId}/threads`.
    pub fn stats_key(&self) -> String {
        format!("{} /api/v1{}", self.method, self.pattern)
    }
}

/// Finds the route for `path` (relative to `/api/v1`) and the captured `{id}` segments.
/// Returns `Err(true)` when the path exists with another method.
pub fn match_route<'p>(
    method: &str,
    path: &'p str,
) -> Result<(&'static RouteDef, Vec<&'p str>), bool> {
    let segs: Vec<&str> = path.trim_end_matches('/').split('/').skip(1).collect();
    let mut other_method = false;
    for r in ROUTES {
        let pat: Vec<&str> = r.pattern.split('/').skip(1).collect();
        if pat.len() != segs.len() {
            continue;
        }
        let mut caps = Vec::new();
        let ok = pat.iter().zip(&segs).all(|(p, s)| {
            if p.starts_with('{') {
                caps.push(*s);
                !s.is_empty()
            } else {
                p == s
            }
        });
        if ok {
            if r.method == method {
                return Ok((r, caps));
            }
            other_method = true;
        }
    }
    Err(other_method)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_segments_win_over_ids() {
        let (r, caps) = match_route("GET", "/tickets/search").expect("route");
        assert_eq!(r.kind, Kind::Search);
        assert!(caps.is_empty());
        let (r, caps) = match_route("GET", "/tickets/412/threads/413").expect("route");
        assert_eq!(r.module, Module::Threads);
        assert_eq!(caps, vec!["412", "413"]);
        assert_eq!(
            r.stats_key(),
            "GET /api/v1/tickets/{ticketId}/threads/{threadId}"
        );
    }

    #[test]
    fn unknown_paths_and_methods() {
        assert_eq!(match_route("GET", "/nope").err(), Some(false));
        assert_eq!(match_route("POST", "/tickets").err(), Some(true));
    }

    #[test]
    fn every_route_is_well_formed() {
        for r in ROUTES {
            match r.kind {
                Kind::List | Kind::Search | Kind::Bin => {
                    assert!(
                        r.params.contains(&"from") && r.params.contains(&"limit"),
                        "{}",
                        r.pattern
                    );
                    assert!(r.limit_max >= r.limit_default && r.limit_default > 0);
                }
                Kind::Unpaged | Kind::Detail | Kind::ParentObject | Kind::Dashboard => {
                    assert!(!r.params.contains(&"from"))
                }
            }
            if r.kind == Kind::Search {
                assert_eq!(r.scopes, SEARCH_READ);
            }
            if !r.include.is_empty() {
                assert!(r.params.contains(&"include"), "{}", r.pattern);
            }
        }
    }
}
