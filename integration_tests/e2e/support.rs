//! Shared machinery of the end-to-end tests: an emulator per test, the real connector binary,
//! output parsing, the official protocol validator and the secret scan.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use serde_json::{Value, json};
use zoho_desk_emulator::{Emulator, EmulatorConfig};

pub const CLIENT_ID: &str = "e2e-client-id-7f3a";
pub const CLIENT_SECRET: &str = "e2e-client-secret-9b2c";
pub const REFRESH_TOKEN: &str = "e2e-refresh-token-4d1e";
pub const ORG_ID: u64 = 60001234567;

/// An emulator configured with this suite's credentials (long, unique strings, so the secret
/// scan cannot match by accident).
pub fn emulator(cfg: EmulatorConfig) -> Emulator {
    let cfg = EmulatorConfig {
        client_id: CLIENT_ID.into(),
        client_secret: CLIENT_SECRET.into(),
        refresh_token: REFRESH_TOKEN.into(),
        org_id: ORG_ID,
        ..cfg
    };
    Emulator::start(cfg).expect("emulator starts")
}

pub fn base_config(url: &str) -> Value {
    json!({
        "credentials": {
            "auth_type": "oauth2.0",
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "refresh_token": REFRESH_TOKEN
        },
        "organization_id": ORG_ID.to_string(),
        "data_center": "US",
        "start_date": "2020-01-01T00:00:00Z",
        // The dashboard streams cost a call per day since start_date; their own tests
        // (dashboards.rs) lift this bound.
        "dashboard_history_days": 2,
        "max_concurrent_requests": 4,
        "accounts_url": url,
        "desk_url": url
    })
}

/// The 7 core streams, incremental where supported unless `full` is set.
pub fn catalog(streams: &[&str], incremental: bool) -> Value {
    let entries: Vec<Value> = streams
        .iter()
        .map(|name| {
            let inc = incremental && ["tickets", "contacts", "accounts"].contains(name);
            json!({
                "stream": {"name": name, "json_schema": {}, "supported_sync_modes": ["full_refresh", "incremental"]},
                "sync_mode": if inc { "incremental" } else { "full_refresh" },
                "destination_sync_mode": if inc { "append_dedup" } else { "overwrite" },
                "cursor_field": if inc { json!(["modifiedTime"]) } else { json!([]) },
                "primary_key": [["id"]],
                "generation_id": 1, "minimum_generation_id": 0, "sync_id": 1
            })
        })
        .collect();
    json!({ "streams": entries })
}

/// Every stream of `names` in incremental mode (append_dedup).
pub fn all_incremental(names: &[&str]) -> Value {
    let mut cat = catalog(names, true);
    for s in cat["streams"].as_array_mut().expect("streams") {
        s["sync_mode"] = json!("incremental");
        s["destination_sync_mode"] = json!("append_dedup");
    }
    cat
}

pub const CORE: &[&str] = &[
    "organizations",
    "agents",
    "departments",
    "teams",
    "tickets",
    "contacts",
    "accounts",
];

/// One run of the connector binary.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub messages: Vec<Value>,
}

impl Run {
    pub fn of_type(&self, t: &str) -> Vec<&Value> {
        self.messages.iter().filter(|m| m["type"] == t).collect()
    }

    pub fn records(&self, stream: &str) -> Vec<&Value> {
        self.messages
            .iter()
            .filter(|m| m["type"] == "RECORD" && m["record"]["stream"] == stream)
            .map(|m| &m["record"]["data"])
            .collect()
    }

    /// Ids of the live records: tombstones (`_ab_cdc_deleted_at` set, emitted into dedup
    /// destinations for deleted records) are not rows of the data; `deletes.rs` counts them.
    pub fn ids(&self, stream: &str) -> Vec<String> {
        self.records(stream)
            .iter()
            .filter(|d| d.get("_ab_cdc_deleted_at").is_none_or(Value::is_null))
            .map(|d| id_of(d))
            .collect()
    }

    /// Stream statuses in order, per stream.
    pub fn statuses(&self) -> BTreeMap<String, Vec<String>> {
        let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for m in &self.messages {
            if m["type"] == "TRACE" && m["trace"]["type"] == "STREAM_STATUS" {
                let s = &m["trace"]["stream_status"];
                out.entry(
                    s["stream_descriptor"]["name"]
                        .as_str()
                        .unwrap_or("?")
                        .into(),
                )
                .or_default()
                .push(s["status"].as_str().unwrap_or("?").into());
            }
        }
        out
    }

