package io.openova.dnsguard.testbench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A real PowerDNS Authoritative server (Debian {@code pdns-server} + {@code pdns-backend-sqlite3})
 * on free loopback ports, with the HTTP API on and a fresh SQLite database in its own directory.
 *
 * <p>It can be stopped and started again on the same ports and data, so tests can take it away
 * in the middle of a sync and give it back.
 */
public final class PowerDnsServer implements AutoCloseable {

  public static final String PDNS_SERVER = "/usr/sbin/pdns_server";
  public static final Path SQLITE_SCHEMA =
      Path.of("/usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql");
  private static final String INSTALL_HINT =
      "install Debian's pdns-server, pdns-backend-sqlite3 and sqlite3 (.ci/run and ./dnsguard test do it when run as root)";
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

  /**
   * Server settings that matter for dnsguard.
   *
   * @param apiRectify PowerDNS's {@code default-api-rectify}: the package default (true) rectifies
   *     the whole zone on every PATCH; dnsguard recommends false for zones without DNSSEC
   */
  public record Options(boolean apiRectify) {
    public static Options packageDefaults() {
      return new Options(true);
    }

    public static Options recommended() {
      return new Options(false);
    }
  }

  private final Path dir;
  private final Options options;
  private final int dnsPort = FreePorts.find(true);
  private final int apiPort = FreePorts.find(false);
  private final String apiKey = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private @Nullable Process process;

  private PowerDnsServer(Path dir, Options options) {
    this.dir = dir;
    this.options = options;
  }

