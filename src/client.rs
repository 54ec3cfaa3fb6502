//! The Zoho Desk HTTP client: every API call of the connector goes through [`Client::get`],
//! which turns every answer into a page (`Ok`) or a typed [`Error`]. How often and how long it
//! retries is decided by the one policy, [`crate::tuning::Retries`].
//!
//! It owns the deliberate handling of every answer (zoho-desk-api.md §5):
//! - 2xx: 204 (or an empty body) is an empty page. Any other 2xx body is checked once, by a
//!   pass over its top-level keys: an `errorCode` there (Zoho sometimes answers errors with HTTP
//!   200) is handled as the status it stands for, so an error body never becomes a record; a
//!   body that is not JSON (an HTML page, a cut answer) is retried like a 5xx.
//! - 401 INVALID_OAUTH: refresh the token and repeat (bounded); a burst that does not clear is
//!   transient, a setup whose tokens never worked is a config error (see `Auth::rejected`).
//! - 403 SCOPE_MISMATCH / FORBIDDEN / LICENSE_ACCESS_LIMITED: the stream cannot be read.
//! - 401/403 OAUTH_ORG_MISMATCH: wrong organization id (config error).
//! - 429 TOO_MANY_REQUESTS: too many calls in flight; lower our concurrency, back off, repeat
//!   for as long as the throttle budget allows.
//! - 429 THRESHOLD_EXCEEDED: daily credits spent; sit out `Retry-After` (reporting RATE_LIMITED).
//! - Any 429 whose `Retry-After` exceeds the cap stops the whole sync (every later call fails
//!   at once) with a transient error; the saved state resumes it.
//! - 5xx, timeouts, cut connections: exponential backoff with jitter, bounded attempts.
//! - A body over the size cap fails the request, naming it.
//! - any other status, or an errorCode we do not know: not retried; the error names the request
//!   and Zoho's errorCode.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};
use serde::Deserialize;
use serde::de::{IgnoredAny, MapAccess, SeqAccess, Visitor};
use tokio::sync::{Semaphore, SemaphorePermit};

use crate::auth::{Auth, Unauthorized, describe_reqwest};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::protocol::{Emitter, StreamStatus, now_ms};
use crate::redact::Redactor;
use crate::tuning::{Retries, Trouble, Tuning, Verdict};

/// Seconds of `Retry-After` assumed when THRESHOLD_EXCEEDED comes without one.
const DEFAULT_CREDIT_RESET_SECS: u64 = 3600;

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
    /// Credits spent per stream (`X-Rate-Limit-Request-Weight-v3` of each answer).
    pub credits_by_stream: std::sync::Mutex<std::collections::BTreeMap<String, u64>>,
}

impl ClientStats {
    /// `stream: credits` for every stream that spent any, by name.
    pub fn credits_spent(&self) -> Vec<(String, u64)> {
        let map = self
            .credits_by_stream
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        map.iter().map(|(k, v)| (k.clone(), *v)).collect()
    }
}

/// Why the sync stopped making requests.
#[derive(Clone)]
enum Halt {
    /// Zoho asked for a wait beyond the cap.
    Wait {
        code: String,
        request: String,
        retry_after_secs: u64,
    },
    /// Zoho reported fewer credits left than the configured reserve.
    Reserve { remaining: i64 },
}

pub struct Client {
    http: reqwest::Client,
    base: String,
    org_id: String,
    pub auth: Auth,
    pub limiter: Limiter,
    tuning: Tuning,
    /// `api_credit_reserve`: credits the sync leaves for the portal's other integrations.
    reserve: u32,
    emitter: Emitter,
    redactor: Redactor,
    pub stats: ClientStats,
    halt: std::sync::Mutex<Option<Halt>>,
}

#[derive(Deserialize, Default)]
struct ZohoErrorBody {
    #[serde(rename = "errorCode")]
    error_code: Option<String>,
    message: Option<String>,
}

/// What a 2xx body says about itself.
#[derive(Debug, PartialEq)]
enum BodyCheck {
    Fine,
    /// A Zoho error object (`errorCode` at the top level).
    ZohoError {
        code: String,
        message: String,
    },
    /// Not JSON: an HTML page, a cut answer.
    Unreadable(String),
}

