package io.openova.dnsguard.policies.plan;

import static io.openova.dnsguard.policies.plan.Fixtures.ME;
import static io.openova.dnsguard.policies.plan.Fixtures.ZONE;
import static org.assertj.core.api.Assertions.assertThat;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.registry.TxtFormat;
import io.openova.dnsguard.policies.registry.TxtNameMapper;
import io.openova.dnsguard.policies.registry.TxtRecordCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Random zones mixing ours, theirs, unowned and unmanaged sets, against random desired sets. */
class PlannerPropertiesTest {

  private static final List<String> NAMES = List.of("a", "b", "c", "d", "e", "example.com");
  private static final List<RecordType> TYPES = List.of(RecordType.A, RecordType.AAAA, RecordType.CNAME);

  /** How a (name, type) is held in the generated zone. */
  enum Holder { NOBODY, US_NEW, US_OLD, OTHER_NEW, OTHER_OLD, UNOWNED, LUA, MX, SPF }

  record Slot(int name, int type, Holder holder, int value) {}

  record Want(int name, int type, int value, int resource) {}

  record Case(List<Slot> slots, List<Want> wants, boolean prefix, TxtFormat format) {}

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<Slot> slot = Combinators.combine(Arbitraries.integers().between(0, NAMES.size() - 1),
        Arbitraries.integers().between(0, 2), Arbitraries.of(Holder.class), Arbitraries.integers().between(1, 3))
        .as(Slot::new);
    Arbitrary<Want> want = Combinators.combine(Arbitraries.integers().between(0, NAMES.size() - 1),
        Arbitraries.integers().between(0, 2), Arbitraries.integers().between(1, 3), Arbitraries.integers().between(0, 2))
        .as(Want::new);
    return Combinators.combine(slot.list().ofMaxSize(10), want.list().ofMaxSize(8), Arbitraries.of(true, false),
        Arbitraries.of(TxtFormat.class)).as(Case::new);
  }

  @Property(tries = 400)
  void plan_randomZone_keepsInvariantsInEveryMode(@ForAll("cases") Case c) {
    Ownership ownership = ownership(c);
    List<RecordSet> zone = zone(c, ownership);

    Plan plan = new Planner(ownership).plan(ZONE, desired(c), zone);

    for (SyncMode mode : SyncMode.values()) {
      PlanInvariants.check(mode.apply(plan), zone, ownership);
    }
  }

  @Property(tries = 400)
  void plan_appliedThenPlannedAgain_isEmpty(@ForAll("cases") Case c) {
    Ownership ownership = ownership(c);
    List<RecordSet> zone = zone(c, ownership);
    Planner planner = new Planner(ownership);

    Plan first = planner.plan(ZONE, desired(c), zone);
    Plan second = planner.plan(ZONE, desired(c), applied(zone, first));

    assertThat(second.changes()).as(first.describe()).isEmpty();
    assertThat(second.conflicts()).hasSameSizeAs(first.conflicts());
  }

  @Property(tries = 200)
  void plan_neverChangesWhatIsNotOurs(@ForAll("cases") Case c) {
    Ownership ownership = ownership(c);
    List<RecordSet> zone = zone(c, ownership);

    Plan plan = new Planner(ownership).plan(ZONE, desired(c), zone);

    List<RecordSet> after = applied(zone, plan);
    for (RecordSet set : zone) {
      boolean untouchable = !Desired.MANAGED_TYPES.contains(set.type()) && !(set.type() == RecordType.TXT
          && set.values().stream().allMatch(v -> v.contains("owner=" + ME)));
      if (untouchable) {
        assertThat(after).as(plan.describe()).contains(set);
      }
    }
  }

  private static Ownership ownership(Case c) {
    return new Ownership(ME, new TxtNameMapper(c.prefix() ? "_externaldns." : "", "", ""), c.format(), TxtRecordCodec.plain());
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
        case NOBODY -> {}
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
      if (!set.name().isWithin(ZONE)) {
        continue; // a zone listing never holds another zone's records
      }
      sets.putIfAbsent(set.key(), set);
    }
  }

  private static RecordSet txt(Ownership ownership, Hostname name, RecordType type, TxtFormat format, String owner) {
    return RecordSet.of(Hostname.of(ownership.names().toTxtName(name, type, format)), RecordType.TXT, 300,
        List.of("heritage=external-dns,external-dns/owner=" + owner + ",external-dns/resource=crd/ns/x"));
  }

  private static List<Desired> desired(Case c) {
    return c.wants().stream()
        .map(w -> new Desired(record(host(w.name()), TYPES.get(w.type()), w.value()), "crd/ns/r" + w.resource()))
        .toList();
  }

  private static List<RecordSet> applied(List<RecordSet> zone, Plan plan) {
    Map<RrsetKey, RecordSet> sets = new HashMap<>();
    zone.forEach(s -> sets.put(s.key(), s));
    for (Change change : plan.changes()) {
      switch (change) {
        case Change.Create create -> sets.put(create.key(), create.set());
        case Change.Update update -> sets.put(update.key(), update.after());
        case Change.Delete delete -> sets.remove(delete.key());
      }
    }
    return new ArrayList<>(sets.values());
  }
}
