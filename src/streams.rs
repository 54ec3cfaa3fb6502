//! The stream table: one row per Zoho Desk object. Adding or correcting an endpoint is a change
//! to a row (plus its schema type in `schemas`); the read engine interprets the rows.
//!
//! Every row names the source of its endpoint facts. `FB` is the fact base
//! `shared/reference/zoho-desk-api.md` ([doc] = Zoho's documentation, [obs] = observed by working
//! clients); `OAS` is Zoho's own OpenAPI description, repository zoho/zohodesk-oas, folder v1.0.
//! Where sources disagree the row takes the reading that cannot lose data and says so.

/// How a list endpoint pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paging {
    /// Not paginated: one GET returns every row.
    None,
    /// Offset paging with `from` and `limit` (up to `max`). Where `from` starts is disputed:
    /// working clients saw 1-based lists live (FB §2.3, [obs] CONTEXTEDGE), Zoho's OpenAPI
    /// files give `from` a default of 0 on most lists (OAS Ticket.json, Team.json) and a minimum
    /// of 1 on a few (OAS Helpcenter.json). The engine starts at the row's `first_from` (1 where
    /// the OAS says `minimum: 1`, else 0) and advances by rows received less one, so each
    /// page repeats the last one's last row (a delete before the offset shows as its absence,
    /// see `read::walk::OffsetWalk`); on a 1-based server 0 reads as 1 and pages overlap by
    /// two rows, which the comparison with the ids already read drops; a server that refuses 0 with a 422 naming
    /// `from` is retried from 1 and paged 1-based from then on. No reading skips a row. A list
    /// ends on an empty answer, never on a short page.
    Offset { max: u32 },
}

/// How a stream reads incrementally.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Incremental {
    /// Full refresh only.
    None,
    /// An endpoint filtered by a time range on the cursor and sorted ascending by it: the
    /// `/…/search` endpoints (0-based `from`, 5,000-row window, Desk.search.READ), and lists that
    /// take a range (`/articleFeedbacks`). Read as keyset windows: each page
    /// restarts the range at the last cursor seen, so offsets stay near 0 (cheapest credits) and
    /// the window cap is never reached by a normal walk. Used in both sync modes so records
    /// have the same shape (search rows carry `modifiedTime`; list rows do not).
    SearchRange {
        path: &'static str,
        range_param: &'static str,
        sort_by: &'static str,
        max: u32,
        /// The search's one-department filter; with a department filter configured, each
        /// department is walked on its own (state keeps one cursor per department).
        department_param: Option<&'static str>,
    },
    /// The list sorts newest first by the cursor (`sortBy=-modifiedTime`): walk pages until a
    /// row older than the saved cursor appears. Rows tied with the cursor are re-read (ties are
    /// never lost) and skipped by id.
    SortDescWalk { sort_by: &'static str },
    /// The list filters by an epoch-millisecond window on the cursor (`startTime`/`endTime`).
    EpochWindow {
        start_param: &'static str,
        end_param: &'static str,
    },
    /// A child whose endpoint filters each parent's rows by a time range on the cursor
    /// (`modifiedTimeRange`): one call per parent, with the range from the saved cursor.
    ParentRange { range_param: &'static str },
    /// A child of an incremental parent: an incremental sync re-reads the children of exactly
    /// the parents that changed since the saved parent cursor. Whether every change to a child
    /// moves its parent's `modifiedTime` is UNCERTAIN (FB §6.1); a periodic full refresh of the
    /// child stream catches anything that did not.
    ChildOfChanged,
    /// One aggregate answer per calendar day (`duration=CUSTOM_IN_DATE`, `startDate` =
    /// `endDate`): Zoho's dashboard metrics. Rows carry the day asked (`day`, added) and a group
    /// key (`groupKey`, added); state is the last day that has ended in every time zone, so
    /// the days after it (today's partial one included) are read again next sync. See
    /// `read::daily`.
    Daily,
}

/// Where a child stream gets its parents from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Parent {
    /// Rows of another stream of this table. `placeholder` names the path segment
    /// (`{ticketId}`) or, when the path has none, the query parameter that carries the parent id.
    Stream {
        stream: &'static str,
        placeholder: &'static str,
        /// Key added to every row with the parent's id when Zoho's row lacks it.
        inject: Option<&'static str>,
        /// Only parents whose row has this counter above zero (e.g. threads with attachments),
        /// to avoid calls that can only return nothing.
        only_if_nonzero: Option<&'static str>,
        /// The parent row's count of these children (`threadCount`): a list that returned
        /// that many rows is complete without one more call to hear "nothing more". Without
        /// it (or when the parent row lacks the field) the list is read until an empty page.
        count_field: Option<&'static str>,
    },
    /// A fixed list of values for a query parameter (e.g. `module` of field metadata).
    Values {
        param: &'static str,
        values: &'static [&'static str],
        inject: Option<&'static str>,
    },
}

/// Message text in a stream's rows (thread bodies, comments): where it is and how it is typed,
/// so the engine can complete truncated text and add a plain-text rendering of HTML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Content {
    /// The text (`content`).
    pub field: &'static str,
    /// Its type (`contentType`: `text/html`, `html`, `text/plain`, `plainText`).
    pub type_field: &'static str,
    /// Where Zoho may cut the text: the row's boolean flag (`isContentTruncated`) and the
    /// endpoint that returns the whole record with the whole text, read when the flag is true.
    pub truncated: Option<(&'static str, &'static str)>,
}

/// Comment rows: the list carries the whole `content` (OAS *Comments.json: no truncation flag).
pub const COMMENT_CONTENT: Option<Content> = Some(Content {
    field: "content",
    type_field: "contentType",
    truncated: None,
});

/// How the `department_ids` config filter is pushed down to a stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Departments {
    /// Not department-scoped.
    None,
    /// Accepts a comma-separated list of department ids in this parameter.
    List(&'static str),
    /// Accepts one department id in this parameter: one pass per configured department (one
    /// pass without it when no filter is configured).
    Each(&'static str),
    /// The stream's parents are departments: only the configured ones are visited.
    Parents,
}

#[derive(Debug, Clone, Copy)]
pub struct StreamDef {
    pub name: &'static str,
    /// Path below `/api/v1`, with `{placeholder}`s for parent ids.
    pub path: &'static str,
    /// Key of the JSON object holding the rows; `""` when the answer is a single object.
    pub wrapper: &'static str,
    /// Empty where Zoho's rows carry no unique key (ticket history).
    pub primary_key: &'static [&'static str],
    /// The record field that moves when a record changes, for record-level incremental
    /// strategies. `None` for full refresh and for children read through their parent.
    pub cursor: Option<&'static str>,
    /// The key under which this stream's cursor value is added to the rows of its children of
    /// changed parents: those rows have no cursor of their own, and incremental consumers (CAT,
    /// destinations) need one that orders them like the saved state does.
    pub cursor_in_children: Option<&'static str>,
    pub paging: Paging,
    /// The first `from` of an offset walk: 0 where Zoho's OAS gives `from` no minimum (0 reads
    /// as 1 on a 1-based list, the id dedupe drops the repeats), 1 where the OAS declares
    /// `minimum: 1` (a 0 there is an invalid request).
    pub first_from: u32,
    pub incremental: Incremental,
    pub parent: Option<Parent>,
    /// Fixed query parameters every call carries.
    pub params: &'static [(&'static str, &'static str)],
    pub departments: Departments,
    /// Module name of `/organizationFields` whose custom fields appear under `cf`.
    pub cf_module: Option<&'static str>,
    /// The recycle bin's `module` whose deleted records are this stream's (`/recycleBin`,
    /// OAS Recyclebin.json): an incremental sync into a dedup destination emits a tombstone
    /// per record deleted since the last sync (`read::tombstones`).
    pub bin_module: Option<&'static str>,
    /// Sends the `orgId` header (all endpoints but `/organizations`, FB §2.1).
    pub org_header: bool,
    /// OAuth scope the endpoints need, named in permission errors (FB §1.5).
    pub scope: &'static str,
    /// Where the endpoint facts come from.
    pub source: &'static str,
    /// One record by id, with `{placeholder}`s (its own id under the placeholder its children
    /// use): asked when a child list answers 404, to tell a parent that is gone (its children
    /// are skipped) from a transient routing error (retried, then the stream fails).
    pub by_id: Option<&'static str>,
    /// Ids of further ancestors (by placeholder) added to rows that lack them, beyond the
    /// parent's `inject`: a grandchild's row then names its whole lineage (a thread's content
    /// names its ticket).
    pub carry: &'static [&'static str],
    /// The rows' message text, where they hold one.
    pub content: Option<Content>,
}

impl StreamDef {
    pub fn supports_incremental(&self) -> bool {
        !matches!(self.incremental, Incremental::None)
    }

    pub fn parent_stream(&self) -> Option<&'static StreamDef> {
        match self.parent {
            Some(Parent::Stream { stream, .. }) => find(stream),
            _ => None,
        }
    }

    /// The top of this stream's parent chain (the stream itself for a root).
    pub fn root(&self) -> &StreamDef {
        let mut current = self;
        while let Some(parent) = current.parent_stream() {
            current = parent;
        }
        current
    }

    /// The record field an incremental sync orders by, declared as `default_cursor_field`: the
    /// stream's own cursor, or for a child of changed parents its root's cursor value as the
    /// connector adds it to every row (`cursor_in_children`).
    pub fn cursor_field(&self) -> Option<&'static str> {
        match self.incremental {
            Incremental::None => None,
            Incremental::ChildOfChanged => self.root().cursor_in_children,
            _ => self.cursor,
        }
    }
}

/// How far back a dashboard stream starts without `start_date`: a year of daily series (year
/// over year comparisons), about 365 calls per stream once; later syncs read about two days.
/// A shorter default would lose history no later sync recovers without a reset.
pub const DAILY_DEFAULT_DAYS: i64 = 365;

