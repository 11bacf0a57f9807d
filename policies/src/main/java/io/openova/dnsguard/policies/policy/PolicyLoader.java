package io.openova.dnsguard.policies.policy;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import io.openova.dnsguard.policies.claim.KubernetesObjects;
import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.ParsedHostname;
import io.openova.dnsguard.policies.registry.TxtFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Loads {@code DNSPolicy} documents: validated against the published {@code dnspolicy.schema.json}
 * first, then read into a {@link DnsPolicy}. The same code serves a file ({@link #load(Path)}) and a
 * tree from the cluster custom resource ({@link #fromTree}); every error is one line naming the
 * source, the line (when known) and the field.
 */
public final class PolicyLoader {

  /** Classpath location of the schema; also shipped for editors and docs. */
  public static final String SCHEMA_RESOURCE = "/dnspolicy.schema.json";

  private static final Schema SCHEMA = loadSchema();

  private PolicyLoader() {}

  public static DnsPolicy load(Path file) throws PolicyException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException missing) {
      throw new PolicyException(file + ": no such file");
    } catch (CharacterCodingException notText) {
      throw new PolicyException(file + ": not UTF-8 text");
    } catch (IOException e) {
      throw new PolicyException(file + ": cannot read (" + e.getClass().getSimpleName() + ")");
    }
    return fromText(text, file.toString());
  }

  /** Reads a policy from YAML text; errors name {@code source} and the line. */
  public static DnsPolicy fromText(String text, String source) throws PolicyException {
    List<YamlDocuments.Document> documents;
    try {
      documents = YamlDocuments.parse(text);
    } catch (YamlDocuments.YamlSyntaxException e) {
      throw new PolicyException(source + ":" + e.line() + ": invalid YAML: " + e.getMessage());
    }
    if (documents.size() != 1) {
      throw new PolicyException(source + ": expected exactly one DNSPolicy document, found " + documents.size());
    }
    return read(documents.getFirst(), source, true);
  }

  /** Reads a policy from a parsed tree, e.g. the cluster's DNSPolicy custom resource. */
  public static DnsPolicy fromTree(JsonNode tree, String sourceName) throws PolicyException {
    return read(new YamlDocuments.Document(tree, Map.of()), sourceName, false);
  }

  /** Reads a policy from plain maps and lists (as a Kubernetes client hands out unstructured objects). */
  public static DnsPolicy fromMap(Map<String, ?> document, String sourceName) throws PolicyException {
    return fromTree(KubernetesObjects.mapper().valueToTree(document), sourceName);
  }

  private static DnsPolicy read(YamlDocuments.Document document, String source, boolean withLines)
      throws PolicyException {
    Locator at = new Locator(document, source, withLines);
    List<Error> errors = new ArrayList<>(SCHEMA.validate(document.tree()));
    if (!errors.isEmpty()) {
      errors.sort(Comparator.comparingInt(e -> document.lineOf(pointerOf(e))));
      Error first = errors.getFirst();
      throw at.error(pointerOf(first), messageOf(first));
    }
    JsonNode spec = document.tree().path("spec");
    String prefix = spec.path("txtPrefix").asString("");
    String suffix = spec.path("txtSuffix").asString("");
    if (!prefix.isEmpty() && !suffix.isEmpty()) {
      throw at.error("/spec/txtSuffix", "txtPrefix and txtSuffix are mutually exclusive (as in external-dns)");
    }
    TxtSettings txt =
        new TxtSettings(
            prefix,
            suffix,
            spec.path("txtFormat").asString("new").equals("old") ? TxtFormat.OLD : TxtFormat.NEW,
            spec.path("txtWildcardReplacement").asString(""));
    List<DomainRule> domains = new ArrayList<>();
    Set<Hostname> suffixes = new HashSet<>();
    JsonNode domainNodes = spec.path("domains");
    for (int i = 0; i < domainNodes.size(); i++) {
      String pointer = "/spec/domains/" + i;
      DomainRule rule = domain(domainNodes.get(i), pointer, at);
      if (!suffixes.add(rule.suffix())) {
        throw at.error(pointer + "/suffix", "domain \"" + rule.suffix() + "\" is listed twice");
      }
      domains.add(rule);
    }
    List<ShareRule> shares = new ArrayList<>();
    JsonNode shareNodes = spec.path("shares");
    for (int i = 0; i < shareNodes.size(); i++) {
      String pointer = "/spec/shares/" + i;
      JsonNode share = shareNodes.get(i);
      Hostname hostname = hostname(share.path("hostname").asString(), pointer + "/hostname", at, true);
      shares.add(new ShareRule(hostname, strings(share.path("namespaces"))));
    }
    return new DnsPolicy(
        document.tree().path("metadata").path("name").asString("default"),
        spec.path("ownerId").asString(),
        txt,
        spec.path("unmanagedDomains").asString("deny").equals("allow") ? UnmanagedDomains.ALLOW : UnmanagedDomains.DENY,
        spec.path("adoptUnowned").asBoolean(false),
        domains,
        shares,
        Action.parse(spec.path("action").asString("Enforce")));
  }

  private static DomainRule domain(JsonNode node, String pointer, Locator at) throws PolicyException {
    Hostname suffix = hostname(node.path("suffix").asString(), pointer + "/suffix", at, false);
    Optional<LabelSelector> selector = Optional.empty();
    if (node.has("namespaceSelector")) {
      selector = Optional.of(selector(node.path("namespaceSelector"), pointer + "/namespaceSelector", at));
    }
    WildcardPolicy wildcards =
        switch (node.path("wildcards").asString("sameNamespace")) {
          case "deny" -> WildcardPolicy.DENY;
          case "allow" -> WildcardPolicy.ALLOW;
          default -> WildcardPolicy.SAME_NAMESPACE; // the schema admits nothing else
        };
    Optional<Action> action = node.has("action") ? Optional.of(Action.parse(node.path("action").asString()))
        : Optional.empty();
    return new DomainRule(suffix, strings(node.path("namespaces")), selector, wildcards, action);
  }

  private static LabelSelector selector(JsonNode node, String pointer, Locator at) throws PolicyException {
    Map<String, String> matchLabels = new HashMap<>();
    node.path("matchLabels").properties().forEach(e -> matchLabels.put(e.getKey(), e.getValue().asString()));
    List<LabelSelector.Requirement> requirements = new ArrayList<>();
    JsonNode expressions = node.path("matchExpressions");
    for (int i = 0; i < expressions.size(); i++) {
      JsonNode expression = expressions.get(i);
      LabelSelector.Operator operator =
          switch (expression.path("operator").asString()) {
            case "In" -> LabelSelector.Operator.IN;
            case "NotIn" -> LabelSelector.Operator.NOT_IN;
            case "Exists" -> LabelSelector.Operator.EXISTS;
            default -> LabelSelector.Operator.DOES_NOT_EXIST; // the schema admits nothing else
          };
      try {
        requirements.add(new LabelSelector.Requirement(expression.path("key").asString(), operator, strings(expression.path("values"))));
      } catch (IllegalArgumentException e) {
        throw at.error(pointer + "/matchExpressions/" + i, Objects.requireNonNullElse(e.getMessage(), "invalid requirement"));
      }
    }
    return new LabelSelector(matchLabels, requirements);
  }

  private static Hostname hostname(String text, String pointer, Locator at, boolean wildcardAllowed)
      throws PolicyException {
    return switch (Hostname.parse(text)) {
      case ParsedHostname.Valid valid when !wildcardAllowed && valid.hostname().isWildcard() ->
          throw at.error(pointer, "a domain suffix must not be a wildcard (\"" + text + "\"); list the suffix itself");
      case ParsedHostname.Valid valid -> valid.hostname();
      case ParsedHostname.Invalid invalid -> throw at.error(pointer, invalid.message());
    };
  }

  private static Set<String> strings(JsonNode array) {
    Set<String> values = new LinkedHashSet<>();
    array.forEach(value -> values.add(value.asString()));
    return values;
  }

  private static String pointerOf(Error error) {
    NodePath path = error.getInstanceLocation();
    StringBuilder pointer = new StringBuilder();
    for (int i = 0; i < path.getNameCount(); i++) {
      pointer.append('/').append(String.valueOf(path.getElement(i)).replace("~", "~0").replace("/", "~1"));
    }
    if (error.getProperty() != null && "additionalProperties".equals(error.getKeyword())) {
      pointer.append('/').append(error.getProperty());
    }
    return pointer.toString();
  }

  private static String messageOf(Error error) {
    String message = error.getMessage();
    String location = error.getInstanceLocation().toString();
    if (message.startsWith(location + ": ")) {
      message = message.substring(location.length() + 2);
    }
    return message;
  }

  private static Schema loadSchema() {
    try (InputStream in = PolicyLoader.class.getResourceAsStream(SCHEMA_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(SCHEMA_RESOURCE + " is missing from the classpath");
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(text, InputFormat.JSON);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Formats errors as {@code source:line: field: problem}. */
  private record Locator(YamlDocuments.Document document, String source, boolean withLines) {
    PolicyException error(String pointer, String problem) {
      String field = fieldName(pointer);
      String where = withLines ? source + ":" + document.lineOf(pointer) : source;
      return new PolicyException(where + ": " + (field.isEmpty() ? "" : field + ": ") + problem);
    }

    private static String fieldName(String pointer) {
      StringBuilder field = new StringBuilder();
      for (String part : pointer.split("/")) {
        if (part.isEmpty()) {
          continue;
        }
        if (part.chars().allMatch(Character::isDigit)) {
          field.append('[').append(part).append(']');
        } else {
          field.append(field.isEmpty() ? "" : ".").append(part.replace("~1", "/").replace("~0", "~"));
        }
      }
      return field.toString();
    }
  }
}
