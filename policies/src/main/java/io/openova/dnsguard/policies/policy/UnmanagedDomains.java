package io.openova.dnsguard.policies.policy;

/** What happens to a claim outside every domain of the policy. */
public enum UnmanagedDomains {
  DENY,
  ALLOW
}
