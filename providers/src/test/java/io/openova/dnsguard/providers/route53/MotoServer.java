package io.openova.dnsguard.providers.route53;

import io.openova.dnsguard.testbench.MissingPartException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * moto's server mode (a local emulator of the AWS APIs, Route53 included) on a free loopback port:
 * {@code python3 -m moto.server -H 127.0.0.1 -p PORT}, started and waited for until it answers.
 * When moto is not installed the test fails with the command that installs it, never skips.
 */
final class MotoServer implements AutoCloseable {

  private static final String PYTHON = System.getenv().getOrDefault("DNSGUARD_PYTHON", "python3");
  private static final String INSTALL_HINT = "install it with tools/setup.sh (or: " + PYTHON
      + " -m pip install 'moto[server]')";
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

  private final int port;
  private final Process process;
  private final Path log;

  private MotoServer(int port, Process process, Path log) {
    this.port = port;
    this.process = process;
    this.log = log;
  }

  static MotoServer start() {
    requireMoto();
    int port = freePort();
    try {
      Path log = Files.createTempFile("moto-" + port + "-", ".log");
      Process process = new ProcessBuilder(PYTHON, "-m", "moto.server", "-H", "127.0.0.1", "-p", Integer.toString(port))
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
      MotoServer server = new MotoServer(port, process, log);
      server.awaitAnswer();
      return server;
    } catch (IOException e) {
      throw new MissingPartException("cannot start moto's server with " + PYTHON + ": " + e.getMessage() + "; "
          + INSTALL_HINT, e);
    }
  }

  private static void requireMoto() {
    try {
      Process check = new ProcessBuilder(PYTHON, "-c", "import moto, moto.server; print(moto.__version__)")
          .redirectErrorStream(true).start();
      String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!check.waitFor(60, TimeUnit.SECONDS) || check.exitValue() != 0) {
        throw new MissingPartException("moto's server mode is not installed for " + PYTHON + " (" + lastLine(out)
            + "); " + INSTALL_HINT);
      }
    } catch (IOException e) {
      throw new MissingPartException(PYTHON + " is not on this machine: " + e.getMessage() + "; " + INSTALL_HINT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void awaitAnswer() {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new MissingPartException("moto's server exited with " + process.exitValue() + ": " + logTail());
      }
      try {
        http.send(HttpRequest.newBuilder(uri().resolve("/moto-api/")).timeout(Duration.ofSeconds(2)).GET().build(),
            HttpResponse.BodyHandlers.discarding());
        return;
      } catch (IOException notYet) {
        sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    close();
    throw new MissingPartException("moto's server did not answer on port " + port + " within "
        + STARTUP_TIMEOUT.toSeconds() + " s: " + logTail());
  }

  /** {@code http://127.0.0.1:PORT} */
  URI uri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      Files.deleteIfExists(log);
    } catch (IOException ignored) {
      // a temp file left behind is harmless
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String lastLine(String text) {
    String[] lines = text.split("\n");
    return lines[lines.length - 1];
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** One moto server per test class: a {@code MotoServer} parameter is injected, stopped after the class. */
  static final class Extension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MotoServer.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == MotoServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      ExtensionContext classContext = context.getTestMethod().isPresent() ? context.getParent().orElseThrow() : context;
      return classContext.getStore(NAMESPACE)
          .getOrComputeIfAbsent("moto", key -> new Closing(MotoServer.start()), Closing.class)
          .server();
    }

    private record Closing(MotoServer server) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
      @Override
      public void close() {
        server.close();
      }
    }
  }
}
