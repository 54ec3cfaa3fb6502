//! Airbyte protocol wire types and the one stdout writer.
//!
//! Field names follow the protocol exactly (a mix of camelCase and snake_case). Output types omit
//! absent optionals instead of writing `null`, because the pydantic-v1 protocol models reject
//! `null` for optional fields. Input types are lenient (unknown keys ignored) except where the
//! protocol requires strictness: sync-mode enums.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::redact::Redactor;

/// Milliseconds since the Unix epoch, as the protocol's `emitted_at` wants them.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SyncMode {
    FullRefresh,
    Incremental,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DestinationSyncMode {
    Append,
    Overwrite,
    AppendDedup,
    Update,
    SoftDelete,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct StreamDescriptor {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
}

impl StreamDescriptor {
    pub fn new(name: &str) -> Self {
        StreamDescriptor {
            name: name.to_string(),
            namespace: None,
        }
    }
}

/// One stream of the CATALOG message.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AirbyteStream {
    pub name: String,
    pub json_schema: Value,
    pub supported_sync_modes: Vec<SyncMode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_defined_cursor: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_cursor_field: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_defined_primary_key: Option<Vec<Vec<String>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_resumable: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AirbyteCatalog {
    pub streams: Vec<AirbyteStream>,
}

/// One entry of the configured catalog given to `read`. Enums are strict on purpose: a bad
/// `sync_mode` must fail loudly (acceptance tests expect a TRACE ERROR).
#[derive(Debug, Clone, Deserialize)]
pub struct ConfiguredStream {
    pub stream: ConfiguredStreamInfo,
    pub sync_mode: SyncMode,
    pub destination_sync_mode: DestinationSyncMode,
    #[serde(default)]
    pub cursor_field: Option<Vec<String>>,
    #[serde(default)]
    pub primary_key: Option<Vec<Vec<String>>>,
}

/// The part of `stream` inside a configured stream that the connector uses; everything else
/// (the schema we produced ourselves, bookkeeping ids) is accepted and ignored.
#[derive(Debug, Clone, Deserialize)]
pub struct ConfiguredStreamInfo {
    pub name: String,
    #[serde(default)]
    pub namespace: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ConfiguredCatalog {
    pub streams: Vec<ConfiguredStream>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Status {
    Succeeded,
    Failed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum LogLevel {
    Fatal,
    Error,
    Warn,
    Info,
    Debug,
    Trace,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FailureType {
    SystemError,
    ConfigError,
    TransientError,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum StreamStatus {
    Started,
    Running,
    Complete,
    Incomplete,
}

/// A STREAM state, both as we write it and as we read it back from `--state`.
#[derive(Debug, Clone, Serialize)]
pub struct StreamState {
    pub stream_descriptor: StreamDescriptor,
    pub stream_state: Value,
}

#[derive(Serialize)]
struct SourceStats {
    #[serde(rename = "recordCount")]
    record_count: f64,
}

#[derive(Serialize)]
struct StateMessage<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    stream: &'a StreamState,
    #[serde(rename = "sourceStats")]
    source_stats: SourceStats,
}

#[derive(Serialize)]
struct LogMessage<'a> {
    level: LogLevel,
    message: &'a str,
}

#[derive(Serialize)]
struct ConnectionStatus<'a> {
    status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<&'a str>,
}

#[derive(Serialize)]
struct ErrorTrace<'a> {
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    internal_message: Option<&'a str>,
    failure_type: FailureType,
    #[serde(skip_serializing_if = "Option::is_none")]
    stream_descriptor: Option<StreamDescriptor>,
}

#[derive(Serialize)]
struct RateLimited {
    #[serde(skip_serializing_if = "Option::is_none")]
    quota_reset: Option<i64>,
}

#[derive(Serialize)]
struct StatusReason {
    #[serde(rename = "type")]
    kind: &'static str,
    rate_limited: RateLimited,
}

#[derive(Serialize)]
struct StreamStatusTrace {
    stream_descriptor: StreamDescriptor,
    status: StreamStatus,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    reasons: Vec<StatusReason>,
}

#[derive(Serialize)]
struct Estimate<'a> {
    name: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    row_estimate: u64,
}

#[derive(Serialize)]
#[serde(tag = "type", rename_all = "SCREAMING_SNAKE_CASE")]
enum Trace<'a> {
    Error {
        emitted_at: i64,
        error: ErrorTrace<'a>,
    },
    StreamStatus {
        emitted_at: i64,
        stream_status: StreamStatusTrace,
    },
    Estimate {
        emitted_at: i64,
        estimate: Estimate<'a>,
    },
}

