package io.openova.dnsguard.webhook.review;

import io.openova.dnsguard.policies.claim.ClaimFieldsReader;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;

/**
 * An object of a review, read in the review's one streaming pass: what the rule book reads of it
 * ({@link ClaimFieldsReader}: the source record of a kind that claims names, a Gateway or
 * ListenerSet), or why it could not be read. An unreadable object is not a bad review (400) but an
 * object dnsguard refuses (422), so the problem is kept for the reviewer.
 */
public record ReviewObject(ClaimFieldsReader.@Nullable Read content, @Nullable String problem) {

  static ReviewObject read(JsonParser p) {
    try {
      return new ReviewObject(ClaimFieldsReader.read(p), null);
    } catch (IllegalArgumentException unreadable) {
      return new ReviewObject(null, unreadable.getMessage());
    }
  }

  /** What was read; {@link IllegalArgumentException} naming what does not fit. */
  public ClaimFieldsReader.Read readOrThrow() {
    if (content == null) {
      throw new IllegalArgumentException(problem);
    }
    return content;
  }
}