/// One pass over a body's top-level keys (values skipped with `IgnoredAny`, nothing built):
/// finds an `errorCode` and proves the JSON is complete.
fn inspect_body(body: &[u8]) -> BodyCheck {
    struct Top;
    impl<'de> Visitor<'de> for Top {
        type Value = Option<(String, String)>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a JSON value")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let (mut code, mut message) = (None, None);
            while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                match key.as_ref() {
                    "errorCode" => code = map.next_value::<Option<serde_json::Value>>()?,
                    "message" => message = map.next_value::<Option<serde_json::Value>>()?,
                    _ => {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
            }
            let text = |v: serde_json::Value| match v {
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            };
            Ok(code.map(|c| (text(c), message.map(text).unwrap_or_default())))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok(None)
        }
        fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    let found = serde::Deserializer::deserialize_any(&mut de, Top).and_then(|f| {
        de.end()?;
        Ok(f)
    });
    match found {
        Ok(None) => BodyCheck::Fine,
        Ok(Some((code, message))) => BodyCheck::ZohoError { code, message },
        Err(e) => {
            let snippet: String = String::from_utf8_lossy(&body[..body.len().min(60)])
                .chars()
                .filter(|c| !c.is_control())
                .collect();
            BodyCheck::Unreadable(format!("{e}; it starts with `{snippet}`"))
        }
    }
}

/// The HTTP status a Zoho errorCode stands for, when it arrives in an HTTP 200 answer.
fn equivalent_status(code: &str) -> Option<u16> {
    Some(match code {
        "INTERNAL_SERVER_ERROR" => 500,
        "TOO_MANY_REQUESTS" | "THRESHOLD_EXCEEDED" => 429,
        "INVALID_OAUTH" | "OAUTH_ORG_MISMATCH" => 401,
        "SCOPE_MISMATCH" | "FORBIDDEN" | "LICENSE_ACCESS_LIMITED" => 403,
        "URL_NOT_FOUND" => 404,
        "UNPROCESSABLE_ENTITY" | "INVALID_DATA" => 422,
        _ => return None,
    })
}

/// A response body could not be read whole.
enum BodyError {
    /// The connection broke mid-body: retried.
    Cut(String),
    /// Over the size cap: not retried.
    TooLarge(Error),
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
            reserve: config.api_credit_reserve,
            emitter,
            redactor,
            stats: ClientStats {
                credits_remaining: AtomicI64::new(-1),
                ..Default::default()
            },
            halt: std::sync::Mutex::new(None),
        }))
    }

    /// GET with the full retry policy. `Ok(None)` is an empty page (HTTP 204 or empty body).
    pub async fn get(&self, req: &Request<'_>) -> Result<Option<Bytes>> {
        let url = format!("{}{}", self.base, req.path);
        let mut retries = Retries::new(&self.tuning);
        loop {
            self.halted()?;
            // The token is taken once a slot is free: one taken before waiting in the queue
            // could be revoked or expire while other requests run.
            let permit = self.limiter.acquire().await;
            let lease = self.auth.token().await?;
            let ticket = permit.ticket();
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
                    match self.read_body(resp, req).await {
                        Ok(b) => (status, headers, b),
                        Err(BodyError::TooLarge(e)) => return Err(e),
                        Err(BodyError::Cut(what)) => {
                            drop(permit);
                            self.pause(req, &mut retries, Trouble::Transient, what)
                                .await?;
                            continue;
                        }
                    }
                }
                Err(e) => {
                    drop(permit);
                    self.pause(req, &mut retries, Trouble::Transient, describe_reqwest(&e))
                        .await?;
                    continue;
                }
            };
            drop(permit);
            self.note_credits(&headers, req);
            let (status, code, zoho_msg) = if (200..300).contains(&status) {
                if status == 204 || body.is_empty() {
                    self.accepted(&lease, ticket).await;
                    return Ok(None);
                }
                match inspect_body(&body) {
                    BodyCheck::Fine => {
                        self.accepted(&lease, ticket).await;
                        return Ok(Some(body));
                    }
                    BodyCheck::Unreadable(why) => {
                        let what = format!("HTTP {status} with a body that is not JSON: {why}");
                        self.pause(req, &mut retries, Trouble::Transient, what)
                            .await?;
                        continue;
                    }
                    BodyCheck::ZohoError { code, message } => {
                        tracing::warn!(
                            "Zoho answered {} with HTTP {status} and error code {code}; handled as that error",
                            req.describe()
                        );
                        (
                            equivalent_status(&code).unwrap_or(status),
                            Some(code),
                            message,
                        )
                    }
                }
            } else {
                let err: ZohoErrorBody = serde_json::from_slice(&body).unwrap_or_default();
                (status, err.error_code, err.message.unwrap_or_default())
            };
            match (status, code.as_deref()) {
                (401, Some("INVALID_OAUTH") | None) => {
                    // The token expired early or was revoked: refresh, then repeat.
                    match self.auth.rejected(lease.generation, &req.describe()).await {
                        Unauthorized::Retry => tracing::info!(
                            "Zoho answered 401 INVALID_OAUTH for {}; refreshing the access token",
                            req.describe()
                        ),
                        Unauthorized::GiveUp(reason) => return Err(Error::Auth(reason)),
                    }
                    self.pause(req, &mut retries, Trouble::Unauthorized, String::new())
                        .await?;
                }
                (429, Some("THRESHOLD_EXCEEDED")) => {
                    let secs = retry_after(&headers).unwrap_or(DEFAULT_CREDIT_RESET_SECS);
                    let trouble = Trouble::CreditsExhausted {
                        retry_after: Duration::from_secs(secs),
                    };
                    if let Some(stream) = req.stream
                        && Duration::from_secs(secs) <= self.tuning.max_retry_after
                    {
                        let reset = now_ms() + (secs as i64) * 1000;
                        let _ = self.emitter.stream_status(
                            stream,
                            StreamStatus::Running,
                            Some(Some(reset)),
                        );
                    }
                    self.stats.throttled.fetch_add(1, Ordering::Relaxed);
                    self.pause(req, &mut retries, trouble, "THRESHOLD_EXCEEDED".into())
                        .await?;
                }
                (429, code) => {
                    // TOO_MANY_REQUESTS: the portal's concurrency limit (shared with every other
                    // integration) is reached. Fewer requests in flight, then try again.
                    self.stats.throttled.fetch_add(1, Ordering::Relaxed);
                    self.limiter.throttled(ticket);
                    let trouble = Trouble::Throttled {
                        retry_after: retry_after(&headers).map(Duration::from_secs),
                    };
                    let what = code.unwrap_or("TOO_MANY_REQUESTS").to_string();
                    self.pause(req, &mut retries, trouble, what).await?;
                }
                (500..=599, _) => {
                    let what = format!(
                        "HTTP {status}{}",
                        code.as_deref().map(|c| format!(" {c}")).unwrap_or_default()
                    );
                    self.pause(req, &mut retries, Trouble::Transient, what)
                        .await?;
                }
                (200..=299, Some(code)) => {
                    return Err(Error::Http {
                        status,
                        code: Some(code.to_string()),
                        message: format!(
                            "Zoho Desk answered {} with HTTP {status} but an error body (errorCode \
                             {code}{}); the answer was not used as data",
                            req.describe(),
                            if zoho_msg.is_empty() {
                                String::new()
                            } else {
                                format!(": {zoho_msg}")
                            }
                        ),
                        request: req.describe(),
                        transient: false,
                    });
                }
                _ => {
                    return Err(self.classify(
                        req,
                        status,
                        code,
                        zoho_msg,
                        &body,
                        retries.refreshed(),
                    ));
                }
            }
        }
    }

    async fn accepted(&self, lease: &crate::auth::Lease, ticket: Ticket) {
        self.limiter.success(ticket);
        self.auth.accepted(lease.generation).await;
    }

    /// Reads a body whole, refusing one over the size cap (Content-Length first, then as it
    /// streams in).
    async fn read_body(
        &self,
        mut resp: reqwest::Response,
        req: &Request<'_>,
    ) -> std::result::Result<Bytes, BodyError> {
        let cap = self.tuning.max_body_bytes;
        let too_large = || {
            BodyError::TooLarge(Error::Decode {
                request: req.describe(),
                message: format!(
                    "the answer is larger than {cap} bytes ({:.1} MiB), the most the connector \
                     accepts in one response; lower page_size, or check that desk_url points at \
                     Zoho Desk",
                    cap as f64 / f64::from(1u32 << 20)
                ),
            })
        };
        if resp.content_length().is_some_and(|n| n > cap as u64) {
            return Err(too_large());
        }
        let mut buf = BytesMut::new();
        loop {
            match resp.chunk().await {
                Ok(Some(chunk)) => {
                    if buf.len() + chunk.len() > cap {
                        return Err(too_large());
                    }
                    buf.extend_from_slice(&chunk);
                }
                Ok(None) => return Ok(buf.freeze()),
                Err(e) => return Err(BodyError::Cut(describe_reqwest(&e))),
            }
        }
    }

    /// Fails at once once the sync has been halted by a Retry-After beyond the cap.
    fn halted(&self) -> Result<()> {
        let halt = self.halt.lock().unwrap_or_else(|p| p.into_inner()).clone();
        match halt {
            None => Ok(()),
            Some(h) => Err(self.halt_error(h)),
        }
    }

    fn halt_error(&self, h: Halt) -> Error {
        match h {
            Halt::Reserve { remaining } => Error::CreditReserve {
                remaining,
                reserve: self.reserve,
                reset: crate::timefmt::format_zoho(crate::tuning::next_midnight_utc(now_ms())),
            },
            Halt::Wait {
                code,
                retry_after_secs,
                ..
            } if code == "THRESHOLD_EXCEEDED" => Error::CreditsExhausted { retry_after_secs },
            Halt::Wait {
                code,
                request,
                retry_after_secs,
            } => Error::RetryLater {
                code,
                request,
                retry_after_secs,
                cap_secs: self.tuning.max_retry_after.as_secs(),
            },
        }
    }

    /// Asks the policy what to do after `trouble`; sleeps before another attempt, or returns
    /// the error that ends the request.
    async fn pause(
        &self,
        req: &Request<'_>,
        retries: &mut Retries<'_>,
        trouble: Trouble,
        what: String,
    ) -> Result<()> {
        let what = self.redactor.redact(&what);
        let transient = |message: String| Error::Http {
            status: 0,
            code: None,
            message,
            request: req.describe(),
            transient: true,
        };
        match retries.next(trouble, Instant::now()) {
            Verdict::Wait(wait) => {
                if trouble != Trouble::Unauthorized {
                    self.stats.retries.fetch_add(1, Ordering::Relaxed);
                }
                match trouble {
                    Trouble::Transient => tracing::info!(
                        "{} failed ({what}); retrying in {} ms",
                        req.describe(),
                        wait.as_millis()
                    ),
                    Trouble::CreditsExhausted { .. } => tracing::warn!(
                        "Zoho's daily API credits are exhausted (THRESHOLD_EXCEEDED); waiting {} s as Retry-After asks",
                        wait.as_secs()
                    ),
                    Trouble::Throttled { .. } => tracing::debug!(
                        "429 {what} on {}; concurrency now {}, retrying in {} ms",
                        req.describe(),
                        self.limiter.current(),
                        wait.as_millis()
                    ),
                    Trouble::Unauthorized => {}
                }
                if !wait.is_zero() {
                    tokio::time::sleep(wait).await;
                }
                Ok(())
            }
            Verdict::TooManyFailures(n) => Err(transient(format!(
                "{} failed {n} times in a row (last: {what}). Zoho Desk may be having an outage; \
                 the next sync resumes from the last saved state",
                req.describe()
            ))),
            Verdict::ThrottledTooLong(spent) => Err(Error::Http {
                status: 429,
                code: Some("TOO_MANY_REQUESTS".into()),
                message: format!(
                    "Zoho kept answering 429 TOO_MANY_REQUESTS for {} for {} s, longer than the \
                     connector's throttle budget ({} s): other integrations may be using the \
                     portal's concurrent-call allowance. Lower max_concurrent_requests or run the \
                     sync at a quieter time; the next sync resumes from the last saved state",
                    req.describe(),
                    spent.as_secs(),
                    self.tuning.throttle_budget.as_secs()
                ),
                request: req.describe(),
                transient: true,
            }),
            Verdict::RetryAfterTooLong(wait) => {
                let code = match trouble {
                    Trouble::CreditsExhausted { .. } => "THRESHOLD_EXCEEDED".to_string(),
                    _ => what,
                };
                tracing::warn!(
                    "Zoho asked to wait {} s ({code}) on {}; stopping the sync with its saved state",
                    wait.as_secs(),
                    req.describe()
                );
                let h = Halt::Wait {
                    code,
                    request: req.describe(),
                    retry_after_secs: wait.as_secs(),
                };
                *self.halt.lock().unwrap_or_else(|p| p.into_inner()) = Some(h.clone());
                Err(self.halt_error(h))
            }
            Verdict::TooManyUnauthorized(n) => Err(Error::Http {
                status: 401,
                code: Some("INVALID_OAUTH".into()),
                message: format!(
                    "Zoho Desk rejected {n} freshly refreshed access tokens in a row for {}, after \
                     accepting this connector's tokens before: tokens are being revoked (by an \
                     administrator, or by another integration minting too many). The next sync \
                     resumes from the last saved state",
                    req.describe()
                ),
                request: req.describe(),
                transient: true,
            }),
        }
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

    /// Reads Zoho's credit headers: counts the call's weight to its stream, keeps the lowest
    /// remaining count, and halts the sync (later calls fail at once; this answer is still
    /// used) once the remaining credits reach the reserve.
    fn note_credits(&self, headers: &reqwest::header::HeaderMap, req: &Request<'_>) {
        let number = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<i64>().ok())
        };
        let weight = number("X-Rate-Limit-Request-Weight-v3")
            .and_then(|w| u64::try_from(w).ok())
            .unwrap_or(0);
        if weight > 0 {
            let mut map = self
                .stats
                .credits_by_stream
                .lock()
                .unwrap_or_else(|p| p.into_inner());
            *map.entry(req.stream.unwrap_or("(connection)").to_string())
                .or_default() += weight;
        }
        let Some(left) = number("X-Rate-Limit-Remaining-v3") else {
            return;
        };
        let prev = self
            .stats
            .credits_remaining
            .fetch_min(left, Ordering::Relaxed);
        if prev < 0 {
            self.stats.credits_remaining.store(left, Ordering::Relaxed);
        }
        let in_flight = self.limiter.current();
        if crate::tuning::below_reserve(left, weight, in_flight, self.reserve) {
            let mut halt = self.halt.lock().unwrap_or_else(|p| p.into_inner());
            if halt.is_none() {
                tracing::warn!(
                    "Zoho reports {left} API credits left, at the reserve of {} (api_credit_reserve); \
                     stopping the sync with its saved state",
                    self.reserve
                );
                *halt = Some(Halt::Reserve { remaining: left });
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

/// One global, adaptive limit on requests in flight, adapted like Vector's adaptive request
/// concurrency (AIMD):
/// - decrease: halved on a 429 TOO_MANY_REQUESTS, at most once per round trip. A 429 to a
///   request sent before the last decrease answers a load that decrease already took back, so
///   it does not halve again (a burst of 25 simultaneous 429s halves once, not down to 1);
/// - increase: by one after `limit` clean answers to requests sent while every slot was taken.
///   Answers to requests sent below the limit say nothing about whether more would pass.
///
/// Never above the configured maximum. Shrinking is done by "debt": permits returned while in
/// debt are forgotten.
pub struct Limiter {
    sem: Semaphore,
    max: usize,
    limit: AtomicUsize,
    debt: AtomicUsize,
    streak: AtomicUsize,
    lowest: AtomicUsize,
    /// Requests let through so far: numbers them in the order they were sent.
    sent: AtomicU64,
    /// The number of the first request sent after the last decrease (0: none yet).
    last_cut: AtomicU64,
}

pub struct Permit<'a> {
    permit: Option<SemaphorePermit<'a>>,
    limiter: &'a Limiter,
    ticket: Ticket,
}

/// What the limiter needs to know of a request when its answer comes back.
#[derive(Debug, Clone, Copy)]
pub struct Ticket {
    /// The request's number in the order requests were let through.
    sent: u64,
    /// Every slot was taken once this request had its own: the limit was reached.
    saturated: bool,
}

impl Permit<'_> {
    pub fn ticket(&self) -> Ticket {
        self.ticket
    }
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
            sent: AtomicU64::new(0),
            last_cut: AtomicU64::new(0),
        }
    }

    pub async fn acquire(&self) -> Permit<'_> {
        // The semaphore is never closed, so acquire cannot fail; None would only mean "no limit".
        let permit = self.sem.acquire().await.ok();
        Permit {
            permit,
            limiter: self,
            ticket: Ticket {
                sent: self.sent.fetch_add(1, Ordering::AcqRel),
                saturated: self.sem.available_permits() == 0,
            },
        }
    }

    pub fn current(&self) -> usize {
        self.limit.load(Ordering::Acquire)
    }

    pub fn lowest(&self) -> usize {
        self.lowest.load(Ordering::Acquire)
    }

    /// A 429 TOO_MANY_REQUESTS answered the request of `ticket`.
    pub fn throttled(&self, ticket: Ticket) {
        self.streak.store(0, Ordering::Release);
        let next = self.sent.load(Ordering::Acquire);
        // One decrease per round trip: only a request sent after the last decrease may cut.
        let claimed = self
            .last_cut
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |first_after| {
                (ticket.sent >= first_after).then_some(next)
            })
            .is_ok();
        if !claimed {
            return;
        }
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

    /// A clean answer to the request of `ticket`.
    pub fn success(&self, ticket: Ticket) {
        let cur = self.limit.load(Ordering::Acquire);
        if cur >= self.max || !ticket.saturated {
            return;
        }
        // Additive increase: one more slot after `limit` clean answers at the limit, about
        // one round trip of them.
        let streak = self.streak.fetch_add(1, Ordering::AcqRel) + 1;
        if streak < cur {
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
        let tickets: Vec<Ticket> = held.iter().map(Permit::ticket).collect();
        l.throttled(tickets[0]);
        assert_eq!(l.current(), 4);
        drop(held);
        // After the in-flight permits come back, only 4 are available.
        assert_eq!(l.sem.available_permits(), 4);
        for _ in 0..3 {
            // Each 429 answers a request sent after the last decrease.
            let p = l.acquire().await;
            let t = p.ticket();
            drop(p);
            l.throttled(t);
        }
        assert_eq!(l.current(), 1);
        assert_eq!(l.sem.available_permits(), 1);
        assert_eq!(l.lowest(), 1);
        // Rounds that fill the limit grow it back to the maximum, never beyond.
        for _ in 0..100 {
            let held = futures_hold(&l, l.current()).await;
            let tickets: Vec<Ticket> = held.iter().map(Permit::ticket).collect();
            drop(held);
            for t in tickets {
                l.success(t);
            }
        }
        assert_eq!(l.current(), 8);
        assert_eq!(l.sem.available_permits(), 8);
    }

    #[tokio::test]
    async fn a_burst_of_simultaneous_429s_halves_the_limit_once() {
        let l = Limiter::new(25);
        let held = futures_hold(&l, 25).await;
        let tickets: Vec<Ticket> = held.iter().map(Permit::ticket).collect();
        drop(held);
        for t in &tickets {
            l.throttled(*t);
        }
        assert_eq!(
            l.current(),
            12,
            "25 answers to one round trip: one decrease"
        );
        // A request sent after the decrease that is refused too: the next round trip.
        let p = l.acquire().await;
        let t = p.ticket();
        drop(p);
        l.throttled(t);
        assert_eq!(l.current(), 6);
    }

    #[tokio::test]
    async fn the_limit_grows_only_when_it_was_reached() {
        let l = Limiter::new(8);
        let held = futures_hold(&l, 8).await;
        l.throttled(held[0].ticket());
        drop(held);
        assert_eq!(l.current(), 4);
        // One request at a time never fills 4 slots: no growth however many succeed.
        for _ in 0..100 {
            let p = l.acquire().await;
            let t = p.ticket();
            drop(p);
            l.success(t);
        }
        assert_eq!(
            l.current(),
            4,
            "answers below the limit say nothing of more"
        );
        // Four at once fill the limit: after `limit` such answers, one more slot.
        let held = futures_hold(&l, 4).await;
        let tickets: Vec<Ticket> = held.iter().map(Permit::ticket).collect();
        drop(held);
        assert!(tickets.last().is_some_and(|t| t.saturated));
        for _ in 0..4 {
            l.success(tickets[3]);
        }
        assert_eq!(l.current(), 5);
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
    fn inspect_body_finds_error_codes_and_unreadable_bodies() {
        assert_eq!(
            inspect_body(br#"{"data":[{"id":"1","errorCode":"x"}]}"#),
            BodyCheck::Fine
        );
        assert_eq!(inspect_body(br#"[{"id":"1"}]"#), BodyCheck::Fine);
        assert_eq!(
            inspect_body(br#"{"id":"1","subject":"s"} "#),
            BodyCheck::Fine
        );
        assert_eq!(
            inspect_body(br#"{"message":"m","errorCode":"INTERNAL_SERVER_ERROR"}"#),
            BodyCheck::ZohoError {
                code: "INTERNAL_SERVER_ERROR".into(),
                message: "m".into()
            }
        );
        for bad in [
            &b"<html><body>busy</body></html>"[..],
            br#"{"data":[{"id":"1"},{"id":"#,
            br#"{"data":[]} trailing"#,
        ] {
            assert!(
                matches!(inspect_body(bad), BodyCheck::Unreadable(_)),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    #[test]
    fn error_codes_in_200_answers_stand_for_their_status() {
        assert_eq!(equivalent_status("INTERNAL_SERVER_ERROR"), Some(500));
        assert_eq!(equivalent_status("TOO_MANY_REQUESTS"), Some(429));
        assert_eq!(equivalent_status("INVALID_OAUTH"), Some(401));
        assert_eq!(equivalent_status("SCOPE_MISMATCH"), Some(403));
        assert_eq!(equivalent_status("SOMETHING_NEW"), None);
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