#[derive(Serialize)]
#[serde(tag = "type", rename_all = "SCREAMING_SNAKE_CASE")]
enum Message<'a> {
    Spec {
        spec: &'a Value,
    },
    ConnectionStatus {
        #[serde(rename = "connectionStatus")]
        connection_status: ConnectionStatus<'a>,
    },
    Catalog {
        catalog: &'a AirbyteCatalog,
    },
    State {
        state: StateMessage<'a>,
    },
    Log {
        log: LogMessage<'a>,
    },
    Trace {
        trace: Trace<'a>,
    },
}

/// The connector's only way to stdout: one protocol message per line, buffered, flushed after
/// every STATE (so a checkpoint is never held back in a buffer) and on `flush`.
///
/// Cloning is cheap; all clones share one writer. Free text (logs, errors) passes through the
/// [`Redactor`] so a secret can never reach the output, whatever a library put in a message.
#[derive(Clone)]
pub struct Emitter {
    inner: Arc<Mutex<Box<dyn Write + Send>>>,
    redactor: Redactor,
}

impl Emitter {
    pub fn new(out: Box<dyn Write + Send>, redactor: Redactor) -> Self {
        Emitter {
            inner: Arc::new(Mutex::new(out)),
            redactor,
        }
    }

    /// An emitter over buffered stdout.
    pub fn stdout(redactor: Redactor) -> Self {
        Self::new(
            Box::new(std::io::BufWriter::with_capacity(
                1 << 16,
                std::io::stdout(),
            )),
            redactor,
        )
    }

    pub fn redactor(&self) -> &Redactor {
        &self.redactor
    }

    fn write_line(&self, bytes: &[u8], flush: bool) -> std::io::Result<()> {
        let mut out = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        out.write_all(bytes)?;
        out.write_all(b"\n")?;
        if flush {
            out.flush()?;
        }
        Ok(())
    }

    fn message(&self, message: &Message<'_>, flush: bool) -> std::io::Result<()> {
        let line = serde_json::to_vec(message).map_err(std::io::Error::other)?;
        self.write_line(&line, flush)
    }

    pub fn spec(&self, spec: &Value) -> std::io::Result<()> {
        self.message(&Message::Spec { spec }, true)
    }

    pub fn connection_status(&self, status: Status, message: Option<&str>) -> std::io::Result<()> {
        let message = message.map(|m| self.redactor.redact(m));
        self.message(
            &Message::ConnectionStatus {
                connection_status: ConnectionStatus {
                    status,
                    message: message.as_deref(),
                },
            },
            true,
        )
    }

    pub fn catalog(&self, catalog: &AirbyteCatalog) -> std::io::Result<()> {
        self.message(&Message::Catalog { catalog }, true)
    }

    /// Writes a batch of records of one stream under one lock. Each item is the record's JSON
    /// object text exactly as Zoho sent it (possibly with a parent id spliced in); it is not
    /// re-serialized, except that line breaks become spaces (see [`one_line`]).
    pub fn records<'r>(
        &self,
        stream: &str,
        rows: impl IntoIterator<Item = &'r str>,
    ) -> std::io::Result<u64> {
        let emitted_at = now_ms();
        let prefix = format!(
            "{{\"type\":\"RECORD\",\"record\":{{\"stream\":{},\"data\":",
            Value::String(stream.to_string())
        );
        let suffix = format!(",\"emitted_at\":{emitted_at}}}}}\n");
        let mut count = 0;
        let mut out = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        for row in rows {
            out.write_all(prefix.as_bytes())?;
            out.write_all(one_line(row).as_bytes())?;
            out.write_all(suffix.as_bytes())?;
            count += 1;
        }
        Ok(count)
    }

    /// A STREAM state checkpoint; `record_count` counts the records of this stream emitted since
    /// its previous checkpoint.
    pub fn state(&self, state: &StreamState, record_count: u64) -> std::io::Result<()> {
        self.message(
            &Message::State {
                state: StateMessage {
                    kind: "STREAM",
                    stream: state,
                    source_stats: SourceStats {
                        record_count: record_count as f64,
                    },
                },
            },
            true,
        )
    }

    pub fn log(&self, level: LogLevel, message: &str) -> std::io::Result<()> {
        let message = self.redactor.redact(message);
        self.message(
            &Message::Log {
                log: LogMessage {
                    level,
                    message: &message,
                },
            },
            matches!(level, LogLevel::Error | LogLevel::Fatal),
        )
    }

    pub fn error_trace(
        &self,
        message: &str,
        internal_message: Option<&str>,
        failure_type: FailureType,
        stream: Option<&str>,
    ) -> std::io::Result<()> {
        let message = self.redactor.redact(message);
        let internal = internal_message.map(|m| self.redactor.redact(m));
        self.message(
            &Message::Trace {
                trace: Trace::Error {
                    emitted_at: now_ms(),
                    error: ErrorTrace {
                        message: &message,
                        internal_message: internal.as_deref(),
                        failure_type,
                        stream_descriptor: stream.map(StreamDescriptor::new),
                    },
                },
            },
            true,
        )
    }

    /// STREAM_STATUS trace; `rate_limited_until` (epoch ms) adds a RATE_LIMITED reason.
    pub fn stream_status(
        &self,
        stream: &str,
        status: StreamStatus,
        rate_limited_until: Option<Option<i64>>,
    ) -> std::io::Result<()> {
        let reasons = match rate_limited_until {
            Some(quota_reset) => vec![StatusReason {
                kind: "RATE_LIMITED",
                rate_limited: RateLimited { quota_reset },
            }],
            None => Vec::new(),
        };
        self.message(
            &Message::Trace {
                trace: Trace::StreamStatus {
                    emitted_at: now_ms(),
                    stream_status: StreamStatusTrace {
                        stream_descriptor: StreamDescriptor::new(stream),
                        status,
                        reasons,
                    },
                },
            },
            true,
        )
    }

    pub fn estimate(&self, stream: &str, rows: u64) -> std::io::Result<()> {
        self.message(
            &Message::Trace {
                trace: Trace::Estimate {
                    emitted_at: now_ms(),
                    estimate: Estimate {
                        name: stream,
                        kind: "STREAM",
                        row_estimate: rows,
                    },
                },
            },
            false,
        )
    }

    pub fn flush(&self) -> std::io::Result<()> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner()).flush()
    }
}

