package io.openova.dnsguard.reconciler.events;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.openova.dnsguard.policies.plan.Conflict;
import io.openova.dnsguard.policies.policy.DenyCode;
import io.openova.dnsguard.reconciler.loop.Decisions;
import io.openova.dnsguard.reconciler.loop.SyncListener;
import io.openova.dnsguard.reconciler.loop.SyncReport;
import io.openova.dnsguard.reconciler.loop.ZoneOutcome;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Logger;

/**
 * Reports every object whose names a sync did not write, once per distinct reason: a Warning
 * Event on the object ({@code DNSPolicyDenied}, {@code DNSConflict} or {@code DNSInvalid} for the
 * policy's verdict; {@code DNSConflict} for records the planner refused to touch) and a log line.
 * A reason is reported again only after it went away and came back, or changed; a resync does not
 * repeat it. Event names derive from (object, reason, message), so a restarted process finds its
 * earlier Event (AlreadyExists) instead of adding another. Events are posted off the sync thread.
 */
public final class EventRecorder implements SyncListener {
  private static final Logger LOG = Logger.getLogger(EventRecorder.class.getName());
  public static final String COMPONENT = "dnsguard-reconciler";
  private static final int MAX_MESSAGE = 1024;

  /** One reported reason on one object. */
  record Report(HasMetadata object, String reason, String message) {
    String key() {
      return object.getMetadata().getUid() + "|" + reason;
    }
  }

  private final KubernetesClient client;
  private final String instance;
  private final Map<String, String> reported = new HashMap<>(); // key → message; sync thread only
  private final ExecutorService poster = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform()
      .name("dnsguard-events").daemon().unstarted(r));

  public EventRecorder(KubernetesClient client, String instance) {
    this.client = client;
    this.instance = instance;
  }

  @Override
  public void synced(SyncReport report) {
    Map<String, Report> now = new HashMap<>();
    for (Decisions.Denied denied : report.decisions().denied()) {
      Report r = new Report(denied.object(), reason(denied.deny().code()), denied.deny().message());
      now.merge(r.key(), r, (a, b) -> a);
    }
    Map<String, HasMetadata> byResource = report.decisions().byResource();
    for (ZoneOutcome zone : report.zones()) {
      for (Conflict conflict : zone.plan().conflicts()) {
        HasMetadata object = byResource.get(conflict.resource());
        if (object != null) {
          Report r = new Report(object, "DNSConflict", conflict.message());
          now.merge(r.key(), r, (a, b) -> new Report(a.object(), a.reason(), a.message() + "; " + b.message()));
        }
      }
    }
    reported.keySet().retainAll(now.keySet());
    for (Report r : now.values()) {
      if (!r.message().equals(reported.get(r.key()))) {
        reported.put(r.key(), r.message());
        LOG.warning(() -> "not syncing " + describe(r.object()) + ": " + r.message());
        poster.execute(() -> post(r));
      }
    }
  }

  private static String reason(DenyCode code) {
    return switch (code) {
      case CONFLICT -> "DNSConflict";
      case FORBIDDEN -> "DNSPolicyDenied";
      case INVALID -> "DNSInvalid";
    };
  }

  private void post(Report r) {
    HasMetadata object = r.object();
    String now = Instant.now().toString();
    String message = r.message().length() > MAX_MESSAGE ? r.message().substring(0, MAX_MESSAGE - 3) + "..." : r.message();
    Event event = new EventBuilder()
        .withNewMetadata()
        .withNamespace(object.getMetadata().getNamespace())
        .withName(object.getMetadata().getName() + "." + hash(object.getMetadata().getUid(), r.reason(), r.message()))
        .endMetadata()
        .withNewInvolvedObject()
        .withApiVersion(object.getApiVersion())
        .withKind(object.getKind())
        .withNamespace(object.getMetadata().getNamespace())
        .withName(object.getMetadata().getName())
        .withUid(object.getMetadata().getUid())
        .endInvolvedObject()
        .withType("Warning")
        .withReason(r.reason())
        .withMessage(message)
        .withNewSource().withComponent(COMPONENT).endSource()
        .withReportingComponent(COMPONENT)
        .withReportingInstance(instance)
        .withFirstTimestamp(now)
        .withLastTimestamp(now)
        .withCount(1)
        .build();
    try {
      client.v1().events().inNamespace(event.getMetadata().getNamespace()).resource(event).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) { // 409: reported before (e.g. by this process before a restart)
        LOG.warning(() -> "cannot record an Event on " + describe(object) + ": " + e.getMessage());
      }
    }
  }

  private static String describe(HasMetadata object) {
    return object.getKind() + " " + object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
  }

  private static String hash(String... parts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(String.join("\u0000", List.of(parts)).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Waits for Events being posted (tests, shutdown). */
  public void close() {
    poster.shutdown();
  }
}
