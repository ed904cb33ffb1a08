#!/usr/bin/env bash
# Packs every package of the suite as it would be published, into the
# folder given (default: packed/), one tarball each, with its README and the
# LICENSE. Used by the install test; a release publishes the same tarballs.
#   scripts/pack.sh [folder]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-node.sh
ensure_dependencies
out="$(realpath -m "${1:-packed}")"
rm -rf "$out" && mkdir -p "$out"

# Declarations first: each package's build bundles its types from dist-types.
rm -rf dist-types && npx tsc

for dir in plugins/*/; do
  (
    cd "$dir"
    npx backstage-cli package build
    # publishConfig's entry points (dist/) into package.json, restored after.
    npx backstage-cli package prepack
    cp ../../LICENSE LICENSE
    trap 'npx backstage-cli package postpack; rm -f LICENSE' EXIT
    npm pack --silent --pack-destination "$out" >/dev/null
  )
  echo "[quality-pulse] packed $(basename "$dir")"
done
ls -1 "$out"
