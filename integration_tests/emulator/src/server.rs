//! HTTP front: dispatches to the token endpoint, the admin API and the Desk API, and applies
//! the cross-cutting behaviour (auth, orgId, scopes, concurrency, credits, latency, faults,
//! rate-limit headers, statistics).

use std::collections::HashMap;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::Response;
use http_body::Frame;

use crate::admin::{CreateRequest, PurgeRequest, TouchRequest};
use crate::api::{self, ApiError};
use crate::routes::match_route;
use crate::state::{SettingsPatch, Shared, TokenInfo, lock, read};

/// Largest request body we read (token forms and admin JSON are tiny).
const MAX_BODY: usize = 1 << 20;

pub fn router(shared: Arc<Shared>) -> axum::Router {
    axum::Router::new().fallback(handle).with_state(shared)
}

fn resp(status: u16, content_type: &str, body: impl Into<Body>) -> Response {
    let mut r = Response::new(body.into());
    *r.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if let Ok(v) = HeaderValue::from_str(content_type) {
        r.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    r
}

fn json(status: u16, body: String) -> Response {
    resp(status, "application/json;charset=UTF-8", body)
}

fn query_pairs(q: Option<&str>) -> Vec<(String, String)> {
    q.map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect())
        .unwrap_or_default()
}

async fn handle(State(st): State<Arc<Shared>>, req: Request) -> Response {
    let path = req.uri().path().to_string();
    if path == "/oauth/v2/token" {
        return token(&st, req).await;
    }
    if let Some(rest) = path.strip_prefix("/_admin") {
        return admin(&st, rest.to_string(), req).await;
    }
    if let Some(rest) = path.strip_prefix("/api/v1") {
        let rest = if rest.is_empty() { "/" } else { rest };
        let r = desk(&st, rest.to_string(), req).await;
        // After the answer is built: the request that triggers a round saw the data before it.
        st.after_desk_request();
        return r;
    }
    let e = ApiError::not_found();
    json(404, e.body())
}

// ---------------------------------------------------------------- token endpoint

async fn token(st: &Shared, req: Request) -> Response {
    let key = format!("{} /oauth/v2/token", req.method());
    if req.method() != Method::POST {
        // The accounts server only takes POST for token grants.
        st.record(&key, 405, None);
        return json(
            405,
            serde_json::json!({ "error": "invalid_request" }).to_string(),
        );
    }
    let mut params: HashMap<String, String> = query_pairs(req.uri().query()).into_iter().collect();
    let body = axum::body::to_bytes(req.into_body(), MAX_BODY)
        .await
        .unwrap_or_default();
    params.extend(form_urlencoded::parse(&body).into_owned());
    let p = |k: &str| params.get(k).map(String::as_str).unwrap_or("");
    let settings = st.settings();
    let err = |e: &str| serde_json::json!({ "error": e }).to_string();
    // Zoho answers token errors with HTTP 200; clients must look for access_token.
    let (status, body) = if p("grant_type") != "refresh_token" {
        (200, err("unsupported_grant_type"))
    } else if p("client_id") != st.cfg.client_id {
        (200, err("invalid_client"))
    } else if p("client_secret") != st.cfg.client_secret {
        (200, err("invalid_client_secret"))
    } else if p("refresh_token") != st.cfg.refresh_token {
        (200, err("invalid_code"))
    } else {
        let mut a = lock(&st.auth);
        let now = Instant::now();
        while a
            .refresh_times
            .front()
            .is_some_and(|t| now.duration_since(*t) >= Duration::from_secs(60))
        {
            a.refresh_times.pop_front();
        }
        if a.refresh_times.len() >= settings.refresh_throttle_per_minute as usize {
            lock(&st.stats).token_throttled += 1;
            (
                settings.throttle_status,
                serde_json::json!({
                    "error": "Access Denied",
                    "error_description": "You have made too many requests continuously. Please try again after some time.",
                    "status": "failure"
                })
                .to_string(),
            )
        } else {
            a.refresh_times.push_back(now);
            let tok = format!(
                "1000.{:016x}{:016x}.{:016x}{:016x}",
                a.rng.next_u64(),
                a.rng.next_u64(),
                a.rng.next_u64(),
                a.rng.next_u64()
            );
            let serial = a.next_serial;
            a.next_serial += 1;
            a.tokens.insert(
                tok.clone(),
                TokenInfo {
                    // Absurd lifetimes (settings are input too) mean "practically never".
                    expires: now
                        .checked_add(Duration::from_secs(settings.token_lifetime_secs))
                        .unwrap_or(now + Duration::from_secs(100 * 365 * 86_400)),
                    serial,
                    scopes: settings.scopes.clone(),
                    revoked: false,
                },
            );
            lock(&st.stats).token_refreshes += 1;
            (
                200,
                serde_json::json!({
                    "access_token": tok,
                    "expires_in": settings.token_lifetime_secs,
                    "api_domain": "https://www.zohoapis.com",
                    "token_type": "Bearer",
                    "scope": settings.scopes.join(","),
                })
                .to_string(),
            )
        }
    };
    st.record(&key, status, None);
    json(status, body)
}

