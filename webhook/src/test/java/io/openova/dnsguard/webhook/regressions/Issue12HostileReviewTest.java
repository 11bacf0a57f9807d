package io.openova.dnsguard.webhook.regressions;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openova.dnsguard.webhook.review.AdmissionReviewCodec;
import io.openova.dnsguard.webhook.review.ReviewException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, as seen on {@code ./dnsguard up}: a review nested 100,000 arrays deep answered HTTP 500
 * with a NullPointerException of Jackson's ({@code getLocation()} is null for a read-limit error);
 * deep objects, deep nesting inside the object and a 200,000-digit number did the same. Each is now
 * a {@link ReviewException} (a 400) naming the limit, with no library text.
 */
class Issue12HostileReviewTest {
  private static final String REVIEW = """
      {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
       "request": {"uid": "u", "kind": {"group": "", "version": "v1", "kind": "Service"}, "operation": "CREATE",
         "object": {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}, "spec": %s}}}""";

  private static void assertRefusedNaming(String body, String limit) {
    assertThatThrownBy(() -> AdmissionReviewCodec.read(body.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ReviewException.class)
        .hasMessageContaining(limit)
        .hasMessageNotContaining("getLineNr")
        .hasMessageNotContaining("StreamReadConstraints");
  }

  @Test
  void read_100000NestedArrays_isRefusedAsNotAReview() {
    assertRefusedNaming("[".repeat(100_000) + "]".repeat(100_000), "expected a JSON object");
  }

  @Test
  void read_100000NestedArraysInAReviewField_isRefusedNamingTheDepthLimit() {
    assertRefusedNaming("{\"x\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}", "nesting depth limit");
  }

  @Test
  void read_100000NestedObjects_isRefusedNamingTheDepthLimit() {
    assertRefusedNaming("{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000), "nesting depth limit");
  }

  @Test
  void read_deepNestingInsideTheObject_isRefusedNamingTheDepthLimit() {
    assertRefusedNaming(REVIEW.formatted("[".repeat(100_000) + "]".repeat(100_000)), "nesting depth limit");
  }

  @Test
  void read_200000DigitNumber_isRefusedNamingTheNumberLimit() {
    assertRefusedNaming(REVIEW.formatted("{\"ports\": " + "9".repeat(200_000) + "}"), "number length limit");
  }

  /** Found by the hostile-input suite: Jackson decoded the overlong {@code C0 AF} as '/'. */
  @Test
  void read_overlongUtf8_isRefusedAsNotUtf8() {
    byte[] body = "{\"kind\": \"Admission\u00c0\u00afReview\"}".getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> AdmissionReviewCodec.read(body)).isInstanceOf(ReviewException.class)
        .hasMessageStartingWith("the body is not valid UTF-8 (at byte ");
  }
}
