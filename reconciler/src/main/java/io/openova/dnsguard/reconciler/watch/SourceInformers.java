package io.openova.dnsguard.reconciler.watch;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/**
 * Informers on every kind that claims DNS names (Gateway API HTTPRoute and GRPCRoute, Service,
 * Ingress, external-dns DNSEndpoint) and on Namespaces, feeding one {@link SourceListener}.
 *
 * <p>Kinds the API server does not serve (no Gateway API or DNSEndpoint CRD installed) are left
 * out with a log line instead of blocking the cache sync forever. Waiting for the sync is never
 * fatal: {@link #awaitSynced} returns false on time-out and the caller stays not-ready — the
 * lesson of the seed's incident, where a hard-coded 60 s timeout crash-looped external-dns.
 */
public final class SourceInformers implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(SourceInformers.class.getName());

  /** The DNSEndpoint CRD of external-dns; there is no model class for it. */
  public static final ResourceDefinitionContext DNS_ENDPOINT = new ResourceDefinitionContext.Builder()
      .withGroup("externaldns.k8s.io").withVersion("v1alpha1").withKind("DNSEndpoint")
      .withPlural("dnsendpoints").withNamespaced(true).build();

  private final KubernetesClient client;
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private final List<CompletableFuture<Void>> starts = new ArrayList<>();
  private final List<String> skipped = new ArrayList<>();

  public SourceInformers(KubernetesClient client) {
    this.client = client;
  }

  /** Starts every informer; returns at once (the initial lists run in the background). */
  public SourceInformers start(SourceListener listener, Duration resync) {
    long resyncMillis = resync.toMillis();
    add(client.namespaces().runnableInformer(resyncMillis), namespaceHandler(listener));
    add(client.services().inAnyNamespace().runnableInformer(resyncMillis), handler(listener, "v1", "Service"));
    add(client.network().v1().ingresses().inAnyNamespace()
        .runnableInformer(resyncMillis), handler(listener, "networking.k8s.io/v1", "Ingress"));
    if (served("gateway.networking.k8s.io/v1", "httproutes")) {
      add(client.resources(HTTPRoute.class).inAnyNamespace()
          .runnableInformer(resyncMillis), handler(listener, "gateway.networking.k8s.io/v1", "HTTPRoute"));
    }
    if (served("gateway.networking.k8s.io/v1", "grpcroutes")) {
      add(client.resources(GRPCRoute.class).inAnyNamespace()
          .runnableInformer(resyncMillis), handler(listener, "gateway.networking.k8s.io/v1", "GRPCRoute"));
    }
    if (served("externaldns.k8s.io/v1alpha1", "dnsendpoints")) {
      add(client.genericKubernetesResources(DNS_ENDPOINT).inAnyNamespace()
          .runnableInformer(resyncMillis), handler(listener, "externaldns.k8s.io/v1alpha1", "DNSEndpoint"));
    }
    if (!skipped.isEmpty()) {
      LOG.warning(() -> "not served by this API server, not watched: " + String.join(", ", skipped));
    }
    return this;
  }

  private <T extends HasMetadata> void add(SharedIndexInformer<T> informer, ResourceEventHandler<? super T> handler) {
    informer.addEventHandler(handler);
    informers.add(informer);
    starts.add(informer.start().toCompletableFuture());
  }

  /** Kinds left out because the API server does not serve them. */
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
    return informers.stream().allMatch(SharedIndexInformer::hasSynced);
  }

  private boolean served(String groupVersion, String plural) {
    try {
      var resources = client.getApiResources(groupVersion);
      if (resources != null && resources.getResources().stream().anyMatch(r -> plural.equals(r.getName()))) {
        return true;
      }
    } catch (RuntimeException notFound) {
      // 404: the group is not installed
    }
    skipped.add(plural + "." + groupVersion);
    return false;
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
