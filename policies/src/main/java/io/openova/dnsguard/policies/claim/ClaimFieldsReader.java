package io.openova.dnsguard.policies.claim;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRouteSpec;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteSpec;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatus;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressSpec;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;

/**
 * Reads, in the one streaming pass over an admission review, the parts of an object the rule book
 * reads: {@code apiVersion}, {@code kind}, the metadata that names the object and its annotations,
 * and the spec fields that hold hostnames (route {@code hostnames} and {@code parentRefs}, Ingress
 * {@code rules[].host} and {@code tls[].hosts}, DNSEndpoint {@code endpoints}; a Gateway's or
 * ListenerSet's {@code listeners}, {@code allowedListeners} and {@code parentRef}, which decide the
 * names of the routes attached to them). The rest (route rules, pod templates, managedFields) is
 * skipped, not bound: binding whole objects to the fabric8 model was most of the webhook's time per
 * review. An object of a claiming kind becomes its {@link SourceObject} straight from the tokens.
 *
 * <p>The fabric8 adapter ({@link SourceObject#of}) must give the same record: a property test checks
 * that both give equal records, and the claims binding the whole object gave.
 */
public final class ClaimFieldsReader {
  /** Reads one value in the middle of a document: what follows it is the enclosing review's. */
  private static final ObjectReader UNTYPED = KubernetesObjects.mapper().readerFor(Object.class)
      .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private static final tools.jackson.databind.JavaType PARENT_REFS =
      KubernetesObjects.mapper().getTypeFactory().constructCollectionType(List.class, ParentReference.class);
  private static final tools.jackson.databind.JavaType STATUS_PARENTS =
      KubernetesObjects.mapper().getTypeFactory().constructCollectionType(List.class, RouteParentStatus.class);

  private ClaimFieldsReader() {}

  /** What one object of a review is to the rule book. */
  public sealed interface Read {
    /** An object of a kind that claims names; {@code namespaceWritten} false when the object left it out. */
    record Source(SourceObject object, boolean namespaceWritten) implements Read {
      /** The object, in {@code requestNamespace} when it did not say its own (an admission request's namespace). */
      public SourceObject in(@Nullable String requestNamespace) {
        if (namespaceWritten || requestNamespace == null || requestNamespace.isBlank()) {
          return object;
        }
        ObjectRef ref = object.ref();
        return new SourceObject(new ObjectRef(ref.kind(), requestNamespace, ref.name(), ref.uid(), ref.creationTimestamp()),
            object.hostnames(), object.annotations(), object.endpoints(), object.parentRefs(), object.statusParents());
      }
    }

    /** A Gateway or ListenerSet: claims nothing, decides the names of the routes attached to it. */
    record Parent(HasMetadata model) implements Read {}

    /** Any other kind: claims nothing. */
    record Other(String apiVersion, String kind) implements Read {}
  }

  /**
   * Reads the object at the parser's {@code START_OBJECT} and leaves the parser at its end, also
   * when the object does not fit (then {@link IllegalArgumentException} names the first field that
   * does not), so the enclosing document can still be read.
   */
  public static Read read(JsonParser p) {
    Fields fields = new Fields("", "", true);
    fields.readObject(p);
    if (fields.problem != null) {
      throw new IllegalArgumentException(fields.problem);
    }
    return fields.toRead();
  }

  /**
   * The fields read as a fabric8 object, as an informer's cache holds it: for an object whose kind is
   * known from where it is read (an item of a list), {@code apiVersion} and {@code kind} are taken
   * when the object does not say them. Metadata a cache needs is kept (resourceVersion, labels,
   * deletionTimestamp); status is not read.
   */
  public static HasMetadata readModel(JsonParser p, String apiVersion, String kind) {
    Fields fields = new Fields(apiVersion, kind, false);
    fields.readObject(p);
    if (fields.problem != null) {
      throw new IllegalArgumentException(fields.problem);
    }
    return fields.toModel();
  }

