package io.openova.dnsguard.webhook;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.openova.dnsguard.policies.policy.Decision;
import io.openova.dnsguard.kube.ops.HealthState;
import io.openova.dnsguard.kube.ops.OpsServer;
import io.openova.dnsguard.webhook.review.AdmissionRequest;
import io.openova.dnsguard.webhook.review.AdmissionResponse;
import io.openova.dnsguard.webhook.review.AdmissionReviewCodec;
import io.openova.dnsguard.webhook.review.ReviewException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The HTTP surface: {@code POST /validate} on the TLS port; probes and metrics on the plain
 * {@code http} port. Static so tests build the same routing the server runs.
 */
public final class AdmissionRoutes {
  /** The API server's own request limit: nothing larger can be a genuine review. */
  public static final int MAX_BODY_BYTES = AdmissionReviewCodec.MAX_REVIEW_BYTES;

  private static final Logger LOG = Logger.getLogger(AdmissionRoutes.class.getName());

  private AdmissionRoutes() {}

  public static void admission(HttpRouting.Builder routing, Reviewer reviewer, WebhookMetrics metrics) {
    routing.post("/validate", (req, res) -> validate(req, res, reviewer, metrics));
  }

  /**
   * Leader mode: {@code POST /claims}, where followers forward the claims that add a name. Only a
   * caller with the peer token is read at all; a replica that does not lead answers 409.
   */
  static void claims(HttpRouting.Builder routing, ClaimLeader leader, Function<AdmissionRequest, Decision> decide,
      WebhookMetrics metrics) {
    routing.post(ClaimLeader.PATH, (req, res) -> claim(req, res, leader, decide, metrics));
  }

  /** Probes and metrics: the same routes as the reconciler's. */
  public static void operations(HttpRouting.Builder routing, HealthState health, WebhookMetrics metrics) {
    OpsServer.routing(routing, health, metrics::scrape);
  }

  private static void validate(ServerRequest req, ServerResponse res, Reviewer reviewer, WebhookMetrics metrics) {
    long start = System.nanoTime();
    byte[] body;
    AdmissionRequest request;
    try {
      body = readBounded(req);
      request = AdmissionReviewCodec.read(body);
    } catch (ReviewException e) {
      metrics.badRequest();
      LOG.log(Level.WARNING, () -> "rejected a request that is not a valid AdmissionReview: " + e.getMessage());
      res.status(Status.BAD_REQUEST_400).header("Content-Type", "text/plain; charset=utf-8")
          .send("bad AdmissionReview: " + e.getMessage());
      return;
    }
    AdmissionResponse response;
    try {
      response = request.operation() == AdmissionRequest.Operation.DELETE
          ? AdmissionResponse.allow(request.uid(), List.of())
          : reviewer.review(request);
    } catch (RuntimeException e) {
      // A bug of ours must not leak a stack trace to kubectl; the log has it, keyed by uid.
      LOG.log(Level.SEVERE, e, () -> "failed to evaluate " + request.describe() + " uid=" + request.uid());
      response = AdmissionResponse.deny(request.uid(), 500,
          "dnsguard could not evaluate " + request.describe() + " (internal error, uid " + request.uid()
              + "; see the webhook log)", List.of());
    }
    metrics.reviewed(request, response, System.nanoTime() - start);
    if (!response.allowed()) {
      AdmissionResponse denied = response;
      LOG.info(() -> "denied " + request.describe() + " uid=" + request.uid() + ": " + denied.message());
    }
    res.header(HeaderValues.CONTENT_TYPE_JSON).send(AdmissionReviewCodec.write(response));
  }

  private static void claim(ServerRequest req, ServerResponse res, ClaimLeader leader,
      Function<AdmissionRequest, Decision> decide, WebhookMetrics metrics) {
    if (!leader.admits(req.headers().first(HeaderNames.AUTHORIZATION).orElse(null))) {
      LOG.fine(() -> "refused a claim from " + req.remotePeer().address() + " without the peer token");
      metrics.claimAnswered("unauthorized");
      res.status(Status.UNAUTHORIZED_401).header("Content-Type", "text/plain; charset=utf-8").send("unauthorized");
      return;
    }
    if (!leader.deciding()) {
      metrics.claimAnswered("not-leader");
      res.status(Status.CONFLICT_409).header("Content-Type", "text/plain; charset=utf-8").send("not the claims leader");
      return;
    }
    Decision decision;
    try {
      decision = decide.apply(AdmissionReviewCodec.read(readBounded(req)));
    } catch (ReviewException | IllegalArgumentException e) {
      metrics.claimAnswered("bad-request");
      res.status(Status.BAD_REQUEST_400).header("Content-Type", "text/plain; charset=utf-8")
          .send("bad claim: " + e.getMessage());
      return;
    }
    metrics.claimAnswered(decision.allowed() ? "allowed" : "denied");
    res.header(HeaderValues.CONTENT_TYPE_JSON).send(ClaimWire.answer(decision));
  }

  /**
   * Reads at most {@link #MAX_BODY_BYTES}, chunked bodies included, and says so when there is more.
   * A declared length is read into an array of that size: reading up to the limit would allocate
   * and zero a 16 KiB first chunk for every ~1 KiB review.
   */
  private static byte[] readBounded(ServerRequest req) throws ReviewException {
    OptionalLong declared = req.headers().contentLength();
    if (declared.isPresent() && declared.getAsLong() > MAX_BODY_BYTES) {
      throw new ReviewException("body of " + declared.getAsLong() + " bytes exceeds the 3 MiB limit of the Kubernetes API server");
    }
    if (declared.isPresent() && declared.getAsLong() < 0) {
      throw new ReviewException("negative Content-Length " + declared.getAsLong());
    }
    try (InputStream in = req.content().inputStream()) {
      byte[] body = in.readNBytes(declared.isPresent() ? (int) declared.getAsLong() : MAX_BODY_BYTES + 1);
      if (body.length > MAX_BODY_BYTES) {
        throw new ReviewException("body exceeds the 3 MiB limit of the Kubernetes API server");
      }
      if (body.length == 0) {
        throw new ReviewException("empty body: expected an AdmissionReview");
      }
      return body;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      // The server's HTTP/1.1 decoder throws while reading a malformed body (a chunk size that is not
      // hex or overflows, a body cut short): the client's fault, said without the library's text.
      LOG.log(Level.FINE, "unreadable request body", e);
      throw new ReviewException("unreadable body: malformed chunked encoding or a body shorter than its Content-Length");
    }
  }
}
