package io.openova.dnsguard.reconciler.webhookprovider;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.policy.DnsPolicy;
import io.openova.dnsguard.policies.policy.DomainRule;
import io.openova.dnsguard.policies.policy.UnmanagedDomains;
import io.openova.dnsguard.provider.DnsProvider;
import io.openova.dnsguard.provider.ListedSet;
import io.openova.dnsguard.provider.ProviderException;
import io.openova.dnsguard.provider.Zone;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * external-dns's webhook provider protocol (v0.21, {@code provider/webhook}):
 * <ul>
 *   <li>{@code GET /}: negotiation; the media type header and the domain filter;</li>
 *   <li>{@code GET /records}: every record set of the zones served, as endpoints;</li>
 *   <li>{@code POST /records}: changes, checked by {@link ChangeGuard}; 204 when all were written;</li>
 *   <li>{@code POST /adjustendpoints}: the endpoints back byte for byte (PowerDNS stores them as given);</li>
 *   <li>{@code GET /healthz}.</li>
 * </ul>
 *
 * <h2>Status codes, from external-dns's client</h2>
 * Its client treats 500–510 as a soft error (logged; the next sync plans again from {@code GET
 * /records}) and any other non-success status as fatal: a long-running external-dns exits. So a
 * request refused in part or whole answers <b>500</b> with the refusals as JSON, after writing the
 * rest: external-dns logs the failed sync and counts it ({@code consecutive_soft_errors}), keeps
 * its other names in sync, and the next sync sends the refused change again — to be refused again,
 * visibly, until someone changes the source or the registry. Provider failures answer 503 (also
 * retried). 4xx is kept for what retrying cannot mend and someone must fix: 400 for a body that is
 * not the protocol, 401 without valid credentials, 403 for a request written as an owner id the
 * client may not use (it stops such an external-dns at once), 413 for a body over the 32 MiB that
 * newer external-dns releases also cap at.
 */
final class ProviderRoutes {
  private static final Logger LOG = Logger.getLogger(ProviderRoutes.class.getName());
  /** Record types external-dns can hold in its endpoints; SOA, LUA, ALIAS and unknown ones stay hidden. */
  private static final Set<RecordType> LISTED = Set.of(RecordType.A, RecordType.AAAA, RecordType.CNAME, RecordType.TXT,
      RecordType.NS, RecordType.MX, RecordType.SRV, RecordType.NAPTR, RecordType.PTR, RecordType.CAA);

  private final DnsProvider provider;
  private final Supplier<DnsPolicy> policy;
  private final ChangeGuard guard;
  private final ZoneListings listings;
  // The last GET /records answer and the listings it was made from: a sync that finds every zone as it was gets it again.
  private volatile @Nullable Answer lastRecords;
  private final @Nullable Clients clients;
  private final ProviderMetrics metrics;
  // Set by external-dns's first sync: the warm-up gives way to it.
  private volatile boolean synced;

  /**
   * @param clients the clients allowed, or null on loopback (every caller is {@link Caller.Local})
   */
  ProviderRoutes(DnsProvider provider, Supplier<DnsPolicy> policy, @Nullable Clients clients, ProviderMetrics metrics) {
    this.provider = provider;
    this.policy = policy;
    this.listings = new ZoneListings(provider);
    this.guard = new ChangeGuard(provider, policy, listings);
    this.clients = clients;
    this.metrics = metrics;
  }

  void register(HttpRouting.Builder routing) {
    routing
        .get("/healthz", (req, res) -> res.send("ok"))
        .get("/", (req, res) -> authenticated(req, res, "negotiate", caller -> negotiate(res)))
        .get("/records", (req, res) -> authenticated(req, res, "records", caller -> records(res)))
        .post("/records", (req, res) -> authenticated(req, res, "apply", caller -> apply(req, res, caller)))
        .post("/adjustendpoints", (req, res) -> authenticated(req, res, "adjust", caller -> adjust(req, res)));
  }

  /** Whether a sync has asked for the records or sent changes. */
  boolean synced() {
    return synced;
  }

  private interface Handler {
    int handle(Caller caller);
  }

  private void authenticated(ServerRequest req, ServerResponse res, String route, Handler handler) {
    long start = System.nanoTime();
    Optional<? extends Caller> caller = clients == null ? Optional.of(new Caller.Local())
        : clients.identify(req.headers().first(HeaderNames.AUTHORIZATION), req.remotePeer().tlsCertificates());
    int status;
    if (caller.isEmpty()) {
      LOG.warning(() -> "refused " + req.prologue().method().text() + " " + req.path().path() + " from "
          + req.remotePeer().address() + ": no valid credentials (bearer token or client certificate)");
      status = send(res, Status.UNAUTHORIZED_401, "text/plain", "credentials needed: a bearer token or a client certificate\n".getBytes());
    } else {
      if (!route.equals("negotiate")) {
        synced = true;
      }
      try {
        status = handler.handle(caller.get());
      } catch (ProviderException e) {
        LOG.warning(() -> route + " failed: " + e.getMessage());
        status = send(res, Status.SERVICE_UNAVAILABLE_503, "text/plain", (e.getMessage() + "\n").getBytes());
      } catch (RuntimeException e) {
        LOG.log(Level.SEVERE, "internal error in " + route, e);
        status = send(res, Status.INTERNAL_SERVER_ERROR_500, "text/plain", ("dnsguard internal error in " + route + "; see its log\n").getBytes());
      }
    }
    metrics.request(route, status);
    int answered = status;
    LOG.info(() -> route + " " + answered + " in " + (System.nanoTime() - start) / 1_000_000 + " ms");
  }

