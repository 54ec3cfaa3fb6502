//! The data store: compact per-record structs, generated deterministically from a seed, with
//! sorted indexes so every page is a binary search plus a slice, even at 1,000,000 tickets.
//!
//! Ids are implicit: record `i` of a module has id `module.base() + i`, so lookups are
//! arithmetic and "ties by id" means "ties by index". Attributes that never change (names,
//! statuses, ...) are derived from the id on demand instead of stored.

use crate::config::EmulatorConfig;
use crate::rng::{Rng, mix, pick};
use crate::timefmt::now_ms;

/// Every module the emulator holds records for (named like the connector's streams).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Module {
    Organizations,
    Agents,
    Departments,
    Teams,
    TeamMembers,
    Tickets,
    Threads,
    Comments,
    Contacts,
    Accounts,
    ArchivedTickets,
    TicketAttachments,
    TicketActivities,
    TicketHistory,
    TicketApprovals,
    TicketFollowers,
    TicketMetrics,
    TicketTags,
    TicketTimeEntries,
    ThreadAttachments,
    AgentTimeEntries,
    ContactComments,
    ContactAttachments,
    ContactFollowers,
    ContactTimeEntries,
    AccountComments,
    AccountAttachments,
    AccountFollowers,
    AccountTimeEntries,
    Roles,
    Profiles,
    Channels,
    BusinessHours,
    HolidayLists,
    CustomerHappiness,
    OrganizationFields,
    Tags,
    Contracts,
    ContractComments,
    Tasks,
    TaskComments,
    TaskAttachments,
    TaskTimeEntries,
    Calls,
    CallComments,
    CallAttachments,
    Events,
    EventComments,
    EventAttachments,
    Products,
    ProductAttachments,
    Articles,
    ArticleComments,
    ArticleFeedbacks,
    KbCategories,
    HelpCenters,
    HelpCenterUsers,
    HelpCenterGroups,
    HelpCenterLabels,
}

impl Module {
    pub const ALL: [Module; 59] = [
        Module::Organizations,
        Module::Agents,
        Module::Departments,
        Module::Teams,
        Module::TeamMembers,
        Module::Tickets,
        Module::Threads,
        Module::Comments,
        Module::Contacts,
        Module::Accounts,
        Module::ArchivedTickets,
        Module::TicketAttachments,
        Module::TicketActivities,
        Module::TicketHistory,
        Module::TicketApprovals,
        Module::TicketFollowers,
        Module::TicketMetrics,
        Module::TicketTags,
        Module::TicketTimeEntries,
        Module::ThreadAttachments,
        Module::AgentTimeEntries,
        Module::ContactComments,
        Module::ContactAttachments,
        Module::ContactFollowers,
        Module::ContactTimeEntries,
        Module::AccountComments,
        Module::AccountAttachments,
        Module::AccountFollowers,
        Module::AccountTimeEntries,
        Module::Roles,
        Module::Profiles,
        Module::Channels,
        Module::BusinessHours,
        Module::HolidayLists,
        Module::CustomerHappiness,
        Module::OrganizationFields,
        Module::Tags,
        Module::Contracts,
        Module::ContractComments,
        Module::Tasks,
        Module::TaskComments,
        Module::TaskAttachments,
        Module::TaskTimeEntries,
        Module::Calls,
        Module::CallComments,
        Module::CallAttachments,
        Module::Events,
        Module::EventComments,
        Module::EventAttachments,
        Module::Products,
        Module::ProductAttachments,
        Module::Articles,
        Module::ArticleComments,
        Module::ArticleFeedbacks,
        Module::KbCategories,
        Module::HelpCenters,
        Module::HelpCenterUsers,
        Module::HelpCenterGroups,
        Module::HelpCenterLabels,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Module::Organizations => "organizations",
            Module::Agents => "agents",
            Module::Departments => "departments",
            Module::Teams => "teams",
            Module::TeamMembers => "team_members",
            Module::Tickets => "tickets",
            Module::Threads => "threads",
            Module::Comments => "comments",
            Module::Contacts => "contacts",
            Module::Accounts => "accounts",
            Module::ArchivedTickets => "archived_tickets",
            Module::TicketAttachments => "ticket_attachments",
            Module::TicketActivities => "ticket_activities",
            Module::TicketHistory => "ticket_history",
            Module::TicketApprovals => "ticket_approvals",
            Module::TicketFollowers => "ticket_followers",
            Module::TicketMetrics => "ticket_metrics",
            Module::TicketTags => "ticket_tags",
            Module::TicketTimeEntries => "ticket_time_entries",
            Module::ThreadAttachments => "thread_attachments",
            Module::AgentTimeEntries => "agent_time_entries",
            Module::ContactComments => "contact_comments",
            Module::ContactAttachments => "contact_attachments",
            Module::ContactFollowers => "contact_followers",
            Module::ContactTimeEntries => "contact_time_entries",
            Module::AccountComments => "account_comments",
            Module::AccountAttachments => "account_attachments",
            Module::AccountFollowers => "account_followers",
            Module::AccountTimeEntries => "account_time_entries",
            Module::Roles => "roles",
            Module::Profiles => "profiles",
            Module::Channels => "channels",
            Module::BusinessHours => "business_hours",
            Module::HolidayLists => "holiday_lists",
            Module::CustomerHappiness => "customer_happiness",
            Module::OrganizationFields => "organization_fields",
            Module::Tags => "tags",
            Module::Contracts => "contracts",
            Module::ContractComments => "contract_comments",
            Module::Tasks => "tasks",
            Module::TaskComments => "task_comments",
            Module::TaskAttachments => "task_attachments",
            Module::TaskTimeEntries => "task_time_entries",
            Module::Calls => "calls",
            Module::CallComments => "call_comments",
            Module::CallAttachments => "call_attachments",
            Module::Events => "events",
            Module::EventComments => "event_comments",
            Module::EventAttachments => "event_attachments",
            Module::Products => "products",
            Module::ProductAttachments => "product_attachments",
            Module::Articles => "articles",
            Module::ArticleComments => "article_comments",
            Module::ArticleFeedbacks => "article_feedbacks",
            Module::KbCategories => "kb_categories",
            Module::HelpCenters => "help_centers",
            Module::HelpCenterUsers => "help_center_users",
            Module::HelpCenterGroups => "help_center_groups",
            Module::HelpCenterLabels => "help_center_labels",
        }
    }

    pub fn from_name(s: &str) -> Option<Module> {
        Module::ALL.into_iter().find(|m| m.name() == s)
    }

    /// First id of the module: 18-digit ids in disjoint ranges per module.
    pub fn base(self) -> u64 {
        412_500_000_000_000_000 + (self as u64 + 1) * 100_000_000_000 + 10_000_011
    }

    fn slot(self) -> usize {
        self as usize
    }

    /// The module of `Rec::parent` (None for top-level modules and views).
    pub fn parent_module(self) -> Option<Module> {
        use Module::*;
        Some(match self {
            Threads | Comments | TicketAttachments | TicketActivities | TicketHistory
            | TicketApprovals | TicketFollowers | TicketTags | TicketTimeEntries => Tickets,
            ThreadAttachments => Threads,
            TeamMembers => Teams,
            AgentTimeEntries => Agents,
            ContactComments | ContactAttachments | ContactFollowers | ContactTimeEntries => {
                Contacts
            }
            AccountComments | AccountAttachments | AccountFollowers | AccountTimeEntries => {
                Accounts
            }
            ContractComments => Contracts,
            TaskComments | TaskAttachments | TaskTimeEntries => Tasks,
            CallComments | CallAttachments => Calls,
            EventComments | EventAttachments => Events,
            ProductAttachments => Products,
            ArticleComments | ArticleFeedbacks => Articles,
            Tags => Departments,
            HelpCenterUsers | HelpCenterGroups | HelpCenterLabels => HelpCenters,
            _ => return None,
        })
    }

    /// Whether `Store::delete` can remove records of this module: the modules of the recycle
    /// bin. A deleted record's children go with it (their lists answer 404).
    pub fn deletable(self) -> bool {
        crate::bin::BIN_MODULES.iter().any(|(m, _, _)| *m == self)
    }

    /// Whether `Store::create` can add records of this module (top-level modules with
    /// generated children, and child modules with a time of their own).
    pub fn creatable(self) -> bool {
        let top = matches!(
            self,
            Module::Tickets
                | Module::Contacts
                | Module::Accounts
                | Module::Articles
                | Module::CustomerHappiness
                | Module::Tasks
                | Module::Calls
                | Module::Events
        );
        top || self.created_as_child()
    }

    /// Created under a random existing parent (`Store::create_children`).
    fn created_as_child(self) -> bool {
        // Article feedback has no modifiedTime but can be created (a createdTime cursor).
        (self.has_modified() || self == Module::ArticleFeedbacks)
            && self
                .parent_module()
                .is_some_and(|p| !matches!(p, Module::Threads | Module::Teams))
    }

    /// Whether records carry a modifiedTime that `touch` may move.
    pub fn has_modified(self) -> bool {
        use Module::*;
        !matches!(
            self,
            Organizations
                | Threads
                | TeamMembers
                | ArchivedTickets
                | TicketMetrics
                | TicketHistory
                | TicketFollowers
                | TicketTags
                | ContactFollowers
                | AccountFollowers
                | OrganizationFields
                | Channels
                | Tags
                | HelpCenterUsers
                | TicketAttachments
                | ThreadAttachments
                | ContactAttachments
                | AccountAttachments
                | TaskAttachments
                | CallAttachments
                | EventAttachments
                | ProductAttachments
                | ArticleFeedbacks
        )
    }

    /// Records whose `id` is the referenced record's id (agents followers, org-level tags).
    fn ref_module(self) -> Option<Module> {
        match self {
            Module::TicketFollowers | Module::ContactFollowers | Module::AccountFollowers => {
                Some(Module::Agents)
            }
            Module::TicketTags => Some(Module::Tags),
            _ => None,
        }
    }
}

