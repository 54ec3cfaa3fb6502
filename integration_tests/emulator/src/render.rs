//! Record renderers: one per module and view, written straight to the output buffer.
//! Shapes follow the reference's §7 examples (ids and counters as strings, numeric org id,
//! `…SSSZ` timestamps, nulls, nested objects, `cf` + label-keyed `customFields`).

use std::collections::BTreeSet;

use crate::data::{FIRST_NAMES, LAST_NAMES, Module, NONE, NONE16, Store};
use crate::json::Obj;
use crate::rng::pick;
use crate::routes::View;
use crate::timefmt::push_date;

/// Field metadata (served by `GET /organizationFields?module=` and used by the `cf` renderers).
#[derive(Debug, Clone, Copy)]
pub struct FieldMeta {
    pub module: Module,
    pub api_name: &'static str,
    pub label: &'static str,
    /// Zoho field type name.
    pub ftype: &'static str,
    /// Allowed values of picklists (and sample values of text fields).
    pub values: &'static [&'static str],
}

const fn fm(
    module: Module,
    api_name: &'static str,
    label: &'static str,
    ftype: &'static str,
    values: &'static [&'static str],
) -> FieldMeta {
    FieldMeta {
        module,
        api_name,
        label,
        ftype,
        values,
    }
}

const REGIONS: &[&str] = &["APAC", "EMEA", "NA", "LATAM"];
const TIERS: &[&str] = &["Bronze", "Silver", "Gold", "Platinum"];
const MODULES_MS: &[&str] = &["Billing", "Reports", "Sync", "Auth"];
const SEGMENTS: &[&str] = &["SMB", "Mid-market", "Enterprise"];

/// Custom fields (`isCustomField: true`); values appear in records' `cf` by api name: every
/// value is a JSON string (numbers "42", decimals "12.50", multiselect "a;b", dates
/// "yyyy-MM-dd", datetimes "…SSSZ") except Boolean (a JSON boolean); any value may be null.
pub const CUSTOM_FIELDS: &[FieldMeta] = &[
    fm(Module::Tickets, "cf_region", "Region", "Picklist", REGIONS),
    fm(
        Module::Tickets,
        "cf_contract_tier",
        "Contract Tier",
        "Picklist",
        TIERS,
    ),
    fm(
        Module::Tickets,
        "cf_follow_up_date",
        "Follow up date",
        "Date",
        &[],
    ),
    fm(
        Module::Tickets,
        "cf_escalation_notes",
        "Escalation notes",
        "Textarea",
        &[],
    ),
    fm(
        Module::Tickets,
        "cf_estimated_hours",
        "Estimated hours",
        "Decimal",
        &[],
    ),
    fm(Module::Tickets, "cf_is_vip", "Is VIP", "Boolean", &[]),
    fm(
        Module::Tickets,
        "cf_affected_modules",
        "Affected modules",
        "Multiselect",
        MODULES_MS,
    ),
    fm(
        Module::Tickets,
        "cf_customer_ref",
        "Customer reference",
        "Text",
        &["PO-1181", "PO-2207", "REF-77"],
    ),
    fm(
        Module::Tickets,
        "cf_escalated_at",
        "Escalated at",
        "DateTime",
        &[],
    ),
    fm(
        Module::Tickets,
        "cf_reopen_count",
        "Reopen count",
        "Number",
        &[],
    ),
    fm(
        Module::Contacts,
        "cf_customer_since",
        "Customer since",
        "Date",
        &[],
    ),
    fm(
        Module::Contacts,
        "cf_newsletter",
        "Newsletter",
        "Boolean",
        &[],
    ),
    fm(
        Module::Accounts,
        "cf_segment",
        "Segment",
        "Picklist",
        SEGMENTS,
    ),
    fm(Module::Accounts, "cf_seats", "Seats", "Number", &[]),
    fm(
        Module::Tasks,
        "cf_effort_points",
        "Effort points",
        "Number",
        &[],
    ),
    fm(
        Module::Tasks,
        "cf_task_area",
        "Task area",
        "Picklist",
        &["Onboarding", "Renewal", "Support"],
    ),
    fm(Module::Tasks, "cf_billable", "Billable", "Boolean", &[]),
    fm(
        Module::Calls,
        "cf_call_outcome",
        "Call outcome",
        "Picklist",
        &["Resolved", "Callback", "Voicemail"],
    ),
    fm(
        Module::Calls,
        "cf_callback_at",
        "Callback at",
        "DateTime",
        &[],
    ),
    fm(Module::Calls, "cf_recorded", "Recorded", "Boolean", &[]),
    fm(
        Module::Events,
        "cf_venue",
        "Venue",
        "Text",
        &["Online", "Berlin office", "Customer site"],
    ),
    fm(Module::Events, "cf_attendees", "Attendees", "Number", &[]),
    fm(
        Module::Events,
        "cf_topics",
        "Topics",
        "Multiselect",
        MODULES_MS,
    ),
    fm(
        Module::Products,
        "cf_list_price",
        "List price",
        "Decimal",
        &[],
    ),
    fm(
        Module::Products,
        "cf_launch_date",
        "Launch date",
        "Date",
        &[],
    ),
    fm(
        Module::Products,
        "cf_sku_family",
        "SKU family",
        "Text",
        &["DP", "HW", "SVC"],
    ),
    fm(
        Module::Contracts,
        "cf_renewal_date",
        "Renewal date",
        "Date",
        &[],
    ),
    fm(
        Module::Contracts,
        "cf_auto_renew",
        "Auto renew",
        "Boolean",
        &[],
    ),
    fm(
        Module::Contracts,
        "cf_contract_value",
        "Contract value",
        "Decimal",
        &[],
    ),
];

/// A few built-in fields per module (`isCustomField: false`), served by `/organizationFields`.
pub const SYSTEM_FIELDS: &[FieldMeta] = &[
    fm(Module::Tickets, "subject", "Subject", "Text", &[]),
    fm(
        Module::Tickets,
        "status",
        "Status",
        "Picklist",
        &["Open", "On Hold", "Escalated", "Closed"],
    ),
    fm(
        Module::Tickets,
        "priority",
        "Priority",
        "Picklist",
        &["Low", "Medium", "High", "Urgent"],
    ),
    fm(Module::Tickets, "email", "Email", "Email", &[]),
    fm(Module::Tickets, "phone", "Phone", "Phone", &[]),
    fm(Module::Tickets, "dueDate", "Due Date", "DateTime", &[]),
    fm(Module::Tickets, "contactId", "Contact Name", "LookUp", &[]),
    fm(
        Module::Tickets,
        "description",
        "Description",
        "Textarea",
        &[],
    ),
    fm(Module::Contacts, "lastName", "Last Name", "Text", &[]),
    fm(Module::Contacts, "email", "Email", "Email", &[]),
    fm(Module::Contacts, "accountId", "Account Name", "LookUp", &[]),
    fm(Module::Accounts, "accountName", "Account Name", "Text", &[]),
    fm(Module::Accounts, "website", "Website", "URL", &[]),
    fm(Module::Tasks, "subject", "Subject", "Text", &[]),
    fm(Module::Tasks, "dueDate", "Due Date", "DateTime", &[]),
    fm(Module::Calls, "subject", "Subject", "Text", &[]),
    fm(Module::Calls, "duration", "Call Duration", "Number", &[]),
    fm(Module::Events, "subject", "Subject", "Text", &[]),
    fm(Module::Events, "startTime", "Start Time", "DateTime", &[]),
    fm(Module::Products, "productName", "Product Name", "Text", &[]),
    fm(Module::Products, "unitPrice", "Unit Price", "Currency", &[]),
    fm(Module::Products, "discount", "Discount", "Percent", &[]),
    fm(
        Module::Contracts,
        "contractName",
        "Contract Name",
        "Text",
        &[],
    ),
    fm(Module::Contracts, "startDate", "Start Date", "Date", &[]),
];

/// Metadata of organization-field record `i` (custom fields first, then system fields).
pub fn field_meta(i: u32) -> (&'static FieldMeta, bool) {
    let i = i as usize;
    if i < CUSTOM_FIELDS.len() {
        (&CUSTOM_FIELDS[i], true)
    } else {
        (&SYSTEM_FIELDS[i - CUSTOM_FIELDS.len()], false)
    }
}

/// What the request asked for besides the default projection.
#[derive(Debug, Default, Clone)]
pub struct Proj {
    pub includes: BTreeSet<String>,
    /// `fields`: replaces the projection (always plus `id`).
    pub fields: Option<BTreeSet<String>>,
    /// Custom fields named in `fields` (rendered inside `cf`).
    pub cf_only: Option<BTreeSet<String>>,
}

impl Proj {
    fn inc(&self, s: &str) -> bool {
        self.includes.contains(s)
    }
}