// ---------------------------------------------------------------- admin API

async fn admin(st: &Shared, rest: String, req: Request) -> Response {
    let method = req.method().clone();
    let body = axum::body::to_bytes(req.into_body(), MAX_BODY)
        .await
        .unwrap_or_default();
    let ok = |v: serde_json::Value| json(200, v.to_string());
    let bad =
        |status: u16, msg: String| json(status, serde_json::json!({ "error": msg }).to_string());
    fn parse<T: serde::de::DeserializeOwned>(b: &Bytes) -> Result<T, String> {
        serde_json::from_slice(b).map_err(|e| format!("invalid JSON body: {e}"))
    }
    match (&method, rest.as_str()) {
        (&Method::GET, p) if p.starts_with("/truth/") => match st.truth(&p["/truth/".len()..]) {
            Ok(r) => ok(serde_json::json!({ "records": r })),
            Err(e) => bad(404, e.to_string()),
        },
        (&Method::POST, "/touch") => match parse::<TouchRequest>(&body)
            .map_err(|e| (400, e))
            .and_then(|r| st.touch(&r).map_err(|e| (400, e.to_string())))
        {
            Ok(r) => ok(serde_json::json!({ "records": r })),
            Err((s, e)) => bad(s, e),
        },
        (&Method::POST, "/delete") => match parse::<TouchRequest>(&body)
            .map_err(|e| (400, e))
            .and_then(|r| st.delete(&r).map_err(|e| (400, e.to_string())))
        {
            Ok(r) => ok(serde_json::json!({ "records": r })),
            Err((s, e)) => bad(s, e),
        },
        (&Method::POST, "/purge_bin") => match parse::<PurgeRequest>(&body) {
            Ok(r) => ok(serde_json::json!({ "purged": st.purge_bin(&r) })),
            Err(e) => bad(400, e),
        },
        (&Method::POST, "/create") => match parse::<CreateRequest>(&body)
            .map_err(|e| (400, e))
            .and_then(|r| st.create(&r).map_err(|e| (400, e.to_string())))
        {
            Ok(r) => ok(serde_json::json!({ "records": r })),
            Err((s, e)) => bad(s, e),
        },
        (&Method::GET, "/settings") => ok(serde_json::json!(st.settings())),
        (&Method::PUT, "/settings") => match parse::<SettingsPatch>(&body)
            .and_then(|p| st.update_settings(p).map_err(|e| e.to_string()))
        {
            Ok(s) => ok(serde_json::json!(s)),
            Err(e) => bad(400, e),
        },
        (&Method::GET, "/stats") => ok(serde_json::json!(st.stats())),
        (&Method::POST, "/stats/reset") => {
            st.reset_stats();
            ok(serde_json::json!({ "ok": true }))
        }
        (&Method::POST, "/revoke_tokens") => {
            st.revoke_tokens();
            ok(serde_json::json!({ "ok": true }))
        }
        _ => bad(404, format!("no admin endpoint {method} /_admin{rest}")),
    }
}

// ---------------------------------------------------------------- Desk API

/// Decrements the in-flight counter however the request ends (including client disconnects).
struct InFlight<'a>(&'a Shared);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

enum Fault {
    None,
    CutBody,
}

