package io.openova.dnsguard.reconciler.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.plan.ChangeGroup;
import io.openova.dnsguard.policies.plan.Conflict;
import io.openova.dnsguard.policies.plan.Desired;
import io.openova.dnsguard.policies.plan.Ownership;
import io.openova.dnsguard.policies.plan.Plan;
import io.openova.dnsguard.policies.plan.PlanInvariants;
import io.openova.dnsguard.policies.plan.Planner;
import io.openova.dnsguard.policies.plan.RecordSet;
import io.openova.dnsguard.policies.plan.RrsetKey;
import io.openova.dnsguard.policies.plan.SyncMode;
import io.openova.dnsguard.policies.registry.TxtFormat;
import io.openova.dnsguard.policies.registry.TxtNameMapper;
import io.openova.dnsguard.policies.registry.TxtRecordCodec;
import io.openova.dnsguard.provider.Zone;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A zone planned in parts of a few names (1, 2, 4, ..., as a sync's parts grow) is the zone planned
 * whole: the same change groups (each name's records and ownership TXT in one group, in exactly one
 * part), the same conflicts, and
 * each part safe against the sets it was planned on; and a plan the safety check refuses whole
 * (the registry's own ambiguities: without a prefix, or "a-b" beside "b", one TXT name has two
 * readings) has a part refused — for random zones holding our records, another
 * owner's, unowned ones, LUA, MX and plain TXT, with and without a TXT prefix (without one, an
 * ownership record's name can be another endpoint's name), in either TXT format and every sync mode.
 */
class ZonePartsTest {
  private static final Hostname ZONE = Hostname.of("example.com");
  private static final Zone REF = new Zone("example.com.", ZONE);
  private static final String ME = "cluster-1";
  private static final List<String> NAMES = List.of("a", "b", "a-b", "cname-c", "c", "d", "e", "example.com");
  private static final List<RecordType> TYPES = List.of(RecordType.A, RecordType.AAAA, RecordType.CNAME);

  enum Holder { US_NEW, US_OLD, OTHER_NEW, OTHER_OLD, UNOWNED, LUA, MX, SPF }

  record Slot(int name, int type, Holder holder, int value) {}

  record Want(int name, int type, int value, int resource) {}

