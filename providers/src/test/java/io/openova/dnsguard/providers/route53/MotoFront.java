package io.openova.dnsguard.providers.route53;

import io.openova.dnsguard.providers.stub.Forwarding;
import io.openova.dnsguard.providers.stub.StubServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Sits in front of moto and passes every request on, so that faults moto never produces can be
 * injected through {@link StubServer}: Route53 answers throttling with HTTP 400 and an XML {@code
 * ErrorResponse} whose code is {@code Throttling} or {@code PriorRequestNotComplete}, server
 * errors with HTTP 5xx and code {@code InternalFailure}.
 */
final class MotoFront implements StubServer.Api {

  /** ChangeResourceRecordSets: {@code POST /2013-04-01/hostedzone/{id}/rrset[/]}. */
  static final Predicate<StubServer.Request> CHANGES =
      r -> r.method().equals("POST") && r.path().matches("/2013-04-01/hostedzone/[^/]+/rrset/?");
  /** ListResourceRecordSets. */
  static final Predicate<StubServer.Request> LISTS =
      r -> r.method().equals("GET") && r.path().matches("/2013-04-01/hostedzone/[^/]+/rrset/?");

  private final Forwarding moto;
  private volatile String throttlingCode = "Throttling";

  MotoFront(URI moto) {
    this.moto = new Forwarding(moto);
  }

  /** The error code injected throttles carry: {@code Throttling} or {@code PriorRequestNotComplete}. */
  void throttleWith(String code) {
    throttlingCode = code;
  }

  @Override
  public StubServer.Response handle(StubServer.Request request) {
    return moto.handle(request);
  }

  @Override
  public StubServer.Response error(int status, String code, String message) {
    boolean throttled = status == 429;
    String awsCode = throttled ? throttlingCode : status >= 500 ? "InternalFailure" : code;
    String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<ErrorResponse xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\"><Error><Type>"
        + (status >= 500 ? "Receiver" : "Sender") + "</Type><Code>" + awsCode + "</Code><Message>"
        + (throttled ? "Rate exceeded" : message) + "</Message></Error><RequestId>injected-"
        + System.nanoTime() + "</RequestId></ErrorResponse>";
    return new StubServer.Response(throttled ? 400 : status, Map.of("Content-Type", "text/xml"),
        xml.getBytes(StandardCharsets.UTF_8));
  }
}
