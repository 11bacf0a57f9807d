package io.openova.dnsguard.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.openova.dnsguard.certs.pem.PemCodec;
import io.openova.dnsguard.policies.ownership.HostnameReservation;
import io.openova.dnsguard.testbench.KubeApiServer;
import io.openova.dnsguard.testbench.junit.RealKubeApiServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15's admission cost, issue 19's guarantee: {@code --claims-mode leader} on two replicas and a
 * real API server. One replica, elected with a Lease, decides every claim that adds a name; the
 * other forwards. Pairs and triples of teams racing for one name through different replicas: never
 * more than one admitted, and no API object written for it. The leader killed with SIGKILL: reviews
 * are refused by the failure policy until the other replica leads, then decided there; never two
 * admitted. The forwarding endpoint answers nobody without the peer token (derived from the serving key).
 */
@RealKubeApiServer
class LeaderClaimsAdmissionTest {
  private static final String LEASE = "dnsguard-webhook-claims";
  private static final String HOME = "lead-dnsguard";
  private static final String POLICY = """
      apiVersion: dnsguard.openova.io/v1alpha1
      kind: DNSPolicy
      metadata: {name: lead}
      spec:
        ownerId: lead
        unmanagedDomains: deny
        domains:
          - suffix: lead.example
            namespaces: [lead-a, lead-b, lead-c]
      """;
  /** Which replica the API server sends each team's reviews to: a and b always differ, c shares a's. */
  private static final Map<String, Integer> REPLICA = Map.of("lead-a", 1, "lead-b", 2, "lead-c", 1);

  private static TwoReplicas replicas;
  private static KubeApiServer kube;
  /** The peer token's Authorization header, derived as the replicas derive it from their serving key. */
  private static String authorization;

  @BeforeAll
  static void start(KubeApiServer server, @TempDir Path dir) throws Exception {
    kube = server;
    Path policy = Files.writeString(dir.resolve("policy.yaml"), POLICY);
    replicas = new TwoReplicas(kube, dir, "lead", policy, List.of("--claims-mode", "leader",
        "--reservation-expiry", "6s"), true);
    Secret tls = kube.client().secrets().inNamespace(HOME).withName("lead-tls").get();
    authorization = PeerToken.of(PemCodec.decodePrivateKey(new String(Base64.getDecoder().decode(
        tls.getData().get("tls.key")), StandardCharsets.US_ASCII), "lead-tls")).authorization();
    REPLICA.forEach(replicas::namespace);
    replicas.awaitActive(List.copyOf(REPLICA.keySet()));
  }

  @AfterAll
  static void stop() throws InterruptedException {
    replicas.close();
  }

  @Test
  void pairs_fromNamespacesOfDifferentReplicas_neverBothAdmitted() throws Exception {
    Contenders.races(kube, "pair", "lead.example", List.of("lead-a", "lead-b"), 100);
    // The API server may be shared with other test classes: only this class's teams count.
    assertThat(kube.client().genericKubernetesResources(Reservations.CONTEXT).list().getItems().stream()
        .map(HostnameReservation::from).filter(r -> REPLICA.containsKey(r.claimant().namespace())))
        .as("leader mode writes no reservation").isEmpty();
    int leader = leader();
    int follower = 3 - leader;
    assertThat(metric(follower, "dnsguard_webhook_claims_forwarded_total", "outcome=\"allowed\""))
        .as("the follower forwarded the new names its teams asked for").isPositive();
    assertThat(metric(follower, "dnsguard_webhook_claims_forward_duration_seconds_count", "outcome=\"allowed\""))
        .isPositive();
    assertThat(metric(leader, "dnsguard_webhook_claims_answered_total", "result=\"allowed\""))
        .as("the leader decided them").isPositive();
  }

  @Test
  void triples_acrossAndWithinReplicas_neverMoreThanOneAdmitted() throws Exception {
    Contenders.races(kube, "triple", "lead.example", List.of("lead-a", "lead-b", "lead-c"), 100);
  }