/// Zoho's search windows: `from` must stay below 5,000 ([2nd] D29; `from + limit <= 5000` is
/// the stricter reading, which we obey).
pub const SEARCH_WINDOW: u32 = 5000;

const fn search(
    path: &'static str,
    max: u32,
    department_param: Option<&'static str>,
) -> Incremental {
    Incremental::SearchRange {
        path,
        range_param: "modifiedTimeRange",
        sort_by: "modifiedTime",
        max,
        department_param,
    }
}

const fn child(stream: &'static str, placeholder: &'static str) -> Option<Parent> {
    Some(Parent::Stream {
        stream,
        placeholder,
        inject: Some(placeholder),
        only_if_nonzero: None,
        count_field: None,
    })
}

/// A child whose parent row counts it (`count_field`), so a complete list needs no extra call.
const fn counted(
    stream: &'static str,
    placeholder: &'static str,
    count_field: &'static str,
) -> Option<Parent> {
    Some(Parent::Stream {
        stream,
        placeholder,
        inject: Some(placeholder),
        only_if_nonzero: None,
        count_field: Some(count_field),
    })
}

/// A dashboard metric (OAS DashboardMetrics.json): one call per day with the day as
/// `startDate` and `endDate`. Zoho's rows have no id: the key is the day and the group
/// (`groupKey`: the agent's id, else the group's name), both added by the connector. The
/// department filter goes down as `departmentId` (ids); without one Zoho counts the whole
/// portal. Every metric needs Desk.tickets.READ.
const fn daily(
    name: &'static str,
    path: &'static str,
    wrapper: &'static str,
    params: &'static [(&'static str, &'static str)],
    source: &'static str,
) -> StreamDef {
    StreamDef {
        name,
        path,
        wrapper,
        primary_key: &["day", "groupKey"],
        cursor: Some("day"),
        incremental: Incremental::Daily,
        params,
        departments: Departments::List("departmentId"),
        scope: "Desk.tickets.READ",
        source,
        ..BASE
    }
}

const ID: &[&str] = &["id"];
const MODIFIED: Option<&str> = Some("modifiedTime");

/// Defaults for a row; every row overrides what differs.
const BASE: StreamDef = StreamDef {
    name: "",
    path: "",
    wrapper: "data",
    primary_key: ID,
    cursor: None,
    cursor_in_children: None,
    paging: Paging::None,
    first_from: 0,
    incremental: Incremental::None,
    parent: None,
    params: &[],
    departments: Departments::None,
    cf_module: None,
    bin_module: None,
    org_header: true,
    scope: "",
    source: "",
    by_id: None,
    carry: &[],
    content: None,
};

const CUSTOM_FIELD_MODULES: &[&str] = &[
    "tickets",
    "contacts",
    "accounts",
    "tasks",
    "calls",
    "events",
    "products",
    "contracts",
];