fn token_of(headers: &HeaderMap) -> Result<&str, ApiError> {
    let unauthorized = || {
        ApiError::new(
            401,
            "UNAUTHORIZED",
            "You are not authorized to access this resource.",
        )
    };
    let v = headers
        .get(header::AUTHORIZATION)
        .ok_or_else(unauthorized)?
        .to_str()
        .map_err(|_| unauthorized())?;
    let t = v
        .strip_prefix("Zoho-oauthtoken ")
        .or_else(|| v.strip_prefix("Bearer "))
        .ok_or_else(unauthorized)?;
    let t = t.trim();
    if t.is_empty() {
        Err(unauthorized())
    } else {
        Ok(t)
    }
}

fn too_many_requests() -> ApiError {
    ApiError::new(
        429,
        "TOO_MANY_REQUESTS",
        "You have exceeded the concurrency limit of your portal.",
    )
}

fn invalid_oauth() -> ApiError {
    ApiError::new(
        401,
        "INVALID_OAUTH",
        "The OAuth Token you provided is invalid.",
    )
}

async fn desk(st: &Shared, rest: String, req: Request) -> Response {
    let method = req.method().as_str().to_string();
    let matched = match_route(&method, &rest);
    let key = match &matched {
        Ok((r, _)) => r.stats_key(),
        Err(_) => format!("{method} (unmatched)"),
    };
    let n = st.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    let _guard = InFlight(st);
    st.max_in_flight.fetch_max(n, Ordering::SeqCst);
    let settings = st.settings();

    let (result, fault) = 'answer: {
        if settings.concurrency_limit > 0 && n > settings.concurrency_limit {
            break 'answer (Err(too_many_requests()), Fault::None);
        }
        if settings.throttle_storm.is_some() && st.take_storm() {
            break 'answer (Err(too_many_requests()), Fault::None);
        }
        if settings.latency_ms > 0 {
            tokio::time::sleep(Duration::from_millis(settings.latency_ms)).await;
        }
        if settings.stall.contains_key(&key)
            && let Some(d) = st.take_stall(&key)
        {
            tokio::time::sleep(d).await;
        }
        // Authentication.
        let tok = match token_of(req.headers()) {
            Ok(t) => t.to_string(),
            Err(e) => break 'answer (Err(e), Fault::None),
        };
        let scopes = {
            let a = lock(&st.auth);
            match a.tokens.get(&tok) {
                Some(t)
                    if !t.revoked && t.serial >= a.revoked_below && Instant::now() < t.expires =>
                {
                    t.scopes.clone()
                }
                _ => break 'answer (Err(invalid_oauth()), Fault::None),
            }
        };
        // Fault injection (seeded: reproducible runs).
        let mut fault = Fault::None;
        if settings.fault_rate > 0.0 && !settings.faults.is_empty() {
            let mut rng = lock(&st.fault_rng);
            if rng.unit() < settings.fault_rate {
                let kind =
                    settings.faults[rng.below(settings.faults.len() as u64) as usize].clone();
                drop(rng);
                lock(&st.stats).faults_injected += 1;
                match kind.as_str() {
                    "500" => {
                        break 'answer (
                            Err(ApiError::new(
                                500,
                                "INTERNAL_SERVER_ERROR",
                                "An internal server error occurred.",
                            )),
                            Fault::None,
                        );
                    }
                    "503_html" => {
                        st.record(&key, 503, None);
                        let mut r = resp(
                            503,
                            "text/html",
                            "<html><head><title>503 Service Temporarily Unavailable</title></head><body><center><h1>503 Service Temporarily Unavailable</h1></center></body></html>",
                        );
                        rate_headers(&mut r, 0, st, &settings);
                        return r;
                    }
                    "revoke_token" => {
                        if let Some(t) = lock(&st.auth).tokens.get_mut(&tok) {
                            t.revoked = true;
                        }
                        break 'answer (Err(invalid_oauth()), Fault::None);
                    }
                    _ => fault = Fault::CutBody,
                }
            }
        }
        let (route, caps) = match &matched {
            Ok(rc) => rc,
            Err(true) => {
                break 'answer (
                    Err(ApiError::new(
                        405,
                        "METHOD_NOT_ALLOWED",
                        "The method is not allowed.",
                    )),
                    fault,
                );
            }
            Err(false) => break 'answer (Err(ApiError::not_found()), fault),
        };
        // A transient routing error: the path is right and the record exists.
        if settings.flaky_404.contains_key(&key) && st.flaky_404_hit(&key) {
            break 'answer (Err(ApiError::not_found()), fault);
        }
        // orgId header.
        if route.needs_org && settings.require_org_id {
            match req.headers().get("orgId").map(|v| v.to_str().unwrap_or("")) {
                None => {
                    let e = ApiError::new(422, "INVALID_DATA", "The orgId header is missing.");
                    break 'answer (Err(e), fault);
                }
                Some(v) if v.trim() != st.cfg.org_id.to_string() => {
                    let e = ApiError::new(
                        settings.org_mismatch_status,
                        "OAUTH_ORG_MISMATCH",
                        "The orgId does not match the portal of the OAuth token.",
                    );
                    break 'answer (Err(e), fault);
                }
                Some(_) => {}
            }
        }
        if !route.scopes.iter().any(|s| scopes.iter().any(|g| g == s)) {
            let e = ApiError::new(
                403,
                "SCOPE_MISMATCH",
                format!(
                    "The OAuth token needs one of the scopes {}.",
                    route.scopes.join(",")
                ),
            );
            break 'answer (Err(e), fault);
        }
        if let Some(code) = settings.forbidden.get(&key) {
            let mut e = ApiError::new(
                403,
                match code.as_str() {
                    "LICENSE_ACCESS_LIMITED" => "LICENSE_ACCESS_LIMITED",
                    "SCOPE_MISMATCH" => "SCOPE_MISMATCH",
                    _ => "FORBIDDEN",
                },
                match code.as_str() {
                    "LICENSE_ACCESS_LIMITED" => {
                        "This feature is not available in your current edition.".to_string()
                    }
                    "SCOPE_MISMATCH" => format!(
                        "The OAuth token needs one of the scopes {}.",
                        route.scopes.join(",")
                    ),
                    _ => "You do not have permission to access this resource.".to_string(),
                },
            );
            if e.code == "LICENSE_ACCESS_LIMITED" {
                e.extra = vec![
                    ("feature", route.module.name().to_string()),
                    ("editionType", "STANDARD".to_string()),
                ];
            }
            break 'answer (Err(e), fault);
        }
        let pairs = query_pairs(req.uri().query());
        let oas_refusal = oas_check(st, &settings, route, &key, &pairs);
        let out = {
            let store = read(&st.store);
            api::execute(&store, &settings, route, caps, &pairs)
        };
        if settings.odd_bodies.contains_key(&key)
            && let Some(kind) = st.take_odd_body(&key)
        {
            let real = out.as_ref().map(|a| a.body.clone()).unwrap_or_default();
            st.record(&key, 200, None);
            let mut r = odd_body_response(&kind, real);
            rate_headers(&mut r, 0, st, &settings);
            return r;
        }
        // The handler's own refusal (Zoho's observed wording) comes first; the OAS refuses
        // what the handler would let through.
        match (out, oas_refusal) {
            (Ok(_), Some(e)) => (Err(e), fault),
            (out, _) => (out, fault),
        }
    };

    // Credits: charged only for answered calls.
    let (status, body, weight, retry_after) = match result {
        Ok(a) => {
            let (left, reset_in, mut c) =
                st.credit_window(settings.credit_budget, settings.credit_reset_secs);
            if left < a.weight {
                drop(c);
                let e = ApiError::new(
                    429,
                    "THRESHOLD_EXCEEDED",
                    "You have exhausted the API credits of your portal for today.",
                );
                (e.status, e.body(), 0, Some(reset_in))
            } else {
                c.used += a.weight;
                drop(c);
                lock(&st.stats).credits_used += a.weight;
                (a.status, a.body, a.weight, None)
            }
        }
        Err(e) => (e.status, e.body(), 0, None),
    };
    let msg_422 = (status == 422).then(|| {
        serde_json::from_str::<serde_json::Value>(&body)
            .ok()
            .and_then(|v| v["message"].as_str().map(str::to_string))
            .unwrap_or_default()
    });
    st.record(&key, status, msg_422.as_deref());

    let mut r = match fault {
        Fault::CutBody => cut_body_response(status, body),
        Fault::None if status == 204 => resp(204, "application/json;charset=UTF-8", Body::empty()),
        Fault::None => json(status, body),
    };
    let retry_after = match settings.retry_after_secs {
        Some(secs) if status == 429 => Some(secs),
        _ => retry_after,
    };
    if let Some(s) = retry_after
        && let Ok(v) = HeaderValue::from_str(&s.to_string())
    {
        r.headers_mut().insert(header::RETRY_AFTER, v);
    }
    rate_headers(&mut r, weight, st, &settings);
    r
}