/// What a generated child record refers to (stored in `Table::extra`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ref {
    None,
    /// A distinct agent per parent (followers).
    Agent,
    /// A distinct org-level tag of the ticket's department.
    Tag,
}

/// How many children of a module each parent gets (uniform pick from `counts`).
struct KidSpec {
    m: Module,
    counts: &'static [u8],
    r: Ref,
}

/// Generated child modules, in generation order (parents before their children).
#[rustfmt::skip]
const KIDS: &[KidSpec] = &[
    KidSpec { m: Module::Tags, counts: &[7, 8, 9], r: Ref::None },
    KidSpec { m: Module::TicketAttachments, counts: &[0, 1, 2], r: Ref::None },
    KidSpec { m: Module::TicketActivities, counts: &[0, 1, 2], r: Ref::None },
    KidSpec { m: Module::TicketHistory, counts: &[2, 3, 4, 5, 6], r: Ref::None },
    KidSpec { m: Module::TicketApprovals, counts: &[0, 0, 1], r: Ref::None },
    KidSpec { m: Module::TicketFollowers, counts: &[0, 1, 2], r: Ref::Agent },
    KidSpec { m: Module::TicketTags, counts: &[0, 1, 2], r: Ref::Tag },
    KidSpec { m: Module::TicketTimeEntries, counts: &[0, 1], r: Ref::None },
    KidSpec { m: Module::ThreadAttachments, counts: &[0, 0, 0, 1, 2], r: Ref::None },
    KidSpec { m: Module::AgentTimeEntries, counts: &[2, 3, 4], r: Ref::None },
    KidSpec { m: Module::ContactComments, counts: &[0, 1], r: Ref::None },
    KidSpec { m: Module::ContactAttachments, counts: &[0, 1], r: Ref::None },
    KidSpec { m: Module::ContactFollowers, counts: &[0, 1], r: Ref::Agent },
    KidSpec { m: Module::ContactTimeEntries, counts: &[0, 1], r: Ref::None },
    KidSpec { m: Module::AccountComments, counts: &[0, 1], r: Ref::None },
    KidSpec { m: Module::AccountAttachments, counts: &[0, 1], r: Ref::None },
    KidSpec { m: Module::AccountFollowers, counts: &[0, 1], r: Ref::Agent },
    KidSpec { m: Module::AccountTimeEntries, counts: &[0, 1], r: Ref::None },
    KidSpec { m: Module::ContractComments, counts: &[0, 1], r: Ref::None },
    KidSpec { m: Module::TaskComments, counts: &[0, 1, 2], r: Ref::None },
    KidSpec { m: Module::TaskAttachments, counts: &[0, 1, 2], r: Ref::None },
    KidSpec { m: Module::TaskTimeEntries, counts: &[0, 1, 2], r: Ref::None },
    KidSpec { m: Module::CallComments, counts: &[0, 1, 2], r: Ref::None },
    KidSpec { m: Module::CallAttachments, counts: &[0, 1, 2], r: Ref::None },
    KidSpec { m: Module::EventComments, counts: &[0, 1, 2], r: Ref::None },
    KidSpec { m: Module::EventAttachments, counts: &[0, 1, 2], r: Ref::None },
    KidSpec { m: Module::ProductAttachments, counts: &[0, 1], r: Ref::None },
    KidSpec { m: Module::ArticleComments, counts: &[0, 1, 2], r: Ref::None },
    KidSpec { m: Module::ArticleFeedbacks, counts: &[0, 1, 2], r: Ref::None },
    KidSpec { m: Module::HelpCenterUsers, counts: &[3, 4, 5], r: Ref::None },
    KidSpec { m: Module::HelpCenterGroups, counts: &[2, 3], r: Ref::None },
    KidSpec { m: Module::HelpCenterLabels, counts: &[2, 3], r: Ref::None },
];

/// The modules whose `cf` custom fields `/organizationFields?module=` describes, in order
/// (an organization-field record's `parent` is an index into this list).
pub const FIELD_MODULES: &[&str] = &[
    "tickets",
    "contacts",
    "accounts",
    "tasks",
    "calls",
    "events",
    "products",
    "contracts",
];

/// "No parent / none" marker for u32 indexes.
pub const NONE: u32 = u32::MAX;
/// "None" marker for u16 indexes.
pub const NONE16: u16 = u16::MAX;

/// The mutable core of every record.
#[derive(Clone, Copy, Debug)]
pub struct Rec {
    pub created: i64,
    pub modified: i64,
    /// Index of the parent record (ticket for threads/comments, team for team members).
    pub parent: u32,
}

/// Ticket relations and counters (parallel to the tickets table).
#[derive(Clone, Copy, Debug)]
pub struct TicketRel {
    pub contact: u32,
    pub dept: u16,
    pub assignee: u16,
    pub team: u16,
    /// customerResponseTime, with real milliseconds.
    pub crt: i64,
    pub thread_start: u32,
    pub thread_count: u16,
}

/// Orders the emulator can serve from an index (ties always by id ascending).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SortKey {
    /// Id order (also ticketNumber and default orders that follow creation).
    Id,
    Created,
    Modified,
    CustomerResponse,
    FirstName,
    LastName,
    AccountName,
}

/// One module's records plus its sorted indexes.
#[derive(Debug, Default)]
pub struct Table {
    pub recs: Vec<Rec>,
    /// (key, record indexes sorted by (key, id)).
    pub indexes: Vec<(SortKey, Vec<u32>)>,
    /// Child modules: the contiguous run of record indexes of each parent (start, len), in
    /// (createdTime, id) order; generation appends children parent by parent.
    pub kid_range: Vec<(u32, u32)>,
    /// Parents whose children are not one contiguous run (a child added later).
    pub kid_more: std::collections::HashMap<u32, Vec<u32>>,
    /// Per record: the referenced agent/tag (followers, ticket tags) or department index.
    pub extra: Vec<u32>,
    /// Deleted records (`Store::delete`): gone from every list, search and detail.
    pub deleted: std::collections::HashSet<u32>,
    /// Once something is deleted: the live records in id order (the id-order list).
    pub live: Option<Vec<u32>>,
}

/// A sequence of record indexes in ascending (key, id) order.
#[derive(Clone, Copy, Debug)]
pub enum Seq<'a> {
    /// `start..start+len` (already in order).
    Range(u32, usize),
    Slice(&'a [u32]),
}

impl Table {
    /// Records child `i` as the newest child of parent `p`.
    pub fn push_kid(&mut self, p: u32, i: u32) {
        if let Some(v) = self.kid_more.get_mut(&p) {
            v.push(i);
            return;
        }
        if self.kid_range.len() <= p as usize {
            self.kid_range.resize(p as usize + 1, (0, 0));
        }
        let (s, n) = self.kid_range[p as usize];
        if n == 0 {
            self.kid_range[p as usize] = (i, 1);
        } else if s + n == i {
            self.kid_range[p as usize].1 += 1;
        } else {
            let mut v: Vec<u32> = (s..s + n).collect();
            v.push(i);
            self.kid_range[p as usize] = (0, 0);
            self.kid_more.insert(p, v);
        }
    }
}

