package io.openova.dnsguard.policies.claim;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.AllowedRoutes;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerEntry;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerEntryStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerNamespaces;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerSet;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteGroupKind;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatus;
import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.ParsedHostname;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The names a Gateway API route gets, as the Gateway sees it (spec v1.5+, and external-dns's gateway
 * sources read it the same way). For each parent (Gateway or ListenerSet; {@code sectionName} picks
 * one listener, {@code port} filters by port), each listener that
 *
 * <ul>
 *   <li>speaks the route's protocol (HTTPS counts as HTTP; a TCPRoute also fits a TLS listener),
 *   <li>admits the route's namespace ({@code allowedRoutes.namespaces.from}: Same — the namespace of
 *       the Gateway or ListenerSet, the default; All; Selector on the namespace's labels),
 *   <li>and admits its kind ({@code allowedRoutes.kinds}, when listed),
 * </ul>
 *
 * gives the intersection of the route's hostnames with the listener's hostname: equal names, or the
 * more specific of a wildcard and a name under it. A route without hostnames takes the listener's
 * hostname; a route hostname outside every listener it attaches to is not a name of the route. The
 * {@code hostname} annotation adds hostnames that are intersected the same way, and {@code
 * gateway-hostname-source} ({@code annotation-only} / {@code defined-hosts-only}) picks between them,
 * as in external-dns.
 *
 * <p>A ListenerSet counts only when its parent Gateway exists and its {@code allowedListeners} admit
 * the ListenerSet's namespace (default: none). Which parents count is the {@link Attachment}'s: the
 * spec's {@code parentRefs} at admission, the parents that accepted the route in its status for the
 * reconciler (then a ListenerSet and its listener must be accepted too). Pure: no I/O, no state.
 */
public final class EffectiveHostnames {
  static final String GROUP = "gateway.networking.k8s.io";

  private EffectiveHostnames() {}

  /**
   * One name of a route and where it comes from: {@code gateway} is the Gateway whose addresses serve
   * it (for a ListenerSet its parent), {@code listenerSet} the ListenerSet when the listener is one of
   * its own. Both null for {@link Attachment.Mode#AS_WRITTEN}.
   */
  public record EffectiveName(Hostname hostname, String field, @Nullable Gateway gateway,
      @Nullable ListenerSet listenerSet) {
    public EffectiveName {
      Objects.requireNonNull(hostname, "hostname");
      Objects.requireNonNull(field, "field");
    }
  }

  /** A hostname the route asks for, before intersection; {@code host} null means "take the listener's". */
  private record RouteHost(@Nullable Hostname host, String field) {}

  /** A listener with what decides attachment, whether it sits on a Gateway or a ListenerSet. */
  private record ListenerSpec(String name, @Nullable String hostname, @Nullable Integer port, String protocol,
      @Nullable AllowedRoutes allowedRoutes, boolean accepted) {}

  /** A resolved parent: its listeners, the namespace "Same" means, and the Gateway serving it. */
  private record Parent(String display, String ownerNamespace, List<ListenerSpec> listeners, Gateway gateway,
      @Nullable ListenerSet listenerSet) {}

  /** The effective names of {@code route}, in the order found; a name reached through two listeners comes twice. */
  public static List<EffectiveName> of(RouteSpec route, Attachment attachment) {
    List<RouteHost> hosts = routeHosts(route);
    List<EffectiveName> names = new ArrayList<>();
    if (attachment.mode() == Attachment.Mode.AS_WRITTEN) {
      for (RouteHost host : hosts) {
        if (host.host() != null) {
          names.add(new EffectiveName(host.host(), host.field(), null, null));
        }
      }
      return names;
    }
    for (ParentReference ref : parents(route, attachment.mode())) {
      resolve(route, ref, attachment).ifPresent(parent -> {
        for (ListenerSpec listener : admitting(route, ref, parent, attachment)) {
          Hostname listenerHost = listenerHost(listener);
          for (RouteHost host : hosts) {
            matching(listenerHost, host.host()).ifPresent(name -> names.add(new EffectiveName(name,
                field(host, name, parent, listener), parent.gateway(), parent.listenerSet())));
          }
        }
      });
    }
    return names;
  }

