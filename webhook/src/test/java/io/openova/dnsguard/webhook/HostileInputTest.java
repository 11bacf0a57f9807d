package io.openova.dnsguard.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.openova.dnsguard.testbench.KubeApiServer;
import io.openova.dnsguard.testbench.junit.RealKubeApiServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an attacker with a route to the webhook port can send, against a running {@code dnsguard
 * serve} (its own JVM, real API server, HTTPS): every body is answered with a 4xx that says what is
 * wrong, or with a well-formed AdmissionReview decision; never a 5xx, a leaked library message or a
 * hang; and while connections are held open and headers trickle in, valid reviews keep being
 * answered. (The throughput during such an attack is measured in {@code HostileLoadBenchmark}.)
 */
@RealKubeApiServer
class HostileInputTest {
  private static final String NAMESPACE = "dnsguard-hostile";
  private static final int MIB3 = 3 * 1024 * 1024;
  /** Far beyond any answer of a working server: reaching it means the server hangs. */
  private static final int HANG_MILLIS = 60_000;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static ServeProcess serve;
  private static SSLContext tls;

  @BeforeAll
  static void start(KubeApiServer kube, @TempDir Path dir) throws Exception {
    KubernetesClient client = kube.client();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .create();
    Path policy = Files.writeString(dir.resolve("policy.yaml"), """
        apiVersion: dnsguard.openova.io/v1alpha1
        kind: DNSPolicy
        metadata: {name: hostile}
        spec:
          ownerId: hostile
          domains:
            - suffix: example.com
              namespaces: [team-a]
        """);
    serve = new ServeProcess(kube, dir, List.of("--policy-file", policy.toString(),
        "--certs", "self-managed", "--tls-secret", NAMESPACE + "/hostile-tls",
        "--service", "dnsguard-webhook", "--namespace", NAMESPACE, "--ip", "127.0.0.1"))
        .start(Duration.ofSeconds(120));
    Secret secret = client.secrets().inNamespace(NAMESPACE).withName("hostile-tls").get();
    tls = trusting(new String(Base64.getDecoder().decode(secret.getData().get("ca.crt")), StandardCharsets.UTF_8));
  }

  @AfterAll
  static void stop() throws Exception {
    if (serve != null) {
      String log = serve.log();
      serve.close();
      // No stack trace and no library text reached the log without our context.
      assertThat(log).doesNotContain("\"level\":\"error\"", "NullPointerException", "getLineNr");
    }
  }