/// Checks the query against Zoho's OAS facts: every violation is recorded; with `oas=refuse`
/// the first one is answered like Zoho answers a bad parameter (422 naming it).
fn oas_check(
    st: &Shared,
    settings: &crate::state::Settings,
    route: &crate::routes::RouteDef,
    key: &str,
    pairs: &[(String, String)],
) -> Option<ApiError> {
    let Some(ep) = crate::oas::endpoint(route.method, route.pattern) else {
        *lock(&st.stats)
            .oas_unchecked
            .entry(key.to_string())
            .or_default() += 1;
        return None;
    };
    let found = crate::oas::violations(ep, pairs);
    let first = found.first().cloned()?;
    {
        let mut s = lock(&st.stats);
        for v in found {
            if s.oas_violations.len() < 1000 {
                s.oas_violations
                    .push(format!("{key}: {v} [OAS {}]", ep.file));
            }
        }
    }
    (settings.oas == "refuse").then(|| ApiError::unprocessable(first))
}

fn rate_headers(r: &mut Response, weight: u64, st: &Shared, settings: &crate::state::Settings) {
    let (left, _, guard) = st.credit_window(settings.credit_budget, settings.credit_reset_secs);
    drop(guard);
    let h = r.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&weight.to_string()) {
        h.insert("X-Rate-Limit-Request-Weight-v3", v);
    }
    if let Ok(v) = HeaderValue::from_str(&left.to_string()) {
        h.insert("X-Rate-Limit-Remaining-v3", v);
    }
}

