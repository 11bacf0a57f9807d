package io.openova.dnsguard.webhook;

import io.openova.dnsguard.webhook.review.AdmissionRequest;
import io.openova.dnsguard.webhook.review.AdmissionResponse;

/** Decides one admission request: the rule book behind {@code POST /validate}. */
@FunctionalInterface
public interface Reviewer {
  AdmissionResponse review(AdmissionRequest request);
}
