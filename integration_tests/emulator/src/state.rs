//! Shared server state: the store, run-time settings, tokens, credits and statistics.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::Instant;

use serde::{Deserialize, Serialize};

use crate::config::{EmulatorConfig, FAULT_KINDS, LIST_FROM_ZERO};
use crate::data::Store;
use crate::mutator::Mutator;
use crate::oas::OAS_MODES;
use crate::rng::Rng;
use crate::routes::{Kind, ROUTES};

/// errorCodes a forced refusal (`forbidden` setting) may answer with.
pub const FORBIDDEN_CODES: &[&str] = &["LICENSE_ACCESS_LIMITED", "FORBIDDEN", "SCOPE_MISMATCH"];

/// Whether `key` is the pattern (stats key) of a list or search route.
fn is_paginated(key: &str) -> bool {
    ROUTES
        .iter()
        .any(|r| matches!(r.kind, Kind::List | Kind::Search | Kind::Bin) && r.stats_key() == key)
}

/// Kinds of `odd_bodies` answers (`error_200:<CODE>` takes any upper-case errorCode).
pub const ODD_BODY_KINDS: &[&str] = &["error_200:<CODE>", "html_200", "cut_200", "no_wrapper_200"];

/// `throttle_storm`: the next `requests` /api/v1 requests answer 429 TOO_MANY_REQUESTS.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ThrottleStorm {
    pub requests: u64,
}

/// `stall` per route: the next `count` answers are delayed by `ms` milliseconds.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Stall {
    pub count: u64,
    pub ms: u64,
}

/// Settings that can change while the emulator runs (`GET|PUT /_admin/settings`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Settings {
    pub latency_ms: u64,
    pub fault_rate: f64,
    pub faults: Vec<String>,
    pub concurrency_limit: usize,
    pub credit_budget: u64,
    pub credit_reset_secs: u64,
    pub token_lifetime_secs: u64,
    pub scopes: Vec<String>,
    pub refresh_throttle_per_minute: u32,
    pub throttle_status: u16,
    /// `limit` maximum per route, keyed by stats key (e.g. `GET /api/v1/tickets/search`).
    pub limit_overrides: BTreeMap<String, usize>,
    /// Paginated route pattern -> most rows a page carries although more exist (short pages).
    pub page_caps: BTreeMap<String, usize>,
    /// Route pattern -> how many of the next requests answer 404 URL_NOT_FOUND although the
    /// record exists (counts down; an entry is dropped when it reaches 0).
    pub flaky_404: BTreeMap<String, u64>,
    /// Data changes every N requests while a connector reads (null = off).
    pub mutator: Option<Mutator>,
    pub search_strict_window: bool,
    pub list_sort_modified_time: bool,
    pub org_mismatch_status: u16,
    pub require_org_id: bool,
    /// Ids that still appear in lists and searches but whose detail and children answer 404.
    pub ghost_ids: Vec<String>,
    /// Route pattern (stats key) -> forced 403 errorCode.
    pub forbidden: BTreeMap<String, String>,
    /// `from=0` on list endpoints: "as_one" (read as 1) or "reject" (422).
    pub list_from_zero: String,
    /// A request breaking Zoho's OAS facts (`oas/facts.json`): "refuse" (422 naming the
    /// parameter) or "record" (answered; listed in the stats' `oas_violations`).
    pub oas: String,
    /// Route pattern -> odd HTTP 200 answers still to give, in order, one per request (see
    /// [`ODD_BODY_KINDS`]); consumed as they are served.
    pub odd_bodies: BTreeMap<String, Vec<String>>,
    /// `Retry-After` sent with every 429 when set (otherwise THRESHOLD_EXCEEDED sends the seconds
    /// to the credit reset and TOO_MANY_REQUESTS none).
    pub retry_after_secs: Option<u64>,
    /// Requests of the current 429 storm still to refuse (counted down per request).
    pub throttle_storm: Option<ThrottleStorm>,
    /// Route pattern -> delays still to apply (counted down per answer).
    pub stall: BTreeMap<String, Stall>,
}

