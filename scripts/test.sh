#!/usr/bin/env bash
# Installs what the tests need, builds jrun and runs every test: the C shim's tests, the core's unit
# tests, and the end-to-end tests that run real containers (those need root).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
"$repo/scripts/install-deps.sh"
cd "$repo"
exec mvn -B verify "$@"
