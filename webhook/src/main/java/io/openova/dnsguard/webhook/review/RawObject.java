package io.openova.dnsguard.webhook.review;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.openova.dnsguard.policies.claim.KubernetesObjects;
import tools.jackson.databind.util.TokenBuffer;

/**
 * An object of a review, kept as the JSON tokens of the fields the rule book reads (see
 * {@link io.openova.dnsguard.policies.claim.ClaimFields}): bound to its model class only when
 * needed, so a review is parsed once and no tree is built.
 */
public record RawObject(TokenBuffer tokens) {

  /** The object as its fabric8 model class; {@link IllegalArgumentException} naming what does not fit. */
  public HasMetadata toModel() {
    return KubernetesObjects.fromTokens(tokens);
  }
}
