//! The Zoho Desk HTTP client: every API call of the connector goes through [`Client::get`].
//!
//! It owns the deliberate handling of every answer (zoho-desk-api.md §5):
//! - 2xx: 204 (or an empty body) is an empty page; bodies are handed back unparsed.
//! - 401 INVALID_OAUTH: refresh the token once and repeat; a second 401 is an auth error.
//! - 403 SCOPE_MISMATCH / FORBIDDEN / LICENSE_ACCESS_LIMITED: the stream cannot be read.
//! - 401/403 OAUTH_ORG_MISMATCH: wrong organization id (config error).
//! - 429 TOO_MANY_REQUESTS: too many calls in flight; lower our concurrency, back off, repeat.
//! - 429 THRESHOLD_EXCEEDED: daily credits spent; sit out `Retry-After` (reporting RATE_LIMITED)
//!   when it is short, otherwise stop with a resumable state.
//! - 5xx, timeouts, cut connections: exponential backoff with jitter, bounded attempts.
//! - any other status: not retried; the error names the request and Zoho's errorCode.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use bytes::Bytes;
use serde::Deserialize;
use tokio::sync::{Semaphore, SemaphorePermit};

use crate::auth::{Auth, Unauthorized, describe_reqwest};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::protocol::{Emitter, StreamStatus, now_ms};
use crate::redact::Redactor;
use crate::tuning::Tuning;

/// 401s one request may answer with a token refresh (each on a token that had worked, or one of
/// the few fresh ones `Auth` tolerates) before it fails.
const MAX_UNAUTHORIZED: u32 = 4;

/// One GET against the Desk API.
pub struct Request<'a> {
    /// Path below `/api/v1`, starting with `/` (ids already filled in).
    pub path: &'a str,
    pub query: &'a [(&'a str, String)],
    /// Send the `orgId` header (every endpoint but `/organizations`; zoho-desk-api.md §2.1).
    pub org: bool,
    /// The stream this call serves, for RATE_LIMITED statuses and messages.
    pub stream: Option<&'a str>,
}

impl Request<'_> {
    fn describe(&self) -> String {
        format!("GET /api/v1{}", self.path)
    }
}

/// Counters for the end-of-sync summary.
#[derive(Default)]
pub struct ClientStats {
    pub requests: AtomicU64,
    pub retries: AtomicU64,
    pub throttled: AtomicU64,
    /// Lowest `X-Rate-Limit-Remaining-v3` seen (-1 = never reported).
    pub credits_remaining: AtomicI64,
}

pub struct Client {
    http: reqwest::Client,
    base: String,
    org_id: String,
    pub auth: Auth,
    pub limiter: Limiter,
    tuning: Tuning,
    emitter: Emitter,
    redactor: Redactor,
    pub stats: ClientStats,
}

#[derive(Deserialize, Default)]
struct ZohoErrorBody {
    #[serde(rename = "errorCode")]
    error_code: Option<String>,
    message: Option<String>,
}

