#!/usr/bin/env python3
"""Checks connector output against the Airbyte protocol, as published by Airbyte.

    validate_messages.py OUTPUT.jsonl [MORE.jsonl ...]     (`-` reads stdin)

Every non-blank line must be one JSON object that
  * Airbyte's pydantic model `AirbyteMessage` (PyPI `airbyte-protocol-models`) accepts,
  * validates against the JSON Schema that model publishes (draft-07), which also catches
    values pydantic would coerce (a number where a string is declared),
  * carries the payload its `type` names and no payload of another type.
Prints one line per problem, then a count; exits 1 when anything is wrong or the named files
hold no message at all. The e2e tests and
integration_tests/docker/test-image.sh run it with the packages of requirements-validator.txt.
"""
import json
import sys

import jsonschema
from airbyte_protocol.models import AirbyteMessage

# Message type -> the field that holds its payload (protocol v0.2+).
PAYLOAD_OF = {
    "RECORD": "record",
    "STATE": "state",
    "LOG": "log",
    "SPEC": "spec",
    "CONNECTION_STATUS": "connectionStatus",
    "CATALOG": "catalog",
    "TRACE": "trace",
    "CONTROL": "control",
}

SCHEMA = jsonschema.Draft7Validator(AirbyteMessage.schema())


def line_problems(text):
    """Everything wrong with one output line (empty when it is a valid message)."""
    try:
        message = json.loads(text)
    except ValueError as err:
        return [f"not JSON ({err})"]
    if not isinstance(message, dict):
        return [f"not a JSON object but {type(message).__name__}"]
    found = []
    try:
        AirbyteMessage.parse_obj(message)
    except Exception as err:  # pydantic lists every failing field in one error
        found.append("model: " + " ".join(str(err).split()))
    found.extend(
        f"schema: {err.message} at /{'/'.join(map(str, err.absolute_path))}"
        for err in SCHEMA.iter_errors(message)
    )
    expected = PAYLOAD_OF.get(message.get("type"))
    if expected is not None:
        if expected not in message:
            found.append(f"{message['type']} message without its '{expected}' payload")
        others = sorted(k for k in PAYLOAD_OF.values() if k != expected and k in message)
        if others:
            found.append(f"{message['type']} message also carries {others}")
    return found


def validate(name, lines):
    """(messages seen, problems found) for one file, printing each problem."""
    seen = wrong = 0
    for number, text in enumerate(lines, 1):
        if not text.strip():
            continue
        seen += 1
        for problem in line_problems(text):
            wrong += 1
            print(f"{name}:{number}: {problem}")
    return seen, wrong


def main(paths):
    seen = wrong = 0
    for path in paths or ["-"]:
        if path == "-":
            counts = validate("<stdin>", sys.stdin)
        else:
            with open(path, encoding="utf-8") as lines:
                counts = validate(path, lines)
        seen, wrong = seen + counts[0], wrong + counts[1]
    print(f"{seen} messages, {wrong} problems")
    return 1 if wrong or (paths and not seen) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
