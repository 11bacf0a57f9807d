#!/usr/bin/env bash
# Provides the real Kubernetes parts the tests and the sandbox run, without downloading any
# prebuilt binary: kube-apiserver and kubectl are built from the k8s.io/kubernetes Go module,
# etcd from go.etcd.io/etcd/server/v3, and the Gateway API CRDs are taken from the
# sigs.k8s.io/gateway-api module. All versions are pinned in the go.mod files beside this script.
#
# Output (the layout fabric8 kube-api-test reads in offline mode):
#   $DNSGUARD_CACHE/crds/external-dns-<version>/dnsendpoints.externaldns.k8s.io.yaml
#   $DNSGUARD_CACHE/kubeapitest/k8s/<k8s-version>-linux-amd64/{kube-apiserver,kubectl,etcd}
#   $DNSGUARD_CACHE/crds/gateway-api-<version>/*.yaml
#   $DNSGUARD_CACHE/external-dns/v<version>/external-dns  (the real binary, the tests' peer)
#   $DNSGUARD_CACHE/crds/openreports-<version>/*.yaml  (Report, ClusterReport: the audit's reports)
#   $DNSGUARD_CACHE/crds/wgpolicyk8s-kyverno-<version>/*.yaml  (PolicyReport, the older format)
# A warm run finds them and exits at once.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cache=${DNSGUARD_CACHE:-$HOME/.cache/dnsguard}

k8s_version=$(awk '$1 == "k8s.io/kubernetes" && $2 ~ /^v/ {print substr($2, 2); exit}' "$here/kube/go.mod")
etcd_version=$(awk '$1 == "go.etcd.io/etcd/server/v3" {print substr($2, 2); exit}' "$here/etcd/go.mod")
gateway_version=$(cat "$here/gateway-api.version")
external_dns_version=$(cat "$here/external-dns.version")
openreports_version=$(cat "$here/openreports.version")
kyverno_version=$(cat "$here/kyverno.version")

arch=$(uname -m)
case "$arch" in
  x86_64) goarch=amd64 ;;
  aarch64) goarch=arm64 ;;
  *) echo "testbin: unsupported architecture $arch" >&2; exit 1 ;;
esac

bin_dir=$cache/kubeapitest/k8s/$k8s_version-linux-$goarch
crd_dir=$cache/crds/gateway-api-$gateway_version
edns_crd=$cache/crds/external-dns-$external_dns_version/dnsendpoints.externaldns.k8s.io.yaml
edns_dir=$cache/external-dns/v$external_dns_version
openreports_dir=$cache/crds/openreports-$openreports_version
policyreport_dir=$cache/crds/wgpolicyk8s-kyverno-$kyverno_version

command -v go >/dev/null || { echo "testbin: the Go toolchain is needed to build kube-apiserver and etcd (apt-get install golang-go, or /usr/local/go/bin on PATH)" >&2; exit 1; }

# Never let a go.mod 'toolchain' line trigger a toolchain download; never write into the repo's go.sum.
export GOTOOLCHAIN=local CGO_ENABLED=0

step() { printf 'testbin: %s\n' "$*"; }

build_kube() {
  local ver_pkg=k8s.io/component-base/version
  local ldflags="-s -w -X $ver_pkg.gitVersion=v$k8s_version -X $ver_pkg.gitMajor=${k8s_version%%.*}"
  ldflags+=" -X $ver_pkg.gitMinor=$(echo "$k8s_version" | cut -d. -f2) -X $ver_pkg.gitTreeState=clean"
  # client-go reports its own version too (kubectl version).
  ldflags+=" -X k8s.io/client-go/pkg/version.gitVersion=v$k8s_version"
  step "building kube-apiserver and kubectl v$k8s_version (a few minutes on a cold cache)"
  (cd "$here/kube" && go build -trimpath -ldflags "$ldflags" -o "$bin_dir.tmp/" \
      k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kubectl)
}

build_etcd() {
  step "building etcd v$etcd_version"
  (cd "$here/etcd" && go build -trimpath -ldflags "-s -w" -o "$bin_dir.tmp/etcd" go.etcd.io/etcd/server/v3)
}

if [[ -x $bin_dir/kube-apiserver && -x $bin_dir/kubectl && -x $bin_dir/etcd ]]; then
  step "kube-apiserver, kubectl, etcd present in $bin_dir"
else
  rm -rf "$bin_dir.tmp" && mkdir -p "$bin_dir.tmp"
  build_kube
  build_etcd
  rm -rf "$bin_dir" && mv "$bin_dir.tmp" "$bin_dir"
  step "installed into $bin_dir"
fi

if compgen -G "$crd_dir/*.yaml" >/dev/null; then
  step "Gateway API CRDs v$gateway_version present in $crd_dir"