    pub fn final_status(&self, stream: &str) -> String {
        self.statuses()
            .get(stream)
            .and_then(|v| v.last().cloned())
            .unwrap_or_default()
    }

    /// The last STATE of each stream, as a `--state` file would hold it.
    pub fn last_states(&self) -> Value {
        let mut last: BTreeMap<String, Value> = BTreeMap::new();
        for m in self.of_type("STATE") {
            let name = m["state"]["stream"]["stream_descriptor"]["name"]
                .as_str()
                .unwrap_or("?")
                .to_string();
            last.insert(name, m["state"].clone());
        }
        Value::Array(last.into_values().collect())
    }

    /// Asserts `stream` ended INCOMPLETE with an error of `failure_type` whose message contains
    /// every one of `needles`.
    pub fn assert_stream_failed(&self, stream: &str, failure_type: &str, needles: &[&str]) {
        assert_eq!(self.final_status(stream), "INCOMPLETE", "{stream}");
        let e = self
            .errors()
            .into_iter()
            .find(|e| e["stream_descriptor"]["name"] == stream)
            .unwrap_or_else(|| panic!("no error for {stream}: {}", self.stdout));
        assert_eq!(e["failure_type"], failure_type, "{e}");
        let message = e["message"].as_str().unwrap_or("");
        for needle in needles {
            assert!(message.contains(needle), "{stream}: `{needle}` not in {e}");
        }
    }

    pub fn errors(&self) -> Vec<&Value> {
        self.messages
            .iter()
            .filter(|m| m["type"] == "TRACE" && m["trace"]["type"] == "ERROR")
            .map(|m| &m["trace"]["error"])
            .collect()
    }
}

pub fn id_of(d: &Value) -> String {
    match &d["id"] {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Runs the connector with `args`, writing `files` (name → JSON) into a temp dir first; paths in
/// `args` may name those files. Every run's output is checked by the official validator, for
/// protocol shape, and scanned for secrets.
pub fn run(args: &[&str], files: &[(&str, &Value)], env: &[(&str, &str)]) -> Run {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, value) in files {
        std::fs::write(dir.path().join(name), value.to_string()).expect("write input");
    }
    let args: Vec<String> = args
        .iter()
        .map(|a| {
            if files.iter().any(|(n, _)| n == a) {
                dir.path().join(a).display().to_string()
            } else {
                a.to_string()
            }
        })
        .collect();
    let out = Command::new(env!("CARGO_BIN_EXE_source-zoho-desk"))
        .args(&args)
        // Fast retries: the policy is under test, not the production wait times.
        .env("SOURCE_ZOHO_DESK_BACKOFF_BASE_MS", "5")
        .env("SOURCE_ZOHO_DESK_BACKOFF_CAP_MS", "50")
        .env("SOURCE_ZOHO_DESK_TOKEN_THROTTLE_WAIT_MS", "50")
        .envs(env.iter().copied())
        .output()
        .expect("run connector");
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    let mut messages = Vec::new();
    for line in stdout.lines() {
        let v: Value = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("stdout line is not JSON ({e}): {line}"));
        messages.push(v);
    }
    for secret in [CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN] {
        assert!(!stdout.contains(secret), "secret {secret} on stdout");
        assert!(!stderr.contains(secret), "secret {secret} on stderr");
    }
    validate_protocol(&stdout);
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout,
        stderr,
        messages,
    }
}

pub fn read(config: &Value, catalog: &Value, state: Option<&Value>) -> Run {
    read_env(config, catalog, state, &[])
}

pub fn read_env(
    config: &Value,
    catalog: &Value,
    state: Option<&Value>,
    env: &[(&str, &str)],
) -> Run {
    match state {
        Some(s) => run(
            &[
                "read",
                "--config",
                "config.json",
                "--catalog",
                "catalog.json",
                "--state",
                "state.json",
            ],
            &[
                ("config.json", config),
                ("catalog.json", catalog),
                ("state.json", s),
            ],
            env,
        ),
        None => run(
            &[
                "read",
                "--config",
                "config.json",
                "--catalog",
                "catalog.json",
            ],
            &[("config.json", config), ("catalog.json", catalog)],
            env,
        ),
    }
}

/// Python with the official protocol models: `$ZOHO_VALIDATOR_PYTHON`, else the pinned
/// `validator` environment.
fn validator_python() -> &'static PathBuf {
    static PY: OnceLock<PathBuf> = OnceLock::new();
    PY.get_or_init(|| match std::env::var("ZOHO_VALIDATOR_PYTHON") {
        Ok(p) => PathBuf::from(p),
        Err(_) => pinned_python("validator"),
    })
}