impl Seq<'_> {
    pub fn len(&self) -> usize {
        match self {
            Seq::Range(_, n) => *n,
            Seq::Slice(s) => s.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn get(&self, p: usize) -> u32 {
        match self {
            Seq::Range(s, _) => s + p as u32,
            Seq::Slice(s) => s[p],
        }
    }
}

/// Admin-side failures (touch/create on something that cannot be touched).
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum StoreError {
    #[error("unknown module '{0}'")]
    UnknownModule(String),
    #[error("module '{0}' does not support this operation")]
    Unsupported(&'static str),
    #[error("no {module} record with id {id}")]
    UnknownId { module: &'static str, id: String },
    #[error("count {0} is too large (touch: at most the module size; create: at most 1000000)")]
    TooMany(usize),
}

// Generated timestamps lie in 2023-01-01T00:00:00Z ..= 2024-12-31T23:59:59Z.
pub const GEN_START_MS: i64 = 1_672_531_200_000;
pub const GEN_END_MS: i64 = 1_735_689_599_000;

pub const FIRST_NAMES: &[&str] = &[
    "Aiko", "Amara", "Ben", "Carlos", "Chen", "Dana", "Elif", "Farah", "Grace", "Hugo", "Ines",
    "Jonas", "Kofi", "Lena", "Mia", "Noah", "Omar", "Priya", "Quinn", "Ravi", "Sofia", "Tomas",
    "Uma", "Yara",
];
pub const LAST_NAMES: &[&str] = &[
    "Adeyemi",
    "Becker",
    "Costa",
    "Dubois",
    "Evans",
    "Fischer",
    "Garcia",
    "Hansen",
    "Ito",
    "Johansson",
    "Kumar",
    "Larsen",
    "Moreau",
    "Nakamura",
    "Novak",
    "Okafor",
    "Petrov",
    "Quispe",
    "Rossi",
    "Silva",
    "Tanaka",
    "Ueda",
    "Weber",
    "Zhang",
];
pub const ACCOUNT_ADJ: &[&str] = &[
    "Acme",
    "Blue",
    "Cedar",
    "Delta",
    "Evergreen",
    "Harbor",
    "North",
    "Northwind",
    "Pioneer",
    "Summit",
];
pub const ACCOUNT_NOUN: &[&str] = &[
    "Analytics",
    "Foods",
    "Labs",
    "Logistics",
    "Ltd",
    "Systems",
    "Works",
];

#[cfg(test)]
fn is_sorted<T: PartialOrd>(s: &[T]) -> bool {
    s.windows(2).all(|w| w[0] <= w[1])
}

/// The whole data set.
#[derive(Debug)]
pub struct Store {
    pub seed: u64,
    pub org_id: u64,
    tables: Vec<Table>,
    /// Relations of every ticket (archived ones first: indexes `0..archived`).
    pub tickets: Vec<TicketRel>,
    /// Tickets `0..archived` are archived: not in `/tickets` lists and searches.
    pub archived: u32,
    /// Account index of each contact (or NONE).
    pub contact_account: Vec<u32>,
    /// Agent index of each team-member record.
    pub member_agent: Vec<u32>,
    rng: Rng,
    threads_avg: u32,
    comments_avg: u32,
    /// Thread body sizes (see `contents`).
    pub body_sizes: crate::contents::BodySizes,
    /// The recycle bin (`crate::bin`): deleted records in deletion order.
    pub bin: Vec<crate::bin::BinEntry>,
}

/// Sizes of the small top-level modules that have no flag.
const FIXED_SIZES: &[(Module, usize)] = &[
    (Module::Roles, 4),
    (Module::Profiles, 3),
    (Module::Channels, 6),
    (Module::BusinessHours, 2),
    (Module::HolidayLists, 2),
    (Module::Contracts, 10),
    (Module::Products, 8),
    (Module::KbCategories, 6),
    (Module::HelpCenters, 2),
];

impl Store {
    /// Generates the data set; deterministic for a given config.
    pub fn generate(cfg: &EmulatorConfig) -> Store {
        let mut rng = Rng::new(cfg.seed);
        let mut tables: Vec<Table> = Module::ALL.iter().map(|_| Table::default()).collect();
        let depts = cfg.departments.min(NONE16 as usize - 1);
        let agents = cfg.agents.min(NONE16 as usize - 1);
        let teams = cfg.teams.min(NONE16 as usize - 1);

        // Organization: one portal created long ago.
        tables[Module::Organizations.slot()].recs.push(Rec {
            created: 1_561_939_200_000,
            modified: 1_561_939_200_000,
            parent: NONE,
        });
        for (m, n) in [
            (Module::Departments, depts),
            (Module::Agents, agents),
            (Module::Teams, teams),
        ] {
            let recs = &mut tables[m.slot()].recs;
            for _ in 0..n {
                let created = 1_564_000_000_000 + rng.below(120 * 86_400) as i64 * 1000;
                let modified = created + rng.below(300 * 86_400) as i64 * 1000;
                recs.push(Rec {
                    created,
                    modified,
                    parent: NONE,
                });
            }
        }
        // Team members: 1..=4 distinct agents per team.
        let mut member_agent = Vec::new();
        if agents > 0 {
            for t in 0..teams {
                let k = 1 + rng.below(agents.min(4) as u64) as usize;
                let first = rng.below(agents as u64) as usize;
                for j in 0..k {
                    let a = (first + j) % agents;
                    let ar = tables[Module::Agents.slot()].recs[a];
                    tables[Module::TeamMembers.slot()].recs.push(Rec {
                        parent: t as u32,
                        ..ar
                    });
                    member_agent.push(a as u32);
                }
            }
        }

        // Accounts and contacts: created times sorted so ids grow with creation, like Zoho.
        for (m, n) in [
            (Module::Accounts, cfg.accounts),
            (Module::Contacts, cfg.contacts),
        ] {
            let recs = gen_times(&mut rng, n, cfg.tie_percent);
            tables[m.slot()].recs = recs;
        }
        let contact_account: Vec<u32> = (0..cfg.contacts)
            .map(|_| {
                if cfg.accounts == 0 || rng.below(10) == 0 {
                    NONE
                } else {
                    rng.below(cfg.accounts as u64) as u32
                }
            })
            .collect();

        // Tickets and their threads/comments; the oldest `archived_tickets` are archived.
        let total = cfg.tickets + cfg.archived_tickets;
        let ticket_recs = gen_times(&mut rng, total, cfg.tie_percent);
        let mut tickets = Vec::with_capacity(total);
        let mut threads = Vec::with_capacity(total * cfg.threads_per_ticket as usize);
        let mut comments = Vec::with_capacity(total * cfg.comments_per_ticket as usize);
        for (i, r) in ticket_recs.iter().enumerate() {
            let rel = gen_ticket_rel(
                &mut rng,
                i as u32,
                r,
                (depts, agents, teams, cfg.contacts),
                (cfg.threads_per_ticket, cfg.comments_per_ticket),
                &mut threads,
                &mut comments,
            );
            tickets.push(rel);
        }
        tables[Module::Tickets.slot()].recs = ticket_recs;
        tables[Module::Threads.slot()].recs = threads;
        tables[Module::Comments.slot()].recs = comments;

        // The other top-level modules (a department each where Zoho's rows carry one).
        let sized = [
            (Module::Tasks, cfg.tasks),
            (Module::Calls, cfg.calls),
            (Module::Events, cfg.events),
            (Module::Articles, cfg.articles),
            (Module::CustomerHappiness, cfg.customer_happiness),
        ];
        for (m, n) in sized.into_iter().chain(FIXED_SIZES.iter().copied()) {
            let t = &mut tables[m.slot()];
            t.recs = gen_times(&mut rng, n, 0);
            t.extra = (0..n)
                .map(|_| {
                    if depts == 0 {
                        NONE
                    } else {
                        rng.below(depts as u64) as u32
                    }
                })
                .collect();
        }
        // Field metadata: fixed table, one record per field.
        let fields = &mut tables[Module::OrganizationFields.slot()];
        for f in crate::render::CUSTOM_FIELDS
            .iter()
            .chain(crate::render::SYSTEM_FIELDS)
        {
            let module = FIELD_MODULES
                .iter()
                .position(|n| *n == f.module.name())
                .unwrap_or(0) as u32;
            fields.recs.push(Rec {
                created: 1_683_000_000_000 + fields.recs.len() as i64 * 86_400_000,
                modified: 1_685_000_000_000 + fields.recs.len() as i64 * 86_400_000,
                parent: module,
            });
        }

        let mut store = Store {
            seed: cfg.seed,
            org_id: cfg.org_id,
            tables,
            tickets,
            archived: cfg.archived_tickets.min(total) as u32,
            contact_account,
            member_agent,
            rng,
            threads_avg: cfg.threads_per_ticket,
            comments_avg: cfg.comments_per_ticket,
            body_sizes: crate::contents::BodySizes {
                avg_kb: cfg.thread_body_kb,
                truncate_kb: cfg.thread_truncate_kb,
            },
            bin: Vec::new(),
        };
        store.rebuild_kids(Module::Comments);
        store.rebuild_kids(Module::OrganizationFields);
        store.seed_bin();
        // Archived tickets per department (they never change, so a fixed list serves).
        let mut by_dept = vec![Vec::new(); depts];
        for t in 0..store.archived {
            let d = store.tickets[t as usize].dept;
            if d != NONE16 {
                by_dept[d as usize].push(t);
            }
        }
        for (d, v) in by_dept.into_iter().enumerate() {
            for t in v {
                store.tables[Module::ArchivedTickets.slot()].push_kid(d as u32, t);
            }
        }
        for spec in KIDS {
            let Some(pm) = spec.m.parent_module() else {
                continue;
            };
            for p in 0..store.len_all(pm) as u32 {
                store.gen_kids(spec, p);
            }
        }
        store.build_indexes();
        store
    }

    /// Rebuilds `kids` of a child module from the records' parents.
    fn rebuild_kids(&mut self, m: Module) {
        let t = &mut self.tables[m.slot()];
        for i in 0..t.recs.len() {
            let p = t.recs[i].parent;
            t.push_kid(p, i as u32);
        }
    }

    /// Appends the children of `spec.m` for parent `p` (times within the parent's life).
    fn gen_kids(&mut self, spec: &KidSpec, p: u32) {
        let Some(pm) = spec.m.parent_module() else {
            return;
        };
        let pr = *self.rec(pm, p);
        let mut n = spec.counts[self.rng.below(spec.counts.len() as u64) as usize] as usize;
        let refs: Vec<u32> = match spec.r {
            Ref::None => Vec::new(),
            Ref::Agent => {
                let pool = self.len(Module::Agents);
                n = n.min(pool);
                let first = if pool == 0 {
                    0
                } else {
                    self.rng.below(pool as u64) as usize
                };
                (0..n).map(|k| ((first + k) % pool.max(1)) as u32).collect()
            }
            Ref::Tag => {
                let d = self.tickets[p as usize].dept;
                let pool: Vec<u32> = if d == NONE16 {
                    Vec::new()
                } else {
                    let seq = self.children(Module::Tags, d as u32);
                    (0..seq.len()).map(|k| seq.get(k)).collect()
                };
                n = n.min(pool.len());
                let first = if pool.is_empty() {
                    0
                } else {
                    self.rng.below(pool.len() as u64) as usize
                };
                (0..n).map(|k| pool[(first + k) % pool.len()]).collect()
            }
        };
        let window = ((pr.modified - pr.created).max(0) / 1000) as u64;
        let mut times: Vec<i64> = (0..n)
            .map(|_| pr.created + self.rng.below(window + 1) as i64 * 1000)
            .collect();
        times.sort_unstable();
        let edits = spec.m.has_modified() && !is_comment(spec.m);
        for (k, c) in times.into_iter().enumerate() {
            let modified = if edits {
                let left = ((pr.modified - c).max(0) / 1000) as u64;
                c + self.rng.below(left + 1) as i64 * 1000
            } else {
                c
            };
            let t = &mut self.tables[spec.m.slot()];
            let i = t.recs.len() as u32;
            t.recs.push(Rec {
                created: c,
                modified,
                parent: p,
            });
            if spec.r != Ref::None {
                // Only reference modules need `extra` (its absence reads as NONE).
                t.extra.resize(i as usize, NONE);
                t.extra.push(refs.get(k).copied().unwrap_or(NONE));
            }
            t.push_kid(p, i);
            self.index_insert(spec.m, i);
        }
    }

    /// Inserts new record `i` into every index of `m` (a no-op before `build_indexes`).
    fn index_insert(&mut self, m: Module, i: u32) {
        if let Some(v) = self.tables[Self::phys(m).slot()].live.as_mut() {
            v.push(i);
        }
        let keys: Vec<SortKey> = self.tables[m.slot()]
            .indexes
            .iter()
            .map(|(k, _)| *k)
            .collect();
        for (slot, k) in keys.into_iter().enumerate() {
            let new = self.key(m, k, i);
            let v = &self.tables[m.slot()].indexes[slot].1;
            let p = v.partition_point(|&x| (self.key(m, k, x), x) < (new, i));
            self.tables[m.slot()].indexes[slot].1.insert(p, i);
        }
    }

    fn build_indexes(&mut self) {
        let plan: [(Module, &[SortKey]); 5] = [
            (
                Module::Tickets,
                &[
                    SortKey::Created,
                    SortKey::Modified,
                    SortKey::CustomerResponse,
                ],
            ),
            (
                Module::Contacts,
                &[
                    SortKey::Created,
                    SortKey::Modified,
                    SortKey::FirstName,
                    SortKey::LastName,
                ],
            ),
            (
                Module::Accounts,
                &[SortKey::Created, SortKey::Modified, SortKey::AccountName],
            ),
            (Module::Articles, &[SortKey::Created, SortKey::Modified]),
            // `/articleFeedbacks` is a top-level list over every article's feedback.
            (Module::ArticleFeedbacks, &[SortKey::Created]),
        ];
        for &(m, keys) in plan.iter().chain(crate::activities::INDEXED) {
            let n = self.len_all(m) as u32;
            let lo = if m == Module::Tickets {
                self.archived
            } else {
                0
            };
            let mut built = Vec::new();
            for &k in keys {
                let mut v: Vec<u32> = (lo..n).collect();
                v.sort_by_cached_key(|&i| (self.key(m, k, i), i));
                built.push((k, v));
            }
            self.tables[m.slot()].indexes = built;
        }
    }

    pub fn table(&self, m: Module) -> &Table {
        &self.tables[m.slot()]
    }

    /// The module whose table holds `m`'s records (views share the tickets table).
    fn phys(m: Module) -> Module {
        match m {
            Module::ArchivedTickets | Module::TicketMetrics => Module::Tickets,
            m => m,
        }
    }

    /// Number of records (tickets: archived ones included; archived view: archived only).
    pub fn len(&self, m: Module) -> usize {
        match m {
            Module::ArchivedTickets => self.archived as usize,
            m => self.len_all(m),
        }
    }

    fn len_all(&self, m: Module) -> usize {
        self.tables[Self::phys(m).slot()].recs.len()
    }

    /// First index of the records a module's truth and lists cover (tickets skip archived).
    pub fn first(&self, m: Module) -> u32 {
        match m {
            Module::Tickets | Module::TicketMetrics => self.archived,
            _ => 0,
        }
    }

    pub fn rec(&self, m: Module, i: u32) -> &Rec {
        &self.tables[Self::phys(m).slot()].recs[i as usize]
    }

    /// The referenced agent/tag/department index of record `i` (NONE if none).
    pub fn extra(&self, m: Module, i: u32) -> u32 {
        self.tables[m.slot()]
            .extra
            .get(i as usize)
            .copied()
            .unwrap_or(NONE)
    }

    pub fn id(&self, m: Module, i: u32) -> u64 {
        if m == Module::Organizations {
            self.org_id
        } else if m == Module::TeamMembers {
            Module::Agents.base() + self.member_agent[i as usize] as u64
        } else if let Some(r) = m.ref_module() {
            r.base() + self.extra(m, i) as u64
        } else {
            Self::phys(m).base() + i as u64
        }
    }

    /// Index of the record with string id `id`, if it exists.
    pub fn find(&self, m: Module, id: &str) -> Option<u32> {
        // Zoho ids are plain digits; anything else cannot match (and must not panic).
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let v: u64 = id.parse().ok()?;
        let i = v.checked_sub(Self::phys(m).base())?;
        (i < self.len(m) as u64 && !self.is_deleted(m, i as u32)).then_some(i as u32)
    }

    /// Whether record `i` was deleted (a ticket's children go with their ticket).
    pub fn is_deleted(&self, m: Module, i: u32) -> bool {
        let t = &self.tables[Self::phys(m).slot()];
        if t.deleted.is_empty() {
            return false;
        }
        t.deleted.contains(&i)
    }

    /// Stable per-record seed for derived attributes.
    pub fn rseed(&self, m: Module, i: u32) -> u64 {
        mix(self.id(m, i) ^ self.seed.wrapping_mul(0x2545_F491_4F6C_DD1D))
    }

    pub fn first_name_rank(&self, m: Module, i: u32) -> usize {
        pick(self.rseed(m, i), 11, FIRST_NAMES.len() as u64) as usize
    }

    pub fn last_name_rank(&self, m: Module, i: u32) -> usize {
        pick(self.rseed(m, i), 12, LAST_NAMES.len() as u64) as usize
    }

    pub fn account_name_rank(&self, i: u32) -> usize {
        pick(
            self.rseed(Module::Accounts, i),
            13,
            (ACCOUNT_ADJ.len() * ACCOUNT_NOUN.len()) as u64,
        ) as usize
    }

    pub fn account_name(&self, i: u32) -> String {
        let r = self.account_name_rank(i);
        format!(
            "{} {}",
            ACCOUNT_ADJ[r / ACCOUNT_NOUN.len()],
            ACCOUNT_NOUN[r % ACCOUNT_NOUN.len()]
        )
    }

    /// The sort key value of record `i` (all keys map to integers; names map to their rank in
    /// a sorted table, which preserves string order).
    pub fn key(&self, m: Module, k: SortKey, i: u32) -> i64 {
        match k {
            SortKey::Id => i as i64,
            SortKey::Created => self.rec(m, i).created,
            SortKey::Modified => self.rec(m, i).modified,
            SortKey::CustomerResponse => self.tickets[i as usize].crt,
            SortKey::FirstName => self.first_name_rank(m, i) as i64,
            SortKey::LastName => self.last_name_rank(m, i) as i64,
            SortKey::AccountName => self.account_name_rank(i) as i64,
        }
    }

    /// All records of `m` in ascending (key, id) order (tickets: active ones only).
    pub fn seq(&self, m: Module, k: SortKey) -> Seq<'_> {
        let lo = self.first(m);
        let all = match &self.tables[Self::phys(m).slot()].live {
            Some(v) => Seq::Slice(&v[v.partition_point(|&i| i < lo)..]),
            None => Seq::Range(lo, self.len(m) - lo as usize),
        };
        if k == SortKey::Id {
            return all;
        }
        match self.tables[m.slot()]
            .indexes
            .iter()
            .find(|(kk, _)| *kk == k)
        {
            Some((_, v)) => Seq::Slice(v),
            // Not indexed: creation order is the only order we can promise.
            None => all,
        }
    }

    /// Children of parent `t` in ascending (createdTime, id) order (archived tickets: of
    /// department `t`).
    pub fn children(&self, m: Module, t: u32) -> Seq<'_> {
        match m {
            Module::Threads => {
                // Threads added later (`create_threads`) make the ticket's run a list.
                if let Some(v) = self.tables[Module::Threads.slot()].kid_more.get(&t) {
                    return Seq::Slice(v);
                }
                let rel = &self.tickets[t as usize];
                Seq::Range(rel.thread_start, rel.thread_count as usize)
            }
            _ => {
                let tb = &self.tables[m.slot()];
                if let Some(v) = tb.kid_more.get(&t) {
                    return Seq::Slice(v);
                }
                match tb.kid_range.get(t as usize) {
                    Some(&(s, n)) => Seq::Range(s, n as usize),
                    None => Seq::Range(0, 0),
                }
            }
        }
    }

    /// Number of children of parent `t`.
    pub fn kid_count(&self, m: Module, t: u32) -> usize {
        self.children(m, t).len()
    }

    /// Team-member records of team `t`.
    pub fn members_of(&self, t: u32) -> impl Iterator<Item = u32> + '_ {
        let recs = &self.tables[Module::TeamMembers.slot()].recs;
        (0..recs.len() as u32).filter(move |&i| recs[i as usize].parent == t)
    }

    fn max_modified(&self, m: Module) -> i64 {
        self.tables[Self::phys(m).slot()]
            .recs
            .iter()
            .map(|r| r.modified)
            .max()
            .unwrap_or(0)
    }

    fn max_created(&self, m: Module) -> i64 {
        self.tables[Self::phys(m).slot()]
            .recs
            .iter()
            .map(|r| r.created)
            .max()
            .unwrap_or(0)
    }

    /// Moves the modifiedTime of the chosen records to "now": strictly increasing and later
    /// than every existing modifiedTime of the module. A child's parent moves too (a ticket
    /// for ticket children and thread attachments, a contact for its comments, ...).
    /// Returns (index, new modifiedTime).
    pub fn touch(&mut self, m: Module, sel: Selection) -> Result<Vec<(u32, i64)>, StoreError> {
        if !m.has_modified() {
            return Err(StoreError::Unsupported(m.name()));
        }
        let targets = self.select(m, sel)?;
        let start = now_ms().max(self.max_modified(m) + 1);
        let mut out = Vec::with_capacity(targets.len());
        for (t, i) in (start..).zip(targets) {
            self.set_modified(m, i, t);
            out.push((i, t));
        }
        let parents: Vec<u32> = out.iter().map(|&(i, _)| self.rec(m, i).parent).collect();
        self.move_parents(m, &parents);
        Ok(out)
    }

    /// Moves the modifiedTime of the parents (of records of `m`) to now.
    fn move_parents(&mut self, m: Module, parents: &[u32]) {
        let Some(mut pm) = m.parent_module() else {
            return;
        };
        let mut parents: Vec<u32> = parents.to_vec();
        if pm == Module::Threads {
            // Threads have no modifiedTime: their ticket moves.
            parents = parents.iter().map(|&p| self.rec(pm, p).parent).collect();
            pm = Module::Tickets;
        }
        if pm == Module::Teams {
            return;
        }
        let mut t = now_ms().max(self.max_modified(pm) + 1);
        for p in parents {
            if p != NONE {
                self.set_modified(pm, p, t);
                t += 1;
            }
        }
    }

    fn select(&mut self, m: Module, sel: Selection) -> Result<Vec<u32>, StoreError> {
        let lo = self.first(m) as usize;
        let n = self.len(m) - lo;
        let (c, at_most) = match sel {
            Selection::Ids(ids) => return self.select_ids(m, &ids),
            Selection::Count(c) => (c, false),
            Selection::AtMost(c) => (c, true),
        };
        if m.parent_module() == Some(Module::Tickets) {
            // Children of live tickets only (archived tickets' children are another truth).
            let live: Vec<u32> = (0..self.len(m) as u32)
                .filter(|&i| {
                    let p = self.rec(m, i).parent;
                    p >= self.archived && !self.is_deleted(Module::Tickets, p)
                })
                .collect();
            let c = if at_most { c.min(live.len()) } else { c };
            if c > live.len() {
                return Err(StoreError::TooMany(c));
            }
            return Ok(self.distinct(c, live.len(), |k| live[k]));
        }
        if !self.tables[Self::phys(m).slot()].deleted.is_empty() {
            let live: Vec<u32> = (lo as u32..self.len(m) as u32)
                .filter(|&i| !self.is_deleted(m, i))
                .collect();
            let c = if at_most { c.min(live.len()) } else { c };
            if c > live.len() {
                return Err(StoreError::TooMany(c));
            }
            return Ok(self.distinct(c, live.len(), |k| live[k]));
        }
        let c = if at_most { c.min(n) } else { c };
        if c > n {
            return Err(StoreError::TooMany(c));
        }
        Ok(self.distinct(c, n, |k| (lo + k) as u32))
    }

    /// `c` distinct picks among `n` candidates (seeded, so runs are reproducible).
    fn distinct(&mut self, c: usize, n: usize, nth: impl Fn(usize) -> u32) -> Vec<u32> {
        let mut chosen = std::collections::BTreeSet::new();
        let mut order = Vec::with_capacity(c);
        while order.len() < c {
            let i = nth(self.rng.below(n as u64) as usize);
            if chosen.insert(i) {
                order.push(i);
            }
        }
        order
    }

    fn select_ids(&self, m: Module, ids: &[String]) -> Result<Vec<u32>, StoreError> {
        ids.iter()
            .map(|id| {
                self.find(m, id).ok_or_else(|| StoreError::UnknownId {
                    module: m.name(),
                    id: id.clone(),
                })
            })
            .collect()
    }

    fn set_modified(&mut self, m: Module, i: u32, t: i64) {
        let m = Self::phys(m);
        self.reindex(m, i, |s| s.tables[m.slot()].recs[i as usize].modified = t);
    }

    /// Applies `change` to record `i`, keeping every index of the module sorted.
    fn reindex(&mut self, m: Module, i: u32, change: impl FnOnce(&mut Store)) {
        let keys: Vec<SortKey> = self.tables[m.slot()]
            .indexes
            .iter()
            .map(|(k, _)| *k)
            .collect();
        let old: Vec<i64> = keys.iter().map(|&k| self.key(m, k, i)).collect();
        change(self);
        if i < self.first(m) {
            // Archived tickets are in no index.
            return;
        }
        for (slot, &k) in keys.iter().enumerate() {
            let new = self.key(m, k, i);
            if new == old[slot] {
                continue;
            }
            let mut v = std::mem::take(&mut self.tables[m.slot()].indexes[slot].1);
            if let Ok(p) = v.binary_search_by(|&x| {
                let kx = if x == i { old[slot] } else { self.key(m, k, x) };
                (kx, x).cmp(&(old[slot], i))
            }) {
                v.remove(p);
            }
            let p = v.partition_point(|&x| (self.key(m, k, x), x) < (new, i));
            v.insert(p, i);
            self.tables[m.slot()].indexes[slot].1 = v;
        }
    }

    /// Creates `count` new records "now". Top-level records get their generated children
    /// (tickets: threads, comments and every other ticket child). A child record (e.g.
    /// `comments`) goes to a random existing parent, whose modifiedTime moves to now.
    pub fn create(&mut self, m: Module, count: usize) -> Result<Vec<(u32, i64)>, StoreError> {
        if !m.creatable() {
            return Err(StoreError::Unsupported(m.name()));
        }
        if count > MAX_CREATE {
            return Err(StoreError::TooMany(count));
        }
        if m.created_as_child() {
            return self.create_children(m, count);
        }
        let start = now_ms()
            .max(self.max_modified(m) + 1)
            .max(self.max_created(m) + 1);
        let mut out = Vec::with_capacity(count);
        for t in (start..).take(count) {
            let i = self.len(m) as u32;
            let rec = Rec {
                created: t,
                modified: t,
                parent: NONE,
            };
            match m {
                Module::Tickets => {
                    let dims = (
                        self.len(Module::Departments),
                        self.len(Module::Agents),
                        self.len(Module::Teams),
                        self.len(Module::Contacts),
                    );
                    let (mut th, mut co) = (
                        std::mem::take(&mut self.tables[Module::Threads.slot()].recs),
                        std::mem::take(&mut self.tables[Module::Comments.slot()].recs),
                    );
                    let (th0, co0) = (th.len(), co.len());
                    let rel = gen_ticket_rel(
                        &mut self.rng,
                        i,
                        &rec,
                        dims,
                        (self.threads_avg, self.comments_avg),
                        &mut th,
                        &mut co,
                    );
                    let (th1, co1) = (th.len(), co.len());
                    self.tables[Module::Threads.slot()].recs = th;
                    self.tables[Module::Comments.slot()].recs = co;
                    for c in co0 as u32..co1 as u32 {
                        self.tables[Module::Comments.slot()].push_kid(i, c);
                    }
                    self.tickets.push(rel);
                    self.tables[m.slot()].recs.push(rec);
                    for th in th0 as u32..th1 as u32 {
                        self.gen_kids_of(Module::Threads, th);
                    }
                }
                Module::Contacts => {
                    let n = self.len(Module::Accounts) as u64;
                    let a = if n == 0 {
                        NONE
                    } else {
                        self.rng.below(n) as u32
                    };
                    self.contact_account.push(a);
                    self.tables[m.slot()].recs.push(rec);
                }
                _ => {
                    let d = self.len(Module::Departments) as u64;
                    let dept = if d == 0 {
                        NONE
                    } else {
                        self.rng.below(d) as u32
                    };
                    self.tables[m.slot()].extra.push(dept);
                    self.tables[m.slot()].recs.push(rec);
                }
            }
            self.gen_kids_of(m, i);
            self.index_insert(m, i);
            out.push((i, t));
        }
        Ok(out)
    }

    /// Generates every child module of parent record `p` of module `pm`.
    fn gen_kids_of(&mut self, pm: Module, p: u32) {
        for spec in KIDS {
            if spec.m.parent_module() == Some(pm) {
                self.gen_kids(spec, p);
            }
        }
    }

    /// Adds `count` threads sent now to random live tickets (with their generated
    /// attachments), and moves those tickets. Threads have no modifiedTime, so
    /// `create("threads")` cannot do this; a reply arriving mid-sync is the case.
    pub fn create_threads(&mut self, count: usize) -> Result<Vec<(u32, i64)>, StoreError> {
        if count > MAX_CREATE {
            return Err(StoreError::TooMany(count));
        }
        if count == 0 {
            return Ok(Vec::new());
        }
        self.create_children(Module::Threads, count)
    }

    fn create_children(&mut self, m: Module, count: usize) -> Result<Vec<(u32, i64)>, StoreError> {
        let pm = m.parent_module().ok_or(StoreError::Unsupported(m.name()))?;
        let lo = self.first(pm) as u64;
        let n = self.len(pm) as u64 - lo;
        if n == 0 {
            return Err(StoreError::Unsupported(m.name()));
        }
        let start = now_ms()
            .max(self.max_modified(m) + 1)
            .max(self.max_created(m) + 1);
        let mut out = Vec::with_capacity(count);
        let mut parents = Vec::with_capacity(count);
        for t in (start..).take(count) {
            let mut p = (lo + self.rng.below(n)) as u32;
            for _ in 0..1000 {
                if !self.is_deleted(pm, p) {
                    break;
                }
                p = (lo + self.rng.below(n)) as u32;
            }
            if self.is_deleted(pm, p) {
                return Err(StoreError::Unsupported(m.name()));
            }
            let i = self.len(m) as u32;
            self.tables[m.slot()].recs.push(Rec {
                created: t,
                modified: t,
                parent: p,
            });
            if m == Module::Threads {
                // A ticket's threads are one generated run: a later one makes it a list.
                let rel = &mut self.tickets[p as usize];
                let run = rel.thread_start..rel.thread_start + rel.thread_count as u32;
                rel.thread_count = rel.thread_count.saturating_add(1);
                let more = &mut self.tables[m.slot()].kid_more;
                more.entry(p).or_insert_with(|| run.collect()).push(i);
                self.gen_kids_of(m, i);
            } else {
                self.tables[m.slot()].push_kid(p, i);
            }
            self.index_insert(m, i);
            parents.push(p);
            out.push((i, t));
        }
        if m != Module::ArticleFeedbacks {
            // Feedback is read from its own top-level list, so the article stays put.
            self.move_parents(m, &parents);
        }
        Ok(out)
    }
}

