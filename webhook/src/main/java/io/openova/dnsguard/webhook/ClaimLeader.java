package io.openova.dnsguard.webhook;

import io.openova.dnsguard.certs.tls.CertificateSource;
import io.openova.dnsguard.certs.tls.TlsMaterial;
import io.openova.dnsguard.policies.policy.AdmissionInput;
import io.openova.dnsguard.policies.policy.Decision;
import io.openova.dnsguard.kube.LeaseLeadership;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import org.jspecify.annotations.Nullable;

/**
 * Leader mode of race-free admission ({@code --claims-mode leader}): one replica, elected with a
 * Lease, decides every claim that adds a name; the others forward such claims to it over TLS on
 * its webhook port ({@code POST /claims}, a shared {@link PeerToken}) and never decide them
 * themselves (the token is derived from the serving key every replica shares). The leader decides
 * against its live and pending claims under the claim index's lock, exactly as one replica does
 * alone, so the guarantee of one replica holds for all of them without an API write per admission.
 *
 * <p>The leader's address travels in its Lease identity ({@code <pod>_<random>@<host>:<port>}). A
 * newly elected leader waits {@link #HANDOVER} before deciding, so that claims its predecessor
 * admitted last reach its informers first. When no leader can be reached within the timeout, the
 * follower applies the failure policy: Fail refuses the review, Ignore decides it on this replica's
 * claims alone and says so in a warning.
 */
final class ClaimLeader implements AutoCloseable {
  /** The forwarding endpoint on the webhook's TLS port. */
  static final String PATH = "/claims";
  /** How long a new leader waits before deciding (its predecessor's last admissions reach its informers). */
  static final Duration HANDOVER = Duration.ofSeconds(2);

  private static final Logger LOG = Logger.getLogger(ClaimLeader.class.getName());

  /** What a follower does when the leader cannot answer: refuse, or decide alone with a warning. */
  enum FailurePolicy { FAIL, IGNORE }

  /** The leader could not answer; {@link #decideHere()} says whether the failure policy lets this replica decide. */
  static final class UnavailableException extends RuntimeException {
    private final boolean decideHere;

    UnavailableException(String message, boolean decideHere) {
      super(message);
      this.decideHere = decideHere;
    }

    boolean decideHere() {
      return decideHere;
    }
  }

  /** The serving key's token, and the previous key's: replicas pick up a rotation at different times. */
  private volatile PeerToken token;
  private volatile PeerToken previousToken;
  private final Duration timeout;
  private final FailurePolicy failurePolicy;
  private volatile HttpClient http;
  private volatile @Nullable LeaseLeadership election;
  private volatile long decidingFromNanos = Long.MAX_VALUE;
  private final WebhookMetrics metrics;

  /**
   * @param certificates the webhook's serving material: every replica serves the same, so its CA is
   *     what a follower trusts the leader with
   * @param timeout how long one forward may take, connection included
   * @param metrics counts and times the forwards by outcome
   */
  ClaimLeader(Duration timeout, FailurePolicy failurePolicy, CertificateSource certificates, WebhookMetrics metrics) {
    if (!timeout.isPositive()) {
      throw new IllegalArgumentException("the leader timeout must be positive, got " + timeout);
    }
    this.metrics = metrics;
    this.timeout = timeout;
    this.failurePolicy = failurePolicy;
    this.token = PeerToken.of(certificates.current());
    this.previousToken = token;
    this.http = client(certificates.current(), timeout);
    certificates.onChange(material -> {
      http = client(material, timeout);
      previousToken = token;
      token = PeerToken.of(material);
    });
  }

  /**
   * Runs for election. The identity must end in {@code @host:port}, this replica's webhook address.
   */
  void start(LeaseLeadership election) {
    address(election.identity()); // fails now, not at the first forward
    this.election = election;
    election.start(leading -> decidingFromNanos = leading ? System.nanoTime() + HANDOVER.toNanos() : Long.MAX_VALUE);
  }

