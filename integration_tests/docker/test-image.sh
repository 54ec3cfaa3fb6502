#!/usr/bin/env bash
# Builds the connector image from the repository's Dockerfile and runs it the way an Airbyte
# platform does, against the bundled emulator on the host. Called by .ci/run after the tests.
#
#   bash integration_tests/docker/test-image.sh
#
# Works on a machine with no container registry: installs docker.io and debootstrap when missing
# (root, Debian), starts dockerd when no daemon answers, and when a base image of the Dockerfile
# is not present locally it makes one with debootstrap + `docker import` (the builder base gets
# the host's Rust toolchain copied in) and passes it as a build argument. It never pulls.
# Then, as uid 1000 with --read-only, --cap-drop ALL, --network host and root-owned 0644 files
# mounted read-only, through `sh -c 'eval "$AIRBYTE_ENTRYPOINT …"'`: spec, check, discover, a
# read of integration_tests/configured_catalog.json and a read with the state it produced. Every
# stdout line must be a valid Airbyte message (integration_tests/python/validate_messages.py),
# no output may carry a secret of the config, and every stream must end COMPLETE; any failure
# exits non-zero.
#
# Environment:
#   IMAGE          tag to build (default zohodesk-connectors/source-zoho-desk-rs:dev)
#   DEBIAN_MIRROR  mirror for debootstrap (default http://deb.debian.org/debian)
#   KEEP_WORK=1    keep the work directory (outputs, logs)
set -euo pipefail

cd "$(dirname "$0")/../.."
ROOT=$PWD
IMAGE="${IMAGE:-zohodesk-connectors/source-zoho-desk-rs:dev}"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/zoho-desk-image.XXXXXX")
DOCKERD_PID=""
EMU_PID=""

START=$(date +%s)
say() { printf '\n==> [%4ss] %s\n' "$(( $(date +%s) - START ))" "$*"; }
die() { printf 'test-image: %s\n' "$*" >&2; exit 1; }