  /** Creates a fresh database under {@code dir} and starts the server. */
  public static PowerDnsServer start(Path dir, Options options) {
    checkInstalled();
    PowerDnsServer server = new PowerDnsServer(dir, options);
    try {
      server.writeConfigAndDatabase();
      server.startProcess();
      return server;
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  public static PowerDnsServer start(Options options) {
    try {
      return start(Files.createTempDirectory("dnsguard-pdns-"), options);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void checkInstalled() {
    if (!Files.isExecutable(Path.of(PDNS_SERVER))) {
      throw new MissingPartException(PDNS_SERVER + " not found: " + INSTALL_HINT);
    }
    if (!Files.isRegularFile(SQLITE_SCHEMA)) {
      throw new MissingPartException(SQLITE_SCHEMA + " not found: " + INSTALL_HINT);
    }
    if (!Files.isExecutable(Path.of("/usr/bin/sqlite3"))) {
      throw new MissingPartException("/usr/bin/sqlite3 not found: " + INSTALL_HINT);
    }
  }

  /** The HTTP API's base address, e.g. {@code http://127.0.0.1:PORT}. */
  public URI apiUrl() {
    return URI.create("http://127.0.0.1:" + apiPort);
  }

  public String apiKey() {
    return apiKey;
  }

  /** The UDP/TCP port answering DNS queries on 127.0.0.1. */
  public int dnsPort() {
    return dnsPort;
  }

  public Path directory() {
    return dir;
  }

  public boolean isRunning() {
    Process p = process;
    return p != null && p.isAlive();
  }

  /** Stops the server (SIGTERM, then SIGKILL after 5 s) and keeps its data for {@link #restart}. */
  public void stop() {
    Process p = process;
    process = null;
    if (p == null) {
      return;
    }
    p.destroy();
    try {
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** Starts the server again on the same ports and database. */
  public void restart() {
    stop();
    startProcess();
  }

  /** Creates a native zone with an SOA and one NS record, as an operator would. */
  public void createZone(String zone) {
    String name = zone.endsWith(".") ? zone : zone + ".";
    String body = "{\"name\":\"" + name + "\",\"kind\":\"Native\",\"nameservers\":[\"ns1." + name + "\"]}";
    HttpResponse<String> response = api("POST", "/api/v1/servers/localhost/zones", body);
    if (response.statusCode() != 201) {
      throw new IllegalStateException("PowerDNS refused zone " + name + ": HTTP "
          + response.statusCode() + " " + response.body());
    }
  }

  /** Calls the HTTP API with the key; for fixtures, not for the product's provider. */
  public HttpResponse<String> api(String method, String path, @Nullable String jsonBody) {
    HttpRequest.Builder request = HttpRequest.newBuilder(apiUrl().resolve(path))
        .timeout(Duration.ofSeconds(60))
        .header("X-API-Key", apiKey)
        .header("Accept", "application/json");
    if (jsonBody == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException("PowerDNS API " + method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private void writeConfigAndDatabase() {
    try {
      Files.createDirectories(dir.resolve("sock"));
      Path db = dir.resolve("pdns.sqlite3");
      Process sqlite = new ProcessBuilder("/usr/bin/sqlite3", db.toString())
          .redirectInput(SQLITE_SCHEMA.toFile())
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("sqlite3.log").toFile())
          .start();
      if (!sqlite.waitFor(30, TimeUnit.SECONDS) || sqlite.exitValue() != 0) {
        throw new IllegalStateException("sqlite3 could not create " + db + ": " + tail(dir.resolve("sqlite3.log")));
      }
      Map<String, String> settings = new java.util.LinkedHashMap<>();
      settings.put("launch", "gsqlite3");
      settings.put("gsqlite3-database", db.toString());
      settings.put("gsqlite3-dnssec", "no");
      settings.put("local-address", "127.0.0.1");
      settings.put("local-port", Integer.toString(dnsPort));
      settings.put("api", "yes");
      settings.put("api-key", apiKey);
      settings.put("webserver", "yes");
      settings.put("webserver-address", "127.0.0.1");
      settings.put("webserver-port", Integer.toString(apiPort));
      settings.put("webserver-allow-from", "127.0.0.1");
      settings.put("webserver-max-bodysize", "32");
      settings.put("default-api-rectify", options.apiRectify() ? "yes" : "no");
      settings.put("guardian", "no");
      settings.put("daemon", "no");
      settings.put("write-pid", "no");
      settings.put("socket-dir", dir.resolve("sock").toString());
      settings.put("disable-syslog", "yes");
      settings.put("loglevel", "4");
      // Empty: otherwise it sends security-status queries to the internet.
      settings.put("security-poll-suffix", "");
      // Answers must reflect API writes at once, not after a cache expiry.
      settings.put("query-cache-ttl", "0");
      settings.put("negquery-cache-ttl", "0");
      settings.put("cache-ttl", "0");
      settings.put("zone-cache-refresh-interval", "0");
      String config = settings.entrySet().stream()
          .map(e -> e.getKey() + "=" + e.getValue())
          .collect(Collectors.joining("\n", "", "\n"));
      Files.writeString(dir.resolve("pdns.conf"), config);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare PowerDNS in " + dir, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private void startProcess() {
    List<String> command = new ArrayList<>(List.of(PDNS_SERVER, "--config-dir=" + dir));
    Path log = dir.resolve("pdns.log");
    try {
      process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .start();
    } catch (IOException e) {
      throw new MissingPartException("cannot start " + PDNS_SERVER + ": " + e.getMessage(), e);
    }
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      Process p = process;
      if (p == null || !p.isAlive()) {
        throw new IllegalStateException("pdns_server exited at start: " + tail(log));
      }
      try {
        if (api("GET", "/api/v1/servers/localhost", null).statusCode() == 200) {
          return;
        }
      } catch (UncheckedIOException notYet) {
        // not listening yet
      }
      sleep(Duration.ofMillis(50));
    }
    stop();
    throw new IllegalStateException("pdns_server API not up after " + STARTUP_TIMEOUT + ": " + tail(log));
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** Stops the server and deletes its directory. */
  @Override
  public void close() {
    stop();
    Files2.deleteRecursively(dir);
  }
}