impl Client {
    pub fn new(config: &Config, emitter: Emitter, tuning: Tuning) -> Result<Arc<Self>> {
        let redactor = emitter.redactor().clone();
        let auth = Auth::new(config, redactor.clone(), tuning.clone())?;
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(15))
            .timeout(tuning.request_timeout)
            .pool_idle_timeout(Duration::from_secs(60))
            .user_agent(concat!("source-zoho-desk/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?;
        Ok(Arc::new(Client {
            http,
            base: config.api_base(),
            org_id: config.organization_id.clone(),
            auth,
            limiter: Limiter::new(config.max_concurrent_requests as usize),
            tuning,
            emitter,
            redactor,
            stats: ClientStats {
                credits_remaining: AtomicI64::new(-1),
                ..Default::default()
            },
        }))
    }

    /// GET with the full retry policy. `Ok(None)` is an empty page (HTTP 204 or empty body).
    pub async fn get(&self, req: &Request<'_>) -> Result<Option<Bytes>> {
        let url = format!("{}{}", self.base, req.path);
        let mut attempt = 0u32;
        let mut throttle_attempt = 0u32;
        let mut unauthorized = 0u32;
        loop {
            let lease = self.auth.token().await?;
            let permit = self.limiter.acquire().await;
            self.stats.requests.fetch_add(1, Ordering::Relaxed);
            let mut builder = self
                .http
                .get(&url)
                .query(req.query)
                .header("Authorization", format!("Zoho-oauthtoken {}", lease.access));
            if req.org {
                builder = builder.header("orgId", &self.org_id);
            }
            let sent = builder.send().await;
            let (status, headers, body) = match sent {
                Ok(resp) => {
                    let status = resp.status().as_u16();
                    let headers = resp.headers().clone();
                    match resp.bytes().await {
                        Ok(b) => (status, headers, b),
                        Err(e) => {
                            drop(permit);
                            self.transient_wait(req, &mut attempt, describe_reqwest(&e))
                                .await?;
                            continue;
                        }
                    }
                }
                Err(e) => {
                    drop(permit);
                    self.transient_wait(req, &mut attempt, describe_reqwest(&e))
                        .await?;
                    continue;
                }
            };
            drop(permit);
            self.note_credits(&headers);
            if (200..300).contains(&status) {
                self.limiter.success();
                self.auth.accepted(lease.generation).await;
                if status == 204 || body.is_empty() {
                    return Ok(None);
                }
                return Ok(Some(body));
            }
            let err: ZohoErrorBody = serde_json::from_slice(&body).unwrap_or_default();
            let code = err.error_code.clone();
            let zoho_msg = err.message.clone().unwrap_or_default();
            match (status, code.as_deref()) {
                (401, Some("INVALID_OAUTH") | None) if unauthorized < MAX_UNAUTHORIZED => {
                    // The token expired early or was revoked: one refresh, then repeat.
                    unauthorized += 1;
                    match self.auth.rejected(lease.generation, &req.describe()).await {
                        Unauthorized::Retry => tracing::info!(
                            "Zoho answered 401 INVALID_OAUTH for {}; refreshing the access token",
                            req.describe()
                        ),
                        Unauthorized::GiveUp(reason) => return Err(Error::Auth(reason)),
                    }
                }
                (429, Some("THRESHOLD_EXCEEDED")) => {
                    let secs = retry_after(&headers).unwrap_or(3600);
                    if Duration::from_secs(secs) > self.tuning.max_credit_wait {
                        return Err(Error::CreditsExhausted {
                            retry_after_secs: secs,
                        });
                    }
                    self.stats.throttled.fetch_add(1, Ordering::Relaxed);
                    tracing::warn!(
                        "Zoho's daily API credits are exhausted (THRESHOLD_EXCEEDED); waiting {secs} s as Retry-After asks"
                    );
                    if let Some(stream) = req.stream {
                        let reset = now_ms() + (secs as i64) * 1000;
                        let _ = self.emitter.stream_status(
                            stream,
                            StreamStatus::Running,
                            Some(Some(reset)),
                        );
                    }
                    tokio::time::sleep(Duration::from_secs(secs)).await;
                }
                (429, _) => {
                    // TOO_MANY_REQUESTS: the portal's concurrency limit (shared with every other
                    // integration) is reached. Fewer requests in flight, then try again.
                    self.stats.throttled.fetch_add(1, Ordering::Relaxed);
                    self.limiter.throttled();
                    throttle_attempt += 1;
                    if throttle_attempt >= self.tuning.max_throttle_attempts {
                        return Err(Error::Http {
                            status,
                            code,
                            message: format!(
                                "Zoho kept answering 429 TOO_MANY_REQUESTS for {} after {throttle_attempt} tries: \
                                 other integrations may be using the portal's concurrent-call allowance. \
                                 Lower max_concurrent_requests or run the sync at a quieter time",
                                req.describe()
                            ),
                            request: req.describe(),
                            transient: true,
                        });
                    }
                    let wait = retry_after(&headers)
                        .map(Duration::from_secs)
                        .unwrap_or_else(|| self.tuning.backoff(throttle_attempt));
                    tracing::debug!(
                        "429 TOO_MANY_REQUESTS on {}; concurrency now {}, retrying in {} ms",
                        req.describe(),
                        self.limiter.current(),
                        wait.as_millis()
                    );
                    tokio::time::sleep(wait).await;
                }
                (500..=599, _) => {
                    let what = format!(
                        "HTTP {status}{}",
                        code.as_deref().map(|c| format!(" {c}")).unwrap_or_default()
                    );
                    self.transient_wait(req, &mut attempt, what).await?;
                }
                _ => {
                    return Err(self.classify(
                        req,
                        status,
                        code,
                        zoho_msg,
                        &body,
                        unauthorized > 0,
                    ));
                }
            }
        }
    }

    /// Sleeps before another attempt after a transient failure, or gives up after the last.
    async fn transient_wait(
        &self,
        req: &Request<'_>,
        attempt: &mut u32,
        what: String,
    ) -> Result<()> {
        *attempt += 1;
        let what = self.redactor.redact(&what);
        if *attempt >= self.tuning.max_attempts {
            return Err(Error::Http {
                status: 0,
                code: None,
                message: format!(
                    "{} failed {} times in a row (last: {what}). Zoho Desk may be having an outage; \
                     the next sync resumes from the last saved state",
                    req.describe(),
                    *attempt
                ),
                request: req.describe(),
                transient: true,
            });
        }
        self.stats.retries.fetch_add(1, Ordering::Relaxed);
        let wait = self.tuning.backoff(*attempt);
        tracing::info!(
            "{} failed ({what}); retry {} in {} ms",
            req.describe(),
            *attempt,
            wait.as_millis()
        );
        tokio::time::sleep(wait).await;
        Ok(())
    }

    /// Turns a non-retryable answer into an error that says what happened and what to do.
    fn classify(
        &self,
        req: &Request<'_>,
        status: u16,
        code: Option<String>,
        zoho_msg: String,
        body: &[u8],
        refreshed: bool,
    ) -> Error {
        classify_error(req, status, code, zoho_msg, body, refreshed, &self.org_id)
    }

    fn note_credits(&self, headers: &reqwest::header::HeaderMap) {
        if let Some(left) = headers
            .get("X-Rate-Limit-Remaining-v3")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<i64>().ok())
        {
            let prev = self.stats.credits_remaining.load(Ordering::Relaxed);
            if prev < 0 || left < prev {
                self.stats.credits_remaining.store(left, Ordering::Relaxed);
            }
        }
    }
}

