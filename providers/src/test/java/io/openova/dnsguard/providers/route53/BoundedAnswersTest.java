package io.openova.dnsguard.providers.route53;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;

/** The read limits Route53's answers pass through before the SDK's XML parser sees them. */
class BoundedAnswersTest {

  private static InputStream bounded(byte[] body) {
    Context.ModifyHttpResponse context = new Context.ModifyHttpResponse() {
      @Override
      public software.amazon.awssdk.http.SdkHttpFullResponse httpResponse() {
        throw new UnsupportedOperationException();
      }

      @Override
      public Optional<org.reactivestreams.Publisher<java.nio.ByteBuffer>> responsePublisher() {
        return Optional.empty();
      }

      @Override
      public Optional<InputStream> responseBody() {
        return Optional.of(new ByteArrayInputStream(body));
      }

      @Override
      public software.amazon.awssdk.core.SdkRequest request() {
        throw new UnsupportedOperationException();
      }

      @Override
      public software.amazon.awssdk.http.SdkHttpRequest httpRequest() {
        throw new UnsupportedOperationException();
      }

      @Override
      public Optional<software.amazon.awssdk.core.sync.RequestBody> requestBody() {
        return Optional.empty();
      }

      @Override
      public Optional<software.amazon.awssdk.core.async.AsyncRequestBody> asyncRequestBody() {
        return Optional.empty();
      }
    };
    return new BoundedAnswers().modifyHttpResponseContent(context, new ExecutionAttributes()).orElseThrow();
  }

  @Test
  void genuineAnswer_passesUnchanged() throws IOException {
    String xml = "<?xml version=\"1.0\"?><ListHostedZonesResponse xmlns=\"x\"><HostedZones><HostedZone>"
        + "<Id>/hostedzone/Z1</Id><Name>example.com.</Name><Config><PrivateZone>false</PrivateZone></Config>"
        + "</HostedZone></HostedZones><IsTruncated>false</IsTruncated><MaxItems>100</MaxItems></ListHostedZonesResponse>";

    assertThat(new String(bounded(xml.getBytes(StandardCharsets.UTF_8)).readAllBytes(), StandardCharsets.UTF_8))
        .isEqualTo(xml);
  }

  @Test
  void deeplyNested_refusedBeforeTheParser() {
    byte[] deep = "<a>".repeat(10_000).getBytes(StandardCharsets.US_ASCII);

    assertThatThrownBy(() -> bounded(deep).readAllBytes()).isInstanceOf(BoundedAnswers.TooLarge.class)
        .hasMessage("the answer nests elements deeper than 32, the limit");
  }

  @Test
  void selfClosingAndClosedElements_doNotCountAsNesting() throws IOException {
    byte[] flat = "<r>".concat("<a/><b></b>".repeat(100_000)).concat("</r>").getBytes(StandardCharsets.US_ASCII);

    assertThat(bounded(flat).readAllBytes()).hasSize(flat.length);
  }

  @Test
  void tooLarge_refusedAtTheLimit() {
    byte[] big = new byte[(int) BoundedAnswers.MAX_BYTES + 1];

    assertThatThrownBy(() -> bounded(big).readAllBytes()).isInstanceOf(BoundedAnswers.TooLarge.class)
        .hasMessage("the answer is larger than 16 MiB, the limit for one page");
  }
}