  /** A Lease identity carrying the forwarding address; IPv6 literals in brackets. */
  static String identity(String replica, String host, int port) {
    return replica + "@" + (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
  }

  /** True once a leader (maybe this replica) is known: until then every new name would fail by the policy. */
  boolean leaderKnown() {
    LeaseLeadership e = election;
    return e != null && e.leader().isPresent();
  }

  /** True when this replica decides new claims now; a new leader first waits out the rest of {@link #HANDOVER}. */
  boolean deciding() {
    LeaseLeadership e = election;
    if (e == null || !e.leading()) {
      return false;
    }
    long from = decidingFromNanos;
    // MAX_VALUE: the Lease was won a moment ago and the listener has not marked it yet.
    long wait = from == Long.MAX_VALUE ? HANDOVER.toNanos() : from - System.nanoTime();
    if (wait > 0) {
      try {
        Thread.sleep(Duration.ofNanos(wait));
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return e.leading();
  }

  /** True for a request that carries this release's peer token (of the current or the previous serving key). */
  boolean admits(@Nullable String authorization) {
    return token.admits(authorization) || previousToken.admits(authorization);
  }

  /**
   * Asks the leader to decide {@code input}, which this replica allowed; its answer is final.
   *
   * @throws UnavailableException when no leader answers within the timeout
   */
  Decision forward(AdmissionInput input, boolean dryRun) {
    long start = System.nanoTime();
    try {
      Decision decision = askLeaders(input, dryRun);
      metrics.forwarded(decision.allowed() ? "allowed" : "denied", System.nanoTime() - start);
      return decision;
    } catch (UnavailableException e) {
      metrics.forwarded("unavailable", System.nanoTime() - start);
      throw e;
    }
  }

  private Decision askLeaders(AdmissionInput input, boolean dryRun) {
    byte[] question = ClaimWire.question(input, dryRun);
    String why = "no claims leader is known yet";
    Set<String> asked = new HashSet<>();
    LeaseLeadership e = election;
    ask:
    while (e != null) {
      Optional<String> leader = e.leader();
      if (leader.isEmpty()) {
        break;
      }
      if (leader.get().equals(e.identity())) {
        why = decidingFromNanos == Long.MAX_VALUE ? "this replica has just stopped being the claims leader"
            : "this replica has just become the claims leader and decides new names after a "
                + HANDOVER.toSeconds() + " s hand-over";
        break;
      }
      if (!asked.add(leader.get())) {
        break; // asked it already, and no newer leader is known
      }
      String address = address(leader.get());
      try {
        HttpResponse<byte[]> answer = ask(address, question, token);
        if (answer.statusCode() == 401 && !previousToken.equals(token)) {
          // The leader has not picked up a rotated serving key yet: the previous key's token.
          answer = ask(address, question, previousToken);
        }
        switch (answer.statusCode()) {
          case 200 -> {
            return ClaimWire.decision(answer.body());
          }
          case 409 -> why = "the claims leader at " + address + " has stepped down"; // a newer one may be known
          case 401 -> {
            why = "the claims leader at " + address + " does not take this replica's peer token";
            break ask;
          }
          default -> {
            why = "the claims leader at " + address + " answered HTTP " + answer.statusCode();
            break ask;
          }
        }
      } catch (HttpTimeoutException timedOut) {
        why = "the claims leader at " + address + " did not answer within " + timeout.toMillis() + " ms";
        break;
      } catch (IOException | IllegalArgumentException unreachable) {
        why = "cannot reach the claims leader at " + address + " (" + (unreachable.getMessage() == null
            ? unreachable.getClass().getSimpleName() : unreachable.getMessage()) + ")";
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        why = "interrupted while asking the claims leader";
        break;
      }
    }
    String reason = why;
    LOG.warning(() -> reason + "; failure policy " + failurePolicy);
    throw new UnavailableException(reason, failurePolicy == FailurePolicy.IGNORE);
  }

  private HttpResponse<byte[]> ask(String address, byte[] question, PeerToken presented)
      throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("https://" + address + PATH)).timeout(timeout)
        .header("Authorization", presented.authorization()).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(question)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** {@code host:port} after the last {@code @} of an identity. */
  private static String address(String identity) {
    int at = identity.lastIndexOf('@');
    if (at < 0 || at == identity.length() - 1 || identity.lastIndexOf(':') < at) {
      throw new IllegalArgumentException("the Lease identity \"" + identity + "\" carries no host:port");
    }
    return identity.substring(at + 1);
  }

  /** Stops running for election; a follower takes over after {@link #HANDOVER} once it holds the Lease. */
  @Override
  public void close() {
    LeaseLeadership e = election;
    if (e != null) {
      e.close();
    }
  }

  /**
   * An HTTPS client that trusts the webhook's own CA. The leader's certificate names the Service,
   * not the pod address a follower dials, so names are not checked: the chain to this release's CA
   * is what identifies a replica (and the peer token what identifies the caller).
   */
  private static HttpClient client(TlsMaterial material, Duration timeout) {
    try {
      KeyStore anchors = KeyStore.getInstance("PKCS12");
      anchors.load(null, null);
      List<X509Certificate> trusted = material.caBundle().isEmpty() ? List.of(material.chain().getLast()) : material.caBundle();
      for (int i = 0; i < trusted.size(); i++) {
        anchors.setCertificateEntry("ca-" + i, trusted.get(i));
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(anchors);
      X509TrustManager pkix = (X509TrustManager) factory.getTrustManagers()[0];
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new ChainOnly(pkix)}, null);
      SSLParameters parameters = new SSLParameters();
      parameters.setProtocols(TlsMaterial.PROTOCOLS.toArray(String[]::new));
      return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
          .sslContext(context).sslParameters(parameters).build();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build the client for the claims leader: " + e.getMessage(), e);
    }
  }

  /** Validates the server's chain against the CA only (see {@link #client}); a client side is never trusted. */
  private static final class ChainOnly extends X509ExtendedTrustManager {
    private final X509TrustManager pkix;

    ChainOnly(X509TrustManager pkix) {
      this.pkix = pkix;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      pkix.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
      pkix.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
      pkix.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      throw new CertificateException("a follower trusts no clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
      throw new CertificateException("a follower trusts no clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
      throw new CertificateException("a follower trusts no clients");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return pkix.getAcceptedIssuers();
    }
  }
}
