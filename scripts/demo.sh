#!/usr/bin/env bash
# The jrun demo: builds jrun, makes a root filesystem locally (busybox-static by default, or a
# Debian minbase with JRUN_DEMO_ROOTFS=debian), and runs a container that prints what it sees.
# Run as root. Leaves nothing behind (a temp dir under /tmp, removed at exit).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
if [ "$(id -u)" != 0 ]; then
  echo "demo: containers need root; run: sudo $0" >&2
  exit 1
fi
"$repo/scripts/install-deps.sh"
if [ "${JRUN_SKIP_BUILD:-0}" != 1 ]; then
  echo "== building jrun (mvn package)"
  (cd "$repo" && mvn -B -q -DskipTests package)
fi
jrun="$repo/dist/jrun/bin/jrun"
work=$(mktemp -d /tmp/jrun-demo.XXXXXX)
cleanup() {
  "$jrun" --root "$work/state" delete --force demo >/dev/null 2>&1 || true
  # the warm brain the demo's first command started (docs/warm-path.md): the demo's own
  # (found by its command line, which names its directory: it may not have written its pid yet)
  pkill -f -- "WarmBrain $work/warm/" 2>/dev/null || true
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT
mkdir -m 700 "$work/warm"
export JRUN_WARM_DIR="$work/warm"

bundle="$work/bundle"
if [ "${JRUN_DEMO_ROOTFS:-busybox}" = debian ]; then
  echo "== making a Debian rootfs with debootstrap (a few minutes)"
  debootstrap --variant=minbase bookworm "$bundle/rootfs" http://deb.debian.org/debian >/dev/null
else
  echo "== making a busybox rootfs"
  "$repo/scripts/make-busybox-rootfs.sh" "$bundle/rootfs"
fi

# What the container runs: a script placed in its rootfs.
cat > "$bundle/rootfs/demo.sh" <<'SCRIPT'
echo "pid:      $$"
echo "hostname: $(hostname)"
echo "user:     $(id)"
echo "root:     $(ls / | tr '\n' ' ')"
echo "processes:"; ps -o pid,comm | sed 's/^/  /'
echo "mounts:";    cut -d' ' -f5,9 /proc/self/mountinfo | sed 's/^/  /'
echo "cgroups:";   sed 's/^/  /' /proc/self/cgroup
SCRIPT

echo "== jrun spec: the default config.json, made to run /demo.sh without a terminal"
"$jrun" spec --bundle "$bundle"
sed -i -e 's/"terminal": true/"terminal": false/' -e 's|^      "sh"$|      "sh", "/demo.sh"|' "$bundle/config.json"

echo "== jrun run demo"
status=0
"$jrun" --root "$work/state" run --bundle "$bundle" demo || status=$?
echo "== exit status $status; the container is gone:"
"$jrun" --root "$work/state" list
