#!/usr/bin/env bash
# Installs what the tests need, builds jrun and runs every test: the C shim's tests, the core's unit
# tests, the end-to-end tests that run real containers (as root), and, when this host is not
# cgroup v2 itself, the cgroup tests again on cgroup v2 inside a VM (scripts/test-cgroup-v2.sh).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
"$repo/scripts/install-deps.sh" --tests
cd "$repo"
mvn -B verify "$@"
if [ "${JRUN_SKIP_VM:-0}" = 1 ]; then
  echo "test.sh: JRUN_SKIP_VM=1: the cgroup v2 tests in a VM did NOT run" >&2
  exit 0
fi
"$repo/scripts/test-cgroup-v2.sh"