  /** What has been read so far; the first problem wins and the rest of the object is skipped. */
  private static final class Fields {
    private String apiVersion;
    private String kind;
    /** Reads {@code status.parents} too: what the reconciler's attachment reads of a route. */
    private final boolean withStatus;
    private final ObjectMeta metadata = new ObjectMeta();
    private boolean hasSpec;
    private @Nullable List<String> hostnames;
    private @Nullable List<IngressRule> rules;
    private @Nullable List<IngressTLS> tls;
    private @Nullable Object endpoints;
    private @Nullable Object statusParents;
    /** Gateway API attachment fields, small: read whole as lists and maps, bound to the model in toModel(). */
    private final Map<String, Object> gatewayFields = new LinkedHashMap<>();
    private @Nullable String problem;

    Fields(String apiVersion, String kind, boolean withStatus) {
      this.apiVersion = apiVersion;
      this.kind = kind;
      this.withStatus = withStatus;
    }

    void readObject(JsonParser p) {
      while (p.nextToken() == JsonToken.PROPERTY_NAME) {
        String field = p.currentName();
        p.nextToken();
        switch (field) {
          case "apiVersion" -> apiVersion = orEmpty(string(p, "apiVersion"));
          case "kind" -> kind = orEmpty(string(p, "kind"));
          case "metadata" -> readMetadata(p);
          case "spec" -> readSpec(p);
          case "status" -> {
            if (withStatus && p.currentToken() == JsonToken.START_OBJECT) { // what else it is, is not ours to judge
              readStatus(p);
            } else {
              p.skipChildren();
            }
          }
          default -> p.skipChildren();
        }
      }
    }

    private void readStatus(JsonParser p) {
      while (p.nextToken() == JsonToken.PROPERTY_NAME) {
        String field = p.currentName();
        p.nextToken();
        if (field.equals("parents")) {
          statusParents = UNTYPED.readValue(p);
        } else {
          p.skipChildren();
        }
      }
    }

    private void readMetadata(JsonParser p) {
      if (!startObject(p, "metadata")) {
        return;
      }
      while (p.nextToken() == JsonToken.PROPERTY_NAME) {
        String field = p.currentName();
        p.nextToken();
        switch (field) {
          case "name" -> metadata.setName(string(p, "metadata.name"));
          case "namespace" -> metadata.setNamespace(string(p, "metadata.namespace"));
          case "uid" -> metadata.setUid(string(p, "metadata.uid"));
          case "creationTimestamp" -> metadata.setCreationTimestamp(string(p, "metadata.creationTimestamp"));
          // What a cache of objects needs besides: the version a watch resumes from, the labels
          // selectors match, whether the object is going away.
          case "resourceVersion" -> metadata.setResourceVersion(string(p, "metadata.resourceVersion"));
          case "deletionTimestamp" -> metadata.setDeletionTimestamp(string(p, "metadata.deletionTimestamp"));
          case "labels" -> metadata.setLabels(annotations(p, "metadata.labels"));
          case "annotations" -> metadata.setAnnotations(annotations(p, "metadata.annotations"));
          default -> p.skipChildren();
        }
      }
    }

    /** A map of strings: annotations or labels. */
    private @Nullable Map<String, String> annotations(JsonParser p, String path) {
      if (!startObject(p, path)) {
        return null;
      }
      Map<String, String> annotations = new LinkedHashMap<>();
      while (p.nextToken() == JsonToken.PROPERTY_NAME) {
        String key = p.currentName();
        p.nextToken();
        annotations.put(key, string(p, path + "[" + key + "]"));
      }
      return annotations;
    }

    private void readSpec(JsonParser p) {
      if (!startObject(p, "spec")) {
        return;
      }
      hasSpec = true;
      while (p.nextToken() == JsonToken.PROPERTY_NAME) {
        String field = p.currentName();
        p.nextToken();
        switch (field) {
          case "hostnames" -> hostnames = strings(p, "spec.hostnames");
          case "rules" -> rules = elements(p, "spec.rules", (parser, path) -> {
            IngressRule rule = new IngressRule();
            rule.setHost(field(parser, path, "host", this::string));
            return rule;
          });
          case "tls" -> tls = elements(p, "spec.tls", (parser, path) -> {
            IngressTLS entry = new IngressTLS();
            entry.setHosts(field(parser, path, "hosts", this::strings));
            return entry;
          });
          // Few and small, read whole as DnsEndpointReader expects them: lists and maps.
          case "endpoints" -> endpoints = UNTYPED.readValue(p);
          case "parentRefs", "parentRef", "listeners", "allowedListeners" -> {
            Object value = UNTYPED.readValue(p);
            if (value != null) {
              gatewayFields.put(field, value);
            }
          }
          default -> p.skipChildren();
        }
      }
    }

