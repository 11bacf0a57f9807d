package io.openova.dnsguard.cli.sandbox;

import io.openova.dnsguard.commandline.Arguments;
import io.openova.dnsguard.commandline.Arguments.UsageException;
import io.openova.dnsguard.testbench.MissingPartException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code ./dnsguard up [--once] [--dir DIR] [--image BUNDLE]} and {@code ./dnsguard down [--dir DIR]}:
 * the local sandbox; with {@code --image}, serve and run start from an unpacked container image. Everything it starts is listed in {@code DIR/pids}; {@code down} stops those processes
 * by PID and removes {@code DIR}.
 */
public final class SandboxCommand {
  static final String DEFAULT_DIR = ".sandbox";

  private SandboxCommand() {}

  public static int up(List<String> args, PrintStream out, PrintStream err) {
    Arguments arguments;
    try {
      arguments = Arguments.parse(args, Set.of("--dir", "--image"), Set.of(), Set.of("--once"));
    } catch (UsageException e) {
      err.println("dnsguard up: " + e.getMessage() + "\nusage: dnsguard up [--once] [--dir DIR] [--image BUNDLE]");
      return 2;
    }
    Path home = home();
    Optional<Path> image = arguments.optional("--image").map(home::resolve);
    if (image.isPresent()) {
      if (!Files.isRegularFile(image.get().resolve("config.json"))) {
        err.println("dnsguard up: --image " + image.get() + " is not an unpacked image (no config.json; tools/image/check.sh makes one)");
        return 2;
      }
      System.setProperty(ChildProcess.IMAGE_PROPERTY, image.get().toString());
    }
    Path dir = home.resolve(arguments.optional("--dir").orElse(DEFAULT_DIR));
    Optional<Long> running = runningPid(dir);
    if (running.isPresent()) {
      err.println("dnsguard up: a sandbox is already running (pid " + running.get() + "); stop it with ./dnsguard down");
      return 2;
    }
    deleteRecursively(dir);
    // The API server's and the client's chatter would break the progress lines.
    java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.SEVERE);
    Sandbox sandbox = new Sandbox(home, dir, out);
    CountDownLatch stopped = new CountDownLatch(1);
    // Stopping keeps the directory (logs, kubeconfig) for a look afterwards; down removes it.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      sandbox.close();
      stopped.countDown();
    }, "sandbox-shutdown"));
    try {
      boolean ok = sandbox.up();
      if (arguments.flag("--once")) {
        out.println(ok ? "sandbox: every step did what it should" : "sandbox: some checks failed (see above; logs in " + dir + ")");
        if (ok) {
          sandbox.close();
          deleteRecursively(dir);
        }
        return ok ? 0 : 1;
      }
      out.println();
      out.println("sandbox ready; Ctrl-C (or ./dnsguard down in another shell) stops it");
      stopped.await();
      return ok ? 0 : 1;
    } catch (MissingPartException e) {
      err.println("dnsguard up: " + e.getMessage());
      return 2;
    } catch (SandboxException e) {
      err.println("dnsguard up: " + e.getMessage() + " (logs in " + dir + ")");
      return 1;
    } catch (Exception e) {
      err.println("dnsguard up: " + e.getClass().getSimpleName() + ": " + e.getMessage()
          + " (logs under " + dir + ")");
      return 1;
    }
  }

  public static int down(List<String> args, PrintStream out, PrintStream err) {
    Arguments arguments;
    try {
      arguments = Arguments.parse(args, Set.of("--dir"), Set.of(), Set.of());
    } catch (UsageException e) {
      err.println("dnsguard down: " + e.getMessage() + "\nusage: dnsguard down [--dir DIR]");
      return 2;
    }
    Path dir = home().resolve(arguments.optional("--dir").orElse(DEFAULT_DIR));
    if (!Files.isDirectory(dir)) {
      out.println("no sandbox at " + dir);
      return 0;
    }
    // The sandbox JVM comes first in the file: asked to stop, it stops its children in order;
    // whatever still runs after that is stopped by its own PID.
    List<ProcessHandle> alive = pids(dir).stream().map(ProcessHandle::of).flatMap(Optional::stream)
        .filter(ProcessHandle::isAlive).toList();
    for (ProcessHandle process : alive) {
      if (!process.isAlive()) {
        continue;
      }
      process.destroy();
      try {
        process.onExit().get(15, TimeUnit.SECONDS);
      } catch (Exception slow) {
        process.destroyForcibly();
      }
    }
    int stopped = alive.size();
    deleteRecursively(dir);
    out.println("sandbox stopped (" + stopped + " processes) and " + dir + " removed");
    return 0;
  }

  /** The repository root: set by ./dnsguard, else the working directory. */
  static Path home() {
    return Path.of(System.getProperty("dnsguard.home", ".")).toAbsolutePath().normalize();
  }

  private static List<Long> pids(Path dir) {
    Path file = dir.resolve("pids");
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    try (Stream<String> lines = Files.lines(file)) {
      return lines.map(String::trim).filter(l -> l.matches("[0-9]+")).map(Long::parseLong).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Optional<Long> runningPid(Path dir) {
    return pids(dir).stream().findFirst().filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