impl Store {
    /// Deletes the chosen records: they leave every list, search and index, their detail
    /// answers 404, and a ticket's children go with it (their lists answer 404). Returns the
    /// deleted indexes.
    pub fn delete(&mut self, m: Module, sel: Selection) -> Result<Vec<u32>, StoreError> {
        if !m.deletable() {
            return Err(StoreError::Unsupported(m.name()));
        }
        let targets = self.select(m, sel)?;
        let lo = self.first(m);
        let n = self.len(m) as u32;
        let keys: Vec<SortKey> = self.tables[m.slot()]
            .indexes
            .iter()
            .map(|(k, _)| *k)
            .collect();
        for &i in &targets {
            for (slot, &k) in keys.iter().enumerate() {
                let key = self.key(m, k, i);
                let v = &self.tables[m.slot()].indexes[slot].1;
                let found = v.binary_search_by(|&x| (self.key(m, k, x), x).cmp(&(key, i)));
                if let Ok(p) = found {
                    self.tables[m.slot()].indexes[slot].1.remove(p);
                }
            }
        }
        let t = &mut self.tables[m.slot()];
        t.deleted.extend(targets.iter().copied());
        if t.live.is_none() {
            t.live = Some((lo..n).collect());
        }
        let deleted = &t.deleted;
        if let Some(v) = t.live.as_mut() {
            v.retain(|i| !deleted.contains(i));
        }
        self.bin_add(m, &targets);
        Ok(targets)
    }
}

