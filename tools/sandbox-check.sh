#!/usr/bin/env bash
# Checks the interactive sandbox end to end: `./dnsguard up` reaches "ready", then
# `./dnsguard down` stops every process it listed and removes its directory.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

dir=.sandbox-check
log=$(mktemp)
trap 'rm -f "$log"' EXIT

./dnsguard up --dir "$dir" > "$log" 2>&1 &
up_pid=$!
for _ in $(seq 1 240); do
  grep -q '^ready in' "$log" && break
  if ! kill -0 "$up_pid" 2>/dev/null; then
    cat "$log"; echo "sandbox-check: ./dnsguard up exited before it was ready" >&2; exit 1
  fi
  sleep 1
done
grep -q '^ready in' "$log" || { cat "$log"; echo "sandbox-check: not ready within 240 s" >&2; ./dnsguard down --dir "$dir"; exit 1; }
grep '^ready in' "$log"

listed=$(cat "$dir/pids")
./dnsguard down --dir "$dir"
wait "$up_pid" || true

left=""
for pid in $listed; do
  kill -0 "$pid" 2>/dev/null && left="$left $pid"
done
[[ -z $left ]] || { echo "sandbox-check: still running after down:$left" >&2; exit 1; }
[[ ! -e $dir ]] || { echo "sandbox-check: $dir still exists after down" >&2; exit 1; }
echo "sandbox-check: up reached ready; down stopped $(echo "$listed" | wc -w) processes and removed $dir"
