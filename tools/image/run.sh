#!/usr/bin/env bash
# Runs an unpacked OCI image (an umoci bundle: BUNDLE/config.json + BUNDLE/rootfs) the way a
# container runtime and the chart would, without a container engine:
#   - the entrypoint, environment and user (65532) from the image's config
#   - its own mount namespace with the root file system read-only, /tmp a tmpfs (the chart's
#     emptyDir), /proc and the usual /dev nodes, the host's /etc/hosts and /etc/resolv.conf
#   - chroot into the rootfs; the host's network (like hostNetwork: true)
# Needs root (unshare, mount, chroot). The process keeps this script's PID from start to end
# (every step execs the next), so a SIGTERM to it reaches the JVM.
#
#   run.sh BUNDLE [--bind PATH]... [--env NAME]... [--] ARGS...
#     --bind PATH   make the host's PATH (file or directory) visible at the same path, read-write
#     --env NAME    pass this variable from the caller's environment (values never on a command line)
#     ARGS          the image's command (e.g. serve --policy-name default ...)
set -euo pipefail

die() { echo "image-run: $*" >&2; exit 125; }

all_args=("$@")
bundle=${1:?usage: run.sh BUNDLE [--bind PATH]... [--env NAME]... [--] ARGS...}
shift
binds=() names=()
while (($#)); do
  case $1 in
    --bind) binds+=("$2"); shift 2 ;;
    --env) names+=("$2"); shift 2 ;;
    --) shift; break ;;
    *) break ;;
  esac
done
bundle=$(cd "$bundle" && pwd)
config=$bundle/config.json root=$bundle/rootfs

if [[ -z ${IMAGE_RUN_INSIDE:-} ]]; then
  [[ -f $config && -d $root ]] || die "$bundle is not an unpacked image (no config.json and rootfs/; umoci unpack makes one)"
  [[ $(id -u) -eq 0 ]] || die "needs root (unshare, mount, chroot)"
  for tool in jq unshare chroot mount; do command -v "$tool" >/dev/null || die "$tool is needed"; done
  for name in "${names[@]}"; do [[ -v $name ]] || die "--env $name: not set in the caller's environment"; done
  # Mount points, as a runtime creates them in the rootfs before it makes the root read-only.
  mkdir -p "$root/proc" "$root/dev" "$root/tmp" "$root/etc"
  touch "$root/etc/hosts" "$root/etc/resolv.conf"
  for path in "${binds[@]}"; do
    [[ -e $path ]] || die "--bind $path: no such file or directory"
  done
  IMAGE_RUN_INSIDE=1 exec unshare --mount --uts --ipc --propagation private -- "$0" "${all_args[@]}"
fi

# Inside the new mount namespace: the container's mounts, then the read-only root.
mount --bind "$root" "$root"
mount -t proc proc "$root/proc"
mount -t tmpfs -o mode=755,nosuid tmpfs "$root/dev"
for node in null zero full random urandom tty; do
  touch "$root/dev/$node" && mount --bind "/dev/$node" "$root/dev/$node"
done
mount -t tmpfs -o mode=1777,nosuid,nodev,size=64m tmpfs "$root/tmp"
mount --bind /etc/hosts "$root/etc/hosts"
mount --bind /etc/resolv.conf "$root/etc/resolv.conf"
# Bind mount points are made after the tmpfs mounts, so that a path under /tmp (a checkout in /tmp)
# gets its mount point in the container's /tmp rather than under it, hidden.
for path in "${binds[@]}"; do
  if [[ -d $path ]]; then mkdir -p "$root$path"; else mkdir -p "$root$(dirname "$path")" && touch "$root$path"; fi
  mount --bind "$path" "$root$path"
done
mount -o remount,bind,ro "$root"

uid=$(jq -r '.process.user.uid' "$config")
gid=$(jq -r '.process.user.gid' "$config")
mapfile -t entrypoint < <(jq -r '.process.args[]' "$config")
mapfile -t env < <(jq -r '.process.env[]' "$config")
for name in "${names[@]}"; do env+=("$name=${!name}"); done
cwd=$(jq -r '.process.cwd // "/"' "$config")
[[ $cwd == / ]] || die "the image's working directory is $cwd; only / is supported"
exec env -i "${env[@]}" "$(command -v chroot)" --userspec="$uid:$gid" --groups="$gid" "$root" "${entrypoint[@]}" "$@"
