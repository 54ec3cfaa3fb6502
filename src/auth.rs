//! OAuth 2.0 refresh-token grant against Zoho's accounts server.
//!
//! One access token is shared by every request of the process. It is refreshed single-flight
//! (the mutex is held across the refresh, so concurrent callers wait for the one refresh),
//! shortly before it expires (a tenth of its lifetime, at most two minutes: `Tuning::
//! refresh_margin`), and once more when the API answers 401 INVALID_OAUTH — never per request:
//! Zoho caps live access tokens per refresh token and throttles token calls.
//!
//! A 401 is a config error only on evidence that the setup is wrong: Zoho refusing the refresh
//! token itself, or several fresh tokens in a row rejected before Zoho ever accepted one (a
//! token of another data center). Once any token worked, 401s are revocations: transient.
//! Source: zoho-desk-api.md §1.2 (grant, response, HTTP-200 errors), §1.4 (token limits).

use std::time::{Duration, Instant};

use oauth2::basic::{
    BasicErrorResponse, BasicRevocationErrorResponse, BasicTokenIntrospectionResponse,
    BasicTokenType,
};
use oauth2::{
    AuthType, ClientId, ClientSecret, EndpointNotSet, EndpointSet, ExtraTokenFields, RefreshToken,
    RequestTokenError, StandardRevocableToken, StandardTokenResponse, TokenResponse, TokenUrl,
};
use serde::{Deserialize, Serialize};
use tokio::sync::Mutex;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::redact::Redactor;
use crate::tuning::Tuning;

/// Zoho's fields beyond RFC 6749. `expires_in_sec` appears in older responses (whose
/// `expires_in` was then in milliseconds).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct ZohoTokenFields {
    #[serde(default)]
    expires_in_sec: Option<u64>,
    #[serde(default)]
    api_domain: Option<String>,
}
impl ExtraTokenFields for ZohoTokenFields {}

type ZohoTokenResponse = StandardTokenResponse<ZohoTokenFields, BasicTokenType>;
type ZohoOAuthClient = oauth2::Client<
    BasicErrorResponse,
    ZohoTokenResponse,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointSet,
>;

/// A minted access token. `generation` lets a caller that saw a 401 invalidate exactly the token
/// it used, so many concurrent 401s cause one refresh, not many.
#[derive(Clone)]
struct Token {
    access: String,
    /// When to mint the next one (before expiry, by the margin).
    refresh_at: Instant,
    generation: u64,
    /// Zoho accepted this token at least once.
    proven: bool,
}

struct TokenState {
    token: Option<Token>,
    generation: u64,
    /// A permanent refusal (revoked token, wrong client): remembered so other streams fail fast
    /// instead of hammering the accounts server.
    refused: Option<String>,
    /// Scopes granted, as reported by the last token response (None if Zoho did not say).
    scopes: Option<Vec<String>>,
    /// Freshly minted tokens rejected (401) in a row, while no token had ever been accepted.
    unproven_rejections: u32,
    /// Zoho accepted one of our tokens at least once: the data center and portal are right.
    ever_proven: bool,
}

/// What to do after the API rejected a token with 401.
#[derive(Debug, PartialEq, Eq)]
pub enum Unauthorized {
    /// Fetch a (new) token and repeat the request.
    Retry,
    /// Tokens are refused as soon as they are minted: not a revocation but a wrong setup.
    GiveUp(String),
}

/// Fresh tokens rejected in a row, before any was ever accepted, after which we conclude the
/// setup is wrong (typically a token of another data center). Six, so that even a burst of
/// revocations at a 30 % rate (0.3^6 ≈ 0.07 %) is not mistaken for a configuration error.
const MAX_UNPROVEN_REJECTIONS: u32 = 6;

pub struct Auth {
    client: ZohoOAuthClient,
    http: reqwest::Client,
    refresh_token: RefreshToken,
    state: Mutex<TokenState>,
    redactor: Redactor,
    tuning: Tuning,
    data_center: String,
    refreshes: std::sync::atomic::AtomicU64,
}

/// A token handed to one request.
pub struct Lease {
    pub access: String,
    pub generation: u64,
}

