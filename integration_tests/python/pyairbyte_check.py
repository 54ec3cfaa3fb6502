"""PyAirbyte end to end: the connector binary as a local executable, read into DuckDB.

Usage: python pyairbyte_check.py CONNECTOR_EXE EMULATOR_URL

Against a running emulator with its default credentials, this runs check and discover through
PyAirbyte, reads six streams into a fresh DuckDB cache and compares the row counts with the
emulator's ground truth, then touches 5 tickets and reads again: PyAirbyte hands the stored state
to the connector, which must send only the touched tickets and their children (plus, read again
by design, the rows at the saved cursor and in the lookback window before it), and the cache
must hold every ticket once with the touched ones updated. Exits non-zero on any failure.
"""

import os

# PyAirbyte reads these at import time: no registry, no telemetry, no live progress display.
os.environ["AIRBYTE_OFFLINE_MODE"] = "1"
os.environ["DO_NOT_TRACK"] = "1"
os.environ["NO_LIVE_PROGRESS"] = "1"
os.environ.setdefault("PYTHONWARNINGS", "ignore")

import json  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402

warnings.simplefilter("ignore")

import airbyte as ab  # noqa: E402

# The connector's registry name (metadata.yaml dockerRepository), distinct from Airbyte's own.
CONNECTOR_NAME = "source-zoho-desk-rs"
STREAMS = ["tickets", "contacts", "accounts", "agents", "threads", "ticket_comments"]
# Child streams: their truth rows name the parent ticket in `parentId`.
TICKET_CHILDREN = ["threads", "ticket_comments"]
TOUCHED = 5
# The connector's default lookback_window (minutes) on search-indexed streams.
LOOKBACK_MS = 5 * 60_000


