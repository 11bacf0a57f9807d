/**
 * Source objects to desired endpoints, as external-dns publishes them: which names (the claims the
 * policy checked), which targets (Gateway, load balancer or ClusterIP status, the {@code target}
 * annotation, DNSEndpoint targets) and which TTL.
 */
@NullMarked
package io.openova.dnsguard.reconciler.source;

import org.jspecify.annotations.NullMarked;
