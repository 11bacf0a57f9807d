/** Keeping the managed pair in a Kubernetes Secret and its CA bundle in the ValidatingWebhookConfiguration. */
@NullMarked
package io.openova.dnsguard.certs.kube;

import org.jspecify.annotations.NullMarked;