  private int negotiate(ServerResponse res) {
    DnsPolicy rules = policy.get();
    List<String> include = new ArrayList<>();
    if (rules.unmanagedDomains() == UnmanagedDomains.DENY) {
      rules.domains().stream().map(DomainRule::suffix).map(s -> s.value()).sorted().forEach(include::add);
    } else {
      provider.zones().stream().map(z -> z.name().value()).sorted().forEach(include::add);
    }
    return send(res, Status.OK_200, WireCodec.MEDIA_TYPE, WireCodec.domainFilter(include));
  }

  private record Answer(List<List<ListedSet>> from, byte[] body) {
    boolean madeFrom(List<List<ListedSet>> listed) {
      if (from.size() != listed.size()) {
        return false;
      }
      for (int i = 0; i < from.size(); i++) {
        if (from.get(i) != listed.get(i)) { // the kept listing itself, not an equal one
          return false;
        }
      }
      return true;
    }
  }

  private int records(ServerResponse res) {
    return send(res, Status.OK_200, WireCodec.MEDIA_TYPE, recordsBody());
  }

  /**
   * Lists every zone ahead of external-dns's first sync, the way {@code GET /records} does: the
   * listings are kept for it (see {@link ZoneListings}) and the code that reads and encodes them
   * has run once.
   *
   * @throws ProviderException when the provider cannot be read
   */
  void listAhead() {
    recordsBody();
  }

  // The zones are read in parallel (the provider serialises its writes, not its reads) and listed as stored.
  private byte[] recordsBody() {
    List<Zone> zones = provider.zones();
    List<CompletableFuture<List<ListedSet>>> reads = zones.stream()
        .map(zone -> CompletableFuture.supplyAsync(() -> listings.sets(zone), Thread::startVirtualThread))
        .toList();
    List<List<ListedSet>> listed = new ArrayList<>();
    for (CompletableFuture<List<ListedSet>> read : reads) {
      try {
        listed.add(read.join());
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException cause ? cause : e;
      }
    }
    @Nullable Answer last = lastRecords;
    if (last == null || !last.madeFrom(listed)) {
      last = new Answer(listed, WireCodec.endpoints(listed.stream()
          .flatMap(List::stream).filter(set -> LISTED.contains(set.type())).toList()));
      lastRecords = last;
    }
    return last.body();
  }

  private int apply(ServerRequest req, ServerResponse res, Caller caller) {
    Changes changes;
    try {
      changes = WireCodec.changes(req.content().as(byte[].class));
    } catch (WireCodec.BadBody e) {
      LOG.warning(() -> "refused POST /records from " + caller + ": " + e.getMessage());
      return send(res, Status.BAD_REQUEST_400, "text/plain", (e.getMessage() + "\n").getBytes());
    }
    Outcome outcome = guard.apply(changes, caller);
    metrics.outcome(outcome);
    for (Refusal refusal : outcome.refused()) {
      LOG.warning(() -> "refused " + refusal.reason().label() + ": " + refusal.recordType() + " " + refusal.dnsName()
          + " from " + caller + " as owner \"" + outcome.owner() + "\": " + refusal.message());
    }
    if (outcome.complete()) {
      LOG.fine(() -> caller + " as \"" + outcome.owner() + "\": " + outcome.applied() + " changes written");
      res.status(Status.NO_CONTENT_204).send();
      return 204;
    }
    LOG.info(() -> caller + " as \"" + outcome.owner() + "\": " + outcome.applied() + " changes written, "
        + outcome.refused().size() + " refused");
    return send(res, outcome.forbidden() ? Status.FORBIDDEN_403 : Status.INTERNAL_SERVER_ERROR_500,
        "application/json", WireCodec.refusals(outcome));
  }

  private int adjust(ServerRequest req, ServerResponse res) {
    try {
      return send(res, Status.OK_200, WireCodec.MEDIA_TYPE, WireCodec.endpointArray(req.content().as(byte[].class)));
    } catch (WireCodec.BadBody e) {
      return send(res, Status.BAD_REQUEST_400, "text/plain", (e.getMessage() + "\n").getBytes());
    }
  }

  private static int send(ServerResponse res, Status status, String contentType, byte[] body) {
    res.status(status).header(HeaderNames.CONTENT_TYPE, contentType).send(body);
    return status.code();
  }
}
