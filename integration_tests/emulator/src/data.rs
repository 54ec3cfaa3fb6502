//! The data store: compact per-record structs, generated deterministically from a seed, with
//! sorted indexes so every page is a binary search plus a slice, even at 1,000,000 tickets.
//!
//! Ids are implicit: record `i` of a module has id `module.base() + i`, so lookups are
//! arithmetic and "ties by id" means "ties by index". Attributes that never change (names,
//! statuses, ...) are derived from the id on demand instead of stored.

use crate::config::EmulatorConfig;
use crate::rng::{Rng, mix, pick};
use crate::timefmt::now_ms;

/// Every module the emulator holds records for.
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
}

impl Module {
    pub const ALL: [Module; 10] = [
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
}

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
    pub comment_start: u32,
    pub comment_count: u16,
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
}

/// A sequence of record indexes in ascending (key, id) order.
#[derive(Clone, Copy, Debug)]
pub enum Seq<'a> {
    /// `start..start+len` (already in order).
    Range(u32, usize),
    Slice(&'a [u32]),
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
    pub tickets: Vec<TicketRel>,
    /// Account index of each contact (or NONE).
    pub contact_account: Vec<u32>,
    /// Agent index of each team-member record.
    pub member_agent: Vec<u32>,
    rng: Rng,
    threads_avg: u32,
    comments_avg: u32,
}

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

        // Tickets and their children.
        let ticket_recs = gen_times(&mut rng, cfg.tickets, cfg.tie_percent);
        let mut tickets = Vec::with_capacity(cfg.tickets);
        let mut threads = Vec::with_capacity(cfg.tickets * cfg.threads_per_ticket as usize);
        let mut comments = Vec::with_capacity(cfg.tickets * cfg.comments_per_ticket as usize);
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

        let mut store = Store {
            seed: cfg.seed,
            org_id: cfg.org_id,
            tables,
            tickets,
            contact_account,
            member_agent,
            rng,
            threads_avg: cfg.threads_per_ticket,
            comments_avg: cfg.comments_per_ticket,
        };
        store.build_indexes();
        store
    }

    fn build_indexes(&mut self) {
        let plan: [(Module, &[SortKey]); 3] = [
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
        ];
        for (m, keys) in plan {
            let n = self.len(m) as u32;
            let mut built = Vec::new();
            for &k in keys {
                let mut v: Vec<u32> = (0..n).collect();
                v.sort_by_cached_key(|&i| (self.key(m, k, i), i));
                built.push((k, v));
            }
            self.tables[m.slot()].indexes = built;
        }
    }

    pub fn table(&self, m: Module) -> &Table {
        &self.tables[m.slot()]
    }

    pub fn len(&self, m: Module) -> usize {
        self.tables[m.slot()].recs.len()
    }

    pub fn rec(&self, m: Module, i: u32) -> &Rec {
        &self.tables[m.slot()].recs[i as usize]
    }

    pub fn id(&self, m: Module, i: u32) -> u64 {
        if m == Module::Organizations {
            self.org_id
        } else if m == Module::TeamMembers {
            Module::Agents.base() + self.member_agent[i as usize] as u64
        } else {
            m.base() + i as u64
        }
    }

    /// Index of the record with string id `id`, if it exists.
    pub fn find(&self, m: Module, id: &str) -> Option<u32> {
        // Zoho ids are plain digits; anything else cannot match (and must not panic).
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let v: u64 = id.parse().ok()?;
        let i = v.checked_sub(m.base())?;
        (i < self.len(m) as u64).then_some(i as u32)
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

    /// All records of `m` in ascending (key, id) order.
    pub fn seq(&self, m: Module, k: SortKey) -> Seq<'_> {
        if k == SortKey::Id {
            return Seq::Range(0, self.len(m));
        }
        match self.tables[m.slot()]
            .indexes
            .iter()
            .find(|(kk, _)| *kk == k)
        {
            Some((_, v)) => Seq::Slice(v),
            // Not indexed: creation order is the only order we can promise.
            None => Seq::Range(0, self.len(m)),
        }
    }

    /// Children of ticket `t` (threads or comments) in ascending (createdTime, id) order.
    pub fn children(&self, m: Module, t: u32) -> Seq<'_> {
        let rel = &self.tickets[t as usize];
        match m {
            Module::Threads => Seq::Range(rel.thread_start, rel.thread_count as usize),
            Module::Comments => Seq::Range(rel.comment_start, rel.comment_count as usize),
            _ => Seq::Range(0, 0),
        }
    }

    /// Team-member records of team `t`.
    pub fn members_of(&self, t: u32) -> impl Iterator<Item = u32> + '_ {
        let recs = &self.tables[Module::TeamMembers.slot()].recs;
        (0..recs.len() as u32).filter(move |&i| recs[i as usize].parent == t)
    }

    fn max_modified(&self, m: Module) -> i64 {
        self.tables[m.slot()]
            .recs
            .iter()
            .map(|r| r.modified)
            .max()
            .unwrap_or(0)
    }

    fn max_created(&self, m: Module) -> i64 {
        self.tables[m.slot()]
            .recs
            .iter()
            .map(|r| r.created)
            .max()
            .unwrap_or(0)
    }

    /// Moves the modifiedTime of the chosen records to "now": strictly increasing and later
    /// than every existing modifiedTime of the module. Returns (index, new modifiedTime).
    pub fn touch(&mut self, m: Module, sel: Selection) -> Result<Vec<(u32, i64)>, StoreError> {
        if matches!(
            m,
            Module::Threads | Module::TeamMembers | Module::Organizations
        ) {
            return Err(StoreError::Unsupported(m.name()));
        }
        let targets = self.select(m, sel)?;
        let start = now_ms().max(self.max_modified(m) + 1);
        let mut out = Vec::with_capacity(targets.len());
        for (t, i) in (start..).zip(targets) {
            self.set_modified(m, i, t);
            out.push((i, t));
        }
        Ok(out)
    }

    fn select(&mut self, m: Module, sel: Selection) -> Result<Vec<u32>, StoreError> {
        let n = self.len(m);
        match sel {
            Selection::Ids(ids) => ids
                .iter()
                .map(|id| {
                    self.find(m, id).ok_or_else(|| StoreError::UnknownId {
                        module: m.name(),
                        id: id.clone(),
                    })
                })
                .collect(),
            Selection::Count(c) => {
                if c > n {
                    return Err(StoreError::TooMany(c));
                }
                // Distinct random records (seeded, so runs are reproducible).
                let mut chosen = std::collections::BTreeSet::new();
                let mut order = Vec::with_capacity(c);
                while order.len() < c {
                    let i = self.rng.below(n as u64) as u32;
                    if chosen.insert(i) {
                        order.push(i);
                    }
                }
                Ok(order)
            }
        }
    }

    fn set_modified(&mut self, m: Module, i: u32, t: i64) {
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

    /// Creates `count` new records "now" (tickets also get threads and comments).
    pub fn create(&mut self, m: Module, count: usize) -> Result<Vec<(u32, i64)>, StoreError> {
        if !matches!(m, Module::Tickets | Module::Contacts | Module::Accounts) {
            return Err(StoreError::Unsupported(m.name()));
        }
        if count > MAX_CREATE {
            return Err(StoreError::TooMany(count));
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
                    let rel = gen_ticket_rel(
                        &mut self.rng,
                        i,
                        &rec,
                        dims,
                        (self.threads_avg, self.comments_avg),
                        &mut th,
                        &mut co,
                    );
                    self.tables[Module::Threads.slot()].recs = th;
                    self.tables[Module::Comments.slot()].recs = co;
                    self.tickets.push(rel);
                }
                Module::Contacts => {
                    let n = self.len(Module::Accounts) as u64;
                    let a = if n == 0 {
                        NONE
                    } else {
                        self.rng.below(n) as u32
                    };
                    self.contact_account.push(a);
                }
                _ => {}
            }
            self.tables[m.slot()].recs.push(rec);
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
            out.push((i, t));
        }
        Ok(out)
    }
}

/// Most records one create call may add (an admin typo must not exhaust memory).
pub const MAX_CREATE: usize = 1_000_000;

/// Which records an admin operation targets.
#[derive(Debug, Clone)]
pub enum Selection {
    Count(usize),
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
            Rec {
                created: c,
                modified: (c + delta).min(GEN_END_MS),
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
    let comment_start = comments.len() as u32;
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
        comment_start,
        comment_count: nc as u16,
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
        let out = s
            .touch(
                Module::Tickets,
                Selection::Ids(vec![s.id(Module::Tickets, 5).to_string()]),
            )
            .expect("touch");
        assert_eq!(out[0].0, 5);
        assert!(out[0].1 > before);
        let seq = s.seq(Module::Tickets, SortKey::Modified);
        assert_eq!(seq.get(seq.len() - 1), 5);
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
        assert_eq!(s.len(Module::Tickets), 2003);
        assert!(s.len(Module::Threads) > threads);
        assert!(out[0].1 < out[1].1);
        assert_eq!(
            s.find(Module::Tickets, &s.id(Module::Tickets, 2002).to_string()),
            Some(2002)
        );
        assert!(s.create(Module::Threads, 1).is_err());
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
