package io.openova.dnsguard.reconciler.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.plan.Change;
import io.openova.dnsguard.policies.plan.ChangeGroup;
import io.openova.dnsguard.policies.plan.Plan;
import io.openova.dnsguard.policies.plan.RecordSet;
import io.openova.dnsguard.policies.registry.TxtNameMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The zone as {@link CachedZone} holds it flat reads back exactly the record sets it was given and
 * written: compared with a plain map of the sets themselves, after a read and after each plan.
 */
class CachedZoneTest {
  private static final List<String> NAMES = List.of("example.org", "a.example.org", "b.example.org",
      "_externaldns.a-a.example.org", "_externaldns.a.example.org", "_externaldns.mx-a.example.org",
      "_externaldns.txt-a.example.org", "*.w.example.org", "xn--bcher-kva.example.org",
      "other.net", "example.org.other.net");
  private static final Hostname ZONE = Hostname.of("example.org");
  private static final TxtNameMapper MAPPER = new TxtNameMapper("_externaldns.", "", "");

  @Property(tries = 300)
  void readsBackWhatItWasGivenAndWritten(@ForAll("zones") List<RecordSet> read, @ForAll("plans") List<List<RecordSet>> plans,
      @ForAll("deletions") List<Set<Integer>> deletions, @ForAll boolean keyedUnderZone) {
    CachedZone zone = keyedUnderZone ? new CachedZone(ZONE, read) : new CachedZone(read);
    Map<String, List<RecordSet>> expected = new LinkedHashMap<>();
    read.forEach(set -> expected.computeIfAbsent(set.name().value(), n -> new ArrayList<>()).add(set));
    assertSame(zone, expected);
    for (int p = 0; p < plans.size(); p++) {
      List<ChangeGroup> groups = new ArrayList<>();
      List<RecordSet> writes = plans.get(p);
      Set<Integer> deleted = deletions.get(p % deletions.size());
      for (int i = 0; i < writes.size(); i++) {
        RecordSet set = writes.get(i);
        List<RecordSet> at = expected.computeIfAbsent(set.name().value(), n -> new ArrayList<>());
        RecordSet before = at.stream().filter(s -> s.type() == set.type()).findFirst().orElse(null);
        Change change;
        if (deleted.contains(i) && before != null) {
          change = new Change.Delete(before);
          at.removeIf(s -> s.type() == set.type());
        } else {
          change = before == null ? new Change.Create(set)
              : before.equals(set) ? new Change.Update(set.withTtl(set.ttl() == 0 ? 1 : 0), set)
              : new Change.Update(before, set);
          at.removeIf(s -> s.type() == set.type());
          at.add(set);
        }
        if (at.isEmpty()) {
          expected.remove(set.name().value());
        }
        groups.add(new ChangeGroup(set.name(), List.of(change)));
      }
      zone.apply(new Plan(Hostname.of("example.org"), groups, List.of()));
      assertSame(zone, expected);
    }
  }

  @Property(tries = 100)
  void manyNamesWrittenAndDeletedInAnyOrder(@ForAll("indexes") List<Integer> created, @ForAll("indexes") List<Integer> deleted) {
    CachedZone zone = new CachedZone(ZONE, List.of());
    Map<String, RecordSet> expected = new LinkedHashMap<>();
    for (int n : created) {
      RecordSet set = RecordSet.of("n" + n + ".example.org", RecordType.A, 300, "10.0." + n / 250 + "." + n % 250);
      expected.put(set.name().value(), set);
      zone.apply(plan(new Change.Create(set)));
    }
    for (int n : deleted) {
      RecordSet set = expected.remove("n" + n + ".example.org");
      if (set != null) {
        zone.apply(plan(new Change.Delete(set)));
      }
      assertThat(zone.size()).isEqualTo(expected.size());
    }
    assertThat(zone.all()).containsExactlyInAnyOrderElementsOf(expected.values());
    for (int n = 0; n < 400; n++) {
      Hostname name = Hostname.of("n" + n + ".example.org");
      assertThat(zone.deciding(List.of(name), MAPPER))
          .containsExactlyInAnyOrderElementsOf(expected.containsKey(name.value()) ? List.of(expected.get(name.value())) : List.of());
    }
  }

  private static Plan plan(Change change) {
    return new Plan(Hostname.of("example.org"), List.of(new ChangeGroup(change.name(), List.of(change))), List.of());
  }

  @Provide
  Arbitrary<List<Integer>> indexes() {
    return Arbitraries.integers().between(0, 399).list().ofMaxSize(600);
  }

