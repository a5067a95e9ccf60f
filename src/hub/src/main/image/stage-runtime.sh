#!/usr/bin/env bash
# Stages the Java runtime of the container image, which starts from nothing (scratch):
#   stage-runtime.sh <JDK home> <modules, comma-separated> <output directory>
# writes <output>/opt/java, a runtime that jlink makes from the build's own JDK with only the given modules,
# and beside it, at the paths where the dynamic loader finds them, the shared libraries that runtime loads.
#
# The libraries are the ones this machine's loader resolves for the runtime's own binaries (ldd): the
# runtime is this JDK's native code, built against exactly these libraries, so the image carries the ones it
# runs with here. That needs no network, no root and no package manager, and so works in an offline build.
# Where dpkg knows a library, its package's copyright file goes along (glibc and libstdc++ are LGPL/GPL
# with exceptions; their terms travel with their binaries).
set -euo pipefail

if (( $# != 3 )); then
  echo "usage: $0 <JDK home> <modules> <output directory>" >&2
  exit 2
fi
jdk=$1 modules=$2 out=$3

if [[ ! -d $jdk/jmods ]]; then
  echo "The container image needs jlink and the JDK's jmods, which $jdk lacks." >&2
  echo "Build with a full JDK 17 (on Debian: openjdk-17-jdk-headless), or leave the image out (-P!image)." >&2
  exit 1
fi

rm -rf "$out"
# /tmp: java.io.tmpdir, where the JVM also keeps its performance data (jcmd, jstat)
mkdir -p "$out/opt" "$out/tmp"
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --output "$out/opt/java"
runtime=$(cd "$out/opt/java" && pwd)

mapfile -t binaries < <(find "$runtime" -type f \( -name '*.so' -o -path "$runtime/bin/*" \))
# The runtime's libraries find each other through the launcher; ldd needs to be told where they are.
resolved=$(LD_LIBRARY_PATH="$runtime/lib:$runtime/lib/server" ldd "${binaries[@]}")
if grep -q 'not found' <<<"$resolved"; then
  echo "The runtime needs libraries this machine does not have:" >&2
  grep 'not found' <<<"$resolved" | sort -u >&2
  exit 1
fi

# Absolute paths outside the runtime: the libraries (name => /path (address)) and the loader (/path (address)).
mapfile -t libraries < <(awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^\//) print $i }' <<<"$resolved" \
  | grep -v -F "$runtime/" | sort -u)
for library in "${libraries[@]}"; do
  mkdir -p "$out$(dirname "$library")"
  cp -L "$library" "$out$library"
  if command -v dpkg-query >/dev/null; then
    package=$(dpkg-query -S "$library" 2>/dev/null || dpkg-query -S "$(readlink -f "$library")" 2>/dev/null || true)
    package=${package%%:*}
    if [[ -n $package && -f /usr/share/doc/$package/copyright ]]; then
      mkdir -p "$out/usr/share/doc/$package"
      cp "/usr/share/doc/$package/copyright" "$out/usr/share/doc/$package/copyright"
    fi
  fi
done
echo "staged $runtime ($modules) and ${#libraries[@]} libraries: ${libraries[*]}"
