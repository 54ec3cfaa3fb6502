#!/usr/bin/env bash
# Prints the path of a Python whose packages are exactly those of
# integration_tests/python/requirements-NAME.txt, creating target/NAME-venv on first use.
#
#   PY=$(bash integration_tests/python/venv.sh validator)   # or: runtime
#
# The one place the tests make Python environments (the e2e validator, the PyAirbyte and CDK
# tests, test-image.sh). Packages are installed with --no-deps, then `pip check` proves the
# requirements file lists every dependency. The ready marker holds the requirements file and is
# written last, so an interrupted or outdated install is redone, never used half-built; an
# exclusive lock serializes concurrent callers. Progress goes to stderr, the path alone to stdout.
# Base interpreter: $ZOHO_PYTHON, else python3.11, else python3 (3.10 to 3.13).
set -euo pipefail

name=${1:?usage: venv.sh validator|runtime}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
requirements="$here/requirements-$name.txt"
[ -f "$requirements" ] || { echo "venv.sh: no $requirements" >&2; exit 2; }
venv="$root/target/$name-venv"
python="$venv/bin/python"

ready() { [ -f "$venv/.ready" ] && cmp -s "$venv/.ready" "$requirements"; }

base_python() {
  local candidate
  for candidate in ${ZOHO_PYTHON:-} python3.11 python3; do
    if "$candidate" -c 'import sys; sys.exit(0 if (3, 10) <= sys.version_info[:2] < (3, 14) else 1)' \
      2>/dev/null; then
      echo "$candidate"
      return
    fi
  done
  echo "venv.sh: no usable Python: need python3.10..3.13 with venv on PATH (python3.11 or python3)," \
    "or ZOHO_PYTHON=/path/to/python" >&2
  exit 1
}

if ! ready; then
  mkdir -p "$root/target"
  exec 9>"$root/target/$name-venv.lock"
  flock 9
  if ! ready; then
    started=$(date +%s)
    rm -rf "$venv"
    base=$(base_python)
    "$base" -m venv "$venv" >&2 || {
      echo "venv.sh: $base -m venv failed (Debian: apt-get install python3-venv)" >&2
      exit 1
    }
    "$python" -m pip install --quiet --disable-pip-version-check --no-deps -r "$requirements" >&2 || {
      echo "venv.sh: pip install -r $requirements failed (PyPI must be reachable)" >&2
      exit 1
    }
    "$python" -m pip check >&2 || {
      echo "venv.sh: $requirements misses a dependency (pip check above)" >&2
      exit 1
    }
    cp "$requirements" "$venv/.ready"
    echo "venv.sh: installed $requirements into $venv in $(( $(date +%s) - started )) s" >&2
  fi
fi
echo "$python"