/// The Python of `target/{name}-venv`, holding exactly
/// `integration_tests/python/requirements-{name}.txt`; `integration_tests/python/venv.sh` makes
/// it on first use (and serializes concurrent installs across processes).
pub fn pinned_python(name: &str) -> PathBuf {
    let script = repo_path("integration_tests/python/venv.sh");
    let out = Command::new("bash")
        .arg(&script)
        .arg(name)
        .output()
        .unwrap_or_else(|e| panic!("bash {}: {e}", script.display()));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert!(
        out.status.success(),
        "the `{name}` Python environment could not be made (PyPI must be reachable):\n{}",
        lines[lines.len().saturating_sub(40)..].join("\n")
    );
    PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
}

/// A path inside the repository (the tests use nothing outside it).
fn repo_path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// Validates every line with the official Airbyte protocol models (the repository's validator).
pub fn validate_protocol(stdout: &str) {
    if stdout.trim().is_empty() {
        return;
    }
    if let Err(report) = protocol_problems(stdout) {
        panic!("protocol validation failed:\n{report}");
    }
}

/// Runs `integration_tests/python/validate_messages.py` on `output`; `Err` holds its report.
pub fn protocol_problems(output: &str) -> Result<(), String> {
    let mut file = tempfile::NamedTempFile::new().expect("temp file");
    file.write_all(output.as_bytes()).expect("write output");
    let out = Command::new(validator_python())
        .arg(repo_path("integration_tests/python/validate_messages.py"))
        .arg(file.path())
        .output()
        .expect("run validator");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    if out.status.success() {
        Ok(())
    } else {
        Err(report)
    }
}

/// Validates every record against its stream's schema from `discover`.
pub fn validate_records(run: &Run) {
    let mut validators: HashMap<String, jsonschema::Validator> = HashMap::new();
    for m in run.of_type("RECORD") {
        let stream = m["record"]["stream"]
            .as_str()
            .expect("stream name")
            .to_string();
        let v = validators.entry(stream.clone()).or_insert_with(|| {
            let schema = source_zoho_desk::schemas::schema(&stream).expect("schema exists");
            jsonschema::draft7::new(&schema).expect("schema compiles")
        });
        let data = &m["record"]["data"];
        let errors: Vec<String> = v.iter_errors(data).map(|e| e.to_string()).collect();
        assert!(
            errors.is_empty(),
            "{stream} record invalid: {errors:?}\n{data}"
        );
    }
}

// --- admin API of the emulator, over HTTP (the same interface a person or the demo uses) ---

fn http() -> &'static (tokio::runtime::Runtime, reqwest::Client) {
    static H: OnceLock<(tokio::runtime::Runtime, reqwest::Client)> = OnceLock::new();
    H.get_or_init(|| {
        (
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime"),
            reqwest::Client::new(),
        )
    })
}

pub fn admin_get(url: &str, path: &str) -> Value {
    let (rt, c) = http();
    rt.block_on(async {
        c.get(format!("{url}{path}"))
            .send()
            .await
            .expect("admin GET")
            .json()
            .await
            .expect("admin JSON")
    })
}

pub fn admin_send(url: &str, method: reqwest::Method, path: &str, body: &Value) -> Value {
    let (rt, c) = http();
    rt.block_on(async {
        let resp = c
            .request(method, format!("{url}{path}"))
            .json(body)
            .send()
            .await
            .expect("admin request");
        assert!(
            resp.status().is_success(),
            "admin {path}: {}",
            resp.status()
        );
        let text = resp.text().await.expect("admin body");
        serde_json::from_str(&text).unwrap_or(Value::Null)
    })
}

pub fn truth_ids(emu: &Emulator, module: &str) -> Vec<String> {
    admin_get(emu.url(), &format!("/_admin/truth/{module}"))["records"]
        .as_array()
        .expect("truth records")
        .iter()
        .map(id_of)
        .collect()
}

pub fn touch(emu: &Emulator, module: &str, count: usize) -> Vec<String> {
    admin_send(
        emu.url(),
        reqwest::Method::POST,
        "/_admin/touch",
        &json!({"module": module, "count": count}),
    )["records"]
        .as_array()
        .expect("touched records")
        .iter()
        .map(id_of)
        .collect()
}

