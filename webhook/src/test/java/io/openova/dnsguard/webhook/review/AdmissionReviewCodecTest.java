package io.openova.dnsguard.webhook.review;

import io.openova.dnsguard.policies.claim.ClaimFieldsReader;
import io.openova.dnsguard.policies.claim.SourceObject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AdmissionReviewCodecTest {

  private static AdmissionRequest read(String json) throws ReviewException {
    return AdmissionReviewCodec.read(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String review(String request) {
    return "{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": \"AdmissionReview\", \"request\": " + request + "}";
  }

  @Test
  void read_fullRequest_keepsEveryFieldAndBindsTheObjectLater() throws Exception {
    AdmissionRequest request = read(review("""
        {"uid": "u-1", "kind": {"group": "gateway.networking.k8s.io", "version": "v1", "kind": "HTTPRoute"},
         "requestKind": {"group": "gateway.networking.k8s.io", "version": "v1beta1", "kind": "HTTPRoute"},
         "unknownField": [1, {"deep": true}], "namespace": "team-a", "name": "api", "operation": "update",
         "object": {"apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
                    "metadata": {"name": "api", "namespace": "team-a"}, "spec": {"hostnames": ["a.example.com"]}},
         "oldObject": {"apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute", "metadata": {"name": "api"}},
         "dryRun": true}"""));

    assertThat(request.uid()).isEqualTo("u-1");
    assertThat(request.kind().version()).as("requestKind wins").isEqualTo("v1beta1");
    assertThat(request.operation()).isEqualTo(AdmissionRequest.Operation.UPDATE);
    assertThat(request.dryRun()).isTrue();
    assertThat(request.describe()).isEqualTo("UPDATE HTTPRoute team-a/api");
    assertThat(request.object()).isNotNull();
    SourceObject route = ((ClaimFieldsReader.Read.Source) request.object().readOrThrow()).object();
    assertThat(route.hostnames()).containsExactly(new SourceObject.Host("a.example.com", "spec.hostnames"));
    assertThat(request.oldObject()).isNotNull();
  }

  @Test
  void read_fieldsOfTheWrongType_nameThePath() {
    assertThatThrownBy(() -> read(review("{\"uid\": 7, \"operation\": \"CREATE\"}")))
        .hasMessage("request.uid must be a string");
    assertThatThrownBy(() -> read(review("{\"uid\": \"u\", \"kind\": \"HTTPRoute\"}")))
        .hasMessage("request.kind must be a JSON object");
    assertThatThrownBy(() -> read(review("""
        {"uid": "u", "kind": {"kind": "HTTPRoute"}, "operation": "CREATE", "object": "x"}""")))
        .hasMessage("request.object must be a JSON object");
    assertThatThrownBy(() -> read(review("\"not an object\"")))
        .hasMessage("request must be a JSON object");
  }

  @Test
  void read_missingPieces_areNamed() {
    assertThatThrownBy(() -> read(review("{\"uid\": \"u\", \"operation\": \"CREATE\"}")))
        .hasMessage("request.kind is missing");
    assertThatThrownBy(() -> read(review("{\"uid\": \"u\", \"kind\": {\"group\": \"\"}, \"operation\": \"CREATE\"}")))
        .hasMessage("request.kind.kind is missing");
    assertThatThrownBy(() -> read(review("{\"uid\": \"u\", \"kind\": {\"kind\": \"Service\"}, \"operation\": \"CREATE\"}")))
        .hasMessage("request.object is missing for CREATE");
    assertThatThrownBy(() -> read("{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": \"AdmissionReview\"}"))
        .hasMessage("request is missing");
  }

  @Test
  void read_truncatedJson_isMalformedWithAPosition() {
    assertThatThrownBy(() -> read(review("{\"uid\": \"u\", \"object\": {\"a\": [1, 2")))
        .isInstanceOf(ReviewException.class)
        .hasMessageStartingWith("malformed JSON: ")
        .hasMessageContaining("line 1");
  }

  @Test
  void readOrThrow_objectWithoutKind_isAnInputErrorNotACrash() throws Exception {
    AdmissionRequest request = read(review("""
        {"uid": "u", "kind": {"kind": "HTTPRoute"}, "operation": "CREATE", "object": {"metadata": {}}}"""));
    assertThatThrownBy(() -> request.object().readOrThrow())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("object has no apiVersion/kind");
  }
}