def admin(url, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(
        url + path,
        data=data,
        method="GET" if body is None else "POST",
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.load(resp)


def truth(url, stream):
    return admin(url, f"/_admin/truth/{stream}")["records"]


def epoch_ms(text):
    from datetime import datetime

    return int(datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%f%z").timestamp() * 1000)


def near_cursor(rows):
    """Ids an inclusive resume reads again: at the newest modifiedTime or in the lookback."""
    times = [epoch_ms(r["modifiedTime"]) for r in rows]
    top = max(times)
    return {str(r["id"]) for r, t in zip(rows, times) if t >= top - LOOKBACK_MS}


def per_stream_counts(result):
    # PyAirbyte counts records per stream in its progress tracker; ReadResult exposes only the
    # total, so read the tracker (present in every PyAirbyte 0.x release).
    return dict(result._progress_tracker.stream_read_counts)


def table_rows(cache, stream, columns="*"):
    with cache.get_sql_engine().connect() as conn:
        from sqlalchemy import text

        return conn.execute(text(f'SELECT {columns} FROM main."{stream}"')).fetchall()


def main():
    if len(sys.argv) != 3:
        sys.exit(f"usage: {sys.argv[0]} CONNECTOR_EXE EMULATOR_URL")
    exe, url = sys.argv[1], sys.argv[2].rstrip("/")
    failures = []

    def expect(cond, what):
        print(("ok   " if cond else "FAIL ") + what, flush=True)
        if not cond:
            failures.append(what)

    config = {
        "credentials": {
            "auth_type": "oauth2.0",
            "client_id": os.environ.get("ZOHO_CLIENT_ID", "cid"),
            "client_secret": os.environ.get("ZOHO_CLIENT_SECRET", "csecret"),
            "refresh_token": os.environ.get("ZOHO_REFRESH_TOKEN", "rtok"),
        },
        "organization_id": os.environ.get("ZOHO_ORG_ID", "60001234567"),
        "data_center": "US",
        "start_date": "2020-01-01T00:00:00Z",
        "accounts_url": url,
        "desk_url": url,
    }
    started = time.monotonic()
    # Our registry name, not Airbyte's "source-zoho-desk" (see metadata.yaml).
    source = ab.get_source(
        CONNECTOR_NAME, local_executable=exe, config=config, install_if_missing=False
    )
    source.check()  # raises on a failed CONNECTION_STATUS
    print("ok   check", flush=True)
    available = source.get_available_streams()
    expect(len(available) > len(STREAMS), f"discover lists {len(available)} streams")
    missing = [s for s in STREAMS if s not in available]
    expect(not missing, f"discover lists {STREAMS} (missing: {missing})")
    source.select_streams(STREAMS)

    with tempfile.TemporaryDirectory(prefix="pyairbyte-zoho-") as tmp:
        cache = ab.new_local_cache(cache_name="zoho_e2e", cache_dir=Path(tmp) / "cache")

        # --- first read: everything ---
        first = source.read(cache=cache)
        counts1 = per_stream_counts(first)
        want = {s: truth(url, s) for s in STREAMS}
        for s in STREAMS:
            rows = len(table_rows(cache, s, "1"))
            expect(
                rows == len(want[s]) and counts1.get(s) == len(want[s]),
                f"read 1 {s}: {counts1.get(s)} processed, {rows} in DuckDB, truth {len(want[s])}",
            )
        expect(
            first.processed_records == sum(len(v) for v in want.values()),
            f"read 1 processed {first.processed_records} records in all",
        )
        state = cache.get_state_provider(CONNECTOR_NAME)
        stored = sorted(s for s in STREAMS if state.get_stream_state(s, None) is not None)
        expect(stored == sorted(STREAMS), f"state stored for {stored}")

        again = {s: near_cursor(want[s]) for s in ["tickets", "contacts", "accounts"]}

        # --- change 5 tickets upstream ---
        touched = admin(url, "/_admin/touch", {"module": "tickets", "count": TOUCHED})["records"]
        touched_ids = {str(r["id"]) for r in touched}
        expect(len(touched_ids) == TOUCHED, f"touched {len(touched_ids)} tickets")
        new_modified = {str(r["id"]): r["modifiedTime"] for r in touched}

        # --- second read: PyAirbyte passes the stored state with --state ---
        second = source.read(cache=cache)
        counts2 = per_stream_counts(second)
        changed = touched_ids | again["tickets"]
        expect(
            counts2.get("tickets") == len(changed),
            f"read 2 tickets: {counts2.get('tickets')} processed (want {TOUCHED} touched + "
            f"{len(changed) - TOUCHED} at the cursor)",
        )
        for child in TICKET_CHILDREN:
            now = truth(url, child)
            of_touched = sum(1 for r in now if str(r["parentId"]) in changed)
            expect(
                counts2.get(child, 0) == of_touched,
                f"read 2 {child}: {counts2.get(child, 0)} processed, "
                f"{of_touched} belong to the touched tickets",
            )
        for s in ["contacts", "accounts"]:
            n = len(again[s])
            expect(
                counts2.get(s, 0) == n,
                f"read 2 {s}: {counts2.get(s, 0)} processed (want {n}, at the cursor)",
            )
        agents = len(want["agents"])
        expect(
            counts2.get("agents") == agents,
            f"read 2 agents (full refresh): {counts2.get('agents')} processed (want {agents})",
        )

        tickets = table_rows(cache, "tickets", "id, modifiedtime")
        ids = [str(r[0]) for r in tickets]
        expect(
            len(ids) == len(want["tickets"]) and len(set(ids)) == len(ids),
            f"DuckDB tickets after read 2: {len(ids)} rows, {len(set(ids))} distinct "
            f"(truth {len(want['tickets'])})",
        )
        stored_modified = {str(r[0]): r[1] for r in tickets if str(r[0]) in touched_ids}

        def iso(v):
            # DuckDB hands back a datetime for a date-time column; compare to the millisecond.
            if hasattr(v, "strftime"):
                return v.strftime("%Y-%m-%dT%H:%M:%S.") + f"{v.microsecond // 1000:03d}"
            return str(v)[:23]

        updated = sorted(
            i for i in touched_ids if iso(stored_modified.get(i))[:23] == new_modified[i][:23]
        )
        expect(
            len(updated) == TOUCHED,
            f"DuckDB holds the new modifiedTime of {len(updated)}/{TOUCHED} touched tickets",
        )
        for child in TICKET_CHILDREN:
            rows = len(table_rows(cache, child, "1"))
            total = len(truth(url, child))
            expect(rows == total, f"DuckDB {child} after read 2: {rows} rows (truth {total})")

    print(
        f"summary: {len(failures)} failure(s); streams {STREAMS}; read 1 {counts1}; "
        f"read 2 {counts2}; {time.monotonic() - started:.1f}s",
        flush=True,
    )
    if failures:
        sys.exit("FAILED: " + "; ".join(failures))


if __name__ == "__main__":
    main()