fn is_comment(m: Module) -> bool {
    matches!(
        m,
        Module::Comments
            | Module::ContactComments
            | Module::AccountComments
            | Module::ContractComments
            | Module::TaskComments
            | Module::CallComments
            | Module::EventComments
            | Module::ArticleComments
    )
}

/// Most records one create call may add (an admin typo must not exhaust memory).
pub const MAX_CREATE: usize = 1_000_000;

/// Which records an admin operation targets.
#[derive(Debug, Clone)]
pub enum Selection {
    Count(usize),
    /// Like `Count`, but fewer when the module has fewer records.
    AtMost(usize),
    Ids(Vec<String>),
}

/// Created/modified pairs for `n` records: created sorted ascending (ids grow with time),
/// modified >= created, and about `tie_percent`% sharing a modifiedTime with another record.
fn gen_times(rng: &mut Rng, n: usize, tie_percent: u32) -> Vec<Rec> {
    let span = ((GEN_END_MS - GEN_START_MS) / 1000) as u64;
    let mut created: Vec<i64> = (0..n)
        .map(|_| GEN_START_MS + rng.below(span) as i64 * 1000)
        .collect();
    created.sort_unstable();
    let mut recs: Vec<Rec> = created
        .into_iter()
        .map(|c| {
            // Most records change within days; some never change after creation.
            let delta = match rng.below(10) {
                0 => 0,
                1..=6 => rng.below(3 * 86_400),
                _ => rng.below(90 * 86_400),
            } as i64
                * 1000;
            // A change that would fall after the generated span is folded back into the
            // record's remaining span: clamping it would pile those records onto one
            // timestamp (about 2% of them at 100,000 tickets), a clump real data never has.
            let room = GEN_END_MS - c + 1000;
            let delta = if c + delta > GEN_END_MS {
                delta % room
            } else {
                delta
            };
            Rec {
                created: c,
                modified: c + delta,
                parent: NONE,
            }
        })
        .collect();
    if n >= 2 {
        let ties = n * tie_percent as usize / 100;
        for _ in 0..ties {
            let i = rng.below(n as u64) as usize;
            // Near neighbours in time make ties land on page boundaries of time windows too.
            let j = (i + 1 + rng.below(50) as usize) % n;
            if i == j {
                continue;
            }
            if recs[j].modified >= recs[i].created {
                recs[i].modified = recs[j].modified;
            } else {
                recs[j].modified = recs[i].modified;
            }
        }
    }
    recs
}

