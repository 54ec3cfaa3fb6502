//! The one retry and wait policy: how often and how long a request is retried, every wait's
//! cap, the token refresh margin and the response size cap. Production defaults live here;
//! tests shorten the waits through environment variables (never through the config, so the
//! spec stays what users see).
//!
//! [`Retries`] is the per-request bookkeeping. It is pure (the caller passes the current
//! instant and does the sleeping), so its unit tests need no clock and no waiting.

use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct Tuning {
    /// Attempts per request for 5xx, timeouts, cut connections and unreadable 200 bodies (first
    /// try included).
    pub max_attempts: u32,
    /// How long one request may keep retrying 429 TOO_MANY_REQUESTS. Bounded by time, not by a
    /// count: a storm of 429s burns any count within seconds, while Zoho's concurrency limit
    /// clears within a minute or so.
    pub throttle_budget: Duration,
    /// Access-token refreshes one request may make after 401 INVALID_OAUTH before the burst of
    /// revocations is given up as transient.
    pub max_unauthorized: u32,
    pub backoff_base: Duration,
    pub backoff_cap: Duration,
    /// Longest `Retry-After` we sit out, on any 429 (THRESHOLD_EXCEEDED or TOO_MANY_REQUESTS);
    /// beyond it the sync stops with a resumable state instead of holding a worker for hours.
    pub max_retry_after: Duration,
    /// Pause between token refreshes while Zoho answers "Access Denied".
    pub token_throttle_wait: Duration,
    pub max_token_throttle_wait: Duration,
    /// Upper bound of the refresh margin; the margin itself is a tenth of the token's lifetime
    /// (see [`Tuning::refresh_margin`]).
    pub token_refresh_margin: Duration,
    pub request_timeout: Duration,
    /// Largest response body accepted; a bigger one is an error naming the request (a Zoho page
    /// is at most a few MiB, so this only trips on a broken proxy or a runaway answer).
    pub max_body_bytes: usize,
}

impl Default for Tuning {
    fn default() -> Self {
        Tuning {
            max_attempts: 6,
            throttle_budget: Duration::from_secs(10 * 60),
            max_unauthorized: 10,
            backoff_base: Duration::from_millis(1000),
            backoff_cap: Duration::from_secs(60),
            max_retry_after: Duration::from_secs(600),
            token_throttle_wait: Duration::from_secs(60),
            max_token_throttle_wait: Duration::from_secs(30 * 60),
            token_refresh_margin: Duration::from_secs(120),
            request_timeout: Duration::from_secs(120),
            max_body_bytes: 64 << 20,
        }
    }
}

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok()?.trim().parse::<u64>().ok()
}

fn env_ms(name: &str) -> Option<Duration> {
    env_u64(name).map(Duration::from_millis)
}

impl Tuning {
    /// Defaults, overridden by `SOURCE_ZOHO_DESK_<NAME>_MS` variables (test and ops use only).
    pub fn from_env() -> Self {
        let mut t = Tuning::default();
        for (name, slot) in [
            ("BACKOFF_BASE", &mut t.backoff_base),
            ("BACKOFF_CAP", &mut t.backoff_cap),
            ("MAX_RETRY_AFTER", &mut t.max_retry_after),
            ("THROTTLE_BUDGET", &mut t.throttle_budget),
            ("TOKEN_THROTTLE_WAIT", &mut t.token_throttle_wait),
            ("MAX_TOKEN_THROTTLE_WAIT", &mut t.max_token_throttle_wait),
            ("TOKEN_REFRESH_MARGIN", &mut t.token_refresh_margin),
            ("REQUEST_TIMEOUT", &mut t.request_timeout),
        ] {
            if let Some(d) = env_ms(&format!("SOURCE_ZOHO_DESK_{name}_MS")) {
                *slot = d;
            }
        }
        if let Some(n) = env_u64("SOURCE_ZOHO_DESK_MAX_BODY_BYTES") {
            t.max_body_bytes = usize::try_from(n).unwrap_or(usize::MAX);
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

    /// How long before expiry a token is refreshed: a tenth of its lifetime, at most
    /// `token_refresh_margin`. A fixed margin longer than the lifetime would refresh before
    /// every request (and trip Zoho's 10 refreshes a minute).
    pub fn refresh_margin(&self, lifetime: Duration) -> Duration {
        (lifetime / 10).min(self.token_refresh_margin)
    }
}

/// Why a request is being retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trouble {
    /// 5xx, timeout, cut connection, unreadable 200 body.
    Transient,
    /// 429 TOO_MANY_REQUESTS (or its HTTP 200 twin), with Zoho's `Retry-After` if it sent one.
    Throttled { retry_after: Option<Duration> },
    /// 429 THRESHOLD_EXCEEDED: the daily credits are spent until `retry_after`.
    CreditsExhausted { retry_after: Duration },
    /// 401 INVALID_OAUTH: the token was revoked or expired early; a fresh one is used at once.
    Unauthorized,
}

/// What to do next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Wait this long, then try again.
    Wait(Duration),
    /// Stop: this many transient failures in a row.
    TooManyFailures(u32),
    /// Stop: 429s for this long, beyond the throttle budget.
    ThrottledTooLong(Duration),
    /// Stop: Zoho asked to wait longer than `max_retry_after` (sync-wide: nothing else can
    /// succeed before then either).
    RetryAfterTooLong(Duration),
    /// Stop: this many fresh tokens rejected for one request.
    TooManyUnauthorized(u32),
}

