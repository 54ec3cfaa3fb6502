//! Static checks of the packaging files. The image contract (entrypoint, labels, user) is checked
//! on the Dockerfile text here, so a mistake shows without a Docker engine (CI also builds and
//! runs the image: integration_tests/docker/test-image.sh); metadata.yaml,
//! acceptance-test-config.yml and the files users look for are checked against the code they
//! describe so they cannot drift.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;
use source_zoho_desk::config::{Config, DataCenter};
use source_zoho_desk::protocol::{ConfiguredCatalog, SyncMode, parse_state};
use source_zoho_desk::{schemas, spec};

/// Generated once for this connector; platforms key their definitions on it. Never change it.
const DEFINITION_ID: &str = "961b84e8-a609-424a-9a9b-b7208f85f363";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(repo().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

// ---------------------------------------------------------------------------------------------
// A deliberately small YAML reader: block mappings, block lists and plain scalars, which is all
// our two YAML files use. Each entry is (path, value); list elements appear as "[]" in paths.

fn yaml_entries(text: &str) -> Vec<(Vec<String>, String)> {
    let mut out = Vec::new();
    let mut stack: Vec<(usize, String)> = Vec::new();
    for raw in text.lines() {
        let trimmed = raw.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let mut indent = raw.len() - trimmed.len();
        let mut rest = trimmed.trim_end();
        while stack.last().is_some_and(|(i, _)| *i >= indent) {
            stack.pop();
        }
        if let Some(item) = rest.strip_prefix("- ") {
            stack.push((indent, "[]".into()));
            indent += 2;
            rest = item.trim_start();
            if !(rest.contains(": ") || rest.ends_with(':')) {
                let path = stack.iter().map(|(_, k)| k.clone()).collect();
                out.push((path, unquote(rest)));
                continue;
            }
        }
        let (key, value) = match rest.split_once(": ") {
            Some((k, v)) => (k.trim(), v.trim()),
            None => (rest.trim_end_matches(':'), ""),
        };
        let mut path: Vec<String> = stack.iter().map(|(_, k)| k.clone()).collect();
        path.push(key.to_string());
        out.push((path, unquote(value)));
        stack.push((indent, key.to_string()));
    }
    out
}

fn unquote(v: &str) -> String {
    v.trim_matches('"').trim_matches('\'').to_string()
}

fn yaml_get(entries: &[(Vec<String>, String)], path: &str) -> Option<String> {
    entries
        .iter()
        .find(|(p, _)| p.join(".") == path)
        .map(|(_, v)| v.clone())
}

fn yaml_list(entries: &[(Vec<String>, String)], path: &str) -> Vec<String> {
    let want = format!("{path}.[]");
    entries
        .iter()
        .filter(|(p, _)| p.join(".") == want)
        .map(|(_, v)| v.clone())
        .collect()
}

#[test]
fn yaml_reader_understands_our_subset() {
    let e = yaml_entries(
        "a:\n  b: \"x: y\"\n  l:\n    - one\n    - k:v\n  t:\n    - p: 1\n      q: 2\n    - p: 3\nc: z\n",
    );
    assert_eq!(yaml_get(&e, "a.b").as_deref(), Some("x: y"));
    assert_eq!(yaml_list(&e, "a.l"), ["one", "k:v"]);
    assert_eq!(yaml_get(&e, "a.t.[].q").as_deref(), Some("2"));
    assert_eq!(
        e.iter().filter(|(p, _)| p.join(".") == "a.t.[].p").count(),
        2
    );
    assert_eq!(yaml_get(&e, "c").as_deref(), Some("z"));
}

// ---------------------------------------------------------------------------------------------
// Dockerfile

struct Image {
    entrypoint: Vec<String>,
    airbyte_entrypoint: Option<String>,
    labels: Vec<(String, String)>,
    user: Option<String>,
}

/// Reads the final stage's instructions (line continuations joined).
fn parse_dockerfile(text: &str) -> Image {
    let mut logical = Vec::new();
    let mut cur = String::new();
    for line in text.lines() {
        let t = line.trim();
        if cur.is_empty() && (t.is_empty() || t.starts_with('#')) {
            continue;
        }
        match t.strip_suffix('\\') {
            Some(head) => {
                cur.push_str(head);
                cur.push(' ');
            }
            None => {
                cur.push_str(t);
                logical.push(std::mem::take(&mut cur));
            }
        }
    }
    let last_from = logical
        .iter()
        .rposition(|l| l.starts_with("FROM "))
        .expect("a FROM line");
    let mut image = Image {
        entrypoint: Vec::new(),
        airbyte_entrypoint: None,
        labels: Vec::new(),
        user: None,
    };
    for l in &logical[last_from..] {
        let (instr, args) = l.split_once(' ').unwrap_or((l, ""));
        match instr {
            "ENTRYPOINT" => {
                image.entrypoint = serde_json::from_str(args).expect("ENTRYPOINT in exec form");
            }
            "ENV" => {
                if let Some(v) = args.strip_prefix("AIRBYTE_ENTRYPOINT=") {
                    image.airbyte_entrypoint = Some(unquote(v.trim()));
                }
            }
            "LABEL" => {
                for pair in args.split_whitespace() {
                    if let Some((k, v)) = pair.split_once('=') {
                        image.labels.push((k.to_string(), unquote(v)));
                    }
                }
            }
            "USER" => image.user = Some(args.trim().to_string()),
            _ => {}
        }
    }
    image
}

fn image_problems(image: &Image, repository: &str, tag: &str) -> Vec<String> {
    let mut p = Vec::new();
    if image.entrypoint.is_empty() || !image.entrypoint[0].starts_with('/') {
        p.push(format!(
            "ENTRYPOINT must be absolute exec form: {:?}",
            image.entrypoint
        ));
    }
    if image.airbyte_entrypoint.as_deref() != Some(image.entrypoint.join(" ").as_str()) {
        p.push(format!(
            "AIRBYTE_ENTRYPOINT {:?} != ENTRYPOINT {:?}",
            image.airbyte_entrypoint, image.entrypoint
        ));
    }
    let label = |k: &str| {
        image
            .labels
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.as_str())
    };
    if label("io.airbyte.name") != Some(repository) {
        p.push(format!(
            "io.airbyte.name {:?} != {repository}",
            label("io.airbyte.name")
        ));
    }
    if label("io.airbyte.version") != Some(tag) {
        p.push(format!(
            "io.airbyte.version {:?} != {tag}",
            label("io.airbyte.version")
        ));
    }
    let user = image
        .user
        .as_deref()
        .map(|u| u.split(':').next().unwrap_or(u));
    let non_root = match user {
        Some("airbyte") => true,
        Some(u) => u.parse::<u32>().is_ok_and(|uid| uid != 0),
        None => false,
    };
    if !non_root {
        p.push(format!(
            "USER must be airbyte or a non-zero uid: {:?}",
            image.user
        ));
    }
    p
}

