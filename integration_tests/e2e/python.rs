//! The connector under the real Python runtimes: PyAirbyte (local executable into DuckDB, then an
//! incremental second read from PyAirbyte's stored state) and the Airbyte CDK standard source
//! tests (through the `ExecutableSource` adapter). Scripts live in `integration_tests/python/`.
//!
//! Both tests share one venv, `target/runtime-venv`, with exactly the packages of
//! `integration_tests/python/requirements-runtime.txt`, installed on first use (about 800 MB and
//! a few minutes cold; seconds once installed). A missing Python or a failed install fails the
//! tests: they are part of the suite, not optional.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use zoho_desk_emulator::{Emulator, EmulatorConfig};

use crate::support::pinned_python;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn python_dir() -> PathBuf {
    repo().join("integration_tests").join("python")
}

fn tail(bytes: &[u8]) -> String {
    let s = String::from_utf8_lossy(bytes);
    let lines: Vec<&str> = s.lines().collect();
    lines[lines.len().saturating_sub(60)..].join("\n")
}

/// Python of the pinned `runtime` venv (`requirements-runtime.txt`), made once per machine.
fn venv_python() -> &'static PathBuf {
    static PY: OnceLock<PathBuf> = OnceLock::new();
    PY.get_or_init(|| pinned_python("runtime"))
}

/// Runs `args` with the venv's Python, with the connector and emulator passed by environment.
fn run_python(args: &[&str], cwd: &Path, emu: &Emulator) -> (Output, String) {
    let python = venv_python();
    let logs = tempfile::tempdir().expect("tempdir");
    let out = Command::new(python)
        .args(args)
        .current_dir(cwd)
        .env("CONNECTOR_EXE", env!("CARGO_BIN_EXE_source-zoho-desk"))
        .env("ZOHO_EMULATOR_URL", emu.url())
        .env("PYTHONWARNINGS", "ignore")
        // Keep the source tree clean: no __pycache__ next to the scripts.
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env("AIRBYTE_OFFLINE_MODE", "1")
        .env("DO_NOT_TRACK", "1")
        .env("NO_LIVE_PROGRESS", "1")
        .env("AIRBYTE_LOGGING_ROOT", logs.path())
        .output()
        .expect("run python");
    let text = format!(
        "--- stdout ---\n{}\n--- stderr ---\n{}",
        String::from_utf8_lossy(&out.stdout),
        tail(&out.stderr)
    );
    (out, text)
}

/// PyAirbyte reads six streams into DuckDB with the ground-truth counts, then re-reads from its
/// stored state and gets only the 5 touched tickets and their threads and comments.
#[test]
fn pyairbyte_reads_into_duckdb_and_resumes_from_its_state() {
    let emu = Emulator::start(EmulatorConfig::default()).expect("emulator starts");
    let script = python_dir().join("pyairbyte_check.py");
    let (out, text) = run_python(
        &[
            script.to_str().expect("utf-8 path"),
            env!("CARGO_BIN_EXE_source-zoho-desk"),
            emu.url(),
        ],
        &python_dir(),
        &emu,
    );
    assert!(out.status.success(), "PyAirbyte check failed:\n{text}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("summary: 0 failure(s)"),
        "the script did not finish:\n{text}"
    );
    assert!(!stdout.contains("FAIL "), "{text}");
}

/// The Airbyte CDK standard source tests (docker-only tests deselected): each expected test
/// must have run and passed, none may fail.
#[test]
fn cdk_standard_tests_pass_against_the_binary() {
    let emu = Emulator::start(EmulatorConfig::default()).expect("emulator starts");
    let dir = python_dir().join("standard_tests");
    let (out, text) = run_python(
        &[
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-m",
            "not image_tests",
            "-rA",
            "-q",
            ".",
        ],
        &dir,
        &emu,
    );
    assert!(out.status.success(), "CDK standard tests failed:\n{text}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    for test in [
        "test_spec",
        "test_config_matches_spec['config'",
        "test_check['config'",
        "test_check['invalid_config'",
        "test_discover['config'",
        "test_basic_read['read_config'",
        "test_fail_read_with_bad_catalog['read_config'",
    ] {
        assert!(
            stdout.contains(&format!(
                "PASSED test_standard.py::TestExecutableSource::{test}"
            )),
            "{test} did not pass:\n{text}"
        );
    }
    assert!(!stdout.contains("FAILED"), "{text}");
}
