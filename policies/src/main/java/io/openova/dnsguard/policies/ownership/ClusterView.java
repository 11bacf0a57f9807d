package io.openova.dnsguard.policies.ownership;

import io.openova.dnsguard.policies.claim.ObjectRef;
import io.openova.dnsguard.policies.name.Hostname;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What the cluster already claims, as the evaluator asks it. The wildcard queries name the asking
 * namespace and return only claims of other namespaces: same-namespace claims never conflict.
 */
public interface ClusterView {

  /** Labels of {@code namespace}; empty if it is unknown. */
  Map<String, String> namespaceLabels(String namespace);

  /** All claims on exactly {@code name} ({@code *.Z}: claims of that wildcard), oldest first. */
  List<ObjectRef> claimsOn(Hostname name);

  /** Wildcard claims of other namespaces that cover {@code name} (for {@code *.Y}: wildcards strictly above it). */
  List<IndexedClaim> foreignWildcardsCovering(Hostname name, String namespace);

  /** The first claim of another namespace strictly below {@code base} that {@code relevant} accepts. */
  Optional<IndexedClaim> firstForeignBelow(Hostname base, String namespace, Predicate<IndexedClaim> relevant);
}
