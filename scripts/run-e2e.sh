#!/usr/bin/env bash
# Runs end-to-end test classes with JUnit's console launcher instead of Maven, on the classes a
# previous `mvn verify` built: used inside the cgroup v2 VM, where a JVM is slow and Maven slower.
#   scripts/run-e2e.sh io.jrun.e2e.CgroupLimitsTest [more classes...]   (none: all of them)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
target=$repo/src/test/target
jdk=${JRUN_JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}
if [ ! -d "$target/test-classes" ] || [ ! -x "$repo/dist/jrun/bin/jrun" ]; then
  echo "run-e2e: build first (mvn verify or scripts/test.sh)" >&2
  exit 2
fi
select=()
for c in "$@"; do select+=(--select-class "$c"); done
[ $# -gt 0 ] || select=(--select-package io.jrun.e2e)
exec "$jdk/bin/java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
  -Djrun.home="$repo/dist/jrun" -Djrun.repo="$repo" \
  -jar "$target"/e2e-console/junit-platform-console-standalone-*.jar execute \
  --class-path "$target/test-classes:$(echo "$target"/e2e-lib/*.jar | tr ' ' ':')" \
  --disable-banner --details=tree --fail-if-no-tests "${select[@]}"
