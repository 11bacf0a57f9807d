package io.openova.dnsguard.webhook;

import io.openova.dnsguard.policies.claim.ClaimFieldsReader;
import io.openova.dnsguard.policies.claim.SourceObject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.openova.dnsguard.certs.x509.CertificateIssuer;
import io.openova.dnsguard.certs.x509.ServingIdentity;
import io.openova.dnsguard.policies.claim.Attachment;
import io.openova.dnsguard.policies.claim.Claim;
import io.openova.dnsguard.policies.claim.ClaimExtractor;
import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.policy.AdmissionInput;
import io.openova.dnsguard.policies.policy.Decision;
import io.openova.dnsguard.policies.policy.DenyCode;
import io.openova.dnsguard.policies.policy.PolicyRule;
import io.openova.dnsguard.policies.policy.Violation;
import io.openova.dnsguard.webhook.review.AdmissionRequest;
import io.openova.dnsguard.webhook.review.AdmissionReviewCodec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What leader mode's replicas send each other, read back the way the other side reads it. */
class ClaimWireTest {

  private static HTTPRoute route(String namespace, String name, String... hostnames) {
    return new HTTPRouteBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
        .withNewSpec().addNewParentRef().withName("gw").endParentRef().withHostnames(hostnames).endSpec().build();
  }

  @Test
  void question_ofAnUpdate_isReadByTheReviewCodecWithTheSameClaims() throws Exception {
    SourceObject object = SourceObject.of(route("team-a", "shop", "shop.example.com", "*.shop.example.com")).orElseThrow();
    SourceObject old = SourceObject.of(route("team-a", "shop", "shop.example.com")).orElseThrow();
    AdmissionInput update = AdmissionInput.update(object, old);

    AdmissionRequest read = AdmissionReviewCodec.read(ClaimWire.question(update, true));

    assertThat(read.operation()).isEqualTo(AdmissionRequest.Operation.UPDATE);
    assertThat(read.dryRun()).isTrue();
    assertThat(read.kind().display()).isEqualTo("HTTPRoute.gateway.networking.k8s.io");
    assertThat(read.namespace()).isEqualTo("team-a");
    assertThat(read.object().readOrThrow()).isEqualTo(new ClaimFieldsReader.Read.Source(object, true));
    assertThat(read.oldObject().readOrThrow()).isEqualTo(new ClaimFieldsReader.Read.Source(old, true));
    assertThat(claims(object)).containsExactly("shop.example.com", "*.shop.example.com");
  }

  private static List<String> claims(SourceObject object) {
    return ClaimExtractor.extract(object, Attachment.AS_WRITTEN).claims().stream()
        .map(Claim::hostname).map(Hostname::value).toList();
  }

  @Test
  void answer_roundTrips_allowAndDenyWithItsViolations() {
    assertThat(ClaimWire.decision(ClaimWire.answer(Decision.ALLOW))).isEqualTo(Decision.ALLOW);
    String message = "hostname \"shop.example.com\" is being claimed right now by HTTPRoute team-b/shop; try again if "
        + "that claim does not complete";
    Decision.Deny deny = new Decision.Deny(DenyCode.CONFLICT, message, List.of(
        new Violation(PolicyRule.FIRST_CLAIM, DenyCode.CONFLICT, Optional.of(Hostname.of("shop.example.com")), message,
            "is being claimed by HTTPRoute team-b/shop"),
        new Violation(PolicyRule.VALID_INPUT, DenyCode.INVALID, Optional.empty(), "bad ttl", "bad ttl")));

    assertThat(ClaimWire.decision(ClaimWire.answer(deny))).isEqualTo(deny);
  }

  @Test
  void decision_ofSomethingElse_isRefusedSayingWhat() {
    assertThatThrownBy(() -> ClaimWire.decision("{\"allowed\":false,\"code\":\"NOPE\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not an answer of the claims leader");
    assertThatThrownBy(() -> ClaimWire.decision("<html>".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not an answer of the claims leader");
  }

  @Test
  void peerToken_isTheSameForTheSameServingKey_andAdmitsNothingElse() {
    var issuer = CertificateIssuer.create(Clock.systemUTC());
    var one = issuer.issueAll(ServingIdentity.of("dnsguard-webhook", "dnsguard")).serving().privateKey();
    var other = issuer.issueAll(ServingIdentity.of("dnsguard-webhook", "dnsguard")).serving().privateKey();
    PeerToken token = PeerToken.of(one);
    String header = token.authorization();

    assertThat(PeerToken.of(one)).isEqualTo(token);
    assertThat(token.admits(header)).isTrue();
    assertThat(PeerToken.of(other).admits(header)).as("another release's key").isFalse();
    assertThat(token.admits(null)).isFalse();
    assertThat(token.admits(header + "x")).isFalse();
    assertThat(token.admits(header.replace("Bearer ", "Basic "))).isFalse();
    assertThat(token.toString()).doesNotContain(header.substring("Bearer ".length()));
  }
}
