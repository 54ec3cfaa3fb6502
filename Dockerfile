# syntax=docker/dockerfile:1
# Image for Airbyte-protocol platforms (Airbyte OSS, Daspire, `docker run`).
#
# Build stage: a static glibc binary (+crt-static). `--target` is required so RUSTFLAGS do not
# reach proc-macros; the result needs no shared libraries at run time.
FROM rust:1-bookworm AS builder
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    RUSTFLAGS='-C target-feature=+crt-static' \
    cargo build --release --locked --target x86_64-unknown-linux-gnu -p source-zoho-desk \
 && install -D -m 0755 target/x86_64-unknown-linux-gnu/release/source-zoho-desk /out/source-zoho-desk

# Runtime: debian:bookworm-slim rather than distroless. Airbyte on Kubernetes evaluates
# AIRBYTE_ENTRYPOINT through /bin/sh, which distroless lacks; slim also gives useradd and the
# system CA bundle (used next to the built-in webpki roots, e.g. behind a TLS-inspecting proxy).
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
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
LABEL io.airbyte.name=zohodesk-connectors/source-zoho-desk
LABEL io.airbyte.version=0.1.0
