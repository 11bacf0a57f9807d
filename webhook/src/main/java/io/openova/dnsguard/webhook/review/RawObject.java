package io.openova.dnsguard.webhook.review;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.openova.dnsguard.policies.claim.KubernetesObjects;
import tools.jackson.databind.util.TokenBuffer;

/**
 * An object of a review as the API server sent it, kept as JSON tokens: bound to its model class
 * only when the rule book needs it, so a review is parsed once and no tree is built.
 */
public record RawObject(TokenBuffer tokens) {

  /** The object as its fabric8 model class; {@link IllegalArgumentException} naming what does not fit. */
  public HasMetadata toModel() {
    return KubernetesObjects.fromTokens(tokens);
  }
}
