#!/usr/bin/env bash
# Assembles dist/jrun: bin/jrun (the native front), lib/*.jar (the brain), runtime/ (a jlinked JVM)
# and lib/build-info.properties. Run by Maven in runtime-cli's package phase.
set -euo pipefail
jdk=$1 dist=$2 cli_jar=$3 lib_dir=$4 front=$5 version=$6 picocli_sources=${7:-}

modules=java.base,jdk.net
root=$(cd "$(dirname "$0")/../../.." && pwd)
commit=$(git -C "$root" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
if [ -n "$(git -C "$root" status --porcelain 2>/dev/null | head -1)" ]; then commit="$commit-dirty"; fi

stage="$dist.new"
rm -rf "$stage"
mkdir -p "$stage/bin" "$stage/lib"
install -m 0755 "$front" "$stage/bin/jrun"
# the brain's syscalls (JNI); without it the brain falls back to FFM, slower to start
[ -f "$(dirname "$front")/libjrunposix.so" ] && install -m 0644 "$(dirname "$front")/libjrunposix.so" "$stage/lib/"
cp "$cli_jar" "$lib_dir"/*.jar "$stage/lib/"

# picocli's own jar holds Java 5 class files, which the AOT cache skips (~100 ms of every cold
# command): the same sources, compiled for Java 25, replace it. Kept between builds by checksum.
if [ -n "$picocli_sources" ] && [ -f "$picocli_sources" ]; then
  rebuilt="$(dirname "$picocli_sources")/picocli-java25-$(md5sum < "$picocli_sources" | cut -c1-16).jar"
  if [ ! -f "$rebuilt" ]; then
    src=$(mktemp -d) classes=$(mktemp -d)
    (cd "$src" && "$jdk/bin/jar" xf "$picocli_sources")
    find "$src" -name '*.java' > "$src/files.txt"
    "$jdk/bin/javac" -nowarn -XDsuppressNotes --release 25 -d "$classes" @"$src/files.txt"
    "$jdk/bin/jar" cf "$rebuilt.tmp" -C "$classes" .
    mv "$rebuilt.tmp" "$rebuilt"
    rm -rf "$src" "$classes"
  fi
  for orig in "$stage"/lib/picocli-*.jar; do cp "$rebuilt" "$orig"; done
fi
cp "$(dirname "$0")/jvm.options" "$stage/lib/jvm.options"

# The jlinked runtime only changes with the JDK and the module list: reuse it when both match.
stamp="$(cat "$jdk/release" 2>/dev/null | md5sum | cut -c1-16) $modules"
if [ -f "$dist/runtime/.jrun-stamp" ] && [ "$(cat "$dist/runtime/.jrun-stamp")" = "$stamp" ]; then
  cp -a "$dist/runtime" "$stage/runtime"
else
  "$jdk/bin/jlink" --add-modules "$modules" --output "$stage/runtime" \
    --strip-debug --no-header-files --no-man-pages
  # The default CDS archive speeds up every cold start of the brain.
  "$stage/runtime/bin/java" -Xshare:dump >/dev/null 2>&1 || true
  echo "$stamp" > "$stage/runtime/.jrun-stamp"
fi

cat > "$stage/lib/build-info.properties" <<PROPS
version=$version
commit=$commit
build=$(date +%s%N)-$$-$RANDOM
PROPS

rm -rf "$dist"
mv "$stage" "$dist"

# The AOT cache (JDK 25) of the brain's classes, trained in place (it records the jar paths) with
# the flags the front uses. Without it jrun still works, only slower to start.
mapfile -t jvm_options < <(grep -v '^#' "$dist/lib/jvm.options" | grep .)
if ! "$dist/runtime/bin/java" "${jvm_options[@]}" -XX:AOTCacheOutput="$dist/lib/jrun.aot" \
    -Djrun.home="$dist" -cp "$dist/lib/*" io.jrun.cli.AotTraining >"$dist/lib/.aot-training.log" 2>&1; then
  echo "warning: the AOT training run failed (see $dist/lib/.aot-training.log); jrun will start without the cache" >&2
  rm -f "$dist/lib/jrun.aot"
fi
echo "jrun assembled in $dist"
