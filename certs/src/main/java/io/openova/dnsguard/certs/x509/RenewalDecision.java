package io.openova.dnsguard.certs.x509;

import java.time.Instant;
import java.util.Objects;

/** What {@link RenewalSchedule} decided for the managed certificates. */
public sealed interface RenewalDecision {

  /** Nothing to do before {@code nextCheck}. */
  record Keep(Instant nextCheck) implements RenewalDecision {
    public Keep {
      Objects.requireNonNull(nextCheck, "nextCheck");
    }
  }

  /** Issue a new serving certificate from the current CA. */
  record RenewServing(String reason) implements RenewalDecision {
    public RenewServing {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** Make a new CA (keeping the old one in the bundle) and issue the serving certificate from it. */
  record RotateAuthority(String reason) implements RenewalDecision {
    public RotateAuthority {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