cleanup() {
  for pid in "$EMU_PID" "$DOCKERD_PID"; do
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  if [ "${KEEP_WORK:-0}" = 1 ]; then
    echo "work directory kept: $WORK"
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- tools and daemon --------------------------------------------------------------------------

missing=()
command -v docker >/dev/null || missing+=(docker.io)
# A docker client alone (e.g. /usr/local/bin/docker) is not enough when no daemon runs.
if ! command -v dockerd >/dev/null && ! docker info >/dev/null 2>&1; then
  missing+=(docker.io)
fi
command -v debootstrap >/dev/null || missing+=(debootstrap)
if [ ${#missing[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || die "need root to install: ${missing[*]}"
  say "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    $(printf '%s\n' "${missing[@]}" | sort -u) >/dev/null
fi

if ! docker info >/dev/null 2>&1; then
  [ "$(id -u)" = 0 ] || die "no Docker daemon answers and starting one needs root"
  say "starting dockerd (log: $WORK/dockerd.log)"
  dockerd >"$WORK/dockerd.log" 2>&1 &
  DOCKERD_PID=$!
  for _ in $(seq 60); do
    docker info >/dev/null 2>&1 && break
    kill -0 "$DOCKERD_PID" 2>/dev/null || { tail -20 "$WORK/dockerd.log" >&2; die "dockerd exited"; }
    sleep 1
  done
  docker info >/dev/null 2>&1 || { tail -20 "$WORK/dockerd.log" >&2; die "dockerd did not answer in 60 s"; }
fi

# --- base images -------------------------------------------------------------------------------

have_image() { docker image inspect "$1" >/dev/null 2>&1; }

# debootstrap DIR PACKAGES: a minimal bookworm root file system with the CA bundle.
bootstrap() {
  local dir=$1 include=$2
  debootstrap --variant=minbase --include="$include" bookworm "$dir" "$MIRROR" \
    >"$WORK/debootstrap.log" 2>&1 || { tail -20 "$WORK/debootstrap.log" >&2; die "debootstrap failed"; }
  rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/*
}

import_rootfs() {
  local dir=$1 tag=$2; shift 2
  tar -C "$dir" --numeric-owner -cf - . | docker import "$@" - "$tag" >/dev/null
  rm -rf "$dir"
}

RUNTIME_IMAGE=debian:bookworm-slim
if ! have_image "$RUNTIME_IMAGE"; then
  RUNTIME_IMAGE=zohodesk-local/bookworm-base:debootstrap
  if ! have_image "$RUNTIME_IMAGE"; then
    say "making $RUNTIME_IMAGE with debootstrap ($MIRROR)"
    bootstrap "$WORK/runtime-root" ca-certificates
    import_rootfs "$WORK/runtime-root" "$RUNTIME_IMAGE"
  fi
fi

# The builder: bookworm with a C toolchain (linker, static glibc) and the host's Rust toolchain,
# so the Dockerfile's builder stage runs unchanged. Tagged by rustc version so an upgrade
# rebuilds it.
BUILDER_IMAGE=rust:1-bookworm
if ! have_image "$BUILDER_IMAGE"; then
  command -v rustc >/dev/null || die "no rust:1-bookworm image and no host Rust toolchain to copy"
  rust_version=$(rustc -V | awk '{print $2}')
  BUILDER_IMAGE="zohodesk-local/bookworm-rust:$rust_version"
  if ! have_image "$BUILDER_IMAGE"; then
    say "making $BUILDER_IMAGE with debootstrap and the host toolchain ($(rustc -V))"
    sysroot=$(rustc --print sysroot)
    [ -x "$sysroot/bin/cargo" ] || die "no cargo in $sysroot/bin (copy needs a rustup-style toolchain)"
    bootstrap "$WORK/builder-root" ca-certificates,gcc,libc6-dev
    mkdir -p "$WORK/builder-root/usr/local/rust"
    # Binaries and libraries only: docs and sources are not needed to build.
    cp -a "$sysroot/bin" "$sysroot/lib" "$WORK/builder-root/usr/local/rust/"
    [ -d "$sysroot/libexec" ] && cp -a "$sysroot/libexec" "$WORK/builder-root/usr/local/rust/"
    # cargo fetches crates from inside the build: trust what the host trusts (a TLS-inspecting
    # proxy's CA, for one). Only this local builder gets the host's bundle, never the runtime.
    if [ -s /etc/ssl/certs/ca-certificates.crt ]; then
      cp /etc/ssl/certs/ca-certificates.crt "$WORK/builder-root/etc/ssl/certs/ca-certificates.crt"
    fi
    import_rootfs "$WORK/builder-root" "$BUILDER_IMAGE" \
      --change 'ENV PATH=/usr/local/rust/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change 'ENV CARGO_HOME=/usr/local/cargo'
  fi
fi

# --- the image ---------------------------------------------------------------------------------

say "docker build -t $IMAGE (builder $BUILDER_IMAGE, runtime $RUNTIME_IMAGE)"
# The classic builder needs no buildx plugin and pulls nothing; host networking lets cargo reach
# crates.io without depending on the bridge's NAT.
DOCKER_BUILDKIT=0 docker build --network host \
  --build-arg "BUILDER_IMAGE=$BUILDER_IMAGE" --build-arg "RUNTIME_IMAGE=$RUNTIME_IMAGE" \
  -t "$IMAGE" . >"$WORK/build.log" 2>&1 || { tail -40 "$WORK/build.log" >&2; die "docker build failed"; }
docker image inspect --format 'built {{.Id}} ({{.Size}} bytes, {{.Architecture}})' "$IMAGE"

# --- the emulator and the validator ------------------------------------------------------------

say "emulator and validator"
cargo build --quiet -p zoho-desk-emulator
# Long, unique credentials, so the secret scan below cannot match by accident.
CLIENT_SECRET="image-client-secret-$$-$RANDOM$RANDOM"
REFRESH_TOKEN="image-refresh-token-$$-$RANDOM$RANDOM"
"$ROOT/target/debug/zoho-desk-emulator" --port 0 \
  --client-secret "$CLIENT_SECRET" --refresh-token "$REFRESH_TOKEN" \
  >"$WORK/emulator.out" 2>"$WORK/emulator.err" &
EMU_PID=$!
URL=""
for _ in $(seq 100); do
  URL=$(sed -n '1s/^listening on //p' "$WORK/emulator.out")
  [ -n "$URL" ] && break
  kill -0 "$EMU_PID" 2>/dev/null || { cat "$WORK/emulator.err" >&2; die "emulator exited"; }
  sleep 0.1
done
[ -n "$URL" ] || die "emulator printed no URL"
echo "emulator at $URL"

PY=$(bash "$ROOT/integration_tests/python/venv.sh" validator)

# Platform-style inputs: root-owned, 0644, in a directory mounted read-only.
DATA="$WORK/data"
mkdir -p "$DATA"
sed -e "s#http://127.0.0.1:8080#$URL#g" -e "s#\"csecret\"#\"$CLIENT_SECRET\"#" \
  -e "s#\"rtok\"#\"$REFRESH_TOKEN\"#" integration_tests/sample_config.json >"$DATA/config.json"
grep -q "$REFRESH_TOKEN" "$DATA/config.json" && grep -q "$CLIENT_SECRET" "$DATA/config.json" \
  || die "could not put the test credentials into the config"
cp integration_tests/configured_catalog.json "$DATA/catalog.json"
chmod 0755 "$WORK" "$DATA"

# platform NAME ARGS: runs the image as the platform would, keeps stdout in NAME.jsonl.
platform() {
  local name=$1 args=$2 rc=0 t0
  t0=$(date +%s%3N)
  chown root:root "$DATA"/*.json
  chmod 0644 "$DATA"/*.json
  docker run --rm --network host --read-only --cap-drop ALL --user 1000:1000 \
    -v "$DATA:/data:ro" --entrypoint sh "$IMAGE" \
    -c "eval \"\$AIRBYTE_ENTRYPOINT $args\"" >"$WORK/$name.jsonl" 2>"$WORK/$name.stderr" || rc=$?
  printf '    %-8s exit %s, %s lines, %s ms\n' "$name" "$rc" \
    "$(wc -l <"$WORK/$name.jsonl" | tr -d ' ')" "$(( $(date +%s%3N) - t0 ))"
  if [ "$rc" != 0 ]; then
    tail -5 "$WORK/$name.jsonl" "$WORK/$name.stderr" >&2
    die "$name exited $rc"
  fi
  # The platform stores both streams in its logs: neither may carry a secret.
  if grep -qF -e "$CLIENT_SECRET" -e "$REFRESH_TOKEN" "$WORK/$name.jsonl" "$WORK/$name.stderr"; then
    die "$name printed a secret of the config"
  fi
  "$PY" integration_tests/python/validate_messages.py "$WORK/$name.jsonl" >"$WORK/$name.valid" \
    || { cat "$WORK/$name.valid" >&2; die "$name printed invalid messages"; }
}

check() { "$PY" integration_tests/docker/check_output.py "$@" || die "check of $1 failed"; }

say "running $IMAGE as uid 1000, read-only, no capabilities"
platform spec "spec"
check "$WORK/spec.jsonl" spec
platform check "check --config /data/config.json"
check "$WORK/check.jsonl" check
platform discover "discover --config /data/config.json"
check "$WORK/discover.jsonl" discover "$DATA/catalog.json"
platform read "read --config /data/config.json --catalog /data/catalog.json"
check "$WORK/read.jsonl" read "$DATA/catalog.json" "$DATA/state.json"
platform read2 "read --config /data/config.json --catalog /data/catalog.json --state /data/state.json"
check "$WORK/read2.jsonl" read "$DATA/catalog.json"

say "image OK: $IMAGE"