/// Partial update for [`Settings`]; unknown keys are refused so typos do not pass silently.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SettingsPatch {
    pub latency_ms: Option<u64>,
    pub fault_rate: Option<f64>,
    pub faults: Option<Vec<String>>,
    pub concurrency_limit: Option<usize>,
    pub credit_budget: Option<u64>,
    pub credit_reset_secs: Option<u64>,
    pub token_lifetime_secs: Option<u64>,
    pub scopes: Option<Vec<String>>,
    pub refresh_throttle_per_minute: Option<u32>,
    pub throttle_status: Option<u16>,
    /// Merged into the current overrides.
    pub limit_overrides: Option<BTreeMap<String, usize>>,
    /// Replaces the page caps.
    pub page_caps: Option<BTreeMap<String, usize>>,
    /// Replaces the pending transient 404s.
    pub flaky_404: Option<BTreeMap<String, u64>>,
    /// `null` switches the mutator off; absent keeps it.
    #[serde(
        default,
        deserialize_with = "crate::mutator::some_or_null",
        skip_serializing_if = "Option::is_none"
    )]
    pub mutator: Option<Option<Mutator>>,
    pub search_strict_window: Option<bool>,
    pub list_sort_modified_time: Option<bool>,
    pub org_mismatch_status: Option<u16>,
    pub require_org_id: Option<bool>,
    /// Replaces the ghost ids.
    pub ghost_ids: Option<Vec<String>>,
    /// Replaces the forced refusals.
    pub forbidden: Option<BTreeMap<String, String>>,
    pub list_from_zero: Option<String>,
    pub oas: Option<String>,
    /// Replaces the pending odd answers.
    pub odd_bodies: Option<BTreeMap<String, Vec<String>>>,
    /// `null` restores the default Retry-After behaviour.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub retry_after_secs: Option<Option<u64>>,
    /// `null` ends the storm.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub throttle_storm: Option<Option<ThrottleStorm>>,
    /// Replaces the pending stalls.
    pub stall: Option<BTreeMap<String, Stall>>,
}

/// A key that is present (even as `null`) is `Some`, so `null` can switch a setting off.
fn present<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(d).map(Some)
}

impl Settings {
    pub fn from_config(c: &EmulatorConfig) -> Settings {
        let mut limit_overrides = BTreeMap::new();
        for r in ROUTES {
            if r.kind == Kind::Search {
                limit_overrides.insert(r.stats_key(), c.search_limit_max);
            }
        }
        limit_overrides.insert(
            "GET /api/v1/tickets/{ticketId}/threads".to_string(),
            c.threads_limit_max,
        );
        Settings {
            latency_ms: c.latency_ms,
            fault_rate: c.fault_rate,
            faults: c.faults.clone(),
            concurrency_limit: c.concurrency_limit,
            credit_budget: c.credit_budget,
            credit_reset_secs: c.credit_reset_secs,
            token_lifetime_secs: c.token_lifetime_secs,
            scopes: c.scopes.clone(),
            refresh_throttle_per_minute: c.refresh_throttle_per_minute,
            throttle_status: c.throttle_status,
            limit_overrides,
            page_caps: BTreeMap::new(),
            flaky_404: BTreeMap::new(),
            mutator: None,
            search_strict_window: c.search_strict_window,
            list_sort_modified_time: c.list_sort_modified_time,
            org_mismatch_status: c.org_mismatch_status,
            require_org_id: true,
            ghost_ids: Vec::new(),
            forbidden: BTreeMap::new(),
            list_from_zero: c.list_from_zero.clone(),
            oas: c.oas.clone(),
            odd_bodies: BTreeMap::new(),
            retry_after_secs: None,
            throttle_storm: None,
            stall: BTreeMap::new(),
        }
    }

