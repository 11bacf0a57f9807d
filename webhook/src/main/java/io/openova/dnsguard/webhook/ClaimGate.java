package io.openova.dnsguard.webhook;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.openova.dnsguard.policies.claim.Attachment;
import io.openova.dnsguard.policies.claim.Claim;
import io.openova.dnsguard.policies.claim.ClaimExtractor;
import io.openova.dnsguard.policies.claim.Extraction;
import io.openova.dnsguard.policies.claim.InputProblem;
import io.openova.dnsguard.policies.claim.ObjectRef;
import io.openova.dnsguard.policies.claim.SourceObject;
import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.ownership.ClaimIndex;
import io.openova.dnsguard.policies.ownership.ClusterView;
import io.openova.dnsguard.policies.ownership.DnsView;
import io.openova.dnsguard.policies.ownership.HostnameReservation;
import io.openova.dnsguard.policies.ownership.IndexedClaim;
import io.openova.dnsguard.policies.policy.AdmissionInput;
import io.openova.dnsguard.policies.policy.Decision;
import io.openova.dnsguard.policies.policy.DenyCode;
import io.openova.dnsguard.policies.policy.PolicyEvaluator;
import io.openova.dnsguard.policies.policy.PolicyRule;
import io.openova.dnsguard.policies.policy.Violation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Makes an allowed claim exclusive before the API server stores its object, so two teams asking
 * for one name at the same moment cannot both be admitted.
 *
 * <ol>
 *   <li>Within this replica: the new names are held as pending in the {@link ClaimIndex}, after the
 *       rule book is run again under the index's writer lock against live <em>and</em> pending
 *       claims (DNS is not asked again: only claims can have changed since the first decision).
 *   <li>Across replicas and restarts, one of: each exclusive new name gets a {@link HostnameReservation}
 *       through the API server, whose create is the atomic step ({@link Reservations}); or every claim
 *       that adds a name is decided at one elected replica, the others forwarding it ({@link ClaimLeader}).
 * </ol>
 *
 * Requests with {@code dryRun} are checked against pending claims too but hold and reserve nothing.
 */
public final class ClaimGate {
  private final ClaimIndex index;
  private final @Nullable Reservations reservations;
  private final @Nullable ClaimLeader leader;
  private final Duration expiry;
  private final Clock clock;

  private ClaimGate(ClaimIndex index, @Nullable Reservations reservations, @Nullable ClaimLeader leader,
      Duration expiry, Clock clock) {
    if (!expiry.isPositive()) {
      throw new IllegalArgumentException("the reservation expiry must be positive, got " + expiry);
    }
    this.index = index;
    this.reservations = reservations;
    this.leader = leader;
    this.expiry = expiry;
    this.clock = clock;
  }

  /** Pending claims within this replica only: race-free for one replica. */
  public static ClaimGate withinReplica(ClaimIndex index, Duration expiry, Clock clock) {
    return new ClaimGate(index, null, null, expiry, clock);
  }

  /** Pending claims and HostnameReservations through the API server: race-free across replicas. */
  public static ClaimGate acrossReplicas(ClaimIndex index, KubernetesClient client,
      Duration expiry, Clock clock) {
    return new ClaimGate(index, new Reservations(client), null, expiry, clock);
  }

  /** Pending claims at one elected replica, the others forwarding to it: race-free across replicas, no API write. */
  static ClaimGate atLeader(ClaimIndex index, ClaimLeader leader, Duration expiry, Clock clock) {
    return new ClaimGate(index, null, leader, expiry, clock);
  }

  /** The API server could not be asked for a reservation: the reviewer refuses with 503. */
  static final class ReservationUnavailableException extends RuntimeException {
    ReservationUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Returns {@code decision} unless it is an Allow whose new names another namespace is claiming
   * right now; holds and reserves the names of an allowed, non-dry-run request.
   *
   * In leader mode a replica that is not the leader forwards such a request and returns the leader's decision.
   *
   * @throws ReservationUnavailableException when the API server cannot be asked
   * @throws ClaimLeader.UnavailableException when the leader cannot be asked
   */
  Decision settle(AdmissionInput input, boolean dryRun, PolicyEvaluator evaluator, Decision decision,
      Attachment attachment) {
    return settle(input, dryRun, evaluator, decision, attachment, true);
  }

  /**
   * As {@link #settle} but decided on this replica's claims whatever the mode: the leader's side of a
   * forwarded claim, and a follower's when the failure policy is Ignore and the leader is away.
   */
  Decision settleHere(AdmissionInput input, boolean dryRun, PolicyEvaluator evaluator, Decision decision,
      Attachment attachment) {
    return settle(input, dryRun, evaluator, decision, attachment, false);
  }