impl Auth {
    pub fn new(config: &Config, redactor: Redactor, tuning: Tuning) -> Result<Self> {
        let token_url = TokenUrl::new(config.token_url()).map_err(|e| {
            Error::Config(format!(
                "invalid config: the accounts server URL is not a valid URL: {e}"
            ))
        })?;
        let client = oauth2::Client::new(ClientId::new(config.credentials.client_id.clone()))
            .set_client_secret(ClientSecret::new(config.credentials.client_secret.clone()))
            .set_auth_type(AuthType::RequestBody)
            .set_token_uri(token_url);
        // Redirects are off, as the oauth2 crate requires for safety (no credential forwarding).
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(15))
            .timeout(Duration::from_secs(60))
            .build()
            .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?;
        Ok(Auth {
            client,
            http,
            refresh_token: RefreshToken::new(config.credentials.refresh_token.clone()),
            state: Mutex::new(TokenState {
                token: None,
                generation: 0,
                refused: None,
                scopes: None,
                unproven_rejections: 0,
                ever_proven: false,
            }),
            redactor,
            tuning,
            data_center: format!("{:?}", config.data_center),
            refreshes: Default::default(),
        })
    }

    /// A valid access token, refreshing it first if it is missing or about to expire.
    pub async fn token(&self) -> Result<Lease> {
        let mut state = self.state.lock().await;
        if let Some(reason) = &state.refused {
            return Err(Error::Auth(reason.clone()));
        }
        if let Some(t) = &state.token
            && t.refresh_at > Instant::now()
        {
            return Ok(Lease {
                access: t.access.clone(),
                generation: t.generation,
            });
        }
        let token = match self.refresh().await {
            Ok(t) => t,
            Err(e) => {
                if let Error::Auth(reason) = &e {
                    state.refused = Some(reason.clone());
                }
                return Err(e);
            }
        };
        state.generation += 1;
        let lease = Lease {
            access: token.0.clone(),
            generation: state.generation,
        };
        let (minted, lifetime) = token.1;
        state.token = Some(Token {
            access: token.0,
            refresh_at: minted + lifetime - self.tuning.refresh_margin(lifetime),
            generation: state.generation,
            proven: false,
        });
        if token.2.is_some() {
            state.scopes = token.2;
        }
        Ok(lease)
    }

    /// Zoho accepted the token of `generation`.
    pub async fn accepted(&self, generation: u64) {
        let mut state = self.state.lock().await;
        if let Some(t) = state.token.as_mut().filter(|t| t.generation == generation)
            && !t.proven
        {
            t.proven = true;
            state.unproven_rejections = 0;
            state.ever_proven = true;
        }
    }

    /// The API answered 401 for the token of `generation`. A token that worked before was
    /// revoked or expired early: drop it so the next call mints one (once, however many requests
    /// saw the 401). Tokens refused as soon as they are minted point to a wrong data center or
    /// portal; after a few in a row every stream stops with that diagnosis.
    pub async fn rejected(&self, generation: u64, request: &str) -> Unauthorized {
        let mut state = self.state.lock().await;
        if let Some(reason) = &state.refused {
            return Unauthorized::GiveUp(reason.clone());
        }
        let Some(token) = state.token.as_ref().filter(|t| t.generation == generation) else {
            // Already replaced by another request's refresh: just use the new one.
            return Unauthorized::Retry;
        };
        if !token.proven && !state.ever_proven {
            state.unproven_rejections += 1;
            if state.unproven_rejections >= MAX_UNPROVEN_REJECTIONS {
                let reason = format!(
                    "Zoho Desk rejected {MAX_UNPROVEN_REJECTIONS} freshly minted access tokens in a row \
                     (401 on {request}). Tokens only work on the data center they were minted on: \
                     check that Data Center ({}) is where you sign in to Zoho Desk, then re-authorize \
                     the connector",
                    self.data_center
                );
                state.refused = Some(reason.clone());
                return Unauthorized::GiveUp(reason);
            }
        }
        state.token = None;
        Unauthorized::Retry
    }

    /// Scopes the accounts server reported with the current token, if it reported any.
    pub async fn granted_scopes(&self) -> Option<Vec<String>> {
        self.state.lock().await.scopes.clone()
    }

    pub fn refresh_count(&self) -> u64 {
        self.refreshes.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// One refresh, waiting out "Access Denied" throttling and retrying network failures.
    async fn refresh(&self) -> Result<Minted> {
        let mut throttled_waited = Duration::ZERO;
        let mut network_attempt = 0u32;
        loop {
            self.refreshes
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let result = self
                .client
                .exchange_refresh_token(&self.refresh_token)
                .request_async(&self.http)
                .await;
            let outcome = match result {
                Ok(resp) => return Ok(self.accept(resp)),
                Err(RequestTokenError::ServerResponse(err)) => {
                    classify_token_error(err.error().as_ref(), &self.data_center)
                }
                Err(RequestTokenError::Parse(_, body)) => {
                    classify_token_body(&body, &self.data_center)
                }
                Err(RequestTokenError::Request(e)) => TokenFailure::Network(match e {
                    oauth2::HttpClientError::Reqwest(inner) => describe_reqwest(&inner),
                    other => other.to_string(),
                }),
                Err(RequestTokenError::Other(msg)) => TokenFailure::Network(msg),
            };
            match outcome {
                TokenFailure::Refused(msg) => return Err(Error::Auth(msg)),
                TokenFailure::Throttled(desc) => {
                    if throttled_waited >= self.tuning.max_token_throttle_wait {
                        return Err(Error::TokenThrottled(format!(
                            "{desc}. Still throttled after waiting {} s; make sure no other \
                             integration refreshes tokens with the same client, then run the sync again",
                            throttled_waited.as_secs()
                        )));
                    }
                    let wait = self.tuning.token_throttle_wait;
                    tracing::warn!(
                        "Zoho's accounts server throttled the token refresh (\"Access Denied\"); \
                         waiting {} s before trying again",
                        wait.as_secs()
                    );
                    tokio::time::sleep(wait).await;
                    throttled_waited += wait;
                }
                TokenFailure::Network(desc) => {
                    network_attempt += 1;
                    if network_attempt >= self.tuning.max_attempts {
                        return Err(Error::Transport {
                            request: "POST /oauth/v2/token".into(),
                            message: self.redactor.redact(&desc),
                        });
                    }
                    let wait = self.tuning.backoff(network_attempt);
                    tracing::warn!(
                        "token refresh failed ({}); retrying in {} ms",
                        self.redactor.redact(&desc),
                        wait.as_millis()
                    );
                    tokio::time::sleep(wait).await;
                }
            }
        }
    }

    fn accept(&self, resp: ZohoTokenResponse) -> Minted {
        let access = resp.access_token().secret().clone();
        self.redactor.add(access.clone());
        let extra = resp.extra_fields();
        // Zoho's `expires_in` is seconds today; older responses sent milliseconds there (with the
        // seconds in `expires_in_sec`). Anything over a day is taken as milliseconds.
        let secs = match (extra.expires_in_sec, resp.expires_in()) {
            (Some(s), _) => s,
            (None, Some(d)) if d.as_secs() > 100_000 => d.as_secs() / 1000,
            (None, Some(d)) => d.as_secs(),
            (None, None) => 3600,
        };
        let scopes = resp.scopes().map(|list| {
            list.iter()
                .flat_map(|s| s.split(',').map(|p| p.trim().to_string()))
                .filter(|s| !s.is_empty())
                .collect()
        });
        tracing::debug!("access token minted, valid for {secs} s");
        (access, (Instant::now(), Duration::from_secs(secs)), scopes)
    }
}

