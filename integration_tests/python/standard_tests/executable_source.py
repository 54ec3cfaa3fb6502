"""An Airbyte CDK `Source` that runs a connector executable instead of Python code.

The CDK standard tests drive a `Source` object in-process (or a Docker image). This adapter lets
them drive any protocol-speaking binary: each call writes its inputs to temp JSON files, runs
`CONNECTOR_EXE <verb> --config ... [--catalog ...] [--state ...]`, and parses stdout. A run that
exits non-zero is raised as the last TRACE ERROR it printed, so the CDK sees a failed job.
"""

import json
import logging
import os
import subprocess
import tempfile
from pathlib import Path
from typing import Any, Iterable, Iterator, List, Mapping, Optional

from airbyte_cdk.models import (
    AirbyteCatalog,
    AirbyteConnectionStatus,
    AirbyteMessage,
    AirbyteMessageSerializer,
    AirbyteStateMessage,
    AirbyteStateMessageSerializer,
    ConfiguredAirbyteCatalog,
    ConfiguredAirbyteCatalogSerializer,
    ConnectorSpecification,
    ConnectorSpecificationSerializer,
    FailureType,
    Status,
)
from airbyte_cdk.models.airbyte_protocol_serializers import AirbyteCatalogSerializer
from airbyte_cdk.sources.source import Source
from airbyte_cdk.utils.traced_exception import AirbyteTracedException

TIMEOUT_SECONDS = 600


class ExecutableSource(Source):
    def __init__(self, executable: Optional[str] = None) -> None:
        self.executable = executable or os.environ["CONNECTOR_EXE"]

    # --- running the binary ---

    def _lines(self, verb: str, inputs: Mapping[str, Any]) -> Iterator[dict]:
        """Runs `verb` with `inputs` (flag name -> JSON value) and yields stdout messages."""
        with tempfile.TemporaryDirectory(prefix="executable-source-") as tmp:
            args = [self.executable, verb]
            for flag, value in inputs.items():
                path = Path(tmp) / f"{flag}.json"
                path.write_text(json.dumps(value))
                args += [f"--{flag}", str(path)]
            with tempfile.TemporaryFile(mode="w+") as stderr:
                proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=stderr, text=True)
                last_error = None
                assert proc.stdout is not None
                for line in proc.stdout:
                    if not line.strip():
                        continue
                    try:
                        msg = json.loads(line)
                    except json.JSONDecodeError as e:
                        proc.kill()
                        raise AirbyteTracedException(
                            message=f"{verb}: stdout line is not JSON",
                            internal_message=f"{e}: {line[:200]!r}",
                        ) from e
                    if msg.get("type") == "TRACE" and msg["trace"].get("type") == "ERROR":
                        last_error = msg["trace"]["error"]
                    yield msg
                code = proc.wait(timeout=TIMEOUT_SECONDS)
                if code != 0:
                    stderr.seek(0)
                    tail = stderr.read()[-2000:]
                    if last_error:
                        raise AirbyteTracedException(
                            message=last_error.get("message"),
                            internal_message=last_error.get("internal_message") or tail,
                            failure_type=FailureType(last_error.get("failure_type", "system_error")),
                        )
                    raise AirbyteTracedException(
                        message=f"{verb} exited with {code} without a TRACE ERROR",
                        internal_message=tail,
                    )

    def _single(self, verb: str, kind: str, key: str, inputs: Mapping[str, Any]) -> dict:
        """The one message of type `kind` that `verb` must print, as its `key` field."""
        found = [m for m in self._lines(verb, inputs) if m.get("type") == kind]
        if len(found) != 1:
            raise AirbyteTracedException(
                message=f"{verb} printed {len(found)} {kind} messages, expected 1"
            )
        return found[0][key]

    # --- the Source interface ---

    def spec(self, logger: logging.Logger) -> ConnectorSpecification:
        return ConnectorSpecificationSerializer.load(self._single("spec", "SPEC", "spec", {}))

    def check(self, logger: logging.Logger, config: Mapping[str, Any]) -> AirbyteConnectionStatus:
        status = self._single("check", "CONNECTION_STATUS", "connectionStatus", {"config": dict(config)})
        return AirbyteConnectionStatus(status=Status(status["status"]), message=status.get("message"))

    def discover(self, logger: logging.Logger, config: Mapping[str, Any]) -> AirbyteCatalog:
        return AirbyteCatalogSerializer.load(self._single(
            "discover", "CATALOG", "catalog", {"config": dict(config)}
        ))

    def read(
        self,
        logger: logging.Logger,
        config: Mapping[str, Any],
        catalog: ConfiguredAirbyteCatalog,
        state: Optional[List[AirbyteStateMessage]] = None,
    ) -> Iterable[AirbyteMessage]:
        inputs: dict = {
            "config": dict(config),
            "catalog": ConfiguredAirbyteCatalogSerializer.dump(catalog),
        }
        if state:
            inputs["state"] = [AirbyteStateMessageSerializer.dump(s) for s in state]
        for msg in self._lines("read", inputs):
            yield AirbyteMessageSerializer.load(msg)