  /** Without the token, or with another, {@code /claims} reads nothing; a follower does not decide. */
  @Test
  void claimsEndpoint_withoutThePeerToken_refusesBeforeReading() throws Exception {
    int leader = leader();
    int follower = 3 - leader;
    HttpClient http = HttpClient.newBuilder().sslContext(trustingAnyServer()).build();
    String claim = "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\"}";
    String token = authorization.substring("Bearer ".length());
    for (String wrong : new String[] {null, "Bearer " + "x".repeat(token.length()), authorization + "x",
        "Basic " + token, token, "Bearer " + token.substring(1)}) {
      HttpRequest.Builder request = HttpRequest.newBuilder(
          URI.create("https://127.0.0.1:" + replicas.replica(leader).tlsPort() + ClaimLeader.PATH))
          .POST(HttpRequest.BodyPublishers.ofString(claim));
      if (wrong != null) {
        request.header("Authorization", wrong);
      }
      HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).as(String.valueOf(wrong)).isEqualTo(401);
      assertThat(answer.body()).isEqualTo("unauthorized");
    }
    HttpResponse<String> atFollower = http.send(HttpRequest.newBuilder(
        URI.create("https://127.0.0.1:" + replicas.replica(follower).tlsPort() + ClaimLeader.PATH))
        .header("Authorization", authorization).POST(HttpRequest.BodyPublishers.ofString(claim)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(atFollower.statusCode()).isEqualTo(409);
    HttpResponse<String> unreadable = http.send(HttpRequest.newBuilder(
        URI.create("https://127.0.0.1:" + replicas.replica(leader).tlsPort() + ClaimLeader.PATH))
        .header("Authorization", authorization).POST(HttpRequest.BodyPublishers.ofString(claim)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(unreadable.statusCode()).isEqualTo(400);
    assertThat(unreadable.body()).contains("request is missing");
    for (int replica = 1; replica <= 2; replica++) {
      assertThat(replicas.replica(replica).log()).doesNotContain(token);
    }
  }

  /**
   * The leader killed with SIGKILL while pairs race through both replicas. Until the Lease expires
   * the follower cannot reach a leader and refuses new names (failure policy Fail), and the dead
   * replica's own reviews fail at the API server (its webhook's failurePolicy Fail); then the
   * survivor leads and admits. The killed replica started again follows. Never two admitted.
   */
  @Test
  void leaderKilled_reviewsFailByThePolicyOrGoToTheNewLeader_neverTwoAdmitted() throws Exception {
    int leader = leader();
    int survivor = 3 - leader;
    String survivorTeam = survivor == 1 ? "lead-a" : "lead-b";
    List<String> teams = List.of("lead-a", "lead-b");
    // No client-side retries, as kubectl: a refusal by the failure policy (503) is seen, not retried away.
    List<KubernetesClient> clients = teams.stream().map(t -> new KubernetesClientBuilder().withConfig(
        new ConfigBuilder(Config.fromKubeconfig(kube.kubeconfig())).withRequestRetryBackoffLimit(0).build()).build())
        .toList();
    List<List<Contenders.Outcome>> rounds = new ArrayList<>();
    List<String> hosts = new ArrayList<>();
    AtomicBoolean killed = new AtomicBoolean();
    int admittedBySurvivorAfterTakeover = 0;
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      for (int round = 0; System.nanoTime() < deadline; round++) {
        if (round == 5) {
          replicas.replica(leader).kill();
          killed.set(true);
        }
        String host = "killed-" + round + ".lead.example";
        List<Contenders.Outcome> outcomes = Contenders.race(clients, teams, host);
        rounds.add(outcomes);
        hosts.add(host);
        if (killed.get() && leader() == survivor
            && outcomes.stream().anyMatch(o -> o.admitted() && o.namespace().equals(survivorTeam))) {
          if (++admittedBySurvivorAfterTakeover == 5) {
            break;
          }
        }
      }
      assertThat(admittedBySurvivorAfterTakeover).as("the survivor leads and admits after the kill").isEqualTo(5);
      int refusedByPolicy = 0;
      for (int i = 0; i < rounds.size(); i++) {
        List<Contenders.Outcome> outcomes = rounds.get(i);
        String host = hosts.get(i);
        assertThat(outcomes.stream().filter(Contenders.Outcome::admitted)).as(host + ": " + outcomes).hasSizeLessThanOrEqualTo(1);
        for (Contenders.Outcome lost : outcomes) {
          if (!lost.admitted()) {
            List<String> why = new ArrayList<>(Contenders.lostTo(host, outcomes, lost));
            why.add("the claims leader"); // the follower's failure policy
            why.add("failed calling webhook"); // the dead replica's webhook, failurePolicy Fail
            assertThat(lost.message()).as(host).containsAnyOf(why.toArray(String[]::new));
            refusedByPolicy += lost.message().contains("the claims leader") ? 1 : 0;
          }
        }
      }
      System.out.printf("leader killed: %d rounds, %d refusals by the leader failure policy%n", rounds.size(),
          refusedByPolicy);
      assertThat(refusedByPolicy).as("the follower refused new names while no leader answered").isPositive();
      assertThat(metric(survivor, "dnsguard_webhook_failure_policy_decisions_total", "cause=\"leader\"", "action=\"refused\""))
          .as("its metrics count the failure policy's refusals").isGreaterThanOrEqualTo(refusedByPolicy);
      assertThat(metric(survivor, "dnsguard_webhook_claims_forwarded_total", "outcome=\"unavailable\""))
          .isGreaterThanOrEqualTo(refusedByPolicy);
    } finally {
      clients.forEach(KubernetesClient::close);
      if (killed.get()) { // the other tests of this class race through both replicas
        replicas.replica(leader).start(Duration.ofSeconds(120));
      }
    }
    Contenders.races(kube, "after-kill", "lead.example", teams, 30);
  }

  /** The sum of a replica's series named {@code name} that carry every one of {@code labels}, from {@code /metrics}. */
  private static double metric(int replica, String name, String... labels) throws Exception {
    String scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
        "http://127.0.0.1:" + replicas.replica(replica).httpPort() + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    double sum = 0;
    for (String line : scrape.lines().toList()) {
      if ((line.startsWith(name + "{") || line.startsWith(name + " "))
          && java.util.Arrays.stream(labels).allMatch(line.substring(0, line.lastIndexOf(' '))::contains)) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  /** Which replica holds the Lease (its identity ends in its webhook address). */
  private static int leader() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      Lease lease = kube.client().leases().inNamespace(HOME).withName(LEASE).get();
      String holder = lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
      for (int replica = 1; holder != null && replica <= 2; replica++) {
        if (holder.endsWith("@127.0.0.1:" + replicas.replica(replica).tlsPort())) {
          return replica;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no replica holds Lease " + HOME + "/" + LEASE);
  }

  /** The test's own client: it checks what the endpoint answers, not who serves it. */
  private static SSLContext trustingAnyServer() throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    }}, null);
    return context;
  }
}