  /**
   * True if {@code ref} (one of the route's parents) would accept the route under the spec's rules:
   * some listener admits it and their hostnames intersect (or neither has one). What a Gateway
   * controller reports as {@code Accepted}; the sandbox's stand-in controller asks this.
   */
  public static boolean attaches(RouteSpec route, ParentReference ref, GatewayView view) {
    Attachment attachment = Attachment.spec(view);
    List<RouteHost> hosts = routeHosts(route);
    return resolve(route, ref, attachment).map(parent -> admitting(route, ref, parent, attachment).stream()
        .anyMatch(listener -> listener.hostname() == null || listener.hostname().isEmpty()
            || hosts.stream().anyMatch(h -> matching(listenerHost(listener), h.host()).isPresent())))
        .orElse(false);
  }

  /** The listeners of {@code parent} that {@code ref} selects and that admit the route (hostnames aside). */
  private static List<ListenerSpec> admitting(RouteSpec route, ParentReference ref, Parent parent, Attachment attachment) {
    List<ListenerSpec> admitted = new ArrayList<>();
    for (ListenerSpec listener : parent.listeners()) {
      if (ref.getSectionName() != null && !ref.getSectionName().isEmpty() && !ref.getSectionName().equals(listener.name())) {
        continue;
      }
      if (!listener.accepted() || !protocolMatches(route.protocol(), listener.protocol())
          || (ref.getPort() != null && !ref.getPort().equals(listener.port()))
          || !admits(listener.allowedRoutes(), parent.ownerNamespace(), route, attachment.gateways())) {
        continue;
      }
      if (listener.hostname() != null && !listener.hostname().isEmpty() && listenerHost(listener) == null) {
        continue; // an invalid listener hostname matches nothing
      }
      admitted.add(listener);
    }
    return admitted;
  }

  private static @Nullable Hostname listenerHost(ListenerSpec listener) {
    return listener.hostname() == null || listener.hostname().isEmpty() ? null : parse(listener.hostname());
  }

  /**
   * True if {@code route} names {@code parent} (a Gateway or ListenerSet) in its {@code parentRefs},
   * directly or, for a Gateway, through a ListenerSet of that Gateway: a change of {@code parent} may
   * change the route's names.
   */
  public static boolean refersTo(RouteSpec route, HasMetadata parent, GatewayView view) {
    String namespace = parent.getMetadata().getNamespace();
    String name = parent.getMetadata().getName();
    for (ParentReference ref : route.parentRefs()) {
      if (!GROUP.equals(group(ref)) || ref.getName() == null) {
        continue;
      }
      String refNamespace = namespace(ref, route);
      boolean direct = refNamespace.equals(namespace) && ref.getName().equals(name);
      switch (kind(ref)) {
        case "Gateway" -> {
          if (direct && parent instanceof Gateway) {
            return true;
          }
        }
        case "ListenerSet" -> {
          if (direct && parent instanceof ListenerSet) {
            return true;
          }
          if (parent instanceof Gateway && view.listenerSet(refNamespace, ref.getName())
              .map(set -> set.getSpec() != null && set.getSpec().getParentRef() != null
                  && name.equals(set.getSpec().getParentRef().getName())
                  && namespace.equals(set.getSpec().getParentRef().getNamespace() == null
                      || set.getSpec().getParentRef().getNamespace().isEmpty()
                      ? refNamespace : set.getSpec().getParentRef().getNamespace()))
              .orElse(false)) {
            return true;
          }
        }
        default -> {}
      }
    }
    return false;
  }

  /** The more specific of two overlapping hostnames; null stands for "any" (no hostname). */
  static Optional<Hostname> matching(@Nullable Hostname listener, @Nullable Hostname route) {
    if (listener == null || route == null) {
      return Optional.ofNullable(listener == null ? route : listener);
    }
    if (listener.equals(route)) {
      return Optional.of(listener);
    }
    if (listener.isWildcard() && listener.covers(route)) {
      return Optional.of(route);
    }
    if (route.isWildcard() && route.covers(listener)) {
      return Optional.of(listener);
    }
    return Optional.empty();
  }

  private static String field(RouteHost host, Hostname name, Parent parent, ListenerSpec listener) {
    String where = parent.display() + " listener \"" + listener.name() + "\"";
    if (host.host() == null) {
      return where + " hostname";
    }
    return host.host().equals(name) ? host.field() : host.field() + " within " + where;
  }

