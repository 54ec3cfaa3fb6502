//! The connector's configuration: one Rust type that is both the parser and, through schemars,
//! the `spec` the platform draws its form from. Doc comments here are the UI text.

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use crate::error::Error;
use crate::timefmt;

/// Zoho data centers. Each one pairs an accounts server (where tokens are minted) with a Desk
/// API host; a token only works on the Desk host of its own data center.
/// Source: zoho-desk-api.md §1.1 ([doc] MULTIDC; CA is zohocloud.ca, not zoho.ca).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
pub enum DataCenter {
    #[default]
    US,
    EU,
    IN,
    AU,
    JP,
    CN,
    SA,
    CA,
}

impl DataCenter {
    pub const ALL: [DataCenter; 8] = [
        DataCenter::US,
        DataCenter::EU,
        DataCenter::IN,
        DataCenter::AU,
        DataCenter::JP,
        DataCenter::CN,
        DataCenter::SA,
        DataCenter::CA,
    ];

    /// (accounts server, Desk host), both without a trailing slash.
    pub fn hosts(self) -> (&'static str, &'static str) {
        match self {
            DataCenter::US => ("https://accounts.zoho.com", "https://desk.zoho.com"),
            DataCenter::EU => ("https://accounts.zoho.eu", "https://desk.zoho.eu"),
            DataCenter::IN => ("https://accounts.zoho.in", "https://desk.zoho.in"),
            DataCenter::AU => ("https://accounts.zoho.com.au", "https://desk.zoho.com.au"),
            DataCenter::JP => ("https://accounts.zoho.jp", "https://desk.zoho.jp"),
            DataCenter::CN => ("https://accounts.zoho.com.cn", "https://desk.zoho.com.cn"),
            DataCenter::SA => ("https://accounts.zoho.sa", "https://desk.zoho.sa"),
            DataCenter::CA => ("https://accounts.zohocloud.ca", "https://desk.zohocloud.ca"),
        }
    }
}

/// OAuth 2.0 credentials of a Zoho API client (a "Self Client" or server-based client created
/// in the Zoho API Console of the same data center as the Desk portal).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[schemars(title = "OAuth2.0")]
pub struct Credentials {
    /// Authentication method; always `oauth2.0`.
    #[serde(default = "default_auth_type")]
    #[schemars(title = "Auth Type", extend("const" = "oauth2.0", "order" = 0))]
    pub auth_type: String,
    /// Client ID of your Zoho API client (API Console).
    #[schemars(title = "Client ID", extend("airbyte_secret" = true, "order" = 1))]
    pub client_id: String,
    /// Client secret of your Zoho API client (API Console).
    #[schemars(title = "Client Secret", extend("airbyte_secret" = true, "order" = 2))]
    pub client_secret: String,
    /// A refresh token minted for that client with `access_type=offline` and the Desk read
    /// scopes (Desk.tickets.READ, Desk.contacts.READ, Desk.basic.READ, Desk.settings.READ,
    /// Desk.search.READ).
    #[schemars(title = "Refresh Token", extend("airbyte_secret" = true, "order" = 3))]
    pub refresh_token: String,
}

fn default_auth_type() -> String {
    "oauth2.0".to_string()
}