/// A minted token: the secret, (minted at, lifetime), scopes granted if Zoho said.
type Minted = (String, (Instant, Duration), Option<Vec<String>>);

enum TokenFailure {
    Refused(String),
    Throttled(String),
    Network(String),
}

/// Zoho answers token errors with HTTP 200 and `{"error": "..."}` (so oauth2 reports a parse
/// failure, body attached); we judge by the body, never by the status.
fn classify_token_body(body: &[u8], dc: &str) -> TokenFailure {
    #[derive(Deserialize)]
    struct ErrBody {
        error: Option<String>,
    }
    match serde_json::from_slice::<ErrBody>(body) {
        Ok(ErrBody { error: Some(code) }) => classify_token_error(&code, dc),
        _ => {
            let snippet: String = String::from_utf8_lossy(body).chars().take(200).collect();
            TokenFailure::Network(format!(
                "the accounts server answered without an access_token: {snippet}"
            ))
        }
    }
}

fn classify_token_error(code: &str, dc: &str) -> TokenFailure {
    match code {
        "invalid_code" | "invalid_grant" => TokenFailure::Refused(format!(
            "Zoho rejected the refresh token ({code}): it was revoked, expired, or was minted on a \
             different data center. Re-authorize the connector to get a new refresh token, and \
             check that Data Center ({dc}) is where you sign in to Zoho Desk."
        )),
        "invalid_client" => TokenFailure::Refused(format!(
            "Zoho does not know this client ID (invalid_client) on the {dc} data center. Check the \
             Client ID, and that Data Center matches the Zoho API Console where the client was created."
        )),
        "invalid_client_secret" => TokenFailure::Refused(
            "Zoho rejected the client secret (invalid_client_secret). Copy the client secret again \
             from the Zoho API Console."
                .into(),
        ),
        c if c.eq_ignore_ascii_case("access denied") => TokenFailure::Throttled(
            "too many token requests in a short time (Access Denied)".into(),
        ),
        other => TokenFailure::Refused(format!(
            "Zoho's accounts server refused the token refresh ({other}). Re-authorize the connector \
             and check the Data Center ({dc})."
        )),
    }
}