  private static List<RouteHost> routeHosts(RouteSpec route) {
    List<RouteHost> spec = new ArrayList<>();
    for (int i = 0; i < route.hostnames().size(); i++) {
      Hostname host = parse(route.hostnames().get(i));
      if (host != null) {
        spec.add(new RouteHost(host, "spec.hostnames"));
      }
    }
    List<RouteHost> annotated = new ArrayList<>();
    for (Map.Entry<String, String> annotation
        : ExternalDnsAnnotations.values(route.annotations(), ExternalDnsAnnotations.HOSTNAME)) {
      for (String value : CommaList.split(annotation.getValue())) {
        Hostname host = parse(value);
        if (host != null) {
          annotated.add(new RouteHost(host, "annotation " + annotation.getKey()));
        }
      }
    }
    List<Map.Entry<String, String>> source = ExternalDnsAnnotations.values(route.annotations(), ExternalDnsAnnotations.GATEWAY_HOSTNAME_SOURCE);
    String mode = source.isEmpty() ? "" : source.getLast().getValue().toLowerCase(Locale.ROOT);
    List<RouteHost> hosts = new ArrayList<>(spec);
    switch (mode) {
      case "annotation-only" -> {
        return annotated;
      }
      case "defined-hosts-only" -> {
        return hosts;
      }
      default -> {
        if (route.hostnames().isEmpty()) {
          hosts.add(new RouteHost(null, "listener hostname"));
        }
        hosts.addAll(annotated);
      }
    }
    return hosts;
  }

  private static List<ParentReference> parents(RouteSpec route, Attachment.Mode mode) {
    return switch (mode) {
      case AS_WRITTEN -> List.of();
      case SPEC -> route.parentRefs();
      case ACCEPTED -> route.statusParents().stream()
          .filter(status -> accepted(status.getConditions()) && inSpec(route, status.getParentRef()))
          .map(RouteParentStatus::getParentRef)
          .toList();
    };
  }

  /** external-dns only trusts a status parent the route's spec still names (group, kind, namespace, name). */
  private static boolean inSpec(RouteSpec route, ParentReference status) {
    for (ParentReference spec : route.parentRefs()) {
      if (group(spec).equals(group(status)) && kind(spec).equals(kind(status))
          && namespace(spec, route).equals(namespace(status, route)) && Objects.equals(spec.getName(), status.getName())) {
        return true;
      }
    }
    return false;
  }

  private static Optional<Parent> resolve(RouteSpec route, ParentReference ref, Attachment attachment) {
    if (!GROUP.equals(group(ref)) || ref.getName() == null) {
      return Optional.empty();
    }
    String namespace = namespace(ref, route);
    GatewayView view = attachment.gateways();
    return switch (kind(ref)) {
      case "Gateway" -> view.gateway(namespace, ref.getName()).map(gateway -> new Parent(
          "Gateway " + namespace + "/" + ref.getName(), namespace, gatewayListeners(gateway), gateway, null));
      case "ListenerSet" -> view.listenerSet(namespace, ref.getName())
          .flatMap(set -> listenerSetParent(set, namespace, attachment));
      default -> Optional.empty();
    };
  }

  private static List<ListenerSpec> gatewayListeners(Gateway gateway) {
    if (gateway.getSpec() == null || gateway.getSpec().getListeners() == null) {
      return List.of();
    }
    return gateway.getSpec().getListeners().stream().filter(Objects::nonNull)
        .map(l -> new ListenerSpec(orEmpty(l.getName()), l.getHostname(), l.getPort(), orEmpty(l.getProtocol()),
            l.getAllowedRoutes(), true))
        .toList();
  }

  private static Optional<Parent> listenerSetParent(ListenerSet set, String namespace, Attachment attachment) {
    if (set.getSpec() == null || set.getSpec().getParentRef() == null || set.getSpec().getParentRef().getName() == null) {
      return Optional.empty();
    }
    String gatewayNamespace = set.getSpec().getParentRef().getNamespace() == null
        || set.getSpec().getParentRef().getNamespace().isEmpty() ? namespace : set.getSpec().getParentRef().getNamespace();
    Optional<Gateway> gateway = attachment.gateways().gateway(gatewayNamespace, set.getSpec().getParentRef().getName());
    if (gateway.isEmpty() || !allowsListenerSet(gateway.get(), namespace, attachment.gateways())) {
      return Optional.empty();
    }
    boolean checkStatus = attachment.mode() == Attachment.Mode.ACCEPTED;
    if (checkStatus && (set.getStatus() == null || !accepted(set.getStatus().getConditions()))) {
      return Optional.empty();
    }
    List<ListenerEntry> entries = set.getSpec().getListeners() == null ? List.of() : set.getSpec().getListeners();
    List<ListenerSpec> listeners = entries.stream().filter(Objects::nonNull)
        .map(e -> new ListenerSpec(orEmpty(e.getName()), e.getHostname(), e.getPort(), orEmpty(e.getProtocol()),
            e.getAllowedRoutes(), !checkStatus || entryAccepted(set, orEmpty(e.getName()))))
        .toList();
    return Optional.of(new Parent("ListenerSet " + namespace + "/" + set.getMetadata().getName(), namespace, listeners,
        gateway.get(), set));
  }