/// Relations and children of ticket `i`; children are appended contiguously, sorted by time.
fn gen_ticket_rel(
    rng: &mut Rng,
    i: u32,
    r: &Rec,
    (depts, agents, teams, contacts): (usize, usize, usize, usize),
    (tavg, cavg): (u32, u32),
    threads: &mut Vec<Rec>,
    comments: &mut Vec<Rec>,
) -> TicketRel {
    let dept = if depts == 0 {
        NONE16
    } else {
        rng.below(depts as u64) as u16
    };
    let assignee = if agents == 0 || rng.below(5) == 0 {
        NONE16
    } else {
        rng.below(agents as u64) as u16
    };
    let team = if teams == 0 || rng.below(2) == 0 {
        NONE16
    } else {
        rng.below(teams as u64) as u16
    };
    let contact = if contacts == 0 {
        NONE
    } else {
        rng.below(contacts as u64) as u32
    };
    let window = (r.modified - r.created).max(0) as u64;
    let crt = r.created + rng.below(window + 1) as i64 + rng.below(1000) as i64;
    let crt = crt.min(r.modified.max(r.created));
    let nt = if tavg == 0 {
        0
    } else {
        1 + rng.below(2 * tavg as u64 - 1)
    } as usize;
    let nc = rng.below(2 * cavg as u64 + 1) as usize;
    // Counts are stored as u16 (no ticket has 65k threads).
    let (nt, nc) = (nt.min(u16::MAX as usize), nc.min(u16::MAX as usize));
    let thread_start = threads.len() as u32;
    let mut times: Vec<i64> = (0..nt)
        .map(|k| {
            if k == 0 {
                r.created
            } else {
                r.created + rng.below(window / 1000 + 1) as i64 * 1000
            }
        })
        .collect();
    times.sort_unstable();
    threads.extend(times.iter().map(|&t| Rec {
        created: t,
        modified: t,
        parent: i,
    }));
    let mut times: Vec<i64> = (0..nc)
        .map(|_| r.created + rng.below(window / 1000 + 1) as i64 * 1000)
        .collect();
    times.sort_unstable();
    comments.extend(times.iter().map(|&t| Rec {
        created: t,
        modified: t,
        parent: i,
    }));
    TicketRel {
        contact,
        dept,
        assignee,
        team,
        crt,
        thread_start,
        thread_count: nt as u16,
    }
}