/// One request's retry bookkeeping under a [`Tuning`].
#[derive(Debug)]
pub struct Retries<'a> {
    tuning: &'a Tuning,
    failures: u32,
    throttles: u32,
    credit_waits: u32,
    unauthorized: u32,
    throttled_since: Option<Instant>,
}

impl<'a> Retries<'a> {
    pub fn new(tuning: &'a Tuning) -> Self {
        Retries {
            tuning,
            failures: 0,
            throttles: 0,
            credit_waits: 0,
            unauthorized: 0,
            throttled_since: None,
        }
    }

    /// Whether this request already went on with a fresh token after a 401.
    pub fn refreshed(&self) -> bool {
        self.unauthorized > 0
    }

    /// Decides after `trouble` happened at `now`.
    pub fn next(&mut self, trouble: Trouble, now: Instant) -> Verdict {
        let t = self.tuning;
        match trouble {
            Trouble::Transient => {
                self.failures += 1;
                if self.failures >= t.max_attempts {
                    Verdict::TooManyFailures(self.failures)
                } else {
                    Verdict::Wait(t.backoff(self.failures))
                }
            }
            Trouble::Throttled { retry_after } => {
                if let Some(wait) = retry_after.filter(|w| *w > t.max_retry_after) {
                    return Verdict::RetryAfterTooLong(wait);
                }
                self.throttles += 1;
                let since = *self.throttled_since.get_or_insert(now);
                let wait = retry_after.unwrap_or_else(|| t.backoff(self.throttles));
                let spent = now.saturating_duration_since(since);
                if spent + wait > t.throttle_budget {
                    Verdict::ThrottledTooLong(spent)
                } else {
                    Verdict::Wait(wait)
                }
            }
            Trouble::CreditsExhausted { retry_after } => {
                self.credit_waits += 1;
                if retry_after > t.max_retry_after || self.credit_waits >= t.max_attempts {
                    Verdict::RetryAfterTooLong(retry_after)
                } else {
                    Verdict::Wait(retry_after)
                }
            }
            Trouble::Unauthorized => {
                self.unauthorized += 1;
                if self.unauthorized > t.max_unauthorized {
                    Verdict::TooManyUnauthorized(self.unauthorized)
                } else {
                    Verdict::Wait(Duration::ZERO)
                }
            }
        }
    }
}

/// Whether a sync must stop to keep `reserve` of the portal's daily credits: Zoho reported
/// `remaining` after a call that cost `weight`, and up to `in_flight` more calls like it may
/// already be on their way. Stopping only once the reserve is crossed would overshoot it by
/// every call in flight. A reserve of 0 leaves the limit to Zoho (THRESHOLD_EXCEEDED).
pub fn below_reserve(remaining: i64, weight: u64, in_flight: usize, reserve: u32) -> bool {
    if reserve == 0 {
        return false;
    }
    let owed = weight.max(1).saturating_mul(in_flight.max(1) as u64);
    remaining < i64::from(reserve).saturating_add(i64::try_from(owed).unwrap_or(i64::MAX))
}

/// The next midnight UTC after `now_ms` (epoch ms): Zoho resets the daily credits at midnight
/// of the data center's time zone, which the API does not tell.
pub fn next_midnight_utc(now_ms: i64) -> i64 {
    (now_ms.div_euclid(86_400_000) + 1) * 86_400_000
}

/// Tries of a child list that answers 404 while its parent's by-id call shows the parent still
/// exists (a transient routing error, a replica behind); after them the stream fails loudly
/// rather than give the rows up.
pub const CHILD_404_ATTEMPTS: u32 = 3;

