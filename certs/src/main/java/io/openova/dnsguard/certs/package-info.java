/**
 * dnsguard certs: the webhook's serving certificate.
 *
 * <p>The command line ({@code dnsguard certs}) is in the cli module; the
 * sub-packages hold the parts: {@code x509} issues and schedules renewal, {@code pem} reads and writes
 * PEM, {@code kube} keeps the pair in a Secret and injects the caBundle, {@code tls} hands the current
 * material to the TLS server and tells it when it changed.
 */
@NullMarked
package io.openova.dnsguard.certs;

import org.jspecify.annotations.NullMarked;