/// Ticket keys that `fields` may name (plus the `cf_*` api names).
pub const TICKET_FIELDS: &[&str] = &[
    "ticketNumber",
    "layoutId",
    "email",
    "phone",
    "subject",
    "description",
    "status",
    "statusType",
    "createdTime",
    "modifiedTime",
    "category",
    "language",
    "subCategory",
    "priority",
    "channel",
    "dueDate",
    "responseDueDate",
    "commentCount",
    "sentiment",
    "threadCount",
    "closedTime",
    "onholdTime",
    "accountId",
    "departmentId",
    "contactId",
    "productId",
    "assigneeId",
    "teamId",
    "channelCode",
    "webUrl",
    "isSpam",
    "lastThread",
    "customerResponseTime",
    "source",
    "classification",
    "resolution",
    "attachmentCount",
    "taskCount",
    "tagCount",
    "isOverDue",
    "isResponseOverdue",
    "isEscalated",
    "isTrashed",
    "sharedDepartments",
    "secondaryContacts",
    "entitySkills",
];
pub const CONTACT_FIELDS: &[&str] = &[
    "firstName",
    "lastName",
    "email",
    "secondaryEmail",
    "phone",
    "mobile",
    "type",
    "ownerId",
    "accountId",
    "accountCount",
    "createdTime",
    "modifiedTime",
    "isAnonymous",
    "isEndUser",
    "isSpam",
    "photoURL",
    "zohoCRMContact",
    "customerHappiness",
    "webUrl",
    "description",
    "city",
    "country",
    "isDeleted",
    "isTrashed",
];
pub const ACCOUNT_FIELDS: &[&str] = &[
    "accountName",
    "email",
    "phone",
    "website",
    "fax",
    "industry",
    "street",
    "city",
    "state",
    "country",
    "code",
    "description",
    "annualrevenue",
    "ownerId",
    "createdTime",
    "modifiedTime",
    "isDeleted",
    "isTrashed",
    "isFollowing",
    "associatedSLAIds",
    "zohoCRMAccount",
    "customerHappiness",
    "webUrl",
];
/// Names that appear in the default projection but Zoho refuses in `fields` (observed).
pub const REFUSED_FIELDS: &[&str] = &["subStatus", "statusText", "isArchived"];

/// The `fields`-nameable keys of a module (None: module does not support `fields`).
pub fn fields_of(m: Module) -> Option<&'static [&'static str]> {
    match m {
        Module::Tickets => Some(TICKET_FIELDS),
        Module::Contacts => Some(CONTACT_FIELDS),
        Module::Accounts => Some(ACCOUNT_FIELDS),
        _ => None,
    }
}

const STATUSES: &[(&str, &str)] = &[
    ("Open", "Open"),
    ("On Hold", "On Hold"),
    ("Escalated", "Open"),
    ("Closed", "Closed"),
];
const PRIORITIES: &[&str] = &["Low", "Medium", "High", "Urgent"];
const CHANNELS: &[(&str, &str)] = &[
    ("Email", "EMAIL"),
    ("Phone", "PHONE"),
    ("Web", "WEB"),
    ("Chat", "CHAT"),
];
const CATEGORIES: &[Option<&str>] = &[Some("Technical"), Some("Billing"), Some("General"), None];
const SUBJECTS: &[&str] = &[
    "Export fails with timeout",
    "Cannot log in after password reset",
    "Invoice shows the wrong currency",
    "Feature request: dark mode",
    "Sync stuck at 80%",
    "Refund for duplicate charge",
    "API returns 500 on upload",
    "Question about \"Pro\" plan limits",
];
const INDUSTRIES: &[&str] = &["Logistics", "Retail", "Healthcare", "Software", "Finance"];
const CITIES: &[(&str, &str)] = &[
    ("Seattle", "USA"),
    ("Berlin", "Germany"),
    ("Osaka", "Japan"),
    ("Lagos", "Nigeria"),
    ("Lima", "Peru"),
];
const DEPT_NAMES: &[&str] = &[
    "Support",
    "Billing",
    "Onboarding",
    "Escalations",
    "Sales",
    "Field Ops",
];
const TEAM_NAMES: &[&str] = &[
    "Tier 1",
    "Tier 2",
    "Night shift",
    "VIP desk",
    "Integrations",
    "Hardware",
];

/// (status, statusType) of ticket `i`; shared by the renderer and the `status` filter.
pub fn ticket_status(store: &Store, i: u32) -> (&'static str, &'static str) {
    if i < store.archived {
        return ("Closed", "Closed");
    }
    STATUSES[pick(store.rseed(Module::Tickets, i), 1, STATUSES.len() as u64) as usize]
}

/// (channel, channelCode) of ticket `i`.
pub fn ticket_channel(store: &Store, i: u32) -> (&'static str, &'static str) {
    CHANNELS[pick(store.rseed(Module::Tickets, i), 2, CHANNELS.len() as u64) as usize]
}

pub fn ticket_priority(store: &Store, i: u32) -> &'static str {
    PRIORITIES[pick(store.rseed(Module::Tickets, i), 5, PRIORITIES.len() as u64) as usize]
}

/// Agent `a` status (ACTIVE/DISABLED).
pub fn agent_status(store: &Store, a: u32) -> &'static str {
    if pick(store.rseed(Module::Agents, a), 41, 8) == 0 {
        "DISABLED"
    } else {
        "ACTIVE"
    }
}

fn web_url(section: &str, id: u64) -> String {
    format!("https://desk.zoho.com/support/exampleco/ShowHomePage.do#{section}/dv/{id}")
}

pub fn person(store: &Store, m: Module, i: u32) -> (&'static str, &'static str) {
    (
        FIRST_NAMES[store.first_name_rank(m, i)],
        LAST_NAMES[store.last_name_rank(m, i)],
    )
}

fn email(first: &str, last: &str, domain: &str) -> String {
    format!(
        "{}.{}@{}",
        first.to_lowercase(),
        last.to_lowercase(),
        domain
    )
}

/// Renders custom field values of record `i` as the `cf` object or its label-keyed twin.
fn custom_fields(
    store: &Store,
    m: Module,
    i: u32,
    labels: bool,
    only: Option<&BTreeSet<String>>,
    out: &mut String,
) {
    let seed = store.rseed(m, i);
    let mut o = Obj::start(out, None);
    for (n, f) in CUSTOM_FIELDS
        .iter()
        .enumerate()
        .filter(|(_, f)| f.module == m)
    {
        if only.is_some_and(|o| !o.contains(f.api_name)) {
            continue;
        }
        let key = if labels { f.label } else { f.api_name };
        let salt = 100 + n as u64;
        if pick(seed, salt, 5) == 0 {
            o.null(key);
            continue;
        }
        let v = pick(seed, salt + 50, 1 << 20);
        cf_value(&mut o, key, f, v, store.rec(m, i).created);
    }
    o.end();
}

/// One custom-field value by type (see [`CUSTOM_FIELDS`] for the rule).
fn cf_value(o: &mut Obj<'_>, key: &str, f: &FieldMeta, v: u64, created: i64) {
    let val = |k: u64| f.values.get(k as usize % f.values.len().max(1)).copied();
    match f.ftype {
        "Boolean" => o.bool(key, v.is_multiple_of(2)),
        "Picklist" | "Text" => match val(v) {
            Some(s) => o.str(key, s),
            None => o.str(key, &format!("REF-{}", v % 1000)),
        },
        "Multiselect" => {
            let a = val(v).unwrap_or("A");
            let b = val(v / 7).unwrap_or("B");
            if a == b {
                o.str(key, a)
            } else {
                o.str(key, &format!("{a};{b}"))
            }
        }
        "Date" => {
            if o.key(key) {
                let b = o.buf();
                b.push('"');
                push_date(b, created + (v % 30) as i64 * 86_400_000);
                b.push('"');
            }
        }
        "DateTime" => o.ts(key, created + (v % 720) as i64 * 3_600_000),
        "Number" => o.str(key, &(v % 500).to_string()),
        "Decimal" => o.str(key, &format!("{}.{:02}", v % 400, (v / 400) % 100)),
        "Textarea" => o.str(key, "Customer called twice.\nWaiting on engineering."),
        _ => o.null(key),
    }
}

/// Renders record `i` of module `m` as `view`, appending JSON to `out`.
pub fn render(store: &Store, m: Module, i: u32, view: View, proj: &Proj, out: &mut String) {
    use Module::*;
    match m {
        Tickets | ArchivedTickets => ticket(store, i, view, proj, out),
        Contacts => contact(store, i, view, proj, out),
        Accounts => account(store, i, view, proj, out),
        Agents => agent(store, i, proj, out),
        Departments => department(store, i, out),
        Teams => team(store, i, out),
        TeamMembers => member(store, i, out),
        Organizations => organization(store, out),
        Threads => thread(store, i, view, proj, out),
        Comments | ContactComments | AccountComments | ContractComments | TaskComments
        | CallComments | EventComments | ArticleComments => comment(store, m, i, proj, out),
        TicketAttachments | ThreadAttachments | ContactAttachments | AccountAttachments
        | TaskAttachments | CallAttachments | EventAttachments | ProductAttachments => {
            attachment(store, m, i, out)
        }
        TicketFollowers | ContactFollowers | AccountFollowers => follower(store, m, i, out),
        TicketActivities | Tasks | Calls | Events => activity(store, m, i, out),
        TicketHistory => history(store, i, out),
        TicketApprovals => approval(store, i, out),
        TicketMetrics => metrics(store, i, out),
        TicketTags | Tags => tag(store, m, i, out),
        TicketTimeEntries | AgentTimeEntries | ContactTimeEntries | AccountTimeEntries
        | TaskTimeEntries => time_entry(store, m, i, out),
        Roles | Profiles | Channels | BusinessHours | HolidayLists => org_small(store, m, i, out),
        CustomerHappiness => happiness_rating(store, i, out),
        OrganizationFields => org_field(store, i, out),
        Contracts => contract(store, i, out),
        Products => product(store, i, view, out),
        Articles => article(store, i, out),
        ArticleFeedbacks => feedback(store, i, proj, out),
        KbCategories => kb_category(store, i, out),
        HelpCenters => help_center(store, i, out),
        HelpCenterUsers | HelpCenterGroups | HelpCenterLabels => {
            help_center_child(store, m, i, out)
        }
    }
}

fn agent_obj(store: &Store, a: u16, o: &mut Obj<'_>, key: &str) {
    if a == NONE16 {
        o.null(key);
        return;
    }
    let a = a as u32;
    let (f, l) = person(store, Module::Agents, a);
    o.obj(key, |c| {
        c.num_str("id", store.id(Module::Agents, a));
        c.str("firstName", f);
        c.str("lastName", l);
        c.str("emailId", &email(f, l, "exampleco.com"));
        c.null("photoURL");
        c.num_str("zuid", 70_000_000 + a as u64);
    });
}

