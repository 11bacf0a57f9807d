package io.openova.dnsguard.reconciler.process;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.internal.SSLUtils;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * A slow API server as a client sees it: a plain-HTTP proxy on loopback in front of a real
 * kube-apiserver (it speaks TLS with the kubeconfig's client certificate upstream) that holds the
 * responses to some kinds of request ({@link Kind}, read from the request line) — a {@link
 * Slowness} says which and for how long:
 *
 * <ul>
 *   <li>{@link Slowness#coldStart}: the seed's fresh, CPU-saturated k3s. Until the mark, every
 *       non-watch GET (lists, gets, discovery) is answered no earlier than the mark; watches and
 *       writes pass at once; after the mark everything is normal.
 *   <li>{@link Slowness#listsUntil}: only lists are held until the mark — the first LIST takes
 *       that long; single-object reads (the serving-certificate Secret) and watches pass.
 *   <li>{@link Slowness#listsAndWatchesEach}: every LIST and every WATCH, for ever, is answered
 *       that long after it was sent (a watch's stream starts then and flows normally after).
 * </ul>
 */
public final class SlowListProxy implements AutoCloseable {
  private static final Pattern WATCH_PARAMETER = Pattern.compile("(^|&)watch=(true|1)(&|$)");
  private final ServerSocket server;
  private final SSLContext tls;
  private final String upstreamHost;
  private final int upstreamPort;
  private final Slowness slowness;
  private final long startedAt = System.nanoTime();
  public final AtomicInteger delayed = new AtomicInteger();
  /** Requests held, per kind. */
  public final Map<Kind, AtomicInteger> held = counters();
  /** Held requests whose response has started, per kind. */
  public final Map<Kind, AtomicInteger> released = counters();
  /** Watch connections the proxy ended (their lifetime was up). */
  public final AtomicInteger watchesEnded = new AtomicInteger();

  private static Map<Kind, AtomicInteger> counters() {
    Map<Kind, AtomicInteger> counters = new EnumMap<>(Kind.class);
    for (Kind kind : Kind.values()) {
      counters.put(kind, new AtomicInteger());
    }
    return counters;
  }

  /** A connection's current response hold: released at {@code releaseAt} (nanoTime; 0 for none). */
  private record Hold(long releaseAt, Kind kind) {
    static final Hold NONE = new Hold(0, Kind.OTHER);
  }

  /** What a request is, from its request line. */
  public enum Kind {
    /** A GET of a collection: {@code /api/v1/services}, {@code /apis/g/v/namespaces/ns/things}. */
    LIST,
    /** A GET with {@code watch=true} (or {@code watch=1}), over HTTP or a WebSocket upgrade. */
    WATCH,
    /** Any other GET: one object, a subresource, discovery. */
    GET,
    /** Writes and everything else. */
    OTHER;

    static Kind of(String requestLine) {
      String[] parts = requestLine.split(" ");
      if (!parts[0].equals("GET") || parts.length < 2) {
        return OTHER;
      }
      String target = parts[1];
      int query = target.indexOf('?');
      String path = query < 0 ? target : target.substring(0, query);
      if (query >= 0 && WATCH_PARAMETER.matcher(target.substring(query + 1)).find()) {
        return WATCH;
      }
      List<String> segments = new ArrayList<>(List.of(path.replaceAll("^/+|/+$", "").split("/+")));
      if (segments.size() >= 2 && segments.getFirst().equals("api")) {
        segments = segments.subList(2, segments.size()); // api/v1
      } else if (segments.size() >= 3 && segments.getFirst().equals("apis")) {
        segments = segments.subList(3, segments.size()); // apis/group/version
      } else {
        return GET; // discovery, /version, /openapi
      }
      boolean namespaced = segments.size() >= 3 && segments.getFirst().equals("namespaces");
      int resourceSegments = namespaced ? segments.size() - 2 : segments.size();
      return resourceSegments == 1 ? LIST : GET;
    }
  }

  /**
   * Which kinds are held, until when and for how long: a held response is released at the later
   * of {@code until} after the proxy started (only while that mark is ahead) and {@code each}
   * after its request arrived. A watch's connection is ended {@code watchLifetime} after its
   * response started (zero: never), as an API server ends watches after their time-out, so the
   * client has to watch again.
   */
  public record Slowness(Set<Kind> kinds, Duration until, Duration each, Duration watchLifetime) {
    public Slowness {
      kinds = Set.copyOf(kinds);
    }

    public static Slowness coldStart(Duration until) {
      return new Slowness(Set.of(Kind.LIST, Kind.GET), until, Duration.ZERO, Duration.ZERO);
    }

    public static Slowness listsUntil(Duration until) {
      return new Slowness(Set.of(Kind.LIST), until, Duration.ZERO, Duration.ZERO);
    }

    public static Slowness listsAndWatchesEach(Duration each) {
      return new Slowness(Set.of(Kind.LIST, Kind.WATCH), Duration.ZERO, each, Duration.ZERO);
    }

    public Slowness withWatchesEndedAfter(Duration lifetime) {
      return new Slowness(kinds, until, each, lifetime);
    }

    /** When the response to a request of {@code kind} arriving at {@code now} may start (0: at once). */
    long releaseAt(Kind kind, long startedAt, long now) {
      if (!kinds.contains(kind)) {
        return 0;
      }
      long mark = startedAt + until.toNanos();
      long release = Math.max(now < mark ? mark : 0, each.isZero() ? 0 : now + each.toNanos());
      return release > now ? release : 0;
    }
  }

  /** The seed's cold start: every non-watch GET held until {@code slowFor} has passed. */
  SlowListProxy(String upstreamKubeconfig, Duration slowFor) throws Exception {
    this(upstreamKubeconfig, Slowness.coldStart(slowFor));
  }

  public SlowListProxy(String upstreamKubeconfig, Slowness slowness) throws Exception {
    Config config = Config.fromKubeconfig(upstreamKubeconfig);
    URI upstream = URI.create(config.getMasterUrl());
    this.upstreamHost = upstream.getHost();
    this.upstreamPort = upstream.getPort();
    this.tls = SSLUtils.sslContext(config);
    this.slowness = slowness;
    this.server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().name("slow-proxy-accept").start(this::accept);
  }

  /** A kubeconfig for clients of the proxy: plain HTTP, no credentials (the proxy has them). */
  public String kubeconfig() {
    return """
        apiVersion: v1
        kind: Config
        clusters: [{name: slow, cluster: {server: "http://127.0.0.1:%d"}}]
        users: [{name: anonymous, user: {}}]
        contexts: [{name: slow, context: {cluster: slow, user: anonymous, namespace: default}}]
        current-context: slow
        """.formatted(server.getLocalPort());
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = tls.getSocketFactory().createSocket(upstreamHost, upstreamPort);
        AtomicReference<Hold> hold = new AtomicReference<>(Hold.NONE);
        Thread.ofVirtual().start(() -> responses(upstream, client, hold));
        Thread.ofVirtual().start(() -> requests(client, upstream, hold));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  /**
   * Forwards request after request at once; a held request's response is held until its release
   * time (the client sends no next request on a connection before it has the response, so the
   * hold applies to exactly that response). After an Upgrade, raw bytes.
   */
  private void requests(Socket client, Socket upstream, AtomicReference<Hold> hold) {
    try (client; upstream) {
      InputStream in = client.getInputStream();
      OutputStream out = upstream.getOutputStream();
      while (true) {
        byte[] head = readHead(in);
        if (head == null) {
          return;
        }
        String text = new String(head, StandardCharsets.ISO_8859_1);
        String firstLine = text.substring(0, text.indexOf("\r\n"));
        Kind kind = Kind.of(firstLine);
        long release = slowness.releaseAt(kind, startedAt, System.nanoTime());
        if (release != 0) {
          delayed.incrementAndGet();
          held.get(kind).incrementAndGet();
        }
        hold.set(new Hold(release, kind));
        if (kind == Kind.WATCH && !slowness.watchLifetime().isZero()) {
          long endAt = Math.max(release, System.nanoTime()) + slowness.watchLifetime().toNanos();
          Thread.ofVirtual().start(() -> end(client, upstream, endAt));
        }
        out.write(head);
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.contains("\r\nupgrade:")) {
          out.flush();
          in.transferTo(out);
          return;
        }
        long length = contentLength(lower);
        if (length > 0) {
          copyExactly(in, out, length);
        } else if (lower.contains("\r\ntransfer-encoding: chunked")) {
          copyChunked(in, out);
        }
        out.flush();
      }
    } catch (IOException e) {
      // connection closed
    }
  }

  /** Responses back to the client, each held until its request's release time. */
  private void responses(Socket upstream, Socket client, AtomicReference<Hold> hold) {
    try (upstream; client) {
      InputStream in = upstream.getInputStream();
      OutputStream out = client.getOutputStream();
      byte[] buffer = new byte[16384];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        Hold current = hold.get();
        if (current.releaseAt() != 0) {
          long wait = current.releaseAt() - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(Duration.ofNanos(wait));
          }
          if (hold.compareAndSet(current, Hold.NONE)) {
            released.get(current.kind()).incrementAndGet();
          }
        }
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      // closed
    }
  }

  /** Ends a watch's connection at {@code endAt}, as the API server ends a watch whose time is up. */
  private void end(Socket client, Socket upstream, long endAt) {
    try {
      Thread.sleep(Duration.ofNanos(Math.max(0, endAt - System.nanoTime())));
      if (!client.isClosed()) {
        watchesEnded.incrementAndGet();
      }
      client.close();
      upstream.close();
    } catch (IOException | InterruptedException e) {
      // already closed
    }
  }

  private static byte[] readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (true) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.write(b);
      matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3)) ? matched + 1 : (b == '\r' ? 1 : 0);
      if (matched == 4) {
        return head.toByteArray();
      }
    }
  }

  private static long contentLength(String lowerHead) {
    int at = lowerHead.indexOf("\r\ncontent-length:");
    if (at < 0) {
      return 0;
    }
    int end = lowerHead.indexOf("\r\n", at + 2);
    return Long.parseLong(lowerHead.substring(at + "\r\ncontent-length:".length(), end).trim());
  }

  private static void copyExactly(InputStream in, OutputStream out, long length) throws IOException {
    byte[] buffer = new byte[8192];
    long left = length;
    while (left > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        throw new IOException("body cut short");
      }
      out.write(buffer, 0, n);
      left -= n;
    }
  }

  private static void copyChunked(InputStream in, OutputStream out) throws IOException {
    while (true) {
      StringBuilder line = new StringBuilder();
      int b;
      while ((b = in.read()) != '\n') {
        if (b < 0) {
          throw new IOException("chunked body cut short");
        }
        line.append((char) b);
      }
      out.write((line + "\n").getBytes(StandardCharsets.ISO_8859_1));
      int size = Integer.parseInt(line.toString().trim().split(";")[0], 16);
      copyExactly(in, out, size + 2L); // data and its CRLF
      if (size == 0) {
        return;
      }
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
