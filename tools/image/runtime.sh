#!/usr/bin/env bash
# Assembles the image's offline base into DIR (the Jib extra directory laid over scratch):
#   DIR/opt/java/openjdk    a jlink'd runtime of the JDK running this build (the modules dnsguard uses)
#   DIR/lib/..., DIR/lib64  the shared libraries that runtime links (glibc, from this machine's Debian)
#   DIR/etc/passwd, group   the nonroot user 65532 (so the JVM's user.name is a name, not "?")
#   DIR/tmp                 the mount point of the pod's /tmp emptyDir
# No registry is needed: this is what makes ./dnsguard image work offline. A rebuild with the same
# JDK and module list finds DIR current (DIR.stamp) and exits at once.
set -euo pipefail

dir=${1:?usage: runtime.sh DIR}
java_home=${JAVA_HOME:?JAVA_HOME must name the JDK to jlink from}
# From jdeps --print-module-deps over target/lib (jdk.javadoc left out: only an annotation refers to it).
modules=java.base,java.desktop,java.logging,java.management,java.naming,java.net.http,java.security.jgss,java.sql,jdk.jfr,jdk.management,jdk.unsupported,jdk.crypto.ec
# --generate-cds-archive: the JDK's default class-data sharing archive, which a jlink'd runtime
# otherwise lacks (every start would then parse and verify the JDK's own classes again).
jlink_options=(--strip-debug --no-man-pages --no-header-files --compress=zip-6 --generate-cds-archive)
stamp="$java_home $("$java_home/bin/java" -version 2>&1 | head -1) $modules ${jlink_options[*]}"

if [[ -d $dir && -f $dir.stamp && $(cat "$dir.stamp") == "$stamp" ]]; then
  echo "image-runtime: $dir is current"
  exit 0
fi
[[ -x $java_home/bin/jlink ]] || { echo "image-runtime: no jlink in $java_home (a JDK, not a JRE, is needed)" >&2; exit 1; }
command -v ldd >/dev/null || { echo "image-runtime: ldd is needed to find the runtime's shared libraries" >&2; exit 1; }

rm -rf "$dir.tmp" && mkdir -p "$dir.tmp/opt/java" "$dir.tmp/etc" "$dir.tmp/tmp"
echo "image-runtime: jlink $modules from $java_home"
"$java_home/bin/jlink" --add-modules "$modules" --output "$dir.tmp/opt/java/openjdk" "${jlink_options[@]}"

# Every library the launcher and the runtime's own .so files need, copied with the symlinks
# resolved, at the path ldd found it (the loader's default search path on this distribution).
# java.desktop's native libraries (AWT, fonts, imaging, sound) are left out with the X11 libraries
# they link: java.beans is all dnsguard's libraries use of java.desktop, and it loads none of them.
# The compressed-oops-off CDS archive only serves heaps over 32 GB: left out too (14 MB).
rm -f "$dir.tmp"/opt/java/openjdk/lib/{libawt,libawt_headless,libawt_xawt,libjawt,libfontmanager,libfreetype,libmlib_image,liblcms,libjavajpeg,libjsound,libsplashscreen}.so \
  "$dir.tmp"/opt/java/openjdk/lib/server/classes_nocoops.jsa
mapfile -t libs < <(find "$dir.tmp/opt/java/openjdk" -type f \( -name '*.so' -o -path '*/bin/*' \) -exec ldd {} \; 2>/dev/null \
  | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// && $2 ~ /^\(/ {print $1}' | sort -u)
libs=("${libs[@]/#"$dir.tmp"*/}")  # the runtime's own libraries are in place already
libs=(${libs[@]})
for lib in "${libs[@]}"; do
  mkdir -p "$dir.tmp$(dirname "$lib")"
  cp -L "$lib" "$dir.tmp$lib"
done
echo "image-runtime: system libraries: $(printf '%s ' "${libs[@]##*/}")"

printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' > "$dir.tmp/etc/passwd"
printf 'root:x:0:\nnonroot:x:65532:\n' > "$dir.tmp/etc/group"
rm -rf "$dir" && mv "$dir.tmp" "$dir"
echo "$stamp" > "$dir.stamp"  # beside the directory: nothing of the build's own goes into the image
echo "image-runtime: $(du -sh "$dir" | cut -f1) in $dir"