fn ticket(store: &Store, i: u32, view: View, proj: &Proj, out: &mut String) {
    let m = Module::Tickets;
    let r = store.rec(m, i);
    let rel = &store.tickets[i as usize];
    let seed = store.rseed(m, i);
    let id = store.id(m, i);
    let (status, status_type) = ticket_status(store, i);
    let (channel, channel_code) = ticket_channel(store, i);
    let full = view != View::List || proj.fields.is_some();
    let contact_id = (rel.contact != NONE).then(|| store.id(Module::Contacts, rel.contact));
    let account = if rel.contact == NONE {
        NONE
    } else {
        store.contact_account[rel.contact as usize]
    };
    let (cf, cl) = if rel.contact == NONE {
        ("Anonymous", "User")
    } else {
        person(store, Module::Contacts, rel.contact)
    };
    let cemail = email(cf, cl, "example.org");
    let mut o = Obj::start(out, proj.fields.as_ref());
    o.num_str("id", id);
    o.num_str("ticketNumber", 1001 + i as u64);
    o.num_str("layoutId", Module::Organizations.base() + 74_011);
    o.str("email", &cemail);
    o.null("phone");
    o.str(
        "subject",
        SUBJECTS[pick(seed, 3, SUBJECTS.len() as u64) as usize],
    );
    if full {
        o.str("description", "<div>Our nightly export stops at 80%.</div>");
    }
    o.str("status", status);
    o.str("statusType", status_type);
    o.ts("createdTime", r.created);
    if full {
        o.ts("modifiedTime", r.modified);
    }
    o.opt_str(
        "category",
        CATEGORIES[pick(seed, 4, CATEGORIES.len() as u64) as usize],
    );
    o.str("language", "English");
    o.null("subCategory");
    o.str("priority", ticket_priority(store, i));
    o.str("channel", channel);
    o.opt_ts(
        "dueDate",
        (pick(seed, 6, 3) > 0).then_some(r.created + 2 * 86_400_000),
    );
    o.null("responseDueDate");
    o.num_str("commentCount", store.kid_count(Module::Comments, i) as u64);
    o.opt_str(
        "sentiment",
        [Some("POSITIVE"), Some("NEGATIVE"), Some("NEUTRAL"), None][pick(seed, 7, 4) as usize],
    );
    o.num_str("threadCount", rel.thread_count as u64);
    o.opt_ts("closedTime", (status == "Closed").then_some(r.modified));
    o.opt_ts("onholdTime", (status == "On Hold").then_some(r.modified));
    o.opt_num_str(
        "accountId",
        (account != NONE).then(|| store.id(Module::Accounts, account)),
    );
    o.opt_num_str(
        "departmentId",
        (rel.dept != NONE16).then(|| store.id(Module::Departments, rel.dept as u32)),
    );
    o.opt_num_str("contactId", contact_id);
    o.null("productId");
    o.opt_num_str(
        "assigneeId",
        (rel.assignee != NONE16).then(|| store.id(Module::Agents, rel.assignee as u32)),
    );
    o.opt_num_str(
        "teamId",
        (rel.team != NONE16).then(|| store.id(Module::Teams, rel.team as u32)),
    );
    o.str("channelCode", channel_code);
    o.str("webUrl", &web_url("Cases", id));
    o.bool("isSpam", false);
    o.bool("isArchived", i < store.archived);
    o.obj("lastThread", |t| {
        t.str("channel", channel_code);
        t.str(
            "direction",
            if pick(seed, 8, 2) == 0 { "in" } else { "out" },
        );
        t.bool("isDraft", false);
        t.bool("isForward", false);
    });
    o.ts("customerResponseTime", rel.crt);
    o.obj("source", |s| {
        s.str("type", "SYSTEM");
        s.null("appName");
        s.null("extId");
        s.null("permalink");
        s.null("appPhotoURL");
    });
    if full {
        o.str(
            "classification",
            ["Problem", "Question", "Request"][pick(seed, 9, 3) as usize],
        );
        o.null("resolution");
        o.num_str(
            "attachmentCount",
            store.kid_count(Module::TicketAttachments, i) as u64,
        );
        o.num_str("taskCount", 0);
        o.num_str("tagCount", store.kid_count(Module::TicketTags, i) as u64);
        o.bool("isOverDue", pick(seed, 12, 10) == 0);
        o.bool("isResponseOverdue", false);
        o.bool("isEscalated", status == "Escalated");
        o.bool("isTrashed", false);
        o.raw("sharedDepartments", "[]");
        o.raw("secondaryContacts", "[]");
        o.raw("entitySkills", "[]");
        if o.key("cf") {
            custom_fields(store, m, i, false, proj.cf_only.as_ref(), o.buf());
        }
        if proj.fields.is_none() && o.key("customFields") {
            custom_fields(store, m, i, true, None, o.buf());
        }
    } else {
        o.null("cf");
    }
    if proj.inc("isRead") {
        o.bool("isRead", pick(seed, 13, 2) == 0);
    }
    if proj.inc("contacts") {
        if rel.contact == NONE {
            o.null("contact");
        } else {
            o.obj("contact", |c| {
                c.opt_num_str("id", contact_id);
                c.str("firstName", cf);
                c.str("lastName", cl);
                c.str("email", &cemail);
                c.null("phone");
                c.null("mobile");
                c.null("type");
                c.bool("isSpam", false);
                if account == NONE {
                    c.null("account");
                } else {
                    c.obj("account", |a| {
                        a.num_str("id", store.id(Module::Accounts, account));
                        a.str("accountName", &store.account_name(account));
                        a.str("website", "example.com");
                    });
                }
            });
        }
    }
    if proj.inc("assignee") {
        agent_obj(store, rel.assignee, &mut o, "assignee");
    }
    if proj.inc("departments") {
        if rel.dept == NONE16 {
            o.null("department");
        } else {
            o.obj("department", |d| {
                d.num_str("id", store.id(Module::Departments, rel.dept as u32));
                d.str("name", DEPT_NAMES[rel.dept as usize % DEPT_NAMES.len()]);
            });
        }
    }
    if proj.inc("team") {
        if rel.team == NONE16 {
            o.null("team");
        } else {
            o.obj("team", |d| {
                d.num_str("id", store.id(Module::Teams, rel.team as u32));
                d.str("name", TEAM_NAMES[rel.team as usize % TEAM_NAMES.len()]);
            });
        }
    }
    if proj.inc("products") {
        o.null("product");
    }
    o.end();
}

fn happiness(o: &mut Obj<'_>, seed: u64) {
    let good = pick(seed, 30, 101);
    let ok = pick(seed, 31, 101 - good);
    o.obj("customerHappiness", |h| {
        h.num_str("badPercentage", 100 - good - ok);
        h.num_str("okPercentage", ok);
        h.num_str("goodPercentage", good);
    });
}

fn contact(store: &Store, i: u32, view: View, proj: &Proj, out: &mut String) {
    let m = Module::Contacts;
    let r = store.rec(m, i);
    let seed = store.rseed(m, i);
    let id = store.id(m, i);
    let (f, l) = person(store, m, i);
    let account = store.contact_account[i as usize];
    let full = view != View::List || proj.fields.is_some();
    let (city, country) = CITIES[pick(seed, 20, CITIES.len() as u64) as usize];
    let mut o = Obj::start(out, proj.fields.as_ref());
    o.num_str("id", id);
    o.str("firstName", f);
    o.str("lastName", l);
    o.str("email", &email(f, l, "example.org"));
    o.null("secondaryEmail");
    o.null("phone");
    o.opt_str(
        "mobile",
        (pick(seed, 21, 2) == 0).then_some("+81 90 0000 0000"),
    );
    o.null("type");
    o.null("ownerId");
    o.opt_num_str(
        "accountId",
        (account != NONE).then(|| store.id(Module::Accounts, account)),
    );
    o.num_str("accountCount", u64::from(account != NONE));
    o.ts("createdTime", r.created);
    if full {
        o.ts("modifiedTime", r.modified);
        o.null("description");
        o.str("city", city);
        o.str("country", country);
        o.bool("isDeleted", false);
        o.bool("isTrashed", false);
    }
    o.bool("isAnonymous", false);
    o.bool("isEndUser", pick(seed, 22, 3) > 0);
    o.bool("isSpam", false);
    o.null("photoURL");
    o.null("zohoCRMContact");
    happiness(&mut o, seed);
    o.str("webUrl", &web_url("Contacts", id));
    if full {
        if o.key("cf") {
            custom_fields(store, m, i, false, proj.cf_only.as_ref(), o.buf());
        }
        if proj.fields.is_none() && o.key("customFields") {
            custom_fields(store, m, i, true, None, o.buf());
        }
    } else {
        o.null("cf");
    }
    if proj.inc("accounts") {
        if account == NONE {
            o.null("account");
        } else {
            o.obj("account", |a| {
                a.num_str("id", store.id(Module::Accounts, account));
                a.str("accountName", &store.account_name(account));
                a.str("website", "example.com");
            });
        }
    }
    o.end();
}

