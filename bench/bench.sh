#!/usr/bin/env bash
# jrun against runc, side by side on the same busybox bundle, round-robin (docs/performance.md).
#   sudo bench/bench.sh [-n ROUNDS] [--runs N] [--only warm|cold] [--back-to-back]
# Prints medians of each command, the create-start-wait-delete cycle (CPU time and peak RSS too),
# N sequential `run`s, the host memory of a created container, and the smallest memory limit a
# busybox container starts under; each with the ratio jrun/runc. "warm" is jrun with its resident
# brain, "cold" with JRUN_WARM=0 (a JVM per command).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
rounds=15 runs=100 only="" back_to_back=0
while [ $# -gt 0 ]; do
  case $1 in
    -n) rounds=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --back-to-back) back_to_back=1; shift ;;
    *) echo "usage: $0 [-n ROUNDS] [--runs N] [--only warm|cold] [--back-to-back]" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" = 0 ] || { echo "bench: run as root" >&2; exit 2; }
jrun=$repo/dist/jrun/bin/jrun
runc=$(command -v runc || echo /usr/sbin/runc)
[ -x "$jrun" ] || { echo "bench: build first (mvn -B verify -DskipTests)" >&2; exit 2; }
[ -x "$runc" ] || { echo "bench: runc is not installed (apt-get install runc)" >&2; exit 2; }