/// Maps a Zoho error answer (zoho-desk-api.md §5.2 errorCode table) to our error.
pub fn classify_error(
    req: &Request<'_>,
    status: u16,
    code: Option<String>,
    zoho_msg: String,
    body: &[u8],
    refreshed: bool,
    org_id: &str,
) -> Error {
    let what = req.describe();
    let code_text = code.clone().unwrap_or_else(|| format!("HTTP {status}"));
    let zoho_part = if zoho_msg.is_empty() {
        String::new()
    } else {
        format!(": {zoho_msg}")
    };
    match code.as_deref() {
        Some("OAUTH_ORG_MISMATCH") => {
            return Error::Config(format!(
                "The Organization ID {org_id} is not the Zoho Desk portal this token was authorized \
                 for (OAUTH_ORG_MISMATCH{zoho_part}). Use the OrgId shown in Zoho Desk under Setup > \
                 Developer Space > API for the portal you authorized, or re-authorize on that portal"
            ));
        }
        Some("SCOPE_MISMATCH" | "FORBIDDEN" | "LICENSE_ACCESS_LIMITED") => {
            return Error::Forbidden {
                code: code_text,
                message: zoho_msg,
            };
        }
        _ => {}
    }
    match status {
        401 => Error::Auth(if refreshed {
            format!(
                "Zoho Desk rejected a freshly refreshed access token for {what} ({code_text}{zoho_part}). \
                 Tokens only work on the data center they were minted on: check Data Center, then \
                 re-authorize the connector"
            )
        } else {
            format!(
                "Zoho Desk rejected the access token for {what} ({code_text}{zoho_part}). Re-authorize the connector"
            )
        }),
        403 => Error::Forbidden {
            code: code_text,
            message: zoho_msg,
        },
        404 if code.is_none() => Error::Http {
            status,
            code,
            message: format!(
                "Zoho Desk answered 404 without an error code for {what}: the Desk host is probably \
                 wrong. Check Data Center (and desk_url, if set){}",
                if body.starts_with(b"<") {
                    " (the answer was an HTML page)"
                } else {
                    ""
                }
            ),
            request: what,
            transient: false,
        },
        _ => Error::Http {
            status,
            code,
            message: format!(
                "Zoho Desk refused {what} with HTTP {status} ({code_text}{zoho_part})"
            ),
            request: what,
            transient: false,
        },
    }
}

fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<u64> {
    headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// One global, adaptive limit on requests in flight (AIMD): halved on every 429
/// TOO_MANY_REQUESTS, raised by one after a run of successes, never above the configured
/// maximum. Shrinking is done by "debt": permits returned while in debt are forgotten.
pub struct Limiter {
    sem: Semaphore,
    max: usize,
    limit: AtomicUsize,
    debt: AtomicUsize,
    streak: AtomicUsize,
    lowest: AtomicUsize,
}

pub struct Permit<'a> {
    permit: Option<SemaphorePermit<'a>>,
    limiter: &'a Limiter,
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        if let Some(p) = self.permit.take() {
            let paid = self
                .limiter
                .debt
                .fetch_update(Ordering::AcqRel, Ordering::Acquire, |d| d.checked_sub(1))
                .is_ok();
            if paid {
                p.forget();
            }
        }
    }
}

impl Limiter {
    pub fn new(max: usize) -> Self {
        let max = max.max(1);
        Limiter {
            sem: Semaphore::new(max),
            max,
            limit: AtomicUsize::new(max),
            debt: AtomicUsize::new(0),
            streak: AtomicUsize::new(0),
            lowest: AtomicUsize::new(max),
        }
    }

