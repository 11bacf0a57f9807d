package io.openova.dnsguard.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerSet;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.TCPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.TLSRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.UDPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.openova.dnsguard.policies.claim.GatewayView;
import io.openova.dnsguard.policies.claim.SourceKind;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Informers on the kinds that claim DNS names (Gateway API HTTPRoute, GRPCRoute, TLSRoute,
 * TCPRoute and UDPRoute, Service, Ingress, external-dns DNSEndpoint: all of them, or those asked
 * for), on Namespaces, and on Gateways and ListenerSets when routes are watched (they decide a
 * route's names and targets: {@link #gatewayView()}), feeding one {@link SourceListener}.
 *
 * <p>Nothing here gives up or blocks for long: {@link #start} returns once the Namespaces' informer
 * has started, or after 2 s, and an informer whose list fails (time-out, API server overloaded or
 * down) retries with back-off for as long as it takes. A
 * kind the API server does not serve (404: no Gateway API or DNSEndpoint CRD installed) is left
 * out with a log line instead of blocking the cache sync forever. Waiting for the sync is never
 * fatal: {@link #awaitSynced} returns false on time-out and the caller stays not-ready — the
 * lesson of the seed's incident, where a hard-coded 60 s timeout crash-looped external-dns.
 */
public final class SourceInformers implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(SourceInformers.class.getName());

  /** How long {@link #start} waits for the Namespaces' informer to start before starting the others. */
  private static final Duration FIRST_LIST_WAIT = Duration.ofSeconds(2);

  /** The DNSEndpoint CRD of external-dns; there is no model class for it. */
  public static final ResourceDefinitionContext DNS_ENDPOINT = new ResourceDefinitionContext.Builder()
      .withGroup("externaldns.k8s.io").withVersion("v1alpha1").withKind("DNSEndpoint")
      .withPlural("dnsendpoints").withNamespaced(true).build();

  private static final String GATEWAY_API = "gateway.networking.k8s.io/v1";

  private final KubernetesClient client;
  private record Source(SharedIndexInformer<? extends HasMetadata> informer, String apiVersion, String kind) {}

  // Written by start while the first informers' events already arrive on fabric8's threads.
  private final List<Source> sources = new CopyOnWriteArrayList<>();
  private final List<SharedIndexInformer<?>> informers = new CopyOnWriteArrayList<>();
  private final List<CompletableFuture<Void>> starts = new CopyOnWriteArrayList<>();
  private final List<String> skipped = new CopyOnWriteArrayList<>();
  private volatile @Nullable SharedIndexInformer<Gateway> gateways;
  private volatile @Nullable SharedIndexInformer<ListenerSet> listenerSets;
  private volatile @Nullable SharedIndexInformer<Namespace> namespaces;

  public SourceInformers(KubernetesClient client) {
    this.client = client;
  }

  /**
   * Starts every informer; returns once the Namespaces' informer has started (its first list
   * answered, its watch open), or after at most 2 s (the other initial lists run, and are retried,
   * in the background).
   */
  public SourceInformers start(SourceListener listener, Duration resync) {
    return start(listener, resync, EnumSet.allOf(SourceKind.class));
  }

  /**
   * Starts the informers of {@code kinds}, of Namespaces, and of Gateways and ListenerSets when a
   * route kind is among them; returns once the Namespaces' informer has started, or after at most
   * 2 s ({@link #awaitFirstList}). Each kind costs a list and a watch (two TLS connections) at start-up
   * and its objects' memory for as long as it runs.
   */
  public SourceInformers start(SourceListener listener, Duration resync, Set<SourceKind> kinds) {
    long resyncMillis = resync.toMillis();
    namespaces = add("namespaces.v1", client.namespaces().runnableInformer(resyncMillis), namespaceHandler(listener));
    awaitFirstList(starts.getLast()); // the Namespaces', just added
    for (SourceKind kind : kinds) {
      Runnable watch = switch (kind) { // a switch expression: a kind added to SourceKind must be watched here
        case SERVICE -> () -> source("services.v1", client.services().inAnyNamespace().runnableInformer(resyncMillis),
            listener, "v1", kind);
        case INGRESS -> () -> source("ingresses.networking.k8s.io/v1", client.network().v1().ingresses()
            .inAnyNamespace().runnableInformer(resyncMillis), listener, "networking.k8s.io/v1", kind);
        case HTTP_ROUTE -> () -> route(HTTPRoute.class, listener, resyncMillis, kind);
        case GRPC_ROUTE -> () -> route(GRPCRoute.class, listener, resyncMillis, kind);
        case TLS_ROUTE -> () -> route(TLSRoute.class, listener, resyncMillis, kind);
        case TCP_ROUTE -> () -> route(TCPRoute.class, listener, resyncMillis, kind);
        case UDP_ROUTE -> () -> route(UDPRoute.class, listener, resyncMillis, kind);
        // Their specs held compact: at 50k names the generic maps were the reconciler's largest holder.
        case DNS_ENDPOINT -> () -> source("dnsendpoints.externaldns.k8s.io/v1alpha1",
            client.genericKubernetesResources(DNS_ENDPOINT).inAnyNamespace().runnableInformer(resyncMillis)
                .itemStore(new CompactingItemStore()), listener, "externaldns.k8s.io/v1alpha1", kind);
      };
      watch.run();
    }
    if (kinds.stream().anyMatch(SourceKind::isRoute)) {
      gateways = add("gateways." + GATEWAY_API, client.resources(Gateway.class).inAnyNamespace()
          .runnableInformer(resyncMillis), handler(listener, GATEWAY_API, "Gateway"));
      listenerSets = add("listenersets." + GATEWAY_API, client.resources(ListenerSet.class).inAnyNamespace()
          .runnableInformer(resyncMillis), handler(listener, GATEWAY_API, "ListenerSet"));
    }
    return this;
  }

  /**
   * Waits briefly for the first informer to start (list, then watch) before the others start, so
   * that they find a connection free and a TLS session ticket: a cold start measured 20 handshakes instead of 22
   * and 17 client-key signatures instead of 20 (each a full handshake's cost on the one event-loop
   * thread), and served 10,000 names 0.2–0.3 s sooner (BENCHMARKS.md). Slow or failing, the others
   * start after the wait as before.
   */
  private static void awaitFirstList(CompletableFuture<Void> firstList) {
    try {
      firstList.get(FIRST_LIST_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // Not started in time (it keeps retrying on its own): the others start now. (A start that fails
      // completes as null, see add, so ExecutionException does not come.)
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private <T extends HasMetadata> void route(Class<T> type, SourceListener listener, long resyncMillis,
      SourceKind kind) {
    source(kind.kind().toLowerCase(Locale.ROOT) + "s." + GATEWAY_API,
        client.resources(type).inAnyNamespace().runnableInformer(resyncMillis), listener, GATEWAY_API, kind);
  }

  private <T extends HasMetadata> void source(
      String resource, SharedIndexInformer<T> informer, SourceListener listener, String apiVersion, SourceKind kind) {
    sources.add(new Source(add(resource, informer, handler(listener, apiVersion, kind.kind())), apiVersion,
        kind.kind()));
  }

  private <T extends HasMetadata> SharedIndexInformer<T> add(
      String resource, SharedIndexInformer<T> informer, ResourceEventHandler<? super T> handler) {
    informer.addEventHandler(handler);
    informer.exceptionHandler((started, error) -> {
      if (error instanceof KubernetesClientException e && e.getCode() == 404) {
        skipped.add(resource);
        LOG.warning(() -> "not served by this API server, not watched: " + resource);
        return false;
      }
      LOG.warning(() -> "cannot list/watch " + resource + " (" + error + "); retrying with back-off");
      return true;
    });
    informers.add(informer);
    // A kind that is not served completes exceptionally (404): done, nothing to wait for.
    starts.add(informer.start().toCompletableFuture().exceptionally(error -> null));
    return informer;
  }

  /** Kinds left out because the API server does not serve them (known once their first list answered). */
  public List<String> skipped() {
    return List.copyOf(skipped);
  }

  /**
   * Waits up to {@code timeout} for every informer's first list; false when they have not synced
   * yet (they keep trying in the background).
   */
  public boolean awaitSynced(Duration timeout) throws InterruptedException {
    try {
      CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      LOG.warning(() -> "an informer failed its first list, retrying: " + e.getCause());
      return false;
    }
  }

  public boolean synced() {
    return starts.stream().allMatch(CompletableFuture::isDone);
  }

  /**
   * Every cached object of the kinds that claim names, with apiVersion and kind set (list items
   * come without them). A snapshot: later changes are not reflected.
   */
  public List<HasMetadata> objects() {
    List<HasMetadata> all = new ArrayList<>();
    for (Source source : sources) {
      for (HasMetadata object : source.informer().getStore().list()) {
        all.add(typed(object, source.apiVersion(), source.kind()));
      }
    }
    return all;
  }

  /** The cached Gateway {@code namespace/name}. */
  public Optional<Gateway> gateway(String namespace, String name) {
    return cached(gateways, namespace + "/" + name);
  }

  /**
   * The cached Gateways, ListenerSets and Namespace labels, as a route's attachment reads them (live:
   * each call reads the caches as they are then; empty before {@link #start}).
   */
  public GatewayView gatewayView() {
    return new GatewayView() {
      @Override
      public Optional<Gateway> gateway(String namespace, String name) {
        return cached(gateways, namespace + "/" + name);
      }

      @Override
      public Optional<ListenerSet> listenerSet(String namespace, String name) {
        return cached(listenerSets, namespace + "/" + name);
      }

      @Override
      public Optional<Map<String, String>> namespaceLabels(String namespace) {
        return cached(namespaces, namespace).map(ns -> ns.getMetadata().getLabels() == null
            ? Map.<String, String>of() : ns.getMetadata().getLabels());
      }
    };
  }

  /** The cached Gateway API routes (all kinds), typed: their names depend on Gateways and ListenerSets. */
  public List<HasMetadata> routes() {
    List<HasMetadata> routes = new ArrayList<>();
    for (Source source : sources) {
      if (SourceKind.of(source.apiVersion(), source.kind()).map(SourceKind::isRoute).orElse(false)) {
        for (HasMetadata route : source.informer().getStore().list()) {
          routes.add(typed(route, source.apiVersion(), source.kind()));
        }
      }
    }
    return routes;
  }

  private static <T> Optional<T> cached(@Nullable SharedIndexInformer<T> informer, String key) {
    return informer == null ? Optional.empty() : Optional.ofNullable(informer.getStore().getByKey(key));
  }

  private static <T extends HasMetadata> ResourceEventHandler<T> handler(
      SourceListener listener, String apiVersion, String kind) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T object) {
        listener.upserted(typed(object, apiVersion, kind));
      }

      @Override
      public void onUpdate(T oldObject, T newObject) {
        listener.upserted(typed(newObject, apiVersion, kind));
      }

      @Override
      public void onDelete(T object, boolean finalStateUnknown) {
        listener.deleted(typed(object, apiVersion, kind));
      }
    };
  }

  /** List items come without apiVersion/kind; the claim extractor dispatches on them. */
  private static <T extends HasMetadata> T typed(T object, String apiVersion, String kind) {
    if (object.getApiVersion() == null || object.getApiVersion().isEmpty()) {
      object.setApiVersion(apiVersion);
    }
    if (object.getKind() == null || object.getKind().isEmpty()) {
      if (object instanceof GenericKubernetesResource generic) {
        generic.setKind(kind);
      }
    }
    return object;
  }

  private static ResourceEventHandler<Namespace> namespaceHandler(SourceListener listener) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(Namespace namespace) {
        listener.namespaceUpserted(namespace);
      }

      @Override
      public void onUpdate(Namespace oldNamespace, Namespace namespace) {
        listener.namespaceUpserted(namespace);
      }

      @Override
      public void onDelete(Namespace namespace, boolean finalStateUnknown) {
        listener.namespaceDeleted(namespace);
      }
    };
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
  }
}
