#!/usr/bin/env bash
# The cgroup tests on a pure cgroup v2 hierarchy. On a host that is itself cgroup v2 the normal
# test run (mvn verify) already ran them; elsewhere they run inside the VM of shared/vm/vm-run,
# which boots with only cgroup2 mounted and sees this checkout. Run after the build.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
classes=(io.jrun.e2e.CgroupLimitsTest)

if [ "$(stat -fc %T /sys/fs/cgroup)" = cgroup2fs ]; then
  echo "test-cgroup-v2: this host is cgroup v2; the normal test run covered these tests"
  exit 0
fi
vmrun=${VM_RUN:-}
for candidate in "$repo/../shared/vm/vm-run" /work/shared/vm/vm-run; do
  [ -z "$vmrun" ] && [ -x "$candidate" ] && vmrun=$candidate
done
if [ -z "$vmrun" ]; then
  echo "test-cgroup-v2: FAILED: no vm-run to boot a cgroup v2 VM (set VM_RUN=/path/to/vm-run)" >&2
  exit 1
fi
echo "== cgroup v2 tests in a VM ($vmrun): ${classes[*]}"
exec "$vmrun" --share "$repo" --mem 4G --cpus 2 --timeout 1500 -- "$repo/scripts/run-e2e.sh" "${classes[@]}"
