#!/usr/bin/env python3
"""Asserts what test-image.sh expects of one command's output (already protocol-validated).

    check_output.py OUT.jsonl spec
    check_output.py OUT.jsonl check
    check_output.py OUT.jsonl discover CATALOG.json
    check_output.py OUT.jsonl read CATALOG.json [STATE_OUT.json]

read: every stream of the configured catalog ends COMPLETE, no error is traced, the first read
returns records; with STATE_OUT, the last state of each stream is written there as a `--state`
file for the next read. Prints a one-line summary; exits 1 with the reasons otherwise.
Standard library only.
"""
import json
import sys
from collections import Counter


def messages(path):
    with open(path, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def of_type(msgs, kind):
    return [m for m in msgs if m.get("type") == kind]


def configured_streams(catalog_path):
    with open(catalog_path, encoding="utf-8") as f:
        return [s["stream"]["name"] for s in json.load(f)["streams"]]


def check_spec(msgs):
    specs = of_type(msgs, "SPEC")
    if len(specs) != 1 or "connectionSpecification" not in specs[0]["spec"]:
        return ["expected one SPEC with a connectionSpecification"], "no spec"
    return [], "1 SPEC"


def check_check(msgs):
    statuses = [m["connectionStatus"]["status"] for m in of_type(msgs, "CONNECTION_STATUS")]
    if statuses != ["SUCCEEDED"]:
        return [f"connection status {statuses}, expected ['SUCCEEDED']"], ""
    return [], "SUCCEEDED"


def check_discover(msgs, catalog_path):
    catalogs = of_type(msgs, "CATALOG")
    if len(catalogs) != 1:
        return [f"{len(catalogs)} CATALOG messages"], ""
    found = {s["name"] for s in catalogs[0]["catalog"]["streams"]}
    missing = sorted(set(configured_streams(catalog_path)) - found)
    if missing:
        return [f"discover lacks configured streams {missing}"], ""
    return [], f"{len(found)} streams"


def check_read(msgs, catalog_path, state_out=None):
    problems = []
    final = {}
    states = {}
    for m in of_type(msgs, "TRACE"):
        trace = m["trace"]
        if trace["type"] == "STREAM_STATUS":
            status = trace["stream_status"]
            final[status["stream_descriptor"]["name"]] = status["status"]
        elif trace["type"] == "ERROR":
            problems.append(f"error traced: {trace['error'].get('message')}")
    for m in of_type(msgs, "STATE"):
        state = m["state"]
        key = state.get("stream", {}).get("stream_descriptor", {}).get("name", "")
        states[key] = state
    streams = configured_streams(catalog_path)
    for name in streams:
        if final.get(name) != "COMPLETE":
            problems.append(f"{name} ended {final.get(name)}, not COMPLETE")
    records = Counter(m["record"]["stream"] for m in of_type(msgs, "RECORD"))
    if state_out is not None:
        if not records:
            problems.append("the first read returned no record")
        with open(state_out, "w", encoding="utf-8") as f:
            json.dump(list(states.values()), f)
    summary = (
        f"{len(streams)} streams COMPLETE, {sum(records.values())} records "
        f"from {len(records)} streams, {len(states)} stream states"
    )
    return problems, summary


def main(argv):
    path, kind, *rest = argv
    msgs = messages(path)
    checks = {"spec": check_spec, "check": check_check, "discover": check_discover,
              "read": check_read}
    problems, summary = checks[kind](msgs, *rest)
    for p in problems:
        print(f"{path}: {p}")
    if problems:
        return 1
    print(f"    {kind}: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
