package io.openova.dnsguard.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Index.atIndex;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.openova.dnsguard.kube.KubeClients;
import io.openova.dnsguard.kube.SourceInformers;
import io.openova.dnsguard.kube.SourceListener;
import io.openova.dnsguard.testbench.KubeApiServer;
import io.openova.dnsguard.testbench.junit.RealKubeApiServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dnsguard's Kubernetes client against a real kube-apiserver, through a loopback TCP relay that
 * counts connections: watching every kind (lists, then a watch each) takes one TLS connection, its
 * watches streams of it (HTTP/2), and a watch still delivers events; a connection that goes silent
 * without closing (the relay drops its bytes) is given up after the quiet time, and the watches go
 * on over a new one. The API server encrypts with ChaCha20-Poly1305, which dnsguard offers first (read
 * from the ServerHello, which TLS sends in clear; a Go server with AES hardware would choose AES-GCM
 * for a client listing it first, as the JDK does). fabric8's default client, for contrast, opens a
 * connection per watch.
 */
@RealKubeApiServer
class ApiServerConnectionsTest {
  private static final Duration SYNC = Duration.ofSeconds(60);
  private static final int CHACHA20_POLY1305 = 0x1303;

  @Test
  void everyKindWatched_oneConnection_andWatchesDeliver(KubeApiServer server, KubernetesClient admin, @TempDir Path dir)
      throws Exception {
    try (Relay relay = Relay.to(server)) {
      Set<String> seen = ConcurrentHashMap.newKeySet();
      try (KubernetesClient client = relay.client(dir, config -> KubeClients.create(KubeClients.REQUEST));
          SourceInformers informers = new SourceInformers(client).start(namespaces(seen), Duration.ZERO)) {
        assertThat(informers.awaitSynced(SYNC)).as("informers synced").isTrue();
        assertSeenThroughTheWatch(admin, seen, "a namespace created after the lists");
        assertThat(relay.accepted.get()).as("connections for every list and watch").isEqualTo(1);
        assertThat(relay.cipherSuite()).as("the suite the API server chose (TLS_CHACHA20_POLY1305_SHA256)")
            .isEqualTo(CHACHA20_POLY1305);
      }
    }
  }

  @Test
  void connectionGoneSilent_closedAfterQuiet_watchesGoOnOverANewOne(KubeApiServer server, KubernetesClient admin,
      @TempDir Path dir) throws Exception {
    try (Relay relay = Relay.to(server)) {
      Set<String> seen = ConcurrentHashMap.newKeySet();
      try (KubernetesClient client = relay.client(dir,
              config -> KubeClients.create(KubeClients.REQUEST, new KubernetesSerialization(), Duration.ofSeconds(5)));
          SourceInformers informers = new SourceInformers(client).start(namespaces(seen), Duration.ZERO)) {
        assertThat(informers.awaitSynced(SYNC)).as("informers synced").isTrue();
        int before = relay.silence(); // what was open now drops every byte, both ways, and never closes
        assertSeenThroughTheWatch(admin, seen, "a namespace created after the connection went silent");
        assertThat(relay.accepted.get()).as("a new connection").isGreaterThan(before);
      }
    }
  }

  @Test
  void fabric8DefaultClient_aConnectionPerWatch(KubeApiServer server, @TempDir Path dir) throws Exception {
    try (Relay relay = Relay.to(server)) {
      try (KubernetesClient client = relay.client(dir, config -> new KubernetesClientBuilder().withConfig(config).build());
          SourceInformers informers = new SourceInformers(client).start(namespaces(ConcurrentHashMap.newKeySet()),
              Duration.ZERO)) {
        assertThat(informers.awaitSynced(SYNC)).as("informers synced").isTrue();
        assertThat(relay.accepted.get()).as("connections, HTTP/1.1 and WebSocket watches").isGreaterThan(3);
      }
    }
  }

  /** Creates a namespace of a new name, waits until {@code seen} holds it, and deletes it. */
  private static void assertSeenThroughTheWatch(KubernetesClient admin, Set<String> seen, String what)
      throws InterruptedException {
    String name = "connections-" + System.nanoTime();
    Namespace created = admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata()
        .build()).create();
    try {
      long deadline = System.nanoTime() + SYNC.toNanos();
      while (!seen.contains(name) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(seen).as(what + ", seen through the watch").contains(name);
    } finally {
      admin.namespaces().resource(created).delete();
    }
  }

