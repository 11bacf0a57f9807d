package io.openova.dnsguard.cli;

import io.openova.dnsguard.policies.input.ManifestReader;
import io.openova.dnsguard.policies.input.ZoneFileReader;
import io.openova.dnsguard.policies.input.InputException;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.openova.dnsguard.policies.claim.ClaimExtractor;
import io.openova.dnsguard.policies.claim.SourceObject;
import io.openova.dnsguard.policies.claim.KubernetesObjects;
import io.openova.dnsguard.policies.ownership.ClaimIndex;
import io.openova.dnsguard.policies.ownership.ZoneOwnership;
import io.openova.dnsguard.policies.ownership.ZoneRecords;
import io.openova.dnsguard.policies.plan.Ownership;
import io.openova.dnsguard.policies.policy.AdmissionInput;
import io.openova.dnsguard.policies.policy.Decision;
import io.openova.dnsguard.policies.policy.DnsPolicy;
import io.openova.dnsguard.policies.policy.Enforcement;
import io.openova.dnsguard.policies.policy.ObjectDecision;
import io.openova.dnsguard.policies.policy.PolicyEvaluator;
import io.openova.dnsguard.policies.policy.PolicyException;
import io.openova.dnsguard.policies.policy.PolicyLoader;
import io.openova.dnsguard.commandline.Arguments;
import io.openova.dnsguard.commandline.Arguments.UsageException;
import io.openova.dnsguard.commandline.TxtKeyOption;
import io.openova.dnsguard.policies.registry.TxtRecordCodec;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code check --policy FILE [--cluster-state PATH]... [--dns-state ZONEFILE]... -f MANIFEST...
 * [--output json]}: decides on manifests offline, as the webhook would.
 *
 * <p>Cluster state holds the objects already in the cluster (Namespaces with their labels,
 * creationTimestamp and uid to order claims). A manifest object that already exists there is an
 * UPDATE. Manifests are applied in order: an allowed object's claims count against the ones after
 * it, as {@code kubectl apply -f} of the whole set would. Each line says what the policy's action
 * would do (DENY, WARN, AUDIT, ALLOW). Exit 0 all admitted, 1 any denied, 2 bad usage or unreadable
 * input (one line naming the file and the problem).
 */
final class CheckCommand {

  static final String USAGE =
      "usage: check --policy FILE [--cluster-state PATH]... [--dns-state ZONEFILE]... -f MANIFEST... [--output text|json]"
      + " [--txt-encrypt-aes-key-file FILE (or DNSGUARD_TXT_ENCRYPT_AES_KEY)]";

  static final Command COMMAND = ParsedCommand.offline("check", USAGE, Options.ACCEPTED,
      (arguments, out) -> check(Options.of(arguments), out));

  private CheckCommand() {}

  private static int check(Options options, PrintStream out) throws InputException, PolicyException {
    DnsPolicy policy = PolicyLoader.load(options.policy());
    ClaimIndex index = new ClaimIndex();
    Map<String, SourceObject> existing = new HashMap<>();
    for (Path path : options.clusterState()) {
      for (ManifestReader.Located located : ManifestReader.read(path)) {
        HasMetadata object = located.object();
        if (object instanceof Namespace namespace) {
          Map<String, String> labels = namespace.getMetadata().getLabels();
          index.putNamespace(namespace.getMetadata().getName(), labels == null ? Map.of() : labels);
          continue;
        }
        Optional<SourceObject> source = source(located);
        source.map(ClaimExtractor::extract).ifPresent(index::put);
        source.ifPresent(s -> existing.put(key(object), s));
      }
    }
    List<ZoneRecords> zones = new ArrayList<>();
    for (Path zoneFile : options.dnsState()) {
      zones.addAll(ZoneFileReader.read(zoneFile));
    }
    ZoneOwnership dns = Ownership.of(policy, options.txtCodec()).decode(zones);
    List<ManifestReader.Located> manifests = new ArrayList<>();
    for (Path manifest : options.manifests()) {
      manifests.addAll(ManifestReader.read(manifest));
    }
    PolicyEvaluator evaluator = new PolicyEvaluator(policy);
    boolean anyDenied = false;
    for (ManifestReader.Located located : manifests) {
      HasMetadata object = located.object();
      Optional<SourceObject> source = source(located); // input errors in metadata are exit 2, like unreadable YAML
      ObjectDecision decision;
      if (source.isPresent()) {
        SourceObject previous = existing.get(key(object));
        decision = evaluator.evaluate(previous == null ? AdmissionInput.create(source.get())
            : AdmissionInput.update(source.get(), previous), index, dns);
      } else { // a kind that claims no names
        decision = new ObjectDecision(Objects.requireNonNullElse(object.getKind(), ""),
            Objects.requireNonNullElse(object.getMetadata().getNamespace(), "default"),
            Objects.requireNonNullElse(object.getMetadata().getName(), ""), Decision.ALLOW);
      }
      Enforcement enforcement = Enforcement.of(policy, decision.decision());
      anyDenied |= !enforcement.admitted();
      print(decision, enforcement, options.json(), out);
      if (enforcement.admitted()) {
        source.map(ClaimExtractor::extract).ifPresent(index::put); // later manifests see it applied
        source.ifPresent(s -> existing.put(key(object), s));
      }
    }
    return anyDenied ? 1 : 0;
  }