/// Walks `seq` (ascending by (key, id)) either ascending, or descending by key with ties still
/// ascending by id, as Zoho does. Skips `skip` matching rows and returns up to `take`.
pub fn walk(
    seq: Seq<'_>,
    key: impl Fn(u32) -> i64,
    desc: bool,
    filter: Option<&dyn Fn(u32) -> bool>,
    skip: usize,
    take: usize,
) -> Vec<u32> {
    let n = seq.len();
    let mut out = Vec::with_capacity(take.min(n));
    if take == 0 || n == 0 {
        return out;
    }
    if !desc {
        match filter {
            None => {
                (skip.min(n)..(skip.saturating_add(take)).min(n)).for_each(|p| out.push(seq.get(p)))
            }
            Some(f) => {
                let mut seen = 0usize;
                for p in 0..n {
                    let i = seq.get(p);
                    if f(i) {
                        if seen >= skip {
                            out.push(i);
                            if out.len() == take {
                                break;
                            }
                        }
                        seen += 1;
                    }
                }
            }
        }
        return out;
    }
    // Descending: groups of equal key from the end, each group emitted in ascending id order.
    let mut end = n; // exclusive end of the next group (in ascending positions)
    let mut to_skip = skip;
    if filter.is_none() {
        if skip >= n {
            return out;
        }
        // Jump straight to the group holding the skip-th row (O(group) instead of O(skip)).
        let r = n - 1 - skip;
        let kr = key(seq.get(r));
        let mut ge = r;
        while ge + 1 < n && key(seq.get(ge + 1)) == kr {
            ge += 1;
        }
        end = ge + 1;
        to_skip = skip - (n - 1 - ge);
    }
    while end > 0 && out.len() < take {
        let k = key(seq.get(end - 1));
        let mut start = end - 1;
        while start > 0 && key(seq.get(start - 1)) == k {
            start -= 1;
        }
        for p in start..end {
            let i = seq.get(p);
            if filter.is_none_or(|f| f(i)) {
                if to_skip > 0 {
                    to_skip -= 1;
                } else {
                    out.push(i);
                    if out.len() == take {
                        break;
                    }
                }
            }
        }
        end = start;
    }
    out
}

