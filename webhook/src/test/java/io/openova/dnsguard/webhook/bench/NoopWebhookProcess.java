package io.openova.dnsguard.webhook.bench;

import io.helidon.common.mapper.MapperManager;
import io.helidon.webserver.WebServer;
import io.openova.dnsguard.certs.pem.PemCodec;
import io.openova.dnsguard.certs.tls.TlsMaterial;
import io.openova.dnsguard.testbench.FreePorts;
import io.openova.dnsguard.webhook.tls.CertificateReloader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * A validating webhook that does nothing, as a separate JVM process the way {@code dnsguard serve}
 * runs in {@link io.openova.dnsguard.webhook.ServeProcess}: a bare Helidon TLS server (as the floor of
 * {@link AdmissionLoadBenchmark}) that answers every AdmissionReview with {@code allowed: true} and
 * the request's uid, nothing else. Through a real API server it is the least any validating webhook
 * can cost. Probes as dnsguard's: {@code /readyz} on a plain-HTTP socket.
 */
final class NoopWebhookProcess implements AutoCloseable {
  private static final JsonFactory JSON = new JsonFactory();

  private final List<String> command;
  private final Path log;
  private final int tlsPort = FreePorts.find(false);
  private final int httpPort = FreePorts.find(false);
  private Process process;

  /** Entry point of the child JVM: {@code <tls-port> <http-port> <chain.pem> <key.pem>}. */
  public static void main(String[] args) throws InterruptedException {
    if (args.length != 4) {
      System.err.println("usage: NoopWebhookProcess <tls-port> <http-port> <chain.pem> <key.pem>");
      System.exit(2);
    }
    // As WebhookServer does: without it Helidon looks the MapperManager up on every header conversion.
    MapperManager.global(MapperManager.create());
    Path chain = Path.of(args[2]);
    Path key = Path.of(args[3]);
    TlsMaterial material = new TlsMaterial(PemCodec.readPrivateKey(key), PemCodec.readCertificates(chain), List.of());
    WebServer server = WebServer.builder().host("127.0.0.1").port(Integer.parseInt(args[0]))
        .tls(CertificateReloader.tls(material))
        .routing(r -> r.post("/validate", (req, res) -> {
          String uid = requestUid(req.content().inputStream());
          res.header("Content-Type", "application/json").send(("{\"apiVersion\":\"admission.k8s.io/v1\","
              + "\"kind\":\"AdmissionReview\",\"response\":{\"uid\":\"" + uid + "\",\"allowed\":true}}")
              .getBytes(StandardCharsets.UTF_8));
        }))
        .putSocket("http", socket -> socket.host("127.0.0.1").port(Integer.parseInt(args[1])))
        .routing("http", r -> r.get("/readyz", (req, res) -> res.send("ok")))
        .shutdownHook(false)
        .build().start();
    System.out.println("noop webhook ready on https://127.0.0.1:" + server.port() + "/validate");
    // Serves until the benchmark ends the process, whether or not Helidon's listener threads are daemons.
    Thread.currentThread().join();
  }

  /**
   * {@code request.uid}, read with the streaming parser up to that field only. A uid is
   * the API server's UUID, so it needs no JSON escaping in the answer.
   */
  static String requestUid(java.io.InputStream body) throws IOException {
    try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("an AdmissionReview must be a JSON object");
      }
      while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("request") && value == JsonToken.START_OBJECT) {
          while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String inner = parser.currentName();
            parser.nextToken();
            if (inner.equals("uid")) {
              return parser.getString();
            }
            parser.skipChildren();
          }
          break;
        }
        parser.skipChildren();
      }
      throw new IOException("the AdmissionReview has no request.uid");
    }
  }

  /** The parent side: the child's command, before {@link #start}; {@code launcher} e.g. {@code taskset -c 1}. */
  NoopWebhookProcess(Path dir, TlsMaterial material, List<String> launcher) throws IOException {
    Files.createDirectories(dir);
    Path chain = Files.write(dir.resolve("tls.crt"), material.chainPemBytes());
    Path key = Files.write(dir.resolve("tls.key"), material.privateKeyPemBytes());
    log = dir.resolve("noop.log");
    command = new ArrayList<>(launcher);
    command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), NoopWebhookProcess.class.getName(),
        Integer.toString(tlsPort), Integer.toString(httpPort), chain.toString(), key.toString()));
  }

  int tlsPort() {
    return tlsPort;
  }

  long pid() {
    return process.pid();
  }

  /** Starts the process and waits until {@code /readyz} answers 200, as the benchmark waits for {@code serve}. */
  NoopWebhookProcess start(Duration readyWithin) throws Exception {
    process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + readyWithin.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("noop webhook exited with " + process.exitValue() + ": " + Files.readString(log));
      }
      try {
        HttpResponse<String> ready = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + httpPort + "/readyz")).build(), HttpResponse.BodyHandlers.ofString());
        if (ready.statusCode() == 200) {
          return this;
        }
      } catch (IOException notListening) {
        // starting
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("noop webhook not ready within " + readyWithin + ": " + Files.readString(log));
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      process.waitFor();
    }
  }
}
