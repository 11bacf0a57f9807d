package io.openova.dnsguard.policies.plan;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.registry.TxtFormat;
import io.openova.dnsguard.policies.registry.TxtNameMapper;
import io.openova.dnsguard.policies.registry.TxtRecordCodec;
import java.util.Collection;
import java.util.List;

/** Record sets, ownership records and a planner that checks its invariants on every plan. */
final class Fixtures {

  static final Hostname ZONE = Hostname.of("example.com");
  static final String ME = "cluster-1";
  static final TxtNameMapper MAPPER = new TxtNameMapper("_externaldns.", "", "");
  static final Ownership OURS = new Ownership(ME, MAPPER, TxtFormat.NEW, TxtRecordCodec.plain());

  private Fixtures() {}

  static RecordSet a(String name, String... ips) {
    return RecordSet.of(name, RecordType.A, 300, ips);
  }

  static RecordSet aaaa(String name, String... ips) {
    return RecordSet.of(name, RecordType.AAAA, 300, ips);
  }

  static RecordSet cname(String name, String target) {
    return RecordSet.of(name, RecordType.CNAME, 300, target);
  }

  static RecordSet set(String name, RecordType type, String... values) {
    return RecordSet.of(name, type, 300, values);
  }

  static Desired want(RecordSet set, String resource) {
    return new Desired(set, resource);
  }

  static Desired want(RecordSet set) {
    return new Desired(set, "httproute/team-a/web");
  }

  /** The new-format ownership record for {@code name}/{@code type} naming {@code owner}. */
  static RecordSet txt(String owner, String name, RecordType type, String resource) {
    return txtAt(MAPPER.toTxtName(Hostname.of(name), type, TxtFormat.NEW), owner, resource);
  }

  static RecordSet txt(String owner, String name, RecordType type) {
    return txt(owner, name, type, "httproute/team-a/web");
  }

  /** The old-format (type-less) ownership record. */
  static RecordSet oldTxt(String owner, String name) {
    return txtAt(MAPPER.toTxtName(Hostname.of(name), RecordType.A, TxtFormat.OLD), owner, "httproute/team-a/web");
  }

  static RecordSet txtAt(String txtName, String owner, String resource) {
    String content = "heritage=external-dns,external-dns/owner=" + owner
        + (resource.isEmpty() ? "" : ",external-dns/resource=" + resource);
    return RecordSet.of(txtName, RecordType.TXT, 300, content);
  }

  /** Plans and checks the invariants; every planner test goes through here. */
  static Plan plan(Ownership ownership, Collection<Desired> desired, Collection<RecordSet> current) {
    Plan plan = new Planner(ownership).plan(ZONE, desired, current);
    PlanInvariants.check(plan, current, ownership);
    for (SyncMode mode : SyncMode.values()) {
      PlanInvariants.check(mode.apply(plan), current, ownership);
    }
    return plan;
  }

  static Plan plan(Collection<Desired> desired, Collection<RecordSet> current) {
    return plan(OURS, desired, current);
  }

  static List<String> lines(Plan plan) {
    return plan.changes().stream().map(Change::toString).toList();
  }
}
