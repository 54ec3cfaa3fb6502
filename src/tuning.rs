//! Retry and wait policy. Production defaults live here; tests shorten the waits through
//! environment variables (never through the config, so the spec stays what users see).

use std::time::Duration;

#[derive(Debug, Clone)]
pub struct Tuning {
    /// Attempts per request for 5xx, timeouts and cut connections (first try included).
    pub max_attempts: u32,
    /// Attempts per request for 429 TOO_MANY_REQUESTS (concurrency), which clears quickly.
    pub max_throttle_attempts: u32,
    pub backoff_base: Duration,
    pub backoff_cap: Duration,
    /// Longest `Retry-After` on THRESHOLD_EXCEEDED we sit out; beyond it the sync stops with a
    /// resumable state instead of holding a worker for hours.
    pub max_credit_wait: Duration,
    /// Pause between token refreshes while Zoho answers "Access Denied".
    pub token_throttle_wait: Duration,
    pub max_token_throttle_wait: Duration,
    /// Refresh this long before the token expires.
    pub token_refresh_margin: Duration,
    pub request_timeout: Duration,
}

impl Default for Tuning {
    fn default() -> Self {
        Tuning {
            max_attempts: 6,
            max_throttle_attempts: 20,
            backoff_base: Duration::from_millis(1000),
            backoff_cap: Duration::from_secs(60),
            max_credit_wait: Duration::from_secs(600),
            token_throttle_wait: Duration::from_secs(60),
            max_token_throttle_wait: Duration::from_secs(30 * 60),
            token_refresh_margin: Duration::from_secs(120),
            request_timeout: Duration::from_secs(120),
        }
    }
}

fn env_ms(name: &str) -> Option<Duration> {
    std::env::var(name)
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()
        .map(Duration::from_millis)
}

impl Tuning {
    /// Defaults, overridden by `SOURCE_ZOHO_DESK_<NAME>_MS` variables (test and ops use only).
    pub fn from_env() -> Self {
        let mut t = Tuning::default();
        if let Some(d) = env_ms("SOURCE_ZOHO_DESK_BACKOFF_BASE_MS") {
            t.backoff_base = d;
        }
        if let Some(d) = env_ms("SOURCE_ZOHO_DESK_BACKOFF_CAP_MS") {
            t.backoff_cap = d;
        }
        if let Some(d) = env_ms("SOURCE_ZOHO_DESK_MAX_CREDIT_WAIT_MS") {
            t.max_credit_wait = d;
        }
        if let Some(d) = env_ms("SOURCE_ZOHO_DESK_TOKEN_THROTTLE_WAIT_MS") {
            t.token_throttle_wait = d;
        }
        if let Some(d) = env_ms("SOURCE_ZOHO_DESK_MAX_TOKEN_THROTTLE_WAIT_MS") {
            t.max_token_throttle_wait = d;
        }
        if let Some(d) = env_ms("SOURCE_ZOHO_DESK_TOKEN_REFRESH_MARGIN_MS") {
            t.token_refresh_margin = d;
        }
        if let Some(d) = env_ms("SOURCE_ZOHO_DESK_REQUEST_TIMEOUT_MS") {
            t.request_timeout = d;
        }
        t
    }

    /// Exponential backoff with full jitter: a random wait in [base/2, min(cap, base·2^n)].
    pub fn backoff(&self, attempt: u32) -> Duration {
        let exp = self
            .backoff_base
            .saturating_mul(1u32 << attempt.saturating_sub(1).min(16));
        let ceiling = exp.min(self.backoff_cap);
        let floor = (self.backoff_base / 2).min(ceiling);
        let span = ceiling.saturating_sub(floor).as_millis() as u64;
        let jitter = if span == 0 {
            0
        } else {
            rand::random_range(0..=span)
        };
        floor + Duration::from_millis(jitter)
    }
}

/// Tries of a child list that answers 404 while its parent's by-id call shows the parent still
/// exists (a transient routing error, a replica behind); after them the stream fails loudly
/// rather than give the rows up.
pub const CHILD_404_ATTEMPTS: u32 = 3;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        let t = Tuning {
            backoff_base: Duration::from_millis(100),
            backoff_cap: Duration::from_millis(1000),
            ..Tuning::default()
        };
        for attempt in 1..20 {
            let d = t.backoff(attempt);
            assert!(d >= Duration::from_millis(50), "{d:?}");
            assert!(d <= Duration::from_millis(1000), "{d:?}");
        }
        // attempt 1 never exceeds the base itself
        assert!(t.backoff(1) <= Duration::from_millis(100));
    }
}
