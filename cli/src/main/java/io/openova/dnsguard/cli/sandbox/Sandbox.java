package io.openova.dnsguard.cli.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.openova.dnsguard.policies.registry.DecodedTxt;
import io.openova.dnsguard.policies.registry.TxtRecordCodec;
import io.openova.dnsguard.reconciler.Reconciler;
import io.openova.dnsguard.testbench.DnsQuery;
import io.openova.dnsguard.testbench.FreePorts;
import io.openova.dnsguard.testbench.KubeApiServer;
import io.openova.dnsguard.testbench.PowerDnsServer;
import io.openova.dnsguard.webhook.WebhookRegistration;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The local sandbox behind {@code ./dnsguard up}: a real kube-apiserver + etcd, a real PowerDNS,
 * and dnsguard's own {@code serve} and {@code run} as separate processes, wired as the Helm chart
 * wires them, then the story of {@code examples/} told step by step.
 */
final class Sandbox implements AutoCloseable {
  static final String SYSTEM_NAMESPACE = "dnsguard-system";
  static final String WEBHOOK_CONFIG = "dnsguard";
  static final String ZONE = "example.com";
  static final String CONTROLLER = "sandbox.dnsguard.openova.io/gateway-controller";

  private final Path home;
  private final Path dir;
  private final PrintStream out;
  private final List<AutoCloseable> started = new ArrayList<>();

  /** What happened to each applied object: admitted, or refused with the API server's message. */
  record Outcome(String object, boolean admitted, String message) {}

  Sandbox(Path home, Path dir, PrintStream out) {
    this.home = home;
    this.dir = dir;
    this.out = out;
  }