/// One `odd_bodies` answer, always HTTP 200 (kinds: `ODD_BODY_KINDS`). `real` is the answer the
/// request would have had, so a cut body is a plausible prefix of real rows.
fn odd_body_response(kind: &str, real: String) -> Response {
    if let Some(code) = kind.strip_prefix("error_200:") {
        let body = serde_json::json!({
            "errorCode": code,
            "message": format!("An error occurred ({code})."),
        });
        return json(200, body.to_string());
    }
    match kind {
        "html_200" => resp(
            200,
            "text/html",
            "<html><head><title>Zoho Desk</title></head><body><h1>We'll be back soon</h1></body></html>",
        ),
        "cut_200" => {
            let body = if real.is_empty() {
                "{\"data\":[{\"id\":\"1\",\"subject\":\"x\"}]}".to_string()
            } else {
                real
            };
            // A complete HTTP message (Content-Length matches) whose JSON stops mid-way.
            let mut cut = body.len() / 2;
            while !body.is_char_boundary(cut) {
                cut -= 1;
            }
            json(200, body[..cut].to_string())
        }
        _ => json(200, "{\"status\":\"success\"}".to_string()),
    }
}

/// Headers and the first half of the body, then the connection drops (Content-Length promises
/// the full body, so the client sees a truncated message).
fn cut_body_response(status: u16, body: String) -> Response {
    let body = if body.is_empty() {
        "{\"data\":[{\"id\":\"1\"}]}".to_string()
    } else {
        body
    };
    let status = if status == 204 { 200 } else { status };
    let full = body.len();
    let half = Bytes::from(body.into_bytes()).slice(..full / 2);
    let mut r = resp(
        status,
        "application/json;charset=UTF-8",
        Body::new(CutBody { first: Some(half) }),
    );
    if let Ok(v) = HeaderValue::from_str(&full.to_string()) {
        r.headers_mut().insert(header::CONTENT_LENGTH, v);
    }
    r
}

/// A body that yields one chunk and then fails, which makes hyper abort the connection.
struct CutBody {
    first: Option<Bytes>,
}

impl http_body::Body for CutBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        match self.first.take() {
            Some(b) => Poll::Ready(Some(Ok(Frame::data(b)))),
            None => Poll::Ready(Some(Err(std::io::Error::new(
                std::io::ErrorKind::ConnectionAborted,
                "injected cut_body fault",
            )))),
        }
    }
}