/// Zoho Desk source configuration.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[schemars(title = "Zoho Desk Source Spec")]
pub struct Config {
    /// Zoho authentication.
    #[schemars(title = "Authentication", extend("order" = 0))]
    pub credentials: Credentials,
    /// Your Zoho Desk Organization ID (orgId). In Zoho Desk open Setup > Developer Space > API;
    /// the OrgId is shown at the bottom of the page.
    #[serde(deserialize_with = "string_or_number")]
    #[schemars(title = "Organization ID", extend("order" = 1, "pattern" = "^[0-9]+$"))]
    pub organization_id: String,
    /// The Zoho data center your Desk portal lives in (the domain you sign in on: zoho.com = US,
    /// zoho.eu = EU, zoho.in = IN, zoho.com.au = AU, zoho.jp = JP, zoho.com.cn = CN, zoho.sa = SA,
    /// zohocloud.ca = CA).
    #[serde(default)]
    #[schemars(title = "Data Center", extend("order" = 2))]
    pub data_center: DataCenter,
    /// UTC date and time from which to replicate incremental streams, e.g.
    /// 2024-01-01T00:00:00Z. Leave empty to read all history.
    #[serde(default)]
    #[schemars(
        title = "Start Date",
        extend(
            "order" = 3,
            "format" = "date-time",
            "pattern" = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?Z$",
            "examples" = ["2024-01-01T00:00:00Z"]
        )
    )]
    pub start_date: Option<String>,
    /// Rows per request. Defaults to each endpoint's maximum (fewest API credits); values above
    /// an endpoint's maximum are capped to it.
    #[serde(default)]
    #[schemars(title = "Page Size (Limit)", range(min = 1, max = 200), extend("order" = 4))]
    pub page_size: Option<u32>,
    /// Most API requests in flight at once. Zoho allows 5 (Free) to 25 (Enterprise) concurrent
    /// calls per portal, shared by every integration; the connector also lowers its own rate
    /// when Zoho answers 429.
    #[serde(default = "default_concurrency")]
    #[schemars(title = "Max Concurrent Requests", range(min = 1, max = 25), extend("order" = 5))]
    pub max_concurrent_requests: u32,
    /// Only read these departments (their numeric ids, from Setup > General > Departments or
    /// the departments stream). Pushed down to every department-scoped endpoint; leave empty for
    /// all departments the authorizing agent can see.
    #[serde(default)]
    #[schemars(title = "Department IDs", extend("order" = 6))]
    pub department_ids: Option<Vec<String>>,
    /// Advanced: override the Zoho accounts server (e.g. a proxy). The connector appends
    /// /oauth/v2/token.
    #[serde(default)]
    #[schemars(title = "Accounts Server URL (advanced)", extend("order" = 7, "format" = "uri"))]
    pub accounts_url: Option<String>,
    /// Advanced: override the Zoho Desk host (e.g. a proxy). The connector appends /api/v1.
    #[serde(default)]
    #[schemars(title = "Desk API URL (advanced)", extend("order" = 8, "format" = "uri"))]
    pub desk_url: Option<String>,
    /// Minutes before the saved cursor that an incremental sync of a search-indexed stream
    /// (tickets, contacts, accounts) reads again: Zoho's search index may list a change a little
    /// after it happened, and this catches such late rows. Rows in the window are emitted again
    /// (deduplicated by primary key in the destination).
    #[serde(default = "default_lookback")]
    #[schemars(title = "Lookback Window (minutes)", range(min = 0, max = 1440), extend("order" = 9))]
    pub lookback_window: u32,
    /// Adds `contentPlainText` to rows whose message text is HTML (thread contents, comments):
    /// the text without tags, scripts and styles, with line breaks for paragraphs, lines and
    /// list items, for feeding text to search or language models. The original `content` is
    /// always kept as Zoho sent it.
    #[serde(default)]
    #[schemars(title = "Add Plain Text of HTML Content", extend("order" = 10))]
    pub plain_text: bool,
    /// Days of history the dashboard metric streams (`dashboard_…`) read, back from today. Each
    /// of them costs one API call per day, so a long start date makes their first sync costly;
    /// without this they start at the start date (a year back when there is none).
    #[serde(default)]
    #[schemars(
        title = "Dashboard History (days)",
        range(min = 1, max = 3660),
        extend("order" = 11)
    )]
    pub dashboard_history_days: Option<u32>,
    /// API credits left unspent for the portal's own automations and other integrations (Zoho's
    /// daily credits are shared by all of them). Once Zoho reports fewer left than this plus
    /// what the requests in flight may cost, the sync stops with a saved state and a transient
    /// error naming the daily reset; the next sync resumes. 0 spends down to Zoho's own limit.
    #[serde(default = "default_credit_reserve")]
    #[schemars(
        title = "API Credit Reserve",
        range(min = 0, max = 1_000_000),
        extend("order" = 12)
    )]
    pub api_credit_reserve: u32,
}

fn default_lookback() -> u32 {
    5
}

/// A fifth of the smallest edition's day (Free: 5,000 credits), a percent of Enterprise's.
fn default_credit_reserve() -> u32 {
    1000
}

/// Allowed `api_credit_reserve` (the largest edition's daily budget is a few hundred thousand).
pub const CREDIT_RESERVE: std::ops::RangeInclusive<u32> = 0..=1_000_000;

fn default_concurrency() -> u32 {
    4
}

