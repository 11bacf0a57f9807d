package io.openova.dnsguard.cli;

import io.openova.dnsguard.policies.plan.Change;
import io.openova.dnsguard.policies.plan.Conflict;
import io.openova.dnsguard.policies.plan.RecordSet;
import io.openova.dnsguard.reconciler.Reconciler;
import io.openova.dnsguard.reconciler.loop.Decisions;
import io.openova.dnsguard.reconciler.loop.Preview;
import io.openova.dnsguard.reconciler.loop.ZonePlan;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code dnsguard plan}: the changes one sync would make, per zone, computed from the same inputs
 * as {@code run} (cluster objects, policy, provider, sync mode, domain filter) and written nowhere.
 * Objects the policy denies are listed too. Exit 0 when the plan was computed; 1 when the cluster
 * or the provider could not be read; 2 for bad usage.
 */
final class PlanCommand {

  static final String USAGE = """
      usage: dnsguard plan (--policy-file FILE | --policy-name DNSPOLICY) --provider powerdns ...
                           [--sync-mode sync|upsert-only|create-only] [--domain-filter DOMAIN]...
                           [--source crd|service|ingress|gateway-httproute|gateway-grpcroute|gateway-tlsroute|
                                     gateway-tcproute|gateway-udproute]... (default: all)
                           [--output text|json] [--cache-sync-timeout 10m] [--kube-request-timeout 2m]
                           [--txt-encrypt-aes-key-file FILE] (or DNSGUARD_TXT_ENCRYPT_AES_KEY)""";

  enum Output { TEXT, JSON }

  static final Command COMMAND = ParsedCommand.cluster("plan", USAGE,
      ParsedCommand.Options.of(Reconciler.PLAN_OPTIONS, Reconciler.REPEATABLE, Reconciler.PLAN_FLAGS),
      (arguments, out) -> {
        Output output = arguments.choice("--output", Output.class, Output.TEXT);
        Preview preview = Reconciler.preview(arguments, System.getenv());
        out.print(output == Output.JSON ? json(preview) : text(preview));
        return 0;
      });

  private PlanCommand() {}

  static String text(Preview preview) {
    StringBuilder out = new StringBuilder();
    for (Decisions.Denied denied : preview.decisions().denied()) {
      out.append("DENIED ").append(denied.ref().display()).append(": ").append(denied.deny().message()).append('\n');
    }
    for (ZonePlan plan : preview.plans()) {
      out.append(plan.plan().describe());
    }
    return out.toString();
  }

  static String json(Preview preview) {
    JsonMapper json = JsonMapper.builder().build();
    ObjectNode root = json.createObjectNode();
    ArrayNode denied = root.putArray("denied");
    for (Decisions.Denied d : preview.decisions().denied()) {
      denied.addObject().put("object", d.ref().display()).put("code", d.deny().code().name())
          .put("message", d.deny().message());
    }
    ArrayNode zones = root.putArray("zones");
    for (ZonePlan plan : preview.plans()) {
      ObjectNode zone = zones.addObject().put("zone", plan.zone().name().value());
      ArrayNode changes = zone.putArray("changes");
      for (Change change : plan.plan().changes()) {
        ObjectNode c = changes.addObject();
        switch (change) {
          case Change.Create create -> set(c.put("change", "create").putObject("set"), create.set());
          case Change.Update update -> {
            c.put("change", "update");
            set(c.putObject("before"), update.before());
            set(c.putObject("set"), update.after());
          }
          case Change.Delete delete -> set(c.put("change", "delete").putObject("set"), delete.set());
        }
      }
      ArrayNode conflicts = zone.putArray("conflicts");
      for (Conflict conflict : plan.plan().conflicts()) {
        conflicts.addObject().put("name", conflict.name().value()).put("type", conflict.type().name())
            .put("resource", conflict.resource()).put("reason", conflict.reason().name())
            .put("message", conflict.message());
      }
    }
    return json.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
  }

  private static void set(ObjectNode node, RecordSet set) {
    node.put("name", set.name().value()).put("type", set.type().name()).put("ttl", set.ttl());
    ArrayNode values = node.putArray("values");
    set.values().forEach(values::add);
  }
}