  record Case(List<Slot> slots, List<Want> wants, boolean prefix, TxtFormat format, SyncMode mode, int partNames) {}

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<Slot> slot = Combinators.combine(Arbitraries.integers().between(0, NAMES.size() - 1),
        Arbitraries.integers().between(0, 2), Arbitraries.of(Holder.class), Arbitraries.integers().between(1, 3))
        .as(Slot::new);
    Arbitrary<Want> want = Combinators.combine(Arbitraries.integers().between(0, NAMES.size() - 1),
        Arbitraries.integers().between(0, 2), Arbitraries.integers().between(1, 3), Arbitraries.integers().between(0, 2))
        .as(Want::new);
    return Combinators.combine(slot.list().ofMaxSize(12), want.list().ofMaxSize(10), Arbitraries.of(true, false),
        Arbitraries.of(TxtFormat.class), Arbitraries.of(SyncMode.class), Arbitraries.integers().between(1, 4))
        .as(Case::new);
  }

  @Property(tries = 600)
  void parts_together_areTheWholePlan_andEachIsSafe(@ForAll("cases") Case c) {
    Ownership ownership = new Ownership(ME, new TxtNameMapper(c.prefix() ? "_externaldns." : "", "", ""), c.format(),
        TxtRecordCodec.plain());
    List<RecordSet> zone = zone(c, ownership);
    List<Desired> desired = c.wants().stream()
        .map(w -> new Desired(record(host(w.name()), TYPES.get(w.type()), w.value()), "crd/ns/r" + w.resource()))
        .toList();
    Plan whole = c.mode().apply(new Planner(ownership).plan(ZONE, desired, zone));
    boolean wholeSafe = PlanInvariants.violations(whole, zone, ownership).isEmpty();

    ZoneParts parts = new ZoneParts(REF, zone, desired, ownership, c.mode(), new PartSizes(1, c.partNames()));
    List<ChangeGroup> groups = new ArrayList<>();
    List<Conflict> conflicts = new ArrayList<>();
    Set<Hostname> planned = new HashSet<>();
    Set<RrsetKey> changed = new HashSet<>();
    boolean partsRefused = false; // as PartWriter refuses a part: the invariants, or a set an earlier part changed
    while (parts.hasNext()) {
      ZonePlan part = parts.next();
      partsRefused |= !PlanInvariants.violations(part.plan(), part.current(), ownership).isEmpty();
      for (ChangeGroup group : part.plan().groups()) {
        assertThat(planned.add(group.name())).as(group.name() + " planned in two parts").isTrue();
        for (var change : group.changes()) {
          partsRefused |= !changed.add(change.key());
        }
      }
      groups.addAll(part.plan().groups());
      conflicts.addAll(part.plan().conflicts());
    }

    if (!wholeSafe) {
      assertThat(partsRefused).as("a plan refused whole is refused in its parts: " + whole.describe()).isTrue();
      return;
    }
    assertThat(partsRefused).as("no part of a safe plan refused").isFalse();
    assertThat(groups).as(whole.describe()).containsExactlyInAnyOrderElementsOf(whole.groups());
    // the same refusals; the message may cite another of the name's foreign ownership records
    assertThat(conflicts.stream().map(ZonePartsTest::refusal).toList())
        .containsExactlyInAnyOrderElementsOf(whole.conflicts().stream().map(ZonePartsTest::refusal).toList());
  }

  private static List<Object> refusal(Conflict conflict) {
    return List.of(conflict.name(), conflict.type(), conflict.resource(), conflict.reason());
  }

  private static Hostname host(int index) {
    String name = NAMES.get(index);
    return Hostname.of(name.contains(".") ? name : name + ".example.com");
  }

  private static RecordSet record(Hostname name, RecordType type, int value) {
    return switch (type) {
      case A -> RecordSet.of(name, type, 300, List.of("192.0.2." + value));
      case AAAA -> RecordSet.of(name, type, 300, List.of("2001:db8::" + value));
      case CNAME -> RecordSet.of(name, type, 300, List.of("lb" + value + ".example.net"));
      default -> throw new IllegalArgumentException(type.name());
    };
  }

  private static List<RecordSet> zone(Case c, Ownership ownership) {
    Map<RrsetKey, RecordSet> sets = new HashMap<>();
    for (Slot slot : c.slots()) {
      Hostname name = host(slot.name());
      RecordType type = TYPES.get(slot.type());
      RecordSet record = record(name, type, slot.value());
      switch (slot.holder()) {
        case US_NEW -> put(sets, record, txt(ownership, name, type, TxtFormat.NEW, ME));
        case US_OLD -> put(sets, record, txt(ownership, name, type, TxtFormat.OLD, ME));
        case OTHER_NEW -> put(sets, record, txt(ownership, name, type, TxtFormat.NEW, "region-2"));
        case OTHER_OLD -> put(sets, record, txt(ownership, name, type, TxtFormat.OLD, "region-2"));
        case UNOWNED -> put(sets, record);
        case LUA -> put(sets, RecordSet.of(name, RecordType.LUA, 300, List.of("A \"ifportup(443, {'192.0.2.1'})\"")));
        case MX -> put(sets, RecordSet.of(name, RecordType.MX, 300, List.of("10 mx.example.net.")));
        case SPF -> put(sets, RecordSet.of(name, RecordType.TXT, 300, List.of("v=spf1 -all")));
      }
    }
    return new ArrayList<>(sets.values());
  }

  private static void put(Map<RrsetKey, RecordSet> sets, RecordSet... add) {
    for (RecordSet set : add) {
      if (set.name().isWithin(ZONE)) {
        sets.putIfAbsent(set.key(), set);
      }
    }
  }

  private static RecordSet txt(Ownership ownership, Hostname name, RecordType type, TxtFormat format, String owner) {
    return RecordSet.of(Hostname.of(ownership.names().toTxtName(name, type, format)), RecordType.TXT, 300,
        List.of("heritage=external-dns,external-dns/owner=" + owner + ",external-dns/resource=crd/ns/x"));
  }
}
