package io.openova.dnsguard.policies.policy;

/**
 * Who may claim {@code *.Z} under a domain.
 *
 * <ul>
 *   <li>{@link #DENY}: nobody.
 *   <li>{@link #SAME_NAMESPACE} (default): a wildcard conflicts both ways with any name below it
 *       that another namespace owns.
 *   <li>{@link #ALLOW}: a wildcard may sit above names owned by other namespaces (the more specific
 *       DNS record wins at resolution time); identical wildcards still conflict.
 * </ul>
 */
public enum WildcardPolicy {
  DENY,
  SAME_NAMESPACE,
  ALLOW
}
