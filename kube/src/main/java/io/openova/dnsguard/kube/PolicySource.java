package io.openova.dnsguard.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.openova.dnsguard.policies.claim.KubernetesObjects;
import io.openova.dnsguard.policies.policy.PolicyEvaluator;
import io.openova.dnsguard.policies.policy.PolicyException;
import io.openova.dnsguard.policies.policy.PolicyLoader;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * The current policy: from a file (local runs) or from the cluster-scoped DNSPolicy resource,
 * watched so an edit takes effect without a restart. Same schema, same loader either way. A policy
 * edit that does not validate is refused and the last good one stays in force.
 */
public final class PolicySource implements Supplier<PolicyEvaluator>, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(PolicySource.class.getName());

  /** The cluster-scoped DNSPolicy custom resource. */
  public static final ResourceDefinitionContext DNS_POLICY = new ResourceDefinitionContext.Builder()
      .withGroup("dnsguard.openova.io").withVersion("v1alpha1").withKind("DNSPolicy")
      .withPlural("dnspolicies").withNamespaced(false).build();

  private final AtomicReference<PolicyEvaluator> current = new AtomicReference<>();
  private final AtomicReference<String> problem = new AtomicReference<>("no policy loaded yet");
  private volatile @Nullable Long loadedGeneration;
  private @Nullable SharedIndexInformer<GenericKubernetesResource> informer;

  private PolicySource() {}

  /** A policy file; failing to load it is a usage error at start. */
  public static PolicySource file(Path file) throws PolicyException {
    PolicySource source = new PolicySource();
    source.current.set(new PolicyEvaluator(PolicyLoader.load(file)));
    return source;
  }

  /**
   * The DNSPolicy named {@code name}, kept current by an informer. Returns at once: the first list
   * runs in the background and is retried with back-off for as long as it fails (a slow or
   * unreachable API server keeps the caller not-ready, it never ends the process).
   */
  public static PolicySource cluster(KubernetesClient client, String name) {
    PolicySource source = new PolicySource();
    source.informer = client.genericKubernetesResources(DNS_POLICY).withName(name).runnableInformer(0);
    source.informer.exceptionHandler((started, error) -> {
      LOG.warning(() -> "cannot read DNSPolicy " + name + " yet, retrying: " + error);
      return true;
    });
    source.informer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(GenericKubernetesResource policy) {
        source.load(policy);
      }

      @Override
      public void onUpdate(GenericKubernetesResource old, GenericKubernetesResource policy) {
        source.load(policy);
      }

      @Override
      public void onDelete(GenericKubernetesResource policy, boolean unknown) {
        LOG.warning(() -> "DNSPolicy " + name + " was deleted; keeping the last one in force");
      }
    });
    source.informer.start();
    return source;
  }

  private void load(GenericKubernetesResource policy) {
    String name = "DNSPolicy " + policy.getMetadata().getName();
    Long generation = policy.getMetadata().getGeneration();
    if (generation != null && generation.equals(loadedGeneration) && current.get() != null) {
      return; // a status update (the audit summary): the spec is the one in force
    }
    try {
      current.set(new PolicyEvaluator(PolicyLoader.fromTree(KubernetesObjects.mapper().valueToTree(policy), name)));
      problem.set("");
      loadedGeneration = generation;
      LOG.info(() -> "policy loaded from " + name + " (resourceVersion " + policy.getMetadata().getResourceVersion() + ")");
    } catch (PolicyException e) {
      problem.set(Objects.requireNonNullElse(e.getMessage(), "invalid policy"));
      LOG.severe(() -> "refused " + name + ", keeping the last good policy: " + e.getMessage());
    }
  }

  /** Why there is no policy yet, when there is none. */
  public Optional<String> missing() {
    return current.get() == null ? Optional.of(problem.get()) : Optional.empty();
  }

  /** The policy in force; callers check {@link #missing()} first (the webhook is not ready without one). */
  @Override
  public PolicyEvaluator get() {
    PolicyEvaluator evaluator = current.get();
    if (evaluator == null) {
      throw new IllegalStateException("no policy loaded: " + problem.get());
    }
    return evaluator;
  }

  @Override
  public void close() {
    if (informer != null) {
      informer.close();
    }
  }
}