pub const STREAMS: &[StreamDef] = &[
    // ---------------------------------------------------------------- organization
    StreamDef {
        name: "organizations",
        path: "/organizations",
        org_header: false,
        scope: "Desk.basic.READ",
        source: "OAS Organization.json getOrganizations: no query parameters, no orgId header; FB §2.1 [doc] ZD-API (no orgId header); FB §3.2 not paginated; FB §7.8 numeric id [obs] AIRBYTE-MANIFEST",
        ..BASE
    },
    StreamDef {
        name: "agents",
        path: "/agents",
        paging: Paging::Offset { max: 200 },
        departments: Departments::List("departmentIds"),
        scope: "Desk.basic.READ",
        source: "OAS Agent.json getAgents: departmentIds, limit 0-200, from minimum 0; FB §3.3 [doc] QODEX list-agents",
        ..BASE
    },
    StreamDef {
        name: "agent_time_entries",
        path: "/agents/{agentId}/timeEntry",
        primary_key: &["agentId", "id"],
        cursor: MODIFIED,
        paging: Paging::Offset { max: 100 },
        incremental: Incremental::ParentRange {
            range_param: "modifiedTimeRange",
        },
        parent: child("agents", "agentId"),
        scope: "Desk.settings.READ",
        source: "OAS AgentTimeEntry.json getTimeEntryByAgentId: limit 1-100, from default 0, modifiedTimeRange",
        ..BASE
    },
    StreamDef {
        name: "departments",
        path: "/departments",
        paging: Paging::Offset { max: 200 },
        scope: "Desk.basic.READ",
        source: "OAS Department.json getDepartments: limit 0-200, from; FB §3.3 [doc] QODEX list-departments",
        ..BASE
    },
    StreamDef {
        name: "teams",
        path: "/teams",
        wrapper: "teams",
        scope: "Desk.basic.READ",
        source: "OAS Team.json getTeams: limit omitted or 0 returns every team (max 200), from minimum 0; wrapper `teams` FB §3.3",
        ..BASE
    },
    StreamDef {
        name: "team_members",
        path: "/teams/{teamId}/members",
        wrapper: "members",
        primary_key: &["teamId", "id"],
        parent: child("teams", "teamId"),
        scope: "Desk.basic.READ",
        source: "OAS Team.json getTeamMembersDetails: not paginated, include profile/role only; wrapper `members` FB §7.8 [obs] AIRBYTE-MANIFEST",
        ..BASE
    },
    StreamDef {
        name: "roles",
        path: "/roles",
        paging: Paging::Offset { max: 100 },
        scope: "Desk.basic.READ",
        source: "OAS Role.json getRoles: limit 0-500, from minimum 0 (100 asked; FB §3.3 saw 50 and 500, stepped down on a 422 naming the range)",
        ..BASE
    },
    StreamDef {
        name: "profiles",
        path: "/profiles",
        scope: "Desk.basic.READ",
        source: "OAS Profile.json getProfileList: limit 1-250, default 250, from minimum 0; read in one call as FB §3.3 [obs] AIRBYTE-MANIFEST does (a portal with more than 250 profiles would need paging: UNCERTAIN)",
        ..BASE
    },
    StreamDef {
        name: "channels",
        path: "/channels",
        primary_key: &["code"],
        scope: "Desk.basic.READ",
        source: "OAS Channel.json getChannels: no query parameters, wrapper `data`; primary key `code` [obs] AIRBYTE-MANIFEST",
        ..BASE
    },
    StreamDef {
        name: "business_hours",
        path: "/businessHours",
        paging: Paging::Offset { max: 50 },
        scope: "Desk.settings.READ",
        source: "OAS BusinessHour.json getBusinessHours: limit 1-50, from, status",
        ..BASE
    },
    StreamDef {
        name: "holiday_lists",
        path: "/holidayList",
        paging: Paging::Offset { max: 50 },
        scope: "Desk.settings.READ",
        source: "OAS HolidayList.json getHolidayLists: limit 1-50, from, wrapper `data`",
        ..BASE
    },
    StreamDef {
        name: "customer_happiness",
        path: "/customerHappiness",
        cursor: Some("ratedTime"),
        paging: Paging::Offset { max: 50 },
        incremental: Incremental::EpochWindow {
            start_param: "startTime",
            end_param: "endTime",
        },
        params: &[("department", "allDepartment")],
        departments: Departments::Each("department"),
        scope: "Desk.search.READ",
        source: "OAS CustomerHappiness.json declares no GET /customerHappiness (only the link holder): read as documented by FB §3.2 [doc] QODEX (department=id|allDepartment, startTime/endTime epoch ms); limit UNCERTAIN, 50 safe",
        ..BASE
    },
    StreamDef {
        name: "organization_fields",
        path: "/organizationFields",
        primary_key: &["module", "id"],
        parent: Some(Parent::Values {
            param: "module",
            values: CUSTOM_FIELD_MODULES,
            inject: Some("module"),
        }),
        scope: "Desk.basic.READ",
        source: "OAS: Field.json documents GET /fields?module= (module required), not /organizationFields, which FB §3.3 [obs] N8N, PIPEDREAM use: kept for this stream, so its rows keep their shape and key where /fields is refused; discover types `cf` from /fields first (UNCERTAIN)",
        ..BASE
    },
    // ---------------------------------------------------------------- tickets
    StreamDef {
        name: "tickets",
        path: "/tickets",
        cursor: MODIFIED,
        cursor_in_children: Some("ticketModifiedTime"),
        paging: Paging::Offset { max: 100 },
        // Search cap UNCERTAIN (100 [2nd] D29 vs 50 [obs] N8N): we ask for 100 and step down to
        // the range Zoho names if it answers 422 (see read::fetch_rows).
        incremental: search("/tickets/search", 100, Some("departmentId")),
        departments: Departments::List("departmentIds"),
        cf_module: Some("tickets"),
        bin_module: Some("tickets"),
        by_id: Some("/tickets/{ticketId}"),
        scope: "Desk.tickets.READ",
        source: "OAS Ticket.json getTickets: from default 0, limit without declared maximum (100 asked, FB §3.1 [doc] TAPDATA), departmentIds up to 20; OAS Search.json searchTickets: modifiedTimeRange, sortBy modifiedTime, limit 1-100, from 0-999 (FB's 5,000-row window [2nd] D29 is kept: a walk that needs from >= 1000, over 999 rows in one millisecond, fails loudly either way)",
        ..BASE
    },
    StreamDef {
        name: "tickets_extended",
        path: "/tickets/{ticketId}",
        wrapper: "",
        incremental: Incremental::ChildOfChanged,
        parent: Some(Parent::Stream {
            stream: "tickets",
            placeholder: "ticketId",
            inject: None,
            only_if_nonzero: None,
            count_field: None,
        }),
        params: &[(
            "include",
            "contacts,products,assignee,departments,team,isRead",
        )],
        cf_module: Some("tickets"),
        scope: "Desk.tickets.READ",
        source: "OAS Ticket.json getTicket: include enum contacts, products, assignee, departments, team, isRead (also contract, skills); one call (1 credit) per ticket",
        ..BASE
    },
    StreamDef {
        name: "threads",
        path: "/tickets/{ticketId}/threads",
        primary_key: &["ticketId", "id"],
        paging: Paging::Offset { max: 100 },
        incremental: Incremental::ChildOfChanged,
        parent: counted("tickets", "ticketId", "threadCount"),
        by_id: Some("/tickets/{ticketId}/threads/{threadId}"),
        scope: "Desk.tickets.READ",
        source: "OAS Thread.json getThreads: limit without declared maximum (100 asked: FB §3.1 [obs] N8N; 200 [2nd] D29), sortBy sendDateTime",
        ..BASE
    },
    StreamDef {
        name: "thread_attachments",
        path: "/tickets/{ticketId}/threads/{threadId}",
        wrapper: "attachments",
        primary_key: &["threadId", "id"],
        incremental: Incremental::ChildOfChanged,
        parent: Some(Parent::Stream {
            stream: "threads",
            placeholder: "threadId",
            inject: Some("threadId"),
            only_if_nonzero: Some("attachmentCount"),
            count_field: None,
        }),
        scope: "Desk.tickets.READ",
        source: "OAS Thread.json getThread: include plainText only; the detail carries `attachments` FB §3.1 [obs] AIRBYTE-MANIFEST, N8N; one call per thread that has attachments",
        ..BASE
    },
    StreamDef {
        name: "thread_contents",
        path: "/tickets/{ticketId}/threads/{threadId}",
        wrapper: "",
        primary_key: &["ticketId", "id"],
        incremental: Incremental::ChildOfChanged,
        parent: Some(Parent::Stream {
            stream: "threads",
            placeholder: "threadId",
            inject: None,
            only_if_nonzero: None,
            count_field: None,
        }),
        carry: &["ticketId"],
        content: Some(Content {
            field: "content",
            type_field: "contentType",
            truncated: Some((
                "isContentTruncated",
                "/tickets/{ticketId}/threads/{threadId}/fullContent",
            )),
        }),
        scope: "Desk.tickets.READ",
        source: "OAS Thread.json getThread: the whole thread with `content` (maxLength 16,000,000), `contentType` text/html or text/plain, `isContentTruncated`, `fullContentURL`; getThreadFullContent GET …/fullContent returns the thread with its full content, read only for a truncated thread (emulator facts oas/threads.json)",
        ..BASE
    },
    StreamDef {
        name: "ticket_comments",
        content: COMMENT_CONTENT,
        path: "/tickets/{ticketId}/comments",
        primary_key: &["ticketId", "id"],
        paging: Paging::Offset { max: 100 },
        incremental: Incremental::ChildOfChanged,
        parent: counted("tickets", "ticketId", "commentCount"),
        scope: "Desk.tickets.READ",
        source: "OAS TicketComment.json getTicketComments: limit 1-100, from minimum 0, sortBy commentedTime",
        ..BASE
    },
    StreamDef {
        name: "ticket_attachments",
        path: "/tickets/{ticketId}/attachments",
        primary_key: &["ticketId", "id"],
        paging: Paging::Offset { max: 100 },
        incremental: Incremental::ChildOfChanged,
        parent: counted("tickets", "ticketId", "attachmentCount"),
        scope: "Desk.tickets.READ",
        source: "OAS TicketAttachment.json getTicketAttachments: limit 1-100, from default 0, wrapper `data`",
        ..BASE
    },
    StreamDef {
        name: "ticket_activities",
        path: "/tickets/{ticketId}/activities",
        primary_key: &["ticketId", "id"],
        paging: Paging::Offset { max: 100 },
        incremental: Incremental::ChildOfChanged,
        parent: child("tickets", "ticketId"),
        scope: "Desk.activities.READ",
        source: "OAS Activity.json getActivitiesForTicket: limit 1-100, wrapper `data`; its scopes are Desk.activities.{calls,tasks,events}.READ or Desk.{calls,tasks,events}.READ (FB §1.5 names Desk.activities.READ: UNCERTAIN)",
        ..BASE
    },
    StreamDef {
        name: "ticket_history",
        path: "/tickets/{ticketId}/History",
        // History events carry no id; no column set is unique (two events can share a second),
        // so no primary key is declared and destinations append.
        primary_key: &[],
        paging: Paging::Offset { max: 50 },
        incremental: Incremental::ChildOfChanged,
        parent: child("tickets", "ticketId"),
        scope: "Desk.tickets.READ",
        source: "OAS TicketHistory.json has schemas only, no path: FB §3.1 /tickets/{id}/History limit 50, from default 0 [doc] ZH-HISTORY",
        ..BASE
    },
    StreamDef {
        name: "ticket_approvals",
        path: "/tickets/{ticketId}/approvals",
        primary_key: &["ticketId", "id"],
        paging: Paging::Offset { max: 100 },
        incremental: Incremental::ChildOfChanged,
        parent: child("tickets", "ticketId"),
        scope: "Desk.tickets.READ",
        source: "OAS TicketApprovals.json getTicketApprovals: limit 1-100, from default 0, wrapper `data`",
        ..BASE
    },
    StreamDef {
        name: "ticket_followers",
        path: "/tickets/{ticketId}/followers",
        primary_key: &["ticketId", "id"],
        incremental: Incremental::ChildOfChanged,
        parent: child("tickets", "ticketId"),
        scope: "Desk.tickets.READ",
        source: "OAS TicketFollowers.json getTicketFollowers: not paginated, no query parameters, wrapper `data`",
        ..BASE
    },
    StreamDef {
        name: "ticket_metrics",
        path: "/tickets/{ticketId}/metrics",
        wrapper: "",
        primary_key: &["ticketId"],
        incremental: Incremental::ChildOfChanged,
        parent: child("tickets", "ticketId"),
        scope: "Desk.tickets.READ",
        source: "OAS Ticket.json getTicketsMetrics: no query parameters; one object per ticket FB §3.1 [obs] VAPVARUN, DBX",
        ..BASE
    },
    StreamDef {
        name: "ticket_tags",
        path: "/tickets/{ticketId}/tags",
        wrapper: "tags",
        primary_key: &["ticketId", "id"],
        incremental: Incremental::ChildOfChanged,
        parent: child("tickets", "ticketId"),
        scope: "Desk.tickets.READ",
        source: "OAS TicketTag.json getTagsByTicket: rows under `tags`, no query parameters; FB §3.1 [obs] N8N",
        ..BASE
    },
    StreamDef {
        name: "ticket_time_entries",
        path: "/tickets/{ticketId}/timeEntry",
        primary_key: &["ticketId", "id"],
        paging: Paging::Offset { max: 100 },
        incremental: Incremental::ChildOfChanged,
        parent: child("tickets", "ticketId"),
        scope: "Desk.tickets.READ",
        source: "OAS TicketTimeEntry.json getTicketTimeEntries: limit 1-100, from default 0, modifiedTimeRange/createdTimeRange",
        ..BASE
    },
    StreamDef {
        name: "tags",
        path: "/ticketTags",
        paging: Paging::Offset { max: 100 },
        parent: Some(Parent::Stream {
            stream: "departments",
            placeholder: "departmentId",
            inject: None,
            only_if_nonzero: None,
            count_field: None,
        }),
        departments: Departments::Parents,
        scope: "Desk.tickets.READ",
        source: "OAS TicketTag.json listTicketTags: departmentId required, limit 1-100, wrapper `data`",
        ..BASE
    },
    // ---------------------------------------------------------------- archived tickets
    StreamDef {
        name: "archived_tickets",
        path: "/tickets/archivedTickets",
        paging: Paging::Offset { max: 100 },
        parent: Some(Parent::Stream {
            stream: "departments",
            placeholder: "departmentId",
            inject: None,
            only_if_nonzero: None,
            count_field: None,
        }),
        cf_module: Some("tickets"),
        departments: Departments::Parents,
        by_id: Some("/tickets/{ticketId}"),
        scope: "Desk.tickets.READ",
        source: "OAS Ticket.json getArchivedTickets: departmentId required, limit without declared maximum (100 asked, FB §3.1 [obs]), from default 0; offsets up to 5,000 per department [2nd] D29",
        ..BASE
    },
    StreamDef {
        name: "archived_tickets_extended",
        path: "/tickets/{ticketId}",
        wrapper: "",
        parent: Some(Parent::Stream {
            stream: "archived_tickets",
            placeholder: "ticketId",
            inject: None,
            only_if_nonzero: None,
            count_field: None,
        }),
        cf_module: Some("tickets"),
        scope: "Desk.tickets.READ",
        source: "OAS Ticket.json getTicket, no include sent; by-id reads of archived tickets UNCERTAIN (a 404 skips the ticket with a log)",
        ..BASE
    },
    StreamDef {
        name: "archived_ticket_threads",
        path: "/tickets/{ticketId}/threads",
        primary_key: &["ticketId", "id"],
        paging: Paging::Offset { max: 100 },
        parent: counted("archived_tickets", "ticketId", "threadCount"),
        scope: "Desk.tickets.READ",
        source: "OAS Thread.json getThreads, on archived ticket ids (UNCERTAIN; a 404 skips the ticket with a log)",
        ..BASE
    },
    StreamDef {
        name: "archived_ticket_comments",
        content: COMMENT_CONTENT,
        path: "/tickets/{ticketId}/comments",
        primary_key: &["ticketId", "id"],
        paging: Paging::Offset { max: 100 },
        parent: counted("archived_tickets", "ticketId", "commentCount"),
        scope: "Desk.tickets.READ",
        source: "OAS TicketComment.json getTicketComments, on archived ticket ids (UNCERTAIN)",
        ..BASE
    },
    StreamDef {
        name: "archived_ticket_attachments",
        path: "/tickets/{ticketId}/attachments",
        primary_key: &["ticketId", "id"],
        paging: Paging::Offset { max: 100 },
        parent: counted("archived_tickets", "ticketId", "attachmentCount"),
        scope: "Desk.tickets.READ",
        source: "OAS TicketAttachment.json getTicketAttachments, on archived ticket ids (UNCERTAIN)",
        ..BASE
    },
    StreamDef {
        name: "archived_ticket_followers",
        path: "/tickets/{ticketId}/followers",
        primary_key: &["ticketId", "id"],
        parent: child("archived_tickets", "ticketId"),
        scope: "Desk.tickets.READ",
        source: "OAS TicketFollowers.json getTicketFollowers, on archived ticket ids (UNCERTAIN)",
        ..BASE
    },
    StreamDef {
        name: "archived_ticket_time_entries",
        path: "/tickets/{ticketId}/timeEntry",
        primary_key: &["ticketId", "id"],
        paging: Paging::Offset { max: 100 },
        parent: child("archived_tickets", "ticketId"),
        scope: "Desk.tickets.READ",
        source: "OAS TicketTimeEntry.json getTicketTimeEntries, on archived ticket ids (UNCERTAIN)",
        ..BASE
    },
    // ---------------------------------------------------------------- customers
    StreamDef {
        name: "contacts",
        path: "/contacts",
        cursor: MODIFIED,
        cursor_in_children: Some("contactModifiedTime"),
        paging: Paging::Offset { max: 100 },
        incremental: search("/contacts/search", 100, None),
        cf_module: Some("contacts"),
        bin_module: Some("contacts"),
        by_id: Some("/contacts/{contactId}"),
        scope: "Desk.contacts.READ",
        source: "OAS Contact.json getContacts: limit 1-100, from; OAS Search.json searchContacts: modifiedTimeRange, sortBy modifiedTime, limit 1-100, from 0-999 (FB window 5,000 kept, as for tickets), no accountId filter",
        ..BASE
    },
    StreamDef {
        name: "contact_comments",
        content: COMMENT_CONTENT,
        path: "/contacts/{contactId}/comments",
        primary_key: &["contactId", "id"],
        paging: Paging::Offset { max: 100 },
        incremental: Incremental::ChildOfChanged,
        parent: child("contacts", "contactId"),
        scope: "Desk.contacts.READ",
        source: "OAS ContactComments.json getContactComments: limit 1-100, from minimum 0, sortBy commentedTime",
        ..BASE
    },
    StreamDef {
        name: "contact_attachments",
        path: "/contacts/{contactId}/attachments",
        primary_key: &["contactId", "id"],
        paging: Paging::Offset { max: 100 },
        incremental: Incremental::ChildOfChanged,
        parent: child("contacts", "contactId"),
        scope: "Desk.contacts.READ",
        source: "OAS ContactAttachment.json getContactAttachments: limit 1-100, from default 0, wrapper `data`",
        ..BASE
    },
    StreamDef {
        name: "contact_followers",
        path: "/contacts/{contactId}/followers",
        primary_key: &["contactId", "id"],
        paging: Paging::Offset { max: 100 },
        incremental: Incremental::ChildOfChanged,
        parent: child("contacts", "contactId"),
        scope: "Desk.contacts.READ",
        source: "OAS ContactFollowers.json getContactFollowers: paged (limit 1-100, from default 0), wrapper `data`",
        ..BASE
    },
    StreamDef {
        name: "contact_time_entries",
        path: "/contacts/{contactId}/timeEntry",
        primary_key: &["contactId", "id"],
        paging: Paging::Offset { max: 100 },
        incremental: Incremental::ChildOfChanged,
        parent: child("contacts", "contactId"),
        scope: "Desk.contacts.READ",
        source: "OAS ContactTimeEntry.json getContactTimeEntries: limit 1-100, from default 0",
        ..BASE
    },
    StreamDef {
        name: "accounts",
        path: "/accounts",
        cursor: MODIFIED,
        cursor_in_children: Some("accountModifiedTime"),
        paging: Paging::Offset { max: 100 },
        incremental: search("/accounts/search", 100, None),
        cf_module: Some("accounts"),
        bin_module: Some("accounts"),
        by_id: Some("/accounts/{accountId}"),
        scope: "Desk.contacts.READ",
        source: "OAS Account.json getAccounts: limit 1-100, from default 1 without a minimum; OAS Search.json searchAccounts: modifiedTimeRange, sortBy modifiedTime, limit 1-100, from 0-999 (FB window 5,000 kept, as for tickets)",
        ..BASE
    },
    StreamDef {
        name: "account_comments",
        content: COMMENT_CONTENT,
        path: "/accounts/{accountId}/comments",
        primary_key: &["accountId", "id"],
        paging: Paging::Offset { max: 100 },
        incremental: Incremental::ChildOfChanged,
        parent: child("accounts", "accountId"),
        scope: "Desk.contacts.READ",
        source: "OAS AccountComments.json getAccountComments: limit 1-100, from minimum 0, sortBy commentedTime",
        ..BASE
    },
    StreamDef {
        name: "account_attachments",
        path: "/accounts/{accountId}/attachments",
        primary_key: &["accountId", "id"],
        paging: Paging::Offset { max: 100 },
        incremental: Incremental::ChildOfChanged,
        parent: child("accounts", "accountId"),
        scope: "Desk.contacts.READ",
        source: "OAS AccountAttachment.json getAccountAttachments: limit 1-100, from default 0, wrapper `data`",
        ..BASE
    },
    StreamDef {
        name: "account_followers",
        path: "/accounts/{accountId}/followers",
        primary_key: &["accountId", "id"],
        paging: Paging::Offset { max: 100 },
        incremental: Incremental::ChildOfChanged,
        parent: child("accounts", "accountId"),
        scope: "Desk.contacts.READ",
        source: "OAS AccountFollowers.json getAccountFollowers: paged (limit 1-100, from default 0), wrapper `data`",
        ..BASE
    },
    StreamDef {
        name: "account_time_entries",
        path: "/accounts/{accountId}/timeEntry",
        primary_key: &["accountId", "id"],
        paging: Paging::Offset { max: 100 },
        incremental: Incremental::ChildOfChanged,
        parent: child("accounts", "accountId"),
        scope: "Desk.contacts.READ",
        source: "OAS AccountTimeEntry.json getAccountTimeEntries: limit 1-100, from default 0, wrapper `data`",
        ..BASE
    },
    StreamDef {
        name: "contracts",
        path: "/contracts",
        paging: Paging::Offset { max: 50 },
        departments: Departments::List("departmentIds"),
        cf_module: Some("contracts"),
        bin_module: Some("contracts"),
        scope: "Desk.contracts.READ",
        source: "OAS Contract.json getContracts: departmentIds (no departmentId), limit 1-100 (50 asked), from default 0, sortBy takes modifiedTime but its rows (listAllContractData) carry none, and `fields` would replace the default projection; OAS Search.json has no contracts search (FB §3.2 [obs] N8N): full refresh",
        ..BASE
    },
    StreamDef {
        name: "contract_comments",
        content: COMMENT_CONTENT,
        path: "/contracts/{contractId}/comments",
        primary_key: &["contractId", "id"],
        paging: Paging::Offset { max: 100 },
        parent: child("contracts", "contractId"),
        scope: "Desk.contracts.READ",
        source: "OAS ContractComments.json getContractComments: limit 1-100, from minimum 0",
        ..BASE
    },
    // ---------------------------------------------------------------- activities
    StreamDef {
        name: "tasks",
        path: "/tasks",
        cursor: MODIFIED,
        cursor_in_children: Some("taskModifiedTime"),
        paging: Paging::Offset { max: 50 },
        incremental: search("/tasks/search", 100, Some("departmentId")),
        departments: Departments::Each("departmentId"),
        cf_module: Some("tasks"),
        bin_module: Some("tasks"),
        scope: "Desk.tasks.READ",
        source: "OAS Task.json getTasks: limit 1-100 (50 asked [obs] AIRBYTE-MANIFEST), departmentId or departmentIds (up to 20), no time filter; OAS Search.json searchTasks: modifiedTimeRange, sortBy relevance/modifiedTime/createdTime, limit 1-100, from 0-999, departmentId",
        ..BASE
    },
    StreamDef {
        name: "task_comments",
        content: COMMENT_CONTENT,
        path: "/tasks/{taskId}/comments",
        primary_key: &["taskId", "id"],
        paging: Paging::Offset { max: 100 },
        incremental: Incremental::ChildOfChanged,
        parent: child("tasks", "taskId"),
        scope: "Desk.tasks.READ",
        source: "OAS TaskComments.json getTaskComments: limit and from without declared bounds (100 asked [obs] N8N)",
        ..BASE
    },
    StreamDef {
        name: "task_attachments",
        path: "/tasks/{taskId}/attachments",
        primary_key: &["taskId", "id"],
        paging: Paging::Offset { max: 100 },
        incremental: Incremental::ChildOfChanged,
        parent: child("tasks", "taskId"),
        scope: "Desk.tasks.READ",
        source: "OAS TaskAttachment.json getTaskAttachments: limit 1-100, from minimum 0, wrapper `data`",
        ..BASE
    },
    StreamDef {
        name: "task_time_entries",
        path: "/tasks/{taskId}/timeEntry",
        primary_key: &["taskId", "id"],
        paging: Paging::Offset { max: 100 },
        incremental: Incremental::ChildOfChanged,
        parent: child("tasks", "taskId"),
        scope: "Desk.tasks.READ",
        source: "OAS TaskTimeEntry.json getTaskTimeEntries: limit 1-100, from default 0",
        ..BASE
    },
    StreamDef {
        name: "calls",
        path: "/calls",
        cursor: MODIFIED,
        cursor_in_children: Some("callModifiedTime"),
        paging: Paging::Offset { max: 100 },
        incremental: search("/calls/search", 100, Some("departmentId")),
        departments: Departments::Each("departmentId"),
        cf_module: Some("calls"),
        bin_module: Some("calls"),
        scope: "Desk.calls.READ",
        source: "OAS Call.json getCalls: limit 1-100, departmentId, sortBy startTime/createdTime only (no time filter); OAS Search.json searchCalls: modifiedTimeRange, sortBy relevance/modifiedTime/createdTime, limit 1-100, from 0-999, departmentId",
        ..BASE
    },
    StreamDef {
        name: "call_comments",
        content: COMMENT_CONTENT,
        path: "/calls/{callId}/comments",
        primary_key: &["callId", "id"],
        paging: Paging::Offset { max: 100 },
        incremental: Incremental::ChildOfChanged,
        parent: child("calls", "callId"),
        scope: "Desk.calls.READ",
        source: "OAS CallComments.json getCallComments: limit and from without declared bounds (100 asked [obs] N8N)",
        ..BASE
    },
    StreamDef {
        name: "call_attachments",
        path: "/calls/{callId}/attachments",
        primary_key: &["callId", "id"],
        paging: Paging::Offset { max: 100 },
        incremental: Incremental::ChildOfChanged,
        parent: child("calls", "callId"),
        scope: "Desk.calls.READ",
        source: "OAS CallAttachment.json declares only POST and DELETE on this path: the GET list is undocumented there, read as working clients do (skipping it could only lose rows)",
        ..BASE
    },
    StreamDef {
        name: "events",
        path: "/events",
        cursor: MODIFIED,
        cursor_in_children: Some("eventModifiedTime"),
        paging: Paging::Offset { max: 50 },
        incremental: search("/events/search", 100, Some("departmentId")),
        departments: Departments::Each("departmentId"),
        cf_module: Some("events"),
        bin_module: Some("events"),
        scope: "Desk.events.READ",
        source: "OAS Event.json getEvents: limit 1-100 (50 asked [obs] AIRBYTE-MANIFEST), departmentId, sortBy startTime/createdTime only (no time filter); OAS Search.json searchEvents: modifiedTimeRange, sortBy relevance/modifiedTime/createdTime, limit 1-100, from 0-999, departmentId",
        ..BASE
    },
    StreamDef {
        name: "event_comments",
        content: COMMENT_CONTENT,
        path: "/events/{eventId}/comments",
        primary_key: &["eventId", "id"],
        paging: Paging::Offset { max: 100 },
        incremental: Incremental::ChildOfChanged,
        parent: child("events", "eventId"),
        scope: "Desk.events.READ",
        source: "OAS EventComments.json getEventComments: limit and from without declared bounds (100 asked)",
        ..BASE
    },
    StreamDef {
        name: "event_attachments",
        path: "/events/{eventId}/attachments",
        primary_key: &["eventId", "id"],
        paging: Paging::Offset { max: 100 },
        incremental: Incremental::ChildOfChanged,
        parent: child("events", "eventId"),
        scope: "Desk.events.READ",
        source: "OAS EventAttachment.json getEventAttachments: limit 1-100, from minimum 0, wrapper `data`",
        ..BASE
    },
    // ---------------------------------------------------------------- products
    StreamDef {
        name: "products",
        path: "/products",
        cursor: MODIFIED,
        cursor_in_children: Some("productModifiedTime"),
        paging: Paging::Offset { max: 50 },
        incremental: search("/products/search", 100, Some("departmentId")),
        departments: Departments::Each("departmentId"),
        cf_module: Some("products"),
        bin_module: Some("products"),
        scope: "Desk.products.READ",
        source: "OAS Product.json getProducts: limit 1-100 (50 asked), zero-based from, departmentId; list rows lack modifiedTime (FB §3.2), search rows carry it: OAS Search.json searchProducts: modifiedTimeRange, sortBy relevance/modifiedTime/createdTime/productName, limit 1-100, from 0-999, departmentId",
        ..BASE
    },
    StreamDef {
        name: "product_attachments",
        path: "/products/{productId}/attachments",
        primary_key: &["productId", "id"],
        paging: Paging::Offset { max: 100 },
        incremental: Incremental::ChildOfChanged,
        parent: child("products", "productId"),
        scope: "Desk.products.READ",
        source: "OAS ProductAttachment.json getProductAttachments: limit 1-100, from default 0, wrapper `data`",
        ..BASE
    },
    // ---------------------------------------------------------------- deletes
    StreamDef {
        name: "recycle_bin",
        path: "/recycleBin",
        // `id` is the deleted record's own id (the bin's restore and delete calls take it);
        // with the module's `type` it is unique across modules.
        primary_key: &["type", "id"],
        cursor: Some("deletedTime"),
        paging: Paging::Offset { max: 100 },
        incremental: Incremental::SortDescWalk {
            sort_by: "-deletedTime",
        },
        params: &[("include", "deletedBy,department")],
        scope: "Desk.settings.READ",
        source: "OAS Recyclebin.json getRecycleBinEntities: limit 1-100 (default 10), from minimum 0, sortBy -?(name|type|department|deletedBy|deletedTime), include deletedBy,department, departmentId, module (deprecated, 11 modules) or moduleId; rows id, type, displayName, deletedTime, deletedById, departmentId. `type` is a string in the OAS schema but a one-item list in its examples (UNCERTAIN: passed through as sent, declared a string). Not department-filtered: contacts, accounts and products have no department",
        ..BASE
    },
    // ---------------------------------------------------------------- knowledge base
    StreamDef {
        name: "articles",
        path: "/articles",
        cursor: MODIFIED,
        cursor_in_children: Some("articleModifiedTime"),
        paging: Paging::Offset { max: 50 },
        first_from: 1,
        incremental: Incremental::SortDescWalk {
            sort_by: "-modifiedTime",
        },
        scope: "Desk.articles.READ",
        source: "OAS Article.json getArticles: from minimum 1, limit 1-50, sortBy enum incl. -modifiedTime; FB §3.3 51 -> 422, sortBy=-modifiedTime honoured [obs] CONTEXTEDGE",
        ..BASE
    },
    StreamDef {
        name: "article_comments",
        content: COMMENT_CONTENT,
        path: "/articles/{articleId}/comments",
        primary_key: &["articleId", "id"],
        paging: Paging::Offset { max: 50 },
        incremental: Incremental::ChildOfChanged,
        parent: counted("articles", "articleId", "commentCount"),
        scope: "Desk.articles.READ",
        source: "OAS ArticleComment.json: no GET for this path (its paths are translation comments only: /articles/{id}/translations/{locale}/comments, limit 1-50); read anyway, since dropping it could lose rows (limit 50 safe)",
        ..BASE
    },
    StreamDef {
        name: "article_feedbacks",
        path: "/articleFeedbacks",
        cursor: Some("createdTime"),
        paging: Paging::Offset { max: 50 },
        first_from: 1,
        // Feedback is only ever added ("new records only"): a created-time range walk. The
        // range must always be sent: without `timeRange` Zoho returns only the last 7 days.
        incremental: Incremental::SearchRange {
            path: "/articleFeedbacks",
            range_param: "timeRange",
            sort_by: "createdTime",
            max: 50,
            department_param: None,
        },
        departments: Departments::List("departmentIds"),
        scope: "Desk.articles.READ",
        source: "OAS ArticleFeedback.json getArticleFeedbacks: timeRange (default LAST_7_DAYS, or `from,to`), sortBy createdTime, from minimum 1, limit 1-50, departmentIds (up to 20)",
        ..BASE
    },
    StreamDef {
        name: "kb_categories",
        path: "/kbRootCategories",
        paging: Paging::Offset { max: 50 },
        scope: "Desk.articles.READ",
        source: "OAS KBRootCategory.json getAllKBRootCategories: limit 1-700 (50 asked), from default 1 without a minimum; FB §3.3 [obs]",
        ..BASE
    },
    // ---------------------------------------------------------------- help center
    StreamDef {
        name: "help_centers",
        path: "/helpCenters",
        paging: Paging::Offset { max: 50 },
        first_from: 1,
        scope: "Desk.basic.READ",
        source: "OAS Helpcenter.json getAllHelpCenters: from minimum 1, limit 1-50, wrapper `data`",
        ..BASE
    },
    StreamDef {
        name: "help_center_users",
        path: "/users",
        paging: Paging::Offset { max: 50 },
        first_from: 1,
        parent: Some(Parent::Stream {
            stream: "help_centers",
            placeholder: "helpCenterId",
            inject: Some("helpCenterId"),
            only_if_nonzero: None,
            count_field: None,
        }),
        primary_key: &["helpCenterId", "id"],
        scope: "Desk.contacts.READ",
        source: "OAS User.json getUsers: from minimum 1, limit 1-50, helpCenterId; FB §3.3 [doc] QODEX users page",
        ..BASE
    },
    StreamDef {
        name: "help_center_groups",
        path: "/groups",
        paging: Paging::Offset { max: 50 },
        first_from: 1,
        parent: Some(Parent::Stream {
            stream: "help_centers",
            placeholder: "helpCenterId",
            inject: Some("helpCenterId"),
            only_if_nonzero: None,
            count_field: None,
        }),
        primary_key: &["helpCenterId", "id"],
        scope: "Desk.contacts.READ",
        source: "OAS HelpcenterGroups.json getHelpCenterGroupList: from minimum 1, limit 1-50, helpCenterId",
        ..BASE
    },
    StreamDef {
        name: "help_center_labels",
        path: "/labels",
        paging: Paging::Offset { max: 50 },
        first_from: 1,
        parent: Some(Parent::Stream {
            stream: "help_centers",
            placeholder: "helpCenterId",
            inject: Some("helpCenterId"),
            only_if_nonzero: None,
            count_field: None,
        }),
        primary_key: &["helpCenterId", "id"],
        scope: "Desk.contacts.READ",
        source: "OAS Label.json getLabels: from minimum 1, limit 1-50, helpCenterId; FB §3.3 [doc] QODEX",
        ..BASE
    },
    // ---------------------------------------------------------------- dashboard metrics
    // Zoho's own report figures, one row per (metric, grouping): see `daily` and read::daily.
    daily(
        "dashboard_created_tickets_by_date",
        "/dashboards/createdTickets",
        "ticketCount",
        &[("groupBy", "date")],
        "OAS DashboardMetrics.json getCreatedTickets: tickets created that day; duration CUSTOM_IN_DATE, startDate/endDate, groupBy, departmentId (ids); 200 rows under `ticketCount`",
    ),
    daily(
        "dashboard_created_tickets_by_agent",
        "/dashboards/createdTickets",
        "ticketCount",
        &[("groupBy", "agent")],
        "OAS DashboardMetrics.json getCreatedTickets: tickets created that day; duration CUSTOM_IN_DATE, startDate/endDate, groupBy, departmentId (ids); 200 rows under `ticketCount`",
    ),
    daily(
        "dashboard_created_tickets_by_channel",
        "/dashboards/createdTickets",
        "ticketCount",
        &[("groupBy", "channel")],
        "OAS DashboardMetrics.json getCreatedTickets: tickets created that day; duration CUSTOM_IN_DATE, startDate/endDate, groupBy, departmentId (ids); 200 rows under `ticketCount`",
    ),
    daily(
        "dashboard_solved_tickets_by_date",
        "/dashboards/solvedTickets",
        "ticketCount",
        &[("groupBy", "date")],
        "OAS DashboardMetrics.json getSolvedTickets: tickets closed that day; duration CUSTOM_IN_DATE, startDate/endDate, groupBy, departmentId (ids); 200 rows under `ticketCount`",
    ),
    daily(
        "dashboard_solved_tickets_by_agent",
        "/dashboards/solvedTickets",
        "ticketCount",
        &[("groupBy", "agent")],
        "OAS DashboardMetrics.json getSolvedTickets: tickets closed that day; duration CUSTOM_IN_DATE, startDate/endDate, groupBy, departmentId (ids); 200 rows under `ticketCount`",
    ),
    daily(
        "dashboard_solved_tickets_by_channel",
        "/dashboards/solvedTickets",
        "ticketCount",
        &[("groupBy", "channel")],
        "OAS DashboardMetrics.json getSolvedTickets: tickets closed that day; duration CUSTOM_IN_DATE, startDate/endDate, groupBy, departmentId (ids); 200 rows under `ticketCount`",
    ),
    daily(
        "dashboard_onhold_tickets_by_date",
        "/dashboards/onholdTickets",
        "ticketCount",
        &[("groupBy", "date")],
        "OAS DashboardMetrics.json getOnholdTickets: tickets put on hold that day; duration CUSTOM_IN_DATE, startDate/endDate, groupBy, departmentId (ids); 200 rows under `ticketCount`",
    ),
    daily(
        "dashboard_onhold_tickets_by_agent",
        "/dashboards/onholdTickets",
        "ticketCount",
        &[("groupBy", "agent")],
        "OAS DashboardMetrics.json getOnholdTickets: tickets put on hold that day; duration CUSTOM_IN_DATE, startDate/endDate, groupBy, departmentId (ids); 200 rows under `ticketCount`",
    ),
    daily(
        "dashboard_onhold_tickets_by_channel",
        "/dashboards/onholdTickets",
        "ticketCount",
        &[("groupBy", "channel")],
        "OAS DashboardMetrics.json getOnholdTickets: tickets put on hold that day; duration CUSTOM_IN_DATE, startDate/endDate, groupBy, departmentId (ids); 200 rows under `ticketCount`",
    ),
    daily(
        "dashboard_backlog_tickets_by_date",
        "/dashboards/backlogTickets",
        "ticketCount",
        &[("groupBy", "date")],
        "OAS DashboardMetrics.json getBacklogTickets: tickets unresolved at the end of that day; duration CUSTOM_IN_DATE, startDate/endDate, groupBy, departmentId (ids); 200 rows under `ticketCount`",
    ),
    daily(
        "dashboard_backlog_tickets_by_agent",
        "/dashboards/backlogTickets",
        "ticketCount",
        &[("groupBy", "agent")],
        "OAS DashboardMetrics.json getBacklogTickets: tickets unresolved at the end of that day; duration CUSTOM_IN_DATE, startDate/endDate, groupBy, departmentId (ids); 200 rows under `ticketCount`",
    ),
    daily(
        "dashboard_backlog_tickets_by_channel",
        "/dashboards/backlogTickets",
        "ticketCount",
        &[("groupBy", "channel")],
        "OAS DashboardMetrics.json getBacklogTickets: tickets unresolved at the end of that day; duration CUSTOM_IN_DATE, startDate/endDate, groupBy, departmentId (ids); 200 rows under `ticketCount`",
    ),
    daily(
        "dashboard_reopened_tickets_by_date",
        "/dashboards/reopenedTickets",
        "ticketCount",
        &[("groupBy", "date")],
        "OAS DashboardMetrics.json getReopenedTickets: tickets reopened that day; duration CUSTOM_IN_DATE, startDate/endDate, groupBy, departmentId (ids); 200 rows under `ticketCount`",
    ),
    daily(
        "dashboard_reopened_tickets_by_agent",
        "/dashboards/reopenedTickets",
        "ticketCount",
        &[("groupBy", "agent")],
        "OAS DashboardMetrics.json getReopenedTickets: tickets reopened that day; duration CUSTOM_IN_DATE, startDate/endDate, groupBy, departmentId (ids); 200 rows under `ticketCount`",
    ),
    daily(
        "dashboard_reopened_tickets_by_channel",
        "/dashboards/reopenedTickets",
        "ticketCount",
        &[("groupBy", "channel")],
        "OAS DashboardMetrics.json getReopenedTickets: tickets reopened that day; duration CUSTOM_IN_DATE, startDate/endDate, groupBy, departmentId (ids); 200 rows under `ticketCount`",
    ),
    daily(
        "dashboard_response_count_by_date",
        "/dashboards/responseCount",
        "responseCount",
        &[("groupBy", "date")],
        "OAS DashboardMetrics.json getResponseCount: agent responses sent that day; duration CUSTOM_IN_DATE, startDate/endDate, groupBy, departmentId (ids); 200 rows under `responseCount`",
    ),
    daily(
        "dashboard_response_count_by_agent",
        "/dashboards/responseCount",
        "responseCount",
        &[("groupBy", "agent")],
        "OAS DashboardMetrics.json getResponseCount: agent responses sent that day; duration CUSTOM_IN_DATE, startDate/endDate, groupBy, departmentId (ids); 200 rows under `responseCount`",
    ),
    daily(
        "dashboard_response_count_by_channel",
        "/dashboards/responseCount",
        "responseCount",
        &[("groupBy", "channel")],
        "OAS DashboardMetrics.json getResponseCount: agent responses sent that day; duration CUSTOM_IN_DATE, startDate/endDate, groupBy, departmentId (ids); 200 rows under `responseCount`",
    ),
    daily(
        "dashboard_first_response_time_by_date",
        "/dashboards/responseTime",
        "timeData",
        &[("groupBy", "date"), ("isFirstResponse", "true")],
        "OAS DashboardMetrics.json getResponseTime: first responses of that day and their average time; duration CUSTOM_IN_DATE, startDate/endDate, groupBy, departmentId (ids); 200 rows under `timeData`",
    ),
    daily(
        "dashboard_first_response_time_by_agent",
        "/dashboards/responseTime",
        "timeData",
        &[("groupBy", "agent"), ("isFirstResponse", "true")],
        "OAS DashboardMetrics.json getResponseTime: first responses of that day and their average time; duration CUSTOM_IN_DATE, startDate/endDate, groupBy, departmentId (ids); 200 rows under `timeData`",
    ),
    daily(
        "dashboard_first_response_time_by_channel",
        "/dashboards/responseTime",
        "timeData",
        &[("groupBy", "channel"), ("isFirstResponse", "true")],
        "OAS DashboardMetrics.json getResponseTime: first responses of that day and their average time; duration CUSTOM_IN_DATE, startDate/endDate, groupBy, departmentId (ids); 200 rows under `timeData`",
    ),
    daily(
        "dashboard_response_time_by_date",
        "/dashboards/responseTime",
        "timeData",
        &[("groupBy", "date"), ("isFirstResponse", "false")],
        "OAS DashboardMetrics.json getResponseTime: the other responses of that day and their average time; duration CUSTOM_IN_DATE, startDate/endDate, groupBy, departmentId (ids); 200 rows under `timeData`",
    ),
    daily(
        "dashboard_response_time_by_agent",
        "/dashboards/responseTime",
        "timeData",
        &[("groupBy", "agent"), ("isFirstResponse", "false")],
        "OAS DashboardMetrics.json getResponseTime: the other responses of that day and their average time; duration CUSTOM_IN_DATE, startDate/endDate, groupBy, departmentId (ids); 200 rows under `timeData`",
    ),
    daily(
        "dashboard_response_time_by_channel",
        "/dashboards/responseTime",
        "timeData",
        &[("groupBy", "channel"), ("isFirstResponse", "false")],
        "OAS DashboardMetrics.json getResponseTime: the other responses of that day and their average time; duration CUSTOM_IN_DATE, startDate/endDate, groupBy, departmentId (ids); 200 rows under `timeData`",
    ),
    daily(
        "dashboard_resolution_time_by_date",
        "/dashboards/ticketsResolutionTime",
        "timeData",
        &[("groupBy", "date")],
        "OAS DashboardMetrics.json getResolutionTime: tickets resolved that day and their average resolution time; duration CUSTOM_IN_DATE, startDate/endDate, groupBy, departmentId (ids); 200 rows under `timeData`",
    ),
    daily(
        "dashboard_resolution_time_by_agent",
        "/dashboards/ticketsResolutionTime",
        "timeData",
        &[("groupBy", "agent")],
        "OAS DashboardMetrics.json getResolutionTime: tickets resolved that day and their average resolution time; duration CUSTOM_IN_DATE, startDate/endDate, groupBy, departmentId (ids); 200 rows under `timeData`",
    ),
    daily(
        "dashboard_resolution_time_by_channel",
        "/dashboards/ticketsResolutionTime",
        "timeData",
        &[("groupBy", "channel")],
        "OAS DashboardMetrics.json getResolutionTime: tickets resolved that day and their average resolution time; duration CUSTOM_IN_DATE, startDate/endDate, groupBy, departmentId (ids); 200 rows under `timeData`",
    ),
];