    /// Checks values a patch or the CLI may get wrong.
    pub fn validate(&self) -> Result<(), String> {
        if !(0.0..=1.0).contains(&self.fault_rate) {
            return Err(format!(
                "fault_rate must be within 0..1, got {}",
                self.fault_rate
            ));
        }
        if let Some(f) = self
            .faults
            .iter()
            .find(|f| !FAULT_KINDS.contains(&f.as_str()))
        {
            return Err(format!(
                "unknown fault kind '{f}' (known: {})",
                FAULT_KINDS.join(", ")
            ));
        }
        for s in [self.throttle_status, self.org_mismatch_status] {
            if !(200..=599).contains(&s) {
                return Err(format!("invalid HTTP status {s}"));
            }
        }
        for (k, v) in &self.limit_overrides {
            if !is_paginated(k) {
                return Err(format!("limit_overrides: '{k}' is not a paginated route"));
            }
            if *v == 0 {
                return Err(format!("limit_overrides: '{k}' must be at least 1"));
            }
        }
        for (k, v) in &self.page_caps {
            if !is_paginated(k) {
                return Err(format!("page_caps: '{k}' is not a paginated route"));
            }
            if *v == 0 {
                return Err(format!("page_caps: '{k}' must be at least 1"));
            }
        }
        if let Some(k) = self
            .flaky_404
            .keys()
            .find(|k| !ROUTES.iter().any(|r| r.stats_key() == k.as_str()))
        {
            return Err(format!("flaky_404: '{k}' is not a route pattern"));
        }
        if let Some(m) = &self.mutator {
            m.validate()?;
        }
        if !LIST_FROM_ZERO.contains(&self.list_from_zero.as_str()) {
            return Err(format!(
                "list_from_zero must be one of {}",
                LIST_FROM_ZERO.join(", ")
            ));
        }
        if !OAS_MODES.contains(&self.oas.as_str()) {
            return Err(format!("oas must be one of {}", OAS_MODES.join(", ")));
        }
        for (k, v) in &self.forbidden {
            if !ROUTES.iter().any(|r| &r.stats_key() == k) {
                return Err(format!("forbidden: '{k}' is not a route pattern"));
            }
            if !FORBIDDEN_CODES.contains(&v.as_str()) {
                return Err(format!(
                    "forbidden: '{v}' is not one of {}",
                    FORBIDDEN_CODES.join(", ")
                ));
            }
        }
        for (k, kinds) in &self.odd_bodies {
            if !ROUTES.iter().any(|r| &r.stats_key() == k) {
                return Err(format!("odd_bodies: '{k}' is not a route pattern"));
            }
            if let Some(bad) = kinds.iter().find(|kind| !odd_kind_is_valid(kind)) {
                return Err(format!(
                    "odd_bodies: '{bad}' is not one of {}",
                    ODD_BODY_KINDS.join(", ")
                ));
            }
        }
        for k in self.stall.keys() {
            if !ROUTES.iter().any(|r| &r.stats_key() == k) {
                return Err(format!("stall: '{k}' is not a route pattern"));
            }
        }
        if self.credit_reset_secs == 0 {
            return Err("credit_reset_secs must be at least 1".into());
        }
        Ok(())
    }

    /// Applies `p` atomically: nothing changes when the result would be invalid.
    pub fn apply(&mut self, p: SettingsPatch) -> Result<(), String> {
        let mut n = self.clone();
        macro_rules! set {
            ($($f:ident),*) => { $( if let Some(v) = p.$f { n.$f = v; } )* };
        }
        set!(
            latency_ms,
            fault_rate,
            faults,
            concurrency_limit,
            credit_budget,
            credit_reset_secs,
            token_lifetime_secs,
            scopes,
            refresh_throttle_per_minute,
            throttle_status,
            page_caps,
            flaky_404,
            mutator,
            search_strict_window,
            list_sort_modified_time,
            org_mismatch_status,
            require_org_id,
            ghost_ids,
            forbidden,
            list_from_zero,
            oas
        );
        if let Some(o) = p.limit_overrides {
            n.limit_overrides.extend(o);
        }
        n.flaky_404.retain(|_, left| *left > 0);
        set!(odd_bodies, retry_after_secs, throttle_storm, stall);
        n.validate()?;
        *self = n;
        Ok(())
    }
}

fn odd_kind_is_valid(kind: &str) -> bool {
    match kind.strip_prefix("error_200:") {
        Some(code) => !code.is_empty() && code.bytes().all(|b| b.is_ascii_uppercase() || b == b'_'),
        None => ["html_200", "cut_200", "no_wrapper_200"].contains(&kind),
    }
}

