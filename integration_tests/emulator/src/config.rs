//! Start-up configuration. One struct serves as the CLI (clap) and the library config, so the
//! flags, `--help` and `Default` can never drift apart.

use clap::Parser;

/// Every fault kind the emulator can inject.
pub const FAULT_KINDS: &[&str] = &["500", "503_html", "cut_body", "revoke_token"];

/// Every scope the emulator knows; granted by default.
pub const ALL_SCOPES: &[&str] = &[
    "Desk.tickets.READ",
    "Desk.contacts.READ",
    "Desk.basic.READ",
    "Desk.settings.READ",
    "Desk.search.READ",
    "Desk.activities.READ",
    "Desk.tasks.READ",
    "Desk.calls.READ",
    "Desk.events.READ",
    "Desk.products.READ",
    "Desk.articles.READ",
    "Desk.contracts.READ",
];

/// Values of `--list-from-zero`.
pub const LIST_FROM_ZERO: &[&str] = &["as_one", "reject"];

/// A strict local emulator of the Zoho Desk API (v1) and the Zoho accounts token endpoint.
///
/// Serves both on one loopback port; prints `listening on http://127.0.0.1:PORT` first.
/// Runtime knobs (latency, faults, limits) can be changed later through `PUT /_admin/settings`.
#[derive(Parser, Debug, Clone, PartialEq)]
#[command(
    name = "zoho-desk-emulator",
    version,
    about,
    long_about = None,
    after_help = "Prints `listening on http://127.0.0.1:PORT` as its first stdout line, then serves until killed.\n\
        One port serves POST /oauth/v2/token (accounts server), /api/v1/... (Desk API) and the\n\
        unauthenticated admin API /_admin/{truth/{module},touch,create,settings,stats,stats/reset,revoke_tokens}.\n\
        Example: zoho-desk-emulator --port 8080 --tickets 100000 --latency-ms 20 --fault-rate 0.01\n\
        See integration_tests/emulator/README.md for the admin API and the strictness choices."
)]
pub struct EmulatorConfig {
    /// TCP port on 127.0.0.1 (0 = pick a free port).
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// Seed for generated data and for fault draws (same seed = same data).
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
    /// Number of departments.
    #[arg(long, default_value_t = 3)]
    pub departments: usize,
    /// Number of agents.
    #[arg(long, default_value_t = 8)]
    pub agents: usize,
    /// Number of teams.
    #[arg(long, default_value_t = 4)]
    pub teams: usize,
    /// Number of tickets.
    #[arg(long, default_value_t = 1200)]
    pub tickets: usize,
    /// Number of contacts.
    #[arg(long, default_value_t = 300)]
    pub contacts: usize,
    /// Number of accounts.
    #[arg(long, default_value_t = 120)]
    pub accounts: usize,
    /// Number of archived tickets (on top of `--tickets`; not in /tickets lists or searches).
    #[arg(long, default_value_t = 30)]
    pub archived_tickets: usize,
    /// Number of tasks.
    #[arg(long, default_value_t = 30)]
    pub tasks: usize,
    /// Number of calls.
    #[arg(long, default_value_t = 20)]
    pub calls: usize,
    /// Number of events.
    #[arg(long, default_value_t = 20)]
    pub events: usize,
    /// Number of knowledge-base articles.
    #[arg(long, default_value_t = 25)]
    pub articles: usize,
    /// Number of customer happiness ratings.
    #[arg(long, default_value_t = 40)]
    pub customer_happiness: usize,
    /// Average threads per ticket (each ticket gets 1..=2*avg-1).
    #[arg(long, default_value_t = 3)]
    pub threads_per_ticket: u32,
    /// Average thread body size in KiB (each thread 1..=2*avg-1 KiB of HTML; 0 = a short one).
    #[arg(long, default_value_t = 0)]
    pub thread_body_kb: u32,
    /// The thread detail cuts bodies above this many KiB (`isContentTruncated`; the whole
    /// text from `…/fullContent`); 0 = never. Zoho's limit is not documented (UNCERTAIN).
    #[arg(long, default_value_t = 0)]
    pub thread_truncate_kb: u32,
    /// Average comments per ticket (each ticket gets 0..=2*avg).
    #[arg(long, default_value_t = 1)]
    pub comments_per_ticket: u32,
    /// Percent of tickets/contacts/accounts whose modifiedTime equals another record's.
    #[arg(long, default_value_t = 5)]
    pub tie_percent: u32,
    /// OAuth client id.
    #[arg(long, default_value = "cid")]
    pub client_id: String,
    /// OAuth client secret.
    #[arg(long, default_value = "csecret")]
    pub client_secret: String,
    /// The one valid refresh token.
    #[arg(long, default_value = "rtok")]
    pub refresh_token: String,
    /// Organization (portal) id; the `orgId` header must carry it.
    #[arg(long, default_value_t = 60001234567)]
    pub org_id: u64,
    /// Added latency per /api/v1 request, in milliseconds.
    #[arg(long, default_value_t = 0)]
    pub latency_ms: u64,
    /// Simultaneous /api/v1 requests allowed; more answer 429 TOO_MANY_REQUESTS (0 = unlimited).
    #[arg(long, default_value_t = 10)]
    pub concurrency_limit: usize,
    /// API credits per credit window; exhausted answers 429 THRESHOLD_EXCEEDED + Retry-After.
    #[arg(long, default_value_t = 100_000)]
    pub credit_budget: u64,
    /// Length of the credit window in seconds (Zoho: one day).
    #[arg(long, default_value_t = 86_400)]
    pub credit_reset_secs: u64,
    /// Probability (0..1) that an /api/v1 request gets an injected fault.
    #[arg(long, default_value_t = 0.0)]
    pub fault_rate: f64,
    /// Enabled fault kinds, comma separated: 500, 503_html, cut_body, revoke_token.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "500,503_html,cut_body,revoke_token"
    )]
    pub faults: Vec<String>,
    /// Access token lifetime in seconds (`expires_in`).
    #[arg(long, default_value_t = 3600)]
    pub token_lifetime_secs: u64,
    /// Granted scopes, comma separated (default: all the emulator knows).
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "Desk.tickets.READ,Desk.contacts.READ,Desk.basic.READ,Desk.settings.READ,Desk.search.READ,Desk.activities.READ,Desk.tasks.READ,Desk.calls.READ,Desk.events.READ,Desk.products.READ,Desk.articles.READ,Desk.contracts.READ"
    )]
    pub scopes: Vec<String>,
    /// Token refreshes allowed per rolling minute before "Access Denied".
    #[arg(long, default_value_t = 10)]
    pub refresh_throttle_per_minute: u32,
    /// HTTP status of the "Access Denied" throttle answer (reference: 200, some clients saw 400).
    #[arg(long, default_value_t = 200)]
    pub throttle_status: u16,
    /// `limit` maximum of the search endpoints (reference UNCERTAIN: 100 or 50).
    #[arg(long, default_value_t = 100)]
    pub search_limit_max: usize,
    /// `limit` maximum of the threads list (reference UNCERTAIN: 100 or 200).
    #[arg(long, default_value_t = 100)]
    pub threads_limit_max: usize,
    /// Also refuse search pages with from + limit > 5000 (not only from >= 5000).
    #[arg(long, default_value_t = false)]
    pub search_strict_window: bool,
    /// Allow sortBy=modifiedTime on GET /tickets (undocumented, UNCERTAIN; off = strict).
    #[arg(long, default_value_t = false)]
    pub list_sort_modified_time: bool,
    /// `from=0` on a list endpoint: `as_one` (read as 1) or `reject` (422 naming `from`).
    #[arg(long, default_value = "as_one")]
    pub list_from_zero: String,
    /// A request breaking Zoho's OpenAPI facts (`oas/facts.json`: unknown parameter, value
    /// outside enum/minimum/maximum): `refuse` (422 naming the parameter) or `record` (answered,
    /// listed in the stats' `oas_violations`).
    #[arg(long, default_value = "refuse")]
    pub oas: String,
    /// HTTP status for OAUTH_ORG_MISMATCH (reference UNCERTAIN: 401 or 403).
    #[arg(long, default_value_t = 401)]
    pub org_mismatch_status: u16,
    /// Tokio worker threads of the server (1 = single core, as in the benchmark).
    #[arg(long, default_value_t = 2)]
    pub worker_threads: usize,
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        // Clap's defaults are the single source of truth.
        EmulatorConfig::parse_from(["zoho-desk-emulator"])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_the_contract() {
        let c = EmulatorConfig::default();
        assert_eq!(c.client_id, "cid");
        assert_eq!(c.client_secret, "csecret");
        assert_eq!(c.refresh_token, "rtok");
        assert_eq!(c.org_id, 60001234567);
        assert_eq!(c.seed, 7);
        assert_eq!(c.tickets, 1200);
        assert_eq!(c.scopes.len(), ALL_SCOPES.len());
        assert_eq!(c.faults.len(), FAULT_KINDS.len());
    }

    #[test]
    fn flags_parse() {
        let c = EmulatorConfig::parse_from(["x", "--tickets", "5", "--faults", "500,cut_body"]);
        assert_eq!(c.tickets, 5);
        assert_eq!(c.faults, vec!["500", "cut_body"]);
    }
}
