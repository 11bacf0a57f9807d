package io.openova.dnsguard.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.http.Status;
import io.helidon.webclient.api.ClientResponseTyped;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.openova.dnsguard.kube.ops.HealthState;
import io.openova.dnsguard.webhook.review.AdmissionResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@ServerTest
class AdmissionRoutesTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final AtomicInteger REVIEWED = new AtomicInteger();
  private static final HealthState HEALTH = new HealthState();

  private final Http1Client client;

  AdmissionRoutesTest(Http1Client client) {
    this.client = client;
  }

  @SetUpRoute
  static void routing(HttpRouting.Builder routing) {
    WebhookMetrics metrics = new WebhookMetrics();
    AdmissionRoutes.admission(routing, request -> {
      REVIEWED.incrementAndGet();
      return switch (request.name()) {
        case "boom" -> throw new IllegalStateException("a bug");
        case "taken" -> AdmissionResponse.deny(request.uid(), 409,
            "hostname \"api.example.com\" is already claimed by HTTPRoute team-b/api", List.of())
            .withFlagged(List.of(new AdmissionResponse.Flagged("first-claim", "Enforce")));
        case null, default -> AdmissionResponse.allow(request.uid(), List.of("looks fine"));
      };
    }, metrics);
    AdmissionRoutes.operations(routing, HEALTH, metrics);
  }

  private static String review(String operation, String name) {
    return """
        {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
         "request": {"uid": "uid-1", "kind": {"group": "gateway.networking.k8s.io", "version": "v1", "kind": "HTTPRoute"},
           "namespace": "team-a", "name": "%s", "operation": "%s",
           "object": {"apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute", "metadata": {"name": "%s"}},
           "oldObject": null, "dryRun": false}}""".formatted(name, operation, name);
  }

  private JsonNode post(String body, Status expected) {
    ClientResponseTyped<String> response = client.post("/validate").submit(body, String.class);
    assertThat(response.status()).as(response.entity()).isEqualTo(expected);
    return JSON.readTree(response.entity());
  }

  @Test
  void validate_allowedReview_echoesUidWithWarnings() {
    JsonNode response = post(review("CREATE", "api"), Status.OK_200).path("response");
    assertThat(response.path("uid").asString()).isEqualTo("uid-1");
    assertThat(response.path("allowed").asBoolean()).isTrue();
    assertThat(response.path("warnings").get(0).asString()).isEqualTo("looks fine");
  }

  @Test
  void validate_deniedReview_carriesCodeAndMessage() {
    JsonNode status = post(review("CREATE", "taken"), Status.OK_200).path("response").path("status");
    assertThat(status.path("code").asInt()).isEqualTo(409);
    assertThat(status.path("reason").asString()).isEqualTo("Conflict");
    assertThat(status.path("message").asString()).contains("already claimed by HTTPRoute team-b/api");
  }

  @Test
  void validate_delete_isAllowedWithoutEvaluation() {
    int before = REVIEWED.get();
    String body = review("DELETE", "api").replace("\"object\": {", "\"oldObject2\": {");
    assertThat(post(body, Status.OK_200).path("response").path("allowed").asBoolean()).isTrue();
    assertThat(REVIEWED.get()).isEqualTo(before);
  }

  @Test
  void validate_reviewerFailure_isADenialNamingTheObjectNotAStackTrace() {
    JsonNode response = post(review("CREATE", "boom"), Status.OK_200).path("response");
    assertThat(response.path("allowed").asBoolean()).isFalse();
    assertThat(response.path("status").path("message").asString())
        .contains("could not evaluate CREATE HTTPRoute team-a/boom")
        .doesNotContain("IllegalStateException", "at io.");
  }

  @Test
  void validate_malformedJson_is400WithLineAndColumn() {
    ClientResponseTyped<String> response = client.post("/validate").submit("{\"apiVersion\": ", String.class);
    assertThat(response.status()).isEqualTo(Status.BAD_REQUEST_400);
    assertThat(response.entity()).startsWith("bad AdmissionReview: malformed JSON").contains("line 1");
  }

  @Test
  void validate_notAReview_is400NamingTheField() {
    String v1beta1 = review("CREATE", "api").replace("admission.k8s.io/v1", "admission.k8s.io/v1beta1");
    assertThat(client.post("/validate").submit(v1beta1, String.class).entity())
        .contains("apiVersion must be admission.k8s.io/v1");
    String noUid = review("CREATE", "api").replace("\"uid\": \"uid-1\", ", "");
    assertThat(client.post("/validate").submit(noUid, String.class).entity()).contains("request.uid is missing");
    String badOperation = review("PATCH", "api");
    assertThat(client.post("/validate").submit(badOperation, String.class).entity())
        .contains("request.operation \"PATCH\"");
    assertThat(client.post("/validate").submit("[]", String.class).status()).isEqualTo(Status.BAD_REQUEST_400);
  }

  @Test
  void validate_bodyOver3MiB_is400() {
    byte[] huge = new byte[AdmissionRoutes.MAX_BODY_BYTES + 10];
    java.util.Arrays.fill(huge, (byte) ' ');
    ClientResponseTyped<String> response = client.post("/validate").submit(huge, String.class);
    assertThat(response.status()).isEqualTo(Status.BAD_REQUEST_400);
    assertThat(response.entity()).contains("exceeds the 3 MiB limit");
  }

  @Test
  void validate_chunkedBodyOver3MiB_is400() {
    byte[] huge = (" ".repeat(AdmissionRoutes.MAX_BODY_BYTES + 10)).getBytes(StandardCharsets.US_ASCII);
    try (Http1ClientResponse response = client.post("/validate").outputStream(out -> {
      for (int i = 0; i < huge.length; i += 65536) {
        out.write(huge, i, Math.min(65536, huge.length - i));
      }
      out.close();
    })) {
      assertThat(response.status()).isEqualTo(Status.BAD_REQUEST_400);
      assertThat(response.as(String.class)).contains("exceeds the 3 MiB limit");
    }
  }

  @Test
  void probes_followHealthState() {
    assertThat(client.get("/healthz").request(String.class).status()).isEqualTo(Status.OK_200);
    HEALTH.markNotReady("informers not synced");
    assertThat(client.get("/readyz").request(String.class).entity()).isEqualTo("informers not synced");
    assertThat(client.get("/readyz").request(String.class).status()).isEqualTo(Status.SERVICE_UNAVAILABLE_503);
    HEALTH.markReady();
    assertThat(client.get("/readyz").request(String.class).status()).isEqualTo(Status.OK_200);
    assertThat(client.get("/startupz").request(String.class).status()).isEqualTo(Status.OK_200);
  }

  @Test
  void metrics_countReviewsByKindOperationAndDecision() {
    post(review("CREATE", "taken"), Status.OK_200);
    String scrape = client.get("/metrics").request(String.class).entity();
    assertThat(scrape).contains("dnsguard_webhook_reviews_total{decision=\"denied\",kind=\"HTTPRoute\",operation=\"CREATE\"}");
    assertThat(scrape).contains(
        "dnsguard_webhook_review_duration_seconds_bucket{decision=\"denied\",kind=\"HTTPRoute\",operation=\"CREATE\",le=\"0.001\"}");
    assertThat(scrape).contains("dnsguard_webhook_violations_total{action=\"Enforce\",rule=\"first-claim\"}");
  }
}
