# Image for Airbyte-protocol platforms (Airbyte OSS, Daspire, `docker run`).
#
# Plain Dockerfile syntax (no `# syntax=` frontend, no RUN --mount), so both the classic builder
# and BuildKit build it without pulling anything but the two base images. Both bases are build
# arguments: where no registry is reachable, integration_tests/docker/test-image.sh passes bases
# it made locally with debootstrap.
ARG BUILDER_IMAGE=rust:1-bookworm
ARG RUNTIME_IMAGE=debian:bookworm-slim

# Build stage: a static glibc binary (+crt-static) for the builder's own (native) target, so the
# same file builds on amd64 and arm64 (buildx runs each platform's builder natively or under
# QEMU). `--target` is required so RUSTFLAGS do not reach proc-macros; the result needs no shared
# libraries at run time.
FROM ${BUILDER_IMAGE} AS builder
WORKDIR /src
COPY . .
RUN target="$(rustc -vV | sed -n 's/^host: //p')" \
 && test -n "$target" \
 && RUSTFLAGS='-C target-feature=+crt-static' \
    cargo build --release --locked --target "$target" -p source-zoho-desk \
 && install -D -m 0755 "target/$target/release/source-zoho-desk" /out/source-zoho-desk

# Runtime: debian:bookworm-slim rather than distroless. Airbyte on Kubernetes evaluates
# AIRBYTE_ENTRYPOINT through /bin/sh, which distroless lacks; slim also gives useradd and the
# system CA bundle (used next to the built-in webpki roots, e.g. behind a TLS-inspecting proxy).
# A base that already has the CA bundle (the debootstrap one) skips apt entirely.
FROM ${RUNTIME_IMAGE}
RUN if [ ! -s /etc/ssl/certs/ca-certificates.crt ]; then \
      apt-get update \
      && apt-get install -y --no-install-recommends ca-certificates \
      && rm -rf /var/lib/apt/lists/*; \
    fi \
 && groupadd --gid 1000 airbyte \
 && useradd --uid 1000 --gid 1000 --home-dir /airbyte --no-create-home --shell /usr/sbin/nologin airbyte \
 && mkdir -p /airbyte/bin \
 && chown airbyte:airbyte /airbyte
# The binary stays root-owned (read-only to the connector); /airbyte itself is writable, as the
# platform mounts config/catalog/state files there.
COPY --from=builder /out/source-zoho-desk /airbyte/bin/source-zoho-desk
WORKDIR /airbyte
# 1000 is the `airbyte` user created above; numeric so Kubernetes runAsNonRoot can verify it.
USER 1000:1000
ENV AIRBYTE_ENTRYPOINT="/airbyte/bin/source-zoho-desk"
ENTRYPOINT ["/airbyte/bin/source-zoho-desk"]
LABEL io.airbyte.name=zohodesk-connectors/source-zoho-desk-rs
LABEL io.airbyte.version=0.1.0