    pub async fn acquire(&self) -> Permit<'_> {
        // The semaphore is never closed, so acquire cannot fail; None would only mean "no limit".
        Permit {
            permit: self.sem.acquire().await.ok(),
            limiter: self,
        }
    }

    pub fn current(&self) -> usize {
        self.limit.load(Ordering::Acquire)
    }

    pub fn lowest(&self) -> usize {
        self.lowest.load(Ordering::Acquire)
    }

    pub fn throttled(&self) {
        self.streak.store(0, Ordering::Release);
        let mut cur = self.limit.load(Ordering::Acquire);
        loop {
            let new = (cur / 2).max(1);
            if new == cur {
                return;
            }
            match self
                .limit
                .compare_exchange(cur, new, Ordering::AcqRel, Ordering::Acquire)
            {
                Ok(_) => {
                    let cut = cur - new;
                    // Take idle permits now; the rest are taken as in-flight requests finish.
                    let taken = self.sem.forget_permits(cut);
                    self.debt.fetch_add(cut - taken, Ordering::AcqRel);
                    self.lowest.fetch_min(new, Ordering::AcqRel);
                    return;
                }
                Err(actual) => cur = actual,
            }
        }
    }

    pub fn success(&self) {
        let cur = self.limit.load(Ordering::Acquire);
        if cur >= self.max {
            return;
        }
        // Additive increase: one more slot after `2 × limit` clean answers in a row.
        let streak = self.streak.fetch_add(1, Ordering::AcqRel) + 1;
        if streak < 2 * cur {
            return;
        }
        if self
            .limit
            .compare_exchange(cur, cur + 1, Ordering::AcqRel, Ordering::Acquire)
            .is_ok()
        {
            self.streak.store(0, Ordering::Release);
            let cancelled = self
                .debt
                .fetch_update(Ordering::AcqRel, Ordering::Acquire, |d| d.checked_sub(1))
                .is_ok();
            if !cancelled {
                self.sem.add_permits(1);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn limiter_halves_on_throttle_and_recovers() {
        let l = Limiter::new(8);
        let held: Vec<_> = futures_hold(&l, 8).await;
        l.throttled();
        assert_eq!(l.current(), 4);
        drop(held);
        // After the in-flight permits come back, only 4 are available.
        assert_eq!(l.sem.available_permits(), 4);
        l.throttled();
        l.throttled();
        l.throttled();
        assert_eq!(l.current(), 1);
        assert_eq!(l.sem.available_permits(), 1);
        assert_eq!(l.lowest(), 1);
        for _ in 0..200 {
            l.success();
        }
        assert!(l.current() > 1);
        assert_eq!(l.sem.available_permits(), l.current());
        for _ in 0..10_000 {
            l.success();
        }
        assert_eq!(l.current(), 8);
        assert_eq!(l.sem.available_permits(), 8);
    }

    async fn futures_hold(l: &Limiter, n: usize) -> Vec<Permit<'_>> {
        let mut v = Vec::new();
        for _ in 0..n {
            v.push(l.acquire().await);
        }
        v
    }

    fn req() -> Request<'static> {
        Request {
            path: "/tickets",
            query: &[],
            org: true,
            stream: Some("tickets"),
        }
    }

    #[test]
    fn error_codes_map_to_deliberate_errors() {
        let e = classify_error(
            &req(),
            403,
            Some("SCOPE_MISMATCH".into()),
            "x".into(),
            b"",
            false,
            "1",
        );
        assert!(matches!(e, Error::Forbidden { .. }));
        let e = classify_error(
            &req(),
            401,
            Some("OAUTH_ORG_MISMATCH".into()),
            String::new(),
            b"",
            false,
            "42",
        );
        assert!(matches!(&e, Error::Config(m) if m.contains("42")));
        let e = classify_error(
            &req(),
            401,
            Some("INVALID_OAUTH".into()),
            String::new(),
            b"",
            true,
            "1",
        );
        assert!(matches!(&e, Error::Auth(m) if m.contains("Data Center")));
        let e = classify_error(&req(), 404, None, String::new(), b"<html>", false, "1");
        assert!(matches!(&e, Error::Http { message, .. } if message.contains("Desk host")));
        let e = classify_error(
            &req(),
            422,
            Some("UNPROCESSABLE_ENTITY".into()),
            "Extra query parameter 'x'".into(),
            b"",
            false,
            "1",
        );
        assert!(
            matches!(&e, Error::Http { transient: false, message, .. } if message.contains("Extra query parameter"))
        );
        assert_eq!(e.failure_type(), crate::protocol::FailureType::SystemError);
    }
}
