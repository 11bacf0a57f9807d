package io.openova.dnsguard.policies.policy;

/**
 * The rule a violation breaks, as reports, metrics and the DNSPolicy status name it. The order is
 * the evaluator's: the first rule a claim breaks is its violation.
 */
public enum PolicyRule {
  /** The object's own input does not parse (hostname, ttl, target). */
  VALID_INPUT("valid-input"),
  /** A {@code _} label, or a name that is an ownership TXT record. */
  RESERVED_NAME("reserved-name"),
  /** The namespace may not use the domain, or the name is outside every domain. */
  DOMAIN_PERMISSION("domain-permission"),
  /** The domain does not allow wildcards. */
  WILDCARD_POLICY("wildcard-policy"),
  /** Another namespace claimed the name (or a wildcard over it) first. */
  FIRST_CLAIM("first-claim"),
  /** DNS says another external-dns owner, an unreadable record or nobody owns the name. */
  DNS_OWNERSHIP("dns-ownership"),
  /** CNAME beside other types or at a zone apex. */
  RECORD_SANITY("record-sanity");

  private final String id;

  PolicyRule(String id) {
    this.id = id;
  }

  /** The rule's name in reports, metrics and status, e.g. {@code first-claim}. */
  public String id() {
    return id;
  }
}
