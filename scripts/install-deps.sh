#!/usr/bin/env bash
# Installs what building jrun needs on a Debian machine of this kind (as root): gcc and make for
# the shim, Maven, and busybox-static for the demo and test rootfs; with --tests also what the
# tests need beyond that. A JDK 25 is expected at /usr/lib/jvm/temurin-25-jdk-amd64 (or given with
# -Djrun.jdk=...).
set -euo pipefail
tests=0
[ "${1:-}" = --tests ] && tests=1
need=()
command -v gcc >/dev/null || need+=(gcc libc6-dev)
command -v make >/dev/null || need+=(make)
command -v mvn >/dev/null || need+=(maven)
static_busybox() { [ -x /bin/busybox ] && [[ "$(ldd /bin/busybox 2>&1 || true)" == *"not a dynamic"* ]]; }
static_busybox || need+=(busybox-static)
# seccomp filters are compiled with the host's libseccomp (the brain loads it at run time)
ldconfig -p | grep -q 'libseccomp\.so\.2 ' || need+=(libseccomp2)
# rootless tests map subordinate ids through newuidmap/newgidmap
[ $tests = 1 ] && ! command -v newuidmap >/dev/null && need+=(uidmap)
# the clients that drive jrun in runc's place (each test starts its own daemon)
[ $tests = 1 ] && ! command -v containerd >/dev/null && need+=(containerd)
[ $tests = 1 ] && ! command -v podman >/dev/null && need+=(podman)
[ $tests = 1 ] && ! [ -x /usr/sbin/dockerd ] && need+=(docker.io)
# Not a cgroup v2 host: the cgroup v2 tests boot a VM (shared/vm/vm-run), which needs these.
if [ $tests = 1 ] && [ "$(stat -fc %T /sys/fs/cgroup)" != cgroup2fs ] && [ "${JRUN_SKIP_VM:-0}" != 1 ]; then
  command -v qemu-system-x86_64 >/dev/null || need+=(qemu-system-x86)
  command -v cpio >/dev/null || need+=(cpio)
  command -v xz >/dev/null || need+=(xz-utils)
fi
[ "${JRUN_DEMO_ROOTFS:-}" = debian ] && ! command -v debootstrap >/dev/null && need+=(debootstrap)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi
# Docker's default seccomp profile, for the tests: Debian ships it in Docker's Go sources. Only the
# JSON file is kept, outside the checkout.
profile=/var/cache/jrun-tests/docker-default-seccomp.json
if [ $tests = 1 ] && [ ! -s $profile ]; then
  work=$(mktemp -d)
  (cd "$work" && apt-get download -qq golang-github-docker-docker-dev 2>/dev/null ||
     { apt-get update -qq && apt-get download -qq golang-github-docker-docker-dev; })
  dpkg-deb --fsys-tarfile "$work"/golang-github-docker-docker-dev_*.deb |
    tar -xO ./usr/share/gocode/src/github.com/docker/docker/profiles/seccomp/default.json > "$work/default.json"
  mkdir -p "$(dirname $profile)"
  mv "$work/default.json" $profile
  rm -rf --one-file-system "$work"
  echo "Docker's default seccomp profile: $profile"
fi
if [ ! -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/javac ] && ! java -version 2>&1 | grep -q 'version "25'; then
  echo "warning: no JDK 25 at /usr/lib/jvm/temurin-25-jdk-amd64; pass -Djrun.jdk=/path/to/jdk-25 to Maven" >&2
fi
