#!/usr/bin/env bash
# Runs the whole connector against the bundled Zoho Desk emulator: no Zoho account needed.
#
#   bash integration_tests/demo.sh
#
# Builds both binaries (release), starts the emulator on a free port, then runs spec, check,
# discover and a first read of every discovered stream; changes data through the emulator's
# admin API (touches 10 tickets and 3 contacts, creates 2 customer happiness ratings); runs a
# second, incremental read from the first read's final states, which returns only those changes
# (and the children of the changed parents); and prints a per-stream summary. Tunables
# (environment):
#   DEMO_TICKETS, DEMO_CONTACTS, DEMO_ACCOUNTS
#                       records the emulator generates (defaults 1000, 300, 120)
#   DEMO_EMULATOR_ARGS  extra emulator flags (default: none)
#   DEMO_KEEP=1         keep the work directory with every message file
#   DEMO_CONNECTOR, DEMO_EMULATOR, DEMO_SKIP_BUILD=1
#                       run other binaries without building (used to test this script)
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
CONNECTOR="${DEMO_CONNECTOR:-$ROOT/target/release/source-zoho-desk}"
EMULATOR="${DEMO_EMULATOR:-$ROOT/target/release/zoho-desk-emulator}"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/zoho-desk-demo.XXXXXX")
EMU_PID=""

cleanup() {
  if [ -n "$EMU_PID" ] && kill -0 "$EMU_PID" 2>/dev/null; then
    kill "$EMU_PID" 2>/dev/null || true
    wait "$EMU_PID" 2>/dev/null || true
  fi
  if [ "${DEMO_KEEP:-0}" = 1 ]; then
    echo "work directory kept: $WORK"
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say() { printf '\n==> %s\n' "$*"; }
now_ms() { date +%s%3N; }

# Times a connector command; its stdout goes to a file, stderr to a log; the exit code is kept
# so the summary can still be printed when a command fails.
run() {
  local name=$1; shift
  local t0 ms rc=0
  t0=$(now_ms)
  "$CONNECTOR" "$@" >"$WORK/$name.jsonl" 2>"$WORK/$name.stderr" || rc=$?
  ms=$(( $(now_ms) - t0 ))
  echo "$name $rc $ms" >>"$WORK/timings"
  printf '    %-9s exit %s, %s ms, %s messages\n' "$name" "$rc" "$ms" \
    "$(wc -l <"$WORK/$name.jsonl" | tr -d ' ')"
  return 0
}

if [ "${DEMO_SKIP_BUILD:-0}" != 1 ]; then
  say "building (release): source-zoho-desk, zoho-desk-emulator"
  cargo build --release -p source-zoho-desk -p zoho-desk-emulator
fi

say "starting the emulator"
# shellcheck disable=SC2086
"$EMULATOR" --port 0 --seed 7 --tickets "${DEMO_TICKETS:-1000}" \
  --contacts "${DEMO_CONTACTS:-300}" --accounts "${DEMO_ACCOUNTS:-120}" ${DEMO_EMULATOR_ARGS:-} \
  >"$WORK/emulator.out" 2>"$WORK/emulator.err" &
EMU_PID=$!
URL=""
for _ in $(seq 1 100); do
  URL=$(head -n 1 "$WORK/emulator.out" 2>/dev/null | grep -o 'http://[^ ]*' || true)
  [ -n "$URL" ] && break
  if ! kill -0 "$EMU_PID" 2>/dev/null; then
    echo "the emulator exited early:" >&2
    cat "$WORK/emulator.err" >&2
    exit 1
  fi
  sleep 0.1
done
if [ -z "$URL" ]; then
  echo "the emulator printed no URL within 10 s" >&2
  exit 1
fi
echo "    emulator at $URL (pid $EMU_PID)"

cat >"$WORK/helper.py" <<'PY'
"""Demo helpers, stdlib only: build inputs from connector output and summarize reads."""
import json
import sys


def messages(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            try:
                yield json.loads(line)
            except ValueError:
                yield {"type": "NOT_JSON", "line": line}


def config(sample, url, out):
    with open(sample, encoding="utf-8") as f:
        cfg = json.load(f)
    cfg["accounts_url"] = url
    cfg["desk_url"] = url
    with open(out, "w", encoding="utf-8") as f:
        json.dump(cfg, f, indent=2)


def catalog(discover_out, out):
    """Every discovered stream: incremental + append_dedup where supported, else full refresh."""
    cats = [m["catalog"] for m in messages(discover_out) if m.get("type") == "CATALOG"]
    if not cats:
        sys.exit("discover printed no CATALOG message")
    streams = []
    for s in cats[-1]["streams"]:
        entry = {"stream": s, "primary_key": s.get("source_defined_primary_key") or []}
        if "incremental" in s.get("supported_sync_modes", []):
            entry["sync_mode"] = "incremental"
            entry["destination_sync_mode"] = "append_dedup"
            entry["cursor_field"] = s.get("default_cursor_field") or []
        else:
            entry["sync_mode"] = "full_refresh"
            entry["destination_sync_mode"] = "overwrite"
        streams.append(entry)
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"streams": streams}, f, indent=2)
    inc = sum(e["sync_mode"] == "incremental" for e in streams)
    print(f"    catalog: {len(streams)} streams, {inc} of them incremental")


