//! One error type for the library. Each variant knows its Airbyte `failure_type`, so the single
//! reporting point (in `lib.rs`) can tell the platform whether the user must act (config), the
//! run may simply be retried (transient), or we have a bug (system).

use crate::protocol::FailureType;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The config, catalog or state given to us is wrong; the message says which field and how
    /// to fix it.
    #[error("{0}")]
    Config(String),

    /// Zoho refused the credentials (revoked or wrong refresh token, wrong client, wrong data
    /// center). Needs the user to re-authorize.
    #[error("{0}")]
    Auth(String),

    /// Zoho's accounts server throttles token requests ("Access Denied"); it clears after a
    /// quiet period.
    #[error("Zoho's accounts server is throttling token requests (\"Access Denied\"): {0}")]
    TokenThrottled(String),

    /// The token lacks a scope, the agent lacks a permission, or the edition lacks a feature.
    #[error("{message}")]
    Forbidden { code: String, message: String },

    /// The daily API credit budget is spent; Zoho says when it resets.
    #[error(
        "Zoho Desk's daily API credit budget is exhausted (THRESHOLD_EXCEEDED); it resets in {retry_after_secs} s. \
         The sync stopped with a saved state and resumes where it left off on the next run"
    )]
    CreditsExhausted { retry_after_secs: u64 },

    /// Zoho reported fewer daily credits left than the configured reserve: the connector stopped
    /// before spending what the portal's other integrations need.
    #[error(
        "Zoho Desk reports {remaining} API credits left today, and `api_credit_reserve` keeps \
         {reserve} for the portal's other integrations, so the sync stopped with a saved state. \
         Zoho resets the credits daily at midnight in the data center's time zone (the next \
         midnight UTC is {reset}); the next sync after that resumes where this one left off"
    )]
    CreditReserve {
        remaining: i64,
        reserve: u32,
        reset: String,
    },

    /// Zoho asked us (429 with `Retry-After`) to wait longer than the connector sits out.
    #[error(
        "Zoho Desk answered {request} with 429 {code} and asked to wait {retry_after_secs} s, longer \
         than the connector waits ({cap_secs} s). The sync stopped with a saved state; run it again \
         after that time and it resumes where it left off"
    )]
    RetryLater {
        code: String,
        request: String,
        retry_after_secs: u64,
        cap_secs: u64,
    },

    /// An HTTP answer we do not retry, or still failing after retries.
    #[error("{message}")]
    Http {
        status: u16,
        code: Option<String>,
        message: String,
        /// Method and path (never the query with tokens, never headers).
        request: String,
        transient: bool,
    },

    /// Network-level failure (connect, timeout, cut body) after retries.
    #[error(
        "could not reach Zoho ({request}): {message}. Check Data Center (or the URL overrides) and \
         that the network allows HTTPS to Zoho; the next sync resumes from the saved state"
    )]
    Transport { request: String, message: String },

    /// Zoho sent something we cannot read.
    #[error("unexpected response from Zoho ({request}): {message}")]
    Decode { request: String, message: String },

    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
}

impl Error {
    pub fn failure_type(&self) -> FailureType {
        match self {
            Error::Config(_) | Error::Auth(_) | Error::Forbidden { .. } => FailureType::ConfigError,
            Error::TokenThrottled(_)
            | Error::CreditsExhausted { .. }
            | Error::CreditReserve { .. }
            | Error::RetryLater { .. }
            | Error::Transport { .. } => FailureType::TransientError,
            Error::Http { transient, .. } => {
                if *transient {
                    FailureType::TransientError
                } else {
                    FailureType::SystemError
                }
            }
            Error::Decode { .. } | Error::Io(_) => FailureType::SystemError,
        }
    }

    /// A technical detail for `internal_message`, where there is one beyond the user text.
    pub fn internal(&self) -> Option<String> {
        match self {
            Error::Http {
                status,
                code,
                request,
                ..
            } => Some(format!(
                "{request} -> HTTP {status}{}",
                code.as_deref()
                    .map(|c| format!(" ({c})"))
                    .unwrap_or_default()
            )),
            Error::Forbidden { code, .. } => Some(code.clone()),
            Error::RetryLater { request, code, .. } => {
                Some(format!("{request} -> HTTP 429 ({code})"))
            }
            _ => None,
        }
    }

    /// Errors after which no other stream can make progress either.
    pub fn is_fatal_for_sync(&self) -> bool {
        matches!(
            self,
            Error::Auth(_)
                | Error::TokenThrottled(_)
                | Error::CreditsExhausted { .. }
                | Error::CreditReserve { .. }
                | Error::RetryLater { .. }
                | Error::Io(_)
        )
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