work=$(mktemp -d /tmp/jrun-bench.XXXXXX)
warmdir=$work/warm
cleanup() {
  for rt in jrun runc; do
    for id in $(ls "$work/$rt-root" 2>/dev/null); do
      "${!rt}" --root "$work/$rt-root" delete -f "$id" >/dev/null 2>&1 || true
    done
  done
  # the benchmark's own warm brain
  pkill -f -- "WarmBrain $warmdir/" 2>/dev/null || true
  grep -q " $work" /proc/mounts && grep " $work" /proc/mounts | cut -d' ' -f2 | sort -r | xargs -r umount -l
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT
mkdir -m 700 "$warmdir"
export JRUN_WARM_DIR=$warmdir

gcc -O2 -o "$work/benchhelp" "$repo/bench/benchhelp.c"
bh=$work/benchhelp
"$repo/scripts/make-busybox-rootfs.sh" "$work/rootfs" >/dev/null

# One config for both runtimes: runc's default, no terminal, and the program given.
bundle() { # dir args-json [memory-limit]
  mkdir -p "$1"
  (cd "$1" && rm -f config.json && "$runc" spec)
  sed -i -e 's/"terminal": true/"terminal": false/' -e "s|\"sh\"|$2|" \
    -e "s|\"path\": \"rootfs\"|\"path\": \"$work/rootfs\"|" "$1/config.json"
  if [ -n "${3:-}" ]; then
    sed -i -e "s|\"resources\": {|\"resources\": {\"memory\": {\"limit\": $3},|" "$1/config.json"
  fi
}
bundle "$work/sleep" '"sleep", "1000"'
bundle "$work/true" '"true"'

median() { sort -n | awk '{a[NR]=$1} END {if (NR == 0) print "nan"; else if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2f", a / b; else print "-"}'; }
ms() { awk -v v="$1" 'BEGIN {printf "%.1f", v / 1000}'; }

declare -A samples
add() { samples[$1]+="$2 "; }
get() { tr ' ' '\n' <<< "${samples[$1]:-}" | grep . | median; }

brain_cpu_ticks() { # utime+stime of the benchmark's warm brain, in clock ticks
  local f
  for f in "$warmdir"/*.pid; do [ -f "$f" ] && awk '{print $14 + $15}' "/proc/$(cat "$f")/stat" 2>/dev/null && return; done
  echo 0
}

# Each measured command starts from a quiet kernel: the cgroups a runtime just removed are torn
# down in the background, and the cgroup migration lock stays fast for a moment after a write, so
# without a pause one runtime's leftovers tax or speed up the other's next command.
# --back-to-back leaves the pause out: the figures of a burst, where each command finds the kernel
# as the previous one (of either runtime) left it.
settle() { [ "$back_to_back" = 1 ] || sleep 0.05; }

measure_commands() { # mode: warm|cold
  local mode=$1 i rt id out
  for ((i = 0; i < rounds; i++)); do
    for rt in jrun runc; do
      id="b$i"
      local r="${!rt}" root="$work/$rt-root"
      settle; out=$("$bh" time "$r" --root "$root" create --bundle "$work/sleep" "$id"); add "$mode $rt create" "${out%% *}"
      settle; out=$("$bh" time "$r" --root "$root" start "$id"); add "$mode $rt start" "${out%% *}"
      settle; out=$("$bh" time "$r" --root "$root" state "$id"); add "$mode $rt state" "${out%% *}"
      settle; out=$("$bh" time "$r" --root "$root" exec "$id" /bin/true); add "$mode $rt exec" "${out%% *}"
      settle; out=$("$bh" time "$r" --root "$root" kill "$id" KILL); add "$mode $rt kill" "${out%% *}"
      while "$r" --root "$root" state "$id" 2>/dev/null | grep -q '"running"'; do sleep 0.01; done
      settle; out=$("$bh" time "$r" --root "$root" delete "$id"); add "$mode $rt delete" "${out%% *}"
      local before after
      settle
      before=$(brain_cpu_ticks)
      read -r wall cpu rss < <("$bh" cycle "$r" "$root" "$work/true" "c$i")
      after=$(brain_cpu_ticks)
      [ "$rt" = jrun ] && [ "$mode" = warm ] && cpu=$((cpu + (after - before) * 1000000 / $(getconf CLK_TCK)))
      add "$mode $rt cycle" "$wall"; add "$mode $rt cycle-cpu" "$cpu"; add "$mode $rt cycle-rss" "$rss"
    done
  done
}

measure_runs() { # mode
  local mode=$1 k rt start end
  for ((k = 0; k < 3; k++)); do
    for rt in jrun runc; do
      local r="${!rt}" root="$work/$rt-root"
      start=$(date +%s%N)
      for ((i = 0; i < runs; i++)); do "$r" --root "$root" run --bundle "$work/true" "r$i" >/dev/null; done
      end=$(date +%s%N)
      add "$mode $rt runs" $(((end - start) / 1000))
    done
  done
}

print_table() { # mode
  local mode=$1
  printf '\n%s (medians of %d rounds; jrun %s)\n' "$mode" "$rounds" "$([ "$mode" = warm ] && echo "with its resident brain" || echo "with JRUN_WARM=0")"
  printf '%-34s %12s %12s %10s\n' "" "jrun" "runc" "jrun/runc"
  local c j r
  for c in create start state exec kill delete cycle; do
    j=$(get "$mode jrun $c"); r=$(get "$mode runc $c")
    printf '%-34s %9s ms %9s ms %10s\n' "$c$([ $c = cycle ] && echo " (create-start-wait-delete)")" "$(ms "$j")" "$(ms "$r")" "$(ratio "$j" "$r")"
  done
  j=$(get "$mode jrun cycle-cpu"); r=$(get "$mode runc cycle-cpu")
  printf '%-34s %9s ms %9s ms %10s\n' "CPU time of one cycle$([ "$mode" = warm ] && echo " (+brain)")" "$(ms "$j")" "$(ms "$r")" "$(ratio "$j" "$r")"
  j=$(get "$mode jrun cycle-rss"); r=$(get "$mode runc cycle-rss")
  printf '%-34s %9s KB %9s KB %10s\n' "peak RSS of one cycle's processes" "$j" "$r" "$(ratio "$j" "$r")"
  j=$(get "$mode jrun runs"); r=$(get "$mode runc runs")
  printf '%-34s %10s s %10s s %10s\n' "$runs sequential runs (median of 3)" "$(awk -v v="$j" 'BEGIN{printf "%.2f", v/1e6}')" "$(awk -v v="$r" 'BEGIN{printf "%.2f", v/1e6}')" "$(ratio "$j" "$r")"
}

echo "jrun: $jrun ($("$jrun" --version | head -1)); runc: $runc ($("$runc" --version | head -1))"
echo "pause before each measured command: $([ "$back_to_back" = 1 ] && echo "none (--back-to-back)" || echo "50 ms")"
echo "host: $(nproc) CPUs, $(uname -r), cgroup $([ "$(stat -fc %T /sys/fs/cgroup)" = cgroup2fs ] && echo v2 || echo "v1/hybrid"), $(date -u +%Y-%m-%d)"

if [ "$only" != cold ]; then
  # start the brain and let it warm up, then discard a first round
  "$jrun" --root "$work/jrun-root" list >/dev/null
  for _ in $(seq 100); do ls "$warmdir"/*.sock >/dev/null 2>&1 && break; sleep 0.05; done
  sleep 2
  saved=$rounds; rounds=2; measure_commands discard; rounds=$saved
  measure_commands warm
  measure_runs warm
  print_table warm
  for f in "$warmdir"/*.pid; do
    [ -f "$f" ] && echo "the warm brain's own RSS: $(awk '/VmRSS/ {print $2, $3}' "/proc/$(cat "$f")/status")"
  done
fi
if [ "$only" != warm ]; then
  export JRUN_WARM=0
  cold_rounds=$rounds; rounds=$(( rounds < 5 ? rounds : 5 )); saved_runs=$runs; runs=$(( runs < 20 ? runs : 20 ))
  measure_commands cold
  measure_runs cold
  print_table cold
  rounds=$cold_rounds; runs=$saved_runs
  unset JRUN_WARM
fi

# What a created, not started, container costs the host: its init's RSS (the shim, or runc init).
echo
for rt in jrun runc; do
  r="${!rt}" root="$work/$rt-root"
  "$r" --root "$root" create --bundle "$work/sleep" --pid-file "$work/m.pid" mem >/dev/null
  echo "created, not started, $rt: init RSS $(awk '/VmRSS/ {print $2, $3}' "/proc/$(cat "$work/m.pid")/status")"
  "$r" --root "$root" delete -f mem >/dev/null
done

# The smallest memory limit under which a busybox /bin/true container starts and exits 0.
echo
for rt in jrun runc; do
  r="${!rt}" root="$work/$rt-root" smallest=none
  for kib in 256 384 512 768 1024 1536 2048 3072 4096 6144 8192; do
    bundle "$work/limit-$kib" '"true"' $((kib * 1024))
    if "$r" --root "$root" run --bundle "$work/limit-$kib" "lim$kib" >/dev/null 2>&1; then smallest=$kib; break; fi
    "$r" --root "$root" delete -f "lim$kib" >/dev/null 2>&1 || true
  done
  echo "smallest memory limit a busybox container starts under, $rt: ${smallest} KiB"
done