pub fn find(name: &str) -> Option<&'static StreamDef> {
    STREAMS.iter().find(|s| s.name == name)
}

/// The key of the cursor in a stream's state: its own cursor, or, for a child read through
/// changed parents, its root's.
pub fn state_cursor(def: &StreamDef) -> &'static str {
    let mut cursor = def.cursor;
    let mut current = def.parent_stream();
    while let Some(p) = current {
        cursor = p.cursor.or(cursor);
        current = p.parent_stream();
    }
    def.cursor.or(cursor).unwrap_or("modifiedTime")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// CAT refuses a source-defined cursor without `default_cursor_field`: every incremental
    /// stream has one, and a root that has children of changed parents names their key.
    #[test]
    fn every_incremental_stream_has_a_cursor_field() {
        let incremental: Vec<_> = STREAMS
            .iter()
            .filter(|s| s.supports_incremental())
            .collect();
        assert_eq!(incremental.len(), 69);
        for s in incremental {
            assert!(s.cursor_field().is_some(), "{}: no cursor field", s.name);
        }
        for s in STREAMS.iter().filter(|s| !s.supports_incremental()) {
            assert_eq!(s.cursor_field(), None, "{}", s.name);
        }
        assert_eq!(
            find("thread_attachments").and_then(StreamDef::cursor_field),
            Some("ticketModifiedTime")
        );
        assert_eq!(
            find("thread_attachments").map(|s| s.root().name),
            Some("tickets")
        );
        assert_eq!(
            find("tickets").and_then(StreamDef::cursor_field),
            Some("modifiedTime")
        );
    }

    #[test]
    fn table_is_consistent() {
        let mut names: Vec<_> = STREAMS.iter().map(|s| s.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), STREAMS.len(), "duplicate stream names");
        for s in STREAMS {
            assert!(s.path.starts_with('/'), "{}", s.name);
            assert!(!s.source.is_empty() && !s.scope.is_empty(), "{}", s.name);
            let record_cursor = matches!(
                s.incremental,
                Incremental::SearchRange { .. }
                    | Incremental::SortDescWalk { .. }
                    | Incremental::EpochWindow { .. }
                    | Incremental::ParentRange { .. }
                    | Incremental::Daily
            );
            assert_eq!(
                record_cursor,
                s.cursor.is_some(),
                "{}: cursor vs strategy",
                s.name
            );
            if let Incremental::SearchRange { path, max, .. } = s.incremental {
                assert!(path.ends_with("/search") || path == s.path, "{}", s.name);
                assert!(max > 0 && max <= SEARCH_WINDOW);
            }
            match s.parent {
                Some(Parent::Stream {
                    stream,
                    placeholder,
                    inject,
                    ..
                }) => {
                    let parent =
                        find(stream).unwrap_or_else(|| panic!("{}: parent {stream}", s.name));
                    assert_ne!(parent.name, s.name);
                    // Children read through a changed parent need an incremental parent.
                    if s.incremental == Incremental::ChildOfChanged {
                        assert!(parent.supports_incremental(), "{}", s.name);
                    }
                    if let Some(key) = inject {
                        assert_eq!(key, placeholder, "{}", s.name);
                    }
                    // Every placeholder in the path is filled by this parent or an ancestor.
                    let mut known = vec![placeholder];
                    let mut p = Some(parent);
                    while let Some(def) = p {
                        if let Some(Parent::Stream { placeholder, .. }) = def.parent {
                            known.push(placeholder);
                        }
                        p = def.parent_stream();
                    }
                    for seg in s.path.split('/').filter(|seg| seg.starts_with('{')) {
                        let name = seg.trim_start_matches('{').trim_end_matches('}');
                        assert!(known.contains(&name), "{}: {{{name}}} unfilled", s.name);
                    }
                }
                Some(Parent::Values { values, .. }) => assert!(!values.is_empty()),
                None => assert!(!s.path.contains('{'), "{}", s.name),
            }
        }
    }

    /// Zoho's OpenAPI files are the contract: each row names its OAS file and operation, or
    /// says that the files read have none for it.
    #[test]
    fn every_row_cites_its_oas_file() {
        for s in STREAMS {
            let names_file = s.source.starts_with("OAS ")
                && s.source
                    .split(':')
                    .next()
                    .is_some_and(|h| h.contains(".json"));
            let says_none = s.source.starts_with("OAS: ");
            assert!(names_file || says_none, "{}: {}", s.name, s.source);
        }
        let one_based = ["articles", "article_feedbacks", "help_centers"];
        for name in one_based
            .iter()
            .chain(&["help_center_users", "help_center_groups"])
        {
            assert_eq!(find(name).map(|d| d.first_from), Some(1), "{name}");
        }
        assert_eq!(find("help_center_labels").map(|d| d.first_from), Some(1));
        assert_eq!(find("tickets").map(|d| d.first_from), Some(0));
    }

    #[test]
    fn the_catalog_covers_every_vendor_object_but_jira() {
        // vendor-docs.md, snake_case; jira_issues has no Zoho Desk API endpoint in any source.
        for name in [
            "organizations",
            "agents",
            "agent_time_entries",
            "departments",
            "teams",
            "team_members",
            "roles",
            "profiles",
            "channels",
            "business_hours",
            "holiday_lists",
            "customer_happiness",
            "organization_fields",
            "tickets",
            "tickets_extended",
            "threads",
            "thread_attachments",
            "ticket_comments",
            "ticket_attachments",
            "ticket_activities",
            "ticket_history",
            "ticket_approvals",
            "ticket_followers",
            "ticket_metrics",
            "ticket_tags",
            "ticket_time_entries",
            "tags",
            "archived_tickets",
            "archived_tickets_extended",
            "archived_ticket_threads",
            "archived_ticket_comments",
            "archived_ticket_attachments",
            "archived_ticket_followers",
            "archived_ticket_time_entries",
            "contacts",
            "contact_comments",
            "contact_attachments",
            "contact_followers",
            "contact_time_entries",
            "accounts",
            "account_comments",
            "account_attachments",
            "account_followers",
            "account_time_entries",
            "contracts",
            "contract_comments",
            "tasks",
            "task_comments",
            "task_attachments",
            "task_time_entries",
            "calls",
            "call_comments",
            "call_attachments",
            "events",
            "event_comments",
            "event_attachments",
            "products",
            "product_attachments",
            "articles",
            "article_comments",
            "article_feedbacks",
            "kb_categories",
            "help_centers",
            "help_center_users",
            "help_center_groups",
            "help_center_labels",
        ] {
            assert!(find(name).is_some(), "{name} missing");
        }
    }
}

