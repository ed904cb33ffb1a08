#!/usr/bin/env bash
# The install test: packs every package as published, creates a fresh app with
# the current @backstage/create-app for each frontend system, installs the
# tarballs following the README's "Install into your Backstage app" steps
# (the same commands, scripted), type-checks, starts it on free ports and, in
# headless Chromium, checks that the Quality pages show the API's figures.
#   scripts/install-test.sh [new|legacy ...]   both systems when none is named
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
started=$SECONDS
step() { echo; echo "== install test: $* ($((SECONDS - started)) s)"; }
systems=("$@")
[ ${#systems[@]} -eq 0 ] && systems=(new legacy)

source scripts/ensure-node.sh
work="$(mktemp -d /tmp/quality-install-test.XXXXXX)"
echo "[quality-pulse] install test in $work"

step "pack"
bash scripts/pack.sh "$work/packed" >/dev/null
packed() { ls "$work/packed"/quality-pulse-plugin-"$1"-[0-9]*.tgz; }

# Machine workaround (ENVIRONMENT.md), not an install step: create-app insists
# on Yarn even with --skip-install, and Yarn cannot resolve here; npm installs.
mkdir -p "$work/bin"
printf '#!/bin/sh\necho 4.9.1\n' >"$work/bin/yarn" && chmod +x "$work/bin/yarn"

for system in "${systems[@]}"; do
  app="$work/app-$system"
  step "$system: create-app"
  PATH="$work/bin:$PATH" BACKSTAGE_APP_NAME="qp-$system" \
    npx -y @backstage/create-app@latest --skip-install --path "$app" \
    $([ "$system" = legacy ] && echo --legacy) >"$work/create-app-$system.log"
  # Machine workaround (ENVIRONMENT.md §2–5): npm, not Yarn, with the
  # registry's gaps covered; a user on Yarn skips this.
  node "$repo/scripts/install-test/npm-workarounds.mjs" "$app" "$repo/package.json"

  step "$system: the app's own install"
  (cd "$app" && npm install --no-audit --no-fund --loglevel=error >"$work/npm-$system.log" 2>&1)

  step "$system: README step 1, the packages"
  # From tarballs the suite's own libraries are named too: there is no
  # registry to fetch them from.
  (cd "$app" &&
    npm install --no-audit --no-fund --loglevel=error --workspace packages/backend \
      "$(packed quality-backend)" "$(packed quality-backend-module-demo)" \
      "$(packed quality-common)" "$(packed quality-node)" &&
    npm install --no-audit --no-fund --loglevel=error --workspace packages/app \
      "$(packed quality)" "$(packed quality-common)")

  step "$system: README steps 2–7, the wiring"
  node "$repo/scripts/install-test/wire-app.mjs" "$app" "$system" "$repo"

  step "$system: type-check"
  (cd "$app" && npx tsc)

  step "$system: start and look"
  node "$repo/scripts/install-test/look.mjs" "$app" "$system" "$work"
done

echo
echo "[quality-pulse] install test passed for ${systems[*]} in $((SECONDS - started)) s"
