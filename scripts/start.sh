#!/usr/bin/env bash
# Starts the Quality Pulse demo portal: frontend on http://localhost:3000,
# backend on http://localhost:7007, embedded SQLite, demo data on.
# Everything it needs (Node 22, dependencies) is installed on first run.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-node.sh
ensure_dependencies
exec npx backstage-cli repo start "$@"