def state(read_out, out):
    """The last STREAM state per stream, as a --state file."""
    latest = {}
    for m in messages(read_out):
        if m.get("type") == "STATE" and m["state"].get("type") == "STREAM":
            st = m["state"]["stream"]
            latest[st["stream_descriptor"]["name"]] = {"type": "STREAM", "stream": st}
    with open(out, "w", encoding="utf-8") as f:
        json.dump(list(latest.values()), f, indent=2)


def status(check_out):
    for m in messages(check_out):
        if m.get("type") == "CONNECTION_STATUS":
            cs = m["connectionStatus"]
            print(f"    check: {cs['status']}" + (f" ({cs['message']})" if cs.get("message") else ""))
            return
    print("    check: no CONNECTION_STATUS message")


def admin(url, path, body):
    import urllib.request
    req = urllib.request.Request(
        url + path, data=json.dumps(body).encode(), method="POST",
        headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.load(resp)


def mutate(url, out):
    """Changes data between the reads, through the emulator's admin API; saves what changed."""
    import time
    changed = {
        "tickets": admin(url, "/_admin/touch", {"module": "tickets", "count": 10})["records"],
        "contacts": admin(url, "/_admin/touch", {"module": "contacts", "count": 3})["records"],
        "customer_happiness": admin(
            url, "/_admin/create", {"module": "customer_happiness", "count": 2})["records"],
    }
    # Touched times may run a few ms ahead of the clock; a read starting before them would
    # rightly leave them for the following sync.
    time.sleep(0.1)
    with open(out, "w", encoding="utf-8") as f:
        json.dump({k: [r["id"] for r in v] for k, v in changed.items()}, f)
    print("    touched 10 tickets, 3 contacts; created 2 customer_happiness ratings")


LOOKBACK_MS = 5 * 60_000


def stamp(text):
    """Epoch ms of a Zoho timestamp (ISO 8601 with Z, or epoch milliseconds as text)."""
    import datetime
    if text.isdigit():
        return int(text)
    return int(datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000)


def tally(path):
    per = {}
    errors = []
    for m in messages(path):
        t = m.get("type")
        if t == "RECORD":
            name = m["record"]["stream"]
            per.setdefault(name, {"records": 0, "states": 0, "status": "-"})["records"] += 1
            data = m["record"]["data"]
            per[name].setdefault("ids", []).append(str(data.get("id")))
            stamp = data.get("modifiedTime") or data.get("ratedTime")
            if isinstance(stamp, str):
                per[name].setdefault("times", {})[str(data.get("id"))] = stamp
        elif t == "STATE" and m["state"].get("type") == "STREAM":
            name = m["state"]["stream"]["stream_descriptor"]["name"]
            per.setdefault(name, {"records": 0, "states": 0, "status": "-"})["states"] += 1
        elif t == "TRACE" and m["trace"].get("type") == "STREAM_STATUS":
            ss = m["trace"]["stream_status"]
            name = ss["stream_descriptor"]["name"]
            per.setdefault(name, {"records": 0, "states": 0, "status": "-"})["status"] = ss["status"]
        elif t == "TRACE" and m["trace"].get("type") == "ERROR":
            errors.append(m["trace"]["error"].get("message", ""))
        elif t == "NOT_JSON":
            errors.append("non-JSON stdout line: " + m["line"][:80])
    return per, errors


def summary(read1, read2, timings, changed_path, catalog_path):
    t = {}
    with open(timings, encoding="utf-8") as f:
        for line in f:
            name, rc, ms = line.split()
            t[name] = (int(rc), int(ms))
    with open(changed_path, encoding="utf-8") as f:
        changed = json.load(f)
    with open(catalog_path, encoding="utf-8") as f:
        modes = {e["stream"]["name"]: e["sync_mode"] for e in json.load(f)["streams"]}
    a, e1 = tally(read1)
    b, e2 = tally(read2)
    names = list(dict.fromkeys(list(modes) + list(a) + list(b)))
    empty = {"records": 0, "states": 0, "status": "-"}
    inc = [n for n in names if modes.get(n) == "incremental"]
    full = [n for n in names if modes.get(n) != "incremental"]
    head = f"{'stream':<28}{'read 1':>8}{'read 2':>8}"
    print(f"{len(inc)} incremental streams (read 2 returns what changed and the rows at read 1's cursors):")
    print(head)
    print("-" * len(head))
    for n in inc:
        x, y = a.get(n, empty), b.get(n, empty)
        print(f"{n:<28}{x['records']:>8}{y['records']:>8}")
    print("-" * len(head))
    f1 = sum(a.get(n, empty)["records"] for n in full)
    f2 = sum(b.get(n, empty)["records"] for n in full)
    print(f"{str(len(full)) + ' full-refresh streams':<28}{f1:>8}{f2:>8}   (re-read in full every time)")
    tot1 = sum(v["records"] for v in a.values())
    tot2 = sum(v["records"] for v in b.values())
    print(f"{'total (' + str(len(names)) + ' streams)':<28}{tot1:>8}{tot2:>8}")
    incomplete = [n for n in names if a.get(n, empty)["status"] != "COMPLETE"
                  or b.get(n, empty)["status"] != "COMPLETE"]
    print()
    print("read 2 against the changes made between the reads:")
    mismatch = False
    for stream, ids in changed.items():
        got = sorted(set(b.get(stream, empty).get("ids", [])))
        missing = sorted(set(ids) - set(got))
        # Incremental reads are inclusive: they resume at the saved cursor, less the lookback
        # window (5 minutes by default) on search streams, so rows read 1 saw there come again.
        times = a.get(stream, empty).get("times", {})
        last = max((stamp(v) for v in times.values()), default=None)
        extra = sorted(set(got) - set(ids))
        unexpected = [i for i in extra
                      if last is None or i not in times or stamp(times[i]) < last - LOOKBACK_MS]
        ok = not missing and not unexpected
        mismatch |= not ok
        note = f", plus {len(extra)} read 1 had at its cursor" if extra else ""
        print(f"    {stream:<20} {len(ids)} changed, {len(got)} read: "
              + (f"every changed record{note}" if ok else
                 f"MISMATCH (missing {missing[:5]}, unexpected {unexpected[:5]})"))
    print()
    for name in ["spec", "check", "discover", "read1", "read2"]:
        if name in t:
            rc, ms = t[name]
            print(f"    {name:<9} exit {rc}  {ms:>7} ms")
    for label, errs in (("read 1", e1), ("read 2", e2)):
        for msg in errs:
            print(f"    {label} error: {msg}")
    if incomplete:
        print("    streams without a COMPLETE status: " + ", ".join(incomplete))
    failed = [n for n, (rc, _) in t.items() if rc != 0]
    return 1 if failed or e1 or e2 or mismatch or incomplete else 0


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "config":
        config(*args)
    elif cmd == "catalog":
        catalog(*args)
    elif cmd == "state":
        state(*args)
    elif cmd == "status":
        status(*args)
    elif cmd == "mutate":
        mutate(*args)
    elif cmd == "summary":
        sys.exit(summary(*args))
    else:
        sys.exit(f"unknown helper command {cmd}")
PY
helper() { python3 "$WORK/helper.py" "$@"; }

helper config integration_tests/sample_config.json "$URL" "$WORK/config.json"
: >"$WORK/timings"

say "spec, check, discover"
run spec spec
run check check --config "$WORK/config.json"
helper status "$WORK/check.jsonl"
run discover discover --config "$WORK/config.json"
helper catalog "$WORK/discover.jsonl" "$WORK/catalog.json"

say "read 1: first sync of every stream"
run read1 read --config "$WORK/config.json" --catalog "$WORK/catalog.json"
helper state "$WORK/read1.jsonl" "$WORK/state.json"

say "changing data in the emulator (admin API)"
helper mutate "$URL" "$WORK/changed.json"

say "read 2: incremental from read 1's final states"
run read2 read --config "$WORK/config.json" --catalog "$WORK/catalog.json" --state "$WORK/state.json"

say "summary"
rc=0
helper summary "$WORK/read1.jsonl" "$WORK/read2.jsonl" "$WORK/timings" "$WORK/changed.json" \
  "$WORK/catalog.json" || rc=$?
if [ "$rc" -ne 0 ]; then
  echo "a command failed; rerun with DEMO_KEEP=1 to keep every output and stderr file" >&2
fi
exit "$rc"