  @Property(tries = 100)
  void differencesAreTheNamesWhoseSetsDiffer(@ForAll("zones") List<RecordSet> one, @ForAll("zones") List<RecordSet> other) {
    Set<Hostname> differ = new HashSet<>();
    new CachedZone(ZONE, one).differences(new CachedZone(ZONE, other), differ::add);
    Set<Hostname> expected = new HashSet<>();
    for (String name : NAMES) {
      Set<RecordSet> left = new HashSet<>(one.stream().filter(s -> s.name().value().equals(name)).toList());
      Set<RecordSet> right = new HashSet<>(other.stream().filter(s -> s.name().value().equals(name)).toList());
      if (!left.equals(right)) {
        expected.add(Hostname.of(name));
      }
    }
    assertThat(differ).isEqualTo(expected);
  }

  private static void assertSame(CachedZone zone, Map<String, List<RecordSet>> expected) {
    List<RecordSet> all = expected.values().stream().flatMap(List::stream).toList();
    assertThat(zone.all()).containsExactlyInAnyOrderElementsOf(all);
    assertThat(zone.size()).isEqualTo(all.size());
    Set<RecordSet> decidingAny = new HashSet<>();
    for (String name : NAMES) {
      Hostname hostname = Hostname.of(name);
      List<RecordSet> deciding = all.stream().filter(set -> set.name().equals(hostname)
          || MAPPER.toEndpoint(set.name().value()).map(o -> o.endpoint().equals(hostname)).orElse(false)).toList();
      assertThat(zone.deciding(List.of(hostname), MAPPER)).containsExactlyInAnyOrderElementsOf(deciding);
      decidingAny.addAll(deciding);
    }
    // Many names at once, some twice, a set deciding two of them (an ownership record that is a name too): each set once.
    List<Hostname> twice = Stream.concat(NAMES.stream(), NAMES.stream()).map(Hostname::of).toList();
    assertThat(zone.deciding(twice, MAPPER)).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(decidingAny);
  }

  @Provide
  Arbitrary<List<RecordSet>> zones() {
    // A read holds one set per name and type, except types dnsguard does not know (OTHER).
    return sets().list().ofMaxSize(12).map(sets -> {
      Map<String, RecordSet> one = new LinkedHashMap<>();
      sets.forEach(set -> one.putIfAbsent(set.type() == RecordType.OTHER ? set.toString() : set.key().toString(), set));
      return List.copyOf(one.values());
    });
  }

  @Provide
  Arbitrary<List<List<RecordSet>>> plans() {
    return sets().filter(set -> set.type() != RecordType.OTHER).list().ofMinSize(1).ofMaxSize(8)
        .map(sets -> { // a plan changes each (name, type) once
          Map<String, RecordSet> one = new LinkedHashMap<>();
          sets.forEach(set -> one.putIfAbsent(set.key().toString(), set));
          return List.copyOf(one.values());
        }).list().ofMaxSize(5);
  }

  @Provide
  Arbitrary<List<Set<Integer>>> deletions() {
    return Arbitraries.integers().between(0, 7).set().ofMaxSize(4).list().ofMinSize(1).ofMaxSize(5);
  }

  private static Arbitrary<RecordSet> sets() {
    Arbitrary<String> name = Arbitraries.of(NAMES);
    Arbitrary<Long> ttl = Arbitraries.oneOf(Arbitraries.of(0L, 300L, RecordSet.MAX_TTL), Arbitraries.longs().between(0, RecordSet.MAX_TTL));
    Arbitrary<Map<String, String>> properties = Arbitraries.of(Map.of(), Map.of(), Map.of("proxied", "true"));
    Arbitrary<RecordType> type = Arbitraries.of(RecordType.A, RecordType.AAAA, RecordType.TXT, RecordType.CNAME,
        RecordType.MX, RecordType.OTHER);
    return Combinators.combine(name, type, ttl, properties, Arbitraries.integers().between(1, 3), Arbitraries.longs())
        .as((n, t, l, props, count, seed) -> {
          List<String> values = new ArrayList<>();
          for (int i = 0; i < (t == RecordType.CNAME ? 1 : count); i++) {
            long v = seed + i * 7919L;
            values.add(switch (t) {
              case A -> (v >>> 24 & 0xff) + "." + (v >>> 16 & 0xff) + "." + (v >>> 8 & 0xff) + "." + (v & 0xff);
              case AAAA -> "2001:DB8::" + Long.toHexString(v & 0xffff);
              case TXT -> List.of("heritage=external-dns,external-dns/owner=bench", "\"quoted\" text", "ünïcode ✓",
                  "v=" + v).get((int) Math.floorMod(v, 4L));
              case CNAME -> "Target" + Math.floorMod(v, 3L) + ".example.net.";
              default -> "10 mail" + Math.floorMod(v, 3L) + ".example.org.";
            });
          }
          return new RecordSet(Hostname.of(n), t, l, values, props);
        });
  }
}
