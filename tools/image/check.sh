#!/usr/bin/env bash
# The container image, proven without a container engine (CI runs this; it fails, never skips):
#   1. ./dnsguard image writes the OCI archive; umoci unpacks it into a runtime bundle
#   2. the image: user 65532, entrypoint the dnsguard command, no test library among its jars,
#      an SBOM, size within 150 MB
#   3. the sandbox story with serve and run started from the image's entrypoint under
#      unshare + chroot as uid 65532 on a read-only root (tools/image/run.sh), against the real
#      kube-apiserver and PowerDNS: both ready, the conflicting HTTPRoute refused, records served
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"

fail() { echo "image-check: $*" >&2; exit 1; }
for tool in umoci jq unshare chroot; do
  command -v "$tool" >/dev/null || fail "$tool is missing (tools/setup.sh installs it)"
done
[[ $(id -u) -eq 0 ]] || fail "needs root: unshare, mount and chroot stand in for the container runtime"

./dnsguard image
archive=cli/target/dnsguard-image.tar
work=cli/target/image-check
rm -rf "$work" && mkdir -p "$work/layout"
tar -xf "$archive" -C "$work/layout"
ref=$(jq -r '.manifests[0].annotations["org.opencontainers.image.ref.name"]' "$work/layout/index.json")
umoci unpack --image "$work/layout:$ref" "$work/bundle" >/dev/null
bundle=$work/bundle rootfs=$work/bundle/rootfs
echo "image-check: unpacked $ref ($(jq -r '.manifests[0].digest' "$work/layout/index.json")) into $bundle"

# 2. What the image is.
[[ $(jq -r '.process.user.uid' "$bundle/config.json") == 65532 ]] || fail "the image does not run as uid 65532"
jq -e '.process.args | index("io.openova.dnsguard.cli.Main") != null' "$bundle/config.json" >/dev/null \
  || fail "the entrypoint is not the dnsguard command: $(jq -c .process.args "$bundle/config.json")"
test_jars=$(ls "$rootfs/app/libs" | grep -E '^(junit-|opentest4j|kube-api-test|helm-java|dnsguard-testbench|assertj|testcontainers|mockito)' || true)
[[ -z $test_jars ]] || fail "test libraries in the image's /app/libs: $test_jars"
test_jars=$(ls cli/target/lib | grep -E '^(junit-|opentest4j|kube-api-test|helm-java|dnsguard-testbench|assertj|testcontainers|mockito)' || true)
[[ -z $test_jars ]] || fail "test libraries in cli/target/lib: $test_jars"
jq -e '.components | length > 0' "$rootfs/app/sbom/bom.json" >/dev/null || fail "no SBOM at /app/sbom/bom.json"
size_mb=$(du -sm --apparent-size "$rootfs" | cut -f1)
archive_mb=$(du -m "$archive" | cut -f1)
((size_mb <= 150)) || fail "the unpacked image is $size_mb MB (the target is 150 MB at most)"
echo "image-check: uid 65532, dnsguard entrypoint, $(ls "$rootfs/app/libs" | wc -l) runtime jars and no test jar, SBOM with $(jq '.components | length' "$rootfs/app/sbom/bom.json") components; $size_mb MB unpacked, $archive_mb MB archive"

# 3. serve and run from the image against the real API server and PowerDNS.
dir=.image-check
log=$(mktemp)
up_pid=
cleanup() {
  [[ -n $up_pid ]] && ./dnsguard down --dir "$dir" >/dev/null 2>&1 || true
  rm -f "$log"
}
trap cleanup EXIT
./dnsguard up --dir "$dir" --image "$bundle" > "$log" 2>&1 &
up_pid=$!
for _ in $(seq 1 300); do
  grep -q '^sandbox ready' "$log" && break
  kill -0 "$up_pid" 2>/dev/null || { cat "$log"; fail "./dnsguard up --image exited before it was ready"; }
  sleep 1
done
cat "$log"
grep -q '^sandbox ready' "$log" || fail "the sandbox with the image was not ready within 300 s"
! grep -q '^check failed' "$log" || fail "the story did not go as it should with the image (see above)"
grep -q 'already claimed by' "$log" || fail "no conflicting review was refused"

# The serve and run processes really are the image's: chrooted into its rootfs, uid 65532, read-only root.
chrooted=0
for pid in $(cat "$dir/pids"); do
  [[ -e /proc/$pid ]] || continue
  [[ $(readlink "/proc/$pid/root") == "$(cd "$rootfs" && pwd)" ]] || continue
  chrooted=$((chrooted + 1))
  uids=$(awk '/^Uid:/ {print $2, $3, $4, $5}' "/proc/$pid/status")
  [[ $uids == "65532 65532 65532 65532" ]] || fail "pid $pid runs as uid $uids, not 65532"
  awk '$5 == "/" {print $6}' "/proc/$pid/mountinfo" | grep -q '^ro' || fail "pid $pid's root file system is writable"
  command=$(tr '\0' ' ' < "/proc/$pid/cmdline" | grep -oE ' (serve|run) ' | head -1 | tr -d ' ')
  echo "image-check: pid $pid ($command) runs in the image as uid 65532 on a read-only root"
  # run starts on C1 alone (JDK_JAVA_OPTIONS, as the chart sets it): no C2 compiler thread; serve keeps C2.
  c2=$(cat /proc/"$pid"/task/*/comm 2>/dev/null | grep -c '^C2 CompilerThre' || true)
  case $command in
    run) ((c2 == 0)) || fail "run (pid $pid) has a C2 compiler thread: JDK_JAVA_OPTIONS did not reach it" ;;
    serve) ((c2 > 0)) || fail "serve (pid $pid) has no C2 compiler thread" ;;
  esac
done
((chrooted == 2)) || fail "expected serve and run in the image, found $chrooted chrooted processes"
./dnsguard down --dir "$dir"
wait "$up_pid" || true
up_pid=
echo "image-check: the image's serve and run reached ready, refused the conflicting route and served the records"