/// What one read of the stream costs in Zoho API credits (FB §5.3: a list or search call costs
/// 3 credits while `from` stays within 2,000, a by-id call 1).
pub fn cost(def: &StreamDef) -> String {
    if def.incremental == Incremental::Daily {
        // Credits of a dashboard call are not documented; the list price is the safe guess.
        return format!(
            "3 per day from start_date (default {} days back; at most dashboard_history_days) \
             to today; incremental: the days after the saved one",
            DAILY_DEFAULT_DAYS
        );
    }
    let base = call_cost(def);
    match def.content.and_then(|c| c.truncated) {
        Some((flag, path)) => {
            let tail = path.rsplit('/').next().unwrap_or(path);
            format!("{base}; +1 (`…/{tail}`) per row Zoho flags `{flag}`")
        }
        None => base,
    }
}

fn call_cost(def: &StreamDef) -> String {
    let per_call = if def.wrapper.is_empty() || def.path.ends_with('}') {
        1
    } else {
        3
    };
    let rows = match (def.incremental, def.paging) {
        (Incremental::SearchRange { max, .. }, _) | (_, Paging::Offset { max }) => {
            format!("{per_call} per page of up to {max} rows")
        }
        (_, Paging::None) => format!("{per_call} per call"),
    };
    let paged = matches!(def.paging, Paging::Offset { .. })
        || matches!(def.incremental, Incremental::SearchRange { .. });
    // Offset lists overlap each page with the last row of the one before (a delete before the
    // offset then shows), so their end costs the lone overlap row, then the empty answer.
    let end = match def.incremental {
        Incremental::SearchRange { .. } | Incremental::SortDescWalk { .. } => {
            "+1 call for the empty answer that ends the list"
        }
        _ => "+2 calls that end the list (the last row alone, then the empty answer)",
    };
    match def.parent {
        Some(Parent::Stream {
            stream,
            only_if_nonzero,
            count_field,
            ..
        }) => {
            let which = match only_if_nonzero {
                Some(field) => format!("{stream} row with {field} > 0"),
                None => format!("{stream} row"),
            };
            let rows = match (paged, count_field) {
                (true, Some(field)) => format!("{rows} (complete at the parent's `{field}`)"),
                (true, None) => format!("{rows} {end}"),
                (false, _) => rows,
            };
            let changed = if def.incremental == Incremental::ChildOfChanged {
                "; incremental: only for parents changed since the last sync"
            } else {
                ""
            };
            format!("{rows}, per {which}{changed}")
        }
        Some(Parent::Values { param, values, .. }) => {
            format!("{rows}, per {param} ({} values)", values.len())
        }
        None if paged => format!("{rows} {end}"),
        None => rows,
    }
}

