package io.openova.dnsguard.policies.registry;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.ParsedHostname;
import io.openova.dnsguard.policies.name.RecordType;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Maps endpoint names to ownership TXT record names and back, as external-dns's affix name mapper
 * does ({@code --txt-prefix} / {@code --txt-suffix}, mutually exclusive, either may hold {@code
 * %{record_type}}; {@code --txt-wildcard-replacement} replaces a leading {@code *}).
 *
 * <p>Examples with prefix {@code _externaldns.}: new format {@code api.example.com} A → {@code
 * _externaldns.a-api.example.com}; old format → {@code _externaldns.api.example.com}. A wildcard
 * keeps its {@code *} inside the label ({@code _externaldns.a-*.example.com}) unless a replacement
 * is configured, exactly as external-dns writes it.
 */
public final class TxtNameMapper {

  static final String RECORD_TYPE_TEMPLATE = "%{record_type}";
  /**
   * The types external-dns's mapper recognises in TXT names, in its order: a new-format name of any
   * other type never reads back as an ownership record of the name it was spelled for.
   */
  public static final List<RecordType> TYPED =
      List.of(RecordType.A, RecordType.AAAA, RecordType.CNAME, RecordType.NS, RecordType.MX, RecordType.SRV, RecordType.NAPTR);

  private final String prefix;
  private final String suffix;
  private final String wildcardReplacement;
  // The affixes as each name's ownership record names use them, worked out once (a sync asks for
  // several names per hostname): by type for the new format, the type's text in place of the
  // template; for the old format, without it.
  private final boolean typeInAffix;
  private final String[] newPrefix = new String[RecordType.values().length];
  private final String[] newSuffix = new String[RecordType.values().length];
  private final String oldPrefix;
  private final String oldSuffix;

  public TxtNameMapper(String prefix, String suffix, String wildcardReplacement) {
    if (!prefix.isEmpty() && !suffix.isEmpty()) {
      throw new IllegalArgumentException("txtPrefix and txtSuffix are mutually exclusive");
    }
    this.prefix = prefix.toLowerCase(Locale.ROOT);
    this.suffix = suffix.toLowerCase(Locale.ROOT);
    this.wildcardReplacement = wildcardReplacement.toLowerCase(Locale.ROOT);
    this.typeInAffix = this.prefix.contains(RECORD_TYPE_TEMPLATE) || this.suffix.contains(RECORD_TYPE_TEMPLATE);
    for (RecordType type : RecordType.values()) {
      String text = type.lowerCase();
      newPrefix[type.ordinal()] = typeInAffix ? this.prefix.replace(RECORD_TYPE_TEMPLATE, text) : this.prefix + text + "-";
      newSuffix[type.ordinal()] = this.suffix.replace(RECORD_TYPE_TEMPLATE, text);
    }
    this.oldPrefix = this.prefix.replace(RECORD_TYPE_TEMPLATE, "");
    this.oldSuffix = this.suffix.replace(RECORD_TYPE_TEMPLATE, "");
  }

  /** True if a prefix or suffix is configured: then only ownership records have ownership record names. */
  public boolean hasAffix() {
    return !prefix.isEmpty() || !suffix.isEmpty();
  }

  /** The ownership record name for {@code endpoint} of {@code type} in {@code format}. */
  public String toTxtName(Hostname endpoint, RecordType type, TxtFormat format) {
    String name = endpoint.value();
    int dot = name.indexOf('.');
    int end = dot < 0 ? name.length() : dot;
    boolean wildcard = !wildcardReplacement.isEmpty() && end == 1 && name.charAt(0) == '*';
    String before = format == TxtFormat.NEW ? newPrefix[type.ordinal()] : oldPrefix;
    String after = format == TxtFormat.NEW ? newSuffix[type.ordinal()] : oldSuffix;
    StringBuilder txt = new StringBuilder(name.length() + before.length() + after.length() + wildcardReplacement.length())
        .append(before);
    if (wildcard) {
      txt.append(wildcardReplacement);
    } else {
      txt.append(name, 0, end);
    }
    return txt.append(after).append(name, end, name.length()).toString();
  }

  /** True if a record with this name is, by its shape, an ownership record (of either format). */
  public Optional<OwnershipRecordName> toEndpoint(String txtRecordName) {
    String lower = stripTrailingDot(txtRecordName.toLowerCase(Locale.ROOT));
    Optional<NameAndType> found;
    if (suffix.isEmpty()) {
      found = dropAffix(lower);
    } else {
      int dotsInSuffix = (int) suffix.chars().filter(c -> c == '.').count();
      int cut = nthDot(lower, dotsInSuffix + 1);
      String head = cut < 0 ? lower : lower.substring(0, cut);
      String tail = cut < 0 ? "" : lower.substring(cut);
      found = dropAffix(head).map(n -> new NameAndType(n.name() + tail, n.type()));
    }
    return found.flatMap(this::toOwnershipName);
  }

  private Optional<OwnershipRecordName> toOwnershipName(NameAndType found) {
    String name = found.name();
    if (!wildcardReplacement.isEmpty() && (name.equals(wildcardReplacement) || name.startsWith(wildcardReplacement + "."))) {
      name = "*" + name.substring(wildcardReplacement.length());
    }
    return Hostname.parse(name) instanceof ParsedHostname.Valid valid
        ? Optional.of(new OwnershipRecordName(valid.hostname(), found.type()))
        : Optional.empty();
  }

  private Optional<NameAndType> dropAffix(String name) {
    if (typeInAffix) {
      for (RecordType type : TYPED) {
        String typedPrefix = newPrefix[type.ordinal()];
        String typedSuffix = newSuffix[type.ordinal()];
        if (suffix.isEmpty() && name.startsWith(typedPrefix)) {
          return Optional.of(new NameAndType(name.substring(typedPrefix.length()), Optional.of(type)));
        }
        if (!suffix.isEmpty() && name.endsWith(typedSuffix)) {
          return Optional.of(new NameAndType(name.substring(0, name.length() - typedSuffix.length()), Optional.of(type)));
        }
      }
    }
    // Old-format records (with a template: written with it removed).
    if (suffix.isEmpty() && name.startsWith(oldPrefix)) {
      return Optional.of(typeAtDefaultPosition(name.substring(oldPrefix.length())));
    }
    if (!suffix.isEmpty() && name.endsWith(oldSuffix)) {
      return Optional.of(typeAtDefaultPosition(name.substring(0, name.length() - oldSuffix.length())));
    }
    return Optional.empty();
  }

  // "a-api.example.com" → (api.example.com, A); a name without a known type stays as it is (old format).
  private static NameAndType typeAtDefaultPosition(String name) {
    int dash = name.indexOf('-');
    if (dash > 0) {
      String head = name.substring(0, dash);
      for (RecordType type : TYPED) {
        if (head.equals(type.lowerCase())) {
          return new NameAndType(name.substring(dash + 1), Optional.of(type));
        }
      }
    }
    return new NameAndType(name, Optional.empty());
  }

  private static int nthDot(String s, int n) {
    int index = -1;
    for (int i = 0; i < n; i++) {
      index = s.indexOf('.', index + 1);
      if (index < 0) {
        return -1;
      }
    }
    return index;
  }

  private static String stripTrailingDot(String s) {
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }

  private record NameAndType(String name, Optional<RecordType> type) {}
}