/// Allowed `page_size` (Zoho's largest page is 200 rows).
pub const PAGE_SIZE: std::ops::RangeInclusive<u32> = 1..=200;
/// Allowed `dashboard_history_days` (ten years).
pub const DASHBOARD_DAYS: std::ops::RangeInclusive<u32> = 1..=3660;
/// Allowed `max_concurrent_requests` (Zoho's largest per-portal allowance is 25).
pub const CONCURRENCY: std::ops::RangeInclusive<u32> = 1..=25;

fn in_range(
    key: &str,
    value: u32,
    range: std::ops::RangeInclusive<u32>,
    why: &str,
) -> Result<(), Error> {
    if range.contains(&value) {
        return Ok(());
    }
    Err(Error::Config(format!(
        "invalid config: `{key}` must be between {} and {} (got {value}; {why})",
        range.start(),
        range.end()
    )))
}

/// An absolute http(s) URL with a host (e.g. not "http://" or "desk.zoho.eu").
fn is_base_url(text: &str) -> bool {
    reqwest::Url::parse(text).is_ok_and(|u| {
        matches!(u.scheme(), "http" | "https") && u.host_str().is_some_and(|h| !h.is_empty())
    })
}

fn string_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    match Value::deserialize(d)? {
        Value::String(s) => Ok(s.trim().to_string()),
        Value::Number(n) => Ok(n.to_string()),
        other => Err(serde::de::Error::custom(format!(
            "expected a string of digits, got {other}"
        ))),
    }
}

impl Config {
    /// Parses and validates a config file's text. Every failure names the field and is a config
    /// error; the message never repeats a secret value.
    pub fn parse(text: &str) -> Result<Config, Error> {
        let value: Value = serde_json::from_str(text)
            .map_err(|e| Error::Config(format!("the config file is not valid JSON: {e}")))?;
        let value = strip_nulls(value);
        let config: Config = serde_path_to_error::deserialize(value).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner();
            if path == "." {
                Error::Config(format!("invalid config: {inner}"))
            } else {
                Error::Config(format!("invalid config: `{path}`: {inner}"))
            }
        })?;
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> Result<(), Error> {
        if self.organization_id.is_empty()
            || !self.organization_id.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(Error::Config(
                "invalid config: `organization_id` must be the numeric OrgId from Zoho Desk \
                 (Setup > Developer Space > API)"
                    .into(),
            ));
        }
        let c = &self.credentials;
        for (name, v) in [
            ("credentials.client_id", &c.client_id),
            ("credentials.client_secret", &c.client_secret),
            ("credentials.refresh_token", &c.refresh_token),
        ] {
            if v.trim().is_empty() {
                return Err(Error::Config(format!("invalid config: `{name}` is empty")));
            }
        }
        if c.auth_type != "oauth2.0" {
            return Err(Error::Config(
                "invalid config: `credentials.auth_type` must be \"oauth2.0\"".into(),
            ));
        }
        if let Some(s) = &self.start_date
            && timefmt::parse_user(s).is_none()
        {
            return Err(Error::Config(format!(
                "invalid config: `start_date` \"{s}\" is not a date-time like 2024-01-01T00:00:00Z"
            )));
        }
        // Out-of-range numbers are refused rather than clamped: the spec declares the range, so
        // a value outside it is a typo or a misunderstanding the user should see.
        if let Some(n) = self.page_size {
            in_range("page_size", n, PAGE_SIZE, "rows per request")?;
        }
        if let Some(n) = self.dashboard_history_days {
            in_range(
                "dashboard_history_days",
                n,
                DASHBOARD_DAYS,
                "days back from today",
            )?;
        }
        in_range(
            "max_concurrent_requests",
            self.max_concurrent_requests,
            CONCURRENCY,
            "Zoho allows 5 (Free) to 25 (Enterprise) concurrent calls per portal",
        )?;
        in_range(
            "api_credit_reserve",
            self.api_credit_reserve,
            CREDIT_RESERVE,
            "credits left unspent for the portal's other integrations",
        )?;
        if let Some(ids) = &self.department_ids
            && let Some(bad) = ids
                .iter()
                .find(|id| id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(Error::Config(format!(
                "invalid config: `department_ids` must hold numeric department ids (got \"{bad}\")"
            )));
        }
        for (name, url, example) in [
            (
                "accounts_url",
                &self.accounts_url,
                "https://accounts.zoho.eu",
            ),
            ("desk_url", &self.desk_url, "https://desk.zoho.eu"),
        ] {
            if let Some(u) = url
                && !is_base_url(u)
            {
                return Err(Error::Config(format!(
                    "invalid config: `{name}` must be an absolute http(s) URL with a host name, \
                     like {example} (got \"{u}\"); leave it empty to use the data center's server"
                )));
            }
        }
        Ok(())
    }

    /// What parsing decided on the user's behalf, to be logged as WARN (today: a `start_date`
    /// that is not in the canonical UTC form, and the exact instant it was read as).
    pub fn notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        if let (Some(text), Some(ms)) = (&self.start_date, self.start_ms())
            && timefmt::parse_zoho(text.trim()).is_none_or(|_| !text.trim().ends_with('Z'))
        {
            notes.push(format!(
                "`start_date` \"{text}\" is not a UTC date-time like 2024-01-01T00:00:00Z; it was \
                 read as {} (a date alone is midnight UTC, an offset is converted, no zone means UTC)",
                timefmt::format_zoho(ms)
            ));
        }
        notes
    }

    /// Token endpoint: the data center's accounts server, or the override.
    pub fn token_url(&self) -> String {
        let base = self
            .accounts_url
            .as_deref()
            .unwrap_or(self.data_center.hosts().0);
        format!("{}/oauth/v2/token", base.trim_end_matches('/'))
    }

    /// Desk API base, ending in `/api/v1` (no trailing slash).
    pub fn api_base(&self) -> String {
        let base = self
            .desk_url
            .as_deref()
            .unwrap_or(self.data_center.hosts().1)
            .trim_end_matches('/');
        let base = base.strip_suffix("/api/v1").unwrap_or(base);
        format!("{base}/api/v1")
    }

    /// `start_date` as epoch milliseconds (validated in `parse`).
    pub fn start_ms(&self) -> Option<i64> {
        self.start_date.as_deref().and_then(timefmt::parse_user)
    }

    /// The department filter, if one is configured (an empty list means no filter).
    pub fn departments(&self) -> Option<&[String]> {
        self.department_ids.as_deref().filter(|ids| !ids.is_empty())
    }

    /// Every value that must never appear in output.
    pub fn secrets(&self) -> Vec<String> {
        vec![
            self.credentials.client_id.clone(),
            self.credentials.client_secret.clone(),
            self.credentials.refresh_token.clone(),
        ]
    }
}