fn metadata() -> Vec<(Vec<String>, String)> {
    yaml_entries(&read("metadata.yaml"))
}

#[test]
fn dockerfile_matches_metadata_and_airbyte_conventions() {
    let m = metadata();
    let repository = yaml_get(&m, "data.dockerRepository").expect("dockerRepository");
    let tag = yaml_get(&m, "data.dockerImageTag").expect("dockerImageTag");
    let text = read("Dockerfile");
    let image = parse_dockerfile(&text);
    let problems = image_problems(&image, &repository, &tag);
    assert!(problems.is_empty(), "{problems:#?}");
    // The numeric USER must be the airbyte user the image creates.
    if let Some(uid) = image.user.as_deref().and_then(|u| u.split(':').next())
        && uid != "airbyte"
    {
        assert!(
            text.contains(&format!("--uid {uid}")) && text.contains(" airbyte"),
            "USER {uid} is not the created airbyte user"
        );
    }
    for needle in [
        "+crt-static",
        "--locked",
        // The native target of whatever builder runs (amd64, arm64 under buildx).
        "target=\"$(rustc -vV | sed -n 's/^host: //p')\"",
        "--target \"$target\"",
        // Both bases replaceable, so test-image.sh can build where no registry is reachable.
        "ARG BUILDER_IMAGE=rust:1-bookworm",
        "ARG RUNTIME_IMAGE=debian:bookworm-slim",
        "FROM ${BUILDER_IMAGE} AS builder",
        "FROM ${RUNTIME_IMAGE}",
    ] {
        assert!(text.contains(needle), "Dockerfile lacks {needle}");
    }
    // A `# syntax=` directive makes BuildKit pull its frontend from a registry, RUN --mount
    // needs BuildKit, and a spelled-out target breaks the other architecture.
    assert!(
        !text
            .lines()
            .any(|l| l.to_ascii_lowercase().starts_with("# syntax")),
        "Dockerfile has a # syntax= directive"
    );
    let instructions: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .collect();
    for forbidden in ["--mount", "x86_64", "aarch64"] {
        assert!(
            !instructions.iter().any(|l| l.contains(forbidden)),
            "Dockerfile uses {forbidden}"
        );
    }
}

