"""Standard-test setup: the CDK's pytest hooks, and a connector root generated for this run.

The CDK reads its scenarios from `<connector root>/acceptance-test-config.yml`, with config paths
relative to that root. The emulator's URL is only known at run time, so this builds a root in a
temp dir named `source-zoho-desk-rs` (the CDK takes the connector name from the directory name):
this folder's acceptance-test-config.yml and configured_catalog.json, and config files made from
the repository's sample configs with the emulator URL of $ZOHO_EMULATOR_URL.
"""

import atexit
import json
import os
import shutil
import tempfile
from pathlib import Path

pytest_plugins = ["airbyte_cdk.test.standard_tests.pytest_hooks"]

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent.parent  # integration_tests/


def _build_root() -> Path:
    for var in ("CONNECTOR_EXE", "ZOHO_EMULATOR_URL"):
        if not os.environ.get(var):
            raise RuntimeError(f"${var} must be set (see integration_tests/e2e/python.rs)")
    url = os.environ["ZOHO_EMULATOR_URL"].rstrip("/")
    tmp = Path(tempfile.mkdtemp(prefix="zoho-standard-tests-"))
    atexit.register(shutil.rmtree, tmp, ignore_errors=True)
    root = tmp / "source-zoho-desk-rs"
    (root / "secrets").mkdir(parents=True)
    for name in ("acceptance-test-config.yml", "configured_catalog.json"):
        shutil.copy(HERE / name, root / name)
    samples = {
        "config.json": "sample_config.json",
        "read_config.json": "sample_config.json",
        "invalid_config.json": "invalid_config.json",
    }
    for name, sample in samples.items():
        config = json.loads((FIXTURES / sample).read_text())
        config["accounts_url"] = url
        config["desk_url"] = url
        (root / "secrets" / name).write_text(json.dumps(config))
    return root


os.environ["ZOHO_STANDARD_TESTS_ROOT"] = str(_build_root())
