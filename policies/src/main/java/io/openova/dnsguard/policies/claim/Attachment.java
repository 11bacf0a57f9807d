package io.openova.dnsguard.policies.claim;

import java.util.Objects;

/**
 * Which parents of a route count when its effective hostnames are computed, and the Gateways they
 * are looked up in. Both halves go through {@link EffectiveHostnames} with one of these.
 */
public record Attachment(Mode mode, GatewayView gateways) {

  public enum Mode {
    /** No Gateway is known (offline {@code check}): a route's names are its hostnames as written. */
    AS_WRITTEN,
    /** Admission: the parents in {@code spec.parentRefs}, attached as the spec defines (no status yet). */
    SPEC,
    /**
     * The reconciler: the parents in {@code status.parents} that accepted the route, as external-dns
     * reads them (a ListenerSet and its listener must be accepted too).
     */
    ACCEPTED
  }

  /** Route hostnames as written, no Gateway known. */
  public static final Attachment AS_WRITTEN = new Attachment(Mode.AS_WRITTEN, GatewayView.NONE);

  public Attachment {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(gateways, "gateways");
  }

  public static Attachment spec(GatewayView gateways) {
    return new Attachment(Mode.SPEC, gateways);
  }

  public static Attachment accepted(GatewayView gateways) {
    return new Attachment(Mode.ACCEPTED, gateways);
  }

  /** The same rules against {@code view} (e.g. with a Gateway being admitted in place of the cached one). */
  public Attachment against(GatewayView view) {
    return new Attachment(mode, view);
  }
}