#[test]
fn dockerfile_checker_catches_mistakes() {
    let good = "FROM a AS b\nENTRYPOINT [\"/x\"]\nFROM c\nUSER 1000\nENV AIRBYTE_ENTRYPOINT=\"/bin/s\"\n\
                ENTRYPOINT [\"/bin/s\"]\nLABEL io.airbyte.name=r/s\nLABEL io.airbyte.version=1.0\n";
    assert!(image_problems(&parse_dockerfile(good), "r/s", "1.0").is_empty());
    for (from, to) in [
        (
            "ENV AIRBYTE_ENTRYPOINT=\"/bin/s\"",
            "ENV AIRBYTE_ENTRYPOINT=\"s\"",
        ),
        ("ENTRYPOINT [\"/bin/s\"]", "ENTRYPOINT [\"bin/s\"]"),
        ("USER 1000", "USER 0"),
        ("USER 1000\n", ""),
        ("version=1.0", "version=1.1"),
        ("name=r/s", "name=r/t"),
    ] {
        let bad = good.replace(from, to);
        assert_ne!(bad, good);
        assert!(
            !image_problems(&parse_dockerfile(&bad), "r/s", "1.0").is_empty(),
            "not caught: {from} -> {to}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// metadata.yaml

#[test]
fn metadata_is_complete_and_consistent() {
    let m = metadata();
    let get = |k: &str| yaml_get(&m, &format!("data.{k}")).unwrap_or_default();
    assert_eq!(yaml_get(&m, "metadataSpecVersion").as_deref(), Some("1.0"));
    assert_eq!(get("connectorType"), "source");
    assert_eq!(get("connectorSubtype"), "api");
    assert_eq!(get("definitionId"), DEFINITION_ID);
    // Not Airbyte's "Zoho Desk" / airbyte/source-zoho-desk: registries and PyAirbyte match
    // connectors by the image name's last part.
    assert_eq!(get("name"), "Zoho Desk (Rust)");
    assert_eq!(
        get("dockerRepository"),
        "zohodesk-connectors/source-zoho-desk-rs"
    );
    assert_eq!(get("icon"), "icon.svg");
    assert_eq!(get("license"), "MIT");
    assert_eq!(get("releaseStage"), "alpha");
    assert_eq!(get("dockerImageTag"), env!("CARGO_PKG_VERSION"));
    assert!(!get("githubIssueLabel").is_empty());
    let s = spec::spec();
    assert_eq!(get("documentationUrl"), spec::DOCUMENTATION_URL);
    assert_eq!(s["documentationUrl"], spec::DOCUMENTATION_URL);
    assert_eq!(
        get("protocolVersion"),
        s["protocol_version"].as_str().unwrap()
    );
    assert!(get("maxSecondsBetweenMessages").parse::<u64>().unwrap() >= 600);
    assert!(yaml_list(&m, "data.tags").contains(&"language:rust".to_string()));
    for stream in yaml_list(&m, "data.suggestedStreams.streams") {
        assert!(schemas::STREAMS.contains(&stream.as_str()), "{stream}");
    }
}

#[test]
fn allowed_hosts_cover_every_data_center_and_nothing_else() {
    let listed: BTreeSet<String> = yaml_list(&metadata(), "data.allowedHosts.hosts")
        .into_iter()
        .collect();
    let expected: BTreeSet<String> = DataCenter::ALL
        .iter()
        .flat_map(|dc| {
            let (a, d) = dc.hosts();
            [a, d]
        })
        .map(|url| url.trim_start_matches("https://").to_string())
        .collect();
    assert_eq!(listed, expected);
}

// ---------------------------------------------------------------------------------------------
// acceptance-test-config.yml

/// Whether a key path is valid in the current CAT config schema (its models forbid extra keys).
fn cat_key_allowed(path: &[String]) -> bool {
    let p: Vec<&str> = path.iter().map(String::as_str).collect();
    const SECTIONS: [&str; 8] = [
        "spec",
        "connection",
        "discovery",
        "basic_read",
        "full_refresh",
        "incremental",
        "connector_attributes",
        "connector_documentation",
    ];
    match p.as_slice() {
        [top] => [
            "connector_image",
            "base_path",
            "test_strictness_level",
            "custom_environment_variables",
            "acceptance_tests",
        ]
        .contains(top),
        ["custom_environment_variables", _] => true,
        ["acceptance_tests", section] => SECTIONS.contains(section),
        ["acceptance_tests", section, key] => {
            SECTIONS.contains(section) && ["tests", "bypass_reason"].contains(key)
        }
        ["acceptance_tests", _, "tests", "[]"] => false,
        ["acceptance_tests", section, "tests", "[]", key, rest @ ..] => {
            test_key_allowed(section, key, rest)
        }
        _ => false,
    }
}

fn test_key_allowed(section: &str, key: &str, rest: &[&str]) -> bool {
    let common = ["config_path", "timeout_seconds", "deployment_mode"];
    let own: &[&str] = match section {
        "spec" => &[
            "spec_path",
            "backward_compatibility_tests_config",
            "auth_default_method",
        ],
        "connection" => &["status"],
        "discovery" => &[
            "backward_compatibility_tests_config",
            "validate_primary_keys_data_type",
        ],
        "basic_read" => &[
            "configured_catalog_path",
            "empty_streams",
            "expect_records",
            "validate_schema",
            "validate_stream_statuses",
            "validate_state_messages",
            "validate_primary_keys_data_type",
            "fail_on_extra_columns",
            "validate_data_points",
            "expect_trace_message_on_failure",
            "file_types",
            "client_container_config",
        ],
        "full_refresh" => &[
            "configured_catalog_path",
            "ignored_fields",
            "client_container_config",
        ],
        "incremental" => &[
            "configured_catalog_path",
            "future_state",
            "skip_comprehensive_incremental_tests",
            "client_container_config",
        ],
        "connector_attributes" => &[
            "streams_without_primary_key",
            "allowed_hosts",
            "suggested_streams",
        ],
        "connector_documentation" => &[],
        _ => return false,
    };
    if !(common.contains(&key) || own.contains(&key)) {
        return false;
    }
    match (key, rest) {
        (_, []) => true,
        ("expect_records", [k]) => ["path", "bypass_reason", "exact_order"].contains(k),
        ("empty_streams", ["[]", k]) => ["name", "bypass_reason"].contains(k),
        ("future_state", [k]) => [
            "future_state_path",
            "missing_streams",
            "bypass_reason",
            "cursor_format",
        ]
        .contains(k),
        ("future_state", ["missing_streams", "[]", k]) => ["name", "bypass_reason"].contains(k),
        ("future_state", ["cursor_format", ..]) => true,
        ("backward_compatibility_tests_config", [k]) => {
            ["previous_connector_version", "disable_for_version"].contains(k)
        }
        ("auth_default_method", [k]) => ["oauth", "bypass_reason"].contains(k),
        ("ignored_fields", _) | ("client_container_config", _) => true,
        _ => false,
    }
}

fn cat_problems(text: &str) -> Vec<String> {
    yaml_entries(text)
        .into_iter()
        .filter(|(p, _)| !cat_key_allowed(p))
        .map(|(p, _)| p.join("."))
        .collect()
}

#[test]
fn acceptance_test_config_uses_only_current_keys_and_real_files() {
    let text = read("acceptance-test-config.yml");
    let problems = cat_problems(&text);
    assert!(problems.is_empty(), "keys CAT would reject: {problems:#?}");
    let entries = yaml_entries(&text);
    let image = yaml_get(&entries, "connector_image").expect("connector_image");
    let repository = yaml_get(&metadata(), "data.dockerRepository").unwrap();
    assert_eq!(image.split(':').next(), Some(repository.as_str()));
    for section in [
        "spec",
        "connection",
        "discovery",
        "basic_read",
        "full_refresh",
        "incremental",
    ] {
        assert!(
            entries.iter().any(|(p, _)| p.len() > 2 && p[1] == section),
            "section {section} missing"
        );
    }
    for (path, value) in &entries {
        let key = path.last().map(String::as_str).unwrap_or("");
        // expected_records.jsonl is produced by a read against the emulator and may be absent.
        let optional = path.iter().any(|k| k == "expect_records");
        if (key.ends_with("_path") && key != "base_path") && !optional {
            assert!(
                repo().join(value).is_file(),
                "{} -> {value} does not exist",
                path.join(".")
            );
        }
    }
    assert_eq!(
        yaml_get(
            &entries,
            "acceptance_tests.incremental.tests.[].future_state.future_state_path"
        )
        .as_deref(),
        Some("integration_tests/abnormal_state.json")
    );
}

#[test]
fn cat_key_checker_rejects_removed_keys() {
    let good = read("acceptance-test-config.yml");
    for (from, to) in [
        (
            "        future_state:\n          future_state_path:",
            "        future_state_path:",
        ),
        (
            "        future_state:\n",
            "        cursor_paths:\n          tickets: [\"modifiedTime\"]\n        future_state:\n",
        ),
        (
            "        future_state:\n",
            "        threshold_days: 3\n        future_state:\n",
        ),
        ("test_strictness_level: low\n", "tests:\n  spec: []\n"),
        ("exact_order: false", "extra_records: true"),
    ] {
        let bad = good.replacen(from, to, 1);
        assert_ne!(bad, good, "mutation {from:?} did not apply");
        assert!(!cat_problems(&bad).is_empty(), "not caught: {to:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Fixtures

fn fixture(name: &str) -> String {
    read(&format!("integration_tests/{name}"))
}

/// The configured catalog fixture: every stream of `discover` (static schemas), incremental
/// with deduplication where supported.
fn expected_configured_catalog() -> Value {
    let catalog = source_zoho_desk::catalog(&std::collections::HashMap::new()).expect("catalog");
    let streams: Vec<Value> = catalog
        .streams
        .iter()
        .map(|s| {
            let inc = s.supported_sync_modes.contains(&SyncMode::Incremental);
            serde_json::json!({
                "stream": s,
                "sync_mode": if inc { "incremental" } else { "full_refresh" },
                "destination_sync_mode": if inc { "append_dedup" } else { "overwrite" },
                "cursor_field": s.default_cursor_field.clone().unwrap_or_default(),
                "primary_key": s.source_defined_primary_key.clone().unwrap_or_default(),
            })
        })
        .collect();
    serde_json::json!({ "streams": streams })
}

/// A state fixture: one STREAM state per incremental stream, its cursor at `at`.
fn expected_state(at: &str) -> Value {
    let states: Vec<Value> = source_zoho_desk::streams::STREAMS
        .iter()
        .filter(|d| d.supports_incremental())
        .map(|d| {
            serde_json::json!({
                "type": "STREAM",
                "stream": {
                    "stream_descriptor": {"name": d.name},
                    "stream_state": {source_zoho_desk::streams::state_cursor(d): at}
                }
            })
        })
        .collect();
    Value::Array(states)
}

/// Compares a generated fixture with the committed file; `UPDATE_SCHEMAS=1` rewrites it.
fn assert_fixture(name: &str, want: &Value) {
    let mut text = serde_json::to_string_pretty(want).unwrap();
    text.push('\n');
    if fixture(name) != text {
        if std::env::var("UPDATE_SCHEMAS").is_ok_and(|v| v == "1") {
            std::fs::write(repo().join("integration_tests").join(name), &text).unwrap();
        } else {
            panic!(
                "integration_tests/{name} is stale; run UPDATE_SCHEMAS=1 cargo test --test e2e packaging"
            );
        }
    }
}

#[test]
fn configured_catalog_fixture_matches_discover() {
    assert_fixture("configured_catalog.json", &expected_configured_catalog());
    let catalog: ConfiguredCatalog =
        serde_json::from_str(&fixture("configured_catalog.json")).expect("ConfiguredCatalog");
    let names: Vec<&str> = catalog
        .streams
        .iter()
        .map(|s| s.stream.name.as_str())
        .collect();
    assert_eq!(names, schemas::STREAMS, "every stream once, in table order");
}

#[test]
fn state_fixtures_cover_every_incremental_stream() {
    for (file, at) in [
        ("sample_state.json", "2024-06-01T00:00:00.000Z"),
        ("abnormal_state.json", "2100-01-01T00:00:00.000Z"),
    ] {
        assert_fixture(file, &expected_state(at));
        let (states, ignored) = parse_state(&fixture(file)).expect(file);
        assert!(!ignored, "{file}: entries ignored");
        let incremental = source_zoho_desk::streams::STREAMS
            .iter()
            .filter(|d| d.supports_incremental())
            .count();
        assert_eq!(states.len(), incremental, "{file}");
    }
}

#[test]
fn config_fixtures_parse() {
    let sample = Config::parse(&fixture("sample_config.json")).expect("sample config");
    assert_eq!(sample.token_url(), "http://127.0.0.1:8080/oauth/v2/token");
    assert_eq!(sample.api_base(), "http://127.0.0.1:8080/api/v1");
    assert_eq!(sample.organization_id, "60001234567");
    assert_eq!(sample.credentials.refresh_token, "rtok");
    // Syntactically valid on purpose: `check` must reach Zoho and report the refused token.
    let invalid = Config::parse(&fixture("invalid_config.json")).expect("invalid config parses");
    assert_ne!(invalid.credentials.refresh_token, "rtok");
}

/// The README must open with exactly the two fresh-machine commands, and CI must run both.
#[test]
fn readme_opens_with_the_two_commands_ci_runs() {
    let readme = read("README.md");
    let block = readme
        .split("```")
        .nth(1)
        .expect("README has a code block")
        .trim_start_matches("sh")
        .trim();
    let commands: Vec<&str> = block
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(
        commands,
        ["bash integration_tests/demo.sh", "cargo test --workspace"]
    );
    let before = readme.split("```").next().unwrap_or("");
    assert!(
        before.lines().count() <= 4,
        "the commands must open the README"
    );
    let ci = read(".ci/run");
    assert!(
        ci.contains("\ncargo test --workspace\n"),
        ".ci/run must run the README's test command"
    );
    assert!(
        ci.contains("\nbash integration_tests/demo.sh\n"),
        ".ci/run must run the README's demo command, so it stays true"
    );
    assert!(ci.starts_with("#!/usr/bin/env bash") && ci.contains("set -euo pipefail"));
}

#[test]
fn every_file_the_docs_mention_exists() {
    for rel in [
        "Dockerfile",
        ".dockerignore",
        "metadata.yaml",
        "integration_tests/demo.sh",
        "integration_tests/docker/test-image.sh",
        "integration_tests/python/validate_messages.py",
        "integration_tests/python/venv.sh",
        ".ci/run",
        "LICENSE",
        "CHANGELOG.md",
        DOCS_PAGE,
        "icon.svg",
    ] {
        assert!(Path::new(&repo().join(rel)).is_file(), "{rel} missing");
    }
}

// ---------------------------------------------------------------------------------------------
// The files users look for, and a repository that needs nothing beside it

const DOCS_PAGE: &str = "docs/integrations/sources/zoho-desk-rs.md";

#[test]
fn license_changelog_and_icon_are_the_ones_metadata_claims() {
    let m = metadata();
    assert!(read("LICENSE").starts_with("MIT License\n"));
    assert_eq!(yaml_get(&m, "data.license").as_deref(), Some("MIT"));
    assert_eq!(env!("CARGO_PKG_LICENSE"), "MIT");
    let version = env!("CARGO_PKG_VERSION");
    assert!(
        read("CHANGELOG.md").contains(&format!("\n## [{version}] - ")),
        "CHANGELOG.md has no section for {version}"
    );
    let icon_path = yaml_get(&m, "data.icon").expect("metadata names an icon");
    let icon = read(&icon_path);
    assert!(
        icon.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\"")
            && icon.trim_end().ends_with("</svg>"),
        "{icon_path} is not a standalone SVG"
    );
    assert!(icon.contains("viewBox="), "{icon_path} does not scale");
}

/// The connector page in Airbyte's docs layout: its sections, the image it names, a stream table
/// that matches `discover` (every stream, its sync modes and primary key) and a changelog row
/// for the current version.
#[test]
fn docs_page_follows_airbyte_layout_and_matches_the_streams() {
    let page = read(DOCS_PAGE);
    for section in [
        "\n## Prerequisites\n",
        "\n## Setup guide\n",
        "\n## Supported sync modes\n",
        "\n## Supported streams\n",
        "\n## Limitations and troubleshooting\n",
        "\n## Changelog\n",
    ] {
        assert!(page.contains(section), "{DOCS_PAGE} lacks {section:?}");
    }
    let repository = yaml_get(&metadata(), "data.dockerRepository").unwrap();
    assert!(
        page.contains(&repository),
        "{DOCS_PAGE} does not name {repository}"
    );
    assert!(
        page.contains("credentials.refresh_token"),
        "the OAuth button is not described"
    );
    let version = env!("CARGO_PKG_VERSION");
    assert!(
        page.contains(&format!("\n| {version} |")),
        "no changelog row for {version}"
    );
    let rows = stream_rows(&page);
    let catalog = source_zoho_desk::catalog(&std::collections::HashMap::new()).expect("catalog");
    let want: Vec<(String, String, String)> = catalog
        .streams
        .iter()
        .map(|s| {
            let modes = if s.supported_sync_modes.contains(&SyncMode::Incremental) {
                "full refresh, incremental"
            } else {
                "full refresh"
            };
            let key: Vec<String> = s
                .source_defined_primary_key
                .clone()
                .unwrap_or_default()
                .iter()
                .map(|p| format!("`{}`", p.join(".")))
                .collect();
            let key = if key.is_empty() {
                "none".to_string()
            } else {
                key.join(", ")
            };
            (s.name.clone(), modes.to_string(), key)
        })
        .collect();
    let mut got = rows.clone();
    got.sort();
    let mut want_sorted = want.clone();
    want_sorted.sort();
    assert_eq!(
        got, want_sorted,
        "{DOCS_PAGE}'s stream tables differ from discover"
    );
}

/// `| `name` | modes | key |` rows of the page's stream tables.
fn stream_rows(page: &str) -> Vec<(String, String, String)> {
    page.lines()
        .filter_map(|l| {
            let cells: Vec<&str> = l
                .strip_prefix("| `")?
                .trim_end_matches('|')
                .split(" | ")
                .collect();
            match cells.as_slice() {
                [name, modes, key] => Some((
                    name.trim_end_matches('`').to_string(),
                    modes.trim().to_string(),
                    key.trim().to_string(),
                )),
                _ => None,
            }
        })
        .collect()
}

#[test]
fn stream_row_reader_sees_a_wrong_row() {
    let good =
        "| `tickets` | full refresh, incremental | `id` |\n| `roles` | full refresh | `id` |\n";
    assert_eq!(stream_rows(good).len(), 2);
    assert_ne!(
        stream_rows(&good.replace("refresh, incremental", "refresh")),
        stream_rows(good)
    );
}

/// Every Python package the tests install is pinned to one exact version.
#[test]
fn python_requirements_are_exact_pins() {
    for name in ["validator", "runtime"] {
        let rel = format!("integration_tests/python/requirements-{name}.txt");
        let text = read(&rel);
        let pins: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        assert!(!pins.is_empty(), "{rel} is empty");
        for pin in pins {
            let exact = pin.split_once("==").is_some_and(|(pkg, ver)| {
                !pkg.is_empty()
                    && pkg
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
                    && ver.starts_with(|c: char| c.is_ascii_digit())
                    && ver.chars().all(|c| c.is_ascii_alphanumeric() || c == '.')
            });
            assert!(exact, "{rel}: `{pin}` is not an exact pin");
        }
    }
    let validator = read("integration_tests/python/requirements-validator.txt");
    assert!(validator.contains("\nairbyte_protocol_models=="));
    let runtime = read("integration_tests/python/requirements-runtime.txt");
    for top in ["airbyte==", "airbyte-cdk==", "pytest=="] {
        assert!(runtime.contains(&format!("\n{top}")), "{top} not pinned");
    }
}

/// Code, scripts and build files reach nothing outside the repository: a clone with nothing
/// beside it must pass its own tests.
#[test]
fn nothing_reaches_outside_the_repository() {
    let mut files = vec![
        repo().join("Cargo.toml"),
        repo().join("Dockerfile"),
        repo().join(".ci/run"),
    ];
    for dir in ["src", "integration_tests"] {
        collect_files(&repo().join(dir), &mut files);
    }
    let code: Vec<&PathBuf> = files
        .iter()
        .filter(|p| {
            p.extension().and_then(|e| e.to_str()).is_none_or(|e| {
                ["rs", "sh", "py", "toml", "yml", "yaml", "txt", "json"].contains(&e)
            })
        })
        .collect();
    assert!(code.len() > 50, "found only {} files", code.len());
    for path in code {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        // Spelled in parts so this file does not match itself.
        for needle in [concat!("..", "/shared"), concat!("/wo", "rk/")] {
            assert!(
                !text.contains(needle),
                "{} refers to {needle}, outside the repository",
                path.display()
            );
        }
    }
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "target") {
                collect_files(&path, out);
            }
        } else {
            out.push(path);
        }
    }
}

/// CI builds and runs the image after the tests, under the tag metadata.yaml names, with the
/// restrictions the platform applies.
#[test]
fn ci_builds_and_runs_the_image_as_the_platform_does() {
    let ci = read(".ci/run");
    let tests = ci
        .find("\ncargo test --workspace\n")
        .expect("cargo test in .ci/run");
    let image = ci
        .find("\nbash integration_tests/docker/test-image.sh\n")
        .expect(".ci/run runs the image test");
    assert!(image > tests, "the image test runs after cargo test");
    let script = read("integration_tests/docker/test-image.sh");
    let repository = yaml_get(&metadata(), "data.dockerRepository").unwrap();
    assert!(
        script.contains(&format!("IMAGE=\"${{IMAGE:-{repository}:dev}}\"")),
        "test-image.sh does not build {repository}:dev"
    );
    for needle in [
        "--network host --read-only --cap-drop ALL --user 1000:1000",
        "-v \"$DATA:/data:ro\" --entrypoint sh",
        "eval \\\"\\$AIRBYTE_ENTRYPOINT $args\\\"",
        "chmod 0644",
        "integration_tests/configured_catalog.json",
        "--state /data/state.json",
        "integration_tests/python/validate_messages.py",
        "set -euo pipefail",
    ] {
        assert!(script.contains(needle), "test-image.sh lacks {needle}");
    }
}
