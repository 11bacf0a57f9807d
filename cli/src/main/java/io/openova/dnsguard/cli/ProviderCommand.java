package io.openova.dnsguard.cli;

import io.openova.dnsguard.reconciler.webhookprovider.ProviderServer;
import java.util.Set;

/**
 * {@code dnsguard provider}: external-dns's webhook provider protocol in front of a dnsguard
 * provider ({@link ProviderServer}), until the process is stopped.
 */
final class ProviderCommand {

  static final String USAGE = """
      usage: dnsguard provider (--policy-file FILE | --policy-name DNSPOLICY) --provider powerdns ...
                               [--bind 127.0.0.1] [--port 8888] [--http-bind 0.0.0.0] [--http-port 8080]
                               [--tls-cert-file PEM --tls-key-file PEM [--client-ca-file PEM]] [--clients FILE]
                               [--no-warm-up]
      Serves external-dns's webhook provider protocol (external-dns --provider=webhook
      --webhook-provider-url=http://127.0.0.1:8888). Off loopback, --tls-cert-file, --tls-key-file and
      --clients are required. Probes (/healthz, /readyz) and /metrics on --http-port.
      Before /readyz answers ready, a warm-up rehearses a few thousand changes in memory (about 1-2 s of
      CPU) so the first sync runs compiled code; it gives way when a sync arrives. --no-warm-up skips it.
      Every option may also come from the environment as DNSGUARD_<OPTION>.""";

  static final Command COMMAND = ParsedCommand.server("provider", USAGE,
      ParsedCommand.Options.of(ProviderServer.OPTIONS, Set.of(), ProviderServer.FLAGS), ProviderServer::run);

  private ProviderCommand() {}
}