fn account(store: &Store, i: u32, view: View, proj: &Proj, out: &mut String) {
    let m = Module::Accounts;
    let r = store.rec(m, i);
    let seed = store.rseed(m, i);
    let id = store.id(m, i);
    let name = store.account_name(i);
    let full = view != View::List || proj.fields.is_some();
    let (city, country) = CITIES[pick(seed, 20, CITIES.len() as u64) as usize];
    let domain = format!(
        "{}.example",
        name.split(' ').next().unwrap_or("acme").to_lowercase()
    );
    let mut o = Obj::start(out, proj.fields.as_ref());
    o.num_str("id", id);
    o.str("accountName", &name);
    o.str("email", &format!("it@{domain}"));
    o.str("phone", "+1 555 0100");
    o.str("website", &domain);
    o.str(
        "industry",
        INDUSTRIES[pick(seed, 23, INDUSTRIES.len() as u64) as usize],
    );
    o.str("city", city);
    o.str("country", country);
    let owners = store.len(Module::Agents) as u64;
    o.opt_num_str(
        "ownerId",
        (owners > 0).then(|| store.id(Module::Agents, pick(seed, 24, owners) as u32)),
    );
    o.ts("createdTime", r.created);
    o.ts("modifiedTime", r.modified);
    happiness(&mut o, seed);
    o.str("webUrl", &web_url("Accounts", id));
    if full {
        o.null("fax");
        o.null("street");
        o.null("state");
        o.null("code");
        o.null("description");
        o.null("annualrevenue");
        o.bool("isDeleted", false);
        o.bool("isTrashed", false);
        o.str(
            "isFollowing",
            if pick(seed, 25, 2) == 0 {
                "true"
            } else {
                "false"
            },
        );
        o.raw("associatedSLAIds", "[]");
        o.obj("zohoCRMAccount", |z| {
            z.num_str("id", 5_725_767_000_000_229_001 + i as u64)
        });
        if o.key("cf") {
            custom_fields(store, m, i, false, proj.cf_only.as_ref(), o.buf());
        }
        if proj.fields.is_none() && o.key("customFields") {
            custom_fields(store, m, i, true, None, o.buf());
        }
    } else {
        o.null("cf");
    }
    o.end();
}

/// Departments an agent belongs to (derived, stable).
pub fn agent_departments(store: &Store, a: u32) -> Vec<u32> {
    let d = store.len(Module::Departments) as u32;
    if d == 0 {
        return Vec::new();
    }
    let first = a % d;
    let mut v = vec![first];
    if d > 1 && pick(store.rseed(Module::Agents, a), 40, 2) == 0 {
        v.push((first + 1) % d);
    }
    v
}

fn agent(store: &Store, i: u32, proj: &Proj, out: &mut String) {
    let m = Module::Agents;
    let (f, l) = person(store, m, i);
    let mut o = Obj::start(out, None);
    o.num_str("id", store.id(m, i));
    o.num_str("zuid", 70_000_000 + i as u64);
    o.str("firstName", f);
    o.str("lastName", l);
    o.str("name", &format!("{f} {l}"));
    o.str("emailId", &email(f, l, "exampleco.com"));
    o.str("phone", "");
    o.str("mobile", "");
    o.str("extn", "");
    o.str("status", agent_status(store, i));
    o.bool("isConfirmed", true);
    o.num_str("roleId", Module::Organizations.base() + 56_099);
    o.num_str("profileId", Module::Organizations.base() + 56_091);
    o.str(
        "rolePermissionType",
        if i == 0 { "Admin" } else { "Custom" },
    );
    o.str("langCode", "en_US");
    o.str("countryCode", "en_US");
    o.str("timeZone", "Asia/Kolkata");
    o.null("photoURL");
    o.null("aboutInfo");
    o.id_array(
        "associatedDepartmentIds",
        agent_departments(store, i)
            .into_iter()
            .map(|d| store.id(Module::Departments, d)),
    );
    o.raw("associatedChatDepartmentIds", "[]");
    o.raw("channelExpert", r#"["Email","Phone","Web"]"#);
    o.raw("cf", "{}");
    if proj.inc("profile") {
        o.obj("profile", |p| {
            p.num_str("id", Module::Organizations.base() + 56_091);
            p.str("name", "Administrator");
        });
    }
    if proj.inc("role") {
        o.obj("role", |p| {
            p.num_str("id", Module::Organizations.base() + 56_099);
            p.str("name", "CEO");
        });
    }
    o.end();
}

fn department(store: &Store, i: u32, out: &mut String) {
    let m = Module::Departments;
    let name = DEPT_NAMES[i as usize % DEPT_NAMES.len()];
    let mut o = Obj::start(out, None);
    o.num_str("id", store.id(m, i));
    o.str("name", name);
    o.str("nameInCustomerPortal", name);
    o.str("sanitizedName", &name.to_lowercase().replace(' ', "-"));
    o.opt_str("description", (i == 0).then_some("Front-line support"));
    o.bool("isEnabled", true);
    o.bool("isDefault", i == 0);
    o.bool("isVisibleInCustomerPortal", true);
    o.bool("isAssignToTeamEnabled", true);
    o.bool("hasLogo", false);
    o.str("chatStatus", "AVAILABLE");
    o.opt_num_str(
        "creatorId",
        (store.len(Module::Agents) > 0).then(|| store.id(Module::Agents, 0)),
    );
    o.ts("createdTime", store.rec(m, i).created);
    o.end();
}

fn team(store: &Store, i: u32, out: &mut String) {
    let m = Module::Teams;
    let d = store.len(Module::Departments) as u32;
    let agents: Vec<u64> = store
        .members_of(i)
        .map(|k| store.id(Module::TeamMembers, k))
        .collect();
    let mut o = Obj::start(out, None);
    o.num_str("id", store.id(m, i));
    o.str("name", TEAM_NAMES[i as usize % TEAM_NAMES.len()]);
    o.str("description", "Handles escalated tickets");
    o.opt_num_str(
        "departmentId",
        (d > 0).then(|| store.id(Module::Departments, i % d.max(1))),
    );
    o.id_array("agents", agents.iter().copied());
    o.id_array("derivedAgents", agents.iter().copied());
    o.raw("roles", "[]");
    o.raw("rolesWithSubordinates", "[]");
    o.raw("subTeams", "[]");
    o.end();
}

fn member(store: &Store, k: u32, out: &mut String) {
    let a = store.member_agent[k as usize];
    let (f, l) = person(store, Module::Agents, a);
    let mut o = Obj::start(out, None);
    o.num_str("id", store.id(Module::Agents, a));
    o.str("firstName", f);
    o.str("lastName", l);
    o.str("emailId", &email(f, l, "exampleco.com"));
    o.null("photoURL");
    o.num_str("profileId", Module::Organizations.base() + 56_091);
    o.num_str("roleId", Module::Organizations.base() + 56_099);
    o.num_str("zuid", 70_000_000 + a as u64);
    o.end();
}

fn organization(store: &Store, out: &mut String) {
    let mut o = Obj::start(out, None);
    o.num("id", store.org_id);
    o.str("companyName", "ExampleCo");
    o.str("portalName", "exampleco");
    o.str("portalURL", "https://desk.zoho.com/support/exampleco");
    o.str("edition", "PROFESSIONAL");
    o.bool("isDefault", true);
    o.bool("isAdminInOrg", true);
    o.bool("isSandboxPortal", false);
    o.end();
}

/// Whether thread `i` came from the customer (the ticket's first thread always does); the
/// others are agent responses, which the dashboard metrics count.
pub fn thread_incoming(store: &Store, i: u32) -> bool {
    let t = store.rec(Module::Threads, i).parent;
    i == store.tickets[t as usize].thread_start || pick(store.rseed(Module::Threads, i), 50, 2) == 0
}

fn thread(store: &Store, i: u32, view: View, proj: &Proj, out: &mut String) {
    let m = Module::Threads;
    let r = store.rec(m, i);
    let seed = store.rseed(m, i);
    let t = r.parent;
    let rel = &store.tickets[t as usize];
    let first = i == rel.thread_start;
    let incoming = thread_incoming(store, i);
    let mut o = Obj::start(out, None);
    o.num_str("id", store.id(m, i));
    o.str("channel", "EMAIL");
    o.str("direction", if incoming { "in" } else { "out" });
    o.str(
        "visibility",
        if pick(seed, 51, 5) == 0 {
            "private"
        } else {
            "public"
        },
    );
    o.str("status", "SUCCESS");
    o.str("contentType", "text/html");
    o.str("summary", "Our nightly export stops at 80%...");
    o.ts("createdTime", r.created);
    o.bool("isDescriptionThread", first);
    o.bool("isForward", false);
    o.bool("canReply", true);
    let attachments = store.children(Module::ThreadAttachments, i);
    o.bool("hasAttach", !attachments.is_empty());
    o.num_str("attachmentCount", attachments.len() as u64);
    o.null("respondedIn");
    o.null("responderId");
    let (f, l, kind, pid) = if incoming && rel.contact != NONE {
        let (f, l) = person(store, Module::Contacts, rel.contact);
        (f, l, "END_USER", store.id(Module::Contacts, rel.contact))
    } else if rel.assignee != NONE16 {
        let (f, l) = person(store, Module::Agents, rel.assignee as u32);
        (f, l, "AGENT", store.id(Module::Agents, rel.assignee as u32))
    } else {
        ("Support", "Bot", "AGENT", Module::Agents.base())
    };
    let domain = if kind == "AGENT" {
        "exampleco.com"
    } else {
        "example.org"
    };
    let addr = email(f, l, domain);
    o.str("fromEmailAddress", &format!("\"{f} {l}\"<{addr}>"));
    o.str("to", "support@exampleco.zohodesk.com");
    o.null("cc");
    o.null("bcc");
    o.obj("source", |s| s.str("type", "SYSTEM"));
    o.raw("actions", "[]");
    o.obj("author", |a| {
        a.num_str("id", pid);
        a.str("name", &format!("{f} {l}"));
        a.str("firstName", f);
        a.str("lastName", l);
        a.str("email", &addr);
        a.null("photoURL");
        a.str("type", kind);
    });
    if matches!(view, View::Detail | View::FullContent) {
        let (content, truncated) = match view {
            View::Detail => crate::contents::detail_content(store, i, store.body_sizes),
            _ => (crate::contents::body(store, i, store.body_sizes), false),
        };
        o.str("content", &content);
        o.null("replyTo");
        o.bool("isContentTruncated", truncated);
        if truncated {
            o.str(
                "fullContentURL",
                &format!(
                    "https://desk.zoho.com/api/v1/tickets/{}/threads/{}/fullContent",
                    store.id(Module::Tickets, t),
                    store.id(m, i)
                ),
            );
        } else {
            o.null("fullContentURL");
        }
        if o.key("attachments") {
            let b = o.buf();
            b.push('[');
            for p in 0..attachments.len() {
                if p > 0 {
                    b.push(',');
                }
                attachment(store, Module::ThreadAttachments, attachments.get(p), b);
            }
            b.push(']');
        }
        if proj.inc("plainText") {
            o.str("plainText", "Our nightly export stops at 80%. Please help.");
        }
    }
    o.end();
}

fn comment(store: &Store, m: Module, i: u32, proj: &Proj, out: &mut String) {
    let r = store.rec(m, i);
    let seed = store.rseed(m, i);
    let agents = store.len(Module::Agents) as u32;
    let a = if agents == 0 {
        0
    } else {
        pick(seed, 60, agents as u64) as u32
    };
    let (f, l) = if agents == 0 {
        ("Support", "Bot")
    } else {
        person(store, Module::Agents, a)
    };
    let aid = store.id(Module::Agents, a);
    let mut o = Obj::start(out, None);
    o.num_str("id", store.id(m, i));
    o.str("content", "Escalated to engineering, see JIRA-881.");
    o.str("contentType", "plainText");
    o.bool("isPublic", pick(seed, 61, 2) == 0);
    o.num_str("commenterId", aid);
    o.ts("commentedTime", r.created);
    // Never-edited comments have modifiedTime null, as in the reference example.
    o.opt_ts(
        "modifiedTime",
        (r.modified != r.created).then_some(r.modified),
    );
    o.raw("attachments", "[]");
    o.obj("commenter", |c| {
        c.num_str("id", aid);
        c.str("name", &format!("{f} {l}"));
        c.str("firstName", f);
        c.str("lastName", l);
        c.null("photoURL");
        c.str("roleName", "Agent");
        c.str("type", "AGENT");
        c.str("email", &email(f, l, "exampleco.com"));
    });
    if proj.inc("mentions") {
        o.raw("mentions", "[]");
    }
    o.end();
}

// ---------------------------------------------------------------- modules of the full catalog

/// Agent index picked from a record seed (0 when there are no agents).
fn agent_of(store: &Store, seed: u64, salt: u64) -> u32 {
    let n = store.len(Module::Agents) as u64;
    if n == 0 {
        0
    } else {
        pick(seed, salt, n) as u32
    }
}

fn dept_id(store: &Store, d: u32) -> Option<u64> {
    (d != NONE && (d as usize) < store.len(Module::Departments))
        .then(|| store.id(Module::Departments, d))
}

/// An active ticket picked from a seed (None when there are none).
fn ticket_of(store: &Store, seed: u64, salt: u64) -> Option<u32> {
    let lo = store.first(Module::Tickets);
    let n = store.len(Module::Tickets) as u64 - lo as u64;
    (n > 0).then(|| lo + pick(seed, salt, n) as u32)
}

/// URL section of a child module's parent (for attachment hrefs).
fn parent_section(m: Module) -> &'static str {
    match m.parent_module() {
        Some(Module::Tickets) => "tickets",
        Some(Module::Contacts) => "contacts",
        Some(Module::Accounts) => "accounts",
        Some(Module::Tasks) => "tasks",
        Some(Module::Calls) => "calls",
        Some(Module::Events) => "events",
        Some(Module::Products) => "products",
        _ => "records",
    }
}

