"""The Airbyte CDK standard source tests, run against the connector binary ($CONNECTOR_EXE)."""

import os
from pathlib import Path

from airbyte_cdk.test.standard_tests import SourceTestSuiteBase

from executable_source import ExecutableSource


class TestExecutableSource(SourceTestSuiteBase):
    connector = ExecutableSource

    @classmethod
    def get_connector_root_dir(cls) -> Path:
        return Path(os.environ["ZOHO_STANDARD_TESTS_ROOT"])
