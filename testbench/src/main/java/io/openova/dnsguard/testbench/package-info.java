/** The real parts tests and the local sandbox run: kube-apiserver + etcd, PowerDNS, DNS queries. */
@NullMarked
package io.openova.dnsguard.testbench;

import org.jspecify.annotations.NullMarked;
