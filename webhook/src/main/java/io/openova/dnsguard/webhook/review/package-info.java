/** AdmissionReview v1 in and out. */
@NullMarked
package io.openova.dnsguard.webhook.review;

import org.jspecify.annotations.NullMarked;