  /** Runs every step; returns whether everything did what examples/README.md says it should. */
  boolean up() throws Exception {
    long start = System.nanoTime();
    Files.createDirectories(dir);
    List<Path> examples = examples();
    Progress progress = new Progress(out, 7);

    KubeApiServer kube = progress.step("kube-apiserver + etcd", () -> KubeApiServer.start(crds(), List.of()));
    started.add(kube);
    Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), kube.kubeconfig());
    KubernetesClient client = kube.client();

    PowerDnsServer pdns = progress.step("PowerDNS with zone " + ZONE, () -> {
      PowerDnsServer server = PowerDnsServer.start(dir.resolve("pdns"), PowerDnsServer.Options.recommended());
      server.createZone(ZONE);
      var seeded = server.api("PATCH", "/api/v1/servers/localhost/zones/" + ZONE + ".",
          Files.readString(home.resolve("examples/zone-example.com.json")));
      if (seeded.statusCode() != 204) {
        throw new SandboxException("PowerDNS refused the seed records: HTTP " + seeded.statusCode() + " " + seeded.body());
      }
      return server;
    });
    started.add(pdns);

    List<HasMetadata> objects = load(client, examples);
    progress.step("namespaces and DNSPolicy from examples/", () -> {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(SYSTEM_NAMESPACE).endMetadata()
          .build()).create();
      for (HasMetadata object : objects) {
        if (object instanceof Namespace || "DNSPolicy".equals(object.getKind())) {
          client.resource(object).create();
        }
      }
      return null;
    });

    Map<String, String> env = Map.of("KUBECONFIG", kubeconfig.toString(), "DNSGUARD_PDNS_API_KEY", pdns.apiKey());
    List<String> provider = List.of("--provider", "powerdns", "--pdns-url", pdns.apiUrl().toString());
    int tlsPort = FreePorts.find(false);
    int webhookHttp = FreePorts.find(false);
    progress.step("dnsguard serve (admission webhook)", () -> {
      registerWebhook(client, tlsPort);
      List<String> args = new ArrayList<>(List.of("serve", "--bind", "127.0.0.1", "--tls-port", Integer.toString(tlsPort),
          "--http-port", Integer.toString(webhookHttp), "--policy-name", "default",
          "--certs", "self-managed", "--tls-secret", SYSTEM_NAMESPACE + "/dnsguard-webhook-tls",
          "--service", "dnsguard-webhook", "--namespace", SYSTEM_NAMESPACE, "--webhook-config", WEBHOOK_CONFIG,
          "--ip", "127.0.0.1"));
      args.addAll(provider);
      ChildProcess serve = ChildProcess.start("serve", dir, webhookHttp, env, args);
      started.add(serve);
      writePids();
      serve.awaitReady(Duration.ofSeconds(120));
      return serve;
    });

    int reconcilerHttp = FreePorts.find(false);
    progress.step("dnsguard run (reconciler → PowerDNS)", () -> {
      List<String> args = new ArrayList<>(List.of("run", "--http-port", Integer.toString(reconcilerHttp),
          "--policy-name", "default", "--no-leader-election"));
      args.addAll(provider);
      // As the launcher starts it (the chart's reconciler.javaOptions, and compact headers on JDK 25+: Reconciler.javaOptions);
      // the user's own JDK_JAVA_OPTIONS come after and win.
      Map<String, String> runEnv = new HashMap<>(env);
      String user = System.getenv().getOrDefault("JDK_JAVA_OPTIONS", "");
      runEnv.put("JDK_JAVA_OPTIONS",
          (String.join(" ", Reconciler.javaOptions(Runtime.version().feature(), user)) + " " + user).strip());
      ChildProcess run = ChildProcess.start("run", dir, reconcilerHttp, runEnv, args);
      started.add(run);
      writePids();
      run.awaitReady(Duration.ofSeconds(120));
      return run;
    });

    List<Outcome> outcomes = progress.step("apply examples/ (" + examples.size() + " files)", () -> apply(client, objects));
    for (Outcome outcome : outcomes) {
      progress.detail((outcome.admitted() ? "admitted  " : "REFUSED   ") + outcome.object()
          + (outcome.admitted() ? "" : "\n                " + outcome.message()));
    }

    List<String> expected = expectedNames(outcomes, objects);
    DnsQuery dns = new DnsQuery(pdns.dnsPort());
    Map<String, List<String>> served = progress.step("DNS answers served by PowerDNS", () -> awaitAnswers(dns, expected));
    TxtRecordCodec codec = TxtRecordCodec.plain();
    for (Map.Entry<String, List<String>> answer : served.entrySet()) {
      String owner = dns.answers("_externaldns.a-" + answer.getKey(), "TXT").stream()
          .map(codec::decode)
          .map(decoded -> decoded instanceof DecodedTxt.Owned owned
              ? owned.ownerId() + " (" + owned.resource() + ")" : "(not an ownership record)")
          .findFirst().orElse("(none)");
      progress.detail(String.format("%-22s A    %-14s owner %s", answer.getKey(), String.join(",", answer.getValue()),
          owner));
    }
    for (String foreign : List.of("billing.example.com", "legacy.example.com")) {
      progress.detail(String.format("%-22s A    %-14s untouched (not ours)", foreign,
          String.join(",", dns.answers(foreign, "A"))));
    }
    out.println();
    out.printf("ready in %.1f s%n", (System.nanoTime() - start) / 1e9);
    out.println("  export KUBECONFIG=" + kubeconfig);
    out.println("  kubectl is " + kube.testbin().kubectl());
    out.println("  dig @127.0.0.1 -p " + pdns.dnsPort() + " shop.example.com A");

    return verify(outcomes, served, dns);
  }

  private List<Path> examples() throws IOException, SandboxException {
    Path examples = home.resolve("examples");
    if (!Files.isDirectory(examples)) {
      throw new SandboxException("no examples/ directory in " + home);
    }
    try (Stream<Path> files = Files.list(examples)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  private List<Path> crds() throws IOException {
    try (Stream<Path> files = Files.list(home.resolve("chart/crds"))) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  private static List<HasMetadata> load(KubernetesClient client, List<Path> files) throws IOException {
    List<HasMetadata> objects = new ArrayList<>();
    for (Path file : files) {
      try (InputStream in = Files.newInputStream(file)) {
        objects.addAll(client.load(in).items());
      }
    }
    return objects;
  }

  /** Registered as the chart registers it; the webhook injects its own CA into it. */
  private static void registerWebhook(KubernetesClient client, int port) {
    client.resource(WebhookRegistration.forUrl(WEBHOOK_CONFIG, "https://127.0.0.1:" + port + "/validate", null,
        new LabelSelectorBuilder().addToMatchExpressions(new LabelSelectorRequirementBuilder()
            .withKey("kubernetes.io/metadata.name").withOperator("NotIn")
            .withValues("kube-system", SYSTEM_NAMESPACE).build()).build(),
        "Fail", 10)).create();
  }

  private static List<Outcome> apply(KubernetesClient client, List<HasMetadata> objects) throws Exception {
    List<Outcome> outcomes = new ArrayList<>();
    GatewayStandIn gateways = new GatewayStandIn(client);
    for (HasMetadata object : objects) {
      if (object instanceof Namespace || "DNSPolicy".equals(object.getKind())) {
        continue;
      }
      String name = object.getKind() + " " + object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
      try {
        gateways.created(client.resource(object).create());
        outcomes.add(new Outcome(name, true, ""));
      } catch (KubernetesClientException e) {
        String message = e.getStatus() != null && e.getStatus().getMessage() != null
            ? e.getStatus().getMessage() : String.valueOf(e.getMessage());
        outcomes.add(new Outcome(name, false, message));
      }
    }
    return outcomes;
  }

  /** The hostnames of admitted routes and annotated services: what must end up in DNS. */
  private static List<String> expectedNames(List<Outcome> outcomes, List<HasMetadata> objects) {
    List<String> names = new ArrayList<>();
    for (HasMetadata object : objects) {
      String name = object.getKind() + " " + object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
      boolean admitted = outcomes.stream().anyMatch(o -> o.object().equals(name) && o.admitted());
      if (!admitted) {
        continue;
      }
      if (object instanceof HTTPRoute route) {
        names.addAll(route.getSpec().getHostnames() == null ? List.of() : route.getSpec().getHostnames());
      } else if (object.getMetadata().getAnnotations() != null) {
        String hostname = object.getMetadata().getAnnotations().get("external-dns.alpha.kubernetes.io/hostname");
        if (hostname != null) {
          names.add(hostname.trim());
        }
      }
    }
    return names;
  }

  private static Map<String, List<String>> awaitAnswers(DnsQuery dns, List<String> names) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Map<String, List<String>> served = new LinkedHashMap<>();
    while (System.nanoTime() < deadline) {
      served.clear();
      for (String name : names) {
        List<String> answers = dns.answers(name, "A");
        if (!answers.isEmpty()) {
          served.put(name, answers);
        }
      }
      if (served.size() == names.size()) {
        return served;
      }
      Thread.sleep(100);
    }
    throw new SandboxException("PowerDNS does not answer for " + names.stream().filter(n -> !served.containsKey(n)).toList()
        + " after 60 s; see run.log in the sandbox directory");
  }

  /** The checks of {@code --once}: the story went as examples/README.md tells it. */
  private boolean verify(List<Outcome> outcomes, Map<String, List<String>> served, DnsQuery dns) {
    List<String> failures = new ArrayList<>();
    boolean conflictRefused = outcomes.stream().anyMatch(o -> !o.admitted() && o.message().contains("already claimed by"));
    boolean foreignRefused = outcomes.stream().anyMatch(o -> !o.admitted() && o.message().contains("region-2"));
    boolean inheritedRefused = outcomes.stream().anyMatch(o -> !o.admitted() && o.object().equals("HTTPRoute team-b/storefront")
        && o.message().contains("\"shop.example.com\" is already claimed by HTTPRoute team-a/shop"));
    boolean ownGatewayAdmitted = outcomes.stream().anyMatch(o -> o.admitted() && o.object().equals("Gateway team-b/own"));
    if (!inheritedRefused || !ownGatewayAdmitted) {
      failures.add("team-b's hostname-less route on its own Gateway's shop.example.com listener was not refused"
          + " (or its Gateway was not admitted)");
    }
    if (!conflictRefused) {
      failures.add("the conflicting HTTPRoute was not refused with \"already claimed by\"");
    }
    if (!foreignRefused) {
      failures.add("the name owned by external-dns owner region-2 was not refused");
    }
    if (!List.of("198.51.100.10").equals(dns.answers("billing.example.com", "A"))
        || !List.of("198.51.100.12").equals(dns.answers("legacy.example.com", "A"))) {
      failures.add("records that are not ours were changed");
    }
    if (served.isEmpty()) {
      failures.add("no record was served");
    }
    failures.forEach(f -> out.println("check failed: " + f));
    return failures.isEmpty();
  }

  /** Every process this sandbox started, for {@code ./dnsguard down}. */
  void writePids() throws IOException {
    List<String> pids = new ArrayList<>();
    pids.add(Long.toString(ProcessHandle.current().pid()));
    ProcessHandle.current().descendants().forEach(p -> pids.add(Long.toString(p.pid())));
    Files.write(dir.resolve("pids"), pids);
  }

  @Override
  public void close() {
    for (AutoCloseable part : started.reversed()) {
      try {
        part.close();
      } catch (Exception e) {
        out.println("stopping " + part.getClass().getSimpleName() + ": " + e.getMessage());
      }
    }
    started.clear();
  }
}