  private static SSLContext trusting(String caPem) throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    store.setCertificateEntry("ca", CertificateFactory.getInstance("X.509")
        .generateCertificate(new java.io.ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII))));
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLSv1.3");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  // ---- bodies --------------------------------------------------------------------------------

  private static String review(String objectJson, String extraRequestFields) {
    return """
        {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
         "request": {"uid": "u-1", "kind": {"group": "gateway.networking.k8s.io", "version": "v1", "kind": "HTTPRoute"},
           "namespace": "team-a", "name": "r", "operation": "CREATE", %s
           "object": %s}}""".formatted(extraRequestFields, objectJson);
  }

  private static String route(String metadataExtra, String specExtra) {
    return """
        {"apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
         "metadata": {"name": "r", "namespace": "team-a"%s}, "spec": {"hostnames": ["api.example.com"]%s}}"""
        .formatted(metadataExtra, specExtra);
  }

  private static final String VALID = review(route("", ""), "");

  private static String deepArrays(int depth) {
    return "[".repeat(depth) + "]".repeat(depth);
  }

  private static String deepObjects(int depth) {
    return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** {@code body} padded with spaces before its last brace to exactly {@code size} bytes. */
  private static byte[] paddedTo(String body, int size) {
    byte[] raw = utf8(body);
    byte[] out = new byte[size];
    int close = raw.length - 1;
    System.arraycopy(raw, 0, out, 0, close);
    java.util.Arrays.fill(out, close, size - 1, (byte) ' ');
    out[size - 1] = raw[close];
    return out;
  }

  private static byte[] withBytes(String before, byte[] middle, String after) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(utf8(before));
    out.writeBytes(middle);
    out.writeBytes(utf8(after));
    return out.toByteArray();
  }

  /** What the answer must be: a 400 naming {@code says}, or a decision (200 with an AdmissionReview). */
  private record Expect(int status, String says) {
    static Expect badRequest(String says) {
      return new Expect(400, says);
    }

    static Expect decision() {
      return new Expect(200, "");
    }
  }

  static Stream<Arguments> bodies() {
    String digits = "1".repeat(200_000);
    List<Arguments> cases = new ArrayList<>(List.of(
        Arguments.of("100,000 nested arrays as the body", utf8(deepArrays(100_000)), false,
            Expect.badRequest("expected a JSON object")),
        Arguments.of("100,000 nested objects as the body", utf8(deepObjects(100_000)), false,
            Expect.badRequest("nesting depth limit")),
        Arguments.of("100,000 nested arrays inside the reviewed object",
            utf8(review(route("", ", \"rules\": " + deepArrays(100_000)), "")), false,
            Expect.badRequest("nesting depth limit")),
        Arguments.of("100,000 nested objects inside the reviewed object's annotations",
            utf8(review(route(", \"annotations\": " + deepObjects(100_000), ""), "")), false,
            Expect.badRequest("nesting depth limit")),
        Arguments.of("100,000 nested arrays in a request field nobody reads",
            utf8(review(route("", ""), "\"unknown\": " + deepArrays(100_000) + ",")), false,
            Expect.badRequest("nesting depth limit")),
        Arguments.of("101 nested arrays (one past the limit) in spec",
            utf8(review(route("", ", \"rules\": " + deepArrays(98)), "")), false,
            Expect.badRequest("nesting depth limit")),
        Arguments.of("90 nested arrays in spec (under the limit)",
            utf8(review(route("", ", \"rules\": " + deepArrays(90)), "")), false, Expect.decision()),
        Arguments.of("a 200,000-digit number in spec", utf8(review(route("", ", \"x\": " + digits), "")), false,
            Expect.badRequest("number length limit")),
        Arguments.of("a 200,000-digit number as request.dryRun", utf8(review(route("", ""), "\"dryRun\": " + digits + ",")),
            false, Expect.badRequest("number length limit")),
        Arguments.of("a 200,000-digit fraction", utf8(review(route("", ", \"x\": 0." + digits), "")), false,
            Expect.badRequest("number length limit")),
        Arguments.of("an exponent of 10^999999999 in an annotation",
            utf8(review(route(", \"annotations\": {\"a\": 1e999999999}", ""), "")), false, Expect.decision()),
        Arguments.of("a 2 MiB object name", utf8(VALID.replace("\"metadata\": {\"name\": \"r\"",
            "\"metadata\": {\"name\": \"" + "n".repeat(2 << 20) + "\"")), false, Expect.badRequest("string length limit")),
        Arguments.of("a 2 MiB string nobody reads", utf8(review(route("", ", \"x\": \"" + "s".repeat(2 << 20) + "\""), "")),
            false, Expect.decision()),
        Arguments.of("a 100,000-character property name",
            utf8(review(route("", ", \"" + "k".repeat(100_000) + "\": 1"), "")), false,
            Expect.badRequest("name length limit")),
        Arguments.of("100,000 distinct property names", utf8(review(route("", manyKeys(100_000)), "")), false,
            Expect.decision()),
        Arguments.of("100,000 hostnames", utf8(review(route("", "").replace("[\"api.example.com\"]", manyHosts(100_000)), "")),
            false, Expect.decision()),
        Arguments.of("a duplicate request.uid", utf8(review(route("", ""), "\"uid\": \"u-2\",")), false,
            Expect.badRequest("Duplicate")),
        Arguments.of("a duplicate request.object", utf8(review(route("", ""), "\"object\": {},")), false,
            Expect.badRequest("Duplicate")),
        Arguments.of("a duplicate spec.hostnames",
            utf8(review(route("", ", \"hostnames\": [\"evil.example.org\"]"), "")), false, Expect.badRequest("Duplicate")),
        Arguments.of("a duplicate annotation",
            utf8(review(route(", \"annotations\": {\"a\": \"1\", \"a\": \"2\"}", ""), "")), false,
            Expect.badRequest("Duplicate")),
        Arguments.of("invalid UTF-8 in a hostname",
            withBytes(VALID.substring(0, VALID.indexOf("api.example.com")), new byte[] {(byte) 0xC3, (byte) 0x28},
                VALID.substring(VALID.indexOf("api.example.com"))), false, Expect.badRequest("not valid UTF-8")),
        Arguments.of("an overlong UTF-8 encoding of '/'",
            withBytes(VALID.substring(0, VALID.indexOf("api.example.com")), new byte[] {(byte) 0xC0, (byte) 0xAF},
                VALID.substring(VALID.indexOf("api.example.com"))), false, Expect.badRequest("not valid UTF-8")),
        Arguments.of("a UTF-8-encoded surrogate in a hostname",
            withBytes(VALID.substring(0, VALID.indexOf("api.example.com")), new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                VALID.substring(VALID.indexOf("api.example.com"))), false, Expect.badRequest("not valid UTF-8")),
        Arguments.of("a raw NUL byte inside a hostname",
            withBytes(VALID.substring(0, VALID.indexOf("api.example.com")), new byte[] {0},
                VALID.substring(VALID.indexOf("api.example.com"))), false, Expect.badRequest("malformed JSON")),
        Arguments.of("a raw NUL byte between tokens", withBytes("{", new byte[] {0}, VALID.substring(1)), false,
            Expect.badRequest("malformed JSON")),
        Arguments.of("an escaped NUL in a hostname", utf8(VALID.replace("api.example.com", "api\\u0000.example.com")),
            false, Expect.decision()),
        Arguments.of("a lone surrogate in a hostname", utf8(VALID.replace("api.example.com", "api\\ud800.example.com")),
            false, Expect.decision()),
        Arguments.of("a body of exactly 3 MiB", paddedTo(VALID, MIB3), false, Expect.decision()),
        Arguments.of("a body of 3 MiB - 1 byte", paddedTo(VALID, MIB3 - 1), false, Expect.decision()),
        Arguments.of("a body of 3 MiB + 1 byte", paddedTo(VALID, MIB3 + 1), false,
            Expect.badRequest("exceeds the 3 MiB limit")),
        Arguments.of("a chunked review with no length", utf8(VALID), true, Expect.decision()),
        Arguments.of("a chunked body of 4 MiB with no length", paddedTo(VALID, 4 << 20), true,
            Expect.badRequest("exceeds the 3 MiB limit")),
        Arguments.of("an empty body", new byte[0], false, Expect.badRequest("empty body")),
        Arguments.of("binary garbage", new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 1, 2, 3, (byte) 0x80}, false,
            Expect.badRequest("not valid UTF-8")),
        Arguments.of("a JSON array", utf8("[1, 2, 3]"), false, Expect.badRequest("expected a JSON object")),
        Arguments.of("a truncated review", utf8(VALID.substring(0, VALID.length() / 2)), false,
            Expect.badRequest("malformed JSON")),
        Arguments.of("request.object as a string", utf8(review("\"x\"", "")), false,
            Expect.badRequest("request.object must be a JSON object")),
        Arguments.of("spec.hostnames as a number", utf8(VALID.replace("[\"api.example.com\"]", "7")), false,
            Expect.decision()),
        Arguments.of("a UTF-8 byte order mark", withBytes("", new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, VALID),
            false, Expect.decision())));
    return cases.stream();
  }

  private static String manyKeys(int count) {
    StringBuilder keys = new StringBuilder();
    for (int i = 0; i < count; i++) {
      keys.append(", \"k").append(i).append("\": 0");
    }
    return keys.toString();
  }

  private static String manyHosts(int count) {
    StringBuilder hosts = new StringBuilder("[");
    for (int i = 0; i < count; i++) {
      hosts.append(i == 0 ? "" : ",").append("\"h").append(i).append(".example.com\"");
    }
    return hosts.append(']').toString();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bodies")
  void validate_hostileBody_is4xxOrADecision(String name, byte[] body, boolean chunked, Expect expect)
      throws Exception {
    Answer answer = post(body, chunked);
    assertThat(answer.status()).as(answer.body()).isEqualTo(expect.status());
    if (expect.status() == 200) {
      JsonNode review = JSON.readTree(answer.body());
      assertThat(review.path("apiVersion").asString()).isEqualTo("admission.k8s.io/v1");
      assertThat(review.path("response").path("allowed").isBoolean()).isTrue();
      assertThat(review.path("response").path("status").path("code").asInt(0)).isNotEqualTo(500);
    } else {
      assertThat(answer.body()).startsWith("bad AdmissionReview: ").contains(expect.says())
          .doesNotContain("Exception", "tools.jackson", "getLineNr");
    }
  }

  @Test
  void validate_whileHundredsOfConnectionsAreHeldOpenAndTrickle_validReviewsAreAnswered() throws Exception {
    List<SSLSocket> held = new ArrayList<>();
    try {
      for (int i = 0; i < 300; i++) {
        SSLSocket socket = socket();
        // Half the connections send nothing after the handshake; the other half start a request and stall.
        if (i % 2 == 1) {
          socket.getOutputStream().write(utf8("POST /validate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le"));
          socket.getOutputStream().flush();
        }
        held.add(socket);
      }
      for (int round = 0; round < 20; round++) {
        for (int i = 1; i < held.size(); i += 2) {
          trickle(held.get(i), round);
        }
        Answer answer = post(utf8(VALID), false);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(JSON.readTree(answer.body()).path("response").path("uid").asString()).isEqualTo("u-1");
      }
    } finally {
      for (SSLSocket socket : held) {
        socket.close();
      }
    }
    assertThat(post(utf8(VALID), false).status()).isEqualTo(200);
  }

  /**
   * The HTTP framing around a review, as an attacker may bend it: each request is answered with a
   * 4xx or a decision, or the connection is closed without an answer when nothing sensible can be
   * said (a body cut short by the client) — never a 5xx, never a hang.
   */
  static Stream<Arguments> framings() {
    byte[] valid = utf8(VALID);
    String post = "POST /validate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n";
    return Stream.of(
        Arguments.of("a body shorter than its Content-Length, then the client half-closes",
            utf8(post + "Content-Length: " + (valid.length + 100) + "\r\n\r\n" + VALID), true),
        Arguments.of("a chunk size that is not hex", utf8(post + "Transfer-Encoding: chunked\r\n\r\nzz\r\n" + VALID), true),
        Arguments.of("a chunk size beyond 64 bits",
            utf8(post + "Transfer-Encoding: chunked\r\n\r\nfffffffffffffffffffff\r\n" + VALID), true),
        Arguments.of("a chunked body cut short, then the client half-closes",
            utf8(post + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(valid.length + 50) + "\r\n" + VALID), true),
        Arguments.of("a negative Content-Length", utf8(post + "Content-Length: -1\r\n\r\n" + VALID), true),
        Arguments.of("a Content-Length of 2^63", utf8(post + "Content-Length: 9223372036854775808\r\n\r\n" + VALID), true),
        Arguments.of("two different Content-Lengths",
            utf8(post + "Content-Length: " + valid.length + "\r\nContent-Length: 5\r\n\r\n" + VALID), true),
        Arguments.of("Content-Length and chunked together (request smuggling)",
            utf8(post + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(valid.length) + "\r\n" + VALID + "\r\n0\r\n\r\n"), true),
        Arguments.of("Expect: 100-continue", utf8(post + "Expect: 100-continue\r\nContent-Length: " + valid.length
            + "\r\n\r\n" + VALID), false),
        Arguments.of("a 64 KiB header", utf8(post + "X-Big: " + "h".repeat(65_536) + "\r\nContent-Length: "
            + valid.length + "\r\n\r\n" + VALID), false),
        Arguments.of("10,000 headers", utf8(post + "X-Many: 1\r\n".repeat(10_000) + "Content-Length: " + valid.length
            + "\r\n\r\n" + VALID), false),
        Arguments.of("a GET of /validate", utf8("GET /validate HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"), false),
        Arguments.of("a POST to another path", utf8("POST /mutate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: "
            + valid.length + "\r\n\r\n" + VALID), false),
        Arguments.of("a path with a NUL and dot segments", utf8("POST /validate/../%00/validate HTTP/1.1\r\nHost: 127.0.0.1"
            + "\r\nContent-Length: " + valid.length + "\r\n\r\n" + VALID), false),
        Arguments.of("a request line that is not HTTP", utf8("HELLO THERE\r\n\r\n"), false),
        Arguments.of("an unknown HTTP version", utf8("POST /validate HTTP/7.1\r\nHost: 127.0.0.1\r\nContent-Length: "
            + valid.length + "\r\n\r\n" + VALID), false),
        Arguments.of("HTTP/1.0 without Host", utf8("POST /validate HTTP/1.0\r\nContent-Length: " + valid.length
            + "\r\n\r\n" + VALID), false),
        Arguments.of("a header without a colon", utf8(post + "Nonsense\r\nContent-Length: " + valid.length
            + "\r\n\r\n" + VALID), false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("framings")
  void validate_bentFraming_is4xxADecisionOrClosedNever5xx(String name, byte[] request, boolean halfClose)
      throws Exception {
    try (SSLSocket socket = socket()) {
      OutputStream out = socket.getOutputStream();
      Thread writer = Thread.ofVirtual().start(() -> {
        try {
          out.write(request);
          out.flush();
          if (halfClose) {
            socket.shutdownOutput();
          }
        } catch (IOException refusedEarly) {
          // the server answered and closed before reading everything
        }
      });
      java.util.Optional<Answer> answer = readOrClosed(socket.getInputStream());
      writer.join();
      if (answer.isPresent()) {
        assertThat(answer.get().status()).as("%s: %s", name, answer.get().body()).isLessThan(500);
        assertThat(answer.get().body()).doesNotContain("Exception", "tools.jackson", "\tat ");
        if (answer.get().status() == 200) {
          assertThat(JSON.readTree(answer.get().body()).path("response").path("allowed").isBoolean()).isTrue();
        }
      } else {
        assertThat(halfClose).as("%s: closed without an answer, though the request was complete", name).isTrue();
      }
    }
    assertThat(post(utf8(VALID), false).status()).as("answered after %s", name).isEqualTo(200);
  }

  /** The response, or empty when the server closed the connection without one (a timeout fails: a hang). */
  private static java.util.Optional<Answer> readOrClosed(InputStream in) throws IOException {
    PushbackInputStream pushback = new PushbackInputStream(in, 1);
    int first;
    try {
      first = pushback.read();
    } catch (javax.net.ssl.SSLException | java.net.SocketException closed) {
      return java.util.Optional.empty();
    }
    if (first < 0) {
      return java.util.Optional.empty();
    }
    pushback.unread(first);
    Answer answer = read(pushback);
    // Skip interim answers (100 Continue): the final one follows.
    return java.util.Optional.of(answer.status() == 100 ? read(pushback) : answer);
  }

  /** One more byte of a header that never ends, or nothing once the server gave up on the connection. */
  private static void trickle(SSLSocket socket, int round) {
    try {
      socket.getOutputStream().write(round == 0 ? 'n' : 'x');
      socket.getOutputStream().flush();
    } catch (IOException closedByServer) {
      // the server may close a connection that takes too long to send its headers: that is a defence
    }
  }

  // ---- a raw HTTPS client: the JDK's refuses to send half of these ------------------------------

  private record Answer(int status, String body) {}

  private static SSLSocket socket() throws IOException {
    SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", serve.tlsPort());
    socket.setSoTimeout(HANG_MILLIS);
    socket.startHandshake();
    return socket;
  }

  /**
   * Sends on its own thread while the answer is read: a server may answer (a body too large) before
   * it has read everything, and a blocked write must not hide the answer.
   */
  private static Answer post(byte[] body, boolean chunked) throws Exception {
    try (SSLSocket socket = socket()) {
      OutputStream out = socket.getOutputStream();
      String headers = "POST /validate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
          + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + body.length + "\r\n") + "\r\n";
      Thread writer = Thread.ofVirtual().start(() -> {
        try {
          out.write(utf8(headers));
          if (chunked) {
            for (int i = 0; i < body.length; i += 65_536) {
              int n = Math.min(65_536, body.length - i);
              out.write(utf8(Integer.toHexString(n) + "\r\n"));
              out.write(body, i, n);
              out.write(utf8("\r\n"));
            }
            out.write(utf8("0\r\n\r\n"));
          } else {
            out.write(body);
          }
          out.flush();
        } catch (IOException refusedEarly) {
          // the server answered and closed before reading everything
        }
      });
      Answer answer = read(socket.getInputStream());
      socket.close();
      writer.join();
      return answer;
    }
  }

  /** One response, framed by its Content-Length or chunks (a server may keep the connection open). */
  private static Answer read(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      assertThat(b).as("a complete HTTP response head, got: %s", head).isNotNegative();
      head.write(b);
    }
    String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ", 3)[1]);
    String lengthHeader = null;
    boolean chunked = false;
    for (String line : lines) {
      String lower = line.toLowerCase(java.util.Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        lengthHeader = line.substring(line.indexOf(':') + 1).trim();
      } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        chunked = true;
      }
    }
    byte[] body;
    if (status < 200) {
      body = new byte[0]; // an interim answer (100 Continue) has no body
    } else if (chunked) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      while (true) {
        int size = Integer.parseInt(line(in).trim(), 16);
        if (size == 0) {
          line(in);
          break;
        }
        out.writeBytes(in.readNBytes(size));
        line(in);
      }
      body = out.toByteArray();
    } else if (lengthHeader != null) {
      body = in.readNBytes(Integer.parseInt(lengthHeader));
    } else {
      body = in.readAllBytes();
    }
    return new Answer(status, new String(body, StandardCharsets.UTF_8));
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      assertThat(b).as("a complete chunk line").isNotNegative();
      line.write(b);
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }
}
