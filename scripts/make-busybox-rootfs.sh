#!/usr/bin/env bash
# Builds a minimal root filesystem from Debian's busybox-static into DIR: /bin/busybox with one link
# per applet, /etc/passwd and /etc/group, and the usual empty directories. Nothing is downloaded
# here; the package must be installed (apt-get install busybox-static).
set -euo pipefail
dir=${1:?usage: make-busybox-rootfs.sh DIR}
busybox=${BUSYBOX:-/bin/busybox}
# A dynamic busybox would need its libraries inside the rootfs.
linkage=$(ldd "$busybox" 2>&1 || true)
if ! "$busybox" --list >/dev/null 2>&1 || [[ "$linkage" != *"not a dynamic executable"* ]]; then
  echo "make-busybox-rootfs: $busybox is not a static busybox; install Debian's busybox-static" >&2
  exit 1
fi
mkdir -p "$dir"/{bin,sbin,usr/bin,usr/sbin,etc,dev,proc,sys,tmp,root,home,var,run}
chmod 1777 "$dir/tmp"
install -m 0755 "$busybox" "$dir/bin/busybox"
for applet in $("$busybox" --list-full); do
  [ "$applet" = bin/busybox ] && continue
  mkdir -p "$dir/$(dirname "$applet")"
  ln -sf /bin/busybox "$dir/$applet"
done
cat > "$dir/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/bin/false
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
tester:x:1000:1000:tester:/home/tester:/bin/sh
PASSWD
cat > "$dir/etc/group" <<'GROUP'
root:x:0:
daemon:x:1:
tty:x:5:
users:x:100:tester
tester:x:1000:
nogroup:x:65534:
GROUP
mkdir -p "$dir/home/tester" && chown 1000:1000 "$dir/home/tester"
echo "jrun-rootfs" > "$dir/etc/hostname"
