package io.openova.dnsguard.cli;

import io.openova.dnsguard.reconciler.Reconciler;

/** {@code dnsguard run}: the DNS reconciler ({@link Reconciler}), until the process is stopped. */
final class RunCommand {

  static final String USAGE = """
      usage: dnsguard run (--policy-file FILE | --policy-name DNSPOLICY) --provider powerdns ...
                          [--bind 0.0.0.0] [--http-port 8080]
                          [--sync-mode sync|upsert-only|create-only] [--domain-filter DOMAIN]...
                          [--source crd|service|ingress|gateway-httproute|gateway-grpcroute|gateway-tlsroute|
                                    gateway-tcproute|gateway-udproute]... (default: all)
                          [--interval 1m] [--debounce 1s] [--dry-run]
                          [--leader-election-namespace NS] [--leader-election-id dnsguard-reconciler]
                          [--leader-election-lease-duration 15s] [--leader-election-renew-deadline 10s]
                          [--leader-election-retry-period 2s] [--no-leader-election]
                          [--cache-sync-timeout 10m] [--kube-request-timeout 2m]
                          [--txt-encrypt-aes-key-file FILE] (or DNSGUARD_TXT_ENCRYPT_AES_KEY)
                          [--reports auto|openreports|wgpolicyk8s|none]
      Every option may also come from the environment as DNSGUARD_<OPTION> (e.g. DNSGUARD_POLICY_NAME,
      DNSGUARD_DOMAIN_FILTER=a.example,b.example, DNSGUARD_NO_LEADER_ELECTION=true).""";

  static final Command COMMAND = ParsedCommand.server("run", USAGE,
      ParsedCommand.Options.of(Reconciler.RUN_OPTIONS, Reconciler.REPEATABLE, Reconciler.RUN_FLAGS),
      arguments -> Reconciler.run(arguments, System.getenv()));

  private RunCommand() {}
}
