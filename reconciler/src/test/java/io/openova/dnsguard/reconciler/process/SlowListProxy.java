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
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;

/**
 * A fresh, CPU-saturated API server as a client sees it (the seed's k3s): a plain-HTTP proxy on
 * loopback in front of a real kube-apiserver (it speaks TLS with the kubeconfig's client
 * certificate upstream). For its first {@code slowFor}, the response to every request whose first
 * line is a {@code GET} without {@code watch=} (lists, gets, discovery) is held until {@code
 * slowFor} has passed — the first lists wait the whole 90 s; watches and writes pass at once. Then
 * it answers normally, as the API server does once it reached steady state.
 *
 * <p>(A variant holding every list 90 s for ever, not only during the slow phase, did not sync
 * within the minutes tried; why was not investigated — see the report.)
 */
final class SlowListProxy implements AutoCloseable {
  private final ServerSocket server;
  private final SSLContext tls;
  private final String upstreamHost;
  private final int upstreamPort;
  private final long slowUntil;
  final AtomicInteger delayed = new AtomicInteger();

  SlowListProxy(String upstreamKubeconfig, Duration slowFor) throws Exception {
    Config config = Config.fromKubeconfig(upstreamKubeconfig);
    URI upstream = URI.create(config.getMasterUrl());
    this.upstreamHost = upstream.getHost();
    this.upstreamPort = upstream.getPort();
    this.tls = SSLUtils.sslContext(config);
    this.slowUntil = System.nanoTime() + slowFor.toNanos();
    this.server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().name("slow-proxy-accept").start(this::accept);
  }

  /** A kubeconfig for clients of the proxy: plain HTTP, no credentials (the proxy has them). */
  String kubeconfig() {
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
        AtomicLong releaseAt = new AtomicLong();
        Thread.ofVirtual().start(() -> responses(upstream, client, releaseAt));
        Thread.ofVirtual().start(() -> requests(client, upstream, releaseAt));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  /**
   * Forwards request after request at once; for a non-watch GET the response is held until
   * {@code slowFor} after the proxy started (the client sends no next request before it has the response,
   * so the hold applies to exactly that response). After an Upgrade, raw bytes.
   */
  private void requests(Socket client, Socket upstream, AtomicLong releaseAt) {
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
        boolean hold = firstLine.startsWith("GET ") && !firstLine.contains("watch=");
        if (hold && System.nanoTime() < slowUntil) {
          delayed.incrementAndGet();
        }
        releaseAt.set(hold && System.nanoTime() < slowUntil ? slowUntil : 0);
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
  private static void responses(Socket upstream, Socket client, AtomicLong releaseAt) {
    try (upstream; client) {
      InputStream in = upstream.getInputStream();
      OutputStream out = client.getOutputStream();
      byte[] buffer = new byte[16384];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        long wait = releaseAt.get() - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(Duration.ofNanos(wait));
        }
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      // closed
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