/// Counters exposed by `GET /_admin/stats` (Desk and token requests only, never admin calls).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Stats {
    /// Requests per route pattern, e.g. `GET /api/v1/tickets/{ticketId}/threads`.
    pub requests: BTreeMap<String, u64>,
    /// Answers per HTTP status.
    pub statuses: BTreeMap<String, u64>,
    /// Most /api/v1 requests in flight at once (counting those refused with 429).
    pub max_in_flight: u64,
    /// Access tokens issued.
    pub token_refreshes: u64,
    /// Token requests answered "Access Denied".
    pub token_throttled: u64,
    /// Messages of every 422 answer (first 1000).
    pub messages_422: Vec<String>,
    pub credits_used: u64,
    pub total_requests: u64,
    pub faults_injected: u64,
    /// Mutation rounds run by the `mutator` setting.
    pub mutations: u64,
    /// Store errors of mutation rounds (first 100; e.g. threads wanted but no live ticket).
    pub mutation_errors: Vec<String>,
    /// Requests that broke Zoho's OAS facts, `"GET /api/v1/…: message"` (first 1000; refused
    /// or answered according to the `oas` setting).
    #[serde(default)]
    pub oas_violations: Vec<String>,
    /// Requests per route pattern that have no OAS facts kept, so were not checked.
    #[serde(default)]
    pub oas_unchecked: BTreeMap<String, u64>,
}

#[derive(Debug)]
pub struct TokenInfo {
    pub expires: Instant,
    pub serial: u64,
    pub scopes: Vec<String>,
    pub revoked: bool,
}

#[derive(Debug)]
pub struct Auth {
    pub tokens: HashMap<String, TokenInfo>,
    /// Tokens with a serial below this were revoked by `/_admin/revoke_tokens`.
    pub revoked_below: u64,
    pub next_serial: u64,
    pub refresh_times: VecDeque<Instant>,
    pub rng: Rng,
}

#[derive(Debug)]
pub struct Credits {
    pub window_start: Instant,
    pub used: u64,
}

/// Everything the handlers share.
#[derive(Debug)]
pub struct Shared {
    pub cfg: EmulatorConfig,
    pub store: RwLock<Store>,
    pub settings: RwLock<Settings>,
    pub stats: Mutex<Stats>,
    pub auth: Mutex<Auth>,
    pub credits: Mutex<Credits>,
    pub fault_rng: Mutex<Rng>,
    pub in_flight: AtomicUsize,
    pub max_in_flight: AtomicUsize,
    /// /api/v1 requests counted by the mutator since it was last set.
    pub mutator_requests: AtomicU64,
}

/// Locks ignoring poison: a panicking handler must not take the emulator down with it.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

pub fn read<T>(m: &RwLock<T>) -> RwLockReadGuard<'_, T> {
    m.read().unwrap_or_else(|e| e.into_inner())
}

pub fn write<T>(m: &RwLock<T>) -> RwLockWriteGuard<'_, T> {
    m.write().unwrap_or_else(|e| e.into_inner())
}

impl Shared {
    pub fn new(cfg: EmulatorConfig) -> Result<Shared, String> {
        let settings = Settings::from_config(&cfg);
        settings.validate()?;
        let store = Store::generate(&cfg);
        Ok(Shared {
            store: RwLock::new(store),
            settings: RwLock::new(settings),
            stats: Mutex::new(Stats::default()),
            auth: Mutex::new(Auth {
                tokens: HashMap::new(),
                revoked_below: 0,
                next_serial: 0,
                refresh_times: VecDeque::new(),
                rng: Rng::new(cfg.seed ^ 0x070C_E4E5),
            }),
            credits: Mutex::new(Credits {
                window_start: Instant::now(),
                used: 0,
            }),
            fault_rng: Mutex::new(Rng::new(cfg.seed ^ 0xFA17)),
            in_flight: AtomicUsize::new(0),
            max_in_flight: AtomicUsize::new(0),
            mutator_requests: AtomicU64::new(0),
            cfg,
        })
    }

    /// Takes the next pending odd answer for `key`, if any.
    pub fn take_odd_body(&self, key: &str) -> Option<String> {
        let mut s = write(&self.settings);
        let kinds = s.odd_bodies.get_mut(key)?;
        let kind = (!kinds.is_empty()).then(|| kinds.remove(0));
        if kinds.is_empty() {
            s.odd_bodies.remove(key);
        }
        kind
    }