/// Whatever the config holds under the credential keys, as text, read leniently from a config
/// that may not parse: these are redacted from every output before parsing can fail.
pub fn raw_secrets(text: &str) -> Vec<String> {
    let Ok(value) = serde_json::from_str::<Value>(text) else {
        return Vec::new();
    };
    ["client_id", "client_secret", "refresh_token"]
        .iter()
        .filter_map(|k| value.get("credentials").and_then(|c| c.get(k)))
        .filter_map(|v| match v {
            Value::String(s) => Some(s.clone()),
            Value::Null => None,
            other => Some(other.to_string()),
        })
        .collect()
}

/// Airbyte UIs send `null` for optional fields left empty; treat them as absent so defaults apply.
fn strip_nulls(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, strip_nulls(v)))
                .collect(),
        ),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{"credentials":{"auth_type":"oauth2.0","client_id":"cid","client_secret":"csecret","refresh_token":"rtok"},
        "organization_id":"60001234567","data_center":"EU","start_date":"2024-01-01T00:00:00Z","unknown":1,"page_size":null}"#;

    #[test]
    fn parses_and_derives_hosts() {
        let c = Config::parse(GOOD).unwrap();
        assert_eq!(c.token_url(), "https://accounts.zoho.eu/oauth/v2/token");
        assert_eq!(c.api_base(), "https://desk.zoho.eu/api/v1");
        assert_eq!(c.max_concurrent_requests, 4);
        assert_eq!(c.page_size, None);
        assert!(c.start_ms().is_some());
    }

    #[test]
    fn ca_is_zohocloud() {
        let (a, d) = DataCenter::CA.hosts();
        assert!(a.contains("zohocloud.ca") && d.contains("zohocloud.ca"));
    }

    #[test]
    fn overrides_take_precedence() {
        let text = GOOD.replace(
            "\"unknown\":1",
            "\"accounts_url\":\"http://127.0.0.1:9/\",\"desk_url\":\"http://127.0.0.1:9/api/v1\"",
        );
        let c = Config::parse(&text).unwrap();
        assert_eq!(c.token_url(), "http://127.0.0.1:9/oauth/v2/token");
        assert_eq!(c.api_base(), "http://127.0.0.1:9/api/v1");
    }

    #[test]
    fn errors_name_the_field_and_hide_secrets() {
        for (text, field) in [
            ("not json", "not valid JSON"),
            (
                r#"{"credentials":{"client_id":"cid","client_secret":"csecret","refresh_token":"rtok"}}"#,
                "organization_id",
            ),
            (&GOOD.replace("\"EU\"", "\"XX\""), "`data_center`"),
            (
                &GOOD.replace("2024-01-01T00:00:00Z", "yesterday"),
                "start_date",
            ),
            (&GOOD.replace("60001234567", "abc"), "organization_id"),
            (&GOOD.replace("\"rtok\"", "\"\""), "refresh_token"),
        ] {
            let err = Config::parse(text).unwrap_err().to_string();
            assert!(err.contains(field), "{err} should name {field}");
            assert!(!err.contains("csecret"), "{err}");
        }
    }

    #[test]
    fn raw_secrets_are_found_in_a_config_that_does_not_parse() {
        let text = r#"{"credentials":{"client_id":12345678,"client_secret":"s3cret-x","refresh_token":"rt-1234"}}"#;
        assert!(Config::parse(text).is_err());
        assert_eq!(raw_secrets(text), ["12345678", "s3cret-x", "rt-1234"]);
        assert!(raw_secrets("not json").is_empty());
    }

    #[test]
    fn out_of_range_values_and_hostless_urls_name_the_key_and_the_range() {
        for (from, to, needles) in [
            (
                "\"page_size\":null",
                "\"page_size\":1000",
                &["`page_size`", "1 and 200"][..],
            ),
            (
                "\"page_size\":null",
                "\"page_size\":0",
                &["`page_size`", "1 and 200"],
            ),
            (
                "\"page_size\":null",
                "\"max_concurrent_requests\":100000",
                &["`max_concurrent_requests`", "1 and 25"],
            ),
            (
                "\"page_size\":null",
                "\"api_credit_reserve\":2000000",
                &["`api_credit_reserve`", "0 and 1000000"],
            ),
            (
                "\"page_size\":null",
                "\"accounts_url\":\"http://\"",
                &["`accounts_url`", "absolute http(s) URL", "\"http://\""],
            ),
            (
                "\"page_size\":null",
                "\"desk_url\":\"desk.zoho.eu\"",
                &["`desk_url`", "host"],
            ),
            (
                "\"page_size\":null",
                "\"dashboard_history_days\":0",
                &["`dashboard_history_days`", "1 and 3660"],
            ),
        ] {
            let err = Config::parse(&GOOD.replace(from, to))
                .unwrap_err()
                .to_string();
            for n in needles {
                assert!(err.contains(n), "{err} should contain {n}");
            }
        }
        assert!(Config::parse(&GOOD.replace("\"page_size\":null", "\"page_size\":200")).is_ok());
    }

    #[test]
    fn non_canonical_start_dates_are_converted_exactly_and_said_so() {
        let c = Config::parse(&GOOD.replace("2024-01-01T00:00:00Z", "2024-01-01T02:00:00+02:00"))
            .unwrap();
        assert_eq!(c.start_ms(), Some(1_704_067_200_000));
        let notes = c.notes();
        assert!(notes[0].contains("2024-01-01T00:00:00.000Z"), "{notes:?}");
        let c = Config::parse(&GOOD.replace("2024-01-01T00:00:00Z", "2024-01-01")).unwrap();
        assert_eq!(c.start_ms(), Some(1_704_067_200_000));
        assert_eq!(c.notes().len(), 1);
        assert!(Config::parse(GOOD).unwrap().notes().is_empty());
    }

    #[test]
    fn numeric_org_id_is_accepted() {
        let c = Config::parse(&GOOD.replace("\"60001234567\"", "60001234567")).unwrap();
        assert_eq!(c.organization_id, "60001234567");
    }
}