const FILE_NAMES: &[&str] = &[
    "export.log",
    "screenshot.png",
    "contract.pdf",
    "invoice.pdf",
    "trace.txt",
];

fn attachment(store: &Store, m: Module, i: u32, out: &mut String) {
    let r = store.rec(m, i);
    let seed = store.rseed(m, i);
    let id = store.id(m, i);
    let href = if m == Module::ThreadAttachments {
        let th = r.parent;
        let t = store.rec(Module::Threads, th).parent;
        format!(
            "https://desk.zoho.com/api/v1/tickets/{}/threads/{}/attachments/{id}/content",
            store.id(Module::Tickets, t),
            store.id(Module::Threads, th)
        )
    } else {
        let pm = m.parent_module().unwrap_or(Module::Tickets);
        format!(
            "https://desk.zoho.com/api/v1/{}/{}/attachments/{id}/content",
            parent_section(m),
            store.id(pm, r.parent)
        )
    };
    let mut o = Obj::start(out, None);
    o.num_str("id", id);
    o.str(
        "name",
        FILE_NAMES[pick(seed, 70, FILE_NAMES.len() as u64) as usize],
    );
    o.num_str("size", 1024 + pick(seed, 71, 250_000));
    o.str("href", &href);
    o.bool("isPublic", pick(seed, 72, 2) == 0);
    o.ts("createdTime", r.created);
    o.num_str(
        "creatorId",
        store.id(Module::Agents, agent_of(store, seed, 73)),
    );
    o.end();
}

fn follower(store: &Store, m: Module, i: u32, out: &mut String) {
    let a = store.extra(m, i);
    let (f, l) = person(store, Module::Agents, a);
    let mut o = Obj::start(out, None);
    o.num_str("id", store.id(Module::Agents, a));
    o.str("firstName", f);
    o.str("lastName", l);
    o.str("name", &format!("{f} {l}"));
    o.str("emailId", &email(f, l, "exampleco.com"));
    o.null("photoURL");
    o.num_str("zuid", 70_000_000 + a as u64);
    o.end();
}

const ACT_SUBJECTS: &[&str] = &[
    "Call back customer",
    "Send renewal quote",
    "Demo follow-up",
    "Verify fix in prod",
    "Quarterly review",
];

/// Tasks, calls, events and ticket activities share Zoho's activity row shape.
fn activity(store: &Store, m: Module, i: u32, out: &mut String) {
    let r = store.rec(m, i);
    let seed = store.rseed(m, i);
    let id = store.id(m, i);
    let kind = match m {
        Module::Calls => "Calls",
        Module::Events => "Events",
        Module::TicketActivities => ["Tasks", "Calls", "Events"][pick(seed, 80, 3) as usize],
        _ => "Tasks",
    };
    let section = kind;
    let ticket = if m == Module::TicketActivities {
        Some(r.parent)
    } else {
        ticket_of(store, seed, 81).filter(|_| pick(seed, 82, 3) > 0)
    };
    let dept = match ticket {
        Some(t) if m == Module::TicketActivities => store.tickets[t as usize].dept as u32,
        _ => store.extra(m, i),
    };
    let contact = ticket
        .map(|t| store.tickets[t as usize].contact)
        .filter(|c| *c != NONE);
    let done = pick(seed, 83, 3) == 0;
    let owner = agent_of(store, seed, 84);
    let mut o = Obj::start(out, None);
    o.num_str("id", id);
    o.str("activityType", kind);
    o.str(
        "subject",
        ACT_SUBJECTS[pick(seed, 85, ACT_SUBJECTS.len() as u64) as usize],
    );
    o.str("status", if done { "Completed" } else { "Not Started" });
    o.str("statusType", if done { "Closed" } else { "Open" });
    o.str(
        "priority",
        PRIORITIES[pick(seed, 86, PRIORITIES.len() as u64) as usize],
    );
    o.opt_num_str("ticketId", ticket.map(|t| store.id(Module::Tickets, t)));
    o.opt_num_str("contactId", contact.map(|c| store.id(Module::Contacts, c)));
    o.opt_num_str("departmentId", dept_id(store, dept));
    o.num_str("ownerId", store.id(Module::Agents, owner));
    o.num_str("creatorId", store.id(Module::Agents, owner));
    o.num_str("layoutId", Module::Organizations.base() + 74_021);
    match m {
        Module::Calls => {
            o.str(
                "direction",
                if pick(seed, 87, 2) == 0 {
                    "inbound"
                } else {
                    "outbound"
                },
            );
            o.ts("startTime", r.created);
            o.opt_ts("completedTime", done.then_some(r.modified));
            o.num_str("duration", 30 + pick(seed, 88, 1800));
        }
        Module::Events => {
            o.ts("startTime", r.created + 86_400_000);
            o.str(
                "category",
                ["Meeting", "Demo", "Webinar"][pick(seed, 89, 3) as usize],
            );
        }
        _ => {
            o.ts("dueDate", r.created + 2 * 86_400_000);
            o.opt_ts("completedTime", done.then_some(r.modified));
            o.opt_str(
                "category",
                [Some("Follow-up"), None][pick(seed, 90, 2) as usize],
            );
        }
    }
    o.ts("activityTime", r.created);
    o.ts("createdTime", r.created);
    o.ts("modifiedTime", r.modified);
    o.obj("modifiedBy", |c| {
        let (f, l) = person(store, Module::Agents, owner);
        c.num_str("id", store.id(Module::Agents, owner));
        c.str("firstName", f);
        c.str("lastName", l);
        c.str("emailId", &email(f, l, "exampleco.com"));
        c.null("photoURL");
    });
    o.bool("isCommented", false);
    o.bool("isSpam", false);
    o.bool("isTrashed", false);
    o.str("webUrl", &web_url(section, id));
    if m != Module::TicketActivities && o.key("cf") {
        custom_fields(store, m, i, false, None, o.buf());
    }
    o.end();
}

const HISTORY_PROPS: &[(&str, &str, &str)] = &[
    ("Status", "Open", "On Hold"),
    ("Priority", "Medium", "High"),
    ("Assignee", "Unassigned", "Ravi Kumar"),
    ("Category", "General", "Billing"),
];

