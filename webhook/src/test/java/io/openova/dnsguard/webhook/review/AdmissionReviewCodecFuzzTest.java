package io.openova.dnsguard.webhook.review;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;

/**
 * The review codec and the claim reader it drives against any body: a request or a {@link
 * ReviewException} (a 400), an object that is read or says why (a 422), and never anything else.
 */
class AdmissionReviewCodecFuzzTest {

  @FuzzTest(maxDuration = "30s")
  void read_anyBody_readsOrSaysWhy(byte[] body) {
    AdmissionRequest request;
    try {
      request = AdmissionReviewCodec.read(body);
    } catch (ReviewException expected) {
      assertThat(expected.getMessage()).isNotBlank();
      return;
    }
    for (ReviewObject object : java.util.Arrays.asList(request.object(), request.oldObject())) {
      if (object != null) {
        try {
          assertThat(object.readOrThrow()).isNotNull();
        } catch (IllegalArgumentException unreadable) {
          assertThat(unreadable.getMessage()).isNotBlank();
        }
      }
    }
    assertThat(AdmissionReviewCodec.write(AdmissionResponse.deny(request.uid(), 422, request.describe(), List.of())))
        .isNotEmpty();
  }
}