/// A record's raw JSON text on one line, so it cannot break the one-message-per-line framing:
/// a pretty-printed body keeps its line breaks inside the rows split from it. In valid JSON a
/// raw CR or LF can only be whitespace between tokens (inside strings they must be escaped), so
/// turning each into a space changes nothing a parser sees. Rows without one (the normal case)
/// are passed through untouched, without a copy.
fn one_line(row: &str) -> Cow<'_, str> {
    if row.bytes().any(|b| b == b'\n' || b == b'\r') {
        Cow::Owned(row.replace(['\n', '\r'], " "))
    } else {
        Cow::Borrowed(row)
    }
}

/// Parses the `--state` file: a JSON array of state messages (the current form), an empty file,
/// `[]`, `null`, or a legacy object (treated as no state, with a warning by the caller). Returns
/// the latest `stream_state` per stream name. PyAirbyte's extra keys and nulls are ignored.
pub fn parse_state(text: &str) -> Result<(BTreeMap<String, Value>, bool), serde_json::Error> {
    let mut states = BTreeMap::new();
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Ok((states, false));
    }
    let value: Value = serde_json::from_str(trimmed)?;
    let items = match value {
        Value::Array(items) => items,
        Value::Null => return Ok((states, false)),
        Value::Object(ref map) if map.is_empty() => return Ok((states, false)),
        Value::Object(_) => return Ok((states, true)),
        _ => return Ok((states, true)),
    };
    let mut ignored = false;
    for item in items {
        let stream = item.get("stream").filter(|s| !s.is_null());
        let name = stream
            .and_then(|s| s.get("stream_descriptor"))
            .and_then(|d| d.get("name"))
            .and_then(Value::as_str);
        match (name, stream) {
            (Some(name), Some(stream)) => {
                let st = stream.get("stream_state").cloned().unwrap_or(Value::Null);
                states.insert(name.to_string(), st);
            }
            _ => ignored = true,
        }
    }
    Ok((states, ignored))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Default)]
    struct Buf(Arc<Mutex<Vec<u8>>>);
    impl Write for Buf {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn lines(buf: &Buf) -> Vec<Value> {
        let bytes = buf.0.lock().unwrap().clone();
        String::from_utf8(bytes)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    #[test]
    fn pretty_printed_rows_stay_on_one_line_unchanged_in_meaning() {
        let buf = Buf::default();
        let em = Emitter::new(Box::new(buf.clone()), Redactor::default());
        let pretty =
            "{\r\n  \"id\": \"1\",\n  \"text\": \"a\\nb\",\n  \"n\": 12345678901234567890.5\n}";
        em.records("tickets", [pretty, "{\"id\":\"2\"}"]).unwrap();
        let text = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
        assert_eq!(text.matches('\n').count(), 2, "{text}");
        assert!(!text.contains('\r'), "{text}");
        let first: Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
        let want: Value = serde_json::from_str(pretty).unwrap();
        assert_eq!(first["record"]["data"], want);
        assert_eq!(first["record"]["data"]["text"], "a\nb");
        // The number's digits pass through as Zoho sent them.
        assert!(text.contains("12345678901234567890.5"), "{text}");
        assert!(matches!(one_line("{\"id\":\"2\"}"), Cow::Borrowed(_)));
    }

    #[test]
    fn records_pass_through_verbatim_one_per_line() {
        let buf = Buf::default();
        let em = Emitter::new(Box::new(buf.clone()), Redactor::default());
        let n = em
            .records("tickets", ["{\"id\":\"1\",\"x\":1.50}", "{\"id\":\"2\"}"])
            .unwrap();
        assert_eq!(n, 2);
        let text = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
        // `1.50` survives byte for byte: no re-serialization.
        assert!(text.contains("\"data\":{\"id\":\"1\",\"x\":1.50}"));
        let msgs = lines(&buf);
        assert_eq!(msgs.len(), 2);
        assert_eq!(msgs[0]["type"], "RECORD");
        assert_eq!(msgs[0]["record"]["stream"], "tickets");
        assert!(msgs[0]["record"]["emitted_at"].is_i64());
    }

    #[test]
    fn state_has_stream_type_and_float_count() {
        let buf = Buf::default();
        let em = Emitter::new(Box::new(buf.clone()), Redactor::default());
        let st = StreamState {
            stream_descriptor: StreamDescriptor::new("tickets"),
            stream_state: serde_json::json!({"modifiedTime": "2024-01-01T00:00:00.000Z"}),
        };
        em.state(&st, 3).unwrap();
        let text = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
        assert!(text.contains("\"recordCount\":3.0"), "{text}");
        let msgs = lines(&buf);
        assert_eq!(msgs[0]["state"]["type"], "STREAM");
        assert!(
            msgs[0]["state"]["stream"]["stream_descriptor"]
                .get("namespace")
                .is_none()
        );
    }

    #[test]
    fn logs_and_traces_are_redacted() {
        let buf = Buf::default();
        let em = Emitter::new(Box::new(buf.clone()), Redactor::new(["s3cr3t-value"]));
        em.log(LogLevel::Info, "token s3cr3t-value leaked").unwrap();
        em.error_trace(
            "bad s3cr3t-value",
            Some("s3cr3t-value"),
            FailureType::ConfigError,
            Some("t"),
        )
        .unwrap();
        let text = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
        assert!(!text.contains("s3cr3t-value"));
        let msgs = lines(&buf);
        assert_eq!(msgs[1]["trace"]["error"]["failure_type"], "config_error");
        assert_eq!(msgs[1]["trace"]["error"]["stream_descriptor"]["name"], "t");
    }

    #[test]
    fn stream_status_with_rate_limit_reason() {
        let buf = Buf::default();
        let em = Emitter::new(Box::new(buf.clone()), Redactor::default());
        em.stream_status("tickets", StreamStatus::Running, Some(Some(42)))
            .unwrap();
        em.stream_status("tickets", StreamStatus::Complete, None)
            .unwrap();
        let msgs = lines(&buf);
        let reason = &msgs[0]["trace"]["stream_status"]["reasons"][0];
        assert_eq!(reason["type"], "RATE_LIMITED");
        assert_eq!(reason["rate_limited"]["quota_reset"], 42);
        assert!(msgs[1]["trace"]["stream_status"].get("reasons").is_none());
    }

    #[test]
    fn state_file_forms() {
        assert!(parse_state("").unwrap().0.is_empty());
        assert!(parse_state("[]").unwrap().0.is_empty());
        assert!(parse_state("null").unwrap().0.is_empty());
        let (_, legacy) = parse_state("{\"tickets\":{\"x\":1}}").unwrap();
        assert!(legacy);
        // PyAirbyte's shape: nulls and odd keys everywhere.
        let text = r#"[{"type":"STREAM","stream":{"stream_descriptor":{"name":"tickets","namespace":null},
            "stream_state":{"modifiedTime":"2024-01-01T00:00:00.000Z"}},"data":null,"global_":null,
            "sourceStats":null,"destinationStats":null},
            {"type":"STREAM","stream":{"stream_descriptor":{"name":"tickets"},"stream_state":{"modifiedTime":"2024-02-01T00:00:00.000Z"}}}]"#;
        let (states, ignored) = parse_state(text).unwrap();
        assert!(!ignored);
        assert_eq!(
            states["tickets"]["modifiedTime"],
            "2024-02-01T00:00:00.000Z"
        );
        assert!(parse_state("{not json").is_err());
    }

    #[test]
    fn configured_catalog_is_strict_on_sync_mode() {
        let good = r#"{"streams":[{"stream":{"name":"tickets","json_schema":{},"supported_sync_modes":["full_refresh"]},
            "sync_mode":"incremental","destination_sync_mode":"append_dedup","generation_id":1,"sync_id":1}]}"#;
        let cat: ConfiguredCatalog = serde_json::from_str(good).unwrap();
        assert_eq!(cat.streams[0].sync_mode, SyncMode::Incremental);
        let bad = good.replace("\"incremental\"", "\"INVALID\"");
        assert!(serde_json::from_str::<ConfiguredCatalog>(&bad).is_err());
    }
}