fn history(store: &Store, i: u32, out: &mut String) {
    let m = Module::TicketHistory;
    let r = store.rec(m, i);
    let seed = store.rseed(m, i);
    let first = store.children(m, r.parent).get(0) == i;
    let a = agent_of(store, seed, 91);
    let (f, l) = person(store, Module::Agents, a);
    let mut o = Obj::start(out, None);
    o.str(
        "eventName",
        if first {
            "TicketCreated"
        } else {
            "TicketUpdated"
        },
    );
    o.ts("eventTime", r.created);
    o.obj("actor", |c| {
        c.num_str("id", store.id(Module::Agents, a));
        c.str("name", &format!("{f} {l}"));
        c.str("type", "AGENT");
    });
    o.str(
        "source",
        ["WEB", "API", "SYSTEM"][pick(seed, 92, 3) as usize],
    );
    let (p, before, after) = HISTORY_PROPS[pick(seed, 93, HISTORY_PROPS.len() as u64) as usize];
    if o.key("eventInfo") {
        let b = o.buf();
        b.push('[');
        let mut e = Obj::start(b, None);
        e.str("propertyName", p);
        e.str("propertyType", "Picklist");
        e.obj("propertyValue", |v| {
            v.str("previousValue", before);
            v.str("updatedValue", after);
        });
        e.bool("systemProperty", true);
        e.end();
        b.push(']');
    }
    o.raw("actorInfo", "[]");
    o.end();
}

fn approval(store: &Store, i: u32, out: &mut String) {
    let m = Module::TicketApprovals;
    let r = store.rec(m, i);
    let seed = store.rseed(m, i);
    let status = ["Pending", "Approved", "Rejected"][pick(seed, 94, 3) as usize];
    let mut o = Obj::start(out, None);
    o.num_str("id", store.id(m, i));
    o.str(
        "subject",
        [
            "Refund approval",
            "Discount approval",
            "Escalation approval",
        ][pick(seed, 95, 3) as usize],
    );
    o.str("description", "Refund $40");
    o.str("status", status);
    o.id_array(
        "approverIds",
        std::iter::once(store.id(Module::Agents, agent_of(store, seed, 96))),
    );
    o.num_str(
        "createdBy",
        store.id(Module::Agents, agent_of(store, seed, 97)),
    );
    o.ts("createdTime", r.created);
    o.opt_ts("processedTime", (status != "Pending").then_some(r.modified));
    o.end();
}

fn hrs(mins: u64) -> String {
    format!("{:02}:{:02} hrs", mins / 60, mins % 60)
}

fn metrics(store: &Store, t: u32, out: &mut String) {
    let seed = store.rseed(Module::Tickets, t);
    let rel = &store.tickets[t as usize];
    let first = 5 + pick(seed, 120, 120);
    let total = first + pick(seed, 121, 600);
    let res = total + pick(seed, 122, 2000);
    let a = if rel.assignee == NONE16 {
        0
    } else {
        rel.assignee as u32
    };
    let (f, l) = person(store, Module::Agents, a);
    let mut o = Obj::start(out, None);
    o.str("firstResponseTime", &hrs(first));
    o.str("totalResponseTime", &hrs(total));
    o.str("resolutionTime", &hrs(res));
    o.num_str("responseCount", rel.thread_count as u64);
    o.num_str(
        "outgoingCount",
        pick(seed, 123, rel.thread_count as u64 + 1),
    );
    o.num_str("threadCount", rel.thread_count as u64);
    o.num_str("reopenCount", pick(seed, 124, 2));
    o.num_str("reassignCount", pick(seed, 125, 3));
    if o.key("stagingData") {
        let b = o.buf();
        b.push('[');
        let mut e = Obj::start(b, None);
        e.str("status", "Open");
        e.str("handledTime", &hrs(res));
        e.end();
        b.push(']');
    }
    if o.key("agentsHandled") {
        let b = o.buf();
        b.push('[');
        let mut e = Obj::start(b, None);
        e.num_str("agentId", store.id(Module::Agents, a));
        e.str("agentName", &format!("{f} {l}"));
        e.str("handlingTime", &hrs(res));
        e.end();
        b.push(']');
    }
    o.end();
}

const TAG_NAMES: &[&str] = &[
    "billing",
    "bug",
    "vip",
    "refund",
    "onboarding",
    "sla-breach",
    "feature",
    "urgent",
    "mobile",
    "api",
];

fn tag_name(t: u32) -> String {
    let base = TAG_NAMES[t as usize % TAG_NAMES.len()];
    match t as usize / TAG_NAMES.len() {
        0 => base.to_string(),
        k => format!("{base}-{k}"),
    }
}

fn tag(store: &Store, m: Module, i: u32, out: &mut String) {
    let mut o = Obj::start(out, None);
    if m == Module::TicketTags {
        let t = store.extra(m, i);
        o.num_str("id", store.id(Module::Tags, t));
        o.str("name", &tag_name(t));
    } else {
        let r = store.rec(m, i);
        o.num_str("id", store.id(m, i));
        o.str("name", &tag_name(i));
        o.num_str("count", pick(store.rseed(m, i), 126, 60));
        o.ts("createdTime", r.created);
    }
    o.end();
}

fn time_entry(store: &Store, m: Module, i: u32, out: &mut String) {
    let r = store.rec(m, i);
    let seed = store.rseed(m, i);
    let owner = if m == Module::AgentTimeEntries {
        r.parent
    } else {
        agent_of(store, seed, 130)
    };
    // The work item the entry was logged on.
    let (ptype, pidx) = match m {
        Module::TicketTimeEntries => ("TICKETS", Some(r.parent)),
        Module::TaskTimeEntries => ("TASKS", Some(r.parent)),
        _ => ("TICKETS", ticket_of(store, seed, 131)),
    };
    let mins = 5 + pick(seed, 132, 180);
    let billable = pick(seed, 133, 2) == 0;
    let mut o = Obj::start(out, None);
    o.num_str("id", store.id(m, i));
    o.ts("executedTime", r.created - 300_000);
    o.ts("createdTime", r.created);
    o.ts("modifiedTime", r.modified);
    let dept = match (ptype, pidx) {
        ("TICKETS", Some(t)) => store.tickets[t as usize].dept as u32,
        (_, Some(t)) => store.extra(Module::Tasks, t),
        _ => NONE,
    };
    o.opt_num_str(
        "departmentId",
        dept_id(store, if dept == NONE16 as u32 { NONE } else { dept }),
    );
    o.num_str("ownerId", store.id(Module::Agents, owner));
    o.num_str("createdBy", store.id(Module::Agents, owner));
    o.opt_str(
        "description",
        [Some("Log analysis"), None][pick(seed, 134, 2) as usize],
    );
    o.str(
        "mode",
        if pick(seed, 135, 3) == 0 {
            "AUTO"
        } else {
            "MANUAL"
        },
    );
    o.bool("isTrashed", false);
    o.bool("isBillable", billable);
    o.str("billingType", "FIXED_COST_FOR_AGENTS");
    o.str("requestChargeType", "Customer Service");
    o.num_str("hoursSpent", mins / 60);
    o.num_str("minutesSpent", mins % 60);
    o.num_str("secondsSpent", 0);
    o.str("agentCostPerHour", "40.0");
    o.null("additionalCost");
    o.null("fixedCost");
    o.str("totalCost", &format!("{:.1}", mins as f64 * 40.0 / 60.0));
    o.null("invoiceId");
    match pidx {
        Some(p) => o.obj("parent", |c| {
            if ptype == "TASKS" {
                c.num_str("id", store.id(Module::Tasks, p));
                c.null("ticketNumber");
                c.str(
                    "subject",
                    ACT_SUBJECTS[pick(store.rseed(Module::Tasks, p), 85, ACT_SUBJECTS.len() as u64)
                        as usize],
                );
            } else {
                c.num_str("id", store.id(Module::Tickets, p));
                c.num_str("ticketNumber", 1001 + p as u64);
                c.str(
                    "subject",
                    SUBJECTS
                        [pick(store.rseed(Module::Tickets, p), 3, SUBJECTS.len() as u64) as usize],
                );
            }
            c.str("type", ptype);
        }),
        None => o.null("parent"),
    }
    o.raw("cf", "{}");
    o.end();
}

/// Title of article `i` (also carried by its feedback rows).
pub fn article_title(i: u32) -> String {
    format!(
        "{} ({})",
        ARTICLE_TITLES[i as usize % ARTICLE_TITLES.len()],
        i + 1
    )
}

/// Category (= root category) index of article `i`, if there are categories.
pub fn article_category(store: &Store, i: u32) -> Option<u32> {
    let cats = store.len(Module::KbCategories) as u64;
    let seed = store.rseed(Module::Articles, i);
    (cats > 0).then(|| pick(seed, 190, cats) as u32)
}

/// Locale of every generated article.
pub const ARTICLE_LOCALE: &str = "en";

fn feedback(store: &Store, i: u32, proj: &Proj, out: &mut String) {
    let m = Module::ArticleFeedbacks;
    let r = store.rec(m, i);
    let seed = store.rseed(m, i);
    let (f, l) = person(store, m, i);
    let art = r.parent;
    let mut o = Obj::start(out, None);
    o.num_str("id", store.id(m, i));
    // Zoho's OAS example: each row names its article.
    o.num_str("articleId", store.id(Module::Articles, art));
    o.obj("article", |c| {
        c.num_str("id", store.id(Module::Articles, art));
        c.str("title", &article_title(art));
        c.str("locale", ARTICLE_LOCALE);
        c.opt_num_str(
            "departmentId",
            dept_id(store, store.extra(Module::Articles, art)),
        );
    });
    o.str(
        "feedback",
        [
            "Step 3 screenshot outdated",
            "Helpful, thanks",
            "Missing the API part",
        ][pick(seed, 140, 3) as usize],
    );
    o.str("email", &email(f, l, "example.org"));
    o.str(
        "rating",
        if pick(seed, 141, 2) == 0 {
            "LIKE"
        } else {
            "DISLIKE"
        },
    );
    o.ts("createdTime", r.created);
    let ticket = ticket_of(store, seed, 142).filter(|_| pick(seed, 143, 4) == 0);
    o.opt_num_str("ticketId", ticket.map(|t| store.id(Module::Tickets, t)));
    if proj.includes.contains("ticket") {
        match ticket {
            Some(t) => o.obj("ticket", |c| {
                c.num_str("id", store.id(Module::Tickets, t));
                c.num_str("ticketNumber", 1001 + t as u64);
            }),
            None => o.null("ticket"),
        }
    }
    if proj.includes.contains("contact") {
        o.obj("contact", |c| {
            c.str("firstName", f);
            c.str("lastName", l);
            c.str("email", &email(f, l, "example.org"));
        });
    }
    if proj.includes.contains("resolution") {
        o.null("resolution");
    }
    o.end();
}

