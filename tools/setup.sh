#!/usr/bin/env bash
# Installs and builds the real parts dnsguard's tests and sandbox run, idempotently:
#   - PowerDNS Authoritative with the SQLite backend, sqlite3 and dig (Debian packages)
#   - umoci and jq, which unpack and run the container image without an engine (tools/image/check.sh)
#   - kube-apiserver, kubectl and etcd built from pinned Go modules, plus the Gateway API CRDs
#   - moto's server mode (the local Route53 emulator) for the machine's python3, from PyPI
# A warm machine passes through in about a second.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

packages=(pdns-server pdns-backend-sqlite3 sqlite3 dnsutils umoci jq)
missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "setup: Debian packages missing: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})" >&2
    exit 1
  fi
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # The packages' own pdns service must not start (tests run their own servers): policy-rc.d says no.
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# moto[server]: Route53ProviderContractTest runs against it (and fails, never skips, without it).
python=${DNSGUARD_PYTHON:-python3}
if ! "$python" -c 'import moto.server' >/dev/null 2>&1; then
  echo "setup: installing moto[server] for $python"
  "$python" -m pip install --quiet 'moto[server]>=5.1,<6' \
    || "$python" -m pip install --quiet --break-system-packages 'moto[server]>=5.1,<6'
fi

# Go: the machine's toolchain under /usr/local/go is newer than Debian's golang package.
if ! command -v go >/dev/null && [[ -x /usr/local/go/bin/go ]]; then
  export PATH="/usr/local/go/bin:$PATH"
fi
"$here/testbin/build.sh"