  private static Optional<SourceObject> source(ManifestReader.Located located) throws InputException {
    try {
      return SourceObject.of(located.object());
    } catch (IllegalArgumentException e) {
      throw new InputException(located.origin() + ": " + e.getMessage());
    }
  }

  private static String key(HasMetadata object) {
    String namespace = object.getMetadata().getNamespace() == null ? "default" : object.getMetadata().getNamespace();
    return object.getApiVersion() + "/" + object.getKind() + "/" + namespace + "/" + object.getMetadata().getName();
  }

  /**
   * One line per object saying what admission would do: ALLOW, DENY (Enforce), WARN (admitted,
   * kubectl prints the warnings) or AUDIT (admitted silently, listed in the reports).
   */
  private static void print(ObjectDecision decision, Enforcement enforcement, boolean json, PrintStream out) {
    String object = decision.kind() + " " + decision.namespace() + "/" + decision.name();
    String outcome = switch (decision.decision()) {
      case Decision.Allow allow -> "ALLOW";
      case Decision.Deny deny -> enforcement.denial().isPresent() ? "DENY"
          : enforcement.warned().isEmpty() ? "AUDIT" : "WARN";
    };
    int code = enforcement.denial().map(d -> d.code().status()).orElse(200);
    String message = switch (decision.decision()) {
      case Decision.Allow allow -> "";
      case Decision.Deny deny -> enforcement.denial().map(Decision.Deny::message).orElse(deny.message());
    };
    if (json) {
      out.println(jsonLine(decision, enforcement, outcome, code, message));
    } else if (outcome.equals("ALLOW")) {
      out.println("ALLOW " + object);
    } else if (outcome.equals("DENY")) {
      out.println("DENY  " + object + " (" + code + "): " + message);
    } else {
      out.println(String.format("%-5s ", outcome) + object + " (admitted"
          + (outcome.equals("WARN") ? ", kubectl warns" : " silently") + "; reported): " + message);
      enforcement.warnings().forEach(w -> out.println("      Warning: " + w));
    }
  }

  private static String jsonLine(ObjectDecision decision, Enforcement enforcement, String outcome, int code,
      String message) {
    ObjectNode line = KubernetesObjects.mapper().createObjectNode();
    line.put("kind", decision.kind());
    line.put("namespace", decision.namespace());
    line.put("name", decision.name());
    line.put("allowed", enforcement.admitted());
    line.put("action", outcome.toLowerCase(java.util.Locale.ROOT));
    line.put("code", code);
    line.put("message", message);
    var warnings = line.putArray("warnings");
    enforcement.warnings().forEach(warnings::add);
    return KubernetesObjects.mapper().writeValueAsString(line);
  }

  record Options(
      Path policy, List<Path> clusterState, List<Path> dnsState, List<Path> manifests, boolean json,
      TxtRecordCodec txtCodec) {

    /** Manifests may follow {@code -f} as bare arguments: {@code -f a.yaml b.yaml}. */
    static final ParsedCommand.Options ACCEPTED = new ParsedCommand.Options(
        Set.of("--policy", "--cluster-state", "--dns-state", "--filename", "--output", TxtKeyOption.FILE_OPTION),
        Set.of("--cluster-state", "--dns-state", "--filename"), Set.of(), Map.of("-f", "--filename", "-o", "--output"),
        true);

    static Options of(Arguments arguments) {
      List<Path> manifests = new ArrayList<>(paths(arguments.all("--filename")));
      if (!arguments.positional().isEmpty()) {
        if (manifests.isEmpty()) {
          throw new UsageException("unexpected argument \"" + arguments.positional().getFirst()
              + "\" (manifests go after -f)");
        }
        manifests.addAll(paths(arguments.positional())); // "-f a.yaml b.yaml": more manifests
      }
      Path policy = Path.of(arguments.optional("--policy").orElseThrow(() -> new UsageException("--policy is required")));
      if (manifests.isEmpty()) {
        throw new UsageException("no manifests: give at least one -f FILE");
      }
      String output = arguments.optional("--output").orElse("text");
      if (!output.equals("json") && !output.equals("text")) {
        throw new UsageException("--output must be text or json, not \"" + output + "\"");
      }
      TxtRecordCodec codec = TxtKeyOption.codec(arguments.optional(TxtKeyOption.FILE_OPTION), System.getenv());
      return new Options(policy, paths(arguments.all("--cluster-state")), paths(arguments.all("--dns-state")),
          List.copyOf(manifests), output.equals("json"), codec);
    }

    private static List<Path> paths(List<String> names) {
      return names.stream().map(Path::of).toList();
    }
  }
}