else
  step "fetching Gateway API CRDs v$gateway_version (standard channel) from the Go module"
  mod_dir=$(cd "$(mktemp -d)" && go mod download -json "sigs.k8s.io/gateway-api@v$gateway_version" \
      | awk -F'"' '$2 == "Dir" {print $4}')
  [[ -d $mod_dir/config/crd/standard ]] || { echo "testbin: no config/crd/standard in $mod_dir" >&2; exit 1; }
  rm -rf "$crd_dir.tmp" && mkdir -p "$crd_dir.tmp"
  # Standard channel, but TLS/TCP/UDPRoute from the experimental one: it also serves v1alpha2, the
  # version external-dns v0.21 reads. The safe-upgrades ValidatingAdmissionPolicy is left out (it
  # forbids exactly that mix, and it is no CRD).
  cp "$mod_dir"/config/crd/standard/gateway.networking.k8s.io_*.yaml "$crd_dir.tmp/"
  rm -f "$crd_dir.tmp"/gateway.networking.k8s.io_vap_*.yaml
  for kind in tlsroutes tcproutes udproutes; do
    cp "$mod_dir/config/crd/experimental/gateway.networking.k8s.io_$kind.yaml" "$crd_dir.tmp/"
  done
  chmod u+w "$crd_dir.tmp"/*.yaml
  rm -rf "$crd_dir" && mv "$crd_dir.tmp" "$crd_dir"
fi

if [[ -f $edns_crd ]]; then
  step "external-dns DNSEndpoint CRD v$external_dns_version present"
else
  step "fetching the external-dns DNSEndpoint CRD v$external_dns_version from the Go module"
  mod_dir=$(cd "$(mktemp -d)" && go mod download -json "sigs.k8s.io/external-dns@v$external_dns_version" \
      | awk -F'"' '$2 == "Dir" {print $4}')
  mkdir -p "$(dirname "$edns_crd")"
  cp "$mod_dir/config/crd/standard/dnsendpoints.externaldns.k8s.io.yaml" "$edns_crd.tmp"
  chmod u+w "$edns_crd.tmp" && mv "$edns_crd.tmp" "$edns_crd"
fi

# The report CRDs the background audit writes, as their projects publish them. OpenReports from its
# own module; the wgpolicyk8s PolicyReport from Kyverno's (the proxy refuses sigs.k8s.io/wg-policy-prototypes).
fetch_crds() { # module version dir files...
  local module=$1 version=$2 dir=$3 mod_dir
  shift 3
  if compgen -G "$dir/*.yaml" >/dev/null; then
    step "CRDs of $module v$version present in $dir"
    return
  fi
  step "fetching CRDs of $module v$version from the Go module"
  mod_dir=$(cd "$(mktemp -d)" && go mod download -json "$module@v$version" | awk -F'"' '$2 == "Dir" {print $4}')
  rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
  for file in "$@"; do
    [[ -f $mod_dir/$file ]] || { echo "testbin: no $file in $mod_dir" >&2; exit 1; }
    cp "$mod_dir/$file" "$dir.tmp/"
  done
  chmod u+w "$dir.tmp"/*.yaml
  rm -rf "$dir" && mv "$dir.tmp" "$dir"
}
fetch_crds github.com/openreports/reports-api "$openreports_version" "$openreports_dir" \
    config/crd/openreports.io_reports.yaml config/crd/openreports.io_clusterreports.yaml
fetch_crds github.com/kyverno/kyverno "$kyverno_version" "$policyreport_dir" \
    config/crds/policyreport/wgpolicyk8s.io_policyreports.yaml \
    config/crds/policyreport/wgpolicyk8s.io_clusterpolicyreports.yaml

# The real external-dns, the peer of the differential and webhook-provider tests. v0.21.0 is the
# newest release that builds from the Go module proxy alone (v0.22+ pin modules the proxy refuses).
if [[ -x $edns_dir/external-dns ]]; then
  step "external-dns v$external_dns_version present in $edns_dir"
else
  step "building external-dns v$external_dns_version (2-5 minutes on a cold cache)"
  rm -rf "$edns_dir.tmp" && mkdir -p "$edns_dir.tmp"
  GOBIN="$edns_dir.tmp" go install -trimpath -ldflags "-s -w" "sigs.k8s.io/external-dns@v$external_dns_version"
  rm -rf "$edns_dir" && mv "$edns_dir.tmp" "$edns_dir"
  step "installed external-dns into $edns_dir"
fi

# What the Java side reads to find the parts (io.openova.dnsguard.testbench.Testbin).
cat > "$cache/testbin.properties.tmp" <<PROPS
kubernetes.version=$k8s_version
etcd.version=$etcd_version
gateway-api.version=$gateway_version
kubeapitest.dir=$cache/kubeapitest
bin.dir=$bin_dir
gateway-api.crds=$crd_dir
external-dns.version=$external_dns_version
external-dns.crd=$edns_crd
external-dns.binary=$edns_dir/external-dns
openreports.crds=$openreports_dir
policyreport.crds=$policyreport_dir
PROPS
mv "$cache/testbin.properties.tmp" "$cache/testbin.properties"
step "wrote $cache/testbin.properties"
