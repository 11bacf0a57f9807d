package io.openova.dnsguard.cli;

import io.openova.dnsguard.webhook.WebhookService;

/** {@code dnsguard serve}: the admission webhook ({@link WebhookService}), until the process is stopped. */
final class ServeCommand {

  static final String USAGE = """
      usage: dnsguard serve [--bind ADDR] [--tls-port 8443] [--http-port 8080]
                            (--policy-file FILE | --policy-name DNSPOLICY)
                            [--certs self-managed --tls-secret NS/NAME --service SVC --namespace NS
                             [--webhook-config NAME] [--dns EXTRA-SAN]... [--ip EXTRA-IP-SAN]...]
                            [--certs files --cert-dir DIR]
                            [--cache-sync-timeout 10m] [--dns-failure-policy fail|ignore] [--provider NAME ...]
                            [--txt-encrypt-aes-key-file FILE] (or DNSGUARD_TXT_ENCRYPT_AES_KEY)
                            [--claims-mode reservations|leader|local] [--reservation-expiry 30s]
                            [leader mode: [--advertise-address POD-IP] [--leader-election-namespace NS]
                             [--leader-election-id dnsguard-webhook-claims] [--leader-timeout 3s]
                             [--leader-failure-policy fail|ignore]]
      Every option may also come from the environment as DNSGUARD_<OPTION> (e.g. DNSGUARD_POLICY_NAME).""";

  static final Command COMMAND = ParsedCommand.server("serve", USAGE,
      ParsedCommand.Options.of(WebhookService.OPTIONS, WebhookService.REPEATABLE, WebhookService.FLAGS), WebhookService::run);

  private ServeCommand() {}
}