  private static SourceListener namespaces(Set<String> seen) {
    return new SourceListener() {
      @Override
      public void upserted(HasMetadata object) {}

      @Override
      public void deleted(HasMetadata object) {}

      @Override
      public void namespaceUpserted(Namespace namespace) {
        seen.add(namespace.getMetadata().getName());
      }

      @Override
      public void namespaceDeleted(Namespace namespace) {}
    };
  }

  /** Relays loopback TCP connections to the API server, byte for byte (TLS passes through), counting them. */
  private static final class Relay implements AutoCloseable {
    final AtomicInteger accepted = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile int silenced; // connections numbered below it drop what they carry
    private final ByteArrayOutputStream serverHello = new ByteArrayOutputStream(); // the first connection's first bytes
    private final ServerSocket listening;
    private final KubeApiServer server;
    private final int upstream;

    private Relay(KubeApiServer server) throws IOException {
      this.server = server;
      this.upstream = URI.create(server.client().getConfiguration().getMasterUrl()).getPort();
      this.listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread.ofVirtual().start(this::accept);
    }

    static Relay to(KubeApiServer server) throws IOException {
      return new Relay(server);
    }

    /** A client made by {@code make} from a kubeconfig that points at the relay (the server's certificate names 127.0.0.1). */
    KubernetesClient client(Path dir, Function<Config, KubernetesClient> make) throws IOException {
      Path kubeconfig = dir.resolve("relay.kubeconfig");
      Files.writeString(kubeconfig, server.kubeconfig().replace(":" + upstream, ":" + listening.getLocalPort()));
      String before = System.getProperty("kubeconfig");
      System.setProperty("kubeconfig", kubeconfig.toString());
      try {
        return make.apply(Config.autoConfigure(null));
      } finally {
        if (before == null) {
          System.clearProperty("kubeconfig");
        } else {
          System.setProperty("kubeconfig", before);
        }
      }
    }

    private void accept() {
      while (!listening.isClosed()) {
        Socket in;
        try {
          in = listening.accept();
        } catch (IOException closed) {
          return;
        }
        int index = accepted.getAndIncrement();
        open.add(in);
        try {
          Socket out = new Socket(InetAddress.getLoopbackAddress(), upstream);
          open.add(out);
          Thread.ofVirtual().start(() -> copy(in, out, index, false));
          Thread.ofVirtual().start(() -> copy(out, in, index, index == 0));
        } catch (IOException refused) {
          closeQuietly(in); // this connection fails; the relay goes on
        }
      }
    }

    /** From now on the connections open so far drop every byte (a connection a NAT forgot); returns how many there were. */
    int silence() {
      silenced = accepted.get();
      return silenced;
    }

    /**
     * The cipher suite of the first connection's ServerHello: a handshake record (22) holding a
     * ServerHello (2), then the version (2 bytes), the random (32), the session id (its length, then
     * it) and the suite.
     */
    int cipherSuite() {
      byte[] hello;
      synchronized (serverHello) {
        hello = serverHello.toByteArray();
      }
      assertThat(hello).as("a TLS handshake record carrying a ServerHello").hasSizeGreaterThan(45)
          .startsWith((byte) 22).contains((byte) 2, atIndex(5));
      int suite = 5 + 4 + 2 + 32;
      suite += 1 + (hello[suite] & 0xff);
      assertThat(hello).as("a ServerHello up to its cipher suite").hasSizeGreaterThanOrEqualTo(suite + 2);
      return (hello[suite] & 0xff) << 8 | hello[suite + 1] & 0xff;
    }

    private void copy(Socket from, Socket to, int index, boolean keepStart) {
      byte[] buffer = new byte[16 * 1024];
      try (from; to) {
        for (int n = from.getInputStream().read(buffer); n >= 0; n = from.getInputStream().read(buffer)) {
          if (keepStart) {
            synchronized (serverHello) {
              serverHello.write(buffer, 0, Math.min(n, Math.max(0, 128 - serverHello.size())));
            }
          }
          if (index >= silenced) {
            to.getOutputStream().write(buffer, 0, n);
          }
        }
      } catch (IOException e) {
        // one side closed: the relay of this connection ends
      }
    }

    @Override
    public void close() throws IOException {
      listening.close();
      open.forEach(Relay::closeQuietly);
    }

    private static void closeQuietly(Socket socket) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }
}