    private interface ElementReader<T> {
      @Nullable T read(JsonParser p, String path);
    }

    private <T> @Nullable List<T> elements(JsonParser p, String path, ElementReader<T> element) {
      if (!startArray(p, path)) {
        return null;
      }
      List<T> list = new ArrayList<>();
      for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
        list.add(element.read(p, path + "[" + i + "]"));
      }
      return list;
    }

    /** One field of the object at the parser (an element of a list), read by {@code value}; null when absent. */
    private <T> @Nullable T field(JsonParser p, String path, String name, ElementReader<T> value) {
      T found = null;
      if (startObject(p, path)) {
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
          String field = p.currentName();
          p.nextToken();
          if (field.equals(name)) {
            found = value.read(p, path + "." + name);
          } else {
            p.skipChildren();
          }
        }
      }
      return found;
    }

    private @Nullable List<String> strings(JsonParser p, String path) {
      if (!startArray(p, path)) {
        return null;
      }
      List<String> list = new ArrayList<>();
      for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
          mismatch(p, path + "[" + i + "]", "a string");
        } else {
          list.add(string(p, path + "[" + i + "]"));
        }
      }
      return list;
    }

    /** A string; numbers and booleans as their text, as Jackson's binding coerces them. */
    private @Nullable String string(JsonParser p, String path) {
      return switch (p.currentToken()) {
        case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> p.getString();
        case VALUE_NULL -> null;
        default -> {
          mismatch(p, path, "a string");
          yield null;
        }
      };
    }

    private boolean startObject(JsonParser p, String path) {
      return start(p, path, JsonToken.START_OBJECT, "an object");
    }

    private boolean startArray(JsonParser p, String path) {
      return start(p, path, JsonToken.START_ARRAY, "a list");
    }

    /** True at {@code expected}; false for null, and for anything else with the problem noted and the value skipped. */
    private boolean start(JsonParser p, String path, JsonToken expected, String description) {
      JsonToken token = p.currentToken();
      if (token == expected) {
        return true;
      }
      if (token != JsonToken.VALUE_NULL) {
        mismatch(p, path, description);
      }
      return false;
    }

    private void mismatch(JsonParser p, String path, String expected) {
      if (problem == null) {
        problem = path + " must be " + expected + ", not " + describe(p.currentToken());
      }
      p.skipChildren();
    }

    private static String describe(JsonToken token) {
      return switch (token) {
        case START_OBJECT -> "an object";
        case START_ARRAY -> "a list";
        case VALUE_STRING -> "a string";
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
        case VALUE_TRUE, VALUE_FALSE -> "a boolean";
        case VALUE_NULL -> "null";
        default -> token.name();
      };
    }

    Read toRead() {
      if (apiVersion.isEmpty() || kind.isEmpty()) {
        throw new IllegalArgumentException("object has no apiVersion/kind");
      }
      Optional<SourceKind> sourceKind = SourceKind.of(apiVersion, kind);
      if (sourceKind.isPresent()) {
        return new Read.Source(toSource(sourceKind.get()), metadata.getNamespace() != null
            && !metadata.getNamespace().isBlank());
      }
      return KubernetesObjects.isGatewayOrListenerSet(apiVersion, kind)
          ? new Read.Parent(toModel()) : new Read.Other(apiVersion, kind);
    }

    /** The fields as the rule book's record: no fabric8 object in between. */
    private SourceObject toSource(SourceKind sourceKind) {
      ObjectRef ref = ClaimExtractor.refOf(sourceKind, metadata);
      Map<String, String> kept = ExternalDnsAnnotations.claimAnnotations(
          metadata.getAnnotations() == null ? Map.of() : metadata.getAnnotations());
      List<SourceObject.Host> hosts = new ArrayList<>();
      List<ParentReference> parentRefs = List.of();
      List<RouteParentStatus> parents = List.of();
      switch (sourceKind) {
        case INGRESS -> {
          for (int i = 0; rules != null && i < rules.size(); i++) {
            String host = rules.get(i).getHost();
            if (host != null && !host.isEmpty()) { // a rule without host is a catch-all, not a DNS name
              hosts.add(new SourceObject.Host(host, "spec.rules[" + i + "].host"));
            }
          }
          for (int i = 0; tls != null && i < tls.size(); i++) {
            for (String host : tls.get(i).getHosts() == null ? List.<String>of() : tls.get(i).getHosts()) {
              hosts.add(new SourceObject.Host(host, "spec.tls[" + i + "].hosts"));
            }
          }
        }
        case HTTP_ROUTE, GRPC_ROUTE, TLS_ROUTE, TCP_ROUTE, UDP_ROUTE -> {
          if (sourceKind != SourceKind.TCP_ROUTE && sourceKind != SourceKind.UDP_ROUTE) {
            hosts.addAll(ModelSourceReader.routeHosts(hostnames));
          }
          parentRefs = parentRefs();
          parents = this.<RouteParentStatus>bound(statusParents, STATUS_PARENTS, "status.parents").stream()
              .filter(parent -> parent != null && parent.getParentRef() != null).toList();
        }
        case SERVICE, DNS_ENDPOINT -> {}
      }
      List<SourceObject.Endpoint> read = sourceKind == SourceKind.DNS_ENDPOINT && hasSpec
          ? SourceObject.Endpoint.listOf(endpoints) : List.of();
      return new SourceObject(ref, hosts, kept, read, parentRefs, parents);
    }

    /**
     * A route's parentRefs: built directly when each holds only a reference's own fields (binding
     * through a map cost more than reading the object), else bound, which says what does not fit.
     */
    private List<ParentReference> parentRefs() {
      Object value = gatewayFields.get("parentRefs");
      if (value instanceof List<?> list) {
        List<ParentReference> refs = new ArrayList<>(list.size());
        for (Object element : list) {
          ParentReference ref = parentRef(element);
          if (ref == null) {
            return bound(value, PARENT_REFS, "spec.parentRefs");
          }
          refs.add(ref);
        }
        return refs;
      }
      return bound(value, PARENT_REFS, "spec.parentRefs");
    }

    /** A small list read as lists and maps, bound to its model class; nulls left out. */
    private <T> List<T> bound(@Nullable Object value, tools.jackson.databind.JavaType type, String path) {
      if (value == null) {
        return List.of();
      }
      try {
        List<T> list = KubernetesObjects.mapper().convertValue(value, type);
        return list.stream().filter(java.util.Objects::nonNull).toList();
      } catch (IllegalArgumentException | tools.jackson.core.JacksonException e) {
        throw new IllegalArgumentException(kind + " " + path + " does not fit: " + e.getMessage());
      }
    }

    HasMetadata toModel() {
      if (apiVersion.isEmpty() || kind.isEmpty()) {
        throw new IllegalArgumentException("object has no apiVersion/kind");
      }
      HasMetadata model = switch (SourceKind.of(apiVersion, kind).orElse(null)) {
        case HTTP_ROUTE, GRPC_ROUTE, TLS_ROUTE, TCP_ROUTE, UDP_ROUTE -> gatewayApi(KubernetesObjects.modelClass(apiVersion, kind));
        case INGRESS -> {
          Ingress ingress = new Ingress();
          if (hasSpec) {
            ingress.setSpec(new IngressSpec());
            ingress.getSpec().setRules(rules);
            ingress.getSpec().setTls(tls);
          }
          yield ingress;
        }
        case SERVICE -> new Service(); // annotations only
        case DNS_ENDPOINT -> generic();
        case null -> KubernetesObjects.isGatewayOrListenerSet(apiVersion, kind)
            ? gatewayApi(KubernetesObjects.modelClass(apiVersion, kind))
            : generic(); // a kind that claims nothing
      };
      model.setApiVersion(apiVersion);
      model.setMetadata(metadata);
      if (model instanceof GenericKubernetesResource resource) {
        resource.setKind(kind);
      }
      return model;
    }

    /** A route, Gateway or ListenerSet: the fields read, bound to its model class (they are few and small). */
    private HasMetadata gatewayApi(Class<? extends HasMetadata> type) {
      HasMetadata built = route(type);
      if (built != null) {
        return built;
      }
      Map<String, Object> object = new LinkedHashMap<>();
      if (hasSpec) {
        Map<String, Object> spec = new LinkedHashMap<>(gatewayFields);
        if (hostnames != null) {
          spec.put("hostnames", hostnames);
        }
        object.put("spec", spec);
      }
      try {
        return KubernetesObjects.mapper().convertValue(object, type);
      } catch (IllegalArgumentException | tools.jackson.core.JacksonException e) {
        throw new IllegalArgumentException(kind + " spec does not fit: " + e.getMessage());
      }
    }

    /**
     * An HTTPRoute or GRPCRoute whose parentRefs hold only the reference's own fields, as strings
     * (and an integer port): built directly, as binding would build it. Binding through a map cost
     * more than reading the object; anything else (other kinds, extra or mistyped fields) is bound.
     */
    private @Nullable HasMetadata route(Class<? extends HasMetadata> type) {
      if (type != HTTPRoute.class && type != GRPCRoute.class
          || !gatewayFields.keySet().stream().allMatch("parentRefs"::equals)) {
        return null;
      }
      List<ParentReference> refs = null;
      Object parentRefs = gatewayFields.get("parentRefs");
      if (parentRefs != null && !(parentRefs instanceof List<?>)) {
        return null; // binding says what is wrong with it
      }
      if (parentRefs instanceof List<?> list) {
        refs = new ArrayList<>(list.size());
        for (Object element : list) {
          ParentReference ref = parentRef(element);
          if (ref == null) {
            return null;
          }
          refs.add(ref);
        }
      }
      if (type == HTTPRoute.class) {
        HTTPRoute route = new HTTPRoute();
        if (hasSpec) {
          route.setSpec(spec(new HTTPRouteSpec(), HTTPRouteSpec::setHostnames, HTTPRouteSpec::setParentRefs, hostnames, refs));
        }
        return route;
      }
      GRPCRoute route = new GRPCRoute();
      if (hasSpec) {
        route.setSpec(spec(new GRPCRouteSpec(), GRPCRouteSpec::setHostnames, GRPCRouteSpec::setParentRefs, hostnames, refs));
      }
      return route;
    }

    // The two route kinds' specs share these fields but no type.
    private static <S> S spec(S spec, BiConsumer<S, List<String>> setHostnames,
        BiConsumer<S, List<ParentReference>> setParentRefs, @Nullable List<String> hostnames,
        @Nullable List<ParentReference> refs) {
      if (hostnames != null) {
        setHostnames.accept(spec, hostnames);
      }
      if (refs != null) {
        setParentRefs.accept(spec, refs);
      }
      return spec;
    }

    private static @Nullable ParentReference parentRef(@Nullable Object element) {
      if (!(element instanceof Map<?, ?> fields)) {
        return null;
      }
      ParentReference ref = new ParentReference();
      for (Map.Entry<?, ?> field : fields.entrySet()) {
        Object value = field.getValue();
        if (field.getKey().equals("port")) {
          if (value != null && !(value instanceof Integer)) {
            return null;
          }
          ref.setPort((Integer) value);
          continue;
        }
        if (value != null && !(value instanceof String)) {
          return null;
        }
        String text = (String) value;
        switch (String.valueOf(field.getKey())) {
          case "group" -> ref.setGroup(text);
          case "kind" -> ref.setKind(text);
          case "name" -> ref.setName(text);
          case "namespace" -> ref.setNamespace(text);
          case "sectionName" -> ref.setSectionName(text);
          default -> {
            return null;
          }
        }
      }
      return ref;
    }

    /** DNSEndpoint has no fabric8 model class: spec.endpoints as lists and maps, as DnsEndpointReader reads them. */
    private GenericKubernetesResource generic() {
      GenericKubernetesResource resource = new GenericKubernetesResource();
      if (hasSpec) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("endpoints", endpoints);
        resource.setAdditionalProperty("spec", spec);
      }
      return resource;
    }

    private static String orEmpty(@Nullable String value) {
      return value == null ? "" : value;
    }
  }
}
