package io.openova.dnsguard.policies.name;

/** The rule an invalid hostname breaks; {@link #text()} is what users read in a denial. */
public enum HostnameRule {
  EMPTY("a hostname must not be empty"),
  EMPTY_LABEL("labels must not be empty (no leading dot, no \"..\")"),
  LABEL_TOO_LONG("a label must be 1-63 characters"),
  NAME_TOO_LONG("a hostname must be at most 253 characters"),
  LABEL_CHARACTERS("a label may only hold letters, digits and '-' (a leading '_' is reserved)"),
  LABEL_HYPHEN("a label must not start or end with '-'"),
  WILDCARD_POSITION("'*' is only allowed as the whole leftmost label"),
  IDNA("not a valid internationalised name (UTS #46)");

  private final String text;

  HostnameRule(String text) {
    this.text = text;
  }

  public String text() {
    return text;
  }
}
