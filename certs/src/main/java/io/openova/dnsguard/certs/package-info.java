/**
 * dnsguard certs: the webhook's serving certificate.
 *
 * <p>{@link io.openova.dnsguard.certs.CertsCommand} is the command line ({@code dnsguard certs}); the
 * sub-packages hold the parts: {@code x509} issues and schedules renewal, {@code pem} reads and writes
 * PEM, {@code kube} keeps the pair in a Secret and injects the caBundle, {@code tls} hands the current
 * material to the TLS server and tells it when it changed.
 */
@NullMarked
package io.openova.dnsguard.certs;

import org.jspecify.annotations.NullMarked;
