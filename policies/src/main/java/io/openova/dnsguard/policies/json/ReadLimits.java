package io.openova.dnsguard.policies.json;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The limits every JSON document dnsguard reads is held to: admission reviews (and the objects in
 * them), provider API answers. Each is chosen from what a genuine document can hold, so that
 * anything beyond it is refused early with a message that names the limit, instead of costing
 * stack, CPU or memory:
 *
 * <ul>
 *   <li><b>nesting depth 100</b>: the kinds dnsguard reviews nest about 12 levels (their {@code
 *       managedFields} mirror that), a review adds 3, provider answers fewer than 10. Deeper input
 *       is an attack on recursive readers, not a resource.
 *   <li><b>number length 64 characters</b>: Kubernetes and every DNS API use 64-bit integers (at
 *       most 20 characters) and short decimals; quantities travel as strings.
 *   <li><b>string length 1 MiB</b>: the longest genuine string is an annotation value, and all of
 *       an object's annotations together are at most 256 KiB (the API server's limit); a provider's
 *       longest value is a TXT record of a few KiB.
 *   <li><b>property name length 4 KiB</b>: annotation keys are at most 317 characters, and the
 *       {@code k:{...}} keys of managedFields a few hundred.
 *   <li><b>document length</b>: given per source: 3 MiB for a review (the API server's own request
 *       limit), {@link #PROVIDER_DOCUMENT_BYTES} for a provider answer (a PowerDNS zone of 50,000
 *       names is ~19 MB).
 *   <li><b>duplicate property names</b> are refused: two {@code object} or {@code hostnames} fields
 *       would otherwise be decided by whichever a reader happens to keep.
 * </ul>
 */
public final class ReadLimits {
  public static final int MAX_NESTING_DEPTH = 100;
  public static final int MAX_NUMBER_LENGTH = 64;
  public static final int MAX_STRING_LENGTH = 1024 * 1024;
  public static final int MAX_NAME_LENGTH = 4096;
  public static final long PROVIDER_DOCUMENT_BYTES = 256L * 1024 * 1024;

  private ReadLimits() {}

  public static StreamReadConstraints constraints(long maxDocumentBytes) {
    return StreamReadConstraints.builder()
        .maxNestingDepth(MAX_NESTING_DEPTH)
        .maxNumberLength(MAX_NUMBER_LENGTH)
        .maxStringLength(MAX_STRING_LENGTH)
        .maxNameLength(MAX_NAME_LENGTH)
        .maxDocumentLength(maxDocumentBytes)
        .build();
  }

  /** A streaming factory holding documents to these limits. */
  public static JsonFactory factory(long maxDocumentBytes) {
    return JsonFactory.builder()
        .streamReadConstraints(constraints(maxDocumentBytes))
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
  }

  /** The mapper provider clients read answers with. */
  public static JsonMapper providerMapper() {
    return JsonMapper.builder(factory(PROVIDER_DOCUMENT_BYTES)).build();
  }

  /**
   * One line for people: which limit was hit, or what is malformed and where. Never the library's
   * message alone (a null location once made it throw a NullPointerException of its own).
   */
  public static String describe(JacksonException e) {
    if (e instanceof StreamConstraintsException) {
      return limitHit(String.valueOf(e.getOriginalMessage()));
    }
    TokenStreamLocation at = e.getLocation();
    String where = at == null || at.getLineNr() < 0 ? ""
        : " (at line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    return "malformed JSON: " + firstLine(e.getOriginalMessage()) + where;
  }

  private static String limitHit(String message) {
    if (message.contains("getMaxNestingDepth")) {
      return "JSON nests deeper than the limit of " + MAX_NESTING_DEPTH + " levels (nesting depth limit)";
    }
    if (message.contains("getMaxNumberLength")) {
      return "a JSON number is longer than the limit of " + MAX_NUMBER_LENGTH + " characters (number length limit)";
    }
    if (message.contains("getMaxStringLength")) {
      return "a JSON string is longer than the limit of " + MAX_STRING_LENGTH + " characters (string length limit)";
    }
    if (message.contains("getMaxNameLength")) {
      return "a JSON property name is longer than the limit of " + MAX_NAME_LENGTH
          + " characters (name length limit)";
    }
    if (message.contains("getMaxDocumentLength")) {
      return "the JSON document is longer than its limit (document length limit)";
    }
    return "the JSON document exceeds a read limit: " + firstLine(message);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    String line = message.lines().findFirst().orElse("unreadable");
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }
}