  /** {@code spec.allowedListeners.namespaces.from}: None (the default), Same, All or Selector. */
  private static boolean allowsListenerSet(Gateway gateway, String setNamespace, GatewayView view) {
    ListenerNamespaces allowed = gateway.getSpec() == null || gateway.getSpec().getAllowedListeners() == null
        ? null : gateway.getSpec().getAllowedListeners().getNamespaces();
    String from = allowed == null || allowed.getFrom() == null ? "None" : allowed.getFrom();
    return switch (from) {
      case "All" -> true;
      case "Same" -> setNamespace.equals(gateway.getMetadata().getNamespace());
      case "Selector" -> allowed != null && view.namespaceLabels(setNamespace)
          .map(labels -> NamespaceSelector.matches(allowed.getSelector(), labels)).orElse(false);
      default -> false;
    };
  }

  private static boolean entryAccepted(ListenerSet set, String name) {
    List<ListenerEntryStatus> statuses = set.getStatus() == null || set.getStatus().getListeners() == null
        ? List.of() : set.getStatus().getListeners();
    return statuses.stream().anyMatch(s -> name.equals(s.getName()) && accepted(s.getConditions()));
  }

  private static boolean admits(@Nullable AllowedRoutes allowed, String ownerNamespace, RouteSpec route,
      GatewayView view) {
    String from = allowed == null || allowed.getNamespaces() == null || allowed.getNamespaces().getFrom() == null
        ? "Same" : allowed.getNamespaces().getFrom();
    boolean namespaceAdmitted = switch (from) {
      case "All" -> true;
      case "Same" -> ownerNamespace.equals(route.namespace());
      case "Selector" -> allowed != null && allowed.getNamespaces() != null && view.namespaceLabels(route.namespace())
          .map(labels -> NamespaceSelector.matches(allowed.getNamespaces().getSelector(), labels)).orElse(false);
      default -> false;
    };
    if (!namespaceAdmitted) {
      return false;
    }
    List<RouteGroupKind> kinds = allowed == null || allowed.getKinds() == null ? List.of() : allowed.getKinds();
    if (kinds.isEmpty()) {
      return true;
    }
    return kinds.stream().anyMatch(k -> k != null
        && (k.getGroup() == null || k.getGroup().isEmpty() ? GROUP : k.getGroup()).equals(route.kind().group())
        && route.kind().kind().equals(k.getKind()));
  }

  /** HTTP and HTTPS are one protocol; a TCP route also fits a TLS listener (as external-dns matches them). */
  private static boolean protocolMatches(String route, String listener) {
    String l = listener.equals("HTTPS") ? "HTTP" : listener;
    if (route.equals("TCP") && l.equals("TLS")) {
      return true;
    }
    return route.equals(l);
  }

  private static boolean accepted(@Nullable List<Condition> conditions) {
    if (conditions == null) {
      return false;
    }
    for (Condition condition : conditions) {
      if ("Accepted".equals(condition.getType())) {
        return "True".equals(condition.getStatus());
      }
    }
    return false;
  }

  private static @Nullable Hostname parse(String text) {
    return Hostname.parse(text) instanceof ParsedHostname.Valid valid ? valid.hostname() : null;
  }

  private static String group(ParentReference ref) {
    return ref.getGroup() == null || ref.getGroup().isEmpty() ? GROUP : ref.getGroup();
  }

  private static String kind(ParentReference ref) {
    return ref.getKind() == null || ref.getKind().isEmpty() ? "Gateway" : ref.getKind();
  }

  private static String namespace(ParentReference ref, RouteSpec route) {
    return ref.getNamespace() == null || ref.getNamespace().isEmpty() ? route.namespace() : ref.getNamespace();
  }

  private static String orEmpty(@Nullable String value) {
    return value == null ? "" : value;
  }
}