/// `docs/streams.md`, generated from the table so it always matches `discover`.
pub fn reference_markdown() -> String {
    let mut md = String::from(
        "# Streams\n\n\
         Generated from the stream table (`src/streams.rs`) by `UPDATE_SCHEMAS=1 cargo test --lib \
         streams`; a test fails while this file differs. Record schemas are in \
         `schemas/<stream>.json`. Paths are relative to `https://desk.<data center>/api/v1`.\n\n\
         ## How streams are read\n\n\
         - **Search window** (`tickets`, `contacts`, `accounts`, `tasks`, `calls`, `events`, \
         `products`): the `/search` endpoint filtered by \
         `modifiedTimeRange` and sorted by `modifiedTime`, in both sync modes, so records have the \
         same shape. Every page restarts the range at the last cursor seen (1 ms below it, so ties \
         are never lost whether Zoho's bounds are inclusive or not), which keeps offsets near 0: the \
         cheapest credits and never near the 5,000-row search cap. The range reaches past \
         \"now\" and the walk ends only on an empty answer, so rows edited during the sync are \
         read in their new place (with their children). State: `{\"modifiedTime\": ...}` after \
         every page; an incremental sync starts *at* it (rows at the cursor are read again) \
         less `lookback_window` minutes (default 5) for rows Zoho's search index lists late. A \
         large range is split into slices by cursor value, walked concurrently (up to \
         `max_concurrent_requests`), each with its own keyset cursor: the first page and the \
         newest row tell where the rows are, a slice ends on the first row of the next one, and \
         the open-ended top slice (where edited rows land) is walked again once the others \
         ended. Until then the state also lists every slice (`slices`: `from`, `to`, `cursor`, \
         `done`), and `modifiedTime` is the lowest unfinished position.\n\
         - **Newest-first walk** (`articles`): `sortBy=-modifiedTime` down to the saved cursor \
         (inclusive), then again from the top down to the first pass's newest row, and so on until \
         a pass finds nothing new: rows edited during the walk jump to the top and are read there \
         (one extra page per pass). The cursor is saved when the walk ends.\n\
         - **Epoch window** (`customer_happiness`): `startTime`/`endTime` in epoch ms on \
         `ratedTime`, from the saved cursor to the sync start.\n\
         - **Per-parent range** (`agent_time_entries`): each agent's list filtered by \
         `modifiedTimeRange` from the saved cursor.\n\
         - **Child of changed parents**: the parent is walked incrementally and only the children \
         of parents changed since the saved parent cursor are re-read. The state is the parent's \
         cursor; rows have no cursor of their own and carry their root's (`ticketModifiedTime` ...), \
         added by the connector. Whether every change to a child moves its \
         parent's `modifiedTime` is not documented by Zoho; a periodic full refresh of such a \
         stream catches anything that did not.\n\
         - **One call per day** (`dashboard_…`): Zoho's dashboard metrics (created, solved, on \
         hold, backlog and reopened tickets, responses, response and resolution times, each by \
         date, agent and channel) asked one calendar day at a time (`duration=CUSTOM_IN_DATE`, \
         `startDate` = `endDate`, `dd-MM-yyyy`), from `start_date` (default a year back, at \
         most `dashboard_history_days` back when set) to today (UTC). Days are Zoho's, bounded in the portal's time zone; every row gets the day \
         asked (`day`, `yyyy-MM-dd`) and a group key (`groupKey`: the agent's id, else the \
         group's name), the primary key with `day`. The state is the last day that has ended in \
         every time zone (UTC-12 included) and is saved after each day, so today's incomplete \
         figures, and yesterday's until it ends everywhere, are read again next sync; a by-date \
         row for a day other than the one asked fails the stream (a misread date cannot pass).\n\
         - **Full refresh**: everything else; lists start at `from=0` (at 1 where Zoho's OpenAPI \
         file gives `from` a minimum of 1); each next page starts at the last row already read, \
         whose return proves no row before it was deleted in between (when it is missing the \
         walk steps back a page), and rows already read are dropped, which is lossless whichever \
         base Zoho uses. Lists are sorted by creation, so edits do not move rows; a list is read \
         until Zoho answers empty, never stopped by a short page (two extra calls per list: the \
         last row alone, then the empty answer). A child list whose parent row counts it \
         (column *API credits*: `threadCount`, ...) is complete once that many rows are read.\n\
         - Child rows carry their parent's id (e.g. `ticketId`) when Zoho's row lacks it, and their \
         primary keys include it. A child list answering 404 is checked with the parent's by-id \
         call: a parent that is gone is skipped with a log line; one that still exists (or has no \
         by-id endpoint to ask) is retried, then the stream fails rather than lose its rows.\n\
         - Message text: `threads` rows carry Zoho's `summary` only; `thread_contents` reads \
         each thread's detail for the whole `content` and its `contentType`, with `ticketId` \
         added (the row's `id` is the thread's). A detail Zoho flags `isContentTruncated` is \
         replaced by `…/fullContent`, the same thread with its whole text; where that answers \
         404 the row keeps Zoho's text and flag. Comment rows already hold their whole \
         `content`. With the `plain_text` option, rows whose `contentType` is HTML get \
         `contentPlainText` next to the untouched `content`. Credits per ticket for \
         `thread_contents`: the threads list (3 per page of up to 100 threads) plus 1 per \
         thread plus 1 per truncated thread; with `thread_attachments` also selected a \
         thread's detail is read once for both.\n\
         - `department_ids` is pushed down to every department-scoped endpoint (column \
         *departments*).\n\
         - Custom fields are typed in `discover` from `/fields?module=<module>` (Zoho's current \
         field metadata), or from `/organizationFields?module=<module>` where a portal refuses it \
         (logged) (column *custom fields*).\n\
         - Deleted records are not visible through these endpoints.\n\
         - Zoho's OpenAPI files (zoho/zohodesk-oas, folder v1.0) are the contract: column \
         *source* starts with the OAS file and operation of each stream (or says the files read \
         have none), and the tests refuse any request that breaks the facts kept in \
         `integration_tests/emulator/oas/facts.json`.\n\n\
         ## Streams\n\n\
         | stream | endpoint | primary key | sync modes | cursor | strategy | parent | \
         departments | custom fields | API credits | scope | source |\n\
         |---|---|---|---|---|---|---|---|---|---|---|---|\n",
    );
    for d in STREAMS {
        let pk = if d.primary_key.is_empty() {
            "(none: rows have no unique key)".to_string()
        } else {
            d.primary_key
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let modes = if d.supports_incremental() {
            "full_refresh, incremental"
        } else {
            "full_refresh"
        };
        let (cursor, strategy) = match d.incremental {
            Incremental::None => (String::new(), "full refresh".to_string()),
            Incremental::SearchRange { path, .. } => (
                format!("`{}`", d.cursor.unwrap_or("")),
                format!("search window (`{path}`)"),
            ),
            Incremental::SortDescWalk { sort_by } => (
                format!("`{}`", d.cursor.unwrap_or("")),
                format!("newest-first walk (`sortBy={sort_by}`)"),
            ),
            Incremental::EpochWindow {
                start_param,
                end_param,
            } => (
                format!("`{}`", d.cursor.unwrap_or("")),
                format!("epoch window (`{start_param}`/`{end_param}`)"),
            ),
            Incremental::ParentRange { range_param } => (
                format!("`{}`", d.cursor.unwrap_or("")),
                format!("per-parent range (`{range_param}`)"),
            ),
            Incremental::ChildOfChanged => (
                format!(
                    "`{}` (the root's `modifiedTime`, added)",
                    d.cursor_field().unwrap_or("")
                ),
                "child of changed parents".to_string(),
            ),
            Incremental::Daily => (
                "`day` (added)".to_string(),
                "one call per day (`duration=CUSTOM_IN_DATE`)".to_string(),
            ),
        };
        let parent = match d.parent {
            Some(Parent::Stream { stream, inject, .. }) => {
                let added: Vec<String> = inject
                    .iter()
                    .chain(d.carry)
                    .map(|k| format!("`{k}`"))
                    .collect();
                if added.is_empty() {
                    format!("`{stream}`")
                } else {
                    format!("`{stream}` (adds {})", added.join(", "))
                }
            }
            Some(Parent::Values { param, .. }) => format!("each `{param}`"),
            None => String::new(),
        };
        let departments = match d.departments {
            Departments::None => String::new(),
            Departments::List(p) | Departments::Each(p) => format!("`{p}`"),
            Departments::Parents => "parent departments".to_string(),
        };
        let params: Vec<String> = d.params.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let endpoint = if params.is_empty() {
            format!("`{}`", d.path)
        } else {
            format!("`{}?{}`", d.path, params.join("&"))
        };
        md.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
            d.name,
            endpoint,
            pk,
            modes,
            cursor,
            strategy,
            parent,
            departments,
            d.cf_module.map(|m| format!("`{m}`")).unwrap_or_default(),
            cost(d),
            d.scope,
            d.source.replace('|', "/"),
        ));
    }
    md.push_str(
        "\n`jira_issues` (listed by Skyvia) is not offered: no Zoho Desk API endpoint for Jira \
         issues is documented in Zoho's API reference or its OpenAPI files, nor used by any public \
         client; it will be added once the endpoint is known.\n",
    );
    md
}