  private Decision settle(AdmissionInput input, boolean dryRun, PolicyEvaluator evaluator, Decision decision,
      Attachment attachment, boolean mayForward) {
    SourceObject object = input.object();
    if (!decision.allowed() || object == null || input.operation() == AdmissionInput.Operation.DELETE) {
      return decision;
    }
    Extraction extraction = ClaimExtractor.extract(object, attachment);
    Set<Hostname> held = input.oldObject() == null ? Set.of() : ClaimExtractor.extract(input.oldObject(), attachment)
        .claims().stream().map(Claim::hostname).collect(Collectors.toSet());
    Set<Hostname> added = new LinkedHashSet<>();
    for (Claim claim : extraction.claims()) {
      if (!held.contains(claim.hostname())) {
        added.add(claim.hostname());
      }
    }
    if (added.isEmpty()) {
      return decision;
    }
    if (mayForward && leader != null && !leader.deciding()) {
      return leader.forward(input, dryRun);
    }
    Instant now = clock.instant();
    Instant expires = now.plus(expiry);
    index.expire(now);
    ObjectRef self = extraction.object();
    Set<InputProblem> known = Set.copyOf(extraction.problems());
    Supplier<Optional<Decision>> recheck = () -> {
      Decision again = evaluator.evaluate(extraction, held, known, false, index, DnsView.EMPTY);
      return again.allowed() ? Optional.empty() : Optional.of(pendingDenial(added, self, evaluator).orElse(again));
    };
    if (dryRun) {
      return recheck.get().orElse(decision);
    }
    Optional<Decision> refused = index.hold(self, added, expires, recheck);
    Reservations store = reservations;
    if (refused.isPresent() || store == null) {
      return refused.orElse(decision);
    }
    return reserve(store, added, self, evaluator, now, expires).orElse(decision);
  }

  private Optional<Decision> reserve(Reservations reservations, Set<Hostname> added, ObjectRef self, PolicyEvaluator evaluator, Instant now,
      Instant expires) {
    List<HostnameReservation> made = new ArrayList<>();
    try {
      for (Hostname name : added) {
        if (evaluator.policy().isSharedWith(name, self.namespace()) || ownedHere(name, self)) {
          // shared: not exclusive; owned here: already decided (see ownedHere)
          continue;
        }
        HostnameReservation reservation = new HostnameReservation(name, self, expires);
        switch (reservations.reserve(reservation, index.live(), now)) {
          case Reservations.Outcome.Reserved r when r.created() -> made.add(reservation);
          case Reservations.Outcome.Reserved r -> {}
          case Reservations.Outcome.HeldBy h -> {
            undo(reservations, self, made);
            return Optional.of(conflict(name, h.holder().claimant(), h.pending()
                ? beingClaimed(name, h.holder().claimant(), null)
                : "hostname \"" + name + "\" is already claimed by " + h.holder().claimant().display()));
          }
        }
      }
      return Optional.empty();
    } catch (KubernetesClientException e) {
      undo(reservations, self, made);
      throw new ReservationUnavailableException("cannot reserve the names of " + self.display()
          + " through the API server (" + e.getMessage() + ")", e);
    }
  }

  /**
   * No reservation is needed for a shared name (nothing to decide between teams), nor for one whose
   * oldest live claim is already this namespace's: every other namespace is refused by that claim,
   * or, while a replica's informer has not delivered it yet, by the reservation it was admitted with.
   */
  private boolean ownedHere(Hostname name, ObjectRef self) {
    List<ObjectRef> live = index.live().claimsOn(name);
    return !live.isEmpty() && live.getFirst().namespace().equals(self.namespace());
  }

  private void undo(Reservations reservations, ObjectRef self, List<HostnameReservation> made) {
    index.release(self);
    for (HostnameReservation reservation : made) {
      try {
        reservations.release(reservation);
      } catch (KubernetesClientException e) {
        // it expires on its own
      }
    }
  }

  /** The first pending claim of another namespace that collides with one of {@code added}, as a denial. */
  private Optional<Decision> pendingDenial(Set<Hostname> added, ObjectRef self, PolicyEvaluator evaluator) {
    ClusterView pending = index.pending();
    String namespace = self.namespace();
    for (Hostname name : added) {
      if (evaluator.policy().isSharedWith(name, namespace)) {
        continue;
      }
      for (ObjectRef other : pending.claimsOn(name)) {
        if (!other.namespace().equals(namespace) && !other.sameObject(self)) {
          return Optional.of(conflict(name, other, beingClaimed(name, other, null)));
        }
      }
      for (IndexedClaim wildcard : pending.foreignWildcardsCovering(name, namespace)) {
        return Optional.of(conflict(name, wildcard.owner(), beingClaimed(name, wildcard.owner(), wildcard.hostname())));
      }
      if (name.isWildcard()) {
        Optional<IndexedClaim> below = pending.firstForeignBelow(name.wildcardBase(), namespace, c -> true);
        if (below.isPresent()) {
          return Optional.of(conflict(name, below.get().owner(), beingClaimed(name, below.get().owner(), below.get().hostname())));
        }
      }
    }
    return Optional.empty();
  }

  private static String beingClaimed(Hostname name, ObjectRef by, @Nullable Hostname as) {
    return "hostname \"" + name + "\" is being claimed right now by " + by.display()
        + (as == null ? "" : " (as \"" + as + "\")") + "; try again if that claim does not complete";
  }

  private static Decision conflict(Hostname name, ObjectRef by, String message) {
    return new Decision.Deny(DenyCode.CONFLICT, message, List.of(new Violation(PolicyRule.FIRST_CLAIM, DenyCode.CONFLICT,
        Optional.of(name), message, "is being claimed by " + by.display())));
  }
}