#[cfg(test)]
mod tests {
    use super::*;

    fn fast() -> Tuning {
        Tuning {
            backoff_base: Duration::from_millis(100),
            backoff_cap: Duration::from_millis(1000),
            ..Tuning::default()
        }
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let t = fast();
        for attempt in 1..20 {
            let d = t.backoff(attempt);
            assert!(d >= Duration::from_millis(50), "{d:?}");
            assert!(d <= Duration::from_millis(1000), "{d:?}");
        }
        // attempt 1 never exceeds the base itself
        assert!(t.backoff(1) <= Duration::from_millis(100));
    }

    #[test]
    fn transient_failures_are_bounded_by_count() {
        let t = fast();
        let mut r = Retries::new(&t);
        let now = Instant::now();
        for _ in 1..t.max_attempts {
            assert!(matches!(r.next(Trouble::Transient, now), Verdict::Wait(_)));
        }
        assert_eq!(
            r.next(Trouble::Transient, now),
            Verdict::TooManyFailures(t.max_attempts)
        );
    }

    /// A 30-second storm of 429s (hundreds of answers) is sat out; the budget, not a count,
    /// ends a storm that does not clear.
    #[test]
    fn throttling_is_bounded_by_elapsed_time_not_by_count() {
        let t = fast();
        let mut r = Retries::new(&t);
        let start = Instant::now();
        let mut now = start;
        let mut answers = 0;
        while now.duration_since(start) < Duration::from_secs(30) {
            match r.next(Trouble::Throttled { retry_after: None }, now) {
                Verdict::Wait(w) => now += w,
                other => panic!("gave up after {answers} answers: {other:?}"),
            }
            answers += 1;
        }
        assert!(answers > 30, "{answers}");
        let later = start + t.throttle_budget;
        assert!(matches!(
            r.next(Trouble::Throttled { retry_after: None }, later),
            Verdict::ThrottledTooLong(_)
        ));
    }

    #[test]
    fn retry_after_is_honoured_up_to_the_cap_on_every_429() {
        let t = fast();
        let now = Instant::now();
        let short = Duration::from_secs(5);
        let day = Duration::from_secs(86_400);
        let mut r = Retries::new(&t);
        assert_eq!(
            r.next(
                Trouble::Throttled {
                    retry_after: Some(short)
                },
                now
            ),
            Verdict::Wait(short)
        );
        assert_eq!(
            r.next(
                Trouble::Throttled {
                    retry_after: Some(day)
                },
                now
            ),
            Verdict::RetryAfterTooLong(day)
        );
        let mut r = Retries::new(&t);
        assert_eq!(
            r.next(Trouble::CreditsExhausted { retry_after: short }, now),
            Verdict::Wait(short)
        );
        assert_eq!(
            r.next(Trouble::CreditsExhausted { retry_after: day }, now),
            Verdict::RetryAfterTooLong(day)
        );
    }

    #[test]
    fn unauthorized_retries_at_once_and_is_bounded() {
        let t = fast();
        let mut r = Retries::new(&t);
        let now = Instant::now();
        for _ in 0..t.max_unauthorized {
            assert_eq!(
                r.next(Trouble::Unauthorized, now),
                Verdict::Wait(Duration::ZERO)
            );
        }
        assert_eq!(
            r.next(Trouble::Unauthorized, now),
            Verdict::TooManyUnauthorized(t.max_unauthorized + 1)
        );
    }

    #[test]
    fn the_reserve_counts_what_the_calls_in_flight_may_cost() {
        assert!(!below_reserve(1100, 3, 4, 1000));
        assert!(
            below_reserve(1011, 3, 4, 1000),
            "four calls of 3 may still land"
        );
        assert!(below_reserve(999, 0, 1, 1000));
        assert!(!below_reserve(0, 3, 25, 0), "0 leaves the limit to Zoho");
        assert_eq!(next_midnight_utc(86_400_000 + 5), 2 * 86_400_000);
        assert_eq!(next_midnight_utc(86_400_000), 2 * 86_400_000);
    }

    #[test]
    fn refresh_margin_scales_with_the_token_lifetime() {
        let t = Tuning::default();
        assert_eq!(
            t.refresh_margin(Duration::from_secs(3600)),
            Duration::from_secs(120)
        );
        assert_eq!(
            t.refresh_margin(Duration::from_secs(30)),
            Duration::from_secs(3)
        );
        assert_eq!(t.refresh_margin(Duration::ZERO), Duration::ZERO);
    }
}