#[cfg(test)]
mod doc_tests {
    use super::*;

    /// docs/streams.md must equal the generated reference; `UPDATE_SCHEMAS=1` rewrites it.
    #[test]
    fn streams_doc_matches_the_table() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/streams.md");
        let want = reference_markdown();
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        if have != want {
            if std::env::var("UPDATE_SCHEMAS").is_ok_and(|v| v == "1") {
                std::fs::write(&path, &want).expect("write docs/streams.md");
            } else {
                panic!("docs/streams.md is stale; run UPDATE_SCHEMAS=1 cargo test --lib streams");
            }
        }
        for d in STREAMS {
            assert!(want.contains(&format!("| `{}` |", d.name)), "{}", d.name);
        }
    }

    #[test]
    fn costs_name_the_fan_out() {
        assert_eq!(
            cost(find("tickets").unwrap()),
            "3 per page of up to 100 rows +1 call for the empty answer that ends the list"
        );
        assert!(cost(find("threads").unwrap()).contains("complete at the parent's `threadCount`"));
        assert!(cost(find("ticket_history").unwrap()).contains("+2 calls that end the list"));
        assert!(cost(find("threads").unwrap()).contains("per tickets row; incremental"));
        assert!(cost(find("ticket_metrics").unwrap()).starts_with("1 per call"));
        assert!(cost(find("thread_attachments").unwrap()).contains("attachmentCount > 0"));
        assert!(
            cost(find("thread_contents").unwrap())
                .contains("+1 (`…/fullContent`) per row Zoho flags `isContentTruncated`")
        );
    }
}
