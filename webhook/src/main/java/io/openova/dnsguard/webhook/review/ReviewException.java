package io.openova.dnsguard.webhook.review;

/** The HTTP body is not an AdmissionReview dnsguard can answer; the message says why and where. */
public final class ReviewException extends Exception {
  public ReviewException(String message) {
    super(message);
  }
}
