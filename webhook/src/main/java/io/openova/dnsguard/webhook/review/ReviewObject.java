package io.openova.dnsguard.webhook.review;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.openova.dnsguard.policies.claim.ClaimFieldsReader;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;

/**
 * An object of a review, read in the review's one streaming pass: the fields the rule book reads
 * ({@link ClaimFieldsReader}), or why they could not be read. An unreadable object is not a bad
 * review (400) but an object dnsguard refuses (422), so the problem is kept for the reviewer.
 */
public record ReviewObject(@Nullable HasMetadata model, @Nullable String problem) {

  static ReviewObject read(JsonParser p) {
    try {
      return new ReviewObject(ClaimFieldsReader.read(p), null);
    } catch (IllegalArgumentException unreadable) {
      return new ReviewObject(null, unreadable.getMessage());
    }
  }

  /** The object as its fabric8 model class; {@link IllegalArgumentException} naming what does not fit. */
  public HasMetadata toModel() {
    if (model == null) {
      throw new IllegalArgumentException(problem);
    }
    return model;
  }
}
