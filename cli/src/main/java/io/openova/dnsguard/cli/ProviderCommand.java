package io.openova.dnsguard.cli;

import io.openova.dnsguard.reconciler.webhookprovider.ProviderServer;
import java.io.PrintStream;
import java.util.List;
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
      Serves external-dns's webhook provider protocol (external-dns --provider=webhook
      --webhook-provider-url=http://127.0.0.1:8888). Off loopback, --tls-cert-file, --tls-key-file and
      --clients are required. Probes (/healthz, /readyz) and /metrics on --http-port.
      Every option may also come from the environment as DNSGUARD_<OPTION>.""";

  static final Command COMMAND = ParsedCommand.cluster("provider", USAGE,
      ParsedCommand.Options.of(ProviderServer.OPTIONS, Set.of(), ProviderServer.FLAGS),
      (arguments, out) -> {
        ProviderServer.run(arguments);
        return 0;
      });

  private ProviderCommand() {}

  static int run(List<String> args, PrintStream out, PrintStream err) {
    return COMMAND.run(args, out, err);
  }
}