/// Narrows an ascending seq to rows whose `key` lies in `lo..=hi` (binary search).
pub fn narrow<'a>(seq: Seq<'a>, key: impl Fn(u32) -> i64, lo: i64, hi: i64) -> (usize, usize) {
    let n = seq.len();
    let (mut a, mut b) = (0usize, n);
    while a < b {
        let mid = (a + b) / 2;
        if key(seq.get(mid)) < lo {
            a = mid + 1
        } else {
            b = mid
        }
    }
    let start = a;
    let (mut a, mut b) = (start, n);
    while a < b {
        let mid = (a + b) / 2;
        if key(seq.get(mid)) <= hi {
            a = mid + 1
        } else {
            b = mid
        }
    }
    (start, a)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Store {
        Store::generate(&EmulatorConfig {
            tickets: 2000,
            contacts: 100,
            accounts: 40,
            ..Default::default()
        })
    }

    /// A deleted ticket leaves the id-order list and every index, its id no longer resolves,
    /// later rows move up one place, and new records still join the lists.
    #[test]
    fn delete_removes_records_from_lists_indexes_and_lookups() {
        let mut st = small();
        let before: Vec<u32> = {
            let q = st.seq(Module::Tickets, SortKey::Id);
            (0..q.len()).map(|p| q.get(p)).collect()
        };
        let victim = before[5];
        let id = st.id(Module::Tickets, victim).to_string();
        assert_eq!(
            st.delete(Module::Tickets, Selection::Ids(vec![id.clone()]))
                .unwrap(),
            [victim]
        );
        let q = st.seq(Module::Tickets, SortKey::Id);
        assert_eq!(q.len(), before.len() - 1);
        assert_eq!(q.get(5), before[6], "later rows shift up");
        for k in [
            SortKey::Created,
            SortKey::Modified,
            SortKey::CustomerResponse,
        ] {
            let q = st.seq(Module::Tickets, k);
            assert!((0..q.len()).all(|p| q.get(p) != victim), "{k:?}");
            assert_eq!(q.len(), before.len() - 1);
        }
        assert_eq!(st.find(Module::Tickets, &id), None);
        assert!(
            st.delete(Module::Tickets, Selection::Ids(vec![id]))
                .is_err()
        );
        let deleted = st.delete(Module::Contacts, Selection::Count(99)).unwrap();
        assert_eq!(deleted.len(), 99);
        assert!(
            st.delete(Module::Contacts, Selection::Count(2)).is_err(),
            "one is left"
        );
        st.create(Module::Contacts, 1).unwrap();
        assert_eq!(st.seq(Module::Contacts, SortKey::Id).len(), 2);
        assert!(st.delete(Module::Threads, Selection::Count(1)).is_err());
        // Children of a deleted ticket are never picked again.
        let picked = st.select(Module::Comments, Selection::AtMost(500)).unwrap();
        assert!(
            picked
                .iter()
                .all(|&c| st.rec(Module::Comments, c).parent != victim)
        );
    }

    /// Ties are pairs and small groups spread over the span (about `tie_percent`% of records),
    /// never a pile of records on one timestamp.
    #[test]
    fn no_timestamp_is_shared_by_a_crowd() {
        let mut rng = Rng::new(7);
        let recs = gen_times(&mut rng, 100_000, 5);
        let mut counts: std::collections::HashMap<i64, usize> = std::collections::HashMap::new();
        for r in &recs {
            *counts.entry(r.modified).or_default() += 1;
            assert!(r.modified >= r.created && r.modified <= GEN_END_MS);
        }
        let largest = counts.values().copied().max().unwrap_or(0);
        assert!(largest <= 20, "{largest} records share one modifiedTime");
        let tied: usize = counts.values().filter(|n| **n > 1).sum();
        assert!((2_000..=12_000).contains(&tied), "{tied} tied records");
    }

    #[test]
    fn generation_is_deterministic_and_seed_sensitive() {
        let a = small();
        let b = small();
        let c = Store::generate(&EmulatorConfig {
            tickets: 2000,
            seed: 8,
            ..Default::default()
        });
        let mods = |s: &Store| {
            (0..50)
                .map(|i| s.rec(Module::Tickets, i).modified)
                .collect::<Vec<_>>()
        };
        assert_eq!(mods(&a), mods(&b));
        assert_ne!(mods(&a), mods(&c));
    }

    #[test]
    fn about_five_percent_of_tickets_share_a_modified_time() {
        let s = small();
        let mut m: Vec<i64> = (0..2000)
            .map(|i| s.rec(Module::Tickets, i).modified)
            .collect();
        m.sort_unstable();
        let tied = (0..m.len())
            .filter(|&p| (p > 0 && m[p - 1] == m[p]) || (p + 1 < m.len() && m[p + 1] == m[p]))
            .count();
        assert!(tied >= 2000 * 4 / 100, "only {tied} tied records");
        assert!(tied <= 2000 * 20 / 100, "{tied} tied records is too many");
    }

    #[test]
    fn indexes_are_sorted_and_times_in_range() {
        let s = small();
        for (k, v) in &s.table(Module::Tickets).indexes {
            assert!(
                v.windows(2)
                    .all(|w| (s.key(Module::Tickets, *k, w[0]), w[0])
                        < (s.key(Module::Tickets, *k, w[1]), w[1]))
            );
        }
        for i in 0..2000 {
            let r = s.rec(Module::Tickets, i);
            assert!(
                r.created >= GEN_START_MS && r.modified <= GEN_END_MS && r.modified >= r.created
            );
        }
    }

    #[test]
    fn children_counts_match_ranges_and_parents() {
        let s = small();
        let total: usize = s.tickets.iter().map(|t| t.thread_count as usize).sum();
        assert_eq!(total, s.len(Module::Threads));
        for t in 0..100u32 {
            let seq = s.children(Module::Threads, t);
            for p in 0..seq.len() {
                assert_eq!(s.rec(Module::Threads, seq.get(p)).parent, t);
            }
        }
    }

    #[test]
    fn touch_moves_record_to_the_end_of_modified_index() {
        let mut s = small();
        let before = s.max_modified(Module::Tickets);
        let t = s.archived + 5;
        let out = s
            .touch(
                Module::Tickets,
                Selection::Ids(vec![s.id(Module::Tickets, t).to_string()]),
            )
            .expect("touch");
        assert_eq!(out[0].0, t);
        assert!(out[0].1 > before);
        let seq = s.seq(Module::Tickets, SortKey::Modified);
        assert_eq!(seq.get(seq.len() - 1), t);
        assert_eq!(seq.len(), 2000);
        let idx = s.seq(Module::Tickets, SortKey::Modified);
        assert!(
            (1..idx.len()).all(|p| s.rec(Module::Tickets, idx.get(p - 1)).modified
                <= s.rec(Module::Tickets, idx.get(p)).modified)
        );
    }

    #[test]
    fn create_appends_with_children() {
        let mut s = small();
        let threads = s.len(Module::Threads);
        let out = s.create(Module::Tickets, 3).expect("create");
        assert_eq!(out.len(), 3);
        // 2000 active + 30 archived + 3 new.
        assert_eq!(s.len(Module::Tickets), 2033);
        assert_eq!(s.seq(Module::Tickets, SortKey::Id).len(), 2003);
        assert!(s.len(Module::Threads) > threads);
        assert!(out[0].1 < out[1].1);
        assert_eq!(
            s.find(Module::Tickets, &s.id(Module::Tickets, 2032).to_string()),
            Some(2032)
        );
        assert_eq!(s.kid_count(Module::TicketHistory, 2032).min(1), 1);
        assert!(s.create(Module::Threads, 1).is_err());
        assert!(s.create(Module::TicketFollowers, 1).is_err());
    }

    #[test]
    fn touching_ticket_children_by_count_picks_live_tickets_and_moves_them() {
        let mut s = small();
        let out = s
            .touch(Module::TicketTimeEntries, Selection::Count(20))
            .expect("touch");
        assert_eq!(out.len(), 20);
        let newest = s.max_modified(Module::Tickets);
        for (i, t) in out {
            let p = s.rec(Module::TicketTimeEntries, i).parent;
            assert!(p >= s.archived, "archived parent picked");
            assert_eq!(s.rec(Module::TicketTimeEntries, i).modified, t);
            assert!(s.rec(Module::Tickets, p).modified >= t);
            assert!(s.rec(Module::Tickets, p).modified <= newest);
        }
        // Children added later to an existing parent stay listed in order.
        let made = s.create(Module::Comments, 5).expect("create");
        for (c, _) in made {
            let p = s.rec(Module::Comments, c).parent;
            let seq = s.children(Module::Comments, p);
            assert_eq!(seq.get(seq.len() - 1), c);
            let times: Vec<i64> = (0..seq.len())
                .map(|k| s.rec(Module::Comments, seq.get(k)).created)
                .collect();
            assert!(is_sorted(&times));
        }
    }

    #[test]
    fn created_threads_join_their_live_ticket_last_and_move_it() {
        let mut s = small();
        assert_eq!(s.create_threads(0), Ok(Vec::new()));
        let before: Vec<u16> = s.tickets.iter().map(|t| t.thread_count).collect();
        let made = s.create_threads(40).expect("threads");
        assert_eq!(made.len(), 40);
        let mut per_ticket = std::collections::HashMap::<u32, u16>::new();
        for &(th, t) in &made {
            let p = s.rec(Module::Threads, th).parent;
            assert!(p >= s.archived, "archived ticket picked");
            assert!(s.rec(Module::Tickets, p).modified >= t, "the ticket moved");
            *per_ticket.entry(p).or_default() += 1;
        }
        for (&p, &n) in &per_ticket {
            let seq = s.children(Module::Threads, p);
            // Old run plus the new ones, oldest first, and the counter agrees.
            assert_eq!(seq.len(), (before[p as usize] + n) as usize);
            assert_eq!(s.tickets[p as usize].thread_count as usize, seq.len());
            let times: Vec<i64> = (0..seq.len())
                .map(|k| s.rec(Module::Threads, seq.get(k)).created)
                .collect();
            assert!(is_sorted(&times));
            assert_eq!(seq.get(0), s.tickets[p as usize].thread_start);
        }
        assert!(s.create_threads(MAX_CREATE + 1).is_err());
    }

    #[test]
    fn name_tables_are_sorted_so_ranks_preserve_string_order() {
        assert!(
            is_sorted(FIRST_NAMES)
                && is_sorted(LAST_NAMES)
                && is_sorted(ACCOUNT_ADJ)
                && is_sorted(ACCOUNT_NOUN)
        );
    }

    #[test]
    fn find_rejects_garbage() {
        let s = small();
        assert_eq!(s.find(Module::Tickets, "abc"), None);
        assert_eq!(s.find(Module::Tickets, "-1"), None);
        assert_eq!(s.find(Module::Tickets, "99999999999999999999999"), None);
        assert_eq!(
            s.find(Module::Tickets, &Module::Contacts.base().to_string()),
            None
        );
    }

    #[test]
    fn desc_walk_orders_ties_by_id_ascending() {
        // keys: idx0:1 idx1:2 idx2:2 idx3:2 idx4:3
        let keys = [1i64, 2, 2, 2, 3];
        let seq = Seq::Range(0, 5);
        let k = |i: u32| keys[i as usize];
        assert_eq!(walk(seq, k, true, None, 0, 10), vec![4, 1, 2, 3, 0]);
        for skip in 0..5 {
            assert_eq!(
                walk(seq, k, true, None, skip, 2),
                vec![4, 1, 2, 3, 0][skip..(skip + 2).min(5)].to_vec(),
                "skip {skip}"
            );
        }
        let f = |i: u32| i != 2;
        assert_eq!(walk(seq, k, true, Some(&f), 1, 10), vec![1, 3, 0]);
        assert_eq!(walk(seq, k, false, Some(&f), 1, 2), vec![1, 3]);
        assert_eq!(walk(seq, k, false, None, 3, 10), vec![3, 4]);
        assert_eq!(narrow(seq, k, 2, 2), (1, 4));
        assert_eq!(narrow(seq, k, 4, 9), (5, 5));
    }
}
