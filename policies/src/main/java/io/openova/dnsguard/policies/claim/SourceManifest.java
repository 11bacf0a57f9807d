package io.openova.dnsguard.policies.claim;

import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A {@link SourceObject} written as the smallest Kubernetes object that {@link ClaimFieldsReader}
 * reads back as the same record: what a webhook replica forwards to the replica deciding claims.
 * The apiVersion's version is not kept ({@code v1} is written): the rule book reads group and kind.
 */
public final class SourceManifest {
  private static final Pattern INGRESS_FIELD = Pattern.compile("spec\\.(rules|tls)\\[(\\d+)\\].*");

  private SourceManifest() {}

  public static ObjectNode of(SourceObject source) {
    JsonMapper json = KubernetesObjects.mapper();
    SourceKind kind = source.kind();
    ObjectNode object = json.createObjectNode()
        .put("apiVersion", kind.group().isEmpty() ? "v1" : kind.group() + "/v1").put("kind", kind.kind());
    ObjectRef ref = source.ref();
    ObjectNode metadata = object.putObject("metadata").put("name", ref.name()).put("namespace", ref.namespace());
    if (!ref.uid().isEmpty()) {
      metadata.put("uid", ref.uid());
    }
    if (ref.creationTimestamp() != null) {
      metadata.put("creationTimestamp", ref.creationTimestamp().toString());
    }
    if (!source.annotations().isEmpty()) {
      ObjectNode annotations = metadata.putObject("annotations");
      new TreeMap<>(source.annotations()).forEach(annotations::put);
    }
    ObjectNode spec = object.putObject("spec");
    switch (kind) {
      case INGRESS -> ingress(spec, source);
      case DNS_ENDPOINT -> {
        ArrayNode endpoints = spec.putArray("endpoints");
        for (SourceObject.Endpoint endpoint : source.endpoints()) {
          ObjectNode written = endpoints.addObject();
          if (endpoint.dnsName() != null) {
            written.put("dnsName", endpoint.dnsName());
          }
          if (endpoint.recordType() != null) {
            written.put("recordType", endpoint.recordType());
          }
          endpoint.targets().forEach(written.putArray("targets")::add);
          if (endpoint.recordTtl() != null) {
            written.set("recordTTL", json.valueToTree(endpoint.recordTtl()));
          }
        }
      }
      case HTTP_ROUTE, GRPC_ROUTE, TLS_ROUTE, TCP_ROUTE, UDP_ROUTE -> {
        ArrayNode hostnames = spec.putArray("hostnames");
        source.hostnames().forEach(host -> hostnames.add(host.name()));
        spec.set("parentRefs", json.valueToTree(source.parentRefs()));
        if (!source.statusParents().isEmpty()) {
          object.putObject("status").set("parents", json.valueToTree(source.statusParents()));
        }
      }
      case SERVICE -> {}
    }
    return object;
  }

  /** Each host back in the rule or TLS entry its field names; entries between them left empty. */
  private static void ingress(ObjectNode spec, SourceObject source) {
    ArrayNode rules = spec.putArray("rules");
    ArrayNode tls = spec.putArray("tls");
    for (SourceObject.Host host : source.hostnames()) {
      Matcher field = INGRESS_FIELD.matcher(host.field());
      if (!field.matches()) {
        throw new IllegalArgumentException("not an Ingress host field: " + host.field());
      }
      boolean rule = field.group(1).equals("rules");
      ArrayNode entries = rule ? rules : tls;
      int index = Integer.parseInt(field.group(2));
      while (entries.size() <= index) {
        entries.addObject();
      }
      ObjectNode entry = (ObjectNode) entries.get(index);
      if (rule) {
        entry.put("host", host.name());
      } else {
        (entry.has("hosts") ? (ArrayNode) entry.get("hosts") : entry.putArray("hosts")).add(host.name());
      }
    }
  }
}
