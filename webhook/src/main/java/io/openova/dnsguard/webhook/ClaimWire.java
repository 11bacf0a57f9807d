package io.openova.dnsguard.webhook;

import io.openova.dnsguard.policies.claim.KubernetesObjects;
import io.openova.dnsguard.policies.claim.SourceManifest;
import io.openova.dnsguard.policies.claim.SourceObject;
import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.policy.AdmissionInput;
import io.openova.dnsguard.policies.policy.Decision;
import io.openova.dnsguard.policies.policy.DenyCode;
import io.openova.dnsguard.policies.policy.PolicyRule;
import io.openova.dnsguard.policies.policy.Violation;
import io.openova.dnsguard.webhook.review.AdmissionReviewCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What replicas send each other in leader mode. The question is an AdmissionReview carrying the
 * claim's objects (so the leader reads it with the same hardened codec as the API server's
 * reviews); the answer is the leader's {@link Decision}: {@code {"allowed":true}} or the denial
 * with its violations.
 */
final class ClaimWire {
  private static final JsonMapper JSON = KubernetesObjects.mapper();

  private ClaimWire() {}

  /** The forwarded claim: {@code input}'s objects and operation as an AdmissionReview request. */
  static byte[] question(AdmissionInput input, boolean dryRun) {
    SourceObject object = input.object();
    if (object == null) {
      throw new IllegalArgumentException("only a create or an update claims names");
    }
    ObjectNode review = JSON.createObjectNode().put("apiVersion", AdmissionReviewCodec.API_VERSION)
        .put("kind", "AdmissionReview");
    ObjectNode request = review.putObject("request").put("uid", "forwarded")
        .put("operation", input.operation().name()).put("dryRun", dryRun);
    ObjectNode written = SourceManifest.of(object);
    String apiVersion = written.get("apiVersion").asString();
    int slash = apiVersion.indexOf('/');
    request.putObject("kind").put("group", object.kind().group())
        .put("version", apiVersion.substring(slash + 1)).put("kind", object.kind().kind());
    request.put("namespace", object.ref().namespace()).put("name", object.ref().name());
    request.set("object", written);
    if (input.oldObject() != null) {
      request.set("oldObject", SourceManifest.of(input.oldObject()));
    }
    return JSON.writeValueAsBytes(review);
  }

  /** The leader's answer. */
  static byte[] answer(Decision decision) {
    ObjectNode root = JSON.createObjectNode().put("allowed", decision.allowed());
    if (decision instanceof Decision.Deny deny) {
      root.put("code", deny.code().name()).put("message", deny.message());
      ArrayNode violations = root.putArray("violations");
      for (Violation v : deny.violations()) {
        ObjectNode node = violations.addObject().put("rule", v.rule().name()).put("code", v.code().name())
            .put("message", v.message()).put("collision", v.collision());
        v.hostname().ifPresent(h -> node.put("hostname", h.value()));
      }
    }
    return JSON.writeValueAsBytes(root);
  }

  /** Reads the leader's answer; {@link IllegalArgumentException} when it is not one. */
  static Decision decision(byte[] body) {
    try {
      JsonNode root = JSON.readTree(body);
      if (root.path("allowed").asBoolean(false)) {
        return Decision.ALLOW;
      }
      List<Violation> violations = new ArrayList<>();
      for (JsonNode v : root.path("violations")) {
        @Nullable String host = v.hasNonNull("hostname") ? v.get("hostname").asString() : null;
        violations.add(new Violation(PolicyRule.valueOf(v.path("rule").asString()),
            DenyCode.valueOf(v.path("code").asString()), Optional.ofNullable(host).map(Hostname::of),
            v.path("message").asString(), v.path("collision").asString()));
      }
      return new Decision.Deny(DenyCode.valueOf(root.path("code").asString()), root.path("message").asString(),
          violations);
    } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("not an answer of the claims leader: " + e.getMessage(), e);
    }
  }
}
