package io.openova.dnsguard.policies.policy;

import io.openova.dnsguard.policies.claim.Attachment;
import io.openova.dnsguard.policies.claim.Claim;
import io.openova.dnsguard.policies.claim.ClaimExtractor;
import io.openova.dnsguard.policies.claim.Extraction;
import io.openova.dnsguard.policies.claim.InputProblem;
import io.openova.dnsguard.policies.claim.ObjectRef;
import io.openova.dnsguard.policies.claim.SourceKind;
import io.openova.dnsguard.policies.claim.SourceObject;
import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.ownership.ClusterView;
import io.openova.dnsguard.policies.ownership.DnsView;
import io.openova.dnsguard.policies.ownership.IndexedClaim;
import io.openova.dnsguard.policies.ownership.NameOwnership;
import io.openova.dnsguard.policies.ownership.Owner;
import io.openova.dnsguard.policies.registry.TxtNameMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The rule book, one entry point for the webhook, the reconciler and {@code check}. For each claim
 * the object adds, in this order (the first broken rule is the claim's violation):
 *
 * <ol>
 *   <li>reserved names: a {@code _} label, or a name that is an ownership TXT record (403);
 *   <li>domain permission: longest suffix, namespaces or selector, share rules, wildcard policy (403);
 *   <li>in-cluster first claim wins: other namespaces' claims on the name, wildcards covering it,
 *       names below a wildcard (409), unless a share rule names the claiming namespace;
 *   <li>DNS ownership, read from the shared {@link NameOwnership} the planner reads too: another
 *       owner id, an ownership record dnsguard cannot read, a record set nobody can adopt (LUA,
 *       ALIAS, ...), or records without any ownership record unless {@code adoptUnowned} (409);
 *       our own TXT, stale or not, is fine;
 *   <li>record sanity: CNAME beside other types or at a zone apex (422 own input, 409 existing DNS).
 * </ol>
 *
 * Input that does not parse is 422. UPDATE checks only the claims the update adds; DELETE is always
 * allowed (the webhook reads a CONNECT review as one). Stateless: safe to share between threads.
 */
public final class PolicyEvaluator {

  private final DnsPolicy policy;
  private final TxtNameMapper mapper;
  private final boolean hasTxtAffix;

  public PolicyEvaluator(DnsPolicy policy) {
    this.policy = policy;
    this.mapper = policy.txt().mapper();
    this.hasTxtAffix = !policy.txt().prefix().isEmpty() || !policy.txt().suffix().isEmpty();
  }

  public DnsPolicy policy() {
    return policy;
  }

  public ObjectDecision evaluate(AdmissionInput input, ClusterView cluster, DnsView dns) {
    return evaluate(input, cluster, dns, Attachment.AS_WRITTEN);
  }

  /** As above, a route's names being its effective hostnames under {@code attachment}. */
  public ObjectDecision evaluate(AdmissionInput input, ClusterView cluster, DnsView dns, Attachment attachment) {
    SourceObject subject = input.object() != null ? input.object() : input.oldObject();
    if (subject == null) {
      return new ObjectDecision("", "", "", Decision.ALLOW);
    }
    ObjectRef ref = subject.ref();
    return new ObjectDecision(ref.kind().kind(), ref.namespace(), ref.name(), decide(input, cluster, dns, attachment));
  }

  private Decision decide(AdmissionInput input, ClusterView cluster, DnsView dns, Attachment attachment) {
    SourceObject object = input.object();
    switch (input.operation()) {
      case DELETE -> {
        return Decision.ALLOW;
      }
      case CREATE, UPDATE, AUDIT -> {}
    }
    if (object == null) {
      return Decision.ALLOW;
    }
    Extraction extraction = ClaimExtractor.extract(object, attachment);
    Optional<Extraction> previous = input.operation() == AdmissionInput.Operation.UPDATE && input.oldObject() != null
        ? Optional.of(ClaimExtractor.extract(input.oldObject(), attachment))
        : Optional.empty();
    Set<Hostname> held = previous.map(p -> p.claims().stream().map(Claim::hostname).collect(Collectors.toSet())).orElse(Set.of());
    Set<InputProblem> knownProblems = previous.map(p -> Set.copyOf(p.problems())).orElse(Set.of());
    return evaluate(extraction, held, knownProblems, input.operation() == AdmissionInput.Operation.AUDIT, cluster, dns);
  }

  /**
   * Decides on an already extracted object. {@code held} are names the object already had (UPDATE:
   * not checked again); {@code audit} makes claims compete by age instead of counting as new.
   */
  public Decision evaluate(
      Extraction extraction,
      Set<Hostname> held,
      Set<InputProblem> knownProblems,
      boolean audit,
      ClusterView cluster,
      DnsView dns) {
    List<Violation> violations = new ArrayList<>(0);
    for (InputProblem problem : extraction.problems()) {
      if (!knownProblems.contains(problem)) {
        violations.add(new Violation(PolicyRule.VALID_INPUT, DenyCode.INVALID, Optional.empty(),
            problem.source() + ": " + problem.message(), "invalid " + problem.source()));
      }
    }
    for (Claim claim : extraction.claims()) {
      if (!held.contains(claim.hostname())) {
        @Nullable Violation violation = check(claim, audit, cluster, dns);
        if (violation != null) {
          violations.add(violation);
        }
      }
    }
    return violations.isEmpty() ? Decision.ALLOW : Decision.Deny.of(violations);
  }

  private @Nullable Violation check(Claim claim, boolean audit, ClusterView cluster, DnsView dns) {
    @Nullable Violation violation = reserved(claim, dns);
    if (violation == null) {
      violation = permission(claim, cluster);
    }
    if (violation == null) {
      violation = clusterConflict(claim, audit, cluster);
    }
    if (violation == null) {
      violation = ownInputSanity(claim, dns);
    }
    if (violation == null) {
      violation = dnsOwnership(claim, dns);
    }
    if (violation == null) {
      violation = recordSanity(claim, dns);
    }
    return violation;
  }

  private @Nullable Violation reserved(Claim claim, DnsView dns) {
    Hostname name = claim.hostname();
    if (name.hasReservedLabel()) {
      return Violation.of(PolicyRule.RESERVED_NAME, DenyCode.FORBIDDEN, name, quoted("hostname", name)
          + " is reserved: labels starting with \"_\" belong to DNS registries and service records",
          "is reserved (a \"_\" label)");
    }
    Optional<Hostname> speaksFor = dns.at(name).speaksFor();
    if (speaksFor.isEmpty() && hasTxtAffix) {
      speaksFor = mapper.toEndpoint(name.value()).map(n -> n.endpoint());
    }
    if (speaksFor.isPresent() && !speaksFor.get().equals(name)) {
      return Violation.of(PolicyRule.RESERVED_NAME, DenyCode.FORBIDDEN, name, quoted("hostname", name)
          + " is the external-dns ownership record name of \"" + speaksFor.get() + "\"",
          "is the ownership record of \"" + speaksFor.get() + "\"");
    }
    return null;
  }

  private @Nullable Violation permission(Claim claim, ClusterView cluster) {
    Hostname name = claim.hostname();
    String namespace = claim.owner().namespace();
    Optional<DomainRule> domain = policy.domainFor(name);
    if (domain.isEmpty()) {
      return policy.unmanagedDomains() == UnmanagedDomains.ALLOW || policy.isSharedWith(name, namespace)
          ? null
          : Violation.of(PolicyRule.DOMAIN_PERMISSION, DenyCode.FORBIDDEN, name, quoted("hostname", name)
              + " is outside every domain of DNSPolicy \"" + policy.name() + "\"",
              "is outside every domain of the policy");
    }
    DomainRule rule = domain.get();
    boolean admitted = rule.namespaces().contains(namespace) || rule.admits(namespace, cluster.namespaceLabels(namespace));
    if (!admitted && !policy.isSharedWith(name, namespace)) {
      return Violation.of(PolicyRule.DOMAIN_PERMISSION, DenyCode.FORBIDDEN, name, "namespace \"" + namespace
          + "\" may not claim \"" + name + "\" (domain \"" + rule.suffix() + "\" of DNSPolicy \"" + policy.name() + "\")",
          "is not allowed for namespace " + namespace);
    }
    if (name.isWildcard() && rule.wildcards() == WildcardPolicy.DENY) {
      return Violation.of(PolicyRule.WILDCARD_POLICY, DenyCode.FORBIDDEN, name, quoted("wildcard", name)
          + " is not allowed in domain \"" + rule.suffix() + "\"", "is a wildcard the domain does not allow");
    }
    return null;
  }

  private @Nullable Violation clusterConflict(Claim claim, boolean audit, ClusterView cluster) {
    Hostname name = claim.hostname();
    ObjectRef self = claim.owner();
    String namespace = self.namespace();
    // The name belongs to the namespace of its oldest claim; later claims of other namespaces
    // (admitted before dnsguard ran) do not take it away.
    for (ObjectRef owner : cluster.claimsOn(name)) {
      if (owner.sameObject(self)) {
        continue;
      }
      if (!owner.namespace().equals(namespace) && wins(owner, self, audit) && !policy.isSharedWith(name, namespace)) {
        return Violation.of(PolicyRule.FIRST_CLAIM, DenyCode.CONFLICT, name,
            quoted("hostname", name) + " is already claimed by " + describe(owner), "is claimed by " + owner.display());
      }
      break; // only the oldest other claim decides
    }
    Violation mixed = httpAndGrpc(claim, audit, cluster);
    if (mixed != null) {
      return mixed;
    }
    for (IndexedClaim wildcard : cluster.foreignWildcardsCovering(name, namespace)) {
      if (wildcardGuards(wildcard.hostname()) && wins(wildcard.owner(), self, audit)
          && !policy.isSharedWith(name, namespace)) {
        return Violation.of(PolicyRule.FIRST_CLAIM, DenyCode.CONFLICT, name, quoted("hostname", name)
            + " is covered by wildcard \"" + wildcard.hostname() + "\" claimed by " + describe(wildcard.owner()),
            "is under a wildcard of " + wildcard.owner().display());
      }
    }
    if (name.isWildcard() && wildcardGuards(name)) {
      Optional<IndexedClaim> below = cluster.firstForeignBelow(name.wildcardBase(), namespace,
          other -> wins(other.owner(), self, audit) && !policy.isSharedWith(other.hostname(), namespace));
      if (below.isPresent()) {
        return Violation.of(PolicyRule.FIRST_CLAIM, DenyCode.CONFLICT, name, quoted("wildcard", name) + " covers \""
            + below.get().hostname() + "\", already claimed by " + describe(below.get().owner()),
            "covers a name of " + below.get().owner().display());
      }
    }
    return null;
  }

  /**
   * GEP-1016: an HTTPRoute and a GRPCRoute must not share a hostname (a Gateway rejects one of them),
   * also within one namespace. Checked on the name, whichever listeners the two attach to.
   */
  private static @Nullable Violation httpAndGrpc(Claim claim, boolean audit, ClusterView cluster) {
    SourceKind kind = claim.owner().kind();
    if (kind != SourceKind.HTTP_ROUTE && kind != SourceKind.GRPC_ROUTE) {
      return null;
    }
    SourceKind other = kind == SourceKind.HTTP_ROUTE ? SourceKind.GRPC_ROUTE : SourceKind.HTTP_ROUTE;
    for (ObjectRef owner : cluster.claimsOn(claim.hostname())) {
      if (owner.kind() == other && wins(owner, claim.owner(), audit)) {
        return Violation.of(PolicyRule.FIRST_CLAIM, DenyCode.CONFLICT, claim.hostname(),
            quoted("hostname", claim.hostname()) + " is already served by " + describe(owner)
                + ": an HTTPRoute and a GRPCRoute cannot share a hostname (Gateway API GEP-1016)",
            "is served by " + owner.display() + " (HTTPRoute and GRPCRoute, GEP-1016)");
      }
    }
    return null;
  }

  // Admission: an added claim is the newest, so any existing claim wins. Audit: the older object wins.
  private static boolean wins(ObjectRef existing, ObjectRef candidate, boolean audit) {
    return !existing.sameObject(candidate) && (!audit || existing.precedes(candidate));
  }

  // Under wildcards: allow, a wildcard does not conflict with names below it owned elsewhere.
  private boolean wildcardGuards(Hostname wildcard) {
    return policy.domainFor(wildcard).map(d -> d.wildcards() != WildcardPolicy.ALLOW).orElse(true);
  }

  // The shared ownership model decides; only records without any ownership record are adoptable.
  private @Nullable Violation dnsOwnership(Claim claim, DnsView dns) {
    NameOwnership held = dns.at(claim.hostname());
    if (claim.recordTypes().isEmpty()) {
      return refused(claim, held.owner());
    }
    for (RecordType type : RecordType.values()) { // the first refused type in their order: one message for any set order
      @Nullable Violation refused = claim.recordTypes().contains(type) ? refused(claim, held.owner(type)) : null;
      if (refused != null) {
        return refused;
      }
    }
    return null;
  }

  private @Nullable Violation refused(Claim claim, Owner owner) {
    return owner.writable(policy.adoptUnowned()) ? null : Violation.of(PolicyRule.DNS_OWNERSHIP, DenyCode.CONFLICT,
        claim.hostname(), owner.refusal(claim.hostname()), collision(owner));
  }

  /** The refusal in a few words, for the warnings kubectl prints. */
  private static String collision(Owner owner) {
    return switch (owner) {
      case Owner.Other other -> "is owned by external-dns owner \"" + other.ownerId() + "\"";
      case Owner.Unreadable unreadable -> "has an ownership record dnsguard cannot read";
      case Owner.Unowned unowned -> "has DNS records nobody owns";
      case Owner.Occupied occupied -> "is occupied by a " + occupied.type() + " record set not ours";
      case Owner.Ours ours -> "is ours";
      case Owner.Free free -> "is free";
    };
  }

  // What the object asks for is wrong whoever holds the name (422): checked before ownership.
  private @Nullable Violation ownInputSanity(Claim claim, DnsView dns) {
    Hostname name = claim.hostname();
    Set<RecordType> wanted = claim.recordTypes();
    boolean cname = wanted.contains(RecordType.CNAME);
    if (cname && wanted.size() > 1) {
      return Violation.of(PolicyRule.RECORD_SANITY, DenyCode.INVALID, name, quoted("hostname", name)
          + " cannot be a CNAME and " + typeList(without(wanted, RecordType.CNAME)) + " at once",
          "cannot be a CNAME and other types");
    }
    if (cname && dns.at(name).zoneApex()) {
      return Violation.of(PolicyRule.RECORD_SANITY, DenyCode.INVALID, name,
          quoted("hostname", name) + " is a zone apex: a CNAME is not allowed there", "is a zone apex (no CNAME)");
    }
    return null;
  }

  private @Nullable Violation recordSanity(Claim claim, DnsView dns) {
    Hostname name = claim.hostname();
    Set<RecordType> wanted = claim.recordTypes();
    if (wanted.isEmpty()) {
      return null;
    }
    boolean cname = wanted.contains(RecordType.CNAME);
    Set<RecordType> existing = dns.at(name).types();
    if (cname && !without(existing, RecordType.CNAME).isEmpty()) {
      return Violation.of(PolicyRule.RECORD_SANITY, DenyCode.CONFLICT, name, quoted("hostname", name)
          + " would be a CNAME beside existing " + typeList(without(existing, RecordType.CNAME)) + " records",
          "would be a CNAME beside existing records");
    }
    if (!cname && existing.contains(RecordType.CNAME)) {
      return Violation.of(PolicyRule.RECORD_SANITY, DenyCode.CONFLICT, name, quoted("hostname", name)
          + " is a CNAME in DNS; " + typeList(wanted) + " records cannot share its name", "is a CNAME in DNS");
    }
    return null;
  }

  private static Set<RecordType> without(Set<RecordType> types, RecordType removed) {
    Set<RecordType> rest = new HashSet<>(types);
    rest.remove(removed);
    return rest;
  }

  private static String typeList(Set<RecordType> types) {
    return types.stream().map(Enum::name).sorted().collect(Collectors.joining(", "));
  }

  private static String describe(ObjectRef ref) {
    return ref.display() + (ref.creationTimestamp() == null ? "" : " (since " + ref.creationTimestamp() + ")");
  }

  private static String quoted(String what, Hostname name) {
    return what + " \"" + name + "\"";
  }
}
