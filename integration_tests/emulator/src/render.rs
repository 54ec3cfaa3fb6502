//! Record renderers: one per module and view, written straight to the output buffer.
//! Shapes follow the reference's §7 examples (ids and counters as strings, numeric org id,
//! `…SSSZ` timestamps, nulls, nested objects, `cf` + label-keyed `customFields`).

use std::collections::BTreeSet;

use crate::data::{FIRST_NAMES, LAST_NAMES, Module, NONE, NONE16, Store};
use crate::json::Obj;
use crate::rng::pick;
use crate::routes::View;
use crate::timefmt::push_date;

/// Custom-field metadata (kept as data because `GET /organizationFields` will serve it).
#[derive(Debug, Clone, Copy)]
pub struct FieldMeta {
    pub module: Module,
    pub api_name: &'static str,
    pub label: &'static str,
    /// Zoho field type name.
    pub ftype: &'static str,
}

pub const CUSTOM_FIELDS: &[FieldMeta] = &[
    FieldMeta {
        module: Module::Tickets,
        api_name: "cf_region",
        label: "Region",
        ftype: "Picklist",
    },
    FieldMeta {
        module: Module::Tickets,
        api_name: "cf_contract_tier",
        label: "Contract Tier",
        ftype: "Picklist",
    },
    FieldMeta {
        module: Module::Tickets,
        api_name: "cf_follow_up_date",
        label: "Follow up date",
        ftype: "Date",
    },
    FieldMeta {
        module: Module::Tickets,
        api_name: "cf_escalation_notes",
        label: "Escalation notes",
        ftype: "Textarea",
    },
    FieldMeta {
        module: Module::Tickets,
        api_name: "cf_estimated_hours",
        label: "Estimated hours",
        ftype: "Decimal",
    },
    FieldMeta {
        module: Module::Tickets,
        api_name: "cf_is_vip",
        label: "Is VIP",
        ftype: "Boolean",
    },
    FieldMeta {
        module: Module::Tickets,
        api_name: "cf_affected_modules",
        label: "Affected modules",
        ftype: "Multiselect",
    },
    FieldMeta {
        module: Module::Contacts,
        api_name: "cf_customer_since",
        label: "Customer since",
        ftype: "Date",
    },
    FieldMeta {
        module: Module::Contacts,
        api_name: "cf_newsletter",
        label: "Newsletter",
        ftype: "Boolean",
    },
    FieldMeta {
        module: Module::Accounts,
        api_name: "cf_segment",
        label: "Segment",
        ftype: "Picklist",
    },
    FieldMeta {
        module: Module::Accounts,
        api_name: "cf_seats",
        label: "Seats",
        ftype: "Number",
    },
];

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
const REGIONS: &[&str] = &["APAC", "EMEA", "NA", "LATAM"];
const TIERS: &[&str] = &["Bronze", "Silver", "Gold", "Platinum"];
const MODULES_MS: &[&str] = &["Billing", "Reports", "Sync", "Auth"];
const SEGMENTS: &[&str] = &["SMB", "Mid-market", "Enterprise"];
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

fn person(store: &Store, m: Module, i: u32) -> (&'static str, &'static str) {
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
        match f.api_name {
            "cf_region" => o.str(key, REGIONS[(v % 4) as usize]),
            "cf_contract_tier" => o.str(key, TIERS[(v % 4) as usize]),
            "cf_segment" => o.str(key, SEGMENTS[(v % 3) as usize]),
            "cf_follow_up_date" | "cf_customer_since" => {
                if o.key(key) {
                    let b = o.buf();
                    b.push('"');
                    push_date(b, store.rec(m, i).created + (v % 30) as i64 * 86_400_000);
                    b.push('"');
                }
            }
            "cf_escalation_notes" => o.str(key, "Customer called twice.\nWaiting on engineering."),
            "cf_estimated_hours" => o.str(key, &format!("{}.{}", v % 40, (v / 40) % 10 * 10 / 2)),
            "cf_seats" => o.str(key, &(v % 500).to_string()),
            "cf_is_vip" | "cf_newsletter" => o.bool(key, v.is_multiple_of(2)),
            "cf_affected_modules" => {
                let a = MODULES_MS[(v % 4) as usize];
                let b = MODULES_MS[((v / 4) % 4) as usize];
                if a == b {
                    o.str(key, a)
                } else {
                    o.str(key, &format!("{a};{b}"))
                }
            }
            _ => o.null(key),
        }
    }
    o.end();
}

/// Renders record `i` of module `m` as `view`, appending JSON to `out`.
pub fn render(store: &Store, m: Module, i: u32, view: View, proj: &Proj, out: &mut String) {
    match m {
        Module::Tickets => ticket(store, i, view, proj, out),
        Module::Contacts => contact(store, i, view, proj, out),
        Module::Accounts => account(store, i, view, proj, out),
        Module::Agents => agent(store, i, proj, out),
        Module::Departments => department(store, i, out),
        Module::Teams => team(store, i, out),
        Module::TeamMembers => member(store, i, out),
        Module::Organizations => organization(store, out),
        Module::Threads => thread(store, i, view, proj, out),
        Module::Comments => comment(store, i, proj, out),
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
    o.num_str("commentCount", rel.comment_count as u64);
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
    o.bool("isArchived", false);
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
        o.num_str("attachmentCount", pick(seed, 10, 3));
        o.num_str("taskCount", 0);
        o.num_str("tagCount", pick(seed, 11, 3));
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

fn thread(store: &Store, i: u32, view: View, proj: &Proj, out: &mut String) {
    let m = Module::Threads;
    let r = store.rec(m, i);
    let seed = store.rseed(m, i);
    let t = r.parent;
    let rel = &store.tickets[t as usize];
    let first = i == rel.thread_start;
    let incoming = first || pick(seed, 50, 2) == 0;
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
    o.bool("hasAttach", false);
    o.num_str("attachmentCount", 0);
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
    if view == View::Detail {
        o.str(
            "content",
            "<div>Our nightly export stops at 80%. Please help.</div>",
        );
        o.null("replyTo");
        o.bool("isContentTruncated", false);
        o.raw("attachments", "[]");
        if proj.inc("plainText") {
            o.str("plainText", "Our nightly export stops at 80%. Please help.");
        }
    }
    o.end();
}

fn comment(store: &Store, i: u32, proj: &Proj, out: &mut String) {
    let m = Module::Comments;
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
