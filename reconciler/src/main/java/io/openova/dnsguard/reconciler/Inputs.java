package io.openova.dnsguard.reconciler;

import io.openova.dnsguard.provider.support.Timeouts;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.openova.dnsguard.policies.claim.Attachment;
import io.openova.dnsguard.policies.claim.SourceKind;
import io.openova.dnsguard.commandline.Arguments;
import io.openova.dnsguard.commandline.Arguments.UsageException;
import io.openova.dnsguard.commandline.TxtKeyOption;
import io.openova.dnsguard.policies.name.ParsedHostname;
import io.openova.dnsguard.policies.ownership.ClaimIndex;
import io.openova.dnsguard.policies.plan.SyncMode;
import io.openova.dnsguard.policies.policy.PolicyException;
import io.openova.dnsguard.policies.registry.TxtRecordCodec;
import io.openova.dnsguard.reconciler.loop.DnsTarget;
import io.openova.dnsguard.reconciler.loop.DomainFilter;
import io.openova.dnsguard.reconciler.loop.Sources;
import io.openova.dnsguard.provider.DnsProvider;
import io.openova.dnsguard.provider.ProviderOptions;
import io.openova.dnsguard.reconciler.source.EndpointSource;
import io.openova.dnsguard.kube.ClaimIndexFeeder;
import io.openova.dnsguard.kube.KubeClients;
import io.openova.dnsguard.kube.PolicySource;
import io.openova.dnsguard.kube.SourceInformers;
import io.openova.dnsguard.kube.SourceListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * What {@code run} and {@code plan} read alike: the API server, the policy, the provider, the sync
 * mode and the domain filter, and the informers that feed a sync. Wiring only.
 */
final class Inputs implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Inputs.class.getName());

  /** Options both commands take (besides the provider's). */
  static final Set<String> OPTIONS = Set.of("--policy-file", "--policy-name", "--sync-mode", "--domain-filter",
      "--source", "--cache-sync-timeout", "--kube-request-timeout", TxtKeyOption.FILE_OPTION);

  final KubernetesClient client;
  final PolicySource policy;
  final ClaimIndex claims = new ClaimIndex();
  final SourceInformers informers;
  final DnsProvider provider;
  final DomainFilter domains;
  final SyncMode mode;
  final Duration cacheSyncTimeout;
  final TxtRecordCodec txtCodec;
  private volatile Runnable changed = () -> {};
  private volatile Runnable contextChanged = () -> {};

  private Inputs(Arguments arguments, Map<String, String> environment) throws PolicyException {
    if (arguments.optional("--policy-file").isPresent() == arguments.optional("--policy-name").isPresent()) {
      throw new UsageException("give exactly one of --policy-file and --policy-name");
    }
    this.provider = ProviderOptions.from(arguments, environment)
        .orElseThrow(() -> new UsageException("a DNS provider is needed: --provider powerdns ..."));
    this.txtCodec = TxtKeyOption.codec(arguments, environment);
    this.mode = arguments.choice("--sync-mode", SyncMode.class, SyncMode.SYNC);
    this.domains = DomainFilter.of(domainFilter(arguments));
    this.cacheSyncTimeout = arguments.duration("--cache-sync-timeout", Duration.ofMinutes(10));
    Duration requestTimeout = arguments.duration("--kube-request-timeout", KubeClients.REQUEST);
    Set<SourceKind> kinds = sources(arguments);
    PolicySource fromFile = arguments.optional("--policy-file").isPresent()
        ? PolicySource.file(Path.of(arguments.required("--policy-file"))) : null;
    this.client = KubeClients.create(requestTimeout);
    this.policy = fromFile != null ? fromFile : PolicySource.cluster(client, arguments.required("--policy-name"));
    this.informers = new SourceInformers(client);
    // First: their lists are the longest wait of a start and need nothing but the client; the rest of
    // start-up (the loop, its first zone read, the probes server) goes on once the Namespaces' informer
    // has started, or after 2 s.
    informers.start(SourceListener.all(List.of(ClaimIndexFeeder.of(claims, informers, Attachment.Mode.ACCEPTED),
        SourceListener.onContextChange(() -> contextChanged.run()), SourceListener.onAnyChange(() -> changed.run()))),
        Duration.ZERO, kinds);
    if (kinds.size() < SourceKind.values().length) {
      LOG.info(() -> "watching only the sources asked for: "
          + kinds.stream().map(SourceKind::sourceName).collect(Collectors.joining(", ")));
    }
  }

  static Inputs of(Arguments arguments, Map<String, String> environment) throws PolicyException {
    return new Inputs(arguments, environment);
  }

  static Set<String> options(Set<String> own) {
    Set<String> all = new HashSet<>(own);
    all.addAll(OPTIONS);
    all.addAll(ProviderOptions.OPTIONS);
    return Set.copyOf(all);
  }

  /** The command's own flags plus the providers' (e.g. {@code --cloudflare-proxied}). */
  static Set<String> flags(Set<String> own) {
    Set<String> all = new HashSet<>(own);
    all.addAll(ProviderOptions.FLAGS);
    return Set.copyOf(all);
  }

  /**
   * From now on every change the informers see (they started with these inputs and feed the claim
   * index) also calls {@code changed} (e.g. the loop's trigger), {@code contextChanged} first when a
   * Namespace, Gateway or ListenerSet changed. Changes before this call reach neither: the first
   * sync decides everything anyway.
   */
  void onChanges(Runnable changed, Runnable contextChanged) {
    this.contextChanged = contextChanged;
    this.changed = changed;
  }

  Sources sources() {
    return new Sources(informers::objects, claims, new EndpointSource(Attachment.accepted(informers.gatewayView())));
  }

  DnsTarget target(UnaryOperator<DnsProvider> decorate) {
    return new DnsTarget(decorate.apply(provider), domains, mode);
  }

  /**
   * The kinds {@code --source} names, as external-dns's flag does ({@code --source crd --source
   * ingress}); every kind when none is given. A reconciler publishes only what it watches, and its
   * own check of first claims sees only those kinds; the webhook judges every kind.
   */
  static Set<SourceKind> sources(Arguments arguments) {
    List<String> given = repeated(arguments, "--source");
    if (given.isEmpty()) {
      return EnumSet.allOf(SourceKind.class);
    }
    Set<SourceKind> kinds = EnumSet.noneOf(SourceKind.class);
    for (String name : given) {
      kinds.add(SourceKind.ofSourceName(name).orElseThrow(() -> new UsageException("--source \"" + name
          + "\": not a source dnsguard watches; one of " + Arrays.stream(SourceKind.values())
          .map(SourceKind::sourceName).collect(Collectors.joining(", ")))));
    }
    return kinds;
  }

  // An option given again and again, or once from the environment as a list: DNSGUARD_SOURCE=crd,ingress.
  private static List<String> repeated(Arguments arguments, String option) {
    List<String> given = new ArrayList<>(arguments.all(option));
    if (given.isEmpty()) {
      arguments.optional(option).ifPresent(list -> {
        for (String part : list.split(",")) {
          if (!part.isBlank()) {
            given.add(part.strip());
          }
        }
      });
    }
    return given;
  }

  private static List<String> domainFilter(Arguments arguments) {
    List<String> given = repeated(arguments, "--domain-filter");
    for (String domain : given) {
      if (io.openova.dnsguard.policies.name.Hostname.parse(domain) instanceof ParsedHostname.Invalid invalid) {
        throw new UsageException("--domain-filter \"" + domain + "\": " + invalid.message());
      }
    }
    return given;
  }

  @Override
  public void close() {
    informers.close();
    policy.close();
    client.close();
  }
}