    /// Counts one request against the current 429 storm; true if it must be refused.
    pub fn take_storm(&self) -> bool {
        let mut s = write(&self.settings);
        match s.throttle_storm.as_mut() {
            Some(storm) if storm.requests > 0 => {
                storm.requests -= 1;
                if storm.requests == 0 {
                    s.throttle_storm = None;
                }
                true
            }
            _ => {
                s.throttle_storm = None;
                false
            }
        }
    }

    /// Takes one pending stall of `key`: how long to delay this answer.
    pub fn take_stall(&self, key: &str) -> Option<std::time::Duration> {
        let mut s = write(&self.settings);
        let stall = s.stall.get_mut(key)?;
        let ms = stall.ms;
        stall.count = stall.count.saturating_sub(1);
        if stall.count == 0 {
            s.stall.remove(key);
        }
        Some(std::time::Duration::from_millis(ms))
    }

    /// Records one answered request in the statistics.
    pub fn record(&self, key: &str, status: u16, msg_422: Option<&str>) {
        let mut s = lock(&self.stats);
        *s.requests.entry(key.to_string()).or_default() += 1;
        *s.statuses.entry(status.to_string()).or_default() += 1;
        s.total_requests += 1;
        if let Some(m) = msg_422
            && s.messages_422.len() < 1000
        {
            s.messages_422.push(m.to_string());
        }
    }

    /// Whether this request to `key` is one of the pending transient 404s (`flaky_404`);
    /// counts it down under the settings lock so concurrent requests take exactly n.
    pub fn flaky_404_hit(&self, key: &str) -> bool {
        let mut s = write(&self.settings);
        let Some(left) = s.flaky_404.get_mut(key) else {
            return false;
        };
        *left = left.saturating_sub(1);
        if *left == 0 {
            s.flaky_404.remove(key);
        }
        true
    }

    pub fn stats_snapshot(&self) -> Stats {
        let mut s = lock(&self.stats).clone();
        s.max_in_flight = self.max_in_flight.load(Ordering::SeqCst) as u64;
        s
    }

    pub fn reset_stats(&self) {
        *lock(&self.stats) = Stats::default();
        self.max_in_flight
            .store(self.in_flight.load(Ordering::SeqCst), Ordering::SeqCst);
    }

    /// Remaining credits in the current window (resetting the window when it has elapsed),
    /// and the seconds until the next reset.
    pub fn credit_window(
        &self,
        budget: u64,
        reset_secs: u64,
    ) -> (u64, u64, MutexGuard<'_, Credits>) {
        let mut c = lock(&self.credits);
        let elapsed = c.window_start.elapsed().as_secs();
        if elapsed >= reset_secs {
            c.window_start = Instant::now();
            c.used = 0;
        }
        let left = reset_secs
            .saturating_sub(c.window_start.elapsed().as_secs())
            .max(1);
        (budget.saturating_sub(c.used), left, c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patch_is_partial_and_validated() {
        let mut s = Settings::from_config(&EmulatorConfig::default());
        let before = s.clone();
        s.apply(SettingsPatch {
            latency_ms: Some(5),
            ..Default::default()
        })
        .expect("valid");
        assert_eq!(s.latency_ms, 5);
        assert_eq!(s.scopes, before.scopes);
        let bad = SettingsPatch {
            faults: Some(vec!["teapot".into()]),
            latency_ms: Some(9),
            ..Default::default()
        };
        assert!(s.apply(bad).is_err());
        assert_eq!(s.latency_ms, 5, "a refused patch changes nothing");
        let bad: Result<SettingsPatch, _> = serde_json::from_str(r#"{"latency":5}"#);
        assert!(bad.is_err(), "unknown keys are refused");
        let lim = SettingsPatch {
            limit_overrides: Some([("GET /api/v1/tickets/search".to_string(), 50)].into()),
            ..Default::default()
        };
        s.apply(lim).expect("valid override");
        assert_eq!(s.limit_overrides["GET /api/v1/tickets/search"], 50);
        let lim = SettingsPatch {
            limit_overrides: Some([("GET /api/v1/teams".to_string(), 5)].into()),
            ..Default::default()
        };
        assert!(s.apply(lim).is_err());
    }
}
