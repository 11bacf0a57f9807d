package io.openova.dnsguard.testbench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * A hung API on loopback: it accepts every connection and never answers a byte (external-dns #6670:
 * its pdns provider waits for such a server for ever). Connections are held until {@link #close}.
 */
public final class HungServer implements AutoCloseable {
  private final ServerSocket server;
  private final List<Socket> held = new ArrayList<>();
  private final Thread acceptor;

  public HungServer() throws IOException {
    server = new ServerSocket(0, 256, InetAddress.getLoopbackAddress());
    acceptor = Thread.ofVirtual().name("hung-server").start(this::accept);
  }

  private void accept() {
    try {
      while (true) {
        Socket socket = server.accept();
        synchronized (held) {
          held.add(socket);
        }
      }
    } catch (IOException closed) {
      // close() was called
    }
  }

  /** {@code http://127.0.0.1:PORT}. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  /** How many connections it has accepted (and is holding). */
  public int accepted() {
    synchronized (held) {
      return held.size();
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    server.close();
    acceptor.join();
    synchronized (held) {
      for (Socket socket : held) {
        socket.close();
      }
    }
  }
}