pub fn settings(emu: &Emulator, patch: Value) {
    admin_send(emu.url(), reqwest::Method::PUT, "/_admin/settings", &patch);
}

pub fn stats(emu: &Emulator) -> Value {
    admin_get(emu.url(), "/_admin/stats")
}

/// Polls the emulator's statistics until `ready` holds (true) or about 5 s pass (false).
pub fn wait_for_stats(url: &str, ready: impl Fn(&Value) -> bool) -> bool {
    for _ in 0..2500 {
        if ready(&admin_get(url, "/_admin/stats")) {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    false
}

pub fn reset_stats(emu: &Emulator) {
    admin_send(
        emu.url(),
        reqwest::Method::POST,
        "/_admin/stats/reset",
        &json!({}),
    );
}

/// Asserts `got` holds exactly the ids of `want`: each once, none missing, none extra.
pub fn assert_exactly_once(stream: &str, got: &[String], want: &[String]) {
    assert_complete(stream, got, want, &[]);
}

/// One `ticket_metrics` row per ticket: metrics rows carry no id of their own, only `ticketId`.
pub fn assert_metrics_once_per_ticket(run: &Run, tickets: &[String]) {
    let metrics: Vec<String> = run
        .records("ticket_metrics")
        .iter()
        .map(|r| r["ticketId"].as_str().unwrap_or("?").to_string())
        .collect();
    assert_exactly_once("ticket_metrics", &metrics, tickets);
}

/// Default `lookback_window` of the connector's spec, in milliseconds.
pub const LOOKBACK_MS: i64 = 5 * 60_000;

/// Ids of `module`'s ground truth whose modifiedTime lies in [from, to] (epoch ms).
pub fn truth_ids_between(emu: &Emulator, module: &str, from: i64, to: i64) -> Vec<String> {
    admin_get(emu.url(), &format!("/_admin/truth/{module}"))["records"]
        .as_array()
        .expect("truth records")
        .iter()
        .filter(|r| {
            r["modifiedTime"]
                .as_str()
                .and_then(source_zoho_desk::timefmt::parse_zoho)
                .is_some_and(|t| t >= from && t <= to)
        })
        .map(id_of)
        .collect()
}

/// The cursor (epoch ms) `stream` saved under `field` in a run's last state.
pub fn saved_cursor(run: &Run, stream: &str, field: &str) -> i64 {
    let states = run.last_states();
    let st = states
        .as_array()
        .expect("states")
        .iter()
        .find(|s| s["stream"]["stream_descriptor"]["name"] == stream)
        .unwrap_or_else(|| panic!("no state for {stream}"));
    let text = st["stream"]["stream_state"][field]
        .as_str()
        .unwrap_or_else(|| panic!("{stream} state has no {field}: {st}"));
    source_zoho_desk::timefmt::parse_zoho(text).expect("cursor")
}

/// Asserts an inclusive incremental read: every id of `changed` arrived, and every other id is
/// one of `at_cursor` (rows at the saved cursor or in the lookback window, read again by design).
pub fn assert_changes(stream: &str, got: &[String], changed: &[String], at_cursor: &[String]) {
    for id in changed {
        assert!(got.contains(id), "{stream}: changed row {id} lost");
    }
    let extra: Vec<&String> = got
        .iter()
        .filter(|id| !changed.contains(id) && !at_cursor.contains(id))
        .collect();
    assert!(
        extra.is_empty(),
        "{stream}: rows neither changed nor at the cursor: {extra:?}"
    );
}

/// Asserts `got` holds every id of `want` and nothing else, repeating only ids of
/// `repeatable` (rows a resume reads again at its cursor).
pub fn assert_complete(stream: &str, got: &[String], want: &[String], repeatable: &[String]) {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for id in got {
        *counts.entry(id).or_default() += 1;
    }
    let dups: Vec<_> = counts
        .iter()
        .filter(|(id, n)| **n > 1 && !repeatable.iter().any(|r| r == *id))
        .map(|(id, n)| format!("{id}×{n}"))
        .collect();
    assert!(dups.is_empty(), "{stream}: duplicated ids {dups:?}");
    let missing: Vec<_> = want
        .iter()
        .filter(|id| !counts.contains_key(id.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "{stream}: {} ids lost, e.g. {:?}",
        missing.len(),
        &missing[..missing.len().min(5)]
    );
    let extra: Vec<_> = counts
        .keys()
        .filter(|id| !want.iter().any(|w| w == *id))
        .collect();
    assert!(extra.is_empty(), "{stream}: extra ids {extra:?}");
}
