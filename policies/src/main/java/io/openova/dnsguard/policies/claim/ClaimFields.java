package io.openova.dnsguard.policies.claim;

import static tools.jackson.core.filter.TokenFilter.INCLUDE_ALL;

import java.util.Map;
import tools.jackson.core.filter.TokenFilter;

/**
 * The parts of a Kubernetes object the rule book reads: {@code apiVersion}, {@code kind}, the
 * metadata that names the object and carries the external-dns annotations, and the spec fields
 * that hold hostnames ({@code hostnames}, Ingress {@code rules[].host} and {@code tls},
 * DNSEndpoint {@code endpoints}). An admission review's object is copied through this filter, so
 * the rest of it (route rules, pod templates, managedFields, status) is neither buffered nor bound.
 *
 * <p>Kept beside {@link ClaimExtractor} because the two must agree: a field read there and dropped
 * here would hide a claim. Objects and arrays left empty by the filter are kept, so the index of a
 * kept element (and the {@code spec.rules[i].host} a problem names) is the same as in the input;
 * a value of an unexpected type passes through whole, so binding still reports it.
 */
public final class ClaimFields {
  /** The root filter, for {@code FilteringGeneratorDelegate}/{@code FilteringParserDelegate}. */
  public static final TokenFilter FILTER = new Properties(Map.of(
      "apiVersion", INCLUDE_ALL,
      "kind", INCLUDE_ALL,
      "metadata", new Properties(Map.of(
          "name", INCLUDE_ALL,
          "namespace", INCLUDE_ALL,
          "uid", INCLUDE_ALL,
          "creationTimestamp", INCLUDE_ALL,
          "annotations", INCLUDE_ALL)),
      "spec", new Properties(Map.of(
          "hostnames", INCLUDE_ALL,
          "tls", INCLUDE_ALL,
          "endpoints", INCLUDE_ALL,
          "rules", new Elements(new Properties(Map.of("host", INCLUDE_ALL)))))));

  private ClaimFields() {}

  /** An object: the listed properties through their filters, the others dropped. */
  private static final class Properties extends TokenFilter {
    private final Map<String, TokenFilter> kept;

    Properties(Map<String, TokenFilter> kept) {
      this.kept = kept;
    }

    @Override
    public TokenFilter includeProperty(String name) {
      return kept.get(name);
    }

    @Override
    public boolean includeEmptyObject(boolean contentsFiltered) {
      return true;
    }
  }

  /** An array whose every element goes through {@code element}. */
  private static final class Elements extends TokenFilter {
    private final TokenFilter element;

    Elements(TokenFilter element) {
      this.element = element;
    }

    @Override
    public TokenFilter includeElement(int index) {
      return element;
    }

    @Override
    public boolean includeEmptyArray(boolean contentsFiltered) {
      return true;
    }
  }
}
