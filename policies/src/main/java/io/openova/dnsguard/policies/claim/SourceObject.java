package io.openova.dnsguard.policies.claim;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One object that may claim names, as the rule book reads it: what it is ({@code ref}), the
 * hostnames its spec holds with the field each came from, the external-dns annotations that claim
 * or qualify names, DNSEndpoint endpoints, and what a route's attachment reads. Made once per object,
 * from the review's token stream ({@link ClaimFieldsReader}) or from a fabric8 model object ({@link
 * #of(HasMetadata)}); claims are extracted from it ({@link ClaimExtractor}) and from nothing else.
 *
 * @param hostnames Ingress {@code spec.rules[i].host} and {@code spec.tls[i].hosts}, a route's
 *     {@code spec.hostnames}, in the object's order (as written: parsed when claims are extracted)
 * @param annotations only the external-dns annotations the rule book reads ({@link
 *     ExternalDnsAnnotations#CLAIM_KEYS}), under their full names
 * @param endpoints a DNSEndpoint's {@code spec.endpoints}
 * @param parentRefs a route's {@code spec.parentRefs}
 * @param statusParents a route's {@code status.parents} that name a parent
 */
public record SourceObject(
    ObjectRef ref,
    List<Host> hostnames,
    Map<String, String> annotations,
    List<Endpoint> endpoints,
    List<ParentReference> parentRefs,
    List<RouteParentStatus> statusParents) {

  public SourceObject {
    Objects.requireNonNull(ref, "ref");
    hostnames = List.copyOf(hostnames);
    annotations = Map.copyOf(annotations);
    endpoints = List.copyOf(endpoints);
    parentRefs = List.copyOf(parentRefs);
    statusParents = List.copyOf(statusParents);
  }

  /** A hostname as written and the field it is written in, e.g. {@code spec.rules[1].host}. */
  public record Host(String name, String field) {
    public Host {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(field, "field");
    }
  }

  /**
   * One of a DNSEndpoint's {@code spec.endpoints}, as written: {@code dnsName} and {@code recordType}
   * null when absent or not a string, {@code targets} as text, {@code recordTtl} null unless a number.
   */
  public record Endpoint(String field, @Nullable String dnsName, @Nullable String recordType, List<String> targets,
      @Nullable Number recordTtl) {
    public Endpoint {
      Objects.requireNonNull(field, "field");
      targets = List.copyOf(targets);
    }

    /** The endpoints of a {@code spec.endpoints} value read as lists and maps; none when it is not a list. */
    static List<Endpoint> listOf(@Nullable Object endpoints) {
      if (!(endpoints instanceof List<?> list)) {
        return List.of();
      }
      List<Endpoint> read = new ArrayList<>(list.size());
      for (int i = 0; i < list.size(); i++) {
        String field = "spec.endpoints[" + i + "]";
        if (!(list.get(i) instanceof Map<?, ?> endpoint)) {
          read.add(new Endpoint(field, null, null, List.of(), null));
          continue;
        }
        List<String> targets = endpoint.get("targets") instanceof List<?> values
            ? values.stream().map(String::valueOf).toList() : List.of();
        read.add(new Endpoint(field, endpoint.get("dnsName") instanceof String name ? name : null,
            endpoint.get("recordType") instanceof String type ? type : null, targets,
            endpoint.get("recordTTL") instanceof Number ttl ? ttl : null));
      }
      return read;
    }
  }

  /** The source of a fabric8 object (an informer's, a manifest's); empty when its kind claims no names. */
  public static Optional<SourceObject> of(HasMetadata object) {
    return ModelSourceReader.read(object);
  }

  /** The object's kind. */
  public SourceKind kind() {
    return ref.kind();
  }
}