const ROLE_NAMES: &[&str] = &["CEO", "Support Manager", "Team Lead", "Agent", "Trainee"];
const PROFILE_NAMES: &[(&str, &str)] = &[
    ("Administrator", "ADMIN"),
    ("Support Administrator", "CUSTOM"),
    ("Agent", "STANDARD"),
    ("Light Agent", "LIGHT"),
];
const CHANNEL_DEFS: &[(&str, &str)] = &[
    ("EMAIL", "Email"),
    ("PHONE", "Phone"),
    ("WEB", "Web"),
    ("CHAT", "Chat"),
    ("FORUMS", "Forums"),
    ("TWITTER", "Twitter"),
    ("FACEBOOK", "Facebook"),
    ("FEEDBACK_WIDGET", "Feedback Widget"),
];

/// Channel code of channel record `i` (the channels' primary key).
pub fn channel_code(i: u32) -> &'static str {
    CHANNEL_DEFS[i as usize % CHANNEL_DEFS.len()].0
}

fn org_small(store: &Store, m: Module, i: u32, out: &mut String) {
    let r = store.rec(m, i);
    let seed = store.rseed(m, i);
    let id = store.id(m, i);
    let mut o = Obj::start(out, None);
    match m {
        Module::Roles => {
            o.num_str("id", id);
            o.str("name", ROLE_NAMES[i as usize % ROLE_NAMES.len()]);
            o.str("description", "Support hierarchy role");
            o.bool("isDefault", i == 0);
            o.bool("isVisible", true);
            o.bool("shareDataWithPeers", pick(seed, 150, 2) == 0);
            o.opt_num_str("reportsTo", (i > 0).then(|| store.id(m, (i - 1) / 2)));
            let n = store.len(m) as u32;
            o.id_array(
                "immediateSubRoles",
                [2 * i + 1, 2 * i + 2]
                    .into_iter()
                    .filter(|&c| c < n)
                    .map(|c| store.id(m, c)),
            );
        }
        Module::Profiles => {
            let (name, ty) = PROFILE_NAMES[i as usize % PROFILE_NAMES.len()];
            o.num_str("id", id);
            o.str("name", name);
            o.str("description", "Access profile");
            o.str("type", ty);
            o.bool("default", i == 0);
            o.bool("isVisible", true);
            o.raw("permissions", r#"{"tickets":{"view":true,"create":true,"edit":true,"delete":false,"export":true,"import":false},"setup":{"department":false,"teams":false}}"#);
        }
        Module::Channels => {
            let (code, name) = CHANNEL_DEFS[i as usize % CHANNEL_DEFS.len()];
            o.str("code", code);
            o.str("name", name);
            o.str("type", if i < 4 { "SYSTEM" } else { "SOCIAL" });
            o.bool("acceptsReplies", i != 2);
            o.obj("replyConfig", |c| {
                c.bool("acceptsAttachments", true);
                c.raw("contentTypes", r#"["text/html","text/plain"]"#);
                c.bool("includeQuotedMessage", code == "EMAIL");
                c.bool("updateRecords", false);
            });
        }
        Module::BusinessHours => {
            o.num_str("id", id);
            o.str(
                "name",
                ["US hours", "EU hours", "APAC hours"][i as usize % 3],
            );
            o.str("status", "ACTIVE");
            o.str("type", if i == 0 { "SPECIFIC" } else { "24X7" });
            o.str(
                "timeZoneId",
                ["America/New_York", "Europe/Berlin", "Asia/Tokyo"][i as usize % 3],
            );
            let h = store.len(Module::HolidayLists) as u32;
            o.id_array(
                "holidayListIds",
                (h > 0)
                    .then(|| store.id(Module::HolidayLists, i % h.max(1)))
                    .into_iter(),
            );
            o.raw("businessTimes", r#"[{"day":"MONDAY","startTime":"09:00","endTime":"17:00"},{"day":"FRIDAY","startTime":"09:00","endTime":"15:00"}]"#);
            o.ts("createdTime", r.created);
            o.ts("modifiedTime", r.modified);
        }
        Module::HolidayLists => {
            o.num_str("id", id);
            o.str("name", &format!("Holidays {}", 2024 + i));
            o.str("status", "ACTIVE");
            o.str("holidayListType", "YEAR_SPECIFIC");
            o.str("year", &(2024 + i).to_string());
            let b = store.len(Module::BusinessHours) as u32;
            o.id_array(
                "associatedBusinessHourIds",
                (0..b)
                    .filter(|bh| bh % store.len(m).max(1) as u32 == i)
                    .map(|bh| store.id(Module::BusinessHours, bh)),
            );
            o.raw("holidays", r#"[{"holidayName":"New Year","from":"01-01","to":"01-01"},{"holidayName":"Year end","from":"12-24","to":"12-26"}]"#);
        }
        _ => {}
    }
    o.end();
}

/// `rating` of customer-happiness record `i` (shared with the `rating` filter).
pub fn happiness_rating_of(store: &Store, i: u32) -> &'static str {
    ["good", "good", "ok", "bad"][pick(store.rseed(Module::CustomerHappiness, i), 161, 4) as usize]
}

fn happiness_rating(store: &Store, i: u32, out: &mut String) {
    let m = Module::CustomerHappiness;
    let r = store.rec(m, i);
    let seed = store.rseed(m, i);
    let t = ticket_of(store, seed, 160);
    let rating = happiness_rating_of(store, i);
    let mut o = Obj::start(out, None);
    o.num_str("id", store.id(m, i));
    o.str("rating", rating);
    o.opt_str(
        "feedback",
        [Some("Quick fix, thanks"), Some("Took a while"), None][pick(seed, 162, 3) as usize],
    );
    o.ts("ratedTime", r.created);
    o.opt_num_str("ticketId", t.map(|t| store.id(Module::Tickets, t)));
    o.opt_num_str("ticketNumber", t.map(|t| 1001 + t as u64));
    o.opt_num_str(
        "contactId",
        t.map(|t| store.tickets[t as usize].contact)
            .filter(|c| *c != NONE)
            .map(|c| store.id(Module::Contacts, c)),
    );
    o.num_str(
        "agentId",
        store.id(Module::Agents, agent_of(store, seed, 163)),
    );
    o.opt_num_str("departmentId", dept_id(store, store.extra(m, i)));
    o.str("channel", "EMAIL");
    o.end();
}

fn org_field(store: &Store, i: u32, out: &mut String) {
    let m = Module::OrganizationFields;
    let r = store.rec(m, i);
    let (f, custom) = field_meta(i);
    let mut o = Obj::start(out, None);
    o.num_str("id", store.id(m, i));
    o.str("apiName", f.api_name);
    o.str("displayLabel", f.label);
    o.str("i18NLabel", f.label);
    o.str("type", f.ftype);
    o.num(
        "maxLength",
        match f.ftype {
            "Textarea" => 65535,
            "Boolean" | "Date" | "DateTime" => 0,
            _ => 120,
        },
    );
    o.bool("isMandatory", !custom && f.api_name == "subject");
    o.bool("isCustomField", custom);
    o.bool("isEncryptedField", false);
    o.str("sourceType", if custom { "USERDEFINED" } else { "SYSTEM" });
    if o.key("allowedValues") {
        let b = o.buf();
        b.push('[');
        if matches!(f.ftype, "Picklist" | "Multiselect") {
            for (k, v) in f.values.iter().enumerate() {
                if k > 0 {
                    b.push(',');
                }
                let mut e = Obj::start(b, None);
                e.str("value", v);
                e.end();
            }
        }
        b.push(']');
    }
    o.ts("createdTime", r.created);
    o.ts("modifiedTime", r.modified);
    o.end();
}

fn contract(store: &Store, i: u32, out: &mut String) {
    let m = Module::Contracts;
    let r = store.rec(m, i);
    let seed = store.rseed(m, i);
    let accounts = store.len(Module::Accounts) as u64;
    let start = r.created;
    let end = r.created + 365 * 86_400_000;
    let mut o = Obj::start(out, None);
    o.num_str("id", store.id(m, i));
    o.str("contractName", &format!("Support plan {}", 100 + i));
    o.str(
        "contractStatus",
        ["ACTIVE", "EXPIRED", "FUTURE"][pick(seed, 170, 3) as usize],
    );
    o.opt_num_str(
        "accountId",
        (accounts > 0).then(|| store.id(Module::Accounts, pick(seed, 171, accounts) as u32)),
    );
    o.opt_num_str("departmentId", dept_id(store, store.extra(m, i)));
    o.num_str(
        "ownerId",
        store.id(Module::Agents, agent_of(store, seed, 172)),
    );
    let p = store.len(Module::Products) as u64;
    o.opt_num_str(
        "productId",
        (p > 0).then(|| store.id(Module::Products, pick(seed, 173, p) as u32)),
    );
    o.null("associatedSLAId");
    for (k, ms) in [("startDate", start), ("endDate", end)] {
        if o.key(k) {
            let b = o.buf();
            b.push('"');
            push_date(b, ms);
            b.push('"');
        }
    }
    o.str("slaName", "Standard SLA");
    o.null("supportPlan");
    if o.key("cf") {
        custom_fields(store, m, i, false, None, o.buf());
    }
    o.end();
}

const PRODUCT_NAMES: &[&str] = &[
    "Desk Pro",
    "Desk Lite",
    "Sync Agent",
    "Hardware Hub",
    "Onboarding Pack",
    "API Add-on",
    "Mobile Kit",
    "Analytics Plus",
];

/// A product; the list projection lacks the times and authors that the search rows carry
/// (OAS Search.json `searchProductsResponse`).
fn product(store: &Store, i: u32, view: View, out: &mut String) {
    let m = Module::Products;
    let r = store.rec(m, i);
    let seed = store.rseed(m, i);
    let mut o = Obj::start(out, None);
    o.num_str("id", store.id(m, i));
    o.str(
        "productName",
        PRODUCT_NAMES[i as usize % PRODUCT_NAMES.len()],
    );
    o.str("productCode", &format!("P-{:02}", i + 1));
    o.str("unitPrice", &format!("{}.0", 10 + pick(seed, 180, 90)));
    o.str(
        "productCategory",
        ["Software", "Hardware", "Service"][pick(seed, 181, 3) as usize],
    );
    o.num_str(
        "ownerId",
        store.id(Module::Agents, agent_of(store, seed, 182)),
    );
    o.id_array(
        "departmentIds",
        dept_id(store, store.extra(m, i)).into_iter(),
    );
    o.bool("isDeleted", false);
    if view != View::List {
        let author = store.id(Module::Agents, agent_of(store, seed, 183));
        o.num_str("createdBy", author);
        o.num_str("modifiedBy", author);
        o.null("description");
        o.ts("createdTime", r.created);
        o.ts("modifiedTime", r.modified);
    }
    if o.key("cf") {
        custom_fields(store, m, i, false, None, o.buf());
    }
    o.end();
}

const ARTICLE_TITLES: &[&str] = &[
    "Reset your password",
    "Export your data",
    "Configure SSO",
    "Billing FAQ",
    "Install the sync agent",
    "Use the API",
];

fn article(store: &Store, i: u32, out: &mut String) {
    let m = Module::Articles;
    let r = store.rec(m, i);
    let seed = store.rseed(m, i);
    let id = store.id(m, i);
    let title = article_title(i);
    let slug = title.to_lowercase().replace([' ', '(', ')'], "-");
    let cat = article_category(store, i).map(|c| store.id(Module::KbCategories, c));
    let author = agent_of(store, seed, 191);
    let (f, l) = person(store, Module::Agents, author);
    let mut o = Obj::start(out, None);
    o.num_str("id", id);
    o.str("title", &title);
    o.str("summary", "Steps and answers for a common question.");
    o.str(
        "status",
        if pick(seed, 192, 5) == 0 {
            "Draft"
        } else {
            "Published"
        },
    );
    o.str(
        "permission",
        ["ALL", "REGISTEREDUSERS", "AGENTS"][pick(seed, 193, 3) as usize],
    );
    o.str("permalink", &slug);
    o.str(
        "webUrl",
        &format!("https://desk.zoho.com/agent/exampleco/kb/articles/{slug}"),
    );
    o.str(
        "portalUrl",
        &format!("https://support.example.com/portal/en/kb/articles/{slug}"),
    );
    o.opt_num_str("categoryId", cat);
    o.opt_num_str("rootCategoryId", cat);
    o.opt_num_str("departmentId", dept_id(store, store.extra(m, i)));
    o.str("locale", ARTICLE_LOCALE);
    o.str("sourceLocale", ARTICLE_LOCALE);
    o.num_str("translationId", id + 2);
    o.str("translationState", "UP-TO-DATE");
    o.str("latestVersion", "1.0");
    o.str("latestVersionStatus", "Published");
    o.str("latestPublishedVersion", "1.0");
    o.num_str("position", i as u64 + 1);
    o.bool("isLocked", false);
    o.bool("isTrashed", false);
    o.num_str("authorId", store.id(Module::Agents, author));
    o.obj("author", |a| {
        a.num_str("id", store.id(Module::Agents, author));
        a.str("name", &format!("{f} {l}"));
        a.null("photoURL");
        a.str("status", "ACTIVE");
        a.num_str("zuid", 70_000_000 + author as u64);
    });
    o.ts("createdTime", r.created);
    o.ts("modifiedTime", r.modified);
    o.num_str("viewCount", pick(seed, 194, 2000));
    o.num_str("likeCount", pick(seed, 195, 50));
    o.num_str("dislikeCount", pick(seed, 196, 5));
    o.num_str(
        "commentCount",
        store.kid_count(Module::ArticleComments, i) as u64,
    );
    o.num_str(
        "feedbackCount",
        store.kid_count(Module::ArticleFeedbacks, i) as u64,
    );
    o.num_str("attachmentCount", 0);
    o.num_str("usageCount", pick(seed, 197, 30));
    o.raw("availableLocaleTranslations", "[]");
    o.end();
}

fn kb_category(store: &Store, i: u32, out: &mut String) {
    let m = Module::KbCategories;
    let r = store.rec(m, i);
    let articles = store.len(Module::Articles) as u32;
    let count = (0..articles)
        .filter(|&a| {
            let cats = store.len(m) as u64;
            pick(store.rseed(Module::Articles, a), 190, cats.max(1)) as u32 == i
        })
        .count();
    let mut o = Obj::start(out, None);
    o.num_str("id", store.id(m, i));
    o.str(
        "name",
        [
            "Getting started",
            "Accounts",
            "Billing",
            "Integrations",
            "Troubleshooting",
            "Mobile",
        ][i as usize % 6],
    );
    o.null("description");
    o.str("status", "SHOW_IN_HELPCENTER");
    o.str("visibility", "ALL_USERS");
    o.str("articleViewType", "LISTVIEW");
    o.null("logoUrl");
    o.raw("groups", "[]");
    o.id_array(
        "associatedDepartmentIds",
        dept_id(store, store.extra(m, i)).into_iter(),
    );
    o.num_str("allArticlesCount", count as u64);
    o.num_str("publicArticlesCount", count as u64);
    o.num_str("sectionsCount", 0);
    o.num_str("order", i as u64 + 1);
    let h = store.len(Module::HelpCenters) as u32;
    o.opt_num_str(
        "helpCenterId",
        (h > 0).then(|| store.id(Module::HelpCenters, i % h.max(1))),
    );
    o.ts("createdTime", r.created);
    o.ts("modifiedTime", r.modified);
    o.end();
}

fn help_center(store: &Store, i: u32, out: &mut String) {
    let m = Module::HelpCenters;
    let mut o = Obj::start(out, None);
    o.num_str("id", store.id(m, i));
    o.str("portalId", &format!("{:064x}", store.rseed(m, i)));
    o.str(
        "name",
        if i == 0 {
            "ExampleCo Help Center"
        } else {
            "ExampleCo Partners"
        },
    );
    o.bool("isDefault", i == 0);
    o.str("status", "ACTIVE");
    o.id_array(
        "departmentIds",
        dept_id(store, store.extra(m, i)).into_iter(),
    );
    // Helpcenter.json: `locales` is a list of codes; the per-locale objects are `helpCenterLocales`.
    o.raw("locales", r#"["en"]"#);
    o.raw(
        "helpCenterLocales",
        r#"[{"name":"ExampleCo","locale":"en","type":"DEFAULT","status":"ACCESIBLE_IN_HELPCENTER"}]"#,
    );
    o.str("primaryLocale", "en");
    o.bool("isMultilingualEnabled", false);
    o.raw(
        "domains",
        r#"[{"name":"support.example.com","isPrimary":true}]"#,
    );
    o.end();
}

fn hc_person(store: &Store, m: Module, i: u32, o: &mut Obj<'_>, key: &str) {
    let a = agent_of(store, store.rseed(m, i), 200);
    let (f, l) = person(store, Module::Agents, a);
    o.obj(key, |c| {
        c.num_str("id", store.id(Module::Agents, a));
        c.str("name", &format!("{f} {l}"));
        c.null("photoURL");
    });
}

fn help_center_child(store: &Store, m: Module, i: u32, out: &mut String) {
    let r = store.rec(m, i);
    let seed = store.rseed(m, i);
    let hc = store.id(Module::HelpCenters, r.parent);
    let mut o = Obj::start(out, None);
    o.num_str("id", store.id(m, i));
    match m {
        Module::HelpCenterUsers => {
            let (f, l) = person(store, m, i);
            o.str("name", &format!("{f} {l}"));
            o.str("emailAddress", &email(f, l, "example.org"));
            o.null("photoURL");
            o.str("type", "ENDUSER");
            o.str(
                "status",
                if pick(seed, 201, 6) == 0 {
                    "DISABLED"
                } else {
                    "ACTIVE"
                },
            );
            o.ts("lastAccessedTime", r.created);
            o.null("label");
        }
        _ => {
            let group = m == Module::HelpCenterGroups;
            o.num_str("helpCenterId", hc);
            o.str(
                "name",
                if group {
                    ["Prime Customer", "Partners", "Beta testers"][i as usize % 3]
                } else {
                    ["Pro Customer", "VIP", "Trial"][i as usize % 3]
                },
            );
            if group {
                o.str("description", "Special KB access");
            }
            o.num_str("count", pick(seed, 202, 900));
            o.null("logoUrl");
            if group {
                o.str("status", "ACTIVE");
            } else {
                o.raw(
                    "preferences",
                    r##"{"shape":"ROUNDED","bgColor":"#FFEEEE","textColor":"#222222"}"##,
                );
            }
            o.ts("createdTime", r.created);
            o.ts("modifiedTime", r.modified);
            hc_person(store, m, i, &mut o, "creator");
            hc_person(store, m, i, &mut o, "modifier");
        }
    }
    o.end();
}