/// Describes a reqwest error with its causes (the chain is what tells "connection reset" from
/// "dns error"); callers pass the result through the redactor.
pub fn describe_reqwest(e: &reqwest::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    if e.is_timeout() {
        parts.push("timed out".to_string());
    }
    let mut source: Option<&dyn std::error::Error> = Some(e);
    while let Some(s) = source {
        let text = s.to_string();
        if !parts.iter().any(|p| p == &text) {
            parts.push(text);
        }
        source = s.source();
    }
    parts.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn auth() -> Auth {
        let config = Config::parse(
            r#"{"credentials":{"client_id":"c","client_secret":"s","refresh_token":"r"},
                "organization_id":"1","accounts_url":"http://127.0.0.1:9"}"#,
        )
        .expect("config");
        Auth::new(&config, Redactor::default(), Tuning::default()).expect("auth")
    }

    /// Mints a fake token of a new generation, as `token()` would after a refresh.
    async fn mint(a: &Auth) -> u64 {
        let mut st = a.state.lock().await;
        st.generation += 1;
        let generation = st.generation;
        st.token = Some(Token {
            access: format!("t{generation}"),
            refresh_at: Instant::now() + Duration::from_secs(60),
            generation,
            proven: false,
        });
        generation
    }

    #[tokio::test]
    async fn fresh_tokens_never_accepted_are_a_setup_error() {
        let a = auth();
        for _ in 1..MAX_UNPROVEN_REJECTIONS {
            let g = mint(&a).await;
            assert_eq!(a.rejected(g, "GET /x").await, Unauthorized::Retry);
        }
        let g = mint(&a).await;
        assert!(matches!(
            a.rejected(g, "GET /x").await,
            Unauthorized::GiveUp(m) if m.contains("Data Center")
        ));
    }

    /// Once Zoho accepted a token, any number of revoked fresh tokens is a burst, not a setup
    /// error (the per-request bound of the retry policy ends it as transient).
    #[tokio::test]
    async fn revocations_after_a_token_worked_are_never_a_setup_error() {
        let a = auth();
        let g = mint(&a).await;
        a.accepted(g).await;
        for _ in 0..5 * MAX_UNPROVEN_REJECTIONS {
            let g = mint(&a).await;
            assert_eq!(a.rejected(g, "GET /x").await, Unauthorized::Retry);
        }
    }

    #[test]
    fn http200_error_bodies_are_classified() {
        assert!(matches!(
            classify_token_body(br#"{"error":"invalid_code"}"#, "EU"),
            TokenFailure::Refused(m) if m.contains("invalid_code") && m.contains("EU")
        ));
        assert!(matches!(
            classify_token_body(br#"{"error":"invalid_client"}"#, "US"),
            TokenFailure::Refused(m) if m.contains("client ID")
        ));
        assert!(matches!(
            classify_token_body(
                br#"{"error":"Access Denied","error_description":"You have made too many requests continuously.","status":"failure"}"#,
                "US"
            ),
            TokenFailure::Throttled(_)
        ));
        assert!(matches!(
            classify_token_body(b"<html>bad gateway</html>", "US"),
            TokenFailure::Network(_)
        ));
    }
}
